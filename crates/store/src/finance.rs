//! The books of each union: vouchers and lines, periods, dues, funds,
//! budgets, welfare records, statements and findings. Every function takes
//! the union (tenant) first.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use domain::finance::ledger::{ChainBreak, ChainFields, ChainVerifier, Line, Movement};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};

pub mod opening;

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

pub async fn settings(tx: &mut Tx, union_id: Uuid) -> Result<Settings> {
    let row: Option<Settings> =
        on!(tx, c => sqlx::query_as(SETTINGS).bind(union_id).fetch_optional(c).await)?;
    Ok(row.unwrap_or_default())
}

/// The settings row, created if missing and locked until the transaction
/// ends: posting takes the next number and chain link under this lock.
pub async fn settings_for_update(tx: &mut Tx, union_id: Uuid) -> Result<Settings> {
    let ensure =
        "INSERT INTO fin_settings (union_id, updated_at) VALUES ($1, $2) ON CONFLICT (union_id) DO NOTHING";
    exec!(tx, sqlx::query(ensure).bind(union_id).bind(crate::now()))?;
    let row: Settings = match tx {
        Tx::Sqlite(t, _) => sqlx::query_as(SETTINGS).bind(union_id).fetch_one(&mut **t).await?,
        Tx::Pg(t, _) => {
            sqlx::query_as(&format!("{SETTINGS} FOR UPDATE")).bind(union_id).fetch_one(&mut **t).await?
        }
    };
    Ok(row)
}

pub async fn save_settings(tx: &mut Tx, union_id: Uuid, s: &Settings) -> Result<()> {
    let sql = "INSERT INTO fin_settings (union_id, three_person, policy_key, policy_json, keep_permille, fund_flow, \
        chain_seq, chain_hash, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (union_id) DO UPDATE \
        SET three_person = $2, policy_key = $3, policy_json = $4, keep_permille = $5, fund_flow = $6, chain_seq = $7, \
        chain_hash = $8, updated_at = $9";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(union_id)
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
pub async fn custom_accounts(tx: &mut Tx, union_id: Uuid) -> Result<Vec<(String, String)>> {
    let sql = "SELECT code, name FROM fin_accounts WHERE union_id = $1 ORDER BY code";
    on!(tx, c => sqlx::query_as(sql).bind(union_id).fetch_all(c).await)
}

pub async fn insert_account(tx: &mut Tx, union_id: Uuid, code: &str, name: &str) -> Result<()> {
    let sql = "INSERT INTO fin_accounts (union_id, code, name, created_at) VALUES ($1, $2, $3, $4)";
    exec!(tx, sqlx::query(sql).bind(union_id).bind(code).bind(name).bind(crate::now()))?;
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
    for chunk in lines.chunks(LINE_BATCH / 8 * 8) {
        let sql = format!(
            "INSERT INTO fin_lines (union_id, voucher_id, line_no, period, account, summary, debit_fen, credit_fen) VALUES {}",
            tx.values_list(chunk.len(), 8, 1)
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
                    .bind(l.credit_fen);
            }
            q
        })?;
    }
    Ok(())
}

pub async fn get_voucher(tx: &mut Tx, union_id: Uuid, id: Uuid) -> Result<Option<Voucher>> {
    let sql = format!("SELECT {VCOLS} FROM fin_vouchers WHERE union_id = $1 AND id = $2");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(id).fetch_optional(c).await)
}

pub async fn lines(tx: &mut Tx, union_id: Uuid, voucher_id: Uuid) -> Result<Vec<Line>> {
    let sql = "SELECT voucher_id, account, summary, debit_fen, credit_fen FROM fin_lines \
        WHERE union_id = $1 AND voucher_id = $2 ORDER BY line_no";
    let rows: Vec<LineRow> =
        on!(tx, c => sqlx::query_as(sql).bind(union_id).bind(voucher_id).fetch_all(c).await)?;
    Ok(rows.into_iter().map(Line::from).collect())
}

