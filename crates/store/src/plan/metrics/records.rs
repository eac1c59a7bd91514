//! The records of the other areas the metrics count: contests,
//! suggestions, honours, training, congresses, the disclosure board,
//! proposals, hardship files, visits and mutual aid. Each is small per
//! union and year (tens to hundreds of rows) except training credits,
//! which are grouped by day here.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use super::UNIONS;
use crate::{Result, Tx, on};

/// Runs `sql` with the subtree and a date range as `$1..$4`.
macro_rules! ranged {
    ($tx:expr, $sql:expr, $lo:expr, $hi:expr, $from:expr, $to:expr) => {{
        let sql = $sql;
        crate::counted(async move {
            on!($tx, c => sqlx::query_as(&sql).bind($lo).bind($hi).bind($from).bind($to).fetch_all(c).await)
        })
        .await
    }};
}

/// (start day, entrants) of each contest starting in `[from, to]`.
#[tracing::instrument(level = "debug", name = "plan::metrics::contests", skip_all, fields(rows = tracing::field::Empty))]
pub async fn contests(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, i64)>> {
    ranged!(
        tx,
        format!(
            "SELECT c.starts_on, CAST((SELECT COUNT(*) FROM contest_entrants e \
             WHERE e.union_id = c.union_id AND e.contest_id = c.id) AS BIGINT) FROM contests c \
             WHERE c.union_id IN ({UNIONS}) AND c.starts_on >= $3 AND c.starts_on <= $4"
        ),
        lo,
        hi,
        from,
        to
    )
}

/// A suggestion, as the counts see it.
#[derive(Debug, Clone, FromRow)]
pub struct SuggestionRow {
    pub created_at: DateTime<Utc>,
    pub status: String,
    pub value_fen_per_year: Option<i64>,
    pub accepted_on: Option<NaiveDate>,
}

/// Suggestions submitted in `[from, to)` or accepted (验收) on `[from_day, to_day]`.
#[tracing::instrument(level = "debug", name = "plan::metrics::suggestions", skip_all, fields(rows = tracing::field::Empty))]
pub async fn suggestions(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    days: (NaiveDate, NaiveDate),
) -> Result<Vec<SuggestionRow>> {
    let sql = format!(
        "SELECT s.created_at, s.status, s.value_fen_per_year, s.accepted_on FROM suggestions s \
         WHERE s.union_id IN ({UNIONS}) AND ((s.created_at >= $3 AND s.created_at < $4) \
         OR (s.accepted_on >= $5 AND s.accepted_on <= $6))"
    );
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(&sql).bind(lo).bind(hi).bind(from).bind(to).bind(days.0).bind(days.1)
            .fetch_all(c).await)
    })
    .await
}

/// Honours recorded (记载) and when: the decision day, or the record's
/// creation for one typed as already awarded.
#[tracing::instrument(level = "debug", name = "plan::metrics::honours", skip_all, fields(rows = tracing::field::Empty))]
pub async fn honours(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    days: (NaiveDate, NaiveDate),
) -> Result<Vec<(Option<NaiveDate>, DateTime<Utc>)>> {
    let sql = format!(
        "SELECT h.decided_on, h.created_at FROM honours h WHERE h.union_id IN ({UNIONS}) \
         AND h.status = 'recorded' AND ((h.decided_on >= $5 AND h.decided_on <= $6) \
         OR (h.decided_on IS NULL AND h.created_at >= $3 AND h.created_at < $4))"
    );
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(&sql).bind(lo).bind(hi).bind(from).bind(to).bind(days.0).bind(days.1)
            .fetch_all(c).await)
    })
    .await
}

/// (start day, for union cadres) of each course (not cancelled) starting in `[from, to]`.
#[tracing::instrument(level = "debug", name = "plan::metrics::courses", skip_all, fields(rows = tracing::field::Empty))]
pub async fn courses(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, bool)>> {
    ranged!(
        tx,
        format!(
            "SELECT c.starts_on, c.for_cadres FROM courses c WHERE c.union_id IN ({UNIONS}) \
             AND c.status <> 'cancelled' AND c.starts_on >= $3 AND c.starts_on <= $4"
        ),
        lo,
        hi,
        from,
        to
    )
}

/// Training credits by the day their course ended in `[from, to]`:
/// (day, person-times, tenths of hours).
#[tracing::instrument(level = "debug", name = "plan::metrics::credits", skip_all, fields(rows = tracing::field::Empty))]
pub async fn credits(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, i64, i64)>> {
    ranged!(
        tx,
        format!(
            "SELECT c.ends_on, CAST(COUNT(*) AS BIGINT), CAST(SUM(t.tenth_hours) AS BIGINT) \
             FROM training_credits t JOIN courses c ON c.union_id = t.union_id AND c.id = t.course_id \
             WHERE t.union_id IN ({UNIONS}) AND c.ends_on >= $3 AND c.ends_on <= $4 GROUP BY c.ends_on"
        ),
        lo,
        hi,
        from,
        to
    )
}

