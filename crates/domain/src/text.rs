//! Free text from users: trimmed, bounded, and free of control characters.
//! SQL and HTML metacharacters are fine: SQL is bound, HTML is escaped.

use crate::{DomainError, ErrorCode};

/// Parses one line of text (a name, a title). `label` is the Chinese name of
/// the field used in the message, `field` its API name.
pub fn line(field: &str, label: &str, value: &str, max_chars: usize) -> Result<Option<String>, DomainError> {
    parse(field, label, value, max_chars, false)
}

/// Like [`line`] but the value must be present.
pub fn required_line(field: &str, label: &str, value: &str, max_chars: usize) -> Result<String, DomainError> {
    line(field, label, value, max_chars)?
        .ok_or_else(|| DomainError::field(ErrorCode::Required, field, format!("{label}不能为空")))
}

/// Multi-line text (notes, honours): newlines and tabs allowed.
pub fn multiline(
    field: &str,
    label: &str,
    value: &str,
    max_chars: usize,
) -> Result<Option<String>, DomainError> {
    parse(field, label, value, max_chars, true)
}

fn parse(
    field: &str,
    label: &str,
    value: &str,
    max_chars: usize,
    multiline: bool,
) -> Result<Option<String>, DomainError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let allowed = |c: char| multiline && (c == '\n' || c == '\t' || c == '\r');
    if trimmed.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(DomainError::field(
            ErrorCode::ControlCharacters,
            field,
            format!("{label}包含不可见的控制字符"),
        ));
    }
    let count = trimmed.chars().count();
    if count > max_chars {
        return Err(DomainError::field(
            ErrorCode::TooLong,
            field,
            format!("{label}最多{max_chars}个字，现在有{count}个"),
        ));
    }
    Ok(Some(trimmed.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn trims_and_accepts_metacharacters() {
        let v = line("name", "名称", "  '; DROP TABLE orgs; -- <b>工会</b> ", 100).unwrap();
        assert_eq!(v.as_deref(), Some("'; DROP TABLE orgs; -- <b>工会</b>"));
    }

    #[test]
    fn empty_is_none_and_required_names_the_field() {
        assert_eq!(line("name", "名称", "   ", 10).unwrap(), None);
        let e = required_line("name", "名称", "", 10).unwrap_err();
        assert_eq!(e.code, ErrorCode::Required);
        assert_eq!(e.field.as_deref(), Some("name"));
        assert_eq!(e.message, "名称不能为空");
    }

    #[test]
    fn control_characters_are_refused_except_newlines_in_multiline() {
        let e = line("name", "名称", "a\u{0}b", 10).unwrap_err();
        assert_eq!(e.code, ErrorCode::ControlCharacters);
        assert!(line("name", "名称", "a\nb", 10).is_err());
        assert_eq!(multiline("notes", "备注", "a\nb", 10).unwrap().as_deref(), Some("a\nb"));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(line("name", "名称", &"工".repeat(10), 10).is_ok());
        let e = line("name", "名称", &"工".repeat(11), 10).unwrap_err();
        assert_eq!(e.code, ErrorCode::TooLong);
        assert!(e.message.contains("最多10个字"));
    }

    proptest! {
        #[test]
        fn accepted_text_is_trimmed_bounded_and_clean(s in ".{0,40}") {
            if let Ok(Some(v)) = line("f", "字段", &s, 20) {
                prop_assert!(v.chars().count() <= 20);
                prop_assert_eq!(v.trim(), v.as_str());
                prop_assert!(!v.chars().any(char::is_control));
            }
        }
    }
}
