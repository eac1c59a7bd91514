//! Issue 12: one date rule for everything that posts to the books, and no
//! invisible characters in names and titles.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, id_number};

const PASSWORD: &str = "pass1234";

struct Union {
    admin: String,
    union: String,
    chair: String,
    caiwu: String,
}

async fn setup(app: &TestApp) -> Union {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    app.user(&admin, "chair.h", "chair", Some(&union), Some(&union)).await;
    app.user(&admin, "caiwu.h", "treasurer", Some(&union), Some(&union)).await;
    let chair = app.token("chair.h", PASSWORD).await;
    let caiwu = app.token("caiwu.h", PASSWORD).await;
    Union { admin, union, chair, caiwu }
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
    let welfare_body = |date: &str| json!({"member_id": m, "item": "birthday", "amount_fen": 20_000, "form": "cake_voucher", "date": date});
    let assistance_body = |date: &str| {
        json!({"member_id": m, "kind": "assistance", "item": "assistance", "reason": "生活困难", "amount_fen": 50_000,
            "form": "cash", "date": date, "approved_by": "张主席"})
    };
    for date in ["9999-12-31", "0001-01-01", "1999-12-31"] {
        for (url, body) in [(&welfare, welfare_body(date)), (&assistance, assistance_body(date))] {
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
    let (s, w) = app.post(&u.caiwu, &welfare, welfare_body(&today())).await;
    assert_eq!(s, StatusCode::CREATED, "{w}");
    let (s, a) = app.post(&u.chair, &assistance, assistance_body(&today())).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM fin_vouchers").await, 2);
    app.stop().await;
}

crate::both!(posting_refuses_dates_outside_the_books, posting_dates);
