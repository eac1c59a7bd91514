//! The employer register (企业名录): routes, pages and the JSON API. The
//! register is kept by an org (`/orgs/{org_id}/employers`, a federation or
//! a union); one employer is reached by its id alone
//! (`/employers/{employer_id}`).

pub mod api;
pub mod pages;
pub mod sheets;

use axum::http::Method;
use domain::auth::Perm;
use utoipa::OpenApi;

use super::{EMPLOYER, ORG};
use crate::auth::Rule;
use crate::routes::Routes;

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(api::list, api::create, api::get, api::update, api::import),
    tags((name = "employers", description = "企业名录：登记、修改、筛选（单位性质、未建会、所属工会）、Excel 导入")),
)]
struct Api;

pub(super) fn routes(r: Routes) -> Routes {
    let view = Rule::on(Perm::RightsView, ORG);
    let manage = Rule::on(Perm::RightsManage, ORG);
    let see = Rule::on(Perm::RightsView, EMPLOYER);
    let edit = Rule::on(Perm::RightsManage, EMPLOYER);
    r
        // Pages.
        .get("/orgs/{org_id}/employers", view, pages::list)
        .post("/orgs/{org_id}/employers", manage, pages::create)
        .get("/orgs/{org_id}/employers/new", manage, pages::new_form)
        .get("/orgs/{org_id}/employers/print", view, sheets::print)
        .get("/orgs/{org_id}/employers.xlsx", view, sheets::export)
        .get("/orgs/{org_id}/employers/template.xlsx", view, sheets::template)
        .get("/orgs/{org_id}/employers/import", manage, sheets::import_form)
        .post("/orgs/{org_id}/employers/import", manage.upload(), sheets::import_upload)
        .get("/employers/{employer_id}", see, pages::show)
        .get("/employers/{employer_id}/edit", edit, pages::edit_form)
        .post("/employers/{employer_id}/edit", edit, pages::edit)
        // JSON API.
        .get("/api/v1/orgs/{org_id}/employers", view, api::list)
        .post("/api/v1/orgs/{org_id}/employers", manage, api::create)
        .post("/api/v1/orgs/{org_id}/employers/import", manage.upload(), api::import)
        .get("/api/v1/employers/{employer_id}", see, api::get)
        .add(Method::PUT, "/api/v1/employers/{employer_id}", edit, api::update)
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    Api::openapi()
}
