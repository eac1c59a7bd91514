//! The worker congress (职工代表大会, DOMAIN.md §8): its form, terms, the
//! composition of the delegates, and the papers that must reach them seven
//! days before a session. Composition rules are reported as warnings: a
//! union decides, gonghui says what the regulation asks.

use chrono::NaiveDate;
use serde::Serialize;

use crate::{DomainError, ErrorCode};

/// Staff from which a union holds a congress of delegates; below it, a
/// meeting of all staff (职工大会).
pub const CONGRESS_STAFF: i64 = 100;
/// The fewest delegates of a congress.
pub const MIN_DELEGATES: u64 = 30;
/// Days before a session the papers must reach the delegates.
pub const PAPERS_DAYS: i64 = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CongressForm {
    /// 职工代表大会: delegates elected by the staff.
    Delegates,
    /// 职工大会: every member attends.
    AllStaff,
}

impl CongressForm {
    pub fn as_str(self) -> &'static str {
        match self {
            CongressForm::Delegates => "delegates",
            CongressForm::AllStaff => "all_staff",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [CongressForm::Delegates, CongressForm::AllStaff].into_iter().find(|f| f.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            CongressForm::Delegates => "职工代表大会",
            CongressForm::AllStaff => "职工大会",
        }
    }

    /// The form the staff count calls for; unknown staff: a congress.
    pub fn for_staff(staff: Option<i64>) -> CongressForm {
        match staff {
            Some(n) if n < CONGRESS_STAFF => CongressForm::AllStaff,
            _ => CongressForm::Delegates,
        }
    }
}

/// A congress term is 3 to 5 years.
pub fn check_term_years(years: i64) -> Result<(), DomainError> {
    if (3..=5).contains(&years) {
        Ok(())
    } else {
        Err(DomainError::field(ErrorCode::InvalidTerm, "years", "职代会每届任期为3至5年"))
    }
}

/// Who the delegates are, in numbers, and the staff they represent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Composition {
    pub delegates: u64,
    /// 中层以上管理人员
    pub managers: u64,
    pub women: u64,
    /// 主席团成员
    pub presidium: u64,
    /// of whom 一线职工
    pub presidium_frontline: u64,
    /// Active members of the union (the staff the congress stands for).
    pub staff: u64,
    pub staff_women: u64,
}

/// The composition rules a congress of delegates should meet; each broken
/// one is a warning in Chinese.
pub fn composition_warnings(form: CongressForm, c: &Composition) -> Vec<String> {
    let mut out = Vec::new();
    if form == CongressForm::AllStaff {
        return out;
    }
    if c.delegates < MIN_DELEGATES {
        out.push(format!("职工代表应不少于{MIN_DELEGATES}人，现在只有{}人", c.delegates));
    }
    // Managers at most 20%: managers / delegates ≤ 1/5.
    if c.managers * 5 > c.delegates {
        out.push(format!(
            "中层以上管理人员代表{}人，占{}，超过代表总数的20%",
            c.managers,
            super::outcome::pct(c.managers, c.delegates)
        ));
    }
    // Women in proportion to the staff: at least the staff's share, rounded
    // down (a congress of 31 from staff of 40% women needs 12).
    if let Some(due) = (c.delegates * c.staff_women).checked_div(c.staff)
        && c.women < due
    {
        out.push(format!(
            "女职工代表{}人，占{}，低于女职工在职工中的比例{}（按比例应不少于{}人）",
            c.women,
            super::outcome::pct(c.women, c.delegates),
            super::outcome::pct(c.staff_women, c.staff),
            due
        ));
    }
    if c.presidium == 0 {
        out.push("尚未确定主席团成员".to_owned());
    } else if c.presidium_frontline * 2 < c.presidium {
        out.push(format!(
            "主席团中一线职工{}人，占{}，应不少于半数",
            c.presidium_frontline,
            super::outcome::pct(c.presidium_frontline, c.presidium)
        ));
    }
    out
}

/// Where the meeting papers stand for a session on `meets_on`: sent in
/// time, sent late, or still to send (late when fewer than seven days
/// remain). None when nothing needs saying.
pub fn papers_warning(meets_on: NaiveDate, sent_on: Option<NaiveDate>, today: NaiveDate) -> Option<String> {
    let due = meets_on - chrono::Duration::days(PAPERS_DAYS);
    match sent_on {
        Some(d) if d <= due => None,
        Some(d) => Some(format!(
            "会议材料于{}送达代表，距开会不足{PAPERS_DAYS}天（应于{}前送达）",
            crate::time::fmt_date(d),
            crate::time::fmt_date(due)
        )),
        None if today > meets_on => None,
        None if today >= due => Some(format!(
            "会议材料尚未送达代表，应于{}前送达，已逾期，请尽快送达",
            crate::time::fmt_date(due)
        )),
        None => Some(format!("会议材料应于{}前送达代表", crate::time::fmt_date(due))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn form_follows_staff() {
        assert_eq!(CongressForm::for_staff(Some(99)), CongressForm::AllStaff);
        assert_eq!(CongressForm::for_staff(Some(100)), CongressForm::Delegates);
        assert_eq!(CongressForm::for_staff(None), CongressForm::Delegates);
    }

    #[test]
    fn a_good_congress_has_no_warnings() {
        let c = Composition {
            delegates: 40,
            managers: 8,
            women: 16,
            presidium: 9,
            presidium_frontline: 5,
            staff: 400,
            staff_women: 160,
        };
        assert!(composition_warnings(CongressForm::Delegates, &c).is_empty());
    }

    #[test]
    fn each_rule_warns() {
        let c = Composition {
            delegates: 20,
            managers: 5,
            women: 5,
            presidium: 6,
            presidium_frontline: 2,
            staff: 100,
            staff_women: 40,
        };
        let w = composition_warnings(CongressForm::Delegates, &c);
        assert_eq!(w.len(), 4, "{w:?}");
        assert!(w[0].contains("不少于30人"));
        assert!(w[1].contains("25.0%") && w[1].contains("20%"), "{}", w[1]);
        assert!(w[2].contains("应不少于8人"), "{}", w[2]);
        assert!(w[3].contains("不少于半数"));
        // A meeting of all staff has no delegates to compose.
        assert!(composition_warnings(CongressForm::AllStaff, &c).is_empty());
    }

    #[test]
    fn papers_reach_delegates_seven_days_before() {
        let meets = d("2026-12-10");
        assert_eq!(papers_warning(meets, Some(d("2026-12-03")), d("2026-12-01")), None);
        assert!(papers_warning(meets, Some(d("2026-12-05")), d("2026-12-05")).unwrap().contains("不足7天"));
        assert!(papers_warning(meets, None, d("2026-11-20")).unwrap().contains("12月3日前送达"));
        assert!(papers_warning(meets, None, d("2026-12-04")).unwrap().contains("已逾期"));
        assert_eq!(papers_warning(meets, None, d("2026-12-11")), None);
    }

    #[test]
    fn congress_terms_are_three_to_five_years() {
        assert!(check_term_years(3).is_ok() && check_term_years(5).is_ok() && check_term_years(4).is_ok());
        assert_eq!(check_term_years(2).unwrap_err().code, ErrorCode::InvalidTerm);
    }
}
