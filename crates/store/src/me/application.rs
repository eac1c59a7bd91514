//! Applications and correction requests made by members
//! (`member_applications`, `member_application_files`,
//! `member_application_log`, `correction_requests`).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

#[derive(Debug, Clone, FromRow)]
pub struct Application {
    pub union_id: Uuid,
    pub id: Uuid,
    pub member_id: Uuid,
    pub user_id: Uuid,
    /// hardship | claim | condolence | transfer.
    pub kind: String,
    /// submitted | in_progress | approved | rejected | withdrawn.
    pub status: String,
    /// What the member gave that is not sensitive, as JSON.
    pub details: String,
    /// Household, income and health (hardship), encrypted.
    pub sealed: Option<Vec<u8>>,
    /// care_file | care_claim | care_event | transfer.
    pub target_kind: Option<String>,
    pub target_id: Option<Uuid>,
    pub decision_note: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub due_on: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLS: &str = "union_id, id, member_id, user_id, kind, status, details, sealed, target_kind, target_id, \
    decision_note, decided_by, decided_at, due_on, created_at, updated_at";

/// An application in the officers' queue: with the member's name.
#[derive(Debug, Clone, FromRow)]
pub struct Queued {
    #[sqlx(flatten)]
    pub a: Application,
    pub member_name: String,
}

#[tracing::instrument(level = "debug", name = "me::application::insert", skip_all, fields(union = %union_id))]
pub async fn insert(tx: &mut Tx, union_id: UnionId, a: &Application) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO member_applications (union_id, id, member_id, user_id, kind, status, details, sealed, \
             target_kind, target_id, decision_note, decided_by, decided_at, due_on, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
        )
        .bind(union_id.0)
        .bind(a.id)
        .bind(a.member_id)
        .bind(a.user_id)
        .bind(&a.kind)
        .bind(&a.status)
        .bind(&a.details)
        .bind(&a.sealed)
        .bind(&a.target_kind)
        .bind(a.target_id)
        .bind(&a.decision_note)
        .bind(&a.decided_by)
        .bind(a.decided_at)
        .bind(a.due_on)
        .bind(a.created_at)
        .bind(a.updated_at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "me::application::get", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn get(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Application>> {
    crate::counted(async move {
        let sql = format!("SELECT {COLS} FROM member_applications WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// The application that became `target_id`, if a member's application did.
#[tracing::instrument(level = "debug", name = "me::application::by_target", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn by_target(tx: &mut Tx, union_id: UnionId, target_id: Uuid) -> Result<Option<Application>> {
    crate::counted(async move {
        let sql = format!("SELECT {COLS} FROM member_applications WHERE union_id = $1 AND target_id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(target_id).fetch_optional(c).await)
    })
    .await
}

/// A member's applications, newest first.
#[tracing::instrument(level = "debug", name = "me::application::of_member", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn of_member(tx: &mut Tx, union_id: UnionId, member_id: Uuid) -> Result<Vec<Application>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {COLS} FROM member_applications WHERE union_id = $1 AND member_id = $2 \
             ORDER BY created_at DESC, id DESC"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(member_id).fetch_all(c).await)
    })
    .await
}

/// The union's open applications (submitted or in progress), oldest first.
#[tracing::instrument(level = "debug", name = "me::application::open_of_union", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn open_of_union(tx: &mut Tx, union_id: UnionId) -> Result<Vec<Queued>> {
    crate::counted(async move {
        let cols: Vec<String> = COLS.split(", ").map(|c| format!("a.{c}")).collect();
        let sql = format!(
            "SELECT {}, m.name AS member_name FROM member_applications a \
             JOIN members m ON m.union_id = a.union_id AND m.id = a.member_id \
             WHERE a.union_id = $1 AND a.status IN ('submitted', 'in_progress') \
             ORDER BY a.created_at, a.id",
            cols.join(", ")
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

/// Moves an application from one of `from` to `to` with the decision's
/// note; answers the rows changed (0: it was no longer in `from`).
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(level = "debug", name = "me::application::set_status", skip_all, fields(union = %union_id))]
pub async fn set_status(
    tx: &mut Tx,
    union_id: UnionId,
    id: Uuid,
    from: &[&str],
    to: &str,
    note: Option<&str>,
    by: Option<&str>,
    at: DateTime<Utc>,
) -> Result<u64> {
    let marks: Vec<String> = (0..from.len()).map(|i| format!("${}", i + 7)).collect();
    let sql = format!(
        "UPDATE member_applications SET status = $1, decision_note = COALESCE($2, decision_note), \
         decided_by = COALESCE($3, decided_by), decided_at = CASE WHEN $3 IS NULL THEN decided_at ELSE $4 END, \
         updated_at = $4 WHERE union_id = $5 AND id = $6 AND status IN ({})",
        marks.join(", ")
    );
    on!(tx, c => {
        let mut q = sqlx::query(&sql).bind(to).bind(note).bind(by).bind(at).bind(union_id.0).bind(id);
        for f in from {
            q = q.bind(*f);
        }
        q.execute(c).await.map(|r| r.rows_affected())
    })
}

/// Records the record an application became.
#[tracing::instrument(level = "debug", name = "me::application::set_target", skip_all, fields(union = %union_id))]
pub async fn set_target(
    tx: &mut Tx,
    union_id: UnionId,
    id: Uuid,
    kind: &str,
    target_id: Uuid,
    status: &str,
) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "UPDATE member_applications SET target_kind = $1, target_id = $2, status = $3, updated_at = $4 \
             WHERE union_id = $5 AND id = $6"
        )
        .bind(kind)
        .bind(target_id)
        .bind(status)
        .bind(crate::now())
        .bind(union_id.0)
        .bind(id)
    )?;
    Ok(())
}

// --- The progress log ---------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct LogEntry {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub status: String,
    pub note: String,
}

#[tracing::instrument(level = "debug", name = "me::application::log", skip_all, fields(union = %union_id))]
pub async fn log(
    tx: &mut Tx,
    union_id: UnionId,
    application_id: Uuid,
    actor: &str,
    status: &str,
    note: &str,
) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO member_application_log (union_id, id, application_id, at, actor, status, note) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)"
        )
        .bind(union_id.0)
        .bind(Uuid::now_v7())
        .bind(application_id)
        .bind(crate::now())
        .bind(actor)
        .bind(status)
        .bind(note)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "me::application::log_of", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn log_of(tx: &mut Tx, union_id: UnionId, application_id: Uuid) -> Result<Vec<LogEntry>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(
            "SELECT at, actor, status, note FROM member_application_log \
             WHERE union_id = $1 AND application_id = $2 ORDER BY at, id")
            .bind(union_id.0).bind(application_id).fetch_all(c).await)
    })
    .await
}

