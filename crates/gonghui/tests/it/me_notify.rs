//! Notifications (issue 19, item 4) on both databases: a vote opened fans
//! out to the roll's inboxes and is emailed through the local SMTP sink
//! (recipient, Chinese subject); a union's webhook that is down leaves its
//! delivery queued with the error and the attempts for the administrator,
//! and once up, the retry delivers it exactly once, signed; the inbox API
//! (unread filter, read, another person's id is 404); the unread badge in
//! the navigation and the pages; bad input in Chinese.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{Browser, PASSWORD, TestApp};
use crate::democracy::{Voter, fast_voters, setup};
use crate::smtp_sink;

/// The server's configuration: email through the sink, a drain every 200 ms.
pub fn config() -> app::Config {
    app::Config {
        smtp_url: Some(smtp_sink::global().url()),
        mail_from: Some("甲公司工会 <union@example.com>".into()),
        webhook_timeout: Duration::from_secs(3),
        notify_interval: Duration::from_millis(200),
        ..Default::default()
    }
}

fn chinese(b: &Value) -> bool {
    b["message"].as_str().unwrap_or("").chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// An opened motion with `voters` on its roll; answers its id.
async fn open_vote(app: &TestApp, chair: &str, union: &str, title: &str, voters: &[&str]) -> String {
    let (s, b) = app
        .post(
            chair,
            &format!("/api/v1/unions/{union}/ballots"),
            json!({"kind": "motion", "title": title, "voter_user_ids": voters}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let id = b["id"].as_str().unwrap().to_owned();
    let (s, b) = app.post(chair, &format!("/api/v1/ballots/{id}/open"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    id
}

async fn put(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    app.api(Some(token), Method::PUT, path, Some(body)).await
}

async fn email_of_a_vote(app: TestApp) {
    let w = setup(&app).await;
    let v = fast_voters(&app, &w.union, "nv", 3).await;
    let addr = format!("voter.{}@example.com", uuid::Uuid::new_v4().simple());
    // Bad input first: a wrong address, email on without one.
    let url = "/api/v1/me/notification-settings";
    let (s, b) = put(&app, &v[0].token, url, json!({"email": "zhangsan", "email_on": true})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(b["field"] == "email" && chinese(&b), "{b}");
    let (s, b) = put(&app, &v[0].token, url, json!({"email_on": true})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert_eq!(b["field"], "email");
    let (s, b) = put(&app, &v[0].token, url, json!({"email": addr, "email_on": true})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, b) = app.get(&v[0].token, url).await;
    assert_eq!((b["email"].as_str(), b["email_on"].as_bool()), (Some(addr.as_str()), Some(true)), "{b}");

    let ids: Vec<&str> = v.iter().map(|x| x.id.as_str()).collect();
    let ballot = open_vote(&app, &w.chair, &w.union, "职工食堂改造方案", &ids).await;

    // The email, through the sink: the recipient and the subject in Chinese.
    let mails = smtp_sink::wait_for(&addr, 20).await;
    assert_eq!(mails.len(), 1, "one email for {addr}");
    let subject = smtp_sink::header(&mails[0].data, "Subject").unwrap();
    assert_eq!(subject, "【投票开始】投票开始：职工食堂改造方案", "{}", mails[0].data);
    assert_eq!(mails[0].to, vec![addr.clone()]);
    assert_eq!(mails[0].from, "union@example.com");

    // The admin's outbox: sent, one attempt; only the voter who chose email.
    let admin = &w.admin;
    let mut sent = Value::Null;
    for _ in 0..50 {
        let (s, b) = app.get(admin, &format!("/api/v1/outbox?union_id={}&channel=email", w.union)).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        if b["items"][0]["status"] == "sent" {
            sent = b;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(sent["total"], 1, "{sent}");
    assert_eq!(sent["items"][0]["address"], addr.as_str());
    assert_eq!(sent["items"][0]["attempts"], 1);
    let (s, b) = app.get(admin, "/api/v1/outbox?status=lost").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    let (s, _) = app.get(&w.chair, "/api/v1/outbox").await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The inbox: every voter has it, unread; the unread filter.
    for x in &v {
        let (s, b) = app.get(&x.token, "/api/v1/me/notifications?unread=true").await;
        assert_eq!(s, StatusCode::OK, "{b}");
        assert_eq!(b["unread"], 1, "{b}");
        let n = &b["items"][0];
        assert_eq!(n["kind"], "vote_opened");
        assert_eq!(n["link"], format!("/ballots/{ballot}"));
        assert!(n["read_at"].is_null() && n["created_at"].is_string() && n["id"].is_string(), "{n}");
    }
    let (_, b) = app.get(&v[1].token, "/api/v1/me/notifications").await;
    let nid = b["items"][0]["id"].as_str().unwrap().to_owned();
    // Another person's id is 404, as a missing one; the owner marks it read.
    let read = format!("/api/v1/me/notifications/{nid}/read");
    let (s, b) = app.post(&v[2].token, &read, json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{b}");
    let (s, b) = app
        .post(&v[1].token, &format!("/api/v1/me/notifications/{}/read", uuid::Uuid::now_v7()), json!({}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{b}");
    let (s, b) = app.post(&v[1].token, &read, json!({})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert!(b["read_at"].is_string(), "{b}");
    let (_, b) = app.get(&v[1].token, "/api/v1/me/notifications?unread=true").await;
    assert_eq!((b["unread"].as_i64(), b["items"].as_array().map(Vec::len)), (Some(0), Some(0)), "{b}");
    let (_, b) = app.get(&v[1].token, "/api/v1/me/notifications").await;
    assert_eq!(b["items"].as_array().unwrap().len(), 1, "{b}");
    // v[2]'s is still unread; read-all clears it.
    let (s, b) = app.post(&v[2].token, "/api/v1/me/notifications/read-all", json!({})).await;
    assert_eq!((s, b["marked"].as_i64()), (StatusCode::OK, Some(1)), "{b}");
    app.stop().await;
}

crate::both!(email_of_a_vote_opened, email_of_a_vote, config = crate::me_notify::config());

/// One request the webhook sink took: (signature header, delivery header, body).
type Hit = (String, String, String);

/// A webhook receiver on `port` that records what it gets and answers 200.
async fn webhook_sink(port: u16) -> Arc<Mutex<Vec<Hit>>> {
    let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
    let h = Arc::clone(&hits);
    let router = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
            let h = Arc::clone(&h);
            async move {
                let get = |k: &str| headers.get(k).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                h.lock().unwrap().push((get("x-gonghui-signature"), get("x-gonghui-delivery"), body));
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    hits
}

async fn webhook_down_then_up(app: TestApp) {
    let w = setup(&app).await;
    let v: Vec<Voter> = fast_voters(&app, &w.union, "wh", 1).await;
    // A port nobody listens on (yet).
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let secret = "gonghui-webhook-secret-2026";
    let url = format!("/api/v1/unions/{}/notify-settings", w.union);
    let (s, b) =
        put(&app, &w.chair, &url, json!({"webhook_kind": "sms", "webhook_url": "ftp://x", "enabled": true}))
            .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(b["field"] == "webhook_url" && chinese(&b), "{b}");
    let (s, _) = put(&app, &v[0].token, &url, json!({"webhook_kind": "sms", "enabled": false})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let hook = format!("http://127.0.0.1:{port}/hook");
    let body = json!({"webhook_kind": "sms", "webhook_url": hook, "webhook_secret": secret, "enabled": true});
    let (s, b) = put(&app, &w.chair, &url, body).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!((b["has_secret"].as_bool(), b["enabled"].as_bool()), (Some(true), Some(true)), "{b}");
    assert!(b.get("webhook_secret").is_none(), "the secret is never shown: {b}");
    let prefs = json!({"webhook_on": true, "webhook_address": "13800138000"});
    let (s, b) = put(&app, &v[0].token, "/api/v1/me/notification-settings", prefs).await;
    assert_eq!(s, StatusCode::OK, "{b}");

    open_vote(&app, &w.chair, &w.union, "年度福利方案", &[v[0].id.as_str()]).await;

    // Down: the delivery stays queued, with the error and the attempt.
    let list = format!("/api/v1/outbox?union_id={}&channel=webhook", w.union);
    let mut item = Value::Null;
    for _ in 0..100 {
        let (_, b) = app.get(&w.admin, &list).await;
        if b["items"][0]["attempts"].as_i64().unwrap_or(0) >= 1 {
            item = b["items"][0].clone();
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(item["status"], "queued", "{item}");
    assert_eq!(item["attempts"], 1, "{item}");
    assert!(item["last_error"].as_str().unwrap_or("").contains("推送失败"), "{item}");
    assert_eq!(item["address"], "13800138000");
    let id = item["id"].as_str().unwrap().to_owned();

    // Up: the retry delivers it, once, signed.
    let hits = webhook_sink(port).await;
    let (s, b) = app.post(&w.admin, &format!("/api/v1/outbox/{id}/retry"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!((b["status"].as_str(), b["attempts"].as_i64()), (Some("sent"), Some(2)), "{b}");
    assert!(b["last_error"].is_null(), "{b}");
    tokio::time::sleep(Duration::from_millis(800)).await;
    let got = hits.lock().unwrap().clone();
    assert_eq!(got.len(), 1, "delivered exactly once: {got:?}");
    let (sig, delivery, body) = &got[0];
    assert_eq!(sig, &app::me::notify::sender::signature(secret, body));
    assert_eq!(delivery, &id);
    let payload: Value = serde_json::from_str(body).unwrap();
    assert_eq!(payload["address"], "13800138000");
    assert_eq!(payload["user_id"], v[0].id.as_str());
    assert_eq!(payload["title"], "投票开始：年度福利方案");
    assert!(payload["link"].as_str().unwrap().starts_with("/ballots/"), "{payload}");
    // Sent is sent: no second retry.
    let (s, b) = app.post(&w.admin, &format!("/api/v1/outbox/{id}/retry"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
    assert!(chinese(&b), "{b}");
    let (s, _) =
        app.post(&w.admin, &format!("/api/v1/outbox/{}/retry", uuid::Uuid::now_v7()), json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    app.stop().await;
}

crate::both!(webhook_retried_until_delivered, webhook_down_then_up, config = crate::me_notify::config());

async fn badge_and_pages(app: TestApp) {
    let w = setup(&app).await;
    let user = app.user(&w.admin, "nb.member", "member", Some(&w.union), Some(&w.union)).await;
    open_vote(&app, &w.chair, &w.union, "劳动竞赛方案", &[user.as_str()]).await;
    let b = Browser::login(&app, "nb.member", PASSWORD).await;
    let (s, home) = b.get(&app, "/").await;
    assert_eq!(s, StatusCode::OK);
    let nav = &home[home.find("id=\"nav-inbox\"").expect("the inbox link in the navigation")..];
    let nav = &nav[..nav.find("</a>").unwrap()];
    assert!(nav.contains("class=\"badge\"") && nav.contains(">1<"), "{nav}");
    let (s, page) = b.get(&app, "/me/notifications").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("投票开始：劳动竞赛方案") && page.contains("未读"), "{page}");
    let (s, _, to) = b.post(&app, "/me/notifications/read-all", &[]).await;
    assert_eq!((s, to.as_deref()), (StatusCode::SEE_OTHER, Some("/me/notifications")));
    let (_, home) = b.get(&app, "/").await;
    let nav = &home[home.find("id=\"nav-inbox\"").unwrap()..];
    assert!(!nav[..nav.find("</a>").unwrap()].contains("badge"), "no badge once read");
    // The settings form keeps what was typed and says what is wrong.
    let (s, page, _) =
        b.post(&app, "/me/notifications/settings", &[("email", "li@si"), ("email_on", "1")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("电子邮箱格式不正确") && page.contains("value=\"li@si\""), "{page}");
    let (s, _, to) =
        b.post(&app, "/me/notifications/settings", &[("email", "li@example.com"), ("email_on", "1")]).await;
    assert_eq!((s, to.as_deref()), (StatusCode::SEE_OTHER, Some("/me/notifications/settings")));
    let (_, page) = b.get(&app, "/me/notifications/settings").await;
    assert!(page.contains("value=\"li@example.com\""), "{page}");
    // The admin's outbox and the officers' webhook page.
    let admin = Browser::login(&app, "admin", crate::common::ADMIN_PASSWORD).await;
    let (s, page) = admin.get(&app, "/admin/outbox").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("发件箱"), "{page}");
    let chair = Browser::login(&app, "chair.d", PASSWORD).await;
    let (s, page) = chair.get(&app, &format!("/unions/{}/notify-settings", w.union)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("消息推送设置"), "{page}");
    let (s, _) = b.get(&app, &format!("/unions/{}/notify-settings", w.union)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    app.stop().await;
}

crate::both!(nav_badge_and_pages, badge_and_pages, config = crate::me_notify::config());

/// The kinds in a person's inbox, newest first.
async fn kinds(app: &TestApp, token: &str) -> Vec<(String, String)> {
    let (s, b) = app.get(token, "/api/v1/me/notifications").await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["kind"].as_str().unwrap().to_owned(), n["link"].as_str().unwrap().to_owned()))
        .collect()
}

async fn promoted_and_answered(app: TestApp) {
    use crate::activity::{body, create, logins, member, world};
    let w = world(&app, "nh").await;
    let mut ms = Vec::new();
    for (i, n) in ["张伟", "王芳", "李娜"].iter().enumerate() {
        ms.push(member(&app, &w.chair, &w.union, n, i as u32 + 1, None).await);
    }
    let t = logins(&app, &w.union, &ms, "nh").await;

    // A waiting place promoted when a place is given back: its holder is told.
    let a = create(&app, &w.chair, &w.union, body("乒乓球赛", 1)).await;
    let signups = format!("/api/v1/activities/{a}/signups");
    assert_eq!(app.post(&t[0], &signups, json!({})).await.0, StatusCode::CREATED);
    let (s, r) = app.post(&t[1], &signups, json!({})).await;
    assert_eq!((s, r["status"].as_str()), (StatusCode::CREATED, Some("waiting")), "{r}");
    let (s, r) = app.api(Some(&t[0]), Method::DELETE, &format!("{signups}/me"), None).await;
    assert_eq!((s, r["promoted_member_id"].as_str()), (StatusCode::OK, Some(ms[1].as_str())), "{r}");
    assert_eq!(kinds(&app, &t[1]).await, vec![("waitlist_promoted".to_owned(), format!("/activities/{a}"))]);
    assert!(kinds(&app, &t[0]).await.is_empty());

    // A petition answered: its writer is told to rate; an anonymous writer
    // is sealed and cannot be.
    let db = app.db().await;
    {
        let mut tx = db.write().await.unwrap();
        let d = app::rights::settings::RightsSettings::default();
        let row = store::rights::settings::SettingsRow {
            union_id: w.union.parse().unwrap(),
            anonymous_allowed: true,
            petition: serde_json::to_string(&d.petition).unwrap(),
            mediation: serde_json::to_string(&d.mediation).unwrap(),
            contract: serde_json::to_string(&d.contract).unwrap(),
            checklist: serde_json::to_string(&d.checklist).unwrap(),
            set_by: "test".into(),
            set_at: store::now(),
        };
        store::rights::settings::put(&mut tx, domain::UnionId(row.union_id), &row).await.unwrap();
        tx.commit().await.unwrap();
    }
    db.close().await;
    let (_, me) = app.get(&w.chair, "/api/v1/me").await;
    let chair_id = me["id"].as_str().unwrap().to_owned();
    let url = format!("/api/v1/unions/{}/petitions", w.union);
    let mut ids = Vec::new();
    for (token, anonymous) in [(&t[0], false), (&t[2], true)] {
        let letter = json!({"channel": "mailbox", "subject": "夜班没有热饭", "body": "请工会帮助解决。", "anonymous": anonymous});
        let (s, b) = app.post(token, &url, letter).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        let p = format!("/api/v1/petitions/{}", b["id"].as_str().unwrap());
        let handlers = json!({"handlers": [{"user_id": chair_id, "leading": true}]});
        assert_eq!(app.post(&w.chair, &format!("{p}/dispatch"), handlers).await.0, StatusCode::OK);
        assert_eq!(app.post(&w.chair, &format!("{p}/start"), json!({})).await.0, StatusCode::OK);
        let (s, r) = app.post(&w.chair, &format!("{p}/answer"), json!({"answer": "已协调食堂。"})).await;
        assert_eq!(s, StatusCode::OK, "{r}");
        ids.push(b["id"].as_str().unwrap().to_owned());
    }
    let mine = kinds(&app, &t[0]).await;
    assert_eq!(mine, vec![("answer_to_rate".to_owned(), format!("/petitions/{}", ids[0]))]);
    assert!(kinds(&app, &t[2]).await.is_empty(), "an anonymous writer is not told");
    app.stop().await;
}

crate::both!(
    waiting_place_promoted_and_petition_answered,
    promoted_and_answered,
    config = crate::me_notify::config()
);

/// Dues overdue: the reminder's query runs on every engine, and telling
/// under a once key (`dues:YYYY-MM`) tells each person once.
async fn once_per_key(app: TestApp) {
    let w = setup(&app).await;
    let v = fast_voters(&app, &w.union, "dq", 2).await;
    let users: Vec<uuid::Uuid> = v.iter().map(|x| x.id.parse().unwrap()).collect();
    let db = app.db().await;
    let keys = std::sync::Arc::new(app::crypto::Keys::from_secret(&[1u8; 32]));
    let state = app::AppState::new(db.clone(), Default::default(), keys);
    assert_eq!(app::me::notify::dues::remind(&state).await.map_err(|e| e.0.message).unwrap(), 0);
    let notice = app::me::notify::Notice {
        kind: app::me::notify::Kind::DuesOverdue,
        title: "您有2个月的会费尚未缴纳".into(),
        body: String::new(),
        link: "/me".into(),
    };
    let union = domain::UnionId(w.union.parse().unwrap());
    for (round, want) in [(0, 1), (1, 1)] {
        let mut tx = db.write().await.unwrap();
        let told =
            app::me::notify::notify_once_in(&mut tx, union, &users[round..=round], &notice, "dues:2026-12")
                .await
                .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(told, want, "round {round}");
    }
    let mut tx = db.write().await.unwrap();
    let again =
        app::me::notify::notify_once_in(&mut tx, union, &users, &notice, "dues:2026-12").await.unwrap();
    let next =
        app::me::notify::notify_once_in(&mut tx, union, &users, &notice, "dues:2027-01").await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!((again, next), (0, 2));
    db.close().await;
    let (_, b) = app.get(&v[0].token, "/api/v1/me/notifications").await;
    assert_eq!(b["unread"], 2, "{b}");
    app.stop().await;
}

crate::both!(told_once_per_key, once_per_key);
