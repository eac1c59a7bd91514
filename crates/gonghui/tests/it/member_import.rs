//! Importing a roster as a new union would: the preview promises only what
//! the commit does (card numbers included), and 小组 that are not set up yet
//! can be created by the import.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{Browser, TestApp, client, id_number};

struct Setup {
    admin: String,
    union: String,
    group: String,
    chair: String,
}

async fn setup(app: &TestApp) -> Setup {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let group = app.org(&admin, "group", "一车间", Some(&union)).await;
    app.user(&admin, "chair.i", "chair", Some(&union), Some(&union)).await;
    let chair = app.token("chair.i", crate::common::PASSWORD).await;
    Setup { admin, union, group, chair }
}

async fn upload(app: &TestApp, s: &Setup, csv: &str, dry_run: bool, create_groups: Option<&str>) -> Value {
    let mut form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("花名册.csv"));
    if let Some(v) = create_groups {
        form = form.text("create_groups", v.to_owned());
    }
    let r = client()
        .post(app.url(&format!("/api/v1/unions/{}/members/import?dry_run={dry_run}", s.union)))
        .bearer_auth(&s.chair)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

fn rejected(b: &Value) -> Vec<(u64, String)> {
    b["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["row"].as_u64().unwrap(), r["message"].as_str().unwrap().to_owned()))
        .collect()
}

async fn total(app: &TestApp, s: &Setup) -> i64 {
    let (_, b) = app.get(&s.chair, &format!("/api/v1/unions/{}/members", s.union)).await;
    b["total"].as_i64().unwrap()
}

/// 120 rows under a pattern of 99 numbers: the preview refuses the same 21
/// rows the commit refuses, each saying the numbers ran out.
async fn card_numbers_run_out(app: TestApp) {
    let s = setup(&app).await;
    let url = format!("/api/v1/unions/{}/member-settings", s.union);
    let (st, b) = app
        .api(
            Some(&s.chair),
            Method::PUT,
            &url,
            Some(json!({"card_pattern": "HY{SEQ:2}", "join_open": false})),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{b}");
    // One member holds HY01 already; a row of the file brings HY50 itself,
    // and another row brings HY01 again.
    let (st, b) = app
        .post(
            &s.chair,
            &format!("/api/v1/unions/{}/members", s.union),
            json!({"name": "先来", "id_number": id_number(900)}),
        )
        .await;
    assert_eq!((st, b["card_number"].as_str()), (StatusCode::CREATED, Some("HY01")), "{b}");
    let mut csv = String::from("姓名,身份证号,会员证号\n");
    for i in 0..120u32 {
        let card = match i {
            10 => "HY50",
            11 => "HY01",
            _ => "",
        };
        csv.push_str(&format!("会员{i},{},{card}\n", id_number(500 + i)));
    }
    // 98 numbers are left (HY01 is given); HY50 is the file's own, so 97
    // are handed out, to 97 rows; row 13 (HY01) is refused as taken.
    let preview = upload(&app, &s, &csv, true, None).await;
    let refused = rejected(&preview);
    assert_eq!(preview["acceptable"], 98, "{preview}");
    assert_eq!(refused.len(), 22, "{preview}");
    assert!(refused[0].1.contains("HY01") && refused[0].1.contains("已被"), "{refused:?}");
    assert_eq!(refused[0].0, 13);
    for (_, m) in &refused[1..] {
        assert!(m.contains("会员证号已用完") && m.contains("HY{SEQ:2}") && m.contains("只剩97个号"), "{m}");
    }
    assert_eq!(total(&app, &s).await, 1, "the preview wrote nothing");

    // The commit does what the preview said, row for row.
    let done = upload(&app, &s, &csv, false, None).await;
    assert_eq!((done["imported"].as_u64(), done["acceptable"].as_u64()), (Some(98), Some(98)), "{done}");
    assert_eq!(rejected(&done), refused);
    assert_eq!(total(&app, &s).await, 99);
    // And the numbers are used up now: a new member gets none to spare.
    let again = upload(&app, &s, &format!("姓名,身份证号\n后来,{}\n", id_number(901)), true, None).await;
    assert_eq!(again["acceptable"], 0, "{again}");
    assert!(rejected(&again)[0].1.contains("只剩0个号"), "{again}");
    app.stop().await;
}

crate::both!(import_preview_hands_out_card_numbers_as_the_commit_does, card_numbers_run_out);

fn groups_csv() -> String {
    let mut csv = String::from("姓名,身份证号,所在小组\n");
    for (i, g) in ["一车间", "二车间", "机关", "二车间", ""].iter().enumerate() {
        csv.push_str(&format!("组员{i},{},{g}\n", id_number(600 + i as u32)));
    }
    csv
}

async fn groups_by_name(app: &TestApp, s: &Setup) -> Vec<(String, String)> {
    let (_, b) = app.get(&s.admin, &format!("/api/v1/orgs?parent_id={}&page_size=100", s.union)).await;
    let items = b["items"].as_array().cloned().unwrap_or_default();
    items
        .iter()
        .filter(|o| o["kind"] == "group")
        .map(|o| (o["name"].as_str().unwrap().to_owned(), o["id"].as_str().unwrap().to_owned()))
        .collect()
}

/// The preview names the 小组 that are not set up; without `create_groups`
/// their rows are refused as before, with it they are created and imported.
async fn missing_groups(app: TestApp) {
    let s = setup(&app).await;
    let csv = groups_csv();
    let preview = upload(&app, &s, &csv, true, None).await;
    assert_eq!(
        preview["missing_groups"],
        json!([{"name": "二车间", "rows": 2}, {"name": "机关", "rows": 1}])
    );
    assert_eq!(preview["acceptable"], 2, "{preview}");
    let rows: Vec<u64> = rejected(&preview).iter().map(|r| r.0).collect();
    assert_eq!(rows, vec![3, 4, 5]);
    assert!(rejected(&preview)[0].1.contains("所在小组“二车间”不存在"), "{preview}");

    // Without the field: today's verdict.
    let done = upload(&app, &s, &csv, false, Some("false")).await;
    assert_eq!((done["imported"].as_u64(), done["groups_created"].as_u64()), (Some(2), Some(0)), "{done}");
    assert_eq!(groups_by_name(&app, &s).await.len(), 1);

    // With it: the two groups are set up (audited) and their rows imported.
    let preview = upload(&app, &s, &csv, true, Some("true")).await;
    assert_eq!(preview["acceptable"], 3, "the preview with the field counts them: {preview}");
    assert_eq!(total(&app, &s).await, 2, "the preview wrote nothing");
    assert_eq!(groups_by_name(&app, &s).await.len(), 1, "the preview created no group");
    let done = upload(&app, &s, &csv, false, Some("true")).await;
    assert_eq!((done["imported"].as_u64(), done["groups_created"].as_u64()), (Some(3), Some(2)), "{done}");
    let groups = groups_by_name(&app, &s).await;
    let id_of = |n: &str| groups.iter().find(|g| g.0 == n).map(|g| g.1.clone()).unwrap();
    assert_eq!(groups.len(), 3, "{groups:?}");
    assert_eq!(id_of("一车间"), s.group);
    let (_, list) = app.get(&s.chair, &format!("/api/v1/unions/{}/members?per_page=50", s.union)).await;
    let group_of = |n: &str| {
        list["items"].as_array().unwrap().iter().find(|m| m["name"] == n).unwrap()["group_id"]
            .as_str()
            .map(str::to_owned)
    };
    assert_eq!(group_of("组员1"), Some(id_of("二车间")));
    assert_eq!(group_of("组员3"), Some(id_of("二车间")));
    assert_eq!(group_of("组员2"), Some(id_of("机关")));
    let (_, log) = app.get(&s.admin, "/api/v1/audit?action=org.create").await;
    let summaries = log.to_string();
    assert!(summaries.contains("导入花名册时在“甲公司工会”下新建小组“二车间”"), "{log}");
    assert!(summaries.contains("新建小组“机关”"), "{log}");
    // A bad value is named.
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("a.csv"))
        .text("create_groups", "perhaps");
    let r = client()
        .post(app.url(&format!("/api/v1/unions/{}/members/import?dry_run=true", s.union)))
        .bearer_auth(&s.chair)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let b: Value = r.json().await.unwrap();
    assert_eq!(b["field"], "create_groups", "{b}");
    app.stop().await;
}

crate::both!(import_creates_missing_groups_when_asked, missing_groups);

/// The same on the pages: the preview lists the groups with a checkbox,
/// and the commit with it ticked creates them.
async fn missing_groups_page(app: TestApp) {
    let s = setup(&app).await;
    let b = Browser::login(&app, "chair.i", crate::common::PASSWORD).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", b.csrf.clone())
        .part("file", reqwest::multipart::Part::bytes(groups_csv().into_bytes()).file_name("花名册.csv"));
    let r = b
        .client
        .post(app.url(&format!("/unions/{}/members/import", s.union)))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("二车间（2 行）") && html.contains("机关（1 行）"), "{html}");
    assert!(html.contains(r#"name="create_groups""#), "{html}");
    let job = regex_lite::Regex::new(r"/import/([0-9a-f-]{36})/commit").unwrap().captures(&html).unwrap()[1]
        .to_owned();
    let (st, _, loc) = b
        .post(&app, &format!("/unions/{}/members/import/{job}/commit", s.union), &[("create_groups", "true")])
        .await;
    assert_eq!(st, StatusCode::SEE_OTHER);
    let loc = loc.unwrap();
    let mut finished = String::new();
    for _ in 0..100 {
        let (_, page) = b.get(&app, &loc).await;
        if page.contains(r#"id="import-done""#) || page.contains("导入未完成") {
            finished = page;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(!finished.is_empty(), "the import did not finish");
    assert_eq!(total(&app, &s).await, 5, "{finished}");
    assert_eq!(groups_by_name(&app, &s).await.len(), 3);
    app.stop().await;
}

crate::both!(import_page_offers_to_create_missing_groups, missing_groups_page);

/// A sign-off line under the table (制表人：…, 审核：…) is not a member: the
/// import ignores it and says so (API and preview page).
async fn footer_rows(app: TestApp) {
    let s = setup(&app).await;
    let csv = format!(
        "姓名,身份证号,手机号\n张三,{},\n李四,{},\n,,\n制表人：李秀英,,\n审核：王建国 日期：2026-12-01,,\n",
        id_number(1),
        id_number(3)
    );
    let b = upload(&app, &s, &csv, true, None).await;
    assert_eq!((b["acceptable"].as_u64(), b["footer_rows"].as_u64()), (Some(2), Some(2)), "{b}");
    assert!(rejected(&b).is_empty(), "no 姓名不能为空 for the footer: {b}");
    let b = upload(&app, &s, &csv, false, None).await;
    assert_eq!(b["imported"], 2, "{b}");
    assert_eq!(total(&app, &s).await, 2);

    let page = Browser::login(&app, "chair.i", crate::common::PASSWORD).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", page.csrf.clone())
        .part("file", reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("花名册.csv"));
    let r = page
        .client
        .post(app.url(&format!("/unions/{}/members/import", s.union)))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("文件末尾的 2 行是落款（制表、审核、日期等），不是会员，已忽略"), "{html}");
    app.stop().await;
}

crate::both!(import_ignores_a_sign_off_footer, footer_rows);
