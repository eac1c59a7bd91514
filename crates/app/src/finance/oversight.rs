//! Oversight: the monthly statement published to members (财务公开) and the
//! funds review committee's workspace (经审): findings with deadlines, every
//! policy exception, budget override and reopened month, and the year's
//! books for the audit report.

use chrono::NaiveDate;
use domain::ErrorCode;
use domain::UnionId;
use domain::finance::ledger::{Period, Span};
use domain::finance::money::fmt_yuan;
use domain::text;
use serde::{Deserialize, Serialize};
use store::finance::{BudgetOverride, Finding, PeriodEvent, PolicyException};
use uuid::Uuid;

use super::reports;
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// What members see: income and expenditure by account for the month and
/// the year, and how far each budget line is used.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StatementContent {
    pub period: String,
    pub title: String,
    pub income: Vec<StatementLine>,
    pub expenditure: Vec<StatementLine>,
    pub income_total: (i64, i64),
    pub expenditure_total: (i64, i64),
    pub surplus: (i64, i64),
    pub budget: Vec<BudgetLine>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StatementLine {
    pub code: String,
    pub name: String,
    pub month_fen: i64,
    pub year_fen: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BudgetLine {
    pub name: String,
    pub budget_fen: i64,
    pub actual_fen: i64,
    pub used_permille: i64,
}

pub async fn build_statement(
    state: &AppState,
    union_id: Uuid,
    period: Period,
) -> AppResult<StatementContent> {
    let span = Span { from: period, to: period };
    let is = reports::income_statement(state, union_id, span).await?;
    let budget = reports::budget_execution(state, union_id, period.year).await?;
    let top = |rows: &[domain::finance::ledger::StatementRow]| {
        rows.iter()
            .filter(|r| r.level == 1 && (r.first_fen != 0 || r.second_fen != 0))
            .map(|r| StatementLine {
                code: r.code.clone(),
                name: r.name.clone(),
                month_fen: r.first_fen,
                year_fen: r.second_fen,
            })
            .collect()
    };
    let mut tx = state.db.read().await?;
    let union = load_union(&mut tx, union_id).await?;
    Ok(StatementContent {
        period: period.to_string(),
        title: format!("{}{}财务收支公开", union.name, period.label()),
        income: top(&is.income),
        expenditure: top(&is.expenditure),
        income_total: is.income_total,
        expenditure_total: is.expenditure_total,
        surplus: is.surplus,
        budget: budget
            .iter()
            .filter(|b| b.budget_fen > 0)
            .map(|b| BudgetLine {
                name: b.name.clone(),
                budget_fen: b.budget_fen,
                actual_fen: b.actual_fen,
                used_permille: b.used_permille,
            })
            .collect(),
    })
}

/// The statement as the board's text: income and expenditure by first-level
/// account (this month, this year), totals, budget use.
fn statement_text(c: &StatementContent) -> String {
    let mut t = format!("{}\n\n收入（本月 / 本年累计，元）：\n", c.title);
    for l in &c.income {
        t.push_str(&format!("{}　{} / {}\n", l.name, fmt_yuan(l.month_fen), fmt_yuan(l.year_fen)));
    }
    t.push_str(&format!(
        "收入合计　{} / {}\n\n支出（本月 / 本年累计，元）：\n",
        fmt_yuan(c.income_total.0),
        fmt_yuan(c.income_total.1)
    ));
    for l in &c.expenditure {
        t.push_str(&format!("{}　{} / {}\n", l.name, fmt_yuan(l.month_fen), fmt_yuan(l.year_fen)));
    }
    t.push_str(&format!(
        "支出合计　{} / {}\n\n本年结余　{}元\n",
        fmt_yuan(c.expenditure_total.0),
        fmt_yuan(c.expenditure_total.1),
        fmt_yuan(c.surplus.1)
    ));
    if !c.budget.is_empty() {
        t.push_str("\n预算执行：\n");
        for b in &c.budget {
            t.push_str(&format!(
                "{}　预算{}元，已用{}元（{}.{}%）\n",
                b.name,
                fmt_yuan(b.budget_fen),
                fmt_yuan(b.actual_fen),
                b.used_permille / 10,
                b.used_permille % 10
            ));
        }
    }
    t
}

/// Publishes the month's statement: a snapshot of the books now. A month is
/// published once (a later correction shows in the next month's figures).
pub async fn publish(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    period: Period,
) -> AppResult<StatementContent> {
    let content = build_statement(state, union_id, period).await?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let s = store::finance::Statement {
        union_id,
        period: period.to_string(),
        content: serde_json::to_string(&content).map_err(|_| AppError::code(ErrorCode::Internal))?,
        published_by: p.display_name.clone(),
        published_at: store::now(),
    };
    if let Err(e) = store::finance::insert_statement(&mut tx, &s).await {
        return Err(if store::is_unique_violation(&e) {
            AppError::field(ErrorCode::Conflict, "period", format!("{}的财务公开已发布", period.label()))
        } else {
            e.into()
        });
    }
    // The statement also goes on the disclosure board (财务公开 is one of
    // its categories), in the same transaction.
    crate::disclosure::service::publish(
        &mut tx,
        p,
        union_id,
        crate::disclosure::service::NewItem {
            category: domain::disclosure::Category::Finance,
            title: content.title.clone(),
            period: period.label(),
            body: statement_text(&content),
            source: Some(format!("statement:{period}")),
        },
    )
    .await?;
    record(
        &mut tx,
        p.actor(),
        "finance.statement_publish",
        format!("statement:{period}"),
        Some((union_id, &union.path)),
        format!(
            "发布{}财务公开：收入{}元，支出{}元",
            period.label(),
            fmt_yuan(content.income_total.0),
            fmt_yuan(content.expenditure_total.0)
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(content)
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublishedStatement {
    pub period: String,
    pub published_by: String,
    pub published_at: chrono::DateTime<chrono::Utc>,
    pub content: StatementContent,
}

pub async fn statements(state: &AppState, union_id: Uuid) -> AppResult<Vec<PublishedStatement>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let rows = store::finance::statements(&mut tx, UnionId(union_id)).await?;
    Ok(rows
        .into_iter()
        .filter_map(|s| {
            Some(PublishedStatement {
                content: serde_json::from_str(&s.content).ok()?,
                period: s.period,
                published_by: s.published_by,
                published_at: s.published_at,
            })
        })
        .collect())
}

pub const FINDING_STATUSES: [(&str, &str); 3] =
    [("open", "待整改"), ("rectifying", "整改中"), ("closed", "已整改")];

pub fn finding_status_label(s: &str) -> &'static str {
    FINDING_STATUSES.iter().find(|(k, _)| *k == s).map(|(_, l)| *l).unwrap_or("")
}

pub async fn add_finding(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    title: &str,
    detail: &str,
    deadline: Option<NaiveDate>,
) -> AppResult<Finding> {
    let title = text::required_line("title", "问题", title, 100)?;
    let detail = text::multiline("detail", "详细说明", detail, 2000)?.unwrap_or_default();
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let now = store::now();
    let f = Finding {
        union_id,
        id: Uuid::now_v7(),
        title,
        detail,
        deadline,
        status: "open".into(),
        rectification: None,
        created_by: p.display_name.clone(),
        created_at: now,
        updated_at: now,
    };
    store::finance::insert_finding(&mut tx, &f).await?;
    let due = deadline.map(|d| format!("，整改期限{d}")).unwrap_or_default();
    record(
        &mut tx,
        p.actor(),
        "finance.finding_add",
        format!("finding:{}", f.id),
        Some((union_id, &union.path)),
        format!("经审发现问题：{}{due}", f.title),
    )
    .await?;
    tx.commit().await?;
    Ok(f)
}

pub async fn update_finding(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    status: &str,
    rectification: Option<&str>,
) -> AppResult<Finding> {
    if !FINDING_STATUSES.iter().any(|(k, _)| *k == status) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "status",
            "整改状态只能是 open（待整改）、rectifying（整改中）或 closed（已整改）",
        ));
    }
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut f =
        store::finance::finding(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)?;
    let note = text::multiline("rectification", "整改情况", rectification.unwrap_or(""), 2000)?;
    if status == "closed" && note.is_none() && f.rectification.is_none() {
        return Err(AppError::field(ErrorCode::Required, "rectification", "标记为已整改前，请填写整改情况"));
    }
    let before = f.status.clone();
    f.status = status.into();
    if note.is_some() {
        f.rectification = note;
    }
    f.updated_at = store::now();
    store::finance::update_finding(&mut tx, &f).await?;
    record(
        &mut tx,
        p.actor(),
        "finance.finding_update",
        format!("finding:{id}"),
        Some((union_id, &union.path)),
        format!(
            "经审问题“{}”：{} → {}",
            f.title,
            finding_status_label(&before),
            finding_status_label(status)
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(f)
}

/// Everything the auditor reviews beside the books.
#[derive(Debug)]
pub struct Workspace {
    pub findings: Vec<Finding>,
    pub exceptions: Vec<PolicyException>,
    pub overrides: Vec<BudgetOverride>,
    pub period_events: Vec<PeriodEvent>,
    /// This year's spending on accounts without a budget line.
    pub unbudgeted: Vec<reports::BudgetRow>,
}

pub async fn workspace(state: &AppState, union_id: Uuid) -> AppResult<Workspace> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let findings = store::finance::findings(&mut tx, UnionId(union_id)).await?;
    let exceptions = store::finance::exceptions(&mut tx, UnionId(union_id)).await?;
    let overrides = store::finance::budget_overrides(&mut tx, UnionId(union_id)).await?;
    let period_events = store::finance::period_events(&mut tx, UnionId(union_id)).await?;
    drop(tx);
    let year = chrono::Datelike::year(&super::service::today());
    let unbudgeted = reports::budget_execution(state, union_id, year)
        .await?
        .into_iter()
        .filter(|r| r.state == domain::finance::ledger::BudgetState::NoBudget && r.actual_fen != 0)
        .collect();
    Ok(Workspace { findings, exceptions, overrides, period_events, unbudgeted })
}

/// The year's posted lines as rows for the audit report workbook.
pub async fn year_books(state: &AppState, union_id: Uuid, year: i32) -> AppResult<Vec<Vec<String>>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let chart = super::service::chart_in(&mut tx, union_id).await?;
    let entries = store::finance::account_entries(
        &mut tx,
        UnionId(union_id),
        "",
        &format!("{year}-01"),
        &format!("{year}-12"),
    )
    .await?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let name = chart.iter().find(|a| a.code == e.account).map(|a| a.name.clone()).unwrap_or_default();
            vec![
                e.date.to_string(),
                format!("{}记{}", e.period, e.number),
                e.account,
                name,
                e.summary,
                fmt_yuan(e.debit_fen),
                fmt_yuan(e.credit_fen),
            ]
        })
        .collect())
}

pub const YEAR_BOOK_HEADERS: [&str; 7] = ["日期", "凭证号", "科目编码", "科目名称", "摘要", "借方", "贷方"];
