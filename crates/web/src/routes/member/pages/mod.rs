//! The roster pages, by sub-feature; what several of them share lives here.

pub mod duplicates;
pub mod import;
pub mod join;
pub mod record;
pub mod roster;
pub mod settings;
pub mod transfers;

use axum::http::{HeaderMap, header};
use domain::member::{Column, Gender, MemberStatus};
use serde::Deserialize;
use uuid::Uuid;

use super::api::ListQuery;
use crate::pages::{FormErrors, Layout};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::member::Member;
use app::member::service;

fn base(union_id: Uuid) -> String {
    format!("/unions/{union_id}/members")
}

pub(super) async fn union_layout(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    title: &str,
) -> AppResult<Layout> {
    let union = app::org::union(state, union_id).await?;
    Ok(Layout::new(state, p, "member", title)
        .await
        .crumb(union.name, format!("/orgs/{union_id}"))
        .crumb("会员花名册", base(union_id)))
}

fn status_label(s: &str) -> &'static str {
    MemberStatus::parse(s).map(|s| s.label()).unwrap_or("")
}

fn gender_label(g: &Option<String>) -> &'static str {
    g.as_deref().and_then(Gender::parse).map(|g| g.label()).unwrap_or("")
}

pub struct Row {
    pub id: Uuid,
    pub card: String,
    pub name: String,
    pub gender: &'static str,
    pub id_masked: String,
    pub mobile: String,
    pub group: String,
    pub join_date: String,
    pub status: &'static str,
    pub flags: Vec<&'static str>,
}

fn row(m: &Member, groups: &[(Uuid, String)]) -> Row {
    let mut flags = Vec::new();
    if m.model_worker {
        flags.push("劳模");
    }
    if m.hardship {
        flags.push("困难职工");
    }
    if m.dues_review {
        flags.push("欠缴会费待核查");
    }
    Row {
        id: m.id,
        card: m.card_number.clone().unwrap_or_default(),
        name: m.name.clone(),
        gender: gender_label(&m.gender),
        id_masked: m.id_masked.clone(),
        mobile: m.mobile.clone().unwrap_or_default(),
        group: m
            .group_id
            .and_then(|g| groups.iter().find(|(id, _)| *id == g).map(|(_, n)| n.clone()))
            .unwrap_or_default(),
        join_date: m.join_date.map(|d| d.to_string()).unwrap_or_default(),
        status: status_label(&m.status),
        flags,
    }
}

/// The roster's filter form as typed.
#[derive(Deserialize, Default, Clone)]
pub struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    group_id: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    flag: String,
    #[serde(default)]
    sort: String,
    page: Option<i64>,
}

impl ListParams {
    pub(super) fn query(&self) -> ListQuery {
        ListQuery {
            q: Some(self.q.clone()),
            group_id: Uuid::parse_str(&self.group_id).ok(),
            status: Some(self.status.clone()).filter(|s| !s.is_empty()),
            flags: Some(self.flag.clone()),
            sort: Some(self.sort.trim_start_matches('-').to_owned()).filter(|s| !s.is_empty()),
            desc: Some(self.sort.starts_with('-')),
            page: self.page,
            per_page: Some(50),
        }
    }

    fn url_query(&self) -> String {
        serde_urlencoded::to_string([
            ("q", self.q.as_str()),
            ("group_id", self.group_id.as_str()),
            ("status", self.status.as_str()),
            ("flag", self.flag.as_str()),
            ("sort", self.sort.as_str()),
        ])
        .unwrap_or_default()
    }
}

/// A member form as typed: every field text, so nothing typed is lost.
#[derive(Deserialize, Default, Clone)]
pub struct MemberForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    doc_type: String,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    mobile: String,
    #[serde(default)]
    gender: String,
    #[serde(default)]
    ethnicity: String,
    #[serde(default)]
    birth_date: String,
    #[serde(default)]
    join_date: String,
    #[serde(default)]
    group_id: String,
    #[serde(default)]
    dues_base: String,
    #[serde(default)]
    education: String,
    #[serde(default)]
    political: String,
    #[serde(default)]
    employment: String,
    #[serde(default)]
    post: String,
    #[serde(default)]
    card_number: String,
    #[serde(default)]
    model_worker: String,
    #[serde(default)]
    hardship: String,
}

impl MemberForm {
    fn input(&self) -> service::MemberInput {
        let mut i = service::MemberInput {
            group_id: Uuid::parse_str(self.group_id.trim()).ok(),
            model_worker: self.model_worker == "1",
            hardship: self.hardship == "1",
            ..Default::default()
        };
        let opt = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        for (col, v) in [
            (Column::Name, &self.name),
            (Column::DocType, &self.doc_type),
            (Column::IdNumber, &self.id_number),
            (Column::Mobile, &self.mobile),
            (Column::Gender, &self.gender),
            (Column::Ethnicity, &self.ethnicity),
            (Column::BirthDate, &self.birth_date),
            (Column::JoinDate, &self.join_date),
            (Column::DuesBase, &self.dues_base),
            (Column::Education, &self.education),
            (Column::Political, &self.political),
            (Column::Employment, &self.employment),
            (Column::Post, &self.post),
            (Column::CardNumber, &self.card_number),
        ] {
            i.set(col, opt(v));
        }
        i
    }

    fn of(m: &Member) -> MemberForm {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        MemberForm {
            name: m.name.clone(),
            doc_type: m.doc_type.clone(),
            id_number: m.id_masked.clone(),
            mobile: s(&m.mobile),
            gender: s(&m.gender),
            ethnicity: s(&m.ethnicity),
            birth_date: m.birth_date.map(|d| d.to_string()).unwrap_or_default(),
            join_date: m.join_date.map(|d| d.to_string()).unwrap_or_default(),
            group_id: m.group_id.map(|g| g.to_string()).unwrap_or_default(),
            dues_base: m.dues_base_fen.map(|f| format!("{}.{:02}", f / 100, f % 100)).unwrap_or_default(),
            education: s(&m.education),
            political: s(&m.political),
            employment: s(&m.employment),
            post: s(&m.post),
            card_number: s(&m.card_number),
            model_worker: if m.model_worker { "1".into() } else { String::new() },
            hardship: if m.hardship { "1".into() } else { String::new() },
        }
    }
}

fn absolute(headers: &HeaderMap, secure: bool, path: &str) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1:8080");
    format!("{}://{host}{path}", if secure { "https" } else { "http" })
}

/// Form errors keyed by the form's field names.
fn form_errors(e: &AppError) -> FormErrors {
    crate::kit::form_errors(e, &[("dues_base_fen", "dues_base"), ("id", "id_number")])
}
