//! Vouchers and the ledger: balancing, reversal (红字冲销), the per-union
//! hash chain of posted vouchers, and the reports computed from posted lines.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::chart::{Account, Class, Side};
use super::money::{MAX_FEN, fmt_yuan};
use crate::{DomainError, ErrorCode};

/// An accounting period: a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    pub month: u32,
}

impl Period {
    pub fn of(d: NaiveDate) -> Self {
        Period { year: d.year(), month: d.month() }
    }

    /// `2026-11`.
    pub fn parse(s: &str) -> Option<Self> {
        let (y, m) = s.trim().split_once('-')?;
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        (y.len() == 4 && (1..=12).contains(&month) && (2000..=2100).contains(&year))
            .then_some(Period { year, month })
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid period")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("valid period")
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Period { year: self.year + 1, month: 1 }
        } else {
            Period { month: self.month + 1, ..self }
        }
    }

    pub fn prev(self) -> Self {
        if self.month == 1 {
            Period { year: self.year - 1, month: 12 }
        } else {
            Period { month: self.month - 1, ..self }
        }
    }

    pub fn label(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A span of periods a report covers: a month, a quarter or a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: Period,
    pub to: Period,
}

impl Span {
    /// `2026-11` (month), `2026-Q4` (quarter) or `2026` (year).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if let Some((y, q)) = s.split_once("-Q").or_else(|| s.split_once("-q")) {
            let year: i32 = y.parse().ok()?;
            let q: u32 = q.parse().ok()?;
            if !(1..=4).contains(&q) || !(2000..=2100).contains(&year) {
                return None;
            }
            return Some(Span { from: Period { year, month: q * 3 - 2 }, to: Period { year, month: q * 3 } });
        }
        if s.len() == 4 {
            let year: i32 = s.parse().ok()?;
            return (2000..=2100)
                .contains(&year)
                .then_some(Span { from: Period { year, month: 1 }, to: Period { year, month: 12 } });
        }
        Period::parse(s).map(|p| Span { from: p, to: p })
    }

    pub fn label(self) -> String {
        if self.from == self.to {
            self.from.label()
        } else if self.from.month == 1 && self.to.month == 12 {
            format!("{}年度", self.from.year)
        } else {
            format!("{}年第{}季度", self.from.year, self.to.month / 3)
        }
    }

    /// From January of the same year up to the span's end (本年累计).
    pub fn year_to_date(self) -> Span {
        Span { from: Period { year: self.to.year, month: 1 }, to: self.to }
    }
}

/// One line of a voucher. Exactly one side carries the amount; a negative
/// amount is red ink (红字), used by reversals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub account: String,
    pub summary: String,
    pub debit_fen: i64,
    pub credit_fen: i64,
}

/// The years a voucher may be dated in: every voucher, manual or generated
/// (dues, funds, welfare, assistance, campaigns, mutual aid), obeys this.
pub const VOUCHER_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// The date rule for anything that posts to the books; `field` is the name
/// of the date field the caller sent (`date`, `paid_on`, `pay_date` …).
pub fn check_voucher_date(field: &str, date: NaiveDate) -> Result<NaiveDate, DomainError> {
    if VOUCHER_YEARS.contains(&date.year()) {
        Ok(date)
    } else {
        Err(DomainError::field(
            ErrorCode::InvalidDate,
            field,
            format!(
                "日期{date}不能记账：记账日期应在{}年至{}年之间",
                VOUCHER_YEARS.start(),
                VOUCHER_YEARS.end()
            ),
        ))
    }
}

