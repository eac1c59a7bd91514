//! Who is asking, and whether they may: principals, the one authorization
//! guard, passwords, sessions and tokens.

pub mod guard;
pub mod principal;
pub mod secrets;

pub use guard::{Access, Rule, Target};
pub use principal::{Principal, Scope, SessionInfo};
