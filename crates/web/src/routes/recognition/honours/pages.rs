//! The officers' register: the list with its filters, print and Excel,
//! and the record/nomination form that keeps what was typed.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::auth::Perm;
use domain::recognition::honour::{CollectiveKind, Level, Status, Title};
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Path, Query};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use crate::routes::member::api::xlsx as xlsx_response;
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::recognition::honour::{self as service, HonourInput, ListQuery, Named, REGISTER_HEADERS};

pub fn list_href(union_id: Uuid) -> String {
    format!("/unions/{union_id}/honours")
}

fn opt(v: &str) -> Option<String> {
    Some(v.trim().to_owned()).filter(|s| !s.is_empty())
}

fn year_of(field: &str, v: &str) -> Result<Option<i64>, AppError> {
    match v.trim() {
        "" => Ok(None),
        y => y.parse::<i64>().map(Some).map_err(|_| {
            AppError::field(domain::ErrorCode::InvalidValue, field, "年度应为四位数字，如 2026")
        }),
    }
}

fn uuid_of(field: &str, v: &str, msg: &str) -> Result<Option<Uuid>, AppError> {
    match v.trim() {
        "" => Ok(None),
        v => {
            Uuid::parse_str(v).map(Some).map_err(|_| AppError::field(domain::ErrorCode::NotFound, field, msg))
        }
    }
}

#[derive(Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub holder: String,
    #[serde(default)]
    pub status: String,
}

impl ListParams {
    pub fn query(&self) -> Result<ListQuery, AppError> {
        Ok(ListQuery {
            year: year_of("year", &self.year)?,
            level: opt(&self.level),
            title: opt(&self.title),
            holder: opt(&self.holder),
            status: opt(&self.status),
        })
    }

    /// The same filters as a query string, for the print and Excel links.
    pub fn suffix(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("year", &self.year),
            ("level", &self.level),
            ("title", &self.title),
            ("holder", &self.holder),
            ("status", &self.status),
        ] {
            if !v.trim().is_empty() {
                s.append_pair(k, v.trim());
            }
        }
        let s = s.finish();
        if s.is_empty() { s } else { format!("?{s}") }
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.year.trim().is_empty() {
            parts.push(format!("{}年度", self.year.trim()));
        }
        if let Some(l) = Level::parse(&self.level) {
            parts.push(l.label().to_owned());
        }
        if let Some(t) = Title::parse(&self.title) {
            parts.push(t.label().to_owned());
        }
        match self.holder.trim() {
            "person" => parts.push("个人".into()),
            "collective" => parts.push("集体".into()),
            _ => {}
        }
        if let Some(s) = Status::parse(&self.status) {
            parts.push(s.label().to_owned());
        }
        if parts.is_empty() { "全部".to_owned() } else { parts.join("，") }
    }
}

type Choices = Vec<(&'static str, &'static str)>;

fn levels() -> Choices {
    Level::ALL.iter().map(|l| (l.as_str(), l.label())).collect()
}

fn titles() -> Choices {
    Title::ALL.iter().map(|t| (t.as_str(), t.label())).collect()
}

#[derive(Template)]
#[template(path = "recognition/honours/list.html")]
struct ListPage {
    layout: Layout,
    union_id: Uuid,
    params: ListParams,
    suffix: String,
    levels: Choices,
    titles: Choices,
    statuses: Choices,
    rows: Vec<Named>,
    may_manage: bool,
}

pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(params): Query<ListParams>,
) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let rows = service::list(&state, union_id, &params.query()?).await?;
    let layout = Layout::new(&state, &p, "honours", "荣誉台帐")
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("荣誉", list_href(union_id));
    Ok(render(&ListPage {
        layout,
        union_id,
        suffix: params.suffix(),
        params,
        levels: levels(),
        titles: titles(),
        statuses: Status::ALL.iter().map(|s| (s.as_str(), s.label())).collect(),
        rows,
        may_manage: p.can(Perm::RecognitionManage, Some(&union.path)),
    }))
}

#[derive(Template)]
#[template(path = "recognition/honours/print.html")]
struct PrintPage {
    union_id: Uuid,
    union_name: String,
    filters: String,
    headers: &'static [&'static str],
    rows: Vec<Vec<String>>,
    today: String,
}

