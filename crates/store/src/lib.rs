//! gonghui's data layer.
//!
//! One [`Db`] over SQLite or PostgreSQL, chosen by the URL. Every repository
//! function takes a [`Tx`] and runs the same SQL on either engine through the
//! [`on!`] macro; where the engines must differ, both versions stand side by
//! side in one function. No `sqlx::Any`: each engine keeps its own types.

pub mod activity;
pub mod audit;
pub mod auth;
pub mod care;
pub mod democracy;
pub mod directory;
pub mod disclosure;
pub mod dues;
pub mod finance;
pub mod me;
pub mod member;
pub mod org;
pub mod partition;
pub mod plan;
pub mod proposal;
pub mod recognition;
pub mod registry;
pub mod rights;
pub mod todo;

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::pool::PoolOptions;
use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

pub use sqlx::Error;
pub type Result<T, E = Error> = std::result::Result<T, E>;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static PG_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// A connection pool to one of the two engines.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

/// An open transaction. Dropping it without [`Tx::commit`] rolls back, so a
/// failed request writes nothing. The [`Held`] mark counts it as a
/// connection its task holds (see [`one_connection_at_a_time`]).
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>, Held),
    Pg(Transaction<'static, Postgres>, Held),
}

/// Runs `$body` with `$c` bound to the transaction's connection, once per
/// engine; the body is the same SQL for both.
#[macro_export]
macro_rules! on {
    ($tx:expr, $c:ident => $body:expr) => {
        match $tx {
            $crate::Tx::Sqlite(t, _) => {
                let $c = &mut **t;
                $body
            }
            $crate::Tx::Pg(t, _) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}

/// Runs a statement that returns no rows on the transaction; yields the
/// number of rows it touched.
#[macro_export]
macro_rules! exec {
    ($tx:expr, $q:expr) => {
        $crate::on!($tx, conn => $q.execute(conn).await.map(|r| r.rows_affected()))
    };
}

/// How many connections a pool keeps at most, per engine, unless told.
pub const DEFAULT_POOL_SQLITE: u32 = 8;
pub const DEFAULT_POOL_PG: u32 = 16;

/// Pool settings: every connection goes back clean. A transaction that
/// failed half-way (a full disk, a lost connection) may leave the driver
/// believing it is still inside one, and every later `BEGIN` on that
/// connection would fail; such a connection is closed on release instead of
/// being handed to the next request.
fn pool_options<DB: sqlx::Database>(max: u32, acquire: Duration) -> PoolOptions<DB> {
    PoolOptions::new().max_connections(max.max(1)).acquire_timeout(acquire).after_release(|conn, _| {
        Box::pin(async move {
            // Flushes the rollback a dropped transaction queued, so that the
            // depth read below is final.
            sqlx::Connection::ping(conn).await?;
            let clean = !sqlx::Connection::is_in_transaction(conn);
            if !clean {
                tracing::warn!("a connection came back inside a transaction; it is closed");
            }
            Ok(clean)
        })
    })
}

impl Db {
    /// Connects by URL: `sqlite://path/file.db` (the folder is created) or
    /// `postgres://…`, with the default pool size.
    pub async fn connect(url: &str) -> Result<Db> {
        Self::connect_with(url, None).await
    }

    /// Connects with at most `pool` connections (None: the engine's default).
    /// A pool of one is how the tests prove that no request holds a
    /// connection while it acquires another: such a request would wait for
    /// itself.
    pub async fn connect_with(url: &str, pool: Option<u32>) -> Result<Db> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)?;
            let pool = pool_options(pool.unwrap_or(DEFAULT_POOL_PG), Duration::from_secs(5))
                .connect_with(opts)
                .await?;
            Ok(Db::Pg(pool))
        } else if url.starts_with("sqlite:") {
            if let Some(dir) = sqlite_file(url).and_then(|f| f.parent().map(Path::to_path_buf))
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(&dir).map_err(Error::Io)?;
            }
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                // 32 MiB of page cache per connection instead of 2: rosters
                // of tens of thousands and their indexes stay in memory.
                .pragma("cache_size", "-32768");
            let pool = pool_options(pool.unwrap_or(DEFAULT_POOL_SQLITE), Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Ok(Db::Sqlite(pool))
        } else {
            Err(Error::Configuration(
                format!("数据库地址应以 sqlite:// 或 postgres:// 开头: {}", redact_url(url)).into(),
            ))
        }
    }

    /// How many connections the pool keeps at most.
    pub fn pool_size(&self) -> u32 {
        match self {
            Db::Sqlite(p) => p.options().get_max_connections(),
            Db::Pg(p) => p.options().get_max_connections(),
        }
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Pg(_) => "postgres",
        }
    }

    /// Brings the schema up to date. A PostgreSQL database that was
    /// partitioned once (see [`partition`]) stays partitioned.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        self.migrate_with(false).await
    }

    /// As [`Db::migrate`]; with `partitioned`, then turns every tenant table
    /// into `PARTITION BY HASH (union_id)` (PostgreSQL only).
    pub async fn migrate_with(&self, partitioned: bool) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Db::Sqlite(_) if partitioned => Err(sqlx::migrate::MigrateError::Source(
                "按工会分区（--partitioned）仅适用于 PostgreSQL".into(),
            )),
            Db::Sqlite(p) => SQLITE_MIGRATIONS.run(p).await,
            Db::Pg(p) => {
                PG_MIGRATIONS.run(p).await?;
                if partitioned || partition::recorded(p).await? {
                    let converted = partition::run(p).await?;
                    if !converted.is_empty() {
                        tracing::info!(tables = ?converted, "tenant tables partitioned by union_id");
                    }
                }
                Ok(())
            }
        }
    }

    /// A transaction for reading (and for writes that cannot conflict).
    pub async fn read(&self) -> Result<Tx> {
        let held = Held::take();
        Ok(match self {
            Db::Sqlite(p) => Tx::Sqlite(p.begin().await?, held),
            Db::Pg(p) => Tx::Pg(p.begin().await?, held),
        })
    }

    /// A transaction for writing. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so two writers queue instead of one failing with
    /// SQLITE_BUSY half-way.
    pub async fn write(&self) -> Result<Tx> {
        let held = Held::take();
        Ok(match self {
            Db::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?, held),
            Db::Pg(p) => Tx::Pg(p.begin().await?, held),
        })
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        let r = match self {
            Db::Sqlite(p) => sqlx::query("SELECT 1").execute(p).await.map(|_| ()),
            Db::Pg(p) => sqlx::query("SELECT 1").execute(p).await.map(|_| ()),
        };
        r.is_ok()
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(p) => p.close().await,
            Db::Pg(p) => p.close().await,
        }
    }

    /// Writes a consistent copy of an SQLite database to `dest` while it
    /// serves (VACUUM INTO). PostgreSQL is backed up with pg_dump.
    pub async fn backup_sqlite(&self, dest: &Path) -> Result<bool> {
        match self {
            Db::Sqlite(p) => {
                sqlx::query("VACUUM INTO $1").bind(dest.to_string_lossy().into_owned()).execute(p).await?;
                Ok(true)
            }
            Db::Pg(_) => Ok(false),
        }
    }

    /// The names of the applied migrations' versions, for checks and `migrate`.
    pub async fn applied_migrations(&self) -> Result<Vec<i64>> {
        let sql = "SELECT version FROM _sqlx_migrations WHERE success = TRUE ORDER BY version";
        match self {
            Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_all(p).await,
            Db::Pg(p) => sqlx::query_scalar(sql).fetch_all(p).await,
        }
    }
}

