//! The care pages. Each handler parses its form, calls the same service as
//! the API and renders; amounts are typed and shown in yuan. A refused form
//! comes back filled in, the error beside its field.

use crate::extract::Path;
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::auth::Perm;
use domain::care::campaign::{CampaignKind, Filter};
use domain::care::events::EventKind;
use domain::care::hardship::{CarePolicy, Category, Cause, CloseReason, Exclusion};
use domain::finance::holidays::Holiday;
use domain::finance::money::{fmt_yuan, in_words, parse_yuan};
use domain::finance::policy::{Form, Item};
use domain::time::parse_date;
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Query};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use crate::kit::file_field;
use crate::kit::member_choices;
use app::AppState;
use app::auth::Principal;
use app::care::aid::{self, AidInput, CampaignInput, VisitLog};
use app::care::files::{self, FileInput, FileView, HouseholdMember};
use app::care::{me, mutual};
use app::error::AppError;

fn base(union_id: Uuid) -> String {
    format!("/unions/{union_id}/care")
}

/// What the caller may do here: which buttons and forms show.
#[derive(Debug, Clone, Copy, Default)]
pub struct Can {
    pub manage: bool,
    pub approve: bool,
    pub pay: bool,
}

async fn union_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    title: &str,
    crumb: Option<String>,
) -> Result<(Layout, Can), AppError> {
    let mut tx = state.db.read().await?;
    let union = app::org::load_union(&mut tx, union_id).await?;
    drop(tx);
    let path = Some(union.path.as_str());
    let can = Can {
        manage: p.can(Perm::CareManage, path),
        approve: p.can(Perm::CareApprove, path),
        pay: p.can(Perm::FinanceMake, path),
    };
    let mut layout = Layout::new(state, p, "care", title)
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("帮扶慰问", base(union_id));
    if let Some(href) = crumb {
        layout = layout.crumb(title, href);
    }
    Ok((layout, can))
}

/// An amount in fen, however many references deep a template holds it.
pub trait Fen {
    fn fen(&self) -> i64;
}

impl Fen for i64 {
    fn fen(&self) -> i64 {
        *self
    }
}

impl<T: Fen + ?Sized> Fen for &T {
    fn fen(&self) -> i64 {
        (**self).fen()
    }
}

pub fn yuan(fen: impl Fen) -> String {
    fmt_yuan(fen.fen())
}

fn fen_of(errors: &mut FormErrors, field: &str, label: &str, s: &str) -> i64 {
    if s.trim().is_empty() {
        return 0;
    }
    match parse_yuan(field, label, s, true) {
        Ok(v) => v,
        Err(e) => {
            errors.items.push((field.to_owned(), e.message));
            0
        }
    }
}

pub fn category_label<S: AsRef<str>>(s: S) -> &'static str {
    Category::parse(s.as_ref()).map_or("", |c| c.label())
}

pub fn file_status<S: AsRef<str>>(s: S) -> &'static str {
    match s.as_ref() {
        "draft" => "待审批",
        "approved" => "在档",
        "rejected" => "已退回",
        "closed" => "已关闭",
        _ => "",
    }
}

pub fn claim_status<S: AsRef<str>>(s: S) -> &'static str {
    match s.as_ref() {
        "filed" => "待审核",
        "approved" => "已核定，待赔付",
        "rejected" => "不予赔付",
        "paid" => "已赔付",
        _ => "",
    }
}

fn campaign_status(s: &str) -> &'static str {
    match s {
        "draft" => "名单待审核",
        "reviewed" => "已审核，待发放",
        "paid" => "已发放",
        _ => "",
    }
}

fn opts<T: Copy>(
    all: &[T],
    value: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter().map(|x| (value(*x).to_owned(), label(*x).to_owned())).collect()
}

// --- Home: visits, events, birthdays -------------------------------------------

#[derive(Template)]
#[template(path = "care/home.html")]
struct HomePage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    visits: Vec<super::api::VisitOut>,
    /// (member, event, date, condolence due, rule, pay link while unpaid)
    events: Vec<(String, String, String, String, String, Option<String>)>,
    birth_month: u32,
    birthdays: Vec<(String, String)>,
    open_files: usize,
    overdue_files: usize,
    members: Option<Vec<(String, String)>>,
    kinds: Vec<(String, String)>,
    form: EventForm,
    errors: FormErrors,
    today: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct EventForm {
    #[serde(default)]
    pub member_id: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub note: String,
}

async fn home_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    typed: Option<(EventForm, FormErrors, StatusCode)>,
) -> PageResult {
    let (layout, can) = union_page(state, p, union_id, "帮扶慰问", None).await?;
    let visits = aid::visits(state, union_id, Some("open"))
        .await?
        .into_iter()
        .map(|(v, n)| super::api::visit_out(v, n))
        .collect();
    let events = aid::events(state, union_id, None)
        .await?
        .into_iter()
        .take(20)
        .map(|(e, n)| {
            let kind = EventKind::parse(&e.kind).map_or("", |k| k.label()).to_owned();
            let due = match (e.condolence_status.as_str(), e.due_fen) {
                ("paid", _) => "已慰问".to_owned(),
                (_, Some(0)) => "政策未列出".to_owned(),
                (_, Some(f)) => format!("今年尚可发{}元", yuan(f)),
                (_, None) => "不设限额".to_owned(),
            };
            let pay = (can.pay && e.condolence_status != "paid" && e.due_fen != Some(0))
                .then(|| format!("{}/assistance?event={}#pay-form", base(union_id), e.id));
            (n, kind, e.date.to_string(), due, e.due_rule, pay)
        })
        .collect();
    let (birth_month, bdays) = aid::birthdays(state, union_id).await?;
    let files_open = files::list(state, union_id, Some("open"), false).await?.len();
    let files_overdue = files::list(state, union_id, None, true).await?.len();
    let members = if can.manage { member_choices(state, union_id).await? } else { None };
    let (form, errors, status) = typed.unwrap_or_else(|| {
        (
            EventForm { date: files::today().to_string(), ..Default::default() },
            FormErrors::default(),
            StatusCode::OK,
        )
    });
    Ok(render_status(
        status,
        &HomePage {
            layout,
            union_id,
            can,
            visits,
            events,
            birth_month,
            birthdays: bdays.into_iter().map(|(_, n, d)| (n, d.format("%m月%d日").to_string())).collect(),
            open_files: files_open,
            overdue_files: files_overdue,
            members,
            kinds: opts(&EventKind::ALL, EventKind::as_str, EventKind::label),
            form,
            errors,
            today: files::today().to_string(),
        },
    ))
}

