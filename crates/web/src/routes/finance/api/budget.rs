//! `/api/v1` for the year's budget and its execution.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{YearQuery, year_or_now};
use crate::extract::{ApiJson, Path, Query};
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::finance::reports;

/// 预算执行
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/reports/budget", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), YearQuery), responses((status = 200, description = "[{account, name, budget_fen, actual_fen, remaining_fen, used_permille, state: ok|warning|exceeded}]")))]
pub async fn budget_execution(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    Ok(Json(reports::budget_execution(&state, union_id, year_or_now(q.year)).await?).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetIn {
    pub lines: Vec<BudgetLineIn>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetLineIn {
    /// 支出类科目编码
    pub account: String,
    pub amount_fen: i64,
}

/// 编制年度预算（按支出科目）
#[utoipa::path(put, path = "/api/v1/unions/{union_id}/budget/{year}", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("year" = i32, Path)), request_body = BudgetIn, responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn set_budget(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, year)): Path<(Uuid, i32)>,
    ApiJson(b): ApiJson<BudgetIn>,
) -> AppResult<StatusCode> {
    let lines: Vec<(String, i64)> = b.lines.into_iter().map(|l| (l.account, l.amount_fen)).collect();
    reports::set_budget(&state, &p, union_id, year, &lines).await?;
    Ok(StatusCode::NO_CONTENT)
}
