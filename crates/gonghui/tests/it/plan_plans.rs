//! Plans (issue 20): work plans pasted, targets read, confirmed and
//! followed, on every database. The extraction API gives exactly the
//! domain's candidates; a plan is made with its sections and suggested
//! targets, or refused naming the field with nothing saved; targets are
//! confirmed, corrected, made manual and typed; records move the progress;
//! another union's plan, target, task or section is 404.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::both;
use crate::common::{Browser, PASSWORD, TestApp};

const SEEDS: [&str; 3] = [
    include_str!("../../../domain/src/plan/seeds/000_6fd2ff6756ff44f6.txt"),
    include_str!("../../../domain/src/plan/seeds/001_031ff6f7eb7b6571.txt"),
    include_str!("../../../domain/src/plan/seeds/002_81eccbbc9132d5d4.txt"),
];

/// A short plan of a union: two sections, four targets (one whose
/// suggested metric a union cannot compute).
const PLAN: &str = "2026年工会工作计划\n一、组织建设\n（一）建会入会\n正常经营企业建会率达到95%以上。\n二、文体活动\n全年举办文体活动不少于10次。\n活动参与面达到90%以上。\n三、帮扶\n开展慰问，款项达2万余元。\n";

fn err(b: &Value) -> (&str, &str) {
    (b["code"].as_str().unwrap_or(""), b["field"].as_str().unwrap_or(""))
}

fn year() -> i32 {
    chrono::Datelike::year(&domain::time::today(Utc::now()))
}

/// A work plan of `union` made through the API, for the route × role
/// world; answers its id.
pub async fn fixture(app: &TestApp, token: &str, union: &str) -> String {
    let b = json!({"title": "年度工作计划", "year": year(), "half": null, "text": PLAN});
    let (s, p) = app.post(token, &format!("/api/v1/orgs/{union}/work-plans"), b).await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    p["id"].as_str().unwrap().to_owned()
}

fn target<'a>(plan: &'a Value, piece: &str) -> &'a Value {
    plan["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["sentence"].as_str().unwrap_or("").contains(piece))
        .unwrap_or_else(|| panic!("no target with {piece}: {plan}"))
}

async fn extraction(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let u = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    app.user(&admin, "chair.pe", "chair", Some(&u), Some(&u)).await;
    app.user(&admin, "member.pe", "member", Some(&u), Some(&u)).await;
    let chair = app.token("chair.pe", PASSWORD).await;
    let member = app.token("member.pe", PASSWORD).await;
    for seed in SEEDS {
        let want = domain::plan::extract::extract(seed);
        let (s, got) = app.post(&chair, "/api/v1/work-plans/extract", json!({"text": seed})).await;
        assert_eq!(s, StatusCode::OK, "{got}");
        let got = got["targets"].as_array().unwrap().clone();
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g["sentence"].as_str(), Some(w.sentence.as_str()));
            assert_eq!(g["comparator"].as_str(), Some(w.comparator.as_str()));
            assert_eq!(g["value"].as_f64(), Some(w.value));
            assert_eq!(g["unit"].as_str(), Some(w.unit.as_str()));
            assert_eq!(g["metric"].as_str(), w.metric.map(|m| m.as_str()));
        }
    }
    let (_, r) = app.post(&chair, "/api/v1/work-plans/extract", json!({"text": SEEDS[0]})).await;
    let t = r["targets"].as_array().unwrap();
    let rate =
        t.iter().find(|t| t["sentence"].as_str().unwrap().contains("25人以上企业建独立工会率")).unwrap();
    assert_eq!(
        (rate["comparator"].as_str(), rate["value"].as_f64(), rate["unit"].as_str(), rate["metric"].as_str()),
        (Some(">="), Some(95.0), Some("%"), Some("unionisation_rate"))
    );
    assert_eq!(rate["scope"], json!({"min_staff": 25}));
    // Nothing is written; a member (no PlanView anywhere) may not use it.
    let (_, list) = app.get(&chair, &format!("/api/v1/orgs/{u}/work-plans")).await;
    assert_eq!(list["items"], json!([]));
    let (s, _) = app.post(&member, "/api/v1/work-plans/extract", json!({"text": PLAN})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Over the limit, and a 10 MB paste: 422 naming the text and the limit.
    let long = "建会率达到95%以上。".repeat(12_000);
    let huge = "职".repeat(10 * 1024 * 1024 / 3);
    for text in [long, huge] {
        let (s, e) = app.post(&chair, "/api/v1/work-plans/extract", json!({"text": text})).await;
        assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("too_long", "text")), "{e}");
        assert!(e["message"].as_str().unwrap().contains("100000"), "{e}");
    }
    app.stop().await;
}
both!(plan_extract_api, extraction);

