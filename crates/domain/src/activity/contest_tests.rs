use super::*;
use proptest::prelude::*;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn criteria() -> Vec<Criterion> {
    vec![
        Criterion { key: "skill".into(), name: "操作技能".into(), weight: 60, min: 0, max: 10_000 },
        Criterion { key: "safety".into(), name: "安全规范".into(), weight: 40, min: 0, max: 10_000 },
    ]
}

fn sheet(judge: u128, entrant: u128, skill: i64, safety: i64) -> ScoreSheet {
    ScoreSheet {
        judge_id: id(judge),
        entrant_id: id(entrant),
        scores: [("skill".to_owned(), skill), ("safety".to_owned(), safety)].into_iter().collect(),
    }
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()
}

#[test]
fn scores_parse_and_print_in_hundredths() {
    assert_eq!(parse_score("s", "95").unwrap(), 9500);
    assert_eq!(parse_score("s", " 95.5 ").unwrap(), 9550);
    assert_eq!(parse_score("s", "95.25").unwrap(), 9525);
    assert_eq!(parse_score("s", "-1").unwrap(), -100);
    for bad in ["", "9.555", "abc", ".5", "1e3", "95.", "12345678"] {
        let e = parse_score("scores.skill", bad);
        assert!(e.is_err() || bad == "95.", "{bad}");
    }
    assert_eq!(parse_score("scores.skill", "x").unwrap_err().field.as_deref(), Some("scores.skill"));
    assert_eq!(score_text(9550), "95.5");
    assert_eq!(score_text(9525), "95.25");
    assert_eq!(score_text(9500), "95");
    assert_eq!(ContestKind::parse("技能比武"), Some(ContestKind::SkillContest));
}

#[test]
fn criteria_checks_name_the_field() {
    assert!(validate_criteria(&criteria()).is_ok());
    assert_eq!(validate_criteria(&[]).unwrap_err().field.as_deref(), Some("criteria"));
    let mut c = criteria();
    c[1].weight = 0;
    assert_eq!(validate_criteria(&c).unwrap_err().field.as_deref(), Some("criteria[1].weight"));
    let mut c = criteria();
    c[0].min = 100;
    c[0].max = 100;
    assert_eq!(validate_criteria(&c).unwrap_err().field.as_deref(), Some("criteria[0].max"));
    let mut c = criteria();
    c[1].key = "skill".into();
    assert_eq!(validate_criteria(&c).unwrap_err().field.as_deref(), Some("criteria[1].key"));
}

#[test]
fn sheets_out_of_range_twice_or_by_a_stranger_are_refused() {
    let (judges, entrants) = ([id(1), id(2)], [id(10), id(11)]);
    let c = criteria();
    assert_eq!(validate_sheet(&c, &judges, &entrants, &[], false, &sheet(1, 10, 9000, 8000)), Ok(()));
    match validate_sheet(&c, &judges, &entrants, &[], false, &sheet(1, 10, 10_001, 8000)) {
        Err(SheetFault::Invalid(e)) => {
            assert_eq!(e.len(), 1);
            assert_eq!(e[0].field.as_deref(), Some("scores.skill"));
            assert_eq!(e[0].message, "“操作技能”的分数须在0到100分之间，现在是100.01分");
        }
        other => panic!("{other:?}"),
    }
    let mut missing = sheet(1, 12, 9000, 8000);
    missing.scores.remove("safety");
    missing.scores.insert("speed".into(), 1);
    match validate_sheet(&c, &judges, &entrants, &[], false, &missing) {
        Err(SheetFault::Invalid(e)) => {
            let f: Vec<_> = e.iter().filter_map(|e| e.field.as_deref()).collect();
            assert_eq!(f, ["entrant_id", "scores.safety", "scores.speed"]);
        }
        other => panic!("{other:?}"),
    }
    let scored = [(id(1), id(10))];
    let twice = validate_sheet(&c, &judges, &entrants, &scored, false, &sheet(1, 10, 1, 1));
    assert_eq!(twice, Err(SheetFault::Refused(Refusal::AlreadyScored)));
    let stranger = validate_sheet(&c, &judges, &entrants, &[], false, &sheet(3, 10, 1, 1));
    assert_eq!(stranger, Err(SheetFault::Refused(Refusal::NotAJudge)));
    let closed = validate_sheet(&c, &judges, &entrants, &[], true, &sheet(1, 10, 1, 1));
    assert_eq!(closed, Err(SheetFault::Refused(Refusal::RoundClosed)));
    assert!(sheet_visible(id(1), id(1), false));
    assert!(!sheet_visible(id(1), id(2), false));
    assert!(sheet_visible(id(1), id(2), true));
}