impl Tx {
    /// Placeholders for a multi-row VALUES list of `rows` × `cols` binds,
    /// numbered from `first`. SQLite gets plain `?`: its `$N` names are
    /// looked up by a linear scan on every bind, which makes a statement
    /// with thousands of them quadratic. PostgreSQL needs `$N`.
    pub fn values_list(&self, rows: usize, cols: usize, first: usize) -> String {
        let mut out = String::with_capacity(rows * cols * 6);
        for r in 0..rows {
            out.push_str(if r == 0 { "(" } else { ", (" });
            for c in 0..cols {
                if c > 0 {
                    out.push_str(", ");
                }
                match self {
                    Tx::Sqlite(..) => out.push('?'),
                    Tx::Pg(..) => out.push_str(&format!("${}", first + r * cols + c)),
                }
            }
            out.push(')');
        }
        out
    }

    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(t, _) => t.commit().await,
            Tx::Pg(t, _) => t.commit().await,
        }
    }
}

tokio::task_local! {
    /// How many transactions the current request's task holds.
    static HELD: Arc<AtomicUsize>;
}

/// Runs one request (or job) under the rule that it holds at most one
/// connection at a time: a second [`Db::read`] / [`Db::write`] while a
/// [`Tx`] of the same task is alive is a nested acquisition, which under
/// load waits for a connection the task itself holds and can stop the
/// whole pool. Debug builds (the test suite) panic there, naming it;
/// release builds log it.
pub async fn one_connection_at_a_time<F: std::future::Future>(f: F) -> F::Output {
    HELD.scope(Arc::new(AtomicUsize::new(0)), f).await
}

