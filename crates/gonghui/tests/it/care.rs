//! Care on both databases: hardship files computed and protected, life
//! events raising visits, assistance and campaigns through the spending
//! rules into the books, mutual aid, consent-based disclosure, and the bad
//! input of issue 5.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{TestApp, id_number};

struct Care {
    admin: String,
    union: String,
    chair: String,
    officer: String,
    members: Vec<String>,
    /// The chair's account: the 批准人 of the officer's payments.
    chair_id: String,
}

fn today() -> String {
    domain::time::today(chrono::Utc::now()).to_string()
}

async fn setup(app: &TestApp, n: u32) -> Care {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let chair_id = app.user(&admin, "chair.c", "chair", Some(&union), Some(&union)).await;
    app.user(&admin, "ganshi.c", "officer", Some(&union), Some(&union)).await;
    let chair = app.token("chair.c", crate::common::PASSWORD).await;
    let officer = app.token("ganshi.c", crate::common::PASSWORD).await;
    let mut members = Vec::new();
    for i in 0..n {
        let (s, b) = app
            .post(
                &admin,
                &format!("/api/v1/unions/{union}/members"),
                json!({"name": format!("职工{i}"), "id_number": id_number(i + 1)}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        members.push(b["id"].as_str().unwrap().to_owned());
    }
    // 低保 800 a month, provincial average 40,000 a year.
    let (s, b) = app
        .api(
            Some(&chair),
            Method::PUT,
            &format!("/api/v1/unions/{union}/care-policy"),
            Some(json!({"dibao_monthly_fen": 80_000, "province_avg_income_fen": 4_000_000})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    app.fund(&admin, &chair, &union).await;
    Care { admin, union, chair, officer, members, chair_id }
}

fn err(b: &Value) -> (&str, &str) {
    (b["code"].as_str().unwrap_or(""), b["field"].as_str().unwrap_or(""))
}

async fn hardship_files(app: TestApp) {
    let c = setup(&app, 2).await;
    let u = &c.union;
    let url = format!("/api/v1/unions/{u}/hardship-files");
    // (36,000 − 7,200) / 12 / 3 = 800 = 低保: deep.
    let body = json!({"member_id": c.members[0], "household_size": 3, "annual_income_fen": 3_600_000,
        "hardship_spending_fen": 720_000, "main_cause": "illness", "secondary_causes": ["schooling"],
        "household": [{"name": "李某", "relation": "配偶", "age": 40, "health": "尿毒症透析", "income_fen": 0}]});
    let (s, f) = app.post(&c.officer, &url, body.clone()).await;
    assert_eq!(s, StatusCode::CREATED, "{f}");
    assert_eq!(f["category"], "deep");
    assert_eq!(f["status"], "draft");
    assert!(f["reasons"][0].as_str().unwrap().contains("800元"), "{f}");
    let id = f["id"].as_str().unwrap();
    // One open file per household.
    let (s, e) = app.post(&c.officer, &url, body).await;
    assert_eq!((s, err(&e)), (StatusCode::CONFLICT, ("conflict", "member_id")), "{e}");
    // Bad input, with the field named.
    for (patch, field, words) in [
        (json!({"household_size": 0}), "household_size", "家庭人口"),
        (json!({"annual_income_fen": -100}), "annual_income_fen", "不能为负数"),
        (json!({"category": "deep", "override_reason": ""}), "override_reason", "理由"),
    ] {
        let mut b = json!({"member_id": c.members[1], "household_size": 2, "annual_income_fen": 5_000_000, "main_cause": "low_income"});
        for (k, v) in patch.as_object().unwrap() {
            b[k] = v.clone();
        }
        let (s, e) = app.post(&c.officer, &url, b).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert_eq!(e["field"], field, "{e}");
        assert!(e["message"].as_str().unwrap().contains(words), "{e}");
    }
    // An override with a reason is kept beside the computed category.
    let (s, f2) = app
        .post(
            &c.officer,
            &url,
            json!({"member_id": c.members[1], "household_size": 2, "annual_income_fen": 5_000_000,
            "main_cause": "low_income", "category": "relative", "override_reason": "配偶突发重病，收入骤降"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{f2}");
    assert_eq!(
        (f2["category"].as_str(), f2["computed_category"].as_str()),
        (Some("relative"), Some("ineligible"))
    );
    // Approval by the chair, not the officer.
    let dec = format!("{url}/{id}/decision");
    let (s, _) = app.post(&c.officer, &dec, json!({"decision": "approve"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, f) = app.post(&c.chair, &dec, json!({"decision": "approve"})).await;
    assert_eq!(s, StatusCode::OK, "{f}");
    assert_eq!(f["status"], "approved");
    assert!(f["next_review"].is_string());
    // Health and income are encrypted at rest, shown to the officer, and
    // every view is logged.
    let db = app.db().await;
    let mut tx = db.read().await.unwrap();
    let stored = store::care::file(&mut tx, domain::UnionId(u.parse().unwrap()), id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    drop(tx);
    assert!(!String::from_utf8_lossy(&stored.sealed).contains("尿毒症"));
    let (s, d) = app.get(&c.officer, &format!("{url}/{id}")).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["household"][0]["health"], "尿毒症透析");
    assert_eq!(d["annual_income_fen"], 3_600_000);
    let (_, audit) = app.get(&c.admin, "/api/v1/audit?action=care.file.view").await;
    assert!(audit.to_string().contains("care.file.view"), "{audit}");
    // Its page: the close and upload forms have headings.
    let page = crate::common::Browser::login(&app, "ganshi.c", crate::common::PASSWORD).await;
    let (s, html) = page.get(&app, &format!("/unions/{u}/care/files/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("<h2>关闭档案</h2>") && html.contains("<h2>上传证明材料</h2>"), "{html}");
    // Closed: read-only, kept ten years.
    let (s, f) = app.post(&c.officer, &format!("{url}/{id}/close"), json!({"reason": "recovered"})).await;
    assert_eq!(s, StatusCode::OK, "{f}");
    assert!(f["retain_until"].as_str().unwrap() > today().as_str());
    let (s, e) = app
        .post(
            &c.officer,
            &format!("{url}/{id}/review"),
            json!({"household_size": 3, "annual_income_fen": 1, "main_cause": "illness"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    // The member sees their own file once their login is linked.
    let user = app.user(&c.admin, "zhigong.c", "member", Some(u), Some(u)).await;
    let (s, _) = app
        .api(
            Some(&c.chair),
            Method::PUT,
            &format!("/api/v1/unions/{u}/members/{}/user", c.members[0]),
            Some(json!({"user_id": user})),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let me = app.token("zhigong.c", crate::common::PASSWORD).await;
    let (s, mine) = app.get(&me, "/api/v1/me/care").await;
    assert_eq!(s, StatusCode::OK, "{mine}");
    assert_eq!(mine["files"][0]["household"][0]["health"], "尿毒症透析");
    let (s, _) = app.get(&me, &format!("{url}/{id}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    app.stop().await;
}

crate::both!(hardship_files_are_computed_protected_and_closed, hardship_files);

async fn events_and_assistance(app: TestApp) {
    let c = setup(&app, 2).await;
    let u = &c.union;
    let (s, e) = app
        .post(
            &c.officer,
            &format!("/api/v1/unions/{u}/life-events"),
            json!({"member_id": c.members[0], "kind": "hospital", "date": today()}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    assert_eq!(e["condolence_status"], "due");
    assert_eq!(e["due_fen"], 100_000, "{e}");
    let (_, v) = app.get(&c.officer, &format!("/api/v1/unions/{u}/visits?status=open")).await;
    assert_eq!(v["items"][0]["member_id"], c.members[0].as_str(), "{v}");
    assert_eq!(v["items"][0]["kind"], "hospital");
    assert!(v["items"][0]["due_date"].as_str().unwrap() > today().as_str());
    let (s, _) = app
        .post(
            &c.officer,
            &format!("/api/v1/unions/{u}/life-events"),
            json!({"member_id": c.members[0], "kind": "divorce", "date": today()}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // The condolence: over the cap refused naming the rule; twice the same
    // form pays once.
    let pay = |amount: i64, key: &str| {
        json!({"member_id": c.members[0], "kind": "condolence", "item": "hospital", "reason": "住院慰问", "amount_fen": amount,
            "form": "cash", "date": today(), "approver_user_id": c.chair_id, "idempotency_key": key, "event_id": e["id"]})
    };
    let url = format!("/api/v1/unions/{u}/assistance");
    let (s, x) = app.post(&c.officer, &url, pay(150_000, "k1")).await;
    assert_eq!((s, err(&x).0), (StatusCode::UNPROCESSABLE_ENTITY, "policy_refused"), "{x}");
    assert!(x["message"].as_str().unwrap().contains("1000"), "{x}");
    let (s, a) = app.post(&c.officer, &url, pay(50_000, "k2")).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    let (s, a2) = app.post(&c.officer, &url, pay(50_000, "k2")).await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(a["id"], a2["id"]);
    let (_, list) = app.get(&c.chair, &url).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list["total_fen"], 50_000);
    // Posted in the books on 职工集体福利费.
    let (_, tb) = app
        .get(&c.chair, &format!("/api/v1/unions/{u}/reports/trial-balance?period={}", &today()[..7]))
        .await;
    assert!(tb.to_string().contains("510104"), "{tb}");
    let (_, totals) = app.get(&c.chair, &format!("/api/v1/unions/{u}/members/{}/care", c.members[0])).await;
    assert_eq!(totals["totals"][0]["amount_fen"], 50_000, "{totals}");
    // Disclosure: a name only with consent.
    let (_, d) = app.get(&c.chair, &format!("/api/v1/unions/{u}/care-disclosure")).await;
    assert_eq!((d["named"].as_array().unwrap().len(), d["others_count"].as_i64()), (0, Some(1)), "{d}");
    let (s, _) = app
        .api(
            Some(&c.officer),
            Method::PUT,
            &format!("/api/v1/unions/{u}/members/{}/care-consent", c.members[0]),
            Some(json!({"consent": true})),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (_, d) = app.get(&c.chair, &format!("/api/v1/unions/{u}/care-disclosure")).await;
    assert_eq!(d["named"][0]["name"], "职工0", "{d}");
    app.stop().await;
}

crate::both!(life_events_raise_visits_and_condolences_follow_the_rules, events_and_assistance);

async fn campaigns(app: TestApp) {
    let c = setup(&app, 4).await;
    let u = &c.union;
    let url = format!("/api/v1/unions/{u}/campaigns");
    // A gift on a day that is no holiday, and a forbidden form.
    let (s, e) = app
        .post(&c.officer, &url, json!({"kind": "festival", "title": "中秋慰问", "holiday": "mid_autumn", "form": "goods", "amount_fen": 20_000, "pay_date": "2026-06-01"}))
        .await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("policy_refused", "holiday")), "{e}");
    let (s, e) = app
        .post(&c.officer, &url, json!({"kind": "festival", "title": "春节慰问", "holiday": "spring_festival", "form": "shopping_card", "amount_fen": 20_000, "pay_date": "2027-02-01"}))
        .await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("policy_refused", "form")), "{e}");
    // 送温暖 to everyone, one removed at review.
    let (s, camp) = app
        .post(&c.officer, &url, json!({"kind": "warmth", "title": "2026年送温暖", "form": "cash", "amount_fen": 50_000, "pay_date": today()}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{camp}");
    assert_eq!(camp["recipient_count"], 4);
    let id = camp["id"].as_str().unwrap();
    let (s, _) = app
        .api(
            Some(&c.officer),
            Method::PATCH,
            &format!("{url}/{id}/recipients/{}", c.members[3]),
            Some(json!({})),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = app.post(&c.officer, &format!("{url}/{id}/pay"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, a) = app.post(&c.chair, &format!("{url}/{id}/approve"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{a}");
    let (s, paid) = app.post(&c.officer, &format!("{url}/{id}/pay"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{paid}");
    assert_eq!((paid["status"].as_str(), paid["total_fen"].as_i64()), (Some("paid"), Some(150_000)));
    assert_eq!(paid["total_in_words"], "壹仟伍佰元整");
    let (s, again) = app.post(&c.officer, &format!("{url}/{id}/pay"), json!({})).await;
    assert_eq!((s, err(&again).0), (StatusCode::CONFLICT, "already_paid"), "{again}");
    let (_, list) = app.get(&c.chair, &format!("/api/v1/unions/{u}/assistance")).await;
    assert_eq!(list["total_fen"], 150_000, "{list}");
    // One voucher for the total on 送温暖费.
    let (_, tb) = app
        .get(&c.chair, &format!("/api/v1/unions/{u}/reports/trial-balance?period={}", &today()[..7]))
        .await;
    assert!(tb.to_string().contains("530105"), "{tb}");
    app.stop().await;
}

crate::both!(a_campaign_is_built_reviewed_and_paid_once, campaigns);

async fn mutual_aid(app: TestApp) {
    let c = setup(&app, 3).await;
    let u = &c.union;
    let (s, _) = app
        .api(Some(&c.admin), Method::PATCH, &format!("/api/v1/orgs/{u}"), Some(json!({"staff_count": 3})))
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, plan) = app
        .post(&c.chair, &format!("/api/v1/unions/{u}/mutual-aid/plans"), json!({"kind": "hospital", "name": "住院医疗互助保障",
            "premium_fen": 6000, "term_months": 12, "payout_pct": 50, "per_claim_cap_fen": 300_000, "yearly_cap_fen": 400_000}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{plan}");
    let pid = plan["id"].as_str().unwrap();
    let enrol = format!("/api/v1/unions/{u}/mutual-aid/plans/{pid}/enrolments");
    // A unit of three staff joins in full.
    let (s, e) =
        app.post(&c.officer, &enrol, json!({"member_ids": &c.members[..2], "term_start": today()})).await;
    assert_eq!((s, err(&e).0), (StatusCode::UNPROCESSABLE_ENTITY, "policy_refused"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("全员参加"), "{e}");
    // The premium is a payment: it names its approver, who is not the payer.
    let (s, e) = app.post(&c.officer, &enrol, json!({"member_ids": c.members, "term_start": today()})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("approver_user_id")), "{e}");
    let (s, rows) = app
        .post(
            &c.officer,
            &enrol,
            json!({"member_ids": c.members, "term_start": today(), "approver_user_id": c.chair_id}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{rows}");
    let (_, v) = app
        .get(&c.chair, &format!("/api/v1/unions/{u}/vouchers/{}", rows[0]["voucher_id"].as_str().unwrap()))
        .await;
    assert!(v["reviewer"].is_string() && v["reviewer"] != v["maker"], "the chair approved the premium: {v}");
    let eid = rows[0]["id"].as_str().unwrap();
    let claims = format!("/api/v1/unions/{u}/mutual-aid/claims");
    let (s, cl) = app.post(&c.officer, &claims, json!({"enrolment_id": eid, "event_date": today(), "claimed_fen": 1_000_000, "description": "住院治疗"})).await;
    assert_eq!(s, StatusCode::CREATED, "{cl}");
    assert_eq!(cl["proposed_fen"], 300_000);
    let cid = cl["id"].as_str().unwrap();
    let (s, a) = app
        .post(
            &c.chair,
            &format!("{claims}/{cid}/assess"),
            json!({"decision": "approve", "approved_fen": 400_000}),
        )
        .await;
    assert_eq!((s, err(&a).0), (StatusCode::UNPROCESSABLE_ENTITY, "policy_refused"), "{a}");
    let (s, a) = app.post(&c.chair, &format!("{claims}/{cid}/assess"), json!({"decision": "approve"})).await;
    assert_eq!(s, StatusCode::OK, "{a}");
    // The officer pays, the chair approves (issue 13 item 1).
    let approver = json!({"approver_user_id": c.chair_id});
    let (s, p) = app.post(&c.officer, &format!("{claims}/{cid}/pay"), approver.clone()).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    let (s, _) = app.post(&c.officer, &format!("{claims}/{cid}/pay"), approver).await;
    assert_eq!(s, StatusCode::CONFLICT);
    // Second claim uses the rest (100,000); a third is past the yearly cap.
    let (_, cl2) = app.post(&c.officer, &claims, json!({"enrolment_id": eid, "event_date": today(), "claimed_fen": 1_000_000, "description": "再次住院"})).await;
    assert_eq!(cl2["proposed_fen"], 100_000, "{cl2}");
    let (s, _) = app
        .post(
            &c.chair,
            &format!("{claims}/{}/assess", cl2["id"].as_str().unwrap()),
            json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, e) = app.post(&c.officer, &claims, json!({"enrolment_id": eid, "event_date": today(), "claimed_fen": 10_000, "description": "第三次"})).await;
    assert_eq!((s, err(&e).0), (StatusCode::UNPROCESSABLE_ENTITY, "policy_refused"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("年度赔付上限"), "{e}");
    let (_, report) = app.get(&c.chair, &format!("/api/v1/unions/{u}/mutual-aid/report")).await;
    assert_eq!(
        (report[0]["enrolled"].as_i64(), report[0]["premium_fen"].as_i64(), report[0]["paid_fen"].as_i64()),
        (Some(3), Some(18_000), Some(300_000)),
        "{report}"
    );
    app.stop().await;
}

crate::both!(mutual_aid_checks_participation_and_caps, mutual_aid);

/// The care pages' forms: a file with household members (a bad row named,
/// what was typed kept), its review, a condolence paid from its life event,
/// a consent toggled on the member's page, and mutual aid from plan to paid
/// claim — each through the same services the API uses.
async fn care_pages(app: TestApp) {
    use crate::common::Browser;
    let c = setup(&app, 3).await;
    let u = &c.union;
    let officer = Browser::login(&app, "ganshi.c", crate::common::PASSWORD).await;
    let chair = Browser::login(&app, "chair.c", crate::common::PASSWORD).await;
    let m0 = c.members[0].as_str();

    // A file with a household row whose age is not a number.
    let mut form = vec![
        ("member_id", m0),
        ("household_size", "3"),
        ("income", "36000"),
        ("spending", "7200"),
        ("main_cause", "illness"),
        ("hh_name_0", "李某"),
        ("hh_relation_0", "配偶"),
        ("hh_age_0", "四十"),
        ("hh_health_0", "尿毒症透析"),
    ];
    let (s, page, _) = officer.post(&app, &format!("/unions/{u}/care/files"), &form).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("第1行家庭成员的年龄应填写整数"), "the row's error is not shown");
    assert!(page.contains("value=\"尿毒症透析\""), "the typed household row was lost");
    form[7] = ("hh_age_0", "40");
    let (s, _, to) = officer.post(&app, &format!("/unions/{u}/care/files"), &form).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let file_url = to.unwrap();
    let (_, page) = officer.get(&app, &file_url).await;
    assert!(page.contains("李某") && page.contains("尿毒症透析") && page.contains("深度困难"), "{page}");

    // The review starts from the file as it stands; new income recomputes.
    let (s, page) = officer.get(&app, &format!("{file_url}/review")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("value=\"李某\"") && page.contains("value=\"36,000.00\""), "{page}");
    form[2] = ("income", "120000");
    let (s, _, to) = officer.post(&app, &format!("{file_url}/review"), &form).await;
    assert_eq!((s, to.as_deref()), (StatusCode::SEE_OTHER, Some(file_url.as_str())));
    let (_, page) = officer.get(&app, &file_url).await;
    assert!(page.contains("复核：原深度困难，测算为"), "the review is not in the file's log");
    assert!(page.contains("120,000.00元"), "the new income is not on the file");

    // A hospital stay: the care home offers to pay its condolence; the
    // prefilled form pays it against the event, once.
    let (s, ev) = app
        .post(
            &c.officer,
            &format!("/api/v1/unions/{u}/life-events"),
            json!({"member_id": m0, "kind": "hospital", "date": today()}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{ev}");
    let event_id = ev["id"].as_str().unwrap();
    let (_, home) = officer.get(&app, &format!("/unions/{u}/care")).await;
    assert!(home.contains(&format!("assistance?event={event_id}")), "no pay link for the event");
    let (_, pay_page) = officer.get(&app, &format!("/unions/{u}/care/assistance?event={event_id}")).await;
    assert!(
        pay_page.contains(&format!("name=\"event_id\" value=\"{event_id}\"")),
        "the form is not tied to the event"
    );
    let key = uuid::Uuid::new_v4().to_string();
    let pay = [
        ("member_id", m0),
        ("item", "hospital"),
        ("reason", "住院慰问"),
        ("amount", "200"),
        ("form", "cash"),
        ("date", &today()),
        ("approver_user_id", c.chair_id.as_str()),
        ("idempotency_key", &key),
        ("event_id", event_id),
    ];
    let (s, _, _) = officer.post(&app, &format!("/unions/{u}/care/assistance"), &pay).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, home) = officer.get(&app, &format!("/unions/{u}/care")).await;
    assert!(
        home.contains("已慰问") && !home.contains(&format!("assistance?event={event_id}")),
        "the event is not marked paid"
    );

    // Consent on the member's page, with the year's totals.
    let (_, member) = officer.get(&app, &format!("/unions/{u}/members/{m0}")).await;
    assert!(member.contains("住院慰问") || member.contains("200.00"), "no care totals on the member's page");
    assert!(member.contains("未同意，只计入人数和总额"));
    let (s, _, _) =
        officer.post(&app, &format!("/unions/{u}/care/members/{m0}/consent"), &[("consent", "yes")]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, member) = officer.get(&app, &format!("/unions/{u}/members/{m0}")).await;
    assert!(member.contains("本人已书面同意公示姓名"));
    let year = &today()[..4];
    let (_, d) = app.get(&c.chair, &format!("/api/v1/unions/{u}/care-disclosure?year={year}")).await;
    assert!(d.to_string().contains("职工0"), "the consenting member is not named: {d}");

    // Mutual aid: a plan from the presets, the whole unit enrolled, a claim
    // filed, assessed and paid.
    let (s, _) = app
        .api(Some(&c.admin), Method::PATCH, &format!("/api/v1/orgs/{u}"), Some(json!({"staff_count": 3})))
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, page, _) =
        chair.post(&app, &format!("/unions/{u}/care/mutual-aid/plans"), &[("preset", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("请选择保障计划"));
    let (s, _, _) = chair
        .post(&app, &format!("/unions/{u}/care/mutual-aid/plans"), &[("preset", "0"), ("premium", "50")])
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, plans) = app.get(&c.chair, &format!("/api/v1/unions/{u}/mutual-aid/plans")).await;
    let plan = &plans[0];
    assert_eq!(plan["premium_fen"], 5_000, "{plans}");
    let pid = plan["id"].as_str().unwrap();
    let (s, _, _) = officer
        .post(
            &app,
            &format!("/unions/{u}/care/mutual-aid/enrolments"),
            &[("plan_id", pid), ("term_start", &today())],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "the premium needs an approver");
    assert!(html_has_approver_choice(
        &officer.get(&app, &format!("/unions/{u}/care/mutual-aid")).await.1,
        &c.chair_id
    ));
    let (s, _, _) = officer
        .post(
            &app,
            &format!("/unions/{u}/care/mutual-aid/enrolments"),
            &[("plan_id", pid), ("term_start", &today()), ("approver_user_id", c.chair_id.as_str())],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, en) = app.get(&c.chair, &format!("/api/v1/unions/{u}/mutual-aid/enrolments")).await;
    let items = en.as_array().unwrap();
    assert_eq!(items.len(), 3, "the whole unit of three is enrolled: {en}");
    let eid = items[0]["id"].as_str().unwrap();
    let (s, _, _) = officer
        .post(
            &app,
            &format!("/unions/{u}/care/mutual-aid/claims"),
            &[
                ("enrolment_id", eid),
                ("event_date", &today()),
                ("claimed", "2000"),
                ("description", "阑尾炎住院"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, cl) = app.get(&c.chair, &format!("/api/v1/unions/{u}/mutual-aid/claims")).await;
    let cid = cl[0]["id"].as_str().unwrap().to_owned();
    let (s, _, _) = chair
        .post(
            &app,
            &format!("/unions/{u}/care/mutual-aid/claims/{cid}/assess"),
            &[("decision", "approve"), ("approved", "")],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let pay = format!("/unions/{u}/care/mutual-aid/claims/{cid}/pay");
    let (s, _, _) = officer.post(&app, &pay, &[("approver_user_id", c.chair_id.as_str())]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, page) = officer.get(&app, &format!("/unions/{u}/care/mutual-aid")).await;
    assert!(page.contains("已赔付") && page.contains("阑尾炎住院"), "{page}");
    let (_, cl) = app.get(&c.chair, &format!("/api/v1/unions/{u}/mutual-aid/claims")).await;
    assert_eq!(
        (cl[0]["status"].as_str(), cl[0]["approved_fen"].as_i64()),
        (Some("paid"), Some(100_000)),
        "{cl}"
    );
    app.stop().await;
}

crate::both!(care_pages_forms, care_pages);

/// The enrolment form offers this account as the premium's approver.
fn html_has_approver_choice(html: &str, user_id: &str) -> bool {
    html.contains("id=\"enrol-form\"") && html.contains(&format!("<option value=\"{user_id}\""))
}
