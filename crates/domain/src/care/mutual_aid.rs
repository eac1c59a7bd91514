//! Mutual-aid insurance (职工互助保障): plans as data, who may join, the
//! unit participation rule, and how a claim is assessed against the plan's
//! caps.

use serde::{Deserialize, Serialize};

use crate::finance::money::{MAX_FEN, yuan_short};
use crate::{DomainError, ErrorCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    Hospital,
    CriticalIllness,
    Women,
    Accident,
}

impl PlanKind {
    pub const ALL: [PlanKind; 4] =
        [PlanKind::Hospital, PlanKind::CriticalIllness, PlanKind::Women, PlanKind::Accident];

    pub fn as_str(self) -> &'static str {
        match self {
            PlanKind::Hospital => "hospital",
            PlanKind::CriticalIllness => "critical_illness",
            PlanKind::Women => "women",
            PlanKind::Accident => "accident",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim() || k.label() == s.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            PlanKind::Hospital => "住院医疗",
            PlanKind::CriticalIllness => "重大疾病",
            PlanKind::Women => "女职工特殊疾病",
            PlanKind::Accident => "意外伤害",
        }
    }
}

/// A plan's terms. In the data file amounts are yuan; here fen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub kind: PlanKind,
    pub name: String,
    /// Premium per person for one term.
    pub premium_fen: i64,
    pub term_months: i64,
    /// The share of the claimed cost paid out, in percent.
    pub payout_pct: i64,
    pub per_claim_cap_fen: i64,
    /// The most paid to one person under this plan in one term.
    pub yearly_cap_fen: i64,
    /// The women's plan: women only.
    pub women_only: bool,
    /// Members of this age or older may not join (the women's plan: under
    /// retirement age).
    pub max_age: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    kind: PlanKind,
    name: String,
    premium_yuan: i64,
    term_months: i64,
    payout_pct: i64,
    per_claim_cap_yuan: i64,
    yearly_cap_yuan: i64,
    women_only: bool,
    max_age: Option<i64>,
}

/// The plan templates shipped with gonghui: Taizhou's premiums (住院 60 or
/// 40 by employer type, 重疾 15, 女职工 15); the caps, payout shares and the
/// accident premium are starting values that a union adopts and edits to
/// match the plan its federation offers.
pub fn presets() -> Vec<Plan> {
    let rows: Vec<PlanFile> =
        serde_json::from_str(include_str!("../../data/mutual_aid_plans.json")).expect("the plan file parses");
    rows.into_iter()
        .map(|r| Plan {
            kind: r.kind,
            name: r.name,
            premium_fen: r.premium_yuan * 100,
            term_months: r.term_months,
            payout_pct: r.payout_pct,
            per_claim_cap_fen: r.per_claim_cap_yuan * 100,
            yearly_cap_fen: r.yearly_cap_yuan * 100,
            women_only: r.women_only,
            max_age: r.max_age,
        })
        .collect()
}

fn money(field: &str, label: &str, v: i64) -> Result<(), DomainError> {
    if v <= 0 || v > MAX_FEN {
        return Err(DomainError::field(ErrorCode::InvalidMoney, field, format!("{label}应大于0元")));
    }
    Ok(())
}

