//! A member's own applications (hardship, mutual-aid claim, condolence,
//! transfer) and correction requests: kinds, states and their checks.
//!
//! Each application becomes the record its area keeps (a draft hardship
//! file, a mutual-aid claim, a transfer) when it is made; a condolence
//! report waits in the officers' work queue until it is approved (then the
//! care area records the life event, and the policy sets the condolence) or
//! rejected with a reason. Officers answer within [`QUEUE_WORKING_DAYS`]
//! working days.

use chrono::NaiveDate;

use crate::care::events::EventKind;
use crate::rights::mediation::WorkCalendar;
use crate::{DomainError, ErrorCode};

/// Working days officers have to handle what a member asked for.
pub const QUEUE_WORKING_DAYS: u32 = 5;

/// The day by which a request made on `submitted` should be handled:
/// [`QUEUE_WORKING_DAYS`] working days later (weekends do not count).
pub fn due_on(submitted: NaiveDate) -> NaiveDate {
    WorkCalendar::default().add_working_days(submitted, QUEUE_WORKING_DAYS)
}

/// Whether a request still open on `today` is past its due date.
pub fn overdue(due: NaiveDate, open: bool, today: NaiveDate) -> bool {
    open && today > due
}

/// What a member applies for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// 困难帮扶申请: becomes a draft hardship file.
    Hardship,
    /// 互助保障理赔: becomes a claim under the member's enrolment.
    Claim,
    /// 慰问申请: the member reports a life event; officers approve it.
    Condolence,
    /// 转会: becomes a transfer request to another union.
    Transfer,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Hardship, Kind::Claim, Kind::Condolence, Kind::Transfer];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Hardship => "hardship",
            Kind::Claim => "claim",
            Kind::Condolence => "condolence",
            Kind::Transfer => "transfer",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Hardship => "困难帮扶申请",
            Kind::Claim => "互助保障理赔",
            Kind::Condolence => "慰问申请",
            Kind::Transfer => "转会申请",
        }
    }

    /// Whether the application needs at least one document (发票、诊断证明).
    pub fn needs_documents(self) -> bool {
        self == Kind::Claim
    }

    /// Whether officers decide the application in the work queue (the
    /// others are decided where their record is kept).
    pub fn decided_in_queue(self) -> bool {
        self == Kind::Condolence
    }

    /// The kind as a refusal names the choices.
    pub fn refuse(s: &str) -> DomainError {
        let all: Vec<String> = Kind::ALL.iter().map(|k| format!("{}（{}）", k.as_str(), k.label())).collect();
        DomainError::field(
            ErrorCode::InvalidValue,
            "kind",
            format!("申请类型“{s}”不存在，可选：{}", all.join("、")),
        )
    }
}

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Received, not yet taken up.
    Submitted,
    /// Its record is being handled (a draft file, a filed claim, a
    /// transfer awaiting the releasing union).
    InProgress,
    Approved,
    Rejected,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 5] =
        [Status::Submitted, Status::InProgress, Status::Approved, Status::Rejected, Status::Withdrawn];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::InProgress => "in_progress",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Submitted => "已提交，待受理",
            Status::InProgress => "办理中",
            Status::Approved => "已通过",
            Status::Rejected => "未通过",
            Status::Withdrawn => "已撤回",
        }
    }

    pub fn is_open(self) -> bool {
        matches!(self, Status::Submitted | Status::InProgress)
    }

    /// Progress in steps of the member's progress bar (1 to 3).
    pub fn step(self) -> u8 {
        match self {
            Status::Submitted => 1,
            Status::InProgress => 2,
            _ => 3,
        }
    }
}

/// An application's status as its record's status says: a hardship file
/// (draft | approved | rejected | closed), a claim (filed | approved |
/// rejected | paid), a transfer (requested | confirmed | declined).
pub fn status_of_target(kind: Kind, target_status: &str) -> Status {
    match (kind, target_status) {
        (Kind::Hardship, "approved") | (Kind::Hardship, "closed") => Status::Approved,
        (Kind::Claim, "approved") | (Kind::Claim, "paid") => Status::Approved,
        (Kind::Transfer, "confirmed") => Status::Approved,
        (Kind::Hardship, "rejected") | (Kind::Claim, "rejected") | (Kind::Transfer, "declined") => {
            Status::Rejected
        }
        _ => Status::InProgress,
    }
}

