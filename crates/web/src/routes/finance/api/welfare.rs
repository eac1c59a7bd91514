//! `/api/v1` for welfare payments (慰问、福利) and their approvers.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{YearQuery, year_or_now};
use crate::extract::{ApiJson, Path, Query};
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::finance::{service, welfare};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentIn {
    pub member_id: Uuid,
    /// festival | birthday | marriage | childbirth | hospital | death_member | death_relative | retirement | outing | contest_prize | uniform
    pub item: String,
    pub amount_fen: i64,
    /// cash | shopping_card | cash_voucher | goods | named_goods_voucher | cake_voucher
    pub form: String,
    pub date: Option<NaiveDate>,
    /// new_year | spring_festival | qingming | labour_day | dragon_boat | mid_autumn | national_day
    pub holiday: Option<String>,
    pub surgery: Option<bool>,
    pub winners: Option<u32>,
    pub entrants: Option<u32>,
    /// 记录发放时：支出科目（默认按项目）
    pub account: Option<String>,
    /// 记录发放时：政策允许例外时的原因；例外的批准人即 approver_user_id 所选账号
    pub exception_reason: Option<String>,
    /// 已停用：手填的批准人姓名不再使用（例外的批准人即 approver_user_id）
    pub exception_approver: Option<String>,
    /// 记录发放时：幂等键，重复提交只记一次
    pub idempotency_key: Option<String>,
    /// 记录发放时：批准人账号（本会主席或财务负责人，不能是经办人本人）
    pub approver_user_id: Option<Uuid>,
    /// 记录发放时：付款后库存现金或银行存款余额将低于零时，true 表示已知悉并仍要发放（否则 409 below_zero）
    pub confirm_below_zero: Option<bool>,
}

impl PaymentIn {
    pub(super) fn input(&self) -> welfare::PaymentInput {
        welfare::PaymentInput {
            member_id: self.member_id,
            item: self.item.clone(),
            amount_fen: self.amount_fen,
            form: self.form.clone(),
            date: self.date.or_else(|| Some(service::today())),
            holiday: self.holiday.clone(),
            surgery: self.surgery.unwrap_or(false),
            winners: self.winners,
            entrants: self.entrants,
            approver_user_id: self.approver_user_id,
            confirm_below_zero: self.confirm_below_zero.unwrap_or(false),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WelfareOut {
    pub id: Uuid,
    pub member_id: Uuid,
    pub member_name: Option<String>,
    pub item: String,
    pub holiday: Option<String>,
    pub form: String,
    pub amount_fen: i64,
    pub date: NaiveDate,
    pub account: String,
    pub voucher_id: Uuid,
    /// 政策例外记录
    pub exception_id: Option<Uuid>,
    pub rule: Option<String>,
    /// 批准人（凭证审核人）；仅列表返回
    pub approver_name: Option<String>,
}

fn welfare_out(w: app::finance::Welfare, name: Option<String>, rule: Option<String>) -> WelfareOut {
    WelfareOut {
        id: w.id,
        member_id: w.member_id,
        member_name: name,
        item: w.item,
        holiday: w.holiday,
        form: w.form,
        amount_fen: w.amount_fen,
        date: w.date,
        account: w.account,
        voucher_id: w.voucher_id,
        exception_id: w.exception_id,
        rule,
        approver_name: None,
    }
}

/// 发放慰问、福利（先按政策检查，再记录并自动记账）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/welfare", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = PaymentIn,
    responses((status = 201, body = WelfareOut), (status = 422, description = "policy_refused：规则与数字", body = ErrorBody)))]
pub async fn pay_welfare(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<PaymentIn>,
) -> AppResult<(StatusCode, Json<WelfareOut>)> {
    let exception = welfare::ExceptionInput {
        reason: b.exception_reason.clone().unwrap_or_default(),
        approver: b.exception_approver.clone().unwrap_or_default(),
    };
    let (w, v) = welfare::record_payment(
        &state,
        &p,
        union_id,
        &b.input(),
        b.account.as_deref(),
        Some(&exception),
        b.idempotency_key.as_deref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(welfare_out(w, None, Some(v.rule)))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApproverOut {
    pub id: Uuid,
    pub name: String,
}

/// 可选的批准人：本会主席或财务负责人的账号（发放时填 approver_user_id）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/payment-approvers", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = [ApproverOut])))]
pub async fn payment_approvers(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<Vec<ApproverOut>>> {
    let list = service::approvers(&state, union_id).await?;
    Ok(Json(list.into_iter().map(|a| ApproverOut { id: a.id, name: a.name }).collect()))
}

/// 本年慰问、福利发放记录
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/welfare", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), YearQuery), responses((status = 200, body = [WelfareOut])))]
pub async fn welfare_list(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> AppResult<Json<Vec<WelfareOut>>> {
    let rows = welfare::payments(&state, union_id, year_or_now(q.year)).await?;
    Ok(Json(
        rows.into_iter()
            .map(|(w, n, a)| WelfareOut { approver_name: a, ..welfare_out(w, Some(n), None) })
            .collect(),
    ))
}
