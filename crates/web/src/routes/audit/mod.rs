//! Area `audit`: the audit log, for admins and the funds review committee.

pub mod api;
pub mod pages;

use domain::auth::Perm;

use super::{Area, NavEntry, Routes};
use crate::auth::Rule;
use utoipa::OpenApi;

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area {
    routes,
    openapi: Api::openapi,
    nav: &[NavEntry {
        order: 10,
        key: "audit",
        label: "审计日志",
        href: "/audit",
        perm: Some(Perm::AuditView),
    }],
};

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::list,
    ),
    tags(
        (name = "audit", description = "审计日志"),
    )
)]
struct Api;

pub fn routes(r: Routes) -> Routes {
    r.get("/audit", Rule::perm(Perm::AuditView), pages::list).get(
        "/api/v1/audit",
        Rule::perm(Perm::AuditView),
        api::list,
    )
}
