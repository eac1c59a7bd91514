//! Hardship files (困难职工档案): the category computed from the household's
//! figures, the city's 低保 and the province's average income, the exclusion
//! rules, causes, review and closing.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::finance::money::{MAX_FEN, yuan_short};
use crate::{DomainError, ErrorCode};

/// The local figures the category is computed from; policy data with the
/// date it takes effect, never constants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarePolicy {
    /// The city's minimum living standard (低保), per person and month.
    pub dibao_monthly_fen: i64,
    /// The province's average per-capita disposable income of the previous
    /// year, per person and year.
    pub province_avg_income_fen: i64,
}

impl CarePolicy {
    pub fn check(&self) -> Result<(), DomainError> {
        for (field, label, v) in [
            ("dibao_monthly_fen", "低保标准（每人每月）", self.dibao_monthly_fen),
            ("province_avg_income_fen", "全省上年人均可支配收入", self.province_avg_income_fen),
        ] {
            if v <= 0 || v > MAX_FEN {
                return Err(DomainError::field(ErrorCode::InvalidMoney, field, format!("{label}应大于0元")));
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 深度困难.
    Deep,
    /// 相对困难.
    Relative,
    /// 意外致困.
    Accident,
    /// 不符合建档条件.
    Ineligible,
}

impl Category {
    pub const ALL: [Category; 4] =
        [Category::Deep, Category::Relative, Category::Accident, Category::Ineligible];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Deep => "deep",
            Category::Relative => "relative",
            Category::Accident => "accident",
            Category::Ineligible => "ineligible",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s.trim() || c.label() == s.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Deep => "深度困难",
            Category::Relative => "相对困难",
            Category::Accident => "意外致困",
            Category::Ineligible => "不符合建档条件",
        }
    }
}

/// What excludes a household whatever its income (DOMAIN.md §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// 拥有两套及以上住房.
    TwoHomes,
    /// 经营企业并雇用他人.
    Employer,
    /// 子女就读高收费私立学校或自费出国留学.
    PrivateSchool,
    /// 拥有并经常使用私家车.
    PrivateCar,
}

impl Exclusion {
    pub const ALL: [Exclusion; 4] =
        [Exclusion::TwoHomes, Exclusion::Employer, Exclusion::PrivateSchool, Exclusion::PrivateCar];

    pub fn as_str(self) -> &'static str {
        match self {
            Exclusion::TwoHomes => "two_homes",
            Exclusion::Employer => "employer",
            Exclusion::PrivateSchool => "private_school",
            Exclusion::PrivateCar => "private_car",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == s.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Exclusion::TwoHomes => "家庭拥有两套及以上住房",
            Exclusion::Employer => "经营企业并雇用他人",
            Exclusion::PrivateSchool => "子女就读高收费私立学校或自费出国留学",
            Exclusion::PrivateCar => "拥有并经常使用私家车",
        }
    }
}

/// Why the household is in difficulty: one main cause, up to three others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    Illness,
    Disability,
    Schooling,
    Unemployment,
    Accident,
    Disaster,
    SingleParent,
    LowIncome,
    Other,
}

impl Cause {
    pub const ALL: [Cause; 9] = [
        Cause::Illness,
        Cause::Disability,
        Cause::Schooling,
        Cause::Unemployment,
        Cause::Accident,
        Cause::Disaster,
        Cause::SingleParent,
        Cause::LowIncome,
        Cause::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Illness => "illness",
            Cause::Disability => "disability",
            Cause::Schooling => "schooling",
            Cause::Unemployment => "unemployment",
            Cause::Accident => "accident",
            Cause::Disaster => "disaster",
            Cause::SingleParent => "single_parent",
            Cause::LowIncome => "low_income",
            Cause::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s.trim() || c.label() == s.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Cause::Illness => "因病",
            Cause::Disability => "因残",
            Cause::Schooling => "因学",
            Cause::Unemployment => "因失业",
            Cause::Accident => "因意外事故",
            Cause::Disaster => "因灾",
            Cause::SingleParent => "单亲家庭",
            Cause::LowIncome => "收入低",
            Cause::Other => "其他",
        }
    }
}

