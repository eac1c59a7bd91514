//! Labour-protection inspections (劳动保护监督, issue 17): an inspection
//! against the union's checklist template, findings with severity and a
//! rectification notice (整改通知书) with its deadline, follow-ups, closing
//! a finding once fixed, the overdue list; prints and .xlsx. Seen with
//! `RightsView`, recorded with `RightsManage`.

pub mod api;
pub mod pages;

use domain::auth::Perm;
use utoipa::OpenApi;

use super::{INSPECTION, UNION};
use crate::auth::Rule;
use crate::routes::Routes;

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(api::list, api::create, api::get, api::add_finding, api::follow_up, api::close, api::findings),
    tags(
        (name = "inspections", description = "劳动保护监督：按检查表检查、隐患与整改通知书、复查、销号、逾期未整改"),
    )
)]
struct Api;

pub(super) fn routes(r: Routes) -> Routes {
    use pages::{findings, list, show};
    let view = Rule::on(Perm::RightsView, UNION);
    let manage = Rule::on(Perm::RightsManage, UNION);
    let see = Rule::on(Perm::RightsView, INSPECTION);
    let record = Rule::on(Perm::RightsManage, INSPECTION);
    r
        // Pages.
        .get("/unions/{union_id}/inspections", view, list::list)
        .post("/unions/{union_id}/inspections", manage, list::create)
        .get("/unions/{union_id}/inspections/new", manage, list::new_form)
        .get("/unions/{union_id}/inspections.print", view, list::print)
        .get("/unions/{union_id}/inspections.xlsx", view, list::export)
        .get("/unions/{union_id}/inspection-findings", view, findings::list)
        .get("/unions/{union_id}/inspection-findings.print", view, findings::print)
        .get("/unions/{union_id}/inspection-findings.xlsx", view, findings::export)
        .get("/inspections/{inspection_id}", see, show::show)
        .post("/inspections/{inspection_id}/findings", record, show::add_finding)
        .post("/inspections/{inspection_id}/findings/{finding_id}/follow-ups", record, show::follow_up)
        .post("/inspections/{inspection_id}/findings/{finding_id}/close", record, show::close)
        .get("/inspections/{inspection_id}/findings/{finding_id}/notice.print", see, show::notice)
        // JSON API.
        .get("/api/v1/unions/{union_id}/inspections", view, api::list)
        .post("/api/v1/unions/{union_id}/inspections", manage, api::create)
        .get("/api/v1/inspections/{inspection_id}", see, api::get)
        .post("/api/v1/inspections/{inspection_id}/findings", record, api::add_finding)
        .post("/api/v1/inspections/{inspection_id}/findings/{finding_id}/follow-ups", record, api::follow_up)
        .post("/api/v1/inspections/{inspection_id}/findings/{finding_id}/close", record, api::close)
        .get("/api/v1/unions/{union_id}/inspection-findings", view, api::findings)
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    Api::openapi()
}