/// Replaces a draft's header fields and lines.
pub async fn update_draft(tx: &mut Tx, v: &Voucher, new_lines: &[Line]) -> Result<()> {
    let sql = "UPDATE fin_vouchers SET period = $3, date = $4, summary = $5, attachments = $6, total_fen = $7 \
        WHERE union_id = $1 AND id = $2 AND status = 'draft'";
    exec!(
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
    exec!(
        tx,
        sqlx::query("DELETE FROM fin_lines WHERE union_id = $1 AND voucher_id = $2")
            .bind(v.union_id)
            .bind(v.id)
    )?;
    let rows: Vec<(&Voucher, usize, &Line)> = new_lines.iter().enumerate().map(|(i, l)| (v, i, l)).collect();
    insert_lines(tx, &rows).await
}

/// Deletes a voucher that is not posted (the trigger refuses posted ones).
pub async fn delete_unposted(tx: &mut Tx, union_id: Uuid, id: Uuid) -> Result<()> {
    exec!(
        tx,
        sqlx::query("DELETE FROM fin_attachments WHERE union_id = $1 AND voucher_id = $2")
            .bind(union_id)
            .bind(id)
    )?;
    exec!(
        tx,
        sqlx::query("DELETE FROM fin_lines WHERE union_id = $1 AND voucher_id = $2").bind(union_id).bind(id)
    )?;
    exec!(
        tx,
        sqlx::query("DELETE FROM fin_vouchers WHERE union_id = $1 AND id = $2").bind(union_id).bind(id)
    )?;
    Ok(())
}

pub async fn set_reviewed(
    tx: &mut Tx,
    union_id: Uuid,
    id: Uuid,
    reviewer: Option<(Uuid, &str)>,
    at: DateTime<Utc>,
) -> Result<u64> {
    let (status, from) = if reviewer.is_some() { ("reviewed", "draft") } else { ("draft", "reviewed") };
    let sql = "UPDATE fin_vouchers SET status = $3, reviewer_id = $4, reviewer_name = $5, reviewed_at = $6 \
        WHERE union_id = $1 AND id = $2 AND status = $7";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(union_id)
            .bind(id)
            .bind(status)
            .bind(reviewer.map(|r| r.0))
            .bind(reviewer.map(|r| r.1.to_owned()))
            .bind(reviewer.map(|_| at))
            .bind(from)
    )
}

/// Marks a reviewed voucher posted with its number and chain link.
pub async fn set_posted(tx: &mut Tx, v: &Voucher) -> Result<u64> {
    let sql = "UPDATE fin_vouchers SET status = 'posted', number = $3, poster_id = $4, poster_name = $5, \
        posted_at = $6, seq = $7, prev_hash = $8, hash = $9 WHERE union_id = $1 AND id = $2 AND status = 'reviewed'";
    exec!(
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
    )
}

/// The last voucher number given in a period (0 if none).
pub async fn last_number(tx: &mut Tx, union_id: Uuid, period: &str) -> Result<i64> {
    let sql = "SELECT COALESCE(MAX(number), 0) FROM fin_vouchers WHERE union_id = $1 AND period = $2 AND number IS NOT NULL";
    on!(tx, c => sqlx::query_scalar(sql).bind(union_id).bind(period).fetch_one(c).await)
}

/// How many vouchers of a period are not posted (drafts and reviewed).
pub async fn unposted_in(tx: &mut Tx, union_id: Uuid, period: &str) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM fin_vouchers WHERE union_id = $1 AND period = $2 AND status <> 'posted'";
    on!(tx, c => sqlx::query_scalar(sql).bind(union_id).bind(period).fetch_one(c).await)
}

/// The reversal of a voucher, if one exists.
pub async fn reversal_of(tx: &mut Tx, union_id: Uuid, id: Uuid) -> Result<Option<Voucher>> {
    let sql = format!("SELECT {VCOLS} FROM fin_vouchers WHERE union_id = $1 AND reverses = $2");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(id).fetch_optional(c).await)
}

pub async fn voucher_by_source(tx: &mut Tx, union_id: Uuid, source: &str) -> Result<Option<Voucher>> {
    let sql = format!("SELECT {VCOLS} FROM fin_vouchers WHERE union_id = $1 AND source = $2");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(source).fetch_optional(c).await)
}

#[derive(Debug, Clone, Default)]
pub struct VoucherFilter {
    pub period: Option<String>,
    pub status: Option<String>,
}

pub async fn list_vouchers(
    tx: &mut Tx,
    union_id: Uuid,
    f: &VoucherFilter,
    page: crate::Page,
) -> Result<(Vec<Voucher>, i64)> {
    let mut binds = vec![crate::Arg::Id(union_id)];
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
}

/// Reviewed vouchers of a period, oldest first (for batch posting).
pub async fn reviewed_in(tx: &mut Tx, union_id: Uuid, period: &str, limit: i64) -> Result<Vec<Voucher>> {
    let sql = format!(
        "SELECT {VCOLS} FROM fin_vouchers WHERE union_id = $1 AND period = $2 AND status = 'reviewed' \
         ORDER BY date, made_at LIMIT {limit}"
    );
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(period).fetch_all(c).await)
}

type MovementRow = (String, i64, i64);

pub(crate) fn to_map(rows: Vec<MovementRow>) -> BTreeMap<String, Movement> {
    rows.into_iter().map(|(a, d, c)| (a, Movement { debit_fen: d, credit_fen: c })).collect()
}

