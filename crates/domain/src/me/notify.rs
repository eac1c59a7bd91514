//! Notifications: kinds with their Chinese titles, channels, and the
//! outbox's retry schedule (backoff).

use chrono::{DateTime, Duration, Utc};

use crate::error::{DomainError, ErrorCode};

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

/// A way of delivering a notification beyond the inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// 电子邮件, through the installation's SMTP server.
    Email,
    /// 短信/公众号: the union's webhook (its SMS gateway or WeChat service
    /// account), with the address the member chose there.
    Webhook,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::Email, Channel::Webhook];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Webhook => "webhook",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The channel named by `s`, or an error on `field` in Chinese.
    pub fn parse_field(field: &str, s: &str) -> Result<Channel, DomainError> {
        Channel::parse(s.trim()).ok_or_else(|| {
            DomainError::field(
                ErrorCode::InvalidValue,
                field,
                "通知渠道只能是 email（电子邮件）或 webhook（短信/公众号）",
            )
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Email => "电子邮件",
            Channel::Webhook => "短信/公众号",
        }
    }
}

/// Where a delivery stands in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// 待发送: waiting for its next attempt (the first, or a retry).
    Queued,
    /// 已发送.
    Sent,
    /// 发送失败: gave up after [`MAX_ATTEMPTS`]; kept, and an administrator
    /// may retry it.
    Failed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Queued, Status::Sent, Status::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Sent => "sent",
            Status::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Queued => "待发送",
            Status::Sent => "已发送",
            Status::Failed => "发送失败",
        }
    }
}

/// Attempts before a delivery is given up as `failed`: with the schedule of
/// [`retry_delay`] about a day and a half of trying.
pub const MAX_ATTEMPTS: i64 = 12;

/// The first wait after a failed attempt; each further failure doubles it.
pub const FIRST_DELAY_SECS: i64 = 60;

/// The longest wait between two attempts.
pub const MAX_DELAY_SECS: i64 = 6 * 60 * 60;

/// The wait after the `attempts`-th failed attempt (1 → 1 min, 2 → 2 min,
/// 3 → 4 min … capped at 6 hours).
pub fn retry_delay(attempts: i64) -> Duration {
    let doublings = (attempts.max(1) - 1).min(30) as u32;
    let secs = FIRST_DELAY_SECS.saturating_mul(1i64 << doublings).min(MAX_DELAY_SECS);
    Duration::seconds(secs)
}

/// What becomes of a delivery whose attempt number `attempts` (counting
/// this one) failed at `now`: queued again for later, or failed for good
/// (still shown, and retryable by hand).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AfterFailure {
    pub status: Status,
    pub next_attempt_at: DateTime<Utc>,
}

pub fn after_failure(attempts: i64, now: DateTime<Utc>) -> AfterFailure {
    if attempts >= MAX_ATTEMPTS {
        AfterFailure { status: Status::Failed, next_attempt_at: now }
    } else {
        AfterFailure { status: Status::Queued, next_attempt_at: now + retry_delay(attempts) }
    }
}

/// A sender's error as the outbox keeps it: one line, at most 500
/// characters.
pub fn error_line(e: &str) -> String {
    let one: String = e.split_whitespace().collect::<Vec<_>>().join(" ");
    one.chars().take(500).collect()
}

/// An email address as members type it: trimmed, lower-case domain, one
/// `@`, a dotted domain, no spaces or control characters, at most 254
/// characters. An empty one is `None` (no address).
pub fn parse_email(field: &str, s: &str) -> Result<Option<String>, DomainError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || {
        DomainError::field(ErrorCode::InvalidValue, field, "电子邮箱格式不正确，例如 zhangsan@example.com")
    };
    if s.chars().count() > 254 {
        return Err(DomainError::field(ErrorCode::TooLong, field, "电子邮箱不能超过254个字符"));
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"')) {
        return Err(bad());
    }
    let (local, domain) = s.rsplit_once('@').ok_or_else(bad)?;
    if local.is_empty() || local.contains('@') || local.len() > 64 {
        return Err(bad());
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2
        || labels.iter().any(|l| l.is_empty() || l.starts_with('-') || l.ends_with('-'))
        || !domain.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.')
    {
        return Err(bad());
    }
    Ok(Some(format!("{local}@{}", domain.to_lowercase())))
}

/// The address a member gives for the union's webhook (a mobile number for
/// the SMS gateway, an openid for the WeChat service account): one token of
/// letters, digits and `-_.+@:`, 3 to 128 characters. Empty: `None`.
pub fn parse_webhook_address(field: &str, s: &str) -> Result<Option<String>, DomainError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if s.chars().count() > 128 {
        return Err(DomainError::field(ErrorCode::TooLong, field, "接收地址不能超过128个字符"));
    }
    if s.chars().count() < 3 || !s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.+@:".contains(c)) {
        return Err(DomainError::field(
            ErrorCode::InvalidValue,
            field,
            "接收地址只能是手机号或公众号用户标识（字母、数字和 -_.+@:，3到128个字符）",
        ));
    }
    Ok(Some(s.to_owned()))
}

/// The URL of a union's webhook: `http://` or `https://`, a host, at most
/// 500 characters, no spaces. Empty: `None` (no webhook).
pub fn parse_webhook_url(field: &str, s: &str) -> Result<Option<String>, DomainError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if s.chars().count() > 500 {
        return Err(DomainError::field(ErrorCode::TooLong, field, "推送地址不能超过500个字符"));
    }
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    match host {
        Some(h) if !h.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control()) => {
            Ok(Some(s.to_owned()))
        }
        _ => Err(DomainError::field(
            ErrorCode::InvalidValue,
            field,
            "推送地址应以 http:// 或 https:// 开头，例如 https://sms.example.com/notify",
        )),
    }
}

/// The shared secret of a union's webhook (signs each request, HMAC-SHA256
/// in a header): 16 to 200 visible ASCII characters. Empty: `None`.
pub fn parse_webhook_secret(field: &str, s: &str) -> Result<Option<String>, DomainError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let n = s.chars().count();
    if !(16..=200).contains(&n) || !s.chars().all(|c| c.is_ascii_graphic()) {
        return Err(DomainError::field(
            ErrorCode::InvalidValue,
            field,
            "签名密钥应为16到200个可见的英文字母、数字或符号",
        ));
    }
    Ok(Some(s.to_owned()))
}

/// A notification's title as stored: one line, at most 100 characters
/// (longer titles are cut with an ellipsis: the news is not refused).
pub fn title_line(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 100 { format!("{}…", one.chars().take(99).collect::<String>()) } else { one }
}

#[cfg(test)]
#[path = "notify_tests.rs"]
mod tests;
