//! Issue 12: one date rule for everything that posts to the books, and no
//! invisible characters in names and titles.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, id_number};

use crate::common::PASSWORD;

struct Union {
    admin: String,
    union: String,
    chair: String,
    caiwu: String,
    chair_id: String,
    caiwu_id: String,
}

async fn setup(app: &TestApp) -> Union {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let chair_id = app.user(&admin, "chair.h", "chair", Some(&union), Some(&union)).await;
    let caiwu_id = app.user(&admin, "caiwu.h", "treasurer", Some(&union), Some(&union)).await;
    let chair = app.token("chair.h", PASSWORD).await;
    let caiwu = app.token("caiwu.h", PASSWORD).await;
    Union { admin, union, chair, caiwu, chair_id, caiwu_id }
}

async fn member(app: &TestApp, u: &Union, name: &str, seq: u32) -> (StatusCode, Value) {
    app.post(
        &u.admin,
        &format!("/api/v1/unions/{}/members", u.union),
        json!({"name": name, "id_number": id_number(seq)}),
    )
    .await
}

/// A count from the app's database.
async fn count(app: &TestApp, sql: &str) -> i64 {
    let db = app.db().await;
    let mut tx = db.read().await.unwrap();
    let n = store::on!(&mut tx, c => sqlx::query_scalar::<_, i64>(sql).fetch_one(c).await).unwrap();
    drop(tx);
    n
}

fn today() -> String {
    domain::time::today(chrono::Utc::now()).to_string()
}

async fn posting_dates(app: TestApp) {
    let u = setup(&app).await;
    let (s, m) = member(&app, &u, "张三", 1).await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    let m = m["id"].as_str().unwrap().to_owned();
    let welfare = format!("/api/v1/unions/{}/welfare", u.union);
    let assistance = format!("/api/v1/unions/{}/assistance", u.union);
    // The chair pays, the treasurer approves (and the other way round).
    let welfare_body = |date: &str, approver: &str| json!({"member_id": m, "item": "birthday", "amount_fen": 20_000, "form": "cake_voucher", "date": date, "approver_user_id": approver, "confirm_below_zero": true});
    let assistance_body = |date: &str| {
        json!({"member_id": m, "kind": "assistance", "item": "assistance", "reason": "生活困难", "amount_fen": 50_000,
            "form": "cash", "date": date, "approver_user_id": u.caiwu_id, "confirm_below_zero": true})
    };
    for date in ["9999-12-31", "0001-01-01", "1999-12-31"] {
        for (url, body) in [(&welfare, welfare_body(date, &u.caiwu_id)), (&assistance, assistance_body(date))]
        {
            let (s, e) = app.post(&u.chair, url, body).await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{url} {date}: {e}");
            assert_eq!(
                (e["code"].as_str(), e["field"].as_str()),
                (Some("invalid_date"), Some("date")),
                "{e}"
            );
            assert!(e["message"].as_str().unwrap().contains("2000年至2100年"), "{e}");
        }
    }
    // Nothing was written: no voucher, no payment.
    for table in ["fin_vouchers", "fin_welfare", "care_assistance"] {
        assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM {table}")).await, 0, "{table}");
    }
    // A good date still works, through the same posting.
    let (s, w) = app.post(&u.caiwu, &welfare, welfare_body(&today(), &u.chair_id)).await;
    assert_eq!(s, StatusCode::CREATED, "{w}");
    let (s, a) = app.post(&u.chair, &assistance, assistance_body(&today())).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM fin_vouchers").await, 2);
    app.stop().await;
}

crate::both!(posting_refuses_dates_outside_the_books, posting_dates);

async fn invisible_characters(app: TestApp) {
    let u = setup(&app).await;
    let refused = |s: StatusCode, e: &Value, field: &str, code_point: &str| {
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert_eq!(
            (e["code"].as_str(), e["field"].as_str()),
            (Some("control_characters"), Some(field)),
            "{e}"
        );
        let m = e["message"].as_str().unwrap();
        assert!(m.contains("不可见字符") && m.contains(code_point), "{m}");
    };
    // A member's name through the API.
    let (s, e) = member(&app, &u, "张\u{202E}三", 1).await;
    refused(s, &e, "name", "U+202E");
    let (s, e) = member(&app, &u, "\u{E000}王五", 2).await;
    refused(s, &e, "name", "U+E000");
    // Through the roster import: the row is rejected with the reason, the
    // clean one is imported.
    let csv = format!("姓名,身份证号\n钱八,{}\n李\u{200B}四,{}\n", id_number(3), id_number(4));
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("名单.csv"));
    let r = crate::common::client()
        .post(app.url(&format!("/api/v1/unions/{}/members/import?dry_run=false", u.union)))
        .bearer_auth(&u.chair)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let b: Value = r.json().await.unwrap();
    assert_eq!(b["imported"], 1, "{b}");
    assert_eq!(b["rejected"][0]["row"], 3, "{b}");
    assert!(b["rejected"][0]["message"].as_str().unwrap().contains("U+200B"), "{b}");
    let (_, list) = app.get(&u.chair, &format!("/api/v1/unions/{}/members", u.union)).await;
    let names: Vec<&str> =
        list["items"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["钱八"]);
    // An org's name and a group's.
    let (s, e) =
        app.post(&u.admin, "/api/v1/orgs", json!({"name": "乙\u{FEFF}公司工会", "kind": "union"})).await;
    refused(s, &e, "name", "U+FEFF");
    let (s, e) = app
        .post(
            &u.admin,
            "/api/v1/orgs",
            json!({"name": "一车间\u{2067}", "kind": "group", "parent_id": u.union}),
        )
        .await;
    refused(s, &e, "name", "U+2067");
    // A ballot's title.
    let (_, chair) = app.get(&u.chair, "/api/v1/me").await;
    let (s, e) = app
        .post(
            &u.chair,
            &format!("/api/v1/unions/{}/ballots", u.union),
            json!({"kind": "motion", "title": "关于\u{200D}福利方案", "voter_user_ids": [chair["id"]]}),
        )
        .await;
    refused(s, &e, "title", "U+200D");
    // An account's display name.
    let (s, e) = app
        .post(
            &u.admin,
            "/api/v1/users",
            json!({"username": "wangwu", "password": "Zx9-Hardening-2026!", "display_name": "王\u{10FFFD}五", "org_id": u.union}),
        )
        .await;
    refused(s, &e, "display_name", "U+10FFFD");
    // The same through a page form: 422, the message by the field.
    let b = crate::common::Browser::login(&app, "admin", crate::common::ADMIN_PASSWORD).await;
    let (s, html, _) = b
        .post(&app, "/orgs", &[("parent_id", &u.union), ("kind", "group"), ("name", "二车间\u{202E}")])
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("名称不能包含不可见字符或控制字符（U+202E）"), "{html}");
    // Clean names in CJK and ASCII still pass.
    let (s, e) = member(&app, &u, "John Smith", 5).await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    let (s, e) = app
        .post(&u.admin, "/api/v1/orgs", json!({"name": "一车间", "kind": "group", "parent_id": u.union}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    app.stop().await;
}

crate::both!(names_and_titles_refuse_invisible_characters, invisible_characters);
