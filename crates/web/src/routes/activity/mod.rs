//! Area `activity`: activities (文体活动, 疗休养, 志愿服务, 讲座 …) with
//! sign-up, the waiting list and QR check-in; participation (参与面);
//! contests (劳动竞赛, 技能比武 …) with score sheets and prizes; cost plans
//! under the spending rules.
//!
//! Each sub-feature registers its own routes and API document below
//! (`activities`, `contests`, `costs`), so that they grow side by side.

pub mod api;
pub mod pages;

use domain::auth::Perm;

use super::{Area, NavEntry, Routes};
use crate::auth::{Rule, Target};
use axum::http::Method;
use utoipa::OpenApi;

/// Routes that name the union.
pub(crate) const UNION: &[Target] = &[Target::Org("union_id")];
/// Routes that name an activity alone (`/activities/{activity_id}`).
pub(crate) const ACTIVITY: &[Target] = &[Target::Owned(app::auth::owned::ACTIVITY, "activity_id")];
/// Routes that name a contest alone (`/contests/{contest_id}`).
pub(crate) const CONTEST: &[Target] = &[Target::Owned(app::auth::owned::CONTEST, "contest_id")];

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area {
    routes,
    openapi,
    nav: &[
        NavEntry {
            order: 11,
            key: "activity",
            label: "活动",
            href: "/unions/{union}/activities",
            perm: Some(Perm::ActivityView),
        },
        NavEntry {
            order: 12,
            key: "contest",
            label: "竞赛",
            href: "/unions/{union}/contests",
            perm: Some(Perm::ActivityView),
        },
    ],
};

fn routes(r: Routes) -> Routes {
    let r = activities_routes(r);
    let r = contests_routes(r);
    costs_routes(r)
}

fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = ActivitiesApi::openapi();
    doc.merge(ContestsApi::openapi());
    doc.merge(CostsApi::openapi());
    doc
}

// ---------------------------------------------------------------------------
// Activities: create, sign-up and the waiting list, check-in, participation.

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::activities::list, api::activities::create, api::activities::get, api::activities::edit,
        api::activities::call_off, api::signups::sign_up, api::signups::cancel_mine, api::signups::cancel_other,
        api::signups::list, api::signups::approve, api::signups::reject, api::signups::approve_all,
        api::signups::check_in, api::signups::participation,
    ),
    tags(
        (name = "activities", description = "活动：发布、报名与候补、报名审核、扫码签到、参与面"),
    )
)]
struct ActivitiesApi;

fn activities_routes(r: Routes) -> Routes {
    let view = Rule::on(Perm::ActivityView, UNION);
    let manage = Rule::on(Perm::ActivityManage, UNION);
    let view_one = Rule::on(Perm::ActivityView, ACTIVITY);
    let manage_one = Rule::on(Perm::ActivityManage, ACTIVITY);
    let join_one = Rule::on(Perm::ActivityJoin, ACTIVITY);
    r.get("/api/v1/unions/{union_id}/activities", view, api::activities::list)
        .post("/api/v1/unions/{union_id}/activities", manage, api::activities::create)
        .get("/api/v1/activities/{activity_id}", view_one, api::activities::get)
        .add(Method::PUT, "/api/v1/activities/{activity_id}", manage_one, api::activities::edit)
        .post("/api/v1/activities/{activity_id}/call-off", manage_one, api::activities::call_off)
        .post("/api/v1/activities/{activity_id}/signups", join_one, api::signups::sign_up)
        .get("/api/v1/activities/{activity_id}/signups", manage_one, api::signups::list)
        .add(
            Method::DELETE,
            "/api/v1/activities/{activity_id}/signups/me",
            join_one,
            api::signups::cancel_mine,
        )
        .add(
            Method::DELETE,
            "/api/v1/activities/{activity_id}/signups/{member_id}",
            manage_one,
            api::signups::cancel_other,
        )
        .post(
            "/api/v1/activities/{activity_id}/signups/{member_id}/approve",
            manage_one,
            api::signups::approve,
        )
        .post("/api/v1/activities/{activity_id}/signups/{member_id}/reject", manage_one, api::signups::reject)
        .post("/api/v1/activities/{activity_id}/signups/approve-all", manage_one, api::signups::approve_all)
        .post("/api/v1/activities/{activity_id}/checkins", join_one, api::signups::check_in)
        .get("/api/v1/unions/{union_id}/participation", view, api::signups::participation)
        .get("/unions/{union_id}/activities", view, pages::activities::list)
        .post("/unions/{union_id}/activities", manage, pages::activities::create)
        .get("/unions/{union_id}/participation", view, pages::activities::participation_page)
        .get("/activities/{activity_id}", view_one, pages::activities::show)
        .post("/activities/{activity_id}/signup", join_one, pages::activities::sign_up)
        .post("/activities/{activity_id}/cancel", join_one, pages::activities::cancel)
        .post("/activities/{activity_id}/signups", manage_one, pages::activities::sign_up_member)
        .post(
            "/activities/{activity_id}/signups/{member_id}/cancel",
            manage_one,
            pages::activities::cancel_member,
        )
        .post("/activities/{activity_id}/signups/{member_id}/approve", manage_one, pages::approvals::approve)
        .post("/activities/{activity_id}/signups/{member_id}/reject", manage_one, pages::approvals::reject)
        .post("/activities/{activity_id}/signups/approve-all", manage_one, pages::approvals::approve_all)
        .post(
            "/activities/{activity_id}/checkins/{member_id}",
            manage_one,
            pages::activities::check_in_member,
        )
        .post("/activities/{activity_id}/call-off", manage_one, pages::activities::call_off)
        .get("/activities/{activity_id}/edit", manage_one, pages::activity_edit::edit_form)
        .post("/activities/{activity_id}/edit", manage_one, pages::activity_edit::edit)
        .get("/activities/{activity_id}/qr", manage_one, pages::activities::qr)
        .get("/activities/{activity_id}/checkin", join_one, pages::activities::checkin_form)
        .post("/activities/{activity_id}/checkin", join_one, pages::activities::checkin_submit)
}

