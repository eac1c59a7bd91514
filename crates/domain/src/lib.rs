//! gonghui's pure domain: types and rules without I/O.
//!
//! Every rule here is a plain function so it can be unit- and property-tested
//! without a database. Names follow the glossary of DOMAIN.md §13.

pub mod audit;
pub mod auth;
pub mod care;
pub mod democracy;
pub mod disclosure;
pub mod error;
pub mod finance;
pub mod logins;
pub mod member;
pub mod org;
pub mod proposal;
pub mod search;
pub mod text;
pub mod time;

pub use error::{DomainError, ErrorCode};
