//! Activities and competitions (DOMAIN.md §9, issue 16): kinds and audiences,
//! the checks on a new activity, sign-up places and the waiting list,
//! sign-up approval, check-in, participation (参与面), contest scoring and
//! the cost plan.
//!
//! Pure: the store holds the rows and serialises concurrent sign-ups; these
//! functions decide what a sign-up, a cancellation or a check-in does, given
//! the rows as they are inside that transaction.

mod checkin;
mod contest;
mod cost;
mod participation;
mod signup;

pub use checkin::*;
pub use contest::*;
pub use cost::*;
pub use participation::*;
pub use signup::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::member::{Gender, MemberStatus};
use crate::{DomainError, ErrorCode};

/// The longest activity title, in characters.
pub const MAX_TITLE_CHARS: usize = 100;
/// The most places one activity may offer: far above any real event, low
/// enough that counts and sums never come near overflow.
pub const MAX_PLACES: i64 = 100_000;

/// A refusal whose code the API sends as is (`409 already_signed_up`): the
/// outcome of a sign-up, cancellation, check-in or score sheet that the
/// rules turn down. The rules return this narrow type (a caller can match on
/// what the activity rules may refuse); each is also an [`ErrorCode`] of the
/// same name, which `From<Refusal> for DomainError` maps it to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    AlreadySignedUp,
    SignupNotOpen,
    SignupClosed,
    NotInAudience,
    NotSignedUp,
    CancelDeadlinePassed,
    AlreadyCheckedIn,
    WrongCode,
    CheckinNotOpen,
    ActivityOver,
    NotAJudge,
    AlreadyScored,
    RoundClosed,
    /// Approving or turning down a sign-up that is not awaiting approval.
    NotPending,
}

impl Refusal {
    pub const ALL: [Refusal; 14] = [
        Refusal::AlreadySignedUp,
        Refusal::SignupNotOpen,
        Refusal::SignupClosed,
        Refusal::NotInAudience,
        Refusal::NotSignedUp,
        Refusal::CancelDeadlinePassed,
        Refusal::AlreadyCheckedIn,
        Refusal::WrongCode,
        Refusal::CheckinNotOpen,
        Refusal::ActivityOver,
        Refusal::NotAJudge,
        Refusal::AlreadyScored,
        Refusal::RoundClosed,
        Refusal::NotPending,
    ];

    /// The code as clients see it.
    pub fn as_str(self) -> &'static str {
        match self {
            Refusal::AlreadySignedUp => "already_signed_up",
            Refusal::SignupNotOpen => "signup_not_open",
            Refusal::SignupClosed => "signup_closed",
            Refusal::NotInAudience => "not_in_audience",
            Refusal::NotSignedUp => "not_signed_up",
            Refusal::CancelDeadlinePassed => "cancel_deadline_passed",
            Refusal::AlreadyCheckedIn => "already_checked_in",
            Refusal::WrongCode => "wrong_code",
            Refusal::CheckinNotOpen => "checkin_not_open",
            Refusal::ActivityOver => "activity_over",
            Refusal::NotAJudge => "not_a_judge",
            Refusal::AlreadyScored => "already_scored",
            Refusal::RoundClosed => "round_closed",
            Refusal::NotPending => "not_pending",
        }
    }

    /// The Chinese message shown to the person refused.
    pub fn message(self) -> &'static str {
        match self {
            Refusal::AlreadySignedUp => "您已报名本活动，每人只能报名一次",
            Refusal::SignupNotOpen => "报名尚未开始",
            Refusal::SignupClosed => "报名已截止",
            Refusal::NotInAudience => "您不在本活动的参加对象范围内",
            Refusal::NotSignedUp => "您没有报名本活动",
            Refusal::CancelDeadlinePassed => "已过取消报名的截止时间",
            Refusal::AlreadyCheckedIn => "您已签到，不能重复签到",
            Refusal::WrongCode => "签到码不属于本活动，请扫描本活动现场的二维码",
            Refusal::CheckinNotOpen => "签到尚未开始",
            Refusal::ActivityOver => "活动已结束，不能再签到",
            Refusal::NotAJudge => "您不是本轮比赛的评委",
            Refusal::AlreadyScored => "您已为该参赛者评过分，不能重复评分",
            Refusal::RoundClosed => "本轮评分已结束",
            Refusal::NotPending => "该报名不在待审核状态，不能审核（可能已审核过或已取消）",
        }
    }

    /// Whether the refusal is about who asks rather than about the state
    /// of the activity: the app answers 403 for these and 409 (conflict with
    /// what is recorded) for the rest, as the API contract's
    /// `409 already_signed_up` and `409 already_checked_in`.
    pub fn is_forbidden(self) -> bool {
        matches!(self, Refusal::NotInAudience | Refusal::NotAJudge)
    }

    /// The API field the refusal is about, for forms that show it there.
    pub fn field(self) -> Option<&'static str> {
        match self {
            Refusal::WrongCode => Some("code"),
            Refusal::AlreadySignedUp | Refusal::NotInAudience | Refusal::AlreadyCheckedIn => {
                Some("member_id")
            }
            Refusal::AlreadyScored => Some("entrant_id"),
            _ => None,
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message(), self.as_str())
    }
}

