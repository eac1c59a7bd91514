//! The JSON API of work plans: extract targets from a text (pure), create,
//! list and read plans with their live targets, and the officer's edits of
//! targets, typed progress and tasks.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use domain::ErrorCode;
use domain::plan::extract::{self, Candidate, MAX_CHARS};
use domain::plan::metric::{OwnershipScope, Scope};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Path, Query, parse_json};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult, ErrorBody};
use app::plan::plans::{self as service, EntryInput, NewPlan, PlanView, TargetInput, TaskInput};

/// The part of the tree a target counts over.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct WorkPlanScope {
    /// 单位类型：non_public（非公有制企业）、domestic、hk_macao_taiwan、foreign、public_institution、government、social_organisation
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ownership: Option<String>,
    /// 职工人数下限（如25：职工25人以上的企业）
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_staff: Option<u32>,
}

impl WorkPlanScope {
    pub fn of(s: &Scope) -> Option<WorkPlanScope> {
        (!s.is_empty()).then(|| WorkPlanScope {
            ownership: s.ownership.map(|o| o.as_str().to_owned()),
            min_staff: s.min_staff,
        })
    }

    pub fn scope(&self) -> AppResult<Scope> {
        let ownership = match self.ownership.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(OwnershipScope::parse(s).ok_or_else(|| {
                AppError::field(ErrorCode::InvalidValue, "scope", format!("单位类型“{s}”不存在"))
            })?),
        };
        Ok(Scope { ownership, min_staff: self.min_staff })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkPlanExtractIn {
    /// 计划正文（不超过100,000字）
    pub text: String,
}

/// A quantified goal read from the text.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkPlanCandidate {
    /// 原句
    pub sentence: String,
    /// >= | <= | =
    pub comparator: String,
    pub value: f64,
    /// 单位（按原文：%、家、次、期、人、名、元、万元 …）
    pub unit: String,
    /// 区间的上限（组织1—2期：value 1，upper 2）
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upper: Option<f64>,
    /// 建议的指标（如 unionisation_rate），无则为 null
    pub metric: Option<String>,
    pub scope: Option<WorkPlanScope>,
}

