//! One inspection: its checklist results, the findings with their
//! follow-ups, the forms to add a finding, follow one up or close it (a
//! refused step comes back with what was typed), and the printable 整改通知书.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::auth::Perm;
use domain::rights::inspection::Severity;
use serde::Deserialize;
use uuid::Uuid;

use super::{date, layout, show_url};
use crate::extract::{PageForm, Path};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::AppResult;
use app::rights::inspection::read::{self, FindingView, InspectionView};
use app::rights::inspection::{self as service, FindingInput, FollowupInput};

/// Every field of the step forms, as typed.
#[derive(Deserialize, Default, Clone)]
pub struct StepForm {
    #[serde(default)]
    pub item_code: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub severity: String,
    #[serde(default)]
    pub deadline: String,
    #[serde(default)]
    pub checked_on: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub rectifying: Option<String>,
}

#[derive(Template)]
#[template(path = "rights/inspections/show.html")]
struct ShowPage {
    layout: Layout,
    v: InspectionView,
    can_manage: bool,
    form: StepForm,
    /// The form the errors belong to: `finding`, `follow-<id>`, `close-<id>`.
    which: String,
    errors: FormErrors,
    today: String,
    severities: Vec<(&'static str, &'static str)>,
}

impl ShowPage {
    fn is(&self, which: &str, id: &Uuid) -> bool {
        self.which == format!("{which}-{id}")
    }

    fn err(&self, which: &str, id: &Uuid) -> Vec<String> {
        if self.is(which, id) {
            let mut v: Vec<String> = self.errors.items.iter().map(|(_, m)| m.clone()).collect();
            v.extend(self.errors.general.iter().cloned());
            v
        } else {
            Vec::new()
        }
    }
}

async fn show_page(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    form: StepForm,
    which: String,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let v = read::get(state, id).await?;
    let title = format!("{}监督检查", domain::time::fmt_date(v.inspection.inspected_on));
    let (layout, path) = layout(state, p, v.inspection.union_id, &title).await?;
    let layout = layout.crumb(title, show_url(id));
    Ok(render_status(
        status,
        &ShowPage {
            layout,
            can_manage: p.can(Perm::RightsManage, Some(&path)),
            v,
            form,
            which,
            errors,
            today: service::today().to_string(),
            severities: Severity::ALL.iter().map(|s| (s.as_str(), s.label())).collect(),
        },
    ))
}

pub async fn show(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    show_page(&state, &p, id, StepForm::default(), String::new(), FormErrors::default(), StatusCode::OK).await
}

async fn after<T>(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    form: StepForm,
    which: String,
    r: AppResult<T>,
    ok: &str,
) -> PageResult {
    match r {
        Ok(_) => Ok(redirect_with_flash(state, p, &show_url(id), ok).await),
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => show_page(state, p, id, form, which, FormErrors::from_error(&e), e.status()).await,
    }
}

pub async fn add_finding(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = async {
        let input = FindingInput {
            item_code: f.item_code.clone(),
            description: f.description.clone(),
            severity: f.severity.clone(),
            deadline: date("deadline", "整改期限", &f.deadline)?,
        };
        service::add_finding(&state, &p, id, &input).await
    }
    .await;
    after(&state, &p, id, f, "finding".to_owned(), r, "已登记隐患并下达整改通知书").await
}

pub async fn follow_up(
    State(state): State<AppState>,
    p: Principal,
    Path((id, finding_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = async {
        let input = FollowupInput {
            checked_on: date("checked_on", "复查日期", &f.checked_on)?,
            note: f.note.clone(),
            rectifying: f.rectifying.is_some(),
        };
        service::follow_up(&state, &p, id, finding_id, &input).await
    }
    .await;
    after(&state, &p, id, f, format!("follow-{finding_id}"), r, "复查已记录").await
}

pub async fn close(
    State(state): State<AppState>,
    p: Principal,
    Path((id, finding_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = async {
        let on = date("checked_on", "复查日期", &f.checked_on)?;
        service::close_finding(&state, &p, id, finding_id, on, &f.note).await
    }
    .await;
    after(&state, &p, id, f, format!("close-{finding_id}"), r, "隐患已整改销号").await
}

#[derive(Template)]
#[template(path = "rights/inspections/notice_print.html")]
struct NoticePrint {
    v: InspectionView,
    f: FindingView,
    year: i32,
    issued_on: String,
}

/// The printable 整改通知书 of one finding.
pub async fn notice(State(state): State<AppState>, Path((id, finding_id)): Path<(Uuid, Uuid)>) -> PageResult {
    let (v, f) = read::notice(&state, id, finding_id).await?;
    let year = chrono::Datelike::year(&v.inspection.inspected_on);
    let issued_on = domain::time::fmt_date(v.inspection.inspected_on);
    Ok(render(&NoticePrint { v, f, year, issued_on }))
}
