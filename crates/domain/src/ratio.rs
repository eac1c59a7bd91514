//! Exact rates: a numerator and a denominator, never a float.
//!
//! Every rate the plans quote (参与面, 建会率, 入会率, 签订率, 满意率 …) is
//! compared with a target such as "95%"; a float 0.95 may compare as
//! 0.9499…, so the fraction is kept and basis points and the percent text
//! are derived by integer arithmetic. [`crate::activity::Rate`] names its
//! parts for members and delegates its arithmetic here.

use serde::{Deserialize, Serialize};

/// `numerator` of `denominator`, e.g. 58 agreements of 69 closed cases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ratio {
    pub numerator: u64,
    pub denominator: u64,
}

impl Ratio {
    pub const fn new(numerator: u64, denominator: u64) -> Self {
        Ratio { numerator, denominator }
    }

    /// In basis points (1/100 of a percent), rounded down so that a rate
    /// shown as meeting a target does meet it; 0 when the base is empty.
    /// A numerator above the denominator (more members than recorded staff)
    /// gives more than 10000: the data say so and the rate shows it.
    pub fn basis_points(self) -> u32 {
        if self.denominator == 0 {
            return 0;
        }
        let bp = u128::from(self.numerator) * 10_000 / u128::from(self.denominator);
        u32::try_from(bp).unwrap_or(u32::MAX)
    }

    /// `95.00%`, two decimals, rounded down.
    pub fn percent_text(self) -> String {
        let bp = self.basis_points();
        format!("{}.{:02}%", bp / 100, bp % 100)
    }

    /// Like [`Ratio::percent_text`], but `—` when there is no base, so a
    /// report does not claim "0.00%" of nothing.
    pub fn display(self) -> String {
        if self.denominator == 0 { "—".to_owned() } else { self.percent_text() }
    }

    /// Whether the rate reaches `target_bp` (9500 = 95%), compared exactly:
    /// numerator × 10000 ≥ target × denominator.
    pub fn meets(self, target_bp: u32) -> bool {
        u128::from(self.numerator) * 10_000 >= u128::from(target_bp) * u128::from(self.denominator)
    }
}

impl std::fmt::Display for Ratio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn exact_and_rounded_down() {
        assert_eq!(Ratio::new(19, 20).percent_text(), "95.00%");
        assert!(Ratio::new(19, 20).meets(9500));
        assert_eq!(Ratio::new(58, 69).percent_text(), "84.05%");
        assert_eq!(Ratio::new(2, 3).percent_text(), "66.66%");
        assert!(!Ratio::new(2, 3).meets(6667));
        assert_eq!(Ratio::new(0, 0).basis_points(), 0);
        assert_eq!(Ratio::new(0, 0).to_string(), "—");
        assert_eq!(Ratio::new(0, 4).to_string(), "0.00%");
        assert_eq!(Ratio::new(5, 4).percent_text(), "125.00%");
    }

    proptest! {
        /// The text never overstates: a rate shown as meeting a target
        /// meets it exactly.
        #[test]
        fn shown_rate_meets_itself(n in 0u64..10_000, d in 1u64..10_000) {
            let r = Ratio::new(n.min(d), d);
            prop_assert!(r.meets(r.basis_points()));
            prop_assert!(r.basis_points() <= 10_000);
        }
    }
}
