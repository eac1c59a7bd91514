//! 会员证号 patterns.

use crate::{DomainError, ErrorCode};

use super::is_blank;

enum CardToken {
    Literal(String),
    Year4,
    Year2,
    Seq(usize),
}

const CARD_MAX_CHARS: usize = 32;

fn card_error(message: impl Into<String>) -> DomainError {
    DomainError::field(ErrorCode::InvalidCardPattern, "card_pattern", message)
}

fn parse_card_pattern(pattern: &str) -> Result<Vec<CardToken>, DomainError> {
    let pattern = pattern.trim();
    if pattern.is_empty() {
        return Err(DomainError::field(ErrorCode::Required, "card_pattern", "会员证号规则不能为空"));
    }
    let mut tokens = Vec::new();
    let mut literal = String::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some('{') | None => {
                            return Err(card_error(
                                "会员证号规则中的大括号不成对，占位符应写成{YYYY}、{YY}或{SEQ:n}",
                            ));
                        }
                        Some(c) => name.push(c),
                    }
                }
                if !literal.is_empty() {
                    tokens.push(CardToken::Literal(std::mem::take(&mut literal)));
                }
                let upper = name.to_ascii_uppercase();
                let token = match upper.as_str() {
                    "YYYY" => CardToken::Year4,
                    "YY" => CardToken::Year2,
                    _ => match upper.strip_prefix("SEQ:").map(str::parse::<usize>) {
                        Some(Ok(n)) if (1..=10).contains(&n) => CardToken::Seq(n),
                        Some(_) => {
                            return Err(card_error(format!("序号位数“{{{name}}}”应为1到10，如{{SEQ:6}}")));
                        }
                        None => {
                            return Err(card_error(format!(
                                "会员证号规则中的“{{{name}}}”无法识别，只能使用{{YYYY}}、{{YY}}和{{SEQ:n}}"
                            )));
                        }
                    },
                };
                tokens.push(token);
            }
            '}' => return Err(card_error("会员证号规则中的大括号不成对，占位符应写成{YYYY}、{YY}或{SEQ:n}")),
            c if c.is_control() || is_blank(c) => {
                return Err(card_error("会员证号规则不能包含空格或不可见字符"));
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        tokens.push(CardToken::Literal(literal));
    }
    let seqs = tokens.iter().filter(|t| matches!(t, CardToken::Seq(_))).count();
    if seqs != 1 {
        return Err(card_error(if seqs == 0 {
            "会员证号规则必须包含一个序号占位符{SEQ:n}，如{SEQ:6}"
        } else {
            "会员证号规则只能包含一个序号占位符{SEQ:n}"
        }));
    }
    let width: usize = tokens
        .iter()
        .map(|t| match t {
            CardToken::Literal(s) => s.chars().count(),
            CardToken::Year4 => 4,
            CardToken::Year2 => 2,
            CardToken::Seq(n) => *n,
        })
        .sum();
    if width > CARD_MAX_CHARS {
        return Err(card_error(format!("按此规则生成的会员证号有{width}个字符，最多{CARD_MAX_CHARS}个")));
    }
    Ok(tokens)
}

/// Checks a 会员证号 pattern such as `GH{YYYY}{SEQ:6}` (field `card_pattern`).
pub fn check_card_pattern(pattern: &str) -> Result<(), DomainError> {
    parse_card_pattern(pattern).map(|_| ())
}

/// Renders a 会员证号 from its pattern: `{YYYY}`, `{YY}`, `{SEQ:n}` (the
/// sequence zero-padded to n digits) and literal text.
pub fn render_card_number(pattern: &str, year: i32, seq: i64) -> Result<String, DomainError> {
    let tokens = parse_card_pattern(pattern)?;
    if !(1000..=9999).contains(&year) {
        return Err(card_error(format!("年份{year}超出范围")));
    }
    let mut out = String::new();
    for t in &tokens {
        match t {
            CardToken::Literal(s) => out.push_str(s),
            CardToken::Year4 => out.push_str(&year.to_string()),
            CardToken::Year2 => out.push_str(&format!("{:02}", year % 100)),
            CardToken::Seq(n) => {
                let digits = seq.to_string();
                if seq < 0 || digits.len() > *n {
                    return Err(card_error(format!(
                        "序号{seq}超出{{SEQ:{n}}}的{n}位，请加大会员证号规则中的序号位数"
                    )));
                }
                out.push_str(&format!("{seq:0>n$}"));
            }
        }
    }
    Ok(out)
}

/// Whether a card-number pattern restarts its sequence each year: only when
/// the year is part of the number, else numbers would repeat.
pub fn card_pattern_has_year(pattern: &str) -> bool {
    let p = pattern.to_ascii_uppercase();
    p.contains("{YYYY}") || p.contains("{YY}")
}
