//! Recognition (issue 18): suggestions, honours, courses, hours credited
//! and certificates, and their evidence files. Every function takes the
//! union (the tenant) first; the tables are in migration
//! `20261210000100_recognition`.

pub mod files;
pub mod honour;
pub mod suggestion;
pub mod training;