/// Posted movements per account over `from..=to` (periods `YYYY-MM`).
pub async fn movements(
    tx: &mut Tx,
    union_id: Uuid,
    from: &str,
    to: &str,
) -> Result<BTreeMap<String, Movement>> {
    let sql = "SELECT l.account, CAST(SUM(l.debit_fen) AS BIGINT), CAST(SUM(l.credit_fen) AS BIGINT) \
        FROM fin_lines l JOIN fin_vouchers v ON v.union_id = l.union_id AND v.id = l.voucher_id \
        WHERE l.union_id = $1 AND l.period >= $2 AND l.period <= $3 AND v.status = 'posted' GROUP BY l.account";
    let rows: Vec<MovementRow> =
        on!(tx, c => sqlx::query_as(sql).bind(union_id).bind(from).bind(to).fetch_all(c).await)?;
    Ok(to_map(rows))
}

/// Posted movements per account of every union in the given subtrees (the
/// federation's roll-up).
pub async fn movements_in_subtree(
    tx: &mut Tx,
    roots: &[String],
    from: &str,
    to: &str,
) -> Result<BTreeMap<String, Movement>> {
    let (scope, mut binds) = crate::org::subtree_condition("o.path", roots, 3);
    binds.insert(0, crate::Arg::Text(to.to_owned()));
    binds.insert(0, crate::Arg::Text(from.to_owned()));
    let sql = format!(
        "SELECT l.account, CAST(SUM(l.debit_fen) AS BIGINT), CAST(SUM(l.credit_fen) AS BIGINT) \
         FROM orgs o JOIN fin_lines l ON l.union_id = o.id \
         JOIN fin_vouchers v ON v.union_id = l.union_id AND v.id = l.voucher_id \
         WHERE {scope} AND o.kind = 'union' AND l.period >= $1 AND l.period <= $2 AND v.status = 'posted' \
         GROUP BY l.account"
    );
    let rows: Vec<MovementRow> = on!(tx, c => {
        let mut q = sqlx::query_as(&sql);
        for b in &binds {
            q = b.bind_as(q);
        }
        q.fetch_all(c).await
    })?;
    Ok(to_map(rows))
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
pub async fn account_entries(
    tx: &mut Tx,
    union_id: Uuid,
    account: &str,
    from: &str,
    to: &str,
) -> Result<Vec<LedgerEntry>> {
    let sql = "SELECT v.id AS voucher_id, v.period, v.number, v.date, l.account, \
        CASE WHEN l.summary = '' THEN v.summary ELSE l.summary END AS summary, l.debit_fen, l.credit_fen \
        FROM fin_lines l JOIN fin_vouchers v ON v.union_id = l.union_id AND v.id = l.voucher_id \
        WHERE l.union_id = $1 AND l.period >= $2 AND l.period <= $3 AND v.status = 'posted' \
        AND (l.account = $4 OR l.account LIKE $5) ORDER BY v.period, v.number, l.line_no";
    on!(tx, c => sqlx::query_as(sql)
        .bind(union_id).bind(from).bind(to).bind(account).bind(format!("{account}%"))
        .fetch_all(c).await)
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
pub async fn verify_chains(tx: &mut Tx) -> Result<std::result::Result<i64, (Uuid, ChainBreak)>> {
    let mut total = 0;
    for (union_id, head_seq, head_hash) in unions_with_books(tx).await? {
        let mut verifier = ChainVerifier::default();
        for (v, lines) in posted_chain(tx, union_id).await? {
            let (prev, hash) = (v.prev_hash.clone().unwrap_or_default(), v.hash.clone().unwrap_or_default());
            if let Err(b) = with_chain_fields(&v, &lines, |f| verifier.feed(f, &prev, &hash)) {
                return Ok(Err((union_id, b)));
            }
        }
        match verifier.finish(head_seq, &head_hash) {
            Ok(n) => total += n,
            Err(b) => return Ok(Err((union_id, b))),
        }
    }
    Ok(Ok(total))
}

/// Whether any voucher has a line on this account (or below it).
pub async fn has_lines(tx: &mut Tx, union_id: Uuid, account: &str) -> Result<bool> {
    let sql = "SELECT EXISTS (SELECT 1 FROM fin_lines WHERE union_id = $1 AND account = $2)";
    on!(tx, c => sqlx::query_scalar(sql).bind(union_id).bind(account).fetch_one(c).await)
}

/// The unions that keep books (have finance settings).
pub async fn unions_with_books(tx: &mut Tx) -> Result<Vec<(Uuid, i64, String)>> {
    let sql = "SELECT union_id, chain_seq, chain_hash FROM fin_settings ORDER BY union_id";
    on!(tx, c => sqlx::query_as(sql).fetch_all(c).await)
}

/// A union's posted vouchers in chain order, with their lines.
pub async fn posted_chain(tx: &mut Tx, union_id: Uuid) -> Result<Vec<(Voucher, Vec<Line>)>> {
    let sql =
        format!("SELECT {VCOLS} FROM fin_vouchers WHERE union_id = $1 AND seq IS NOT NULL ORDER BY seq");
    let vouchers: Vec<Voucher> = on!(tx, c => sqlx::query_as(&sql).bind(union_id).fetch_all(c).await)?;
    let sql = "SELECT l.voucher_id, l.account, l.summary, l.debit_fen, l.credit_fen FROM fin_lines l \
        JOIN fin_vouchers v ON v.union_id = l.union_id AND v.id = l.voucher_id \
        WHERE l.union_id = $1 AND v.seq IS NOT NULL ORDER BY l.voucher_id, l.line_no";
    let rows: Vec<LineRow> = on!(tx, c => sqlx::query_as(sql).bind(union_id).fetch_all(c).await)?;
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
}

// --- Periods -----------------------------------------------------------------

pub async fn is_closed(tx: &mut Tx, union_id: Uuid, period: &str) -> Result<bool> {
    let sql = "SELECT closed FROM fin_periods WHERE union_id = $1 AND period = $2";
    let row: Option<bool> =
        on!(tx, c => sqlx::query_scalar(sql).bind(union_id).bind(period).fetch_optional(c).await)?;
    Ok(row.unwrap_or(false))
}

pub async fn set_closed(tx: &mut Tx, union_id: Uuid, period: &str, closed: bool, by: &str) -> Result<()> {
    let sql = "INSERT INTO fin_periods (union_id, period, closed, closed_at, closed_by) VALUES ($1, $2, $3, $4, $5) \
        ON CONFLICT (union_id, period) DO UPDATE SET closed = $3, closed_at = $4, closed_by = $5";
    exec!(tx, sqlx::query(sql).bind(union_id).bind(period).bind(closed).bind(crate::now()).bind(by))?;
    Ok(())
}

/// Closed periods of a union, newest first.
pub async fn closed_periods(tx: &mut Tx, union_id: Uuid) -> Result<Vec<String>> {
    let sql = "SELECT period FROM fin_periods WHERE union_id = $1 AND closed = TRUE ORDER BY period DESC";
    on!(tx, c => sqlx::query_scalar(sql).bind(union_id).fetch_all(c).await)
}

#[derive(Debug, Clone, FromRow)]
pub struct PeriodEvent {
    pub union_id: Uuid,
    pub id: Uuid,
    pub period: String,
    pub action: String,
    pub reason: Option<String>,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

pub async fn add_period_event(tx: &mut Tx, e: &PeriodEvent) -> Result<()> {
    let sql = "INSERT INTO fin_period_events (union_id, id, period, action, reason, actor_name, at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(e.union_id)
            .bind(e.id)
            .bind(&e.period)
            .bind(&e.action)
            .bind(&e.reason)
            .bind(&e.actor_name)
            .bind(e.at)
    )?;
    Ok(())
}

pub async fn period_events(tx: &mut Tx, union_id: Uuid) -> Result<Vec<PeriodEvent>> {
    let sql = "SELECT union_id, id, period, action, reason, actor_name, at FROM fin_period_events \
        WHERE union_id = $1 ORDER BY at DESC";
    on!(tx, c => sqlx::query_as(sql).bind(union_id).fetch_all(c).await)
}

// --- Attachments -------------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct Attachment {
    pub union_id: Uuid,
    pub id: Uuid,
    pub voucher_id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

pub async fn insert_attachment(tx: &mut Tx, a: &Attachment, content: &[u8]) -> Result<()> {
    let sql = "INSERT INTO fin_attachments (union_id, id, voucher_id, file_name, content_type, size, sha256, content, \
        uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(a.union_id)
            .bind(a.id)
            .bind(a.voucher_id)
            .bind(&a.file_name)
            .bind(&a.content_type)
            .bind(a.size)
            .bind(&a.sha256)
            .bind(content)
            .bind(&a.uploaded_by)
            .bind(a.uploaded_at)
    )?;
    Ok(())
}

const ACOLS: &str =
    "union_id, id, voucher_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at";

pub async fn attachments(tx: &mut Tx, union_id: Uuid, voucher_id: Uuid) -> Result<Vec<Attachment>> {
    let sql = format!(
        "SELECT {ACOLS} FROM fin_attachments WHERE union_id = $1 AND voucher_id = $2 ORDER BY uploaded_at"
    );
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(voucher_id).fetch_all(c).await)
}

