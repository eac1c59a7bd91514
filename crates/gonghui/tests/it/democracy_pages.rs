//! The congress pages on every database: the session with its delegates
//! and check-in, the ballot pages, voting in the browser, the published
//! papers and the printable decision (split from `democracy.rs`).

use reqwest::StatusCode;

use crate::common::TestApp;
use crate::democracy::{fast_voters, setup};

/// The pages: the congress home, a term's delegates, a session with check-in
/// and quorum, a motion started from the session page and voted through the
/// voting page (the receipt shown once), the published papers with the
/// receipt found, the printable decision.
async fn pages(app: TestApp) {
    use crate::common::Browser;
    let w = setup(&app).await;
    let u = &w.union;
    app.user(&w.admin, "dai.biao", "member", Some(u), Some(u)).await;
    let chair = Browser::login(&app, "chair.d", crate::common::PASSWORD).await;
    let (s, html) = chair.get(&app, &format!("/unions/{u}/congress")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("民主管理") && html.contains("工会委员会换届选举"), "{html}");
    // A term through its form; a bad term length stays on the page.
    let (s, html, _) = chair
        .post(&app, &format!("/unions/{u}/congress/terms"), &[("starts_on", "2026-01-01"), ("years", "7")])
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("3至5年"), "{html}");
    let (s, _, loc) = chair
        .post(&app, &format!("/unions/{u}/congress/terms"), &[("starts_on", "2026-01-01"), ("years", "5")])
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let term_url = loc.unwrap();
    // Delegates: the member account and three more.
    let (_, me) = app.get(&app.token("dai.biao", crate::common::PASSWORD).await, "/api/v1/me").await;
    let mut accounts = vec![me["id"].as_str().unwrap().to_owned()];
    accounts.extend(fast_voters(&app, u, "p", 3).await.into_iter().map(|v| v.id));
    for (i, a) in accounts.iter().enumerate() {
        let name = format!("代表{i}");
        let mut form = vec![("user_id", a.as_str()), ("name", name.as_str()), ("gender", "female")];
        if i == 0 {
            form.push(("presidium", "on"));
            form.push(("frontline", "on"));
        }
        let (s, html, _) = chair.post(&app, &format!("{term_url}/delegates"), &form).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{html}");
    }
    let (s, html) = chair.get(&app, &term_url).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("代表3") && html.contains("不少于30人"), "{html}");
    // A session, a motion from its page.
    let meets = (domain::time::today(chrono::Utc::now()) + chrono::Duration::days(10)).to_string();
    let (s, _, loc) =
        chair.post(&app, &format!("/unions/{u}/congress/sessions"), &[("meets_on", meets.as_str())]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let session_url = loc.unwrap();
    let (s, html, _) = chair.post(&app, &format!("{session_url}/motions"), &[("title", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("标题不能为空"), "{html}");
    let (s, _, _) =
        chair.post(&app, &format!("{session_url}/motions"), &[("title", "审议通过工会工作报告")]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, html) = chair.get(&app, &session_url).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("未达法定人数") && html.contains("会议材料应于"), "{html}");
    let re = regex_lite::Regex::new(r#"/ballots/([0-9a-f-]{36})/open"#).unwrap();
    let ballot = re.captures(&html).unwrap()[1].to_owned();
    // Opening without the quorum says why.
    let (s, _, _) = chair.post(&app, &format!("/ballots/{ballot}/open"), &[]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, html) = chair.get(&app, &format!("/ballots/{ballot}")).await;
    assert!(html.contains("不足应到4人的三分之二"), "{html}");
    // Check-in of three of four, the quorum fragment says so.
    let re = regex_lite::Regex::new(r#"name="delegate_id" value="([0-9a-f-]{36})""#).unwrap();
    let delegates: Vec<String> =
        re.captures_iter(&html_of(&chair, &app, &session_url).await).map(|c| c[1].to_owned()).collect();
    assert_eq!(delegates.len(), 4);
    for d in &delegates[..3] {
        let (s, _, _) = chair.post(&app, &format!("{session_url}/checkins"), &[("delegate_id", d)]).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
    }
    let (s, frag) = chair.get(&app, &format!("{session_url}/quorum")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(frag.contains("已达法定人数") && frag.contains(">3</span>"), "{frag}");
    let (s, _, _) = chair.post(&app, &format!("/ballots/{ballot}/open"), &[]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);

    // The delegate votes on the voting page; the receipt shows once.
    let dai = Browser::login(&app, "dai.biao", crate::common::PASSWORD).await;
    let (_, home) = dai.get(&app, "/").await;
    assert!(home.contains("待投票") && home.contains("审议通过工会工作报告"), "{home}");
    let (s, page) = dai.get(&app, &format!("/ballots/{ballot}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("提交选票") && page.contains("赞成"), "{page}");
    let (s, page, _) =
        dai.post(&app, &format!("/ballots/{ballot}/vote"), &[("kind", "motion"), ("items", "1")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("尚未表决"), "{page}");
    let (s, page, _) = dai
        .post(
            &app,
            &format!("/ballots/{ballot}/vote"),
            &[("kind", "motion"), ("items", "1"), ("choice_0", "yes")],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    // The receipt is shown in groups that a line never breaks inside.
    let re = regex_lite::Regex::new(r#"id="receipt">(.*?)</p>"#).unwrap();
    let shown = re.captures(&page).unwrap()[1].to_owned();
    assert!(shown.starts_with("<span class=\"group\">"), "{shown}");
    let receipt = text_of(&shown);
    assert_eq!(receipt.len(), 30, "{receipt}");
    let (s, page, _) = dai
        .post(
            &app,
            &format!("/ballots/{ballot}/vote"),
            &[("kind", "motion"), ("items", "1"), ("choice_0", "no")],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(page.contains("每人只能投一票"), "{page}");
    let (_, page) = dai.get(&app, &format!("/ballots/{ballot}")).await;
    assert!(
        page.contains("您已投票") && !text_of(&page).contains(&receipt),
        "the receipt is shown once only"
    );

    let (s, _, _) = chair.post(&app, &format!("/ballots/{ballot}/close"), &[]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, page) = dai.get(&app, &format!("/ballots/{ballot}?receipt={}", receipt.to_lowercase())).await;
    assert!(page.contains("公布的选票（1张）") && text_of(&page).contains(&receipt), "{page}");
    assert!(page.contains("id=\"lookup-ok\""), "{page}");
    assert!(page.contains("未通过"), "1 of 4 delegates: {page}");
    // The recount by command line is for officers, not on a member's page.
    assert!(!page.contains("tally verify") && !page.contains("核对计票"), "{page}");
    let (_, page) = chair.get(&app, &format!("/ballots/{ballot}")).await;
    assert!(page.contains("id=\"tally-verify\"") && page.contains("核对计票"), "{page}");
    let (_, page) = dai.get(&app, &format!("/ballots/{ballot}?receipt=ABCDE")).await;
    assert!(page.contains("回执码格式不正确"), "{page}");
    let (s, page) = chair.get(&app, &format!("/ballots/{ballot}/minutes")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("应到4人，实到3人，收回选票1张"), "{page}");
    let (s, page) = dai.get(&app, "/me/ballots").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("审议通过工会工作报告") && page.contains("已投票"), "{page}");
    // The new-ballot form, with an election short of candidates.
    let (s, page) =
        chair.get(&app, &format!("/unions/{u}/ballots/new?kind=election&purpose=committee")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("工会委员会委员选举"), "{page}");
    let (s, page, _) = chair
        .post(
            &app,
            &format!("/unions/{u}/ballots"),
            &[
                ("kind", "election"),
                ("purpose", "committee"),
                ("title", "换届选举"),
                ("items", "甲\n乙"),
                ("seats", "2"),
                ("voters", "union"),
                ("mode", "electronic"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("差额选举"), "{page}");
    let (s, _, loc) = chair
        .post(
            &app,
            &format!("/unions/{u}/ballots"),
            &[
                ("kind", "election"),
                ("purpose", "committee"),
                ("title", "换届选举"),
                ("items", "甲\n乙\n丙"),
                ("seats", "2"),
                ("voters", "union"),
                ("mode", "electronic"),
                ("write_in", "on"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, page) = chair.get(&app, loc.as_deref().unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("开始投票"), "{page}");
    app.stop().await;
}

async fn html_of(b: &crate::common::Browser, app: &TestApp, url: &str) -> String {
    b.get(app, url).await.1
}

crate::both!(democracy_pages, pages);

/// A page's text without its tags (a receipt is shown as spans of groups).
fn text_of(html: &str) -> String {
    regex_lite::Regex::new(r"<[^>]*>").unwrap().replace_all(html, "").into_owned()
}
