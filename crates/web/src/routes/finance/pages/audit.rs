//! 经审工作台: the funds review committee's findings and their
//! rectification, policy exceptions, budget overrides, reopened months,
//! and the year's books as .xlsx.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::ErrorCode;
use domain::finance::money::fmt_yuan;
use domain::finance::policy::Item;
use domain::time::{fmt_date, fmt_datetime, parse_date};
use serde::Deserialize;
use uuid::Uuid;

use super::periods::{EventRow, event_rows};
use super::{
    Can, XLSX, YearParams, account_name, base, blank, download, this_year, union_page, xlsx_bytes, year_of,
};
use crate::extract::{PageForm, Path, Query};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::AppError;
use app::finance::{oversight, service};

pub struct FindingRow {
    pub id: Uuid,
    pub title: String,
    pub detail: String,
    pub deadline: String,
    pub overdue: bool,
    pub status: &'static str,
    pub rectification: String,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    /// The update form as typed, and its error.
    pub form_status: String,
    pub form_rectification: String,
    pub error: Option<String>,
}

pub struct ExceptionRow {
    pub member_id: Uuid,
    pub item: &'static str,
    pub amount: String,
    pub rule: String,
    pub reason: String,
    pub approver: String,
    pub actor: String,
    pub at: String,
}

pub struct OverrideRow {
    pub voucher_id: Uuid,
    pub account: String,
    pub budget: String,
    pub actual: String,
    pub reason: String,
    pub approver: String,
    pub actor: String,
    pub at: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct FindingForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    deadline: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct FindingUpdateForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    rectification: String,
}

#[derive(Template)]
#[template(path = "finance/audit.html")]
struct AuditPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    findings: Vec<FindingRow>,
    add: FindingForm,
    add_errors: FormErrors,
    exceptions: Vec<ExceptionRow>,
    overrides: Vec<OverrideRow>,
    /// (account, name, spent) without a budget line this year.
    unbudgeted: Vec<(String, String, String)>,
    events: Vec<EventRow>,
    statuses: Vec<(&'static str, &'static str)>,
    year: i32,
}

enum AuditTyped {
    None,
    Add(FindingForm, AppError),
    Update(Uuid, FindingUpdateForm, AppError),
}

async fn audit_page(state: &AppState, p: &Principal, union_id: Uuid, typed: AuditTyped) -> PageResult {
    let w = oversight::workspace(state, union_id).await?;
    let chart = service::accounts(state, union_id).await?;
    let (layout, can, _) =
        union_page(state, p, union_id, "finance", "经审工作台", Some(format!("{}/audit", base(union_id))))
            .await?;
    let today = service::today();
    let (add, add_errors, update, status) = match typed {
        AuditTyped::None => (FindingForm::default(), FormErrors::default(), None, StatusCode::OK),
        AuditTyped::Add(f, e) => (f, FormErrors::from_error(&e), None, e.status()),
        AuditTyped::Update(id, f, e) => {
            let status = e.status();
            (FindingForm::default(), FormErrors::default(), Some((id, f, e.0.message)), status)
        }
    };
    let findings = w
        .findings
        .into_iter()
        .map(|f| {
            let typed = update.as_ref().filter(|(id, _, _)| *id == f.id);
            FindingRow {
                id: f.id,
                overdue: f.status != "closed" && f.deadline.is_some_and(|d| d < today),
                deadline: f.deadline.map(fmt_date).unwrap_or_default(),
                status: oversight::finding_status_label(&f.status),
                form_status: typed.map(|(_, t, _)| t.status.clone()).unwrap_or_else(|| f.status.clone()),
                form_rectification: typed
                    .map(|(_, t, _)| t.rectification.clone())
                    .unwrap_or_else(|| f.rectification.clone().unwrap_or_default()),
                error: typed.map(|(_, _, m)| m.clone()),
                title: f.title,
                detail: f.detail,
                rectification: f.rectification.unwrap_or_default(),
                created_by: f.created_by,
                created_at: fmt_datetime(f.created_at),
                updated_at: fmt_datetime(f.updated_at),
            }
        })
        .collect();
    Ok(render_status(
        status,
        &AuditPage {
            layout,
            union_id,
            can,
            nav: "audit",
            findings,
            add,
            add_errors,
            exceptions: w
                .exceptions
                .into_iter()
                .map(|e| ExceptionRow {
                    member_id: e.member_id,
                    item: Item::parse(&e.item).map(|i| i.label()).unwrap_or(""),
                    amount: fmt_yuan(e.amount_fen),
                    rule: e.rule,
                    reason: e.reason,
                    approver: e.approver,
                    actor: e.actor_name,
                    at: fmt_datetime(e.at),
                })
                .collect(),
            overrides: w
                .overrides
                .into_iter()
                .map(|o| OverrideRow {
                    voucher_id: o.voucher_id,
                    account: format!("{} {}", o.account, account_name(&chart, &o.account)),
                    budget: fmt_yuan(o.budget_fen),
                    actual: fmt_yuan(o.actual_fen),
                    reason: o.reason,
                    approver: o.approver,
                    actor: o.actor_name,
                    at: fmt_datetime(o.at),
                })
                .collect(),
            unbudgeted: w
                .unbudgeted
                .into_iter()
                .map(|r| (r.account, r.name, fmt_yuan(r.actual_fen)))
                .collect(),
            events: event_rows(w.period_events),
            statuses: oversight::FINDING_STATUSES.to_vec(),
            year: this_year(),
        },
    ))
}

pub async fn audit(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    audit_page(&state, &p, union_id, AuditTyped::None).await
}

pub async fn add_finding(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<FindingForm>,
) -> PageResult {
    let deadline = match f.deadline.trim() {
        "" => Ok(None),
        d => parse_date(d).map(Some).ok_or_else(|| {
            AppError::field(ErrorCode::InvalidDate, "deadline", "整改期限不正确，请按2026-12-31的格式填写")
        }),
    };
    let r = match deadline {
        Ok(deadline) => oversight::add_finding(&state, &p, union_id, &f.title, &f.detail, deadline).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(x) => {
            let msg = format!("已登记问题：{}", x.title);
            Ok(redirect_with_flash(&state, &p, &format!("{}/audit", base(union_id)), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => audit_page(&state, &p, union_id, AuditTyped::Add(f, e)).await,
    }
}

pub async fn update_finding(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<FindingUpdateForm>,
) -> PageResult {
    let rect = Some(f.rectification.as_str()).filter(|r| !blank(r));
    match oversight::update_finding(&state, &p, union_id, id, f.status.trim(), rect).await {
        Ok(x) => {
            let msg = format!("问题“{}”已更新为{}", x.title, oversight::finding_status_label(&x.status));
            Ok(redirect_with_flash(&state, &p, &format!("{}/audit", base(union_id)), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => audit_page(&state, &p, union_id, AuditTyped::Update(id, f, e)).await,
    }
}

pub async fn year_books(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearParams>,
) -> PageResult {
    let year = year_of(&q.year);
    let rows = oversight::year_books(&state, union_id, year).await?;
    let union = app::org::union(&state, union_id).await?;
    let bytes = xlsx_bytes(format!("{year}年账簿"), oversight::YEAR_BOOK_HEADERS.to_vec(), rows).await?;
    Ok(download(&format!("{}{year}年账簿.xlsx", union.name), XLSX, bytes))
}
