//! A target's progress: the gap to its value and the colour it shows.
//!
//! - green: the target is met (a cap not exceeded);
//! - amber: not met, but on course — a count at least where an even pace
//!   through the period would have it, a rate within a tenth of its
//!   target, a cap within a tenth of being reached;
//! - red: behind (or a cap exceeded).
//!
//! Rates do not accumulate through the year (95% is asked of every day),
//! counts do (新建10家 is reached by December), hence the pace for counts.

use serde::Serialize;

use super::extract::Comparator;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    Green,
    Amber,
    Red,
}

impl Light {
    pub fn label(self) -> &'static str {
        match self {
            Light::Green => "已达成",
            Light::Amber => "进度正常",
            Light::Red => "滞后",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Progress {
    pub current: f64,
    /// How far from the target: what is still to go (≥ target), or by how
    /// much a cap is exceeded (≤ target); 0 when met.
    pub gap: f64,
    /// The bar's fill, 0 to 1: current ÷ target, capped.
    pub ratio: f64,
    pub met: bool,
    pub light: Light,
}

/// The progress of `current` towards `comparator target`, `elapsed` (0 to
/// 1) of the period having passed; `rate`: the value is a rate.
pub fn progress(comparator: Comparator, target: f64, current: f64, elapsed: f64, rate: bool) -> Progress {
    let elapsed = elapsed.clamp(0.0, 1.0);
    let ratio =
        if target > 0.0 { (current / target).clamp(0.0, 1.0) } else { f64::from(u8::from(current <= 0.0)) };
    let met = comparator.holds(current, target);
    let close = |v: f64| (v - target).abs() <= target.abs() * 0.1;
    let (gap, light) = match comparator {
        Comparator::AtLeast => {
            let on_course = if rate { close(current) } else { current + 1e-9 >= target * elapsed };
            let light = if met {
                Light::Green
            } else if on_course {
                Light::Amber
            } else {
                Light::Red
            };
            ((target - current).max(0.0), light)
        }
        Comparator::AtMost => {
            let light = if !met {
                Light::Red
            } else if current >= target * 0.9 && target > 0.0 {
                Light::Amber
            } else {
                Light::Green
            };
            ((current - target).max(0.0), light)
        }
        Comparator::Exactly => {
            let light = if met {
                Light::Green
            } else if close(current) {
                Light::Amber
            } else {
                Light::Red
            };
            ((target - current).abs(), light)
        }
    };
    Progress { current, gap, ratio, met, light }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Comparator::*;
    use proptest::prelude::*;

    #[test]
    fn lights() {
        // A rate: met, close, behind — whatever the date.
        assert_eq!(progress(AtLeast, 95.0, 96.0, 0.1, true).light, Light::Green);
        assert_eq!(progress(AtLeast, 95.0, 90.0, 0.9, true).light, Light::Amber);
        assert_eq!(progress(AtLeast, 95.0, 80.0, 0.1, true).light, Light::Red);
        // A count: on an even pace is amber, behind it red.
        assert_eq!(progress(AtLeast, 10.0, 5.0, 0.5, false).light, Light::Amber);
        assert_eq!(progress(AtLeast, 10.0, 4.0, 0.5, false).light, Light::Red);
        assert_eq!(progress(AtLeast, 10.0, 10.0, 0.5, false).light, Light::Green);
        let p = progress(AtLeast, 10.0, 4.0, 0.5, false);
        assert_eq!((p.gap, p.ratio, p.met), (6.0, 0.4, false));
        // A cap.
        assert_eq!(progress(AtMost, 5.0, 2.0, 0.5, false).light, Light::Green);
        assert_eq!(progress(AtMost, 5.0, 5.0, 0.5, false).light, Light::Amber);
        let p = progress(AtMost, 5.0, 7.0, 0.5, false);
        assert_eq!((p.light, p.gap, p.met), (Light::Red, 2.0, false));
        // An exact figure.
        assert_eq!(progress(Exactly, 2.0, 2.0, 1.0, true).light, Light::Green);
        assert_eq!(progress(Exactly, 2.0, 1.0, 1.0, true).light, Light::Red);
    }

    proptest! {
        #[test]
        fn a_met_target_is_green_with_no_gap(target in 0.0f64..1e6, extra in 0.0f64..1e6, elapsed in 0.0f64..1.0, rate in any::<bool>()) {
            let p = progress(AtLeast, target, target + extra, elapsed, rate);
            prop_assert!(p.met && p.light == Light::Green && p.gap == 0.0);
            prop_assert!((0.0..=1.0).contains(&p.ratio));
        }

        #[test]
        fn the_ratio_stays_on_the_bar(target in -10.0f64..1e6, current in -10.0f64..1e7, elapsed in -1.0f64..2.0) {
            for c in [AtLeast, AtMost, Exactly] {
                let p = progress(c, target, current, elapsed, false);
                prop_assert!((0.0..=1.0).contains(&p.ratio) && p.gap >= 0.0);
            }
        }
    }
}
