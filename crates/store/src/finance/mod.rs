//! The books of each union: vouchers and lines, periods, dues, funds,
//! budgets, welfare records, statements and findings. Every function takes
//! the union (tenant) first.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use domain::finance::ledger::{ChainBreak, ChainFields, ChainVerifier, Line, Movement};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

mod dues;
mod funds;
pub mod opening;
mod periods;
mod statements;
mod welfare;

pub use dues::*;
pub use funds::*;
pub use periods::*;
pub use statements::*;
pub use welfare::*;

#[derive(Debug, Clone, FromRow)]
pub struct Settings {
    pub three_person: bool,
    pub policy_key: String,
    pub policy_json: Option<String>,
    pub keep_permille: i64,
    pub fund_flow: String,
    pub chain_seq: i64,
    pub chain_hash: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            three_person: false,
            policy_key: "custom".into(),
            policy_json: None,
            keep_permille: 600,
            fund_flow: "direct".into(),
            chain_seq: 0,
            chain_hash: domain::finance::ledger::GENESIS.into(),
        }
    }
}

const SETTINGS: &str = "SELECT three_person, policy_key, policy_json, keep_permille, fund_flow, chain_seq, chain_hash \
    FROM fin_settings WHERE union_id = $1";

#[tracing::instrument(level = "debug", name = "finance::settings", skip_all, fields(union = %union_id))]
pub async fn settings(tx: &mut Tx, union_id: UnionId) -> Result<Settings> {
    let row: Option<Settings> =
        on!(tx, c => sqlx::query_as(SETTINGS).bind(union_id.0).fetch_optional(c).await)?;
    Ok(row.unwrap_or_default())
}

/// The settings row, created if missing and locked until the transaction
/// ends: posting takes the next number and chain link under this lock.
#[tracing::instrument(level = "debug", name = "finance::settings_for_update", skip_all, fields(union = %union_id))]
pub async fn settings_for_update(tx: &mut Tx, union_id: UnionId) -> Result<Settings> {
    let ensure =
        "INSERT INTO fin_settings (union_id, updated_at) VALUES ($1, $2) ON CONFLICT (union_id) DO NOTHING";
    exec!(tx, sqlx::query(ensure).bind(union_id.0).bind(crate::now()))?;
    let row: Settings = match tx {
        Tx::Sqlite(t, _) => sqlx::query_as(SETTINGS).bind(union_id.0).fetch_one(&mut **t).await?,
        Tx::Pg(t, _) => {
            sqlx::query_as(&format!("{SETTINGS} FOR UPDATE")).bind(union_id.0).fetch_one(&mut **t).await?
        }
    };
    Ok(row)
}

#[tracing::instrument(level = "debug", name = "finance::save_settings", skip_all, fields(union = %union_id))]
pub async fn save_settings(tx: &mut Tx, union_id: UnionId, s: &Settings) -> Result<()> {
    let sql = "INSERT INTO fin_settings (union_id, three_person, policy_key, policy_json, keep_permille, fund_flow, \
        chain_seq, chain_hash, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (union_id) DO UPDATE \
        SET three_person = $2, policy_key = $3, policy_json = $4, keep_permille = $5, fund_flow = $6, chain_seq = $7, \
        chain_hash = $8, updated_at = $9";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(union_id.0)
            .bind(s.three_person)
            .bind(&s.policy_key)
            .bind(&s.policy_json)
            .bind(s.keep_permille)
            .bind(&s.fund_flow)
            .bind(s.chain_seq)
            .bind(&s.chain_hash)
            .bind(crate::now())
    )?;
    Ok(())
}

