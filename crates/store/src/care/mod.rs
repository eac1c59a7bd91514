//! Care records of each union: hardship files, documents, campaigns and
//! their recipients, assistance, consents, life events and visits, mutual-aid
//! plans, enrolments and claims. Every function takes the union first.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

mod assistance;
mod campaigns;
mod events;
mod mutual;

pub use assistance::*;
pub use campaigns::*;
pub use events::*;
pub use mutual::*;

/// Rows per multi-row INSERT.
const BATCH: usize = 400;

// --- User ↔ member ------------------------------------------------------------

// --- Policy -------------------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct PolicyRow {
    pub union_id: Uuid,
    pub effective_from: NaiveDate,
    pub dibao_monthly_fen: i64,
    pub province_avg_income_fen: i64,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "care::put_policy", skip_all)]
pub async fn put_policy(tx: &mut Tx, p: &PolicyRow) -> Result<()> {
    exec!(
        tx,
        sqlx::query("DELETE FROM care_policies WHERE union_id = $1 AND effective_from = $2")
            .bind(p.union_id)
            .bind(p.effective_from)
    )?;
    exec!(tx, sqlx::query("INSERT INTO care_policies (union_id, effective_from, dibao_monthly_fen, province_avg_income_fen, set_by, set_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(p.union_id).bind(p.effective_from).bind(p.dibao_monthly_fen).bind(p.province_avg_income_fen).bind(&p.set_by).bind(p.set_at))?;
    Ok(())
}

/// The policy history, newest first.
#[tracing::instrument(level = "debug", name = "care::policies", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn policies(tx: &mut Tx, union_id: UnionId) -> Result<Vec<PolicyRow>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT union_id, effective_from, dibao_monthly_fen, province_avg_income_fen, set_by, set_at \
            FROM care_policies WHERE union_id = $1 ORDER BY effective_from DESC").bind(union_id.0).fetch_all(c).await)
    })
    .await
}

// --- Hardship files -----------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct File {
    pub union_id: Uuid,
    pub id: Uuid,
    pub member_id: Uuid,
    pub status: String,
    pub computed_category: String,
    pub category: String,
    pub override_reason: Option<String>,
    pub main_cause: String,
    pub secondary_causes: String,
    pub exclusions: String,
    pub accident: bool,
    pub household_size: i64,
    pub sealed: Vec<u8>,
    pub assessed_on: NaiveDate,
    pub next_review: Option<NaiveDate>,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub close_reason: Option<String>,
    pub closed_on: Option<NaiveDate>,
    pub retain_until: Option<NaiveDate>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const FCOLS: &str = "union_id, id, member_id, status, computed_category, category, override_reason, main_cause, \
    secondary_causes, exclusions, accident, household_size, sealed, assessed_on, next_review, approved_by, approved_at, \
    close_reason, closed_on, retain_until, created_by, created_at, updated_at";

#[tracing::instrument(level = "debug", name = "care::insert_file", skip_all)]
pub async fn insert_file(tx: &mut Tx, f: &File) -> Result<()> {
    let sql = format!(
        "INSERT INTO care_files ({FCOLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
        $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(f.union_id)
            .bind(f.id)
            .bind(f.member_id)
            .bind(&f.status)
            .bind(&f.computed_category)
            .bind(&f.category)
            .bind(&f.override_reason)
            .bind(&f.main_cause)
            .bind(&f.secondary_causes)
            .bind(&f.exclusions)
            .bind(f.accident)
            .bind(f.household_size)
            .bind(&f.sealed)
            .bind(f.assessed_on)
            .bind(f.next_review)
            .bind(&f.approved_by)
            .bind(f.approved_at)
            .bind(&f.close_reason)
            .bind(f.closed_on)
            .bind(f.retain_until)
            .bind(&f.created_by)
            .bind(f.created_at)
            .bind(f.updated_at)
    )?;
    Ok(())
}

