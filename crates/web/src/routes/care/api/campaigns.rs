//! Campaigns and festival distributions: list, recipients, approval, payment.

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use domain::care::campaign::Filter;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Query};
use app::AppState;
use app::auth::Principal;
use app::care::aid::{self, CampaignInput};
use app::error::{AppResult, ErrorBody};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignIn {
    /// warmth（送温暖）| cooling（夏送清凉）| schooling（金秋助学）| jobs（春送岗位）| festival（节日慰问）| birthday（生日慰问）
    pub kind: String,
    pub title: String,
    /// 节日慰问：new_year | spring_festival | qingming | labour_day | dragon_boat | mid_autumn | national_day
    pub holiday: Option<String>,
    /// cash | goods | named_goods_voucher | cake_voucher
    pub form: Option<String>,
    /// 每人标准（分）
    pub amount_fen: Option<i64>,
    pub goods: Option<String>,
    pub account: Option<String>,
    pub pay_date: Option<NaiveDate>,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub filter: Filter,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignOut {
    pub id: Uuid,
    pub kind: String,
    pub title: String,
    pub year: i64,
    pub holiday: Option<String>,
    pub form: String,
    pub amount_fen: i64,
    pub goods: Option<String>,
    pub account: Option<String>,
    pub pay_date: NaiveDate,
    /// draft | reviewed | paid
    pub status: String,
    pub voucher_id: Option<Uuid>,
    pub reviewed_by: Option<String>,
    pub paid_by: Option<String>,
    pub recipients: Option<Vec<RecipientOut>>,
    pub recipient_count: usize,
    pub total_fen: i64,
    /// 合计金额大写
    pub total_in_words: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecipientOut {
    pub member_id: Uuid,
    pub name: String,
    pub amount_fen: i64,
}

fn campaign_out(c: app::care::Campaign, r: Option<Vec<app::care::Recipient>>, count: usize) -> CampaignOut {
    let total_fen = r.as_ref().map_or(c.amount_fen * count as i64, |r| r.iter().map(|x| x.amount_fen).sum());
    let recipient_count = r.as_ref().map_or(count, Vec::len);
    CampaignOut {
        id: c.id,
        kind: c.kind,
        title: c.title,
        year: c.year,
        holiday: c.holiday,
        form: c.form,
        amount_fen: c.amount_fen,
        goods: c.goods,
        account: c.account,
        pay_date: c.pay_date,
        status: c.status,
        voucher_id: c.voucher_id,
        reviewed_by: c.reviewed_by,
        paid_by: c.paid_by,
        recipients: r.map(|r| {
            r.into_iter()
                .map(|x| RecipientOut { member_id: x.member_id, name: x.name, amount_fen: x.amount_fen })
                .collect()
        }),
        recipient_count,
        total_fen,
        total_in_words: domain::finance::money::in_words(total_fen),
    }
}

pub fn campaign_input(b: CampaignIn) -> CampaignInput {
    CampaignInput {
        kind: b.kind,
        title: b.title,
        holiday: b.holiday,
        form: b.form.unwrap_or_default(),
        amount_fen: b.amount_fen.unwrap_or(0),
        goods: b.goods,
        account: b.account,
        pay_date: b.pay_date,
        filter: b.filter,
    }
}

/// 新建活动并按条件生成名单（送温暖、金秋助学、节日慰问……）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/campaigns", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = CampaignIn,
    responses((status = 201, body = CampaignOut), (status = 422, description = "节日、形式、限额不符合规定", body = ErrorBody)))]
pub async fn create_campaign(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<CampaignIn>,
) -> AppResult<(StatusCode, Json<CampaignOut>)> {
    let (c, n) = aid::create_campaign(&state, &p, union_id, &campaign_input(b)).await?;
    Ok((StatusCode::CREATED, Json(campaign_out(c, None, n))))
}

/// 活动列表
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/campaigns", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = [CampaignOut])))]
pub async fn campaigns(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<Vec<CampaignOut>>> {
    Ok(Json(aid::campaigns(&state, union_id).await?.into_iter().map(|c| campaign_out(c, None, 0)).collect()))
}

/// 活动详情与名单
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/campaigns/{campaign_id}", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("campaign_id" = Uuid, Path)), responses((status = 200, body = CampaignOut), (status = 404, body = ErrorBody)))]
pub async fn campaign(
    State(state): State<AppState>,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<CampaignOut>> {
    let (c, r) = aid::campaign(&state, union_id, id).await?;
    Ok(Json(campaign_out(c, Some(r), 0)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecipientIn {
    /// 新金额（分）；不填则从名单中移除
    pub amount_fen: Option<i64>,
}

/// 审核名单：调整某人金额或移除（仅草稿）
#[utoipa::path(patch, path = "/api/v1/unions/{union_id}/campaigns/{campaign_id}/recipients/{member_id}", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("campaign_id" = Uuid, Path), ("member_id" = Uuid, Path)), request_body = RecipientIn,
    responses((status = 204), (status = 409, body = ErrorBody)))]
pub async fn edit_recipient(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id, member_id)): Path<(Uuid, Uuid, Uuid)>,
    ApiJson(b): ApiJson<RecipientIn>,
) -> AppResult<StatusCode> {
    aid::edit_recipient(&state, &p, union_id, id, member_id, b.amount_fen).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 名单审核通过
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/campaigns/{campaign_id}/approve", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("campaign_id" = Uuid, Path)), responses((status = 200, body = CampaignOut), (status = 409, body = ErrorBody)))]
pub async fn approve_campaign(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<CampaignOut>> {
    let c = aid::approve_campaign(&state, &p, union_id, id).await?;
    let (c, r) = aid::campaign(&state, union_id, c.id).await?;
    Ok(Json(campaign_out(c, Some(r), 0)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConfirmQuery {
    /// 付款后库存现金或银行存款余额将低于零时，true 表示已知悉并仍要发放（否则 409 below_zero）
    pub confirm_below_zero: Option<bool>,
}

/// 发放：逐人核对经费规定，生成一张凭证（附签收表）；重复发放 409；付款后现金或银行存款低于零时 409 below_zero，须加 confirm_below_zero=true
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/campaigns/{campaign_id}/pay", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("campaign_id" = Uuid, Path), ConfirmQuery),
    responses((status = 200, body = CampaignOut), (status = 409, description = "已发放，或付款后余额低于零（below_zero）", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn pay_campaign(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    Query(q): Query<ConfirmQuery>,
) -> AppResult<Json<CampaignOut>> {
    let confirm = q.confirm_below_zero.unwrap_or(false);
    let (c, n) = aid::pay_campaign(&state, &p, union_id, id, confirm).await?;
    let (c2, r) = aid::campaign(&state, union_id, c.id).await?;
    let _ = n;
    Ok(Json(campaign_out(c2, Some(r), 0)))
}
