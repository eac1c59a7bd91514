//! The member's own union (issue 19): the rules behind 我的 — the e-card's
//! signed token, notifications and their delivery, and the applications a
//! member makes themselves.

pub mod application;
pub mod ecard;
pub mod notify;
