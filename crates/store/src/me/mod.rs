//! SQL of the member's own union (issue 19): the inbox and outbox, and the
//! applications and correction requests members make.

pub mod application;
pub mod data;
pub mod home;
pub mod notify;
