//! Free text from users: trimmed, bounded, and free of control characters.
//! SQL and HTML metacharacters are fine: SQL is bound, HTML is escaped.
//!
//! One-line text (every name of a person, org or group, every title) also
//! refuses what a reader cannot see: bidi controls that reorder what is
//! shown (U+202E makes “工会主席” read backwards), zero-width characters
//! that make two equal-looking names differ, and private-use characters that
//! show as nothing or as a box. Multi-line text refuses the bidi controls.

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
    let refused =
        |c: char| (c.is_control() && !allowed(c)) || is_bidi_control(c) || (!multiline && is_invisible(c));
    if let Some(c) = trimmed.chars().find(|&c| refused(c)) {
        return Err(DomainError::field(
            ErrorCode::ControlCharacters,
            field,
            format!("{label}不能包含不可见字符或控制字符（U+{:04X}）", c as u32),
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

/// Bidirectional formatting characters: they reorder how text is shown.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters a reader cannot see in a name or a title: bidi controls,
/// zero-width characters, the Mongolian vowel separator, the byte order mark,
/// other format characters of that kind, and private-use characters (the
/// BMP's U+E000–U+F8FF and planes 15–16).
pub fn is_invisible(c: char) -> bool {
    is_bidi_control(c)
        || matches!(
            c,
            '\u{00AD}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200D}'
                | '\u{2060}'..='\u{2064}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E000}'..='\u{F8FF}'
                | '\u{F0000}'..='\u{10FFFF}'
        )
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

    /// The characters issue 12 names, one of each kind.
    const BANNED: &[char] = &[
        '\u{061C}',
        '\u{200E}',
        '\u{200F}',
        '\u{202A}',
        '\u{202B}',
        '\u{202C}',
        '\u{202D}',
        '\u{202E}',
        '\u{2066}',
        '\u{2067}',
        '\u{2068}',
        '\u{2069}',
        '\u{200B}',
        '\u{200C}',
        '\u{200D}',
        '\u{2060}',
        '\u{FEFF}',
        '\u{180E}',
        '\u{E000}',
        '\u{E123}',
        '\u{F8FF}',
        '\u{F0000}',
        '\u{FFFFD}',
        '\u{100000}',
        '\u{10FFFD}',
        '\u{0}',
        '\u{7}',
        '\u{1B}',
        '\u{7F}',
        '\u{85}',
        '\u{9F}',
        '\n',
        '\t',
    ];

    #[test]
    fn invisible_characters_are_refused_naming_the_code_point() {
        let e = required_line("name", "姓名", "张\u{202E}三", 50).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::ControlCharacters, Some("name")));
        assert_eq!(e.message, "姓名不能包含不可见字符或控制字符（U+202E）");
        let e = line("title", "标题", "\u{FEFF}工会", 50).unwrap_err();
        assert!(e.message.contains("U+FEFF"), "{}", e.message);
        let e = line("title", "标题", "甲\u{F0001}", 50).unwrap_err();
        assert!(e.message.contains("U+F0001"), "{}", e.message);
        // Multi-line text keeps newlines and emoji joiners, not bidi controls.
        assert!(multiline("notes", "备注", "第一行\n👨\u{200D}👩\u{200D}👧", 50).is_ok());
        assert!(multiline("notes", "备注", "a\u{202E}b", 50).is_err());
    }

    #[test]
    fn clean_names_pass() {
        for ok in [
            "张三",
            "欧阳娜娜",
            "李 四",
            "John Smith",
            "阿卜杜·热合曼",
            "O'Brien-李",
            "第一车间（二班）",
            "𠀀𪚥",
        ] {
            assert_eq!(required_line("name", "姓名", ok, 50).unwrap(), ok);
        }
    }

    proptest! {
        #[test]
        fn any_banned_character_anywhere_is_refused(
            name in "[\u{4e00}-\u{9fa5}A-Za-z0-9 ·]{0,20}",
            at in 0usize..=20,
            c in proptest::sample::select(BANNED),
        ) {
            let mut chars: Vec<char> = name.chars().collect();
            let at = at.min(chars.len());
            chars.insert(at, c);
            let v: String = chars.into_iter().collect();
            // Wrapped in letters so trimming cannot remove it.
            let v = format!("甲{v}乙");
            let e = line("name", "姓名", &v, 100).unwrap_err();
            prop_assert_eq!(e.code, ErrorCode::ControlCharacters);
            prop_assert!(e.message.contains(&format!("U+{:04X}", c as u32)), "{}", e.message);
        }

        #[test]
        fn clean_cjk_and_ascii_names_pass(name in "[\u{4e00}-\u{9fa5}A-Za-z0-9·'-][\u{4e00}-\u{9fa5}A-Za-z0-9 ·'-]{0,18}[\u{4e00}-\u{9fa5}A-Za-z0-9·'-]") {
            prop_assert_eq!(required_line("name", "姓名", &name, 50).unwrap(), name);
        }

        #[test]
        fn accepted_lines_hold_nothing_invisible(s in "\\PC{0,40}") {
            if let Ok(Some(v)) = line("f", "字段", &s, 40) {
                prop_assert!(!v.chars().any(|c| c.is_control() || is_invisible(c)));
            }
        }


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
