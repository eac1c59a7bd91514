//! `/api/v1` for the spending policy and the check of a payment against it.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::welfare::PaymentIn;
use crate::extract::{ApiJson, Path};
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::finance::welfare;

#[derive(Debug, Serialize, ToSchema)]
pub struct PolicyOut {
    pub preset: String,
    pub name: String,
    pub region: String,
    pub allow_exceptions: bool,
    /// 政策全文（与预设文件格式相同，金额单位：元）
    #[schema(value_type = Object)]
    pub policy: serde_json::Value,
}

fn policy_out(p: &domain::finance::policy::Policy) -> PolicyOut {
    PolicyOut {
        preset: p.key.clone(),
        name: p.name.clone(),
        region: p.region.clone(),
        allow_exceptions: p.allow_exceptions,
        policy: serde_json::from_str(&domain::finance::policy::to_json(p)).unwrap_or_default(),
    }
}

/// 本会执行的经费支出政策
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/policy", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = PolicyOut)))]
pub async fn get_policy(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<PolicyOut>> {
    Ok(Json(policy_out(&welfare::get_policy(&state, union_id).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyIn {
    /// anhui-2018 | fujian-2018 | guizhou | custom
    pub preset: String,
    /// 仅 custom：自定义政策（与预设文件格式相同）
    #[schema(value_type = Object)]
    pub policy: Option<serde_json::Value>,
}

/// 选择经费支出政策预设，或设定自定义政策
#[utoipa::path(put, path = "/api/v1/unions/{union_id}/policy", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = PolicyIn, responses((status = 200, body = PolicyOut), (status = 422, body = ErrorBody)))]
pub async fn set_policy(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<PolicyIn>,
) -> AppResult<Json<PolicyOut>> {
    let json = b.policy.map(|v| v.to_string());
    Ok(Json(policy_out(&welfare::set_policy(&state, &p, union_id, &b.preset, json.as_deref()).await?)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VerdictOut {
    pub allowed: bool,
    /// ok | over_cap | forbidden_form | not_a_holiday | holiday_mismatch | not_provided | too_many_winners | invalid
    pub code: String,
    /// 中文规则与数字
    pub rule: String,
    pub cap_fen: Option<i64>,
    pub already_fen: i64,
}

impl From<domain::finance::policy::Verdict> for VerdictOut {
    fn from(v: domain::finance::policy::Verdict) -> Self {
        VerdictOut {
            allowed: v.allowed,
            code: v.code.into(),
            rule: v.rule,
            cap_fen: v.cap_fen,
            already_fen: v.already_fen,
        }
    }
}

/// 支出前检查：是否符合本会经费支出政策（不记录）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/policy/check", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = PaymentIn, responses((status = 200, body = VerdictOut)))]
pub async fn check_policy(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<PaymentIn>,
) -> AppResult<Json<VerdictOut>> {
    Ok(Json(welfare::check(&state, union_id, &b.input()).await?.into()))
}
