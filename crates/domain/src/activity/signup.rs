//! Places and the waiting list: what a sign-up and a cancellation do.
//!
//! The store runs these inside one transaction that has locked the
//! activity's row, so that "hundreds press at once" becomes a sequence of
//! calls each seeing the previous one's row: the rules never see a stale
//! count, and so never over-fill.
//!
//! An activity that `needs_approval` takes a member's own sign-up as
//! pending (待审核): it holds no place and no waiting position until an
//! officer approves it, when it is placed as a new sign-up would be (a
//! place while one is free, else the end of the waiting list).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{ActivityRules, Refusal};
use crate::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignupStatus {
    Confirmed,
    Waiting,
    Cancelled,
    /// Awaiting an officer's approval (活动需审核): no place, no position.
    Pending,
    /// Turned down by an officer, with a reason; the member may apply again.
    Rejected,
}

impl SignupStatus {
    pub const ALL: [SignupStatus; 5] = [
        SignupStatus::Confirmed,
        SignupStatus::Waiting,
        SignupStatus::Cancelled,
        SignupStatus::Pending,
        SignupStatus::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SignupStatus::Confirmed => "confirmed",
            SignupStatus::Waiting => "waiting",
            SignupStatus::Cancelled => "cancelled",
            SignupStatus::Pending => "pending",
            SignupStatus::Rejected => "rejected",
        }
    }

    /// The status stored as [`Self::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            SignupStatus::Confirmed => "已确认",
            SignupStatus::Waiting => "候补",
            SignupStatus::Cancelled => "已取消",
            SignupStatus::Pending => "待审核",
            SignupStatus::Rejected => "未通过",
        }
    }

    /// A row that no longer stands (the member may sign up again).
    pub fn is_closed(self) -> bool {
        matches!(self, SignupStatus::Cancelled | SignupStatus::Rejected)
    }
}

/// One member's sign-up row. `seq` is the arrival order (1, 2, 3 … per
/// activity, never reused): the waiting list is ordered by it, so a
/// cancellation needs no renumbering of the rows behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signup {
    pub member_id: Uuid,
    pub status: SignupStatus,
    pub seq: u64,
}

/// What a new sign-up becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SignupOutcome {
    pub status: SignupStatus,
    /// The row's arrival number, one past the highest so far.
    pub seq: u64,
    /// For `waiting`: the place on the waiting list, 1 = next to move up.
    pub position: Option<u32>,
    /// The member had cancelled (or been turned down) before: the store
    /// updates that row rather than inserting a second one (one row per
    /// person per activity).
    pub replaces_cancelled: bool,
}

/// What a cancellation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cancellation {
    /// What the cancelled row was.
    pub was: SignupStatus,
    /// The first on the waiting list, now confirmed (a confirmed place was
    /// freed and someone was waiting).
    pub promoted: Option<Uuid>,
}

pub fn confirmed_count(signups: &[Signup]) -> usize {
    signups.iter().filter(|s| s.status == SignupStatus::Confirmed).count()
}

/// The waiting list, first to move up first.
pub fn waiting_list(signups: &[Signup]) -> Vec<Signup> {
    let mut w: Vec<Signup> = signups.iter().copied().filter(|s| s.status == SignupStatus::Waiting).collect();
    w.sort_by_key(|s| s.seq);
    w
}

/// The member's place on the waiting list (1-based), if waiting.
pub fn waiting_position(signups: &[Signup], member: Uuid) -> Option<u32> {
    waiting_list(signups)
        .iter()
        .position(|s| s.member_id == member)
        .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX))
}

/// The window rule alone: when a sign-up is taken.
pub fn signup_window(rules: &ActivityRules, now: DateTime<Utc>) -> Result<(), Refusal> {
    if now < rules.signup_opens_at {
        return Err(Refusal::SignupNotOpen);
    }
    if now >= rules.signup_closes_at {
        return Err(Refusal::SignupClosed);
    }
    Ok(())
}

/// What the activity's row says about its list: the counters kept on it
/// (places taken, people waiting, the last arrival number given), so that a
/// sign-up reads one row instead of the whole list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub confirmed: u64,
    pub waiting: u64,
    pub last_seq: u64,
}

