//! The roster through the API: records, search, privacy of ID numbers,
//! lifecycle, one membership nationwide and transfers, imports, exports,
//! online joining, duplicates.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::{TestApp, client, id_number, messy_workbook};

struct Setup {
    admin: String,
    fed: String,
    union_a: String,
    union_b: String,
    group: String,
    chair: String,
}

async fn setup(app: &TestApp) -> Setup {
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "区总工会", None).await;
    let union_a = app.org(&admin, "union", "甲公司工会", Some(&fed)).await;
    let union_b = app.org(&admin, "union", "乙公司工会", Some(&fed)).await;
    let group = app.org(&admin, "group", "一车间", Some(&union_a)).await;
    app.user(&admin, "chair.a", "chair", Some(&union_a), Some(&union_a)).await;
    app.user(&admin, "chair.b", "chair", Some(&union_b), Some(&union_b)).await;
    app.user(&admin, "caiwu.a", "treasurer", Some(&union_a), Some(&union_a)).await;
    let chair = app.token("chair.a", crate::common::PASSWORD).await;
    Setup { admin, fed, union_a, union_b, group, chair }
}

fn members(u: &str) -> String {
    format!("/api/v1/unions/{u}/members")
}

async fn count(app: &TestApp, t: &str, u: &str, q: &str) -> i64 {
    let (s, b) = app.get(t, &format!("{}?{q}", members(u))).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["total"].as_i64().unwrap()
}

