//! Bad input gets a 4xx with a Chinese message naming the field, writes
//! nothing, and the server keeps serving.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::{Browser, TestApp, client};

async fn org_count(app: &TestApp, admin: &str) -> i64 {
    app.get(admin, "/api/v1/orgs?include_archived=true").await.1["total"].as_i64().unwrap()
}

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

async fn refused(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "总工会", None).await;
    let before = org_count(&app, &admin).await;
    let raw = |body: &'static str| {
        client()
            .post(app.url("/api/v1/orgs"))
            .bearer_auth(&admin)
            .header("content-type", "application/json")
            .body(body)
    };

    let r = raw("{\"name\": \"x\", ").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let b: serde_json::Value = r.json().await.unwrap();
    assert_eq!(b["code"], "malformed_json");
    assert!(has_chinese(b["message"].as_str().unwrap()));

    let cases = [
        (json!({"name": 12, "kind": "union", "parent_id": fed}), "invalid_type", "name"),
        (json!({"name": "x", "kind": "union", "parent_id": fed, "boss": "me"}), "unknown_field", "boss"),
        (json!({"kind": "union", "parent_id": fed}), "required", "name"),
        (
            json!({"name": "x", "kind": "union", "parent_id": fed, "staff_count": "many"}),
            "invalid_type",
            "staff_count",
        ),
        (
            json!({"name": "x", "kind": "union", "parent_id": fed, "founded_on": "2020-13-01"}),
            "invalid_type",
            "founded_on",
        ),
        (json!({"name": "工".repeat(101), "kind": "union", "parent_id": fed}), "too_long", "name"),
        (json!({"name": "a\u{0007}b", "kind": "union", "parent_id": fed}), "control_characters", "name"),
        (json!({"name": "x", "kind": "king", "parent_id": fed}), "invalid_value", "kind"),
        (
            json!({"name": "x", "kind": "union", "parent_id": fed, "credit_code": "91350100M000100Y44"}),
            "invalid_credit_code",
            "credit_code",
        ),
        (json!({"name": "x", "kind": "group", "parent_id": fed}), "invalid_parent", "parent_id"),
        (json!({"name": "x", "kind": "union", "parent_id": "not-a-uuid"}), "not_found", "parent_id"),
        (
            json!({"name": "x", "kind": "union", "parent_id": fed, "star_rating": 9}),
            "invalid_value",
            "star_rating",
        ),
    ];
    for (body, code, field) in cases {
        let (s, b) = app.post(&admin, "/api/v1/orgs", body.clone()).await;
        assert!(s.is_client_error(), "{body} → {s}");
        assert_eq!(b["code"], code, "{body} → {b}");
        assert_eq!(b["field"], field, "{body} → {b}");
        assert!(has_chinese(b["message"].as_str().unwrap()), "{b}");
    }

    // A body over the limit is refused whole.
    let big = json!({"name": "x".repeat(2 * 1024 * 1024), "kind": "union", "parent_id": fed});
    let (s, b) = app.post(&admin, "/api/v1/orgs", big).await;
    assert_eq!((s, b["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("body_too_large")));

    // Not JSON at all.
    let r = client().post(app.url("/api/v1/orgs")).bearer_auth(&admin).body("name=x").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // Nothing was written.
    assert_eq!(org_count(&app, &admin).await, before);

    // SQL and HTML metacharacters are just text: stored as typed, shown escaped.
    let name = "'); DROP TABLE orgs; -- <script>alert(1)</script>&";
    let id = app.org(&admin, "union", name, Some(&fed)).await;
    let (_, o) = app.get(&admin, &format!("/api/v1/orgs/{id}")).await;
    assert_eq!(o["name"], name);
    let b = Browser::login(&app, "admin", crate::common::ADMIN_PASSWORD).await;
    let (s, html) = b.get(&app, &format!("/orgs/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "escaped as askama does");

    // A query parameter of the wrong type is named, in Chinese, on API and pages.
    let (s, b) = app.get(&admin, "/api/v1/orgs?page=abc").await;
    assert_eq!((s, b["field"].as_str()), (StatusCode::BAD_REQUEST, Some("page")), "{b}");
    assert!(has_chinese(b["message"].as_str().unwrap()));
    let (s, b) = app.get(&admin, "/api/v1/orgs?include_archived=maybe").await;
    assert_eq!((s, b["field"].as_str()), (StatusCode::BAD_REQUEST, Some("include_archived")), "{b}");
    let (s, html) =
        Browser::login(&app, "admin", crate::common::ADMIN_PASSWORD).await.get(&app, "/orgs?page=abc").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(html.contains("page") && html.contains("取值不正确"), "{html}");

    // Unknown API routes answer in the same shape.
    let (s, b) = app.api(Some(&admin), Method::GET, "/api/v1/nothing-here", None).await;
    assert_eq!((s, b["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));

    // And the server still serves.
    assert_eq!(client().get(app.url("/healthz")).send().await.unwrap().status(), StatusCode::OK);
    app.stop().await;
}

crate::both!(bad_input_is_refused_and_nothing_written, refused);
