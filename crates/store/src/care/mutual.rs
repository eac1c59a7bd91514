//! Mutual aid (互助保障): plans, enrolments and claims.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use super::BATCH;
use crate::{Result, Tx, exec, on};
use domain::UnionId;

// --- Mutual aid ---------------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct Plan {
    pub union_id: Uuid,
    pub id: Uuid,
    pub kind: String,
    pub name: String,
    pub premium_fen: i64,
    pub term_months: i64,
    pub payout_pct: i64,
    pub per_claim_cap_fen: i64,
    pub yearly_cap_fen: i64,
    pub women_only: bool,
    pub max_age: Option<i64>,
    pub created_at: DateTime<Utc>,
}

const PCOLS: &str = "union_id, id, kind, name, premium_fen, term_months, payout_pct, per_claim_cap_fen, yearly_cap_fen, \
    women_only, max_age, created_at";

#[tracing::instrument(level = "debug", name = "care::insert_plan", skip_all)]
pub async fn insert_plan(tx: &mut Tx, p: &Plan) -> Result<()> {
    let sql = format!(
        "INSERT INTO care_plans ({PCOLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(p.union_id)
            .bind(p.id)
            .bind(&p.kind)
            .bind(&p.name)
            .bind(p.premium_fen)
            .bind(p.term_months)
            .bind(p.payout_pct)
            .bind(p.per_claim_cap_fen)
            .bind(p.yearly_cap_fen)
            .bind(p.women_only)
            .bind(p.max_age)
            .bind(p.created_at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "care::plans", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn plans(tx: &mut Tx, union_id: UnionId) -> Result<Vec<Plan>> {
    crate::counted(async move {
        let sql = format!("SELECT {PCOLS} FROM care_plans WHERE union_id = $1 ORDER BY created_at");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "care::plan", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn plan(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Plan>> {
    crate::counted(async move {
        let sql = format!("SELECT {PCOLS} FROM care_plans WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct Enrolment {
    pub union_id: Uuid,
    pub id: Uuid,
    pub plan_id: Uuid,
    pub member_id: Uuid,
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
    pub premium_fen: i64,
    pub voucher_id: Uuid,
    pub at: DateTime<Utc>,
}

const ENCOLS: &str = "union_id, id, plan_id, member_id, term_start, term_end, premium_fen, voucher_id, at";

#[tracing::instrument(level = "debug", name = "care::insert_enrolments", skip_all)]
pub async fn insert_enrolments(tx: &mut Tx, rows: &[Enrolment]) -> Result<()> {
    for chunk in rows.chunks(BATCH) {
        let sql =
            format!("INSERT INTO care_enrolments ({ENCOLS}) VALUES {}", tx.values_list(chunk.len(), 9, 1));
        exec!(tx, {
            let mut q = sqlx::query(&sql);
            for e in chunk {
                q = q
                    .bind(e.union_id)
                    .bind(e.id)
                    .bind(e.plan_id)
                    .bind(e.member_id)
                    .bind(e.term_start)
                    .bind(e.term_end)
                    .bind(e.premium_fen)
                    .bind(e.voucher_id)
                    .bind(e.at);
            }
            q
        })?;
    }
    Ok(())
}

/// Enrolments with the member's name; of one plan, or one member.
#[tracing::instrument(level = "debug", name = "care::enrolments", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn enrolments(
    tx: &mut Tx,
    union_id: UnionId,
    plan_id: Option<Uuid>,
    member_id: Option<Uuid>,
) -> Result<Vec<(Enrolment, String)>> {
    crate::counted(async move {
        let cols: Vec<String> = ENCOLS.split(", ").map(|c| format!("e.{c}")).collect();
        let mut sql = format!(
            "SELECT {}, m.name FROM care_enrolments e JOIN members m ON m.union_id = e.union_id AND m.id = e.member_id \
            WHERE e.union_id = $1",
            cols.join(", ")
        );
        let mut n = 1;
        if plan_id.is_some() {
            n += 1;
            sql.push_str(&format!(" AND e.plan_id = ${n}"));
        }
        if member_id.is_some() {
            n += 1;
            sql.push_str(&format!(" AND e.member_id = ${n}"));
        }
        sql.push_str(" ORDER BY e.term_end DESC, m.name_pinyin");
        let rows: Vec<EnrolmentNamed> = on!(tx, c => {
            let mut q = sqlx::query_as(&sql).bind(union_id.0);
            if let Some(p) = plan_id { q = q.bind(p); }
            if let Some(m) = member_id { q = q.bind(m); }
            q.fetch_all(c).await
        })?;
        Ok(rows.into_iter().map(|r| (r.e, r.name)).collect())
    })
    .await
}

#[derive(FromRow)]
struct EnrolmentNamed {
    #[sqlx(flatten)]
    e: Enrolment,
    name: String,
}

#[tracing::instrument(level = "debug", name = "care::enrolment", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn enrolment(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Enrolment>> {
    crate::counted(async move {
        let sql = format!("SELECT {ENCOLS} FROM care_enrolments WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct Claim {
    pub union_id: Uuid,
    pub id: Uuid,
    pub plan_id: Uuid,
    pub enrolment_id: Uuid,
    pub member_id: Uuid,
    pub event_date: NaiveDate,
    pub claimed_fen: i64,
    pub description: String,
    pub status: String,
    pub approved_fen: Option<i64>,
    pub assessment: Option<String>,
    pub assessed_by: Option<String>,
    pub voucher_id: Option<Uuid>,
    pub filed_by: String,
    pub filed_at: DateTime<Utc>,
}

const CLCOLS: &str = "union_id, id, plan_id, enrolment_id, member_id, event_date, claimed_fen, description, status, \
    approved_fen, assessment, assessed_by, voucher_id, filed_by, filed_at";

#[tracing::instrument(level = "debug", name = "care::insert_claim", skip_all)]
pub async fn insert_claim(tx: &mut Tx, c: &Claim) -> Result<()> {
    let sql = format!(
        "INSERT INTO care_claims ({CLCOLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(c.union_id)
            .bind(c.id)
            .bind(c.plan_id)
            .bind(c.enrolment_id)
            .bind(c.member_id)
            .bind(c.event_date)
            .bind(c.claimed_fen)
            .bind(&c.description)
            .bind(&c.status)
            .bind(c.approved_fen)
            .bind(&c.assessment)
            .bind(&c.assessed_by)
            .bind(c.voucher_id)
            .bind(&c.filed_by)
            .bind(c.filed_at)
    )?;
    Ok(())
}

/// Moves a claim on from `from`; 0 when it was not in that state.
#[tracing::instrument(level = "debug", name = "care::update_claim", skip_all, fields(rows = tracing::field::Empty))]
pub async fn update_claim(tx: &mut Tx, c: &Claim, from: &str) -> Result<u64> {
    crate::counted(async move {
        exec!(
            tx,
            sqlx::query(
                "UPDATE care_claims SET status = $3, approved_fen = $4, assessment = $5, assessed_by = $6, \
            voucher_id = $7 WHERE union_id = $1 AND id = $2 AND status = $8"
            )
            .bind(c.union_id)
            .bind(c.id)
            .bind(&c.status)
            .bind(c.approved_fen)
            .bind(&c.assessment)
            .bind(&c.assessed_by)
            .bind(c.voucher_id)
            .bind(from)
        )
    })
    .await
}

#[tracing::instrument(level = "debug", name = "care::claim", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn claim(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Claim>> {
    crate::counted(async move {
        let sql = format!("SELECT {CLCOLS} FROM care_claims WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "care::claims", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn claims(tx: &mut Tx, union_id: UnionId, member_id: Option<Uuid>) -> Result<Vec<(Claim, String)>> {
    crate::counted(async move {
        let cols: Vec<String> = CLCOLS.split(", ").map(|c| format!("c.{c}")).collect();
        let mut sql = format!(
            "SELECT {}, m.name FROM care_claims c JOIN members m ON m.union_id = c.union_id AND m.id = c.member_id \
            WHERE c.union_id = $1",
            cols.join(", ")
        );
        if member_id.is_some() {
            sql.push_str(" AND c.member_id = $2");
        }
        sql.push_str(" ORDER BY c.filed_at DESC");
        let rows: Vec<ClaimNamed> = on!(tx, conn => {
            let q = sqlx::query_as(&sql).bind(union_id.0);
            let q = if let Some(m) = member_id { q.bind(m) } else { q };
            q.fetch_all(conn).await
        })?;
        Ok(rows.into_iter().map(|r| (r.c, r.name)).collect())
    })
    .await
}

#[derive(FromRow)]
struct ClaimNamed {
    #[sqlx(flatten)]
    c: Claim,
    name: String,
}

/// What was approved or paid under one enrolment (its term's total).
#[tracing::instrument(level = "debug", name = "care::paid_under", skip_all, fields(union = %union_id))]
pub async fn paid_under(tx: &mut Tx, union_id: UnionId, enrolment_id: Uuid) -> Result<i64> {
    on!(tx, c => sqlx::query_scalar("SELECT CAST(COALESCE(SUM(approved_fen), 0) AS BIGINT) FROM care_claims WHERE union_id = $1 \
        AND enrolment_id = $2 AND status IN ('approved', 'paid')").bind(union_id.0).bind(enrolment_id).fetch_one(c).await)
}
