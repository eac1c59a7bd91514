//! Dues (会费) per member: a month's bills with what each member paid, a
//! member's history, the members who cannot be billed for want of a base,
//! and what a receipt (收据) prints. Part of the finance area, kept apart
//! because `finance.rs` is past the size a file should have.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, on};
use domain::UnionId;

/// One member's bill of a month and its payment, if any.
#[derive(Debug, Clone, FromRow)]
pub struct BillRow {
    pub month: String,
    pub member_id: Uuid,
    pub name: String,
    pub card_number: Option<String>,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    pub base_fen: i64,
    pub amount_fen: i64,
    pub paid_fen: Option<i64>,
    pub method: Option<String>,
    pub voucher_id: Option<Uuid>,
    pub paid_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Default)]
pub struct BillFilter {
    /// Only bills not paid.
    pub unpaid: bool,
    /// Only members of this group (工会小组).
    pub group_id: Option<Uuid>,
}

const BILL_COLS: &str = "b.month, b.member_id, m.name, m.card_number, m.group_id, g.name AS group_name, \
    b.base_fen, b.amount_fen, p.amount_fen AS paid_fen, p.method, p.voucher_id, p.paid_at";

const BILL_FROM: &str = "FROM fin_dues_bills b \
    JOIN members m ON m.union_id = b.union_id AND m.id = b.member_id \
    LEFT JOIN orgs g ON g.id = m.group_id \
    LEFT JOIN fin_dues_payments p ON p.union_id = b.union_id AND p.month = b.month AND p.member_id = b.member_id";

/// A month's bills, member by member in roster order, with the filter; and
/// how many there are in all.
#[tracing::instrument(level = "debug", name = "dues::bills", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn bills(
    tx: &mut Tx,
    union_id: UnionId,
    month: &str,
    f: &BillFilter,
    page: crate::Page,
) -> Result<(Vec<BillRow>, i64)> {
    crate::counted(async move {
        let mut cond = String::from("b.union_id = $1 AND b.month = $2");
        if f.unpaid {
            cond.push_str(" AND p.member_id IS NULL");
        }
        if f.group_id.is_some() {
            cond.push_str(" AND m.group_id = $3");
        }
        let count_sql = format!("SELECT COUNT(*) {BILL_FROM} WHERE {cond}");
        let list_sql = format!(
            "SELECT {BILL_COLS} {BILL_FROM} WHERE {cond} ORDER BY m.name_pinyin, m.id LIMIT {} OFFSET {}",
            page.size,
            page.offset()
        );
        let total: i64 = match f.group_id {
            Some(g) => {
                on!(tx, c => sqlx::query_scalar(&count_sql).bind(union_id.0).bind(month).bind(g).fetch_one(c).await)?
            }
            None => on!(tx, c => sqlx::query_scalar(&count_sql).bind(union_id.0).bind(month).fetch_one(c).await)?,
        };
        let rows = match f.group_id {
            Some(g) => {
                on!(tx, c => sqlx::query_as(&list_sql).bind(union_id.0).bind(month).bind(g).fetch_all(c).await)?
            }
            None => on!(tx, c => sqlx::query_as(&list_sql).bind(union_id.0).bind(month).fetch_all(c).await)?,
        };
        Ok((rows, total))
    })
    .await
}

/// A member's bills, newest first, each with its payment.
#[tracing::instrument(level = "debug", name = "dues::member_bills", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn member_bills(tx: &mut Tx, union_id: UnionId, member_id: Uuid) -> Result<Vec<BillRow>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {BILL_COLS} {BILL_FROM} WHERE b.union_id = $1 AND b.member_id = $2 ORDER BY b.month DESC"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(member_id).fetch_all(c).await)
    })
    .await
}

/// A member in good standing who cannot be billed: no 会费基数 on file.
#[derive(Debug, Clone, FromRow)]
pub struct MissingBase {
    pub member_id: Uuid,
    pub name: String,
    pub group_name: Option<String>,
}

