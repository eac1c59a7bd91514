//! The demo reads like a real union: its committee is the people of its
//! logins, names match the members' sex (by the demo's own name table),
//! groups have men and women, and 送温暖 goes only to members whose
//! hardship file qualifies.

use std::collections::{BTreeMap, BTreeSet};

use reqwest::StatusCode;
use serde_json::Value;

use crate::common::{Backend, TestApp};

async fn consistent(backend: Backend) {
    let Some(app) = TestApp::start_with(backend, app::Config::default(), true).await else { return };
    let pw = gonghui::demo::DEMO_PASSWORD;
    let zhuxi = app.token("zhuxi", pw).await;
    let (_, me) = app.get(&zhuxi, "/api/v1/me").await;
    let union = me["roles"][0]["org_id"].as_str().unwrap().to_owned();
    let (_, roster) = app.get(&zhuxi, &format!("/api/v1/unions/{union}/members?per_page=100")).await;
    let members = roster["items"].as_array().unwrap().clone();
    let name_of: BTreeMap<String, String> = members
        .iter()
        .map(|m| (m["id"].as_str().unwrap().to_owned(), m["name"].as_str().unwrap().to_owned()))
        .collect();

    // The committee's 主席, 经审 and 女职工 heads are the members behind the
    // chair's, the auditor's and the women's committee's logins; the
    // officer and the treasurer sit on it.
    let (s, committee) = app.get(&zhuxi, &format!("/api/v1/orgs/{union}/committee")).await;
    assert_eq!(s, StatusCode::OK, "{committee}");
    let holders = |post: &str| -> Vec<String> {
        committee["posts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["post"] == post)
            .map(|p| p["person_name"].as_str().unwrap().to_owned())
            .collect()
    };
    let login_member = |login: &'static str| {
        let app = &app;
        let name_of = &name_of;
        async move {
            let t = app.token(login, pw).await;
            let (_, care) = app.get(&t, "/api/v1/me/care").await;
            let id = care["member_id"].as_str().unwrap_or_else(|| panic!("{login} is a member: {care}"));
            name_of[id].clone()
        }
    };
    assert_eq!(holders("chair"), [login_member("zhuxi").await], "{committee}");
    assert_eq!(holders("audit_chair"), [login_member("jingshen").await], "{committee}");
    assert_eq!(holders("women_chair"), [login_member("nvgong").await], "{committee}");
    let members_posts = holders("member");
    for login in ["ganshi", "caiwu"] {
        let name = login_member(login).await;
        assert!(members_posts.contains(&name), "{login} ({name}) on the committee: {committee}");
    }

    // Every member's name matches their sex by the demo's name table, and
    // each group has men and women.
    let mut sexes_by_group: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in &members {
        let name = m["name"].as_str().unwrap();
        let gender = m["gender"].as_str().unwrap_or_else(|| panic!("{name} has a gender: {m}"));
        let man = gonghui::demo::gender_of(name).unwrap_or_else(|| panic!("{name} is from the name table"));
        assert_eq!(gender, if man { "male" } else { "female" }, "{name}: {m}");
        if let Some(g) = m["group_id"].as_str() {
            sexes_by_group.entry(g.to_owned()).or_default().insert(gender.to_owned());
        }
    }
    assert!(!sexes_by_group.is_empty());
    for (g, sexes) in &sexes_by_group {
        assert_eq!(sexes.len(), 2, "group {g} has only {sexes:?}");
    }

    // 送温暖: each recipient has an approved file that qualifies (not
    // 不符合建档条件), and nobody with such a file is left out.
    let (_, files) = app.get(&zhuxi, &format!("/api/v1/unions/{union}/hardship-files")).await;
    let files = files["items"].as_array().unwrap().clone();
    let file_of = |member: &str| files.iter().find(|f| f["member_id"] == member).cloned();
    let (_, campaigns) = app.get(&zhuxi, &format!("/api/v1/unions/{union}/campaigns")).await;
    let warmth = campaigns.as_array().unwrap().iter().find(|c| c["kind"] == "warmth").expect("a 送温暖 list");
    let (s, c) = app
        .get(&zhuxi, &format!("/api/v1/unions/{union}/campaigns/{}", warmth["id"].as_str().unwrap()))
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let recipients: Vec<Value> = c["recipients"].as_array().unwrap().clone();
    assert!(!recipients.is_empty(), "{c}");
    for r in &recipients {
        let member = r["member_id"].as_str().unwrap();
        let f = file_of(member).unwrap_or_else(|| panic!("recipient {member} has a hardship file: {r}"));
        assert_eq!(f["status"], "approved", "{f}");
        assert_ne!(f["category"], "ineligible", "{f}");
    }
    let qualifying =
        files.iter().filter(|f| f["status"] == "approved" && f["category"] != "ineligible").count();
    assert_eq!(recipients.len(), qualifying, "{c}");
    // The file that does not qualify is not flagged 困难职工 on the roster.
    for f in files.iter().filter(|f| f["category"] == "ineligible") {
        let m = members.iter().find(|m| m["id"] == f["member_id"]).unwrap();
        assert_eq!(m["hardship"], false, "{m}");
    }
    app.stop().await;
}

#[tokio::test]
async fn demo_people_consistent_sqlite() {
    consistent(Backend::Sqlite).await;
}

#[tokio::test]
async fn demo_people_consistent_postgres() {
    consistent(Backend::Postgres).await;
}

#[tokio::test]
async fn demo_people_consistent_partitioned() {
    consistent(Backend::Partitioned).await;
}
