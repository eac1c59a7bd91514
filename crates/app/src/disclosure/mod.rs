//! Area `disclosure`: the disclosure board (厂务公开).

pub mod service;

/// The records the services answer with, as pages and the API name them.
pub use store::disclosure::{Feedback, Item};
