//! The congress home: its terms, the current term's composition, sessions
//! and ballots, with the forms for a new term and a new session.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::ErrorCode;
use domain::democracy::congress::CongressForm;
use domain::time::{fmt_date, parse_date};
use serde::Deserialize;
use uuid::Uuid;

use super::{BallotRow, ballot_row, base, union_layout};
use crate::extract::{PageForm, Path};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::democracy::congress;
use app::error::AppError;

pub struct TermRow {
    pub id: Uuid,
    pub number: i64,
    pub form: &'static str,
    pub span: String,
}

pub struct SessionRow {
    pub id: Uuid,
    pub title: String,
    pub meets_on: String,
    pub place: String,
    pub warning: Option<String>,
}

#[derive(Template)]
#[template(path = "democracy/home.html")]
struct HomePage {
    layout: Layout,
    union_id: Uuid,
    manage: bool,
    form_label: &'static str,
    terms: Vec<TermRow>,
    current: Option<(Uuid, String, usize, Vec<String>)>,
    sessions: Vec<SessionRow>,
    ballots: Vec<BallotRow>,
    term_form: TermForm,
    session_form: SessionForm,
    errors: FormErrors,
    error_form: &'static str,
}

#[derive(Deserialize, Default, Clone)]
pub struct TermForm {
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub years: String,
    #[serde(default)]
    pub form: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct SessionForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub meets_on: String,
    #[serde(default)]
    pub place: String,
}

enum Typed {
    None,
    Term(TermForm, FormErrors),
    Session(SessionForm, FormErrors),
}

async fn home_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    typed: Typed,
    status: StatusCode,
) -> PageResult {
    let (layout, manage) = union_layout(state, p, union_id, "民主管理", None).await?;
    let o = congress::overview(state, union_id).await?;
    let terms = o
        .terms
        .iter()
        .map(|t| TermRow {
            id: t.id,
            number: t.number,
            form: CongressForm::parse(&t.form).map_or("", |f| f.label()),
            span: format!("{}至{}", fmt_date(t.starts_on), fmt_date(t.ends_on)),
        })
        .collect();
    let current = o.current.as_ref().map(|v| {
        (v.term.id, format!("第{}届{}", v.term.number, v.form.label()), v.delegates.len(), v.warnings.clone())
    });
    let sessions = o
        .sessions
        .iter()
        .map(|(s, w)| SessionRow {
            id: s.id,
            title: s.title.clone(),
            meets_on: fmt_date(s.meets_on),
            place: s.place.clone().unwrap_or_default(),
            warning: w.clone(),
        })
        .collect();
    let (term_form, session_form, errors, error_form) = match typed {
        Typed::None => (
            TermForm { years: "5".into(), starts_on: congress::today().to_string(), ..Default::default() },
            SessionForm::default(),
            FormErrors::default(),
            "",
        ),
        Typed::Term(f, e) => (f, SessionForm::default(), e, "term"),
        Typed::Session(f, e) => (TermForm { years: "5".into(), ..Default::default() }, f, e, "session"),
    };
    Ok(render_status(
        status,
        &HomePage {
            layout,
            union_id,
            manage,
            form_label: o.form.label(),
            terms,
            current,
            sessions,
            ballots: o.ballots.iter().map(ballot_row).collect(),
            term_form,
            session_form,
            errors,
            error_form,
        },
    ))
}

pub async fn home(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    home_page(&state, &p, union_id, Typed::None, StatusCode::OK).await
}

pub async fn create_term(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<TermForm>,
) -> PageResult {
    let starts = if f.starts_on.trim().is_empty() { None } else { parse_date(&f.starts_on) };
    let result = if !f.starts_on.trim().is_empty() && starts.is_none() {
        Err(AppError::field(ErrorCode::InvalidDate, "starts_on", "起始日期不正确，应为2026-01-01"))
    } else {
        let years = f.years.trim().parse().unwrap_or(0);
        congress::create_term(&state, &p, union_id, starts, years, Some(&f.form)).await
    };
    match result {
        Ok(t) => {
            let msg = format!("已新建第{}届，请登记代表", t.number);
            Ok(redirect_with_flash(&state, &p, &format!("{}/terms/{}", base(union_id), t.id), &msg).await)
        }
        Err(e) if e.0.field.is_none() && e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            let s = e.status();
            home_page(&state, &p, union_id, Typed::Term(f, FormErrors::from_error(&e)), s).await
        }
    }
}

pub async fn create_session(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<SessionForm>,
) -> PageResult {
    let result = match parse_date(&f.meets_on) {
        None => Err(AppError::field(ErrorCode::InvalidDate, "meets_on", "请填写开会日期，如2026-12-10")),
        Some(d) => {
            congress::create_session(&state, &p, union_id, None, Some(&f.title), d, Some(&f.place)).await
        }
    };
    match result {
        Ok(s) => {
            let to = format!("{}/sessions/{}", base(union_id), s.id);
            Ok(redirect_with_flash(&state, &p, &to, &format!("已筹备{}", s.title)).await)
        }
        Err(e) => {
            let s = e.status();
            home_page(&state, &p, union_id, Typed::Session(f, FormErrors::from_error(&e)), s).await
        }
    }
}
