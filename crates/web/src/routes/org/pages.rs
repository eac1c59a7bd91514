//! The org pages: list, detail with committee, create, edit, move, archive.

use crate::extract::Path;
use app::org::{Org, OrgFilter};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::ErrorCode;
use domain::auth::Perm;
use domain::org::{CommitteePost, EmployerType, OrgFields, OrgKind, TermStatus};
use domain::time::{fmt_date, parse_date};
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Query};
use crate::pages::{FormErrors, Layout, PageResult, Pager, redirect_with_flash, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::org::service;

pub struct OrgRow {
    pub id: Uuid,
    pub name: String,
    pub kind: &'static str,
    pub credit_code: String,
    pub staff_count: String,
    pub archived: bool,
    /// Indentation by depth in the tree.
    pub indent: usize,
}

fn kind_label(o: &Org) -> &'static str {
    OrgKind::parse(&o.kind).map(|k| k.label()).unwrap_or("")
}

fn row(o: Org, base_depth: usize) -> OrgRow {
    let depth = o.path.matches('/').count().saturating_sub(1);
    OrgRow {
        id: o.id,
        kind: kind_label(&o),
        credit_code: o.credit_code.clone().unwrap_or_default(),
        staff_count: o.staff_count.map(|n| n.to_string()).unwrap_or_default(),
        archived: o.archived_at.is_some(),
        indent: depth.saturating_sub(base_depth),
        name: o.name,
    }
}

#[derive(Template)]
#[template(path = "org/list.html")]
struct ListPage {
    layout: Layout,
    q: String,
    kind: String,
    archived: bool,
    rows: Vec<OrgRow>,
    pager: Pager,
    can_create: bool,
    kinds: Vec<(&'static str, &'static str)>,
}

#[derive(Deserialize)]
pub struct ListParams {
    q: Option<String>,
    kind: Option<String>,
    archived: Option<String>,
    page: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Query(params): Query<ListParams>,
) -> PageResult {
    let page = app::Page::new(params.page, Some(50));
    let q = params.q.unwrap_or_default().trim().to_owned();
    let kind = params.kind.filter(|k| OrgKind::parse(k).is_some()).unwrap_or_default();
    let archived = params.archived.as_deref() == Some("1");
    let filter = OrgFilter {
        q: Some(q.clone()).filter(|q| !q.is_empty()),
        kind: Some(kind.clone()).filter(|k| !k.is_empty()),
        parent_id: None,
        include_archived: archived,
    };
    let (orgs, total) = service::list(&state, &p, &filter, page).await?;
    let base_depth = orgs.iter().map(|o| o.path.matches('/').count().saturating_sub(1)).min().unwrap_or(0);
    let rows = orgs.into_iter().map(|o| row(o, base_depth)).collect();
    let query = serde_urlencoded::to_string([
        ("q", q.as_str()),
        ("kind", kind.as_str()),
        ("archived", if archived { "1" } else { "" }),
    ])
    .unwrap_or_default();
    let pager = Pager::new(&format!("/orgs?{query}&"), page, total);
    let layout = Layout::new(&state, &p, "org", "组织").await.crumb("组织", "/orgs");
    Ok(render(&ListPage {
        layout,
        q,
        kind,
        archived,
        rows,
        pager,
        can_create: p.has(Perm::OrgManage),
        kinds: OrgKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
    }))
}

pub struct PostRow {
    pub id: Uuid,
    pub post: &'static str,
    pub person_name: String,
    pub full_time: bool,
}

pub struct TermView {
    pub number: i64,
    pub span: String,
    pub status: &'static str,
    pub warn: bool,
    /// The newest term: the one whose posts can still change.
    pub current: bool,
    pub posts: Vec<PostRow>,
}

#[derive(Template)]
#[template(path = "org/show.html")]
struct ShowPage {
    layout: Layout,
    org: Org,
    kind: &'static str,
    is_union: bool,
    employer_type: &'static str,
    founded_on: String,
    children: Vec<OrgRow>,
    child_kinds: Vec<(&'static str, &'static str)>,
    terms: Vec<TermView>,
    can_manage: bool,
    can_committee: bool,
    can_members: bool,
    parents: Vec<(String, String)>,
    posts: Vec<(&'static str, &'static str)>,
    errors: FormErrors,
    /// Which form on the page the errors belong to.
    error_form: &'static str,
    form: CommitteeForm,
    /// The year at a glance: the plan's targets and the charts (area `plan`).
    plan: crate::routes::plan::home::PlanHome,
}