pub async fn attachment(tx: &mut Tx, union_id: Uuid, id: Uuid) -> Result<Option<(Attachment, Vec<u8>)>> {
    let sql = format!("SELECT {ACOLS} FROM fin_attachments WHERE union_id = $1 AND id = $2");
    let a: Option<Attachment> =
        on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(id).fetch_optional(c).await)?;
    let Some(a) = a else { return Ok(None) };
    let sql = "SELECT content FROM fin_attachments WHERE union_id = $1 AND id = $2";
    let bytes: Vec<u8> = on!(tx, c => sqlx::query_scalar(sql).bind(union_id).bind(id).fetch_one(c).await)?;
    Ok(Some((a, bytes)))
}

// --- Dues --------------------------------------------------------------------

#[derive(Debug, Clone, Default, FromRow)]
pub struct DuesSummary {
    pub billed: i64,
    pub billed_fen: i64,
    pub paid: i64,
    pub paid_fen: i64,
}

pub async fn dues_summary(tx: &mut Tx, union_id: Uuid, month: &str) -> Result<DuesSummary> {
    let sql = "SELECT COUNT(*) AS billed, CAST(COALESCE(SUM(b.amount_fen), 0) AS BIGINT) AS billed_fen, \
        COUNT(p.member_id) AS paid, CAST(COALESCE(SUM(p.amount_fen), 0) AS BIGINT) AS paid_fen \
        FROM fin_dues_bills b LEFT JOIN fin_dues_payments p \
        ON p.union_id = b.union_id AND p.month = b.month AND p.member_id = b.member_id \
        WHERE b.union_id = $1 AND b.month = $2";
    on!(tx, c => sqlx::query_as(sql).bind(union_id).bind(month).fetch_one(c).await)
}

