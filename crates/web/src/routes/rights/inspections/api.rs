//! `/api/v1/…/inspections` and `/inspection-findings`: the JSON of
//! labour-protection inspections.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use domain::rights::inspection::ItemResult;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Path, Query};
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::rights::inspection::read::{self, FindingView, InspectionView, severity_label, status_label};
use app::rights::inspection::{
    self as service, FindingInput, FollowupInput, InspectionInput, Listed, ListedFinding,
};

#[derive(Debug, Serialize, ToSchema)]
pub struct ChecklistItemOut {
    pub code: String,
    pub label: String,
    pub points: Vec<String>,
    /// pass（符合）| fail（不符合）| not_applicable（不涉及）
    pub result: String,
    pub result_label: String,
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FollowupOut {
    pub id: Uuid,
    pub checked_on: NaiveDate,
    pub note: String,
    pub recorded_by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HazardFindingOut {
    pub id: Uuid,
    pub inspection_id: Uuid,
    /// 整改通知书 第N号.
    pub number: i64,
    pub item_code: String,
    pub item_label: String,
    pub description: String,
    /// minor（一般）| major（较重）| severe（严重）
    pub severity: String,
    pub severity_label: String,
    /// The rectification deadline.
    pub deadline: NaiveDate,
    /// open（待整改）| rectifying（整改中）| closed（已整改）
    pub status: String,
    pub status_label: String,
    /// Not closed after its deadline.
    pub overdue: bool,
    pub closed_on: Option<NaiveDate>,
    pub closing_note: Option<String>,
    pub followups: Vec<FollowupOut>,
}

fn finding_out(v: FindingView) -> HazardFindingOut {
    let f = v.finding;
    HazardFindingOut {
        id: f.id,
        inspection_id: f.inspection_id,
        number: f.number,
        item_label: v.item_label,
        item_code: f.item_code,
        description: f.description,
        severity_label: severity_label(&f.severity).to_owned(),
        severity: f.severity,
        deadline: f.deadline,
        status_label: status_label(&f.status).to_owned(),
        status: f.status,
        overdue: v.overdue,
        closed_on: f.closed_on,
        closing_note: f.closing_note,
        followups: v
            .followups
            .into_iter()
            .map(|u| FollowupOut {
                id: u.id,
                checked_on: u.checked_on,
                note: u.note,
                recorded_by: u.recorded_by,
                at: u.at,
            })
            .collect(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InspectionOut {
    pub id: Uuid,
    pub inspected_on: NaiveDate,
    pub scope: String,
    pub inspectors: String,
    pub note: String,
    /// From the findings: closed when all are (or none), rectifying once
    /// work began on any, else open.
    pub status: String,
    pub status_label: String,
    /// The checklist as used that day, with each heading's result.
    pub items: Vec<ChecklistItemOut>,
    pub findings: Vec<HazardFindingOut>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

fn inspection_out(v: InspectionView) -> InspectionOut {
    let i = v.inspection;
    InspectionOut {
        id: i.id,
        inspected_on: i.inspected_on,
        scope: i.scope,
        inspectors: i.inspectors,
        note: i.note,
        status: v.status.as_str().to_owned(),
        status_label: v.status.label().to_owned(),
        items: v
            .items
            .into_iter()
            .map(|c| ChecklistItemOut {
                result: c.result.as_str().to_owned(),
                result_label: c.result.label().to_owned(),
                code: c.code,
                label: c.label,
                points: c.points,
                note: c.note,
            })
            .collect(),
        findings: v.findings.into_iter().map(finding_out).collect(),
        created_by: i.created_by,
        created_at: i.created_at,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InspectionSummary {
    pub id: Uuid,
    pub inspected_on: NaiveDate,
    pub scope: String,
    pub inspectors: String,
    /// The headings found wanting (不符合).
    pub failed_items: Vec<String>,
    pub findings: i64,
    pub open_findings: i64,
    pub overdue_findings: i64,
}

fn summary(r: Listed) -> InspectionSummary {
    let failed_items = service::items_of(&r.inspection)
        .into_iter()
        .filter(|i| i.result == ItemResult::Fail)
        .map(|i| i.label)
        .collect();
    let i = r.inspection;
    InspectionSummary {
        id: i.id,
        inspected_on: i.inspected_on,
        scope: i.scope,
        inspectors: i.inspectors,
        failed_items,
        findings: r.findings,
        open_findings: r.open_findings,
        overdue_findings: r.overdue_findings,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InspectionsOut {
    pub items: Vec<InspectionSummary>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// Held in this year.
    pub year: Option<i32>,
}

/// 劳动保护监督检查列表
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/inspections", tag = "inspections", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), YearQuery), responses((status = 200, body = InspectionsOut)))]
pub async fn list(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> AppResult<Json<InspectionsOut>> {
    let rows = read::list(&state, union_id, q.year).await?;
    Ok(Json(InspectionsOut { items: rows.into_iter().map(summary).collect() }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultIn {
    /// The checklist heading's code (safety_management …).
    pub code: String,
    /// pass | fail | not_applicable
    pub result: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HazardFindingIn {
    pub item_code: String,
    pub description: String,
    /// minor | major | severe
    pub severity: String,
    /// The rectification deadline: after the inspection day.
    pub deadline: Option<NaiveDate>,
}

fn finding_input(f: HazardFindingIn) -> FindingInput {
    FindingInput {
        item_code: f.item_code,
        description: f.description,
        severity: f.severity,
        deadline: f.deadline,
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InspectionIn {
    /// Default: today.
    pub inspected_on: Option<NaiveDate>,
    /// Where, what: 车间, 项目, an employer.
    pub scope: String,
    pub inspectors: String,
    #[serde(default)]
    pub note: String,
    /// A result for every heading of the union's checklist.
    pub results: Vec<ResultIn>,
    /// Hazards found that day (more may be added later).
    #[serde(default)]
    pub findings: Vec<HazardFindingIn>,
}

/// 记录劳动保护监督检查（按本会检查表逐项记录结果，可同时登记隐患）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/inspections", tag = "inspections", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = InspectionIn,
    responses((status = 201, body = InspectionOut), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<InspectionIn>,
) -> AppResult<(StatusCode, Json<InspectionOut>)> {
    let input = InspectionInput {
        inspected_on: b.inspected_on,
        scope: b.scope,
        inspectors: b.inspectors,
        note: b.note,
        results: b.results.into_iter().map(|r| (r.code, r.result, r.note)).collect(),
        findings: b.findings.into_iter().map(finding_input).collect(),
    };
    let (i, _) = service::create(&state, &p, union_id, &input).await?;
    Ok((StatusCode::CREATED, Json(inspection_out(read::get(&state, i.id).await?))))
}

/// 检查详情（检查表结果、隐患、整改通知、复查记录）
#[utoipa::path(get, path = "/api/v1/inspections/{inspection_id}", tag = "inspections", security(("bearer" = [])),
    params(("inspection_id" = Uuid, Path)), responses((status = 200, body = InspectionOut), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<AppState>, Path(id): Path<Uuid>) -> AppResult<Json<InspectionOut>> {
    Ok(Json(inspection_out(read::get(&state, id).await?)))
}

async fn finding_answer(
    state: &AppState,
    inspection_id: Uuid,
    finding_id: Uuid,
) -> AppResult<HazardFindingOut> {
    let (_, f) = read::notice(state, inspection_id, finding_id).await?;
    Ok(finding_out(f))
}

/// 登记隐患并下达整改通知（整改期限须晚于检查日期）
#[utoipa::path(post, path = "/api/v1/inspections/{inspection_id}/findings", tag = "inspections", security(("bearer" = [])),
    params(("inspection_id" = Uuid, Path)), request_body = HazardFindingIn,
    responses((status = 201, body = HazardFindingOut), (status = 422, body = ErrorBody)))]
pub async fn add_finding(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<HazardFindingIn>,
) -> AppResult<(StatusCode, Json<HazardFindingOut>)> {
    let f = service::add_finding(&state, &p, id, &finding_input(b)).await?;
    Ok((StatusCode::CREATED, Json(finding_answer(&state, id, f.id).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowupIn {
    /// Default: today.
    pub checked_on: Option<NaiveDate>,
    pub note: String,
    /// The employer has started rectifying (待整改 → 整改中).
    #[serde(default)]
    pub rectifying: bool,
}

/// 复查（只增不改）
#[utoipa::path(post, path = "/api/v1/inspections/{inspection_id}/findings/{finding_id}/follow-ups", tag = "inspections",
    security(("bearer" = [])), params(("inspection_id" = Uuid, Path), ("finding_id" = Uuid, Path)), request_body = FollowupIn,
    responses((status = 201, body = HazardFindingOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn follow_up(
    State(state): State<AppState>,
    p: Principal,
    Path((id, finding_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<FollowupIn>,
) -> AppResult<(StatusCode, Json<HazardFindingOut>)> {
    let input = FollowupInput { checked_on: b.checked_on, note: b.note, rectifying: b.rectifying };
    service::follow_up(&state, &p, id, finding_id, &input).await?;
    Ok((StatusCode::CREATED, Json(finding_answer(&state, id, finding_id).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InspectionCloseIn {
    /// The day the fix was checked; default today.
    pub checked_on: Option<NaiveDate>,
    /// What the check found.
    pub note: String,
}

/// 整改完成，销号（重复销号返回409）
#[utoipa::path(post, path = "/api/v1/inspections/{inspection_id}/findings/{finding_id}/close", tag = "inspections",
    security(("bearer" = [])), params(("inspection_id" = Uuid, Path), ("finding_id" = Uuid, Path)), request_body = InspectionCloseIn,
    responses((status = 200, body = HazardFindingOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    p: Principal,
    Path((id, finding_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<InspectionCloseIn>,
) -> AppResult<Json<HazardFindingOut>> {
    service::close_finding(&state, &p, id, finding_id, b.checked_on, &b.note).await?;
    Ok(Json(finding_answer(&state, id, finding_id).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ListedFindingOut {
    pub id: Uuid,
    pub inspection_id: Uuid,
    pub number: i64,
    pub inspected_on: NaiveDate,
    pub scope: String,
    pub item_code: String,
    pub description: String,
    pub severity: String,
    pub severity_label: String,
    pub deadline: NaiveDate,
    pub status: String,
    pub status_label: String,
    pub overdue: bool,
    pub closed_on: Option<NaiveDate>,
}

pub fn listed_out(r: ListedFinding) -> ListedFindingOut {
    let f = r.finding;
    let overdue =
        domain::rights::inspection::overdue(service::finding_status(&f), f.deadline, service::today());
    ListedFindingOut {
        id: f.id,
        inspection_id: f.inspection_id,
        number: f.number,
        inspected_on: r.inspected_on,
        scope: r.scope,
        item_code: f.item_code,
        description: f.description,
        severity_label: severity_label(&f.severity).to_owned(),
        severity: f.severity,
        deadline: f.deadline,
        status_label: status_label(&f.status).to_owned(),
        status: f.status,
        overdue,
        closed_on: f.closed_on,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FindingsOut {
    pub items: Vec<ListedFindingOut>,
}

#[derive(Debug, Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct FindingsQuery {
    /// Only open findings past their deadline (the overdue list).
    #[serde(default)]
    pub overdue: bool,
    /// Only open findings.
    #[serde(default)]
    pub open: bool,
}

/// 隐患整改台帐（overdue=true：逾期未整改）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/inspection-findings", tag = "inspections", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), FindingsQuery), responses((status = 200, body = FindingsOut)))]
pub async fn findings(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<FindingsQuery>,
) -> AppResult<Json<FindingsOut>> {
    let rows = read::findings(&state, union_id, q.overdue, q.open).await?;
    Ok(Json(FindingsOut { items: rows.into_iter().map(listed_out).collect() }))
}
