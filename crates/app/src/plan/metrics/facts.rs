//! The dated facts behind the asked metrics, read once per source for the
//! whole period: only the sources some ask needs are read.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use domain::plan::metric::Metric;
use domain::plan::period::Period;
use domain::plan::tally::Tally;
use domain::rights::contract::{ContractKind, ContractSettings};
use store::Tx;
use store::plan::metrics as q;
use store::rights::stats::ContractFact;
use uuid::Uuid;

use super::{Ask, Subject};
use crate::error::AppResult;

/// A source of records, read in one or two queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Source {
    Members,
    Activities,
    Participation,
    Care,
    CareReached,
    Unions,
    Employers,
    Congress,
    Disclosure,
    Contests,
    Suggestions,
    Honours,
    Courses,
    Credits,
    Hardship,
    Visits,
    Enrolments,
    Claims,
    Petitions,
    Mediation,
    Proposals,
    Books,
    Remitted,
    Budget,
}

/// What a metric is computed from.
pub(super) fn sources(m: Metric) -> &'static [Source] {
    use Metric::*;
    use Source as S;
    match m {
        Members | NewMembers => &[S::Members],
        // A union's own 入会率 counts its members at the day; a
        // federation's, the covering unions' members (the registers').
        MembershipRate | ContractRate | ContractWorkers | UnionisationRate => &[S::Employers, S::Members],
        NewUnions => &[S::Unions, S::Employers],
        CongressRate => &[S::Unions, S::Employers, S::Congress],
        DisclosureRate => &[S::Unions, S::Employers, S::Disclosure],
        ActivitiesHeld => &[S::Activities],
        ParticipationRate => &[S::Participation, S::Members],
        ContestsHeld | ContestEntrants => &[S::Contests],
        SuggestionsSubmitted | SuggestionsAdopted | SuggestionValue => &[S::Suggestions],
        Honours => &[S::Honours],
        TrainingCourses | CadreTrainingCourses => &[S::Courses],
        TrainingPersonTimes | TrainingHours => &[S::Credits],
        HardshipFamilies => &[S::Hardship],
        AidPaid | CareAmount => &[S::Care],
        CarePeopleReached => &[S::CareReached],
        CareCoverageRate => &[S::Care, S::Members],
        VisitsDone | VisitsOverdue => &[S::Visits],
        MutualAidEnrolled => &[S::Enrolments],
        MutualAidClaims => &[S::Claims],
        PetitionsReceived | PetitionAnswerRate | PetitionSatisfactionRate => &[S::Petitions],
        MediationCases | MediationSuccessRate => &[S::Mediation],
        Proposals | ProposalFilingRate | ProposalCompletionRate | ProposalSatisfactionRate => &[S::Proposals],
        DuesCollected => &[S::Books],
        FundsRemitted => &[S::Remitted],
        BudgetExecutionRate => &[S::Books, S::Budget],
    }
}

/// A union of the subtree with what its scope is judged by.
#[derive(Debug, Clone)]
pub(super) struct UnionRow {
    pub id: Uuid,
    pub employer_type: Option<String>,
    pub staff: i64,
    /// The day it was founded (or registered here).
    pub founded: NaiveDate,
}

/// The registers and contracts the rates over employers read.
#[derive(Debug, Default)]
pub(super) struct Registers {
    pub employers: Vec<q::EmployerRow>,
    /// Active members of each covering union (a federation's view).
    pub members: HashMap<Uuid, i64>,
    pub contracts: Vec<ContractFact>,
    pub settings: HashMap<Uuid, ContractSettings>,
    /// For a union: itself, counted as its one employer when it covers
    /// none in a register (its own recorded staff).
    pub own: Option<store::org::Org>,
}

