//! The audit log records every write, and `gonghui audit verify` catches a
//! modified or removed entry.

use reqwest::StatusCode;
use serde_json::json;
use sqlx::Connection;

use crate::common::{Backend, TestApp};

/// Runs raw SQL against the app's database, as an intruder with database
/// access would.
async fn tamper(app: &TestApp, statements: &[&str]) {
    match app.backend {
        Backend::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&app.db_url).await.unwrap();
            for s in statements {
                sqlx::query(s).execute(&mut c).await.unwrap();
            }
        }
        Backend::Postgres | Backend::Partitioned => {
            let mut c = sqlx::PgConnection::connect(&app.db_url).await.unwrap();
            for s in statements {
                sqlx::query(s).execute(&mut c).await.unwrap();
            }
        }
    }
}

fn unlock(app: &TestApp) -> &'static [&'static str] {
    match app.backend {
        Backend::Sqlite => &["DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"],
        Backend::Postgres | Backend::Partitioned => &["DROP TRIGGER audit_log_no_change ON audit_log"],
    }
}

async fn verify_catches_tampering(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "审计测试总工会", None).await;
    let union = app.org(&admin, "union", "审计测试工会", Some(&fed)).await;
    let other = app.org(&admin, "union", "审计测试另一工会", Some(&fed)).await;
    let (s, _) = app
        .api(
            Some(&admin),
            reqwest::Method::PATCH,
            &format!("/api/v1/orgs/{union}"),
            Some(json!({"staff_count": 88})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);

    // Every write left an entry, with who, what and from where, in its
    // union's chain: the union's creation first, then its change.
    let (_, log) = app.get(&admin, "/api/v1/audit?page_size=200").await;
    let items = log["items"].as_array().unwrap();
    let update = items.iter().find(|e| e["action"] == "org.update").expect("update audited");
    assert_eq!(update["actor"], "admin");
    assert_eq!(update["ip"], "127.0.0.1");
    assert!(update["summary"].as_str().unwrap().contains("职工人数：（空） → 88"), "{update}");
    assert_eq!((update["union_id"].as_str(), update["seq"].as_i64()), (Some(union.as_str()), Some(2)));
    let create = items
        .iter()
        .find(|e| e["action"] == "org.create" && e["target"] == format!("org:{union}"))
        .expect("creation audited");
    assert_eq!((create["union_id"].as_str(), create["seq"].as_i64()), (Some(union.as_str()), Some(1)));
    let fed_create = items.iter().find(|e| e["target"] == format!("org:{fed}")).unwrap();
    assert_eq!((fed_create["union_id"].as_str(), fed_create["seq"].as_i64()), (Some(fed.as_str()), Some(1)));
    let n = log["total"].as_i64().unwrap();

    let db = app.db().await;
    assert_eq!(gonghui::verify::audit(&db).await.unwrap(), Ok(n));

    // The database itself refuses edits of the log.
    let edit = "UPDATE audit_log SET summary = '改过了' WHERE action = 'org.update'";
    let refused = if app.backend == Backend::Sqlite {
        sqlx::query(edit)
            .execute(&mut sqlx::SqliteConnection::connect(&app.db_url).await.unwrap())
            .await
            .is_err()
    } else {
        sqlx::query(edit).execute(&mut sqlx::PgConnection::connect(&app.db_url).await.unwrap()).await.is_err()
    };
    assert!(refused, "the append-only trigger let an UPDATE through");

    // Someone who drops the trigger and edits a row is caught, at that row
    // of that union's chain, and no other chain is blamed.
    tamper(&app, unlock(&app)).await;
    tamper(&app, &[edit]).await;
    let broken = gonghui::verify::audit(&db).await.unwrap().unwrap_err();
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert_eq!((broken[0].union_id.to_string(), broken[0].seq), (union.clone(), 2), "{broken:?}");
    assert_eq!(broken[0].org, "审计测试工会");
    assert!(broken[0].reason.contains("修改"));
    assert_ne!(broken[0].union_id.to_string(), other);

    // The command-line tool says so, naming the union, and exits non-zero.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gonghui"))
        .args(["audit", "verify", "--database", &app.db_url])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("审计测试工会") && err.contains(&union) && err.contains("第 2 条"), "{err}");
    db.close().await;
    app.stop().await;
}

