//! Who is asking, and what their grants allow: the principal, passwords and
//! tokens, and the account services.

pub mod principal;
pub mod secrets;
pub mod service;

pub use principal::{Principal, Scope, SessionInfo};
