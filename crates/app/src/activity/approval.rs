//! Sign-up approval (活动需审核, issue 16): an officer approves a member's
//! pending sign-up (a place while one is free, else the end of the waiting
//! list), turns it down with a reason, or approves every pending one in
//! the order they arrived. Each locks the activity's row, as a sign-up
//! does, so approvals and sign-ups never race for the same place.

use domain::activity::{
    Approval, SignupStatus, approve_counted, approve_in_order, reject_counted, rejection_reason,
};
use domain::{DomainError, ErrorCode, UnionId};
use store::Tx;
use store::activity::Activity;
use uuid::Uuid;

use super::service::{counts_of, is_called_off, lock, may_manage, rules_of};
use super::signup::status_of;
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};

/// What an approval gave the member.
#[derive(Debug, Clone)]
pub struct Approved {
    pub member_id: Uuid,
    /// `Confirmed` or `Waiting`.
    pub status: SignupStatus,
    /// The place on the waiting list (1: next in line).
    pub position: Option<u32>,
}

/// What approving every pending sign-up did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApprovedAll {
    pub confirmed: u64,
    pub waiting: u64,
}

impl ApprovedAll {
    pub fn approved(&self) -> u64 {
        self.confirmed + self.waiting
    }
}

/// Locks the activity for an officer's decision: 404 when unknown, 403 for
/// a caller who does not manage its union, 409 when it was called off.
async fn locked(tx: &mut Tx, p: &Principal, activity_id: Uuid) -> AppResult<(Activity, String)> {
    let (a, path) = lock(tx, activity_id).await?;
    if !may_manage(p, &path) {
        return Err(AppError::code(ErrorCode::Forbidden));
    }
    if is_called_off(&a) {
        return Err(AppError::field(ErrorCode::Conflict, "status", "活动已取消"));
    }
    Ok((a, path))
}

/// The member's sign-up row and name: 404 when the member has none on this
/// activity (a member of another union never has one).
async fn signup_of(
    tx: &mut Tx,
    a: &Activity,
    member_id: Uuid,
) -> AppResult<(store::activity::signup::Signup, String)> {
    let union_id = UnionId(a.union_id);
    let row =
        store::activity::signup::get(tx, union_id, a.id, member_id).await?.ok_or_else(AppError::not_found)?;
    let name = store::member::get(tx, union_id, member_id).await?.map(|m| m.name).unwrap_or_default();
    Ok((row, name))
}

/// Moves the activity's counters for an approval (the caller writes the row).
fn count(a: &mut Activity, d: &Approval) {
    match d.status {
        SignupStatus::Confirmed => a.confirmed_count += 1,
        _ => a.waiting_count += 1,
    }
    if let Some(seq) = d.new_seq {
        a.last_seq = a.last_seq.max(seq as i64);
    }
}

fn outcome_text(d: &Approval) -> String {
    match d.position {
        Some(n) => format!("名额已满，排入候补第{n}位"),
        None => "已确认".to_owned(),
    }
}

/// Approves a member's pending sign-up.
pub async fn approve(
    state: &AppState,
    p: &Principal,
    activity_id: Uuid,
    member_id: Uuid,
) -> AppResult<Approved> {
    let mut tx = state.db.write().await?;
    let (mut a, path) = locked(&mut tx, p, activity_id).await?;
    let (row, name) = signup_of(&mut tx, &a, member_id).await?;
    let d = approve_counted(&rules_of(&a), Some(status_of(&row.status)), counts_of(&a))
        .map_err(DomainError::from)?;
    let union_id = UnionId(a.union_id);
    let now = store::now();
    let seq = d.new_seq.map_or(row.seq, |s| s as i64);
    store::activity::signup::approve(
        &mut tx,
        union_id,
        a.id,
        member_id,
        d.status.as_str(),
        seq,
        now,
        &p.display_name,
    )
    .await?;
    count(&mut a, &d);
    a.updated_at = now;
    store::activity::update(&mut tx, union_id, &a).await?;
    record(
        &mut tx,
        p.actor(),
        "activity.approve_signup",
        format!("activity:{}", a.id),
        Some((a.union_id, &path)),
        format!("活动“{}”：通过{name}的报名，{}", a.title, outcome_text(&d)),
    )
    .await?;
    tx.commit().await?;
    Ok(Approved { member_id, status: d.status, position: d.position })
}

/// Turns a member's pending sign-up down; the reason is required (at most
/// 200 characters) and shown to the member.
pub async fn reject(
    state: &AppState,
    p: &Principal,
    activity_id: Uuid,
    member_id: Uuid,
    reason: &str,
) -> AppResult<()> {
    let reason = rejection_reason(reason)?;
    let mut tx = state.db.write().await?;
    let (mut a, path) = locked(&mut tx, p, activity_id).await?;
    let (row, name) = signup_of(&mut tx, &a, member_id).await?;
    reject_counted(Some(status_of(&row.status))).map_err(DomainError::from)?;
    let union_id = UnionId(a.union_id);
    let now = store::now();
    store::activity::signup::reject(&mut tx, union_id, a.id, member_id, now, &p.display_name, &reason)
        .await?;
    // It held no place: only the time moves.
    a.updated_at = now;
    store::activity::update(&mut tx, union_id, &a).await?;
    record(
        &mut tx,
        p.actor(),
        "activity.reject_signup",
        format!("activity:{}", a.id),
        Some((a.union_id, &path)),
        format!("活动“{}”：{name}的报名未通过审核，理由：{reason}", a.title),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Approves every pending sign-up in the order they arrived: places while
/// they last, then the waiting list in that order.
pub async fn approve_all(state: &AppState, p: &Principal, activity_id: Uuid) -> AppResult<ApprovedAll> {
    let mut tx = state.db.write().await?;
    let (mut a, path) = locked(&mut tx, p, activity_id).await?;
    let union_id = UnionId(a.union_id);
    let pending = store::activity::signup::pending(&mut tx, union_id, a.id).await?;
    if pending.is_empty() {
        return Ok(ApprovedAll::default());
    }
    let (decisions, _) = approve_in_order(&rules_of(&a), counts_of(&a), pending.len());
    let now = store::now();
    let mut done = ApprovedAll::default();
    for ((member_id, seq), d) in pending.iter().zip(&decisions) {
        let seq = d.new_seq.map_or(*seq, |s| s as i64);
        store::activity::signup::approve(
            &mut tx,
            union_id,
            a.id,
            *member_id,
            d.status.as_str(),
            seq,
            now,
            &p.display_name,
        )
        .await?;
        count(&mut a, d);
        match d.status {
            SignupStatus::Confirmed => done.confirmed += 1,
            _ => done.waiting += 1,
        }
    }
    a.updated_at = now;
    store::activity::update(&mut tx, union_id, &a).await?;
    record(
        &mut tx,
        p.actor(),
        "activity.approve_all_signups",
        format!("activity:{}", a.id),
        Some((a.union_id, &path)),
        format!(
            "活动“{}”：按报名先后通过全部待审核报名{}人（正式{}人，候补{}人）",
            a.title,
            done.approved(),
            done.confirmed,
            done.waiting
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(done)
}
