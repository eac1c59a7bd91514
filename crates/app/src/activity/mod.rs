//! Activities and competitions (issue 16): use cases shared by pages, the
//! JSON API, the CLI and benchmarks.

pub mod approval;
pub mod checkin;
pub mod contest;
pub mod contest_removal;
pub mod cost;
pub mod exports;
pub mod participation;
pub mod service;
pub mod signup;

pub use store::activity::Activity;
