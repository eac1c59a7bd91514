//! The seven statutory holidays around which festival gifts (节日慰问) may be
//! given (DOMAIN.md §6): 元旦, 春节, 清明, 五一, 端午, 中秋 and 国庆.
//!
//! 元旦, 五一 and 国庆 fall on fixed days. 春节 (正月初一), 端午 (五月初五) and
//! 中秋 (八月十五) follow the Chinese lunisolar calendar and 清明 the solar term
//! of that name, so their days come from a table for [`FIRST_YEAR`] to
//! [`LAST_YEAR`] (computed per GB/T 33661-2017, cross-checked with two
//! independent calendar libraries).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// 法定节日 for which a festival gift may be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Holiday {
    /// 元旦, 1 January.
    NewYear,
    /// 春节, 正月初一.
    SpringFestival,
    /// 清明节, the solar term (4 or 5 April).
    Qingming,
    /// 劳动节, 1 May.
    LabourDay,
    /// 端午节, 五月初五.
    DragonBoat,
    /// 中秋节, 八月十五.
    MidAutumn,
    /// 国庆节, 1 October.
    NationalDay,
}

impl Holiday {
    /// In calendar order.
    pub const ALL: [Holiday; 7] = [
        Holiday::NewYear,
        Holiday::SpringFestival,
        Holiday::Qingming,
        Holiday::LabourDay,
        Holiday::DragonBoat,
        Holiday::MidAutumn,
        Holiday::NationalDay,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Holiday::NewYear => "new_year",
            Holiday::SpringFestival => "spring_festival",
            Holiday::Qingming => "qingming",
            Holiday::LabourDay => "labour_day",
            Holiday::DragonBoat => "dragon_boat",
            Holiday::MidAutumn => "mid_autumn",
            Holiday::NationalDay => "national_day",
        }
    }

    /// Accepts the code, the label and the usual short names (五一, 劳动节,
    /// 五一劳动节, 端午, 中秋, 国庆, 清明, 新年).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        match s {
            "元旦" | "新年" => Some(Holiday::NewYear),
            "春节" | "过年" => Some(Holiday::SpringFestival),
            "清明" => Some(Holiday::Qingming),
            "五一" | "劳动节" | "五一劳动节" | "五一国际劳动节" | "国际劳动节" => {
                Some(Holiday::LabourDay)
            }
            "端午" => Some(Holiday::DragonBoat),
            "中秋" => Some(Holiday::MidAutumn),
            "国庆" => Some(Holiday::NationalDay),
            _ => Self::ALL
                .into_iter()
                .find(|h| h.as_str().eq_ignore_ascii_case(s) || h.label() == s || h.short_label() == s),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Holiday::NewYear => "元旦",
            Holiday::SpringFestival => "春节",
            Holiday::Qingming => "清明节",
            Holiday::LabourDay => "劳动节",
            Holiday::DragonBoat => "端午节",
            Holiday::MidAutumn => "中秋节",
            Holiday::NationalDay => "国庆节",
        }
    }

    /// The short name used in lists: 元旦、春节、清明、五一、端午、中秋、国庆.
    pub fn short_label(self) -> &'static str {
        match self {
            Holiday::NewYear => "元旦",
            Holiday::SpringFestival => "春节",
            Holiday::Qingming => "清明",
            Holiday::LabourDay => "五一",
            Holiday::DragonBoat => "端午",
            Holiday::MidAutumn => "中秋",
            Holiday::NationalDay => "国庆",
        }
    }

    /// Whether the day moves with the lunisolar calendar or the solar terms
    /// (and so is known only for [`FIRST_YEAR`]..=[`LAST_YEAR`]).
    pub fn is_movable(self) -> bool {
        matches!(self, Holiday::SpringFestival | Holiday::Qingming | Holiday::DragonBoat | Holiday::MidAutumn)
    }

    /// The holiday's day in that Gregorian year. The fixed ones are known for
    /// any year; the movable ones only within the table, else None.
    pub fn date_in(self, year: i32) -> Option<NaiveDate> {
        let (month, day) = match self {
            Holiday::NewYear => (1, 1),
            Holiday::LabourDay => (5, 1),
            Holiday::NationalDay => (10, 1),
            movable => {
                let row = usize::try_from(year - FIRST_YEAR).ok().and_then(|i| MOVABLE.get(i))?;
                match movable {
                    Holiday::SpringFestival => (row[0], row[1]),
                    Holiday::Qingming => (4, row[2]),
                    Holiday::DragonBoat => (row[3], row[4]),
                    _ => (row[5], row[6]),
                }
            }
        };
        NaiveDate::from_ymd_opt(year, u32::from(month), u32::from(day))
    }

    /// The occurrence of this holiday that a gift on `date` belongs to: one
    /// at most `days_before` days after the date or `days_after` days before
    /// it (the nearest if several). None when there is none, or when its day
    /// is not known.
    pub fn occurrence_near(self, date: NaiveDate, days_before: i64, days_after: i64) -> Option<NaiveDate> {
        let (from, to) = window(date, days_before, days_after)?;
        (from.year()..=to.year())
            .filter_map(|y| self.date_in(y))
            .filter(|d| (from..=to).contains(d))
            .min_by_key(|d| (*d - date).num_days().abs())
    }

    /// The occurrence of this holiday nearest to `date` (the earlier one on a
    /// tie), looking one year either side; None if no day is known there.
    pub fn nearest(self, date: NaiveDate) -> Option<NaiveDate> {
        (date.year() - 1..=date.year() + 1)
            .filter_map(|y| self.date_in(y))
            .min_by_key(|d| ((*d - date).num_days().abs(), *d))
    }
}

