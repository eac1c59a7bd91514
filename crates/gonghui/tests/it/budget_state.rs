//! Issue 13 item 11: spending with no budget line is its own state — not
//! "已超预算", not "0.0%" — on the budget page, in the 预算执行表 and the
//! API, and the 经审 workspace lists it.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{Browser, PASSWORD, TestApp};

fn today() -> String {
    domain::time::today(chrono::Utc::now()).to_string()
}

async fn no_budget(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let u = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    app.user(&admin, "chair.b", "chair", Some(&u), Some(&u)).await;
    app.user(&admin, "caiwu.b", "treasurer", Some(&u), Some(&u)).await;
    app.user(&admin, "jingshen.b", "auditor", Some(&u), Some(&u)).await;
    let chair = app.token("chair.b", PASSWORD).await;
    let caiwu = app.token("caiwu.b", PASSWORD).await;
    let auditor = app.token("jingshen.b", PASSWORD).await;
    app.fund(&admin, &chair, &u).await;
    // 12,345.60 spent on 职工活动组织费 with no budget at all.
    let body = json!({"date": today(), "summary": "职工运动会", "attachments": 1, "lines": [
        {"account": "510102", "debit_fen": 1_234_560, "credit_fen": 0},
        {"account": "1002", "debit_fen": 0, "credit_fen": 1_234_560}]});
    let (s, v) = app.post(&caiwu, &format!("/api/v1/unions/{u}/vouchers"), body).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["id"].as_str().unwrap();
    let (s, v) = app.post(&chair, &format!("/api/v1/unions/{u}/vouchers/{id}/review"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = app.post(&caiwu, &format!("/api/v1/unions/{u}/vouchers/{id}/post"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{v}");

    let year = &today()[..4];
    let (s, rows) = app.get(&caiwu, &format!("/api/v1/unions/{u}/reports/budget?year={year}")).await;
    assert_eq!(s, StatusCode::OK, "{rows}");
    let row =
        rows.as_array().unwrap().iter().find(|r| r["actual_fen"] == 1_234_560).expect("the spending row");
    assert_eq!(row["state"], "no_budget", "{rows}");

    let b = Browser::login(&app, "caiwu.b", PASSWORD).await;
    let (_, page) = b.get(&app, &format!("/unions/{u}/finance/budget?year={year}")).await;
    assert!(page.contains("12,345.60"), "the spending is not on the budget page");
    assert!(page.contains("无预算"), "no 无预算 on the budget page");
    assert!(!page.contains("已超预算"), "spending without a budget is called exceeded");
    let (_, report) = b.get(&app, &format!("/unions/{u}/finance/reports/budget?period={year}")).await;
    assert!(report.contains("无预算") && !report.contains("0.0%"), "执行率 0.0% against real spending");

    let (s, ws) = app.get(&auditor, &format!("/api/v1/unions/{u}/finance-audit")).await;
    assert_eq!(s, StatusCode::OK, "{ws}");
    assert_eq!(ws["unbudgeted_spending"][0]["actual_fen"], 1_234_560, "{ws}");
    let a = Browser::login(&app, "jingshen.b", PASSWORD).await;
    let (_, page) = a.get(&app, &format!("/unions/{u}/finance/audit")).await;
    assert!(page.contains("无预算支出") && page.contains("12,345.60"), "the 经审 workspace hides it");
    app.stop().await;
}
crate::both!(spending_without_a_budget_is_its_own_state, no_budget);
