//! Reports from posted vouchers: 试算平衡表, 资产负债表, 收入支出表, 总账,
//! 明细账 and 预算执行, for one union or a federation's subtree (roll-up).

use domain::UnionId;
use std::collections::BTreeMap;

use domain::ErrorCode;
use domain::finance::chart::{Account, Class};
use domain::finance::ledger::{
    self, BalanceSheet, BudgetState, IncomeStatement, Movement, Period, Span, TrialBalance, budget_state,
};
use domain::finance::money::fmt_yuan;
use serde::Serialize;
use store::Tx;
use uuid::Uuid;

use super::service::chart_in;
use crate::AppState;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// The first period of any book: movements before a span start here.
const BEGINNING: &str = "2000-01";

pub fn parse_span(s: Option<&str>) -> AppResult<Span> {
    let s = s.map(str::trim).filter(|s| !s.is_empty());
    match s {
        None => {
            let p = Period::of(super::service::today());
            Ok(Span { from: p, to: p })
        }
        Some(s) => Span::parse(s).ok_or_else(|| {
            AppError::field(
                ErrorCode::InvalidQuery,
                "period",
                format!("期间“{s}”不正确：请填写如2026-11（月）、2026-Q4（季度）或2026（年度）"),
            )
        }),
    }
}

async fn tb_in(tx: &mut Tx, union_id: Uuid, chart: &[Account], span: Span) -> AppResult<TrialBalance> {
    let before = span.from.prev().to_string();
    let opening = if span.from.to_string().as_str() > BEGINNING {
        store::finance::movements(tx, UnionId(union_id), BEGINNING, &before).await?
    } else {
        BTreeMap::new()
    };
    let period =
        store::finance::movements(tx, UnionId(union_id), &span.from.to_string(), &span.to.to_string())
            .await?;
    Ok(ledger::trial_balance(chart, &opening, &period))
}

pub async fn trial_balance(state: &AppState, union_id: Uuid, span: Span) -> AppResult<TrialBalance> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let chart = chart_in(&mut tx, union_id).await?;
    tb_in(&mut tx, union_id, &chart, span).await
}

pub async fn balance_sheet(state: &AppState, union_id: Uuid, span: Span) -> AppResult<BalanceSheet> {
    let tb = trial_balance(state, union_id, span.year_to_date()).await?;
    Ok(ledger::balance_sheet(&tb))
}

pub async fn income_statement(state: &AppState, union_id: Uuid, span: Span) -> AppResult<IncomeStatement> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let chart = chart_in(&mut tx, union_id).await?;
    let tb_span = tb_in(&mut tx, union_id, &chart, span).await?;
    let tb_ytd = tb_in(&mut tx, union_id, &chart, span.year_to_date()).await?;
    Ok(ledger::income_statement(&tb_span, &tb_ytd))
}

/// The same three statements summed over every union a federation covers.
#[derive(Debug, Serialize)]
pub struct Rollup {
    pub trial_balance: TrialBalance,
    pub balance_sheet: BalanceSheet,
    pub income_statement: IncomeStatement,
}

