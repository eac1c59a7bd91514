//! Collective contracts (集体合同, 工资专项集体协议, 女职工专项集体合同):
//! routes, pages and the JSON API. A union's list is under
//! `/unions/{union_id}/collective-contracts`; one contract is reached by its
//! id alone (`/collective-contracts/{contract_id}`).

pub mod api;
pub mod pages;
pub mod sheets;
pub mod steps;

use axum::http::Method;
use domain::auth::Perm;
use utoipa::OpenApi;

use super::{CONTRACT, UNION};
use crate::auth::Rule;
use crate::routes::Routes;

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::list, api::create, api::reminders, api::get, api::update, api::negotiate, api::congress, api::sign,
        api::file, api::review, api::publish,
    ),
    tags((name = "collective-contracts", description = "集体合同、工资专项集体协议、女职工权益保护专项集体合同：协商、职代会审议、签订、报送审查、生效、公布、到期续签提醒")),
)]
struct Api;

pub(super) fn routes(r: Routes) -> Routes {
    let view = Rule::on(Perm::RightsView, UNION);
    let manage = Rule::on(Perm::RightsManage, UNION);
    let see = Rule::on(Perm::RightsView, CONTRACT);
    let act = Rule::on(Perm::RightsManage, CONTRACT);
    r
        // Pages.
        .get("/unions/{union_id}/collective-contracts", view, pages::list)
        .post("/unions/{union_id}/collective-contracts", manage, pages::create)
        .get("/unions/{union_id}/collective-contracts/new", manage, pages::new_form)
        .get("/unions/{union_id}/collective-contracts/print", view, sheets::print)
        .get("/unions/{union_id}/collective-contracts.xlsx", view, sheets::export)
        .get("/collective-contracts/{contract_id}", see, pages::show)
        .get("/collective-contracts/{contract_id}/edit", act, pages::edit_form)
        .post("/collective-contracts/{contract_id}/edit", act, pages::edit)
        .post("/collective-contracts/{contract_id}/negotiations", act, steps::negotiate)
        .post("/collective-contracts/{contract_id}/congress", act, steps::congress)
        .post("/collective-contracts/{contract_id}/sign", act, steps::sign)
        .post("/collective-contracts/{contract_id}/filing", act, steps::file)
        .post("/collective-contracts/{contract_id}/review", act, steps::review)
        .post("/collective-contracts/{contract_id}/publication", act, steps::publish)
        // JSON API.
        .get("/api/v1/unions/{union_id}/collective-contracts", view, api::list)
        .post("/api/v1/unions/{union_id}/collective-contracts", manage, api::create)
        .get("/api/v1/unions/{union_id}/collective-contracts/reminders", view, api::reminders)
        .get("/api/v1/collective-contracts/{contract_id}", see, api::get)
        .add(Method::PUT, "/api/v1/collective-contracts/{contract_id}", act, api::update)
        .post("/api/v1/collective-contracts/{contract_id}/negotiations", act, api::negotiate)
        .post("/api/v1/collective-contracts/{contract_id}/congress", act, api::congress)
        .post("/api/v1/collective-contracts/{contract_id}/sign", act, api::sign)
        .post("/api/v1/collective-contracts/{contract_id}/filing", act, api::file)
        .post("/api/v1/collective-contracts/{contract_id}/review", act, api::review)
        .post("/api/v1/collective-contracts/{contract_id}/publication", act, api::publish)
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    Api::openapi()
}
