//! The case list with its filters (overdue acceptance and referable cases
//! marked), its print and .xlsx, the new-case form (also opened from a
//! petition, prefilled), and the yearly report.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::auth::Perm;
use domain::rights::mediation::{Clock, DisputeType, MediationStats, Status};
use serde::Deserialize;
use uuid::Uuid;

use super::{base, case_url, date, layout, xlsx, ymd, yuan};
use crate::extract::{PageForm, Path, Query};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::rights::mediation::case::{ApplicantInput, CaseInput};
use app::rights::mediation::read::{self, Report};
use app::rights::mediation::{Listed, status_of};

pub fn type_label<S: AsRef<str>>(s: S) -> &'static str {
    DisputeType::parse(s.as_ref()).map_or("", |t| t.label())
}

pub fn status_label(c: &app::rights::mediation::Case) -> &'static str {
    status_of(c).label()
}

/// The filters as typed (kept in the links of the print and the export).
#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub dispute_type: String,
    #[serde(default)]
    pub year: String,
}

impl ListQuery {
    fn year(&self) -> AppResult<Option<i32>> {
        let y = self.year.trim();
        if y.is_empty() {
            return Ok(None);
        }
        y.parse()
            .map(Some)
            .map_err(|_| AppError::field(domain::ErrorCode::InvalidValue, "year", "年份应为四位数字，如2026"))
    }

    fn filter(&self) -> AppResult<app::rights::mediation::Filter> {
        read::filter(Some(&self.status), Some(&self.dispute_type), self.year()?)
    }

    /// `?status=…&dispute_type=…&year=…`.
    pub fn query(&self) -> String {
        let enc = |s: &str| -> String { form_urlencoded::byte_serialize(s.as_bytes()).collect() };
        format!(
            "?status={}&dispute_type={}&year={}",
            enc(&self.status),
            enc(&self.dispute_type),
            enc(&self.year)
        )
    }
}

pub struct Row {
    pub r: Listed,
    pub clock: Clock,
    pub applicants: String,
}

fn rows(list: Vec<(Listed, Clock)>) -> Vec<Row> {
    list.into_iter().map(|(r, clock)| Row { applicants: read::applicants_text(&r), r, clock }).collect()
}

#[derive(Template)]
#[template(path = "rights/mediation/list.html")]
struct ListPage {
    layout: Layout,
    union_id: Uuid,
    q: ListQuery,
    rows: Vec<Row>,
    types: Vec<(&'static str, &'static str)>,
    statuses: Vec<(&'static str, &'static str)>,
}

fn types() -> Vec<(&'static str, &'static str)> {
    DisputeType::ALL.iter().map(|t| (t.as_str(), t.label())).collect()
}

fn statuses() -> Vec<(&'static str, &'static str)> {
    Status::ALL.iter().map(|s| (s.as_str(), s.label())).collect()
}

pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let (layout, _) = layout(&state, &p, union_id, "劳动争议调解").await?;
    let list = read::list(&state, union_id, &q.filter()?).await?;
    Ok(render(&ListPage { layout, union_id, rows: rows(list), q, types: types(), statuses: statuses() }))
}

#[derive(Template)]
#[template(path = "rights/mediation/list_print.html")]
struct ListPrint {
    union_name: String,
    union_id: Uuid,
    today: String,
    rows: Vec<Row>,
}

/// 劳动争议调解案件台帐, for paper.
pub async fn print(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let list = read::list(&state, union_id, &q.filter()?).await?;
    let today = ymd(&app::rights::mediation::today());
    Ok(render(&ListPrint { union_name: union.name, union_id, today, rows: rows(list) }))
}

/// 劳动争议调解案件台帐.xlsx.
pub async fn export(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let (union_name, rows) = read::sheet(&state, union_id, &q.filter()?).await?;
    let bytes = app::activity::exports::xlsx("调解案件台帐", &read::HEADERS, rows).await?;
    Ok(xlsx(&format!("{union_name}劳动争议调解案件台帐.xlsx"), bytes))
}

// ---------------------------------------------------------------------------
// The new case

/// The rows of claims the form offers.
const CLAIM_ROWS: usize = 5;

/// The form as typed, every field a string so that it comes back on error.
#[derive(Default, Clone)]
pub struct CaseForm {
    pub dispute_type: String,
    /// One applicant a line; 代表 marked by “（代表）” after the name.
    pub applicants: String,
    /// A member of the union who is the first applicant.
    pub first_member_id: String,
    pub respondent: String,
    pub common_claim: bool,
    pub facts: String,
    pub applied_on: String,
    pub petition_id: String,
    /// (item, amount in yuan).
    pub claims: Vec<(String, String)>,
}

