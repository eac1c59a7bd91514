use super::*;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn people(n: usize, reps: usize) -> Vec<Applicant> {
    (0..n).map(|i| Applicant { name: format!("职工{i}"), representative: i < reps }).collect()
}

fn case(n: usize, reps: usize) -> NewCase {
    NewCase {
        applicants: people(n, reps),
        respondent: "某某制造有限公司".into(),
        common_claim: true,
        claims: vec![
            ClaimInput { item: "支付拖欠的加班工资".into(), amount_fen: Some(1_200_000) },
            ClaimInput { item: "出具解除劳动合同证明".into(), amount_fen: None },
        ],
        applied_on: d("2026-03-02"),
    }
}

#[test]
fn defaults_are_the_statutory_figures() {
    let s = MediationSettings::default();
    assert!(s.check().is_ok());
    assert_eq!(
        (s.acceptance_working_days, s.mediation_days, s.max_extension_days, s.referral_days),
        (3, 15, 15, 15)
    );
    assert_eq!((s.group_threshold, s.min_representatives, s.max_representatives), (10, 3, 5));
    assert_eq!(s.referral_clock, ClockStart::Application);
    let bad = MediationSettings { min_representatives: 6, ..s };
    assert_eq!(bad.check().unwrap_err().field.as_deref(), Some("min_representatives"));
    let bad = MediationSettings { mediation_days: 0, ..s };
    assert_eq!(bad.check().unwrap_err().field.as_deref(), Some("mediation_days"));
}

#[test]
fn working_days_skip_weekends_holidays_and_count_make_up_days() {
    let cal = WorkCalendar::default();
    // Thursday 2026-03-05 + 3 working days: Fri, Mon, Tue.
    assert_eq!(cal.add_working_days(d("2026-03-05"), 3), d("2026-03-10"));
    // An application on a Saturday: Mon, Tue, Wed.
    assert_eq!(cal.add_working_days(d("2026-03-07"), 3), d("2026-03-11"));
    assert_eq!(cal.add_working_days(d("2026-03-07"), 0), d("2026-03-07"));
    // 劳动节 2026: 1–5 May off, Saturday 9 May worked (an example arrangement).
    let may = WorkCalendar {
        holidays: ["2026-05-01", "2026-05-04", "2026-05-05"].into_iter().map(d).collect(),
        workdays: [d("2026-05-09")].into_iter().collect(),
    };
    assert!(!may.is_working_day(d("2026-05-04")));
    assert!(may.is_working_day(d("2026-05-09")));
    // Thursday 30 April: 6, 7, 8 May.
    assert_eq!(may.add_working_days(d("2026-04-30"), 3), d("2026-05-08"));
    assert_eq!(may.add_working_days(d("2026-04-30"), 4), d("2026-05-09"));
}

#[test]
fn ten_or_more_with_a_common_claim_need_three_to_five_representatives() {
    let s = MediationSettings::default();
    assert!(check_representatives(9, 0, true, &s).is_ok());
    assert!(check_representatives(10, 0, false, &s).is_ok(), "separate claims: no group rule");
    for reps in [0, 2, 6] {
        let e = check_representatives(10, reps, true, &s).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::RepresentativesRequired, Some("representatives"))
        );
        assert!(e.message.contains("3至5名") && e.message.contains(&format!("{reps}名")), "{}", e.message);
    }
    for reps in 3..=5 {
        assert!(check_representatives(12, reps, true, &s).is_ok());
    }
    let e = validate_case(&case(10, 2), d("2026-03-02"), &s).unwrap_err();
    assert_eq!(e[0].field.as_deref(), Some("representatives"));
    assert!(validate_case(&case(10, 3), d("2026-03-02"), &s).is_ok());
}

