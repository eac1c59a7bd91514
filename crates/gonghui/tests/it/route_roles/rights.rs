//! Route × role cases: rights protection (issue 17) — the overview, the
//! statistics of a subtree and the union's rights settings.

use super::A::*;
use super::B::None as NoBody;
use super::F::No;
use super::P::*;
use super::{Case, T};

pub(super) const CASES: &[Case] = &[
    Case("GET", "/unions/{union_id}/rights", Perm(RightsView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/rights/settings", Perm(RightsView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/rights/settings", Perm(RightsManage), T::Union, NoBody, No),
    Case("GET", "/orgs/{org_id}/rights-stats", Perm(RightsView), T::Org, NoBody, No),
    Case("GET", "/orgs/{org_id}/rights-stats.xlsx", Perm(RightsView), T::Org, NoBody, No),
    Case("GET", "/api/v1/orgs/{org_id}/rights-stats", Perm(RightsView), T::Org, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/rights-settings", Perm(RightsView), T::Union, NoBody, No),
    Case("PUT", "/api/v1/unions/{union_id}/rights-settings", Perm(RightsManage), T::Union, NoBody, No),
];