/// Writes back every changeable field of a file.
#[tracing::instrument(level = "debug", name = "care::update_file", skip_all)]
pub async fn update_file(tx: &mut Tx, f: &File) -> Result<()> {
    let sql = "UPDATE care_files SET status = $3, computed_category = $4, category = $5, override_reason = $6, \
        main_cause = $7, secondary_causes = $8, exclusions = $9, accident = $10, household_size = $11, sealed = $12, \
        assessed_on = $13, next_review = $14, approved_by = $15, approved_at = $16, close_reason = $17, closed_on = $18, \
        retain_until = $19, updated_at = $20 WHERE union_id = $1 AND id = $2";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(f.union_id)
            .bind(f.id)
            .bind(&f.status)
            .bind(&f.computed_category)
            .bind(&f.category)
            .bind(&f.override_reason)
            .bind(&f.main_cause)
            .bind(&f.secondary_causes)
            .bind(&f.exclusions)
            .bind(f.accident)
            .bind(f.household_size)
            .bind(&f.sealed)
            .bind(f.assessed_on)
            .bind(f.next_review)
            .bind(&f.approved_by)
            .bind(f.approved_at)
            .bind(&f.close_reason)
            .bind(f.closed_on)
            .bind(f.retain_until)
            .bind(f.updated_at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "care::file", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn file(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<File>> {
    crate::counted(async move {
        let sql = format!("SELECT {FCOLS} FROM care_files WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// The member's files, the open one first.
#[tracing::instrument(level = "debug", name = "care::files_of_member", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn files_of_member(tx: &mut Tx, union_id: UnionId, member_id: Uuid) -> Result<Vec<File>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {FCOLS} FROM care_files WHERE union_id = $1 AND member_id = $2 \
            ORDER BY CASE WHEN status = 'closed' THEN 1 ELSE 0 END, created_at DESC"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(member_id).fetch_all(c).await)
    })
    .await
}

/// A file in a list: no sealed data.
#[derive(Debug, Clone, FromRow)]
pub struct FileListed {
    pub id: Uuid,
    pub member_id: Uuid,
    pub member_name: String,
    pub status: String,
    pub category: String,
    pub computed_category: String,
    pub main_cause: String,
    pub household_size: i64,
    pub assessed_on: NaiveDate,
    pub next_review: Option<NaiveDate>,
    pub close_reason: Option<String>,
}

/// Files by status (`open` = not closed) and, with `review_before`, only
/// approved files whose review falls before that day (the overdue list).
#[tracing::instrument(level = "debug", name = "care::files", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn files(
    tx: &mut Tx,
    union_id: UnionId,
    status: Option<&str>,
    review_before: Option<NaiveDate>,
) -> Result<Vec<FileListed>> {
    crate::counted(async move {
        let mut sql = "SELECT f.id, f.member_id, m.name AS member_name, f.status, f.category, f.computed_category, f.main_cause, \
            f.household_size, f.assessed_on, f.next_review, f.close_reason FROM care_files f \
            JOIN members m ON m.union_id = f.union_id AND m.id = f.member_id WHERE f.union_id = $1".to_owned();
        match status {
            Some("open") => sql.push_str(" AND f.status <> 'closed'"),
            Some(_) => sql.push_str(" AND f.status = $2"),
            None => sql.push_str(" AND $2 = $2"),
        }
        if review_before.is_some() {
            sql.push_str(" AND f.status = 'approved' AND f.next_review < $3");
        }
        sql.push_str(" ORDER BY f.next_review, m.name_pinyin");
        let st = status.unwrap_or("").to_owned();
        on!(tx, c => {
            let q = sqlx::query_as(&sql).bind(union_id.0).bind(&st);
            let q = if let Some(d) = review_before { q.bind(d) } else { q };
            q.fetch_all(c).await
        })
    })
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct FileLog {
    pub action: String,
    pub note: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "care::log_file", skip_all, fields(union = %union_id))]
pub async fn log_file(
    tx: &mut Tx,
    union_id: UnionId,
    file_id: Uuid,
    action: &str,
    note: &str,
    actor: &str,
) -> Result<()> {
    exec!(tx, sqlx::query("INSERT INTO care_file_log (union_id, id, file_id, action, note, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(union_id.0).bind(Uuid::now_v7()).bind(file_id).bind(action).bind(note).bind(actor).bind(crate::now()))?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "care::file_log", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn file_log(tx: &mut Tx, union_id: UnionId, file_id: Uuid) -> Result<Vec<FileLog>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT action, note, actor, at FROM care_file_log WHERE union_id = $1 AND file_id = $2 ORDER BY at, id")
            .bind(union_id.0).bind(file_id).fetch_all(c).await)
    })
    .await
}

/// What recomputing every category needs of a file.
#[derive(Debug, Clone, FromRow)]
pub struct FileFigures {
    pub id: Uuid,
    pub member_id: Uuid,
    pub category: String,
    pub exclusions: String,
    pub accident: bool,
    pub household_size: i64,
    pub sealed: Vec<u8>,
}

#[tracing::instrument(level = "debug", name = "care::open_file_figures", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn open_file_figures(tx: &mut Tx, union_id: UnionId) -> Result<Vec<FileFigures>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT id, member_id, category, exclusions, accident, household_size, sealed FROM care_files \
            WHERE union_id = $1 AND status <> 'closed'").bind(union_id.0).fetch_all(c).await)
    })
    .await
}

/// Approved categories by member, for campaign filters.
#[tracing::instrument(level = "debug", name = "care::approved_categories", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn approved_categories(tx: &mut Tx, union_id: UnionId) -> Result<Vec<(Uuid, String)>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT member_id, category FROM care_files WHERE union_id = $1 AND status = 'approved'")
            .bind(union_id.0).fetch_all(c).await)
    })
    .await
}

// --- Documents ----------------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct Document {
    pub union_id: Uuid,
    pub id: Uuid,
    pub owner_kind: String,
    pub owner_id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "care::insert_document", skip_all)]
pub async fn insert_document(tx: &mut Tx, d: &Document, content: &[u8]) -> Result<()> {
    exec!(tx, sqlx::query("INSERT INTO care_documents (union_id, id, owner_kind, owner_id, file_name, content_type, size, sha256, \
        content, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        .bind(d.union_id).bind(d.id).bind(&d.owner_kind).bind(d.owner_id).bind(&d.file_name).bind(&d.content_type)
        .bind(d.size).bind(&d.sha256).bind(content).bind(&d.uploaded_by).bind(d.uploaded_at))?;
    Ok(())
}

const DCOLS: &str =
    "union_id, id, owner_kind, owner_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at";

#[tracing::instrument(level = "debug", name = "care::documents", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn documents(
    tx: &mut Tx,
    union_id: UnionId,
    owner_kind: &str,
    owner_id: Uuid,
) -> Result<Vec<Document>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {DCOLS} FROM care_documents WHERE union_id = $1 AND owner_kind = $2 AND owner_id = $3 ORDER BY uploaded_at"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(owner_kind).bind(owner_id).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "care::document", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn document(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<(Document, Vec<u8>)>> {
    crate::counted(async move {
        let sql = format!("SELECT {DCOLS} FROM care_documents WHERE union_id = $1 AND id = $2");
        let d: Option<Document> =
            on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)?;
        let Some(d) = d else { return Ok(None) };
        let content: Vec<u8> = on!(tx, c => sqlx::query_scalar("SELECT content FROM care_documents WHERE union_id = $1 AND id = $2")
            .bind(union_id.0).bind(id).fetch_one(c).await)?;
        Ok(Some((d, content)))
    })
    .await
}
