//! The local figures hardship is judged by.

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, NaiveDate, Utc};
use domain::care::hardship::CarePolicy;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::ApiJson;
use app::AppState;
use app::auth::Principal;
use app::care::files;
use app::error::{AppResult, ErrorBody};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CarePolicyIn {
    /// 本市低保标准（每人每月，分）
    pub dibao_monthly_fen: i64,
    /// 全省上年居民人均可支配收入（每人每年，分）
    pub province_avg_income_fen: i64,
    /// 生效日期，默认今天
    pub effective_from: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CarePolicyOut {
    pub effective_from: NaiveDate,
    pub dibao_monthly_fen: i64,
    pub province_avg_income_fen: i64,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

fn policy_out(r: app::care::PolicyRow) -> CarePolicyOut {
    CarePolicyOut {
        effective_from: r.effective_from,
        dibao_monthly_fen: r.dibao_monthly_fen,
        province_avg_income_fen: r.province_avg_income_fen,
        set_by: r.set_by,
        set_at: r.set_at,
    }
}

/// 设定困难职工认定标准（低保、全省上年人均收入），按生效日期保留历史
#[utoipa::path(put, path = "/api/v1/unions/{union_id}/care-policy", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = CarePolicyIn,
    responses((status = 200, body = CarePolicyOut), (status = 422, body = ErrorBody)))]
pub async fn put_policy(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<CarePolicyIn>,
) -> AppResult<Json<CarePolicyOut>> {
    let figures = CarePolicy {
        dibao_monthly_fen: b.dibao_monthly_fen,
        province_avg_income_fen: b.province_avg_income_fen,
    };
    Ok(Json(policy_out(files::put_policy(&state, &p, union_id, figures, b.effective_from).await?)))
}

/// 认定标准历史（新的在前）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/care-policy", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = [CarePolicyOut])))]
pub async fn get_policy(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<Vec<CarePolicyOut>>> {
    Ok(Json(files::policies(&state, union_id).await?.into_iter().map(policy_out).collect()))
}