/// Active members without a bill: (no dues base at all, a base under the
/// 10 yuan the dues start from).
pub async fn members_without_bill(tx: &mut Tx, union_id: Uuid) -> Result<(i64, i64)> {
    let sql = "SELECT CAST(COALESCE(SUM(CASE WHEN dues_base_fen IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT), \
        CAST(COALESCE(SUM(CASE WHEN dues_base_fen < 1000 THEN 1 ELSE 0 END), 0) AS BIGINT) \
        FROM members WHERE union_id = $1 AND status = 'active' \
        AND (dues_base_fen IS NULL OR dues_base_fen < 1000)";
    on!(tx, c => sqlx::query_as(sql).bind(union_id).fetch_one(c).await)
}

/// Records payment of every unpaid bill of the month (payroll deduction),
/// or of one member's bill; returns (count, total).
pub async fn pay_bills(
    tx: &mut Tx,
    union_id: Uuid,
    month: &str,
    member: Option<Uuid>,
    method: &str,
    voucher_id: Uuid,
) -> Result<u64> {
    let sql = "INSERT INTO fin_dues_payments (union_id, month, member_id, amount_fen, method, voucher_id, paid_at) \
        SELECT b.union_id, b.month, b.member_id, b.amount_fen, $3, $4, $5 FROM fin_dues_bills b \
        WHERE b.union_id = $1 AND b.month = $2 AND ($6 IS NULL OR b.member_id = $6) AND NOT EXISTS \
        (SELECT 1 FROM fin_dues_payments p WHERE p.union_id = b.union_id AND p.month = b.month AND p.member_id = b.member_id)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(union_id)
            .bind(month)
            .bind(method)
            .bind(voucher_id)
            .bind(crate::now())
            .bind(member)
    )
}

/// The unpaid total of a month (all members, or one).
pub async fn unpaid(tx: &mut Tx, union_id: Uuid, month: &str, member: Option<Uuid>) -> Result<(i64, i64)> {
    let sql = "SELECT COUNT(*), CAST(COALESCE(SUM(b.amount_fen), 0) AS BIGINT) FROM fin_dues_bills b \
        WHERE b.union_id = $1 AND b.month = $2 AND ($3 IS NULL OR b.member_id = $3) AND NOT EXISTS \
        (SELECT 1 FROM fin_dues_payments p WHERE p.union_id = b.union_id AND p.month = b.month AND p.member_id = b.member_id)";
    on!(tx, c => sqlx::query_as(sql).bind(union_id).bind(month).bind(member).fetch_one(c).await)
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

pub async fn arrears(tx: &mut Tx, union_id: Uuid, page: crate::Page) -> Result<(Vec<Arrears>, i64)> {
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
    let total: i64 = on!(tx, c => sqlx::query_scalar(&count_sql).bind(union_id).fetch_one(c).await)?;
    let rows = on!(tx, c => sqlx::query_as(&list_sql).bind(union_id).fetch_all(c).await)?;
    Ok((rows, total))
}

/// Sets `dues_review` on members whose bills of the union's latest six
/// billed months are all unpaid, and clears it on those who since paid.
pub async fn refresh_dues_review(tx: &mut Tx, union_id: Uuid) -> Result<()> {
    let months: Vec<String> = on!(tx, c => sqlx::query_scalar(
        "SELECT DISTINCT month FROM fin_dues_bills WHERE union_id = $1 ORDER BY month DESC LIMIT 6")
        .bind(union_id).fetch_all(c).await)?;
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
    exec!(tx, sqlx::query(&set).bind(union_id))?;
    let clear = format!(
        "UPDATE members SET dues_review = FALSE WHERE union_id = $1 AND dues_review = TRUE AND id NOT IN ({flagged})"
    );
    exec!(tx, sqlx::query(&clear).bind(union_id))?;
    Ok(())
}

/// A member's bills with what was paid, newest first.
pub async fn member_dues(
    tx: &mut Tx,
    union_id: Uuid,
    member_id: Uuid,
) -> Result<Vec<(String, i64, Option<i64>)>> {
    let sql = "SELECT b.month, b.amount_fen, p.amount_fen FROM fin_dues_bills b LEFT JOIN fin_dues_payments p \
        ON p.union_id = b.union_id AND p.month = b.month AND p.member_id = b.member_id \
        WHERE b.union_id = $1 AND b.member_id = $2 ORDER BY b.month DESC";
    on!(tx, c => sqlx::query_as(sql).bind(union_id).bind(member_id).fetch_all(c).await)
}

// --- Funds -------------------------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct FundMonth {
    pub union_id: Uuid,
    pub month: String,
    pub payroll_fen: i64,
    pub due_fen: i64,
    pub keep_fen: i64,
    pub up_fen: i64,
    pub keep_permille: i64,
    pub flow: String,
    pub declared_by: String,
    pub declared_at: DateTime<Utc>,
}

