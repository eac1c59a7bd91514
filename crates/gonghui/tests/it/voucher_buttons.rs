//! A voucher page offers only what the person may do: its maker is not
//! offered 审核 (which would always fail), another reviewer is.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{Browser, PASSWORD, TestApp};

async fn buttons(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    app.user(&admin, "chair.v", "chair", Some(&union), Some(&union)).await;
    app.user(&admin, "caiwu.v", "treasurer", Some(&union), Some(&union)).await;
    let caiwu = app.token("caiwu.v", PASSWORD).await;
    let today = domain::time::today(chrono::Utc::now()).to_string();
    let body = json!({"date": today, "summary": "收会费", "attachments": 1, "lines": [
        {"account": "1002", "debit_fen": 10_000, "credit_fen": 0},
        {"account": "4101", "debit_fen": 0, "credit_fen": 10_000}]});
    let (s, v) = app.post(&caiwu, &format!("/api/v1/unions/{union}/vouchers"), body).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let page = format!("/unions/{union}/finance/vouchers/{}", v["id"].as_str().unwrap());

    let maker = Browser::login(&app, "caiwu.v", PASSWORD).await;
    let (s, html) = maker.get(&app, &page).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!html.contains("id=\"review\""), "no 审核 for the maker: {html}");
    assert!(html.contains("须由另一位有审核权的财务人员审核"), "{html}");
    let chair = Browser::login(&app, "chair.v", PASSWORD).await;
    let (_, html) = chair.get(&app, &page).await;
    assert!(html.contains("id=\"review\"") && !html.contains("id=\"own-draft\""), "{html}");
    let (s, _, _) = chair.post(&app, &format!("{page}/review"), &[]).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "the offered button works");
    app.stop().await;
}

crate::both!(voucher_page_offers_only_what_the_person_may_do, buttons);
