//! Labour-dispute mediation on every database: the committee rule, a case
//! from application to each outcome (agreement with its printed 调解协议书
//! and the sum in 大写, withdrawal, arbitration) and refusal, the
//! acceptance deadline, the 15-day clock with extension and the referable
//! flag, sessions, 成功调解率 and counts by type, a petition turned into a
//! case, bad input (closing twice, representatives, dates, foreign ids in
//! the path and the body) with nothing half-written, the pages and the
//! list's print and .xlsx.

use chrono::{Datelike, Days, NaiveDate};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{Browser, PASSWORD, TestApp, client, id_number};

fn err(b: &Value) -> (&str, &str) {
    (b["code"].as_str().unwrap_or(""), b["field"].as_str().unwrap_or(""))
}

fn today() -> NaiveDate {
    domain::time::today(chrono::Utc::now())
}

fn ago(days: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(days)).unwrap()
}

/// A one-applicant case of `union` opened by `token` (a chair or officer);
/// its id. The route × role matrix uses it too.
pub async fn open_case(app: &TestApp, token: &str, union: &str) -> String {
    let body = json!({
        "dispute_type": "pay", "applicants": [{"name": "测试申请人"}], "respondent": "测试公司",
        "claims": [{"item": "支付工资", "amount_fen": 100_000}], "facts": "拖欠工资",
    });
    let (s, b) = app.post(token, &format!("/api/v1/unions/{union}/mediation-cases"), body).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

fn people(n: usize, reps: usize) -> Vec<Value> {
    (0..n).map(|i| json!({"name": format!("职工{}", i + 1), "representative": i < reps})).collect()
}

fn case_body(kind: &str, applicants: Vec<Value>, applied_on: NaiveDate) -> Value {
    json!({
        "dispute_type": kind, "applicants": applicants, "respondent": "某某制造有限公司",
        "common_claim": true,
        "claims": [{"item": "支付拖欠的加班工资", "amount_fen": 1_200_000}, {"item": "出具解除劳动合同证明"}],
        "facts": "2026年1月至3月加班未支付加班工资。", "applied_on": applied_on,
    })
}

async fn get_bytes(app: &TestApp, token: &str, path: &str) -> (StatusCode, Vec<u8>) {
    let r = client().get(app.url(path)).bearer_auth(token).send().await.unwrap();
    (r.status(), r.bytes().await.unwrap().to_vec())
}

async fn page(app: &TestApp, token: &str, path: &str) -> (StatusCode, String) {
    let (s, b) = get_bytes(app, token, path).await;
    (s, String::from_utf8(b).unwrap())
}

/// A petition of `union` written straight to the table (the petitions
/// area files them through its own API; this test needs only the row).
async fn petition(app: &TestApp, union: &str, number: i64, writer: Option<(&str, &str)>) -> Uuid {
    let db = app.db().await;
    let mut tx = db.write().await.unwrap();
    let id = Uuid::now_v7();
    let now = store::now();
    let received = ago(3);
    let (name, member) = match writer {
        Some((n, m)) => (Some(n.to_owned()), Some(Uuid::parse_str(m).unwrap())),
        None => (None, None),
    };
    store::exec!(
        &mut tx,
        sqlx::query(
            "INSERT INTO petitions (union_id, id, number, channel, subject, content, received_on, anonymous, \
             writer_name, writer_member_id, status, round, dispatch_by, answer_by, registered_by, created_at, \
             updated_at) VALUES ($1, $2, $3, 'mailbox', '车间拖欠加班费', '三月份加班费至今未发。', $4, $5, $6, $7, \
             'received', 1, $8, $9, '主席信箱', $10, $10)"
        )
        .bind(Uuid::parse_str(union).unwrap())
        .bind(id)
        .bind(number)
        .bind(received)
        .bind(writer.is_none())
        .bind(&name)
        .bind(member)
        .bind(received)
        .bind(received.checked_add_days(Days::new(15)).unwrap())
        .bind(now)
    )
    .unwrap();
    tx.commit().await.unwrap();
    db.close().await;
    id
}

/// (turned_into_kind, turned_into_id, the petition log's notes with their action and round).
async fn petition_state(
    app: &TestApp,
    id: Uuid,
) -> (Option<String>, Option<Uuid>, Vec<(String, String, i64, String)>) {
    let db = app.db().await;
    let mut tx = db.read().await.unwrap();
    let (kind, into): (Option<String>, Option<Uuid>) = store::on!(&mut tx, c => sqlx::query_as(
        "SELECT turned_into_kind, turned_into_id FROM petitions WHERE id = $1").bind(id).fetch_one(c).await)
    .unwrap();
    let log: Vec<(String, String, i64, String)> = store::on!(&mut tx, c => sqlx::query_as(
        "SELECT action, note, round, actor FROM petition_log WHERE petition_id = $1").bind(id).fetch_all(c).await)
    .unwrap();
    drop(tx);
    db.close().await;
    (kind, into, log)
}

struct W {
    admin: String,
    u: String,
    other: String,
    chair: String,
    outsider: String,
    fed: String,
    member_a: String,
    member_b: String,
    member_other: String,
}

async fn world(app: &TestApp) -> W {
    let admin = app.admin().await;
    let fed_org = app.org(&admin, "federation", "区总工会", None).await;
    let u = app.org(&admin, "union", "甲公司工会", Some(&fed_org)).await;
    let other = app.org(&admin, "union", "乙公司工会", Some(&fed_org)).await;
    app.user(&admin, "chair.m", "chair", Some(&u), Some(&u)).await;
    app.user(&admin, "chair.n", "chair", Some(&other), Some(&other)).await;
    app.user(&admin, "fed.m", "federation", Some(&fed_org), Some(&fed_org)).await;
    let chair = app.token("chair.m", PASSWORD).await;
    let outsider = app.token("chair.n", PASSWORD).await;
    let fed = app.token("fed.m", PASSWORD).await;
    let mut ids = Vec::new();
    for (i, (org, name)) in [(&u, "王主席"), (&u, "李职工"), (&other, "乙会员")].into_iter().enumerate()
    {
        let (s, b) = app
            .post(
                &admin,
                &format!("/api/v1/unions/{org}/members"),
                json!({"name": name, "id_number": id_number(i as u32 + 1)}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        ids.push(b["id"].as_str().unwrap().to_owned());
    }
    W {
        admin,
        u,
        other,
        chair,
        outsider,
        fed,
        member_a: ids[0].clone(),
        member_b: ids[1].clone(),
        member_other: ids[2].clone(),
    }
}

async fn committee(app: TestApp) {
    let w = world(&app).await;
    let url = format!("/api/v1/unions/{}/mediation-committee", w.u);
    let put = |body: Value| {
        let (app, url, chair) = (&app, url.clone(), w.chair.clone());
        async move { app.api(Some(&chair), reqwest::Method::PUT, &url, Some(body)).await }
    };
    let (s, c) = app.get(&w.chair, &url).await;
    assert_eq!((s, c["members"].as_array().unwrap().len()), (StatusCode::OK, 0), "{c}");
    // Both sides, one chair on the workers' side who is a member.
    let (s, e) = put(json!({"members": [
        {"name": "王主席", "side": "worker", "chair": true, "member_id": w.member_a}]}))
    .await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "members")), "{e}");
    let (s, e) = put(json!({"members": [
        {"name": "王主席", "side": "worker", "member_id": w.member_a},
        {"name": "赵经理", "side": "employer", "chair": true}]}))
    .await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "chair"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("企业代表"), "{e}");
    let (s, e) = put(json!({"members": [
        {"name": "李职工", "side": "worker", "chair": true},
        {"name": "赵经理", "side": "employer"}]}))
    .await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "chair"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("会员"), "{e}");
    let (s, e) = put(json!({"members": [
        {"name": "王", "side": "worker", "chair": true, "member_id": w.member_a},
        {"name": "李", "side": "worker", "chair": true, "member_id": w.member_b},
        {"name": "赵经理", "side": "employer"}]}))
    .await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "chair"), "{e}");
    // Another union's member: 404, like a missing one.
    let (s, e) = put(json!({"members": [
        {"name": "乙会员", "side": "worker", "chair": true, "member_id": w.member_other},
        {"name": "赵经理", "side": "employer"}]}))
    .await;
    assert_eq!((s, err(&e).0), (StatusCode::NOT_FOUND, "not_found"), "{e}");
    let (_, c) = app.get(&w.chair, &url).await;
    assert_eq!(c["members"].as_array().unwrap().len(), 0, "nothing half-written: {c}");
    // A committee: the chair takes the member's name when none is typed.
    let (s, c) = put(json!({"members": [
        {"side": "worker", "chair": true, "member_id": w.member_a, "title": "工会主席"},
        {"name": "李职工", "side": "worker", "member_id": w.member_b},
        {"name": "赵经理", "side": "employer", "title": "人事经理"}]}))
    .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let members = c["members"].as_array().unwrap();
    assert_eq!(members.len(), 3);
    assert_eq!((members[0]["name"].as_str(), members[0]["chair"].as_bool()), (Some("王主席"), Some(true)));
    let keep: Vec<Value> = members
        .iter()
        .filter(|m| m["name"] != "李职工")
        .map(|m| json!({"id": m["id"], "name": m["name"], "side": m["side"], "chair": m["chair"], "member_id": m["member_id"]}))
        .collect();
    // Leaving someone out ends their seat today; the row stays.
    let (s, c) = put(json!({"members": keep})).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["members"].as_array().unwrap().len(), 2);
    assert_eq!(c["former"][0]["name"], "李职工");
    assert_eq!(c["former"][0]["left_on"], today().to_string());
    // Seen by the federation above (counts and the committee), set by it too;
    // another union's chair: 404; a page for the federation without names of the roster.
    let (s, _) = app.get(&w.fed, &url).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(app.get(&w.outsider, &url).await.0, StatusCode::NOT_FOUND);
    let (s, html) = page(&app, &w.chair, &format!("/unions/{}/mediation-committee", w.u)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("王主席") && html.contains("主任") && html.contains("已离任"), "{html}");
    // The page form: a second chair is refused with the rows as typed.
    let b = Browser::login(&app, "chair.m", PASSWORD).await;
    let (s, html, _) = b
        .post(
            &app,
            &format!("/unions/{}/mediation-committee", w.u),
            &[
                ("id", ""),
                ("name", "孙委员"),
                ("side", "employer"),
                ("member_id", ""),
                ("title", ""),
                ("appointed_on", ""),
                ("chair", "0"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("孙委员") && html.contains("职工代表"), "{html}");
    app.stop().await;
}

crate::both!(the_committee_rule, committee);

async fn lifecycle(app: TestApp) {
    let w = world(&app).await;
    let url = format!("/api/v1/unions/{}/mediation-cases", w.u);
    let applied = ago(20);
    // The committee, for a mediator.
    let (s, c) = app
        .api(
            Some(&w.chair),
            reqwest::Method::PUT,
            &format!("/api/v1/unions/{}/mediation-committee", w.u),
            Some(json!({"members": [
                {"side": "worker", "chair": true, "member_id": w.member_a},
                {"name": "赵经理", "side": "employer"}]})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let mediator = c["members"][0]["id"].as_str().unwrap().to_owned();

    // Bad input: nothing is written.
    let (s, e) = app.post(&w.chair, &url, case_body("pay", people(12, 2), applied)).await;
    assert_eq!(
        (s, err(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, ("representatives_required", "representatives")),
        "{e}"
    );
    assert!(e["message"].as_str().unwrap().contains("3至5名"), "{e}");
    let (s, e) = app.post(&w.chair, &url, case_body("wages", people(1, 0), applied)).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "dispute_type"), "{e}");
    let (s, e) = app.post(&w.chair, &url, case_body("pay", people(1, 0), today() + Days::new(1))).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "applied_on"), "{e}");
    let mut foreign = case_body("pay", people(1, 0), applied);
    foreign["applicants"][0]["member_id"] = w.member_other.clone().into();
    let (s, e) = app.post(&w.chair, &url, foreign).await;
    assert_eq!((s, err(&e).0), (StatusCode::NOT_FOUND, "not_found"), "{e}");
    let mut no_facts = case_body("pay", people(1, 0), applied);
    no_facts["facts"] = "".into();
    assert_eq!(app.post(&w.chair, &url, no_facts).await.1["field"], "facts");
    let (_, list) = app.get(&w.chair, &url).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 0, "nothing half-written: {list}");
    // Another union's chair cannot open a case here.
    assert_eq!(
        app.post(&w.outsider, &url, case_body("pay", people(1, 0), applied)).await.0,
        StatusCode::NOT_FOUND
    );

    // A: twelve workers, three representatives, one linked to a member.
    let mut body = case_body("pay", people(12, 3), applied);
    body["applicants"][0]["member_id"] = w.member_b.clone().into();
    let (s, a) = app.post(&w.chair, &url, body).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    assert_eq!((a["number"].as_i64(), a["status"].as_str()), (Some(1), Some("applied")));
    assert_eq!(a["claimed_fen"], 1_200_000);
    assert_eq!(a["applicants"].as_array().unwrap().len(), 12);
    assert_eq!(a["applicants"][0]["member_id"], w.member_b.as_str());
    let cal = domain::rights::mediation::WorkCalendar::default();
    assert_eq!(a["acceptance_due"], cal.add_working_days(applied, 3).to_string());
    assert_eq!((a["acceptance_overdue"].as_bool(), a["referable"].as_bool()), (Some(true), Some(true)));
    let ca = format!("/api/v1/mediation-cases/{}", a["id"].as_str().unwrap());
    // Not closed before acceptance; a decision before the application: refused.
    let (s, e) = app.post(&w.chair, &format!("{ca}/close"), json!({"outcome": "withdrawn"})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "invalid_transition"), "{e}");
    let (s, e) =
        app.post(&w.chair, &format!("{ca}/accept"), json!({"decided_on": applied - Days::new(1)})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "decided_on"), "{e}");
    // Accepted on the day it came, with a mediator of the committee.
    let (s, e) = app
        .post(
            &w.chair,
            &format!("{ca}/accept"),
            json!({"decided_on": applied, "mediator_id": Uuid::now_v7()}),
        )
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::NOT_FOUND, "mediator_id"), "{e}");
    let (s, a) = app
        .post(&w.chair, &format!("{ca}/accept"), json!({"decided_on": applied, "mediator_id": mediator}))
        .await;
    assert_eq!(s, StatusCode::OK, "{a}");
    assert_eq!((a["status"].as_str(), a["decided_late"].as_bool()), (Some("accepted"), Some(false)));
    assert_eq!(a["mediator"], "王主席");
    assert_eq!(a["mediation_due"], (applied + Days::new(15)).to_string());
    assert_eq!(a["days_left"], -5);
    assert_eq!(a["referable"], true, "past fifteen days from the application: {a}");
    assert_eq!(app.post(&w.chair, &format!("{ca}/accept"), json!({})).await.0, StatusCode::CONFLICT);
    // Extension: 10 days agreed, then 6 more is past the 15-day limit.
    let (s, a) = app
        .post(&w.chair, &format!("{ca}/extension"), json!({"extension_days": 10, "note": "双方同意"}))
        .await;
    assert_eq!(
        (s, a["extension_days"].as_i64(), a["days_left"].as_i64()),
        (StatusCode::OK, Some(10), Some(5)),
        "{a}"
    );
    let (s, e) = app.post(&w.chair, &format!("{ca}/extension"), json!({"extension_days": 6})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "extension_days"), "{e}");
    // Sessions: within the mediation, with minutes; append-only.
    let sess = |held: NaiveDate, kind: &str, minutes: &str| json!({"kind": kind, "held_on": held, "place": "工会会议室", "attendees": "申请人代表、被申请人、调解员", "minutes": minutes});
    let (s, e) = app
        .post(&w.chair, &format!("{ca}/sessions"), sess(applied - Days::new(1), "investigation", "x"))
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "held_on"), "{e}");
    let (s, e) = app.post(&w.chair, &format!("{ca}/sessions"), sess(applied, "investigation", " ")).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "minutes"), "{e}");
    let (s, x) = app
        .post(
            &w.chair,
            &format!("{ca}/sessions"),
            sess(applied + Days::new(1), "investigation", "核实考勤记录"),
        )
        .await;
    assert_eq!((s, x["kind_label"].as_str()), (StatusCode::CREATED, Some("调查笔录")), "{x}");
    let (s, _) = app
        .post(
            &w.chair,
            &format!("{ca}/sessions"),
            sess(applied + Days::new(3), "mediation", "双方同意分期支付"),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let db = app.db().await;
    let tamper = crate::common::exec(&db, "UPDATE mediation_sessions SET minutes = 'x'").await;
    assert!(tamper.is_err(), "minutes are append-only");
    db.close().await;
    // The agreement: its terms are required; closed once.
    let (s, e) = app.post(&w.chair, &format!("{ca}/close"), json!({"outcome": "agreement"})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "outcome_text"), "{e}");
    let (s, e) = app
        .post(
            &w.chair,
            &format!("{ca}/close"),
            json!({"outcome": "agreement", "outcome_text": "x", "closed_on": applied - Days::new(1)}),
        )
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "closed_on"), "{e}");
    let terms = "被申请人于本协议签订之日起十日内一次性支付申请人加班工资12345.67元。";
    let (s, a) = app
        .post(
            &w.chair,
            &format!("{ca}/close"),
            json!({"outcome": "agreement", "outcome_text": terms, "agreed_fen": 1_234_567, "closed_on": applied + Days::new(3)}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{a}");
    assert_eq!((a["status"].as_str(), a["referable"].as_bool()), (Some("agreed"), Some(false)));
    assert_eq!(a["days_left"], Value::Null);
    let (s, e) = app.post(&w.chair, &format!("{ca}/close"), json!({"outcome": "arbitration"})).await;
    assert_eq!((s, err(&e)), (StatusCode::CONFLICT, ("already_closed", "status")), "{e}");
    let (_, a) = app.get(&w.chair, &ca).await;
    assert_eq!(a["sessions"].as_array().unwrap().len(), 2);
    let actions: Vec<&str> =
        a["log"].as_array().unwrap().iter().map(|l| l["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["apply", "accept", "extend", "session", "session", "close"]);
    // The printed 调解协议书: both parties, the mediator, the seal, 大写.
    let a_id = a["id"].as_str().unwrap().to_owned();
    let (s, html) = page(&app, &w.chair, &format!("/mediation-cases/{a_id}/agreement.print")).await;
    assert_eq!(s, StatusCode::OK);
    for want in [
        "劳动争议调解协议书",
        "12,345.67",
        "壹万贰仟叁佰肆拾伍元陆角柒分",
        "被申请人（盖章）",
        "调解员（签名）：<span class=\"line\">王主席</span>",
        "劳动争议调解委员会（盖章）",
        terms,
        "某某制造有限公司",
    ] {
        assert!(html.contains(want), "{want} missing: {html}");
    }
    // The representatives sign for the twelve.
    assert_eq!(html.matches("申请人（签名）").count(), 3, "{html}");

    // B: refused with a reason; referable at once; no close.
    let (_, b) = app.post(&w.chair, &url, case_body("contract", people(1, 0), applied)).await;
    let cb = format!("/api/v1/mediation-cases/{}", b["id"].as_str().unwrap());
    let (s, e) = app.post(&w.chair, &format!("{cb}/accept"), json!({"decision": "refuse"})).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "reason")), "{e}");
    let (s, b) = app
        .post(&w.chair, &format!("{cb}/accept"), json!({"decision": "refuse", "reason": "被申请人不同意调解", "decided_on": applied + Days::new(1)}))
        .await;
    assert_eq!(
        (s, b["status"].as_str(), b["referable"].as_bool()),
        (StatusCode::OK, Some("refused"), Some(true)),
        "{b}"
    );
    assert_eq!(b["refused_reason"], "被申请人不同意调解");
    let (s, e) = app.post(&w.chair, &format!("{cb}/close"), json!({"outcome": "withdrawn"})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "invalid_transition"), "{e}");
    let (s, _) =
        page(&app, &w.chair, &format!("/mediation-cases/{}/agreement.print", b["id"].as_str().unwrap()))
            .await;
    assert_eq!(s, StatusCode::CONFLICT);
    // C withdrawn, D to arbitration, E and F undecided, G accepted today.
    let mut ids = Vec::new();
    for kind in ["pay", "work_injury", "other", "social_insurance", "rest_and_leave"] {
        let (s, c) = app.post(&w.chair, &url, case_body(kind, people(2, 0), applied)).await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        ids.push(format!("/api/v1/mediation-cases/{}", c["id"].as_str().unwrap()));
    }
    for (c, outcome) in [(&ids[0], "withdrawn"), (&ids[1], "arbitration")] {
        app.post(&w.chair, &format!("{c}/accept"), json!({"decided_on": applied})).await;
        let (s, r) = app
            .post(
                &w.chair,
                &format!("{c}/close"),
                json!({"outcome": outcome, "outcome_text": "申请人书面撤回"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{r}");
        assert!(r["outcome_text"].is_string(), "{r}");
    }
    let (_, g) = app.post(&w.chair, &format!("{}/accept", ids[4]), json!({})).await;
    assert_eq!((g["days_left"].as_i64(), g["decided_late"].as_bool()), (Some(15), Some(true)), "{g}");
    assert_eq!(g["referable"], true, "the statute counts from the application");

    // Filters: overdue acceptance, status, type.
    let list = |q: &str| {
        let (app, chair, url) = (&app, w.chair.clone(), format!("{url}?{q}"));
        async move {
            let (s, l) = app.get(&chair, &url).await;
            assert_eq!(s, StatusCode::OK, "{l}");
            l["items"].as_array().unwrap().iter().map(|c| c["number"].as_i64().unwrap()).collect::<Vec<_>>()
        }
    };
    assert_eq!(list("status=overdue").await, [6, 5]);
    assert_eq!(list("status=agreed").await, [1]);
    assert_eq!(list("dispute_type=pay").await, [3, 1]);
    assert_eq!(list(&format!("year={}", applied.year() + 1)).await.len(), 0);
    let (s, e) = app.get(&w.chair, &format!("{url}?status=lost")).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "status"));
    let (_, l) = app.get(&w.chair, &url).await;
    assert_eq!(l["items"][6]["applicants"], "职工1等12人", "{l}");

    // The report: 7 cases, 1 agreement of 3 closed; by type.
    let (s, r) =
        app.get(&w.fed, &format!("/api/v1/unions/{}/mediation-report?year={}", w.u, applied.year())).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(
        (
            r["cases"].as_u64(),
            r["agreements"].as_u64(),
            r["refused"].as_u64(),
            r["pending"].as_u64(),
            r["open"].as_u64()
        ),
        (Some(7), Some(1), Some(1), Some(2), Some(1)),
        "{r}"
    );
    assert_eq!((r["rate"].as_str(), r["rate_basis_points"].as_u64()), (Some("33.33%"), Some(3333)));
    let pay = r["by_type"].as_array().unwrap().iter().find(|t| t["dispute_type"] == "pay").unwrap();
    assert_eq!(
        (pay["cases"].as_u64(), pay["agreements"].as_u64(), pay["rate"].as_str()),
        (Some(2), Some(1), Some("50.00%"))
    );
    assert_eq!(r["by_type"][0]["dispute_type_label"], "劳动报酬");
    // The federation sees counts, not case files.
    assert_eq!(app.get(&w.fed, &url).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&w.fed, &ca).await.0, StatusCode::FORBIDDEN);
    // Another union's chair: the case does not exist.
    assert_eq!(app.get(&w.outsider, &ca).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        app.post(&w.outsider, &format!("{ca}/close"), json!({"outcome": "withdrawn"})).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, theirs) = app.get(&w.outsider, &format!("/api/v1/unions/{}/mediation-cases", w.other)).await;
    assert_eq!(theirs["items"].as_array().unwrap().len(), 0);

    // Pages: the list marks overdue and referable, the case shows its clock,
    // the report its rate; the list prints and exports.
    let (s, html) = page(&app, &w.chair, &format!("/unions/{}/mediation-cases", w.u)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("逾期未受理") && html.contains("可申请仲裁") && html.contains("职工1等12人"),
        "{html}"
    );
    let (s, html) = page(&app, &w.chair, &format!("/mediation-cases/{}", g["id"].as_str().unwrap())).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(r#"<strong id="days-left">15</strong>"#), "{html}");
    let (s, html) =
        page(&app, &w.fed, &format!("/unions/{}/mediation-report?year={}", w.u, applied.year())).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("成功调解率33.33%") && html.contains("劳动报酬"), "{html}");
    let (s, html) =
        page(&app, &w.chair, &format!("/unions/{}/mediation-cases.print?status=agreed", w.u)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("劳动争议调解案件台帐") && html.contains("第1号") && !html.contains("第2号"),
        "{html}"
    );
    let (s, bytes) = get_bytes(&app, &w.chair, &format!("/unions/{}/mediation-cases.xlsx", w.u)).await;
    assert_eq!(s, StatusCode::OK);
    let t = sheet::read_table("m.xlsx", &bytes, &sheet::Limits::default()).unwrap();
    assert_eq!(t.rows[0][..4], ["编号", "申请日期", "争议类型", "申请人"]);
    assert_eq!(t.rows.len(), 8);
    let first = t.rows.iter().find(|r| r[0] == "第1号").unwrap();
    assert_eq!(
        (first[2].as_str(), first[3].as_str(), first[6].as_str()),
        ("劳动报酬", "职工1等12人", "调解成功")
    );
    // A union counting the referral period from acceptance (its setting):
    // the case accepted today is no longer referable.
    let su = format!("/api/v1/unions/{}/rights-settings", w.u);
    let (_, mut settings) = app.get(&w.chair, &su).await;
    settings["mediation"]["referral_clock"] = "acceptance".into();
    let (s, saved) = app.api(Some(&w.chair), reqwest::Method::PUT, &su, Some(settings)).await;
    assert_eq!(s, StatusCode::OK, "{saved}");
    let (_, g) = app.get(&w.chair, &ids[4]).await;
    assert_eq!(
        (g["referable"].as_bool(), g["referable_from"].as_str()),
        (Some(false), Some((today() + Days::new(16)).to_string().as_str())),
        "{g}"
    );
    let _ = &w.admin;
    app.stop().await;
}