/// The records of one subject over one period, as tallies by day.
#[derive(Debug, Default)]
pub struct Facts {
    /// Members by the day they joined (unrecorded: the earliest day).
    pub(super) joins: Tally,
    /// Members by the day they left.
    pub(super) leaves: Tally,
    /// Activities held, by Beijing day.
    pub(super) activities: Tally,
    /// Members by the day they first took part in the period.
    pub(super) first_part: Tally,
    /// Care payments by kind: amount in fen and times, by day.
    pub(super) care_fen: HashMap<String, Tally>,
    pub(super) care_times: HashMap<String, Tally>,
    /// People by the day care first reached them in the period.
    pub(super) care_first: Tally,
    pub(super) unions: Vec<UnionRow>,
    pub(super) registers: Registers,
    pub(super) congress_first: HashMap<Uuid, NaiveDate>,
    pub(super) disclosure_first: HashMap<Uuid, NaiveDate>,
    pub(super) contests: Tally,
    pub(super) entrants: Tally,
    pub(super) suggestions: Vec<q::SuggestionRow>,
    pub(super) honours: Tally,
    pub(super) courses: Tally,
    pub(super) cadre_courses: Tally,
    pub(super) credit_times: Tally,
    /// Tenths of hours.
    pub(super) credit_tenths: Tally,
    /// (approved, closed) of hardship files.
    pub(super) hardship: Vec<(NaiveDate, Option<NaiveDate>)>,
    /// (due, visited) of visits.
    pub(super) visits: Vec<(NaiveDate, Option<NaiveDate>)>,
    /// (term start, term end, people).
    pub(super) enrolments: Vec<(NaiveDate, NaiveDate, i64)>,
    pub(super) claims: Tally,
    pub(super) petitions: Vec<q::PetitionRow>,
    pub(super) cases: Vec<q::CaseRow>,
    /// (submitted day, status, rating).
    pub(super) proposals: Vec<(NaiveDate, String, Option<String>)>,
    /// By first-level account: debits and credits (fen) by day.
    pub(super) debits: HashMap<String, Tally>,
    pub(super) credits: HashMap<String, Tally>,
    pub(super) remitted: Tally,
    /// The year's budgeted expenditure (fen).
    pub(super) budget_fen: i64,
}

/// Midnight of `d` in Beijing, as UTC.
pub(crate) fn beijing_start(d: NaiveDate) -> DateTime<Utc> {
    let local = d.and_time(NaiveTime::MIN);
    DateTime::<Utc>::from_naive_utc_and_offset(local - chrono::Duration::hours(8), Utc)
}

/// The Beijing day of an instant.
pub(crate) fn beijing_day(t: DateTime<Utc>) -> NaiveDate {
    domain::time::today(t)
}

fn tally_of(rows: Vec<(Option<NaiveDate>, i64)>) -> Tally {
    Tally::new(rows.into_iter().map(|(d, n)| (d.unwrap_or(NaiveDate::MIN), n as f64)))
}

fn settings_of(rows: Vec<(Uuid, String)>) -> HashMap<Uuid, ContractSettings> {
    rows.into_iter().filter_map(|(u, json)| serde_json::from_str(&json).ok().map(|s| (u, s))).collect()
}

/// The expenditure a budget plans: its lines on expenditure accounts (5…),
/// each counted once even when a line and its sub-account's line are both
/// set.
fn budgeted_spending(lines: &[(String, i64)]) -> i64 {
    lines
        .iter()
        .filter(|(a, _)| a.starts_with('5'))
        .filter(|(a, _)| {
            !lines.iter().any(|(p, _)| p != a && p.starts_with('5') && a.starts_with(p.as_str()))
        })
        .map(|(_, f)| *f)
        .sum()
}

impl Facts {
    /// Reads the sources the asks need over `period`.
    pub async fn load(tx: &mut Tx, subject: &Subject, asks: &[Ask], period: Period) -> AppResult<Facts> {
        let metrics: Vec<Metric> = asks.iter().map(|a| a.metric).collect();
        Facts::load_sources(tx, subject, &metrics, period).await
    }

