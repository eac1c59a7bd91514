//! Route × role cases: rights protection (issue 17), `rights_mediation`.

use super::Case;

pub(super) const CASES: &[Case] = &[];
