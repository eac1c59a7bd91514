//! Suggestions (合理化建议, 金点子): categories, the workflow from
//! submission to reward, and the rates (adopted, implemented, value
//! created).
//!
//! 已提交 → 部门评估: 推荐实施, 需完善 (back to the submitter, who
//! resubmits) or 不予采纳 (final), the last two with a written reason →
//! 实施中 (a department and a deadline) → 已验收 (the value created per
//! year, ≥ 0) → 已奖励 (an amount the spending rules allow, paid as a
//! voucher). A duplicate is merged into another of the same union before
//! it is finished.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ratio::Ratio;
use crate::{DomainError, ErrorCode, text};

/// The longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 60;
/// The longest text (current state, proposal, benefit, reason), in characters.
pub const MAX_TEXT_CHARS: usize = 5_000;
/// The longest list of co-submitters' names.
pub const MAX_TEAM_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 技术革新 (with 发明创造).
    TechInnovation,
    /// 管理.
    Management,
    /// 安全.
    Safety,
    /// 节能降耗.
    EnergySaving,
    /// 职工生活.
    WorkerLife,
    /// 其他.
    Other,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::TechInnovation,
        Category::Management,
        Category::Safety,
        Category::EnergySaving,
        Category::WorkerLife,
        Category::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::TechInnovation => "tech_innovation",
            Category::Management => "management",
            Category::Safety => "safety",
            Category::EnergySaving => "energy_saving",
            Category::WorkerLife => "worker_life",
            Category::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::TechInnovation => "技术革新",
            Category::Management => "管理",
            Category::Safety => "安全",
            Category::EnergySaving => "节能降耗",
            Category::WorkerLife => "职工生活",
            Category::Other => "其他",
        }
    }

    /// Accepts the code or the label.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|c| c.as_str() == s || c.label() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 已提交: waiting for the assessment.
    Submitted,
    /// 需完善: back with the submitter, who resubmits.
    NeedsRevision,
    /// 不予采纳: final, with the written reason.
    Rejected,
    /// 推荐实施: adopted, not yet given to a department.
    Adopted,
    /// 实施中.
    Implementing,
    /// 已验收: with the value created.
    Accepted,
    /// 已奖励: final.
    Rewarded,
    /// 已合并: a duplicate of another suggestion; final.
    Merged,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Submitted,
        Status::NeedsRevision,
        Status::Rejected,
        Status::Adopted,
        Status::Implementing,
        Status::Accepted,
        Status::Rewarded,
        Status::Merged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::NeedsRevision => "needs_revision",
            Status::Rejected => "rejected",
            Status::Adopted => "adopted",
            Status::Implementing => "implementing",
            Status::Accepted => "accepted",
            Status::Rewarded => "rewarded",
            Status::Merged => "merged",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Submitted => "已提交",
            Status::NeedsRevision => "需完善",
            Status::Rejected => "不予采纳",
            Status::Adopted => "推荐实施",
            Status::Implementing => "实施中",
            Status::Accepted => "已验收",
            Status::Rewarded => "已奖励",
            Status::Merged => "已合并",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|x| x.as_str() == s || x.label() == s)
    }

    /// Nothing more happens to it.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Rejected | Status::Rewarded | Status::Merged)
    }

    /// Adopted (推荐实施) or any step after it: the base of the adoption rate.
    pub fn is_adopted(self) -> bool {
        matches!(self, Status::Adopted | Status::Implementing | Status::Accepted | Status::Rewarded)
    }

    /// Implemented: accepted (验收) or rewarded.
    pub fn is_implemented(self) -> bool {
        matches!(self, Status::Accepted | Status::Rewarded)
    }
}

/// The assessment's decision (部门评估).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// 推荐实施.
    Adopt,
    /// 需完善.
    Revise,
    /// 不予采纳.
    Reject,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Decision::Adopt, Decision::Revise, Decision::Reject];

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Adopt => "adopt",
            Decision::Revise => "revise",
            Decision::Reject => "reject",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Decision::Adopt => "推荐实施",
            Decision::Revise => "需完善",
            Decision::Reject => "不予采纳",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|x| x.as_str() == s || x.label() == s)
    }

    /// The status the decision leads to.
    pub fn status(self) -> Status {
        match self {
            Decision::Adopt => Status::Adopted,
            Decision::Revise => Status::NeedsRevision,
            Decision::Reject => Status::Rejected,
        }
    }
}

/// A step of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Assess(Decision),
    /// The submitter sends it again after 需完善.
    Resubmit,
    Implement,
    Accept,
    Reward,
    Merge,
    ToProposal,
}

