//! The year at a glance on an org's page: members over time, money in and
//! out by month, care reached, participation, petitions and their answer
//! rate — server-side SVG (web::charts), each linking to its list; and the
//! same series as JSON (`GET /api/v1/orgs/{org_id}/dashboard?year=`).

use axum::Json;
use axum::extract::State;
use domain::auth::Perm;
use domain::org::OrgKind;
use domain::plan::metric::Metric;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};
use uuid::Uuid;

use super::super::Routes;
use super::ORG;
use super::home::ChartCard;
use crate::auth::Rule;
use crate::charts::{Series, bar_chart, line_chart};
use crate::extract::{Path, Query};
use app::AppState;
use app::error::{AppResult, ErrorBody};
use app::org::Org;
use app::plan::dashboard::{self, Dashboard};

#[derive(OpenApi)]
#[openapi(paths(dashboard_api), components(schemas(Dashboard)))]
struct Api;

pub(super) fn routes(r: Routes) -> Routes {
    r.get("/api/v1/orgs/{org_id}/dashboard", Rule::on(Perm::PlanView, ORG), dashboard_api)
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    Api::openapi()
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// 年份，如2026；不填为今年
    pub year: Option<i32>,
}

/// 年度概览：各月会员数、经费收支、帮扶慰问、活动参与面、来信来访及按期答复率（总工会按下属全部基层工会统计）
#[utoipa::path(get, path = "/api/v1/orgs/{org_id}/dashboard", tag = "plan", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), DashboardQuery),
    responses((status = 200, body = Dashboard), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn dashboard_api(
    State(state): State<AppState>,
    Path(org_id): Path<Uuid>,
    Query(q): Query<DashboardQuery>,
) -> AppResult<Json<Dashboard>> {
    Ok(Json(dashboard::year(&state, org_id, q.year).await?))
}

/// The list behind a chart: the union's own list, or the federation's
/// metric page (which lists its figures by union).
fn link(org: &Org, union_path: &str, metric: Metric, year: i32) -> String {
    if org.kind == OrgKind::Union.as_str() {
        format!("/unions/{}/{union_path}", org.id)
    } else {
        format!("/orgs/{}/metrics/{}?from={year}-01-01&to={year}-12-31", org.id, metric.as_str())
    }
}

/// The charts of `year` for `org` (a union, or a federation's subtree); none
/// for a 分工会 or 小组, whose records are its union's.
pub async fn charts(state: &AppState, org: &Org, year: i32) -> AppResult<Vec<ChartCard>> {
    if OrgKind::parse(&org.kind).is_none_or(|k| k == OrgKind::Group) {
        return Ok(Vec::new());
    }
    let d = dashboard::year(state, org.id, Some(year)).await?;
    Ok(cards(org, &d))
}

/// The chart cards of a dashboard.
pub fn cards(org: &Org, d: &Dashboard) -> Vec<ChartCard> {
    let labels: Vec<String> = d.months.iter().map(|m| format!("{m}月")).collect();
    let y = d.year;
    let card = |key: &'static str, title: &str, svg: String, link: String| ChartCard {
        key,
        title: title.to_owned(),
        svg,
        link,
    };
    let one = |name: &'static str, values: &[f64]| -> Vec<(String, Vec<f64>)> {
        vec![(name.to_owned(), values.to_vec())]
    };
    let draw = |bars: bool, title: &str, unit: &str, series: Vec<(String, Vec<f64>)>| {
        let s: Vec<Series> = series.iter().map(|(n, v)| Series { name: n, values: v }).collect();
        if bars { bar_chart(title, unit, &labels, &s) } else { line_chart(title, unit, &labels, &s) }
    };
    let care_link = if org.kind == OrgKind::Union.as_str() {
        format!("/unions/{}/care/assistance?year={y}", org.id)
    } else {
        link(org, "", Metric::CareAmount, y)
    };
    let money_link = if org.kind == OrgKind::Union.as_str() {
        format!("/unions/{}/finance/vouchers", org.id)
    } else {
        format!("/orgs/{}/finance/rollup", org.id)
    };
    let petitions_link = if org.kind == OrgKind::Union.as_str() {
        format!("/unions/{}/petitions?year={y}", org.id)
    } else {
        format!("/orgs/{}/rights-stats?year={y}", org.id)
    };
    vec![
        card(
            "members",
            "会员人数（各月末）",
            draw(false, "会员人数（各月末）", "人", one("会员", &d.members)),
            link(org, "members", Metric::Members, y),
        ),
        card(
            "money",
            "经费收支（按月）",
            draw(
                true,
                "经费收支（按月）",
                "元",
                vec![("收入".to_owned(), d.income.clone()), ("支出".to_owned(), d.spending.clone())],
            ),
            money_link,
        ),
        card(
            "care_people",
            "帮扶慰问惠及人数（按月新增）",
            draw(true, "帮扶慰问惠及人数（按月新增）", "人", one("惠及人数", &d.care_people)),
            care_link.clone(),
        ),
        card(
            "care_amount",
            "帮扶慰问金额（按月）",
            draw(true, "帮扶慰问金额（按月）", "元", one("发放金额", &d.care_amount)),
            care_link,
        ),
        card(
            "participation",
            "活动参与面（年初至各月末）",
            draw(false, "活动参与面（年初至各月末）", "%", one("参与面", &d.participation)),
            if org.kind == OrgKind::Union.as_str() {
                format!("/unions/{}/participation?year={y}", org.id)
            } else {
                link(org, "", Metric::ParticipationRate, y)
            },
        ),
        card(
            "petitions",
            "受理来信来访（按月）",
            draw(true, "受理来信来访（按月）", "件", one("受理件数", &d.petitions)),
            petitions_link.clone(),
        ),
        card(
            "answer_rate",
            "按期答复率（年初至各月末）",
            draw(false, "按期答复率（年初至各月末）", "%", one("按期答复率", &d.answer_rate)),
            petitions_link,
        ),
    ]
}
