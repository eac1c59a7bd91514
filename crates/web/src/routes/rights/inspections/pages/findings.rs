//! The findings list (隐患整改台帐): all, open, or overdue (open past the
//! deadline), with its print and .xlsx.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;

use super::{layout, xlsx, ymd};
use crate::extract::{Path, Query};
use crate::pages::{Layout, PageResult, render};
use app::AppState;
use app::auth::Principal;
use app::error::AppResult;
use app::rights::inspection::read::{self, FINDING_HEADERS};
use app::rights::inspection::{ListedFinding, finding_status, today};

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    /// overdue | open | (all)
    #[serde(default)]
    pub show: String,
}

impl ShowQuery {
    fn flags(&self) -> (bool, bool) {
        match self.show.as_str() {
            "overdue" => (true, true),
            "open" => (false, true),
            _ => (false, false),
        }
    }

    fn title(&self) -> &'static str {
        match self.show.as_str() {
            "overdue" => "逾期未整改隐患",
            "open" => "未整改隐患",
            _ => "隐患整改台帐",
        }
    }
}

pub struct Row {
    pub r: ListedFinding,
    pub overdue: bool,
}

fn rows(list: Vec<ListedFinding>) -> Vec<Row> {
    let at = today();
    list.into_iter()
        .map(|r| Row {
            overdue: domain::rights::inspection::overdue(finding_status(&r.finding), r.finding.deadline, at),
            r,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "rights/inspections/findings.html")]
struct FindingsPage {
    layout: Layout,
    union_id: Uuid,
    show: String,
    title: &'static str,
    rows: Vec<Row>,
}

pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<ShowQuery>,
) -> PageResult {
    let (layout, _) = layout(&state, &p, union_id, q.title()).await?;
    let (overdue, open) = q.flags();
    let list = read::findings(&state, union_id, overdue, open).await?;
    Ok(render(&FindingsPage { layout, union_id, title: q.title(), show: q.show, rows: rows(list) }))
}

#[derive(Template)]
#[template(path = "rights/inspections/findings_print.html")]
struct FindingsPrint {
    union_name: String,
    union_id: Uuid,
    title: &'static str,
    today: String,
    rows: Vec<Row>,
}

pub async fn print(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<ShowQuery>,
) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let (overdue, open) = q.flags();
    let list = read::findings(&state, union_id, overdue, open).await?;
    Ok(render(&FindingsPrint {
        union_name: union.name,
        union_id,
        title: q.title(),
        today: ymd(&today()),
        rows: rows(list),
    }))
}

pub async fn export(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<ShowQuery>,
) -> AppResult<Response> {
    let (overdue, open) = q.flags();
    let (union_name, rows) = read::findings_sheet(&state, union_id, overdue, open).await?;
    let bytes = app::activity::exports::xlsx("隐患整改台帐", &FINDING_HEADERS, rows).await?;
    Ok(xlsx(&format!("{union_name}{}.xlsx", q.title()), bytes))
}
