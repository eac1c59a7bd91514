//! Tests of sign-up approval (活动需审核): pending sign-ups hold nothing,
//! approval places them as a new sign-up would be placed, rejection needs a
//! reason, and any sequence keeps the places and the waiting list right.

use proptest::prelude::*;
use uuid::Uuid;

use super::tests::{at, rules};
use super::*;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn approving(places: u32) -> ActivityRules {
    ActivityRules { needs_approval: true, ..rules(places) }
}

#[test]
fn statuses_have_codes_and_labels() {
    for s in SignupStatus::ALL {
        assert_eq!(SignupStatus::parse(s.as_str()), Some(s));
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
    assert_eq!(SignupStatus::Pending.as_str(), "pending");
    assert_eq!(SignupStatus::Pending.label(), "待审核");
    assert_eq!(SignupStatus::Rejected.as_str(), "rejected");
    assert_eq!(SignupStatus::Rejected.label(), "未通过");
    assert_eq!(SignupStatus::parse("nonsense"), None);
}

#[test]
fn own_sign_up_waits_for_approval_but_an_officers_entry_does_not() {
    let r = approving(1);
    let mut rows = Vec::new();
    let o = sign_up(&r, &rows, id(1), true, false, at(10)).unwrap();
    assert_eq!((o.status, o.seq, o.position), (SignupStatus::Pending, 1, None));
    apply_signup(&mut rows, id(1), &o);
    // Pending holds no place: an officer's entry still gets it.
    assert_eq!(Counts::of(&rows), Counts { confirmed: 0, waiting: 0, last_seq: 1 });
    let o = sign_up(&r, &rows, id(2), true, true, at(10)).unwrap();
    assert_eq!((o.status, o.seq), (SignupStatus::Confirmed, 2));
    apply_signup(&mut rows, id(2), &o);
    // Pending counts as signed up; the window and audience still apply.
    assert_eq!(sign_up(&r, &rows, id(1), true, false, at(10)), Err(Refusal::AlreadySignedUp));
    assert_eq!(sign_up(&r, &rows, id(3), false, false, at(10)), Err(Refusal::NotInAudience));
    assert_eq!(sign_up(&r, &rows, id(3), true, false, at(50)), Err(Refusal::SignupClosed));
    // Without approval nothing is pending.
    let o = sign_up(&rules(1), &[], id(1), true, false, at(10)).unwrap();
    assert_eq!(o.status, SignupStatus::Confirmed);
}

#[test]
fn approval_places_then_queues_at_the_end() {
    let r = approving(1);
    let mut rows = Vec::new();
    for n in 1..=3 {
        let o = sign_up(&r, &rows, id(n), true, false, at(10)).unwrap();
        apply_signup(&mut rows, id(n), &o);
    }
    // The second is approved first: the place, keeping its number.
    let a = approve(&r, &rows, id(2)).unwrap();
    assert_eq!(a, Approval { status: SignupStatus::Confirmed, new_seq: None, position: None });
    apply_approval(&mut rows, id(2), &a);
    // An officer's entry arrives later, on the waiting list (seq 4).
    let o = sign_up(&r, &rows, id(9), true, true, at(10)).unwrap();
    assert_eq!((o.status, o.seq, o.position), (SignupStatus::Waiting, 4, Some(1)));
    apply_signup(&mut rows, id(9), &o);
    // The first, approved now, queues behind it with a new number.
    let a = approve(&r, &rows, id(1)).unwrap();
    assert_eq!(a, Approval { status: SignupStatus::Waiting, new_seq: Some(5), position: Some(2) });
    apply_approval(&mut rows, id(1), &a);
    let w: Vec<Uuid> = waiting_list(&rows).iter().map(|s| s.member_id).collect();
    assert_eq!(w, [id(9), id(1)]);
    // Approving twice, or someone never signed up, is refused.
    assert_eq!(approve(&r, &rows, id(1)), Err(Refusal::NotPending));
    assert_eq!(approve(&r, &rows, id(7)), Err(Refusal::NotSignedUp));
    assert_eq!(reject_counted(Some(SignupStatus::Confirmed)), Err(Refusal::NotPending));
    assert_eq!(reject_counted(None), Err(Refusal::NotSignedUp));
    assert_eq!(reject_counted(Some(SignupStatus::Pending)), Ok(()));
}

#[test]
fn rejection_needs_a_reason_and_the_member_may_apply_again() {
    let e = rejection_reason("  ").unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (crate::ErrorCode::Required, Some("reason")));
    assert!(e.message.contains("理由"), "{e}");
    let e = rejection_reason(&"长".repeat(MAX_REASON_CHARS + 1)).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (crate::ErrorCode::TooLong, Some("reason")));
    assert_eq!(rejection_reason(&"长".repeat(MAX_REASON_CHARS)).unwrap().chars().count(), MAX_REASON_CHARS);
    assert_eq!(rejection_reason(" 名额仅限一线职工 ").unwrap(), "名额仅限一线职工");

    let r = approving(2);
    let mut rows = Vec::new();
    let o = sign_up(&r, &rows, id(1), true, false, at(10)).unwrap();
    apply_signup(&mut rows, id(1), &o);
    reject_counted(Some(SignupStatus::Pending)).unwrap();
    apply_rejection(&mut rows, id(1));
    // Nothing to cancel once turned down; applying again is pending anew.
    assert_eq!(cancel(&r, &rows, id(1), false, at(10)), Err(Refusal::NotSignedUp));
    let o = sign_up(&r, &rows, id(1), true, false, at(11)).unwrap();
    assert_eq!((o.status, o.seq, o.replaces_cancelled), (SignupStatus::Pending, 2, true));
}

