//! The roster out: .xlsx with Chinese headers, and the printable 花名册.

use domain::UnionId;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use domain::member::{DocType, Gender, MemberStatus};
use uuid::Uuid;

use super::api::{ListQuery, xlsx};
use super::pages::{ListParams, union_layout};
use crate::extract::{Path, Query};
use crate::pages::{Layout, PageResult, render};
use crate::print::{Column, drop_empty_columns};
use app::AppState;
use app::audit::service::record;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::member::service;

pub const HEADERS: [&str; 16] = [
    "会员证号",
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "证件类型",
    "证件号码",
    "手机号",
    "所在小组",
    "入会时间",
    "会费基数（元）",
    "学历",
    "政治面貌",
    "用工形式",
    "岗位",
    "会籍状态",
];

/// The printed roster's columns, in the order of `HEADERS`: only the group
/// and the post are free text that may wrap.
pub const COLUMNS: [Column; 16] = {
    let mut c = [Column { header: "", wraps: false }; 16];
    let mut i = 0;
    while i < 16 {
        c[i].header = HEADERS[i];
        i += 1;
    }
    c[8].wraps = true; // 所在小组
    c[14].wraps = true; // 岗位
    c
};

#[derive(Template)]
#[template(path = "member/print.html")]
struct PrintPage {
    layout: Layout,
    union_name: String,
    date: String,
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
}

/// The printable 花名册: the roster as filtered, without the columns no
/// printed member has a value in (four empty columns waste a sheet).
pub async fn print(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(f): Query<ListParams>,
) -> PageResult {
    let (union_name, rows) = rows(&state, union_id, &f.query(), false).await?;
    let (columns, rows) = drop_empty_columns(&COLUMNS, rows);
    let layout = union_layout(&state, &p, union_id, "打印花名册").await?;
    Ok(render(&PrintPage {
        layout,
        union_name,
        date: domain::time::fmt_date(service::today()),
        columns,
        rows,
    }))
}

/// The roster rows as text, in the order of `HEADERS`. With `reveal`, ID
/// numbers are decrypted (the caller has checked and logs it).
pub async fn rows(
    state: &AppState,
    union_id: Uuid,
    q: &ListQuery,
    reveal: bool,
) -> AppResult<(String, Vec<Vec<String>>)> {
    let (filter, sort) = q.filter(state, union_id).await?;
    let groups: std::collections::HashMap<Uuid, String> =
        service::groups(state, union_id).await?.into_iter().collect();
    let mut tx = state.db.read().await?;
    let union = app::org::load_union(&mut tx, union_id).await?;
    let members = store::member::all(&mut tx, UnionId(union_id), &filter, sort, q.desc.unwrap_or(false)).await?;
    drop(tx);
    let keys = std::sync::Arc::clone(&state.keys);
    let rows = tokio::task::spawn_blocking(move || {
        members
            .into_iter()
            .map(|m| {
                let id =
                    if reveal { keys.decrypt(&m.id_cipher).unwrap_or_default() } else { m.id_masked.clone() };
                let text = |v: Option<String>| v.unwrap_or_default();
                vec![
                    text(m.card_number),
                    m.name,
                    m.gender
                        .as_deref()
                        .and_then(Gender::parse)
                        .map(|g| g.label().to_owned())
                        .unwrap_or_default(),
                    text(m.ethnicity),
                    m.birth_date.map(|d| d.to_string()).unwrap_or_default(),
                    DocType::parse(&m.doc_type).map(|d| d.label().to_owned()).unwrap_or_default(),
                    id,
                    text(m.mobile),
                    m.group_id.and_then(|g| groups.get(&g).cloned()).unwrap_or_default(),
                    m.join_date.map(|d| d.to_string()).unwrap_or_default(),
                    m.dues_base_fen.map(|f| format!("{}.{:02}", f / 100, f % 100)).unwrap_or_default(),
                    text(m.education),
                    text(m.political),
                    text(m.employment),
                    text(m.post),
                    MemberStatus::parse(&m.status).map(|s| s.label().to_owned()).unwrap_or_default(),
                ]
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|_| AppError::code(domain::ErrorCode::Internal))?;
    Ok((union.name, rows))
}

/// The .xlsx download; every export of personal data is audited.
pub async fn xlsx_response(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    q: &ListQuery,
    reveal: bool,
) -> AppResult<Response> {
    let (union_name, rows) = rows(state, union_id, q, reveal).await?;
    let n = rows.len();
    let bytes = tokio::task::spawn_blocking(move || sheet::write_xlsx("会员花名册", &HEADERS, &rows))
        .await
        .map_err(|_| AppError::code(domain::ErrorCode::Internal))?
        .map_err(|e| AppError::field(domain::ErrorCode::Internal, "file", e.message()))?;
    let mut tx = state.db.write().await?;
    let union = app::org::load_union(&mut tx, union_id).await?;
    let (action, what) =
        if reveal { ("member.export_full", "（含完整证件号码）") } else { ("member.export", "") };
    record(
        &mut tx,
        p.actor(),
        action,
        format!("org:{union_id}"),
        Some((union_id, &union.path)),
        format!("导出花名册{n}人{what}"),
    )
    .await?;
    tx.commit().await?;
    let date = domain::time::today(store::now());
    Ok(xlsx(&format!("{union_name}会员花名册{date}.xlsx"), bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_group_and_the_post_wrap_on_the_printed_roster() {
        let wrapping: Vec<&str> = COLUMNS.iter().filter(|c| c.wraps).map(|c| c.header).collect();
        assert_eq!(wrapping, ["所在小组", "岗位"]);
        assert!(COLUMNS.iter().zip(HEADERS).all(|(c, h)| c.header == h));
    }
}
