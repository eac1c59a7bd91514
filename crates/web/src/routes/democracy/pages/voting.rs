//! The ballot page — the voting page on a phone, then the published
//! result with every paper and the receipt look-up — the printable
//! decision, and the caller's own ballots.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::ErrorCode;
use domain::democracy::ballot::{BallotKind, Choice, Mode, Purpose, Rating, VoteInput};
use domain::democracy::outcome::Outcome;
use domain::democracy::receipt;
use domain::time::fmt_datetime;
use serde::Deserialize;
use uuid::Uuid;

use super::base;
use crate::extract::{PageForm, Path, Query};
use crate::pages::{Layout, PageResult, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::democracy::lookup;
use app::democracy::service::{self, TallyView, status_label};
use app::error::AppError;

pub struct ResultRow {
    pub name: String,
    pub write_in: bool,
    pub cells: Vec<String>,
    pub decided: &'static str,
    pub good: bool,
}

pub struct PaperRow {
    pub receipt: String,
    pub marks: String,
}

pub struct Item {
    pub index: usize,
    pub name: String,
}

#[derive(Template)]
#[template(path = "democracy/ballot.html")]
struct BallotPage {
    layout: Layout,
    id: Uuid,
    title: String,
    kind: String,
    kind_label: &'static str,
    mode_label: &'static str,
    paper: bool,
    purpose: String,
    round: i64,
    status: String,
    status_label: &'static str,
    entitled: i64,
    present: Option<i64>,
    cast: i64,
    voter: bool,
    voted: bool,
    manage: bool,
    items: Vec<Item>,
    seats: u32,
    write_in: bool,
    choices: Vec<(&'static str, &'static str)>,
    ratings: Vec<(&'static str, &'static str)>,
    /// The receipt of the vote just cast (shown once, never stored with the
    /// voter).
    receipt: Option<String>,
    message: Option<String>,
    columns: Vec<&'static str>,
    results: Vec<ResultRow>,
    summary: Vec<String>,
    further: bool,
    papers: Vec<PaperRow>,
    lookup_code: String,
    lookup: Option<Result<PaperRow, String>>,
    session_link: Option<String>,
    count_rows: Vec<(usize, String)>,
    count_width: usize,
    /// A closed delegate election: the terms its winners may be seated in.
    seat_terms: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
pub struct BallotQuery {
    pub receipt: Option<String>,
}

fn marks_text(kind: BallotKind, marks: &[String]) -> String {
    if marks.is_empty() {
        return "（未选任何人）".into();
    }
    marks.iter().map(|m| service::mark_label(kind, m)).collect::<Vec<_>>().join("、")
}

fn result_rows(o: &Outcome) -> (Vec<ResultRow>, Vec<String>) {
    let rows = o
        .rows
        .iter()
        .map(|r| ResultRow {
            name: r.name.clone(),
            write_in: r.write_in,
            cells: r.counts.iter().zip(&r.rates).map(|(c, rate)| format!("{c}（{rate}）")).collect(),
            decided: match (o.kind, r.decided, r.tied) {
                (BallotKind::Motion, Some(true), _) => "通过",
                (BallotKind::Motion, _, _) => "未通过",
                (BallotKind::Election, Some(true), _) => "当选",
                (BallotKind::Election, _, true) => "票数相同，另行选举",
                (BallotKind::Election, _, _) => "",
                (BallotKind::Appraisal, _, _) => "",
            },
            good: r.decided == Some(true),
        })
        .collect();
    let mut summary = Vec::new();
    match o.kind {
        BallotKind::Motion => summary.push("通过须赞成票超过应到人数的半数（不是投票人数的半数）".to_owned()),
        BallotKind::Election if !o.valid => {
            summary.push(format!("到会{}人，不足应到{}人的三分之二，选举无效", o.present, o.entitled))
        }
        BallotKind::Election => {
            summary.push(format!("应选{}名，当选须得票超过应到人数的半数", o.seats));
            if o.unfilled > 0 {
                summary.push(format!("尚缺{}名，另行选举", o.unfilled));
            }
        }
        BallotKind::Appraisal => summary.push("比例按有效票计".to_owned()),
    }
    (rows, summary)
}

async fn ballot_page(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    receipt: Option<String>,
    message: Option<String>,
    lookup_code: Option<String>,
    status: StatusCode,
) -> PageResult {
    let t: TallyView = service::tally(state, p, id).await?;
    let a = &t.access;
    let b = &a.ballot;
    let kind = t.spec.kind;
    let mut layout = Layout::new(state, p, "democracy", &b.title).await;
    if a.can_view {
        if let Some(u) = lookup::org(state, b.union_id).await? {
            layout = layout.crumb(u.name, format!("/orgs/{}", u.id)).crumb("民主管理", base(b.union_id));
        }
    } else {
        layout = layout.crumb("我的投票", "/me/ballots");
    }
    let layout = layout.crumb(b.title.clone(), format!("/ballots/{id}"));
    let (results, summary) = t.outcome.as_ref().map(result_rows).unwrap_or_default();
    let further = kind == BallotKind::Election
        && t.outcome.as_ref().is_some_and(|o| domain::democracy::outcome::further_round(o).is_some());
    let papers =
        t.papers.iter().map(|(r, m)| PaperRow { receipt: r.clone(), marks: marks_text(kind, m) }).collect();
    let lookup = match lookup_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        None => None,
        Some(code) => Some(match service::find_receipt(state, p, id, code).await {
            Ok((r, m)) => Ok(PaperRow { receipt: r, marks: marks_text(kind, &m) }),
            Err(e) => Err(e.0.message),
        }),
    };
    let count_rows = t.spec.items.iter().cloned().enumerate().collect();
    let seat_terms = if a.can_manage && b.status == "closed" && b.purpose == Purpose::Delegates.as_str() {
        lookup::terms(state, b.union_id)
            .await?
            .into_iter()
            .map(|t| (t.id.to_string(), format!("第{}届", t.number)))
            .collect()
    } else {
        Vec::new()
    };
    Ok(render_status(
        status,
        &BallotPage {
            layout,
            id,
            title: b.title.clone(),
            kind: kind.as_str().to_owned(),
            kind_label: kind.label(),
            mode_label: service::mode_of(b).label(),
            paper: service::mode_of(b) == Mode::Paper,
            purpose: Purpose::parse(&b.purpose)
                .filter(|p| *p != Purpose::General)
                .map(|p| p.label().to_owned())
                .unwrap_or_default(),
            round: b.round,
            status: b.status.clone(),
            status_label: status_label(&b.status),
            entitled: b.entitled,
            present: b.present,
            cast: t.cast,
            voter: a.voter,
            voted: a.voted || receipt.is_some(),
            manage: a.can_manage,
            items: t
                .spec
                .items
                .iter()
                .enumerate()
                .map(|(index, name)| Item { index, name: name.clone() })
                .collect(),
            seats: t.spec.seats,
            write_in: t.spec.write_in,
            choices: Choice::ALL.iter().map(|c| (c.as_str(), c.label())).collect(),
            ratings: Rating::ALL.iter().map(|r| (r.as_str(), r.label())).collect(),
            receipt,
            message,
            columns: domain::democracy::ballot::columns(kind),
            results,
            summary,
            further,
            papers,
            lookup_code: lookup_code.unwrap_or_default(),
            lookup,
            session_link: b.session_id.map(|s| format!("{}/sessions/{s}", base(b.union_id))),
            count_rows,
            count_width: domain::democracy::ballot::columns(kind).len(),
            seat_terms,
        },
    ))
}

pub async fn ballot(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    Query(q): Query<BallotQuery>,
) -> PageResult {
    ballot_page(&state, &p, id, None, None, q.receipt, StatusCode::OK).await
}

/// Casts a vote from the page's form. The receipt is shown in this
/// response only: it is not put in the session (which would tie it to the
/// voter in the database).
pub async fn vote(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let all = |k: &str| pairs.iter().filter(|(n, _)| n == k).map(|(_, v)| v.clone()).collect::<Vec<_>>();
    let mut input =
        VoteInput { candidates: all("candidate"), write_ins: all("write_in"), ..Default::default() };
    let mut i = 0;
    while let Some(c) = get(&format!("choice_{i}")) {
        input.choices.push(c);
        i += 1;
    }
    let mut i = 0;
    while let Some(r) = get(&format!("rating_{i}")) {
        input.ratings.push(r);
        i += 1;
    }
    // An unanswered item is a missing field, not a shorter paper.
    let n_items = pairs.iter().filter(|(n, _)| n == "items").count();
    if n_items > 0 {
        let n: usize = get("items").and_then(|v| v.parse().ok()).unwrap_or(0);
        let got = input.choices.len().max(input.ratings.len());
        if (get("kind").as_deref() == Some("motion") || get("kind").as_deref() == Some("appraisal"))
            && got < n
        {
            let what = if get("kind").as_deref() == Some("motion") { "表决" } else { "评议" };
            let msg = format!("第{}项尚未{what}，请逐项选择后再提交", got + 1);
            return ballot_page(&state, &p, id, None, Some(msg), None, StatusCode::UNPROCESSABLE_ENTITY)
                .await;
        }
    }
    match service::vote(&state, &p, id, || Ok(input)).await {
        Ok(code) => {
            ballot_page(&state, &p, id, Some(receipt::display(&code)), None, None, StatusCode::OK).await
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            let s = e.status();
            ballot_page(&state, &p, id, None, Some(e.0.message), None, s).await
        }
    }
}

#[derive(Template)]
#[template(path = "democracy/minutes.html")]
struct MinutesPage {
    layout: Layout,
    id: Uuid,
    text: String,
}

/// The printable decision (决议) of a closed ballot.
pub async fn minutes(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let t = service::tally(&state, &p, id).await?;
    let Some(text) = t.minutes.clone() else {
        return Err(AppError::field(ErrorCode::BallotState, "status", "投票结束并计票后才有决议").into());
    };
    let b = &t.access.ballot;
    let layout = Layout::new(&state, &p, "democracy", "决议")
        .await
        .crumb(b.title.clone(), format!("/ballots/{id}"))
        .crumb("决议", format!("/ballots/{id}/minutes"));
    Ok(render(&MinutesPage { layout, id, text }))
}

pub struct MyRow {
    pub id: Uuid,
    pub title: String,
    pub kind: &'static str,
    pub status: String,
    pub status_label: &'static str,
    pub voted: bool,
    pub at: String,
}

#[derive(Template)]
#[template(path = "democracy/mine.html")]
struct MinePage {
    layout: Layout,
    rows: Vec<MyRow>,
}

pub async fn my_ballots(State(state): State<AppState>, p: Principal) -> PageResult {
    let rows = service::mine(&state, &p)
        .await?
        .into_iter()
        .map(|(b, voted)| MyRow {
            id: b.id,
            kind: BallotKind::parse(&b.kind).map_or("", |k| k.label()),
            status_label: status_label(&b.status),
            status: b.status.clone(),
            voted,
            at: b.opened_at.map(fmt_datetime).unwrap_or_default(),
            title: b.title,
        })
        .collect();
    let layout = Layout::new(&state, &p, "democracy", "我的投票").await.crumb("我的投票", "/me/ballots");
    Ok(render(&MinePage { layout, rows }))
}
