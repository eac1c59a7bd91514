//! (issue 19) me / requests: applications with progress (hardship, claim,
//! condolence, transfer), the member's rights over their data (what is
//! held, the access log, the copy, corrections, consents), and the
//! officers' work queue.
//!
//! Who may call what. The member's own routes let every signed-in account
//! through to the service, which works from the account's member link: a
//! record of someone else is 404, an account without a current membership
//! gets a clear refusal. The queue needs `MemberRequests` on the union
//! (chair, officers: applications carry income and health).

pub mod api;
pub mod data;
pub mod pages;
pub mod queue;

use domain::auth::Perm;

use crate::auth::{Rule, Target};
use crate::routes::Routes;

const UNION: &[Target] = &[Target::Org("union_id")];

/// The member's own routes that take documents: a 20 MB photo reaches the
/// service, which refuses it naming the 10 MB limit.
const OWN_UPLOAD: Rule = Rule { max_body: 32 * 1024 * 1024, ..Rule::LOGIN };

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::submit, api::list, api::get, api::upload, api::download,
        data::held, data::access_log, data::export, data::request_correction, data::corrections,
        data::consents, data::set_consent,
        queue::list, queue::decide_application, queue::decide_correction,
    ),
    tags(
        (name = "me-requests", description = "会员本人办理：困难帮扶、互助保障理赔、慰问、转会申请及办理进度；个人信息查阅、访问记录、副本下载、更正申请、同意与撤回；工会干部的待办申请队列"),
    )
)]
struct Api;

pub(super) fn routes(r: Routes) -> Routes {
    let own = Rule::LOGIN;
    let handle = Rule::on(Perm::MemberRequests, UNION);
    r
        // The member's pages.
        .get("/me/applications", own, pages::list)
        .get("/me/applications/new", own, pages::new)
        .post("/me/applications", OWN_UPLOAD, pages::submit)
        .get("/me/applications/{application_id}", own, pages::show)
        .post("/me/applications/{application_id}/files", OWN_UPLOAD, pages::upload)
        .get("/me/applications/{application_id}/files/{file_id}", own, pages::download)
        .get("/me/data", own, data::page)
        .post("/me/data/corrections", own, data::correction_form)
        .post("/me/data/consent", own, data::consent_form)
        // The officers' queue.
        .get("/unions/{union_id}/requests", handle, queue::page)
        .post(
            "/unions/{union_id}/requests/applications/{application_id}/decision",
            handle,
            queue::decide_application_form,
        )
        .post(
            "/unions/{union_id}/requests/corrections/{correction_id}/decision",
            handle,
            queue::decide_correction_form,
        )
        // JSON API.
        .post("/api/v1/me/applications", OWN_UPLOAD, api::submit)
        .get("/api/v1/me/applications", own, api::list)
        .get("/api/v1/me/applications/{application_id}", own, api::get)
        .post("/api/v1/me/applications/{application_id}/files", OWN_UPLOAD, api::upload)
        .get("/api/v1/me/applications/{application_id}/files/{file_id}", own, api::download)
        .get("/api/v1/me/data", own, data::held)
        .get("/api/v1/me/access-log", own, data::access_log)
        .get("/api/v1/me/data-export", own, data::export)
        .post("/api/v1/me/corrections", own, data::request_correction)
        .get("/api/v1/me/corrections", own, data::corrections)
        .get("/api/v1/me/consents", own, data::consents)
        .post("/api/v1/me/consents", own, data::set_consent)
        .get("/api/v1/unions/{union_id}/requests", handle, queue::list)
        .post(
            "/api/v1/unions/{union_id}/applications/{application_id}/decision",
            handle,
            queue::decide_application,
        )
        .post(
            "/api/v1/unions/{union_id}/corrections/{correction_id}/decision",
            handle,
            queue::decide_correction,
        )
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    <Api as utoipa::OpenApi>::openapi()
}