/// Every active member without a dues base, in roster order.
#[tracing::instrument(level = "debug", name = "dues::missing_base", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn missing_base(tx: &mut Tx, union_id: UnionId) -> Result<Vec<MissingBase>> {
    crate::counted(async move {
        let sql = "SELECT m.id AS member_id, m.name, g.name AS group_name FROM members m \
            LEFT JOIN orgs g ON g.id = m.group_id \
            WHERE m.union_id = $1 AND m.status = 'active' AND m.dues_base_fen IS NULL \
            ORDER BY m.name_pinyin, m.id";
        on!(tx, c => sqlx::query_as(sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

/// What one receipt prints: the payments of one member recorded by one
/// voucher, with the voucher's number and date.
#[derive(Debug, Clone, FromRow)]
pub struct ReceiptLine {
    pub month: String,
    pub amount_fen: i64,
    pub method: String,
    pub period: String,
    pub number: Option<i64>,
    pub date: NaiveDate,
    pub maker_name: String,
}

#[tracing::instrument(level = "debug", name = "dues::receipt_lines", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn receipt_lines(
    tx: &mut Tx,
    union_id: UnionId,
    member_id: Uuid,
    voucher_id: Uuid,
) -> Result<Vec<ReceiptLine>> {
    crate::counted(async move {
        let sql = "SELECT p.month, p.amount_fen, p.method, v.period, v.number, v.date, v.maker_name \
            FROM fin_dues_payments p JOIN fin_vouchers v ON v.union_id = p.union_id AND v.id = p.voucher_id \
            WHERE p.union_id = $1 AND p.member_id = $2 AND p.voucher_id = $3 ORDER BY p.month";
        on!(tx, c => sqlx::query_as(sql).bind(union_id.0).bind(member_id).bind(voucher_id).fetch_all(c).await)
    })
    .await
}

/// The member's place among the members paid by the voucher (1-based), so
/// a receipt number is the voucher's number and this place: stable, since
/// payments are never changed and a voucher's are written at once.
#[tracing::instrument(level = "debug", name = "dues::place_in_voucher", skip_all, fields(union = %union_id))]
pub async fn place_in_voucher(
    tx: &mut Tx,
    union_id: UnionId,
    voucher_id: Uuid,
    member_id: Uuid,
) -> Result<i64> {
    let sql = "SELECT COUNT(DISTINCT member_id) FROM fin_dues_payments \
        WHERE union_id = $1 AND voucher_id = $2 AND member_id <= $3";
    on!(tx, c => sqlx::query_scalar(sql).bind(union_id.0).bind(voucher_id).bind(member_id).fetch_one(c).await)
}

/// Active members with a dues base, for the month's bills: (id, base).
#[tracing::instrument(level = "debug", name = "dues::billable", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn billable(tx: &mut Tx, union_id: UnionId) -> Result<Vec<(Uuid, i64)>> {
    crate::counted(async move {
        let sql = "SELECT id, dues_base_fen FROM members \
            WHERE union_id = $1 AND status = 'active' AND dues_base_fen IS NOT NULL ORDER BY id";
        on!(tx, c => sqlx::query_as(sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

/// Bills per SQLite statement: three parameters a row, the union and the
/// month bound once, under SQLite's 32,766 parameters per statement.
const SQLITE_BILLS_PER_STATEMENT: usize = 10_000;

/// Writes bills (member, base, amount) for a month; a member already billed
/// that month keeps the bill. The amounts come from the caller (the domain's
/// dues rule), not from SQL. PostgreSQL takes the whole union in one
/// statement (the rows travel as three arrays, so one round trip); SQLite,
/// which has no arrays, takes them in large multi-row statements.
#[tracing::instrument(level = "debug", name = "dues::insert_bills", skip_all, fields(union = %union_id))]
pub async fn insert_bills(
    tx: &mut Tx,
    union_id: UnionId,
    month: &str,
    bills: &[(Uuid, i64, i64)],
) -> Result<u64> {
    if bills.is_empty() {
        return Ok(0);
    }
    match tx {
        Tx::Pg(t, _) => {
            let sql = "INSERT INTO fin_dues_bills (union_id, month, member_id, base_fen, amount_fen) \
                SELECT $1, $2, b.member_id, b.base_fen, b.amount_fen \
                FROM UNNEST($3::uuid[], $4::bigint[], $5::bigint[]) AS b (member_id, base_fen, amount_fen) \
                ON CONFLICT (union_id, month, member_id) DO NOTHING";
            let members: Vec<Uuid> = bills.iter().map(|b| b.0).collect();
            let bases: Vec<i64> = bills.iter().map(|b| b.1).collect();
            let amounts: Vec<i64> = bills.iter().map(|b| b.2).collect();
            let q = sqlx::query(sql).bind(union_id.0).bind(month).bind(members).bind(bases).bind(amounts);
            Ok(q.execute(&mut **t).await?.rows_affected())
        }
        Tx::Sqlite(t, _) => {
            let mut written = 0;
            for chunk in bills.chunks(SQLITE_BILLS_PER_STATEMENT) {
                let mut sql = String::with_capacity(100 + chunk.len() * 32);
                sql.push_str(
                    "INSERT INTO fin_dues_bills (union_id, month, member_id, base_fen, amount_fen) VALUES ",
                );
                for i in 0..chunk.len() {
                    let n = 3 + 3 * i;
                    let sep = if i == 0 { "" } else { ", " };
                    sql.push_str(&format!("{sep}($1, $2, ${n}, ${}, ${})", n + 1, n + 2));
                }
                sql.push_str(" ON CONFLICT (union_id, month, member_id) DO NOTHING");
                // Only the full-size statement recurs; a cached tail of each
                // size would pin a large prepared statement per union size.
                let full = chunk.len() == SQLITE_BILLS_PER_STATEMENT;
                let mut q = sqlx::query(&sql).persistent(full).bind(union_id.0).bind(month);
                for (member_id, base, amount) in chunk {
                    q = q.bind(*member_id).bind(*base).bind(*amount);
                }
                written += q.execute(&mut **t).await?.rows_affected();
            }
            Ok(written)
        }
    }
}
