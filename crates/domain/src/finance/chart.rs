//! The chart of accounts (会计科目) as data: the file shipped with the
//! binary, plus the sub-accounts a union adds. Every account has a class and
//! a normal balance side.

use serde::Serialize;

use crate::{DomainError, ErrorCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    Asset,
    Liability,
    NetAssets,
    Income,
    Expenditure,
}

impl Class {
    pub const ALL: [Class; 5] =
        [Class::Asset, Class::Liability, Class::NetAssets, Class::Income, Class::Expenditure];

    pub fn as_str(self) -> &'static str {
        match self {
            Class::Asset => "asset",
            Class::Liability => "liability",
            Class::NetAssets => "net_assets",
            Class::Income => "income",
            Class::Expenditure => "expenditure",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Class::Asset => "资产类",
            Class::Liability => "负债类",
            Class::NetAssets => "净资产类",
            Class::Income => "收入类",
            Class::Expenditure => "支出类",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Debit,
    Credit,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Debit => "debit",
            Side::Credit => "credit",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "debit" => Some(Side::Debit),
            "credit" => Some(Side::Credit),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Side::Debit => "借",
            Side::Credit => "贷",
        }
    }

    /// The balance of movements read on this side: debit − credit for a
    /// debit-normal account, credit − debit otherwise.
    pub fn balance(self, debit_fen: i64, credit_fen: i64) -> i64 {
        match self {
            Side::Debit => debit_fen - credit_fen,
            Side::Credit => credit_fen - debit_fen,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub code: String,
    pub name: String,
    pub class: Class,
    pub side: Side,
}

impl Account {
    /// The first-level account's code (four digits).
    pub fn top_code(&self) -> &str {
        &self.code[..4]
    }

    pub fn is_top(&self) -> bool {
        self.code.len() == 4
    }

    /// The parent's code, for a sub-account.
    pub fn parent_code(&self) -> Option<&str> {
        (self.code.len() > 4).then(|| &self.code[..self.code.len() - 2])
    }
}

/// The standard chart shipped with gonghui.
pub fn standard() -> Vec<Account> {
    parse_chart(include_str!("../../data/accounts.csv")).expect("the shipped chart of accounts parses")
}

/// Reads `code,name,class,side` lines; `#` starts a comment.
pub fn parse_chart(text: &str) -> Result<Vec<Account>, String> {
    let mut out: Vec<Account> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split(',').map(str::trim).collect();
        let [code, name, class, side] = cols[..] else {
            return Err(format!("第{}行应有4列：科目编码,名称,类别,余额方向", i + 1));
        };
        let class = Class::parse(class).ok_or_else(|| format!("第{}行：类别“{class}”不存在", i + 1))?;
        let side = Side::parse(side).ok_or_else(|| format!("第{}行：余额方向“{side}”不存在", i + 1))?;
        let account = Account { code: code.to_owned(), name: name.to_owned(), class, side };
        check_code_shape(code).map_err(|m| format!("第{}行：{m}", i + 1))?;
        if let Some(parent) = account.parent_code()
            && !out.iter().any(|a| a.code == parent)
        {
            return Err(format!("第{}行：上级科目{parent}不存在", i + 1));
        }
        if out.iter().any(|a| a.code == code) {
            return Err(format!("第{}行：科目编码{code}重复", i + 1));
        }
        out.push(account);
    }
    Ok(out)
}

fn check_code_shape(code: &str) -> Result<(), String> {
    let ok = code.len() >= 4
        && code.len().is_multiple_of(2)
        && code.len() <= 10
        && code.bytes().all(|b| b.is_ascii_digit());
    let first = code.as_bytes().first().copied().unwrap_or(b'0');
    if !ok || !(b'1'..=b'5').contains(&first) {
        return Err(format!("科目编码“{code}”应为4位一级科目，下级科目每级加2位数字"));
    }
    Ok(())
}

