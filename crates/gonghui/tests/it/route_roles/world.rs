//! The world every case runs in: two unions, their people and the resources
//! a case uses up.

use super::*;

pub(super) struct World {
    pub(super) admin: String,
    pub(super) member_a: String,
    pub(super) member_b: String,
    pub(super) next_id: std::sync::atomic::AtomicU32,
    pub(super) union_a: String,
    pub(super) group_a: String,
    pub(super) union_b: String,
    pub(super) group_b: String,
    pub(super) user_a: String,
    pub(super) user_b: String,
    /// A closed ballot of each union and a receipt among its papers.
    pub(super) ballot_a: (String, String),
    pub(super) ballot_b: (String, String),
    /// An activity of each union.
    pub(super) activity_a: String,
    pub(super) activity_b: String,
    /// An activity of each union whose sign-ups need approval.
    pub(super) approval_a: String,
    pub(super) approval_b: String,
    /// A contest of each union.
    pub(super) contest_a: String,
    pub(super) contest_b: String,
    /// A letter of each union, registered by its officer.
    pub(super) petition_a: String,
    pub(super) petition_b: String,
    /// A mediation case of each union.
    pub(super) mediation_a: String,
    pub(super) mediation_b: String,
    /// An inspection of each union and a finding of it.
    pub(super) inspection_a: (String, String),
    pub(super) inspection_b: (String, String),
    /// A collective contract of each union.
    pub(super) contract_a: String,
    pub(super) contract_b: String,
    /// An employer in the register each union keeps.
    pub(super) employer_a: String,
    pub(super) employer_b: String,
    /// A submitted suggestion of each union.
    pub(super) suggestion_a: String,
    pub(super) suggestion_b: String,
    /// A nominated honour of each union.
    pub(super) honour_a: String,
    pub(super) honour_b: String,
    /// An open course of each union.
    pub(super) course_a: String,
    pub(super) course_b: String,
    pub(super) work_plan_a: String,
    pub(super) work_plan_b: String,
}

