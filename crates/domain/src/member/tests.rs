use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};

use super::fields::MAX_FEN;
use super::identity::EARLIEST_BIRTH;
use super::*;
use crate::{DomainError, ErrorCode};
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 21)
}

/// A published example resident ID (a woman born 1949-12-31).
const PUBLISHED: &str = "11010519491231002X";
/// Check characters computed by hand with the GB 11643-1999 weights.
const MAN_1990: &str = "110101199003071233";
const WOMAN_1985: &str = "440304198503022624";

fn id(input: &str) -> Result<IdNumber, DomainError> {
    parse_id_number(DocType::ResidentId, input, today())
}

fn id_err(doc: DocType, input: &str) -> DomainError {
    let e = parse_id_number(doc, input, today()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("id_number"), "{e}");
    e
}

#[test]
fn check_char_matches_the_standard() {
    assert_eq!(id_check_char("11010519491231002"), Some('X'));
    assert_eq!(id_check_char("11010119900307123"), Some('3'));
    assert_eq!(id_check_char("44030419850302262"), Some('4'));
    assert_eq!(id_check_char("1101011990030712"), None);
    assert_eq!(id_check_char("1101011990030712a"), None);
}

#[test]
fn published_id_parses_with_birth_date_and_gender() {
    let v = id(PUBLISHED).unwrap();
    assert_eq!(v.doc_type, DocType::ResidentId);
    assert_eq!(v.value, PUBLISHED);
    assert_eq!(v.birth_date, Some(d(1949, 12, 31)));
    assert_eq!(v.gender, Some(Gender::Female));
    let m = id(MAN_1990).unwrap();
    assert_eq!(m.birth_date, Some(d(1990, 3, 7)));
    assert_eq!(m.gender, Some(Gender::Male));
    assert_eq!(id(WOMAN_1985).unwrap().gender, Some(Gender::Female));
    // A leap day is a real birth date.
    assert_eq!(id("510107200002290512").unwrap().birth_date, Some(d(2000, 2, 29)));
}

#[test]
fn id_accepts_spaces_full_width_and_lower_case_x() {
    for input in [
        " 11010519491231002x ",
        "110105 19491231 002X",
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５\u{3000}１９４９１２３１００２ｘ",
        "'11010519491231002X",
    ] {
        assert_eq!(id(input).unwrap().value, PUBLISHED, "{input}");
    }
}

#[test]
fn excel_mangled_ids_are_explained_not_guessed() {
    for input in ["1.10105E+17", "1.10105e+17", "110105194912310000.0", "4.40304E+17"] {
        let e = id_err(DocType::ResidentId, input);
        assert_eq!(e.code, ErrorCode::InvalidIdNumber);
        assert!(e.message.contains("Excel"), "{}", e.message);
        assert!(e.message.contains("丢失"), "{}", e.message);
        assert!(e.message.contains("文本"), "{}", e.message);
    }
    // Shown in full, the number Excel kept ends in zeros: the check fails
    // and the message mentions Excel too.
    let e = id_err(DocType::ResidentId, "110105194912310000");
    assert!(e.message.contains("校验码") && e.message.contains("Excel"), "{}", e.message);
}

#[test]
fn id_errors_say_exactly_what_is_wrong() {
    let msg = |s: &str| id_err(DocType::ResidentId, s).message;
    assert_eq!(msg("110105491231002"), "身份证号是15位的旧号码，请填写18位的新身份证号");
    assert_eq!(msg("1101051949123100"), "身份证号应为18位，现在是16位");
    assert_eq!(msg("1101051949123100200"), "身份证号应为18位，现在是19位");
    assert_eq!(msg("110105194912O1002X"), "身份证号第13位“O”不是数字");
    assert_eq!(msg("11010519491231002A"), "身份证号第18位（校验码）只能是数字或X，现在是“A”");
    assert!(msg("110105194912310021").contains("校验码不正确"));
    assert_eq!(msg("110105198502300012"), "身份证号第7到14位的出生日期“19850230”不是有效日期");
    assert!(msg("110105189912310012").contains("早于1900年"));
    assert!(msg("110105202712310012").contains("晚于今天"));
    let e = id_err(DocType::ResidentId, "  ");
    assert_eq!((e.code, e.message.as_str()), (ErrorCode::Required, "身份证号不能为空"));
}

#[test]
fn birth_date_bounds_are_inclusive() {
    let first = format!("11010519000101001{}", id_check_char("11010519000101001").unwrap());
    assert_eq!(id(&first).unwrap().birth_date, Some(d(1900, 1, 1)));
    let body = "11010520261121001";
    let born_today = format!("{body}{}", id_check_char(body).unwrap());
    assert_eq!(id(&born_today).unwrap().birth_date, Some(today()));
}

