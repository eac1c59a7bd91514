//! Collective contracts (集体合同, 工资专项集体协议, 女职工专项集体合同)
//! and their negotiation record. Every function takes the signing union
//! first.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

/// One row of `collective_contracts`.
#[derive(Debug, Clone, FromRow)]
pub struct Contract {
    /// The signing union.
    pub union_id: Uuid,
    pub id: Uuid,
    /// `domain::rights::contract::ContractKind::as_str`.
    pub kind: String,
    pub title: String,
    /// The employer in a register: the register's org and the row's id.
    pub employer_org_id: Option<Uuid>,
    pub employer_id: Option<Uuid>,
    pub employer_name: String,
    /// The ceiling of `workers_covered` when recorded.
    pub employer_staff: Option<i64>,
    pub union_negotiator: String,
    pub employer_negotiator: String,
    pub ballot_id: Option<Uuid>,
    pub congress_delegates: Option<i64>,
    pub congress_present: Option<i64>,
    pub congress_in_favour: Option<i64>,
    pub signed_on: Option<NaiveDate>,
    pub term_months: i64,
    pub workers_covered: i64,
    pub average_wage_fen: Option<i64>,
    pub adjustment_bp: Option<i64>,
    pub filed_on: Option<NaiveDate>,
    /// `pending`, `no_objection` or `objection`.
    pub review: String,
    pub reviewed_on: Option<NaiveDate>,
    pub review_opinion: Option<String>,
    pub published_on: Option<NaiveDate>,
    pub disclosure_id: Option<Uuid>,
    pub renews_id: Option<Uuid>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLS: &str = "union_id, id, kind, title, employer_org_id, employer_id, employer_name, employer_staff, \
    union_negotiator, employer_negotiator, ballot_id, congress_delegates, congress_present, congress_in_favour, \
    signed_on, term_months, workers_covered, average_wage_fen, adjustment_bp, filed_on, review, reviewed_on, \
    review_opinion, published_on, disclosure_id, renews_id, created_by, created_at, updated_at";

/// Inserts the contract and registers its id in the union directory
/// (routes name a contract alone), in the caller's transaction.
#[tracing::instrument(level = "debug", name = "contract::insert", skip_all, fields(union = %union_id))]
pub async fn insert(tx: &mut Tx, union_id: UnionId, c: &Contract) -> Result<()> {
    let sql = format!(
        "INSERT INTO collective_contracts ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
         $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(union_id.0)
            .bind(c.id)
            .bind(&c.kind)
            .bind(&c.title)
            .bind(c.employer_org_id)
            .bind(c.employer_id)
            .bind(&c.employer_name)
            .bind(c.employer_staff)
            .bind(&c.union_negotiator)
            .bind(&c.employer_negotiator)
            .bind(c.ballot_id)
            .bind(c.congress_delegates)
            .bind(c.congress_present)
            .bind(c.congress_in_favour)
            .bind(c.signed_on)
            .bind(c.term_months)
            .bind(c.workers_covered)
            .bind(c.average_wage_fen)
            .bind(c.adjustment_bp)
            .bind(c.filed_on)
            .bind(&c.review)
            .bind(c.reviewed_on)
            .bind(&c.review_opinion)
            .bind(c.published_on)
            .bind(c.disclosure_id)
            .bind(c.renews_id)
            .bind(&c.created_by)
            .bind(c.created_at)
            .bind(c.updated_at)
    )?;
    crate::directory::register(tx, union_id, crate::directory::COLLECTIVE_CONTRACT, c.id).await
}

/// Writes every changeable field back, only if the row is as it was read
/// (`was` its `updated_at`): two officers at once, one wins, the other
/// gets 0 rows.
#[tracing::instrument(level = "debug", name = "contract::update", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn update(tx: &mut Tx, union_id: UnionId, c: &Contract, was: DateTime<Utc>) -> Result<u64> {
    crate::counted(async move {
        exec!(
            tx,
            sqlx::query(
                "UPDATE collective_contracts SET title = $3, employer_org_id = $4, employer_id = $5, \
                 employer_name = $6, employer_staff = $7, union_negotiator = $8, employer_negotiator = $9, \
                 ballot_id = $10, congress_delegates = $11, congress_present = $12, congress_in_favour = $13, \
                 signed_on = $14, term_months = $15, workers_covered = $16, average_wage_fen = $17, \
                 adjustment_bp = $18, filed_on = $19, review = $20, reviewed_on = $21, review_opinion = $22, \
                 published_on = $23, disclosure_id = $24, updated_at = $25 \
                 WHERE union_id = $1 AND id = $2 AND updated_at = $26"
            )
            .bind(union_id.0)
            .bind(c.id)
            .bind(&c.title)
            .bind(c.employer_org_id)
            .bind(c.employer_id)
            .bind(&c.employer_name)
            .bind(c.employer_staff)
            .bind(&c.union_negotiator)
            .bind(&c.employer_negotiator)
            .bind(c.ballot_id)
            .bind(c.congress_delegates)
            .bind(c.congress_present)
            .bind(c.congress_in_favour)
            .bind(c.signed_on)
            .bind(c.term_months)
            .bind(c.workers_covered)
            .bind(c.average_wage_fen)
            .bind(c.adjustment_bp)
            .bind(c.filed_on)
            .bind(&c.review)
            .bind(c.reviewed_on)
            .bind(&c.review_opinion)
            .bind(c.published_on)
            .bind(c.disclosure_id)
            .bind(c.updated_at)
            .bind(was)
        )
    })
    .await
}

