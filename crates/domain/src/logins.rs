//! Logins for many members at once (issue 13): usernames from a pattern,
//! made unique against the accounts that exist, and readable one-time
//! passwords that meet the password rule.

use crate::auth::{check_password, parse_username};
use crate::search::pinyin_keys;
use crate::{DomainError, ErrorCode};

/// One part of a username pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    /// Full pinyin of the name (张三 → zhangsan).
    Pinyin,
    /// Pinyin initials (张三 → zs).
    Initials,
    /// The membership card number (会员证号), lower-cased.
    Card,
    /// A running number, zero-padded to `width` digits.
    Seq {
        width: usize,
    },
}

/// A username pattern: literal text (`a-z 0-9 . _ -`) and placeholders
/// `{pinyin}`, `{initials}`, `{card}`, `{seq}` or `{seq:N}` (N digits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsernamePattern {
    pieces: Vec<Piece>,
}

/// The presets the page offers: (pattern, Chinese description, example).
pub const PRESETS: &[(&str, &str, &str)] = &[
    ("{pinyin}", "姓名全拼（重名时加数字）", "zhangsan、zhangsan2"),
    ("{initials}{seq:3}", "拼音首字母加序号", "zs001"),
    ("{card}", "会员证号（没有会员证号的会员不能开通）", "hy-2026-001"),
    ("hy{seq:4}", "前缀加序号（前缀可改）", "hy0001"),
];

const FIELD: &str = "username_pattern";

fn bad(message: String) -> DomainError {
    DomainError::field(ErrorCode::InvalidValue, FIELD, message)
}

/// Keeps what a username may hold: lower-case ASCII letters, digits, `._-`.
fn username_chars(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(*c))
        .collect()
}

impl UsernamePattern {
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(DomainError::field(ErrorCode::Required, FIELD, "请填写用户名规则，如 {pinyin}"));
        }
        if s.chars().count() > 40 {
            return Err(bad("用户名规则过长（不超过40个字符）".into()));
        }
        let mut pieces = Vec::new();
        let mut rest = s;
        while !rest.is_empty() {
            match rest.find('{') {
                Some(0) => {
                    let end = rest.find('}').ok_or_else(|| bad("用户名规则中的“{”没有对应的“}”".into()))?;
                    let name = &rest[1..end];
                    pieces.push(match name {
                        "pinyin" => Piece::Pinyin,
                        "initials" => Piece::Initials,
                        "card" => Piece::Card,
                        "seq" => Piece::Seq { width: 1 },
                        _ => match name.strip_prefix("seq:").and_then(|w| w.parse::<usize>().ok()) {
                            Some(width) if (1..=6).contains(&width) => Piece::Seq { width },
                            _ => {
                                return Err(bad(format!(
                                    "用户名规则中的“{{{name}}}”无法识别：可用 {{pinyin}}、{{initials}}、{{card}}、{{seq}} 或 {{seq:位数}}（1到6位）"
                                )));
                            }
                        },
                    });
                    rest = &rest[end + 1..];
                }
                found => {
                    let end = found.unwrap_or(rest.len());
                    let text = &rest[..end];
                    if text.contains('}') {
                        return Err(bad("用户名规则中的“}”没有对应的“{”".into()));
                    }
                    let lower = text.to_ascii_lowercase();
                    if username_chars(&lower) != lower {
                        return Err(bad(format!(
                            "用户名规则中的“{text}”含有用户名不能使用的字符：只能用小写字母、数字、点、下划线和短横线"
                        )));
                    }
                    pieces.push(Piece::Text(lower));
                    rest = &rest[end..];
                }
            }
        }
        if pieces.iter().all(|p| matches!(p, Piece::Text(_))) {
            return Err(bad(
                "用户名规则须包含 {pinyin}、{initials}、{card} 或 {seq} 之一，否则每人的用户名都一样".into(),
            ));
        }
        Ok(UsernamePattern { pieces })
    }

    /// Whether the pattern numbers the members (collisions then take the
    /// next number instead of a suffix).
    pub fn has_seq(&self) -> bool {
        self.pieces.iter().any(|p| matches!(p, Piece::Seq { .. }))
    }

    /// The username of one member, or why there is none (in Chinese).
    pub fn render(&self, name: &str, card_number: Option<&str>, seq: u32) -> Result<String, String> {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Pinyin | Piece::Initials => {
                    let (full, initials) = pinyin_keys(name);
                    let v = if *p == Piece::Pinyin { full } else { initials };
                    let v = username_chars(&v);
                    if v.is_empty() {
                        return Err("姓名无法转为拼音".into());
                    }
                    out.push_str(&v);
                }
                Piece::Card => {
                    let v = username_chars(card_number.unwrap_or(""));
                    if v.is_empty() {
                        return Err("没有会员证号".into());
                    }
                    out.push_str(&v);
                }
                Piece::Seq { width } => out.push_str(&format!("{seq:0width$}")),
            }
        }
        parse_username(&out)
            .map_err(|_| format!("生成的用户名“{out}”不符合用户名规则（3到32位，以字母或数字开头）"))
    }
}

