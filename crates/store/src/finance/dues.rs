//! Dues in the books: a month's summary, payment of bills, arrears and
//! the members flagged for review.

use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

// --- Dues --------------------------------------------------------------------

#[derive(Debug, Clone, Default, FromRow)]
pub struct DuesSummary {
    pub billed: i64,
    pub billed_fen: i64,
    pub paid: i64,
    pub paid_fen: i64,
}

#[tracing::instrument(level = "debug", name = "finance::dues_summary", skip_all, fields(union = %union_id))]
pub async fn dues_summary(tx: &mut Tx, union_id: UnionId, month: &str) -> Result<DuesSummary> {
    let sql = "SELECT COUNT(*) AS billed, CAST(COALESCE(SUM(b.amount_fen), 0) AS BIGINT) AS billed_fen, \
        COUNT(p.member_id) AS paid, CAST(COALESCE(SUM(p.amount_fen), 0) AS BIGINT) AS paid_fen \
        FROM fin_dues_bills b LEFT JOIN fin_dues_payments p \
        ON p.union_id = b.union_id AND p.month = b.month AND p.member_id = b.member_id \
        WHERE b.union_id = $1 AND b.month = $2";
    on!(tx, c => sqlx::query_as(sql).bind(union_id.0).bind(month).fetch_one(c).await)
}

/// Active members without a dues base at all (so without a bill). Those
/// whose base earns no dues are the domain rule's to count (see
/// `domain::finance::dues::monthly_dues`), not SQL's.
#[tracing::instrument(level = "debug", name = "finance::members_without_base", skip_all, fields(union = %union_id))]
pub async fn members_without_base(tx: &mut Tx, union_id: UnionId) -> Result<i64> {
    let sql =
        "SELECT COUNT(*) FROM members WHERE union_id = $1 AND status = 'active' AND dues_base_fen IS NULL";
    on!(tx, c => sqlx::query_scalar(sql).bind(union_id.0).fetch_one(c).await)
}

/// Records payment of every unpaid bill of the month (payroll deduction),
/// or of one member's bill; returns (count, total).
#[tracing::instrument(level = "debug", name = "finance::pay_bills", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn pay_bills(
    tx: &mut Tx,
    union_id: UnionId,
    month: &str,
    member: Option<Uuid>,
    method: &str,
    voucher_id: Uuid,
) -> Result<u64> {
    crate::counted(async move {
        let sql = "INSERT INTO fin_dues_payments (union_id, month, member_id, amount_fen, method, voucher_id, paid_at) \
            SELECT b.union_id, b.month, b.member_id, b.amount_fen, $3, $4, $5 FROM fin_dues_bills b \
            WHERE b.union_id = $1 AND b.month = $2 AND ($6 IS NULL OR b.member_id = $6) AND NOT EXISTS \
            (SELECT 1 FROM fin_dues_payments p WHERE p.union_id = b.union_id AND p.month = b.month AND p.member_id = b.member_id)";
        exec!(
            tx,
            sqlx::query(sql)
                .bind(union_id.0)
                .bind(month)
                .bind(method)
                .bind(voucher_id)
                .bind(crate::now())
                .bind(member)
        )
    })
    .await
}

/// The unpaid total of a month (all members, or one).
#[tracing::instrument(level = "debug", name = "finance::unpaid", skip_all, fields(union = %union_id))]
pub async fn unpaid(tx: &mut Tx, union_id: UnionId, month: &str, member: Option<Uuid>) -> Result<(i64, i64)> {
    let sql = "SELECT COUNT(*), CAST(COALESCE(SUM(b.amount_fen), 0) AS BIGINT) FROM fin_dues_bills b \
        WHERE b.union_id = $1 AND b.month = $2 AND ($3 IS NULL OR b.member_id = $3) AND NOT EXISTS \
        (SELECT 1 FROM fin_dues_payments p WHERE p.union_id = b.union_id AND p.month = b.month AND p.member_id = b.member_id)";
    on!(tx, c => sqlx::query_as(sql).bind(union_id.0).bind(month).bind(member).fetch_one(c).await)
}

#[derive(Debug, Clone, FromRow)]
pub struct Arrears {
    pub member_id: Uuid,
    pub name: String,
    pub months: i64,
    pub amount_fen: i64,
    pub first_month: String,
    pub last_month: String,
    pub dues_review: bool,
}

