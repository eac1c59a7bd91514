//! 报表: the trial balance, balance sheet, income statement, general and
//! detail ledgers and budget execution as tables and .xlsx, and a
//! federation's roll-up of the unions below it.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::ErrorCode;
use domain::finance::ledger::{BudgetState, Span};
use domain::time::fmt_date;
use serde::Deserialize;
use uuid::Uuid;

use super::{Can, XLSX, base, blank, download, indent, union_page, xlsx_bytes};
use crate::extract::{Path, Query};
use crate::pages::{Layout, PageResult, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::finance::{reports, service};

/// A table of text with the same rows as the .xlsx export.
pub struct Table {
    pub headers: Vec<(&'static str, bool)>,
    pub rows: Vec<TableRow>,
}

pub struct TableRow {
    pub cells: Vec<Cell>,
    /// `total`, `lvl1`, `sub`, `warn` or `over`.
    pub class: &'static str,
}

pub struct Cell {
    pub text: String,
    /// An amount (right-aligned).
    pub num: bool,
}

const NUMERIC: &[&str] = &[
    "期初余额",
    "本期借方",
    "本期贷方",
    "期末余额",
    "年初数",
    "期末数",
    "本期数",
    "本年累计数",
    "借方",
    "贷方",
    "余额",
    "预算数",
    "实际支出",
    "结余",
    "执行率",
];

impl Table {
    fn new(
        headers: Vec<&'static str>,
        rows: Vec<Vec<String>>,
        class: impl Fn(usize, &[String]) -> &'static str,
    ) -> Table {
        let num: Vec<bool> = headers.iter().map(|h| NUMERIC.contains(h)).collect();
        let rows = rows
            .into_iter()
            .enumerate()
            .map(|(i, cells)| TableRow {
                class: class(i, &cells),
                cells: cells
                    .into_iter()
                    .enumerate()
                    .map(|(j, text)| Cell { text, num: num.get(j).copied().unwrap_or(false) })
                    .collect(),
            })
            .collect();
        Table { headers: headers.into_iter().zip(num).collect(), rows }
    }

    /// The headers and rows for .xlsx.
    fn into_sheet(self) -> (Vec<&'static str>, Vec<Vec<String>>) {
        let headers = self.headers.into_iter().map(|(h, _)| h).collect();
        let rows = self.rows.into_iter().map(|r| r.cells.into_iter().map(|c| c.text).collect()).collect();
        (headers, rows)
    }
}

fn statement_class(_: usize, cells: &[String]) -> &'static str {
    let name = cells.get(2).map(String::as_str).unwrap_or("");
    if name.ends_with("合计") || name == "收支结余" { "total" } else { "" }
}

// ---------------------------------------------------------------------------
// 报表

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Report {
    TrialBalance,
    BalanceSheet,
    IncomeStatement,
    GeneralLedger,
    DetailLedger,
    Budget,
}

const REPORTS: [(Report, &str, &str); 6] = [
    (Report::TrialBalance, "trial-balance", "试算平衡表"),
    (Report::BalanceSheet, "balance-sheet", "资产负债表"),
    (Report::IncomeStatement, "income-statement", "收入支出表"),
    (Report::GeneralLedger, "general-ledger", "总账"),
    (Report::DetailLedger, "detail-ledger", "明细账"),
    (Report::Budget, "budget", "预算执行表"),
];

fn report_of(slug: &str) -> AppResult<(Report, &'static str, &'static str)> {
    REPORTS.iter().find(|(_, s, _)| *s == slug).copied().ok_or_else(AppError::not_found)
}

#[derive(Deserialize, Default, Clone)]
pub struct ReportParams {
    #[serde(default)]
    period: String,
    #[serde(default)]
    account: String,
}

/// A report as a table: its title, the table (None: the detail ledger
/// without an account) and a note (balanced or not).
pub struct ReportData {
    pub title: String,
    pub table: Option<Table>,
    pub note: Option<Note>,
}

/// Whether a report balances, in words.
pub struct Note {
    pub ok: bool,
    pub text: String,
}

impl Note {
    fn new(ok: bool, yes: &str, no: &str) -> Note {
        Note { ok, text: if ok { yes } else { no }.to_owned() }
    }
}

async fn report_data(
    state: &AppState,
    union_id: Uuid,
    report: Report,
    name: &str,
    span: Span,
    account: &str,
) -> AppResult<ReportData> {
    let title = format!("{name} {}", span.label());
    Ok(match report {
        Report::TrialBalance => {
            let tb = reports::trial_balance(state, union_id, span).await?;
            let (headers, rows) = reports::trial_balance_rows(&tb);
            let last = rows.len().saturating_sub(1);
            let levels: Vec<usize> = tb.rows.iter().map(|r| r.level).collect();
            let table = Table::new(headers, rows, |i, _| match (i == last, levels.get(i)) {
                (true, _) => "total",
                (_, Some(1)) => "lvl1",
                _ => "",
            });
            let note = Note::new(
                tb.balanced,
                "借贷平衡：期初、本期发生额、期末余额的借方合计与贷方合计相等",
                "借贷不平衡，请检查记账凭证",
            );
            ReportData { title, table: Some(table), note: Some(note) }
        }
        Report::BalanceSheet => {
            let bs = reports::balance_sheet(state, union_id, span).await?;
            let (headers, rows) = reports::balance_sheet_rows(&bs);
            let note = Note::new(bs.balanced, "资产 = 负债 + 净资产，平衡", "资产不等于负债加净资产，请检查");
            ReportData { title, table: Some(Table::new(headers, rows, statement_class)), note: Some(note) }
        }
        Report::IncomeStatement => {
            let is = reports::income_statement(state, union_id, span).await?;
            let (headers, rows) = reports::income_statement_rows(&is);
            ReportData { title, table: Some(Table::new(headers, rows, statement_class)), note: None }
        }
        Report::GeneralLedger => {
            let gl = reports::general_ledger(state, union_id, span).await?;
            let (headers, rows) = reports::general_ledger_rows(&gl);
            let table = Table::new(headers, rows, |_, c| {
                if c.get(2).is_some_and(|c| c == "期初余额") { "sub" } else { "" }
            });
            ReportData { title, table: Some(table), note: None }
        }
        Report::DetailLedger => {
            if blank(account) {
                return Ok(ReportData { title, table: None, note: None });
            }
            let d = reports::detail_ledger(state, union_id, account.trim(), span).await?;
            let (headers, rows) = reports::detail_ledger_rows(&d);
            let last = rows.len().saturating_sub(1);
            let table = Table::new(headers, rows, |i, _| match i {
                0 => "sub",
                i if i == last => "total",
                _ => "",
            });
            ReportData {
                title: format!("{name} {} {} {}", d.code, d.name, span.label()),
                table: Some(table),
                note: None,
            }
        }
        Report::Budget => {
            let year = span.to.year;
            let rows = reports::budget_execution(state, union_id, year).await?;
            let states: Vec<BudgetState> = rows.iter().map(|r| r.state).collect();
            let (headers, cells) = reports::budget_rows(&rows);
            let table = Table::new(headers, cells, |i, _| match states.get(i) {
                Some(BudgetState::Exceeded) => "over",
                Some(BudgetState::Warning) => "warn",
                _ => "",
            });
            ReportData { title: format!("{name} {year}年"), table: Some(table), note: None }
        }
    })
}

#[derive(Template)]
#[template(path = "finance/report.html")]
struct ReportPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    slug: &'static str,
    union_name: String,
    reports: Vec<(&'static str, &'static str)>,
    f: ReportParams,
    accounts: Vec<(String, String)>,
    data: Option<ReportData>,
    error: Option<String>,
    export: String,
    today: String,
}