impl Counts {
    /// The counters of a list held in memory.
    pub fn of(signups: &[Signup]) -> Counts {
        Counts {
            confirmed: confirmed_count(signups) as u64,
            waiting: signups.iter().filter(|s| s.status == SignupStatus::Waiting).count() as u64,
            last_seq: signups.iter().map(|s| s.seq).max().unwrap_or(0),
        }
    }
}

/// A new sign-up of `member` (by themselves or, `by_officer`, by an
/// officer naming them): confirmed while places remain, else on the waiting
/// list; pending when the activity needs approval and the member signed up
/// themselves (an officer's entry needs no second officer). `in_audience`
/// is [`super::in_audience`] of the member, computed by the caller from the
/// roster. A member who cancelled or was turned down may sign up again, at
/// the back.
pub fn sign_up(
    rules: &ActivityRules,
    signups: &[Signup],
    member: Uuid,
    in_audience: bool,
    by_officer: bool,
    now: DateTime<Utc>,
) -> Result<SignupOutcome, Refusal> {
    let mine = signups.iter().find(|s| s.member_id == member).map(|s| s.status);
    sign_up_counted(rules, mine, Counts::of(signups), in_audience, by_officer, now)
}

/// [`sign_up`] from the counters alone: `mine` is the member's current row
/// (None: never signed up). The caller holds the activity's row locked, so
/// the counters are the truth.
pub fn sign_up_counted(
    rules: &ActivityRules,
    mine: Option<SignupStatus>,
    counts: Counts,
    in_audience: bool,
    by_officer: bool,
    now: DateTime<Utc>,
) -> Result<SignupOutcome, Refusal> {
    if mine.is_some_and(|s| !s.is_closed()) {
        return Err(Refusal::AlreadySignedUp);
    }
    signup_window(rules, now)?;
    if !in_audience {
        return Err(Refusal::NotInAudience);
    }
    let seq = counts.last_seq + 1;
    let replaces_cancelled = mine.is_some();
    if rules.needs_approval && !by_officer {
        return Ok(SignupOutcome { status: SignupStatus::Pending, seq, position: None, replaces_cancelled });
    }
    Ok(placed(rules, counts, seq, replaces_cancelled))
}

/// A place while one is free, else the end of the waiting list, for the
/// arrival number `seq`.
fn placed(rules: &ActivityRules, counts: Counts, seq: u64, replaces_cancelled: bool) -> SignupOutcome {
    // Someone waiting means no place is free (a freed place promotes them
    // at once), but checking both keeps this right even if rows were edited.
    if counts.confirmed < u64::from(rules.places) && counts.waiting == 0 {
        return SignupOutcome { status: SignupStatus::Confirmed, seq, position: None, replaces_cancelled };
    }
    let position = u32::try_from(counts.waiting + 1).unwrap_or(u32::MAX);
    SignupOutcome { status: SignupStatus::Waiting, seq, position: Some(position), replaces_cancelled }
}

/// A member cancels their own sign-up or waiting place (an officer may
/// cancel for them: `by_officer` skips the deadline, which is the members'
/// rule, not the organiser's).
pub fn cancel(
    rules: &ActivityRules,
    signups: &[Signup],
    member: Uuid,
    by_officer: bool,
    now: DateTime<Utc>,
) -> Result<Cancellation, Refusal> {
    let mine = signups.iter().find(|s| s.member_id == member).map(|s| s.status);
    let freed = cancel_counted(rules, mine, Counts::of(signups), by_officer, now)?;
    let promoted =
        if freed.promotes_first { waiting_list(signups).first().map(|s| s.member_id) } else { None };
    Ok(Cancellation { was: freed.was, promoted })
}

/// What a cancellation does, from the counters: whether the first on the
/// waiting list (whom the caller reads by index) moves up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Freed {
    pub was: SignupStatus,
    pub promotes_first: bool,
}

/// [`cancel`] from the counters alone (`mine`: the member's current row).
pub fn cancel_counted(
    rules: &ActivityRules,
    mine: Option<SignupStatus>,
    counts: Counts,
    by_officer: bool,
    now: DateTime<Utc>,
) -> Result<Freed, Refusal> {
    // A pending sign-up may be withdrawn (it frees nothing); a turned-down
    // one has nothing left to cancel.
    let Some(was) = mine.filter(|s| !s.is_closed()) else {
        return Err(Refusal::NotSignedUp);
    };
    if !by_officer && now >= rules.cancel_until {
        return Err(Refusal::CancelDeadlinePassed);
    }
    let promotes_first = was == SignupStatus::Confirmed
        && counts.waiting > 0
        && counts.confirmed.saturating_sub(1) < u64::from(rules.places);
    Ok(Freed { was, promotes_first })
}

