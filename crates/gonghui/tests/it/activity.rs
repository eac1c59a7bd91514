//! Activities on every database: the API contract (publish, sign up, the
//! waiting list, cancel and promotion, check-in by code and by an officer),
//! a burst of sign-ups that never over-fills, audience and bad input, other
//! unions' ids, and participation for a small known set.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{PASSWORD, TestApp, id_number};

fn err(b: &Value) -> (&str, &str) {
    (b["code"].as_str().unwrap_or(""), b["field"].as_str().unwrap_or(""))
}

pub struct World {
    pub union: String,
    pub other: String,
    pub chair: String,
    pub outsider: String,
    pub group: String,
}

pub async fn world(app: &TestApp, tag: &str) -> World {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let other = app.org(&admin, "union", "乙公司工会", Some(&fed)).await;
    let group = app.org(&admin, "group", "一车间小组", Some(&union)).await;
    app.user(&admin, &format!("chair.{tag}"), "chair", Some(&union), Some(&union)).await;
    app.user(&admin, &format!("chair2.{tag}"), "chair", Some(&other), Some(&other)).await;
    let chair = app.token(&format!("chair.{tag}"), PASSWORD).await;
    let outsider = app.token(&format!("chair2.{tag}"), PASSWORD).await;
    World { union, other, chair, outsider, group }
}

/// Creates a member through the API (odd `seq`: a man); returns its id.
pub async fn member(
    app: &TestApp,
    token: &str,
    union: &str,
    name: &str,
    seq: u32,
    group: Option<&str>,
) -> String {
    let mut body = json!({"name": name, "id_number": id_number(seq)});
    if let Some(g) = group {
        body["group_id"] = g.into();
    }
    let (s, m) = app.post(token, &format!("/api/v1/unions/{union}/members"), body).await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    m["id"].as_str().unwrap().to_owned()
}

/// Gives each member a login of role `member` linked to them, with an API
/// token, written straight to the database (hundreds of password hashes
/// through the API would take minutes); returns the tokens in order.
pub async fn logins(app: &TestApp, union: &str, members: &[String], tag: &str) -> Vec<String> {
    let db = app.db().await;
    let union_id = Uuid::parse_str(union).unwrap();
    let mut tx = db.write().await.unwrap();
    let now = store::now();
    let mut tokens = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let user = store::auth::User {
            id: Uuid::now_v7(),
            username: format!("m{i}.{tag}"),
            display_name: format!("会员{i}"),
            password_hash: "unused".into(),
            home_org_id: Some(union_id),
            disabled_at: None,
            created_at: now,
            updated_at: now,
            must_change_password: false,
        };
        store::auth::insert_user(&mut tx, &user).await.unwrap();
        store::auth::insert_grant(&mut tx, Uuid::now_v7(), user.id, "member", Some(union_id), None, now)
            .await
            .unwrap();
        let member_id = Uuid::parse_str(m).unwrap();
        store::auth::link_user(&mut tx, user.id, domain::UnionId(union_id), member_id, "test", false)
            .await
            .unwrap();
        let token = app::auth::secrets::random_token();
        let hash = app::auth::secrets::token_hash(&token);
        store::auth::insert_token(&mut tx, &hash, user.id, now, now + Duration::days(1)).await.unwrap();
        tokens.push(token);
    }
    tx.commit().await.unwrap();
    db.close().await;
    tokens
}

/// An activity starting in 30 minutes (check-in is open), sign-up open now
/// until 20 minutes from now.
pub fn body(title: &str, places: i64) -> Value {
    let now = Utc::now();
    json!({
        "title": title, "kind": "sports", "place": "职工活动中心",
        "starts_at": (now + Duration::minutes(30)).to_rfc3339(),
        "ends_at": (now + Duration::hours(3)).to_rfc3339(),
        "places": places,
        "signup_closes_at": (now + Duration::minutes(20)).to_rfc3339(),
    })
}

pub async fn create(app: &TestApp, token: &str, union: &str, b: Value) -> String {
    let (s, a) = app.post(token, &format!("/api/v1/unions/{union}/activities"), b).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    a["id"].as_str().unwrap().to_owned()
}

