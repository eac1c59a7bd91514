//! The browser test of the member's own union (issue 19), on a 375 px
//! phone in headless Chromium:
//!
//! - the member opens 我的 and reports a hospital stay (慰问申请); the form
//!   refuses it without a date and keeps what was typed;
//! - an officer approves it in the work queue;
//! - the member finds the notification in the inbox (the navigation shows
//!   it unread), follows it to the application, now 已通过, and the care
//!   area holds the life event with its condolence;
//! - the member downloads a copy of their data from 我的信息 (the ID number
//!   masked);
//! - the member shows the e-card, and the officer's verification page,
//!   given the card's code, says 有效会员 with the member's name and union.

use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::browser::{login, phone_session, session, start_driver, wait_for_text};
use crate::common::{PASSWORD, TestApp, id_number};

/// The page fits the phone's width (nothing cut off at the right).
async fn fits(c: &Client) -> Result<bool, CmdError> {
    let v =
        c.execute("return document.documentElement.scrollWidth <= window.innerWidth + 1;", vec![]).await?;
    Ok(v == json!(true))
}

async fn click(c: &Client, css: &str) -> Result<(), CmdError> {
    c.wait().for_element(Locator::Css(css)).await?.click().await
}

async fn type_in(c: &Client, css: &str, text: &str) -> Result<(), CmdError> {
    c.wait().for_element(Locator::Css(css)).await?.send_keys(text).await
}

/// The text of an element, hidden or not.
async fn text_of(c: &Client, css: &str) -> Result<String, CmdError> {
    c.wait().for_element(Locator::Css(css)).await?;
    let v = c.execute("return document.querySelector(arguments[0]).textContent;", vec![json!(css)]).await?;
    Ok(v.as_str().unwrap_or("").trim().to_owned())
}

fn today() -> String {
    domain::time::today(chrono::Utc::now()).to_string()
}

