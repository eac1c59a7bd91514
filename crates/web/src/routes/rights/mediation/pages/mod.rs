//! Mediation pages: the case list (with its print and .xlsx), the new-case
//! form, one case with its step forms and the printable 调解协议书, the
//! committee, and the yearly report.

pub mod case;
pub mod committee;
pub mod list;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use domain::ErrorCode;
use uuid::Uuid;

use crate::pages::Layout;
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};

pub fn base(union_id: Uuid) -> String {
    format!("/unions/{union_id}/mediation-cases")
}

pub fn case_url(case_id: Uuid) -> String {
    format!("/mediation-cases/{case_id}")
}

/// The layout of a mediation page under its union, with the union's path.
pub async fn layout(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    title: &str,
) -> AppResult<(Layout, String)> {
    let union = app::org::union(state, union_id).await?;
    let layout = Layout::new(state, p, "rights", title)
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("维权", format!("/unions/{union_id}/rights"))
        .crumb("劳动争议调解", base(union_id));
    Ok((layout, union.path))
}

/// A date typed in a form: empty is None; anything else must read as a
/// date, or the field is named.
pub fn date(field: &str, label: &str, s: &str) -> AppResult<Option<NaiveDate>> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    domain::time::parse_date(s).map(Some).ok_or_else(|| {
        AppError::field(ErrorCode::InvalidDate, field, format!("{label}应为日期，如2026-03-05"))
    })
}

/// An amount in yuan typed in a form, as fen; empty is None.
pub fn yuan(field: &str, label: &str, s: &str) -> AppResult<Option<i64>> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(domain::finance::money::parse_yuan(field, label, s, false)?))
}

/// `2026年3月5日`.
pub fn ymd(d: &NaiveDate) -> String {
    domain::time::fmt_date(*d)
}

/// `1,234.50`.
pub fn money(fen: &i64) -> String {
    domain::finance::money::fmt_yuan(*fen)
}

/// A spreadsheet download with a Chinese file name (RFC 5987).
pub fn xlsx(filename: &str, bytes: Vec<u8>) -> Response {
    let encoded: String = filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"list.xlsx\"; filename*=UTF-8''{encoded}"),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}
