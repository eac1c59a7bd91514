//! The migrated PostgreSQL schema distributes by union (issue 15, item 5a):
//! read from the catalog, every table is a tenant, reference or directory
//! table, and each class keeps the rules a distributed engine (Citus: the
//! distribution column in every unique key; foreign keys only between
//! colocated rows or towards reference tables) and the hash-partitioned
//! stand-in need. A new table that fits no class, or breaks a rule, fails
//! here with the table's name.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::{Backend, TestApp, exec};

/// Small, replicated, tenant-less tables (`create_reference_table`). `orgs`
/// has a union_id (a group's union) but is the tree every union hangs on.
const REFERENCE: &[&str] = &[
    "orgs",
    "users",
    "role_grants",
    "sessions",
    "api_tokens",
    "login_throttle",
    // Listed ahead of the areas that add them (issue 15).
    "policy_presets",
    "holidays",
    "chart_of_accounts",
    // A person's notification channels, keyed by the account: a person may
    // belong to no union, or be told by several (issue 19).
    "notify_prefs",
];

/// Directory tables: distributed by their own key (the first column of the
/// primary key), with a union column that is not named union_id.
const DIRECTORY: &[(&str, &str)] = &[
    ("member_registry", "id_hash"),
    ("join_token_registry", "join_token"),
    ("user_member_registry", "user_id"),
    // The id → union directory of objects reached by id alone (issue 15).
    ("union_directory", "id"),
];

async fn rows<T>(pool: &sqlx::PgPool, sql: &str) -> Vec<T>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
{
    sqlx::query_as(sql).fetch_all(pool).await.unwrap()
}

/// (table, constraint, referenced table, columns, referenced columns).
type ForeignKey = (String, String, String, Vec<String>, Vec<String>);

#[derive(Clone, Copy, PartialEq, Debug)]
enum Class {
    Tenant,
    Reference,
    Directory,
}

