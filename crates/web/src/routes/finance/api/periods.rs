//! `/api/v1` for closing and reopening months.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::{ApiJson, Path};
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::finance::{dues, service};

#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodEventOut {
    pub period: String,
    /// close | reopen
    pub action: String,
    pub reason: Option<String>,
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodsOut {
    pub closed: Vec<String>,
    pub events: Vec<PeriodEventOut>,
}

pub(super) fn events_out(events: Vec<app::finance::PeriodEvent>) -> Vec<PeriodEventOut> {
    events
        .into_iter()
        .map(|e| PeriodEventOut {
            period: e.period,
            action: e.action,
            reason: e.reason,
            actor: e.actor_name,
            at: e.at,
        })
        .collect()
}

/// 已结账月份与结账、反结账记录
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/periods", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = PeriodsOut)))]
pub async fn periods(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<PeriodsOut>> {
    let (closed, events) = service::periods(&state, union_id).await?;
    Ok(Json(PeriodsOut { closed, events: events_out(events) }))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonIn {
    pub reason: Option<String>,
}

/// 结账
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/periods/{period}/close", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("period" = String, Path, description = "YYYY-MM")), responses((status = 204), (status = 409, body = ErrorBody)))]
pub async fn close_period(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, period)): Path<(Uuid, String)>,
) -> AppResult<StatusCode> {
    let period = dues::parse_month("period", &period)?;
    service::set_period(&state, &p, union_id, period, true, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 反结账（仅工会主席，须填写原因）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/periods/{period}/reopen", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("period" = String, Path, description = "YYYY-MM")), request_body = ReasonIn,
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn reopen_period(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, period)): Path<(Uuid, String)>,
    ApiJson(b): ApiJson<ReasonIn>,
) -> AppResult<StatusCode> {
    let period = dues::parse_month("period", &period)?;
    service::set_period(&state, &p, union_id, period, false, b.reason.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}
