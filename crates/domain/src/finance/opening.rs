//! Opening balances (期初余额) and the below-zero check on money going out.
//!
//! A union that starts keeping its books in gonghui already has money. Its
//! opening balances are entered once, per balance-sheet account, as a
//! special voucher (kind `opening`) dated the day before the first period:
//! every report (trial balance, 资产负债表, ledgers) then reads them as the
//! balance brought forward, without a report of its own knowing about them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::chart::{self, Account, Class, Side, codes};
use super::ledger::{Line, Movement, Period, check_lines};
use super::money::{MAX_FEN, fmt_yuan};
use crate::{DomainError, ErrorCode};

/// The voucher kind of the opening balances.
pub const KIND: &str = "opening";

/// The summary of the opening voucher.
pub const SUMMARY: &str = "期初余额";

/// One account's balance brought forward, on its normal side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Balance {
    pub account: String,
    pub amount_fen: i64,
}

/// Only balance-sheet accounts carry a balance into the first period:
/// income and expenditure start every year at zero.
pub fn takes_opening(class: Class) -> bool {
    matches!(class, Class::Asset | Class::Liability | Class::NetAssets)
}

/// The accounts that may take an opening balance: balance-sheet leaves.
pub fn opening_accounts(chart: &[Account]) -> Vec<&Account> {
    chart.iter().filter(|a| takes_opening(a.class) && chart::is_leaf(chart, &a.code)).collect()
}

/// Turns typed balances into the lines of the opening voucher and checks
/// them: each account a balance-sheet leaf, once; amounts not negative;
/// debits (assets) equal to credits (liabilities and net assets). Zero
/// balances are left out.
pub fn opening_lines(chart: &[Account], balances: &[Balance]) -> Result<Vec<Line>, DomainError> {
    let mut seen = std::collections::HashSet::new();
    let mut lines = Vec::new();
    let (mut debit, mut credit) = (0i128, 0i128);
    for (i, b) in balances.iter().enumerate() {
        let field = |f: &str| format!("balances[{i}].{f}");
        let code = b.account.trim();
        let Some(a) = chart.iter().find(|a| a.code == code) else {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                &field("account"),
                format!("会计科目“{code}”不存在"),
            ));
        };
        if !takes_opening(a.class) {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                &field("account"),
                format!(
                    "“{} {}”是{}科目，没有期初余额：只有资产、负债、净资产类科目需要填写",
                    a.code,
                    a.name,
                    a.class.label()
                ),
            ));
        }
        if !chart::is_leaf(chart, code) {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                &field("account"),
                format!("“{} {}”有明细科目，请填在明细科目上", a.code, a.name),
            ));
        }
        if !seen.insert(code.to_owned()) {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                &field("account"),
                format!("“{} {}”的期初余额填了两次", a.code, a.name),
            ));
        }
        if b.amount_fen < 0 {
            return Err(DomainError::field(
                ErrorCode::InvalidMoney,
                &field("amount_fen"),
                format!("“{} {}”的期初余额不能为负数", a.code, a.name),
            ));
        }
        if b.amount_fen > MAX_FEN {
            return Err(DomainError::field(
                ErrorCode::InvalidMoney,
                &field("amount_fen"),
                format!("“{} {}”的期初余额超过1万亿元", a.code, a.name),
            ));
        }
        if b.amount_fen == 0 {
            continue;
        }
        let (d, c) = match a.side {
            Side::Debit => (b.amount_fen, 0),
            Side::Credit => (0, b.amount_fen),
        };
        debit += i128::from(d);
        credit += i128::from(c);
        lines.push(Line { account: code.to_owned(), summary: SUMMARY.into(), debit_fen: d, credit_fen: c });
    }
    if lines.is_empty() {
        return Err(DomainError::field(ErrorCode::Required, "balances", "请至少填写一个科目的期初余额"));
    }
    if debit != credit {
        let y = |v: i128| fmt_yuan(v.clamp(0, i128::from(i64::MAX)) as i64);
        return Err(DomainError::field(
            ErrorCode::VoucherUnbalanced,
            "balances",
            format!(
                "期初余额借贷不平衡：借方合计{}元，贷方合计{}元，相差{}元（资产合计应等于负债与净资产合计）",
                y(debit),
                y(credit),
                y((debit - credit).abs())
            ),
        ));
    }
    check_lines(chart, &lines)?;
    Ok(lines)
}

