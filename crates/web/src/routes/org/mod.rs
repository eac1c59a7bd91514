//! Area `org`: the organisation tree and union committees.

pub mod api;
pub mod pages;

use domain::auth::Perm;

use super::{Area, NavEntry, Routes};
use crate::auth::{Rule, Target};
use utoipa::OpenApi;

const ORG: &[Target] = &[Target::Org("id")];
const PARENT: &[Target] = &[Target::BodyOrg("parent_id")];
const ORG_AND_PARENT: &[Target] = &[Target::Org("id"), Target::BodyOrg("parent_id")];

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area {
    routes,
    openapi: Api::openapi,
    nav: &[NavEntry { order: 1, key: "org", label: "组织", href: "/orgs", perm: Some(Perm::OrgView) }],
};

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::list, api::create, api::get, api::update, api::move_to, api::archive, api::restore, api::committee, api::add_term, api::add_post, api::remove_post,
    ),
    tags(
        (name = "orgs", description = "组织树与工会委员会"),
    )
)]
struct Api;

pub fn routes(r: Routes) -> Routes {
    r.get("/orgs", Rule::perm(Perm::OrgView), pages::list)
        .get("/orgs/new", Rule::perm(Perm::OrgManage), pages::new)
        .post("/orgs", Rule::on(Perm::OrgManage, PARENT), pages::create)
        .get("/orgs/{id}", Rule::on(Perm::OrgView, ORG), pages::show)
        .get("/orgs/{id}/edit", Rule::on(Perm::OrgManage, ORG), pages::edit)
        .post("/orgs/{id}/edit", Rule::on(Perm::OrgManage, ORG), pages::update)
        .post("/orgs/{id}/move", Rule::on(Perm::OrgManage, ORG_AND_PARENT), pages::move_to)
        .post("/orgs/{id}/archive", Rule::on(Perm::OrgManage, ORG), pages::archive)
        .post("/orgs/{id}/restore", Rule::on(Perm::OrgManage, ORG), pages::restore)
        .post("/orgs/{id}/committee/terms", Rule::on(Perm::CommitteeManage, ORG), pages::add_term)
        .post("/orgs/{id}/committee/posts", Rule::on(Perm::CommitteeManage, ORG), pages::add_post)
        .post(
            "/orgs/{id}/committee/posts/{post_id}/delete",
            Rule::on(Perm::CommitteeManage, ORG),
            pages::remove_post,
        )
        .get("/api/v1/orgs", Rule::perm(Perm::OrgView), api::list)
        .post("/api/v1/orgs", Rule::on(Perm::OrgManage, PARENT), api::create)
        .get("/api/v1/orgs/{id}", Rule::on(Perm::OrgView, ORG), api::get)
        .patch("/api/v1/orgs/{id}", Rule::on(Perm::OrgManage, ORG), api::update)
        .post("/api/v1/orgs/{id}/move", Rule::on(Perm::OrgManage, ORG_AND_PARENT), api::move_to)
        .post("/api/v1/orgs/{id}/archive", Rule::on(Perm::OrgManage, ORG), api::archive)
        .post("/api/v1/orgs/{id}/restore", Rule::on(Perm::OrgManage, ORG), api::restore)
        .get("/api/v1/orgs/{id}/committee", Rule::on(Perm::OrgView, ORG), api::committee)
        .post("/api/v1/orgs/{id}/committee/terms", Rule::on(Perm::CommitteeManage, ORG), api::add_term)
        .post("/api/v1/orgs/{id}/committee/posts", Rule::on(Perm::CommitteeManage, ORG), api::add_post)
        .delete(
            "/api/v1/orgs/{id}/committee/posts/{post_id}",
            Rule::on(Perm::CommitteeManage, ORG),
            api::remove_post,
        )
}
