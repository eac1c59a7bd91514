//! Route × role cases: rights protection (issue 17), `rights_petitions`.

use super::Case;

pub(super) const CASES: &[Case] = &[];
