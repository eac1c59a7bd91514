//! Who is asking, and what their grants allow: the principal, passwords and
//! tokens, and the account services.

pub mod cache;
pub mod lookup;
pub mod principal;
pub mod secrets;
pub mod service;
pub mod session;

/// The kinds of objects reached by id alone, whose routes the guard checks
/// on the owning union (`Target::Owned`).
pub mod owned {
    pub use store::directory::{
        ACTIVITY, BALLOT, COLLECTIVE_CONTRACT, CONTEST, COURSE, EMPLOYER, HONOUR, MEDIATION_CASE, PETITION,
        SAFETY_INSPECTION, SUGGESTION, WORK_PLAN,
    };
}

pub use principal::{Principal, Scope, SessionInfo};
pub use store::auth::User;