/// Computed union by union and combined: each union's part is one
/// single-shard query (its movements per account and period) in a
/// transaction of its own, the parts run side by side, and the windows
/// (opening, year to date, span) are summed here. No row is locked.
pub async fn rollup(state: &AppState, org_id: Uuid, span: Span) -> AppResult<Rollup> {
    let unions = {
        let mut tx = state.db.read().await?;
        let org = store::org::get(&mut tx, org_id).await?.ok_or_else(AppError::not_found)?;
        store::org::unions_in_subtree(&mut tx, &org.path).await?
    };
    let ytd = span.year_to_date();
    let last = span.to.to_string().max(ytd.to.to_string());
    let parts = crate::par::each(unions, crate::par::parts_at_once(&state.db), |union_id| {
        let (db, last) = (state.db.clone(), last.clone());
        async move {
            let mut tx = db.read().await?;
            let rows =
                store::finance::movements_by_period(&mut tx, UnionId(union_id), BEGINNING, &last).await?;
            Ok::<_, AppError>(rows)
        }
    })
    .await?;
    let chart = domain::finance::chart::standard();
    // The four windows of the statements, as `from..=to` periods.
    let windows = [
        (BEGINNING.to_owned(), ytd.from.prev().to_string()),
        (ytd.from.to_string(), ytd.to.to_string()),
        (span.from.to_string(), span.to.to_string()),
        (BEGINNING.to_owned(), span.from.prev().to_string()),
    ];
    let mut sums: [BTreeMap<String, Movement>; 4] = Default::default();
    for (code, period, mv) in parts.into_iter().flatten() {
        // Sub-accounts a union added roll up into their parent.
        let mut key = code;
        while !chart.iter().any(|a| a.code == key) && key.len() > 4 {
            key.truncate(key.len() - 2);
        }
        for (w, (from, to)) in windows.iter().enumerate() {
            if period >= *from && period <= *to {
                sums[w].entry(key.clone()).or_default().add(mv);
            }
        }
    }
    let [opening_year, year, in_span, opening_span] = sums;
    let tb_ytd = ledger::trial_balance(&chart, &opening_year, &year);
    let tb_span = ledger::trial_balance(&chart, &opening_span, &in_span);
    Ok(Rollup {
        balance_sheet: ledger::balance_sheet(&tb_ytd),
        income_statement: ledger::income_statement(&tb_span, &tb_ytd),
        trial_balance: tb_span,
    })
}

/// 总账: per first-level account, each month's movements and the balance.
#[derive(Debug, Serialize)]
pub struct GeneralLedger {
    pub accounts: Vec<GeneralAccount>,
}

#[derive(Debug, Serialize)]
pub struct GeneralAccount {
    pub code: String,
    pub name: String,
    pub side: &'static str,
    pub opening_fen: i64,
    pub months: Vec<GeneralMonth>,
}

#[derive(Debug, Serialize)]
pub struct GeneralMonth {
    pub period: String,
    pub debit_fen: i64,
    pub credit_fen: i64,
    pub balance_fen: i64,
}

pub async fn general_ledger(state: &AppState, union_id: Uuid, span: Span) -> AppResult<GeneralLedger> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let chart = chart_in(&mut tx, union_id).await?;
    let first = tb_in(&mut tx, union_id, &chart, Span { from: span.from, to: span.from }).await?;
    let mut accounts: Vec<GeneralAccount> = first
        .rows
        .iter()
        .filter(|r| r.level == 1)
        .map(|r| GeneralAccount {
            code: r.code.clone(),
            name: r.name.clone(),
            side: r.side.label(),
            opening_fen: r.opening_fen,
            months: Vec::new(),
        })
        .collect();
    let mut p = span.from;
    loop {
        let tb = if p == span.from {
            first.clone()
        } else {
            tb_in(&mut tx, union_id, &chart, Span { from: p, to: p }).await?
        };
        for r in tb.rows.iter().filter(|r| r.level == 1) {
            if !accounts.iter().any(|a| a.code == r.code) {
                accounts.push(GeneralAccount {
                    code: r.code.clone(),
                    name: r.name.clone(),
                    side: r.side.label(),
                    opening_fen: r.opening_fen,
                    months: Vec::new(),
                });
            }
            let a = accounts.iter_mut().find(|a| a.code == r.code).expect("just added");
            a.months.push(GeneralMonth {
                period: p.label(),
                debit_fen: r.debit_fen,
                credit_fen: r.credit_fen,
                balance_fen: r.closing_fen,
            });
        }
        if p == span.to {
            break;
        }
        p = p.next();
    }
    accounts.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(GeneralLedger { accounts })
}

