//! Area `proposal`: proposals from submission to rating.

pub mod service;

/// The records the services answer with, as pages and the API name them.
pub use store::proposal::{LogEntry, Proposal};
