//! The year-end summary (工作总结数据稿): JSON, the page with the list
//! behind each figure, the printable page, .docx and the figures' .xlsx.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{DOCX, ReportYear, XLSX, download};
use crate::extract::{Path, Query};
use crate::pages::{Layout, PageResult, render};
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::plan::summary::{self, Summary};

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanSummaryOut {
    pub org: PlanSummaryOrgOut,
    pub year: i32,
    /// 统计期间，如“2026年1月1日至2026年12月31日”
    pub period: String,
    /// 按其部分起草的工作计划；无计划时为空（按业务领域的默认部分）
    pub plan: Option<PlanSummaryPlanOut>,
    pub sections: Vec<PlanSummarySectionOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanSummaryOrgOut {
    pub id: Uuid,
    pub name: String,
    pub federation: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanSummaryPlanOut {
    pub id: Uuid,
    pub title: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanSummarySectionOut {
    pub title: String,
    pub sentences: Vec<PlanSummarySentenceOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanSummarySentenceOut {
    /// 如“全年走访慰问困难职工35名，发放慰问金40,350.00元”
    pub text: String,
    pub figures: Vec<PlanSummaryFigureOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanSummaryFigureOut {
    /// 指标键，如 care_amount
    pub metric: String,
    /// 数值（金额为元，比率为百分数）
    pub value: f64,
    pub unit: String,
    pub label: String,
    /// 数字背后的记录列表（已按期间筛选）
    pub link: Option<String>,
    pub period: String,
}

impl From<Summary> for PlanSummaryOut {
    fn from(s: Summary) -> Self {
        PlanSummaryOut {
            org: PlanSummaryOrgOut { id: s.org.id, name: s.org.name, federation: s.org.federation },
            year: s.year,
            period: s.period,
            plan: s.plan.map(|p| PlanSummaryPlanOut { id: p.id, title: p.title }),
            sections: s
                .sections
                .into_iter()
                .map(|sec| PlanSummarySectionOut {
                    title: sec.title,
                    sentences: sec
                        .sentences
                        .into_iter()
                        .map(|sen| PlanSummarySentenceOut {
                            text: sen.text,
                            figures: sen
                                .figures
                                .into_iter()
                                .map(|f| PlanSummaryFigureOut {
                                    metric: f.metric.as_str().to_owned(),
                                    value: f.value,
                                    unit: f.unit.to_owned(),
                                    label: f.label.to_owned(),
                                    link: f.link,
                                    period: f.period,
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// 年终工作总结数据稿：按计划（或业务领域）分部分的语句及其数字、期间和来源
#[utoipa::path(get, path = "/api/v1/orgs/{org_id}/summary", tag = "plan-reports", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ReportYear),
    responses((status = 200, body = PlanSummaryOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_summary(
    State(state): State<AppState>,
    Path(org_id): Path<Uuid>,
    Query(q): Query<ReportYear>,
) -> AppResult<Json<PlanSummaryOut>> {
    Ok(Json(summary::draft(&state, org_id, q.year).await?.into()))
}

/// 年终工作总结数据稿（Word 文档）
#[utoipa::path(get, path = "/api/v1/orgs/{org_id}/summary.docx", tag = "plan-reports", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ReportYear),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_summary_docx(
    State(state): State<AppState>,
    Path(org_id): Path<Uuid>,
    Query(q): Query<ReportYear>,
) -> AppResult<Response> {
    let s = summary::draft(&state, org_id, q.year).await?;
    let bytes = summary::docx(&s)?;
    Ok(download(&format!("{}.docx", summary::title(&s)), "summary.docx", DOCX, bytes))
}

/// 年终工作总结的数字表（Excel）
#[utoipa::path(get, path = "/api/v1/orgs/{org_id}/summary.xlsx", tag = "plan-reports", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ReportYear),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_summary_xlsx(
    State(state): State<AppState>,
    Path(org_id): Path<Uuid>,
    Query(q): Query<ReportYear>,
) -> AppResult<Response> {
    let s = summary::draft(&state, org_id, q.year).await?;
    let bytes = summary::xlsx(&s).await?;
    Ok(download(&format!("{}.xlsx", summary::title(&s)), "summary.xlsx", XLSX, bytes))
}

#[derive(Template)]
#[template(path = "plan/summary.html")]
struct SummaryPage {
    layout: Layout,
    s: Summary,
    years: Vec<i32>,
}

#[derive(Template)]
#[template(path = "plan/summary_print.html")]
struct PrintPage {
    title: String,
    s: Summary,
}

/// A figure as the pages write it: `会员数 1,234人`.
pub fn shown(f: &app::plan::metrics::Figure) -> String {
    format!("{} {}", f.label, domain::plan::summary::with_unit(f.value, f.unit))
}

fn years() -> Vec<i32> {
    let this = chrono::Datelike::year(&domain::time::today(app::now()));
    (domain::plan::annual::FIRST_YEAR..=this).rev().take(10).collect()
}

/// The summary with its sources, a year picker and the exports.
pub async fn page(
    State(state): State<AppState>,
    p: Principal,
    Path(org_id): Path<Uuid>,
    Query(q): Query<ReportYear>,
) -> PageResult {
    let s = summary::draft(&state, org_id, q.year).await?;
    let layout = Layout::new(&state, &p, "work_plans", &summary::title(&s))
        .await
        .crumb(s.org.name.clone(), format!("/orgs/{org_id}"))
        .crumb("年终工作总结", format!("/orgs/{org_id}/summary?year={}", s.year));
    Ok(render(&SummaryPage { layout, s, years: years() }))
}

/// The summary to print: no navigation, the figures' sources as a table.
pub async fn print(
    State(state): State<AppState>,
    Path(org_id): Path<Uuid>,
    Query(q): Query<ReportYear>,
) -> PageResult {
    let s = summary::draft(&state, org_id, q.year).await?;
    Ok(render(&PrintPage { title: summary::title(&s), s }))
}
