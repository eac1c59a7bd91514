//! Hardship files (困难职工档案): list, the form of a new file or a review,
//! the file itself, its decision, closing and documents.

use crate::extract::Path;
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use domain::care::hardship::{Category, Cause, CloseReason, Exclusion};
use serde::Deserialize;
use uuid::Uuid;

use super::{Can, base, category_label, fen_of, opts, union_page, yuan};
use crate::extract::{PageForm, Query};
use crate::kit::file_field;
use crate::kit::member_choices;
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::care::files::{self, FileInput, FileView, HouseholdMember};

#[derive(Template)]
#[template(path = "care/files.html")]
struct FilesPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    status: String,
    overdue: bool,
    rows: Vec<app::care::FileListed>,
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
