use super::*;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn lead(n: u128) -> Handler {
    Handler { user_id: id(n), leading: true }
}

fn assist(n: u128) -> Handler {
    Handler { user_id: id(n), leading: false }
}

fn st(status: Status, round: u8) -> State {
    State { status, round }
}

#[test]
fn channels_and_statuses_parse_from_code_or_label() {
    for c in Channel::ALL {
        assert_eq!(Channel::parse(c.as_str()), Some(c));
        assert_eq!(Channel::parse(c.label()), Some(c));
    }
    assert_eq!(Channel::Mailbox.label(), "主席信箱");
    for s in Status::ALL {
        assert_eq!(Status::parse(s.as_str()), Some(s));
        assert_eq!(Status::parse(s.label()), Some(s));
    }
    assert_eq!(Status::Rejected.label(), "不予受理");
    assert_eq!(serde_json::to_value(Status::InProgress).unwrap(), "in_progress");
}

#[test]
fn default_deadlines_are_3_and_15_days_from_receipt() {
    let s = PetitionSettings::default();
    assert!(s.check().is_ok());
    let dl = deadlines(d("2026-03-02"), &s);
    assert_eq!(dl, Deadlines { dispatch_by: d("2026-03-05"), answer_by: d("2026-03-17") });
    assert_eq!(second_round_due(d("2026-03-20"), &s), d("2026-04-04"));
}

#[test]
fn settings_are_checked() {
    let bad = PetitionSettings { answer_days: 0, ..Default::default() };
    assert_eq!(bad.check().unwrap_err().field.as_deref(), Some("answer_days"));
    let bad = PetitionSettings { dispatch_days: 20, ..Default::default() };
    let e = bad.check().unwrap_err();
    assert_eq!(e.field.as_deref(), Some("dispatch_days"));
    assert!(e.message.contains("不能长于答复期限"), "{}", e.message);
}

#[test]
fn a_due_date_before_receipt_is_refused() {
    let e = check_due_date(d("2026-03-02"), d("2026-03-01")).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidDate, Some("due_date")));
    assert!(check_due_date(d("2026-03-02"), d("2026-03-02")).is_ok());
}

#[test]
fn overdue_by_stage() {
    let dl = deadlines(d("2026-03-02"), &PetitionSettings::default());
    assert_eq!(overdue(Status::Received, &dl, d("2026-03-05")), None);
    assert_eq!(overdue(Status::Received, &dl, d("2026-03-06")), Some(Overdue::Dispatch));
    assert_eq!(overdue(Status::Dispatched, &dl, d("2026-03-06")), None);
    assert_eq!(overdue(Status::InProgress, &dl, d("2026-03-17")), None);
    assert_eq!(overdue(Status::InProgress, &dl, d("2026-03-18")), Some(Overdue::Answer));
    assert_eq!(overdue(Status::Received, &dl, d("2026-03-18")), Some(Overdue::Answer));
    assert_eq!(overdue(Status::Answered, &dl, d("2026-04-18")), None);
    assert_eq!(overdue(Status::Rejected, &dl, d("2026-04-18")), None);
    assert_eq!(Overdue::Answer.label(), "超期未答复");
}

#[test]
fn the_whole_way_with_a_second_round() {
    let s = transition(State::NEW, &Action::Dispatch { handlers: vec![lead(1), assist(2)] }).unwrap();
    assert_eq!(s, st(Status::Dispatched, 1));
    // Re-dispatch before work starts.
    let s = transition(s, &Action::Dispatch { handlers: vec![lead(3)] }).unwrap();
    let s = transition(s, &Action::Start).unwrap();
    assert_eq!(s.status, Status::InProgress);
    let s = transition(s, &Action::Answer { text: "已协调食堂增设夜班窗口".into() }).unwrap();
    assert_eq!(s.status, Status::Answered);
    let s = transition(s, &Action::Rate(Rating::Unsatisfied)).unwrap();
    assert_eq!(s, st(Status::InProgress, 2));
    let s = transition(s, &Action::Answer { text: "夜班窗口已开放".into() }).unwrap();
    let s = transition(s, &Action::Rate(Rating::Unsatisfied)).unwrap();
    assert_eq!(s, st(Status::Closed, 2), "the second rating closes it whatever it says");
}

#[test]
fn satisfied_closes_and_unrated_may_be_closed() {
    let answered = st(Status::Answered, 1);
    assert_eq!(transition(answered, &Action::Rate(Rating::Basically)).unwrap(), st(Status::Closed, 1));
    assert_eq!(transition(answered, &Action::Close).unwrap(), st(Status::Closed, 1));
    let e = transition(st(Status::Closed, 1), &Action::Close).unwrap_err();
    assert_eq!(e.code, ErrorCode::AlreadyClosed);
}