async fn phone(app: TestApp) {
    let Some((_driver, url)) = start_driver().await else {
        app.stop().await;
        return;
    };
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "滨江区总工会", None).await;
    let union = app.org(&admin, "union", "滨江机械厂工会", Some(&fed)).await;
    app.user(&admin, "zhuxi.bm", "chair", Some(&union), Some(&union)).await;
    app.user(&admin, "ganshi.bm", "officer", Some(&union), Some(&union)).await;
    let chair = app.token("zhuxi.bm", PASSWORD).await;
    let (s, m) = app
        .post(
            &chair,
            &format!("/api/v1/unions/{union}/members"),
            json!({"name": "陈晓梅", "id_number": id_number(7), "mobile": "13900000007"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    let member = m["id"].as_str().unwrap().to_owned();
    let user = app.user(&admin, "huiyuan.bm", "member", Some(&union), Some(&union)).await;
    let (s, b) = app
        .api(
            Some(&chair),
            Method::PUT,
            &format!("/api/v1/unions/{union}/members/{member}/user"),
            Some(json!({"user_id": user})),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{b}");
    let (s, b) = app
        .api(
            Some(&chair),
            Method::PUT,
            &format!("/api/v1/unions/{union}/care-policy"),
            Some(json!({"dibao_monthly_fen": 80_000, "province_avg_income_fen": 4_000_000})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");

    let phone = phone_session(&url).await;
    let officer = session(&url, "1280,900").await;
    let mut application = String::new();
    let result: Result<(), CmdError> = async {
        // 我的 on the phone: the card and the way to an application.
        login(&phone, &app, "huiyuan.bm", PASSWORD).await?;
        assert_eq!(phone.execute("return window.innerWidth;", vec![]).await?, json!(375), "the phone");
        phone.goto(&app.url("/me")).await?;
        assert!(
            wait_for_text(&phone, "main", |t| t.contains("陈晓梅") && t.contains("滨江机械厂工会")).await?
        );
        assert!(fits(&phone).await?, "我的 is wider than the phone");

        // A hospital stay, first without its date: refused, the rest kept.
        phone.goto(&app.url("/me/applications/new?kind=condolence")).await?;
        click(&phone, "#event option[value='hospital']").await?;
        type_in(&phone, "#note", "阑尾炎手术，住院五天").await?;
        click(&phone, "#send").await?;
        assert!(
            wait_for_text(&phone, "#application-form .field-error", |t| t.contains("日期")).await?,
            "the missing date is named"
        );
        let kept = phone.find(Locator::Css("#note")).await?.prop("value").await?.unwrap_or_default();
        assert_eq!(kept, "阑尾炎手术，住院五天", "what was typed is kept");
        assert!(fits(&phone).await?, "the application form is wider than the phone");
        phone.execute("document.getElementById('date').value = arguments[0];", vec![json!(today())]).await?;
        click(&phone, "#send").await?;
        assert!(
            wait_for_text(&phone, "main", |t| t.contains("已提交")).await?,
            "the application is submitted"
        );
        let here = phone.current_url().await?;
        application = here.path().rsplit('/').next().unwrap_or_default().to_owned();
        assert_eq!(here.path(), format!("/me/applications/{application}"));

        // The officer approves it in the work queue.
        login(&officer, &app, "ganshi.bm", PASSWORD).await?;
        officer.goto(&app.url(&format!("/unions/{union}/requests"))).await?;
        let card = format!("#application-{application}");
        assert!(wait_for_text(&officer, &card, |t| t.contains("陈晓梅") && t.contains("住院")).await?);
        click(&officer, &format!("{card} button[name='decision'][value='approve']")).await?;
        assert!(
            wait_for_text(&officer, "main", |t| !t.contains(&application) || t.contains("已通过")).await?,
            "the queue takes the decision"
        );

        // The member is told twice — the decision, and the visit the life
        // event schedules: unread in the navigation, then in the inbox, the
        // decision with the link to the application.
        phone.goto(&app.url("/me")).await?;
        // (The menu is folded on the phone: read the badge's text as it is.)
        assert_eq!(text_of(&phone, "#nav-inbox .badge").await?, "2", "two unread");
        phone.goto(&app.url("/me/notifications")).await?;
        assert!(wait_for_text(&phone, "#inbox", |t| t.contains("您的慰问申请已通过") && t.contains("走访")).await?);
        assert!(fits(&phone).await?, "the inbox is wider than the phone");
        // 查看详情 marks it read and opens the application.
        let decided = phone
            .find(Locator::XPath("//section[contains(@class,'notice')][.//h2[contains(.,'慰问申请已通过')]]//button[contains(@class,'open-link')]"))
            .await?;
        decided.click().await?;
        phone.wait().for_url(&app.url(&format!("/me/applications/{application}")).parse().unwrap()).await?;
        assert!(
            wait_for_text(&phone, "main", |t| t.contains("已通过")).await?,
            "the application is approved"
        );

        // A copy of the member's data: their name, the ID number masked.
        phone.goto(&app.url("/me/data")).await?;
        let href = phone
            .wait()
            .for_element(Locator::Css("#export-json"))
            .await?
            .attr("href")
            .await?
            .unwrap_or_default();
        let copy = phone
            .execute(
                "return fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text());",
                vec![json!(href)],
            )
            .await?;
        let copy = copy.as_str().unwrap_or("");
        assert!(copy.contains("陈晓梅"), "the copy holds the member: {copy:.300}");
        assert!(!copy.contains(&id_number(7)), "the ID number travels masked");
        assert!(fits(&phone).await?, "我的信息 is wider than the phone");

        // The e-card, verified on the officer's page.
        phone.goto(&app.url("/me/ecard")).await?;
        phone.wait().for_element(Locator::Css("#ecard-qr svg")).await?;
        assert_eq!(text_of(&phone, "#ecard-name").await?, "陈晓梅");
        assert!(fits(&phone).await?, "the e-card is wider than the phone");
        let token = text_of(&phone, "#ecard-token").await?;
        assert!(!token.is_empty(), "the card carries its code");
        officer.goto(&app.url(&format!("/ecards/verify?token={token}"))).await?;
        officer.wait().for_element(Locator::Css("#verdict-ok")).await?;
        assert_eq!(text_of(&officer, "#verdict-name").await?, "陈晓梅");
        assert_eq!(text_of(&officer, "#verdict-union").await?, "滨江机械厂工会");
        if let Ok(png) = phone.screenshot().await {
            let _ = std::fs::write(std::env::temp_dir().join("gonghui-ecard-375.png"), png);
        }
        Ok(())
    }
    .await;
    if result.is_err() {
        // Where it stopped, for whoever reads the failure.
        for (name, c) in [("phone", &phone), ("officer", &officer)] {
            let url = c.current_url().await.map(|u| u.to_string()).unwrap_or_default();
            let html = c.source().await.unwrap_or_default();
            eprintln!("{name} at {url}:\n{}", html.chars().take(4000).collect::<String>());
        }
    }
    phone.close().await.ok();
    officer.close().await.ok();
    result.unwrap();

    // Behind the pages: the care area holds the life event with its
    // condolence, and the application names it.
    let (s, a) = app
        .get(&app.token("huiyuan.bm", PASSWORD).await, &format!("/api/v1/me/applications/{application}"))
        .await;
    assert_eq!(s, StatusCode::OK, "{a}");
    assert_eq!(a["status"], "approved", "{a}");
    let (s, events) = app.get(&chair, &format!("/api/v1/unions/{union}/life-events")).await;
    assert_eq!(s, StatusCode::OK, "{events}");
    let events: Vec<&Value> =
        events["items"].as_array().unwrap().iter().filter(|e| e["member_id"] == json!(member)).collect();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["kind"], "hospital", "{events:?}");
    app.stop().await;
}
crate::both!(browser_member_reports_a_hospital_stay_is_told_downloads_and_shows_the_ecard, phone);
