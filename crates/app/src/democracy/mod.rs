//! Area `democracy`: the worker congress — terms, delegates, sessions,
//! ballots and elections.

pub mod congress;
pub mod group;
pub mod lookup;
pub mod service;

/// The records the services answer with, as pages and the API name them.
pub use store::democracy::{Ballot, Delegate, Session, Term};