#[tracing::instrument(level = "debug", name = "contract::get", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn get(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Contract>> {
    crate::counted(async move {
        let sql = format!("SELECT {COLS} FROM collective_contracts WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// The union's contracts, latest signed first (drafts on top).
#[tracing::instrument(level = "debug", name = "contract::list", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn list(tx: &mut Tx, union_id: UnionId) -> Result<Vec<Contract>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {COLS} FROM collective_contracts WHERE union_id = $1 \
             ORDER BY CASE WHEN signed_on IS NULL THEN 0 ELSE 1 END, signed_on DESC, created_at DESC, id DESC"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

/// The contracts the union signed for one employer of a register.
#[tracing::instrument(level = "debug", name = "contract::for_employer", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn for_employer(
    tx: &mut Tx,
    union_id: UnionId,
    register: Uuid,
    employer_id: Uuid,
) -> Result<Vec<Contract>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {COLS} FROM collective_contracts WHERE union_id = $1 AND employer_org_id = $2 \
             AND employer_id = $3 ORDER BY signed_on DESC, created_at DESC, id DESC"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(register).bind(employer_id).fetch_all(c).await)
    })
    .await
}

/// One round of the negotiation record.
#[derive(Debug, Clone, FromRow)]
pub struct Negotiation {
    pub id: Uuid,
    pub held_on: NaiveDate,
    pub summary: String,
    pub recorded_by: String,
    pub at: DateTime<Utc>,
}

/// Appends a round to the negotiation record (append-only by trigger).
#[tracing::instrument(level = "debug", name = "contract::add_negotiation", skip_all, fields(union = %union_id))]
pub async fn add_negotiation(
    tx: &mut Tx,
    union_id: UnionId,
    contract_id: Uuid,
    n: &Negotiation,
) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO contract_negotiations (union_id, id, contract_id, held_on, summary, recorded_by, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)"
        )
        .bind(union_id.0)
        .bind(n.id)
        .bind(contract_id)
        .bind(n.held_on)
        .bind(&n.summary)
        .bind(&n.recorded_by)
        .bind(n.at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "contract::negotiations", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn negotiations(tx: &mut Tx, union_id: UnionId, contract_id: Uuid) -> Result<Vec<Negotiation>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT id, held_on, summary, recorded_by, at FROM contract_negotiations \
            WHERE union_id = $1 AND contract_id = $2 ORDER BY held_on, at, id")
            .bind(union_id.0).bind(contract_id).fetch_all(c).await)
    })
    .await
}

/// The ids of the union's contracts that a later one renews.
#[tracing::instrument(level = "debug", name = "contract::renewed", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn renewed(tx: &mut Tx, union_id: UnionId) -> Result<Vec<Uuid>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_scalar("SELECT DISTINCT renews_id FROM collective_contracts \
            WHERE union_id = $1 AND renews_id IS NOT NULL")
            .bind(union_id.0).fetch_all(c).await)
    })
    .await
}
