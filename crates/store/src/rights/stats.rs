//! The roll-up queries of the rights statistics (issue 17): what the
//! registers, contracts, petitions and mediation cases of an org's subtree
//! hold, read with explicit joins on the org path (a federation reads its
//! subtree through roll-up queries, ARCHITECTURE.md). Each query reads only
//! the columns the rates need: never a letter's content or a writer.

use chrono::NaiveDate;
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, on};

/// One employer of a register kept by an org in the subtree.
#[derive(Debug, Clone, FromRow)]
pub struct EmployerFact {
    /// The org keeping the register.
    pub register_id: Uuid,
    pub id: Uuid,
    pub credit_code: String,
    pub staff: i64,
    pub covered_by_union_id: Option<Uuid>,
}

/// The subtree's registers: every employer of every register kept inside
/// `[lo, hi)` (the root's path and `domain::org::subtree_upper_bound`).
#[tracing::instrument(level = "debug", name = "rights::stats::employers", skip_all, fields(rows = tracing::field::Empty))]
pub async fn employers(tx: &mut Tx, lo: &str, hi: &str) -> Result<Vec<EmployerFact>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT e.union_id AS register_id, e.id, e.credit_code, e.staff, \
            e.covered_by_union_id FROM employers e JOIN orgs o ON o.id = e.union_id \
            WHERE o.path >= $1 AND o.path < $2")
            .bind(lo).bind(hi).fetch_all(c).await)
    })
    .await
}

/// Unions covering an employer of the subtree's registers: the covering
/// union may sit outside the subtree (a 联合工会 of the district covering an
/// employer of a street's register).
const COVERING: &str = "SELECT e.covered_by_union_id FROM employers e JOIN orgs o ON o.id = e.union_id \
    WHERE o.path >= $1 AND o.path < $2 AND e.covered_by_union_id IS NOT NULL";

/// Active members of each union covering an employer of the subtree.
#[tracing::instrument(level = "debug", name = "rights::stats::covering_members", skip_all, fields(rows = tracing::field::Empty))]
pub async fn covering_members(tx: &mut Tx, lo: &str, hi: &str) -> Result<Vec<(Uuid, i64)>> {
    let sql = format!(
        "SELECT m.union_id, CAST(COUNT(*) AS BIGINT) FROM members m \
         WHERE m.status = 'active' AND m.union_id IN ({COVERING}) GROUP BY m.union_id"
    );
    crate::counted(async move { on!(tx, c => sqlx::query_as(&sql).bind(lo).bind(hi).fetch_all(c).await) })
        .await
}

/// A collective contract of a covering union, as the rate sees it.
#[derive(Debug, Clone, FromRow)]
pub struct ContractFact {
    pub union_id: Uuid,
    pub employer_org_id: Option<Uuid>,
    pub employer_id: Option<Uuid>,
    pub signed_on: Option<NaiveDate>,
    pub term_months: i64,
    pub workers_covered: i64,
    pub filed_on: Option<NaiveDate>,
    pub review: String,
    pub reviewed_on: Option<NaiveDate>,
}

/// The contracts of `kind` signed by the unions covering the subtree's
/// employers.
#[tracing::instrument(level = "debug", name = "rights::stats::contracts", skip_all, fields(rows = tracing::field::Empty))]
pub async fn contracts(tx: &mut Tx, lo: &str, hi: &str, kind: &str) -> Result<Vec<ContractFact>> {
    let sql = format!(
        "SELECT c.union_id, c.employer_org_id, c.employer_id, c.signed_on, c.term_months, c.workers_covered, \
         c.filed_on, c.review, c.reviewed_on FROM collective_contracts c \
         WHERE c.kind = $3 AND c.signed_on IS NOT NULL AND c.union_id IN ({COVERING})"
    );
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(&sql).bind(lo).bind(hi).bind(kind).fetch_all(c).await)
    })
    .await
}

/// A petition as the rates see it.
#[derive(Debug, Clone, FromRow)]
pub struct PetitionFact {
    pub status: String,
    pub round: i64,
    pub dispatch_by: NaiveDate,
    pub answer_by: NaiveDate,
    pub answered_in_time: Option<bool>,
    pub rating: Option<String>,
}

/// Petitions received in `[from, to]` by the unions of the subtree.
#[tracing::instrument(level = "debug", name = "rights::stats::petitions", skip_all, fields(rows = tracing::field::Empty))]
pub async fn petitions(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<PetitionFact>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT p.status, p.round, p.dispatch_by, p.answer_by, p.answered_in_time, \
            p.rating FROM petitions p JOIN orgs o ON o.id = p.union_id \
            WHERE o.path >= $1 AND o.path < $2 AND p.received_on >= $3 AND p.received_on <= $4")
            .bind(lo).bind(hi).bind(from).bind(to).fetch_all(c).await)
    })
    .await
}

/// (status, dispute type) of the mediation cases applied for in
/// `[from, to]` at the unions of the subtree.
#[tracing::instrument(level = "debug", name = "rights::stats::mediation", skip_all, fields(rows = tracing::field::Empty))]
pub async fn mediation(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, String)>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT m.status, m.dispute_type FROM mediation_cases m \
            JOIN orgs o ON o.id = m.union_id \
            WHERE o.path >= $1 AND o.path < $2 AND m.applied_on >= $3 AND m.applied_on <= $4")
            .bind(lo).bind(hi).bind(from).bind(to).fetch_all(c).await)
    })
    .await
}

/// The contract settings (JSON of `domain::rights::contract::
/// ContractSettings`) saved by the unions covering the subtree's employers.
#[tracing::instrument(level = "debug", name = "rights::stats::contract_settings", skip_all, fields(rows = tracing::field::Empty))]
pub async fn contract_settings(tx: &mut Tx, lo: &str, hi: &str) -> Result<Vec<(Uuid, String)>> {
    let sql =
        format!("SELECT s.union_id, s.contract FROM rights_settings s WHERE s.union_id IN ({COVERING})");
    crate::counted(async move { on!(tx, c => sqlx::query_as(&sql).bind(lo).bind(hi).fetch_all(c).await) })
        .await
}
