//! Recognition (issue 18): Suggestions (合理化建议): submit, assess,
//! implement, accept, reward — end to end on every database: the API
//! contract, who reads one suggestion, the whole workflow into the books
//! (a welfare payment under the spending rules and its voucher), the bad
//! input of the issue refused in Chinese with nothing half-written, merge,
//! turning one into a congress proposal, and the yearly statistics.

use chrono::Datelike;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{Browser, PASSWORD, TestApp};

/// The route × role test's fixture: a suggestion of `union` registered for
/// a new member of it; its id. The API's submit route is the members'
/// (`RecognitionJoin`, which the administrator lacks): the admin registers
/// it through the service, as an officer of the union would.
pub async fn fixture(app: &TestApp, admin: &str, union: &str) -> String {
    // ID numbers the route × role world's own members (counted from 1) do
    // not reach.
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(985);
    let seq = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let member = crate::activity::member(app, admin, union, "孙建", seq, None).await;
    let (_, me) = app.get(admin, "/api/v1/me").await;
    let p = app::auth::Principal {
        user_id: uuid::Uuid::parse_str(me["id"].as_str().unwrap()).unwrap(),
        username: "admin".into(),
        display_name: "系统管理员".into(),
        grants: vec![(domain::auth::Role::Admin, None)],
        ip: "127.0.0.1".into(),
        session: None,
    };
    let db = app.db().await;
    let state = app::AppState::new(
        db.clone(),
        Default::default(),
        std::sync::Arc::new(app::crypto::Keys::from_secret(&[1; 32])),
    );
    let s = app::recognition::suggestion::submit::Submission {
        category: "safety".into(),
        title: "叉车加装倒车雷达".into(),
        proposal: "仓库叉车加装倒车雷达和警示灯".into(),
        member_id: Some(uuid::Uuid::parse_str(&member).unwrap()),
        ..Default::default()
    };
    let row =
        app::recognition::suggestion::submit::submit(&state, &p, uuid::Uuid::parse_str(union).unwrap(), s)
            .await
            .unwrap();
    db.close().await;
    row.id.to_string()
}

fn err(b: &Value) -> (&str, &str) {
    (b["code"].as_str().unwrap_or(""), b["field"].as_str().unwrap_or(""))
}

struct World {
    union: String,
    other: String,
    chair: String,
    officer: String,
    auditor: String,
    outsider: String,
    chair_id: String,
    /// 王伟, 李娜, 赵敏 with logins linked to them; a member of the other union.
    members: Vec<String>,
    tokens: Vec<String>,
    foreign_member: String,
}

async fn world(app: &TestApp, tag: &str) -> World {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let other = app.org(&admin, "union", "乙公司工会", Some(&fed)).await;
    let chair_id = app.user(&admin, &format!("chair.{tag}"), "chair", Some(&union), Some(&union)).await;
    app.user(&admin, &format!("officer.{tag}"), "officer", Some(&union), Some(&union)).await;
    app.user(&admin, &format!("auditor.{tag}"), "auditor", Some(&union), Some(&union)).await;
    app.user(&admin, &format!("chair2.{tag}"), "chair", Some(&other), Some(&other)).await;
    let chair = app.token(&format!("chair.{tag}"), PASSWORD).await;
    let officer = app.token(&format!("officer.{tag}"), PASSWORD).await;
    let auditor = app.token(&format!("auditor.{tag}"), PASSWORD).await;
    let outsider = app.token(&format!("chair2.{tag}"), PASSWORD).await;
    let mut members = Vec::new();
    for (i, name) in ["王伟", "李娜", "赵敏"].iter().enumerate() {
        members.push(crate::activity::member(app, &chair, &union, name, 40 + i as u32, None).await);
    }
    let tokens = crate::activity::logins(app, &union, &members, tag).await;
    let foreign_member = crate::activity::member(app, &outsider, &other, "钱多", 50, None).await;
    World { union, other, chair, officer, auditor, outsider, chair_id, members, tokens, foreign_member }
}