#[test]
fn hmt_permits_need_their_prefix() {
    for (v, gender) in [
        ("810000199001010019", Gender::Male),
        ("820000199212120025", Gender::Female),
        ("830000198010100031", Gender::Male),
    ] {
        let p = parse_id_number(DocType::HmtPermit, v, today()).unwrap();
        assert_eq!(p.value, v);
        assert_eq!(p.gender, Some(gender));
    }
    let e = id_err(DocType::HmtPermit, PUBLISHED);
    assert!(e.message.contains("810000（香港）"), "{}", e.message);
    assert!(e.message.starts_with("港澳台居民居住证号码"));
    assert!(id_err(DocType::HmtPermit, "810000199001010018").message.contains("校验码"));
    assert!(id_err(DocType::HmtPermit, "1.10105E+17").message.contains("Excel"));
}

#[test]
fn passports_are_letters_and_digits() {
    let p = parse_id_number(DocType::Passport, " e 1234 5678 ", today()).unwrap();
    assert_eq!(p.value, "E12345678");
    assert_eq!((p.birth_date, p.gender), (None, None));
    assert!(parse_id_number(DocType::Passport, "K1234", today()).is_ok());
    assert!(id_err(DocType::Passport, "K123").message.contains("5到20位"));
    assert!(id_err(DocType::Passport, &"A".repeat(21)).message.contains("现在是21位"));
    assert_eq!(id_err(DocType::Passport, "E1234-5678").message, "护照号码第6位“-”不是字母或数字");
}

#[test]
fn debug_output_masks_the_number() {
    let shown = format!("{:?}", id(PUBLISHED).unwrap());
    assert!(!shown.contains(PUBLISHED), "{shown}");
    assert!(shown.contains("110***********002X"), "{shown}");
}

#[test]
fn masking_keeps_three_and_four_or_the_last_two() {
    assert_eq!(mask_id("110101199003071234"), "110***********1234");
    assert_eq!(mask_id(PUBLISHED), "110***********002X");
    assert_eq!(mask_id("E12345678"), "E12**5678");
    assert_eq!(mask_id("K1234567"), "******67");
    assert_eq!(mask_id("K1234"), "***34");
    assert_eq!(mask_id(""), "");
    assert_eq!(id_tail(PUBLISHED), "002X");
    assert_eq!(id_tail("11010519491231002x"), "002X");
    assert_eq!(id_tail("ab"), "AB");
}

#[test]
fn doc_type_and_gender_parse_codes_and_chinese() {
    for t in DocType::ALL {
        assert_eq!(DocType::parse(t.as_str()), Some(t));
        assert_eq!(DocType::parse(t.label()), Some(t));
    }
    assert_eq!(DocType::parse(" 身份证 "), Some(DocType::ResidentId));
    assert_eq!(DocType::parse("港澳台居住证"), Some(DocType::HmtPermit));
    assert_eq!(DocType::parse("驾驶证"), None);
    for (s, g) in [("男", Gender::Male), ("male", Gender::Male), ("m", Gender::Male), ("M", Gender::Male)] {
        assert_eq!(Gender::parse(s), Some(g), "{s}");
    }
    for s in ["女", "female", "f", "F", " 女 ", "Female"] {
        assert_eq!(Gender::parse(s), Some(Gender::Female), "{s}");
    }
    assert_eq!(Gender::parse("未知"), None);
    assert_eq!((Gender::Male.label(), Gender::Female.as_str()), ("男", "female"));
}

#[test]
fn typed_gender_and_birth_date_must_agree_with_the_id() {
    let woman = id(PUBLISHED).unwrap();
    assert!(check_matches_id(&woman, Some(Gender::Female), Some(d(1949, 12, 31))).is_ok());
    assert!(check_matches_id(&woman, None, None).is_ok());
    let e = check_matches_id(&woman, Some(Gender::Male), None).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::IdMismatch, Some("gender")));
    assert!(e.message.contains("身份证号显示为女"), "{}", e.message);
    let e = check_matches_id(&woman, None, Some(d(1949, 12, 30))).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("birth_date"));
    assert!(e.message.contains("身份证号显示为1949年12月31日"), "{}", e.message);
    let passport = parse_id_number(DocType::Passport, "E12345678", today()).unwrap();
    assert!(check_matches_id(&passport, Some(Gender::Male), Some(d(1980, 1, 1))).is_ok());
}

#[test]
fn mobiles_are_normalised() {
    for input in [
        "13800138000",
        " 138 0013 8000 ",
        "138-0013-8000",
        "138.0013.8000",
        "(138)00138000",
        "１３８００１３８０００",
        "+86 138 0013 8000",
        "+86-13800138000",
        "008613800138000",
        "8613800138000",
        "（+86）13800138000",
    ] {
        assert_eq!(parse_mobile(input).unwrap(), "13800138000", "{input}");
    }
    assert_eq!(parse_mobile("19912345678").unwrap(), "19912345678");
}

