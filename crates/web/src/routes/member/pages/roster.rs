//! The roster: the list with its filters, the chooser of rosters, a
//! group's roster.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use domain::auth::Perm;
use domain::member::MemberStatus;
use serde::Deserialize;
use uuid::Uuid;

use super::{ListParams, Row, base, row, union_layout};
use crate::extract::Query;
use crate::pages::{Layout, PageResult, Pager, render};
use app::AppState;
use app::auth::Principal;
use app::member::roster::{self, Roster};
use app::member::service;

#[derive(Template)]
#[template(path = "member/list.html")]
struct ListPage {
    layout: Layout,
    union_id: Uuid,
    f: ListParams,
    rows: Vec<Row>,
    pager: Pager,
    groups: Vec<(String, String)>,
    statuses: Vec<(&'static str, &'static str)>,
    can_manage: bool,
    can_reveal: bool,
    export_query: String,
}

pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(f): Query<ListParams>,
) -> PageResult {
    let q = f.query();
    let (filter, sort) = q.roster().filter(&state, union_id).await?;
    let page = app::Page::new(f.page, Some(50));
    let (members, total) =
        service::list(&state, union_id, &filter, sort, q.desc.unwrap_or(false), page).await?;
    let groups = service::groups(&state, union_id).await?;
    let rows = members.iter().map(|m| row(m, &groups)).collect();
    let export_query = f.url_query();
    let pager = Pager::new(&format!("{}?{export_query}&", base(union_id)), page, total);
    let path = app::org::path_of(&state, union_id).await?;
    let layout = union_layout(&state, &p, union_id, "会员花名册").await?;
    Ok(render(&ListPage {
        layout,
        union_id,
        rows,
        pager,
        groups: groups.into_iter().map(|(id, n)| (id.to_string(), n)).collect(),
        statuses: std::iter::once(("all", "全部（含已退会等）"))
            .chain(MemberStatus::ALL.iter().map(|s| (s.as_str(), s.label())))
            .collect(),
        can_manage: p.can(Perm::MemberManage, path.as_deref()),
        can_reveal: p.can(Perm::MemberRevealId, path.as_deref()),
        export_query,
        f,
    }))
}

/// `/members`: the roster of the caller's union, or their group's for a
/// group leader (a chooser when there are several).
pub async fn mine(State(state): State<AppState>, p: Principal) -> PageResult {
    let rosters: Vec<(String, String)> = roster::rosters(&state, &p)
        .await?
        .into_iter()
        .map(|(r, name)| match r {
            Roster::Union(id) => (format!("/unions/{id}/members"), name),
            Roster::Group(id) => (format!("/groups/{id}/members"), name),
        })
        .collect();
    if let [only] = rosters.as_slice() {
        return Ok(Redirect::to(&only.0).into_response());
    }
    let layout = Layout::new(&state, &p, "member", "会员").await.crumb("会员", "/members");
    Ok(render(&ChooserPage { layout, unions: rosters }))
}

#[derive(Template)]
#[template(path = "member/chooser.html")]
struct ChooserPage {
    layout: Layout,
    unions: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "member/group.html")]
struct GroupPage {
    layout: Layout,
    group_id: Uuid,
    q: String,
    rows: Vec<Row>,
    pager: Pager,
}

#[derive(Deserialize)]
pub struct GroupParams {
    #[serde(default)]
    q: String,
    page: Option<i64>,
}

/// A group's roster, read-only (the group leader's view).
pub async fn group(
    State(state): State<AppState>,
    p: Principal,
    Path(group_id): Path<Uuid>,
    Query(f): Query<GroupParams>,
) -> PageResult {
    let page = app::Page::new(f.page, Some(50));
    let (group, members, total) =
        service::group_roster(&state, group_id, service::classify(&f.q), page).await?;
    let groups = vec![(group.id, group.name.clone())];
    let rows = members.iter().map(|m| row(m, &groups)).collect();
    let query = serde_urlencoded::to_string([("q", f.q.as_str())]).unwrap_or_default();
    let pager = Pager::new(&format!("/groups/{group_id}/members?{query}&"), page, total);
    let layout = Layout::new(&state, &p, "member", &format!("{}会员", group.name))
        .await
        .crumb(group.name.clone(), format!("/orgs/{group_id}"));
    Ok(render(&GroupPage { layout, group_id, q: f.q, rows, pager }))
}
