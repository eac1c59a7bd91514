//! Each metric evaluated at a checkpoint from the facts: a count over
//! `from ..= d`, a stock at `d`, a rate as the state over `from ..= d`.

use chrono::NaiveDate;
use domain::plan::metric::Metric;
use domain::ratio::Ratio;

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
        let r = Ratio::new(num.max(0.0) as u64, den.max(0.0) as u64);
        Eval { value: f64::from(r.basis_points()) / 100.0, numerator: Some(num), denominator: Some(den) }
    }
}

/// Care kinds that are money or gifts to a person, as the metrics group
/// them: 帮扶 (assistance); 慰问 (condolence, and the gifts of 送温暖 and
/// festival campaigns).
const AID: &[&str] = &["assistance"];
const CONDOLENCE: &[&str] = &["condolence", "gift"];
const REACHED: &[&str] = &["assistance", "condolence", "gift"];

impl Facts {
    fn members_at(&self, d: NaiveDate) -> f64 {
        (self.joins.upto(d) - self.leaves.upto(d)).max(0.0)
    }

    fn care_sum(&self, kinds: &[&str], fen: bool, from: NaiveDate, d: NaiveDate) -> f64 {
        let map = if fen { &self.care_fen } else { &self.care_times };
        kinds.iter().filter_map(|k| map.get(*k)).map(|t| t.between(from, d)).sum()
    }

    /// The value of `ask` counted from `from` to `d`.
    pub fn eval(&self, ask: Ask, from: NaiveDate, d: NaiveDate) -> Eval {
        use Metric::*;
        match ask.metric {
            Members => Eval::count(self.members_at(d)),
            NewMembers => Eval::count(self.joins.between(from, d)),
            ActivitiesHeld => Eval::count(self.activities.between(from, d)),
            ParticipationRate => Eval::rate(self.first_part.between(from, d), self.members_at(d)),
            AidPaid => Eval::yuan(self.care_sum(AID, true, from, d)),
            CareAmount => Eval::yuan(self.care_sum(CONDOLENCE, true, from, d)),
            CarePeopleReached => Eval::count(self.care_first.between(from, d)),
            CareCoverageRate => Eval::rate(self.care_sum(REACHED, false, from, d), self.members_at(d)),
            _ => Eval::default(),
        }
    }
}
