//! The inspections list with its print and .xlsx, and the new-inspection
//! form built from the union's checklist template (a result for every
//! heading, the hazards of the day), which keeps what was typed.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::auth::Perm;
use domain::rights::inspection::{ChecklistItem, ItemResult, Severity};
use serde::Deserialize;
use uuid::Uuid;

use super::{base, date, layout, show_url, xlsx, ymd};
use crate::extract::{PageForm, Path, Query};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::AppResult;
use app::rights::inspection::read::{self, INSPECTION_HEADERS};
use app::rights::inspection::{FindingInput, InspectionInput, Listed, items_of};

#[derive(Deserialize, Default)]
pub struct YearQuery {
    #[serde(default)]
    pub year: Option<i32>,
}

pub struct Row {
    pub r: Listed,
    pub failed: String,
}

fn rows(list: Vec<Listed>) -> Vec<Row> {
    list.into_iter()
        .map(|r| {
            let failed: Vec<String> = items_of(&r.inspection)
                .into_iter()
                .filter(|i| i.result == ItemResult::Fail)
                .map(|i| i.label)
                .collect();
            Row { failed: failed.join("、"), r }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "rights/inspections/list.html")]
struct ListPage {
    layout: Layout,
    union_id: Uuid,
    can_manage: bool,
    year: String,
    rows: Vec<Row>,
}

pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let (layout, path) = layout(&state, &p, union_id, "劳动保护监督").await?;
    let list = read::list(&state, union_id, q.year).await?;
    Ok(render(&ListPage {
        layout,
        union_id,
        can_manage: p.can(Perm::RightsManage, Some(&path)),
        year: q.year.map(|y| y.to_string()).unwrap_or_default(),
        rows: rows(list),
    }))
}

#[derive(Template)]
#[template(path = "rights/inspections/list_print.html")]
struct ListPrint {
    union_name: String,
    union_id: Uuid,
    today: String,
    rows: Vec<Row>,
}

/// 劳动保护监督检查台帐, for paper.
pub async fn print(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let list = read::list(&state, union_id, q.year).await?;
    let today = ymd(&app::rights::inspection::today());
    Ok(render(&ListPrint { union_name: union.name, union_id, today, rows: rows(list) }))
}

/// 劳动保护监督检查台帐.xlsx.
pub async fn export(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let (union_name, rows) = read::inspections_sheet(&state, union_id, q.year).await?;
    let bytes = app::activity::exports::xlsx("监督检查台帐", &INSPECTION_HEADERS, rows).await?;
    Ok(xlsx(&format!("{union_name}劳动保护监督检查台帐.xlsx"), bytes))
}

// ---------------------------------------------------------------------------
// The new inspection

/// Hazard rows the form offers (more are added on the inspection's page).
const FINDING_ROWS: usize = 3;

#[derive(Default, Clone)]
pub struct FindingRow {
    pub item_code: String,
    pub description: String,
    pub severity: String,
    pub deadline: String,
}

/// The form as typed.
#[derive(Default, Clone)]
pub struct InspectionForm {
    pub inspected_on: String,
    pub scope: String,
    pub inspectors: String,
    pub note: String,
    /// (code, result, note) by heading.
    pub results: Vec<(String, String, String)>,
    pub findings: Vec<FindingRow>,
}

impl InspectionForm {
    fn blank(checklist: &[ChecklistItem]) -> InspectionForm {
        let mut f = InspectionForm {
            results: checklist.iter().map(|i| (i.code.clone(), String::new(), String::new())).collect(),
            ..Default::default()
        };
        f.findings.resize(FINDING_ROWS, FindingRow::default());
        f
    }

