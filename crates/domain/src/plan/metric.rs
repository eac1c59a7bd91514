//! The metric catalogue: every countable thing gonghui keeps, named, with
//! its Chinese label, unit, the level of the tree it applies to, and the
//! definition its page shows. This is the vocabulary plans bind targets
//! to; computing a metric from the records is the plan area's service.

use serde::{Deserialize, Serialize};

use crate::rights::employer::Ownership;

/// Where a metric can be computed: on one union's records, on a
/// federation's subtree, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Union,
    Federation,
    Both,
}

macro_rules! metrics {
    ($( $v:ident = $key:literal, $label:literal, $unit:literal, $level:ident, $def:literal; )*) => {
        /// A named metric (its key is the API's `metric`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Metric { $($v,)* }

        impl Metric {
            pub const ALL: &'static [Metric] = &[$(Metric::$v,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Metric::$v => $key,)* }
            }

            /// 中文名称
            pub fn label(self) -> &'static str {
                match self { $(Metric::$v => $label,)* }
            }

            /// The unit its value is in: %, 人, 家, 元 …
            pub fn unit(self) -> &'static str {
                match self { $(Metric::$v => $unit,)* }
            }

            pub fn level(self) -> Level {
                match self { $(Metric::$v => Level::$level,)* }
            }

            /// 口径：what is counted, over which records and period.
            pub fn definition(self) -> &'static str {
                match self { $(Metric::$v => $def,)* }
            }
        }
    };
}

