//! 我的 in JSON: the records, and the full ID number behind the password.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::extract::ApiJson;
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::me::home::{self as service, MeMember, MeRecords, MeUnion};

/// 本人的记录.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeRecordsOut {
    pub member: MeMember,
    pub union: MeUnion,
    pub records: MeRecords,
}

/// 我的记录
///
/// 本人会籍与全部记录：基本信息（证件号码遮蔽）、会费账单与缴纳、帮扶与互助保障、荣誉、培训学时与证书、
/// 参加的活动、合理化建议、提案、来信。账号未关联会员档案时答复 404。
#[utoipa::path(get, path = "/api/v1/me/records", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = MeRecordsOut), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn records(State(state): State<AppState>, p: Principal) -> AppResult<Json<MeRecordsOut>> {
    let (summary, records) = service::records(&state, &p).await?.ok_or_else(service::no_member)?;
    let (Some(member), Some(union)) = (summary.member, summary.union) else {
        return Err(service::no_member());
    };
    Ok(Json(MeRecordsOut { member, union, records }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeRevealIn {
    /// 本账号的登录密码
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeRevealOut {
    /// 完整证件号码
    pub id_number: String,
}

/// 查看本人完整证件号码
///
/// 须再次提供登录密码；密码不正确答复 422（`field` 为 `password`）。每次查看记入审计日志（本人查看敏感字段）。
#[utoipa::path(post, path = "/api/v1/me/reveal-id", tag = "me", security(("bearer" = [])),
    request_body = MeRevealIn,
    responses((status = 200, body = MeRevealOut), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn reveal_id(
    State(state): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<MeRevealIn>,
) -> AppResult<Json<MeRevealOut>> {
    Ok(Json(MeRevealOut { id_number: service::reveal_id(&state, &p, &body.password).await? }))
}
