//! What every area's handlers share and nothing else owns: the member
//! picker of forms, multipart file fields, the `{id}` answer of a create,
//! and the tail of a page handler that redirects on success or re-renders
//! the form with its errors; and a disclosure-board item as the API shows it
//! (the board and the areas that publish to it answer with it).

use app::AppState;
use app::auth::Principal;
use app::disclosure::Item;
use app::error::{AppError, AppResult};
use axum::http::StatusCode;

use crate::pages::{FormErrors, PageResult, redirect_with_flash};
use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use chrono::{DateTime, Utc};
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

/// The status of a re-rendered form: that of its error, else 200.
pub fn status_of(e: Option<&AppError>) -> StatusCode {
    e.map(|e| e.status()).unwrap_or(StatusCode::OK)
}

/// The errors of a form, with the service's field names renamed to the
/// form's.
pub fn form_errors(e: &AppError, rename: &[(&str, &str)]) -> FormErrors {
    let mut fe = FormErrors::from_error(e);
    for (f, _) in fe.items.iter_mut() {
        if let Some((_, to)) = rename.iter().find(|(from, _)| from == f) {
            *f = (*to).to_owned();
        }
    }
    fe
}

/// After a button (no fields to keep): back to `to` with the outcome as
/// the flash. A missing record is the error page.
pub async fn done(state: &AppState, p: &Principal, to: &str, r: AppResult<String>) -> PageResult {
    match r {
        Ok(msg) => Ok(redirect_with_flash(state, p, to, &msg).await),
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => Ok(redirect_with_flash(state, p, to, &e.0.message).await),
    }
}

/// Named `BoardItemOut` in the API document: the ballot tally's `ItemOut`
/// had the name first.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = BoardItemOut)]
pub struct ItemOut {
    pub id: Uuid,
    /// finance | aid | democracy | affairs | welfare | other
    pub category: String,
    pub category_label: String,
    pub title: String,
    pub period: String,
    pub body: String,
    pub published_by: String,
    pub published_at: DateTime<Utc>,
    /// Set when withdrawn (only the board's keepers see withdrawn items).
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdraw_reason: Option<String>,
}

pub fn item_out(i: Item) -> ItemOut {
    ItemOut {
        id: i.id,
        category_label: domain::disclosure::Category::parse(&i.category).map_or("", |c| c.label()).to_owned(),
        category: i.category,
        title: i.title,
        period: i.period,
        body: i.body,
        published_by: i.published_by,
        published_at: i.published_at,
        withdrawn_at: i.withdrawn_at,
        withdraw_reason: i.withdraw_reason,
    }
}
