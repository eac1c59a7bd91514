//! Recognition (issue 18): Training (培训): courses, hours, certificates,
//! statistics — end to end on every database. Courses are activities of
//! kind training: sign-up and check-in go through the activities' own
//! routes; completing a course credits the checked-in, an officer credits
//! others by hand; the yearly counts (期数, 人次, 学时, cadres apart) come
//! out exactly; certificates carry their validity and the expiry warning
//! list; the bad input is refused naming the field, other unions'
//! ids are 404.

use chrono::{Datelike, Days, NaiveDate, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{Browser, PASSWORD, TestApp, client};

fn err(b: &Value) -> (&str, &str) {
    (b["code"].as_str().unwrap_or(""), b["field"].as_str().unwrap_or(""))
}

fn today() -> NaiveDate {
    domain::time::today(Utc::now())
}

fn day(offset: i64) -> String {
    let t = today();
    let d = if offset >= 0 { t + Days::new(offset as u64) } else { t - Days::new((-offset) as u64) };
    d.to_string()
}

/// A course running today and tomorrow (check-in open now), sign-up open.
fn course(title: &str, hours: f64, capacity: i64, for_cadres: bool) -> Value {
    json!({
        "title": title, "organiser": "区总工会", "external": false, "for_cadres": for_cadres,
        "hours": hours, "starts_on": day(0), "ends_on": day(1), "capacity": capacity,
    })
}

/// A course starting next week: sign-up open, no check-in yet.
fn later_course(title: &str) -> Value {
    json!({
        "title": title, "organiser": "市总工会干部学校", "external": true, "for_cadres": true,
        "hours": 8, "starts_on": day(7), "ends_on": day(8), "capacity": 30,
        "certificate": "工会干部培训结业证书",
    })
}

async fn create(app: &TestApp, token: &str, union: &str, b: Value) -> (String, String) {
    let (s, c) = app.post(token, &format!("/api/v1/unions/{union}/courses"), b).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    assert_eq!(c["status"], "open", "{c}");
    (c["id"].as_str().unwrap().to_owned(), c["activity_id"].as_str().unwrap().to_owned())
}

/// The route × role test's fixture: an open course of `union` made by the
/// admin, its id.
pub async fn fixture(app: &TestApp, admin: &str, union: &str) -> String {
    create(app, admin, union, later_course("工会干部业务培训（第一期）")).await.0
}

struct World {
    union: String,
    other: String,
    chair: String,
    outsider: String,
    /// 王伟, 李娜, 赵敏, 孙亮 with logins linked to them.
    members: Vec<String>,
    tokens: Vec<String>,
    foreign_member: String,
}

async fn world(app: &TestApp, tag: &str) -> World {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let other = app.org(&admin, "union", "乙公司工会", Some(&fed)).await;
    app.user(&admin, &format!("chair.{tag}"), "chair", Some(&union), Some(&union)).await;
    app.user(&admin, &format!("chair2.{tag}"), "chair", Some(&other), Some(&other)).await;
    let chair = app.token(&format!("chair.{tag}"), PASSWORD).await;
    let outsider = app.token(&format!("chair2.{tag}"), PASSWORD).await;
    let mut members = Vec::new();
    for (i, name) in ["王伟", "李娜", "赵敏", "孙亮"].iter().enumerate() {
        members.push(crate::activity::member(app, &chair, &union, name, 60 + i as u32, None).await);
    }
    let tokens = crate::activity::logins(app, &union, &members, tag).await;
    let foreign_member = crate::activity::member(app, &outsider, &other, "钱多", 70, None).await;
    World { union, other, chair, outsider, members, tokens, foreign_member }
}

async fn contract(app: TestApp) {
    let w = world(&app, "tr").await;
    let year = today().year();
    let (a, act_a) = create(&app, &w.chair, &w.union, course("工会干部业务培训", 4.5, 10, true)).await;
    let (b, act_b) = create(&app, &w.chair, &w.union, course("安全生产培训", 2.0, 2, false)).await;

    // Sign-up and the waiting list are the activity's.
    for t in &w.tokens[..3] {
        let (s, r) = app.post(t, &format!("/api/v1/activities/{act_a}/signups"), json!({})).await;
        assert_eq!(s, StatusCode::CREATED, "{r}");
    }
    for t in &w.tokens[..3] {
        let (s, r) = app.post(t, &format!("/api/v1/activities/{act_b}/signups"), json!({})).await;
        assert_eq!(s, StatusCode::CREATED, "{r}");
    }
    // Check-in by the officer: 王伟 and 李娜 on both; 赵敏 came to A
    // without checking in (credited by hand below).
    for act in [&act_a, &act_b] {
        for m in &w.members[..2] {
            let (s, r) = app
                .post(&w.chair, &format!("/api/v1/activities/{act}/checkins"), json!({"member_id": m}))
                .await;
            assert_eq!(s, StatusCode::CREATED, "{r}");
        }
    }
    let (s, c) = app.get(&w.chair, &format!("/api/v1/courses/{b}")).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(
        (c["activity_id"].as_str(), &c["signed_up"], &c["waiting"]),
        (Some(act_b.as_str()), &json!(2), &json!(1)),
        "{c}"
    );
    assert_eq!((&c["checked_in"], &c["credited"], &c["hours"]), (&json!(2), &json!(0), &json!(2.0)), "{c}");

    // Completing credits the checked-in, once.
    let (s, r) = app.post(&w.chair, &format!("/api/v1/courses/{a}/complete"), json!({})).await;
    assert_eq!(
        (s, &r["credited_now"], &r["status"]),
        (StatusCode::OK, &json!(2), &json!("completed")),
        "{r}"
    );
    let (s, e) = app.post(&w.chair, &format!("/api/v1/courses/{a}/complete"), json!({})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "invalid_transition"), "{e}");
    let (s, r) = app.post(&w.chair, &format!("/api/v1/courses/{b}/complete"), json!({})).await;
    assert_eq!((s, &r["credited_now"]), (StatusCode::OK, &json!(2)), "{r}");
    // 赵敏 by hand on A (the course's hours); twice is refused.
    let credits = format!("/api/v1/courses/{a}/credits");
    let (s, k) = app.post(&w.chair, &credits, json!({"member_id": w.members[2]})).await;
    assert_eq!((s, &k["hours"], &k["name"]), (StatusCode::CREATED, &json!(4.5), &json!("赵敏")), "{k}");
    let (s, e) = app.post(&w.chair, &credits, json!({"member_id": w.members[2]})).await;
    assert_eq!((s, err(&e)), (StatusCode::CONFLICT, ("conflict", "member_id")), "{e}");

    // The yearly counts, exactly: A 3 × 4.5, B 2 × 2.
    let (s, st) = app.get(&w.chair, &format!("/api/v1/unions/{}/training-stats?year={year}", w.union)).await;
    assert_eq!(s, StatusCode::OK, "{st}");
    assert_eq!(st["courses"], 2, "{st}");
    assert_eq!(st["person_times"], 5, "{st}");
    assert_eq!(st["hours"], 17.5, "{st}");
    assert_eq!(st["cadre_person_times"], 3, "{st}");
    assert_eq!((&st["cadre_courses"], &st["cadre_hours"]), (&json!(1), &json!(13.5)), "{st}");
    // The app's function the benchmark calls says the same.
    let db = app.db().await;
    let state = app::AppState::new(
        db.clone(),
        Default::default(),
        std::sync::Arc::new(app::crypto::Keys::from_secret(&[1; 32])),
    );
    let union_id = uuid::Uuid::parse_str(&w.union).unwrap();
    let stats = app::recognition::training::stats(&state, union_id, year).await.unwrap();
    assert_eq!(
        (stats.courses, stats.person_times, stats.tenth_hours, stats.cadre_person_times),
        (2, 5, 175, 3)
    );
    db.close().await;
    // Another year is empty; the other union counts nothing of ours.
    let (_, st) =
        app.get(&w.chair, &format!("/api/v1/unions/{}/training-stats?year={}", w.union, year - 1)).await;
    assert_eq!(
        (&st["courses"], &st["person_times"], &st["hours"]),
        (&json!(0), &json!(0), &json!(0.0)),
        "{st}"
    );
    let (_, st) =
        app.get(&w.outsider, &format!("/api/v1/unions/{}/training-stats?year={year}", w.other)).await;
    assert_eq!(st["person_times"], 0, "{st}");

    // One course with its attendance and credits.
    let (_, c) = app.get(&w.chair, &format!("/api/v1/courses/{a}")).await;
    assert_eq!(
        (&c["signed_up"], &c["checked_in"], &c["credited"], &c["credited_hours"]),
        (&json!(3), &json!(2), &json!(3), &json!(13.5)),
        "{c}"
    );
    assert_eq!(c["attendance"].as_array().unwrap().len(), 2, "{c}");
    assert_eq!(c["credits"].as_array().unwrap().len(), 3, "{c}");
    let (_, l) = app.get(&w.chair, &format!("/api/v1/unions/{}/courses?year={year}", w.union)).await;
    assert_eq!(l["items"].as_array().unwrap().len(), 2, "{l}");

    // The member's own: 王伟 on both courses.
    let (s, m) = app.get(&w.tokens[0], &format!("/api/v1/unions/{}/training/mine", w.union)).await;
    assert_eq!(s, StatusCode::OK, "{m}");
    assert_eq!((&m["hours_this_year"], &m["hours_total"]), (&json!(6.5), &json!(6.5)), "{m}");
    assert_eq!(m["courses"].as_array().unwrap().len(), 2, "{m}");
    // 孙亮 came to nothing.
    let (_, m) = app.get(&w.tokens[3], &format!("/api/v1/unions/{}/training/mine", w.union)).await;
    assert_eq!((&m["hours_total"], m["courses"].as_array().unwrap().len()), (&json!(0.0), 0), "{m}");

    // Training activities are activities: listed with the rest, but not
    // published alone; participation still answers.
    let (_, acts) = app.get(&w.chair, &format!("/api/v1/unions/{}/activities", w.union)).await;
    assert!(acts.to_string().contains("\"kind\":\"training\""), "{acts}");
    let mut alone = crate::activity::body("培训", 10);
    alone["kind"] = "training".into();
    let (s, e) = app.post(&w.chair, &format!("/api/v1/unions/{}/activities", w.union), alone).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "kind"), "{e}");
    let (s, p) = app.get(&w.chair, &format!("/api/v1/unions/{}/participation?year={year}", w.union)).await;
    assert_eq!(s, StatusCode::OK, "{p}");

    // Pages: the list with its counts, the course, the statistics, Excel.
    let chair = Browser::login(&app, "chair.tr", PASSWORD).await;
    let (s, html) = chair.get(&app, &format!("/unions/{}/courses?year={year}", w.union)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("工会干部业务培训") && html.contains("5人次") && html.contains("17.5学时"),
        "{html}"
    );
    let (s, html) = chair.get(&app, &format!("/courses/{a}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(&format!("/activities/{act_a}")) && html.contains("赵敏"), "{html}");
    let (s, html) = chair.get(&app, &format!("/unions/{}/training/stats?year={year}", w.union)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("工会干部培训") && html.contains("13.5"), "{html}");
    let r = client()
        .get(app.url(&format!("/unions/{}/training/stats.xlsx?year={year}", w.union)))
        .bearer_auth(&w.chair)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.unwrap().starts_with(b"PK"));
    app.stop().await;
}
crate::both!(training_contract_and_stats, contract);

