//! Rights protection (维权, DOMAIN.md §10, issue 17): petitions and the
//! chair's mailbox (来信来访, 主席信箱), labour-dispute mediation
//! (劳动争议调解), collective contracts (集体合同), labour-protection
//! supervision (劳动保护监督) and the federation's registry of employers
//! (企业名录) with the rates the plans quote (建会率, 入会率, 签订率).
//!
//! Pure rules only: the store keeps the rows, these functions decide what a
//! step does and what a date or a count means.
//!
//! Day counting, everywhere in this module: a period of N days starting on
//! day D does not count D itself (民法典 §201: 开始的当日不计入), so it ends on
//! D + N, and a thing due on D + N is overdue from D + N + 1. The figures of
//! each area are settings structs with documented defaults, so a union or a
//! province can change them as policy data.

pub mod contract;
pub mod employer;
pub mod inspection;
pub mod mediation;
pub mod petition;
pub mod stats;

use chrono::{Days, NaiveDate};

use crate::{DomainError, ErrorCode};

/// The last day of a period of `days` days that starts on `start` (which
/// is not counted).
pub fn period_end(start: NaiveDate, days: u32) -> NaiveDate {
    start.checked_add_days(Days::new(u64::from(days))).unwrap_or(NaiveDate::MAX)
}

/// Whether something due on `due` and not yet done is overdue on `at`: the
/// due day itself is still in time.
pub fn is_past(due: NaiveDate, at: NaiveDate) -> bool {
    at > due
}

/// Refuses `date` when it lies before `not_before`: a later step cannot
/// happen before an earlier one (an answer before the letter came).
pub(crate) fn not_before(
    field: &str,
    label: &str,
    date: NaiveDate,
    earlier_label: &str,
    not_before: NaiveDate,
) -> Result<(), DomainError> {
    if date < not_before {
        Err(DomainError::field(
            ErrorCode::InvalidDate,
            field,
            format!(
                "{label}（{}）不能早于{earlier_label}（{}）",
                crate::time::fmt_date(date),
                crate::time::fmt_date(not_before)
            ),
        ))
    } else {
        Ok(())
    }
}

/// Collects a field's error into `errors` and carries on with a default,
/// so a form or an import row reports every fault at once.
pub(crate) fn keep<T: Default>(errors: &mut Vec<DomainError>, r: Result<T, DomainError>) -> T {
    r.unwrap_or_else(|e| {
        errors.push(e);
        T::default()
    })
}

/// Refuses a settings figure of 0 days: a deadline on the day itself makes
/// every item late by the evening.
pub(crate) fn positive_days(field: &str, label: &str, days: u32) -> Result<(), DomainError> {
    if days == 0 {
        Err(DomainError::field(ErrorCode::InvalidValue, field, format!("{label}应至少为1天")))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_first_day_is_not_counted() {
        assert_eq!(period_end(d("2026-03-01"), 15), d("2026-03-16"));
        assert!(!is_past(d("2026-03-16"), d("2026-03-16")));
        assert!(is_past(d("2026-03-16"), d("2026-03-17")));
        assert_eq!(period_end(NaiveDate::MAX, 1), NaiveDate::MAX);
    }

    #[test]
    fn a_later_step_is_not_before_an_earlier_one() {
        let e =
            not_before("answered_on", "答复日期", d("2026-03-01"), "收件日期", d("2026-03-02")).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidDate, Some("answered_on")));
        assert!(e.message.contains("2026年3月1日") && e.message.contains("收件日期"), "{}", e.message);
        assert!(not_before("x", "x", d("2026-03-02"), "y", d("2026-03-02")).is_ok());
        assert_eq!(
            positive_days("answer_days", "答复期限", 0).unwrap_err().field.as_deref(),
            Some("answer_days")
        );
    }
}