#[derive(Deserialize, Default, Clone)]
pub struct CommitteeForm {
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    years: String,
    #[serde(default)]
    post: String,
    #[serde(default)]
    person_name: String,
    #[serde(default)]
    full_time: Option<String>,
    #[serde(default)]
    parent_id: String,
}

async fn show_page(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    errors: FormErrors,
    error_form: &'static str,
    form: CommitteeForm,
) -> PageResult {
    let d = service::detail(state, id).await?;
    let kind = OrgKind::parse(&d.org.kind).unwrap_or(OrgKind::Group);
    let is_union = kind == OrgKind::Union;
    let mut terms = Vec::new();
    if is_union {
        let c = service::committee(state, id).await?;
        let today = domain::time::today(app::now());
        for (i, t) in c.terms.iter().enumerate() {
            let status = domain::org::term_status(t.ends_on, today);
            terms.push(TermView {
                number: t.number,
                span: format!("{} 至 {}（{}年）", fmt_date(t.starts_on), fmt_date(t.ends_on), t.years),
                // Only the newest term can be current; older ones are history.
                status: if i == 0 { status.label() } else { "已换届" },
                warn: i == 0 && status != TermStatus::Current,
                current: i == 0,
                posts: c
                    .posts
                    .iter()
                    .filter(|x| x.term_id == t.id)
                    .map(|x| PostRow {
                        id: x.id,
                        post: CommitteePost::parse(&x.post).map(|p| p.label()).unwrap_or(""),
                        person_name: x.person_name.clone(),
                        full_time: x.full_time,
                    })
                    .collect(),
            });
        }
    }
    let can_manage = p.can(Perm::OrgManage, Some(&d.org.path));
    let parents = if can_manage {
        service::choices(state, p, Perm::OrgManage)
            .await?
            .into_iter()
            .filter(|(pid, _)| *pid != id.to_string())
            .collect()
    } else {
        Vec::new()
    };
    let mut layout = Layout::new(state, p, "org", &d.org.name).await.crumb("组织", "/orgs");
    for (aid, name) in &d.ancestors {
        if p.can_see_id_path(&d.org.path, *aid) {
            layout = layout.crumb(name.clone(), format!("/orgs/{aid}"));
        }
    }
    layout = layout.crumb(d.org.name.clone(), format!("/orgs/{id}"));
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let child_kinds =
        OrgKind::ALL.iter().filter(|k| kind.allows_child(**k)).map(|k| (k.as_str(), k.label())).collect();
    let plan = crate::routes::plan::home::section(state, p, &d.org).await?;
    Ok(render_status(
        status,
        &ShowPage {
            kind: kind.label(),
            is_union,
            employer_type: d
                .org
                .employer_type
                .as_deref()
                .and_then(EmployerType::parse)
                .map(|t| t.label())
                .unwrap_or(""),
            founded_on: d.org.founded_on.map(fmt_date).unwrap_or_default(),
            children: d.children.into_iter().map(|o| row(o, 0)).map(|r| OrgRow { indent: 0, ..r }).collect(),
            child_kinds,
            terms,
            can_manage,
            can_committee: p.can(Perm::CommitteeManage, Some(&d.org.path)),
            can_members: is_union && p.can(Perm::MemberView, Some(&d.org.path)),
            parents,
            posts: CommitteePost::ALL.iter().map(|x| (x.as_str(), x.label())).collect(),
            errors,
            error_form,
            form,
            plan,
            org: d.org,
            layout,
        },
    ))
}

pub async fn show(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    show_page(&state, &p, id, FormErrors::default(), "", CommitteeForm::default()).await
}