/// The activity's check-in code, as its QR code carries it.
pub async fn code_of(app: &TestApp, activity: &str) -> String {
    let db = app.db().await;
    let mut tx = db.read().await.unwrap();
    let a = store::activity::by_id(&mut tx, Uuid::parse_str(activity).unwrap()).await.unwrap().unwrap();
    drop(tx);
    db.close().await;
    a.checkin_code
}

fn signups(a: &str) -> String {
    format!("/api/v1/activities/{a}/signups")
}

async fn contract(app: TestApp) {
    let w = world(&app, "ac").await;
    let mut ms = Vec::new();
    for (i, n) in ["张伟", "王芳", "李娜", "赵强", "刘洋"].iter().enumerate() {
        ms.push(member(&app, &w.chair, &w.union, n, i as u32 + 1, None).await);
    }
    let t = logins(&app, &w.union, &ms, "ac").await;
    let a = create(&app, &w.chair, &w.union, body("羽毛球赛", 2)).await;

    let (s, list) = app.get(&w.chair, &format!("/api/v1/unions/{}/activities", w.union)).await;
    assert_eq!((s, list["items"][0]["id"].as_str()), (StatusCode::OK, Some(a.as_str())), "{list}");
    let (s, one) = app.get(&t[0], &format!("/api/v1/activities/{a}")).await;
    assert_eq!((s, one["places_left"].as_i64()), (StatusCode::OK, Some(2)), "{one}");
    assert!(one.get("checkin_code").is_none(), "the code is for the door only: {one}");

    // Self sign-up with no body and with {}; places, then the waiting list.
    let (s, r) = app.api(Some(&t[0]), Method::POST, &signups(&a), None).await;
    assert_eq!(
        (s, &r["status"], &r["position"]),
        (StatusCode::CREATED, &json!("confirmed"), &Value::Null),
        "{r}"
    );
    let (s, r) = app.post(&t[1], &signups(&a), json!({})).await;
    assert_eq!((s, r["status"].as_str()), (StatusCode::CREATED, Some("confirmed")), "{r}");
    let (s, r) = app.post(&t[2], &signups(&a), json!({})).await;
    assert_eq!(
        (s, r["status"].as_str(), r["position"].as_u64()),
        (StatusCode::CREATED, Some("waiting"), Some(1))
    );
    let (s, r) = app.post(&t[3], &signups(&a), json!({})).await;
    assert_eq!((s, r["position"].as_u64()), (StatusCode::CREATED, Some(2)), "{r}");
    let (s, e) = app.post(&t[0], &signups(&a), json!({})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "already_signed_up"), "{e}");
    // A member may not sign up someone else, nor read the list.
    let (s, _) = app.post(&t[0], &signups(&a), json!({"member_id": ms[4]})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app.get(&t[0], &signups(&a)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // An officer signs up another; a member of another union is 404.
    let (s, r) = app.post(&w.chair, &signups(&a), json!({"member_id": ms[4]})).await;
    assert_eq!((s, r["position"].as_u64()), (StatusCode::CREATED, Some(3)), "{r}");
    let stranger = member(&app, &w.outsider, &w.other, "孙丽", 40, None).await;
    let (s, e) = app.post(&w.chair, &signups(&a), json!({"member_id": stranger})).await;
    assert_eq!((s, err(&e)), (StatusCode::NOT_FOUND, ("not_found", "member_id")), "{e}");

    let (s, l) = app.get(&w.chair, &signups(&a)).await;
    assert_eq!(s, StatusCode::OK, "{l}");
    let st: Vec<(&str, Option<u64>)> = l["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["status"].as_str().unwrap(), i["position"].as_u64()))
        .collect();
    assert_eq!(
        st,
        [
            ("confirmed", None),
            ("confirmed", None),
            ("waiting", Some(1)),
            ("waiting", Some(2)),
            ("waiting", Some(3))
        ]
    );
    assert_eq!(l["items"][0]["member_id"], ms[0].as_str());
    assert_eq!(l["items"][0]["name"], "张伟");

    // Cancelling a place promotes the first waiting, recorded.
    let (s, r) = app.api(Some(&t[0]), Method::DELETE, &format!("{}/me", signups(&a)), None).await;
    assert_eq!((s, r["promoted_member_id"].as_str()), (StatusCode::OK, Some(ms[2].as_str())), "{r}");
    let (_, l) = app.get(&w.chair, &signups(&a)).await;
    let li = |m: &str| l["items"].as_array().unwrap().iter().find(|i| i["member_id"] == m).unwrap().clone();
    assert_eq!(li(&ms[0])["status"], "cancelled");
    assert_eq!(li(&ms[2])["status"], "confirmed");
    assert!(li(&ms[2])["promoted_at"].is_string(), "{l}");
    assert_eq!(li(&ms[3])["position"], 1);
    let (s, e) = app.api(Some(&t[0]), Method::DELETE, &format!("{}/me", signups(&a)), None).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "not_signed_up"), "{e}");
    // An officer cancels another's waiting place: nobody moves up.
    let (s, r) = app.api(Some(&w.chair), Method::DELETE, &format!("{}/{}", signups(&a), ms[3]), None).await;
    assert_eq!((s, &r["promoted_member_id"]), (StatusCode::OK, &Value::Null), "{r}");
    let (_, audit) = app.get(&app.admin().await, "/api/v1/audit?action=activity.promote").await;
    assert!(audit.to_string().contains("由候补转为正式报名"), "{audit}");

    // Check-in by the QR code, once; another activity's code refused.
    let code = code_of(&app, &a).await;
    let checkins = format!("/api/v1/activities/{a}/checkins");
    let (s, k) = app.post(&t[1], &checkins, json!({"code": code})).await;
    assert_eq!((s, &k["walk_in"], &k["method"]), (StatusCode::CREATED, &json!(false), &json!("code")), "{k}");
    let (s, e) = app.post(&t[1], &checkins, json!({"code": code})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "already_checked_in"), "{e}");
    let b2 = create(&app, &w.chair, &w.union, body("乒乓球赛", 5)).await;
    let other_code = code_of(&app, &b2).await;
    let (s, e) = app.post(&t[2], &checkins, json!({"code": other_code})).await;
    assert_eq!((s, err(&e)), (StatusCode::CONFLICT, ("wrong_code", "code")), "{e}");
    // The officer checks in from the list; a cancelled member is a walk-in.
    let (s, k) = app.post(&w.chair, &checkins, json!({"member_id": ms[0]})).await;
    assert_eq!(
        (s, &k["walk_in"], &k["method"]),
        (StatusCode::CREATED, &json!(true), &json!("officer")),
        "{k}"
    );
    let (s, e) = app.post(&w.chair, &checkins, json!({"member_id": ms[0]})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "already_checked_in"), "{e}");
    let (s, e) = app.post(&w.chair, &checkins, json!({"member_id": stranger})).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{e}");

    // After the end: the code no longer checks in; the window closed.
    let db = app.db().await;
    let then = store::now() - Duration::hours(2);
    let mut tx = db.write().await.unwrap();
    let aid = Uuid::parse_str(&a).unwrap();
    let mut row = store::activity::by_id(&mut tx, aid).await.unwrap().unwrap();
    row.starts_at = then - Duration::hours(1);
    row.ends_at = then;
    row.signup_closes_at = then - Duration::hours(2);
    store::activity::update(&mut tx, domain::UnionId(row.union_id), &row).await.unwrap();
    tx.commit().await.unwrap();
    db.close().await;
    let (s, e) = app.post(&t[2], &checkins, json!({"code": code})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "activity_over"), "{e}");
    let (s, e) = app.post(&t[0], &signups(&a), json!({})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "signup_closed"), "{e}");
    app.stop().await;
}
crate::both!(activity_api_contract, contract);