/// Usernames for members in order: `members` are (name, card number); a
/// name is never one `taken` says exists, nor one given to an earlier
/// member. A numbering pattern takes the next free number; otherwise a
/// taken name gets the suffix 2, 3, … (zhangwei, zhangwei2).
pub fn assign_usernames(
    pattern: &UsernamePattern,
    members: &[(String, Option<String>)],
    taken: &dyn Fn(&str) -> bool,
) -> Vec<Result<String, String>> {
    let mut used: Vec<String> = Vec::new();
    let mut seq: u32 = 1;
    let free = |u: &str, used: &[String]| !taken(u) && !used.iter().any(|x| x == u);
    let mut out = Vec::with_capacity(members.len());
    for (name, card) in members {
        let r = if pattern.has_seq() {
            let mut found = None;
            // Bounded: a run of 100,000 taken numbers is no roster's case.
            for _ in 0..100_000 {
                let r = pattern.render(name, card.as_deref(), seq);
                seq += 1;
                match r {
                    Ok(u) if free(&u, &used) => {
                        found = Some(Ok(u));
                        break;
                    }
                    Ok(_) => continue,
                    Err(e) => {
                        found = Some(Err(e));
                        break;
                    }
                }
            }
            found.unwrap_or_else(|| Err("没有可用的序号".into()))
        } else {
            pattern.render(name, card.as_deref(), 0).and_then(|base| {
                if free(&base, &used) {
                    return Ok(base);
                }
                (2..1000)
                    .map(|n| format!("{base}{n}"))
                    .find(|u| u.len() <= 32 && free(u, &used))
                    .ok_or_else(|| format!("用户名“{base}”已被使用"))
            })
        };
        if let Ok(u) = &r {
            used.push(u.clone());
        }
        out.push(r);
    }
    out
}

/// The characters of one-time passwords: lower-case letters and digits
/// without those read alike on paper (0 o, 1 l i); 32 of them, so a random
/// byte maps to one without bias.
const ALPHABET: &[u8; 32] = b"abcdefghjkmnpqrstuvwxyz23456789.";

/// A one-time password from 12 random bytes: three groups of four, e.g.
/// `kp7m-x3ta-9wqe` (about 60 bits). `None` when it breaks the password
/// rule for `username` (no digit, say): draw again.
pub fn one_time_password(random: &[u8; 12], username: &str) -> Option<String> {
    let mut out = String::with_capacity(14);
    for (i, b) in random.iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        // The 32nd symbol is not used: 31 readable ones and a redraw.
        let c = ALPHABET[usize::from(*b) % 32];
        if c == b'.' {
            return None;
        }
        out.push(char::from(c));
    }
    check_password("password", "初始密码", &out, username).ok().map(|()| out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> UsernamePattern {
        UsernamePattern::parse(s).unwrap()
    }

    #[test]
    fn patterns_parse_and_render() {
        assert_eq!(p("{pinyin}").render("张三", None, 0).unwrap(), "zhangsan");
        assert_eq!(p("{initials}{seq:3}").render("欧阳娜娜", None, 7).unwrap(), "oynn007");
        assert_eq!(p("HY{seq:4}").render("张三", None, 12).unwrap(), "hy0012");
        assert_eq!(p("{card}").render("张三", Some("HY-2026-01"), 0).unwrap(), "hy-2026-01");
        assert_eq!(p("{card}").render("张三", None, 0).unwrap_err(), "没有会员证号");
        assert!(p("{seq}").render("张三", None, 1).unwrap_err().contains("不符合用户名规则"));
        for bad in ["", "abc", "{name}", "{seq:9}", "a b{seq}", "{pinyin", "x}{seq}", "张{seq}"] {
            assert!(UsernamePattern::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn usernames_are_unique_against_existing_and_each_other() {
        let ms = vec![("张伟".to_owned(), None), ("张伟".to_owned(), None), ("李娜".to_owned(), None)];
        let taken = |u: &str| u == "zhangwei";
        let got = assign_usernames(&p("{pinyin}"), &ms, &taken);
        assert_eq!(got, vec![Ok("zhangwei2".into()), Ok("zhangwei3".into()), Ok("lina".into())]);
        let taken = |u: &str| u == "hy002";
        let got = assign_usernames(&p("hy{seq:3}"), &ms, &taken);
        assert_eq!(got, vec![Ok("hy001".into()), Ok("hy003".into()), Ok("hy004".into())]);
        let ms = vec![("张伟".to_owned(), Some("A1".to_owned())), ("李娜".to_owned(), None)];
        let got = assign_usernames(&p("{card}"), &ms, &|_| false);
        assert!(got[0].as_ref().unwrap_err().contains("“a1”不符合用户名规则"), "{got:?}");
        assert_eq!(got[1], Err("没有会员证号".to_owned()));
    }

    #[test]
    fn one_time_passwords_are_readable_and_meet_the_rule() {
        let mut made = 0;
        for round in 0..200u32 {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(round.to_le_bytes());
            let bytes: [u8; 12] = digest[..12].try_into().unwrap();
            if let Some(pw) = one_time_password(&bytes, "zhangsan") {
                made += 1;
                assert_eq!(pw.len(), 14);
                assert!(!pw.contains(['0', 'o', '1', 'l', 'i']), "{pw}");
                assert!(check_password("p", "p", &pw, "zhangsan").is_ok());
            }
        }
        assert!(made > 100, "{made}");
    }
}