#[test]
fn weighted_total_and_trimmed_mean() {
    let c = criteria();
    // 90 × 0.6 + 80 × 0.4 = 86.
    assert_eq!(sheet_total(&c, &sheet(1, 10, 9000, 8000)).hundredths(), 8600);
    let sheets = [sheet(1, 10, 6000, 6000), sheet(2, 10, 8000, 8000), sheet(3, 10, 10_000, 10_000)];
    let refs: Vec<&ScoreSheet> = sheets.iter().collect();
    let trimmed = ScoringRules { trimmed_mean: true };
    assert_eq!(entrant_score(&c, trimmed, &refs).unwrap().text(), "80.00");
    let plain = entrant_score(&c, ScoringRules::default(), &refs[..2]).unwrap();
    assert_eq!(plain.text(), "70.00");
    // Two judges: nothing to trim, the plain mean.
    assert_eq!(entrant_score(&c, trimmed, &refs[..2]).unwrap(), plain);
    assert_eq!(entrant_score(&c, trimmed, &[]), None);
    // 1/3 of a hundredth rounds down, 2/3 up.
    assert_eq!(Score { num: 1, den: 3 }.hundredths(), 0);
    assert_eq!(Score { num: 2, den: 3 }.hundredths(), 1);
}

#[test]
fn ties_share_a_rank_and_are_named() {
    let c = criteria();
    let sheets = [
        sheet(1, 10, 9000, 9000),
        sheet(1, 11, 9500, 9500),
        sheet(1, 12, 9000, 9000),
        sheet(1, 13, 8000, 8000),
    ];
    let r = rank(&c, ScoringRules::default(), &sheets);
    let ranks: Vec<_> = r.iter().map(|x| (x.entrant_id, x.rank)).collect();
    assert_eq!(ranks, [(id(11), 1), (id(10), 2), (id(12), 2), (id(13), 4)]);
    assert_eq!(r[1].tied_with, vec![id(12)]);
    assert_eq!(r[2].tied_with, vec![id(10)]);
    assert!(r[0].tied_with.is_empty());
    assert_eq!(unscored(&[id(10), id(14)], &sheets), vec![id(14)]);
}

#[test]
fn prizes_checked_against_the_anhui_figures() {
    let p = crate::finance::policy::preset("anhui-2018").unwrap();
    let award = |n: u128, yuan: i64| PrizeAward {
        member_id: id(n),
        amount_fen: yuan * 100,
        form: Form::Cash,
        already: vec![],
    };
    let ok = check_prizes(&p, &[award(1, 500), award(2, 300)], 6, date());
    assert!(ok.allowed(), "{:?}", ok.errors);
    let over = check_prizes(&p, &[award(1, 600), award(2, 300)], 6, date());
    assert_eq!(over.errors.len(), 1);
    assert_eq!(over.errors[0].field.as_deref(), Some("prizes[0].amount"));
    assert!(over.errors[0].message.contains("500"), "{}", over.errors[0].message);
    // 3 winners of 8 entrants is more than a third.
    let many = check_prizes(&p, &[award(1, 100), award(2, 100), award(3, 100)], 8, date());
    assert_eq!(many.errors.len(), 1);
    assert_eq!(many.errors[0].field.as_deref(), Some("prizes"));
    assert!(many.errors[0].message.contains("三分之一"));
    assert!(check_prizes(&p, &[award(1, 100), award(2, 100), award(3, 100)], 9, date()).allowed());
    // Two prizes to one person count together against the per-person cap.
    let twice = check_prizes(&p, &[award(2, 100), award(1, 300), award(1, 300)], 9, date());
    assert_eq!(twice.verdicts.len(), 2);
    assert_eq!(twice.errors.len(), 1);
    assert_eq!(twice.errors[0].field.as_deref(), Some("prizes[1].amount"));
    // The figure is the policy's data: a union's own file with 800 allows 600.
    let mut own = p.clone();
    own.items.contest_prize =
        Some(crate::finance::policy::Cap { per_year_fen: None, per_occasion_fen: Some(80_000) });
    assert!(check_prizes(&own, &[award(1, 600)], 6, date()).allowed());
}

