//! Proposals (提案, DOMAIN.md §8): one issue per proposal, at least two
//! co-signers (附议), review into a registered proposal (立案) or an opinion
//! with a written reason, assignment to a department with a deadline, the
//! written answer, the proposer's rating, and a second round when the
//! proposer is not satisfied. The rates the congress hears: 立案率, 办结率,
//! 满意率.

use chrono::NaiveDate;

use crate::{DomainError, ErrorCode, text};

/// Co-signers a proposal needs before it is reviewed.
pub const MIN_COSIGNERS: usize = 2;

/// Rounds of answering: a 不满意 in the first sends it back once.
pub const MAX_ROUNDS: i64 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Waiting for co-signers.
    Draft,
    /// Enough co-signers; waiting for review.
    Submitted,
    /// Turned into an opinion (意见建议) with a written reason: final.
    Opinion,
    /// 立案: to be assigned to a department.
    Registered,
    /// With a department, due by a deadline.
    Assigned,
    /// Answered in writing; waiting for the proposer's rating.
    Answered,
    /// Rated (or rated 不满意 after the last round): 办结.
    Closed,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Draft,
        Status::Submitted,
        Status::Opinion,
        Status::Registered,
        Status::Assigned,
        Status::Answered,
        Status::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Opinion => "opinion",
            Status::Registered => "registered",
            Status::Assigned => "assigned",
            Status::Answered => "answered",
            Status::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "征集附议",
            Status::Submitted => "待审查",
            Status::Opinion => "转为意见建议",
            Status::Registered => "已立案，待交办",
            Status::Assigned => "承办中",
            Status::Answered => "已答复，待评价",
            Status::Closed => "已办结",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rating {
    Satisfied,
    Basically,
    Unsatisfied,
}

impl Rating {
    pub const ALL: [Rating; 3] = [Rating::Satisfied, Rating::Basically, Rating::Unsatisfied];

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Satisfied => "satisfied",
            Rating::Basically => "basically",
            Rating::Unsatisfied => "unsatisfied",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Rating::Satisfied => "满意",
            Rating::Basically => "基本满意",
            Rating::Unsatisfied => "不满意",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|r| r.as_str() == s || r.label() == s)
    }
}

/// What a proposal says, checked: a title naming the one issue, the reason
/// (案由) and the suggested measures (建议).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub title: String,
    pub reason: String,
    pub suggestion: String,
}

impl Draft {
    pub fn parse(title: &str, reason: &str, suggestion: &str) -> Result<Draft, DomainError> {
        let title = text::required_line("title", "案题", title, 60)?;
        // 一事一案: a title listing several matters is sent back before anyone
        // co-signs it.
        if title.contains(['；', ';']) {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                "title",
                "提案应一事一案：案题只写一件事，多件事请分别提出",
            ));
        }
        let reason = text::multiline("reason", "案由", reason, 3_000)?
            .ok_or_else(|| DomainError::field(ErrorCode::Required, "reason", "案由不能为空"))?;
        let suggestion = text::multiline("suggestion", "建议措施", suggestion, 3_000)?
            .ok_or_else(|| DomainError::field(ErrorCode::Required, "suggestion", "建议措施不能为空"))?;
        Ok(Draft { title, reason, suggestion })
    }
}

fn wrong_state(now: Status, wanted: &str) -> DomainError {
    DomainError::field(ErrorCode::Conflict, "status", format!("提案目前“{}”，不能{wanted}", now.label()))
}

/// After a co-signature: how many there are decides whether it goes to review.
pub fn after_cosign(now: Status, cosigners: usize) -> Result<Status, DomainError> {
    match now {
        Status::Draft if cosigners >= MIN_COSIGNERS => Ok(Status::Submitted),
        Status::Draft | Status::Submitted => Ok(now),
        _ => Err(wrong_state(now, "再附议")),
    }
}

/// Review: register it, or turn it into an opinion with the written reason.
pub fn review(now: Status, register: bool, note: &str) -> Result<Status, DomainError> {
    if now != Status::Submitted {
        return Err(match now {
            Status::Draft => DomainError::field(
                ErrorCode::PolicyRefused,
                "status",
                format!("提案须有至少{MIN_COSIGNERS}名附议人才能审查"),
            ),
            _ => wrong_state(now, "审查"),
        });
    }
    if register {
        Ok(Status::Registered)
    } else {
        text::required_line("note", "不予立案的理由", note, 500)?;
        Ok(Status::Opinion)
    }
}

