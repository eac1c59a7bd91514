//! The home page: who I am, where I hold roles, and what needs attention.

use askama::Template;
use axum::extract::State;
use domain::auth::Role;
use domain::time::fmt_date;
use uuid::Uuid;

use super::{Area, NavEntry, Routes};
use crate::auth::{Principal, Rule};
use crate::pages::{Layout, PageResult, render};
use app::AppState;
use app::org::service::term_warnings;
use app::todo::TodoItem;

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area {
    routes,
    openapi: Area::no_api,
    nav: &[NavEntry { order: 0, key: "home", label: "首页", href: "/", perm: None }],
};

pub fn routes(r: Routes) -> Routes {
    r.get("/", Rule::LOGIN, home)
}

pub struct RoleRow {
    pub role: &'static str,
    pub org: String,
    pub org_id: Option<Uuid>,
}

pub struct WarningRow {
    pub org_id: Uuid,
    pub org: String,
    pub text: String,
    pub expired: bool,
    /// Where to start the 换届 election, for those who run elections.
    pub election_link: Option<String>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    roles: Vec<RoleRow>,
    warnings: Vec<WarningRow>,
    /// What waits for the caller (待办), ballots apart.
    todo: Vec<TodoItem>,
    /// Open ballots the caller may still vote in (from the same 待办).
    to_vote: Vec<TodoItem>,
}

async fn home(State(state): State<AppState>, p: Principal) -> PageResult {
    let detail = app::auth::service::user_detail(&state, p.user_id).await?;
    let roles = detail
        .grants
        .into_iter()
        .map(|g| RoleRow {
            role: Role::parse(&g.role).map(|r| r.label()).unwrap_or(""),
            org: g.org_name.unwrap_or_else(|| "全系统".into()),
            org_id: g.org_id,
        })
        .collect();
    let run_elections = p.has(domain::auth::Perm::CongressManage);
    let warnings = term_warnings(&state, &p)
        .await?
        .into_iter()
        .map(|(org_id, org, number, ends, status)| WarningRow {
            org_id,
            org,
            text: format!("第{number}届委员会任期至{}，{}", fmt_date(ends), status.label()),
            expired: status == domain::org::TermStatus::Expired,
            election_link: run_elections
                .then(|| format!("/unions/{org_id}/ballots/new?kind=election&purpose=committee")),
        })
        .collect();
    let (to_vote, todo) =
        app::todo::items(&state, &p).await?.into_iter().partition(|i| i.kind == "ballot_vote");
    let layout = Layout::new(&state, &p, "home", "首页").await;
    Ok(render(&HomePage { layout, roles, warnings, todo, to_vote }))
}
