//! Logins for many members at once (issue 13): usernames from a pattern,
//! one-time passwords on a sheet shown once, members linked, those with a
//! login skipped, another union's member 404, two officers at once create
//! one login per member; a password set by someone else (bulk-created or an
//! admin's reset) must be changed first, one chosen at creation need not.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{Browser, PASSWORD, TestApp, client, csrf_of, id_number};

struct World {
    admin: String,
    union: String,
    other: String,
    officer: String,
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let other = app.org(&admin, "union", "乙公司工会", Some(&fed)).await;
    app.user(&admin, "ganshi.b", "officer", Some(&union), Some(&union)).await;
    app.user(&admin, "ganshi.c", "officer", Some(&union), Some(&union)).await;
    let officer = app.token("ganshi.b", PASSWORD).await;
    World { admin, union, other, officer }
}

async fn member(app: &TestApp, token: &str, union: &str, name: &str, seq: u32) -> String {
    let (s, m) = app
        .post(
            token,
            &format!("/api/v1/unions/{union}/members"),
            json!({"name": name, "id_number": id_number(seq)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    m["id"].as_str().unwrap().to_owned()
}

async fn bulk(app: &TestApp, token: &str, union: &str, ids: &[&str], pattern: &str) -> (StatusCode, Value) {
    app.post(
        token,
        &format!("/api/v1/unions/{union}/member-logins"),
        json!({"member_ids": ids, "username_pattern": pattern}),
    )
    .await
}

/// Signs in through the form; returns the client and where `/` sends it.
async fn sign_in(app: &TestApp, username: &str, password: &str) -> (reqwest::Client, StatusCode, String) {
    let c = client();
    let page = c.get(app.url("/login")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_of(&page);
    let r = c
        .post(app.url("/login"))
        .form(&[("username", username), ("password", password), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "login {username}");
    let r = c.get(app.url("/")).send().await.unwrap();
    let to = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    (c, r.status(), to)
}

/// A password someone else set: the API refuses everything but changing it.
async fn assert_must_change(app: &TestApp, username: &str, password: &str) {
    let t = app.token(username, password).await;
    let (s, b) = app.get(&t, "/api/v1/me").await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{username}: {b}");
    assert_eq!(b["code"], "password_change_required", "{b}");
    assert!(b["message"].as_str().unwrap().contains("修改密码"), "{b}");
    // Pages lead to the change-password page, which says why.
    let (c, s, to) = sign_in(app, username, password).await;
    assert_eq!((s, to.as_str()), (StatusCode::SEE_OTHER, "/account/password"), "{username}");
    let page = c.get(app.url("/account/password")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("id=\"password-change-required\""), "{page}");
    let r = c.get(app.url("/members")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Changing it clears the flag (and ends the token used).
    let (s, b) = app
        .post(&t, "/api/v1/me/password", json!({"old_password": password, "new_password": "Mine-own-9931x"}))
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{b}");
    let t = app.token(username, "Mine-own-9931x").await;
    let (s, b) = app.get(&t, "/api/v1/me").await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (c, s, _) = sign_in(app, username, "Mine-own-9931x").await;
    assert_eq!(s, StatusCode::OK);
    let r = c.get(app.url("/account/password")).send().await.unwrap().text().await.unwrap();
    assert!(!r.contains("id=\"password-change-required\""));
}

async fn bulk_create(app: TestApp) {
    let w = world(&app).await;
    let u = &w.union;
    let zw1 = member(&app, &w.officer, u, "张伟", 11).await;
    let zw2 = member(&app, &w.officer, u, "张伟", 12).await;
    let ln = member(&app, &w.officer, u, "李娜", 13).await;
    let wf = member(&app, &w.officer, u, "王芳", 14).await;
    // An account named like 李娜's pinyin exists; 王芳 already has a login.
    app.user(&w.admin, "lina", "member", Some(u), Some(u)).await;
    let wang = app.user(&w.admin, "wangfang.x", "member", Some(u), Some(u)).await;
    let (s, b) = app
        .api(
            Some(&w.officer),
            Method::PUT,
            &format!("/api/v1/unions/{u}/members/{wf}/user"),
            Some(json!({"user_id": wang})),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{b}");

    // Another union's member in the list: 404, nothing created.
    let foreign = member(&app, &w.admin, &w.other, "赵六", 15).await;
    let (s, b) = bulk(&app, &w.officer, u, &[&zw1, &foreign], "{pinyin}").await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{b}");
    let (s, b) = bulk(&app, &w.officer, u, &[&zw1], "{nonsense}").await;
    assert_eq!((s, b["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("username_pattern")), "{b}");
    let (s, _) = bulk(&app, &w.officer, u, &[], "{pinyin}").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    let (s, b) = bulk(&app, &w.officer, u, &[&zw1, &zw2, &ln, &wf], "{pinyin}").await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let created = b["created"].as_array().unwrap();
    let mut names: Vec<&str> = created.iter().map(|c| c["username"].as_str().unwrap()).collect();
    names.sort_unstable();
    assert_eq!(names, ["lina2", "zhangwei", "zhangwei2"], "{b}");
    let skipped = b["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{b}");
    assert_eq!(skipped[0]["member_id"], wf.as_str());
    assert!(skipped[0]["reason"].as_str().unwrap().contains("已有登录账号 wangfang.x"), "{b}");
    // Nothing of the one-time passwords is stored in plain text.
    let li = created.iter().find(|c| c["username"] == "lina2").unwrap();
    let otp = li["one_time_password"].as_str().unwrap().to_owned();
    assert_eq!(otp.len(), 14, "{otp}");
    let (_, audit) = app.get(&w.admin, "/api/v1/audit?action=user.create").await;
    assert!(!audit.to_string().contains(&otp) && audit.to_string().contains("lina2"), "{audit}");

    // Again: everyone has a login now.
    let (s, b) = bulk(&app, &w.officer, u, &[&zw1, &ln], "{pinyin}").await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert!(
        b["created"].as_array().unwrap().is_empty() && b["skipped"].as_array().unwrap().len() == 2,
        "{b}"
    );

    // The login is linked to the member, holds the member role, and must
    // change its one-time password first.
    assert_must_change(&app, "lina2", &otp).await;
    let t = app.token("lina2", "Mine-own-9931x").await;
    let (_, mine) = app.get(&t, "/api/v1/me/care").await;
    assert_eq!(mine["member_id"], ln.as_str(), "{mine}");
    let (_, me) = app.get(&t, "/api/v1/me").await;
    assert!(me.to_string().contains("\"member\""), "{me}");

    // An account the admin creates with a chosen password works at once;
    // after the admin resets it, it must be changed.
    let id = app.user(&w.admin, "chosen.pw", "member", Some(u), Some(u)).await;
    let t = app.token("chosen.pw", PASSWORD).await;
    let (s, _) = app.get(&t, "/api/v1/me").await;
    assert_eq!(s, StatusCode::OK);
    let (s, b) = app
        .post(&w.admin, &format!("/api/v1/users/{id}/password"), json!({"new_password": "Reset-by-adm-77"}))
        .await;
    assert!(s.is_success(), "{b}");
    assert_must_change(&app, "chosen.pw", "Reset-by-adm-77").await;
    app.stop().await;
}
crate::both!(bulk_create, bulk_create);

async fn page_and_sheet(app: TestApp) {
    let w = world(&app).await;
    let u = &w.union;
    let a = member(&app, &w.officer, u, "陈静", 21).await;
    let b = member(&app, &w.officer, u, "杨洋", 22).await;
    let officer = Browser::login(&app, "ganshi.b", PASSWORD).await;
    let (s, roster) = officer.get(&app, &format!("/unions/{u}/members")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(roster.contains("form=\"bulk-logins\"") && roster.contains("批量开通账号"), "{roster}");

    let preview =
        format!("/unions/{u}/member-logins/new?member_id={a}&member_id={b}&username_pattern=hy%7Bseq%3A3%7D");
    let (s, html) = officer.get(&app, &preview).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("hy001") && html.contains("hy002") && html.contains("确认开通 2 个账号"), "{html}");
    let (s, html) = officer
        .get(&app, &format!("/unions/{u}/member-logins/new?member_id={a}&username_pattern=%7Bx%7D"))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("无法识别"), "{html}");
    // "All without a login" finds both.
    let (_, html) = officer.get(&app, &format!("/unions/{u}/member-logins/new?all=1")).await;
    assert!(html.contains("陈静") && html.contains("杨洋") && html.contains("chenjing"), "{html}");

    let r = officer
        .client
        .post(app.url(&format!("/unions/{u}/member-logins")))
        .form(&[
            ("csrf", officer.csrf.as_str()),
            ("username_pattern", "hy{seq:3}"),
            ("member_id", a.as_str()),
            ("member_id", b.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
    let sheet = r.text().await.unwrap();
    assert!(sheet.contains("初始密码领取单") && sheet.contains("领取人签字"), "{sheet}");
    assert!(sheet.contains("hy001") && sheet.contains("陈静"), "{sheet}");
    let re = regex_lite::Regex::new(r#"class="otp">([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})<"#).unwrap();
    let otps: Vec<String> = re.captures_iter(&sheet).map(|c| c[1].to_owned()).collect();
    assert_eq!(otps.len(), 2, "{sheet}");
    // 陈静 (chen) sorts before 杨洋 (yang): hy001 is 陈静's.
    assert_must_change(&app, "hy001", &otps[0]).await;

    // Done again from the page: both skipped, nothing to confirm.
    let (_, html) = officer.get(&app, &preview).await;
    assert!(html.contains("已有登录账号 hy001") && !html.contains("确认开通"), "{html}");
    // Another union's member: 404 on the page too.
    let foreign = member(&app, &w.admin, &w.other, "赵六", 23).await;
    let (s, _) = officer.get(&app, &format!("/unions/{u}/member-logins/new?member_id={foreign}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    app.stop().await;
}
crate::both!(page_and_sheet, page_and_sheet);

async fn concurrent(app: TestApp) {
    let w = world(&app).await;
    let u = &w.union;
    let mut ids = Vec::new();
    for (i, name) in ["周一", "吴二", "郑三", "冯四", "褚五", "卫六"].iter().enumerate() {
        ids.push(member(&app, &w.officer, u, name, 40 + i as u32).await);
    }
    let other = app.token("ganshi.c", PASSWORD).await;
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let (one, two) =
        tokio::join!(bulk(&app, &w.officer, u, &refs, "m{seq:2}"), bulk(&app, &other, u, &refs, "m{seq:2}"));
    let mut created = Vec::new();
    let mut skipped = 0;
    for (s, b) in [&one, &two] {
        assert_eq!(*s, StatusCode::CREATED, "{b}");
        created.extend(b["created"].as_array().unwrap().iter().map(|c| {
            (c["member_id"].as_str().unwrap().to_owned(), c["username"].as_str().unwrap().to_owned())
        }));
        skipped += b["skipped"].as_array().unwrap().len();
    }
    // Exactly one login per member, across both requests.
    assert_eq!(created.len(), 6, "{one:?} {two:?}");
    assert_eq!(skipped, 6, "{one:?} {two:?}");
    let mut members: Vec<&str> = created.iter().map(|c| c.0.as_str()).collect();
    members.sort_unstable();
    members.dedup();
    assert_eq!(members.len(), 6);
    let db = app.db().await;
    let links: i64 = match &db {
        store::Db::Sqlite(p) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM user_members").fetch_one(p).await.unwrap()
        }
        store::Db::Pg(p) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM user_members").fetch_one(p).await.unwrap()
        }
    };
    assert_eq!(links, 6);
    app.stop().await;
}
crate::both!(concurrent, concurrent);
