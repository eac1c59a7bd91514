//! Periods (会计期间): closing and reopening months, with their log; and
//! the files attached to vouchers.

use chrono::{DateTime, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

// --- Periods -----------------------------------------------------------------

#[tracing::instrument(level = "debug", name = "finance::is_closed", skip_all, fields(union = %union_id))]
pub async fn is_closed(tx: &mut Tx, union_id: UnionId, period: &str) -> Result<bool> {
    let sql = "SELECT closed FROM fin_periods WHERE union_id = $1 AND period = $2";
    let row: Option<bool> =
        on!(tx, c => sqlx::query_scalar(sql).bind(union_id.0).bind(period).fetch_optional(c).await)?;
    Ok(row.unwrap_or(false))
}

#[tracing::instrument(level = "debug", name = "finance::set_closed", skip_all, fields(union = %union_id))]
pub async fn set_closed(tx: &mut Tx, union_id: UnionId, period: &str, closed: bool, by: &str) -> Result<()> {
    let sql = "INSERT INTO fin_periods (union_id, period, closed, closed_at, closed_by) VALUES ($1, $2, $3, $4, $5) \
        ON CONFLICT (union_id, period) DO UPDATE SET closed = $3, closed_at = $4, closed_by = $5";
    exec!(tx, sqlx::query(sql).bind(union_id.0).bind(period).bind(closed).bind(crate::now()).bind(by))?;
    Ok(())
}

/// Closed periods of a union, newest first.
#[tracing::instrument(level = "debug", name = "finance::closed_periods", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn closed_periods(tx: &mut Tx, union_id: UnionId) -> Result<Vec<String>> {
    crate::counted(async move {
        let sql = "SELECT period FROM fin_periods WHERE union_id = $1 AND closed = TRUE ORDER BY period DESC";
        on!(tx, c => sqlx::query_scalar(sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct PeriodEvent {
    pub union_id: Uuid,
    pub id: Uuid,
    pub period: String,
    pub action: String,
    pub reason: Option<String>,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "finance::add_period_event", skip_all)]
pub async fn add_period_event(tx: &mut Tx, e: &PeriodEvent) -> Result<()> {
    let sql = "INSERT INTO fin_period_events (union_id, id, period, action, reason, actor_name, at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(e.union_id)
            .bind(e.id)
            .bind(&e.period)
            .bind(&e.action)
            .bind(&e.reason)
            .bind(&e.actor_name)
            .bind(e.at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "finance::period_events", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn period_events(tx: &mut Tx, union_id: UnionId) -> Result<Vec<PeriodEvent>> {
    crate::counted(async move {
        let sql = "SELECT union_id, id, period, action, reason, actor_name, at FROM fin_period_events \
            WHERE union_id = $1 ORDER BY at DESC";
        on!(tx, c => sqlx::query_as(sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

// --- Attachments -------------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct Attachment {
    pub union_id: Uuid,
    pub id: Uuid,
    pub voucher_id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "finance::insert_attachment", skip_all)]
pub async fn insert_attachment(tx: &mut Tx, a: &Attachment, content: &[u8]) -> Result<()> {
    let sql = "INSERT INTO fin_attachments (union_id, id, voucher_id, file_name, content_type, size, sha256, content, \
        uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(a.union_id)
            .bind(a.id)
            .bind(a.voucher_id)
            .bind(&a.file_name)
            .bind(&a.content_type)
            .bind(a.size)
            .bind(&a.sha256)
            .bind(content)
            .bind(&a.uploaded_by)
            .bind(a.uploaded_at)
    )?;
    Ok(())
}

const ACOLS: &str =
    "union_id, id, voucher_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at";

#[tracing::instrument(level = "debug", name = "finance::attachments", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn attachments(tx: &mut Tx, union_id: UnionId, voucher_id: Uuid) -> Result<Vec<Attachment>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {ACOLS} FROM fin_attachments WHERE union_id = $1 AND voucher_id = $2 ORDER BY uploaded_at"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(voucher_id).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "finance::attachment", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn attachment(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<(Attachment, Vec<u8>)>> {
    crate::counted(async move {
        let sql = format!("SELECT {ACOLS} FROM fin_attachments WHERE union_id = $1 AND id = $2");
        let a: Option<Attachment> =
            on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)?;
        let Some(a) = a else { return Ok(None) };
        let sql = "SELECT content FROM fin_attachments WHERE union_id = $1 AND id = $2";
        let bytes: Vec<u8> =
            on!(tx, c => sqlx::query_scalar(sql).bind(union_id.0).bind(id).fetch_one(c).await)?;
        Ok(Some((a, bytes)))
    })
    .await
}