#[test]
fn bad_mobiles_name_the_fault() {
    let err = |s: &str| {
        let e = parse_mobile(s).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("mobile"));
        e
    };
    assert_eq!(err("1380013800").message, "手机号应为11位数字，现在是10位");
    assert_eq!(err("1380013800a").code, ErrorCode::InvalidMobile);
    assert!(err("1380013800a").message.contains("“a”不是数字"));
    assert!(err("12800138000").message.contains("13到19开头"));
    assert!(err("01012345678").message.contains("13到19开头"));
    assert!(err("1.38001E+10").message.contains("Excel"));
    assert_eq!(err(" ").code, ErrorCode::Required);
    // 86 is a country code only in front of a full 11-digit number.
    assert!(err("86138001380").message.contains("13到19开头"));
}

#[test]
fn every_date_format_offices_use() {
    let march2 = Some(d(1985, 3, 2));
    for s in [
        "1985-03-02",
        "1985-3-2",
        "1985/3/2",
        "1985/03/02",
        "1985年3月2日",
        "1985年03月02日",
        "1985年3月2号",
        "19850302",
        "1985.03.02",
        "1985.3.2",
        "1985-03-02 00:00:00",
        "1985-03-02T00:00:00",
        " １９８５－０３－０２ ",
    ] {
        assert_eq!(parse_date_flexible(s), march2, "{s}");
    }
    assert_eq!(parse_date_flexible("2020.9.1"), Some(d(2020, 9, 1)));
    for s in ["1985-03", "1985年3月", "198503", "1985.3", "1985/03"] {
        assert_eq!(parse_date_flexible(s), Some(d(1985, 3, 1)), "{s}");
    }
    for s in [
        "1985-02-30",
        "19850230",
        "1985-13",
        "198513",
        "85-03-02",
        "1985-03/02",
        "1985-003-02",
        "03/02/1985",
        "2023-02-29",
        "",
        "不详",
        "1985",
        "31109",
    ] {
        assert_eq!(parse_date_flexible(s), None, "{s}");
    }
    assert_eq!(parse_date_flexible("2024-02-29"), Some(d(2024, 2, 29)));
}

#[test]
fn money_is_read_in_fen() {
    let fen = |s: &str| parse_money_fen("dues_base", "会费基数", s).unwrap();
    assert_eq!(fen("5000"), Some(500_000));
    assert_eq!(fen("5,000.50"), Some(500_050));
    assert_eq!(fen("５０００"), Some(500_000));
    assert_eq!(fen("5000元"), Some(500_000));
    assert_eq!(fen("￥5000"), Some(500_000));
    assert_eq!(fen("¥ 5,000.5"), Some(500_050));
    assert_eq!(fen("4800.00"), Some(480_000));
    assert_eq!(fen("4800.500"), Some(480_050));
    assert_eq!(fen("0.01"), Some(1));
    assert_eq!(fen("10000000"), Some(1_000_000_000));
    assert_eq!(fen(""), None);
    assert_eq!(fen("  "), None);
}

#[test]
fn bad_money_names_the_field() {
    let err = |s: &str| {
        let e = parse_money_fen("dues_base", "会费基数", s).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidMoney, Some("dues_base")));
        e.message
    };
    assert_eq!(err("-5000"), "会费基数不能为负数");
    assert!(err("5000.123").contains("两位小数"));
    assert!(err("10000000.01").contains("1000万元"));
    assert!(err("99999999999999999999").contains("1000万元"));
    assert!(err("五千").contains("不是有效金额"));
    assert!(err("5000.5.5").contains("不是有效金额"));
    assert!(err(".5").contains("不是有效金额"));
}

#[test]
fn status_codes_labels_and_flags() {
    for s in MemberStatus::ALL {
        assert_eq!(MemberStatus::parse(s.as_str()), Some(s));
    }
    assert_eq!(MemberStatus::TransferredOut.as_str(), "transferred_out");
    assert_eq!(MemberStatus::Retained.label(), "保留会籍");
    let holding: Vec<_> = MemberStatus::ALL.into_iter().filter(|s| s.holds_membership()).collect();
    assert_eq!(holding, [MemberStatus::Active, MemberStatus::Retained]);
    let paying: Vec<_> = MemberStatus::ALL.into_iter().filter(|s| s.pays_dues()).collect();
    assert_eq!(paying, [MemberStatus::Active]);
}

