//! Orgs (the tree) and union committees.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

pub use domain::org::OrgFields;

use crate::{Arg, Page, Result, Tx, exec, on};
use domain::UnionId;

#[derive(Debug, Clone, FromRow)]
pub struct Org {
    pub id: Uuid,
    pub kind: String,
    pub parent_id: Option<Uuid>,
    pub union_id: Option<Uuid>,
    pub path: String,
    pub name: String,
    pub credit_code: Option<String>,
    pub employer_name: Option<String>,
    pub employer_type: Option<String>,
    pub staff_count: Option<i64>,
    pub founded_on: Option<NaiveDate>,
    pub bank_account: Option<String>,
    pub star_rating: Option<i64>,
    pub honours: Option<String>,
    pub archived_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, kind, parent_id, union_id, path, name, credit_code, employer_name, \
    employer_type, staff_count, founded_on, bank_account, star_rating, honours, archived_at, \
    created_at, updated_at";

#[allow(clippy::too_many_arguments)]
#[tracing::instrument(level = "debug", name = "org::insert", skip_all)]
pub async fn insert(
    tx: &mut Tx,
    id: Uuid,
    kind: &str,
    parent_id: Option<Uuid>,
    union_id: Option<Uuid>,
    path: &str,
    f: &OrgFields,
    now: DateTime<Utc>,
) -> Result<()> {
    let sql = "INSERT INTO orgs (id, kind, parent_id, union_id, path, name, credit_code, \
        employer_name, employer_type, staff_count, founded_on, bank_account, star_rating, \
        honours, created_at, updated_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(id)
            .bind(kind)
            .bind(parent_id)
            .bind(union_id)
            .bind(path)
            .bind(&f.name)
            .bind(&f.credit_code)
            .bind(&f.employer_name)
            .bind(&f.employer_type)
            .bind(f.staff_count)
            .bind(f.founded_on)
            .bind(&f.bank_account)
            .bind(f.star_rating)
            .bind(&f.honours)
            .bind(now)
    )?;
    // A union or federation gets its (empty) audit chain with it, so that a
    // chain deleted whole is noticed: every registered one has a head.
    if kind != "group" {
        crate::audit::open_chain(tx, domain::UnionId(id)).await?;
    }
    Ok(())
}

#[tracing::instrument(level = "debug", name = "org::get", skip_all, fields(rows = tracing::field::Empty))]
pub async fn get(tx: &mut Tx, id: Uuid) -> Result<Option<Org>> {
    crate::counted(async move {
        let sql = format!("SELECT {COLUMNS} FROM orgs WHERE id = $1");
        on!(tx, c => sqlx::query_as::<_, Org>(&sql).bind(id).fetch_optional(c).await)
    })
    .await
}

/// The path of an org, the one fact authorization needs.
#[tracing::instrument(level = "debug", name = "org::path_of", skip_all, fields(rows = tracing::field::Empty))]
pub async fn path_of(tx: &mut Tx, id: Uuid) -> Result<Option<String>> {
    crate::counted(async move {
        let sql = "SELECT path FROM orgs WHERE id = $1";
        on!(tx, c => sqlx::query_scalar(sql).bind(id).fetch_optional(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "org::update", skip_all)]
pub async fn update(tx: &mut Tx, id: Uuid, f: &OrgFields, now: DateTime<Utc>) -> Result<()> {
    let sql = "UPDATE orgs SET name = $2, credit_code = $3, employer_name = $4, \
        employer_type = $5, staff_count = $6, founded_on = $7, bank_account = $8, \
        star_rating = $9, honours = $10, updated_at = $11 WHERE id = $1";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(id)
            .bind(&f.name)
            .bind(&f.credit_code)
            .bind(&f.employer_name)
            .bind(&f.employer_type)
            .bind(f.staff_count)
            .bind(f.founded_on)
            .bind(&f.bank_account)
            .bind(f.star_rating)
            .bind(&f.honours)
            .bind(now)
    )?;
    Ok(())
}

/// Moves a node and its subtree under a new parent by rewriting the path
/// prefix of every node in the subtree: one statement, one index range.
#[tracing::instrument(level = "debug", name = "org::move_subtree", skip_all)]
pub async fn move_subtree(
    tx: &mut Tx,
    id: Uuid,
    new_parent: Uuid,
    old_path: &str,
    new_path: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let upper = domain::org::subtree_upper_bound(old_path);
    let sql = "UPDATE orgs SET path = $1 || substr(path, CAST($2 AS INTEGER)), updated_at = $3 \
        WHERE path >= $4 AND path < $5";
    let from = old_path.chars().count() as i64 + 1;
    exec!(tx, sqlx::query(sql).bind(new_path).bind(from).bind(now).bind(old_path).bind(&upper))?;
    let sql = "UPDATE orgs SET parent_id = $2 WHERE id = $1";
    exec!(tx, sqlx::query(sql).bind(id).bind(new_parent))?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "org::set_archived", skip_all)]
pub async fn set_archived(
    tx: &mut Tx,
    id: Uuid,
    archived_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<()> {
    let sql = "UPDATE orgs SET archived_at = $2, updated_at = $3 WHERE id = $1";
    exec!(tx, sqlx::query(sql).bind(id).bind(archived_at).bind(now))?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "org::count_active_children", skip_all)]
pub async fn count_active_children(tx: &mut Tx, id: Uuid) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM orgs WHERE parent_id = $1 AND archived_at IS NULL";
    on!(tx, c => sqlx::query_scalar(sql).bind(id).fetch_one(c).await)
}