pub async fn insert_fund_month(tx: &mut Tx, f: &FundMonth) -> Result<()> {
    let sql = "INSERT INTO fin_fund_months (union_id, month, payroll_fen, due_fen, keep_fen, up_fen, keep_permille, \
        flow, declared_by, declared_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(f.union_id)
            .bind(&f.month)
            .bind(f.payroll_fen)
            .bind(f.due_fen)
            .bind(f.keep_fen)
            .bind(f.up_fen)
            .bind(f.keep_permille)
            .bind(&f.flow)
            .bind(&f.declared_by)
            .bind(f.declared_at)
    )?;
    Ok(())
}

const FCOLS: &str =
    "union_id, month, payroll_fen, due_fen, keep_fen, up_fen, keep_permille, flow, declared_by, declared_at";

pub async fn fund_month(tx: &mut Tx, union_id: Uuid, month: &str) -> Result<Option<FundMonth>> {
    let sql = format!("SELECT {FCOLS} FROM fin_fund_months WHERE union_id = $1 AND month = $2");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(month).fetch_optional(c).await)
}

pub async fn fund_months(tx: &mut Tx, union_id: Uuid) -> Result<Vec<FundMonth>> {
    let sql = format!("SELECT {FCOLS} FROM fin_fund_months WHERE union_id = $1 ORDER BY month DESC");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).fetch_all(c).await)
}

#[derive(Debug, Clone, FromRow)]
pub struct FundReceipt {
    pub union_id: Uuid,
    pub id: Uuid,
    pub month: String,
    pub kind: String,
    pub amount_fen: i64,
    pub date: NaiveDate,
    pub voucher_id: Uuid,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

pub async fn insert_fund_receipt(tx: &mut Tx, r: &FundReceipt) -> Result<()> {
    let sql = "INSERT INTO fin_fund_receipts (union_id, id, month, kind, amount_fen, date, voucher_id, actor_name, at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(r.union_id)
            .bind(r.id)
            .bind(&r.month)
            .bind(&r.kind)
            .bind(r.amount_fen)
            .bind(r.date)
            .bind(r.voucher_id)
            .bind(&r.actor_name)
            .bind(r.at)
    )?;
    Ok(())
}

pub async fn fund_receipts(tx: &mut Tx, union_id: Uuid) -> Result<Vec<FundReceipt>> {
    let sql = "SELECT union_id, id, month, kind, amount_fen, date, voucher_id, actor_name, at FROM fin_fund_receipts \
        WHERE union_id = $1 ORDER BY month DESC, at";
    on!(tx, c => sqlx::query_as(sql).bind(union_id).fetch_all(c).await)
}

// --- Budget ------------------------------------------------------------------

pub async fn budget(tx: &mut Tx, union_id: Uuid, year: i64) -> Result<Vec<(String, i64)>> {
    let sql =
        "SELECT account, amount_fen FROM fin_budget_lines WHERE union_id = $1 AND year = $2 ORDER BY account";
    on!(tx, c => sqlx::query_as(sql).bind(union_id).bind(year).fetch_all(c).await)
}