/// How many move up from the waiting list when an activity has `places`
/// and these counters (after an officer raises the places).
pub fn promotions_counted(places: u32, counts: Counts) -> u64 {
    u64::from(places).saturating_sub(counts.confirmed).min(counts.waiting)
}

/// Who moves up when places grow (an officer raises `places`): the first
/// waiting, as many as the new free places.
pub fn promotions(places: u32, signups: &[Signup]) -> Vec<Uuid> {
    let free = (places as usize).saturating_sub(confirmed_count(signups));
    waiting_list(signups).into_iter().take(free).map(|s| s.member_id).collect()
}

// ---------------------------------------------------------------------------
// Approval (活动需审核)

/// The longest reason for turning a sign-up down, in characters.
pub const MAX_REASON_CHARS: usize = 200;

/// What approving a pending sign-up does: a place while one is free, else
/// the end of the waiting list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Approval {
    pub status: SignupStatus,
    /// For `waiting`: the new arrival number (one past the highest so far),
    /// which puts the member at the end of the waiting list. A confirmed
    /// sign-up keeps the number it arrived with.
    pub new_seq: Option<u64>,
    /// For `waiting`: the place on the waiting list, 1 = next to move up.
    pub position: Option<u32>,
}

/// Approves a pending sign-up (`mine`: the member's current row), from the
/// counters on the locked activity row.
pub fn approve_counted(
    rules: &ActivityRules,
    mine: Option<SignupStatus>,
    counts: Counts,
) -> Result<Approval, Refusal> {
    match mine {
        None => Err(Refusal::NotSignedUp),
        Some(SignupStatus::Pending) => {
            let o = placed(rules, counts, counts.last_seq + 1, true);
            let new_seq = (o.status == SignupStatus::Waiting).then_some(o.seq);
            Ok(Approval { status: o.status, new_seq, position: o.position })
        }
        Some(_) => Err(Refusal::NotPending),
    }
}

/// The counters after an approval.
pub fn counts_after_approval(counts: Counts, a: &Approval) -> Counts {
    match a.status {
        SignupStatus::Confirmed => Counts { confirmed: counts.confirmed + 1, ..counts },
        _ => Counts {
            waiting: counts.waiting + 1,
            last_seq: a.new_seq.unwrap_or(counts.last_seq).max(counts.last_seq),
            ..counts
        },
    }
}

/// Approves `pending` sign-ups one after another (the caller passes them
/// in arrival order): places while they last, then the waiting list in
/// that order. Returns each one's approval and the counters after all.
pub fn approve_in_order(rules: &ActivityRules, counts: Counts, pending: usize) -> (Vec<Approval>, Counts) {
    let mut c = counts;
    let mut out = Vec::with_capacity(pending);
    for _ in 0..pending {
        // A pending row always approves.
        if let Ok(a) = approve_counted(rules, Some(SignupStatus::Pending), c) {
            c = counts_after_approval(c, &a);
            out.push(a);
        }
    }
    (out, c)
}

/// Checks the reason for turning a sign-up down: required, one line, at
/// most [`MAX_REASON_CHARS`] characters.
pub fn rejection_reason(reason: &str) -> Result<String, DomainError> {
    crate::text::required_line("reason", "不通过的理由", reason, MAX_REASON_CHARS)
}

/// Turns a pending sign-up down (`mine`: the member's current row). It held
/// nothing, so no counter moves.
pub fn reject_counted(mine: Option<SignupStatus>) -> Result<(), Refusal> {
    match mine {
        None => Err(Refusal::NotSignedUp),
        Some(SignupStatus::Pending) => Ok(()),
        Some(_) => Err(Refusal::NotPending),
    }
}

/// [`approve_counted`] on rows held in memory.
pub fn approve(rules: &ActivityRules, signups: &[Signup], member: Uuid) -> Result<Approval, Refusal> {
    let mine = signups.iter().find(|s| s.member_id == member).map(|s| s.status);
    approve_counted(rules, mine, Counts::of(signups))
}

