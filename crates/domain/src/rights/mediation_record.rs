//! The records of mediation (part of [`super`], in a file of its own to
//! keep each under the house limit): dispute types, the committee and its
//! rule, and the sessions with their minutes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Status;
use crate::rights::{keep, not_before};
use crate::{DomainError, ErrorCode, text};

/// The type of a dispute (争议类型), for the counts by type the yearly
/// statistics ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeType {
    /// 劳动报酬: wages, overtime pay, arrears.
    Pay,
    /// 社会保险.
    SocialInsurance,
    /// 劳动合同: conclusion, performance, termination, compensation.
    Contract,
    /// 工伤.
    WorkInjury,
    /// 休息休假.
    RestAndLeave,
    /// 其他.
    Other,
}

impl DisputeType {
    pub const ALL: [DisputeType; 6] = [
        DisputeType::Pay,
        DisputeType::SocialInsurance,
        DisputeType::Contract,
        DisputeType::WorkInjury,
        DisputeType::RestAndLeave,
        DisputeType::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DisputeType::Pay => "pay",
            DisputeType::SocialInsurance => "social_insurance",
            DisputeType::Contract => "contract",
            DisputeType::WorkInjury => "work_injury",
            DisputeType::RestAndLeave => "rest_and_leave",
            DisputeType::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DisputeType::Pay => "劳动报酬",
            DisputeType::SocialInsurance => "社会保险",
            DisputeType::Contract => "劳动合同",
            DisputeType::WorkInjury => "工伤",
            DisputeType::RestAndLeave => "休息休假",
            DisputeType::Other => "其他",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|x| x.as_str() == s || x.label() == s)
    }
}

/// The side a committee member sits for (劳动争议调解仲裁法 §10: the
/// committee is made of workers' and the employer's representatives).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// 职工代表: union members or elected by the staff.
    Worker,
    /// 企业代表: named by the employer's head.
    Employer,
}

impl Side {
    pub const ALL: [Side; 2] = [Side::Worker, Side::Employer];

    pub fn as_str(self) -> &'static str {
        match self {
            Side::Worker => "worker",
            Side::Employer => "employer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Side::Worker => "职工代表",
            Side::Employer => "企业代表",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|x| x.as_str() == s || x.label() == s)
    }
}

/// A seat of the committee as typed. `member` says whether the seat is
/// linked to a member of the union (the caller has checked the link is
/// one of its own members).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatInput {
    pub name: String,
    pub side: Side,
    pub chair: bool,
    pub member: bool,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seat {
    pub name: String,
    pub side: Side,
    pub chair: bool,
    pub title: String,
}

/// The most seats a committee has: a committee, not an assembly.
pub const MAX_SEATS: usize = 50;

