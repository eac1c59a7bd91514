//! Sign-up approval (活动需审核) on every database: a member's own sign-up
//! waits for an officer and holds no place; approval places it (the end of
//! the waiting list when full); rejection needs a reason the member sees;
//! approve-all goes in arrival order; pending may be cancelled; other
//! unions' ids are 404. And the same through the pages and the export.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::activity::{body, create, logins, member, world};
use crate::common::{Browser, PASSWORD, TestApp};

fn err(b: &Value) -> (&str, &str) {
    (b["code"].as_str().unwrap_or(""), b["field"].as_str().unwrap_or(""))
}

fn signups(a: &str) -> String {
    format!("/api/v1/activities/{a}/signups")
}

fn approving(title: &str, places: i64) -> Value {
    let mut b = body(title, places);
    b["needs_approval"] = json!(true);
    b
}

/// Status, position and reason of each sign-up, by member.
async fn statuses(
    app: &TestApp,
    officer: &str,
    a: &str,
) -> Vec<(String, String, Option<u64>, Option<String>)> {
    let (s, l) = app.get(officer, &signups(a)).await;
    assert_eq!(s, StatusCode::OK, "{l}");
    l["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["member_id"].as_str().unwrap().to_owned(),
                i["status"].as_str().unwrap().to_owned(),
                i["position"].as_u64(),
                i["reason"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn status_of<'a>(
    list: &'a [(String, String, Option<u64>, Option<String>)],
    m: &str,
) -> (&'a str, Option<u64>) {
    let r = list.iter().find(|r| r.0 == m).unwrap();
    (r.1.as_str(), r.2)
}

async fn counters(app: &TestApp, officer: &str, a: &str) -> (i64, i64) {
    let (_, one) = app.get(officer, &format!("/api/v1/activities/{a}")).await;
    (one["confirmed"].as_i64().unwrap(), one["waiting"].as_i64().unwrap())
}

async fn contract(app: TestApp) {
    let w = world(&app, "ap").await;
    let mut ms = Vec::new();
    for (i, n) in ["张伟", "王芳", "李娜", "赵强", "刘洋", "陈静"].iter().enumerate() {
        ms.push(member(&app, &w.chair, &w.union, n, i as u32 + 1, None).await);
    }
    let t = logins(&app, &w.union, &ms, "ap").await;
    let a = create(&app, &w.chair, &w.union, approving("职工疗休养", 2)).await;
    let (_, one) = app.get(&w.chair, &format!("/api/v1/activities/{a}")).await;
    assert_eq!(one["needs_approval"], true, "{one}");

    // A member's own sign-up waits for approval and takes no place.
    let (s, r) = app.api(Some(&t[0]), Method::POST, &signups(&a), None).await;
    assert_eq!(
        (s, &r["status"], &r["position"]),
        (StatusCode::CREATED, &json!("pending"), &Value::Null),
        "{r}"
    );
    let (s, e) = app.post(&t[0], &signups(&a), json!({})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "already_signed_up"), "{e}");
    for tok in &t[1..4] {
        let (s, r) = app.post(tok, &signups(&a), json!({})).await;
        assert_eq!((s, r["status"].as_str()), (StatusCode::CREATED, Some("pending")), "{r}");
    }
    assert_eq!(counters(&app, &w.chair, &a).await, (0, 0));
    let l = statuses(&app, &w.chair, &a).await;
    assert!(l.iter().all(|r| r.1 == "pending" && r.2.is_none()), "{l:?}");
    // A member may not approve.
    let url = |m: &str, what: &str| format!("{}/{m}/{what}", signups(&a));
    let (s, _) = app.post(&t[0], &url(&ms[0], "approve"), json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The officer approves the second: a place.
    let (s, r) = app.post(&w.chair, &url(&ms[1], "approve"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(r, json!({"member_id": ms[1], "status": "confirmed", "position": null}));
    // Approving twice is refused.
    let (s, e) = app.post(&w.chair, &url(&ms[1], "approve"), json!({})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "not_pending"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("待审核"), "{e}");
    // An officer's own entry needs no approval: the second place.
    let (s, r) = app.post(&w.chair, &signups(&a), json!({"member_id": ms[4]})).await;
    assert_eq!((s, r["status"].as_str()), (StatusCode::CREATED, Some("confirmed")), "{r}");
    // Full: the next approval joins the end of the waiting list.
    let (s, r) = app.post(&w.chair, &url(&ms[0], "approve"), json!({})).await;
    assert_eq!(
        (s, r["status"].as_str(), r["position"].as_u64()),
        (StatusCode::OK, Some("waiting"), Some(1)),
        "{r}"
    );
    let (s, r) = app.post(&w.chair, &signups(&a), json!({"member_id": ms[5]})).await;
    assert_eq!((s, r["position"].as_u64()), (StatusCode::CREATED, Some(2)), "{r}");
    assert_eq!(counters(&app, &w.chair, &a).await, (2, 2));
    // The earliest pending approved now still goes behind those waiting:
    // arrival number after everyone's.
    let (_, r) = app.post(&w.chair, &url(&ms[2], "approve"), json!({})).await;
    assert_eq!((r["status"].as_str(), r["position"].as_u64()), (Some("waiting"), Some(3)), "{r}");
    let (_, l) = app.get(&w.chair, &signups(&a)).await;
    let seq = |m: &str| {
        l["items"].as_array().unwrap().iter().find(|i| i["member_id"] == m).unwrap()["seq"].as_i64()
    };
    assert!(seq(&ms[2]) > seq(&ms[5]), "{l}");
    assert_eq!(counters(&app, &w.chair, &a).await, (2, 3));

    // Rejecting needs a reason, named in Chinese; then the member sees it.
    let (s, e) = app.post(&w.chair, &url(&ms[3], "reject"), json!({})).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "reason")), "{e}");
    let (s, e) = app.post(&w.chair, &url(&ms[3], "reject"), json!({"reason": "  "})).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "reason")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("理由"), "{e}");
    let (s, e) = app.post(&w.chair, &url(&ms[3], "reject"), json!({"reason": "长".repeat(201)})).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("too_long", "reason")), "{e}");
    let (s, r) = app.post(&w.chair, &url(&ms[3], "reject"), json!({"reason": "本次限一线职工"})).await;
    assert_eq!((s, r), (StatusCode::OK, json!({"member_id": ms[3], "status": "rejected"})));
    let (s, e) = app.post(&w.chair, &url(&ms[3], "reject"), json!({"reason": "再次"})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "not_pending"), "{e}");
    let (s, e) = app.post(&w.chair, &url(&ms[3], "approve"), json!({})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "not_pending"), "{e}");
    let l = statuses(&app, &w.chair, &a).await;
    let rejected = l.iter().find(|r| r.0 == ms[3]).unwrap();
    assert_eq!((rejected.1.as_str(), rejected.3.as_deref()), ("rejected", Some("本次限一线职工")));
    assert_eq!(counters(&app, &w.chair, &a).await, (2, 3), "a rejection moves nothing");
    // Nothing to cancel once turned down; applying again is pending anew.
    let (s, e) = app.api(Some(&t[3]), Method::DELETE, &format!("{}/me", signups(&a)), None).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "not_signed_up"), "{e}");
    let (s, r) = app.post(&t[3], &signups(&a), json!({})).await;
    assert_eq!((s, r["status"].as_str()), (StatusCode::CREATED, Some("pending")), "{r}");
    let l = statuses(&app, &w.chair, &a).await;
    assert_eq!(l.iter().find(|r| r.0 == ms[3]).unwrap().3, None, "the old reason is gone");
    // A pending sign-up may be cancelled by its member: nothing freed.
    let (s, r) = app.api(Some(&t[3]), Method::DELETE, &format!("{}/me", signups(&a)), None).await;
    assert_eq!((s, &r["promoted_member_id"]), (StatusCode::OK, &Value::Null), "{r}");
    assert_eq!(status_of(&statuses(&app, &w.chair, &a).await, &ms[3]).0, "cancelled");
    assert_eq!(counters(&app, &w.chair, &a).await, (2, 3));
    // Cancelling a place still promotes the first waiting.
    let (s, r) = app.api(Some(&t[1]), Method::DELETE, &format!("{}/me", signups(&a)), None).await;
    assert_eq!((s, r["promoted_member_id"].as_str()), (StatusCode::OK, Some(ms[0].as_str())), "{r}");

    // Another union's member, or one without a sign-up, is 404; so is
    // another union's activity to this union's officer.
    let stranger = member(&app, &w.outsider, &w.other, "孙丽", 40, None).await;
    let (s, e) = app.post(&w.chair, &url(&stranger, "approve"), json!({})).await;
    assert_eq!((s, err(&e).0), (StatusCode::NOT_FOUND, "not_found"), "{e}");
    let (s, _) = app.post(&w.chair, &url(&stranger, "reject"), json!({"reason": "不是本会会员"})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let nobody = member(&app, &w.chair, &w.union, "周敏", 41, None).await;
    let (s, _) = app.post(&w.chair, &url(&nobody, "approve"), json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let theirs = create(&app, &w.outsider, &w.other, approving("乙方活动", 5)).await;
    let (s, _) = app.post(&w.chair, &format!("{}/approve-all", signups(&theirs)), json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.post(&w.outsider, &url(&ms[0], "approve"), json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Audit entries for each decision.
    let (_, audit) = app.get(&app.admin().await, "/api/v1/audit?action=activity.reject_signup").await;
    assert!(audit.to_string().contains("本次限一线职工"), "{audit}");
    let (_, audit) = app.get(&app.admin().await, "/api/v1/audit?action=activity.approve_signup").await;
    assert!(audit.to_string().contains("通过"), "{audit}");
    app.stop().await;
}
crate::both!(activity_approval_api_contract, contract);

/// Approve-all goes in arrival order: places first, then the waiting list.
async fn approve_all(app: TestApp) {
    let w = world(&app, "aa").await;
    let mut ms = Vec::new();
    for i in 0..5u32 {
        ms.push(member(&app, &w.chair, &w.union, &format!("会员{i}"), i + 1, None).await);
    }
    let t = logins(&app, &w.union, &ms, "aa").await;
    let a = create(&app, &w.chair, &w.union, approving("春游", 2)).await;
    // Arrival order 3, 1, 4, 0; member 2 is turned down first.
    for i in [3usize, 1, 2, 4, 0] {
        let (s, r) = app.post(&t[i], &signups(&a), json!({})).await;
        assert_eq!((s, r["status"].as_str()), (StatusCode::CREATED, Some("pending")), "{r}");
    }
    let (s, _) =
        app.post(&w.chair, &format!("{}/{}/reject", signups(&a), ms[2]), json!({"reason": "重复报名"})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, r) = app.post(&w.chair, &format!("{}/approve-all", signups(&a)), json!({})).await;
    assert_eq!((s, r["approved"].as_u64()), (StatusCode::OK, Some(4)), "{r}");
    assert_eq!((r["confirmed"].as_u64(), r["waiting"].as_u64()), (Some(2), Some(2)), "{r}");
    let l = statuses(&app, &w.chair, &a).await;
    assert_eq!(status_of(&l, &ms[3]), ("confirmed", None));
    assert_eq!(status_of(&l, &ms[1]), ("confirmed", None));
    assert_eq!(status_of(&l, &ms[4]), ("waiting", Some(1)));
    assert_eq!(status_of(&l, &ms[0]), ("waiting", Some(2)));
    assert_eq!(status_of(&l, &ms[2]).0, "rejected");
    assert_eq!(counters(&app, &w.chair, &a).await, (2, 2));
    // Nothing left: zero, and nothing changes.
    let (s, r) = app.post(&w.chair, &format!("{}/approve-all", signups(&a)), json!({})).await;
    assert_eq!((s, r["approved"].as_u64()), (StatusCode::OK, Some(0)), "{r}");
    let (_, audit) = app.get(&app.admin().await, "/api/v1/audit?action=activity.approve_all_signups").await;
    assert_eq!(audit["items"].as_array().map(Vec::len), Some(1), "{audit}");
    app.stop().await;
}
crate::both!(activity_approve_all_in_arrival_order, approve_all);

/// A login with a password for a member, for the pages.
async fn member_browser(app: &TestApp, union: &str, member_id: &str, username: &str) -> Browser {
    let admin = app.admin().await;
    let user = app.user(&admin, username, "member", Some(union), Some(union)).await;
    let db = app.db().await;
    let mut tx = db.write().await.unwrap();
    store::auth::link_user(
        &mut tx,
        Uuid::parse_str(&user).unwrap(),
        domain::UnionId(Uuid::parse_str(union).unwrap()),
        Uuid::parse_str(member_id).unwrap(),
        "test",
        false,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    db.close().await;
    Browser::login(app, username, PASSWORD).await
}

/// The pages: the create form's checkbox, the member's 待审核 / 未通过：理由,
/// the officers' 通过 / 不通过 / 全部按报名先后通过, and the export.
async fn pages(app: TestApp) {
    let w = world(&app, "pg").await;
    let admin = app.admin().await;
    app.user(&admin, "ganshi.pg", "officer", Some(&w.union), Some(&w.union)).await;
    let officer = Browser::login(&app, "ganshi.pg", PASSWORD).await;
    let m1 = member(&app, &w.chair, &w.union, "张伟", 1, None).await;
    let m2 = member(&app, &w.chair, &w.union, "王芳", 2, None).await;
    let m3 = member(&app, &w.chair, &w.union, "李娜", 3, None).await;
    let b1 = member_browser(&app, &w.union, &m1, "huiyuan1.pg").await;
    let b2 = member_browser(&app, &w.union, &m2, "huiyuan2.pg").await;
    let b3 = member_browser(&app, &w.union, &m3, "huiyuan3.pg").await;

    // The create form has the checkbox, and it is wired.
    let (s, html) = officer.get(&app, &format!("/unions/{}/activities", w.union)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("报名需工会审核") && html.contains("name=\"needs_approval\""), "{html}");
    let now = chrono::Utc::now() + chrono::Duration::hours(8);
    let fmt = |m: i64| (now + chrono::Duration::minutes(m)).format("%Y-%m-%dT%H:%M").to_string();
    let (s, _, location) = officer
        .post(
            &app,
            &format!("/unions/{}/activities", w.union),
            &[
                ("title", "工会读书会"),
                ("kind", "culture"),
                ("places", "1"),
                ("starts_at", &fmt(60)),
                ("ends_at", &fmt(120)),
                ("signup_closes_at", &fmt(50)),
                ("audience", "whole_union"),
                ("needs_approval", "1"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let show = location.unwrap();
    let a = show.trim_start_matches("/activities/").to_owned();
    let (_, one) = app.get(&w.chair, &format!("/api/v1/activities/{a}")).await;
    assert_eq!(one["needs_approval"], true, "{one}");

    // Members sign up on the page: 待审核.
    for b in [&b1, &b2, &b3] {
        let (s, _, _) = b.post(&app, &format!("{show}/signup"), &[]).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
    }
    let (_, html) = b1.get(&app, &show).await;
    assert!(html.contains("id=\"my-status\">待审核"), "{html}");
    assert!(html.contains("id=\"cancel-signup\""), "a pending sign-up may be withdrawn");

    // The officer's list: 通过 / 不通过 per pending row, and approve-all.
    let (_, html) = officer.get(&app, &show).await;
    assert!(html.contains(&format!("/signups/{m1}/approve")), "{html}");
    assert!(html.contains(&format!("/signups/{m1}/reject")), "{html}");
    assert!(html.contains("全部按报名先后通过"), "{html}");
    // Not passing without a reason: the page again, in Chinese, beside the row.
    let (s, html, _) = officer.post(&app, &format!("{show}/signups/{m2}/reject"), &[("reason", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("不通过的理由不能为空"), "{html}");
    let long = "长".repeat(201);
    let (s, html, _) = officer.post(&app, &format!("{show}/signups/{m2}/reject"), &[("reason", &long)]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(&long), "what was typed comes back");
    let (s, _, location) = officer
        .post(&app, &format!("{show}/signups/{m2}/reject"), &[("reason", "名额有限，优先一线职工")])
        .await;
    assert_eq!((s, location.as_deref()), (StatusCode::SEE_OTHER, Some(show.as_str())));
    let (_, html) = b2.get(&app, &show).await;
    assert!(html.contains("未通过"), "{html}");
    assert!(html.contains("名额有限，优先一线职工"), "{html}");
    assert!(html.contains("id=\"sign-up\""), "a rejected member may apply again: {html}");
    // 通过 the first: the place.
    let (s, _, _) = officer.post(&app, &format!("{show}/signups/{m1}/approve"), &[]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, html) = officer.get(&app, &show).await;
    assert!(html.contains("已通过"), "the flash: {html}");
    let (_, html) = b1.get(&app, &show).await;
    assert!(html.contains("id=\"my-status\">已确认"), "{html}");
    // 全部按报名先后通过: the third waits.
    let (s, _, _) = officer.post(&app, &format!("{show}/signups/approve-all"), &[]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, html) = officer.get(&app, &show).await;
    assert!(html.contains("已按报名先后通过1人"), "{html}");
    let (_, html) = b3.get(&app, &show).await;
    assert!(html.contains("id=\"my-position\">候补第1位"), "{html}");
    // Approving what is no longer pending: the page with the refusal.
    let (s, html, _) = officer.post(&app, &format!("{show}/signups/{m1}/approve"), &[]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(html.contains("待审核"), "{html}");

    // The export names the statuses in Chinese.
    let r = officer.client.get(app.url(&format!("{show}/signups.xlsx"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let t = sheet::read_table("s.xlsx", &r.bytes().await.unwrap(), &sheet::Limits::default()).unwrap();
    let status: Vec<&str> = t.rows[1..].iter().map(|r| r[3].as_str()).collect();
    assert_eq!(status.len(), 3, "{:?}", t.rows);
    assert!(status.contains(&"已确认") && status.contains(&"候补"), "{status:?}");
    assert!(status.iter().any(|s| s.starts_with("未通过") && s.contains("名额有限")), "{status:?}");
    app.stop().await;
}
crate::both!(activity_approval_pages, pages);
