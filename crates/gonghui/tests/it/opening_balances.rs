//! Issue 13 item 2 (and the rest of item 1): opening balances (期初余额)
//! entered once, balanced, reviewed like a voucher and locked after the
//! first close; the warning before a payment takes cash or bank below zero;
//! mutual-aid payouts name a real approver who is not the payer; the demo
//! books start with money.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{Browser, PASSWORD, TestApp, id_number};

struct U {
    admin: String,
    union: String,
    chair: String,
    caiwu: String,
    officer: String,
    chair_id: String,
    caiwu_id: String,
}

async fn setup(app: &TestApp, name: &str) -> U {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", &format!("{name}区总工会"), None).await;
    let union = app.org(&admin, "union", &format!("{name}公司工会"), Some(&fed)).await;
    let chair_id = app.user(&admin, &format!("chair.{name}"), "chair", Some(&union), Some(&union)).await;
    let caiwu_id = app.user(&admin, &format!("caiwu.{name}"), "treasurer", Some(&union), Some(&union)).await;
    app.user(&admin, &format!("ganshi.{name}"), "officer", Some(&union), Some(&union)).await;
    U {
        chair: app.token(&format!("chair.{name}"), PASSWORD).await,
        caiwu: app.token(&format!("caiwu.{name}"), PASSWORD).await,
        officer: app.token(&format!("ganshi.{name}"), PASSWORD).await,
        admin,
        union,
        chair_id,
        caiwu_id,
    }
}

fn today() -> String {
    domain::time::today(chrono::Utc::now()).to_string()
}

fn month() -> String {
    today()[..7].to_owned()
}

fn balances(items: &[(&str, i64)]) -> Value {
    let b: Vec<Value> = items.iter().map(|(a, f)| json!({"account": a, "amount_fen": f})).collect();
    json!({"first_period": month(), "balances": b})
}

async fn put(app: &TestApp, token: &str, u: &str, body: Value) -> (StatusCode, Value) {
    app.api(Some(token), Method::PUT, &format!("/api/v1/unions/{u}/opening-balances"), Some(body)).await
}

fn code(v: &Value) -> &str {
    v["code"].as_str().unwrap_or("")
}

fn amount_of(rows: &Value, account: &str) -> i64 {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == account)
        .map_or(0, |r| r["second_fen"].as_i64().unwrap())
}

const OPENING: &[(&str, i64)] =
    &[("1001", 500_000), ("1002", 30_000_000), ("2201", 1_000_000), ("3302", 29_500_000)];

