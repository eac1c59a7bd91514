//! Route × role cases: plans (issue 20) — reports: the year-end summary
//! (page, print, .docx, .xlsx, API) and the annual statistics (page with
//! its job, .xlsx, API), all read with PlanView on an org of the tree.

use super::A::*;
use super::B::None as NoBody;
use super::F::No;
use super::P::*;
use super::{Case, T};

pub(super) const CASES: &[Case] = &[
    Case("GET", "/orgs/{org_id}/summary", Perm(PlanView), T::Org, NoBody, No),
    Case("GET", "/orgs/{org_id}/summary/print", Perm(PlanView), T::Org, NoBody, No),
    Case("GET", "/orgs/{org_id}/summary.docx", Perm(PlanView), T::Org, NoBody, No),
    Case("GET", "/orgs/{org_id}/summary.xlsx", Perm(PlanView), T::Org, NoBody, No),
    Case("GET", "/api/v1/orgs/{org_id}/summary", Perm(PlanView), T::Org, NoBody, No),
    Case("GET", "/api/v1/orgs/{org_id}/summary.docx", Perm(PlanView), T::Org, NoBody, No),
    Case("GET", "/api/v1/orgs/{org_id}/summary.xlsx", Perm(PlanView), T::Org, NoBody, No),
    Case("GET", "/orgs/{org_id}/annual-stats", Perm(PlanView), T::Org, NoBody, No),
    Case("GET", "/orgs/{org_id}/annual-stats.xlsx", Perm(PlanView), T::Org, NoBody, No),
    Case("GET", "/api/v1/orgs/{org_id}/annual-stats", Perm(PlanView), T::Org, NoBody, No),
    Case("GET", "/api/v1/orgs/{org_id}/annual-stats.xlsx", Perm(PlanView), T::Org, NoBody, No),
];
