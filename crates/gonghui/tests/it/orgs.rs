//! The org tree through the API: create, edit, move, archive, committees.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::TestApp;

async fn tree(app: TestApp) {
    let admin = app.admin().await;
    let city = app.org(&admin, "federation", "市总工会", None).await;
    let d1 = app.org(&admin, "federation", "一区总工会", Some(&city)).await;
    let d2 = app.org(&admin, "federation", "二区总工会", Some(&city)).await;
    let (s, u) = app
        .post(&admin, "/api/v1/orgs", json!({"name": "某厂工会", "kind": "union", "parent_id": d1, "credit_code": " 91350100m000100y43 ", "employer_type": "non_public", "staff_count": 320, "founded_on": "2010-05-01"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{u}");
    let union = u["id"].as_str().unwrap().to_owned();
    assert_eq!(u["credit_code"], "91350100M000100Y43");
    assert_eq!(u["union_id"], union.as_str());
    assert_eq!(u["employer_type_label"], "非公有制企业");
    let group = app.org(&admin, "group", "一车间", Some(&union)).await;
    let (_, g) = app.get(&admin, &format!("/api/v1/orgs/{group}")).await;
    assert_eq!(g["union_id"], union.as_str());

    // The credit code is unique.
    let (s, b) = app
        .post(
            &admin,
            "/api/v1/orgs",
            json!({"name": "重复", "kind": "union", "parent_id": d1, "credit_code": "91350100M000100Y43"}),
        )
        .await;
    assert_eq!((s, b["code"].as_str()), (StatusCode::CONFLICT, Some("duplicate_credit_code")));

    // Edit only what is given; null clears.
    let (s, e) = app
        .api(
            Some(&admin),
            Method::PATCH,
            &format!("/api/v1/orgs/{union}"),
            Some(json!({"staff_count": 330, "founded_on": null})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{e}");
    assert_eq!(
        (e["staff_count"].as_i64(), e["founded_on"].is_null(), e["name"].as_str()),
        (Some(330), true, Some("某厂工会"))
    );

    // Moving a union moves its subtree; the federation above sees it there.
    let (s, _) = app.post(&admin, &format!("/api/v1/orgs/{union}/move"), json!({"parent_id": d2})).await;
    assert_eq!(s, StatusCode::OK);
    app.user(&admin, "er.qu", "federation", Some(&d2), Some(&d2)).await;
    let fed2 = app.token("er.qu", crate::common::PASSWORD).await;
    assert_eq!(app.get(&fed2, &format!("/api/v1/orgs/{group}")).await.0, StatusCode::OK);
    let (_, kids) = app.get(&fed2, &format!("/api/v1/orgs?parent_id={union}")).await;
    assert_eq!(kids["items"][0]["name"], "一车间");
    // A node cannot go below itself; a group stays in its union.
    let (s, b) = app.post(&admin, &format!("/api/v1/orgs/{city}/move"), json!({"parent_id": d1})).await;
    assert_eq!((s, b["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("move_into_own_subtree")));
    let other = app.org(&admin, "union", "别厂工会", Some(&d2)).await;
    let (s, b) = app.post(&admin, &format!("/api/v1/orgs/{group}/move"), json!({"parent_id": other})).await;
    assert_eq!((s, b["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_parent")));

    // Archive: not while children are active; archived nodes are kept, hidden
    // from lists by default, and cannot be edited; restore brings them back.
    let (s, b) = app.post(&admin, &format!("/api/v1/orgs/{union}/archive"), json!({})).await;
    assert_eq!((s, b["code"].as_str()), (StatusCode::CONFLICT, Some("org_has_active_children")));
    assert_eq!(app.post(&admin, &format!("/api/v1/orgs/{group}/archive"), json!({})).await.0, StatusCode::OK);
    assert_eq!(app.post(&admin, &format!("/api/v1/orgs/{union}/archive"), json!({})).await.0, StatusCode::OK);
    let (_, list) = app.get(&admin, "/api/v1/orgs?kind=union").await;
    assert_eq!(list["total"], 1);
    let (_, list) = app.get(&admin, "/api/v1/orgs?kind=union&include_archived=true").await;
    assert_eq!(list["total"], 2);
    let (s, b) = app
        .api(Some(&admin), Method::PATCH, &format!("/api/v1/orgs/{union}"), Some(json!({"name": "改名"})))
        .await;
    assert_eq!((s, b["code"].as_str()), (StatusCode::CONFLICT, Some("org_archived")));
    let (s, b) = app.post(&admin, &format!("/api/v1/orgs/{group}/restore"), json!({})).await;
    assert_eq!((s, b["field"].as_str()), (StatusCode::CONFLICT, Some("parent_id")));
    assert_eq!(app.post(&admin, &format!("/api/v1/orgs/{union}/restore"), json!({})).await.0, StatusCode::OK);
    app.stop().await;
}

crate::both!(org_tree_lifecycle, tree);

async fn committee(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "总工会", None).await;
    let union = app.org(&admin, "union", "工会", Some(&fed)).await;
    let base = format!("/api/v1/orgs/{union}/committee");

    // No term yet: posts have nowhere to go.
    let (s, b) =
        app.post(&admin, &format!("{base}/posts"), json!({"post": "chair", "person_name": "王"})).await;
    assert_eq!((s, b["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("term_id")));
    let (s, b) =
        app.post(&admin, &format!("{base}/terms"), json!({"starts_on": "2022-01-01", "years": 4})).await;
    assert_eq!((s, b["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_term")));

    // A term that ended long ago, then the current one.
    let (s, t1) =
        app.post(&admin, &format!("{base}/terms"), json!({"starts_on": "2016-03-01", "years": 5})).await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!((t1["number"].as_i64(), t1["ends_on"].as_str()), (Some(1), Some("2021-03-01")));
    let (_, c) = app.get(&admin, &base).await;
    assert_eq!(c["term_status"], "expired");

    let today = chrono::Utc::now().date_naive();
    // Started three years minus three months ago for three years: ends in three months.
    let start = today.checked_sub_months(chrono::Months::new(33)).unwrap();
    let (s, t2) = app.post(&admin, &format!("{base}/terms"), json!({"starts_on": start, "years": 3})).await;
    assert_eq!(s, StatusCode::CREATED, "{t2}");
    assert_eq!(t2["number"], 2);
    let (_, c) = app.get(&admin, &base).await;
    assert_eq!(c["term_status"], "ending_soon");
    // Not before the previous one.
    let (s, _) =
        app.post(&admin, &format!("{base}/terms"), json!({"starts_on": "2015-01-01", "years": 5})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    // Posts go on the newest term; one chair per term.
    let (s, p) =
        app.post(&admin, &format!("{base}/posts"), json!({"post": "chair", "person_name": "王建国"})).await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, b) =
        app.post(&admin, &format!("{base}/posts"), json!({"post": "chair", "person_name": "李"})).await;
    assert_eq!((s, b["field"].as_str()), (StatusCode::CONFLICT, Some("post")));
    let (_, c) = app.get(&admin, &base).await;
    assert_eq!(c["posts"][0]["post_label"], "主席");
    assert_eq!(c["posts"][0]["term_id"], t2["id"]);
    let (s, _) = app
        .api(Some(&admin), Method::DELETE, &format!("{base}/posts/{}", p["id"].as_str().unwrap()), None)
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(
        app.post(&admin, &format!("{base}/posts"), json!({"post": "chair", "person_name": "李"})).await.0,
        StatusCode::CREATED
    );

    // Committees belong to grassroots unions only.
    let (s, _) = app.get(&admin, &format!("/api/v1/orgs/{fed}/committee")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    app.stop().await;
}

crate::both!(committee_terms_and_posts, committee);

async fn demo(backend: crate::common::Backend) {
    let Some(app) = TestApp::start_with(backend, app::Config::default(), true).await else { return };
    let admin = app.admin().await;
    let count = |q: &'static str| {
        let app = &app;
        let admin = admin.clone();
        async move { app.get(&admin, &format!("/api/v1/orgs?{q}")).await.1["total"].as_i64().unwrap() }
    };
    assert_eq!(count("kind=federation").await, 4);
    assert_eq!(count("kind=union").await, 20);
    assert!(count("kind=group").await >= 40);
    // One account for every role, each able to sign in.
    let (_, users) = app.get(&admin, "/api/v1/users?page_size=50").await;
    assert_eq!(users["total"], 10);
    let mut roles = std::collections::BTreeSet::new();
    for u in users["items"].as_array().unwrap() {
        let name = u["username"].as_str().unwrap();
        let pw = if name == "admin" { crate::common::ADMIN_PASSWORD } else { gonghui::demo::DEMO_PASSWORD };
        let t = app.token(name, pw).await;
        let (_, me) = app.get(&t, "/api/v1/me").await;
        roles.insert(me["roles"][0]["role"].as_str().unwrap().to_owned());
    }
    assert_eq!(roles.len(), 9, "{roles:?}");
    // Every employer type is there, and the district sees term warnings.
    let (_, unions) = app.get(&admin, "/api/v1/orgs?kind=union&page_size=50").await;
    let types: std::collections::BTreeSet<&str> =
        unions["items"].as_array().unwrap().iter().map(|u| u["employer_type"].as_str().unwrap()).collect();
    assert_eq!(types.len(), 6);
    // The demo union has a roster: 58 in good standing, one retired, one
    // application waiting, with card numbers from the union's pattern.
    let zhuxi = app.token("zhuxi", gonghui::demo::DEMO_PASSWORD).await;
    let (_, me) = app.get(&zhuxi, "/api/v1/me").await;
    let union = me["roles"][0]["org_id"].as_str().unwrap().to_owned();
    let (_, roster) = app.get(&zhuxi, &format!("/api/v1/unions/{union}/members?per_page=100")).await;
    assert_eq!(roster["total"], 59);
    assert!(roster["items"][0]["card_number"].as_str().unwrap().starts_with("HY"));
    let (_, applying) = app.get(&zhuxi, &format!("/api/v1/unions/{union}/members?status=applying")).await;
    assert_eq!(applying["total"], 1);
    // Its congress: a term of 36 delegates, a session, and an open motion
    // the member account may vote in.
    let (_, congress) = app.get(&zhuxi, &format!("/api/v1/unions/{union}/congress")).await;
    assert_eq!(congress["current"]["composition"]["delegates"], 36, "{congress}");
    assert_eq!(congress["sessions"].as_array().unwrap().len(), 1);
    let huiyuan = app.token("huiyuan", gonghui::demo::DEMO_PASSWORD).await;
    let (_, mine) = app.get(&huiyuan, "/api/v1/me/ballots").await;
    assert_eq!(mine[0]["status"], "open", "{mine}");
    // The union's accounts are members of its roster: the member account
    // reaches its own records.
    let (_, mine) = app.get(&huiyuan, "/api/v1/me/care").await;
    let (_, zhao) = app.get(&zhuxi, &format!("/api/v1/unions/{union}/members?q=%E8%B5%B5%E7%A3%8A")).await;
    assert_eq!(zhao["items"][0]["name"], "赵磊", "{zhao}");
    assert_eq!(mine["member_id"], zhao["items"][0]["id"], "{mine}");
    let (_, chair_care) = app.get(&zhuxi, "/api/v1/me/care").await;
    assert!(chair_care["member_id"].is_string(), "{chair_care}");
    // Its care records: files, visits due, a list to approve, a payment in
    // the books, and the aid list on the disclosure board.
    let (_, files) = app.get(&zhuxi, &format!("/api/v1/unions/{union}/hardship-files")).await;
    assert_eq!(files["items"].as_array().map(Vec::len), Some(3), "{files}");
    let (_, visits) = app.get(&zhuxi, &format!("/api/v1/unions/{union}/visits?status=open")).await;
    assert_eq!(visits["items"].as_array().map(Vec::len), Some(2), "{visits}");
    let (_, campaigns) = app.get(&zhuxi, &format!("/api/v1/unions/{union}/campaigns")).await;
    assert_eq!(campaigns[0]["status"], "draft", "{campaigns}");
    let (_, aid) = app.get(&zhuxi, &format!("/api/v1/unions/{union}/assistance")).await;
    assert_eq!(aid["total_fen"], 100_000, "{aid}");
    let (_, board) = app.get(&huiyuan, &format!("/api/v1/unions/{union}/disclosures")).await;
    assert_eq!(board["items"][0]["category"], "aid", "{board}");
    // Running it again on the same database changes nothing.
    let db = app.db().await;
    let keys = std::sync::Arc::new(app::crypto::Keys::from_secret(&[1; 32]));
    assert!(!gonghui::demo::create_if_empty(&db, &keys).await.unwrap());
    assert!(gonghui::demo::create(&db, &keys).await.is_err());
    db.close().await;
    assert_eq!(count("kind=union").await, 20);
    app.stop().await;
}

#[tokio::test]
async fn demo_data_sqlite() {
    demo(crate::common::Backend::Sqlite).await;
}

#[tokio::test]
async fn demo_data_postgres() {
    demo(crate::common::Backend::Postgres).await;
}

#[tokio::test]
async fn demo_data_partitioned() {
    demo(crate::common::Backend::Partitioned).await;
}