/// Checks a voucher's lines: at least two, each on one side and non-zero,
/// within the limit, to a leaf account of the chart, and debits equal to
/// credits. Returns the total.
pub fn check_lines(chart: &[Account], lines: &[Line]) -> Result<i64, DomainError> {
    if lines.len() < 2 {
        return Err(DomainError::field(
            ErrorCode::VoucherUnbalanced,
            "lines",
            "记账凭证至少需要两行分录（有借有贷）",
        ));
    }
    if lines.len() > 500 {
        return Err(DomainError::field(ErrorCode::InvalidValue, "lines", "一张凭证最多500行分录"));
    }
    let (mut debit, mut credit) = (0i128, 0i128);
    for (i, l) in lines.iter().enumerate() {
        let at = |f: &str| format!("lines[{i}].{f}");
        let row = i + 1;
        let Some(account) = chart.iter().find(|a| a.code == l.account) else {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                &at("account"),
                format!("第{row}行：会计科目“{}”不存在", l.account),
            ));
        };
        if !super::chart::is_leaf(chart, &account.code) {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                &at("account"),
                format!("第{row}行：“{} {}”有明细科目，请记入明细科目", account.code, account.name),
            ));
        }
        for (field, v) in [("debit_fen", l.debit_fen), ("credit_fen", l.credit_fen)] {
            if v.checked_abs().is_none_or(|a| a > MAX_FEN) {
                return Err(DomainError::field(
                    ErrorCode::InvalidMoney,
                    &at(field),
                    format!("第{row}行：金额超过1万亿元"),
                ));
            }
        }
        match (l.debit_fen != 0, l.credit_fen != 0) {
            (true, true) => {
                return Err(DomainError::field(
                    ErrorCode::InvalidValue,
                    &at("credit_fen"),
                    format!("第{row}行：一行分录只能填借方或贷方之一"),
                ));
            }
            (false, false) => {
                return Err(DomainError::field(
                    ErrorCode::VoucherZeroLine,
                    &at("debit_fen"),
                    format!("第{row}行：借方和贷方金额都为0"),
                ));
            }
            _ => {}
        }
        debit += i128::from(l.debit_fen);
        credit += i128::from(l.credit_fen);
    }
    if debit != credit {
        let d = |v: i128| fmt_yuan(v.clamp(i64::MIN as i128, i64::MAX as i128) as i64);
        return Err(DomainError::field(
            ErrorCode::VoucherUnbalanced,
            "lines",
            format!(
                "借贷不平衡：借方合计{}元，贷方合计{}元，相差{}元",
                d(debit),
                d(credit),
                d((debit - credit).abs())
            ),
        ));
    }
    if debit.abs() > i128::from(MAX_FEN) {
        return Err(DomainError::field(ErrorCode::InvalidMoney, "lines", "凭证合计金额超过1万亿元"));
    }
    Ok(debit as i64)
}

/// The lines of a red-ink reversal: the same accounts and sides with the
/// amounts negated, so original + reversal nets every account to zero.
pub fn reversal_lines(original: &[Line]) -> Vec<Line> {
    original
        .iter()
        .map(|l| Line {
            account: l.account.clone(),
            summary: l.summary.clone(),
            debit_fen: -l.debit_fen,
            credit_fen: -l.credit_fen,
        })
        .collect()
}

/// The first hash of every union's chain.
pub const GENESIS: &str = crate::audit::GENESIS;

/// What a posted voucher's hash covers, as stored.
#[derive(Debug, Clone)]
pub struct ChainFields<'a> {
    pub union_id: &'a str,
    pub seq: i64,
    pub id: &'a str,
    pub period: &'a str,
    pub number: i64,
    pub date: &'a str,
    pub summary: &'a str,
    pub maker: &'a str,
    pub reviewer: &'a str,
    pub poster: &'a str,
    pub reverses: &'a str,
    pub lines: &'a [Line],
}

/// SHA-256 over the previous hash and the length-prefixed fields and lines.
pub fn voucher_hash(prev_hash: &str, f: &ChainFields<'_>) -> String {
    let mut h = Sha256::new();
    let mut part = |s: &str| {
        h.update((s.len() as u64).to_be_bytes());
        h.update(s.as_bytes());
    };
    for s in
        [prev_hash, f.union_id, &f.seq.to_string(), f.id, f.period, &f.number.to_string(), f.date, f.summary]
    {
        part(s);
    }
    for s in [f.maker, f.reviewer, f.poster, f.reverses, &f.lines.len().to_string()] {
        part(s);
    }
    for l in f.lines {
        for s in [l.account.as_str(), l.summary.as_str(), &l.debit_fen.to_string(), &l.credit_fen.to_string()]
        {
            part(s);
        }
    }
    hex::encode(h.finalize())
}

/// Where a union's chain first fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub seq: i64,
    pub reason: String,
}

/// Feeds one union's posted vouchers in `seq` order; the first break wins.
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier { expected_seq: 1, prev_hash: GENESIS.to_owned() }
    }
}

