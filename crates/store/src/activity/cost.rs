//! Cost plans under the spending rules, payments through the books, photos
//! and the report afterwards; and the lists the exports print (check-ins
//! and confirmed sign-ups with names and groups).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

/// An activity's cost plan (预算) as stored.
#[derive(Debug, Clone, FromRow)]
pub struct CostPlan {
    pub union_id: Uuid,
    pub activity_id: Uuid,
    pub per_head_fen: i64,
    pub total_fen: i64,
    pub uniform_per_head_fen: Option<i64>,
    pub budget_line: String,
    pub destination: String,
    pub in_province: bool,
    /// The rules the check named, one per line.
    pub rules: String,
    pub exception_rule: Option<String>,
    pub exception_reason: Option<String>,
    pub exception_approver_id: Option<Uuid>,
    pub exception_approver: Option<String>,
    /// draft | approved
    pub status: String,
    pub approved_by_id: Option<Uuid>,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub updated_by_id: Uuid,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

const PLAN_COLS: &str = "union_id, activity_id, per_head_fen, total_fen, uniform_per_head_fen, budget_line, \
    destination, in_province, rules, exception_rule, exception_reason, exception_approver_id, exception_approver, \
    status, approved_by_id, approved_by, approved_at, updated_by_id, updated_by, updated_at";

#[tracing::instrument(level = "debug", name = "activity::cost_plan", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn plan(tx: &mut Tx, union_id: UnionId, activity_id: Uuid) -> Result<Option<CostPlan>> {
    crate::counted(async move {
        let sql =
            format!("SELECT {PLAN_COLS} FROM activity_cost_plans WHERE union_id = $1 AND activity_id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(activity_id).fetch_optional(c).await)
    })
    .await
}

/// Writes the plan (insert or replace): one row per activity.
#[tracing::instrument(level = "debug", name = "activity::put_cost_plan", skip_all, fields(union = %union_id))]
pub async fn put_plan(tx: &mut Tx, union_id: UnionId, p: &CostPlan) -> Result<()> {
    let sql = format!(
        "INSERT INTO activity_cost_plans ({PLAN_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
         $13, $14, $15, $16, $17, $18, $19, $20) ON CONFLICT (union_id, activity_id) DO UPDATE SET \
         per_head_fen = excluded.per_head_fen, total_fen = excluded.total_fen, \
         uniform_per_head_fen = excluded.uniform_per_head_fen, budget_line = excluded.budget_line, \
         destination = excluded.destination, in_province = excluded.in_province, rules = excluded.rules, \
         exception_rule = excluded.exception_rule, exception_reason = excluded.exception_reason, \
         exception_approver_id = excluded.exception_approver_id, exception_approver = excluded.exception_approver, \
         status = excluded.status, approved_by_id = excluded.approved_by_id, approved_by = excluded.approved_by, \
         approved_at = excluded.approved_at, updated_by_id = excluded.updated_by_id, \
         updated_by = excluded.updated_by, updated_at = excluded.updated_at"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(union_id.0)
            .bind(p.activity_id)
            .bind(p.per_head_fen)
            .bind(p.total_fen)
            .bind(p.uniform_per_head_fen)
            .bind(&p.budget_line)
            .bind(&p.destination)
            .bind(p.in_province)
            .bind(&p.rules)
            .bind(&p.exception_rule)
            .bind(&p.exception_reason)
            .bind(p.exception_approver_id)
            .bind(&p.exception_approver)
            .bind(&p.status)
            .bind(p.approved_by_id)
            .bind(&p.approved_by)
            .bind(p.approved_at)
            .bind(p.updated_by_id)
            .bind(&p.updated_by)
            .bind(p.updated_at)
    )?;
    Ok(())
}

/// Marks a draft plan approved; 0 rows when it is no longer a draft (two
/// approvers at once: one wins).
#[tracing::instrument(level = "debug", name = "activity::approve_cost_plan", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn approve_plan(
    tx: &mut Tx,
    union_id: UnionId,
    activity_id: Uuid,
    by_id: Uuid,
    by: &str,
    at: DateTime<Utc>,
) -> Result<u64> {
    crate::counted(async move {
        exec!(
            tx,
            sqlx::query(
                "UPDATE activity_cost_plans SET status = 'approved', approved_by_id = $3, approved_by = $4, \
                 approved_at = $5 WHERE union_id = $1 AND activity_id = $2 AND status = 'draft'"
            )
            .bind(union_id.0)
            .bind(activity_id)
            .bind(by_id)
            .bind(by)
            .bind(at)
        )
    })
    .await
}

/// The payment of an activity, with its voucher.
#[derive(Debug, Clone, FromRow)]
pub struct Payment {
    pub union_id: Uuid,
    pub activity_id: Uuid,
    pub amount_fen: i64,
    pub account: String,
    pub pay_date: NaiveDate,
    /// bank | cash
    pub form: String,
    pub voucher_id: Uuid,
    pub approver: String,
    pub paid_by: String,
    pub paid_at: DateTime<Utc>,
}

const PAY_COLS: &str =
    "union_id, activity_id, amount_fen, account, pay_date, form, voucher_id, approver, paid_by, paid_at";

#[tracing::instrument(level = "debug", name = "activity::payment", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn payment(tx: &mut Tx, union_id: UnionId, activity_id: Uuid) -> Result<Option<Payment>> {
    crate::counted(async move {
        let sql =
            format!("SELECT {PAY_COLS} FROM activity_payments WHERE union_id = $1 AND activity_id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(activity_id).fetch_optional(c).await)
    })
    .await
}

