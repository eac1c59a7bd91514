//! The rights records the metrics count: the employer registers and
//! collective contracts (建会率, 入会率, 签订率), petitions and mediation
//! cases.

use chrono::NaiveDate;
use sqlx::FromRow;
use uuid::Uuid;

use super::{ORGS, UNIONS};
use crate::rights::stats::ContractFact;
use crate::{Result, Tx, on};
use domain::UnionId;

/// An employer of a register, with its ownership type.
#[derive(Debug, Clone, FromRow)]
pub struct EmployerRow {
    pub register_id: Uuid,
    pub id: Uuid,
    pub credit_code: String,
    pub ownership: String,
    pub staff: i64,
    pub covered_by_union_id: Option<Uuid>,
}

const EMPLOYER_COLUMNS: &str =
    "e.union_id AS register_id, e.id, e.credit_code, e.ownership, e.staff, e.covered_by_union_id";

/// Every employer of the registers kept in the subtree.
#[tracing::instrument(level = "debug", name = "plan::metrics::employers", skip_all, fields(rows = tracing::field::Empty))]
pub async fn employers(tx: &mut Tx, lo: &str, hi: &str) -> Result<Vec<EmployerRow>> {
    let sql = format!("SELECT {EMPLOYER_COLUMNS} FROM employers e WHERE e.union_id IN ({ORGS})");
    crate::counted(async move { on!(tx, c => sqlx::query_as(&sql).bind(lo).bind(hi).fetch_all(c).await) })
        .await
}

/// The employers (of any register) a union covers: the union's own view
/// of 入会率 and 签订率.
#[tracing::instrument(level = "debug", name = "plan::metrics::covered_employers", skip_all, fields(rows = tracing::field::Empty))]
pub async fn covered_employers(tx: &mut Tx, union_id: UnionId) -> Result<Vec<EmployerRow>> {
    let sql = format!("SELECT {EMPLOYER_COLUMNS} FROM employers e WHERE e.covered_by_union_id = $1");
    crate::counted(async move { on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_all(c).await) })
        .await
}

/// The signed contracts of `kind` of one union.
#[tracing::instrument(level = "debug", name = "plan::metrics::union_contracts", skip_all, fields(rows = tracing::field::Empty))]
pub async fn union_contracts(tx: &mut Tx, union_id: UnionId, kind: &str) -> Result<Vec<ContractFact>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT c.union_id, c.employer_org_id, c.employer_id, c.signed_on, \
            c.term_months, c.workers_covered, c.filed_on, c.review, c.reviewed_on FROM collective_contracts c \
            WHERE c.union_id = $1 AND c.kind = $2 AND c.signed_on IS NOT NULL")
            .bind(union_id.0).bind(kind).fetch_all(c).await)
    })
    .await
}

/// One union's contract settings (JSON), if saved.
#[tracing::instrument(level = "debug", name = "plan::metrics::union_contract_settings", skip_all, fields(rows = tracing::field::Empty))]
pub async fn union_contract_settings(tx: &mut Tx, union_id: UnionId) -> Result<Vec<(Uuid, String)>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT s.union_id, s.contract FROM rights_settings s WHERE s.union_id = $1")
            .bind(union_id.0).fetch_all(c).await)
    })
    .await
}

/// A petition, dated, as the rates at a checkpoint see it.
#[derive(Debug, Clone, FromRow)]
pub struct PetitionRow {
    pub received_on: NaiveDate,
    pub status: String,
    pub answer_by: NaiveDate,
    pub answered_on: Option<NaiveDate>,
    pub answered_in_time: Option<bool>,
    pub rating: Option<String>,
    pub closed_on: Option<NaiveDate>,
}

/// Petitions received in `[from, to]` by the unions of the subtree.
#[tracing::instrument(level = "debug", name = "plan::metrics::petitions", skip_all, fields(rows = tracing::field::Empty))]
pub async fn petitions(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<PetitionRow>> {
    let sql = format!(
        "SELECT p.received_on, p.status, p.answer_by, p.answered_on, p.answered_in_time, p.rating, p.closed_on \
         FROM petitions p WHERE p.union_id IN ({UNIONS}) AND p.received_on >= $3 AND p.received_on <= $4"
    );
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(&sql).bind(lo).bind(hi).bind(from).bind(to).fetch_all(c).await)
    })
    .await
}

/// A mediation case, dated.
#[derive(Debug, Clone, FromRow)]
pub struct CaseRow {
    pub applied_on: NaiveDate,
    pub status: String,
    pub closed_on: Option<NaiveDate>,
}

/// Mediation cases applied for in `[from, to]` at the unions of the subtree.
#[tracing::instrument(level = "debug", name = "plan::metrics::mediation", skip_all, fields(rows = tracing::field::Empty))]
pub async fn mediation(
    tx: &mut Tx,
    lo: &str,
    hi: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<CaseRow>> {
    let sql = format!(
        "SELECT m.applied_on, m.status, m.closed_on FROM mediation_cases m \
         WHERE m.union_id IN ({UNIONS}) AND m.applied_on >= $3 AND m.applied_on <= $4"
    );
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(&sql).bind(lo).bind(hi).bind(from).bind(to).fetch_all(c).await)
    })
    .await
}