metrics! {
    Members = "members", "会员数", "人", Both,
        "期末在册会员人数（状态为在会，不含已转出、退会、除名）。";
    MembershipRate = "membership_rate", "入会率", "%", Both,
        "期末在册会员数 ÷ 所覆盖单位的职工总数。";
    NewMembers = "new_members", "新入会会员", "人", Both,
        "入会日期在期间内的会员人数（含转入）。";
    UnionisationRate = "unionisation_rate", "建会率", "%", Federation,
        "已建工会的单位数 ÷ 登记的应建会单位数（职工25人以上的企业，可按所有制类型分列）。";
    NewUnions = "new_unions", "新建工会", "家", Federation,
        "成立日期在期间内的基层工会数。";
    ContractRate = "contract_rate", "集体合同签订率", "%", Both,
        "有有效集体合同的已建会单位数 ÷ 已建会单位数。";
    ContractWorkers = "contract_workers", "集体合同覆盖职工", "人", Both,
        "有效集体合同覆盖的职工人数之和。";
    CongressRate = "congress_rate", "职代会建制率", "%", Federation,
        "期间内召开过职工（代表）大会的已建会单位数 ÷ 已建会单位数（可按所有制类型分列）。";
    DisclosureRate = "disclosure_rate", "厂务公开覆盖率", "%", Federation,
        "期间内在公开栏发布过事项的已建会单位数 ÷ 已建会单位数（可按所有制类型分列）。";
    ActivitiesHeld = "activities_held", "举办活动", "次", Both,
        "期间内举办（未取消）的活动次数。";
    ParticipationRate = "participation_rate", "活动参与面", "%", Both,
        "期间内至少签到参加过一次活动的会员数 ÷ 期末在册会员数。";
    ContestsHeld = "contests_held", "劳动竞赛", "次", Both,
        "期间内举办的劳动和技能竞赛次数。";
    ContestEntrants = "contest_entrants", "竞赛参赛", "人次", Both,
        "期间内各项竞赛的参赛人次之和。";
    SuggestionsSubmitted = "suggestions_submitted", "合理化建议", "条", Both,
        "期间内提交的合理化建议条数（合并的重复建议不计）。";
    SuggestionsAdopted = "suggestions_adopted", "采纳建议", "条", Both,
        "期间内提交并被采纳（含实施、验收、奖励）的建议条数。";
    SuggestionValue = "suggestion_value", "建议创造效益", "元", Both,
        "期间内验收的建议每年创造效益之和。";
    Honours = "honours", "荣誉", "项", Both,
        "期间内批准或记载的荣誉项数（个人与集体）。";
    TrainingCourses = "training_courses", "培训期数", "期", Both,
        "期间内举办（未取消）的培训期数。";
    CadreTrainingCourses = "cadre_training_courses", "工会干部培训期数", "期", Both,
        "期间内举办的工会干部培训期数。";
    TrainingPersonTimes = "training_person_times", "培训人次", "人次", Both,
        "期间内记入学时的人次。";
    TrainingHours = "training_hours", "培训学时", "小时", Both,
        "期间内记入的学时之和。";
    HardshipFamilies = "hardship_families", "困难职工家庭", "户", Both,
        "期末建档（已批准、未关闭）的困难职工家庭户数。";
    AidPaid = "aid_paid", "帮扶金额", "元", Both,
        "期间内发放的困难帮扶金额之和。";
    CarePeopleReached = "care_people_reached", "送温暖慰问人数", "人", Both,
        "期间内送温暖、节日慰问和困难帮扶惠及的不重复人数。";
    CareAmount = "care_amount", "慰问金额", "元", Both,
        "期间内发放的各类慰问金之和（送温暖、节日、婚丧病育）。";
    CareCoverageRate = "care_coverage_rate", "慰问覆盖率", "%", Both,
        "期间内慰问人次 ÷ 期末在册会员数。";
    VisitsDone = "visits_done", "走访完成", "次", Both,
        "期间内完成的走访次数。";
    VisitsOverdue = "visits_overdue", "逾期未走访", "次", Both,
        "期末已过期限仍未完成的走访数。";
    MutualAidEnrolled = "mutual_aid_enrolled", "互助保障参保", "人", Both,
        "期末在保障期内的参保人数。";
    MutualAidClaims = "mutual_aid_claims", "互助保障理赔", "件", Both,
        "期间内提出的理赔件数。";
    PetitionsReceived = "petitions_received", "受理职工投诉", "件", Both,
        "期间内登记的来信来访和投诉件数。";
    PetitionAnswerRate = "petition_answer_rate", "按期答复率", "%", Both,
        "期间内受理的件中按期答复的件数 ÷ 应答复件数。";
    PetitionSatisfactionRate = "petition_satisfaction_rate", "投诉满意率", "%", Both,
        "评价为满意或基本满意的件数 ÷ 已评价件数。";
    MediationCases = "mediation_cases", "调解案件", "起", Both,
        "期间内受理的劳动争议调解案件数。";
    MediationSuccessRate = "mediation_success_rate", "成功调解率", "%", Both,
        "期间内以调解协议结案的件数 ÷ 结案件数。";
    Proposals = "proposals", "提案", "件", Both,
        "期间内提出的职代会提案件数。";
    ProposalFilingRate = "proposal_filing_rate", "提案立案率", "%", Both,
        "立案件数 ÷ 提出件数。";
    ProposalCompletionRate = "proposal_completion_rate", "提案办结率", "%", Both,
        "办结件数 ÷ 立案件数。";
    ProposalSatisfactionRate = "proposal_satisfaction_rate", "提案满意率", "%", Both,
        "提案人评价满意或基本满意的件数 ÷ 已评价件数。";
    DuesCollected = "dues_collected", "会费收缴", "元", Both,
        "期间内收缴的会费之和。";
    FundsRemitted = "funds_remitted", "经费上解", "元", Both,
        "期间内上解上级工会的经费之和。";
    BudgetExecutionRate = "budget_execution_rate", "预算执行率", "%", Union,
        "期间内支出决算数 ÷ 年度预算支出数。";
}

impl Metric {
    pub fn parse(s: &str) -> Option<Metric> {
        Metric::ALL.iter().copied().find(|m| m.as_str() == s)
    }

    /// Whether the value is a rate, which no target may set above 100%.
    pub fn is_rate(self) -> bool {
        self.unit() == "%"
    }

    /// Whether it can be computed for a union (`false`) or a federation
    /// subtree (`true`).
    pub fn applies_to(self, federation: bool) -> bool {
        match self.level() {
            Level::Both => true,
            Level::Union => !federation,
            Level::Federation => federation,
        }
    }
}

