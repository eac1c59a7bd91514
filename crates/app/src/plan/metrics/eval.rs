//! Each metric evaluated at a checkpoint from the facts: a count over
//! `from ..= d`, a stock at `d`, a rate as the state over `from ..= d`.
//! A record's later steps (an answer, a closing) count only once their day
//! has come, so a trend's early points show what was known then.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::plan::metric::{Metric, Scope};
use domain::plan::scope::{employer_in, union_in};
use domain::proposal::Rating;
use domain::ratio::Ratio;
use domain::rights::employer::{EmployerFacts, EmployerRates, Ownership, RateSettings, rates};
use domain::rights::{mediation, petition};
use store::rights::stats::EmployerFact;
use uuid::Uuid;

use super::facts::Registers;
use super::{Ask, Facts};

/// A value, with its numerator and denominator for a rate.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Eval {
    pub value: f64,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
}

impl Eval {
    fn count(v: f64) -> Eval {
        Eval { value: v, ..Eval::default() }
    }

    /// Money kept in fen, shown in yuan.
    fn yuan(fen: f64) -> Eval {
        Eval::count(fen.round() / 100.0)
    }

    /// `num` of `den` as a percent with two decimals, rounded down (a
    /// rate shown as meeting a target does meet it: domain::ratio).
    fn rate(num: f64, den: f64) -> Eval {
        Eval::ratio(Ratio::new(num.max(0.0) as u64, den.max(0.0) as u64))
    }

    fn ratio(r: Ratio) -> Eval {
        Eval {
            value: f64::from(r.basis_points()) / 100.0,
            numerator: Some(r.numerator as f64),
            denominator: Some(r.denominator as f64),
        }
    }
}

/// Care kinds that are money or gifts to a person, as the metrics group
/// them: 帮扶 (assistance); 慰问 (condolence, and the gifts of 送温暖 and
/// festival campaigns).
const AID: &[&str] = &["assistance"];
const CONDOLENCE: &[&str] = &["condolence", "gift"];
const REACHED: &[&str] = &["assistance", "condolence", "gift"];

/// Suggestion statuses from 采纳 on.
const ADOPTED: &[&str] = &["adopted", "implementing", "accepted", "rewarded"];
/// Proposal statuses from 立案 on.
const FILED: &[&str] = &["registered", "assigned", "answered", "closed"];

fn ownership_of(e: &store::plan::metrics::EmployerRow) -> Option<Ownership> {
    Ownership::parse(&e.ownership)
}

impl Facts {
    fn members_at(&self, d: NaiveDate) -> f64 {
        (self.joins.upto(d) - self.leaves.upto(d)).max(0.0)
    }

    fn care_sum(&self, kinds: &[&str], fen: bool, from: NaiveDate, d: NaiveDate) -> f64 {
        let map = if fen { &self.care_fen } else { &self.care_times };
        kinds.iter().filter_map(|k| map.get(*k)).map(|t| t.between(from, d)).sum()
    }

    /// Net movement of the first-level accounts starting with `class`
    /// (4: income, credit side; 5: expenditure, debit side) or equal to an
    /// account, in fen over `from ..= d`.
    pub(super) fn book_sum(&self, prefix: &str, from: NaiveDate, d: NaiveDate) -> f64 {
        let side = |m: &HashMap<String, domain::plan::tally::Tally>| -> f64 {
            m.iter().filter(|(a, _)| a.starts_with(prefix)).map(|(_, t)| t.between(from, d)).sum()
        };
        let (dr, cr) = (side(&self.debits), side(&self.credits));
        if prefix.starts_with('5') { dr - cr } else { cr - dr }
    }

    /// Money and gifts' worth paid to people (帮扶 and 慰问 of every
    /// kind) over `from ..= d`, in fen.
    pub fn care_fen_between(&self, from: NaiveDate, d: NaiveDate) -> f64 {
        self.care_sum(REACHED, true, from, d)
    }

    /// Money in (income accounts) over `from ..= d`, in fen.
    pub fn income_fen(&self, from: NaiveDate, d: NaiveDate) -> f64 {
        self.book_sum("4", from, d)
    }

    /// Money out (expenditure accounts) over `from ..= d`, in fen.
    pub fn spending_fen(&self, from: NaiveDate, d: NaiveDate) -> f64 {
        self.book_sum("5", from, d)
    }

