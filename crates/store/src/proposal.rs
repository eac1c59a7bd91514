//! Proposals (提案): the proposal row, its co-signatures and its log. Every
//! function takes the union first.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

#[derive(Debug, Clone, FromRow)]
pub struct Proposal {
    pub union_id: Uuid,
    pub id: Uuid,
    pub number: Option<i64>,
    pub session_id: Option<Uuid>,
    pub title: String,
    pub reason: String,
    pub suggestion: String,
    pub proposer_id: Uuid,
    pub proposer_name: String,
    pub status: String,
    pub round: i64,
    pub review_note: Option<String>,
    pub department: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub rating: Option<String>,
    pub rating_note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLS: &str = "union_id, id, number, session_id, title, reason, suggestion, proposer_id, proposer_name, status, \
    round, review_note, department, deadline, answer, answered_by, answered_at, rating, rating_note, created_at, updated_at";

#[tracing::instrument(level = "debug", name = "proposal::insert", skip_all)]
pub async fn insert(tx: &mut Tx, p: &Proposal) -> Result<()> {
    let sql = format!(
        "INSERT INTO proposals ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
         $16, $17, $18, $19, $20, $21)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(p.union_id)
            .bind(p.id)
            .bind(p.number)
            .bind(p.session_id)
            .bind(&p.title)
            .bind(&p.reason)
            .bind(&p.suggestion)
            .bind(p.proposer_id)
            .bind(&p.proposer_name)
            .bind(&p.status)
            .bind(p.round)
            .bind(&p.review_note)
            .bind(&p.department)
            .bind(p.deadline)
            .bind(&p.answer)
            .bind(&p.answered_by)
            .bind(p.answered_at)
            .bind(&p.rating)
            .bind(&p.rating_note)
            .bind(p.created_at)
            .bind(p.updated_at)
    )?;
    Ok(())
}

/// Writes the handling fields back, only if the status is still `from`
/// (two officers acting at once: one wins, the other gets 0 rows).
#[tracing::instrument(level = "debug", name = "proposal::update", skip_all, fields(rows = tracing::field::Empty))]
pub async fn update(tx: &mut Tx, p: &Proposal, from: &str) -> Result<u64> {
    crate::counted(async move {
        exec!(
            tx,
            sqlx::query(
                "UPDATE proposals SET number = $3, status = $4, round = $5, review_note = $6, department = $7, \
                 deadline = $8, answer = $9, answered_by = $10, answered_at = $11, rating = $12, rating_note = $13, \
                 updated_at = $14 WHERE union_id = $1 AND id = $2 AND status = $15"
            )
            .bind(p.union_id)
            .bind(p.id)
            .bind(p.number)
            .bind(&p.status)
            .bind(p.round)
            .bind(&p.review_note)
            .bind(&p.department)
            .bind(p.deadline)
            .bind(&p.answer)
            .bind(&p.answered_by)
            .bind(p.answered_at)
            .bind(&p.rating)
            .bind(&p.rating_note)
            .bind(p.updated_at)
            .bind(from)
        )
    })
    .await
}

#[tracing::instrument(level = "debug", name = "proposal::get", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn get(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Proposal>> {
    crate::counted(async move {
        let sql = format!("SELECT {COLS} FROM proposals WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// The union's proposals, newest first; one session's when given.
#[tracing::instrument(level = "debug", name = "proposal::list", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn list(tx: &mut Tx, union_id: UnionId, session_id: Option<Uuid>) -> Result<Vec<Proposal>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {COLS} FROM proposals WHERE union_id = $1 AND ($2 IS NULL OR session_id = $2) \
             ORDER BY created_at DESC, id DESC"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(session_id).fetch_all(c).await)
    })
    .await
}

/// The next 立案 number of the union.
#[tracing::instrument(level = "debug", name = "proposal::next_number", skip_all, fields(union = %union_id))]
pub async fn next_number(tx: &mut Tx, union_id: UnionId) -> Result<i64> {
    let (n,): (i64,) = on!(tx, c => sqlx::query_as("SELECT CAST(COALESCE(MAX(number), 0) + 1 AS BIGINT) FROM proposals WHERE union_id = $1")
        .bind(union_id.0).fetch_one(c).await)?;
    Ok(n)
}