impl Action {
    pub fn label(self) -> &'static str {
        match self {
            Action::Assess(_) => "评估",
            Action::Resubmit => "重新提交",
            Action::Implement => "安排实施",
            Action::Accept => "验收",
            Action::Reward => "奖励",
            Action::Merge => "合并",
            Action::ToProposal => "转为提案",
        }
    }
}

/// What may follow what: the status after `action` on a suggestion in
/// `from`, or a refusal (409) saying what the suggestion awaits.
/// `ToProposal` keeps the status (the link is recorded apart).
pub fn transition(from: Status, action: Action) -> Result<Status, DomainError> {
    use Status::*;
    let next = match (from, action) {
        (Submitted, Action::Assess(d)) => Some(d.status()),
        (NeedsRevision, Action::Resubmit) => Some(Submitted),
        (Adopted, Action::Implement) => Some(Implementing),
        // A small suggestion is often done at once: accepted straight from 推荐实施.
        (Adopted | Implementing, Action::Accept) => Some(Accepted),
        (Accepted, Action::Reward) => Some(Rewarded),
        (Submitted | NeedsRevision | Adopted, Action::Merge) => Some(Merged),
        (s, Action::ToProposal) if !s.is_final() => Some(s),
        _ => None,
    };
    next.ok_or_else(|| {
        let why = match action {
            Action::Reward => "只有已验收的建议才能奖励".to_owned(),
            Action::Accept => "只有推荐实施或实施中的建议才能验收".to_owned(),
            Action::Implement => "只有推荐实施的建议才能安排实施".to_owned(),
            Action::Assess(_) => "只有已提交（待评估）的建议才能评估".to_owned(),
            Action::Resubmit => "只有需完善的建议才能重新提交".to_owned(),
            Action::Merge => "已实施、已验收或已结束的建议不能合并".to_owned(),
            Action::ToProposal => "不予采纳、已奖励或已合并的建议不能转为提案".to_owned(),
        };
        DomainError::field(
            ErrorCode::InvalidTransition,
            "status",
            format!("该建议当前为“{}”，不能{}：{why}", from.label(), action.label()),
        )
    })
}

/// A suggestion as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewSuggestion {
    pub category: String,
    pub title: String,
    pub current_state: String,
    pub proposal: String,
    pub expected_benefit: String,
    pub team: String,
}

/// The checked suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub category: Category,
    pub title: String,
    pub current_state: String,
    pub proposal: String,
    pub expected_benefit: String,
    /// Co-submitters' names, 、-separated; empty for one submitter.
    pub team: String,
}

