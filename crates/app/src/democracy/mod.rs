//! Area `democracy`: the worker congress — terms, delegates, sessions,
//! ballots and elections.

pub mod congress;
pub mod service;