pub async fn home(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    home_page(&state, &p, union_id, None).await
}

pub async fn record_event(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<EventForm>,
) -> PageResult {
    let member_id = Uuid::parse_str(f.member_id.trim()).ok();
    match aid::record_event(&state, &p, union_id, member_id, &f.kind, parse_date(&f.date), &f.note).await {
        Ok((e, v)) => {
            let msg = format!(
                "已登记{}，走访任务应于{}前完成；{}",
                EventKind::parse(&e.kind).map_or("", |k| k.label()),
                v.due_date,
                e.due_rule
            );
            Ok(redirect_with_flash(&state, &p, &base(union_id), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => home_page(&state, &p, union_id, Some((f, FormErrors::from_error(&e), e.status()))).await,
    }
}

#[derive(Deserialize, Default)]
pub struct VisitForm {
    #[serde(default)]
    pub visited_on: String,
    #[serde(default)]
    pub visitors: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub follow_up: String,
}

pub async fn complete_visit(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<VisitForm>,
) -> PageResult {
    let l = VisitLog {
        visited_on: parse_date(&f.visited_on),
        visitors: f.visitors,
        notes: f.notes,
        follow_up: f.follow_up,
    };
    let msg = match aid::complete_visit(&state, &p, union_id, id, &l).await {
        Ok(_) => "走访已登记".to_owned(),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => format!("走访未登记：{}", e.0.message),
    };
    Ok(redirect_with_flash(&state, &p, &base(union_id), &msg).await)
}

pub async fn events(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    home_page(&state, &p, union_id, None).await
}

// --- Local figures -------------------------------------------------------------

#[derive(Template)]
#[template(path = "care/policy.html")]
struct PolicyPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    rows: Vec<(String, String, String, String)>,
    form: PolicyForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default, Clone)]
pub struct PolicyForm {
    #[serde(default)]
    pub dibao: String,
    #[serde(default)]
    pub avg: String,
    #[serde(default)]
    pub effective_from: String,
}

async fn policy_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    typed: Option<(PolicyForm, FormErrors, StatusCode)>,
) -> PageResult {
    let (layout, can) =
        union_page(state, p, union_id, "困难职工认定标准", Some(format!("{}/policy", base(union_id))))
            .await?;
    let rows = files::policies(state, union_id)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.effective_from.to_string(),
                yuan(r.dibao_monthly_fen),
                yuan(r.province_avg_income_fen),
                r.set_by,
            )
        })
        .collect();
    let (form, errors, status) = typed.unwrap_or_else(|| {
        (
            PolicyForm { effective_from: files::today().to_string(), ..Default::default() },
            FormErrors::default(),
            StatusCode::OK,
        )
    });
    Ok(render_status(status, &PolicyPage { layout, union_id, can, rows, form, errors }))
}

pub async fn policy(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    policy_page(&state, &p, union_id, None).await
}

pub async fn save_policy(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<PolicyForm>,
) -> PageResult {
    let mut errors = FormErrors::default();
    let dibao = fen_of(&mut errors, "dibao_monthly_fen", "低保标准", &f.dibao);
    let avg = fen_of(&mut errors, "province_avg_income_fen", "全省上年人均可支配收入", &f.avg);
    if errors.is_empty() {
        let figures = CarePolicy { dibao_monthly_fen: dibao, province_avg_income_fen: avg };
        match files::put_policy(&state, &p, union_id, figures, parse_date(&f.effective_from)).await {
            Ok(_) => {
                return Ok(redirect_with_flash(
                    &state,
                    &p,
                    &format!("{}/policy", base(union_id)),
                    "认定标准已保存",
                )
                .await);
            }
            Err(e) => errors = FormErrors::from_error(&e),
        }
    }
    policy_page(&state, &p, union_id, Some((f, errors, StatusCode::UNPROCESSABLE_ENTITY))).await
}

// --- Files ---------------------------------------------------------------------

#[derive(Template)]
#[template(path = "care/files.html")]
struct FilesPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    status: String,
    overdue: bool,
    rows: Vec<store::care::FileListed>,
}

#[derive(Deserialize)]
pub struct FilesQuery {
    pub status: Option<String>,
    pub overdue: Option<String>,
}

pub async fn files(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<FilesQuery>,
) -> PageResult {
    let (layout, can) =
        union_page(&state, &p, union_id, "困难职工档案", Some(format!("{}/files", base(union_id)))).await?;
    let status = q.status.filter(|s| !s.is_empty()).unwrap_or_else(|| "open".into());
    let overdue = q.overdue.is_some_and(|o| o == "1" || o == "true");
    let rows = files::list(&state, union_id, Some(status.as_str()).filter(|_| !overdue), overdue).await?;
    Ok(render(&FilesPage { layout, union_id, can, status, overdue, rows }))
}

#[derive(Template)]
#[template(path = "care/file_form.html")]
struct FileFormPage {
    layout: Layout,
    union_id: Uuid,
    /// Where the form posts: a new file, or a file's review.
    action: String,
    heading: String,
    /// A review keeps the file's member.
    review: bool,
    rows: Vec<usize>,
    members: Option<Vec<(String, String)>>,
    causes: Vec<(String, String)>,
    exclusions: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    form: FileForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default, Clone)]
