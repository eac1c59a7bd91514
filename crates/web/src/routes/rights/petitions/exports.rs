//! The ledger (来信来访台帐) printed and as .xlsx, with the list's filters;
//! and the printable rates report. An anonymous petition shows 匿名.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use domain::ratio::Ratio;
use serde::Deserialize;
use uuid::Uuid;

use super::pages::ListParams;
use crate::extract::{Path, Query};
use crate::pages::{PageResult, render};
use crate::routes::member::api::xlsx as xlsx_response;
use app::AppState;
use app::error::AppResult;
use app::rights::petition::lists::{self, LEDGER_HEADERS, Report};

#[derive(Template)]
#[template(path = "rights/petitions/print.html")]
struct PrintPage {
    union_id: Uuid,
    union_name: String,
    filters: String,
    headers: &'static [&'static str],
    rows: Vec<Vec<String>>,
    today: String,
}

/// A line saying which filters the printed list used.
fn filters_text(params: &ListParams) -> String {
    let mut parts = Vec::new();
    if let Some(s) = domain::rights::petition::Status::parse(&params.status) {
        parts.push(format!("状态：{}", s.label()));
    }
    if matches!(params.overdue.trim(), "1" | "true" | "on") {
        parts.push("仅超期".to_owned());
    }
    if !params.year.trim().is_empty() {
        parts.push(format!("{}年收件", params.year.trim()));
    }
    if parts.is_empty() { "全部".to_owned() } else { parts.join("，") }
}

/// 来信来访台帐 for paper.
pub async fn print(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(params): Query<ListParams>,
) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let rows = lists::list(&state, union_id, &params.query()?).await?;
    let at = app::rights::petition::today();
    Ok(render(&PrintPage {
        union_id,
        union_name: union.name,
        filters: filters_text(&params),
        headers: &LEDGER_HEADERS,
        rows: rows.iter().map(|r| lists::ledger_row(r, at)).collect(),
        today: domain::time::fmt_date(at),
    }))
}

/// 来信来访台帐.xlsx
pub async fn xlsx(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(params): Query<ListParams>,
) -> AppResult<Response> {
    let (union_name, bytes) = lists::ledger_xlsx(&state, union_id, &params.query()?).await?;
    Ok(xlsx_response(&format!("{union_name}来信来访台帐.xlsx"), bytes))
}

#[derive(Deserialize, Default)]
pub struct YearParams {
    #[serde(default)]
    pub year: Option<i32>,
}

#[derive(Template)]
#[template(path = "rights/petitions/report.html")]
struct ReportPage {
    union_id: Uuid,
    r: Report,
}

impl ReportPage {
    fn rate(&self, r: &Ratio) -> String {
        r.display()
    }
}

/// 来信来访办理情况: counts and rates, printable.
pub async fn report(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearParams>,
) -> PageResult {
    let r = lists::report(&state, union_id, q.year).await?;
    Ok(render(&ReportPage { union_id, r }))
}
