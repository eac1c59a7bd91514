//! Plans (issue 20): the metric catalogue computed from the records, on
//! every database — a union's figures and its federation's (the subtree's
//! sum) for two periods, seeded through the API in several areas (members,
//! activities with check-ins, care payments, letters); the catalogue page
//! and one metric's page with its trend; the dashboard's series and the
//! charts on the org page; 404 and 422 naming the field.

use chrono::{Datelike, Duration, NaiveDate, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::both;
use crate::common::{Browser, PASSWORD, TestApp, id_number};

fn err(b: &Value) -> (&str, &str) {
    (b["code"].as_str().unwrap_or(""), b["field"].as_str().unwrap_or(""))
}

fn today() -> NaiveDate {
    domain::time::today(Utc::now())
}

fn jan1() -> NaiveDate {
    NaiveDate::from_ymd_opt(today().year(), 1, 1).unwrap()
}

/// One union of the world, with its officer's token.
pub(crate) struct Union {
    pub(crate) id: String,
    pub(crate) chair: String,
    pub(crate) officer: String,
    pub(crate) chair_id: String,
    pub(crate) members: Vec<String>,
}

pub(crate) async fn union(
    app: &TestApp,
    admin: &str,
    tag: &str,
    fed: &str,
    joins: &[NaiveDate],
    seq: u32,
) -> Union {
    let id = app.org(admin, "union", &format!("{tag}公司工会"), Some(fed)).await;
    // Accounts are named by the union's first seat number (ASCII names).
    let chair_id = app.user(admin, &format!("chair.pm{seq}"), "chair", Some(&id), Some(&id)).await;
    app.user(admin, &format!("officer.pm{seq}"), "officer", Some(&id), Some(&id)).await;
    let chair = app.token(&format!("chair.pm{seq}"), PASSWORD).await;
    let officer = app.token(&format!("officer.pm{seq}"), PASSWORD).await;
    let mut members = Vec::new();
    for (i, join) in joins.iter().enumerate() {
        let body = json!({"name": format!("{tag}职工{i}"), "id_number": id_number(seq + i as u32), "join_date": join});
        let (s, m) = app.post(admin, &format!("/api/v1/unions/{id}/members"), body).await;
        assert_eq!(s, StatusCode::CREATED, "{m}");
        members.push(m["id"].as_str().unwrap().to_owned());
    }
    app.fund(admin, &chair, &id).await;
    Union { id, chair, officer, chair_id, members }
}

/// An activity with these members checked in, then moved to start at
/// `starts` (activities are made for the future; the figures read the past).
pub(crate) async fn activity(
    app: &TestApp,
    u: &Union,
    title: &str,
    who: &[&str],
    starts: chrono::DateTime<Utc>,
) {
    let now = Utc::now();
    let body = json!({"title": title, "kind": "sports", "place": "职工活动中心",
        "starts_at": (now + Duration::minutes(30)).to_rfc3339(), "ends_at": (now + Duration::hours(3)).to_rfc3339(),
        "places": 50, "signup_closes_at": (now + Duration::minutes(20)).to_rfc3339()});
    let (s, a) = app.post(&u.officer, &format!("/api/v1/unions/{}/activities", u.id), body).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    let aid = a["id"].as_str().unwrap().to_owned();
    for m in who {
        let (s, k) = app
            .post(&u.officer, &format!("/api/v1/activities/{aid}/checkins"), json!({"member_id": m}))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{k}");
    }
    let db = app.db().await;
    let mut tx = db.write().await.unwrap();
    let mut row = store::activity::by_id(&mut tx, Uuid::parse_str(&aid).unwrap()).await.unwrap().unwrap();
    row.starts_at = starts;
    row.ends_at = starts + Duration::hours(2);
    row.signup_opens_at = starts - Duration::days(3);
    row.signup_closes_at = starts - Duration::hours(1);
    row.cancel_until = starts - Duration::hours(1);
    store::activity::update(&mut tx, domain::UnionId(row.union_id), &row).await.unwrap();
    tx.commit().await.unwrap();
    db.close().await;
}

pub(crate) async fn pay(
    app: &TestApp,
    u: &Union,
    member: &str,
    kind: &str,
    item: &str,
    fen: i64,
    date: NaiveDate,
) {
    let body = json!({"member_id": member, "kind": kind, "item": item, "reason": "困难帮扶", "amount_fen": fen,
        "form": "cash", "date": date, "approver_user_id": u.chair_id, "confirm_below_zero": true});
    let (s, a) = app.post(&u.officer, &format!("/api/v1/unions/{}/assistance", u.id), body).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
}

async fn letter(app: &TestApp, u: &Union, received: NaiveDate) {
    let body = json!({"channel": "visit", "subject": "加班费计算", "body": "来访反映加班费少算", "writer_name": "孙强",
        "writer_contact": "13800000000", "received_on": received});
    let (s, p) = app.post(&u.officer, &format!("/api/v1/unions/{}/petitions", u.id), body).await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
}

/// The catalogue's values by metric key.
async fn values(app: &TestApp, token: &str, org: &str, from: NaiveDate, to: NaiveDate) -> Value {
    let (s, c) = app.get(token, &format!("/api/v1/orgs/{org}/metrics?from={from}&to={to}")).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let mut out = serde_json::Map::new();
    for m in c["metrics"].as_array().unwrap() {
        out.insert(m["metric"].as_str().unwrap().to_owned(), m["value"].clone());
    }
    Value::Object(out)
}

async fn figures(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let far = app.org(&admin, "federation", "邻区总工会", None).await;
    let (jan1, today) = (jan1(), today());
    // Records on January 1 and today: period B (January 1 alone) sees the
    // first, period A (the year) both. On January 1 itself both periods
    // hold everything, and only A is checked.
    let split = today > jan1;
    let long_ago = NaiveDate::from_ymd_opt(2020, 9, 1).unwrap();
    let a = union(&app, &admin, "甲", &fed, &[long_ago, long_ago, jan1, today], 1).await;
    let b = union(&app, &admin, "乙", &fed, &[long_ago, long_ago], 11).await;
    app.user(&admin, "fed.pm", "federation", Some(&fed), Some(&fed)).await;
    app.user(&admin, "fed.far", "federation", Some(&far), Some(&far)).await;
    let fed_staff = app.token("fed.pm", PASSWORD).await;
    let far_staff = app.token("fed.far", PASSWORD).await;

    // 甲: an activity on January 1 (two came), one today (one of them and
    // the newest member); 乙: one today, one came.
    let jan1_10am =
        chrono::DateTime::<Utc>::from_naive_utc_and_offset(jan1.and_hms_opt(2, 0, 0).unwrap(), Utc);
    let just_now = Utc::now() - Duration::minutes(1);
    activity(&app, &a, "元旦登山", &[&a.members[0], &a.members[1]], jan1_10am).await;
    activity(&app, &a, "冬季长跑", &[&a.members[0], &a.members[3]], just_now).await;
    activity(&app, &b, "乒乓球赛", &[&b.members[0]], just_now).await;
    // Care: 帮扶 500 to 甲's first on January 1, 200 to its second today
    // and a 慰问 of 300; 帮扶 100 to 乙's first today.
    pay(&app, &a, &a.members[0], "assistance", "assistance", 50_000, jan1).await;
    pay(&app, &a, &a.members[1], "assistance", "assistance", 20_000, today).await;
    pay(&app, &a, &a.members[1], "condolence", "hospital", 30_000, today).await;
    pay(&app, &b, &b.members[0], "assistance", "assistance", 10_000, today).await;
    // Letters: one on January 1 (its answer now overdue), one today.
    letter(&app, &a, jan1).await;
    letter(&app, &a, today).await;

    let year_end = NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap();
    let ua = values(&app, &a.chair, &a.id, jan1, year_end).await;
    assert_eq!(ua["members"], 4.0, "{ua}");
    assert_eq!(ua["new_members"], 2.0);
    assert_eq!(ua["activities_held"], 2.0);
    // 3 of 4 members took part.
    assert_eq!(ua["participation_rate"], 75.0);
    assert_eq!(ua["aid_paid"], 700.0);
    assert_eq!(ua["care_amount"], 300.0);
    assert_eq!(ua["care_people_reached"], 2.0);
    assert_eq!(ua["petitions_received"], 2.0);
    assert!(ua.get("unionisation_rate").is_none(), "建会率 is a federation's: {ua}");
    let one = format!("/api/v1/orgs/{}/metrics/petition_answer_rate?from={jan1}&to={year_end}", a.id);
    let (s, f) = app.get(&a.chair, &one).await;
    assert_eq!(s, StatusCode::OK, "{f}");
    // The letter of January 1 is past its deadline unanswered; today's is in time.
    if split {
        assert_eq!(
            (f["value"].as_f64(), f["numerator"].as_f64(), f["denominator"].as_f64()),
            (Some(0.0), Some(0.0), Some(1.0)),
            "{f}"
        );
    }
    assert_eq!((f["unit"].as_str(), f["label"].as_str()), (Some("%"), Some("按期答复率")));
    assert!(f["definition"].as_str().unwrap().contains("按期答复"), "{f}");
    assert_eq!(
        f["link"].as_str(),
        Some(format!("/unions/{}/petitions?year={}", a.id, today.year()).as_str())
    );
    assert_eq!(f["period"]["from"].as_str(), Some(jan1.to_string().as_str()));

    let fa = values(&app, &fed_staff, &fed, jan1, year_end).await;
    assert_eq!(fa["members"], 6.0, "{fa}");
    assert_eq!(fa["new_members"], 2.0);
    assert_eq!(fa["activities_held"], 3.0);
    // 4 of 6 members of the district took part.
    assert_eq!(fa["participation_rate"], 66.66);
    assert_eq!(fa["aid_paid"], 800.0);
    assert_eq!(fa["care_people_reached"], 3.0);
    assert_eq!(fa["petitions_received"], 2.0);
    assert!(fa.get("budget_execution_rate").is_none(), "预算执行率 is a union's: {fa}");
    let (_, p) = app
        .get(&fed_staff, &format!("/api/v1/orgs/{fed}/metrics/participation_rate?from={jan1}&to={year_end}"))
        .await;
    assert_eq!((p["numerator"].as_f64(), p["denominator"].as_f64()), (Some(4.0), Some(6.0)), "{p}");

    if split {
        let ub = values(&app, &a.chair, &a.id, jan1, jan1).await;
        assert_eq!((ub["members"].as_f64(), ub["new_members"].as_f64()), (Some(3.0), Some(1.0)), "{ub}");
        assert_eq!(
            (ub["activities_held"].as_f64(), ub["participation_rate"].as_f64()),
            (Some(1.0), Some(66.66))
        );
        assert_eq!((ub["aid_paid"].as_f64(), ub["care_amount"].as_f64()), (Some(500.0), Some(0.0)));
        assert_eq!(
            (ub["care_people_reached"].as_f64(), ub["petitions_received"].as_f64()),
            (Some(1.0), Some(1.0))
        );
        let fb = values(&app, &fed_staff, &fed, jan1, jan1).await;
        assert_eq!((fb["members"].as_f64(), fb["activities_held"].as_f64()), (Some(5.0), Some(1.0)), "{fb}");
        // 2 of 5.
        assert_eq!((fb["participation_rate"].as_f64(), fb["aid_paid"].as_f64()), (Some(40.0), Some(500.0)));
    }

    // 404: a metric that does not exist; another union's or district's org.
    let (s, _) = app.get(&a.chair, &format!("/api/v1/orgs/{}/metrics/happiness", a.id)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.get(&a.chair, &format!("/api/v1/orgs/{}/metrics/members", b.id)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.get(&far_staff, &format!("/api/v1/orgs/{fed}/metrics")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.get(&far_staff, &format!("/api/v1/orgs/{}/metrics/members", a.id)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // 422: a metric of the other level, a period backwards, a date that does not read.
    let (s, e) = app.get(&a.chair, &format!("/api/v1/orgs/{}/metrics/unionisation_rate", a.id)).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("invalid_value", "metric")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("建会率"), "{e}");
    let (s, e) = app.get(&fed_staff, &format!("/api/v1/orgs/{fed}/metrics/budget_execution_rate")).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "metric"), "{e}");
    let (s, e) = app
        .get(&a.chair, &format!("/api/v1/orgs/{}/metrics/members?from=2026-07-01&to=2026-06-30", a.id))
        .await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("invalid_date", "to")), "{e}");
    let (s, e) = app.get(&a.chair, &format!("/api/v1/orgs/{}/metrics/members?from=2026-13-01", a.id)).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "from"), "{e}");
    let (s, e) = app.get(&a.chair, &format!("/api/v1/orgs/{}/metrics?to=明天", a.id)).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "to"), "{e}");

    // The dashboard's series: members at each month end, money by month.
    let (s, d) = app.get(&a.chair, &format!("/api/v1/orgs/{}/dashboard", a.id)).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let months = d["months"].as_array().unwrap().len();
    assert_eq!(months, today.month() as usize, "{d}");
    assert_eq!(d["members"][months - 1], 4.0);
    assert_eq!(d["members"][0].as_f64(), Some(if today.month() == 1 { 4.0 } else { 3.0 }));
    let care: f64 = d["care_amount"].as_array().unwrap().iter().filter_map(Value::as_f64).sum();
    assert_eq!(care, 1000.0, "{d}");
    let out: f64 = d["spending"].as_array().unwrap().iter().filter_map(Value::as_f64).sum();
    assert!(out >= 1000.0, "the payments are in the books: {d}");
    let (s, e) = app.get(&a.chair, &format!("/api/v1/orgs/{}/dashboard?year=1999", a.id)).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "year"), "{e}");
    let (s, fd) = app.get(&fed_staff, &format!("/api/v1/orgs/{fed}/dashboard")).await;
    assert_eq!((s, fd["members"][months - 1].as_f64()), (StatusCode::OK, Some(6.0)), "{fd}");
    assert_eq!(app.get(&far_staff, &format!("/api/v1/orgs/{fed}/dashboard")).await.0, StatusCode::NOT_FOUND);
    app.stop().await;
}
both!(plan_metrics_from_records, figures);

