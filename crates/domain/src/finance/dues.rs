//! Dues (会费) and union funds (工会经费): the formulas of DOMAIN.md §4.

use crate::{DomainError, ErrorCode};

/// The monthly dues on a wage base: the part below 10 yuan is not counted,
/// then 0.5 % — floor(base / 10 yuan) × 10 yuan × 0.5 %, which is whole fen.
pub fn monthly_dues(base_fen: i64) -> i64 {
    if base_fen <= 0 { 0 } else { base_fen / 1_000 * 5 }
}

/// The employer's monthly remittance: 2 % of the payroll, rounded half up
/// to the fen.
pub fn fund_due(payroll_fen: i64) -> i64 {
    if payroll_fen <= 0 { 0 } else { ((i128::from(payroll_fen) * 2 + 50) / 100) as i64 }
}

/// Splits the 2 % into the share the union keeps and the share remitted up,
/// by the provincial preset in per mille (600 = 60 % kept). The kept share
/// is rounded half up; the upper share is the rest, so they always add up.
pub fn split(due_fen: i64, keep_permille: i64) -> (i64, i64) {
    let keep = ((i128::from(due_fen) * i128::from(keep_permille) + 500) / 1000) as i64;
    (keep, due_fen - keep)
}

/// Checks a kept share typed as a percentage.
pub fn check_keep_permille(permille: i64) -> Result<i64, DomainError> {
    if (0..=1000).contains(&permille) {
        Ok(permille)
    } else {
        Err(DomainError::field(ErrorCode::InvalidValue, "keep_permille", "留成比例应在0%到100%之间"))
    }
}

/// How fund money reaches the union: the employer pays it directly, or the
/// tax authority collects the whole 2 % and the upper union refunds the
/// kept share (回拨).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FundFlow {
    Direct,
    Tax,
}

impl FundFlow {
    pub fn as_str(self) -> &'static str {
        match self {
            FundFlow::Direct => "direct",
            FundFlow::Tax => "tax",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "direct" => Some(FundFlow::Direct),
            "tax" => Some(FundFlow::Tax),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FundFlow::Direct => "单位直接拨缴",
            FundFlow::Tax => "税务代收、上级回拨",
        }
    }
}

/// Number of months in a row, counted back from the latest bill, left unpaid;
/// six or more flags the member for review.
pub fn unpaid_streak(paid_newest_first: &[bool]) -> usize {
    paid_newest_first.iter().take_while(|p| !**p).count()
}

pub const DUES_REVIEW_MONTHS: usize = 6;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dues_follow_the_rule() {
        // 5678.90 yuan → 5670 counted → 28.35 yuan.
        assert_eq!(monthly_dues(567_890), 2_835);
        assert_eq!(monthly_dues(999), 0);
        assert_eq!(monthly_dues(1_000), 5);
        assert_eq!(monthly_dues(0), 0);
        assert_eq!(fund_due(1_000_000), 20_000);
        assert_eq!(fund_due(25), 1); // 0.5 fen rounds up
        assert_eq!(split(20_000, 600), (12_000, 8_000));
        assert_eq!(split(1, 600), (1, 0));
        assert_eq!(unpaid_streak(&[false, false, true, false]), 2);
        assert!(check_keep_permille(1001).is_err());
    }

    proptest! {
        #[test]
        fn dues_match_the_written_formula(base in 0i64..100_000_000) {
            // floor(base / 10 yuan) × 10 yuan × 0.5 %, computed in yuan as decimals.
            let counted_yuan = (base / 100) / 10 * 10;
            let dues_fen = counted_yuan * 100 / 200;
            prop_assert_eq!(monthly_dues(base), dues_fen);
            prop_assert!(monthly_dues(base) * 200 <= base);
        }

        #[test]
        fn the_split_always_adds_up(due in 0i64..1_000_000_000_000, permille in 0i64..=1000) {
            let (keep, up) = split(due, permille);
            prop_assert_eq!(keep + up, due);
            prop_assert!(keep >= 0 && up >= 0);
            prop_assert!((keep * 1000 - due * permille).abs() <= 500);
        }
    }
}