impl Plan {
    pub fn check(&self) -> Result<(), DomainError> {
        crate::text::required_line("name", "保障计划名称", &self.name, 60)?;
        money("premium_fen", "每人每期保费", self.premium_fen)?;
        money("per_claim_cap_fen", "每次赔付上限", self.per_claim_cap_fen)?;
        money("yearly_cap_fen", "年度赔付上限", self.yearly_cap_fen)?;
        if !(1..=60).contains(&self.term_months) {
            return Err(DomainError::field(ErrorCode::InvalidValue, "term_months", "保障期限应为1到60个月"));
        }
        if !(1..=100).contains(&self.payout_pct) {
            return Err(DomainError::field(ErrorCode::InvalidValue, "payout_pct", "赔付比例应为1%到100%"));
        }
        if self.per_claim_cap_fen > self.yearly_cap_fen {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                "per_claim_cap_fen",
                "每次赔付上限不能高于年度赔付上限",
            ));
        }
        if let Some(a) = self.max_age
            && !(16..=80).contains(&a)
        {
            return Err(DomainError::field(ErrorCode::InvalidValue, "max_age", "年龄上限应为16到80岁"));
        }
        Ok(())
    }

    /// Whether a person may join: the women's plan for women only, under
    /// the age limit, and nobody already diagnosed with what the plan
    /// covers.
    pub fn eligible(&self, female: Option<bool>, age: Option<i64>, diagnosed: bool) -> Result<(), String> {
        if self.women_only && female != Some(true) {
            return Err(format!("{}仅限女职工参加", self.name));
        }
        if let Some(max) = self.max_age {
            match age {
                Some(a) if a >= max => {
                    return Err(format!("{}限{max}周岁以下参加，该会员{a}周岁", self.name));
                }
                None => return Err(format!("{}限{max}周岁以下参加，该会员没有出生日期", self.name)),
                _ => {}
            }
        }
        if diagnosed && matches!(self.kind, PlanKind::Women | PlanKind::CriticalIllness) {
            return Err(format!("{}不接受已确诊的人员参加", self.name));
        }
        Ok(())
    }
}

/// The unit participation rule: at least 80 % of the unit's staff, and a
/// unit of ten or fewer joins in full.
pub fn check_participation(staff: i64, enrolled: i64) -> Result<(), DomainError> {
    let refuse = |m: String| Err(DomainError::field(ErrorCode::PolicyRefused, "member_ids", m));
    if staff <= 0 {
        return Err(DomainError::field(
            ErrorCode::Required,
            "staff_count",
            "请先在组织资料中填写单位职工人数，才能核对参保率",
        ));
    }
    if enrolled > staff {
        return refuse(format!("参保人数{enrolled}人超过单位职工人数{staff}人，请核对职工人数"));
    }
    if staff <= 10 {
        if enrolled < staff {
            return refuse(format!("职工10人及以下的单位须全员参加：职工{staff}人，本次参保{enrolled}人"));
        }
    } else if enrolled * 100 < staff * 80 {
        let need = (staff * 80 + 99) / 100;
        return refuse(format!(
            "以单位参保须达到职工人数的80%：职工{staff}人，至少{need}人，本次参保{enrolled}人"
        ));
    }
    Ok(())
}

/// The payout proposed for a claim: the plan's share of the cost, capped
/// per claim and by what is left of the yearly cap. A claim when nothing is
/// left is refused, naming the cap.
pub fn assess_claim(plan: &Plan, claimed_fen: i64, paid_this_term_fen: i64) -> Result<i64, DomainError> {
    if claimed_fen <= 0 || claimed_fen > MAX_FEN {
        return Err(DomainError::field(ErrorCode::InvalidMoney, "claimed_fen", "申请金额应大于0元"));
    }
    let room = plan.yearly_cap_fen - paid_this_term_fen;
    if room <= 0 {
        return Err(DomainError::field(
            ErrorCode::PolicyRefused,
            "claimed_fen",
            format!(
                "{}年度赔付上限{}元，本期已赔付{}元，不能再赔付",
                plan.name,
                yuan_short(plan.yearly_cap_fen),
                yuan_short(paid_this_term_fen)
            ),
        ));
    }
    let share = i64::try_from(i128::from(claimed_fen) * i128::from(plan.payout_pct) / 100).unwrap_or(MAX_FEN);
    Ok(share.min(plan.per_claim_cap_fen).min(room))
}