/// Checks a sub-account a union wants to add under `parent`: the code is the
/// parent's plus two digits and not taken; it inherits class and side.
pub fn new_sub_account(
    chart: &[Account],
    parent: &str,
    code: &str,
    name: &str,
) -> Result<Account, DomainError> {
    let p = chart.iter().find(|a| a.code == parent).ok_or_else(|| {
        DomainError::field(ErrorCode::InvalidValue, "parent", format!("上级科目“{parent}”不存在"))
    })?;
    let code = code.trim();
    let shape = check_code_shape(code).map_err(|m| DomainError::field(ErrorCode::InvalidValue, "code", m));
    shape?;
    if code.len() != p.code.len() + 2 || !code.starts_with(&p.code) {
        return Err(DomainError::field(
            ErrorCode::InvalidValue,
            "code",
            format!("明细科目编码应为上级科目编码{}后加两位数字，如{}01", p.code, p.code),
        ));
    }
    if chart.iter().any(|a| a.code == code) {
        return Err(DomainError::field(ErrorCode::Conflict, "code", format!("科目编码{code}已存在")));
    }
    let name = crate::text::required_line("name", "科目名称", name, 40)?;
    Ok(Account { code: code.to_owned(), name, class: p.class, side: p.side })
}

/// Whether postings may go to `code`: only the most detailed accounts take
/// them, so a parent's total is always the sum of its children.
pub fn is_leaf(chart: &[Account], code: &str) -> bool {
    !chart.iter().any(|a| a.parent_code() == Some(code))
}

/// The account codes the system posts to by itself.
pub mod codes {
    pub const CASH: &str = "1001";
    pub const BANK: &str = "1002";
    pub const PAYABLE_UP: &str = "2201";
    pub const RECEIVABLE_UP: &str = "1201";
    pub const DUES_INCOME: &str = "4101";
    pub const FUND_INCOME: &str = "4201";
    pub const SURPLUS: &str = "3302";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_chart_has_the_2021_first_level_accounts() {
        let chart = standard();
        for name in [
            "会费收入",
            "拨缴经费收入",
            "上级补助收入",
            "政府补助收入",
            "附属单位上缴收入",
            "投资收益",
            "其他收入",
            "职工活动支出",
            "职工服务支出",
            "维权支出",
            "业务支出",
            "资本性支出",
            "补助下级支出",
            "对附属单位的支出",
            "其他支出",
            "困难职工帮扶费",
            "送温暖费",
            "回拨补助",
        ] {
            assert!(chart.iter().any(|a| a.name == name), "{name} missing");
        }
        for c in [
            codes::CASH,
            codes::BANK,
            codes::PAYABLE_UP,
            codes::DUES_INCOME,
            codes::FUND_INCOME,
            codes::SURPLUS,
        ] {
            let a = chart.iter().find(|a| a.code == c).unwrap();
            assert!(is_leaf(&chart, &a.code), "{c} must take postings");
        }
        // Class and side agree, except contra accounts.
        for a in &chart {
            let expected = matches!(a.class, Class::Asset | Class::Expenditure);
            let contra = a.name.starts_with("累计");
            assert_eq!(a.side == Side::Debit, expected != contra, "{}", a.code);
        }
        assert!(!is_leaf(&chart, "5301"));
    }

    #[test]
    fn sub_accounts_extend_their_parent() {
        let chart = standard();
        let a = new_sub_account(&chart, "5101", "510106", "读书活动费").unwrap();
        assert_eq!((a.class, a.side), (Class::Expenditure, Side::Debit));
        assert_eq!(new_sub_account(&chart, "5101", "510101", "x").unwrap_err().code, ErrorCode::Conflict);
        assert!(new_sub_account(&chart, "5101", "520101", "x").is_err());
        assert!(new_sub_account(&chart, "5101", "51011", "x").is_err());
        assert!(new_sub_account(&chart, "9999", "999901", "x").is_err());
        assert!(new_sub_account(&chart, "5101", "510107", " ").is_err());
    }

    #[test]
    fn a_broken_chart_file_names_the_line() {
        assert!(parse_chart("1001,库存现金,asset").unwrap_err().contains("第1行"));
        assert!(parse_chart("1001,库存现金,assets,debit").unwrap_err().contains("assets"));
        assert!(parse_chart("100101,x,asset,debit").unwrap_err().contains("上级科目"));
    }
}