/// 明细账 of one account: opening, each posted line, running balance.
#[derive(Debug, Serialize)]
pub struct DetailLedger {
    pub code: String,
    pub name: String,
    pub side: &'static str,
    pub opening_fen: i64,
    pub rows: Vec<DetailRow>,
    pub debit_total_fen: i64,
    pub credit_total_fen: i64,
    pub closing_fen: i64,
}

#[derive(Debug, Serialize)]
pub struct DetailRow {
    pub date: chrono::NaiveDate,
    pub voucher_id: Uuid,
    /// 记字第N号 within its month.
    pub voucher: String,
    pub account: String,
    pub summary: String,
    pub debit_fen: i64,
    pub credit_fen: i64,
    pub balance_fen: i64,
}

pub async fn detail_ledger(
    state: &AppState,
    union_id: Uuid,
    account: &str,
    span: Span,
) -> AppResult<DetailLedger> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let chart = chart_in(&mut tx, union_id).await?;
    let a = chart
        .iter()
        .find(|a| a.code == account)
        .ok_or_else(|| {
            AppError::field(ErrorCode::InvalidQuery, "account", format!("会计科目“{account}”不存在"))
        })?
        .clone();
    let tb = tb_in(&mut tx, union_id, &chart, span).await?;
    let opening_fen = tb.rows.iter().find(|r| r.code == a.code).map(|r| r.opening_fen).unwrap_or(0);
    let entries = store::finance::account_entries(
        &mut tx,
        UnionId(union_id),
        &a.code,
        &span.from.to_string(),
        &span.to.to_string(),
    )
    .await?;
    let mut balance = opening_fen;
    let (mut dt, mut ct) = (0, 0);
    let rows = entries
        .into_iter()
        .map(|e| {
            balance += a.side.balance(e.debit_fen, e.credit_fen);
            dt += e.debit_fen;
            ct += e.credit_fen;
            DetailRow {
                date: e.date,
                voucher_id: e.voucher_id,
                voucher: format!("记{}", e.number),
                account: e.account,
                summary: e.summary,
                debit_fen: e.debit_fen,
                credit_fen: e.credit_fen,
                balance_fen: balance,
            }
        })
        .collect();
    Ok(DetailLedger {
        code: a.code,
        name: a.name,
        side: a.side.label(),
        opening_fen,
        rows,
        debit_total_fen: dt,
        credit_total_fen: ct,
        closing_fen: balance,
    })
}

/// 预算执行: each budget line of the year against posted spending.
#[derive(Debug, Serialize)]
pub struct BudgetRow {
    pub account: String,
    pub name: String,
    pub budget_fen: i64,
    pub actual_fen: i64,
    pub remaining_fen: i64,
    /// Per mille used.
    pub used_permille: i64,
    pub state: BudgetState,
}

pub async fn budget_execution(state: &AppState, union_id: Uuid, year: i32) -> AppResult<Vec<BudgetRow>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let chart = chart_in(&mut tx, union_id).await?;
    let budget = store::finance::budget(&mut tx, UnionId(union_id), i64::from(year)).await?;
    let actual =
        store::finance::movements(&mut tx, UnionId(union_id), &format!("{year}-01"), &format!("{year}-12"))
            .await?;
    let mut rows: Vec<BudgetRow> = budget
        .into_iter()
        .map(|(code, budget_fen)| {
            let actual_fen: i64 = actual
                .iter()
                .filter(|(a, _)| a.starts_with(&code))
                .map(|(_, m)| m.debit_fen - m.credit_fen)
                .sum();
            let name = chart.iter().find(|a| a.code == code).map(|a| a.name.clone()).unwrap_or_default();
            BudgetRow {
                name,
                budget_fen,
                actual_fen,
                remaining_fen: budget_fen - actual_fen,
                used_permille: if budget_fen > 0 { actual_fen * 1000 / budget_fen } else { 0 },
                state: budget_state(budget_fen, actual_fen),
                account: code,
            }
        })
        .collect();
    // Spending on accounts with no budget line shows too (budget 0).
    let mut unbudgeted: BTreeMap<String, i64> = BTreeMap::new();
    for (code, m) in &actual {
        let is_exp = chart.iter().any(|a| a.code == *code && a.class == Class::Expenditure);
        if is_exp && !rows.iter().any(|r| code.starts_with(&r.account)) {
            *unbudgeted.entry(code[..4].to_owned()).or_default() += m.debit_fen - m.credit_fen;
        }
    }
    for (code, actual_fen) in unbudgeted {
        let name = chart.iter().find(|a| a.code == code).map(|a| a.name.clone()).unwrap_or_default();
        rows.push(BudgetRow {
            account: code,
            name,
            budget_fen: 0,
            actual_fen,
            remaining_fen: -actual_fen,
            used_permille: 0,
            state: budget_state(0, actual_fen),
        });
    }
    rows.sort_by(|a, b| a.account.cmp(&b.account));
    Ok(rows)
}

