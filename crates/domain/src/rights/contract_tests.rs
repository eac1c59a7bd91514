use super::*;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn s() -> ContractSettings {
    ContractSettings::default()
}

#[test]
fn kinds_have_their_names() {
    assert_eq!(ContractKind::Wage.label(), "工资专项集体协议");
    assert_eq!(ContractKind::Women.label(), "女职工权益保护专项集体合同");
    for k in ContractKind::ALL {
        assert_eq!(ContractKind::parse(k.as_str()), Some(k));
        assert_eq!(ContractKind::parse(k.label()), Some(k));
    }
    assert!(s().check().is_ok());
    let bad = ContractSettings { min_term_months: 40, ..s() };
    assert_eq!(bad.check().unwrap_err().field.as_deref(), Some("min_term_months"));
}

#[test]
fn terms_are_12_to_36_months_and_wage_agreements_yearly() {
    for m in [12, 24, 36] {
        assert_eq!(check_term(ContractKind::General, m, &s()).unwrap(), m as u32);
    }
    for m in [0, 11, 37, -12] {
        let e = check_term(ContractKind::Women, m, &s()).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidContractTerm, Some("term_months")));
        assert!(e.message.contains("12至36个月"), "{}", e.message);
    }
    assert!(check_term(ContractKind::Wage, 12, &s()).is_ok());
    let e = check_term(ContractKind::Wage, 24, &s()).unwrap_err();
    assert!(e.message.contains("一年一签"), "{}", e.message);
}

#[test]
fn workers_covered_within_staff() {
    assert_eq!(check_workers_covered(300, 300).unwrap(), 300);
    let e = check_workers_covered(301, 300).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidCount, Some("workers_covered")));
    assert!(e.message.contains("301") && e.message.contains("300"), "{}", e.message);
    assert!(check_workers_covered(0, 300).is_err());
}

#[test]
fn a_wage_agreement_needs_its_figures_before_filing() {
    let wage = ForFiling {
        kind: ContractKind::Wage,
        term_months: 12,
        workers_covered: None,
        employer_staff: 200,
        wage: WageTerms::default(),
    };
    let errs = check_for_filing(&wage, &s()).unwrap_err();
    let fields: Vec<_> = errs.iter().map(|e| e.field.as_deref().unwrap()).collect();
    assert_eq!(fields, ["workers_covered", "average_wage", "adjustment"]);
    let ok = ForFiling {
        workers_covered: Some(180),
        wage: WageTerms { average_wage_fen: Some(8_640_000), adjustment_bp: Some(500) },
        ..wage
    };
    assert!(check_for_filing(&ok, &s()).is_ok());
    let cut = ForFiling { wage: WageTerms { adjustment_bp: Some(-300), ..ok.wage }, ..ok };
    assert!(check_for_filing(&cut, &s()).is_ok(), "a negotiated cut is allowed");
    let bad = ForFiling { wage: WageTerms { average_wage_fen: Some(0), adjustment_bp: Some(-20_000) }, ..ok };
    let fields: Vec<_> =
        check_for_filing(&bad, &s()).unwrap_err().iter().map(|e| e.field.clone().unwrap()).collect();
    assert_eq!(fields, ["average_wage", "adjustment"]);
    // A general contract does not need wage figures.
    let general = ForFiling { kind: ContractKind::General, term_months: 36, ..ok };
    assert!(check_for_filing(&ForFiling { wage: WageTerms::default(), ..general }, &s()).is_ok());
}

#[test]
fn the_congress_approves_by_the_democracy_rules() {
    assert!(check_congress_approval(60, 40, 31).is_ok());
    let e = check_congress_approval(60, 39, 39).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::QuorumNotMet, Some("present")));
    assert!(e.message.contains("至少40人"), "{}", e.message);
    // Half of all delegates is not more than half, even if most present agree.
    let e = check_congress_approval(60, 40, 30).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::PolicyRefused, Some("in_favour")));
    assert_eq!(check_congress_approval(60, 61, 30).unwrap_err().code, ErrorCode::InvalidCount);
    assert_eq!(check_congress_approval(60, 40, 41).unwrap_err().code, ErrorCode::InvalidCount);
}

#[test]
fn dates_follow_each_other() {
    let ok = ContractDates {
        signed_on: Some(d("2026-01-10")),
        filed_on: Some(d("2026-01-15")),
        review: Review::NoObjection(d("2026-01-20")),
        published_on: Some(d("2026-01-25")),
    };
    assert!(check_dates(&ok).is_ok());
    let e = check_dates(&ContractDates { filed_on: Some(d("2026-01-09")), ..ok }).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidDate, Some("filed_on")));
    let e = check_dates(&ContractDates { review: Review::Objection(d("2026-01-14")), ..ok }).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("reviewed_on"));
    let e = check_dates(&ContractDates { signed_on: None, ..ok }).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Required, Some("signed_on")));
    let e = check_dates(&ContractDates { filed_on: None, ..ok }).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("filed_on"));
    let e = check_dates(&ContractDates { published_on: Some(d("2026-01-01")), ..ok }).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("published_on"));
    assert!(check_dates(&ContractDates::default()).is_ok());
}

