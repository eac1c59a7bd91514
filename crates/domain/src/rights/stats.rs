//! The rights statistics of an org's subtree (issue 17): 建会率, 入会率,
//! 集体合同签订率 and workers covered from the employer register; petition
//! and mediation counts and rates. The rates themselves are the areas'
//! rules (`employer::rates`, `petition::rates`, `mediation::stats`); this
//! module decides what the stored records mean for them.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::contract::{
    ContractDates, ContractSettings, ContractStatus, effective_as_of, expires_on, status_at,
};
use super::employer::EmployerRates;
use super::mediation::MediationStats;
use super::petition::{PetitionRates, Rating, Status, Summary};

/// Whether a contract counts for 签订率 on `at`: signed by then and not yet
/// expired, unless the labour bureau's objection holds it back. A contract
/// recorded after the fact (signed, never filed here) counts from its
/// signing, and its term runs from the effective day when one is known,
/// else from the signing: the plans' 签订率 counts contracts signed and
/// running, not the filing paperwork.
pub fn signed_in_force(d: &ContractDates, term_months: u32, at: NaiveDate, s: &ContractSettings) -> bool {
    let Some(signed) = d.signed_on.filter(|x| *x <= at) else {
        return false;
    };
    if status_at(d, term_months, at, s) == ContractStatus::Objected {
        return false;
    }
    let start = effective_as_of(d, at, s).unwrap_or(signed);
    at < expires_on(start, term_months)
}

/// The last day a report for `year` looks at: the year's last day, or
/// `today` while the year runs.
pub fn as_of(year: i32, today: NaiveDate) -> NaiveDate {
    let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
    end.min(today)
}

/// One petition as stored, for the rates: the first-round deadline is
/// `answer_by` while in round 1; whether the first answer was in time is
/// kept when it was given (`answered_in_time`), since round 2 moves the
/// deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredPetition {
    pub status: Status,
    pub round: u8,
    pub answer_by: NaiveDate,
    pub answered_in_time: Option<bool>,
    pub rating: Option<Rating>,
}

/// The summary `petition::rates` reads. The first answer's day is not
/// needed, only which side of its deadline it fell on, so it is placed on
/// the deadline (in time) or the day after (late).
pub fn summary(p: &StoredPetition) -> Summary {
    let first_answered_on = p.answered_in_time.map(|in_time| {
        if in_time {
            p.answer_by
        } else {
            p.answer_by.checked_add_days(Days::new(1)).unwrap_or(NaiveDate::MAX)
        }
    });
    // A petition in round 2 was answered in round 1, whatever was recorded.
    let first_answered_on = match (first_answered_on, p.round) {
        (None, r) if r > 1 => Some(p.answer_by),
        (x, _) => x,
    };
    Summary { status: p.status, answer_by: p.answer_by, first_answered_on, rating: p.rating }
}

/// Mediation cases of one type (劳动报酬, 社会保险 …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ByType {
    pub dispute_type: String,
    pub cases: u64,
    pub agreements: u64,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RightsStats {
    pub year: i32,
    pub as_of: NaiveDate,
    pub employers: EmployerRates,
    pub petitions: PetitionRates,
    /// Petitions past a deadline and not answered on `as_of`.
    pub petitions_overdue: u64,
    pub mediation: MediationStats,
    pub mediation_by_type: Vec<ByType>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rights::contract::Review;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_contract_recorded_after_the_fact_counts_from_signing_for_its_term() {
        let s = ContractSettings::default();
        let dates = ContractDates { signed_on: Some(d("2025-03-01")), ..Default::default() };
        assert!(!signed_in_force(&dates, 36, d("2025-02-28"), &s));
        assert!(signed_in_force(&dates, 36, d("2025-03-01"), &s));
        assert!(signed_in_force(&dates, 36, d("2028-02-29"), &s));
        assert!(!signed_in_force(&dates, 36, d("2028-03-01"), &s));
    }

    #[test]
    fn a_filed_contract_runs_from_its_effective_day_and_an_objection_stops_it() {
        let s = ContractSettings::default();
        let filed = ContractDates {
            signed_on: Some(d("2025-01-10")),
            filed_on: Some(d("2025-01-15")),
            ..Default::default()
        };
        // Effective the day after the 15-day review period: 2025-01-31.
        assert!(signed_in_force(&filed, 12, d("2026-01-30"), &s));
        assert!(!signed_in_force(&filed, 12, d("2026-01-31"), &s));
        let objected = ContractDates { review: Review::Objection(d("2025-01-20")), ..filed };
        assert!(!signed_in_force(&objected, 12, d("2025-06-01"), &s));
        // Before the objection was known it counted.
        assert!(signed_in_force(&objected, 12, d("2025-01-19"), &s));
    }

    #[test]
    fn a_report_looks_at_the_years_end_or_today() {
        assert_eq!(as_of(2025, d("2026-12-05")), d("2025-12-31"));
        assert_eq!(as_of(2026, d("2026-12-05")), d("2026-12-05"));
    }

    #[test]
    fn the_first_answer_keeps_its_side_of_the_deadline() {
        let p = StoredPetition {
            status: Status::Closed,
            round: 1,
            answer_by: d("2026-03-16"),
            answered_in_time: Some(false),
            rating: Some(Rating::Satisfied),
        };
        let late = summary(&p);
        let on_time = summary(&StoredPetition { answered_in_time: Some(true), ..p });
        let r = crate::rights::petition::rates(&[late, on_time], d("2026-12-31"));
        assert_eq!((r.answered_on_time.numerator, r.answered_on_time.denominator), (1, 2));
        assert_eq!((r.satisfaction.numerator, r.satisfaction.denominator), (2, 2));
        // Round 2 without a recorded first answer: it was answered once.
        let second = summary(&StoredPetition {
            status: Status::InProgress,
            round: 2,
            answered_in_time: None,
            rating: None,
            ..p
        });
        assert!(second.first_answered_on.is_some());
    }
}
