//! Importing a roster from an uploaded spreadsheet.

use std::sync::atomic::AtomicUsize;

use crate::extract::Path;
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Response};
use domain::ErrorCode;
use domain::member::Column;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::xlsx;
use crate::extract::Query;
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult, ErrorBody};
use app::member::import;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// true：只预览，不写入
    pub dry_run: Option<bool>,
    /// xlsx：返回不能导入的行（原单元格加“原因”列）的 Excel 文件，而不是 JSON
    pub rejected: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RejectedRow {
    /// 表格中的行号
    pub row: usize,
    pub name: String,
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MissingGroup {
    /// 文件中填写、本会尚未建立的小组名称
    pub name: String,
    /// 填写该小组的行数
    pub rows: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportResult {
    pub imported: usize,
    /// 预览时为可导入的行数
    pub acceptable: usize,
    pub rejected: Vec<RejectedRow>,
    pub dry_run: bool,
    /// 文件中填写、本会尚未建立的小组（上传时带 create_groups=true 则导入时新建）
    pub missing_groups: Vec<MissingGroup>,
    /// 本次导入新建的小组数
    pub groups_created: usize,
    /// 文件末尾的落款行（制表、审核、日期等），不导入
    pub footer_rows: usize,
}

/// An upload: the `file` part, and the optional `mapping` part.
pub struct Upload {
    pub filename: String,
    pub bytes: Vec<u8>,
    /// The column each header cell is imported as (`null`: not imported),
    /// e.g. `[null, "name", "id_number", "mobile"]`.
    pub mapping: Option<Vec<Option<Column>>>,
    /// `create_groups=true`: set up the 小组 the file names that do not exist.
    pub create_groups: bool,
}

/// Reads a multipart upload.
pub async fn upload(mp: Result<Multipart, MultipartRejection>) -> AppResult<Upload> {
    let bad = |f: &str, m: &str| AppError::field(ErrorCode::InvalidValue, f, m.to_owned());
    let mut mp = mp.map_err(|_| bad("file", "请以 multipart/form-data 表单上传文件（字段名 file）"))?;
    let mut file = None;
    let mut mapping = None;
    let mut create_groups = false;
    while let Some(field) = mp.next_field().await.map_err(|_| bad("file", "上传内容无法识别"))? {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_owned();
                let bytes = field.bytes().await.map_err(|_| bad("file", "文件上传不完整，请重试"))?;
                file = Some((name, bytes.to_vec()));
            }
            Some("mapping") => {
                let text = field.text().await.map_err(|_| bad("mapping", "列对应关系无法识别"))?;
                let raw: Vec<Option<String>> = serde_json::from_str(&text).map_err(|_| {
                    bad("mapping", "列对应关系应为 JSON 数组，如 [null, \"name\", \"id_number\"]")
                })?;
                let mut cols = Vec::with_capacity(raw.len());
                for c in raw {
                    cols.push(match c {
                        None => None,
                        Some(c) => Some(
                            Column::parse(&c).ok_or_else(|| bad("mapping", &format!("没有名为“{c}”的列")))?,
                        ),
                    });
                }
                mapping = Some(cols);
            }
            Some("create_groups") => {
                let text = field
                    .text()
                    .await
                    .map_err(|_| bad("create_groups", "create_groups 应为 true 或 false"))?;
                create_groups = match text.trim() {
                    "true" | "1" | "on" => true,
                    "false" | "0" | "" => false,
                    _ => return Err(bad("create_groups", "create_groups 应为 true 或 false")),
                };
            }
            _ => {}
        }
    }
    let (filename, bytes) =
        file.ok_or_else(|| AppError::field(ErrorCode::Required, "file", "请选择要导入的文件"))?;
    Ok(Upload { filename, bytes, mapping, create_groups })
}

/// 从 Excel / CSV 导入会员（multipart 字段 file）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/members/import", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ImportQuery),
    request_body(content_type = "multipart/form-data", description = "字段 file：.xlsx、.xls 或 .csv（UTF-8 / GBK）；可选字段 mapping：各列导入为哪一项的 JSON 数组，如 [null, \"name\", \"id_number\"]，省略时按列名自动识别；可选字段 create_groups=true：新建文件中填写而本会尚未建立的小组（记入审计日志）并导入这些行"),
    responses((status = 200, body = ImportResult), (status = 422, body = ErrorBody)))]
pub async fn import_file(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<ImportQuery>,
    mp: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let Upload { filename, bytes, mapping, create_groups } = upload(mp).await?;
    let name = filename.clone();
    let table = tokio::task::spawn_blocking(move || import::read(&name, &bytes))
        .await
        .map_err(|_| AppError::code(ErrorCode::Internal))??;
    let (header, columns) = import::plan(&table, mapping)?;
    let dry_run = q.dry_run.unwrap_or(false);
    let done = AtomicUsize::new(0);
    let commit =
        (!dry_run).then(|| import::Commit { actor: p.actor(), filename: &filename, progress: &done });
    let options = import::Options { create_groups };
    let e = import::run(&state, union_id, table, header, columns, options, commit).await?;
    let rejected_xlsx =
        if q.rejected.as_deref() == Some("xlsx") { Some(import::rejected_xlsx(&e)?) } else { None };
    let rejected = e
        .rejected()
        .map(|r| RejectedRow {
            row: r.row,
            name: r.name.clone(),
            message: r.rejection.clone().unwrap_or_default(),
        })
        .collect();
    let (acceptable, imported, groups_created, footer_rows) =
        (e.acceptable, e.imported, e.groups_created, e.footer_rows);
    let missing_groups =
        e.missing_groups.into_iter().map(|(name, rows)| MissingGroup { name, rows }).collect();
    Ok(match rejected_xlsx {
        Some(bytes) => xlsx("不能导入的行.xlsx", bytes),
        None => Json(ImportResult {
            imported,
            acceptable,
            rejected,
            dry_run,
            missing_groups,
            groups_created,
            footer_rows,
        })
        .into_response(),
    })
}
