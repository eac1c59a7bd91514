//! Area `plan` (issue 20): the metric catalogue, work plans with their live
//! targets, the year-end summary, the annual statistics (年报) and the
//! charts of the year on an org's page.
//!
//! Each sub-feature registers its own routes and API document from its own
//! folder, so that they grow side by side.

pub mod dashboard;
pub mod home;
pub mod metrics;
pub mod plans;
pub mod reports;

use domain::auth::Perm;

use super::{Area, NavEntry, Routes};
use crate::auth::Target;

/// Routes that name an org of the tree (`/orgs/{org_id}/…`): a union or a
/// federation.
pub(crate) const ORG: &[Target] = &[Target::Org("org_id")];
pub(crate) const WORK_PLAN: &[Target] = &[Target::Owned(app::auth::owned::WORK_PLAN, "plan_id")];

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area {
    routes,
    openapi,
    nav: &[
        NavEntry {
            order: 19,
            key: "work_plans",
            label: "工作计划",
            href: "/orgs/{union}/work-plans",
            perm: Some(Perm::PlanView),
        },
        NavEntry {
            order: 20,
            key: "metrics",
            label: "指标",
            href: "/orgs/{union}/metrics",
            perm: Some(Perm::PlanView),
        },
    ],
};

fn routes(r: Routes) -> Routes {
    let r = metrics::routes(r);
    let r = plans::routes(r);
    let r = dashboard::routes(r);
    reports::routes(r)
}

fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = metrics::openapi();
    doc.merge(plans::openapi());
    doc.merge(dashboard::openapi());
    doc.merge(reports::openapi());
    doc
}
