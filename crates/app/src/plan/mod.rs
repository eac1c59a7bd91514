//! Area `plan` (issue 20, DOMAIN.md §11): every countable thing as a
//! metric computed from the records, work plans whose targets are bound to
//! those metrics, the year-end summary's figures, the federation's annual
//! statistics (年报) and the dashboards.
//!
//! - `metrics`: the catalogue's computation (one entry point every other
//!   part uses: figures for a period, and their trend at checkpoints);
//! - `plans`: work plans, their sections, tasks and targets;
//! - `summary`: the year-end summary (工作总结) drafted from the figures;
//! - `stats`: the annual statistics of a federation's subtree, as jobs;
//! - `dashboard`: the year at a glance (series for the charts).

pub mod dashboard;
pub mod metrics;
pub mod plans;
pub mod stats;
pub mod summary;