fn sheets_strategy() -> impl Strategy<Value = Vec<ScoreSheet>> {
    proptest::collection::vec((0u128..5, 0u128..12, 0i64..=10_000, 0i64..=10_000), 0..60).prop_map(|v| {
        let mut seen = HashSet::new();
        v.into_iter()
            .filter(|(j, e, _, _)| seen.insert((*j, *e)))
            .map(|(j, e, a, b)| sheet(j, 100 + e, a, b))
            .collect()
    })
}

proptest! {
    #[test]
    fn ranking_is_a_permutation_with_equal_ranks_for_ties(sheets in sheets_strategy(), trim in any::<bool>()) {
        let c = criteria();
        let r = rank(&c, ScoringRules { trimmed_mean: trim }, &sheets);
        let mut got: Vec<Uuid> = r.iter().map(|x| x.entrant_id).collect();
        let mut want: Vec<Uuid> = sheets.iter().map(|s| s.entrant_id).collect();
        got.sort();
        want.sort();
        want.dedup();
        prop_assert_eq!(got, want);
        for w in r.windows(2) {
            prop_assert!(w[0].score >= w[1].score);
            prop_assert_eq!(w[0].score == w[1].score, w[0].rank == w[1].rank);
            prop_assert!(w[0].rank <= w[1].rank);
        }
        for (i, x) in r.iter().enumerate() {
            prop_assert!(x.rank as usize <= i + 1);
            prop_assert_eq!(x.tied_with.len(), r.iter().filter(|y| y.score == x.score).count() - 1);
        }
    }

    #[test]
    fn mean_lies_within_the_judges_totals(scores in proptest::collection::vec((0i64..=10_000, 0i64..=10_000), 1..9), trim in any::<bool>()) {
        let c = criteria();
        let sheets: Vec<ScoreSheet> = scores.iter().enumerate().map(|(j, (a, b))| sheet(j as u128, 1, *a, *b)).collect();
        let refs: Vec<&ScoreSheet> = sheets.iter().collect();
        let totals: Vec<Score> = sheets.iter().map(|s| sheet_total(&c, s)).collect();
        let (lo, hi) = (*totals.iter().min().unwrap(), *totals.iter().max().unwrap());
        let m = entrant_score(&c, ScoringRules { trimmed_mean: trim }, &refs).unwrap();
        prop_assert!(lo <= m && m <= hi);
        prop_assert!(m.hundredths() >= 0 && m.hundredths() <= 10_000);
    }
}

#[test]
fn removal_is_refused_once_scored_or_published() {
    assert_eq!(check_removal(Removal::Entrant, "张三", 0, false), Ok(()));
    assert_eq!(check_removal(Removal::Judge, "李四", 0, false), Ok(()));
    let e = check_removal(Removal::Entrant, "张三", 2, false).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Conflict, Some("entrant_id")));
    assert_eq!(e.message, "参赛者张三已有2张评分表，不能删除");
    let e = check_removal(Removal::Judge, "李四", 1, false).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Conflict, Some("user_id")));
    assert_eq!(e.message, "评委李四已提交1张评分表，不能删除");
    // Published: refused even when no sheet names them.
    let e = check_removal(Removal::Entrant, "张三", 0, true).unwrap_err();
    assert_eq!(e.message, "竞赛结果已公布，不能再删除参赛者");
    let e = check_removal(Removal::Judge, "李四", 3, true).unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (ErrorCode::Conflict, "竞赛结果已公布，不能再删除评委"));
}
