//! Dues per member: the month's bills member by member (filters, paging),
//! a member's history, the printable receipt with the amount in 大写, the
//! members without a 会费基数 listed and counted, and another union's ids
//! answering 404.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{Browser, PASSWORD, TestApp, id_number};

fn month() -> String {
    domain::time::today(chrono::Utc::now()).to_string()[..7].to_owned()
}

async fn member(
    app: &TestApp,
    token: &str,
    union: &str,
    seq: u32,
    base: Option<i64>,
    group: Option<&str>,
) -> String {
    let mut body = json!({"name": format!("会员{seq}"), "id_number": id_number(seq)});
    if let Some(b) = base {
        body["dues_base_fen"] = b.into();
    }
    if let Some(g) = group {
        body["group_id"] = g.into();
    }
    let (s, m) = app.post(token, &format!("/api/v1/unions/{union}/members"), body).await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    m["id"].as_str().unwrap().to_owned()
}

fn names(v: &Value) -> Vec<String> {
    v["items"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap().to_owned()).collect()
}

async fn per_member(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let u = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let g1 = app.org(&admin, "group", "一车间工会小组", Some(&u)).await;
    let other = app.org(&admin, "union", "乙公司工会", Some(&fed)).await;
    let other_group = app.org(&admin, "group", "乙公司小组", Some(&other)).await;
    app.user(&admin, "chair.d", "chair", Some(&u), Some(&u)).await;
    app.user(&admin, "caiwu.d", "treasurer", Some(&u), Some(&u)).await;
    let chair = app.token("chair.d", PASSWORD).await;
    let caiwu = app.token("caiwu.d", PASSWORD).await;
    let a = member(&app, &chair, &u, 401, Some(567_890), None).await; // 28.35 yuan
    let c = member(&app, &chair, &u, 402, Some(300_000), Some(&g1)).await; // 15.00 yuan
    let d = member(&app, &chair, &u, 403, None, Some(&g1)).await; // no base
    let x = member(&app, &admin, &other, 404, Some(500_000), None).await;

    let (s, r) =
        app.post(&caiwu, &format!("/api/v1/unions/{u}/dues/bills"), json!({"month": "2026-01"})).await;
    assert_eq!((s, r["count"].as_i64()), (StatusCode::OK, Some(2)), "{r}");

    // Every member's bill with its own amount; the member without a base is
    // listed as needing one.
    let (s, bills) = app.get(&caiwu, &format!("/api/v1/unions/{u}/dues/2026-01/bills")).await;
    assert_eq!(s, StatusCode::OK, "{bills}");
    assert_eq!(bills["total"], 2, "{bills}");
    let amount = |v: &Value, name: &str| {
        v["items"].as_array().unwrap().iter().find(|i| i["name"] == name).map(|i| i["amount_fen"].clone())
    };
    assert_eq!(amount(&bills, "会员401"), Some(json!(2_835)), "{bills}");
    assert_eq!(amount(&bills, "会员402"), Some(json!(1_500)), "{bills}");
    assert_eq!(bills["missing_base"][0]["member_id"], d.as_str(), "{bills}");
    assert_eq!(bills["missing_base"].as_array().unwrap().len(), 1);
    // Filters: a group, unpaid; another union's group answers 404.
    let (_, g) = app.get(&caiwu, &format!("/api/v1/unions/{u}/dues/2026-01/bills?group_id={g1}")).await;
    assert_eq!(names(&g), ["会员402"], "{g}");
    let (s, _) =
        app.get(&caiwu, &format!("/api/v1/unions/{u}/dues/2026-01/bills?group_id={other_group}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, p1) = app.get(&caiwu, &format!("/api/v1/unions/{u}/dues/2026-01/bills?per_page=1")).await;
    assert_eq!((p1["total"].as_i64(), p1["items"].as_array().map(Vec::len)), (Some(2), Some(1)), "{p1}");

    // One member pays in cash: the unpaid filter leaves the other.
    let date = format!("{}-15", month());
    let (s, paid) = app
        .post(
            &caiwu,
            &format!("/api/v1/unions/{u}/dues/collect"),
            json!({"month": "2026-01", "member_id": a, "method": "cash", "date": date}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{paid}");
    let voucher = paid["voucher_id"].as_str().unwrap().to_owned();
    let (_, unpaid) = app.get(&caiwu, &format!("/api/v1/unions/{u}/dues/2026-01/bills?unpaid=true")).await;
    assert_eq!(names(&unpaid), ["会员402"], "{unpaid}");

    // The member's history: bills and payments by month.
    app.post(&caiwu, &format!("/api/v1/unions/{u}/dues/bills"), json!({"month": "2026-02"})).await;
    let (s, h) = app.get(&caiwu, &format!("/api/v1/unions/{u}/members/{a}/dues")).await;
    assert_eq!(s, StatusCode::OK, "{h}");
    assert_eq!(h["bills"].as_array().map(Vec::len), Some(2), "{h}");
    assert_eq!(
        (h["bills"][0]["month"].as_str(), h["bills"][0]["status"].as_str()),
        (Some("2026-02"), Some("unpaid"))
    );
    assert_eq!(
        (h["bills"][1]["month"].as_str(), h["bills"][1]["status"].as_str()),
        (Some("2026-01"), Some("paid"))
    );
    assert_eq!(
        (h["billed_fen"].as_i64(), h["paid_fen"].as_i64(), h["owed_fen"].as_i64()),
        (Some(5_670), Some(2_835), Some(2_835))
    );
    let (_, hd) = app.get(&caiwu, &format!("/api/v1/unions/{u}/members/{d}/dues")).await;
    assert!(hd["dues_base_fen"].is_null() && hd["bills"].as_array().unwrap().is_empty(), "{hd}");

    // Another union's member, receipt or voucher answers 404.
    let (s, _) = app.get(&caiwu, &format!("/api/v1/unions/{u}/members/{x}/dues")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.get(&caiwu, &format!("/api/v1/unions/{other}/dues/2026-01/bills")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // The pages: each member's amount, the count of those without a base
    // in the totals, the list linking to their edit page.
    let page = Browser::login(&app, "caiwu.d", PASSWORD).await;
    let (s, html) = page.get(&app, &format!("/unions/{u}/finance/dues?month=2026-01")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("2人，另有1人缺少会费基数"), "{html}");
    assert!(html.contains("缺少会费基数（1人）"), "{html}");
    assert!(html.contains(&format!("/unions/{u}/members/{d}/edit")), "{html}");
    assert!(html.contains("28.35") && html.contains("15.00"), "{html}");
    assert!(html.contains(&format!("/unions/{u}/finance/dues/members/{a}")), "{html}");
    let receipt = format!("/unions/{u}/finance/dues/members/{a}/receipts/{voucher}");
    assert!(html.contains(&receipt), "{html}");
    let (_, only_unpaid) = page.get(&app, &format!("/unions/{u}/finance/dues?month=2026-01&unpaid=1")).await;
    let bill_list = only_unpaid.split("id=\"bill-list\"").nth(1).unwrap().split("</table>").next().unwrap();
    assert!(bill_list.contains("会员402") && !bill_list.contains("会员401"), "{bill_list}");
    // The member's history page, reachable from the member page.
    let (_, show) = page.get(&app, &format!("/unions/{u}/members/{a}")).await;
    assert!(show.contains(&format!("/unions/{u}/finance/dues/members/{a}")), "{show}");
    let (s, hist) = page.get(&app, &format!("/unions/{u}/finance/dues/members/{a}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(hist.contains("2026年1月") && hist.contains("28.35") && hist.contains(&receipt), "{hist}");
    let (_, hist_d) = page.get(&app, &format!("/unions/{u}/finance/dues/members/{d}")).await;
    assert!(hist_d.contains("缺少会费基数"), "{hist_d}");
    // The receipt: union, member, period, figures and 大写, payee, lines
    // for the accountant and cashier.
    let (s, r) = page.get(&app, &receipt).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    for want in [
        "收据",
        "甲公司工会",
        "会员401",
        "2026年1月",
        "28.35",
        "贰拾捌元叁角伍分",
        "会计主管",
        "出纳",
        "收款人",
    ] {
        assert!(r.contains(want), "{want} missing: {r}");
    }
    assert!(r.contains("data-print"), "a print button without inline script");
    let (s, _) = page.get(&app, &format!("/unions/{u}/finance/dues/members/{c}/receipts/{voucher}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "no receipt for a member the voucher did not pay");
    let (s, _) = page.get(&app, &format!("/unions/{u}/finance/dues/members/{x}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = page.get(&app, &format!("/unions/{u}/finance/dues/members/{x}/receipts/{voucher}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    app.stop().await;
}

crate::both!(dues_per_member_bills_history_receipt, per_member);
