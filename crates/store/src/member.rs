//! The roster: members, their history, transfers and roster settings.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Arg, Page, Result, Tx, exec, on};
use domain::UnionId;

#[derive(Debug, Clone, FromRow)]
pub struct Member {
    pub union_id: Uuid,
    pub id: Uuid,
    pub name: String,
    /// The roster's sort key: syllables separated by spaces (`domain::search::sort_key`).
    pub name_pinyin: String,
    pub name_initials: String,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub doc_type: String,
    pub id_cipher: Vec<u8>,
    pub id_hash: String,
    pub id_masked: String,
    pub id_tail: String,
    pub mobile: Option<String>,
    pub education: Option<String>,
    pub political: Option<String>,
    pub employment: Option<String>,
    pub post: Option<String>,
    pub group_id: Option<Uuid>,
    pub dues_base_fen: Option<i64>,
    pub join_date: Option<NaiveDate>,
    pub card_number: Option<String>,
    pub status: String,
    pub status_date: Option<NaiveDate>,
    pub status_reason: Option<String>,
    pub model_worker: bool,
    pub hardship: bool,
    pub dues_review: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub const COLUMNS: &str = "union_id, id, name, name_pinyin, name_initials, gender, ethnicity, birth_date, \
    doc_type, id_cipher, id_hash, id_masked, id_tail, mobile, education, political, employment, post, \
    group_id, dues_base_fen, join_date, card_number, status, status_date, status_reason, model_worker, \
    hardship, dues_review, created_at, updated_at";
const NCOLS: usize = 30;

/// Rows per INSERT statement when adding many (within both engines' limit on
/// bind parameters).
pub const BATCH: usize = 500;

/// Inserts members, many rows per statement, with their search keys.
#[tracing::instrument(level = "debug", name = "member::insert_many", skip_all)]
pub async fn insert_many(tx: &mut Tx, rows: &[Member]) -> Result<()> {
    for chunk in rows.chunks(BATCH) {
        let sql = format!(
            "INSERT INTO members ({COLUMNS}, search_version) VALUES {}",
            tx.values_list(chunk.len(), NCOLS + 1, 1)
        );
        exec!(tx, {
            let mut q = sqlx::query(&sql);
            for m in chunk {
                q = q
                    .bind(m.union_id)
                    .bind(m.id)
                    .bind(&m.name)
                    .bind(&m.name_pinyin)
                    .bind(&m.name_initials)
                    .bind(&m.gender)
                    .bind(&m.ethnicity)
                    .bind(m.birth_date)
                    .bind(&m.doc_type)
                    .bind(&m.id_cipher)
                    .bind(&m.id_hash)
                    .bind(&m.id_masked)
                    .bind(&m.id_tail)
                    .bind(&m.mobile)
                    .bind(&m.education)
                    .bind(&m.political)
                    .bind(&m.employment)
                    .bind(&m.post)
                    .bind(m.group_id)
                    .bind(m.dues_base_fen)
                    .bind(m.join_date)
                    .bind(&m.card_number)
                    .bind(&m.status)
                    .bind(m.status_date)
                    .bind(&m.status_reason)
                    .bind(m.model_worker)
                    .bind(m.hardship)
                    .bind(m.dues_review)
                    .bind(m.created_at)
                    .bind(m.updated_at)
                    .bind(domain::search::KEYS_VERSION);
            }
            q
        })?;
    }
    // The nationwide one-membership rule, in the same transaction.
    let held: Vec<(&str, Uuid, Uuid)> = rows
        .iter()
        .filter(|m| crate::registry::holds_membership(&m.status))
        .map(|m| (m.id_hash.as_str(), m.union_id, m.id))
        .collect();
    crate::registry::claim_memberships(tx, &held).await?;
    let keyed: Vec<(Uuid, Uuid, Vec<String>)> = rows.iter().map(|m| (m.union_id, m.id, keys_of(m))).collect();
    insert_keys(tx, &keyed).await
}

/// The search keys of a member record.
fn keys_of(m: &Member) -> Vec<String> {
    domain::search::search_keys(&m.name, m.mobile.as_deref(), &m.id_tail)
}

/// Key rows per INSERT statement.
const KEY_BATCH: usize = 2000;

/// Writes search keys: (union, member, keys).
async fn insert_keys(tx: &mut Tx, members: &[(Uuid, Uuid, Vec<String>)]) -> Result<()> {
    let rows: Vec<(Uuid, &str, Uuid)> =
        members.iter().flat_map(|(u, id, keys)| keys.iter().map(move |k| (*u, k.as_str(), *id))).collect();
    for chunk in rows.chunks(KEY_BATCH) {
        let sql = format!(
            "INSERT INTO member_keys (union_id, key, member_id) VALUES {}",
            tx.values_list(chunk.len(), 3, 1)
        );
        exec!(tx, {
            let mut q = sqlx::query(&sql);
            for (u, k, id) in chunk {
                q = q.bind(*u).bind(*k).bind(*id);
            }
            q
        })?;
    }
    Ok(())
}

/// Replaces members' search keys (and their pinyin sort keys) by the
/// current rules: (union, member, name, mobile, ID tail).
#[tracing::instrument(level = "debug", name = "member::rekey", skip_all)]
pub async fn rekey(tx: &mut Tx, members: &[(Uuid, Uuid, String, Option<String>, String)]) -> Result<()> {
    for (union_id, id, name, _, _) in members {
        exec!(
            tx,
            sqlx::query("DELETE FROM member_keys WHERE union_id = $1 AND member_id = $2")
                .bind(*union_id)
                .bind(*id)
        )?;
        let (sort, initials) = (domain::search::sort_key(name), domain::search::pinyin_keys(name).1);
        let sql = "UPDATE members SET name_pinyin = $3, name_initials = $4, search_version = $5 \
            WHERE union_id = $1 AND id = $2";
        exec!(
            tx,
            sqlx::query(sql)
                .bind(*union_id)
                .bind(*id)
                .bind(sort)
                .bind(initials)
                .bind(domain::search::KEYS_VERSION)
        )?;
    }
    let keyed: Vec<(Uuid, Uuid, Vec<String>)> = members
        .iter()
        .map(|(u, id, name, mobile, tail)| {
            (*u, *id, domain::search::search_keys(name, mobile.as_deref(), tail))
        })
        .collect();
    insert_keys(tx, &keyed).await
}

/// Recomputes the search keys of every member keyed by older rules (or
/// none: rows from before the keys existed), a thousand per transaction;
/// returns how many. Idempotent and resumable: run at every start.
#[tracing::instrument(level = "debug", name = "member::refresh_search_keys", skip_all)]
pub async fn refresh_search_keys(db: &crate::Db) -> Result<usize> {
    let mut done = 0;
    loop {
        let mut tx = db.write().await?;
        let stale = stale_keys(&mut tx, 1000).await?;
        if stale.is_empty() {
            return Ok(done);
        }
        rekey(&mut tx, &stale).await?;
        tx.commit().await?;
        done += stale.len();
    }
}

/// A member whose search keys need computing again: (union, member, name,
/// mobile, ID tail).
pub type StaleKey = (Uuid, Uuid, String, Option<String>, String);

/// Up to `limit` members whose search keys were computed by older rules.
#[tracing::instrument(level = "debug", name = "member::stale_keys", skip_all, fields(rows = tracing::field::Empty))]
pub async fn stale_keys(tx: &mut Tx, limit: i64) -> Result<Vec<StaleKey>> {
    crate::counted(async move {
        let sql =
            "SELECT union_id, id, name, mobile, id_tail FROM members WHERE search_version < $1 LIMIT $2";
        on!(tx, c => sqlx::query_as(sql).bind(domain::search::KEYS_VERSION).bind(limit).fetch_all(c).await)
    })
    .await
}

/// Members of a union with exactly this name (in or retaining membership),
/// at most `limit`: (id, name).
#[tracing::instrument(level = "debug", name = "member::by_name", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn by_name(tx: &mut Tx, union_id: UnionId, name: &str, limit: i64) -> Result<Vec<(Uuid, String)>> {
    crate::counted(async move {
        let sql = "SELECT id, name FROM members WHERE union_id = $1 AND name = $2 \
            AND status IN ('active', 'retained') ORDER BY id LIMIT $3";
        on!(tx, c => sqlx::query_as(sql).bind(union_id.0).bind(name).bind(limit).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "member::get", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn get(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Member>> {
    crate::counted(async move {
        let sql = format!("SELECT {COLUMNS} FROM members WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as::<_, Member>(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// Where a person (by ID hash) holds a membership now, if anywhere:
/// (union id, member id, union name).
#[tracing::instrument(level = "debug", name = "member::membership_of", skip_all, fields(rows = tracing::field::Empty))]
pub async fn membership_of(tx: &mut Tx, id_hash: &str) -> Result<Option<(Uuid, Uuid, String)>> {
    crate::counted(async move {
        // The registry, keyed by the ID hash: one look-up, not a scan of
        // every union's roster.
        let sql = "SELECT r.holder_union_id, r.member_id, o.name FROM member_registry r \
            JOIN orgs o ON o.id = r.holder_union_id WHERE r.id_hash = $1";
        on!(tx, c => sqlx::query_as(sql).bind(id_hash).fetch_optional(c).await)
    })
    .await
}

/// The ID hashes among `hashes` that already have a record in this union
/// (any status but merged), for re-import and duplicate checks.
#[tracing::instrument(level = "debug", name = "member::hashes_in_union", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn hashes_in_union(
    tx: &mut Tx,
    union_id: UnionId,
    hashes: &[String],
) -> Result<Vec<(String, String)>> {
    crate::counted(async move {
        let mut out = Vec::new();
        for chunk in hashes.chunks(BATCH) {
            // All placeholders positional: sqlx numbers SQLite's `?` from 1
            // whatever `$N` stands before them.
            let first = tx.values_list(1, 1, 1);
            let list = tx.values_list(1, chunk.len(), 2);
            let sql = format!(
                "SELECT id_hash, status FROM members WHERE union_id = {first} AND status <> 'merged' AND id_hash IN {list}"
            );
            let rows: Vec<(String, String)> = on!(tx, c => {
                let mut q = sqlx::query_as(&sql).bind(union_id.0);
                for h in chunk { q = q.bind(h); }
                q.fetch_all(c).await
            })?;
            out.extend(rows);
        }
        Ok(out)
    })
    .await
}

/// Of `hashes`, those holding a membership in another union, with its name.
#[tracing::instrument(level = "debug", name = "member::held_elsewhere", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn held_elsewhere(
    tx: &mut Tx,
    union_id: UnionId,
    hashes: &[String],
) -> Result<Vec<(String, String)>> {
    crate::counted(async move {
        let mut out = Vec::new();
        for chunk in hashes.chunks(BATCH) {
            let first = tx.values_list(1, 1, 1);
            let list = tx.values_list(1, chunk.len(), 2);
            let sql = format!(
                "SELECT r.id_hash, o.name FROM member_registry r JOIN orgs o ON o.id = r.holder_union_id \
                 WHERE r.holder_union_id <> {first} AND r.id_hash IN {list}"
            );
            let rows: Vec<(String, String)> = on!(tx, c => {
                let mut q = sqlx::query_as(&sql).bind(union_id.0);
                for h in chunk { q = q.bind(h); }
                q.fetch_all(c).await
            })?;
            out.extend(rows);
        }
        Ok(out)
    })
    .await
}

/// What to list: the caller builds the search condition (see `Search`).
#[derive(Debug, Clone, Default)]
pub struct MemberFilter {
    pub search: Option<Search>,
    /// Members of this group and its subgroups (the group's path).
    pub group_path: Option<String>,
    /// None: members holding a membership (在籍 and 保留会籍).
    pub statuses: Option<Vec<String>>,
    pub model_worker: bool,
    pub hardship: bool,
    pub dues_review: bool,
    pub women: bool,
}

/// How a search text is matched, decided by its shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Search {
    /// Chinese text: the name contains it.
    Name(String),
    /// Latin letters: pinyin initials or full pinyin start with it.
    Pinyin(String),
    /// Five or more digits: the mobile starts or ends with it.
    Mobile(String),
    /// Up to four digits (or ending in X): the ID number or mobile ends with it.
    Tail(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Name,
    JoinDate,
    CardNumber,
    Created,
}

/// The FROM/WHERE clause, its binds and the ORDER BY of a roster query.
fn query_parts(
    union_id: UnionId,
    f: &MemberFilter,
    sort: Sort,
    descending: bool,
    pg: bool,
) -> (String, Vec<Arg>, String) {
    let mut binds = vec![Arg::Id(union_id.0)];
    let mut conds = vec!["union_id = $1".to_owned()];
    let bind = |binds: &mut Vec<Arg>, v: String| {
        binds.push(Arg::Text(v));
        format!("${}", binds.len())
    };
    // Every search is a prefix range (or two) of the key index.
    let prefixes: Vec<String> = match &f.search {
        Some(Search::Name(q)) => vec![domain::search::name_key(q)],
        Some(Search::Pinyin(q)) => vec![domain::search::pinyin_key(q)],
        Some(Search::Mobile(q)) => {
            let (start, end) = domain::search::mobile_keys(q);
            vec![start, end]
        }
        Some(Search::Tail(q)) => vec![domain::search::id_tail_key(q), domain::search::mobile_keys(q).1],
        None => Vec::new(),
    };
    if !prefixes.is_empty() {
        let ranges: Vec<String> = prefixes
            .iter()
            .map(|k| {
                let lo = bind(&mut binds, k.clone());
                let hi = bind(&mut binds, domain::search::prefix_end(k));
                format!("(k.key >= {lo} AND k.key < {hi})")
            })
            .collect();
        let hits = format!(
            "SELECT k.member_id FROM member_keys k WHERE k.union_id = $1 AND ({})",
            ranges.join(" OR ")
        );
        // PostgreSQL would hash-join thousands of hits against a scan of the
        // whole roster; an array of ids makes it look each hit up by key.
        conds.push(if pg { format!("id = ANY(ARRAY({hits}))") } else { format!("id IN ({hits})") });
    }
    if let Some(path) = &f.group_path {
        let lo = bind(&mut binds, path.clone());
        let hi = bind(&mut binds, domain::org::subtree_upper_bound(path));
        conds.push(format!("group_id IN (SELECT g.id FROM orgs g WHERE g.path >= {lo} AND g.path < {hi})"));
    }
    match &f.statuses {
        None => conds.push("status IN ('active', 'retained')".to_owned()),
        Some(list) if list.is_empty() => {}
        Some(list) => {
            let ps: Vec<String> = list.iter().map(|s| bind(&mut binds, s.clone())).collect();
            conds.push(format!("status IN ({})", ps.join(", ")));
        }
    }
    for (on, cond) in [
        (f.model_worker, "model_worker = TRUE"),
        (f.hardship, "hardship = TRUE"),
        (f.dues_review, "dues_review = TRUE"),
        (f.women, "gender = 'female'"),
    ] {
        if on {
            conds.push(cond.to_owned());
        }
    }
    let dir = if descending { "DESC" } else { "ASC" };
    let order = match sort {
        Sort::Name => format!("name_pinyin {dir}, id"),
        Sort::JoinDate => format!("join_date {dir}, name_pinyin, id"),
        Sort::CardNumber => format!("card_number {dir}, id"),
        Sort::Created => format!("created_at {dir}, id"),
    };
    (format!("FROM members WHERE {}", conds.join(" AND ")), binds, order)
}

#[tracing::instrument(level = "debug", name = "member::list", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn list(
    tx: &mut Tx,
    union_id: UnionId,
    f: &MemberFilter,
    sort: Sort,
    descending: bool,
    page: Page,
) -> Result<(Vec<Member>, i64)> {
    crate::counted(async move {
        let (from_where, binds, order) = query_parts(union_id, f, sort, descending, matches!(tx, Tx::Pg(..)));
        crate::paged(tx, COLUMNS, &from_where, &order, &binds, page).await
    })
    .await
}

/// Every member matching a filter, in order (exports and print views).
#[tracing::instrument(level = "debug", name = "member::all", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn all(
    tx: &mut Tx,
    union_id: UnionId,
    f: &MemberFilter,
    sort: Sort,
    descending: bool,
) -> Result<Vec<Member>> {
    crate::counted(async move {
        let (from_where, binds, order) = query_parts(union_id, f, sort, descending, matches!(tx, Tx::Pg(..)));
        let sql = format!("SELECT {COLUMNS} {from_where} ORDER BY {order}");
        on!(tx, c => {
            let mut q = sqlx::query_as::<_, Member>(&sql);
            for b in &binds { q = b.bind_as(q); }
            q.fetch_all(c).await
        })
    })
    .await
}

/// Editable fields of a member record.
#[tracing::instrument(level = "debug", name = "member::update_record", skip_all)]
pub async fn update_record(tx: &mut Tx, m: &Member) -> Result<()> {
    let sql = "UPDATE members SET name = $3, name_pinyin = $4, name_initials = $5, gender = $6, \
        ethnicity = $7, birth_date = $8, mobile = $9, education = $10, political = $11, employment = $12, \
        post = $13, group_id = $14, dues_base_fen = $15, join_date = $16, card_number = $17, \
        model_worker = $18, hardship = $19, updated_at = $20 WHERE union_id = $1 AND id = $2";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(m.union_id)
            .bind(m.id)
            .bind(&m.name)
            .bind(&m.name_pinyin)
            .bind(&m.name_initials)
            .bind(&m.gender)
            .bind(&m.ethnicity)
            .bind(m.birth_date)
            .bind(&m.mobile)
            .bind(&m.education)
            .bind(&m.political)
            .bind(&m.employment)
            .bind(&m.post)
            .bind(m.group_id)
            .bind(m.dues_base_fen)
            .bind(m.join_date)
            .bind(&m.card_number)
            .bind(m.model_worker)
            .bind(m.hardship)
            .bind(m.updated_at)
    )?;
    rekey(tx, &[(m.union_id, m.id, m.name.clone(), m.mobile.clone(), m.id_tail.clone())]).await
}

#[tracing::instrument(level = "debug", name = "member::set_status", skip_all, fields(union = %union_id))]
pub async fn set_status(
    tx: &mut Tx,
    union_id: UnionId,
    id: Uuid,
    status: &str,
    date: Option<NaiveDate>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let sql = "UPDATE members SET status = $3, status_date = $4, status_reason = $5, updated_at = $6 \
        WHERE union_id = $1 AND id = $2";
    exec!(tx, sqlx::query(sql).bind(union_id.0).bind(id).bind(status).bind(date).bind(reason).bind(now))?;
    // Every status change passes here, so the registry follows it in the
    // same transaction (a membership taken elsewhere meanwhile fails it).
    let sql = "SELECT id_hash FROM members WHERE union_id = $1 AND id = $2";
    let hash: Option<String> =
        on!(tx, c => sqlx::query_scalar(sql).bind(union_id.0).bind(id).fetch_optional(c).await)?;
    if let Some(hash) = hash {
        crate::registry::sync_membership(tx, union_id, id, &hash, status).await?;
    }
    Ok(())
}

/// The hook for finance (issue 4): six months unpaid flags a member for
/// review; nothing is removed automatically.
#[tracing::instrument(level = "debug", name = "member::set_dues_review", skip_all, fields(union = %union_id))]
pub async fn set_dues_review(tx: &mut Tx, union_id: UnionId, id: Uuid, flag: bool) -> Result<()> {
    let sql = "UPDATE members SET dues_review = $3 WHERE union_id = $1 AND id = $2";
    exec!(tx, sqlx::query(sql).bind(union_id.0).bind(id).bind(flag))?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct HistoryEntry {
    pub union_id: Uuid,
    pub id: Uuid,
    pub member_id: Uuid,
    pub at: DateTime<Utc>,
    pub kind: String,
    pub from_value: Option<String>,
    pub to_value: Option<String>,
    pub effective_date: Option<NaiveDate>,
    pub reason: Option<String>,
    pub actor: String,
}

#[tracing::instrument(level = "debug", name = "member::add_history", skip_all)]
pub async fn add_history(tx: &mut Tx, rows: &[HistoryEntry]) -> Result<()> {
    const N: usize = 10;
    for chunk in rows.chunks(BATCH) {
        let sql = format!(
            "INSERT INTO member_history (union_id, id, member_id, at, kind, from_value, to_value, \
             effective_date, reason, actor) VALUES {}",
            tx.values_list(chunk.len(), N, 1)
        );
        exec!(tx, {
            let mut q = sqlx::query(&sql);
            for h in chunk {
                q = q
                    .bind(h.union_id)
                    .bind(h.id)
                    .bind(h.member_id)
                    .bind(h.at)
                    .bind(&h.kind)
                    .bind(&h.from_value)
                    .bind(&h.to_value)
                    .bind(h.effective_date)
                    .bind(&h.reason)
                    .bind(&h.actor);
            }
            q
        })?;
    }
    Ok(())
}

#[tracing::instrument(level = "debug", name = "member::history", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn history(tx: &mut Tx, union_id: UnionId, member_id: Uuid) -> Result<Vec<HistoryEntry>> {
    crate::counted(async move {
        let sql = "SELECT union_id, id, member_id, at, kind, from_value, to_value, effective_date, reason, actor \
            FROM member_history WHERE union_id = $1 AND member_id = $2 ORDER BY at, id";
        on!(tx, c => sqlx::query_as::<_, HistoryEntry>(sql).bind(union_id.0).bind(member_id).fetch_all(c).await)
    })
    .await
}

/// Moves the history of `from` onto `to` (merging duplicates).
#[tracing::instrument(level = "debug", name = "member::move_history", skip_all, fields(union = %union_id))]
pub async fn move_history(tx: &mut Tx, union_id: UnionId, from: Uuid, to: Uuid) -> Result<()> {
    let sql = "UPDATE member_history SET member_id = $3 WHERE union_id = $1 AND member_id = $2";
    exec!(tx, sqlx::query(sql).bind(union_id.0).bind(from).bind(to))?;
    Ok(())
}

#[derive(Debug, Clone, Default, FromRow)]
pub struct Settings {
    pub card_pattern: Option<String>,
    pub card_year: Option<i64>,
    pub card_seq: i64,
    pub join_token: Option<String>,
}

#[tracing::instrument(level = "debug", name = "member::settings", skip_all, fields(union = %union_id))]
pub async fn settings(tx: &mut Tx, union_id: UnionId) -> Result<Settings> {
    let sql = "SELECT card_pattern, card_year, card_seq, join_token FROM member_settings WHERE union_id = $1";
    let row: Option<Settings> = on!(tx, c => sqlx::query_as(sql).bind(union_id.0).fetch_optional(c).await)?;
    Ok(row.unwrap_or_default())
}

/// The settings, locked until the transaction ends (taking card numbers):
/// PostgreSQL locks the row; SQLite's write transaction holds the database.
#[tracing::instrument(level = "debug", name = "member::settings_for_update", skip_all, fields(union = %union_id))]
pub async fn settings_for_update(tx: &mut Tx, union_id: UnionId) -> Result<Settings> {
    let sql = "SELECT card_pattern, card_year, card_seq, join_token FROM member_settings WHERE union_id = $1";
    let row: Option<Settings> = match tx {
        Tx::Sqlite(t, _) => sqlx::query_as(sql).bind(union_id.0).fetch_optional(&mut **t).await?,
        Tx::Pg(t, _) => {
            sqlx::query_as(&format!("{sql} FOR UPDATE")).bind(union_id.0).fetch_optional(&mut **t).await?
        }
    };
    Ok(row.unwrap_or_default())
}

/// The card numbers a union has given out (to skip them).
#[tracing::instrument(level = "debug", name = "member::card_numbers", skip_all, fields(union = %union_id))]
pub async fn card_numbers(tx: &mut Tx, union_id: UnionId) -> Result<std::collections::HashSet<String>> {
    let sql = "SELECT card_number FROM members WHERE union_id = $1 AND card_number IS NOT NULL";
    let rows: Vec<String> = on!(tx, c => sqlx::query_scalar(sql).bind(union_id.0).fetch_all(c).await)?;
    Ok(rows.into_iter().collect())
}

#[tracing::instrument(level = "debug", name = "member::save_settings", skip_all, fields(union = %union_id))]
pub async fn save_settings(tx: &mut Tx, union_id: UnionId, s: &Settings) -> Result<()> {
    // The join token's directory entry follows the token.
    let sql = "SELECT join_token FROM member_settings WHERE union_id = $1";
    let old: Option<Option<String>> =
        on!(tx, c => sqlx::query_scalar(sql).bind(union_id.0).fetch_optional(c).await)?;
    crate::registry::set_join_token(tx, union_id, old.flatten().as_deref(), s.join_token.as_deref()).await?;
    let sql = "INSERT INTO member_settings (union_id, card_pattern, card_year, card_seq, join_token) \
        VALUES ($1, $2, $3, $4, $5) ON CONFLICT (union_id) DO UPDATE SET card_pattern = $2, card_year = $3, \
        card_seq = $4, join_token = $5";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(union_id.0)
            .bind(&s.card_pattern)
            .bind(s.card_year)
            .bind(s.card_seq)
            .bind(&s.join_token)
    )?;
    Ok(())
}

/// The union whose public join page has this token.
#[tracing::instrument(level = "debug", name = "member::union_by_join_token", skip_all, fields(rows = tracing::field::Empty))]
pub async fn union_by_join_token(tx: &mut Tx, token: &str) -> Result<Option<(Uuid, String)>> {
    crate::counted(async move {
        // The token's own directory: one look-up, whichever union it is.
        let sql = "SELECT o.id, o.name FROM join_token_registry r JOIN orgs o ON o.id = r.holder_union_id \
            WHERE r.join_token = $1 AND o.archived_at IS NULL";
        on!(tx, c => sqlx::query_as(sql).bind(token).fetch_optional(c).await)
    })
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct Transfer {
    pub id: Uuid,
    pub from_union_id: Uuid,
    pub to_union_id: Uuid,
    pub from_member_id: Uuid,
    pub id_hash: String,
    pub draft: String,
    pub id_cipher: Vec<u8>,
    pub status: String,
    pub reason: Option<String>,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub to_member_id: Option<Uuid>,
}

const TRANSFER_COLUMNS: &str = "id, from_union_id, to_union_id, from_member_id, id_hash, draft, id_cipher, \
    status, reason, requested_by, requested_at, decided_by, decided_at, to_member_id";

/// Records a transfer request in the releasing union (its tenant: union_id
/// is the releasing union) and a row in the receiving union's inbox.
#[tracing::instrument(level = "debug", name = "member::insert_transfer", skip_all)]
pub async fn insert_transfer(tx: &mut Tx, t: &Transfer) -> Result<()> {
    let sql = format!(
        "INSERT INTO member_transfers (union_id, {TRANSFER_COLUMNS}) \
         VALUES ($2, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(t.id)
            .bind(t.from_union_id)
            .bind(t.to_union_id)
            .bind(t.from_member_id)
            .bind(&t.id_hash)
            .bind(&t.draft)
            .bind(&t.id_cipher)
            .bind(&t.status)
            .bind(&t.reason)
            .bind(&t.requested_by)
            .bind(t.requested_at)
            .bind(&t.decided_by)
            .bind(t.decided_at)
            .bind(t.to_member_id)
    )?;
    let sql = "INSERT INTO member_transfer_inbox (union_id, transfer_id, from_union_id, requested_at) \
        VALUES ($1, $2, $3, $4)";
    exec!(tx, sqlx::query(sql).bind(t.to_union_id).bind(t.id).bind(t.from_union_id).bind(t.requested_at))?;
    Ok(())
}

/// A transfer of the releasing union `union_id`.
#[tracing::instrument(level = "debug", name = "member::transfer", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn transfer(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Transfer>> {
    crate::counted(async move {
        let sql = format!("SELECT {TRANSFER_COLUMNS} FROM member_transfers WHERE union_id = $1 AND id = $2");
        on!(tx, c => sqlx::query_as::<_, Transfer>(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// How many transfers a union's list shows.
const TRANSFER_LIST: usize = 200;

/// Transfers into or out of a union, newest first: its own (out of it) and
/// those in its inbox, each of these read from its releasing union by key.
#[tracing::instrument(level = "debug", name = "member::transfers_of", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn transfers_of(tx: &mut Tx, union_id: UnionId) -> Result<Vec<Transfer>> {
    crate::counted(async move {
        let sql = format!(
            "SELECT {TRANSFER_COLUMNS} FROM member_transfers WHERE union_id = $1 \
             ORDER BY requested_at DESC LIMIT {TRANSFER_LIST}"
        );
        let mut out: Vec<Transfer> =
            on!(tx, c => sqlx::query_as::<_, Transfer>(&sql).bind(union_id.0).fetch_all(c).await)?;
        let sql = format!(
            "SELECT from_union_id, transfer_id FROM member_transfer_inbox WHERE union_id = $1 \
             ORDER BY requested_at DESC LIMIT {TRANSFER_LIST}"
        );
        let inbox: Vec<(Uuid, Uuid)> =
            on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_all(c).await)?;
        for (from, id) in inbox {
            let sql =
                format!("SELECT {TRANSFER_COLUMNS} FROM member_transfers WHERE union_id = $1 AND id = $2");
            let t: Option<Transfer> =
                on!(tx, c => sqlx::query_as(&sql).bind(from).bind(id).fetch_optional(c).await)?;
            out.extend(t);
        }
        out.sort_by(|a, b| b.requested_at.cmp(&a.requested_at).then(b.id.cmp(&a.id)));
        out.truncate(TRANSFER_LIST);
        Ok(out)
    })
    .await
}

/// Transfers awaiting a decision out of any union in the given subtrees
/// (or anywhere, for a global scope), oldest first.
#[tracing::instrument(level = "debug", name = "member::pending_transfers", skip_all, fields(rows = tracing::field::Empty))]
pub async fn pending_transfers(tx: &mut Tx, roots: &[String], global: bool) -> Result<Vec<Transfer>> {
    crate::counted(async move {
        let (conds, binds) = crate::org::scope_condition("o.path", roots, global);
        let cols: String =
            TRANSFER_COLUMNS.split(", ").map(|c| format!("t.{c}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT {cols} FROM member_transfers t JOIN orgs o ON o.id = t.union_id \
             WHERE t.status = 'requested' AND {} ORDER BY t.requested_at LIMIT 500",
            conds.join(" AND ")
        );
        on!(tx, c => {
            let mut q = sqlx::query_as::<_, Transfer>(&sql);
            for b in &binds { q = b.bind_as(q); }
            q.fetch_all(c).await
        })
    })
    .await
}

#[allow(clippy::too_many_arguments)]
#[tracing::instrument(level = "debug", name = "member::decide_transfer", skip_all, fields(union = %union_id))]
pub async fn decide_transfer(
    tx: &mut Tx,
    union_id: UnionId,
    id: Uuid,
    status: &str,
    reason: Option<&str>,
    by: &str,
    at: DateTime<Utc>,
    to_member_id: Option<Uuid>,
) -> Result<bool> {
    // Only a request still waiting: of two deciders racing, one wins.
    let sql = "UPDATE member_transfers SET status = $2, reason = $3, decided_by = $4, decided_at = $5, \
        to_member_id = $6 WHERE union_id = $7 AND id = $1 AND status = 'requested'";
    let n = exec!(
        tx,
        sqlx::query(sql)
            .bind(id)
            .bind(status)
            .bind(reason)
            .bind(by)
            .bind(at)
            .bind(to_member_id)
            .bind(union_id.0)
    )?;
    Ok(n == 1)
}

/// Groups of members (not merged) sharing an ID hash or a mobile in a union:
/// (kind, key, member ids).
#[tracing::instrument(level = "debug", name = "member::duplicates", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn duplicates(tx: &mut Tx, union_id: UnionId) -> Result<Vec<(String, Vec<Uuid>)>> {
    crate::counted(async move {
        let mut out = Vec::new();
        for (kind, col) in [("id", "id_hash"), ("mobile", "mobile")] {
            let sql = format!(
                "SELECT {col}, id FROM members WHERE union_id = $1 AND status <> 'merged' AND {col} IS NOT NULL \
                 AND {col} IN (SELECT {col} FROM members WHERE union_id = $1 AND status <> 'merged' \
                 GROUP BY {col} HAVING COUNT(*) > 1) ORDER BY {col}, created_at"
            );
            let rows: Vec<(String, Uuid)> =
                on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_all(c).await)?;
            let mut current: Option<(String, Vec<Uuid>)> = None;
            for (key, id) in rows {
                match &mut current {
                    Some((k, ids)) if *k == key => ids.push(id),
                    _ => {
                        if let Some((_, ids)) = current.take() {
                            out.push((kind.to_owned(), ids));
                        }
                        current = Some((key, vec![id]));
                    }
                }
            }
            if let Some((_, ids)) = current {
                out.push((kind.to_owned(), ids));
            }
        }
        Ok(out)
    })
    .await
}
