//! Hash-partitioned PostgreSQL: the post-migration step that turns every
//! tenant table into `PARTITION BY HASH (union_id)`.
//!
//! A stand-in for Citus on one server, so that CI proves the schema obeys
//! the rules of a distributed engine: every primary and unique key of a
//! partitioned table must contain the partition key, as on Citus. Selected
//! by a setting (`--partitioned`, GONGHUI_PARTITIONED=1); a database that
//! ran it once keeps running it on every start, so tables that later
//! migrations add are partitioned too.
//!
//! The SQL lives in `migrations/partitioned/`, checksummed and append-only
//! like the migrations (its lines are in `migrations/CHECKSUMS`); the
//! applied files are recorded in `_gonghui_partition_steps` and a changed
//! or missing one stops the start, as sqlx does for migrations.

use sqlx::PgPool;
use sqlx::migrate::MigrateError;

pub(crate) static STEPS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/partitioned");

/// Partitions per tenant table.
pub const PARTITIONS: i32 = 8;

/// The ledger of applied step files; its existence marks a database as
/// partitioned.
const LEDGER: &str = "_gonghui_partition_steps";

/// An arbitrary advisory-lock key: two servers starting at once on one
/// database convert each table once, one after the other.
const LOCK_KEY: i64 = 0x6768_7061_7274; // "ghpart"

/// Whether the database has been partitioned (the step ran on it once).
#[tracing::instrument(level = "debug", name = "partition::recorded", skip_all)]
pub async fn recorded(pool: &PgPool) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT to_regclass($1) IS NOT NULL").bind(LEDGER).fetch_one(pool).await
}

/// Applies the step files not yet applied, then converts every tenant
/// table not yet partitioned; answers the tables converted now. One
/// transaction: a table that cannot be partitioned (a unique key without
/// union_id) fails the whole step, naming the table and the key, and
/// leaves the schema as it was.
#[tracing::instrument(level = "debug", name = "partition::run", skip_all)]
pub async fn run(pool: &PgPool) -> Result<Vec<String>, MigrateError> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(LOCK_KEY).execute(&mut *tx).await?;
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS _gonghui_partition_steps (
            version BIGINT PRIMARY KEY,
            description TEXT NOT NULL,
            checksum BYTEA NOT NULL,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    )
    .execute(&mut *tx)
    .await?;
    let applied: Vec<(i64, Vec<u8>)> =
        sqlx::query_as("SELECT version, checksum FROM _gonghui_partition_steps ORDER BY version")
            .fetch_all(&mut *tx)
            .await?;
    for (version, checksum) in &applied {
        match STEPS.iter().find(|s| s.version == *version) {
            None => return Err(MigrateError::VersionMissing(*version)),
            Some(s) if *s.checksum != checksum[..] => return Err(MigrateError::VersionMismatch(*version)),
            Some(_) => {}
        }
    }
    for step in STEPS.iter().filter(|s| !applied.iter().any(|(v, _)| *v == s.version)) {
        sqlx::raw_sql(&step.sql)
            .execute(&mut *tx)
            .await
            .map_err(|e| MigrateError::ExecuteMigration(e, step.version))?;
        sqlx::query(
            "INSERT INTO _gonghui_partition_steps (version, description, checksum) VALUES ($1, $2, $3)",
        )
        .bind(step.version)
        .bind(&*step.description)
        .bind(&*step.checksum)
        .execute(&mut *tx)
        .await?;
    }
    // The procedure can leave tables out; gonghui leaves none: every tenant
    // table is keyed by union first and partitions.
    let skip: Vec<String> = Vec::new();
    sqlx::query("CALL gonghui_partition_by_union($1, $2)")
        .bind(PARTITIONS)
        .bind(&skip)
        .execute(&mut *tx)
        .await?;
    // now() is the transaction's start: the rows this run wrote.
    let converted: Vec<String> = sqlx::query_scalar(
        "SELECT table_name FROM _gonghui_partitioned WHERE partitioned_at = now() ORDER BY table_name",
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(converted)
}