crate::both!(audit_verify_catches_a_modified_row, verify_catches_tampering);

/// The chain of the org named `name`, in SQL either engine runs.
fn chain(name: &str) -> String {
    format!("(SELECT id FROM orgs WHERE name = '{name}')")
}

async fn verify_catches_removal(app: TestApp) {
    let admin = app.admin().await;
    let a = app.org(&admin, "federation", "甲", None).await;
    app.org(&admin, "federation", "乙", None).await;
    for staff in [1, 2] {
        let body = Some(json!({"staff_count": staff}));
        let (s, _) = app.api(Some(&admin), reqwest::Method::PATCH, &format!("/api/v1/orgs/{a}"), body).await;
        assert_eq!(s, StatusCode::OK);
    }
    tamper(&app, unlock(&app)).await;
    let db = app.db().await;
    let id = domain::UnionId(a.parse().unwrap());
    let (head, _) = store::audit::head(&mut db.read().await.unwrap(), id).await.unwrap().unwrap();
    assert_eq!(head, 3, "甲's chain: its creation and two changes");
    // Removing the newest entry of one chain is caught by its head; a middle
    // one by the gap; each named with the org.
    let newest = format!("DELETE FROM audit_log WHERE union_id = {} AND seq = {head}", chain("甲"));
    tamper(&app, &[&newest]).await;
    let broken = gonghui::verify::audit(&db).await.unwrap().unwrap_err();
    assert_eq!((broken.len(), broken[0].org.as_str(), broken[0].seq), (1, "甲", head), "{broken:?}");
    tamper(&app, &[&format!("DELETE FROM audit_log WHERE union_id = {} AND seq = 2", chain("甲"))]).await;
    let broken = gonghui::verify::audit(&db).await.unwrap().unwrap_err();
    assert_eq!((broken.len(), broken[0].org.as_str(), broken[0].seq), (1, "甲", 2), "{broken:?}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gonghui"))
        .args(["audit", "verify", "--database", &app.db_url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    db.close().await;
    app.stop().await;
}

crate::both!(audit_verify_catches_a_removed_row, verify_catches_removal);

/// A chain deleted whole, entries and head, is noticed from the org
/// registry; entries whose head is gone are noticed too.
async fn verify_catches_a_deleted_chain(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "丙总工会", None).await;
    app.org(&admin, "union", "丁工会", Some(&fed)).await;
    app.org(&admin, "union", "戊工会", Some(&fed)).await;
    let db = app.db().await;
    assert!(gonghui::verify::audit(&db).await.unwrap().is_ok());
    tamper(&app, unlock(&app)).await;
    let gone = chain("丁工会");
    tamper(
        &app,
        &[
            &format!("DELETE FROM audit_log WHERE union_id = {gone}"),
            &format!("DELETE FROM audit_heads WHERE union_id = {gone}"),
        ],
    )
    .await;
    let broken = gonghui::verify::audit(&db).await.unwrap().unwrap_err();
    assert_eq!((broken.len(), broken[0].org.as_str(), broken[0].seq), (1, "丁工会", 1), "{broken:?}");
    assert!(broken[0].reason.contains("整条删除"), "{broken:?}");
    tamper(&app, &[&format!("DELETE FROM audit_heads WHERE union_id = {}", chain("戊工会"))]).await;
    let broken = gonghui::verify::audit(&db).await.unwrap().unwrap_err();
    let names: Vec<&str> = broken.iter().map(|b| b.org.as_str()).collect();
    assert_eq!(names, ["丁工会", "戊工会"], "{broken:?}");
    assert!(broken[1].reason.contains("链头"), "{broken:?}");
    // A head set back by hand to hide entries past it is noticed too.
    tamper(&app, &[&format!("UPDATE audit_heads SET seq = 0 WHERE union_id = {}", chain("丙总工会"))]).await;
    let broken = gonghui::verify::audit(&db).await.unwrap().unwrap_err();
    let set_back = broken.iter().find(|b| b.org == "丙总工会").expect("set-back head noticed");
    assert_eq!(set_back.seq, 1, "{broken:?}");
    db.close().await;
    app.stop().await;
}

