//! The e-card: issue and verify.