/// The balances an opening voucher's lines stand for (the inverse of
/// [`opening_lines`]).
pub fn balances_of(chart: &[Account], lines: &[Line]) -> Vec<Balance> {
    lines
        .iter()
        .map(|l| {
            let side = chart.iter().find(|a| a.code == l.account).map_or(Side::Debit, |a| a.side);
            Balance { account: l.account.clone(), amount_fen: side.balance(l.debit_fen, l.credit_fen) }
        })
        .collect()
}

/// The opening voucher is dated the last day before the first period, so
/// reports of the first period read it as the balance brought forward.
pub fn opening_date(first: Period) -> chrono::NaiveDate {
    first.prev().last_day()
}

/// 库存现金 and 银行存款 and their sub-accounts: money that cannot go
/// below zero.
pub fn is_money(code: &str) -> bool {
    code.starts_with(codes::CASH) || code.starts_with(codes::BANK)
}

/// A cash or bank account a voucher would take below zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shortfall {
    pub account: String,
    pub name: String,
    pub before_fen: i64,
    pub after_fen: i64,
}

/// The cash and bank accounts that `lines` take below zero, given the
/// posted movements so far (`before`, per leaf account). Only accounts the
/// voucher pays out of count: one already below zero that the voucher
/// tops up is not this voucher's doing.
pub fn below_zero(chart: &[Account], before: &BTreeMap<String, Movement>, lines: &[Line]) -> Vec<Shortfall> {
    let mut out_of: BTreeMap<&str, i64> = BTreeMap::new();
    for l in lines.iter().filter(|l| is_money(&l.account)) {
        *out_of.entry(l.account.as_str()).or_default() += l.debit_fen - l.credit_fen;
    }
    out_of
        .into_iter()
        .filter(|(_, change)| *change < 0)
        .filter_map(|(code, change)| {
            let m = before.get(code).copied().unwrap_or_default();
            let before_fen = m.debit_fen - m.credit_fen;
            let after_fen = before_fen + change;
            (after_fen < 0).then(|| Shortfall {
                account: code.to_owned(),
                name: chart.iter().find(|a| a.code == code).map(|a| a.name.clone()).unwrap_or_default(),
                before_fen,
                after_fen,
            })
        })
        .collect()
}

/// The warning shown before such a payment, naming each account.
pub fn below_zero_message(shortfalls: &[Shortfall]) -> String {
    let each: Vec<String> = shortfalls
        .iter()
        .map(|s| {
            format!(
                "{} {}现有余额{}元，付款后将为{}元",
                s.account,
                s.name,
                fmt_yuan(s.before_fen),
                fmt_yuan(s.after_fen)
            )
        })
        .collect();
    format!(
        "付款后余额将低于零：{}。请核对账面余额（是否已录入期初余额、收款是否已记账），确认无误后勾选“确认付款后余额为负”再提交",
        each.join("；")
    )
}

#[cfg(test)]
mod tests {
    use super::super::chart::standard;
    use super::super::ledger::{balance_sheet, trial_balance};
    use super::*;
    use proptest::prelude::*;

    fn b(account: &str, amount_fen: i64) -> Balance {
        Balance { account: account.into(), amount_fen }
    }

    #[test]
    fn balanced_openings_become_lines_on_each_normal_side() {
        let chart = standard();
        let lines = opening_lines(
            &chart,
            &[b("1001", 500_000), b("1002", 30_000_000), b("3302", 30_500_000), b("2201", 0)],
        )
        .unwrap();
        assert_eq!(lines.len(), 3, "zero balances are left out");
        assert_eq!((lines[0].debit_fen, lines[0].credit_fen), (500_000, 0));
        assert_eq!((lines[2].debit_fen, lines[2].credit_fen), (0, 30_500_000));
        assert_eq!(balances_of(&chart, &lines)[2], b("3302", 30_500_000));
        // The contra asset 累计折旧 sits on the credit side.
        let lines =
            opening_lines(&chart, &[b("1601", 100_000), b("1602", 20_000), b("3101", 80_000)]).unwrap();
        assert_eq!(lines[1].credit_fen, 20_000);
    }