/// 220 members press 我要报名 at once for 20 places.
async fn burst(app: TestApp) {
    let w = world(&app, "bu").await;
    let mut ms = Vec::new();
    for i in 0..220u32 {
        ms.push(member(&app, &w.chair, &w.union, &format!("会员{i}"), i + 1, None).await);
    }
    let t = logins(&app, &w.union, &ms, "bu").await;
    let a = create(&app, &w.chair, &w.union, body("春游", 20)).await;
    let url = signups(&a);
    let client = reqwest::Client::new();
    let mut set = tokio::task::JoinSet::new();
    // The first 30 press twice within the burst: one of the two is placed,
    // the other refused (the group sees the first one's row).
    let presses = t.iter().enumerate().chain(t.iter().enumerate().take(30));
    for (i, tok) in presses {
        let req = client.post(app.url(&url)).bearer_auth(tok).json(&json!({}));
        set.spawn(async move {
            let r = req.send().await.unwrap();
            (i, r.status(), r.json::<Value>().await.unwrap())
        });
    }
    let mut results = Vec::new();
    let mut second = vec![0; 220];
    for (i, s, r) in set.join_all().await {
        // Under the suite's pool of ONE connection, 250 requests queue for
        // it and some may wait past the pool's acquire timeout: they are
        // told 503 (busy, nothing written) and press again.
        let (s, r) = if s == StatusCode::SERVICE_UNAVAILABLE && crate::common::pool_size() == Some(1) {
            app.post(&t[i], &url, json!({})).await
        } else {
            (s, r)
        };
        if s == StatusCode::CONFLICT {
            assert_eq!(r["code"], "already_signed_up", "{r}");
            second[i] += 1;
        } else {
            results.push((s, r));
        }
    }
    assert!(second.iter().take(30).all(|&n| n == 1) && second.iter().skip(30).all(|&n| n == 0), "{second:?}");
    let mut confirmed = 0;
    let mut positions = Vec::new();
    for (s, r) in &results {
        assert_eq!(*s, StatusCode::CREATED, "{r}");
        match r["status"].as_str() {
            Some("confirmed") => confirmed += 1,
            _ => positions.push(r["position"].as_u64().unwrap()),
        }
    }
    assert_eq!(confirmed, 20);
    positions.sort_unstable();
    assert_eq!(positions, (1..=200).collect::<Vec<u64>>());
    let (_, l) = app.get(&w.chair, &url).await;
    let items = l["items"].as_array().unwrap();
    assert_eq!(items.len(), 220);
    let mut people: Vec<&str> = items.iter().map(|i| i["member_id"].as_str().unwrap()).collect();
    people.sort_unstable();
    people.dedup();
    assert_eq!(people.len(), 220, "nobody twice");
    assert_eq!(items.iter().filter(|i| i["status"] == "confirmed").count(), 20);
    // The waiting list is in arrival order: positions follow the sequence.
    let seqs: Vec<i64> =
        items.iter().filter(|i| i["status"] == "waiting").map(|i| i["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|p| p[0] < p[1]));
    let (_, one) = app.get(&w.chair, &format!("/api/v1/activities/{a}")).await;
    assert_eq!((one["confirmed"].as_i64(), one["waiting"].as_i64()), (Some(20), Some(200)), "{one}");
    app.stop().await;
}
crate::both!(activity_signup_burst_never_overfills, burst);

async fn refusals(app: TestApp) {
    let w = world(&app, "rf").await;
    let man = member(&app, &w.chair, &w.union, "张伟", 1, None).await;
    let woman = member(&app, &w.chair, &w.union, "王芳", 2, Some(&w.group)).await;
    let t = logins(&app, &w.union, &[man.clone(), woman.clone()], "rf").await;
    let url = format!("/api/v1/unions/{}/activities", w.union);

    // Women only: the man is refused with 403, the woman signs up.
    let mut b = body("三八节插花", 10);
    b["audience"] = json!({"scope": "women"});
    let a = create(&app, &w.chair, &w.union, b).await;
    let (s, e) = app.post(&t[0], &signups(&a), json!({})).await;
    assert_eq!((s, err(&e).0), (StatusCode::FORBIDDEN, "not_in_audience"), "{e}");
    let (s, _) = app.post(&t[1], &signups(&a), json!({})).await;
    assert_eq!(s, StatusCode::CREATED);
    // One group only.
    let mut b = body("小组拔河", 10);
    b["audience"] = json!({"scope": "groups", "group_ids": [w.group]});
    let g = create(&app, &w.chair, &w.union, b).await;
    let (s, _) = app.post(&t[0], &signups(&g), json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app.post(&t[1], &signups(&g), json!({})).await;
    assert_eq!(s, StatusCode::CREATED);

    // Bad input: 422 naming the field, in Chinese; nothing written.
    let mut b = body("x", 0);
    let (s, e) = app.post(&w.chair, &url, b.clone()).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "places"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("名额"), "{e}");
    b["places"] = json!(-3);
    let (s, e) = app.post(&w.chair, &url, b.clone()).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "places"), "{e}");
    let mut b = body("x", 5);
    b["signup_opens_at"] = json!((Utc::now() + Duration::minutes(25)).to_rfc3339());
    let (s, e) = app.post(&w.chair, &url, b).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "signup_closes_at"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("报名截止时间"), "{e}");
    let mut b = body("x", 5);
    b["ends_at"] = json!((Utc::now() + Duration::minutes(10)).to_rfc3339());
    let (s, e) = app.post(&w.chair, &url, b).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "ends_at"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("结束时间"), "{e}");
    let mut b = body("x", 5);
    b["kind"] = json!("party");
    let (s, e) = app.post(&w.chair, &url, b).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "kind"), "{e}");
    let mut b = body("x", 5);
    b["audience"] = json!({"scope": "groups", "group_ids": [w.other]});
    let (s, e) = app.post(&w.chair, &url, b).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "audience"), "{e}");
    let (_, list) = app.get(&w.chair, &url).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2, "nothing half-written: {list}");

    // Another union's activity is 404 to this union's officer and member.
    let theirs = create(&app, &w.outsider, &w.other, body("乙方活动", 5)).await;
    let (s, _) = app.get(&w.chair, &format!("/api/v1/activities/{theirs}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.post(&t[0], &signups(&theirs), json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.post(&w.outsider, &signups(&theirs), json!({"member_id": man})).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "a member of another union in the body");

    // Raising the places promotes the waiting; calling off stops sign-ups.
    let a2 = create(&app, &w.chair, &w.union, body("读书会", 1)).await;
    app.post(&t[0], &signups(&a2), json!({})).await;
    let (_, r) = app.post(&t[1], &signups(&a2), json!({})).await;
    assert_eq!(r["status"], "waiting");
    let (s, e) = app
        .api(Some(&w.chair), Method::PUT, &format!("/api/v1/activities/{a2}"), Some(body("读书会", 2)))
        .await;
    assert_eq!(
        (s, e["confirmed"].as_i64(), e["waiting"].as_i64()),
        (StatusCode::OK, Some(2), Some(0)),
        "{e}"
    );
    let (s, e) = app
        .api(Some(&w.chair), Method::PUT, &format!("/api/v1/activities/{a2}"), Some(body("读书会", 1)))
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "places"), "{e}");
    let (s, _) =
        app.post(&w.chair, &format!("/api/v1/activities/{a2}/call-off"), json!({"reason": "场地维修"})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app.api(Some(&t[1]), Method::DELETE, &format!("{}/me", signups(&a2)), None).await;
    assert_eq!(s, StatusCode::CONFLICT);
    app.stop().await;
}
crate::both!(activity_audience_and_bad_input, refusals);

