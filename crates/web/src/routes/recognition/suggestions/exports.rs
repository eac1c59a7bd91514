//! The ledger (合理化建议台帐) printed and as .xlsx with the list's filters,
//! and the yearly statistics with the 金点子 ranking: page, print, .xlsx.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::Datelike;
use serde::Deserialize;
use uuid::Uuid;

use super::pages::ListParams;
use super::{category_label, date, status_label, yuan};
use crate::extract::{Path, Query};
use crate::pages::{Layout, PageResult, render};
use crate::routes::member::api::xlsx as xlsx_response;
use app::AppState;
use app::auth::Principal;
use app::error::AppResult;
use app::recognition::suggestion::{self as service, Listed, SuggestionStats, lists};

pub const LEDGER_HEADERS: [&str; 11] = [
    "编号",
    "提交日期",
    "类别",
    "建议题目",
    "建议人",
    "共同建议人",
    "状态",
    "实施部门",
    "创造价值（元/年）",
    "奖励（元）",
    "评估意见",
];

fn ledger_row(r: &Listed) -> Vec<String> {
    let s = &r.s;
    vec![
        format!("第{}号", s.number),
        domain::time::fmt_date(domain::time::today(s.created_at)),
        category_label(&s.category).to_owned(),
        s.title.clone(),
        r.member_name.clone(),
        s.team.clone(),
        status_label(&s.status).to_owned(),
        s.implementer.clone().unwrap_or_default(),
        s.value_fen_per_year.as_ref().map(yuan).unwrap_or_default(),
        s.reward_fen.as_ref().map(yuan).unwrap_or_default(),
        s.decision_reason.clone().unwrap_or_default(),
    ]
}

#[derive(Template)]
#[template(path = "recognition/suggestions/print.html")]
struct PrintPage {
    union_id: Uuid,
    union_name: String,
    filters: String,
    headers: &'static [&'static str],
    rows: Vec<Vec<String>>,
    today: String,
}

/// 合理化建议台帐 for paper.
pub async fn print(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(params): Query<ListParams>,
) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let rows = lists::list(&state, union_id, &params.query()?).await?;
    Ok(render(&PrintPage {
        union_id,
        union_name: union.name,
        filters: params.text(),
        headers: &LEDGER_HEADERS,
        rows: rows.iter().map(ledger_row).collect(),
        today: domain::time::fmt_date(service::today()),
    }))
}

/// 合理化建议台帐.xlsx
pub async fn xlsx(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(params): Query<ListParams>,
) -> AppResult<Response> {
    let union = app::org::union(&state, union_id).await?;
    let rows = lists::list(&state, union_id, &params.query()?).await?;
    let rows: Vec<Vec<String>> = rows.iter().map(ledger_row).collect();
    let bytes = app::activity::exports::xlsx("合理化建议台帐", &LEDGER_HEADERS, rows).await?;
    Ok(xlsx_response(&format!("{}合理化建议台帐.xlsx", union.name), bytes))
}

#[derive(Deserialize, Default)]
pub struct YearParams {
    #[serde(default)]
    pub year: Option<i32>,
}

fn year_of(q: &YearParams) -> i32 {
    q.year.unwrap_or_else(|| service::today().year())
}

pub const RANKING_HEADERS: [&str; 7] =
    ["名次", "编号", "建议题目", "类别", "建议人", "创造价值（元/年）", "奖励（元）"];

fn ranking_rows(s: &SuggestionStats) -> Vec<Vec<String>> {
    s.ranking
        .iter()
        .map(|r| {
            let who = if r.team.is_empty() {
                r.member_name.clone()
            } else {
                format!("{}、{}", r.member_name, r.team)
            };
            vec![
                r.rank.to_string(),
                format!("第{}号", r.number),
                r.title.clone(),
                category_label(&r.category).to_owned(),
                who,
                yuan(&r.value_fen_per_year),
                r.reward_fen.as_ref().map(yuan).unwrap_or_default(),
            ]
        })
        .collect()
}

#[derive(Template)]
#[template(path = "recognition/suggestions/stats.html")]
struct StatsPage {
    layout: Layout,
    union_id: Uuid,
    s: SuggestionStats,
    headers: &'static [&'static str],
    ranking: Vec<Vec<String>>,
}

/// 合理化建议统计 with the 金点子 ranking.
pub async fn stats(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearParams>,
) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let s = service::stats(&state, union_id, year_of(&q)).await?;
    let layout = Layout::new(&state, &p, "suggestions", "合理化建议统计")
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("合理化建议", super::pages::list_href(union_id))
        .crumb("统计", format!("/unions/{union_id}/suggestion-stats"));
    let ranking = ranking_rows(&s);
    Ok(render(&StatsPage { layout, union_id, s, headers: &RANKING_HEADERS, ranking }))
}

#[derive(Template)]
#[template(path = "recognition/suggestions/stats_print.html")]
struct StatsPrint {
    union_id: Uuid,
    union_name: String,
    s: SuggestionStats,
    headers: &'static [&'static str],
    ranking: Vec<Vec<String>>,
    today: String,
}

pub async fn stats_print(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearParams>,
) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let s = service::stats(&state, union_id, year_of(&q)).await?;
    let ranking = ranking_rows(&s);
    Ok(render(&StatsPrint {
        union_id,
        union_name: union.name,
        s,
        headers: &RANKING_HEADERS,
        ranking,
        today: date(&service::today()),
    }))
}

/// 年度金点子排行.xlsx
pub async fn stats_xlsx(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearParams>,
) -> AppResult<Response> {
    let union = app::org::union(&state, union_id).await?;
    let s = service::stats(&state, union_id, year_of(&q)).await?;
    let rows = ranking_rows(&s);
    let bytes = app::activity::exports::xlsx("金点子排行", &RANKING_HEADERS, rows).await?;
    Ok(xlsx_response(&format!("{}{}年金点子排行.xlsx", union.name, s.year), bytes))
}