impl std::error::Error for Refusal {}

impl Refusal {
    /// The shared error code of the same name.
    pub fn code(self) -> ErrorCode {
        match self {
            Refusal::AlreadySignedUp => ErrorCode::AlreadySignedUp,
            Refusal::SignupNotOpen => ErrorCode::SignupNotOpen,
            Refusal::SignupClosed => ErrorCode::SignupClosed,
            Refusal::NotInAudience => ErrorCode::NotInAudience,
            Refusal::NotSignedUp => ErrorCode::NotSignedUp,
            Refusal::CancelDeadlinePassed => ErrorCode::CancelDeadlinePassed,
            Refusal::AlreadyCheckedIn => ErrorCode::AlreadyCheckedIn,
            Refusal::WrongCode => ErrorCode::WrongCode,
            Refusal::CheckinNotOpen => ErrorCode::CheckinNotOpen,
            Refusal::ActivityOver => ErrorCode::ActivityOver,
            Refusal::NotAJudge => ErrorCode::NotAJudge,
            Refusal::AlreadyScored => ErrorCode::AlreadyScored,
            Refusal::RoundClosed => ErrorCode::RoundClosed,
            Refusal::NotPending => ErrorCode::NotPending,
        }
    }
}

impl From<Refusal> for DomainError {
    fn from(r: Refusal) -> Self {
        match r.field() {
            Some(f) => DomainError::field(r.code(), f, r.message()),
            None => DomainError::new(r.code()),
        }
    }
}

// ---------------------------------------------------------------------------
// Kinds

/// What sort of activity it is. The serde names are the API contract's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// 体育活动.
    Sports,
    /// 文化活动.
    Culture,
    /// 春秋游.
    Outing,
    /// 疗休养.
    Rest,
    /// 志愿服务.
    Volunteer,
    /// 讲座.
    Lecture,
    /// 培训: a course (recognition::training) whose sign-up and check-in
    /// are this activity's; it is created with its course, not on its own.
    Training,
    Other,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 8] = [
        ActivityKind::Sports,
        ActivityKind::Culture,
        ActivityKind::Outing,
        ActivityKind::Rest,
        ActivityKind::Volunteer,
        ActivityKind::Lecture,
        ActivityKind::Training,
        ActivityKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::Sports => "sports",
            ActivityKind::Culture => "culture",
            ActivityKind::Outing => "outing",
            ActivityKind::Rest => "rest",
            ActivityKind::Volunteer => "volunteer",
            ActivityKind::Lecture => "lecture",
            ActivityKind::Training => "training",
            ActivityKind::Other => "other",
        }
    }

    /// Accepts the code or the label.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|k| k.as_str() == s || k.label() == s)
    }

    /// Whether the activity form offers this kind: a training activity is
    /// made with its course (the 培训 pages), so that every training
    /// activity has one and its hours are credited.
    pub fn published_alone(self) -> bool {
        self != ActivityKind::Training
    }

    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::Sports => "体育活动",
            ActivityKind::Culture => "文化活动",
            ActivityKind::Outing => "春秋游",
            ActivityKind::Rest => "疗休养",
            ActivityKind::Volunteer => "志愿服务",
            ActivityKind::Lecture => "讲座",
            ActivityKind::Training => "培训",
            ActivityKind::Other => "其他活动",
        }
    }
}

impl std::fmt::Display for ActivityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

// ---------------------------------------------------------------------------
// Audience

/// Who may sign up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scope", rename_all = "snake_case")]
pub enum AudienceScope {
    /// 全体会员.
    WholeUnion,
    /// The members of these 工会小组.
    Groups { group_ids: Vec<Uuid> },
    /// 女职工.
    Women,
    /// 退休会员.
    Retirees,
    /// 劳动模范 and other honoured workers.
    ModelWorkers,
}

impl AudienceScope {
    pub fn label(&self) -> &'static str {
        match self {
            AudienceScope::WholeUnion => "全体会员",
            AudienceScope::Groups { .. } => "指定工会小组",
            AudienceScope::Women => "女职工",
            AudienceScope::Retirees => "退休会员",
            AudienceScope::ModelWorkers => "劳动模范",
        }
    }
}

/// The audience of an activity: who, and whether family may come along.
/// Family members do not sign up themselves: a member's sign-up holds one
/// place, and the family flag is shown so the organiser plans for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    #[serde(flatten)]
    pub scope: AudienceScope,
    #[serde(default)]
    pub with_family: bool,
}

impl Audience {
    pub fn whole_union() -> Self {
        Audience { scope: AudienceScope::WholeUnion, with_family: false }
    }

    /// `全体会员（可带家属）`.
    pub fn label(&self) -> String {
        let family = if self.with_family { "（可带家属）" } else { "（仅限会员本人）" };
        format!("{}{family}", self.scope.label())
    }
}

