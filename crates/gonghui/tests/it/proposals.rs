//! Proposals on both databases: one issue per proposal, two co-signers
//! before review, 立案 with a number or an opinion with its reason, the
//! answer, the proposer's rating with a second round, the rates, and the
//! bad input of each step.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{Browser, TestApp};

fn err(b: &Value) -> (&str, &str) {
    (b["code"].as_str().unwrap_or(""), b["field"].as_str().unwrap_or(""))
}

async fn proposals(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let u = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let other = app.org(&admin, "union", "乙公司工会", Some(&fed)).await;
    app.user(&admin, "chair.p", "chair", Some(&u), Some(&u)).await;
    for name in ["wang.p", "li.p", "zhao.p"] {
        app.user(&admin, name, "member", Some(&u), Some(&u)).await;
    }
    app.user(&admin, "chair.q", "chair", Some(&other), Some(&other)).await;
    let chair = app.token("chair.p", crate::common::PASSWORD).await;
    let wang = app.token("wang.p", crate::common::PASSWORD).await;
    let li = app.token("li.p", crate::common::PASSWORD).await;
    let zhao = app.token("zhao.p", crate::common::PASSWORD).await;
    let outsider = app.token("chair.q", crate::common::PASSWORD).await;
    let url = format!("/api/v1/unions/{u}/proposals");

    // One issue per proposal, all parts present.
    let (s, e) = app
        .post(&wang, &url, json!({"title": "增加夜班餐；更换更衣柜", "reason": "r", "suggestion": "s"}))
        .await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("invalid_value", "title")), "{e}");
    let (s, e) = app.post(&wang, &url, json!({"title": "增加夜班餐", "reason": "", "suggestion": "s"})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "reason"), "{e}");
    let (s, pr) = app
        .post(
            &wang,
            &url,
            json!({"title": "食堂增加夜班餐", "reason": "夜班职工无处就餐", "suggestion": "开设夜宵窗口"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{pr}");
    assert_eq!(pr["status"], "draft");
    let id = pr["id"].as_str().unwrap().to_owned();
    let p = format!("{url}/{id}");

    // Not reviewed before two co-signers; not co-signed by its proposer or twice.
    let (s, e) = app.post(&chair, &format!("{p}/review"), json!({"register": true})).await;
    assert_eq!((s, err(&e).0), (StatusCode::UNPROCESSABLE_ENTITY, "policy_refused"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("至少2名附议人"));
    let (s, e) = app.post(&wang, &format!("{p}/cosign"), json!({})).await;
    assert_eq!((s, err(&e).0), (StatusCode::UNPROCESSABLE_ENTITY, "policy_refused"), "{e}");
    let (s, one) = app.post(&li, &format!("{p}/cosign"), json!({})).await;
    assert_eq!((s, one["status"].as_str()), (StatusCode::OK, Some("draft")), "{one}");
    let (s, _) = app.post(&li, &format!("{p}/cosign"), json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, two) = app.post(&zhao, &format!("{p}/cosign"), json!({})).await;
    assert_eq!((s, two["status"].as_str()), (StatusCode::OK, Some("submitted")), "{two}");
    // Another union's chair: the proposal does not exist for them.
    assert_eq!(
        app.get(&outsider, &format!("/api/v1/unions/{other}/proposals/{id}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get(&outsider, &p).await.0, StatusCode::NOT_FOUND);
    // A member does not review.
    assert_eq!(
        app.post(&wang, &format!("{p}/review"), json!({"register": true})).await.0,
        StatusCode::FORBIDDEN
    );

    // 立案 with number 1; assignment with a deadline not in the past.
    let (s, r) = app.post(&chair, &format!("{p}/review"), json!({"register": true})).await;
    assert_eq!(
        (s, r["number"].as_i64(), r["status"].as_str()),
        (StatusCode::OK, Some(1), Some("registered")),
        "{r}"
    );
    let (s, e) = app
        .post(&chair, &format!("{p}/assign"), json!({"department": "后勤部", "deadline": "2000-01-01"}))
        .await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "deadline"), "{e}");
    let (s, a) = app
        .post(&chair, &format!("{p}/assign"), json!({"department": "后勤部", "deadline": "2099-12-31"}))
        .await;
    assert_eq!((s, a["status"].as_str()), (StatusCode::OK, Some("assigned")), "{a}");
    let (s, e) = app.post(&chair, &format!("{p}/answer"), json!({"answer": " "})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "answer"));
    let (s, _) = app.post(&chair, &format!("{p}/answer"), json!({"answer": "研究后再定"})).await;
    assert_eq!(s, StatusCode::OK);
    // Only the proposer rates; 不满意 sends it to a second round.
    let (s, e) = app.post(&li, &format!("{p}/rate"), json!({"rating": "satisfied"})).await;
    assert_eq!((s, err(&e).0), (StatusCode::UNPROCESSABLE_ENTITY, "policy_refused"), "{e}");
    let (s, e) = app.post(&wang, &format!("{p}/rate"), json!({"rating": "great"})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "rating"));
    let (s, r) =
        app.post(&wang, &format!("{p}/rate"), json!({"rating": "unsatisfied", "note": "没有时间表"})).await;
    assert_eq!(
        (s, r["status"].as_str(), r["round"].as_i64()),
        (StatusCode::OK, Some("registered"), Some(2)),
        "{r}"
    );
    app.post(&chair, &format!("{p}/assign"), json!({"department": "后勤部", "deadline": "2099-12-31"})).await;
    app.post(&chair, &format!("{p}/answer"), json!({"answer": "12月1日起开设夜宵窗口"})).await;
    let (s, r) = app.post(&wang, &format!("{p}/rate"), json!({"rating": "basically"})).await;
    assert_eq!((s, r["status"].as_str()), (StatusCode::OK, Some("closed")), "{r}");
    let (s, e) = app.post(&wang, &format!("{p}/rate"), json!({"rating": "satisfied"})).await;
    assert_eq!((s, err(&e).0), (StatusCode::CONFLICT, "conflict"), "{e}");

    // A second proposal becomes an opinion, with its reason required.
    let (_, pr2) =
        app.post(&li, &url, json!({"title": "调整个人岗位", "reason": "r", "suggestion": "s"})).await;
    let p2 = format!("{url}/{}", pr2["id"].as_str().unwrap());
    app.post(&wang, &format!("{p2}/cosign"), json!({})).await;
    app.post(&zhao, &format!("{p2}/cosign"), json!({})).await;
    let (s, e) = app.post(&chair, &format!("{p2}/review"), json!({"register": false})).await;
    assert_eq!((s, err(&e).1), (StatusCode::UNPROCESSABLE_ENTITY, "note"));
    let (s, o) = app
        .post(&chair, &format!("{p2}/review"), json!({"register": false, "note": "属于个人诉求，转人事部门"}))
        .await;
    assert_eq!(
        (s, o["status"].as_str(), o["number"].as_i64()),
        (StatusCode::OK, Some("opinion"), None),
        "{o}"
    );

    // Rates: 1 of 2 reviewed registered, 1 of 1 closed, 1 of 1 satisfied.
    let (_, rep) = app.get(&wang, &format!("{url}/report")).await;
    assert_eq!(
        (rep["registered_rate"].as_str(), rep["closed_rate"].as_str(), rep["satisfied_rate"].as_str()),
        (Some("50%"), Some("100%"), Some("100%")),
        "{rep}"
    );
    let (_, detail) = app.get(&wang, &p).await;
    assert_eq!(detail["cosigners"].as_array().unwrap().len(), 2);
    assert!(detail["log"].as_array().unwrap().len() >= 9, "{detail}");
    let db = app.db().await;
    assert!(crate::common::exec(&db, "DELETE FROM proposal_log").await.is_err());

    // With delegates elected, only they propose and co-sign, unless the
    // union lets members; a session's proposals are taken from 30 days
    // before it until it meets.
    let (s, term) =
        app.post(&chair, &format!("/api/v1/unions/{u}/congress/terms"), json!({"years": 5})).await;
    assert_eq!(s, StatusCode::CREATED, "{term}");
    let term = term["id"].as_str().unwrap();
    let (_, me) = app.get(&wang, "/api/v1/me").await;
    let (s, d) = app
        .post(
            &chair,
            &format!("/api/v1/unions/{u}/congress/terms/{term}/delegates"),
            json!({"user_id": me["id"], "name": "王代表", "gender": "男", "frontline": true}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let new =
        json!({"title": "增设母婴室", "reason": "哺乳期女职工无处哺乳", "suggestion": "在二楼设母婴室"});
    let (s, e) = app.post(&li, &url, new.clone()).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("policy_refused", "proposer")), "{e}");
    // The page says so at the top of the form, though the form has no
    // field `proposer`.
    let lb = Browser::login(&app, "li.p", crate::common::PASSWORD).await;
    let form =
        [("title", "增设母婴室"), ("reason", "哺乳期女职工无处哺乳"), ("suggestion", "在二楼设母婴室")];
    let (s, page, _) = lb.post(&app, &format!("/unions/{u}/proposals"), &form).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let said = page.find(e["message"].as_str().unwrap()).expect("the refusal is on the page");
    assert!(said < page.find("id=\"proposal-form\"").unwrap(), "shown above the form");
    let (s, p3) = app.post(&wang, &url, new.clone()).await;
    assert_eq!(s, StatusCode::CREATED, "{p3}");
    let p3 = format!("{url}/{}", p3["id"].as_str().unwrap());
    assert_eq!(app.post(&li, &format!("{p3}/cosign"), json!({})).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let settings = format!("/api/v1/unions/{u}/proposal-settings");
    let (s, _) = app
        .api(Some(&wang), reqwest::Method::PUT, &settings, Some(json!({"members_may_propose": true})))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, set) = app
        .api(Some(&chair), reqwest::Method::PUT, &settings, Some(json!({"members_may_propose": true})))
        .await;
    assert_eq!((s, set["members_may_propose"].as_bool()), (StatusCode::OK, Some(true)), "{set}");
    assert_eq!(app.post(&li, &format!("{p3}/cosign"), json!({})).await.0, StatusCode::OK);
    let far = (domain::time::today(chrono::Utc::now()) + chrono::Duration::days(45)).to_string();
    let (s, sess) =
        app.post(&chair, &format!("/api/v1/unions/{u}/congress/sessions"), json!({"meets_on": far})).await;
    assert_eq!(s, StatusCode::CREATED, "{sess}");
    let mut early = new.clone();
    early["session_id"] = sess["id"].clone();
    let (s, e) = app.post(&wang, &url, early).await;
    assert_eq!((s, err(&e)), (StatusCode::UNPROCESSABLE_ENTITY, ("policy_refused", "session_id")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("会前30天"), "{e}");

    // The pages: the list keeps a refused draft; the report prints the rates.
    let b = Browser::login(&app, "zhao.p", crate::common::PASSWORD).await;
    let (s, page, _) = b
        .post(
            &app,
            &format!("/unions/{u}/proposals"),
            &[("title", "更换更衣柜"), ("reason", "柜门损坏"), ("suggestion", "")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("建议措施不能为空")
            && page.contains("value=\"更换更衣柜\"")
            && page.contains("柜门损坏")
    );
    let (s, page) = b.get(&app, &format!("/unions/{u}/proposals/report")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        page.contains("立案率50%") && page.contains("第1号") && page.contains("12月1日起开设夜宵窗口"),
        "{page}"
    );
    app.stop().await;
}

crate::both!(proposals_are_cosigned_reviewed_answered_and_rated, proposals);
