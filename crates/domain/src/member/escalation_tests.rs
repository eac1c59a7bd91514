use chrono::NaiveDate;

use super::*;
use crate::ErrorCode;
use crate::auth::Role;

#[test]
fn federations_decide_only_what_a_union_leaves_waiting() {
    assert!(may_decide_transfer(&[Role::Chair], 0));
    assert!(!may_decide_transfer(&[Role::Federation], 6));
    assert!(may_decide_transfer(&[Role::Federation], 7));
    assert!(!may_decide_transfer(&[Role::Treasurer], 30));
}

#[test]
fn only_patterns_with_a_year_restart_yearly() {
    assert!(card_pattern_has_year("HY{YYYY}{SEQ:4}"));
    assert!(card_pattern_has_year("HY{yy}{SEQ:4}"));
    assert!(!card_pattern_has_year("HY{SEQ:6}"));
}

#[test]
fn id_numbers_start_with_a_province_code() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let with_prefix = |p: &str| {
        let body = format!("{p}010519900101123");
        format!("{body}{}", id_check_char(&body).unwrap())
    };
    for p in ["11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65", "71", "81", "82", "83"]
    {
        assert!(parse_id_number(DocType::ResidentId, &with_prefix(p), today).is_ok(), "{p}");
    }
    for p in [
        "00", "10", "16", "20", "24", "30", "38", "40", "47", "49", "55", "60", "66", "70", "72", "80", "84",
        "99",
    ] {
        let e = parse_id_number(DocType::ResidentId, &with_prefix(p), today).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidIdNumber, Some("id_number")), "{p}");
        assert!(e.message.contains(&format!("前两位“{p}”不是省级行政区划代码")), "{}", e.message);
    }
    assert_eq!(PROVINCE_CODES.len(), 35, "34 divisions and the Taiwan residence permit");
}

proptest::proptest! {
    #[test]
    fn only_province_codes_pass(p in 0u32..100) {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let body = format!("{p:02}010519900101123");
        let id = format!("{body}{}", id_check_char(&body).unwrap());
        let ok = parse_id_number(DocType::ResidentId, &id, today).is_ok();
        proptest::prop_assert_eq!(ok, PROVINCE_CODES.contains(&(p as u8)));
    }
}
