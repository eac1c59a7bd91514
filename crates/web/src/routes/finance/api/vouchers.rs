//! `/api/v1` for the chart of accounts and vouchers: make, edit, review,
//! post, reverse, post a month in one go, attach files.

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use domain::ErrorCode;
use domain::finance::ledger::{Line, Period};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Path, Query, parse_json};
use crate::kit::file_field;
use app::AppState;
use app::Page;
use app::auth::Principal;
use app::error::{AppError, AppResult, ErrorBody};
use app::finance::{Voucher, VoucherFilter, dues, service};

#[derive(Debug, Serialize, ToSchema)]
pub struct AccountOut {
    pub code: String,
    pub name: String,
    /// asset | liability | net_assets | income | expenditure
    pub class: String,
    /// debit | credit（余额方向）
    pub normal_side: String,
    pub level: usize,
    /// 可以记账（末级科目）
    pub postable: bool,
}

/// 会计科目表（含本会增设的明细科目）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/accounts", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = [AccountOut])))]
pub async fn accounts(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<Vec<AccountOut>>> {
    let chart = service::accounts(&state, union_id).await?;
    Ok(Json(
        chart
            .iter()
            .map(|a| AccountOut {
                code: a.code.clone(),
                name: a.name.clone(),
                class: a.class.as_str().into(),
                normal_side: a.side.as_str().into(),
                level: (a.code.len() - 4) / 2 + 1,
                postable: domain::finance::chart::is_leaf(&chart, &a.code),
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountIn {
    /// 上级科目编码
    pub parent: String,
    /// 上级编码加两位，如 510106
    pub code: String,
    pub name: String,
}

/// 增设明细科目
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/accounts", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = AccountIn,
    responses((status = 201, body = AccountOut), (status = 422, body = ErrorBody)))]
pub async fn add_account(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<AccountIn>,
) -> AppResult<(StatusCode, Json<AccountOut>)> {
    let a = service::add_account(&state, &p, union_id, &b.parent, &b.code, &b.name).await?;
    let level = (a.code.len() - 4) / 2 + 1;
    Ok((
        StatusCode::CREATED,
        Json(AccountOut {
            code: a.code,
            name: a.name,
            class: a.class.as_str().into(),
            normal_side: a.side.as_str().into(),
            level,
            postable: true,
        }),
    ))
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LineIn {
    /// 科目编码（末级科目）
    pub account: String,
    pub summary: Option<String>,
    /// 借方金额（分）；红字为负数
    pub debit_fen: Option<i64>,
    /// 贷方金额（分）
    pub credit_fen: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoucherIn {
    pub date: Option<NaiveDate>,
    pub summary: Option<String>,
    /// 附件张数
    pub attachments: Option<i64>,
    pub lines: Option<Vec<LineIn>>,
    /// 付款后库存现金或银行存款余额将低于零时，true 表示已知悉并仍要制单（否则 409 below_zero）
    pub confirm_below_zero: Option<bool>,
}

impl VoucherIn {
    fn input(&self) -> service::VoucherInput {
        service::VoucherInput {
            date: self.date,
            summary: self.summary.clone().unwrap_or_default(),
            attachments: self.attachments.unwrap_or(0),
            lines: self
                .lines
                .iter()
                .flatten()
                .map(|l| Line {
                    account: l.account.clone(),
                    summary: l.summary.clone().unwrap_or_default(),
                    debit_fen: l.debit_fen.unwrap_or(0),
                    credit_fen: l.credit_fen.unwrap_or(0),
                })
                .collect(),
            confirm_below_zero: self.confirm_below_zero.unwrap_or(false),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VoucherOut {
    pub id: Uuid,
    pub union_id: Uuid,
    /// YYYY-MM
    pub period: String,
    /// 记字号，记账时按月连续编号
    pub number: Option<i64>,
    pub date: NaiveDate,
    pub summary: String,
    pub attachments: i64,
    /// draft | reviewed | posted
    pub status: String,
    /// manual | reversal | dues | fund | welfare | opening | activity
    pub kind: String,
    pub total_fen: i64,
    /// 合计金额大写
    pub total_in_words: String,
    pub maker: String,
    pub reviewer: Option<String>,
    pub poster: Option<String>,
    pub made_at: DateTime<Utc>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub posted_at: Option<DateTime<Utc>>,
    /// 被冲销的原凭证
    pub reverses: Option<Uuid>,
    /// 冲销本凭证的凭证
    pub reversed_by: Option<Uuid>,
    pub hash: Option<String>,
    pub lines: Vec<LineIn>,
    /// 记账时的预算提醒
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

fn out(v: &Voucher, lines: &[Line], reversed_by: Option<Uuid>) -> VoucherOut {
    VoucherOut {
        id: v.id,
        union_id: v.union_id,
        period: v.period.clone(),
        number: v.number,
        date: v.date,
        summary: v.summary.clone(),
        attachments: v.attachments,
        status: v.status.clone(),
        kind: v.kind.clone(),
        total_fen: v.total_fen,
        total_in_words: domain::finance::money::in_words(v.total_fen),
        maker: v.maker_name.clone(),
        reviewer: v.reviewer_name.clone(),
        poster: v.poster_name.clone(),
        made_at: v.made_at,
        reviewed_at: v.reviewed_at,
        posted_at: v.posted_at,
        reverses: v.reverses,
        reversed_by,
        hash: v.hash.clone(),
        lines: lines
            .iter()
            .map(|l| LineIn {
                account: l.account.clone(),
                summary: Some(l.summary.clone()),
                debit_fen: Some(l.debit_fen),
                credit_fen: Some(l.credit_fen),
            })
            .collect(),
        warnings: Vec::new(),
    }
}

async fn full(state: &AppState, union_id: Uuid, id: Uuid) -> AppResult<VoucherOut> {
    let v = service::voucher(state, union_id, id).await?;
    Ok(out(&v.voucher, &v.lines, v.reversed_by.map(|r| r.id)))
}

/// 制单：新建记账凭证（草稿）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/vouchers", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = VoucherIn,
    responses((status = 201, body = VoucherOut), (status = 422, description = "借贷不平衡（voucher_unbalanced）等", body = ErrorBody), (status = 409, description = "月份已结账", body = ErrorBody)))]
pub async fn create_voucher(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<VoucherIn>,
) -> AppResult<(StatusCode, Json<VoucherOut>)> {
    let v = service::create_voucher(&state, &p, union_id, &b.input()).await?;
    Ok((StatusCode::CREATED, Json(full(&state, union_id, v.id).await?)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VoucherQuery {
    /// YYYY-MM
    pub period: Option<String>,
    /// draft | reviewed | posted
    pub status: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VoucherPage {
    pub items: Vec<VoucherOut>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

pub fn voucher_filter(q: &VoucherQuery) -> AppResult<VoucherFilter> {
    let period = match q.period.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => Some(
            Period::parse(p)
                .ok_or_else(|| AppError::field(ErrorCode::InvalidQuery, "period", "月份应如2026-11"))?
                .to_string(),
        ),
        None => None,
    };
    let status = match q.status.as_deref().filter(|s| !s.is_empty()) {
        Some(s @ ("draft" | "reviewed" | "posted")) => Some(s.to_owned()),
        Some(_) => {
            return Err(AppError::field(
                ErrorCode::InvalidQuery,
                "status",
                "状态只能是 draft、reviewed 或 posted",
            ));
        }
        None => None,
    };
    Ok(VoucherFilter { period, status })
}

/// 凭证列表
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/vouchers", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), VoucherQuery), responses((status = 200, body = VoucherPage)))]
pub async fn vouchers(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<VoucherQuery>,
) -> AppResult<Json<VoucherPage>> {
    let page = Page::new(q.page, q.per_page);
    let (rows, total) = service::list(&state, union_id, &voucher_filter(&q)?, page).await?;
    Ok(Json(VoucherPage {
        items: rows.iter().map(|v| out(v, &[], None)).collect(),
        total,
        page: page.number,
        per_page: page.size,
    }))
}

/// 凭证详情
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/vouchers/{voucher_id}", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("voucher_id" = Uuid, Path)), responses((status = 200, body = VoucherOut), (status = 404, body = ErrorBody)))]
pub async fn voucher(
    State(state): State<AppState>,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<VoucherOut>> {
    Ok(Json(full(&state, union_id, id).await?))
}

/// 修改草稿凭证（已记账凭证 409，须红字冲销）
#[utoipa::path(patch, path = "/api/v1/unions/{union_id}/vouchers/{voucher_id}", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("voucher_id" = Uuid, Path)), request_body = VoucherIn,
    responses((status = 200, body = VoucherOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_voucher(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<VoucherIn>,
) -> AppResult<Json<VoucherOut>> {
    service::update_voucher(&state, &p, union_id, id, &b.input()).await?;
    Ok(Json(full(&state, union_id, id).await?))
}

/// 删除未记账凭证（已记账凭证 409）
#[utoipa::path(delete, path = "/api/v1/unions/{union_id}/vouchers/{voucher_id}", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("voucher_id" = Uuid, Path)), responses((status = 204), (status = 409, body = ErrorBody)))]
pub async fn delete_voucher(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> AppResult<StatusCode> {
    service::delete_voucher(&state, &p, union_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 审核（审核人不能是制单人）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/vouchers/{voucher_id}/review", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("voucher_id" = Uuid, Path)), responses((status = 200, body = VoucherOut), (status = 422, description = "same_reviewer", body = ErrorBody),
        (status = 409, description = "凭证当前状态不能审核（voucher_state）", body = ErrorBody)))]
pub async fn review(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<VoucherOut>> {
    service::review(&state, &p, union_id, id, true).await?;
    Ok(Json(full(&state, union_id, id).await?))
}

/// 退回已审核凭证为草稿
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/vouchers/{voucher_id}/unreview", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("voucher_id" = Uuid, Path)), responses((status = 200, body = VoucherOut), (status = 409, body = ErrorBody)))]
pub async fn unreview(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<VoucherOut>> {
    service::review(&state, &p, union_id, id, false).await?;
    Ok(Json(full(&state, union_id, id).await?))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostIn {
    /// 超预算时必填：原因与批准人
    pub override_reason: Option<String>,
    /// 已停用：手填的批准人姓名不再接受，请用 override_approver_user_id
    pub override_approver: Option<String>,
    /// 超预算时必填：批准人账号（见 payment-approvers），不能是制单人或记账人本人
    pub override_approver_user_id: Option<Uuid>,
    /// 付款后库存现金或银行存款余额将低于零时，true 表示已知悉并仍要记账（否则 409 below_zero）
    pub confirm_below_zero: Option<bool>,
}

/// 记账（编号、入哈希链；超预算须原因和批准人）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/vouchers/{voucher_id}/post", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("voucher_id" = Uuid, Path)), request_body(content = Option<PostIn>),
    responses((status = 200, body = VoucherOut), (status = 409, body = ErrorBody), (status = 422, description = "budget_exceeded", body = ErrorBody)))]
pub async fn post(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    body: axum::body::Bytes,
) -> AppResult<Json<VoucherOut>> {
    // The body is optional: only spending past a budget line needs one.
    let b: PostIn =
        if body.iter().all(u8::is_ascii_whitespace) { PostIn::default() } else { parse_json(&body)? };
    let over = service::Override {
        reason: b.override_reason.unwrap_or_default(),
        approver_user_id: b.override_approver_user_id,
        confirm_below_zero: b.confirm_below_zero.unwrap_or(false),
    };
    let (_, warnings) = service::post(&state, &p, union_id, id, Some(&over)).await?;
    let mut o = full(&state, union_id, id).await?;
    o.warnings = warnings;
    Ok(Json(o))
}

/// 红字冲销：生成与原凭证金额相反、相互关联的冲销凭证（草稿，经审核后记账）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/vouchers/{voucher_id}/reverse", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("voucher_id" = Uuid, Path)), responses((status = 200, body = VoucherOut), (status = 409, body = ErrorBody)))]
pub async fn reverse(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<VoucherOut>> {
    let v = service::reverse(&state, &p, union_id, id).await?;
    Ok(Json(full(&state, union_id, v.id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchIn {
    /// YYYY-MM
    pub period: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BatchOut {
    pub posted: usize,
}

/// 批量记账：本月全部已审核凭证
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/vouchers/post-batch", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = BatchIn, responses((status = 200, body = BatchOut)))]
pub async fn post_batch(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<BatchIn>,
) -> AppResult<Json<BatchOut>> {
    let period = dues::parse_month("period", &b.period)?;
    Ok(Json(BatchOut { posted: service::post_batch(&state, &p, union_id, period).await? }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentOut {
    pub id: Uuid,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
}

/// 上传凭证附件（multipart 字段 file，记录 SHA-256）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/vouchers/{voucher_id}/attachments", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("voucher_id" = Uuid, Path)),
    request_body(content_type = "multipart/form-data", description = "字段 file"),
    responses((status = 201, body = AttachmentOut), (status = 409, body = ErrorBody)))]
pub async fn attach(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    mp: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, Json<AttachmentOut>)> {
    let (name, content_type, bytes) = file_field(mp).await?;
    let a = service::attach(&state, &p, union_id, id, &name, &content_type, &bytes).await?;
    Ok((
        StatusCode::CREATED,
        Json(AttachmentOut { id: a.id, file_name: a.file_name, size: a.size, sha256: a.sha256 }),
    ))
}