// --- Documents ----------------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct AppFile {
    pub union_id: Uuid,
    pub id: Uuid,
    pub application_id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

const FCOLS: &str =
    "union_id, id, application_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at";

#[tracing::instrument(level = "debug", name = "me::application::insert_file", skip_all, fields(union = %union_id))]
pub async fn insert_file(tx: &mut Tx, union_id: UnionId, f: &AppFile, content: &[u8]) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO member_application_files (union_id, id, application_id, file_name, content_type, \
             size, sha256, content, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        )
        .bind(union_id.0)
        .bind(f.id)
        .bind(f.application_id)
        .bind(&f.file_name)
        .bind(&f.content_type)
        .bind(f.size)
        .bind(&f.sha256)
        .bind(content)
        .bind(&f.uploaded_by)
        .bind(f.uploaded_at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "me::application::files", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn files(tx: &mut Tx, union_id: UnionId, application_id: Uuid) -> Result<Vec<AppFile>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {FCOLS} FROM member_application_files WHERE union_id = $1 AND application_id = $2 \
             ORDER BY uploaded_at, id"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(application_id).fetch_all(c).await)
    })
    .await
}

/// One document with its content.
#[tracing::instrument(level = "debug", name = "me::application::file", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn file(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<(AppFile, Vec<u8>)>> {
    crate::counted(async move {
        let sql = format!("SELECT {FCOLS} FROM member_application_files WHERE union_id = $1 AND id = $2");
        let f: Option<AppFile> =
            on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)?;
        let Some(f) = f else { return Ok(None) };
        let content: Vec<u8> = on!(tx, c => sqlx::query_scalar(
            "SELECT content FROM member_application_files WHERE union_id = $1 AND id = $2")
            .bind(union_id.0).bind(id).fetch_one(c).await)?;
        Ok(Some((f, content)))
    })
    .await
}

