//! Petitions (来信来访) and the chair's mailbox (主席信箱), DOMAIN.md §10:
//! a work order (工单) is received, accepted and dispatched to handlers,
//! answered within a deadline, rated by the writer and closed; or not
//! accepted (不予受理) with a reason. The rates: answered on time, resolved
//! (办结率) and satisfaction (满意率).
//!
//! The rating scale and the one extra round after a 不满意 are those of
//! proposals (DOMAIN.md §8): a writer meets the same three words in both.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{is_past, keep, not_before, period_end, positive_days};
use crate::ratio::Ratio;
use crate::{DomainError, ErrorCode, text};

/// 满意 / 基本满意 / 不满意, shared with proposals.
pub use crate::proposal::Rating;

/// Rounds of answering: a 不满意 after the first answer sends the petition
/// back once; whatever the writer says after the second answer closes it,
/// so no petition circles for ever.
pub const MAX_ROUNDS: u8 = 2;

/// The longest subject line, in characters.
pub const MAX_SUBJECT_CHARS: usize = 60;
/// The longest letter, answer or reason, in characters.
pub const MAX_TEXT_CHARS: usize = 5_000;

// ---------------------------------------------------------------------------
// Channels and statuses

/// How the petition reached the union.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 主席信箱: the online mailbox in gonghui or on the union's notice board.
    Mailbox,
    /// 来信: a letter on paper.
    Letter,
    /// 来访: the worker came in person.
    Visit,
    /// 来电: a phone call (a hotline).
    Phone,
}

impl Channel {
    pub const ALL: [Channel; 4] = [Channel::Mailbox, Channel::Letter, Channel::Visit, Channel::Phone];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Mailbox => "mailbox",
            Channel::Letter => "letter",
            Channel::Visit => "visit",
            Channel::Phone => "phone",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Mailbox => "主席信箱",
            Channel::Letter => "来信",
            Channel::Visit => "来访",
            Channel::Phone => "来电",
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
    /// 待受理: registered, not yet accepted.
    Received,
    /// 已派发: accepted and given to handlers, one of them leading.
    Dispatched,
    /// 处理中: a handler is working on it (also the second round).
    InProgress,
    /// 已答复: answered; waiting for the writer's rating.
    Answered,
    /// 已办结: final.
    Closed,
    /// 不予受理: final, with the written reason.
    Rejected,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Received,
        Status::Dispatched,
        Status::InProgress,
        Status::Answered,
        Status::Closed,
        Status::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Dispatched => "dispatched",
            Status::InProgress => "in_progress",
            Status::Answered => "answered",
            Status::Closed => "closed",
            Status::Rejected => "rejected",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Received => "待受理",
            Status::Dispatched => "已派发",
            Status::InProgress => "处理中",
            Status::Answered => "已答复",
            Status::Closed => "已办结",
            Status::Rejected => "不予受理",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|x| x.as_str() == s || x.label() == s)
    }

    /// Nothing more happens to it.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Closed | Status::Rejected)
    }

    /// Accepted (受理): everything but the two states before and instead of
    /// acceptance. The base of 办结率.
    pub fn is_accepted(self) -> bool {
        !matches!(self, Status::Received | Status::Rejected)
    }
}

// ---------------------------------------------------------------------------
// Settings and deadlines

/// The deadlines a union commits to, in calendar days, counted from the day
/// after receipt (see the module `rights`).
///
/// DOMAIN.md §10 says only "answer within a deadline"; the defaults are
/// those of issue 17 and of the usual public commitment of a 主席信箱
/// ("3日内受理派发，15日内答复"). They are policy: a union may promise faster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PetitionSettings {
    /// From receipt to acceptance and dispatch (or a decision not to
    /// accept). Default 3.
    pub dispatch_days: u32,
    /// From receipt to the written answer. Default 15.
    pub answer_days: u32,
    /// From the writer's 不满意 to the second answer. Default 15, the same
    /// time the first answer had.
    pub second_round_days: u32,
}

impl Default for PetitionSettings {
    fn default() -> Self {
        PetitionSettings { dispatch_days: 3, answer_days: 15, second_round_days: 15 }
    }
}

impl PetitionSettings {
    pub fn check(&self) -> Result<(), DomainError> {
        positive_days("dispatch_days", "受理派发期限", self.dispatch_days)?;
        positive_days("answer_days", "答复期限", self.answer_days)?;
        positive_days("second_round_days", "再次办理期限", self.second_round_days)?;
        if self.dispatch_days > self.answer_days {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                "dispatch_days",
                format!("受理派发期限（{}天）不能长于答复期限（{}天）", self.dispatch_days, self.answer_days),
            ));
        }
        Ok(())
    }
}

