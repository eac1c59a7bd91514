//! The test harness: `TestApp::start` and HTTP helpers.

use std::path::PathBuf;

use reqwest::{Client, Method, StatusCode};
use serde_json::Value;
use sqlx::Connection;

/// The first admin's password (GONGHUI_ADMIN_PASSWORD of the test server):
/// it must meet the password rule, so it may not contain "admin".
pub const ADMIN_PASSWORD: &str = "Gonghui-root-2026";

/// The password of every account the tests create (meets the password
/// rule: 10+ characters, a letter and a digit, no username in it, not common).
pub const PASSWORD: &str = "Gonghui-pass-2026";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    /// PostgreSQL with every tenant table `PARTITION BY HASH (union_id)`
    /// (the server started with `partitioned`): Citus's key rules on one
    /// server.
    Partitioned,
}

impl Backend {
    /// Whether the engine is PostgreSQL (plain or partitioned).
    pub fn is_postgres(self) -> bool {
        matches!(self, Backend::Postgres | Backend::Partitioned)
    }
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

/// Runs a test body on every database: `both!(name, body_fn)` makes the
/// tests `name::sqlite`, `name::postgres` and `name::partitioned`.
#[macro_export]
macro_rules! both {
    ($name:ident, $body:ident) => {
        $crate::both!($name, $body, config = ::app::Config::default());
    };
    // The same with a configuration of its own.
    ($name:ident, $body:ident, config = $config:expr) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let backend = $crate::common::Backend::Sqlite;
                if let Some(app) = $crate::common::TestApp::start_with(backend, $config, false).await {
                    super::$body(app).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let backend = $crate::common::Backend::Postgres;
                if let Some(app) = $crate::common::TestApp::start_with(backend, $config, false).await {
                    super::$body(app).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn partitioned() {
                let backend = $crate::common::Backend::Partitioned;
                if let Some(app) = $crate::common::TestApp::start_with(backend, $config, false).await {
                    super::$body(app).await;
                }
            }
        }
    };
}

/// How long a server of `short_identity_cache()` honours what it read about
/// a token: tests that change accounts from another process (the CLI) wait
/// this long, as a second server process would have to.
pub const SHORT_IDENTITY_TTL: std::time::Duration = std::time::Duration::from_millis(500);

pub fn short_identity_cache() -> app::Config {
    app::Config {
        identity_cache_ttl: chrono::Duration::from_std(SHORT_IDENTITY_TTL).unwrap(),
        ..Default::default()
    }
}

/// Waits out the identity cache of `short_identity_cache()`.
pub async fn identity_cache_expires() {
    tokio::time::sleep(SHORT_IDENTITY_TTL + std::time::Duration::from_millis(100)).await;
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

/// A database migrated and partitioned once per schema, which every
/// partitioned test database is copied from (`CREATE DATABASE … TEMPLATE`):
/// converting some fifty tables into eight partitions each takes seconds,
/// the copy a fraction of one. The name carries a hash of every migration's
/// and partition step's checksum and of the tables left out, so a changed
/// schema makes a new template. The test's server still starts with the
/// partitioned setting and runs the step, which then finds nothing to do.
async fn partitioned_template(server: &str) -> String {
    use std::hash::{Hash, Hasher};
    // DefaultHasher::new() has fixed keys: the same name in every test
    // process of one build.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    store::migration_checksums().hash(&mut h);
    let name = format!("gh_tpl_part_{:016x}", h.finish());
    let mut c = sqlx::PgConnection::connect(server).await.expect("connect to GONGHUI_TEST_PG_URL");
    // Tests run in parallel processes: one builds the template, the others
    // wait on the lock and then find it.
    sqlx::query("SELECT pg_advisory_lock(7412605)").execute(&mut c).await.unwrap();
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
        .bind(&name)
        .fetch_one(&mut c)
        .await
        .unwrap();
    if !exists {
        // Built under another name and renamed when complete, so a run
        // killed half-way leaves no template that looks finished.
        let building = format!("gh_tpl_building_{}", uuid::Uuid::new_v4().simple());
        sqlx::query(&format!("CREATE DATABASE {building}")).execute(&mut c).await.unwrap();
        let db = store::Db::connect(&with_db(server, &building)).await.unwrap();
        db.migrate_with(true).await.expect("the partitioned step runs on a fresh database");
        db.close().await;
        // A closed pool's server processes may linger for a moment, and
        // PostgreSQL refuses to rename a database anyone is connected to:
        // end them (nobody else knows this name) and try again.
        let mut tries = 0;
        while let Err(e) =
            sqlx::query(&format!("ALTER DATABASE {building} RENAME TO {name}")).execute(&mut c).await
        {
            tries += 1;
            assert!(tries < 50, "the template database could not be renamed: {e}");
            sqlx::query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1")
                .bind(&building)
                .execute(&mut c)
                .await
                .unwrap();
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
    sqlx::query("SELECT pg_advisory_unlock(7412605)").execute(&mut c).await.unwrap();
    c.close().await.unwrap();
    name
}

/// The server's pool size: GONGHUI_TEST_POOL_SIZE=1 runs the suite with one
/// connection per engine, where a request that holds a connection while it
/// acquires another waits for itself and its test times out.
pub fn pool_size() -> Option<u32> {
    std::env::var("GONGHUI_TEST_POOL_SIZE").ok().and_then(|v| v.parse().ok())
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
        Self::start_with(backend, app::Config::default(), false).await
    }

    pub async fn start_with(backend: Backend, config: app::Config, demo: bool) -> Option<TestApp> {
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
            Backend::Postgres | Backend::Partitioned => {
                let server = pg_url()?;
                let name = format!("gh_test_{id}");
                let mut c =
                    sqlx::PgConnection::connect(&server).await.expect("connect to GONGHUI_TEST_PG_URL");
                let template = match backend {
                    Backend::Partitioned => format!(" TEMPLATE {}", partitioned_template(&server).await),
                    _ => String::new(),
                };
                sqlx::query(&format!("CREATE DATABASE {name}{template}")).execute(&mut c).await.unwrap();
                c.close().await.unwrap();
                (with_db(&server, &name), Some((server, name)))
            }
        };
        let running = gonghui::start(gonghui::ServeOptions {
            listen: "127.0.0.1:0".into(),
            database_url: db_url.clone(),
            pool_size: pool_size(),
            secret_key_file: dir.join("secret.key"),
            admin_password: Some(ADMIN_PASSWORD.into()),
            demo,
            partitioned: backend == Backend::Partitioned,
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

    /// Gives a new union money on its books: opening balances (期初余额)
    /// from January of this year, made by `maker`, reviewed and posted by
    /// `reviewer`, so payments do not take cash or bank below zero. Dated
    /// in the previous year, they are the year's opening and no movement of
    /// it.
    pub async fn fund(&self, maker: &str, reviewer: &str, union: &str) {
        let year = &domain::time::today(chrono::Utc::now()).to_string()[..4];
        let url = format!("/api/v1/unions/{union}/opening-balances");
        let body = serde_json::json!({"first_period": format!("{year}-01"), "balances": [
            {"account": "1001", "amount_fen": 100_000_000}, {"account": "1002", "amount_fen": 1_000_000_000},
            {"account": "3302", "amount_fen": 1_100_000_000}]});
        let (s, b) = self.api(Some(maker), Method::PUT, &url, Some(body)).await;
        assert_eq!(s, StatusCode::OK, "opening balances: {b}");
        let (s, b) = self.post(reviewer, &format!("{url}/review"), serde_json::json!({})).await;
        assert_eq!(s, StatusCode::OK, "opening review: {b}");
        let (s, b) = self.post(reviewer, &format!("{url}/post"), serde_json::json!({})).await;
        assert_eq!(s, StatusCode::OK, "opening post: {b}");
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
            serde_json::json!({"username": username, "password": PASSWORD, "display_name": username});
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

/// A valid resident ID number (born 1990-01-01), different for every `seq`
/// below 1000; odd `seq` is a man. The check character is computed here,
/// independently of the app.
pub fn id_number(seq: u32) -> String {
    let body = format!("11010519900101{:03}", seq % 1000);
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.bytes().zip(weights).map(|(b, w)| u32::from(b - b'0') * w).sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

/// A workbook as offices send them: a merged title row above the header,
/// an ID that Excel turned into a number, dates in five spellings and as a
/// date cell, a formula, an empty row, duplicates and several faults.
/// Accepted rows: 3, 4, 11, 13; rejected: 5–10.
pub fn messy_workbook() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let title = Format::new().set_bold();
    ws.merge_range(0, 0, 0, 8, "2026年示例公司工会会员花名册", &title).unwrap();
    for (c, h) in
        ["序号", "姓名", "身份证号码", "性别", "出生年月", "联系电话", "入会时间", "所在小组", "工资"]
            .iter()
            .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let text = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, cells: &[&str]| {
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r, c as u16, *v).unwrap();
            }
        }
    };
    let (id11, id12, id14, id16, id17, id18, id19) = (
        id_number(11),
        id_number(12),
        id_number(14),
        id_number(16),
        id_number(17),
        id_number(18),
        id_number(19),
    );
    text(ws, 2, &["1", "张三", &id11, "男", "1990/1/1", "138 0013 8000", "2020.9.1", "一车间", "5000"]);
    text(
        ws,
        3,
        &["2", "李四", &id12.to_lowercase(), "女", "1990年1月", "+86 139-0013-9000", "", "一车间", "6,000"],
    );
    let date = ExcelDateTime::from_ymd(2019, 5, 1).unwrap();
    ws.write_datetime_with_format(3, 6, &date, &Format::new().set_num_format("yyyy-mm-dd")).unwrap();
    text(ws, 4, &["3", "王五", "", "男"]);
    ws.write_number(4, 2, 110105199001010131.0).unwrap();
    text(ws, 5, &["4", "赵六", &id11, "男"]);
    text(ws, 6, &["5", "钱七", &id14, "", "", "", "1985-02-30"]);
    text(ws, 7, &["6", "孙八", &id16, "男"]);
    text(ws, 8, &["7", "周九", &id17, "", "", "", "", "不存在的小组"]);
    let mut wrong = id_number(20);
    let last = wrong.pop().unwrap();
    wrong.push(if last == '0' { '1' } else { '0' });
    text(ws, 9, &["8", "吴十", &wrong]);
    text(ws, 10, &["9", "欧阳娜娜", &id18, "女", "19900101", "13800138001", "20200901", "", "4500.5"]);
    text(ws, 12, &["10", "郑十一", &id19, "男", "", "", "2021年3月2日", "一车间"]);
    ws.write_formula(12, 8, Formula::new("=4000+1000").set_result("5000")).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn database_names_are_swapped_in_urls() {
    assert_eq!(with_db("postgres://u@h:5432/test", "x"), "postgres://u@h:5432/x");
    assert_eq!(with_db("postgres://u@h/test?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
    assert_eq!(with_db("postgres://u@h", "x"), "postgres://u@h/x");
}

/// Raw SQL against the test database, bypassing the app: for tampering
/// tests (the triggers must refuse) and for checks of what is stored.
pub async fn exec(db: &store::Db, sql: &str) -> Result<u64, sqlx::Error> {
    match db {
        store::Db::Sqlite(p) => sqlx::query(sql).execute(p).await.map(|r| r.rows_affected()),
        store::Db::Pg(p) => sqlx::query(sql).execute(p).await.map(|r| r.rows_affected()),
    }
}
