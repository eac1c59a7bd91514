//! Route × role cases: recognition (issue 18) — Honours (荣誉): nominate, notice, approve; model-worker care.

use super::Case;

pub(super) const CASES: &[Case] = &[];