/// 荣誉台帐 for paper, with the list's filters.
pub async fn print(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(params): Query<ListParams>,
) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let rows = service::list(&state, union_id, &params.query()?).await?;
    Ok(render(&PrintPage {
        union_id,
        union_name: union.name,
        filters: params.describe(),
        headers: &REGISTER_HEADERS,
        rows: rows.iter().map(service::register_row).collect(),
        today: domain::time::fmt_date(service::today()),
    }))
}

/// 荣誉台帐.xlsx
pub async fn xlsx(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(params): Query<ListParams>,
) -> AppResult<Response> {
    let (union_name, bytes) = service::register_xlsx(&state, union_id, &params.query()?).await?;
    Ok(xlsx_response(&format!("{union_name}荣誉台帐.xlsx"), bytes))
}

#[derive(Deserialize, Default)]
pub struct HonourForm {
    /// person | collective
    #[serde(default)]
    pub holder: String,
    #[serde(default)]
    pub member_id: String,
    #[serde(default)]
    pub collective: String,
    #[serde(default)]
    pub collective_kind: String,
    #[serde(default)]
    pub group_id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub awarding_body: String,
    #[serde(default)]
    pub citation: String,
    /// record | nominate
    #[serde(default)]
    pub mode: String,
}

impl HonourForm {
    fn input(&self) -> Result<HonourInput, AppError> {
        let collective = self.holder == "collective";
        Ok(HonourInput {
            member_id: if collective {
                None
            } else {
                uuid_of("member_id", &self.member_id, "本工会没有这名会员")?
            },
            collective: if collective { opt(&self.collective) } else { None },
            collective_kind: if collective { opt(&self.collective_kind) } else { None },
            group_id: if collective {
                uuid_of("group_id", &self.group_id, "本工会没有这个工会小组")?
            } else {
                None
            },
            title: self.title.clone(),
            level: self.level.clone(),
            year: year_of("year", &self.year)?,
            awarding_body: self.awarding_body.clone(),
            citation: self.citation.clone(),
            nominate: self.mode == "nominate",
            source: None,
        })
    }
}

#[derive(Template)]
#[template(path = "recognition/honours/form.html")]
struct FormPage {
    layout: Layout,
    union_id: Uuid,
    members: Option<Vec<(String, String)>>,
    groups: Vec<(String, String)>,
    levels: Choices,
    titles: Choices,
    kinds: Choices,
    form: HonourForm,
    errors: FormErrors,
}

async fn form_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    form: HonourForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let union = app::org::union(state, union_id).await?;
    let members = crate::kit::member_choices(state, union_id).await?;
    let groups = app::member::service::groups(state, union_id)
        .await?
        .into_iter()
        .map(|(id, n)| (id.to_string(), n))
        .collect();
    let layout = Layout::new(state, p, "honours", "登记或提名荣誉")
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("荣誉", list_href(union_id))
        .crumb("登记或提名", format!("/unions/{union_id}/honours/new"));
    Ok(render_status(
        status,
        &FormPage {
            layout,
            union_id,
            members,
            groups,
            levels: levels(),
            titles: titles(),
            kinds: CollectiveKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
            form,
            errors,
        },
    ))
}

pub async fn new(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    let form = HonourForm {
        holder: "person".into(),
        mode: "record".into(),
        level: Level::Unit.as_str().into(),
        year: chrono::Datelike::year(&service::today()).to_string(),
        ..Default::default()
    };
    form_page(&state, &p, union_id, form, FormErrors::default(), StatusCode::OK).await
}

pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<HonourForm>,
) -> PageResult {
    let r = match f.input() {
        Ok(i) => service::create(&state, &p, union_id, &i).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(h) => {
            let msg = if h.status == Status::Nominated.as_str() {
                format!("已提名“{}”，请安排公示", h.title)
            } else {
                format!("已登记“{}”", h.title)
            };
            Ok(redirect_with_flash(&state, &p, &format!("/honours/{}", h.id), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => {
            let errors = FormErrors::from_error(&e);
            let status = e.status();
            form_page(&state, &p, union_id, f, errors, status).await
        }
    }
}
