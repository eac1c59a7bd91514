//! The dated facts the metric catalogue counts, over the unions of a
//! subtree `[lo, hi)` (a union's own path and
//! `domain::org::subtree_upper_bound`: for a union, itself; for a
//! federation, every union under it). Each query groups by day (or by the
//! first day a person counts) in the database, so that a union of tens of
//! thousands of members answers in a few hundred rows; the application
//! evaluates every checkpoint of a trend from them in memory.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

use crate::{Result, Tx, on};

/// The unions of the subtree `[$1, $2)`: every record is filtered on its
/// `union_id` first, through this.
const UNIONS: &str = "SELECT o.id FROM orgs o WHERE o.path >= $1 AND o.path < $2 AND o.kind = 'union'";

/// Statuses of a member who held a membership at some time (joined), and of
/// one who no longer does (left on `status_date`).
const EVER: &str = "('active', 'retained', 'transferred_out', 'withdrawn', 'expelled', 'deceased')";
const LEFT: &str = "('transferred_out', 'withdrawn', 'expelled', 'deceased')";

/// Members who ever held a membership, by join day (None: not recorded).
#[tracing::instrument(level = "debug", name = "plan::metrics::joins", skip_all, fields(rows = tracing::field::Empty))]
pub async fn joins(tx: &mut Tx, lo: &str, hi: &str) -> Result<Vec<(Option<NaiveDate>, i64)>> {
    let sql = format!(
        "SELECT m.join_date, CAST(COUNT(*) AS BIGINT) FROM members m \
         WHERE m.union_id IN ({UNIONS}) AND m.status IN {EVER} GROUP BY m.join_date"
    );
    crate::counted(async move { on!(tx, c => sqlx::query_as(&sql).bind(lo).bind(hi).fetch_all(c).await) })
        .await
}

/// Members who left (transfer out, withdrawal, expulsion, death), by the
/// day their status changed (None: not recorded).
#[tracing::instrument(level = "debug", name = "plan::metrics::leaves", skip_all, fields(rows = tracing::field::Empty))]
pub async fn leaves(tx: &mut Tx, lo: &str, hi: &str) -> Result<Vec<(Option<NaiveDate>, i64)>> {
    let sql = format!(
        "SELECT m.status_date, CAST(COUNT(*) AS BIGINT) FROM members m \
         WHERE m.union_id IN ({UNIONS}) AND m.status IN {LEFT} GROUP BY m.status_date"
    );
    crate::counted(async move { on!(tx, c => sqlx::query_as(&sql).bind(lo).bind(hi).fetch_all(c).await) })
        .await
}

/// An activity, not called off, starting in the period.
#[derive(Debug, Clone, FromRow)]
pub struct ActivityFact {
    pub starts_at: DateTime<Utc>,
    pub kind: String,
}

/// The activities (not called off) starting in `[from, to)`.
#[tracing::instrument(level = "debug", name = "plan::metrics::activities", skip_all, fields(rows = tracing::field::Empty))]
pub async fn activities(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<ActivityFact>> {
    let sql = format!(
        "SELECT a.starts_at, a.kind FROM activities a WHERE a.union_id IN ({UNIONS}) \
         AND a.status <> 'cancelled' AND a.starts_at >= $3 AND a.starts_at < $4"
    );
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(&sql).bind(lo).bind(hi).bind(from).bind(to).fetch_all(c).await)
    })
    .await
}

/// How many members first took part (checked in to an activity not called
/// off, starting in `[from, to)`) at each activity start: one row per
/// activity at most, however many check-ins.
#[tracing::instrument(level = "debug", name = "plan::metrics::first_checkins", skip_all, fields(rows = tracing::field::Empty))]
pub async fn first_checkins(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(DateTime<Utc>, i64)>> {
    let sql = format!(
        "SELECT f.first_on, CAST(COUNT(*) AS BIGINT) FROM (\
           SELECT MIN(a.starts_at) AS first_on FROM activity_checkins k \
           JOIN activities a ON a.union_id = k.union_id AND a.id = k.activity_id \
           WHERE k.union_id IN ({UNIONS}) AND a.status <> 'cancelled' \
           AND a.starts_at >= $3 AND a.starts_at < $4 GROUP BY k.union_id, k.member_id) f \
         GROUP BY f.first_on"
    );
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(&sql).bind(lo).bind(hi).bind(from).bind(to).fetch_all(c).await)
    })
    .await
}

/// The payments and gifts to people (care_assistance) of one day and kind
/// (assistance 帮扶 | condolence 慰问 | gift 送温暖/节日 | job 春送岗位).
#[derive(Debug, Clone, FromRow)]
pub struct CareDay {
    pub date: NaiveDate,
    pub kind: String,
    pub amount_fen: i64,
    pub times: i64,
}

/// Care payments in `[from, to]`, by day and kind.
#[tracing::instrument(level = "debug", name = "plan::metrics::care_days", skip_all, fields(rows = tracing::field::Empty))]
pub async fn care_days(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<CareDay>> {
    let sql = format!(
        "SELECT a.date, a.kind, CAST(SUM(a.amount_fen) AS BIGINT) AS amount_fen, \
         CAST(COUNT(*) AS BIGINT) AS times FROM care_assistance a \
         WHERE a.union_id IN ({UNIONS}) AND a.date >= $3 AND a.date <= $4 GROUP BY a.date, a.kind"
    );
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(&sql).bind(lo).bind(hi).bind(from).bind(to).fetch_all(c).await)
    })
    .await
}

/// How many people were first reached by care (any payment or gift but a
/// job placement) on each day of `[from, to]`.
#[tracing::instrument(level = "debug", name = "plan::metrics::care_first", skip_all, fields(rows = tracing::field::Empty))]
pub async fn care_first(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, i64)>> {
    let sql = format!(
        "SELECT f.first_on, CAST(COUNT(*) AS BIGINT) FROM (\
           SELECT MIN(a.date) AS first_on FROM care_assistance a \
           WHERE a.union_id IN ({UNIONS}) AND a.date >= $3 AND a.date <= $4 AND a.kind <> 'job' \
           GROUP BY a.union_id, a.member_id) f GROUP BY f.first_on"
    );
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(&sql).bind(lo).bind(hi).bind(from).bind(to).fetch_all(c).await)
    })
    .await
}

mod money;
mod records;
mod rights;

pub use money::*;
pub use records::*;
pub use rights::*;

/// Every org of the subtree `[$1, $2)` (registers are kept by federations
/// as well as unions).
const ORGS: &str = "SELECT o.id FROM orgs o WHERE o.path >= $1 AND o.path < $2";

/// A union of the subtree, as the rates over unions see it.
#[derive(Debug, Clone, FromRow)]
pub struct UnionFact {
    pub id: uuid::Uuid,
    pub employer_type: Option<String>,
    pub staff_count: Option<i64>,
    pub founded_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

/// The unions (not archived) of the subtree.
#[tracing::instrument(level = "debug", name = "plan::metrics::unions", skip_all, fields(rows = tracing::field::Empty))]
pub async fn unions(tx: &mut Tx, lo: &str, hi: &str) -> Result<Vec<UnionFact>> {
    let sql = "SELECT o.id, o.employer_type, o.staff_count, o.founded_on, o.created_at FROM orgs o \
         WHERE o.path >= $1 AND o.path < $2 AND o.kind = 'union' AND o.archived_at IS NULL";
    crate::counted(async move { on!(tx, c => sqlx::query_as(sql).bind(lo).bind(hi).fetch_all(c).await) })
        .await
}
