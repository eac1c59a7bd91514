//! `/api/v1` for care: local figures, hardship files, assistance, consents,
//! life events and visits, birthdays, campaigns, mutual aid, the aid
//! disclosure list and a member's own page. Amounts are integers in fen.

use crate::extract::Path;
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use domain::ErrorCode;
use domain::care::campaign::Filter;
use domain::care::hardship::CarePolicy;
use domain::care::mutual_aid::{Plan as PlanRule, PlanKind};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Query};
use crate::kit::file_field;
use app::AppState;
use app::auth::Principal;
use app::care::aid::{self, AidInput, CampaignInput, VisitLog};
use app::care::files::{self, FileInput, HouseholdMember};
use app::care::{me, mutual};
use app::error::{AppError, AppResult, ErrorBody};
use app::finance::welfare::ExceptionInput;

// --- Policy -------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CarePolicyIn {
    /// 本市低保标准（每人每月，分）
    pub dibao_monthly_fen: i64,
    /// 全省上年居民人均可支配收入（每人每年，分）
    pub province_avg_income_fen: i64,
    /// 生效日期，默认今天
    pub effective_from: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CarePolicyOut {
    pub effective_from: NaiveDate,
    pub dibao_monthly_fen: i64,
    pub province_avg_income_fen: i64,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

fn policy_out(r: store::care::PolicyRow) -> CarePolicyOut {
    CarePolicyOut {
        effective_from: r.effective_from,
        dibao_monthly_fen: r.dibao_monthly_fen,
        province_avg_income_fen: r.province_avg_income_fen,
        set_by: r.set_by,
        set_at: r.set_at,
    }
}

/// 设定困难职工认定标准（低保、全省上年人均收入），按生效日期保留历史
#[utoipa::path(put, path = "/api/v1/unions/{union_id}/care-policy", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = CarePolicyIn,
    responses((status = 200, body = CarePolicyOut), (status = 422, body = ErrorBody)))]
pub async fn put_policy(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<CarePolicyIn>,
) -> AppResult<Json<CarePolicyOut>> {
    let figures = CarePolicy {
        dibao_monthly_fen: b.dibao_monthly_fen,
        province_avg_income_fen: b.province_avg_income_fen,
    };
    Ok(Json(policy_out(files::put_policy(&state, &p, union_id, figures, b.effective_from).await?)))
}

/// 认定标准历史（新的在前）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/care-policy", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = [CarePolicyOut])))]
pub async fn get_policy(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<Vec<CarePolicyOut>>> {
    Ok(Json(files::policies(&state, union_id).await?.into_iter().map(policy_out).collect()))
}

// --- Files --------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FileIn {
    pub member_id: Option<Uuid>,
    pub household_size: i64,
    /// 家庭年可支配收入（分）
    pub annual_income_fen: i64,
    /// 刚性支出：医疗、教育（分）
    #[serde(default)]
    pub hardship_spending_fen: i64,
    /// 因意外事故、重大疾病或灾害致困
    #[serde(default)]
    pub accident: bool,
    /// two_homes | employer | private_school | private_car
    #[serde(default)]
    pub exclusions: Vec<String>,
    /// illness | disability | schooling | unemployment | accident | disaster | single_parent | low_income | other
    pub main_cause: Option<String>,
    #[serde(default)]
    pub secondary_causes: Vec<String>,
    #[serde(default)]
    pub household: Vec<HouseholdMember>,
    pub situation: Option<String>,
    /// 认定类别（与测算不同须写理由）：deep | relative | accident | ineligible
    pub category: Option<String>,
    pub override_reason: Option<String>,
}

