//! Issue 13 item 1: every payment out of the union's money follows the
//! books' rules. The 批准人 is an account chosen from the union's chair and
//! treasurer, recorded as the reviewer of the generated voucher and never
//! its maker; with three-person books the voucher waits for a third person
//! to post it; the payment list and the 签收表 show who approved.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{Browser, PASSWORD, TestApp, id_number};

struct U {
    union: String,
    chair: String,
    officer: String,
    caiwu: String,
    chair_id: String,
    officer_id: String,
    caiwu_id: String,
    other_chair_id: String,
    member: String,
}

fn today() -> String {
    domain::time::today(chrono::Utc::now()).to_string()
}

async fn setup(app: &TestApp) -> U {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let other = app.org(&admin, "union", "乙公司工会", Some(&fed)).await;
    let chair_id = app.user(&admin, "chair.p", "chair", Some(&union), Some(&union)).await;
    let officer_id = app.user(&admin, "ganshi.p", "officer", Some(&union), Some(&union)).await;
    let caiwu_id = app.user(&admin, "caiwu.p", "treasurer", Some(&union), Some(&union)).await;
    let other_chair_id = app.user(&admin, "chair.q", "chair", Some(&other), Some(&other)).await;
    let (s, m) = app
        .post(
            &admin,
            &format!("/api/v1/unions/{union}/members"),
            json!({"name": "王困难", "id_number": id_number(7)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    let chair = app.token("chair.p", PASSWORD).await;
    app.fund(&admin, &chair, &union).await;
    U {
        chair,
        officer: app.token("ganshi.p", PASSWORD).await,
        caiwu: app.token("caiwu.p", PASSWORD).await,
        union,
        chair_id,
        officer_id,
        caiwu_id,
        other_chair_id,
        member: m["id"].as_str().unwrap().to_owned(),
    }
}

fn condolence(u: &U, approver: Option<&str>, amount: i64) -> Value {
    let mut b = json!({"member_id": u.member, "kind": "assistance", "item": "assistance", "reason": "生活困难帮扶",
        "amount_fen": amount, "form": "cash", "date": today()});
    if let Some(a) = approver {
        b["approver_user_id"] = a.into();
    }
    b
}

async fn voucher(app: &TestApp, u: &U, id: &Value) -> Value {
    let (s, v) =
        app.get(&u.chair, &format!("/api/v1/unions/{}/vouchers/{}", u.union, id.as_str().unwrap())).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

async fn approvals(app: TestApp) {
    let u = setup(&app).await;
    let url = format!("/api/v1/unions/{}/assistance", u.union);
    // The choices: the union's chair and treasurer, nobody else's.
    let (s, list) = app.get(&u.officer, &format!("/api/v1/unions/{}/payment-approvers", u.union)).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let ids: Vec<&str> = list.as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&u.chair_id.as_str()) && ids.contains(&u.caiwu_id.as_str()), "{list}");
    assert_eq!(ids.len(), 2, "{list}");

    // An old client typing a name is refused, in Chinese, naming the field.
    let mut old = condolence(&u, None, 50_000);
    old["approved_by"] = "张主席".into();
    let (s, e) = app.post(&u.officer, &url, old).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("approver_user_id")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("请从本会账号中选择批准人"), "{e}");
    // Another union's chair answers exactly as an id that does not exist;
    // so does an account of this union without an approving role.
    let (s1, e1) = app.post(&u.officer, &url, condolence(&u, Some(&u.other_chair_id), 50_000)).await;
    let missing = uuid::Uuid::now_v7().to_string();
    let (s2, e2) = app.post(&u.officer, &url, condolence(&u, Some(&missing), 50_000)).await;
    let (s3, e3) = app.post(&u.caiwu, &url, condolence(&u, Some(&u.officer_id), 50_000)).await;
    assert_eq!(s1, StatusCode::NOT_FOUND, "{e1}");
    assert_eq!((s1, &e1), (s2, &e2));
    assert_eq!((s1, &e1), (s3, &e3));
    // The maker cannot approve their own payment.
    let (s, e) = app.post(&u.caiwu, &url, condolence(&u, Some(&u.caiwu_id), 50_000)).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("same_reviewer")), "{e}");
    // Nothing was paid by the refusals.
    let (_, l) = app.get(&u.chair, &url).await;
    assert_eq!(l["items"].as_array().unwrap().len(), 0, "{l}");

    // The officer pays, the chair approves: the chair is the voucher's
    // reviewer, the officer its maker; two-person books post it at once.
    let (s, a) = app.post(&u.officer, &url, condolence(&u, Some(&u.chair_id), 50_000)).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    assert_eq!(a["approved_by"], "chair.p", "{a}");
    let v = voucher(&app, &u, &a["voucher_id"]).await;
    assert_eq!(
        (v["maker"].as_str(), v["reviewer"].as_str(), v["status"].as_str()),
        (Some("ganshi.p"), Some("chair.p"), Some("posted")),
        "{v}"
    );
    let (_, w) = app.get(&u.chair, &format!("/api/v1/unions/{}/welfare", u.union)).await;
    assert_eq!(w[0]["approver_name"], "chair.p", "{w}");

    // Three-person books: the generated voucher waits, reviewed by the
    // approver, for a poster who is neither maker nor approver.
    let (s, b) = app
        .api(
            Some(&u.chair),
            Method::PUT,
            &format!("/api/v1/unions/{}/finance-settings", u.union),
            Some(json!({"three_person": true})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, a) = app.post(&u.officer, &url, condolence(&u, Some(&u.chair_id), 30_000)).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    let v = voucher(&app, &u, &a["voucher_id"]).await;
    assert_eq!((v["status"].as_str(), v["reviewer"].as_str()), (Some("reviewed"), Some("chair.p")), "{v}");
    let post = format!("/api/v1/unions/{}/vouchers/{}/post", u.union, a["voucher_id"].as_str().unwrap());
    let (s, e) = app.post(&u.chair, &post, json!({})).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("same_reviewer")), "{e}");
    let (s, p) = app.post(&u.caiwu, &post, json!({})).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    let v = voucher(&app, &u, &a["voucher_id"]).await;
    assert_eq!((v["status"].as_str(), v["poster"].as_str()), (Some("posted"), Some("caiwu.p")), "{v}");

    // The pages: the 批准人 is chosen from a list, and shown in the lists.
    let officer = Browser::login(&app, "ganshi.p", PASSWORD).await;
    let (_, page) = officer.get(&app, &format!("/unions/{}/care/assistance", u.union)).await;
    assert!(page.contains("<select id=\"approver_user_id\""), "no approver choice on the form");
    assert!(page.contains(&format!("<option value=\"{}\"", u.chair_id)), "the chair is not offered");
    assert!(!page.contains(&format!("<option value=\"{}\"", u.officer_id)), "the officer is offered");
    assert!(!page.contains("name=\"approved_by\""), "the free-text box is still there");
    let (_, page) = officer.get(&app, &format!("/unions/{}/finance/welfare", u.union)).await;
    assert!(
        page.contains("<th>批准人</th>") && page.contains("<td>chair.p</td>"),
        "no approver in the payment list"
    );
    let key = uuid::Uuid::new_v4().to_string();
    let form = [
        ("member_id", u.member.as_str()),
        ("item", "assistance"),
        ("reason", "帮扶"),
        ("amount", "100"),
        ("form", "cash"),
        ("date", &today()),
        ("approver_user_id", u.officer_id.as_str()),
        ("idempotency_key", &key),
    ];
    let (s, page, _) = officer.post(&app, &format!("/unions/{}/care/assistance", u.union), &form).await;
    assert_ne!(s, StatusCode::SEE_OTHER, "an officer approved their own payment");
    let _ = page;
    app.stop().await;
}
crate::both!(care_payments_are_approved_by_a_chosen_account, approvals);

