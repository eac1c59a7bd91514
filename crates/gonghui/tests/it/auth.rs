//! Tokens, throttling, passwords, sessions, CSRF, grants.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::{Backend, Browser, TestApp, client, csrf_of};

async fn tokens_and_throttling(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "总工会", None).await;
    let u = app.org(&admin, "union", "工会", Some(&fed)).await;
    app.user(&admin, "li.si", "officer", Some(&u), Some(&u)).await;

    let (s, b) = app
        .api(
            None,
            Method::POST,
            "/api/v1/auth/token",
            Some(json!({"username": "li.si", "password": "wrong123"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(b["code"], "invalid_credentials");
    assert_eq!(b["message"], "用户名或密码不正确");

    // Unknown users answer the same.
    let (s, b) = app
        .api(None, Method::POST, "/api/v1/auth/token", Some(json!({"username": "nobody", "password": "x"})))
        .await;
    assert_eq!((s, b["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_credentials")));

    // A wrong bearer token is refused, not treated as anonymous.
    let (s, b) = app.api(Some("not-a-token"), Method::GET, "/api/v1/me", None).await;
    assert_eq!((s, b["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthenticated")));

    // Three more failures cost nothing; the fifth makes the next attempt
    // wait (a progressive delay, not a lock: see auth_hardening).
    for _ in 0..3 {
        let (s, _) = app
            .api(
                None,
                Method::POST,
                "/api/v1/auth/token",
                Some(json!({"username": "li.si", "password": "wrong123"})),
            )
            .await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
    let (s, b) = app
        .api(
            None,
            Method::POST,
            "/api/v1/auth/token",
            Some(json!({"username": "li.si", "password": "wrong123"})),
        )
        .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(b["code"], "login_throttled");
    assert!(b["message"].as_str().unwrap().contains("秒后再试"), "{b}");
    // Other accounts from elsewhere are not affected by this account's lock.
    let t = app.admin().await;
    let (s, me) = app.get(&t, "/api/v1/me").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["username"], "admin");
    assert_eq!(me["roles"][0]["role"], "admin");

    // Failed logins are audited, without the password.
    let (_, log) = app.get(&t, "/api/v1/audit?action=auth.login_failed").await;
    assert!(log["total"].as_i64().unwrap() >= 5);
    assert!(!log.to_string().contains("wrong123"));

    // Revoking a token ends it.
    let (s, _) = app.api(Some(&t), Method::DELETE, "/api/v1/auth/token", None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&t, "/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
    app.stop().await;
}

crate::both!(tokens_and_login_throttling, tokens_and_throttling);

async fn passwords_and_accounts(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "总工会", None).await;
    let u = app.org(&admin, "union", "工会", Some(&fed)).await;
    let v = app.org(&admin, "union", "别的工会", Some(&fed)).await;
    let chair_id = app.user(&admin, "zhu.xi", "chair", Some(&u), Some(&u)).await;
    let chair = app.token("zhu.xi", crate::common::PASSWORD).await;

    // Password rules and the old password are checked.
    let (s, b) = app
        .post(
            &chair,
            "/api/v1/me/password",
            json!({"old_password": crate::common::PASSWORD, "new_password": "short"}),
        )
        .await;
    assert_eq!((s, b["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("new_password")));
    let (s, b) = app
        .post(
            &chair,
            "/api/v1/me/password",
            json!({"old_password": "nope1234", "new_password": "Better-pass-2027"}),
        )
        .await;
    assert_eq!((s, b["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("wrong_password")));
    let (s, _) = app
        .post(
            &chair,
            "/api/v1/me/password",
            json!({"old_password": crate::common::PASSWORD, "new_password": "Better-pass-2027"}),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let chair = app.token("zhu.xi", "Better-pass-2027").await;

    // Stored hashes are argon2id.
    let db = app.db().await;
    let user = store::auth::user_by_username(&mut db.read().await.unwrap(), "zhu.xi").await.unwrap().unwrap();
    assert!(user.password_hash.starts_with("$argon2id$"));
    db.close().await;

    // A chair makes accounts in their union and grants union roles there…
    let (s, b) = app
        .post(
            &chair,
            "/api/v1/users",
            json!({"username": "gan.shi", "password": crate::common::PASSWORD, "display_name": "干事", "org_id": u}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let officer_id = b["id"].as_str().unwrap().to_owned();
    let (s, _) = app
        .post(&chair, &format!("/api/v1/users/{officer_id}/roles"), json!({"role": "officer", "org_id": u}))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    // …but not admin or federation roles, nor roles on the wrong kind of node.
    let (s, b) = app
        .post(
            &chair,
            &format!("/api/v1/users/{officer_id}/roles"),
            json!({"role": "federation", "org_id": u}),
        )
        .await;
    assert_eq!((s, b["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("role_not_for_org")));
    let (s, b) =
        app.post(&chair, &format!("/api/v1/users/{officer_id}/roles"), json!({"role": "admin"})).await;
    assert_eq!((s, b["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("org_id")));
    let (s, b) = app
        .post(&admin, &format!("/api/v1/users/{officer_id}/roles"), json!({"role": "chair", "org_id": fed}))
        .await;
    assert_eq!((s, b["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("role_not_for_org")));
    // Nobody grants themselves a role, not even an admin.
    let (_, me) = app.get(&admin, "/api/v1/me").await;
    let (s, b) = app
        .post(
            &admin,
            &format!("/api/v1/users/{}/roles", me["id"].as_str().unwrap()),
            json!({"role": "chair", "org_id": u}),
        )
        .await;
    assert_eq!((s, b["field"].as_str()), (StatusCode::FORBIDDEN, Some("role")), "{b}");
    // Another union's org is not theirs to grant on.
    let (s, _) = app
        .post(&chair, &format!("/api/v1/users/{officer_id}/roles"), json!({"role": "member", "org_id": v}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Usernames are unique.
    let (s, b) = app
        .post(
            &chair,
            "/api/v1/users",
            json!({"username": "GAN.SHI", "password": crate::common::PASSWORD, "display_name": "重名", "org_id": u}),
        )
        .await;
    assert_eq!((s, b["code"].as_str()), (StatusCode::CONFLICT, Some("username_taken")));

    // A disabled account cannot sign in or use its token.
    let officer = app.token("gan.shi", crate::common::PASSWORD).await;
    let (s, _) =
        app.post(&chair, &format!("/api/v1/users/{officer_id}/status"), json!({"disabled": true})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&officer, "/api/v1/me").await.1["code"], "account_disabled");
    let (s, b) = app
        .api(
            None,
            Method::POST,
            "/api/v1/auth/token",
            Some(json!({"username": "gan.shi", "password": crate::common::PASSWORD})),
        )
        .await;
    assert_eq!((s, b["code"].as_str()), (StatusCode::FORBIDDEN, Some("account_disabled")));
    // Nobody disables themselves by accident.
    let (s, _) =
        app.post(&chair, &format!("/api/v1/users/{chair_id}/status"), json!({"disabled": true})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    app.stop().await;
}

crate::both!(passwords_accounts_and_grants, passwords_and_accounts);

async fn sessions_and_csrf(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "总工会", None).await;
    let b = Browser::login(&app, "admin", crate::common::ADMIN_PASSWORD).await;
    assert_eq!(b.csrf.len(), 64);

    // Session cookies are HttpOnly and SameSite=Lax.
    let c = client();
    let page = c.get(app.url("/login")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_of(&page);
    let r = c
        .post(app.url("/login"))
        .form(&[("username", "admin"), ("password", crate::common::ADMIN_PASSWORD), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    let cookie = r.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(
        cookie.starts_with("gh_session=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    // A login form without its CSRF token is refused.
    let r = client()
        .post(app.url("/login"))
        .form(&[("username", "admin"), ("password", crate::common::ADMIN_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // A signed-in form post without (or with a wrong) token is refused and writes nothing.
    let r = b
        .client
        .post(app.url("/orgs"))
        .form(&[("name", "无令牌"), ("kind", "union"), ("parent_id", &fed)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = b
        .client
        .post(app.url("/orgs"))
        .form(&[("name", "错令牌"), ("kind", "union"), ("parent_id", &fed), ("csrf", &"0".repeat(64))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("页面已过期"));
    let (_, list) = app.get(&admin, "/api/v1/orgs?kind=union").await;
    assert_eq!(list["total"], 0);
    // htmx sends the token as a header.
    let r = b
        .client
        .post(app.url("/orgs"))
        .header("x-csrf-token", &b.csrf)
        .form(&[("name", "有令牌"), ("kind", "union"), ("parent_id", &fed)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // Signing out ends the session.
    let (s, _, loc) = b.post(&app, "/logout", &[]).await;
    assert_eq!((s, loc.as_deref()), (StatusCode::SEE_OTHER, Some("/login")));
    let (s, _) = b.get(&app, "/").await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    app.stop().await;
}

crate::both!(sessions_and_csrf_tokens, sessions_and_csrf);

async fn expired_sessions_end(backend: Backend) {
    // Sessions that outlive their absolute limit are refused: a zero limit
    // makes every session expire at once.
    let config = app::Config { session_absolute: chrono::Duration::zero(), ..Default::default() };
    let Some(app) = TestApp::start_with(backend, config, false).await else { return };
    let c = client();
    let page = c.get(app.url("/login")).send().await.unwrap().text().await.unwrap();
    let csrf = csrf_of(&page);
    let r = c
        .post(app.url("/login"))
        .form(&[("username", "admin"), ("password", crate::common::ADMIN_PASSWORD), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = c.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/login");
    app.stop().await;
}

#[tokio::test]
async fn expired_sessions_end_sqlite() {
    expired_sessions_end(Backend::Sqlite).await;
}

#[tokio::test]
async fn expired_sessions_end_postgres() {
    expired_sessions_end(Backend::Postgres).await;
}
