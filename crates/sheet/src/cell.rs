//! Cell values to text.

use calamine::{Data, DataRef, ExcelDateTime, ExcelDateTimeType};

const DAY_SECONDS: f64 = 86_400.0;

/// Text of a cell read by the streaming `.xlsx` reader.
pub(crate) fn data_ref_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Int(i) => int_text(*i),
        DataRef::Float(f) => float_text(*f),
        DataRef::String(s) => s.trim().to_string(),
        DataRef::SharedString(s) => s.trim().to_string(),
        DataRef::Bool(b) => bool_text(*b),
        DataRef::DateTime(dt) => datetime_text(dt),
        DataRef::DateTimeIso(s) => iso_datetime_text(s),
        DataRef::DurationIso(s) => s.trim().to_string(),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

/// Text of a cell of a whole-sheet range (`.xls`).
pub(crate) fn data_text(value: &Data) -> String {
    match value {
        Data::Int(i) => int_text(*i),
        Data::Float(f) => float_text(*f),
        Data::String(s) => s.trim().to_string(),
        Data::Bool(b) => bool_text(*b),
        Data::DateTime(dt) => datetime_text(dt),
        Data::DateTimeIso(s) => iso_datetime_text(s),
        Data::DurationIso(s) => s.trim().to_string(),
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
    }
}

fn bool_text(b: bool) -> String {
    if b { "TRUE" } else { "FALSE" }.to_string()
}

fn int_text(i: i64) -> String {
    if i.unsigned_abs() < 1_000_000_000_000_000 {
        i.to_string()
    } else {
        // Excel holds every number as a double: show it as Excel would.
        float_text(i as f64)
    }
}

/// A number as Excel's "General" format shows it in a default-width column:
/// whole numbers below 10^15 in full, other numbers with up to 15 significant
/// digits, and numbers of 10^15 or more (an 18-digit ID typed as a number, so
/// already rounded by Excel) in scientific style with up to 6 significant
/// digits, like `1.10105E+17`.
pub(crate) fn float_text(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if v == 0.0 {
        return "0".to_string();
    }
    let abs = v.abs();
    if abs >= 1e15 {
        return scientific(v, 6);
    }
    if v.fract() == 0.0 {
        return format!("{}", v as i64);
    }
    if abs < 1e-9 {
        return scientific(v, 15);
    }
    let (negative, digits, exp) = significant_digits(v, 15);
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if exp >= 0 {
        let int_len = exp as usize + 1;
        if digits.len() <= int_len {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', int_len - digits.len()));
        } else {
            out.push_str(&digits[..int_len]);
            out.push('.');
            out.push_str(&digits[int_len..]);
        }
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-exp - 1) as usize));
        out.push_str(&digits);
    }
    out
}

/// `v` rounded to `precision` significant digits: (is negative, the digits
/// without trailing zeros, the decimal exponent of the first digit).
fn significant_digits(v: f64, precision: usize) -> (bool, String, i32) {
    let s = format!("{:.*e}", precision - 1, v.abs());
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    (v.is_sign_negative(), digits, exp)
}

/// Excel's scientific style: `1.10105E+17`, `1E-20`.
fn scientific(v: f64, precision: usize) -> String {
    let (negative, digits, exp) = significant_digits(v, precision);
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&digits[..1]);
    if digits.len() > 1 {
        out.push('.');
        out.push_str(&digits[1..]);
    }
    out.push('E');
    out.push(if exp < 0 { '-' } else { '+' });
    out.push_str(&format!("{:02}", exp.unsigned_abs()));
    out
}

/// A date as `YYYY-MM-DD`, a date and time as `YYYY-MM-DD HH:MM:SS`, a time
/// of day alone as `HH:MM:SS`, a duration as `[h]:mm:ss`.
fn datetime_text(dt: &ExcelDateTime) -> String {
    let serial = dt.as_f64();
    if dt.is_duration() {
        return duration_text(serial);
    }
    // Round to the nearest second: calamine truncates to whole seconds and a
    // time typed as 08:30 is often stored as 08:29:59.9999.
    let is_1904 = *dt != ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, false);
    let rounded = ExcelDateTime::new(serial + 0.5 / DAY_SECONDS, ExcelDateTimeType::DateTime, is_1904);
    let (y, mo, d, h, mi, s, _) = rounded.to_ymd_hms_milli();
    let has_time = (h, mi, s) != (0, 0, 0);
    if (0.0..1.0).contains(&serial) && has_time {
        format!("{h:02}:{mi:02}:{s:02}")
    } else if has_time {
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02}")
    }
}

