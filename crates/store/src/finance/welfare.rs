//! Welfare payments (福利) and the policy exceptions approved for them.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

// --- Welfare and policy exceptions -------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct Welfare {
    pub union_id: Uuid,
    pub id: Uuid,
    pub member_id: Uuid,
    pub year: i64,
    pub item: String,
    pub holiday: Option<String>,
    pub form: String,
    pub amount_fen: i64,
    pub date: NaiveDate,
    pub account: String,
    pub voucher_id: Uuid,
    pub exception_id: Option<Uuid>,
    pub idem_key: Option<String>,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

const WCOLS: &str = "union_id, id, member_id, year, item, holiday, form, amount_fen, date, account, voucher_id, \
    exception_id, idem_key, actor_name, at";

#[tracing::instrument(level = "debug", name = "finance::insert_welfare", skip_all)]
pub async fn insert_welfare(tx: &mut Tx, w: &Welfare) -> Result<()> {
    let sql = format!(
        "INSERT INTO fin_welfare ({WCOLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(w.union_id)
            .bind(w.id)
            .bind(w.member_id)
            .bind(w.year)
            .bind(&w.item)
            .bind(&w.holiday)
            .bind(&w.form)
            .bind(w.amount_fen)
            .bind(w.date)
            .bind(&w.account)
            .bind(w.voucher_id)
            .bind(w.exception_id)
            .bind(&w.idem_key)
            .bind(&w.actor_name)
            .bind(w.at)
    )?;
    Ok(())
}

/// Inserts many welfare records (a campaign's list), many rows per statement.
#[tracing::instrument(level = "debug", name = "finance::insert_welfare_many", skip_all)]
pub async fn insert_welfare_many(tx: &mut Tx, rows: &[Welfare]) -> Result<()> {
    for chunk in rows.chunks(400) {
        let sql = format!("INSERT INTO fin_welfare ({WCOLS}) VALUES {}", tx.values_list(chunk.len(), 15, 1));
        exec!(tx, {
            let mut q = sqlx::query(&sql);
            for w in chunk {
                q = q
                    .bind(w.union_id)
                    .bind(w.id)
                    .bind(w.member_id)
                    .bind(w.year)
                    .bind(&w.item)
                    .bind(&w.holiday)
                    .bind(&w.form)
                    .bind(w.amount_fen)
                    .bind(w.date)
                    .bind(&w.account)
                    .bind(w.voucher_id)
                    .bind(w.exception_id)
                    .bind(&w.idem_key)
                    .bind(&w.actor_name)
                    .bind(w.at);
            }
            q
        })?;
    }
    Ok(())
}

/// Everything paid in a year, for checking a whole list at once.
#[tracing::instrument(level = "debug", name = "finance::welfare_year", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn welfare_year(tx: &mut Tx, union_id: UnionId, year: i64) -> Result<Vec<Welfare>> {
    crate::counted(async move {
        let sql = format!("SELECT {WCOLS} FROM fin_welfare WHERE union_id = $1 AND year = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(year).fetch_all(c).await)
    })
    .await
}

/// What a member received in a year.
#[tracing::instrument(level = "debug", name = "finance::welfare_of", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn welfare_of(tx: &mut Tx, union_id: UnionId, member_id: Uuid, year: i64) -> Result<Vec<Welfare>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {WCOLS} FROM fin_welfare WHERE union_id = $1 AND member_id = $2 AND year = $3 ORDER BY date"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(member_id).bind(year).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "finance::welfare_by_key", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn welfare_by_key(tx: &mut Tx, union_id: UnionId, key: &str) -> Result<Option<Welfare>> {
    crate::counted(async move {
        let sql = format!("SELECT {WCOLS} FROM fin_welfare WHERE union_id = $1 AND idem_key = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(key).fetch_optional(c).await)
    })
    .await
}

/// A year's payments with the member's name and the approver (the
/// reviewer of the payment's voucher).
#[tracing::instrument(level = "debug", name = "finance::welfare_list", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn welfare_list(
    tx: &mut Tx,
    union_id: UnionId,
    year: i64,
) -> Result<Vec<(Welfare, String, Option<String>)>> {
    crate::counted(async move {
        let sql = "SELECT w.union_id, w.id, w.member_id, w.year, w.item, w.holiday, w.form, w.amount_fen, w.date, w.account, \
            w.voucher_id, w.exception_id, w.idem_key, w.actor_name, w.at, m.name, v.reviewer_name AS approver FROM fin_welfare w \
            JOIN members m ON m.union_id = w.union_id AND m.id = w.member_id \
            LEFT JOIN fin_vouchers v ON v.union_id = w.union_id AND v.id = w.voucher_id \
            WHERE w.union_id = $1 AND w.year = $2 ORDER BY w.date DESC, w.at DESC LIMIT 500";
        let rows: Vec<WelfareNamed> =
            on!(tx, c => sqlx::query_as(sql).bind(union_id.0).bind(year).fetch_all(c).await)?;
        Ok(rows.into_iter().map(|r| (r.w, r.name, r.approver)).collect())
    })
    .await
}

#[derive(FromRow)]
struct WelfareNamed {
    #[sqlx(flatten)]
    w: Welfare,
    name: String,
    approver: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct PolicyException {
    pub union_id: Uuid,
    pub id: Uuid,
    pub member_id: Uuid,
    pub item: String,
    pub amount_fen: i64,
    pub rule: String,
    pub reason: String,
    pub approver: String,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "finance::insert_exception", skip_all)]
pub async fn insert_exception(tx: &mut Tx, e: &PolicyException) -> Result<()> {
    let sql = "INSERT INTO fin_policy_exceptions (union_id, id, member_id, item, amount_fen, rule, reason, approver, \
        actor_name, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(e.union_id)
            .bind(e.id)
            .bind(e.member_id)
            .bind(&e.item)
            .bind(e.amount_fen)
            .bind(&e.rule)
            .bind(&e.reason)
            .bind(&e.approver)
            .bind(&e.actor_name)
            .bind(e.at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "finance::exceptions", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn exceptions(tx: &mut Tx, union_id: UnionId) -> Result<Vec<PolicyException>> {
    crate::counted(async move {
        let sql = "SELECT union_id, id, member_id, item, amount_fen, rule, reason, approver, actor_name, at \
            FROM fin_policy_exceptions WHERE union_id = $1 ORDER BY at DESC";
        on!(tx, c => sqlx::query_as(sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}
