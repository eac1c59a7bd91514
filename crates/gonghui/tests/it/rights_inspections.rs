//! Labour-protection inspections on every database: an inspection against
//! the union's checklist (every heading answered), findings with severity
//! and a rectification deadline after the inspection day, follow-ups,
//! closing once, the overdue list, bad input with nothing half-written,
//! foreign ids, the pages, the 整改通知书 and the lists' print and .xlsx.

use chrono::{Days, NaiveDate};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{Browser, PASSWORD, TestApp, client};

fn err(b: &Value) -> (&str, &str) {
    (b["code"].as_str().unwrap_or(""), b["field"].as_str().unwrap_or(""))
}

fn today() -> NaiveDate {
    domain::time::today(chrono::Utc::now())
}

const CODES: [&str; 6] = [
    "safety_management",
    "emergency_plan",
    "occupational_disease",
    "safety_training",
    "work_injury_insurance",
    "protective_equipment",
];

fn results(fail: &str) -> Vec<Value> {
    CODES.iter().map(|c| json!({"code": c, "result": if *c == fail { "fail" } else { "pass" }})).collect()
}

/// An inspection of `union` held today with one finding due in a month:
/// (inspection id, finding id). The route × role matrix uses it too.
pub async fn inspection(app: &TestApp, token: &str, union: &str) -> (String, String) {
    let body = json!({
        "scope": "测试车间", "inspectors": "测试检查员", "results": results("protective_equipment"),
        "findings": [{"item_code": "protective_equipment", "description": "未佩戴防护耳罩", "severity": "major",
            "deadline": today() + Days::new(30)}],
    });
    let (s, b) = app.post(token, &format!("/api/v1/unions/{union}/inspections"), body).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    (b["id"].as_str().unwrap().to_owned(), b["findings"][0]["id"].as_str().unwrap().to_owned())
}

async fn get_bytes(app: &TestApp, token: &str, path: &str) -> (StatusCode, Vec<u8>) {
    let r = client().get(app.url(path)).bearer_auth(token).send().await.unwrap();
    (r.status(), r.bytes().await.unwrap().to_vec())
}

async fn page(app: &TestApp, token: &str, path: &str) -> (StatusCode, String) {
    let (s, b) = get_bytes(app, token, path).await;
    (s, String::from_utf8(b).unwrap())
}

