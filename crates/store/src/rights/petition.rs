//! Petitions (来信来访, 主席信箱): the work order, its handlers and its
//! append-only log. Every function takes the union first.
//!
//! An anonymous petition has no writer in any column (writer_* and
//! writer_user_id NULL); only `writer_seal`, a keyed hash of the filing
//! account, finds it again for its writer. No function here returns the
//! seal: the list of one's own petitions takes it as an argument.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

#[derive(Debug, Clone, FromRow)]
pub struct Petition {
    pub union_id: Uuid,
    pub id: Uuid,
    pub number: i64,
    pub channel: String,
    pub subject: String,
    pub content: String,
    pub received_on: NaiveDate,
    pub anonymous: bool,
    pub writer_name: Option<String>,
    pub writer_contact: Option<String>,
    pub writer_department: Option<String>,
    pub writer_member_id: Option<Uuid>,
    pub writer_user_id: Option<Uuid>,
    pub status: String,
    pub round: i64,
    pub dispatch_by: NaiveDate,
    pub answer_by: NaiveDate,
    pub dispatched_on: Option<NaiveDate>,
    pub reject_reason: Option<String>,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_on: Option<NaiveDate>,
    pub answered_in_time: Option<bool>,
    pub rating: Option<String>,
    pub rating_note: Option<String>,
    pub closed_on: Option<NaiveDate>,
    pub turned_into_kind: Option<String>,
    pub turned_into_id: Option<Uuid>,
    pub registered_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Every column but the seal, which never leaves the database.
const COLS: &str = "union_id, id, number, channel, subject, content, received_on, anonymous, writer_name, \
    writer_contact, writer_department, writer_member_id, writer_user_id, status, round, dispatch_by, answer_by, \
    dispatched_on, reject_reason, answer, answered_by, answered_on, answered_in_time, rating, rating_note, \
    closed_on, turned_into_kind, turned_into_id, registered_by, created_at, updated_at";

/// Inserts a new petition with its writer's seal (Some only when anonymous).
#[tracing::instrument(level = "debug", name = "petition::insert", skip_all, fields(union = %p.union_id))]
pub async fn insert(tx: &mut Tx, p: &Petition, seal: Option<&str>) -> Result<()> {
    let sql = format!(
        "INSERT INTO petitions ({COLS}, writer_seal) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
         $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(p.union_id)
            .bind(p.id)
            .bind(p.number)
            .bind(&p.channel)
            .bind(&p.subject)
            .bind(&p.content)
            .bind(p.received_on)
            .bind(p.anonymous)
            .bind(&p.writer_name)
            .bind(&p.writer_contact)
            .bind(&p.writer_department)
            .bind(p.writer_member_id)
            .bind(p.writer_user_id)
            .bind(&p.status)
            .bind(p.round)
            .bind(p.dispatch_by)
            .bind(p.answer_by)
            .bind(p.dispatched_on)
            .bind(&p.reject_reason)
            .bind(&p.answer)
            .bind(&p.answered_by)
            .bind(p.answered_on)
            .bind(p.answered_in_time)
            .bind(&p.rating)
            .bind(&p.rating_note)
            .bind(p.closed_on)
            .bind(&p.turned_into_kind)
            .bind(p.turned_into_id)
            .bind(&p.registered_by)
            .bind(p.created_at)
            .bind(p.updated_at)
            .bind(seal)
    )?;
    Ok(())
}

/// Writes the handling fields back, only if status and round are still
/// `from` (two officers acting at once: one wins, the other gets 0 rows).
/// The writer and the letter itself never change.
#[tracing::instrument(level = "debug", name = "petition::update", skip_all, fields(union = %p.union_id, rows = tracing::field::Empty))]
pub async fn update(tx: &mut Tx, p: &Petition, from: (&str, i64)) -> Result<u64> {
    crate::counted(async move {
        exec!(
            tx,
            sqlx::query(
                "UPDATE petitions SET status = $3, round = $4, dispatch_by = $5, answer_by = $6, dispatched_on = $7, \
                 reject_reason = $8, answer = $9, answered_by = $10, answered_on = $11, answered_in_time = $12, \
                 rating = $13, rating_note = $14, closed_on = $15, turned_into_kind = $16, turned_into_id = $17, \
                 updated_at = $18 WHERE union_id = $1 AND id = $2 AND status = $19 AND round = $20"
            )
            .bind(p.union_id)
            .bind(p.id)
            .bind(&p.status)
            .bind(p.round)
            .bind(p.dispatch_by)
            .bind(p.answer_by)
            .bind(p.dispatched_on)
            .bind(&p.reject_reason)
            .bind(&p.answer)
            .bind(&p.answered_by)
            .bind(p.answered_on)
            .bind(p.answered_in_time)
            .bind(&p.rating)
            .bind(&p.rating_note)
            .bind(p.closed_on)
            .bind(&p.turned_into_kind)
            .bind(p.turned_into_id)
            .bind(p.updated_at)
            .bind(from.0)
            .bind(from.1)
        )
    })
    .await
}

/// Links the petition to the record it turned into (a proposal, a
/// mediation case), only if it has turned into nothing yet; 0 rows when it
/// has (or does not exist).
#[tracing::instrument(level = "debug", name = "petition::mark_turned", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn mark_turned(
    tx: &mut Tx,
    union_id: UnionId,
    id: Uuid,
    kind: &str,
    turned_id: Uuid,
) -> Result<u64> {
    crate::counted(async move {
        exec!(
            tx,
            sqlx::query(
                "UPDATE petitions SET turned_into_kind = $3, turned_into_id = $4, updated_at = $5 \
                 WHERE union_id = $1 AND id = $2 AND turned_into_kind IS NULL"
            )
            .bind(union_id.0)
            .bind(id)
            .bind(kind)
            .bind(turned_id)
            .bind(crate::now())
        )
    })
    .await
}