pub struct FileForm {
    #[serde(default)]
    pub member_id: String,
    #[serde(default)]
    pub household_size: String,
    #[serde(default)]
    pub income: String,
    #[serde(default)]
    pub spending: String,
    #[serde(default)]
    pub accident: Option<String>,
    #[serde(default)]
    pub ex_two_homes: Option<String>,
    #[serde(default)]
    pub ex_employer: Option<String>,
    #[serde(default)]
    pub ex_private_school: Option<String>,
    #[serde(default)]
    pub ex_private_car: Option<String>,
    #[serde(default)]
    pub main_cause: String,
    #[serde(default)]
    pub cause2: String,
    #[serde(default)]
    pub cause3: String,
    #[serde(default)]
    pub cause4: String,
    #[serde(default)]
    pub situation: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub override_reason: String,
    /// Household rows: hh_name_N, hh_relation_N, hh_age_N, hh_health_N,
    /// hh_income_N for N below [`HOUSEHOLD_ROWS`].
    #[serde(flatten)]
    pub household: std::collections::HashMap<String, String>,
}

/// Rows for household members on the file form.
const HOUSEHOLD_ROWS: usize = 6;

impl FileFormPage {
    /// The first error on household row `n`, whichever cell it names.
    fn row_error(&self, n: &usize) -> Option<String> {
        let prefix = format!("household[{n}]");
        self.errors.items.iter().find(|(f, _)| f.starts_with(&prefix)).map(|(_, m)| m.clone())
    }
}

impl FileForm {
    fn hh(&self, key: &str, n: &usize) -> &str {
        self.household.get(&format!("hh_{key}_{n}")).map_or("", String::as_str)
    }

    /// The form as the file stands: what a review starts from.
    fn of(v: &FileView) -> Self {
        let f = &v.file;
        let mut causes = f.secondary_causes.split(',').filter(|c| !c.is_empty()).map(str::to_owned);
        let ex = |e: &str| f.exclusions.split(',').any(|x| x == e).then(|| "1".to_owned());
        let mut household = std::collections::HashMap::new();
        for (n, h) in v.sealed.household.iter().enumerate() {
            household.insert(format!("hh_name_{n}"), h.name.clone());
            household.insert(format!("hh_relation_{n}"), h.relation.clone());
            household.insert(format!("hh_age_{n}"), h.age.map(|a| a.to_string()).unwrap_or_default());
            household.insert(format!("hh_health_{n}"), h.health.clone().unwrap_or_default());
            household.insert(format!("hh_income_{n}"), h.income_fen.map(yuan).unwrap_or_default());
        }
        FileForm {
            member_id: f.member_id.to_string(),
            household_size: f.household_size.to_string(),
            income: yuan(v.sealed.annual_income_fen),
            spending: yuan(v.sealed.hardship_spending_fen),
            accident: f.accident.then(|| "1".to_owned()),
            ex_two_homes: ex("two_homes"),
            ex_employer: ex("employer"),
            ex_private_school: ex("private_school"),
            ex_private_car: ex("private_car"),
            main_cause: f.main_cause.clone(),
            cause2: causes.next().unwrap_or_default(),
            cause3: causes.next().unwrap_or_default(),
            cause4: causes.next().unwrap_or_default(),
            situation: v.sealed.situation.clone().unwrap_or_default(),
            category: if f.category != f.computed_category { f.category.clone() } else { String::new() },
            override_reason: f.override_reason.clone().unwrap_or_default(),
            household,
        }
    }

    /// The typed figures as the service's input; unparseable numbers are
    /// recorded in `errors` naming their field.
    fn input(&self, errors: &mut FormErrors) -> FileInput {
        let size = match self.household_size.trim().parse::<i64>() {
            Ok(n) => n,
            Err(_) => {
                errors.items.push(("household_size".into(), "家庭人口应填写整数，如3".into()));
                0
            }
        };
        let income = fen_of(errors, "annual_income_fen", "家庭年可支配收入", &self.income);
        let spending = fen_of(errors, "hardship_spending_fen", "刚性支出", &self.spending);
        let mut household = Vec::new();
        for n in 0..HOUSEHOLD_ROWS {
            let (name, relation) = (self.hh("name", &n).trim(), self.hh("relation", &n).trim());
            let (age, health, income) =
                (self.hh("age", &n).trim(), self.hh("health", &n).trim(), self.hh("income", &n).trim());
            if [name, relation, age, health, income].iter().all(|c| c.is_empty()) {
                continue;
            }
            let age = match age {
                "" => None,
                a => match a.parse::<i64>() {
                    Ok(a) => Some(a),
                    Err(_) => {
                        errors.items.push((
                            format!("household[{n}].age"),
                            format!("第{}行家庭成员的年龄应填写整数", n + 1),
                        ));
                        None
                    }
                },
            };
            let income = (!income.is_empty()).then(|| {
                fen_of(
                    errors,
                    &format!("household[{n}].income_fen"),
                    &format!("第{}行家庭成员的年收入", n + 1),
                    income,
                )
            });
            household.push(HouseholdMember {
                name: name.to_owned(),
                relation: relation.to_owned(),
                age,
                health: (!health.is_empty()).then(|| health.to_owned()),
                income_fen: income,
            });
        }
        FileInput {
            member_id: Uuid::parse_str(self.member_id.trim()).ok(),
            household_size: size,
            annual_income_fen: income,
            hardship_spending_fen: spending,
            accident: self.accident.is_some(),
            exclusions: Exclusion::ALL
                .iter()
                .filter(|e| self.checked(e.as_str()))
                .map(|e| e.as_str().to_owned())
                .collect(),
            main_cause: Some(self.main_cause.clone()),
            secondary_causes: vec![self.cause2.clone(), self.cause3.clone(), self.cause4.clone()],
            household,
            situation: Some(self.situation.clone()),
            category: Some(self.category.clone()),
            override_reason: Some(self.override_reason.clone()),
        }
    }

    fn checked(&self, ex: &str) -> bool {
        match ex {
            "two_homes" => self.ex_two_homes.is_some(),
            "employer" => self.ex_employer.is_some(),
            "private_school" => self.ex_private_school.is_some(),
            "private_car" => self.ex_private_car.is_some(),
            _ => false,
        }
    }
}

