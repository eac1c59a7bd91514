//! Training (培训): courses on the activities' sign-up and check-in, hours
//! credited, certificates with the expiry warning list, the yearly counts
//! (工会干部培训 apart), and the member's own hours and certificates.
//!
//! Who may call what. The union's courses, counts and certificates are
//! read with `RecognitionView` (the federation above too) and kept with
//! `RecognitionManage`; routes naming a course alone are guarded on the
//! owning union. Members sign up and check in on the course's activity
//! (`/activities/{activity_id}/…`, `ActivityJoin`) and read their own page
//! with `RecognitionJoin`.

pub mod api;
pub mod certificates;
pub mod mine;
pub mod pages;

use domain::auth::Perm;
use utoipa::OpenApi;

use super::{COURSE, UNION};
use crate::auth::Rule;
use crate::routes::Routes;

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::create, api::list, api::get, api::complete, api::credit, api::stats, api::create_certificate,
        api::certificates, api::upload, api::files, api::mine,
    ),
    tags(
        (name = "training", description = "培训：课程（报名、候补、签到沿用活动）、结业记入学时、手工记入学时、证书与资格及到期预警、年度期数人次学时（工会干部培训单列）、本人学时与证书"),
    )
)]
struct Api;

pub(super) fn routes(r: Routes) -> Routes {
    let view = Rule::on(Perm::RecognitionView, UNION);
    let manage = Rule::on(Perm::RecognitionManage, UNION);
    let join = Rule::on(Perm::RecognitionJoin, UNION);
    let see = Rule::on(Perm::RecognitionView, COURSE);
    let run = Rule::on(Perm::RecognitionManage, COURSE);
    r
        // Pages.
        .get("/unions/{union_id}/courses", view, pages::list)
        .get("/unions/{union_id}/courses/new", manage, pages::new_form)
        .post("/unions/{union_id}/courses", manage, pages::create)
        .get("/unions/{union_id}/training/stats", view, pages::stats)
        .get("/unions/{union_id}/training/stats.xlsx", view, pages::stats_xlsx)
        .get("/courses/{course_id}", see, pages::show)
        .post("/courses/{course_id}/complete", run, pages::complete)
        .post("/courses/{course_id}/credits", run, pages::credit)
        .get("/unions/{union_id}/certificates", view, certificates::list)
        .post("/unions/{union_id}/certificates", manage, certificates::create)
        .get("/unions/{union_id}/certificates/print", view, certificates::print)
        .get("/unions/{union_id}/certificates.xlsx", view, certificates::xlsx)
        .get("/unions/{union_id}/certificates/{certificate_id}", view, certificates::show)
        .post("/unions/{union_id}/certificates/{certificate_id}/files", manage, certificates::upload)
        .get("/unions/{union_id}/certificates/{certificate_id}/files/{file_id}", view, api::file)
        .get("/unions/{union_id}/training/mine", join, mine::mine)
        // JSON API.
        .post("/api/v1/unions/{union_id}/courses", manage, api::create)
        .get("/api/v1/unions/{union_id}/courses", view, api::list)
        .get("/api/v1/courses/{course_id}", see, api::get)
        .post("/api/v1/courses/{course_id}/complete", run, api::complete)
        .post("/api/v1/courses/{course_id}/credits", run, api::credit)
        .get("/api/v1/unions/{union_id}/training-stats", view, api::stats)
        .post("/api/v1/unions/{union_id}/certificates", manage, api::create_certificate)
        .get("/api/v1/unions/{union_id}/certificates", view, api::certificates)
        .post("/api/v1/unions/{union_id}/certificates/{certificate_id}/files", manage, api::upload)
        .get("/api/v1/unions/{union_id}/certificates/{certificate_id}/files", view, api::files)
        .get("/api/v1/unions/{union_id}/training/mine", join, api::mine)
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    Api::openapi()
}
