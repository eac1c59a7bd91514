//! An activity's cost plan against the union's spending policy.
//!
//! The caps per person are the finance policy's (DOMAIN.md §6): an outing
//! is its item 春秋游活动, uniforms bought for an activity its item 工作服,
//! and the check is [`crate::finance::policy::check`] itself, so a cap is
//! written and enforced in one place. What the policy file does not hold —
//! that an outing stays within the province and within one day — comes in
//! as [`OutingRules`], data the caller takes from the union's settings.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{ActivityKind, ActivityRules};
use crate::finance::policy::{self, Form, Item, Policy, Verdict};
use crate::{DomainError, ErrorCode};

/// The plan as the organiser enters it, in fen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostPlan {
    pub per_head_fen: i64,
    pub total_fen: i64,
    /// Uniforms (文体服装) bought for the activity, per person, if any.
    #[serde(default)]
    pub uniform_per_head_fen: Option<i64>,
    /// The budget line (预算科目) it is paid from.
    #[serde(default)]
    pub budget_line: Option<String>,
}

/// A province's rules on outings beyond the per-person cap (Anhui:
/// within the province, same day). Data, not constants: another province,
/// or a union's own rules, may set neither.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutingRules {
    #[serde(default)]
    pub same_day: bool,
    #[serde(default)]
    pub within_province: bool,
}

impl OutingRules {
    /// The outing terms that come with a policy: the Anhui preset's
    /// (outings within the province and within one day, DOMAIN.md §6); the
    /// other presets and a union's own file say nothing about them.
    pub fn of_policy(p: &Policy) -> OutingRules {
        match p.key.as_str() {
            "anhui-2018" => OutingRules { same_day: true, within_province: true },
            _ => OutingRules::default(),
        }
    }
}

/// The budget line an activity is paid from unless the organiser picks
/// another: 文体活动费 under 职工活动支出.
pub const DEFAULT_BUDGET_LINE: &str = "510102";

/// Whether an account code lies under 职工活动支出 (5101), the first-level
/// account every activity cost is booked to.
pub fn is_activity_budget_line(code: &str) -> bool {
    code.len() > 4 && code.starts_with("5101") && code.bytes().all(|b| b.is_ascii_digit())
}

/// The plan's facts that the outing rules look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutingFacts {
    /// The destination lies in the union's province (the organiser says
    /// so when entering the destination).
    pub destination_in_province: bool,
}

/// The outcome: the verdicts of the finance engine for each capped item,
/// and the errors to show under the form's fields.
#[derive(Debug, Clone)]
pub struct CostReview {
    /// The per-person amount the caps were checked with: the larger of the
    /// plan's per head and the total spread over the places, so a total that
    /// hides a higher per-head cost is caught.
    pub effective_per_head_fen: i64,
    pub verdicts: Vec<(Item, Verdict)>,
    pub errors: Vec<DomainError>,
    /// Every refusal is one the policy lets an approver override with a
    /// recorded reason (the outing terms never are: the policy file does
    /// not say they may be).
    pub exception_possible: bool,
}

impl CostReview {
    pub fn allowed(&self) -> bool {
        self.errors.is_empty()
    }
}

/// The policy item an activity's main cost is, if the policy caps it.
pub fn policy_item(kind: ActivityKind) -> Option<Item> {
    match kind {
        ActivityKind::Outing => Some(Item::Outing),
        _ => None,
    }
}

fn ceil_div(a: i64, b: i64) -> i64 {
    if b <= 0 { a } else { (a + b - 1) / b }
}

