//! The partitioned variant is real: on a server started with the
//! partitioned setting every tenant table is `PARTITION BY HASH (union_id)`
//! with eight partitions, keeping its keys, indexes, triggers and foreign
//! keys; tables that later migrations add are partitioned on the next
//! start; a key that cannot hold on a distributed engine stops the start,
//! naming the table and the key.

use crate::common::{Backend, TestApp, exec};

/// The tenant tables of a PostgreSQL database: a `union_id` column, not
/// `orgs`, not a partition.
async fn tenant_tables(p: &sqlx::PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c
         WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
           AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> 'orgs'
           AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'union_id'
                       AND a.attnum > 0 AND NOT a.attisdropped)
         ORDER BY 1",
    )
    .fetch_all(p)
    .await
    .unwrap()
}

/// `(strategy, partition key, partitions)` of a table, None when it is not
/// partitioned.
async fn partitioning(p: &sqlx::PgPool, table: &str) -> Option<(String, String, i64)> {
    sqlx::query_as(
        "SELECT pt.partstrat::text, pg_get_partkeydef(c.oid),
                (SELECT count(*) FROM pg_inherits i WHERE i.inhparent = c.oid)
         FROM pg_class c JOIN pg_partitioned_table pt ON pt.partrelid = c.oid
         WHERE c.oid = to_regclass($1)",
    )
    .bind(table)
    .fetch_optional(p)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_tenant_table_is_hash_partitioned_by_union() {
    let Some(app) = TestApp::start(Backend::Partitioned).await else { return };
    let db = app.db().await;
    let store::Db::Pg(p) = &db else { panic!("the partitioned variant runs on PostgreSQL") };
    let tables = tenant_tables(p).await;
    assert!(tables.len() > 40, "the schema was read: {tables:?}");
    let mut wrong = Vec::new();
    for t in &tables {
        let got = partitioning(p, t).await;
        if got != Some(("h".into(), "HASH (union_id)".into(), 8)) {
            wrong.push(format!("{t}: {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "tenant tables not hash-partitioned by union_id into 8:\n{}", wrong.join("\n"));
    // What the step recorded is what it did.
    let recorded: Vec<String> =
        sqlx::query_scalar("SELECT table_name FROM _gonghui_partitioned ORDER BY table_name")
            .fetch_all(p)
            .await
            .unwrap();
    assert_eq!(recorded, tables);
    // The rules that were triggers, keys and foreign keys still hold: a
    // partitioned table kept them (the end-to-end tests prove the rest).
    let triggers: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgparentid = 0
           AND tgrelid = 'fin_vouchers'::regclass AND tgname = 'fin_vouchers_posted_fixed'",
    )
    .fetch_one(p)
    .await
    .unwrap();
    assert_eq!(triggers, 1, "the append-only trigger of fin_vouchers was re-created");
    let fks: Vec<String> = sqlx::query_scalar(
        "SELECT conname::text FROM pg_constraint WHERE contype = 'f' AND conparentid = 0
           AND conrelid = 'fin_lines'::regclass ORDER BY 1",
    )
    .fetch_all(p)
    .await
    .unwrap();
    assert!(!fks.is_empty(), "fin_lines kept its foreign keys");
    let err = exec(&db, "INSERT INTO fin_lines (union_id) VALUES (gen_random_uuid())").await.unwrap_err();
    assert!(err.as_database_error().is_some(), "{err}");

    // A table a later migration adds is partitioned on the next start (no
    // setting needed: the database remembers), with its foreign key to a
    // partitioned table and its unique key.
    exec(
        &db,
        "CREATE TABLE later_area (union_id UUID NOT NULL, id UUID NOT NULL, ballot_id UUID NOT NULL,
             code TEXT NOT NULL, PRIMARY KEY (union_id, id), UNIQUE (union_id, code),
             FOREIGN KEY (union_id, ballot_id) REFERENCES ballots (union_id, id))",
    )
    .await
    .unwrap();
    db.migrate().await.expect("the step runs again");
    assert_eq!(partitioning(p, "later_area").await, Some(("h".into(), "HASH (union_id)".into(), 8)));
    let keys: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_constraint WHERE conrelid = 'later_area'::regclass AND conparentid = 0
           AND contype IN ('p', 'u', 'f')",
    )
    .fetch_one(p)
    .await
    .unwrap();
    assert_eq!(keys, 3, "primary key, unique key and foreign key kept");

    // A unique key without union_id cannot hold on a distributed engine:
    // the step refuses, naming the table and the key, and changes nothing.
    exec(&db, "CREATE TABLE later_bad (union_id UUID NOT NULL, code TEXT NOT NULL UNIQUE)").await.unwrap();
    let err = db.migrate().await.unwrap_err().to_string();
    assert!(err.contains("later_bad") && err.contains("later_bad_code_key"), "{err}");
    assert_eq!(partitioning(p, "later_bad").await, None);

    // The step's SQL is append-only: a database that ran a changed file
    // refuses to start, like a changed migration.
    exec(&db, "DROP TABLE later_bad").await.unwrap();
    exec(&db, "UPDATE _gonghui_partition_steps SET checksum = '\\x00'").await.unwrap();
    let err = db.migrate().await.unwrap_err();
    assert!(matches!(err, sqlx::migrate::MigrateError::VersionMismatch(_)), "{err}");
    db.close().await;
    app.stop().await;
}

/// Partitioning is a PostgreSQL feature: asked of SQLite, it is refused.
#[tokio::test]
async fn sqlite_refuses_the_partitioned_setting() {
    let db = store::Db::connect("sqlite::memory:").await.unwrap();
    let err = db.migrate_with(true).await.unwrap_err().to_string();
    assert!(err.contains("PostgreSQL"), "{err}");
}
