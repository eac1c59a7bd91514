//! Suggestions and their log.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

#[derive(Debug, Clone, FromRow)]
pub struct Suggestion {
    pub union_id: Uuid,
    pub id: Uuid,
    pub number: i64,
    pub year: i64,
    pub category: String,
    pub title: String,
    pub current_state: String,
    pub proposal: String,
    pub expected_benefit: String,
    pub member_id: Uuid,
    pub submitted_by_user: Option<Uuid>,
    pub team: String,
    pub status: String,
    pub decision: Option<String>,
    pub decision_reason: Option<String>,
    pub assessed_by: Option<String>,
    pub assessed_on: Option<NaiveDate>,
    pub implementer: Option<String>,
    pub implement_by: Option<NaiveDate>,
    pub value_fen_per_year: Option<i64>,
    pub acceptance_note: Option<String>,
    pub accepted_by: Option<String>,
    pub accepted_on: Option<NaiveDate>,
    pub reward_fen: Option<i64>,
    pub reward_voucher_id: Option<Uuid>,
    pub rewarded_on: Option<NaiveDate>,
    pub merged_into_id: Option<Uuid>,
    pub proposal_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A suggestion with its submitter's name, as lists show it.
#[derive(Debug, Clone, FromRow)]
pub struct Listed {
    #[sqlx(flatten)]
    pub s: Suggestion,
    pub member_name: String,
}

const COLS: &str = "s.union_id, s.id, s.number, s.year, s.category, s.title, s.current_state, s.proposal, \
    s.expected_benefit, s.member_id, s.submitted_by_user, s.team, s.status, s.decision, s.decision_reason, \
    s.assessed_by, s.assessed_on, s.implementer, s.implement_by, s.value_fen_per_year, s.acceptance_note, \
    s.accepted_by, s.accepted_on, s.reward_fen, s.reward_voucher_id, s.rewarded_on, s.merged_into_id, \
    s.proposal_id, s.created_at, s.updated_at";

#[tracing::instrument(level = "debug", name = "suggestion::insert", skip_all, fields(union = %union_id))]
pub async fn insert(tx: &mut Tx, union_id: UnionId, s: &Suggestion) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO suggestions (union_id, id, number, year, category, title, current_state, proposal, \
             expected_benefit, member_id, submitted_by_user, team, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
        )
        .bind(union_id.0)
        .bind(s.id)
        .bind(s.number)
        .bind(s.year)
        .bind(&s.category)
        .bind(&s.title)
        .bind(&s.current_state)
        .bind(&s.proposal)
        .bind(&s.expected_benefit)
        .bind(s.member_id)
        .bind(s.submitted_by_user)
        .bind(&s.team)
        .bind(&s.status)
        .bind(s.created_at)
        .bind(s.updated_at)
    )?;
    Ok(())
}

/// Writes every changing field back, only if the status is still `from`
/// (two officers acting at once: one wins, the other gets 0 rows).
#[tracing::instrument(level = "debug", name = "suggestion::update", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn update(tx: &mut Tx, union_id: UnionId, s: &Suggestion, from: &str) -> Result<u64> {
    crate::counted(async move {
        exec!(
            tx,
            sqlx::query(
                "UPDATE suggestions SET category = $3, title = $4, current_state = $5, proposal = $6, \
                 expected_benefit = $7, team = $8, status = $9, decision = $10, decision_reason = $11, \
                 assessed_by = $12, assessed_on = $13, implementer = $14, implement_by = $15, \
                 value_fen_per_year = $16, acceptance_note = $17, accepted_by = $18, accepted_on = $19, \
                 reward_fen = $20, reward_voucher_id = $21, rewarded_on = $22, merged_into_id = $23, \
                 proposal_id = $24, updated_at = $25 WHERE union_id = $1 AND id = $2 AND status = $26"
            )
            .bind(union_id.0)
            .bind(s.id)
            .bind(&s.category)
            .bind(&s.title)
            .bind(&s.current_state)
            .bind(&s.proposal)
            .bind(&s.expected_benefit)
            .bind(&s.team)
            .bind(&s.status)
            .bind(&s.decision)
            .bind(&s.decision_reason)
            .bind(&s.assessed_by)
            .bind(s.assessed_on)
            .bind(&s.implementer)
            .bind(s.implement_by)
            .bind(s.value_fen_per_year)
            .bind(&s.acceptance_note)
            .bind(&s.accepted_by)
            .bind(s.accepted_on)
            .bind(s.reward_fen)
            .bind(s.reward_voucher_id)
            .bind(s.rewarded_on)
            .bind(s.merged_into_id)
            .bind(s.proposal_id)
            .bind(s.updated_at)
            .bind(from)
        )
    })
    .await
}

