//! `/api/v1/…/suggestions`: rationalisation suggestions (合理化建议).

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Path, Query};
use crate::routes::recognition::EvidenceOut;
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::recognition::suggestion::steps::{self, RewardInput};
use app::recognition::suggestion::submit::{self, Submission};
use app::recognition::suggestion::{self as service, Detail, ListQuery, Listed, Suggestion, Viewer, lists};

#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionOut {
    pub id: Uuid,
    /// 第N号
    pub number: i64,
    pub union_id: Uuid,
    pub year: i64,
    /// tech_innovation | management | safety | energy_saving | worker_life | other
    pub category: String,
    pub category_label: String,
    pub title: String,
    pub current_state: String,
    pub proposal: String,
    pub expected_benefit: String,
    pub member_id: Uuid,
    /// The submitter's name (in lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_name: Option<String>,
    /// Co-submitters' names.
    pub team: String,
    /// submitted | needs_revision | rejected | adopted | implementing | accepted | rewarded | merged
    pub status: String,
    pub status_label: String,
    /// adopt | revise | reject
    pub decision: Option<String>,
    pub decision_reason: Option<String>,
    pub assessed_by: Option<String>,
    pub assessed_on: Option<NaiveDate>,
    pub implementer: Option<String>,
    pub implement_by: Option<NaiveDate>,
    pub value_fen_per_year: Option<i64>,
    pub acceptance_note: Option<String>,
    pub accepted_by: Option<String>,
    pub accepted_on: Option<NaiveDate>,
    pub reward_fen: Option<i64>,
    pub reward_voucher_id: Option<Uuid>,
    pub rewarded_on: Option<NaiveDate>,
    pub merged_into_id: Option<Uuid>,
    pub proposal_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

pub fn out(s: Suggestion, member_name: Option<String>) -> SuggestionOut {
    SuggestionOut {
        id: s.id,
        number: s.number,
        union_id: s.union_id,
        year: s.year,
        category_label: super::category_label(&s.category).to_owned(),
        category: s.category,
        title: s.title,
        current_state: s.current_state,
        proposal: s.proposal,
        expected_benefit: s.expected_benefit,
        member_id: s.member_id,
        member_name,
        team: s.team,
        status_label: super::status_label(&s.status).to_owned(),
        status: s.status,
        decision: s.decision,
        decision_reason: s.decision_reason,
        assessed_by: s.assessed_by,
        assessed_on: s.assessed_on,
        implementer: s.implementer,
        implement_by: s.implement_by,
        value_fen_per_year: s.value_fen_per_year,
        acceptance_note: s.acceptance_note,
        accepted_by: s.accepted_by,
        accepted_on: s.accepted_on,
        reward_fen: s.reward_fen,
        reward_voucher_id: s.reward_voucher_id,
        rewarded_on: s.rewarded_on,
        merged_into_id: s.merged_into_id,
        proposal_id: s.proposal_id,
        created_at: s.created_at,
    }
}

