//! 维权 overview, statistics and settings: the union's way into the area,
//! the rates of an org's subtree (API, page, print, .xlsx), and the union's
//! rights settings.

pub mod api;
pub mod pages;

use axum::http::Method;
use domain::auth::Perm;
use utoipa::OpenApi;

use super::{ORG, UNION};
use crate::auth::Rule;
use crate::routes::Routes;

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(api::rights_stats, api::get_settings, api::put_settings),
    tags(
        (name = "rights", description = "维权：建会率、入会率、集体合同签订率、覆盖职工、来信来访与劳动争议调解的统计；维权设置"),
    )
)]
struct Api;

pub(super) fn routes(r: Routes) -> Routes {
    let view = Rule::on(Perm::RightsView, UNION);
    let manage = Rule::on(Perm::RightsManage, UNION);
    let stats = Rule::on(Perm::RightsView, ORG);
    r.get("/unions/{union_id}/rights", view, pages::overview)
        .get("/unions/{union_id}/rights/settings", view, pages::settings_form)
        .post("/unions/{union_id}/rights/settings", manage, pages::settings_save)
        .get("/orgs/{org_id}/rights-stats", stats, pages::stats)
        .get("/orgs/{org_id}/rights-stats.xlsx", stats, pages::stats_xlsx)
        .get("/api/v1/orgs/{org_id}/rights-stats", stats, api::rights_stats)
        .get("/api/v1/unions/{union_id}/rights-settings", view, api::get_settings)
        .add(Method::PUT, "/api/v1/unions/{union_id}/rights-settings", manage, api::put_settings)
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    Api::openapi()
}
