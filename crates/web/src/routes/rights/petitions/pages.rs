//! The member's mailbox (主席信箱) with their own petitions, and the
//! officers' list with its filters, overdue lists and register form.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use domain::auth::Perm;
use domain::rights::petition::Channel;
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Path, Query};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::AppError;
use app::rights::petition::filing::{self, Filing};
use app::rights::petition::lists::{self, ListQuery};
use app::rights::petition::{self as service, Petition};

pub fn mailbox_href(union_id: Uuid) -> String {
    format!("/unions/{union_id}/mailbox")
}

pub fn list_href(union_id: Uuid) -> String {
    format!("/unions/{union_id}/petitions")
}

fn parse_date(field: &str, label: &str, v: &str) -> Result<Option<NaiveDate>, AppError> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    domain::time::parse_date(v).map(Some).ok_or_else(|| {
        AppError::field(
            domain::ErrorCode::InvalidDate,
            field,
            format!("{label}格式应为 年-月-日，如 2026-03-01"),
        )
    })
}

fn opt(v: &str) -> Option<String> {
    Some(v.trim().to_owned()).filter(|s| !s.is_empty())
}

// ---------------------------------------------------------------------------
// 主席信箱: the member's page.

#[derive(Deserialize, Default)]
pub struct WriteForm {
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub anonymous: Option<String>,
}

#[derive(Template)]
#[template(path = "rights/petitions/mailbox.html")]
struct MailboxPage {
    layout: Layout,
    union_id: Uuid,
    anonymous_allowed: bool,
    /// The account is linked to a member record of this union (may write
    /// under its name).
    named_possible: bool,
    answer_days: u32,
    can_handle: bool,
    rows: Vec<Petition>,
    form: WriteForm,
    errors: FormErrors,
}

impl MailboxPage {
    fn overdue(&self, p: &Petition) -> &'static str {
        service::overdue(p, service::today()).map_or("", |o| o.label())
    }
}

async fn mailbox_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    form: WriteForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let union = app::org::union(state, union_id).await?;
    let settings = app::rights::settings::get(state, union_id).await?;
    let linked = app::member::login::member_of_user(state, p.user_id).await?;
    let rows = lists::mine(state, p, union_id).await?;
    let layout = Layout::new(state, p, "mailbox", "主席信箱")
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("主席信箱", mailbox_href(union_id));
    Ok(render_status(
        status,
        &MailboxPage {
            layout,
            union_id,
            anonymous_allowed: settings.anonymous_allowed,
            named_possible: linked.is_some_and(|(u, _)| u == union_id),
            answer_days: settings.petition.answer_days,
            can_handle: p.can(Perm::RightsCases, Some(&union.path)),
            rows,
            form,
            errors,
        },
    ))
}

pub async fn mailbox(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    mailbox_page(&state, &p, union_id, WriteForm::default(), FormErrors::default(), StatusCode::OK).await
}

