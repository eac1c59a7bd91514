//! Collective contracts on every database: a signed contract recorded with
//! only its four required fields, the bad input of the issue (term over 3
//! years or under 1, a wage agreement filed without its average wage,
//! coverage above the employer's staff), the congress approval rule through
//! a real ballot, signing, filing, review, publication as a disclosure
//! item, the reminders, renewal, foreign ids, and the pages.

use chrono::{Days, NaiveDate};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{Browser, PASSWORD, TestApp};
use crate::rights_employers::credit_code;

fn today() -> NaiveDate {
    domain::time::today(chrono::Utc::now())
}

fn ago(days: u64) -> String {
    today().checked_sub_days(Days::new(days)).unwrap().to_string()
}

fn err(b: &Value) -> (&str, &str) {
    (b["code"].as_str().unwrap_or(""), b["field"].as_str().unwrap_or(""))
}

/// A general contract of `union` signed 30 days ago, recorded with the four
/// required fields; returns its id.
pub async fn signed(app: &TestApp, token: &str, union: &str) -> String {
    let body = json!({"kind": "general", "signed_on": ago(30), "term_months": 36, "workers_covered": 100});
    let (s, b) = app.post(token, &format!("/api/v1/unions/{union}/collective-contracts"), body).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

struct World {
    admin: String,
    fed: String,
    union: String,
    other: String,
    chair: String,
    outsider: String,
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "某区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let other = app.org(&admin, "union", "乙公司工会", Some(&fed)).await;
    app.user(&admin, "chair.c", "chair", Some(&union), Some(&union)).await;
    app.user(&admin, "chair.o", "chair", Some(&other), Some(&other)).await;
    World {
        chair: app.token("chair.c", PASSWORD).await,
        outsider: app.token("chair.o", PASSWORD).await,
        admin,
        fed,
        union,
        other,
    }
}

async fn recorded(app: TestApp) {
    let w = world(&app).await;
    let url = format!("/api/v1/unions/{}/collective-contracts", w.union);

    // Only the four fields: a signed contract recorded after the fact.
    let (s, c) = app
        .post(
            &w.chair,
            &url,
            json!({"kind": "general", "signed_on": ago(30), "term_months": 36, "workers_covered": 250}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    assert_eq!((c["status"].as_str(), c["kind_label"].as_str()), (Some("signed"), Some("集体合同")), "{c}");
    assert_eq!(c["employer_name"], "甲公司工会");
    assert_eq!(c["filing_due"], ago(20));
    // Signed 30 days ago, not filed: the filing reminder is overdue.
    assert_eq!(
        (c["reminders"][0]["kind"].as_str(), c["reminders"][0]["overdue"].as_bool()),
        (Some("file"), Some(true)),
        "{c}"
    );
    let id = c["id"].as_str().unwrap().to_owned();

    // The bad input of the issue, each naming its field; nothing written.
    let base = json!({"kind": "general", "signed_on": ago(30), "term_months": 36, "workers_covered": 100});
    let with = |patch: Value| {
        let mut b = base.clone();
        for (k, v) in patch.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    let cases = [
        (
            with(json!({"term_months": 37})),
            StatusCode::UNPROCESSABLE_ENTITY,
            ("invalid_contract_term", "term_months"),
        ),
        (
            with(json!({"term_months": 11})),
            StatusCode::UNPROCESSABLE_ENTITY,
            ("invalid_contract_term", "term_months"),
        ),
        (
            with(json!({"kind": "wage", "term_months": 24})),
            StatusCode::UNPROCESSABLE_ENTITY,
            ("invalid_contract_term", "term_months"),
        ),
        (
            with(json!({"employer_staff": 80, "workers_covered": 81})),
            StatusCode::UNPROCESSABLE_ENTITY,
            ("invalid_count", "workers_covered"),
        ),
        (
            with(json!({"workers_covered": 0})),
            StatusCode::UNPROCESSABLE_ENTITY,
            ("invalid_count", "workers_covered"),
        ),
        (
            with(json!({"employer_staff": -1})),
            StatusCode::UNPROCESSABLE_ENTITY,
            ("invalid_count", "employer_staff"),
        ),
        (with(json!({"kind": "regional"})), StatusCode::UNPROCESSABLE_ENTITY, ("invalid_value", "kind")),
        (
            with(json!({"signed_on": today().checked_add_days(Days::new(3)).unwrap().to_string()})),
            StatusCode::UNPROCESSABLE_ENTITY,
            ("invalid_date", "signed_on"),
        ),
        (
            with(json!({"kind": "wage", "term_months": 12, "average_wage_fen": -5})),
            StatusCode::UNPROCESSABLE_ENTITY,
            ("invalid_money", "average_wage"),
        ),
        (
            json!({"kind": "general", "signed_on": ago(1), "workers_covered": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
            ("required", "term_months"),
        ),
        (with(json!({"renews_id": uuid::Uuid::now_v7()})), StatusCode::NOT_FOUND, ("not_found", "renews_id")),
    ];
    for (body, status, want) in cases {
        let (s, e) = app.post(&w.chair, &url, body.clone()).await;
        assert_eq!((s, err(&e)), (status, want), "{body} → {e}");
    }
    let (_, list) = app.get(&w.chair, &url).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "{list}");

    // Coverage is held to the linked employer's staff.
    let employer = crate::rights_employers::register(&app, &w.admin, &w.fed, 1).await;
    let (s, e) = app
        .api(
            Some(&w.admin),
            Method::PUT,
            &format!("/api/v1/employers/{employer}"),
            Some(json!({"name": "甲公司", "credit_code": credit_code(1), "ownership": "内资", "staff": 40,
                "covered_by_union_id": w.union})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{e}");
    let (s, e) =
        app.post(&w.chair, &url, with(json!({"employer_id": employer, "workers_covered": 41}))).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("invalid_count", "workers_covered")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("40"), "{e}");
    let (s, linked) =
        app.post(&w.chair, &url, with(json!({"employer_id": employer, "workers_covered": 40}))).await;
    assert_eq!(
        (s, linked["employer_name"].as_str(), linked["employer_staff"].as_i64()),
        (StatusCode::CREATED, Some("甲公司"), Some(40)),
        "{linked}"
    );
    // The employer's page lists it.
    let (_, d) = app.get(&w.admin, &format!("/api/v1/employers/{employer}")).await;
    assert_eq!(d["contracts"][0]["id"], linked["id"], "{d}");
    // Another union may not link an employer it does not cover; a random id is missing too.
    let other_url = format!("/api/v1/unions/{}/collective-contracts", w.other);
    let (s, e) = app
        .post(&w.outsider, &other_url, with(json!({"employer_id": employer, "workers_covered": 10})))
        .await;
    assert_eq!((s, err(&e)), (StatusCode::NOT_FOUND, ("not_found", "employer_id")), "{e}");
    let (s, e) = app.post(&w.chair, &url, with(json!({"employer_id": uuid::Uuid::now_v7()}))).await;
    assert_eq!((s, err(&e)), (StatusCode::NOT_FOUND, ("not_found", "employer_id")), "{e}");
    // A contract renewing another union's contract: missing.
    let theirs = signed(&app, &w.outsider, &w.other).await;
    let (s, e) = app.post(&w.chair, &url, with(json!({"renews_id": theirs}))).await;
    assert_eq!((s, err(&e)), (StatusCode::NOT_FOUND, ("not_found", "renews_id")), "{e}");

    // Another union's chair: the contract does not exist for them.
    assert_eq!(
        app.get(&w.outsider, &format!("/api/v1/collective-contracts/{id}")).await.0,
        StatusCode::NOT_FOUND
    );
    let (s, _) = app
        .post(&w.outsider, &format!("/api/v1/collective-contracts/{id}/filing"), json!({"filed_on": ago(1)}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&w.outsider, &url, base.clone()).await.0, StatusCode::NOT_FOUND);
    app.stop().await;
}

crate::both!(contracts_are_recorded_with_four_fields_and_bad_input_named, recorded);

/// A motion of `union` voted by `voters` (yes for the first `yes`, no for
/// the rest of those who vote) and closed; `roll` accounts on its roll.
async fn ballot(app: &TestApp, w: &World, roll: &[String], votes: &[(&str, &str)]) -> String {
    let (s, b) = app
        .post(
            &w.chair,
            &format!("/api/v1/unions/{}/ballots", w.union),
            json!({"kind": "motion", "title": "关于集体合同草案的表决", "voter_user_ids": roll}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let id = b["id"].as_str().unwrap().to_owned();
    assert_eq!(app.post(&w.chair, &format!("/api/v1/ballots/{id}/open"), json!({})).await.0, StatusCode::OK);
    for (who, choice) in votes {
        let t = app.token(who, PASSWORD).await;
        let (s, r) = app.post(&t, &format!("/api/v1/ballots/{id}/vote"), json!({"choice": choice})).await;
        assert_eq!(s, StatusCode::CREATED, "{r}");
    }
    assert_eq!(app.post(&w.chair, &format!("/api/v1/ballots/{id}/close"), json!({})).await.0, StatusCode::OK);
    id
}

async fn steps(app: TestApp) {
    let w = world(&app).await;
    let url = format!("/api/v1/unions/{}/collective-contracts", w.union);
    let mut roll = Vec::new();
    for n in ["d1.c", "d2.c", "d3.c"] {
        roll.push(app.user(&w.admin, n, "member", Some(&w.union), Some(&w.union)).await);
    }

    // A draft: negotiated, approved by the congress, then signed.
    let (s, d) = app
        .post(
            &w.chair,
            &url,
            json!({"kind": "wage", "term_months": 12, "workers_covered": 3, "employer_staff": 3,
            "union_negotiator": "张主席", "employer_negotiator": "李总"}),
        )
        .await;
    assert_eq!((s, d["status"].as_str()), (StatusCode::CREATED, Some("draft")), "{d}");
    let c = format!("/api/v1/collective-contracts/{}", d["id"].as_str().unwrap());
    let (s, n) = app
        .post(
            &w.chair,
            &format!("{c}/negotiations"),
            json!({"held_on": ago(20), "summary": "第一轮：工资增长幅度"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{n}");
    let (s, e) =
        app.post(&w.chair, &format!("{c}/negotiations"), json!({"held_on": ago(19), "summary": " "})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "summary"));
    // Not signed before the congress approved it.
    let (s, e) = app.post(&w.chair, &format!("{c}/sign"), json!({"signed_on": ago(10)})).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("policy_refused", "congress")), "{e}");

    // The congress rule through real ballots: two of three present, one in
    // favour — quorum met, but not more than half of ALL delegates.
    let b1 = ballot(&app, &w, &roll, &[("d1.c", "yes"), ("d2.c", "no")]).await;
    let (s, e) = app.post(&w.chair, &format!("{c}/congress"), json!({"ballot_id": b1})).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("policy_refused", "in_favour")), "{e}");
    // One of three present: no quorum.
    let b2 = ballot(&app, &w, &roll, &[("d1.c", "yes")]).await;
    let (s, e) = app.post(&w.chair, &format!("{c}/congress"), json!({"ballot_id": b2})).await;
    assert_eq!((s, err(&e)), (StatusCode::CONFLICT, ("quorum_not_met", "present")), "{e}");
    // Another union's ballot, or none: missing.
    let d4 = app.user(&w.admin, "d4.c", "member", Some(&w.other), Some(&w.other)).await;
    let (s, ob) = app
        .post(
            &w.admin,
            &format!("/api/v1/unions/{}/ballots", w.other),
            json!({"kind": "motion", "title": "x", "voter_user_ids": [d4]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{ob}");
    let foreign = ob["id"].as_str().unwrap().to_owned();
    for bid in [foreign, uuid::Uuid::now_v7().to_string()] {
        let (s, e) = app.post(&w.chair, &format!("{c}/congress"), json!({"ballot_id": bid})).await;
        assert_eq!((s, err(&e)), (StatusCode::NOT_FOUND, ("not_found", "ballot_id")), "{e}");
    }
    // Paper counts: 60 delegates, 39 present — no quorum.
    let (s, e) = app
        .post(&w.chair, &format!("{c}/congress"), json!({"delegates": 60, "present": 39, "in_favour": 39}))
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::CONFLICT, "present"), "{e}");
    // Two of three for: passed.
    let b3 = ballot(&app, &w, &roll, &[("d1.c", "yes"), ("d2.c", "yes"), ("d3.c", "no")]).await;
    let (s, r) = app.post(&w.chair, &format!("{c}/congress"), json!({"ballot_id": b3})).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(r["congress"], json!({"ballot_id": b3, "delegates": 3, "present": 3, "in_favour": 2}), "{r}");
    let (s, r) = app.post(&w.chair, &format!("{c}/sign"), json!({"signed_on": ago(40)})).await;
    assert_eq!((s, r["status"].as_str()), (StatusCode::OK, Some("signed")), "{r}");
    let (s, _) = app.post(&w.chair, &format!("{c}/sign"), json!({"signed_on": ago(40)})).await;
    assert_eq!(s, StatusCode::CONFLICT);

    // A wage agreement is not filed without its wage figures.
    let (s, e) = app.post(&w.chair, &format!("{c}/filing"), json!({"filed_on": ago(35)})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "average_wage"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("平均工资"), "{e}");
    let edit = json!({"signed_on": ago(40), "term_months": 12, "workers_covered": 3, "employer_staff": 3,
        "average_wage_fen": 8_650_000, "adjustment_bp": 350});
    let (s, r) = app.api(Some(&w.chair), Method::PUT, &c, Some(edit.clone())).await;
    assert_eq!((s, r["adjustment_bp"].as_i64()), (StatusCode::OK, Some(350)), "{r}");
    // Filed before it was signed: refused.
    let (s, e) = app.post(&w.chair, &format!("{c}/filing"), json!({"filed_on": ago(41)})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "filed_on"), "{e}");
    // Filed 35 days ago, nothing heard in 15 days: in force since.
    let (s, r) = app.post(&w.chair, &format!("{c}/filing"), json!({"filed_on": ago(35)})).await;
    assert_eq!(
        (s, r["status"].as_str(), r["effective_on"].as_str()),
        (StatusCode::OK, Some("effective"), Some(ago(19).as_str())),
        "{r}"
    );
    // Once filed, the particulars are fixed.
    let (s, _) = app.api(Some(&w.chair), Method::PUT, &c, Some(edit)).await;
    assert_eq!(s, StatusCode::CONFLICT);
    // In force 19 days, not published: overdue on the reminders list.
    let (_, rl) = app.get(&w.chair, &format!("{url}/reminders")).await;
    let mine: Vec<&Value> =
        rl["items"].as_array().unwrap().iter().filter(|i| i["contract_id"] == d["id"]).collect();
    assert_eq!(mine.len(), 1, "{rl}");
    assert_eq!(
        (mine[0]["kind"].as_str(), mine[0]["overdue"].as_bool(), mine[0]["due"].as_str()),
        (Some("publish"), Some(true), Some(ago(9).as_str()))
    );

    // Publication posts an item on the union's disclosure board.
    let (s, p) = app.post(&w.chair, &format!("{c}/publication"), json!({"note": "全文见附件"})).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    let item = p["disclosure"]["id"].as_str().unwrap();
    assert_eq!(p["contract"]["disclosure_id"].as_str(), Some(item));
    assert_eq!(p["contract"]["reminders"], json!([]));
    let member = app.token("d1.c", PASSWORD).await;
    let (s, i) = app.get(&member, &format!("/api/v1/unions/{}/disclosures/{item}", w.union)).await;
    assert_eq!((s, i["category"].as_str()), (StatusCode::OK, Some("affairs")), "{i}");
    let body = i["body"].as_str().unwrap();
    assert!(
        body.contains("86,500.00元")
            && body.contains("+3.5%")
            && body.contains("赞成2人")
            && body.contains("全文见附件"),
        "{body}"
    );
    let (s, _) = app.post(&w.chair, &format!("{c}/publication"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    // The negotiation record is append-only.
    let db = app.db().await;
    assert!(crate::common::exec(&db, "UPDATE contract_negotiations SET summary = 'x'").await.is_err());

    // The bureau's objection holds a contract back; it is changed and filed again.
    let (_, g) = app.post(&w.chair, &url, json!({"kind": "women", "signed_on": ago(20), "term_months": 36, "workers_covered": 3, "employer_staff": 3})).await;
    let g = format!("/api/v1/collective-contracts/{}", g["id"].as_str().unwrap());
    app.post(&w.chair, &format!("{g}/filing"), json!({"filed_on": ago(10)})).await;
    let (s, e) = app
        .post(&w.chair, &format!("{g}/review"), json!({"outcome": "objection", "reviewed_on": ago(5)}))
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "opinion"), "{e}");
    let (s, r) = app
        .post(
            &w.chair,
            &format!("{g}/review"),
            json!({"outcome": "objection", "reviewed_on": ago(5), "opinion": "第五条与法规不符"}),
        )
        .await;
    assert_eq!((s, r["status"].as_str()), (StatusCode::OK, Some("objected")), "{r}");
    let (s, _) = app
        .post(&w.chair, &format!("{g}/review"), json!({"outcome": "no_objection", "reviewed_on": ago(4)}))
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, r) = app.post(&w.chair, &format!("{g}/filing"), json!({"filed_on": ago(3)})).await;
    assert_eq!(
        (s, r["status"].as_str(), r["review"].as_str()),
        (StatusCode::OK, Some("filed"), Some("pending")),
        "{r}"
    );
    let (s, r) = app
        .post(&w.chair, &format!("{g}/review"), json!({"outcome": "no_objection", "reviewed_on": ago(1)}))
        .await;
    assert_eq!(
        (s, r["status"].as_str(), r["effective_on"].as_str()),
        (StatusCode::OK, Some("effective"), Some(ago(1).as_str())),
        "{r}"
    );
    app.stop().await;
}

crate::both!(contract_steps_congress_filing_review_and_publication, steps);

async fn renewal(app: TestApp) {
    let w = world(&app).await;
    let url = format!("/api/v1/unions/{}/collective-contracts", w.union);
    // A wage agreement in force since about 11 months ago: expires within
    // 60 days, so the re-sign reminder shows.
    let (s, c) = app
        .post(
            &w.chair,
            &url,
            json!({"kind": "wage", "signed_on": ago(340), "term_months": 12, "workers_covered": 50,
            "employer_staff": 60, "average_wage_fen": 7_000_000, "adjustment_bp": 300}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let id = c["id"].as_str().unwrap().to_owned();
    let (s, r) = app
        .post(&w.chair, &format!("/api/v1/collective-contracts/{id}/filing"), json!({"filed_on": ago(335)}))
        .await;
    assert_eq!((s, r["status"].as_str()), (StatusCode::OK, Some("expiring")), "{r}");
    let (_, rl) = app.get(&w.chair, &format!("{url}/reminders")).await;
    let kinds: Vec<&str> =
        rl["items"].as_array().unwrap().iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"renew"), "{rl}");
    let renew = rl["items"].as_array().unwrap().iter().find(|i| i["kind"] == "renew").unwrap();
    assert!(renew["message"].as_str().unwrap().contains("协商续签"), "{renew}");

    // Renewed by a new agreement of the same kind: the reminder goes.
    let next = json!({"kind": "wage", "term_months": 12, "workers_covered": 50, "employer_staff": 60, "renews_id": id});
    let (s, e) = app
        .post(
            &w.chair,
            &url,
            json!({"kind": "general", "term_months": 36, "workers_covered": 50, "renews_id": id}),
        )
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "renews_id"), "{e}");
    let (s, n) = app.post(&w.chair, &url, next.clone()).await;
    assert_eq!((s, n["renews_id"].as_str()), (StatusCode::CREATED, Some(id.as_str())), "{n}");
    let (s, e) = app.post(&w.chair, &url, next).await;
    assert_eq!((s, err(&e).1), (StatusCode::CONFLICT, "renews_id"), "{e}");
    let (_, rl) = app.get(&w.chair, &format!("{url}/reminders")).await;
    assert!(!rl["items"].as_array().unwrap().iter().any(|i| i["kind"] == "renew"), "{rl}");
    let (_, old) = app.get(&w.chair, &format!("/api/v1/collective-contracts/{id}")).await;
    assert_eq!(old["renewed"], true);
    app.stop().await;
}

crate::both!(contracts_remind_to_renew_and_are_renewed, renewal);

async fn pages(app: TestApp) {
    let w = world(&app).await;
    let id = signed(&app, &w.chair, &w.union).await;
    let b = Browser::login(&app, "chair.c", PASSWORD).await;
    let base = format!("/unions/{}/collective-contracts", w.union);
    let (s, html) = b.get(&app, &base).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("待办提醒") && html.contains("报送审查，已逾期") && html.contains("class=\"bad\""),
        "{html}"
    );

    // A bad form keeps what was typed and names the field.
    let (s, html, _) = b
        .post(
            &app,
            &base,
            &[
                ("kind", "general"),
                ("title", "二〇二六年集体合同"),
                ("signed_on", &ago(2)),
                ("term_months", "48"),
                ("workers_covered", "120"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("value=\"二〇二六年集体合同\"")
            && html.contains("value=\"48\"")
            && html.contains("12至36个月"),
        "{html}"
    );
    let (s, html, _) = b
        .post(
            &app,
            &base,
            &[
                ("kind", "wage"),
                ("signed_on", &ago(2)),
                ("term_months", "12"),
                ("workers_covered", "120"),
                ("average_wage", "abc"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("上年度职工平均工资") && html.contains("value=\"abc\""), "{html}");
    let (s, _, to) = b
        .post(
            &app,
            &base,
            &[
                ("kind", "women"),
                ("signed_on", &ago(2)),
                ("term_months", "24"),
                ("workers_covered", "120"),
                ("employer_staff", "150"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let to = to.unwrap();
    let (s, html) = b.get(&app, &to).await;
    assert!(
        s == StatusCode::OK && html.contains("女职工权益保护专项集体合同") && html.contains("filing-form"),
        "{html}"
    );
    // A step's refusal is the flash, in Chinese.
    let (s, _, back) = b.post(&app, &format!("{to}/filing"), &[("filed_on", &ago(5))]).await;
    assert_eq!((s, back.as_deref()), (StatusCode::SEE_OTHER, Some(to.as_str())));
    let (_, html) = b.get(&app, &to).await;
    assert!(html.contains("未能办理") && html.contains("报送日期"), "{html}");
    let (s, _, _) = b.post(&app, &format!("{to}/filing"), &[("filed_on", &ago(1))]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, html) = b.get(&app, &to).await;
    assert!(html.contains("已报送审查") && html.contains("review-form"), "{html}");

    // The contract page, the edit form, the ledger in print and Excel.
    let (s, html) = b.get(&app, &format!("/collective-contracts/{id}")).await;
    assert!(
        s == StatusCode::OK && html.contains("negotiation-form") && html.contains("congress-form"),
        "{html}"
    );
    let (s, html) = b.get(&app, &format!("/collective-contracts/{id}/edit")).await;
    assert!(s == StatusCode::OK && html.contains("value=\"36\""), "{html}");
    let (s, html) = b.get(&app, &format!("{base}/print")).await;
    assert!(
        s == StatusCode::OK && html.contains("集体合同台帐") && html.contains("女职工权益保护专项集体合同"),
        "{html}"
    );
    let r = b.client.get(app.url(&format!("{base}.xlsx"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let t = sheet::read_table("x.xlsx", &r.bytes().await.unwrap(), &sheet::Limits::default()).unwrap();
    assert_eq!((t.rows.len(), t.rows[0][0].as_str()), (3, "合同名称"), "{:?}", t.rows);
    // The renewal form starts from the old contract.
    let (s, html) = b.get(&app, &format!("{base}/new?renews={id}")).await;
    assert!(
        s == StatusCode::OK && html.contains("续签集体合同") && html.contains(&format!("value=\"{id}\"")),
        "{html}"
    );
    // Another union's contract: the error page.
    let ob = Browser::login(&app, "chair.o", PASSWORD).await;
    assert_eq!(ob.get(&app, &format!("/collective-contracts/{id}")).await.0, StatusCode::NOT_FOUND);
    app.stop().await;
}

crate::both!(contract_pages_list_remind_keep_input_and_print, pages);