pub async fn report(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, slug)): Path<(Uuid, String)>,
    Query(f): Query<ReportParams>,
) -> PageResult {
    let (report, slug, name) = report_of(&slug)?;
    let chart =
        if report == Report::DetailLedger { service::accounts(&state, union_id).await? } else { Vec::new() };
    let (data, error) = match reports::parse_span(Some(&f.period)) {
        Ok(span) => match report_data(&state, union_id, report, name, span, &f.account).await {
            Ok(d) => (Some(d), None),
            Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
            Err(e) => (None, Some(e.0.message)),
        },
        Err(e) => (None, Some(e.0.message)),
    };
    let query = serde_urlencoded::to_string([("period", f.period.as_str()), ("account", f.account.as_str())])
        .unwrap_or_default();
    let href = format!("{}/reports/{slug}", base(union_id));
    let (layout, can, union_name) =
        union_page(&state, &p, union_id, "finance", name, Some(href.clone())).await?;
    let status = if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    Ok(render_status(
        status,
        &ReportPage {
            layout,
            union_id,
            can,
            nav: "reports",
            slug,
            union_name,
            reports: REPORTS.iter().map(|(_, s, n)| (*s, *n)).collect(),
            accounts: chart
                .iter()
                .map(|a| (a.code.clone(), format!("{}{} {}", indent(&a.code), a.code, a.name)))
                .collect(),
            data,
            error,
            export: format!("{href}/export.xlsx?{query}"),
            today: fmt_date(service::today()),
            f,
        },
    ))
}