#[test]
fn status_changes_follow_the_lifecycle() {
    use MemberStatus::*;
    let allowed = [
        (Applying, Active),
        (Applying, Declined),
        (Active, Retained),
        (Active, Withdrawn),
        (Active, Expelled),
        (Active, Deceased),
        (Active, TransferredOut),
        (Active, Merged),
        (Retained, Active),
        (Retained, Withdrawn),
        (Retained, Expelled),
        (Retained, Deceased),
        (Retained, TransferredOut),
        (Retained, Merged),
    ];
    for from in MemberStatus::ALL {
        for to in MemberStatus::ALL {
            let ok = check_status_change(from, to).is_ok();
            assert_eq!(ok, allowed.contains(&(from, to)), "{from:?} → {to:?}");
        }
    }
    let e = check_status_change(Applying, Retained).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidStatusChange, Some("status")));
    assert_eq!(e.message, "会员状态不能从“申请中”直接改为“保留会籍”");
    let e = check_status_change(Withdrawn, Active).unwrap_err();
    assert!(e.message.contains("“退会”") && e.message.contains("“在籍”") && e.message.contains("重新"));
    assert!(check_status_change(Active, Active).unwrap_err().message.contains("已是“在籍”"));
}

#[test]
fn reasons_are_needed_for_leaving_and_retaining() {
    use MemberStatus::*;
    let needs: Vec<_> = MemberStatus::ALL.into_iter().filter(|s| status_change_needs_reason(*s)).collect();
    assert_eq!(needs, [Retained, Withdrawn, Expelled, Deceased, Declined]);
    assert!(TransferredOut.set_by_system_only() && Merged.set_by_system_only());
    assert!(!Withdrawn.set_by_system_only());
}

#[test]
fn sign_off_rows_at_the_end_are_footers() {
    let row = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<String>>();
    assert!(is_footer_row(&row(&["制表人：李秀英", "", " "])));
    assert!(is_footer_row(&row(&["", "审核：王建国 日期：2026-12-01"])));
    assert!(!is_footer_row(&row(&["李秀英", "350102199001011234"])));
    assert!(!is_footer_row(&row(&["李秀英"])));
    assert!(!is_footer_row(&row(&["制表人：李秀英", "王建国"])));
    let rows = vec![
        row(&["姓名", "身份证号"]),
        row(&["日期：2026年"]),
        row(&["张三", "350102199001011234"]),
        row(&[""]),
        row(&["制表：李秀英"]),
        row(&["审核：王建国"]),
    ];
    // Empty rows are dropped before: here only the last two count.
    assert_eq!(trailing_footer_rows(&rows), 2);
    assert_eq!(trailing_footer_rows(&rows[..3]), 0);
}

#[test]
fn pinyin_keys_for_common_and_surname_readings() {
    let keys = |s: &str| pinyin_keys(s);
    assert_eq!(keys("张三"), ("zhangsan".into(), "zs".into()));
    assert_eq!(keys("欧阳娜娜"), ("ouyangnana".into(), "oynn".into()));
    assert_eq!(keys("单雄信"), ("shanxiongxin".into(), "sxx".into()));
    assert_eq!(keys("曾国藩"), ("zengguofan".into(), "zgf".into()));
    assert_eq!(keys("解缙"), ("xiejin".into(), "xj".into()));
    assert_eq!(keys("仇英"), ("qiuying".into(), "qy".into()));
    assert_eq!(keys("朴树"), ("piaoshu".into(), "ps".into()));
    assert_eq!(keys("查良镛").0, "zhaliangyong");
    assert_eq!(keys("区家麟").0, "oujialin");
    assert_eq!(keys("盖叫天").0, "gejiaotian");
    assert_eq!(keys("秘书").0, "bishu");
    assert_eq!(keys("黑明").0, "heiming");
    assert_eq!(keys("长孙无忌"), ("zhangsunwuji".into(), "zswj".into()));
    assert_eq!(keys("尉迟恭"), ("yuchigong".into(), "ycg".into()));
    assert_eq!(keys("尉缭").0, "weiliao");
    // Only the first character is a surname: 单 inside a name keeps its
    // common reading.
    assert_eq!(keys("王单").0, "wangdan");
    assert_eq!(keys("吕绿").0, "lvlv");
}

#[test]
fn pinyin_keys_keep_ascii_and_drop_the_rest() {
    assert_eq!(pinyin_keys("买买提·艾力"), ("maimaitiaili".into(), "mmtal".into()));
    assert_eq!(pinyin_keys(" 张三2 "), ("zhangsan2".into(), "zs2".into()));
    assert_eq!(pinyin_keys("John Smith"), ("johnsmith".into(), "js".into()));
    assert_eq!(pinyin_keys("Ｌｉ 李"), ("lili".into(), "ll".into()));
    assert_eq!(pinyin_keys("!?"), (String::new(), String::new()));
}

