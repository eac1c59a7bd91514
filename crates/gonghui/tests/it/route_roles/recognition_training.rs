//! Route × role cases: recognition (issue 18) — Training (培训): courses, hours, certificates, statistics.

use super::Case;

pub(super) const CASES: &[Case] = &[];