#[tracing::instrument(level = "debug", name = "suggestion::get", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn get(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Suggestion>> {
    crate::counted(async move {
        let sql = format!("SELECT {COLS} FROM suggestions s WHERE s.union_id = $1 AND s.id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// A suggestion by id alone, through the directory.
#[tracing::instrument(level = "debug", name = "suggestion::by_id", skip_all)]
pub async fn by_id(tx: &mut Tx, id: Uuid) -> Result<Option<Suggestion>> {
    match crate::directory::owner(tx, crate::directory::SUGGESTION, id).await? {
        Some(union_id) => get(tx, union_id, id).await,
        None => Ok(None),
    }
}

/// The next 第N号 of the union.
#[tracing::instrument(level = "debug", name = "suggestion::next_number", skip_all, fields(union = %union_id))]
pub async fn next_number(tx: &mut Tx, union_id: UnionId) -> Result<i64> {
    let n: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(number), 0) + 1 AS BIGINT) FROM suggestions WHERE union_id = $1")
        .bind(union_id.0).fetch_one(c).await)?;
    Ok(n)
}

/// Which suggestions a list shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<String>,
    pub year: Option<i64>,
    pub category: Option<String>,
    /// Only this member's (their own list).
    pub member_id: Option<Uuid>,
}

/// The union's suggestions with the submitter's name, newest first.
#[tracing::instrument(level = "debug", name = "suggestion::list", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn list(tx: &mut Tx, union_id: UnionId, f: &Filter) -> Result<Vec<Listed>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {COLS}, m.name AS member_name FROM suggestions s \
             JOIN members m ON m.union_id = s.union_id AND m.id = s.member_id \
             WHERE s.union_id = $1 AND ($2 IS NULL OR s.status = $2) AND ($3 IS NULL OR s.year = $3) \
             AND ($4 IS NULL OR s.category = $4) AND ($5 IS NULL OR s.member_id = $5) \
             ORDER BY s.number DESC"
        );
        on!(tx, c => sqlx::query_as(&sql)
            .bind(union_id.0)
            .bind(&f.status)
            .bind(f.year)
            .bind(&f.category)
            .bind(f.member_id)
            .fetch_all(c).await)
    })
    .await
}

/// How many suggestions of a year have each status: (status, count,
/// value created per year, reward), one row per status — a single scan of
/// the `suggestions_year` index range.
#[tracing::instrument(level = "debug", name = "suggestion::year_counts", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn year_counts(tx: &mut Tx, union_id: UnionId, year: i64) -> Result<Vec<(String, i64, i64, i64)>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(
            "SELECT status, CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(value_fen_per_year), 0) AS BIGINT), \
             CAST(COALESCE(SUM(reward_fen), 0) AS BIGINT) FROM suggestions \
             WHERE union_id = $1 AND year = $2 GROUP BY status ORDER BY status")
            .bind(union_id.0).bind(year).fetch_all(c).await)
    })
    .await
}

/// One row of the 金点子 ranking.
#[derive(Debug, Clone, FromRow)]
pub struct RankRow {
    pub id: Uuid,
    pub number: i64,
    pub title: String,
    pub category: String,
    pub member_name: String,
    pub team: String,
    pub value_fen_per_year: i64,
    pub reward_fen: Option<i64>,
}

/// The accepted and rewarded suggestions of a year with the most value
/// created, at most `top`; the order is the domain's `ranking` again.
#[tracing::instrument(level = "debug", name = "suggestion::top_value", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn top_value(tx: &mut Tx, union_id: UnionId, year: i64, top: i64) -> Result<Vec<RankRow>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(
            "SELECT s.id, s.number, s.title, s.category, m.name AS member_name, s.team, \
             CAST(s.value_fen_per_year AS BIGINT) AS value_fen_per_year, s.reward_fen FROM suggestions s \
             JOIN members m ON m.union_id = s.union_id AND m.id = s.member_id \
             WHERE s.union_id = $1 AND s.year = $2 AND s.status IN ('accepted', 'rewarded') \
             AND s.value_fen_per_year > 0 \
             ORDER BY s.value_fen_per_year DESC, s.number LIMIT $3")
            .bind(union_id.0).bind(year).bind(top).fetch_all(c).await)
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

/// Appends a step to the suggestion's log.
#[tracing::instrument(level = "debug", name = "suggestion::log", skip_all, fields(union = %union_id))]
pub async fn log(
    tx: &mut Tx,
    union_id: UnionId,
    suggestion_id: Uuid,
    action: &str,
    note: &str,
    actor: &str,
) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO suggestion_log (union_id, id, suggestion_id, action, note, actor, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)"
        )
        .bind(union_id.0)
        .bind(Uuid::now_v7())
        .bind(suggestion_id)
        .bind(action)
        .bind(note)
        .bind(actor)
        .bind(crate::now())
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "suggestion::log_of", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn log_of(tx: &mut Tx, union_id: UnionId, suggestion_id: Uuid) -> Result<Vec<LogEntry>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT action, note, actor, at FROM suggestion_log \
            WHERE union_id = $1 AND suggestion_id = $2 ORDER BY at, id")
            .bind(union_id.0).bind(suggestion_id).fetch_all(c).await)
    })
    .await
}
