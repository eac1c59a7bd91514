//! 结账: closing and reopening months, and the record of both.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::time::fmt_datetime;
use serde::Deserialize;
use uuid::Uuid;

use super::{Can, base, period_label, status_of, this_month, union_page};
use crate::extract::{PageForm, Path};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::AppError;
use app::finance::{dues, service};

pub struct EventRow {
    pub period: String,
    pub action: &'static str,
    pub reason: String,
    pub actor: String,
    pub at: String,
}

pub(super) fn event_rows(events: Vec<app::finance::PeriodEvent>) -> Vec<EventRow> {
    events
        .into_iter()
        .map(|e| EventRow {
            period: period_label(&e.period),
            action: if e.action == "reopen" { "反结账" } else { "结账" },
            reason: e.reason.unwrap_or_default(),
            actor: e.actor_name,
            at: fmt_datetime(e.at),
        })
        .collect()
}

#[derive(Deserialize, Default, Clone)]
pub struct PeriodForm {
    #[serde(default)]
    period: String,
    #[serde(default)]
    reason: String,
}

#[derive(Template)]
#[template(path = "finance/periods.html")]
struct PeriodsPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    closed: Vec<(String, String)>,
    events: Vec<EventRow>,
    close: PeriodForm,
    close_errors: FormErrors,
    reopen: PeriodForm,
    reopen_errors: FormErrors,
}

/// The periods page; `close` or `reopen` carries the form as typed and its
/// error.
async fn periods_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    close: Option<(PeriodForm, AppError)>,
    reopen: Option<(PeriodForm, AppError)>,
) -> PageResult {
    let (closed, events) = service::periods(state, union_id).await?;
    let status = status_of(close.as_ref().or(reopen.as_ref()).map(|(_, e)| e));
    let (layout, can, _) =
        union_page(state, p, union_id, "finance", "结账", Some(format!("{}/periods", base(union_id))))
            .await?;
    let (close, close_errors) = match close {
        Some((f, e)) => (f, FormErrors::from_error(&e)),
        None => (
            PeriodForm { period: this_month().prev().to_string(), ..Default::default() },
            FormErrors::default(),
        ),
    };
    let (reopen, reopen_errors) = match reopen {
        Some((f, e)) => (f, FormErrors::from_error(&e)),
        None => (
            PeriodForm { period: closed.iter().max().cloned().unwrap_or_default(), ..Default::default() },
            FormErrors::default(),
        ),
    };
    Ok(render_status(
        status,
        &PeriodsPage {
            layout,
            union_id,
            can,
            nav: "periods",
            closed: closed.iter().map(|k| (k.clone(), period_label(k))).collect(),
            events: event_rows(events),
            close,
            close_errors,
            reopen,
            reopen_errors,
        },
    ))
}

pub async fn periods(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    periods_page(&state, &p, union_id, None, None).await
}

pub async fn close_period(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<PeriodForm>,
) -> PageResult {
    let r = match dues::parse_month("period", &f.period) {
        Ok(period) => service::set_period(&state, &p, union_id, period, true, None).await.map(|_| period),
        Err(e) => Err(e),
    };
    match r {
        Ok(period) => {
            let msg = format!("{}已结账", period.label());
            Ok(redirect_with_flash(&state, &p, &format!("{}/periods", base(union_id)), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => periods_page(&state, &p, union_id, Some((f, e)), None).await,
    }
}

pub async fn reopen_period(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<PeriodForm>,
) -> PageResult {
    let r = match dues::parse_month("period", &f.period) {
        Ok(period) => {
            service::set_period(&state, &p, union_id, period, false, Some(&f.reason)).await.map(|_| period)
        }
        Err(e) => Err(e),
    };
    match r {
        Ok(period) => {
            let msg = format!("{}已反结账，经审委员会可在经审工作台看到本次操作", period.label());
            Ok(redirect_with_flash(&state, &p, &format!("{}/periods", base(union_id)), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => periods_page(&state, &p, union_id, None, Some((f, e))).await,
    }
}