async fn campaign(app: TestApp) {
    let u = setup(&app).await;
    let url = format!("/api/v1/unions/{}/campaigns", u.union);
    let (s, c) = app
        .post(&u.officer, &url, json!({"kind": "warmth", "title": "送温暖", "form": "cash", "amount_fen": 50_000, "pay_date": today()}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let id = c["id"].as_str().unwrap();
    let (s, a) = app.post(&u.chair, &format!("{url}/{id}/approve"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{a}");
    // The chair who approved the list does not pay it too.
    let (s, e) = app.post(&u.chair, &format!("{url}/{id}/pay"), json!({})).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("same_reviewer")), "{e}");
    let (s, paid) = app.post(&u.officer, &format!("{url}/{id}/pay"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{paid}");
    let v = voucher(&app, &u, &paid["voucher_id"]).await;
    assert_eq!((v["maker"].as_str(), v["reviewer"].as_str()), (Some("ganshi.p"), Some("chair.p")), "{v}");
    let officer = Browser::login(&app, "ganshi.p", PASSWORD).await;
    let (_, sheet) = officer.get(&app, &format!("/unions/{}/care/campaigns/{id}/signoff", u.union)).await;
    assert!(sheet.contains("批准人：chair.p") && sheet.contains("经办人：ganshi.p"), "{sheet}");
    app.stop().await;
}
crate::both!(a_campaign_is_paid_with_its_approver_as_reviewer, campaign);