pub async fn set_budget_line(
    tx: &mut Tx,
    union_id: Uuid,
    year: i64,
    account: &str,
    amount_fen: i64,
) -> Result<()> {
    let sql = "INSERT INTO fin_budget_lines (union_id, year, account, amount_fen, updated_at) VALUES ($1, $2, $3, $4, $5) \
        ON CONFLICT (union_id, year, account) DO UPDATE SET amount_fen = $4, updated_at = $5";
    exec!(tx, sqlx::query(sql).bind(union_id).bind(year).bind(account).bind(amount_fen).bind(crate::now()))?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct BudgetOverride {
    pub union_id: Uuid,
    pub id: Uuid,
    pub voucher_id: Uuid,
    pub year: i64,
    pub account: String,
    pub budget_fen: i64,
    pub actual_fen: i64,
    pub reason: String,
    pub approver: String,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

pub async fn insert_budget_override(tx: &mut Tx, o: &BudgetOverride) -> Result<()> {
    let sql = "INSERT INTO fin_budget_overrides (union_id, id, voucher_id, year, account, budget_fen, actual_fen, reason, \
        approver, actor_name, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(o.union_id)
            .bind(o.id)
            .bind(o.voucher_id)
            .bind(o.year)
            .bind(&o.account)
            .bind(o.budget_fen)
            .bind(o.actual_fen)
            .bind(&o.reason)
            .bind(&o.approver)
            .bind(&o.actor_name)
            .bind(o.at)
    )?;
    Ok(())
}

pub async fn budget_overrides(tx: &mut Tx, union_id: Uuid) -> Result<Vec<BudgetOverride>> {
    let sql = "SELECT union_id, id, voucher_id, year, account, budget_fen, actual_fen, reason, approver, actor_name, at \
        FROM fin_budget_overrides WHERE union_id = $1 ORDER BY at DESC";
    on!(tx, c => sqlx::query_as(sql).bind(union_id).fetch_all(c).await)
}

// --- Welfare and policy exceptions -------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct Welfare {
    pub union_id: Uuid,
    pub id: Uuid,
    pub member_id: Uuid,
    pub year: i64,
    pub item: String,
    pub holiday: Option<String>,
    pub form: String,
    pub amount_fen: i64,
    pub date: NaiveDate,
    pub account: String,
    pub voucher_id: Uuid,
    pub exception_id: Option<Uuid>,
    pub idem_key: Option<String>,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

const WCOLS: &str = "union_id, id, member_id, year, item, holiday, form, amount_fen, date, account, voucher_id, \
    exception_id, idem_key, actor_name, at";

pub async fn insert_welfare(tx: &mut Tx, w: &Welfare) -> Result<()> {
    let sql = format!(
        "INSERT INTO fin_welfare ({WCOLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(w.union_id)
            .bind(w.id)
            .bind(w.member_id)
            .bind(w.year)
            .bind(&w.item)
            .bind(&w.holiday)
            .bind(&w.form)
            .bind(w.amount_fen)
            .bind(w.date)
            .bind(&w.account)
            .bind(w.voucher_id)
            .bind(w.exception_id)
            .bind(&w.idem_key)
            .bind(&w.actor_name)
            .bind(w.at)
    )?;
    Ok(())
}

/// Inserts many welfare records (a campaign's list), many rows per statement.
pub async fn insert_welfare_many(tx: &mut Tx, rows: &[Welfare]) -> Result<()> {
    for chunk in rows.chunks(400) {
        let sql = format!("INSERT INTO fin_welfare ({WCOLS}) VALUES {}", tx.values_list(chunk.len(), 15, 1));
        exec!(tx, {
            let mut q = sqlx::query(&sql);
            for w in chunk {
                q = q
                    .bind(w.union_id)
                    .bind(w.id)
                    .bind(w.member_id)
                    .bind(w.year)
                    .bind(&w.item)
                    .bind(&w.holiday)
                    .bind(&w.form)
                    .bind(w.amount_fen)
                    .bind(w.date)
                    .bind(&w.account)
                    .bind(w.voucher_id)
                    .bind(w.exception_id)
                    .bind(&w.idem_key)
                    .bind(&w.actor_name)
                    .bind(w.at);
            }
            q
        })?;
    }
    Ok(())
}

/// Everything paid in a year, for checking a whole list at once.
pub async fn welfare_year(tx: &mut Tx, union_id: Uuid, year: i64) -> Result<Vec<Welfare>> {
    let sql = format!("SELECT {WCOLS} FROM fin_welfare WHERE union_id = $1 AND year = $2");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(year).fetch_all(c).await)
}

/// What a member received in a year.
pub async fn welfare_of(tx: &mut Tx, union_id: Uuid, member_id: Uuid, year: i64) -> Result<Vec<Welfare>> {
    let sql = format!(
        "SELECT {WCOLS} FROM fin_welfare WHERE union_id = $1 AND member_id = $2 AND year = $3 ORDER BY date"
    );
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(member_id).bind(year).fetch_all(c).await)
}

pub async fn welfare_by_key(tx: &mut Tx, union_id: Uuid, key: &str) -> Result<Option<Welfare>> {
    let sql = format!("SELECT {WCOLS} FROM fin_welfare WHERE union_id = $1 AND idem_key = $2");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(key).fetch_optional(c).await)
}

/// A year's payments with the member's name and the approver (the
/// reviewer of the payment's voucher).
pub async fn welfare_list(
    tx: &mut Tx,
    union_id: Uuid,
    year: i64,
) -> Result<Vec<(Welfare, String, Option<String>)>> {
    let sql = "SELECT w.union_id, w.id, w.member_id, w.year, w.item, w.holiday, w.form, w.amount_fen, w.date, w.account, \
        w.voucher_id, w.exception_id, w.idem_key, w.actor_name, w.at, m.name, v.reviewer_name AS approver FROM fin_welfare w \
        JOIN members m ON m.union_id = w.union_id AND m.id = w.member_id \
        LEFT JOIN fin_vouchers v ON v.union_id = w.union_id AND v.id = w.voucher_id \
        WHERE w.union_id = $1 AND w.year = $2 ORDER BY w.date DESC, w.at DESC LIMIT 500";
    let rows: Vec<WelfareNamed> =
        on!(tx, c => sqlx::query_as(sql).bind(union_id).bind(year).fetch_all(c).await)?;
    Ok(rows.into_iter().map(|r| (r.w, r.name, r.approver)).collect())
}

