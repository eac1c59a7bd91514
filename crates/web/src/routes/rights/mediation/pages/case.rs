//! One case: its parties, claims, clock, sessions and log, the step forms
//! (decide, record a session, extend, close) — a refused step comes back
//! with what was typed and the fault by its field — and the printable
//! 调解协议书.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::rights::mediation::{Outcome, SessionKind, Side, Status};
use serde::Deserialize;
use uuid::Uuid;

use super::{case_url, date, layout, yuan};
use crate::extract::{PageForm, Path};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::rights::mediation::case::{self, CloseInput, DecisionInput, SessionInput};
use app::rights::mediation::read::{self, CaseView};
use app::rights::mediation::{Case, status_of};

pub fn session_label<S: AsRef<str>>(s: S) -> &'static str {
    SessionKind::parse(s.as_ref()).map_or("", |k| k.label())
}

pub fn side_label<S: AsRef<str>>(s: S) -> &'static str {
    Side::parse(s.as_ref()).map_or("", |k| k.label())
}

/// Every field of the step forms, as typed.
#[derive(Deserialize, Default, Clone)]
pub struct StepForm {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub decided_on: String,
    #[serde(default)]
    pub mediator_id: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub closed_on: String,
    #[serde(default)]
    pub outcome_text: String,
    #[serde(default)]
    pub agreed_yuan: String,
    #[serde(default)]
    pub extension_days: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub attendees: String,
    #[serde(default)]
    pub minutes: String,
}

#[derive(Template)]
#[template(path = "rights/mediation/show.html")]
struct ShowPage {
    layout: Layout,
    v: CaseView,
    status: Status,
    form: StepForm,
    /// The step form the errors belong to: decide, session, extend, close.
    which: &'static str,
    errors: FormErrors,
    today: String,
    outcomes: Vec<(&'static str, &'static str)>,
    kinds: Vec<(&'static str, &'static str)>,
}

impl ShowPage {
    fn errors_of(&self, which: &str, field: &str) -> Option<&str> {
        if self.which == which { self.errors.get(field) } else { None }
    }

    fn top_of(&self, which: &str) -> Vec<String> {
        if self.which == which { self.errors.top() } else { Vec::new() }
    }

    fn kept<'a>(&'a self, which: &str, typed: &'a str) -> &'a str {
        if self.which == which { typed } else { "" }
    }
}

async fn show_page(
    state: &AppState,
    p: &Principal,
    case_id: Uuid,
    form: StepForm,
    which: &'static str,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let v = read::get(state, case_id).await?;
    let title = app::rights::mediation::case_title(&v.case);
    let (layout, _) = layout(state, p, v.case.union_id, &title).await?;
    let layout = layout.crumb(format!("第{}号", v.case.number), case_url(case_id));
    let today = app::rights::mediation::today().to_string();
    Ok(render_status(
        status,
        &ShowPage {
            layout,
            status: status_of(&v.case),
            v,
            form,
            which,
            errors,
            today,
            outcomes: Outcome::ALL.iter().map(|o| (o.as_str(), o.label())).collect(),
            kinds: SessionKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
        },
    ))
}

pub async fn show(State(state): State<AppState>, p: Principal, Path(case_id): Path<Uuid>) -> PageResult {
    show_page(&state, &p, case_id, StepForm::default(), "", FormErrors::default(), StatusCode::OK).await
}

/// After a step: back to the case with the flash, or the case again with
/// what was typed and the fault (a missing case is the error page).
async fn after<T>(
    state: &AppState,
    p: &Principal,
    case_id: Uuid,
    form: StepForm,
    which: &'static str,
    r: AppResult<T>,
    ok: &str,
) -> PageResult {
    match r {
        Ok(_) => Ok(redirect_with_flash(state, p, &case_url(case_id), ok).await),
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => show_page(state, p, case_id, form, which, FormErrors::from_error(&e), e.status()).await,
    }
}