/// Checks an approved payout an assessor typed against the same caps.
pub fn check_payout(plan: &Plan, approved_fen: i64, paid_this_term_fen: i64) -> Result<(), DomainError> {
    if approved_fen < 0 {
        return Err(DomainError::field(ErrorCode::InvalidMoney, "approved_fen", "核定金额不能为负数"));
    }
    if approved_fen > plan.per_claim_cap_fen {
        return Err(DomainError::field(
            ErrorCode::PolicyRefused,
            "approved_fen",
            format!(
                "{}每次赔付不超过{}元，核定{}元",
                plan.name,
                yuan_short(plan.per_claim_cap_fen),
                yuan_short(approved_fen)
            ),
        ));
    }
    if paid_this_term_fen + approved_fen > plan.yearly_cap_fen {
        return Err(DomainError::field(
            ErrorCode::PolicyRefused,
            "approved_fen",
            format!(
                "{}年度赔付上限{}元，本期已赔付{}元，本次核定{}元，超过上限",
                plan.name,
                yuan_short(plan.yearly_cap_fen),
                yuan_short(paid_this_term_fen),
                yuan_short(approved_fen)
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn plan(kind: PlanKind) -> Plan {
        presets().into_iter().find(|p| p.kind == kind).unwrap()
    }

    #[test]
    fn presets_are_valid_and_carry_the_taizhou_premiums() {
        let all = presets();
        assert_eq!(all.len(), 5);
        for p in &all {
            p.check().unwrap();
        }
        assert_eq!(all[0].premium_fen, 6000);
        assert_eq!(all[1].premium_fen, 4000);
        assert_eq!(plan(PlanKind::Women).premium_fen, 1500);
    }

    #[test]
    fn participation_rule() {
        assert!(check_participation(100, 80).is_ok());
        let e = check_participation(100, 79).unwrap_err();
        assert!(e.message.contains("至少80人"), "{}", e.message);
        assert!(check_participation(11, 9).is_ok()); // 9/11 = 81.8 %
        assert!(check_participation(11, 8).is_err());
        assert!(check_participation(10, 10).is_ok());
        assert!(check_participation(10, 9).unwrap_err().message.contains("全员参加"));
        assert_eq!(check_participation(0, 0).unwrap_err().field.as_deref(), Some("staff_count"));
    }

    #[test]
    fn eligibility() {
        let w = plan(PlanKind::Women);
        assert!(w.eligible(Some(true), Some(40), false).is_ok());
        assert!(w.eligible(Some(false), Some(40), false).unwrap_err().contains("仅限女职工"));
        assert!(w.eligible(Some(true), Some(55), false).unwrap_err().contains("55周岁以下"));
        assert!(w.eligible(Some(true), Some(30), true).unwrap_err().contains("已确诊"));
        assert!(plan(PlanKind::Hospital).eligible(None, None, true).is_ok());
    }

    #[test]
    fn claims_are_capped() {
        let h = plan(PlanKind::Hospital); // 50 %, 3,000 per claim, 10,000 a year
        assert_eq!(assess_claim(&h, 200_000, 0).unwrap(), 100_000);
        assert_eq!(assess_claim(&h, 2_000_000, 0).unwrap(), 300_000);
        assert_eq!(assess_claim(&h, 2_000_000, 900_000).unwrap(), 100_000);
        let e = assess_claim(&h, 100, 1_000_000).unwrap_err();
        assert!(e.message.contains("年度赔付上限10000元"), "{}", e.message);
        assert!(check_payout(&h, 300_001, 0).is_err());
        assert!(check_payout(&h, 200_000, 900_000).unwrap_err().message.contains("超过上限"));
        assert!(check_payout(&h, 100_000, 900_000).is_ok());
    }

    proptest! {
        #[test]
        fn a_payout_never_breaks_a_cap(claimed in 1i64..100_000_000, paid in 0i64..1_000_000) {
            let h = plan(PlanKind::Hospital);
            if let Ok(p) = assess_claim(&h, claimed, paid) {
                prop_assert!(p <= h.per_claim_cap_fen && p + paid <= h.yearly_cap_fen && p <= claimed);
                prop_assert!(check_payout(&h, p, paid).is_ok());
            } else {
                prop_assert!(paid >= h.yearly_cap_fen);
            }
        }
    }
}
