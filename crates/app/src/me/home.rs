//! 我的: the member's home and records, read in one transaction.
