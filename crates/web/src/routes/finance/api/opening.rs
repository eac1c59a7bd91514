//! The JSON API of opening balances (期初余额); the rule is
//! `domain::finance::opening`, the use case `app::finance::opening`.

use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult, ErrorBody};
use app::finance::opening::{Opening, get, post, review, save};
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use domain::ErrorCode;
use domain::finance::ledger::Period;
use domain::finance::opening::{self, Balance};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::{ApiJson, Path};

#[derive(Debug, Serialize, ToSchema)]
pub struct OpeningLineOut {
    pub account: String,
    pub name: String,
    /// asset | liability | net_assets
    pub class: String,
    /// debit | credit（余额方向）
    pub normal_side: String,
    /// 期初余额（分），按余额方向
    pub amount_fen: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OpeningOut {
    /// 启用月份（第一个会计期间）YYYY-MM
    pub first_period: String,
    /// 期初余额凭证日期：启用月份的前一天
    pub date: NaiveDate,
    /// none（未录入）| draft | reviewed | posted
    pub status: String,
    /// 已有月份结账后锁定，不能再录入、修改、审核或记账
    pub locked: bool,
    /// 锁定期初余额的第一个结账月份
    pub locked_by_period: Option<String>,
    pub voucher_id: Option<Uuid>,
    pub maker: Option<String>,
    pub reviewer: Option<String>,
    pub poster: Option<String>,
    /// 资产类借方合计（分）
    pub debit_total_fen: i64,
    /// 负债与净资产类贷方合计（分）
    pub credit_total_fen: i64,
    pub balanced: bool,
    /// 每个资产、负债、净资产类末级科目一行，未填的为0
    pub balances: Vec<OpeningLineOut>,
}

fn out(o: &Opening) -> OpeningOut {
    let (debit, credit) = o.totals();
    let v = o.voucher.as_ref();
    OpeningOut {
        first_period: o.first_period.to_string(),
        date: opening::opening_date(o.first_period),
        status: o.status().into(),
        locked: o.locked_by.is_some(),
        locked_by_period: o.locked_by.clone(),
        voucher_id: v.map(|v| v.id),
        maker: v.map(|v| v.maker_name.clone()),
        reviewer: v.and_then(|v| v.reviewer_name.clone()),
        poster: v.and_then(|v| v.poster_name.clone()),
        debit_total_fen: debit,
        credit_total_fen: credit,
        balanced: debit == credit,
        balances: o
            .accounts
            .iter()
            .map(|a| OpeningLineOut {
                account: a.code.clone(),
                name: a.name.clone(),
                class: a.class.as_str().into(),
                normal_side: a.side.as_str().into(),
                amount_fen: o.amount(&a.code),
            })
            .collect(),
    }
}

async fn current(state: &AppState, union_id: Uuid) -> AppResult<Json<OpeningOut>> {
    Ok(Json(out(&get(state, union_id).await?)))
}

/// 期初余额：启用月份、各科目余额、审核记账状态与是否已锁定
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/opening-balances", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = OpeningOut), (status = 404, body = ErrorBody)))]
pub async fn api_get(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<OpeningOut>> {
    current(&state, union_id).await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpeningBalanceIn {
    /// 资产、负债或净资产类末级科目编码
    pub account: String,
    /// 期初余额（分），按科目余额方向，不能为负数
    pub amount_fen: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpeningIn {
    /// 启用月份 YYYY-MM（默认：最早凭证所在月份，没有凭证时为本月）；不能晚于最早的凭证
    pub first_period: Option<String>,
    /// 各科目期初余额；资产合计须等于负债与净资产合计
    pub balances: Vec<OpeningBalanceIn>,
}

/// 录入或修改期初余额（未审核前可反复修改；已审核、已记账或已结账后 409）
#[utoipa::path(put, path = "/api/v1/unions/{union_id}/opening-balances", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = OpeningIn,
    responses((status = 200, body = OpeningOut),
        (status = 409, description = "已锁定（opening_locked）、已记账（voucher_posted）或已审核（voucher_state）", body = ErrorBody),
        (status = 422, description = "借贷不平衡（voucher_unbalanced）、科目或金额不正确", body = ErrorBody)))]
pub async fn api_put(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<OpeningIn>,
) -> AppResult<Json<OpeningOut>> {
    let first = match b.first_period.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(Period::parse(s).ok_or_else(|| {
            AppError::field(ErrorCode::InvalidValue, "first_period", "启用月份应如2026-01")
        })?),
        None => None,
    };
    let balances: Vec<Balance> =
        b.balances.into_iter().map(|l| Balance { account: l.account, amount_fen: l.amount_fen }).collect();
    save(&state, &p, union_id, first, &balances).await?;
    current(&state, union_id).await
}

/// 审核期初余额（审核人不能是录入人）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/opening-balances/review", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)),
    responses((status = 200, body = OpeningOut), (status = 422, description = "same_reviewer", body = ErrorBody),
        (status = 409, description = "未录入或状态不对（voucher_state）、已锁定（opening_locked）", body = ErrorBody)))]
pub async fn api_review(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<OpeningOut>> {
    review(&state, &p, union_id, true).await?;
    current(&state, union_id).await
}

/// 退回已审核的期初余额，以便修改
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/opening-balances/unreview", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)),
    responses((status = 200, body = OpeningOut), (status = 409, body = ErrorBody)))]
pub async fn api_unreview(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<OpeningOut>> {
    review(&state, &p, union_id, false).await?;
    current(&state, union_id).await
}

/// 期初余额记账（须先审核；三人分设时记账人不能是录入人或审核人）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/opening-balances/post", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)),
    responses((status = 200, body = OpeningOut), (status = 422, description = "same_reviewer", body = ErrorBody),
        (status = 409, description = "未审核（voucher_state）、已锁定（opening_locked）、已记账（voucher_posted）", body = ErrorBody)))]
pub async fn api_post(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<OpeningOut>> {
    post(&state, &p, union_id).await?;
    current(&state, union_id).await
}
