//! The member's page (我的建议: submit from a phone, their own with status
//! and log), the officers' list with its filters and counts per status,
//! and the register form.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Path, Query};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::AppError;
use app::recognition::suggestion::submit::{self, Submission};
use app::recognition::suggestion::{ListQuery, Listed, LogEntry, lists};

pub fn list_href(union_id: Uuid) -> String {
    format!("/unions/{union_id}/suggestions")
}

pub fn mine_href(union_id: Uuid) -> String {
    format!("/unions/{union_id}/suggestions/mine")
}

fn opt(v: &str) -> Option<String> {
    Some(v.trim().to_owned()).filter(|s| !s.is_empty())
}

/// The fields of a suggestion as a form sends them.
#[derive(Deserialize, Default)]
pub struct SuggestionForm {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub current_state: String,
    #[serde(default)]
    pub proposal: String,
    #[serde(default)]
    pub expected_benefit: String,
    #[serde(default)]
    pub team: String,
    #[serde(default)]
    pub member_id: String,
}

impl SuggestionForm {
    fn submission(&self) -> Result<Submission, AppError> {
        let member_id = match self.member_id.trim() {
            "" => None,
            v => Some(Uuid::parse_str(v).map_err(|_| {
                AppError::field(domain::ErrorCode::NotFound, "member_id", "本工会没有这名会员")
            })?),
        };
        Ok(Submission {
            category: self.category.clone(),
            title: self.title.clone(),
            current_state: self.current_state.clone(),
            proposal: self.proposal.clone(),
            expected_benefit: self.expected_benefit.clone(),
            team: self.team.clone(),
            member_id,
        })
    }
}

// ---------------------------------------------------------------------------
// 我的建议: the member's page, built for a phone.

#[derive(Template)]
#[template(path = "recognition/suggestions/mine.html")]
struct MinePage {
    layout: Layout,
    union_id: Uuid,
    linked: bool,
    categories: Vec<(&'static str, &'static str)>,
    rows: Vec<(Listed, Vec<LogEntry>)>,
    form: SuggestionForm,
    errors: FormErrors,
}

async fn mine_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    form: SuggestionForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let union = app::org::union(state, union_id).await?;
    let rows = lists::mine(state, p, union_id).await?;
    let layout = Layout::new(state, p, "my_suggestions", "我的建议")
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("我的建议", mine_href(union_id));
    Ok(render_status(
        status,
        &MinePage {
            layout,
            union_id,
            linked: rows.is_some(),
            categories: super::categories(),
            rows: rows.unwrap_or_default(),
            form,
            errors,
        },
    ))
}

pub async fn mine(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    mine_page(&state, &p, union_id, SuggestionForm::default(), FormErrors::default(), StatusCode::OK).await
}