/// Checks a cost plan before approval. `outing` is the province's outing
/// rules and the plan's facts, for an outing.
pub fn check_cost_plan(
    p: &Policy,
    activity: &ActivityRules,
    plan: &CostPlan,
    outing: Option<(OutingRules, OutingFacts)>,
) -> CostReview {
    let mut errors = Vec::new();
    let mut verdicts = Vec::new();
    let region = &p.region;
    for (field, fen) in [("cost_per_head", plan.per_head_fen), ("cost_total", plan.total_fen)] {
        if let Err(e) = crate::finance::money::check_fen(field, "费用", fen) {
            errors.push(e);
        } else if fen < 0 {
            errors.push(DomainError::field(ErrorCode::InvalidMoney, field, "费用不能为负数"));
        }
    }
    if !errors.is_empty() {
        return CostReview { effective_per_head_fen: 0, verdicts, errors, exception_possible: false };
    }
    let spread = ceil_div(plan.total_fen, i64::from(activity.places.max(1)));
    let per_head = plan.per_head_fen.max(spread);
    let date: NaiveDate = crate::time::today(activity.starts_at);
    let mut exception_possible = true;

    let mut cap = |item: Item, field: &str, fen: i64, errors: &mut Vec<DomainError>| {
        if fen <= 0 || !p.provides(item) {
            // Nothing spent, or the policy sets no cap on it: only the budget applies.
            return;
        }
        let form = Form::Goods;
        let req = policy::Request {
            item,
            amount_fen: fen,
            form,
            date,
            holiday: None,
            surgery: false,
            winners: None,
            entrants: None,
        };
        let v = policy::check(p, &req, &[]);
        if !v.allowed {
            exception_possible &= v.exception_possible(p);
            errors.push(DomainError::field(ErrorCode::PolicyRefused, field, v.rule.clone()));
        }
        verdicts.push((item, v));
    };
    if let Some(item) = policy_item(activity.kind) {
        let field = if spread > plan.per_head_fen { "cost_total" } else { "cost_per_head" };
        cap(item, field, per_head, &mut errors);
    }
    if let Some(u) = plan.uniform_per_head_fen {
        if u < 0 {
            errors.push(DomainError::field(ErrorCode::InvalidMoney, "uniform_per_head", "费用不能为负数"));
        } else {
            cap(Item::Uniform, "uniform_per_head", u, &mut errors);
        }
    }

    if activity.kind == ActivityKind::Outing
        && let Some((rules, facts)) = outing
    {
        let china = crate::time::china();
        let same_day = activity.starts_at.with_timezone(&china).date_naive()
            == activity.ends_at.with_timezone(&china).date_naive();
        if rules.same_day && !same_day {
            exception_possible = false;
            errors.push(DomainError::field(
                ErrorCode::PolicyRefused,
                "ends_at",
                format!("{region}：春秋游活动须当天往返，不得过夜"),
            ));
        }
        if rules.within_province && !facts.destination_in_province {
            exception_possible = false;
            errors.push(DomainError::field(
                ErrorCode::PolicyRefused,
                "destination",
                format!("{region}：春秋游活动须在省内进行"),
            ));
        }
    }
    let exception_possible = !errors.is_empty() && exception_possible;
    CostReview { effective_per_head_fen: per_head, verdicts, errors, exception_possible }
}