/// The org form as typed: every field a string, so nothing typed is lost.
#[derive(Deserialize, Default, Clone)]
pub struct OrgForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    credit_code: String,
    #[serde(default)]
    employer_name: String,
    #[serde(default)]
    employer_type: String,
    #[serde(default)]
    staff_count: String,
    #[serde(default)]
    founded_on: String,
    #[serde(default)]
    bank_account: String,
    #[serde(default)]
    star_rating: String,
    #[serde(default)]
    honours: String,
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn int_field(s: &str, field: &str, label: &str) -> AppResult<Option<i64>> {
    match opt(s) {
        None => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| AppError::field(ErrorCode::InvalidValue, field, format!("{label}应为整数"))),
    }
}

fn date_field(s: &str, field: &str, label: &str) -> AppResult<Option<chrono::NaiveDate>> {
    match opt(s) {
        None => Ok(None),
        Some(v) => parse_date(&v).map(Some).ok_or_else(|| {
            AppError::field(
                ErrorCode::InvalidDate,
                field,
                format!("{label}不是有效日期，请按 2020-09-01 的格式填写"),
            )
        }),
    }
}

impl OrgForm {
    fn fields(&self) -> AppResult<OrgFields> {
        Ok(OrgFields {
            name: self.name.clone(),
            credit_code: opt(&self.credit_code),
            employer_name: opt(&self.employer_name),
            employer_type: opt(&self.employer_type),
            staff_count: int_field(&self.staff_count, "staff_count", "职工人数")?,
            founded_on: date_field(&self.founded_on, "founded_on", "成立日期")?,
            bank_account: opt(&self.bank_account),
            star_rating: int_field(&self.star_rating, "star_rating", "星级")?,
            honours: opt(&self.honours),
        })
    }

    fn from_org(o: &Org) -> Self {
        OrgForm {
            kind: o.kind.clone(),
            parent_id: o.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            name: o.name.clone(),
            credit_code: o.credit_code.clone().unwrap_or_default(),
            employer_name: o.employer_name.clone().unwrap_or_default(),
            employer_type: o.employer_type.clone().unwrap_or_default(),
            staff_count: o.staff_count.map(|n| n.to_string()).unwrap_or_default(),
            founded_on: o.founded_on.map(|d| d.to_string()).unwrap_or_default(),
            bank_account: o.bank_account.clone().unwrap_or_default(),
            star_rating: o.star_rating.map(|n| n.to_string()).unwrap_or_default(),
            honours: o.honours.clone().unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "org/form.html")]
struct FormPage {
    layout: Layout,
    action: String,
    editing: bool,
    form: OrgForm,
    parent_name: String,
    parents: Vec<(String, String)>,
    root_allowed: bool,
    kinds: Vec<(&'static str, &'static str)>,
    employer_types: Vec<(&'static str, &'static str)>,
    errors: FormErrors,
}

#[derive(Deserialize)]
pub struct NewParams {
    parent_id: Option<Uuid>,
    kind: Option<String>,
}

async fn form_page(
    state: &AppState,
    p: &Principal,
    form: OrgForm,
    editing: Option<Uuid>,
    errors: FormErrors,
) -> PageResult {
    // Parents offered are those the caller manages; a root needs global scope.
    let parents = match editing {
        Some(_) => Vec::new(),
        None => service::choices(state, p, Perm::OrgManage).await?,
    };
    let parent_name = match (editing, Uuid::parse_str(&form.parent_id).ok()) {
        (Some(_), Some(pid)) => service::get(state, pid).await?.name,
        _ => "（顶级）".into(),
    };
    let (title, action) = match editing {
        Some(id) => ("修改组织信息".to_owned(), format!("/orgs/{id}/edit")),
        None => ("新建组织".to_owned(), "/orgs".to_owned()),
    };
    let mut layout = Layout::new(state, p, "org", &title).await.crumb("组织", "/orgs");
    if let Some(id) = editing {
        layout = layout.crumb(form.name.clone(), format!("/orgs/{id}"));
    }
    let layout = layout.crumb(title, action.clone());
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render_status(
        status,
        &FormPage {
            layout,
            action,
            editing: editing.is_some(),
            parent_name,
            parents,
            root_allowed: p.is_global(),
            form,
            kinds: OrgKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
            employer_types: EmployerType::ALL.iter().map(|t| (t.as_str(), t.label())).collect(),
            errors,
        },
    ))
}

