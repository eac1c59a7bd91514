//! Dated tallies: how much happened on each day, summed up to any day by a
//! binary search over running totals. The metrics read their dated facts
//! once (grouped by day in the database) and answer each checkpoint of a
//! trend from a tally, so twelve month ends cost no more queries than one.

use chrono::NaiveDate;

/// Amounts by day, with running totals.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    days: Vec<NaiveDate>,
    /// `running[i]`: the sum of every amount on `days[..=i]`.
    running: Vec<f64>,
}

impl Tally {
    /// A tally of `(day, amount)` pairs in any order, days repeated or not.
    pub fn new(items: impl IntoIterator<Item = (NaiveDate, f64)>) -> Tally {
        let mut items: Vec<(NaiveDate, f64)> = items.into_iter().collect();
        items.sort_by_key(|(d, _)| *d);
        let mut t = Tally::default();
        let mut sum = 0.0;
        for (d, v) in items {
            sum += v;
            if t.days.last() == Some(&d) {
                if let Some(last) = t.running.last_mut() {
                    *last = sum;
                }
            } else {
                t.days.push(d);
                t.running.push(sum);
            }
        }
        t
    }

    /// The sum of the amounts on or before `d`.
    pub fn upto(&self, d: NaiveDate) -> f64 {
        let n = self.days.partition_point(|x| *x <= d);
        if n == 0 { 0.0 } else { self.running[n - 1] }
    }

    /// The sum of the amounts on `from ..= to` (0 when `to < from`).
    pub fn between(&self, from: NaiveDate, to: NaiveDate) -> f64 {
        if to < from {
            return 0.0;
        }
        let before = from.pred_opt().map_or(0.0, |p| self.upto(p));
        self.upto(to) - before
    }

    /// The sum of every amount.
    pub fn total(&self) -> f64 {
        self.running.last().copied().unwrap_or(0.0)
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn sums_up_to_a_day_and_between_days() {
        let t = Tally::new([(d(3, 1), 2.0), (d(1, 15), 1.0), (d(3, 1), 4.0), (d(6, 30), 10.0)]);
        assert_eq!(t.upto(d(1, 14)), 0.0);
        assert_eq!(t.upto(d(1, 15)), 1.0);
        assert_eq!(t.upto(d(2, 28)), 1.0);
        assert_eq!(t.upto(d(3, 1)), 7.0);
        assert_eq!(t.upto(d(12, 31)), 17.0);
        assert_eq!(t.between(d(2, 1), d(6, 30)), 16.0);
        assert_eq!(t.between(d(3, 2), d(6, 29)), 0.0);
        assert_eq!(t.between(d(6, 30), d(3, 1)), 0.0);
        assert_eq!(t.total(), 17.0);
        assert!(Tally::new([]).is_empty());
        assert_eq!(Tally::new([]).upto(d(1, 1)), 0.0);
        assert_eq!(Tally::new([(NaiveDate::MIN, 3.0)]).between(NaiveDate::MIN, d(1, 1)), 3.0);
    }
}
