//! The books through the API: vouchers from make to post, reversal, month
//! close, budget, dues and funds, the spending rules, disclosure, the
//! auditor's workspace, and the hash chain under tampering and a crash.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{Backend, Browser, TestApp, exec, id_number};

struct Books {
    admin: String,
    union: String,
    chair: String,
    caiwu: String,
    auditor: String,
    /// The chair's account id: the 批准人 of the treasurer's payments.
    chair_id: String,
    /// The treasurer's account id: the maker, so never the approver.
    caiwu_id: String,
}

async fn setup(app: &TestApp) -> Books {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let chair_id = app.user(&admin, "chair.f", "chair", Some(&union), Some(&union)).await;
    let caiwu_id = app.user(&admin, "caiwu.f", "treasurer", Some(&union), Some(&union)).await;
    app.user(&admin, "jingshen.f", "auditor", Some(&union), Some(&union)).await;
    let chair = app.token("chair.f", crate::common::PASSWORD).await;
    let caiwu = app.token("caiwu.f", crate::common::PASSWORD).await;
    let auditor = app.token("jingshen.f", crate::common::PASSWORD).await;
    app.fund(&admin, &chair, &union).await;
    Books { admin, union, chair, caiwu, auditor, chair_id, caiwu_id }
}

fn today() -> String {
    domain::time::today(chrono::Utc::now()).to_string()
}

fn month() -> String {
    today()[..7].to_owned()
}

fn voucher(summary: &str, lines: &[(&str, i64, i64)]) -> Value {
    let lines: Vec<Value> =
        lines.iter().map(|(a, d, c)| json!({"account": a, "debit_fen": d, "credit_fen": c})).collect();
    json!({"date": today(), "summary": summary, "attachments": 1, "lines": lines})
}