pub async fn submit(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<SuggestionForm>,
) -> PageResult {
    // The member's own: never for someone else from this page.
    let mut s = match f.submission() {
        Ok(s) => s,
        Err(e) => return mine_page(&state, &p, union_id, f, FormErrors::from_error(&e), e.status()).await,
    };
    s.member_id = None;
    match submit::submit(&state, &p, union_id, s).await {
        Ok(row) => {
            let msg = format!("建议已提交（第{}号），工会将组织评估，结果会在本页显示", row.number);
            let to = format!("{}#suggestion-{}", mine_href(union_id), row.id);
            Ok(redirect_with_flash(&state, &p, &to, &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => {
            let errors = FormErrors::from_error(&e);
            mine_page(&state, &p, union_id, f, errors, e.status()).await
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
    pub year: String,
    #[serde(default)]
    pub category: String,
}

impl ListParams {
    pub fn query(&self) -> Result<ListQuery, AppError> {
        let year = match self.year.trim() {
            "" => None,
            y => Some(y.parse::<i32>().map_err(|_| {
                AppError::field(domain::ErrorCode::InvalidQuery, "year", "年份应为四位数字，如 2026")
            })?),
        };
        Ok(ListQuery { status: opt(&self.status), year, category: opt(&self.category) })
    }

    /// The same filters as a query string, for the print and Excel links.
    pub fn suffix(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [("status", &self.status), ("year", &self.year), ("category", &self.category)] {
            if !v.trim().is_empty() {
                s.append_pair(k, v.trim());
            }
        }
        let s = s.finish();
        if s.is_empty() { s } else { format!("?{s}") }
    }

    /// A line saying which filters were used.
    pub fn text(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = domain::recognition::suggestion::Status::parse(&self.status) {
            parts.push(format!("状态：{}", s.label()));
        }
        if let Some(c) = domain::recognition::suggestion::Category::parse(&self.category) {
            parts.push(format!("类别：{}", c.label()));
        }
        if !self.year.trim().is_empty() {
            parts.push(format!("{}年提交", self.year.trim()));
        }
        if parts.is_empty() { "全部".to_owned() } else { parts.join("，") }
    }
}

#[derive(Template)]
#[template(path = "recognition/suggestions/list.html")]
struct ListPage {
    layout: Layout,
    union_id: Uuid,
    params: ListParams,
    suffix: String,
    statuses: Vec<(&'static str, &'static str)>,
    categories: Vec<(&'static str, &'static str)>,
    /// (code, label, count) over the filtered rows.
    counts: Vec<(&'static str, &'static str, usize)>,
    rows: Vec<Listed>,
    can_manage: bool,
}

pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(params): Query<ListParams>,
) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let rows = lists::list(&state, union_id, &params.query()?).await?;
    let statuses = domain::recognition::suggestion::Status::ALL;
    let counts = statuses
        .iter()
        .map(|s| (s.as_str(), s.label(), rows.iter().filter(|r| r.s.status == s.as_str()).count()))
        .collect();
    let layout = Layout::new(&state, &p, "suggestions", "合理化建议")
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("合理化建议", list_href(union_id));
    let suffix = params.suffix();
    Ok(render_status(
        StatusCode::OK,
        &ListPage {
            layout,
            union_id,
            params,
            suffix,
            statuses: statuses.iter().map(|s| (s.as_str(), s.label())).collect(),
            categories: super::categories(),
            counts,
            rows,
            can_manage: p.can(domain::auth::Perm::RecognitionManage, Some(&union.path)),
        },
    ))
}

#[derive(Template)]
#[template(path = "recognition/suggestions/new.html")]
struct NewPage {
    layout: Layout,
    union_id: Uuid,
    categories: Vec<(&'static str, &'static str)>,
    members: Option<Vec<(String, String)>>,
    form: SuggestionForm,
    errors: FormErrors,
}

async fn new_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    form: SuggestionForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let union = app::org::union(state, union_id).await?;
    let members = crate::kit::member_choices(state, union_id).await?;
    let layout = Layout::new(state, p, "suggestions", "代会员登记建议")
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("合理化建议", list_href(union_id))
        .crumb("登记", format!("{}/new", list_href(union_id)));
    Ok(render_status(
        status,
        &NewPage { layout, union_id, categories: super::categories(), members, form, errors },
    ))
}

pub async fn new(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    new_page(&state, &p, union_id, SuggestionForm::default(), FormErrors::default(), StatusCode::OK).await
}

pub async fn register(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<SuggestionForm>,
) -> PageResult {
    let r = match f.submission() {
        Ok(s) if s.member_id.is_none() => {
            Err(AppError::field(domain::ErrorCode::Required, "member_id", "请选择建议人（本工会会员）"))
        }
        Ok(s) => submit::submit(&state, &p, union_id, s).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(row) => {
            let msg = format!("已登记第{}号建议", row.number);
            Ok(redirect_with_flash(&state, &p, &super::show::href(row.id), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => {
            let errors = FormErrors::from_error(&e);
            let status = e.status();
            new_page(&state, &p, union_id, f, errors, status).await
        }
    }
}
