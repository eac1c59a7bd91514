//! The books the money metrics read: posted income and expenditure by day
//! and first-level account, funds remitted up, and the year's budget.

use chrono::NaiveDate;
use sqlx::FromRow;

use super::UNIONS;
use crate::{Result, Tx, on};

/// Posted movements of one day on one first-level income (4…) or
/// expenditure (5…) account, summed over the subtree's unions.
#[derive(Debug, Clone, FromRow)]
pub struct BookDay {
    pub date: NaiveDate,
    pub account: String,
    pub debit_fen: i64,
    pub credit_fen: i64,
}

/// Posted income and expenditure in `[from, to]`, by day and first-level
/// account.
#[tracing::instrument(level = "debug", name = "plan::metrics::books", skip_all, fields(rows = tracing::field::Empty))]
pub async fn books(tx: &mut Tx, lo: &str, hi: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<BookDay>> {
    // The lines' own month narrows the read to the period's months through
    // their index before the vouchers' days are checked.
    let sql = format!(
        "SELECT v.date, substr(l.account, 1, 4) AS account, CAST(SUM(l.debit_fen) AS BIGINT) AS debit_fen, \
         CAST(SUM(l.credit_fen) AS BIGINT) AS credit_fen FROM fin_lines l \
         JOIN fin_vouchers v ON v.union_id = l.union_id AND v.id = l.voucher_id \
         WHERE l.union_id IN ({UNIONS}) AND l.period >= $5 AND l.period <= $6 \
         AND (l.account LIKE '4%' OR l.account LIKE '5%') \
         AND v.status = 'posted' AND v.date >= $3 AND v.date <= $4 \
         GROUP BY v.date, substr(l.account, 1, 4)"
    );
    let (pf, pt) = (from.format("%Y-%m").to_string(), to.format("%Y-%m").to_string());
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(&sql).bind(lo).bind(hi).bind(from).bind(to).bind(&pf).bind(&pt)
            .fetch_all(c).await)
    })
    .await
}

/// Funds remitted to the upper union in `[from, to]`, by day (fen).
#[tracing::instrument(level = "debug", name = "plan::metrics::remitted", skip_all, fields(rows = tracing::field::Empty))]
pub async fn remitted(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, i64)>> {
    let sql = format!(
        "SELECT r.date, CAST(SUM(r.amount_fen) AS BIGINT) FROM fin_fund_receipts r \
         WHERE r.union_id IN ({UNIONS}) AND r.kind = 'remitted_up' AND r.date >= $3 AND r.date <= $4 \
         GROUP BY r.date"
    );
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(&sql).bind(lo).bind(hi).bind(from).bind(to).fetch_all(c).await)
    })
    .await
}

/// The budget lines of `year` (account, fen) of the subtree's unions.
#[tracing::instrument(level = "debug", name = "plan::metrics::budget", skip_all, fields(rows = tracing::field::Empty))]
pub async fn budget(tx: &mut Tx, lo: &str, hi: &str, year: i64) -> Result<Vec<(String, i64)>> {
    let sql = format!(
        "SELECT b.account, b.amount_fen FROM fin_budget_lines b WHERE b.union_id IN ({UNIONS}) AND b.year = $3"
    );
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(&sql).bind(lo).bind(hi).bind(year).fetch_all(c).await)
    })
    .await
}
