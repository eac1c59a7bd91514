//! Money is `i64` fen end to end; yuan text only at the edges.

use crate::{DomainError, ErrorCode};

/// The largest amount anywhere in the books: 10^12 yuan.
pub const MAX_FEN: i64 = 100_000_000_000_000;

/// Parses an amount typed in yuan (`1234.5`, `1,234.50`, `¥1234`), at most
/// two decimals and at most 10^12 yuan. Negative amounts (红字) are allowed
/// only where `allow_negative`.
pub fn parse_yuan(field: &str, label: &str, input: &str, allow_negative: bool) -> Result<i64, DomainError> {
    let fail = |message: String| DomainError::field(ErrorCode::InvalidMoney, field, message);
    let shown = input.trim();
    let s: String = shown.chars().filter(|c| !c.is_whitespace() && *c != ',' && *c != '，').collect();
    let s = s.trim_start_matches(['¥', '￥']);
    let s = s.strip_suffix('元').unwrap_or(s);
    if s.is_empty() {
        return Err(DomainError::field(ErrorCode::Required, field, format!("请填写{label}")));
    }
    let (negative, s) = match s.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if negative && !allow_negative {
        return Err(fail(format!("{label}不能为负数")));
    }
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) {
        return Err(fail(format!("{label}“{shown}”不是有效金额，请填写数字，如1234.50")));
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > 2 {
        return Err(fail(format!("{label}“{shown}”最多保留两位小数（精确到分）")));
    }
    let int = int.trim_start_matches('0');
    let too_much = || fail(format!("{label}“{shown}”超过1万亿元，请核对"));
    if int.len() > 13 {
        return Err(too_much());
    }
    let yuan: i64 = if int.is_empty() { 0 } else { int.parse().map_err(|_| too_much())? };
    let fen = yuan * 100 + format!("{frac:0<2}").parse::<i64>().unwrap_or(0);
    if fen > MAX_FEN {
        return Err(too_much());
    }
    Ok(if negative { -fen } else { fen })
}

/// Checks an amount that arrives as fen (the API): within ±10^12 yuan.
pub fn check_fen(field: &str, label: &str, fen: i64) -> Result<i64, DomainError> {
    if fen.checked_abs().is_none_or(|a| a > MAX_FEN) {
        return Err(DomainError::field(
            ErrorCode::InvalidMoney,
            field,
            format!("{label}超过1万亿元，请核对"),
        ));
    }
    Ok(fen)
}

/// `1,234,567.80`, sign kept.
pub fn fmt_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let a = fen.unsigned_abs();
    let int = (a / 100).to_string();
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{:02}", a % 100)
}

/// Yuan for messages: `300` when whole, else `300.50`.
pub fn yuan_short(fen: i64) -> String {
    if fen < 0 {
        return format!("-{}", yuan_short(fen.checked_neg().unwrap_or(i64::MAX)));
    }
    if fen % 100 == 0 { (fen / 100).to_string() } else { format!("{}.{:02}", fen / 100, (fen % 100).abs()) }
}

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// The amount in capital numerals (大写) as written on vouchers and payment
/// forms: `壹仟贰佰叁拾肆元伍角整`, `壹万零伍元整`, `叁元零伍分`.
pub fn in_words(fen: i64) -> String {
    let mut out = String::new();
    if fen < 0 {
        out.push('负');
    }
    let a = fen.unsigned_abs();
    let (yuan, jiao, fen_digit) = (a / 100, (a / 10) % 10, a % 10);
    if yuan > 0 {
        out.push_str(&integer_words(yuan));
        out.push('元');
    }
    if jiao > 0 {
        out.push(DIGITS[jiao as usize]);
        out.push('角');
    } else if fen_digit > 0 && yuan > 0 {
        out.push('零');
    }
    if fen_digit > 0 {
        out.push(DIGITS[fen_digit as usize]);
        out.push('分');
    } else {
        if yuan == 0 && jiao == 0 {
            out.push_str("零元");
        }
        out.push('整');
    }
    out
}

