//! Route × role cases: plans (issue 20) — the metric catalogue, one
//! metric (`{metric}`: 会员数), and the dashboard's series.

use super::A::*;
use super::B::None as NoBody;
use super::F::No;
use super::P::*;
use super::{Case, T};

pub(super) const CASES: &[Case] = &[
    Case("GET", "/orgs/{org_id}/metrics", Perm(PlanView), T::Org, NoBody, No),
    Case("GET", "/orgs/{org_id}/metrics/{metric}", Perm(PlanView), T::Org, NoBody, No),
    Case("GET", "/api/v1/orgs/{org_id}/metrics", Perm(PlanView), T::Org, NoBody, No),
    Case("GET", "/api/v1/orgs/{org_id}/metrics/{metric}", Perm(PlanView), T::Org, NoBody, No),
    Case("GET", "/api/v1/orgs/{org_id}/dashboard", Perm(PlanView), T::Org, NoBody, No),
];
