//! Course pages: the list with the year's counts, the new-course form, one
//! course (its activity's sign-up and check-in, attendance, 结业, hand
//! credits), and the yearly statistics printed and as .xlsx.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use domain::ErrorCode;
use domain::auth::Perm;
use domain::recognition::training::{TrainingStats, fmt_hours, parse_hours};
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Path, Query};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use crate::routes::member::api::xlsx as xlsx_response;
use app::AppState;
use app::activity::service::parse_audience;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::recognition::training::{self as service, CourseInput, Listed, courses};

pub fn list_href(union_id: Uuid) -> String {
    format!("/unions/{union_id}/courses")
}

pub fn date(d: &chrono::NaiveDate) -> String {
    domain::time::fmt_date(*d)
}

pub fn hours(tenths: &i64) -> String {
    fmt_hours(*tenths)
}

pub fn when(t: &DateTime<Utc>) -> String {
    domain::time::fmt_datetime(*t)
}

pub fn status_label(l: &Listed) -> &'static str {
    courses::status(l).label()
}

#[derive(Deserialize, Default)]
pub struct YearParams {
    #[serde(default)]
    pub year: String,
}

impl YearParams {
    /// The year asked for; this year when none.
    pub fn year(&self) -> Result<i32, AppError> {
        match self.year.trim() {
            "" => Ok(service::this_year()),
            y => {
                y.parse::<i32>().ok().filter(|y| (1949..=9999).contains(y)).ok_or_else(|| {
                    AppError::field(ErrorCode::InvalidQuery, "year", "年份应为四位数字，如 2026")
                })
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The list

#[derive(Template)]
#[template(path = "recognition/training/list.html")]
struct ListPage {
    layout: Layout,
    union_id: Uuid,
    year: i32,
    s: TrainingStats,
    rows: Vec<Listed>,
    can_manage: bool,
}

/// 培训: the year's courses under its counts.
pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearParams>,
) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let year = q.year()?;
    let s = service::stats(&state, union_id, year).await?;
    let rows = courses::list(&state, union_id, Some(year)).await?;
    let layout = Layout::new(&state, &p, "training", "培训")
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("培训", list_href(union_id));
    Ok(render(&ListPage {
        layout,
        union_id,
        year,
        s,
        rows,
        can_manage: p.can(Perm::RecognitionManage, Some(&union.path)),
    }))
}

// ---------------------------------------------------------------------------
// The new-course form

#[derive(Deserialize, Default)]
pub struct CourseForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub organiser: String,
    #[serde(default)]
    pub external: Option<String>,
    #[serde(default)]
    pub for_cadres: Option<String>,
    #[serde(default)]
    pub hours: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub capacity: String,
    #[serde(default)]
    pub certificate: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub with_family: Option<String>,
    #[serde(default)]
    pub signup_closes_at: String,
}

fn date_field(field: &str, label: &str, v: &str) -> AppResult<chrono::NaiveDate> {
    let v = v.trim();
    if v.is_empty() {
        return Err(AppError::field(ErrorCode::Required, field, format!("请填写{label}")));
    }
    domain::time::parse_date(v).ok_or_else(|| {
        AppError::field(ErrorCode::InvalidDate, field, format!("{label}格式应为 年-月-日，如 2026-03-01"))
    })
}

/// `2026-05-01T09:00` (a datetime-local field) read as Beijing time.
fn local_time(field: &str, label: &str, v: &str) -> AppResult<Option<DateTime<Utc>>> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let bad = || AppError::field(ErrorCode::InvalidDate, field, format!("{label}格式应为 年-月-日 时:分"));
    let t = NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M").map_err(|_| bad())?;
    let t = domain::time::china().from_local_datetime(&t).single().ok_or_else(bad)?;
    Ok(Some(t.with_timezone(&Utc)))
}

impl CourseForm {
    fn input(&self) -> AppResult<CourseInput> {
        let capacity = self
            .capacity
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::field(ErrorCode::InvalidValue, "capacity", "名额应为整数，如 40"))?;
        Ok(CourseInput {
            title: self.title.clone(),
            organiser: self.organiser.clone(),
            external: self.external.is_some(),
            for_cadres: self.for_cadres.is_some(),
            tenth_hours: parse_hours("hours", &self.hours).map_err(AppError)?,
            starts_on: date_field("starts_on", "开始日期", &self.starts_on)?,
            ends_on: date_field("ends_on", "结束日期", &self.ends_on)?,
            capacity,
            certificate: self.certificate.clone(),
            place: self.place.clone(),
            audience: parse_audience(&self.audience, Vec::new(), self.with_family.is_some())?,
            signup_closes_at: local_time("signup_closes_at", "报名截止时间", &self.signup_closes_at)?,
        })
    }
}

#[derive(Template)]
#[template(path = "recognition/training/new.html")]
struct NewPage {
    layout: Layout,
    union_id: Uuid,
    form: CourseForm,
    errors: FormErrors,
}

async fn new_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    form: CourseForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let union = app::org::union(state, union_id).await?;
    let layout = Layout::new(state, p, "training", "新建培训课程")
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("培训", list_href(union_id))
        .crumb("新建课程", format!("/unions/{union_id}/courses/new"));
    Ok(render_status(status, &NewPage { layout, union_id, form, errors }))
}

pub async fn new_form(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    let form = CourseForm { capacity: "40".into(), ..Default::default() };
    new_page(&state, &p, union_id, form, FormErrors::default(), StatusCode::OK).await
}

pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<CourseForm>,
) -> PageResult {
    let r = match f.input() {
        Ok(input) => courses::create(&state, &p, union_id, &input).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(c) => {
            let msg = format!("已新建培训课程“{}”，会员可以报名了", c.title);
            Ok(redirect_with_flash(&state, &p, &format!("/courses/{}", c.id), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => {
            // The activity's fields are the course's here.
            let errors = crate::kit::form_errors(&e, &[("places", "capacity"), ("kind", "title")]);
            new_page(&state, &p, union_id, f, errors, e.status()).await
        }
    }
}

// ---------------------------------------------------------------------------
// One course

#[derive(Template)]
#[template(path = "recognition/training/show.html")]
struct ShowPage {
    layout: Layout,
    d: courses::Detail,
    can_manage: bool,
    members: Option<Vec<(String, String)>>,
    credit_member: String,
    credit_hours: String,
    errors: FormErrors,
}

impl ShowPage {
    fn status(&self) -> &'static str {
        status_label(&self.d.course)
    }

    fn open(&self) -> bool {
        courses::status(&self.d.course) == domain::recognition::training::CourseStatus::Open
    }

    fn cancelled(&self) -> bool {
        courses::status(&self.d.course) == domain::recognition::training::CourseStatus::Cancelled
    }

    fn credited(&self, member_id: &Uuid) -> bool {
        self.d.credits.iter().any(|c| c.member_id == *member_id)
    }
}

async fn show_page(
    state: &AppState,
    p: &Principal,
    course_id: Uuid,
    credit_member: String,
    credit_hours: String,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let d = courses::get(state, course_id).await?;
    let union_id = d.course.course.union_id;
    let union = app::org::union(state, union_id).await?;
    let can_manage = p.can(Perm::RecognitionManage, Some(&union.path));
    let members = if can_manage { crate::kit::member_choices(state, union_id).await? } else { None };
    let layout = Layout::new(state, p, "training", &d.course.course.title)
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("培训", list_href(union_id))
        .crumb(d.course.course.title.clone(), format!("/courses/{course_id}"));
    Ok(render_status(
        status,
        &ShowPage { layout, d, can_manage, members, credit_member, credit_hours, errors },
    ))
}

pub async fn show(State(state): State<AppState>, p: Principal, Path(course_id): Path<Uuid>) -> PageResult {
    show_page(&state, &p, course_id, String::new(), String::new(), FormErrors::default(), StatusCode::OK)
        .await
}

/// 结业: the hours to everyone checked in.
pub async fn complete(
    State(state): State<AppState>,
    p: Principal,
    Path(course_id): Path<Uuid>,
) -> PageResult {
    let r = courses::complete(&state, &p, course_id).await.map(|(l, n)| {
        format!("“{}”已结业，为{}名签到学员记入{}学时", l.course.title, n, fmt_hours(l.course.tenth_hours))
    });
    crate::kit::done(&state, &p, &format!("/courses/{course_id}"), r).await
}

#[derive(Deserialize, Default)]
pub struct CreditForm {
    #[serde(default)]
    pub member_id: String,
    #[serde(default)]
    pub hours: String,
}

/// Credits one person by hand; the form keeps what was typed on a fault.
pub async fn credit(
    State(state): State<AppState>,
    p: Principal,
    Path(course_id): Path<Uuid>,
    PageForm(f): PageForm<CreditForm>,
) -> PageResult {
    let r = async {
        let member = Uuid::parse_str(f.member_id.trim())
            .map_err(|_| AppError::field(ErrorCode::Required, "member_id", "请选择会员"))?;
        let hours = match f.hours.trim() {
            "" => None,
            h => Some(parse_hours("hours", h).map_err(AppError)?),
        };
        courses::credit(&state, &p, course_id, member, hours).await
    }
    .await;
    match r {
        Ok(c) => {
            let msg = format!("已为{}记入{}学时", c.name, fmt_hours(c.tenth_hours));
            Ok(redirect_with_flash(&state, &p, &format!("/courses/{course_id}"), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => {
            let status = e.status();
            show_page(&state, &p, course_id, f.member_id, f.hours, FormErrors::from_error(&e), status).await
        }
    }
}

// ---------------------------------------------------------------------------
// The statistics

#[derive(Template)]
#[template(path = "recognition/training/stats.html")]
struct StatsPage {
    union_id: Uuid,
    union_name: String,
    year: i32,
    s: TrainingStats,
    headers: &'static [&'static str],
    rows: Vec<Vec<String>>,
    totals: Vec<String>,
    today: String,
}

/// 年度培训统计: 期数、人次、学时, cadre training apart, each course; for
/// paper.
pub async fn stats(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearParams>,
) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let year = q.year()?;
    let s = service::stats(&state, union_id, year).await?;
    let rows = courses::list(&state, union_id, Some(year)).await?;
    Ok(render(&StatsPage {
        union_id,
        union_name: union.name,
        year,
        s,
        headers: &service::COURSE_HEADERS,
        rows: rows.iter().map(service::course_row).collect(),
        totals: service::totals_row(&s),
        today: domain::time::fmt_date(service::today()),
    }))
}

/// 培训台帐.xlsx
pub async fn stats_xlsx(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearParams>,
) -> AppResult<Response> {
    let year = q.year()?;
    let (name, bytes) = service::stats_xlsx(&state, union_id, year).await?;
    Ok(xlsx_response(&format!("{name}{year}年培训台帐.xlsx"), bytes))
}
