//! `/api/v1` for the finance settings.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::{ApiJson, Path};
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::finance::service;

#[derive(Debug, Serialize, ToSchema)]
pub struct SettingsOut {
    /// 制单、审核、记账须三个不同的人
    pub three_person: bool,
    /// 留成比例（‰），默认600
    pub keep_permille: i64,
    /// direct | tax
    pub fund_flow: String,
    pub policy_preset: String,
    /// 已记账凭证数（哈希链长度）
    pub chain_length: i64,
}

fn settings_out(s: &app::finance::Settings) -> SettingsOut {
    SettingsOut {
        three_person: s.three_person,
        keep_permille: s.keep_permille,
        fund_flow: s.fund_flow.clone(),
        policy_preset: s.policy_key.clone(),
        chain_length: s.chain_seq,
    }
}

/// 财务设置
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/finance-settings", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = SettingsOut)))]
pub async fn get_settings(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<SettingsOut>> {
    Ok(Json(settings_out(&service::settings(&state, union_id).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsIn {
    pub three_person: Option<bool>,
    pub keep_permille: Option<i64>,
    pub fund_flow: Option<String>,
}

/// 修改财务设置
#[utoipa::path(put, path = "/api/v1/unions/{union_id}/finance-settings", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = SettingsIn, responses((status = 200, body = SettingsOut), (status = 422, body = ErrorBody)))]
pub async fn put_settings(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<SettingsIn>,
) -> AppResult<Json<SettingsOut>> {
    let input = service::SettingsInput {
        three_person: b.three_person,
        keep_permille: b.keep_permille,
        fund_flow: b.fund_flow,
    };
    Ok(Json(settings_out(&service::save_settings(&state, &p, union_id, &input).await?)))
}
