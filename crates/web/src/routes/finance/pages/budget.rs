//! 预算: the year's budget by expenditure account and its execution.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::finance::chart::Class;
use domain::finance::ledger::BudgetState;
use domain::finance::money::{fmt_yuan, parse_yuan};
use uuid::Uuid;

use super::{Can, YearParams, base, blank, field_error, indent, union_page, year_of, yuan_input};
use crate::extract::{PageForm, Path, Query};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::finance::{reports, service};

pub struct BudgetView {
    pub account: String,
    pub name: String,
    pub budget: String,
    pub actual: String,
    pub remaining: String,
    pub used: String,
    pub class: &'static str,
    pub state: &'static str,
}

pub struct BudgetField {
    pub code: String,
    pub label: String,
    pub value: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "finance/budget.html")]
struct BudgetPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    year: i32,
    rows: Vec<BudgetView>,
    budget_total: String,
    actual_total: String,
    form_year: String,
    fields: Vec<BudgetField>,
    errors: FormErrors,
}

/// The budget form as typed: the year, amounts by account, its errors.
struct BudgetTyped {
    year: String,
    amounts: Vec<(String, String)>,
    errors: FormErrors,
}

/// The budget page, with the form as typed when it was refused.
async fn budget_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    year: i32,
    typed: Option<BudgetTyped>,
    status: StatusCode,
) -> PageResult {
    let rows = reports::budget_execution(state, union_id, year).await?;
    let chart = service::accounts(state, union_id).await?;
    let (form_year, amounts, errors) = match typed {
        Some(t) => (t.year, t.amounts, t.errors),
        None => (
            year.to_string(),
            rows.iter()
                .filter(|r| r.budget_fen > 0)
                .map(|r| (r.account.clone(), yuan_input(r.budget_fen)))
                .collect(),
            FormErrors::default(),
        ),
    };
    let fields = chart
        .iter()
        .filter(|a| a.class == Class::Expenditure)
        .map(|a| BudgetField {
            code: a.code.clone(),
            label: format!("{}{} {}", indent(&a.code), a.code, a.name),
            value: amounts.iter().find(|(c, _)| *c == a.code).map(|(_, v)| v.clone()).unwrap_or_default(),
            error: errors.get(&format!("amount_{}", a.code)).map(str::to_owned),
        })
        .collect();
    let (layout, can, _) =
        union_page(state, p, union_id, "finance", "预算", Some(format!("{}/budget", base(union_id)))).await?;
    Ok(render_status(
        status,
        &BudgetPage {
            layout,
            union_id,
            can,
            nav: "budget",
            year,
            budget_total: fmt_yuan(rows.iter().map(|r| r.budget_fen).sum()),
            actual_total: fmt_yuan(rows.iter().map(|r| r.actual_fen).sum()),
            rows: rows
                .iter()
                .map(|r| BudgetView {
                    account: r.account.clone(),
                    name: r.name.clone(),
                    budget: fmt_yuan(r.budget_fen),
                    actual: fmt_yuan(r.actual_fen),
                    remaining: fmt_yuan(r.remaining_fen),
                    used: domain::finance::ledger::budget_used_label(r.budget_fen, r.actual_fen),
                    class: match r.state {
                        BudgetState::Exceeded => "over",
                        BudgetState::Warning => "warn",
                        BudgetState::Ok | BudgetState::NoBudget => "",
                    },
                    // The 执行率 column already says 无预算.
                    state: if r.state == BudgetState::NoBudget { "" } else { r.state.label() },
                })
                .collect(),
            form_year,
            fields,
            errors,
        },
    ))
}

pub async fn budget(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearParams>,
) -> PageResult {
    budget_page(&state, &p, union_id, year_of(&q.year), None, StatusCode::OK).await
}

pub async fn save_budget(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(fields): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let mut errors = FormErrors::default();
    let mut form_year = String::new();
    let mut amounts = Vec::new();
    for (k, v) in fields {
        if k == "year" {
            form_year = v;
        } else if let Some(code) = k.strip_prefix("amount_") {
            amounts.push((code.to_owned(), v));
        }
    }
    let year = form_year.trim().parse::<i32>().unwrap_or_else(|_| {
        errors.items.push(("year".into(), "年度应为四位数字，如2026".into()));
        0
    });
    let mut lines = Vec::new();
    for (code, v) in &amounts {
        if blank(v) {
            continue;
        }
        match parse_yuan(&format!("amount_{code}"), "预算金额", v, false) {
            Ok(fen) => lines.push((code.clone(), fen)),
            Err(e) => field_error(&mut errors, e),
        }
    }
    if !errors.is_empty() {
        let shown_year = year_of(&form_year);
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return budget_page(
            &state,
            &p,
            union_id,
            shown_year,
            Some(BudgetTyped { year: form_year, amounts, errors }),
            status,
        )
        .await;
    }
    match reports::set_budget(&state, &p, union_id, year, &lines).await {
        Ok(()) => {
            let total: i64 = lines.iter().map(|(_, a)| a).sum();
            let msg = format!("已保存{year}年预算：{}项，合计{}元", lines.len(), fmt_yuan(total));
            Ok(redirect_with_flash(&state, &p, &format!("{}/budget?year={year}", base(union_id)), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            let mut errors = FormErrors::from_error(&e);
            for (f, _) in errors.items.iter_mut() {
                let line = f
                    .strip_prefix("lines[")
                    .and_then(|r| r.split_once(']'))
                    .and_then(|(i, _)| i.parse::<usize>().ok())
                    .and_then(|i| lines.get(i));
                if let Some((code, _)) = line {
                    *f = format!("amount_{code}");
                }
            }
            let status = e.status();
            budget_page(
                &state,
                &p,
                union_id,
                year_of(&form_year),
                Some(BudgetTyped { year: form_year, amounts, errors }),
                status,
            )
            .await
        }
    }
}
