//! gonghui's pure domain: types and rules without I/O.
//!
//! Every rule here is a plain function so it can be unit- and property-tested
//! without a database. Names follow the glossary of DOMAIN.md §13.

pub mod activity;
pub mod audit;
pub mod auth;
pub mod care;
pub mod democracy;
pub mod disclosure;
pub mod error;
pub mod finance;
pub mod logins;
pub mod me;
pub mod member;
pub mod org;
pub mod plan;
pub mod proposal;
pub mod ratio;
pub mod recognition;
pub mod rights;
pub mod search;
pub mod text;
pub mod time;

pub use error::{DomainError, ErrorCode};

/// The tenant key: the id of a union (工会), whose rows every store function
/// reads and writes. Its own type, not a bare `Uuid`, so that a member's,
/// a voucher's or a user's id passed where a union's belongs fails to
/// compile instead of finding nothing (or another union's rows).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct UnionId(pub uuid::Uuid);

impl UnionId {
    pub const fn new(id: uuid::Uuid) -> Self {
        UnionId(id)
    }
}

impl std::fmt::Display for UnionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Shown as the bare id, as a `Uuid` is: logs and test failures read the same.
impl std::fmt::Debug for UnionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.0, f)
    }
}
