//! 我要报名 on a member's phone (375 px, emulated): a member signs up,
//! another takes the last place, the next goes on the waiting list; the
//! first cancels and the waiting one sees the promotion on the activity
//! page, then checks in by opening the QR code's link and confirming.

use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};
use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

use crate::browser::{login, phone_session, start_driver, wait_for_text};
use crate::common::{Browser, PASSWORD, TestApp};

/// The page fits the phone's width (nothing cut off at the right).
async fn fits(c: &Client) -> Result<bool, CmdError> {
    let v =
        c.execute("return document.documentElement.scrollWidth <= window.innerWidth + 1;", vec![]).await?;
    Ok(v == json!(true))
}

async fn status_is(c: &Client, want: &str) -> Result<bool, CmdError> {
    wait_for_text(c, "#my-status", |t| t == want).await
}

async fn phone(app: TestApp) {
    let Some((_driver, url)) = start_driver().await else {
        app.stop().await;
        return;
    };
    let w = crate::activity::world(&app, "ph").await;
    let admin = app.admin().await;
    let mut members = Vec::new();
    for (i, name) in ["张伟", "王芳", "李娜"].iter().enumerate() {
        members.push(crate::activity::member(&app, &w.chair, &w.union, name, i as u32 + 1, None).await);
    }
    // Password logins for the three, linked to their member records.
    let db = app.db().await;
    for (i, m) in members.iter().enumerate() {
        let user =
            app.user(&admin, &format!("huiyuan{i}.ph"), "member", Some(&w.union), Some(&w.union)).await;
        let mut tx = db.write().await.unwrap();
        let union_id = domain::UnionId(Uuid::parse_str(&w.union).unwrap());
        let (u, m) = (Uuid::parse_str(&user).unwrap(), Uuid::parse_str(m).unwrap());
        store::auth::link_user(&mut tx, u, union_id, m, "test", false).await.unwrap();
        tx.commit().await.unwrap();
    }
    db.close().await;
    let a = crate::activity::create(&app, &w.chair, &w.union, crate::activity::body("周末登山", 2)).await;
    let page = app.url(&format!("/activities/{a}"));

    let first = phone_session(&url).await;
    let third = phone_session(&url).await;
    let result: Result<(), CmdError> = async {
        // The first member signs up on the phone.
        login(&first, &app, "huiyuan0.ph", PASSWORD).await?;
        assert_eq!(first.execute("return window.innerWidth;", vec![]).await?, json!(375));
        first.goto(&page).await?;
        assert!(status_is(&first, "未报名").await?, "before signing up");
        assert!(fits(&first).await?, "the activity page is wider than the phone");
        first.find(Locator::Css("#sign-up")).await?.click().await?;
        assert!(status_is(&first, "已确认").await?, "the first member's place");

        // Another member takes the last place (through the API).
        let second = app.token("huiyuan1.ph", PASSWORD).await;
        let (s, r) = app.post(&second, &format!("/api/v1/activities/{a}/signups"), json!({})).await;
        assert_eq!((s, r["status"].as_str()), (StatusCode::CREATED, Some("confirmed")), "{r}");

        // The third goes on the waiting list.
        login(&third, &app, "huiyuan2.ph", PASSWORD).await?;
        third.goto(&page).await?;
        assert!(wait_for_text(&third, "#places-left", |t| t.contains("剩余0个")).await?);
        third.find(Locator::Css("#sign-up")).await?.click().await?;
        assert!(status_is(&third, "候补").await?, "the third member waits");
        assert!(wait_for_text(&third, "#my-position", |t| t == "候补第1位").await?);

        // The first cancels; the waiting one sees the promotion.
        first.goto(&page).await?;
        first.wait().for_element(Locator::Css("#cancel-signup")).await?.click().await?;
        assert!(status_is(&first, "已取消").await?, "the first member cancelled");
        third.goto(&page).await?;
        assert!(status_is(&third, "已确认").await?, "promoted from the waiting list");
        assert!(
            wait_for_text(&third, "#promoted", |t| t.contains("您已由候补转为正式报名")).await?,
            "the promotion is shown to the member"
        );

        // The officer's QR page carries the check-in link; the member opens it.
        let officer = Browser::login(&app, "chair.ph", PASSWORD).await;
        let (s, html) = officer.get(&app, &format!("/activities/{a}/qr")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(html.contains("<svg"), "the QR code is an SVG");
        let re = regex_lite::Regex::new(r#"id="checkin-link" href="([^"]+)""#).unwrap();
        let link = re.captures(&html).map(|c| c[1].replace("&amp;", "&")).expect("the check-in link");
        assert!(link.starts_with("http://") && link.contains("/checkin?code="), "{link}");
        third.goto(&link).await?;
        assert!(fits(&third).await?, "the check-in page is wider than the phone");
        third.wait().for_element(Locator::Css("#confirm-checkin")).await?.click().await?;
        assert!(
            wait_for_text(&third, "#checked-in", |t| t.contains("已签到")).await?,
            "checked in by the link"
        );
        // Opening the link again says so rather than checking in twice.
        third.goto(&link).await?;
        assert!(wait_for_text(&third, "#checked-in", |t| t.contains("您已签到")).await?);
        Ok(())
    }
    .await;
    first.close().await.ok();
    third.close().await.ok();
    result.unwrap();
    app.stop().await;
}
crate::both!(browser_activity_signup_waitlist_and_qr_checkin_on_a_phone, phone);
