//! Register pages: the list with its filters and figures, the form (new and
//! edit, keeping what was typed), one employer with its contracts.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::ErrorCode;
use domain::auth::Perm;
use domain::rights::employer::{Ownership, parse_count};
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Path, Query};
use crate::pages::{FormErrors, Layout, PageResult, Pager, redirect_with_flash, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::org::Org;
use app::rights::employer::{self as service, Contract, Employer, EmployerInput, Filter};

pub fn base(org_id: Uuid) -> String {
    format!("/orgs/{org_id}/employers")
}

pub fn ownership_label<S: AsRef<str>>(s: S) -> &'static str {
    Ownership::parse(s.as_ref()).map_or("", |o| o.label())
}

pub fn kind_label<S: AsRef<str>>(s: S) -> &'static str {
    domain::rights::contract::ContractKind::parse(s.as_ref()).map_or("", |k| k.label())
}

/// The layout of a register page, with the register in the breadcrumbs.
pub async fn layout(state: &AppState, p: &Principal, org: &Org, title: &str) -> Layout {
    Layout::new(state, p, "rights", title)
        .await
        .crumb(org.name.clone(), format!("/orgs/{}", org.id))
        .crumb("企业名录", base(org.id))
}

/// The list's filters as the page's query carries them (empty = any).
#[derive(Debug, Deserialize, Default, Clone)]
pub struct ListParams {
    #[serde(default)]
    pub ownership: String,
    #[serde(default)]
    pub covered_by: String,
    #[serde(default)]
    pub unionless: String,
    #[serde(default)]
    pub q: String,
    pub page: Option<i64>,
}

impl ListParams {
    pub fn filter(&self) -> AppResult<Filter> {
        let covered_by = match self.covered_by.trim() {
            "" => None,
            s => Some(Uuid::parse_str(s).map_err(|_| {
                AppError::field(ErrorCode::InvalidQuery, "covered_by", "所属工会的编号不正确")
            })?),
        };
        Ok(Filter {
            ownership: Ownership::parse(&self.ownership).map(|o| o.as_str().to_owned()),
            covered_by,
            unionless_from: (!self.unionless.is_empty()).then(service::unionless_threshold),
            q: Some(self.q.clone()).filter(|q| !q.trim().is_empty()),
        })
    }

    /// The filters as a query string (links to pages, the export, print).
    pub fn query(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("ownership", &self.ownership),
            ("covered_by", &self.covered_by),
            ("unionless", &self.unionless),
            ("q", &self.q),
        ] {
            if !v.is_empty() {
                s.append_pair(k, v);
            }
        }
        s.finish()
    }
}

#[derive(Template)]
#[template(path = "rights/employers/list.html")]
struct ListPage {
    layout: Layout,
    org: Org,
    f: ListParams,
    query: String,
    rows: Vec<Employer>,
    pager: Pager,
    summary: service::Summary,
    ownerships: Vec<(&'static str, &'static str)>,
    unions: Vec<(String, String)>,
    can_manage: bool,
}

pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Path(org_id): Path<Uuid>,
    Query(f): Query<ListParams>,
) -> PageResult {
    let filter = f.filter()?;
    let page = app::Page::new(f.page, Some(50));
    let (org, rows, total, summary) = service::list(&state, org_id, &filter, page).await?;
    let unions = service::covering_unions(&state, org_id).await?;
    let query = f.query();
    let pager = Pager::new(&format!("{}?{query}&", base(org_id)), page, total);
    let layout = layout(&state, &p, &org, "企业名录").await;
    Ok(render(&ListPage {
        layout,
        can_manage: service::may_manage(&p, &org.path),
        org,
        f,
        query,
        rows,
        pager,
        summary,
        ownerships: Ownership::ALL.iter().map(|o| (o.as_str(), o.label())).collect(),
        unions: unions.into_iter().map(|(id, name, _)| (id.to_string(), name)).collect(),
    }))
}

/// The form as typed: every field as text, so nothing typed is lost.
#[derive(Debug, Deserialize, Default, Clone)]
pub struct EmployerForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub credit_code: String,
    #[serde(default)]
    pub ownership: String,
    #[serde(default)]
    pub staff: String,
    #[serde(default)]
    pub women: String,
    #[serde(default)]
    pub migrant_workers: String,
    #[serde(default)]
    pub covered_by_union_id: String,
}

