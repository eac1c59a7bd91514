//! `/api/v1/me/applications`: the member's own applications with progress.

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::{Path, parse_json};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult, ErrorBody};
use app::me::application::{self as service, ApplicationInput, ApplicationView, Upload};
use domain::ErrorCode;

/// The answer of a submitted application.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeApplicationCreated {
    pub id: Uuid,
    /// submitted | in_progress
    pub status: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeApplicationFileOut {
    pub id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeApplicationLogOut {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub status: String,
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeApplicationOut {
    pub id: Uuid,
    pub union_id: Uuid,
    pub member_id: Uuid,
    /// hardship | claim | condolence | transfer
    pub kind: String,
    /// 申请类型（中文）
    pub kind_label: String,
    /// submitted | in_progress | approved | rejected | withdrawn
    pub status: String,
    /// 办理进度（中文）
    pub status_label: String,
    /// 进度：1 已提交，2 办理中，3 已办结
    pub step: u8,
    /// 转成的记录：care_file | care_claim | care_event | transfer
    pub target_kind: Option<String>,
    pub target_id: Option<Uuid>,
    /// 记录本身的状态（draft、filed、requested …）
    pub target_status: Option<String>,
    /// 记录状态（中文）
    pub target_status_label: String,
    /// 申请内容（不含收入、健康等加密保存的信息）
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    pub decision_note: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// 工会应办理的期限（5个工作日）
    pub due_on: NaiveDate,
    pub created_at: DateTime<Utc>,
    /// 材料（列表中不返回）
    pub files: Vec<MeApplicationFileOut>,
    /// 办理记录（列表中不返回）
    pub log: Vec<MeApplicationLogOut>,
}

pub fn out(v: ApplicationView) -> MeApplicationOut {
    MeApplicationOut {
        id: v.a.id,
        union_id: v.a.union_id,
        member_id: v.a.member_id,
        kind: v.a.kind.clone(),
        kind_label: v.kind.label().to_owned(),
        status: v.a.status.clone(),
        status_label: v.status.label().to_owned(),
        step: v.status.step(),
        target_kind: v.a.target_kind.clone(),
        target_id: v.a.target_id,
        target_status: v.target_status.clone(),
        target_status_label: v.target_label.to_owned(),
        details: v.details,
        decision_note: v.a.decision_note,
        decided_by: v.a.decided_by,
        decided_at: v.a.decided_at,
        due_on: v.a.due_on,
        created_at: v.a.created_at,
        files: v
            .files
            .into_iter()
            .map(|f| MeApplicationFileOut {
                id: f.id,
                file_name: f.file_name,
                content_type: f.content_type,
                size: f.size,
                uploaded_at: f.uploaded_at,
            })
            .collect(),
        log: v
            .log
            .into_iter()
            .map(|l| MeApplicationLogOut { at: l.at, actor: l.actor, status: l.status, note: l.note })
            .collect(),
    }
}

/// The file parts of a multipart body (`documents` or `file`) and its text
/// fields, in order.
pub async fn multipart_parts(
    mp: Result<Multipart, MultipartRejection>,
) -> AppResult<(Vec<(String, String)>, Vec<Upload>)> {
    let bad = |m: &str| AppError::field(ErrorCode::InvalidValue, "documents", m.to_owned());
    let mut mp = mp.map_err(|_| bad("请以 multipart/form-data 表单提交"))?;
    let (mut fields, mut files) = (Vec::new(), Vec::new());
    while let Some(field) = mp.next_field().await.map_err(|_| bad("上传内容无法识别"))? {
        let name = field.name().unwrap_or_default().to_owned();
        match field.file_name().map(str::to_owned) {
            Some(file_name) => {
                let bytes = field.bytes().await.map_err(|_| bad("文件上传不完整，请重试"))?;
                // A file input left empty sends an empty part without a name.
                if !(file_name.is_empty() && bytes.is_empty()) {
                    files.push(Upload { file_name, bytes: bytes.to_vec() });
                }
            }
            None => {
                let text = field.text().await.map_err(|_| bad("表单内容无法识别"))?;
                fields.push((name, text));
            }
        }
    }
    Ok((fields, files))
}

fn is_multipart(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

/// 提交申请：JSON（不带材料），或 multipart（字段 application 为 JSON，字段 documents 为材料文件，可多个）。
/// 理赔申请须附至少一份材料（图片或PDF，每份不超过10MB）；申请人是当前账号关联的会员
#[utoipa::path(post, path = "/api/v1/me/applications", tag = "me-requests", security(("bearer" = [])),
    request_body = ApplicationInput,
    responses((status = 201, body = MeApplicationCreated), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    p: Principal,
    req: Request,
) -> AppResult<(StatusCode, Json<MeApplicationCreated>)> {
    let (input, files) = if is_multipart(&req) {
        let mp = Multipart::from_request(req, &()).await;
        let (fields, files) = multipart_parts(mp).await?;
        let json = fields.into_iter().find(|(k, _)| k == "application").map(|(_, v)| v).ok_or_else(|| {
            AppError::field(
                ErrorCode::Required,
                "application",
                "multipart 提交须有 application 字段（申请内容 JSON）",
            )
        })?;
        (parse_json::<ApplicationInput>(json.as_bytes())?, files)
    } else {
        let bytes = axum::body::to_bytes(req.into_body(), usize::MAX)
            .await
            .map_err(|_| AppError::code(ErrorCode::BodyTooLarge))?;
        (parse_json::<ApplicationInput>(&bytes)?, Vec::new())
    };
    let a = service::submit(&state, &p, &input, &files).await?;
    Ok((StatusCode::CREATED, Json(MeApplicationCreated { id: a.id, status: a.status })))
}

/// 我的申请（新的在前），含办理进度
#[utoipa::path(get, path = "/api/v1/me/applications", tag = "me-requests", security(("bearer" = [])),
    responses((status = 200, body = Vec<MeApplicationOut>)))]
pub async fn list(State(state): State<AppState>, p: Principal) -> AppResult<Json<Vec<MeApplicationOut>>> {
    Ok(Json(service::mine(&state, &p).await?.into_iter().map(out).collect()))
}

/// 我的一项申请：进度、材料、办理记录（他人的申请答 404）
#[utoipa::path(get, path = "/api/v1/me/applications/{application_id}", tag = "me-requests", security(("bearer" = [])),
    params(("application_id" = Uuid, Path)),
    responses((status = 200, body = MeApplicationOut), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<Json<MeApplicationOut>> {
    Ok(Json(out(service::one(&state, &p, id).await?)))
}

/// 为本人办理中的申请补充材料（图片或PDF，不超过10MB；multipart，字段名 file）
#[utoipa::path(post, path = "/api/v1/me/applications/{application_id}/files", tag = "me-requests", security(("bearer" = [])),
    params(("application_id" = Uuid, Path)),
    responses((status = 201, body = MeApplicationFileOut), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    mp: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, Json<MeApplicationFileOut>)> {
    let (file_name, _, bytes) = crate::kit::file_field(mp).await?;
    let f = service::add_file(&state, &p, id, &Upload { file_name, bytes }).await?;
    Ok((
        StatusCode::CREATED,
        Json(MeApplicationFileOut {
            id: f.id,
            file_name: f.file_name,
            content_type: f.content_type,
            size: f.size,
            uploaded_at: f.uploaded_at,
        }),
    ))
}

/// 下载本人申请的一份材料
#[utoipa::path(get, path = "/api/v1/me/applications/{application_id}/files/{file_id}", tag = "me-requests", security(("bearer" = [])),
    params(("application_id" = Uuid, Path), ("file_id" = Uuid, Path)),
    responses((status = 200, description = "文件内容"), (status = 404, body = ErrorBody)))]
pub async fn download(
    State(state): State<AppState>,
    p: Principal,
    Path((id, file_id)): Path<(Uuid, Uuid)>,
) -> AppResult<Response> {
    let (f, bytes) = service::file(&state, &p, id, file_id).await?;
    Ok(file_response(&f.file_name, &f.content_type, bytes))
}

/// A file to download, its name ASCII-safe in the header and in full as
/// `filename*`.
pub fn file_response(name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    use axum::response::IntoResponse;
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '_' }).collect();
    let utf8: String =
        form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>().replace('+', "%20");
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{utf8}"),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}
