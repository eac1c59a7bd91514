//! Opening balances (期初余额): the union's one voucher of kind `opening`,
//! and what decides its first period and its lock.

use super::{VCOLS, Voucher};
use crate::{Result, Tx, on};
use domain::UnionId;

/// The union's opening voucher, in whatever state.
#[tracing::instrument(level = "debug", name = "finance::opening::opening_voucher", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn opening_voucher(tx: &mut Tx, union_id: UnionId) -> Result<Option<Voucher>> {
    crate::counted(async move {
        let sql = format!("SELECT {VCOLS} FROM fin_vouchers WHERE union_id = $1 AND kind = 'opening'");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_optional(c).await)
    })
    .await
}

/// The earliest period of any other voucher: the books began there.
#[tracing::instrument(level = "debug", name = "finance::opening::first_voucher_period", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn first_voucher_period(tx: &mut Tx, union_id: UnionId) -> Result<Option<String>> {
    crate::counted(async move {
        let sql = "SELECT MIN(period) FROM fin_vouchers WHERE union_id = $1 AND kind <> 'opening'";
        on!(tx, c => sqlx::query_scalar(sql).bind(union_id.0).fetch_one(c).await)
    })
    .await
}

/// The first month ever closed (a reopen does not undo it): from then on
/// the opening balances are locked.
#[tracing::instrument(level = "debug", name = "finance::opening::first_close", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn first_close(tx: &mut Tx, union_id: UnionId) -> Result<Option<String>> {
    crate::counted(async move {
        let sql = "SELECT MIN(period) FROM fin_period_events WHERE union_id = $1 AND action = 'close'";
        on!(tx, c => sqlx::query_scalar(sql).bind(union_id.0).fetch_one(c).await)
    })
    .await
}

/// Posted movements of 库存现金 and 银行存款 (and their sub-accounts), all
/// periods: the money a payment is checked against.
#[tracing::instrument(level = "debug", name = "finance::opening::money_movements", skip_all, fields(union = %union_id))]
pub async fn money_movements(
    tx: &mut Tx,
    union_id: UnionId,
) -> Result<std::collections::BTreeMap<String, domain::finance::ledger::Movement>> {
    let sql = "SELECT l.account, CAST(SUM(l.debit_fen) AS BIGINT), CAST(SUM(l.credit_fen) AS BIGINT) \
        FROM fin_lines l JOIN fin_vouchers v ON v.union_id = l.union_id AND v.id = l.voucher_id \
        WHERE l.union_id = $1 AND (l.account LIKE '1001%' OR l.account LIKE '1002%') AND v.status = 'posted' \
        GROUP BY l.account";
    let rows: Vec<(String, i64, i64)> =
        on!(tx, c => sqlx::query_as(sql).bind(union_id.0).fetch_all(c).await)?;
    Ok(super::to_map(rows))
}
