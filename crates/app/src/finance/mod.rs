//! Area `finance`: vouchers, books, reports, dues, funds, budgets, the
//! spending policy, welfare, statements and the audit committee's work.

pub mod cash;
pub mod dues;
pub mod opening;
pub mod oversight;
pub mod reports;
pub mod service;
pub mod welfare;
