//! What every area's handlers share and nothing else owns: the member
//! picker of forms, multipart file fields, the `{id}` answer of a create,
//! and the tail of a page handler that redirects on success or re-renders
//! the form with its errors.

use app::AppState;
use app::error::{AppError, AppResult};
use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use domain::ErrorCode;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// The answer of a create: the new record's id.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: Uuid,
}

/// The union's members to choose from (in the roster, by pinyin), as
/// (id, label) pairs for a `<select>`; None when there are too many for a
/// list (the form then takes a member number).
pub async fn member_choices(state: &AppState, union_id: Uuid) -> AppResult<Option<Vec<(String, String)>>> {
    const MAX: i64 = 200;
    let list = app::member::service::choices(state, union_id, MAX).await?;
    Ok(list.map(|l| l.into_iter().map(|(id, label)| (id.to_string(), label)).collect()))
}

/// The `file` field of a multipart upload: name, type, bytes.
pub async fn file_field(mp: Result<Multipart, MultipartRejection>) -> AppResult<(String, String, Vec<u8>)> {
    let bad = |m: &str| AppError::field(ErrorCode::InvalidValue, "file", m.to_owned());
    let mut mp = mp.map_err(|_| bad("请以 multipart/form-data 表单上传文件（字段名 file）"))?;
    while let Some(field) = mp.next_field().await.map_err(|_| bad("上传内容无法识别"))? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("附件").to_owned();
            let ct = field.content_type().unwrap_or("application/octet-stream").to_owned();
            let bytes = field.bytes().await.map_err(|_| bad("文件上传不完整，请重试"))?;
            return Ok((name, ct, bytes.to_vec()));
        }
    }
    Err(AppError::field(ErrorCode::Required, "file", "请选择要上传的附件"))
}
