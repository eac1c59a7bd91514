//! End-to-end tests: me (issue 19) — home: 我的 and `GET /api/v1/me`'s
//! member, union and pending counts; the records; the full ID number behind
//! the password (audited); the e-card issued, verified, altered, expired and
//! outliving the membership; the web app manifest and its icons.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{Browser, PASSWORD, TestApp, client, id_number};

struct World {
    admin: String,
    union: String,
    chair: String,
    officer_id: String,
    /// The member linked to the account `zhang.mh` (password PASSWORD).
    member: String,
    me: String,
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let group = app.org(&admin, "group", "一车间工会小组", Some(&union)).await;
    app.user(&admin, "chair.mh", "chair", Some(&union), Some(&union)).await;
    let officer_id = app.user(&admin, "officer.mh", "officer", Some(&union), Some(&union)).await;
    let chair = app.token("chair.mh", PASSWORD).await;
    let body = json!({"name": "张晓明", "id_number": id_number(71), "dues_base_fen": 500_000,
        "group_id": group, "join_date": "2016-03-01", "card_number": "GH-0071"});
    let (s, m) = app.post(&chair, &format!("/api/v1/unions/{union}/members"), body).await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    let member = m["id"].as_str().unwrap().to_owned();
    let user = app.user(&admin, "zhang.mh", "member", Some(&union), Some(&union)).await;
    let (s, b) = app
        .api(
            Some(&chair),
            Method::PUT,
            &format!("/api/v1/unions/{union}/members/{member}/user"),
            Some(json!({"user_id": user})),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{b}");
    let me = app.token("zhang.mh", PASSWORD).await;
    World { admin, union, chair, officer_id, member, me }
}

/// A ballot open to the member, a coming activity they signed up for, and
/// a letter of theirs answered and waiting for their rating.
async fn pending_things(app: &TestApp, w: &World, user_id: &str) {
    let (s, b) = app
        .post(
            &w.chair,
            &format!("/api/v1/unions/{}/ballots", w.union),
            json!({"kind": "motion", "title": "关于职工食堂改造的决议", "voter_user_ids": [user_id]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let ballot = b["id"].as_str().unwrap().to_owned();
    let (s, b) = app.post(&w.chair, &format!("/api/v1/ballots/{ballot}/open"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{b}");

    let a = crate::activity::create(app, &w.chair, &w.union, crate::activity::body("羽毛球赛", 10)).await;
    let (s, r) = app.post(&w.me, &format!("/api/v1/activities/{a}/signups"), json!({})).await;
    assert_eq!((s, r["status"].as_str()), (StatusCode::CREATED, Some("confirmed")), "{r}");

    let letter = json!({"channel": "mailbox", "subject": "夜班没有热饭", "body": "夜班没有热饭，请工会帮助解决。", "anonymous": false});
    let (s, b) = app.post(&w.me, &format!("/api/v1/unions/{}/petitions", w.union), letter).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let p = format!("/api/v1/petitions/{}", b["id"].as_str().unwrap());
    let handlers = json!({"handlers": [{"user_id": w.officer_id, "leading": true}]});
    let (s, b) = app.post(&w.chair, &format!("{p}/dispatch"), handlers).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let officer = app.token("officer.mh", PASSWORD).await;
    let (s, b) = app.post(&officer, &format!("{p}/start"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) =
        app.post(&officer, &format!("{p}/answer"), json!({"answer": "已协调食堂，下周起供应。"})).await;
    assert_eq!((s, b["status"].as_str()), (StatusCode::OK, Some("answered")), "{b}");
}

async fn summary_and_records(app: TestApp) {
    let w = world(&app).await;
    let (s, before) = app.get(&w.me, "/api/v1/me").await;
    assert_eq!(s, StatusCode::OK, "{before}");
    let user_id = before["id"].as_str().unwrap().to_owned();
    assert_eq!(before["username"], "zhang.mh");
    assert!(before["roles"].is_array(), "{before}");
    assert_eq!(before["pending"], json!({"ballots": 0, "signups": 0, "ratings": 0, "visits": 0}));
    pending_things(&app, &w, &user_id).await;
    for month in ["2026-01", "2026-02", "2026-03"] {
        let (s, b) = app
            .post(&w.chair, &format!("/api/v1/unions/{}/dues/bills", w.union), json!({"month": month}))
            .await;
        assert_eq!(s, StatusCode::OK, "{b}");
    }

    // GET /api/v1/me: the account's fields, the member, the union, the counts.
    let (s, me) = app.get(&w.me, "/api/v1/me").await;
    assert_eq!(s, StatusCode::OK, "{me}");
    assert_eq!((me["id"].as_str(), me["username"].as_str()), (Some(user_id.as_str()), Some("zhang.mh")));
    assert_eq!(me["member"]["id"], w.member.as_str());
    assert_eq!(me["member"]["name"], "张晓明");
    assert_eq!(me["member"]["status_label"], "在籍");
    assert_eq!(me["member"]["card_number"], "GH-0071");
    assert_eq!(me["member"]["group_name"], "一车间工会小组");
    assert_eq!(me["union"], json!({"id": w.union, "name": "甲公司工会"}));
    assert_eq!(me["pending"], json!({"ballots": 1, "signups": 1, "ratings": 1, "visits": 0}), "{me}");
    // An account linked to no member: null, and its own ballots only.
    let (s, chair) = app.get(&w.chair, "/api/v1/me").await;
    assert_eq!(s, StatusCode::OK, "{chair}");
    assert!(chair["member"].is_null() && chair["union"].is_null(), "{chair}");
    assert_eq!(chair["pending"]["signups"], 0);
    assert_eq!(chair["username"], "chair.mh");

    // The records: every dues bill, the letter; the ID masked.
    let (s, r) = app.get(&w.me, "/api/v1/me/records").await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(r["member"]["name"], "张晓明");
    let rec = &r["records"];
    assert_eq!(rec["dues"]["total"], 3, "{rec}");
    assert_eq!(rec["dues"]["unpaid"], 3);
    let months: Vec<&str> =
        rec["dues"]["bills"].as_array().unwrap().iter().map(|b| b["month"].as_str().unwrap()).collect();
    assert_eq!(months, ["2026-03", "2026-02", "2026-01"]);
    assert_eq!(rec["dues"]["bills"][0]["amount_fen"], 2500, "0.5% of 5,000 yuan: {rec}");
    assert_eq!(rec["petitions"]["total"], 1);
    assert_eq!(rec["petitions"]["items"][0]["status_label"], "已答复");
    assert_eq!(rec["activities"]["total"], 0);
    assert!(rec["profile"]["id_masked"].as_str().unwrap().contains('*'), "{rec}");
    assert!(!r.to_string().contains(&id_number(71)), "the full ID never in the records");
    // Without a member: 404 with a Chinese message.
    let (s, e) = app.get(&w.chair, "/api/v1/me/records").await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{e}");
    assert!(e["message"].as_str().unwrap().contains("关联"), "{e}");

    // The pages.
    let b = Browser::login(&app, "zhang.mh", PASSWORD).await;
    let (s, html) = b.get(&app, "/me").await;
    assert_eq!(s, StatusCode::OK);
    for want in [
        "张晓明",
        "甲公司工会",
        "一车间工会小组",
        "GH-0071",
        "关于职工食堂改造的决议",
        "羽毛球赛",
        "夜班没有热饭",
        "2026-03",
        "/me/ecard",
    ] {
        assert!(html.contains(want), "{want} missing on 我的");
    }
    assert!(!html.contains(&id_number(71)));
    assert!(html.len() < 200_000, "我的 is {} bytes", html.len());
    assert!(html.contains("href=\"/me\""), "the layout's 我的 link leads to /me");
    let (s, html) = b.get(&app, "/me/records?section=dues").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("2026-01") && !html.contains("id=\"me-petitions\""), "one section only");
    let (s, _) = b.get(&app, "/me/care").await;
    assert_eq!(s, StatusCode::OK, "/me/care still works");
    let officer = Browser::login(&app, "chair.mh", PASSWORD).await;
    let (s, html) = officer.get(&app, "/me").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("尚未关联会员档案"), "{html}");
    app.stop().await;
}

crate::both!(me_summary_and_records, summary_and_records);

async fn reveal(app: TestApp) {
    let w = world(&app).await;
    let url = "/api/v1/me/reveal-id";
    let (s, e) = app.post(&w.me, url, json!({"password": "wrong-password-1"})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("password")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("密码"), "{e}");
    let (_, audit) = app.get(&w.admin, "/api/v1/audit?action=member.reveal_id_self").await;
    assert!(!audit.to_string().contains(&w.member), "a refused reveal leaves no view: {audit}");
    let (s, b) = app.post(&w.me, url, json!({"password": PASSWORD})).await;
    assert_eq!((s, b["id_number"].as_str()), (StatusCode::OK, Some(id_number(71).as_str())), "{b}");
    let (_, audit) = app.get(&w.admin, "/api/v1/audit?action=member.reveal_id_self").await;
    let text = audit.to_string();
    assert!(text.contains(&format!("member:{}", w.member)), "{audit}");
    assert!(text.contains("本人查看"), "{audit}");
    // Without a member: the password first, then 404.
    let (s, _) = app.post(&w.chair, url, json!({"password": PASSWORD})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // The page: wrong password 422 with the form, right one shows it.
    let b = Browser::login(&app, "zhang.mh", PASSWORD).await;
    let (s, html) = b.get(&app, "/me/profile").await;
    assert_eq!(s, StatusCode::OK);
    assert!(!html.contains(&id_number(71)));
    let (s, html, _) = b.post(&app, "/me/reveal-id", &[("password", "nope")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("password-error") && html.contains("密码不正确"), "{html}");
    let (s, html, _) = b.post(&app, "/me/reveal-id", &[("password", PASSWORD)]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(&id_number(71)));
    app.stop().await;
}

crate::both!(me_reveal_id_needs_the_password_and_is_audited, reveal);

async fn verify(app: &TestApp, token: &str, card: &str) -> Value {
    let (s, v) = app.post(token, "/api/v1/ecards/verify", json!({"token": card})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

async fn issue(app: &TestApp, token: &str) -> String {
    let (s, c) = app.get(token, "/api/v1/me/ecard").await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert!(c["expires_at"].is_string(), "{c}");
    c["token"].as_str().unwrap().to_owned()
}

async fn ecard(app: TestApp) {
    let w = world(&app).await;
    let card = issue(&app, &w.me).await;
    let v = verify(&app, &w.chair, &card).await;
    assert_eq!(
        (v["valid"].as_bool(), v["name"].as_str(), v["union"].as_str()),
        (Some(true), Some("张晓明"), Some("甲公司工会")),
        "{v}"
    );
    assert!(v.get("reason").is_none(), "{v}");
    // Nothing personal in it beyond the name and the union.
    assert!(!card.contains(&id_number(71)) && !card.contains("GH-0071"));
    // The member may verify too (any signed-in account), and the link form.
    let v = verify(&app, &w.me, &format!("http://x/ecards/verify?token={card}")).await;
    assert_eq!(v["valid"], true, "{v}");

    // Altered: one character of the signature or of the payload.
    let mut bytes = card.clone().into_bytes();
    let mid = bytes.len() / 3;
    bytes[mid] = if bytes[mid] == b'A' { b'B' } else { b'A' };
    let altered = String::from_utf8(bytes).unwrap();
    let v = verify(&app, &w.chair, &altered).await;
    assert_eq!((v["valid"].as_bool(), v["code"].as_str()), (Some(false), Some("altered")), "{v}");
    assert!(v["name"].is_null() && v["reason"].as_str().unwrap().contains("篡改"), "{v}");
    let v = verify(&app, &w.chair, "nonsense").await;
    assert_eq!((v["valid"].as_bool(), v["code"].as_str()), (Some(false), Some("malformed")), "{v}");

    // The verification page the QR code opens.
    let b = Browser::login(&app, "chair.mh", PASSWORD).await;
    let (s, html) = b.get(&app, &format!("/ecards/verify?token={card}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("有效会员") && html.contains("张晓明"), "{html}");
    let (s, html, _) = b.post(&app, "/ecards/verify", &[("token", &altered)]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("无效") && html.contains("篡改"), "{html}");
    // The member's card page: the QR code, the name, the countdown.
    let m = Browser::login(&app, "zhang.mh", PASSWORD).await;
    let (s, html) = m.get(&app, "/me/ecard").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("<svg") && html.contains("张晓明") && html.contains("后失效"), "{html}");

    // Expired: this server's cards live 3 seconds.
    tokio::time::sleep(std::time::Duration::from_millis(3_300)).await;
    let v = verify(&app, &w.chair, &card).await;
    assert_eq!((v["valid"].as_bool(), v["code"].as_str()), (Some(false), Some("expired")), "{v}");
    assert!(v["reason"].as_str().unwrap().contains("过期"), "{v}");

    // A membership that ended: the card says so at verification time.
    let fresh = issue(&app, &w.me).await;
    let (s, b) = app
        .post(
            &w.chair,
            &format!("/api/v1/unions/{}/members/{}/status", w.union, w.member),
            json!({"status": "withdrawn", "reason": "本人申请"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let v = verify(&app, &w.chair, &fresh).await;
    assert_eq!((v["valid"].as_bool(), v["code"].as_str()), (Some(false), Some("not_current")), "{v}");
    let (s, e) = app.get(&w.me, "/api/v1/me/ecard").await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("member")), "{e}");
    // No member at all: 404 with a Chinese message.
    let (s, e) = app.get(&w.chair, "/api/v1/me/ecard").await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{e}");
    assert!(e["message"].as_str().unwrap().contains("会员"), "{e}");
    // Anonymous: no verification.
    let (s, _) = app.api(None, Method::POST, "/api/v1/ecards/verify", Some(json!({"token": card}))).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    app.stop().await;
}

crate::both!(
    me_ecard_verifies_and_refuses_altered_expired_and_ended,
    ecard,
    config = app::Config { ecard_ttl: chrono::Duration::seconds(3), ..Default::default() }
);

async fn manifest(app: TestApp) {
    let c = client();
    let r = c.get(app.url("/manifest.webmanifest")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/manifest+json");
    let m: Value = r.json().await.unwrap();
    assert_eq!(
        (m["name"].as_str(), m["start_url"].as_str(), m["display"].as_str()),
        (Some("工会"), Some("/me"), Some("standalone"))
    );
    assert!(m["theme_color"].as_str().unwrap().starts_with('#'));
    let icons = m["icons"].as_array().unwrap();
    assert!(icons.iter().any(|i| i["sizes"] == "192x192"));
    assert!(icons.iter().any(|i| i["sizes"] == "512x512" && i["purpose"] == "maskable"));
    for i in icons {
        let r = c.get(app.url(i["src"].as_str().unwrap())).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{i}");
        assert_eq!(r.headers()["content-type"], "image/png");
        let bytes = r.bytes().await.unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{i}");
        let side = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        assert_eq!(format!("{side}x{side}"), i["sizes"].as_str().unwrap());
    }
    // Every page links it, with the theme colour and the touch icon.
    let login = c.get(app.url("/login")).send().await.unwrap().text().await.unwrap();
    assert!(
        login.contains("rel=\"manifest\"")
            && login.contains("theme-color")
            && login.contains("apple-touch-icon")
    );
    app.stop().await;
}

crate::both!(me_manifest_and_icons_are_served, manifest);
