//! The append-only, hash-chained audit log: one chain per org (see
//! [`chain_of`]), each with its head row in `audit_heads`.

use chrono::{DateTime, NaiveDate, Utc};
use domain::UnionId;
use domain::audit::{AuditFields, GENESIS, SYSTEM_CHAIN, StoredEntry, entry_hash};
use sqlx::FromRow;
use uuid::Uuid;

use crate::org::scope_condition;
use crate::{Arg, Page, Result, Tx, exec, on};

/// What happened, as the caller describes it.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub actor_id: Option<Uuid>,
    pub actor: &'a str,
    pub action: &'a str,
    pub target: String,
    pub org_id: Option<Uuid>,
    pub org_path: Option<String>,
    pub ip: &'a str,
    pub summary: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct Entry {
    /// The chain the entry is in (see [`chain_of`]); `seq` counts within it.
    pub union_id: Uuid,
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub org_id: Option<Uuid>,
    pub org_path: Option<String>,
    pub ip: String,
    pub summary: String,
    pub prev_hash: String,
    pub hash: String,
}

impl Entry {
    pub fn stored(&self) -> StoredEntry {
        StoredEntry {
            chain: self.union_id,
            seq: self.seq,
            at: hash_time(self.at),
            actor: self.actor.clone(),
            action: self.action.clone(),
            target: self.target.clone(),
            org_id: self.org_id.map(|u| u.to_string()).unwrap_or_default(),
            ip: self.ip.clone(),
            summary: self.summary.clone(),
            prev_hash: self.prev_hash.clone(),
            hash: self.hash.clone(),
        }
    }
}

/// The time as the hash sees it: fixed format, microseconds.
fn hash_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// The chain an entry about `org_id` goes into: the org's grassroots union
/// (itself for a union, its union for a group), the federation itself for
/// a federation (whose `union_id` is NULL), the system chain for none. An
/// id that names no org keeps a chain of its own rather than joining the
/// system chain's lock.
#[tracing::instrument(level = "debug", name = "audit::chain_of", skip_all)]
pub async fn chain_of(tx: &mut Tx, org_id: Option<Uuid>) -> Result<UnionId> {
    let Some(id) = org_id else { return Ok(UnionId(SYSTEM_CHAIN)) };
    let found: Option<Uuid> = on!(tx, c => sqlx::query_scalar("SELECT COALESCE(union_id, id) FROM orgs WHERE id = $1")
        .bind(id).fetch_optional(c).await)?;
    Ok(UnionId(found.unwrap_or(id)))
}

/// Creates a chain's head (empty) unless it exists. Called when a union or
/// federation is registered, so that every registered one has a head and a
/// chain deleted whole (entries and head) is noticed by verification.
#[tracing::instrument(level = "debug", name = "audit::open_chain", skip_all, fields(union = %union_id))]
pub async fn open_chain(tx: &mut Tx, union_id: UnionId) -> Result<()> {
    let sql =
        "INSERT INTO audit_heads (union_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (union_id) DO NOTHING";
    exec!(tx, sqlx::query(sql).bind(union_id.0).bind(GENESIS))?;
    Ok(())
}

/// Appends an entry inside the caller's transaction, so the entry exists if
/// and only if the change it describes does. The entry goes into its org's
/// chain (see [`chain_of`]); the answer is its seq in that chain.
#[tracing::instrument(level = "debug", name = "audit::append", skip_all, fields(union = tracing::field::Empty))]
pub async fn append(tx: &mut Tx, e: &NewEntry<'_>, now: DateTime<Utc>) -> Result<i64> {
    let chain = chain_of(tx, e.org_id).await?;
    tracing::Span::current().record("union", tracing::field::display(chain));
    // The chain's head row is the lock that serialises appends to that chain
    // only: PostgreSQL takes it with FOR UPDATE (other chains' appends go on
    // in parallel), SQLite already holds the write lock (BEGIN IMMEDIATE).
    // A chain's first append creates its head.
    let mut head = lock_head(tx, chain).await?;
    if head.is_none() {
        open_chain(tx, chain).await?;
        head = lock_head(tx, chain).await?;
    }
    let (seq, prev) = head.ok_or(sqlx::Error::RowNotFound)?;
    let seq = seq + 1;
    let at = hash_time(now);
    let org_id = e.org_id.map(|u| u.to_string()).unwrap_or_default();
    let hash = entry_hash(
        &prev,
        &AuditFields {
            chain: chain.0,
            seq,
            at: &at,
            actor: e.actor,
            action: e.action,
            target: &e.target,
            org_id: &org_id,
            ip: e.ip,
            summary: &e.summary,
        },
    );
    let sql = "INSERT INTO audit_log (union_id, seq, at, actor_id, actor, action, target, org_id, org_path, \
        ip, summary, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(chain.0)
            .bind(seq)
            .bind(now)
            .bind(e.actor_id)
            .bind(e.actor)
            .bind(e.action)
            .bind(&e.target)
            .bind(e.org_id)
            .bind(&e.org_path)
            .bind(e.ip)
            .bind(&e.summary)
            .bind(&prev)
            .bind(&hash)
    )?;
    let sql = "UPDATE audit_heads SET seq = $2, hash = $3 WHERE union_id = $1";
    exec!(tx, sqlx::query(sql).bind(chain.0).bind(seq).bind(&hash))?;
    Ok(seq)
}

