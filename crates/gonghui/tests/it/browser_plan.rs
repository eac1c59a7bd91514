//! The browser test of plans (issue 20): a street federation's officer
//! pastes a seed plan, confirms two of the targets read from it, and — as
//! a union below records activities and condolence money — sees the
//! targets' progress bars move and the year-end summary's figures change.
//!
//! In headless Chromium on an office PC's window: the plan is pasted into
//! 新建计划 (seed 000 of ../shared/seeds), its targets come out 待确认;
//! 两项评选活动 (举办活动 ≥ 2) and 开展慰问，款项达2万余元 (慰问金额 ≥ 2
//! 万元) are confirmed; then the union holds two activities and pays a
//! 1,000 元 hospital condolence; on reload the activities' target is met
//! (green, full bar), the money's bar stands at 5%, and the summary that
//! said 0 now says 0.10万元 and 已达成 for the activities.

use chrono::{Duration, NaiveDate, Utc};
use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};
use serde_json::json;

use crate::browser::{login, session, start_driver};
use crate::common::{PASSWORD, TestApp};

const SEED: &str = include_str!("../../../domain/src/plan/seeds/000_6fd2ff6756ff44f6.txt");

/// The `li.target` whose sentence holds `piece`: its id.
async fn target_id(c: &Client, piece: &str) -> Result<String, CmdError> {
    let js = "for (const li of document.querySelectorAll('li.target')) { \
                if (li.querySelector('.sentence').textContent.includes(arguments[0])) return li.id; } \
              return null;";
    let v = c.execute(js, vec![json!(piece)]).await?;
    Ok(v.as_str().unwrap_or_else(|| panic!("no target holds {piece}")).to_owned())
}

/// A target's status, current value, light and bar width (percent).
async fn target_state(c: &Client, id: &str) -> Result<(String, String, String, String), CmdError> {
    let js = "const li = document.getElementById(arguments[0]); \
              return [li.dataset.status, li.querySelector('.current').textContent.trim(), \
                      li.className, li.querySelector('.bar > span').style.width];";
    let v = c.execute(js, vec![json!(id)]).await?;
    let s = |i: usize| v[i].as_str().unwrap_or_default().to_owned();
    Ok((s(0), s(1), s(2), s(3)))
}

/// Confirms a target through its own form (the suggested metric kept).
async fn confirm(c: &Client, id: &str) -> Result<(), CmdError> {
    let css = format!("#{id} form.target-form button[type=submit]");
    c.wait().for_element(Locator::Css(&css)).await?.click().await?;
    c.wait().for_element(Locator::Css("#plan-summary")).await?;
    Ok(())
}

async fn summary_text(c: &Client, app: &TestApp, fed: &str) -> Result<String, CmdError> {
    c.goto(&app.url(&format!("/orgs/{fed}/summary"))).await?;
    c.wait().for_element(Locator::Css("#summary")).await?.text().await
}

async fn plan(app: TestApp) {
    let Some((_driver, url)) = start_driver().await else {
        app.stop().await;
        return;
    };
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "东街街道总工会", None).await;
    let long_ago = NaiveDate::from_ymd_opt(2020, 9, 1).unwrap();
    let u =
        crate::plan_metrics::union(&app, &admin, "东街", &fed, &[long_ago, long_ago, long_ago], 301).await;
    app.user(&admin, "jiedao.bp", "federation", Some(&fed), Some(&fed)).await;
    let year = chrono::Datelike::year(&domain::time::today(Utc::now()));

    let c = session(&url, "1280,900").await;
    let result: Result<(), CmdError> = async {
        login(&c, &app, "jiedao.bp", PASSWORD).await?;
        c.goto(&app.url(&format!("/orgs/{fed}/work-plans"))).await?;
        c.wait()
            .for_element(Locator::Css("#plan-form #title"))
            .await?
            .send_keys("东街街道工会年度工作计划")
            .await?;
        let y = c.find(Locator::Css("#plan-form #year")).await?;
        y.clear().await?;
        y.send_keys(&year.to_string()).await?;
        // The whole plan pasted into the text box at once.
        c.execute("document.querySelector('#plan-form #text').value = arguments[0];", vec![json!(SEED)])
            .await?;
        c.find(Locator::Css("#plan-form button[type=submit]")).await?.click().await?;
        c.wait().for_element(Locator::Css("#plan-summary")).await?;
        assert!(c.current_url().await?.path().starts_with("/work-plans/"), "the plan's page");
        let pending = c.find_all(Locator::Css("li.target.pending")).await?;
        assert!(pending.len() >= 10, "the seed's targets come out to be confirmed: {}", pending.len());
        let plan_url = c.current_url().await?;

        // The summary before any record of the year.
        let before = summary_text(&c, &app, &fed).await?;
        assert!(before.contains("两项评选活动"), "the summary follows the plan's targets: {before}");

        c.goto(plan_url.as_str()).await?;
        let events = target_id(&c, "两项评选活动").await?;
        let money = target_id(&c, "款项达2万余元").await?;
        confirm(&c, &events).await?;
        confirm(&c, &money).await?;
        let (status, current, _, width) = target_state(&c, &events).await?;
        assert_eq!((status.as_str(), current.as_str(), width.as_str()), ("confirmed", "0项", "0%"));
        let (status, current, class, _) = target_state(&c, &money).await?;
        assert_eq!(status, "confirmed");
        assert!(current.starts_with('0'), "{current}");
        assert!(class.contains("light-red") || class.contains("light-amber"), "{class}");

        // The union holds two activities and pays a hospital condolence of 1,000 元 (the policy's most).
        let earlier = Utc::now() - Duration::hours(3);
        crate::plan_metrics::activity(&app, &u, "迎新春健步走", &[&u.members[0], &u.members[1]], earlier)
            .await;
        crate::plan_metrics::activity(&app, &u, "职工书画展", &[&u.members[2]], earlier).await;
        let today = domain::time::today(Utc::now());
        crate::plan_metrics::pay(&app, &u, &u.members[0], "condolence", "hospital", 100_000, today).await;

        c.goto(plan_url.as_str()).await?;
        c.wait().for_element(Locator::Css("#plan-summary")).await?;
        let (_, current, class, width) = target_state(&c, &events).await?;
        assert_eq!((current.as_str(), width.as_str()), ("2项", "100%"), "the activities' bar moved");
        assert!(class.contains("light-green"), "{class}");
        let (_, current, _, width) = target_state(&c, &money).await?;
        assert_eq!((current.as_str(), width.as_str()), ("0.1万元", "5%"), "the money's bar moved");

        let after = summary_text(&c, &app, &fed).await?;
        assert_ne!(before, after, "the summary's figures follow the records");
        assert!(after.contains("完成2项，已达成"), "{after}");
        assert!(after.contains("完成0.10万元，未达成"), "{after}");
        Ok(())
    }
    .await;
    c.close().await.ok();
    result.unwrap();
    app.stop().await;
}
crate::both!(browser_plan_pasted_confirmed_and_followed, plan);