// --- Correction requests ------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct Correction {
    pub union_id: Uuid,
    pub id: Uuid,
    pub member_id: Uuid,
    pub user_id: Uuid,
    pub field: String,
    pub value: String,
    pub reason: String,
    /// open | done | rejected.
    pub status: String,
    pub decision_note: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub due_on: NaiveDate,
    pub created_at: DateTime<Utc>,
}

const CCOLS: &str = "union_id, id, member_id, user_id, field, value, reason, status, decision_note, decided_by, \
    decided_at, due_on, created_at";

#[derive(Debug, Clone, FromRow)]
pub struct QueuedCorrection {
    #[sqlx(flatten)]
    pub c: Correction,
    pub member_name: String,
}

#[tracing::instrument(level = "debug", name = "me::application::insert_correction", skip_all, fields(union = %union_id))]
pub async fn insert_correction(tx: &mut Tx, union_id: UnionId, r: &Correction) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO correction_requests (union_id, id, member_id, user_id, field, value, reason, status, \
             decision_note, decided_by, decided_at, due_on, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
        )
        .bind(union_id.0)
        .bind(r.id)
        .bind(r.member_id)
        .bind(r.user_id)
        .bind(&r.field)
        .bind(&r.value)
        .bind(&r.reason)
        .bind(&r.status)
        .bind(&r.decision_note)
        .bind(&r.decided_by)
        .bind(r.decided_at)
        .bind(r.due_on)
        .bind(r.created_at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "me::application::correction", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn correction(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Correction>> {
    crate::counted(async move {
        let sql = format!("SELECT {CCOLS} FROM correction_requests WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "me::application::corrections_of_member", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn corrections_of_member(
    tx: &mut Tx,
    union_id: UnionId,
    member_id: Uuid,
) -> Result<Vec<Correction>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {CCOLS} FROM correction_requests WHERE union_id = $1 AND member_id = $2 \
             ORDER BY created_at DESC, id DESC"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(member_id).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "me::application::open_corrections", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn open_corrections(tx: &mut Tx, union_id: UnionId) -> Result<Vec<QueuedCorrection>> {
    crate::counted(async move {
        let cols: Vec<String> = CCOLS.split(", ").map(|c| format!("r.{c}")).collect();
        let sql = format!(
            "SELECT {}, m.name AS member_name FROM correction_requests r \
             JOIN members m ON m.union_id = r.union_id AND m.id = r.member_id \
             WHERE r.union_id = $1 AND r.status = 'open' ORDER BY r.created_at, r.id",
            cols.join(", ")
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

/// Closes an open correction request; answers the rows changed (0: it was
/// no longer open).
#[tracing::instrument(level = "debug", name = "me::application::decide_correction", skip_all, fields(union = %union_id))]
pub async fn decide_correction(
    tx: &mut Tx,
    union_id: UnionId,
    id: Uuid,
    status: &str,
    note: &str,
    by: &str,
) -> Result<u64> {
    exec!(
        tx,
        sqlx::query(
            "UPDATE correction_requests SET status = $1, decision_note = $2, decided_by = $3, decided_at = $4 \
             WHERE union_id = $5 AND id = $6 AND status = 'open'"
        )
        .bind(status)
        .bind(note)
        .bind(by)
        .bind(crate::now())
        .bind(union_id.0)
        .bind(id)
    )
}

/// Open applications and correction requests of the union: the 待办 count.
#[tracing::instrument(level = "debug", name = "me::application::open_count", skip_all, fields(union = %union_id))]
pub async fn open_count(tx: &mut Tx, union_id: UnionId) -> Result<i64> {
    on!(tx, c => sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM member_applications WHERE union_id = $1 AND status IN ('submitted', 'in_progress')) \
         + (SELECT COUNT(*) FROM correction_requests WHERE union_id = $1 AND status = 'open')")
        .bind(union_id.0).fetch_one(c).await)
}
