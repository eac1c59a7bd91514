//! The disclosure board on both databases: publishing with its bad input,
//! members reading and giving feedback (each seeing their own), withdrawal
//! with a reason (members then get 404, the text stays on record), the
//! triggers refusing edits, and the aid list published with consent only.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{Browser, TestApp, exec, id_number};

async fn board(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let u = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let other = app.org(&admin, "union", "乙公司工会", Some(&fed)).await;
    app.user(&admin, "chair.d", "chair", Some(&u), Some(&u)).await;
    app.user(&admin, "zhang.d", "member", Some(&u), Some(&u)).await;
    app.user(&admin, "li.d", "member", Some(&u), Some(&u)).await;
    app.user(&admin, "chair.other", "chair", Some(&other), Some(&other)).await;
    let chair = app.token("chair.d", crate::common::PASSWORD).await;
    let zhang = app.token("zhang.d", crate::common::PASSWORD).await;
    let li = app.token("li.d", crate::common::PASSWORD).await;
    let outsider = app.token("chair.other", crate::common::PASSWORD).await;
    let url = format!("/api/v1/unions/{u}/disclosures");

    // Bad input names its field.
    for (body, field) in [
        (json!({"category": "gossip", "title": "t", "period": "2026年", "body": "b"}), "category"),
        (json!({"category": "finance", "title": " ", "period": "2026年", "body": "b"}), "title"),
        (json!({"category": "finance", "title": "t", "period": "2026年", "body": ""}), "body"),
    ] {
        let (s, e) = app.post(&chair, &url, body).await;
        assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some(field)), "{e}");
    }
    // A member reads but does not publish.
    let item = json!({"category": "affairs", "title": "2027年度工资调整方案", "period": "2026年11月",
        "body": "一线岗位上调6%\n管理岗位上调3%"});
    let (s, _) = app.post(&zhang, &url, item.clone()).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, it) = app.post(&chair, &url, item).await;
    assert_eq!(s, StatusCode::CREATED, "{it}");
    let id = it["id"].as_str().unwrap().to_owned();
    let (_, list) = app.get(&zhang, &url).await;
    assert_eq!(list["items"][0]["title"], "2027年度工资调整方案", "{list}");
    assert_eq!(list["items"][0]["category_label"], "重大事项");
    let (_, filtered) = app.get(&zhang, &format!("{url}?category=finance")).await;
    assert_eq!(filtered["items"].as_array().unwrap().len(), 0);
    // Another union's chair cannot see it.
    let (s, _) = app.get(&outsider, &format!("{url}/{id}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Feedback: empty refused; each member sees their own, the chair all.
    let fb = format!("{url}/{id}/feedback");
    let (s, e) = app.post(&zhang, &fb, json!({"body": "  "})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("body")));
    assert_eq!(app.post(&zhang, &fb, json!({"body": "辅助岗位怎么算？"})).await.0, StatusCode::CREATED);
    assert_eq!(app.post(&li, &fb, json!({"body": "希望公布测算依据"})).await.0, StatusCode::CREATED);
    let (_, mine) = app.get(&zhang, &format!("{url}/{id}")).await;
    assert_eq!(mine["feedback"].as_array().unwrap().len(), 1, "{mine}");
    assert_eq!(mine["feedback"][0]["body"], "辅助岗位怎么算？");
    let (_, all) = app.get(&chair, &format!("{url}/{id}")).await;
    assert_eq!(all["feedback"].as_array().unwrap().len(), 2, "{all}");

    // Withdrawal needs a reason, happens once, and hides the item from members.
    let wd = format!("{url}/{id}/withdraw");
    let (s, e) = app.post(&chair, &wd, json!({"reason": ""})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("reason")));
    let (s, w) = app.post(&chair, &wd, json!({"reason": "方案尚未经职代会审议"})).await;
    assert_eq!(s, StatusCode::OK, "{w}");
    assert!(w["withdrawn_at"].is_string());
    assert_eq!(app.post(&chair, &wd, json!({"reason": "再撤一次"})).await.0, StatusCode::CONFLICT);
    assert_eq!(app.get(&zhang, &format!("{url}/{id}")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&zhang, &fb, json!({"body": "还能提吗"})).await.0, StatusCode::NOT_FOUND);
    let (_, list) = app.get(&zhang, &url).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
    let (_, kept) = app.get(&chair, &url).await;
    assert_eq!(kept["items"][0]["withdraw_reason"], "方案尚未经职代会审议", "{kept}");

    // What was published cannot be edited or deleted underneath.
    let db = app.db().await;
    assert!(exec(&db, "UPDATE disclosure_items SET body = '改过了'").await.is_err());
    assert!(exec(&db, "DELETE FROM disclosure_items").await.is_err());
    assert!(exec(&db, "UPDATE disclosure_feedback SET body = '改过了'").await.is_err());
    assert!(exec(&db, "DELETE FROM disclosure_feedback").await.is_err());

    // The pages: a member's empty feedback keeps the form; the chair's
    // publishing form keeps what was typed on error.
    let (_, it2) = app
        .post(&chair, &url, json!({"category": "welfare", "title": "中秋慰问品", "period": "2026年9月", "body": "每人月饼一盒"}))
        .await;
    let id2 = it2["id"].as_str().unwrap();
    let member_page = Browser::login(&app, "zhang.d", crate::common::PASSWORD).await;
    let (s, page) = member_page.get(&app, &format!("/unions/{u}/disclosure")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("中秋慰问品") && !page.contains("2027年度工资调整方案"), "{page}");
    let (s, page, _) =
        member_page.post(&app, &format!("/unions/{u}/disclosure/{id2}/feedback"), &[("body", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("意见不能为空"));
    let chair_page = Browser::login(&app, "chair.d", crate::common::PASSWORD).await;
    let (s, page, _) = chair_page
        .post(
            &app,
            &format!("/unions/{u}/disclosure"),
            &[("category", "finance"), ("title", "十月收支"), ("period", ""), ("body", "收入1000元")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("公开期间不能为空")
            && page.contains("value=\"十月收支\"")
            && page.contains("收入1000元")
    );
    app.stop().await;
}

crate::both!(the_board_publishes_withdraws_and_takes_feedback, board);

/// The year's aid list on the board: the consenting member by name, the
/// other as a count; publishing again replaces the list.
async fn aid_list(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let u = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    app.user(&admin, "chair.a", "chair", Some(&u), Some(&u)).await;
    let caiwu_id = app.user(&admin, "caiwu.a", "treasurer", Some(&u), Some(&u)).await;
    app.user(&admin, "member.a", "member", Some(&u), Some(&u)).await;
    let chair = app.token("chair.a", crate::common::PASSWORD).await;
    let member = app.token("member.a", crate::common::PASSWORD).await;
    app.fund(&admin, &chair, &u).await;
    let mut ids = Vec::new();
    for (i, name) in ["王同意", "李保密"].iter().enumerate() {
        let (_, m) = app
            .post(
                &admin,
                &format!("/api/v1/unions/{u}/members"),
                json!({"name": name, "id_number": id_number(60 + i as u32)}),
            )
            .await;
        ids.push(m["id"].as_str().unwrap().to_owned());
    }
    let year = &domain::time::today(chrono::Utc::now()).to_string()[..4];
    let publish = format!("/api/v1/unions/{u}/care-disclosure/publish?year={year}");
    let (s, e) = app.post(&chair, &publish, json!({})).await;
    assert_eq!((s, e["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("year")), "{e}");
    let today = domain::time::today(chrono::Utc::now()).to_string();
    for (i, m) in ids.iter().enumerate() {
        let (s, a) = app
            .post(&chair, &format!("/api/v1/unions/{u}/assistance"), json!({"member_id": m, "kind": "assistance",
                "item": "assistance", "reason": "困难帮扶", "amount_fen": 100_000 + i as i64 * 50_000, "form": "cash",
                "date": today, "approver_user_id": caiwu_id}))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{a}");
    }
    let (s, _) = app
        .api(
            Some(&chair),
            reqwest::Method::PUT,
            &format!("/api/v1/unions/{u}/members/{}/care-consent", ids[0]),
            Some(json!({"consent": true})),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, first) = app.post(&chair, &publish, json!({})).await;
    assert_eq!(s, StatusCode::CREATED, "{first}");
    let body = first["body"].as_str().unwrap();
    assert!(body.contains("王同意") && body.contains("1,000.00元"), "{body}");
    assert!(!body.contains("李保密") && body.contains("其他受助1人次，合计1,500.00元"), "{body}");
    assert_eq!(first["category"], "aid");
    // Again: one list on the board, the earlier one withdrawn.
    let (s, _) = app.post(&chair, &publish, json!({})).await;
    assert_eq!(s, StatusCode::CREATED);
    let (_, seen) = app.get(&member, &format!("/api/v1/unions/{u}/disclosures")).await;
    assert_eq!(seen["items"].as_array().unwrap().len(), 1, "{seen}");
    let (_, kept) = app.get(&chair, &format!("/api/v1/unions/{u}/disclosures")).await;
    assert_eq!(kept["items"].as_array().unwrap().len(), 2, "{kept}");
    app.stop().await;
}

crate::both!(the_aid_list_names_only_those_who_consented, aid_list);