    /// The employer rates of the registers within `scope` at `d`. The size
    /// a scope names is the 建会率's threshold; for the other rates it
    /// narrows the employers counted.
    fn employer_rates(&self, scope: &Scope, d: NaiveDate, size_is_threshold: bool) -> EmployerRates {
        let r: &Registers = &self.registers;
        let filter = Scope {
            ownership: scope.ownership,
            min_staff: if size_is_threshold { None } else { scope.min_staff },
        };
        let mut employers: Vec<EmployerFact> = r
            .employers
            .iter()
            .filter(|e| employer_in(&filter, ownership_of(e), e.staff))
            .map(|e| EmployerFact {
                register_id: e.register_id,
                id: e.id,
                credit_code: e.credit_code.clone(),
                staff: e.staff,
                covered_by_union_id: e.covered_by_union_id,
            })
            .collect();
        let mut members: HashMap<Uuid, i64> = r.members.clone();
        if let Some(own) = &r.own {
            // A union's own view: its members at the day; itself as its one
            // employer when no register lists one it covers.
            members.insert(own.id, self.members_at(d) as i64);
            if r.employers.is_empty() && scope.ownership.is_none() {
                let staff = own.staff_count.unwrap_or(0);
                if scope.min_staff.is_none_or(|n| staff >= i64::from(n)) {
                    employers.push(EmployerFact {
                        register_id: own.id,
                        id: own.id,
                        credit_code: own.credit_code.clone().unwrap_or_else(|| own.id.to_string()),
                        staff,
                        covered_by_union_id: Some(own.id),
                    });
                }
            }
        }
        let facts: Vec<EmployerFacts> =
            crate::rights::stats::employer_facts(&employers, &members, &r.contracts, &r.settings, d);
        let settings = RateSettings {
            union_required_staff: if size_is_threshold { scope.min_staff.unwrap_or(25) } else { 25 },
        };
        rates(&facts, &settings)
    }

    /// The unions within `scope` (judged by the employers they cover in
    /// the registers, else by their own employer type and staff), founded by `d`.
    fn unions_in(&self, scope: &Scope, d: NaiveDate) -> Vec<Uuid> {
        let mut covered: HashMap<Uuid, (Vec<Ownership>, i64)> = HashMap::new();
        for e in &self.registers.employers {
            if let (Some(u), Some(o)) = (e.covered_by_union_id, ownership_of(e)) {
                let c = covered.entry(u).or_default();
                c.0.push(o);
                c.1 += e.staff;
            }
        }
        self.unions
            .iter()
            .filter(|u| u.founded <= d)
            .filter(|u| {
                let (owns, staff) =
                    covered.get(&u.id).map(|(o, s)| (o.as_slice(), *s)).unwrap_or((&[], u.staff));
                union_in(
                    scope,
                    u.employer_type.as_deref(),
                    owns,
                    if owns.is_empty() { u.staff } else { staff },
                )
            })
            .map(|u| u.id)
            .collect()
    }

    /// Of the unions in scope at `d`, those with a first day on or before `d`.
    fn unions_rate(&self, scope: &Scope, d: NaiveDate, first: &HashMap<Uuid, NaiveDate>) -> Eval {
        let units = self.unions_in(scope, d);
        let done = units.iter().filter(|u| first.get(u).is_some_and(|f| *f <= d)).count();
        Eval::rate(done as f64, units.len() as f64)
    }

    fn petition_rates(&self, d: NaiveDate) -> petition::PetitionRates {
        let items: Vec<petition::Summary> = self
            .petitions
            .iter()
            .filter(|p| p.received_on <= d)
            .filter_map(|p| {
                let stored = petition::Status::parse(&p.status)?;
                let closed = p.closed_on.is_some_and(|c| c <= d);
                let answered = p.answered_on.is_some_and(|a| a <= d);
                // Steps after the day are not known yet at the day.
                let status = match stored {
                    petition::Status::Closed if !closed && answered => petition::Status::Answered,
                    petition::Status::Closed | petition::Status::Answered if !answered => {
                        petition::Status::InProgress
                    }
                    s => s,
                };
                let rating = if closed { p.rating.as_deref().and_then(Rating::parse) } else { None };
                Some(petition::Summary::stored(
                    status,
                    p.answer_by,
                    p.answered_in_time.filter(|_| answered),
                    rating,
                ))
            })
            .collect();
        petition::rates(&items, d)
    }

    fn mediation_stats(&self, d: NaiveDate) -> mediation::MediationStats {
        let statuses: Vec<mediation::Status> = self
            .cases
            .iter()
            .filter(|c| c.applied_on <= d)
            .filter_map(|c| {
                let s = mediation::Status::parse(&c.status)?;
                let ended = matches!(
                    s,
                    mediation::Status::Agreed | mediation::Status::Withdrawn | mediation::Status::Referred
                );
                Some(if ended && c.closed_on.is_some_and(|x| x > d) {
                    mediation::Status::Accepted
                } else {
                    s
                })
            })
            .collect();
        mediation::stats(&statuses)
    }

