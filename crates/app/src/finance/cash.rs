//! The warning before a payment takes 库存现金 or 银行存款 below zero: the
//! payer sees the accounts and balances, and goes on only by confirming
//! (`confirm_below_zero`). Money cannot really go below zero; when the books
//! say it would, usually the opening balances or a receipt are missing.

use domain::ErrorCode;
use domain::UnionId;
use domain::finance::ledger::Line;
use domain::finance::opening::{below_zero, below_zero_message, is_money};
use store::Tx;
use uuid::Uuid;

use super::service::chart_in;
use crate::error::{AppError, AppResult};

/// The field the API and the forms use to confirm.
pub const CONFIRM_FIELD: &str = "confirm_below_zero";

/// Refuses (409 `below_zero`) lines that pay cash or bank below its posted
/// balance, unless `confirmed`.
pub async fn check(tx: &mut Tx, union_id: Uuid, lines: &[Line], confirmed: bool) -> AppResult<()> {
    if confirmed || !lines.iter().any(|l| is_money(&l.account) && l.credit_fen != 0) {
        return Ok(());
    }
    let before = store::finance::opening::money_movements(tx, UnionId(union_id)).await?;
    let chart = chart_in(tx, union_id).await?;
    let short = below_zero(&chart, &before, lines);
    if short.is_empty() {
        return Ok(());
    }
    Err(AppError::field(ErrorCode::BelowZero, CONFIRM_FIELD, below_zero_message(&short)))
}

/// Whether an error is this warning (forms then show the confirm box).
pub fn is_warning(e: &AppError) -> bool {
    e.0.code == ErrorCode::BelowZero
}