/// The file form: a new file (`review` None) or a file's review.
async fn file_form(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    review: Option<(Uuid, &str)>,
    form: FileForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let (heading, action) = match review {
        Some((id, name)) => {
            (format!("复核{name}的困难职工档案"), format!("{}/files/{id}/review", base(union_id)))
        }
        None => ("建立困难职工档案".to_owned(), format!("{}/files", base(union_id))),
    };
    let crumb = match review {
        Some(_) => action.clone(),
        None => format!("{}/files/new", base(union_id)),
    };
    let (layout, _) = union_page(state, p, union_id, &heading, Some(crumb)).await?;
    let members = if review.is_some() { None } else { member_choices(state, union_id).await? };
    Ok(render_status(
        status,
        &FileFormPage {
            layout,
            union_id,
            action,
            heading,
            review: review.is_some(),
            rows: (0..HOUSEHOLD_ROWS).collect(),
            members,
            causes: opts(&Cause::ALL, Cause::as_str, Cause::label),
            exclusions: opts(&Exclusion::ALL, Exclusion::as_str, Exclusion::label),
            categories: opts(&Category::ALL, Category::as_str, Category::label),
            form,
            errors,
        },
    ))
}

pub async fn new_file(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    file_form(&state, &p, union_id, None, FileForm::default(), FormErrors::default(), StatusCode::OK).await
}