/// Applies an approval to the rows, as the store does.
pub fn apply_approval(signups: &mut [Signup], member: Uuid, a: &Approval) {
    if let Some(s) = signups.iter_mut().find(|s| s.member_id == member) {
        s.status = a.status;
        if let Some(seq) = a.new_seq {
            s.seq = seq;
        }
    }
}

/// Applies a rejection to the rows, as the store does.
pub fn apply_rejection(signups: &mut [Signup], member: Uuid) {
    if let Some(s) = signups.iter_mut().find(|s| s.member_id == member) {
        s.status = SignupStatus::Rejected;
    }
}

/// Applies an outcome to the rows, as the store does: for tests and for a
/// caller that keeps rows in memory.
pub fn apply_signup(signups: &mut Vec<Signup>, member: Uuid, o: &SignupOutcome) {
    let row = Signup { member_id: member, status: o.status, seq: o.seq };
    match signups.iter_mut().find(|s| s.member_id == member) {
        Some(s) => *s = row,
        None => signups.push(row),
    }
}

/// Applies a cancellation to the rows, as the store does.
pub fn apply_cancel(signups: &mut [Signup], member: Uuid, c: &Cancellation) {
    for s in signups.iter_mut() {
        if s.member_id == member {
            s.status = SignupStatus::Cancelled;
        } else if Some(s.member_id) == c.promoted {
            s.status = SignupStatus::Confirmed;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::tests::{at, rules};
    use proptest::prelude::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn fills_places_then_waits_in_order() {
        let r = rules(2);
        let mut rows = Vec::new();
        for n in 1..=4 {
            let o = sign_up(&r, &rows, id(n), true, false, at(10)).unwrap();
            apply_signup(&mut rows, id(n), &o);
        }
        let st: Vec<_> = rows.iter().map(|s| s.status).collect();
        use SignupStatus::*;
        assert_eq!(st, [Confirmed, Confirmed, Waiting, Waiting]);
        assert_eq!(waiting_position(&rows, id(3)), Some(1));
        assert_eq!(waiting_position(&rows, id(4)), Some(2));
        assert_eq!(sign_up(&r, &rows, id(5), true, false, at(10)).unwrap().position, Some(3));
    }

    #[test]
    fn refusals() {
        let r = rules(1);
        let mut rows = Vec::new();
        let o = sign_up(&r, &rows, id(1), true, false, at(10)).unwrap();
        apply_signup(&mut rows, id(1), &o);
        assert_eq!(sign_up(&r, &rows, id(1), true, false, at(10)), Err(Refusal::AlreadySignedUp));
        assert_eq!(sign_up(&r, &rows, id(2), false, false, at(10)), Err(Refusal::NotInAudience));
        assert_eq!(sign_up(&r, &rows, id(2), true, false, at(0)), Err(Refusal::SignupNotOpen));
        assert_eq!(sign_up(&r, &rows, id(2), true, false, at(50)), Err(Refusal::SignupClosed));
        // Already signed up wins over a closed window: the message that helps.
        assert_eq!(sign_up(&r, &rows, id(1), true, false, at(50)), Err(Refusal::AlreadySignedUp));
        assert_eq!(cancel(&r, &rows, id(2), false, at(10)), Err(Refusal::NotSignedUp));
        assert_eq!(cancel(&r, &rows, id(1), false, at(45)), Err(Refusal::CancelDeadlinePassed));
        assert!(cancel(&r, &rows, id(1), true, at(45)).is_ok());
    }

    #[test]
    fn cancel_promotes_first_waiting_and_resign_goes_to_the_back() {
        let r = rules(1);
        let mut rows = Vec::new();
        for n in 1..=3 {
            let o = sign_up(&r, &rows, id(n), true, false, at(10)).unwrap();
            apply_signup(&mut rows, id(n), &o);
        }
        let c = cancel(&r, &rows, id(1), false, at(11)).unwrap();
        assert_eq!(c, Cancellation { was: SignupStatus::Confirmed, promoted: Some(id(2)) });
        apply_cancel(&mut rows, id(1), &c);
        let o = sign_up(&r, &rows, id(1), true, false, at(12)).unwrap();
        assert!(o.replaces_cancelled);
        assert_eq!((o.status, o.position), (SignupStatus::Waiting, Some(2)));
        // A waiting member cancelling frees no place.
        let c = cancel(&r, &rows, id(3), false, at(12)).unwrap();
        assert_eq!(c.promoted, None);
    }

    #[test]
    fn counted_versions_agree_on_counters() {
        let r = rules(2);
        let c = Counts { confirmed: 2, waiting: 3, last_seq: 9 };
        let o = sign_up_counted(&r, None, c, true, false, at(10)).unwrap();
        assert_eq!((o.status, o.seq, o.position), (SignupStatus::Waiting, 10, Some(4)));
        let o = sign_up_counted(
            &r,
            Some(SignupStatus::Cancelled),
            Counts { confirmed: 1, ..c },
            true,
            false,
            at(10),
        );
        assert_eq!(o.unwrap().position, Some(4), "someone waiting: no place is free");
        let f = cancel_counted(&r, Some(SignupStatus::Confirmed), c, false, at(10)).unwrap();
        assert!(f.promotes_first);
        let f = cancel_counted(&r, Some(SignupStatus::Waiting), c, false, at(10)).unwrap();
        assert!(!f.promotes_first);
        assert_eq!(promotions_counted(4, c), 2);
        assert_eq!(promotions_counted(9, c), 3);
        assert_eq!(promotions_counted(1, c), 0);
    }

    #[test]
    fn more_places_promote_the_first_waiting() {
        let rows: Vec<Signup> = (1..=5)
            .map(|n| Signup {
                member_id: id(n),
                status: if n <= 2 { SignupStatus::Confirmed } else { SignupStatus::Waiting },
                seq: n as u64,
            })
            .collect();
        assert_eq!(promotions(4, &rows), vec![id(3), id(4)]);
        assert!(promotions(2, &rows).is_empty());
    }

    #[derive(Debug, Clone)]
    enum Op {
        SignUp(u8),
        Cancel(u8),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![3 => (0u8..30).prop_map(Op::SignUp), 1 => (0u8..30).prop_map(Op::Cancel)]
    }

    proptest! {
        #[test]
        fn allocation_invariants(places in 1u32..10, ops in proptest::collection::vec(op(), 0..120)) {
            let r = rules(places);
            let mut rows: Vec<Signup> = Vec::new();
            // Arrival order of those currently waiting, as the test sees it.
            let mut arrivals: Vec<Uuid> = Vec::new();
            for op in ops {
                match op {
                    Op::SignUp(n) => {
                        let m = id(n as u128);
                        match sign_up(&r, &rows, m, true, false, at(10)) {
                            Ok(o) => { apply_signup(&mut rows, m, &o); arrivals.push(m); }
                            Err(e) => prop_assert_eq!(e, Refusal::AlreadySignedUp),
                        }
                    }
                    Op::Cancel(n) => {
                        let m = id(n as u128);
                        let before_first = waiting_list(&rows).first().map(|s| s.member_id);
                        match cancel(&r, &rows, m, false, at(10)) {
                            Ok(c) => {
                                if c.was == SignupStatus::Confirmed {
                                    prop_assert_eq!(c.promoted, before_first);
                                } else {
                                    prop_assert_eq!(c.promoted, None);
                                }
                                apply_cancel(&mut rows, m, &c);
                            }
                            Err(e) => prop_assert_eq!(e, Refusal::NotSignedUp),
                        }
                    }
                }
                // Never more confirmed than places; nobody waits while a place is free.
                let confirmed = confirmed_count(&rows);
                prop_assert!(confirmed <= places as usize);
                if !waiting_list(&rows).is_empty() { prop_assert_eq!(confirmed, places as usize); }
                // Each person at most once.
                let mut ids: Vec<Uuid> = rows.iter().map(|s| s.member_id).collect();
                ids.sort();
                ids.dedup();
                prop_assert_eq!(ids.len(), rows.len());
                // Waiting order = arrival order.
                let waiting: Vec<Uuid> = waiting_list(&rows).iter().map(|s| s.member_id).collect();
                let expected: Vec<Uuid> = arrivals.iter().copied()
                    .filter(|a| waiting.contains(a))
                    .fold(Vec::new(), |mut v, a| { v.retain(|x| *x != a); v.push(a); v });
                prop_assert_eq!(waiting, expected);
            }
        }
    }
}
