//! The year-end summary's wording (工作总结): how a figure is written in a
//! sentence, the default sections and their sentence templates when an org
//! has no plan for the year, and the line a plan's target gets.
//!
//! Pure: the figures come from the metric catalogue's computation (app);
//! only their wording lives here, so it is tested without records.

use super::extract::Comparator;
use super::metric::Metric;

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An amount in fen written as yuan with thousands separators and two
/// decimals: `4035000` → `40,350.00`. Integer arithmetic: no float ever
/// rounds a fen away.
pub fn yuan_from_fen(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", thousands(abs / 100), abs % 100)
}

/// An amount in yuan (as the metrics give it) written like
/// [`yuan_from_fen`], rounded to the fen.
pub fn yuan(value: f64) -> String {
    yuan_from_fen((value * 100.0).round() as i64)
}

/// `96.2`, `95`, `12.5`: at most one decimal, none when whole.
fn decimal(value: f64) -> String {
    let s = format!("{:.1}", value);
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

/// A figure's value as a sentence writes it, without its unit word except
/// for a rate: `96.2%`, `40,350.00` (元, 万元 kept as the unit says), `35`.
pub fn number(value: f64, unit: &str) -> String {
    match unit {
        "%" => format!("{}%", decimal(value)),
        "元" => yuan(value),
        "万元" => format!("{:.2}", value),
        _ if value.fract() == 0.0 && value.abs() < 1e15 => thousands(value.abs() as u64),
        _ => decimal(value),
    }
}

/// A figure's value with its unit: `96.2%`, `40,350.00元`, `35人`.
pub fn with_unit(value: f64, unit: &str) -> String {
    if unit == "%" { number(value, unit) } else { format!("{}{unit}", number(value, unit)) }
}

/// `value` in `from` expressed in `to`, when a plan writes its target in
/// another unit than the metric's (4万元 against an amount in 元); the
/// value unchanged otherwise.
pub fn in_unit(value: f64, from: &str, to: &str) -> f64 {
    match (from, to) {
        ("元", "万元") => value / 10_000.0,
        ("万元", "元") => value * 10_000.0,
        _ => value,
    }
}

/// `{}` in `text` replaced in order by `values` (a missing value leaves
/// `—`, so a sentence never claims a figure it does not have).
pub fn fill(text: &str, values: &[String]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut parts = text.split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (i, part) in parts.enumerate() {
        out.push_str(values.get(i).map_or("—", String::as_str));
        out.push_str(part);
    }
    out
}

/// One sentence of a default section: its text with a `{}` per metric.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    pub text: &'static str,
    pub metrics: &'static [Metric],
}

/// A default section of the summary and its sentences.
#[derive(Debug, Clone, Copy)]
pub struct Section {
    pub title: &'static str,
    pub templates: &'static [Template],
}

impl Template {
    /// Whether every figure of the sentence can be computed for a union
    /// (`false`) or a federation's subtree (`true`).
    pub fn applies_to(&self, federation: bool) -> bool {
        self.metrics.iter().all(|m| m.applies_to(federation))
    }
}

const fn t(text: &'static str, metrics: &'static [Metric]) -> Template {
    Template { text, metrics }
}

use Metric as M;

/// The sections a summary follows when the org has no plan for the year:
/// the areas a union's year-end summary reports, in the order the seeds
/// write them.
pub const DEFAULT_SECTIONS: &[Section] = &[
    Section {
        title: "组织建设",
        templates: &[
            t("年末在册会员{}人，入会率{}", &[M::Members, M::MembershipRate]),
            t("全年新发展会员{}人", &[M::NewMembers]),
            t("建会率{}，全年新建基层工会{}家", &[M::UnionisationRate, M::NewUnions]),
        ],
    },
    Section {
        title: "民主管理",
        templates: &[
            t("职代会建制率{}，厂务公开覆盖率{}", &[M::CongressRate, M::DisclosureRate]),
            t(
                "收到职代会提案{}件，立案率{}，办结率{}，满意率{}",
                &[
                    M::Proposals,
                    M::ProposalFilingRate,
                    M::ProposalCompletionRate,
                    M::ProposalSatisfactionRate,
                ],
            ),
        ],
    },
    Section {
        title: "维权服务",
        templates: &[
            t("集体合同签订率{}，覆盖职工{}人", &[M::ContractRate, M::ContractWorkers]),
            t(
                "接受职工投诉{}件，按期答复率{}，满意率{}",
                &[M::PetitionsReceived, M::PetitionAnswerRate, M::PetitionSatisfactionRate],
            ),
            t("受理劳动争议调解案件{}起，成功调解率{}", &[M::MediationCases, M::MediationSuccessRate]),
        ],
    },
    Section {
        title: "困难帮扶和送温暖",
        templates: &[
            t("全年走访慰问困难职工{}名，发放慰问金{}元", &[M::CarePeopleReached, M::CareAmount]),
            t("建档困难职工家庭{}户，发放帮扶金{}元", &[M::HardshipFamilies, M::AidPaid]),
            t("完成走访{}次，逾期未走访{}次", &[M::VisitsDone, M::VisitsOverdue]),
            t("职工互助保障参保{}人，受理理赔{}件", &[M::MutualAidEnrolled, M::MutualAidClaims]),
        ],
    },
    Section {
        title: "文体活动",
        templates: &[
            t("举办文体活动{}次，活动参与面{}", &[M::ActivitiesHeld, M::ParticipationRate]),
            t("组织劳动和技能竞赛{}次，参赛{}人次", &[M::ContestsHeld, M::ContestEntrants]),
        ],
    },
    Section {
        title: "合理化建议和职工培训",
        templates: &[
            t(
                "征集合理化建议{}条，采纳{}条，创造效益{}元",
                &[M::SuggestionsSubmitted, M::SuggestionsAdopted, M::SuggestionValue],
            ),
            t(
                "举办培训{}期（其中工会干部培训{}期），培训{}人次、{}学时",
                &[M::TrainingCourses, M::CadreTrainingCourses, M::TrainingPersonTimes, M::TrainingHours],
            ),
            t("获得各类荣誉{}项", &[M::Honours]),
        ],
    },
    Section {
        title: "经费管理",
        templates: &[
            t("收缴会费{}元，上解经费{}元", &[M::DuesCollected, M::FundsRemitted]),
            t("预算执行率{}", &[M::BudgetExecutionRate]),
        ],
    },
];

