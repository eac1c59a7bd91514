//! The roster's settings and the public join API.

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::member::MemberStatus;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::MemberIn;
use crate::extract::ApiJson;
use app::AppState;
use app::audit::service::Actor;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::member::{Settings, service};

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsIo {
    /// 会员证号规则，如 HY{YYYY}{SEQ:5}；空表示不自动编号
    pub card_pattern: Option<String>,
    /// 是否开放网上入会申请
    pub join_open: bool,
    /// 网上入会页面的地址（只读）
    #[serde(default, skip_deserializing)]
    pub join_url: Option<String>,
}

fn settings_out(s: &Settings) -> SettingsIo {
    SettingsIo {
        card_pattern: s.card_pattern.clone(),
        join_open: s.join_token.is_some(),
        join_url: s.join_token.as_ref().map(|t| format!("/join/{t}")),
    }
}

/// 花名册设置
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/member-settings", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = SettingsIo)))]
pub async fn get_settings(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<SettingsIo>> {
    Ok(Json(settings_out(&service::settings(&state, union_id).await?)))
}

/// 修改花名册设置（会员证号规则、网上入会）
#[utoipa::path(put, path = "/api/v1/unions/{union_id}/member-settings", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = SettingsIo, responses((status = 200, body = SettingsIo), (status = 422, body = ErrorBody)))]
pub async fn put_settings(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<SettingsIo>,
) -> AppResult<Json<SettingsIo>> {
    Ok(Json(settings_out(
        &service::save_settings(&state, &p, union_id, b.card_pattern.as_deref(), b.join_open).await?,
    )))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Submitted {
    pub message: String,
}

/// 网上入会申请（公开，无需登录；由工会审批）。无论此人是否已在别处登记，答复都相同。
#[utoipa::path(post, path = "/api/v1/join/{token}", tag = "members", params(("token" = String, Path)), request_body = MemberIn,
    responses((status = 202, body = Submitted), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, description = "同一地址15分钟内提交过多", body = ErrorBody)))]
pub async fn join(
    State(state): State<AppState>,
    crate::client_ip::ClientIp(ip): crate::client_ip::ClientIp,
    Path(token): Path<String>,
    ApiJson(b): ApiJson<MemberIn>,
) -> AppResult<(StatusCode, Json<Submitted>)> {
    let union_id = app::member::roster::join_union(&state, &token).await?;
    let actor = Actor { id: None, name: "网上申请", ip: &ip };
    let input = service::application_only(b.input());
    service::throttle_join(&state, &ip).await?;
    service::create(&state, actor, union_id, &input, MemberStatus::Applying).await?;
    Ok((StatusCode::ACCEPTED, Json(Submitted { message: "申请已提交，工会审核后会与您联系".into() })))
}