impl EmployerForm {
    fn of(e: &Employer) -> Self {
        EmployerForm {
            name: e.name.clone(),
            credit_code: e.credit_code.clone(),
            ownership: e.ownership.clone(),
            staff: e.staff.to_string(),
            women: e.women.to_string(),
            migrant_workers: e.migrant_workers.to_string(),
            covered_by_union_id: e.covered_by_union_id.map(|u| u.to_string()).unwrap_or_default(),
        }
    }

    fn input(&self) -> AppResult<EmployerInput> {
        let covered_by_union_id = match self.covered_by_union_id.trim() {
            "" => None,
            s => Some(Uuid::parse_str(s).map_err(|_| {
                AppError::field(ErrorCode::NotFound, "covered_by_union_id", "所选工会不存在")
            })?),
        };
        Ok(EmployerInput {
            name: self.name.clone(),
            credit_code: self.credit_code.clone(),
            ownership: self.ownership.clone(),
            staff: parse_count("staff", "职工人数", &self.staff, false)?,
            women: parse_count("women", "女职工人数", &self.women, true)?,
            migrant_workers: parse_count("migrant_workers", "农民工人数", &self.migrant_workers, true)?,
            covered_by_union_id,
        })
    }
}

#[derive(Template)]
#[template(path = "rights/employers/form.html")]
struct FormPage {
    layout: Layout,
    /// Where the form posts.
    action: String,
    heading: String,
    form: EmployerForm,
    errors: FormErrors,
    ownerships: Vec<(&'static str, &'static str)>,
    unions: Vec<(String, String)>,
}

async fn form_page(
    state: &AppState,
    p: &Principal,
    org: &Org,
    action: String,
    heading: &str,
    form: EmployerForm,
    e: Option<AppError>,
) -> PageResult {
    let unions = service::covering_unions(state, org.id).await?;
    let layout = layout(state, p, org, heading).await;
    let status = e.as_ref().map_or(StatusCode::OK, |e| e.status());
    Ok(render_status(
        status,
        &FormPage {
            layout,
            action,
            heading: heading.to_owned(),
            form,
            errors: e.as_ref().map(FormErrors::from_error).unwrap_or_default(),
            ownerships: Ownership::ALL.iter().map(|o| (o.as_str(), o.full_label())).collect(),
            unions: unions.into_iter().map(|(id, name, _)| (id.to_string(), name)).collect(),
        },
    ))
}

pub async fn new_form(State(state): State<AppState>, p: Principal, Path(org_id): Path<Uuid>) -> PageResult {
    let org = service::register(&state, org_id).await?;
    form_page(&state, &p, &org, base(org_id), "登记企业", EmployerForm::default(), None).await
}

pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(org_id): Path<Uuid>,
    PageForm(f): PageForm<EmployerForm>,
) -> PageResult {
    let r = match f.input() {
        Ok(i) => service::create(&state, &p, org_id, &i).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(e) => Ok(redirect_with_flash(&state, &p, &format!("/employers/{}", e.id), "已登记").await),
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => {
            let org = service::register(&state, org_id).await?;
            form_page(&state, &p, &org, base(org_id), "登记企业", f, Some(e)).await
        }
    }
}

#[derive(Template)]
#[template(path = "rights/employers/show.html")]
struct ShowPage {
    layout: Layout,
    e: Employer,
    org: Org,
    contracts: Vec<Contract>,
    can_manage: bool,
    unionless: bool,
}

pub async fn show(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let (e, org, contracts) = service::get(&state, id).await?;
    let layout = layout(&state, &p, &org, &e.name).await.crumb(e.name.clone(), format!("/employers/{id}"));
    let unionless = domain::rights::employer::without_union(
        e.staff,
        e.covered_by_union_id.is_some(),
        &domain::rights::employer::RateSettings::default(),
    );
    Ok(render(&ShowPage {
        layout,
        can_manage: p.can(Perm::RightsManage, Some(&org.path)),
        unionless,
        e,
        org,
        contracts,
    }))
}

pub async fn edit_form(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let (e, org, _) = service::get(&state, id).await?;
    let action = format!("/employers/{id}/edit");
    form_page(&state, &p, &org, action, "修改企业信息", EmployerForm::of(&e), None).await
}

pub async fn edit(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<EmployerForm>,
) -> PageResult {
    let r = match f.input() {
        Ok(i) => service::update(&state, &p, id, &i).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(_) => Ok(redirect_with_flash(&state, &p, &format!("/employers/{id}"), "已保存").await),
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => {
            let (_, org, _) = service::get(&state, id).await?;
            let action = format!("/employers/{id}/edit");
            form_page(&state, &p, &org, action, "修改企业信息", f, Some(e)).await
        }
    }
}
