//! The disclosure board: published items, their withdrawal, members'
//! feedback. Every function takes the union first.

use chrono::{DateTime, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

#[derive(Debug, Clone, FromRow)]
pub struct Item {
    pub union_id: Uuid,
    pub id: Uuid,
    pub category: String,
    pub title: String,
    pub period: String,
    pub body: String,
    pub source: Option<String>,
    pub published_by: String,
    pub published_at: DateTime<Utc>,
    pub withdrawn_by: Option<String>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdraw_reason: Option<String>,
}

const COLS: &str = "union_id, id, category, title, period, body, source, published_by, published_at, \
    withdrawn_by, withdrawn_at, withdraw_reason";

#[tracing::instrument(level = "debug", name = "disclosure::insert", skip_all)]
pub async fn insert(tx: &mut Tx, i: &Item) -> Result<()> {
    let sql = format!(
        "INSERT INTO disclosure_items ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(i.union_id)
            .bind(i.id)
            .bind(&i.category)
            .bind(&i.title)
            .bind(&i.period)
            .bind(&i.body)
            .bind(&i.source)
            .bind(&i.published_by)
            .bind(i.published_at)
            .bind(&i.withdrawn_by)
            .bind(i.withdrawn_at)
            .bind(&i.withdraw_reason)
    )?;
    Ok(())
}

/// Withdraws a published item; 0 rows when it is not there or already
/// withdrawn.
#[tracing::instrument(level = "debug", name = "disclosure::withdraw", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn withdraw(tx: &mut Tx, union_id: UnionId, id: Uuid, by: &str, reason: &str) -> Result<u64> {
    crate::counted(async move {
        exec!(
            tx,
            sqlx::query(
                "UPDATE disclosure_items SET withdrawn_by = $3, withdrawn_at = $4, withdraw_reason = $5 \
                 WHERE union_id = $1 AND id = $2 AND withdrawn_at IS NULL"
            )
            .bind(union_id.0)
            .bind(id)
            .bind(by)
            .bind(crate::now())
            .bind(reason)
        )
    })
    .await
}

/// Withdraws whatever is still published from `source` (an area's earlier
/// list, replaced by a new one).
#[tracing::instrument(level = "debug", name = "disclosure::withdraw_source", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn withdraw_source(
    tx: &mut Tx,
    union_id: UnionId,
    source: &str,
    by: &str,
    reason: &str,
) -> Result<u64> {
    crate::counted(async move {
        exec!(
            tx,
            sqlx::query(
                "UPDATE disclosure_items SET withdrawn_by = $3, withdrawn_at = $4, withdraw_reason = $5 \
                 WHERE union_id = $1 AND source = $2 AND withdrawn_at IS NULL"
            )
            .bind(union_id.0)
            .bind(source)
            .bind(by)
            .bind(crate::now())
            .bind(reason)
        )
    })
    .await
}

#[tracing::instrument(level = "debug", name = "disclosure::get", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn get(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Item>> {
    crate::counted(async move {
        let sql = format!("SELECT {COLS} FROM disclosure_items WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// The board, newest first; withdrawn items only when asked for.
#[tracing::instrument(level = "debug", name = "disclosure::list", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn list(
    tx: &mut Tx,
    union_id: UnionId,
    category: Option<&str>,
    with_withdrawn: bool,
) -> Result<Vec<Item>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {COLS} FROM disclosure_items WHERE union_id = $1 AND ($2 IS NULL OR category = $2) \
             AND ($3 OR withdrawn_at IS NULL) ORDER BY published_at DESC, id DESC"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(category).bind(with_withdrawn).fetch_all(c).await)
    })
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct Feedback {
    pub union_id: Uuid,
    pub id: Uuid,
    pub item_id: Uuid,
    pub user_id: Uuid,
    pub author: String,
    pub body: String,
    pub at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "disclosure::insert_feedback", skip_all)]
pub async fn insert_feedback(tx: &mut Tx, f: &Feedback) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO disclosure_feedback (union_id, id, item_id, user_id, author, body, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)"
        )
        .bind(f.union_id)
        .bind(f.id)
        .bind(f.item_id)
        .bind(f.user_id)
        .bind(&f.author)
        .bind(&f.body)
        .bind(f.at)
    )?;
    Ok(())
}

/// An item's feedback, oldest first; only `user_id`'s own when given.
#[tracing::instrument(level = "debug", name = "disclosure::feedback", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn feedback(
    tx: &mut Tx,
    union_id: UnionId,
    item_id: Uuid,
    user_id: Option<Uuid>,
) -> Result<Vec<Feedback>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT union_id, id, item_id, user_id, author, body, at FROM disclosure_feedback \
            WHERE union_id = $1 AND item_id = $2 AND ($3 IS NULL OR user_id = $3) ORDER BY at, id")
            .bind(union_id.0).bind(item_id).bind(user_id).fetch_all(c).await)
    })
    .await
}