/// Sub-accounts the union added: (code, name).
#[tracing::instrument(level = "debug", name = "finance::custom_accounts", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn custom_accounts(tx: &mut Tx, union_id: UnionId) -> Result<Vec<(String, String)>> {
    crate::counted(async move {
        let sql = "SELECT code, name FROM fin_accounts WHERE union_id = $1 ORDER BY code";
        on!(tx, c => sqlx::query_as(sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "finance::insert_account", skip_all, fields(union = %union_id))]
pub async fn insert_account(tx: &mut Tx, union_id: UnionId, code: &str, name: &str) -> Result<()> {
    let sql = "INSERT INTO fin_accounts (union_id, code, name, created_at) VALUES ($1, $2, $3, $4)";
    exec!(tx, sqlx::query(sql).bind(union_id.0).bind(code).bind(name).bind(crate::now()))?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct Voucher {
    pub union_id: Uuid,
    pub id: Uuid,
    pub period: String,
    pub number: Option<i64>,
    pub date: NaiveDate,
    pub summary: String,
    pub attachments: i64,
    pub status: String,
    pub kind: String,
    pub source: Option<String>,
    pub total_fen: i64,
    pub maker_id: Uuid,
    pub maker_name: String,
    pub made_at: DateTime<Utc>,
    pub reviewer_id: Option<Uuid>,
    pub reviewer_name: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub poster_id: Option<Uuid>,
    pub poster_name: Option<String>,
    pub posted_at: Option<DateTime<Utc>>,
    pub reverses: Option<Uuid>,
    pub seq: Option<i64>,
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
}

const VCOLS: &str = "union_id, id, period, number, date, summary, attachments, status, kind, source, total_fen, \
    maker_id, maker_name, made_at, reviewer_id, reviewer_name, reviewed_at, poster_id, poster_name, posted_at, \
    reverses, seq, prev_hash, hash";
const NVCOLS: usize = 24;

#[derive(Debug, Clone, FromRow)]
struct LineRow {
    voucher_id: Uuid,
    account: String,
    summary: String,
    debit_fen: i64,
    credit_fen: i64,
}

impl From<LineRow> for Line {
    fn from(r: LineRow) -> Line {
        Line { account: r.account, summary: r.summary, debit_fen: r.debit_fen, credit_fen: r.credit_fen }
    }
}

/// Vouchers (with their lines) per INSERT statement, within the engines'
/// bind limits.
const VOUCHER_BATCH: usize = 100;
const LINE_BATCH: usize = 1000;

/// Inserts vouchers and their lines, many rows per statement.
#[tracing::instrument(level = "debug", name = "finance::insert_vouchers", skip_all)]
pub async fn insert_vouchers(tx: &mut Tx, vouchers: &[(Voucher, Vec<Line>)]) -> Result<()> {
    for chunk in vouchers.chunks(VOUCHER_BATCH) {
        let sql =
            format!("INSERT INTO fin_vouchers ({VCOLS}) VALUES {}", tx.values_list(chunk.len(), NVCOLS, 1));
        exec!(tx, {
            let mut q = sqlx::query(&sql);
            for (v, _) in chunk {
                q = q
                    .bind(v.union_id)
                    .bind(v.id)
                    .bind(&v.period)
                    .bind(v.number)
                    .bind(v.date)
                    .bind(&v.summary)
                    .bind(v.attachments)
                    .bind(&v.status)
                    .bind(&v.kind)
                    .bind(&v.source)
                    .bind(v.total_fen)
                    .bind(v.maker_id)
                    .bind(&v.maker_name)
                    .bind(v.made_at)
                    .bind(v.reviewer_id)
                    .bind(&v.reviewer_name)
                    .bind(v.reviewed_at)
                    .bind(v.poster_id)
                    .bind(&v.poster_name)
                    .bind(v.posted_at)
                    .bind(v.reverses)
                    .bind(v.seq)
                    .bind(&v.prev_hash)
                    .bind(&v.hash);
            }
            q
        })?;
    }
    let lines: Vec<(&Voucher, usize, &Line)> =
        vouchers.iter().flat_map(|(v, ls)| ls.iter().enumerate().map(move |(i, l)| (v, i, l))).collect();
    insert_lines(tx, &lines).await
}

async fn insert_lines(tx: &mut Tx, lines: &[(&Voucher, usize, &Line)]) -> Result<()> {
    // A line carries its voucher's posted mark, so that the trigger that
    // keeps posted lines fixed looks at its own row only.
    for chunk in lines.chunks(LINE_BATCH / 8 * 8) {
        let sql = format!(
            "INSERT INTO fin_lines (union_id, voucher_id, line_no, period, account, summary, debit_fen, credit_fen, posted) VALUES {}",
            tx.values_list(chunk.len(), 9, 1)
        );
        exec!(tx, {
            let mut q = sqlx::query(&sql);
            for (v, i, l) in chunk {
                q = q
                    .bind(v.union_id)
                    .bind(v.id)
                    .bind(*i as i64 + 1)
                    .bind(&v.period)
                    .bind(&l.account)
                    .bind(&l.summary)
                    .bind(l.debit_fen)
                    .bind(l.credit_fen)
                    .bind(v.status == "posted");
            }
            q
        })?;
    }
    Ok(())
}

#[tracing::instrument(level = "debug", name = "finance::get_voucher", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn get_voucher(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Voucher>> {
    crate::counted(async move {
        let sql = format!("SELECT {VCOLS} FROM fin_vouchers WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "finance::lines", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn lines(tx: &mut Tx, union_id: UnionId, voucher_id: Uuid) -> Result<Vec<Line>> {
    crate::counted(async move {
        let sql = "SELECT voucher_id, account, summary, debit_fen, credit_fen FROM fin_lines \
            WHERE union_id = $1 AND voucher_id = $2 ORDER BY line_no";
        let rows: Vec<LineRow> =
            on!(tx, c => sqlx::query_as(sql).bind(union_id.0).bind(voucher_id).fetch_all(c).await)?;
        Ok(rows.into_iter().map(Line::from).collect())
    })
    .await
}

/// Replaces a draft's header fields and lines. The voucher row is written
/// (and so locked) first, and only while it is a draft: its lines are
/// replaced only when that write found it so, in the same transaction, so a
/// voucher reviewed or posted meanwhile keeps its lines. (This check
/// replaced a trigger on the lines that read the voucher's status, which a
/// distributed engine cannot do safely.)
#[tracing::instrument(level = "debug", name = "finance::update_draft", skip_all)]
pub async fn update_draft(tx: &mut Tx, v: &Voucher, new_lines: &[Line]) -> Result<()> {
    let sql = "UPDATE fin_vouchers SET period = $3, date = $4, summary = $5, attachments = $6, total_fen = $7 \
        WHERE union_id = $1 AND id = $2 AND status = 'draft'";
    let drafts = exec!(
        tx,
        sqlx::query(sql)
            .bind(v.union_id)
            .bind(v.id)
            .bind(&v.period)
            .bind(v.date)
            .bind(&v.summary)
            .bind(v.attachments)
            .bind(v.total_fen)
    )?;
    if drafts != 1 {
        return Err(not_a_draft());
    }
    exec!(
        tx,
        sqlx::query("DELETE FROM fin_lines WHERE union_id = $1 AND voucher_id = $2 AND NOT posted")
            .bind(v.union_id)
            .bind(v.id)
    )?;
    let rows: Vec<(&Voucher, usize, &Line)> = new_lines.iter().enumerate().map(|(i, l)| (v, i, l)).collect();
    insert_lines(tx, &rows).await
}

/// The error of a write to a voucher that is no longer a draft (a race the
/// services' own checks lose only to a concurrent review or posting).
fn not_a_draft() -> sqlx::Error {
    sqlx::Error::Protocol("posted vouchers are append-only: the voucher is no longer a draft".into())
}

/// Deletes a voucher that is not posted. The voucher row is read first (on
/// PostgreSQL locked, so it cannot be posted meanwhile) and a posted one is
/// refused before anything is deleted; the voucher's own trigger refuses it
/// too.
#[tracing::instrument(level = "debug", name = "finance::delete_unposted", skip_all, fields(union = %union_id))]
pub async fn delete_unposted(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<()> {
    let sql = "SELECT status FROM fin_vouchers WHERE union_id = $1 AND id = $2";
    let status: Option<String> = match tx {
        Tx::Sqlite(t, _) => {
            sqlx::query_scalar(sql).bind(union_id.0).bind(id).fetch_optional(&mut **t).await?
        }
        Tx::Pg(t, _) => {
            sqlx::query_scalar(&format!("{sql} FOR UPDATE"))
                .bind(union_id.0)
                .bind(id)
                .fetch_optional(&mut **t)
                .await?
        }
    };
    if status.as_deref() == Some("posted") {
        return Err(not_a_draft());
    }
    exec!(
        tx,
        sqlx::query("DELETE FROM fin_attachments WHERE union_id = $1 AND voucher_id = $2")
            .bind(union_id.0)
            .bind(id)
    )?;
    exec!(
        tx,
        sqlx::query("DELETE FROM fin_lines WHERE union_id = $1 AND voucher_id = $2")
            .bind(union_id.0)
            .bind(id)
    )?;
    exec!(
        tx,
        sqlx::query("DELETE FROM fin_vouchers WHERE union_id = $1 AND id = $2").bind(union_id.0).bind(id)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "finance::set_reviewed", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn set_reviewed(
    tx: &mut Tx,
    union_id: UnionId,
    id: Uuid,
    reviewer: Option<(Uuid, &str)>,
    at: DateTime<Utc>,
) -> Result<u64> {
    crate::counted(async move {
        let (status, from) = if reviewer.is_some() { ("reviewed", "draft") } else { ("draft", "reviewed") };
        let sql = "UPDATE fin_vouchers SET status = $3, reviewer_id = $4, reviewer_name = $5, reviewed_at = $6 \
            WHERE union_id = $1 AND id = $2 AND status = $7";
        exec!(
            tx,
            sqlx::query(sql)
                .bind(union_id.0)
                .bind(id)
                .bind(status)
                .bind(reviewer.map(|r| r.0))
                .bind(reviewer.map(|r| r.1.to_owned()))
                .bind(reviewer.map(|_| at))
                .bind(from)
        )
    })
    .await
}

/// Marks a reviewed voucher posted with its number and chain link, and its
/// lines posted with it (from then on their own trigger keeps them fixed).
#[tracing::instrument(level = "debug", name = "finance::set_posted", skip_all, fields(rows = tracing::field::Empty))]
pub async fn set_posted(tx: &mut Tx, v: &Voucher) -> Result<u64> {
    crate::counted(async move {
        let sql = "UPDATE fin_vouchers SET status = 'posted', number = $3, poster_id = $4, poster_name = $5, \
            posted_at = $6, seq = $7, prev_hash = $8, hash = $9 WHERE union_id = $1 AND id = $2 AND status = 'reviewed'";
        let n = exec!(
            tx,
            sqlx::query(sql)
                .bind(v.union_id)
                .bind(v.id)
                .bind(v.number)
                .bind(v.poster_id)
                .bind(&v.poster_name)
                .bind(v.posted_at)
                .bind(v.seq)
                .bind(&v.prev_hash)
                .bind(&v.hash)
        )?;
        if n == 1 {
            let sql = "UPDATE fin_lines SET posted = TRUE WHERE union_id = $1 AND voucher_id = $2";
            exec!(tx, sqlx::query(sql).bind(v.union_id).bind(v.id))?;
        }
        Ok(n)
    })
    .await
}

/// The last voucher number given in a period (0 if none).
#[tracing::instrument(level = "debug", name = "finance::last_number", skip_all, fields(union = %union_id))]
pub async fn last_number(tx: &mut Tx, union_id: UnionId, period: &str) -> Result<i64> {
    let sql = "SELECT COALESCE(MAX(number), 0) FROM fin_vouchers WHERE union_id = $1 AND period = $2 AND number IS NOT NULL";
    on!(tx, c => sqlx::query_scalar(sql).bind(union_id.0).bind(period).fetch_one(c).await)
}

/// How many vouchers of a period are not posted (drafts and reviewed).
#[tracing::instrument(level = "debug", name = "finance::unposted_in", skip_all, fields(union = %union_id))]
pub async fn unposted_in(tx: &mut Tx, union_id: UnionId, period: &str) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM fin_vouchers WHERE union_id = $1 AND period = $2 AND status <> 'posted'";
    on!(tx, c => sqlx::query_scalar(sql).bind(union_id.0).bind(period).fetch_one(c).await)
}

/// The reversal of a voucher, if one exists.
#[tracing::instrument(level = "debug", name = "finance::reversal_of", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn reversal_of(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Voucher>> {
    crate::counted(async move {
        let sql = format!("SELECT {VCOLS} FROM fin_vouchers WHERE union_id = $1 AND reverses = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "finance::voucher_by_source", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn voucher_by_source(tx: &mut Tx, union_id: UnionId, source: &str) -> Result<Option<Voucher>> {
    crate::counted(async move {
        let sql = format!("SELECT {VCOLS} FROM fin_vouchers WHERE union_id = $1 AND source = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(source).fetch_optional(c).await)
    })
    .await
}

#[derive(Debug, Clone, Default)]
pub struct VoucherFilter {
    pub period: Option<String>,
    pub status: Option<String>,
}

#[tracing::instrument(level = "debug", name = "finance::list_vouchers", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn list_vouchers(
    tx: &mut Tx,
    union_id: UnionId,
    f: &VoucherFilter,
    page: crate::Page,
) -> Result<(Vec<Voucher>, i64)> {
    crate::counted(async move {
        let mut binds = vec![crate::Arg::Id(union_id.0)];
        let mut conds = vec!["union_id = $1".to_owned()];
        if let Some(p) = &f.period {
            binds.push(crate::Arg::Text(p.clone()));
            conds.push(format!("period = ${}", binds.len()));
        }
        if let Some(s) = &f.status {
            binds.push(crate::Arg::Text(s.clone()));
            conds.push(format!("status = ${}", binds.len()));
        }
        let from_where = format!("FROM fin_vouchers WHERE {}", conds.join(" AND "));
        crate::paged(tx, VCOLS, &from_where, "period DESC, number DESC, made_at DESC", &binds, page).await
    })
    .await
}

/// Reviewed vouchers of a period, oldest first (for batch posting).
#[tracing::instrument(level = "debug", name = "finance::reviewed_in", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn reviewed_in(tx: &mut Tx, union_id: UnionId, period: &str, limit: i64) -> Result<Vec<Voucher>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {VCOLS} FROM fin_vouchers WHERE union_id = $1 AND period = $2 AND status = 'reviewed' \
             ORDER BY date, made_at LIMIT {limit}"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(period).fetch_all(c).await)
    })
    .await
}

type MovementRow = (String, i64, i64);

pub(crate) fn to_map(rows: Vec<MovementRow>) -> BTreeMap<String, Movement> {
    rows.into_iter().map(|(a, d, c)| (a, Movement { debit_fen: d, credit_fen: c })).collect()
}

/// Posted movements per account over `from..=to` (periods `YYYY-MM`).
#[tracing::instrument(level = "debug", name = "finance::movements", skip_all, fields(union = %union_id))]
pub async fn movements(
    tx: &mut Tx,
    union_id: UnionId,
    from: &str,
    to: &str,
) -> Result<BTreeMap<String, Movement>> {
    let sql = "SELECT l.account, CAST(SUM(l.debit_fen) AS BIGINT), CAST(SUM(l.credit_fen) AS BIGINT) \
        FROM fin_lines l JOIN fin_vouchers v ON v.union_id = l.union_id AND v.id = l.voucher_id \
        WHERE l.union_id = $1 AND l.period >= $2 AND l.period <= $3 AND v.status = 'posted' GROUP BY l.account";
    let rows: Vec<MovementRow> =
        on!(tx, c => sqlx::query_as(sql).bind(union_id.0).bind(from).bind(to).fetch_all(c).await)?;
    Ok(to_map(rows))
}

/// A union's posted movements per account and period over `from..=to`:
/// its part of a federation's roll-up, one single-shard query from which
/// every window (opening, year, span) is summed in the app.
#[tracing::instrument(level = "debug", name = "finance::movements_by_period", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn movements_by_period(
    tx: &mut Tx,
    union_id: UnionId,
    from: &str,
    to: &str,
) -> Result<Vec<(String, String, Movement)>> {
    crate::counted(async move {
        let sql = "SELECT l.account, l.period, CAST(SUM(l.debit_fen) AS BIGINT), CAST(SUM(l.credit_fen) AS BIGINT) \
            FROM fin_lines l JOIN fin_vouchers v ON v.union_id = l.union_id AND v.id = l.voucher_id \
            WHERE l.union_id = $1 AND l.period >= $2 AND l.period <= $3 AND v.status = 'posted' \
            GROUP BY l.account, l.period";
        let rows: Vec<(String, String, i64, i64)> =
            on!(tx, c => sqlx::query_as(sql).bind(union_id.0).bind(from).bind(to).fetch_all(c).await)?;
        Ok(rows.into_iter().map(|(a, p, d, c)| (a, p, Movement { debit_fen: d, credit_fen: c })).collect())
    })
    .await
}

/// One posted line with its voucher, for the 明细账.
#[derive(Debug, Clone, FromRow)]
pub struct LedgerEntry {
    pub voucher_id: Uuid,
    pub period: String,
    pub number: i64,
    pub date: NaiveDate,
    pub account: String,
    pub summary: String,
    pub debit_fen: i64,
    pub credit_fen: i64,
}

/// Posted lines of an account and its sub-accounts over a span, in order.
#[tracing::instrument(level = "debug", name = "finance::account_entries", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn account_entries(
    tx: &mut Tx,
    union_id: UnionId,
    account: &str,
    from: &str,
    to: &str,
) -> Result<Vec<LedgerEntry>> {
    crate::counted(async move {
        let sql = "SELECT v.id AS voucher_id, v.period, v.number, v.date, l.account, \
            CASE WHEN l.summary = '' THEN v.summary ELSE l.summary END AS summary, l.debit_fen, l.credit_fen \
            FROM fin_lines l JOIN fin_vouchers v ON v.union_id = l.union_id AND v.id = l.voucher_id \
            WHERE l.union_id = $1 AND l.period >= $2 AND l.period <= $3 AND v.status = 'posted' \
            AND (l.account = $4 OR l.account LIKE $5) ORDER BY v.period, v.number, l.line_no";
        on!(tx, c => sqlx::query_as(sql)
            .bind(union_id.0).bind(from).bind(to).bind(account).bind(format!("{account}%"))
            .fetch_all(c).await)
    })
    .await
}

/// Runs `f` on the fields of a voucher that its chain hash covers.
pub fn with_chain_fields<R>(v: &Voucher, lines: &[Line], f: impl FnOnce(&ChainFields<'_>) -> R) -> R {
    let (union_id, id, date) = (v.union_id.to_string(), v.id.to_string(), v.date.to_string());
    let reverses = v.reverses.map(|r| r.to_string()).unwrap_or_default();
    f(&ChainFields {
        union_id: &union_id,
        seq: v.seq.unwrap_or(0),
        id: &id,
        period: &v.period,
        number: v.number.unwrap_or(0),
        date: &date,
        summary: &v.summary,
        maker: &v.maker_name,
        reviewer: v.reviewer_name.as_deref().unwrap_or(""),
        poster: v.poster_name.as_deref().unwrap_or(""),
        reverses: &reverses,
        lines,
    })
}

/// Checks every union's chain of posted vouchers against its head; the
/// first break found, with the union, or the number of vouchers checked.
/// (One union after another in one transaction; `app::finance::chains`
/// checks the unions side by side.)
#[tracing::instrument(level = "debug", name = "finance::verify_chains", skip_all)]
pub async fn verify_chains(tx: &mut Tx) -> Result<std::result::Result<i64, (Uuid, ChainBreak)>> {
    let mut total = 0;
    for (union_id, head_seq, head_hash) in unions_with_books(tx).await? {
        let chain = posted_chain(tx, UnionId(union_id)).await?;
        match verify_chain(&chain, head_seq, &head_hash) {
            Ok(n) => total += n,
            Err(b) => return Ok(Err((union_id, b))),
        }
    }
    Ok(Ok(total))
}

/// Re-hashes one union's posted vouchers (as `posted_chain` reads them) and
/// checks the end against the head: the vouchers checked, or the first
/// break. Pure CPU: run it off the async threads.
pub fn verify_chain(
    chain: &[(Voucher, Vec<Line>)],
    head_seq: i64,
    head_hash: &str,
) -> std::result::Result<i64, ChainBreak> {
    let mut verifier = ChainVerifier::default();
    for (v, lines) in chain {
        let (prev, hash) =
            (v.prev_hash.as_deref().unwrap_or_default(), v.hash.as_deref().unwrap_or_default());
        with_chain_fields(v, lines, |f| verifier.feed(f, prev, hash))?;
    }
    verifier.finish(head_seq, head_hash)
}

/// Whether any voucher has a line on this account (or below it).
#[tracing::instrument(level = "debug", name = "finance::has_lines", skip_all, fields(union = %union_id))]
pub async fn has_lines(tx: &mut Tx, union_id: UnionId, account: &str) -> Result<bool> {
    let sql = "SELECT EXISTS (SELECT 1 FROM fin_lines WHERE union_id = $1 AND account = $2)";
    on!(tx, c => sqlx::query_scalar(sql).bind(union_id.0).bind(account).fetch_one(c).await)
}

/// The unions that keep books (have finance settings).
#[tracing::instrument(level = "debug", name = "finance::unions_with_books", skip_all, fields(rows = tracing::field::Empty))]
pub async fn unions_with_books(tx: &mut Tx) -> Result<Vec<(Uuid, i64, String)>> {
    crate::counted(async move {
        let sql = "SELECT union_id, chain_seq, chain_hash FROM fin_settings ORDER BY union_id";
        on!(tx, c => sqlx::query_as(sql).fetch_all(c).await)
    })
    .await
}

/// A union's posted vouchers in chain order, with their lines.
#[tracing::instrument(level = "debug", name = "finance::posted_chain", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn posted_chain(tx: &mut Tx, union_id: UnionId) -> Result<Vec<(Voucher, Vec<Line>)>> {
    crate::counted(async move {
        let sql =
            format!("SELECT {VCOLS} FROM fin_vouchers WHERE union_id = $1 AND seq IS NOT NULL ORDER BY seq");
        let vouchers: Vec<Voucher> = on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_all(c).await)?;
        let sql = "SELECT l.voucher_id, l.account, l.summary, l.debit_fen, l.credit_fen FROM fin_lines l \
            JOIN fin_vouchers v ON v.union_id = l.union_id AND v.id = l.voucher_id \
            WHERE l.union_id = $1 AND v.seq IS NOT NULL ORDER BY l.voucher_id, l.line_no";
        let rows: Vec<LineRow> = on!(tx, c => sqlx::query_as(sql).bind(union_id.0).fetch_all(c).await)?;
        let mut by_voucher: HashMap<Uuid, Vec<Line>> = HashMap::new();
        for r in rows {
            by_voucher.entry(r.voucher_id).or_default().push(r.into());
        }
        Ok(vouchers
            .into_iter()
            .map(|v| {
                let ls = by_voucher.remove(&v.id).unwrap_or_default();
                (v, ls)
            })
            .collect())
    })
    .await
}
