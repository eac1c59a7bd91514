//! Assistance and condolence payments, a member's totals and consent.

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{YearQuery, this_year};
use crate::extract::{ApiJson, Query};
use app::AppState;
use app::auth::Principal;
use app::care::aid::{self, AidInput};
use app::error::{AppResult, ErrorBody};
use app::finance::welfare::ExceptionInput;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssistanceIn {
    pub member_id: Option<Uuid>,
    /// assistance（帮扶）| condolence（慰问）
    pub kind: Option<String>,
    /// 支出项目：assistance | hospital | marriage | childbirth | death_member | death_relative | retirement | birthday | festival
    pub item: String,
    pub holiday: Option<String>,
    pub reason: String,
    pub amount_fen: i64,
    pub goods: Option<String>,
    /// cash | goods | named_goods_voucher …
    pub form: String,
    pub date: Option<NaiveDate>,
    /// 批准人账号：本会主席或财务负责人，不能是经办人本人（必填）
    pub approver_user_id: Option<Uuid>,
    /// 已停用：旧版手填的批准人姓名，只填此项会被拒绝
    #[serde(default)]
    pub approved_by: Option<String>,
    pub delivered_by: Option<String>,
    #[serde(default)]
    pub surgery: bool,
    pub account: Option<String>,
    /// 政策允许例外时的原因；例外的批准人即 approver_user_id 所选账号
    pub exception_reason: Option<String>,
    /// 已停用：手填的批准人姓名不再使用（例外的批准人即 approver_user_id）
    pub exception_approver: Option<String>,
    /// 幂等键：同一键重复提交只记录一次
    pub idempotency_key: Option<String>,
    /// 对应的生活事件（发放后事件标记为已慰问）
    pub event_id: Option<Uuid>,
    /// 付款后库存现金或银行存款余额将低于零时，true 表示已知悉并仍要发放（否则 409 below_zero）
    pub confirm_below_zero: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssistanceOut {
    pub id: Uuid,
    pub member_id: Uuid,
    pub member_name: Option<String>,
    pub kind: String,
    pub item: String,
    pub reason: String,
    pub amount_fen: i64,
    pub goods: Option<String>,
    pub form: String,
    pub date: NaiveDate,
    pub approved_by: String,
    pub delivered_by: Option<String>,
    pub campaign_id: Option<Uuid>,
    pub event_id: Option<Uuid>,
    pub voucher_id: Option<Uuid>,
}

fn aid_out(a: app::care::Assistance, name: Option<String>) -> AssistanceOut {
    AssistanceOut {
        id: a.id,
        member_id: a.member_id,
        member_name: name,
        kind: a.kind,
        item: a.item,
        reason: a.reason,
        amount_fen: a.amount_fen,
        goods: a.goods,
        form: a.form,
        date: a.date,
        approved_by: a.approved_by,
        delivered_by: a.delivered_by,
        campaign_id: a.campaign_id,
        event_id: a.event_id,
        voucher_id: a.voucher_id,
    }
}

/// 发放帮扶或慰问：按经费支出规定核对后记录并生成凭证
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/assistance", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = AssistanceIn,
    responses((status = 201, body = AssistanceOut), (status = 422, description = "policy_refused 等", body = ErrorBody)))]
pub async fn pay(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<AssistanceIn>,
) -> AppResult<(StatusCode, Json<AssistanceOut>)> {
    // The exception's approver is the payment's account (approver_user_id).
    let exception = b.exception_reason.map(|reason| ExceptionInput { reason, approver: String::new() });
    let i = AidInput {
        member_id: b.member_id,
        kind: b.kind.unwrap_or_default(),
        item: b.item,
        holiday: b.holiday,
        reason: b.reason,
        amount_fen: b.amount_fen,
        goods: b.goods,
        form: b.form,
        date: b.date,
        approver_user_id: b.approver_user_id,
        delivered_by: b.delivered_by,
        surgery: b.surgery,
        account: b.account,
        exception,
        idem_key: b.idempotency_key,
        event_id: b.event_id,
        confirm_below_zero: b.confirm_below_zero.unwrap_or(false),
    };
    let a = aid::pay(&state, &p, union_id, &i).await?;
    Ok((StatusCode::CREATED, Json(aid_out(a, None))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssistanceList {
    pub items: Vec<AssistanceOut>,
    pub total_fen: i64,
}

/// 帮扶慰问记录（按年度，可按会员）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/assistance", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), YearQuery), responses((status = 200, body = AssistanceList)))]
pub async fn assistance(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> AppResult<Json<AssistanceList>> {
    let rows = aid::list(&state, union_id, q.year.unwrap_or_else(this_year), q.member_id).await?;
    let total_fen = rows.iter().map(|(a, _)| a.amount_fen).sum();
    Ok(Json(AssistanceList {
        items: rows.into_iter().map(|(a, n)| aid_out(a, Some(n))).collect(),
        total_fen,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TotalOut {
    pub year: i64,
    pub item: String,
    pub count: i64,
    pub amount_fen: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberCareOut {
    /// 各年度各项目合计
    pub totals: Vec<TotalOut>,
    /// 是否同意公示受助信息
    pub disclosure_consent: bool,
}

/// 会员历年受助合计
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/members/{member_id}/care", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("member_id" = Uuid, Path)), responses((status = 200, body = MemberCareOut)))]
pub async fn member_care(
    State(state): State<AppState>,
    Path((union_id, member_id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<MemberCareOut>> {
    let (totals, consent) = aid::member_totals(&state, union_id, member_id).await?;
    Ok(Json(MemberCareOut {
        totals: totals
            .into_iter()
            .map(|(year, item, count, amount_fen)| TotalOut { year, item, count, amount_fen })
            .collect(),
        disclosure_consent: consent,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentIn {
    pub consent: bool,
}

/// 记录会员是否同意公示其受助信息（个人信息保护法第25条）
#[utoipa::path(put, path = "/api/v1/unions/{union_id}/members/{member_id}/care-consent", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("member_id" = Uuid, Path)), request_body = ConsentIn, responses((status = 204)))]
pub async fn consent(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, member_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<ConsentIn>,
) -> AppResult<StatusCode> {
    aid::set_consent(&state, &p, union_id, member_id, b.consent).await?;
    Ok(StatusCode::NO_CONTENT)
}
