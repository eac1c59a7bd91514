//! 我的: what the member's home reads that no other area's store already
//! answers for one member — their coming sign-ups, the activities they
//! attended, visits announced to them, their proposals, and the counts of
//! answers waiting for their rating. Every function takes the union first
//! and runs in the caller's one read transaction.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, on};
use domain::UnionId;

/// A sign-up on an activity that has not started yet.
#[derive(Debug, Clone, FromRow)]
pub struct ComingSignup {
    pub activity_id: Uuid,
    pub title: String,
    pub kind: String,
    pub place: String,
    pub starts_at: DateTime<Utc>,
    /// confirmed | waiting | pending
    pub status: String,
}

/// The member's sign-ups (confirmed, waiting or awaiting approval) on open
/// activities starting after `now`, soonest first.
#[tracing::instrument(level = "debug", name = "me::coming_signups", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn coming_signups(
    tx: &mut Tx,
    union_id: UnionId,
    member_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<ComingSignup>> {
    crate::counted(async move {
        let sql = "SELECT a.id AS activity_id, a.title, a.kind, a.place, a.starts_at, s.status \
            FROM activity_signups s JOIN activities a ON a.union_id = s.union_id AND a.id = s.activity_id \
            WHERE s.union_id = $1 AND s.member_id = $2 AND s.status IN ('confirmed', 'waiting', 'pending') \
            AND a.status = 'open' AND a.starts_at > $3 ORDER BY a.starts_at, a.id LIMIT 50";
        on!(tx, c => sqlx::query_as(sql).bind(union_id.0).bind(member_id).bind(now).fetch_all(c).await)
    })
    .await
}

/// An activity the member came to (checked in).
#[derive(Debug, Clone, FromRow)]
pub struct Attended {
    pub activity_id: Uuid,
    pub title: String,
    pub kind: String,
    pub starts_at: DateTime<Utc>,
    pub at: DateTime<Utc>,
}

/// The activities the member checked in to, latest first, at most `limit`;
/// and how many there are in all.
#[tracing::instrument(level = "debug", name = "me::attended", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn attended(
    tx: &mut Tx,
    union_id: UnionId,
    member_id: Uuid,
    limit: i64,
) -> Result<(Vec<Attended>, i64)> {
    crate::counted(async move {
        let total: i64 = on!(tx, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM activity_checkins WHERE union_id = $1 AND member_id = $2")
            .bind(union_id.0).bind(member_id).fetch_one(c).await)?;
        let sql = format!(
            "SELECT a.id AS activity_id, a.title, a.kind, a.starts_at, k.at FROM activity_checkins k \
             JOIN activities a ON a.union_id = k.union_id AND a.id = k.activity_id \
             WHERE k.union_id = $1 AND k.member_id = $2 ORDER BY k.at DESC, a.id LIMIT {limit}"
        );
        let rows = on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(member_id).fetch_all(c).await)?;
        Ok((rows, total))
    })
    .await
}

/// A visit (五必访 and others) planned for the member and not yet made.
#[derive(Debug, Clone, FromRow)]
pub struct ComingVisit {
    pub id: Uuid,
    pub kind: String,
    pub due_date: NaiveDate,
}

/// The member's open visits, soonest first.
#[tracing::instrument(level = "debug", name = "me::coming_visits", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn coming_visits(tx: &mut Tx, union_id: UnionId, member_id: Uuid) -> Result<Vec<ComingVisit>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT id, kind, due_date FROM care_visits \
            WHERE union_id = $1 AND member_id = $2 AND status = 'open' ORDER BY due_date, id LIMIT 20")
            .bind(union_id.0).bind(member_id).fetch_all(c).await)
    })
    .await
}

/// One of the account's proposals, in short.
#[derive(Debug, Clone, FromRow)]
pub struct OwnProposal {
    pub id: Uuid,
    pub number: Option<i64>,
    pub title: String,
    pub status: String,
    pub rating: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The proposals the account made in the union, newest first, at most
/// `limit`; and how many in all.
#[tracing::instrument(level = "debug", name = "me::own_proposals", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn own_proposals(
    tx: &mut Tx,
    union_id: UnionId,
    user_id: Uuid,
    limit: i64,
) -> Result<(Vec<OwnProposal>, i64)> {
    crate::counted(async move {
        let total: i64 = on!(tx, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM proposals WHERE union_id = $1 AND proposer_id = $2")
            .bind(union_id.0).bind(user_id).fetch_one(c).await)?;
        let sql = format!(
            "SELECT id, number, title, status, rating, created_at FROM proposals \
             WHERE union_id = $1 AND proposer_id = $2 ORDER BY created_at DESC, id LIMIT {limit}"
        );
        let rows = on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(user_id).fetch_all(c).await)?;
        Ok((rows, total))
    })
    .await
}

/// An answer waiting for the account's rating.
#[derive(Debug, Clone, FromRow)]
pub struct ToRate {
    /// petition | proposal
    pub kind: String,
    pub id: Uuid,
    pub title: String,
}

/// Answers waiting for the account's rating in the union: petitions it
/// wrote (by account, or by its anonymous seal) answered and not yet rated,
/// and its proposals answered and not rated.
#[tracing::instrument(level = "debug", name = "me::ratings_waiting", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn ratings_waiting(
    tx: &mut Tx,
    union_id: UnionId,
    user_id: Uuid,
    seal: &str,
) -> Result<Vec<ToRate>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(
            "SELECT 'petition' AS kind, id, subject AS title FROM petitions WHERE union_id = $1 \
               AND status = 'answered' AND writer_user_id = $2 \
             UNION ALL SELECT 'petition' AS kind, id, subject AS title FROM petitions WHERE union_id = $1 \
               AND status = 'answered' AND writer_seal = $3 \
             UNION ALL SELECT 'proposal' AS kind, id, title FROM proposals WHERE union_id = $1 \
               AND proposer_id = $2 AND status = 'answered' AND rating IS NULL")
            .bind(union_id.0).bind(user_id).bind(seal).fetch_all(c).await)
    })
    .await
}
