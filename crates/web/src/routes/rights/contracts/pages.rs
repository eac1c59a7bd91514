//! Contract pages: the union's list (status today, reminders, expiring
//! ones highlighted), the form (new, renewal, edit — keeping what was
//! typed), and one contract with the forms of its next steps.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use domain::ErrorCode;
use domain::auth::Perm;
use domain::finance::money::{fmt_yuan, parse_yuan};
use domain::rights::contract::{ContractKind, ContractStatus, Reminder, fmt_adjustment, parse_adjustment};
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Path, Query};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::org::Org;
use app::rights::contract::{self as service, ContractInput, ContractView, Negotiation};

pub fn base(union_id: Uuid) -> String {
    format!("/unions/{union_id}/collective-contracts")
}

pub fn kind_label<S: AsRef<str>>(s: S) -> &'static str {
    ContractKind::parse(s.as_ref()).map_or("", |k| k.label())
}

/// Yuan for the page (askama hands the template's `&i64` by reference).
pub fn yuan(fen: &&i64) -> String {
    fmt_yuan(**fen)
}

pub fn adjustment(bp: &&i64) -> String {
    fmt_adjustment(**bp)
}

/// The layout of a contract page, with the union's list in the crumbs.
pub async fn layout(state: &AppState, p: &Principal, union: &Org, title: &str) -> Layout {
    Layout::new(state, p, "rights", title)
        .await
        .crumb(union.name.clone(), format!("/orgs/{}", union.id))
        .crumb("集体合同", base(union.id))
}

#[derive(Template)]
#[template(path = "rights/contracts/list.html")]
struct ListPage {
    layout: Layout,
    union: Org,
    rows: Vec<ContractView>,
    reminders: Vec<(ContractView, Reminder)>,
    can_manage: bool,
}

pub async fn list(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    let (union, rows) = service::list(&state, union_id).await?;
    let reminders = service::reminders(&state, union_id).await?;
    let layout = layout(&state, &p, &union, "集体合同").await;
    Ok(render(&ListPage {
        layout,
        can_manage: p.can(Perm::RightsManage, Some(&union.path)),
        union,
        rows,
        reminders,
    }))
}

/// The form as typed: every field as text.
#[derive(Debug, Deserialize, Default, Clone)]
pub struct ContractForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub signed_on: String,
    #[serde(default)]
    pub term_months: String,
    #[serde(default)]
    pub workers_covered: String,
    #[serde(default)]
    pub employer_id: String,
    #[serde(default)]
    pub employer_name: String,
    #[serde(default)]
    pub employer_staff: String,
    #[serde(default)]
    pub union_negotiator: String,
    #[serde(default)]
    pub employer_negotiator: String,
    #[serde(default)]
    pub average_wage: String,
    #[serde(default)]
    pub adjustment: String,
    #[serde(default)]
    pub renews_id: String,
}

fn int(field: &str, label: &str, s: &str) -> AppResult<Option<i64>> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<i64>()
        .map(Some)
        .map_err(|_| AppError::field(ErrorCode::InvalidValue, field, format!("{label}“{t}”应为整数")))
}

fn date(field: &str, label: &str, s: &str) -> AppResult<Option<NaiveDate>> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    domain::time::parse_date(s).map(Some).ok_or_else(|| {
        AppError::field(ErrorCode::InvalidDate, field, format!("{label}“{}”不是日期，如2026-12-01", s.trim()))
    })
}

fn id(field: &str, s: &str) -> AppResult<Option<Uuid>> {
    match s.trim() {
        "" => Ok(None),
        t => Uuid::parse_str(t)
            .map(Some)
            .map_err(|_| AppError::field(ErrorCode::NotFound, field, "所选记录不存在")),
    }
}

impl ContractForm {
    fn of(c: &app::rights::contract::Contract) -> Self {
        let n = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        ContractForm {
            kind: c.kind.clone(),
            title: c.title.clone(),
            signed_on: c.signed_on.map(|d| d.to_string()).unwrap_or_default(),
            term_months: c.term_months.to_string(),
            workers_covered: c.workers_covered.to_string(),
            employer_id: c.employer_id.map(|u| u.to_string()).unwrap_or_default(),
            employer_name: if c.employer_id.is_some() { String::new() } else { c.employer_name.clone() },
            employer_staff: if c.employer_id.is_some() { String::new() } else { n(c.employer_staff) },
            union_negotiator: c.union_negotiator.clone(),
            employer_negotiator: c.employer_negotiator.clone(),
            average_wage: c.average_wage_fen.map(fmt_yuan).unwrap_or_default().replace(',', ""),
            adjustment: c
                .adjustment_bp
                .map(|b| fmt_adjustment(b).trim_end_matches('%').to_owned())
                .unwrap_or_default(),
            renews_id: c.renews_id.map(|u| u.to_string()).unwrap_or_default(),
        }
    }

