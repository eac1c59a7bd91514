//! `/api/v1/unions/{union_id}/members`, transfers, roster settings, joining,
//! by sub-feature; the member's shapes in and out are shared here.

pub mod duplicates;
pub mod import;
pub mod records;
pub mod settings;
pub mod transfers;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use domain::member::{Column, MemberStatus};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use app::member::roster::RosterQuery;
use app::member::{Member, service};

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberOut {
    pub id: Uuid,
    pub union_id: Uuid,
    pub name: String,
    /// male | female
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub birth_date: Option<NaiveDate>,
    /// resident_id | hmt_permit | passport
    pub doc_type: String,
    /// 证件号码（脱敏），如 110***********123X
    pub id_number_masked: String,
    pub mobile: Option<String>,
    pub education: Option<String>,
    pub political: Option<String>,
    pub employment: Option<String>,
    pub post: Option<String>,
    pub group_id: Option<Uuid>,
    /// 会费基数，单位：分
    pub dues_base_fen: Option<i64>,
    pub join_date: Option<NaiveDate>,
    pub card_number: Option<String>,
    /// applying | active | retained | transferred_out | withdrawn | expelled | deceased | declined | merged
    pub status: String,
    pub status_label: String,
    pub status_date: Option<NaiveDate>,
    pub status_reason: Option<String>,
    pub model_worker: bool,
    pub hardship: bool,
    /// 连续6个月未交会费，待核查
    pub dues_review: bool,
    pub created_at: DateTime<Utc>,
}

impl From<&Member> for MemberOut {
    fn from(m: &Member) -> Self {
        MemberOut {
            id: m.id,
            union_id: m.union_id,
            name: m.name.clone(),
            gender: m.gender.clone(),
            ethnicity: m.ethnicity.clone(),
            birth_date: m.birth_date,
            doc_type: m.doc_type.clone(),
            id_number_masked: m.id_masked.clone(),
            mobile: m.mobile.clone(),
            education: m.education.clone(),
            political: m.political.clone(),
            employment: m.employment.clone(),
            post: m.post.clone(),
            group_id: m.group_id,
            dues_base_fen: m.dues_base_fen,
            join_date: m.join_date,
            card_number: m.card_number.clone(),
            status_label: MemberStatus::parse(&m.status).map(|s| s.label()).unwrap_or("").to_owned(),
            status: m.status.clone(),
            status_date: m.status_date,
            status_reason: m.status_reason.clone(),
            model_worker: m.model_worker,
            hardship: m.hardship,
            dues_review: m.dues_review,
            created_at: m.created_at,
        }
    }
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberIn {
    pub name: Option<String>,
    /// 证件号码：居民身份证18位（校验位按 GB 11643），港澳台居民居住证，护照
    pub id_number: Option<String>,
    /// resident_id（默认）| hmt_permit | passport
    pub doc_type: Option<String>,
    pub mobile: Option<String>,
    /// male | female（或 男 / 女）；与身份证号不符时拒绝
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub join_date: Option<NaiveDate>,
    pub group_id: Option<Uuid>,
    /// 会费基数，单位：分
    pub dues_base_fen: Option<i64>,
    pub education: Option<String>,
    pub political: Option<String>,
    pub employment: Option<String>,
    pub post: Option<String>,
    pub card_number: Option<String>,
    pub model_worker: Option<bool>,
    pub hardship: Option<bool>,
}

/// Fen as yuan text for the validator, sign kept (−5 fen is "-0.05").
fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", (fen / 100).abs(), (fen % 100).abs())
}

impl MemberIn {
    /// The input as the cells every path validates.
    pub fn input(&self) -> service::MemberInput {
        let mut i = service::MemberInput {
            group_id: self.group_id,
            model_worker: self.model_worker.unwrap_or(false),
            hardship: self.hardship.unwrap_or(false),
            ..Default::default()
        };
        i.set(Column::Name, self.name.clone());
        i.set(Column::IdNumber, self.id_number.clone());
        i.set(Column::DocType, self.doc_type.clone());
        i.set(Column::Mobile, self.mobile.clone());
        i.set(Column::Gender, self.gender.clone());
        i.set(Column::Ethnicity, self.ethnicity.clone());
        i.set(Column::BirthDate, self.birth_date.map(|d| d.to_string()));
        i.set(Column::JoinDate, self.join_date.map(|d| d.to_string()));
        i.set(Column::DuesBase, self.dues_base_fen.map(yuan));
        i.set(Column::Education, self.education.clone());
        i.set(Column::Political, self.political.clone());
        i.set(Column::Employment, self.employment.clone());
        i.set(Column::Post, self.post.clone());
        i.set(Column::CardNumber, self.card_number.clone());
        i
    }

    /// This input laid over a member's current record (for PATCH).
    fn over(&self, m: &Member) -> service::MemberInput {
        let keep = |new: &Option<String>, old: &Option<String>| new.clone().or_else(|| old.clone());
        MemberIn {
            name: self.name.clone().or(Some(m.name.clone())),
            id_number: None,
            doc_type: None,
            mobile: keep(&self.mobile, &m.mobile),
            gender: keep(&self.gender, &m.gender),
            ethnicity: keep(&self.ethnicity, &m.ethnicity),
            birth_date: self.birth_date.or(m.birth_date),
            join_date: self.join_date.or(m.join_date),
            group_id: self.group_id.or(m.group_id),
            dues_base_fen: self.dues_base_fen.or(m.dues_base_fen),
            education: keep(&self.education, &m.education),
            political: keep(&self.political, &m.political),
            employment: keep(&self.employment, &m.employment),
            post: keep(&self.post, &m.post),
            card_number: keep(&self.card_number, &m.card_number),
            model_worker: self.model_worker.or(Some(m.model_worker)),
            hardship: self.hardship.or(Some(m.hardship)),
        }
        .input()
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// 姓名、拼音首字母或全拼（zs / zhangsan）、手机号、证件号后几位
    pub q: Option<String>,
    pub group_id: Option<Uuid>,
    /// 会籍状态，逗号分隔；all 表示全部；默认：在籍与保留会籍
    pub status: Option<String>,
    /// model_worker, hardship, dues_review, women，逗号分隔
    pub flags: Option<String>,
    /// name（按拼音）| join_date | card_number | created
    pub sort: Option<String>,
    pub desc: Option<bool>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl ListQuery {
    /// The roster query of these parameters (paging aside).
    pub fn roster(&self) -> RosterQuery {
        RosterQuery {
            q: self.q.clone(),
            group_id: self.group_id,
            status: self.status.clone(),
            flags: self.flags.clone(),
            sort: self.sort.clone(),
            desc: self.desc,
        }
    }
}

pub fn xlsx(filename: &str, bytes: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"roster.xlsx\"; filename*=UTF-8''{}", percent(filename));
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// RFC 5987 encoding of a file name.
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
