//! Work plans: `/orgs/{org_id}/work-plans` (list, paste a new plan), one
//! plan's page with its targets' live progress and tasks, and the JSON API
//! (`POST /api/v1/work-plans/extract`, `POST /api/v1/orgs/{org_id}/work-plans`,
//! `GET /api/v1/work-plans/{plan_id}` …).
//!
//! A plan is reached by its id alone: the guard reads its org from the
//! union directory (`WORK_PLAN`); targets and tasks are named under their
//! plan, and the service answers 404 for one of another plan.

pub mod api;
pub mod home;
pub mod pages;

use axum::http::Method;
use domain::auth::Perm;
use utoipa::OpenApi;

use super::super::Routes;
use crate::auth::Rule;

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(api::extract_targets, api::create, api::list, api::get, api::delete, api::update_target, api::add_target,
        api::delete_target, api::enter, api::add_task, api::set_task, api::delete_task),
    tags((name = "work_plans", description = "工作计划：粘贴计划正文读出量化目标，目标绑定指标后实时显示进度；任务和手工填报")),
)]
struct Api;

/// The largest paste read: a plan's text is at most MAX_CHARS characters
/// (about 300 KB), but a paste of megabytes is read whole and refused with
/// 422 naming the text and the limit — a body cut off at the usual 1 MB
/// leaves the client writing into a closed connection instead of an answer.
pub const PASTE_LIMIT: usize = 16 * 1024 * 1024;

pub(super) fn routes(r: Routes) -> Routes {
    let view = Rule::on(Perm::PlanView, super::ORG);
    let manage = Rule::on(Perm::PlanManage, super::ORG);
    let paste = Rule { max_body: PASTE_LIMIT, ..manage };
    let try_text = Rule { max_body: PASTE_LIMIT, ..Rule::perm(Perm::PlanView) };
    let see = Rule::on(Perm::PlanView, super::WORK_PLAN);
    let edit = Rule::on(Perm::PlanManage, super::WORK_PLAN);
    r
        // Pages.
        .get("/orgs/{org_id}/work-plans", view, pages::list)
        .post("/orgs/{org_id}/work-plans", paste, pages::create)
        .get("/work-plans/{plan_id}", see, pages::show)
        .get("/work-plans/{plan_id}/print", see, pages::print)
        .post("/work-plans/{plan_id}/delete", edit, pages::delete)
        .post("/work-plans/{plan_id}/targets", edit, pages::add_target)
        .post("/work-plans/{plan_id}/targets/{target_id}", edit, pages::update_target)
        .post("/work-plans/{plan_id}/targets/{target_id}/entries", edit, pages::enter)
        .post("/work-plans/{plan_id}/targets/{target_id}/delete", edit, pages::delete_target)
        .post("/work-plans/{plan_id}/tasks", edit, pages::add_task)
        .post("/work-plans/{plan_id}/tasks/{task_id}", edit, pages::set_task)
        .post("/work-plans/{plan_id}/tasks/{task_id}/delete", edit, pages::delete_task)
        // JSON API. Extraction names no org and writes nothing: anyone who
        // reads plans somewhere may try a text.
        .post("/api/v1/work-plans/extract", try_text, api::extract_targets)
        .get("/api/v1/orgs/{org_id}/work-plans", view, api::list)
        .post("/api/v1/orgs/{org_id}/work-plans", paste, api::create)
        .get("/api/v1/work-plans/{plan_id}", see, api::get)
        .delete("/api/v1/work-plans/{plan_id}", edit, api::delete)
        .post("/api/v1/work-plans/{plan_id}/targets", edit, api::add_target)
        .add(Method::PUT, "/api/v1/work-plans/{plan_id}/targets/{target_id}", edit, api::update_target)
        .delete("/api/v1/work-plans/{plan_id}/targets/{target_id}", edit, api::delete_target)
        .post("/api/v1/work-plans/{plan_id}/targets/{target_id}/entries", edit, api::enter)
        .post("/api/v1/work-plans/{plan_id}/tasks", edit, api::add_task)
        .add(Method::PUT, "/api/v1/work-plans/{plan_id}/tasks/{task_id}", edit, api::set_task)
        .delete("/api/v1/work-plans/{plan_id}/tasks/{task_id}", edit, api::delete_task)
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    Api::openapi()
}
