//! The dated facts behind the asked metrics, read once per source for the
//! whole period: only the sources some ask needs are read.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use domain::plan::metric::Metric;
use domain::plan::period::Period;
use domain::plan::tally::Tally;
use store::Tx;

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
}

/// What a metric is computed from.
pub(super) fn sources(m: Metric) -> &'static [Source] {
    use Metric::*;
    use Source as S;
    match m {
        Members | NewMembers => &[S::Members],
        ActivitiesHeld => &[S::Activities],
        ParticipationRate => &[S::Participation, S::Members],
        AidPaid | CareAmount => &[S::Care],
        CarePeopleReached => &[S::CareReached],
        CareCoverageRate => &[S::Care, S::Members],
        _ => &[],
    }
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
}

/// Midnight of `d` in Beijing, as UTC.
fn beijing_start(d: NaiveDate) -> DateTime<Utc> {
    let local = d.and_time(NaiveTime::MIN);
    DateTime::<Utc>::from_naive_utc_and_offset(local - chrono::Duration::hours(8), Utc)
}

/// The Beijing day of an instant.
fn beijing_day(t: DateTime<Utc>) -> NaiveDate {
    domain::time::today(t)
}

fn tally_of(rows: Vec<(Option<NaiveDate>, i64)>) -> Tally {
    Tally::new(rows.into_iter().map(|(d, n)| (d.unwrap_or(NaiveDate::MIN), n as f64)))
}

impl Facts {
    /// Reads the sources the asks need over `period`.
    pub async fn load(tx: &mut Tx, subject: &Subject, asks: &[Ask], period: Period) -> AppResult<Facts> {
        let mut needed: Vec<Source> = asks.iter().flat_map(|a| sources(a.metric).iter().copied()).collect();
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
                    f.joins = tally_of(store::plan::metrics::joins(tx, lo, hi).await?);
                    f.leaves = tally_of(store::plan::metrics::leaves(tx, lo, hi).await?);
                }
                Source::Activities => {
                    let rows = store::plan::metrics::activities(tx, lo, hi, from_t, to_t).await?;
                    f.activities = Tally::new(rows.iter().map(|a| (beijing_day(a.starts_at), 1.0)));
                }
                Source::Participation => {
                    let rows = store::plan::metrics::first_checkins(tx, lo, hi, from_t, to_t).await?;
                    f.first_part = Tally::new(rows.into_iter().map(|(t, n)| (beijing_day(t), n as f64)));
                }
                Source::Care => {
                    let rows = store::plan::metrics::care_days(tx, lo, hi, from, to).await?;
                    let mut fen: HashMap<String, Vec<(NaiveDate, f64)>> = HashMap::new();
                    let mut times: HashMap<String, Vec<(NaiveDate, f64)>> = HashMap::new();
                    for r in rows {
                        fen.entry(r.kind.clone()).or_default().push((r.date, r.amount_fen as f64));
                        times.entry(r.kind).or_default().push((r.date, r.times as f64));
                    }
                    f.care_fen = fen.into_iter().map(|(k, v)| (k, Tally::new(v))).collect();
                    f.care_times = times.into_iter().map(|(k, v)| (k, Tally::new(v))).collect();
                }
                Source::CareReached => {
                    let rows = store::plan::metrics::care_first(tx, lo, hi, from, to).await?;
                    f.care_first = Tally::new(rows.into_iter().map(|(d, n)| (d, n as f64)));
                }
            }
        }
        Ok(f)
    }
}
