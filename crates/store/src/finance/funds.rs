//! Funds (经费) declared and received per month, and the yearly budget
//! with its overrides.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

// --- Funds -------------------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct FundMonth {
    pub union_id: Uuid,
    pub month: String,
    pub payroll_fen: i64,
    pub due_fen: i64,
    pub keep_fen: i64,
    pub up_fen: i64,
    pub keep_permille: i64,
    pub flow: String,
    pub declared_by: String,
    pub declared_at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "finance::insert_fund_month", skip_all)]
pub async fn insert_fund_month(tx: &mut Tx, f: &FundMonth) -> Result<()> {
    let sql = "INSERT INTO fin_fund_months (union_id, month, payroll_fen, due_fen, keep_fen, up_fen, keep_permille, \
        flow, declared_by, declared_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(f.union_id)
            .bind(&f.month)
            .bind(f.payroll_fen)
            .bind(f.due_fen)
            .bind(f.keep_fen)
            .bind(f.up_fen)
            .bind(f.keep_permille)
            .bind(&f.flow)
            .bind(&f.declared_by)
            .bind(f.declared_at)
    )?;
    Ok(())
}

const FCOLS: &str =
    "union_id, month, payroll_fen, due_fen, keep_fen, up_fen, keep_permille, flow, declared_by, declared_at";

#[tracing::instrument(level = "debug", name = "finance::fund_month", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn fund_month(tx: &mut Tx, union_id: UnionId, month: &str) -> Result<Option<FundMonth>> {
    crate::counted(async move {
        let sql = format!("SELECT {FCOLS} FROM fin_fund_months WHERE union_id = $1 AND month = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(month).fetch_optional(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "finance::fund_months", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn fund_months(tx: &mut Tx, union_id: UnionId) -> Result<Vec<FundMonth>> {
    crate::counted(async move {
        let sql = format!("SELECT {FCOLS} FROM fin_fund_months WHERE union_id = $1 ORDER BY month DESC");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct FundReceipt {
    pub union_id: Uuid,
    pub id: Uuid,
    pub month: String,
    pub kind: String,
    pub amount_fen: i64,
    pub date: NaiveDate,
    pub voucher_id: Uuid,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "finance::insert_fund_receipt", skip_all)]
pub async fn insert_fund_receipt(tx: &mut Tx, r: &FundReceipt) -> Result<()> {
    let sql = "INSERT INTO fin_fund_receipts (union_id, id, month, kind, amount_fen, date, voucher_id, actor_name, at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(r.union_id)
            .bind(r.id)
            .bind(&r.month)
            .bind(&r.kind)
            .bind(r.amount_fen)
            .bind(r.date)
            .bind(r.voucher_id)
            .bind(&r.actor_name)
            .bind(r.at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "finance::fund_receipts", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn fund_receipts(tx: &mut Tx, union_id: UnionId) -> Result<Vec<FundReceipt>> {
    crate::counted(async move {
        let sql = "SELECT union_id, id, month, kind, amount_fen, date, voucher_id, actor_name, at FROM fin_fund_receipts \
            WHERE union_id = $1 ORDER BY month DESC, at";
        on!(tx, c => sqlx::query_as(sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

// --- Budget ------------------------------------------------------------------

#[tracing::instrument(level = "debug", name = "finance::budget", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn budget(tx: &mut Tx, union_id: UnionId, year: i64) -> Result<Vec<(String, i64)>> {
    crate::counted(async move {
        let sql =
            "SELECT account, amount_fen FROM fin_budget_lines WHERE union_id = $1 AND year = $2 ORDER BY account";
        on!(tx, c => sqlx::query_as(sql).bind(union_id.0).bind(year).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "finance::set_budget_line", skip_all, fields(union = %union_id))]
pub async fn set_budget_line(
    tx: &mut Tx,
    union_id: UnionId,
    year: i64,
    account: &str,
    amount_fen: i64,
) -> Result<()> {
    let sql = "INSERT INTO fin_budget_lines (union_id, year, account, amount_fen, updated_at) VALUES ($1, $2, $3, $4, $5) \
        ON CONFLICT (union_id, year, account) DO UPDATE SET amount_fen = $4, updated_at = $5";
    exec!(
        tx,
        sqlx::query(sql).bind(union_id.0).bind(year).bind(account).bind(amount_fen).bind(crate::now())
    )?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct BudgetOverride {
    pub union_id: Uuid,
    pub id: Uuid,
    pub voucher_id: Uuid,
    pub year: i64,
    pub account: String,
    pub budget_fen: i64,
    pub actual_fen: i64,
    pub reason: String,
    pub approver: String,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "finance::insert_budget_override", skip_all)]
pub async fn insert_budget_override(tx: &mut Tx, o: &BudgetOverride) -> Result<()> {
    let sql = "INSERT INTO fin_budget_overrides (union_id, id, voucher_id, year, account, budget_fen, actual_fen, reason, \
        approver, actor_name, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(o.union_id)
            .bind(o.id)
            .bind(o.voucher_id)
            .bind(o.year)
            .bind(&o.account)
            .bind(o.budget_fen)
            .bind(o.actual_fen)
            .bind(&o.reason)
            .bind(&o.approver)
            .bind(&o.actor_name)
            .bind(o.at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "finance::budget_overrides", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn budget_overrides(tx: &mut Tx, union_id: UnionId) -> Result<Vec<BudgetOverride>> {
    crate::counted(async move {
        let sql = "SELECT union_id, id, voucher_id, year, account, budget_fen, actual_fen, reason, approver, actor_name, at \
            FROM fin_budget_overrides WHERE union_id = $1 ORDER BY at DESC";
        on!(tx, c => sqlx::query_as(sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}
