//! Published statements (财务公开) and audit findings with their
//! rectification.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

// --- Statements and findings -------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct Statement {
    pub union_id: Uuid,
    pub period: String,
    pub content: String,
    pub published_by: String,
    pub published_at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "finance::insert_statement", skip_all)]
pub async fn insert_statement(tx: &mut Tx, s: &Statement) -> Result<()> {
    let sql = "INSERT INTO fin_statements (union_id, period, content, published_by, published_at) VALUES ($1, $2, $3, $4, $5)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(s.union_id)
            .bind(&s.period)
            .bind(&s.content)
            .bind(&s.published_by)
            .bind(s.published_at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "finance::statements", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn statements(tx: &mut Tx, union_id: UnionId) -> Result<Vec<Statement>> {
    crate::counted(async move {
        let sql = "SELECT union_id, period, content, published_by, published_at FROM fin_statements \
            WHERE union_id = $1 ORDER BY period DESC";
        on!(tx, c => sqlx::query_as(sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct Finding {
    pub union_id: Uuid,
    pub id: Uuid,
    pub title: String,
    pub detail: String,
    pub deadline: Option<NaiveDate>,
    pub status: String,
    pub rectification: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const FINDING_COLS: &str =
    "union_id, id, title, detail, deadline, status, rectification, created_by, created_at, updated_at";

#[tracing::instrument(level = "debug", name = "finance::insert_finding", skip_all)]
pub async fn insert_finding(tx: &mut Tx, f: &Finding) -> Result<()> {
    let sql =
        format!("INSERT INTO fin_findings ({FINDING_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(f.union_id)
            .bind(f.id)
            .bind(&f.title)
            .bind(&f.detail)
            .bind(f.deadline)
            .bind(&f.status)
            .bind(&f.rectification)
            .bind(&f.created_by)
            .bind(f.created_at)
            .bind(f.updated_at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "finance::update_finding", skip_all)]
pub async fn update_finding(tx: &mut Tx, f: &Finding) -> Result<()> {
    let sql = "UPDATE fin_findings SET status = $3, rectification = $4, deadline = $5, updated_at = $6 \
        WHERE union_id = $1 AND id = $2";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(f.union_id)
            .bind(f.id)
            .bind(&f.status)
            .bind(&f.rectification)
            .bind(f.deadline)
            .bind(f.updated_at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "finance::finding", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn finding(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Finding>> {
    crate::counted(async move {
        let sql = format!("SELECT {FINDING_COLS} FROM fin_findings WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "finance::findings", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn findings(tx: &mut Tx, union_id: UnionId) -> Result<Vec<Finding>> {
    crate::counted(async move {
        let sql =
            format!("SELECT {FINDING_COLS} FROM fin_findings WHERE union_id = $1 ORDER BY created_at DESC");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}
