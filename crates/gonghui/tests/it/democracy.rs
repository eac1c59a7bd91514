//! Democratic management on both databases: the ballot contract of issue 6
//! (motions, elections with their rounds, appraisals, paper counts entered
//! twice), the congress (delegates, composition warnings, papers, check-in
//! and quorum), secrecy (a dump shows nothing joining a voter to a
//! choice), one person one ballot under concurrent submissions, and the
//! independent recount.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, id_number};

pub struct Voter {
    pub id: String,
    pub token: String,
}

/// `n` accounts with a member grant on `union` and an API token each,
/// written straight into the database (signing in through argon2 would take
/// seconds per hundred).
pub async fn fast_voters(app: &TestApp, union: &str, prefix: &str, n: usize) -> Vec<Voter> {
    let db = app.db().await;
    let mut tx = db.write().await.unwrap();
    let now = store::now();
    let union_id: uuid::Uuid = union.parse().unwrap();
    let mut out = Vec::new();
    for i in 0..n {
        let id = uuid::Uuid::now_v7();
        let u = store::auth::User {
            id,
            username: format!("{prefix}{i}"),
            display_name: format!("{prefix}{i}"),
            password_hash: "!".into(),
            home_org_id: Some(union_id),
            disabled_at: None,
            created_at: now,
            updated_at: now,
            must_change_password: false,
        };
        store::auth::insert_user(&mut tx, &u).await.unwrap();
        store::auth::insert_grant(&mut tx, uuid::Uuid::now_v7(), id, "member", Some(union_id), None, now)
            .await
            .unwrap();
        let token = app::auth::secrets::random_token();
        let hash = app::auth::secrets::token_hash(&token);
        store::auth::insert_token(&mut tx, &hash, id, now, now + chrono::Duration::days(1)).await.unwrap();
        out.push(Voter { id: id.to_string(), token });
    }
    tx.commit().await.unwrap();
    db.close().await;
    out
}

pub(crate) struct World {
    pub(crate) admin: String,
    pub(crate) union: String,
    pub(crate) chair: String,
    pub(crate) officer: String,
}

pub(crate) async fn setup(app: &TestApp) -> World {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    app.user(&admin, "chair.d", "chair", Some(&union), Some(&union)).await;
    app.user(&admin, "ganshi.d", "officer", Some(&union), Some(&union)).await;
    let chair = app.token("chair.d", crate::common::PASSWORD).await;
    let officer = app.token("ganshi.d", crate::common::PASSWORD).await;
    World { admin, union, chair, officer }
}

fn err(b: &Value) -> (&str, &str) {
    (b["code"].as_str().unwrap_or(""), b["field"].as_str().unwrap_or(""))
}