#[test]
fn a_case_reports_every_fault() {
    let s = MediationSettings::default();
    let c = NewCase {
        applicants: vec![],
        respondent: " ".into(),
        claims: vec![ClaimInput { item: "赔偿".into(), amount_fen: Some(-1) }],
        applied_on: d("2026-03-09"),
        ..case(1, 0)
    };
    let errs = validate_case(&c, d("2026-03-08"), &s).unwrap_err();
    let fields: Vec<_> = errs.iter().map(|e| e.field.as_deref().unwrap()).collect();
    assert_eq!(fields, ["applicants", "respondent", "claims", "applied_on"]);
    assert!(errs[2].message.contains("第1项请求金额不能为负数"), "{}", errs[2].message);
    let no_claims = NewCase { claims: vec![], ..case(1, 0) };
    assert_eq!(
        validate_case(&no_claims, d("2026-03-08"), &s).unwrap_err()[0].field.as_deref(),
        Some("claims")
    );
    let ok = validate_case(&case(2, 0), d("2026-03-08"), &s).unwrap();
    assert_eq!(ok.claimed_fen, 1_200_000);
    assert_eq!(ok.claims[1].amount_fen, None);
    let too_much = NewCase {
        claims: vec![
            ClaimInput { item: "a".into(), amount_fen: Some(MAX_FEN) },
            ClaimInput { item: "b".into(), amount_fen: Some(1) },
        ],
        ..case(1, 0)
    };
    assert!(validate_case(&too_much, d("2026-03-08"), &s).unwrap_err()[0].message.contains("合计"));
}

#[test]
fn acceptance_within_three_working_days_late_is_flagged_not_refused() {
    let (cal, s) = (WorkCalendar::default(), MediationSettings::default());
    let applied = d("2026-03-05"); // Thursday
    assert_eq!(acceptance_due(applied, &cal, &s), d("2026-03-10"));
    let on_time = decide(Status::Applied, applied, d("2026-03-10"), &Decision::Accept, &cal, &s).unwrap();
    assert_eq!(on_time, Decided { status: Status::Accepted, late: false });
    let late = decide(Status::Applied, applied, d("2026-03-11"), &Decision::Accept, &cal, &s).unwrap();
    assert!(late.late);
    assert!(!acceptance_overdue(Status::Applied, applied, d("2026-03-10"), &cal, &s));
    assert!(acceptance_overdue(Status::Applied, applied, d("2026-03-11"), &cal, &s));
    assert!(!acceptance_overdue(Status::Accepted, applied, d("2026-03-11"), &cal, &s));

    let e = decide(Status::Applied, applied, d("2026-03-04"), &Decision::Accept, &cal, &s).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("decided_on"));
    let e = decide(Status::Applied, applied, applied, &Decision::Refuse { reason: "".into() }, &cal, &s)
        .unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Required, Some("reason")));
    let r = decide(
        Status::Applied,
        applied,
        applied,
        &Decision::Refuse { reason: "对方不同意调解".into() },
        &cal,
        &s,
    )
    .unwrap();
    assert_eq!(r.status, Status::Refused);
    let e = decide(Status::Accepted, applied, applied, &Decision::Accept, &cal, &s).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidTransition);
}

#[test]
fn the_fifteen_day_clock() {
    let s = MediationSettings::default();
    let (applied, accepted) = (d("2026-03-02"), d("2026-03-04"));
    assert_eq!(mediation_due(accepted, 0, &s), d("2026-03-19"));
    assert_eq!(days_left(accepted, 0, d("2026-03-04"), &s), 15);
    assert_eq!(days_left(accepted, 0, d("2026-03-19"), &s), 0);
    assert_eq!(days_left(accepted, 0, d("2026-03-21"), &s), -2);
    assert_eq!(days_left(accepted, 10, d("2026-03-19"), &s), 10);
    assert!(check_extension(15, &s).is_ok());
    assert_eq!(check_extension(16, &s).unwrap_err().field.as_deref(), Some("extension_days"));

    // The statute counts from the application: referable from day 16.
    assert_eq!(referable_from(applied, Some(accepted), &s), Some(d("2026-03-18")));
    assert!(!referable(Status::Accepted, applied, Some(accepted), d("2026-03-17"), &s));
    assert!(referable(Status::Accepted, applied, Some(accepted), d("2026-03-18"), &s));
    assert!(referable(Status::Applied, applied, None, d("2026-03-18"), &s));
    // Counting from acceptance, as a union may choose.
    let by_acceptance = MediationSettings { referral_clock: ClockStart::Acceptance, ..s };
    assert_eq!(referable_from(applied, Some(accepted), &by_acceptance), Some(d("2026-03-20")));
    assert_eq!(referable_from(applied, None, &by_acceptance), None);
    assert!(!referable(Status::Applied, applied, None, d("2026-04-30"), &by_acceptance));
    // Closed cases.
    assert!(referable(Status::Refused, applied, None, applied, &s));
    assert!(referable(Status::Referred, applied, Some(accepted), applied, &s));
    assert!(!referable(Status::Agreed, applied, Some(accepted), d("2026-05-01"), &s));
}