/// The actual cost per attendee, rounded half up to the fen; None when
/// nobody came (a cost with no attendee is shown as is, not divided).
pub fn actual_per_head_fen(paid_fen: i64, attendees: u64) -> Option<i64> {
    if attendees == 0 {
        return None;
    }
    let n = i128::from(attendees);
    let v = (i128::from(paid_fen) * 2 + n) / (2 * n);
    i64::try_from(v).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::tests::{at, rules};

    fn outing(places: u32) -> ActivityRules {
        ActivityRules { kind: ActivityKind::Outing, ..rules(places) }
    }

    fn plan(per_head_yuan: i64, total_yuan: i64) -> CostPlan {
        CostPlan {
            per_head_fen: per_head_yuan * 100,
            total_fen: total_yuan * 100,
            uniform_per_head_fen: None,
            budget_line: None,
        }
    }

    fn anhui() -> Policy {
        crate::finance::policy::preset("anhui-2018").unwrap()
    }

    const ANHUI_OUTING: OutingRules = OutingRules { same_day: true, within_province: true };
    const IN_PROVINCE: OutingFacts = OutingFacts { destination_in_province: true };

    fn fields(r: &CostReview) -> Vec<&str> {
        r.errors.iter().filter_map(|e| e.field.as_deref()).collect()
    }

    #[test]
    fn outing_within_cap_passes() {
        let r = check_cost_plan(&anhui(), &outing(50), &plan(200, 10_000), Some((ANHUI_OUTING, IN_PROVINCE)));
        assert!(r.allowed(), "{:?}", r.errors);
        assert_eq!(r.effective_per_head_fen, 20_000);
        assert_eq!(r.verdicts.len(), 1);
        assert!(r.verdicts[0].1.rule.contains("春秋游活动每人每次不超过200元"));
    }

    #[test]
    fn over_cap_names_the_rule_and_the_field() {
        let r = check_cost_plan(&anhui(), &outing(50), &plan(250, 12_500), None);
        assert_eq!(fields(&r), ["cost_per_head"]);
        assert!(r.errors[0].message.starts_with("安徽省："), "{}", r.errors[0].message);
        assert!(!r.exception_possible, "Anhui allows no exceptions");
        // A modest per head with a total that works out above the cap.
        let r = check_cost_plan(&anhui(), &outing(50), &plan(100, 11_000), None);
        assert_eq!(fields(&r), ["cost_total"]);
        assert_eq!(r.effective_per_head_fen, 22_000);
        let mut lenient = anhui();
        lenient.allow_exceptions = true;
        assert!(check_cost_plan(&lenient, &outing(50), &plan(250, 0), None).exception_possible);
    }

    #[test]
    fn outing_terms_are_data() {
        let overnight = ActivityRules { ends_at: at(60 + 24 * 60), ..outing(50) };
        let away = OutingFacts { destination_in_province: false };
        let r = check_cost_plan(&anhui(), &overnight, &plan(100, 0), Some((ANHUI_OUTING, away)));
        assert_eq!(fields(&r), ["ends_at", "destination"]);
        assert!(!r.exception_possible);
        // A province without these terms lets the same plan through.
        let r = check_cost_plan(&anhui(), &overnight, &plan(100, 0), Some((OutingRules::default(), away)));
        assert!(r.allowed());
    }

    #[test]
    fn other_kinds_have_no_per_head_cap_but_uniforms_do() {
        let r = check_cost_plan(&anhui(), &rules(50), &plan(1_000, 50_000), None);
        assert!(r.allowed() && r.verdicts.is_empty());
        let mut p = plan(50, 0);
        p.uniform_per_head_fen = Some(70_000);
        let r = check_cost_plan(&anhui(), &rules(50), &p, None);
        assert_eq!(fields(&r), ["uniform_per_head"]);
        assert!(r.errors[0].message.contains("600"));
    }

    #[test]
    fn bad_amounts_are_named() {
        let r = check_cost_plan(&anhui(), &outing(50), &plan(-1, -5), None);
        assert_eq!(fields(&r), ["cost_per_head", "cost_total"]);
    }

    #[test]
    fn outing_terms_come_with_the_anhui_preset_only() {
        assert_eq!(OutingRules::of_policy(&anhui()), ANHUI_OUTING);
        let fujian = crate::finance::policy::preset("fujian-2018").unwrap();
        assert_eq!(OutingRules::of_policy(&fujian), OutingRules::default());
    }

    #[test]
    fn budget_lines_lie_under_staff_activities() {
        assert!(is_activity_budget_line(DEFAULT_BUDGET_LINE));
        assert!(is_activity_budget_line("510105"));
        assert!(!is_activity_budget_line("5101"));
        assert!(!is_activity_budget_line("520101"));
        assert!(!is_activity_budget_line("5101x1"));
    }

    #[test]
    fn actual_cost_per_head() {
        assert_eq!(actual_per_head_fen(10_000, 3), Some(3_333));
        assert_eq!(actual_per_head_fen(20_000, 3), Some(6_667));
        assert_eq!(actual_per_head_fen(10_000, 0), None);
    }
}