/// When each stage is due, for one petition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    /// Accept and dispatch (or refuse) by this day.
    pub dispatch_by: NaiveDate,
    /// Answer by this day.
    pub answer_by: NaiveDate,
}

/// The deadlines of a petition received on `received_on`.
pub fn deadlines(received_on: NaiveDate, s: &PetitionSettings) -> Deadlines {
    Deadlines {
        dispatch_by: period_end(received_on, s.dispatch_days),
        answer_by: period_end(received_on, s.answer_days),
    }
}

/// When the second answer is due, the writer having said 不满意 on
/// `reopened_on`.
pub fn second_round_due(reopened_on: NaiveDate, s: &PetitionSettings) -> NaiveDate {
    period_end(reopened_on, s.second_round_days)
}

/// A due date an officer sets by hand (an urgent case, a longer one agreed
/// with the writer): never before the day the petition came in.
pub fn check_due_date(received_on: NaiveDate, due_date: NaiveDate) -> Result<(), DomainError> {
    not_before("due_date", "办理期限", due_date, "收件日期", received_on)
}

/// Which deadline has been missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Overdue {
    /// Still 待受理 after the dispatch deadline.
    Dispatch,
    /// Accepted, not answered after the answer deadline.
    Answer,
}

impl Overdue {
    pub fn label(self) -> &'static str {
        match self {
            Overdue::Dispatch => "超期未受理",
            Overdue::Answer => "超期未答复",
        }
    }
}

/// What is overdue on `at`, if anything. A petition past both deadlines
/// and still not accepted reports the answer: that is the promise broken
/// to the writer. In the second round `d.answer_by` is the second-round due
/// date.
pub fn overdue(status: Status, d: &Deadlines, at: NaiveDate) -> Option<Overdue> {
    let answer_pending = matches!(status, Status::Received | Status::Dispatched | Status::InProgress);
    if answer_pending && is_past(d.answer_by, at) {
        Some(Overdue::Answer)
    } else if status == Status::Received && is_past(d.dispatch_by, at) {
        Some(Overdue::Dispatch)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------
// A new petition

/// The writer as recorded. Anonymous petitions keep none of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Writer {
    pub name: String,
    /// Phone or address as the writer gave it (a landline is fine).
    pub contact: Option<String>,
    /// When the writer is a member of this union.
    pub member_id: Option<Uuid>,
    pub department: Option<String>,
}

/// A petition as typed in at the desk or sent through the mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPetition {
    pub channel: Channel,
    pub subject: String,
    pub content: String,
    pub received_on: NaiveDate,
    pub anonymous: bool,
    /// Ignored (and dropped) when anonymous.
    pub writer: Writer,
}

/// The checked petition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPetition {
    pub channel: Channel,
    pub subject: String,
    pub content: String,
    pub received_on: NaiveDate,
    /// None exactly when anonymous: the writer is never stored, so no
    /// query or export can leak it.
    pub writer: Option<Writer>,
}

/// Checks a new petition, returning every fault at once.
pub fn validate_new(p: &NewPetition, today: NaiveDate) -> Result<CheckedPetition, Vec<DomainError>> {
    let mut errors = Vec::new();
    let subject = keep(&mut errors, text::required_line("subject", "主题", &p.subject, MAX_SUBJECT_CHARS));
    let content = keep(
        &mut errors,
        text::multiline("content", "来信内容", &p.content, MAX_TEXT_CHARS).and_then(|c| {
            c.ok_or_else(|| DomainError::field(ErrorCode::Required, "content", "来信内容不能为空"))
        }),
    );
    if p.received_on > today {
        errors.push(DomainError::field(
            ErrorCode::InvalidDate,
            "received_on",
            format!("收件日期（{}）不能晚于今天", crate::time::fmt_date(p.received_on)),
        ));
    }
    let writer = if p.anonymous {
        None
    } else {
        let name = keep(&mut errors, text::required_line("writer_name", "来信人姓名", &p.writer.name, 40));
        let contact = keep(
            &mut errors,
            text::line("writer_contact", "联系方式", p.writer.contact.as_deref().unwrap_or(""), 100),
        );
        let department = keep(
            &mut errors,
            text::line("writer_department", "所在部门", p.writer.department.as_deref().unwrap_or(""), 60),
        );
        Some(Writer { name, contact, member_id: p.writer.member_id, department })
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CheckedPetition { channel: p.channel, subject, content, received_on: p.received_on, writer })
}

/// What an officer handling the petition may see of its writer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WriterView {
    /// 匿名: nothing at all — not the name, the contact, the department or
    /// the member id (a member id would name the writer to anyone who can
    /// open the roster).
    Anonymous,
    Known(Writer),
}

