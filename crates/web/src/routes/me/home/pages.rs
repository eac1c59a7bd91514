//! 我的 as pages: the home, the records one section at a time, the profile
//! with the full ID number behind the password.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use crate::extract::{PageForm, Query};
use crate::pages::{FormErrors, Layout, PageResult, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::me::home::{self as service, Home, MeProfile, MeRecords, Section};

/// What the record templates share: dates, money, which sections show.
pub(super) fn date(d: &NaiveDate) -> String {
    domain::time::fmt_date(*d)
}

pub(super) fn when(t: &DateTime<Utc>) -> String {
    domain::time::fmt_datetime(*t)
}

pub(super) fn yuan(fen: &i64) -> String {
    domain::finance::money::fmt_yuan(*fen)
}

#[derive(Template)]
#[template(path = "me/home/home.html")]
struct HomePage {
    layout: Layout,
    h: Home,
    full: bool,
}

impl HomePage {
    fn date(&self, d: &NaiveDate) -> String {
        date(d)
    }
    fn when(&self, t: &DateTime<Utc>) -> String {
        when(t)
    }
    fn yuan(&self, f: &i64) -> String {
        yuan(f)
    }
    fn show(&self, _section: &str) -> bool {
        true
    }
    fn more(&self, shown: usize, total: &i64) -> bool {
        (shown as i64) < *total
    }
    fn waiting(&self) -> usize {
        let s = &self.h.summary;
        s.ballots.len() + s.signups.len() + s.ratings.len() + s.visits.len()
    }
}

pub async fn home(State(state): State<AppState>, p: Principal) -> PageResult {
    let h = service::home(&state, &p).await?;
    let layout = Layout::new(&state, &p, "me", "我的").await;
    Ok(render(&HomePage { layout, h, full: false }))
}

#[derive(Deserialize, Default)]
pub struct RecordsParams {
    #[serde(default)]
    pub section: String,
}

#[derive(Template)]
#[template(path = "me/home/records.html")]
struct RecordsPage {
    layout: Layout,
    heading: String,
    section: Option<Section>,
    sections: Vec<(&'static str, &'static str)>,
    records: Option<MeRecords>,
    full: bool,
}

impl RecordsPage {
    fn date(&self, d: &NaiveDate) -> String {
        date(d)
    }
    fn when(&self, t: &DateTime<Utc>) -> String {
        when(t)
    }
    fn yuan(&self, f: &i64) -> String {
        yuan(f)
    }
    fn show(&self, key: &str) -> bool {
        self.section.is_none_or(|s| s.as_str() == key)
    }
    fn more(&self, _shown: usize, _total: &i64) -> bool {
        false
    }
}

/// The records in full: one section (`?section=dues`), or all of them.
pub async fn records(
    State(state): State<AppState>,
    p: Principal,
    Query(q): Query<RecordsParams>,
) -> PageResult {
    let section = Section::parse(q.section.trim());
    let records = service::records(&state, &p).await?.map(|(_, r)| r);
    let heading = section.map_or("我的全部记录".to_owned(), |s| format!("我的{}", s.label()));
    let mut layout = Layout::new(&state, &p, "me", &heading).await.crumb("我的", "/me");
    if let Some(s) = section {
        layout = layout.crumb(s.label(), format!("/me/records?section={}", s.as_str()));
    }
    let sections = Section::ALL.iter().map(|s| (s.as_str(), s.label())).collect();
    Ok(render(&RecordsPage { layout, heading, section, sections, records, full: true }))
}

#[derive(Template)]
#[template(path = "me/home/profile.html")]
struct ProfilePage {
    layout: Layout,
    profile: Option<MeProfile>,
    revealed: Option<String>,
    errors: FormErrors,
}

impl ProfilePage {
    fn date(&self, d: &NaiveDate) -> String {
        date(d)
    }
}

async fn profile_page(
    state: &AppState,
    p: &Principal,
    revealed: Option<String>,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let profile = service::profile(state, p).await?;
    let layout =
        Layout::new(state, p, "me", "基本信息").await.crumb("我的", "/me").crumb("基本信息", "/me/profile");
    Ok(render_status(status, &ProfilePage { layout, profile, revealed, errors }))
}

pub async fn profile(State(state): State<AppState>, p: Principal) -> PageResult {
    profile_page(&state, &p, None, FormErrors::default(), StatusCode::OK).await
}

#[derive(Deserialize, Default)]
pub struct RevealForm {
    #[serde(default)]
    pub password: String,
}

/// The full ID number after the password; a wrong password answers 422
/// with the form again.
pub async fn reveal_id(
    State(state): State<AppState>,
    p: Principal,
    PageForm(f): PageForm<RevealForm>,
) -> PageResult {
    match service::reveal_id(&state, &p, &f.password).await {
        Ok(full) => profile_page(&state, &p, Some(full), FormErrors::default(), StatusCode::OK).await,
        Err(e) if e.0.field.as_deref() == Some("password") => {
            profile_page(&state, &p, None, FormErrors::from_error(&e), e.status()).await
        }
        Err(e) => Err(e.into()),
    }
}
