//! The union's contracts on paper and in Excel (集体合同台帐).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::extract::Path;
use crate::pages::{PageResult, render};
use crate::routes::member::api::xlsx;
use app::AppState;
use app::error::AppResult;
use app::org::Org;
use app::rights::contract::{self as service, ContractView, kind_of};

const HEADERS: [&str; 12] = [
    "合同名称",
    "类型",
    "用人单位",
    "签订日期",
    "期限（月）",
    "覆盖职工",
    "报送审查日期",
    "生效日期",
    "到期日期",
    "公布日期",
    "状态",
    "提醒",
];

fn d(v: Option<NaiveDate>) -> String {
    v.map(|d| d.to_string()).unwrap_or_default()
}

/// A contract's cells under [`HEADERS`].
pub fn cells(v: &ContractView) -> Vec<String> {
    let c = &v.row;
    vec![
        c.title.clone(),
        kind_of(c).label().to_owned(),
        c.employer_name.clone(),
        d(c.signed_on),
        c.term_months.to_string(),
        c.workers_covered.to_string(),
        d(c.filed_on),
        d(v.effective_on),
        d(v.expires_on),
        d(c.published_on),
        v.status.label().to_owned(),
        v.reminders.iter().map(|r| r.message()).collect::<Vec<_>>().join("；"),
    ]
}

#[derive(Template)]
#[template(path = "rights/contracts/print.html")]
struct PrintPage {
    union: Org,
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
    covered: i64,
    today: String,
}

/// The printable ledger of the union's contracts.
pub async fn print(State(state): State<AppState>, Path(union_id): Path<Uuid>) -> PageResult {
    let (union, views) = service::list(&state, union_id).await?;
    let covered = views.iter().filter(|v| v.status.in_force()).map(|v| v.row.workers_covered).sum();
    Ok(render(&PrintPage {
        union,
        headers: HEADERS.to_vec(),
        rows: views.iter().map(cells).collect(),
        covered,
        today: domain::time::fmt_date(service::today()),
    }))
}

/// 集体合同台帐.xlsx.
pub async fn export(State(state): State<AppState>, Path(union_id): Path<Uuid>) -> AppResult<Response> {
    let (union, views) = service::list(&state, union_id).await?;
    let rows: Vec<Vec<String>> = views.iter().map(cells).collect();
    let bytes = service::xlsx("集体合同", &HEADERS, rows).await?;
    Ok(xlsx(&format!("{}集体合同台帐.xlsx", union.name), bytes))
}
