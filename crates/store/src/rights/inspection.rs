//! Labour-protection inspections (劳动保护监督): the inspection with its
//! checklist as used, the hazards found (each with its rectification
//! notice), and the follow-up visits (append-only). Every function takes
//! the union first.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

#[derive(Debug, Clone, FromRow)]
pub struct Inspection {
    pub union_id: Uuid,
    pub id: Uuid,
    pub inspected_on: NaiveDate,
    pub scope: String,
    pub inspectors: String,
    /// `Vec<domain::rights::inspection::CheckedItem>` as JSON.
    pub checklist: String,
    pub note: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLS: &str =
    "union_id, id, inspected_on, scope, inspectors, checklist, note, created_by, created_at, updated_at";
const COLS_I: &str = "i.union_id, i.id, i.inspected_on, i.scope, i.inspectors, i.checklist, i.note, i.created_by, \
    i.created_at, i.updated_at";

#[tracing::instrument(level = "debug", name = "inspection::insert", skip_all, fields(union = %i.union_id))]
pub async fn insert(tx: &mut Tx, i: &Inspection) -> Result<()> {
    let sql =
        format!("INSERT INTO safety_inspections ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(i.union_id)
            .bind(i.id)
            .bind(i.inspected_on)
            .bind(&i.scope)
            .bind(&i.inspectors)
            .bind(&i.checklist)
            .bind(&i.note)
            .bind(&i.created_by)
            .bind(i.created_at)
            .bind(i.updated_at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "inspection::get", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn get(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Inspection>> {
    crate::counted(async move {
        let sql = format!("SELECT {COLS} FROM safety_inspections WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// Marks the inspection changed (a finding was added or moved).
#[tracing::instrument(level = "debug", name = "inspection::touch", skip_all, fields(union = %union_id))]
pub async fn touch(tx: &mut Tx, union_id: UnionId, id: Uuid, at: DateTime<Utc>) -> Result<()> {
    exec!(
        tx,
        sqlx::query("UPDATE safety_inspections SET updated_at = $3 WHERE union_id = $1 AND id = $2")
            .bind(union_id.0)
            .bind(id)
            .bind(at)
    )?;
    Ok(())
}

/// An inspection in a list, with its findings counted.
#[derive(Debug, Clone, FromRow)]
pub struct Listed {
    #[sqlx(flatten)]
    pub inspection: Inspection,
    pub findings: i64,
    pub open_findings: i64,
    /// Open findings past their deadline on the day asked.
    pub overdue_findings: i64,
}

/// The union's inspections held in [from, to] (None: any), latest first.
#[tracing::instrument(level = "debug", name = "inspection::list", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn list(
    tx: &mut Tx,
    union_id: UnionId,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Vec<Listed>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {COLS_I}, \
             CAST(COUNT(f.id) AS BIGINT) AS findings, \
             CAST(COALESCE(SUM(CASE WHEN f.status <> 'closed' THEN 1 ELSE 0 END), 0) AS BIGINT) AS open_findings, \
             CAST(COALESCE(SUM(CASE WHEN f.status <> 'closed' AND f.deadline < $4 THEN 1 ELSE 0 END), 0) AS BIGINT) \
             AS overdue_findings \
             FROM safety_inspections i LEFT JOIN safety_findings f \
             ON f.union_id = i.union_id AND f.inspection_id = i.id \
             WHERE i.union_id = $1 AND ($2 IS NULL OR i.inspected_on >= $2) AND ($3 IS NULL OR i.inspected_on <= $3) \
             GROUP BY {COLS_I} ORDER BY i.inspected_on DESC, i.id DESC"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(from).bind(to).bind(today).fetch_all(c).await)
    })
    .await
}

// ---------------------------------------------------------------------------
// Findings

#[derive(Debug, Clone, FromRow)]
pub struct Finding {
    pub union_id: Uuid,
    pub id: Uuid,
    pub inspection_id: Uuid,
    /// 整改通知书 第N号.
    pub number: i64,
    pub item_code: String,
    pub description: String,
    pub severity: String,
    pub deadline: NaiveDate,
    pub status: String,
    pub closed_on: Option<NaiveDate>,
    pub closing_note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const FINDING_COLS: &str = "union_id, id, inspection_id, number, item_code, description, severity, deadline, \
    status, closed_on, closing_note, created_at, updated_at";
const FINDING_COLS_F: &str = "f.union_id, f.id, f.inspection_id, f.number, f.item_code, f.description, \
    f.severity, f.deadline, f.status, f.closed_on, f.closing_note, f.created_at, f.updated_at";

#[tracing::instrument(level = "debug", name = "inspection::insert_finding", skip_all, fields(union = %f.union_id))]
pub async fn insert_finding(tx: &mut Tx, f: &Finding) -> Result<()> {
    let sql = format!(
        "INSERT INTO safety_findings ({FINDING_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(f.union_id)
            .bind(f.id)
            .bind(f.inspection_id)
            .bind(f.number)
            .bind(&f.item_code)
            .bind(&f.description)
            .bind(&f.severity)
            .bind(f.deadline)
            .bind(&f.status)
            .bind(f.closed_on)
            .bind(&f.closing_note)
            .bind(f.created_at)
            .bind(f.updated_at)
    )?;
    Ok(())
}

/// The next notice number (整改通知书 第N号) of the union.
#[tracing::instrument(level = "debug", name = "inspection::next_number", skip_all, fields(union = %union_id))]
pub async fn next_number(tx: &mut Tx, union_id: UnionId) -> Result<i64> {
    let (n,): (i64,) = on!(tx, c => sqlx::query_as(
        "SELECT CAST(COALESCE(MAX(number), 0) + 1 AS BIGINT) FROM safety_findings WHERE union_id = $1")
        .bind(union_id.0).fetch_one(c).await)?;
    Ok(n)
}

/// A finding of the inspection (None when it is another inspection's).
#[tracing::instrument(level = "debug", name = "inspection::finding", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn finding(
    tx: &mut Tx,
    union_id: UnionId,
    inspection_id: Uuid,
    id: Uuid,
) -> Result<Option<Finding>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {FINDING_COLS} FROM safety_findings WHERE union_id = $1 AND id = $2 AND inspection_id = $3"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).bind(inspection_id).fetch_optional(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "inspection::findings_of", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn findings_of(tx: &mut Tx, union_id: UnionId, inspection_id: Uuid) -> Result<Vec<Finding>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {FINDING_COLS} FROM safety_findings WHERE union_id = $1 AND inspection_id = $2 ORDER BY number"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(inspection_id).fetch_all(c).await)
    })
    .await
}

/// Moves a finding on, only if its status is still `from`.
#[tracing::instrument(level = "debug", name = "inspection::update_finding", skip_all, fields(union = %f.union_id, rows = tracing::field::Empty))]
pub async fn update_finding(tx: &mut Tx, f: &Finding, from: &str) -> Result<u64> {
    crate::counted(async move {
        exec!(
            tx,
            sqlx::query(
                "UPDATE safety_findings SET status = $3, closed_on = $4, closing_note = $5, updated_at = $6 \
                 WHERE union_id = $1 AND id = $2 AND status = $7"
            )
            .bind(f.union_id)
            .bind(f.id)
            .bind(&f.status)
            .bind(f.closed_on)
            .bind(&f.closing_note)
            .bind(f.updated_at)
            .bind(from)
        )
    })
    .await
}

/// A finding in the union's list, with where and when it was found.
#[derive(Debug, Clone, FromRow)]
pub struct ListedFinding {
    #[sqlx(flatten)]
    pub finding: Finding,
    pub inspected_on: NaiveDate,
    pub scope: String,
}

/// The union's findings: all, the open ones, or the open ones past their
/// deadline on `overdue_on`; by deadline.
#[tracing::instrument(level = "debug", name = "inspection::findings", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn findings(
    tx: &mut Tx,
    union_id: UnionId,
    open_only: bool,
    overdue_on: Option<NaiveDate>,
) -> Result<Vec<ListedFinding>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {FINDING_COLS_F}, i.inspected_on, i.scope FROM safety_findings f JOIN safety_inspections i \
             ON i.union_id = f.union_id AND i.id = f.inspection_id WHERE f.union_id = $1 \
             AND (NOT $2 OR f.status <> 'closed') \
             AND ($3 IS NULL OR (f.status <> 'closed' AND f.deadline < $3)) \
             ORDER BY f.deadline, f.number"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(open_only).bind(overdue_on).fetch_all(c).await)
    })
    .await
}

