//! The test harness: `TestApp::start` and HTTP helpers.

use std::path::PathBuf;

use reqwest::{Client, Method, StatusCode};
use serde_json::Value;
use sqlx::Connection;

pub const ADMIN_PASSWORD: &str = "admin12345";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub db_url: String,
    pub routes: Vec<web::RouteSpec>,
    pub backend: Backend,
    running: Option<gonghui::Running>,
    dir: PathBuf,
    pg: Option<(String, String)>,
}

/// Runs a test body on both databases: `both!(name, body_fn)`.
#[macro_export]
macro_rules! both {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(app) = $crate::common::TestApp::start($crate::common::Backend::Sqlite).await {
                    super::$body(app).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::common::TestApp::start($crate::common::Backend::Postgres).await {
                    super::$body(app).await;
                }
            }
        }
    };
}

/// The PostgreSQL server for tests, or None (said loudly; fatal under CI).
fn pg_url() -> Option<String> {
    match std::env::var("GONGHUI_TEST_PG_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!(
                    "CI=true but GONGHUI_TEST_PG_URL is not set: the PostgreSQL half of the suite cannot be skipped"
                );
            }
            eprintln!("NOTE: GONGHUI_TEST_PG_URL is not set: PostgreSQL variant skipped");
            None
        }
    }
}

/// Replaces the database name of a postgres URL.
fn with_db(url: &str, db: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_part = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{host_part}/{db}?{q}"),
        None => format!("{host_part}/{db}"),
    }
}

impl TestApp {
    pub async fn start(backend: Backend) -> Option<TestApp> {
        Self::start_with(backend, web::Config::default(), false).await
    }

