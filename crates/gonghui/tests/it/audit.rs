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
    let (s, _) = app
        .api(
            Some(&admin),
            reqwest::Method::PATCH,
            &format!("/api/v1/orgs/{union}"),
            Some(json!({"staff_count": 88})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);

    // Every write left an entry, with who, what and from where.
    let (_, log) = app.get(&admin, "/api/v1/audit?page_size=200").await;
    let items = log["items"].as_array().unwrap();
    let update = items.iter().find(|e| e["action"] == "org.update").expect("update audited");
    assert_eq!(update["actor"], "admin");
    assert_eq!(update["ip"], "127.0.0.1");
    assert!(update["summary"].as_str().unwrap().contains("职工人数：（空） → 88"), "{update}");
    assert!(items.iter().any(|e| e["action"] == "org.create" && e["target"] == format!("org:{union}")));
    let n = log["total"].as_i64().unwrap();

    let db = app.db().await;
    assert_eq!(gonghui::verify::audit(&db).await.unwrap(), Ok(n));

    // The database itself refuses edits of the log.
    let edit = "UPDATE audit_log SET summary = '改过了' WHERE seq = 3";
    let refused = match app.backend {
        Backend::Sqlite => sqlx::query(edit)
            .execute(&mut sqlx::SqliteConnection::connect(&app.db_url).await.unwrap())
            .await
            .is_err(),
        Backend::Postgres | Backend::Partitioned => sqlx::query(edit)
            .execute(&mut sqlx::PgConnection::connect(&app.db_url).await.unwrap())
            .await
            .is_err(),
    };
    assert!(refused, "the append-only trigger let an UPDATE through");

    // Someone who drops the trigger and edits a row is caught, at that row.
    tamper(&app, unlock(&app)).await;
    tamper(&app, &[edit]).await;
    let broken = gonghui::verify::audit(&db).await.unwrap().unwrap_err();
    assert_eq!(broken.seq, 3, "{broken:?}");
    assert!(broken.reason.contains("修改"));

    // The command-line tool says so and exits non-zero.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gonghui"))
        .args(["audit", "verify", "--database", &app.db_url])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("第 3 条"), "{err}");
    db.close().await;
    app.stop().await;
}

crate::both!(audit_verify_catches_a_modified_row, verify_catches_tampering);

async fn verify_catches_removal(app: TestApp) {
    let admin = app.admin().await;
    app.org(&admin, "federation", "甲", None).await;
    app.org(&admin, "federation", "乙", None).await;
    tamper(&app, unlock(&app)).await;
    let db = app.db().await;
    let (head, _) = store::audit::head(&mut db.read().await.unwrap()).await.unwrap();
    // Removing the newest entry is caught by the head; a middle one by the gap.
    tamper(&app, &[&format!("DELETE FROM audit_log WHERE seq = {head}")]).await;
    assert_eq!(gonghui::verify::audit(&db).await.unwrap().unwrap_err().seq, head);
    tamper(&app, &["DELETE FROM audit_log WHERE seq = 2"]).await;
    assert_eq!(gonghui::verify::audit(&db).await.unwrap().unwrap_err().seq, 2);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gonghui"))
        .args(["audit", "verify", "--database", &app.db_url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    db.close().await;
    app.stop().await;
}

crate::both!(audit_verify_catches_a_removed_row, verify_catches_removal);

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
