//! Life events (hospital stay, marriage, childbirth, bereavement,
//! retirement, family crisis): the condolence each is due under the spending
//! rules and the 五必访 visit it raises, with its due date.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::finance::policy::Item;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Hospital,
    Marriage,
    Childbirth,
    Bereavement,
    Retirement,
    Crisis,
}

impl EventKind {
    pub const ALL: [EventKind; 6] = [
        EventKind::Hospital,
        EventKind::Marriage,
        EventKind::Childbirth,
        EventKind::Bereavement,
        EventKind::Retirement,
        EventKind::Crisis,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Hospital => "hospital",
            EventKind::Marriage => "marriage",
            EventKind::Childbirth => "childbirth",
            EventKind::Bereavement => "bereavement",
            EventKind::Retirement => "retirement",
            EventKind::Crisis => "crisis",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim() || k.label() == s.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            EventKind::Hospital => "生病住院",
            EventKind::Marriage => "结婚",
            EventKind::Childbirth => "生育",
            EventKind::Bereavement => "直系亲属去世",
            EventKind::Retirement => "退休",
            EventKind::Crisis => "家庭变故或生活困难",
        }
    }

    /// The spending-rule item of the condolence this event is due; a family
    /// crisis is met with assistance, judged case by case.
    pub fn condolence_item(self) -> Item {
        match self {
            EventKind::Hospital => Item::Hospital,
            EventKind::Marriage => Item::Marriage,
            EventKind::Childbirth => Item::Childbirth,
            EventKind::Bereavement => Item::DeathRelative,
            EventKind::Retirement => Item::Retirement,
            EventKind::Crisis => Item::Assistance,
        }
    }

    /// Days from the event to the visit's due date: illness, death and
    /// crisis within three days, joyful events within a week, retirement
    /// within a fortnight.
    pub fn visit_within_days(self) -> i64 {
        match self {
            EventKind::Hospital | EventKind::Bereavement | EventKind::Crisis => 3,
            EventKind::Marriage | EventKind::Childbirth => 7,
            EventKind::Retirement => 14,
        }
    }

    pub fn visit_due(self, date: NaiveDate) -> NaiveDate {
        date + Duration::days(self.visit_within_days())
    }
}

/// Whether a visit is overdue on `today`.
pub fn overdue(due: NaiveDate, done: bool, today: NaiveDate) -> bool {
    !done && today > due
}

/// The month after `today` (year, month), for the birthday list.
pub fn next_month(today: NaiveDate) -> (i32, u32) {
    if today.month() == 12 { (today.year() + 1, 1) } else { (today.year(), today.month() + 1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_event_has_a_condolence_item_and_a_due_date() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.as_str()), Some(k));
            assert_eq!(EventKind::parse(k.label()), Some(k));
            assert!(k.visit_due(d(2026, 11, 20)) > d(2026, 11, 20));
        }
        assert_eq!(EventKind::Hospital.condolence_item(), Item::Hospital);
        assert_eq!(EventKind::Bereavement.condolence_item(), Item::DeathRelative);
        assert_eq!(EventKind::Hospital.visit_due(d(2026, 12, 30)), d(2027, 1, 2));
        assert_eq!(EventKind::parse("divorce"), None);
    }

    #[test]
    fn overdue_and_next_month() {
        assert!(overdue(d(2026, 11, 20), false, d(2026, 11, 21)));
        assert!(!overdue(d(2026, 11, 20), false, d(2026, 11, 20)));
        assert!(!overdue(d(2026, 11, 1), true, d(2026, 11, 21)));
        assert_eq!(next_month(d(2026, 12, 5)), (2027, 1));
        assert_eq!(next_month(d(2026, 11, 21)), (2026, 12));
    }
}
