//! The roster out: .xlsx with Chinese headers, and the printable 花名册.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use uuid::Uuid;

use super::api::{ListQuery, xlsx};
use super::pages::{ListParams, union_layout};
use crate::extract::{Path, Query};
use crate::pages::{Layout, PageResult, render};
use crate::print::{Column, drop_empty_columns};
use app::AppState;
use app::auth::Principal;
use app::error::AppResult;
use app::member::export::{self, HEADERS};
use app::member::service;

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
    let (union_name, rows) = export::rows(&state, union_id, &f.query().roster(), false).await?;
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

/// The .xlsx download; every export of personal data is audited.
pub async fn xlsx_response(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    q: &ListQuery,
    reveal: bool,
) -> AppResult<Response> {
    let (filename, bytes) = export::xlsx(state, p, union_id, &q.roster(), reveal).await?;
    Ok(xlsx(&filename, bytes))
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
