//! The member's own union (issue 19): 我的 on a phone, the e-card, the
//! inbox and the delivery of notifications, applications with progress,
//! and the member's rights over their own data (PIPL §44–47), plus the
//! officers' work queue of what members asked for.

pub mod application;
pub mod data;
pub mod ecard;
pub mod home;
pub mod notify;
pub mod queue;
