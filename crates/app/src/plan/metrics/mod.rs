//! The metric catalogue computed (domain::plan::metric names them): a
//! metric's value over an org's records for a period. For a union, its own
//! records; for a federation, every union of its subtree (and the employer
//! registers kept in it, for the rates over employers).
//!
//! The one entry point the plans, the summary and the dashboards share:
//! [`values_in`] answers many (metric, scope) pairs at many checkpoints in
//! one pass over the records, so a plan page of 20 targets with their
//! trends is a handful of queries, not hundreds: each source of records is
//! read once for the whole period (grouped by day in the database, see
//! `store::plan::metrics`), and every checkpoint is evaluated in memory.

mod eval;
mod facts;
mod links;

use chrono::NaiveDate;
use domain::ErrorCode;
use domain::org::OrgKind;
use domain::plan::metric::{Metric, Scope};
use domain::plan::period::Period;
use serde::Serialize;
use store::Tx;
use uuid::Uuid;

use crate::AppState;
use crate::error::{AppError, AppResult};

pub use eval::Eval;
pub use facts::Facts;

/// Whose records a metric counts: one union, or a federation's subtree.
#[derive(Debug, Clone)]
pub struct Subject {
    pub org_id: Uuid,
    pub path: String,
    pub name: String,
    /// A federation (its subtree) rather than a union.
    pub federation: bool,
}

impl Subject {
    /// The upper bound of the subject's subtree (`path` is the lower).
    pub fn upper(&self) -> String {
        domain::org::subtree_upper_bound(&self.path)
    }
}

/// One metric asked with the scope a target names (empty for none).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ask {
    pub metric: Metric,
    pub scope: Scope,
}

impl Ask {
    pub fn of(metric: Metric) -> Ask {
        Ask { metric, scope: Scope::default() }
    }
}

/// A metric's value for a period, with what it was computed from.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub metric: Metric,
    pub value: f64,
    pub unit: &'static str,
    pub label: &'static str,
    pub definition: &'static str,
    /// For a rate: what was counted over what (e.g. 建会 57 of 60 employers).
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// The list behind the figure, filtered to the period (a page path).
    pub link: Option<String>,
    /// The period, in words (2026年1月1日至2026年12月31日).
    pub period: String,
}

/// The org `org_id` as a subject, or 404 (a 分工会 or 小组 is no subject:
/// its records are its union's).
pub async fn subject_in(tx: &mut Tx, org_id: Uuid) -> AppResult<Subject> {
    let o = store::org::get(tx, org_id).await?.ok_or_else(AppError::not_found)?;
    let federation = match OrgKind::parse(&o.kind) {
        Some(OrgKind::Federation) => true,
        Some(OrgKind::Union) => false,
        _ => return Err(AppError::not_found()),
    };
    Ok(Subject { org_id: o.id, path: o.path, name: o.name, federation })
}

/// 422 on `metric` when `metric` does not apply to the subject's level.
pub fn check_applies(subject: &Subject, metric: Metric) -> AppResult<()> {
    if metric.applies_to(subject.federation) {
        return Ok(());
    }
    let (level, other) =
        if subject.federation { ("总工会", "基层工会") } else { ("基层工会", "总工会") };
    Err(AppError::field(
        ErrorCode::InvalidValue,
        "metric",
        format!("指标“{}”不适用于{level}，只能按{other}统计", metric.label()),
    ))
}

/// The figure of one metric for an org and period (`GET
/// /api/v1/orgs/{id}/metrics/{metric}`); 422 on `metric` when it does not
/// apply to the org's level, on `to` when the period ends before it starts.
pub async fn figure(state: &AppState, org_id: Uuid, ask: Ask, period: Period) -> AppResult<Figure> {
    Period::new(period.from, period.to)?;
    let mut tx = state.db.read().await?;
    let subject = subject_in(&mut tx, org_id).await?;
    check_applies(&subject, ask.metric)?;
    let mut figures = figures_in(&mut tx, &subject, &[ask], period).await?;
    figures.pop().ok_or_else(AppError::not_found)
}

/// The last day a figure over `period` counts: its end, or today if earlier
/// (an activity planned for next month is not held yet).
pub fn as_of(period: Period) -> NaiveDate {
    period.to.min(domain::time::today(crate::now()))
}

/// The figure of each ask over `period` up to its end (or today, if
/// earlier), in the caller's transaction.
pub async fn figures_in(
    tx: &mut Tx,
    subject: &Subject,
    asks: &[Ask],
    period: Period,
) -> AppResult<Vec<Figure>> {
    let d = as_of(period);
    let facts = Facts::load(tx, subject, asks, period).await?;
    Ok(asks.iter().map(|a| figure_of(subject, a.metric, facts.eval(*a, period.from, d), period)).collect())
}

fn figure_of(subject: &Subject, m: Metric, e: Eval, period: Period) -> Figure {
    Figure {
        metric: m,
        value: e.value,
        unit: m.unit(),
        label: m.label(),
        definition: m.definition(),
        numerator: e.numerator,
        denominator: e.denominator,
        link: links::link(subject, m, period),
        period: period.label(),
    }
}

/// The value of each ask (outer) at each of `at` (inner): the figure over
/// `period.from ..= d` for a count, the state at `d` for a rate or stock.
pub async fn values_in(
    tx: &mut Tx,
    subject: &Subject,
    asks: &[Ask],
    period: Period,
    at: &[NaiveDate],
) -> AppResult<Vec<Vec<f64>>> {
    let facts = Facts::load(tx, subject, asks, period).await?;
    Ok(asks.iter().map(|a| at.iter().map(|d| facts.eval(*a, period.from, *d).value).collect()).collect())
}

/// The catalogue of an org: every metric that applies to its level, with
/// its figure over `period` (a handful of queries: the sources are read
/// once for all).
pub async fn catalogue(state: &AppState, org_id: Uuid, period: Period) -> AppResult<(Subject, Vec<Figure>)> {
    let mut tx = state.db.read().await?;
    let subject = subject_in(&mut tx, org_id).await?;
    let asks: Vec<Ask> =
        Metric::ALL.iter().copied().filter(|m| m.applies_to(subject.federation)).map(Ask::of).collect();
    let figures = figures_in(&mut tx, &subject, &asks, period).await?;
    Ok((subject, figures))
}

/// One metric's page: its figure over `period` and its trend at the month
/// ends of the period (up to today).
pub struct Trend {
    pub subject: Subject,
    pub figure: Figure,
    pub points: Vec<(NaiveDate, f64)>,
}

/// The figure of `metric` with its monthly trend; 422 on `metric` when it
/// does not apply to the org's level.
pub async fn trend(state: &AppState, org_id: Uuid, metric: Metric, period: Period) -> AppResult<Trend> {
    let mut tx = state.db.read().await?;
    let subject = subject_in(&mut tx, org_id).await?;
    check_applies(&subject, metric)?;
    let ask = Ask::of(metric);
    let at = period.checkpoints(domain::time::today(crate::now()));
    let facts = Facts::load(&mut tx, &subject, &[ask], period).await?;
    let d = as_of(period);
    let figure = figure_of(&subject, metric, facts.eval(ask, period.from, d), period);
    let points = at.iter().map(|d| (*d, facts.eval(ask, period.from, *d).value)).collect();
    Ok(Trend { subject, figure, points })
}
