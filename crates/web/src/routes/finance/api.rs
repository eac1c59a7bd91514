//! `/api/v1` for finance: accounts, vouchers, periods, reports, budget,
//! dues, funds, the spending policy, welfare payments, statements and the
//! audit workspace. Amounts are integers in fen.

use crate::extract::Path;
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use domain::ErrorCode;
use domain::finance::ledger::{Line, Period, TrialBalance};
use serde::{Deserialize, Serialize};
use store::Page;
use store::finance::{Voucher, VoucherFilter};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Query, parse_json};
use crate::kit::file_field;
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult, ErrorBody};
use app::finance::oversight::{PublishedStatement, StatementContent};
use app::finance::{dues, oversight, reports, service, welfare};

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
    /// manual | reversal | dues | fund | welfare
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


#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodEventOut {
    pub period: String,
    /// close | reopen
    pub action: String,
    pub reason: Option<String>,
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodsOut {
    pub closed: Vec<String>,
    pub events: Vec<PeriodEventOut>,
}

fn events_out(events: Vec<store::finance::PeriodEvent>) -> Vec<PeriodEventOut> {
    events
        .into_iter()
        .map(|e| PeriodEventOut {
            period: e.period,
            action: e.action,
            reason: e.reason,
            actor: e.actor_name,
            at: e.at,
        })
        .collect()
}

