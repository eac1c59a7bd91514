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
use crate::auth::Target;
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
    nav: &[NavEntry {
        order: 11,
        key: "activity",
        label: "活动",
        href: "/unions/{union}/activities",
        perm: Some(Perm::ActivityView),
    }],
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
#[openapi(tags(
    (name = "activities", description = "活动：发布、报名与候补、扫码签到、参与面"),
))]
struct ActivitiesApi;

fn activities_routes(r: Routes) -> Routes {
    r
}

// ---------------------------------------------------------------------------
// Contests: rules and rounds, entrants and judges, score sheets, ranking, prizes.

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::contests::list, api::contests::create, api::contests::show, api::contests::add_entrant,
        api::contests::add_judge, api::contests::add_round, api::contests::close_round, api::contests::submit_sheet,
        api::contests::sheets, api::contests::ranking, api::contests::set_prizes, api::contests::publish,
        api::contests::results,
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
#[openapi(tags(
    (name = "activity-costs", description = "活动经费：预算按经费支出规定审核、支付记账、实际人均、照片与总结"),
))]
struct CostsApi;

fn costs_routes(r: Routes) -> Routes {
    r
}
