//! Labour-dispute mediation (劳动争议调解, DOMAIN.md §10): a case with its
//! applicants and claims, acceptance within three working days, the
//! fifteen-day clock, and the outcome: an agreement (调解协议), a
//! withdrawal, or referral to arbitration. 成功调解率 over closed cases.
//!
//! Sources of the figures (defaults of [`MediationSettings`]):
//! - 劳动争议调解仲裁法 §14: no agreement within 15 days of the committee
//!   receiving the application → the parties may apply for arbitration.
//! - 企业劳动争议协商调解规定 (人社部令第17号): accept within 3 working days
//!   of the application; mediation ends within 15 days of acceptance,
//!   extendable by agreement of both parties by at most 15 days.
//! - 劳动争议调解仲裁法 §7: ten or more workers with a common claim act
//!   through elected representatives; 3 to 5 of them, as the arbitration
//!   rules (劳动人事争议仲裁办案规则) ask of such collective disputes.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::{is_past, keep, not_before, period_end, positive_days};
use crate::finance::money::{MAX_FEN, check_fen};
use crate::ratio::Ratio;
use crate::{DomainError, ErrorCode, text};

// ---------------------------------------------------------------------------
// Working days

/// Which days are working days (工作日). Monday to Friday unless listed
/// otherwise: `holidays` are weekdays off (法定节假日), `workdays` are
/// weekend days worked instead (调休上班). gonghui has no official calendar of
/// days off (the festival table in `finance::holidays` gives festival
/// dates, not the State Council's yearly arrangement), so the caller passes
/// whatever the deployment keeps; empty sets mean plain Monday to Friday.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkCalendar {
    #[serde(default)]
    pub holidays: BTreeSet<NaiveDate>,
    #[serde(default)]
    pub workdays: BTreeSet<NaiveDate>,
}

impl WorkCalendar {
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.workdays.contains(&d) {
            return true;
        }
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&d)
    }

    /// The `n`-th working day after `start` (`start` itself not counted);
    /// `start` when `n` is 0.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            match d.succ_opt() {
                Some(next) => d = next,
                None => return NaiveDate::MAX,
            }
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }
}

// ---------------------------------------------------------------------------
// Settings

/// From which day the parties' right to go to arbitration is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockStart {
    /// The day the committee received the application (劳动争议调解仲裁法
    /// §14): the statute, and the default.
    Application,
    /// The day it accepted the case.
    Acceptance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediationSettings {
    /// Working days from the application to the decision to accept or not.
    /// Default 3 (人社部令第17号).
    pub acceptance_working_days: u32,
    /// Days the committee has to mediate, from acceptance. Default 15
    /// (人社部令第17号; 劳动争议调解仲裁法 §14).
    pub mediation_days: u32,
    /// The longest extension both parties may agree to. Default 15.
    pub max_extension_days: u32,
    /// Days without agreement after which the parties may go to
    /// arbitration. Default 15 (劳动争议调解仲裁法 §14).
    pub referral_days: u32,
    /// What `referral_days` counts from. Default: the application, as the
    /// statute says; an acceptance clock would tell a worker to wait up to
    /// three working days longer than the law makes them.
    pub referral_clock: ClockStart,
    /// Applicants from which a common claim needs representatives.
    /// Default 10 (劳动争议调解仲裁法 §7).
    pub group_threshold: u32,
    /// Default 3.
    pub min_representatives: u32,
    /// Default 5.
    pub max_representatives: u32,
}

impl Default for MediationSettings {
    fn default() -> Self {
        MediationSettings {
            acceptance_working_days: 3,
            mediation_days: 15,
            max_extension_days: 15,
            referral_days: 15,
            referral_clock: ClockStart::Application,
            group_threshold: 10,
            min_representatives: 3,
            max_representatives: 5,
        }
    }
}

impl MediationSettings {
    pub fn check(&self) -> Result<(), DomainError> {
        positive_days("acceptance_working_days", "受理期限", self.acceptance_working_days)?;
        positive_days("mediation_days", "调解期限", self.mediation_days)?;
        positive_days("referral_days", "可申请仲裁的期限", self.referral_days)?;
        if self.min_representatives == 0 || self.min_representatives > self.max_representatives {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                "min_representatives",
                "代表人数的下限应至少为1，且不大于上限",
            ));
        }
        if self.group_threshold <= self.max_representatives {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                "group_threshold",
                "推举代表的人数起点应大于代表人数上限",
            ));
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// A new case

