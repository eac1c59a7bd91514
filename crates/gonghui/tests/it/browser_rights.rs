//! The chair's mailbox in headless Chromium on a 375 px phone: a member
//! opens 主席信箱 from the menu and writes a complaint; an officer, also on
//! a phone, accepts and dispatches it (one leading handler), starts and
//! answers it; the member reads the answer and rates it 满意; the rates
//! page shows 满意率 100.00%. No page on the way is wider than the phone.

use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};
use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

use crate::browser::{login, phone_session, start_driver, wait_for_text};
use crate::common::{PASSWORD, TestApp};

/// The page fits the phone's width (nothing cut off at the right).
async fn fits(c: &Client) -> Result<bool, CmdError> {
    let v =
        c.execute("return document.documentElement.scrollWidth <= window.innerWidth + 1;", vec![]).await?;
    Ok(v == json!(true))
}

async fn click(c: &Client, css: &str) -> Result<(), CmdError> {
    c.wait().for_element(Locator::Css(css)).await?.click().await
}

async fn phone(app: TestApp) {
    let Some((_driver, url)) = start_driver().await else {
        app.stop().await;
        return;
    };
    let w = crate::activity::world(&app, "br").await;
    let admin = app.admin().await;
    let officer_id = app.user(&admin, "ganshi.br", "officer", Some(&w.union), Some(&w.union)).await;
    let member = crate::activity::member(&app, &w.chair, &w.union, "周婷", 61, Some(&w.group)).await;
    let user = app.user(&admin, "huiyuan.br", "member", Some(&w.union), Some(&w.union)).await;
    let db = app.db().await;
    let mut tx = db.write().await.unwrap();
    let union_id = domain::UnionId(Uuid::parse_str(&w.union).unwrap());
    let (u, m) = (Uuid::parse_str(&user).unwrap(), Uuid::parse_str(&member).unwrap());
    store::auth::link_user(&mut tx, u, union_id, m, "test", false).await.unwrap();
    tx.commit().await.unwrap();
    db.close().await;
    let mailbox = app.url(&format!("/unions/{}/mailbox", w.union));

    let writer = phone_session(&url).await;
    let officer = phone_session(&url).await;
    let result: Result<(), CmdError> = async {
        // The member finds 主席信箱 in the folded menu and writes.
        login(&writer, &app, "huiyuan.br", PASSWORD).await?;
        assert_eq!(
            writer.execute("return window.innerWidth;", vec![]).await?,
            json!(375),
            "the phone's viewport"
        );
        click(&writer, "button[data-nav-toggle]").await?;
        click(&writer, "header.top a[href$='/mailbox']").await?;
        writer.wait().for_element(Locator::Css("#mailbox-form")).await?;
        assert_eq!(writer.current_url().await?.as_str(), mailbox);
        assert!(fits(&writer).await?, "the mailbox is wider than the phone");
        writer.find(Locator::Css("#subject")).await?.send_keys("夜班没有热饭").await?;
        writer
            .find(Locator::Css("#body"))
            .await?
            .send_keys("装配车间夜班十点后食堂关门，希望工会协调供应热饭。")
            .await?;
        click(&writer, "#send").await?;
        assert!(
            wait_for_text(&writer, ".flash", |t| t.contains("来信已收到")).await?,
            "the member is told the letter came in"
        );
        assert!(wait_for_text(&writer, "#my-petitions .my-status", |t| t.starts_with("待受理")).await?);
        assert!(fits(&writer).await?, "the member's letters are wider than the phone");

        // The officer, on a phone too, opens it from the list.
        login(&officer, &app, "ganshi.br", PASSWORD).await?;
        officer.goto(&app.url(&format!("/unions/{}/petitions", w.union))).await?;
        assert!(fits(&officer).await?, "the officers' list is wider than the phone");
        click(&officer, "#petitions a[href^='/petitions/']").await?;
        officer.wait().for_element(Locator::Css("#dispatch-form")).await?;
        assert!(fits(&officer).await?, "the petition page is wider than the phone");
        assert!(
            wait_for_text(&officer, "#writer", |t| t.contains("周婷") && t.contains("一车间小组")).await?
        );
        // Dispatched to the officer, leading, and the chair, assisting.
        click(&officer, &format!("input[name=handler][value='{officer_id}']")).await?;
        click(&officer, &format!("input[name=lead][value='{officer_id}']")).await?;
        let (_, me) = app.get(&w.chair, "/api/v1/me").await;
        let chair_id = me["id"].as_str().unwrap().to_owned();
        click(&officer, &format!("input[name=handler][value='{chair_id}']")).await?;
        click(&officer, "#dispatch-submit").await?;
        assert!(
            wait_for_text(&officer, "#petition-status", |t| t.starts_with("已派发")).await?,
            "dispatched"
        );
        assert!(wait_for_text(&officer, "#handlers", |t| t.contains("ganshi.br（主办）")).await?);
        click(&officer, "#start").await?;
        assert!(wait_for_text(&officer, "#petition-status", |t| t.starts_with("处理中")).await?, "started");
        officer
            .wait()
            .for_element(Locator::Css("#answer-text"))
            .await?
            .send_keys("已与食堂协商，下周一起夜班供应热饭至凌晨一点。")
            .await?;
        click(&officer, "#answer-submit").await?;
        assert!(wait_for_text(&officer, "#petition-status", |t| t.starts_with("已答复")).await?, "answered");

        // The member reads the answer and rates it.
        writer.goto(&mailbox).await?;
        assert!(
            wait_for_text(&writer, "#my-petitions .my-answer", |t| t.contains("供应热饭至凌晨一点")).await?
        );
        assert!(fits(&writer).await?, "the answer and the rating form are wider than the phone");
        click(&writer, "#my-petitions .rate-satisfied").await?;
        assert!(wait_for_text(&writer, ".flash", |t| t.contains("感谢您的评价")).await?, "rated");
        assert!(wait_for_text(&writer, "#my-petitions .my-status", |t| t.starts_with("已办结")).await?);
        assert!(wait_for_text(&writer, "#my-petitions .my-rating", |t| t.contains("满意")).await?);

        // The rates page shows it.
        officer.goto(&app.url(&format!("/unions/{}/petitions/report", w.union))).await?;
        assert!(wait_for_text(&officer, "#rate-satisfaction", |t| t == "100.00%").await?, "满意率");
        assert!(wait_for_text(&officer, "#rate-on-time", |t| t == "100.00%").await?, "按期答复率");
        assert!(wait_for_text(&officer, "#rate-resolved", |t| t == "100.00%").await?, "办结率");
        assert!(fits(&officer).await?, "the rates page is wider than the phone");
        if let Ok(png) = writer.screenshot().await {
            let _ = std::fs::write(std::env::temp_dir().join("gonghui-mailbox-375.png"), png);
        }
        Ok(())
    }
    .await;
    writer.close().await.ok();
    officer.close().await.ok();
    result.unwrap();
    // The same through the API, as the report's JSON.
    let (s, r) = app.get(&w.chair, &format!("/api/v1/unions/{}/petitions/report", w.union)).await;
    assert_eq!((s, r["satisfaction"]["rate"].as_str()), (StatusCode::OK, Some("100.00%")), "{r}");
    app.stop().await;
}
crate::both!(browser_mailbox_complaint_dispatched_answered_rated_on_a_phone, phone);
