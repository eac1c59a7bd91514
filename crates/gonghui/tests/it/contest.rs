//! Contests on every database: a skill contest with individuals and a team,
//! three judges scoring with a trimmed mean, what a judge sees before and
//! after the round closes, the ranking with a tie, prizes under the Anhui
//! rules, the result on the disclosure board, the exports and prints; the
//! bad input of each step; judges submitting at once.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{PASSWORD, TestApp, client, id_number};

fn err(b: &Value) -> (&str, &str) {
    (b["code"].as_str().unwrap_or(""), b["field"].as_str().unwrap_or(""))
}

async fn member(app: &TestApp, token: &str, union: &str, name: &str, seq: u32) -> String {
    let (s, b) = app
        .post(
            token,
            &format!("/api/v1/unions/{union}/members"),
            json!({"name": name, "id_number": id_number(seq)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

fn contest_body() -> Value {
    json!({
        "kind": "skill_contest",
        "title": "2026年焊工技能比武",
        "rules": "实操考核，三名评委独立评分",
        "starts_on": "2026-11-01",
        "ends_on": "2026-11-30",
        "criteria": [
            {"name": "操作规范", "weight": 60, "max": 100},
            {"name": "完成质量", "weight": 40, "max": "100"},
        ],
        "trimmed_mean": true,
    })
}

/// Both criteria get the same score, so the sheet's total is that score.
fn sheet(entrant: &str, score: f64) -> Value {
    json!({"entrant_id": entrant, "scores": {"c1": score, "c2": score}})
}

async fn get_bytes(app: &TestApp, token: &str, path: &str) -> (StatusCode, Vec<u8>) {
    let r = client().get(app.url(path)).bearer_auth(token).send().await.unwrap();
    (r.status(), r.bytes().await.unwrap().to_vec())
}

async fn whole_flow(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let u = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let other = app.org(&admin, "union", "乙公司工会", Some(&fed)).await;
    app.user(&admin, "chair.c", "chair", Some(&u), Some(&u)).await;
    let mut judge_ids = Vec::new();
    for name in ["judge.1", "judge.2", "judge.3"] {
        judge_ids.push(app.user(&admin, name, "member", Some(&u), Some(&u)).await);
    }
    app.user(&admin, "member.c", "member", Some(&u), Some(&u)).await;
    let stranger = app.user(&admin, "chair.o", "chair", Some(&other), Some(&other)).await;
    let chair = app.token("chair.c", PASSWORD).await;
    let judges: Vec<String> = [
        app.token("judge.1", PASSWORD).await,
        app.token("judge.2", PASSWORD).await,
        app.token("judge.3", PASSWORD).await,
    ]
    .into();
    let plain = app.token("member.c", PASSWORD).await;
    let outsider = app.token("chair.o", PASSWORD).await;
    let (s, p) = app
        .api(
            Some(&chair),
            Method::PUT,
            &format!("/api/v1/unions/{u}/policy"),
            Some(json!({"preset": "anhui-2018"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{p}");

    // Bad contests name their field.
    let url = format!("/api/v1/unions/{u}/contests");
    let mut bad = contest_body();
    bad["ends_on"] = json!("2026-10-01");
    let (s, e) = app.post(&chair, &url, bad).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "ends_on"), "{e}");
    let mut bad = contest_body();
    bad["criteria"][1]["max"] = json!(0);
    let (s, e) = app.post(&chair, &url, bad).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "criteria[1].max"), "{e}");
    let (s, _) = app.post(&plain, &url, contest_body()).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, c) = app.post(&chair, &url, contest_body()).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let id = c["id"].as_str().unwrap().to_owned();
    let cu = format!("/api/v1/contests/{id}");
    let (_, list) = app.get(&plain, &url).await;
    assert_eq!(list["items"][0]["title"], "2026年焊工技能比武", "{list}");

    // Entrants: six members and a team of two; another union's member is
    // not found.
    let mut people = Vec::new();
    for (seq, name) in (1..).zip(["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"]) {
        people.push(member(&app, &chair, &u, &format!("选手{name}"), seq).await);
    }
    let foreign = member(&app, &admin, &other, "外单位", 900).await;
    let (s, e) = app.post(&chair, &format!("{cu}/entrants"), json!({"member_id": foreign})).await;
    assert_eq!((s, err(&e)), (StatusCode::NOT_FOUND, ("not_found", "member_id")), "{e}");
    let (s, e) = app
        .post(
            &chair,
            &format!("{cu}/entrants"),
            json!({"team_name": "混编队", "member_ids": [people[6], foreign]}),
        )
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::NOT_FOUND, "member_ids"), "{e}");
    let mut entrants = Vec::new();
    for m in &people[..6] {
        let (s, e) = app.post(&chair, &format!("{cu}/entrants"), json!({"member_id": m})).await;
        assert_eq!(s, StatusCode::CREATED, "{e}");
        entrants.push(e["id"].as_str().unwrap().to_owned());
    }
    let (s, _) = app.post(&chair, &format!("{cu}/entrants"), json!({"member_id": people[0]})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, team) = app
        .post(
            &chair,
            &format!("{cu}/entrants"),
            json!({"team_name": "焊花队", "member_ids": [people[6], people[7]]}),
        )
        .await;
    assert_eq!((s, team["kind"].as_str()), (StatusCode::CREATED, Some("team")), "{team}");
    assert_eq!(team["members"].as_array().unwrap().len(), 2);
    let team = team["id"].as_str().unwrap().to_owned();

    // Judges: accounts of the union; another union's account is not found.
    let (s, e) = app.post(&chair, &format!("{cu}/judges"), json!({"user_id": stranger})).await;
    assert_eq!((s, err(&e)), (StatusCode::NOT_FOUND, ("not_found", "user_id")), "{e}");
    for j in &judge_ids {
        let (s, b) = app.post(&chair, &format!("{cu}/judges"), json!({"user_id": j})).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }
    let (s, _) = app.post(&chair, &format!("{cu}/judges"), json!({"user_id": judge_ids[0]})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, r) = app.post(&chair, &format!("{cu}/rounds"), json!({"name": "决赛"})).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let round = r["id"].as_str().unwrap().to_owned();
    let sheets = format!("{cu}/rounds/{round}/sheets");

    // Another union's chair: the contest does not exist.
    assert_eq!(app.get(&outsider, &cu).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&outsider, &sheets, sheet(&team, 90.0)).await.0, StatusCode::NOT_FOUND);

    // Bad sheets: out of range names the criterion; a non-judge (also the
    // chair) is refused.
    let (s, e) = app.post(&judges[0], &sheets, sheet(&entrants[0], 100.5)).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("invalid_value", "scores.c1")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("0到100分"), "{e}");
    let (s, e) =
        app.post(&judges[0], &sheets, json!({"entrant_id": entrants[0], "scores": {"c1": 90}})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "scores.c2"), "{e}");
    let (s, e) = app.post(&plain, &sheets, sheet(&entrants[0], 90.0)).await;
    assert_eq!((s, err(&e).0), (StatusCode::FORBIDDEN, "not_a_judge"), "{e}");
    let (s, e) = app.post(&chair, &sheets, sheet(&entrants[0], 90.0)).await;
    assert_eq!((s, err(&e).0), (StatusCode::FORBIDDEN, "not_a_judge"), "{e}");

    // The marks: the team 95/95/0 (95 trimmed), 甲 90/80/100, 乙 85/85/40
    // and 丙 85/85/85 (tied at 85 trimmed), then 70, 60, 50.
    let marks: [(&str, [f64; 3]); 7] = [
        (&team, [95.0, 95.0, 0.0]),
        (&entrants[0], [90.0, 80.0, 100.0]),
        (&entrants[1], [85.0, 85.0, 40.0]),
        (&entrants[2], [85.0, 85.0, 85.0]),
        (&entrants[3], [70.0, 70.0, 70.0]),
        (&entrants[4], [60.0, 60.0, 60.0]),
        (&entrants[5], [50.0, 50.0, 50.0]),
    ];
    for (e, by_judge) in &marks {
        for (j, m) in judges.iter().zip(by_judge) {
            let (s, b) = app.post(j, &sheets, sheet(e, *m)).await;
            assert_eq!(s, StatusCode::CREATED, "{b}");
        }
    }
    let (s, e) = app.post(&judges[0], &sheets, sheet(&entrants[0], 99.0)).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "already_scored"), "{e}");

    // Before the close: a judge sees their own sheets and no ranking; the
    // organiser (no judge) sees all; a member sees none.
    let (_, mine) = app.get(&judges[1], &sheets).await;
    let mine = mine["items"].as_array().unwrap().clone();
    assert_eq!(mine.len(), 7);
    assert!(mine.iter().all(|s| s["judge_id"] == judge_ids[1].as_str()));
    let first = mine.iter().find(|s| s["entrant_id"] == entrants[0].as_str()).unwrap();
    assert_eq!(first["scores"]["c1"], "80", "{first}");
    assert_eq!(app.get(&chair, &sheets).await.1["items"].as_array().unwrap().len(), 21);
    assert_eq!(app.get(&plain, &sheets).await.1["items"].as_array().unwrap().len(), 0);
    let (s, e) = app.get(&judges[1], &format!("{cu}/ranking")).await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    // Publishing waits for the close.
    assert_eq!(app.post(&chair, &format!("{cu}/publish"), json!({})).await.0, StatusCode::CONFLICT);

    let (s, r) = app.post(&chair, &format!("{cu}/rounds/{round}/close"), json!({})).await;
    assert_eq!((s, r["status"].as_str()), (StatusCode::OK, Some("closed")), "{r}");
    let (s, e) = app.post(&judges[2], &sheets, sheet(&entrants[0], 90.0)).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "round_closed"), "{e}");
    assert_eq!(app.get(&judges[1], &sheets).await.1["items"].as_array().unwrap().len(), 21);

    // The ranking: trimmed means, the tie named, ranks 1 2 3 3 5 6 7.
    let (s, rk) = app.get(&plain, &format!("{cu}/ranking")).await;
    assert_eq!(s, StatusCode::OK, "{rk}");
    let items = rk["items"].as_array().unwrap();
    let ranks: Vec<u64> = items.iter().map(|i| i["rank"].as_u64().unwrap()).collect();
    assert_eq!(ranks, [1, 2, 3, 3, 5, 6, 7], "{rk}");
    let names: Vec<&str> = items.iter().map(|i| i["entrant"]["name"].as_str().unwrap()).collect();
    assert_eq!(names[..2], ["焊花队", "选手甲"]);
    assert_eq!(items[0]["score"], "95.00");
    assert_eq!(items[2]["score"], "85.00");
    assert_eq!(items[3]["score"], "85.00");
    assert_eq!(items[2]["tied_with"].as_array().unwrap().len(), 1, "{rk}");
    assert!(["选手乙", "选手丙"].contains(&items[2]["tied_with"][0].as_str().unwrap()));

    // Prizes: 8 people take part, so at most 2 winners; at most 500 each.
    let prizes = format!("{cu}/prizes");
    let (s, e) = app
        .post(
            &chair,
            &prizes,
            json!({"prizes": [
                {"entrant_id": team, "title": "一等奖", "amount_fen": 50000},
                {"entrant_id": entrants[0], "title": "二等奖", "amount_fen": 30000},
            ]}),
        )
        .await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("policy_refused", "prizes")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("三分之一"), "{e}");
    let (s, e) = app
        .post(
            &chair,
            &prizes,
            json!({"prizes": [
                {"entrant_id": entrants[0], "title": "一等奖", "amount_fen": 30000},
                {"entrant_id": entrants[1], "title": "二等奖", "amount_fen": 60000},
            ]}),
        )
        .await;
    assert_eq!(
        (s, err(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, ("policy_refused", "prizes[1].amount")),
        "{e}"
    );
    assert!(e["message"].as_str().unwrap().contains("500"), "{e}");
    let (s, ok) = app
        .post(
            &chair,
            &prizes,
            json!({"prizes": [
                {"entrant_id": entrants[0], "title": "一等奖", "amount_fen": 50000},
                {"entrant_id": entrants[1], "title": "二等奖", "amount_fen": 30000, "form": "goods"},
            ]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{ok}");
    assert_eq!(ok["items"].as_array().unwrap().len(), 2);

    // Published on the board; the result for the honours register.
    let (s, pb) = app.post(&chair, &format!("{cu}/publish"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{pb}");
    let (_, board) = app.get(&plain, &format!("/api/v1/unions/{u}/disclosures")).await;
    let item = board["items"].as_array().unwrap().iter().find(|i| i["id"] == pb["disclosure_id"]).cloned();
    assert!(item.is_some(), "{board}");
    assert!(item.unwrap()["title"].as_str().unwrap().contains("焊工技能比武"));
    let (s, res) = app.get(&plain, &format!("{cu}/results")).await;
    assert_eq!(s, StatusCode::OK, "{res}");
    assert_eq!(res["ranking"].as_array().unwrap().len(), 7);
    assert_eq!(res["winners"][0]["entrant"]["name"], "选手甲", "{res}");
    assert_eq!(res["winners"][0]["entrant"]["members"][0]["member_id"], people[0].as_str());
    assert!(res["contest"]["published_at"].is_string());

    // Excel: the ranking with the prizes.
    let (s, bytes) = get_bytes(&app, &chair, &format!("/contests/{id}/results.xlsx")).await;
    assert_eq!(s, StatusCode::OK);
    let t = sheet::read_table("r.xlsx", &bytes, &sheet::Limits::default()).unwrap();
    assert_eq!(t.rows[0][..4], ["名次", "参赛者", "人员", "得分"]);
    assert_eq!(t.rows.len(), 8);
    assert_eq!(t.rows[1][1], "焊花队");
    assert_eq!(t.rows[1][2], "选手庚、选手辛");
    assert_eq!(t.rows[2][4], "一等奖");
    assert!(t.rows[3][0].contains("并列"), "{:?}", t.rows[3]);

    // Pages: the contest, the prints, the judge's scoring page.
    for path in [
        format!("/unions/{u}/contests"),
        format!("/contests/{id}"),
        format!("/contests/{id}/results.print"),
        format!("/contests/{id}/rounds/{round}/sheet.print"),
    ] {
        let (s, html) = get_bytes(&app, &chair, &path).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert!(String::from_utf8(html).unwrap().contains("焊"), "{path}");
    }
    let (s, html) = get_bytes(&app, &judges[0], &format!("/contests/{id}/rounds/{round}/score")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(String::from_utf8(html).unwrap().contains("本轮评分已结束"));
    app.stop().await;
}

crate::both!(contest_whole_flow, whole_flow);

/// Five judges submit all their sheets at the same moment: none is lost;
/// one sheet sent twice at once is stored once.
async fn judges_at_once(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let u = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    app.user(&admin, "chair.k", "chair", Some(&u), Some(&u)).await;
    let chair = app.token("chair.k", PASSWORD).await;
    let (s, c) = app.post(&chair, &format!("/api/v1/unions/{u}/contests"), contest_body()).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let cu = format!("/api/v1/contests/{}", c["id"].as_str().unwrap());
    let mut entrants = Vec::new();
    for n in 0..4 {
        let m = member(&app, &chair, &u, &format!("选手{n}"), 100 + n).await;
        let (s, e) = app.post(&chair, &format!("{cu}/entrants"), json!({"member_id": m})).await;
        assert_eq!(s, StatusCode::CREATED, "{e}");
        entrants.push(e["id"].as_str().unwrap().to_owned());
    }
    let mut tokens = Vec::new();
    for n in 0..5 {
        let name = format!("judge.k{n}");
        let id = app.user(&admin, &name, "member", Some(&u), Some(&u)).await;
        let (s, b) = app.post(&chair, &format!("{cu}/judges"), json!({"user_id": id})).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        tokens.push(app.token(&name, PASSWORD).await);
    }
    let (_, r) = app.post(&chair, &format!("{cu}/rounds"), json!({"name": "初赛"})).await;
    let sheets = format!("{cu}/rounds/{}/sheets", r["id"].as_str().unwrap());
    // Every request its own task, so they reach the server together.
    let mut sends = tokio::task::JoinSet::new();
    let url = app.url(&sheets);
    let mut send = |token: &str, body: Value| {
        let (url, token) = (url.clone(), token.to_owned());
        sends.spawn(async move {
            let r = client().post(url).bearer_auth(token).json(&body).send().await.unwrap();
            let s = r.status();
            (s, r.json::<Value>().await.unwrap_or_default())
        });
    };
    for t in &tokens {
        for e in &entrants {
            send(t, sheet(e, 80.0));
        }
    }
    // The first judge's first sheet once more, at the same moment.
    send(&tokens[0], sheet(&entrants[0], 81.0));
    let mut answers = Vec::new();
    while let Some(a) = sends.join_next().await {
        answers.push(a.unwrap());
    }
    let created = answers.iter().filter(|(s, _)| *s == StatusCode::CREATED).count();
    let refused: Vec<&Value> =
        answers.iter().filter(|(s, _)| *s != StatusCode::CREATED).map(|(_, b)| b).collect();
    assert_eq!(created, 20, "{refused:?}");
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0]["code"], "already_scored", "{refused:?}");
    let (_, all) = app.get(&chair, &sheets).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 20);
    app.stop().await;
}

crate::both!(contest_judges_submit_at_once, judges_at_once);

/// The pages: a contest made by its form (a bad line of criteria comes back
/// with what was typed), entrants by name, a judge scoring on the phone
/// page (an out-of-range score comes back typed, naming the criterion),
/// prizes refused with the rule, in Chinese.
async fn pages(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let u = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    app.user(&admin, "chair.g", "chair", Some(&u), Some(&u)).await;
    let judge = app.user(&admin, "judge.g", "member", Some(&u), Some(&u)).await;
    let chair_token = app.token("chair.g", PASSWORD).await;
    let (s, _) = app
        .api(
            Some(&chair_token),
            Method::PUT,
            &format!("/api/v1/unions/{u}/policy"),
            Some(json!({"preset": "anhui-2018"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    for (n, name) in ["王一", "王二", "王三", "王四"].iter().enumerate() {
        member(&app, &chair_token, &u, name, 200 + n as u32).await;
    }
    let chair = crate::common::Browser::login(&app, "chair.g", PASSWORD).await;
    let list = format!("/unions/{u}/contests");
    let form = [
        ("kind", "labour_competition"),
        ("title", "安全生产劳动竞赛"),
        ("starts_on", "2026-11-01"),
        ("ends_on", "2026-11-30"),
        ("criteria", "安全操作 60 100\n现场管理 四十 100"),
    ];
    let (s, html, _) = chair.post(&app, &list, &form).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("第2行") && html.contains("安全生产劳动竞赛") && html.contains("现场管理 四十 100")
    );
    let mut form = form;
    form[4].1 = "安全操作 60 100\n现场管理 40 100";
    let (s, _, to) = chair.post(&app, &list, &form).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let page = to.unwrap();
    let id = page.trim_start_matches("/contests/").to_owned();
    for name in ["王一", "王二", "王三"] {
        let (s, _, _) = chair.post(&app, &format!("{page}/entrants"), &[("names", name)]).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{name}");
    }
    let (s, html, _) = chair.post(&app, &format!("{page}/entrants"), &[("names", "赵六")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("本会没有名为“赵六”的会员") && html.contains("value=\"赵六\""));
    let judge_id = judge.clone();
    let (s, _, _) = chair.post(&app, &format!("{page}/judges"), &[("user_id", judge_id.as_str())]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, _, _) = chair.post(&app, &format!("{page}/rounds"), &[("name", "决赛")]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, c) = app.get(&chair_token, &format!("/api/v1/contests/{id}")).await;
    let round = c["rounds"][0]["id"].as_str().unwrap().to_owned();
    let first = c["entrants"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(c["entrants"].as_array().unwrap().len(), 3, "{c}");

    // The judge scores on the phone page.
    let j = crate::common::Browser::login(&app, "judge.g", PASSWORD).await;
    let score = format!("{page}/rounds/{round}/score");
    let (s, html) = j.get(&app, &score).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("inputmode=\"decimal\"") && html.contains("王一"));
    let (s, html, _) =
        j.post(&app, &score, &[("entrant_id", first.as_str()), ("s.c1", "95.5"), ("s.c2", "120")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("“现场管理”的分数须在0到100分之间") && html.contains("value=\"95.5\""), "{html}");
    let (s, _, _) =
        j.post(&app, &score, &[("entrant_id", first.as_str()), ("s.c1", "95.5"), ("s.c2", "90")]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, html) = j.get(&app, &score).await;
    assert!(html.contains("总分93.30"), "{html}");
    // The chair is no judge: the page refuses the sheet.
    let (s, html, _) =
        chair.post(&app, &score, &[("entrant_id", first.as_str()), ("s.c1", "90"), ("s.c2", "90")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(html.contains("您不是本轮比赛的评委"));

    // Prizes over the cap: refused naming the rule; the text stays.
    let (s, html, _) = chair.post(&app, &format!("{page}/prizes"), &[("prizes", "王一 一等奖 800")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("500") && html.contains("王一 一等奖 800"), "{html}");
    let (s, _, _) = chair.post(&app, &format!("{page}/prizes"), &[("prizes", "王一 一等奖 500")]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    app.stop().await;
}

crate::both!(contest_pages, pages);

/// A judge scores on a 375 px phone (headless Chromium): nothing sticks out
/// at the right edge, the score fields take decimals, the sheet goes in.
async fn judge_on_a_phone(app: TestApp) {
    use fantoccini::Locator;
    let Some((_driver, url)) = crate::browser::start_driver().await else {
        app.stop().await;
        return;
    };
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let u = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    app.user(&admin, "chair.p", "chair", Some(&u), Some(&u)).await;
    let judge = app.user(&admin, "judge.p", "member", Some(&u), Some(&u)).await;
    let chair = app.token("chair.p", PASSWORD).await;
    let mut body = contest_body();
    body["title"] = json!("2026年电工技能比武（维修电工、高低压运行与检修岗位联合比武）");
    let (_, c) = app.post(&chair, &format!("/api/v1/unions/{u}/contests"), body).await;
    let cu = format!("/api/v1/contests/{}", c["id"].as_str().unwrap());
    let m = member(&app, &chair, &u, "欧阳明", 300).await;
    let (s, _) = app.post(&chair, &format!("{cu}/entrants"), json!({"member_id": m})).await;
    assert_eq!(s, StatusCode::CREATED);
    app.post(&chair, &format!("{cu}/judges"), json!({"user_id": judge})).await;
    let (_, r) = app.post(&chair, &format!("{cu}/rounds"), json!({"name": "决赛"})).await;
    let page = format!("/contests/{}/rounds/{}/score", c["id"].as_str().unwrap(), r["id"].as_str().unwrap());

    let b = crate::browser::phone_session(&url).await;
    let result: Result<(), fantoccini::error::CmdError> = async {
        b.goto(&app.url(&page)).await?;
        crate::browser::login(&b, &app, "judge.p", PASSWORD).await?;
        b.goto(&app.url(&page)).await?;
        assert_eq!(b.execute("return window.innerWidth;", vec![]).await?, json!(375));
        let wide = b
            .execute(
                "const vw = window.innerWidth; return [...document.querySelectorAll('form#score-form *')]\
                 .filter(e => e.getBoundingClientRect().right > vw + 1).length + \
                 (document.documentElement.scrollWidth > vw + 1 ? 1 : 0);",
                vec![],
            )
            .await?;
        assert_eq!(wide, json!(0), "the scoring form sticks out of a phone's screen");
        b.find(Locator::Css("#s-c1")).await?.send_keys("88.5").await?;
        b.find(Locator::Css("#s-c2")).await?.send_keys("90").await?;
        b.find(Locator::Css("#score-form button[type=submit]")).await?.click().await?;
        assert!(
            crate::browser::wait_for_text(&b, "#my-sheets", |t| t.contains("欧阳明") && t.contains("89.10"))
                .await?,
            "the sheet is not listed after submitting"
        );
        Ok(())
    }
    .await;
    b.close().await.ok();
    result.unwrap();
    let (_, all) = app.get(&chair, &format!("{}/rounds/{}/sheets", cu, r["id"].as_str().unwrap())).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 1);
    app.stop().await;
}

crate::both!(browser_judge_scores_on_a_phone, judge_on_a_phone);