/// One worker applying.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    pub name: String,
    /// Elected representative (代表) of the applicants.
    #[serde(default)]
    pub representative: bool,
}

/// One claim (请求事项) as typed: what is asked and, for a sum of money,
/// how much in fen. Non-money claims (恢复劳动关系, 出具离职证明) carry none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimInput {
    pub item: String,
    pub amount_fen: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub item: String,
    pub amount_fen: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub applicants: Vec<Applicant>,
    /// 被申请人, usually the employer.
    pub respondent: String,
    /// All applicants bring the same claim (a collective dispute).
    pub common_claim: bool,
    pub claims: Vec<ClaimInput>,
    pub applied_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedCase {
    pub applicants: Vec<Applicant>,
    pub respondent: String,
    pub common_claim: bool,
    pub claims: Vec<Claim>,
    pub applied_on: NaiveDate,
    /// The sum of the money claims, in fen.
    pub claimed_fen: i64,
}

/// Ten or more applicants with a common claim act through 3 to 5 elected
/// representatives. Fewer applicants may name representatives or not.
pub fn check_representatives(
    applicants: usize,
    representatives: usize,
    common_claim: bool,
    s: &MediationSettings,
) -> Result<(), DomainError> {
    let (min, max) = (s.min_representatives as usize, s.max_representatives as usize);
    if common_claim && applicants >= s.group_threshold as usize && !(min..=max).contains(&representatives) {
        return Err(DomainError::field(
            ErrorCode::RepresentativesRequired,
            "representatives",
            format!(
                "申请人{applicants}人且有共同请求，应推举{min}至{max}名代表，现在推举了{representatives}名"
            ),
        ));
    }
    Ok(())
}

fn check_claim(i: usize, c: &ClaimInput) -> Result<Claim, DomainError> {
    let n = i + 1;
    let item = text::required_line("claims", &format!("第{n}项请求事项"), &c.item, 200)?;
    if let Some(fen) = c.amount_fen {
        if fen < 0 {
            return Err(DomainError::field(
                ErrorCode::InvalidMoney,
                "claims",
                format!("第{n}项请求金额不能为负数"),
            ));
        }
        check_fen("claims", &format!("第{n}项请求金额"), fen)?;
    }
    Ok(Claim { item, amount_fen: c.amount_fen })
}

/// Checks a new case, returning every fault at once.
pub fn validate_case(
    c: &NewCase,
    today: NaiveDate,
    s: &MediationSettings,
) -> Result<CheckedCase, Vec<DomainError>> {
    let mut errors = Vec::new();
    let mut applicants = Vec::with_capacity(c.applicants.len());
    if c.applicants.is_empty() {
        errors.push(DomainError::field(ErrorCode::Required, "applicants", "请填写申请人"));
    }
    for (i, a) in c.applicants.iter().enumerate() {
        let name = keep(
            &mut errors,
            text::required_line("applicants", &format!("第{}名申请人姓名", i + 1), &a.name, 40),
        );
        applicants.push(Applicant { name, representative: a.representative });
    }
    let representatives = c.applicants.iter().filter(|a| a.representative).count();
    keep(&mut errors, check_representatives(c.applicants.len(), representatives, c.common_claim, s));
    let respondent = keep(&mut errors, text::required_line("respondent", "被申请人", &c.respondent, 100));
    if c.claims.is_empty() {
        errors.push(DomainError::field(ErrorCode::Required, "claims", "请至少填写一项请求事项"));
    }
    let mut claims = Vec::with_capacity(c.claims.len());
    for (i, claim) in c.claims.iter().enumerate() {
        match check_claim(i, claim) {
            Ok(claim) => claims.push(claim),
            Err(e) => errors.push(e),
        }
    }
    // Each claim is at most MAX_FEN, so the sum of a few fits in i64; a
    // sum past the books' limit is refused like a single amount would be.
    let claimed: i128 = claims.iter().filter_map(|c| c.amount_fen).map(i128::from).sum();
    if claimed > i128::from(MAX_FEN) {
        errors.push(DomainError::field(ErrorCode::InvalidMoney, "claims", "请求金额合计超过1万亿元，请核对"));
    }
    if c.applied_on > today {
        errors.push(DomainError::field(
            ErrorCode::InvalidDate,
            "applied_on",
            format!("申请日期（{}）不能晚于今天", crate::time::fmt_date(c.applied_on)),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CheckedCase {
        applicants,
        respondent,
        common_claim: c.common_claim,
        claims,
        applied_on: c.applied_on,
        claimed_fen: claimed as i64,
    })
}

// ---------------------------------------------------------------------------
// Statuses and steps

/// How a mediated case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 达成调解协议.
    Agreement,
    /// 申请人撤回.
    Withdrawn,
    /// 调解不成，当事人申请仲裁.
    Arbitration,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Agreement, Outcome::Withdrawn, Outcome::Arbitration];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Agreement => "agreement",
            Outcome::Withdrawn => "withdrawn",
            Outcome::Arbitration => "arbitration",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Agreement => "达成调解协议",
            Outcome::Withdrawn => "撤回申请",
            Outcome::Arbitration => "调解不成，转仲裁",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|o| o.as_str() == s || o.label() == s)
    }
}

