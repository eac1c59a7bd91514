//! End-to-end tests: me (issue 19) — requests. A member's applications
//! become their areas' records (hardship file, mutual-aid claim, life event,
//! transfer) and follow them; the officers' work queue with deadlines; the
//! member's rights over their data (copy, access log, corrections,
//! consents); bad input.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{Browser, PASSWORD, TestApp, client, id_number};

struct W {
    admin: String,
    union: String,
    other_union: String,
    chair: String,
    officer: String,
    other_officer: String,
    /// The linked member's account (zhigong.r) and member id.
    me: String,
    member: String,
    /// Another member of the union with an account of their own.
    neighbour: String,
    members: Vec<String>,
}

fn today() -> String {
    domain::time::today(chrono::Utc::now()).to_string()
}

async fn link(app: &TestApp, w_chair: &str, union: &str, member: &str, user: &str) {
    let (s, b) = app
        .api(
            Some(w_chair),
            Method::PUT,
            &format!("/api/v1/unions/{union}/members/{member}/user"),
            Some(json!({"user_id": user})),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{b}");
}

async fn setup(app: &TestApp) -> W {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let other_union = app.org(&admin, "union", "乙公司工会", Some(&fed)).await;
    let chair_id = app.user(&admin, "chair.r", "chair", Some(&union), Some(&union)).await;
    app.user(&admin, "ganshi.r", "officer", Some(&union), Some(&union)).await;
    app.user(&admin, "ganshi.r2", "officer", Some(&other_union), Some(&other_union)).await;
    let chair = app.token("chair.r", PASSWORD).await;
    let officer = app.token("ganshi.r", PASSWORD).await;
    let other_officer = app.token("ganshi.r2", PASSWORD).await;
    let mut members = Vec::new();
    for i in 0..3u32 {
        let (s, b) = app
            .post(
                &admin,
                &format!("/api/v1/unions/{union}/members"),
                json!({"name": format!("职工{i}"), "id_number": id_number(i + 1), "mobile": "13800000000"}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        members.push(b["id"].as_str().unwrap().to_owned());
    }
    let me_id = app.user(&admin, "zhigong.r", "member", Some(&union), Some(&union)).await;
    let n_id = app.user(&admin, "linju.r", "member", Some(&union), Some(&union)).await;
    link(app, &chair, &union, &members[0], &me_id).await;
    link(app, &chair, &union, &members[1], &n_id).await;
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
    // Mutual aid: the whole unit of three enrolled in a hospital plan.
    let (s, _) = app
        .api(Some(&admin), Method::PATCH, &format!("/api/v1/orgs/{union}"), Some(json!({"staff_count": 3})))
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, plan) = app
        .post(&chair, &format!("/api/v1/unions/{union}/mutual-aid/plans"), json!({"kind": "hospital", "name": "住院医疗互助保障",
            "premium_fen": 6000, "term_months": 12, "payout_pct": 50, "per_claim_cap_fen": 300_000, "yearly_cap_fen": 400_000}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{plan}");
    let enrol =
        format!("/api/v1/unions/{union}/mutual-aid/plans/{}/enrolments", plan["id"].as_str().unwrap());
    let (s, rows) = app
        .post(
            &officer,
            &enrol,
            json!({"member_ids": members, "term_start": today(), "approver_user_id": chair_id}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{rows}");
    let me = app.token("zhigong.r", PASSWORD).await;
    let neighbour = app.token("linju.r", PASSWORD).await;
    W {
        admin,
        union,
        other_union,
        chair,
        officer,
        other_officer,
        me,
        member: members[0].clone(),
        neighbour,
        members,
    }
}

fn err(b: &Value) -> (&str, &str) {
    (b["code"].as_str().unwrap_or(""), b["field"].as_str().unwrap_or(""))
}

/// Posts an application as multipart: the JSON and the documents.
async fn submit_with(
    app: &TestApp,
    token: &str,
    application: Value,
    docs: &[(&str, Vec<u8>)],
) -> (StatusCode, Value) {
    let mut form = reqwest::multipart::Form::new().text("application", application.to_string());
    for (name, bytes) in docs {
        form = form
            .part("documents", reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.to_string()));
    }
    let r = client()
        .post(app.url("/api/v1/me/applications"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let s = r.status();
    (s, serde_json::from_str(&r.text().await.unwrap()).unwrap_or(Value::Null))
}

async fn upload(app: &TestApp, token: &str, id: &str, name: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
    let r = client()
        .post(app.url(&format!("/api/v1/me/applications/{id}/files")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let s = r.status();
    (s, serde_json::from_str(&r.text().await.unwrap()).unwrap_or(Value::Null))
}

const PDF: &[u8] = b"%PDF-1.7\n% invoice\n";

async fn applications(app: TestApp) {
    let w = setup(&app).await;
    let u = &w.union;

    // Hardship: a draft file for the officer; the progress follows it.
    let (s, a) = app
        .post(&w.me, "/api/v1/me/applications", json!({"kind": "hardship", "household_size": 3,
            "annual_income_fen": 3_600_000, "hardship_spending_fen": 720_000, "main_cause": "illness",
            "household": [{"name": "李某", "relation": "配偶", "age": 40, "health": "尿毒症透析", "income_fen": 0}]}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    assert_eq!(
        a.as_object().unwrap().keys().collect::<Vec<_>>(),
        vec!["id", "status"],
        "exact contract: {a}"
    );
    assert_eq!(a["status"], "in_progress");
    let hardship = a["id"].as_str().unwrap().to_owned();
    let (s, mine) = app.get(&w.me, &format!("/api/v1/me/applications/{hardship}")).await;
    assert_eq!(s, StatusCode::OK, "{mine}");
    assert_eq!(
        (mine["target_kind"].as_str(), mine["target_status"].as_str()),
        (Some("care_file"), Some("draft"))
    );
    assert_eq!(mine["target_status_label"], "困难职工档案待审批");
    assert!(!mine.to_string().contains("尿毒症"), "health is sealed, not in the details: {mine}");
    let file_id = mine["target_id"].as_str().unwrap().to_owned();
    let (s, f) = app.get(&w.officer, &format!("/api/v1/unions/{u}/hardship-files/{file_id}")).await;
    assert_eq!(s, StatusCode::OK, "{f}");
    assert_eq!((f["status"].as_str(), f["member_id"].as_str()), (Some("draft"), Some(w.member.as_str())));
    assert_eq!(f["household"][0]["health"], "尿毒症透析");
    let db = app.db().await;
    let mut tx = db.read().await.unwrap();
    let stored =
        store::me::application::get(&mut tx, domain::UnionId(u.parse().unwrap()), hardship.parse().unwrap())
            .await
            .unwrap()
            .unwrap();
    drop(tx);
    assert!(!String::from_utf8_lossy(stored.sealed.as_deref().unwrap()).contains("尿毒症"));
    // In the queue with its deadline, linking to the file.
    let (s, q) = app.get(&w.officer, &format!("/api/v1/unions/{u}/requests")).await;
    assert_eq!(s, StatusCode::OK, "{q}");
    let item = &q["applications"][0];
    assert_eq!(item["application"]["id"], hardship.as_str());
    assert_eq!(item["link"], format!("/unions/{u}/care/files/{file_id}"));
    assert!(
        item["application"]["due_on"].as_str().unwrap() > today().as_str() && item["overdue"] == false,
        "{q}"
    );
    // The chair approves the file: the application is approved.
    let (s, f) = app
        .post(
            &w.chair,
            &format!("/api/v1/unions/{u}/hardship-files/{file_id}/decision"),
            json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{f}");
    let (_, mine) = app.get(&w.me, &format!("/api/v1/me/applications/{hardship}")).await;
    assert_eq!((mine["status"].as_str(), mine["step"].as_u64()), (Some("approved"), Some(3)), "{mine}");
    assert_eq!(mine["target_status_label"], "已建档");

    // Claim: documents required; not enrolled on that date is refused.
    let claim =
        json!({"kind": "claim", "event_date": today(), "claimed_fen": 500_000, "description": "住院治疗"});
    let (s, e) = app.post(&w.me, "/api/v1/me/applications", claim.clone()).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "documents")), "{e}");
    let mut early = claim.clone();
    early["event_date"] = json!("2001-01-01");
    let (s, e) = submit_with(&app, &w.me, early, &[("发票.pdf", PDF.to_vec())]).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "plan_id"), "{e}");
    let mut foreign = claim.clone();
    foreign["plan_id"] = json!(uuid::Uuid::now_v7());
    let (s, e) = submit_with(&app, &w.me, foreign, &[("发票.pdf", PDF.to_vec())]).await;
    assert_eq!((s, err(&e).1), (StatusCode::NOT_FOUND, "plan_id"), "{e}");
    let (s, e) = submit_with(&app, &w.me, claim.clone(), &[("发票.docx", b"PK\x03\x04 word".to_vec())]).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "documents"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("图片或PDF"), "{e}");
    let (s, a) = submit_with(&app, &w.me, claim, &[("发票.pdf", PDF.to_vec())]).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    let claim_app = a["id"].as_str().unwrap().to_owned();
    let (_, claims) = app.get(&w.officer, &format!("/api/v1/unions/{u}/mutual-aid/claims")).await;
    let items = claims.as_array().unwrap();
    assert_eq!(items.len(), 1, "{claims}");
    assert_eq!(
        (items[0]["member_id"].as_str(), items[0]["status"].as_str()),
        (Some(w.member.as_str()), Some("filed"))
    );
    let (_, mine) = app.get(&w.me, &format!("/api/v1/me/applications/{claim_app}")).await;
    assert_eq!(mine["files"][0]["file_name"], "发票.pdf", "{mine}");
    assert_eq!(mine["target_status_label"], "理赔待核定");
    // Uploads: not an image or PDF, and a 20 MB photo, refused by name.
    let (s, e) = upload(&app, &w.me, &claim_app, "说明.txt", b"plain text".to_vec()).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "file"), "{e}");
    let mut photo = b"\xFF\xD8\xFF\xE0".to_vec();
    photo.resize(20 * 1024 * 1024, 0);
    let (s, e) = upload(&app, &w.me, &claim_app, "拍照.jpg", photo).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{e}");
    assert!(e["message"].as_str().unwrap().contains("10MB"), "{e}");
    let (s, f) = upload(&app, &w.me, &claim_app, "诊断证明.png", b"\x89PNG\r\n\x1a\n....".to_vec()).await;
    assert_eq!(s, StatusCode::CREATED, "{f}");

    // Another member's application is not found, nor its files.
    let (s, _) = app.get(&w.neighbour, &format!("/api/v1/me/applications/{claim_app}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = upload(&app, &w.neighbour, &claim_app, "x.pdf", PDF.to_vec()).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, theirs) = app.get(&w.neighbour, "/api/v1/me/applications").await;
    assert_eq!(theirs, json!([]));

    // Condolence: a hospital stay reported, approved in the queue, recorded
    // as a life event with the condolence the policy sets.
    let (s, e) = app
        .post(
            &w.me,
            "/api/v1/me/applications",
            json!({"kind": "condolence", "event": "crisis", "date": today()}),
        )
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "event"), "{e}");
    let (s, a) = app
        .post(
            &w.me,
            "/api/v1/me/applications",
            json!({"kind": "condolence", "event": "hospital", "date": today(), "note": "阑尾炎手术住院"}),
        )
        .await;
    assert_eq!((s, a["status"].as_str()), (StatusCode::CREATED, Some("submitted")), "{a}");
    let condolence = a["id"].as_str().unwrap().to_owned();
    let dec = format!("/api/v1/unions/{u}/applications/{condolence}/decision");
    let (s, e) = app.post(&w.officer, &dec, json!({"decision": "reject"})).await;
    assert_eq!(
        (s, err(&e).1),
        (StatusCode::UNPROCESSABLE_ENTITY, "reason"),
        "a rejection needs its reason: {e}"
    );
    // The member's own account cannot decide; another union's id is 404.
    let (s, _) = app.post(&w.me, &dec, json!({"decision": "approve"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app
        .post(
            &w.other_officer,
            &format!("/api/v1/unions/{}/applications/{condolence}/decision", w.other_union),
            json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, d) = app.post(&w.officer, &dec, json!({"decision": "approve", "reason": "已电话慰问"})).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(
        (d["status"].as_str(), d["target_kind"].as_str()),
        (Some("approved"), Some("care_event")),
        "{d}"
    );
    let (s, e) = app.post(&w.officer, &dec, json!({"decision": "approve"})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "conflict"), "deciding twice: {e}");
    let (_, events) = app.get(&w.officer, &format!("/api/v1/unions/{u}/life-events")).await;
    let ev = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == d["target_id"])
        .expect("the event is recorded");
    assert_eq!(
        (ev["kind"].as_str(), ev["member_id"].as_str()),
        (Some("hospital"), Some(w.member.as_str())),
        "{ev}"
    );
    assert!(!ev["due_rule"].as_str().unwrap_or("").is_empty(), "the policy set the condolence: {ev}");
    // A hardship application is decided on its file, not here.
    let (s, e) = app
        .post(
            &w.officer,
            &format!("/api/v1/unions/{u}/applications/{hardship}/decision"),
            json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");

    // Transfer: a transfer request both unions see.
    let (s, e) = app
        .post(
            &w.me,
            "/api/v1/me/applications",
            json!({"kind": "transfer", "to_union_id": uuid::Uuid::now_v7()}),
        )
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::NOT_FOUND, "to_union_id"), "{e}");
    let (s, a) = app
        .post(
            &w.me,
            "/api/v1/me/applications",
            json!({"kind": "transfer", "to_union_id": w.other_union, "reason": "调动工作"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    let transfer_app = a["id"].as_str().unwrap().to_owned();
    let (_, out) = app.get(&w.chair, &format!("/api/v1/unions/{u}/transfers")).await;
    let (_, inc) = app.get(&w.other_officer, &format!("/api/v1/unions/{}/transfers", w.other_union)).await;
    assert!(out.to_string().contains("requested") && inc.to_string().contains("requested"), "{out} {inc}");
    let (_, mine) = app.get(&w.me, &format!("/api/v1/me/applications/{transfer_app}")).await;
    assert_eq!(mine["target_status_label"], "待转出工会审批", "{mine}");
    // The releasing union confirms as for any transfer: the member is now
    // the other union's, and the application is approved.
    let tid = mine["target_id"].as_str().unwrap();
    let (s, t) = app
        .post(&w.chair, &format!("/api/v1/unions/{u}/transfers/{tid}/decision"), json!({"confirm": true}))
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    let (_, mine) = app.get(&w.me, &format!("/api/v1/me/applications/{transfer_app}")).await;
    assert_eq!(
        (mine["status"].as_str(), mine["target_status_label"].as_str()),
        (Some("approved"), Some("已转入")),
        "{mine}"
    );
    let (_, roster) =
        app.get(&w.other_officer, &format!("/api/v1/unions/{}/members?q=职工0", w.other_union)).await;
    assert!(roster.to_string().contains("职工0"), "{roster}");

    // The list with progress, the queue page and the 待办 count.
    let (_, list) = app.get(&w.me, "/api/v1/me/applications").await;
    assert_eq!(list.as_array().unwrap().len(), 4, "{list}");
    let (_, todo) = app.get(&w.officer, "/api/v1/me/todo").await;
    assert!(todo.to_string().contains("member_request"), "{todo}");
    let b = Browser::login(&app, "ganshi.r", PASSWORD).await;
    let (s, html) = b.get(&app, &format!("/unions/{u}/requests")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("困难帮扶") || html.contains("互助保障理赔"), "{html}");
    let m = Browser::login(&app, "zhigong.r", PASSWORD).await;
    let (s, html) = m.get(&app, "/me/applications").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("<progress") && html.contains("慰问申请"), "{html}");
    let (s, html) = m.get(&app, &format!("/me/applications/{condolence}")).await;
    assert_eq!((s, html.contains("已通过")), (StatusCode::OK, true), "{html}");
    let (s, _) = m.get(&app, &format!("/me/applications/{condolence}")).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = Browser::login(&app, "linju.r", PASSWORD)
        .await
        .get(&app, &format!("/me/applications/{condolence}"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    app.stop().await;
}

crate::both!(applications_become_their_records_and_follow_them, applications);

/// The page form keeps what was typed on an error.
async fn forms(app: TestApp) {
    let w = setup(&app).await;
    let m = Browser::login(&app, "zhigong.r", PASSWORD).await;
    for kind in ["hardship", "claim", "condolence", "transfer"] {
        let (s, html) = m.get(&app, &format!("/me/applications/new?kind={kind}")).await;
        assert_eq!(s, StatusCode::OK, "{kind}");
        assert!(html.contains("id=\"application-form\""), "{html}");
    }
    let form = reqwest::multipart::Form::new()
        .text("csrf", m.csrf.clone())
        .text("kind", "claim")
        .text("event_date", today())
        .text("claimed", "1234.5")
        .text("description", "骨折住院");
    let r = m.client.post(app.url("/me/applications")).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("骨折住院") && html.contains("1234.5") && html.contains("至少一份材料"), "{html}");
    let form = reqwest::multipart::Form::new()
        .text("csrf", m.csrf.clone())
        .text("kind", "condolence")
        .text("event", "childbirth")
        .text("date", today())
        .part("documents", reqwest::multipart::Part::bytes(Vec::new()).file_name(""));
    let r = m.client.post(app.url("/me/applications")).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, list) = app.get(&w.me, "/api/v1/me/applications").await;
    assert_eq!(list[0]["kind"], "condolence", "{list}");
    // An account without a member: a clear refusal.
    let (s, e) = app
        .post(
            &w.officer,
            "/api/v1/me/applications",
            json!({"kind": "condolence", "event": "marriage", "date": today()}),
        )
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::CONFLICT, "member"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("没有关联会员档案"), "{e}");
    app.stop().await;
}

crate::both!(application_forms_keep_what_was_typed, forms);

async fn data_rights(app: TestApp) {
    let w = setup(&app).await;
    let u = &w.union;
    let full_id = id_number(1);
    // An officer reveals the member's ID: the member sees it in the log.
    let (s, _) =
        app.post(&w.chair, &format!("/api/v1/unions/{u}/members/{}/reveal-id", w.member), json!({})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, log) = app.get(&w.me, "/api/v1/me/access-log").await;
    assert_eq!(s, StatusCode::OK, "{log}");
    let first = &log[0];
    assert_eq!(
        (first["action"].as_str(), first["actor"].as_str()),
        (Some("member.reveal_id"), Some("chair.r")),
        "{log}"
    );
    assert!(first["what"].as_str().unwrap().contains("证件号码"));
    // The neighbour's log does not show it.
    let (_, theirs) = app.get(&w.neighbour, "/api/v1/me/access-log").await;
    assert!(!theirs.to_string().contains("member.reveal_id"), "{theirs}");

    // A record in a category, then the copy: JSON and .xlsx, the ID masked.
    let (s, _) = app
        .post(
            &w.me,
            "/api/v1/me/applications",
            json!({"kind": "condolence", "event": "marriage", "date": today()}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, copy) = app.get(&w.me, "/api/v1/me/data-export").await;
    assert_eq!(s, StatusCode::OK, "{copy}");
    let text = copy.to_string();
    assert!(!text.contains(&full_id), "the ID number is masked");
    let masked = copy["profile"].as_array().unwrap().iter().find(|p| p["label"] == "证件号码").unwrap();
    assert!(masked["value"].as_str().unwrap().contains('*'), "{masked}");
    let apps = copy["categories"].as_array().unwrap().iter().find(|c| c["key"] == "applications").unwrap();
    assert_eq!(apps["count"], 1, "{apps}");
    assert_eq!(apps["rows"][0][0], "慰问申请");
    let enrolled = copy["categories"].as_array().unwrap().iter().find(|c| c["key"] == "mutual_aid").unwrap();
    assert_eq!(enrolled["count"], 0);
    let r =
        client().get(app.url("/api/v1/me/data-export?format=xlsx")).bearer_auth(&w.me).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap().to_vec();
    let t = sheet::read_table("copy.xlsx", &bytes, &sheet::Limits::default()).unwrap();
    let cells: String = t.rows.iter().flatten().cloned().collect::<Vec<_>>().join("|");
    assert!(cells.contains("职工0") && cells.contains("证件号码") && !cells.contains(&full_id), "{cells}");
    let (_, audit) = app.get(&w.admin, "/api/v1/audit?action=me.data.export").await;
    assert_eq!(audit["total"], 2, "both downloads are audited: {audit}");
    let (_, log) = app.get(&w.me, "/api/v1/me/access-log").await;
    assert!(log.to_string().contains("me.data.export"), "{log}");
    let (s, e) = app.get(&w.me, "/api/v1/me/data-export?format=pdf").await;
    assert_eq!((s, err(&e).1), (StatusCode::BAD_REQUEST, "format"), "{e}");

    // Corrections: to the queue, done once, twice is 409.
    let (s, e) = app.post(&w.me, "/api/v1/me/corrections", json!({"field": "id_number", "value": "x"})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "field"), "{e}");
    let (s, c) = app
        .post(
            &w.me,
            "/api/v1/me/corrections",
            json!({"field": "mobile", "value": "13900000000", "reason": "换了号码"}),
        )
        .await;
    assert_eq!((s, c["status"].as_str()), (StatusCode::CREATED, Some("open")), "{c}");
    let cid = c["id"].as_str().unwrap();
    let (_, q) = app.get(&w.officer, &format!("/api/v1/unions/{u}/requests")).await;
    let qc = &q["corrections"][0];
    assert_eq!(
        (qc["correction"]["id"].as_str(), qc["member_name"].as_str()),
        (Some(cid), Some("职工0")),
        "{q}"
    );
    assert_eq!(qc["link"], format!("/unions/{u}/members/{}/edit", w.member));
    let dec = format!("/api/v1/unions/{u}/corrections/{cid}/decision");
    let (s, e) = app.post(&w.officer, &dec, json!({"decision": "done"})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "note"), "{e}");
    let (s, d) =
        app.post(&w.officer, &dec, json!({"decision": "done", "note": "手机号已改为13900000000"})).await;
    assert_eq!((s, d["status"].as_str()), (StatusCode::OK, Some("done")), "{d}");
    let (s, _) = app.post(&w.officer, &dec, json!({"decision": "reject", "note": "重复"})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (_, mine) = app.get(&w.me, "/api/v1/me/corrections").await;
    assert_eq!(mine[0]["decision_note"], "手机号已改为13900000000", "the change is recorded: {mine}");

    // Consent: withdrawn by the member, seen in the care area.
    let care = format!("/api/v1/unions/{u}/members/{}/care", w.member);
    let (s, c) = app.post(&w.me, "/api/v1/me/consents", json!({"aid_disclosure": true})).await;
    assert_eq!((s, c["aid_disclosure"].as_bool()), (StatusCode::OK, Some(true)), "{c}");
    let (_, mc) = app.get(&w.officer, &care).await;
    assert_eq!(mc["disclosure_consent"], true, "{mc}");
    let (s, c) = app.post(&w.me, "/api/v1/me/consents", json!({"aid_disclosure": false})).await;
    assert_eq!((s, c["history"].as_array().map(Vec::len)), (StatusCode::OK, Some(2)), "{c}");
    let (_, mc) = app.get(&w.officer, &care).await;
    assert_eq!(mc["disclosure_consent"], false, "{mc}");

    // The page: counts, the log, the forms.
    let m = Browser::login(&app, "zhigong.r", PASSWORD).await;
    let (s, html) = m.get(&app, "/me/data").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("id=\"held-applications\"") && html.contains("chair.r") && !html.contains(&full_id),
        "{html}"
    );
    let (s, html, _) = m.post(&app, "/me/data/corrections", &[("field", "name"), ("value", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("<option value=\"name\" selected>"), "the form keeps the choice: {html}");

    // A closed membership: no correction request, with the reason said.
    let (s, b) = app
        .post(
            &w.chair,
            &format!("/api/v1/unions/{u}/members/{}/status", w.member),
            json!({"status": "withdrawn", "reason": "本人申请"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, e) = app.post(&w.me, "/api/v1/me/corrections", json!({"field": "name", "value": "新名字"})).await;
    assert_eq!((s, err(&e).1), (StatusCode::CONFLICT, "member"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("退会"), "{e}");
    let (s, e) = app
        .post(
            &w.me,
            "/api/v1/me/applications",
            json!({"kind": "condolence", "event": "marriage", "date": today()}),
        )
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::CONFLICT, "member"), "{e}");
    // The copy still comes: the data is still held.
    let (s, _) = app.get(&w.me, "/api/v1/me/data-export").await;
    assert_eq!(s, StatusCode::OK);
    let _ = &w.members;
    app.stop().await;
}

crate::both!(the_member_sees_copies_corrects_and_withdraws_their_data, data_rights);
