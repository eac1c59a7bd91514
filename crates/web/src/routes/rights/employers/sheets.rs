//! The register on paper and in Excel: the print page, the .xlsx export,
//! the import template, and the import page with its report.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::ErrorCode;
use uuid::Uuid;

use super::pages::{ListParams, base, layout};
use crate::extract::{Path, Query};
use crate::pages::{Layout, PageResult, render, render_status};
use crate::routes::member::api::xlsx;
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::org::Org;
use app::rights::employer::export as register_sheet;
use app::rights::employer::import::{ImportOptions, ImportReport};
use app::rights::employer::{self as service, Employer};

#[derive(Template)]
#[template(path = "rights/employers/print.html")]
struct PrintPage {
    org: Org,
    rows: Vec<Employer>,
    staff: i64,
    women: i64,
    migrant_workers: i64,
    unionless: bool,
    today: String,
}

/// The printable register (企业名录台帐), with the list's filters.
pub async fn print(
    State(state): State<AppState>,
    Path(org_id): Path<Uuid>,
    Query(f): Query<ListParams>,
) -> PageResult {
    let (org, rows) = service::all(&state, org_id, &f.filter()?).await?;
    Ok(render(&PrintPage {
        staff: rows.iter().map(|e| e.staff).sum(),
        women: rows.iter().map(|e| e.women).sum(),
        migrant_workers: rows.iter().map(|e| e.migrant_workers).sum(),
        unionless: !f.unionless.is_empty(),
        today: domain::time::fmt_date(domain::time::today(app::now())),
        org,
        rows,
    }))
}

/// 企业名录.xlsx, in the import's columns, with the list's filters.
pub async fn export(
    State(state): State<AppState>,
    Path(org_id): Path<Uuid>,
    Query(f): Query<ListParams>,
) -> AppResult<Response> {
    let (name, bytes) = register_sheet::register_xlsx(&state, org_id, &f.filter()?).await?;
    Ok(xlsx(&format!("{name}企业名录.xlsx"), bytes))
}

/// 企业名录导入模板.xlsx.
pub async fn template() -> AppResult<Response> {
    Ok(xlsx("企业名录导入模板.xlsx", register_sheet::template_xlsx().await?))
}

#[derive(Template)]
#[template(path = "rights/employers/import.html")]
struct ImportPage {
    layout: Layout,
    org: Org,
    columns: Vec<&'static str>,
    error: Option<String>,
    report: Option<ImportReport>,
    filename: String,
    skip_bad_rows: bool,
}

#[allow(clippy::too_many_arguments)]
async fn import_page(
    state: &AppState,
    p: &Principal,
    org_id: Uuid,
    status: StatusCode,
    error: Option<String>,
    report: Option<ImportReport>,
    filename: String,
    skip_bad_rows: bool,
) -> PageResult {
    let org = service::register(state, org_id).await?;
    let layout =
        layout(state, p, &org, "导入企业名录").await.crumb("导入", format!("{}/import", base(org_id)));
    Ok(render_status(
        status,
        &ImportPage {
            layout,
            org,
            columns: register_sheet::headers(),
            error,
            report,
            filename,
            skip_bad_rows,
        },
    ))
}

pub async fn import_form(
    State(state): State<AppState>,
    p: Principal,
    Path(org_id): Path<Uuid>,
) -> PageResult {
    import_page(&state, &p, org_id, StatusCode::OK, None, None, String::new(), false).await
}

/// The upload: the file, whether only to check, whether to skip bad rows.
async fn upload(mp: Result<Multipart, MultipartRejection>) -> AppResult<(String, Vec<u8>, ImportOptions)> {
    let bad = |m: &str| AppError::field(ErrorCode::InvalidValue, "file", m.to_owned());
    let mut mp = mp.map_err(|_| bad("请以 multipart/form-data 表单上传文件（字段名 file）"))?;
    let (mut file, mut options) = (None, ImportOptions::default());
    while let Some(field) = mp.next_field().await.map_err(|_| bad("上传内容无法识别"))? {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_owned();
                let bytes = field.bytes().await.map_err(|_| bad("文件上传不完整，请重试"))?;
                file = Some((name, bytes.to_vec()));
            }
            Some("action") => options.dry_run = field.text().await.unwrap_or_default() == "check",
            Some("skip_bad_rows") => options.skip_bad_rows = true,
            _ => {}
        }
    }
    let (name, bytes) =
        file.ok_or_else(|| AppError::field(ErrorCode::Required, "file", "请选择要导入的文件"))?;
    if bytes.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "file", "请选择要导入的文件"));
    }
    Ok((name, bytes, options))
}

/// Checks or imports the uploaded file and shows the report: the rows that
/// cannot be imported with their reasons, and what was (or would be)
/// written.
pub async fn import_upload(
    State(state): State<AppState>,
    p: Principal,
    Path(org_id): Path<Uuid>,
    mp: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let (filename, bytes, options) = match upload(mp).await {
        Ok(u) => u,
        Err(e) => {
            let status = e.status();
            return import_page(&state, &p, org_id, status, Some(e.0.message), None, String::new(), false)
                .await;
        }
    };
    match app::rights::employer::import::import(&state, &p, org_id, bytes, &filename, options).await {
        Ok(r) => {
            let status = if r.written || r.rejected.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            import_page(&state, &p, org_id, status, None, Some(r), filename, options.skip_bad_rows).await
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            let status = e.status();
            import_page(&state, &p, org_id, status, Some(e.0.message), None, filename, options.skip_bad_rows)
                .await
        }
    }
}