/// Checks the causes: a main cause, at most three secondary ones, none
/// repeated.
pub fn check_causes(main: Option<Cause>, secondary: &[Cause]) -> Result<(), DomainError> {
    let Some(main) = main else {
        return Err(DomainError::field(ErrorCode::Required, "main_cause", "请选择主要致困原因"));
    };
    if secondary.len() > 3 {
        return Err(DomainError::field(
            ErrorCode::InvalidValue,
            "secondary_causes",
            format!("次要致困原因最多3项，现在是{}项", secondary.len()),
        ));
    }
    let mut seen = vec![main];
    for c in secondary {
        if seen.contains(c) {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                "secondary_causes",
                format!("致困原因“{}”重复", c.label()),
            ));
        }
        seen.push(*c);
    }
    Ok(())
}

/// The figures of one household.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Household {
    pub size: i64,
    /// The household's disposable income over the last 12 months.
    pub annual_income_fen: i64,
    /// Spending the household could not avoid: illness, schooling.
    pub hardship_spending_fen: i64,
    /// Made poor by an accident, serious illness or disaster and still in
    /// difficulty after insurance.
    pub accident: bool,
    pub exclusions: Vec<Exclusion>,
}

/// The most people a household file may list.
pub const MAX_HOUSEHOLD: i64 = 30;

impl Household {
    pub fn check(&self) -> Result<(), DomainError> {
        if !(1..=MAX_HOUSEHOLD).contains(&self.size) {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                "household_size",
                format!("家庭人口应为1到{MAX_HOUSEHOLD}人，现在是{}人", self.size),
            ));
        }
        for (field, label, v) in [
            ("annual_income_fen", "家庭年可支配收入", self.annual_income_fen),
            ("hardship_spending_fen", "刚性支出（医疗、教育）", self.hardship_spending_fen),
        ] {
            if v < 0 {
                return Err(DomainError::field(
                    ErrorCode::InvalidMoney,
                    field,
                    format!("{label}不能为负数，现在是{}元", yuan_short(v)),
                ));
            }
            if v > MAX_FEN {
                return Err(DomainError::field(
                    ErrorCode::InvalidMoney,
                    field,
                    format!("{label}超过1万亿元，请核对"),
                ));
            }
        }
        Ok(())
    }
}

/// The computed category and the figures and rules that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assessment {
    pub category: Category,
    /// (income − hardship spending) ÷ 12 ÷ household size; may be negative.
    pub per_capita_monthly_fen: i64,
    /// income ÷ household size.
    pub per_capita_yearly_fen: i64,
    /// In Chinese: the rule and the numbers, one line each.
    pub reasons: Vec<String>,
}

/// Computes the category (DOMAIN.md §7). 深度困难: the monthly figure ≤ 低保;
/// 相对困难: ≤ 2 × 低保; both also below the province's average per-capita
/// income; otherwise 意外致困 when flagged; an exclusion rules all out.
/// Integer fen throughout; the monthly figure is compared without rounding
/// (a ≤ b·12·n).
pub fn assess(policy: &CarePolicy, h: &Household) -> Result<Assessment, DomainError> {
    h.check()?;
    policy.check()?;
    let net = h.annual_income_fen - h.hardship_spending_fen;
    let months = 12 * h.size;
    let per_capita_monthly_fen = net.div_euclid(months);
    let per_capita_yearly_fen = h.annual_income_fen / h.size;
    let dibao = policy.dibao_monthly_fen;
    let avg = policy.province_avg_income_fen;
    let mut reasons = Vec::new();
    let figure = format!(
        "（年收入{}元 − 刚性支出{}元）÷ 12 ÷ {}人 = {}元/人·月",
        yuan_short(h.annual_income_fen),
        yuan_short(h.hardship_spending_fen),
        h.size,
        yuan_short(per_capita_monthly_fen)
    );
    if !h.exclusions.is_empty() {
        let names: Vec<&str> = h.exclusions.iter().map(|e| e.label()).collect();
        reasons.push(format!("不予建档：{}", names.join("、")));
        return Ok(Assessment {
            category: Category::Ineligible,
            per_capita_monthly_fen,
            per_capita_yearly_fen,
            reasons,
        });
    }
    // a ≤ b ⇔ net ≤ b · 12 · size (no rounding of the monthly figure).
    let within = |limit: i64| i128::from(net) <= i128::from(limit) * i128::from(months);
    let below_avg = i128::from(h.annual_income_fen) < i128::from(avg) * i128::from(h.size);
    let avg_text = format!(
        "人均年收入{}元{}全省上年人均可支配收入{}元",
        yuan_short(per_capita_yearly_fen),
        if below_avg { "低于" } else { "不低于" },
        yuan_short(avg)
    );
    let category = if within(dibao) && below_avg {
        reasons.push(format!("{figure}，不高于低保标准{}元", yuan_short(dibao)));
        reasons.push(avg_text);
        Category::Deep
    } else if within(2 * dibao) && below_avg {
        reasons.push(format!(
            "{figure}，高于低保标准{}元、不高于其2倍{}元",
            yuan_short(dibao),
            yuan_short(2 * dibao)
        ));
        reasons.push(avg_text);
        Category::Relative
    } else {
        if within(2 * dibao) {
            reasons.push(format!("{figure}，不高于低保2倍，但{avg_text}"));
        } else {
            reasons.push(format!("{figure}，高于低保标准2倍{}元", yuan_short(2 * dibao)));
        }
        if h.accident {
            reasons.push("因意外事故、重大疾病或灾害致困，经保险赔付后仍有困难".into());
            Category::Accident
        } else {
            Category::Ineligible
        }
    };
    Ok(Assessment { category, per_capita_monthly_fen, per_capita_yearly_fen, reasons })
}