/// 已结账月份与结账、反结账记录
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/periods", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = PeriodsOut)))]
pub async fn periods(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<PeriodsOut>> {
    let (closed, events) = service::periods(&state, union_id).await?;
    Ok(Json(PeriodsOut { closed, events: events_out(events) }))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonIn {
    pub reason: Option<String>,
}

/// 结账
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/periods/{period}/close", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("period" = String, Path, description = "YYYY-MM")), responses((status = 204), (status = 409, body = ErrorBody)))]
pub async fn close_period(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, period)): Path<(Uuid, String)>,
) -> AppResult<StatusCode> {
    let period = dues::parse_month("period", &period)?;
    service::set_period(&state, &p, union_id, period, true, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 反结账（仅工会主席，须填写原因）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/periods/{period}/reopen", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("period" = String, Path, description = "YYYY-MM")), request_body = ReasonIn,
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn reopen_period(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, period)): Path<(Uuid, String)>,
    ApiJson(b): ApiJson<ReasonIn>,
) -> AppResult<StatusCode> {
    let period = dues::parse_month("period", &period)?;
    service::set_period(&state, &p, union_id, period, false, b.reason.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SpanQuery {
    /// 2026-11（月）、2026-Q4（季度）或 2026（年度）；默认本月
    pub period: Option<String>,
    /// 明细账的科目编码
    pub account: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrialRowOut {
    pub code: String,
    pub name: String,
    /// asset | liability | net_assets | income | expenditure
    pub class: String,
    pub normal_side: String,
    pub level: usize,
    pub opening_fen: i64,
    pub debit_fen: i64,
    pub credit_fen: i64,
    pub closing_fen: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrialBalanceOut {
    pub period: String,
    pub debit_total_fen: i64,
    pub credit_total_fen: i64,
    pub opening_debit_fen: i64,
    pub opening_credit_fen: i64,
    pub closing_debit_fen: i64,
    pub closing_credit_fen: i64,
    pub balanced: bool,
    pub rows: Vec<TrialRowOut>,
}

pub fn trial_out(label: String, tb: &TrialBalance) -> TrialBalanceOut {
    TrialBalanceOut {
        period: label,
        debit_total_fen: tb.debit_total_fen,
        credit_total_fen: tb.credit_total_fen,
        opening_debit_fen: tb.opening_debit_fen,
        opening_credit_fen: tb.opening_credit_fen,
        closing_debit_fen: tb.closing_debit_fen,
        closing_credit_fen: tb.closing_credit_fen,
        balanced: tb.balanced,
        rows: tb
            .rows
            .iter()
            .map(|r| TrialRowOut {
                code: r.code.clone(),
                name: r.name.clone(),
                class: r.class.as_str().into(),
                normal_side: r.side.as_str().into(),
                level: r.level,
                opening_fen: r.opening_fen,
                debit_fen: r.debit_fen,
                credit_fen: r.credit_fen,
                closing_fen: r.closing_fen,
            })
            .collect(),
    }
}

/// 试算平衡表
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/reports/trial-balance", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), SpanQuery), responses((status = 200, body = TrialBalanceOut), (status = 400, body = ErrorBody)))]
pub async fn trial_balance(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<SpanQuery>,
) -> AppResult<Json<TrialBalanceOut>> {
    let span = reports::parse_span(q.period.as_deref())?;
    let tb = reports::trial_balance(&state, union_id, span).await?;
    Ok(Json(trial_out(span.label(), &tb)))
}

/// 资产负债表（期末数与年初数）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/reports/balance-sheet", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), SpanQuery), responses((status = 200, description = "assets / liabilities / net_assets 各行 first_fen 年初数、second_fen 期末数；balanced 为资产=负债+净资产")))]
pub async fn balance_sheet(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<SpanQuery>,
) -> AppResult<Response> {
    let span = reports::parse_span(q.period.as_deref())?;
    Ok(Json(reports::balance_sheet(&state, union_id, span).await?).into_response())
}

/// 收入支出表（本期数与本年累计数）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/reports/income-statement", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), SpanQuery), responses((status = 200, description = "income / expenditure 各行 first_fen 本期数、second_fen 本年累计数；surplus 收支结余")))]
pub async fn income_statement(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<SpanQuery>,
) -> AppResult<Response> {
    let span = reports::parse_span(q.period.as_deref())?;
    Ok(Json(reports::income_statement(&state, union_id, span).await?).into_response())
}

/// 总账（一级科目逐月发生额与余额）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/reports/general-ledger", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), SpanQuery), responses((status = 200, description = "accounts[]：code, name, opening_fen, months[]")))]
pub async fn general_ledger(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<SpanQuery>,
) -> AppResult<Response> {
    let span = reports::parse_span(q.period.as_deref())?;
    Ok(Json(reports::general_ledger(&state, union_id, span).await?).into_response())
}

/// 明细账（account 必填）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/reports/detail-ledger", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), SpanQuery), responses((status = 200, description = "opening_fen, rows[]（日期、凭证号、摘要、借、贷、余额）, closing_fen")))]
pub async fn detail_ledger(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<SpanQuery>,
) -> AppResult<Response> {
    let span = reports::parse_span(q.period.as_deref())?;
    let account = q
        .account
        .as_deref()
        .filter(|a| !a.is_empty())
        .ok_or_else(|| AppError::field(ErrorCode::InvalidQuery, "account", "请指定明细账的科目编码"))?;
    Ok(Json(reports::detail_ledger(&state, union_id, account, span).await?).into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    pub year: Option<i32>,
}

fn year_or_now(y: Option<i32>) -> i32 {
    y.unwrap_or_else(|| chrono::Datelike::year(&service::today()))
}

/// 预算执行
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/reports/budget", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), YearQuery), responses((status = 200, description = "[{account, name, budget_fen, actual_fen, remaining_fen, used_permille, state: ok|warning|exceeded}]")))]
pub async fn budget_execution(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    Ok(Json(reports::budget_execution(&state, union_id, year_or_now(q.year)).await?).into_response())
}

/// 上级工会汇总：所辖全部基层工会的试算平衡表、资产负债表、收入支出表
#[utoipa::path(get, path = "/api/v1/orgs/{org_id}/finance/rollup", tag = "finance", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), SpanQuery), responses((status = 200, description = "trial_balance, balance_sheet, income_statement")))]
pub async fn rollup(
    State(state): State<AppState>,
    Path(org_id): Path<Uuid>,
    Query(q): Query<SpanQuery>,
) -> AppResult<Response> {
    let span = reports::parse_span(q.period.as_deref())?;
    Ok(Json(reports::rollup(&state, org_id, span).await?).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetIn {
    pub lines: Vec<BudgetLineIn>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetLineIn {
    /// 支出类科目编码
    pub account: String,
    pub amount_fen: i64,
}

/// 编制年度预算（按支出科目）
#[utoipa::path(put, path = "/api/v1/unions/{union_id}/budget/{year}", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("year" = i32, Path)), request_body = BudgetIn, responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn set_budget(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, year)): Path<(Uuid, i32)>,
    ApiJson(b): ApiJson<BudgetIn>,
) -> AppResult<StatusCode> {
    let lines: Vec<(String, i64)> = b.lines.into_iter().map(|l| (l.account, l.amount_fen)).collect();
    reports::set_budget(&state, &p, union_id, year, &lines).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthIn {
    /// YYYY-MM
    pub month: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BillsOut {
    /// 本次新生成的账单数
    pub count: i64,
    /// 当月应收合计（分）
    pub total_fen: i64,
    /// 当月账单总数
    pub month_count: i64,
    /// 未设会费基数的在籍会员数
    pub without_base: i64,
    /// 会费基数不足10元（不计会费、没有账单）的在籍会员数
    pub base_under_min: i64,
}

/// 生成当月会费账单（按会费基数：不足10元部分不计，0.5%；保留会籍免缴；重复生成不会重复计费）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/dues/bills", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = MonthIn, responses((status = 200, body = BillsOut)))]
pub async fn dues_bills(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<MonthIn>,
) -> AppResult<Json<BillsOut>> {
    let month = dues::parse_month("month", &b.month)?;
    let r = dues::generate_bills(&state, &p, union_id, month).await?;
    Ok(Json(BillsOut {
        count: r.count,
        total_fen: r.total_fen,
        month_count: r.month_count,
        without_base: r.without_base,
        base_under_min: r.base_under_min,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DuesSummaryOut {
    pub month: String,
    pub billed: i64,
    pub billed_fen: i64,
    pub paid: i64,
    pub paid_fen: i64,
}

/// 当月会费收缴情况
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/dues/{month}", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("month" = String, Path)), responses((status = 200, body = DuesSummaryOut)))]
pub async fn dues_summary(
    State(state): State<AppState>,
    Path((union_id, month)): Path<(Uuid, String)>,
) -> AppResult<Json<DuesSummaryOut>> {
    let m = dues::parse_month("month", &month)?;
    let s = dues::summary(&state, union_id, m).await?;
    Ok(Json(DuesSummaryOut {
        month: m.to_string(),
        billed: s.billed,
        billed_fen: s.billed_fen,
        paid: s.paid,
        paid_fen: s.paid_fen,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CollectIn {
    pub month: String,
    /// 省略则收缴当月全部未缴账单（工资代扣）
    pub member_id: Option<Uuid>,
    /// payroll（工资代扣，默认）| transfer | cash
    pub method: Option<String>,
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CollectOut {
    pub count: i64,
    pub total_fen: i64,
    /// 自动生成并记账的凭证
    pub voucher_id: Option<Uuid>,
}

/// 收缴会费（自动记账：借 银行存款/库存现金，贷 会费收入）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/dues/collect", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = CollectIn, responses((status = 200, body = CollectOut), (status = 409, description = "already_paid", body = ErrorBody)))]
pub async fn dues_collect(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<CollectIn>,
) -> AppResult<Json<CollectOut>> {
    let month = dues::parse_month("month", &b.month)?;
    let method = b.method.as_deref().unwrap_or("payroll");
    let c = dues::collect(&state, &p, union_id, month, b.member_id, method, b.date).await?;
    Ok(Json(CollectOut { count: c.count, total_fen: c.total_fen, voucher_id: c.voucher_id }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ArrearsOut {
    pub member_id: Uuid,
    pub name: String,
    pub months: i64,
    pub amount_fen: i64,
    pub first_month: String,
    pub last_month: String,
    /// 连续6个月未交，待核查
    pub dues_review: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ArrearsPage {
    pub items: Vec<ArrearsOut>,
    pub total: i64,
}

/// 欠缴会费名单
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/dues-arrears", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), PageQuery), responses((status = 200, body = ArrearsPage)))]
pub async fn arrears(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<PageQuery>,
) -> AppResult<Json<ArrearsPage>> {
    let (rows, total) = dues::arrears(&state, union_id, Page::new(q.page, q.per_page)).await?;
    Ok(Json(ArrearsPage {
        items: rows
            .into_iter()
            .map(|a| ArrearsOut {
                member_id: a.member_id,
                name: a.name,
                months: a.months,
                amount_fen: a.amount_fen,
                first_month: a.first_month,
                last_month: a.last_month,
                dues_review: a.dues_review,
            })
            .collect(),
        total,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FundOut {
    pub month: String,
    /// direct（单位直接拨缴）| tax（税务代收、上级回拨）
    pub flow: String,
    pub payroll_fen: i64,
    /// 应拨缴经费（工资总额2%）
    pub due_fen: i64,
    pub keep_fen: i64,
    pub up_fen: i64,
    pub expected_in_fen: i64,
    pub received_in_fen: i64,
    pub expected_out_fen: i64,
    pub remitted_fen: i64,
    pub reconciled: bool,
}

impl From<dues::FundLine> for FundOut {
    fn from(f: dues::FundLine) -> Self {
        FundOut {
            month: f.month,
            flow: f.flow,
            payroll_fen: f.payroll_fen,
            due_fen: f.due_fen,
            keep_fen: f.keep_fen,
            up_fen: f.up_fen,
            expected_in_fen: f.expected_in_fen,
            received_in_fen: f.received_in_fen,
            expected_out_fen: f.expected_out_fen,
            remitted_fen: f.remitted_fen,
            reconciled: f.reconciled,
        }
    }
}

/// 经费拨缴与对账（每月应收、实收、上解、回拨）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/funds", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = [FundOut])))]
pub async fn funds(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<Vec<FundOut>>> {
    Ok(Json(dues::funds(&state, union_id).await?.into_iter().map(FundOut::from).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FundIn {
    pub month: String,
    /// 当月工资总额（分）
    pub payroll_fen: i64,
}

/// 申报当月工资总额（计算2%经费及留成、上解）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/funds", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = FundIn, responses((status = 201, body = FundOut), (status = 409, body = ErrorBody)))]
pub async fn fund_declare(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<FundIn>,
) -> AppResult<(StatusCode, Json<FundOut>)> {
    let month = dues::parse_month("month", &b.month)?;
    Ok((StatusCode::CREATED, Json(dues::declare(&state, &p, union_id, month, b.payroll_fen).await?.into())))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiptIn {
    /// employer_paid（单位拨缴）| remitted_up（上解上级）| refund_received（收到回拨）
    pub kind: String,
    pub amount_fen: i64,
    pub date: Option<NaiveDate>,
}

/// 登记经费收付（自动记账）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/funds/{month}/receipts", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("month" = String, Path)), request_body = ReceiptIn, responses((status = 201, body = FundOut), (status = 422, body = ErrorBody)))]
pub async fn fund_receipt(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, month)): Path<(Uuid, String)>,
    ApiJson(b): ApiJson<ReceiptIn>,
) -> AppResult<(StatusCode, Json<FundOut>)> {
    let month = dues::parse_month("month", &month)?;
    let f = dues::receive(&state, &p, union_id, month, &b.kind, b.amount_fen, b.date).await?;
    Ok((StatusCode::CREATED, Json(f.into())))
}

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
    fn input(&self) -> welfare::PaymentInput {
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

fn welfare_out(w: store::finance::Welfare, name: Option<String>, rule: Option<String>) -> WelfareOut {
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

fn settings_out(s: &store::finance::Settings) -> SettingsOut {
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

/// 已发布的财务公开（本会会员可见）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/statements", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = [PublishedStatement])))]
pub async fn statements(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<Vec<PublishedStatement>>> {
    Ok(Json(oversight::statements(&state, union_id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishIn {
    /// YYYY-MM
    pub period: String,
}

/// 发布当月财务公开（工会主席）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/statements", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = PublishIn, responses((status = 201, body = StatementContent), (status = 409, body = ErrorBody)))]
pub async fn publish_statement(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<PublishIn>,
) -> AppResult<(StatusCode, Json<StatementContent>)> {
    let period = dues::parse_month("period", &b.period)?;
    Ok((StatusCode::CREATED, Json(oversight::publish(&state, &p, union_id, period).await?)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FindingOut {
    pub id: Uuid,
    pub title: String,
    pub detail: String,
    pub deadline: Option<NaiveDate>,
    /// open | rectifying | closed
    pub status: String,
    pub rectification: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn finding_out(f: store::finance::Finding) -> FindingOut {
    FindingOut {
        id: f.id,
        title: f.title,
        detail: f.detail,
        deadline: f.deadline,
        status: f.status,
        rectification: f.rectification,
        created_by: f.created_by,
        created_at: f.created_at,
        updated_at: f.updated_at,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExceptionOut {
    pub member_id: Uuid,
    pub item: String,
    pub amount_fen: i64,
    /// 被突破的规则
    pub rule: String,
    pub reason: String,
    pub approver: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OverrideOut {
    pub voucher_id: Uuid,
    pub account: String,
    pub budget_fen: i64,
    pub actual_fen: i64,
    pub reason: String,
    pub approver: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkspaceOut {
    pub findings: Vec<FindingOut>,
    pub policy_exceptions: Vec<ExceptionOut>,
    pub budget_overrides: Vec<OverrideOut>,
    /// 结账与反结账记录
    pub period_events: Vec<PeriodEventOut>,
    /// 本年无预算支出：没有预算行的支出科目
    pub unbudgeted_spending: Vec<UnbudgetedOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnbudgetedOut {
    pub account: String,
    pub name: String,
    pub actual_fen: i64,
}

/// 经审工作台：问题与整改、政策例外、超预算、反结账
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/finance-audit", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = WorkspaceOut)))]
pub async fn audit_workspace(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<WorkspaceOut>> {
    let w = oversight::workspace(&state, union_id).await?;
    Ok(Json(WorkspaceOut {
        unbudgeted_spending: w
            .unbudgeted
            .into_iter()
            .map(|r| UnbudgetedOut { account: r.account, name: r.name, actual_fen: r.actual_fen })
            .collect(),
        findings: w.findings.into_iter().map(finding_out).collect(),
        policy_exceptions: w
            .exceptions
            .into_iter()
            .map(|e| ExceptionOut {
                member_id: e.member_id,
                item: e.item,
                amount_fen: e.amount_fen,
                rule: e.rule,
                reason: e.reason,
                approver: e.approver,
                actor: e.actor_name,
                at: e.at,
            })
            .collect(),
        budget_overrides: w
            .overrides
            .into_iter()
            .map(|o| OverrideOut {
                voucher_id: o.voucher_id,
                account: o.account,
                budget_fen: o.budget_fen,
                actual_fen: o.actual_fen,
                reason: o.reason,
                approver: o.approver,
                actor: o.actor_name,
                at: o.at,
            })
            .collect(),
        period_events: events_out(w.period_events),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingIn {
    pub title: String,
    pub detail: Option<String>,
    /// 整改期限
    pub deadline: Option<NaiveDate>,
}

/// 登记经审发现的问题
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/finance-audit/findings", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = FindingIn, responses((status = 201, body = FindingOut)))]
pub async fn add_finding(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<FindingIn>,
) -> AppResult<(StatusCode, Json<FindingOut>)> {
    let f =
        oversight::add_finding(&state, &p, union_id, &b.title, b.detail.as_deref().unwrap_or(""), b.deadline)
            .await?;
    Ok((StatusCode::CREATED, Json(finding_out(f))))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingUpdate {
    /// open | rectifying | closed
    pub status: String,
    pub rectification: Option<String>,
}

/// 更新整改情况
#[utoipa::path(patch, path = "/api/v1/unions/{union_id}/finance-audit/findings/{finding_id}", tag = "finance", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("finding_id" = Uuid, Path)), request_body = FindingUpdate, responses((status = 200, body = FindingOut)))]
pub async fn update_finding(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<FindingUpdate>,
) -> AppResult<Json<FindingOut>> {
    let f =
        oversight::update_finding(&state, &p, union_id, id, &b.status, b.rectification.as_deref()).await?;
    Ok(Json(finding_out(f)))
}
