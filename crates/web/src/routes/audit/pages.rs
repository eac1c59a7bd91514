//! The audit log page.

use app::audit::AuditFilter;
use askama::Template;
use axum::extract::State;
use domain::time::{fmt_datetime, parse_date};
use serde::Deserialize;

use crate::extract::Query;
use crate::pages::{Layout, PageResult, Pager, render};
use app::AppState;
use app::audit::service;
use app::auth::Principal;

pub struct EntryRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: &'static str,
    pub target: String,
    pub ip: String,
    pub summary: String,
}

#[derive(Template)]
#[template(path = "audit/list.html")]
struct AuditPage {
    layout: Layout,
    f: Params,
    rows: Vec<EntryRow>,
    pager: Pager,
    date_error: bool,
}

#[derive(Deserialize, Default, Clone)]
pub struct Params {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    page: Option<i64>,
}

pub async fn list(State(state): State<AppState>, p: Principal, Query(f): Query<Params>) -> PageResult {
    let page = app::Page::new(f.page, Some(50));
    let date = |s: &str| if s.trim().is_empty() { Ok(None) } else { parse_date(s).map(Some).ok_or(()) };
    let (from, to) = (date(&f.from), date(&f.to));
    let date_error = from.is_err() || to.is_err();
    let filter = AuditFilter {
        actor: Some(f.actor.trim().to_owned()),
        action: Some(f.action.trim().to_owned()),
        target: Some(f.target.trim().to_owned()),
        from: from.unwrap_or(None),
        to: to.unwrap_or(None),
    };
    let (entries, total) = service::list(&state, &p, &filter, page).await?;
    let rows = entries
        .into_iter()
        .map(|e| EntryRow {
            seq: e.seq,
            at: fmt_datetime(e.at),
            actor: if e.actor.is_empty() { "（匿名）".into() } else { e.actor },
            action: service::action_label(&e.action),
            target: e.target,
            // The demo's data was entered by no one's browser.
            ip: if e.ip == "demo" { "演示数据".into() } else { e.ip },
            summary: e.summary,
        })
        .collect();
    let query = serde_urlencoded::to_string([
        ("actor", f.actor.as_str()),
        ("action", f.action.as_str()),
        ("target", f.target.as_str()),
        ("from", f.from.as_str()),
        ("to", f.to.as_str()),
    ])
    .unwrap_or_default();
    let pager = Pager::new(&format!("/audit?{query}&"), page, total);
    let layout = Layout::new(&state, &p, "audit", "审计日志").await.crumb("审计日志", "/audit");
    Ok(render(&AuditPage { layout, f, rows, pager, date_error }))
}
