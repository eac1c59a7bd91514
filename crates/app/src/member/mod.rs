//! Area `member`: the roster — records, search, lifecycle, import and
//! export, transfers, duplicates, online joining, logins for members.

pub mod export;
pub mod import;
pub mod login;
pub mod logins;
pub mod roster;
pub mod service;
pub mod transfers;

pub use store::member::{HistoryEntry, Member, MemberFilter, Settings, Sort};
