//! Petitions and the chair's mailbox on every database: the API contract
//! (a member files their own, an officer registers others'), who reads one
//! petition (its writer and the union's officers; everyone else 404), the
//! whole work order with a second round and the rates, anonymity that no
//! officer can undo (API, pages, Excel, audit log, the row itself), turning
//! a petition into a proposal, the overdue lists, and the bad input of the
//! issue — each refused with nothing half-written.

use chrono::{Days, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{Browser, PASSWORD, TestApp};

fn err(b: &Value) -> (&str, &str) {
    (b["code"].as_str().unwrap_or(""), b["field"].as_str().unwrap_or(""))
}

fn today() -> chrono::NaiveDate {
    domain::time::today(Utc::now())
}

fn days(n: u64) -> String {
    (today() + Days::new(n)).to_string()
}

fn ago(n: u64) -> String {
    (today() - Days::new(n)).to_string()
}

struct World {
    union: String,
    other: String,
    /// Tokens: the union's chair and officer, the other union's chair, the
    /// federation above both, the administrator.
    chair: String,
    officer: String,
    outsider: String,
    federation: String,
    admin: String,
    chair_id: String,
    officer_id: String,
    outsider_id: String,
    /// Three members of the union with logins linked to them: 王伟 (in a
    /// group), 李娜, 赵敏; and a member of the other union.
    members: Vec<String>,
    tokens: Vec<String>,
    foreign_member: String,
}

async fn world(app: &TestApp, tag: &str) -> World {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let other = app.org(&admin, "union", "乙公司工会", Some(&fed)).await;
    let group = app.org(&admin, "group", "装配车间", Some(&union)).await;
    let chair_id = app.user(&admin, &format!("chair.{tag}"), "chair", Some(&union), Some(&union)).await;
    let officer_id = app.user(&admin, &format!("officer.{tag}"), "officer", Some(&union), Some(&union)).await;
    let outsider_id = app.user(&admin, &format!("chair2.{tag}"), "chair", Some(&other), Some(&other)).await;
    app.user(&admin, &format!("fed.{tag}"), "federation", Some(&fed), Some(&fed)).await;
    let chair = app.token(&format!("chair.{tag}"), PASSWORD).await;
    let officer = app.token(&format!("officer.{tag}"), PASSWORD).await;
    let outsider = app.token(&format!("chair2.{tag}"), PASSWORD).await;
    let federation = app.token(&format!("fed.{tag}"), PASSWORD).await;
    let mut members = Vec::new();
    for (i, name) in ["王伟", "李娜", "赵敏"].iter().enumerate() {
        let g = (i == 0).then_some(group.as_str());
        members.push(crate::activity::member(app, &chair, &union, name, 40 + i as u32, g).await);
    }
    let tokens = crate::activity::logins(app, &union, &members, tag).await;
    let foreign_member = crate::activity::member(app, &outsider, &other, "钱多", 50, None).await;
    World {
        union,
        other,
        chair,
        officer,
        outsider,
        federation,
        admin,
        chair_id,
        officer_id,
        outsider_id,
        members,
        tokens,
        foreign_member,
    }
}

/// Opens (or closes) anonymous letters in the union's settings, as the
/// settings page would save them.
async fn allow_anonymous(app: &TestApp, union: &str, yes: bool) {
    let db = app.db().await;
    let mut tx = db.write().await.unwrap();
    let d = app::rights::settings::RightsSettings::default();
    let row = store::rights::settings::SettingsRow {
        union_id: Uuid::parse_str(union).unwrap(),
        anonymous_allowed: yes,
        petition: serde_json::to_string(&d.petition).unwrap(),
        mediation: serde_json::to_string(&d.mediation).unwrap(),
        contract: serde_json::to_string(&d.contract).unwrap(),
        checklist: serde_json::to_string(&d.checklist).unwrap(),
        set_by: "test".into(),
        set_at: store::now(),
    };
    store::rights::settings::put(&mut tx, domain::UnionId(row.union_id), &row).await.unwrap();
    tx.commit().await.unwrap();
    db.close().await;
}

fn mailbox(subject: &str, anonymous: bool) -> Value {
    json!({"channel": "mailbox", "subject": subject, "body": format!("{subject}，请工会帮助解决。"), "anonymous": anonymous})
}

async fn count(app: &TestApp, w: &World) -> usize {
    let (s, b) = app.get(&w.chair, &format!("/api/v1/unions/{}/petitions", w.union)).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["items"].as_array().unwrap().len()
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    app.post(token, path, body).await
}

/// The contract, and who reads one petition.
async fn contract_and_readers(app: TestApp) {
    let w = world(&app, "pc").await;
    let url = format!("/api/v1/unions/{}/petitions", w.union);
    let wang = &w.tokens[0];
    let li = &w.tokens[1];

    let (s, b) = post(&app, wang, &url, mailbox("食堂饭菜价格偏高", false)).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let keys: Vec<&str> = b.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, vec!["due_date", "id", "status"], "{b}");
    assert_eq!(b["status"], "received");
    // The union's default: 15 days to answer, not counting the day it came.
    assert_eq!(b["due_date"], days(15));
    let id = b["id"].as_str().unwrap().to_owned();
    let one = format!("/api/v1/petitions/{id}");

    // The writer reads it, as the member record linked to their account.
    let (s, mine) = app.get(wang, &one).await;
    assert_eq!(s, StatusCode::OK, "{mine}");
    assert_eq!((mine["mine"].as_bool(), mine["writer"]["kind"].as_str()), (Some(true), Some("known")));
    assert_eq!(mine["writer"]["name"], "王伟");
    assert_eq!(mine["writer"]["department"], "装配车间");
    assert_eq!(mine["writer"]["member_id"], w.members[0].as_str());
    assert_eq!(
        (mine["channel"].as_str(), mine["registered_by"].as_str()),
        (Some("mailbox"), Some("主席信箱"))
    );
    // Officers of the union read it with the writer.
    for officer in [&w.chair, &w.officer] {
        let (s, b) = app.get(officer, &one).await;
        assert_eq!(
            (s, b["writer"]["name"].as_str(), b["mine"].as_bool()),
            (StatusCode::OK, Some("王伟"), Some(false))
        );
    }
    // Everyone else: it does not exist — another member, another union's
    // chair, the federation above, the administrator.
    let (_, missing) = app.get(&w.chair, &format!("/api/v1/petitions/{}", Uuid::now_v7())).await;
    for other in [li, &w.outsider, &w.federation, &w.admin] {
        let (s, b) = app.get(other, &one).await;
        assert_eq!((s, &b), (StatusCode::NOT_FOUND, &missing), "{b}");
    }
    // Nor do they see its page.
    let fed_browser = Browser::login(&app, "fed.pc", PASSWORD).await;
    assert_eq!(fed_browser.get(&app, &format!("/petitions/{id}")).await.0, StatusCode::NOT_FOUND);

    // Own lists: the writer's has it, another member's is empty.
    let (_, l) = app.get(wang, &format!("{url}/mine")).await;
    assert_eq!(l["items"].as_array().unwrap().len(), 1, "{l}");
    let (_, l) = app.get(li, &format!("{url}/mine")).await;
    assert_eq!(l["items"], json!([]));
    // The officers' list is the officers': a member, the federation and the
    // admin may not; another union's chair does not see the union.
    assert_eq!(app.get(li, &url).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&w.federation, &url).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&w.admin, &url).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&w.outsider, &url).await.0, StatusCode::NOT_FOUND);
    assert_eq!(post(&app, &w.outsider, &url, mailbox("x", false)).await.0, StatusCode::NOT_FOUND);
    // The federation sees the rates (numbers only), not the letters.
    let (s, r) = app.get(&w.federation, &format!("{url}/report")).await;
    assert_eq!((s, r["total"].as_u64()), (StatusCode::OK, Some(1)), "{r}");
    assert!(!r.to_string().contains("食堂"), "{r}");

    // A member registers no letters of others; an account without a member
    // record writes under no name; anonymity is off by default.
    let before = count(&app, &w).await;
    let letter = json!({"channel": "letter", "subject": "代写", "body": "代写内容", "writer_name": "张三"});
    let (s, e) = post(&app, li, &url, letter).await;
    assert_eq!((s, err(&e).1), (StatusCode::FORBIDDEN, "channel"), "{e}");
    app.user(&w.admin, "nolink.pc", "member", Some(&w.union), Some(&w.union)).await;
    let nolink = app.token("nolink.pc", PASSWORD).await;
    let (s, e) = post(&app, &nolink, &url, mailbox("无档案", false)).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "writer_member_id")), "{e}");
    let (s, e) = post(&app, li, &url, mailbox("匿名反映", true)).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("policy_refused", "anonymous")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("匿名"), "{e}");
    // A member's own letter names no one else and is not backdated.
    let mut own = mailbox("自己的", false);
    own["received_on"] = json!(ago(10));
    let (s, e) = post(&app, li, &url, own).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "received_on"), "{e}");
    let (s, e) = post(&app, li, &url, json!({"channel": "fax", "subject": "s", "body": "b"})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "channel"), "{e}");
    let (s, e) = post(&app, li, &url, json!({"channel": "mailbox", "subject": " ", "body": "b"})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "subject"), "{e}");
    assert_eq!(count(&app, &w).await, before, "a refused letter left a row");
    app.stop().await;
}
crate::both!(petition_contract_and_who_reads_one, contract_and_readers);