#[tracing::instrument(level = "debug", name = "petition::get", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn get(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Petition>> {
    crate::counted(async move {
        let sql = format!("SELECT {COLS} FROM petitions WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// A petition by id alone, through the directory.
#[tracing::instrument(level = "debug", name = "petition::by_id", skip_all)]
pub async fn by_id(tx: &mut Tx, id: Uuid) -> Result<Option<Petition>> {
    match crate::directory::owner(tx, crate::directory::PETITION, id).await? {
        Some(union_id) => get(tx, union_id, id).await,
        None => Ok(None),
    }
}

/// Whether `seal` is the writer's seal of the petition (the anonymous
/// writer finding their own).
#[tracing::instrument(level = "debug", name = "petition::sealed_by", skip_all, fields(union = %union_id))]
pub async fn sealed_by(tx: &mut Tx, union_id: UnionId, id: Uuid, seal: &str) -> Result<bool> {
    let n: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM petitions WHERE union_id = $1 AND id = $2 AND writer_seal = $3")
        .bind(union_id.0).bind(id).bind(seal).fetch_one(c).await)?;
    Ok(n > 0)
}

/// Which petitions a list shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this status (`domain::rights::petition::Status::as_str`).
    pub status: Option<String>,
    /// Only those received on or after / before these days (a year).
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Only those still waiting for an answer whose deadline passed before
    /// this day, or still 待受理 after their dispatch deadline (the two
    /// overdue lists); the exact stage is the domain's `overdue`.
    pub overdue_on: Option<NaiveDate>,
}

/// The union's petitions, newest first.
#[tracing::instrument(level = "debug", name = "petition::list", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn list(tx: &mut Tx, union_id: UnionId, f: &Filter) -> Result<Vec<Petition>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {COLS} FROM petitions WHERE union_id = $1 AND ($2 IS NULL OR status = $2) \
             AND ($3 IS NULL OR received_on >= $3) AND ($4 IS NULL OR received_on < $4) \
             AND ($5 IS NULL OR (status IN ('received', 'dispatched', 'in_progress') AND answer_by < $5) \
                  OR (status = 'received' AND dispatch_by < $5)) \
             ORDER BY number DESC"
        );
        on!(tx, c => sqlx::query_as(&sql)
            .bind(union_id.0)
            .bind(&f.status)
            .bind(f.from)
            .bind(f.until)
            .bind(f.overdue_on)
            .fetch_all(c).await)
    })
    .await
}

/// The petitions one account wrote: named ones by the account, anonymous
/// ones by the account's seal. Newest first.
#[tracing::instrument(level = "debug", name = "petition::mine", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn mine(tx: &mut Tx, union_id: UnionId, user_id: Uuid, seal: &str) -> Result<Vec<Petition>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {COLS} FROM petitions WHERE union_id = $1 AND writer_user_id = $2 \
             UNION ALL SELECT {COLS} FROM petitions WHERE union_id = $1 AND writer_seal = $3 \
             ORDER BY number DESC"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(user_id).bind(seal).fetch_all(c).await)
    })
    .await
}