async fn create_and_refuse(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let u = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    app.user(&admin, "chair.pc", "chair", Some(&u), Some(&u)).await;
    let chair = app.token("chair.pc", PASSWORD).await;
    let url = format!("/api/v1/orgs/{u}/work-plans");
    let y = year();

    let (s, p) = app
        .post(&chair, &url, json!({"title": "2026年工作计划", "year": y, "half": null, "text": PLAN}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    let titles: Vec<&str> =
        p["sections"].as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["一、组织建设", "二、文体活动", "三、帮扶"]);
    assert_eq!(p["targets"].as_array().unwrap().len(), 4, "{p}");
    // Each target sits in its section; all are suggested.
    let act = target(&p, "举办文体活动");
    assert_eq!(act["section_id"], p["sections"][1]["id"]);
    assert_eq!(
        (act["status"].as_str(), act["metric"].as_str()),
        (Some("suggested"), Some("activities_held"))
    );
    assert_eq!(
        (act["comparator"].as_str(), act["value"].as_f64(), act["unit"].as_str()),
        (Some(">="), Some(10.0), Some("次"))
    );
    assert!(act["current"].as_f64().is_some() && act["progress"]["light"].is_string(), "{act}");
    // 建会率 is the federation's: a union's plan leaves it unbound.
    let rate = target(&p, "建会率");
    assert_eq!((rate["metric"].clone(), rate["current"].clone()), (Value::Null, Value::Null), "{rate}");
    // 万元 stays 万元.
    assert_eq!(target(&p, "慰问")["unit"].as_str(), Some("万元"));

    let (s, list) = app.get(&chair, &url).await;
    assert_eq!((s, list["items"].as_array().map(Vec::len)), (StatusCode::OK, Some(1)), "{list}");
    assert_eq!(list["items"][0]["targets"].as_i64(), Some(4));

    // Refusals name the field; nothing is saved.
    let bad = [
        (json!({"title": "无目标", "year": y, "half": null, "text": "加强学习，提高认识。"}), "text"),
        (json!({"title": "半年", "year": y, "half": 3, "text": PLAN}), "half"),
        (json!({"title": "年度", "year": 1900, "half": null, "text": PLAN}), "year"),
        (json!({"title": " ", "year": y, "half": null, "text": PLAN}), "title"),
    ];
    for (b, field) in bad {
        let (s, e) = app.post(&chair, &url, b).await;
        assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, field), "{e}");
    }
    let (_, e) = app.post(&chair, &url, json!({"title": "无目标", "year": y, "text": "加强学习。"})).await;
    assert!(e["message"].as_str().unwrap().contains("没有找到量化目标"), "{e}");
    let long = "活动参与面达到90%以上。".repeat(10_000);
    let (s, e) = app.post(&chair, &url, json!({"title": "长", "year": y, "text": long})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "text"), "{e}");
    let huge = "职".repeat(10 * 1024 * 1024 / 3);
    let (s, e) = app.post(&chair, &url, json!({"title": "大", "year": y, "text": huge})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "text"), "{e}");
    assert_eq!(app.get(&chair, &url).await.1["items"].as_array().map(Vec::len), Some(1));

    // A federation's plan binds 建会率; a % over 100 and a union metric are refused.
    let (s, fp) = app
        .post(
            &admin,
            &format!("/api/v1/orgs/{fed}/work-plans"),
            json!({"title": "区总", "year": y, "text": PLAN}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{fp}");
    assert_eq!(target(&fp, "建会率")["metric"].as_str(), Some("unionisation_rate"));
    let pid = p["id"].as_str().unwrap();
    let tid = target(&p, "参与面")["id"].as_str().unwrap();
    let turl = format!("/api/v1/work-plans/{pid}/targets/{tid}");
    let put = |b: Value| {
        let (app, chair, turl) = (&app, &chair, &turl);
        async move { app.api(Some(chair), Method::PUT, turl, Some(b)).await }
    };
    let (s, e) =
        put(json!({"comparator": ">=", "value": 120, "unit": "%", "metric": "participation_rate"})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "value"), "{e}");
    assert_eq!(e["message"].as_str(), Some("百分比不能超过100"));
    let (s, e) =
        put(json!({"comparator": ">=", "value": 95, "unit": "%", "metric": "unionisation_rate"})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "metric"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("基层工会"), "{e}");
    let (s, e) =
        put(json!({"comparator": ">=", "value": 95, "unit": "%", "metric": "activities_held"})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "metric"), "{e}");
    let (s, e) =
        put(json!({"comparator": "~", "value": 95, "unit": "%", "metric": "participation_rate"})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "comparator"), "{e}");
    // Confirm: the status moves, the values stay.
    let (s, t) =
        put(json!({"comparator": ">=", "value": 90, "unit": "%", "metric": "participation_rate"})).await;
    assert_eq!((s, t["status"].as_str()), (StatusCode::OK, Some("confirmed")), "{t}");
    app.stop().await;
}
both!(plan_create_and_refuse, create_and_refuse);

