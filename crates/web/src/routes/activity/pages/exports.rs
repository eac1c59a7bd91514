//! The lists out: attendance, sign-ups and the union's activities as .xlsx
//! with Chinese headers, and the printable 签到表 for paper.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use domain::time::fmt_datetime;
use uuid::Uuid;

use crate::extract::{Path, Query};
use crate::pages::{PageResult, render};
use crate::routes::member::api::xlsx;
use app::AppState;
use app::activity::exports::{self, ABSENT_HEADERS, ACTIVITY_HEADERS, ATTENDANCE_HEADERS, SIGNUP_HEADERS};
use app::error::AppResult;

/// Blank rows at the foot of the 签到表 for people who come without a place.
pub const WALK_IN_ROWS: usize = 10;

/// 签到名单.xlsx: who checked in, when and how, walk-ins marked.
pub async fn attendance_xlsx(State(state): State<AppState>, Path(id): Path<Uuid>) -> AppResult<Response> {
    let (a, rows) = exports::attendance(&state, id).await?;
    let bytes = exports::xlsx("签到名单", &ATTENDANCE_HEADERS, rows).await?;
    Ok(xlsx(&exports::file_name(&a, "签到名单"), bytes))
}

/// 报名名单.xlsx: every sign-up in arrival order with its status.
pub async fn signups_xlsx(State(state): State<AppState>, Path(id): Path<Uuid>) -> AppResult<Response> {
    let (a, rows) = exports::signups(&state, id, false).await?;
    let bytes = exports::xlsx("报名名单", &SIGNUP_HEADERS, exports::signup_sheet(rows)).await?;
    Ok(xlsx(&exports::file_name(&a, "报名名单"), bytes))
}

/// 活动列表.xlsx: the union's activities.
pub async fn activities_xlsx(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Response> {
    let (union_name, rows) = exports::activities(&state, union_id).await?;
    let bytes = exports::xlsx("活动列表", &ACTIVITY_HEADERS, rows).await?;
    Ok(xlsx(&format!("{union_name}活动列表.xlsx"), bytes))
}

pub struct SheetRow {
    pub name: String,
    pub group: String,
}

#[derive(Template)]
#[template(path = "activity/sign_in_sheet.html")]
struct SignInSheet {
    union_name: String,
    activity_id: Uuid,
    title: String,
    when: String,
    place: String,
    rows: Vec<SheetRow>,
    blank: Vec<usize>,
}

/// The printable 签到表: the confirmed sign-ups with a blank column to sign
/// in, then blank rows for walk-ins.
pub async fn sign_in_sheet(State(state): State<AppState>, Path(id): Path<Uuid>) -> PageResult {
    let (a, rows) = exports::signups(&state, id, true).await?;
    let union = app::org::union(&state, a.union_id).await?;
    let first_blank = rows.len() + 1;
    Ok(render(&SignInSheet {
        union_name: union.name,
        activity_id: a.id,
        title: a.title,
        when: format!("{} 至 {}", fmt_datetime(a.starts_at), fmt_datetime(a.ends_at)),
        place: a.place,
        rows: rows
            .into_iter()
            .map(|r| SheetRow { name: r.name, group: r.group_name.unwrap_or_default() })
            .collect(),
        blank: (first_blank..first_blank + WALK_IN_ROWS).collect(),
    }))
}

#[derive(serde::Deserialize, Default)]
pub struct YearQuery {
    #[serde(default)]
    pub year: Option<i32>,
}

/// 全年未参加活动名单.xlsx: active members who took part in nothing that year.
pub async fn absent_xlsx(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let year = q.year.unwrap_or_else(|| chrono::Datelike::year(&domain::time::today(chrono::Utc::now())));
    let (union_name, rows) = exports::absent(&state, union_id, year).await?;
    let bytes = exports::xlsx("未参加活动名单", &ABSENT_HEADERS, rows).await?;
    Ok(xlsx(&format!("{union_name}{year}年未参加活动名单.xlsx"), bytes))
}