impl FileIn {
    fn input(self) -> FileInput {
        FileInput {
            member_id: self.member_id,
            household_size: self.household_size,
            annual_income_fen: self.annual_income_fen,
            hardship_spending_fen: self.hardship_spending_fen,
            accident: self.accident,
            exclusions: self.exclusions,
            main_cause: self.main_cause,
            secondary_causes: self.secondary_causes,
            household: self.household,
            situation: self.situation,
            category: self.category,
            override_reason: self.override_reason,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FileOut {
    pub id: Uuid,
    pub member_id: Uuid,
    /// draft | approved | rejected | closed
    pub status: String,
    /// deep | relative | accident | ineligible
    pub category: String,
    pub computed_category: String,
    pub override_reason: Option<String>,
    pub main_cause: String,
    pub secondary_causes: Vec<String>,
    pub exclusions: Vec<String>,
    pub household_size: i64,
    pub assessed_on: NaiveDate,
    pub next_review: Option<NaiveDate>,
    pub close_reason: Option<String>,
    pub retain_until: Option<NaiveDate>,
    /// 测算依据
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
}

fn split(s: &str) -> Vec<String> {
    s.split(',').filter(|x| !x.is_empty()).map(str::to_owned).collect()
}

fn file_out(f: &store::care::File, reasons: Vec<String>) -> FileOut {
    FileOut {
        id: f.id,
        member_id: f.member_id,
        status: f.status.clone(),
        category: f.category.clone(),
        computed_category: f.computed_category.clone(),
        override_reason: f.override_reason.clone(),
        main_cause: f.main_cause.clone(),
        secondary_causes: split(&f.secondary_causes),
        exclusions: split(&f.exclusions),
        household_size: f.household_size,
        assessed_on: f.assessed_on,
        next_review: f.next_review,
        close_reason: f.close_reason.clone(),
        retain_until: f.retain_until,
        reasons,
    }
}

/// 建立困难职工档案（类别按公式测算）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/hardship-files", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = FileIn,
    responses((status = 201, body = FileOut), (status = 422, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_file(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<FileIn>,
) -> AppResult<(StatusCode, Json<FileOut>)> {
    let (f, reasons) = files::create(&state, &p, union_id, &b.input()).await?;
    Ok((StatusCode::CREATED, Json(file_out(&f, reasons))))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FileQuery {
    /// open | draft | approved | rejected | closed
    pub status: Option<String>,
    /// 只列逾期未复核的
    pub overdue: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FileListedOut {
    pub id: Uuid,
    pub member_id: Uuid,
    pub member_name: String,
    pub status: String,
    pub category: String,
    pub main_cause: String,
    pub household_size: i64,
    pub assessed_on: NaiveDate,
    pub next_review: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FileList {
    pub items: Vec<FileListedOut>,
}

/// 困难职工档案列表（overdue=true：逾期未复核）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/hardship-files", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), FileQuery), responses((status = 200, body = FileList)))]
pub async fn files(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<FileQuery>,
) -> AppResult<Json<FileList>> {
    let rows = files::list(
        &state,
        union_id,
        q.status.as_deref().filter(|s| !s.is_empty()),
        q.overdue.unwrap_or(false),
    )
    .await?;
    Ok(Json(FileList {
        items: rows
            .into_iter()
            .map(|r| FileListedOut {
                id: r.id,
                member_id: r.member_id,
                member_name: r.member_name,
                status: r.status,
                category: r.category,
                main_cause: r.main_cause,
                household_size: r.household_size,
                assessed_on: r.assessed_on,
                next_review: r.next_review,
            })
            .collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FileDetail {
    #[serde(flatten)]
    pub file: FileOut,
    pub member_name: String,
    pub annual_income_fen: i64,
    pub hardship_spending_fen: i64,
    pub household: Vec<HouseholdMember>,
    pub situation: Option<String>,
    pub log: Vec<LogOut>,
    pub documents: Vec<DocumentOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LogOut {
    pub action: String,
    pub note: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentOut {
    pub id: Uuid,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

fn doc_out(d: store::care::Document) -> DocumentOut {
    DocumentOut {
        id: d.id,
        file_name: d.file_name,
        size: d.size,
        sha256: d.sha256,
        uploaded_by: d.uploaded_by,
        uploaded_at: d.uploaded_at,
    }
}

pub fn detail(v: files::FileView) -> FileDetail {
    FileDetail {
        file: file_out(&v.file, v.reasons),
        member_name: v.member_name,
        annual_income_fen: v.sealed.annual_income_fen,
        hardship_spending_fen: v.sealed.hardship_spending_fen,
        household: v.sealed.household,
        situation: v.sealed.situation,
        log: v
            .log
            .into_iter()
            .map(|l| LogOut { action: l.action, note: l.note, actor: l.actor, at: l.at })
            .collect(),
        documents: v.documents.into_iter().map(doc_out).collect(),
    }
}

/// 查看档案（含收入、健康信息；每次查看记入审计日志）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/hardship-files/{file_id}", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("file_id" = Uuid, Path)), responses((status = 200, body = FileDetail), (status = 404, body = ErrorBody)))]
pub async fn file(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<FileDetail>> {
    Ok(Json(detail(files::open(&state, &p, union_id, id).await?)))
}

/// 复核档案（重新测算，退回待审批）；已关闭的档案 409
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/hardship-files/{file_id}/review", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("file_id" = Uuid, Path)), request_body = FileIn,
    responses((status = 200, body = FileOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn review_file(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<FileIn>,
) -> AppResult<Json<FileOut>> {
    let (f, reasons) = files::review(&state, &p, union_id, id, &b.input()).await?;
    Ok(Json(file_out(&f, reasons)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionIn {
    /// approve | reject
    pub decision: String,
    pub reason: Option<String>,
}

/// 审批档案（通过后一年内复核）或退回
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/hardship-files/{file_id}/decision", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("file_id" = Uuid, Path)), request_body = DecisionIn,
    responses((status = 200, body = FileOut), (status = 409, body = ErrorBody)))]
pub async fn decide_file(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<DecisionIn>,
) -> AppResult<Json<FileOut>> {
    let approve = match b.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "decision",
                "decision 只能是 approve 或 reject",
            ));
        }
    };
    let f = files::decide(&state, &p, union_id, id, approve, b.reason.as_deref().unwrap_or("")).await?;
    Ok(Json(file_out(&f, Vec::new())))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseIn {
    /// recovered | retired | transferred | deceased
    pub reason: String,
    pub note: Option<String>,
}

/// 关闭档案（保存10年，只读）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/hardship-files/{file_id}/close", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("file_id" = Uuid, Path)), request_body = CloseIn,
    responses((status = 200, body = FileOut), (status = 409, body = ErrorBody)))]
pub async fn close_file(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<CloseIn>,
) -> AppResult<Json<FileOut>> {
    let f = files::close(&state, &p, union_id, id, &b.reason, b.note.as_deref().unwrap_or("")).await?;
    Ok(Json(file_out(&f, Vec::new())))
}

/// 上传证明材料（multipart，字段 file）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/hardship-files/{file_id}/documents", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("file_id" = Uuid, Path)), responses((status = 201, body = DocumentOut), (status = 409, body = ErrorBody)))]
pub async fn file_document(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    mp: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, Json<DocumentOut>)> {
    let (name, ct, bytes) = file_field(mp).await?;
    let d = files::add_document(&state, &p, union_id, "file", id, &name, &ct, &bytes).await?;
    Ok((StatusCode::CREATED, Json(doc_out(d))))
}

/// 上传签收单据（multipart，字段 file）：帮扶记录的签收单或活动的签收表
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/care-documents/{owner_kind}/{owner_id}", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("owner_kind" = String, Path, description = "assistance | campaign | claim"), ("owner_id" = Uuid, Path)),
    responses((status = 201, body = DocumentOut), (status = 404, body = ErrorBody)))]
pub async fn upload_document(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, kind, id)): Path<(Uuid, String, Uuid)>,
    mp: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, Json<DocumentOut>)> {
    if !["assistance", "campaign", "claim"].contains(&kind.as_str()) {
        return Err(AppError::not_found());
    }
    let (name, ct, bytes) = file_field(mp).await?;
    let d = files::add_document(&state, &p, union_id, &kind, id, &name, &ct, &bytes).await?;
    Ok((StatusCode::CREATED, Json(doc_out(d))))
}

// --- Assistance ---------------------------------------------------------------

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

fn aid_out(a: store::care::Assistance, name: Option<String>) -> AssistanceOut {
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

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    pub year: Option<i32>,
    pub member_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssistanceList {
    pub items: Vec<AssistanceOut>,
    pub total_fen: i64,
}

fn this_year() -> i32 {
    chrono::Datelike::year(&files::today())
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

// --- Events and visits --------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventIn {
    pub member_id: Option<Uuid>,
    /// hospital | marriage | childbirth | bereavement | retirement | crisis
    pub kind: String,
    pub date: Option<NaiveDate>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventOut {
    pub id: Uuid,
    pub member_id: Uuid,
    pub member_name: Option<String>,
    pub kind: String,
    pub date: NaiveDate,
    pub note: Option<String>,
    /// 应发慰问的支出项目
    pub item: String,
    /// 按本会政策今年尚可发放（分）；null 为不设限额，0 为政策未列出
    pub due_fen: Option<i64>,
    pub due_rule: String,
    /// due | paid | none
    pub condolence_status: String,
    pub visit_id: Option<Uuid>,
    pub visit_due_date: Option<NaiveDate>,
}

fn event_out(e: store::care::Event, name: Option<String>, v: Option<&store::care::Visit>) -> EventOut {
    EventOut {
        id: e.id,
        member_id: e.member_id,
        member_name: name,
        kind: e.kind,
        date: e.date,
        note: e.note,
        item: e.item,
        due_fen: e.due_fen,
        due_rule: e.due_rule,
        condolence_status: e.condolence_status,
        visit_id: v.map(|v| v.id),
        visit_due_date: v.map(|v| v.due_date),
    }
}

/// 登记生活事件：生成应发慰问（按政策核对）和走访任务
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/life-events", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = EventIn, responses((status = 201, body = EventOut), (status = 422, body = ErrorBody)))]
pub async fn record_event(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<EventIn>,
) -> AppResult<(StatusCode, Json<EventOut>)> {
    let (e, v) = aid::record_event(
        &state,
        &p,
        union_id,
        b.member_id,
        &b.kind,
        b.date,
        b.note.as_deref().unwrap_or(""),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(event_out(e, None, Some(&v)))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventList {
    pub items: Vec<EventOut>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MemberQuery {
    pub member_id: Option<Uuid>,
}

/// 生活事件列表
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/life-events", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), MemberQuery), responses((status = 200, body = EventList)))]
pub async fn events(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<MemberQuery>,
) -> AppResult<Json<EventList>> {
    let rows = aid::events(&state, union_id, q.member_id).await?;
    Ok(Json(EventList { items: rows.into_iter().map(|(e, n)| event_out(e, Some(n), None)).collect() }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VisitOut {
    pub id: Uuid,
    pub member_id: Uuid,
    pub member_name: String,
    pub event_id: Option<Uuid>,
    pub kind: String,
    pub due_date: NaiveDate,
    /// open | done
    pub status: String,
    pub overdue: bool,
    pub visited_on: Option<NaiveDate>,
    pub visitors: Option<String>,
    pub notes: Option<String>,
    pub follow_up: Option<String>,
}

pub fn visit_out(v: store::care::Visit, name: String) -> VisitOut {
    let overdue = domain::care::events::overdue(v.due_date, v.status == "done", files::today());
    VisitOut {
        id: v.id,
        member_id: v.member_id,
        member_name: name,
        event_id: v.event_id,
        kind: v.kind,
        due_date: v.due_date,
        status: v.status,
        overdue,
        visited_on: v.visited_on,
        visitors: v.visitors,
        notes: v.notes,
        follow_up: v.follow_up,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VisitList {
    pub items: Vec<VisitOut>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VisitQuery {
    /// open | overdue | done
    pub status: Option<String>,
}

/// 五必访走访任务（status=open 待走访，overdue 逾期，done 已走访）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/visits", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), VisitQuery), responses((status = 200, body = VisitList)))]
pub async fn visits(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<VisitQuery>,
) -> AppResult<Json<VisitList>> {
    let rows = aid::visits(&state, union_id, q.status.as_deref().filter(|s| !s.is_empty())).await?;
    Ok(Json(VisitList { items: rows.into_iter().map(|(v, n)| visit_out(v, n)).collect() }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitIn {
    pub visited_on: Option<NaiveDate>,
    pub visitors: String,
    pub notes: Option<String>,
    pub follow_up: Option<String>,
}

/// 登记走访
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/visits/{visit_id}", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("visit_id" = Uuid, Path)), request_body = VisitIn,
    responses((status = 200, body = VisitOut), (status = 409, body = ErrorBody)))]
pub async fn complete_visit(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<VisitIn>,
) -> AppResult<Json<VisitOut>> {
    let l = VisitLog {
        visited_on: b.visited_on,
        visitors: b.visitors,
        notes: b.notes.unwrap_or_default(),
        follow_up: b.follow_up.unwrap_or_default(),
    };
    let v = aid::complete_visit(&state, &p, union_id, id, &l).await?;
    Ok(Json(visit_out(v, String::new())))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BirthdayOut {
    pub member_id: Uuid,
    pub name: String,
    pub birthday: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BirthdayList {
    pub month: u32,
    pub items: Vec<BirthdayOut>,
}

/// 下月过生日的会员（生日慰问）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/birthdays", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = BirthdayList)))]
pub async fn birthdays(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<BirthdayList>> {
    let (month, rows) = aid::birthdays(&state, union_id).await?;
    Ok(Json(BirthdayList {
        month,
        items: rows
            .into_iter()
            .map(|(id, name, d)| BirthdayOut { member_id: id, name, birthday: d.format("%m-%d").to_string() })
            .collect(),
    }))
}

// --- Campaigns ----------------------------------------------------------------

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

fn campaign_out(
    c: store::care::Campaign,
    r: Option<Vec<store::care::Recipient>>,
    count: usize,
) -> CampaignOut {
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

// --- Disclosure ---------------------------------------------------------------

#[derive(Debug, Serialize, ToSchema)]
pub struct NamedAid {
    pub name: String,
    pub reason: String,
    pub amount_fen: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AidDisclosureOut {
    pub year: i32,
    /// 本人书面同意公示的
    pub named: Vec<NamedAid>,
    /// 其余只公示人次和金额
    pub others_count: i64,
    pub others_fen: i64,
    pub total_count: i64,
    pub total_fen: i64,
}

/// 受助情况公示（仅列出同意公示者姓名，其余为合计）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/care-disclosure", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), YearQuery), responses((status = 200, body = AidDisclosureOut)))]
pub async fn disclosure(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> AppResult<Json<AidDisclosureOut>> {
    let d = aid::disclosure(&state, union_id, q.year.unwrap_or_else(this_year)).await?;
    Ok(Json(AidDisclosureOut {
        year: d.year,
        named: d
            .named
            .into_iter()
            .map(|(name, reason, amount_fen)| NamedAid { name, reason, amount_fen })
            .collect(),
        others_count: d.others_count,
        others_fen: d.others_fen,
        total_count: d.total_count,
        total_fen: d.total_fen,
    }))
}

/// 将本年受助名单发布到公开栏（仅列出同意公示者姓名）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/care-disclosure/publish", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), YearQuery),
    responses((status = 201, body = crate::routes::disclosure::api::ItemOut), (status = 422, body = ErrorBody)))]
pub async fn publish_disclosure(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> AppResult<(StatusCode, Json<crate::routes::disclosure::api::ItemOut>)> {
    let item = aid::publish_disclosure(&state, &p, union_id, q.year.unwrap_or_else(this_year)).await?;
    Ok((StatusCode::CREATED, Json(crate::routes::disclosure::api::item_out(item))))
}

// --- Mutual aid ---------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanIn {
    /// hospital | critical_illness | women | accident
    pub kind: String,
    pub name: String,
    pub premium_fen: i64,
    pub term_months: i64,
    pub payout_pct: i64,
    pub per_claim_cap_fen: i64,
    pub yearly_cap_fen: i64,
    #[serde(default)]
    pub women_only: bool,
    pub max_age: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanOut {
    pub id: Uuid,
    pub kind: String,
    pub name: String,
    pub premium_fen: i64,
    pub term_months: i64,
    pub payout_pct: i64,
    pub per_claim_cap_fen: i64,
    pub yearly_cap_fen: i64,
    pub women_only: bool,
    pub max_age: Option<i64>,
}

fn plan_out(p: store::care::Plan) -> PlanOut {
    PlanOut {
        id: p.id,
        kind: p.kind,
        name: p.name,
        premium_fen: p.premium_fen,
        term_months: p.term_months,
        payout_pct: p.payout_pct,
        per_claim_cap_fen: p.per_claim_cap_fen,
        yearly_cap_fen: p.yearly_cap_fen,
        women_only: p.women_only,
        max_age: p.max_age,
    }
}

/// 设立互助保障计划
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/mutual-aid/plans", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = PlanIn, responses((status = 201, body = PlanOut), (status = 422, body = ErrorBody)))]
pub async fn add_plan(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<PlanIn>,
) -> AppResult<(StatusCode, Json<PlanOut>)> {
    let kind = PlanKind::parse(&b.kind).ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidValue,
            "kind",
            "保障类型只能是 hospital、critical_illness、women 或 accident",
        )
    })?;
    let r = PlanRule {
        kind,
        name: b.name,
        premium_fen: b.premium_fen,
        term_months: b.term_months,
        payout_pct: b.payout_pct,
        per_claim_cap_fen: b.per_claim_cap_fen,
        yearly_cap_fen: b.yearly_cap_fen,
        women_only: b.women_only,
        max_age: b.max_age,
    };
    Ok((StatusCode::CREATED, Json(plan_out(mutual::add_plan(&state, &p, union_id, &r).await?))))
}

/// 互助保障计划
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/mutual-aid/plans", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = [PlanOut])))]
pub async fn plans(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<Vec<PlanOut>>> {
    Ok(Json(mutual::plans(&state, union_id).await?.into_iter().map(plan_out).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrolIn {
    pub member_ids: Vec<Uuid>,
    /// 已确诊相关疾病的会员（不得参加重疾、女职工计划）
    #[serde(default)]
    pub diagnosed_member_ids: Vec<Uuid>,
    pub term_start: Option<NaiveDate>,
    /// 批准人：本会主席或财务负责人的账号（GET …/payment-approvers），不能是经办人本人；记为保费凭证的审核人
    pub approver_user_id: Option<Uuid>,
    /// 付款后库存现金或银行存款余额将低于零时，true 表示已知悉并仍要付款（否则 409 below_zero）
    pub confirm_below_zero: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EnrolmentOut {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub member_id: Uuid,
    pub member_name: Option<String>,
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
    pub premium_fen: i64,
    pub voucher_id: Uuid,
}

fn enrolment_out(e: store::care::Enrolment, name: Option<String>) -> EnrolmentOut {
    EnrolmentOut {
        id: e.id,
        plan_id: e.plan_id,
        member_id: e.member_id,
        member_name: name,
        term_start: e.term_start,
        term_end: e.term_end,
        premium_fen: e.premium_fen,
        voucher_id: e.voucher_id,
    }
}

/// 以单位参保（参保率≥80%，10人及以下单位全员），生成保费凭证
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/mutual-aid/plans/{plan_id}/enrolments", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("plan_id" = Uuid, Path)), request_body = EnrolIn,
    responses((status = 201, body = [EnrolmentOut]), (status = 409, description = "保费付款后库存现金或银行存款将低于零（below_zero），需 confirm_below_zero 确认", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn enrol(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, plan_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<EnrolIn>,
) -> AppResult<(StatusCode, Json<Vec<EnrolmentOut>>)> {
    let pay = mutual::PremiumPayment {
        approver_user_id: b.approver_user_id,
        confirm_below_zero: b.confirm_below_zero.unwrap_or(false),
    };
    let rows = mutual::enrol(
        &state,
        &p,
        union_id,
        plan_id,
        &b.member_ids,
        &b.diagnosed_member_ids,
        b.term_start,
        pay,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(rows.into_iter().map(|e| enrolment_out(e, None)).collect())))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EnrolmentQuery {
    pub plan_id: Option<Uuid>,
    pub member_id: Option<Uuid>,
    /// 只列30天内到期待续保的
    pub renewals: Option<bool>,
}

/// 参保记录（renewals=true：待续保）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/mutual-aid/enrolments", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), EnrolmentQuery), responses((status = 200, body = [EnrolmentOut])))]
pub async fn enrolments(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<EnrolmentQuery>,
) -> AppResult<Json<Vec<EnrolmentOut>>> {
    let rows = if q.renewals.unwrap_or(false) {
        mutual::renewals_due(&state, union_id).await?
    } else {
        mutual::enrolments(&state, union_id, q.plan_id, q.member_id).await?
    };
    Ok(Json(rows.into_iter().map(|(e, n)| enrolment_out(e, Some(n))).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimIn {
    pub enrolment_id: Option<Uuid>,
    pub event_date: Option<NaiveDate>,
    pub claimed_fen: i64,
    pub description: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimOut {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub enrolment_id: Uuid,
    pub member_id: Uuid,
    pub member_name: Option<String>,
    pub event_date: NaiveDate,
    pub claimed_fen: i64,
    pub description: String,
    /// filed | approved | rejected | paid
    pub status: String,
    pub approved_fen: Option<i64>,
    /// 按计划测算的可赔金额（申请时）
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposed_fen: Option<i64>,
    pub assessment: Option<String>,
    pub voucher_id: Option<Uuid>,
}

fn claim_out(c: store::care::Claim, name: Option<String>, proposed: Option<i64>) -> ClaimOut {
    ClaimOut {
        id: c.id,
        plan_id: c.plan_id,
        enrolment_id: c.enrolment_id,
        member_id: c.member_id,
        member_name: name,
        event_date: c.event_date,
        claimed_fen: c.claimed_fen,
        description: c.description,
        status: c.status,
        approved_fen: c.approved_fen,
        proposed_fen: proposed,
        assessment: c.assessment,
        voucher_id: c.voucher_id,
    }
}

/// 理赔申请（超过年度赔付上限的拒绝）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/mutual-aid/claims", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = ClaimIn, responses((status = 201, body = ClaimOut), (status = 422, body = ErrorBody)))]
pub async fn file_claim(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<ClaimIn>,
) -> AppResult<(StatusCode, Json<ClaimOut>)> {
    let (c, proposed) =
        mutual::file_claim(&state, &p, union_id, b.enrolment_id, b.event_date, b.claimed_fen, &b.description)
            .await?;
    Ok((StatusCode::CREATED, Json(claim_out(c, None, Some(proposed)))))
}

/// 理赔记录
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/mutual-aid/claims", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), MemberQuery), responses((status = 200, body = [ClaimOut])))]
pub async fn claims(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<MemberQuery>,
) -> AppResult<Json<Vec<ClaimOut>>> {
    Ok(Json(
        mutual::claims(&state, union_id, q.member_id)
            .await?
            .into_iter()
            .map(|(c, n)| claim_out(c, Some(n), None))
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessIn {
    /// approve | reject
    pub decision: String,
    /// 核定金额（分），不填按计划测算
    pub approved_fen: Option<i64>,
    pub note: Option<String>,
}

/// 理赔审核
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/mutual-aid/claims/{claim_id}/assess", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("claim_id" = Uuid, Path)), request_body = AssessIn,
    responses((status = 200, body = ClaimOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn assess_claim(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<AssessIn>,
) -> AppResult<Json<ClaimOut>> {
    let approve = match b.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "decision",
                "decision 只能是 approve 或 reject",
            ));
        }
    };
    Ok(Json(claim_out(
        mutual::assess(&state, &p, union_id, id, approve, b.approved_fen, b.note.as_deref().unwrap_or(""))
            .await?,
        None,
        None,
    )))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PayClaimIn {
    /// 批准人账号：本会主席或财务负责人（见 payment-approvers），不能是经办人本人；赔付金额大于0时必填
    pub approver_user_id: Option<Uuid>,
}

/// 理赔款支付（生成凭证，批准人记为凭证审核人）；重复支付 409；缺少或不合格的批准人 422
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/mutual-aid/claims/{claim_id}/pay", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("claim_id" = Uuid, Path)), request_body(content = Option<PayClaimIn>),
    responses((status = 200, body = ClaimOut), (status = 409, body = ErrorBody),
        (status = 404, description = "批准人账号不存在（approver_user_id）", body = ErrorBody),
        (status = 422, description = "未选择批准人（required）或批准人是经办人本人（same_reviewer）", body = ErrorBody)))]
pub async fn pay_claim(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    body: axum::body::Bytes,
) -> AppResult<Json<ClaimOut>> {
    let b: PayClaimIn = if body.iter().all(u8::is_ascii_whitespace) {
        PayClaimIn::default()
    } else {
        crate::extract::parse_json(&body)?
    };
    Ok(Json(claim_out(mutual::pay_claim(&state, &p, union_id, id, b.approver_user_id).await?, None, None)))
}

/// 互助保障统计（按计划、年度）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/mutual-aid/report", tag = "care", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = [mutual::ReportLine])))]
pub async fn report(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<Vec<mutual::ReportLine>>> {
    Ok(Json(mutual::report(&state, union_id).await?))
}

// --- Me -----------------------------------------------------------------------

#[derive(Debug, Serialize, ToSchema)]
pub struct MyCareOut {
    /// 账号关联的会员；未关联时为 null
    pub member_id: Option<Uuid>,
    pub files: Vec<FileDetail>,
    pub totals: Vec<TotalOut>,
    pub claims: Vec<ClaimOut>,
}

/// 我的帮扶：本人的困难职工档案、受助合计、理赔（查看记入审计日志）
#[utoipa::path(get, path = "/api/v1/me/care", tag = "care", security(("bearer" = [])),
    responses((status = 200, body = MyCareOut)))]
pub async fn my_care(State(state): State<AppState>, p: Principal) -> AppResult<Json<MyCareOut>> {
    let m = me::my_care(&state, &p).await?;
    Ok(Json(MyCareOut {
        member_id: m.member_id,
        files: m.files.into_iter().map(detail).collect(),
        totals: m
            .totals
            .into_iter()
            .map(|(year, item, count, amount_fen)| TotalOut { year, item, count, amount_fen })
            .collect(),
        claims: m.claims.into_iter().map(|(c, n)| claim_out(c, Some(n), None)).collect(),
    }))
}
