//! Petitions and the chair's mailbox (来信来访, 主席信箱): the member's
//! mailbox page, the officers' list with its register form, overdue lists,
//! print and Excel, one petition with its steps, the rates report — and the
//! JSON API of the same.
//!
//! Who may call what. The union's officers (`RightsCases`) handle its
//! petitions: the routes naming a petition alone are guarded on the owning
//! union. Reading one petition (and rating it) is also its writer's, whom
//! no grant names: those routes let any signed-in caller through to the
//! service, which answers 404 to anyone who is neither an officer of the
//! union nor the writer — the federation and the administrator included,
//! exactly as for a missing id. The rates report has counts and rates only
//! (no letter's contents): `RightsView`, which the federation above holds.

pub mod api;
pub mod exports;
pub mod pages;
pub mod show;

use domain::auth::Perm;
use utoipa::OpenApi;

use super::{PETITION, UNION};
use crate::auth::Rule;
use crate::routes::Routes;

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::file, api::list, api::mine, api::report, api::get, api::dispatch, api::reject, api::start,
        api::answer, api::rate, api::close, api::due_date, api::to_proposal,
    ),
    tags(
        (name = "petitions", description = "来信来访与主席信箱：来信（可匿名）、登记、受理派发、办理、答复、评价（不满意再办一轮）、办结、不予受理、超期、转为提案，按期答复率、办结率、满意率"),
    )
)]
struct Api;

pub(super) fn routes(r: Routes) -> Routes {
    let file = Rule::on(Perm::PetitionFile, UNION);
    let cases = Rule::on(Perm::RightsCases, UNION);
    let rates = Rule::on(Perm::RightsView, UNION);
    let handle = Rule::on(Perm::RightsCases, PETITION);
    // The writer or an officer of the union; the service answers 404 to
    // anyone else (see the module's comment).
    let reader = Rule::LOGIN;
    r
        // Pages.
        .get("/unions/{union_id}/mailbox", file, pages::mailbox)
        .post("/unions/{union_id}/mailbox", file, pages::write)
        .get("/unions/{union_id}/petitions", cases, pages::list)
        .post("/unions/{union_id}/petitions", cases, pages::register)
        .get("/unions/{union_id}/petitions/print", cases, exports::print)
        .get("/unions/{union_id}/petitions.xlsx", cases, exports::xlsx)
        .get("/unions/{union_id}/petitions/report", rates, exports::report)
        .get("/petitions/{petition_id}", reader, show::show)
        .post("/petitions/{petition_id}/rate", reader, show::rate)
        .post("/petitions/{petition_id}/dispatch", handle, show::dispatch)
        .post("/petitions/{petition_id}/reject", handle, show::reject)
        .post("/petitions/{petition_id}/start", handle, show::start)
        .post("/petitions/{petition_id}/answer", handle, show::answer)
        .post("/petitions/{petition_id}/close", handle, show::close)
        .post("/petitions/{petition_id}/due-date", handle, show::due_date)
        .post("/petitions/{petition_id}/to-proposal", handle, show::to_proposal)
        // JSON API.
        .post("/api/v1/unions/{union_id}/petitions", file, api::file)
        .get("/api/v1/unions/{union_id}/petitions", cases, api::list)
        .get("/api/v1/unions/{union_id}/petitions/mine", file, api::mine)
        .get("/api/v1/unions/{union_id}/petitions/report", rates, api::report)
        .get("/api/v1/petitions/{petition_id}", reader, api::get)
        .post("/api/v1/petitions/{petition_id}/dispatch", handle, api::dispatch)
        .post("/api/v1/petitions/{petition_id}/reject", handle, api::reject)
        .post("/api/v1/petitions/{petition_id}/start", handle, api::start)
        .post("/api/v1/petitions/{petition_id}/answer", handle, api::answer)
        .post("/api/v1/petitions/{petition_id}/rate", reader, api::rate)
        .post("/api/v1/petitions/{petition_id}/close", handle, api::close)
        .post("/api/v1/petitions/{petition_id}/due-date", handle, api::due_date)
        .post("/api/v1/petitions/{petition_id}/to-proposal", handle, api::to_proposal)
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    Api::openapi()
}

/// Labels the templates show.
pub fn status_label<S: AsRef<str>>(s: S) -> &'static str {
    domain::rights::petition::Status::parse(s.as_ref()).map_or("", |x| x.label())
}

pub fn channel_label<S: AsRef<str>>(s: S) -> &'static str {
    domain::rights::petition::Channel::parse(s.as_ref()).map_or("", |x| x.label())
}

pub fn rating_label<S: AsRef<str>>(s: S) -> &'static str {
    domain::rights::petition::Rating::parse(s.as_ref()).map_or("", |x| x.label())
}

pub fn date(d: &chrono::NaiveDate) -> String {
    domain::time::fmt_date(*d)
}

pub fn proposal_suggestion() -> &'static str {
    app::rights::petition::steps::PROPOSAL_SUGGESTION
}
