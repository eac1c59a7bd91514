//! The pages: forms keep what was typed and name the field; flash messages;
//! navigation by role; health and the OpenAPI document.

use reqwest::StatusCode;

use crate::common::{Browser, TestApp, client};

async fn forms(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let b = Browser::login(&app, "admin", crate::common::ADMIN_PASSWORD).await;

    // A wrong credit code: 422, the message next to the field, typed values kept.
    let (s, html, _) = b
        .post(
            &app,
            "/orgs",
            &[
                ("parent_id", &fed),
                ("kind", "union"),
                ("name", "新建的工会"),
                ("credit_code", "91350100M000100Y44"),
                ("staff_count", "45"),
                ("founded_on", "2020年9月1日"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("统一社会信用代码校验位不正确"), "{html}");
    assert!(html.contains(r#"value="新建的工会""#));
    assert!(html.contains(r#"value="91350100M000100Y44""#));
    assert!(html.contains(r#"value="45""#));
    assert!(html.contains(r#"value="2020年9月1日""#));
    // A field that is not a number says so.
    let (s, html, _) = b
        .post(
            &app,
            "/orgs",
            &[("parent_id", &fed), ("kind", "union"), ("name", "工会"), ("staff_count", "很多")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("职工人数应为整数"));
    assert!(html.contains(r#"value="很多""#));

    // Success: redirect to the new org, which shows a flash once.
    let (s, _, loc) = b
        .post(
            &app,
            "/orgs",
            &[("parent_id", &fed), ("kind", "union"), ("name", "新建的工会"), ("founded_on", "2020年9月1日")],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let loc = loc.unwrap();
    let (_, html) = b.get(&app, &loc).await;
    assert!(html.contains("已新建“新建的工会”"));
    assert!(html.contains("2020年9月1日"));
    assert!(html.contains("区总工会"), "breadcrumbs name the parent");
    let (_, html) = b.get(&app, &loc).await;
    assert!(!html.contains("已新建"), "flash shows once");

    // Committee forms on the union page.
    let union = loc.trim_start_matches("/orgs/").to_owned();
    let (s, html, _) = b
        .post(&app, &format!("/orgs/{union}/committee/terms"), &[("starts_on", "不是日期"), ("years", "5")])
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("开始日期不是有效日期"));
    assert!(html.contains(r#"value="不是日期""#));
    let (s, _, _) = b
        .post(&app, &format!("/orgs/{union}/committee/terms"), &[("starts_on", "2024-03-01"), ("years", "5")])
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, _, _) = b
        .post(
            &app,
            &format!("/orgs/{union}/committee/posts"),
            &[("post", "chair"), ("person_name", "王建国")],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, html) = b.get(&app, &format!("/orgs/{union}")).await;
    assert!(html.contains("第1届") && html.contains("主席：王建国"), "{html}");

    // The list finds it by name.
    let (_, html) = b.get(&app, "/orgs?q=新建").await;
    assert!(html.contains("新建的工会"));
    let (_, html) = b.get(&app, "/orgs?q=没有这个").await;
    assert!(html.contains("没有找到组织"));

    // The audit page shows what happened, in Chinese.
    let (s, html) = b.get(&app, "/audit?action=org").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("新建组织") && html.contains("新建的工会"));
    app.stop().await;
}

crate::both!(forms_keep_input_and_name_fields, forms);

async fn navigation(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "总工会", None).await;
    let u = app.org(&admin, "union", "工会", Some(&fed)).await;
    app.user(&admin, "hui.yuan", "member", Some(&u), Some(&u)).await;
    app.user(&admin, "jing.shen", "auditor", Some(&u), Some(&u)).await;
    let member = Browser::login(&app, "hui.yuan", crate::common::PASSWORD).await;
    let (_, html) = member.get(&app, "/").await;
    assert!(html.contains(r#"href="/orgs""#));
    assert!(!html.contains(r#"href="/users""#) && !html.contains(r#"href="/audit""#));
    let auditor = Browser::login(&app, "jing.shen", crate::common::PASSWORD).await;
    let (_, html) = auditor.get(&app, "/").await;
    assert!(html.contains(r#"href="/audit""#));
    let (s, html) = member.get(&app, "/audit").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(html.contains("没有权限"));
    // Signed out, a page sends you to the login page.
    let r = client().get(app.url("/orgs")).send().await.unwrap();
    assert_eq!((r.status(), r.headers()["location"].to_str().unwrap()), (StatusCode::SEE_OTHER, "/login"));
    app.stop().await;
}

crate::both!(navigation_shows_what_a_role_may_use, navigation);

async fn health_and_docs(app: TestApp) {
    let r = client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // Assets come from the binary.
    let r = client().get(app.url("/static/htmx.min.js")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("htmx"));
    // The OpenAPI document covers every API route with its method.
    let doc: serde_json::Value =
        client().get(app.url("/api/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut missing = Vec::new();
    for r in &app.routes {
        if !r.path.starts_with("/api/v1/") {
            continue;
        }
        let m = r.method.as_str().to_lowercase();
        if doc["paths"][r.path][&m].is_null() {
            missing.push(format!("{} {}", r.method, r.path));
        }
    }
    assert!(missing.is_empty(), "not in the OpenAPI document: {missing:?}");
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    // Migrations applied match those shipped for this engine.
    let db = app.db().await;
    let (sqlite, pg) = store::migration_versions();
    assert_eq!(sqlite, pg);
    assert_eq!(db.applied_migrations().await.unwrap(), sqlite);
    db.close().await;
    app.stop().await;
}

crate::both!(health_assets_and_openapi, health_and_docs);

#[tokio::test]
async fn health_is_503_without_a_database() {
    // A pool that is closed answers nothing: the health check says 503.
    let Some(app) = TestApp::start(crate::common::Backend::Sqlite).await else { return };
    let db = app.db().await;
    db.close().await;
    let state = app::AppState::new(
        db,
        Default::default(),
        std::sync::Arc::new(app::crypto::Keys::from_secret(&[1; 32])),
    );
    let router = web::app(state).router;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
            .await
            .unwrap();
    });
    let r = client().get(format!("http://{addr}/healthz")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    app.stop().await;
}