/// The line a plan's target gets in the summary:
/// `目标：建会率达95%以上；完成96.2%，已达成`. `current` is the figure in
/// the target's unit (None: no figure, a manual target never typed).
pub fn target_line(
    sentence: &str,
    comparator: Comparator,
    value: f64,
    unit: &str,
    current: Option<f64>,
) -> String {
    let sentence = sentence.trim().trim_end_matches(['。', '；', ';', '，', ',']);
    match current {
        None => format!("目标：{sentence}；尚无完成数"),
        Some(c) => {
            let verdict = if comparator.holds(c, value) { "已达成" } else { "未达成" };
            format!("目标：{sentence}；完成{}，{verdict}", with_unit(c, unit))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_yuan_with_separators_and_two_decimals() {
        assert_eq!(yuan_from_fen(4_035_000), "40,350.00");
        assert_eq!(yuan_from_fen(5), "0.05");
        assert_eq!(yuan_from_fen(-123_456_789), "-1,234,567.89");
        assert_eq!(yuan_from_fen(100_000_000), "1,000,000.00");
        assert_eq!(yuan(40_350.0), "40,350.00");
        assert_eq!(yuan(0.1 + 0.2), "0.30");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
    }

    #[test]
    fn numbers_by_unit() {
        assert_eq!(number(96.2, "%"), "96.2%");
        assert_eq!(number(95.0, "%"), "95%");
        assert_eq!(number(35.0, "名"), "35");
        assert_eq!(number(12.5, "小时"), "12.5");
        assert_eq!(with_unit(40_350.0, "元"), "40,350.00元");
        assert_eq!(with_unit(96.25, "%"), "96.2%");
        assert_eq!(with_unit(2.0, "家"), "2家");
        assert_eq!(in_unit(40_350.0, "元", "万元"), 4.035);
        assert_eq!(in_unit(3.0, "家", "家"), 3.0);
    }

    #[test]
    fn templates_fill_in_order() {
        let s = fill("全年走访慰问困难职工{}名，发放慰问金{}元", &["35".into(), yuan_from_fen(4_035_000)]);
        assert_eq!(s, "全年走访慰问困难职工35名，发放慰问金40,350.00元");
        assert_eq!(fill("{}与{}", &["1".into()]), "1与—");
        for section in DEFAULT_SECTIONS {
            for t in section.templates {
                assert_eq!(t.text.matches("{}").count(), t.metrics.len(), "{}", t.text);
            }
        }
        let titles: Vec<_> = DEFAULT_SECTIONS.iter().map(|s| s.title).collect();
        assert_eq!(
            titles,
            [
                "组织建设",
                "民主管理",
                "维权服务",
                "困难帮扶和送温暖",
                "文体活动",
                "合理化建议和职工培训",
                "经费管理"
            ]
        );
        // The federation-only rates are left out of a union's summary.
        let union_org = &DEFAULT_SECTIONS[0].templates;
        assert!(
            union_org[0].applies_to(false)
                && !union_org[2].applies_to(false)
                && union_org[2].applies_to(true)
        );
    }

    #[test]
    fn a_target_line_says_whether_it_was_met() {
        let s = target_line("建会率达95%以上。", Comparator::AtLeast, 95.0, "%", Some(96.2));
        assert_eq!(s, "目标：建会率达95%以上；完成96.2%，已达成");
        let s = target_line("新增建会不少于2家", Comparator::AtLeast, 2.0, "家", Some(1.0));
        assert_eq!(s, "目标：新增建会不少于2家；完成1家，未达成");
        let s = target_line("投诉控制在5件以内", Comparator::AtMost, 5.0, "件", None);
        assert_eq!(s, "目标：投诉控制在5件以内；尚无完成数");
    }
}