/// Records the payment; the key (one per activity) refuses a second.
#[tracing::instrument(level = "debug", name = "activity::insert_payment", skip_all, fields(union = %union_id))]
pub async fn insert_payment(tx: &mut Tx, union_id: UnionId, p: &Payment) -> Result<()> {
    let sql = format!(
        "INSERT INTO activity_payments ({PAY_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(union_id.0)
            .bind(p.activity_id)
            .bind(p.amount_fen)
            .bind(&p.account)
            .bind(p.pay_date)
            .bind(&p.form)
            .bind(p.voucher_id)
            .bind(&p.approver)
            .bind(&p.paid_by)
            .bind(p.paid_at)
    )?;
    Ok(())
}

/// How many members checked in: the divisor of the actual cost per head.
#[tracing::instrument(level = "debug", name = "activity::attendee_count", skip_all, fields(union = %union_id))]
pub async fn attendee_count(tx: &mut Tx, union_id: UnionId, activity_id: Uuid) -> Result<i64> {
    on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM activity_checkins WHERE union_id = $1 AND activity_id = $2")
        .bind(union_id.0).bind(activity_id).fetch_one(c).await)
}

/// A photo's description (its bytes are read on their own).
#[derive(Debug, Clone, FromRow)]
pub struct Photo {
    pub union_id: Uuid,
    pub id: Uuid,
    pub activity_id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

const PHOTO_COLS: &str =
    "union_id, id, activity_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at";

#[tracing::instrument(level = "debug", name = "activity::insert_photo", skip_all, fields(union = %union_id))]
pub async fn insert_photo(tx: &mut Tx, union_id: UnionId, p: &Photo, content: &[u8]) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO activity_photos (union_id, id, activity_id, file_name, content_type, size, sha256, \
             content, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        )
        .bind(union_id.0)
        .bind(p.id)
        .bind(p.activity_id)
        .bind(&p.file_name)
        .bind(&p.content_type)
        .bind(p.size)
        .bind(&p.sha256)
        .bind(content)
        .bind(&p.uploaded_by)
        .bind(p.uploaded_at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "activity::photos", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn photos(tx: &mut Tx, union_id: UnionId, activity_id: Uuid) -> Result<Vec<Photo>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {PHOTO_COLS} FROM activity_photos WHERE union_id = $1 AND activity_id = $2 \
             ORDER BY uploaded_at, id"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(activity_id).fetch_all(c).await)
    })
    .await
}

/// One photo of the activity with its bytes.
#[tracing::instrument(level = "debug", name = "activity::photo", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn photo(
    tx: &mut Tx,
    union_id: UnionId,
    activity_id: Uuid,
    id: Uuid,
) -> Result<Option<(Photo, Vec<u8>)>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {PHOTO_COLS} FROM activity_photos WHERE union_id = $1 AND activity_id = $2 AND id = $3"
        );
        let p: Option<Photo> =
            on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(activity_id).bind(id).fetch_optional(c).await)?;
        let Some(p) = p else { return Ok(None) };
        let content: Vec<u8> = on!(tx, c => sqlx::query_scalar(
            "SELECT content FROM activity_photos WHERE union_id = $1 AND id = $2")
            .bind(union_id.0).bind(id).fetch_one(c).await)?;
        Ok(Some((p, content)))
    })
    .await
}

/// Deletes a photo of the activity, its bytes with it (they live in the
/// row); the photo as it was, None when the activity has no such photo.
#[tracing::instrument(level = "debug", name = "activity::delete_photo", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn delete_photo(
    tx: &mut Tx,
    union_id: UnionId,
    activity_id: Uuid,
    id: Uuid,
) -> Result<Option<Photo>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {PHOTO_COLS} FROM activity_photos WHERE union_id = $1 AND activity_id = $2 AND id = $3"
        );
        let p: Option<Photo> =
            on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(activity_id).bind(id).fetch_optional(c).await)?;
        let Some(p) = p else { return Ok(None) };
        let n = exec!(
            tx,
            sqlx::query("DELETE FROM activity_photos WHERE union_id = $1 AND activity_id = $2 AND id = $3")
                .bind(union_id.0)
                .bind(activity_id)
                .bind(id)
        )?;
        Ok((n == 1).then_some(p))
    })
    .await
}

/// The report afterwards (活动总结).
#[derive(Debug, Clone, FromRow)]
pub struct Report {
    pub union_id: Uuid,
    pub activity_id: Uuid,
    pub body: String,
    pub written_by: String,
    pub written_at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "activity::report", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn report(tx: &mut Tx, union_id: UnionId, activity_id: Uuid) -> Result<Option<Report>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(
            "SELECT union_id, activity_id, body, written_by, written_at FROM activity_reports \
             WHERE union_id = $1 AND activity_id = $2")
            .bind(union_id.0).bind(activity_id).fetch_optional(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "activity::put_report", skip_all, fields(union = %union_id))]
pub async fn put_report(tx: &mut Tx, union_id: UnionId, r: &Report) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO activity_reports (union_id, activity_id, body, written_by, written_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (union_id, activity_id) DO UPDATE SET \
             body = excluded.body, written_by = excluded.written_by, written_at = excluded.written_at"
        )
        .bind(union_id.0)
        .bind(r.activity_id)
        .bind(&r.body)
        .bind(&r.written_by)
        .bind(r.written_at)
    )?;
    Ok(())
}