fn candidate(c: Candidate) -> WorkPlanCandidate {
    WorkPlanCandidate {
        comparator: c.comparator.as_str().to_owned(),
        value: c.value,
        unit: c.unit,
        upper: c.upper,
        metric: c.metric.map(|m| m.as_str().to_owned()),
        scope: c.scope.as_ref().and_then(WorkPlanScope::of),
        sentence: c.sentence,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkPlanExtractOut {
    pub targets: Vec<WorkPlanCandidate>,
}

// The paste routes read their body whole (up to the routes' PASTE_LIMIT,
// which the guard enforces) rather than through ApiJson's 1 MB, so that a
// pasted book is answered with the text's limit (422), not a bare 413.

/// 从计划正文中读出量化目标（不保存任何内容）
#[utoipa::path(post, path = "/api/v1/work-plans/extract", tag = "work_plans", security(("bearer" = [])),
    request_body = WorkPlanExtractIn,
    responses((status = 200, body = WorkPlanExtractOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn extract_targets(body: Bytes) -> AppResult<Json<WorkPlanExtractOut>> {
    let b: WorkPlanExtractIn = parse_json(&body)?;
    let chars = b.text.chars().count();
    if chars > MAX_CHARS {
        return Err(AppError::field(
            ErrorCode::TooLong,
            "text",
            format!("计划正文不能超过{MAX_CHARS}个字（现有{chars}个字）"),
        ));
    }
    Ok(Json(WorkPlanExtractOut { targets: extract::extract(&b.text).into_iter().map(candidate).collect() }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkPlanIn {
    /// 计划名称
    pub title: String,
    /// 年度
    pub year: i32,
    /// null：全年；1：上半年；2：下半年
    #[serde(default)]
    pub half: Option<i32>,
    /// 计划正文（不超过100,000字），从中读出各部分和量化目标
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkPlanProgress {
    /// 差距：距目标还差多少（上限类目标：超出多少），已达成为0
    pub gap: f64,
    /// 进度条比例 0–1
    pub ratio: f64,
    pub met: bool,
    /// green | amber | red
    pub light: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkPlanTargetOut {
    pub id: Uuid,
    pub section_id: Option<Uuid>,
    pub sentence: String,
    pub comparator: String,
    pub value: f64,
    pub unit: String,
    pub upper: Option<f64>,
    pub metric: Option<String>,
    /// 指标名称
    pub metric_label: Option<String>,
    pub scope: Option<WorkPlanScope>,
    /// suggested（待确认）| confirmed（已确认）| manual（手工填报）
    pub status: String,
    /// 当前值（目标的单位）；未绑定指标或尚未填报为 null
    pub current: Option<f64>,
    pub progress: Option<WorkPlanProgress>,
    /// 各检查点（月末及今天）的值；手工填报的目标为各次填报的值
    pub trend: Vec<f64>,
}

fn target_out(t: &service::TargetView) -> WorkPlanTargetOut {
    WorkPlanTargetOut {
        id: t.row.id,
        section_id: t.row.section_id,
        sentence: t.row.sentence.clone(),
        comparator: t.row.comparator.clone(),
        value: t.row.value,
        unit: t.row.unit.clone(),
        upper: t.row.upper,
        metric: t.metric.map(|m| m.as_str().to_owned()),
        metric_label: t.metric.map(|m| m.label().to_owned()),
        scope: WorkPlanScope::of(&t.scope),
        status: t.row.status.clone(),
        current: t.current,
        progress: t.progress.map(|p| WorkPlanProgress {
            gap: p.gap,
            ratio: p.ratio,
            met: p.met,
            light: serde_json::to_value(p.light)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
        }),
        trend: t.trend.clone(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkPlanSectionOut {
    pub id: Uuid,
    pub title: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkPlanTaskOut {
    pub id: Uuid,
    pub section_id: Option<Uuid>,
    pub title: String,
    pub owner: String,
    /// 1–12；null：全年
    pub month: Option<i32>,
    pub done: bool,
    pub note: String,
    pub done_at: Option<DateTime<Utc>>,
}

fn task_out(t: &service::Task) -> WorkPlanTaskOut {
    WorkPlanTaskOut {
        id: t.id,
        section_id: t.section_id,
        title: t.title.clone(),
        owner: t.owner.clone(),
        month: t.month,
        done: t.done,
        note: t.note.clone(),
        done_at: t.done_at,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkPlanOut {
    pub id: Uuid,
    pub org_id: Uuid,
    pub title: String,
    pub year: i32,
    pub half: Option<i32>,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub sections: Vec<WorkPlanSectionOut>,
    pub targets: Vec<WorkPlanTargetOut>,
    pub tasks: Vec<WorkPlanTaskOut>,
    /// 趋势各点的日期
    pub checkpoints: Vec<NaiveDate>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

pub fn plan_out(v: &PlanView) -> WorkPlanOut {
    WorkPlanOut {
        id: v.plan.id,
        org_id: v.org.id,
        title: v.plan.title.clone(),
        year: v.plan.year,
        half: v.plan.half,
        period_from: v.period.from,
        period_to: v.period.to,
        sections: v
            .sections
            .iter()
            .map(|s| WorkPlanSectionOut { id: s.id, title: s.title.clone() })
            .collect(),
        targets: v.targets.iter().map(target_out).collect(),
        tasks: v.tasks.iter().map(task_out).collect(),
        checkpoints: v.checkpoints.clone(),
        created_by: v.plan.created_by.clone(),
        created_at: v.plan.created_at,
    }
}

/// 制定工作计划：粘贴计划正文，读出各部分和量化目标（待确认）
#[utoipa::path(post, path = "/api/v1/orgs/{org_id}/work-plans", tag = "work_plans", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)), request_body = WorkPlanIn,
    responses((status = 201, body = WorkPlanOut), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(org_id): Path<Uuid>,
    body: Bytes,
) -> AppResult<(StatusCode, Json<WorkPlanOut>)> {
    let b: WorkPlanIn = parse_json(&body)?;
    let n = NewPlan { title: b.title, year: b.year, half: b.half, text: b.text };
    let id = service::create(&state, &p, org_id, &n).await?;
    let v = service::view(&state, id).await?;
    Ok((StatusCode::CREATED, Json(plan_out(&v))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkPlanBriefOut {
    pub id: Uuid,
    pub title: String,
    pub year: i32,
    pub half: Option<i32>,
    /// 目标数、任务数
    pub targets: i64,
    pub tasks: i64,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkPlanList {
    pub items: Vec<WorkPlanBriefOut>,
}

/// 组织的工作计划
#[utoipa::path(get, path = "/api/v1/orgs/{org_id}/work-plans", tag = "work_plans", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)), responses((status = 200, body = WorkPlanList), (status = 404, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, Path(org_id): Path<Uuid>) -> AppResult<Json<WorkPlanList>> {
    let (_, rows) = service::list(&state, org_id).await?;
    Ok(Json(WorkPlanList {
        items: rows
            .into_iter()
            .map(|r| WorkPlanBriefOut {
                id: r.id,
                title: r.title,
                year: r.year,
                half: r.half,
                targets: r.targets,
                tasks: r.tasks,
                created_by: r.created_by,
                created_at: r.created_at,
            })
            .collect(),
    }))
}

/// 工作计划（含各目标的当前值和进度）
#[utoipa::path(get, path = "/api/v1/work-plans/{plan_id}", tag = "work_plans", security(("bearer" = [])),
    params(("plan_id" = Uuid, Path)), responses((status = 200, body = WorkPlanOut), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<AppState>, Path(plan_id): Path<Uuid>) -> AppResult<Json<WorkPlanOut>> {
    Ok(Json(plan_out(&service::view(&state, plan_id).await?)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeleteQuery {
    /// 须为 true：确认删除整个计划
    pub confirm: Option<bool>,
}

/// The refusal of a plan's deletion without its confirmation.
pub fn unconfirmed() -> AppError {
    AppError::field(ErrorCode::Required, "confirm", "删除整个计划（连同其目标、填报记录和任务）须确认")
}

/// 删除工作计划（连同其目标、填报记录和任务；须 confirm=true）
#[utoipa::path(delete, path = "/api/v1/work-plans/{plan_id}", tag = "work_plans", security(("bearer" = [])),
    params(("plan_id" = Uuid, Path), DeleteQuery),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    p: Principal,
    Path(plan_id): Path<Uuid>,
    Query(q): Query<DeleteQuery>,
) -> AppResult<StatusCode> {
    if q.confirm != Some(true) {
        return Err(unconfirmed());
    }
    service::delete(&state, &p, plan_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkPlanTargetIn {
    /// 目标表述（新增时必填；修改时忽略）
    #[serde(default)]
    pub sentence: String,
    /// >= | <= | =
    pub comparator: String,
    pub value: f64,
    pub unit: String,
    /// 指标（如 activities_held）；手工填报时忽略
    #[serde(default)]
    pub metric: Option<String>,
    #[serde(default)]
    pub scope: Option<WorkPlanScope>,
    /// true：手工填报进度
    #[serde(default)]
    pub manual: bool,
    /// 新增时所属部分（本计划的部分）
    #[serde(default)]
    pub section_id: Option<Uuid>,
}

impl WorkPlanTargetIn {
    fn input(self) -> AppResult<TargetInput> {
        Ok(TargetInput {
            scope: self.scope.as_ref().map(WorkPlanScope::scope).transpose()?,
            sentence: self.sentence,
            comparator: self.comparator,
            value: self.value,
            unit: self.unit,
            metric: self.metric,
            manual: self.manual,
            section_id: self.section_id,
        })
    }
}

async fn one_target(state: &AppState, plan_id: Uuid, target_id: Uuid) -> AppResult<WorkPlanTargetOut> {
    let v = service::view(state, plan_id).await?;
    v.targets.iter().find(|t| t.row.id == target_id).map(target_out).ok_or_else(AppError::not_found)
}

/// 确认或更正目标（指标、范围、比较方式、目标值、单位），或改为手工填报
#[utoipa::path(put, path = "/api/v1/work-plans/{plan_id}/targets/{target_id}", tag = "work_plans", security(("bearer" = [])),
    params(("plan_id" = Uuid, Path), ("target_id" = Uuid, Path)), request_body = WorkPlanTargetIn,
    responses((status = 200, body = WorkPlanTargetOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_target(
    State(state): State<AppState>,
    p: Principal,
    Path((plan_id, target_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<WorkPlanTargetIn>,
) -> AppResult<Json<WorkPlanTargetOut>> {
    service::update_target(&state, &p, plan_id, target_id, &b.input()?).await?;
    Ok(Json(one_target(&state, plan_id, target_id).await?))
}

/// 手工增加目标
#[utoipa::path(post, path = "/api/v1/work-plans/{plan_id}/targets", tag = "work_plans", security(("bearer" = [])),
    params(("plan_id" = Uuid, Path)), request_body = WorkPlanTargetIn,
    responses((status = 201, body = WorkPlanTargetOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_target(
    State(state): State<AppState>,
    p: Principal,
    Path(plan_id): Path<Uuid>,
    ApiJson(b): ApiJson<WorkPlanTargetIn>,
) -> AppResult<(StatusCode, Json<WorkPlanTargetOut>)> {
    let t = service::add_target(&state, &p, plan_id, &b.input()?).await?;
    Ok((StatusCode::CREATED, Json(one_target(&state, plan_id, t.id).await?)))
}

/// 删除目标
#[utoipa::path(delete, path = "/api/v1/work-plans/{plan_id}/targets/{target_id}", tag = "work_plans", security(("bearer" = [])),
    params(("plan_id" = Uuid, Path), ("target_id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete_target(
    State(state): State<AppState>,
    p: Principal,
    Path((plan_id, target_id)): Path<(Uuid, Uuid)>,
) -> AppResult<StatusCode> {
    service::delete_target(&state, &p, plan_id, target_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkPlanEntryIn {
    pub value: f64,
    #[serde(default)]
    pub note: String,
    /// 数据截止日期，省略为今天
    #[serde(default)]
    pub entered_on: Option<NaiveDate>,
}

/// 填报手工目标的进度（只增不改，最新一次为当前值）
#[utoipa::path(post, path = "/api/v1/work-plans/{plan_id}/targets/{target_id}/entries", tag = "work_plans", security(("bearer" = [])),
    params(("plan_id" = Uuid, Path), ("target_id" = Uuid, Path)), request_body = WorkPlanEntryIn,
    responses((status = 201, body = WorkPlanTargetOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn enter(
    State(state): State<AppState>,
    p: Principal,
    Path((plan_id, target_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<WorkPlanEntryIn>,
) -> AppResult<(StatusCode, Json<WorkPlanTargetOut>)> {
    let i = EntryInput { value: b.value, note: b.note, entered_on: b.entered_on };
    service::enter(&state, &p, plan_id, target_id, &i).await?;
    Ok((StatusCode::CREATED, Json(one_target(&state, plan_id, target_id).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkPlanTaskIn {
    pub title: String,
    /// 责任人
    #[serde(default)]
    pub owner: String,
    /// 1–12；省略：全年
    #[serde(default)]
    pub month: Option<i32>,
    #[serde(default)]
    pub section_id: Option<Uuid>,
}

/// 增加任务
#[utoipa::path(post, path = "/api/v1/work-plans/{plan_id}/tasks", tag = "work_plans", security(("bearer" = [])),
    params(("plan_id" = Uuid, Path)), request_body = WorkPlanTaskIn,
    responses((status = 201, body = WorkPlanTaskOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_task(
    State(state): State<AppState>,
    p: Principal,
    Path(plan_id): Path<Uuid>,
    ApiJson(b): ApiJson<WorkPlanTaskIn>,
) -> AppResult<(StatusCode, Json<WorkPlanTaskOut>)> {
    let i = TaskInput { title: b.title, owner: b.owner, month: b.month, section_id: b.section_id };
    Ok((StatusCode::CREATED, Json(task_out(&service::add_task(&state, &p, plan_id, &i).await?))))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkPlanTaskStateIn {
    pub done: bool,
    #[serde(default)]
    pub note: String,
}

/// 标记任务完成或未完成（附说明）
#[utoipa::path(put, path = "/api/v1/work-plans/{plan_id}/tasks/{task_id}", tag = "work_plans", security(("bearer" = [])),
    params(("plan_id" = Uuid, Path), ("task_id" = Uuid, Path)), request_body = WorkPlanTaskStateIn,
    responses((status = 200, body = WorkPlanTaskOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_task(
    State(state): State<AppState>,
    p: Principal,
    Path((plan_id, task_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<WorkPlanTaskStateIn>,
) -> AppResult<Json<WorkPlanTaskOut>> {
    Ok(Json(task_out(&service::set_task(&state, &p, plan_id, task_id, b.done, &b.note).await?)))
}

/// 删除任务
#[utoipa::path(delete, path = "/api/v1/work-plans/{plan_id}/tasks/{task_id}", tag = "work_plans", security(("bearer" = [])),
    params(("plan_id" = Uuid, Path), ("task_id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete_task(
    State(state): State<AppState>,
    p: Principal,
    Path((plan_id, task_id)): Path<(Uuid, Uuid)>,
) -> AppResult<StatusCode> {
    service::delete_task(&state, &p, plan_id, task_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