#[test]
fn closing_once_with_an_outcome() {
    let accepted = d("2026-03-04");
    assert_eq!(
        close(Status::Accepted, Outcome::Agreement, accepted, d("2026-03-10")).unwrap(),
        Status::Agreed
    );
    let e = close(Status::Agreed, Outcome::Arbitration, accepted, d("2026-03-10")).unwrap_err();
    assert_eq!(e.code, ErrorCode::AlreadyClosed);
    assert!(e.message.contains("调解成功"), "{}", e.message);
    assert_eq!(
        close(Status::Applied, Outcome::Withdrawn, accepted, accepted).unwrap_err().code,
        ErrorCode::InvalidTransition
    );
    assert_eq!(
        close(Status::Refused, Outcome::Withdrawn, accepted, accepted).unwrap_err().code,
        ErrorCode::InvalidTransition
    );
    let e = close(Status::Accepted, Outcome::Withdrawn, accepted, d("2026-03-03")).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("closed_on"));
    for o in Outcome::ALL {
        assert_eq!(Status::from(o).outcome(), Some(o));
        assert_eq!(Outcome::parse(o.label()), Some(o));
    }
    for st in Status::ALL {
        assert_eq!(Status::parse(st.as_str()), Some(st));
    }
}

#[test]
fn success_rate_is_agreements_of_closed_cases() {
    // The seeds: 69 cases, 58 settled. Say 6 went to arbitration, 3 were
    // withdrawn, 1 refused and 1 still open.
    let mut v = vec![Status::Agreed; 58];
    v.extend([Status::Referred; 6]);
    v.extend([Status::Withdrawn; 3]);
    v.extend([Status::Refused, Status::Accepted]);
    let m = stats(&v);
    assert_eq!((m.total, m.agreements, m.refused, m.open), (69, 58, 1, 1));
    assert_eq!(m.success, Ratio::new(58, 67));
    assert_eq!(m.success.percent_text(), "86.56%");
    assert_eq!(stats(&[]).success.to_string(), "—");
}

#[test]
fn dispute_types_and_sides_read_both_ways() {
    for t in DisputeType::ALL {
        assert_eq!(DisputeType::parse(t.as_str()), Some(t));
        assert_eq!(DisputeType::parse(t.label()), Some(t));
    }
    assert_eq!(DisputeType::parse(" 劳动报酬 "), Some(DisputeType::Pay));
    assert_eq!(DisputeType::parse("wages"), None);
    assert_eq!(Side::parse("企业代表"), Some(Side::Employer));
    assert_eq!(SessionKind::parse("调查笔录"), Some(SessionKind::Investigation));
}

fn seat(name: &str, side: Side, chair: bool, member: bool) -> SeatInput {
    SeatInput { name: name.into(), side, chair, member, title: String::new() }
}

#[test]
fn the_committee_has_both_sides_and_one_chair_from_the_union() {
    let ok = [
        seat("王主席", Side::Worker, true, true),
        seat("李职工", Side::Worker, false, false),
        seat("赵经理", Side::Employer, false, false),
    ];
    let seats = validate_committee(&ok).unwrap();
    assert_eq!(seats.len(), 3);
    assert!(seats[0].chair && seats[0].side == Side::Worker);

    let fields = |v: &[SeatInput]| -> Vec<(ErrorCode, String)> {
        validate_committee(v).unwrap_err().into_iter().map(|e| (e.code, e.field.unwrap())).collect()
    };
    // One side only.
    let e = validate_committee(&ok[..2]).unwrap_err();
    assert_eq!(e.len(), 1);
    assert!(e[0].message.contains("企业代表"), "{}", e[0].message);
    // No chair, two chairs.
    let none = [seat("王", Side::Worker, false, true), seat("赵", Side::Employer, false, false)];
    assert_eq!(fields(&none), [(ErrorCode::Required, "chair".to_owned())]);
    let two = [seat("王", Side::Worker, true, true), seat("李", Side::Worker, true, true), ok[2].clone()];
    let e = validate_committee(&two).unwrap_err();
    assert!(e[0].message.contains("2名"), "{}", e[0].message);
    // The chair sits for the workers and is a member of the union.
    let employer_chair = [seat("王", Side::Worker, false, true), seat("赵", Side::Employer, true, true)];
    let e = validate_committee(&employer_chair).unwrap_err();
    assert_eq!(e[0].field.as_deref(), Some("chair"));
    assert!(e[0].message.contains("企业代表"), "{}", e[0].message);
    let outsider_chair = [seat("王", Side::Worker, true, false), ok[2].clone()];
    let e = validate_committee(&outsider_chair).unwrap_err();
    assert!(e[0].message.contains("会员"), "{}", e[0].message);
    // Every fault at once: a blank name, no employer side, no chair.
    assert_eq!(
        fields(&[seat(" ", Side::Worker, false, false)]),
        [
            (ErrorCode::Required, "members".to_owned()),
            (ErrorCode::Required, "members".to_owned()),
            (ErrorCode::Required, "chair".to_owned())
        ]
    );
    assert!(validate_committee(&[]).is_err());
}

