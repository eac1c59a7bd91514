//! Area `proposal`: proposals from submission to rating.

pub mod service;