/// The mark a [`Tx`] carries while its task holds it.
pub struct Held(Option<Arc<AtomicUsize>>);

impl Held {
    fn take() -> Held {
        let Ok(count) = HELD.try_with(Arc::clone) else {
            return Held(None);
        };
        if count.load(Ordering::Acquire) > 0 {
            let msg = "nested acquisition: this task already holds a transaction and asks for another; \
                drop the first before acquiring (ARCHITECTURE.md, one connection at a time)";
            // A panic, not an error: callers that swallow a failed
            // acquisition (an optional nav link) would hide an error.
            if cfg!(debug_assertions) {
                panic!("{msg}");
            }
            tracing::warn!("{msg}");
        }
        count.fetch_add(1, Ordering::AcqRel);
        Held(Some(count))
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(c) = &self.0 {
            c.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

/// Versions of the migrations shipped for each engine (for the test that
/// keeps the two trees in step).
pub fn migration_versions() -> (Vec<i64>, Vec<i64>) {
    let v = |m: &sqlx::migrate::Migrator| m.iter().map(|m| m.version).collect();
    (v(&SQLITE_MIGRATIONS), v(&PG_MIGRATIONS))
}

/// Every shipped migration as `engine version checksum` (sqlx's SHA-384 of
/// the file), in the form of `migrations/CHECKSUMS`: the test that keeps
/// shipped migrations unchanged compares the two.
pub fn migration_checksums() -> Vec<String> {
    let lines = |engine: &str, m: &sqlx::migrate::Migrator| -> Vec<String> {
        m.iter()
            .map(|m| {
                let hex: String = m.checksum.iter().map(|b| format!("{b:02x}")).collect();
                format!("{engine} {} {hex}", m.version)
            })
            .collect()
    };
    let mut all = lines("sqlite", &SQLITE_MIGRATIONS);
    all.extend(lines("postgres", &PG_MIGRATIONS));
    all.extend(lines("partitioned", &partition::STEPS));
    all
}

/// The file behind an `sqlite:` URL, if it names one.
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| path.into())
}

/// A URL fit for logs: the password, if any, replaced.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.find(':') {
                Some(colon) => format!("{}{}:***{}", &url[..scheme + 3], &creds[..colon], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Now, to the microsecond: both engines store microseconds, so a value
/// written and read back is equal to the one hashed.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Whether an error is a unique-constraint violation.
pub fn is_unique_violation(e: &Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_unique_violation())
}

/// What a store function answers, counted for the `rows` field of its span:
/// the rows of a list or a page, whether a look-up found its row, the rows
/// a statement touched.
pub(crate) trait Rows {
    fn rows(&self) -> usize;
}

impl<T> Rows for Vec<T> {
    fn rows(&self) -> usize {
        self.len()
    }
}

impl<T> Rows for Option<T> {
    fn rows(&self) -> usize {
        usize::from(self.is_some())
    }
}

/// A page and the total: the rows on the page.
impl<T> Rows for (Vec<T>, i64) {
    fn rows(&self) -> usize {
        self.0.len()
    }
}

impl Rows for u64 {
    fn rows(&self) -> usize {
        *self as usize
    }
}

/// Runs a store function's body and records on its span (see
/// `#[tracing::instrument]` on each function) how many rows it answered.
/// Without a debug subscriber the span is disabled and the record a no-op.
pub(crate) async fn counted<T: Rows>(body: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    let answer = body.await;
    if let Ok(v) = &answer {
        tracing::Span::current().record("rows", v.rows());
    }
    answer
}

/// A bind value of a query whose conditions are assembled at run time.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Id(uuid::Uuid),
    Time(DateTime<Utc>),
}

