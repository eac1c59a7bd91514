//! Democratic management (DOMAIN.md §8): the worker congress and its
//! delegates, and one ballot machinery for motions, elections and
//! appraisals — secret, one person one ballot, recountable by anyone
//! entitled from the published papers.

pub mod ballot;
pub mod congress;
pub mod outcome;
pub mod receipt;
