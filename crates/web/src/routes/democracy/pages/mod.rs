//! The democracy pages: the congress home, a term's delegates, a session
//! with its live quorum and check-in, new ballots, and the ballot page —
//! which is the voting page on a phone, then the published result. Each
//! handler parses its form, calls the same service as the API and renders.
//!
//! This module holds what the pages share: the trail to the union's
//! congress and the rows of ballots and delegates several pages list.

pub mod ballots;
pub mod home;
pub mod sessions;
pub mod terms;
pub mod voting;

use domain::auth::Perm;
use domain::democracy::ballot::{BallotKind, Mode};
use domain::time::fmt_date;
use uuid::Uuid;

use crate::pages::Layout;
use app::AppState;
use app::auth::Principal;
use app::democracy::service::status_label;
use app::democracy::{Ballot, Delegate};
use app::error::AppError;

fn base(union_id: Uuid) -> String {
    format!("/unions/{union_id}/congress")
}

async fn union_layout(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    title: &str,
    here: Option<String>,
) -> Result<(Layout, bool), AppError> {
    let union = app::org::union(state, union_id).await?;
    let manage = p.can(Perm::CongressManage, Some(&union.path));
    let mut layout = Layout::new(state, p, "democracy", title)
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("民主管理", base(union_id));
    if let Some(href) = here {
        layout = layout.crumb(title, href);
    }
    Ok((layout, manage))
}

fn check(b: bool) -> &'static str {
    if b { "✓" } else { "" }
}

fn gender_label(g: &Option<String>) -> &'static str {
    match g.as_deref() {
        Some("male") => "男",
        Some("female") => "女",
        _ => "",
    }
}

pub struct BallotRow {
    pub id: Uuid,
    pub title: String,
    pub kind: &'static str,
    pub mode: &'static str,
    pub status: String,
    pub status_label: &'static str,
    pub round: i64,
    pub created: String,
}

fn ballot_row(b: &Ballot) -> BallotRow {
    BallotRow {
        id: b.id,
        title: b.title.clone(),
        kind: BallotKind::parse(&b.kind).map_or("", |k| k.label()),
        mode: Mode::parse(&b.mode).map_or("", |m| m.label()),
        status: b.status.clone(),
        status_label: status_label(&b.status),
        round: b.round,
        created: fmt_date(domain::time::today(b.created_at)),
    }
}

pub struct DelegateRow {
    pub id: Uuid,
    pub name: String,
    pub gender: &'static str,
    pub manager: &'static str,
    pub frontline: &'static str,
    pub presidium: &'static str,
    pub account: &'static str,
}

fn delegate_row(d: &Delegate) -> DelegateRow {
    DelegateRow {
        id: d.id,
        name: d.name.clone(),
        gender: gender_label(&d.gender),
        manager: check(d.manager),
        frontline: check(d.frontline),
        presidium: check(d.presidium),
        account: if d.user_id.is_some() { "已关联" } else { "未关联" },
    }
}

fn opt_id(s: &str) -> Option<Uuid> {
    Uuid::parse_str(s.trim()).ok()
}

fn lines(s: &str) -> Vec<String> {
    s.lines().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect()
}
