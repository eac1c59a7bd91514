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

/// A valid 统一社会信用代码 for `seq`.
fn credit_code(seq: usize) -> String {
    let body = format!("91350102MA{seq:07}");
    format!("{body}{}", domain::org::credit_code_check_char(&body).unwrap())
}

/// The rates of a district, computed from what its unions recorded: the
/// register (a joint union covering two employers), contracts linked to an
/// employer or covering a joint union's employers, letters and cases.
async fn stats_from_records(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let u1 = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let u2 = app.org(&admin, "union", "园区联合工会", Some(&fed)).await;
    let far = app.org(&admin, "federation", "邻区总工会", None).await;
    app.user(&admin, "fed.rr", "federation", Some(&fed), Some(&fed)).await;
    app.user(&admin, "chair.r1", "chair", Some(&u1), Some(&u1)).await;
    app.user(&admin, "chair.r2", "chair", Some(&u2), Some(&u2)).await;
    let fed_staff = app.token("fed.rr", PASSWORD).await;
    let c1 = app.token("chair.r1", PASSWORD).await;
    let c2 = app.token("chair.r2", PASSWORD).await;
    let year = domain::time::today(chrono::Utc::now()).format("%Y").to_string();
    let stats_url = format!("/api/v1/orgs/{fed}/rights-stats?year={year}");

    // The register: (staff, covering union).
    let employers = [(100, Some(&u1)), (30, Some(&u2)), (10, Some(&u2)), (50, None), (20, None)];
    let mut ids = Vec::new();
    for (i, (staff, union)) in employers.iter().enumerate() {
        let body = json!({"name": format!("企业{i}"), "credit_code": credit_code(i), "ownership": "内资",
            "staff": staff, "covered_by_union_id": union});
        let (s, e) = app.post(&fed_staff, &format!("/api/v1/orgs/{fed}/employers"), body).await;
        assert_eq!(s, StatusCode::CREATED, "{e}");
        ids.push(e["id"].as_str().unwrap().to_owned());
    }
    // 建会率 over the three with 25 staff or more; no contract yet.
    let (s, st) = app.get(&fed_staff, &stats_url).await;
    assert_eq!(s, StatusCode::OK, "{st}");
    assert_eq!(st["employers"], 5);
    assert_eq!(
        (st["unionisation"]["numerator"].as_u64(), st["unionisation"]["denominator"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(
        (st["unionisation_rate"].as_f64(), st["unionisation"]["text"].as_str()),
        (Some(0.6666), Some("66.66%"))
    );
    assert_eq!((st["contract"]["denominator"].as_u64(), st["contract_rate"].as_f64()), (Some(3), Some(0.0)));

    // 甲's contract names its employer; the joint union's covers both of its employers.
    let signed = domain::time::today(chrono::Utc::now()) - chrono::Days::new(30);
    let body = json!({"kind": "general", "signed_on": signed, "term_months": 36, "workers_covered": 90, "employer_id": ids[0]});
    let (s, e) = app.post(&c1, &format!("/api/v1/unions/{u1}/collective-contracts"), body).await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    // A wage agreement is not a 集体合同 for the rate.
    let body = json!({"kind": "wage", "signed_on": signed, "term_months": 12, "workers_covered": 25});
    let (s, e) = app.post(&c2, &format!("/api/v1/unions/{u2}/collective-contracts"), body).await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    let (_, st) = app.get(&fed_staff, &stats_url).await;
    assert_eq!(
        (st["contract"]["numerator"].as_u64(), st["workers_covered"].as_u64()),
        (Some(1), Some(90)),
        "{st}"
    );
    let body = json!({"kind": "general", "signed_on": signed, "term_months": 24, "workers_covered": 35});
    let (s, e) = app.post(&c2, &format!("/api/v1/unions/{u2}/collective-contracts"), body).await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    let (_, st) = app.get(&fed_staff, &stats_url).await;
    assert_eq!(
        (st["contract"]["numerator"].as_u64(), st["contract"]["denominator"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(
        (st["contract_rate"].as_f64(), st["workers_covered"].as_u64()),
        (Some(1.0), Some(125)),
        "{st}"
    );

    // Letters: one answered and closed, one refused; counts only, no content.
    let letter = |subject: &str| json!({"channel": "letter", "subject": subject, "body": "食堂夜班没有热饭", "anonymous": false, "writer_name": "王五"});
    let (s, a) = app.post(&c1, &format!("/api/v1/unions/{u1}/petitions"), letter("夜班吃饭")).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    let (s, b) = app.post(&c1, &format!("/api/v1/unions/{u1}/petitions"), letter("不属本会")).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let me = app.get(&c1, "/api/v1/me").await.1["id"].as_str().unwrap().to_owned();
    let pa = format!("/api/v1/petitions/{}", a["id"].as_str().unwrap());
    for (step, body) in [
        ("dispatch", json!({"handlers": [{"user_id": me, "leading": true}]})),
        ("start", json!({})),
        ("answer", json!({"answer": "已安排夜班热饭"})),
        ("close", json!({})),
    ] {
        let (s, r) = app.post(&c1, &format!("{pa}/{step}"), body).await;
        assert_eq!(s, StatusCode::OK, "{step}: {r}");
    }
    let pb = format!("/api/v1/petitions/{}", b["id"].as_str().unwrap());
    let (s, r) = app.post(&c1, &format!("{pb}/reject"), json!({"reason": "不属于本会受理范围"})).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    // Cases: one agreement, one withdrawn.
    for outcome in ["agreement", "withdrawn"] {
        let body = json!({"dispute_type": "pay", "applicants": [{"name": "李四"}], "respondent": "甲公司",
            "claims": [{"item": "支付工资", "amount_fen": 100_000}], "facts": "拖欠工资"});
        let (s, c) = app.post(&c1, &format!("/api/v1/unions/{u1}/mediation-cases"), body).await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        let ca = format!("/api/v1/mediation-cases/{}", c["id"].as_str().unwrap());
        assert_eq!(app.post(&c1, &format!("{ca}/accept"), json!({})).await.0, StatusCode::OK);
        let (s, r) = app
            .post(&c1, &format!("{ca}/close"), json!({"outcome": outcome, "outcome_text": "一次性支付"}))
            .await;
        assert_eq!(s, StatusCode::OK, "{r}");
    }
    let (_, st) = app.get(&fed_staff, &stats_url).await;
    let p = &st["petitions"];
    assert_eq!(
        (p["received"].as_u64(), p["rejected"].as_u64(), p["accepted"].as_u64()),
        (Some(2), Some(1), Some(1)),
        "{st}"
    );
    assert_eq!(
        (p["resolved_rate"].as_f64(), p["answered_on_time"]["text"].as_str()),
        (Some(1.0), Some("100.00%"))
    );
    let m = &st["mediation"];
    assert_eq!(
        (m["cases"].as_u64(), m["agreements"].as_u64(), m["rate"].as_f64()),
        (Some(2), Some(1), Some(0.5)),
        "{st}"
    );
    assert_eq!(m["by_type"][0]["cases"], 2);
    assert!(!st.to_string().contains("食堂夜班"), "no letter's content in the statistics");

    // One union's own figures; the federation elsewhere does not see this district.
    let (_, one) = app.get(&c2, &format!("/api/v1/orgs/{u2}/rights-stats?year={year}")).await;
    assert_eq!(
        (one["employers"].as_u64(), one["petitions"]["received"].as_u64()),
        (Some(0), Some(0)),
        "{one}"
    );
    app.user(&admin, "fed.far", "federation", Some(&far), Some(&far)).await;
    let far_staff = app.token("fed.far", PASSWORD).await;
    assert_eq!(app.get(&far_staff, &stats_url).await.0, StatusCode::NOT_FOUND);
    // The federation reads the rates, not the letters.
    assert_eq!(app.get(&fed_staff, &pa).await.0, StatusCode::NOT_FOUND);
    let b = Browser::login(&app, "fed.rr", PASSWORD).await;
    let (_, page) = b.get(&app, &format!("/orgs/{fed}/rights-stats?year={year}")).await;
    assert!(page.contains("66.66%") && page.contains("成功调解率50.00%"), "{page}");
    app.stop().await;
}
both!(rights_stats_from_records, stats_from_records);