/// The next 第N号 of the union.
#[tracing::instrument(level = "debug", name = "petition::next_number", skip_all, fields(union = %union_id))]
pub async fn next_number(tx: &mut Tx, union_id: UnionId) -> Result<i64> {
    let n: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(number), 0) + 1 AS BIGINT) FROM petitions WHERE union_id = $1")
        .bind(union_id.0).fetch_one(c).await)?;
    Ok(n)
}

/// Of `ids`, the accounts of the union at `union_path` (not disabled,
/// holding a role on the union or a node inside it): (id, display name).
/// The handlers a petition may be dispatched to; an id missing here is
/// another union's account or none.
#[tracing::instrument(level = "debug", name = "petition::union_accounts", skip_all, fields(rows = tracing::field::Empty))]
pub async fn union_accounts(tx: &mut Tx, union_path: &str, ids: &[Uuid]) -> Result<Vec<(Uuid, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    crate::counted(async move {
        let upper = domain::org::subtree_upper_bound(union_path);
        let (lo, hi, list) =
            (tx.values_list(1, 1, 1), tx.values_list(1, 1, 2), tx.values_list(1, ids.len(), 3));
        let sql = format!(
            // SQLite's placeholders are positional (`?`): the binds come in
            // the order they appear — the union's range, then the ids.
            "SELECT u.id, u.display_name FROM users u WHERE u.disabled_at IS NULL AND EXISTS ( \
             SELECT 1 FROM role_grants g JOIN orgs o ON o.id = g.org_id \
             WHERE g.user_id = u.id AND o.path >= {lo} AND o.path < {hi}) AND u.id IN {list}"
        );
        let rows: Vec<(Uuid, String)> = on!(tx, c => {
            let mut q = sqlx::query_as(&sql).bind(union_path).bind(&upper);
            for id in ids { q = q.bind(*id); }
            q.fetch_all(c).await
        })?;
        Ok(rows)
    })
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct HandlerRow {
    pub user_id: Uuid,
    pub name: String,
    pub leads: bool,
}

/// Replaces the handlers (a re-dispatch); the log keeps the earlier ones.
#[tracing::instrument(level = "debug", name = "petition::set_handlers", skip_all, fields(union = %union_id))]
pub async fn set_handlers(
    tx: &mut Tx,
    union_id: UnionId,
    petition_id: Uuid,
    handlers: &[HandlerRow],
) -> Result<()> {
    exec!(
        tx,
        sqlx::query("DELETE FROM petition_handlers WHERE union_id = $1 AND petition_id = $2")
            .bind(union_id.0)
            .bind(petition_id)
    )?;
    for h in handlers {
        exec!(
            tx,
            sqlx::query(
                "INSERT INTO petition_handlers (union_id, petition_id, user_id, name, leads) VALUES ($1, $2, $3, $4, $5)"
            )
            .bind(union_id.0)
            .bind(petition_id)
            .bind(h.user_id)
            .bind(&h.name)
            .bind(h.leads)
        )?;
    }
    Ok(())
}

/// The handlers, the leading one first.
#[tracing::instrument(level = "debug", name = "petition::handlers", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn handlers(tx: &mut Tx, union_id: UnionId, petition_id: Uuid) -> Result<Vec<HandlerRow>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT user_id, name, leads FROM petition_handlers \
            WHERE union_id = $1 AND petition_id = $2 ORDER BY leads DESC, name, user_id")
            .bind(union_id.0).bind(petition_id).fetch_all(c).await)
    })
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct LogEntry {
    pub round: i64,
    pub action: String,
    pub note: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

/// Appends a step to the petition's log.
#[tracing::instrument(level = "debug", name = "petition::log", skip_all, fields(union = %union_id))]
pub async fn log(
    tx: &mut Tx,
    union_id: UnionId,
    petition_id: Uuid,
    round: i64,
    action: &str,
    note: &str,
    actor: &str,
) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO petition_log (union_id, id, petition_id, round, action, note, actor, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        )
        .bind(union_id.0)
        .bind(Uuid::now_v7())
        .bind(petition_id)
        .bind(round)
        .bind(action)
        .bind(note)
        .bind(actor)
        .bind(crate::now())
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "petition::log_of", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn log_of(tx: &mut Tx, union_id: UnionId, petition_id: Uuid) -> Result<Vec<LogEntry>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT round, action, note, actor, at FROM petition_log \
            WHERE union_id = $1 AND petition_id = $2 ORDER BY at, id")
            .bind(union_id.0).bind(petition_id).fetch_all(c).await)
    })
    .await
}