#[test]
fn card_numbers_render_from_patterns() {
    assert_eq!(render_card_number("GH{YYYY}{SEQ:6}", 2026, 42).unwrap(), "GH2026000042");
    assert_eq!(render_card_number("{YY}-{SEQ:4}", 2026, 7).unwrap(), "26-0007");
    assert_eq!(render_card_number("京工{yyyy}{seq:3}号", 2026, 999).unwrap(), "京工2026999号");
    assert_eq!(render_card_number("{SEQ:1}", 2026, 0).unwrap(), "0");
    assert_eq!(render_card_number("A{SEQ:10}", 2026, 9_999_999_999).unwrap(), "A9999999999");
    assert!(check_card_pattern("HY-{YYYY}-{SEQ:5}").is_ok());
}

#[test]
fn bad_card_patterns_are_refused() {
    let err = |p: &str| {
        let e = check_card_pattern(p).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("card_pattern"));
        e
    };
    assert!(err("GH{YYYY}").message.contains("必须包含"));
    assert!(err("{SEQ:3}{SEQ:3}").message.contains("只能包含一个"));
    assert!(err("{MM}{SEQ:3}").message.contains("无法识别"));
    assert!(err("{SEQ:0}").message.contains("1到10"));
    assert!(err("{SEQ:11}").message.contains("1到10"));
    assert!(err("{SEQ:x}").message.contains("1到10"));
    assert!(err("{YYYY{SEQ:3}}").message.contains("不成对"));
    assert!(err("{YYYY}{SEQ:3").message.contains("不成对"));
    assert!(err("GH}{SEQ:3}").message.contains("不成对"));
    assert!(err("GH {SEQ:3}").message.contains("空格"));
    assert!(err(&format!("{}{{SEQ:10}}", "X".repeat(23))).message.contains("最多32个"));
    assert!(check_card_pattern(&format!("{}{{SEQ:10}}", "X".repeat(22))).is_ok());
    assert_eq!(err("").code, ErrorCode::Required);
    let e = render_card_number("GH{SEQ:3}", 2026, 1000).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCardPattern);
    assert!(e.message.contains("序号1000"), "{}", e.message);
    assert!(render_card_number("GH{SEQ:3}", 2026, -1).is_err());
    assert!(render_card_number("GH{YYYY}{SEQ:3}", 12026, 1).is_err());
}

#[test]
fn columns_have_codes_and_canonical_headers() {
    let mut seen = HashSet::new();
    for c in Column::ALL {
        assert_eq!(Column::parse(c.as_str()), Some(c));
        assert_eq!(column_for_header(c.label()), Some(c), "{}", c.label());
        assert!(seen.insert(c.as_str()));
    }
    assert_eq!(Column::DuesBase.label(), "会费基数");
    assert_eq!(Column::IdNumber.as_str(), "id_number");
}

#[test]
fn headers_are_normalised_before_matching() {
    for (h, c) in [
        (" 姓 名 ", Column::Name),
        ("姓\u{3000}名", Column::Name),
        ("*姓名", Column::Name),
        ("＊姓名（必填）", Column::Name),
        ("身份证号码(必填)", Column::IdNumber),
        ("会费基数（元）", Column::DuesBase),
        ("工资(元)", Column::DuesBase),
        ("手机号【11位】", Column::Mobile),
        ("证件号码[身份证]", Column::IdNumber),
        ("入会时间\n（年月）", Column::JoinDate),
        ("性别：", Column::Gender),
    ] {
        assert_eq!(column_for_header(h), Some(c), "{h:?}");
    }
    for h in ["序号", "", "备注", "（必填）", "姓名及身份证号"] {
        assert_eq!(column_for_header(h), None, "{h:?}");
    }
}