impl ChainVerifier {
    /// Checks the next voucher: its seq follows, its `prev_hash` links and
    /// its stored hash equals the recomputed one.
    pub fn feed(
        &mut self,
        f: &ChainFields<'_>,
        stored_prev: &str,
        stored_hash: &str,
    ) -> Result<(), ChainBreak> {
        let fail = |reason: String| Err(ChainBreak { seq: f.seq, reason });
        if f.seq != self.expected_seq {
            return Err(ChainBreak {
                seq: self.expected_seq,
                reason: format!("缺少第{}号记账记录（凭证被删除）", self.expected_seq),
            });
        }
        if stored_prev != self.prev_hash {
            return fail("与前一张凭证的链接不符".into());
        }
        if voucher_hash(stored_prev, f) != stored_hash {
            return fail(format!("凭证 {} 第{}号的内容被改动", f.period, f.number));
        }
        self.expected_seq += 1;
        self.prev_hash = stored_hash.to_owned();
        Ok(())
    }

    /// Checks the chain's end against the head kept beside it, so removing
    /// the newest vouchers is caught too.
    pub fn finish(&self, head_seq: i64, head_hash: &str) -> Result<i64, ChainBreak> {
        let count = self.expected_seq - 1;
        if head_seq != count || (count > 0 && head_hash != self.prev_hash) {
            return Err(ChainBreak {
                seq: count + 1,
                reason: format!("账簿记录到第{head_seq}号，实际只有{count}号（末尾凭证被删除或改动）"),
            });
        }
        Ok(count)
    }
}

/// Debit and credit movement of one account over some periods.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Movement {
    pub debit_fen: i64,
    pub credit_fen: i64,
}

impl Movement {
    pub fn add(&mut self, o: Movement) {
        self.debit_fen += o.debit_fen;
        self.credit_fen += o.credit_fen;
    }
}

/// One row of the trial balance (试算平衡表), balances on the account's
/// normal side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrialRow {
    pub code: String,
    pub name: String,
    pub class: Class,
    pub side: Side,
    pub level: usize,
    pub opening_fen: i64,
    pub debit_fen: i64,
    pub credit_fen: i64,
    pub closing_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrialBalance {
    pub rows: Vec<TrialRow>,
    pub opening_debit_fen: i64,
    pub opening_credit_fen: i64,
    pub debit_total_fen: i64,
    pub credit_total_fen: i64,
    pub closing_debit_fen: i64,
    pub closing_credit_fen: i64,
    pub balanced: bool,
}

/// Builds the trial balance from movements before the span (`opening`) and
/// within it (`period`), keyed by leaf account code. Parents carry the sums
/// of their children; totals count leaves only.
pub fn trial_balance(
    chart: &[Account],
    opening: &BTreeMap<String, Movement>,
    period: &BTreeMap<String, Movement>,
) -> TrialBalance {
    let mut sums: BTreeMap<&str, (Movement, Movement)> = BTreeMap::new();
    for (code, m) in opening {
        for a in ancestors(chart, code) {
            sums.entry(a).or_default().0.add(*m);
        }
    }
    for (code, m) in period {
        for a in ancestors(chart, code) {
            sums.entry(a).or_default().1.add(*m);
        }
    }
    let mut tb = TrialBalance {
        rows: Vec::new(),
        opening_debit_fen: 0,
        opening_credit_fen: 0,
        debit_total_fen: 0,
        credit_total_fen: 0,
        closing_debit_fen: 0,
        closing_credit_fen: 0,
        balanced: true,
    };
    for a in chart {
        let Some((open, mov)) = sums.get(a.code.as_str()) else { continue };
        let opening_fen = a.side.balance(open.debit_fen, open.credit_fen);
        let closing_fen = opening_fen + a.side.balance(mov.debit_fen, mov.credit_fen);
        if a.is_top() {
            let (o_d, o_c) = net_sides(open.debit_fen - open.credit_fen);
            let mut close = *open;
            close.add(*mov);
            let (c_d, c_c) = net_sides(close.debit_fen - close.credit_fen);
            tb.opening_debit_fen += o_d;
            tb.opening_credit_fen += o_c;
            tb.closing_debit_fen += c_d;
            tb.closing_credit_fen += c_c;
            tb.debit_total_fen += mov.debit_fen;
            tb.credit_total_fen += mov.credit_fen;
        }
        tb.rows.push(TrialRow {
            code: a.code.clone(),
            name: a.name.clone(),
            class: a.class,
            side: a.side,
            level: (a.code.len() - 4) / 2 + 1,
            opening_fen,
            debit_fen: mov.debit_fen,
            credit_fen: mov.credit_fen,
            closing_fen,
        });
    }
    tb.balanced = tb.opening_debit_fen == tb.opening_credit_fen
        && tb.debit_total_fen == tb.credit_total_fen
        && tb.closing_debit_fen == tb.closing_credit_fen;
    tb
}