fn listed(l: Listed) -> SuggestionOut {
    out(l.s, Some(l.member_name))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitIn {
    /// tech_innovation（技术革新）| management（管理）| safety（安全）| energy_saving（节能降耗）| worker_life（职工生活）| other（其他）
    pub category: String,
    /// 建议题目
    pub title: String,
    /// 现状
    #[serde(default)]
    pub current_state: String,
    /// 建议内容（具体措施）
    pub proposal: String,
    /// 预期效益
    #[serde(default)]
    pub expected_benefit: String,
    /// 共同建议人（多人联名时填写姓名）
    #[serde(default)]
    pub team: String,
    /// 代会员登记（工会干部）：本工会会员的档案编号；不填即本人提交
    pub member_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubmittedOut {
    pub id: Uuid,
    /// submitted
    pub status: String,
    /// 第N号
    pub number: i64,
}

/// 提交合理化建议（本人提交，或工会干部代会员登记）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/suggestions", tag = "suggestions", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = SubmitIn,
    responses((status = 201, body = SubmittedOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<SubmitIn>,
) -> AppResult<(StatusCode, Json<SubmittedOut>)> {
    let s = Submission {
        category: b.category,
        title: b.title,
        current_state: b.current_state,
        proposal: b.proposal,
        expected_benefit: b.expected_benefit,
        team: b.team,
        member_id: b.member_id,
    };
    let row = submit::submit(&state, &p, union_id, s).await?;
    Ok((StatusCode::CREATED, Json(SubmittedOut { id: row.id, status: row.status, number: row.number })))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionsOut {
    pub items: Vec<SuggestionOut>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListIn {
    /// A status (see SuggestionOut.status).
    pub status: Option<String>,
    /// The year submitted.
    pub year: Option<i32>,
    /// A category.
    pub category: Option<String>,
}

/// 本工会的合理化建议（可按状态、年份、类别筛选）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/suggestions", tag = "suggestions", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ListIn), responses((status = 200, body = SuggestionsOut)))]
pub async fn list(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<ListIn>,
) -> AppResult<Json<SuggestionsOut>> {
    let q = ListQuery { status: q.status, year: q.year, category: q.category };
    let rows = lists::list(&state, union_id, &q).await?;
    Ok(Json(SuggestionsOut { items: rows.into_iter().map(listed).collect() }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionLogOut {
    pub action: String,
    pub note: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

fn log_out(l: service::LogEntry) -> SuggestionLogOut {
    SuggestionLogOut { action: l.action, note: l.note, actor: l.actor, at: l.at }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MineItem {
    #[serde(flatten)]
    pub suggestion: SuggestionOut,
    pub log: Vec<SuggestionLogOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MySuggestionsOut {
    /// Whether the account is linked to a member record of this union (may
    /// submit in its own name).
    pub linked: bool,
    pub items: Vec<MineItem>,
}

/// 我的建议（本人的建议及办理记录）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/suggestions/mine", tag = "suggestions", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = MySuggestionsOut)))]
pub async fn mine(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<MySuggestionsOut>> {
    let rows = lists::mine(&state, &p, union_id).await?;
    Ok(Json(MySuggestionsOut {
        linked: rows.is_some(),
        items: rows
            .unwrap_or_default()
            .into_iter()
            .map(|(l, log)| MineItem { suggestion: listed(l), log: log.into_iter().map(log_out).collect() })
            .collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionRankOut {
    pub rank: usize,
    pub id: Uuid,
    pub number: i64,
    pub title: String,
    pub category: String,
    pub member_name: String,
    pub team: String,
    pub value_fen_per_year: i64,
    pub reward_fen: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatusCount {
    pub status: String,
    pub label: String,
    pub count: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionStatsOut {
    pub year: i32,
    /// Suggestions of the year (merged duplicates not counted).
    pub submitted: u64,
    /// 推荐实施 or later.
    pub adopted: u64,
    /// 实施中 or later.
    pub implemented: u64,
    /// 已验收 or 已奖励.
    pub accepted: u64,
    pub rewarded: u64,
    /// 采纳率 adopted ÷ submitted, "40.00%" ("—" without a base)
    pub adoption_rate: String,
    /// 实施率 accepted ÷ adopted
    pub implementation_rate: String,
    /// 创造价值（分/年）, summed over the accepted
    pub value_fen_per_year: i64,
    /// 奖励金额（分）
    pub reward_fen: i64,
    pub by_status: Vec<StatusCount>,
    /// 年度金点子排行 by value created
    pub ranking: Vec<SuggestionRankOut>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearIn {
    /// The year (default: this year).
    pub year: Option<i32>,
}

pub fn this_year() -> i32 {
    chrono::Datelike::year(&service::today())
}

/// 合理化建议统计（采纳率、实施率、创造价值、年度金点子排行）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/suggestion-stats", tag = "suggestions", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), YearIn), responses((status = 200, body = SuggestionStatsOut), (status = 400, body = ErrorBody)))]
pub async fn stats(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearIn>,
) -> AppResult<Json<SuggestionStatsOut>> {
    let s = service::stats(&state, union_id, q.year.unwrap_or_else(this_year)).await?;
    Ok(Json(SuggestionStatsOut {
        year: s.year,
        submitted: s.submitted,
        adopted: s.adopted,
        implemented: s.implemented,
        accepted: s.accepted,
        rewarded: s.rewarded,
        adoption_rate: s.adoption_rate,
        implementation_rate: s.implementation_rate,
        value_fen_per_year: s.value_fen_per_year,
        reward_fen: s.reward_fen,
        by_status: s
            .by_status
            .into_iter()
            .map(|(st, n)| StatusCount { status: st.as_str().into(), label: st.label().into(), count: n })
            .collect(),
        ranking: s
            .ranking
            .into_iter()
            .map(|r| SuggestionRankOut {
                rank: r.rank,
                id: r.id,
                number: r.number,
                title: r.title,
                category: r.category,
                member_name: r.member_name,
                team: r.team,
                value_fen_per_year: r.value_fen_per_year,
                reward_fen: r.reward_fen,
            })
            .collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VoucherRef {
    pub id: Uuid,
    /// draft（待审核）| reviewed（已审核待记账）| posted（已记账）
    pub status: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionDetail {
    #[serde(flatten)]
    pub suggestion: SuggestionOut,
    /// Whether the caller is its submitter.
    pub mine: bool,
    pub log: Vec<SuggestionLogOut>,
    pub files: Vec<EvidenceOut>,
    pub voucher: Option<VoucherRef>,
}

/// 建议详情（建议人本人、本工会的工会干部和可查看建议的角色；其他人一律404）
#[utoipa::path(get, path = "/api/v1/suggestions/{suggestion_id}", tag = "suggestions", security(("bearer" = [])),
    params(("suggestion_id" = Uuid, Path)),
    responses((status = 200, body = SuggestionDetail), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<Json<SuggestionDetail>> {
    let d: Detail = service::get(&state, &p, id).await?;
    Ok(Json(SuggestionDetail {
        mine: d.viewer == Viewer::Submitter,
        log: d.log.into_iter().map(log_out).collect(),
        files: d.files.into_iter().map(EvidenceOut::from).collect(),
        voucher: d.voucher.map(|(id, status)| VoucherRef { id, status }),
        suggestion: out(d.suggestion, Some(d.member_name)),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SuggestionAssessIn {
    /// adopt（推荐实施）| revise（需完善）| reject（不予采纳）
    pub decision: String,
    /// 理由：需完善、不予采纳时必填（建议人会看到）
    #[serde(default)]
    pub reason: String,
}

/// 部门评估
#[utoipa::path(post, path = "/api/v1/suggestions/{suggestion_id}/assess", tag = "suggestions", security(("bearer" = [])),
    params(("suggestion_id" = Uuid, Path)), request_body = SuggestionAssessIn,
    responses((status = 200, body = SuggestionOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn assess(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<SuggestionAssessIn>,
) -> AppResult<Json<SuggestionOut>> {
    Ok(Json(out(steps::assess(&state, &p, id, &b.decision, &b.reason).await?, None)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImplementIn {
    /// 实施部门
    pub implementer: String,
    /// 实施期限
    pub implement_by: Option<NaiveDate>,
}

/// 安排实施（实施部门、期限）
#[utoipa::path(post, path = "/api/v1/suggestions/{suggestion_id}/implement", tag = "suggestions", security(("bearer" = [])),
    params(("suggestion_id" = Uuid, Path)), request_body = ImplementIn,
    responses((status = 200, body = SuggestionOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn implement(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<ImplementIn>,
) -> AppResult<Json<SuggestionOut>> {
    Ok(Json(out(steps::implement(&state, &p, id, &b.implementer, b.implement_by).await?, None)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptIn {
    /// 创造价值（分/年），不小于0
    pub value_fen_per_year: i64,
    /// 验收意见
    #[serde(default)]
    pub note: String,
}

/// 验收（推荐实施或实施中的建议）
#[utoipa::path(post, path = "/api/v1/suggestions/{suggestion_id}/accept", tag = "suggestions", security(("bearer" = [])),
    params(("suggestion_id" = Uuid, Path)), request_body = AcceptIn,
    responses((status = 200, body = SuggestionOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn accept(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<AcceptIn>,
) -> AppResult<Json<SuggestionOut>> {
    Ok(Json(out(steps::accept(&state, &p, id, b.value_fen_per_year, &b.note).await?, None)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RewardIn {
    /// 奖励金额（分）；按本会经费支出政策的“合理化建议奖励”项目，未规定时按“竞赛奖品”项目核对（安徽：每人每次不超过500元）
    pub amount_fen: i64,
    /// 批准人账号（本会主席或财务负责人）；不填即由您本人批准，凭证待另一位财务人员审核、记账
    pub approver_id: Option<Uuid>,
    /// cash（现金，默认）| goods（实物）| named_goods_voucher（指定商品提货券）
    pub form: Option<String>,
    /// 付款后库存现金或银行存款低于零时，确认仍要支付
    #[serde(default)]
    pub confirm_below_zero: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RewardVoucherOut {
    pub id: Uuid,
    /// 2026-03
    pub period: String,
    /// 记字第N号, once posted.
    pub number: Option<i64>,
    pub date: NaiveDate,
    pub summary: String,
    pub total_fen: i64,
    /// draft（待审核）| reviewed（已审核，待记账）| posted（已记账）
    pub status: String,
    pub maker_name: String,
    pub reviewer_name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RewardOut {
    pub suggestion: SuggestionOut,
    pub voucher: RewardVoucherOut,
    /// The welfare payment recorded.
    pub welfare_id: Uuid,
    /// The spending-rule item: suggestion_reward | contest_prize
    pub item: String,
    /// The rule that allowed it, in Chinese.
    pub rule: String,
}

/// 奖励（已验收后；按经费支出规定核对，生成福利发放记录和记账凭证）
#[utoipa::path(post, path = "/api/v1/suggestions/{suggestion_id}/reward", tag = "suggestions", security(("bearer" = [])),
    params(("suggestion_id" = Uuid, Path)), request_body = RewardIn,
    responses((status = 201, body = RewardOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reward(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<RewardIn>,
) -> AppResult<(StatusCode, Json<RewardOut>)> {
    let input = RewardInput {
        amount_fen: b.amount_fen,
        approver_id: b.approver_id,
        form: b.form,
        confirm_below_zero: b.confirm_below_zero,
    };
    let r = steps::reward(&state, &p, id, &input).await?;
    let v = r.voucher;
    Ok((
        StatusCode::CREATED,
        Json(RewardOut {
            suggestion: out(r.suggestion, None),
            voucher: RewardVoucherOut {
                id: v.id,
                period: v.period,
                number: v.number,
                date: v.date,
                summary: v.summary,
                total_fen: v.total_fen,
                status: v.status,
                maker_name: v.maker_name,
                reviewer_name: v.reviewer_name,
            },
            welfare_id: r.welfare.id,
            item: r.item.as_str().to_owned(),
            rule: r.rule,
        }),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeIn {
    /// 保留的那条建议（同一工会）
    pub into_id: Uuid,
}

/// 合并重复建议（本条标为已合并）
#[utoipa::path(post, path = "/api/v1/suggestions/{suggestion_id}/merge", tag = "suggestions", security(("bearer" = [])),
    params(("suggestion_id" = Uuid, Path)), request_body = MergeIn,
    responses((status = 200, body = SuggestionOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn merge(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<MergeIn>,
) -> AppResult<Json<SuggestionOut>> {
    Ok(Json(out(steps::merge(&state, &p, id, b.into_id).await?, None)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionProposalOut {
    pub suggestion: SuggestionOut,
    pub proposal_id: Uuid,
}

/// 转为职代会提案（送提案审查）
#[utoipa::path(post, path = "/api/v1/suggestions/{suggestion_id}/to-proposal", tag = "suggestions", security(("bearer" = [])),
    params(("suggestion_id" = Uuid, Path)),
    responses((status = 201, body = SuggestionProposalOut), (status = 409, body = ErrorBody)))]
pub async fn to_proposal(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<(StatusCode, Json<SuggestionProposalOut>)> {
    let (row, proposal_id) = steps::to_proposal(&state, &p, id).await?;
    Ok((StatusCode::CREATED, Json(SuggestionProposalOut { suggestion: out(row, None), proposal_id })))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResubmitIn {
    /// 修改后的内容；不填的保持原样
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub current_state: String,
    #[serde(default)]
    pub proposal: String,
    #[serde(default)]
    pub expected_benefit: String,
    #[serde(default)]
    pub team: String,
}

/// 完善后重新提交（建议人本人；需完善的建议）
#[utoipa::path(post, path = "/api/v1/suggestions/{suggestion_id}/resubmit", tag = "suggestions", security(("bearer" = [])),
    params(("suggestion_id" = Uuid, Path)), request_body = ResubmitIn,
    responses((status = 200, body = SuggestionOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn resubmit(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    body: axum::body::Bytes,
) -> AppResult<Json<SuggestionOut>> {
    // Found first: to anyone who may not see it, it does not exist; a
    // reader who is neither its submitter nor an officer may not act.
    writer_or_officer(&state, &p, id).await?;
    let b: ResubmitIn = crate::extract::parse_json(&body)?;
    let s = Submission {
        category: b.category,
        title: b.title,
        current_state: b.current_state,
        proposal: b.proposal,
        expected_benefit: b.expected_benefit,
        team: b.team,
        member_id: None,
    };
    Ok(Json(out(submit::resubmit(&state, &p, id, s).await?, None)))
}

/// 上传验收材料（图片或PDF，不超过10MB；multipart，字段名 file）
#[utoipa::path(post, path = "/api/v1/suggestions/{suggestion_id}/files", tag = "suggestions", security(("bearer" = [])),
    params(("suggestion_id" = Uuid, Path)),
    responses((status = 201, body = EvidenceOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    mp: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, Json<EvidenceOut>)> {
    writer_or_officer(&state, &p, id).await?;
    let (name, _, bytes) = crate::kit::file_field(mp).await?;
    let f = service::add_file(&state, &p, id, &name, &bytes).await?;
    Ok((StatusCode::CREATED, Json(EvidenceOut::from(f))))
}

/// 404 to whoever may not see the suggestion, 403 to a reader who is
/// neither its submitter nor an officer of its union.
pub async fn writer_or_officer(state: &AppState, p: &Principal, id: Uuid) -> AppResult<()> {
    if service::check_reader(state, p, id).await? == Viewer::Reader {
        return Err(app::error::AppError::field(
            domain::ErrorCode::Forbidden,
            "status",
            "只有建议人本人和工会干部可以办理",
        ));
    }
    Ok(())
}

/// 下载验收材料
#[utoipa::path(get, path = "/api/v1/suggestions/{suggestion_id}/files/{file_id}", tag = "suggestions", security(("bearer" = [])),
    params(("suggestion_id" = Uuid, Path), ("file_id" = Uuid, Path)),
    responses((status = 200, description = "文件内容"), (status = 404, body = ErrorBody)))]
pub async fn download(
    State(state): State<AppState>,
    p: Principal,
    Path((id, file_id)): Path<(Uuid, Uuid)>,
) -> AppResult<Response> {
    let (f, bytes) = service::file(&state, &p, id, file_id).await?;
    Ok(file_response(&f.file_name, &f.content_type, bytes))
}

/// A file to download, its name ASCII-safe in the header.
pub fn file_response(name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '_' }).collect();
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{ascii}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}