/// The record's status in Chinese, for the member's progress display.
pub fn target_status_label(kind: Kind, target_status: &str) -> &'static str {
    match (kind, target_status) {
        (Kind::Hardship, "draft") => "困难职工档案待审批",
        (Kind::Hardship, "approved") => "已建档",
        (Kind::Hardship, "rejected") => "档案被退回",
        (Kind::Hardship, "closed") => "档案已关闭",
        (Kind::Claim, "filed") => "理赔待核定",
        (Kind::Claim, "approved") => "已核定，待赔付",
        (Kind::Claim, "rejected") => "不予赔付",
        (Kind::Claim, "paid") => "已赔付",
        (Kind::Transfer, "requested") => "待转出工会审批",
        (Kind::Transfer, "confirmed") => "已转入",
        (Kind::Transfer, "declined") => "转出工会不同意",
        (Kind::Condolence, "due") => "慰问金待发放",
        (Kind::Condolence, "paid") => "慰问金已发放",
        (Kind::Condolence, "none") => "按规定无慰问金",
        _ => "",
    }
}

/// The life events a member may report for a condolence: those the
/// union's spending rules pay a condolence for (a family crisis is met with
/// hardship assistance instead: apply for that).
pub const CONDOLENCE_EVENTS: [EventKind; 5] = [
    EventKind::Hospital,
    EventKind::Marriage,
    EventKind::Childbirth,
    EventKind::Bereavement,
    EventKind::Retirement,
];

/// The life event of a condolence report.
pub fn condolence_event(s: &str) -> Result<EventKind, DomainError> {
    EventKind::parse(s).filter(|k| CONDOLENCE_EVENTS.contains(k)).ok_or_else(|| {
        let all: Vec<String> =
            CONDOLENCE_EVENTS.iter().map(|k| format!("{}（{}）", k.as_str(), k.label())).collect();
        DomainError::field(
            ErrorCode::InvalidValue,
            "event",
            format!("事件“{}”不能申请慰问，可选：{}", s.trim(), all.join("、")),
        )
    })
}

/// The documents an application comes with: refused without one when the
/// kind needs them.
pub fn check_documents(kind: Kind, count: usize) -> Result<(), DomainError> {
    if kind.needs_documents() && count == 0 {
        return Err(DomainError::field(
            ErrorCode::Required,
            "documents",
            "理赔申请须附上至少一份材料（如医疗费用发票、诊断证明、出院小结），图片或PDF",
        ));
    }
    Ok(())
}

/// The fields of the member's record a member may ask to correct. The ID
/// number is not among them: a wrong one is another person's record, which
/// the officer handles in person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Gender,
    Ethnicity,
    BirthDate,
    Mobile,
    Education,
    Political,
    Employment,
    Post,
    JoinDate,
    Other,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Field::Name,
        Field::Gender,
        Field::Ethnicity,
        Field::BirthDate,
        Field::Mobile,
        Field::Education,
        Field::Political,
        Field::Employment,
        Field::Post,
        Field::JoinDate,
        Field::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Gender => "gender",
            Field::Ethnicity => "ethnicity",
            Field::BirthDate => "birth_date",
            Field::Mobile => "mobile",
            Field::Education => "education",
            Field::Political => "political",
            Field::Employment => "employment",
            Field::Post => "post",
            Field::JoinDate => "join_date",
            Field::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "姓名",
            Field::Gender => "性别",
            Field::Ethnicity => "民族",
            Field::BirthDate => "出生日期",
            Field::Mobile => "手机号码",
            Field::Education => "学历",
            Field::Political => "政治面貌",
            Field::Employment => "用工形式",
            Field::Post => "岗位",
            Field::JoinDate => "入会时间",
            Field::Other => "其他",
        }
    }

    pub fn refuse(s: &str) -> DomainError {
        let all: Vec<String> =
            Field::ALL.iter().map(|k| format!("{}（{}）", k.as_str(), k.label())).collect();
        DomainError::field(
            ErrorCode::InvalidValue,
            "field",
            format!("“{}”不是可申请更正的项目，可选：{}", s.trim(), all.join("、")),
        )
    }
}

/// Where a correction request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CorrectionStatus {
    Open,
    Done,
    Rejected,
}

impl CorrectionStatus {
    pub const ALL: [CorrectionStatus; 3] =
        [CorrectionStatus::Open, CorrectionStatus::Done, CorrectionStatus::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            CorrectionStatus::Open => "open",
            CorrectionStatus::Done => "done",
            CorrectionStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<CorrectionStatus> {
        CorrectionStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            CorrectionStatus::Open => "待处理",
            CorrectionStatus::Done => "已更正",
            CorrectionStatus::Rejected => "未更正",
        }
    }
}

/// A decision on a queue item: approve or reject (the reason required for
/// a rejection), or a correction done or rejected (a note required either
/// way: what was changed, or why not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
    Done,
}

impl Decision {
    pub fn parse_application(s: &str) -> Result<Decision, DomainError> {
        match s.trim() {
            "approve" => Ok(Decision::Approve),
            "reject" => Ok(Decision::Reject),
            _ => Err(DomainError::field(
                ErrorCode::InvalidValue,
                "decision",
                "办理结果只能是 approve（同意）或 reject（不同意）",
            )),
        }
    }

