//! The period a figure is counted over: a year, a half-year, or any two
//! dates (both included).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::{DomainError, ErrorCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The longest period a figure is asked for: ten years.
pub const MAX_DAYS: i64 = 3660;

impl Period {
    /// `from` to `to`, both included; a period that ends before it starts
    /// (or spans more than ten years) is refused naming `to`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, DomainError> {
        if to < from {
            return Err(DomainError::field(
                ErrorCode::InvalidDate,
                "to",
                format!("结束日期（{to}）早于开始日期（{from}），请检查期间"),
            ));
        }
        if (to - from).num_days() > MAX_DAYS {
            return Err(DomainError::field(ErrorCode::InvalidDate, "to", "期间不能超过十年"));
        }
        Ok(Period { from, to })
    }

    /// A calendar year.
    pub fn year(year: i32) -> Option<Period> {
        Some(Period {
            from: NaiveDate::from_ymd_opt(year, 1, 1)?,
            to: NaiveDate::from_ymd_opt(year, 12, 31)?,
        })
    }

    /// The first (1) or second (2) half of a year; None: the whole year.
    pub fn of_plan(year: i32, half: Option<u8>) -> Option<Period> {
        match half {
            None => Period::year(year),
            Some(1) => Some(Period {
                from: NaiveDate::from_ymd_opt(year, 1, 1)?,
                to: NaiveDate::from_ymd_opt(year, 6, 30)?,
            }),
            Some(2) => Some(Period {
                from: NaiveDate::from_ymd_opt(year, 7, 1)?,
                to: NaiveDate::from_ymd_opt(year, 12, 31)?,
            }),
            Some(_) => None,
        }
    }

    pub fn contains(self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// The month ends within the period up to `today` (the points of a
    /// trend: the figure from `from` to each of them), and `today` itself
    /// when it falls inside the period and is no month end.
    pub fn checkpoints(self, today: NaiveDate) -> Vec<NaiveDate> {
        let last = self.to.min(today);
        let mut out = Vec::new();
        let (mut y, mut m) = (self.from.year(), self.from.month());
        loop {
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(y, m + 1, 1)
            };
            let Some(end) = next.and_then(|n| n.pred_opt()) else { break };
            if end > last {
                break;
            }
            out.push(end);
            (y, m) = (end.year() + i32::from(m == 12), if m == 12 { 1 } else { m + 1 });
        }
        if last >= self.from && out.last() != Some(&last) {
            out.push(last);
        }
        out
    }

    /// The period a form or query string names: `from` and `to` as typed
    /// (YYYY-MM-DD; 2026/1/1 and 2026年1月1日 too), either left empty for
    /// `default`'s. A date that does not read, or a period that ends before
    /// it starts, is refused naming its field.
    pub fn parse(from: Option<&str>, to: Option<&str>, default: Period) -> Result<Period, DomainError> {
        let read =
            |field: &str, label: &str, s: Option<&str>, or: NaiveDate| -> Result<NaiveDate, DomainError> {
                match s.map(str::trim).filter(|s| !s.is_empty()) {
                    None => Ok(or),
                    Some(s) => crate::time::parse_date(s).ok_or_else(|| {
                        DomainError::field(
                            ErrorCode::InvalidDate,
                            field,
                            format!("{label}“{s}”不是有效日期，请按 2026-01-31 的格式填写"),
                        )
                    }),
                }
            };
        let from = read("from", "开始日期", from, default.from)?;
        let to = read("to", "结束日期", to, default.to)?;
        Period::new(from, to)
    }

    /// 2026年1月1日至2026年12月31日
    pub fn label(self) -> String {
        let f = |d: NaiveDate| format!("{}年{}月{}日", d.year(), d.month(), d.day());
        format!("{}至{}", f(self.from), f(self.to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods() {
        assert_eq!(Period::year(2026).unwrap(), Period { from: d(2026, 1, 1), to: d(2026, 12, 31) });
        assert_eq!(Period::of_plan(2026, Some(2)).unwrap().from, d(2026, 7, 1));
        assert!(Period::of_plan(2026, Some(3)).is_none());
        let e = Period::new(d(2026, 5, 1), d(2026, 4, 30)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("to"));
        assert!(Period::new(d(2000, 1, 1), d(2026, 1, 1)).is_err());
        assert_eq!(Period::year(2026).unwrap().label(), "2026年1月1日至2026年12月31日");
    }

    #[test]
    fn parsed_from_a_form_naming_the_field() {
        let y = Period::year(2026).unwrap();
        assert_eq!(Period::parse(None, Some(" "), y).unwrap(), y);
        let p = Period::parse(Some("2026-03-01"), Some("2026/6/30"), y).unwrap();
        assert_eq!((p.from, p.to), (d(2026, 3, 1), d(2026, 6, 30)));
        assert_eq!(Period::parse(Some("2026-02-30"), None, y).unwrap_err().field.as_deref(), Some("from"));
        assert_eq!(Period::parse(None, Some("明年"), y).unwrap_err().field.as_deref(), Some("to"));
        let e = Period::parse(Some("2026-07-01"), Some("2026-06-30"), y).unwrap_err();
        assert_eq!((e.field.as_deref(), e.code), (Some("to"), ErrorCode::InvalidDate));
    }

    #[test]
    fn checkpoints_are_month_ends_up_to_today() {
        let y = Period::year(2026).unwrap();
        assert_eq!(y.checkpoints(d(2026, 3, 15)), vec![d(2026, 1, 31), d(2026, 2, 28), d(2026, 3, 15)]);
        assert_eq!(y.checkpoints(d(2027, 6, 1)).len(), 12);
        assert_eq!(y.checkpoints(d(2027, 6, 1)).last(), Some(&d(2026, 12, 31)));
        assert!(y.checkpoints(d(2025, 6, 1)).is_empty());
        assert_eq!(y.checkpoints(d(2026, 1, 31)), vec![d(2026, 1, 31)]);
    }
}
