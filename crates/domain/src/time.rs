//! Time is stored in UTC and shown in China Standard Time (UTC+8, no DST).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};

pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// `2026年11月21日`
pub fn fmt_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// `2026年11月21日 22:04`, in Beijing time.
pub fn fmt_datetime(t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&china());
    format!("{} {}", fmt_date(local.date_naive()), local.format("%H:%M"))
}

/// Today's date in Beijing.
pub fn today(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&china()).date_naive()
}

/// Parses `2026-11-21`, `2026/11/21` or `2026年11月21日`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let normalised: String = s
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            c => c,
        })
        .filter(|c| *c != '日')
        .collect();
    NaiveDate::parse_from_str(&normalised, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_print_the_chinese_way() {
        assert_eq!(fmt_date(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()), "2026年11月1日");
    }

    #[test]
    fn utc_evening_is_next_day_in_beijing() {
        let t = Utc.with_ymd_and_hms(2026, 11, 21, 17, 30, 0).unwrap();
        assert_eq!(today(t), NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
        assert_eq!(fmt_datetime(t), "2026年11月22日 01:30");
    }

    #[test]
    fn common_date_spellings_parse() {
        let d = NaiveDate::from_ymd_opt(1985, 3, 2).unwrap();
        for s in ["1985-03-02", "1985/3/2", "1985年3月2日", "1985.3.2"] {
            assert_eq!(parse_date(s), Some(d), "{s}");
        }
        assert_eq!(parse_date("1985-02-30"), None);
        assert_eq!(parse_date("明天"), None);
    }
}