/// The first day in `[from, to]` each union of the subtree held a
/// congress session.
#[tracing::instrument(level = "debug", name = "plan::metrics::congresses", skip_all, fields(rows = tracing::field::Empty))]
pub async fn congresses(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(Uuid, NaiveDate)>> {
    ranged!(
        tx,
        format!(
            "SELECT s.union_id, MIN(s.meets_on) FROM congress_sessions s WHERE s.union_id IN ({UNIONS}) \
             AND s.meets_on >= $3 AND s.meets_on <= $4 GROUP BY s.union_id"
        ),
        lo,
        hi,
        from,
        to
    )
}

/// The first instant in `[from, to)` each union of the subtree published
/// on its disclosure board.
#[tracing::instrument(level = "debug", name = "plan::metrics::disclosures", skip_all, fields(rows = tracing::field::Empty))]
pub async fn disclosures(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(Uuid, DateTime<Utc>)>> {
    ranged!(
        tx,
        format!(
            "SELECT d.union_id, MIN(d.published_at) FROM disclosure_items d WHERE d.union_id IN ({UNIONS}) \
             AND d.published_at >= $3 AND d.published_at < $4 GROUP BY d.union_id"
        ),
        lo,
        hi,
        from,
        to
    )
}

/// A proposal (past the cosigning draft), as the rates see it.
#[derive(Debug, Clone, FromRow)]
pub struct ProposalRow {
    pub created_at: DateTime<Utc>,
    pub status: String,
    pub rating: Option<String>,
}

/// The proposals submitted in `[from, to)`.
#[tracing::instrument(level = "debug", name = "plan::metrics::proposals", skip_all, fields(rows = tracing::field::Empty))]
pub async fn proposals(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<ProposalRow>> {
    ranged!(
        tx,
        format!(
            "SELECT p.created_at, p.status, p.rating FROM proposals p WHERE p.union_id IN ({UNIONS}) \
             AND p.status <> 'draft' AND p.created_at >= $3 AND p.created_at < $4"
        ),
        lo,
        hi,
        from,
        to
    )
}

/// (approved, closed) of every hardship file ever approved in the subtree.
#[tracing::instrument(level = "debug", name = "plan::metrics::hardship_files", skip_all, fields(rows = tracing::field::Empty))]
pub async fn hardship_files(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
) -> Result<Vec<(DateTime<Utc>, Option<NaiveDate>)>> {
    let sql = format!(
        "SELECT f.approved_at, f.closed_on FROM care_files f WHERE f.union_id IN ({UNIONS}) \
         AND f.approved_at IS NOT NULL"
    );
    crate::counted(async move { on!(tx, c => sqlx::query_as(&sql).bind(lo).bind(hi).fetch_all(c).await) })
        .await
}

/// (due, visited) of the visits due by `to` and not done before `from`.
#[tracing::instrument(level = "debug", name = "plan::metrics::visits", skip_all, fields(rows = tracing::field::Empty))]
pub async fn visits(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, Option<NaiveDate>)>> {
    ranged!(
        tx,
        format!(
            "SELECT v.due_date, v.visited_on FROM care_visits v WHERE v.union_id IN ({UNIONS}) \
             AND v.status <> 'cancelled' AND (v.visited_on IS NULL OR v.visited_on >= $3) \
             AND (v.due_date <= $4 OR (v.visited_on IS NOT NULL AND v.visited_on <= $4))"
        ),
        lo,
        hi,
        from,
        to
    )
}

/// Enrolments in force at some day of `[from, to]`, grouped by term:
/// (start, end, people).
#[tracing::instrument(level = "debug", name = "plan::metrics::enrolments", skip_all, fields(rows = tracing::field::Empty))]
pub async fn enrolments(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, NaiveDate, i64)>> {
    ranged!(
        tx,
        format!(
            "SELECT e.term_start, e.term_end, CAST(COUNT(DISTINCT e.member_id) AS BIGINT) FROM care_enrolments e \
             WHERE e.union_id IN ({UNIONS}) AND e.term_start <= $4 AND e.term_end >= $3 \
             GROUP BY e.term_start, e.term_end"
        ),
        lo,
        hi,
        from,
        to
    )
}

/// When each mutual-aid claim filed in `[from, to)` was filed.
#[tracing::instrument(level = "debug", name = "plan::metrics::claims", skip_all, fields(rows = tracing::field::Empty))]
pub async fn claims(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(DateTime<Utc>,)>> {
    ranged!(
        tx,
        format!(
            "SELECT c.filed_at FROM care_claims c WHERE c.union_id IN ({UNIONS}) \
             AND c.filed_at >= $3 AND c.filed_at < $4"
        ),
        lo,
        hi,
        from,
        to
    )
}
