//! Area `disclosure`: the disclosure board (厂务公开 / 校务公开). Officers
//! publish and withdraw; members read and leave feedback; other areas (aid
//! lists, ballot results) publish through [`app::disclosure::service::publish`].

pub mod api;
pub mod pages;

use domain::auth::Perm;

use super::{Area, NavEntry, Routes};
use crate::auth::{Rule, Target};
use utoipa::OpenApi;

const UNION: &[Target] = &[Target::Org("union_id")];

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area {
    routes,
    openapi: Api::openapi,
    nav: &[NavEntry {
        order: 8,
        key: "disclosure",
        label: "公开栏",
        href: "/unions/{union}/disclosure",
        perm: Some(Perm::DisclosureView),
    }],
};

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::list, api::create, api::get, api::withdraw, api::feedback,
    ),
    tags(
        (name = "disclosure", description = "公开栏（厂务公开）：发布、撤回、职工意见；帮扶名单与表决结果也在此公开"),
    )
)]
struct Api;

pub fn routes(r: Routes) -> Routes {
    let view = Rule::on(Perm::DisclosureView, UNION);
    let publish = Rule::on(Perm::DisclosurePublish, UNION);
    r.get("/unions/{union_id}/disclosure", view, pages::board)
        .get("/unions/{union_id}/disclosure/new", publish, pages::new_item)
        .post("/unions/{union_id}/disclosure", publish, pages::create)
        .get("/unions/{union_id}/disclosure/{item_id}", view, pages::item)
        .post("/unions/{union_id}/disclosure/{item_id}/withdraw", publish, pages::withdraw)
        .post("/unions/{union_id}/disclosure/{item_id}/feedback", view, pages::feedback)
        .get("/api/v1/unions/{union_id}/disclosures", view, api::list)
        .post("/api/v1/unions/{union_id}/disclosures", publish, api::create)
        .get("/api/v1/unions/{union_id}/disclosures/{item_id}", view, api::get)
        .post("/api/v1/unions/{union_id}/disclosures/{item_id}/withdraw", publish, api::withdraw)
        .post("/api/v1/unions/{union_id}/disclosures/{item_id}/feedback", view, api::feedback)
}