/// Every rule the schema breaks, one line each naming the table.
async fn problems(pool: &sqlx::PgPool) -> Vec<String> {
    // Tables (parents only: a partition is part of its table) and columns.
    let cols: Vec<(String, String)> = rows(
        pool,
        "SELECT c.relname::text, a.attname::text FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
           AND c.relname <> '_sqlx_migrations'",
    )
    .await;
    let mut tables: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (t, c) in cols {
        tables.entry(t).or_default().insert(c);
    }
    let mut out = Vec::new();
    let mut class = BTreeMap::new();
    for (t, c) in &tables {
        let k = if REFERENCE.contains(&t.as_str()) {
            Class::Reference
        } else if let Some((_, key)) = DIRECTORY.iter().find(|(d, _)| d == t) {
            if c.contains("union_id") {
                out.push(format!(
                    "{t}: a directory table must not have a union_id column (name it holder_union_id)"
                ));
            }
            if !c.contains(*key) {
                out.push(format!("{t}: the directory's distribution column {key} is missing"));
            }
            Class::Directory
        } else if c.contains("union_id") {
            Class::Tenant
        } else {
            out.push(format!(
                "{t}: in no class — a tenant table needs union_id; otherwise list it as a reference or \
                 directory table in schema_distribution.rs (and in docs/scale.md)"
            ));
            continue;
        };
        class.insert(t.clone(), k);
    }

    // Primary keys and every unique index (unique constraints have one),
    // with their key columns in order; partial and expression indexes too.
    let uniques: Vec<(String, String, bool, Vec<String>)> = rows(
        pool,
        "SELECT c.relname::text, i.relname::text, x.indisprimary,
                ARRAY(SELECT COALESCE(a.attname::text, '(expression)')
                      FROM unnest(x.indkey::int2[]) WITH ORDINALITY u(n, o)
                      LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.n
                      WHERE u.o <= x.indnkeyatts ORDER BY u.o)
         FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND x.indisunique AND NOT c.relispartition",
    )
    .await;
    let mut has_pk = BTreeSet::new();
    for (t, index, primary, keys) in &uniques {
        if *primary {
            has_pk.insert(t.clone());
        }
        match class.get(t) {
            Some(Class::Tenant) if *primary && keys.first().map(String::as_str) != Some("union_id") => out
                .push(format!("{t}: primary key {index} ({}) does not start with union_id", keys.join(", "))),
            Some(Class::Tenant) if !keys.iter().any(|k| k == "union_id") => out.push(format!(
                "{t}: unique index {index} ({}) lacks union_id (a distributed engine cannot enforce it)",
                keys.join(", ")
            )),
            Some(Class::Directory) => {
                let key = DIRECTORY.iter().find(|(d, _)| d == t).unwrap().1;
                if !keys.iter().any(|k| k == key) {
                    out.push(format!("{t}: unique index {index} lacks the directory key {key}"));
                }
            }
            _ => {}
        }
    }
    for (t, k) in &class {
        if *k != Class::Reference && !has_pk.contains(t) {
            out.push(format!("{t}: no primary key"));
        }
    }

    // Foreign keys: (table, name, referenced table, [(column, referenced column)]).
    let fks: Vec<ForeignKey> = rows(
        pool,
        "SELECT c.relname::text, k.conname::text, r.relname::text,
                ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
                      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o),
                ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
                      JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o)
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND k.contype = 'f' AND NOT c.relispartition",
    )
    .await;
    for (t, name, to, from_cols, to_cols) in &fks {
        let (Some(a), Some(b)) = (class.get(t), class.get(to)) else { continue };
        let pairs: Vec<(&String, &String)> = from_cols.iter().zip(to_cols).collect();
        match (a, b) {
            (Class::Tenant, Class::Tenant)
                if !pairs.iter().any(|(f, r)| *f == "union_id" && *r == "union_id") =>
            {
                out.push(format!(
                    "{t}: foreign key {name} to tenant table {to} does not map union_id to union_id ({} → {})",
                    from_cols.join(", "),
                    to_cols.join(", ")
                ));
            }
            (Class::Reference, Class::Tenant) | (Class::Reference, Class::Directory) => out
                .push(format!("{t}: reference table has foreign key {name} to {to} (not a reference table)")),
            (Class::Directory, Class::Tenant) => {
                out.push(format!("{t}: directory table has foreign key {name} to tenant table {to}"))
            }
            (Class::Tenant, Class::Directory) | (Class::Directory, Class::Directory) if t != to => {
                out.push(format!("{t}: foreign key {name} to directory table {to} (not colocated)"))
            }
            _ => {}
        }
    }

    // Triggers on tenant tables may look only at their own row: a function
    // that reads or writes another table runs on one shard against rows of
    // another (Citus warns: deadlocks, stale reads).
    let triggers: Vec<(String, String, String)> = rows(
        pool,
        "SELECT c.relname::text, p.proname::text, p.prosrc FROM pg_trigger g
         JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_proc p ON p.oid = g.tgfoid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND NOT g.tgisinternal AND NOT c.relispartition",
    )
    .await;
    let literal = regex_lite::Regex::new(r"'(?:[^']|'')*'").unwrap();
    let comment = regex_lite::Regex::new(r"--[^\n]*").unwrap();
    let access = regex_lite::Regex::new(
        r"(?i)\b(?:from|join|update|into)\s+(?:only\s+)?(?:[a-z_]+\.)?([a-z_][a-z0-9_]*)",
    )
    .unwrap();
    for (t, function, src) in &triggers {
        if class.get(t) != Some(&Class::Tenant) {
            continue;
        }
        let code = literal.replace_all(src, "''");
        let code = comment.replace_all(&code, "");
        let others: BTreeSet<String> = access
            .captures_iter(&code)
            .map(|c| c[1].to_lowercase())
            .filter(|name| name != t && tables.contains_key(name))
            .collect();
        if !others.is_empty() {
            out.push(format!(
                "{t}: trigger function {function} reads or writes other tables ({})",
                others.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    out
}

fn pool(db: &store::Db) -> &sqlx::PgPool {
    match db {
        store::Db::Pg(p) => p,
        store::Db::Sqlite(_) => unreachable!("PostgreSQL only"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_table_distributes_by_union() {
    let Some(app) = TestApp::start(Backend::Postgres).await else { return };
    let db = app.db().await;
    let found = problems(pool(&db)).await;
    assert!(found.is_empty(), "the schema does not distribute by union:\n{}", found.join("\n"));
    app.stop().await;
}

/// The check itself: each kind of fault it must catch, planted in a fresh
/// database, is reported with the table's name (so the test above cannot
/// pass by reading nothing).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_distribution_check_names_each_fault() {
    let Some(app) = TestApp::start(Backend::Postgres).await else { return };
    let db = app.db().await;
    for sql in [
        "CREATE TABLE zz_pk (union_id UUID NOT NULL, id UUID NOT NULL, PRIMARY KEY (id, union_id))",
        "CREATE TABLE zz_unique (union_id UUID NOT NULL, id UUID NOT NULL, code TEXT, PRIMARY KEY (union_id, id))",
        "CREATE UNIQUE INDEX zz_unique_code ON zz_unique (code) WHERE code IS NOT NULL",
        "CREATE TABLE zz_fk (union_id UUID NOT NULL, id UUID NOT NULL, other UUID NOT NULL, \
         member UUID NOT NULL, PRIMARY KEY (union_id, id), \
         FOREIGN KEY (other, member) REFERENCES members (union_id, id))",
        "CREATE TABLE zz_nowhere (id UUID PRIMARY KEY)",
        "ALTER TABLE sessions ADD COLUMN zz_member UUID, ADD COLUMN zz_union UUID, \
         ADD FOREIGN KEY (zz_union, zz_member) REFERENCES members (union_id, id)",
        "CREATE FUNCTION zz_peek() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
         IF EXISTS (SELECT 1 FROM members m WHERE m.union_id = NEW.union_id) THEN RETURN NEW; END IF; \
         RAISE EXCEPTION 'no update from elsewhere'; END $$",
        "CREATE TRIGGER zz_peek BEFORE INSERT ON zz_unique FOR EACH ROW EXECUTE FUNCTION zz_peek()",
        "CREATE FUNCTION zz_own() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
         RAISE EXCEPTION 'rows of zz_pk are never changed (no update from members)'; END $$",
        "CREATE TRIGGER zz_own BEFORE UPDATE ON zz_pk FOR EACH ROW EXECUTE FUNCTION zz_own()",
    ] {
        exec(&db, sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    let found = problems(pool(&db)).await;
    let text = found.join("\n");
    for (table, words) in [
        ("zz_pk", "does not start with union_id"),
        ("zz_unique", "zz_unique_code (code) lacks union_id"),
        ("zz_fk", "does not map union_id to union_id"),
        ("zz_nowhere", "in no class"),
        ("sessions", "reference table has foreign key"),
        ("zz_unique", "trigger function zz_peek reads or writes other tables (members)"),
    ] {
        assert!(
            found.iter().any(|p| p.starts_with(&format!("{table}: ")) && p.contains(words)),
            "{table}: {words}\n{text}"
        );
    }
    assert!(!text.contains("zz_own"), "a trigger that only names tables inside a message passes:\n{text}");
    assert_eq!(found.len(), 6, "nothing else is reported:\n{text}");
    app.stop().await;
}
