//! The employer register (企业名录): its tenant is the org keeping it
//! (`employers.union_id`, usually a federation); `covered_by_union_id`
//! names the union covering an employer. Imports write many rows per
//! statement, so 20,000 rows are a few dozen statements.

use chrono::{DateTime, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Arg, Page, Result, Tx, exec, on};
use domain::UnionId;

/// One row of `employers`, with the covering union's name.
#[derive(Debug, Clone, FromRow)]
pub struct Employer {
    /// The org keeping the register.
    pub union_id: Uuid,
    pub id: Uuid,
    pub credit_code: String,
    pub name: String,
    /// `domain::rights::employer::Ownership::as_str`.
    pub ownership: String,
    pub staff: i64,
    pub women: i64,
    pub migrant_workers: i64,
    pub covered_by_union_id: Option<Uuid>,
    /// The covering union's name (read only: from `orgs`).
    #[sqlx(default)]
    pub covered_by_name: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLS: &str = "union_id, id, credit_code, name, ownership, staff, women, migrant_workers, \
    covered_by_union_id, created_by, created_at, updated_at";
const NCOLS: usize = 12;

/// The columns read, with the covering union's name.
const READ: &str = "e.union_id, e.id, e.credit_code, e.name, e.ownership, e.staff, e.women, e.migrant_workers, \
    e.covered_by_union_id, o.name AS covered_by_name, e.created_by, e.created_at, e.updated_at";
const FROM: &str = "FROM employers e LEFT JOIN orgs o ON o.id = e.covered_by_union_id";

/// Rows per INSERT: 12 binds each, well under both engines' limits.
const BATCH: usize = 1000;

/// Inserts new rows and registers their ids in the union directory (routes
/// name an employer alone), in the caller's transaction.
#[tracing::instrument(level = "debug", name = "employer::insert_many", skip_all, fields(union = %register, rows = rows.len()))]
pub async fn insert_many(tx: &mut Tx, register: UnionId, rows: &[Employer]) -> Result<()> {
    for chunk in rows.chunks(BATCH) {
        let sql = format!("INSERT INTO employers ({COLS}) VALUES {}", tx.values_list(chunk.len(), NCOLS, 1));
        exec!(tx, binds(sqlx::query(&sql), register, chunk))?;
        let sql = format!(
            "INSERT INTO union_directory (id, kind, owner_union_id) VALUES {}",
            tx.values_list(chunk.len(), 3, 1)
        );
        exec!(tx, {
            let mut q = sqlx::query(&sql);
            for e in chunk {
                q = q.bind(e.id).bind(crate::directory::EMPLOYER).bind(register.0);
            }
            q
        })?;
    }
    Ok(())
}

/// Writes the fields of existing rows (matched by id; `created_*` kept),
/// many rows per statement.
#[tracing::instrument(level = "debug", name = "employer::update_many", skip_all, fields(union = %register, rows = rows.len()))]
pub async fn update_many(tx: &mut Tx, register: UnionId, rows: &[Employer]) -> Result<()> {
    for chunk in rows.chunks(BATCH) {
        let sql = format!(
            "INSERT INTO employers ({COLS}) VALUES {} ON CONFLICT (union_id, id) DO UPDATE SET \
             credit_code = excluded.credit_code, name = excluded.name, ownership = excluded.ownership, \
             staff = excluded.staff, women = excluded.women, migrant_workers = excluded.migrant_workers, \
             covered_by_union_id = excluded.covered_by_union_id, updated_at = excluded.updated_at",
            tx.values_list(chunk.len(), NCOLS, 1)
        );
        exec!(tx, binds(sqlx::query(&sql), register, chunk))?;
    }
    Ok(())
}

fn binds<'q, DB>(
    mut q: sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>,
    register: UnionId,
    rows: &'q [Employer],
) -> sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>
where
    DB: sqlx::Database,
    Uuid: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Option<Uuid>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    DateTime<Utc>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    for e in rows {
        q = q
            .bind(register.0)
            .bind(e.id)
            .bind(&e.credit_code)
            .bind(&e.name)
            .bind(&e.ownership)
            .bind(e.staff)
            .bind(e.women)
            .bind(e.migrant_workers)
            .bind(e.covered_by_union_id)
            .bind(&e.created_by)
            .bind(e.created_at)
            .bind(e.updated_at);
    }
    q
}

