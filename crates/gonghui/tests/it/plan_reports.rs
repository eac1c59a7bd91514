//! Plans (issue 20): the year-end summary and the annual statistics (年报)
//! on every database — counts per child org and in total from the records,
//! drill-down, 404 outside the subtree, 422 on the year, the workbook, the
//! Word document and the printable page.

use std::io::Read;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both;
use crate::common::{Browser, PASSWORD, TestApp, id_number};

fn this_year() -> i32 {
    chrono::Datelike::year(&domain::time::today(chrono::Utc::now()))
}

fn credit_code(seq: usize) -> String {
    let body = format!("91350102MB{seq:07}");
    format!("{body}{}", domain::org::credit_code_check_char(&body).unwrap())
}

struct World {
    city: String,
    district: String,
    u1: String,
    u2: String,
    city_staff: String,
    district_staff: String,
    far_staff: String,
    chair1: String,
}

/// 市总工会 ← 甲区总工会 ← 甲公司联合工会 (covering two foreign-invested
/// employers of the district's register), and 乙医院工会 (a 事业单位)
/// directly under the city; 邻市总工会 elsewhere.
async fn world(app: &TestApp) -> World {
    let admin = app.admin().await;
    let city = app.org(&admin, "federation", "市总工会", None).await;
    let district = app.org(&admin, "federation", "甲区总工会", Some(&city)).await;
    let u1 = app.org(&admin, "union", "甲公司联合工会", Some(&district)).await;
    let body = json!({"name": "乙医院工会", "kind": "union", "parent_id": city, "employer_type": "public_institution"});
    let (s, b) = app.post(&admin, "/api/v1/orgs", body).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let u2 = b["id"].as_str().unwrap().to_owned();
    let far = app.org(&admin, "federation", "邻市总工会", None).await;
    app.user(&admin, "city.pr", "federation", Some(&city), Some(&city)).await;
    app.user(&admin, "district.pr", "federation", Some(&district), Some(&district)).await;
    app.user(&admin, "far.pr", "federation", Some(&far), Some(&far)).await;
    app.user(&admin, "chair.pr1", "chair", Some(&u1), Some(&u1)).await;
    app.user(&admin, "chair.pr2", "chair", Some(&u2), Some(&u2)).await;
    let w = World {
        city,
        district,
        u1,
        u2,
        city_staff: app.token("city.pr", PASSWORD).await,
        district_staff: app.token("district.pr", PASSWORD).await,
        far_staff: app.token("far.pr", PASSWORD).await,
        chair1: app.token("chair.pr1", PASSWORD).await,
    };
    let chair2 = app.token("chair.pr2", PASSWORD).await;

    // The district's register: two foreign-invested employers covered by 甲.
    for (i, staff) in [100, 30].into_iter().enumerate() {
        let body = json!({"name": format!("外资企业{i}"), "credit_code": credit_code(i), "ownership": "外商",
            "staff": staff, "covered_by_union_id": w.u1});
        let (s, e) =
            app.post(&w.district_staff, &format!("/api/v1/orgs/{}/employers", w.district), body).await;
        assert_eq!(s, StatusCode::CREATED, "{e}");
    }
    // Members: 甲 three (two women, one 农民工), 乙 two.
    let mut u1_members = Vec::new();
    for (seq, employment) in [(2, "农民工"), (4, "在岗"), (5, "在岗")] {
        let body =
            json!({"name": format!("职工{seq}"), "id_number": id_number(seq), "employment": employment});
        let (s, m) = app.post(&w.chair1, &format!("/api/v1/unions/{}/members", w.u1), body).await;
        assert_eq!(s, StatusCode::CREATED, "{m}");
        u1_members.push(m["id"].as_str().unwrap().to_owned());
    }
    for seq in [7, 9] {
        let body = json!({"name": format!("医生{seq}"), "id_number": id_number(seq)});
        let (s, m) = app.post(&chair2, &format!("/api/v1/unions/{}/members", w.u2), body).await;
        assert_eq!(s, StatusCode::CREATED, "{m}");
    }
    // 甲's committee: a full-time chair and a part-time member.
    let started = format!("{}-01-05", this_year());
    let (s, t) = app
        .post(
            &admin,
            &format!("/api/v1/orgs/{}/committee/terms", w.u1),
            json!({"starts_on": started, "years": 5}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    for (post, name, full_time) in [("chair", "张主席", true), ("member", "李委员", false)] {
        let body = json!({"post": post, "person_name": name, "full_time": full_time});
        let (s, p) = app.post(&admin, &format!("/api/v1/orgs/{}/committee/posts", w.u1), body).await;
        assert_eq!(s, StatusCode::CREATED, "{p}");
    }
    // 甲's congress: two delegates, one a woman.
    let (s, t) = app
        .post(
            &w.chair1,
            &format!("/api/v1/unions/{}/congress/terms", w.u1),
            json!({"years": 5, "starts_on": started}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    let term = t["id"].as_str().unwrap();
    for m in &u1_members[1..] {
        let (s, d) = app
            .post(
                &w.chair1,
                &format!("/api/v1/unions/{}/congress/terms/{term}/delegates", w.u1),
                json!({"member_id": m}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{d}");
    }
    w
}

fn row<'a>(st: &'a Value, org: &str) -> &'a Value {
    st["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["org_id"] == org)
        .unwrap_or_else(|| panic!("{org}: {st}"))
}

fn counts(r: &Value) -> Vec<u64> {
    [
        "unions",
        "joint_unions",
        "joint_units",
        "joint_members",
        "members",
        "women",
        "migrant_workers",
        "full_time_staff",
        "part_time_staff",
        "delegates",
        "delegate_women",
    ]
    .iter()
    .map(|k| r[*k].as_u64().unwrap_or_else(|| panic!("{k}: {r}")))
    .collect()
}

async fn annual_stats(app: TestApp) {
    let w = world(&app).await;
    let y = this_year();
    let url = format!("/api/v1/orgs/{}/annual-stats?year={y}", w.city);
    let (s, st) = app.get(&w.city_staff, &url).await;
    assert_eq!(s, StatusCode::OK, "{st}");
    assert_eq!(st["rows"].as_array().map(Vec::len), Some(2), "{st}");
    let d = row(&st, &w.district);
    assert_eq!(counts(d), [1, 1, 2, 3, 3, 2, 1, 1, 1, 2, 1], "{d}");
    assert_eq!(d["unions_by_ownership"]["foreign"], 1, "the register classes 甲: {d}");
    assert_eq!(
        (d["unionisation_rate"]["text"].as_str(), d["membership_rate"]["numerator"].as_u64()),
        (Some("100.00%"), Some(3))
    );
    assert_eq!(d["membership_rate"]["denominator"], 130);
    let u2 = row(&st, &w.u2);
    assert_eq!(counts(u2), [1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0], "{u2}");
    assert_eq!(u2["unions_by_ownership"]["public_institution"], 1, "{u2}");
    assert!(u2["unionisation_rate"].is_null(), "a union below the root keeps no register: {u2}");
    let total = &st["total"];
    assert_eq!(counts(total), [2, 1, 2, 3, 5, 2, 1, 1, 1, 2, 1], "{total}");
    assert_eq!(total["name"], "合计");
    assert_eq!(total["unionisation_rate"]["text"], "100.00%");

    // Drill-down: the district's row links to the district's statistics.
    let link = d["link"].as_str().unwrap();
    assert_eq!(link, format!("/api/v1/orgs/{}/annual-stats?year={y}", w.district));
    let (s, sub) = app.get(&w.city_staff, link).await;
    assert_eq!(s, StatusCode::OK, "{sub}");
    assert_eq!(counts(row(&sub, &w.u1)), counts(d));
    assert_eq!(counts(&sub["total"]), counts(d));
    // A member added shows in the totals (no cache in the API).
    let body = json!({"name": "新会员", "id_number": id_number(12)});
    let (s, m) = app.post(&w.chair1, &format!("/api/v1/unions/{}/members", w.u1), body).await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    let (_, st) = app.get(&w.city_staff, &url).await;
    assert_eq!((st["total"]["members"].as_u64(), st["total"]["women"].as_u64()), (Some(6), Some(3)), "{st}");

    // The subtree only: the district does not read the city; a far city nothing.
    assert_eq!(app.get(&w.district_staff, &url).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&w.district_staff, &format!("/api/v1/orgs/{}/annual-stats?year={y}", w.u1)).await.0,
        StatusCode::OK
    );
    assert_eq!(app.get(&w.far_staff, &url).await.0, StatusCode::NOT_FOUND);
    for bad in [1999, y + 1] {
        let (s, e) =
            app.get(&w.city_staff, &format!("/api/v1/orgs/{}/annual-stats?year={bad}", w.city)).await;
        assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("year")), "{e}");
    }

    // The workbook: titles, then one sheet per table with its 合计 row.
    let resp = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/orgs/{}/annual-stats.xlsx?year={y}", w.city)))
        .bearer_auth(&w.city_staff)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let bytes = resp.bytes().await.unwrap();
    let t = sheet::read_table("a.xlsx", &bytes, &sheet::Limits::default()).unwrap();
    assert!(t.rows[0][0].contains(&format!("市总工会{y}年工会统计年报")), "{:?}", t.rows);
    assert_eq!(t.rows[1][0], "填报单位：市总工会");
    assert_eq!(&t.rows[3][..4], ["单位", "基层工会数", "内资企业", "港澳台商投资企业"]);
    let last = t.rows.last().unwrap();
    assert_eq!((last[0].as_str(), last[1].as_str()), ("合计", "2"), "{:?}", t.rows);
    assert!(t.rows.iter().any(|r| r[0] == "甲区总工会" && r[4] == "1"), "{:?}", t.rows);

    // The page runs the roll-up as a job, then shows the tables with drill-down links.
    let b = Browser::login(&app, "city.pr", PASSWORD).await;
    let page_url = format!("/orgs/{}/annual-stats?year={y}", w.city);
    let mut page = String::new();
    for _ in 0..100 {
        let (s, p) = b.get(&app, &page_url).await;
        assert_eq!(s, StatusCode::OK, "{p}");
        page = p;
        if page.contains("合计") {
            break;
        }
        assert!(page.contains("<progress") && page.contains("http-equiv=\"refresh\""), "{page}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(page.contains("基层工会数") && page.contains("外商投资企业"), "{page}");
    assert!(page.contains(&format!("/orgs/{}/annual-stats?year={y}", w.district)), "drill-down link: {page}");
    let (s, _) = b.get(&app, &format!("/orgs/{}/annual-stats.xlsx?year={y}", w.city)).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = b.get(&app, &format!("/orgs/{}/annual-stats?year=1990", w.city)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    app.stop().await;
}
both!(plan_annual_stats, annual_stats);

fn sentence<'a>(sum: &'a Value, starts: &str) -> &'a Value {
    sum["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["sentences"].as_array().unwrap())
        .find(|s| s["text"].as_str().unwrap().starts_with(starts))
        .unwrap_or_else(|| panic!("no sentence {starts}: {sum}"))
}

async fn docx_text(app: &TestApp, token: &str, path: &str) -> String {
    let resp = reqwest::Client::new().get(app.url(path)).bearer_auth(token).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let bytes = resp.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a .docx is a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml").expect("word/document.xml").read_to_string(&mut xml).unwrap();
    xml
}

async fn summary(app: TestApp) {
    let w = world(&app).await;
    let y = this_year();
    let url = format!("/api/v1/orgs/{}/summary?year={y}", w.u1);
    let (s, sum) = app.get(&w.chair1, &url).await;
    assert_eq!(s, StatusCode::OK, "{sum}");
    assert_eq!(
        (sum["org"]["name"].as_str(), sum["year"].as_i64()),
        (Some("甲公司联合工会"), Some(i64::from(y)))
    );
    assert_eq!(sum["period"], format!("{y}年1月1日至{y}年12月31日"));
    let titles: Vec<&str> =
        sum["sections"].as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert_eq!(titles[0], "组织建设", "{sum}");
    assert!(titles.contains(&"困难帮扶和送温暖") && titles.contains(&"经费管理"), "{titles:?}");
    // The figures match the records: three members, all joined this year.
    let members = sentence(&sum, "年末在册会员");
    assert!(members["text"].as_str().unwrap().starts_with("年末在册会员3人"), "{members}");
    let f = &members["figures"][0];
    assert_eq!(
        (f["metric"].as_str(), f["value"].as_f64(), f["unit"].as_str()),
        (Some("members"), Some(3.0), Some("人")),
        "{f}"
    );
    assert!(f["link"].as_str().is_some_and(|l| l.starts_with('/')), "{f}");
    assert_eq!(f["period"], sum["period"]);
    // A union's summary leaves out the federation-only rates.
    assert!(!sum.to_string().contains("建会率"), "{sum}");

    // A record added changes the figure.
    let body = json!({"name": "新会员", "id_number": id_number(14)});
    let (s, m) = app.post(&w.chair1, &format!("/api/v1/unions/{}/members", w.u1), body).await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    let (_, sum) = app.get(&w.chair1, &url).await;
    assert!(sentence(&sum, "年末在册会员")["text"].as_str().unwrap().starts_with("年末在册会员4人"), "{sum}");

    // The federation's summary counts its subtree and has its rates.
    let (s, fs) = app.get(&w.city_staff, &format!("/api/v1/orgs/{}/summary?year={y}", w.city)).await;
    assert_eq!(s, StatusCode::OK, "{fs}");
    assert!(sentence(&fs, "年末在册会员")["text"].as_str().unwrap().starts_with("年末在册会员6人"), "{fs}");
    assert!(sentence(&fs, "建会率").is_object());

    // Outside the subtree 404; a bad year 422 naming it.
    assert_eq!(
        app.get(&w.district_staff, &format!("/api/v1/orgs/{}/summary", w.city)).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get(&w.far_staff, &url).await.0, StatusCode::NOT_FOUND);
    let (s, e) = app.get(&w.chair1, &format!("/api/v1/orgs/{}/summary?year={}", w.u1, y + 1)).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("year")), "{e}");

    // The Word document holds the same sentences.
    let xml = docx_text(&app, &w.chair1, &format!("/api/v1/orgs/{}/summary.docx?year={y}", w.u1)).await;
    assert!(xml.contains("年末在册会员4人") && xml.contains("组织建设"), "{xml}");
    // The figures table.
    let resp = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/orgs/{}/summary.xlsx?year={y}", w.u1)))
        .bearer_auth(&w.chair1)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let t = sheet::read_table("s.xlsx", &resp.bytes().await.unwrap(), &sheet::Limits::default()).unwrap();
    assert_eq!(&t.rows[0][..4], ["部分", "语句", "指标", "数值"]);
    assert!(t.rows.iter().any(|r| r[2] == "会员数" && r[3] == "4"), "{:?}", t.rows);

    // The pages: with links and exports; the printable one without navigation.
    let b = Browser::login(&app, "chair.pr1", PASSWORD).await;
    let (s, page) = b.get(&app, &format!("/orgs/{}/summary?year={y}", w.u1)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("年末在册会员4人") && page.contains("明细"), "{page}");
    assert!(page.contains(&format!("/orgs/{}/summary.docx?year={y}", w.u1)), "{page}");
    let (s, print) = b.get(&app, &format!("/orgs/{}/summary/print?year={y}", w.u1)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(print.contains("年末在册会员4人") && print.contains("数据来源"), "{print}");
    assert!(!print.contains("<nav"), "the printable page has no navigation");
    let (s, _) = b.get(&app, &format!("/orgs/{}/summary.docx?year={y}", w.u1)).await;
    assert_eq!(s, StatusCode::OK);

    // With a plan for the year, the summary follows its sections and targets.
    let text = "一、组织建设\n入会率一直都保持在100%。\n二、文体活动\n全年举办两项评选活动。";
    let body = json!({"title": "年度工作计划", "year": y, "half": null, "text": text});
    let (s, plan) = app.post(&w.chair1, &format!("/api/v1/orgs/{}/work-plans", w.u1), body).await;
    assert_eq!(s, StatusCode::CREATED, "{plan}");
    let (_, sum) = app.get(&w.chair1, &url).await;
    assert_eq!(sum["plan"]["id"], plan["id"], "{sum}");
    let line = sentence(&sum, "目标：入会率一直都保持在100%；完成");
    let text = line["text"].as_str().unwrap();
    assert!(text.ends_with("已达成") || text.ends_with("未达成"), "{text}");
    assert_eq!(line["figures"][0]["metric"], "membership_rate", "{line}");
    app.stop().await;
}
both!(plan_summary, summary);