// ---------------------------------------------------------------------------
// Contests: rules and rounds, entrants and judges, score sheets, ranking, prizes.

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::contests::list, api::contests::create, api::contests::show, api::contests::add_entrant,
        api::contests::add_judge, api::contests::add_round, api::contests::close_round, api::contests::submit_sheet,
        api::contests::sheets, api::contests::ranking, api::contests::set_prizes, api::contests::publish,
        api::contests::results, api::contests::remove_entrant, api::contests::remove_judge,
    ),
    tags(
        (name = "contests", description = "劳动竞赛与技能比武：赛程、参赛者、评委、评分表、排名、奖项与公示"),
    )
)]
struct ContestsApi;

fn contests_routes(r: Routes) -> Routes {
    use crate::auth::Rule;
    use api::contests as a;
    use pages::contests as pg;
    let view = Rule::on(Perm::ActivityView, UNION);
    let manage = Rule::on(Perm::ActivityManage, UNION);
    let see = Rule::on(Perm::ActivityView, CONTEST);
    let run = Rule::on(Perm::ActivityManage, CONTEST);
    // Scoring: a judge is also checked by the service (not_a_judge).
    let score = Rule::on(Perm::ActivityJoin, CONTEST);
    r
        // Pages.
        .get("/unions/{union_id}/contests", view, pg::list)
        .post("/unions/{union_id}/contests", manage, pg::create)
        .get("/contests/{contest_id}", see, pg::show)
        .post("/contests/{contest_id}/entrants", run, pg::add_entrant)
        .post("/contests/{contest_id}/judges", run, pg::add_judge)
        .post("/contests/{contest_id}/entrants/{entrant_id}/delete", run, pg::remove_entrant)
        .post("/contests/{contest_id}/judges/{user_id}/delete", run, pg::remove_judge)
        .post("/contests/{contest_id}/rounds", run, pg::add_round)
        .post("/contests/{contest_id}/rounds/{round_id}/close", run, pg::close_round)
        .get("/contests/{contest_id}/rounds/{round_id}/score", score, pg::score_page)
        .post("/contests/{contest_id}/rounds/{round_id}/score", score, pg::score)
        .get("/contests/{contest_id}/rounds/{round_id}/sheet.print", see, pg::blank_sheet)
        .post("/contests/{contest_id}/prizes", run, pg::set_prizes)
        .post("/contests/{contest_id}/publish", run, pg::publish)
        .get("/contests/{contest_id}/results.print", see, pg::result_list)
        .get("/contests/{contest_id}/results.xlsx", see, pg::export)
        // JSON API.
        .get("/api/v1/unions/{union_id}/contests", view, a::list)
        .post("/api/v1/unions/{union_id}/contests", manage, a::create)
        .get("/api/v1/contests/{contest_id}", see, a::show)
        .post("/api/v1/contests/{contest_id}/entrants", run, a::add_entrant)
        .post("/api/v1/contests/{contest_id}/judges", run, a::add_judge)
        .add(Method::DELETE, "/api/v1/contests/{contest_id}/entrants/{entrant_id}", run, a::remove_entrant)
        .add(Method::DELETE, "/api/v1/contests/{contest_id}/judges/{user_id}", run, a::remove_judge)
        .post("/api/v1/contests/{contest_id}/rounds", run, a::add_round)
        .post("/api/v1/contests/{contest_id}/rounds/{round_id}/close", run, a::close_round)
        .post("/api/v1/contests/{contest_id}/rounds/{round_id}/sheets", score, a::submit_sheet)
        .get("/api/v1/contests/{contest_id}/rounds/{round_id}/sheets", see, a::sheets)
        .get("/api/v1/contests/{contest_id}/ranking", see, a::ranking)
        .post("/api/v1/contests/{contest_id}/prizes", run, a::set_prizes)
        .post("/api/v1/contests/{contest_id}/publish", run, a::publish)
        .get("/api/v1/contests/{contest_id}/results", see, a::results)
}

