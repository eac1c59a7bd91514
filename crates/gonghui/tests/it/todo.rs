//! 待办 (issue 13): what waits for each person, on the home page, in the
//! navigation's count and at `GET /api/v1/me/todo` — a draft voucher for a
//! reviewer but never its maker, an overdue visit for the officer, a
//! transfer for the releasing union, an empty list for a member.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{Browser, PASSWORD, TestApp, id_number};

fn day(offset: i64) -> String {
    (domain::time::today(chrono::Utc::now()) + chrono::Duration::days(offset)).to_string()
}

fn kinds(todo: &Value) -> Vec<String> {
    todo["items"].as_array().unwrap().iter().map(|i| i["kind"].as_str().unwrap().to_owned()).collect()
}

fn item<'a>(todo: &'a Value, kind: &str) -> &'a Value {
    todo["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == kind)
        .unwrap_or_else(|| panic!("{kind}: {todo}"))
}

async fn todo_of(app: &TestApp, token: &str) -> Value {
    let (s, t) = app.get(token, "/api/v1/me/todo").await;
    assert_eq!(s, StatusCode::OK, "{t}");
    t
}

async fn waiting_work(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let other = app.org(&admin, "union", "乙公司工会", Some(&fed)).await;
    app.user(&admin, "zhuxi.t", "chair", Some(&union), Some(&union)).await;
    app.user(&admin, "caiwu.t", "treasurer", Some(&union), Some(&union)).await;
    app.user(&admin, "ganshi.t", "officer", Some(&union), Some(&union)).await;
    app.user(&admin, "huiyuan.t", "member", Some(&union), Some(&union)).await;
    let chair = app.token("zhuxi.t", PASSWORD).await;
    let caiwu = app.token("caiwu.t", PASSWORD).await;
    let officer = app.token("ganshi.t", PASSWORD).await;
    let member = app.token("huiyuan.t", PASSWORD).await;

    // Nothing waits yet: 暂无待办.
    let t = todo_of(&app, &member).await;
    assert_eq!(t["total"], 0, "{t}");
    let home = Browser::login(&app, "huiyuan.t", PASSWORD).await;
    let (_, html) = home.get(&app, "/").await;
    assert!(html.contains("id=\"todo\"") && html.contains("暂无待办"), "{html}");
    assert!(!html.contains("class=\"badge\""), "{html}");

    // The treasurer makes a voucher: the chair reviews it, the maker never.
    let body = json!({"date": day(0), "summary": "会费收入", "attachments": 1,
        "lines": [{"account": "1002", "debit_fen": 50_000, "credit_fen": 0}, {"account": "4101", "debit_fen": 0, "credit_fen": 50_000}]});
    let (s, v) = app.post(&caiwu, &format!("/api/v1/unions/{union}/vouchers"), body).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let t = todo_of(&app, &chair).await;
    let r = item(&t, "voucher_review");
    assert_eq!(r["count"], 1, "{t}");
    assert_eq!(r["title"], "待审核的凭证");
    assert_eq!(r["union_name"], "甲公司工会");
    assert_eq!(r["link"], format!("/unions/{union}/finance/vouchers?status=draft"));
    let t = todo_of(&app, &caiwu).await;
    assert!(!kinds(&t).contains(&"voucher_review".to_owned()), "the maker is not asked: {t}");
    // Reviewed by the chair, it waits to be posted (by the treasurer).
    let vid = v["id"].as_str().unwrap();
    let (s, v) = app.post(&chair, &format!("/api/v1/unions/{union}/vouchers/{vid}/review"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let t = todo_of(&app, &caiwu).await;
    assert_eq!(item(&t, "voucher_post")["count"], 1, "{t}");
    assert!(!kinds(&todo_of(&app, &chair).await).contains(&"voucher_review".to_owned()));

    // A life event two months ago: its 五必访 visit is overdue, for the officer.
    let (s, m) = app
        .post(
            &officer,
            &format!("/api/v1/unions/{union}/members"),
            json!({"name": "刘芳", "id_number": id_number(31)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    let (s, e) = app
        .post(
            &officer,
            &format!("/api/v1/unions/{union}/life-events"),
            json!({"member_id": m["id"], "kind": "hospital", "date": day(-60)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    let t = todo_of(&app, &officer).await;
    let v = item(&t, "visit_overdue");
    assert_eq!((v["count"].as_i64(), v["overdue"].as_bool()), (Some(1), Some(true)), "{t}");
    assert_eq!(v["link"], format!("/unions/{union}/care"));
    assert_eq!(kinds(&t)[0], "visit_overdue", "overdue first: {t}");
    // Not the treasurer's (no care role) nor the member's.
    assert!(!kinds(&todo_of(&app, &caiwu).await).contains(&"visit_overdue".to_owned()));
    assert_eq!(todo_of(&app, &member).await["total"], 0);

    // A transfer out of this union, asked by the other: this union decides.
    let (s, b) = app
        .post(
            &officer,
            &format!("/api/v1/unions/{union}/members"),
            json!({"name": "转会人", "id_number": id_number(32)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let (s, b) = app
        .post(
            &admin,
            &format!("/api/v1/unions/{other}/transfers"),
            json!({"name": "转会人", "id_number": id_number(32)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let t = todo_of(&app, &officer).await;
    let tr = item(&t, "transfer_decide");
    assert_eq!((tr["count"].as_i64(), tr["link"].as_str()), (Some(1), Some("/transfers")), "{t}");
    let total = t["total"].as_i64().unwrap();
    assert_eq!(
        total,
        t["items"].as_array().unwrap().iter().map(|i| i["count"].as_i64().unwrap()).sum::<i64>()
    );

    // The officer's home lists them with links; the navigation shows the count.
    let web = Browser::login(&app, "ganshi.t", PASSWORD).await;
    let (_, html) = web.get(&app, "/").await;
    assert!(html.contains("逾期未走访的五必访任务") && html.contains("待审批的转会"), "{html}");
    assert!(html.contains(&format!("href=\"/unions/{union}/care\"")), "{html}");
    assert!(html.contains(&format!("<span class=\"badge\">{total}</span>")), "{html}");
    let (_, html) = web.get(&app, &format!("/unions/{union}/members")).await;
    assert!(html.contains(&format!("<span class=\"badge\">{total}</span>")), "every page: {html}");
    app.stop().await;
}
crate::both!(waiting_work, waiting_work);
