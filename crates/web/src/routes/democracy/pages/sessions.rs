//! A session's page: agenda, meeting papers, check-in with the live quorum,
//! and the session's motions.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::time::{fmt_date, parse_date};
use serde::Deserialize;
use uuid::Uuid;

use super::{BallotRow, DelegateRow, ballot_row, base, delegate_row, lines, opt_id, union_layout};
use crate::extract::{PageForm, Path};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::democracy::congress::{self, Quorum};
use app::democracy::service::{self, BallotInput};

pub struct AgendaRow {
    pub position: i64,
    pub title: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "democracy/session.html")]
struct SessionPage {
    layout: Layout,
    union_id: Uuid,
    session_id: Uuid,
    manage: bool,
    title: String,
    meets_on: String,
    place: String,
    papers_sent_on: Option<String>,
    papers_warning: Option<String>,
    term_link: String,
    agenda: Vec<AgendaRow>,
    delegates: Vec<(DelegateRow, bool)>,
    quorum: Quorum,
    ballots: Vec<BallotRow>,
    motion: MotionForm,
    errors: FormErrors,
    today: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct MotionForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub items: String,
    #[serde(default)]
    pub mode: String,
}

async fn session_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    session_id: Uuid,
    typed: Option<(MotionForm, FormErrors, StatusCode)>,
) -> PageResult {
    let v = congress::session_view(state, union_id, session_id).await?;
    let (layout, manage) = union_layout(
        state,
        p,
        union_id,
        &v.session.title,
        Some(format!("{}/sessions/{session_id}", base(union_id))),
    )
    .await?;
    let (motion, errors, status) =
        typed.unwrap_or_else(|| (MotionForm::default(), FormErrors::default(), StatusCode::OK));
    Ok(render_status(
        status,
        &SessionPage {
            layout,
            union_id,
            session_id,
            manage,
            title: v.session.title.clone(),
            meets_on: fmt_date(v.session.meets_on),
            place: v.session.place.clone().unwrap_or_default(),
            papers_sent_on: v.session.papers_sent_on.map(fmt_date),
            papers_warning: v.papers_warning.clone(),
            term_link: format!("{}/terms/{}", base(union_id), v.term.id),
            agenda: v
                .agenda
                .iter()
                .map(|a| AgendaRow {
                    position: a.position,
                    title: a.title.clone(),
                    note: a.note.clone().unwrap_or_default(),
                })
                .collect(),
            delegates: v.delegates.iter().map(|(d, h)| (delegate_row(d), *h)).collect(),
            quorum: v.quorum,
            ballots: v.ballots.iter().map(ballot_row).collect(),
            motion,
            errors,
            today: congress::today().to_string(),
        },
    ))
}

pub async fn session(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, session_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    session_page(&state, &p, union_id, session_id, None).await
}

#[derive(Template)]
#[template(path = "democracy/quorum.html")]
struct QuorumFragment {
    union_id: Uuid,
    session_id: Uuid,
    quorum: Quorum,
}

/// The live quorum, polled by the session page.
pub async fn quorum(
    State(state): State<AppState>,
    Path((union_id, session_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let quorum = congress::quorum(&state, union_id, session_id).await?;
    Ok(render(&QuorumFragment { union_id, session_id, quorum }))
}

#[derive(Deserialize, Default)]
pub struct AgendaForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub note: String,
}

pub async fn add_agenda(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, session_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<AgendaForm>,
) -> PageResult {
    let to = format!("{}/sessions/{session_id}", base(union_id));
    let msg = match congress::add_agenda_item(&state, &p, union_id, session_id, &f.title, Some(&f.note)).await
    {
        Ok(a) => format!("已增加议程：{}", a.title),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => format!("议程未增加：{}", e.0.message),
    };
    Ok(redirect_with_flash(&state, &p, &to, &msg).await)
}

#[derive(Deserialize, Default)]
pub struct PapersForm {
    #[serde(default)]
    pub sent_on: String,
}

pub async fn papers_sent(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, session_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<PapersForm>,
) -> PageResult {
    let to = format!("{}/sessions/{session_id}", base(union_id));
    let on = if f.sent_on.trim().is_empty() { None } else { parse_date(&f.sent_on) };
    if !f.sent_on.trim().is_empty() && on.is_none() {
        return Ok(redirect_with_flash(&state, &p, &to, "送达日期不正确，应为2026-12-01").await);
    }
    let msg = match congress::papers_sent(&state, &p, union_id, session_id, on).await {
        Ok(None) => "已登记会议材料送达".to_owned(),
        Ok(Some(w)) => format!("已登记会议材料送达。注意：{w}"),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => format!("未登记：{}", e.0.message),
    };
    Ok(redirect_with_flash(&state, &p, &to, &msg).await)
}

#[derive(Deserialize, Default)]
pub struct CheckinForm {
    #[serde(default)]
    pub delegate_id: String,
}

pub async fn check_in(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, session_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<CheckinForm>,
) -> PageResult {
    let to = format!("{}/sessions/{session_id}#checkin", base(union_id));
    let Some(d) = opt_id(&f.delegate_id) else {
        return Ok(redirect_with_flash(&state, &p, &to, "请选择签到的代表").await);
    };
    let msg = match congress::check_in(&state, &p, union_id, session_id, d).await {
        Ok(q) => format!(
            "已签到。到会{}人，应到{}人，法定人数{}人{}",
            q.present,
            q.delegates,
            q.needed,
            if q.met { "，已达法定人数" } else { "" }
        ),
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => return Err(e.into()),
        Err(e) => format!("未签到：{}", e.0.message),
    };
    Ok(redirect_with_flash(&state, &p, &to, &msg).await)
}

/// The session page's motion form posts here (same URL as creating any
/// ballot of the union would be ambiguous): `/unions/{u}/congress/sessions/{s}/motions`.
pub async fn create_session_motion(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, session_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<MotionForm>,
) -> PageResult {
    session_motion(&state, &p, union_id, session_id, f).await
}

/// A motion of the session, from the session page.
pub async fn session_motion(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    session_id: Uuid,
    f: MotionForm,
) -> PageResult {
    let input = BallotInput {
        kind: "motion".into(),
        title: f.title.clone(),
        mode: Some(if f.mode == "paper" { "paper".into() } else { "electronic".into() }),
        session_id: Some(session_id),
        items: lines(&f.items),
        ..Default::default()
    };
    match service::create(state, p, union_id, &input).await {
        Ok(_) => {
            let to = format!("{}/sessions/{session_id}#ballots", base(union_id));
            Ok(redirect_with_flash(
                state,
                p,
                &to,
                &format!("已发起表决“{}”，到会达法定人数后可开始投票", f.title.trim()),
            )
            .await)
        }
        Err(e) => {
            let s = e.status();
            session_page(state, p, union_id, session_id, Some((f, FormErrors::from_error(&e), s))).await
        }
    }
}
