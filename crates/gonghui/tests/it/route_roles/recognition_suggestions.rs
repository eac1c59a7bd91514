//! Route × role cases: recognition (issue 18) — Suggestions (合理化建议): submit, assess, implement, accept, reward.

use super::Case;

pub(super) const CASES: &[Case] = &[];
