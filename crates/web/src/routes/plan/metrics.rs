//! The metric catalogue: `/orgs/{org_id}/metrics` (every metric of the org
//! with its definition and value), one metric's page with its monthly
//! trend, and `GET /api/v1/orgs/{org_id}/metrics[/{metric}]`.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{Datelike, NaiveDate};
use domain::auth::Perm;
use domain::plan::metric::Metric;
use domain::plan::period::Period;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use super::super::Routes;
use super::ORG;
use crate::auth::Rule;
use crate::charts::{Series, line_chart, short_number};
use crate::extract::{Path, Query};
use crate::pages::{FormErrors, Layout, PageResult, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult, ErrorBody};
use app::plan::metrics::{self, Figure};

#[derive(OpenApi)]
#[openapi(
    paths(list_api, one_api),
    tags((name = "plan", description = "工作计划与指标：指标目录、按期间由记录计算的指标值、工作计划、目标进度、工作总结与年报"))
)]
struct Api;

pub(super) fn routes(r: Routes) -> Routes {
    let view = Rule::on(Perm::PlanView, ORG);
    r.get("/orgs/{org_id}/metrics", view, list_page)
        .get("/orgs/{org_id}/metrics/{metric}", view, one_page)
        .get("/api/v1/orgs/{org_id}/metrics", view, list_api)
        .get("/api/v1/orgs/{org_id}/metrics/{metric}", view, one_api)
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    Api::openapi()
}

/// The period as typed: `from` and `to` (YYYY-MM-DD), empty for this year.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// 开始日期（YYYY-MM-DD），不填为今年1月1日
    #[serde(default)]
    pub from: Option<String>,
    /// 结束日期（YYYY-MM-DD），不填为今年12月31日
    #[serde(default)]
    pub to: Option<String>,
}

impl PeriodQuery {
    fn period(&self) -> AppResult<Period> {
        Ok(Period::parse(self.from.as_deref(), self.to.as_deref(), this_year())?)
    }

    /// `?from=…&to=…` as typed, for links that keep the period.
    fn query(&self) -> String {
        let enc = |s: &Option<String>| -> String {
            form_urlencoded::byte_serialize(s.as_deref().unwrap_or("").trim().as_bytes()).collect()
        };
        format!("?from={}&to={}", enc(&self.from), enc(&self.to))
    }
}

fn this_year() -> Period {
    let today = domain::time::today(app::now());
    Period::year(today.year()).unwrap_or(Period { from: today, to: today })
}

/// The metric a path names, or 404.
fn metric_of(key: &str) -> AppResult<Metric> {
    Metric::parse(key).ok_or_else(AppError::not_found)
}

// --- API ---------------------------------------------------------------------

/// The period of a figure.
#[derive(Debug, Serialize, ToSchema)]
pub struct MetricPeriodOut {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// 如“2026年1月1日至2026年12月31日”
    pub label: String,
}

/// A metric's value over a period, computed from the records.
#[derive(Debug, Serialize, ToSchema)]
pub struct MetricFigureOut {
    /// 指标代码，如 participation_rate
    pub metric: String,
    /// 中文名称，如“活动参与面”
    pub label: String,
    /// 单位：%、人、家、元 …
    pub unit: String,
    /// 口径
    pub definition: String,
    /// 指标值（比率为百分数，保留两位小数、向下取整；金额为元）
    pub value: f64,
    /// 比率的分子与分母（其他指标为空）
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// 记录所在的列表页
    pub link: Option<String>,
    pub period: MetricPeriodOut,
}

impl MetricFigureOut {
    fn new(f: Figure, p: Period) -> Self {
        MetricFigureOut {
            metric: f.metric.as_str().to_owned(),
            label: f.label.to_owned(),
            unit: f.unit.to_owned(),
            definition: f.definition.to_owned(),
            value: f.value,
            numerator: f.numerator,
            denominator: f.denominator,
            link: f.link,
            period: MetricPeriodOut { from: p.from, to: p.to, label: f.period },
        }
    }
}

/// Every metric of an org.
#[derive(Debug, Serialize, ToSchema)]
pub struct MetricCatalogueOut {
    pub org_id: Uuid,
    /// 总工会（按下属全部基层工会统计）或基层工会
    pub federation: bool,
    pub period: MetricPeriodOut,
    pub metrics: Vec<MetricFigureOut>,
}

