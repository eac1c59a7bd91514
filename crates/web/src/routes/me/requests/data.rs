//! 我的信息: what gonghui holds about the member, who viewed their
//! sensitive fields, the copy (JSON, .xlsx), correction requests and the
//! aid-disclosure consent — the page and the JSON API.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::api::file_response;
use crate::extract::{ApiJson, PageForm, Query};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult, ErrorBody};
use app::me::data::{self as service, Access, Category};
use domain::ErrorCode;
use domain::me::application::{CorrectionStatus, Field};

// --- JSON ---------------------------------------------------------------------

#[derive(Debug, Serialize, ToSchema)]
pub struct MeProfileItemOut {
    /// 项目
    pub label: String,
    pub value: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeDataOut {
    pub member_id: Uuid,
    pub union: String,
    /// 基本信息（证件号码已遮蔽）
    pub profile: Vec<MeProfileItemOut>,
    /// 各类信息（副本中含各条记录；概况中 rows 为空）
    pub categories: Vec<Category>,
    /// 导出时间（副本）
    pub exported_at: Option<DateTime<Utc>>,
}

fn data_out(h: service::Held, exported: bool) -> MeDataOut {
    MeDataOut {
        member_id: h.member.id,
        union: h.union_name,
        profile: h
            .profile
            .into_iter()
            .map(|(k, v)| MeProfileItemOut { label: k.to_owned(), value: v })
            .collect(),
        categories: h.categories,
        exported_at: exported.then(Utc::now),
    }
}

/// 我的信息概况：工会保存了我的哪些信息（各类条数）
#[utoipa::path(get, path = "/api/v1/me/data", tag = "me-requests", security(("bearer" = [])),
    responses((status = 200, body = MeDataOut), (status = 409, body = ErrorBody)))]
pub async fn held(State(state): State<AppState>, p: Principal) -> AppResult<Json<MeDataOut>> {
    Ok(Json(data_out(service::held(&state, &p).await?, false)))
}

/// 谁在什么时候查看了我的证件号码、健康和收入信息
#[utoipa::path(get, path = "/api/v1/me/access-log", tag = "me-requests", security(("bearer" = [])),
    responses((status = 200, body = Vec<Access>), (status = 409, body = ErrorBody)))]
