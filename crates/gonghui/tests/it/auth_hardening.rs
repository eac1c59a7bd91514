//! Issue 12: the last administrator, security headers, passwords that end
//! tokens, the password rule, progressive login delays and trusted proxies.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{ADMIN_PASSWORD, Backend, Browser, PASSWORD, TestApp, client, csrf_of};

async fn token_raw(app: &TestApp, xff: Option<&str>, username: &str, password: &str) -> reqwest::Response {
    let mut req = client()
        .post(app.url("/api/v1/auth/token"))
        .json(&json!({"username": username, "password": password}));
    if let Some(x) = xff {
        req = req.header("x-forwarded-for", x);
    }
    req.send().await.unwrap()
}

fn admin_grant_of(me: &Value) -> String {
    me["roles"].as_array().unwrap().iter().find(|g| g["role"] == "admin").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

// ---------------------------------------------------------------- item 5

async fn last_admin(app: TestApp) {
    let admin = app.admin().await;
    let (_, me) = app.get(&admin, "/api/v1/me").await;
    let admin_id = me["id"].as_str().unwrap().to_owned();
    let grant = admin_grant_of(&me);

    // The only administrator cannot take their own admin role away.
    let path = format!("/api/v1/users/{admin_id}/roles/{grant}");
    let (s, b) = app.api(Some(&admin), Method::DELETE, &path, None).await;
    assert_eq!((s, b["code"].as_str()), (StatusCode::CONFLICT, Some("last_admin")), "{b}");
    assert!(b["message"].as_str().unwrap().contains("最后一名"), "{b}");
    assert_eq!(app.get(&admin, "/api/v1/audit").await.0, StatusCode::OK);

    // Nor through the page: the refusal is shown on the account's page.
    let browser = Browser::login(&app, "admin", ADMIN_PASSWORD).await;
    let (s, html, _) = browser.post(&app, &format!("/users/{admin_id}/roles/{grant}/delete"), &[]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(html.contains("最后一名可用的系统管理员"), "{html}");

    // With a second administrator the first may step down…
    let ops = app.user(&admin, "ops", "admin", None, None).await;
    let ops_token = app.token("ops", PASSWORD).await;
    let (_, ops_me) = app.get(&ops_token, "/api/v1/me").await;
    let ops_grant = admin_grant_of(&ops_me);
    let (s, _) =
        app.api(Some(&admin), Method::DELETE, &format!("/api/v1/users/{ops}/roles/{ops_grant}"), None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, b) = app.api(Some(&admin), Method::DELETE, &path, None).await;
    assert_eq!((s, b["code"].as_str()), (StatusCode::CONFLICT, Some("last_admin")));

    // …and a disabled administrator does not count: once ops (an admin
    // again) has disabled the first, ops is the last one.
    let (s, _) = app.post(&admin, &format!("/api/v1/users/{ops}/roles"), json!({"role": "admin"})).await;
    assert_eq!(s, StatusCode::CREATED);
    let ops_token = app.token("ops", PASSWORD).await;
    let (s, _) =
        app.post(&ops_token, &format!("/api/v1/users/{admin_id}/status"), json!({"disabled": true})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (_, ops_me) = app.get(&ops_token, "/api/v1/me").await;
    let ops_grant = admin_grant_of(&ops_me);
    let (s, b) = app
        .api(Some(&ops_token), Method::DELETE, &format!("/api/v1/users/{ops}/roles/{ops_grant}"), None)
        .await;
    assert_eq!((s, b["code"].as_str()), (StatusCode::CONFLICT, Some("last_admin")), "{b}");

    // The person who runs the server restores the first admin from the
    // command line: `gonghui admin grant` (re-enables it) and
    // `gonghui admin reset-password` (prints a new password once).
    let out = cli(&app, &["admin", "grant", "admin"], None);
    assert!(out.contains("已有系统管理员角色") && out.contains("现已启用"), "{out}");
    let out = cli(&app, &["admin", "reset-password", "admin"], None);
    let new_pw = out.split("新密码：").nth(1).unwrap().lines().next().unwrap().trim().to_owned();
    assert!(new_pw.len() >= 10, "{out}");
    let again = app.token("admin", &new_pw).await;
    assert_eq!(app.get(&again, "/api/v1/audit").await.0, StatusCode::OK);

    // `admin grant` makes a plain account an administrator.
    let fed = app.org(&again, "federation", "总工会", None).await;
    let u = app.org(&again, "union", "工会", Some(&fed)).await;
    app.user(&again, "plain", "member", Some(&u), Some(&u)).await;
    let plain = app.token("plain", PASSWORD).await;
    assert_eq!(app.get(&plain, "/api/v1/audit").await.0, StatusCode::FORBIDDEN);
    let out = cli(&app, &["admin", "grant", "plain"], None);
    assert!(out.contains("已授予账号 plain 系统管理员角色"), "{out}");
    // The CLI is another process: the server learns of it when its
    // identity cache expires.
    crate::common::identity_cache_expires().await;
    assert_eq!(app.get(&plain, "/api/v1/audit").await.0, StatusCode::OK);

    // A password from standard input must meet the rule; a good one works
    // and ends the account's tokens.
    let err = cli_fails(&app, &["admin", "reset-password", "plain", "--password-stdin"], "short1\n");
    assert!(err.contains("新密码至少需要10个字符"), "{err}");
    cli(&app, &["admin", "reset-password", "plain", "--password-stdin"], Some("Stdin-pass-2026\n"));
    crate::common::identity_cache_expires().await;
    assert_eq!(app.get(&plain, "/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
    app.token("plain", "Stdin-pass-2026").await;
    let err = cli_fails(&app, &["admin", "grant", "nobody"], "");
    assert!(err.contains("不存在"), "{err}");

    // Both tools are audited.
    let (_, log) = app.get(&again, "/api/v1/audit?action=auth.password_reset").await;
    assert_eq!(log["total"], 2, "{log}");
    let (_, log) = app.get(&again, "/api/v1/audit?action=user.grant").await;
    assert!(log.to_string().contains("在服务器上授予 plain"), "{log}");
    app.stop().await;
}

crate::both!(the_last_admin_cannot_be_removed, last_admin, config = crate::common::short_identity_cache());

fn cli_command(app: &TestApp, args: &[&str]) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_gonghui"));
    c.arg("--database").arg(&app.db_url).args(args).env("GONGHUI_LOG", "off");
    c
}

fn run_with_stdin(mut c: std::process::Command, stdin: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// Runs the binary on the app's database; returns its standard output.
fn cli(app: &TestApp, args: &[&str], stdin: Option<&str>) -> String {
    let out = run_with_stdin(cli_command(app, args), stdin.unwrap_or(""));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{args:?}: {text} {}", String::from_utf8_lossy(&out.stderr));
    text
}

/// Runs the binary expecting failure; returns its standard error.
fn cli_fails(app: &TestApp, args: &[&str], stdin: &str) -> String {
    let out = run_with_stdin(cli_command(app, args), stdin);
    assert!(!out.status.success(), "{args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// ---------------------------------------------------------------- item 6

fn assert_security_headers(r: &reqwest::Response, what: &str) {
    let h = r.headers();
    let csp = h.get("content-security-policy").map(|v| v.to_str().unwrap()).unwrap_or_default();
    for directive in [
        "script-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(directive), "{what}: CSP {csp:?} lacks {directive}");
    }
    assert!(!csp.contains("unsafe-eval"), "{what}: {csp}");
    let script_src = csp.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
    assert!(!script_src.contains("unsafe-inline"), "{what}: {csp}");
    assert_eq!(h.get("x-content-type-options").map(|v| v.as_bytes()), Some(&b"nosniff"[..]), "{what}");
    assert_eq!(h.get("referrer-policy").map(|v| v.as_bytes()), Some(&b"same-origin"[..]), "{what}");
    assert_eq!(h.get("x-frame-options").map(|v| v.as_bytes()), Some(&b"DENY"[..]), "{what}");
}

async fn security_headers(app: TestApp) {
    let admin = app.admin().await;
    let c = client();
    let get = |path: &str| c.get(app.url(path));
    let cases: Vec<(&str, reqwest::Response, StatusCode)> = vec![
        ("login page", get("/login").send().await.unwrap(), StatusCode::OK),
        ("API 200", get("/api/v1/me").bearer_auth(&admin).send().await.unwrap(), StatusCode::OK),
        ("API 401", get("/api/v1/me").send().await.unwrap(), StatusCode::UNAUTHORIZED),
        ("API 404", get("/api/v1/no-such-thing").send().await.unwrap(), StatusCode::NOT_FOUND),
        ("page 404", get("/no-such-page").send().await.unwrap(), StatusCode::NOT_FOUND),
        ("static", get("/static/app.js").send().await.unwrap(), StatusCode::OK),
        ("static 404", get("/static/nothing.js").send().await.unwrap(), StatusCode::NOT_FOUND),
        ("redirect", get("/").send().await.unwrap(), StatusCode::SEE_OTHER),
        ("health", get("/healthz").send().await.unwrap(), StatusCode::OK),
    ];
    for (what, r, status) in &cases {
        assert_eq!(r.status(), *status, "{what}");
        assert_security_headers(r, what);
    }
    // The page script is served from /static and loaded by the layout.
    let js = get("/static/app.js").send().await.unwrap().text().await.unwrap();
    assert!(js.contains("data-print") && js.contains("data-confirm") && js.contains("data-autosubmit"));
    let b = Browser::login(&app, "admin", ADMIN_PASSWORD).await;
    let (_, home) = b.get(&app, "/").await;
    assert!(home.contains(r#"<script src="/static/app.js" defer></script>"#));
    app.stop().await;
}

crate::both!(security_headers_on_every_response, security_headers);

/// No template runs inline script: no `on…=` handler attributes, no
/// `javascript:` URLs, no `<script>` without `src` (the CSP would block them).
#[test]
fn templates_have_no_inline_script() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/templates");
    let handler = regex_lite::Regex::new(r#"(?i)\son[a-z]+\s*="#).unwrap();
    let mut stack = vec![dir];
    let mut seen = 0;
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            seen += 1;
            assert!(!handler.is_match(&text), "{}: inline event handler", p.display());
            assert!(!text.contains("javascript:"), "{}: javascript: URL", p.display());
            for (i, _) in text.match_indices("<script") {
                let tag = &text[i..i + text[i..].find('>').unwrap()];
                assert!(tag.contains("src="), "{}: inline <script>", p.display());
            }
        }
    }
    assert!(seen > 50, "{seen} templates");
}

// ---------------------------------------------------------------- item 7

async fn password_change_ends_tokens(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "总工会", None).await;
    let u = app.org(&admin, "union", "工会", Some(&fed)).await;
    app.user(&admin, "li.si", "officer", Some(&u), Some(&u)).await;

    // Through the API: every token ends, the one used for the change too,
    // and every browser session.
    let t1 = app.token("li.si", PASSWORD).await;
    let t2 = app.token("li.si", PASSWORD).await;
    let elsewhere = Browser::login(&app, "li.si", PASSWORD).await;
    let (s, _) = app
        .post(
            &t1,
            "/api/v1/me/password",
            json!({"old_password": PASSWORD, "new_password": "Second-pass-2026"}),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    for t in [&t1, &t2] {
        let (s, b) = app.get(t, "/api/v1/me").await;
        assert_eq!((s, b["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthenticated")));
    }
    assert_eq!(elsewhere.get(&app, "/").await.0, StatusCode::SEE_OTHER);

    // Through the page: the browser that changes it stays signed in; other
    // sessions and every token end.
    let token = app.token("li.si", "Second-pass-2026").await;
    let other = Browser::login(&app, "li.si", "Second-pass-2026").await;
    let b = Browser::login(&app, "li.si", "Second-pass-2026").await;
    let (s, _, loc) = b
        .post(
            &app,
            "/account/password",
            &[
                ("old_password", "Second-pass-2026"),
                ("new_password", "Third-pass-2026"),
                ("new_password2", "Third-pass-2026"),
            ],
        )
        .await;
    assert_eq!((s, loc.as_deref()), (StatusCode::SEE_OTHER, Some("/")));
    assert_eq!(b.get(&app, "/").await.0, StatusCode::OK);
    assert_eq!(other.get(&app, "/").await.0, StatusCode::SEE_OTHER);
    assert_eq!(app.get(&token, "/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
    app.token("li.si", "Third-pass-2026").await;
    app.stop().await;
}

crate::both!(a_password_change_ends_tokens_and_sessions, password_change_ends_tokens);

// ---------------------------------------------------------------- item 10

async fn weak_passwords(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "总工会", None).await;
    let u = app.org(&admin, "union", "工会", Some(&fed)).await;
    for (password, says) in [
        ("abc12345", "密码至少需要10个字符"),
        ("Zhang.San-2026", "密码不能包含用户名"),
        ("password123", "密码是最常见的密码之一"),
        ("qwertyuiop123", "密码是最常见的密码之一"),
    ] {
        let (s, b) = app
            .post(
                &admin,
                "/api/v1/users",
                json!({"username": "zhang.san", "password": password, "display_name": "张三", "org_id": u}),
            )
            .await;
        assert_eq!(
            (s, b["code"].as_str(), b["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("weak_password"), Some("password")),
            "{password}: {b}"
        );
        assert!(b["message"].as_str().unwrap().starts_with(says), "{password}: {b}");
    }
    app.user(&admin, "zhang.san", "officer", Some(&u), Some(&u)).await;
    let t = app.token("zhang.san", PASSWORD).await;
    let (s, b) = app
        .post(
            &t,
            "/api/v1/me/password",
            json!({"old_password": PASSWORD, "new_password": "ZHANG.SAN-x-2026"}),
        )
        .await;
    assert_eq!((s, b["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("new_password")), "{b}");
    assert!(b["message"].as_str().unwrap().starts_with("新密码"), "{b}");
    let (s, b) = app
        .post(&t, "/api/v1/me/password", json!({"old_password": PASSWORD, "new_password": "Zhang.San-2026"}))
        .await;
    assert_eq!((s, b["message"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("新密码不能包含用户名")));

    // The pages show the message next to the field and keep what was typed
    // (except the password itself).
    let b = Browser::login(&app, "admin", ADMIN_PASSWORD).await;
    let (s, html, _) = b
        .post(
            &app,
            "/users",
            &[("username", "wang.wu"), ("display_name", "王五"), ("password", "short1"), ("org_id", &u)],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(r#"<p class="field-error">密码至少需要10个字符</p>"#), "{html}");
    assert!(html.contains(r#"value="wang.wu""#) && html.contains(r#"value="王五""#));
    let zs = Browser::login(&app, "zhang.san", PASSWORD).await;
    let (s, html, _) = zs
        .post(
            &app,
            "/account/password",
            &[("old_password", PASSWORD), ("new_password", "1234567890a"), ("new_password2", "1234567890a")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(r#"<p class="field-error">新密码是最常见的密码之一"#), "{html}");
    app.stop().await;
}

crate::both!(weak_passwords_are_refused_with_the_field_named, weak_passwords);

/// A weak GONGHUI_ADMIN_PASSWORD stops the first start with a clear message.
#[tokio::test]
async fn a_weak_first_admin_password_refuses_to_start() {
    let dir = std::env::temp_dir().join(format!("gonghui-weak-{}", uuid::Uuid::new_v4().simple()));
    let err = gonghui::start(gonghui::ServeOptions {
        listen: "127.0.0.1:0".into(),
        database_url: format!("sqlite://{}", dir.join("gonghui.db").display()),
        pool_size: None,
        secret_key_file: dir.join("secret.key"),
        admin_password: Some("admin2026x".into()),
        demo: false,
        partitioned: false,
        config: app::Config::default(),
    })
    .await
    .err()
    .expect("refused");
    let msg = err.to_string();
    assert!(msg.contains("GONGHUI_ADMIN_PASSWORD") && msg.contains("不能包含用户名"), "{msg}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn quick_delays() -> app::Config {
    app::Config {
        login_delay: chrono::Duration::milliseconds(100),
        login_delay_max: chrono::Duration::milliseconds(800),
        ..Default::default()
    }
}

async fn not_locked_out(backend: Backend) {
    let Some(app) = TestApp::start_with(backend, quick_delays(), false).await else { return };
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "总工会", None).await;
    let u = app.org(&admin, "union", "工会", Some(&fed)).await;
    app.user(&admin, "li.si", "officer", Some(&u), Some(&u)).await;

    // Twenty failed attempts, as fast as they come: the first four cost
    // nothing, then the answers are 429 with a Retry-After.
    let mut throttled = 0;
    for i in 0..20 {
        let r = token_raw(&app, None, "li.si", "wrong-pass-2026").await;
        match r.status() {
            StatusCode::UNAUTHORIZED => assert!(i < 4, "attempt {i} was not delayed"),
            StatusCode::TOO_MANY_REQUESTS => {
                throttled += 1;
                let secs: i64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
                // The cap is 0.8 s here: never more than a second to wait.
                assert_eq!(secs, 1);
                let b: Value = r.json().await.unwrap();
                assert_eq!(b["message"], "登录失败次数过多，请1秒后再试");
            }
            s => panic!("attempt {i}: {s}"),
        }
    }
    assert!(throttled >= 16, "{throttled}");
    // Right after them even the right password waits…
    assert_eq!(token_raw(&app, None, "li.si", PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
    // …but after the (capped) delay it works: nobody is locked out.
    tokio::time::sleep(Duration::from_millis(900)).await;
    let r = token_raw(&app, None, "li.si", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    app.stop().await;
}

#[tokio::test]
async fn twenty_failures_do_not_lock_a_user_out_sqlite() {
    not_locked_out(Backend::Sqlite).await;
}

#[tokio::test]
async fn twenty_failures_do_not_lock_a_user_out_postgres() {
    not_locked_out(Backend::Postgres).await;
}

async fn per_address(backend: Backend, trusted: bool) {
    let config = app::Config {
        // Three failures per address, then a minute's wait; accounts are
        // out of the picture.
        login_limit_ip: 3,
        login_limit_account: 1_000,
        login_delay: chrono::Duration::minutes(1),
        trusted_proxies: if trusted { vec!["127.0.0.1".parse().unwrap()] } else { Vec::new() },
        ..Default::default()
    };
    let Some(app) = TestApp::start_with(backend, config, false).await else { return };
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "总工会", None).await;
    let u = app.org(&admin, "union", "工会", Some(&fed)).await;
    app.user(&admin, "li.si", "officer", Some(&u), Some(&u)).await;
    app.user(&admin, "wang.wu", "officer", Some(&u), Some(&u)).await;

    // Client A (behind the proxy) guesses three times.
    for _ in 0..3 {
        token_raw(&app, Some("203.0.113.7"), "li.si", "wrong-pass-2026").await;
    }
    assert_eq!(
        token_raw(&app, Some("203.0.113.7"), "li.si", PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // Client B, another address through the same proxy.
    let b = token_raw(&app, Some("198.51.100.9"), "wang.wu", PASSWORD).await.status();
    if trusted {
        // Through a trusted proxy each client is throttled on its own, and
        // the audit log names the client's address.
        assert_eq!(b, StatusCode::OK);
        let (_, log) = app.get(&admin, "/api/v1/audit?action=auth.login_failed").await;
        assert_eq!(log["items"][0]["ip"], "203.0.113.7", "{log}");
        // A forged left part does not help A: the right-most address counts.
        let r = token_raw(&app, Some("198.51.100.9, 203.0.113.7"), "li.si", PASSWORD).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    } else {
        // From an untrusted peer the header is ignored: both are the peer.
        assert_eq!(b, StatusCode::TOO_MANY_REQUESTS);
        let (_, log) = app.get(&admin, "/api/v1/audit?action=auth.login_failed").await;
        assert_eq!(log["items"][0]["ip"], "127.0.0.1", "{log}");
    }
    app.stop().await;
}

#[tokio::test]
async fn clients_behind_a_trusted_proxy_are_throttled_apart_sqlite() {
    per_address(Backend::Sqlite, true).await;
}

#[tokio::test]
async fn clients_behind_a_trusted_proxy_are_throttled_apart_postgres() {
    per_address(Backend::Postgres, true).await;
}

#[tokio::test]
async fn forwarded_for_from_an_untrusted_peer_is_ignored_sqlite() {
    per_address(Backend::Sqlite, false).await;
}

#[tokio::test]
async fn forwarded_for_from_an_untrusted_peer_is_ignored_postgres() {
    per_address(Backend::Postgres, false).await;
}

/// The login form goes through the same throttle and shows its message.
#[tokio::test]
async fn the_login_page_says_how_long_to_wait() {
    let Some(app) = TestApp::start_with(Backend::Sqlite, quick_delays(), false).await else { return };
    let c = client();
    let csrf = csrf_of(&c.get(app.url("/login")).send().await.unwrap().text().await.unwrap());
    let mut last = None;
    for _ in 0..5 {
        let r = c
            .post(app.url("/login"))
            .form(&[("username", "admin"), ("password", "wrong-pass-2026"), ("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        last = Some((r.status(), r.text().await.unwrap()));
    }
    let (s, html) = last.unwrap();
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    assert!(html.contains("秒后再试"), "{html}");
    app.stop().await;
}
