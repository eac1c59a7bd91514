//! Issue 16, the edits and removals of the activity area on every database:
//! the activity's edit page (filled in, saved through the same service as
//! the API, typed values kept on error, the waiting list moving up when
//! places grow, a called-off activity refused); deleting a photo (bytes
//! and all); taking an entrant or a judge off a contest, refused once a
//! score sheet names them or the result is published. Other unions' ids
//! answer 404 throughout.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::activity::{body, create, member, world};
use crate::common::{Browser, PASSWORD, TestApp, client};

fn err(b: &Value) -> (&str, &str) {
    (b["code"].as_str().unwrap_or(""), b["field"].as_str().unwrap_or(""))
}

/// The value a form field shows.
fn value_of(html: &str, name: &str) -> String {
    let re = regex_lite::Regex::new(&format!(r#"name="{name}"[^>]*value="([^"]*)""#)).unwrap();
    re.captures(html).map(|c| c[1].to_owned()).unwrap_or_else(|| panic!("no field {name}"))
}

/// The edit form as the page fills it in, with some fields changed.
fn filled(html: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = [
        "title",
        "place",
        "places",
        "starts_at",
        "ends_at",
        "signup_opens_at",
        "signup_closes_at",
        "cancel_until",
    ]
    .iter()
    .map(|n| ((*n).to_owned(), value_of(html, n)))
    .collect();
    form.push(("kind".into(), "sports".into()));
    form.push(("audience".into(), "whole_union".into()));
    for (k, v) in changes {
        form.retain(|(n, _)| n != k);
        form.push(((*k).to_owned(), (*v).to_owned()));
    }
    form
}

async fn post_form(
    app: &TestApp,
    b: &Browser,
    path: &str,
    form: &[(String, String)],
) -> (StatusCode, String) {
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (s, html, _) = b.post(app, path, &fields).await;
    (s, html)
}

async fn edit_page(app: TestApp) {
    let w = world(&app, "ae").await;
    let admin = app.admin().await;
    app.user(&admin, "member.ae", "member", Some(&w.union), Some(&w.union)).await;
    let b = Browser::login(&app, "chair.ae", PASSWORD).await;
    let plain = Browser::login(&app, "member.ae", PASSWORD).await;
    let outsider = Browser::login(&app, "chair2.ae", PASSWORD).await;
    let a = create(&app, &w.chair, &w.union, body("羽毛球赛", 1)).await;
    // Two sign up for the one place: the second waits.
    let m1 = member(&app, &w.chair, &w.union, "张伟", 1, None).await;
    let m2 = member(&app, &w.chair, &w.union, "王芳", 2, None).await;
    let signups = format!("/api/v1/activities/{a}/signups");
    for m in [&m1, &m2] {
        let (s, r) = app.post(&w.chair, &signups, json!({"member_id": m})).await;
        assert_eq!(s, StatusCode::CREATED, "{r}");
    }

    // Managers find 修改 on the activity page; members do not.
    let edit = format!("/activities/{a}/edit");
    let (s, html) = b.get(&app, &format!("/activities/{a}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(&format!(r#"href="{edit}""#)), "{html}");
    let (s, html) = plain.get(&app, &format!("/activities/{a}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!html.contains(&edit), "{html}");
    assert_eq!(plain.get(&app, &edit).await.0, StatusCode::FORBIDDEN);
    // Another union's officer finds no such activity.
    assert_eq!(outsider.get(&app, &edit).await.0, StatusCode::NOT_FOUND);
    let (s, _) = post_form(&app, &outsider, &edit, &[("title".into(), "x".into())]).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // The form comes filled in with the activity.
    let (s, html) = b.get(&app, &edit).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert_eq!(value_of(&html, "title"), "羽毛球赛");
    assert_eq!(value_of(&html, "places"), "1");
    assert_eq!(value_of(&html, "place"), "职工活动中心");
    assert!(html.contains(r#"<option value="sports" selected>"#), "{html}");
    // The default cancel deadline (sign-up closing) stays the default.
    assert_eq!(value_of(&html, "cancel_until"), "");
    let starts = value_of(&html, "starts_at");

    // Places 0 and an end before the start: refused, the form keeps what
    // was typed and says what is wrong at the field.
    let bad = filled(&html, &[("title", "羽毛球赛（改）"), ("places", "0"), ("ends_at", &starts)]);
    let (s, page) = post_form(&app, &b, &edit, &bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains("名额须大于0"), "{page}");
    assert_eq!(value_of(&page, "title"), "羽毛球赛（改）");
    assert_eq!(value_of(&page, "places"), "0");
    assert_eq!(value_of(&page, "ends_at"), starts);
    let bad = filled(&html, &[("title", "羽毛球赛（改）"), ("places", "3"), ("ends_at", &starts)]);
    let (s, page) = post_form(&app, &b, &edit, &bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains(r#"<p class="field-error">活动结束时间须晚于开始时间</p>"#), "{page}");
    assert_eq!((value_of(&page, "places"), value_of(&page, "ends_at")), ("3".to_owned(), starts.clone()));
    let (s, page) = post_form(&app, &b, &edit, &filled(&html, &[("places", "abc")])).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("名额应为整数") && value_of(&page, "places") == "abc", "{page}");
    let (_, one) = app.get(&w.chair, &format!("/api/v1/activities/{a}")).await;
    assert_eq!((one["title"].as_str(), one["places"].as_i64()), (Some("羽毛球赛"), Some(1)), "{one}");

    // Saved: two places now, and the first waiting moves up.
    let good = filled(&html, &[("title", "羽毛球赛（改期）"), ("places", "2"), ("place", "体育馆")]);
    let fields: Vec<(&str, &str)> = good.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (s, _, to) = b.post(&app, &edit, &fields).await;
    assert_eq!((s, to.as_deref()), (StatusCode::SEE_OTHER, Some(format!("/activities/{a}").as_str())));
    let (s, page) = b.get(&app, &format!("/activities/{a}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("活动已修改") && page.contains("羽毛球赛（改期）"), "{page}");
    assert!(page.contains("剩余0个") && page.contains("（候补转正）"), "{page}");
    let (_, one) = app.get(&w.chair, &format!("/api/v1/activities/{a}")).await;
    assert_eq!((one["places"].as_i64(), one["place"].as_str()), (Some(2), Some("体育馆")), "{one}");
    let (_, l) = app.get(&w.chair, &signups).await;
    let st: Vec<&str> =
        l["items"].as_array().unwrap().iter().map(|i| i["status"].as_str().unwrap()).collect();
    assert_eq!(st, ["confirmed", "confirmed"], "{l}");
    let (_, audit) = app.get(&admin, "/api/v1/audit?action=activity.edit").await;
    assert!(audit.to_string().contains("候补1人转为正式报名"), "{audit}");
    // Fewer places than those confirmed: refused at the field.
    let (_, html) = b.get(&app, &edit).await;
    let (s, page) = post_form(&app, &b, &edit, &filled(&html, &[("places", "1")])).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("名额不能少于已确认报名的2人"), "{page}");

    // Called off: no 修改 any more, and a save is refused.
    let (s, r) =
        app.post(&w.chair, &format!("/api/v1/activities/{a}/call-off"), json!({"reason": "场地维修"})).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let (_, page) = b.get(&app, &format!("/activities/{a}")).await;
    assert!(!page.contains(&edit), "{page}");
    let (s, page) = b.get(&app, &edit).await;
    assert!(s == StatusCode::OK && page.contains("活动已取消，不能再修改"), "{page}");
    let (s, page) = post_form(&app, &b, &edit, &filled(&html, &[("places", "5")])).await;
    assert_eq!(s, StatusCode::CONFLICT, "{page}");
    assert!(page.contains("活动已取消，不能再修改"), "{page}");
    let (_, one) = app.get(&w.chair, &format!("/api/v1/activities/{a}")).await;
    assert_eq!(one["places"].as_i64(), Some(2), "{one}");
    app.stop().await;
}
crate::both!(edit_page, edit_page);

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

async fn upload(app: &TestApp, token: &str, id: &str, name: &str) -> String {
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(PNG.to_vec()).file_name(name.to_owned()));
    let r = client()
        .post(app.url(&format!("/api/v1/activities/{id}/photos")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let p: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    p["id"].as_str().unwrap().to_owned()
}

/// The photo's row (which holds its bytes), read straight from the database.
async fn stored(app: &TestApp, union: &str, activity: &str, photo: &str) -> bool {
    let db = app.db().await;
    let mut tx = db.read().await.unwrap();
    let u = domain::UnionId(Uuid::parse_str(union).unwrap());
    let (a, p) = (Uuid::parse_str(activity).unwrap(), Uuid::parse_str(photo).unwrap());
    let found = store::activity::cost::photo(&mut tx, u, a, p).await.unwrap().is_some();
    drop(tx);
    db.close().await;
    found
}

async fn photo_delete(app: TestApp) {
    let w = world(&app, "ap").await;
    let b = Browser::login(&app, "chair.ap", PASSWORD).await;
    let a = create(&app, &w.chair, &w.union, body("摄影展", 10)).await;
    let other = create(&app, &w.chair, &w.union, body("书法展", 10)).await;
    let p1 = upload(&app, &w.chair, &a, "合影一.png").await;
    let p2 = upload(&app, &w.chair, &a, "合影二.png").await;
    let api = |p: &str| format!("/api/v1/activities/{a}/photos/{p}");

    // A delete button under each photo.
    let (_, html) = b.get(&app, &format!("/activities/{a}/costs")).await;
    for p in [&p1, &p2] {
        assert!(html.contains(&format!(r#"action="/activities/{a}/photos/{p}/delete""#)), "{html}");
    }
    // Another activity's photo, another union's officer: not found.
    let (s, e) = app
        .api(Some(&w.chair), Method::DELETE, &format!("/api/v1/activities/{other}/photos/{p1}"), None)
        .await;
    assert_eq!((s, err(&e).0), (StatusCode::NOT_FOUND, "not_found"), "{e}");
    let (s, _) = app.api(Some(&w.outsider), Method::DELETE, &api(&p1), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(stored(&app, &w.union, &a, &p1).await);

    // Through the API: 204, and the bytes are gone with the row.
    let (s, _) = app.api(Some(&w.chair), Method::DELETE, &api(&p1), None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert!(!stored(&app, &w.union, &a, &p1).await);
    assert_eq!(app.get(&w.chair, &api(&p1)).await.0, StatusCode::NOT_FOUND);
    let (_, l) = app.get(&w.chair, &format!("/api/v1/activities/{a}/photos")).await;
    let ids: Vec<&str> = l["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [p2.as_str()], "{l}");
    let (s, _) = app.api(Some(&w.chair), Method::DELETE, &api(&p1), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Through the page: back to the costs page with a message.
    let (s, _, to) = b.post(&app, &format!("/activities/{a}/photos/{p2}/delete"), &[]).await;
    assert_eq!((s, to), (StatusCode::SEE_OTHER, Some(format!("/activities/{a}/costs"))));
    let (_, html) = b.get(&app, &format!("/activities/{a}/costs")).await;
    assert!(html.contains("照片已删除") && html.contains("还没有照片"), "{html}");
    assert!(!stored(&app, &w.union, &a, &p2).await);
    let (s, _, _) = b.post(&app, &format!("/activities/{a}/photos/{p2}/delete"), &[]).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let (_, audit) = app.get(&app.admin().await, "/api/v1/audit?action=activity.photo_delete").await;
    let text = audit.to_string();
    assert!(text.contains("合影一.png") && text.contains("合影二.png"), "{audit}");
    app.stop().await;
}
crate::both!(photo_delete, photo_delete);

async fn contest_removal(app: TestApp) {
    let w = world(&app, "cr").await;
    let admin = app.admin().await;
    let b = Browser::login(&app, "chair.cr", PASSWORD).await;
    let mut judges = Vec::new();
    for name in ["judge.cr1", "judge.cr2", "judge.cr3"] {
        judges.push(app.user(&admin, name, "member", Some(&w.union), Some(&w.union)).await);
    }
    let judge1 = app.token("judge.cr1", PASSWORD).await;
    let new_contest = || {
        json!({"kind": "skill_contest", "title": "焊工技能比武", "starts_on": "2026-11-01",
            "ends_on": "2026-11-30", "criteria": [{"name": "操作", "weight": 1, "max": 100}]})
    };
    let (s, c) = app.post(&w.chair, &format!("/api/v1/unions/{}/contests", w.union), new_contest()).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let c = c["id"].as_str().unwrap().to_owned();
    let (_, c2) = app.post(&w.chair, &format!("/api/v1/unions/{}/contests", w.union), new_contest()).await;
    let c2 = c2["id"].as_str().unwrap().to_owned();
    let cu = format!("/api/v1/contests/{c}");
    let mut ms = Vec::new();
    for (i, n) in ["张伟", "王芳", "李娜", "赵强", "刘洋"].iter().enumerate() {
        ms.push(member(&app, &w.chair, &w.union, n, 10 + i as u32, None).await);
    }
    let mut entrants = Vec::new();
    for m in &ms[..3] {
        let (s, e) = app.post(&w.chair, &format!("{cu}/entrants"), json!({"member_id": m})).await;
        assert_eq!(s, StatusCode::CREATED, "{e}");
        entrants.push(e["id"].as_str().unwrap().to_owned());
    }
    let (s, team) = app
        .post(&w.chair, &format!("{cu}/entrants"), json!({"team_name": "焊接一队", "member_ids": &ms[3..]}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{team}");
    let team = team["id"].as_str().unwrap().to_owned();
    for j in &judges {
        let (s, r) = app.post(&w.chair, &format!("{cu}/judges"), json!({"user_id": j})).await;
        assert_eq!(s, StatusCode::CREATED, "{r}");
    }
    let (_, round) = app.post(&w.chair, &format!("{cu}/rounds"), json!({"name": "决赛"})).await;
    let round = round["id"].as_str().unwrap().to_owned();
    let sheet = json!({"entrant_id": entrants[0], "scores": {"c1": 90}});
    let (s, r) = app.post(&judge1, &format!("{cu}/rounds/{round}/sheets"), sheet).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");

    // The contest page has a delete button for each entrant and judge.
    let (_, html) = b.get(&app, &format!("/contests/{c}")).await;
    for e in entrants.iter().chain([&team]) {
        assert!(html.contains(&format!(r#"action="/contests/{c}/entrants/{e}/delete""#)), "{html}");
    }
    for j in &judges {
        assert!(html.contains(&format!(r#"action="/contests/{c}/judges/{j}/delete""#)), "{html}");
    }

    // Named by a score sheet: refused with 409 and the reason.
    let del = |path: String| {
        let app = &app;
        let chair = w.chair.clone();
        async move { app.api(Some(&chair), Method::DELETE, &path, None).await }
    };
    let (s, e) = del(format!("{cu}/entrants/{}", entrants[0])).await;
    assert_eq!((s, err(&e)), (StatusCode::CONFLICT, ("conflict", "entrant_id")), "{e}");
    assert_eq!(e["message"], "参赛者张伟已有1张评分表，不能删除");
    let (s, e) = del(format!("{cu}/judges/{}", judges[0])).await;
    assert_eq!((s, err(&e)), (StatusCode::CONFLICT, ("conflict", "user_id")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("已提交1张评分表，不能删除"), "{e}");
    let (s, html, _) = b.post(&app, &format!("/contests/{c}/entrants/{}/delete", entrants[0]), &[]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(html.contains("参赛者张伟已有1张评分表，不能删除"), "{html}");
    let (s, html, _) = b.post(&app, &format!("/contests/{c}/judges/{}/delete", judges[0]), &[]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(html.contains("已提交1张评分表，不能删除"), "{html}");

    // Another contest's entrant, an unknown judge, another union: not found.
    let (s, e) = del(format!("/api/v1/contests/{c2}/entrants/{}", entrants[1])).await;
    assert_eq!((s, err(&e).0), (StatusCode::NOT_FOUND, "not_found"), "{e}");
    let (s, _) = del(format!("/api/v1/contests/{c2}/judges/{}", judges[1])).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = del(format!("{cu}/judges/{}", Uuid::now_v7())).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) =
        app.api(Some(&w.outsider), Method::DELETE, &format!("{cu}/entrants/{}", entrants[1]), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) =
        app.api(Some(&w.outsider), Method::DELETE, &format!("{cu}/judges/{}", judges[1]), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, _) = b.post(&app, &format!("/contests/{c2}/judges/{}/delete", judges[1]), &[]).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Not yet scored: removed, by the API (204) and by the page.
    let (s, _) = del(format!("{cu}/entrants/{}", entrants[1])).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = del(format!("{cu}/entrants/{}", entrants[1])).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = del(format!("{cu}/judges/{}", judges[1])).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _, to) = b.post(&app, &format!("/contests/{c}/entrants/{team}/delete"), &[]).await;
    assert_eq!((s, to), (StatusCode::SEE_OTHER, Some(format!("/contests/{c}"))));
    let (_, html) = b.get(&app, &format!("/contests/{c}")).await;
    assert!(html.contains("已删除参赛者焊接一队"), "{html}");
    let (_, v) = app.get(&w.chair, &cu).await;
    let names: Vec<&str> =
        v["entrants"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["张伟", "李娜"], "{v}");
    assert_eq!(v["people"], 2, "{v}");
    let js: Vec<&str> =
        v["judges"].as_array().unwrap().iter().map(|j| j["user_id"].as_str().unwrap()).collect();
    assert_eq!(js, [judges[0].as_str(), judges[2].as_str()], "{v}");
    // A removed judge may be added again.
    let (s, r) = app.post(&w.chair, &format!("{cu}/judges"), json!({"user_id": judges[1]})).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");

    // Once the result is published, nobody is taken off.
    let (s, r) = app.post(&w.chair, &format!("{cu}/rounds/{round}/close"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let (s, r) = app.post(&w.chair, &format!("{cu}/publish"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let (s, e) = del(format!("{cu}/entrants/{}", entrants[2])).await;
    assert_eq!(
        (s, e["message"].as_str()),
        (StatusCode::CONFLICT, Some("竞赛结果已公布，不能再删除参赛者")),
        "{e}"
    );
    let (s, e) = del(format!("{cu}/judges/{}", judges[2])).await;
    assert_eq!(
        (s, e["message"].as_str()),
        (StatusCode::CONFLICT, Some("竞赛结果已公布，不能再删除评委")),
        "{e}"
    );

    let (_, audit) = app.get(&admin, "/api/v1/audit?action=contest.entrant_remove").await;
    let text = audit.to_string();
    assert!(text.contains("删除参赛者王芳") && text.contains("删除参赛者焊接一队"), "{audit}");
    let (_, audit) = app.get(&admin, "/api/v1/audit?action=contest.judge_remove").await;
    assert!(audit.to_string().contains("删除评委"), "{audit}");
    app.stop().await;
}
crate::both!(contest_removal, contest_removal);