/// The work order from receipt to a second round, the rates, and the
/// refusals of each step.
async fn workflow(app: TestApp) {
    let w = world(&app, "pw").await;
    let url = format!("/api/v1/unions/{}/petitions", w.union);
    let (wang, li) = (&w.tokens[0], &w.tokens[1]);
    let (_, b) = post(&app, wang, &url, mailbox("夜班没有热饭", false)).await;
    let id = b["id"].as_str().unwrap().to_owned();
    let p = format!("/api/v1/petitions/{id}");

    // Dispatch: one leading handler among the union's accounts.
    let h = |user: &str, leading: bool| json!({"user_id": user, "leading": leading});
    let (s, e) = post(&app, &w.chair, &format!("{p}/dispatch"), json!({"handlers": []})).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "handlers")), "{e}");
    let none_lead = json!({"handlers": [h(&w.officer_id, false), h(&w.chair_id, false)]});
    let (s, e) = post(&app, &w.chair, &format!("{p}/dispatch"), none_lead).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "handlers"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("主办"), "{e}");
    let two_leads = json!({"handlers": [h(&w.officer_id, true), h(&w.chair_id, true)]});
    assert_eq!(
        post(&app, &w.chair, &format!("{p}/dispatch"), two_leads).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // Another union's account, or no account at all: 404, naming the field.
    for stranger in [w.outsider_id.clone(), Uuid::now_v7().to_string()] {
        let body = json!({"handlers": [h(&w.officer_id, true), h(&stranger, false)]});
        let (s, e) = post(&app, &w.chair, &format!("{p}/dispatch"), body).await;
        assert_eq!((s, err(&e)), (StatusCode::NOT_FOUND, ("not_found", "handlers")), "{e}");
    }
    let (_, still) = app.get(&w.chair, &p).await;
    assert_eq!(
        (still["status"].as_str(), still["handlers"].as_array().unwrap().len()),
        (Some("received"), 0)
    );
    // Not answered before it is accepted; not by another union or a member.
    assert_eq!(
        post(&app, &w.chair, &format!("{p}/answer"), json!({"answer": "x"})).await.0,
        StatusCode::CONFLICT
    );
    assert_eq!(post(&app, &w.outsider, &format!("{p}/start"), json!({})).await.0, StatusCode::NOT_FOUND);
    assert_eq!(post(&app, li, &format!("{p}/start"), json!({})).await.0, StatusCode::FORBIDDEN);
    let body = json!({"handlers": [h(&w.officer_id, true), h(&w.chair_id, false)]});
    let (s, d) = post(&app, &w.chair, &format!("{p}/dispatch"), body).await;
    assert_eq!((s, d["status"].as_str()), (StatusCode::OK, Some("dispatched")), "{d}");
    let (_, d) = app.get(&w.officer, &p).await;
    let handlers = d["handlers"].as_array().unwrap();
    assert_eq!(handlers.len(), 2);
    assert_eq!(
        (handlers[0]["user_id"].as_str(), handlers[0]["leading"].as_bool()),
        (Some(w.officer_id.as_str()), Some(true))
    );

    // Start, answer (not empty), and the writer's rating.
    let (s, r) = post(&app, &w.officer, &format!("{p}/start"), json!({})).await;
    assert_eq!((s, r["status"].as_str()), (StatusCode::OK, Some("in_progress")), "{r}");
    let (s, e) = post(&app, &w.officer, &format!("{p}/answer"), json!({"answer": "  "})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "answer"), "{e}");
    let (s, r) =
        post(&app, &w.officer, &format!("{p}/answer"), json!({"answer": "已协调食堂，下周起夜班供应热饭。"}))
            .await;
    assert_eq!(
        (s, r["status"].as_str(), r["answered_in_time"].as_bool()),
        (StatusCode::OK, Some("answered"), Some(true)),
        "{r}"
    );
    // Only the writer rates: an officer is refused, another member finds nothing.
    let (s, e) = post(&app, &w.chair, &format!("{p}/rate"), json!({"rating": "satisfied"})).await;
    assert_eq!((s, err(&e).0), (StatusCode::UNPROCESSABLE_ENTITY, "policy_refused"), "{e}");
    assert_eq!(
        post(&app, li, &format!("{p}/rate"), json!({"rating": "satisfied"})).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(post(&app, li, &format!("{p}/rate"), json!({"bogus": 1})).await.0, StatusCode::NOT_FOUND);
    let (s, e) = post(&app, wang, &format!("{p}/rate"), json!({"rating": "great"})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "rating"), "{e}");
    // 不满意: a second round with its own deadline.
    let (s, r) =
        post(&app, wang, &format!("{p}/rate"), json!({"rating": "unsatisfied", "note": "只有周一有"})).await;
    assert_eq!(
        (s, r["status"].as_str(), r["round"].as_i64(), r["due_date"].as_str()),
        (StatusCode::OK, Some("in_progress"), Some(2), Some(days(15).as_str())),
        "{r}"
    );
    post(&app, &w.officer, &format!("{p}/answer"), json!({"answer": "每天供应，已检查落实。"})).await;
    let (s, r) = post(&app, wang, &format!("{p}/rate"), json!({"rating": "satisfied"})).await;
    assert_eq!(
        (s, r["status"].as_str(), r["rating"].as_str()),
        (StatusCode::OK, Some("closed"), Some("satisfied")),
        "{r}"
    );
    // Closing or rating twice: 409.
    let (s, e) = post(&app, &w.chair, &format!("{p}/close"), json!({})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "already_closed"), "{e}");
    assert_eq!(
        post(&app, wang, &format!("{p}/rate"), json!({"rating": "basically"})).await.0,
        StatusCode::CONFLICT
    );
    // The log keeps both answers and the writer's steps as 来信人.
    let (_, d) = app.get(wang, &p).await;
    let log: Vec<(String, String)> = d["log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["action"].as_str().unwrap().to_owned(), l["actor"].as_str().unwrap().to_owned()))
        .collect();
    let actions: Vec<&str> = log.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(actions, ["file", "dispatch", "start", "answer", "rate", "answer", "rate"], "{d}");
    assert!(log.iter().filter(|(a, _)| a == "rate" || a == "file").all(|(_, actor)| actor == "来信人"));
    assert!(d["log"].to_string().contains("已协调食堂"), "the first answer is kept in the log");

    // A second letter, answered and closed without a rating; a third,
    // refused with a reason (which it needs).
    let (_, b2) = post(&app, li, &url, mailbox("更衣柜不够", false)).await;
    let p2 = format!("/api/v1/petitions/{}", b2["id"].as_str().unwrap());
    post(&app, &w.chair, &format!("{p2}/dispatch"), json!({"handlers": [h(&w.officer_id, true)]})).await;
    post(&app, &w.officer, &format!("{p2}/start"), json!({})).await;
    post(&app, &w.officer, &format!("{p2}/answer"), json!({"answer": "已增加二十个更衣柜。"})).await;
    let (s, r) = post(&app, &w.chair, &format!("{p2}/close"), json!({})).await;
    assert_eq!(
        (s, r["status"].as_str(), r["rating"].as_str()),
        (StatusCode::OK, Some("closed"), None),
        "{r}"
    );
    let (_, b3) = post(&app, li, &url, mailbox("调整个人工资", false)).await;
    let p3 = format!("/api/v1/petitions/{}", b3["id"].as_str().unwrap());
    let (s, e) = post(&app, &w.chair, &format!("{p3}/reject"), json!({"reason": ""})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "reason"), "{e}");
    let (s, r) = post(
        &app,
        &w.chair,
        &format!("{p3}/reject"),
        json!({"reason": "属于个人劳动合同事项，请向人事部门反映"}),
    )
    .await;
    assert_eq!((s, r["status"].as_str()), (StatusCode::OK, Some("rejected")), "{r}");
    assert_eq!(post(&app, &w.chair, &format!("{p3}/close"), json!({})).await.0, StatusCode::CONFLICT);
    let (_, mine) = app.get(li, &format!("{url}/mine")).await;
    assert!(mine.to_string().contains("请向人事部门反映"), "the writer reads the reason: {mine}");

    // The rates: 3 letters, 1 refused; both accepted closed; both answered
    // in time; one rated, 满意.
    let (s, r) = app.get(&w.chair, &format!("{url}/report")).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(
        (r["total"].as_u64(), r["accepted"].as_u64(), r["rejected"].as_u64()),
        (Some(3), Some(2), Some(1))
    );
    assert_eq!(r["answered_on_time"]["rate"], "100.00%");
    assert_eq!(r["resolved"]["rate"], "100.00%");
    assert_eq!(
        (r["satisfaction"]["numerator"].as_u64(), r["satisfaction"]["denominator"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(r["satisfaction"]["rate"], "100.00%");
    let (_, r) = app.get(&w.chair, &format!("{url}/report?year=2001")).await;
    assert_eq!((r["total"].as_u64(), r["satisfaction"]["rate"].as_str()), (Some(0), Some("—")));
    let (s, e) = app.get(&w.chair, &format!("{url}/report?year=1900")).await;
    assert_eq!((s, err(&e).1), (StatusCode::BAD_REQUEST, "year"), "{e}");
    // Filters.
    let (_, l) = app.get(&w.chair, &format!("{url}?status=closed")).await;
    assert_eq!(l["items"].as_array().unwrap().len(), 2);
    let (s, e) = app.get(&w.chair, &format!("{url}?status=lost")).await;
    assert_eq!((s, err(&e).1), (StatusCode::BAD_REQUEST, "status"), "{e}");
    let (s, page) = Browser::login(&app, "chair.pw", PASSWORD)
        .await
        .get(&app, &format!("/unions/{}/petitions/report", w.union))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("id=\"rate-satisfaction\">100.00%"), "{page}");
    app.stop().await;
}
crate::both!(petition_work_order_rounds_and_rates, workflow);

/// Letters registered by officers: deadlines, overdue lists, the due date
/// by hand, bodies naming another union's member, turning into a proposal.
async fn registered(app: TestApp) {
    let w = world(&app, "pr").await;
    let url = format!("/api/v1/unions/{}/petitions", w.union);
    let letter = |received: &str| {
        json!({"channel": "visit", "subject": "加班费计算", "body": "来访反映加班费少算", "writer_name": "孙强",
               "writer_contact": "13800000000", "received_on": received})
    };
    let before = count(&app, &w).await;
    // A deadline before the letter came, a letter from the future, another
    // union's member as the writer: refused, nothing written.
    let mut bad = letter(&ago(5));
    bad["due_date"] = json!(ago(6));
    let (s, e) = post(&app, &w.officer, &url, bad).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("invalid_date", "due_date")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("不能早于收件日期"), "{e}");
    let (s, e) = post(&app, &w.officer, &url, letter(&days(2))).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "received_on"), "{e}");
    let mut foreign = letter(&ago(1));
    foreign["writer_member_id"] = json!(w.foreign_member);
    let (s, e) = post(&app, &w.officer, &url, foreign).await;
    assert_eq!((s, err(&e)), (StatusCode::NOT_FOUND, ("not_found", "writer_member_id")), "{e}");
    let (s, e) = post(&app, &w.officer, &url, json!({"channel": "phone", "subject": "s", "body": "b"})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "writer_name"), "{e}");
    assert_eq!(count(&app, &w).await, before);

    // Received 30 days ago: answer overdue. 5 days ago: not yet dispatched
    // after 3 days. Today: in time.
    let (s, old) = post(&app, &w.officer, &url, letter(&ago(30))).await;
    assert_eq!((s, old["due_date"].as_str()), (StatusCode::CREATED, Some(ago(15).as_str())), "{old}");
    let (_, mid) = post(&app, &w.officer, &url, letter(&ago(5))).await;
    let mut named = letter(&ago(0));
    named["writer_member_id"] = json!(w.members[1]);
    named["writer_name"] = json!("");
    let (s, fresh) = post(&app, &w.officer, &url, named).await;
    assert_eq!(s, StatusCode::CREATED, "{fresh}");
    let (_, f) = app.get(&w.chair, &format!("/api/v1/petitions/{}", fresh["id"].as_str().unwrap())).await;
    assert_eq!(
        (f["writer"]["name"].as_str(), f["registered_by"].as_str()),
        (Some("李娜"), Some("officer.pr")),
        "{f}"
    );
    let (_, l) = app.get(&w.chair, &format!("{url}?overdue=true")).await;
    let overdue: Vec<(&str, &str)> = l["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_str().unwrap(), i["overdue"].as_str().unwrap()))
        .collect();
    assert_eq!(
        overdue,
        vec![(mid["id"].as_str().unwrap(), "dispatch"), (old["id"].as_str().unwrap(), "answer")],
        "{l}"
    );
    let (_, r) = app.get(&w.chair, &format!("{url}/report")).await;
    assert_eq!((r["overdue_dispatch"].as_u64(), r["overdue_answer"].as_u64()), (Some(1), Some(1)), "{r}");
    // An overdue petition with no answer counts against 按期答复率.
    assert_eq!(r["answered_on_time"]["rate"], "0.00%", "{r}");

    // The due date by hand: not before receipt; then the answer is no
    // longer overdue (its acceptance still is: nobody dispatched it).
    let po = format!("/api/v1/petitions/{}", old["id"].as_str().unwrap());
    let (s, e) = post(&app, &w.chair, &format!("{po}/due-date"), json!({"due_date": ago(31)})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "due_date"), "{e}");
    let (s, r) = post(&app, &w.chair, &format!("{po}/due-date"), json!({"due_date": days(3)})).await;
    assert_eq!(
        (s, r["due_date"].as_str(), r["overdue"].as_str()),
        (StatusCode::OK, Some(days(3).as_str()), Some("dispatch")),
        "{r}"
    );

    // Turned into a proposal, keeping its history; once only.
    let (s, t) =
        post(&app, &w.chair, &format!("{po}/to-proposal"), json!({"suggestion": "按国家规定核算加班费"}))
            .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    let proposal = t["proposal_id"].as_str().unwrap();
    assert_eq!(t["petition"]["turned_into"], json!({"kind": "proposal", "id": proposal}));
    let (s, pr) = app.get(&w.chair, &format!("/api/v1/unions/{}/proposals/{proposal}", w.union)).await;
    assert_eq!(
        (s, pr["status"].as_str(), pr["title"].as_str()),
        (StatusCode::OK, Some("submitted"), Some("加班费计算")),
        "{pr}"
    );
    assert!(
        pr["reason"].as_str().unwrap().contains("来信来访第")
            && pr["reason"].as_str().unwrap().contains("来访反映加班费少算"),
        "{pr}"
    );
    let (s, e) = post(&app, &w.chair, &format!("{po}/to-proposal"), json!({})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "conflict"), "{e}");
    let (_, d) = app.get(&w.chair, &po).await;
    assert!(d["log"].as_array().unwrap().iter().any(|l| l["action"] == "to_proposal"), "{d}");
    assert_eq!(d["status"], "received", "turning keeps the petition's own work order");
    // Another union's chair reaches none of it.
    assert_eq!(
        post(&app, &w.outsider, &format!("{po}/to-proposal"), json!({})).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.api(
            Some(&w.outsider),
            Method::GET,
            &format!("/api/v1/unions/{}/petitions/report", w.union),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (s, _) = app.get(&w.chair, &format!("/api/v1/unions/{}/petitions", w.other)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    app.stop().await;
}
crate::both!(petition_registration_deadlines_overdue_and_proposal, registered);

/// An anonymous writer stays anonymous: no officer reaches them through the
/// API, the pages, the Excel ledger, the audit log or the row itself; the
/// writer still follows and rates their letter.
async fn anonymity(app: TestApp) {
    let w = world(&app, "pa").await;
    allow_anonymous(&app, &w.union, true).await;
    let url = format!("/api/v1/unions/{}/petitions", w.union);
    let zhao = &w.tokens[2];
    let (s, b) = post(&app, zhao, &url, mailbox("班组长辱骂职工", true)).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let id = b["id"].as_str().unwrap().to_owned();
    let p = format!("/api/v1/petitions/{id}");
    // What would name her: her member record, her account, its name.
    let (_, me) = app.get(zhao, "/api/v1/me").await;
    let user_id = me["id"].as_str().unwrap().to_owned();
    let secrets = [w.members[2].as_str(), user_id.as_str(), "赵敏", "m2.pa", "会员2"];
    let reveals = |text: &str| secrets.iter().find(|s| text.contains(**s)).map(|s| s.to_string());

    // The officers' view: the writer is {"kind":"anonymous"} and nothing else.
    let (s, d) = app.get(&w.chair, &p).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(d["writer"], json!({"kind": "anonymous"}), "{d}");
    assert_eq!((d["anonymous"].as_bool(), d["registered_by"].as_str()), (Some(true), Some("主席信箱")));
    assert!(d["log"].as_array().unwrap().iter().all(|l| l["actor"] == "来信人"), "{d}");
    assert_eq!(reveals(&d.to_string()), None, "{d}");
    let (_, l) = app.get(&w.chair, &url).await;
    assert_eq!(reveals(&l.to_string()), None, "{l}");
    // The pages and the ledger show 匿名.
    let chair = Browser::login(&app, "chair.pa", PASSWORD).await;
    for page in [
        format!("/petitions/{id}"),
        format!("/unions/{}/petitions", w.union),
        format!("/unions/{}/petitions/print", w.union),
    ] {
        let (s, html) = chair.get(&app, &page).await;
        assert_eq!(s, StatusCode::OK, "{page}");
        // The list's register form offers every member as a writer to pick:
        // what must not name her is the list of letters itself.
        let html = match html.split_once("<table id=\"petitions\"") {
            Some((_, rest)) => rest.split_once("</table>").unwrap().0.to_owned(),
            None => html,
        };
        assert!(html.contains("匿名"), "{page}");
        assert_eq!(reveals(&html), None, "{page}");
    }
    let r = chair.client.get(app.url(&format!("/unions/{}/petitions.xlsx", w.union))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let xlsx = r.bytes().await.unwrap().to_vec();
    let cells = sheet::read_table("l.xlsx", &xlsx, &sheet::Limits::default()).expect("the ledger reads back");
    let text = format!("{:?}", cells.rows);
    assert!(text.contains("匿名") && text.contains("班组长辱骂职工"), "{text}");
    assert_eq!(reveals(&text), None, "{text}");
    // The row itself keeps no writer.
    let db = app.db().await;
    let mut tx = db.read().await.unwrap();
    let union_id = domain::UnionId(Uuid::parse_str(&w.union).unwrap());
    let row = store::rights::petition::get(&mut tx, union_id, Uuid::parse_str(&id).unwrap())
        .await
        .unwrap()
        .unwrap();
    drop(tx);
    db.close().await;
    assert_eq!(
        (
            &row.writer_name,
            &row.writer_contact,
            &row.writer_department,
            row.writer_member_id,
            row.writer_user_id
        ),
        (&None, &None, &None, None, None)
    );

    // The writer follows it: their own list and the petition, as theirs.
    let (_, mine) = app.get(zhao, &format!("{url}/mine")).await;
    assert_eq!(mine["items"][0]["id"], id.as_str(), "{mine}");
    let (s, own) = app.get(zhao, &p).await;
    assert_eq!((s, own["mine"].as_bool()), (StatusCode::OK, Some(true)), "{own}");
    // Another member does not.
    assert_eq!(app.get(&w.tokens[0], &p).await.0, StatusCode::NOT_FOUND);
    let (_, other) = app.get(&w.tokens[0], &format!("{url}/mine")).await;
    assert_eq!(other["items"], json!([]));

    // Handled and rated: the rating is the writer's, logged as 来信人.
    post(
        &app,
        &w.chair,
        &format!("{p}/dispatch"),
        json!({"handlers": [{"user_id": w.officer_id, "leading": true}]}),
    )
    .await;
    post(&app, &w.officer, &format!("{p}/start"), json!({})).await;
    post(&app, &w.officer, &format!("{p}/answer"), json!({"answer": "已约谈该班组长并在班组会上道歉。"}))
        .await;
    let (s, r) = post(&app, zhao, &format!("{p}/rate"), json!({"rating": "basically"})).await;
    assert_eq!((s, r["status"].as_str()), (StatusCode::OK, Some("closed")), "{r}");
    let (_, d) = app.get(&w.officer, &p).await;
    assert_eq!(reveals(&d.to_string()), None, "{d}");
    assert_eq!(d["writer"], json!({"kind": "anonymous"}));

    // The audit log records the mailbox, never the writer: no account id,
    // no name, no address on the petition's entries — nor anywhere else.
    let (_, log) = app.get(&w.admin, "/api/v1/audit?page_size=500").await;
    let entries: Vec<&Value> =
        log["items"].as_array().unwrap().iter().filter(|e| e["target"] == format!("petition:{id}")).collect();
    let mut writer_steps: Vec<(&str, &str, &str)> = entries
        .iter()
        .filter(|e| e["action"] == "petition.file" || e["action"] == "petition.rate")
        .map(|e| (e["action"].as_str().unwrap(), e["actor"].as_str().unwrap(), e["ip"].as_str().unwrap()))
        .collect();
    writer_steps.sort();
    assert_eq!(writer_steps, vec![("petition.file", "匿名来信人", ""), ("petition.rate", "匿名来信人", "")]);
    for e in &entries {
        assert_eq!(reveals(&e.to_string()), None, "{e}");
    }
    // Her account did nothing the log shows (the roster's own entries name
    // her as a member, which is no secret).
    assert!(log["items"].as_array().unwrap().iter().all(|e| e["actor"] != "m2.pa"), "{log}");
    let admin = Browser::login(&app, "admin", crate::common::ADMIN_PASSWORD).await;
    let (_, page) = admin.get(&app, "/audit").await;
    assert!(page.contains("匿名来信人"), "{page}");
    assert!(!page.contains("m2.pa"), "{page}");

    // Closed again: the union can no longer be written to anonymously.
    allow_anonymous(&app, &w.union, false).await;
    let (s, e) = post(&app, zhao, &url, mailbox("再反映", true)).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "anonymous"), "{e}");
    app.stop().await;
}
crate::both!(petition_anonymous_writer_cannot_be_revealed, anonymity);

/// The mailbox page: the write form keeps what was typed, the anonymous box
/// only where allowed, the member's own letters with the rating form.
async fn pages(app: TestApp) {
    let w = world(&app, "pg").await;
    let admin = &w.admin;
    // A password login for 王伟, linked to her record through the API's
    // token world: the page is reached by cookies.
    let user = app.user(admin, "wangwei.pg", "member", Some(&w.union), Some(&w.union)).await;
    let db = app.db().await;
    let mut tx = db.write().await.unwrap();
    let union_id = domain::UnionId(Uuid::parse_str(&w.union).unwrap());
    // Moves the record's link from the token login to this one.
    store::auth::link_user(
        &mut tx,
        Uuid::parse_str(&user).unwrap(),
        union_id,
        Uuid::parse_str(&w.members[0]).unwrap(),
        "test",
        true,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    db.close().await;
    let b = Browser::login(&app, "wangwei.pg", PASSWORD).await;
    let box_url = format!("/unions/{}/mailbox", w.union);
    let (s, html) = b.get(&app, &box_url).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("id=\"mailbox-form\"") && html.contains("您还没有来信"), "{html}");
    assert!(!html.contains("name=\"anonymous\""), "anonymity is off: no box");
    // A refused letter keeps what was typed and names the field.
    let (s, html, _) = b.post(&app, &box_url, &[("subject", "宿舍热水"), ("body", " ")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("value=\"宿舍热水\"") && html.contains("来信内容不能为空"), "{html}");
    let (s, _, to) = b.post(&app, &box_url, &[("subject", "宿舍热水"), ("body", "晚上十点后没有热水")]).await;
    assert_eq!((s, to.as_deref()), (StatusCode::SEE_OTHER, Some(box_url.as_str())));
    let (_, html) = b.get(&app, &box_url).await;
    assert!(html.contains("来信已收到") && html.contains("宿舍热水") && html.contains("待受理"), "{html}");
    allow_anonymous(&app, &w.union, true).await;
    let (_, html) = b.get(&app, &box_url).await;
    assert!(html.contains("name=\"anonymous\""), "anonymity is on: the box is there");

    // The officer answers through the pages; the member rates on hers.
    let (_, l) = app.get(&w.chair, &format!("/api/v1/unions/{}/petitions", w.union)).await;
    let id = l["items"][0]["id"].as_str().unwrap().to_owned();
    let officer = Browser::login(&app, "officer.pg", PASSWORD).await;
    let (s, html) = officer.get(&app, &format!("/petitions/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("id=\"dispatch-form\"") && html.contains("转为调解案件"), "{html}");
    assert!(html.contains(&format!("/unions/{}/mediation-cases/new?petition={id}", w.union)));
    let lead = w.officer_id.as_str();
    let (s, _, _) =
        officer.post(&app, &format!("/petitions/{id}/dispatch"), &[("handler", lead), ("lead", lead)]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    officer.post(&app, &format!("/petitions/{id}/start"), &[]).await;
    officer
        .post(&app, &format!("/petitions/{id}/answer"), &[("answer", "已调整锅炉时间，热水供应到零点。")])
        .await;
    let (_, html) = b.get(&app, &box_url).await;
    assert!(html.contains("已调整锅炉时间") && html.contains("rate-satisfied"), "{html}");
    let (s, _, to) = b.post(&app, &format!("/petitions/{id}/rate"), &[("rating", "satisfied")]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert!(to.unwrap().starts_with(&box_url));
    let (_, html) = b.get(&app, &box_url).await;
    assert!(html.contains("您的评价：<strong>满意</strong>"), "{html}");
    // The register form keeps what was typed on a refusal.
    let form = [
        ("channel", "letter"),
        ("writer_name", "孙强"),
        ("subject", "工伤认定"),
        ("body", "x"),
        ("received_on", "2099-01-01"),
    ];
    let (s, html, _) = officer.post(&app, &format!("/unions/{}/petitions", w.union), &form).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("value=\"孙强\"")
            && html.contains("value=\"工伤认定\"")
            && html.contains("不能晚于今天"),
        "{html}"
    );
    app.stop().await;
}
crate::both!(petition_mailbox_and_officer_pages, pages);