impl std::fmt::Display for Holiday {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// The first year whose movable holidays are known.
pub const FIRST_YEAR: i32 = 2000;
/// The last year whose movable holidays are known.
pub const LAST_YEAR: i32 = 2050;

/// Per year from [`FIRST_YEAR`]: 春节 month and day, 清明 day (in April),
/// 端午 month and day, 中秋 month and day.
const MOVABLE: [[u8; 7]; (LAST_YEAR - FIRST_YEAR + 1) as usize] = [
    [2, 5, 4, 6, 6, 9, 12],   // 2000
    [1, 24, 5, 6, 25, 10, 1], // 2001
    [2, 12, 5, 6, 15, 9, 21], // 2002
    [2, 1, 5, 6, 4, 9, 11],   // 2003
    [1, 22, 4, 6, 22, 9, 28], // 2004
    [2, 9, 5, 6, 11, 9, 18],  // 2005
    [1, 29, 5, 5, 31, 10, 6], // 2006
    [2, 18, 5, 6, 19, 9, 25], // 2007
    [2, 7, 4, 6, 8, 9, 14],   // 2008
    [1, 26, 4, 5, 28, 10, 3], // 2009
    [2, 14, 5, 6, 16, 9, 22], // 2010
    [2, 3, 5, 6, 6, 9, 12],   // 2011
    [1, 23, 4, 6, 23, 9, 30], // 2012
    [2, 10, 4, 6, 12, 9, 19], // 2013
    [1, 31, 5, 6, 2, 9, 8],   // 2014
    [2, 19, 5, 6, 20, 9, 27], // 2015
    [2, 8, 4, 6, 9, 9, 15],   // 2016
    [1, 28, 4, 5, 30, 10, 4], // 2017
    [2, 16, 5, 6, 18, 9, 24], // 2018
    [2, 5, 5, 6, 7, 9, 13],   // 2019
    [1, 25, 4, 6, 25, 10, 1], // 2020
    [2, 12, 4, 6, 14, 9, 21], // 2021
    [2, 1, 5, 6, 3, 9, 10],   // 2022
    [1, 22, 5, 6, 22, 9, 29], // 2023
    [2, 10, 4, 6, 10, 9, 17], // 2024
    [1, 29, 4, 5, 31, 10, 6], // 2025
    [2, 17, 5, 6, 19, 9, 25], // 2026
    [2, 6, 5, 6, 9, 9, 15],   // 2027
    [1, 26, 4, 5, 28, 10, 3], // 2028
    [2, 13, 4, 6, 16, 9, 22], // 2029
    [2, 3, 5, 6, 5, 9, 12],   // 2030
    [1, 23, 5, 6, 24, 10, 1], // 2031
    [2, 11, 4, 6, 12, 9, 19], // 2032
    [1, 31, 4, 6, 1, 9, 8],   // 2033
    [2, 19, 5, 6, 20, 9, 27], // 2034
    [2, 8, 5, 6, 10, 9, 16],  // 2035
    [1, 28, 4, 5, 30, 10, 4], // 2036
    [2, 15, 4, 6, 18, 9, 24], // 2037
    [2, 4, 5, 6, 7, 9, 13],   // 2038
    [1, 24, 5, 5, 27, 10, 2], // 2039
    [2, 12, 4, 6, 14, 9, 20], // 2040
    [2, 1, 4, 6, 3, 9, 10],   // 2041
    [1, 22, 4, 6, 22, 9, 28], // 2042
    [2, 10, 5, 6, 11, 9, 17], // 2043
    [1, 30, 4, 5, 31, 10, 5], // 2044
    [2, 17, 4, 6, 19, 9, 25], // 2045
    [2, 6, 4, 6, 8, 9, 15],   // 2046
    [1, 26, 5, 5, 29, 10, 4], // 2047
    [2, 14, 4, 6, 15, 9, 22], // 2048
    [2, 2, 4, 6, 4, 9, 11],   // 2049
    [1, 23, 4, 6, 23, 9, 30], // 2050
];

/// The dates a holiday may fall on for a gift on `date`: from `days_after`
/// days before it to `days_before` days after it. None if that leaves the
/// calendar or the window is empty.
fn window(date: NaiveDate, days_before: i64, days_after: i64) -> Option<(NaiveDate, NaiveDate)> {
    if days_before < 0 || days_after < 0 {
        return None;
    }
    let from = date.checked_sub_signed(chrono::TimeDelta::try_days(days_after)?)?;
    let to = date.checked_add_signed(chrono::TimeDelta::try_days(days_before)?)?;
    Some((from, to))
}

/// The holidays a gift on `date` may belong to: those whose day lies in
/// `[date - days_after, date + days_before]`, i.e. at most `days_before`
/// days later or `days_after` days earlier. A gift on 28 December belongs to
/// the next year's 元旦. In calendar order of [`Holiday::ALL`].
pub fn holiday_near(date: NaiveDate, days_before: i64, days_after: i64) -> Vec<Holiday> {
    Holiday::ALL.into_iter().filter(|h| h.occurrence_near(date, days_before, days_after).is_some()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn codes_labels_and_parse_agree() {
        let mut seen = std::collections::HashSet::new();
        for h in Holiday::ALL {
            assert!(seen.insert(h.as_str()));
            assert_eq!(Holiday::parse(h.as_str()), Some(h));
            assert_eq!(Holiday::parse(h.label()), Some(h));
            assert_eq!(Holiday::parse(h.short_label()), Some(h));
            // serde's snake_case name is as_str.
            let json = serde_json::to_string(&h).unwrap();
            assert_eq!(json, format!("\"{}\"", h.as_str()));
            assert_eq!(serde_json::from_str::<Holiday>(&json).unwrap(), h);
        }
        for (s, h) in [
            ("元旦", Holiday::NewYear),
            ("春节", Holiday::SpringFestival),
            ("清明", Holiday::Qingming),
            ("五一", Holiday::LabourDay),
            ("劳动节", Holiday::LabourDay),
            ("端午", Holiday::DragonBoat),
            ("中秋", Holiday::MidAutumn),
            (" 国庆 ", Holiday::NationalDay),
            ("Mid_Autumn", Holiday::MidAutumn),
        ] {
            assert_eq!(Holiday::parse(s), Some(h), "{s}");
        }
        assert_eq!(Holiday::parse("圣诞节"), None);
        assert_eq!(Holiday::parse(""), None);
    }

    #[test]
    fn known_movable_dates() {
        let cases = [
            (Holiday::SpringFestival, d(2020, 1, 25)),
            (Holiday::SpringFestival, d(2023, 1, 22)),
            (Holiday::SpringFestival, d(2024, 2, 10)),
            (Holiday::SpringFestival, d(2025, 1, 29)),
            (Holiday::SpringFestival, d(2026, 2, 17)),
            (Holiday::SpringFestival, d(2027, 2, 6)),
            (Holiday::SpringFestival, d(2040, 2, 12)),
            (Holiday::Qingming, d(2024, 4, 4)),
            (Holiday::Qingming, d(2025, 4, 4)),
            (Holiday::Qingming, d(2026, 4, 5)),
            (Holiday::DragonBoat, d(2024, 6, 10)),
            (Holiday::DragonBoat, d(2025, 5, 31)),
            (Holiday::DragonBoat, d(2026, 6, 19)),
            (Holiday::MidAutumn, d(2020, 10, 1)),
            (Holiday::MidAutumn, d(2024, 9, 17)),
            (Holiday::MidAutumn, d(2025, 10, 6)),
            (Holiday::MidAutumn, d(2026, 9, 25)),
            (Holiday::MidAutumn, d(2033, 9, 8)),
        ];
        for (h, date) in cases {
            assert_eq!(h.date_in(date.year()), Some(date), "{h:?} {}", date.year());
        }
    }

    #[test]
    fn fixed_holidays_are_known_for_any_year_movable_ones_only_in_the_table() {
        assert_eq!(Holiday::NewYear.date_in(1990), Some(d(1990, 1, 1)));
        assert_eq!(Holiday::LabourDay.date_in(2100), Some(d(2100, 5, 1)));
        assert_eq!(Holiday::NationalDay.date_in(2026), Some(d(2026, 10, 1)));
        for h in Holiday::ALL.into_iter().filter(|h| h.is_movable()) {
            assert_eq!(h.date_in(FIRST_YEAR - 1), None);
            assert_eq!(h.date_in(LAST_YEAR + 1), None);
            assert!(h.date_in(FIRST_YEAR).is_some());
            assert!(h.date_in(LAST_YEAR).is_some());
        }
    }

    #[test]
    fn the_table_is_plausible_for_every_year() {
        for year in FIRST_YEAR..=LAST_YEAR {
            let sf = Holiday::SpringFestival.date_in(year).unwrap();
            let qm = Holiday::Qingming.date_in(year).unwrap();
            let db = Holiday::DragonBoat.date_in(year).unwrap();
            let ma = Holiday::MidAutumn.date_in(year).unwrap();
            // 春节 between 21 January and 20 February, 清明 on 4–6 April.
            assert!((d(year, 1, 21)..=d(year, 2, 20)).contains(&sf), "{year} {sf}");
            assert!((4..=6).contains(&qm.day()), "{year} {qm}");
            // 五月初五 is 4 lunar months and 4 days after 正月初一, 八月十五
            // 7 months and 14 days; one month more when a leap month
            // comes between. A lunar month has 29 or 30 days.
            let after = |x: NaiveDate| (x - sf).num_days();
            let db_ok = (120..=124).contains(&after(db)) || (149..=154).contains(&after(db));
            let ma_ok = (217..=224).contains(&after(ma)) || (246..=254).contains(&after(ma));
            assert!(db_ok, "{year} 端午 {db}");
            assert!(ma_ok, "{year} 中秋 {ma}");
            // 中秋 falls between 8 September and 8 October.
            assert!((d(year, 9, 7)..=d(year, 10, 8)).contains(&ma), "{year} {ma}");
        }
    }

    #[test]
    fn near_finds_the_holiday_within_the_window() {
        // A gift a week before 中秋 2025 and one on 国庆's day.
        assert_eq!(holiday_near(d(2025, 9, 29), 30, 7), vec![Holiday::MidAutumn, Holiday::NationalDay]);
        assert_eq!(holiday_near(d(2026, 8, 3), 30, 7), vec![]);
        // 30 days before 春节 2026 (17 February) is 18 January, 7 after is 24 February.
        assert!(holiday_near(d(2026, 1, 18), 30, 7).contains(&Holiday::SpringFestival));
        assert!(!holiday_near(d(2026, 1, 17), 30, 7).contains(&Holiday::SpringFestival));
        assert!(holiday_near(d(2026, 2, 24), 30, 7).contains(&Holiday::SpringFestival));
        assert!(!holiday_near(d(2026, 2, 25), 30, 7).contains(&Holiday::SpringFestival));
        // The holiday's day itself, with an empty window.
        assert_eq!(holiday_near(d(2026, 6, 19), 0, 0), vec![Holiday::DragonBoat]);
        assert_eq!(holiday_near(d(2026, 6, 19), -1, 0), vec![]);
    }

    #[test]
    fn new_year_across_the_year_end() {
        // A gift on 28 December is for the coming 元旦.
        assert_eq!(holiday_near(d(2025, 12, 28), 30, 7), vec![Holiday::NewYear]);
        assert_eq!(Holiday::NewYear.occurrence_near(d(2025, 12, 28), 30, 7), Some(d(2026, 1, 1)));
        // And one on 5 January still for the one just past.
        assert_eq!(Holiday::NewYear.occurrence_near(d(2026, 1, 5), 30, 7), Some(d(2026, 1, 1)));
        assert_eq!(Holiday::NewYear.occurrence_near(d(2026, 1, 9), 30, 7), None);
        assert_eq!(Holiday::NewYear.nearest(d(2026, 12, 20)), Some(d(2027, 1, 1)));
        // 春节 2023 (22 January) is within 30 days of 28 December 2022 too.
        assert_eq!(holiday_near(d(2022, 12, 28), 30, 7), vec![Holiday::NewYear, Holiday::SpringFestival]);
    }

    #[test]
    fn nearest_picks_the_closest_year() {
        assert_eq!(Holiday::SpringFestival.nearest(d(2026, 8, 3)), Some(d(2026, 2, 17)));
        assert_eq!(Holiday::SpringFestival.nearest(d(2026, 9, 1)), Some(d(2027, 2, 6)));
        assert_eq!(Holiday::MidAutumn.nearest(d(2060, 9, 1)), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn near_agrees_with_occurrence_and_the_window(
            offset in 0i64..(365 * 30),
            before in 0i64..60,
            after in 0i64..30,
        ) {
            let date = d(2021, 1, 1) + chrono::TimeDelta::days(offset);
            let near = holiday_near(date, before, after);
            for h in Holiday::ALL {
                let occ = h.occurrence_near(date, before, after);
                prop_assert_eq!(near.contains(&h), occ.is_some());
                if let Some(day) = occ {
                    let diff = (day - date).num_days();
                    prop_assert!(-after <= diff && diff <= before);
                }
            }
        }

        #[test]
        fn every_holiday_day_is_near_itself(year in FIRST_YEAR..=LAST_YEAR, i in 0usize..7) {
            let h = Holiday::ALL[i];
            let day = h.date_in(year).unwrap();
            prop_assert!(holiday_near(day, 0, 0).contains(&h));
            prop_assert_eq!(h.nearest(day), Some(day));
        }
    }
}