async fn bad_input(app: TestApp) {
    let w = world(&app, "tb").await;
    let courses = format!("/api/v1/unions/{}/courses", w.union);
    // Hours zero, or with two decimals: 422 naming hours; nothing written.
    let (s, e) = app.post(&w.chair, &courses, course("零学时", 0.0, 10, false)).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "hours"), "{e}");
    let (s, e) = app.post(&w.chair, &courses, course("小数", 1.25, 10, false)).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "hours"), "{e}");
    let mut backwards = course("倒序", 2.0, 10, false);
    backwards["ends_on"] = day(-1).into();
    let (s, e) = app.post(&w.chair, &courses, backwards).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "ends_on"), "{e}");
    let (s, e) = app.post(&w.chair, &courses, course("无名额", 2.0, 0, false)).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "capacity"), "{e}");
    let (_, l) = app.get(&w.chair, &courses).await;
    assert_eq!(l["items"].as_array().unwrap().len(), 0, "{l}");
    let (_, acts) = app.get(&w.chair, &format!("/api/v1/unions/{}/activities", w.union)).await;
    assert!(!acts.to_string().contains("零学时"), "an activity was half-written: {acts}");

    let (a, _) = create(&app, &w.chair, &w.union, course("安全培训", 2.0, 10, false)).await;
    // A member of another union: 404 naming member_id.
    let (s, e) = app
        .post(&w.chair, &format!("/api/v1/courses/{a}/credits"), json!({"member_id": w.foreign_member}))
        .await;
    assert_eq!((s, err(&e)), (StatusCode::NOT_FOUND, ("not_found", "member_id")), "{e}");
    let (s, e) = app
        .post(
            &w.chair,
            &format!("/api/v1/courses/{a}/credits"),
            json!({"member_id": w.members[0], "hours": 0}),
        )
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "hours"), "{e}");
    // Another union's course id: 404 to its chair, whatever the route.
    for (m, path) in [
        (Method::GET, format!("/api/v1/courses/{a}")),
        (Method::POST, format!("/api/v1/courses/{a}/complete")),
        (Method::POST, format!("/api/v1/courses/{a}/credits")),
    ] {
        let body = (m == Method::POST).then(|| json!({"member_id": w.foreign_member}));
        let (s, e) = app.api(Some(&w.outsider), m, &path, body).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}: {e}");
    }
    // Completing twice: 409.
    let (s, _) = app.post(&w.chair, &format!("/api/v1/courses/{a}/complete"), json!({})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, e) = app.post(&w.chair, &format!("/api/v1/courses/{a}/complete"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    // A course whose activity is called off is cancelled: no completion,
    // no credits, not counted in the year's 期数.
    let (c, act) = create(&app, &w.chair, &w.union, later_course("取消的培训")).await;
    let (s, r) = app
        .post(&w.chair, &format!("/api/v1/activities/{act}/call-off"), json!({"reason": "讲师有事"}))
        .await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let (_, got) = app.get(&w.chair, &format!("/api/v1/courses/{c}")).await;
    assert_eq!(got["status"], "cancelled", "{got}");
    let (s, e) = app.post(&w.chair, &format!("/api/v1/courses/{c}/complete"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    let (s, e) =
        app.post(&w.chair, &format!("/api/v1/courses/{c}/credits"), json!({"member_id": w.members[0]})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    let year = today().year();
    let (_, st) = app.get(&w.chair, &format!("/api/v1/unions/{}/training-stats?year={year}", w.union)).await;
    assert_eq!(st["courses"], 1, "{st}");

    // The form keeps what was typed and says in Chinese what is wrong.
    let chair = Browser::login(&app, "chair.tb", PASSWORD).await;
    let (_, page) = chair.get(&app, &format!("/unions/{}/courses/new", w.union)).await;
    let csrf = crate::common::csrf_of(&page);
    let _ = csrf;
    let (s, html, _) = chair
        .post(
            &app,
            &format!("/unions/{}/courses", w.union),
            &[
                ("title", "班组长培训"),
                ("organiser", "本会"),
                ("hours", "0"),
                ("starts_on", &day(3)),
                ("ends_on", &day(3)),
                ("capacity", "20"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("班组长培训") && html.contains("学时须大于0"), "{html}");
    app.stop().await;
}
crate::both!(training_bad_input, bad_input);

async fn upload(app: &TestApp, token: &str, union: &str, id: &str, bytes: &[u8]) -> StatusCode {
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(bytes.to_vec()).file_name("证书.pdf".to_owned()));
    let r = client()
        .post(app.url(&format!("/api/v1/unions/{union}/certificates/{id}/files")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    r.status()
}

async fn certificates(app: TestApp) {
    let w = world(&app, "tc").await;
    let certs = format!("/api/v1/unions/{}/certificates", w.union);
    let cert = |member: &str, name: &str, issued: String, until: Option<String>| {
        json!({"member_id": member, "name": name, "issuer": "应急管理局", "number": format!("T-{name}"),
               "issued_on": issued, "valid_until": until})
    };
    // Valid until before it was issued: 422 naming valid_until.
    let (s, e) = app.post(&w.chair, &certs, cert(&w.members[0], "电工证", day(0), Some(day(-1)))).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "valid_until"), "{e}");
    // A member of another union, a course of another union: 404.
    let (s, e) = app.post(&w.chair, &certs, cert(&w.foreign_member, "电工证", day(-10), None)).await;
    assert_eq!((s, err(&e).1), (StatusCode::NOT_FOUND, "member_id"), "{e}");
    let (foreign_course, _) = create(&app, &w.outsider, &w.other, course("乙培训", 2.0, 5, false)).await;
    let mut c = cert(&w.members[0], "电工证", day(-10), None);
    c["course_id"] = foreign_course.into();
    let (s, e) = app.post(&w.chair, &certs, c).await;
    assert_eq!((s, err(&e).1), (StatusCode::NOT_FOUND, "course_id"), "{e}");

    let mut ids = Vec::new();
    for (m, name, until) in [
        (0, "电工证", Some(day(30))),
        (1, "焊工证", Some(day(-5))),
        (2, "叉车证", Some(day(200))),
        (3, "安全员证", None),
    ] {
        let (s, c) = app.post(&w.chair, &certs, cert(&w.members[m], name, day(-400), until)).await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        ids.push(c["id"].as_str().unwrap().to_owned());
    }
    // The warning list: expired first, then the soonest; nothing valid.
    let (_, l) = app.get(&w.chair, &format!("{certs}?expiring=90")).await;
    let names: Vec<&str> =
        l["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["焊工证", "电工证"], "{l}");
    assert_eq!(
        (&l["items"][0]["state"], &l["items"][1]["state"]),
        (&json!("expired"), &json!("expiring")),
        "{l}"
    );
    assert_eq!(l["items"][1]["days_left"], 30, "{l}");
    let (_, l) = app.get(&w.chair, &format!("{certs}?expiring=365")).await;
    assert_eq!(l["items"].as_array().unwrap().len(), 3, "{l}");
    let (_, l) = app.get(&w.chair, &certs).await;
    assert_eq!(l["items"].as_array().unwrap().len(), 4, "{l}");
    let (s, e) = app.get(&w.chair, &format!("{certs}?expiring=-1")).await;
    assert_eq!((s, err(&e).1), (StatusCode::BAD_REQUEST, "expiring"), "{e}");
    // The member sees their own with its validity.
    let (_, m) = app.get(&w.tokens[0], &format!("/api/v1/unions/{}/training/mine", w.union)).await;
    assert_eq!(
        (&m["certificates"][0]["name"], &m["certificates"][0]["state"]),
        (&json!("电工证"), &json!("expiring")),
        "{m}"
    );

    // A scan: a PDF is taken, a Word file refused by its bytes; another
    // union's chair cannot add to it.
    assert_eq!(upload(&app, &w.chair, &w.union, &ids[0], b"%PDF-1.7 scan").await, StatusCode::CREATED);
    assert_eq!(
        upload(&app, &w.chair, &w.union, &ids[0], b"PK\x03\x04docx").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(upload(&app, &w.outsider, &w.other, &ids[0], b"%PDF-1.7 scan").await, StatusCode::NOT_FOUND);
    let (_, f) = app.get(&w.chair, &format!("{certs}/{}/files", ids[0])).await;
    assert_eq!(f["items"].as_array().unwrap().len(), 1, "{f}");

    // Pages: the warning list, print and Excel.
    let chair = Browser::login(&app, "chair.tc", PASSWORD).await;
    let (s, html) = chair.get(&app, &format!("/unions/{}/certificates", w.union)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("到期预警") && html.contains("已过期") && html.contains("30天后到期"), "{html}");
    let (s, html) = chair.get(&app, &format!("/unions/{}/certificates/print?expiring=90", w.union)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("焊工证") && !html.contains("叉车证"), "{html}");
    let r = client()
        .get(app.url(&format!("/unions/{}/certificates.xlsx", w.union)))
        .bearer_auth(&w.chair)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // The member's phone page.
    let (s, html) = chair.get(&app, &format!("/unions/{}/training/mine", w.union)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("我的建议") && html.contains("我的荣誉") && html.contains("我的培训"), "{html}");
    app.stop().await;
}
crate::both!(training_certificates_and_expiry, certificates);

/// An officer moves a course's activity to next January on the
/// activities' page: the course's days and year follow, and so does the
/// year its credits count in.
async fn follows_its_activity(app: TestApp) {
    let w = world(&app, "fo").await;
    let year = today().year();
    let (id, act) = create(&app, &w.chair, &w.union, later_course("工会干部业务培训（第二期）")).await;
    let (s, r) = app
        .post(&w.chair, &format!("/api/v1/courses/{id}/credits"), json!({"member_id": w.members[0]}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let stats = |y: i32| format!("/api/v1/unions/{}/training-stats?year={y}", w.union);
    let (_, st) = app.get(&w.chair, &stats(year)).await;
    assert_eq!(st["person_times"], 1, "{st}");

    // Next 12 January, 09:00 to 17:00 in Beijing.
    let (_, a) = app.get(&w.chair, &format!("/api/v1/activities/{act}")).await;
    let starts = format!("{}-01-12T01:00:00Z", year + 1);
    let ends = format!("{}-01-12T09:00:00Z", year + 1);
    let body = json!({
        "title": "工会干部业务培训（第二期·改期）", "kind": "training", "place": a["place"],
        "starts_at": starts, "ends_at": ends, "places": 30,
        "signup_closes_at": format!("{}-01-11T09:00:00Z", year + 1),
    });
    let (s, r) = app.api(Some(&w.chair), Method::PUT, &format!("/api/v1/activities/{act}"), Some(body)).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let (_, c) = app.get(&w.chair, &format!("/api/v1/courses/{id}")).await;
    let next = format!("{}-01-12", year + 1);
    assert_eq!(
        (c["title"].as_str(), c["starts_on"].as_str(), c["ends_on"].as_str(), &c["year"]),
        (Some("工会干部业务培训（第二期·改期）"), Some(next.as_str()), Some(next.as_str()), &json!(year + 1)),
        "{c}"
    );
    let (_, st) = app.get(&w.chair, &stats(year)).await;
    assert_eq!((&st["courses"], &st["person_times"]), (&json!(0), &json!(0)), "{st}");
    let (_, st) = app.get(&w.chair, &stats(year + 1)).await;
    assert_eq!(
        (&st["courses"], &st["person_times"], &st["cadre_person_times"]),
        (&json!(1), &json!(1), &json!(1)),
        "{st}"
    );
}

crate::both!(training_course_follows_its_activity, follows_its_activity);