/// A net debit balance on the debit column, a net credit one on the credit.
fn net_sides(net_debit: i64) -> (i64, i64) {
    if net_debit >= 0 { (net_debit, 0) } else { (0, -net_debit) }
}

/// `code` and its parents in the chart.
fn ancestors<'a>(chart: &'a [Account], code: &str) -> Vec<&'a str> {
    chart.iter().filter(|a| code.starts_with(a.code.as_str())).map(|a| a.code.as_str()).collect()
}

/// One line of the 资产负债表 or 收入支出表.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementRow {
    pub code: String,
    pub name: String,
    pub level: usize,
    /// 资产负债表: the balance at the start of the year; 收入支出表: this period.
    pub first_fen: i64,
    /// 资产负债表: the balance at the end; 收入支出表: year to date.
    pub second_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BalanceSheet {
    pub assets: Vec<StatementRow>,
    pub liabilities: Vec<StatementRow>,
    pub net_assets: Vec<StatementRow>,
    pub assets_total: (i64, i64),
    pub liabilities_total: (i64, i64),
    /// Including this year's surplus (收支结余) not yet closed into 结余.
    pub net_assets_total: (i64, i64),
    pub balanced: bool,
}

/// The 资产负债表 at the end of `to`, beside the start of the year, from
/// the trial balance of the year to date. Income and expenditure of the year
/// show as 本年收支结余 within net assets, so 资产 = 负债 + 净资产 holds
/// before the year is closed.
pub fn balance_sheet(tb_year: &TrialBalance) -> BalanceSheet {
    let rows = |class: Class| -> Vec<StatementRow> {
        tb_year
            .rows
            .iter()
            .filter(|r| r.class == class)
            .map(|r| StatementRow {
                code: r.code.clone(),
                name: r.name.clone(),
                level: r.level,
                first_fen: r.opening_fen,
                second_fen: r.closing_fen,
            })
            .collect()
    };
    let total = |rs: &[StatementRow]| {
        rs.iter().filter(|r| r.level == 1).fold((0, 0), |(a, b), r| (a + r.first_fen, b + r.second_fen))
    };
    // Contra accounts (累计折旧) are listed with their credit balance and
    // subtracted from the assets.
    let asset_total =
        tb_year.rows.iter().filter(|r| r.class == Class::Asset && r.level == 1).fold((0, 0), |(a, b), r| {
            let sign = if r.side == Side::Debit { 1 } else { -1 };
            (a + sign * r.opening_fen, b + sign * r.closing_fen)
        });
    let surplus_of = |f: fn(&TrialRow) -> i64| -> i64 {
        tb_year
            .rows
            .iter()
            .filter(|r| r.level == 1)
            .map(|r| match r.class {
                Class::Income => f(r),
                Class::Expenditure => -f(r),
                _ => 0,
            })
            .sum()
    };
    let assets = rows(Class::Asset);
    let liabilities = rows(Class::Liability);
    let mut net_assets = rows(Class::NetAssets);
    let surplus = (surplus_of(|r| r.opening_fen), surplus_of(|r| r.closing_fen));
    net_assets.push(StatementRow {
        code: String::new(),
        name: "本年收支结余（未结转）".into(),
        level: 1,
        first_fen: surplus.0,
        second_fen: surplus.1,
    });
    let liabilities_total = total(&liabilities);
    let net_assets_total = total(&net_assets);
    let balanced = asset_total.0 == liabilities_total.0 + net_assets_total.0
        && asset_total.1 == liabilities_total.1 + net_assets_total.1;
    BalanceSheet {
        assets,
        liabilities,
        net_assets,
        assets_total: asset_total,
        liabilities_total,
        net_assets_total,
        balanced,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IncomeStatement {
    pub income: Vec<StatementRow>,
    pub expenditure: Vec<StatementRow>,
    pub income_total: (i64, i64),
    pub expenditure_total: (i64, i64),
    /// 收支结余: income − expenditure, this period and year to date.
    pub surplus: (i64, i64),
}

/// The 收入支出表: each income and expenditure account for the span and for
/// the year to date.
pub fn income_statement(tb_span: &TrialBalance, tb_ytd: &TrialBalance) -> IncomeStatement {
    let rows = |class: Class| -> Vec<StatementRow> {
        tb_ytd
            .rows
            .iter()
            .filter(|r| r.class == class)
            .map(|r| {
                let span = tb_span.rows.iter().find(|s| s.code == r.code);
                StatementRow {
                    code: r.code.clone(),
                    name: r.name.clone(),
                    level: r.level,
                    first_fen: span.map(|s| s.side.balance(s.debit_fen, s.credit_fen)).unwrap_or(0),
                    second_fen: r.side.balance(r.debit_fen, r.credit_fen),
                }
            })
            .collect()
    };
    let total = |rs: &[StatementRow]| {
        rs.iter().filter(|r| r.level == 1).fold((0, 0), |(a, b), r| (a + r.first_fen, b + r.second_fen))
    };
    let income = rows(Class::Income);
    let expenditure = rows(Class::Expenditure);
    let (it, et) = (total(&income), total(&expenditure));
    IncomeStatement {
        income,
        expenditure,
        income_total: it,
        expenditure_total: et,
        surplus: (it.0 - et.0, it.1 - et.1),
    }
}

/// How far a budget line is used: below 90 %, warned, or exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetState {
    Ok,
    Warning,
    Exceeded,
    /// No budget line (or a line of zero): its own state, never "exceeded".
    NoBudget,
}

impl BudgetState {
    /// The words shown beside a budget line.
    pub fn label(self) -> &'static str {
        match self {
            BudgetState::Ok => "",
            BudgetState::Warning => "已用90%以上",
            BudgetState::Exceeded => "已超预算",
            BudgetState::NoBudget => "无预算",
        }
    }
}