pub(super) async fn setup(app: &TestApp) -> World {
    let admin = app.admin().await;
    let fed_a = app.org(&admin, "federation", "甲区总工会", None).await;
    let union_a = app.org(&admin, "union", "甲公司工会", Some(&fed_a)).await;
    let group_a = app.org(&admin, "group", "甲一组", Some(&union_a)).await;
    let fed_b = app.org(&admin, "federation", "乙区总工会", None).await;
    let union_b = app.org(&admin, "union", "乙公司工会", Some(&fed_b)).await;
    let group_b = app.org(&admin, "group", "乙一组", Some(&union_b)).await;
    for u in [&union_a, &union_b] {
        let (s, _) = app
            .post(
                &admin,
                &format!("/api/v1/orgs/{u}/committee/terms"),
                json!({"starts_on": "2024-01-01", "years": 5}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
    }
    for r in ROLES {
        let node = match r {
            R::Anon | R::Admin => continue,
            R::GroupLeader => &group_a,
            R::Federation => &fed_a,
            _ => &union_a,
        };
        app.user(&admin, r.username(), r.role(), Some(node), Some(node)).await;
    }
    let user_a = app.user(&admin, "target.a", "member", Some(&union_a), Some(&union_a)).await;
    let user_b = app.user(&admin, "target.b", "member", Some(&union_b), Some(&union_b)).await;
    let next_id = std::sync::atomic::AtomicU32::new(1);
    let member_a = fresh_member(app, &admin, &union_a, &next_id).await;
    let member_b = fresh_member(app, &admin, &union_b, &next_id).await;
    // Union A's ballot has every role of union A on its roll (the admin and
    // federation staff are not the union's accounts); B's only target.b.
    // Each is voted in once and closed.
    let (_, users) = app.get(&admin, "/api/v1/users?page_size=200").await;
    let everyone: Vec<String> = users["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| {
            !["target.b", "admin", R::Federation.username()].contains(&u["username"].as_str().unwrap())
        })
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(everyone.len() >= 8, "{users}");
    let ballot_a = closed_ballot(app, &admin, &union_a, &everyone, "target.a").await;
    let ballot_b = closed_ballot(app, &admin, &union_b, std::slice::from_ref(&user_b), "target.b").await;
    let activity_a =
        crate::activity::create(app, &admin, &union_a, crate::activity::body("测试活动", 5)).await;
    let activity_b =
        crate::activity::create(app, &admin, &union_b, crate::activity::body("测试活动", 5)).await;
    let approval_a = approval_activity(app, &admin, &union_a).await;
    let approval_b = approval_activity(app, &admin, &union_b).await;
    let contest_a = contest(app, &admin, &union_a).await;
    let contest_b = contest(app, &admin, &union_b).await;
    let petition_a = petition(app, R::Officer.username(), &union_a).await;
    // Union B's officer, made last: the accounts above are the rolls'.
    app.user(&admin, "t.officer.b", "officer", Some(&union_b), Some(&union_b)).await;
    let petition_b = petition(app, "t.officer.b", &union_b).await;
    // Union B's chair opens its case (made last: no ballot's roll counts it).
    app.user(&admin, "t.chair.b", "chair", Some(&union_b), Some(&union_b)).await;
    let chair_b = app.token("t.chair.b", crate::common::PASSWORD).await;
    let chair_a = app.token(R::Chair.username(), crate::common::PASSWORD).await;
    let mediation_a = crate::rights_mediation::open_case(app, &chair_a, &union_a).await;
    let mediation_b = crate::rights_mediation::open_case(app, &chair_b, &union_b).await;
    let inspection_a = crate::rights_inspections::inspection(app, &admin, &union_a).await;
    let inspection_b = crate::rights_inspections::inspection(app, &admin, &union_b).await;
    let contract_a = crate::rights_contracts::signed(app, &admin, &union_a).await;
    let contract_b = crate::rights_contracts::signed(app, &admin, &union_b).await;
    let employer_a = crate::rights_employers::register(app, &admin, &union_a, 1).await;
    let employer_b = crate::rights_employers::register(app, &admin, &union_b, 2).await;
    let suggestion_a = crate::recognition_suggestions::fixture(app, &admin, &union_a).await;
    let suggestion_b = crate::recognition_suggestions::fixture(app, &admin, &union_b).await;
    let honour_a = crate::recognition_honours::fixture(app, &admin, &union_a).await;
    let honour_b = crate::recognition_honours::fixture(app, &admin, &union_b).await;
    let course_a = crate::recognition_training::fixture(app, &admin, &union_a).await;
    let course_b = crate::recognition_training::fixture(app, &admin, &union_b).await;
    let work_plan_a = crate::plan_plans::fixture(app, &admin, &union_a).await;
    let work_plan_b = crate::plan_plans::fixture(app, &admin, &union_b).await;
    World {
        suggestion_a,
        suggestion_b,
        honour_a,
        honour_b,
        course_a,
        course_b,
        work_plan_a,
        work_plan_b,
        petition_a,
        petition_b,
        mediation_a,
        mediation_b,
        inspection_a,
        inspection_b,
        contract_a,
        contract_b,
        employer_a,
        employer_b,
        activity_a,
        activity_b,
        approval_a,
        approval_b,
        admin,
        member_a,
        member_b,
        next_id,
        union_a,
        group_a,
        union_b,
        group_b,
        user_a,
        user_b,
        ballot_a,
        ballot_b,
        contest_a,
        contest_b,
    }
}

/// An activity of `union` whose sign-ups need approval, open for sign-up
/// for hours (the matrix takes minutes), with places to spare.
async fn approval_activity(app: &TestApp, admin: &str, union: &str) -> String {
    let now = chrono::Utc::now();
    let body = json!({
        "title": "需审核活动", "kind": "outing", "places": 1000, "needs_approval": true,
        "starts_at": (now + chrono::Duration::hours(5)).to_rfc3339(),
        "ends_at": (now + chrono::Duration::hours(8)).to_rfc3339(),
        "signup_closes_at": (now + chrono::Duration::hours(4)).to_rfc3339(),
    });
    crate::activity::create(app, admin, union, body).await
}

/// A fresh member of `union` whose own sign-up on `activity` (one that
/// needs approval) is pending; returns the member's id.
pub(super) async fn fresh_pending(app: &TestApp, w: &World, union: &str, activity: &str) -> String {
    let member = fresh_member(app, &w.admin, union, &w.next_id).await;
    // The member id's random tail names the login.
    let tag = format!("p{}", &member[member.len() - 12..]);
    let tokens = crate::activity::logins(app, union, std::slice::from_ref(&member), &tag).await;
    let (s, b) = app.post(&tokens[0], &format!("/api/v1/activities/{activity}/signups"), json!({})).await;
    assert_eq!((s, b["status"].as_str()), (StatusCode::CREATED, Some("pending")), "{b}");
    member
}

/// A letter registered by `officer` in `union`, with its writer's name.
pub(super) async fn petition(app: &TestApp, officer: &str, union: &str) -> String {
    let token = app.token(officer, crate::common::PASSWORD).await;
    let body =
        json!({"channel": "letter", "subject": "测试来信", "body": "测试内容", "writer_name": "测试来信人"});
    let (s, b) = app.post(&token, &format!("/api/v1/unions/{union}/petitions"), body).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

/// A contest of `union`, without rounds.
pub(super) async fn contest(app: &TestApp, admin: &str, union: &str) -> String {
    let body = json!({"kind": "skill_contest", "title": "测试竞赛", "starts_on": "2026-11-01",
        "ends_on": "2026-11-30", "criteria": [{"name": "操作", "weight": 1, "max": 100}]});
    let (s, b) = app.post(admin, &format!("/api/v1/unions/{union}/contests"), body).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

/// A motion of `union` with `voters` on its roll, voted once by `voter`
/// and closed: (ballot id, that vote's receipt).
pub(super) async fn closed_ballot(
    app: &TestApp,
    admin: &str,
    union: &str,
    voters: &[String],
    voter: &str,
) -> (String, String) {
    let (s, b) = app
        .post(
            admin,
            &format!("/api/v1/unions/{union}/ballots"),
            json!({"kind": "motion", "title": "测试表决", "voter_user_ids": voters}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let id = b["id"].as_str().unwrap().to_owned();
    let (s, b) = app.post(admin, &format!("/api/v1/ballots/{id}/open"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let token = app.token(voter, crate::common::PASSWORD).await;
    let (s, r) = app.post(&token, &format!("/api/v1/ballots/{id}/vote"), json!({"choice": "yes"})).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let (s, b) = app.post(admin, &format!("/api/v1/ballots/{id}/close"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    (id, r["receipt"].as_str().unwrap().to_owned())
}

pub(super) async fn fresh_member(
    app: &TestApp,
    admin: &str,
    union: &str,
    seq: &std::sync::atomic::AtomicU32,
) -> String {
    let n = seq.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let (s, b) = app
        .post(
            admin,
            &format!("/api/v1/unions/{union}/members"),
            json!({"name": format!("测试会员{n}"), "id_number": id_number(n)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

/// The join page's token of a union, opening joining if it is off.
pub(super) async fn join_token(app: &TestApp, admin: &str, union: &str) -> String {
    let (s, settings) = app
        .api(
            Some(admin),
            Method::PUT,
            &format!("/api/v1/unions/{union}/member-settings"),
            Some(json!({"card_pattern": null, "join_open": true})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{settings}");
    settings["join_url"].as_str().unwrap().trim_start_matches("/join/").to_owned()
}

/// A transfer out of `from` into `to`, awaiting the decision.
pub(super) async fn fresh_transfer(app: &TestApp, w: &World, from: &str, to: &str) -> String {
    let n = w.next_id.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let (s, b) = app
        .post(
            &w.admin,
            &format!("/api/v1/unions/{from}/members"),
            json!({"name": format!("转会人{n}"), "id_number": id_number(n)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let (s, b) = app
        .post(
            &w.admin,
            &format!("/api/v1/unions/{to}/transfers"),
            json!({"name": format!("转会人{n}"), "id_number": id_number(n)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

/// An import job uploaded by this role (a random id where it may not upload).
pub(super) async fn fresh_job(app: &TestApp, me: &Creds, union: &str) -> String {
    if let Some(b) = &me.browser {
        let form = reqwest::multipart::Form::new().text("csrf", b.csrf.clone()).part(
            "file",
            reqwest::multipart::Part::bytes("姓名,身份证号\n".as_bytes().to_vec()).file_name("empty.csv"),
        );
        let r = b
            .client
            .post(app.url(&format!("/unions/{union}/members/import")))
            .multipart(form)
            .send()
            .await
            .unwrap();
        let html = r.text().await.unwrap();
        let re = regex_lite::Regex::new(r"/import/([0-9a-f-]{36})/").unwrap();
        if let Some(c) = re.captures(&html) {
            return c[1].to_owned();
        }
    }
    uuid::Uuid::now_v7().to_string()
}

/// A member grant of `user` on `org`, made if missing.
pub(super) async fn fresh_grant(app: &TestApp, w: &World, user: &str, org: &str) -> String {
    let (_, u) = app.get(&w.admin, &format!("/api/v1/users/{user}")).await;
    if let Some(g) =
        u["roles"].as_array().unwrap().iter().find(|g| g["org_id"] == org && g["role"] == "member")
    {
        return g["id"].as_str().unwrap().to_owned();
    }
    let (s, b) = app
        .post(&w.admin, &format!("/api/v1/users/{user}/roles"), json!({"role": "member", "org_id": org}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

pub(super) async fn fresh_post(app: &TestApp, w: &World, union: &str) -> String {
    let (s, b) = app
        .post(
            &w.admin,
            &format!("/api/v1/orgs/{union}/committee/posts"),
            json!({"post": "member", "person_name": "测试委员"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

/// The month of `{period}` and `{month}`: cases close it.
pub(super) const PERIOD: &str = "2026-11";

/// A draft voucher of `union`, made by the admin, so that every other
/// reviewer may review it. It is dated in a month no case closes.
pub(super) async fn fresh_voucher(app: &TestApp, w: &World, union: &str) -> String {
    let n = w.next_id.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let (s, b) = app
        .post(
            &w.admin,
            &format!("/api/v1/unions/{union}/vouchers"),
            json!({
                "date": "2026-01-15",
                "summary": format!("测试凭证{n}"),
                "lines": [
                    {"account": "1001", "debit_fen": 100, "credit_fen": 0},
                    {"account": "4901", "debit_fen": 0, "credit_fen": 100},
                ],
            }),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

/// A file attached to a fresh draft voucher of `union`.
pub(super) async fn fresh_attachment(app: &TestApp, w: &World, union: &str) -> String {
    let voucher = fresh_voucher(app, w, union).await;
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"receipt".to_vec())
            .file_name("receipt.txt")
            .mime_str("text/plain")
            .unwrap(),
    );
    let r = client()
        .post(app.url(&format!("/api/v1/unions/{union}/vouchers/{voucher}/attachments")))
        .bearer_auth(&w.admin)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let s = r.status();
    let b: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap_or_default();
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

/// An open finding of the funds review committee of `union`.
pub(super) async fn fresh_finding(app: &TestApp, w: &World, union: &str) -> String {
    let (s, b) = app
        .post(
            &w.admin,
            &format!("/api/v1/unions/{union}/finance-audit/findings"),
            json!({"title": "测试问题"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

/// A photo of `activity`, uploaded by the admin.
pub(super) async fn fresh_photo(app: &TestApp, w: &World, activity: &str) -> String {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(png).file_name("photo.png"));
    let r = client()
        .post(app.url(&format!("/api/v1/activities/{activity}/photos")))
        .bearer_auth(&w.admin)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let s = r.status();
    let b: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap_or_default();
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

/// An entrant of `contest` (of `union`): a new member of the union.
pub(super) async fn fresh_entrant(app: &TestApp, w: &World, union: &str, contest: &str) -> String {
    let member = fresh_member(app, &w.admin, union, &w.next_id).await;
    let (s, b) = app
        .post(&w.admin, &format!("/api/v1/contests/{contest}/entrants"), json!({"member_id": member}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

/// `user` as a judge of `contest` (of `union`), added if missing; earlier
/// cases may have revoked the user's grant on the union: it is made again.
pub(super) async fn fresh_judge(app: &TestApp, w: &World, union: &str, contest: &str, user: &str) -> String {
    fresh_grant(app, w, user, union).await;
    let (s, b) =
        app.post(&w.admin, &format!("/api/v1/contests/{contest}/judges"), json!({"user_id": user})).await;
    assert!(s == StatusCode::CREATED || s == StatusCode::CONFLICT, "{s} {b}");
    user.to_owned()
}