/// The pages: the catalogue with its definitions, a bad date named and
/// kept, one metric with its trend chart, and the org page's charts.
async fn pages(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let long_ago = NaiveDate::from_ymd_opt(2020, 9, 1).unwrap();
    let a = union(&app, &admin, "丙", &fed, &[long_ago, long_ago, today()], 21).await;
    pay(&app, &a, &a.members[0], "assistance", "assistance", 12_345, today()).await;
    let b = Browser::login(&app, "chair.pm21", PASSWORD).await;
    let (s, page) = b.get(&app, &format!("/orgs/{}/metrics", a.id)).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(page.contains("活动参与面") && page.contains("期末在册会员人数"), "{page}");
    assert!(page.contains("id=\"metric-members\"") && page.contains("3人"), "{page}");
    assert!(page.contains("123.45元"), "{page}");
    assert!(!page.contains("metric-unionisation_rate"), "a federation's metric on a union's page");
    // A date that does not read: named, the form keeps it.
    let (s, page) = b.get(&app, &format!("/orgs/{}/metrics?from=2026-02-30&to=2026-12-31", a.id)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("开始日期“2026-02-30”不是有效日期") && page.contains("value=\"2026-02-30\""),
        "{page}"
    );
    let (s, page) = b.get(&app, &format!("/orgs/{}/metrics/aid_paid", a.id)).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(page.contains("<svg") && page.contains("帮扶金额（元）按月走势"), "{page}");
    assert!(page.contains(&format!("/unions/{}/care/assistance?year=", a.id)), "{page}");
    let (s, _) = b.get(&app, &format!("/orgs/{}/metrics/unionisation_rate", a.id)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // The org page: the year's charts, each an inline SVG linking to its list.
    let (s, page) = b.get(&app, &format!("/orgs/{}", a.id)).await;
    assert_eq!(s, StatusCode::OK);
    for (id, title) in [
        ("chart-members", "会员人数（各月末）"),
        ("chart-money", "经费收支（按月）"),
        ("chart-care_amount", "帮扶慰问金额（按月）"),
        ("chart-participation", "活动参与面"),
        ("chart-petitions", "受理来信来访（按月）"),
        ("chart-answer_rate", "按期答复率"),
    ] {
        assert!(page.contains(id) && page.contains(title), "{id}: {page}");
    }
    assert!(page.contains("<svg") && page.contains("收入") && page.contains("支出"), "{page}");
    assert!(page.contains(&format!("href=\"/unions/{}/members\"", a.id)), "{page}");
    // The federation's page charts its subtree.
    app.user(&admin, "fed.pg", "federation", Some(&fed), Some(&fed)).await;
    let f = Browser::login(&app, "fed.pg", PASSWORD).await;
    let (s, page) = f.get(&app, &format!("/orgs/{fed}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("chart-members") && page.contains("会员 "), "{page}");
    let (s, page) = f.get(&app, &format!("/orgs/{fed}/metrics")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("metric-unionisation_rate") && page.contains("下属全部基层工会"), "{page}");
    app.stop().await;
}
both!(plan_metrics_pages, pages);