#[tracing::instrument(level = "debug", name = "org::credit_code_owner", skip_all, fields(rows = tracing::field::Empty))]
pub async fn credit_code_owner(tx: &mut Tx, code: &str) -> Result<Option<Uuid>> {
    crate::counted(async move {
        let sql = "SELECT id FROM orgs WHERE credit_code = $1";
        on!(tx, c => sqlx::query_scalar(sql).bind(code).fetch_optional(c).await)
    })
    .await
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct OrgFilter {
    pub q: Option<String>,
    pub kind: Option<String>,
    pub parent_id: Option<Uuid>,
    pub include_archived: bool,
}

/// A condition "path lies in one of these subtrees" with its bind values,
/// numbered from `first`. An empty list of roots matches nothing.
pub fn subtree_condition(column: &str, roots: &[String], first: usize) -> (String, Vec<Arg>) {
    if roots.is_empty() {
        return ("1 = 0".to_owned(), Vec::new());
    }
    let mut parts = Vec::new();
    let mut binds = Vec::new();
    for (i, root) in roots.iter().enumerate() {
        let n = first + 2 * i;
        parts.push(format!("({column} >= ${n} AND {column} < ${})", n + 1));
        binds.push(Arg::Text(root.clone()));
        binds.push(Arg::Text(domain::org::subtree_upper_bound(root)));
    }
    (format!("({})", parts.join(" OR ")), binds)
}

/// The conditions (and their binds, numbered from 1) that limit a query to a
/// scope: everything for a global scope, else the given subtrees.
pub fn scope_condition(column: &str, roots: &[String], global: bool) -> (Vec<String>, Vec<Arg>) {
    if global {
        return (vec!["1 = 1".to_owned()], Vec::new());
    }
    let (cond, binds) = subtree_condition(column, roots, 1);
    (vec![cond], binds)
}

/// The unions inside a subtree (archived ones too: their books still
/// count), for work done union by union.
#[tracing::instrument(level = "debug", name = "org::unions_in_subtree", skip_all, fields(rows = tracing::field::Empty))]
pub async fn unions_in_subtree(tx: &mut Tx, root: &str) -> Result<Vec<Uuid>> {
    crate::counted(async move {
        let sql = "SELECT id FROM orgs WHERE path >= $1 AND path < $2 AND kind = 'union' ORDER BY path";
        let upper = domain::org::subtree_upper_bound(root);
        on!(tx, c => sqlx::query_scalar(sql).bind(root).bind(&upper).fetch_all(c).await)
    })
    .await
}

/// Lists the orgs inside the given subtrees (paths), in tree order.
#[tracing::instrument(level = "debug", name = "org::list", skip_all, fields(rows = tracing::field::Empty))]
pub async fn list(tx: &mut Tx, roots: &[String], filter: &OrgFilter, page: Page) -> Result<(Vec<Org>, i64)> {
    crate::counted(async move {
        let (scope, mut binds) = subtree_condition("path", roots, 1);
        let mut conds = vec![scope];
        if let Some(q) = filter.q.as_deref().filter(|q| !q.is_empty()) {
            binds.push(Arg::Text(format!("%{}%", q.to_lowercase())));
            let n = binds.len();
            conds.push(format!("(lower(name) LIKE ${n} OR lower(credit_code) LIKE ${n})"));
        }
        if let Some(kind) = &filter.kind {
            binds.push(Arg::Text(kind.clone()));
            conds.push(format!("kind = ${}", binds.len()));
        }
        if let Some(parent) = filter.parent_id {
            binds.push(Arg::Id(parent));
            conds.push(format!("parent_id = ${}", binds.len()));
        }
        if !filter.include_archived {
            conds.push("archived_at IS NULL".to_owned());
        }
        let from_where = format!("FROM orgs WHERE {}", conds.join(" AND "));
        crate::paged(tx, COLUMNS, &from_where, "path", &binds, page).await
    })
    .await
}

/// The ancestors of a path and the node itself, root first (breadcrumbs).
#[tracing::instrument(level = "debug", name = "org::ancestors", skip_all, fields(rows = tracing::field::Empty))]
pub async fn ancestors(tx: &mut Tx, path: &str) -> Result<Vec<(Uuid, String)>> {
    crate::counted(async move {
        let ids: Vec<Uuid> =
            path.trim_matches('/').split('/').filter_map(|s| Uuid::parse_str(s).ok()).collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!("SELECT id, name FROM orgs WHERE id IN ({})", placeholders.join(", "));
        let rows: Vec<(Uuid, String)> = on!(tx, c => {
            let mut q = sqlx::query_as(&sql);
            for id in &ids { q = q.bind(*id); }
            q.fetch_all(c).await
        })?;
        // Back into path order.
        Ok(ids.iter().filter_map(|id| rows.iter().find(|(r, _)| r == id).cloned()).collect())
    })
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct CommitteeTerm {
    pub union_id: Uuid,
    pub id: Uuid,
    pub number: i64,
    pub starts_on: NaiveDate,
    pub years: i64,
    pub ends_on: NaiveDate,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, FromRow)]
pub struct CommitteePost {
    pub union_id: Uuid,
    pub id: Uuid,
    pub term_id: Uuid,
    pub post: String,
    pub person_name: String,
    /// Held full-time (专职) rather than beside a job (兼职): the annual
    /// statistics count union staff both ways.
    pub full_time: bool,
    pub created_at: DateTime<Utc>,
}

#[tracing::instrument(level = "debug", name = "org::terms", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn terms(tx: &mut Tx, union_id: UnionId) -> Result<Vec<CommitteeTerm>> {
    crate::counted(async move {
        let sql = "SELECT union_id, id, number, starts_on, years, ends_on, created_at \
            FROM committee_terms WHERE union_id = $1 ORDER BY number DESC";
        on!(tx, c => sqlx::query_as::<_, CommitteeTerm>(sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "org::insert_term", skip_all)]
pub async fn insert_term(tx: &mut Tx, t: &CommitteeTerm) -> Result<()> {
    let sql = "INSERT INTO committee_terms (union_id, id, number, starts_on, years, ends_on, \
        created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(t.union_id)
            .bind(t.id)
            .bind(t.number)
            .bind(t.starts_on)
            .bind(t.years)
            .bind(t.ends_on)
            .bind(t.created_at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "org::posts", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn posts(tx: &mut Tx, union_id: UnionId) -> Result<Vec<CommitteePost>> {
    crate::counted(async move {
        let sql = "SELECT union_id, id, term_id, post, person_name, full_time, created_at \
            FROM committee_posts WHERE union_id = $1 ORDER BY created_at";
        on!(tx, c => sqlx::query_as::<_, CommitteePost>(sql).bind(union_id.0).fetch_all(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "org::get_post", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn get_post(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<CommitteePost>> {
    crate::counted(async move {
        let sql = "SELECT union_id, id, term_id, post, person_name, full_time, created_at \
            FROM committee_posts WHERE union_id = $1 AND id = $2";
        on!(tx, c => sqlx::query_as::<_, CommitteePost>(sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

#[tracing::instrument(level = "debug", name = "org::insert_post", skip_all)]
pub async fn insert_post(tx: &mut Tx, p: &CommitteePost) -> Result<()> {
    let sql = "INSERT INTO committee_posts (union_id, id, term_id, post, person_name, full_time, created_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7)";
    exec!(
        tx,
        sqlx::query(sql)
            .bind(p.union_id)
            .bind(p.id)
            .bind(p.term_id)
            .bind(&p.post)
            .bind(&p.person_name)
            .bind(p.full_time)
            .bind(p.created_at)
    )?;
    Ok(())
}

#[tracing::instrument(level = "debug", name = "org::delete_post", skip_all, fields(union = %union_id))]
pub async fn delete_post(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<()> {
    let sql = "DELETE FROM committee_posts WHERE union_id = $1 AND id = $2";
    exec!(tx, sqlx::query(sql).bind(union_id.0).bind(id))?;
    Ok(())
}

/// The newest term of each union in the given subtrees that ends on or before
/// `by` (the 换届提醒 list), soonest first.
#[tracing::instrument(level = "debug", name = "org::terms_ending_by", skip_all, fields(rows = tracing::field::Empty))]
pub async fn terms_ending_by(
    tx: &mut Tx,
    roots: &[String],
    by: NaiveDate,
) -> Result<Vec<(Uuid, String, i64, NaiveDate)>> {
    crate::counted(async move {
        let (scope, binds) = subtree_condition("o.path", roots, 2);
        let sql = format!(
            "SELECT o.id, o.name, t.number, t.ends_on FROM committee_terms t \
             JOIN orgs o ON o.id = t.union_id \
             WHERE t.ends_on <= $1 AND o.archived_at IS NULL AND {scope} \
               AND t.number = (SELECT MAX(t2.number) FROM committee_terms t2 WHERE t2.union_id = t.union_id) \
             ORDER BY t.ends_on LIMIT 50"
        );
        on!(tx, c => {
            let mut q = sqlx::query_as::<_, (Uuid, String, i64, NaiveDate)>(&sql).bind(by);
            for b in &binds { q = b.bind_as(q); }
            q.fetch_all(c).await
        })
    })
    .await
}