fn duration_text(days: f64) -> String {
    let total = (days.abs() * DAY_SECONDS).round() as u64;
    let sign = if days < 0.0 && total > 0 { "-" } else { "" };
    format!("{sign}{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60)
}

/// An ISO 8601 date or date-time (`t="d"` cells) in the same shapes as
/// [`datetime_text`].
fn iso_datetime_text(s: &str) -> String {
    let s = s.trim();
    let Some((date, time)) = s.split_once('T') else {
        return s.to_string();
    };
    let time = time.trim_end_matches('Z');
    let time = time.split_once('.').map_or(time, |(whole, _)| whole);
    if date.is_empty() {
        return time.to_string();
    }
    if time.is_empty() || time.trim_start_matches(['0', ':']).is_empty() {
        date.to_string()
    } else {
        format!("{date} {time}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_have_no_fraction() {
        assert_eq!(float_text(5000.0), "5000");
        assert_eq!(float_text(-12.0), "-12");
        assert_eq!(float_text(0.0), "0");
        assert_eq!(float_text(-0.0), "0");
        assert_eq!(float_text(999_999_999_999_999.0), "999999999999999");
    }

    #[test]
    fn fractions_have_up_to_15_significant_digits() {
        assert_eq!(float_text(5000.5), "5000.5");
        assert_eq!(float_text(0.1 + 0.2), "0.3");
        assert_eq!(float_text(-0.05), "-0.05");
        assert_eq!(float_text(1.0 / 3.0), "0.333333333333333");
        assert_eq!(float_text(123_456.789), "123456.789");
        assert_eq!(float_text(1e-20), "1E-20");
    }

    #[test]
    fn huge_numbers_look_like_excel() {
        assert_eq!(float_text(110_105_199_001_011_234.0), "1.10105E+17");
        assert_eq!(float_text(1e15), "1E+15");
        assert_eq!(float_text(-6.2148e18), "-6.2148E+18");
        assert_eq!(int_text(110_105_199_001_011_234), "1.10105E+17");
        assert_eq!(int_text(42), "42");
    }

    #[test]
    fn dates_and_times() {
        let dt = |v| ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false);
        // 2026-01-15 is serial 46037.
        assert_eq!(datetime_text(&dt(46037.0)), "2026-01-15");
        assert_eq!(datetime_text(&dt(46037.5)), "2026-01-15 12:00:00");
        // 08:30 stored a hair short still reads as 08:30:00.
        assert_eq!(datetime_text(&dt(46037.0 + 8.5 / 24.0 - 1e-9)), "2026-01-15 08:30:00");
        assert_eq!(datetime_text(&dt(0.75)), "18:00:00");
        let d1904 = ExcelDateTime::new(0.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(datetime_text(&d1904), "1904-01-01");
        let dur = ExcelDateTime::new(1.0625, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(datetime_text(&dur), "25:30:00");
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_datetime_text("2026-01-15T00:00:00"), "2026-01-15");
        assert_eq!(iso_datetime_text("2026-01-15T08:30:00.000Z"), "2026-01-15 08:30:00");
        assert_eq!(iso_datetime_text("2026-01-15"), "2026-01-15");
    }

    #[test]
    fn strings_are_trimmed() {
        assert_eq!(data_text(&Data::String("  张三\u{3000}".into())), "张三");
        assert_eq!(data_ref_text(&DataRef::SharedString(" 1 ")), "1");
        assert_eq!(data_text(&Data::Bool(true)), "TRUE");
        assert_eq!(data_text(&Data::Error(calamine::CellErrorType::Div0)), "#DIV/0!");
    }
}
