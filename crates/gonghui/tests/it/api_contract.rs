//! The API keeps to its OpenAPI document under generated bad requests: every
//! operation is called with malformed and unknown path ids, bad query
//! values and ill-formed bodies, and every answer must be a status the
//! document lists for that operation, never a 5xx, and a Chinese JSON
//! error. Extractor refusals (a path id that does not parse) answer in
//! Chinese on pages too. (CI also runs schemathesis against the demo: see
//! scripts/api-fuzz.)

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{ADMIN_PASSWORD, Browser, TestApp, client};

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

async fn extractor_refusals(app: TestApp) {
    let admin = app.admin().await;
    let (s, b) = app.get(&admin, "/api/v1/ballots/not-a-uuid").await;
    assert_eq!(
        (s, b["code"].as_str(), b["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_path"), Some("ballot_id")),
        "{b}"
    );
    for (path, field) in [
        ("/api/v1/ballots/not-a-uuid", "ballot_id"),
        ("/api/v1/orgs/xyz", "id"),
        ("/api/v1/unions/not-a-uuid/members", "union_id"),
    ] {
        let r = client().get(app.url(path)).bearer_auth(&admin).send().await.unwrap();
        let status = r.status();
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
        let b: Value = r.json().await.unwrap();
        assert!(has_chinese(b["message"].as_str().unwrap()), "{b}");
        // The guard looks ids up before the handler parses them: an id it
        // cannot read is one that is not there (404, as for another
        // union's); the others are named as the bad parameter.
        if status == StatusCode::NOT_FOUND {
            assert_eq!(b["code"], "not_found", "{path}: {b}");
        } else {
            assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
            assert_eq!((b["code"].as_str(), b["field"].as_str()), (Some("invalid_path"), Some(field)), "{b}");
        }
    }
    // A number past i32 in the path.
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let (s, b) = app
        .api(Some(&admin), Method::PUT, &format!("/api/v1/unions/{union}/budget/2147483648"), Some(json!({})))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    assert_eq!(b["code"], "invalid_path");
    assert!(b["message"].as_str().unwrap().contains("整数"), "{b}");

    // Pages: the error page, in Chinese, not axum's English plain text.
    let browser = Browser::login(&app, "admin", ADMIN_PASSWORD).await;
    for path in ["/orgs/not-a-uuid", "/ballots/not-a-uuid", "/unions/not-a-uuid/members"] {
        let (s, page) = browser.get(&app, path).await;
        assert!([StatusCode::BAD_REQUEST, StatusCode::NOT_FOUND].contains(&s), "{path}: {s}");
        assert!(page.contains("<html") && has_chinese(&page) && !page.contains("Invalid URL"), "{page}");
    }
    let (s, page) = browser.get(&app, "/ballots/not-a-uuid").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(page.contains("地址中的参数"), "{page}");
    app.stop().await;
}
crate::both!(extractor_refusals_are_chinese_json_or_pages, extractor_refusals);

/// Every operation, called badly, answers a status its document lists.
async fn generated_requests(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let doc: Value = client().get(app.url("/api/openapi.json")).send().await.unwrap().json().await.unwrap();
    let mut checked = 0;
    let mut faults = Vec::new();
    for (template, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else { continue };
            // Ending the admin's own token would leave the sweep unauthenticated.
            if template.starts_with("/api/v1/auth/") {
                continue;
            }
            let documented: Vec<u16> =
                op["responses"].as_object().unwrap().keys().filter_map(|k| k.parse().ok()).collect();
            for case in requests(template, op, &union) {
                let mut req = client().request(method.clone(), app.url(&case.path)).bearer_auth(&admin);
                if let Some(body) = &case.body {
                    req = req.header("content-type", "application/json").body(body.clone());
                }
                let r = req.send().await.unwrap();
                let status = r.status().as_u16();
                let text = r.text().await.unwrap();
                checked += 1;
                let what = format!("{method} {} {}", case.path, case.body.as_deref().unwrap_or(""));
                if status >= 500 {
                    faults.push(format!("{what} → {status} {text}"));
                } else if !documented.contains(&status) {
                    faults.push(format!("{what} → {status} not in {documented:?}: {text}"));
                } else if status >= 400 && !has_chinese(&text) {
                    faults.push(format!("{what} → {status} without a Chinese message: {text}"));
                }
            }
        }
    }
    assert!(checked > 400, "only {checked} requests");
    assert!(faults.is_empty(), "{} faults:\n{}", faults.len(), faults.join("\n"));
    app.stop().await;
}
crate::both!(every_operation_answers_what_its_document_says, generated_requests);

struct Case {
    path: String,
    body: Option<String>,
}

/// Bad calls of one operation: each path parameter malformed, overflowing
/// and unknown (the union kept real so the union's own checks run), then
/// bad query values and ill-formed bodies on an otherwise plausible path.
fn requests(template: &str, op: &Value, union: &str) -> Vec<Case> {
    let params: Vec<&str> = template.split('{').skip(1).filter_map(|s| s.split('}').next()).collect();
    let fill = |bad: Option<(&str, &str)>| {
        let mut path = template.to_owned();
        for p in &params {
            let value = match bad {
                Some((name, v)) if name == *p => v.to_owned(),
                _ if *p == "union_id" => union.to_owned(),
                _ if ["year"].contains(p) => "2026".to_owned(),
                _ if ["period", "month"].contains(p) => "2026-01".to_owned(),
                _ if ["token", "receipt", "account", "status", "kind"].contains(p) => "zz".to_owned(),
                _ => "0190c2a0-1111-7222-8333-444455556666".to_owned(),
            };
            path = path.replace(&format!("{{{p}}}"), &value);
        }
        path
    };
    let mut cases = Vec::new();
    for p in &params {
        for bad in ["not-a-uuid", "2147483648", "%E5%BC%A0"] {
            cases.push(Case { path: fill(Some((p, bad))), body: None });
        }
    }
    let plain = fill(None);
    let queries: Vec<&str> = op["parameters"]
        .as_array()
        .map(|ps| ps.iter().filter(|p| p["in"] == "query").filter_map(|p| p["name"].as_str()).collect())
        .unwrap_or_default();
    for q in queries {
        cases.push(Case { path: format!("{plain}?{q}=%FF%00bad-{{}}&{q}=-1"), body: None });
        cases.push(Case { path: format!("{plain}?{q}=99999999999999999999"), body: None });
    }
    if op.get("requestBody").is_some_and(|b| b["content"].get("application/json").is_some()) {
        let wrong_types = json!({"name": [[]], "title": {}, "amount_fen": "x", "date": 1, "id": false});
        for body in ["", "{", "[]", "\"x\"", "null", "{\"zz_unknown\": 1}", &wrong_types.to_string()] {
            cases.push(Case { path: plain.clone(), body: Some(body.to_owned()) });
        }
    } else {
        cases.push(Case { path: plain, body: None });
    }
    cases
}
