//! The append-only, hash-chained audit log.

use chrono::{DateTime, NaiveDate, Utc};
use domain::audit::{AuditFields, StoredEntry, entry_hash};
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

/// Appends an entry inside the caller's transaction, so the entry exists if
/// and only if the change it describes does.
#[tracing::instrument(level = "debug", name = "audit::append", skip_all)]
pub async fn append(tx: &mut Tx, e: &NewEntry<'_>, now: DateTime<Utc>) -> Result<i64> {
    // The head row is the lock that serialises appends: PostgreSQL takes it
    // with FOR UPDATE, SQLite already holds the write lock (BEGIN IMMEDIATE).
    let (seq, prev): (i64, String) = match tx {
        Tx::Sqlite(t, _) => {
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(&mut **t).await?
        }
        Tx::Pg(t, _) => {
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE")
                .fetch_one(&mut **t)
                .await?
        }
    };
    let seq = seq + 1;
    let at = hash_time(now);
    let org_id = e.org_id.map(|u| u.to_string()).unwrap_or_default();
    let hash = entry_hash(
        &prev,
        &AuditFields {
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
    let sql = "INSERT INTO audit_log (seq, at, actor_id, actor, action, target, org_id, org_path, \
        ip, summary, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
    exec!(
        tx,
        sqlx::query(sql)
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
    let sql = "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1";
    exec!(tx, sqlx::query(sql).bind(seq).bind(&hash))?;
    Ok(seq)
}

#[tracing::instrument(level = "debug", name = "audit::head", skip_all)]
pub async fn head(tx: &mut Tx) -> Result<(i64, String)> {
    on!(tx, c => sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(c).await)
}

const COLUMNS: &str =
    "seq, at, actor_id, actor, action, target, org_id, org_path, ip, summary, prev_hash, hash";

/// Entries with `seq` above `after`, in order, at most `limit` of them (for
/// verification in batches).
#[tracing::instrument(level = "debug", name = "audit::batch", skip_all, fields(rows = tracing::field::Empty))]
pub async fn batch(tx: &mut Tx, after: i64, limit: i64) -> Result<Vec<Entry>> {
    crate::counted(async move {
        let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2");
        on!(tx, c => sqlx::query_as::<_, Entry>(&sql).bind(after).bind(limit).fetch_all(c).await)
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
        crate::paged(tx, COLUMNS, &from_where, "seq DESC", &binds, page).await
    })
    .await
}