    fn from_pairs(pairs: Vec<(String, String)>, checklist: &[ChecklistItem]) -> InspectionForm {
        let mut f = InspectionForm::blank(checklist);
        f.findings.clear();
        for (k, v) in pairs {
            if let Some(code) = k.strip_prefix("result_") {
                if let Some(r) = f.results.iter_mut().find(|r| r.0 == code) {
                    r.1 = v;
                }
                continue;
            }
            if let Some(code) = k.strip_prefix("note_") {
                if let Some(r) = f.results.iter_mut().find(|r| r.0 == code) {
                    r.2 = v;
                }
                continue;
            }
            match k.as_str() {
                "inspected_on" => f.inspected_on = v,
                "scope" => f.scope = v,
                "inspectors" => f.inspectors = v,
                "note" => f.note = v,
                "f_item" => f.findings.push(FindingRow { item_code: v, ..Default::default() }),
                "f_description" | "f_severity" | "f_deadline" => {
                    if let Some(r) = f.findings.last_mut() {
                        match k.as_str() {
                            "f_description" => r.description = v,
                            "f_severity" => r.severity = v,
                            _ => r.deadline = v,
                        }
                    }
                }
                _ => {}
            }
        }
        while f.findings.len() < FINDING_ROWS {
            f.findings.push(FindingRow::default());
        }
        f
    }

    fn input(&self) -> AppResult<InspectionInput> {
        let mut findings = Vec::new();
        for r in &self.findings {
            if r.description.trim().is_empty() && r.deadline.trim().is_empty() {
                continue;
            }
            findings.push(FindingInput {
                item_code: r.item_code.clone(),
                description: r.description.clone(),
                severity: r.severity.clone(),
                deadline: date("deadline", "整改期限", &r.deadline)?,
            });
        }
        Ok(InspectionInput {
            inspected_on: date("inspected_on", "检查日期", &self.inspected_on)?,
            scope: self.scope.clone(),
            inspectors: self.inspectors.clone(),
            note: self.note.clone(),
            results: self.results.clone(),
            findings,
        })
    }
}

#[derive(Template)]
#[template(path = "rights/inspections/new.html")]
struct NewPage {
    layout: Layout,
    union_id: Uuid,
    checklist: Vec<ChecklistItem>,
    form: InspectionForm,
    errors: FormErrors,
    results: Vec<(&'static str, &'static str)>,
    severities: Vec<(&'static str, &'static str)>,
}

impl NewPage {
    /// What was typed for a heading: (result, note).
    fn typed(&self, code: &str) -> (&str, &str) {
        self.form.results.iter().find(|r| r.0 == code).map_or(("", ""), |r| (r.1.as_str(), r.2.as_str()))
    }
}

async fn new_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    form: Option<InspectionForm>,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let (layout, _) = layout(state, p, union_id, "记录监督检查").await?;
    let layout = layout.crumb("记录监督检查", format!("{}/new", base(union_id)));
    let checklist = read::checklist(state, union_id).await?;
    let mut form = form.unwrap_or_else(|| InspectionForm::blank(&checklist));
    if form.inspected_on.is_empty() && errors.is_empty() {
        form.inspected_on = app::rights::inspection::today().to_string();
    }
    Ok(render_status(
        status,
        &NewPage {
            layout,
            union_id,
            checklist,
            form,
            errors,
            results: ItemResult::ALL.iter().map(|r| (r.as_str(), r.label())).collect(),
            severities: Severity::ALL.iter().map(|s| (s.as_str(), s.label())).collect(),
        },
    ))
}

pub async fn new_form(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    new_page(&state, &p, union_id, None, FormErrors::default(), StatusCode::OK).await
}

pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let checklist = read::checklist(&state, union_id).await?;
    let form = InspectionForm::from_pairs(pairs, &checklist);
    let r = match form.input() {
        Ok(input) => app::rights::inspection::create(&state, &p, union_id, &input).await,
        Err(e) => Err(e),
    };
    match r {
        Ok((i, findings)) => {
            let msg = if findings.is_empty() {
                "检查已记录".to_owned()
            } else {
                format!("检查已记录，发出整改通知书{}份", findings.len())
            };
            Ok(redirect_with_flash(&state, &p, &show_url(i.id), &msg).await)
        }
        Err(e) => new_page(&state, &p, union_id, Some(form), FormErrors::from_error(&e), e.status()).await,
    }
}
