//! Issue 15 on both databases: ballots reached by id alone go through the
//! id → union directory (single-shard look-ups), and votes committed in
//! groups (SQLite) or one by one (PostgreSQL) answer truthfully under
//! bursts: every 201 stored and counted, every second vote and every vote
//! after close a 409 that stored nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::TestApp;
use crate::democracy::{Voter, fast_voters};

struct World {
    admin: String,
    union: String,
    chair: String,
}

async fn setup(app: &TestApp) -> World {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    app.user(&admin, "chair.g", "chair", Some(&union), Some(&union)).await;
    let chair = app.token("chair.g", crate::common::PASSWORD).await;
    World { admin, union, chair }
}

async fn open_motion(app: &TestApp, w: &World, voters: &[Voter]) -> String {
    let ids: Vec<&str> = voters.iter().map(|v| v.id.as_str()).collect();
    let (s, b) = app
        .post(
            &w.chair,
            &format!("/api/v1/unions/{}/ballots", w.union),
            json!({"kind": "motion", "title": "关于职工食堂改造方案的决议", "voter_user_ids": ids}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let id = b["id"].as_str().unwrap().to_owned();
    let (s, b) = app.post(&w.chair, &format!("/api/v1/ballots/{id}/open"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    id
}

/// Fires one vote per entry of `who` (indexes into `voters`) all at once;
/// answers (index, status, receipt) in the order given.
async fn burst(app: &TestApp, id: &str, voters: &[Voter], who: &[usize]) -> Vec<(usize, StatusCode, Value)> {
    let mut tasks = Vec::new();
    for &i in who {
        let url = app.url(&format!("/api/v1/ballots/{id}/vote"));
        let token = voters[i].token.clone();
        let choice = if i % 3 == 0 { "no" } else { "yes" };
        tasks.push(tokio::spawn(async move {
            let r = crate::common::client()
                .post(url)
                .bearer_auth(token)
                .json(&json!({"choice": choice}))
                .send()
                .await
                .unwrap();
            let s = r.status();
            (i, s, r.json::<Value>().await.unwrap_or(Value::Null))
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

async fn stored(app: &TestApp, union: &str, id: &str) -> i64 {
    let db = app.db().await;
    let mut tx = db.read().await.unwrap();
    let u = domain::UnionId(union.parse().unwrap());
    let n = store::democracy::cast_count(&mut tx, u, id.parse().unwrap()).await.unwrap();
    drop(tx);
    db.close().await;
    n
}

async fn close_and_tally(app: &TestApp, w: &World, id: &str) -> Value {
    let (s, b) = app.post(&w.chair, &format!("/api/v1/ballots/{id}/close"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, t) = app.get(&w.chair, &format!("/api/v1/ballots/{id}/tally")).await;
    assert_eq!(s, StatusCode::OK, "{t}");
    t
}

fn published(t: &Value) -> std::collections::HashSet<String> {
    t["ballots"].as_array().unwrap().iter().map(|p| p["receipt"].as_str().unwrap().to_owned()).collect()
}

/// 300 voters at once: 300 × 201, 300 on the roll, every receipt published.
async fn burst_all_counted(app: TestApp) {
    let w = setup(&app).await;
    let v = fast_voters(&app, &w.union, "g", 300).await;
    let id = open_motion(&app, &w, &v).await;
    let who: Vec<usize> = (0..v.len()).collect();
    let answers = burst(&app, &id, &v, &who).await;
    let mut receipts = std::collections::HashSet::new();
    for (i, s, b) in &answers {
        assert_eq!(*s, StatusCode::CREATED, "voter {i}: {b}");
        receipts.insert(b["receipt"].as_str().unwrap().to_owned());
    }
    assert_eq!(receipts.len(), 300);
    assert_eq!(stored(&app, &w.union, &id).await, 300);
    let t = close_and_tally(&app, &w, &id).await;
    assert_eq!(t["cast"], 300, "{t}");
    assert_eq!(published(&t), receipts, "every receipt answered is a published paper, and no other");
    app.stop().await;
}

crate::both!(vote_group_burst_all_counted, burst_all_counted);

/// A burst where a third of the voters vote twice in it: the second of each
/// pair answers 409 and nothing extra is stored.
async fn burst_with_second_votes(app: TestApp) {
    let w = setup(&app).await;
    let v = fast_voters(&app, &w.union, "h", 150).await;
    let id = open_motion(&app, &w, &v).await;
    let mut who: Vec<usize> = (0..v.len()).collect();
    who.extend((0..v.len()).filter(|i| i % 3 == 0));
    let answers = burst(&app, &id, &v, &who).await;
    let mut created = vec![0; v.len()];
    let mut receipts = std::collections::HashSet::new();
    for (i, s, b) in &answers {
        match *s {
            StatusCode::CREATED => {
                created[*i] += 1;
                receipts.insert(b["receipt"].as_str().unwrap().to_owned());
            }
            StatusCode::CONFLICT => assert_eq!(b["code"], "already_voted", "{b}"),
            other => panic!("voter {i}: {other} {b}"),
        }
    }
    assert!(created.iter().all(|&n| n == 1), "{created:?}");
    assert_eq!(answers.iter().filter(|a| a.1 == StatusCode::CONFLICT).count(), 50);
    assert_eq!(stored(&app, &w.union, &id).await, 150);
    let t = close_and_tally(&app, &w, &id).await;
    assert_eq!(t["cast"], 150, "{t}");
    assert_eq!(published(&t), receipts);
    app.stop().await;
}

crate::both!(vote_group_burst_with_second_votes, burst_with_second_votes);

/// The ballot is closed while a burst is in flight: each vote answers 201
/// (stored and counted) or 409 ballot_closed (nothing stored), and the
/// tally equals the number of 201s.
async fn close_during_burst(app: TestApp) {
    let w = setup(&app).await;
    let v = fast_voters(&app, &w.union, "k", 300).await;
    let id = open_motion(&app, &w, &v).await;
    let who: Vec<usize> = (0..v.len()).collect();
    let voting = {
        let base = app.base.clone();
        let id = id.clone();
        let tokens: Vec<(usize, String)> = who.iter().map(|&i| (i, v[i].token.clone())).collect();
        tokio::spawn(async move {
            let mut tasks = Vec::new();
            for (i, token) in tokens {
                let url = format!("{base}/api/v1/ballots/{id}/vote");
                tasks.push(tokio::spawn(async move {
                    let r = crate::common::client()
                        .post(url)
                        .bearer_auth(token)
                        .json(&json!({"choice": "yes"}))
                        .send()
                        .await
                        .unwrap();
                    let s = r.status();
                    (i, s, r.json::<Value>().await.unwrap_or(Value::Null))
                }));
            }
            let mut out = Vec::new();
            for t in tasks {
                out.push(t.await.unwrap());
            }
            out
        })
    };
    // Let part of the burst in, then close.
    tokio::time::sleep(std::time::Duration::from_millis(40)).await;
    let t = close_and_tally(&app, &w, &id).await;
    let answers = voting.await.unwrap();
    let mut receipts = std::collections::HashSet::new();
    for (i, s, b) in &answers {
        match *s {
            StatusCode::CREATED => {
                receipts.insert(b["receipt"].as_str().unwrap().to_owned());
            }
            StatusCode::CONFLICT => assert_eq!(b["code"], "ballot_closed", "voter {i}: {b}"),
            other => panic!("voter {i}: {other} {b}"),
        }
    }
    assert_eq!(t["cast"].as_u64(), Some(receipts.len() as u64), "{t}");
    assert_eq!(published(&t), receipts, "the papers published are exactly the votes answered 201");
    assert_eq!(stored(&app, &w.union, &id).await, receipts.len() as i64);
    eprintln!("close during burst: {} of 300 stored before close", receipts.len());
    app.stop().await;
}

crate::both!(vote_group_close_during_burst, close_during_burst);

/// A ballot reached by id alone is found through the directory: its row
/// names the union, and the ballot is then read in that union only. A
/// directory row pointing at another union makes every by-id look-up miss.
async fn by_id_through_directory(app: TestApp) {
    let w = setup(&app).await;
    let v = fast_voters(&app, &w.union, "d", 2).await;
    let id = open_motion(&app, &w, &v).await;
    let fed2 = app.org(&w.admin, "federation", "乙区总工会", None).await;
    let other = app.org(&w.admin, "union", "乙公司工会", Some(&fed2)).await;
    let (s, b) = app.get(&w.chair, &format!("/api/v1/ballots/{id}")).await;
    assert_eq!(s, StatusCode::OK, "{b}");

    let db = app.db().await;
    let ballot: uuid::Uuid = id.parse().unwrap();
    let union: uuid::Uuid = w.union.parse().unwrap();
    let mut tx = db.read().await.unwrap();
    let owner = store::directory::owner(&mut tx, store::directory::BALLOT, ballot).await.unwrap();
    assert_eq!(owner, Some(domain::UnionId(union)), "the ballot's directory row names its union");
    drop(tx);

    // Point the directory at another union: the by-id look-ups read that
    // union only, and find nothing.
    let sql = "UPDATE union_directory SET owner_union_id = $1 WHERE id = $2";
    let other_id: uuid::Uuid = other.parse().unwrap();
    match &db {
        store::Db::Sqlite(p) => sqlx::query(sql).bind(other_id).bind(ballot).execute(p).await.map(|_| ()),
        store::Db::Pg(p) => sqlx::query(sql).bind(other_id).bind(ballot).execute(p).await.map(|_| ()),
    }
    .unwrap();
    let mut tx = db.read().await.unwrap();
    let user: uuid::Uuid = v[0].id.parse().unwrap();
    assert!(store::democracy::ballot_by_id(&mut tx, ballot).await.unwrap().is_none());
    assert!(store::democracy::ballot_access(&mut tx, ballot, user).await.unwrap().is_none());
    drop(tx);
    // And so do the routes: the ballot, a vote, managing it.
    let (s, _) = app.get(&w.chair, &format!("/api/v1/ballots/{id}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.post(&v[0].token, &format!("/api/v1/ballots/{id}/vote"), json!({"choice": "yes"})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.post(&w.admin, &format!("/api/v1/ballots/{id}/close"), json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Put back, found again.
    match &db {
        store::Db::Sqlite(p) => sqlx::query(sql).bind(union).bind(ballot).execute(p).await.map(|_| ()),
        store::Db::Pg(p) => sqlx::query(sql).bind(union).bind(ballot).execute(p).await.map(|_| ()),
    }
    .unwrap();
    db.close().await;
    let (s, b) = app.post(&v[0].token, &format!("/api/v1/ballots/{id}/vote"), json!({"choice": "yes"})).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    app.stop().await;
}

crate::both!(vote_group_by_id_through_directory, by_id_through_directory);