/// 执行率 as shown: one decimal of a per cent, or 无预算 when there is no
/// budget to divide by (never "0.0%" against real spending).
pub fn budget_used_label(budget_fen: i64, actual_fen: i64) -> String {
    if budget_fen <= 0 {
        return "无预算".into();
    }
    let permille = i128::from(actual_fen) * 1000 / i128::from(budget_fen);
    format!("{}.{}%", permille / 10, (permille % 10).abs())
}

/// 90 % of a line spent raises a warning; more than the line is exceeded;
/// spending without a line is [`BudgetState::NoBudget`].
pub fn budget_state(budget_fen: i64, actual_fen: i64) -> BudgetState {
    if budget_fen <= 0 {
        BudgetState::NoBudget
    } else if actual_fen > budget_fen {
        BudgetState::Exceeded
    } else if i128::from(actual_fen) * 10 >= i128::from(budget_fen) * 9 && budget_fen > 0 {
        BudgetState::Warning
    } else {
        BudgetState::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::super::chart::standard;
    use super::*;
    use proptest::prelude::*;

    fn l(account: &str, d: i64, c: i64) -> Line {
        Line { account: account.into(), summary: String::new(), debit_fen: d, credit_fen: c }
    }

    #[test]
    fn no_budget_is_its_own_state_not_exceeded() {
        assert_eq!(budget_state(0, 1_234_560), BudgetState::NoBudget);
        assert_eq!(budget_state(0, 0), BudgetState::NoBudget);
        assert_eq!(budget_state(100, 101), BudgetState::Exceeded);
        assert_eq!(budget_state(100, 95), BudgetState::Warning);
        assert_eq!(budget_state(100, 10), BudgetState::Ok);
        assert_eq!(BudgetState::NoBudget.label(), "无预算");
        assert_eq!(budget_used_label(0, 1_234_560), "无预算");
        assert_eq!(budget_used_label(1_000, 555), "55.5%");
        assert_eq!(budget_used_label(1_000, 1_500), "150.0%");
    }

    #[test]
    fn voucher_dates_are_bounded_and_name_the_field() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        for ok in ["2000-01-01", "2026-12-04", "2100-12-31"] {
            assert_eq!(check_voucher_date("date", d(ok)).unwrap(), d(ok));
        }
        for bad in ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01"] {
            let e = check_voucher_date("paid_on", d(bad)).unwrap_err();
            assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidDate, Some("paid_on")));
            assert!(e.message.contains(bad) && e.message.contains("2000年至2100年"), "{}", e.message);
        }
    }

    #[test]
    fn periods_and_spans() {
        let p = Period::parse("2026-11").unwrap();
        assert_eq!(p.to_string(), "2026-11");
        assert_eq!(p.last_day(), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert_eq!(Period::parse("2026-12").unwrap().next().to_string(), "2027-01");
        assert_eq!(Period::parse("2026-1").unwrap().prev().to_string(), "2025-12");
        assert!(Period::parse("2026-13").is_none() && Period::parse("26-01").is_none());
        let q = Span::parse("2026-Q4").unwrap();
        assert_eq!((q.from.month, q.to.month), (10, 12));
        assert_eq!(q.label(), "2026年第4季度");
        assert_eq!(Span::parse("2026").unwrap().label(), "2026年度");
        assert_eq!(Span::parse("2026-03").unwrap().year_to_date().from.month, 1);
        assert!(Span::parse("2026-Q5").is_none());
    }

    #[test]
    fn lines_must_balance_and_be_non_zero() {
        let chart = standard();
        assert_eq!(check_lines(&chart, &[l("1002", 500, 0), l("4101", 0, 500)]).unwrap(), 500);
        let e = check_lines(&chart, &[l("1002", 500, 0), l("4101", 0, 400)]).unwrap_err();
        assert_eq!(e.code, ErrorCode::VoucherUnbalanced);
        assert!(e.message.contains("相差1.00元"), "{}", e.message);
        let e = check_lines(&chart, &[l("1002", 0, 0), l("4101", 0, 0)]).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::VoucherZeroLine, Some("lines[0].debit_fen")));
        let e = check_lines(&chart, &[l("1002", 5, 5), l("4101", 0, 0)]).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("lines[0].credit_fen"));
        let e = check_lines(&chart, &[l("1002", 500, 0), l("5301", 0, 500)]).unwrap_err();
        assert!(e.message.contains("明细科目"), "{}", e.message);
        let e = check_lines(&chart, &[l("1002", 500, 0), l("9999", 0, 500)]).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("lines[1].account"));
        let e = check_lines(&chart, &[l("1002", MAX_FEN + 1, 0), l("4101", 0, MAX_FEN + 1)]).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidMoney);
        assert!(check_lines(&chart, &[l("1002", 500, 0)]).is_err());
    }

    fn tb_of(chart: &[Account], vouchers: &[Vec<Line>]) -> TrialBalance {
        let mut m: BTreeMap<String, Movement> = BTreeMap::new();
        for v in vouchers {
            for line in v {
                m.entry(line.account.clone())
                    .or_default()
                    .add(Movement { debit_fen: line.debit_fen, credit_fen: line.credit_fen });
            }
        }
        trial_balance(chart, &BTreeMap::new(), &m)
    }

    #[test]
    fn statements_balance_with_the_year_surplus() {
        let chart = standard();
        let vouchers = vec![
            vec![l("1002", 100_000, 0), l("4101", 0, 100_000)],
            vec![l("1002", 200_000, 0), l("4201", 0, 120_000), l("2201", 0, 80_000)],
            vec![l("510102", 30_000, 0), l("1002", 0, 30_000)],
        ];
        let tb = tb_of(&chart, &vouchers);
        assert!(tb.balanced);
        assert_eq!(tb.debit_total_fen, 330_000);
        let bs = balance_sheet(&tb);
        assert!(bs.balanced, "{bs:?}");
        assert_eq!(bs.assets_total.1, 270_000);
        assert_eq!(bs.liabilities_total.1, 80_000);
        assert_eq!(bs.net_assets_total.1, 190_000);
        let is = income_statement(&tb, &tb);
        assert_eq!(is.income_total.0, 220_000);
        assert_eq!(is.surplus.1, 190_000);
        let parent = tb.rows.iter().find(|r| r.code == "5101").unwrap();
        assert_eq!(parent.closing_fen, 30_000);
    }

    #[test]
    fn budget_warns_at_ninety_percent() {
        assert_eq!(budget_state(10_000, 8_999), BudgetState::Ok);
        assert_eq!(budget_state(10_000, 9_000), BudgetState::Warning);
        assert_eq!(budget_state(10_000, 10_001), BudgetState::Exceeded);
        assert_eq!(budget_state(0, 1), BudgetState::NoBudget);
    }

    fn chain(n: usize) -> Vec<(String, String, Vec<Line>)> {
        let mut prev = GENESIS.to_owned();
        let mut out = Vec::new();
        for i in 0..n {
            let lines = vec![l("1002", 100 + i as i64, 0), l("4101", 0, 100 + i as i64)];
            let f = fields(i as i64 + 1, &lines);
            let h = voucher_hash(&prev, &f);
            out.push((prev.clone(), h.clone(), lines));
            prev = h;
        }
        out
    }

    fn fields(seq: i64, lines: &[Line]) -> ChainFields<'_> {
        ChainFields {
            union_id: "u",
            seq,
            id: "v",
            period: "2026-11",
            number: seq,
            date: "2026-11-21",
            summary: "会费",
            maker: "a",
            reviewer: "b",
            poster: "c",
            reverses: "",
            lines,
        }
    }

    #[test]
    fn the_chain_catches_a_changed_or_removed_voucher() {
        let c = chain(3);
        let mut v = ChainVerifier::default();
        for (i, (p, h, lines)) in c.iter().enumerate() {
            v.feed(&fields(i as i64 + 1, lines), p, h).unwrap();
        }
        assert_eq!(v.finish(3, &c[2].1).unwrap(), 3);
        assert!(v.finish(4, "x").is_err());
        // A changed amount.
        let mut v = ChainVerifier::default();
        let mut changed = c[0].2.clone();
        changed[0].debit_fen += 1;
        assert_eq!(v.feed(&fields(1, &changed), &c[0].0, &c[0].1).unwrap_err().seq, 1);
        // A removed voucher in the middle.
        let mut v = ChainVerifier::default();
        v.feed(&fields(1, &c[0].2), &c[0].0, &c[0].1).unwrap();
        let e = v.feed(&fields(3, &c[2].2), &c[2].0, &c[2].1).unwrap_err();
        assert_eq!(e.seq, 2);
    }

    proptest! {
        #[test]
        fn any_postings_keep_the_trial_balance_balanced(
            vouchers in proptest::collection::vec(
                proptest::collection::vec((0usize..8, 1i64..10_000_000, any::<bool>()), 1..6), 0..30)
        ) {
            let chart = standard();
            let leaves: Vec<&str> = vec!["1001", "1002", "2201", "4101", "4201", "510102", "530104", "3302"];
            let mut all = Vec::new();
            for v in vouchers {
                // Each generated line is balanced against the bank on the other side.
                let mut lines = Vec::new();
                for (acc, amt, debit) in v {
                    let (d, c) = if debit { (amt, 0) } else { (0, amt) };
                    lines.push(l(leaves[acc], d, c));
                    lines.push(l("1002", c, d));
                }
                prop_assert!(check_lines(&chart, &lines).is_ok());
                all.push(lines);
            }
            let tb = tb_of(&chart, &all);
            prop_assert!(tb.balanced);
            prop_assert!(balance_sheet(&tb).balanced);
        }

        #[test]
        fn a_reversal_nets_the_original_to_zero(
            amounts in proptest::collection::vec(1i64..MAX_FEN / 100, 1..6)
        ) {
            let chart = standard();
            let mut lines: Vec<Line> = amounts.iter().map(|a| l("510102", *a, 0)).collect();
            lines.push(l("1002", 0, amounts.iter().sum()));
            let rev = reversal_lines(&lines);
            prop_assert!(check_lines(&chart, &rev).is_ok());
            let tb = tb_of(&chart, &[lines, rev]);
            for r in &tb.rows {
                prop_assert_eq!((r.debit_fen, r.credit_fen, r.closing_fen), (0, 0, 0));
            }
        }
    }
}
