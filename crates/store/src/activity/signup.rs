//! Sign-ups and the waiting list of an activity. The counters live on the
//! activity's row (see [`super::for_update`]); these functions touch one
//! sign-up row each, or read the head of the waiting list by index, so a
//! sign-up costs the same with 20 or 20,000 people on the list.

use chrono::{DateTime, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

/// One row of `activity_signups`.
#[derive(Debug, Clone, FromRow)]
pub struct Signup {
    pub union_id: Uuid,
    pub activity_id: Uuid,
    pub member_id: Uuid,
    /// `confirmed`, `waiting`, `cancelled`, `pending` or `rejected`
    /// (`domain::activity::SignupStatus::as_str`).
    pub status: String,
    pub seq: i64,
    pub signed_up_at: DateTime<Utc>,
    pub signed_up_by: String,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub promoted_at: Option<DateTime<Utc>>,
    /// When an officer approved or turned down a pending sign-up.
    pub decided_at: Option<DateTime<Utc>>,
    /// That officer's display name.
    pub decided_by: Option<String>,
    /// Why it was turned down.
    pub reason: Option<String>,
}

const COLS: &str = "union_id, activity_id, member_id, status, seq, signed_up_at, signed_up_by, cancelled_at, \
    promoted_at, decided_at, decided_by, reason";

/// A sign-up with the member's name and card number, for lists.
#[derive(Debug, Clone, FromRow)]
pub struct Listed {
    pub member_id: Uuid,
    pub name: String,
    pub card_number: Option<String>,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    pub status: String,
    pub seq: i64,
    pub signed_up_at: DateTime<Utc>,
    pub signed_up_by: String,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub promoted_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by: Option<String>,
    /// Why the sign-up was turned down.
    pub reason: Option<String>,
    /// When the member checked in, if they did.
    pub checked_in_at: Option<DateTime<Utc>>,
}

/// The member's sign-up row (any status), if there is one.
#[tracing::instrument(level = "debug", name = "activity::signup::get", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn get(
    tx: &mut Tx,
    union_id: UnionId,
    activity_id: Uuid,
    member_id: Uuid,
) -> Result<Option<Signup>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {COLS} FROM activity_signups WHERE union_id = $1 AND activity_id = $2 AND member_id = $3"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(activity_id).bind(member_id).fetch_optional(c).await)
    })
    .await
}

/// Writes the member's sign-up: a new row, or the cancelled (or turned
/// down) one reused with its new arrival number (one row per member per
/// activity).
#[tracing::instrument(level = "debug", name = "activity::signup::put", skip_all, fields(union = %union_id))]
pub async fn put(tx: &mut Tx, union_id: UnionId, s: &Signup) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO activity_signups (union_id, activity_id, member_id, status, seq, signed_up_at, signed_up_by, \
             cancelled_at, promoted_at, decided_at, decided_by, reason) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
             ON CONFLICT (union_id, activity_id, member_id) DO UPDATE SET status = $4, seq = $5, signed_up_at = $6, \
             signed_up_by = $7, cancelled_at = $8, promoted_at = $9, decided_at = $10, decided_by = $11, reason = $12"
        )
        .bind(union_id.0)
        .bind(s.activity_id)
        .bind(s.member_id)
        .bind(&s.status)
        .bind(s.seq)
        .bind(s.signed_up_at)
        .bind(&s.signed_up_by)
        .bind(s.cancelled_at)
        .bind(s.promoted_at)
        .bind(s.decided_at)
        .bind(&s.decided_by)
        .bind(&s.reason)
    )?;
    Ok(())
}

/// Marks the member's sign-up cancelled.
#[tracing::instrument(level = "debug", name = "activity::signup::cancel", skip_all, fields(union = %union_id))]
pub async fn cancel(
    tx: &mut Tx,
    union_id: UnionId,
    activity_id: Uuid,
    member_id: Uuid,
    at: DateTime<Utc>,
) -> Result<u64> {
    exec!(
        tx,
        sqlx::query(
            "UPDATE activity_signups SET status = 'cancelled', cancelled_at = $4 \
             WHERE union_id = $1 AND activity_id = $2 AND member_id = $3 AND status <> 'cancelled'"
        )
        .bind(union_id.0)
        .bind(activity_id)
        .bind(member_id)
        .bind(at)
    )
}

/// The first `n` on the waiting list, in arrival order (read by index).
#[tracing::instrument(level = "debug", name = "activity::signup::first_waiting", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn first_waiting(tx: &mut Tx, union_id: UnionId, activity_id: Uuid, n: i64) -> Result<Vec<Uuid>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_scalar(
            "SELECT member_id FROM activity_signups WHERE union_id = $1 AND activity_id = $2 AND status = 'waiting' \
             ORDER BY seq LIMIT $3")
            .bind(union_id.0).bind(activity_id).bind(n).fetch_all(c).await)
    })
    .await
}

