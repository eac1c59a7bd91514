//! Tenant isolation of user ids named in request bodies (issue 12): the
//! member↔login link, ballot voters and congress delegates accept only the
//! union's own accounts, and another union's account answers exactly as an id
//! that does not exist.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{TestApp, id_number};

use crate::common::PASSWORD;

struct World {
    admin: String,
    admin_id: String,
    union_a: String,
    union_b: String,
    chair_a: String,
    chair_b: String,
    /// Members of A.
    a: Vec<String>,
    /// B's member and the login linked to it.
    b_member: String,
    b_user: String,
}

async fn member(app: &TestApp, admin: &str, union: &str, name: &str, seq: u32) -> String {
    let (s, b) = app
        .post(
            admin,
            &format!("/api/v1/unions/{union}/members"),
            json!({"name": name, "id_number": id_number(seq)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

async fn put_link(app: &TestApp, token: &str, union: &str, member: &str, body: Value) -> (StatusCode, Value) {
    app.api(Some(token), Method::PUT, &format!("/api/v1/unions/{union}/members/{member}/user"), Some(body))
        .await
}

async fn setup(app: &TestApp) -> World {
    let admin = app.admin().await;
    let (_, me) = app.get(&admin, "/api/v1/me").await;
    let admin_id = me["id"].as_str().unwrap().to_owned();
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union_a = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let union_b = app.org(&admin, "union", "乙公司工会", Some(&fed)).await;
    app.user(&admin, "chair.ta", "chair", Some(&union_a), Some(&union_a)).await;
    app.user(&admin, "chair.tb", "chair", Some(&union_b), Some(&union_b)).await;
    let chair_a = app.token("chair.ta", PASSWORD).await;
    let chair_b = app.token("chair.tb", PASSWORD).await;
    let a = vec![
        member(app, &admin, &union_a, "甲职工一", 1).await,
        member(app, &admin, &union_a, "甲职工二", 2).await,
    ];
    let b_member = member(app, &admin, &union_b, "乙职工", 3).await;
    let b_user = app.user(&admin, "zhigong.tb", "member", Some(&union_b), Some(&union_b)).await;
    let (s, e) = put_link(app, &chair_b, &union_b, &b_member, json!({"user_id": b_user})).await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{e}");
    World { admin, admin_id, union_a, union_b, chair_a, chair_b, a, b_member, b_user }
}

async fn audit_has(app: &TestApp, w: &World, action: &str, words: &str) -> bool {
    let (s, b) = app.get(&w.admin, &format!("/api/v1/audit?action={action}")).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["items"].as_array().unwrap().iter().any(|e| e.to_string().contains(words))
}

async fn link(app: TestApp) {
    let w = setup(&app).await;
    let (ua, a0, a1) = (&w.union_a, &w.a[0], &w.a[1]);
    // A hardship file (sealed health) for A's first member.
    let (s, b) = app
        .api(
            Some(&w.chair_a),
            Method::PUT,
            &format!("/api/v1/unions/{ua}/care-policy"),
            Some(json!({"dibao_monthly_fen": 80_000, "province_avg_income_fen": 4_000_000})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = app
        .post(
            &w.chair_a,
            &format!("/api/v1/unions/{ua}/hardship-files"),
            json!({"member_id": a0, "household_size": 3, "annual_income_fen": 3_600_000, "main_cause": "illness",
                "household": [{"name": "李某", "relation": "配偶", "age": 40, "health": "尿毒症透析", "income_fen": 0}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");

    // A random id, B's linked account and the admin answer alike: 404 with
    // the same body.
    let (s, missing) = put_link(&app, &w.chair_a, ua, a0, json!({"user_id": uuid::Uuid::now_v7()})).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{missing}");
    assert_eq!(missing["field"], "user_id");
    for foreign in [&w.b_user, &w.admin_id] {
        for replace in [false, true] {
            let (s, e) =
                put_link(&app, &w.chair_a, ua, a0, json!({"user_id": foreign, "replace": replace})).await;
            assert_eq!((s, &e), (StatusCode::NOT_FOUND, &missing), "{foreign}");
        }
    }
    // B's member keeps its link and B's user never sees A's file.
    let b_token = app.token("zhigong.tb", PASSWORD).await;
    let (s, mine) = app.get(&b_token, "/api/v1/me/care").await;
    assert_eq!(s, StatusCode::OK, "{mine}");
    assert_eq!(mine["member_id"], w.b_member.as_str());
    assert!(!mine.to_string().contains("尿毒症"), "{mine}");

    // A's own account is linked, and sees the file.
    let a_user = app.user(&w.admin, "zhigong.ta", "member", Some(ua), Some(ua)).await;
    let (s, e) = put_link(&app, &w.chair_a, ua, a0, json!({"user_id": a_user})).await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{e}");
    let a_token = app.token("zhigong.ta", PASSWORD).await;
    let (_, mine) = app.get(&a_token, "/api/v1/me/care").await;
    assert_eq!(mine["member_id"], a0.as_str());
    assert!(mine.to_string().contains("尿毒症"), "{mine}");
    assert!(audit_has(&app, &w, "member.link_user", "zhigong.ta").await);
    // Linking again the same way changes nothing.
    let (s, _) = put_link(&app, &w.chair_a, ua, a0, json!({"user_id": a_user})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);

    // No silent re-link: the account to another member, or another account
    // to the member, is a conflict unless replacing is asked for.
    let (s, e) = put_link(&app, &w.chair_a, ua, a1, json!({"user_id": a_user})).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::CONFLICT, Some("conflict")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("甲职工一"), "{e}");
    let other = app.user(&w.admin, "zhigong.ta2", "member", Some(ua), Some(ua)).await;
    let (s, e) = put_link(&app, &w.chair_a, ua, a0, json!({"user_id": other})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    assert!(e["message"].as_str().unwrap().contains("zhigong.ta"), "{e}");
    let (_, mine) = app.get(&a_token, "/api/v1/me/care").await;
    assert_eq!(mine["member_id"], a0.as_str());
    // Replacing inside the union: the new account takes the member, the old
    // one loses it, and the change is audited naming both.
    let (s, e) = put_link(&app, &w.chair_a, ua, a0, json!({"user_id": other, "replace": true})).await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{e}");
    let (_, mine) = app.get(&a_token, "/api/v1/me/care").await;
    assert!(mine["member_id"].is_null(), "{mine}");
    assert!(!mine.to_string().contains("尿毒症"));
    let other_token = app.token("zhigong.ta2", PASSWORD).await;
    let (_, theirs) = app.get(&other_token, "/api/v1/me/care").await;
    assert_eq!(theirs["member_id"], a0.as_str());
    assert!(audit_has(&app, &w, "member.relink_user", "zhigong.ta2").await);
    assert!(audit_has(&app, &w, "member.relink_user", "原关联账号zhigong.ta").await);

    // An account of both unions linked in B cannot be moved to A, even when
    // replacing is asked for.
    let both = app.user(&w.admin, "zhigong.tab", "member", Some(&w.union_b), Some(&w.union_b)).await;
    let (s, e) = app
        .post(&w.admin, &format!("/api/v1/users/{both}/roles"), json!({"role": "member", "org_id": ua}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    let b2 = member(&app, &w.admin, &w.union_b, "乙职工二", 4).await;
    let (s, e) = put_link(&app, &w.chair_b, &w.union_b, &b2, json!({"user_id": both})).await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{e}");
    let (s, e) = put_link(&app, &w.chair_a, ua, a1, json!({"user_id": both, "replace": true})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    let db = app.db().await;
    let mut tx = db.read().await.unwrap();
    let linked = store::auth::member_of_user(&mut tx, both.parse().unwrap()).await.unwrap();
    drop(tx);
    assert_eq!(linked, Some((w.union_b.parse().unwrap(), b2.parse().unwrap())));

    // Unlinking is audited; again, it changes nothing.
    let path = format!("/api/v1/unions/{ua}/members/{a0}/user");
    let (s, e) = app.api(Some(&w.chair_a), Method::DELETE, &path, None).await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{e}");
    let (_, theirs) = app.get(&other_token, "/api/v1/me/care").await;
    assert!(theirs["member_id"].is_null(), "{theirs}");
    assert!(audit_has(&app, &w, "member.unlink_user", "zhigong.ta2").await);
    let (s, _) = app.api(Some(&w.chair_a), Method::DELETE, &path, None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (_, log) = app.get(&w.admin, "/api/v1/audit?action=member.unlink_user").await;
    assert_eq!(log["items"].as_array().unwrap().len(), 1, "{log}");
    // B's chair cannot unlink B's member through A's path, nor touch A's.
    let (s, _) = app
        .api(
            Some(&w.chair_b),
            Method::DELETE,
            &format!("/api/v1/unions/{ua}/members/{}/user", w.b_member),
            None,
        )
        .await;
    assert!(s == StatusCode::NOT_FOUND || s == StatusCode::FORBIDDEN, "{s}");
    let (s, _) = app
        .api(
            Some(&w.chair_a),
            Method::DELETE,
            &format!("/api/v1/unions/{ua}/members/{}/user", w.b_member),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // B's link held throughout.
    let (_, mine) = app.get(&b_token, "/api/v1/me/care").await;
    assert_eq!(mine["member_id"], w.b_member.as_str());
    app.stop().await;
}

crate::both!(member_login_link_stays_inside_the_union, link);

/// The message with the id taken out: the shape of the answer.
fn shape(b: &Value, id: &str) -> Value {
    let mut b = b.clone();
    if let Some(m) = b["message"].as_str() {
        b["message"] = m.replace(id, "<id>").into();
    }
    b
}

async fn voters_and_delegates(app: TestApp) {
    let w = setup(&app).await;
    let ua = &w.union_a;
    let ballots = format!("/api/v1/unions/{ua}/ballots");
    let motion = |id: &str| json!({"kind": "motion", "title": "表决事项", "voter_user_ids": [id]});
    let random = uuid::Uuid::now_v7().to_string();
    let (s_missing, missing) = app.post(&w.chair_a, &ballots, motion(&random)).await;
    assert_eq!(s_missing, StatusCode::UNPROCESSABLE_ENTITY, "{missing}");
    // B's account (granted and linked in B) and B's chair answer alike.
    let (_, b_chair) = app.get(&w.chair_b, "/api/v1/me").await;
    for foreign in [w.b_user.as_str(), b_chair["id"].as_str().unwrap()] {
        let (s, e) = app.post(&w.chair_a, &ballots, motion(foreign)).await;
        assert_eq!(s, s_missing, "{e}");
        assert_eq!(shape(&e, foreign), shape(&missing, &random));
    }
    // A's officer with a grant and no member record, and A's member linked
    // to a login that holds no grant any more, are accepted.
    let officer = app.user(&w.admin, "ganshi.ta", "officer", Some(ua), Some(ua)).await;
    let linked = app.user(&w.admin, "zhigong.tl", "member", Some(ua), Some(ua)).await;
    let (s, e) = put_link(&app, &w.chair_a, ua, &w.a[1], json!({"user_id": linked})).await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{e}");
    let (_, u) = app.get(&w.admin, &format!("/api/v1/users/{linked}")).await;
    let grant = u["roles"][0]["id"].as_str().unwrap().to_owned();
    let (s, e) =
        app.api(Some(&w.admin), Method::DELETE, &format!("/api/v1/users/{linked}/roles/{grant}"), None).await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{e}");
    let (s, e) = app
        .post(
            &w.chair_a,
            &ballots,
            json!({"kind": "motion", "title": "表决事项", "voter_user_ids": [officer, linked]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    // The foreign voter does not see the ballot.
    let b_token = app.token("zhigong.tb", PASSWORD).await;
    let (s, _) = app.get(&b_token, &format!("/api/v1/ballots/{}", e["id"].as_str().unwrap())).await;
    assert!(s == StatusCode::NOT_FOUND || s == StatusCode::FORBIDDEN, "{s}");

    // Delegates: the same.
    let (s, t) =
        app.post(&w.chair_a, &format!("/api/v1/unions/{ua}/congress/terms"), json!({"years": 5})).await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    let delegates = format!("/api/v1/unions/{ua}/congress/terms/{}/delegates", t["id"].as_str().unwrap());
    let (s_missing, missing) =
        app.post(&w.chair_a, &delegates, json!({"name": "代表甲", "user_id": random})).await;
    assert!(s_missing.is_client_error(), "{missing}");
    assert_eq!(missing["field"], "user_id");
    for foreign in [w.b_user.as_str(), w.admin_id.as_str()] {
        let (s, e) = app.post(&w.chair_a, &delegates, json!({"name": "代表甲", "user_id": foreign})).await;
        assert_eq!((s, shape(&e, foreign)), (s_missing, shape(&missing, &random)));
    }
    for (name, id) in [("代表乙", &officer), ("代表丙", &linked)] {
        let (s, e) = app.post(&w.chair_a, &delegates, json!({"name": name, "user_id": id})).await;
        assert_eq!(s, StatusCode::CREATED, "{e}");
        assert_eq!(e["user_id"], id.as_str());
    }
    app.stop().await;
}

crate::both!(voters_and_delegates_are_the_unions_own_accounts, voters_and_delegates);