    /// The value of `ask` counted from `from` to `d`.
    pub fn eval(&self, ask: Ask, from: NaiveDate, d: NaiveDate) -> Eval {
        use Metric::*;
        let scope = &ask.scope;
        let in_period = |day: NaiveDate| from <= day && day <= d;
        match ask.metric {
            Members => Eval::count(self.members_at(d)),
            NewMembers => Eval::count(self.joins.between(from, d)),
            MembershipRate => Eval::ratio(self.employer_rates(scope, d, false).membership),
            UnionisationRate => Eval::ratio(self.employer_rates(scope, d, true).unionisation),
            ContractRate => Eval::ratio(self.employer_rates(scope, d, false).contract),
            ContractWorkers => Eval::count(self.employer_rates(scope, d, false).workers_covered as f64),
            NewUnions => Eval::count(
                self.unions_in(scope, d).len() as f64
                    - self.unions_in(scope, from.pred_opt().unwrap_or(from)).len() as f64,
            ),
            CongressRate => self.unions_rate(scope, d, &self.congress_first),
            DisclosureRate => self.unions_rate(scope, d, &self.disclosure_first),
            ActivitiesHeld => Eval::count(self.activities.between(from, d)),
            ParticipationRate => Eval::rate(self.first_part.between(from, d), self.members_at(d)),
            ContestsHeld => Eval::count(self.contests.between(from, d)),
            ContestEntrants => Eval::count(self.entrants.between(from, d)),
            SuggestionsSubmitted | SuggestionsAdopted => {
                let adopted = ask.metric == SuggestionsAdopted;
                let n = self
                    .suggestions
                    .iter()
                    .filter(|s| in_period(super::facts::beijing_day(s.created_at)) && s.status != "merged")
                    .filter(|s| !adopted || ADOPTED.contains(&s.status.as_str()))
                    .count();
                Eval::count(n as f64)
            }
            SuggestionValue => Eval::yuan(
                self.suggestions
                    .iter()
                    .filter(|s| s.accepted_on.is_some_and(in_period))
                    .map(|s| s.value_fen_per_year.unwrap_or(0) as f64)
                    .sum(),
            ),
            Honours => Eval::count(self.honours.between(from, d)),
            TrainingCourses => Eval::count(self.courses.between(from, d)),
            CadreTrainingCourses => Eval::count(self.cadre_courses.between(from, d)),
            TrainingPersonTimes => Eval::count(self.credit_times.between(from, d)),
            TrainingHours => Eval::count(self.credit_tenths.between(from, d) / 10.0),
            HardshipFamilies => Eval::count(
                self.hardship.iter().filter(|(a, c)| *a <= d && c.is_none_or(|c| c > d)).count() as f64,
            ),
            AidPaid => Eval::yuan(self.care_sum(AID, true, from, d)),
            CareAmount => Eval::yuan(self.care_sum(CONDOLENCE, true, from, d)),
            CarePeopleReached => Eval::count(self.care_first.between(from, d)),
            CareCoverageRate => Eval::rate(self.care_sum(REACHED, false, from, d), self.members_at(d)),
            VisitsDone => {
                Eval::count(self.visits.iter().filter(|(_, v)| v.is_some_and(in_period)).count() as f64)
            }
            VisitsOverdue => Eval::count(
                self.visits.iter().filter(|(due, v)| *due < d && v.is_none_or(|v| v > d)).count() as f64,
            ),
            MutualAidEnrolled => Eval::count(
                self.enrolments
                    .iter()
                    .filter(|(s, e, _)| *s <= d && d <= *e)
                    .map(|(_, _, n)| *n as f64)
                    .sum(),
            ),
            MutualAidClaims => Eval::count(self.claims.between(from, d)),
            PetitionsReceived => {
                Eval::count(self.petitions.iter().filter(|p| in_period(p.received_on)).count() as f64)
            }
            PetitionAnswerRate => Eval::ratio(self.petition_rates(d).answered_on_time),
            PetitionSatisfactionRate => Eval::ratio(self.petition_rates(d).satisfaction),
            MediationCases => {
                Eval::count(self.cases.iter().filter(|c| in_period(c.applied_on)).count() as f64)
            }
            MediationSuccessRate => Eval::ratio(self.mediation_stats(d).success),
            Proposals | ProposalFilingRate | ProposalCompletionRate | ProposalSatisfactionRate => {
                let items: Vec<&(NaiveDate, String, Option<String>)> =
                    self.proposals.iter().filter(|(day, _, _)| in_period(*day)).collect();
                let filed = items.iter().filter(|(_, s, _)| FILED.contains(&s.as_str())).count() as u64;
                let closed = items.iter().filter(|(_, s, _)| s == "closed").count() as u64;
                let rated: Vec<Rating> =
                    items.iter().filter_map(|(_, _, r)| r.as_deref().and_then(Rating::parse)).collect();
                let content = rated.iter().filter(|r| **r != Rating::Unsatisfied).count() as u64;
                match ask.metric {
                    Proposals => Eval::count(items.len() as f64),
                    ProposalFilingRate => Eval::ratio(Ratio::new(filed, items.len() as u64)),
                    ProposalCompletionRate => Eval::ratio(Ratio::new(closed, filed)),
                    _ => Eval::ratio(Ratio::new(content, rated.len() as u64)),
                }
            }
            DuesCollected => Eval::yuan(self.book_sum(domain::finance::chart::codes::DUES_INCOME, from, d)),
            FundsRemitted => Eval::yuan(self.remitted.between(from, d)),
            BudgetExecutionRate => Eval::rate(self.spending_fen(from, d).round(), self.budget_fen as f64),
        }
    }
}