#[test]
fn a_pending_sign_up_may_be_cancelled_and_frees_nothing() {
    let r = approving(1);
    let c = Counts { confirmed: 1, waiting: 2, last_seq: 5 };
    let f = cancel_counted(&r, Some(SignupStatus::Pending), c, false, at(10)).unwrap();
    assert_eq!(f, Freed { was: SignupStatus::Pending, promotes_first: false });
    assert_eq!(
        cancel_counted(&r, Some(SignupStatus::Pending), c, false, at(45)),
        Err(Refusal::CancelDeadlinePassed)
    );
}

#[test]
fn approving_all_fills_places_then_the_waiting_list() {
    let r = approving(3);
    let (list, after) = approve_in_order(&r, Counts { confirmed: 1, waiting: 0, last_seq: 6 }, 4);
    let st: Vec<_> = list.iter().map(|a| (a.status, a.new_seq, a.position)).collect();
    use SignupStatus::*;
    assert_eq!(
        st,
        [
            (Confirmed, None, None),
            (Confirmed, None, None),
            (Waiting, Some(7), Some(1)),
            (Waiting, Some(8), Some(2))
        ]
    );
    assert_eq!(after, Counts { confirmed: 3, waiting: 2, last_seq: 8 });
    // Someone already waiting: no place is free, all queue behind them.
    let (list, _) = approve_in_order(&r, Counts { confirmed: 2, waiting: 1, last_seq: 3 }, 2);
    assert!(list.iter().all(|a| a.status == Waiting));
    assert_eq!(list[0].position, Some(2));
    assert!(approve_in_order(&r, Counts::default(), 0).0.is_empty());
}

#[derive(Debug, Clone)]
enum Op {
    SignUp(u8, bool),
    Approve(u8),
    Reject(u8),
    Cancel(u8),
    ApproveAll,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..20, any::<bool>()).prop_map(|(n, o)| Op::SignUp(n, o)),
        3 => (0u8..20).prop_map(Op::Approve),
        1 => (0u8..20).prop_map(Op::Reject),
        2 => (0u8..20).prop_map(Op::Cancel),
        1 => Just(Op::ApproveAll),
    ]
}