pub async fn access_log(State(state): State<AppState>, p: Principal) -> AppResult<Json<Vec<Access>>> {
    Ok(Json(service::access_log(&state, &p).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ExportParams {
    /// json（默认）| xlsx
    #[serde(default)]
    pub format: Option<String>,
}

/// 下载个人信息副本：JSON 或 Excel（每类一个工作表）；证件号码已遮蔽，下载记入审计日志
#[utoipa::path(get, path = "/api/v1/me/data-export", tag = "me-requests", security(("bearer" = [])),
    params(ExportParams),
    responses((status = 200, body = MeDataOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    p: Principal,
    Query(q): Query<ExportParams>,
) -> AppResult<Response> {
    match q.format.as_deref().unwrap_or("json") {
        "json" => Ok(Json(data_out(service::export(&state, &p, "json").await?, true)).into_response()),
        "xlsx" => {
            let (name, bytes) = service::export_xlsx(&state, &p).await?;
            Ok(file_response(
                &name,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                bytes,
            ))
        }
        _ => Err(AppError::field(ErrorCode::InvalidQuery, "format", "格式只能是 json 或 xlsx")),
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeCorrectionIn {
    /// name、gender、ethnicity、birth_date、mobile、education、political、employment、post、join_date、other
    pub field: String,
    /// 更正为
    pub value: String,
    /// 理由
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeCorrectionOut {
    pub id: Uuid,
    pub field: String,
    pub field_label: String,
    pub value: String,
    pub reason: String,
    /// open | done | rejected
    pub status: String,
    pub status_label: String,
    pub decision_note: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub due_on: NaiveDate,
    pub created_at: DateTime<Utc>,
}

pub fn correction_out(c: app::me::application::Correction) -> MeCorrectionOut {
    MeCorrectionOut {
        id: c.id,
        field_label: Field::parse(&c.field).map_or("", |f| f.label()).to_owned(),
        field: c.field,
        value: c.value,
        reason: c.reason,
        status_label: CorrectionStatus::parse(&c.status).map_or("", |s| s.label()).to_owned(),
        status: c.status,
        decision_note: c.decision_note,
        decided_by: c.decided_by,
        decided_at: c.decided_at,
        due_on: c.due_on,
        created_at: c.created_at,
    }
}

/// 申请更正本人信息（交工会干部办理；会籍已终止的不能在线申请）
#[utoipa::path(post, path = "/api/v1/me/corrections", tag = "me-requests", security(("bearer" = [])),
    request_body = MeCorrectionIn,
    responses((status = 201, body = MeCorrectionOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn request_correction(
    State(state): State<AppState>,
    p: Principal,
    ApiJson(b): ApiJson<MeCorrectionIn>,
) -> AppResult<(StatusCode, Json<MeCorrectionOut>)> {
    let c = service::request_correction(&state, &p, &b.field, &b.value, &b.reason).await?;
    Ok((StatusCode::CREATED, Json(correction_out(c))))
}

/// 我的更正申请（新的在前）
#[utoipa::path(get, path = "/api/v1/me/corrections", tag = "me-requests", security(("bearer" = [])),
    responses((status = 200, body = Vec<MeCorrectionOut>)))]
pub async fn corrections(
    State(state): State<AppState>,
    p: Principal,
) -> AppResult<Json<Vec<MeCorrectionOut>>> {
    Ok(Json(service::corrections(&state, &p).await?.into_iter().map(correction_out).collect()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeConsentRecordOut {
    pub consent: bool,
    pub recorded_by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeConsentsOut {
    /// 同意在公开栏公示受助信息；从未表态时为 null
    pub aid_disclosure: Option<bool>,
    pub history: Vec<MeConsentRecordOut>,
}

fn consents_out(c: service::Consents) -> MeConsentsOut {
    MeConsentsOut {
        aid_disclosure: c.aid_disclosure,
        history: c
            .history
            .into_iter()
            .map(|(consent, recorded_by, at)| MeConsentRecordOut { consent, recorded_by, at })
            .collect(),
    }
}

/// 我的同意事项（受助信息公示）
#[utoipa::path(get, path = "/api/v1/me/consents", tag = "me-requests", security(("bearer" = [])),
    responses((status = 200, body = MeConsentsOut), (status = 409, body = ErrorBody)))]
pub async fn consents(State(state): State<AppState>, p: Principal) -> AppResult<Json<MeConsentsOut>> {
    Ok(Json(consents_out(service::consents(&state, &p).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeConsentIn {
    /// true 同意，false 不同意（随时可撤回）
    pub aid_disclosure: bool,
}

/// 同意或撤回同意在公开栏公示本人受助信息（随时可改，记入帮扶慰问的同意记录）
#[utoipa::path(post, path = "/api/v1/me/consents", tag = "me-requests", security(("bearer" = [])),
    request_body = MeConsentIn,
    responses((status = 200, body = MeConsentsOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_consent(
    State(state): State<AppState>,
    p: Principal,
    ApiJson(b): ApiJson<MeConsentIn>,
) -> AppResult<Json<MeConsentsOut>> {
    Ok(Json(consents_out(service::set_consent(&state, &p, b.aid_disclosure).await?)))
}

// --- The page -----------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct CorrectionForm {
    #[serde(default)]
    pub field: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Template)]
#[template(path = "me/requests/data.html")]
struct DataPage {
    layout: Layout,
    held: Option<service::Held>,
    access: Vec<Access>,
    corrections: Vec<MeCorrectionOut>,
    consent: Option<bool>,
    fields: Vec<(&'static str, &'static str)>,
    form: CorrectionForm,
    errors: FormErrors,
}

async fn data_page(
    state: &AppState,
    p: &Principal,
    form: CorrectionForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let layout = Layout::new(state, p, "me", "我的信息").await.crumb("我的信息", "/me/data");
    let held = match service::held(state, p).await {
        Ok(h) => Some(h),
        Err(e) if e.0.field.as_deref() == Some("member") => None,
        Err(e) => return Err(e.into()),
    };
    let (access, corrections, consent) = if held.is_some() {
        (
            service::access_log(state, p).await?,
            service::corrections(state, p).await?.into_iter().map(correction_out).collect(),
            service::consents(state, p).await?.aid_disclosure,
        )
    } else {
        (Vec::new(), Vec::new(), None)
    };
    Ok(render_status(
        status,
        &DataPage {
            layout,
            held,
            access,
            corrections,
            consent,
            fields: Field::ALL.iter().map(|f| (f.as_str(), f.label())).collect(),
            form,
            errors,
        },
    ))
}

pub async fn page(State(state): State<AppState>, p: Principal) -> PageResult {
    data_page(&state, &p, CorrectionForm::default(), FormErrors::default(), StatusCode::OK).await
}

pub async fn correction_form(
    State(state): State<AppState>,
    p: Principal,
    PageForm(f): PageForm<CorrectionForm>,
) -> PageResult {
    match service::request_correction(&state, &p, &f.field, &f.value, &f.reason).await {
        Ok(_) => {
            let msg = "更正申请已提交，工会将在5个工作日内办理";
            Ok(redirect_with_flash(&state, &p, "/me/data#corrections", msg).await)
        }
        Err(e) => data_page(&state, &p, f, FormErrors::from_error(&e), e.status()).await,
    }
}

#[derive(Deserialize, Default)]
pub struct ConsentForm {
    #[serde(default)]
    pub aid_disclosure: String,
}

pub async fn consent_form(
    State(state): State<AppState>,
    p: Principal,
    PageForm(f): PageForm<ConsentForm>,
) -> PageResult {
    let r = match f.aid_disclosure.as_str() {
        "yes" => {
            service::set_consent(&state, &p, true).await.map(|_| "已同意在公开栏公示您的受助信息".to_owned())
        }
        "no" => service::set_consent(&state, &p, false)
            .await
            .map(|_| "已撤回同意：今后公示不含您的受助信息".to_owned()),
        _ => Err(AppError::field(ErrorCode::InvalidValue, "aid_disclosure", "请选择同意或不同意")),
    };
    crate::kit::done(&state, &p, "/me/data#consents", r).await
}
