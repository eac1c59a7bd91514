//! Route × role cases: plans (issue 20) — the metric catalogue, one
//! metric (named in the path), and the dashboard's series.

use super::A::*;
use super::B::None as NoBody;
use super::F::No;
use super::P::*;
use super::{Case, T};

pub(super) const CASES: &[Case] = &[
    Case("GET", "/orgs/{org_id}/metrics", Perm(PlanView), T::Org, NoBody, No),
    Case("GET", "/orgs/{org_id}/metrics/members", Perm(PlanView), T::Org, NoBody, No),
    Case("GET", "/api/v1/orgs/{org_id}/metrics", Perm(PlanView), T::Org, NoBody, No),
    Case(
        "GET",
        "/api/v1/orgs/{org_id}/metrics/members?from=2026-01-01&to=2026-12-31",
        Perm(PlanView),
        T::Org,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/orgs/{org_id}/dashboard", Perm(PlanView), T::Org, NoBody, No),
];
