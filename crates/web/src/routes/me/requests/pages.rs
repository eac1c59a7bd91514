//! The member's application pages, built for a 375 px phone: the list with
//! progress, one form per kind (keeping what was typed on an error), one
//! application with its steps and documents.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use serde::Deserialize;
use uuid::Uuid;

use super::api::{file_response, multipart_parts};
use crate::extract::{Path, Query};
use crate::kit::form_errors;
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::AppError;
use app::me::application::{self as service, ApplicationInput, ApplicationView, FormOptions};
use domain::ErrorCode;
use domain::care::hardship::Cause;
use domain::me::application::{CONDOLENCE_EVENTS, Kind};

pub fn href(id: Uuid) -> String {
    format!("/me/applications/{id}")
}

#[derive(Template)]
#[template(path = "me/requests/list.html")]
struct ListPage {
    layout: Layout,
    linked: bool,
    rows: Vec<ApplicationView>,
    kinds: Vec<(&'static str, &'static str)>,
}

fn kinds() -> Vec<(&'static str, &'static str)> {
    Kind::ALL.iter().map(|k| (k.as_str(), k.label())).collect()
}

pub async fn list(State(state): State<AppState>, p: Principal) -> PageResult {
    let opts = service::form_options(&state, &p).await?;
    let rows = service::mine(&state, &p).await?;
    let layout = Layout::new(&state, &p, "me", "我的申请").await.crumb("我的申请", "/me/applications");
    Ok(render_status(StatusCode::OK, &ListPage { layout, linked: opts.linked, rows, kinds: kinds() }))
}

/// The fields of every kind's form, as typed.
#[derive(Deserialize, Default, Clone)]
pub struct ApplicationForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub household_size: String,
    #[serde(default)]
    pub annual_income: String,
    #[serde(default)]
    pub hardship_spending: String,
    #[serde(default)]
    pub accident: String,
    #[serde(default)]
    pub main_cause: String,
    #[serde(default)]
    pub situation: String,
    #[serde(default)]
    pub plan_id: String,
    #[serde(default)]
    pub event_date: String,
    #[serde(default)]
    pub claimed: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub event: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub to_union_id: String,
    #[serde(default)]
    pub reason: String,
}

fn opt(v: &str) -> Option<String> {
    Some(v.trim().to_owned()).filter(|s| !s.is_empty())
}

fn date(field: &str, label: &str, v: &str) -> Result<Option<chrono::NaiveDate>, AppError> {
    match v.trim() {
        "" => Ok(None),
        s => s.parse().map(Some).map_err(|_| {
            AppError::field(ErrorCode::InvalidDate, field, format!("{label}应为日期，如 2026-12-01"))
        }),
    }
}

fn yuan(field: &str, label: &str, v: &str) -> Result<Option<i64>, AppError> {
    match v.trim() {
        "" => Ok(None),
        s => Ok(Some(domain::finance::money::parse_yuan(field, label, s, false)?)),
    }
}

fn id(field: &str, v: &str) -> Result<Option<Uuid>, AppError> {
    match v.trim() {
        "" => Ok(None),
        s => Uuid::parse_str(s)
            .map(Some)
            .map_err(|_| AppError::field(ErrorCode::NotFound, field, "所选项目不存在，请重新选择")),
    }
}

impl ApplicationForm {
    fn from_fields(fields: &[(String, String)]) -> Self {
        let mut f = ApplicationForm::default();
        for (k, v) in fields {
            let slot = match k.as_str() {
                "kind" => &mut f.kind,
                "household_size" => &mut f.household_size,
                "annual_income" => &mut f.annual_income,
                "hardship_spending" => &mut f.hardship_spending,
                "accident" => &mut f.accident,
                "main_cause" => &mut f.main_cause,
                "situation" => &mut f.situation,
                "plan_id" => &mut f.plan_id,
                "event_date" => &mut f.event_date,
                "claimed" => &mut f.claimed,
                "description" => &mut f.description,
                "event" => &mut f.event,
                "date" => &mut f.date,
                "note" => &mut f.note,
                "to_union_id" => &mut f.to_union_id,
                "reason" => &mut f.reason,
                _ => continue,
            };
            *slot = v.clone();
        }
        f
    }

