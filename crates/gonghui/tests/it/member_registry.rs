//! The nationwide one-membership rule rests on the member registry (a
//! directory keyed by the ID hash), not on a global index of `members`: the
//! same ID number cannot be active in two unions, also when two unions
//! register, import or approve the person at the same moment, and also when
//! the app's own look-ups are bypassed.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{TestApp, client, id_number};

struct World {
    union_a: String,
    union_b: String,
    chair_a: String,
    chair_b: String,
}

async fn setup(app: &TestApp) -> World {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union_a = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let union_b = app.org(&admin, "union", "乙公司工会", Some(&fed)).await;
    app.user(&admin, "chair.a", "chair", Some(&union_a), Some(&union_a)).await;
    app.user(&admin, "chair.b", "chair", Some(&union_b), Some(&union_b)).await;
    let chair_a = app.token("chair.a", crate::common::PASSWORD).await;
    let chair_b = app.token("chair.b", crate::common::PASSWORD).await;
    World { union_a, union_b, chair_a, chair_b }
}

fn members(u: &str) -> String {
    format!("/api/v1/unions/{u}/members")
}

async fn import(app: &TestApp, token: &str, union: &str, csv: String) -> (StatusCode, Value) {
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("花名册.csv"));
    let r = client()
        .post(app.url(&format!("{}/import?dry_run=false", members(union))))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let st = r.status();
    (st, r.json().await.unwrap_or(Value::Null))
}

/// (ID hashes held by more than one member, held members, registry rows,
/// registry rows that match no held member).
async fn invariant(app: &TestApp) -> (i64, i64, i64, i64) {
    let db = app.db().await;
    let q = [
        "SELECT COUNT(*) FROM (SELECT id_hash FROM members WHERE status IN ('active', 'retained') \
         GROUP BY id_hash HAVING COUNT(*) > 1) d",
        "SELECT COUNT(*) FROM members WHERE status IN ('active', 'retained')",
        "SELECT COUNT(*) FROM member_registry",
        "SELECT COUNT(*) FROM member_registry r WHERE NOT EXISTS (SELECT 1 FROM members m \
         WHERE m.union_id = r.holder_union_id AND m.id = r.member_id AND m.id_hash = r.id_hash \
         AND m.status IN ('active', 'retained'))",
    ];
    let mut out = [0i64; 4];
    for (i, sql) in q.iter().enumerate() {
        out[i] = match &db {
            store::Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
            store::Db::Pg(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
        };
    }
    (out[0], out[1], out[2], out[3])
}

async fn races(app: TestApp) {
    let w = setup(&app).await;

    // Two unions register the same person at the same moment: one wins, the
    // other is told (as when the two come one after the other) — whichever
    // of the two checks catches it.
    for i in 0..6 {
        let body = json!({"name": format!("同{i}"), "id_number": id_number(100 + i)});
        let (url_a, url_b) = (members(&w.union_a), members(&w.union_b));
        let (a, b) = tokio::join!(
            app.post(&w.chair_a, &url_a, body.clone()),
            app.post(&w.chair_b, &url_b, body.clone()),
        );
        let mut statuses = [a.0, b.0];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT], "{a:?} {b:?}");
        let lost = if a.0 == StatusCode::CONFLICT { &a.1 } else { &b.1 };
        assert_eq!(lost["field"], "id_number", "{lost}");
        assert!(matches!(lost["code"].as_str(), Some("member_active_elsewhere" | "conflict")), "{lost}");
    }

    // Two unions import the same 30 people at the same moment: each person
    // ends up a member of one union only.
    let mut csv = String::from("姓名,身份证号\n");
    for i in 0..30 {
        csv.push_str(&format!("导入{i},{}\n", id_number(200 + i)));
    }
    let (a, b) = tokio::join!(
        import(&app, &w.chair_a, &w.union_a, csv.clone()),
        import(&app, &w.chair_b, &w.union_b, csv.clone())
    );
    let imported = |r: &(StatusCode, Value)| r.1["imported"].as_i64().unwrap_or(0);
    assert_eq!(imported(&a) + imported(&b), 30, "every person once: {a:?} {b:?}");

    // Two unions approve applications of the same person at the same moment.
    let mut joins = Vec::new();
    for (chair, union) in [(&w.chair_a, &w.union_a), (&w.chair_b, &w.union_b)] {
        let url = format!("/api/v1/unions/{union}/member-settings");
        let (st, b) = app.api(Some(chair), Method::PUT, &url, Some(json!({"join_open": true}))).await;
        assert_eq!(st, StatusCode::OK, "{b}");
        let join = b["join_url"].as_str().unwrap().to_owned();
        let body = json!({"name": "两边申请", "id_number": id_number(300)});
        let (st, b) = app.api(None, Method::POST, &format!("/api/v1{join}"), Some(body)).await;
        assert_eq!(st, StatusCode::ACCEPTED, "{b}");
        let (_, apps) = app.get(chair, &format!("{}?status=applying", members(union))).await;
        joins.push(apps["items"][0]["id"].as_str().unwrap().to_owned());
    }
    let approve = |chair: &str, union: &str, id: &str| {
        let (chair, url) = (chair.to_owned(), format!("{}/{id}/status", members(union)));
        let app = &app;
        async move { app.post(&chair, &url, json!({"status": "active"})).await }
    };
    let (a, b) =
        tokio::join!(approve(&w.chair_a, &w.union_a, &joins[0]), approve(&w.chair_b, &w.union_b, &joins[1]));
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "{a:?} {b:?}");

    let (dups, held, registry, stray) = invariant(&app).await;
    assert_eq!((dups, stray), (0, 0), "no person held twice, no stray registry entry");
    assert_eq!((held, registry), (6 + 30 + 1, 6 + 30 + 1));
    app.stop().await;
}