    pub fn parse_correction(s: &str) -> Result<Decision, DomainError> {
        match s.trim() {
            "done" => Ok(Decision::Done),
            "reject" => Ok(Decision::Reject),
            _ => Err(DomainError::field(
                ErrorCode::InvalidValue,
                "decision",
                "办理结果只能是 done（已更正）或 reject（不予更正）",
            )),
        }
    }
}

/// Whether a membership in this status may still ask for corrections or
/// make applications: a closed one (withdrawn, expelled, transferred out,
/// deceased, declined, merged) may not.
pub fn membership_open(status: &str) -> bool {
    matches!(status, "active" | "retained" | "applying")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn kinds_states_and_fields_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
            assert!(!k.label().is_empty());
        }
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for f in Field::ALL {
            assert_eq!(Field::parse(f.as_str()), Some(f));
        }
        for c in CorrectionStatus::ALL {
            assert_eq!(CorrectionStatus::parse(c.as_str()), Some(c));
        }
        assert_eq!(Kind::parse("join"), None);
        assert_eq!(Field::parse("id_number"), None);
        let e = Field::refuse("id_number");
        assert_eq!(e.field.as_deref(), Some("field"));
        assert_eq!(Kind::refuse("x").field.as_deref(), Some("kind"));
    }

    #[test]
    fn a_claim_needs_a_document() {
        let e = check_documents(Kind::Claim, 0).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Required, Some("documents")));
        assert!(check_documents(Kind::Claim, 1).is_ok());
        assert!(check_documents(Kind::Hardship, 0).is_ok());
        assert!(check_documents(Kind::Condolence, 0).is_ok());
    }

    #[test]
    fn condolence_events_are_those_the_policy_pays() {
        assert_eq!(condolence_event("hospital").unwrap(), EventKind::Hospital);
        assert_eq!(condolence_event("结婚").unwrap(), EventKind::Marriage);
        assert_eq!(condolence_event("childbirth").unwrap(), EventKind::Childbirth);
        let e = condolence_event("crisis").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("event"));
        assert!(condolence_event("divorce").is_err());
    }

    #[test]
    fn progress_follows_the_record() {
        assert_eq!(status_of_target(Kind::Hardship, "draft"), Status::InProgress);
        assert_eq!(status_of_target(Kind::Hardship, "approved"), Status::Approved);
        assert_eq!(status_of_target(Kind::Hardship, "rejected"), Status::Rejected);
        assert_eq!(status_of_target(Kind::Claim, "filed"), Status::InProgress);
        assert_eq!(status_of_target(Kind::Claim, "paid"), Status::Approved);
        assert_eq!(status_of_target(Kind::Transfer, "requested"), Status::InProgress);
        assert_eq!(status_of_target(Kind::Transfer, "declined"), Status::Rejected);
        assert_eq!(target_status_label(Kind::Claim, "filed"), "理赔待核定");
        assert!(Status::Submitted.is_open() && !Status::Approved.is_open());
    }

    #[test]
    fn the_queue_deadline_skips_weekends() {
        // Friday 2026-12-11 + 5 working days = Friday 2026-12-18.
        assert_eq!(due_on(d(2026, 12, 11)), d(2026, 12, 18));
        // Saturday: counted from the Monday after.
        assert_eq!(due_on(d(2026, 12, 12)), d(2026, 12, 18));
        // Monday + 5 = next Monday.
        assert_eq!(due_on(d(2026, 12, 14)), d(2026, 12, 21));
        assert!(overdue(d(2026, 12, 18), true, d(2026, 12, 19)));
        assert!(!overdue(d(2026, 12, 18), true, d(2026, 12, 18)));
        assert!(!overdue(d(2026, 12, 18), false, d(2027, 1, 1)));
    }

    #[test]
    fn decisions_parse() {
        assert_eq!(Decision::parse_application("approve").unwrap(), Decision::Approve);
        assert_eq!(Decision::parse_correction("done").unwrap(), Decision::Done);
        assert_eq!(Decision::parse_application("done").unwrap_err().field.as_deref(), Some("decision"));
        assert!(membership_open("active") && membership_open("retained"));
        assert!(!membership_open("withdrawn") && !membership_open("transferred_out"));
    }

    proptest! {
        #[test]
        fn the_deadline_is_a_weekday_five_to_nine_days_on(days in 0i64..4000) {
            use chrono::{Datelike, Weekday};
            let start = d(2020, 1, 1) + chrono::Duration::days(days);
            let due = due_on(start);
            let gap = (due - start).num_days();
            prop_assert!((5..=9).contains(&gap), "{start} -> {due}");
            prop_assert!(!matches!(due.weekday(), Weekday::Sat | Weekday::Sun));
        }
    }
}
