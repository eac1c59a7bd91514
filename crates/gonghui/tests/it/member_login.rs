//! Members reach their own records: an officer links a member's login from
//! the member's page (and unlinks it), through the same service as the API;
//! a linked login gets a 我的 link in the navigation.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{Browser, PASSWORD, TestApp, id_number};

async fn link_from_page(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    app.user(&admin, "chair.l", "chair", Some(&union), Some(&union)).await;
    app.user(&admin, "zhigong.l", "member", Some(&union), Some(&union)).await;
    let t = app.token("chair.l", PASSWORD).await;
    let (s, m) = app
        .post(
            &t,
            &format!("/api/v1/unions/{union}/members"),
            json!({"name": "赵磊", "id_number": id_number(901)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    let member = m["id"].as_str().unwrap().to_owned();
    let page = format!("/unions/{union}/members/{member}");

    // Not linked: the member's login has no 我的 and no record.
    let own = Browser::login(&app, "zhigong.l", PASSWORD).await;
    let (_, home) = own.get(&app, "/").await;
    assert!(!home.contains("href=\"/me\""), "{home}");
    let mt = app.token("zhigong.l", PASSWORD).await;
    let (_, mine) = app.get(&mt, "/api/v1/me/care").await;
    assert!(mine["member_id"].is_null(), "{mine}");

    // The officer links it on the member's page.
    let chair = Browser::login(&app, "chair.l", PASSWORD).await;
    let (s, html) = chair.get(&app, &page).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("尚未关联登录账号") && html.contains("name=\"username\""), "{html}");
    let link = format!("{page}/user");
    let (s, html, _) = chair.post(&app, &link, &[("username", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("请填写要关联的账号用户名"), "{html}");
    let (s, html, _) = chair.post(&app, &link, &[("username", "nobody.l")]).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(html.contains("账号不存在"), "the page says why: {html}");
    let (s, _, to) = chair.post(&app, &link, &[("username", "zhigong.l")]).await;
    assert_eq!((s, to.as_deref()), (StatusCode::SEE_OTHER, Some(page.as_str())));
    let (_, html) = chair.get(&app, &page).await;
    assert!(html.contains("已关联登录账号zhigong.l"), "flash: {html}");
    assert!(html.contains("id=\"linked-login\">zhigong.l<"), "{html}");

    // The member now reaches their own page in one tap.
    let (_, home) = own.get(&app, "/").await;
    assert!(home.contains("href=\"/me\"") && home.contains("我的"), "{home}");
    let (s, me) = own.get(&app, "/me/care").await;
    assert_eq!(s, StatusCode::OK);
    assert!(!me.contains("尚未关联会员档案"), "{me}");
    let (_, mine) = app.get(&mt, "/api/v1/me/care").await;
    assert_eq!(mine["member_id"], member.as_str(), "{mine}");

    // Another login for the same member: refused unless replacing.
    app.user(&admin, "zhigong.m", "member", Some(&union), Some(&union)).await;
    let (s, html, _) = chair.post(&app, &link, &[("username", "zhigong.m")]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(html.contains("原关联账号zhigong.l"), "{html}");
    let (s, _, _) = chair.post(&app, &link, &[("username", "zhigong.m"), ("replace", "yes")]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, mine) = app.get(&mt, "/api/v1/me/care").await;
    assert!(mine["member_id"].is_null(), "replaced: {mine}");

    // Unlinked from the page; audited.
    let (s, _, to) = chair.post(&app, &format!("{page}/user/unlink"), &[]).await;
    assert_eq!((s, to.as_deref()), (StatusCode::SEE_OTHER, Some(page.as_str())));
    let (_, html) = chair.get(&app, &page).await;
    assert!(html.contains("尚未关联登录账号"), "{html}");
    let (_, audit) = app.get(&admin, "/api/v1/audit?action=member.unlink_user").await;
    assert!(audit.to_string().contains("zhigong.m"), "{audit}");

    // A member may not link logins.
    let (s, _, _) = own.post(&app, &link, &[("username", "zhigong.l")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    app.stop().await;
}

crate::both!(member_login_linked_from_the_member_page, link_from_page);

/// From the user's page: the member of the account's union named by name.
async fn link_from_user_page(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    app.user(&admin, "chair.u", "chair", Some(&union), Some(&union)).await;
    let user = app.user(&admin, "zhigong.u", "member", Some(&union), Some(&union)).await;
    let t = app.token("chair.u", PASSWORD).await;
    let url = format!("/api/v1/unions/{union}/members");
    let mut ids = Vec::new();
    for (i, name) in ["李秀英", "王芳", "王芳"].iter().enumerate() {
        let (s, m) = app.post(&t, &url, json!({"name": name, "id_number": id_number(910 + i as u32)})).await;
        assert_eq!(s, StatusCode::CREATED, "{m}");
        ids.push(m["id"].as_str().unwrap().to_owned());
    }
    let chair = Browser::login(&app, "chair.u", PASSWORD).await;
    let page = format!("/users/{user}");
    let (s, html) = chair.get(&app, &page).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("尚未关联会员档案") && html.contains("name=\"member\""), "{html}");
    let link = format!("{page}/member");
    let (s, html, _) = chair.post(&app, &link, &[("org_id", &union), ("member", "赵六")]).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(html.contains("本会没有名为“赵六”的在籍会员"), "{html}");
    assert!(html.contains(r#"value="赵六""#), "the refused form keeps the typed name: {html}");
    let (s, html, _) = chair.post(&app, &link, &[("org_id", &union), ("member", "王芳")]).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(html.contains("不止一位名为“王芳”"), "{html}");
    let (s, _, to) = chair.post(&app, &link, &[("org_id", &union), ("member", "李秀英")]).await;
    assert_eq!((s, to.as_deref()), (StatusCode::SEE_OTHER, Some(page.as_str())));
    let (_, html) = chair.get(&app, &page).await;
    assert!(
        html.contains(&format!("/unions/{union}/members/{}", ids[0])) && html.contains(">李秀英</a>"),
        "{html}"
    );
    let mt = app.token("zhigong.u", PASSWORD).await;
    let (_, mine) = app.get(&mt, "/api/v1/me/care").await;
    assert_eq!(mine["member_id"], ids[0].as_str(), "{mine}");
    let (s, _, _) = chair.post(&app, &format!("{page}/member/unlink"), &[("org_id", &union)]).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, mine) = app.get(&mt, "/api/v1/me/care").await;
    assert!(mine["member_id"].is_null(), "{mine}");
    app.stop().await;
}

crate::both!(member_login_linked_from_the_user_page, link_from_user_page);