crate::both!(audit_verify_notices_a_chain_deleted_whole, verify_catches_a_deleted_chain);

/// Audited writes into many unions at once: every chain verifies after, each
/// with its own count. On PostgreSQL an append waits only for its own
/// chain: with one union's append left uncommitted, another union's append
/// goes through.
async fn appends_in_unions_run_concurrently(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "并发总工会", None).await;
    let mut unions = Vec::new();
    for i in 0..6 {
        unions.push(app.org(&admin, "union", &format!("并发工会{i}"), Some(&fed)).await);
    }
    let mut tasks = Vec::new();
    for u in &unions {
        for staff in 1..=5 {
            let (url, admin, u) = (app.url(&format!("/api/v1/orgs/{u}")), admin.clone(), u.clone());
            tasks.push(tokio::spawn(async move {
                let r = crate::common::client()
                    .patch(url)
                    .bearer_auth(&admin)
                    .json(&json!({"staff_count": staff}))
                    .send()
                    .await
                    .unwrap();
                (u, r.status())
            }));
        }
    }
    for t in tasks {
        let (u, s) = t.await.unwrap();
        assert_eq!(s, StatusCode::OK, "{u}");
    }
    let db = app.db().await;
    assert!(gonghui::verify::audit(&db).await.unwrap().is_ok());
    for u in &unions {
        let id = domain::UnionId(u.parse().unwrap());
        let head = store::audit::head(&mut db.read().await.unwrap(), id).await.unwrap();
        assert_eq!(head.map(|h| h.0), Some(6), "{u}: its creation and five changes");
    }
    if app.backend != Backend::Sqlite {
        let entry = |org: &str| store::audit::NewEntry {
            actor_id: None,
            actor: "test",
            action: "org.update",
            target: format!("org:{org}"),
            org_id: Some(org.parse().unwrap()),
            org_path: None,
            ip: "127.0.0.1",
            summary: "并发".to_owned(),
        };
        let mut first = db.write().await.unwrap();
        store::audit::append(&mut first, &entry(&unions[0]), store::now()).await.unwrap();
        let (db2, other) = (db.clone(), unions[1].clone());
        let second = tokio::spawn(async move {
            let mut tx = db2.write().await.unwrap();
            let seq = store::audit::append(&mut tx, &entry(&other), store::now()).await.unwrap();
            tx.commit().await.unwrap();
            seq
        });
        let seq = tokio::time::timeout(std::time::Duration::from_secs(10), second)
            .await
            .expect("an append in another union waited for this one's lock")
            .unwrap();
        assert_eq!(seq, 7);
        first.commit().await.unwrap();
        assert!(gonghui::verify::audit(&db).await.unwrap().is_ok());
    }
    db.close().await;
    app.stop().await;
}

crate::both!(audit_appends_in_many_unions_at_once, appends_in_unions_run_concurrently);

async fn auditors_see_their_union_only(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "总工会", None).await;
    let a = app.org(&admin, "union", "甲工会", Some(&fed)).await;
    let b = app.org(&admin, "union", "乙工会", Some(&fed)).await;
    app.user(&admin, "shen.a", "auditor", Some(&a), Some(&a)).await;
    app.org(&admin, "group", "甲组", Some(&a)).await;
    app.org(&admin, "group", "乙组", Some(&b)).await;
    let t = app.token("shen.a", crate::common::PASSWORD).await;
    let (s, log) = app.get(&t, "/api/v1/audit?action=org.create").await;
    assert_eq!(s, StatusCode::OK);
    let summaries: Vec<&str> =
        log["items"].as_array().unwrap().iter().map(|e| e["summary"].as_str().unwrap()).collect();
    assert!(summaries.iter().any(|s| s.contains("甲组")), "{summaries:?}");
    assert!(!summaries.iter().any(|s| s.contains("乙")), "{summaries:?}");
    app.stop().await;
}