    /// Reads the sources of `metrics` over `period`.
    pub async fn load_sources(
        tx: &mut Tx,
        subject: &Subject,
        metrics: &[Metric],
        period: Period,
    ) -> AppResult<Facts> {
        let mut needed: Vec<Source> = metrics.iter().flat_map(|m| sources(*m).iter().copied()).collect();
        needed.sort();
        needed.dedup();
        let (lo, hi) = (subject.path.as_str(), subject.upper());
        let hi = hi.as_str();
        let (from, to) = (period.from, period.to);
        let (from_t, to_t) = (beijing_start(from), beijing_start(to.succ_opt().unwrap_or(to)));
        let mut f = Facts::default();
        for s in needed {
            match s {
                Source::Members => {
                    f.joins = tally_of(q::joins(tx, lo, hi).await?);
                    f.leaves = tally_of(q::leaves(tx, lo, hi).await?);
                }
                Source::Activities => {
                    let rows = q::activities(tx, lo, hi, from_t, to_t).await?;
                    f.activities = Tally::new(rows.iter().map(|a| (beijing_day(a.starts_at), 1.0)));
                }
                Source::Participation => {
                    let rows = q::first_checkins(tx, lo, hi, from_t, to_t).await?;
                    f.first_part = Tally::new(rows.into_iter().map(|(t, n)| (beijing_day(t), n as f64)));
                }
                Source::Care => {
                    let mut fen: HashMap<String, Vec<(NaiveDate, f64)>> = HashMap::new();
                    let mut times: HashMap<String, Vec<(NaiveDate, f64)>> = HashMap::new();
                    for r in q::care_days(tx, lo, hi, from, to).await? {
                        fen.entry(r.kind.clone()).or_default().push((r.date, r.amount_fen as f64));
                        times.entry(r.kind).or_default().push((r.date, r.times as f64));
                    }
                    f.care_fen = fen.into_iter().map(|(k, v)| (k, Tally::new(v))).collect();
                    f.care_times = times.into_iter().map(|(k, v)| (k, Tally::new(v))).collect();
                }
                Source::CareReached => {
                    let rows = q::care_first(tx, lo, hi, from, to).await?;
                    f.care_first = Tally::new(rows.into_iter().map(|(d, n)| (d, n as f64)));
                }
                Source::Unions => {
                    f.unions = q::unions(tx, lo, hi)
                        .await?
                        .into_iter()
                        .map(|u| UnionRow {
                            id: u.id,
                            employer_type: u.employer_type,
                            staff: u.staff_count.unwrap_or(0),
                            founded: u.founded_on.unwrap_or_else(|| beijing_day(u.created_at)),
                        })
                        .collect();
                }
                Source::Employers => {
                    let general = ContractKind::General.as_str();
                    f.registers = if subject.federation {
                        Registers {
                            employers: q::employers(tx, lo, hi).await?,
                            members: store::rights::stats::covering_members(tx, lo, hi)
                                .await?
                                .into_iter()
                                .collect(),
                            contracts: store::rights::stats::contracts(tx, lo, hi, general).await?,
                            settings: settings_of(store::rights::stats::contract_settings(tx, lo, hi).await?),
                            own: None,
                        }
                    } else {
                        let id = domain::UnionId(subject.org_id);
                        Registers {
                            employers: q::covered_employers(tx, id).await?,
                            members: HashMap::new(),
                            contracts: q::union_contracts(tx, id, general).await?,
                            settings: settings_of(q::union_contract_settings(tx, id).await?),
                            own: store::org::get(tx, id.0).await?,
                        }
                    };
                }
                Source::Congress => {
                    f.congress_first = q::congresses(tx, lo, hi, from, to).await?.into_iter().collect();
                }
                Source::Disclosure => {
                    f.disclosure_first = q::disclosures(tx, lo, hi, from_t, to_t)
                        .await?
                        .into_iter()
                        .map(|(u, t)| (u, beijing_day(t)))
                        .collect();
                }
                Source::Contests => {
                    let rows = q::contests(tx, lo, hi, from, to).await?;
                    f.contests = Tally::new(rows.iter().map(|(d, _)| (*d, 1.0)));
                    f.entrants = Tally::new(rows.iter().map(|(d, n)| (*d, *n as f64)));
                }
                Source::Suggestions => {
                    f.suggestions = q::suggestions(tx, lo, hi, from_t, to_t, (from, to)).await?;
                }
                Source::Honours => {
                    let rows = q::honours(tx, lo, hi, from_t, to_t, (from, to)).await?;
                    f.honours =
                        Tally::new(rows.into_iter().map(|(d, t)| (d.unwrap_or_else(|| beijing_day(t)), 1.0)));
                }
                Source::Courses => {
                    let rows = q::courses(tx, lo, hi, from, to).await?;
                    f.courses = Tally::new(rows.iter().map(|(d, _)| (*d, 1.0)));
                    f.cadre_courses = Tally::new(rows.iter().filter(|(_, c)| *c).map(|(d, _)| (*d, 1.0)));
                }
                Source::Credits => {
                    let rows = q::credits(tx, lo, hi, from, to).await?;
                    f.credit_times = Tally::new(rows.iter().map(|(d, n, _)| (*d, *n as f64)));
                    f.credit_tenths = Tally::new(rows.iter().map(|(d, _, h)| (*d, *h as f64)));
                }
                Source::Hardship => {
                    f.hardship = q::hardship_files(tx, lo, hi)
                        .await?
                        .into_iter()
                        .map(|(a, c)| (beijing_day(a), c))
                        .collect();
                }
                Source::Visits => f.visits = q::visits(tx, lo, hi, from, to).await?,
                Source::Enrolments => f.enrolments = q::enrolments(tx, lo, hi, from, to).await?,
                Source::Claims => {
                    let rows = q::claims(tx, lo, hi, from_t, to_t).await?;
                    f.claims = Tally::new(rows.into_iter().map(|(t,)| (beijing_day(t), 1.0)));
                }
                Source::Petitions => f.petitions = q::petitions(tx, lo, hi, from, to).await?,
                Source::Mediation => f.cases = q::mediation(tx, lo, hi, from, to).await?,
                Source::Proposals => {
                    f.proposals = q::proposals(tx, lo, hi, from_t, to_t)
                        .await?
                        .into_iter()
                        .map(|p| (beijing_day(p.created_at), p.status, p.rating))
                        .collect();
                }
                Source::Books => {
                    let mut dr: HashMap<String, Vec<(NaiveDate, f64)>> = HashMap::new();
                    let mut cr: HashMap<String, Vec<(NaiveDate, f64)>> = HashMap::new();
                    for b in q::books(tx, lo, hi, from, to).await? {
                        dr.entry(b.account.clone()).or_default().push((b.date, b.debit_fen as f64));
                        cr.entry(b.account).or_default().push((b.date, b.credit_fen as f64));
                    }
                    f.debits = dr.into_iter().map(|(k, v)| (k, Tally::new(v))).collect();
                    f.credits = cr.into_iter().map(|(k, v)| (k, Tally::new(v))).collect();
                }
                Source::Remitted => {
                    let rows = q::remitted(tx, lo, hi, from, to).await?;
                    f.remitted = Tally::new(rows.into_iter().map(|(d, n)| (d, n as f64)));
                }
                Source::Budget => {
                    let lines = q::budget(tx, lo, hi, i64::from(from.year())).await?;
                    f.budget_fen = budgeted_spending(&lines);
                }
            }
        }
        Ok(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_line_and_its_sub_lines_count_once() {
        let lines = vec![
            ("5101".to_owned(), 1000),
            ("510101".to_owned(), 400),
            ("5301".to_owned(), 500),
            ("4101".to_owned(), 9999),
        ];
        assert_eq!(budgeted_spending(&lines), 1500);
        assert_eq!(budgeted_spending(&lines[1..2]), 400);
    }

    #[test]
    fn beijing_days() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(beijing_start(d).to_rfc3339(), "2025-12-31T16:00:00+00:00");
        assert_eq!(beijing_day(beijing_start(d)), d);
    }
}