impl CaseForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> CaseForm {
        let mut f = CaseForm::default();
        let (mut items, mut amounts) = (Vec::new(), Vec::new());
        for (k, v) in pairs {
            match k.as_str() {
                "dispute_type" => f.dispute_type = v,
                "applicants" => f.applicants = v,
                "first_member_id" => f.first_member_id = v,
                "respondent" => f.respondent = v,
                "common_claim" => f.common_claim = true,
                "facts" => f.facts = v,
                "applied_on" => f.applied_on = v,
                "petition_id" => f.petition_id = v,
                "claim_item" => items.push(v),
                "claim_amount" => amounts.push(v),
                _ => {}
            }
        }
        amounts.resize(items.len(), String::new());
        f.claims = items.into_iter().zip(amounts).collect();
        f.pad();
        f
    }

    fn pad(&mut self) {
        while self.claims.len() < CLAIM_ROWS {
            self.claims.push(Default::default());
        }
    }

    fn id(field: &str, s: &str) -> AppResult<Option<Uuid>> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        Uuid::parse_str(s)
            .map(Some)
            .map_err(|_| AppError::field(domain::ErrorCode::NotFound, field, "所选记录不存在"))
    }

    /// The service's input: one applicant a line, claims with a text.
    fn input(&self) -> AppResult<CaseInput> {
        let first_member = Self::id("applicants", &self.first_member_id)?;
        let applicants = self
            .applicants
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .enumerate()
            .map(|(i, line)| {
                let (name, representative) = rep_marked(line);
                ApplicantInput { name, representative, member_id: if i == 0 { first_member } else { None } }
            })
            .collect();
        let mut claims = Vec::new();
        for (n, (item, amount)) in self.claims.iter().enumerate() {
            if item.trim().is_empty() && amount.trim().is_empty() {
                continue;
            }
            let amount_fen = yuan("claims", &format!("第{}项请求金额", n + 1), amount)?;
            claims.push(domain::rights::mediation::ClaimInput { item: item.clone(), amount_fen });
        }
        Ok(CaseInput {
            dispute_type: self.dispute_type.clone(),
            applicants,
            respondent: self.respondent.clone(),
            common_claim: self.common_claim,
            claims,
            facts: self.facts.clone(),
            applied_on: date("applied_on", "申请日期", &self.applied_on)?,
            petition_id: Self::id("petition_id", &self.petition_id)?,
        })
    }
}

/// `张三（代表）`, `张三(代表)`, `张三 代表` → (张三, true).
fn rep_marked(line: &str) -> (String, bool) {
    for mark in ["（代表）", "(代表)", " 代表", "　代表"] {
        if let Some(name) = line.strip_suffix(mark) {
            return (name.trim().to_owned(), true);
        }
    }
    (line.to_owned(), false)
}

#[derive(Template)]
#[template(path = "rights/mediation/new.html")]
struct NewPage {
    layout: Layout,
    union_id: Uuid,
    form: CaseForm,
    errors: FormErrors,
    types: Vec<(&'static str, &'static str)>,
    members: Option<Vec<(String, String)>>,
    /// 第N号来信, when opened from a petition.
    petition_number: Option<i64>,
}

async fn new_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    form: CaseForm,
    petition_number: Option<i64>,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let (layout, path) = layout(state, p, union_id, "登记调解申请").await?;
    let layout = layout.crumb("登记调解申请", format!("{}/new", base(union_id)));
    // The roster's names only for those who may read the roster.
    let members = if p.can(Perm::MemberView, Some(&path)) {
        crate::kit::member_choices(state, union_id).await?
    } else {
        None
    };
    Ok(render_status(
        status,
        &NewPage { layout, union_id, form, errors, types: types(), members, petition_number },
    ))
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    /// The petition (来信来访) to turn into a case.
    #[serde(default)]
    pub petition: Option<Uuid>,
}

/// The new-case form; from a petition, prefilled with its subject and
/// content and the writer's name (never an anonymous writer's).
pub async fn new_form(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<NewQuery>,
) -> PageResult {
    let mut form = CaseForm { common_claim: true, ..Default::default() };
    form.pad();
    let (mut number, mut errors, mut status) = (None, FormErrors::default(), StatusCode::OK);
    if let Some(pid) = q.petition {
        match read::prefill(&state, union_id, pid).await {
            Ok(pre) => {
                form.petition_id = pre.petition_id.to_string();
                form.facts = pre.facts;
                form.applicants = pre.applicant.unwrap_or_default();
                form.first_member_id = pre.member_id.map(|m| m.to_string()).unwrap_or_default();
                form.applied_on = pre.received_on.max(app::rights::mediation::today()).to_string();
                number = Some(pre.number);
            }
            Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
            Err(e) => {
                status = e.status();
                errors = FormErrors::from_error(&e);
            }
        }
    }
    new_page(&state, &p, union_id, form, number, errors, status).await
}

pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let form = CaseForm::from_pairs(pairs);
    let r = match form.input() {
        Ok(input) => app::rights::mediation::case::create(&state, &p, union_id, &input).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(c) => Ok(redirect_with_flash(
            &state,
            &p,
            &case_url(c.id),
            &format!("已登记调解案件第{}号，请在{}前作出受理决定", c.number, ymd(&c.acceptance_due)),
        )
        .await),
        Err(e) => {
            let number = None;
            new_page(&state, &p, union_id, form, number, FormErrors::from_error(&e), e.status()).await
        }
    }
}

// ---------------------------------------------------------------------------
// The report

#[derive(Template)]
#[template(path = "rights/mediation/report.html")]
struct ReportPage {
    layout: Layout,
    union_id: Uuid,
    r: Report,
    by_type: Vec<(&'static str, MediationStats)>,
    can_cases: bool,
}

#[derive(Deserialize, Default)]
pub struct YearQuery {
    #[serde(default)]
    pub year: Option<i32>,
}

/// 调解工作统计 for a year: printable.
pub async fn report(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let r = read::report(&state, union_id, q.year).await?;
    let (layout, path) = layout(&state, &p, union_id, &format!("{}年调解工作统计", r.year)).await?;
    let by_type = r.by_type.iter().map(|(t, m)| (t.label(), *m)).collect();
    let can_cases = p.can(Perm::RightsCases, Some(&path));
    Ok(render(&ReportPage { layout, union_id, r, by_type, can_cases }))
}
