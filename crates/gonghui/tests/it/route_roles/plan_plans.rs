//! Route × role cases: plans (issue 20) — plans.

#[allow(unused_imports)]
use super::A::*;
#[allow(unused_imports)]
use super::B::None as NoBody;
#[allow(unused_imports)]
use super::F::No;
#[allow(unused_imports)]
use super::P::*;
#[allow(unused_imports)]
use super::{Case, T};

pub(super) const CASES: &[Case] = &[];