fn id(field: &str, s: &str) -> AppResult<Option<Uuid>> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    Uuid::parse_str(s)
        .map(Some)
        .map_err(|_| AppError::field(domain::ErrorCode::NotFound, field, "所选记录不存在"))
}

pub async fn decide(
    State(state): State<AppState>,
    p: Principal,
    Path(case_id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let accept = f.decision != "refuse";
    let r = async {
        let input = DecisionInput {
            accept,
            reason: f.reason.clone(),
            decided_on: date("decided_on", "决定日期", &f.decided_on)?,
            mediator_id: id("mediator_id", &f.mediator_id)?,
        };
        case::decide(&state, &p, case_id, &input).await
    }
    .await;
    let ok = if accept {
        "已受理，调解期限开始计算"
    } else {
        "已决定不予受理，请书面告知申请人"
    };
    after(&state, &p, case_id, f, "decide", r, ok).await
}

pub async fn close(
    State(state): State<AppState>,
    p: Principal,
    Path(case_id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = async {
        let input = CloseInput {
            outcome: f.outcome.clone(),
            closed_on: date("closed_on", "结案日期", &f.closed_on)?,
            outcome_text: f.outcome_text.clone(),
            agreed_fen: yuan("agreed_fen", "协议金额", &f.agreed_yuan)?,
        };
        case::close(&state, &p, case_id, &input).await
    }
    .await;
    after(&state, &p, case_id, f, "close", r, "已结案").await
}

pub async fn extend(
    State(state): State<AppState>,
    p: Principal,
    Path(case_id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = async {
        let days: i64 = f.extension_days.trim().parse().map_err(|_| {
            AppError::field(domain::ErrorCode::InvalidValue, "extension_days", "延长天数应为1至15之间的整数")
        })?;
        case::extend(&state, &p, case_id, days, &f.note).await
    }
    .await;
    after(&state, &p, case_id, f, "extend", r, "已延长调解期限").await
}

pub async fn add_session(
    State(state): State<AppState>,
    p: Principal,
    Path(case_id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = async {
        let input = SessionInput {
            kind: f.kind.clone(),
            held_on: date("held_on", "记录日期", &f.held_on)?,
            place: f.place.clone(),
            attendees: f.attendees.clone(),
            minutes: f.minutes.clone(),
        };
        case::add_session(&state, &p, case_id, &input).await
    }
    .await;
    after(&state, &p, case_id, f, "session", r, "笔录已记录").await
}

// ---------------------------------------------------------------------------
// 调解协议书

#[derive(Template)]
#[template(path = "rights/mediation/agreement_print.html")]
struct AgreementPrint {
    v: CaseView,
    year: i32,
    /// Those who sign for the applicants: the representatives, if elected.
    signers: Vec<String>,
    amount: Option<(String, String)>,
    closed_on: String,
}

/// The printable 调解协议书 of an agreed case: both parties' signature
/// lines, the mediator's, the committee's seal, the sum in figures and in
/// capitals (大写). Not for a case without an agreement.
pub async fn agreement(State(state): State<AppState>, Path(case_id): Path<Uuid>) -> PageResult {
    let v = read::get(&state, case_id).await?;
    if status_of(&v.case) != Status::Agreed {
        return Err(AppError::field(
            domain::ErrorCode::InvalidTransition,
            "status",
            "案件没有达成调解协议，没有调解协议书",
        )
        .into());
    }
    let reps: Vec<String> =
        v.applicants.iter().filter(|a| a.representative).map(|a| a.name.clone()).collect();
    let signers = if reps.is_empty() { v.applicants.iter().map(|a| a.name.clone()).collect() } else { reps };
    let c: &Case = &v.case;
    let amount = c
        .agreed_fen
        .map(|fen| (domain::finance::money::fmt_yuan(fen), domain::finance::money::in_words(fen)));
    let closed_on = c.closed_on.map(domain::time::fmt_date).unwrap_or_default();
    let year = chrono::Datelike::year(&c.closed_on.unwrap_or(c.applied_on));
    Ok(render(&AgreementPrint { v, year, signers, amount, closed_on }))
}