/// One employer of the register.
#[tracing::instrument(level = "debug", name = "employer::get", skip_all, fields(union = %register, rows = tracing::field::Empty))]
pub async fn get(tx: &mut Tx, register: UnionId, id: Uuid) -> Result<Option<Employer>> {
    crate::counted(async move {
        let sql = format!("SELECT {READ} {FROM} WHERE e.union_id = $1 AND e.id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(register.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// The id of the register's employer with this (normalised) credit code.
#[tracing::instrument(level = "debug", name = "employer::by_credit_code", skip_all, fields(union = %register))]
pub async fn by_credit_code(tx: &mut Tx, register: UnionId, code: &str) -> Result<Option<Uuid>> {
    on!(tx, c => sqlx::query_scalar("SELECT id FROM employers WHERE union_id = $1 AND credit_code = $2")
        .bind(register.0).bind(code).fetch_optional(c).await)
}

/// A registered credit code: (code, id, created at, created by).
pub type Registered = (String, Uuid, DateTime<Utc>, String);

/// Every credit code of the register with its row: an import looks its
/// rows up here, not one query per row.
#[tracing::instrument(level = "debug", name = "employer::codes", skip_all, fields(union = %register, rows = tracing::field::Empty))]
pub async fn codes(tx: &mut Tx, register: UnionId) -> Result<Vec<Registered>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as("SELECT credit_code, id, created_at, created_by FROM employers WHERE union_id = $1")
            .bind(register.0).fetch_all(c).await)
    })
    .await
}

/// Which employers of a register a list shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// `Ownership::as_str`.
    pub ownership: Option<String>,
    /// Covered by this union.
    pub covered_by: Option<Uuid>,
    /// Only those with at least this many staff and no covering union (未建会).
    pub unionless_from: Option<i64>,
    /// Part of the name or the credit code.
    pub q: Option<String>,
}

fn condition(register: UnionId, f: &Filter) -> (String, Vec<Arg>) {
    let mut sql = format!("{FROM} WHERE e.union_id = $1");
    let mut args = vec![Arg::Id(register.0)];
    if let Some(o) = &f.ownership {
        args.push(Arg::Text(o.clone()));
        sql.push_str(&format!(" AND e.ownership = ${}", args.len()));
    }
    if let Some(u) = f.covered_by {
        args.push(Arg::Id(u));
        sql.push_str(&format!(" AND e.covered_by_union_id = ${}", args.len()));
    }
    if let Some(n) = f.unionless_from {
        // An integer of ours, not the client's text.
        sql.push_str(&format!(" AND e.covered_by_union_id IS NULL AND e.staff >= {n}"));
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let escaped: String = q
            .chars()
            .flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] })
            .collect();
        args.push(Arg::Text(format!("%{escaped}%")));
        let n = args.len();
        sql.push_str(&format!(" AND (e.name LIKE ${n} ESCAPE '\\' OR e.credit_code LIKE ${n} ESCAPE '\\')"));
    }
    (sql, args)
}

/// A page of the register in name order, with the total.
#[tracing::instrument(level = "debug", name = "employer::list", skip_all, fields(union = %register, rows = tracing::field::Empty))]
pub async fn list(tx: &mut Tx, register: UnionId, f: &Filter, page: Page) -> Result<(Vec<Employer>, i64)> {
    crate::counted(async move {
        let (from_where, args) = condition(register, f);
        crate::paged(tx, READ, &from_where, "e.name, e.id", &args, page).await
    })
    .await
}

/// The whole filtered register in name order (export and print).
#[tracing::instrument(level = "debug", name = "employer::all", skip_all, fields(union = %register, rows = tracing::field::Empty))]
pub async fn all(tx: &mut Tx, register: UnionId, f: &Filter) -> Result<Vec<Employer>> {
    crate::counted(async move {
        let (from_where, args) = condition(register, f);
        let sql = format!("SELECT {READ} {from_where} ORDER BY e.name, e.id");
        on!(tx, c => {
            let mut q = sqlx::query_as::<_, Employer>(&sql);
            for a in &args { q = a.bind_as(q); }
            q.fetch_all(c).await
        })
    })
    .await
}

/// The register's counts: (employers, staff, those with at least
/// `required` staff, of which covered by a union).
#[tracing::instrument(level = "debug", name = "employer::summary", skip_all, fields(union = %register))]
pub async fn summary(tx: &mut Tx, register: UnionId, required: i64) -> Result<(i64, i64, i64, i64)> {
    on!(tx, c => sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(staff), 0) AS BIGINT), \
        CAST(COALESCE(SUM(CASE WHEN staff >= $2 THEN 1 ELSE 0 END), 0) AS BIGINT), \
        CAST(COALESCE(SUM(CASE WHEN staff >= $2 AND covered_by_union_id IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) \
        FROM employers WHERE union_id = $1")
        .bind(register.0).bind(required).fetch_one(c).await)
}

/// A union of the tree: id, name, credit code.
pub type UnionRef = (Uuid, String, Option<String>);

/// The unions (kind union, not archived) in the subtree at `root_path`:
/// those an employer of that register may be covered by. `orgs` is a
/// reference table, so this reads no tenant.
#[tracing::instrument(level = "debug", name = "employer::unions_under", skip_all, fields(rows = tracing::field::Empty))]
pub async fn unions_under(tx: &mut Tx, root_path: &str) -> Result<Vec<UnionRef>> {
    crate::counted(async move {
        let upper = domain::org::subtree_upper_bound(root_path);
        on!(tx, c => sqlx::query_as("SELECT id, name, credit_code FROM orgs WHERE kind = 'union' \
            AND archived_at IS NULL AND path >= $1 AND path < $2 ORDER BY name, id")
            .bind(root_path).bind(&upper).fetch_all(c).await)
    })
    .await
}