    pub async fn start_with(backend: Backend, config: web::Config, demo: bool) -> Option<TestApp> {
        // GONGHUI_LOG=debug shows the server's log in failing tests.
        let _ = tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_env("GONGHUI_LOG").unwrap_or_else(|_| "off".into()),
            )
            .with_test_writer()
            .try_init();
        let id = uuid::Uuid::new_v4().simple().to_string();
        let dir = std::env::temp_dir().join(format!("gonghui-test-{id}"));
        std::fs::create_dir_all(&dir).unwrap();
        let (db_url, pg) = match backend {
            Backend::Sqlite => (format!("sqlite://{}", dir.join("gonghui.db").display()), None),
            Backend::Postgres => {
                let server = pg_url()?;
                let name = format!("gh_test_{id}");
                let mut c =
                    sqlx::PgConnection::connect(&server).await.expect("connect to GONGHUI_TEST_PG_URL");
                sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut c).await.unwrap();
                c.close().await.unwrap();
                (with_db(&server, &name), Some((server, name)))
            }
        };
        let running = gonghui::start(gonghui::ServeOptions {
            listen: "127.0.0.1:0".into(),
            database_url: db_url.clone(),
            secret_key_file: dir.join("secret.key"),
            admin_password: Some(ADMIN_PASSWORD.into()),
            demo,
            config,
        })
        .await
        .expect("server starts");
        Some(TestApp {
            base: format!("http://{}", running.addr),
            db_url,
            routes: running.routes.clone(),
            backend,
            running: Some(running),
            dir,
            pg,
        })
    }

    /// Stops the server and removes its database.
    pub async fn stop(mut self) {
        if let Some(r) = self.running.take() {
            r.stop().await;
        }
        if let Some((server, name)) = self.pg.take()
            && let Ok(mut c) = sqlx::PgConnection::connect(&server).await
        {
            let _ =
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut c).await;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A fresh store handle on the app's database (for checks and tampering).
    pub async fn db(&self) -> store::Db {
        store::Db::connect(&self.db_url).await.unwrap()
    }

    pub async fn token(&self, username: &str, password: &str) -> String {
        let (s, body) = self
            .api(
                None,
                Method::POST,
                "/api/v1/auth/token",
                Some(serde_json::json!({"username": username, "password": password})),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "token for {username}: {body}");
        body["token"].as_str().unwrap().to_owned()
    }

    pub async fn admin(&self) -> String {
        self.token("admin", ADMIN_PASSWORD).await
    }

    /// Calls the JSON API; returns the status and the body (Null when empty).
    pub async fn api(
        &self,
        token: Option<&str>,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = client().request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        let text = resp.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn post(&self, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
        self.api(Some(token), Method::POST, path, Some(body)).await
    }

    pub async fn get(&self, token: &str, path: &str) -> (StatusCode, Value) {
        self.api(Some(token), Method::GET, path, None).await
    }

    /// Creates an org through the API; returns its id.
    pub async fn org(&self, token: &str, kind: &str, name: &str, parent: Option<&str>) -> String {
        let mut body = serde_json::json!({"name": name, "kind": kind});
        if let Some(p) = parent {
            body["parent_id"] = p.into();
        }
        let (s, b) = self.post(token, "/api/v1/orgs", body).await;
        assert_eq!(s, StatusCode::CREATED, "create {name}: {b}");
        b["id"].as_str().unwrap().to_owned()
    }

    /// Creates an account with one role; returns its id.
    pub async fn user(
        &self,
        admin: &str,
        username: &str,
        role: &str,
        org: Option<&str>,
        home: Option<&str>,
    ) -> String {
        let mut body =
            serde_json::json!({"username": username, "password": "pass1234", "display_name": username});
        if let Some(h) = home {
            body["org_id"] = h.into();
        }
        let (s, b) = self.post(admin, "/api/v1/users", body).await;
        assert_eq!(s, StatusCode::CREATED, "user {username}: {b}");
        let id = b["id"].as_str().unwrap().to_owned();
        let mut grant = serde_json::json!({"role": role});
        if let Some(o) = org {
            grant["org_id"] = o.into();
        }
        let (s, b) = self.post(admin, &format!("/api/v1/users/{id}/roles"), grant).await;
        assert_eq!(s, StatusCode::CREATED, "grant {role} to {username}: {b}");
        id
    }
}

/// A client that keeps cookies and does not follow redirects.
pub fn client() -> Client {
    Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// The CSRF token in a page's forms.
pub fn csrf_of(html: &str) -> String {
    let re = regex_lite::Regex::new(r#"name="csrf" value="([0-9a-f]{64})""#).unwrap();
    re.captures(html).map(|c| c[1].to_owned()).unwrap_or_default()
}

/// A browser-like session: cookie jar and the session's CSRF token.
pub struct Browser {
    pub client: Client,
    pub csrf: String,
}

impl Browser {
    /// Signs in through the login form.
    pub async fn login(app: &TestApp, username: &str, password: &str) -> Browser {
        let client = client();
        let page = client.get(app.url("/login")).send().await.unwrap().text().await.unwrap();
        let csrf = csrf_of(&page);
        let r = client
            .post(app.url("/login"))
            .form(&[("username", username), ("password", password), ("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "login {username}");
        let home = client.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        Browser { csrf: csrf_of(&home), client }
    }

    pub async fn get(&self, app: &TestApp, path: &str) -> (StatusCode, String) {
        let r = self.client.get(app.url(path)).send().await.unwrap();
        (r.status(), r.text().await.unwrap())
    }

    /// Posts a form with the session's CSRF token.
    pub async fn post(
        &self,
        app: &TestApp,
        path: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, String, Option<String>) {
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        fields.push(("csrf", &self.csrf));
        let r = self.client.post(app.url(path)).form(&fields).send().await.unwrap();
        let location = r.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
        (r.status(), r.text().await.unwrap(), location)
    }
}

#[test]
fn database_names_are_swapped_in_urls() {
    assert_eq!(with_db("postgres://u@h:5432/test", "x"), "postgres://u@h:5432/x");
    assert_eq!(with_db("postgres://u@h/test?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
    assert_eq!(with_db("postgres://u@h", "x"), "postgres://u@h/x");
}
