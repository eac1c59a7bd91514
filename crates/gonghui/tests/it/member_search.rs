//! Roster search by what people type: surnames by their surname reading,
//! either reading of a polyphonic given name, by initials and full pinyin;
//! keys of rows written before the keys existed are recomputed at start;
//! ID numbers start with a province code.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{TestApp, exec, id_number};

async fn names(app: &TestApp, t: &str, union: &str, q: &str) -> Vec<String> {
    let (s, b) = app.get(t, &format!("/api/v1/unions/{union}/members?q={q}&per_page=100")).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let mut v: Vec<String> =
        b["items"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap().to_owned()).collect();
    v.sort();
    v
}

async fn readings(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    app.user(&admin, "chair.s", "chair", Some(&union), Some(&union)).await;
    let t = app.token("chair.s", crate::common::PASSWORD).await;
    let url = format!("/api/v1/unions/{union}/members");
    for (i, name) in
        ["乐嘉", "句龙", "祭仲", "黑明", "王长江", "李朝阳", "张重阳", "陈行健", "尉迟恭", "万俟云"]
            .iter()
            .enumerate()
    {
        let (s, b) = app.post(&t, &url, json!({"name": name, "id_number": id_number(700 + i as u32)})).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }
    for (q, who) in [
        ("yuejia", "乐嘉"),
        ("yj", "乐嘉"),
        ("lejia", "乐嘉"),
        ("goulong", "句龙"),
        ("zhaizhong", "祭仲"),
        ("heiming", "黑明"),
        ("hm", "黑明"),
        ("wangchangjiang", "王长江"),
        ("wangzhangjiang", "王长江"),
        ("wzj", "王长江"),
        ("wcj", "王长江"),
        ("lizhaoyang", "李朝阳"),
        ("lichaoyang", "李朝阳"),
        ("zhangchongyang", "张重阳"),
        ("zhangzhongyang", "张重阳"),
        ("chenhangjian", "陈行健"),
        ("chenxing", "陈行健"),
        ("yuchigong", "尉迟恭"),
        ("ycg", "尉迟恭"),
        ("moqiyun", "万俟云"),
    ] {
        assert_eq!(names(&app, &t, &union, q).await, vec![who.to_owned()], "{q}");
    }
    // Contains, mobile, ID end: still found; nothing by a wrong reading.
    assert_eq!(names(&app, &t, &union, "%E6%9C%9D%E9%98%B3").await, vec!["李朝阳".to_owned()], "朝阳");
    assert!(names(&app, &t, &union, "yuejiax").await.is_empty());
    assert_eq!(names(&app, &t, &union, &id_number(704)[14..]).await, vec!["王长江".to_owned()]);

    // Rows keyed before these rules (as after an upgrade): the start-up step
    // recomputes them, once.
    let db = app.db().await;
    exec(&db, "DELETE FROM member_keys").await.unwrap();
    exec(&db, "UPDATE members SET search_version = 0, name_pinyin = 'x'").await.unwrap();
    assert!(names(&app, &t, &union, "wzj").await.is_empty(), "no keys, no hits");
    assert_eq!(store::member::refresh_search_keys(&db).await.unwrap(), 10);
    assert_eq!(store::member::refresh_search_keys(&db).await.unwrap(), 0, "once");
    assert_eq!(names(&app, &t, &union, "wzj").await, vec!["王长江".to_owned()]);
    let (_, list) = app.get(&t, &format!("{url}?per_page=100")).await;
    assert_eq!(list["items"][0]["name"], "陈行健", "sorted by pinyin again: {list}");

    // An ID number must start with a province-level code.
    let body = "990105199001011230";
    let (s, b) = app.post(&t, &url, json!({"name": "赵六", "id_number": body})).await;
    assert_eq!((s, b["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("id_number")), "{b}");
    assert!(b["message"].as_str().unwrap().contains("前两位“99”不是省级行政区划代码"), "{b}");
    app.stop().await;
}

crate::both!(search_by_every_reading_and_rekey_at_start, readings);

/// The roster by name sorts syllable by syllable, surname first (李秀英
/// "li xiu ying" before 刘军 "liu jun"), on the API and the page; rows keyed
/// by older rules (the whole name as one string) are rekeyed at start.
async fn syllables(app: TestApp) {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    app.user(&admin, "chair.s", "chair", Some(&union), Some(&union)).await;
    let t = app.token("chair.s", crate::common::PASSWORD).await;
    let url = format!("/api/v1/unions/{union}/members");
    for (i, name) in ["刘军", "李秀英", "卢伟", "林芳", "李", "陆丰"].iter().enumerate() {
        let (s, b) = app.post(&t, &url, json!({"name": name, "id_number": id_number(800 + i as u32)})).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }
    let want = ["李", "李秀英", "林芳", "刘军", "陆丰", "卢伟"];
    let order = |b: serde_json::Value| -> Vec<String> {
        b["items"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap().to_owned()).collect()
    };
    let (s, b) = app.get(&t, &format!("{url}?sort=name&per_page=100")).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(order(b), want);
    let (_, b) = app.get(&t, &format!("{url}?sort=name&desc=true&per_page=100")).await;
    assert_eq!(order(b), want.iter().rev().copied().collect::<Vec<_>>());

    // Keys from before (the whole name as one string): rekeyed at start.
    let db = app.db().await;
    exec(&db, "UPDATE members SET search_version = 1, name_pinyin = 'lixiuying' WHERE name = '李秀英'")
        .await
        .unwrap();
    exec(&db, "UPDATE members SET name_pinyin = 'liujun' WHERE name = '刘军'").await.unwrap();
    let (_, b) = app.get(&t, &format!("{url}?sort=name&per_page=100")).await;
    assert_ne!(order(b), want, "the old keys put 李秀英 after 刘军");
    exec(&db, "UPDATE members SET search_version = 1").await.unwrap();
    assert_eq!(store::member::refresh_search_keys(&db).await.unwrap(), 6);
    let (_, b) = app.get(&t, &format!("{url}?sort=name&per_page=100")).await;
    assert_eq!(order(b), want);
    app.stop().await;
}

crate::both!(roster_sorts_by_syllables, syllables);
