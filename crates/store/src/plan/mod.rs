//! Area `plan`: the SQL of work plans (`plans`), of the metrics counted
//! over the records (`metrics`), and of the annual statistics (`stats`).

pub mod metrics;
pub mod plans;
pub mod stats;
