//! The member's rights over their data: what is held, the copy, the access log, corrections, consents.
