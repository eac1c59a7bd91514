//! Area `finance`: vouchers, books, reports, dues, funds, budgets, the
//! spending policy, welfare, statements and the audit committee's work.

pub mod cash;
pub mod chains;
pub mod dues;
pub mod opening;
pub mod oversight;
pub mod periods;
pub mod reports;
pub mod service;
pub mod welfare;

// The records the finance services answer with, named here so that callers
// (pages, API, CLI) need not reach into `store`.
pub use store::dues::{BillFilter, BillRow, MissingBase};
pub use store::finance::{Finding, PeriodEvent, Settings, Voucher, VoucherFilter, Welfare};
pub use store::org::Org;