impl Arg {
    pub fn bind_to<'q, DB, O>(
        &'q self,
        q: sqlx::query::QueryScalar<'q, DB, O, <DB as sqlx::Database>::Arguments<'q>>,
    ) -> sqlx::query::QueryScalar<'q, DB, O, <DB as sqlx::Database>::Arguments<'q>>
    where
        DB: sqlx::Database,
        String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
        uuid::Uuid: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
        DateTime<Utc>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    {
        match self {
            Arg::Text(v) => q.bind(v),
            Arg::Id(v) => q.bind(*v),
            Arg::Time(v) => q.bind(*v),
        }
    }

    pub fn bind_as<'q, DB, O>(
        &'q self,
        q: sqlx::query::QueryAs<'q, DB, O, <DB as sqlx::Database>::Arguments<'q>>,
    ) -> sqlx::query::QueryAs<'q, DB, O, <DB as sqlx::Database>::Arguments<'q>>
    where
        DB: sqlx::Database,
        String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
        uuid::Uuid: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
        DateTime<Utc>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    {
        match self {
            Arg::Text(v) => q.bind(v),
            Arg::Id(v) => q.bind(*v),
            Arg::Time(v) => q.bind(*v),
        }
    }
}

/// One page of `SELECT {columns} {from_where}` in `order`, with the total
/// count; `binds` fill the placeholders of `from_where`.
pub async fn paged<T>(
    tx: &mut Tx,
    columns: &str,
    from_where: &str,
    order: &str,
    binds: &[Arg],
    page: Page,
) -> Result<(Vec<T>, i64)>
where
    T: Send + Unpin,
    T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    let count_sql = format!("SELECT COUNT(*) {from_where}");
    let list_sql = format!(
        "SELECT {columns} {from_where} ORDER BY {order} LIMIT {} OFFSET {}",
        page.size,
        page.offset()
    );
    let rows: Vec<T> = on!(tx, c => {
        let mut q = sqlx::query_as::<_, T>(&list_sql);
        for b in binds { q = b.bind_as(q); }
        q.fetch_all(c).await
    })?;
    // A first page that is not full is the whole list: no count needed
    // (most searches). Otherwise count.
    if page.offset() == 0 && (rows.len() as i64) < page.size {
        let total = rows.len() as i64;
        return Ok((rows, total));
    }
    let total: i64 = on!(tx, c => {
        let mut q = sqlx::query_scalar(&count_sql);
        for b in binds { q = b.bind_to(q); }
        q.fetch_one(c).await
    })?;
    Ok((rows, total))
}

