//! Plans, targets and the year in numbers (issue 20, DOMAIN.md §11): the
//! metric catalogue plans bind to, targets read from a plan's text, the
//! period a figure is counted over, and a target's progress.

pub mod annual;
pub mod extract;
pub mod metric;
pub mod numeral;
pub mod period;
pub mod progress;
pub mod scope;
pub mod sections;
pub mod summary;
pub mod tally;
pub mod target;

#[cfg(test)]
mod extract_tests;