    fn input(&self) -> AppResult<ContractInput> {
        let required = |field: &str, label: &str, v: Option<i64>| {
            v.ok_or_else(|| AppError::field(ErrorCode::Required, field, format!("请填写{label}")))
        };
        let average_wage_fen = match self.average_wage.trim() {
            "" => None,
            s => Some(parse_yuan("average_wage", "上年度职工平均工资", s, false)?),
        };
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        Ok(ContractInput {
            kind: self.kind.clone(),
            title: text(&self.title),
            signed_on: date("signed_on", "签订日期", &self.signed_on)?,
            term_months: required(
                "term_months",
                "合同期限",
                int("term_months", "合同期限", &self.term_months)?,
            )?,
            workers_covered: required(
                "workers_covered",
                "覆盖职工人数",
                int("workers_covered", "覆盖职工人数", &self.workers_covered)?,
            )?,
            employer_id: id("employer_id", &self.employer_id)?,
            employer_name: text(&self.employer_name),
            employer_staff: int("employer_staff", "单位职工人数", &self.employer_staff)?,
            union_negotiator: text(&self.union_negotiator),
            employer_negotiator: text(&self.employer_negotiator),
            average_wage_fen,
            adjustment_bp: parse_adjustment(&self.adjustment)?,
            renews_id: id("renews_id", &self.renews_id)?,
        })
    }
}

#[derive(Template)]
#[template(path = "rights/contracts/form.html")]
struct FormPage {
    layout: Layout,
    action: String,
    heading: String,
    /// A new contract (the kind can be chosen) or an edit.
    new: bool,
    form: ContractForm,
    errors: FormErrors,
    kinds: Vec<(&'static str, &'static str)>,
    employers: Vec<(String, String)>,
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    state: &AppState,
    p: &Principal,
    union: &Org,
    action: String,
    heading: &str,
    new: bool,
    form: ContractForm,
    e: Option<AppError>,
) -> PageResult {
    let employers = service::employer_choices(state, union.id).await?;
    let layout = layout(state, p, union, heading).await;
    let status = e.as_ref().map_or(StatusCode::OK, |e| e.status());
    Ok(render_status(
        status,
        &FormPage {
            layout,
            action,
            heading: heading.to_owned(),
            new,
            form,
            errors: e.as_ref().map(FormErrors::from_error).unwrap_or_default(),
            kinds: ContractKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
            employers: employers.into_iter().map(|(id, l)| (id.to_string(), l)).collect(),
        },
    ))
}

#[derive(Debug, Deserialize, Default)]
pub struct NewParams {
    /// Renewing this contract: its kind, parties and coverage are the start.
    pub renews: Option<Uuid>,
}

pub async fn new_form(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<NewParams>,
) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let mut form = ContractForm { kind: "general".into(), term_months: "36".into(), ..Default::default() };
    let mut heading = "登记集体合同";
    if let Some(r) = q.renews {
        let (old, _, u) = service::get(&state, r).await?;
        if u.id != union_id {
            return Err(AppError::not_found().into());
        }
        form = ContractForm { title: String::new(), signed_on: String::new(), ..ContractForm::of(&old.row) };
        form.renews_id = r.to_string();
        heading = "续签集体合同";
    }
    form_page(&state, &p, &union, base(union_id), heading, true, form, None).await
}

pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<ContractForm>,
) -> PageResult {
    let r = match f.input() {
        Ok(i) => service::create(&state, &p, union_id, &i).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(c) => {
            Ok(redirect_with_flash(&state, &p, &format!("/collective-contracts/{}", c.id), "已登记").await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => {
            let union = app::org::union(&state, union_id).await?;
            let heading = if f.renews_id.is_empty() { "登记集体合同" } else { "续签集体合同" };
            form_page(&state, &p, &union, base(union_id), heading, true, f, Some(e)).await
        }
    }
}

/// A closed motion of the union the congress step may link.
pub struct BallotChoice {
    pub id: String,
    pub title: String,
}

#[derive(Template)]
#[template(path = "rights/contracts/show.html")]
struct ShowPage {
    layout: Layout,
    v: ContractView,
    negotiations: Vec<Negotiation>,
    ballots: Vec<BallotChoice>,
    can_manage: bool,
    /// Not with the bureau: particulars, negotiation and the vote may change.
    open: bool,
    today: String,
}

impl ShowPage {
    fn is(&self, s: &str) -> bool {
        self.v.status.as_str() == s
    }
}

pub async fn show(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let (v, negotiations, union) = service::get(&state, id).await?;
    let ballots = app::democracy::service::list(&state, union.id, None)
        .await?
        .into_iter()
        .filter(|b| b.status == "closed" && b.kind == "motion")
        .map(|b| BallotChoice { id: b.id.to_string(), title: b.title })
        .collect();
    let layout = layout(&state, &p, &union, &v.row.title)
        .await
        .crumb(v.row.title.clone(), format!("/collective-contracts/{id}"));
    let open = v.row.filed_on.is_none() || v.status == ContractStatus::Objected;
    Ok(render(&ShowPage {
        layout,
        can_manage: p.can(Perm::RightsManage, Some(&union.path)),
        open,
        today: service::today().to_string(),
        v,
        negotiations,
        ballots,
    }))
}

pub async fn edit_form(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let (v, _, union) = service::get(&state, id).await?;
    let action = format!("/collective-contracts/{id}/edit");
    form_page(&state, &p, &union, action, "修改合同内容", false, ContractForm::of(&v.row), None).await
}

pub async fn edit(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<ContractForm>,
) -> PageResult {
    let r = match f.input() {
        Ok(i) => service::edit(&state, &p, id, &i).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(_) => Ok(redirect_with_flash(&state, &p, &format!("/collective-contracts/{id}"), "已保存").await),
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => {
            let (v, _, union) = service::get(&state, id).await?;
            let f = ContractForm { kind: v.row.kind.clone(), ..f };
            let action = format!("/collective-contracts/{id}/edit");
            form_page(&state, &p, &union, action, "修改合同内容", false, f, Some(e)).await
        }
    }
}