#[test]
fn filing_effect_publication_and_expiry() {
    assert_eq!(filing_due(d("2026-01-10"), &s()), d("2026-01-20"));
    let filed = d("2026-01-15");
    // Silence for 15 days: in force from the 16th day after filing.
    assert_eq!(effective_on(filed, Review::Pending, &s()), Some(d("2026-01-31")));
    assert_eq!(effective_on(filed, Review::NoObjection(d("2026-01-22")), &s()), Some(d("2026-01-22")));
    assert_eq!(effective_on(filed, Review::NoObjection(d("2026-02-10")), &s()), Some(d("2026-01-31")));
    assert_eq!(effective_on(filed, Review::Objection(d("2026-01-30")), &s()), None);
    assert_eq!(effective_on(filed, Review::Objection(d("2026-02-01")), &s()), Some(d("2026-01-31")));
    assert_eq!(publication_due(d("2026-01-31"), &s()), d("2026-02-10"));
    assert_eq!(expires_on(d("2026-01-31"), 36), d("2029-01-31"));
    assert_eq!(expires_on(d("2026-01-31"), 1), d("2026-02-28"));
    assert_eq!(renewal_reminder_from(d("2029-01-31"), &s()), d("2028-12-02"));
}

#[test]
fn status_through_a_contracts_life() {
    let dates = ContractDates {
        signed_on: Some(d("2026-01-10")),
        filed_on: Some(d("2026-01-15")),
        review: Review::Pending,
        published_on: None,
    };
    let at = |x: &str| status_at(&dates, 12, d(x), &s());
    assert_eq!(at("2026-01-09"), ContractStatus::Draft);
    assert_eq!(at("2026-01-10"), ContractStatus::Signed);
    assert_eq!(at("2026-01-15"), ContractStatus::Filed);
    assert_eq!(at("2026-01-30"), ContractStatus::Filed);
    assert_eq!(at("2026-01-31"), ContractStatus::Effective);
    assert_eq!(at("2026-12-01"), ContractStatus::Effective);
    assert_eq!(at("2026-12-02"), ContractStatus::Expiring, "60 days before 2027-01-31");
    assert_eq!(at("2027-01-30"), ContractStatus::Expiring);
    assert_eq!(at("2027-01-31"), ContractStatus::Expired);
    assert_eq!(status_at(&ContractDates::default(), 12, d("2026-01-01"), &s()), ContractStatus::Draft);

    let objected = ContractDates { review: Review::Objection(d("2026-01-25")), ..dates };
    assert_eq!(status_at(&objected, 12, d("2026-01-24"), &s()), ContractStatus::Filed, "not yet known");
    assert_eq!(status_at(&objected, 12, d("2026-01-25"), &s()), ContractStatus::Objected);
    assert_eq!(status_at(&objected, 12, d("2027-06-01"), &s()), ContractStatus::Objected);
    assert!(ContractStatus::Expiring.in_force() && !ContractStatus::Filed.in_force());
    for st in ContractStatus::ALL {
        assert!(!st.label().is_empty() && !st.as_str().is_empty());
    }
}

#[test]
fn reminders_say_what_to_do() {
    let signed = ContractDates { signed_on: Some(d("2026-01-10")), ..Default::default() };
    assert_eq!(
        reminders(&signed, 12, d("2026-01-12"), &s()),
        [Reminder::File { due: d("2026-01-20"), overdue: false }]
    );
    let late = reminders(&signed, 12, d("2026-01-21"), &s());
    assert_eq!(late, [Reminder::File { due: d("2026-01-20"), overdue: true }]);
    assert!(late[0].message().contains("已逾期"), "{}", late[0].message());

    let filed = ContractDates { filed_on: Some(d("2026-01-15")), ..signed };
    assert!(reminders(&filed, 12, d("2026-01-20"), &s()).is_empty());
    let r = reminders(&filed, 12, d("2026-02-11"), &s());
    assert_eq!(r, [Reminder::Publish { due: d("2026-02-10"), overdue: true }]);
    let published = ContractDates { published_on: Some(d("2026-02-05")), ..filed };
    assert!(reminders(&published, 12, d("2026-02-11"), &s()).is_empty());
    let r = reminders(&published, 12, d("2026-12-15"), &s());
    assert_eq!(r, [Reminder::Renew { expires_on: d("2027-01-31") }]);
    assert!(r[0].message().contains("2027年1月31日"), "{}", r[0].message());
}