/// Moves members up from the waiting list to a place, recording when.
#[tracing::instrument(level = "debug", name = "activity::signup::promote", skip_all, fields(union = %union_id))]
pub async fn promote(
    tx: &mut Tx,
    union_id: UnionId,
    activity_id: Uuid,
    member_id: Uuid,
    at: DateTime<Utc>,
) -> Result<u64> {
    exec!(
        tx,
        sqlx::query(
            "UPDATE activity_signups SET status = 'confirmed', promoted_at = $4 \
             WHERE union_id = $1 AND activity_id = $2 AND member_id = $3 AND status = 'waiting'"
        )
        .bind(union_id.0)
        .bind(activity_id)
        .bind(member_id)
        .bind(at)
    )
}

/// Approves a pending sign-up: `status` is `confirmed` or `waiting`, and a
/// waiting one takes `seq`, its new arrival number at the end of the list.
/// Answers the rows changed (0: it was no longer pending).
#[tracing::instrument(level = "debug", name = "activity::signup::approve", skip_all, fields(union = %union_id))]
#[allow(clippy::too_many_arguments)]
pub async fn approve(
    tx: &mut Tx,
    union_id: UnionId,
    activity_id: Uuid,
    member_id: Uuid,
    status: &str,
    seq: i64,
    at: DateTime<Utc>,
    by: &str,
) -> Result<u64> {
    exec!(
        tx,
        sqlx::query(
            "UPDATE activity_signups SET status = $4, seq = $5, decided_at = $6, decided_by = $7, reason = NULL \
             WHERE union_id = $1 AND activity_id = $2 AND member_id = $3 AND status = 'pending'"
        )
        .bind(union_id.0)
        .bind(activity_id)
        .bind(member_id)
        .bind(status)
        .bind(seq)
        .bind(at)
        .bind(by)
    )
}

/// Turns a pending sign-up down with the reason. Answers the rows changed
/// (0: it was no longer pending).
#[tracing::instrument(level = "debug", name = "activity::signup::reject", skip_all, fields(union = %union_id))]
pub async fn reject(
    tx: &mut Tx,
    union_id: UnionId,
    activity_id: Uuid,
    member_id: Uuid,
    at: DateTime<Utc>,
    by: &str,
    reason: &str,
) -> Result<u64> {
    exec!(
        tx,
        sqlx::query(
            "UPDATE activity_signups SET status = 'rejected', decided_at = $4, decided_by = $5, reason = $6 \
             WHERE union_id = $1 AND activity_id = $2 AND member_id = $3 AND status = 'pending'"
        )
        .bind(union_id.0)
        .bind(activity_id)
        .bind(member_id)
        .bind(at)
        .bind(by)
        .bind(reason)
    )
}

/// The pending sign-ups, in arrival order: (member, arrival number), read
/// by index.
#[tracing::instrument(level = "debug", name = "activity::signup::pending", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn pending(tx: &mut Tx, union_id: UnionId, activity_id: Uuid) -> Result<Vec<(Uuid, i64)>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(
            "SELECT member_id, seq FROM activity_signups WHERE union_id = $1 AND activity_id = $2 \
             AND status = 'pending' ORDER BY seq")
            .bind(union_id.0).bind(activity_id).fetch_all(c).await)
    })
    .await
}

/// The place on the waiting list of the one who arrived as `seq` (1: next in
/// line): those waiting who arrived no later, counted on the index.
#[tracing::instrument(level = "debug", name = "activity::signup::waiting_position", skip_all, fields(union = %union_id))]
pub async fn waiting_position(tx: &mut Tx, union_id: UnionId, activity_id: Uuid, seq: i64) -> Result<i64> {
    on!(tx, c => sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM activity_signups WHERE union_id = $1 AND activity_id = $2 \
         AND status = 'waiting' AND seq <= $3")
        .bind(union_id.0).bind(activity_id).bind(seq).fetch_one(c).await)
}

/// Every sign-up of the activity with the member's name and check-in, in
/// arrival order (the cancelled included, for the record).
#[tracing::instrument(level = "debug", name = "activity::signup::list", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn list(tx: &mut Tx, union_id: UnionId, activity_id: Uuid) -> Result<Vec<Listed>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(
            "SELECT s.member_id, m.name, m.card_number, m.group_id, g.name AS group_name, s.status, s.seq, \
             s.signed_up_at, s.signed_up_by, s.cancelled_at, s.promoted_at, s.decided_at, s.decided_by, s.reason, \
             k.at AS checked_in_at \
             FROM activity_signups s JOIN members m ON m.union_id = s.union_id AND m.id = s.member_id \
             LEFT JOIN orgs g ON g.id = m.group_id \
             LEFT JOIN activity_checkins k ON k.union_id = s.union_id AND k.activity_id = s.activity_id \
             AND k.member_id = s.member_id \
             WHERE s.union_id = $1 AND s.activity_id = $2 ORDER BY s.seq")
            .bind(union_id.0).bind(activity_id).fetch_all(c).await)
    })
    .await
}