/// The employers a rate counts over, as a plan names them: one ownership
/// type of the employer register (港澳台, 外商, 事业单位, 机关, 社会组织 …),
/// or the 非公有制 grouping (every enterprise type but the state's; the
/// register's 内资 holds private enterprises and the state's alike, so the
/// grouping counts it whole — a register that tells them apart will do
/// better).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OwnershipScope {
    NonPublic,
    Of(Ownership),
}

impl OwnershipScope {
    pub fn as_str(self) -> &'static str {
        match self {
            OwnershipScope::NonPublic => "non_public",
            OwnershipScope::Of(o) => o.as_str(),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        if s == "non_public" || s == "非公有制企业" {
            return Some(OwnershipScope::NonPublic);
        }
        Ownership::parse(s).map(OwnershipScope::Of)
    }

    pub fn label(self) -> &'static str {
        match self {
            OwnershipScope::NonPublic => "非公有制企业",
            OwnershipScope::Of(o) => o.full_label(),
        }
    }

    /// Whether an employer of the register with this ownership is counted.
    pub fn includes(self, o: Ownership) -> bool {
        match self {
            OwnershipScope::NonPublic => {
                matches!(
                    o,
                    Ownership::Domestic
                        | Ownership::HkMacaoTaiwan
                        | Ownership::Foreign
                        | Ownership::Individual
                )
            }
            OwnershipScope::Of(x) => x == o,
        }
    }
}

impl Serialize for OwnershipScope {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for OwnershipScope {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        OwnershipScope::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("未知的单位类型：{s}")))
    }
}

/// The part of the tree a target counts over, as a plan sentence names it:
/// "非公有制企业…建制率" (ownership), "25人以上企业…建会率" (size).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ownership: Option<OwnershipScope>,
    /// Employers with at least this many staff.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_staff: Option<u32>,
}

impl Scope {
    pub fn is_empty(&self) -> bool {
        self.ownership.is_none() && self.min_staff.is_none()
    }

    /// 中文说明，如“非公有制企业，职工25人以上”
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        if let Some(o) = self.ownership {
            parts.push(o.label().to_owned());
        }
        if let Some(n) = self.min_staff {
            parts.push(format!("职工{n}人以上"));
        }
        parts.join("，")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_parse_back() {
        let mut seen = std::collections::BTreeSet::new();
        for m in Metric::ALL {
            assert!(seen.insert(m.as_str()), "{m:?}");
            assert_eq!(Metric::parse(m.as_str()), Some(*m));
            assert_eq!(serde_json::to_value(m).unwrap(), serde_json::json!(m.as_str()));
            assert!(!m.label().is_empty() && !m.definition().is_empty());
        }
        assert_eq!(Metric::parse("unionisation_rate"), Some(Metric::UnionisationRate));
        assert!(Metric::UnionisationRate.is_rate() && !Metric::NewUnions.is_rate());
        assert!(!Metric::UnionisationRate.applies_to(false) && Metric::UnionisationRate.applies_to(true));
    }

    #[test]
    fn scope_serialises_what_it_names() {
        let s = Scope { ownership: Some(OwnershipScope::NonPublic), min_staff: None };
        assert_eq!(serde_json::to_value(s).unwrap(), serde_json::json!({"ownership": "non_public"}));
        assert_eq!(s.label(), "非公有制企业");
        assert!(Scope::default().is_empty());
        let f = Scope { ownership: Some(OwnershipScope::Of(Ownership::Foreign)), min_staff: Some(25) };
        let v = serde_json::to_value(f).unwrap();
        assert_eq!(v, serde_json::json!({"ownership": "foreign", "min_staff": 25}));
        assert_eq!(serde_json::from_value::<Scope>(v).unwrap(), f);
        assert_eq!(f.label(), "外商投资企业，职工25人以上");
        assert!(OwnershipScope::NonPublic.includes(Ownership::Foreign));
        assert!(!OwnershipScope::NonPublic.includes(Ownership::Government));
    }
}