#[test]
fn rejection_needs_a_reason_and_is_only_at_intake() {
    let e = transition(State::NEW, &Action::Reject { reason: "  ".into() }).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Required, Some("reason")));
    let s =
        transition(State::NEW, &Action::Reject { reason: "不属于工会受理范围，已告知向劳动监察反映".into() })
            .unwrap();
    assert_eq!(s.status, Status::Rejected);
    let e = transition(st(Status::InProgress, 1), &Action::Reject { reason: "x".into() }).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidTransition);
    assert!(e.message.contains("处理中") && e.message.contains("不予受理"), "{}", e.message);
}

#[test]
fn illegal_moves_say_why() {
    let e = transition(State::NEW, &Action::Answer { text: "x".into() }).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidTransition, Some("status")));
    assert!(e.message.contains("请先受理并派发"), "{}", e.message);
    let e = transition(st(Status::InProgress, 1), &Action::Rate(Rating::Satisfied)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("rating"));
    assert!(e.message.contains("答复后才能评价"), "{}", e.message);
    let e = transition(st(Status::Dispatched, 1), &Action::Answer { text: "x".into() }).unwrap_err();
    assert!(e.message.contains("开始办理"), "{}", e.message);
    let e = transition(st(Status::InProgress, 1), &Action::Answer { text: "".into() }).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("answer"));
}

#[test]
fn exactly_one_leading_handler() {
    let e = check_handlers(&[]).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Required, Some("handlers")));
    assert!(check_handlers(&[assist(1), assist(2)]).unwrap_err().message.contains("主办人"));
    assert!(check_handlers(&[lead(1), lead(2)]).unwrap_err().message.contains("2名"));
    assert!(check_handlers(&[lead(1), assist(1)]).unwrap_err().message.contains("重复"));
    assert!(check_handlers(&[lead(1), assist(2), assist(3)]).is_ok());
}

fn new_petition() -> NewPetition {
    NewPetition {
        channel: Channel::Mailbox,
        subject: "夜班就餐".into(),
        content: "夜班职工没有热饭".into(),
        received_on: d("2026-03-02"),
        anonymous: false,
        writer: Writer {
            name: "张三".into(),
            contact: Some("13800138000".into()),
            member_id: Some(id(9)),
            department: Some("二车间".into()),
        },
    }
}

#[test]
fn a_new_petition_reports_every_fault() {
    let p = NewPetition {
        subject: "".into(),
        content: " ".into(),
        received_on: d("2026-03-09"),
        writer: Writer::default(),
        ..new_petition()
    };
    let errs = validate_new(&p, d("2026-03-08")).unwrap_err();
    let fields: Vec<_> = errs.iter().map(|e| e.field.as_deref().unwrap()).collect();
    assert_eq!(fields, ["subject", "content", "received_on", "writer_name"]);
    let ok = validate_new(&new_petition(), d("2026-03-08")).unwrap();
    assert_eq!(ok.writer.unwrap().name, "张三");
}

#[test]
fn an_anonymous_writer_is_neither_required_nor_kept_nor_shown() {
    let p = NewPetition { anonymous: true, writer: Writer::default(), ..new_petition() };
    assert_eq!(validate_new(&p, d("2026-03-08")).unwrap().writer, None);
    let p = NewPetition { anonymous: true, ..new_petition() };
    assert_eq!(validate_new(&p, d("2026-03-08")).unwrap().writer, None, "a name typed anyway is dropped");
    let w = new_petition().writer;
    assert_eq!(writer_for_officer(true, Some(&w)), WriterView::Anonymous);
    assert_eq!(writer_for_officer(true, None).label(), "匿名");
    assert_eq!(writer_for_officer(false, None), WriterView::Anonymous);
    assert_eq!(writer_for_officer(false, Some(&w)), WriterView::Known(w.clone()));
    let json = serde_json::to_value(writer_for_officer(true, Some(&w))).unwrap();
    assert_eq!(json, serde_json::json!({ "kind": "anonymous" }));
}

#[test]
fn rates_from_their_own_bases() {
    let due = d("2026-03-17");
    let at = d("2026-03-20");
    let p = |status, first_answered_on: Option<&str>, rating| Summary {
        status,
        answer_by: due,
        first_answered_on: first_answered_on.map(d),
        rating,
    };
    let r = rates(
        &[
            p(Status::Closed, Some("2026-03-10"), Some(Rating::Satisfied)),
            p(Status::Closed, Some("2026-03-17"), Some(Rating::Unsatisfied)),
            p(Status::Closed, Some("2026-03-18"), None),
            p(Status::InProgress, None, None),
            p(Status::Rejected, None, None),
            Summary { answer_by: d("2026-03-25"), ..p(Status::Dispatched, None, None) },
        ],
        at,
    );
    assert_eq!((r.total, r.rejected, r.accepted), (6, 1, 5));
    // 2 in time; 1 late; 1 overdue without answer; the one still in time is not counted.
    assert_eq!(r.answered_on_time, Ratio::new(2, 4));
    assert_eq!(r.resolved, Ratio::new(3, 5));
    assert_eq!(r.satisfaction, Ratio::new(1, 2));
    assert_eq!(r.satisfaction.percent_text(), "50.00%");
    assert_eq!(rates(&[], at).resolved.to_string(), "—");
}