async fn progress_moves(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let u = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    app.user(&admin, "chair.pp", "chair", Some(&u), Some(&u)).await;
    let chair = app.token("chair.pp", PASSWORD).await;
    let pid = fixture(&app, &chair, &u).await;
    let purl = format!("/api/v1/work-plans/{pid}");
    let (_, p) = app.get(&chair, &purl).await;
    let act = target(&p, "举办文体活动").clone();
    assert_eq!(act["current"].as_f64(), Some(0.0), "{act}");
    assert_eq!(act["trend"].as_array().map(Vec::is_empty), Some(false), "{act}");

    // An activity held today raises 举办活动.
    let now = Utc::now();
    let b = json!({"title": "羽毛球赛", "kind": "sports", "place": "职工活动中心",
        "starts_at": (now - Duration::minutes(1)).to_rfc3339(), "ends_at": (now + Duration::hours(2)).to_rfc3339(),
        "places": 20, "signup_closes_at": (now + Duration::minutes(30)).to_rfc3339()});
    let (s, a) = app.post(&chair, &format!("/api/v1/unions/{u}/activities"), b).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    let (_, p) = app.get(&chair, &purl).await;
    let act = target(&p, "举办文体活动");
    assert_eq!(act["current"].as_f64(), Some(1.0), "{act}");
    assert!(act["progress"]["gap"].as_f64().unwrap() > 8.9, "{act}");

    // Manual: made manual, typed twice (append-only), the latest is current.
    let tid = target(&p, "慰问")["id"].as_str().unwrap().to_owned();
    let turl = format!("/api/v1/work-plans/{pid}/targets/{tid}");
    let (s, e) = app.post(&chair, &format!("{turl}/entries"), json!({"value": 1})).await;
    assert_eq!((s, err(&e).1), (StatusCode::CONFLICT, "target_id"), "{e}");
    let (s, t) = app
        .api(
            Some(&chair),
            Method::PUT,
            &turl,
            Some(json!({"comparator": ">=", "value": 2, "unit": "万元", "manual": true})),
        )
        .await;
    assert_eq!(
        (s, t["status"].as_str(), t["current"].clone()),
        (StatusCode::OK, Some("manual"), Value::Null),
        "{t}"
    );
    let (s, t) =
        app.post(&chair, &format!("{turl}/entries"), json!({"value": 0.5, "note": "春节慰问"})).await;
    assert_eq!((s, t["current"].as_f64()), (StatusCode::CREATED, Some(0.5)), "{t}");
    let (_, t) = app.post(&chair, &format!("{turl}/entries"), json!({"value": 2.4})).await;
    assert_eq!(t["current"].as_f64(), Some(2.4));
    assert_eq!(t["trend"], json!([0.5, 2.4]));
    assert_eq!(
        (t["progress"]["met"].as_bool(), t["progress"]["light"].as_str()),
        (Some(true), Some("green"))
    );
    let tomorrow = (domain::time::today(Utc::now()) + Duration::days(1)).to_string();
    let (s, e) =
        app.post(&chair, &format!("{turl}/entries"), json!({"value": 3, "entered_on": tomorrow})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "entered_on"), "{e}");

    // Tasks: added, done with a note, not done again, deleted.
    let (s, k) = app.post(&chair, &format!("{purl}/tasks"), json!({"title": "组织春季运动会", "owner": "文体委员", "month": 4, "section_id": p["sections"][1]["id"]})).await;
    assert_eq!(s, StatusCode::CREATED, "{k}");
    let (s, e) = app.post(&chair, &format!("{purl}/tasks"), json!({"title": "x", "month": 13})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "month"), "{e}");
    let kurl = format!("{purl}/tasks/{}", k["id"].as_str().unwrap());
    let (s, k2) =
        app.api(Some(&chair), Method::PUT, &kurl, Some(json!({"done": true, "note": "4月20日举行"}))).await;
    assert_eq!(
        (s, k2["done"].as_bool(), k2["note"].as_str()),
        (StatusCode::OK, Some(true), Some("4月20日举行"))
    );
    assert!(k2["done_at"].is_string());
    let (_, p) = app.get(&chair, &purl).await;
    assert_eq!(p["tasks"][0]["done"].as_bool(), Some(true));

    // A target by hand; then deleted.
    let (s, t) = app.post(&chair, &format!("{purl}/targets"), json!({"sentence": "全年发展新会员不少于20名", "comparator": ">=", "value": 20, "unit": "名", "metric": "new_members", "section_id": p["sections"][0]["id"]})).await;
    assert_eq!((s, t["status"].as_str()), (StatusCode::CREATED, Some("confirmed")), "{t}");
    let (s, _) = app
        .api(Some(&chair), Method::DELETE, &format!("{purl}/targets/{}", t["id"].as_str().unwrap()), None)
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = app.api(Some(&chair), Method::DELETE, &kurl, None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);

    // The page shows the targets, the bars, the 待确认 mark and the manual form.
    let b = Browser::login(&app, "chair.pp", PASSWORD).await;
    let (s, page) = b.get(&app, &format!("/work-plans/{pid}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("待确认") && page.contains("class=\"bar\"") && page.contains("手工填报"), "{page}");
    assert!(page.contains("2.4万元") && page.contains("<svg class=\"sparkline\""), "{page}");
    let (s, print) = b.get(&app, &format!("/work-plans/{pid}/print")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(print.contains("举办文体活动不少于10次"));
    // The org page shows the current plan's targets.
    let (s, home) = b.get(&app, &format!("/orgs/{u}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(home.contains("plan-targets") && home.contains("举办活动"), "{home}");
    // A page form keeps what was typed and names the field.
    let (s, page, _) = b
        .post(
            &app,
            &format!("/orgs/{u}/work-plans"),
            &[("title", "草稿计划"), ("year", "2026"), ("half", ""), ("text", "加强学习。")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("没有找到量化目标") && page.contains("草稿计划") && page.contains("加强学习。"),
        "{page}"
    );
    let (s, page, _) = b
        .post(
            &app,
            &format!("/work-plans/{pid}/targets/{tid}"),
            &[("metric", "participation_rate"), ("comparator", ">="), ("value", "150"), ("unit", "%")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("百分比不能超过100"), "{page}");
    let (s, _, to) = b
        .post(
            &app,
            &format!("/orgs/{u}/work-plans"),
            &[("title", "第二份"), ("year", "2026"), ("half", "2"), ("text", PLAN)],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert!(to.unwrap().starts_with("/work-plans/"));
    app.stop().await;
}
both!(plan_progress_moves, progress_moves);

async fn foreign_ids(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let a = app.org(&admin, "union", "甲工会", Some(&fed)).await;
    let b = app.org(&admin, "union", "乙工会", Some(&fed)).await;
    app.user(&admin, "chair.pf", "chair", Some(&a), Some(&a)).await;
    let chair = app.token("chair.pf", PASSWORD).await;
    let mine = fixture(&app, &chair, &a).await;
    let theirs = fixture(&app, &admin, &b).await;
    let (_, tp) = app.get(&admin, &format!("/api/v1/work-plans/{theirs}")).await;
    let their_target = tp["targets"][0]["id"].as_str().unwrap().to_owned();
    let their_section = tp["sections"][0]["id"].as_str().unwrap().to_owned();
    let (s, k) =
        app.post(&admin, &format!("/api/v1/work-plans/{theirs}/tasks"), json!({"title": "乙的任务"})).await;
    assert_eq!(s, StatusCode::CREATED);
    let their_task = k["id"].as_str().unwrap().to_owned();

    // Another union's plan and org: 404.
    for url in [format!("/api/v1/work-plans/{theirs}"), format!("/api/v1/orgs/{b}/work-plans")] {
        assert_eq!(app.get(&chair, &url).await.0, StatusCode::NOT_FOUND, "{url}");
    }
    let (s, _) = app
        .post(
            &chair,
            &format!("/api/v1/orgs/{b}/work-plans"),
            json!({"title": "x", "year": year(), "text": PLAN}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Their target, task or section under my plan: 404, nothing changed.
    let body = json!({"comparator": ">=", "value": 1, "unit": "次", "manual": true});
    let (s, _) = app
        .api(
            Some(&chair),
            Method::PUT,
            &format!("/api/v1/work-plans/{mine}/targets/{their_target}"),
            Some(body),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app
        .post(
            &chair,
            &format!("/api/v1/work-plans/{mine}/targets/{their_target}/entries"),
            json!({"value": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app
        .api(Some(&chair), Method::DELETE, &format!("/api/v1/work-plans/{mine}/targets/{their_target}"), None)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app
        .api(
            Some(&chair),
            Method::PUT,
            &format!("/api/v1/work-plans/{mine}/tasks/{their_task}"),
            Some(json!({"done": true})),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, e) = app
        .post(
            &chair,
            &format!("/api/v1/work-plans/{mine}/tasks"),
            json!({"title": "t", "section_id": their_section}),
        )
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::NOT_FOUND, "section_id"), "{e}");
    let (s, e) = app.post(&chair, &format!("/api/v1/work-plans/{mine}/targets"), json!({"sentence": "s", "comparator": ">=", "value": 1, "unit": "次", "metric": "activities_held", "section_id": their_section})).await;
    assert_eq!((s, err(&e).1), (StatusCode::NOT_FOUND, "section_id"), "{e}");
    let (_, tp2) = app.get(&admin, &format!("/api/v1/work-plans/{theirs}")).await;
    assert_eq!(tp2["targets"], tp["targets"]);
    assert_eq!(tp2["tasks"][0]["done"].as_bool(), Some(false));
    // Deleting a plan removes it, and its id answers 404 after.
    let (s, e) = app.api(Some(&chair), Method::DELETE, &format!("/api/v1/work-plans/{mine}"), None).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "confirm"), "{e}");
    assert_eq!(app.get(&chair, &format!("/api/v1/work-plans/{mine}")).await.0, StatusCode::OK);
    let (s, _) =
        app.api(Some(&chair), Method::DELETE, &format!("/api/v1/work-plans/{mine}?confirm=true"), None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&chair, &format!("/api/v1/work-plans/{mine}")).await.0, StatusCode::NOT_FOUND);
    app.stop().await;
}
both!(plan_foreign_ids, foreign_ids);
