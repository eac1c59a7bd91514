//! Notifications: kinds with their Chinese titles, channels, and the
//! outbox's retry schedule (backoff).

/// What a notification is about (DOMAIN.md §12 and issue 19, item 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// 申请已办理: an application (join, transfer, hardship, claim,
    /// condolence) or correction request was decided.
    ApplicationDecided,
    /// 候补转正: a waiting place became a place.
    WaitlistPromoted,
    /// 投票开始: a ballot the member is on the roll of opened.
    VoteOpened,
    /// 待评价: an answer (petition, proposal) waits for the member's rating.
    AnswerToRate,
    /// 走访安排: a visit to the member was scheduled.
    VisitScheduled,
    /// 会费欠缴: dues overdue.
    DuesOverdue,
    /// 合同公布: a collective contract was published.
    ContractPublished,
    /// 新申请: for officers, a member's application or correction request
    /// arrived in the work queue.
    RequestReceived,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::ApplicationDecided,
        Kind::WaitlistPromoted,
        Kind::VoteOpened,
        Kind::AnswerToRate,
        Kind::VisitScheduled,
        Kind::DuesOverdue,
        Kind::ContractPublished,
        Kind::RequestReceived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ApplicationDecided => "application_decided",
            Kind::WaitlistPromoted => "waitlist_promoted",
            Kind::VoteOpened => "vote_opened",
            Kind::AnswerToRate => "answer_to_rate",
            Kind::VisitScheduled => "visit_scheduled",
            Kind::DuesOverdue => "dues_overdue",
            Kind::ContractPublished => "contract_published",
            Kind::RequestReceived => "request_received",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::ApplicationDecided => "申请已办理",
            Kind::WaitlistPromoted => "候补转正",
            Kind::VoteOpened => "投票开始",
            Kind::AnswerToRate => "待评价",
            Kind::VisitScheduled => "走访安排",
            Kind::DuesOverdue => "会费欠缴",
            Kind::ContractPublished => "合同公布",
            Kind::RequestReceived => "新申请",
        }
    }
}
