//! Rights settings and statistics on every database: the union's settings
//! with their defaults, bad figures refused naming the field (the form
//! keeps what was typed), the statistics of a subtree, and 404 for orgs
//! the caller cannot see.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::both;
use crate::common::{Browser, PASSWORD, TestApp};

fn err(b: &Value) -> (&str, &str) {
    (b["code"].as_str().unwrap_or(""), b["field"].as_str().unwrap_or(""))
}

async fn settings(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let u = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let other = app.org(&admin, "union", "乙公司工会", Some(&fed)).await;
    app.user(&admin, "chair.rs", "chair", Some(&u), Some(&u)).await;
    app.user(&admin, "member.rs", "member", Some(&u), Some(&u)).await;
    app.user(&admin, "chair.rt", "chair", Some(&other), Some(&other)).await;
    let chair = app.token("chair.rs", PASSWORD).await;
    let member = app.token("member.rs", PASSWORD).await;
    let outsider = app.token("chair.rt", PASSWORD).await;
    let url = format!("/api/v1/unions/{u}/rights-settings");

    // Defaults: no anonymous letters until the union opens them; 15 days to answer.
    let (s, d) = app.get(&chair, &url).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["anonymous_allowed"], false);
    assert_eq!(d["petition"]["answer_days"], 15);
    assert_eq!(d["mediation"]["acceptance_working_days"], 3);
    assert_eq!(d["contract"]["renewal_reminder_days"], 60);
    assert_eq!(d["checklist"].as_array().map(Vec::len), Some(6), "{d}");

    // Bad figures are refused naming the field; nothing is saved.
    let mut bad = d.clone();
    bad["petition"]["answer_days"] = json!(0);
    let (s, e) = app.api(Some(&chair), Method::PUT, &url, Some(bad)).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("invalid_value", "answer_days")), "{e}");
    let mut bad = d.clone();
    bad["checklist"] = json!([]);
    let (s, e) = app.api(Some(&chair), Method::PUT, &url, Some(bad)).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "checklist"), "{e}");
    assert_eq!(app.get(&chair, &url).await.1, d);

    // A member may not change them; another union's chair does not see them.
    let mut open = d.clone();
    open["anonymous_allowed"] = json!(true);
    open["petition"]["answer_days"] = json!(10);
    let (s, _) = app.api(Some(&member), Method::PUT, &url, Some(open.clone())).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app.api(Some(&outsider), Method::PUT, &url, Some(open.clone())).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, saved) = app.api(Some(&chair), Method::PUT, &url, Some(open.clone())).await;
    assert_eq!((s, saved["anonymous_allowed"].as_bool()), (StatusCode::OK, Some(true)), "{saved}");
    assert_eq!(app.get(&chair, &url).await.1["petition"]["answer_days"], 10);

    // The page: a refused figure comes back with what was typed.
    let b = Browser::login(&app, "chair.rs", PASSWORD).await;
    let (s, page) = b.get(&app, &format!("/unions/{u}/rights/settings")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("允许会员匿名来信") && page.contains("safety_management"), "{page}");
    let form = [
        ("anonymous_allowed", "1"),
        ("dispatch_days", "3"),
        ("answer_days", "十五"),
        ("second_round_days", "15"),
        ("acceptance_working_days", "3"),
        ("mediation_days", "15"),
        ("max_extension_days", "15"),
        ("referral_days", "15"),
        ("referral_clock", "application"),
        ("group_threshold", "10"),
        ("min_representatives", "3"),
        ("max_representatives", "5"),
        ("min_term_months", "12"),
        ("max_term_months", "36"),
        ("wage_term_months", "12"),
        ("filing_days", "10"),
        ("review_days", "15"),
        ("publication_days", "10"),
        ("renewal_reminder_days", "45"),
        ("checklist", "safety_management｜安全管理｜制度；台账\nfire｜消防｜灭火器"),
    ];
    let (s, page, _) = b.post(&app, &format!("/unions/{u}/rights/settings"), &form).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("答复期限应为不小于0的整数") && page.contains("value=\"十五\""), "{page}");
    let mut good = form.to_vec();
    good[2] = ("answer_days", "20");
    let (s, _, to) = b.post(&app, &format!("/unions/{u}/rights/settings"), &good).await;
    assert_eq!((s, to.as_deref()), (StatusCode::SEE_OTHER, Some(format!("/unions/{u}/rights").as_str())));
    let (_, d) = app.get(&chair, &url).await;
    assert_eq!(
        (d["petition"]["answer_days"].as_u64(), d["contract"]["renewal_reminder_days"].as_u64()),
        (Some(20), Some(45))
    );
    assert_eq!(d["checklist"][1]["label"], "消防", "{d}");
    assert_eq!(d["checklist"][0]["points"], json!(["制度", "台账"]));
    app.stop().await;
}
both!(rights_settings, settings);

async fn empty_stats(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let u = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let other_fed = app.org(&admin, "federation", "邻区总工会", None).await;
    app.user(&admin, "fed.rs", "federation", Some(&fed), Some(&fed)).await;
    let fed_staff = app.token("fed.rs", PASSWORD).await;

    // Nothing recorded: counts 0, rates without a base.
    let (s, st) = app.get(&fed_staff, &format!("/api/v1/orgs/{fed}/rights-stats?year=2026")).await;
    assert_eq!(s, StatusCode::OK, "{st}");
    assert_eq!((st["employers"].as_u64(), st["unionisation_rate"].as_f64()), (Some(0), Some(0.0)));
    assert_eq!(st["unionisation"]["text"], "—");
    assert_eq!(st["petitions"]["received"], 0);
    assert_eq!((st["mediation"]["cases"].as_u64(), st["mediation"]["rate"].as_f64()), (Some(0), Some(0.0)));
    // A union of the subtree, yes; a federation elsewhere, 404; a year out of range, 422.
    assert_eq!(app.get(&fed_staff, &format!("/api/v1/orgs/{u}/rights-stats")).await.0, StatusCode::OK);
    assert_eq!(
        app.get(&fed_staff, &format!("/api/v1/orgs/{other_fed}/rights-stats")).await.0,
        StatusCode::NOT_FOUND
    );
    let (s, e) = app.get(&fed_staff, &format!("/api/v1/orgs/{fed}/rights-stats?year=1990")).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "year"), "{e}");
    // The federation's 维权 is its statistics page, which prints and exports.
    let b = Browser::login(&app, "fed.rs", PASSWORD).await;
    let (s, home) = b.get(&app, "/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(home.contains(&format!("/orgs/{fed}/rights-stats")), "the nav leads to the statistics");
    let (s, page) = b.get(&app, &format!("/orgs/{fed}/rights-stats?year=2026")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("区总工会2026年维权统计") && page.contains("建会率"), "{page}");
    let (s, _) = b.get(&app, &format!("/orgs/{fed}/rights-stats.xlsx?year=2026")).await;
    assert_eq!(s, StatusCode::OK);
    app.stop().await;
}
both!(rights_stats_empty, empty_stats);
