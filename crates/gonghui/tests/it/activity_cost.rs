//! Issue 16 item 4 and the lists of items 3 and 7: an activity's cost plan
//! checked against the spending policy before approval (the rule named,
//! exceptions with reason and an approver other than the maker), payment as
//! a voucher on 职工活动支出, the actual cost per head; photos; the
//! attendance list in Excel and the printed 签到表.

use chrono::{Duration, SecondsFormat, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{Browser, PASSWORD, TestApp, client, id_number};

struct W {
    union: String,
    chair: String,
    officer: String,
    caiwu: String,
    chair_id: String,
    other_chair: String,
    members: Vec<(String, String)>,
}

async fn setup(app: &TestApp) -> W {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let other = app.org(&admin, "union", "乙公司工会", Some(&fed)).await;
    let chair_id = app.user(&admin, "chair.c", "chair", Some(&union), Some(&union)).await;
    app.user(&admin, "ganshi.c", "officer", Some(&union), Some(&union)).await;
    app.user(&admin, "caiwu.c", "treasurer", Some(&union), Some(&union)).await;
    app.user(&admin, "chair.d", "chair", Some(&other), Some(&other)).await;
    let mut members = Vec::new();
    for (i, name) in ["张一", "李二", "王三", "赵四"].iter().enumerate() {
        let (s, m) = app
            .post(
                &admin,
                &format!("/api/v1/unions/{union}/members"),
                json!({"name": name, "id_number": id_number(300 + i as u32)}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{m}");
        members.push((m["id"].as_str().unwrap().to_owned(), (*name).to_owned()));
    }
    let chair = app.token("chair.c", PASSWORD).await;
    app.fund(&admin, &chair, &union).await;
    W {
        union,
        chair,
        officer: app.token("ganshi.c", PASSWORD).await,
        caiwu: app.token("caiwu.c", PASSWORD).await,
        chair_id,
        other_chair: app.token("chair.d", PASSWORD).await,
        members,
    }
}

fn at(minutes: i64) -> String {
    (Utc::now() + Duration::minutes(minutes)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The end of a test activity starting in `start` minutes: two and a half
/// hours later, but on the same day in Beijing — an outing must return the
/// same day (the Anhui rule), and a test run at 22:00 must not cross
/// midnight.
fn same_day_end(start: i64) -> String {
    let starts = Utc::now() + Duration::minutes(start);
    let local = starts.with_timezone(&domain::time::china());
    let midnight = local.date_naive().and_hms_opt(23, 59, 0).expect("a time of day");
    let day_end = midnight.and_local_timezone(domain::time::china()).single().expect("no DST in China");
    let end = (starts + Duration::minutes(150))
        .min(day_end.with_timezone(&Utc))
        .max(starts + Duration::seconds(30));
    end.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An activity starting in half an hour (check-in is open), over the same
/// day, sign-up open now.
async fn activity(app: &TestApp, w: &W, kind: &str, places: i64) -> String {
    let (s, a) = app
        .post(
            &w.officer,
            &format!("/api/v1/unions/{}/activities", w.union),
            json!({"title": "秋季登山", "kind": kind, "place": "天柱山", "starts_at": at(30), "ends_at": same_day_end(30),
                "places": places, "signup_closes_at": at(20)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    a["id"].as_str().unwrap().to_owned()
}

async fn set_policy(app: &TestApp, w: &W, preset: &str) {
    let (s, p) = app
        .api(
            Some(&w.chair),
            Method::PUT,
            &format!("/api/v1/unions/{}/policy", w.union),
            Some(json!({"preset": preset})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{p}");
}

async fn put_plan(app: &TestApp, token: &str, id: &str, body: Value) -> (StatusCode, Value) {
    app.api(Some(token), Method::PUT, &format!("/api/v1/activities/{id}/cost-plan"), Some(body)).await
}

async fn check_in(app: &TestApp, w: &W, id: &str, member: &str) {
    let (s, b) = app
        .post(&w.officer, &format!("/api/v1/activities/{id}/checkins"), json!({"member_id": member}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
}

async fn plan_approved_and_paid(app: TestApp) {
    let w = setup(&app).await;
    set_policy(&app, &w, "anhui-2018").await;
    let id = activity(&app, &w, "outing", 10).await;

    // Paying before any plan, or before approval, is refused.
    let pay = json!({"amount_fen": 50_000, "approver_user_id": w.chair_id});
    let (s, e) = app.post(&w.caiwu, &format!("/api/v1/activities/{id}/payment"), pay.clone()).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::CONFLICT, Some("conflict")), "{e}");

    let (s, v) = put_plan(
        &app,
        &w.officer,
        &id,
        json!({"per_head_fen": 15_000, "total_fen": 150_000, "destination": "安庆天柱山", "in_province": true}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let plan = &v["plan"];
    assert_eq!(
        (plan["status"].as_str(), plan["budget_line"].as_str()),
        (Some("draft"), Some("510102")),
        "{v}"
    );
    assert_eq!(plan["budget_line_name"], "文体活动费", "{v}");
    assert!(plan["rules"][0].as_str().unwrap().contains("200"), "{v}");
    let (s, e) = app.post(&w.caiwu, &format!("/api/v1/activities/{id}/payment"), pay.clone()).await;
    assert_eq!(s, StatusCode::CONFLICT, "not yet approved: {e}");

    // The officer may not approve; the chair does, and it is recorded.
    let (s, _) = app.post(&w.officer, &format!("/api/v1/activities/{id}/cost-plan/approve"), json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, v) = app.post(&w.chair, &format!("/api/v1/activities/{id}/cost-plan/approve"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        (v["plan"]["status"].as_str(), v["plan"]["approved_by"].as_str()),
        (Some("approved"), Some("chair.c"))
    );
    assert!(v["plan"]["approved_at"].is_string(), "{v}");

    // Three people came.
    for (m, _) in &w.members[..3] {
        check_in(&app, &w, &id, m).await;
    }
    // More than the approved total is refused; the plan's total is paid.
    let over = json!({"amount_fen": 150_001, "approver_user_id": w.chair_id});
    let (s, e) = app.post(&w.caiwu, &format!("/api/v1/activities/{id}/payment"), over).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("amount_fen")), "{e}");
    let (s, v) = app.post(&w.caiwu, &format!("/api/v1/activities/{id}/payment"), pay.clone()).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["attendees"], 3, "{v}");
    assert_eq!(v["actual_per_head_fen"], 16_667, "50000 ÷ 3, rounded: {v}");
    assert_eq!(v["payment"]["amount_fen"], 50_000, "{v}");

    // The voucher is in the books: 借 510102 文体活动费 贷 银行存款, the
    // treasurer its maker and the chair its reviewer.
    let voucher = v["payment"]["voucher_id"].as_str().unwrap();
    let (s, vo) = app.get(&w.chair, &format!("/api/v1/unions/{}/vouchers/{voucher}", w.union)).await;
    assert_eq!(s, StatusCode::OK, "{vo}");
    assert_eq!((vo["status"].as_str(), vo["reviewer"].as_str()), (Some("posted"), Some("chair.c")), "{vo}");
    let lines = vo["lines"].as_array().unwrap();
    let debit = lines.iter().find(|l| l["account"] == "510102").expect("a line on 文体活动费");
    assert_eq!(debit["debit_fen"], 50_000, "{vo}");
    assert!(lines.iter().any(|l| l["account"] == "1002" && l["credit_fen"] == 50_000), "{vo}");

    // Paying twice is refused, and so is changing the paid plan.
    let (s, e) = app.post(&w.caiwu, &format!("/api/v1/activities/{id}/payment"), pay).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::CONFLICT, Some("already_paid")), "{e}");
    let (s, e) = put_plan(
        &app,
        &w.officer,
        &id,
        json!({"per_head_fen": 100, "total_fen": 1_000, "in_province": true}),
    )
    .await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::CONFLICT, Some("already_paid")), "{e}");

    // The page shows the plan beside the actual per head.
    let b = Browser::login(&app, "ganshi.c", PASSWORD).await;
    let (s, html) = b.get(&app, &format!("/activities/{id}/costs")).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("id=\"plan-per-head\">150.00<") && html.contains("id=\"actual-per-head\">166.67<"),
        "{html}"
    );
    let (s, html) = b.get(&app, &format!("/activities/{id}/cost-plan/print")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("壹仟伍佰元整"), "the total in 大写: {html}");
    app.stop().await;
}
crate::both!(plan_approved_and_paid, plan_approved_and_paid);

async fn over_the_cap_is_refused_naming_the_rule(app: TestApp) {
    let w = setup(&app).await;
    set_policy(&app, &w, "anhui-2018").await;
    let id = activity(&app, &w, "outing", 10).await;
    let (s, e) = put_plan(
        &app,
        &w.officer,
        &id,
        json!({"per_head_fen": 25_000, "total_fen": 250_000, "in_province": true}),
    )
    .await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("policy_refused")), "{e}");
    assert_eq!(e["field"], "cost_per_head", "{e}");
    let msg = e["message"].as_str().unwrap();
    assert!(msg.starts_with("安徽省") && msg.contains("春秋游活动") && msg.contains("200"), "{msg}");
    // Anhui allows no exception: one given changes nothing.
    let with = json!({"per_head_fen": 25_000, "total_fen": 250_000, "in_province": true,
        "exception": {"reason": "路途较远", "approver_user_id": w.chair_id}});
    let (s, e) = put_plan(&app, &w.officer, &id, with).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("policy_refused")), "{e}");
    // Outside the province, and an outing with no word on it.
    let (s, e) = put_plan(
        &app,
        &w.officer,
        &id,
        json!({"per_head_fen": 10_000, "total_fen": 100_000, "in_province": false}),
    )
    .await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("destination")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("省内"), "{e}");
    let (s, e) = put_plan(&app, &w.officer, &id, json!({"per_head_fen": 10_000, "total_fen": 100_000})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("in_province")), "{e}");
    // A budget line outside 职工活动支出.
    let (s, e) = put_plan(
        &app,
        &w.officer,
        &id,
        json!({"per_head_fen": 10_000, "total_fen": 100_000, "in_province": true, "budget_line": "530104"}),
    )
    .await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("budget_line")), "{e}");
    // Nothing was recorded by the refusals.
    let (_, v) = app.get(&w.officer, &format!("/api/v1/activities/{id}/cost-plan")).await;
    assert!(v["plan"].is_null(), "{v}");

    // The page keeps what was typed and names the rule.
    let b = Browser::login(&app, "ganshi.c", PASSWORD).await;
    let (s, html, _) = b
        .post(
            &app,
            &format!("/activities/{id}/cost-plan"),
            &[
                ("cost_per_head", "250"),
                ("cost_total", "2500"),
                ("in_province", "1"),
                ("budget_line", "510102"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("value=\"250\"") && html.contains("春秋游活动"), "{html}");
    app.stop().await;
}
crate::both!(over_the_cap_is_refused_naming_the_rule, over_the_cap_is_refused_naming_the_rule);

async fn exceptions_need_a_reason_and_another_approver(app: TestApp) {
    let w = setup(&app).await;
    // The default policy (本会自定义) allows exceptions and has no outing terms.
    let id = activity(&app, &w, "outing", 10).await;
    let over = json!({"per_head_fen": 25_000, "total_fen": 250_000});
    let (s, e) = put_plan(&app, &w.officer, &id, over).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("policy_refused")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("例外"), "the hint says an exception is possible: {e}");

    // The chair cannot approve the exception of a plan they enter.
    let own = json!({"per_head_fen": 25_000, "total_fen": 250_000,
        "exception": {"reason": "含往返大巴", "approver_user_id": w.chair_id}});
    let (s, e) = put_plan(&app, &w.chair, &id, own.clone()).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("same_reviewer")), "{e}");
    // No approver chosen.
    let none = json!({"per_head_fen": 25_000, "total_fen": 250_000, "exception": {"reason": "含往返大巴"}});
    let (s, e) = put_plan(&app, &w.officer, &id, none).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("approver_user_id")), "{e}");

    // The officer enters it with the chair as approver: recorded.
    let (s, v) = put_plan(&app, &w.officer, &id, own).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let plan = &v["plan"];
    assert_eq!(
        (plan["exception_reason"].as_str(), plan["exception_approver"].as_str()),
        (Some("含往返大巴"), Some("chair.c")),
        "{v}"
    );
    assert!(plan["exception_rule"].as_str().unwrap().contains("200"), "{v}");
    // Whoever entered the plan does not approve it; the treasurer may.
    let (s, e) = app.post(&w.officer, &format!("/api/v1/activities/{id}/cost-plan/approve"), json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{e}");
    let (s, v) = app.post(&w.caiwu, &format!("/api/v1/activities/{id}/cost-plan/approve"), json!({})).await;
    assert_eq!((s, v["plan"]["approved_by"].as_str()), (StatusCode::OK, Some("caiwu.c")), "{v}");
    let (s, e) = app.post(&w.chair, &format!("/api/v1/activities/{id}/cost-plan/approve"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT, "approved once: {e}");
    // A plan the chair entered needs the treasurer.
    let (s, _) = put_plan(&app, &w.chair, &id, json!({"per_head_fen": 10_000, "total_fen": 100_000})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, e) = app.post(&w.chair, &format!("/api/v1/activities/{id}/cost-plan/approve"), json!({})).await;
    assert_eq!((s, e["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("same_reviewer")), "{e}");
    app.stop().await;
}
crate::both!(exceptions_need_a_reason_and_another_approver, exceptions_need_a_reason_and_another_approver);

async fn lists_and_prints(app: TestApp) {
    let w = setup(&app).await;
    let id = activity(&app, &w, "sports", 2).await;
    // Two confirmed, one waiting; one confirmed and a walk-in come.
    for (m, _) in &w.members[..3] {
        let (s, b) =
            app.post(&w.officer, &format!("/api/v1/activities/{id}/signups"), json!({"member_id": m})).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }
    check_in(&app, &w, &id, &w.members[0].0).await;
    check_in(&app, &w, &id, &w.members[3].0).await;

    let b = Browser::login(&app, "ganshi.c", PASSWORD).await;
    let r = b.client.get(app.url(&format!("/activities/{id}/attendance.xlsx"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"));
    let t = sheet::read_table("a.xlsx", &r.bytes().await.unwrap(), &sheet::Limits::default()).unwrap();
    assert_eq!(t.rows[0], ["序号", "姓名", "部门/小组", "签到时间", "签到方式", "是否临时参加"]);
    assert_eq!(t.rows.len(), 3, "{:?}", t.rows);
    let names: Vec<&str> = t.rows[1..].iter().map(|r| r[1].as_str()).collect();
    assert!(names.contains(&"张一") && names.contains(&"赵四"), "{names:?}");
    let walk_in = t.rows[1..].iter().find(|r| r[1] == "赵四").unwrap();
    assert_eq!((walk_in[4].as_str(), walk_in[5].as_str()), ("工作人员代签", "是"));

    let r = b.client.get(app.url(&format!("/activities/{id}/signups.xlsx"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let t = sheet::read_table("s.xlsx", &r.bytes().await.unwrap(), &sheet::Limits::default()).unwrap();
    assert_eq!(t.rows.len(), 4, "{:?}", t.rows);
    assert_eq!(t.rows[3][3], "候补");

    let r = b.client.get(app.url(&format!("/unions/{}/activities.xlsx", w.union))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let t = sheet::read_table("l.xlsx", &r.bytes().await.unwrap(), &sheet::Limits::default()).unwrap();
    assert_eq!((t.rows[0][0].as_str(), t.rows[1][0].as_str()), ("活动名称", "秋季登山"));

    // Who took part in nothing this year: the two who did not come.
    let r = b
        .client
        .get(app.url(&format!("/unions/{}/participation/absent.xlsx", w.union)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let t = sheet::read_table("n.xlsx", &r.bytes().await.unwrap(), &sheet::Limits::default()).unwrap();
    assert_eq!(t.rows[0], ["序号", "姓名", "部门/小组"]);
    let absent: Vec<&str> = t.rows[1..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(absent.len(), 2, "{absent:?}");
    assert!(absent.contains(&"李二") && absent.contains(&"王三"), "{absent:?}");

    // The 签到表: the confirmed two, not the one waiting, and blank rows.
    let (s, html) = b.get(&app, &format!("/activities/{id}/sign-in-sheet")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("秋季登山签到表") && html.contains("天柱山"), "{html}");
    assert!(html.contains("张一") && html.contains("李二") && !html.contains("王三"), "{html}");
    assert!(html.contains("签名") && html.contains("class=\"walk-in\""), "{html}");
    app.stop().await;
}
crate::both!(lists_and_prints, lists_and_prints);

async fn upload(app: &TestApp, token: &str, id: &str, name: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
    let r = client()
        .post(app.url(&format!("/api/v1/activities/{id}/photos")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let s = r.status();
    (s, serde_json::from_str(&r.text().await.unwrap()).unwrap_or(Value::Null))
}

async fn photos_and_report(app: TestApp) {
    let w = setup(&app).await;
    let id = activity(&app, &w, "culture", 20).await;
    // A PDF named like a photo is refused by its bytes.
    let (s, e) = upload(&app, &w.officer, &id, "合影.jpg", b"%PDF-1.7 not an image".to_vec()).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("file")), "{e}");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let (s, p) = upload(&app, &w.officer, &id, "合影.png", png.clone()).await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    let photo = p["id"].as_str().unwrap();
    let r = client()
        .get(app.url(&format!("/api/v1/activities/{id}/photos/{photo}")))
        .bearer_auth(&w.officer)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(r.bytes().await.unwrap().to_vec(), png);
    let (_, l) = app.get(&w.officer, &format!("/api/v1/activities/{id}/photos")).await;
    assert_eq!(l["items"].as_array().unwrap().len(), 1, "{l}");

    let (s, r) = app
        .api(
            Some(&w.officer),
            Method::PUT,
            &format!("/api/v1/activities/{id}/report"),
            Some(json!({"body": " "})),
        )
        .await;
    assert_eq!((s, r["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("body")), "{r}");
    let body = json!({"body": "共30人参加，活动顺利。"});
    let (s, r) =
        app.api(Some(&w.officer), Method::PUT, &format!("/api/v1/activities/{id}/report"), Some(body)).await;
    assert_eq!((s, r["written_by"].as_str()), (StatusCode::OK, Some("ganshi.c")), "{r}");
    let (_, r) = app.get(&w.chair, &format!("/api/v1/activities/{id}/report")).await;
    assert_eq!(r["body"], "共30人参加，活动顺利。");

    // Another union's chair finds none of it.
    let t = &w.other_chair;
    for path in ["cost-plan", "report", "photos", &format!("photos/{photo}")] {
        let (s, _) = app.get(t, &format!("/api/v1/activities/{id}/{path}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}");
    }
    let (s, _) = put_plan(&app, t, &id, json!({"per_head_fen": 100, "total_fen": 1000})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.post(t, &format!("/api/v1/activities/{id}/payment"), json!({"amount_fen": 100})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = upload(&app, t, &id, "x.png", png).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // A photo id under another activity of the same union is not found.
    let other = activity(&app, &w, "culture", 5).await;
    let (s, _) = app.get(&w.officer, &format!("/api/v1/activities/{other}/photos/{photo}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    app.stop().await;
}
crate::both!(photos_and_report, photos_and_report);