    fn input(&self) -> Result<ApplicationInput, AppError> {
        let household_size = match self.household_size.trim() {
            "" => None,
            s => Some(s.parse::<i64>().map_err(|_| {
                AppError::field(ErrorCode::InvalidValue, "household_size", "家庭人口应为整数")
            })?),
        };
        Ok(ApplicationInput {
            kind: self.kind.trim().to_owned(),
            household_size,
            annual_income_fen: yuan("annual_income", "家庭年收入", &self.annual_income)?,
            hardship_spending_fen: yuan("hardship_spending", "刚性支出", &self.hardship_spending)?,
            accident: !self.accident.is_empty(),
            main_cause: opt(&self.main_cause),
            situation: opt(&self.situation),
            plan_id: id("plan_id", &self.plan_id)?,
            event_date: date("event_date", "出险日期", &self.event_date)?,
            claimed_fen: yuan("claimed", "申请金额", &self.claimed)?,
            description: opt(&self.description),
            event: opt(&self.event),
            date: date("date", "事件日期", &self.date)?,
            note: opt(&self.note),
            to_union_id: id("to_union_id", &self.to_union_id)?,
            reason: opt(&self.reason),
            ..Default::default()
        })
    }
}

#[derive(Template)]
#[template(path = "me/requests/new.html")]
struct NewPage {
    layout: Layout,
    kind: &'static str,
    kind_label: &'static str,
    kinds: Vec<(&'static str, &'static str)>,
    opts: FormOptions,
    causes: Vec<(&'static str, &'static str)>,
    events: Vec<(&'static str, &'static str)>,
    form: ApplicationForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
pub struct NewParams {
    #[serde(default)]
    pub kind: String,
}

async fn new_page(
    state: &AppState,
    p: &Principal,
    mut form: ApplicationForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let kind = Kind::parse(&form.kind).unwrap_or(Kind::Hardship);
    form.kind = kind.as_str().to_owned();
    let opts = service::form_options(state, p).await?;
    let layout = Layout::new(state, p, "me", kind.label())
        .await
        .crumb("我的申请", "/me/applications")
        .crumb(kind.label(), format!("/me/applications/new?kind={}", kind.as_str()));
    Ok(render_status(
        status,
        &NewPage {
            layout,
            kind: kind.as_str(),
            kind_label: kind.label(),
            kinds: kinds(),
            opts,
            causes: Cause::ALL.iter().map(|c| (c.as_str(), c.label())).collect(),
            events: CONDOLENCE_EVENTS.iter().map(|e| (e.as_str(), e.label())).collect(),
            form,
            errors,
        },
    ))
}

pub async fn new(State(state): State<AppState>, p: Principal, Query(q): Query<NewParams>) -> PageResult {
    let form = ApplicationForm { kind: q.kind, ..Default::default() };
    new_page(&state, &p, form, FormErrors::default(), StatusCode::OK).await
}

/// The service's field names as the form calls them.
const RENAME: &[(&str, &str)] = &[
    ("annual_income_fen", "annual_income"),
    ("hardship_spending_fen", "hardship_spending"),
    ("claimed_fen", "claimed"),
];

pub async fn submit(
    State(state): State<AppState>,
    p: Principal,
    mp: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let (fields, files) = match multipart_parts(mp).await {
        Ok(x) => x,
        Err(e) => {
            return new_page(&state, &p, ApplicationForm::default(), FormErrors::from_error(&e), e.status())
                .await;
        }
    };
    let form = ApplicationForm::from_fields(&fields);
    let input = match form.input() {
        Ok(i) => i,
        Err(e) => return new_page(&state, &p, form, form_errors(&e, RENAME), e.status()).await,
    };
    match service::submit(&state, &p, &input, &files).await {
        Ok(a) => {
            let msg = "申请已提交，工会将在5个工作日内办理，进度可在本页查看";
            Ok(redirect_with_flash(&state, &p, &href(a.id), msg).await)
        }
        Err(e) => {
            let errors = form_errors(&e, RENAME);
            new_page(&state, &p, form, errors, e.status()).await
        }
    }
}

#[derive(Template)]
#[template(path = "me/requests/show.html")]
struct ShowPage {
    layout: Layout,
    v: ApplicationView,
}

pub async fn show(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let v = service::one(&state, &p, id).await?;
    let layout = Layout::new(&state, &p, "me", v.kind.label())
        .await
        .crumb("我的申请", "/me/applications")
        .crumb(v.kind.label(), href(id));
    Ok(render_status(StatusCode::OK, &ShowPage { layout, v }))
}

pub async fn upload(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    mp: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let r = match crate::kit::file_field(mp).await {
        Ok((file_name, _, bytes)) => service::add_file(&state, &p, id, &service::Upload { file_name, bytes })
            .await
            .map(|f| format!("已上传{}", f.file_name)),
        Err(e) => Err(e),
    };
    crate::kit::done(
        &state,
        &p,
        &href(id),
        r.map_err(|e| {
            if e.status() == StatusCode::NOT_FOUND {
                e
            } else {
                AppError::field(e.0.code, "file", format!("未能上传：{}", e.0.message))
            }
        }),
    )
    .await
}

pub async fn download(
    State(state): State<AppState>,
    p: Principal,
    Path((id, file_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let (f, bytes) = service::file(&state, &p, id, file_id).await?;
    Ok(file_response(&f.file_name, &f.content_type, bytes))
}