#[tracing::instrument(level = "debug", name = "finance::arrears", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn arrears(tx: &mut Tx, union_id: UnionId, page: crate::Page) -> Result<(Vec<Arrears>, i64)> {
    crate::counted(async move {
        let from_where = "FROM fin_dues_bills b JOIN members m ON m.union_id = b.union_id AND m.id = b.member_id \
            WHERE b.union_id = $1 AND NOT EXISTS (SELECT 1 FROM fin_dues_payments p WHERE p.union_id = b.union_id \
            AND p.month = b.month AND p.member_id = b.member_id) \
            GROUP BY b.member_id, m.name, m.name_pinyin, m.dues_review";
        let count_sql = format!("SELECT COUNT(*) FROM (SELECT b.member_id {from_where}) t");
        let list_sql = format!(
            "SELECT b.member_id, m.name, COUNT(*) AS months, CAST(SUM(b.amount_fen) AS BIGINT) AS amount_fen, \
             MIN(b.month) AS first_month, MAX(b.month) AS last_month, m.dues_review {from_where} \
             ORDER BY COUNT(*) DESC, m.name_pinyin LIMIT {} OFFSET {}",
            page.size,
            page.offset()
        );
        let total: i64 = on!(tx, c => sqlx::query_scalar(&count_sql).bind(union_id.0).fetch_one(c).await)?;
        let rows = on!(tx, c => sqlx::query_as(&list_sql).bind(union_id.0).fetch_all(c).await)?;
        Ok((rows, total))
    })
    .await
}

/// Sets `dues_review` on members whose bills of the union's latest six
/// billed months are all unpaid, and clears it on those who since paid.
#[tracing::instrument(level = "debug", name = "finance::refresh_dues_review", skip_all, fields(union = %union_id))]
pub async fn refresh_dues_review(tx: &mut Tx, union_id: UnionId) -> Result<()> {
    let months: Vec<String> = on!(tx, c => sqlx::query_scalar(
        "SELECT DISTINCT month FROM fin_dues_bills WHERE union_id = $1 ORDER BY month DESC LIMIT 6")
        .bind(union_id.0).fetch_all(c).await)?;
    let flagged = if months.len() < domain::finance::dues::DUES_REVIEW_MONTHS {
        "SELECT member_id FROM fin_dues_bills WHERE 1 = 0".to_owned()
    } else {
        format!(
            "SELECT b.member_id FROM fin_dues_bills b WHERE b.union_id = $1 AND b.month >= '{}' AND NOT EXISTS \
             (SELECT 1 FROM fin_dues_payments p WHERE p.union_id = b.union_id AND p.month = b.month \
             AND p.member_id = b.member_id) GROUP BY b.member_id HAVING COUNT(*) = 6",
            months[5].replace('\'', "")
        )
    };
    let set = format!(
        "UPDATE members SET dues_review = TRUE WHERE union_id = $1 AND dues_review = FALSE AND id IN ({flagged})"
    );
    exec!(tx, sqlx::query(&set).bind(union_id.0))?;
    let clear = format!(
        "UPDATE members SET dues_review = FALSE WHERE union_id = $1 AND dues_review = TRUE AND id NOT IN ({flagged})"
    );
    exec!(tx, sqlx::query(&clear).bind(union_id.0))?;
    Ok(())
}

/// A member's bills with what was paid, newest first.
#[tracing::instrument(level = "debug", name = "finance::member_dues", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn member_dues(
    tx: &mut Tx,
    union_id: UnionId,
    member_id: Uuid,
) -> Result<Vec<(String, i64, Option<i64>)>> {
    crate::counted(async move {
        let sql = "SELECT b.month, b.amount_fen, p.amount_fen FROM fin_dues_bills b LEFT JOIN fin_dues_payments p \
            ON p.union_id = b.union_id AND p.month = b.month AND p.member_id = b.member_id \
            WHERE b.union_id = $1 AND b.member_id = $2 ORDER BY b.month DESC";
        on!(tx, c => sqlx::query_as(sql).bind(union_id.0).bind(member_id).fetch_all(c).await)
    })
    .await
}
