//! Area `disclosure`: the disclosure board (厂务公开).

pub mod service;