#[test]
fn stored_summaries_count_the_first_answer_as_recorded() {
    let at = d("2026-04-30");
    let due = d("2026-03-17");
    let r = rates(
        &[
            // Answered in time, then round 2 moved the deadline on.
            Summary::stored(Status::Closed, d("2026-04-20"), Some(true), Some(Rating::Basically)),
            Summary::stored(Status::Answered, due, Some(false), None),
            Summary::stored(Status::InProgress, due, None, None),
            Summary::stored(Status::Received, d("2026-05-10"), None, None),
        ],
        at,
    );
    assert_eq!(r.answered_on_time, Ratio::new(1, 3));
    assert_eq!(r.satisfaction, Ratio::new(1, 1));
    assert!(in_time(due, due) && !in_time(d("2026-03-18"), due));
}

#[test]
fn a_petition_turns_once_and_not_after_rejection() {
    assert!(check_turn(Status::Received, None).is_ok());
    assert!(check_turn(Status::Closed, None).is_ok());
    let e = check_turn(Status::InProgress, Some(TurnedInto::MediationCase)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(e.message.contains("调解案件"), "{}", e.message);
    let e = check_turn(Status::Rejected, None).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidTransition, Some("status")));
    for t in TurnedInto::ALL {
        assert_eq!(TurnedInto::parse(t.as_str()), Some(t));
    }
}

fn any_action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (0usize..4, 0usize..3).prop_map(|(n, leads)| Action::Dispatch {
            handlers: (0..n).map(|i| Handler { user_id: id(i as u128), leading: i < leads }).collect()
        }),
        prop_oneof![Just(String::new()), Just("理由".to_owned())]
            .prop_map(|reason| Action::Reject { reason }),
        Just(Action::Start),
        prop_oneof![Just(String::new()), Just("答复".to_owned())].prop_map(|text| Action::Answer { text }),
        (0usize..3).prop_map(|i| Action::Rate(Rating::ALL[i])),
        Just(Action::Close),
    ]
}

proptest! {
    /// Whatever is pressed in whatever order: the round stays 1 or 2, only
    /// a 不满意 raises it, a final state never moves, and an answered
    /// petition always leaves 已答复 on a rating.
    #[test]
    fn the_machine_stays_in_bounds(actions in proptest::collection::vec(any_action(), 0..40)) {
        let mut s = State::NEW;
        for a in &actions {
            match transition(s, a) {
                Ok(next) => {
                    prop_assert!(!s.status.is_final(), "{s:?} moved on {a:?}");
                    prop_assert!((1..=MAX_ROUNDS).contains(&next.round));
                    if next.round != s.round {
                        prop_assert_eq!(a, &Action::Rate(Rating::Unsatisfied));
                        prop_assert_eq!(next.round, s.round + 1);
                    }
                    s = next;
                }
                Err(e) => {
                    prop_assert!(!e.message.is_empty() && e.field.is_some());
                    if let (Status::Answered, Action::Rate(_)) = (s.status, a) {
                        prop_assert!(false, "a rating of an answered petition is always taken");
                    }
                }
            }
        }
    }

    /// Rates never exceed 100 % and their bases nest.
    #[test]
    fn rates_stay_within_their_bases(v in proptest::collection::vec(
        (0usize..6, proptest::option::of(0i64..30), proptest::option::of(0usize..3), 0i64..30), 0..50)) {
        let base = d("2026-03-01");
        let items: Vec<Summary> = v.iter().map(|(s, ans, rating, due)| Summary {
            status: Status::ALL[*s],
            answer_by: base + chrono::Days::new(*due as u64),
            first_answered_on: ans.map(|a| base + chrono::Days::new(a as u64)),
            rating: rating.map(|i| Rating::ALL[i]),
        }).collect();
        let r = rates(&items, base + chrono::Days::new(15));
        for x in [r.answered_on_time, r.resolved, r.satisfaction] {
            prop_assert!(x.numerator <= x.denominator);
        }
        prop_assert!(r.satisfaction.denominator <= r.resolved.numerator);
        prop_assert_eq!(r.resolved.denominator, r.accepted);
        prop_assert!(r.accepted + r.rejected <= r.total);
    }
}