/// A chain's head, locked for the append (PostgreSQL: that one row).
async fn lock_head(tx: &mut Tx, chain: UnionId) -> Result<Option<(i64, String)>> {
    match tx {
        Tx::Sqlite(t, _) => {
            sqlx::query_as("SELECT seq, hash FROM audit_heads WHERE union_id = $1")
                .bind(chain.0)
                .fetch_optional(&mut **t)
                .await
        }
        Tx::Pg(t, _) => {
            sqlx::query_as("SELECT seq, hash FROM audit_heads WHERE union_id = $1 FOR UPDATE")
                .bind(chain.0)
                .fetch_optional(&mut **t)
                .await
        }
    }
}

/// A chain's head: its newest entry's seq and hash (0 and the genesis hash
/// for a chain with no entries yet); None when the chain has no head.
#[tracing::instrument(level = "debug", name = "audit::head", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn head(tx: &mut Tx, union_id: UnionId) -> Result<Option<(i64, String)>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT seq, hash FROM audit_heads WHERE union_id = $1")
            .bind(union_id.0).fetch_optional(c).await)
    })
    .await
}

/// The highest seq stored in a chain (None for no entries).
#[tracing::instrument(level = "debug", name = "audit::last_seq", skip_all, fields(union = %union_id))]
pub async fn last_seq(tx: &mut Tx, union_id: UnionId) -> Result<Option<i64>> {
    on!(tx, c => sqlx::query_scalar("SELECT MAX(seq) FROM audit_log WHERE union_id = $1")
        .bind(union_id.0).fetch_one(c).await)
}

/// Every chain there is a trace of: those with a head, those with entries
/// (a head may be gone) and every registered union and federation (whose
/// chain may be gone whole), with the org's name where it is registered.
#[tracing::instrument(level = "debug", name = "audit::chains", skip_all, fields(rows = tracing::field::Empty))]
pub async fn chains(tx: &mut Tx) -> Result<Vec<Chain>> {
    crate::counted(async move {
        let sql = "SELECT c.union_id, o.name, o.kind, \
                EXISTS (SELECT 1 FROM audit_heads h WHERE h.union_id = c.union_id) AS has_head \
            FROM (SELECT union_id FROM audit_heads \
                UNION SELECT DISTINCT union_id FROM audit_log \
                UNION SELECT id FROM orgs WHERE kind IN ('union', 'federation')) c \
            LEFT JOIN orgs o ON o.id = c.union_id ORDER BY o.name, c.union_id";
        on!(tx, c => sqlx::query_as::<_, Chain>(sql).fetch_all(c).await)
    })
    .await
}

/// One chain as [`chains`] finds it.
#[derive(Debug, Clone, FromRow)]
pub struct Chain {
    pub union_id: Uuid,
    /// The org's name; None for the system chain or an unregistered id.
    pub name: Option<String>,
    pub kind: Option<String>,
    pub has_head: bool,
}

const COLUMNS: &str = "union_id, seq, at, actor_id, actor, action, target, org_id, org_path, ip, summary, \
    prev_hash, hash";

/// A chain's entries with `seq` above `after` and at most `upto`, in order,
/// at most `limit` of them (for verification in batches; `upto` the head
/// read first, so entries appended meanwhile are left for the next run).
#[tracing::instrument(level = "debug", name = "audit::batch", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn batch(tx: &mut Tx, union_id: UnionId, after: i64, upto: i64, limit: i64) -> Result<Vec<Entry>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {COLUMNS} FROM audit_log WHERE union_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4"
        );
        on!(tx, c => sqlx::query_as::<_, Entry>(&sql).bind(union_id.0).bind(after).bind(upto).bind(limit).fetch_all(c).await)
    })
    .await
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub target: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Entries visible to a scope, newest first. A global scope sees all; others
/// see entries about orgs inside their subtrees.
#[tracing::instrument(level = "debug", name = "audit::list", skip_all, fields(rows = tracing::field::Empty))]
pub async fn list(
    tx: &mut Tx,
    roots: &[String],
    global: bool,
    f: &AuditFilter,
    page: Page,
) -> Result<(Vec<Entry>, i64)> {
    crate::counted(async move {
        let (mut conds, mut binds) = scope_condition("org_path", roots, global);
        let mut push = |binds: &mut Vec<Arg>, cond: &str, v: Arg| {
            binds.push(v);
            conds.push(cond.replace("$?", &format!("${}", binds.len())));
        };
        if let Some(a) = f.actor.as_deref().filter(|s| !s.is_empty()) {
            push(&mut binds, "actor = $?", Arg::Text(a.to_owned()));
        }
        if let Some(a) = f.action.as_deref().filter(|s| !s.is_empty()) {
            push(&mut binds, "action LIKE $?", Arg::Text(format!("{a}%")));
        }
        if let Some(t) = f.target.as_deref().filter(|s| !s.is_empty()) {
            push(&mut binds, "target LIKE $?", Arg::Text(format!("%{t}%")));
        }
        let china = domain::time::china();
        let start_of = |d: NaiveDate| {
            d.and_hms_opt(0, 0, 0)
                .and_then(|t| t.and_local_timezone(china).single())
                .map(|t| t.with_timezone(&Utc))
        };
        if let Some(t) = f.from.and_then(start_of) {
            push(&mut binds, "at >= $?", Arg::Time(t));
        }
        if let Some(t) = f.to.and_then(|d| d.succ_opt()).and_then(start_of) {
            push(&mut binds, "at < $?", Arg::Time(t));
        }
        let from_where = format!("FROM audit_log WHERE {}", conds.join(" AND "));
        // Newest first across chains; (union_id, seq) makes the order total, so
        // pages neither repeat nor skip an entry.
        crate::paged(tx, COLUMNS, &from_where, "at DESC, union_id DESC, seq DESC", &binds, page).await
    })
    .await
}