/// One column in the store: the outcome is part of the status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 待受理.
    Applied,
    /// 调解中.
    Accepted,
    /// 不予受理 (with a reason): the parties may go to arbitration directly.
    Refused,
    /// 调解成功.
    Agreed,
    /// 已撤回.
    Withdrawn,
    /// 已转仲裁.
    Referred,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Applied,
        Status::Accepted,
        Status::Refused,
        Status::Agreed,
        Status::Withdrawn,
        Status::Referred,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Applied => "applied",
            Status::Accepted => "accepted",
            Status::Refused => "refused",
            Status::Agreed => "agreed",
            Status::Withdrawn => "withdrawn",
            Status::Referred => "referred",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Applied => "待受理",
            Status::Accepted => "调解中",
            Status::Refused => "不予受理",
            Status::Agreed => "调解成功",
            Status::Withdrawn => "已撤回",
            Status::Referred => "已转仲裁",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|x| x.as_str() == s || x.label() == s)
    }

    /// The outcome of a closed case (结案); None while open or refused.
    pub fn outcome(self) -> Option<Outcome> {
        match self {
            Status::Agreed => Some(Outcome::Agreement),
            Status::Withdrawn => Some(Outcome::Withdrawn),
            Status::Referred => Some(Outcome::Arbitration),
            Status::Applied | Status::Accepted | Status::Refused => None,
        }
    }

    pub fn is_closed(self) -> bool {
        self.outcome().is_some()
    }
}

impl From<Outcome> for Status {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Agreement => Status::Agreed,
            Outcome::Withdrawn => Status::Withdrawn,
            Outcome::Arbitration => Status::Referred,
        }
    }
}

/// The committee's decision on an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Accept,
    /// Outside the committee's remit, or a party refuses mediation: the
    /// reason is written and sent to the applicant.
    Refuse {
        reason: String,
    },
}

/// The last day to decide on an application received on `applied_on`.
pub fn acceptance_due(applied_on: NaiveDate, cal: &WorkCalendar, s: &MediationSettings) -> NaiveDate {
    cal.add_working_days(applied_on, s.acceptance_working_days)
}

/// Whether an application is still undecided after its deadline on `at`.
pub fn acceptance_overdue(
    status: Status,
    applied_on: NaiveDate,
    at: NaiveDate,
    cal: &WorkCalendar,
    s: &MediationSettings,
) -> bool {
    status == Status::Applied && is_past(acceptance_due(applied_on, cal, s), at)
}

/// The result of a decision: the new status, and whether it came after the
/// deadline. A late decision is recorded with its true date and flagged
/// rather than refused: refusing it would only push the officer to write a
/// false date, and the delay is what the report must show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Decided {
    pub status: Status,
    pub late: bool,
}

pub fn decide(
    status: Status,
    applied_on: NaiveDate,
    decided_on: NaiveDate,
    decision: &Decision,
    cal: &WorkCalendar,
    s: &MediationSettings,
) -> Result<Decided, DomainError> {
    if status != Status::Applied {
        return Err(DomainError::field(
            ErrorCode::InvalidTransition,
            "status",
            format!("案件目前“{}”，已作出过受理决定", status.label()),
        ));
    }
    not_before("decided_on", "受理决定日期", decided_on, "申请日期", applied_on)?;
    let status = match decision {
        Decision::Accept => Status::Accepted,
        Decision::Refuse { reason } => {
            text::multiline("reason", "不予受理的理由", reason, 2_000)?.ok_or_else(|| {
                DomainError::field(ErrorCode::Required, "reason", "不予受理须写明理由，并书面告知申请人")
            })?;
            Status::Refused
        }
    };
    Ok(Decided { status, late: is_past(acceptance_due(applied_on, cal, s), decided_on) })
}