/// What the audience rules need to know about one member (the caller reads
/// them from the roster and the honours register).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFacts {
    pub status: MemberStatus,
    pub group_id: Option<Uuid>,
    pub gender: Option<Gender>,
    /// Retired, whether or not the membership is retained (保留会籍).
    pub retired: bool,
    /// Holds an honour as 劳动模范 / 先进工作者 (any level).
    pub model_worker: bool,
}

/// Whether the member may sign up for an activity with this audience. Only
/// a held membership (在籍 or 保留会籍) counts: a member transferred out or
/// withdrawn is not in any audience.
pub fn in_audience(m: &MemberFacts, audience: &Audience) -> bool {
    if !matches!(m.status, MemberStatus::Active | MemberStatus::Retained) {
        return false;
    }
    match &audience.scope {
        AudienceScope::WholeUnion => true,
        AudienceScope::Groups { group_ids } => m.group_id.is_some_and(|g| group_ids.contains(&g)),
        AudienceScope::Women => m.gender == Some(Gender::Female),
        AudienceScope::Retirees => m.retired || m.status == MemberStatus::Retained,
        AudienceScope::ModelWorkers => m.model_worker,
    }
}

// ---------------------------------------------------------------------------
// A new activity

/// An activity as typed in the form or the API, before checks.
#[derive(Debug, Clone)]
pub struct NewActivity {
    pub title: String,
    pub kind: ActivityKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Signed so that `0` and `-5` reach the check rather than a parse error.
    pub places: i64,
    /// None: open from the moment it is created (`now`).
    pub signup_opens_at: Option<DateTime<Utc>>,
    pub signup_closes_at: DateTime<Utc>,
    /// Members may cancel until then; None: until sign-up closes.
    pub cancel_until: Option<DateTime<Utc>>,
    pub audience: Audience,
    pub needs_approval: bool,
}

/// The checked activity's times and places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRules {
    pub title: String,
    pub kind: ActivityKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub places: u32,
    pub signup_opens_at: DateTime<Utc>,
    pub signup_closes_at: DateTime<Utc>,
    pub cancel_until: DateTime<Utc>,
    pub audience: Audience,
    pub needs_approval: bool,
}

fn invalid(field: &str, message: impl Into<String>) -> DomainError {
    DomainError::field(ErrorCode::InvalidValue, field, message)
}

fn invalid_date(field: &str, message: impl Into<String>) -> DomainError {
    DomainError::field(ErrorCode::InvalidDate, field, message)
}

/// Checks a new activity and returns every fault at once (a form shows each
/// under its field), each naming its field in Chinese.
pub fn validate_activity(a: &NewActivity, now: DateTime<Utc>) -> Result<ActivityRules, Vec<DomainError>> {
    let mut errors = Vec::new();
    let title = match crate::text::required_line("title", "活动名称", &a.title, MAX_TITLE_CHARS) {
        Ok(t) => t,
        Err(e) => {
            errors.push(e);
            String::new()
        }
    };
    if a.places <= 0 {
        errors.push(invalid("places", format!("名额须大于0，现在是{}", a.places)));
    } else if a.places > MAX_PLACES {
        errors.push(invalid("places", format!("名额最多{MAX_PLACES}个，现在是{}", a.places)));
    }
    if a.ends_at <= a.starts_at {
        errors.push(invalid_date("ends_at", "活动结束时间须晚于开始时间"));
    }
    let opens = a.signup_opens_at.unwrap_or(now);
    if a.signup_closes_at <= opens {
        // Without an opening time the window opens now: say so, rather than
        // name a field the officer left empty.
        let message = if a.signup_opens_at.is_some() {
            "报名截止时间须晚于报名开始时间"
        } else {
            "报名截止时间须晚于现在"
        };
        errors.push(invalid_date("signup_closes_at", message));
    }
    // Signing up for something already over is meaningless; signing up
    // after it started is allowed (a walk-in with a place).
    if a.signup_closes_at > a.ends_at {
        errors.push(invalid_date("signup_closes_at", "报名截止时间不能晚于活动结束时间"));
    }
    let cancel_until = a.cancel_until.unwrap_or(a.signup_closes_at);
    if a.cancel_until.is_some() && cancel_until > a.starts_at {
        errors.push(invalid_date("cancel_until", "取消报名截止时间不能晚于活动开始时间"));
    }
    if let AudienceScope::Groups { group_ids } = &a.audience.scope
        && group_ids.is_empty()
    {
        errors.push(DomainError::field(
            ErrorCode::Required,
            "audience",
            "参加对象为工会小组时，须至少选择一个小组",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ActivityRules {
        title,
        kind: a.kind,
        starts_at: a.starts_at,
        ends_at: a.ends_at,
        places: u32::try_from(a.places).unwrap_or(u32::MAX),
        signup_opens_at: opens,
        signup_closes_at: a.signup_closes_at,
        cancel_until,
        audience: a.audience.clone(),
        needs_approval: a.needs_approval,
    })
}

#[cfg(test)]
mod approval_tests;
#[cfg(test)]
mod tests;
