//! Labour-dispute mediation (劳动争议调解, issue 17): the committee, cases
//! from application (or a petition) to acceptance or refusal, sessions
//! with minutes, extension and the outcome with the printable 调解协议书,
//! the 15-day clock and the referable flag, the yearly report. Case files
//! are personal data: the chair and officers (`RightsCases`) read and
//! handle them; the committee is set by `RightsManage`; counts and the
//! committee are seen with `RightsView`.

pub mod api;
pub mod pages;

use axum::http::Method;
use domain::auth::Perm;
use utoipa::OpenApi;

use super::{MEDIATION_CASE, UNION};
use crate::auth::Rule;
use crate::routes::Routes;

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::list, api::create, api::get, api::accept, api::close, api::extend, api::add_session, api::report,
        api::get_committee, api::put_committee,
    ),
    tags(
        (name = "mediation", description = "劳动争议调解：调解委员会、申请与受理（3个工作日）、调查笔录与调解记录、延长期限、结案（协议、撤回、转仲裁）、15日期限与可申请仲裁标记、成功调解率"),
    )
)]
struct Api;

pub(super) fn routes(r: Routes) -> Routes {
    use pages::{case, committee, list};
    let cases = Rule::on(Perm::RightsCases, UNION);
    let view = Rule::on(Perm::RightsView, UNION);
    let manage = Rule::on(Perm::RightsManage, UNION);
    let one = Rule::on(Perm::RightsCases, MEDIATION_CASE);
    r
        // Pages.
        .get("/unions/{union_id}/mediation-cases", cases, list::list)
        .post("/unions/{union_id}/mediation-cases", cases, list::create)
        .get("/unions/{union_id}/mediation-cases/new", cases, list::new_form)
        .get("/unions/{union_id}/mediation-cases.print", cases, list::print)
        .get("/unions/{union_id}/mediation-cases.xlsx", cases, list::export)
        .get("/unions/{union_id}/mediation-report", view, list::report)
        .get("/unions/{union_id}/mediation-committee", view, committee::show)
        .post("/unions/{union_id}/mediation-committee", manage, committee::save)
        .get("/mediation-cases/{case_id}", one, case::show)
        .post("/mediation-cases/{case_id}/accept", one, case::decide)
        .post("/mediation-cases/{case_id}/close", one, case::close)
        .post("/mediation-cases/{case_id}/extension", one, case::extend)
        .post("/mediation-cases/{case_id}/sessions", one, case::add_session)
        .get("/mediation-cases/{case_id}/agreement.print", one, case::agreement)
        // JSON API.
        .get("/api/v1/unions/{union_id}/mediation-cases", cases, api::list)
        .post("/api/v1/unions/{union_id}/mediation-cases", cases, api::create)
        .get("/api/v1/mediation-cases/{case_id}", one, api::get)
        .post("/api/v1/mediation-cases/{case_id}/accept", one, api::accept)
        .post("/api/v1/mediation-cases/{case_id}/close", one, api::close)
        .post("/api/v1/mediation-cases/{case_id}/extension", one, api::extend)
        .post("/api/v1/mediation-cases/{case_id}/sessions", one, api::add_session)
        .get("/api/v1/unions/{union_id}/mediation-report", view, api::report)
        .get("/api/v1/unions/{union_id}/mediation-committee", view, api::get_committee)
        .add(Method::PUT, "/api/v1/unions/{union_id}/mediation-committee", manage, api::put_committee)
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    Api::openapi()
}
