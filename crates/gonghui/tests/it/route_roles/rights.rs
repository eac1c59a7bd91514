//! Route × role cases: rights protection (issue 17), `rights`.

use super::Case;

pub(super) const CASES: &[Case] = &[];