fn chinese(b: &Value) -> bool {
    b["message"].as_str().unwrap_or("").chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

async fn motion(app: &TestApp, w: &World, title: &str, voters: &[&Voter]) -> String {
    let ids: Vec<&str> = voters.iter().map(|v| v.id.as_str()).collect();
    let (s, b) = app
        .post(
            &w.chair,
            &format!("/api/v1/unions/{}/ballots", w.union),
            json!({"kind": "motion", "title": title, "voter_user_ids": ids}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

async fn vote(app: &TestApp, token: &str, ballot: &str, body: Value) -> (StatusCode, Value) {
    app.post(token, &format!("/api/v1/ballots/{ballot}/vote"), body).await
}

async fn open(app: &TestApp, w: &World, ballot: &str) {
    let (s, b) = app.post(&w.chair, &format!("/api/v1/ballots/{ballot}/open"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
}

async fn close(app: &TestApp, w: &World, ballot: &str) -> Value {
    let (s, b) = app.post(&w.chair, &format!("/api/v1/ballots/{ballot}/close"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b
}

/// The contract of issue 6 for a motion, with its bad input.
async fn motion_contract(app: TestApp) {
    let w = setup(&app).await;
    let v = fast_voters(&app, &w.union, "v", 5).await;
    let outsider = fast_voters(&app, &w.union, "x", 1).await.pop().unwrap();
    // Someone of another union.
    let fed2 = app.org(&w.admin, "federation", "乙区总工会", None).await;
    let union2 = app.org(&w.admin, "union", "乙公司工会", Some(&fed2)).await;
    let stranger = fast_voters(&app, &union2, "s", 1).await.pop().unwrap();

    let all: Vec<&Voter> = v.iter().collect();
    let id = motion(&app, &w, "关于2027年职工福利费使用方案的决议", &all).await;
    // A member may not make or run ballots.
    let (s, _) = app.post(&v[0].token, &format!("/api/v1/ballots/{id}/open"), json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Before it opens.
    let (s, b) = vote(&app, &v[0].token, &id, json!({"choice": "yes"})).await;
    assert_eq!((s, err(&b).0), (StatusCode::CONFLICT, "ballot_not_open"), "{b}");
    assert!(chinese(&b));
    open(&app, &w, &id).await;
    let (s, b) = app.post(&w.chair, &format!("/api/v1/ballots/{id}/open"), json!({})).await;
    assert_eq!((s, err(&b).0), (StatusCode::CONFLICT, "ballot_state"), "{b}");

    // Bad choices, refused in Chinese, nothing counted.
    for body in [json!({"choice": "maybe"}), json!({}), json!({"choices": ["yes", "no"]})] {
        let (s, b) = vote(&app, &v[0].token, &id, body).await;
        assert_eq!((s, err(&b).0), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_choice"), "{b}");
        assert!(chinese(&b), "{b}");
    }
    let (s, b) = vote(&app, &v[0].token, &id, json!({"choice": "yes", "extra": 1})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");

    // Two yes, one no, one abstain: a majority of those voting, not of the
    // five entitled.
    let mut receipts = Vec::new();
    for (voter, choice) in v.iter().zip(["yes", "yes", "no", "abstain"]) {
        let (s, b) = vote(&app, &voter.token, &id, json!({"choice": choice})).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        let r = b["receipt"].as_str().unwrap().to_owned();
        assert_eq!(r.len(), 30, "{r}");
        receipts.push((r, choice));
    }
    // A second vote.
    let (s, b) = vote(&app, &v[0].token, &id, json!({"choice": "no"})).await;
    assert_eq!((s, err(&b).0), (StatusCode::CONFLICT, "already_voted"), "{b}");
    assert!(chinese(&b));
    // Not on the roll: 403 for someone of the union, 404 for a stranger.
    let (s, b) = vote(&app, &outsider.token, &id, json!({"choice": "yes"})).await;
    assert_eq!((s, err(&b).0), (StatusCode::FORBIDDEN, "not_entitled"), "{b}");
    let (s, b) = vote(&app, &stranger.token, &id, json!({"choice": "yes"})).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{b}");
    let (s, _) = app.get(&stranger.token, &format!("/api/v1/ballots/{id}/tally")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // While open: turnout, but no counts and no papers.
    let (s, t) = app.get(&v[4].token, &format!("/api/v1/ballots/{id}/tally")).await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!((t["entitled"].as_i64(), t["cast"].as_i64()), (Some(5), Some(4)));
    assert!(t["yes"].is_null() && t["ballots"].as_array().unwrap().is_empty(), "{t}");
    assert_eq!(t["passed"], false);
    let (s, b) = app.get(&v[0].token, &format!("/api/v1/ballots/{id}/receipts/{}", receipts[0].0)).await;
    assert_eq!((s, err(&b).0), (StatusCode::CONFLICT, "ballot_state"), "{b}");

    close(&app, &w, &id).await;
    let (s, b) = vote(&app, &v[4].token, &id, json!({"choice": "yes"})).await;
    assert_eq!((s, err(&b).0), (StatusCode::CONFLICT, "ballot_closed"), "{b}");

    let (s, t) = app.get(&v[4].token, &format!("/api/v1/ballots/{id}/tally")).await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(t["entitled"], 5);
    assert_eq!(t["cast"], 4);
    assert_eq!((t["yes"].as_u64(), t["no"].as_u64(), t["abstain"].as_u64()), (Some(2), Some(1), Some(1)));
    assert_eq!(t["passed"], false, "2 of 5 entitled is not more than half: {t}");
    assert_eq!(t["items"][0]["rates"][0], "40.0%");
    let papers = t["ballots"].as_array().unwrap();
    assert_eq!(papers.len(), 4);
    for (r, choice) in &receipts {
        let p =
            papers.iter().find(|p| p["receipt"] == r.as_str()).unwrap_or_else(|| panic!("{r} not published"));
        assert_eq!(p["choice"], *choice);
    }
    // Published in receipt order.
    let order: Vec<&str> = papers.iter().map(|p| p["receipt"].as_str().unwrap()).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    assert!(t["minutes"].as_str().unwrap().contains("未通过"), "{t}");

    // A voter finds their receipt, typed loosely; a forged one is refused.
    let loose = receipts[2].0.to_lowercase().replace('-', " ");
    let (s, b) = app.get(&v[2].token, &format!("/api/v1/ballots/{id}/receipts/{loose}")).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!((b["receipt"].as_str(), b["choice"].as_str()), (Some(receipts[2].0.as_str()), Some("no")));
    let forged = "7ZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZZ";
    let (s, b) = app.get(&v[2].token, &format!("/api/v1/ballots/{id}/receipts/{forged}")).await;
    assert_eq!((s, err(&b).0), (StatusCode::NOT_FOUND, "receipt_not_found"), "{b}");
    assert!(b["message"].as_str().unwrap().contains("不在本次投票已公布的选票中"), "{b}");
    let (s, b) = app.get(&v[2].token, &format!("/api/v1/ballots/{id}/receipts/not-a-code")).await;
    assert_eq!((s, err(&b).0), (StatusCode::NOT_FOUND, "receipt_not_found"), "{b}");
    assert!(b["message"].as_str().unwrap().contains("格式不正确"), "{b}");

    // A passing motion: 3 of 5.
    let id2 = motion(&app, &w, "关于修订职工代表大会实施细则的决议", &all).await;
    open(&app, &w, &id2).await;
    for voter in &v[..3] {
        let (s, b) = vote(&app, &voter.token, &id2, json!({"choice": "yes"})).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }
    close(&app, &w, &id2).await;
    let (_, t) = app.get(&w.officer, &format!("/api/v1/ballots/{id2}/tally")).await;
    assert_eq!((t["yes"].as_u64(), t["passed"].as_bool()), (Some(3), Some(true)), "{t}");
    // Each closed ballot's result is on the disclosure board, read by voters.
    let (_, board) =
        app.get(&v[4].token, &format!("/api/v1/unions/{}/disclosures?category=democracy", w.union)).await;
    let items = board["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{board}");
    assert!(items[0]["title"].as_str().unwrap().contains("关于修订职工代表大会实施细则的决议"), "{board}");
    assert!(items[0]["body"].as_str().unwrap().contains("通过"), "{board}");

    // Creation is checked too.
    let url = format!("/api/v1/unions/{}/ballots", w.union);
    for (body, code, field) in [
        (json!({"kind": "vote", "title": "x", "voter_user_ids": [v[0].id]}), "invalid_value", "kind"),
        (json!({"kind": "motion", "title": "", "voter_user_ids": [v[0].id]}), "required", "title"),
        (json!({"kind": "motion", "title": "x", "voter_user_ids": []}), "required", "voter_user_ids"),
        (
            json!({"kind": "motion", "title": "x", "voter_user_ids": [uuid::Uuid::now_v7()]}),
            "invalid_value",
            "voter_user_ids[0]",
        ),
    ] {
        let (s, b) = app.post(&w.chair, &url, body).await;
        assert_eq!((s, err(&b)), (StatusCode::UNPROCESSABLE_ENTITY, (code, field)), "{b}");
        assert!(chinese(&b));
    }
    // Voters see their ballots.
    let (s, mine) = app.get(&v[0].token, "/api/v1/me/ballots").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(mine.as_array().unwrap().len(), 2, "{mine}");
    assert_eq!(mine[0]["voted"], true);
    app.stop().await;
}

crate::both!(democracy_motion_contract, motion_contract);

/// Rows of a table exactly as stored (no ORDER BY: SQLite walks the table's
/// b-tree, PostgreSQL its heap), every column as text.
async fn dump(db: &store::Db, table: &str) -> (Vec<String>, Vec<Vec<String>>) {
    match db {
        store::Db::Sqlite(p) => {
            let cols: Vec<String> =
                sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                    .fetch_all(p)
                    .await
                    .unwrap();
            let select: Vec<String> = cols
                .iter()
                .map(|c| {
                    format!("CASE WHEN typeof({c}) = 'blob' THEN lower(hex({c})) ELSE CAST({c} AS TEXT) END")
                })
                .collect();
            let rows: Vec<sqlx::sqlite::SqliteRow> =
                sqlx::query(&format!("SELECT {} FROM {table}", select.join(", ")))
                    .fetch_all(p)
                    .await
                    .unwrap();
            use sqlx::Row;
            let rows = rows
                .iter()
                .map(|r| (0..cols.len()).map(|i| r.get::<Option<String>, _>(i).unwrap_or_default()).collect())
                .collect();
            (cols, rows)
        }
        store::Db::Pg(p) => {
            let cols: Vec<String> = sqlx::query_scalar(
                "SELECT column_name::text FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position",
            )
            .bind(table)
            .fetch_all(p)
            .await
            .unwrap();
            let select: Vec<String> = cols.iter().map(|c| format!("replace({c}::text, '-', '')")).collect();
            let rows: Vec<sqlx::postgres::PgRow> =
                sqlx::query(&format!("SELECT {} FROM {table}", select.join(", ")))
                    .fetch_all(p)
                    .await
                    .unwrap();
            use sqlx::Row;
            let rows = rows
                .iter()
                .map(|r| (0..cols.len()).map(|i| r.get::<Option<String>, _>(i).unwrap_or_default()).collect())
                .collect();
            (cols, rows)
        }
    }
}

/// After a vote, the database is dumped: no column and no stored order
/// joins a voter to a choice.
async fn secrecy(app: TestApp) {
    let w = setup(&app).await;
    let v = fast_voters(&app, &w.union, "m", 30).await;
    let all: Vec<&Voter> = v.iter().collect();
    let id = motion(&app, &w, "关于职工休息休假安排的决议", &all).await;
    open(&app, &w, &id).await;
    let db = app.db().await;
    let audit_before = dump(&db, "audit_log").await.1.len();
    // Voters vote one after another in a known order, choices in a pattern
    // that any ordering leak would reproduce.
    let pattern = ["yes", "no", "abstain", "yes", "yes", "no"];
    let mut cast_order = Vec::new();
    for (i, voter) in v.iter().enumerate() {
        let choice = pattern[i % pattern.len()];
        let (s, b) = vote(&app, &voter.token, &id, json!({"choice": choice})).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        cast_order.push((voter.id.replace('-', ""), choice));
    }
    // Voting wrote no audit entry: the roll says who voted, and an entry's
    // time would line up with a paper.
    assert_eq!(dump(&db, "audit_log").await.1.len(), audit_before, "a vote was audited");

    // While open, the box holds the papers — keyed by receipt only.
    let (box_cols, box_rows) = dump(&db, "ballot_box").await;
    assert_eq!(box_cols, vec!["union_id", "ballot_id", "receipt", "marks"]);
    assert_eq!(box_rows.len(), 30);
    if app.backend == crate::common::Backend::Sqlite {
        // WITHOUT ROWID: stored in receipt order even while open.
        let receipts: Vec<&String> = box_rows.iter().map(|r| &r[2]).collect();
        let mut sorted = receipts.clone();
        sorted.sort();
        assert_eq!(receipts, sorted);
    }
    close(&app, &w, &id).await;

    let (cast_cols, cast_rows) = dump(&db, "ballot_cast").await;
    assert_eq!(
        cast_cols,
        vec!["union_id", "ballot_id", "user_id"],
        "the roll of who voted has no time, no order"
    );
    assert_eq!(cast_rows.len(), 30);
    let (paper_cols, paper_rows) = dump(&db, "ballot_papers").await;
    assert_eq!(paper_cols, vec!["union_id", "ballot_id", "receipt", "marks"]);
    assert_eq!(paper_rows.len(), 30);
    assert!(dump(&db, "ballot_box").await.1.is_empty(), "the box is emptied at close");
    // The only columns the two share name the ballot.
    let shared: Vec<&String> = cast_cols.iter().filter(|c| paper_cols.contains(c)).collect();
    assert_eq!(shared, vec!["union_id", "ballot_id"]);
    // No paper value is a user id, and none looks like a time.
    let user_ids: Vec<String> = v.iter().map(|x| x.id.replace('-', "")).collect();
    for row in &paper_rows {
        for value in row {
            assert!(!user_ids.iter().any(|u| value.contains(u.as_str())), "a paper holds a user id: {row:?}");
            assert!(!value.contains(':') || value.starts_with('['), "a paper holds a time: {row:?}");
        }
    }
    // Stored order: receipts ascending (random), not the order of voting.
    let receipts: Vec<&String> = paper_rows.iter().map(|r| &r[2]).collect();
    let mut sorted = receipts.clone();
    sorted.sort();
    assert_eq!(receipts, sorted, "papers are stored in receipt order");
    let stored_choices: Vec<String> =
        paper_rows.iter().map(|r| serde_json::from_str::<Vec<String>>(&r[3]).unwrap()[0].clone()).collect();
    let voted_choices: Vec<String> = cast_order.iter().map(|(_, c)| c.to_string()).collect();
    assert_ne!(stored_choices, voted_choices, "the papers' order gives away the order of voting");
    // Nor does the roll's order line up with the papers': the roll is kept
    // in user-id order (SQLite) or as written (PostgreSQL), the papers in
    // receipt order; pairing them row by row matches the true choices no
    // better than chance would.
    let roll_order: Vec<String> = cast_rows.iter().map(|r| r[2].clone()).collect();
    let true_choice = |u: &String| cast_order.iter().find(|(id, _)| id == u).unwrap().1;
    let matches =
        roll_order.iter().zip(&stored_choices).filter(|(u, c)| true_choice(u) == c.as_str()).count();
    assert!(matches < 25, "the roll and the papers line up ({matches} of 30)");
    // Each voter's paper is there, found by the receipt they hold, and the
    // counts add up.
    let (_, t) = app.get(&v[0].token, &format!("/api/v1/ballots/{id}/tally")).await;
    assert_eq!((t["yes"].as_u64(), t["no"].as_u64(), t["abstain"].as_u64()), (Some(15), Some(10), Some(5)));
    // Voting records are append-only.
    let tampered = match &db {
        store::Db::Sqlite(p) => {
            sqlx::query("UPDATE ballot_papers SET marks = '[\"yes\"]'").execute(p).await.map(|_| ())
        }
        store::Db::Pg(p) => {
            sqlx::query("UPDATE ballot_papers SET marks = '[\"yes\"]'").execute(p).await.map(|_| ())
        }
    };
    assert!(tampered.is_err(), "published papers could be changed");
    let removed = match &db {
        store::Db::Sqlite(p) => sqlx::query("DELETE FROM ballot_cast").execute(p).await.map(|_| ()),
        store::Db::Pg(p) => sqlx::query("DELETE FROM ballot_cast").execute(p).await.map(|_| ()),
    };
    assert!(removed.is_err(), "the roll could be changed");
    db.close().await;
    app.stop().await;
}

crate::both!(democracy_secret_ballot_dump, secrecy);

/// Many voters at once, and some voters twice at once: each counted once,
/// nothing lost.
async fn concurrent(app: TestApp) {
    let w = setup(&app).await;
    let v = fast_voters(&app, &w.union, "c", 80).await;
    let all: Vec<&Voter> = v.iter().collect();
    let id = motion(&app, &w, "关于年度工会经费预算的决议", &all).await;
    open(&app, &w, &id).await;
    let mut tasks = Vec::new();
    for (i, voter) in v.iter().enumerate() {
        // Every fourth voter submits twice at the same moment.
        let times = if i % 4 == 0 { 2 } else { 1 };
        for _ in 0..times {
            let url = app.url(&format!("/api/v1/ballots/{id}/vote"));
            let token = voter.token.clone();
            let choice = if i % 3 == 0 { "no" } else { "yes" };
            tasks.push(tokio::spawn(async move {
                let r = crate::common::client()
                    .post(url)
                    .bearer_auth(token)
                    .json(&json!({"choice": choice}))
                    .send()
                    .await
                    .unwrap();
                (i, r.status())
            }));
        }
    }
    let mut created = vec![0; v.len()];
    let mut conflicts = 0;
    for t in tasks {
        let (i, s) = t.await.unwrap();
        match s {
            StatusCode::CREATED => created[i] += 1,
            StatusCode::CONFLICT => conflicts += 1,
            other => panic!("voter {i}: {other}"),
        }
    }
    assert!(created.iter().all(|&n| n == 1), "{created:?}");
    assert_eq!(conflicts, 20);
    close(&app, &w, &id).await;
    let (_, t) = app.get(&w.chair, &format!("/api/v1/ballots/{id}/tally")).await;
    let no = (0..80).filter(|i| i % 3 == 0).count() as u64;
    assert_eq!(t["cast"], 80);
    assert_eq!((t["yes"].as_u64(), t["no"].as_u64()), (Some(80 - no), Some(no)), "{t}");
    assert_eq!(t["ballots"].as_array().unwrap().len(), 80);
    app.stop().await;
}

crate::both!(democracy_concurrent_votes_once_each, concurrent);

/// A congress: term, delegates with composition warnings, a session with
/// agenda and papers, check-in up to the quorum, a motion of the session.
async fn congress_session(app: TestApp) {
    let w = setup(&app).await;
    let u = &w.union;
    // Members: 6 of them, 3 women.
    let mut members = Vec::new();
    for i in 0..6u32 {
        let (s, b) = app
            .post(
                &w.admin,
                &format!("/api/v1/unions/{u}/members"),
                json!({"name": format!("代表{i}"), "id_number": id_number(i * 2 + if i < 3 { 2 } else { 1 })}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        members.push(b["id"].as_str().unwrap().to_owned());
    }
    let (s, t) = app.post(&w.chair, &format!("/api/v1/unions/{u}/congress/terms"), json!({"years": 2})).await;
    assert_eq!((s, err(&t)), (StatusCode::UNPROCESSABLE_ENTITY, ("invalid_term", "years")), "{t}");
    let (s, t) = app
        .post(
            &w.chair,
            &format!("/api/v1/unions/{u}/congress/terms"),
            json!({"years": 5, "starts_on": "2026-01-10"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    assert_eq!((t["number"].as_i64(), t["form"].as_str()), (Some(1), Some("delegates")));
    let term = t["id"].as_str().unwrap().to_owned();
    let accounts = fast_voters(&app, u, "dai", 6).await;
    let mut delegates = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let (s, d) = app
            .post(
                &w.officer,
                &format!("/api/v1/unions/{u}/congress/terms/{term}/delegates"),
                json!({"member_id": m, "user_id": accounts[i].id, "manager": i < 2, "frontline": i >= 2, "presidium": i < 3}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{d}");
        delegates.push(d["id"].as_str().unwrap().to_owned());
    }
    let (s, d) = app
        .post(
            &w.officer,
            &format!("/api/v1/unions/{u}/congress/terms/{term}/delegates"),
            json!({"member_id": members[0]}),
        )
        .await;
    assert_eq!((s, err(&d)), (StatusCode::CONFLICT, ("conflict", "member_id")), "{d}");
    let (s, list) = app.get(&w.officer, &format!("/api/v1/unions/{u}/congress/terms/{term}/delegates")).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    assert_eq!(list["composition"]["delegates"], 6);
    assert_eq!(list["composition"]["women"], 3, "{list}");
    let warnings: Vec<&str> =
        list["warnings"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
    assert!(warnings.iter().any(|w| w.contains("不少于30人")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("超过代表总数的20%")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("主席团中一线职工")), "{warnings:?}");

    let meets = (domain::time::today(chrono::Utc::now()) + chrono::Duration::days(3)).to_string();
    let (s, sess) = app
        .post(
            &w.chair,
            &format!("/api/v1/unions/{u}/congress/sessions"),
            json!({"meets_on": meets, "place": "职工之家"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{sess}");
    assert_eq!(sess["title"], "第1届职工代表大会第1次会议");
    assert!(sess["papers_warning"].as_str().unwrap().contains("已逾期"), "{sess}");
    let sid = sess["id"].as_str().unwrap().to_owned();
    let base = format!("/api/v1/unions/{u}/congress/sessions/{sid}");
    let (s, _) = app.post(&w.chair, &format!("{base}/agenda"), json!({"title": "审议工会工作报告"})).await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, p) = app.post(&w.chair, &format!("{base}/papers"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert!(p["papers_warning"].as_str().unwrap().contains("不足7天"), "{p}");

    // A motion of the session: its voters are the delegates.
    let (s, b) = app
        .post(
            &w.chair,
            &format!("/api/v1/unions/{u}/ballots"),
            json!({"kind": "motion", "title": "审议通过工会工作报告", "session_id": sid}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let bid = b["id"].as_str().unwrap().to_owned();
    // No quorum yet: 3 of 6 present, 4 needed.
    for d in &delegates[..3] {
        let (s, q) = app.post(&w.officer, &format!("{base}/checkins"), json!({"delegate_id": d})).await;
        assert_eq!(s, StatusCode::OK, "{q}");
    }
    let (s, e) = app.post(&w.chair, &format!("/api/v1/ballots/{bid}/open"), json!({})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "quorum_not_met"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("至少4人"), "{e}");
    // Checking in twice counts once.
    let (_, q) =
        app.post(&w.officer, &format!("{base}/checkins"), json!({"delegate_id": delegates[0]})).await;
    assert_eq!((q["present"].as_u64(), q["met"].as_bool()), (Some(3), Some(false)));
    let (_, q) =
        app.post(&w.officer, &format!("{base}/checkins"), json!({"delegate_id": delegates[3]})).await;
    assert_eq!(
        (q["present"].as_u64(), q["needed"].as_u64(), q["met"].as_bool()),
        (Some(4), Some(4), Some(true))
    );
    open(&app, &w, &bid).await;
    for a in &accounts[..4] {
        let (s, b) = vote(&app, &a.token, &bid, json!({"choice": "yes"})).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }
    close(&app, &w, &bid).await;
    let (_, t) = app.get(&accounts[5].token, &format!("/api/v1/ballots/{bid}/tally")).await;
    assert_eq!(
        (t["entitled"].as_i64(), t["present"].as_i64(), t["cast"].as_i64()),
        (Some(6), Some(4), Some(4))
    );
    assert_eq!(t["passed"], true, "4 of 6 delegates: {t}");
    let (s, v) = app.get(&w.officer, &base).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["quorum"]["met"], true);
    assert_eq!(v["agenda"][0]["title"], "审议工会工作报告");
    assert_eq!(v["ballots"][0]["status"], "closed");
    let (s, o) = app.get(&accounts[0].token, &format!("/api/v1/unions/{u}/congress")).await;
    assert_eq!(s, StatusCode::OK, "{o}");
    assert_eq!(o["sessions"].as_array().unwrap().len(), 1);
    app.stop().await;
}

crate::both!(democracy_congress_session_quorum, congress_session);

/// An election: the 差额 check, papers with too many names or a stranger,
/// write-ins, election by more than half of those entitled, a tie for the
/// last seat and the further round.
async fn election(app: TestApp) {
    let w = setup(&app).await;
    let v = fast_voters(&app, &w.union, "e", 10).await;
    let ids: Vec<&str> = v.iter().map(|x| x.id.as_str()).collect();
    let url = format!("/api/v1/unions/{}/ballots", w.union);
    let (s, e) = app
        .post(
            &w.chair,
            &url,
            json!({"kind": "election", "purpose": "committee", "title": "第五届工会委员会委员选举", "seats": 3,
                   "candidates": ["甲", "乙", "丙"], "voter_user_ids": ids}),
        )
        .await;
    assert_eq!((s, err(&e).0), (StatusCode::UNPROCESSABLE_ENTITY, "insufficient_candidates"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("差额"), "{e}");
    let (s, b) = app
        .post(
            &w.chair,
            &url,
            json!({"kind": "election", "purpose": "committee", "title": "第五届工会委员会委员选举", "seats": 3,
                   "candidates": ["甲", "乙", "丙", "丁", "戊"], "voter_user_ids": ids}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let id = b["id"].as_str().unwrap().to_owned();
    open(&app, &w, &id).await;
    let (s, e) = vote(&app, &v[0].token, &id, json!({"candidates": ["甲", "乙", "丙", "丁"]})).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("invalid_choice", "candidates")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("最多可选3人"), "{e}");
    let (s, e) = vote(&app, &v[0].token, &id, json!({"candidates": ["己"]})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e["message"].as_str().unwrap().contains("不是本次选举的候选人"), "{e}");
    // 甲 9 and 乙 7 are elected; 丙 and 丁 tie at 6 (more than half of the
    // 10 entitled) for the last seat: neither is, it goes to a further
    // round. 庚 is written in once.
    let papers: [&[&str]; 10] = [
        &["甲", "乙", "丙"],
        &["甲", "乙", "丁"],
        &["甲", "乙", "丙"],
        &["甲", "乙", "丁"],
        &["甲", "乙", "丙"],
        &["甲", "乙", "丁"],
        &["甲", "乙", "丙"],
        &["甲", "丁"],
        &["甲", "丙", "丁"],
        &["丙", "丁", "戊"],
    ];
    for (voter, marks) in v.iter().zip(papers) {
        let body = if voter.id == v[7].id {
            json!({"candidates": marks, "write_ins": ["庚"]})
        } else {
            json!({"candidates": marks})
        };
        let (s, b) = vote(&app, &voter.token, &id, body).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }
    close(&app, &w, &id).await;
    let (_, t) = app.get(&w.chair, &format!("/api/v1/ballots/{id}/tally")).await;
    let row = |n: &str| t["items"].as_array().unwrap().iter().find(|r| r["name"] == n).cloned().unwrap();
    assert_eq!(
        (row("甲")["counts"][0].as_u64(), row("甲")["passed"].as_bool()),
        (Some(9), Some(true)),
        "{t}"
    );
    assert_eq!((row("乙")["counts"][0].as_u64(), row("乙")["passed"].as_bool()), (Some(7), Some(true)));
    assert_eq!(row("丙")["counts"][0], 6);
    assert_eq!(row("丁")["counts"][0], 6);
    assert_eq!((row("丙")["tied"].as_bool(), row("丁")["tied"].as_bool()), (Some(true), Some(true)));
    assert_eq!((row("庚")["write_in"].as_bool(), row("庚")["counts"][0].as_u64()), (Some(true), Some(1)));
    assert_eq!(
        (t["valid"].as_bool(), t["unfilled"].as_u64(), t["passed"].as_bool()),
        (Some(true), Some(1), Some(false))
    );
    assert!(t["minutes"].as_str().unwrap().contains("当选：甲、乙"), "{t}");
    // The further round: one seat, 丙 and 丁.
    let (s, n) = app.post(&w.chair, &format!("/api/v1/ballots/{id}/next-round"), json!({})).await;
    assert_eq!(s, StatusCode::CREATED, "{n}");
    let next = n["id"].as_str().unwrap();
    let (_, nb) = app.get(&v[0].token, &format!("/api/v1/ballots/{next}")).await;
    assert_eq!(nb["round"], 2);
    assert_eq!(nb["seats"], 1);
    assert_eq!(nb["items"], json!(["丙", "丁"]), "{nb}");
    let (s, e) = app.post(&w.chair, &format!("/api/v1/ballots/{id}/next-round"), json!({})).await;
    assert_eq!(s, StatusCode::CREATED, "a second further round may be made again: {e}");
    app.stop().await;
}

crate::both!(democracy_election_rounds, election);

/// A democratic appraisal: every cadre rated; counts and rates per cadre.
async fn appraisal(app: TestApp) {
    let w = setup(&app).await;
    let v = fast_voters(&app, &w.union, "a", 4).await;
    let ids: Vec<&str> = v.iter().map(|x| x.id.as_str()).collect();
    let (s, b) = app
        .post(
            &w.chair,
            &format!("/api/v1/unions/{}/ballots", w.union),
            json!({"kind": "appraisal", "title": "2026年度工会干部民主评议", "cadres": ["王主席", "李干事"], "voter_user_ids": ids}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let id = b["id"].as_str().unwrap().to_owned();
    open(&app, &w, &id).await;
    let (s, e) = vote(&app, &v[0].token, &id, json!({"ratings": ["excellent"]})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e["message"].as_str().unwrap().contains("逐一评议"), "{e}");
    for (voter, r) in v.iter().zip([
        ["excellent", "competent"],
        ["excellent", "basic"],
        ["competent", "competent"],
        ["excellent", "incompetent"],
    ]) {
        let (s, b) = vote(&app, &voter.token, &id, json!({"ratings": r})).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }
    close(&app, &w, &id).await;
    let (_, t) = app.get(&w.chair, &format!("/api/v1/ballots/{id}/tally")).await;
    assert_eq!(t["columns"], json!(["优秀", "称职", "基本称职", "不称职"]));
    assert_eq!(t["items"][0]["counts"], json!([3, 1, 0, 0]), "{t}");
    assert_eq!(t["items"][0]["rates"][0], "75.0%");
    assert_eq!(t["items"][1]["counts"], json!([0, 2, 1, 1]));
    assert_eq!(t["ballots"][0]["marks"].as_array().unwrap().len(), 2);
    app.stop().await;
}

crate::both!(democracy_appraisal, appraisal);

/// Paper ballots: the counts are entered twice by two people; a difference
/// is shown, agreement closes the ballot.
async fn paper(app: TestApp) {
    let w = setup(&app).await;
    let (s, b) = app
        .post(
            &w.chair,
            &format!("/api/v1/unions/{}/ballots", w.union),
            json!({"kind": "motion", "mode": "paper", "title": "关于职工食堂改造的决议", "entitled": 50}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let id = b["id"].as_str().unwrap().to_owned();
    let (s, e) = vote(&app, &w.chair, &id, json!({"choice": "yes"})).await;
    assert!(s == StatusCode::FORBIDDEN || s == StatusCode::CONFLICT, "{s} {e}");
    let counts = |yes: u64| {
        json!({"present": 45, "cast": 44, "invalid": 1,
               "rows": [{"name": "关于职工食堂改造的决议", "counts": [yes, 10, 33 - yes]}]})
    };
    let url = format!("/api/v1/ballots/{id}/counts");
    let (s, e) = app.post(&w.chair, &url, counts(30)).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "ballot_state"), "{e}");
    open(&app, &w, &id).await;
    let b = close(&app, &w, &id).await;
    assert_eq!(b["status"], "counting");
    // Over the valid papers: refused.
    let (s, e) = app
        .post(&w.chair, &url, json!({"present": 45, "cast": 44, "invalid": 1, "rows": [{"name": "关于职工食堂改造的决议", "counts": [40, 10, 0]}]}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e["message"].as_str().unwrap().contains("多于有效票"), "{e}");
    let (s, o) = app.post(&w.chair, &url, counts(27)).await;
    assert_eq!(s, StatusCode::CREATED, "{o}");
    assert_eq!((o["entry"].as_i64(), o["accepted"].as_bool()), (Some(1), Some(false)));
    // The same person again does not confirm it.
    let (_, o) = app.post(&w.chair, &url, counts(27)).await;
    assert_eq!(o["accepted"], false, "{o}");
    // Another person, a different count: the differences are named.
    let (_, o) = app.post(&w.officer, &url, counts(26)).await;
    assert_eq!(o["accepted"], false, "{o}");
    assert!(o["differences"][0].as_str().unwrap().contains("关于职工食堂改造的决议"), "{o}");
    // Counted again: agreement closes it.
    let (_, o) = app.post(&w.officer, &url, counts(27)).await;
    assert_eq!(o["accepted"], true, "{o}");
    let (_, t) = app.get(&w.chair, &format!("/api/v1/ballots/{id}/tally")).await;
    assert_eq!(t["status"], "closed");
    assert_eq!(
        (t["yes"].as_u64(), t["cast"].as_i64(), t["present"].as_i64()),
        (Some(27), Some(44), Some(45)),
        "{t}"
    );
    assert_eq!(t["passed"], true, "27 of 50: {t}");
    assert!(t["ballots"].as_array().unwrap().is_empty());
    let (_, board) =
        app.get(&w.chair, &format!("/api/v1/unions/{}/disclosures?category=democracy", w.union)).await;
    assert_eq!(board["items"].as_array().unwrap().len(), 1, "the paper result is published: {board}");
    let (s, e) = app.post(&w.officer, &url, counts(27)).await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    app.stop().await;
}

crate::both!(democracy_paper_counts_entered_twice, paper);

/// `gonghui tally verify`: the database's closed ballots recount to their
/// results, a downloaded tally recounts on its own, and a changed paper or
/// a changed count is found.
async fn tally_verify(app: TestApp) {
    let w = setup(&app).await;
    let v = fast_voters(&app, &w.union, "t", 7).await;
    let ids: Vec<&str> = v.iter().map(|x| x.id.as_str()).collect();
    let (_, b) = app
        .post(
            &w.chair,
            &format!("/api/v1/unions/{}/ballots", w.union),
            json!({"kind": "election", "title": "女职工委员会委员选举", "purpose": "women_committee", "seats": 2,
                   "candidates": ["赵", "钱", "孙"], "voter_user_ids": ids}),
        )
        .await;
    let id = b["id"].as_str().unwrap().to_owned();
    open(&app, &w, &id).await;
    for (i, voter) in v.iter().enumerate() {
        let marks = if i % 2 == 0 { json!(["赵", "钱"]) } else { json!(["赵", "孙"]) };
        let (s, b) = vote(&app, &voter.token, &id, json!({"candidates": marks})).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }
    close(&app, &w, &id).await;
    let motion_id = motion(&app, &w, "关于评选先进职工的决议", &v.iter().collect::<Vec<_>>()).await;
    open(&app, &w, &motion_id).await;
    vote(&app, &v[0].token, &motion_id, json!({"choice": "yes"})).await;
    close(&app, &w, &motion_id).await;

    let db = app.db().await;
    let recounts = gonghui::verify::tallies(&db, None).await.unwrap();
    assert_eq!(recounts.len(), 2);
    assert!(recounts.iter().all(|r| r.problems.is_empty()), "{recounts:?}");

    // The published tally, recounted from the file alone.
    let (_, t) = app.get(&v[1].token, &format!("/api/v1/ballots/{id}/tally")).await;
    assert_eq!(t["items"][0]["passed"], true, "{t}");
    assert!(gonghui::verify::tally_file(&t.to_string()).unwrap().is_empty());
    let mut forged = t.clone();
    forged["items"][1]["counts"][0] = json!(7);
    let problems = gonghui::verify::tally_file(&forged.to_string()).unwrap();
    assert!(problems.iter().any(|p| p.contains("重新计票与公布的结果不符")), "{problems:?}");
    let mut flipped = t.clone();
    flipped["items"][2]["passed"] = json!(true);
    assert!(!gonghui::verify::tally_file(&flipped.to_string()).unwrap().is_empty());

    // A paper changed behind the application's back is found.
    let tamper = "UPDATE ballot_papers SET marks = '[\"孙\"]' WHERE receipt = (SELECT MIN(receipt) FROM ballot_papers WHERE marks LIKE '%钱%')";
    match &db {
        store::Db::Sqlite(p) => {
            sqlx::query("DROP TRIGGER ballot_papers_no_update").execute(p).await.unwrap();
            sqlx::query(tamper).execute(p).await.unwrap();
        }
        store::Db::Pg(p) => {
            sqlx::query("ALTER TABLE ballot_papers DISABLE TRIGGER ballot_papers_append_only")
                .execute(p)
                .await
                .unwrap();
            sqlx::query(tamper).execute(p).await.unwrap();
        }
    }
    let recounts = gonghui::verify::tallies(&db, Some(id.parse().unwrap())).await.unwrap();
    assert_eq!(recounts.len(), 1);
    assert!(recounts[0].problems.iter().any(|p| p.contains("不符")), "{recounts:?}");
    db.close().await;
    app.stop().await;
}

crate::both!(democracy_tally_verify_recounts, tally_verify);

/// A delegate election (职工代表选举): the winners are seated as delegates
/// of a term, linked to the members of their names, once.
async fn delegate_election(app: TestApp) {
    let w = setup(&app).await;
    let u = &w.union;
    let mut members = Vec::new();
    for (i, name) in ["甲", "乙", "丙"].iter().enumerate() {
        let (s, b) = app
            .post(
                &w.admin,
                &format!("/api/v1/unions/{u}/members"),
                json!({"name": name, "id_number": id_number(i as u32 + 40)}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        members.push(b["id"].as_str().unwrap().to_owned());
    }
    let (_, t) = app.post(&w.chair, &format!("/api/v1/unions/{u}/congress/terms"), json!({"years": 3})).await;
    let term = t["id"].as_str().unwrap().to_owned();
    let v = fast_voters(&app, u, "de", 4).await;
    let ids: Vec<&str> = v.iter().map(|x| x.id.as_str()).collect();
    let (s, b) = app
        .post(
            &w.chair,
            &format!("/api/v1/unions/{u}/ballots"),
            json!({"kind": "election", "purpose": "delegates", "title": "第一车间职工代表选举", "seats": 2,
                   "candidates": ["甲", "乙", "丙"], "voter_user_ids": ids}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let id = b["id"].as_str().unwrap().to_owned();
    let seat = format!("/api/v1/ballots/{id}/delegates");
    let (s, e) = app.post(&w.chair, &seat, json!({"term_id": term})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "ballot_state"), "{e}");
    open(&app, &w, &id).await;
    for (i, voter) in v.iter().enumerate() {
        let marks = if i < 3 { json!(["甲", "乙"]) } else { json!(["丙"]) };
        let (s, b) = vote(&app, &voter.token, &id, json!({"candidates": marks})).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }
    close(&app, &w, &id).await;
    let (s, added) = app.post(&w.officer, &seat, json!({"term_id": term})).await;
    assert_eq!(s, StatusCode::CREATED, "{added}");
    let names: Vec<&str> = added.as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["甲", "乙"]);
    assert_eq!(added[0]["member_id"], members[0].as_str());
    assert_eq!(added[0]["source"], "elected");
    let (_, again) = app.post(&w.officer, &seat, json!({"term_id": term})).await;
    assert_eq!(again, json!([]), "seated twice");
    let (_, list) = app.get(&w.officer, &format!("/api/v1/unions/{u}/congress/terms/{term}/delegates")).await;
    assert_eq!(list["composition"]["delegates"], 2);
    // A motion's "winners" are nobody's delegates.
    let m = motion(&app, &w, "关于某事的决议", &v.iter().collect::<Vec<_>>()).await;
    let (s, e) =
        app.post(&w.chair, &format!("/api/v1/ballots/{m}/delegates"), json!({"term_id": term})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "ballot_state"), "{e}");
    app.stop().await;
}

crate::both!(democracy_delegate_election_seats_winners, delegate_election);
