//! The activity lists out: Excel files with Chinese headers (attendance,
//! sign-ups, the union's activities) and the rows of the printed 签到表.

use domain::activity::{ActivityKind, CheckinMethod};
use domain::time::fmt_datetime;
use domain::{ErrorCode, UnionId};
use store::activity::Activity;
use store::activity::signup::Listed as SignupRow;
use uuid::Uuid;

use super::cost::load;
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// The headers of the attendance list.
pub const ATTENDANCE_HEADERS: [&str; 6] =
    ["序号", "姓名", "部门/小组", "签到时间", "签到方式", "是否临时参加"];
/// The headers of the sign-up list.
pub const SIGNUP_HEADERS: [&str; 6] = ["报名序号", "姓名", "部门/小组", "状态", "报名时间", "报名人"];
/// The headers of the union's activity list.
pub const ACTIVITY_HEADERS: [&str; 9] =
    ["活动名称", "类型", "开始时间", "结束时间", "地点", "名额", "已报名", "候补", "状态"];

fn method_label(m: &str) -> &'static str {
    match m {
        "code" => CheckinMethod::Code.label(),
        "officer" => CheckinMethod::Officer.label(),
        _ => "",
    }
}

pub fn signup_status_label(s: &str) -> &'static str {
    domain::activity::SignupStatus::parse(s).map_or("", |s| s.label())
}

/// The status as the list shows it: a turned-down sign-up with its reason.
fn signup_status_text(r: &SignupRow) -> String {
    let label = signup_status_label(&r.status);
    match &r.reason {
        Some(reason) if r.status == "rejected" => format!("{label}：{reason}"),
        _ => label.to_owned(),
    }
}

pub fn kind_label(k: &str) -> &'static str {
    ActivityKind::parse(k).map_or("", |k| k.label())
}

/// Writes a workbook off the async threads.
pub async fn xlsx(
    sheet: &'static str,
    headers: &'static [&'static str],
    rows: Vec<Vec<String>>,
) -> AppResult<Vec<u8>> {
    tokio::task::spawn_blocking(move || sheet::write_xlsx(sheet, headers, &rows))
        .await
        .map_err(|_| AppError::code(ErrorCode::Internal))?
        .map_err(|e| AppError::field(ErrorCode::Internal, "file", e.message()))
}

/// The file name of a list of one activity: `<title>签到名单.xlsx`.
pub fn file_name(a: &Activity, what: &str) -> String {
    let title: String = a.title.chars().filter(|c| !"\\/:*?\"<>|".contains(*c)).take(40).collect();
    format!("{title}{what}.xlsx")
}

/// The attendance list (check-ins in the order people came).
pub async fn attendance(state: &AppState, activity_id: Uuid) -> AppResult<(Activity, Vec<Vec<String>>)> {
    let mut tx = state.db.read().await?;
    let a = load(&mut tx, activity_id).await?;
    let rows = store::activity::checkin::list(&mut tx, UnionId(a.union_id), a.id).await?;
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                r.name,
                r.group_name.unwrap_or_default(),
                fmt_datetime(r.at),
                method_label(&r.method).to_owned(),
                if r.walk_in { "是" } else { "否" }.to_owned(),
            ]
        })
        .collect();
    Ok((a, rows))
}

/// The sign-ups in arrival order; only the confirmed ones for the 签到表.
pub async fn signups(
    state: &AppState,
    activity_id: Uuid,
    confirmed_only: bool,
) -> AppResult<(Activity, Vec<SignupRow>)> {
    let mut tx = state.db.read().await?;
    let a = load(&mut tx, activity_id).await?;
    let mut rows = store::activity::signup::list(&mut tx, UnionId(a.union_id), a.id).await?;
    if confirmed_only {
        rows.retain(|r| r.status == "confirmed");
    }
    Ok((a, rows))
}

/// The sign-up list as spreadsheet rows.
pub fn signup_sheet(rows: Vec<SignupRow>) -> Vec<Vec<String>> {
    rows.into_iter()
        .map(|r| {
            let status = signup_status_text(&r);
            vec![
                r.seq.to_string(),
                r.name,
                r.group_name.unwrap_or_default(),
                status,
                fmt_datetime(r.signed_up_at),
                r.signed_up_by,
            ]
        })
        .collect()
}

/// The union's activities as spreadsheet rows, with the union's name.
pub async fn activities(state: &AppState, union_id: Uuid) -> AppResult<(String, Vec<Vec<String>>)> {
    let mut tx = state.db.read().await?;
    let union = load_union(&mut tx, union_id).await?;
    let list = store::activity::list(&mut tx, UnionId(union_id)).await?;
    let rows = list
        .into_iter()
        .map(|a| {
            vec![
                a.title,
                kind_label(&a.kind).to_owned(),
                fmt_datetime(a.starts_at),
                fmt_datetime(a.ends_at),
                a.place,
                a.places.to_string(),
                a.confirmed_count.to_string(),
                a.waiting_count.to_string(),
                if a.status == "cancelled" { "已取消" } else { "正常" }.to_owned(),
            ]
        })
        .collect();
    Ok((union.name, rows))
}

/// The headers of the list of members who took part in nothing.
pub const ABSENT_HEADERS: [&str; 3] = ["序号", "姓名", "部门/小组"];

/// Every active member who attended no activity starting in `year` (in
/// Beijing time), by name: the whole list, where the participation page
/// shows the first of them.
pub async fn absent(state: &AppState, union_id: Uuid, year: i32) -> AppResult<(String, Vec<Vec<String>>)> {
    // The range check of the year.
    super::participation::bounds(year)?;
    let mut tx = state.db.read().await?;
    let union = load_union(&mut tx, union_id).await?;
    let rows = store::activity::participation::absent(&mut tx, UnionId(union_id), year, i64::MAX, 0).await?;
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| vec![(i + 1).to_string(), r.name, r.group_name.unwrap_or_default()])
        .collect();
    Ok((union.name, rows))
}
