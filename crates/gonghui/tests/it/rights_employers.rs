//! The employer register (企业名录) on every database: registering and
//! editing employers with the GB 32100 check, the covering union in the
//! register's subtree, the filters (未建会), foreign ids, the Excel import
//! with every bad row reported and nothing half-written, re-import updating
//! by credit code, and the pages (form keeping what was typed, export,
//! print, import report).

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{Browser, PASSWORD, TestApp, client};

/// A valid 统一社会信用代码 for `seq`, its check character computed here
/// (GB 32100: 31 characters, weights 3^i mod 31), independently of the app.
pub fn credit_code(seq: u32) -> String {
    const CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let first17 = format!("91310000MA{:07}", seq);
    let mut sum = 0u32;
    let mut w = 1u32;
    for b in first17.bytes() {
        sum += CHARS.iter().position(|&c| c == b).unwrap() as u32 * w;
        w = w * 3 % 31;
    }
    format!("{first17}{}", CHARS[((31 - sum % 31) % 31) as usize] as char)
}

/// Registers an employer (40 staff, no union) in the register `org` keeps;
/// returns its id.
pub async fn register(app: &TestApp, token: &str, org: &str, seq: u32) -> String {
    let body = json!({"name": format!("测试企业{seq}"), "credit_code": credit_code(seq), "ownership": "内资",
        "staff": 40, "women": 10, "migrant_workers": 5});
    let (s, b) = app.post(token, &format!("/api/v1/orgs/{org}/employers"), body).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

/// One number read straight from the database.
pub async fn count(db: &store::Db, sql: &str) -> i64 {
    match db {
        store::Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
        store::Db::Pg(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
    }
}

fn err(b: &Value) -> (&str, &str) {
    (b["code"].as_str().unwrap_or(""), b["field"].as_str().unwrap_or(""))
}

struct World {
    admin: String,
    fed: String,
    u1: String,
    u2: String,
    outside: String,
    fed_staff: String,
    other_fed: String,
    chair: String,
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "某街道总工会", None).await;
    let u1 = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let u2 = app.org(&admin, "union", "某街道联合工会", Some(&fed)).await;
    let other = app.org(&admin, "federation", "另一街道总工会", None).await;
    let outside = app.org(&admin, "union", "丙公司工会", Some(&other)).await;
    app.user(&admin, "fed.e", "federation", Some(&fed), Some(&fed)).await;
    app.user(&admin, "fed.g", "federation", Some(&other), Some(&other)).await;
    app.user(&admin, "chair.e", "chair", Some(&u1), Some(&u1)).await;
    World {
        fed_staff: app.token("fed.e", PASSWORD).await,
        other_fed: app.token("fed.g", PASSWORD).await,
        chair: app.token("chair.e", PASSWORD).await,
        admin,
        fed,
        u1,
        u2,
        outside,
    }
}

async fn crud(app: TestApp) {
    let w = world(&app).await;
    let url = format!("/api/v1/orgs/{}/employers", w.fed);
    let good = json!({"name": "甲电子有限公司", "credit_code": credit_code(10).to_lowercase(), "ownership": "外商",
        "staff": 320, "women": 150, "migrant_workers": 200, "covered_by_union_id": w.u1});
    let (s, e) = app.post(&w.fed_staff, &url, good.clone()).await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    assert_eq!(
        (e["credit_code"].as_str(), e["ownership"].as_str()),
        (Some(credit_code(10).as_str()), Some("foreign"))
    );
    assert_eq!(
        (e["covered_by_name"].as_str(), e["org_id"].as_str()),
        (Some("甲公司工会"), Some(w.fed.as_str()))
    );
    let id = e["id"].as_str().unwrap().to_owned();

    // Bad input, each refused in Chinese naming its field; nothing written.
    let bad = |patch: Value| {
        let mut b = good.clone();
        for (k, v) in patch.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    let mut wrong = credit_code(11);
    wrong.replace_range(17.., if wrong.ends_with('0') { "1" } else { "0" });
    let cases = [
        (
            bad(json!({"credit_code": wrong})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_credit_code",
            "credit_code",
        ),
        (
            bad(json!({"credit_code": "12345"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_credit_code",
            "credit_code",
        ),
        (
            bad(json!({"credit_code": credit_code(12), "staff": -1})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_count",
            "staff",
        ),
        (
            bad(json!({"credit_code": credit_code(12), "women": 321})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_count",
            "women",
        ),
        (
            bad(json!({"credit_code": credit_code(12), "ownership": "国企"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
            "ownership",
        ),
        (bad(json!({"name": " "})), StatusCode::UNPROCESSABLE_ENTITY, "required", "name"),
        // The same credit code twice in one register.
        (bad(json!({})), StatusCode::CONFLICT, "duplicate_credit_code", "credit_code"),
        // A union outside the register's subtree, or no union at all: missing.
        (
            bad(json!({"credit_code": credit_code(12), "covered_by_union_id": w.outside})),
            StatusCode::NOT_FOUND,
            "not_found",
            "covered_by_union_id",
        ),
        (
            bad(json!({"credit_code": credit_code(12), "covered_by_union_id": uuid::Uuid::now_v7()})),
            StatusCode::NOT_FOUND,
            "not_found",
            "covered_by_union_id",
        ),
        (
            bad(json!({"credit_code": credit_code(12), "covered_by_union_id": w.fed})),
            StatusCode::NOT_FOUND,
            "not_found",
            "covered_by_union_id",
        ),
    ];
    for (body, status, code, field) in cases {
        let (s, e) = app.post(&w.fed_staff, &url, body.clone()).await;
        assert_eq!((s, err(&e)), (status, (code, field)), "{body} → {e}");
        assert!(
            e["message"].as_str().unwrap().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{e}"
        );
    }
    let (_, list) = app.get(&w.fed_staff, &url).await;
    assert_eq!(list["total"], 1, "{list}");

    // Edit: staff and the union; the code stays unique.
    let one = format!("/api/v1/employers/{id}");
    let put = |b: Value| app.api(Some(&w.fed_staff), Method::PUT, &one, Some(b));
    let (s, e) = put(bad(json!({"staff": 400, "covered_by_union_id": w.u2}))).await;
    assert_eq!(
        (s, e["staff"].as_i64(), e["covered_by_name"].as_str()),
        (StatusCode::OK, Some(400), Some("某街道联合工会"))
    );
    let other = register(&app, &w.fed_staff, &w.fed, 13).await;
    let (s, e) = put(bad(json!({"credit_code": credit_code(13)}))).await;
    assert_eq!((s, err(&e)), (StatusCode::CONFLICT, ("duplicate_credit_code", "credit_code")), "{e}");
    let (s, e) = put(bad(json!({"staff": -5}))).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "staff"), "{e}");
    let (s, detail) = app.get(&w.fed_staff, &format!("/api/v1/employers/{id}")).await;
    assert_eq!(
        (s, detail["staff"].as_i64(), detail["contracts"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(400), Some(0))
    );

    // Filters: 未建会 (25 staff or more, no union), ownership, covering union.
    let small = json!({"name": "小作坊", "credit_code": credit_code(14), "ownership": "个体", "staff": 8});
    assert_eq!(app.post(&w.fed_staff, &url, small).await.0, StatusCode::CREATED);
    let names = |v: &Value| -> Vec<String> {
        v["items"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap().to_owned()).collect()
    };
    let (_, l) = app.get(&w.fed_staff, &format!("{url}?unionless=true")).await;
    assert_eq!(names(&l), vec!["测试企业13"], "{l}");
    let (_, l) = app.get(&w.fed_staff, &format!("{url}?ownership=外商")).await;
    assert_eq!(names(&l), vec!["甲电子有限公司"]);
    let (_, l) = app.get(&w.fed_staff, &format!("{url}?covered_by_union_id={}", w.u2)).await;
    assert_eq!(names(&l), vec!["甲电子有限公司"]);
    let (_, l) = app.get(&w.fed_staff, &format!("{url}?q=作坊")).await;
    assert_eq!(names(&l), vec!["小作坊"]);
    // 2 employers of 25+ staff, 1 covered: 建会率 50%.
    assert_eq!(
        (l["employers"].as_i64(), l["required"].as_i64(), l["covered"].as_i64()),
        (Some(3), Some(2), Some(1))
    );
    assert_eq!(l["unionisation_rate"], "50.00%");
    let (s, e) = app.get(&w.fed_staff, &format!("{url}?ownership=国企")).await;
    assert_eq!((s, err(&e).1), (StatusCode::BAD_REQUEST, "ownership"), "{e}");

    // Another federation's staff: the register and its rows do not exist.
    assert_eq!(app.get(&w.other_fed, &url).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&w.other_fed, &format!("/api/v1/employers/{id}")).await.0, StatusCode::NOT_FOUND);
    let (s, _) = app
        .api(Some(&w.other_fed), Method::PUT, &format!("/api/v1/employers/{other}"), Some(bad(json!({}))))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // A union's chair cannot see the federation's register above it.
    assert_eq!(app.get(&w.chair, &url).await.0, StatusCode::NOT_FOUND);
    // A grassroots union may keep a register of its own.
    let own = register(&app, &w.chair, &w.u1, 15).await;
    let (s, e) = app.get(&w.chair, &format!("/api/v1/employers/{own}")).await;
    assert_eq!((s, e["org_id"].as_str()), (StatusCode::OK, Some(w.u1.as_str())));
    // The federation above sees it; the admin too.
    assert_eq!(app.get(&w.fed_staff, &format!("/api/v1/employers/{own}")).await.0, StatusCode::OK);
    assert_eq!(app.get(&w.admin, &format!("/api/v1/employers/{own}")).await.0, StatusCode::OK);
    app.stop().await;
}

crate::both!(employer_register_is_checked_filtered_and_kept_per_org, crud);

/// A sheet as offices send them: a title row above the header, the columns
/// in their own order, a blank row.
fn workbook(rows: &[[&str; 7]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "某街道企业名录（2026年）").unwrap();
    let header =
        ["所属工会", "单位名称", "统一社会信用代码", "单位性质", "职工人数", "女职工人数", "农民工人数"];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    // Row 3 (Excel's numbering) left blank.
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 3, c as u16, *v).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

async fn upload(
    app: &TestApp,
    token: &str,
    org: &str,
    name: &str,
    bytes: Vec<u8>,
    query: &str,
) -> (StatusCode, Value) {
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
    let r = client()
        .post(app.url(&format!("/api/v1/orgs/{org}/employers/import{query}")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

async fn import(app: TestApp) {
    let w = world(&app).await;
    let url = format!("/api/v1/orgs/{}/employers", w.fed);
    let total = |l: &Value| l["total"].as_i64().unwrap();
    let c = |n: u32| credit_code(100 + n);
    let (c1, c2, c3, c4, c5, c7, c8) = (c(1), c(2), c(3), c(4), c(5), c(7), c(8));
    let mut bad_code = c(6);
    bad_code.replace_range(17.., if bad_code.ends_with('0') { "1" } else { "0" });
    let rows = [
        ["甲公司工会", "甲电子有限公司", c1.as_str(), "外商", "320", "150", "200"],
        ["", "乙物流有限公司", c2.as_str(), "内资企业", "1,200人", "", "600"],
        ["某街道联合工会", "丙餐饮店", c3.as_str(), "个体", "12", "8", "0"],
        ["", "丁商贸", bad_code.as_str(), "内资", "30", "", ""],
        ["", "戊公司", c4.as_str(), "内资", "-3", "", ""],
        ["", "己公司", c5.as_str(), "内资", "20", "25", ""],
        ["", "甲电子有限公司（重复）", c1.as_str(), "外商", "10", "", ""],
        ["不存在的工会", "庚公司", c7.as_str(), "社会组织", "40", "", ""],
        ["丙公司工会", "辛公司", c8.as_str(), "国企", "40", "", ""],
    ];
    let file = workbook(&rows);

    // All or nothing: one bad row writes nothing, and every bad row is
    // reported with its row number (Excel's) and reasons.
    let (s, r) = upload(&app, &w.fed_staff, &w.fed, "名录.xlsx", file.clone(), "").await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(
        (r["written"].as_bool(), r["rows"].as_u64(), r["created"].as_u64()),
        (Some(false), Some(9), Some(3)),
        "{r}"
    );
    let rejected: Vec<(u64, String)> = r["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["row"].as_u64().unwrap(), x["errors"][0]["field"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        rejected,
        vec![
            (7, "credit_code".into()),
            (8, "staff".into()),
            (9, "women".into()),
            (10, "credit_code".into()),
            (11, "covered_by_union_id".into()),
            (12, "ownership".into()),
        ],
        "{r}"
    );
    let msgs: Vec<&str> =
        r["rejected"].as_array().unwrap().iter().map(|x| x["message"].as_str().unwrap()).collect();
    assert!(msgs[0].contains("校验位"), "{msgs:?}");
    assert!(msgs[3].contains("与第4行重复"), "{msgs:?}");
    assert!(msgs[4].contains("不存在的工会"), "{msgs:?}");
    // Row 12 has two faults: a union of another federation and a bad type.
    assert_eq!(r["rejected"][5]["errors"].as_array().unwrap().len(), 2, "{r}");
    assert_eq!(total(&app.get(&w.fed_staff, &url).await.1), 0, "nothing half-written");

    // A dry run writes nothing either.
    let (_, r) =
        upload(&app, &w.fed_staff, &w.fed, "名录.xlsx", file.clone(), "?dry_run=true&skip_bad_rows=true")
            .await;
    assert_eq!((r["written"].as_bool(), r["created"].as_u64()), (Some(false), Some(3)), "{r}");
    assert_eq!(total(&app.get(&w.fed_staff, &url).await.1), 0);

    // The user's choice: the good rows only.
    let (_, r) = upload(&app, &w.fed_staff, &w.fed, "名录.xlsx", file, "?skip_bad_rows=true").await;
    assert_eq!(
        (r["written"].as_bool(), r["created"].as_u64(), r["rejected"].as_array().map(Vec::len)),
        (Some(true), Some(3), Some(6)),
        "{r}"
    );
    let (_, l) = app.get(&w.fed_staff, &format!("{url}?q=乙物流")).await;
    let e = &l["items"][0];
    assert_eq!(
        (e["staff"].as_i64(), e["women"].as_i64(), e["ownership"].as_str()),
        (Some(1200), Some(0), Some("domestic")),
        "{l}"
    );
    let (_, l) = app.get(&w.fed_staff, &format!("{url}?covered_by_union_id={}", w.u2)).await;
    assert_eq!(l["items"][0]["name"], "丙餐饮店");
    // Imported rows are reached by id like registered ones.
    let id = l["items"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(app.get(&w.fed_staff, &format!("/api/v1/employers/{id}")).await.0, StatusCode::OK);

    // Re-import (CSV) updates by credit code: no duplicates. Without a
    // 所属工会 column, the covering union stays.
    let csv = format!(
        "单位名称,统一社会信用代码,单位性质,职工人数\n丙餐饮店,{c3},个体,26\n新公司,{},内资,50\n",
        credit_code(120)
    );
    let (_, r) = upload(&app, &w.fed_staff, &w.fed, "名录.csv", csv.into_bytes(), "").await;
    assert_eq!(
        (r["written"].as_bool(), r["created"].as_u64(), r["updated"].as_u64()),
        (Some(true), Some(1), Some(1)),
        "{r}"
    );
    let (s, e) = app.get(&w.fed_staff, &format!("/api/v1/employers/{id}")).await;
    assert_eq!(
        (s, e["staff"].as_i64(), e["covered_by_name"].as_str()),
        (StatusCode::OK, Some(26), Some("某街道联合工会")),
        "{e}"
    );
    assert_eq!(total(&app.get(&w.fed_staff, &url).await.1), 4);

    // A file without the header, or not a spreadsheet at all.
    let (s, e) = upload(&app, &w.fed_staff, &w.fed, "x.csv", "名称,人数\n甲,1\n".into(), "").await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "file"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("统一社会信用代码"), "{e}");
    // Another federation's register: missing.
    let (s, _) = upload(&app, &w.other_fed, &w.fed, "x.csv", "a".into(), "").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // The import is audited.
    let db = app.db().await;
    let n = count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'employer.import'").await;
    assert_eq!(n, 2);
    app.stop().await;
}

crate::both!(employer_register_imports_all_or_the_good_rows_and_updates_by_credit_code, import);

async fn pages(app: TestApp) {
    let w = world(&app).await;
    register(&app, &w.fed_staff, &w.fed, 30).await;
    let b = Browser::login(&app, "fed.e", PASSWORD).await;
    let base = format!("/orgs/{}/employers", w.fed);
    let (s, html) = b.get(&app, &base).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("测试企业30") && html.contains("未建会") && html.contains("建会率0.00%"), "{html}");
    let (s, html) = b.get(&app, &format!("{base}?unionless=1")).await;
    assert!(s == StatusCode::OK && html.contains("测试企业30"));

    // A bad form keeps what was typed and names the field in Chinese.
    let (s, html, _) = b
        .post(
            &app,
            &base,
            &[
                ("name", "丁科技有限公司"),
                ("credit_code", "91310000MA000000"),
                ("ownership", "domestic"),
                ("staff", "35"),
                ("women", ""),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("value=\"丁科技有限公司\"") && html.contains("value=\"35\""), "{html}");
    assert!(html.contains("应为18位"), "{html}");
    let (s, html, _) = b
        .post(
            &app,
            &base,
            &[
                ("name", "丁科技有限公司"),
                ("credit_code", &credit_code(31)),
                ("ownership", "domestic"),
                ("staff", "-2"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("职工人数不能为负数"), "{html}");
    let (s, _, to) = b
        .post(
            &app,
            &base,
            &[
                ("name", "丁科技有限公司"),
                ("credit_code", &credit_code(31)),
                ("ownership", "domestic"),
                ("staff", "35"),
                ("covered_by_union_id", &w.u1),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, html) = b.get(&app, &to.unwrap()).await;
    assert!(s == StatusCode::OK && html.contains("丁科技有限公司") && html.contains("甲公司工会"), "{html}");

    // Export, template, print.
    for (path, kind) in [
        (format!("{base}.xlsx"), "spreadsheetml"),
        (format!("{base}/template.xlsx"), "spreadsheetml"),
        (format!("{base}/print"), "text/html"),
    ] {
        let r = b.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert!(r.headers()["content-type"].to_str().unwrap().contains(kind), "{path}");
        let body = r.bytes().await.unwrap();
        if kind == "text/html" {
            let html = String::from_utf8_lossy(&body);
            assert!(html.contains("丁科技有限公司") && html.contains("合计"), "{html}");
        } else if path.ends_with("employers.xlsx") {
            // The export reads back through the import's own columns.
            let t = sheet::read_table("x.xlsx", &body, &sheet::Limits::default()).unwrap();
            assert_eq!(t.rows[0][1], "统一社会信用代码");
            assert!(
                t.rows
                    .iter()
                    .any(|r| r[0] == "丁科技有限公司" && r.get(6).map(String::as_str) == Some("甲公司工会")),
                "{:?}",
                t.rows
            );
        }
    }

    // The import page: the report lists the bad rows with their numbers.
    let csv = format!(
        "单位名称,统一社会信用代码,单位性质,职工人数\n好公司,{},内资,50\n坏公司,123,内资,50\n",
        credit_code(40)
    );
    let form = reqwest::multipart::Form::new()
        .text("csrf", b.csrf.clone())
        .text("action", "import")
        .part("file", reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("名录.csv"));
    let r = b.client.post(app.url(&format!("{base}/import"))).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("第3行") && html.contains("整个文件未导入"), "{html}");
    let (_, l) = app.get(&w.fed_staff, &format!("/api/v1/orgs/{}/employers?q=好公司", w.fed)).await;
    assert_eq!(l["total"], 0);
    app.stop().await;
}

crate::both!(employer_register_pages_keep_input_export_print_and_import, pages);