pub async fn create_file(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<FileForm>,
) -> PageResult {
    let mut errors = FormErrors::default();
    let input = f.input(&mut errors);
    if errors.is_empty() {
        match files::create(&state, &p, union_id, &input).await {
            Ok((file, _)) => {
                let msg = format!("档案已建立，测算为{}，待审批", category_label(&file.computed_category));
                return Ok(redirect_with_flash(
                    &state,
                    &p,
                    &format!("{}/files/{}", base(union_id), file.id),
                    &msg,
                )
                .await);
            }
            Err(e) => errors = FormErrors::from_error(&e),
        }
    }
    file_form(&state, &p, union_id, None, f, errors, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// The review form, starting from the file as it stands (opening it is a
/// logged view like any other).
pub async fn review_file_form(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let v = files::open(&state, &p, union_id, id).await?;
    let form = FileForm::of(&v);
    file_form(&state, &p, union_id, Some((id, &v.member_name)), form, FormErrors::default(), StatusCode::OK)
        .await
}

pub async fn review_file(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<FileForm>,
) -> PageResult {
    let mut errors = FormErrors::default();
    let input = f.input(&mut errors);
    if errors.is_empty() {
        match files::review(&state, &p, union_id, id, &input).await {
            Ok((file, _)) => {
                let msg = format!("已复核，测算为{}，待审批", category_label(&file.computed_category));
                return Ok(
                    redirect_with_flash(&state, &p, &format!("{}/files/{id}", base(union_id)), &msg).await
                );
            }
            Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
            Err(e) => errors = FormErrors::from_error(&e),
        }
    }
    let name = files::member_name(&state, union_id, id).await?;
    file_form(&state, &p, union_id, Some((id, &name)), f, errors, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[derive(Template)]
#[template(path = "care/file.html")]
struct FilePage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    v: FileView,
    close_reasons: Vec<(String, String)>,
}

pub async fn file(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let v = files::open(&state, &p, union_id, id).await?;
    let (layout, can) = union_page(
        &state,
        &p,
        union_id,
        &format!("{}的困难职工档案", v.member_name),
        Some(format!("{}/files/{id}", base(union_id))),
    )
    .await?;
    Ok(render(&FilePage {
        layout,
        union_id,
        can,
        v,
        close_reasons: opts(&CloseReason::ALL, CloseReason::as_str, CloseReason::label),
    }))
}

#[derive(Deserialize, Default)]
pub struct DecisionForm {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub reason: String,
}

pub async fn decide_file(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<DecisionForm>,
) -> PageResult {
    let msg = match files::decide(&state, &p, union_id, id, f.decision == "approve", &f.reason).await {
        Ok(file) => {
            if file.status == "approved" {
                "档案已审批通过".to_owned()
            } else {
                "档案已退回".to_owned()
            }
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => format!("未能办理：{}", e.0.message),
    };
    Ok(redirect_with_flash(&state, &p, &format!("{}/files/{id}", base(union_id)), &msg).await)
}

pub async fn close_file(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<DecisionForm>,
) -> PageResult {
    let msg = match files::close(&state, &p, union_id, id, &f.decision, &f.reason).await {
        Ok(_) => "档案已关闭，保存10年".to_owned(),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => format!("未能关闭：{}", e.0.message),
    };
    Ok(redirect_with_flash(&state, &p, &format!("{}/files/{id}", base(union_id)), &msg).await)
}

pub async fn file_document(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    mp: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let msg = match file_field(mp).await {
        Ok((name, ct, bytes)) => {
            match files::add_document(&state, &p, union_id, "file", id, &name, &ct, &bytes).await {
                Ok(d) => format!("已上传{}", d.file_name),
                Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
                Err(e) => format!("未能上传：{}", e.0.message),
            }
        }
        Err(e) => format!("未能上传：{}", e.0.message),
    };
    Ok(redirect_with_flash(&state, &p, &format!("{}/files/{id}", base(union_id)), &msg).await)
}

pub async fn document(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let (d, bytes) = files::document(&state, &p, union_id, id).await?;
    let ascii: String =
        d.file_name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '_' }).collect();
    Ok((
        [
            (header::CONTENT_TYPE, d.content_type.clone()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{ascii}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

// --- Assistance -----------------------------------------------------------------

#[derive(Template)]
#[template(path = "care/assistance.html")]
struct AssistancePage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    year: i32,
    rows: Vec<(store::care::Assistance, String)>,
    total: String,
    members: Option<Vec<(String, String)>>,
    approvers: Vec<app::finance::service::Approver>,
    items: Vec<(String, String)>,
    forms: Vec<(String, String)>,
    form: AidForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default, Clone)]
pub struct AidForm {
    #[serde(default)]
    pub member_id: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub item: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub form: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub approver_user_id: String,
    #[serde(default)]
    pub delivered_by: String,
    #[serde(default)]
    pub goods: String,
    #[serde(default)]
    pub idempotency_key: String,
    /// The life event this condolence answers (from the care home's list).
    #[serde(default)]
    pub event_id: String,
    #[serde(default)]
    pub confirm_below_zero: String,
}

#[derive(Deserialize)]
pub struct YearParams {
    pub year: Option<i32>,
    /// Prefill the form from this life event's condolence due.
    pub event: Option<Uuid>,
}

async fn assistance_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    year: i32,
    event: Option<Uuid>,
    typed: Option<(AidForm, FormErrors, StatusCode)>,
) -> PageResult {
    let (layout, can) =
        union_page(state, p, union_id, "帮扶慰问发放", Some(format!("{}/assistance", base(union_id))))
            .await?;
    let rows = aid::list(state, union_id, year, None).await?;
    let total = yuan(rows.iter().map(|(a, _)| a.amount_fen).sum::<i64>());
    let members = if can.pay { member_choices(state, union_id).await? } else { None };
    let approvers =
        if can.pay { app::finance::service::approvers(state, union_id).await? } else { Vec::new() };
    let items = [
        Item::Assistance,
        Item::Hospital,
        Item::Marriage,
        Item::Childbirth,
        Item::DeathMember,
        Item::DeathRelative,
        Item::Retirement,
    ];
    let (form, errors, status) = match typed {
        Some(t) => t,
        None => {
            let mut f = AidForm {
                date: files::today().to_string(),
                idempotency_key: Uuid::new_v4().to_string(),
                ..Default::default()
            };
            // From a life event: its member, item and the amount still due.
            if let Some(id) = event {
                let e = aid::event(state, union_id, id).await?;
                f.member_id = e.member_id.to_string();
                f.item = e.item.clone();
                f.amount = e.due_fen.filter(|d| *d > 0).map(yuan).unwrap_or_default();
                f.form = Form::Cash.as_str().into();
                f.reason = format!("{}慰问", EventKind::parse(&e.kind).map_or("", |k| k.label()));
                f.event_id = e.id.to_string();
            }
            (f, FormErrors::default(), StatusCode::OK)
        }
    };
    Ok(render_status(
        status,
        &AssistancePage {
            layout,
            union_id,
            can,
            year,
            rows,
            total,
            members,
            approvers,
            items: opts(&items, Item::as_str, Item::label),
            forms: opts(&[Form::Cash, Form::Goods, Form::NamedGoodsVoucher], Form::as_str, Form::label),
            form,
            errors,
        },
    ))
}

pub async fn assistance(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearParams>,
) -> PageResult {
    let year = q.year.unwrap_or_else(|| chrono::Datelike::year(&files::today()));
    assistance_page(&state, &p, union_id, year, q.event, None).await
}

pub async fn pay(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<AidForm>,
) -> PageResult {
    let mut errors = FormErrors::default();
    let amount = fen_of(&mut errors, "amount_fen", "金额", &f.amount);
    let year = parse_date(&f.date)
        .map_or_else(|| chrono::Datelike::year(&files::today()), |d| chrono::Datelike::year(&d));
    if errors.is_empty() {
        let i = AidInput {
            member_id: Uuid::parse_str(f.member_id.trim()).ok(),
            kind: if f.item == "assistance" { "assistance".into() } else { "condolence".into() },
            item: f.item.clone(),
            holiday: None,
            reason: f.reason.clone(),
            amount_fen: amount,
            goods: Some(f.goods.clone()),
            form: f.form.clone(),
            date: parse_date(&f.date),
            approver_user_id: f.approver_user_id.trim().parse().ok(),
            delivered_by: Some(f.delivered_by.clone()),
            surgery: false,
            account: None,
            exception: None,
            idem_key: Some(f.idempotency_key.clone()),
            event_id: Uuid::parse_str(f.event_id.trim()).ok(),
            confirm_below_zero: f.confirm_below_zero == "1",
        };
        match aid::pay(&state, &p, union_id, &i).await {
            Ok(a) => {
                let msg = format!("已发放{}元，批准人{}，凭证已生成", yuan(a.amount_fen), a.approved_by);
                return Ok(redirect_with_flash(
                    &state,
                    &p,
                    &format!("{}/assistance?year={}", base(union_id), a.year),
                    &msg,
                )
                .await);
            }
            Err(e) => errors = FormErrors::from_error(&e),
        }
    }
    assistance_page(&state, &p, union_id, year, None, Some((f, errors, StatusCode::UNPROCESSABLE_ENTITY)))
        .await
}

// --- Campaigns -------------------------------------------------------------------

#[derive(Template)]
#[template(path = "care/campaigns.html")]
struct CampaignsPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    rows: Vec<(Uuid, String, String, String, String)>,
}

pub async fn campaigns(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> PageResult {
    let (layout, can) =
        union_page(&state, &p, union_id, "帮扶活动与节日慰问", Some(format!("{}/campaigns", base(union_id))))
            .await?;
    let rows = aid::campaigns(&state, union_id)
        .await?
        .into_iter()
        .map(|c| {
            (
                c.id,
                CampaignKind::parse(&c.kind).map_or("", |k| k.label()).to_owned(),
                c.title,
                c.pay_date.to_string(),
                campaign_status(&c.status).to_owned(),
            )
        })
        .collect();
    Ok(render(&CampaignsPage { layout, union_id, can, rows }))
}

#[derive(Template)]
#[template(path = "care/campaign_form.html")]
struct CampaignFormPage {
    layout: Layout,
    union_id: Uuid,
    kinds: Vec<(String, String)>,
    holidays: Vec<(String, String)>,
    forms: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    form: CampaignForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default, Clone)]
pub struct CampaignForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub holiday: String,
    #[serde(default)]
    pub form: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub goods: String,
    #[serde(default)]
    pub pay_date: String,
    #[serde(default)]
    pub cat_deep: Option<String>,
    #[serde(default)]
    pub cat_relative: Option<String>,
    #[serde(default)]
    pub cat_accident: Option<String>,
    #[serde(default)]
    pub hardship_flag: Option<String>,
    #[serde(default)]
    pub model_worker: Option<String>,
    #[serde(default)]
    pub birth_month: String,
}

impl CampaignForm {
    fn cat(&self, c: &str) -> bool {
        match c {
            "deep" => self.cat_deep.is_some(),
            "relative" => self.cat_relative.is_some(),
            "accident" => self.cat_accident.is_some(),
            _ => false,
        }
    }
}

async fn campaign_form(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    form: CampaignForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let (layout, _) =
        union_page(state, p, union_id, "新建活动", Some(format!("{}/campaigns/new", base(union_id)))).await?;
    Ok(render_status(
        status,
        &CampaignFormPage {
            layout,
            union_id,
            kinds: opts(&CampaignKind::ALL, CampaignKind::as_str, CampaignKind::label),
            holidays: opts(&Holiday::ALL, Holiday::as_str, Holiday::label),
            forms: opts(
                &[Form::Goods, Form::NamedGoodsVoucher, Form::Cash, Form::CakeVoucher],
                Form::as_str,
                Form::label,
            ),
            categories: opts(
                &[Category::Deep, Category::Relative, Category::Accident],
                Category::as_str,
                Category::label,
            ),
            form,
            errors,
        },
    ))
}

pub async fn new_campaign(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> PageResult {
    let form = CampaignForm { pay_date: files::today().to_string(), ..Default::default() };
    campaign_form(&state, &p, union_id, form, FormErrors::default(), StatusCode::OK).await
}

pub async fn create_campaign(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<CampaignForm>,
) -> PageResult {
    let mut errors = FormErrors::default();
    let amount = fen_of(&mut errors, "amount_fen", "每人标准", &f.amount);
    let birth_month = match f.birth_month.trim() {
        "" => None,
        s => match s.parse::<u32>() {
            Ok(m) if (1..=12).contains(&m) => Some(m),
            _ => {
                errors.items.push(("birth_month".into(), "生日月份应为1到12".into()));
                None
            }
        },
    };
    if errors.is_empty() {
        let filter = Filter {
            categories: [Category::Deep, Category::Relative, Category::Accident]
                .into_iter()
                .filter(|c| f.cat(c.as_str()))
                .collect(),
            hardship_flag: f.hardship_flag.is_some(),
            model_worker: f.model_worker.is_some(),
            group_ids: Vec::new(),
            birth_month,
        };
        let i = CampaignInput {
            kind: f.kind.clone(),
            title: f.title.clone(),
            holiday: Some(f.holiday.clone()),
            form: f.form.clone(),
            amount_fen: amount,
            goods: Some(f.goods.clone()),
            account: None,
            pay_date: parse_date(&f.pay_date),
            filter,
        };
        match aid::create_campaign(&state, &p, union_id, &i).await {
            Ok((c, n)) => {
                let msg = format!("名单已生成，共{n}人，请审核");
                return Ok(redirect_with_flash(
                    &state,
                    &p,
                    &format!("{}/campaigns/{}", base(union_id), c.id),
                    &msg,
                )
                .await);
            }
            Err(e) => errors = FormErrors::from_error(&e),
        }
    }
    campaign_form(&state, &p, union_id, f, errors, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[derive(Template)]
#[template(path = "care/campaign.html")]
struct CampaignPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    c: store::care::Campaign,
    kind: String,
    status: String,
    filter: String,
    rows: Vec<store::care::Recipient>,
    total: String,
    words: String,
}

pub async fn campaign(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let (c, rows) = aid::campaign(&state, union_id, id).await?;
    let (layout, can) =
        union_page(&state, &p, union_id, &c.title, Some(format!("{}/campaigns/{id}", base(union_id))))
            .await?;
    let total_fen: i64 = rows.iter().map(|r| r.amount_fen).sum();
    let filter = serde_json::from_str::<Filter>(&c.filter).map(|f| f.describe()).unwrap_or_default();
    Ok(render(&CampaignPage {
        layout,
        union_id,
        can,
        kind: CampaignKind::parse(&c.kind).map_or("", |k| k.label()).to_owned(),
        status: campaign_status(&c.status).to_owned(),
        filter,
        rows,
        total: yuan(total_fen),
        words: in_words(total_fen),
        c,
    }))
}

#[derive(Deserialize, Default)]
pub struct RemoveForm {
    #[serde(default)]
    pub member_id: String,
}

pub async fn remove_recipient(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<RemoveForm>,
) -> PageResult {
    let member = Uuid::parse_str(f.member_id.trim()).map_err(|_| AppError::not_found())?;
    let msg = match aid::edit_recipient(&state, &p, union_id, id, member, None).await {
        Ok(()) => "已从名单中移除".to_owned(),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => e.0.message,
    };
    Ok(redirect_with_flash(&state, &p, &format!("{}/campaigns/{id}", base(union_id)), &msg).await)
}

pub async fn approve_campaign(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let msg = match aid::approve_campaign(&state, &p, union_id, id).await {
        Ok(_) => "名单已审核通过，可以发放".to_owned(),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => e.0.message,
    };
    Ok(redirect_with_flash(&state, &p, &format!("{}/campaigns/{id}", base(union_id)), &msg).await)
}

pub async fn pay_campaign(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let confirm = f.iter().any(|(k, v)| k == "confirm_below_zero" && v == "1");
    let msg = match aid::pay_campaign(&state, &p, union_id, id, confirm).await {
        Ok((_, n)) => format!("已发放{n}人，凭证已自动记账；请打印签收表"),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => format!("未发放：{}", e.0.message),
    };
    Ok(redirect_with_flash(&state, &p, &format!("{}/campaigns/{id}", base(union_id)), &msg).await)
}

#[derive(Template)]
#[template(path = "care/signoff.html")]
struct SignoffPage {
    union_name: String,
    c: store::care::Campaign,
    kind: String,
    rows: Vec<store::care::Recipient>,
    total: String,
    words: String,
}

pub async fn signoff(State(state): State<AppState>, Path((union_id, id)): Path<(Uuid, Uuid)>) -> PageResult {
    let (c, rows) = aid::campaign(&state, union_id, id).await?;
    let mut tx = state.db.read().await?;
    let union = app::org::load_union(&mut tx, union_id).await?;
    drop(tx);
    let total_fen: i64 = rows.iter().map(|r| r.amount_fen).sum();
    Ok(render(&SignoffPage {
        union_name: union.name,
        kind: CampaignKind::parse(&c.kind).map_or("", |k| k.label()).to_owned(),
        c,
        rows,
        total: yuan(total_fen),
        words: in_words(total_fen),
    }))
}

// --- Mutual aid, disclosure, my care ------------------------------------------------

#[derive(Template)]
#[template(path = "care/mutual_aid.html")]
struct MutualPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    plans: Vec<store::care::Plan>,
    presets: Vec<(usize, String)>,
    report: Vec<mutual::ReportLine>,
    renewals: Vec<(store::care::Enrolment, String)>,
    /// Enrolments covering today: (id, "name · plan · term") to claim under.
    covered: Vec<(Uuid, String)>,
    claims: Vec<(store::care::Claim, String)>,
    form: MutualForm,
    errors: FormErrors,
    approvers: Vec<app::finance::service::Approver>,
}

/// The mutual-aid forms share one struct: which form was sent is `action`.
#[derive(Deserialize, Default, Clone)]
pub struct MutualForm {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub preset: String,
    #[serde(default)]
    pub premium: String,
    #[serde(default)]
    pub plan_id: String,
    #[serde(default)]
    pub term_start: String,
    #[serde(default)]
    pub enrolment_id: String,
    #[serde(default)]
    pub event_date: String,
    #[serde(default)]
    pub claimed: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub approver_user_id: String,
    #[serde(default)]
    pub confirm_below_zero: String,
}

async fn mutual_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    typed: Option<(MutualForm, FormErrors)>,
) -> PageResult {
    let (layout, can) =
        union_page(state, p, union_id, "职工互助保障", Some(format!("{}/mutual-aid", base(union_id))))
            .await?;
    let plans = mutual::plans(state, union_id).await?;
    let today = files::today();
    let names: std::collections::HashMap<Uuid, &str> =
        plans.iter().map(|p| (p.id, p.name.as_str())).collect();
    let covered = mutual::enrolments(state, union_id, None, None)
        .await?
        .into_iter()
        .filter(|(e, _)| e.term_start <= today && e.term_end > today)
        .map(|(e, n)| {
            let plan = names.get(&e.plan_id).copied().unwrap_or("");
            (e.id, format!("{n} · {plan} · {}至{}", e.term_start, e.term_end))
        })
        .collect();
    let (form, errors, status) = match typed {
        Some((f, e)) => (f, e, StatusCode::UNPROCESSABLE_ENTITY),
        None => (
            MutualForm { term_start: today.to_string(), event_date: today.to_string(), ..Default::default() },
            FormErrors::default(),
            StatusCode::OK,
        ),
    };
    Ok(render_status(
        status,
        &MutualPage {
            layout,
            union_id,
            can,
            presets: domain::care::mutual_aid::presets()
                .into_iter()
                .enumerate()
                .map(|(i, r)| (i, format!("{}（每人每期{}元）", r.name, yuan(r.premium_fen))))
                .collect(),
            plans,
            report: mutual::report(state, union_id).await?,
            renewals: mutual::renewals_due(state, union_id).await?,
            covered,
            claims: mutual::claims(state, union_id, None).await?,
            form,
            errors,
            approvers: app::finance::service::approvers(state, union_id).await?,
        },
    ))
}

/// Back to the mutual-aid page with what happened.
async fn back_to_mutual(state: &AppState, p: &Principal, union_id: Uuid, msg: &str) -> Response {
    redirect_with_flash(state, p, &format!("{}/mutual-aid", base(union_id)), msg).await
}

pub async fn mutual_aid(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> PageResult {
    mutual_page(&state, &p, union_id, None).await
}

/// Sets up a plan from the shipped presets (the premium may be the local
/// one); the finer terms are edited through the API.
pub async fn add_plan(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<MutualForm>,
) -> PageResult {
    let mut errors = FormErrors::default();
    let preset = f
        .preset
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|i| domain::care::mutual_aid::presets().get(i).cloned());
    let Some(mut rule) = preset else {
        errors.items.push(("preset".into(), "请选择保障计划".into()));
        return mutual_page(&state, &p, union_id, Some((f, errors))).await;
    };
    if !f.premium.trim().is_empty() {
        rule.premium_fen = fen_of(&mut errors, "premium_fen", "保费", &f.premium);
    }
    if errors.is_empty() {
        match mutual::add_plan(&state, &p, union_id, &rule).await {
            Ok(plan) => {
                let msg = format!("已设立“{}”", plan.name);
                return Ok(back_to_mutual(&state, &p, union_id, &msg).await);
            }
            Err(e) => errors = FormErrors::from_error(&e),
        }
    }
    mutual_page(&state, &p, union_id, Some((f, errors))).await
}

/// Enrols the whole unit (every eligible active member not yet covered) in
/// a plan: the participation rule is checked on that number.
pub async fn enrol(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<MutualForm>,
) -> PageResult {
    let mut errors = FormErrors::default();
    let plan_id = Uuid::parse_str(f.plan_id.trim()).ok();
    let term_start = parse_date(&f.term_start);
    match (plan_id, term_start) {
        (None, _) => errors.items.push(("plan_id".into(), "请选择保障计划".into())),
        (_, None) => {
            errors.items.push(("term_start".into(), "保障起始日期应为 2026-01-01 这样的日期".into()))
        }
        (Some(plan_id), Some(start)) => {
            let result = match mutual::eligible_members(&state, union_id, plan_id, start).await {
                Ok(ids) => {
                    let pay = mutual::PremiumPayment {
                        approver_user_id: f.approver_user_id.trim().parse().ok(),
                        confirm_below_zero: f.confirm_below_zero == "1",
                    };
                    mutual::enrol(&state, &p, union_id, plan_id, &ids, &[], Some(start), pay).await
                }
                Err(e) => Err(e),
            };
            match result {
                Ok(rows) => {
                    let msg = format!("已参保{}人，保费凭证已生成（批准人记为审核人）", rows.len());
                    return Ok(back_to_mutual(&state, &p, union_id, &msg).await);
                }
                Err(e) => errors = FormErrors::from_error(&e),
            }
        }
    }
    mutual_page(&state, &p, union_id, Some((f, errors))).await
}

pub async fn file_claim(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<MutualForm>,
) -> PageResult {
    let mut errors = FormErrors::default();
    let claimed = fen_of(&mut errors, "claimed_fen", "申请金额", &f.claimed);
    if errors.is_empty() {
        let enrolment = Uuid::parse_str(f.enrolment_id.trim()).ok();
        match mutual::file_claim(
            &state,
            &p,
            union_id,
            enrolment,
            parse_date(&f.event_date),
            claimed,
            &f.description,
        )
        .await
        {
            Ok((_, proposed)) => {
                let msg = format!("理赔申请已登记，按计划可赔{}元，待审核", yuan(proposed));
                return Ok(back_to_mutual(&state, &p, union_id, &msg).await);
            }
            Err(e) => errors = FormErrors::from_error(&e),
        }
    }
    mutual_page(&state, &p, union_id, Some((f, errors))).await
}

#[derive(Deserialize, Default)]
pub struct AssessForm {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub approved: String,
    #[serde(default)]
    pub note: String,
}

pub async fn assess_claim(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<AssessForm>,
) -> PageResult {
    let approve = f.decision == "approve";
    let amount = match f.approved.trim() {
        "" => Ok(None),
        s => parse_yuan("approved_fen", "核定金额", s, false).map(Some),
    };
    let msg = match amount {
        Err(e) => format!("未能审核：{}", e.message),
        Ok(amount) => match mutual::assess(&state, &p, union_id, id, approve, amount, &f.note).await {
            Ok(c) if c.status == "approved" => {
                format!("已核定赔付{}元", c.approved_fen.map(yuan).unwrap_or_default())
            }
            Ok(_) => "已拒赔".to_owned(),
            Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
            Err(e) => format!("未能审核：{}", e.0.message),
        },
    };
    Ok(back_to_mutual(&state, &p, union_id, &msg).await)
}

pub async fn pay_claim(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let approver = f.iter().find(|(k, _)| k == "approver_user_id").and_then(|(_, v)| v.trim().parse().ok());
    let msg = match mutual::pay_claim(&state, &p, union_id, id, approver).await {
        Ok(c) => format!("已赔付{}元，凭证已自动记账", c.approved_fen.map(yuan).unwrap_or_default()),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => format!("未能赔付：{}", e.0.message),
    };
    Ok(back_to_mutual(&state, &p, union_id, &msg).await)
}

#[derive(Template)]
#[template(path = "care/disclosure.html")]
struct DisclosurePage {
    layout: Layout,
    union_id: Uuid,
    can_publish: bool,
    d: aid::AidDisclosure,
}

pub async fn disclosure(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearParams>,
) -> PageResult {
    let (layout, _) =
        union_page(&state, &p, union_id, "受助情况公示", Some(format!("{}/disclosure", base(union_id))))
            .await?;
    let year = q.year.unwrap_or_else(|| chrono::Datelike::year(&files::today()));
    let can_publish = app::disclosure::service::may_publish(&state, &p, union_id).await?;
    Ok(render(&DisclosurePage {
        layout,
        union_id,
        can_publish,
        d: aid::disclosure(&state, union_id, year).await?,
    }))
}

#[derive(Deserialize)]
pub struct YearForm {
    pub year: i32,
}

/// Publishes the year's list to the disclosure board and opens it there.
pub async fn publish_disclosure(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<YearForm>,
) -> PageResult {
    match aid::publish_disclosure(&state, &p, union_id, f.year).await {
        Ok(item) => Ok(redirect_with_flash(
            &state,
            &p,
            &format!("/unions/{union_id}/disclosure/{}", item.id),
            "受助名单已发布到公开栏",
        )
        .await),
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => Ok(redirect_with_flash(
            &state,
            &p,
            &format!("{}/disclosure?year={}", base(union_id), f.year),
            &format!("未能发布：{}", e.0.message),
        )
        .await),
    }
}

#[derive(Template)]
#[template(path = "care/me.html")]
struct MyPage {
    layout: Layout,
    m: me::MyCare,
}

pub async fn my_care(
    State(state): State<AppState>,
    p: Principal,
) -> Result<Response, crate::pages::PageError> {
    let m = me::my_care(&state, &p).await?;
    let layout = Layout::new(&state, &p, "me", "我的帮扶").await;
    Ok(render(&MyPage { layout, m }))
}

#[derive(Deserialize, Default)]
pub struct ConsentForm {
    #[serde(default)]
    pub consent: String,
}

/// Records the member's written consent (or its withdrawal) to be named on
/// the disclosure board; back to the member's page.
pub async fn consent(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, member_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<ConsentForm>,
) -> PageResult {
    let yes = match f.consent.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(
                AppError::field(domain::ErrorCode::InvalidValue, "consent", "请选择同意或撤回同意").into()
            );
        }
    };
    aid::set_consent(&state, &p, union_id, member_id, yes).await?;
    let msg = if yes { "已登记本人书面同意公示" } else { "已撤回公示同意" };
    Ok(redirect_with_flash(&state, &p, &format!("/unions/{union_id}/members/{member_id}#care"), msg).await)
}