proptest! {
    /// Random sign-ups (own and officers'), approvals, rejections,
    /// cancellations and approve-all never over-fill, never leave someone
    /// waiting while a place is free, keep the waiting list in the order
    /// people joined it, and the counters the app keeps (moved by the
    /// counted functions) always match the rows.
    #[test]
    fn approval_invariants(
        places in 1u32..6,
        needs_approval in any::<bool>(),
        ops in proptest::collection::vec(op(), 0..150),
    ) {
        let r = ActivityRules { needs_approval, ..rules(places) };
        let mut rows: Vec<Signup> = Vec::new();
        let mut counts = Counts::default();
        // The order in which people joined the places or the waiting list.
        let mut joined: Vec<Uuid> = Vec::new();
        for op in ops {
            match op {
                Op::SignUp(n, by_officer) => {
                    let m = id(n as u128);
                    let mine = rows.iter().find(|s| s.member_id == m).map(|s| s.status);
                    match sign_up_counted(&r, mine, counts, true, by_officer, at(10)) {
                        Ok(o) => {
                            prop_assert_eq!(o.status == SignupStatus::Pending, needs_approval && !by_officer);
                            apply_signup(&mut rows, m, &o);
                            match o.status {
                                SignupStatus::Confirmed => counts.confirmed += 1,
                                SignupStatus::Waiting => counts.waiting += 1,
                                _ => {}
                            }
                            counts.last_seq = o.seq;
                            joined.push(m);
                        }
                        Err(e) => prop_assert_eq!(e, Refusal::AlreadySignedUp),
                    }
                }
                Op::Approve(n) => {
                    let m = id(n as u128);
                    let mine = rows.iter().find(|s| s.member_id == m).map(|s| s.status);
                    match approve_counted(&r, mine, counts) {
                        Ok(a) => {
                            prop_assert_eq!(mine, Some(SignupStatus::Pending));
                            apply_approval(&mut rows, m, &a);
                            counts = counts_after_approval(counts, &a);
                            joined.push(m);
                        }
                        Err(e) => prop_assert!(
                            (mine.is_none() && e == Refusal::NotSignedUp)
                                || (mine.is_some() && e == Refusal::NotPending)
                        ),
                    }
                }
                Op::Reject(n) => {
                    let m = id(n as u128);
                    let mine = rows.iter().find(|s| s.member_id == m).map(|s| s.status);
                    if reject_counted(mine).is_ok() {
                        apply_rejection(&mut rows, m);
                    }
                }
                Op::Cancel(n) => {
                    let m = id(n as u128);
                    let mine = rows.iter().find(|s| s.member_id == m).map(|s| s.status);
                    let first = waiting_list(&rows).first().map(|s| s.member_id);
                    match cancel_counted(&r, mine, counts, false, at(10)) {
                        Ok(f) => {
                            let promoted = if f.promotes_first { first } else { None };
                            apply_cancel(&mut rows, m, &Cancellation { was: f.was, promoted });
                            match f.was {
                                SignupStatus::Confirmed => counts.confirmed -= 1,
                                SignupStatus::Waiting => counts.waiting -= 1,
                                _ => {}
                            }
                            if promoted.is_some() {
                                counts.confirmed += 1;
                                counts.waiting -= 1;
                            }
                        }
                        Err(e) => prop_assert_eq!(e, Refusal::NotSignedUp),
                    }
                }
                Op::ApproveAll => {
                    let mut pending: Vec<Signup> =
                        rows.iter().copied().filter(|s| s.status == SignupStatus::Pending).collect();
                    pending.sort_by_key(|s| s.seq);
                    let (list, after) = approve_in_order(&r, counts, pending.len());
                    prop_assert_eq!(list.len(), pending.len());
                    for (s, a) in pending.iter().zip(&list) {
                        apply_approval(&mut rows, s.member_id, a);
                        joined.push(s.member_id);
                    }
                    counts = after;
                }
            }
            // The counters kept on the activity row match the rows.
            prop_assert_eq!(counts, Counts::of(&rows));
            // Never more confirmed than places; nobody waits while a place is free.
            let confirmed = confirmed_count(&rows);
            prop_assert!(confirmed <= places as usize);
            if !waiting_list(&rows).is_empty() { prop_assert_eq!(confirmed, places as usize); }
            // Pending and rejected rows hold no place and no position.
            for s in &rows {
                if matches!(s.status, SignupStatus::Pending | SignupStatus::Rejected) {
                    prop_assert_eq!(waiting_position(&rows, s.member_id), None);
                }
            }
            // Each person at most once.
            let mut ids: Vec<Uuid> = rows.iter().map(|s| s.member_id).collect();
            ids.sort();
            ids.dedup();
            prop_assert_eq!(ids.len(), rows.len());
            // Waiting order = the order they joined the list.
            let waiting: Vec<Uuid> = waiting_list(&rows).iter().map(|s| s.member_id).collect();
            let expected: Vec<Uuid> = joined.iter().copied()
                .filter(|a| waiting.contains(a))
                .fold(Vec::new(), |mut v, a| { v.retain(|x| *x != a); v.push(a); v });
            prop_assert_eq!(waiting, expected);
        }
    }
}