/// A page of a list.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub number: i64,
    pub size: i64,
}

impl Page {
    pub fn new(number: Option<i64>, size: Option<i64>) -> Self {
        // Capped so (number - 1) × size cannot overflow into a negative OFFSET.
        Self { number: number.unwrap_or(1).clamp(1, 1_000_000), size: size.unwrap_or(20).clamp(1, 200) }
    }

    pub fn offset(&self) -> i64 {
        (self.number - 1) * self.size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_trees_have_the_same_versions() {
        let (sqlite, pg) = migration_versions();
        assert!(!sqlite.is_empty());
        assert_eq!(sqlite, pg);
    }
    /// Every area's store function is a tracing span (`GONGHUI_LOG=debug`
    /// shows which ran for a request, with its union, rows and time) and
    /// takes the tenant as the typed `UnionId`, never a bare `Uuid`: a scan
    /// of the source, so a new function cannot forget either. (`lib.rs` is
    /// the pool and transaction plumbing, not an area.)
    #[test]
    fn area_functions_are_spans_and_take_a_typed_union() {
        fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    files(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("src/lib.rs") {
                    out.push(p);
                }
            }
        }
        let mut all = Vec::new();
        files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut all);
        let mut missing = Vec::new();
        let mut functions = 0;
        for path in &all {
            let text = std::fs::read_to_string(path).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                if !line.trim_start().starts_with("pub async fn ") {
                    continue;
                }
                functions += 1;
                let attrs = lines[..i].iter().rev().take_while(|l| {
                    let l = l.trim_start();
                    l.starts_with("#[") || l.starts_with("//")
                });
                let here = format!("{}:{}", path.display(), i + 1);
                if !attrs.into_iter().any(|l| l.contains("tracing::instrument")) {
                    missing.push(format!("{here}: no #[tracing::instrument]"));
                }
                let signature: String =
                    lines[i..].iter().take_while(|l| !l.contains('{')).chain(lines.get(i)).copied().collect();
                if signature.contains("union_id: Uuid") || signature.contains("union_id: uuid::Uuid") {
                    missing.push(format!("{here}: union_id is a bare Uuid, not UnionId"));
                }
            }
        }
        assert!(functions > 200, "the scan found only {functions} store functions");
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }

    /// Migrations are append-only: a database that ran a migration refuses
    /// to start when the file changed since (sqlx compares checksums), so a
    /// shipped file may never be edited. `migrations/CHECKSUMS` records each
    /// shipped file's checksum; a new migration adds its line, nothing else
    /// in that file ever changes.
    #[test]
    fn shipped_migrations_are_unchanged() {
        let recorded: Vec<&str> = include_str!("../migrations/CHECKSUMS")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .collect();
        let actual = migration_checksums();
        // The partitioned step's SQL is held to the same rule.
        assert!(actual.iter().any(|a| a.starts_with("partitioned ")), "the partitioned step is checksummed");
        for line in &recorded {
            let key = line.rsplit_once(' ').map_or(*line, |(k, _)| k);
            match actual.iter().find(|a| a.starts_with(&format!("{key} "))) {
                None => panic!("migration {key} was shipped and is gone: migrations are append-only"),
                Some(a) => assert_eq!(
                    a, line,
                    "migration {key} changed after it shipped: put the change in a new migration"
                ),
            }
        }
        let missing: Vec<&String> = actual.iter().filter(|a| !recorded.contains(&a.as_str())).collect();
        assert!(
            missing.is_empty(),
            "new migrations: append these lines to crates/store/migrations/CHECKSUMS:\n{}",
            missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
        );
    }

    #[test]
    fn urls_are_redacted_and_sqlite_files_found() {
        assert_eq!(redact_url("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(sqlite_file("sqlite://data/x.db?mode=rwc"), Some("data/x.db".into()));
        assert_eq!(sqlite_file("sqlite::memory:"), None);
    }
}