impl WriterView {
    pub fn label(&self) -> String {
        match self {
            WriterView::Anonymous => "匿名".to_owned(),
            WriterView::Known(w) => w.name.clone(),
        }
    }
}

/// Decides what an officer sees of the writer. A petition marked anonymous
/// shows nothing even if a writer was recorded by mistake: the flag wins.
pub fn writer_for_officer(anonymous: bool, writer: Option<&Writer>) -> WriterView {
    match writer {
        Some(w) if !anonymous => WriterView::Known(w.clone()),
        _ => WriterView::Anonymous,
    }
}

// ---------------------------------------------------------------------------
// The status machine

/// One person given the petition to handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handler {
    pub user_id: Uuid,
    /// 主办: answers for it. Exactly one handler leads; the others assist (协办).
    pub leading: bool,
}

/// Where a petition stands: its status and which round of answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub status: Status,
    /// 1, or 2 after a 不满意.
    pub round: u8,
}

impl State {
    /// A petition just received.
    pub const NEW: State = State { status: Status::Received, round: 1 };
}

/// What an officer or the writer does to a petition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Accept and dispatch (受理并派发), or re-dispatch before work starts.
    Dispatch { handlers: Vec<Handler> },
    /// 不予受理, with the written reason the writer will read.
    Reject { reason: String },
    /// The leading handler starts work.
    Start,
    /// The written answer (答复).
    Answer { text: String },
    /// The writer's rating of the answer.
    Rate(Rating),
    /// 办结 without a rating: the writer is anonymous or did not rate.
    Close,
}

impl Action {
    fn verb(&self) -> &'static str {
        match self {
            Action::Dispatch { .. } => "派发",
            Action::Reject { .. } => "不予受理",
            Action::Start => "开始办理",
            Action::Answer { .. } => "答复",
            Action::Rate(_) => "评价",
            Action::Close => "办结",
        }
    }
}

fn wrong_state(now: Status, action: &Action) -> DomainError {
    let field = match action {
        Action::Rate(_) => "rating",
        _ => "status",
    };
    let hint = match (now, action) {
        (Status::Received, Action::Start | Action::Answer { .. }) => "，请先受理并派发",
        (Status::Dispatched, Action::Answer { .. }) => "，请承办人先开始办理",
        (_, Action::Rate(_)) => "，答复后才能评价",
        _ => "",
    };
    DomainError::field(
        ErrorCode::InvalidTransition,
        field,
        format!("工单目前“{}”，不能{}{hint}", now.label(), action.verb()),
    )
}

/// Checks a dispatch list: at least one handler, nobody twice, exactly one
/// leading.
pub fn check_handlers(handlers: &[Handler]) -> Result<(), DomainError> {
    let fail = |m: &str| DomainError::field(ErrorCode::InvalidValue, "handlers", m.to_owned());
    if handlers.is_empty() {
        return Err(DomainError::field(ErrorCode::Required, "handlers", "请至少选择一名承办人"));
    }
    let mut seen = std::collections::HashSet::new();
    if !handlers.iter().all(|h| seen.insert(h.user_id)) {
        return Err(fail("同一承办人不能重复派发"));
    }
    match handlers.iter().filter(|h| h.leading).count() {
        1 => Ok(()),
        0 => Err(fail("请指定一名主办人")),
        n => Err(fail(&format!("只能有一名主办人，现在指定了{n}名"))),
    }
}

/// The next state after `action`, or why it is not allowed now.
pub fn transition(state: State, action: &Action) -> Result<State, DomainError> {
    use Status::*;
    let to = |status| Ok(State { status, round: state.round });
    match (state.status, action) {
        (Received | Dispatched, Action::Dispatch { handlers }) => {
            check_handlers(handlers)?;
            to(Dispatched)
        }
        (Received, Action::Reject { reason }) => {
            text::multiline("reason", "不予受理的理由", reason, MAX_TEXT_CHARS)?.ok_or_else(|| {
                DomainError::field(ErrorCode::Required, "reason", "不予受理须写明理由，来信人会看到")
            })?;
            to(Rejected)
        }
        (Dispatched, Action::Start) => to(InProgress),
        (InProgress, Action::Answer { text: t }) => {
            text::multiline("answer", "答复内容", t, MAX_TEXT_CHARS)?
                .ok_or_else(|| DomainError::field(ErrorCode::Required, "answer", "答复内容不能为空"))?;
            to(Answered)
        }
        (Answered, Action::Rate(Rating::Unsatisfied)) if state.round < MAX_ROUNDS => {
            Ok(State { status: InProgress, round: state.round + 1 })
        }
        (Answered, Action::Rate(_) | Action::Close) => to(Closed),
        (Closed | Rejected, Action::Close) => {
            Err(DomainError::field(ErrorCode::AlreadyClosed, "status", "该工单已办结，不能重复办结"))
        }
        (now, action) => Err(wrong_state(now, action)),
    }
}

