//! The federation's roll-up (issue 15, item 6): computed union by union and
//! combined, it equals the sum of the unions' own statements — unions
//! nested under a district included, unions of another federation not.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{PASSWORD, TestApp};

fn month() -> String {
    domain::time::today(chrono::Utc::now()).to_string()[..7].to_owned()
}

/// A union with books: opening balances, then a posted dues voucher of
/// `fen` and a draft (which no statement counts). Returns the union id and
/// its treasurer's token.
async fn union_with_books(
    app: &TestApp,
    admin: &str,
    parent: &str,
    name: &str,
    fen: i64,
) -> (String, String) {
    let u = app.org(admin, "union", &format!("{name}工会"), Some(parent)).await;
    app.user(admin, &format!("{name}.chair"), "chair", Some(&u), Some(&u)).await;
    app.user(admin, &format!("{name}.caiwu"), "treasurer", Some(&u), Some(&u)).await;
    let chair = app.token(&format!("{name}.chair"), PASSWORD).await;
    let caiwu = app.token(&format!("{name}.caiwu"), PASSWORD).await;
    app.fund(admin, &chair, &u).await;
    let today = domain::time::today(chrono::Utc::now()).to_string();
    let body = |fen: i64| {
        json!({"date": today, "summary": "收会费", "attachments": 1, "lines": [
            {"account": "1002", "debit_fen": fen, "credit_fen": 0},
            {"account": "4101", "debit_fen": 0, "credit_fen": fen}]})
    };
    let (s, v) = app.post(&caiwu, &format!("/api/v1/unions/{u}/vouchers"), body(fen)).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let id = v["id"].as_str().unwrap().to_owned();
    let (s, v) = app.post(&chair, &format!("/api/v1/unions/{u}/vouchers/{id}/review"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = app.post(&caiwu, &format!("/api/v1/unions/{u}/vouchers/{id}/post"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = app.post(&caiwu, &format!("/api/v1/unions/{u}/vouchers"), body(7)).await;
    assert_eq!(s, StatusCode::CREATED, "draft: {v}");
    (u, caiwu)
}

const FIELDS: [&str; 4] = ["opening_fen", "debit_fen", "credit_fen", "closing_fen"];

async fn rollup_is_the_sum_of_the_unions(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "汇总市总工会", None).await;
    let district = app.org(&admin, "federation", "汇总区总工会", Some(&fed)).await;
    let other = app.org(&admin, "federation", "别处总工会", None).await;
    let mut unions = Vec::new();
    for (parent, name, fen) in [(&fed, "hz.a", 123_400), (&fed, "hz.b", 56_700), (&district, "hz.c", 8_900)] {
        unions.push(union_with_books(&app, &admin, parent, name, fen).await);
    }
    // Books outside the federation must not count.
    union_with_books(&app, &admin, &other, "hz.x", 999_900).await;

    let m = month();
    let (s, roll) = app.get(&admin, &format!("/api/v1/orgs/{fed}/finance/rollup?period={m}")).await;
    assert_eq!(s, StatusCode::OK, "{roll}");
    let tb = &roll["trial_balance"];
    assert_eq!(tb["balanced"], true, "{tb}");
    let mut own: Vec<Value> = Vec::new();
    for (u, caiwu) in &unions {
        let (s, t) = app.get(caiwu, &format!("/api/v1/unions/{u}/reports/trial-balance?period={m}")).await;
        assert_eq!(s, StatusCode::OK, "{t}");
        own.push(t);
    }
    let sum = |code: &str, field: &str| -> i64 {
        own.iter()
            .flat_map(|t| t["rows"].as_array().unwrap().iter())
            .filter(|r| r["code"] == code)
            .map(|r| r[field].as_i64().unwrap())
            .sum()
    };
    let rows = tb["rows"].as_array().unwrap();
    assert!(!rows.is_empty());
    for r in rows {
        let code = r["code"].as_str().unwrap();
        for f in FIELDS {
            assert_eq!(r[f].as_i64().unwrap(), sum(code, f), "account {code}, {f}");
        }
    }
    // The dues of the three unions, posted this month, and nothing else.
    let dues = rows.iter().find(|r| r["code"] == "4101").expect("4101 in the roll-up");
    assert_eq!(dues["credit_fen"].as_i64().unwrap(), 123_400 + 56_700 + 8_900);
    let totals = |t: &Value, f: &str| t[f].as_i64().unwrap();
    assert_eq!(totals(tb, "debit_total_fen"), own.iter().map(|t| totals(t, "debit_total_fen")).sum::<i64>());
    assert_eq!(
        totals(tb, "credit_total_fen"),
        own.iter().map(|t| totals(t, "credit_total_fen")).sum::<i64>()
    );

    // The district's roll-up is its one union's statement.
    let (_, d) = app.get(&admin, &format!("/api/v1/orgs/{district}/finance/rollup?period={m}")).await;
    for r in d["trial_balance"]["rows"].as_array().unwrap() {
        let code = r["code"].as_str().unwrap();
        let mine = own[2]["rows"].as_array().unwrap().iter().find(|x| x["code"] == code);
        for f in FIELDS {
            assert_eq!(r[f].as_i64().unwrap(), mine.map_or(0, |x| x[f].as_i64().unwrap()), "{code} {f}");
        }
    }
    app.stop().await;
}

crate::both!(the_rollup_equals_the_sum_of_the_unions_statements, rollup_is_the_sum_of_the_unions);