#[test]
fn sessions_are_recorded_once_accepted_within_the_mediation() {
    let (accepted, today) = (d("2026-03-04"), d("2026-03-12"));
    let n = NewSession {
        kind: SessionKind::Mediation,
        held_on: d("2026-03-06"),
        place: "工会会议室".into(),
        attendees: "申请人张三，被申请人代表李四，调解员王五".into(),
        minutes: "双方同意……".into(),
    };
    let ok = validate_session(&n, Status::Accepted, Some(accepted), None, today).unwrap();
    assert_eq!(ok.place, "工会会议室");
    let e = validate_session(&n, Status::Applied, None, None, today).unwrap_err();
    assert_eq!(e[0].code, ErrorCode::InvalidTransition);
    let e = validate_session(&n, Status::Refused, None, Some(accepted), today).unwrap_err();
    assert_eq!(e[0].code, ErrorCode::InvalidTransition);
    let early = NewSession { held_on: d("2026-03-03"), ..n.clone() };
    assert_eq!(
        validate_session(&early, Status::Accepted, Some(accepted), None, today).unwrap_err()[0]
            .field
            .as_deref(),
        Some("held_on")
    );
    let future = NewSession { held_on: d("2026-03-13"), ..n.clone() };
    assert!(validate_session(&future, Status::Accepted, Some(accepted), None, today).is_err());
    // Typed in after the agreement, dated within the mediation: fine; after it: not.
    assert!(validate_session(&n, Status::Agreed, Some(accepted), Some(d("2026-03-06")), today).is_ok());
    let late = NewSession { held_on: d("2026-03-07"), ..n.clone() };
    let e =
        validate_session(&late, Status::Agreed, Some(accepted), Some(d("2026-03-06")), today).unwrap_err();
    assert!(e[0].message.contains("结案日期"), "{}", e[0].message);
    let empty = NewSession { attendees: "".into(), minutes: " ".into(), ..n };
    let fields: Vec<_> = validate_session(&empty, Status::Accepted, Some(accepted), None, today)
        .unwrap_err()
        .into_iter()
        .map(|e| e.field.unwrap())
        .collect();
    assert_eq!(fields, ["attendees", "minutes"]);
}

#[test]
fn an_extension_is_agreed_while_in_mediation_up_to_the_limit() {
    let s = MediationSettings::default();
    assert_eq!(extend(Status::Accepted, 0, 10, &s).unwrap(), 10);
    assert_eq!(extend(Status::Accepted, 10, 5, &s).unwrap(), 15);
    let e = extend(Status::Accepted, 15, 1, &s).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("extension_days"));
    assert_eq!(extend(Status::Accepted, 0, 0, &s).unwrap_err().field.as_deref(), Some("extension_days"));
    assert_eq!(extend(Status::Applied, 0, 5, &s).unwrap_err().code, ErrorCode::InvalidTransition);
    assert_eq!(extend(Status::Agreed, 0, 5, &s).unwrap_err().code, ErrorCode::AlreadyClosed);
}

#[test]
fn an_agreement_has_its_terms() {
    let e = check_outcome(Outcome::Agreement, " ", Some(100)).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Required, Some("outcome_text")));
    let e = check_outcome(Outcome::Agreement, "一次性支付", Some(-1)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("agreed_fen"));
    assert_eq!(
        check_outcome(Outcome::Agreement, "一次性支付", Some(800_000)).unwrap(),
        (Some("一次性支付".to_owned()), Some(800_000))
    );
    assert_eq!(check_outcome(Outcome::Withdrawn, "", Some(5)).unwrap(), (None, None));
    assert_eq!(
        check_outcome(Outcome::Arbitration, "被申请人拒绝调解", None).unwrap().0.as_deref(),
        Some("被申请人拒绝调解")
    );
}