async fn lifecycle(app: TestApp) {
    let admin = app.admin().await;
    let fed_org = app.org(&admin, "federation", "区总工会", None).await;
    let u = app.org(&admin, "union", "甲公司工会", Some(&fed_org)).await;
    let other = app.org(&admin, "union", "乙公司工会", Some(&fed_org)).await;
    app.user(&admin, "chair.i", "chair", Some(&u), Some(&u)).await;
    app.user(&admin, "chair.j", "chair", Some(&other), Some(&other)).await;
    app.user(&admin, "auditor.i", "auditor", Some(&u), Some(&u)).await;
    app.user(&admin, "member.i", "member", Some(&u), Some(&u)).await;
    app.user(&admin, "fed.i", "federation", Some(&fed_org), Some(&fed_org)).await;
    let chair = app.token("chair.i", PASSWORD).await;
    let outsider = app.token("chair.j", PASSWORD).await;
    let auditor = app.token("auditor.i", PASSWORD).await;
    let member = app.token("member.i", PASSWORD).await;
    let fed = app.token("fed.i", PASSWORD).await;
    let url = format!("/api/v1/unions/{u}/inspections");
    let held = today().checked_sub_days(Days::new(10)).unwrap();
    let base = |findings: Value| {
        json!({"inspected_on": held, "scope": "冲压车间", "inspectors": "王五、赵六", "note": "例行检查",
            "results": results("protective_equipment"), "findings": findings})
    };

    // Bad input: nothing is written.
    let mut missing = base(json!([]));
    missing["results"] = Value::Array(results("x")[..4].to_vec());
    let (s, e) = app.post(&chair, &url, missing).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "results"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("工伤保险、劳保用品"), "{e}");
    let mut unknown = base(json!([]));
    unknown["results"].as_array_mut().unwrap().push(json!({"code": "fire_safety", "result": "pass"}));
    assert_eq!(app.post(&chair, &url, unknown).await.1["field"], "results");
    let mut bad_result = base(json!([]));
    bad_result["results"][0]["result"] = "good".into();
    assert_eq!(app.post(&chair, &url, bad_result).await.1["field"], "results");
    let mut future = base(json!([]));
    future["inspected_on"] = json!(today() + Days::new(1));
    assert_eq!(app.post(&chair, &url, future).await.1["field"], "inspected_on");
    // A deadline not after the inspection day refuses the whole inspection.
    let (s, e) = app
        .post(&chair, &url, base(json!([{"item_code": "protective_equipment", "description": "x", "severity": "minor", "deadline": held}])))
        .await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("invalid_date", "deadline")), "{e}");
    let (s, e) = app
        .post(&chair, &url, base(json!([{"item_code": "protective_equipment", "description": "x", "severity": "huge", "deadline": today()}])))
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "severity"), "{e}");
    let (_, list) = app.get(&chair, &url).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 0, "nothing half-written: {list}");
    // A member and the auditor do not record; the auditor sees.
    assert_eq!(app.post(&member, &url, base(json!([]))).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&auditor, &url, base(json!([]))).await.0, StatusCode::FORBIDDEN);

    // The inspection: one hazard already past its deadline, one not.
    let overdue_on = today().checked_sub_days(Days::new(1)).unwrap();
    let (s, i) = app
        .post(
            &chair,
            &url,
            base(json!([
                {"item_code": "protective_equipment", "description": "部分职工未佩戴防护耳罩", "severity": "major", "deadline": overdue_on},
                {"item_code": "emergency_plan", "description": "应急通道堆放杂物", "severity": "severe", "deadline": today() + Days::new(5)},
            ])),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{i}");
    assert_eq!(i["items"].as_array().unwrap().len(), 6);
    assert_eq!(
        (i["items"][5]["label"].as_str(), i["items"][5]["result"].as_str()),
        (Some("劳保用品"), Some("fail"))
    );
    assert_eq!(i["status"], "open");
    let f = i["findings"].as_array().unwrap();
    assert_eq!((f[0]["number"].as_i64(), f[1]["number"].as_i64()), (Some(1), Some(2)));
    assert_eq!((f[0]["overdue"].as_bool(), f[1]["overdue"].as_bool()), (Some(true), Some(false)));
    assert_eq!(f[1]["item_label"], "应急预案");
    let iid = i["id"].as_str().unwrap().to_owned();
    let (f1, f2) = (f[0]["id"].as_str().unwrap().to_owned(), f[1]["id"].as_str().unwrap().to_owned());
    let iu = format!("/api/v1/inspections/{iid}");

    // The overdue list.
    let overdue = |q: &'static str| {
        let (app, t, u) = (&app, auditor.clone(), u.clone());
        async move {
            let (s, l) = app.get(&t, &format!("/api/v1/unions/{u}/inspection-findings{q}")).await;
            assert_eq!(s, StatusCode::OK, "{l}");
            l["items"].as_array().unwrap().iter().map(|x| x["number"].as_i64().unwrap()).collect::<Vec<_>>()
        }
    };
    assert_eq!(overdue("?overdue=true").await, [1]);
    assert_eq!(overdue("").await, [1, 2]);

    // Another finding later: deadline after the inspection day.
    let (s, e) = app
        .post(&chair, &format!("{iu}/findings"), json!({"item_code": "safety_training", "description": "无培训记录", "severity": "minor", "deadline": held - Days::new(1)}))
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "deadline"), "{e}");
    let (s, e) = app
        .post(
            &chair,
            &format!("{iu}/findings"),
            json!({"item_code": "canteen", "description": "x", "severity": "minor", "deadline": today()}),
        )
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "item_code"), "{e}");
    let (s, f3) = app
        .post(&chair, &format!("{iu}/findings"), json!({"item_code": "safety_training", "description": "无培训记录", "severity": "minor", "deadline": today() + Days::new(20)}))
        .await;
    assert_eq!((s, f3["number"].as_i64()), (StatusCode::CREATED, Some(3)), "{f3}");

    // Follow-ups: not before the inspection; one marks rectification begun.
    let fu = format!("{iu}/findings/{f1}/follow-ups");
    let (s, e) = app.post(&chair, &fu, json!({"checked_on": held - Days::new(1), "note": "x"})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "checked_on"), "{e}");
    let (s, e) = app.post(&chair, &fu, json!({"note": ""})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "note"), "{e}");
    let (s, r) = app.post(&chair, &fu, json!({"note": "已订购防护耳罩", "rectifying": true})).await;
    assert_eq!((s, r["status"].as_str()), (StatusCode::CREATED, Some("rectifying")), "{r}");
    assert_eq!(r["followups"][0]["note"], "已订购防护耳罩");
    let (_, i) = app.get(&chair, &iu).await;
    assert_eq!(i["status"], "rectifying");
    // Close once; nothing follows a closed finding.
    let close = format!("{iu}/findings/{f1}/close");
    let (s, e) = app.post(&chair, &close, json!({"note": " "})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "note"), "{e}");
    let (s, r) = app.post(&chair, &close, json!({"note": "已全部配发并培训"})).await;
    assert_eq!(
        (s, r["status"].as_str(), r["overdue"].as_bool()),
        (StatusCode::OK, Some("closed"), Some(false)),
        "{r}"
    );
    assert_eq!(r["closed_on"], today().to_string());
    assert_eq!(r["followups"].as_array().unwrap().len(), 2);
    let (s, e) = app.post(&chair, &close, json!({"note": "再次"})).await;
    assert_eq!((s, err(&e)), (StatusCode::CONFLICT, ("already_closed", "status")), "{e}");
    let (s, e) = app.post(&chair, &fu, json!({"note": "再次复查"})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "already_closed"), "{e}");
    assert_eq!(overdue("?overdue=true").await, Vec::<i64>::new());
    assert_eq!(overdue("?open=true").await, [2, 3]);
    let db = app.db().await;
    assert!(
        crate::common::exec(&db, "DELETE FROM safety_followups").await.is_err(),
        "follow-ups are append-only"
    );
    db.close().await;

    // Foreign ids: another union's chair, a finding of another inspection.
    assert_eq!(app.get(&outsider, &iu).await.0, StatusCode::NOT_FOUND);
    let (other_i, other_f) = inspection(&app, &outsider, &other).await;
    assert_eq!(
        app.post(&chair, &format!("{iu}/findings/{other_f}/close"), json!({"note": "x"})).await.0,
        StatusCode::NOT_FOUND
    );
    let (s, _) = app
        .post(&chair, &format!("/api/v1/inspections/{other_i}/findings/{f2}/close"), json!({"note": "x"}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, theirs) = app.get(&outsider, &format!("/api/v1/unions/{other}/inspection-findings")).await;
    assert_eq!(theirs["items"].as_array().unwrap().len(), 1);
    // The federation above sees and records.
    let (s, l) = app.get(&fed, &url).await;
    assert_eq!((s, l["items"][0]["failed_items"][0].as_str()), (StatusCode::OK, Some("劳保用品")), "{l}");
    assert_eq!(l["items"][0]["open_findings"], 2);

    // Pages, the 整改通知书, the lists' print and .xlsx.
    let (s, html) = page(&app, &auditor, &format!("/inspections/{iid}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("整改通知书第2号")
            && html.contains("应急通道堆放杂物")
            && html.contains("已全部配发并培训"),
        "{html}"
    );
    assert!(!html.contains("登记并下达整改通知书"), "the auditor records nothing: {html}");
    let (s, html) = page(&app, &auditor, &format!("/inspections/{iid}/findings/{f2}/notice.print")).await;
    assert_eq!(s, StatusCode::OK);
    let deadline = domain::time::fmt_date(today() + Days::new(5));
    for want in [
        "劳动保护隐患整改通知书",
        "第2号",
        "冲压车间",
        "应急通道堆放杂物",
        "严重",
        deadline.as_str(),
        "工会（盖章）",
        "签收人",
    ] {
        assert!(html.contains(want), "{want} missing: {html}");
    }
    let (s, html) = page(&app, &auditor, &format!("/unions/{u}/inspection-findings?show=open")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("第2号") && html.contains("第3号") && !html.contains("第1号"), "{html}");
    let (s, html) = page(&app, &auditor, &format!("/unions/{u}/inspections.print")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("劳动保护监督检查台帐") && html.contains("冲压车间") && html.contains("劳保用品"),
        "{html}"
    );
    let (s, html) =
        page(&app, &auditor, &format!("/unions/{u}/inspection-findings.print?show=overdue")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("逾期未整改隐患"), "{html}");
    let (s, bytes) = get_bytes(&app, &auditor, &format!("/unions/{u}/inspection-findings.xlsx")).await;
    assert_eq!(s, StatusCode::OK);
    let t = sheet::read_table("f.xlsx", &bytes, &sheet::Limits::default()).unwrap();
    assert_eq!(t.rows[0][..4], ["通知书编号", "检查日期", "检查范围", "检查项目"]);
    assert_eq!(t.rows.len(), 4);
    let row1 = t.rows.iter().find(|r| r[0] == "第1号").unwrap();
    assert_eq!((row1[3].as_str(), row1[5].as_str(), row1[7].as_str()), ("劳保用品", "较重", "已整改"));
    let (s, bytes) = get_bytes(&app, &auditor, &format!("/unions/{u}/inspections.xlsx")).await;
    assert_eq!(s, StatusCode::OK);
    let t = sheet::read_table("i.xlsx", &bytes, &sheet::Limits::default()).unwrap();
    assert_eq!(t.rows.len(), 2);
    assert_eq!(
        (t.rows[1][1].as_str(), t.rows[1][3].as_str(), t.rows[1][4].as_str()),
        ("冲压车间", "劳保用品", "3")
    );

    // The new-inspection form: the six headings; a fault keeps what was typed.
    let b = Browser::login(&app, "chair.i", PASSWORD).await;
    let (s, html) = b.get(&app, &format!("/unions/{u}/inspections/new")).await;
    assert_eq!(s, StatusCode::OK);
    for label in ["安全管理", "应急预案", "职业病防治", "安全培训", "工伤保险", "劳保用品"]
    {
        assert!(html.contains(label), "{label} missing");
    }
    let mut form: Vec<(String, String)> = vec![
        ("inspected_on".into(), today().to_string()),
        ("scope".into(), "焊接车间".into()),
        ("inspectors".into(), "钱七".into()),
        ("note".into(), String::new()),
    ];
    for c in &CODES[..5] {
        form.push((format!("result_{c}"), "pass".into()));
        form.push((format!("note_{c}"), String::new()));
    }
    form.push(("f_item".into(), "safety_training".into()));
    form.push(("f_description".into(), "焊工证过期".into()));
    form.push(("f_severity".into(), "major".into()));
    form.push(("f_deadline".into(), (today() + Days::new(7)).to_string()));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (s, html, _) = b.post(&app, &format!("/unions/{u}/inspections"), &pairs).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("劳保用品") && html.contains("焊接车间") && html.contains("焊工证过期"), "{html}");
    assert!(html.contains("还缺：劳保用品"), "{html}");
    form.push(("result_protective_equipment".into(), "not_applicable".into()));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (s, _, location) = b.post(&app, &format!("/unions/{u}/inspections"), &pairs).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let new_id = location.unwrap().trim_start_matches("/inspections/").to_owned();
    let (_, n) = app.get(&chair, &format!("/api/v1/inspections/{new_id}")).await;
    assert_eq!(
        (n["items"][5]["result"].as_str(), n["findings"][0]["number"].as_i64()),
        (Some("not_applicable"), Some(4)),
        "{n}"
    );
    // A refused close on the page keeps the note typed.
    let f4 = n["findings"][0]["id"].as_str().unwrap();
    let (s, html, _) = b
        .post(
            &app,
            &format!("/inspections/{new_id}/findings/{f4}/close"),
            &[("checked_on", "2000-01-01"), ("note", "已换证")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("value=\"已换证\"") && html.contains("不能早于检查日期"), "{html}");

    // The union edits its checklist template: new inspections answer the new
    // heading; a past inspection keeps the checklist it used.
    let su = format!("/api/v1/unions/{u}/rights-settings");
    let (_, mut settings) = app.get(&chair, &su).await;
    settings["checklist"]
        .as_array_mut()
        .unwrap()
        .push(json!({"code": "fire_safety", "label": "消防安全", "points": ["灭火器在有效期内"]}));
    let (s, saved) = app.api(Some(&chair), reqwest::Method::PUT, &su, Some(settings)).await;
    assert_eq!(s, StatusCode::OK, "{saved}");
    let (s, e) = app.post(&chair, &url, base(json!([]))).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "results"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("还缺：消防安全"), "{e}");
    let mut with_fire = base(json!([]));
    with_fire["results"].as_array_mut().unwrap().push(json!({"code": "fire_safety", "result": "pass"}));
    let (s, n) = app.post(&chair, &url, with_fire).await;
    assert_eq!((s, n["items"].as_array().map(Vec::len)), (StatusCode::CREATED, Some(7)), "{n}");
    assert_eq!(n["items"][6]["points"][0], "灭火器在有效期内");
    let (_, old) = app.get(&chair, &iu).await;
    assert_eq!(old["items"].as_array().unwrap().len(), 6);
    let (s, e) = app
        .post(&chair, &format!("{iu}/findings"), json!({"item_code": "fire_safety", "description": "灭火器过期", "severity": "minor", "deadline": today()}))
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "item_code"), "{e}");
    let (s, html) = b.get(&app, &format!("/unions/{u}/inspections/new")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("消防安全") && html.contains("灭火器在有效期内"), "{html}");
    app.stop().await;
}

crate::both!(inspections_from_checklist_to_closed_findings, lifecycle);