crate::both!(same_id_number_races_one_union_wins, races);

/// Below the app's own look-ups: a member row written straight through the
/// store for a second union is refused by the registry, in that transaction.
async fn registry_is_the_guard(app: TestApp) {
    let w = setup(&app).await;
    let (st, m) =
        app.post(&w.chair_a, &members(&w.union_a), json!({"name": "王五", "id_number": id_number(21)})).await;
    assert_eq!(st, StatusCode::CREATED, "{m}");
    let db = app.db().await;
    let a = domain::UnionId(w.union_a.parse().unwrap());
    let mut tx = db.write().await.unwrap();
    let mut row = store::member::get(&mut tx, a, m["id"].as_str().unwrap().parse().unwrap())
        .await
        .unwrap()
        .expect("A's member");
    drop(tx);
    row.union_id = w.union_b.parse().unwrap();
    row.id = uuid::Uuid::now_v7();
    row.card_number = None;
    let mut tx = db.write().await.unwrap();
    let e = store::member::insert_many(&mut tx, std::slice::from_ref(&row)).await.unwrap_err();
    assert!(store::is_unique_violation(&e), "the registry refuses a second membership: {e}");
    drop(tx);
    // As an applicant (no membership) the same row is fine, and making it a
    // member through the store fails the same way.
    row.status = "applying".into();
    let mut tx = db.write().await.unwrap();
    store::member::insert_many(&mut tx, std::slice::from_ref(&row)).await.unwrap();
    let b = domain::UnionId(row.union_id);
    let e =
        store::member::set_status(&mut tx, b, row.id, "active", None, None, store::now()).await.unwrap_err();
    assert!(store::is_unique_violation(&e), "{e}");
    drop(tx);

    // Retained (保留会籍) still holds the membership; withdrawn does not,
    // and then B may take the person in — and A may not take them back.
    let url = format!("{}/{}/status", members(&w.union_a), m["id"].as_str().unwrap());
    let url_b = members(&w.union_b);
    let in_b = || app.post(&w.chair_b, &url_b, json!({"name": "王五", "id_number": id_number(21)}));
    let (st, b) = app.post(&w.chair_a, &url, json!({"status": "retained", "reason": "出国"})).await;
    assert_eq!(st, StatusCode::OK, "{b}");
    let (st, b) = in_b().await;
    assert_eq!((st, b["code"].as_str()), (StatusCode::CONFLICT, Some("member_active_elsewhere")), "{b}");
    let (st, b) = app.post(&w.chair_a, &url, json!({"status": "withdrawn", "reason": "调离"})).await;
    assert_eq!(st, StatusCode::OK, "{b}");
    let (st, b) = in_b().await;
    assert_eq!(st, StatusCode::CREATED, "{b}");
    let (st, b) =
        app.post(&w.chair_a, &members(&w.union_a), json!({"name": "王五", "id_number": id_number(21)})).await;
    assert_eq!((st, b["code"].as_str()), (StatusCode::CONFLICT, Some("member_active_elsewhere")), "{b}");
    let (dups, held, registry, stray) = invariant(&app).await;
    assert_eq!((dups, held, registry, stray), (0, 1, 1, 0));
    app.stop().await;
}

crate::both!(member_registry_refuses_a_second_membership, registry_is_the_guard);