// ---------------------------------------------------------------------------
// Costs: the cost plan under the spending rules, payment, photos and report.

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::costs::get_plan, api::costs::put_plan, api::costs::approve, api::costs::pay,
        api::costs::report, api::costs::put_report, api::costs::photos, api::costs::upload_photo, api::costs::photo,
        api::costs::delete_photo,
    ),
    tags(
        (name = "activity-costs", description = "活动经费：预算按经费支出规定审核、支付记账、实际人均、照片与总结"),
    )
)]
struct CostsApi;

fn costs_routes(r: Routes) -> Routes {
    use crate::auth::Rule;
    use axum::http::Method;
    let view = Rule::on(Perm::ActivityView, ACTIVITY);
    let manage = Rule::on(Perm::ActivityManage, ACTIVITY);
    // Approving a plan is a finance reviewer's act (chair, treasurer);
    // paying posts a voucher: the finance maker's permission, as care's.
    let approve = Rule::on(Perm::FinanceReview, ACTIVITY);
    let pay = Rule::on(Perm::FinanceMake, ACTIVITY);
    let union_view = Rule::on(Perm::ActivityView, UNION);
    let union_manage = Rule::on(Perm::ActivityManage, UNION);
    r
        // Pages.
        .get("/activities/{activity_id}/costs", view, pages::costs::costs)
        .post("/activities/{activity_id}/cost-plan", manage, pages::costs::save_plan)
        .post("/activities/{activity_id}/cost-plan/approve", approve, pages::costs::approve)
        .get("/activities/{activity_id}/cost-plan/print", view, pages::costs::cost_print)
        .post("/activities/{activity_id}/payment", pay, pages::costs::pay)
        .post("/activities/{activity_id}/report", manage, pages::costs::save_report)
        .post("/activities/{activity_id}/photos", manage.upload(), pages::costs::upload_photo)
        .get("/activities/{activity_id}/photos/{photo_id}", view, pages::costs::photo)
        .post("/activities/{activity_id}/photos/{photo_id}/delete", manage, pages::costs::delete_photo)
        // Exports and prints: lists with names are the organisers'.
        .get("/activities/{activity_id}/attendance.xlsx", manage, pages::exports::attendance_xlsx)
        .get("/activities/{activity_id}/signups.xlsx", manage, pages::exports::signups_xlsx)
        .get("/activities/{activity_id}/sign-in-sheet", manage, pages::exports::sign_in_sheet)
        .get("/unions/{union_id}/activities.xlsx", union_view, pages::exports::activities_xlsx)
        .get("/unions/{union_id}/participation/absent.xlsx", union_manage, pages::exports::absent_xlsx)
        // JSON API.
        .get("/api/v1/activities/{activity_id}/cost-plan", view, api::costs::get_plan)
        .add(Method::PUT, "/api/v1/activities/{activity_id}/cost-plan", manage, api::costs::put_plan)
        .post("/api/v1/activities/{activity_id}/cost-plan/approve", approve, api::costs::approve)
        .post("/api/v1/activities/{activity_id}/payment", pay, api::costs::pay)
        .get("/api/v1/activities/{activity_id}/report", view, api::costs::report)
        .add(Method::PUT, "/api/v1/activities/{activity_id}/report", manage, api::costs::put_report)
        .get("/api/v1/activities/{activity_id}/photos", view, api::costs::photos)
        .post("/api/v1/activities/{activity_id}/photos", manage.upload(), api::costs::upload_photo)
        .get("/api/v1/activities/{activity_id}/photos/{photo_id}", view, api::costs::photo)
        .add(
            Method::DELETE,
            "/api/v1/activities/{activity_id}/photos/{photo_id}",
            manage,
            api::costs::delete_photo,
        )
}
