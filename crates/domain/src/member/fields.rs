//! Mobiles, dates and money as offices type them.

use chrono::NaiveDate;

use crate::{DomainError, ErrorCode};

use super::{compact, half_width};

/// Checks and normalises a mainland mobile number (field `mobile`): spaces,
/// dashes, dots and parentheses dropped, full-width digits converted, a
/// leading +86 / 0086 / 86 removed; 11 digits, `1`, then 3–9.
pub fn parse_mobile(input: &str) -> Result<String, DomainError> {
    let fail = |message: String| DomainError::field(ErrorCode::InvalidMobile, "mobile", message);
    let s: String = compact(input)
        .chars()
        .filter(|c| !matches!(c, '-' | '.' | '(' | ')' | '—' | '–' | '‐' | '·'))
        .collect();
    if s.is_empty() {
        return Err(DomainError::field(ErrorCode::Required, "mobile", "手机号不能为空"));
    }
    if s.to_ascii_uppercase().contains("E+") {
        return Err(fail(format!(
            "手机号“{}”已被Excel转换成科学计数法，末尾几位已经丢失，请把该列设为“文本”后重新输入",
            input.trim()
        )));
    }
    let s = if let Some(rest) = s.strip_prefix("+86").or_else(|| s.strip_prefix("0086")) {
        rest
    } else if s.len() == 13 && s.starts_with("86") {
        &s[2..]
    } else {
        &s
    };
    if let Some(c) = s.chars().find(|c| !c.is_ascii_digit()) {
        return Err(fail(format!("手机号只能包含数字，“{}”中的“{c}”不是数字", input.trim())));
    }
    if s.len() != 11 {
        return Err(fail(format!("手机号应为11位数字，现在是{}位", s.len())));
    }
    let b = s.as_bytes();
    if b[0] != b'1' || !(b'3'..=b'9').contains(&b[1]) {
        return Err(fail(format!("手机号“{s}”不是有效的手机号码，应以13到19开头")));
    }
    Ok(s.to_owned())
}

/// How much of a date was given: 出生年月 columns give only year and month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Precision {
    Day,
    Month,
}

pub(super) fn parse_date_precise(input: &str) -> Option<(NaiveDate, Precision)> {
    let s: String = input.trim().chars().map(half_width).collect();
    // "1985-03-02 00:00:00", "1985-03-02T00:00:00": the time is ignored.
    let s = s.split_whitespace().next()?;
    let s = s.split('T').next()?;
    let mut t = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '年' | '月' => t.push('-'),
            '日' | '号' => {}
            c => t.push(c),
        }
    }
    let t = t.strip_suffix('-').unwrap_or(&t);
    let parts: Vec<&str> = if t.bytes().all(|b| b.is_ascii_digit()) {
        match t.len() {
            8 => vec![&t[..4], &t[4..6], &t[6..]],
            6 => vec![&t[..4], &t[4..]],
            _ => return None,
        }
    } else {
        let sep = t.chars().find(|c| !c.is_ascii_digit())?;
        if !matches!(sep, '-' | '/' | '.') {
            return None;
        }
        t.split(sep).collect()
    };
    if !(2..=3).contains(&parts.len())
        || parts[0].len() != 4
        || parts[1..].iter().any(|p| !(1..=2).contains(&p.len()))
        || parts.iter().any(|p| !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let year: i32 = parts[0].parse().ok()?;
    let month: u32 = parts[1].parse().ok()?;
    let (day, precision) = match parts.get(2) {
        Some(d) => (d.parse().ok()?, Precision::Day),
        None => (1, Precision::Month),
    };
    NaiveDate::from_ymd_opt(year, month, day).map(|d| (d, precision))
}

/// Reads a date the ways offices write them: 1985-03-02, 1985/3/2,
/// 1985年3月2日, 19850302, 2020.9.1, "1985-03-02 00:00:00"; 出生年月 forms
/// (1985-03, 1985年3月, 198503) give the 1st of that month. Impossible dates
/// give None.
pub fn parse_date_flexible(input: &str) -> Option<NaiveDate> {
    parse_date_precise(input).map(|(d, _)| d)
}

/// The largest amount accepted: 10,000,000 yuan, in fen.
pub(super) const MAX_FEN: i64 = 1_000_000_000;

/// Reads an amount in yuan ("5000", "5,000.50", "５０００", "5000元",
/// "￥5000") as fen. Empty gives None; negative amounts, more than two
/// decimals and amounts over 10,000,000 yuan are refused naming `label`.
pub fn parse_money_fen(field: &str, label: &str, input: &str) -> Result<Option<i64>, DomainError> {
    let fail = |message: String| DomainError::field(ErrorCode::InvalidMoney, field, message);
    let s: String = compact(input).chars().filter(|&c| c != ',').collect();
    let s = s.trim_start_matches(['¥', '￥']);
    let s = s.strip_prefix("RMB").unwrap_or(s);
    let s = s.strip_suffix('元').unwrap_or(s);
    if s.is_empty() {
        return Ok(None);
    }
    if s.starts_with(['-', '−']) {
        return Err(fail(format!("{label}不能为负数")));
    }
    let s = s.strip_prefix('+').unwrap_or(s);
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !all_digits(int) || !all_digits(frac) {
        return Err(fail(format!("{label}“{}”不是有效金额，请填写数字，如5000或5000.50", input.trim())));
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > 2 {
        return Err(fail(format!("{label}“{}”最多保留两位小数（精确到分）", input.trim())));
    }
    let int = int.trim_start_matches('0');
    let too_much = || fail(format!("{label}“{}”超过1000万元，请核对", input.trim()));
    if int.len() > 12 {
        return Err(too_much());
    }
    let yuan: i64 = if int.is_empty() { 0 } else { int.parse().map_err(|_| too_much())? };
    let cents: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
    let fen = yuan * 100 + cents;
    if fen > MAX_FEN {
        return Err(too_much());
    }
    Ok(Some(fen))
}
