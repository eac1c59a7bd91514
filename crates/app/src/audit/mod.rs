//! Area `audit`: the append-only log of who did what.

pub mod service;

pub use store::audit::AuditFilter;