#[derive(FromRow)]
struct WelfareNamed {
    #[sqlx(flatten)]
    w: Welfare,
    name: String,
    approver: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct PolicyException {
    pub union_id: Uuid,
    pub id: Uuid,
    pub member_id: Uuid,
    pub item: String,
    pub amount_fen: i64,
    pub rule: String,
    pub reason: String,
    pub approver: String,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

pub async fn insert_exception(tx: &mut Tx, e: &PolicyException) -> Result<()> {
    let sql = "INSERT INTO fin_policy_exceptions (union_id, id, member_id, item, amount_fen, rule, reason, approver, \
        actor_name, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(e.union_id)
            .bind(e.id)
            .bind(e.member_id)
            .bind(&e.item)
            .bind(e.amount_fen)
            .bind(&e.rule)
            .bind(&e.reason)
            .bind(&e.approver)
            .bind(&e.actor_name)
            .bind(e.at)
    )?;
    Ok(())
}

pub async fn exceptions(tx: &mut Tx, union_id: Uuid) -> Result<Vec<PolicyException>> {
    let sql = "SELECT union_id, id, member_id, item, amount_fen, rule, reason, approver, actor_name, at \
        FROM fin_policy_exceptions WHERE union_id = $1 ORDER BY at DESC";
    on!(tx, c => sqlx::query_as(sql).bind(union_id).fetch_all(c).await)
}

// --- Statements and findings -------------------------------------------------

#[derive(Debug, Clone, FromRow)]
pub struct Statement {
    pub union_id: Uuid,
    pub period: String,
    pub content: String,
    pub published_by: String,
    pub published_at: DateTime<Utc>,
}

pub async fn insert_statement(tx: &mut Tx, s: &Statement) -> Result<()> {
    let sql = "INSERT INTO fin_statements (union_id, period, content, published_by, published_at) VALUES ($1, $2, $3, $4, $5)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(s.union_id)
            .bind(&s.period)
            .bind(&s.content)
            .bind(&s.published_by)
            .bind(s.published_at)
    )?;
    Ok(())
}

pub async fn statements(tx: &mut Tx, union_id: Uuid) -> Result<Vec<Statement>> {
    let sql = "SELECT union_id, period, content, published_by, published_at FROM fin_statements \
        WHERE union_id = $1 ORDER BY period DESC";
    on!(tx, c => sqlx::query_as(sql).bind(union_id).fetch_all(c).await)
}

#[derive(Debug, Clone, FromRow)]
pub struct Finding {
    pub union_id: Uuid,
    pub id: Uuid,
    pub title: String,
    pub detail: String,
    pub deadline: Option<NaiveDate>,
    pub status: String,
    pub rectification: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const FINDING_COLS: &str =
    "union_id, id, title, detail, deadline, status, rectification, created_by, created_at, updated_at";

pub async fn insert_finding(tx: &mut Tx, f: &Finding) -> Result<()> {
    let sql =
        format!("INSERT INTO fin_findings ({FINDING_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(f.union_id)
            .bind(f.id)
            .bind(&f.title)
            .bind(&f.detail)
            .bind(f.deadline)
            .bind(&f.status)
            .bind(&f.rectification)
            .bind(&f.created_by)
            .bind(f.created_at)
            .bind(f.updated_at)
    )?;
    Ok(())
}

pub async fn update_finding(tx: &mut Tx, f: &Finding) -> Result<()> {
    let sql = "UPDATE fin_findings SET status = $3, rectification = $4, deadline = $5, updated_at = $6 \
        WHERE union_id = $1 AND id = $2";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(f.union_id)
            .bind(f.id)
            .bind(&f.status)
            .bind(&f.rectification)
            .bind(f.deadline)
            .bind(f.updated_at)
    )?;
    Ok(())
}

pub async fn finding(tx: &mut Tx, union_id: Uuid, id: Uuid) -> Result<Option<Finding>> {
    let sql = format!("SELECT {FINDING_COLS} FROM fin_findings WHERE union_id = $1 AND id = $2");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).bind(id).fetch_optional(c).await)
}

pub async fn findings(tx: &mut Tx, union_id: Uuid) -> Result<Vec<Finding>> {
    let sql = format!("SELECT {FINDING_COLS} FROM fin_findings WHERE union_id = $1 ORDER BY created_at DESC");
    on!(tx, c => sqlx::query_as(&sql).bind(union_id).fetch_all(c).await)
}