// ---------------------------------------------------------------------------
// Turning into another record

/// What a petition may turn into, keeping its own history: the petition
/// stays, with a link to the new record, and is still answered and closed
/// as usual (the answer can say where the matter went).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TurnedInto {
    /// 提案 to the worker congress.
    Proposal,
    /// 劳动争议调解 case.
    MediationCase,
}

impl TurnedInto {
    pub const ALL: [TurnedInto; 2] = [TurnedInto::Proposal, TurnedInto::MediationCase];

    pub fn as_str(self) -> &'static str {
        match self {
            TurnedInto::Proposal => "proposal",
            TurnedInto::MediationCase => "mediation_case",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TurnedInto::Proposal => "提案",
            TurnedInto::MediationCase => "调解案件",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s.trim())
    }
}

/// Whether a petition in `status`, turned already into `turned` (if
/// anything), may turn into another record now. Once only: two records
/// for one letter would be handled twice. A petition not accepted (不予受理)
/// has been answered with its reason and goes nowhere.
pub fn check_turn(status: Status, turned: Option<TurnedInto>) -> Result<(), DomainError> {
    if let Some(t) = turned {
        return Err(DomainError::field(
            ErrorCode::Conflict,
            "turned_into",
            format!("该工单已转为{}，不能重复转办", t.label()),
        ));
    }
    if status == Status::Rejected {
        return Err(DomainError::field(
            ErrorCode::InvalidTransition,
            "status",
            "工单已不予受理，不能再转为其他事项",
        ));
    }
    Ok(())
}

/// Whether an answer given on `answered_on` kept the deadline `answer_by`
/// (the due day itself is in time).
pub fn in_time(answered_on: NaiveDate, answer_by: NaiveDate) -> bool {
    !is_past(answer_by, answered_on)
}

// ---------------------------------------------------------------------------
// Rates

/// One petition as the rates see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub status: Status,
    /// The first-round answer deadline.
    pub answer_by: NaiveDate,
    /// The day of the first answer, if any.
    pub first_answered_on: Option<NaiveDate>,
    /// The writer's last rating, if any.
    pub rating: Option<Rating>,
}

impl Summary {
    /// The rates' view of a stored petition. The store keeps of the first
    /// answer only whether it came in time (`answered_in_time`): a second
    /// round moves the deadline and the answer date on, and 按期答复率 is
    /// about the first promise. `answer_by` is the present deadline, which
    /// for a petition never answered is still the first one.
    pub fn stored(
        status: Status,
        answer_by: NaiveDate,
        answered_in_time: Option<bool>,
        rating: Option<Rating>,
    ) -> Summary {
        let first_answered_on = answered_in_time.map(|ok| match ok {
            true => answer_by,
            false => answer_by.succ_opt().unwrap_or(answer_by),
        });
        Summary { status, answer_by, first_answered_on, rating }
    }
}

/// The handling rates of a set of petitions on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct PetitionRates {
    pub total: u64,
    pub rejected: u64,
    /// Accepted (受理): dispatched or further.
    pub accepted: u64,
    /// 按期答复率: first answered by its deadline ÷ those not refused whose
    /// answer is in (on time or late) or whose deadline has passed. One
    /// still in time without an answer counts on neither side yet.
    pub answered_on_time: Ratio,
    /// 办结率: closed ÷ accepted.
    pub resolved: Ratio,
    /// 满意率: (满意 + 基本满意) ÷ rated, over closed petitions.
    pub satisfaction: Ratio,
}

pub fn rates(items: &[Summary], at: NaiveDate) -> PetitionRates {
    let mut r = PetitionRates { total: items.len() as u64, ..Default::default() };
    for p in items {
        if p.status == Status::Rejected {
            r.rejected += 1;
            continue;
        }
        if p.status.is_accepted() {
            r.accepted += 1;
            r.resolved.denominator += 1;
        }
        match p.first_answered_on {
            Some(day) => {
                r.answered_on_time.denominator += 1;
                if day <= p.answer_by {
                    r.answered_on_time.numerator += 1;
                }
            }
            None if is_past(p.answer_by, at) => r.answered_on_time.denominator += 1,
            None => {}
        }
        if p.status == Status::Closed {
            r.resolved.numerator += 1;
            if let Some(rating) = p.rating {
                r.satisfaction.denominator += 1;
                if rating != Rating::Unsatisfied {
                    r.satisfaction.numerator += 1;
                }
            }
        }
    }
    r
}

#[cfg(test)]
#[path = "petition_tests.rs"]
mod tests;