    #[test]
    fn unbalanced_or_wrong_openings_are_refused_in_chinese() {
        let chart = standard();
        let e = opening_lines(&chart, &[b("1001", 500_000), b("3302", 400_000)]).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::VoucherUnbalanced, Some("balances")));
        assert!(e.message.contains("借贷不平衡") && e.message.contains("相差1,000.00元"), "{}", e.message);
        let e = opening_lines(&chart, &[b("4101", 100), b("1001", 100)]).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("balances[0].account"));
        assert!(e.message.contains("收入类"), "{}", e.message);
        let e = opening_lines(&chart, &[b("1001", -1)]).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidMoney);
        let e = opening_lines(&chart, &[b("1001", 1), b("1001", 1), b("3302", 2)]).unwrap_err();
        assert!(e.message.contains("两次"), "{}", e.message);
        let e = opening_lines(&chart, &[b("1001", 0)]).unwrap_err();
        assert_eq!(e.code, ErrorCode::Required);
        assert!(opening_lines(&chart, &[b("9999", 1)]).is_err());
    }

    #[test]
    fn the_opening_voucher_is_dated_before_the_first_period() {
        let first = Period::parse("2026-01").unwrap();
        assert_eq!(opening_date(first).to_string(), "2025-12-31");
    }

    #[test]
    fn payments_below_zero_are_named() {
        let chart = standard();
        let mut before = BTreeMap::new();
        before.insert("1001".to_owned(), Movement { debit_fen: 50_000, credit_fen: 0 });
        let pay = |acc: &str, amt: i64| {
            vec![
                Line { account: "530104".into(), summary: String::new(), debit_fen: amt, credit_fen: 0 },
                Line { account: acc.into(), summary: String::new(), debit_fen: 0, credit_fen: amt },
            ]
        };
        assert!(below_zero(&chart, &before, &pay("1001", 50_000)).is_empty());
        let s = below_zero(&chart, &before, &pay("1001", 100_000));
        assert_eq!(
            s,
            vec![Shortfall {
                account: "1001".into(),
                name: "库存现金".into(),
                before_fen: 50_000,
                after_fen: -50_000
            }]
        );
        let m = below_zero_message(&s);
        assert!(m.contains("库存现金") && m.contains("-500.00元"), "{m}");
        // An empty bank account paid out of.
        assert_eq!(below_zero(&chart, &before, &pay("1002", 1)).len(), 1);
        // Money coming in never warns.
        let income = vec![
            Line { account: "1001".into(), summary: String::new(), debit_fen: 1, credit_fen: 0 },
            Line { account: "4101".into(), summary: String::new(), debit_fen: 0, credit_fen: 1 },
        ];
        assert!(below_zero(&chart, &BTreeMap::new(), &income).is_empty());
    }

    proptest! {
        #[test]
        fn any_balanced_opening_passes_and_balances_the_books(
            assets in proptest::collection::vec(0i64..1_000_000_000, 4),
            split in 0u32..=100,
        ) {
            let chart = standard();
            let total: i64 = assets.iter().sum();
            let liability = total * i64::from(split) / 100;
            let codes = ["1001", "1002", "1301", "1401"];
            let mut balances: Vec<Balance> = codes.iter().zip(&assets).map(|(c, a)| b(c, *a)).collect();
            balances.push(b("2201", liability));
            balances.push(b("3302", total - liability));
            if total == 0 {
                prop_assert!(opening_lines(&chart, &balances).is_err());
            } else {
                let lines = opening_lines(&chart, &balances).unwrap();
                let mut m: BTreeMap<String, Movement> = BTreeMap::new();
                for l in &lines {
                    m.entry(l.account.clone()).or_default().add(Movement { debit_fen: l.debit_fen, credit_fen: l.credit_fen });
                }
                let tb = trial_balance(&chart, &m, &BTreeMap::new());
                prop_assert!(tb.balanced);
                let bs = balance_sheet(&tb);
                prop_assert!(bs.balanced);
                prop_assert_eq!(bs.assets_total.0, total);
            }
        }

        #[test]
        fn an_unbalanced_opening_is_always_refused(
            asset in 1i64..1_000_000_000, off in 1i64..1_000_000,
        ) {
            let chart = standard();
            let e = opening_lines(&chart, &[b("1002", asset), b("3302", asset + off)]).unwrap_err();
            prop_assert_eq!(e.code, ErrorCode::VoucherUnbalanced);
        }

        #[test]
        fn below_zero_exactly_when_the_balance_would_go_negative(
            have in 0i64..1_000_000, pay in 1i64..2_000_000,
        ) {
            let chart = standard();
            let mut before = BTreeMap::new();
            before.insert("1002".to_owned(), Movement { debit_fen: have, credit_fen: 0 });
            let lines = vec![
                Line { account: "510104".into(), summary: String::new(), debit_fen: pay, credit_fen: 0 },
                Line { account: "1002".into(), summary: String::new(), debit_fen: 0, credit_fen: pay },
            ];
            prop_assert_eq!(below_zero(&chart, &before, &lines).is_empty(), pay <= have);
        }
    }
}