pub async fn write(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<WriteForm>,
) -> PageResult {
    let filing = Filing {
        channel: Channel::Mailbox.as_str().to_owned(),
        subject: f.subject.clone(),
        body: f.body.clone(),
        anonymous: f.anonymous.is_some(),
        ..Default::default()
    };
    match filing::file(&state, &p, union_id, filing).await {
        Ok(row) => {
            let msg = format!(
                "来信已收到（第{}号），工会将在{}前答复",
                row.number,
                domain::time::fmt_date(row.answer_by)
            );
            Ok(redirect_with_flash(&state, &p, &mailbox_href(union_id), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            // The form's field is `body`; the service names it `content`.
            let errors = crate::kit::form_errors(&e, &[("content", "body")]);
            mailbox_page(&state, &p, union_id, f, errors, e.status()).await
        }
    }
}

// ---------------------------------------------------------------------------
// The officers' list and register form.

#[derive(Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub overdue: String,
    #[serde(default)]
    pub year: String,
}

impl ListParams {
    pub fn query(&self) -> Result<ListQuery, AppError> {
        let year = match self.year.trim() {
            "" => None,
            y => Some(y.parse::<i32>().map_err(|_| {
                AppError::field(domain::ErrorCode::InvalidQuery, "year", "年份应为四位数字，如 2026")
            })?),
        };
        Ok(ListQuery {
            status: opt(&self.status),
            overdue: matches!(self.overdue.trim(), "1" | "true" | "on"),
            year,
        })
    }

    /// The same filters as a query string, for the print and Excel links.
    pub fn suffix(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [("status", &self.status), ("overdue", &self.overdue), ("year", &self.year)] {
            if !v.trim().is_empty() {
                s.append_pair(k, v.trim());
            }
        }
        let s = s.finish();
        if s.is_empty() { s } else { format!("?{s}") }
    }
}

#[derive(Deserialize, Default)]
pub struct RegisterForm {
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub received_on: String,
    #[serde(default)]
    pub writer_name: String,
    #[serde(default)]
    pub writer_contact: String,
    #[serde(default)]
    pub writer_department: String,
    #[serde(default)]
    pub writer_member_id: String,
    #[serde(default)]
    pub anonymous: Option<String>,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub due_date: String,
}

#[derive(Template)]
#[template(path = "rights/petitions/list.html")]
struct ListPage {
    layout: Layout,
    union_id: Uuid,
    params: ListParams,
    suffix: String,
    statuses: Vec<(&'static str, &'static str)>,
    rows: Vec<Petition>,
    overdue_count: usize,
    members: Option<Vec<(String, String)>>,
    form: RegisterForm,
    errors: FormErrors,
    today: String,
}

impl ListPage {
    fn overdue(&self, p: &Petition) -> &'static str {
        service::overdue(p, service::today()).map_or("", |o| o.label())
    }

    fn writer(&self, p: &Petition) -> String {
        service::writer_view(p).label()
    }
}

async fn list_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    params: ListParams,
    form: RegisterForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let union = app::org::union(state, union_id).await?;
    let q = params.query()?;
    let rows = lists::list(state, union_id, &q).await?;
    let all_overdue =
        lists::list(state, union_id, &ListQuery { overdue: true, ..Default::default() }).await?;
    let members = crate::kit::member_choices(state, union_id).await?;
    let layout = Layout::new(state, p, "rights", "来信来访")
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("来信来访", list_href(union_id));
    let suffix = params.suffix();
    Ok(render_status(
        status,
        &ListPage {
            layout,
            union_id,
            params,
            suffix,
            statuses: domain::rights::petition::Status::ALL.iter().map(|s| (s.as_str(), s.label())).collect(),
            rows,
            overdue_count: all_overdue.len(),
            members,
            form,
            errors,
            today: service::today().to_string(),
        },
    ))
}

pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(params): Query<ListParams>,
) -> PageResult {
    list_page(&state, &p, union_id, params, RegisterForm::default(), FormErrors::default(), StatusCode::OK)
        .await
}

fn filing_of(f: &RegisterForm) -> Result<Filing, AppError> {
    let member = match f.writer_member_id.trim() {
        "" => None,
        v => Some(Uuid::parse_str(v).map_err(|_| {
            AppError::field(domain::ErrorCode::NotFound, "writer_member_id", "本工会没有这名会员")
        })?),
    };
    Ok(Filing {
        channel: f.channel.clone(),
        subject: f.subject.clone(),
        body: f.body.clone(),
        anonymous: f.anonymous.is_some(),
        writer_name: opt(&f.writer_name),
        writer_contact: opt(&f.writer_contact),
        writer_department: opt(&f.writer_department),
        writer_member_id: member,
        received_on: parse_date("received_on", "收件日期", &f.received_on)?,
        due_date: parse_date("due_date", "答复期限", &f.due_date)?,
    })
}

pub async fn register(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<RegisterForm>,
) -> PageResult {
    let r = match filing_of(&f) {
        Ok(filing) => filing::file(&state, &p, union_id, filing).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(row) => {
            let msg = format!("已登记第{}号{}", row.number, super::channel_label(&row.channel));
            Ok(redirect_with_flash(&state, &p, &format!("/petitions/{}", row.id), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => {
            let errors = crate::kit::form_errors(&e, &[("content", "body")]);
            let status = e.status();
            list_page(&state, &p, union_id, ListParams::default(), f, errors, status).await
        }
    }
}