/// Closes an accepted case with its outcome on `closed_on`.
pub fn close(
    status: Status,
    outcome: Outcome,
    accepted_on: NaiveDate,
    closed_on: NaiveDate,
) -> Result<Status, DomainError> {
    match status {
        Status::Accepted => {
            not_before("closed_on", "结案日期", closed_on, "受理日期", accepted_on)?;
            Ok(outcome.into())
        }
        Status::Agreed | Status::Withdrawn | Status::Referred => Err(DomainError::field(
            ErrorCode::AlreadyClosed,
            "status",
            format!("案件已结案（{}），不能重复结案", status.label()),
        )),
        Status::Applied => {
            Err(DomainError::field(ErrorCode::InvalidTransition, "status", "案件尚未受理，受理后才能结案"))
        }
        Status::Refused => Err(DomainError::field(
            ErrorCode::InvalidTransition,
            "status",
            "案件已决定不予受理，没有调解，无需结案",
        )),
    }
}

// ---------------------------------------------------------------------------
// The fifteen-day clock

/// Checks an extension both parties agreed to.
pub fn check_extension(extension_days: u32, s: &MediationSettings) -> Result<(), DomainError> {
    if extension_days > s.max_extension_days {
        return Err(DomainError::field(
            ErrorCode::InvalidValue,
            "extension_days",
            format!("延长调解期限最长{}日，现在是{extension_days}日", s.max_extension_days),
        ));
    }
    Ok(())
}

/// The last day of mediation for a case accepted on `accepted_on`, with the
/// extension the parties agreed to (0 for none).
pub fn mediation_due(accepted_on: NaiveDate, extension_days: u32, s: &MediationSettings) -> NaiveDate {
    period_end(accepted_on, s.mediation_days.saturating_add(extension_days))
}

/// Days of mediation left on `at`: 0 on the last day, negative once past.
pub fn days_left(accepted_on: NaiveDate, extension_days: u32, at: NaiveDate, s: &MediationSettings) -> i64 {
    (mediation_due(accepted_on, extension_days, s) - at).num_days()
}

/// The first day the parties may apply for arbitration because mediation
/// has not produced an agreement in time; None when the clock's start has
/// not happened (not yet accepted, under an acceptance clock).
pub fn referable_from(
    applied_on: NaiveDate,
    accepted_on: Option<NaiveDate>,
    s: &MediationSettings,
) -> Option<NaiveDate> {
    let start = match s.referral_clock {
        ClockStart::Application => Some(applied_on),
        ClockStart::Acceptance => accepted_on,
    }?;
    period_end(start, s.referral_days).succ_opt()
}

/// Whether the parties may go to arbitration on `at` as far as mediation is
/// concerned: the case was refused or referred, or it is still open without
/// an agreement after the referral period. An agreement or a withdrawal
/// ends it here (a breached agreement goes to arbitration on its own
/// ground, 劳动争议调解仲裁法 §15, which is not this clock).
pub fn referable(
    status: Status,
    applied_on: NaiveDate,
    accepted_on: Option<NaiveDate>,
    at: NaiveDate,
    s: &MediationSettings,
) -> bool {
    match status {
        Status::Refused | Status::Referred => true,
        Status::Agreed | Status::Withdrawn => false,
        Status::Applied | Status::Accepted => {
            referable_from(applied_on, accepted_on, s).is_some_and(|d| at >= d)
        }
    }
}

// ---------------------------------------------------------------------------
// Extension, outcome, clock

/// Adds `more` days to the extension both parties agreed to while the case
/// is in mediation; the whole extension stays within the settings' limit.
pub fn extend(status: Status, already: u32, more: u32, s: &MediationSettings) -> Result<u32, DomainError> {
    match status {
        Status::Accepted => {}
        st if st.is_closed() => {
            return Err(DomainError::field(
                ErrorCode::AlreadyClosed,
                "status",
                format!("案件已结案（{}），不能延长调解期限", st.label()),
            ));
        }
        st => {
            return Err(DomainError::field(
                ErrorCode::InvalidTransition,
                "status",
                format!("案件目前“{}”，调解中才能延长期限", st.label()),
            ));
        }
    }
    if more == 0 {
        return Err(DomainError::field(ErrorCode::InvalidValue, "extension_days", "延长天数应至少为1天"));
    }
    let total = already.saturating_add(more);
    check_extension(total, s)?;
    Ok(total)
}

