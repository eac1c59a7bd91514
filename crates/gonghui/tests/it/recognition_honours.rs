//! Recognition (issue 18): Honours (荣誉): nominate, notice, approve; model-worker care — end to end on every database.
//!
//! The API contract (a recorded honour, a nomination), the workflow
//! nominate → public notice → members' feedback → the chair's approval
//! (not before the notice ends) → recorded; contest winners offered and
//! nominated with one click; the model-worker flag and the yearly care
//! (a visit task in the care area, a 疗休养 offer, once a year); the bad
//! input of the issue; and the pages.

use chrono::{Datelike, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{Browser, PASSWORD, TestApp};

fn err(b: &Value) -> (&str, &str) {
    (b["code"].as_str().unwrap_or(""), b["field"].as_str().unwrap_or(""))
}

fn this_year() -> i32 {
    domain::time::today(Utc::now()).year()
}

struct World {
    union: String,
    chair: String,
    officer: String,
    outsider: String,
    /// 王伟 (in the group), 李娜, 赵敏 with logins linked to them.
    members: Vec<String>,
    tokens: Vec<String>,
    group: String,
    foreign_member: String,
}

async fn world(app: &TestApp, tag: &str) -> World {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let other = app.org(&admin, "union", "乙公司工会", Some(&fed)).await;
    let group = app.org(&admin, "group", "装配车间", Some(&union)).await;
    app.user(&admin, &format!("chair.{tag}"), "chair", Some(&union), Some(&union)).await;
    app.user(&admin, &format!("officer.{tag}"), "officer", Some(&union), Some(&union)).await;
    app.user(&admin, &format!("chair2.{tag}"), "chair", Some(&other), Some(&other)).await;
    let chair = app.token(&format!("chair.{tag}"), PASSWORD).await;
    let officer = app.token(&format!("officer.{tag}"), PASSWORD).await;
    let outsider = app.token(&format!("chair2.{tag}"), PASSWORD).await;
    let mut members = Vec::new();
    for (i, name) in ["王伟", "李娜", "赵敏"].iter().enumerate() {
        let g = (i == 0).then_some(group.as_str());
        members.push(crate::activity::member(app, &chair, &union, name, 60 + i as u32, g).await);
    }
    let tokens = crate::activity::logins(app, &union, &members, tag).await;
    let foreign_member = crate::activity::member(app, &outsider, &other, "钱多", 70, None).await;
    World { union, chair, officer, outsider, members, tokens, group, foreign_member }
}

fn provincial(member: &str) -> Value {
    json!({
        "member_id": member,
        "title": "省劳动模范",
        "level": "provincial",
        "year": 2019,
        "awarding_body": "河南省人民政府",
        "citation": "带领班组攻克焊接变形难题，年节约成本80万元。",
    })
}

fn nomination(member: &str) -> Value {
    json!({
        "member_id": member,
        "title": "advanced_worker",
        "level": "unit",
        "year": this_year(),
        "awarding_body": "甲公司",
        "citation": "全年安全生产无事故。",
        "nominate": true,
    })
}

async fn count(app: &TestApp, w: &World) -> usize {
    let (s, b) = app.get(&w.chair, &format!("/api/v1/unions/{}/honours", w.union)).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["items"].as_array().unwrap().len()
}

/// Ends the honour's notice yesterday, as if its days had passed.
async fn end_notice(app: &TestApp, union: &str, id: &str) {
    let db = app.db().await;
    let mut tx = db.write().await.unwrap();
    let u = domain::UnionId(Uuid::parse_str(union).unwrap());
    let mut h = store::recognition::honour::get(&mut tx, u, Uuid::parse_str(id).unwrap())
        .await
        .unwrap()
        .unwrap()
        .honour;
    let yesterday = domain::time::today(Utc::now()) - chrono::Days::new(1);
    h.notice_from = Some(yesterday - chrono::Days::new(7));
    h.notice_until = Some(yesterday);
    assert_eq!(store::recognition::honour::update_step(&mut tx, u, &h, "notice").await.unwrap(), 1);
    tx.commit().await.unwrap();
    db.close().await;
}

/// The contract, the whole workflow and the model-worker flag.
async fn contract_and_workflow(app: TestApp) {
    let w = world(&app, "hw").await;
    let url = format!("/api/v1/unions/{}/honours", w.union);

    // An honour awarded outside is recorded straight away, and its holder
    // becomes a model worker.
    let (s, b) = app.post(&w.officer, &url, provincial(&w.members[0])).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let keys: Vec<&str> = b.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, vec!["id", "status"], "{b}");
    assert_eq!(b["status"], "recorded");
    let recorded = b["id"].as_str().unwrap().to_owned();
    let (_, one) = app.get(&w.chair, &format!("/api/v1/honours/{recorded}")).await;
    assert_eq!(
        (one["title_kind"].as_str(), one["title"].as_str()),
        (Some("model_worker"), Some("省劳动模范")),
        "{one}"
    );
    assert_eq!((one["holder"].as_str(), one["source"].as_str()), (Some("王伟"), Some("record")), "{one}");
    let (_, mw) = app.get(&w.chair, &format!("/api/v1/unions/{}/model-workers", w.union)).await;
    let names: Vec<&str> =
        mw["items"].as_array().unwrap().iter().filter_map(|i| i["name"].as_str()).collect();
    assert_eq!(names, vec!["王伟"], "{mw}");
    // The activities' audience reads the same flag.
    let (_, m) = app.get(&w.chair, &format!("/api/v1/unions/{}/members/{}", w.union, w.members[0])).await;
    assert_eq!(m["model_worker"], true, "{m}");

    // A nomination: nominated → notice on the board.
    let (s, b) = app.post(&w.officer, &url, nomination(&w.members[1])).await;
    assert_eq!((s, b["status"].as_str()), (StatusCode::CREATED, Some("nominated")), "{b}");
    let id = b["id"].as_str().unwrap().to_owned();
    let one = format!("/api/v1/honours/{id}");
    // Not before the notice.
    let (s, e) = app.post(&w.chair, &format!("{one}/approve"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    let (s, e) = app.post(&w.officer, &format!("{one}/notice"), json!({"days": 31})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "days"), "{e}");
    let (s, h) = app.post(&w.officer, &format!("{one}/notice"), json!({"days": 5})).await;
    assert_eq!((s, h["status"].as_str()), (StatusCode::OK, Some("notice")), "{h}");
    assert_eq!(h["notice_days"], 5);
    let item = h["disclosure_item_id"].as_str().unwrap().to_owned();
    let (s, board) = app.get(&w.tokens[2], &format!("/api/v1/unions/{}/disclosures/{item}", w.union)).await;
    assert_eq!(s, StatusCode::OK, "{board}");
    assert!(board.to_string().contains("李娜") && board.to_string().contains("先进工作者"), "{board}");
    // A member's feedback on the board shows on the honour.
    let (s, f) = app
        .post(
            &w.tokens[2],
            &format!("/api/v1/unions/{}/disclosures/{item}/feedback", w.union),
            json!({"body": "李娜同志工作认真，同意推荐。"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{f}");
    // The chair alone approves, and not before the notice has ended.
    let (s, _) = app.post(&w.officer, &format!("{one}/approve"), json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, e) = app.post(&w.chair, &format!("{one}/approve"), json!({})).await;
    assert_eq!((s, err(&e)), (StatusCode::CONFLICT, ("conflict", "status")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("公示期满后才能批准"), "{e}");
    end_notice(&app, &w.union, &id).await;
    let (s, h) = app.post(&w.chair, &format!("{one}/approve"), json!({"note": "同意"})).await;
    assert_eq!((s, h["status"].as_str()), (StatusCode::OK, Some("recorded")), "{h}");
    let (_, d) = app.get(&w.chair, &one).await;
    assert_eq!(d["feedback"][0]["body"], "李娜同志工作认真，同意推荐。", "{d}");
    assert_ne!(d["feedback"][0]["author"], "职工", "{d}");
    // The auditor reads what was said, not by whom (as on the board).
    let admin = app.admin().await;
    app.user(&admin, "auditor.hw", "auditor", Some(&w.union), Some(&w.union)).await;
    let auditor = app.token("auditor.hw", PASSWORD).await;
    let (s, d) = app.get(&auditor, &one).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(
        (d["feedback"][0]["author"].as_str(), d["feedback"][0]["body"].as_str()),
        (Some("职工"), Some("李娜同志工作认真，同意推荐。")),
        "{d}"
    );
    assert_eq!(d["decision_note"], "同意");
    // 先进工作者 is no model-worker title.
    let (_, mw) = app.get(&w.chair, &format!("/api/v1/unions/{}/model-workers", w.union)).await;
    assert_eq!(mw["items"].as_array().unwrap().len(), 1, "{mw}");
    // Approved once: no second decision.
    let (s, _) = app.post(&w.chair, &format!("{one}/withdraw"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT);

    // A collective honour of the group, seen by its members.
    let (s, b) = app
        .post(
            &w.officer,
            &url,
            json!({"collective": "装配车间焊接班", "collective_kind": "group", "group_id": w.group,
                   "title": "工人先锋号", "level": "city", "year": 2024, "awarding_body": "市总工会"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");

    // Filters.
    let q = |s: &str| format!("{url}?{s}");
    let n = |b: &Value| b["items"].as_array().unwrap().len();
    assert_eq!(n(&app.get(&w.chair, &q("status=recorded")).await.1), 3);
    assert_eq!(n(&app.get(&w.chair, &q("level=provincial")).await.1), 1);
    assert_eq!(n(&app.get(&w.chair, &q("holder=collective")).await.1), 1);
    assert_eq!(n(&app.get(&w.chair, &q("title=model_worker&year=2019")).await.1), 1);
    let (s, e) = app.get(&w.chair, &q("level=township")).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "level"), "{e}");

    // Mine: 王伟 sees his 省劳模 and his group's 工人先锋号; 赵敏 nothing.
    let (s, mine) = app.get(&w.tokens[0], &format!("{url}/mine")).await;
    assert_eq!(s, StatusCode::OK, "{mine}");
    let titles: Vec<&str> =
        mine["items"].as_array().unwrap().iter().filter_map(|i| i["title"].as_str()).collect();
    assert_eq!(titles.len(), 2, "{mine}");
    assert!(titles.contains(&"省劳动模范") && titles.contains(&"工人先锋号"), "{mine}");
    assert_eq!(n(&app.get(&w.tokens[2], &format!("{url}/mine")).await.1), 0);
    // A member does not read the register.
    assert_eq!(app.get(&w.tokens[2], &url).await.0, StatusCode::FORBIDDEN);

    // Rejection and withdrawal of other nominations.
    let (_, b) = app.post(&w.officer, &url, nomination(&w.members[2])).await;
    let other = format!("/api/v1/honours/{}", b["id"].as_str().unwrap());
    app.post(&w.officer, &format!("{other}/notice"), json!({})).await;
    let (s, e) = app.post(&w.chair, &format!("{other}/reject"), json!({"reason": "  "})).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("required", "reason")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("理由"), "{e}");
    assert_eq!(app.get(&w.chair, &other).await.1["status"], "notice", "nothing half-written");
    let (s, h) =
        app.post(&w.chair, &format!("{other}/reject"), json!({"reason": "公示期间收到反映，情况属实"})).await;
    assert_eq!((s, h["status"].as_str()), (StatusCode::OK, Some("rejected")), "{h}");
    // The notice left the board.
    let item = h["disclosure_item_id"].as_str().unwrap();
    let (s, _) = app.get(&w.tokens[2], &format!("/api/v1/unions/{}/disclosures/{item}", w.union)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, b) = app.post(&w.officer, &url, nomination(&w.members[2])).await;
    let third = format!("/api/v1/honours/{}", b["id"].as_str().unwrap());
    let (s, h) = app.post(&w.officer, &format!("{third}/withdraw"), json!({"reason": "本人谦让"})).await;
    assert_eq!((s, h["status"].as_str()), (StatusCode::OK, Some("withdrawn")), "{h}");

    // Evidence: a PDF in, the same bytes out; a text file refused.
    let pdf = b"%PDF-1.4\n% certificate\n".to_vec();
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(pdf.clone()).file_name("证书.pdf"));
    let r = crate::common::client()
        .post(app.url(&format!("/api/v1/honours/{recorded}/files")))
        .bearer_auth(&w.officer)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let f: Value = r.json().await.unwrap();
    let r = crate::common::client()
        .get(app.url(&format!("/api/v1/honours/{recorded}/files/{}", f["id"].as_str().unwrap())))
        .bearer_auth(&w.chair)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(b"hello".to_vec()).file_name("a.txt"));
    let r = crate::common::client()
        .post(app.url(&format!("/api/v1/honours/{recorded}/files")))
        .bearer_auth(&w.officer)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.get(&w.chair, &format!("/api/v1/honours/{recorded}")).await.1["files"].as_array().unwrap().len(),
        1
    );
    app.stop().await;
}
crate::both!(honours_contract_and_workflow, contract_and_workflow);

/// The bad input of the issue, each refused naming its field with nothing
/// written; another union's honour does not exist.
async fn bad_input(app: TestApp) {
    let w = world(&app, "hb").await;
    let url = format!("/api/v1/unions/{}/honours", w.union);
    let (s, e) = app.post(&w.officer, &url, provincial(&w.foreign_member)).await;
    assert_eq!((s, err(&e)), (StatusCode::NOT_FOUND, ("not_found", "member_id")), "{e}");
    let mut b = provincial(&w.members[0]);
    b["level"] = json!("township");
    let (s, e) = app.post(&w.officer, &url, b).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("invalid_value", "level")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("国家级"), "{e}");
    let mut b = provincial(&w.members[0]);
    b["collective"] = json!("焊接班");
    let (s, e) = app.post(&w.officer, &url, b).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "collective"), "{e}");
    let mut b = provincial(&w.members[0]);
    b["year"] = json!(1900);
    let (s, e) = app.post(&w.officer, &url, b).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "year"), "{e}");
    let (s, e) = app
        .post(
            &w.officer,
            &url,
            json!({"collective": "焊接班", "group_id": Uuid::now_v7(), "title": "工人先锋号",
            "level": "unit", "year": 2024, "awarding_body": "公司"}),
        )
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::NOT_FOUND, "group_id"), "{e}");
    assert_eq!(count(&app, &w).await, 0, "nothing half-written");
    // A model worker not flagged: no care; nothing flagged by a refusal.
    let (_, mw) = app.get(&w.chair, &format!("/api/v1/unions/{}/model-workers", w.union)).await;
    assert_eq!(mw["items"].as_array().unwrap().len(), 0, "{mw}");
    // Another union's honour id: not found for the outsider, also its steps.
    let (_, b) = app.post(&w.officer, &url, nomination(&w.members[1])).await;
    let id = b["id"].as_str().unwrap();
    assert_eq!(app.get(&w.outsider, &format!("/api/v1/honours/{id}")).await.0, StatusCode::NOT_FOUND);
    let (s, _) = app.post(&w.outsider, &format!("/api/v1/honours/{id}/notice"), json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.post(&w.outsider, &format!("/api/v1/honours/{id}/approve"), json!({})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.get(&w.chair, &format!("/api/v1/honours/{}", Uuid::now_v7())).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    app.stop().await;
}
crate::both!(honours_bad_input, bad_input);

/// A published contest of `union` with prizes for an individual (the
/// member) and a team, written as the contests area would; its id and the
/// entrants' ids.
async fn published_contest(app: &TestApp, union: &str, member: &str) -> (String, String, String) {
    use store::activity::contest::{Contest, Entrant, Prize};
    let db = app.db().await;
    let mut tx = db.write().await.unwrap();
    let union_id = Uuid::parse_str(union).unwrap();
    let u = domain::UnionId(union_id);
    let now = store::now();
    let c = Contest {
        union_id,
        id: Uuid::now_v7(),
        kind: "skill_contest".into(),
        title: "焊工技能比武".into(),
        rules: "实操考核".into(),
        starts_on: chrono::NaiveDate::from_ymd_opt(this_year(), 1, 10).unwrap(),
        ends_on: chrono::NaiveDate::from_ymd_opt(this_year(), 1, 20).unwrap(),
        criteria: "[]".into(),
        trimmed_mean: false,
        published_at: None,
        created_by: "test".into(),
        created_at: now,
    };
    store::activity::contest::insert(&mut tx, u, &c).await.unwrap();
    store::directory::register(&mut tx, u, store::directory::CONTEST, c.id).await.unwrap();
    let member_id = Uuid::parse_str(member).unwrap();
    let one = Entrant {
        union_id,
        contest_id: c.id,
        id: Uuid::now_v7(),
        member_id: Some(member_id),
        name: "王伟".into(),
        created_at: now,
    };
    let team = Entrant {
        union_id,
        contest_id: c.id,
        id: Uuid::now_v7(),
        member_id: None,
        name: "焊花队".into(),
        created_at: now,
    };
    store::activity::contest::insert_entrant(&mut tx, u, &one, &[]).await.unwrap();
    store::activity::contest::insert_entrant(&mut tx, u, &team, &[]).await.unwrap();
    let prize = |e: Uuid, t: &str| Prize {
        entrant_id: e,
        title: t.into(),
        amount_fen: 50_000,
        form: "cash".into(),
        created_by: "test".into(),
        created_at: now,
    };
    store::activity::contest::replace_prizes(
        &mut tx,
        u,
        c.id,
        &[prize(one.id, "一等奖"), prize(team.id, "团体奖")],
    )
    .await
    .unwrap();
    store::activity::contest::set_published(&mut tx, u, c.id, now).await.unwrap();
    tx.commit().await.unwrap();
    db.close().await;
    (c.id.to_string(), one.id.to_string(), team.id.to_string())
}

/// Contest winners offered and nominated; model workers' yearly care.
async fn contest_and_care(app: TestApp) {
    let w = world(&app, "hc").await;
    let u = &w.union;
    let (contest, one, team) = published_contest(&app, u, &w.members[0]).await;
    let cands = format!("/api/v1/unions/{u}/honour-candidates");
    let (s, b) = app.get(&w.chair, &cands).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["items"].as_array().unwrap().len(), 2, "{b}");
    let from = format!("/api/v1/unions/{u}/honours/from-contest");
    let (s, h) = app.post(&w.officer, &from, json!({"contest_id": contest, "entrant_id": one})).await;
    assert_eq!((s, h["status"].as_str()), (StatusCode::CREATED, Some("nominated")), "{h}");
    let (_, d) = app.get(&w.chair, &format!("/api/v1/honours/{}", h["id"].as_str().unwrap())).await;
    assert_eq!(
        (d["source"].as_str(), d["contest_id"].as_str(), d["entrant_id"].as_str()),
        (Some("contest"), Some(contest.as_str()), Some(one.as_str())),
        "{d}"
    );
    assert_eq!(
        (d["title"].as_str(), d["holder"].as_str(), d["level"].as_str()),
        (Some("工匠"), Some("王伟"), Some("unit")),
        "{d}"
    );
    assert!(d["citation"].as_str().unwrap().contains("一等奖"), "{d}");
    // The team as a collective, with the title asked for.
    let (s, h) = app
        .post(
            &w.officer,
            &from,
            json!({"contest_id": contest, "entrant_id": team, "title": "巾帼文明岗", "level": "district"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    let (_, d) = app.get(&w.chair, &format!("/api/v1/honours/{}", h["id"].as_str().unwrap())).await;
    assert_eq!(
        (d["holder_kind"].as_str(), d["holder"].as_str()),
        (Some("collective"), Some("焊花队")),
        "{d}"
    );
    // Offered once; another union's contest does not exist.
    assert_eq!(app.get(&w.chair, &cands).await.1["items"].as_array().unwrap().len(), 0);
    let (s, e) = app.post(&w.officer, &from, json!({"contest_id": contest, "entrant_id": one})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    let (s, e) = app
        .post(
            &w.outsider,
            &format!("/api/v1/unions/{u}/honours/from-contest"),
            json!({"contest_id": contest, "entrant_id": one}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{e}");

    // Care: only for a model worker.
    let care = |m: &str| format!("/api/v1/unions/{u}/model-workers/{m}/care");
    let year = this_year();
    let (s, e) = app.post(&w.chair, &care(&w.members[1]), json!({"year": year})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "member_id"), "{e}");
    let (s, _) = app.post(&w.chair, &care(&w.foreign_member), json!({"year": year})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, b) =
        app.post(&w.officer, &format!("/api/v1/unions/{u}/honours"), provincial(&w.members[1])).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let list = format!("/api/v1/unions/{u}/model-workers?year={year}");
    let (_, mw) = app.get(&w.chair, &list).await;
    assert_eq!((mw["due"].as_u64(), mw["items"][0]["name"].as_str()), (Some(1), Some("李娜")), "{mw}");
    let (s, c) = app.post(&w.chair, &care(&w.members[1]), json!({"year": year})).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let visit = c["visit_id"].as_str().unwrap().to_owned();
    let activity = c["activity_id"].as_str().expect("a 疗休养 offer").to_owned();
    // The visit is a task in the care area.
    let (_, visits) = app.get(&w.chair, &format!("/api/v1/unions/{u}/visits?status=open")).await;
    let v = visits["items"].as_array().unwrap().iter().find(|v| v["id"] == visit.as_str()).cloned();
    let v = v.unwrap_or_else(|| panic!("no visit {visit} in {visits}"));
    assert_eq!(
        (v["member_id"].as_str(), v["kind"].as_str()),
        (Some(w.members[1].as_str()), Some("劳模慰问")),
        "{v}"
    );
    // The offer is a 疗休养 for model workers.
    let (s, a) = app.get(&w.chair, &format!("/api/v1/activities/{activity}")).await;
    assert_eq!(s, StatusCode::OK, "{a}");
    assert_eq!(a["kind"], "rest", "{a}");
    assert!(a.to_string().contains("model_workers"), "{a}");
    // Twice for the same year: 409, nothing more written.
    let (s, e) = app.post(&w.chair, &care(&w.members[1]), json!({"year": year})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "conflict"), "{e}");
    let (_, visits) = app.get(&w.chair, &format!("/api/v1/unions/{u}/visits")).await;
    assert_eq!(visits["items"].as_array().unwrap().len(), 1, "{visits}");
    let (_, mw) = app.get(&w.chair, &list).await;
    assert_eq!(mw["due"], 0, "{mw}");
    assert_eq!(mw["items"][0]["activity_id"], activity.as_str(), "{mw}");
    app.stop().await;
}
crate::both!(honours_contest_and_care, contest_and_care);

/// The pages: the register, the form keeping what was typed, one honour's
/// workflow, print and Excel, the member's phone page.
async fn pages(app: TestApp) {
    let w = world(&app, "hp").await;
    let u = &w.union;
    let chair = Browser::login(&app, "chair.hp", PASSWORD).await;
    let form = [
        ("mode", "nominate"),
        ("holder", "person"),
        ("member_id", w.members[1].as_str()),
        ("title", "优秀工会干部"),
        ("level", "unit"),
        ("year", "19"),
        ("awarding_body", "甲公司工会"),
        ("citation", "热心会员服务"),
    ];
    let (s, html, _) = chair.post(&app, &format!("/unions/{u}/honours"), &form).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("value=\"优秀工会干部\"") && html.contains("热心会员服务") && html.contains("年度应在"),
        "{html}"
    );
    let mut form = form;
    form[5] = ("year", "2026");
    let (s, _, to) = chair.post(&app, &format!("/unions/{u}/honours"), &form).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let to = to.unwrap();
    let (s, html) = chair.get(&app, &to).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("notice-form") && html.contains("已提名"), "{html}");
    let (s, _, _) = chair.post(&app, &format!("{to}/notice"), &[("days", "3")]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, html) = chair.get(&app, &to).await;
    assert!(
        html.contains("公示中") && html.contains("approve-form") && html.contains("公示期满后主席才能批准"),
        "{html}"
    );
    let (_, html) = chair.get(&app, &format!("/unions/{u}/honours")).await;
    assert!(html.contains("李娜") && html.contains("优秀工会干部"), "{html}");
    let (s, html) = chair.get(&app, &format!("/unions/{u}/honours/print?status=notice")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("荣誉台帐") && html.contains("公示中") && html.contains("李娜"), "{html}");
    let r = crate::common::client()
        .get(app.url(&format!("/unions/{u}/honours.xlsx")))
        .bearer_auth(&w.chair)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.unwrap().starts_with(b"PK"));
    let (s, html) = chair.get(&app, &format!("/unions/{u}/model-workers")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("劳模关爱"), "{html}");
    let (s, _) = chair.get(&app, &format!("/unions/{u}/honour-candidates")).await;
    assert_eq!(s, StatusCode::OK);
    // The member's phone page, with the tabs.
    let (_, b) = app.post(&w.chair, &format!("/api/v1/unions/{u}/honours"), provincial(&w.members[0])).await;
    assert_eq!(b["status"], "recorded", "{b}");
    let r = crate::common::client()
        .get(app.url(&format!("/unions/{u}/honours/mine")))
        .bearer_auth(&w.tokens[0])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("我的建议") && html.contains("我的培训") && html.contains("省劳动模范"), "{html}");
    app.stop().await;
}
crate::both!(honours_pages, pages);

/// The route × role test's fixture: a nominated collective honour of
/// `union` made by the admin, its id.
pub async fn fixture(app: &crate::common::TestApp, admin: &str, union: &str) -> String {
    let (s, b) = app
        .post(
            admin,
            &format!("/api/v1/unions/{union}/honours"),
            json!({"collective": "装配车间焊接班", "collective_kind": "department", "title": "工人先锋号",
                   "level": "unit", "year": 2025, "awarding_body": "公司", "nominate": true}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}