fn keep<T>(errors: &mut Vec<DomainError>, r: Result<T, DomainError>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

/// Checks a new (or resubmitted) suggestion, returning every fault at once.
pub fn validate_new(s: &NewSuggestion) -> Result<Checked, Vec<DomainError>> {
    let mut errors = Vec::new();
    let category = Category::parse(&s.category);
    if category.is_none() {
        let all: Vec<String> =
            Category::ALL.iter().map(|c| format!("{}（{}）", c.as_str(), c.label())).collect();
        errors.push(DomainError::field(
            if s.category.trim().is_empty() { ErrorCode::Required } else { ErrorCode::InvalidValue },
            "category",
            format!("请选择建议类别：{}", all.join("、")),
        ));
    }
    let title = keep(&mut errors, text::required_line("title", "建议题目", &s.title, MAX_TITLE_CHARS));
    let current =
        keep(&mut errors, text::multiline("current_state", "现状", &s.current_state, MAX_TEXT_CHARS));
    let proposal = keep(
        &mut errors,
        text::multiline("proposal", "建议内容", &s.proposal, MAX_TEXT_CHARS).and_then(|p| {
            p.ok_or_else(|| {
                DomainError::field(ErrorCode::Required, "proposal", "建议内容（具体措施）不能为空")
            })
        }),
    );
    let benefit = keep(
        &mut errors,
        text::multiline("expected_benefit", "预期效益", &s.expected_benefit, MAX_TEXT_CHARS),
    );
    let team = keep(&mut errors, text::line("team", "共同建议人", &s.team, MAX_TEAM_CHARS));
    match (category, title, current, proposal, benefit, team) {
        (Some(category), Some(title), Some(current), Some(proposal), Some(benefit), Some(team))
            if errors.is_empty() =>
        {
            Ok(Checked {
                category,
                title,
                current_state: current.unwrap_or_default(),
                proposal,
                expected_benefit: benefit.unwrap_or_default(),
                team: team.unwrap_or_default(),
            })
        }
        _ => Err(errors),
    }
}

/// The assessment: the decision, and the reason a revision or a rejection
/// must give the submitter (422 `reason` without one). Returns the status
/// it leads to and the trimmed reason.
pub fn check_assessment(decision: &str, reason: &str) -> Result<(Decision, Option<String>), DomainError> {
    let d = Decision::parse(decision).ok_or_else(|| {
        DomainError::field(
            ErrorCode::InvalidValue,
            "decision",
            "评估结论只能是 adopt（推荐实施）、revise（需完善）或 reject（不予采纳）",
        )
    })?;
    let reason = text::multiline("reason", "理由", reason, MAX_TEXT_CHARS)?;
    if d != Decision::Adopt && reason.is_none() {
        return Err(DomainError::field(
            ErrorCode::Required,
            "reason",
            format!("{}须写明理由，建议人会看到", d.label()),
        ));
    }
    Ok((d, reason))
}

/// The implementation: the department and, if given, a deadline not
/// before today.
pub fn check_implementation(
    implementer: &str,
    implement_by: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<String, DomainError> {
    let who = text::required_line("implementer", "实施部门", implementer, 60)?;
    if let Some(d) = implement_by
        && d < today
    {
        return Err(DomainError::field(
            ErrorCode::InvalidDate,
            "implement_by",
            format!("实施期限（{}）不能早于今天", crate::time::fmt_date(d)),
        ));
    }
    Ok(who)
}

/// The value created per year at acceptance, in fen: zero or more.
pub fn check_value(value_fen_per_year: i64) -> Result<i64, DomainError> {
    if value_fen_per_year < 0 {
        return Err(DomainError::field(
            ErrorCode::InvalidMoney,
            "value_fen_per_year",
            "创造价值（元/年）不能小于0；没有直接经济效益的填0",
        ));
    }
    if value_fen_per_year > crate::finance::money::MAX_FEN {
        return Err(DomainError::field(
            ErrorCode::InvalidMoney,
            "value_fen_per_year",
            "创造价值过大，请核对",
        ));
    }
    Ok(value_fen_per_year)
}

/// The reward amount, in fen: more than zero (the cap is the spending
/// rules').
pub fn check_reward(amount_fen: i64) -> Result<i64, DomainError> {
    if amount_fen <= 0 || amount_fen > crate::finance::money::MAX_FEN {
        return Err(DomainError::field(ErrorCode::InvalidMoney, "amount_fen", "奖励金额应大于0元"));
    }
    Ok(amount_fen)
}

/// A duplicate is merged into another suggestion, never itself.
pub fn check_merge(id: uuid::Uuid, into: uuid::Uuid, into_status: Status) -> Result<(), DomainError> {
    if id == into {
        return Err(DomainError::field(ErrorCode::InvalidValue, "into_id", "不能把建议合并到它自己"));
    }
    if matches!(into_status, Status::Merged | Status::Rejected) {
        return Err(DomainError::field(
            ErrorCode::InvalidValue,
            "into_id",
            format!("不能合并到“{}”的建议，请选择保留的那一条", into_status.label()),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Rates and the ranking

/// Counts of one year, as the store adds them up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Every suggestion of the year but the merged duplicates.
    pub submitted: u64,
    pub adopted: u64,
    pub implemented: u64,
    pub rewarded: u64,
    /// Value created per year, summed over the accepted ones, in fen.
    pub value_fen_per_year: i64,
    pub reward_fen: i64,
}

/// Adoption rate (采纳率): adopted ÷ submitted.
pub fn adoption_rate(c: &Counts) -> Ratio {
    Ratio::new(c.adopted, c.submitted)
}

/// Implementation rate (实施率): implemented ÷ adopted.
pub fn implementation_rate(c: &Counts) -> Ratio {
    Ratio::new(c.implemented, c.adopted)
}

/// One suggestion as the ranking reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked<T> {
    pub item: T,
    pub value_fen_per_year: i64,
    pub number: i64,
}

/// The yearly 金点子 ranking: the accepted suggestions by value created,
/// highest first; equal values in order of submission (the earlier idea
/// first). At most `top`.
pub fn ranking<T>(mut rows: Vec<Ranked<T>>, top: usize) -> Vec<Ranked<T>> {
    rows.retain(|r| r.value_fen_per_year > 0);
    rows.sort_by(|a, b| b.value_fen_per_year.cmp(&a.value_fen_per_year).then(a.number.cmp(&b.number)));
    rows.truncate(top);
    rows
}

#[cfg(test)]
#[path = "suggestion_tests.rs"]
mod tests;