// ---------------------------------------------------------------------------
// Follow-ups (复查), append-only

#[derive(Debug, Clone, FromRow)]
pub struct Followup {
    pub union_id: Uuid,
    pub id: Uuid,
    pub finding_id: Uuid,
    pub checked_on: NaiveDate,
    pub note: String,
    pub recorded_by: String,
    pub at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "inspection::insert_followup", skip_all, fields(union = %f.union_id))]
pub async fn insert_followup(tx: &mut Tx, f: &Followup) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO safety_followups (union_id, id, finding_id, checked_on, note, recorded_by, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)"
        )
        .bind(f.union_id)
        .bind(f.id)
        .bind(f.finding_id)
        .bind(f.checked_on)
        .bind(&f.note)
        .bind(&f.recorded_by)
        .bind(f.at)
    )?;
    Ok(())
}

/// The follow-ups of every finding of an inspection, in order.
#[tracing::instrument(level = "debug", name = "inspection::followups_of", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn followups_of(tx: &mut Tx, union_id: UnionId, inspection_id: Uuid) -> Result<Vec<Followup>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT u.union_id, u.id, u.finding_id, u.checked_on, u.note, u.recorded_by, u.at \
            FROM safety_followups u JOIN safety_findings f ON f.union_id = u.union_id AND f.id = u.finding_id \
            WHERE u.union_id = $1 AND f.inspection_id = $2 ORDER BY u.checked_on, u.at, u.id")
            .bind(union_id.0).bind(inspection_id).fetch_all(c).await)
    })
    .await
}