/// The text of an outcome: an agreement needs its terms (调解协议书的内容),
/// a withdrawal or a referral may carry a note. An agreed sum, if any, is
/// money.
pub fn check_outcome(
    outcome: Outcome,
    text_in: &str,
    agreed_fen: Option<i64>,
) -> Result<(Option<String>, Option<i64>), DomainError> {
    let t = text::multiline("outcome_text", "协议内容", text_in, 20_000)?;
    if outcome == Outcome::Agreement && t.is_none() {
        return Err(DomainError::field(
            ErrorCode::Required,
            "outcome_text",
            "达成调解协议的，请填写协议内容（双方权利义务、履行方式和期限）",
        ));
    }
    if let Some(fen) = agreed_fen {
        if fen < 0 {
            return Err(DomainError::field(ErrorCode::InvalidMoney, "agreed_fen", "协议金额不能为负数"));
        }
        check_fen("agreed_fen", "协议金额", fen)?;
    }
    let agreed = if outcome == Outcome::Agreement { agreed_fen } else { None };
    Ok((t, agreed))
}

/// Where a case stands on `at`: the deadlines and the flags the pages and
/// the API show, computed in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Clock {
    pub acceptance_due: NaiveDate,
    /// Undecided after the acceptance deadline.
    pub acceptance_overdue: bool,
    /// The decision came after its deadline.
    pub decided_late: bool,
    /// The last day of mediation (with the extension), once accepted.
    pub mediation_due: Option<NaiveDate>,
    /// Days of mediation left while in mediation (negative once past).
    pub days_left: Option<i64>,
    pub referable_from: Option<NaiveDate>,
    /// The parties may go to arbitration (the automatic flag).
    pub referable: bool,
}

/// The clock of a case. `decided_on` is the acceptance date or the date of
/// the refusal.
#[allow(clippy::too_many_arguments)]
pub fn clock(
    status: Status,
    applied_on: NaiveDate,
    accepted_on: Option<NaiveDate>,
    decided_on: Option<NaiveDate>,
    extension_days: u32,
    at: NaiveDate,
    cal: &WorkCalendar,
    s: &MediationSettings,
) -> Clock {
    let due = acceptance_due(applied_on, cal, s);
    let mediation_due = accepted_on.map(|a| mediation_due(a, extension_days, s));
    Clock {
        acceptance_due: due,
        acceptance_overdue: acceptance_overdue(status, applied_on, at, cal, s),
        decided_late: decided_on.is_some_and(|d| is_past(due, d)),
        mediation_due,
        days_left: accepted_on
            .filter(|_| status == Status::Accepted)
            .map(|a| days_left(a, extension_days, at, s)),
        referable_from: referable_from(applied_on, accepted_on, s),
        referable: referable(status, applied_on, accepted_on, at, s),
    }
}

/// Counts and the success rate per dispute type, in the order of
/// [`DisputeType::ALL`], types without cases left out.
pub fn stats_by_type(cases: &[(DisputeType, Status)]) -> Vec<(DisputeType, MediationStats)> {
    DisputeType::ALL
        .into_iter()
        .filter_map(|t| {
            let v: Vec<Status> = cases.iter().filter(|(ct, _)| *ct == t).map(|(_, s)| *s).collect();
            (!v.is_empty()).then(|| (t, stats(&v)))
        })
        .collect()
}

// ---------------------------------------------------------------------------
// 成功调解率

/// Counts of a set of cases and the success rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct MediationStats {
    /// Every application (the seeds' "接受职工投诉案件69起").
    pub total: u64,
    pub pending: u64,
    pub refused: u64,
    /// Accepted and not yet closed.
    pub open: u64,
    pub agreements: u64,
    pub withdrawn: u64,
    pub referred: u64,
    /// 成功调解率: agreements ÷ closed cases (agreement, withdrawal or
    /// referral). Refused and open cases are in neither part: a case never
    /// mediated, or not yet finished, has not succeeded or failed. A
    /// withdrawal counts as closed without success, since the dispute was
    /// not settled by the committee.
    pub success: Ratio,
}

pub fn stats(statuses: &[Status]) -> MediationStats {
    let mut m = MediationStats { total: statuses.len() as u64, ..Default::default() };
    for s in statuses {
        match s {
            Status::Applied => m.pending += 1,
            Status::Refused => m.refused += 1,
            Status::Accepted => m.open += 1,
            Status::Agreed => m.agreements += 1,
            Status::Withdrawn => m.withdrawn += 1,
            Status::Referred => m.referred += 1,
        }
    }
    m.success = Ratio::new(m.agreements, m.agreements + m.withdrawn + m.referred);
    m
}

#[path = "mediation_record.rs"]
mod record;
pub use record::*;

#[cfg(test)]
#[path = "mediation_tests.rs"]
mod tests;