#[test]
fn the_clock_of_a_case() {
    let (cal, s) = (WorkCalendar::default(), MediationSettings::default());
    let applied = d("2026-03-05"); // Thursday: decide by Tuesday 10 March.
    let c = clock(Status::Applied, applied, None, None, 0, d("2026-03-11"), &cal, &s);
    assert_eq!(c.acceptance_due, d("2026-03-10"));
    assert!(c.acceptance_overdue && !c.decided_late && !c.referable);
    assert_eq!((c.mediation_due, c.days_left), (None, None));
    let accepted = d("2026-03-11");
    let c = clock(Status::Accepted, applied, Some(accepted), Some(accepted), 5, d("2026-03-20"), &cal, &s);
    assert!(!c.acceptance_overdue && c.decided_late);
    assert_eq!(c.mediation_due, Some(d("2026-03-31")));
    assert_eq!(c.days_left, Some(11));
    assert_eq!(c.referable_from, Some(d("2026-03-21")));
    assert!(!c.referable);
    assert!(
        clock(Status::Accepted, applied, Some(accepted), Some(accepted), 5, d("2026-03-21"), &cal, &s)
            .referable
    );
    let c = clock(Status::Agreed, applied, Some(accepted), Some(accepted), 0, d("2026-04-30"), &cal, &s);
    assert_eq!((c.days_left, c.referable), (None, false));
    let c = clock(Status::Refused, applied, None, Some(d("2026-03-06")), 0, d("2026-03-06"), &cal, &s);
    assert!(c.referable && !c.decided_late && !c.acceptance_overdue);
}

#[test]
fn counts_by_dispute_type() {
    use DisputeType::*;
    let v = [
        (Pay, Status::Agreed),
        (Pay, Status::Agreed),
        (Pay, Status::Referred),
        (WorkInjury, Status::Withdrawn),
        (Other, Status::Applied),
    ];
    let by = stats_by_type(&v);
    let types: Vec<_> = by.iter().map(|(t, _)| *t).collect();
    assert_eq!(types, [Pay, WorkInjury, Other]);
    assert_eq!((by[0].1.total, by[0].1.agreements), (3, 2));
    assert_eq!(by[0].1.success.percent_text(), "66.66%");
    assert_eq!(by[1].1.success.percent_text(), "0.00%");
    assert_eq!(by[2].1.success.to_string(), "—");
}

proptest! {
    /// The n-th working day after a date is a working day, later than the
    /// start, and no more than n + 2 weeks' weekends away.
    #[test]
    fn adding_working_days(start in 0u32..3000, n in 1u32..30) {
        let cal = WorkCalendar::default();
        let from = d("2024-01-01") + chrono::Days::new(u64::from(start));
        let due = cal.add_working_days(from, n);
        prop_assert!(cal.is_working_day(due));
        prop_assert!(due > from);
        let between = from.iter_days().skip(1).take_while(|x| *x <= due).filter(|x| cal.is_working_day(*x)).count();
        prop_assert_eq!(between as u32, n);
    }

    /// Success never exceeds 100 %, and the parts add up to the total.
    #[test]
    fn stats_add_up(v in proptest::collection::vec(0usize..6, 0..80)) {
        let statuses: Vec<Status> = v.iter().map(|i| Status::ALL[*i]).collect();
        let m = stats(&statuses);
        prop_assert_eq!(m.pending + m.refused + m.open + m.agreements + m.withdrawn + m.referred, m.total);
        prop_assert!(m.success.numerator <= m.success.denominator);
    }

    /// Days left falls by one a day and reaches 0 on the due day, and a case
    /// is referable exactly from the day after the referral period.
    #[test]
    fn the_clock_ticks(offset in 0i64..60, ext in 0u32..=15) {
        let s = MediationSettings::default();
        let (applied, accepted) = (d("2026-03-02"), d("2026-03-04"));
        let at = accepted + chrono::Duration::days(offset);
        prop_assert_eq!(days_left(accepted, ext, at, &s), 15 + i64::from(ext) - offset);
        let referable_now = referable(Status::Accepted, applied, Some(accepted), at, &s);
        prop_assert_eq!(referable_now, (at - applied).num_days() > 15);
    }
}