crate::both!(a_case_from_application_to_outcome, lifecycle);

async fn from_petition(app: TestApp) {
    let w = world(&app).await;
    let url = format!("/api/v1/unions/{}/mediation-cases", w.u);
    let named = petition(&app, &w.u, 7, Some(("李职工", &w.member_b))).await;
    let anonymous = petition(&app, &w.u, 8, None).await;
    let theirs = petition(&app, &w.other, 1, None).await;
    // The form opened from the petition is prefilled; an anonymous writer stays unnamed.
    let (s, html) =
        page(&app, &w.chair, &format!("/unions/{}/mediation-cases/new?petition={named}", w.u)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("由第7号来信来访转为调解案件")
            && html.contains("车间拖欠加班费")
            && html.contains("三月份加班费至今未发"),
        "{html}"
    );
    assert!(html.contains(">李职工</textarea>"), "{html}");
    let (s, html) =
        page(&app, &w.chair, &format!("/unions/{}/mediation-cases/new?petition={anonymous}", w.u)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(r#"placeholder="每行一人；推举的代表在姓名后写“（代表）”"></textarea>"#), "{html}");
    // Another union's petition: 404 on the page and in the body.
    let (s, _) =
        page(&app, &w.chair, &format!("/unions/{}/mediation-cases/new?petition={theirs}", w.u)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let mut body = case_body("pay", people(1, 0), today());
    body["petition_id"] = theirs.to_string().into();
    let (s, e) = app.post(&w.chair, &url, body).await;
    assert_eq!((s, err(&e).1), (StatusCode::NOT_FOUND, "petition_id"), "{e}");
    assert_eq!(petition_state(&app, theirs).await.0, None);
    // A fault after the petition is found: neither the case nor the mark is written.
    let mut body = case_body("pay", people(1, 0), today());
    body["petition_id"] = named.to_string().into();
    body["applicants"][0]["member_id"] = w.member_other.clone().into();
    assert_eq!(app.post(&w.chair, &url, body).await.0, StatusCode::NOT_FOUND);
    let (kind, _, log) = petition_state(&app, named).await;
    assert_eq!((kind, log.len()), (None, 0));
    // Not dated before the letter came.
    let mut body = case_body("pay", people(1, 0), ago(10));
    body["petition_id"] = named.to_string().into();
    let (s, e) = app.post(&w.chair, &url, body).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "applied_on"), "{e}");
    // Turned: the petition names the case and logs it, in the same transaction.
    let mut body = case_body("pay", vec![json!({"name": "李职工", "member_id": w.member_b})], today());
    body["petition_id"] = named.to_string().into();
    let (s, c) = app.post(&w.chair, &url, body).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    assert_eq!(c["petition_id"], named.to_string());
    let (kind, into, log) = petition_state(&app, named).await;
    assert_eq!(kind.as_deref(), Some("mediation_case"));
    assert_eq!(into.map(|u| u.to_string()), c["id"].as_str().map(str::to_owned));
    assert_eq!(
        log,
        [("to_mediation".to_owned(), format!("转为调解案件第{}号", c["number"]), 1, "chair.m".to_owned())]
    );
    assert!(c["log"][0]["note"].as_str().unwrap().contains("由第7号来信来访转入"), "{c}");
    // Not twice.
    let mut body = case_body("pay", people(1, 0), today());
    body["petition_id"] = named.to_string().into();
    let (s, e) = app.post(&w.chair, &url, body).await;
    assert_eq!((s, err(&e)), (StatusCode::CONFLICT, ("conflict", "petition_id")), "{e}");
    let (s, html) =
        page(&app, &w.chair, &format!("/unions/{}/mediation-cases/new?petition={named}", w.u)).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(html.contains("已转办"), "{html}");

    // The page form: bad input keeps what was typed; a good one opens the case.
    let b = Browser::login(&app, "chair.m", PASSWORD).await;
    let form = |applicants: &'static str, anon: String| {
        vec![
            ("dispute_type", "pay".to_owned()),
            ("applicants", applicants.to_owned()),
            ("respondent", "某某物流有限公司".to_owned()),
            ("common_claim", "1".to_owned()),
            ("facts", "三月份加班费至今未发。".to_owned()),
            ("applied_on", String::new()),
            ("petition_id", anon),
            ("claim_item", "支付加班费".to_owned()),
            ("claim_amount", "3,000.50".to_owned()),
            ("claim_item", String::new()),
            ("claim_amount", String::new()),
        ]
    };
    let many: &'static str = "甲\n乙\n丙\n丁\n戊\n己\n庚\n辛\n壬\n癸（代表）";
    let fields = form(many, anonymous.to_string());
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (s, html, _) = b.post(&app, &format!("/unions/{}/mediation-cases", w.u), &pairs).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("3至5名代表")
            && html.contains("某某物流有限公司")
            && html.contains("癸（代表）")
            && html.contains("3,000.50"),
        "{html}"
    );
    assert_eq!(petition_state(&app, anonymous).await.0, None);
    let fields = form("甲（代表）\n乙", anonymous.to_string());
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (s, _, location) = b.post(&app, &format!("/unions/{}/mediation-cases", w.u), &pairs).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let id = location.unwrap().trim_start_matches("/mediation-cases/").to_owned();
    let (_, c) = app.get(&w.chair, &format!("/api/v1/mediation-cases/{id}")).await;
    assert_eq!(
        (c["claimed_fen"].as_i64(), c["applicants"][0]["representative"].as_bool()),
        (Some(300_050), Some(true)),
        "{c}"
    );
    assert_eq!(c["applicants"][1]["name"], "乙");
    assert_eq!(petition_state(&app, anonymous).await.0.as_deref(), Some("mediation_case"));
    // The case page's step forms keep the minutes typed when refused.
    let (s, html, _) = b
        .post(
            &app,
            &format!("/mediation-cases/{id}/accept"),
            &[("decision", "refuse"), ("reason", ""), ("decided_on", "")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("不予受理须写明理由"), "{html}");
    let (s, _, _) = b.post(&app, &format!("/mediation-cases/{id}/accept"), &[("decision", "accept")]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, html, _) = b
        .post(
            &app,
            &format!("/mediation-cases/{id}/sessions"),
            &[
                ("kind", "mediation"),
                ("held_on", "2001-01-01"),
                ("attendees", "双方"),
                ("minutes", "第一次调解，双方分歧在于加班时长"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("第一次调解，双方分歧在于加班时长") && html.contains("不能早于受理日期"), "{html}");
    app.stop().await;
}

crate::both!(a_petition_turned_into_a_case, from_petition);
