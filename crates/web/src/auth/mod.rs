//! The HTTP side of authorization: the one guard every route passes, its
//! rules, and the principal extractors. Principals, passwords and tokens
//! themselves live in `app::auth`.

pub mod guard;

pub use app::auth::{Principal, Scope, SessionInfo};
pub use guard::{Access, Rule, Target};
