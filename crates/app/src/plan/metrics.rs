//! The metric catalogue computed (domain::plan::metric names them): a
//! metric's value over an org's records for a period. For a union, its own
//! records; for a federation, every union of its subtree (and the employer
//! registers kept in it, for the rates over employers).
//!
//! The one entry point the plans, the summary and the dashboards share:
//! [`values_in`] answers many (metric, scope) pairs at many checkpoints in
//! one pass over the records, so a plan page of 20 targets with their
//! trends is a handful of queries, not hundreds.

use chrono::NaiveDate;
use domain::plan::metric::{Metric, Scope};
use domain::plan::period::Period;
use serde::Serialize;
use store::Tx;
use uuid::Uuid;

use crate::AppState;
use crate::error::AppResult;

/// Whose records a metric counts: one union, or a federation's subtree.
#[derive(Debug, Clone)]
pub struct Subject {
    pub org_id: Uuid,
    pub path: String,
    pub name: String,
    /// A federation (its subtree) rather than a union.
    pub federation: bool,
}

/// One metric asked with the scope a target names (empty for none).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ask {
    pub metric: Metric,
    pub scope: Scope,
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

/// The org `org_id` as a subject, or 404.
pub async fn subject_in(tx: &mut Tx, org_id: Uuid) -> AppResult<Subject> {
    let _ = (tx, org_id);
    todo!("issue 20: metrics")
}

/// The figure of one metric for an org and period (`GET
/// /api/v1/orgs/{id}/metrics/{metric}`); 422 on `metric` when it does not
/// apply to the org's level, on `to` when the period ends before it starts.
pub async fn figure(state: &AppState, org_id: Uuid, ask: Ask, period: Period) -> AppResult<Figure> {
    let _ = (state, org_id, ask, period);
    todo!("issue 20: metrics")
}

/// The figure of each ask over `period` up to its end (or today, if
/// earlier), in the caller's transaction.
pub async fn figures_in(
    tx: &mut Tx,
    subject: &Subject,
    asks: &[Ask],
    period: Period,
) -> AppResult<Vec<Figure>> {
    let _ = (tx, subject, asks, period);
    todo!("issue 20: metrics")
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
    let _ = (tx, subject, period);
    Ok(asks.iter().map(|_| vec![0.0; at.len()]).collect())
}
