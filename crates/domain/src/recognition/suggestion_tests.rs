use super::*;
use proptest::prelude::*;

fn new(category: &str, title: &str, proposal: &str) -> NewSuggestion {
    NewSuggestion {
        category: category.into(),
        title: title.into(),
        current_state: "现状".into(),
        proposal: proposal.into(),
        expected_benefit: String::new(),
        team: String::new(),
    }
}

#[test]
fn codes_labels_and_parse_agree() {
    for c in Category::ALL {
        assert_eq!(Category::parse(c.as_str()), Some(c));
        assert_eq!(Category::parse(c.label()), Some(c));
    }
    for s in Status::ALL {
        assert_eq!(Status::parse(s.as_str()), Some(s));
        assert_eq!(Status::parse(s.label()), Some(s));
    }
    assert_eq!(Category::parse("节能降耗"), Some(Category::EnergySaving));
    assert_eq!(Status::parse("推荐实施"), Some(Status::Adopted));
    assert_eq!(Category::parse("发明"), None);
}

#[test]
fn the_workflow_runs_from_submission_to_reward() {
    let s = transition(Status::Submitted, Action::Assess(Decision::Adopt)).unwrap();
    assert_eq!(s, Status::Adopted);
    let s = transition(s, Action::Implement).unwrap();
    assert_eq!(s, Status::Implementing);
    let s = transition(s, Action::Accept).unwrap();
    assert_eq!(s, Status::Accepted);
    assert_eq!(transition(s, Action::Reward).unwrap(), Status::Rewarded);
    // Accepted straight from 推荐实施, and 需完善 back to 已提交.
    assert_eq!(transition(Status::Adopted, Action::Accept).unwrap(), Status::Accepted);
    assert_eq!(
        transition(Status::Submitted, Action::Assess(Decision::Revise)).unwrap(),
        Status::NeedsRevision
    );
    assert_eq!(transition(Status::NeedsRevision, Action::Resubmit).unwrap(), Status::Submitted);
}

#[test]
fn a_reward_before_acceptance_is_a_conflict_in_chinese() {
    for from in [Status::Submitted, Status::Adopted, Status::Implementing, Status::Rewarded] {
        let e = transition(from, Action::Reward).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidTransition);
        assert!(e.message.contains("只有已验收的建议才能奖励"), "{}", e.message);
        assert!(e.message.contains(from.label()));
    }
    assert!(transition(Status::Rejected, Action::Merge).is_err());
    assert!(transition(Status::Merged, Action::ToProposal).is_err());
    assert!(transition(Status::Submitted, Action::Accept).is_err());
}

#[test]
fn validation_names_each_field() {
    let ok = validate_new(&new("safety", " 叉车加装倒车雷达 ", "加装雷达")).unwrap();
    assert_eq!(ok.category, Category::Safety);
    assert_eq!(ok.title, "叉车加装倒车雷达");
    let errs = validate_new(&new("发明", "", "")).unwrap_err();
    let fields: Vec<&str> = errs.iter().filter_map(|e| e.field.as_deref()).collect();
    assert_eq!(fields, ["category", "title", "proposal"]);
    assert!(errs.iter().all(|e| !e.message.is_empty()));
    let long = "长".repeat(MAX_TITLE_CHARS + 1);
    let errs = validate_new(&new("safety", &long, "x")).unwrap_err();
    assert_eq!(errs[0].code, ErrorCode::TooLong);
}

#[test]
fn revision_and_rejection_need_a_reason() {
    assert_eq!(check_assessment("adopt", "").unwrap(), (Decision::Adopt, None));
    for d in ["revise", "reject"] {
        let e = check_assessment(d, "  ").unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Required, Some("reason")));
    }
    let (d, r) = check_assessment("reject", "已有同类措施").unwrap();
    assert_eq!((d, r.as_deref()), (Decision::Reject, Some("已有同类措施")));
    assert_eq!(check_assessment("maybe", "x").unwrap_err().field.as_deref(), Some("decision"));
}

#[test]
fn value_and_reward_amounts() {
    assert_eq!(check_value(0).unwrap(), 0);
    let e = check_value(-1).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("value_fen_per_year"));
    assert!(check_reward(0).is_err());
    assert_eq!(check_reward(-5).unwrap_err().field.as_deref(), Some("amount_fen"));
    assert_eq!(check_reward(50_000).unwrap(), 50_000);
    let id = uuid::Uuid::now_v7();
    assert!(check_merge(id, id, Status::Submitted).is_err());
    assert!(check_merge(id, uuid::Uuid::now_v7(), Status::Merged).is_err());
    assert!(check_merge(id, uuid::Uuid::now_v7(), Status::Accepted).is_ok());
}

#[test]
fn rates_and_the_ranking() {
    let c = Counts { submitted: 10, adopted: 4, implemented: 3, ..Counts::default() };
    assert_eq!(adoption_rate(&c).display(), "40.00%");
    assert_eq!(implementation_rate(&c).display(), "75.00%");
    assert_eq!(adoption_rate(&Counts::default()).display(), "—");
    let rows = vec![
        Ranked { item: "a", value_fen_per_year: 100, number: 1 },
        Ranked { item: "b", value_fen_per_year: 500, number: 2 },
        Ranked { item: "c", value_fen_per_year: 100, number: 0 },
        Ranked { item: "d", value_fen_per_year: 0, number: 3 },
    ];
    let r: Vec<&str> = ranking(rows, 10).into_iter().map(|r| r.item).collect();
    assert_eq!(r, ["b", "c", "a"]);
}

fn statuses() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

fn actions() -> impl Strategy<Value = Action> {
    prop::sample::select(vec![
        Action::Assess(Decision::Adopt),
        Action::Assess(Decision::Revise),
        Action::Assess(Decision::Reject),
        Action::Resubmit,
        Action::Implement,
        Action::Accept,
        Action::Reward,
        Action::Merge,
        Action::ToProposal,
    ])
}

proptest! {
    /// Whatever happens, a final suggestion stays as it is, and only an
    /// accepted one is ever rewarded.
    #[test]
    fn final_states_are_final_and_rewards_follow_acceptance(
        start in statuses(),
        steps in prop::collection::vec(actions(), 0..20),
    ) {
        let mut s = start;
        for a in steps {
            match transition(s, a) {
                Ok(next) => {
                    prop_assert!(!s.is_final(), "{s:?} moved to {next:?}");
                    if next == Status::Rewarded {
                        prop_assert_eq!(s, Status::Accepted);
                    }
                    s = next;
                }
                Err(e) => prop_assert_eq!(e.code, ErrorCode::InvalidTransition),
            }
        }
    }

    #[test]
    fn the_ranking_is_sorted_and_bounded(
        values in prop::collection::vec(-5i64..1000, 0..50),
        top in 0usize..20,
    ) {
        let rows: Vec<Ranked<usize>> = values
            .iter()
            .enumerate()
            .map(|(i, v)| Ranked { item: i, value_fen_per_year: *v, number: i as i64 })
            .collect();
        let r = ranking(rows, top);
        prop_assert!(r.len() <= top);
        prop_assert!(r.windows(2).all(|w| w[0].value_fen_per_year >= w[1].value_fen_per_year));
        prop_assert!(r.iter().all(|x| x.value_fen_per_year > 0));
    }
}
