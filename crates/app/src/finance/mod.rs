//! Area `finance`: vouchers, books, reports, dues, funds, budgets, the
//! spending policy, welfare, statements and the audit committee's work.

pub mod cash;
pub mod dues;
pub mod opening;
pub mod oversight;
pub mod reports;
pub mod service;
pub mod welfare;

use uuid::Uuid;

use crate::AppState;
use crate::error::AppResult;

// The records the finance services answer with, named here so that callers
// (pages, API, CLI) need not reach into `store`.
pub use store::dues::{BillFilter, BillRow, MissingBase};
pub use store::finance::{Finding, PeriodEvent, Settings, Voucher, VoucherFilter, Welfare};
pub use store::org::Org;

/// The union whose books these are, or 404 (also when the id is not a
/// union's).
pub async fn union(state: &AppState, union_id: Uuid) -> AppResult<Org> {
    let mut tx = state.db.read().await?;
    crate::org::load_union(&mut tx, union_id).await
}
