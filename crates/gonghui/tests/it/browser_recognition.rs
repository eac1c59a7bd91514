//! The browser test of recognition (issue 18): a member submits a suggestion
//! on a 375 px phone; it is assessed, implemented, accepted and rewarded,
//! and the voucher appears in the books.
//!
//! In headless Chromium: the member opens 我的建议 from the folded menu on
//! a 375 px phone, submits without the proposal (the form keeps what was
//! typed and says what is missing), then with it; an officer steps through
//! the suggestion's page — 推荐实施, 交付实施, 验收 with 36,000 元 a year,
//! a 500 元 reward approved by the chair — and finds the voucher in the
//! union's voucher list; the member sees 已奖励 and the amount on the phone.

use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};
use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

use crate::browser::{login, phone_session, session, start_driver, wait_for_text};
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

async fn type_in(c: &Client, css: &str, text: &str) -> Result<(), CmdError> {
    c.wait().for_element(Locator::Css(css)).await?.send_keys(text).await
}

async fn phone(app: TestApp) {
    let Some((_driver, url)) = start_driver().await else {
        app.stop().await;
        return;
    };
    let w = crate::activity::world(&app, "bs").await;
    let admin = app.admin().await;
    app.user(&admin, "ganshi.bs", "officer", Some(&w.union), Some(&w.union)).await;
    let officer_token = app.token("ganshi.bs", PASSWORD).await;
    app.fund(&officer_token, &w.chair, &w.union).await;
    let (_, me) = app.get(&w.chair, "/api/v1/me").await;
    let chair_id = me["id"].as_str().unwrap().to_owned();
    let member = crate::activity::member(&app, &w.chair, &w.union, "周婷", 61, Some(&w.group)).await;
    let user = app.user(&admin, "huiyuan.bs", "member", Some(&w.union), Some(&w.union)).await;
    let db = app.db().await;
    let mut tx = db.write().await.unwrap();
    let union_id = domain::UnionId(Uuid::parse_str(&w.union).unwrap());
    let (u, m) = (Uuid::parse_str(&user).unwrap(), Uuid::parse_str(&member).unwrap());
    store::auth::link_user(&mut tx, u, union_id, m, "test", false).await.unwrap();
    tx.commit().await.unwrap();
    db.close().await;
    let mine = app.url(&format!("/unions/{}/suggestions/mine", w.union));

    let writer = phone_session(&url).await;
    let officer = session(&url, "1280,900").await;
    let result: Result<(), CmdError> = async {
        // The member finds 我的建议 in the folded menu.
        login(&writer, &app, "huiyuan.bs", PASSWORD).await?;
        assert_eq!(writer.execute("return window.innerWidth;", vec![]).await?, json!(375), "the phone");
        click(&writer, "button[data-nav-toggle]").await?;
        click(&writer, "header.top a[href$='/suggestions/mine']").await?;
        writer.wait().for_element(Locator::Css("#suggestion-form")).await?;
        assert_eq!(writer.current_url().await?.as_str(), mine);
        assert!(fits(&writer).await?, "the suggestion page is wider than the phone");
        // The tabs to the member's honours and training.
        writer.find(Locator::Css("#my-tabs a[href$='/honours/mine']")).await?;
        writer.find(Locator::Css("#my-tabs a[href$='/training/mine']")).await?;

        // Without the proposal: refused, what was typed is kept.
        click(&writer, "#category option[value='energy_saving']").await?;
        type_in(&writer, "#title", "车间照明改感应灯").await?;
        type_in(&writer, "#current_state", "装配车间夜间无人区域照明长明").await?;
        click(&writer, "#send").await?;
        assert!(
            wait_for_text(&writer, "#suggestion-form .field-error", |t| t.contains("建议内容")).await?,
            "the missing proposal is named"
        );
        let kept = writer.find(Locator::Css("#title")).await?.prop("value").await?;
        assert_eq!(kept.as_deref(), Some("车间照明改感应灯"), "the title is kept");
        assert!(fits(&writer).await?, "the form with its error is wider than the phone");
        type_in(&writer, "#proposal", "更换为人体感应式LED灯，无人时自动关闭").await?;
        type_in(&writer, "#expected_benefit", "每年节电约3万度").await?;
        click(&writer, "#send").await?;
        assert!(wait_for_text(&writer, ".flash", |t| t.contains("建议已提交")).await?, "submitted");
        assert!(wait_for_text(&writer, "#my-suggestions .my-status", |t| t.starts_with("已提交")).await?);
        assert!(fits(&writer).await?, "the member's suggestions are wider than the phone");

        // The officer steps through the suggestion's page.
        login(&officer, &app, "ganshi.bs", PASSWORD).await?;
        officer.goto(&app.url(&format!("/unions/{}/suggestions", w.union))).await?;
        click(&officer, "#suggestions a[href^='/suggestions/']").await?;
        officer.wait().for_element(Locator::Css("#assess-form")).await?;
        assert!(wait_for_text(&officer, "#submitter", |t| t.contains("周婷")).await?);
        click(&officer, "#adopt").await?;
        assert!(
            wait_for_text(&officer, "#suggestion-status", |t| t.starts_with("推荐实施")).await?,
            "adopted"
        );
        type_in(&officer, "#implementer", "设备动力部").await?;
        click(&officer, "#implement-submit").await?;
        assert!(
            wait_for_text(&officer, "#suggestion-status", |t| t.starts_with("实施中")).await?,
            "implementing"
        );
        type_in(&officer, "#value_yuan", "36000").await?;
        type_in(&officer, "#note", "已全部更换，电费单核实").await?;
        click(&officer, "#accept-submit").await?;
        assert!(
            wait_for_text(&officer, "#suggestion-status", |t| t.starts_with("已验收")).await?,
            "accepted"
        );
        assert!(
            wait_for_text(&officer, "#value", |t| t.contains("36,000.00") || t.contains("36000.00")).await?
        );
        // Over the cap first: refused, nothing paid.
        type_in(&officer, "#amount_yuan", "600").await?;
        click(&officer, &format!("#approver_id option[value='{chair_id}']")).await?;
        click(&officer, "#reward-submit").await?;
        assert!(wait_for_text(&officer, ".flash", |t| t.contains("500")).await?, "the cap is named");
        assert!(wait_for_text(&officer, "#suggestion-status", |t| t.starts_with("已验收")).await?);
        type_in(&officer, "#amount_yuan", "500").await?;
        click(&officer, &format!("#approver_id option[value='{chair_id}']")).await?;
        click(&officer, "#reward-submit").await?;
        assert!(
            wait_for_text(&officer, "#suggestion-status", |t| t.starts_with("已奖励")).await?,
            "rewarded"
        );
        assert!(wait_for_text(&officer, "#reward", |t| t.contains("500.00") && t.contains("已记账")).await?);

        // The voucher is in the union's books.
        click(&officer, "#voucher-link").await?;
        officer.wait().for_element(Locator::Css("main h1")).await?;
        officer.goto(&app.url(&format!("/unions/{}/finance/vouchers", w.union))).await?;
        assert!(
            wait_for_text(&officer, "main table", |t| t.contains("合理化建议奖励") && t.contains("500.00"))
                .await?,
            "the voucher list shows the reward"
        );

        // The member sees the outcome on the phone.
        writer.goto(&mine).await?;
        assert!(wait_for_text(&writer, "#my-suggestions .my-status", |t| t.starts_with("已奖励")).await?);
        assert!(wait_for_text(&writer, "#my-suggestions .my-reward", |t| t.contains("500.00")).await?);
        assert!(fits(&writer).await?, "the rewarded suggestion is wider than the phone");
        if let Ok(png) = writer.screenshot().await {
            let _ = std::fs::write(std::env::temp_dir().join("gonghui-suggestions-375.png"), png);
        }
        Ok(())
    }
    .await;
    writer.close().await.ok();
    officer.close().await.ok();
    result.unwrap();
    // The same in the books through the API: one welfare payment of 500 元.
    let (s, paid) = app.get(&w.chair, &format!("/api/v1/unions/{}/welfare", w.union)).await;
    assert_eq!(s, StatusCode::OK, "{paid}");
    let paid = paid.as_array().unwrap();
    assert_eq!(paid.len(), 1, "{paid:?}");
    assert_eq!(
        (paid[0]["amount_fen"].as_i64(), paid[0]["member_id"].as_str()),
        (Some(50_000), Some(member.as_str()))
    );
    app.stop().await;
}
crate::both!(browser_suggestion_submitted_on_a_phone_rewarded_into_the_books, phone);
