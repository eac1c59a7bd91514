//! Numbers as plans write them: Arabic (with decimals, thousands commas and
//! full-width digits) and Chinese numerals (一二两三…十百千万), as in
//! "新建10家", "力争再创十家", "举办一期", "组织1—2期", "100余次".

/// The value of a Chinese numeral such as 十, 十五, 二十, 一百零五, 两千,
/// 三万五千; None when `s` is empty or holds anything else.
pub fn chinese(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    // total: completed 万 groups; section: below 万; digit: pending digit.
    let (mut total, mut section, mut digit): (u64, u64, Option<u64>) = (0, 0, None);
    for c in s.chars() {
        if let Some(d) = digit_of(c) {
            // Two digits in a row ("五一") are a name, not a number; only
            // 零 may stand before a digit ("一百零五").
            if digit.is_some_and(|p| p != 0) {
                return None;
            }
            digit = Some(d);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1_000,
            '万' => 10_000,
            '亿' => 100_000_000,
            _ => return None,
        };
        if unit >= 10_000 {
            let group = section + digit.take().unwrap_or(0);
            // "万" alone (as in "万人") is not a number here.
            if group == 0 {
                return None;
            }
            total = (total + group).checked_mul(unit)?;
            section = 0;
        } else {
            // "十" at the start means 一十.
            section += digit.take().unwrap_or(1) * unit;
        }
    }
    Some(total + section + digit.unwrap_or(0))
}

/// Whether `c` can be part of a Chinese numeral.
pub fn is_chinese_numeral(c: char) -> bool {
    digit_of(c).is_some() || matches!(c, '十' | '百' | '千' | '万' | '亿')
}

fn digit_of(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// An ASCII digit for an ASCII or full-width one (０–９).
pub fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

/// Reads an Arabic number at the start of `chars`: digits, thousands
/// commas between digit groups (40,350), one decimal point. Returns the
/// value and how many chars it took.
pub fn arabic(chars: &[char]) -> Option<(f64, usize)> {
    let mut text = String::new();
    let mut i = 0;
    let mut seen_point = false;
    while i < chars.len() {
        let c = chars[i];
        if let Some(d) = ascii_digit(c) {
            text.push(d);
        } else if (c == '.' || c == '．')
            && !seen_point
            && i + 1 < chars.len()
            && ascii_digit(chars[i + 1]).is_some()
        {
            seen_point = true;
            text.push('.');
        } else if c == ',' && !seen_point && is_group(&chars[i + 1..]) && !text.is_empty() {
            // A thousands separator only: exactly three digits follow.
        } else {
            break;
        }
        i += 1;
    }
    if text.is_empty() {
        return None;
    }
    text.parse().ok().map(|v| (v, i))
}

fn is_group(rest: &[char]) -> bool {
    rest.len() >= 3
        && rest[..3].iter().all(|c| ascii_digit(*c).is_some())
        && rest.get(3).is_none_or(|c| ascii_digit(*c).is_none())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn chinese_numerals() {
        for (s, v) in [
            ("一", 1),
            ("两", 2),
            ("十", 10),
            ("十五", 15),
            ("二十", 20),
            ("二十三", 23),
            ("一百", 100),
            ("一百零五", 105),
            ("三百二十", 320),
            ("两千", 2000),
            ("一千零一", 1001),
            ("三万五千", 35000),
            ("十万", 100_000),
            ("一万零五百", 10_500),
        ] {
            assert_eq!(chinese(s), Some(v), "{s}");
        }
        assert_eq!(chinese(""), None);
        assert_eq!(chinese("万"), None);
        assert_eq!(chinese("十a"), None);
    }

    #[test]
    fn arabic_numbers() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(arabic(&c("95%以上")), Some((95.0, 2)));
        assert_eq!(arabic(&c("40,350.00元")), Some((40350.0, 9)));
        assert_eq!(arabic(&c("2.5小时")), Some((2.5, 3)));
        assert_eq!(arabic(&c("１２家")), Some((12.0, 2)));
        // A comma that does not separate thousands ends the number.
        assert_eq!(arabic(&c("10,20家")), Some((10.0, 2)));
        assert_eq!(arabic(&c("5.")), Some((5.0, 1)));
        assert_eq!(arabic(&c("家")), None);
    }

    /// Writes `n` (< 10^8) in Chinese numerals the way plans do.
    fn write_chinese(n: u64) -> String {
        const D: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
        fn below_wan(n: u64, out: &mut String, leading: bool) {
            let parts = [(1000, '千'), (100, '百'), (10, '十')];
            let mut zero = false;
            let mut started = !leading;
            for (u, name) in parts {
                let d = n / u % 10;
                if d == 0 {
                    zero = started;
                    continue;
                }
                if zero {
                    out.push('零');
                    zero = false;
                }
                out.push(D[d as usize]);
                out.push(name);
                started = true;
            }
            let d = n % 10;
            if d != 0 {
                if zero || (started && n % 100 < 10 && n >= 10) {
                    out.push('零');
                }
                out.push(D[d as usize]);
            }
        }
        if n == 0 {
            return "零".into();
        }
        let mut out = String::new();
        let (hi, lo) = (n / 10_000, n % 10_000);
        if hi > 0 {
            below_wan(hi, &mut out, true);
            out.push('万');
            if lo > 0 && lo < 1000 {
                out.push('零');
            }
            below_wan(lo, &mut out, true);
        } else {
            below_wan(lo, &mut out, true);
        }
        out
    }

    proptest! {
        #[test]
        fn chinese_round_trips(n in 1u64..100_000_000) {
            let s = write_chinese(n);
            prop_assert_eq!(chinese(&s), Some(n), "{}", s);
        }

        #[test]
        fn arabic_round_trips(n in 0u64..10_000_000_000, cents in 0u32..100) {
            let s = format!("{n}.{cents:02}元");
            let chars: Vec<char> = s.chars().collect();
            let (v, used) = arabic(&chars).unwrap();
            prop_assert_eq!(used, s.chars().count() - 1);
            prop_assert!((v - (n as f64 + f64::from(cents) / 100.0)).abs() < 1e-6);
        }
    }
}
