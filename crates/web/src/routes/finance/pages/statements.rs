//! 财务公开: the monthly statements published to the union's members.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::finance::ledger::BudgetState;
use domain::finance::money::fmt_yuan;
use domain::time::fmt_datetime;
use serde::Deserialize;
use uuid::Uuid;

use super::{Can, base, period_label, status_of, this_month, union_page};
use crate::extract::{PageForm, Path};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::AppError;
use app::finance::{dues, oversight};

pub struct StatementLineView {
    pub name: String,
    pub month: String,
    pub year: String,
}

pub struct StatementBudgetView {
    pub name: String,
    pub budget: String,
    pub actual: String,
    pub used: String,
    pub class: &'static str,
}

pub struct StatementView {
    pub title: String,
    pub period: String,
    pub published_by: String,
    pub published_at: String,
    pub income: Vec<StatementLineView>,
    pub expenditure: Vec<StatementLineView>,
    pub income_total: (String, String),
    pub expenditure_total: (String, String),
    pub surplus: (String, String),
    pub budget: Vec<StatementBudgetView>,
}

fn statement_view(s: oversight::PublishedStatement) -> StatementView {
    let c = s.content;
    let lines = |ls: Vec<oversight::StatementLine>| {
        ls.into_iter()
            .map(|l| StatementLineView {
                name: l.name,
                month: fmt_yuan(l.month_fen),
                year: fmt_yuan(l.year_fen),
            })
            .collect()
    };
    let pair = |(a, b): (i64, i64)| (fmt_yuan(a), fmt_yuan(b));
    StatementView {
        title: c.title,
        period: period_label(&s.period),
        published_by: s.published_by,
        published_at: fmt_datetime(s.published_at),
        income: lines(c.income),
        expenditure: lines(c.expenditure),
        income_total: pair(c.income_total),
        expenditure_total: pair(c.expenditure_total),
        surplus: pair(c.surplus),
        budget: c
            .budget
            .into_iter()
            .map(|b| StatementBudgetView {
                class: match domain::finance::ledger::budget_state(b.budget_fen, b.actual_fen) {
                    BudgetState::Exceeded => "over",
                    BudgetState::Warning => "warn",
                    BudgetState::Ok | BudgetState::NoBudget => "",
                },
                used: domain::finance::ledger::budget_used_label(b.budget_fen, b.actual_fen),
                name: b.name,
                budget: fmt_yuan(b.budget_fen),
                actual: fmt_yuan(b.actual_fen),
            })
            .collect(),
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct PublishForm {
    #[serde(default)]
    period: String,
}

#[derive(Template)]
#[template(path = "finance/statements.html")]
struct StatementsPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    statements: Vec<StatementView>,
    form: PublishForm,
    errors: FormErrors,
}

async fn statements_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    typed: Option<(PublishForm, AppError)>,
) -> PageResult {
    let list = oversight::statements(state, union_id).await?;
    let href = format!("{}/statements", base(union_id));
    let (layout, can, _) = union_page(state, p, union_id, "statements", "财务公开", Some(href)).await?;
    let status = status_of(typed.as_ref().map(|(_, e)| e));
    let (form, errors) = match typed {
        Some((f, e)) => (f, FormErrors::from_error(&e)),
        None => (PublishForm { period: this_month().prev().to_string() }, FormErrors::default()),
    };
    Ok(render_status(
        status,
        &StatementsPage {
            layout,
            union_id,
            can,
            nav: "statements",
            statements: list.into_iter().map(statement_view).collect(),
            form,
            errors,
        },
    ))
}

pub async fn statements(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> PageResult {
    statements_page(&state, &p, union_id, None).await
}

pub async fn publish_statement(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<PublishForm>,
) -> PageResult {
    let r = match dues::parse_month("period", &f.period) {
        Ok(period) => oversight::publish(&state, &p, union_id, period).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(c) => {
            let msg = format!("已发布{}，本会会员可以查看", c.title);
            Ok(redirect_with_flash(&state, &p, &format!("{}/statements", base(union_id)), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => statements_page(&state, &p, union_id, Some((f, e))).await,
    }
}