/// Checks a committee as a whole (the union sets it at once, so it is
/// never seen half-formed): both sides present, and exactly one chair
/// (主任), sitting for the workers and linked to a member of the union —
/// the union chairs its employer's committee (劳动争议调解仲裁法 §10:
/// 主任由工会成员或者双方推举的人员担任; gonghui keeps the first reading, which
/// is the union's own committee). Every fault at once.
pub fn validate_committee(seats: &[SeatInput]) -> Result<Vec<Seat>, Vec<DomainError>> {
    let mut errors = Vec::new();
    if seats.len() > MAX_SEATS {
        errors.push(DomainError::field(
            ErrorCode::InvalidValue,
            "members",
            format!("调解委员会最多{MAX_SEATS}人，现在有{}人", seats.len()),
        ));
    }
    let mut out = Vec::with_capacity(seats.len());
    for (i, s) in seats.iter().enumerate() {
        let n = i + 1;
        let name =
            keep(&mut errors, text::required_line("members", &format!("第{n}名委员姓名"), &s.name, 40));
        let title = keep(&mut errors, text::line("members", &format!("第{n}名委员职务"), &s.title, 40))
            .unwrap_or_default();
        out.push(Seat { name, side: s.side, chair: s.chair, title });
    }
    for side in Side::ALL {
        if !seats.iter().any(|s| s.side == side) {
            errors.push(DomainError::field(
                ErrorCode::Required,
                "members",
                format!("调解委员会应由职工代表和企业代表组成，还没有{}", side.label()),
            ));
        }
    }
    let chairs: Vec<&SeatInput> = seats.iter().filter(|s| s.chair).collect();
    match chairs.as_slice() {
        [c] => {
            if c.side != Side::Worker {
                errors.push(DomainError::field(
                    ErrorCode::InvalidValue,
                    "chair",
                    format!("调解委员会主任应由工会一方担任，“{}”是企业代表", c.name.trim()),
                ));
            } else if !c.member {
                errors.push(DomainError::field(
                    ErrorCode::InvalidValue,
                    "chair",
                    format!("调解委员会主任“{}”须是本工会会员，请关联会员", c.name.trim()),
                ));
            }
        }
        [] => errors.push(DomainError::field(ErrorCode::Required, "chair", "请指定一名调解委员会主任")),
        more => errors.push(DomainError::field(
            ErrorCode::InvalidValue,
            "chair",
            format!("调解委员会只能有一名主任，现在指定了{}名", more.len()),
        )),
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// The kind of a session's minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    /// 调查笔录: hearing a party or a witness, checking facts.
    Investigation,
    /// 调解记录: a mediation meeting of both parties.
    Mediation,
}

impl SessionKind {
    pub const ALL: [SessionKind; 2] = [SessionKind::Investigation, SessionKind::Mediation];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Investigation => "investigation",
            SessionKind::Mediation => "mediation",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SessionKind::Investigation => "调查笔录",
            SessionKind::Mediation => "调解记录",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|x| x.as_str() == s || x.label() == s)
    }
}

/// A session as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub kind: SessionKind,
    pub held_on: NaiveDate,
    pub place: String,
    pub attendees: String,
    pub minutes: String,
}

/// Checks a session of a case: held once the case was accepted (minutes
/// of a closed case may still be typed in afterwards, dated within the
/// mediation), not in the future, with its minutes. Every fault at once.
pub fn validate_session(
    n: &NewSession,
    status: Status,
    accepted_on: Option<NaiveDate>,
    closed_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<NewSession, Vec<DomainError>> {
    let Some(accepted) = accepted_on.filter(|_| !matches!(status, Status::Applied | Status::Refused)) else {
        return Err(vec![DomainError::field(
            ErrorCode::InvalidTransition,
            "status",
            format!("案件目前“{}”，受理后才能记录调查和调解", status.label()),
        )]);
    };
    let mut errors = Vec::new();
    keep(&mut errors, not_before("held_on", "记录日期", n.held_on, "受理日期", accepted));
    if n.held_on > today {
        errors.push(DomainError::field(
            ErrorCode::InvalidDate,
            "held_on",
            format!("记录日期（{}）不能晚于今天", crate::time::fmt_date(n.held_on)),
        ));
    }
    if let Some(closed) = closed_on
        && n.held_on > closed
    {
        errors.push(DomainError::field(
            ErrorCode::InvalidDate,
            "held_on",
            format!(
                "记录日期（{}）不能晚于结案日期（{}）",
                crate::time::fmt_date(n.held_on),
                crate::time::fmt_date(closed)
            ),
        ));
    }
    let place = keep(&mut errors, text::line("place", "地点", &n.place, 100)).unwrap_or_default();
    let attendees = keep(&mut errors, text::required_line("attendees", "参加人员", &n.attendees, 500));
    let minutes =
        keep(&mut errors, text::multiline("minutes", "笔录内容", &n.minutes, 20_000)).unwrap_or_default();
    if minutes.is_empty() && !errors.iter().any(|e| e.field.as_deref() == Some("minutes")) {
        errors.push(DomainError::field(ErrorCode::Required, "minutes", "笔录内容不能为空"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(NewSession { kind: n.kind, held_on: n.held_on, place, attendees, minutes })
}
