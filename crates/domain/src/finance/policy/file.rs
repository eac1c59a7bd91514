//! Presets, parsing and printing policy files.

use crate::finance::holidays::Holiday;
use crate::{DomainError, ErrorCode};

use super::check::yuan;
use super::{Item, Policy};

/// The keys of the built-in presets.
pub const PRESETS: &[&str] = &["anhui-2018", "fujian-2018", "guizhou", "custom"];

fn preset_text(key: &str) -> Option<&'static str> {
    match key {
        "anhui-2018" => Some(include_str!("../../../policies/anhui-2018.json")),
        "fujian-2018" => Some(include_str!("../../../policies/fujian-2018.json")),
        "guizhou" => Some(include_str!("../../../policies/guizhou.json")),
        "custom" => Some(include_str!("../../../policies/custom.json")),
        _ => None,
    }
}

/// A built-in preset by key (see [`PRESETS`]).
pub fn preset(key: &str) -> Option<Policy> {
    preset_text(key).and_then(|text| parse(text).ok())
}

fn policy_error(message: String) -> DomainError {
    DomainError::field(ErrorCode::InvalidValue, "policy", message)
}

/// Reads a policy file (field `policy`). Strict: an unknown key anywhere is
/// refused with its name and line, as are negative caps, an item without any
/// cap and a festival window beyond [`MAX_DAYS_BEFORE`]/[`MAX_DAYS_AFTER`].
pub fn parse(json: &str) -> Result<Policy, DomainError> {
    let p: Policy = serde_json::from_str(json).map_err(|e| policy_error(translate_json_error(&e)))?;
    validate(&p).map_err(|m| policy_error(format!("政策文件：{m}")))?;
    Ok(p)
}

/// The policy as a pretty-printed file that [`parse`] reads back.
pub fn to_json(p: &Policy) -> String {
    serde_json::to_string_pretty(p).expect("a policy always serialises")
}

fn validate(p: &Policy) -> Result<(), String> {
    if p.key.is_empty()
        || p.key.len() > 40
        || !p.key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(format!("key“{}”只能由小写字母、数字和短横线组成，长度1到40位", p.key));
    }
    for (field, value) in [("name", &p.name), ("region", &p.region)] {
        if value.trim().is_empty() {
            return Err(format!("{field}不能为空"));
        }
        if value.chars().count() > 60 {
            return Err(format!("{field}过长，最多60个字"));
        }
    }
    for item in Item::ALL {
        let Some(caps) = p.caps(item) else { continue };
        let at = format!("items.{}（{}）", item.as_str(), item.label());
        match item {
            Item::Festival => {
                let every_holiday =
                    caps.per_holiday.is_some_and(|ph| Holiday::ALL.iter().all(|h| ph.get(*h).is_some()));
                if caps.per_year.is_none() && !every_holiday {
                    return Err(format!(
                        "{at}须设定每年限额（per_year_yuan），或为每个节日设定限额（per_holiday_yuan，可用others表示其余节日）"
                    ));
                }
            }
            Item::Assistance => {}
            _ if caps.per_year.is_none() && caps.per_occasion.is_none() => {
                return Err(format!("{at}没有设定限额，请填写per_year_yuan或per_occasion_yuan"));
            }
            _ => {}
        }
        if let Some(s) = caps.surgery {
            let normal = caps.per_year.into_iter().chain(caps.per_occasion).max().unwrap_or(0);
            if s < normal {
                return Err(format!(
                    "{at}的手术限额（surgery_yuan）{}元低于普通限额{}元",
                    yuan(s),
                    yuan(normal)
                ));
            }
        }
    }
    Ok(())
}

/// The list inside serde's "expected one of `a`, `b`" as `a、b`.
fn backticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

fn type_name_zh(expected: &str) -> String {
    let e = expected.trim();
    if e.starts_with("struct") || e.starts_with("a map") {
        "对象（{…}）".to_owned()
    } else if e.contains("string") {
        "文字（加双引号）".to_owned()
    } else if e.contains("bool") {
        "true或false".to_owned()
    } else if ["i64", "i32", "u64", "u32", "integer", "number"].iter().any(|t| e.contains(t)) {
        "数字".to_owned()
    } else if e.contains("sequence") {
        "数组（[…]）".to_owned()
    } else {
        e.to_owned()
    }
}

/// serde_json's error in Chinese, with the line: `政策文件第3行：无法识别的
/// 字段“birthdy”，可用的字段有：festival、birthday、…`.
fn translate_json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let full = e.to_string();
    let msg = match full.rsplit_once(" at line ") {
        Some((m, _)) if e.line() > 0 => m,
        _ => full.as_str(),
    };
    let zh = match e.classify() {
        Category::Eof => "内容不完整，缺少结尾的括号或引号".to_owned(),
        Category::Syntax => {
            let what = if msg.contains("trailing comma") {
                "最后一项后面多了逗号"
            } else if msg.contains("key must be a string") {
                "字段名须加双引号"
            } else if msg.contains("expected `,` or `}`") || msg.contains("expected `,` or `]`") {
                "缺少逗号或括号"
            } else if msg.contains("expected `:`") {
                "字段名后缺少冒号"
            } else if msg.contains("trailing characters") {
                "结尾处有多余的内容"
            } else {
                "不是合法的JSON"
            };
            format!("格式错误：{what}")
        }
        Category::Data | Category::Io => {
            if let Some(rest) = msg.strip_prefix("unknown field ") {
                let names = backticked(rest);
                let expected = names.get(1..).unwrap_or_default().join("、");
                let name = names.first().copied().unwrap_or_default();
                if expected.is_empty() {
                    format!("无法识别的字段“{name}”")
                } else {
                    format!("无法识别的字段“{name}”，可用的字段有：{expected}")
                }
            } else if let Some(rest) = msg.strip_prefix("unknown variant ") {
                let names = backticked(rest);
                let name = names.first().copied().unwrap_or_default();
                format!(
                    "无法识别的取值“{name}”，可用的取值有：{}",
                    names.get(1..).unwrap_or_default().join("、")
                )
            } else if let Some(rest) = msg.strip_prefix("missing field ") {
                format!("缺少字段“{}”", backticked(rest).first().copied().unwrap_or_default())
            } else if let Some(rest) = msg.strip_prefix("duplicate field ") {
                format!("字段“{}”重复", backticked(rest).first().copied().unwrap_or_default())
            } else if let Some(rest) = msg.strip_prefix("invalid type: ") {
                let expected = rest.split_once(", expected ").map_or("", |(_, e)| e);
                format!("取值类型不正确，应为{}", type_name_zh(expected))
            } else if let Some(rest) = msg.strip_prefix("invalid value: ") {
                let expected = rest.split_once(", expected ").map_or("", |(_, e)| e);
                format!("取值不正确，应为{}", type_name_zh(expected))
            } else {
                // Our own messages (amounts, days) are Chinese already.
                msg.to_owned()
            }
        }
    };
    if e.line() > 0 {
        format!("政策文件第{}行：{zh}", e.line())
    } else {
        format!("政策文件：{zh}")
    }
}