proptest! {
    /// A contract's status only moves forward through its life as the day
    /// advances, and it is in force exactly between effect and expiry.
    #[test]
    fn status_moves_forward(sign in 0u64..400, file_after in 0u64..20, review_after in proptest::option::of(0u64..30),
                            objection in any::<bool>(), term in 12u32..=36) {
        let signed = d("2025-01-01") + Days::new(sign);
        let filed = signed + Days::new(file_after);
        let review = match review_after {
            None => Review::Pending,
            Some(n) if objection => Review::Objection(filed + Days::new(n)),
            Some(n) => Review::NoObjection(filed + Days::new(n)),
        };
        let dates = ContractDates { signed_on: Some(signed), filed_on: Some(filed), review, published_on: None };
        let rank = |st: ContractStatus| ContractStatus::ALL.iter().position(|x| *x == st).unwrap();
        let mut last = 0;
        let mut day = signed - Days::new(1);
        for _ in 0..(40 * 31 + 60) {
            let st = status_at(&dates, term, day, &s());
            prop_assert!(rank(st) >= last, "{st:?} after {:?} on {day}", ContractStatus::ALL[last]);
            last = rank(st);
            if let Some(eff) = effective_as_of(&dates, day, &s()) {
                let in_force = day >= eff && day < expires_on(eff, term);
                prop_assert_eq!(st.in_force(), in_force);
            }
            day = day + Days::new(1);
        }
        prop_assert!(matches!(ContractStatus::ALL[last], ContractStatus::Expired | ContractStatus::Objected));
    }
}

#[test]
fn dates_round_trip_through_json() {
    let dates = ContractDates {
        signed_on: Some(d("2026-01-10")),
        filed_on: Some(d("2026-01-15")),
        review: Review::Objection(d("2026-01-25")),
        published_on: None,
    };
    let json = serde_json::to_value(dates).unwrap();
    assert_eq!(json["review"], "objection");
    assert_eq!(json["on"], "2026-01-25");
    assert_eq!(serde_json::from_value::<ContractDates>(json).unwrap(), dates);
    let pending = ContractDates::default();
    let back: ContractDates = serde_json::from_value(serde_json::to_value(pending).unwrap()).unwrap();
    assert_eq!(back, pending);
}

#[test]
fn adjustments_parse_as_offices_type_them() {
    assert_eq!(parse_adjustment("3.5").unwrap(), Some(350));
    assert_eq!(parse_adjustment(" ３．５％ ").unwrap(), Some(350));
    assert_eq!(parse_adjustment("-2%").unwrap(), Some(-200));
    assert_eq!(parse_adjustment("+5").unwrap(), Some(500));
    assert_eq!(parse_adjustment("0.05").unwrap(), Some(5));
    assert_eq!(parse_adjustment("").unwrap(), None);
    for bad in ["abc", "3.555", "-", "1.2.3", "-101", "2000"] {
        let e = parse_adjustment(bad).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("adjustment"), "{bad}");
    }
    assert_eq!(fmt_adjustment(350), "+3.5%");
    assert_eq!(fmt_adjustment(-200), "-2%");
    assert_eq!(fmt_adjustment(5), "+0.05%");
    assert_eq!(fmt_adjustment(0), "0%");
}

#[test]
fn wage_figures_given_are_checked_before_filing_asks_for_them() {
    assert!(check_wage_terms(&WageTerms::default()).is_ok());
    let e = check_wage_terms(&WageTerms { average_wage_fen: Some(0), adjustment_bp: None }).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("average_wage"));
    let e =
        check_wage_terms(&WageTerms { average_wage_fen: Some(1), adjustment_bp: Some(-20_000) }).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("adjustment"));
}

#[test]
fn a_draft_is_signed_only_after_the_congress_approved_it() {
    let e = check_signing(None).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::PolicyRefused, Some("congress")));
    assert!(check_signing(Some((60, 40, 31))).is_ok());
    // Two thirds present, but not more than half of all delegates in favour.
    assert_eq!(check_signing(Some((60, 40, 30))).unwrap_err().field.as_deref(), Some("in_favour"));
    assert_eq!(check_signing(Some((60, 39, 39))).unwrap_err().code, ErrorCode::QuorumNotMet);
}

#[test]
fn a_record_is_not_dated_in_the_future() {
    let today = d("2026-12-09");
    assert!(check_not_after_today("signed_on", "签订日期", today, today).is_ok());
    let e = check_not_after_today("signed_on", "签订日期", d("2026-12-10"), today).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidDate, Some("signed_on")));
}