/// Sets the year's budget lines (expenditure accounts only).
pub async fn set_budget(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    year: i32,
    lines: &[(String, i64)],
) -> AppResult<()> {
    if !(2000..=2100).contains(&year) {
        return Err(AppError::field(ErrorCode::InvalidValue, "year", "年度不正确"));
    }
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let chart = chart_in(&mut tx, union_id).await?;
    for (i, (code, amount)) in lines.iter().enumerate() {
        let a = chart.iter().find(|a| a.code == *code && a.class == Class::Expenditure).ok_or_else(|| {
            AppError::field(
                ErrorCode::InvalidValue,
                &format!("lines[{i}].account"),
                format!("“{code}”不是支出类科目，预算只能按支出科目编制"),
            )
        })?;
        if *amount < 0 || *amount > domain::finance::money::MAX_FEN {
            return Err(AppError::field(
                ErrorCode::InvalidMoney,
                &format!("lines[{i}].amount_fen"),
                format!("{}的预算金额不正确", a.name),
            ));
        }
        store::finance::set_budget_line(&mut tx, UnionId(union_id), i64::from(year), code, *amount).await?;
    }
    let total: i64 = lines.iter().map(|(_, a)| a).sum();
    crate::audit::service::record(
        &mut tx,
        p.actor(),
        "finance.budget",
        format!("budget:{year}"),
        Some((union_id, &union.path)),
        format!("编制{year}年预算：{}项，合计{}元", lines.len(), fmt_yuan(total)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A report as rows of text for .xlsx (amounts in yuan with two decimals).
pub fn trial_balance_rows(tb: &TrialBalance) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let headers = vec!["科目编码", "科目名称", "余额方向", "期初余额", "本期借方", "本期贷方", "期末余额"];
    let mut rows: Vec<Vec<String>> = tb
        .rows
        .iter()
        .map(|r| {
            vec![
                r.code.clone(),
                format!("{}{}", "　".repeat(r.level - 1), r.name),
                r.side.label().to_owned(),
                fmt_yuan(r.opening_fen),
                fmt_yuan(r.debit_fen),
                fmt_yuan(r.credit_fen),
                fmt_yuan(r.closing_fen),
            ]
        })
        .collect();
    rows.push(vec![
        String::new(),
        "合计".into(),
        String::new(),
        format!("借{} 贷{}", fmt_yuan(tb.opening_debit_fen), fmt_yuan(tb.opening_credit_fen)),
        fmt_yuan(tb.debit_total_fen),
        fmt_yuan(tb.credit_total_fen),
        format!("借{} 贷{}", fmt_yuan(tb.closing_debit_fen), fmt_yuan(tb.closing_credit_fen)),
    ]);
    (headers, rows)
}

pub fn balance_sheet_rows(bs: &BalanceSheet) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let headers = vec!["类别", "科目编码", "项目", "年初数", "期末数"];
    let mut rows = Vec::new();
    for (label, list, total) in [
        ("资产", &bs.assets, bs.assets_total),
        ("负债", &bs.liabilities, bs.liabilities_total),
        ("净资产", &bs.net_assets, bs.net_assets_total),
    ] {
        for r in list {
            rows.push(vec![
                label.to_owned(),
                r.code.clone(),
                format!("{}{}", "　".repeat(r.level - 1), r.name),
                fmt_yuan(r.first_fen),
                fmt_yuan(r.second_fen),
            ]);
        }
        rows.push(vec![
            label.to_owned(),
            String::new(),
            format!("{label}合计"),
            fmt_yuan(total.0),
            fmt_yuan(total.1),
        ]);
    }
    (headers, rows)
}

pub fn income_statement_rows(is: &IncomeStatement) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let headers = vec!["类别", "科目编码", "项目", "本期数", "本年累计数"];
    let mut rows = Vec::new();
    for (label, list, total) in
        [("收入", &is.income, is.income_total), ("支出", &is.expenditure, is.expenditure_total)]
    {
        for r in list {
            rows.push(vec![
                label.to_owned(),
                r.code.clone(),
                format!("{}{}", "　".repeat(r.level - 1), r.name),
                fmt_yuan(r.first_fen),
                fmt_yuan(r.second_fen),
            ]);
        }
        rows.push(vec![
            label.to_owned(),
            String::new(),
            format!("{label}合计"),
            fmt_yuan(total.0),
            fmt_yuan(total.1),
        ]);
    }
    rows.push(vec![
        String::new(),
        String::new(),
        "收支结余".into(),
        fmt_yuan(is.surplus.0),
        fmt_yuan(is.surplus.1),
    ]);
    (headers, rows)
}