/// Why a file is closed (应退则退).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CloseReason {
    Recovered,
    Retired,
    Transferred,
    Deceased,
}

impl CloseReason {
    pub const ALL: [CloseReason; 4] =
        [CloseReason::Recovered, CloseReason::Retired, CloseReason::Transferred, CloseReason::Deceased];

    pub fn as_str(self) -> &'static str {
        match self {
            CloseReason::Recovered => "recovered",
            CloseReason::Retired => "retired",
            CloseReason::Transferred => "transferred",
            CloseReason::Deceased => "deceased",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            CloseReason::Recovered => "已脱困",
            CloseReason::Retired => "已退休",
            CloseReason::Transferred => "已调出",
            CloseReason::Deceased => "已去世",
        }
    }
}

/// A file is reviewed at least once a year (动态管理).
pub fn next_review(assessed_on: NaiveDate) -> NaiveDate {
    assessed_on.checked_add_months(Months::new(12)).unwrap_or(assessed_on)
}

/// A closed file is kept, read-only, for ten years.
pub fn retain_until(closed_on: NaiveDate) -> NaiveDate {
    closed_on.checked_add_months(Months::new(120)).unwrap_or(closed_on)
}

/// The officer may set another category than the computed one only with a
/// written reason.
pub fn check_override(
    computed: Category,
    chosen: Option<Category>,
    reason: &str,
) -> Result<Category, DomainError> {
    match chosen {
        Some(c) if c != computed => {
            if reason.trim().chars().count() < 4 {
                return Err(DomainError::field(
                    ErrorCode::Required,
                    "override_reason",
                    format!(
                        "认定为“{}”与测算结果“{}”不同，须写明理由（至少4个字）",
                        c.label(),
                        computed.label()
                    ),
                ));
            }
            Ok(c)
        }
        _ => Ok(computed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const POLICY: CarePolicy = CarePolicy { dibao_monthly_fen: 80_000, province_avg_income_fen: 4_000_000 };

    fn h(size: i64, income: i64, spending: i64) -> Household {
        Household { size, annual_income_fen: income, hardship_spending_fen: spending, ..Household::default() }
    }

    #[test]
    fn deep_relative_and_ineligible_by_the_formula() {
        // 3 people, (36,000 − 7,200) / 12 / 3 = 800 = 低保: deep (≤).
        let a = assess(&POLICY, &h(3, 3_600_000, 720_000)).unwrap();
        assert_eq!(a.category, Category::Deep);
        assert_eq!(a.per_capita_monthly_fen, 80_000);
        assert!(a.reasons[0].contains("不高于低保标准800元"), "{:?}", a.reasons);
        // One fen more a month per person: relative.
        let a = assess(&POLICY, &h(3, 3_600_000 + 36, 720_000)).unwrap();
        assert_eq!(a.category, Category::Relative);
        // Exactly 2 × 低保: still relative; above: ineligible.
        assert_eq!(assess(&POLICY, &h(1, 1_920_000, 0)).unwrap().category, Category::Relative);
        assert_eq!(assess(&POLICY, &h(1, 1_920_001, 0)).unwrap().category, Category::Ineligible);
    }

    #[test]
    fn the_provincial_average_gates_both_categories() {
        let policy = CarePolicy { dibao_monthly_fen: 80_000, province_avg_income_fen: 1_000_000 };
        // Income 12,000/person is above the 10,000 average even though
        // illness spending brings the monthly figure under 低保.
        let a = assess(&policy, &h(1, 1_200_000, 900_000)).unwrap();
        assert_eq!(a.category, Category::Ineligible);
        assert!(a.reasons[0].contains("不低于全省上年人均可支配收入"), "{:?}", a.reasons);
        let mut acc = h(1, 1_200_000, 900_000);
        acc.accident = true;
        assert_eq!(assess(&policy, &acc).unwrap().category, Category::Accident);
    }

    #[test]
    fn exclusions_rule_everything_out() {
        let mut x = h(3, 0, 0);
        x.exclusions = vec![Exclusion::PrivateCar];
        x.accident = true;
        let a = assess(&POLICY, &x).unwrap();
        assert_eq!(a.category, Category::Ineligible);
        assert!(a.reasons[0].contains("私家车"));
    }

    #[test]
    fn bad_figures_are_refused_naming_the_field() {
        let e = assess(&POLICY, &h(0, 100, 0)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("household_size"));
        assert!(e.message.contains("家庭人口"));
        let e = assess(&POLICY, &h(2, -1, 0)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("annual_income_fen"));
        assert!(e.message.contains("不能为负数"));
        let e = assess(&POLICY, &h(2, 1, -5)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("hardship_spending_fen"));
        let bad = CarePolicy { dibao_monthly_fen: 0, province_avg_income_fen: 1 };
        assert_eq!(assess(&bad, &h(1, 1, 0)).unwrap_err().field.as_deref(), Some("dibao_monthly_fen"));
    }

    #[test]
    fn causes_and_overrides() {
        assert!(check_causes(None, &[]).is_err());
        assert!(
            check_causes(Some(Cause::Illness), &[Cause::Schooling, Cause::Disaster, Cause::Other]).is_ok()
        );
        let e = check_causes(
            Some(Cause::Illness),
            &[Cause::Schooling, Cause::Disaster, Cause::Other, Cause::LowIncome],
        )
        .unwrap_err();
        assert!(e.message.contains("最多3项"));
        assert!(check_causes(Some(Cause::Illness), &[Cause::Illness]).unwrap_err().message.contains("重复"));
        assert_eq!(
            check_override(Category::Relative, Some(Category::Relative), "").unwrap(),
            Category::Relative
        );
        assert_eq!(check_override(Category::Relative, None, "").unwrap(), Category::Relative);
        assert!(check_override(Category::Relative, Some(Category::Deep), "").is_err());
        assert_eq!(
            check_override(Category::Relative, Some(Category::Deep), "大病刚出院，收入骤降").unwrap(),
            Category::Deep
        );
    }

    #[test]
    fn review_and_retention_dates() {
        let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(next_review(d), NaiveDate::from_ymd_opt(2025, 2, 28).unwrap());
        assert_eq!(retain_until(d), NaiveDate::from_ymd_opt(2034, 2, 28).unwrap());
    }

    proptest! {
        /// The category follows the formula exactly, and is monotone: more
        /// income never makes a household poorer.
        #[test]
        fn category_matches_the_formula(size in 1i64..=12, income in 0i64..20_000_000, spending in 0i64..10_000_000,
                                         dibao in 1i64..300_000, avg in 1i64..10_000_000, extra in 0i64..1_000_000) {
            let policy = CarePolicy { dibao_monthly_fen: dibao, province_avg_income_fen: avg };
            let a = assess(&policy, &h(size, income, spending)).unwrap();
            // Exact rationals: (income − spending)/(12·size) ≤ dibao.
            let net = i128::from(income - spending);
            let months = i128::from(12 * size);
            let below = i128::from(income) < i128::from(avg) * i128::from(size);
            let expected = if net <= i128::from(dibao) * months && below { Category::Deep }
                else if net <= 2 * i128::from(dibao) * months && below { Category::Relative }
                else { Category::Ineligible };
            prop_assert_eq!(a.category, expected);
            let rank = |c: Category| match c { Category::Deep => 0, Category::Relative => 1, _ => 2 };
            let richer = assess(&policy, &h(size, income + extra, spending)).unwrap();
            prop_assert!(rank(richer.category) >= rank(a.category));
        }
    }
}