/// The new-org form; `?parent_id=` preselects a parent among those offered.
pub async fn new(State(state): State<AppState>, p: Principal, Query(q): Query<NewParams>) -> PageResult {
    let form = OrgForm {
        parent_id: q.parent_id.map(|x| x.to_string()).unwrap_or_default(),
        kind: q.kind.unwrap_or_default(),
        ..Default::default()
    };
    form_page(&state, &p, form, None, FormErrors::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    PageForm(f): PageForm<OrgForm>,
) -> PageResult {
    let result = match f.fields() {
        Ok(fields) => {
            service::create(&state, &p, &f.kind, Uuid::parse_str(f.parent_id.trim()).ok(), &fields).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(o) => {
            Ok(redirect_with_flash(&state, &p, &format!("/orgs/{}", o.id), &format!("已新建“{}”", o.name))
                .await)
        }
        Err(e) => form_page(&state, &p, f, None, FormErrors::from_error(&e)).await,
    }
}

pub async fn edit(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let o = service::get(&state, id).await?;
    form_page(&state, &p, OrgForm::from_org(&o), Some(id), FormErrors::default()).await
}

pub async fn update(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<OrgForm>,
) -> PageResult {
    let result = match f.fields() {
        Ok(fields) => service::update(&state, &p, id, |_| fields).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(o) => {
            Ok(redirect_with_flash(&state, &p, &format!("/orgs/{id}"), &format!("已保存“{}”", o.name)).await)
        }
        Err(e) => {
            // Kind and parent are not edited here: keep them from the record.
            let o = service::get(&state, id).await?;
            let form = OrgForm {
                kind: o.kind,
                parent_id: o.parent_id.map(|x| x.to_string()).unwrap_or_default(),
                ..f
            };
            form_page(&state, &p, form, Some(id), FormErrors::from_error(&e)).await
        }
    }
}

async fn after(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    result: AppResult<String>,
    which: &'static str,
    form: CommitteeForm,
) -> PageResult {
    match result {
        Ok(msg) => Ok(redirect_with_flash(state, p, &format!("/orgs/{id}"), &msg).await),
        Err(e) if e.status() == StatusCode::NOT_FOUND || e.status() == StatusCode::FORBIDDEN => Err(e.into()),
        Err(e) => show_page(state, p, id, FormErrors::from_error(&e), which, form).await,
    }
}

pub async fn move_to(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<CommitteeForm>,
) -> PageResult {
    let result = match Uuid::parse_str(f.parent_id.trim()) {
        Ok(pid) => {
            service::move_to(&state, &p, id, pid).await.map(|o| format!("已调整“{}”的隶属关系", o.name))
        }
        Err(_) => Err(AppError::field(ErrorCode::Required, "parent_id", "请选择新的上级组织")),
    };
    after(&state, &p, id, result, "move", f).await
}

pub async fn archive(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let result = service::set_archived(&state, &p, id, true).await.map(|o| format!("已撤销“{}”", o.name));
    after(&state, &p, id, result, "archive", CommitteeForm::default()).await
}

pub async fn restore(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let result = service::set_archived(&state, &p, id, false).await.map(|o| format!("已恢复“{}”", o.name));
    after(&state, &p, id, result, "archive", CommitteeForm::default()).await
}

pub async fn add_term(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<CommitteeForm>,
) -> PageResult {
    let result = async {
        let starts = date_field(&f.starts_on, "starts_on", "开始日期")?;
        let years = int_field(&f.years, "term_years", "任期")?.unwrap_or(0);
        service::add_term(&state, &p, id, starts, years)
            .await
            .map(|t| format!("已录入第{}届委员会", t.number))
    }
    .await;
    after(&state, &p, id, result, "term", f).await
}

pub async fn add_post(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<CommitteeForm>,
) -> PageResult {
    let result = service::add_post(&state, &p, id, None, &f.post, &f.person_name, f.full_time.is_some())
        .await
        .map(|x| format!("已任命{}", x.person_name));
    after(&state, &p, id, result, "post", f).await
}

pub async fn remove_post(
    State(state): State<AppState>,
    p: Principal,
    Path((id, post_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let result = service::remove_post(&state, &p, id, post_id).await.map(|_| "已免去职务".to_owned());
    after(&state, &p, id, result, "post", CommitteeForm::default()).await
}