/// Assignment to a department with a deadline not before today.
pub fn assign(
    now: Status,
    department: &str,
    deadline: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Status, DomainError> {
    if now != Status::Registered {
        return Err(wrong_state(now, "交办"));
    }
    text::required_line("department", "承办部门", department, 40)?;
    match deadline {
        None => Err(DomainError::field(ErrorCode::Required, "deadline", "请填写办理期限")),
        Some(d) if d < today => {
            Err(DomainError::field(ErrorCode::InvalidValue, "deadline", format!("办理期限{d}早于今天")))
        }
        Some(_) => Ok(Status::Assigned),
    }
}

pub fn answer(now: Status, text_: &str) -> Result<Status, DomainError> {
    if now != Status::Assigned {
        return Err(wrong_state(now, "答复"));
    }
    text::multiline("answer", "书面答复", text_, 5_000)?
        .ok_or_else(|| DomainError::field(ErrorCode::Required, "answer", "书面答复不能为空"))?;
    Ok(Status::Answered)
}

/// The proposer's rating: 不满意 in an early round sends it back for a
/// further answer; otherwise it is closed (办结).
pub fn rate(now: Status, rating: Rating, round: i64) -> Result<(Status, i64), DomainError> {
    if now != Status::Answered {
        return Err(wrong_state(now, "评价"));
    }
    if rating == Rating::Unsatisfied && round < MAX_ROUNDS {
        Ok((Status::Registered, round + 1))
    } else {
        Ok((Status::Closed, round))
    }
}

/// Days before a session that proposals for it are collected (征集).
pub const COLLECTION_DAYS: i64 = 30;

/// Who may propose or co-sign: a delegate; a member where the union has no
/// delegates (a meeting of all staff) or allows members.
pub fn may_propose(has_delegates: bool, is_delegate: bool, members_allowed: bool) -> Result<(), DomainError> {
    if is_delegate || !has_delegates || members_allowed {
        Ok(())
    } else {
        Err(DomainError::field(
            ErrorCode::PolicyRefused,
            "proposer",
            "本会由职工代表提出和附议提案；如允许会员提出，请由工会在提案设置中开启",
        ))
    }
}

/// Proposals for a session are taken from 30 days before it until it meets.
pub fn check_collection(meets_on: NaiveDate, today: NaiveDate) -> Result<(), DomainError> {
    let opens = meets_on - chrono::Days::new(COLLECTION_DAYS as u64);
    if today < opens {
        Err(DomainError::field(
            ErrorCode::PolicyRefused,
            "session_id",
            format!("本次会议的提案自{opens}起征集（会前{COLLECTION_DAYS}天）"),
        ))
    } else if today > meets_on {
        Err(DomainError::field(
            ErrorCode::PolicyRefused,
            "session_id",
            format!("本次会议已于{meets_on}召开，提案征集已结束"),
        ))
    } else {
        Ok(())
    }
}

/// A deadline passed without an answer.
pub fn overdue(status: Status, deadline: Option<NaiveDate>, today: NaiveDate) -> bool {
    status == Status::Assigned && deadline.is_some_and(|d| d < today)
}

/// One proposal as the rates see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub status: Status,
    pub rating: Option<Rating>,
}

/// The handling rates, in per mille of their base (None when the base is 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rates {
    pub total: usize,
    pub reviewed: usize,
    pub registered: usize,
    pub closed: usize,
    pub rated: usize,
    pub satisfied: usize,
    /// 立案率: registered of those reviewed.
    pub registered_rate: Option<u32>,
    /// 办结率: closed of those registered.
    pub closed_rate: Option<u32>,
    /// 满意率: 满意 or 基本满意 of those rated.
    pub satisfied_rate: Option<u32>,
}

fn per_mille(part: usize, base: usize) -> Option<u32> {
    (base > 0).then(|| ((part * 1000 + base / 2) / base) as u32)
}

pub fn rates(outcomes: &[Outcome]) -> Rates {
    let mut r = Rates { total: outcomes.len(), ..Default::default() };
    for o in outcomes {
        let registered =
            matches!(o.status, Status::Registered | Status::Assigned | Status::Answered | Status::Closed);
        if registered || o.status == Status::Opinion {
            r.reviewed += 1;
        }
        if registered {
            r.registered += 1;
        }
        if o.status == Status::Closed {
            r.closed += 1;
        }
        if let Some(rating) = o.rating.filter(|_| o.status == Status::Closed) {
            r.rated += 1;
            if rating != Rating::Unsatisfied {
                r.satisfied += 1;
            }
        }
    }
    r.registered_rate = per_mille(r.registered, r.reviewed);
    r.closed_rate = per_mille(r.closed, r.registered);
    r.satisfied_rate = per_mille(r.satisfied, r.rated);
    r
}