async fn participation(app: TestApp) {
    let w = world(&app, "pa").await;
    let admin = app.admin().await;
    let g2 = app.org(&admin, "group", "二车间小组", Some(&w.union)).await;
    let mut ms = Vec::new();
    for (i, (n, g)) in [
        ("张伟", Some(&w.group)),
        ("王芳", Some(&w.group)),
        ("李娜", Some(&g2)),
        ("赵强", Some(&g2)),
        ("刘洋", None),
    ]
    .into_iter()
    .enumerate()
    {
        ms.push(member(&app, &w.chair, &w.union, n, i as u32 + 1, g.map(String::as_str)).await);
    }
    let a = create(&app, &w.chair, &w.union, body("篮球赛", 10)).await;
    let b = create(&app, &w.chair, &w.union, body("讲座", 10)).await;
    for (act, m) in [(&a, 0), (&a, 1), (&a, 2), (&b, 0)] {
        let (s, k) = app
            .post(&w.chair, &format!("/api/v1/activities/{act}/checkins"), json!({"member_id": ms[m]}))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{k}");
    }
    let year = domain::time::today(Utc::now() + Duration::minutes(30)).to_string()[..4].to_owned();
    let (s, p) = app.get(&w.chair, &format!("/api/v1/unions/{}/participation?year={year}", w.union)).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!((p["active_members"].as_u64(), p["participants"].as_u64()), (Some(5), Some(3)), "{p}");
    assert_eq!((p["rate"].as_f64(), p["rate_text"].as_str()), (Some(0.6), Some("60.00%")), "{p}");
    let groups: Vec<(String, u64, u64)> = p["by_group"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["group_name"].as_str().unwrap_or("").to_owned(),
                g["active_members"].as_u64().unwrap(),
                g["participants"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(groups, [("一车间小组".into(), 2, 2), ("二车间小组".into(), 2, 1), (String::new(), 1, 0)]);
    let acts: Vec<(u64, &str)> = p["by_activity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["participants"].as_u64().unwrap(), x["rate_text"].as_str().unwrap()))
        .collect();
    assert_eq!(acts, [(3, "60.00%"), (1, "20.00%")]);
    assert_eq!(p["took_part_in_nothing"], 2);
    let names: Vec<&str> = p["took_part_in_nothing_members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["刘洋", "赵强"]);
    // A called-off activity counts for no one: 张伟 still took part (讲座),
    // 王芳 and 李娜 only in the basketball match.
    let (s, _) =
        app.post(&w.chair, &format!("/api/v1/activities/{a}/call-off"), json!({"reason": "场地维修"})).await;
    assert_eq!(s, StatusCode::OK);
    let (_, p) = app.get(&w.chair, &format!("/api/v1/unions/{}/participation?year={year}", w.union)).await;
    assert_eq!((p["participants"].as_u64(), p["took_part_in_nothing"].as_u64()), (Some(1), Some(4)), "{p}");
    assert_eq!(p["by_activity"].as_array().map(Vec::len), Some(1), "{p}");
    // Moved into next year, the lecture's check-ins count there.
    let next: i32 = year.parse::<i32>().unwrap() + 1;
    let starts =
        chrono::NaiveDate::from_ymd_opt(next, 1, 15).unwrap().and_hms_opt(4, 0, 0).unwrap().and_utc();
    let mut moved = body("讲座", 10);
    moved["starts_at"] = json!(starts.to_rfc3339());
    moved["ends_at"] = json!((starts + Duration::hours(3)).to_rfc3339());
    moved["signup_closes_at"] = json!((starts - Duration::hours(1)).to_rfc3339());
    let (s, e) = app.api(Some(&w.chair), Method::PUT, &format!("/api/v1/activities/{b}"), Some(moved)).await;
    assert_eq!(s, StatusCode::OK, "{e}");
    for (y, n) in [(year.parse::<i32>().unwrap(), 0), (next, 1)] {
        let (_, p) = app.get(&w.chair, &format!("/api/v1/unions/{}/participation?year={y}", w.union)).await;
        assert_eq!(p["participants"].as_u64(), Some(n), "{y}: {p}");
    }
    let (s, _) = app.get(&w.chair, &format!("/api/v1/unions/{}/participation?year=1900", w.union)).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = app.get(&w.outsider, &format!("/api/v1/unions/{}/participation?year={year}", w.union)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    app.stop().await;
}
crate::both!(activity_participation_counts, participation);