crate::both!(auditors_browse_their_subtree, auditors_see_their_union_only);

/// The tables whose every row is final, as docs/sql/app-role.sql lists them.
const FINAL_TABLES: &[&str] = &[
    "audit_log",
    "ballot_voters",
    "ballot_cast",
    "ballot_papers",
    "ballot_count_entries",
    "fin_dues_payments",
    "fin_fund_receipts",
    "fin_welfare",
    "fin_policy_exceptions",
    "fin_period_events",
    "fin_budget_overrides",
    "care_assistance",
    "care_consents",
    "care_file_log",
    "care_documents",
    "care_enrolments",
    "disclosure_feedback",
    "proposal_log",
    "proposal_cosigns",
];

/// PostgreSQL: the application role of docs/sql/app-role.sql starts gonghui
/// and makes audited writes, but is refused (by privilege, SQLSTATE 42501,
/// not by a trigger) any UPDATE or DELETE of a table whose rows are final,
/// and cannot drop the triggers that guard the rest.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_app_role_cannot_change_final_rows() {
    let Some(app) = TestApp::start(Backend::Postgres).await else { return };
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "权限测试总工会", None).await;
    let mut owner = sqlx::PgConnection::connect(&app.db_url).await.unwrap();
    let script = include_str!("../../../../docs/sql/app-role.sql");
    sqlx::raw_sql(script).execute(&mut owner).await.unwrap();
    // Twice: the script is run again after every upgrade.
    sqlx::raw_sql(script).execute(&mut owner).await.unwrap();

    let sep = if app.db_url.contains('?') { '&' } else { '?' };
    let url = format!("{}{sep}options=-c%20role%3Dgonghui_app", app.db_url);
    let db = gonghui::open_db(&url).await.expect("the app role starts gonghui");
    let who: String = match &db {
        store::Db::Pg(p) => sqlx::query_scalar("SELECT current_user::text").fetch_one(p).await.unwrap(),
        store::Db::Sqlite(_) => unreachable!(),
    };
    assert_eq!(who, "gonghui_app");
    let mut tx = db.write().await.unwrap();
    let entry = store::audit::NewEntry {
        actor_id: None,
        actor: "test",
        action: "org.update",
        target: format!("org:{fed}"),
        org_id: Some(fed.parse().unwrap()),
        org_path: None,
        ip: "127.0.0.1",
        summary: "以应用角色写入".to_owned(),
    };
    assert_eq!(store::audit::append(&mut tx, &entry, store::now()).await.unwrap(), 2);
    tx.commit().await.unwrap();
    assert!(gonghui::verify::audit(&db).await.unwrap().is_ok());

    let store::Db::Pg(pool) = &db else { unreachable!() };
    for t in FINAL_TABLES {
        let column: String = sqlx::query_scalar(
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position LIMIT 1",
        )
        .bind(t)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{t}: {e}"));
        for sql in [format!("UPDATE {t} SET {column} = {column}"), format!("DELETE FROM {t}")] {
            let e = sqlx::query(&sql).execute(pool).await.expect_err(&sql);
            let code = e.as_database_error().and_then(|d| d.code()).map(|c| c.into_owned());
            assert_eq!(code.as_deref(), Some("42501"), "{sql}: {e}");
        }
    }
    let e = sqlx::query("DROP TRIGGER fin_lines_posted_fixed ON fin_lines").execute(pool).await.unwrap_err();
    assert_eq!(e.as_database_error().and_then(|d| d.code()).as_deref(), Some("42501"), "{e}");
    db.close().await;
    app.stop().await;
}