async fn records(app: TestApp) {
    let s = setup(&app).await;
    let id = id_number(11);
    let (st, m) = app
        .post(&s.chair, &members(&s.union_a), json!({"name": "张三", "id_number": format!(" {} ", id.to_lowercase()), "mobile": "+86 138-0013-8000", "dues_base_fen": 512345, "group_id": s.group, "join_date": "2020-09-01"}))
        .await;
    assert_eq!(st, StatusCode::CREATED, "{m}");
    assert_eq!(m["id_number_masked"], format!("{}***********{}", &id[..3], &id[14..]));
    assert_eq!(
        (m["mobile"].as_str(), m["gender"].as_str(), m["birth_date"].as_str()),
        (Some("13800138000"), Some("male"), Some("1990-01-01"))
    );
    assert!(!m.to_string().contains(&id), "a response carried the full ID number");
    let zs = m["id"].as_str().unwrap().to_owned();

    // Every bad field is named.
    for (body, field) in [
        (json!({"name": "李四", "id_number": "110105199001011239"}), "id_number"),
        (json!({"name": "李四", "id_number": id_number(13), "mobile": "12345"}), "mobile"),
        (json!({"name": "李四", "id_number": id_number(13), "gender": "female"}), "gender"),
        (json!({"name": "李四", "id_number": id_number(13), "dues_base_fen": -5}), "dues_base_fen"),
        (json!({"name": "", "id_number": id_number(13)}), "name"),
        (json!({"name": "李四", "id_number": id_number(13), "group_id": s.union_b}), "group_id"),
    ] {
        let (st, b) = app.post(&s.chair, &members(&s.union_a), body.clone()).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body} → {b}");
        assert_eq!(b["field"], field, "{body} → {b}");
    }
    // The same person twice in one union.
    let (st, b) = app.post(&s.chair, &members(&s.union_a), json!({"name": "张三", "id_number": id})).await;
    assert_eq!((st, b["field"].as_str()), (StatusCode::CONFLICT, Some("id_number")));

    let (st, _) = app
        .post(
            &s.chair,
            &members(&s.union_a),
            json!({"name": "欧阳娜娜", "id_number": id_number(18), "mobile": "13900139000"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);

    // Search the way offices search.
    let tail = &id[14..];
    for (q, n) in [
        ("张", 1),
        ("zs", 1),
        ("zhangsan", 1),
        ("ZS", 1),
        ("oynn", 1),
        ("ouyang", 1),
        ("13800", 1),
        ("8000", 1),
        (tail, 1),
        ("zz", 0),
        ("王", 0),
    ] {
        assert_eq!(count(&app, &s.chair, &s.union_a, &format!("q={q}")).await, n, "q={q}");
    }
    assert_eq!(count(&app, &s.chair, &s.union_a, &format!("group_id={}", s.group)).await, 1);
    // The group leader sees the group's members, and no more of the union.
    app.user(&s.admin, "zu.zhang", "group_leader", Some(&s.group), Some(&s.union_a)).await;
    let leader = app.token("zu.zhang", crate::common::PASSWORD).await;
    let (st, g) = app.get(&leader, &format!("/api/v1/groups/{}/members", s.group)).await;
    assert_eq!((st, g["total"].as_i64()), (StatusCode::OK, Some(1)), "{g}");
    assert_eq!(g["items"][0]["name"], "张三");
    assert_eq!(app.get(&leader, &members(&s.union_a)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&leader, &format!("{}/{zs}", members(&s.union_a))).await.0, StatusCode::NOT_FOUND);
    let (_, list) = app.get(&s.chair, &format!("{}?sort=name", members(&s.union_a))).await;
    assert_eq!(list["items"][0]["name"], "欧阳娜娜", "pinyin order: ouyang < zhang");
    assert!(!list.to_string().contains(&id));

    // The full number is a separate, logged act for the chair, not the treasurer.
    let (st, full) = app.post(&s.chair, &format!("{}/{zs}/reveal-id", members(&s.union_a)), json!({})).await;
    assert_eq!((st, full["id_number"].as_str()), (StatusCode::OK, Some(id.as_str())));
    let caiwu = app.token("caiwu.a", crate::common::PASSWORD).await;
    assert_eq!(
        app.post(&caiwu, &format!("{}/{zs}/reveal-id", members(&s.union_a)), json!({})).await.0,
        StatusCode::FORBIDDEN
    );
    let (_, log) = app.get(&s.admin, "/api/v1/audit?action=member.reveal_id").await;
    assert_eq!(log["total"], 1);
    assert!(!log.to_string().contains(&id), "the audit log must not hold the number");

    // Stored encrypted: the database holds no plaintext ID number.
    let db = app.db().await;
    let mut tx = db.read().await.unwrap();
    let row = store::member::get(&mut tx, domain::UnionId(s.union_a.parse().unwrap()), zs.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    drop(tx);
    assert!(!row.id_cipher.windows(id.len()).any(|w| w == id.as_bytes()));
    assert_eq!(row.id_hash.len(), 64);
    db.close().await;

    // Lifecycle with reasons and history.
    let status = |to: &str, reason: &str| json!({"status": to, "reason": reason});
    let url = format!("{}/{zs}/status", members(&s.union_a));
    let (st, b) = app.post(&s.chair, &url, status("withdrawn", "")).await;
    assert_eq!((st, b["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("reason")));
    let (st, b) = app.post(&s.chair, &url, status("retained", "退休")).await;
    assert_eq!((st, b["status"].as_str()), (StatusCode::OK, Some("retained")));
    let (st, b) = app.post(&s.chair, &url, status("withdrawn", "本人申请")).await;
    assert_eq!((st, b["status_label"].as_str()), (StatusCode::OK, Some("退会")));
    let (st, b) = app.post(&s.chair, &url, status("active", "")).await;
    assert_eq!((st, b["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("status")));
    assert_eq!(count(&app, &s.chair, &s.union_a, "").await, 1, "withdrawn members leave the default list");
    assert_eq!(count(&app, &s.chair, &s.union_a, "status=all").await, 2);
    assert_eq!(count(&app, &s.chair, &s.union_a, "status=withdrawn").await, 1);

    // Edits are dated in the history.
    let oy = list["items"][0]["id"].as_str().unwrap().to_owned();
    let (st, _) = app
        .api(
            Some(&s.chair),
            Method::PATCH,
            &format!("{}/{oy}", members(&s.union_a)),
            Some(json!({"group_id": s.group, "dues_base_fen": 480000})),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let (_, detail) = app.get(&s.chair, &format!("{}/{oy}", members(&s.union_a))).await;
    let kinds: Vec<&str> =
        detail["history"].as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, vec!["group", "dues_base"]);
    let (_, detail) = app.get(&s.chair, &format!("{}/{zs}", members(&s.union_a))).await;
    let reasons: Vec<&str> =
        detail["history"].as_array().unwrap().iter().filter_map(|h| h["reason"].as_str()).collect();
    assert_eq!(reasons, vec!["退休", "本人申请"]);
    let (st, _) = app
        .api(
            Some(&s.chair),
            Method::PATCH,
            &format!("{}/{oy}", members(&s.union_a)),
            Some(json!({"id_number": id_number(30)})),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "the ID number is not edited");
    app.stop().await;
}

crate::both!(member_records_search_privacy_lifecycle, records);

async fn transfers(app: TestApp) {
    let s = setup(&app).await;
    let chair_b = app.token("chair.b", crate::common::PASSWORD).await;
    let id = id_number(21);
    let (st, m) = app
        .post(
            &s.chair,
            &members(&s.union_a),
            json!({"name": "王五", "id_number": id, "mobile": "13700137000"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let in_a = m["id"].as_str().unwrap().to_owned();

    // One membership nationwide: the second union is offered a transfer.
    let (st, b) = app.post(&chair_b, &members(&s.union_b), json!({"name": "王五", "id_number": id})).await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert_eq!(b["code"], "member_active_elsewhere");
    assert_eq!(b["field"], "id_number");
    assert!(
        b["message"].as_str().unwrap().contains("甲公司工会")
            && b["message"].as_str().unwrap().contains("转会"),
        "{b}"
    );
    assert!(!b.to_string().contains("13700137000"), "nothing more of A's record than needed");

    let request_url = format!("/api/v1/unions/{}/transfers", s.union_b);
    let request_body = json!({"name": "王五", "id_number": id, "mobile": "13600136000"});
    let (st, t1) = app.post(&chair_b, &request_url, request_body.clone()).await;
    assert_eq!(st, StatusCode::CREATED, "{t1}");
    let (st, _) = app.post(&chair_b, &request_url, request_body.clone()).await;
    assert_eq!(st, StatusCode::CONFLICT, "one open request per person");
    let t1 = t1["id"].as_str().unwrap().to_owned();

    // Each side sees its own view.
    let (_, out_a) = app.get(&s.chair, &format!("/api/v1/unions/{}/transfers", s.union_a)).await;
    assert_eq!(
        (out_a[0]["incoming"].as_bool(), out_a[0]["other_union"].as_str(), out_a[0]["person"].as_str()),
        (Some(false), Some("乙公司工会"), Some("王五"))
    );
    let (_, in_b) = app.get(&chair_b, &format!("/api/v1/unions/{}/transfers", s.union_b)).await;
    assert_eq!((in_b[0]["incoming"].as_bool(), in_b[0]["status"].as_str()), (Some(true), Some("requested")));
    // The federation above both sees it waiting (and so does A), B does not.
    app.user(&s.admin, "qu.zong", "federation", Some(&s.fed), Some(&s.fed)).await;
    let fed = app.token("qu.zong", crate::common::PASSWORD).await;
    let (st, pending) = app.get(&fed, "/api/v1/transfers").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(
        (pending[0]["person"].as_str(), pending[0]["from_union"].as_str(), pending[0]["to_union"].as_str()),
        (Some("王五"), Some("甲公司工会"), Some("乙公司工会")),
        "{pending}"
    );
    assert_eq!(app.get(&s.chair, "/api/v1/transfers").await.1.as_array().unwrap().len(), 1);
    assert_eq!(app.get(&chair_b, "/api/v1/transfers").await.1.as_array().unwrap().len(), 0);
    // The federation decides only what the union leaves unanswered for a week.
    let (st, b) = app
        .post(
            &fed,
            &format!("/api/v1/unions/{}/transfers/{t1}/decision", s.union_a),
            json!({"confirm": true}),
        )
        .await;
    assert_eq!((st, b["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")), "{b}");
    // The receiving union cannot decide for the releasing one.
    let decide = |t: &str, union: &str, id: &str| {
        (t.to_owned(), format!("/api/v1/unions/{union}/transfers/{id}/decision"))
    };
    let (t, url) = decide(&chair_b, &s.union_a, &t1);
    assert_eq!(app.post(&t, &url, json!({"confirm": true})).await.0, StatusCode::NOT_FOUND);
    let (t, url) = decide(&chair_b, &s.union_b, &t1);
    assert_eq!(app.post(&t, &url, json!({"confirm": true})).await.0, StatusCode::NOT_FOUND);

    // Declining needs a reason.
    let (t, url) = decide(&s.chair, &s.union_a, &t1);
    let (st, b) = app.post(&t, &url, json!({"confirm": false})).await;
    assert_eq!((st, b["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("reason")));
    let (st, b) = app.post(&t, &url, json!({"confirm": false, "reason": "会费未结清"})).await;
    assert_eq!((st, b["status"].as_str()), (StatusCode::OK, Some("declined")));

    // Asked again and confirmed: the membership moves in one step.
    let (_, t2) = app.post(&chair_b, &request_url, request_body).await;
    let t2 = t2["id"].as_str().unwrap().to_owned();
    let (t, url) = decide(&s.chair, &s.union_a, &t2);
    let (st, b) = app.post(&t, &url, json!({"confirm": true})).await;
    assert_eq!((st, b["status"].as_str()), (StatusCode::OK, Some("confirmed")));
    let (_, old) = app.get(&s.chair, &format!("{}/{in_a}", members(&s.union_a))).await;
    assert_eq!(old["status"], "transferred_out");
    assert_eq!(old["history"].as_array().unwrap().last().unwrap()["kind"], "transfer_out");
    let (_, list_b) = app.get(&chair_b, &members(&s.union_b)).await;
    assert_eq!(list_b["total"], 1);
    let new = &list_b["items"][0];
    assert_eq!((new["status"].as_str(), new["mobile"].as_str()), (Some("active"), Some("13600136000")));
    let (_, new_detail) =
        app.get(&chair_b, &format!("{}/{}", members(&s.union_b), new["id"].as_str().unwrap())).await;
    assert_eq!(new_detail["history"][0]["kind"], "transfer_in");
    assert_eq!(new_detail["history"][0]["from_value"], "甲公司工会");
    // B still cannot open A's record of the person.
    assert_eq!(app.get(&chair_b, &format!("{}/{in_a}", members(&s.union_a))).await.0, StatusCode::NOT_FOUND);
    // A transfer cannot take someone who has meanwhile left the union.
    let id2 = id_number(23);
    let (_, m2) = app.post(&s.chair, &members(&s.union_a), json!({"name": "赵六", "id_number": id2})).await;
    let (_, t3) = app.post(&chair_b, &request_url, json!({"name": "赵六", "id_number": id2})).await;
    let t3 = t3["id"].as_str().unwrap().to_owned();
    app.post(
        &s.chair,
        &format!("{}/{}/status", members(&s.union_a), m2["id"].as_str().unwrap()),
        json!({"status": "deceased", "reason": "病故"}),
    )
    .await;
    let (t, url) = decide(&s.chair, &s.union_a, &t3);
    let (st, b) = app.post(&t, &url, json!({"confirm": true})).await;
    assert_eq!((st, b["field"].as_str()), (StatusCode::CONFLICT, Some("status")), "{b}");
    // And now A cannot register them again: they are B's member.
    let (st, b) = app.post(&s.chair, &members(&s.union_a), json!({"name": "王五", "id_number": id})).await;
    assert_eq!((st, b["code"].as_str()), (StatusCode::CONFLICT, Some("member_active_elsewhere")));
    app.stop().await;
}

crate::both!(one_membership_nationwide_and_transfers, transfers);

async fn upload(
    app: &TestApp,
    t: &str,
    union: &str,
    name: &str,
    bytes: Vec<u8>,
    dry_run: bool,
) -> (StatusCode, Value) {
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
    let r = client()
        .post(app.url(&format!("{}/import?dry_run={dry_run}", members(union))))
        .bearer_auth(t)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let st = r.status();
    (st, r.json().await.unwrap_or(Value::Null))
}

async fn imports(app: TestApp) {
    let s = setup(&app).await;
    let book = messy_workbook();

    // The preview judges every row and writes nothing.
    let (st, b) = upload(&app, &s.chair, &s.union_a, "花名册.xlsx", book.clone(), true).await;
    assert_eq!(st, StatusCode::OK, "{b}");
    assert_eq!((b["imported"].as_u64(), b["acceptable"].as_u64()), (Some(0), Some(4)), "{b}");
    let rejected: Vec<(u64, String)> = b["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["row"].as_u64().unwrap(), r["message"].as_str().unwrap().to_owned()))
        .collect();
    let rows: Vec<u64> = rejected.iter().map(|r| r.0).collect();
    assert_eq!(rows, vec![5, 6, 7, 8, 9, 10], "{rejected:?}");
    let msg = |row: u64| rejected.iter().find(|r| r.0 == row).unwrap().1.clone();
    assert!(msg(5).contains("Excel"), "{}", msg(5));
    assert!(msg(6).contains("第3行"), "{}", msg(6));
    assert!(msg(7).contains("入会时间"), "{}", msg(7));
    assert!(msg(8).contains("性别"), "{}", msg(8));
    assert!(msg(9).contains("不存在的小组"), "{}", msg(9));
    assert!(msg(10).contains("身份证号"), "{}", msg(10));
    assert_eq!(count(&app, &s.chair, &s.union_a, "").await, 0);

    // The commit writes the good rows, with what the cells said.
    let (st, b) = upload(&app, &s.chair, &s.union_a, "花名册.xlsx", book.clone(), false).await;
    assert_eq!((st, b["imported"].as_u64()), (StatusCode::OK, Some(4)), "{b}");
    let (_, list) = app.get(&s.chair, &format!("{}?per_page=50", members(&s.union_a))).await;
    let by_name =
        |n: &str| list["items"].as_array().unwrap().iter().find(|m| m["name"] == n).cloned().unwrap();
    let li = by_name("李四");
    assert_eq!(
        (li["join_date"].as_str(), li["mobile"].as_str(), li["dues_base_fen"].as_i64()),
        (Some("2019-05-01"), Some("13900139000"), Some(600000))
    );
    assert_eq!(li["group_id"], s.group.as_str());
    let oy = by_name("欧阳娜娜");
    assert_eq!((oy["join_date"].as_str(), oy["dues_base_fen"].as_i64()), (Some("2020-09-01"), Some(450050)));
    assert_eq!(by_name("张三")["join_date"], "2020-09-01");
    assert_eq!(by_name("郑十一")["dues_base_fen"], 500000, "the formula's cached value");

    // Importing the same file again changes nothing.
    let (_, b) = upload(&app, &s.chair, &s.union_a, "花名册.xlsx", book, false).await;
    assert_eq!(b["imported"], 0);
    assert!(
        b["rejected"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["message"].as_str().unwrap().contains("已在本会花名册中"))
            .count()
            == 4
    );
    assert_eq!(count(&app, &s.chair, &s.union_a, "").await, 4);

    // The rejected rows come back as a workbook: original cells and a reason.
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(messy_workbook()).file_name("花名册.xlsx"));
    let r = client()
        .post(app.url(&format!("{}/import?dry_run=true&rejected=xlsx", members(&s.union_a))))
        .bearer_auth(&s.chair)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let t = sheet::read_table("r.xlsx", &r.bytes().await.unwrap(), &sheet::Limits::default()).unwrap();
    assert_eq!(t.rows[0].first().map(String::as_str), Some("行号"));
    assert_eq!(t.rows[0].last().map(String::as_str), Some("不能导入的原因"));
    assert_eq!(t.rows.len(), 1 + 10, "all ten rows refused on re-import");
    // A corrected mapping: the second column holds names, the third IDs.
    let csv = format!("甲,乙,丙\n1,孙九,{}\n", id_number(41));
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(csv.clone().into_bytes()).file_name("odd.csv"))
        .text("mapping", r#"[null, "name", "id_number"]"#);
    let r = client()
        .post(app.url(&format!("{}/import?dry_run=true", members(&s.union_a))))
        .bearer_auth(&s.chair)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let b: Value = r.json().await.unwrap();
    assert_eq!(b["acceptable"], 1, "{b}");
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("odd.csv"))
        .text("mapping", r#"[null, "boss"]"#);
    let r = client()
        .post(app.url(&format!("{}/import?dry_run=true", members(&s.union_a))))
        .bearer_auth(&s.chair)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let b: Value = r.json().await.unwrap();
    assert_eq!(b["field"], "mapping", "{b}");

    // Bad files: a clear message, nothing written.
    for (name, bytes, needle) in [
        ("empty.xlsx", Vec::new(), "空"),
        ("broken.xlsx", b"PK\x03\x04 this is not a workbook".to_vec(), "损坏"),
        ("notes.csv", "会议纪要\n今天开会\n".as_bytes().to_vec(), "表头"),
        ("wide.csv", format!("姓名,身份证号{}\n", ",x".repeat(300)).into_bytes(), "列"),
    ] {
        let (st, b) = upload(&app, &s.chair, &s.union_a, name, bytes, false).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {b}");
        assert_eq!(b["field"], "file");
        assert!(b["message"].as_str().unwrap().contains(needle), "{name}: {b}");
    }
    // A CSV in UTF-8 works the same way.
    let csv = format!("姓名,身份证号,手机号\n钱八,{},13500135000\n", id_number(40));
    let (_, b) = upload(&app, &s.chair, &s.union_a, "more.csv", csv.into_bytes(), false).await;
    assert_eq!(b["imported"], 1, "{b}");
    assert_eq!(count(&app, &s.chair, &s.union_a, "").await, 5);

    // Export: Chinese headers, masked IDs; the full export only for the chair.
    let r = client()
        .get(app.url(&format!("{}/export", members(&s.union_a))))
        .bearer_auth(&s.chair)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"));
    let t = sheet::read_table("roster.xlsx", &r.bytes().await.unwrap(), &sheet::Limits::default()).unwrap();
    assert_eq!(t.rows[0][..3], ["会员证号", "姓名", "性别"]);
    assert_eq!(t.rows.len(), 6);
    let all = t.rows.concat().join(",");
    assert!(!all.contains(&id_number(11)) && all.contains(&id_number(11)[14..]));
    let r = client()
        .get(app.url(&format!("{}/export-full", members(&s.union_a))))
        .bearer_auth(&s.chair)
        .send()
        .await
        .unwrap();
    let t = sheet::read_table("roster.xlsx", &r.bytes().await.unwrap(), &sheet::Limits::default()).unwrap();
    assert!(t.rows.concat().contains(&id_number(11)));
    let (_, log) = app.get(&s.admin, "/api/v1/audit?action=member.export").await;
    assert_eq!(log["total"], 2, "both exports audited");
    app.stop().await;
}

crate::both!(import_messy_workbook_and_export, imports);

async fn joining_and_duplicates(app: TestApp) {
    let s = setup(&app).await;
    let url = format!("/api/v1/unions/{}/member-settings", s.union_a);
    let (st, b) = app
        .api(
            Some(&s.chair),
            Method::PUT,
            &url,
            Some(json!({"card_pattern": "HY{YYYY}{SEQ", "join_open": true})),
        )
        .await;
    assert_eq!((st, b["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("card_pattern")));
    let (st, b) = app
        .api(
            Some(&s.chair),
            Method::PUT,
            &url,
            Some(json!({"card_pattern": "HY{YYYY}{SEQ:4}", "join_open": true})),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{b}");
    let join = b["join_url"].as_str().unwrap().to_owned();

    // A worker applies through the public page's API, signed in as nobody;
    // what only the union sets (card number, flags, dues base) is ignored.
    let apply = |body: Value| {
        let url = format!("/api/v1{join}");
        let app = &app;
        async move { app.api(None, Method::POST, &url, Some(body)).await }
    };
    let (st, b) = apply(json!({"name": "刘一", "id_number": id_number(51), "mobile": "13300133000", "card_number": "VIP0001", "hardship": true, "dues_base_fen": 1})).await;
    assert_eq!(st, StatusCode::ACCEPTED, "{b}");
    // Applying again, or as someone who is a member elsewhere, answers the
    // same: the public form reveals nobody's membership.
    assert_eq!(apply(json!({"name": "刘一", "id_number": id_number(51)})).await, (st, b.clone()));
    let chair_b = app.token("chair.b", crate::common::PASSWORD).await;
    app.post(&chair_b, &members(&s.union_b), json!({"name": "别家", "id_number": id_number(55)})).await;
    assert_eq!(apply(json!({"name": "别家", "id_number": id_number(55)})).await, (st, b.clone()));
    let (_, apps) = app.get(&s.chair, &format!("{}?status=applying", members(&s.union_a))).await;
    let id_of = |n: &str| {
        apps["items"].as_array().unwrap().iter().find(|m| m["name"] == n).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (applicant, other) = (id_of("刘一"), id_of("别家"));
    // The union learns of the conflict when it approves.
    let (st, b) = app
        .post(&s.chair, &format!("{}/{other}/status", members(&s.union_a)), json!({"status": "active"}))
        .await;
    assert_eq!((st, b["code"].as_str()), (StatusCode::CONFLICT, Some("member_active_elsewhere")));
    let page = client().get(app.url(&join)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("甲公司工会"));
    let qr = client().get(app.url(&format!("{join}/qr.svg"))).send().await.unwrap();
    assert!(qr.text().await.unwrap().starts_with("<?xml"));
    assert_eq!(count(&app, &s.chair, &s.union_a, "").await, 0, "applicants are not members yet");
    assert_eq!(count(&app, &s.chair, &s.union_a, "status=applying").await, 2);

    // Approval makes a member with the next card number of the pattern.
    let (st, m) = app
        .post(&s.chair, &format!("{}/{applicant}/status", members(&s.union_a)), json!({"status": "active"}))
        .await;
    assert_eq!(st, StatusCode::OK, "{m}");
    let year = chrono::Datelike::year(&chrono::Utc::now().date_naive());
    assert_eq!(
        m["card_number"].as_str().unwrap(),
        format!("HY{year}0001"),
        "the applicant's own card number is ignored"
    );
    assert_eq!((m["hardship"].as_bool(), m["dues_base_fen"].as_i64()), (Some(false), None));
    let (_, m2) = app
        .post(
            &s.chair,
            &members(&s.union_a),
            json!({"name": "陈二", "id_number": id_number(53), "mobile": "13300133000"}),
        )
        .await;
    assert_eq!(m2["card_number"].as_str().unwrap(), format!("HY{year}0002"));

    // One address cannot flood the union with applications.
    let mut last = StatusCode::OK;
    for i in 0..12 {
        let body = json!({"name": format!("刷{i}"), "id_number": id_number(60 + i)});
        last = app.api(None, Method::POST, &format!("/api/v1{join}"), Some(body)).await.0;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);

    // Closing joining kills the link.
    app.api(
        Some(&s.chair),
        Method::PUT,
        &url,
        Some(json!({"card_pattern": "HY{YYYY}{SEQ:4}", "join_open": false})),
    )
    .await;
    assert_eq!(client().get(app.url(&join)).send().await.unwrap().status(), StatusCode::NOT_FOUND);

    // Shared mobile: listed as duplicates; merging keeps both records.
    let (_, d) = app.get(&s.chair, &format!("{}/duplicates", members(&s.union_a))).await;
    assert_eq!(d.as_array().unwrap().len(), 1, "{d}");
    assert_eq!(d[0]["kind"], "mobile");
    let keep = d[0]["members"][0]["id"].as_str().unwrap().to_owned();
    let gone = d[0]["members"][1]["id"].as_str().unwrap().to_owned();
    let (st, _) = app
        .post(&s.chair, &format!("{}/merge", members(&s.union_a)), json!({"keep_id": keep, "merge_id": gone}))
        .await;
    assert_eq!(st, StatusCode::OK);
    let (_, d) = app.get(&s.chair, &format!("{}/duplicates", members(&s.union_a))).await;
    assert_eq!(d.as_array().unwrap().len(), 0);
    assert_eq!(count(&app, &s.chair, &s.union_a, "status=merged").await, 1);
    let (_, log) = app.get(&s.admin, "/api/v1/audit?action=member.merge").await;
    assert_eq!(log["total"], 1);
    app.stop().await;
}

crate::both!(online_joining_card_numbers_and_duplicates, joining_and_duplicates);