/// Makes, reviews and posts a voucher; returns its id.
async fn post_voucher(app: &TestApp, b: &Books, body: Value) -> String {
    let u = &b.union;
    let (s, v) = app.post(&b.caiwu, &format!("/api/v1/unions/{u}/vouchers"), body).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["id"].as_str().unwrap().to_owned();
    let (s, v) = app.post(&b.chair, &format!("/api/v1/unions/{u}/vouchers/{id}/review"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = app.post(&b.caiwu, &format!("/api/v1/unions/{u}/vouchers/{id}/post"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    id
}

async fn trial(app: &TestApp, b: &Books) -> Value {
    let (s, tb) = app
        .get(&b.caiwu, &format!("/api/v1/unions/{}/reports/trial-balance?period={}", b.union, month()))
        .await;
    assert_eq!(s, StatusCode::OK, "{tb}");
    tb
}

fn row<'a>(tb: &'a Value, code: &str) -> &'a Value {
    tb["rows"].as_array().unwrap().iter().find(|r| r["code"] == code).unwrap_or(&Value::Null)
}

async fn vouchers_from_make_to_reversal(app: TestApp) {
    let b = setup(&app).await;
    let u = &b.union;
    let path = format!("/api/v1/unions/{u}/vouchers");

    // Refused outright, nothing written.
    for (body, code, field) in [
        (voucher("会费", &[("1002", 50_000, 0), ("4101", 0, 40_000)]), "voucher_unbalanced", "lines"),
        (voucher("会费", &[("1002", 0, 0), ("4101", 0, 0)]), "voucher_zero_line", "lines[0].debit_fen"),
        (voucher("会费", &[("1002", 50_000, 0), ("9999", 0, 50_000)]), "invalid_value", "lines[1].account"),
        (voucher("会费", &[("1002", 50_000, 0), ("5301", 0, 50_000)]), "invalid_value", "lines[1].account"),
        (
            voucher("大额", &[("1002", 10_000_000_000_000_001, 0), ("4101", 0, 10_000_000_000_000_001)]),
            "invalid_money",
            "lines[0].debit_fen",
        ),
        (json!({"summary": "无日期", "lines": []}), "required", "date"),
    ] {
        let (s, e) = app.post(&b.caiwu, &path, body).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some(code), Some(field)), "{e}");
        assert!(e["message"].as_str().unwrap().chars().any(|c| c > '\u{4e00}'), "{e}");
    }
    let (_, list) = app.get(&b.caiwu, &path).await;
    assert_eq!(list["total"], 1, "only the opening balances: {list}");

    // Make → review (not by the maker) → post.
    let (s, v) =
        app.post(&b.caiwu, &path, voucher("收会费", &[("1002", 123_450, 0), ("4101", 0, 123_450)])).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!((v["status"].as_str(), v["number"].as_i64()), (Some("draft"), None));
    assert_eq!(v["total_in_words"], "壹仟贰佰叁拾肆元伍角整");
    let id = v["id"].as_str().unwrap().to_owned();
    let (s, e) = app.post(&b.caiwu, &format!("{path}/{id}/review"), json!({})).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("same_reviewer")), "{e}");
    let (s, e) = app.post(&b.caiwu, &format!("{path}/{id}/post"), json!({})).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::CONFLICT, Some("voucher_state")), "{e}");
    let (s, v) = app.post(&b.chair, &format!("{path}/{id}/review"), json!({})).await;
    assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("reviewed")), "{v}");
    let (s, v) = app.post(&b.caiwu, &format!("{path}/{id}/post"), json!({})).await;
    assert_eq!(
        (s, v["status"].as_str(), v["number"].as_i64()),
        (StatusCode::OK, Some("posted"), Some(1)),
        "{v}"
    );
    assert_eq!(v["hash"].as_str().unwrap().len(), 64);

    // A posted voucher is never edited or deleted.
    let (s, e) = app
        .api(
            Some(&b.caiwu),
            Method::PATCH,
            &format!("{path}/{id}"),
            Some(voucher("改", &[("1002", 1, 0), ("4101", 0, 1)])),
        )
        .await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::CONFLICT, Some("voucher_posted")), "{e}");
    let (s, e) = app.api(Some(&b.admin), Method::DELETE, &format!("{path}/{id}"), None).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::CONFLICT, Some("voucher_posted")), "{e}");

    let tb = trial(&app, &b).await;
    assert_eq!(
        (tb["debit_total_fen"].as_i64(), tb["credit_total_fen"].as_i64()),
        (Some(123_450), Some(123_450))
    );
    assert_eq!(tb["balanced"], true);
    assert_eq!(row(&tb, "4101")["closing_fen"], 123_450);

    // A draft can be edited and deleted; numbers of posted vouchers have no gaps.
    let (_, d) = app.post(&b.caiwu, &path, voucher("草稿", &[("1001", 100, 0), ("4901", 0, 100)])).await;
    let did = d["id"].as_str().unwrap();
    let (s, d2) = app
        .api(
            Some(&b.caiwu),
            Method::PATCH,
            &format!("{path}/{did}"),
            Some(voucher("草稿改", &[("1001", 200, 0), ("4901", 0, 200)])),
        )
        .await;
    assert_eq!((s, d2["total_fen"].as_i64()), (StatusCode::OK, Some(200)), "{d2}");
    let (s, _) = app.api(Some(&b.caiwu), Method::DELETE, &format!("{path}/{did}"), None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);

    // 红字冲销: a linked draft with negated lines; once posted, nets to zero.
    let (s, r) = app.post(&b.caiwu, &format!("{path}/{id}/reverse"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(
        (r["reverses"].as_str(), r["lines"][0]["debit_fen"].as_i64()),
        (Some(id.as_str()), Some(-123_450))
    );
    let (s, _) = app.post(&b.caiwu, &format!("{path}/{id}/reverse"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT, "a second reversal");
    let rid = r["id"].as_str().unwrap().to_owned();
    app.post(&b.chair, &format!("{path}/{rid}/review"), json!({})).await;
    let (s, r) = app.post(&b.caiwu, &format!("{path}/{rid}/post"), json!({})).await;
    assert_eq!((s, r["number"].as_i64()), (StatusCode::OK, Some(2)), "{r}");
    let tb = trial(&app, &b).await;
    assert_eq!(
        (row(&tb, "4101")["closing_fen"].as_i64(), row(&tb, "1002")["closing_fen"].as_i64()),
        (Some(0), Some(1_000_000_000)),
        "the bank is back at its opening balance"
    );
    let (_, orig) = app.get(&b.caiwu, &format!("{path}/{id}")).await;
    assert_eq!(orig["reversed_by"].as_str(), Some(rid.as_str()));

    // Three people: the reviewer may not post.
    let (s, _) = app
        .api(
            Some(&b.chair),
            Method::PUT,
            &format!("/api/v1/unions/{u}/finance-settings"),
            Some(json!({"three_person": true})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (_, v) =
        app.post(&b.caiwu, &path, voucher("活动", &[("510102", 5_000, 0), ("1002", 0, 5_000)])).await;
    let vid = v["id"].as_str().unwrap().to_owned();
    app.post(&b.chair, &format!("{path}/{vid}/review"), json!({})).await;
    for t in [&b.chair, &b.caiwu] {
        let (s, e) = app.post(t, &format!("{path}/{vid}/post"), json!({})).await;
        assert_eq!((s, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("same_reviewer")), "{e}");
    }
    let (s, _) = app.post(&b.admin, &format!("{path}/{vid}/post"), json!({})).await;
    assert_eq!(s, StatusCode::OK);

    // Month close: no postings; reopening is the chair's, with a reason.
    let m = month();
    let (_, d) = app.post(&b.caiwu, &path, voucher("未记账", &[("1001", 100, 0), ("4901", 0, 100)])).await;
    let (_, x) = app.post(&b.caiwu, &path, voucher("未记账二", &[("1001", 100, 0), ("4901", 0, 100)])).await;
    let (s, e) = app.post(&b.caiwu, &format!("/api/v1/unions/{u}/periods/{m}/close"), json!({})).await;
    assert_eq!(
        (s, e["code"].as_str()),
        (StatusCode::CONFLICT, Some("voucher_state")),
        "unposted vouchers block the close: {e}"
    );
    for v in [&d, &x] {
        app.api(Some(&b.caiwu), Method::DELETE, &format!("{path}/{}", v["id"].as_str().unwrap()), None).await;
    }
    let (s, _) = app.post(&b.caiwu, &format!("/api/v1/unions/{u}/periods/{m}/close"), json!({})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, e) = app.post(&b.caiwu, &path, voucher("结账后", &[("1001", 100, 0), ("4901", 0, 100)])).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::CONFLICT, Some("period_closed")), "{e}");
    let (s, _) = app
        .post(&b.caiwu, &format!("/api/v1/unions/{u}/periods/{m}/reopen"), json!({"reason": "补记"}))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, e) = app.post(&b.chair, &format!("/api/v1/unions/{u}/periods/{m}/reopen"), json!({})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("reason")), "{e}");
    let (s, _) = app
        .post(&b.chair, &format!("/api/v1/unions/{u}/periods/{m}/reopen"), json!({"reason": "漏记一笔会费"}))
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, w) = app.get(&b.auditor, &format!("/api/v1/unions/{u}/finance-audit")).await;
    assert_eq!(s, StatusCode::OK, "{w}");
    assert!(
        w["period_events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "reopen" && e["reason"] == "漏记一笔会费"),
        "{w}"
    );
    // The auditor reads the books but cannot make vouchers.
    let (s, _) = app.post(&b.auditor, &path, voucher("x", &[("1001", 1, 0), ("4901", 0, 1)])).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // Budget: 90 % warns, past the line needs reason and approver.
    let year = &today()[..4];
    let (s, e) = app
        .api(
            Some(&b.chair),
            Method::PUT,
            &format!("/api/v1/unions/{u}/budget/{year}"),
            Some(json!({"lines": [{"account": "510102", "amount_fen": 10_000}]})),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{e}");
    let (s, e) = app
        .api(
            Some(&b.chair),
            Method::PUT,
            &format!("/api/v1/unions/{u}/budget/{year}"),
            Some(json!({"lines": [{"account": "4101", "amount_fen": 10_000}]})),
        )
        .await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("lines[0].account")), "{e}");
    app.api(
        Some(&b.chair),
        Method::PUT,
        &format!("/api/v1/unions/{u}/finance-settings"),
        Some(json!({"three_person": false})),
    )
    .await;
    let (_, v) =
        app.post(&b.caiwu, &path, voucher("活动二", &[("510102", 4_500, 0), ("1002", 0, 4_500)])).await;
    let vid = v["id"].as_str().unwrap().to_owned();
    app.post(&b.chair, &format!("{path}/{vid}/review"), json!({})).await;
    let (s, v) = app.post(&b.caiwu, &format!("{path}/{vid}/post"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["warnings"][0].as_str().unwrap().contains("预算"), "{v}");
    let (_, v) =
        app.post(&b.caiwu, &path, voucher("活动三", &[("510102", 2_000, 0), ("1002", 0, 2_000)])).await;
    let vid = v["id"].as_str().unwrap().to_owned();
    app.post(&b.chair, &format!("{path}/{vid}/review"), json!({})).await;
    let (s, e) = app.post(&b.caiwu, &format!("{path}/{vid}/post"), json!({})).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("budget_exceeded")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("100.00"), "{e}");
    let (s, v) = app
        .post(
            &b.caiwu,
            &format!("{path}/{vid}/post"),
            json!({"override_reason": "职工运动会追加", "override_approver": "工会主席"}),
        )
        .await;
    // A typed name is no approver: an account is chosen, not the maker.
    assert_eq!((s, v["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("budget_exceeded")), "{v}");
    let (s, e) = app
        .post(
            &b.chair,
            &format!("{path}/{vid}/post"),
            json!({"override_reason": "职工运动会追加", "override_approver_user_id": b.caiwu_id}),
        )
        .await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("same_reviewer")), "{e}");
    let (s, v) = app
        .post(
            &b.caiwu,
            &format!("{path}/{vid}/post"),
            json!({"override_reason": "职工运动会追加", "override_approver_user_id": b.chair_id}),
        )
        .await;
    assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("posted")), "{v}");
    let (_, w) = app.get(&b.auditor, &format!("/api/v1/unions/{u}/finance-audit")).await;
    assert_eq!(w["budget_overrides"][0]["reason"], "职工运动会追加");
    assert!(w["budget_overrides"][0]["approver"].as_str().unwrap().contains("chair"), "{w}");
    let (_, be) = app.get(&b.caiwu, &format!("/api/v1/unions/{u}/reports/budget?year={year}")).await;
    assert_eq!(
        (be[0]["actual_fen"].as_i64(), be[0]["state"].as_str()),
        (Some(11_500), Some("exceeded")),
        "{be}"
    );

    // Statements balance; the member sees the published statement.
    let (_, bs) = app.get(&b.caiwu, &format!("/api/v1/unions/{u}/reports/balance-sheet?period={year}")).await;
    assert_eq!(bs["balanced"], true, "{bs}");
    let (s, is) = app.get(&b.caiwu, &format!("/api/v1/unions/{u}/reports/income-statement?period={m}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(is["expenditure_total"][0], 11_500, "{is}");
    let (s, _) = app.get(&b.caiwu, &format!("/api/v1/unions/{u}/reports/trial-balance?period=2026-13")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    app.user(&b.admin, "member.f", "member", Some(u), Some(u)).await;
    let member = app.token("member.f", crate::common::PASSWORD).await;
    let (s, _) = app.post(&b.caiwu, &format!("/api/v1/unions/{u}/statements"), json!({"period": m})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "only the chair publishes");
    let (s, st) = app.post(&b.chair, &format!("/api/v1/unions/{u}/statements"), json!({"period": m})).await;
    assert_eq!(s, StatusCode::CREATED, "{st}");
    let (s, list) = app.get(&member, &format!("/api/v1/unions/{u}/statements")).await;
    assert_eq!(
        (s, list[0]["content"]["expenditure_total"][0].as_i64()),
        (StatusCode::OK, Some(11_500)),
        "{list}"
    );
    let (s, _) = app.get(&member, &format!("/api/v1/unions/{u}/reports/trial-balance")).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "members read the statement, not the books");
    // The statement is on the disclosure board too, under 财务收支.
    let (_, board) = app.get(&member, &format!("/api/v1/unions/{u}/disclosures?category=finance")).await;
    let item = &board["items"][0];
    assert!(item["title"].as_str().unwrap_or("").contains("财务收支公开"), "{board}");
    assert!(item["body"].as_str().unwrap_or("").contains("支出合计　115.00"), "{board}");
}
crate::both!(vouchers_make_review_post_reverse_close_budget, vouchers_from_make_to_reversal);

async fn member(app: &TestApp, b: &Books, seq: u32, base: i64) -> String {
    let (s, m) = app
        .post(
            &b.chair,
            &format!("/api/v1/unions/{}/members", b.union),
            json!({"name": format!("会员{seq}"), "id_number": id_number(seq), "dues_base_fen": base}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    m["id"].as_str().unwrap().to_owned()
}

async fn dues_and_funds(app: TestApp) {
    let b = setup(&app).await;
    let u = &b.union;
    let a = member(&app, &b, 301, 567_890).await; // 28.35 yuan
    let c = member(&app, &b, 302, 300_000).await; // 15.00 yuan
    let r = member(&app, &b, 303, 800_000).await;
    // No bill: one without a base, one whose base is under the 10 yuan dues
    // start from; they are counted apart.
    member(&app, &b, 304, 999).await;
    let (s, m) = app
        .post(
            &b.chair,
            &format!("/api/v1/unions/{}/members", b.union),
            json!({"name": "会员305", "id_number": id_number(305)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    let (s, _) = app
        .post(
            &b.chair,
            &format!("/api/v1/unions/{u}/members/{r}/status"),
            json!({"status": "retained", "reason": "内退"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, bills) =
        app.post(&b.caiwu, &format!("/api/v1/unions/{u}/dues/bills"), json!({"month": "2026-01"})).await;
    assert_eq!(s, StatusCode::OK, "{bills}");
    assert_eq!(
        (bills["count"].as_i64(), bills["total_fen"].as_i64()),
        (Some(2), Some(4_335)),
        "retained members pay none"
    );
    assert_eq!(
        (bills["without_base"].as_i64(), bills["base_under_min"].as_i64()),
        (Some(1), Some(1)),
        "{bills}"
    );
    // The page says the same, each with its own words.
    let page = Browser::login(&app, "caiwu.f", crate::common::PASSWORD).await;
    let (s, _, loc) =
        page.post(&app, &format!("/unions/{u}/finance/dues/bills"), &[("month", "2026-01")]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, html) = page.get(&app, &loc.unwrap()).await;
    assert!(html.contains("另有1名在籍会员未设会费基数"), "{html}");
    assert!(html.contains("另有1名在籍会员会费基数不足10元"), "{html}");
    let (_, again) =
        app.post(&b.caiwu, &format!("/api/v1/unions/{u}/dues/bills"), json!({"month": "2026-01"})).await;
    assert_eq!(
        (again["count"].as_i64(), again["total_fen"].as_i64()),
        (Some(0), Some(4_335)),
        "billing twice bills once"
    );
    let (s, e) =
        app.post(&b.caiwu, &format!("/api/v1/unions/{u}/dues/bills"), json!({"month": "2026-1x"})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("month")));

    // Payroll deduction for the month posts 会费收入 at once; not twice.
    let date = format!("{}-15", month());
    let (s, c1) = app
        .post(
            &b.caiwu,
            &format!("/api/v1/unions/{u}/dues/collect"),
            json!({"month": "2026-01", "date": date}),
        )
        .await;
    assert_eq!(
        (s, c1["total_fen"].as_i64(), c1["count"].as_i64()),
        (StatusCode::OK, Some(4_335), Some(2)),
        "{c1}"
    );
    let (s, e) =
        app.post(&b.caiwu, &format!("/api/v1/unions/{u}/dues/collect"), json!({"month": "2026-01"})).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::CONFLICT, Some("already_paid")), "{e}");
    let tb = trial(&app, &b).await;
    assert_eq!(row(&tb, "4101")["credit_fen"], 4_335);
    let vid = c1["voucher_id"].as_str().unwrap();
    let (_, v) = app.get(&b.caiwu, &format!("/api/v1/unions/{u}/vouchers/{vid}")).await;
    assert_eq!((v["status"].as_str(), v["kind"].as_str()), (Some("posted"), Some("dues")));

    // Six months unpaid flags the member for review; paying clears it.
    for m in ["2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07"] {
        app.post(&b.caiwu, &format!("/api/v1/unions/{u}/dues/bills"), json!({"month": m})).await;
        let (s, e) = app
            .post(
                &b.caiwu,
                &format!("/api/v1/unions/{u}/dues/collect"),
                json!({"month": m, "member_id": a, "method": "cash", "date": date}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{e}");
    }
    let (_, mc) = app.get(&b.chair, &format!("/api/v1/unions/{u}/members/{c}")).await;
    assert_eq!(mc["dues_review"], true, "{mc}");
    let (_, ma) = app.get(&b.chair, &format!("/api/v1/unions/{u}/members/{a}")).await;
    assert_eq!(ma["dues_review"], false);
    let (_, arr) = app.get(&b.caiwu, &format!("/api/v1/unions/{u}/dues-arrears")).await;
    assert_eq!((arr["total"].as_i64(), arr["items"][0]["months"].as_i64()), (Some(1), Some(6)), "{arr}");
    app.post(
        &b.caiwu,
        &format!("/api/v1/unions/{u}/dues/collect"),
        json!({"month": "2026-07", "member_id": c, "date": date}),
    )
    .await;
    let (_, mc) = app.get(&b.chair, &format!("/api/v1/unions/{u}/members/{c}")).await;
    assert_eq!(mc["dues_review"], false);

    // Funds: 2 % of payroll, 60/40, direct flow reconciled.
    let (s, f) = app
        .post(
            &b.caiwu,
            &format!("/api/v1/unions/{u}/funds"),
            json!({"month": "2026-01", "payroll_fen": 100_000_000}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{f}");
    assert_eq!(
        (f["due_fen"].as_i64(), f["keep_fen"].as_i64(), f["up_fen"].as_i64()),
        (Some(2_000_000), Some(1_200_000), Some(800_000))
    );
    let (s, _) = app
        .post(&b.caiwu, &format!("/api/v1/unions/{u}/funds"), json!({"month": "2026-01", "payroll_fen": 1}))
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let rec = format!("/api/v1/unions/{u}/funds/2026-01/receipts");
    let (s, f) = app
        .post(&b.caiwu, &rec, json!({"kind": "employer_paid", "amount_fen": 2_000_000, "date": date}))
        .await;
    assert_eq!((s, f["reconciled"].as_bool()), (StatusCode::CREATED, Some(false)), "{f}");
    let (s, e) =
        app.post(&b.caiwu, &rec, json!({"kind": "refund_received", "amount_fen": 1, "date": date})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("kind")), "{e}");
    let (s, f) =
        app.post(&b.caiwu, &rec, json!({"kind": "remitted_up", "amount_fen": 800_000, "date": date})).await;
    assert_eq!((s, f["reconciled"].as_bool()), (StatusCode::CREATED, Some(true)), "{f}");
    let tb = trial(&app, &b).await;
    assert_eq!(
        (row(&tb, "4201")["closing_fen"].as_i64(), row(&tb, "2201")["closing_fen"].as_i64()),
        (Some(1_200_000), Some(0))
    );
    assert_eq!(tb["balanced"], true);
}
crate::both!(dues_bills_collection_review_flag_and_funds, dues_and_funds);

async fn spending_rules(app: TestApp) {
    let b = setup(&app).await;
    let u = &b.union;
    let m = member(&app, &b, 401, 500_000).await;
    let (s, p) = app
        .api(
            Some(&b.chair),
            Method::PUT,
            &format!("/api/v1/unions/{u}/policy"),
            Some(json!({"preset": "fujian-2018"})),
        )
        .await;
    assert_eq!((s, p["region"].as_str()), (StatusCode::OK, Some("福建省")), "{p}");
    let (s, p) = app
        .api(
            Some(&b.chair),
            Method::PUT,
            &format!("/api/v1/unions/{u}/policy"),
            Some(json!({"preset": "fujan-2018"})),
        )
        .await;
    assert_eq!((s, p["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_policy")), "{p}");
    let date = today();
    let check = format!("/api/v1/unions/{u}/policy/check");
    let (s, v) = app.post(&b.caiwu, &check, json!({"member_id": m, "approver_user_id": b.chair_id, "item": "birthday", "amount_fen": 35_000, "form": "cake_voucher", "date": date})).await;
    assert_eq!((s, v["allowed"].as_bool()), (StatusCode::OK, Some(false)), "{v}");
    let rule = v["rule"].as_str().unwrap();
    assert!(rule.contains("福建省") && rule.contains("300") && rule.contains("350"), "{rule}");

    // Paying: checked first, refused with the rule, idempotent.
    let pay = format!("/api/v1/unions/{u}/welfare");
    let (s, e) = app.post(&b.caiwu, &pay, json!({"member_id": m, "approver_user_id": b.chair_id, "item": "festival", "holiday": "spring_festival", "amount_fen": 20_000, "form": "shopping_card", "date": "2026-02-10"})).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("policy_refused")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("购物卡"), "{e}");
    let (s, e) = app.post(&b.caiwu, &pay, json!({"member_id": m, "approver_user_id": b.chair_id, "item": "festival", "holiday": "spring_festival", "amount_fen": 20_000, "form": "goods", "date": "2026-08-03"})).await;
    assert_eq!(
        (s, e["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("policy_refused")),
        "a gift on no holiday: {e}"
    );
    let body = json!({"member_id": m, "approver_user_id": b.chair_id, "item": "birthday", "amount_fen": 30_000, "form": "cake_voucher", "date": date, "idempotency_key": "form-1"});
    let (s, w1) = app.post(&b.caiwu, &pay, body.clone()).await;
    assert_eq!(s, StatusCode::CREATED, "{w1}");
    let (s, w2) = app.post(&b.caiwu, &pay, body).await;
    assert_eq!((s, w2["id"].clone()), (StatusCode::CREATED, w1["id"].clone()), "a double submit pays once");
    let (_, list) = app.get(&b.caiwu, &pay).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (s, e) = app.post(&b.caiwu, &pay, json!({"member_id": m, "approver_user_id": b.chair_id, "item": "birthday", "amount_fen": 100, "form": "cake_voucher", "date": date})).await;
    assert_eq!(
        (s, e["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("policy_refused")),
        "the yearly cap counts what was given: {e}"
    );
    let tb = trial(&app, &b).await;
    assert_eq!(row(&tb, "510104")["debit_fen"], 30_000, "{tb}");

    // A custom policy: a typo is refused naming it; exceptions are recorded.
    let (_, cur) = app.get(&b.chair, &format!("/api/v1/unions/{u}/policy")).await;
    let mut custom = cur["policy"].clone();
    custom["allow_exceptions"] = true.into();
    custom["key"] = "custom".into();
    let mut typo = custom.clone();
    typo["items"]["birthdy"] = json!({"per_year_yuan": 1});
    let (s, e) = app
        .api(
            Some(&b.chair),
            Method::PUT,
            &format!("/api/v1/unions/{u}/policy"),
            Some(json!({"preset": "custom", "policy": typo})),
        )
        .await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_policy")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("birthdy"), "{e}");
    let (s, p) = app
        .api(
            Some(&b.chair),
            Method::PUT,
            &format!("/api/v1/unions/{u}/policy"),
            Some(json!({"preset": "custom", "policy": custom})),
        )
        .await;
    assert_eq!((s, p["allow_exceptions"].as_bool()), (StatusCode::OK, Some(true)), "{p}");
    let (s, w) = app.post(&b.caiwu, &pay, json!({"member_id": m, "approver_user_id": b.chair_id, "item": "birthday", "amount_fen": 5_000, "form": "cake_voucher", "date": date, "exception_reason": "补发去年漏发", "exception_approver": "工会委员会"})).await;
    assert_eq!(s, StatusCode::CREATED, "{w}");
    assert!(w["exception_id"].is_string());
    let (_, ws) = app.get(&b.auditor, &format!("/api/v1/unions/{u}/finance-audit")).await;
    assert_eq!(ws["policy_exceptions"][0]["reason"], "补发去年漏发", "{ws}");
}
crate::both!(spending_rules_checked_before_paying, spending_rules);

async fn unlock(app: &TestApp, db: &store::Db) {
    let stmts: &[&str] = match app.backend {
        Backend::Sqlite => &[
            "DROP TRIGGER fin_lines_posted_no_update",
            "DROP TRIGGER fin_vouchers_posted_no_delete",
            "DROP TRIGGER fin_lines_posted_no_delete",
        ],
        Backend::Postgres | Backend::Partitioned => &[
            "DROP TRIGGER fin_lines_posted_fixed ON fin_lines",
            "DROP TRIGGER fin_vouchers_posted_fixed ON fin_vouchers",
        ],
    };
    for s in stmts {
        match db {
            store::Db::Sqlite(p) => sqlx::query(s).execute(p).await.map(|_| ()),
            store::Db::Pg(p) => sqlx::query(s).execute(p).await.map(|_| ()),
        }
        .unwrap();
    }
}

async fn ledger_verify_catches_tampering(app: TestApp) {
    let b = setup(&app).await;
    for i in 1..=3 {
        post_voucher(
            &app,
            &b,
            voucher(&format!("会费{i}"), &[("1002", 1_000 * i, 0), ("4101", 0, 1_000 * i)]),
        )
        .await;
    }
    let db = app.db().await;
    let mut tx = db.read().await.unwrap();
    // The opening balances (seq 1) and the three.
    assert_eq!(store::finance::verify_chains(&mut tx).await.unwrap().unwrap(), 4);
    drop(tx);
    // The database itself refuses changes to posted vouchers.
    assert!(exec(&db, "UPDATE fin_lines SET debit_fen = 1 WHERE line_no = 1").await.is_err());
    assert!(exec(&db, "DELETE FROM fin_vouchers WHERE status = 'posted'").await.is_err());
    // Someone with the database drops the guard and edits an amount.
    unlock(&app, &db).await;
    exec(&db, "UPDATE fin_lines SET debit_fen = 2500 WHERE debit_fen = 2000").await.unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gonghui"))
        .args(["--database", &app.db_url, "ledger", "verify"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("第 3 号") && err.contains("被改动"), "{err}");
    // Or removes the newest voucher.
    exec(&db, "UPDATE fin_lines SET debit_fen = 2000 WHERE debit_fen = 2500").await.unwrap();
    let mut tx = db.read().await.unwrap();
    assert!(store::finance::verify_chains(&mut tx).await.unwrap().is_ok());
    drop(tx);
    exec(&db, "DELETE FROM fin_lines WHERE voucher_id IN (SELECT id FROM fin_vouchers WHERE seq = 4)")
        .await
        .unwrap();
    exec(&db, "DELETE FROM fin_vouchers WHERE seq = 4").await.unwrap();
    let mut tx = db.read().await.unwrap();
    let (_, broken) = store::finance::verify_chains(&mut tx).await.unwrap().unwrap_err();
    assert_eq!(broken.seq, 4, "{}", broken.reason);
}
crate::both!(ledger_verify_catches_a_changed_or_removed_voucher, ledger_verify_catches_tampering);

/// A batch posting killed half-way leaves whole vouchers only: the books
/// balance and the chain verifies.
async fn crash_mid_batch(app: TestApp) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gonghui"))
        .args([
            "--database",
            &app.db_url,
            "bench",
            "finance",
            "--lines",
            "2000000",
            "--unions",
            "2",
            "--members",
            "0",
        ])
        .env("GONGHUI_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let db = app.db().await;
    let count = |db: store::Db| async move {
        let sql = "SELECT COUNT(*) FROM fin_vouchers";
        match &db {
            store::Db::Sqlite(p) => sqlx::query_scalar::<_, i64>(sql).fetch_one(p).await.unwrap_or(0),
            store::Db::Pg(p) => sqlx::query_scalar::<_, i64>(sql).fetch_one(p).await.unwrap_or(0),
        }
    };
    let mut seen = 0;
    for _ in 0..600 {
        seen = count(db.clone()).await;
        if seen >= 3000 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(seen > 0, "the batch never started");
    child.kill().unwrap();
    child.wait().unwrap();
    let after = count(db.clone()).await;
    assert!(after < 500_000, "killed before the end");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gonghui"))
        .args(["--database", &app.db_url, "ledger", "verify"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let sql =
        "SELECT CAST(SUM(debit_fen) AS BIGINT), CAST(SUM(credit_fen) AS BIGINT), COUNT(*) FROM fin_lines";
    let (d, c, n): (i64, i64, i64) = match &db {
        store::Db::Sqlite(p) => sqlx::query_as(sql).fetch_one(p).await.unwrap(),
        store::Db::Pg(p) => sqlx::query_as(sql).fetch_one(p).await.unwrap(),
    };
    assert_eq!(d, c, "the ledger balances after the crash");
    assert_eq!(n, after * 4, "no voucher lost a line");
}
crate::both!(killed_batch_posting_leaves_the_ledger_whole, crash_mid_batch);