/// Adds a co-signature; false when this user has co-signed already.
#[tracing::instrument(level = "debug", name = "proposal::cosign", skip_all, fields(union = %union_id))]
pub async fn cosign(
    tx: &mut Tx,
    union_id: UnionId,
    proposal_id: Uuid,
    user_id: Uuid,
    name: &str,
) -> Result<bool> {
    let n = exec!(
        tx,
        sqlx::query(
            "INSERT INTO proposal_cosigns (union_id, proposal_id, user_id, name, at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT DO NOTHING"
        )
        .bind(union_id.0)
        .bind(proposal_id)
        .bind(user_id)
        .bind(name)
        .bind(crate::now())
    )?;
    Ok(n == 1)
}

/// Co-signers: (user, name, at).
#[tracing::instrument(level = "debug", name = "proposal::cosigners", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn cosigners(
    tx: &mut Tx,
    union_id: UnionId,
    proposal_id: Uuid,
) -> Result<Vec<(Uuid, String, DateTime<Utc>)>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT user_id, name, at FROM proposal_cosigns WHERE union_id = $1 AND proposal_id = $2 ORDER BY at, user_id")
            .bind(union_id.0).bind(proposal_id).fetch_all(c).await)
    })
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct LogEntry {
    pub action: String,
    pub note: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "proposal::log", skip_all, fields(union = %union_id))]
pub async fn log(
    tx: &mut Tx,
    union_id: UnionId,
    proposal_id: Uuid,
    action: &str,
    note: &str,
    actor: &str,
) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO proposal_log (union_id, id, proposal_id, action, note, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
        )
        .bind(union_id.0)
        .bind(Uuid::now_v7())
        .bind(proposal_id)
        .bind(action)
        .bind(note)
        .bind(actor)
        .bind(crate::now())
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "proposal::log_of", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn log_of(tx: &mut Tx, union_id: UnionId, proposal_id: Uuid) -> Result<Vec<LogEntry>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT action, note, actor, at FROM proposal_log WHERE union_id = $1 AND proposal_id = $2 ORDER BY at, id")
            .bind(union_id.0).bind(proposal_id).fetch_all(c).await)
    })
    .await
}

/// Whether members who are not delegates may propose (false when unset).
#[tracing::instrument(level = "debug", name = "proposal::members_may_propose", skip_all, fields(union = %union_id))]
pub async fn members_may_propose(tx: &mut Tx, union_id: UnionId) -> Result<bool> {
    let v: Option<bool> = on!(tx, c => sqlx::query_scalar("SELECT members_may_propose FROM proposal_settings WHERE union_id = $1")
        .bind(union_id.0).fetch_optional(c).await)?;
    Ok(v.unwrap_or(false))
}

#[tracing::instrument(level = "debug", name = "proposal::set_members_may_propose", skip_all, fields(union = %union_id))]
pub async fn set_members_may_propose(tx: &mut Tx, union_id: UnionId, yes: bool, by: &str) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO proposal_settings (union_id, members_may_propose, set_by, set_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (union_id) DO UPDATE SET members_may_propose = $2, set_by = $3, set_at = $4"
        )
        .bind(union_id.0)
        .bind(yes)
        .bind(by)
        .bind(crate::now())
    )?;
    Ok(())
}

/// (whether the union has delegates in a term running `on`, whether
/// `user_id` is one of them).
#[tracing::instrument(level = "debug", name = "proposal::delegate_status", skip_all, fields(union = %union_id))]
pub async fn delegate_status(
    tx: &mut Tx,
    union_id: UnionId,
    user_id: Uuid,
    on: NaiveDate,
) -> Result<(bool, bool)> {
    let (any, mine): (i64, i64) = on!(tx, c => sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT), \
        CAST(COALESCE(SUM(CASE WHEN d.user_id = $2 THEN 1 ELSE 0 END), 0) AS BIGINT) \
        FROM congress_delegates d JOIN congress_terms t ON t.union_id = d.union_id AND t.id = d.term_id \
        WHERE d.union_id = $1 AND t.starts_on <= $3 AND t.ends_on > $3")
        .bind(union_id.0).bind(user_id).bind(on).fetch_one(c).await)?;
    Ok((any > 0, mine > 0))
}

/// The date a congress session of the union meets, if it exists.
#[tracing::instrument(level = "debug", name = "proposal::session_meets_on", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn session_meets_on(tx: &mut Tx, union_id: UnionId, session_id: Uuid) -> Result<Option<NaiveDate>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_scalar("SELECT meets_on FROM congress_sessions WHERE union_id = $1 AND id = $2")
            .bind(union_id.0).bind(session_id).fetch_optional(c).await)
    })
    .await
}