#[test]
fn every_synonym_family_maps() {
    let families: [(Column, &[&str]); 15] = [
        (Column::Name, &["姓名", "名字", "职工姓名", "会员姓名"]),
        (Column::IdNumber, &["身份证号", "身份证号码", "证件号码", "证件号", "身份证", "公民身份号码"]),
        (Column::DocType, &["证件类型"]),
        (Column::Mobile, &["手机", "手机号", "手机号码", "联系电话", "电话", "联系方式", "移动电话"]),
        (Column::Gender, &["性别"]),
        (Column::Ethnicity, &["民族"]),
        (Column::BirthDate, &["出生日期", "出生年月", "生日"]),
        (Column::JoinDate, &["入会时间", "入会日期", "入会年月"]),
        (Column::Group, &["部门", "小组", "所在小组", "工会小组", "所在部门", "班组", "所在单位部门"]),
        (Column::DuesBase, &["会费基数", "工资", "月工资", "基本工资", "缴费基数", "工资基数"]),
        (Column::Education, &["学历", "文化程度"]),
        (Column::Political, &["政治面貌"]),
        (Column::Employment, &["用工形式", "用工性质"]),
        (Column::Post, &["岗位", "职务"]),
        (Column::CardNumber, &["会员证号", "会员证号码"]),
    ];
    for (column, headers) in families {
        for h in headers {
            assert_eq!(column_for_header(h), Some(column), "{h}");
        }
    }
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

#[test]
fn header_row_is_found_below_a_merged_title() {
    let rows = vec![
        row(&["2026年某公司工会会员花名册", "", "", "", ""]),
        row(&["填报单位：某公司工会", "", "", "", "填报日期：2026年11月"]),
        row(&["序号", "姓名*", "身份证号码", "联系电话", "备注"]),
        row(&["1", "张三", MAN_1990, "13800138000", ""]),
    ];
    let (i, columns) = find_header_row(&rows).unwrap();
    assert_eq!(i, 2);
    assert_eq!(columns, [None, Some(Column::Name), Some(Column::IdNumber), Some(Column::Mobile), None]);
}

#[test]
fn header_row_needs_the_name_and_one_more_column() {
    // A note that mentions 姓名 alone is not the header.
    let rows = vec![row(&["姓名"]), row(&["身份证号", "手机号"]), row(&["姓名", "性别", "电话", "手机"])];
    let (i, columns) = find_header_row(&rows).unwrap();
    assert_eq!(i, 2);
    // The second mobile column is left unmapped rather than read twice.
    assert_eq!(columns, [Some(Column::Name), Some(Column::Gender), Some(Column::Mobile), None]);
    assert_eq!(find_header_row(&[row(&["身份证号", "手机号"])]), None);
    assert_eq!(find_header_row(&[]), None);
    let mut late: Vec<Vec<String>> = (0..20).map(|_| row(&["说明"])).collect();
    late.push(row(&["姓名", "性别"]));
    assert_eq!(find_header_row(&late), None);
}

fn cells(pairs: &[(Column, &str)]) -> Vec<(Column, String)> {
    pairs.iter().map(|(c, v)| (*c, v.to_string())).collect()
}

fn full_row() -> Vec<(Column, String)> {
    cells(&[
        (Column::Name, " 李秀英 "),
        (Column::DocType, "居民身份证"),
        (Column::IdNumber, "440304198503022624"),
        (Column::Mobile, "138 0013 8000"),
        (Column::Gender, "女"),
        (Column::Ethnicity, "汉族"),
        (Column::BirthDate, "1985年3月2日"),
        (Column::JoinDate, "2010.9.1"),
        (Column::Group, "生产一班"),
        (Column::DuesBase, "5,000.50"),
        (Column::Education, "本科"),
        (Column::Political, "中共党员"),
        (Column::Employment, "在岗"),
        (Column::Post, "质检员"),
        (Column::CardNumber, "GH2010000123"),
    ])
}

#[test]
fn a_full_row_becomes_a_draft() {
    let draft = draft_from_row(&full_row(), today()).unwrap();
    assert_eq!(draft.name, "李秀英");
    assert_eq!(draft.id.value, WOMAN_1985);
    assert_eq!(draft.mobile.as_deref(), Some("13800138000"));
    assert_eq!(draft.gender, Some(Gender::Female));
    assert_eq!(draft.ethnicity.as_deref(), Some("汉族"));
    assert_eq!(draft.birth_date, Some(d(1985, 3, 2)));
    assert_eq!(draft.join_date, Some(d(2010, 9, 1)));
    assert_eq!(draft.group_name.as_deref(), Some("生产一班"));
    assert_eq!(draft.dues_base_fen, Some(500_050));
    assert_eq!(draft.education.as_deref(), Some("本科"));
    assert_eq!(draft.political.as_deref(), Some("中共党员"));
    assert_eq!(draft.employment.as_deref(), Some("在岗"));
    assert_eq!(draft.post.as_deref(), Some("质检员"));
    assert_eq!(draft.card_number.as_deref(), Some("GH2010000123"));
}

#[test]
fn a_minimal_row_takes_gender_and_birth_date_from_the_id() {
    let draft =
        draft_from_row(&cells(&[(Column::Name, "张三"), (Column::IdNumber, MAN_1990)]), today()).unwrap();
    assert_eq!(draft.id.doc_type, DocType::ResidentId);
    assert_eq!(draft.gender, Some(Gender::Male));
    assert_eq!(draft.birth_date, Some(d(1990, 3, 7)));
    assert_eq!((draft.mobile, draft.join_date, draft.dues_base_fen), (None, None, None));
    // 出生年月 gives only the month: it must agree with the ID, which
    // supplies the day.
    let row = cells(&[(Column::Name, "张三"), (Column::IdNumber, MAN_1990), (Column::BirthDate, "1990.03")]);
    assert_eq!(draft_from_row(&row, today()).unwrap().birth_date, Some(d(1990, 3, 7)));
    // An empty duplicate column does not hide a filled one.
    let row = cells(&[
        (Column::Name, "张三"),
        (Column::IdNumber, MAN_1990),
        (Column::Mobile, ""),
        (Column::Mobile, "13800138000"),
    ]);
    assert_eq!(draft_from_row(&row, today()).unwrap().mobile.as_deref(), Some("13800138000"));
}

#[test]
fn passport_rows_keep_the_typed_gender_and_birth_date() {
    let row = cells(&[
        (Column::Name, "John Smith"),
        (Column::DocType, "护照"),
        (Column::IdNumber, "E12345678"),
        (Column::Gender, "M"),
        (Column::BirthDate, "1980-01-15"),
    ]);
    let draft = draft_from_row(&row, today()).unwrap();
    assert_eq!(draft.id.doc_type, DocType::Passport);
    assert_eq!((draft.gender, draft.birth_date), (Some(Gender::Male), Some(d(1980, 1, 15))));
    let mut future = row.clone();
    future[4].1 = "2027-01-01".into();
    let e = draft_from_row(&future, today()).unwrap_err();
    assert_eq!((e.field.as_deref(), e.message.as_str()), (Some("birth_date"), "出生日期不能晚于今天"));
}

fn row_error(change: (Column, &str)) -> DomainError {
    let mut row = full_row();
    for cell in row.iter_mut() {
        if cell.0 == change.0 {
            cell.1 = change.1.to_owned();
        }
    }
    draft_from_row(&row, today()).unwrap_err()
}

#[test]
fn row_errors_name_the_column() {
    let cases: [(Column, &str, &str, &str); 16] = [
        (Column::Name, "", "name", "姓名不能为空"),
        (Column::Name, &"张".repeat(51), "name", "姓名最多50个字"),
        (Column::DocType, "驾驶证", "doc_type", "证件类型“驾驶证”无法识别"),
        (Column::IdNumber, "", "id_number", "身份证号不能为空"),
        (Column::IdNumber, "4.40304E+17", "id_number", "Excel"),
        (Column::Gender, "男", "gender", "身份证号显示为女"),
        (Column::Gender, "未知", "gender", "性别“未知”无法识别"),
        (Column::BirthDate, "1985-02-30", "birth_date", "出生日期“1985-02-30”不是有效日期"),
        (Column::BirthDate, "1985-03-03", "birth_date", "身份证号显示为1985年3月2日"),
        (Column::BirthDate, "1985年4月", "birth_date", "出生日期“1985年4月”与身份证号不符"),
        (Column::Mobile, "1380013800", "mobile", "手机号应为11位"),
        (Column::JoinDate, "2010-13-01", "join_date", "入会时间“2010-13-01”不是有效日期"),
        (Column::JoinDate, "2027-01-01", "join_date", "入会时间不能晚于今天"),
        (Column::JoinDate, "1980-01-01", "join_date", "入会时间不能早于出生日期"),
        (Column::DuesBase, "-1", "dues_base", "会费基数不能为负数"),
        (Column::Post, &"岗".repeat(51), "post", "岗位最多50个字"),
    ];
    for (column, value, field, message) in cases {
        let e = row_error((column, value));
        assert_eq!(e.field.as_deref(), Some(field), "{column:?}: {e}");
        assert_eq!(Column::parse(field), Some(column));
        assert!(e.message.contains(message), "{column:?}: {} lacks {message}", e.message);
    }
    for column in [Column::Ethnicity, Column::Group, Column::Education, Column::Political, Column::Employment]
    {
        let e = row_error((column, &"长".repeat(51)));
        assert_eq!(e.field.as_deref(), Some(column.as_str()));
        assert!(e.message.starts_with(column.label()), "{}", e.message);
    }
    let e = row_error((Column::CardNumber, "GH\u{0}1"));
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::ControlCharacters, Some("card_number")));
}