fn idea(title: &str) -> Value {
    json!({"category": "energy_saving", "title": title, "current_state": "车间照明长明",
           "proposal": "更换为感应式LED灯", "expected_benefit": "每年节电约3万度"})
}

async fn submit(app: &TestApp, token: &str, union: &str, title: &str) -> String {
    let (s, b) = app.post(token, &format!("/api/v1/unions/{union}/suggestions"), idea(title)).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

async fn step(app: &TestApp, token: &str, id: &str, what: &str, body: Value) -> (StatusCode, Value) {
    app.post(token, &format!("/api/v1/suggestions/{id}/{what}"), body).await
}

/// Adopted, implemented and accepted with `value` fen a year.
async fn accepted(app: &TestApp, w: &World, id: &str, value: i64) {
    let (s, b) = step(app, &w.officer, id, "assess", json!({"decision": "adopt"})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let by = (chrono::Utc::now().date_naive() + chrono::Days::new(30)).to_string();
    let (s, b) =
        step(app, &w.officer, id, "implement", json!({"implementer": "设备部", "implement_by": by})).await;
    assert_eq!((s, b["status"].as_str()), (StatusCode::OK, Some("implementing")), "{b}");
    let (s, b) =
        step(app, &w.officer, id, "accept", json!({"value_fen_per_year": value, "note": "已验收"})).await;
    assert_eq!((s, b["status"].as_str()), (StatusCode::OK, Some("accepted")), "{b}");
}

async fn welfare(app: &TestApp, w: &World) -> Vec<Value> {
    let (s, b) = app.get(&w.chair, &format!("/api/v1/unions/{}/welfare", w.union)).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b.as_array().unwrap().clone()
}

async fn vouchers(app: &TestApp, w: &World) -> usize {
    let (s, b) = app.get(&w.chair, &format!("/api/v1/unions/{}/vouchers", w.union)).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["total"].as_u64().unwrap_or(0) as usize
}

/// The contract, who submits, and who reads one suggestion.
async fn contract_and_readers(app: TestApp) {
    let w = world(&app, "sc").await;
    let url = format!("/api/v1/unions/{}/suggestions", w.union);
    let wang = &w.tokens[0];

    let (s, b) = app.post(wang, &url, idea("车间照明改感应灯")).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert_eq!(b["status"], "submitted");
    assert_eq!(b["number"], 1);
    let id = b["id"].as_str().unwrap().to_owned();
    let one = format!("/api/v1/suggestions/{id}");

    // The submitter, the officers and the auditor read it; another member,
    // another union's chair: 404, as for a missing id.
    let (s, b) = app.get(wang, &one).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!((b["mine"].as_bool(), b["member_id"].as_str()), (Some(true), Some(w.members[0].as_str())));
    assert_eq!(b["category_label"], "节能降耗");
    assert_eq!(b["log"][0]["action"], "submit");
    for t in [&w.chair, &w.officer, &w.auditor] {
        let (s, b) = app.get(t, &one).await;
        assert_eq!((s, b["mine"].as_bool()), (StatusCode::OK, Some(false)), "{b}");
    }
    for t in [&w.tokens[1], &w.outsider] {
        assert_eq!(app.get(t, &one).await.0, StatusCode::NOT_FOUND);
    }
    // The auditor reads but does not assess.
    let (s, _) = step(&app, &w.auditor, &id, "assess", json!({"decision": "adopt"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // A chair with no member record of this union cannot submit as
    // themselves; an officer registers one for a member of this union only.
    let (s, b) = app.post(&w.chair, &url, idea("食堂加开夜宵")).await;
    assert_eq!((s, err(&b)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "member_id")), "{b}");
    assert!(b["message"].as_str().unwrap().contains("会员档案"), "{b}");
    let mut body = idea("食堂加开夜宵");
    body["member_id"] = w.foreign_member.clone().into();
    let (s, b) = app.post(&w.officer, &url, body.clone()).await;
    assert_eq!((s, err(&b)), (StatusCode::NOT_FOUND, ("not_found", "member_id")), "{b}");
    // A member may not register for someone else.
    body["member_id"] = w.members[2].clone().into();
    let (s, b) = app.post(&w.tokens[1], &url, body.clone()).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    body["team"] = "李娜、赵敏".into();
    let (s, b) = app.post(&w.officer, &url, body).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let registered = b["id"].as_str().unwrap().to_owned();
    // 赵敏 sees it as her own.
    let (s, b) = app.get(&w.tokens[2], &format!("/api/v1/suggestions/{registered}")).await;
    assert_eq!((s, b["team"].as_str()), (StatusCode::OK, Some("李娜、赵敏")), "{b}");

    // Validation names the field, nothing is written.
    let (s, b) = app.post(wang, &url, json!({"category": "发明", "title": "x", "proposal": "y"})).await;
    assert_eq!((s, err(&b).1), (StatusCode::UNPROCESSABLE_ENTITY, "category"), "{b}");
    let (s, b) = app.post(wang, &url, json!({"category": "safety", "title": "x", "proposal": " "})).await;
    assert_eq!((s, err(&b).1), (StatusCode::UNPROCESSABLE_ENTITY, "proposal"), "{b}");

    // Lists: the union's with filters, the member's own.
    let (s, b) = app.get(&w.officer, &url).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["items"].as_array().unwrap().len(), 2);
    assert_eq!(b["items"][0]["member_name"], "赵敏");
    let year = chrono::Utc::now().year();
    let (_, b) =
        app.get(&w.officer, &format!("{url}?status=submitted&category=energy_saving&year={year}")).await;
    assert_eq!(b["items"].as_array().unwrap().len(), 2, "{b}");
    let (_, b) = app.get(&w.officer, &format!("{url}?category=safety")).await;
    assert_eq!(b["items"].as_array().unwrap().len(), 0, "{b}");
    let (s, b) = app.get(&w.officer, &format!("{url}?status=nonsense")).await;
    assert_eq!((s, err(&b).1), (StatusCode::BAD_REQUEST, "status"), "{b}");
    let (s, b) = app.get(wang, &format!("{url}/mine")).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!((b["linked"].as_bool(), b["items"].as_array().unwrap().len()), (Some(true), 1), "{b}");
    let (_, b) = app.get(&w.chair, &format!("{url}/mine")).await;
    assert_eq!((b["linked"].as_bool(), b["items"].as_array().unwrap().len()), (Some(false), 0), "{b}");
    // Another union's suggestion is none of this union's officers' business.
    let foreign = submit_for(&app, &w.outsider, &w.other, &w.foreign_member).await;
    assert_eq!(app.get(&w.chair, &format!("/api/v1/suggestions/{foreign}")).await.0, StatusCode::NOT_FOUND);
    let (s, _) = step(&app, &w.officer, &foreign, "assess", json!({"decision": "adopt"})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    app.stop().await;
}
crate::both!(suggestion_contract_and_who_reads_one, contract_and_readers);

async fn submit_for(app: &TestApp, token: &str, union: &str, member: &str) -> String {
    let mut body = idea("外单位建议");
    body["member_id"] = member.into();
    let (s, b) = app.post(token, &format!("/api/v1/unions/{union}/suggestions"), body).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

/// From submission to reward, into the books; every bad input refused with
/// nothing written.
async fn workflow(app: TestApp) {
    let w = world(&app, "sw").await;
    app.fund(&w.officer, &w.chair, &w.union).await;
    let wang = &w.tokens[0];
    let id = submit(&app, wang, &w.union, "空压机余热回收").await;

    // Rejection and revision need a reason; a reward before acceptance is a
    // conflict.
    for d in ["reject", "revise"] {
        let (s, b) = step(&app, &w.officer, &id, "assess", json!({"decision": d, "reason": " "})).await;
        assert_eq!((s, err(&b)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "reason")), "{b}");
        assert!(b["message"].as_str().unwrap().contains("理由"), "{b}");
    }
    let (s, b) = step(&app, &w.officer, &id, "reward", json!({"amount_fen": 10_000})).await;
    assert_eq!((s, err(&b).0), (StatusCode::CONFLICT, "invalid_transition"), "{b}");
    assert!(b["message"].as_str().unwrap().contains("只有已验收的建议才能奖励"), "{b}");

    // 需完善, then the submitter resubmits.
    let (s, b) =
        step(&app, &w.officer, &id, "assess", json!({"decision": "revise", "reason": "请补充节能测算"}))
            .await;
    assert_eq!((s, b["status"].as_str()), (StatusCode::OK, Some("needs_revision")), "{b}");
    let (s, _) = step(&app, &w.tokens[1], &id, "resubmit", json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, b) = step(&app, wang, &id, "resubmit", json!({"expected_benefit": "年节电4.2万度"})).await;
    assert_eq!((s, b["status"].as_str()), (StatusCode::OK, Some("submitted")), "{b}");
    assert_eq!(b["expected_benefit"], "年节电4.2万度");

    let (s, b) = step(&app, &w.officer, &id, "assess", json!({"decision": "adopt"})).await;
    assert_eq!((s, b["status"].as_str()), (StatusCode::OK, Some("adopted")), "{b}");
    let (s, b) = step(&app, &w.officer, &id, "implement", json!({"implementer": "动力车间"})).await;
    assert_eq!((s, b["status"].as_str()), (StatusCode::OK, Some("implementing")), "{b}");
    let (s, b) = step(&app, &w.officer, &id, "accept", json!({"value_fen_per_year": -1})).await;
    assert_eq!(
        (s, err(&b)),
        (StatusCode::UNPROCESSABLE_ENTITY, ("invalid_money", "value_fen_per_year")),
        "{b}"
    );
    let (s, b) = step(&app, &w.officer, &id, "accept", json!({"value_fen_per_year": 3_600_000})).await;
    assert_eq!((s, b["status"].as_str()), (StatusCode::OK, Some("accepted")), "{b}");
    assert_eq!(b["value_fen_per_year"], 3_600_000);

    // Over the cap (the union's own policy has no 合理化建议奖励: the
    // contest-prize item, ≤ 500 元): refused naming amount_fen, nothing written.
    let (welfare_before, vouchers_before) = (welfare(&app, &w).await.len(), vouchers(&app, &w).await);
    let (s, b) =
        step(&app, &w.officer, &id, "reward", json!({"amount_fen": 60_000, "approver_id": w.chair_id})).await;
    assert_eq!((s, err(&b)), (StatusCode::UNPROCESSABLE_ENTITY, ("policy_refused", "amount_fen")), "{b}");
    assert!(b["message"].as_str().unwrap().contains("500"), "{b}");
    let (s, b) = step(&app, &w.officer, &id, "reward", json!({"amount_fen": 0})).await;
    assert_eq!((s, err(&b).1), (StatusCode::UNPROCESSABLE_ENTITY, "amount_fen"), "{b}");
    assert_eq!((welfare(&app, &w).await.len(), vouchers(&app, &w).await), (welfare_before, vouchers_before));
    let (_, b) = app.get(wang, &format!("/api/v1/suggestions/{id}")).await;
    assert_eq!(b["status"], "accepted");

    // Approved by the chair: a welfare payment and its posted voucher.
    let (s, b) =
        step(&app, &w.officer, &id, "reward", json!({"amount_fen": 50_000, "approver_id": w.chair_id})).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert_eq!(b["suggestion"]["status"], "rewarded");
    assert_eq!(b["item"], "contest_prize");
    assert_eq!(
        (b["voucher"]["status"].as_str(), b["voucher"]["total_fen"].as_i64()),
        (Some("posted"), Some(50_000))
    );
    let voucher = b["voucher"]["id"].as_str().unwrap().to_owned();
    let (s, v) = app.get(&w.chair, &format!("/api/v1/unions/{}/vouchers/{voucher}", w.union)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!((v["kind"].as_str(), v["total_fen"].as_i64()), (Some("welfare"), Some(50_000)), "{v}");
    assert!(v["summary"].as_str().unwrap().contains("合理化建议奖励"), "{v}");
    let paid = welfare(&app, &w).await;
    let row = paid.iter().find(|p| p["voucher_id"] == voucher.as_str()).expect("the welfare payment");
    assert_eq!(
        (row["member_id"].as_str(), row["amount_fen"].as_i64()),
        (Some(w.members[0].as_str()), Some(50_000))
    );
    assert_eq!(row["item"], "contest_prize");
    // Rewarded twice: a conflict.
    let (s, _) = step(&app, &w.officer, &id, "reward", json!({"amount_fen": 100})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (_, b) = app.get(wang, &format!("/api/v1/suggestions/{id}")).await;
    assert_eq!(
        (b["reward_fen"].as_i64(), b["voucher"]["id"].as_str()),
        (Some(50_000), Some(voucher.as_str())),
        "{b}"
    );

    // Approved by the caller (the default): the voucher waits, a draft, for
    // another person to review it; the chair does.
    let second = submit(&app, &w.tokens[1], &w.union, "包装线减少废料").await;
    accepted(&app, &w, &second, 0).await;
    let (s, b) = step(&app, &w.officer, &second, "reward", json!({"amount_fen": 20_000})).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert_eq!(b["voucher"]["status"], "draft", "{b}");
    let draft = b["voucher"]["id"].as_str().unwrap().to_owned();
    let review = format!("/api/v1/unions/{}/vouchers/{draft}/review", w.union);
    let (s, b) = app.post(&w.officer, &review, json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "an officer reviews no voucher: {b}");
    let (s, b) = app.post(&w.chair, &review, json!({})).await;
    assert_eq!((s, b["status"].as_str()), (StatusCode::OK, Some("reviewed")), "{b}");
    // The approver may not be the one paying.
    let third = submit(&app, &w.tokens[2], &w.union, "夜班班车加密").await;
    accepted(&app, &w, &third, 100).await;
    let (s, b) =
        step(&app, &w.chair, &third, "reward", json!({"amount_fen": 100, "approver_id": w.chair_id})).await;
    assert_eq!(s, StatusCode::CREATED, "the caller approving is the default: {b}");
    assert_eq!(b["voucher"]["status"], "draft");
    // … and the chair who approved and made it does not review it.
    let own = format!("/api/v1/unions/{}/vouchers/{}/review", w.union, b["voucher"]["id"].as_str().unwrap());
    let (s, b) = app.post(&w.chair, &own, json!({})).await;
    assert_eq!((s, err(&b).0), (StatusCode::UNPROCESSABLE_ENTITY, "same_reviewer"), "{b}");

    // The union's own policy defines 合理化建议奖励 (≤ 1000 元): it applies.
    let mut policy: Value =
        serde_json::from_str(include_str!("../../../domain/policies/custom.json")).unwrap();
    policy["items"]["suggestion_reward"] = json!({"per_occasion_yuan": 1000});
    let (s, b) = app
        .api(
            Some(&w.chair),
            Method::PUT,
            &format!("/api/v1/unions/{}/policy", w.union),
            Some(json!({"preset": "custom", "policy": policy})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let fourth = submit(&app, wang, &w.union, "模具快换装置").await;
    accepted(&app, &w, &fourth, 800_000).await;
    let (s, b) =
        step(&app, &w.officer, &fourth, "reward", json!({"amount_fen": 100_001, "approver_id": w.chair_id}))
            .await;
    assert_eq!((s, err(&b)), (StatusCode::UNPROCESSABLE_ENTITY, ("policy_refused", "amount_fen")), "{b}");
    assert!(b["message"].as_str().unwrap().contains("合理化建议奖励"), "{b}");
    let (s, b) =
        step(&app, &w.officer, &fourth, "reward", json!({"amount_fen": 80_000, "approver_id": w.chair_id}))
            .await;
    assert_eq!((s, b["item"].as_str()), (StatusCode::CREATED, Some("suggestion_reward")), "{b}");
    app.stop().await;
}
crate::both!(suggestion_workflow_into_the_books, workflow);

/// Merging duplicates, turning one into a proposal, and the year's numbers.
async fn merge_proposal_and_stats(app: TestApp) {
    let w = world(&app, "sm").await;
    app.fund(&w.officer, &w.chair, &w.union).await;
    let a = submit(&app, &w.tokens[0], &w.union, "更衣室加装空调").await;
    let b_ = submit(&app, &w.tokens[1], &w.union, "更衣室装空调").await;
    let c = submit(&app, &w.tokens[2], &w.union, "厂区道路划线").await;
    let foreign = submit_for(&app, &w.outsider, &w.other, &w.foreign_member).await;

    // Merge: not into itself, not into another union's, then the duplicate
    // becomes merged and is logged on both.
    let (s, b) = step(&app, &w.officer, &b_, "merge", json!({"into_id": b_})).await;
    assert_eq!((s, err(&b).1), (StatusCode::UNPROCESSABLE_ENTITY, "into_id"), "{b}");
    let (s, b) = step(&app, &w.officer, &b_, "merge", json!({"into_id": foreign})).await;
    assert_eq!((s, err(&b)), (StatusCode::NOT_FOUND, ("not_found", "into_id")), "{b}");
    let (s, b) = step(&app, &w.officer, &b_, "merge", json!({"into_id": a})).await;
    assert_eq!(
        (s, b["status"].as_str(), b["merged_into_id"].as_str()),
        (StatusCode::OK, Some("merged"), Some(a.as_str())),
        "{b}"
    );
    let (_, b) = app.get(&w.officer, &format!("/api/v1/suggestions/{a}")).await;
    assert!(b["log"].as_array().unwrap().iter().any(|l| l["action"] == "merged_in"), "{b}");
    let (s, _) = step(&app, &w.officer, &b_, "assess", json!({"decision": "adopt"})).await;
    assert_eq!(s, StatusCode::CONFLICT);

    // To a congress proposal, once.
    let (s, b) = step(&app, &w.officer, &c, "to-proposal", json!({})).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let proposal = b["proposal_id"].as_str().unwrap().to_owned();
    let (s, p) = app.get(&w.chair, &format!("/api/v1/unions/{}/proposals/{proposal}", w.union)).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(p["title"], "厂区道路划线");
    assert_eq!(p["status"], "submitted");
    let (s, _) = step(&app, &w.officer, &c, "to-proposal", json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT);

    // The year: a accepted (1.2 万元/年) and rewarded 300 元, c rejected,
    // one more adopted, the merged one not counted.
    accepted(&app, &w, &a, 1_200_000).await;
    let (s, b) =
        step(&app, &w.officer, &a, "reward", json!({"amount_fen": 30_000, "approver_id": w.chair_id})).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let (s, _) =
        step(&app, &w.officer, &c, "assess", json!({"decision": "reject", "reason": "已列入年度计划"})).await;
    assert_eq!(s, StatusCode::OK);
    let d = submit(&app, &w.tokens[0], &w.union, "安全帽加装头灯").await;
    let (s, _) = step(&app, &w.officer, &d, "assess", json!({"decision": "adopt"})).await;
    assert_eq!(s, StatusCode::OK);
    let e = submit(&app, &w.tokens[1], &w.union, "仓库货架加固").await;
    accepted(&app, &w, &e, 500_000).await;

    let year = chrono::Utc::now().year();
    let (s, st) =
        app.get(&w.auditor, &format!("/api/v1/unions/{}/suggestion-stats?year={year}", w.union)).await;
    assert_eq!(s, StatusCode::OK, "{st}");
    assert_eq!(st["submitted"], 4, "{st}");
    assert_eq!(st["adopted"], 3, "{st}");
    assert_eq!(st["implemented"], 2, "{st}");
    assert_eq!(st["accepted"], 2, "{st}");
    assert_eq!(st["rewarded"], 1, "{st}");
    assert_eq!(st["adoption_rate"], "75.00%", "{st}");
    assert_eq!(st["value_fen_per_year"], 1_700_000, "{st}");
    assert_eq!(st["reward_fen"], 30_000, "{st}");
    let ranking: Vec<&str> =
        st["ranking"].as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(ranking, ["更衣室加装空调", "仓库货架加固"], "{st}");
    assert_eq!(st["ranking"][0]["member_name"], "王伟");
    // The service the benchmark calls gives the same.
    let db = app.db().await;
    let state = app::AppState::new(
        db.clone(),
        Default::default(),
        std::sync::Arc::new(app::crypto::Keys::from_secret(&[1; 32])),
    );
    let s2 = app::recognition::suggestion::stats(&state, uuid::Uuid::parse_str(&w.union).unwrap(), year)
        .await
        .unwrap();
    assert_eq!((s2.submitted, s2.value_fen_per_year), (4, 1_700_000));
    db.close().await;
    let (s, b) = app.get(&w.auditor, &format!("/api/v1/unions/{}/suggestion-stats?year=1999", w.union)).await;
    assert_eq!((s, err(&b).1), (StatusCode::BAD_REQUEST, "year"), "{b}");

    // The pages: the list with its counts, print and Excel, the statistics
    // with the ranking (print and Excel too), one suggestion.
    let chair = Browser::login(&app, "chair.sm", PASSWORD).await;
    let u = &w.union;
    let (s, page) = chair.get(&app, &format!("/unions/{u}/suggestions?status=accepted")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("仓库货架加固") && !page.contains("厂区道路划线"), "filtered list");
    assert!(
        page.contains(r#"data-status="merged">已合并 0"#) || page.contains("已合并 0"),
        "counts per status"
    );
    let (s, page) = chair.get(&app, &format!("/unions/{u}/suggestions/print")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("合理化建议台帐") && page.contains("更衣室加装空调") && page.contains("共5条"),
        "{page}"
    );
    let r = chair.client.get(app.url(&format!("/unions/{u}/suggestions.xlsx"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.unwrap().starts_with(b"PK"), "an .xlsx is a zip");
    let (s, page) = chair.get(&app, &format!("/unions/{u}/suggestion-stats?year={year}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("75.00%") && page.contains("17,000.00"), "{page}");
    assert!(page.find("更衣室加装空调") < page.find("仓库货架加固"), "the ranking by value");
    let (s, page) = chair.get(&app, &format!("/unions/{u}/suggestion-stats/print?year={year}")).await;
    assert!(s == StatusCode::OK && page.contains("年度金点子排行"), "{page}");
    let r = chair
        .client
        .get(app.url(&format!("/unions/{u}/suggestion-stats.xlsx?year={year}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let (s, page) = chair.get(&app, &format!("/suggestions/{a}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("已奖励") && page.contains("voucher-link"), "{page}");
    let (s, _) = chair.get(&app, &format!("/unions/{u}/suggestions/new")).await;
    assert_eq!(s, StatusCode::OK);
    // The register form keeps what was typed and names the missing member.
    let (s, page, _) = chair
        .post(
            &app,
            &format!("/unions/{u}/suggestions"),
            &[("category", "safety"), ("title", "楼梯加装扶手"), ("proposal", "加装")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("楼梯加装扶手") && page.contains("请选择建议人"), "{page}");
    app.stop().await;
}
crate::both!(suggestion_merge_proposal_and_stats, merge_proposal_and_stats);