/// Groups of four digits with 万 and 亿; zeros inside collapse to one 零.
fn integer_words(n: u64) -> String {
    const GROUP_UNITS: [&str; 4] = ["", "万", "亿", "万亿"];
    const PLACE_UNITS: [&str; 4] = ["仟", "佰", "拾", ""];
    let mut groups = Vec::new();
    let mut rest = n;
    while rest > 0 {
        groups.push(rest % 10_000);
        rest /= 10_000;
    }
    let mut out = String::new();
    let mut zero_pending = false;
    for (gi, &g) in groups.iter().enumerate().rev() {
        if g == 0 {
            zero_pending = !out.is_empty();
            continue;
        }
        let digits = [g / 1000, (g / 100) % 10, (g / 10) % 10, g % 10];
        for (pi, &d) in digits.iter().enumerate() {
            if d == 0 {
                zero_pending |= !out.is_empty();
                continue;
            }
            if zero_pending {
                out.push('零');
                zero_pending = false;
            }
            out.push(DIGITS[d as usize]);
            out.push_str(PLACE_UNITS[pi]);
        }
        out.push_str(GROUP_UNITS[gi]);
        // Trailing zeros of a group are read in its unit (壹拾万, not 壹拾零万).
        zero_pending = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn words_as_written_on_vouchers() {
        let cases = [
            (123_450, "壹仟贰佰叁拾肆元伍角整"),
            (1_000_500, "壹万零伍元整"),
            (305, "叁元零伍分"),
            (50, "伍角整"),
            (5, "伍分"),
            (0, "零元整"),
            (10_000_000, "壹拾万元整"),
            (105_000, "壹仟零伍拾元整"),
            (100_000_000_000, "壹拾亿元整"),
            (1_000_000_100, "壹仟万零壹元整"),
            (2_000_300_000_000, "贰佰亿零叁佰万元整"),
            (-1_200, "负壹拾贰元整"),
            (10_100_000, "壹拾万壹仟元整"),
            (MAX_FEN, "壹万亿元整"),
            (1_010_101, "壹万零壹佰零壹元零壹分"),
        ];
        for (fen, words) in cases {
            assert_eq!(in_words(fen), words, "{fen}");
        }
    }

    #[test]
    fn yuan_parsing_keeps_to_the_fen_and_the_limit() {
        assert_eq!(parse_yuan("a", "金额", "1,234.5", false).unwrap(), 123_450);
        assert_eq!(parse_yuan("a", "金额", "¥0.05元", false).unwrap(), 5);
        assert_eq!(parse_yuan("a", "金额", "-12", true).unwrap(), -1_200);
        assert_eq!(parse_yuan("a", "金额", "1000000000000", false).unwrap(), MAX_FEN);
        let e = parse_yuan("a", "金额", "1.234", false).unwrap_err();
        assert!(e.message.contains("两位小数"), "{}", e.message);
        let e = parse_yuan("a", "金额", "1000000000000.01", false).unwrap_err();
        assert!(e.message.contains("1万亿"), "{}", e.message);
        assert!(parse_yuan("a", "金额", "-1", false).is_err());
        assert!(parse_yuan("a", "金额", "12元5角", false).is_err());
        assert_eq!(parse_yuan("a", "金额", " ", false).unwrap_err().code, ErrorCode::Required);
        assert!(check_fen("a", "金额", MAX_FEN + 1).is_err());
        assert!(check_fen("a", "金额", i64::MIN).is_err());
    }

    #[test]
    fn yuan_formatting() {
        assert_eq!(fmt_yuan(123_456_780), "1,234,567.80");
        assert_eq!(fmt_yuan(-5), "-0.05");
        assert_eq!(yuan_short(30_000), "300");
        assert_eq!(yuan_short(30_050), "300.50");
    }

    /// Reads capital numerals back, to show `in_words` loses nothing.
    fn words_value(s: &str) -> i64 {
        let s = s.strip_suffix('整').unwrap_or(s);
        let (neg, s) = s.strip_prefix('负').map(|r| (true, r)).unwrap_or((false, s));
        let (mut total, mut section, mut digit) = (0i64, 0i64, 0i64);
        let mut big = 0i64; // amount above 亿
        for c in s.chars() {
            if let Some(d) = DIGITS.iter().position(|&x| x == c) {
                digit = d as i64;
                continue;
            }
            match c {
                '拾' => section += digit * 10,
                '佰' => section += digit * 100,
                '仟' => section += digit * 1000,
                '万' => {
                    if total == 0 && section == 0 && digit == 0 {
                        big *= 10_000;
                    } else {
                        total += (section + digit) * 10_000;
                    }
                    section = 0;
                }
                '亿' => {
                    big = total + section + digit;
                    total = 0;
                    section = 0;
                }
                '元' => {
                    total = (big * 100_000_000 + total + section + digit) * 100;
                    big = 0;
                    section = 0;
                }
                '角' => total += digit * 10,
                '分' => total += digit,
                _ => panic!("unexpected {c}"),
            }
            digit = 0;
        }
        if neg { -total } else { total }
    }

    proptest! {
        #[test]
        fn words_read_back_to_the_amount(fen in -MAX_FEN..=MAX_FEN) {
            prop_assert_eq!(words_value(&in_words(fen)), fen, "{}", in_words(fen));
        }

        #[test]
        fn formatted_yuan_parses_back(fen in -MAX_FEN..=MAX_FEN) {
            prop_assert_eq!(parse_yuan("a", "金额", &fmt_yuan(fen), true).unwrap(), fen);
        }
    }
}