/// "87.5%" from per mille; "—" without a base.
pub fn fmt_rate(r: Option<u32>) -> String {
    match r {
        Some(m) if m % 10 == 0 => format!("{}%", m / 10),
        Some(m) => format!("{}.{}%", m / 10, m % 10),
        None => "—".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn one_issue_per_proposal_and_all_parts_present() {
        assert_eq!(
            Draft::parse("食堂增加夜班餐；更换更衣柜", "r", "s").unwrap_err().field.as_deref(),
            Some("title")
        );
        assert_eq!(Draft::parse("食堂增加夜班餐", " ", "s").unwrap_err().field.as_deref(), Some("reason"));
        assert_eq!(Draft::parse("食堂增加夜班餐", "r", "").unwrap_err().field.as_deref(), Some("suggestion"));
        assert!(Draft::parse("食堂增加夜班餐", "夜班职工无处就餐", "开设夜宵窗口").is_ok());
    }

    #[test]
    fn two_cosigners_then_review() {
        assert_eq!(after_cosign(Status::Draft, 1).unwrap(), Status::Draft);
        assert_eq!(after_cosign(Status::Draft, 2).unwrap(), Status::Submitted);
        assert!(after_cosign(Status::Closed, 3).is_err());
        let e = review(Status::Draft, true, "").unwrap_err();
        assert!(e.message.contains("至少2名附议人"), "{}", e.message);
        assert_eq!(review(Status::Submitted, false, " ").unwrap_err().field.as_deref(), Some("note"));
        assert_eq!(review(Status::Submitted, false, "属于个人诉求").unwrap(), Status::Opinion);
        assert_eq!(review(Status::Submitted, true, "").unwrap(), Status::Registered);
    }

    #[test]
    fn assignment_answer_and_the_second_round() {
        let today = day("2026-11-21");
        assert_eq!(
            assign(Status::Registered, "", Some(today), today).unwrap_err().field.as_deref(),
            Some("department")
        );
        assert_eq!(
            assign(Status::Registered, "后勤部", None, today).unwrap_err().field.as_deref(),
            Some("deadline")
        );
        assert_eq!(
            assign(Status::Registered, "后勤部", Some(day("2026-11-20")), today)
                .unwrap_err()
                .field
                .as_deref(),
            Some("deadline")
        );
        assert_eq!(
            assign(Status::Registered, "后勤部", Some(day("2026-12-31")), today).unwrap(),
            Status::Assigned
        );
        assert!(answer(Status::Registered, "已办").is_err());
        assert_eq!(answer(Status::Assigned, "").unwrap_err().field.as_deref(), Some("answer"));
        assert_eq!(answer(Status::Assigned, "已开设夜宵窗口").unwrap(), Status::Answered);
        assert_eq!(rate(Status::Answered, Rating::Unsatisfied, 1).unwrap(), (Status::Registered, 2));
        assert_eq!(rate(Status::Answered, Rating::Unsatisfied, 2).unwrap(), (Status::Closed, 2));
        assert_eq!(rate(Status::Answered, Rating::Basically, 1).unwrap(), (Status::Closed, 1));
        assert!(overdue(Status::Assigned, Some(day("2026-11-20")), today));
        assert!(!overdue(Status::Answered, Some(day("2026-11-20")), today));
    }

    #[test]
    fn who_may_propose_and_when() {
        assert!(may_propose(true, true, false).is_ok());
        assert!(may_propose(false, false, false).is_ok(), "no delegates: a meeting of all staff");
        assert!(may_propose(true, false, true).is_ok());
        assert_eq!(may_propose(true, false, false).unwrap_err().field.as_deref(), Some("proposer"));
        let meets = day("2026-12-20");
        assert!(check_collection(meets, day("2026-11-20")).is_ok());
        assert!(check_collection(meets, meets).is_ok());
        assert!(check_collection(meets, day("2026-11-19")).unwrap_err().message.contains("2026-11-20"));
        assert!(
            check_collection(meets, day("2026-12-21")).unwrap_err().message.contains("已于2026-12-20召开")
        );
    }

    #[test]
    fn rates_count_from_their_own_bases() {
        use Status::*;
        let o = |status, rating| Outcome { status, rating };
        let r = rates(&[
            o(Draft, None),
            o(Submitted, None),
            o(Opinion, None),
            o(Assigned, None),
            o(Closed, Some(Rating::Satisfied)),
            o(Closed, Some(Rating::Unsatisfied)),
            o(Closed, Some(Rating::Basically)),
        ]);
        assert_eq!((r.total, r.reviewed, r.registered, r.closed, r.rated, r.satisfied), (7, 5, 4, 3, 3, 2));
        assert_eq!(fmt_rate(r.registered_rate), "80%");
        assert_eq!(fmt_rate(r.closed_rate), "75%");
        assert_eq!(fmt_rate(r.satisfied_rate), "66.7%");
        assert_eq!(fmt_rate(rates(&[]).closed_rate), "—");
    }

    fn any_outcome() -> impl Strategy<Value = Outcome> {
        (0..Status::ALL.len(), proptest::option::of(0..3usize))
            .prop_map(|(s, r)| Outcome { status: Status::ALL[s], rating: r.map(|i| Rating::ALL[i]) })
    }

    proptest! {
        /// Each rate's part never exceeds its base, and no rate passes 100 %.
        #[test]
        fn rates_stay_within_their_bases(v in proptest::collection::vec(any_outcome(), 0..60)) {
            let r = rates(&v);
            prop_assert!(r.registered <= r.reviewed && r.reviewed <= r.total);
            prop_assert!(r.closed <= r.registered && r.satisfied <= r.rated && r.rated <= r.closed);
            for rate in [r.registered_rate, r.closed_rate, r.satisfied_rate].into_iter().flatten() {
                prop_assert!(rate <= 1000);
            }
        }
    }
}