/// A valid resident ID from its parts.
fn make_id(region: u32, born: NaiveDate, seq: u32) -> String {
    let body = format!("{region:06}{}{seq:03}", born.format("%Y%m%d"));
    format!("{body}{}", id_check_char(&body).unwrap())
}

fn birth_dates() -> impl Strategy<Value = NaiveDate> {
    let days = (today() - EARLIEST_BIRTH).num_days();
    (0..=days).prop_map(|n| EARLIEST_BIRTH + chrono::Duration::days(n))
}

proptest! {
    #[test]
    fn valid_ids_parse_and_round_trip_mask_and_tail(
        province in proptest::sample::select(PROVINCE_CODES.to_vec()),
        area in 0u32..10_000,
        born in birth_dates(),
        seq in 0u32..1000,
    ) {
        let v = make_id(u32::from(province) * 10_000 + area, born, seq);
        let parsed = parse_id_number(DocType::ResidentId, &v.to_lowercase(), today()).unwrap();
        prop_assert_eq!(&parsed.value, &v);
        prop_assert_eq!(parsed.birth_date, Some(born));
        let male = seq % 2 == 1;
        prop_assert_eq!(parsed.gender, Some(if male { Gender::Male } else { Gender::Female }));
        let masked = mask_id(&parsed.value);
        prop_assert_eq!(masked.chars().count(), 18);
        prop_assert_eq!(&masked[..3], &v[..3]);
        prop_assert_eq!(&masked[3..14], "*".repeat(11));
        prop_assert_eq!(&masked[14..], &v[14..]);
        prop_assert_eq!(id_tail(&parsed.value), &v[14..]);
    }

    #[test]
    fn any_single_change_of_a_valid_id_is_rejected(
        region in 0u32..1_000_000,
        born in birth_dates(),
        seq in 0u32..1000,
        pos in 0usize..18,
        delta in 1u8..11,
    ) {
        let v = make_id(region, born, seq);
        let mut bytes = v.clone().into_bytes();
        let alphabet: &[u8] = if pos == 17 { b"0123456789X" } else { b"0123456789" };
        let old = alphabet.iter().position(|&b| b == bytes[pos]).unwrap();
        bytes[pos] = alphabet[(old + usize::from(delta)) % alphabet.len()];
        prop_assume!(bytes[pos] != v.as_bytes()[pos]);
        let changed = String::from_utf8(bytes).unwrap();
        prop_assert!(parse_id_number(DocType::ResidentId, &changed, today()).is_err(), "{}", changed);
    }

    #[test]
    fn parse_mobile_is_idempotent(input in "(\\+86|0086|86)?[ -]?1[0-9]{2}[ -.]?[0-9]{4}[ -]?[0-9]{4}") {
        if let Ok(m) = parse_mobile(&input) {
            prop_assert_eq!(m.len(), 11);
            prop_assert_eq!(parse_mobile(&m).unwrap(), m);
        }
    }

    #[test]
    fn parse_mobile_accepts_every_valid_number(second in 3u8..10, rest in "[0-9]{9}") {
        let m = format!("1{second}{rest}");
        prop_assert_eq!(parse_mobile(&m).unwrap(), m.clone());
        prop_assert_eq!(parse_mobile(&format!("+86 {m}")).unwrap(), m);
    }

    #[test]
    fn rendered_card_numbers_have_the_pattern_width(
        prefix in "[A-Z\\-]{0,6}",
        year_token in prop::sample::select(vec!["", "{YYYY}", "{YY}"]),
        width in 1usize..=10,
        suffix in "[A-Z]{0,3}",
        year in 1000i32..=9999,
        seq_seed in any::<u64>(),
    ) {
        let pattern = format!("{prefix}{year_token}{{SEQ:{width}}}{suffix}");
        let seq = (seq_seed % 10u64.pow(width as u32)) as i64;
        let expected = prefix.len() + year_token.len().saturating_sub(2) + width + suffix.len();
        let out = render_card_number(&pattern, year, seq).unwrap();
        prop_assert_eq!(out.chars().count(), expected);
        prop_assert!(out.starts_with(&prefix));
        prop_assert!(out.ends_with(&suffix));
        let seq_part = &out[out.len() - suffix.len() - width..out.len() - suffix.len()];
        prop_assert_eq!(seq_part.parse::<i64>().unwrap(), seq);
        // One more than the width holds is refused.
        prop_assert!(render_card_number(&pattern, year, 10i64.pow(width as u32)).is_err());
    }

    #[test]
    fn dates_round_trip_through_every_written_form(born in birth_dates()) {
        let (y, m, dd) = (born.year(), born.month(), born.day());
        for s in [
            born.format("%Y-%m-%d").to_string(),
            format!("{y}/{m}/{dd}"),
            format!("{y}年{m}月{dd}日"),
            born.format("%Y%m%d").to_string(),
            format!("{y}.{m}.{dd}"),
            born.format("%Y-%m-%d 00:00:00").to_string(),
        ] {
            prop_assert_eq!(parse_date_flexible(&s), Some(born), "{}", s);
        }
    }

    #[test]
    fn money_round_trips_from_fen(fen in 0i64..=MAX_FEN) {
        let s = format!("{}.{:02}", fen / 100, fen % 100);
        prop_assert_eq!(parse_money_fen("f", "金额", &s).unwrap(), Some(fen));
    }
}
