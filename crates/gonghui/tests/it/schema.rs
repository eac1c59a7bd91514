//! The two engines' schemas agree: every table and column that exists on
//! SQLite exists on PostgreSQL and the other way round. Partitions of a
//! partitioned PostgreSQL table are not tables of their own, so only parent
//! tables count.

use std::collections::BTreeSet;

use crate::common::{Backend, TestApp};

type Columns = BTreeSet<(String, String)>;

async fn columns(db: &store::Db) -> Columns {
    let rows: Vec<(String, String)> = match db {
        store::Db::Sqlite(p) => sqlx::query_as(
            "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'",
        )
        .fetch_all(p)
        .await
        .unwrap(),
        store::Db::Pg(p) => sqlx::query_as(
            "SELECT c.relname::text, a.attname::text FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             JOIN pg_attribute a ON a.attrelid = c.oid
             WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
               AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_sqlx_migrations'
               AND c.relname NOT LIKE '\\_gonghui\\_partition%'",
        )
        .fetch_all(p)
        .await
        .unwrap(),
    };
    rows.into_iter().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgres_have_the_same_tables_and_columns() {
    same_schema(Backend::Postgres).await;
}

/// The partitioned step changes how tables are stored, not what they hold
/// (its own bookkeeping tables `_gonghui_partition…` aside).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_partitioned_postgres_have_the_same_tables_and_columns() {
    same_schema(Backend::Partitioned).await;
}

async fn same_schema(backend: Backend) {
    let Some(pg) = TestApp::start(backend).await else { return };
    let sqlite = TestApp::start(Backend::Sqlite).await.expect("sqlite always runs");
    let (s, p) = (columns(&sqlite.db().await).await, columns(&pg.db().await).await);
    assert!(s.len() > 100, "the SQLite schema was read: {} columns", s.len());
    let only_sqlite: Vec<_> = s.difference(&p).collect();
    let only_pg: Vec<_> = p.difference(&s).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "schemas differ (table, column)\n only on SQLite: {only_sqlite:?}\n only on PostgreSQL: {only_pg:?}"
    );
    sqlite.stop().await;
    pg.stop().await;
}
