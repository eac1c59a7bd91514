//! Area `finance`: money, the chart of accounts, vouchers and the ledger,
//! dues and funds, and the spending rules (DOMAIN.md §4–§6).

pub mod chart;
pub mod dues;
pub mod holidays;
pub mod ledger;
pub mod money;
pub mod opening;
pub mod policy;