async fn flow(app: TestApp) {
    let u = setup(&app, "q").await;
    let un = &u.union;
    let url = format!("/api/v1/unions/{un}/opening-balances");
    let (s, o) = app.get(&u.caiwu, &url).await;
    assert_eq!((s, o["status"].as_str()), (StatusCode::OK, Some("none")), "{o}");
    assert!(o["balances"].as_array().unwrap().iter().all(|b| b["class"] != "income"), "{o}");

    // Unbalanced: refused, in Chinese, naming the difference.
    let (s, e) = put(&app, &u.caiwu, un, balances(&[("1001", 500_000), ("3302", 400_000)])).await;
    assert_eq!((s, code(&e)), (StatusCode::UNPROCESSABLE_ENTITY, "voucher_unbalanced"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("借贷不平衡"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("相差1,000.00元"), "{e}");
    // Income has no opening balance.
    let (s, e) = put(&app, &u.caiwu, un, balances(&[("1001", 100), ("4101", 100)])).await;
    assert_eq!(
        (s, e["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("balances[1].account")),
        "{e}"
    );

    // Entered, then changed before review (the draft is replaced).
    let (s, o) = put(&app, &u.caiwu, un, balances(&[("1001", 100_000), ("3302", 100_000)])).await;
    assert_eq!((s, o["status"].as_str()), (StatusCode::OK, Some("draft")), "{o}");
    let (s, o) = put(&app, &u.caiwu, un, balances(OPENING)).await;
    assert_eq!(s, StatusCode::OK, "{o}");
    assert_eq!(
        (o["debit_total_fen"].as_i64(), o["balanced"].as_bool()),
        (Some(30_500_000), Some(true)),
        "{o}"
    );
    let vid = o["voucher_id"].as_str().unwrap().to_owned();
    // The voucher routes do not edit it behind the page's back.
    let (s, e) = app
        .api(
            Some(&u.caiwu),
            Method::PATCH,
            &format!("/api/v1/unions/{un}/vouchers/{vid}"),
            Some(json!({"date": today(), "summary": "改", "lines": [{"account": "1001", "debit_fen": 1}, {"account": "3302", "credit_fen": 1}]})),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");

    // The maker cannot review.
    let (s, e) = app.post(&u.caiwu, &format!("{url}/review"), json!({})).await;
    assert_eq!((s, code(&e)), (StatusCode::UNPROCESSABLE_ENTITY, "same_reviewer"), "{e}");
    let (s, o) = app.post(&u.chair, &format!("{url}/review"), json!({})).await;
    assert_eq!((s, o["status"].as_str()), (StatusCode::OK, Some("reviewed")), "{o}");
    let (s, e) = put(&app, &u.caiwu, un, balances(OPENING)).await;
    assert_eq!((s, code(&e)), (StatusCode::CONFLICT, "voucher_state"), "{e}");
    let (s, o) = app.post(&u.chair, &format!("{url}/post"), json!({})).await;
    assert_eq!((s, o["status"].as_str()), (StatusCode::OK, Some("posted")), "{o}");
    assert_eq!(o["reviewer"], o["poster"], "two-person books: the reviewer may post");
    // Posted: immutable.
    let (s, e) = put(&app, &u.caiwu, un, balances(OPENING)).await;
    assert_eq!((s, code(&e)), (StatusCode::CONFLICT, "voucher_posted"), "{e}");
    let (s, _) = app.post(&u.caiwu, &format!("/api/v1/unions/{un}/vouchers/{vid}/reverse"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT);

    // The balance sheet and the trial balance carry them forward.
    let m = month();
    let (s, bs) = app.get(&u.caiwu, &format!("/api/v1/unions/{un}/reports/balance-sheet?period={m}")).await;
    assert_eq!(s, StatusCode::OK, "{bs}");
    assert_eq!(bs["balanced"], true, "{bs}");
    assert_eq!(amount_of(&bs["assets"], "1001"), 500_000, "{bs}");
    assert_eq!(amount_of(&bs["assets"], "1002"), 30_000_000, "{bs}");
    assert_eq!(bs["assets_total"][1], 30_500_000, "{bs}");
    let (_, tb) = app.get(&u.caiwu, &format!("/api/v1/unions/{un}/reports/trial-balance?period={m}")).await;
    let cash =
        tb["rows"].as_array().unwrap().iter().find(|r| r["code"] == "1001").cloned().unwrap_or_default();
    assert_eq!(cash["opening_fen"], 500_000, "{tb}");

    // Another union's people see nothing of it.
    let other = setup(&app, "r").await;
    let (s, _) = app.get(&other.chair, &url).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = put(&app, &other.caiwu, un, balances(OPENING)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // The page shows the amounts and the state.
    let b = Browser::login(&app, "caiwu.q", PASSWORD).await;
    let (s, html) = b.get(&app, &format!("/unions/{un}/finance/opening")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("期初余额") && html.contains("库存现金") && html.contains("5,000.00"), "{html}");
    assert!(html.contains("已记账"), "{html}");

    // A union whose opening is still a draft when a month is closed: locked.
    let l = &other.union;
    let lurl = format!("/api/v1/unions/{l}/opening-balances");
    let (s, o) = put(&app, &other.caiwu, l, balances(OPENING)).await;
    assert_eq!(s, StatusCode::OK, "{o}");
    let (s, e) = app.post(&other.chair, &format!("/api/v1/unions/{l}/periods/{m}/close"), json!({})).await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{e}");
    let (s, e) = put(&app, &other.caiwu, l, balances(OPENING)).await;
    assert_eq!((s, code(&e)), (StatusCode::CONFLICT, "opening_locked"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("已锁定"), "{e}");
    let (s, e) = app.post(&other.chair, &format!("{lurl}/review"), json!({})).await;
    assert_eq!((s, code(&e)), (StatusCode::CONFLICT, "opening_locked"), "{e}");
    let (_, o) = app.get(&other.caiwu, &lurl).await;
    assert_eq!(o["locked"], true, "{o}");
    // Reopening the month does not unlock them.
    let (s, e) = app
        .post(&other.chair, &format!("/api/v1/unions/{l}/periods/{m}/reopen"), json!({"reason": "补记"}))
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{e}");
    let (s, e) = put(&app, &other.caiwu, l, balances(OPENING)).await;
    assert_eq!((s, code(&e)), (StatusCode::CONFLICT, "opening_locked"), "{e}");
    let _ = &u.admin;
    app.stop().await;
}

crate::both!(opening_balances_entered_reviewed_posted_locked, flow);

fn cash_voucher(amount: i64, confirm: Option<bool>) -> Value {
    let mut v = json!({"date": today(), "summary": "购买慰问品", "lines": [
        {"account": "510104", "debit_fen": amount}, {"account": "1001", "credit_fen": amount}]});
    if let Some(c) = confirm {
        v["confirm_below_zero"] = c.into();
    }
    v
}

async fn below_zero(app: TestApp) {
    let u = setup(&app, "z").await;
    let un = &u.union;
    let vouchers = format!("/api/v1/unions/{un}/vouchers");
    // No money on the books: paying out of cash warns and needs confirming.
    let (s, e) = app.post(&u.caiwu, &vouchers, cash_voucher(100_000, None)).await;
    assert_eq!((s, code(&e)), (StatusCode::CONFLICT, "below_zero"), "{e}");
    let msg = e["message"].as_str().unwrap();
    assert!(msg.contains("库存现金") && msg.contains("-1,000.00元"), "{e}");
    assert_eq!(e["field"], "confirm_below_zero");
    let (s, v) = app.post(&u.caiwu, &vouchers, cash_voucher(100_000, Some(true))).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    // Posting it warns again (the balance may have changed since).
    let id = v["id"].as_str().unwrap();
    let (s, _) = app.post(&u.chair, &format!("{vouchers}/{id}/review"), json!({})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, e) = app.post(&u.chair, &format!("{vouchers}/{id}/post"), json!({})).await;
    assert_eq!((s, code(&e)), (StatusCode::CONFLICT, "below_zero"), "{e}");
    let (s, e) =
        app.post(&u.chair, &format!("{vouchers}/{id}/post"), json!({"confirm_below_zero": true})).await;
    assert_eq!(s, StatusCode::OK, "{e}");

    // A care payment in cash: the same warning, then confirmed.
    let (s, m) = app
        .post(
            &u.admin,
            &format!("/api/v1/unions/{un}/members"),
            json!({"name": "王困难", "id_number": id_number(9)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    let pay = |confirm: bool| {
        json!({"member_id": m["id"], "kind": "assistance", "item": "assistance", "reason": "生活困难帮扶",
            "amount_fen": 50_000, "form": "cash", "date": today(), "approver_user_id": u.chair_id, "confirm_below_zero": confirm})
    };
    let aid = format!("/api/v1/unions/{un}/assistance");
    let (s, e) = app.post(&u.caiwu, &aid, pay(false)).await;
    assert_eq!((s, code(&e)), (StatusCode::CONFLICT, "below_zero"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("-1,500.00元"), "{e}");
    let (s, a) = app.post(&u.caiwu, &aid, pay(true)).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");

    // The form comes back with the warning, a box to tick, and what was typed.
    let b = Browser::login(&app, "caiwu.z", PASSWORD).await;
    let form = [
        ("date", today()),
        ("summary", "购买文具".to_owned()),
        ("attachments", "1".to_owned()),
        ("account_0", "510104".to_owned()),
        ("debit_0", "20".to_owned()),
        ("account_1", "1001".to_owned()),
        ("credit_1", "20".to_owned()),
    ];
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (s, html, _) = b.post(&app, &format!("/unions/{un}/finance/vouchers"), &fields).await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    assert!(html.contains("确认付款后余额为负") && html.contains("购买文具"), "{html}");
    let mut confirmed = fields.clone();
    confirmed.push(("confirm_below_zero", "1"));
    let (s, _, _) = b.post(&app, &format!("/unions/{un}/finance/vouchers"), &confirmed).await;
    assert_eq!(s, StatusCode::SEE_OTHER);

    // With opening balances in the books the same payment goes through.
    let w = setup(&app, "w").await;
    let (s, o) = put(&app, &w.caiwu, &w.union, balances(OPENING)).await;
    assert_eq!(s, StatusCode::OK, "{o}");
    let ourl = format!("/api/v1/unions/{}/opening-balances", w.union);
    app.post(&w.chair, &format!("{ourl}/review"), json!({})).await;
    let (s, o) = app.post(&w.chair, &format!("{ourl}/post"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{o}");
    let (s, v) = app
        .post(&w.caiwu, &format!("/api/v1/unions/{}/vouchers", w.union), cash_voucher(100_000, None))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let _ = (&u.officer, &u.caiwu_id);
    app.stop().await;
}

crate::both!(payment_below_zero_warns_and_needs_confirmation, below_zero);

async fn mutual_payout(app: TestApp) {
    let u = setup(&app, "m").await;
    let un = &u.union;
    let mut members = Vec::new();
    for i in 0..3 {
        let (s, m) = app
            .post(
                &u.admin,
                &format!("/api/v1/unions/{un}/members"),
                json!({"name": format!("职工{i}"), "id_number": id_number(20 + i)}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{m}");
        members.push(m["id"].as_str().unwrap().to_owned());
    }
    let (s, _) = app
        .api(Some(&u.admin), Method::PATCH, &format!("/api/v1/orgs/{un}"), Some(json!({"staff_count": 3})))
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, plan) = app
        .post(&u.chair, &format!("/api/v1/unions/{un}/mutual-aid/plans"), json!({"kind": "hospital", "name": "住院医疗互助保障",
            "premium_fen": 6000, "term_months": 12, "payout_pct": 50, "per_claim_cap_fen": 300_000, "yearly_cap_fen": 400_000}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{plan}");
    let pid = plan["id"].as_str().unwrap();
    // The premium is a payment too: with no money in the bank it warns first.
    let enrol = format!("/api/v1/unions/{un}/mutual-aid/plans/{pid}/enrolments");
    let body = json!({"member_ids": members, "term_start": today(), "approver_user_id": u.caiwu_id});
    let (s, e) = app.post(&u.officer, &enrol, body.clone()).await;
    assert_eq!((s, code(&e)), (StatusCode::CONFLICT, "below_zero"), "{e}");
    let mut confirmed = body;
    confirmed["confirm_below_zero"] = json!(true);
    let (s, rows) = app.post(&u.officer, &enrol, confirmed).await;
    assert_eq!(s, StatusCode::CREATED, "{rows}");
    let claims = format!("/api/v1/unions/{un}/mutual-aid/claims");
    let (s, cl) = app
        .post(&u.officer, &claims, json!({"enrolment_id": rows[0]["id"], "event_date": today(), "claimed_fen": 100_000, "description": "住院治疗"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{cl}");
    let cid = cl["id"].as_str().unwrap();
    let (s, a) = app.post(&u.chair, &format!("{claims}/{cid}/assess"), json!({"decision": "approve"})).await;
    assert_eq!(s, StatusCode::OK, "{a}");
    let pay = format!("{claims}/{cid}/pay");
    // No approver: refused, naming the field and the choices.
    let (s, e) = app.post(&u.chair, &pay, json!({})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("approver_user_id")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("批准人"), "{e}");
    // Not a free-text name, not the payer, not someone without the role.
    let (s, e) = app.post(&u.chair, &pay, json!({"approved_by": "王主席"})).await;
    assert!(s.is_client_error(), "{e}");
    let (s, e) = app.post(&u.chair, &pay, json!({"approver_user_id": u.chair_id})).await;
    assert_eq!((s, code(&e)), (StatusCode::UNPROCESSABLE_ENTITY, "same_reviewer"), "{e}");
    let (s, e) = app.post(&u.chair, &pay, json!({"approver_user_id": uuid::Uuid::now_v7()})).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{e}");
    // The page offers the approving accounts to choose from.
    let b = Browser::login(&app, "ganshi.m", PASSWORD).await;
    let (_, html) = b.get(&app, &format!("/unions/{un}/care/mutual-aid")).await;
    assert!(html.contains("赔付并记账") && html.contains(&u.caiwu_id), "{html}");
    // A real approver: recorded as the voucher's reviewer.
    let (s, c) = app.post(&u.chair, &pay, json!({"approver_user_id": u.caiwu_id})).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let vid = c["voucher_id"].as_str().unwrap();
    let (_, v) = app.get(&u.chair, &format!("/api/v1/unions/{un}/vouchers/{vid}")).await;
    assert!(v["reviewer"].is_string(), "{v}");
    assert_ne!(v["reviewer"], v["maker"], "{v}");
    app.stop().await;
}

crate::both!(mutual_aid_payout_needs_a_real_approver, mutual_payout);

async fn demo_books(backend: crate::common::Backend) {
    let Some(app) = TestApp::start_with(backend, app::Config::default(), true).await else { return };
    let caiwu = app.token("caiwu", gonghui::demo::DEMO_PASSWORD).await;
    let (_, me) = app.get(&caiwu, "/api/v1/me").await;
    let union = me["roles"][0]["org_id"].as_str().unwrap().to_owned();
    let (s, o) = app.get(&caiwu, &format!("/api/v1/unions/{union}/opening-balances")).await;
    assert_eq!((s, o["status"].as_str()), (StatusCode::OK, Some("posted")), "{o}");
    let (s, bs) =
        app.get(&caiwu, &format!("/api/v1/unions/{union}/reports/balance-sheet?period={}", month())).await;
    assert_eq!(s, StatusCode::OK, "{bs}");
    assert_eq!(bs["balanced"], true, "{bs}");
    for row in bs["assets"].as_array().unwrap() {
        assert!(row["second_fen"].as_i64().unwrap() >= 0, "no asset below zero: {row} in {bs}");
    }
    assert!(amount_of(&bs["assets"], "1001") > 0, "{bs}");
    assert!(bs["assets_total"][1].as_i64().unwrap() > 0, "{bs}");
    app.stop().await;
}

mod demo_books_start_with_money {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::demo_books(crate::common::Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::demo_books(crate::common::Backend::Postgres).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn partitioned() {
        super::demo_books(crate::common::Backend::Partitioned).await;
    }
}
