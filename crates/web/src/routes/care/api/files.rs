//! Hardship files: create, list, open (logged), review, decide, close,
//! and the documents of files and of payments.

use crate::extract::Path;
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use domain::ErrorCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Query};
use crate::kit::file_field;
use app::AppState;
use app::auth::Principal;
use app::care::files::{self, FileInput, HouseholdMember};
use app::error::{AppError, AppResult, ErrorBody};

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

fn file_out(f: &app::care::File, reasons: Vec<String>) -> FileOut {
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

fn doc_out(d: app::care::Document) -> DocumentOut {
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