pub fn general_ledger_rows(gl: &GeneralLedger) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let headers = vec!["科目编码", "科目名称", "月份", "借方", "贷方", "方向", "余额"];
    let mut rows = Vec::new();
    for a in &gl.accounts {
        rows.push(vec![
            a.code.clone(),
            a.name.clone(),
            "期初余额".into(),
            String::new(),
            String::new(),
            a.side.into(),
            fmt_yuan(a.opening_fen),
        ]);
        for m in &a.months {
            rows.push(vec![
                a.code.clone(),
                a.name.clone(),
                m.period.clone(),
                fmt_yuan(m.debit_fen),
                fmt_yuan(m.credit_fen),
                a.side.into(),
                fmt_yuan(m.balance_fen),
            ]);
        }
    }
    (headers, rows)
}

pub fn detail_ledger_rows(d: &DetailLedger) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let headers = vec!["日期", "凭证号", "科目", "摘要", "借方", "贷方", "方向", "余额"];
    let mut rows = vec![vec![
        String::new(),
        String::new(),
        d.code.clone(),
        "期初余额".into(),
        String::new(),
        String::new(),
        d.side.into(),
        fmt_yuan(d.opening_fen),
    ]];
    for r in &d.rows {
        rows.push(vec![
            r.date.to_string(),
            r.voucher.clone(),
            r.account.clone(),
            r.summary.clone(),
            fmt_yuan(r.debit_fen),
            fmt_yuan(r.credit_fen),
            d.side.into(),
            fmt_yuan(r.balance_fen),
        ]);
    }
    rows.push(vec![
        String::new(),
        String::new(),
        String::new(),
        "本期合计".into(),
        fmt_yuan(d.debit_total_fen),
        fmt_yuan(d.credit_total_fen),
        d.side.into(),
        fmt_yuan(d.closing_fen),
    ]);
    (headers, rows)
}

pub fn budget_rows(rows: &[BudgetRow]) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let headers = vec!["科目编码", "科目名称", "预算数", "实际支出", "结余", "执行率"];
    let out = rows
        .iter()
        .map(|r| {
            vec![
                r.account.clone(),
                r.name.clone(),
                fmt_yuan(r.budget_fen),
                fmt_yuan(r.actual_fen),
                fmt_yuan(r.remaining_fen),
                ledger::budget_used_label(r.budget_fen, r.actual_fen),
            ]
        })
        .collect();
    (headers, out)
}