pub async fn report_xlsx(
    State(state): State<AppState>,
    Path((union_id, slug)): Path<(Uuid, String)>,
    Query(f): Query<ReportParams>,
) -> PageResult {
    let (report, _, name) = report_of(&slug)?;
    let span = reports::parse_span(Some(&f.period))?;
    if report == Report::DetailLedger && blank(&f.account) {
        return Err(AppError::field(ErrorCode::InvalidQuery, "account", "请指定明细账的科目编码").into());
    }
    let data = report_data(&state, union_id, report, name, span, &f.account).await?;
    let Some(table) = data.table else { return Err(AppError::not_found().into()) };
    let union = app::org::union(&state, union_id).await?;
    let (headers, rows) = table.into_sheet();
    let bytes = xlsx_bytes(name.to_owned(), headers, rows).await?;
    let file = format!("{}{}.xlsx", union.name, data.title.replace(' ', ""));
    Ok(download(&file, XLSX, bytes))
}

// ---------------------------------------------------------------------------
// 上级工会汇总

#[derive(Deserialize, Default, Clone)]
pub struct SpanParams {
    #[serde(default)]
    period: String,
}

#[derive(Template)]
#[template(path = "finance/rollup.html")]
struct RollupPage {
    layout: Layout,
    org_id: Uuid,
    org_name: String,
    period: String,
    error: Option<String>,
    tables: Vec<ReportData>,
    children: Vec<(String, String, &'static str)>,
}

pub async fn rollup(
    State(state): State<AppState>,
    p: Principal,
    Path(org_id): Path<Uuid>,
    Query(q): Query<SpanParams>,
) -> PageResult {
    let detail = app::org::service::detail(&state, org_id).await?;
    let (tables, error) = match reports::parse_span(Some(&q.period)) {
        Ok(span) => {
            let r = reports::rollup(&state, org_id, span).await?;
            let (h, rows) = reports::trial_balance_rows(&r.trial_balance);
            let last = rows.len().saturating_sub(1);
            let tb = Table::new(h, rows, |i, _| if i == last { "total" } else { "" });
            let tb_note = Note::new(r.trial_balance.balanced, "借贷平衡", "借贷不平衡，请检查所辖工会的账簿");
            let (h, rows) = reports::balance_sheet_rows(&r.balance_sheet);
            let bs = Table::new(h, rows, statement_class);
            let bs_note = Note::new(
                r.balance_sheet.balanced,
                "资产 = 负债 + 净资产，平衡",
                "资产不等于负债加净资产，请检查",
            );
            let (h, rows) = reports::income_statement_rows(&r.income_statement);
            let is = Table::new(h, rows, statement_class);
            let label = span.label();
            let tables = vec![
                ReportData { title: format!("收入支出表 {label}"), table: Some(is), note: None },
                ReportData {
                    title: format!("资产负债表 {label}"), table: Some(bs), note: Some(bs_note)
                },
                ReportData {
                    title: format!("试算平衡表 {label}"), table: Some(tb), note: Some(tb_note)
                },
            ];
            (tables, None)
        }
        Err(e) => (Vec::new(), Some(e.0.message)),
    };
    let children = detail
        .children
        .iter()
        .filter(|c| c.archived_at.is_none())
        .filter_map(|c| match c.kind.as_str() {
            "union" => Some((format!("/unions/{}/finance", c.id), c.name.clone(), "基层工会")),
            "federation" => {
                Some((format!("/orgs/{}/finance/rollup", c.id), c.name.clone(), "总工会（汇总）"))
            }
            _ => None,
        })
        .collect();
    let title = format!("{}财务汇总", detail.org.name);
    let layout = Layout::new(&state, &p, "finance", &title)
        .await
        .crumb(detail.org.name.clone(), format!("/orgs/{org_id}"))
        .crumb("财务汇总", format!("/orgs/{org_id}/finance/rollup"));
    let status = if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    Ok(render_status(
        status,
        &RollupPage { layout, org_id, org_name: detail.org.name, period: q.period, error, tables, children },
    ))
}
