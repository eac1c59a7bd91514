//! An administrator resets another user's password (page and API): the old
//! password, every API token and every browser session of that user end.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::{Browser, PASSWORD, TestApp};

async fn old_password_refused(app: &TestApp, username: &str, password: &str) {
    let body = json!({"username": username, "password": password});
    let (s, b) = app.api(None, Method::POST, "/api/v1/auth/token", Some(body)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{b}");
}

async fn reset(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let id = app.user(&admin, "zhigong.p", "member", Some(&union), Some(&union)).await;
    let token = app.token("zhigong.p", PASSWORD).await;
    let own = Browser::login(&app, "zhigong.p", PASSWORD).await;
    assert_eq!(own.get(&app, "/").await.0, StatusCode::OK);

    // Through the API: the password rule applies; the user's token and
    // session end; the old password no longer signs in.
    let url = format!("/api/v1/users/{id}/password");
    let (s, b) = app.post(&admin, &url, json!({"new_password": "short"})).await;
    assert_eq!((s, b["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("new_password")), "{b}");
    let (s, b) = app.post(&admin, &url, json!({"new_password": "Xinmima-2026"})).await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{b}");
    assert_eq!(app.get(&token, "/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
    assert_ne!(own.get(&app, "/").await.0, StatusCode::OK, "the browser session ended");
    old_password_refused(&app, "zhigong.p", PASSWORD).await;
    app.token("zhigong.p", "Xinmima-2026").await;
    // One's own password is changed with the old one, not reset.
    let (_, me) = app.get(&admin, "/api/v1/me").await;
    let (s, b) = app
        .post(
            &admin,
            &format!("/api/v1/users/{}/password", me["id"].as_str().unwrap()),
            json!({"new_password": "Xinmima-2027"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");

    // On the user's page.
    let page = format!("/users/{id}");
    let b = Browser::login(&app, "admin", crate::common::ADMIN_PASSWORD).await;
    let (_, html) = b.get(&app, &page).await;
    assert!(html.contains("<h2>重设密码</h2>"), "{html}");
    let (s, html, _) = b.post(&app, &format!("{page}/password"), &[("new_password", "zhigong.p")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("field-error"), "the reason shows: {html}");
    let (s, _, to) = b.post(&app, &format!("{page}/password"), &[("new_password", "Ye-mima-20261")]).await;
    assert_eq!((s, to.as_deref()), (StatusCode::SEE_OTHER, Some(page.as_str())));
    let (_, html) = b.get(&app, &page).await;
    assert!(html.contains("密码已重设"), "{html}");
    old_password_refused(&app, "zhigong.p", "Xinmima-2026").await;
    app.token("zhigong.p", "Ye-mima-20261").await;
    let (_, log) = app.get(&admin, "/api/v1/audit?action=auth.password_reset").await;
    assert_eq!(log["total"], 2, "{log}");
    assert!(log.to_string().contains("重设了账号 zhigong.p 的密码"), "{log}");
    app.stop().await;
}

crate::both!(admin_resets_a_users_password, reset);