/// 指标目录：适用于该组织的全部指标及其在期间内的值（总工会按下属全部基层工会统计）
#[utoipa::path(get, path = "/api/v1/orgs/{org_id}/metrics", tag = "plan", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), PeriodQuery),
    responses((status = 200, body = MetricCatalogueOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_api(
    State(state): State<AppState>,
    Path(org_id): Path<Uuid>,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Json<MetricCatalogueOut>> {
    let period = q.period()?;
    let (subject, figures) = metrics::catalogue(&state, org_id, period).await?;
    Ok(Json(MetricCatalogueOut {
        org_id,
        federation: subject.federation,
        period: MetricPeriodOut { from: period.from, to: period.to, label: period.label() },
        metrics: figures.into_iter().map(|f| MetricFigureOut::new(f, period)).collect(),
    }))
}

/// 一项指标在期间内的值，附口径、分子分母和记录列表的链接（不适用于该组织层级的指标返回422）
#[utoipa::path(get, path = "/api/v1/orgs/{org_id}/metrics/{metric}", tag = "plan", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ("metric" = String, Path, description = "指标代码，如 participation_rate"), PeriodQuery),
    responses((status = 200, body = MetricFigureOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn one_api(
    State(state): State<AppState>,
    Path((org_id, key)): Path<(Uuid, String)>,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Json<MetricFigureOut>> {
    let metric = metric_of(&key)?;
    let period = q.period()?;
    let f = metrics::figure(&state, org_id, metrics::Ask::of(metric), period).await?;
    Ok(Json(MetricFigureOut::new(f, period)))
}

// --- Pages -------------------------------------------------------------------

/// A figure as the pages show it.
pub struct Shown {
    pub key: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub definition: &'static str,
    /// 95.00%, 1,234人, 40,350.00元
    pub value: String,
    /// 57 / 60, for a rate.
    pub parts: Option<String>,
    pub link: Option<String>,
}

/// `value` with its unit as a page shows it.
pub fn shown_value(value: f64, unit: &str) -> String {
    match unit {
        "%" => format!("{value:.2}%"),
        "元" => format!("{}元", group_digits(value, 2)),
        _ => format!("{}{unit}", group_digits(value, if value.fract() == 0.0 { 0 } else { 1 })),
    }
}

/// 40350.5 → "40,350.50" (two decimals) — figures an officer copies into a report.
fn group_digits(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    let sign = if v < 0.0 { "-" } else { "" };
    if frac.is_empty() { format!("{sign}{out}") } else { format!("{sign}{out}.{frac}") }
}

impl Shown {
    fn new(f: &Figure) -> Shown {
        let parts = match (f.numerator, f.denominator) {
            (Some(n), Some(d)) => Some(format!("{} / {}", short_number(n), short_number(d))),
            _ => None,
        };
        Shown {
            key: f.metric.as_str(),
            label: f.label,
            unit: f.unit,
            definition: f.definition,
            value: shown_value(f.value, f.unit),
            parts,
            link: f.link.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "plan/metrics.html")]
struct ListPage {
    layout: Layout,
    org_id: Uuid,
    org_name: String,
    federation: bool,
    q: PeriodQuery,
    period: String,
    figures: Vec<Shown>,
    errors: FormErrors,
}

async fn org_name(state: &AppState, org_id: Uuid) -> AppResult<String> {
    Ok(app::org::service::get(state, org_id).await?.name)
}

/// 指标: every metric of the org over the period typed (this year by
/// default); a date that does not read is named and the form keeps it.
pub async fn list_page(
    State(state): State<AppState>,
    p: Principal,
    Path(org_id): Path<Uuid>,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    let name = org_name(&state, org_id).await?;
    let layout = Layout::new(&state, &p, "metrics", "指标")
        .await
        .crumb(name.clone(), format!("/orgs/{org_id}"))
        .crumb("指标", format!("/orgs/{org_id}/metrics"));
    let (period, errors, status) = match q.period() {
        Ok(p) => (p, FormErrors::default(), StatusCode::OK),
        Err(e) => (this_year(), FormErrors::from_error(&e), StatusCode::UNPROCESSABLE_ENTITY),
    };
    let (subject, figures) = metrics::catalogue(&state, org_id, period).await?;
    let page = ListPage {
        layout,
        org_id,
        org_name: subject.name,
        federation: subject.federation,
        q,
        period: period.label(),
        figures: figures.iter().map(Shown::new).collect(),
        errors,
    };
    Ok(render_status(status, &page))
}

#[derive(Template)]
#[template(path = "plan/metric.html")]
struct OnePage {
    layout: Layout,
    org_id: Uuid,
    org_name: String,
    q: PeriodQuery,
    query: String,
    period: String,
    f: Shown,
    chart: String,
    /// (month end, value) rows under the chart: the figures it draws.
    rows: Vec<(String, String)>,
    errors: FormErrors,
}

/// One metric: its definition, value, parts and monthly trend.
pub async fn one_page(
    State(state): State<AppState>,
    p: Principal,
    Path((org_id, key)): Path<(Uuid, String)>,
    Query(q): Query<PeriodQuery>,
) -> PageResult {
    let metric = metric_of(&key)?;
    let name = org_name(&state, org_id).await?;
    let (period, errors, status) = match q.period() {
        Ok(p) => (p, FormErrors::default(), StatusCode::OK),
        Err(e) => (this_year(), FormErrors::from_error(&e), StatusCode::UNPROCESSABLE_ENTITY),
    };
    let t = metrics::trend(&state, org_id, metric, period).await?;
    let layout = Layout::new(&state, &p, "metrics", metric.label())
        .await
        .crumb(name, format!("/orgs/{org_id}"))
        .crumb("指标", format!("/orgs/{org_id}/metrics"))
        .crumb(metric.label(), format!("/orgs/{org_id}/metrics/{}", metric.as_str()));
    let labels: Vec<String> = t.points.iter().map(|(d, _)| format!("{}月", d.month())).collect();
    let values: Vec<f64> = t.points.iter().map(|(_, v)| *v).collect();
    let chart = line_chart(
        &format!("{}（{}）按月走势", metric.label(), metric.unit()),
        metric.unit(),
        &labels,
        &[Series { name: metric.label(), values: &values }],
    );
    let rows =
        t.points.iter().map(|(d, v)| (domain::time::fmt_date(*d), shown_value(*v, metric.unit()))).collect();
    let page = OnePage {
        layout,
        org_id,
        org_name: t.subject.name.clone(),
        query: q.query(),
        q,
        period: period.label(),
        f: Shown::new(&t.figure),
        chart,
        rows,
        errors,
    };
    Ok(render_status(status, &page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_with_units() {
        assert_eq!(shown_value(95.5, "%"), "95.50%");
        assert_eq!(shown_value(40350.0, "元"), "40,350.00元");
        assert_eq!(shown_value(1234567.891, "元"), "1,234,567.89元");
        assert_eq!(shown_value(35.0, "名"), "35名");
        assert_eq!(shown_value(12.5, "小时"), "12.5小时");
        assert_eq!(shown_value(-1200.0, "元"), "-1,200.00元");
    }
}
