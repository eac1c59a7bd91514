//! The annual statistics (年报) of a subtree, aggregated in the database:
//! each query groups by union (one row per union of the subtree, never a
//! query per union), and the application rolls the rows up per child org.
//! A subtree is the path range `[lo, hi)` (the root's path and
//! `domain::org::subtree_upper_bound`).

use chrono::NaiveDate;
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, on};

/// A grassroots union of the subtree.
#[derive(Debug, Clone, FromRow)]
pub struct UnionRow {
    pub id: Uuid,
    pub path: String,
    pub employer_type: Option<String>,
}

/// The unions of the subtree (archived ones left out).
#[tracing::instrument(level = "debug", name = "plan::stats::unions", skip_all, fields(rows = tracing::field::Empty))]
pub async fn unions(tx: &mut Tx, lo: &str, hi: &str) -> Result<Vec<UnionRow>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT o.id, o.path, o.employer_type FROM orgs o \
            WHERE o.path >= $1 AND o.path < $2 AND o.kind = 'union' AND o.archived_at IS NULL")
            .bind(lo).bind(hi).fetch_all(c).await)
    })
    .await
}

/// A child org of the root (a federation or a union directly below it).
#[derive(Debug, Clone, FromRow)]
pub struct ChildRow {
    pub id: Uuid,
    pub path: String,
    pub name: String,
    pub kind: String,
}

#[tracing::instrument(level = "debug", name = "plan::stats::children", skip_all, fields(rows = tracing::field::Empty))]
pub async fn children(tx: &mut Tx, root_id: Uuid) -> Result<Vec<ChildRow>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT o.id, o.path, o.name, o.kind FROM orgs o \
            WHERE o.parent_id = $1 AND o.kind IN ('federation', 'union') AND o.archived_at IS NULL \
            ORDER BY o.path")
            .bind(root_id).fetch_all(c).await)
    })
    .await
}

/// (covering union, ownership, employers) from the employer registers:
/// which employers each union of the subtree covers, by the register's
/// ownership, counted once per credit code.
#[tracing::instrument(level = "debug", name = "plan::stats::covered", skip_all, fields(rows = tracing::field::Empty))]
pub async fn covered(tx: &mut Tx, lo: &str, hi: &str) -> Result<Vec<(Uuid, String, i64)>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT e.covered_by_union_id, e.ownership, \
            CAST(COUNT(DISTINCT e.credit_code) AS BIGINT) FROM employers e \
            JOIN orgs u ON u.id = e.covered_by_union_id \
            WHERE u.path >= $1 AND u.path < $2 \
            GROUP BY e.covered_by_union_id, e.ownership")
            .bind(lo).bind(hi).fetch_all(c).await)
    })
    .await
}

/// Members of a union at the year's end, of them women and 农民工.
#[derive(Debug, Clone, FromRow)]
pub struct MemberCounts {
    pub union_id: Uuid,
    pub members: i64,
    pub women: i64,
    pub migrant_workers: i64,
}

/// Members at `end` of each union of the subtree: active members who had
/// joined by then, and those who have left since (their status changed
/// after `end`), so that a past year is counted as it stood.
#[tracing::instrument(level = "debug", name = "plan::stats::members", skip_all, fields(rows = tracing::field::Empty))]
pub async fn members(tx: &mut Tx, lo: &str, hi: &str, end: NaiveDate) -> Result<Vec<MemberCounts>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT m.union_id, CAST(COUNT(*) AS BIGINT) AS members, \
            CAST(SUM(CASE WHEN m.gender = 'female' THEN 1 ELSE 0 END) AS BIGINT) AS women, \
            CAST(SUM(CASE WHEN m.employment = '农民工' THEN 1 ELSE 0 END) AS BIGINT) AS migrant_workers \
            FROM members m JOIN orgs o ON o.id = m.union_id \
            WHERE o.path >= $1 AND o.path < $2 AND (m.join_date IS NULL OR m.join_date <= $3) \
            AND (m.status = 'active' OR (m.status IN ('transferred_out', 'withdrawn', 'expelled', 'deceased') \
                 AND m.status_date > $3)) \
            GROUP BY m.union_id")
            .bind(lo).bind(hi).bind(end).fetch_all(c).await)
    })
    .await
}

/// (union, full-time, part-time) people holding a post of the committee
/// term in office at `end` (the latest begun by then).
#[tracing::instrument(level = "debug", name = "plan::stats::staff", skip_all, fields(rows = tracing::field::Empty))]
pub async fn staff(tx: &mut Tx, lo: &str, hi: &str, end: NaiveDate) -> Result<Vec<(Uuid, i64, i64)>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT p.union_id, \
            CAST(COUNT(DISTINCT CASE WHEN p.full_time THEN p.person_name END) AS BIGINT), \
            CAST(COUNT(DISTINCT CASE WHEN p.full_time THEN NULL ELSE p.person_name END) AS BIGINT) \
            FROM committee_posts p JOIN orgs o ON o.id = p.union_id \
            JOIN committee_terms t ON t.union_id = p.union_id AND t.id = p.term_id \
            JOIN (SELECT t2.union_id, MAX(t2.number) AS number FROM committee_terms t2 JOIN orgs o2 ON o2.id = t2.union_id \
                WHERE o2.path >= $1 AND o2.path < $2 AND t2.starts_on <= $3 GROUP BY t2.union_id) cur \
                ON cur.union_id = t.union_id AND cur.number = t.number \
            WHERE o.path >= $1 AND o.path < $2 \
            GROUP BY p.union_id")
            .bind(lo).bind(hi).bind(end).fetch_all(c).await)
    })
    .await
}

/// (union, delegates, women) of the congress term in office at `end`.
#[tracing::instrument(level = "debug", name = "plan::stats::delegates", skip_all, fields(rows = tracing::field::Empty))]
pub async fn delegates(tx: &mut Tx, lo: &str, hi: &str, end: NaiveDate) -> Result<Vec<(Uuid, i64, i64)>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT d.union_id, CAST(COUNT(*) AS BIGINT), \
            CAST(SUM(CASE WHEN d.gender = 'female' THEN 1 ELSE 0 END) AS BIGINT) \
            FROM congress_delegates d JOIN orgs o ON o.id = d.union_id \
            JOIN congress_terms t ON t.union_id = d.union_id AND t.id = d.term_id \
            JOIN (SELECT t2.union_id, MAX(t2.number) AS number FROM congress_terms t2 JOIN orgs o2 ON o2.id = t2.union_id \
                WHERE o2.path >= $1 AND o2.path < $2 AND t2.starts_on <= $3 GROUP BY t2.union_id) cur \
                ON cur.union_id = t.union_id AND cur.number = t.number \
            WHERE o.path >= $1 AND o.path < $2 \
            GROUP BY d.union_id")
            .bind(lo).bind(hi).bind(end).fetch_all(c).await)
    })
    .await
}
