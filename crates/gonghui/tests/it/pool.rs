//! The connection pool under load and after failures: no request holds a
//! connection while it acquires another (a burst of roster views on a small
//! pool finishes), and a transaction that failed half-way gives back a clean
//! connection (the next writes succeed, on a pool of one).

use reqwest::StatusCode;
use serde_json::json;
use store::{Db, exec, on};

use crate::common::{ADMIN_PASSWORD, Browser, TestApp, id_number};

/// 64 people open the roster at once. Each view used to hold a read
/// transaction while the page layout took more connections, so a burst as
/// large as the pool stopped every request (0 of 16 finished).
async fn roster_burst(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    for i in 0..5 {
        let (s, b) = app
            .post(
                &admin,
                &format!("/api/v1/unions/{union}/members"),
                json!({"name": format!("会员{i}"), "id_number": id_number(i + 1)}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }
    let browser = Browser::login(&app, "admin", ADMIN_PASSWORD).await;
    let mut views = tokio::task::JoinSet::new();
    for i in 0..64 {
        let client = browser.client.clone();
        let url = if i % 2 == 0 {
            app.url(&format!("/unions/{union}/members"))
        } else {
            app.url(&format!("/unions/{union}/members/print"))
        };
        views.spawn(async move {
            let r = client.get(url).send().await.unwrap();
            (r.status(), r.text().await.unwrap())
        });
    }
    let mut ok = 0;
    while let Some(r) = views.join_next().await {
        let (status, page) = r.unwrap();
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("会员3"), "the roster lists its members");
        ok += 1;
    }
    assert_eq!(ok, 64);
    app.stop().await;
}
crate::both!(roster_views_in_a_burst_all_finish, roster_burst);

/// The database ends a transaction underneath the driver, as a full disk
/// or an I/O error does on SQLite (it rolls back by itself, so the driver's
/// own ROLLBACK then fails and it still believes it is inside one); on
/// PostgreSQL the server drops the connection. Either way the next request
/// on a pool of one connection must get a clean one.
async fn failed_transaction(app: TestApp) {
    let db = Db::connect_with(&app.db_url, Some(1)).await.unwrap();
    let mut tx = db.write().await.unwrap();
    exec!(&mut tx, sqlx::query("CREATE TABLE scratch (n BIGINT NOT NULL)")).unwrap();
    tx.commit().await.unwrap();

    for round in 0..3 {
        // Injected failure 1: the transaction ends behind the driver's back.
        let mut tx = db.write().await.unwrap();
        exec!(&mut tx, sqlx::query("INSERT INTO scratch (n) VALUES (1)")).unwrap();
        exec!(&mut tx, sqlx::query("ROLLBACK")).unwrap();
        drop(tx);
        write_once(&db, round).await;

        // Injected failure 2: a statement fails mid-transaction.
        let mut tx = db.write().await.unwrap();
        exec!(&mut tx, sqlx::query("INSERT INTO scratch (n) VALUES (2)")).unwrap();
        assert!(exec!(&mut tx, sqlx::query("INSERT INTO scratch (n) VALUES (NULL)")).is_err());
        drop(tx);
        write_once(&db, round).await;

        // Injected failure 3 (PostgreSQL): the server ends the connection.
        if app.backend.is_postgres() {
            let mut tx = db.write().await.unwrap();
            let r = exec!(&mut tx, sqlx::query("SELECT pg_terminate_backend(pg_backend_pid())"));
            assert!(r.is_err(), "the connection was cut");
            drop(tx);
            write_once(&db, round).await;
        }
    }
    // Only the writes that were committed are there: nothing half-written.
    let mut tx = db.read().await.unwrap();
    let rows: Vec<i64> =
        on!(&mut tx, c => sqlx::query_scalar("SELECT n FROM scratch ORDER BY n").fetch_all(c).await).unwrap();
    let expected_writes = if app.backend.is_postgres() { 9 } else { 6 };
    assert_eq!(rows, vec![100; expected_writes]);
    drop(tx);
    db.close().await;
    app.stop().await;
}
crate::both!(a_failed_transaction_leaves_the_connection_clean, failed_transaction);

async fn write_once(db: &Db, round: usize) {
    let mut tx = db
        .write()
        .await
        .unwrap_or_else(|e| panic!("round {round}: the next transaction could not begin: {e}"));
    exec!(&mut tx, sqlx::query("INSERT INTO scratch (n) VALUES (100)")).unwrap();
    tx.commit().await.unwrap();
}
