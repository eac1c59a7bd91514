//! Roles and what they may do (DOMAIN.md §1). A role is granted on an org node
//! and applies to its subtree; `admin` is granted on no node and applies
//! everywhere.

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::org::OrgKind;
use crate::{DomainError, ErrorCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Chair,
    Officer,
    Treasurer,
    Auditor,
    WomenCommittee,
    GroupLeader,
    Member,
    Federation,
    Admin,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Chair,
        Role::Officer,
        Role::Treasurer,
        Role::Auditor,
        Role::WomenCommittee,
        Role::GroupLeader,
        Role::Member,
        Role::Federation,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Chair => "chair",
            Role::Officer => "officer",
            Role::Treasurer => "treasurer",
            Role::Auditor => "auditor",
            Role::WomenCommittee => "women_committee",
            Role::GroupLeader => "group_leader",
            Role::Member => "member",
            Role::Federation => "federation",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| DomainError::field(ErrorCode::InvalidRole, "role", format!("角色“{s}”不存在")))
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Chair => "工会主席",
            Role::Officer => "工会干事",
            Role::Treasurer => "财务",
            Role::Auditor => "经审委员",
            Role::WomenCommittee => "女职工委员会",
            Role::GroupLeader => "工会小组长",
            Role::Member => "会员",
            Role::Federation => "上级工会",
            Role::Admin => "系统管理员",
        }
    }

    /// The kind of node this role is granted on; `None` for admin, whose grant
    /// has no node.
    pub fn granted_on(self) -> Option<OrgKind> {
        match self {
            Role::Admin => None,
            Role::Federation => Some(OrgKind::Federation),
            Role::GroupLeader => Some(OrgKind::Group),
            _ => Some(OrgKind::Union),
        }
    }

    /// Checks that this role may be granted on a node of `kind`.
    pub fn check_grant_target(self, kind: Option<OrgKind>) -> Result<(), DomainError> {
        if self.granted_on() == kind {
            return Ok(());
        }
        let message = match self.granted_on() {
            None => "系统管理员角色不针对具体组织授予".to_owned(),
            Some(k) => format!("{}角色只能授予在{}上", self.label(), k.label()),
        };
        Err(DomainError::field(ErrorCode::RoleNotForOrg, "org_id", message))
    }
}

/// What a request wants to do. Every route names one (or is public / needs
/// only a login); roles map to permissions here and nowhere else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Perm {
    /// See an org node and its basic record.
    OrgView,
    /// Create children, edit, move, archive nodes.
    OrgManage,
    /// Record committee terms and posts.
    CommitteeManage,
    /// See accounts and their roles.
    UserView,
    /// Create accounts and grant or revoke roles.
    UserManage,
    /// Browse the audit log.
    AuditView,
    /// See a union's roster (names, masked ID numbers, mobiles).
    MemberView,
    /// Add, edit, import and change the status of members.
    MemberManage,
    /// Show a member's full ID number (each time logged).
    MemberRevealId,
    /// Confirm or decline a transfer out of a union (the union itself, or the
    /// federation above both unions).
    TransferDecide,
    /// Read a union's books: vouchers, ledgers, reports, dues, funds, budget.
    FinanceView,
    /// Make vouchers (制单), collect dues, record funds and welfare payments.
    FinanceMake,
    /// Review (审核) and post (记账) vouchers; the maker is never the reviewer.
    FinanceReview,
    /// Reopen a closed month: the chair's act, with a reason.
    PeriodReopen,
    /// Set the budget, the spending-policy preset, fund split and approvals.
    FinanceSettings,
    /// The funds review committee (经审): findings and their follow-up.
    FinanceAudit,
    /// Publish the monthly finance statement to members.
    StatementPublish,
    /// Read the published finance statements of one's union.
    StatementView,
    /// See care records: hardship files (each view logged), assistance,
    /// events and visits, campaigns, mutual aid.
    CareView,
    /// Keep care records: files, events, visits, campaign lists, enrolments
    /// and claims; pay what the spending rules allow.
    CareManage,
    /// Approve hardship files and campaign lists, assess claims, set the
    /// local figures (低保, average income).
    CareApprove,
    /// See the worker congress: terms, sessions, delegates, agenda, papers,
    /// proposals and their answers, ballots and their published results.
    CongressView,
    /// Run the congress and union elections: terms, sessions, delegates,
    /// agenda, check-in, ballots (create, open, close, paper counts),
    /// proposal review, assignment and answers.
    CongressManage,
    /// Submit or co-sign a proposal (提案); whether the person may (delegate,
    /// or member where the union allows) is the service's check.
    ProposalSubmit,
    /// Read the disclosure board (厂务公开) and leave feedback.
    DisclosureView,
    /// Publish and withdraw disclosure items.
    DisclosurePublish,
    /// See a union's activities and contests, their places and results.
    ActivityView,
    /// Sign oneself up, cancel, check in by the QR code, score as an
    /// appointed judge; that the caller is a member in the audience (or the
    /// judge) is the service's check.
    ActivityJoin,
    /// Organise activities and contests: create, sign others up, check
    /// people in, the cost plan, entrants, judges, rounds and prizes.
    ActivityManage,
    /// File a petition (来信, 主席信箱) of one's own, follow it and rate the
    /// answer; that the caller is a member of the union is the service's
    /// check.
    PetitionFile,
    /// Read and handle the union's petitions and mediation cases: they hold
    /// writers' and parties' names, claims and stories, so only the chair
    /// and officers — not an administrator, not the federation above,
    /// which sees counts and rates (PIPL §6).
    RightsCases,
    /// See collective contracts, labour-protection inspections, the
    /// employer register and the rights statistics (counts and rates, never
    /// a letter's content).
    RightsView,
    /// Record collective contracts, inspections and their findings, the
    /// mediation committee, the employer register and the union's rights
    /// settings.
    RightsManage,
    /// Submit one's own rationalisation suggestions (合理化建议) and follow
    /// them; see one's own honours, training hours and certificates. That
    /// the caller is a member of the union is the service's check.
    RecognitionJoin,
    /// See the union's suggestions, honours register, courses, certificates
    /// and their statistics.
    RecognitionView,
    /// Assess, implement and accept suggestions; nominate honours and put
    /// them on public notice; run courses, credit hours, record
    /// certificates; the yearly care of model workers.
    RecognitionManage,
    /// Approve an honour after its public notice: the chair's act
    /// (DOMAIN.md §9).
    HonourApprove,
    /// Handle what members ask for themselves (issue 19): their hardship,
    /// condolence and claim applications, correction requests on their
    /// record, in one work queue with deadlines; the union's notification
    /// settings (the webhook of its SMS gateway or WeChat account).
    /// Applications carry household income and health: chair and officers
    /// only, not the administrator (PIPL §6, §28).
    MemberRequests,
    /// See the outbox of every union: deliveries queued, retried and
    /// failed, with the sender's error. The administrator's, who runs the
    /// senders; it shows addresses and titles, never a hardship file.
    OutboxView,
    /// See the work plans (工作计划) of an org, their targets' live progress,
    /// the metric catalogue, the year-end summary's figures, the annual
    /// statistics (年报) and the dashboards: counts and rates only, never a
    /// person's record.
    PlanView,
    /// Write work plans: paste the text, confirm or correct the targets
    /// read from it, type a manual target's progress, tick tasks off.
    PlanManage,
}

impl Perm {
    pub const ALL: [Perm; 41] = [
        Perm::OrgView,
        Perm::OrgManage,
        Perm::CommitteeManage,
        Perm::UserView,
        Perm::UserManage,
        Perm::AuditView,
        Perm::MemberView,
        Perm::MemberManage,
        Perm::MemberRevealId,
        Perm::TransferDecide,
        Perm::FinanceView,
        Perm::FinanceMake,
        Perm::FinanceReview,
        Perm::PeriodReopen,
        Perm::FinanceSettings,
        Perm::FinanceAudit,
        Perm::StatementPublish,
        Perm::StatementView,
        Perm::CareView,
        Perm::CareManage,
        Perm::CareApprove,
        Perm::CongressView,
        Perm::CongressManage,
        Perm::ProposalSubmit,
        Perm::DisclosureView,
        Perm::DisclosurePublish,
        Perm::ActivityView,
        Perm::ActivityJoin,
        Perm::ActivityManage,
        Perm::PetitionFile,
        Perm::RightsCases,
        Perm::RightsView,
        Perm::RightsManage,
        Perm::RecognitionJoin,
        Perm::RecognitionView,
        Perm::RecognitionManage,
        Perm::HonourApprove,
        Perm::MemberRequests,
        Perm::OutboxView,
        Perm::PlanView,
        Perm::PlanManage,
    ];
}

/// Whether a role may approve a payment out of the union's money (批准人):
/// a role that may review vouchers, held on the union itself — the chair or
/// the treasurer. The system administrator is nobody's 批准人.
pub fn approves_payments(role: Role) -> bool {
    role != Role::Admin && role_allows(role, Perm::FinanceReview)
}

/// The roles that may approve a payment, as stored (`role_grants.role`).
pub fn payment_approver_roles() -> Vec<&'static str> {
    Role::ALL.into_iter().filter(|r| approves_payments(*r)).map(Role::as_str).collect()
}

/// The approver of a payment is never the person who makes it (制单人).
pub fn check_payment_approver(maker: uuid::Uuid, approver: uuid::Uuid) -> Result<(), DomainError> {
    if maker == approver {
        return Err(DomainError::field(
            ErrorCode::SameReviewer,
            "approver_user_id",
            "批准人不能是经办人本人：请选择本会主席或财务负责人中的另一位",
        ));
    }
    Ok(())
}

/// The role → permission table. Federation staff see no roster (DOMAIN.md
/// §1: no personal data beyond what a task needs); nobody but a union's
/// chair and officer may reveal a full ID number, not even an admin.
pub fn role_allows(role: Role, perm: Perm) -> bool {
    use Perm::*;
    match role {
        // Reopening a closed month is the chair's act alone (DOMAIN.md §5);
        // hardship files hold health and income data the system's
        // administrator has no task with (PIPL §6, §28). Nor does the
        // administrator write to a union's mailbox: no member of it.
        Role::Admin => !matches!(
            perm,
            MemberRevealId
                | PeriodReopen
                | CareView
                | CareManage
                | CareApprove
                | RightsCases
                | PetitionFile
                | RecognitionJoin
                | HonourApprove
                | MemberRequests
        ),
        Role::Chair => matches!(
            perm,
            OrgView
                | OrgManage
                | CommitteeManage
                | UserView
                | UserManage
                | MemberView
                | MemberManage
                | MemberRevealId
                | TransferDecide
                | FinanceView
                | FinanceMake
                | FinanceReview
                | PeriodReopen
                | FinanceSettings
                | StatementPublish
                | StatementView
                | CareView
                | CareManage
                | CareApprove
                | CongressView
                | CongressManage
                | ProposalSubmit
                | DisclosureView
                | DisclosurePublish
                | ActivityView
                | ActivityJoin
                | ActivityManage
                | PetitionFile
                | RightsCases
                | RightsView
                | RightsManage
                | RecognitionJoin
                | RecognitionView
                | RecognitionManage
                | HonourApprove
                | MemberRequests
                | PlanView
                | PlanManage
        ),
        Role::Officer => matches!(
            perm,
            OrgView
                | OrgManage
                | CommitteeManage
                | UserView
                | MemberView
                | MemberManage
                | MemberRevealId
                | TransferDecide
                | FinanceView
                | FinanceMake
                | StatementView
                | CareView
                | CareManage
                | CongressView
                | CongressManage
                | ProposalSubmit
                | DisclosureView
                | DisclosurePublish
                | ActivityView
                | ActivityJoin
                | ActivityManage
                | PetitionFile
                | RightsCases
                | RightsView
                | RightsManage
                | RecognitionJoin
                | RecognitionView
                | RecognitionManage
                | MemberRequests
                | PlanView
                | PlanManage
        ),
        // The upper union oversees the books (roll-up) but sees no roster.
        Role::Federation => matches!(
            perm,
            OrgView
                | OrgManage
                | CommitteeManage
                | UserView
                | UserManage
                | TransferDecide
                | FinanceView
                | StatementView
                | CongressView
                | DisclosureView
                | ActivityView
                | RightsView
                | RightsManage
                | RecognitionView
                | PlanView
                | PlanManage
        ),
        Role::Auditor => {
            matches!(
                perm,
                OrgView
                    | AuditView
                    | MemberView
                    | FinanceView
                    | FinanceAudit
                    | StatementView
                    | CareView
                    | CongressView
                    | ProposalSubmit
                    | DisclosureView
                    | ActivityView
                    | ActivityJoin
                    | PetitionFile
                    | RightsView
                    | RecognitionJoin
                    | RecognitionView
                    | PlanView
            )
        }
        Role::Treasurer => matches!(
            perm,
            OrgView
                | MemberView
                | FinanceView
                | FinanceMake
                | FinanceReview
                | FinanceSettings
                | StatementView
                | CongressView
                | ProposalSubmit
                | DisclosureView
                | ActivityView
                | ActivityJoin
                | PetitionFile
                | RecognitionJoin
                | PlanView
        ),
        Role::WomenCommittee => matches!(
            perm,
            OrgView
                | MemberView
                | StatementView
                | CareView
                | CareManage
                | CongressView
                | ProposalSubmit
                | DisclosureView
                | ActivityView
                | ActivityJoin
                | ActivityManage
                | PetitionFile
                | RightsView
                | RightsManage
                | RecognitionJoin
                | RecognitionView
                | RecognitionManage
                | PlanView
        ),
        // A group leader sees the roster of their group (the grant's subtree).
        Role::GroupLeader => {
            matches!(
                perm,
                OrgView
                    | MemberView
                    | CongressView
                    | ProposalSubmit
                    | DisclosureView
                    | ActivityView
                    | ActivityJoin
                    | PetitionFile
                    | RecognitionJoin
            )
        }
        Role::Member => {
            matches!(
                perm,
                OrgView
                    | StatementView
                    | CongressView
                    | ProposalSubmit
                    | DisclosureView
                    | ActivityView
                    | ActivityJoin
                    | PetitionFile
                    | RecognitionJoin
            )
        }
    }
}

/// Whether someone holding `granter` may hand out `role`. Only an admin makes
/// admins; federation staff are made by their federation or an admin.
pub fn may_grant(granter: Role, role: Role) -> bool {
    match role {
        Role::Admin => granter == Role::Admin,
        Role::Federation => matches!(granter, Role::Admin | Role::Federation),
        _ => role_allows(granter, Perm::UserManage),
    }
}

/// The system keeps at least one administrator who can sign in: taking the
/// admin role from `user`, or disabling the account, is refused when no
/// other active administrator (`active_admins`: admin grant, not disabled)
/// would remain. `field` names the input at fault.
pub fn check_keeps_an_admin(
    active_admins: &[uuid::Uuid],
    user: uuid::Uuid,
    field: &str,
) -> Result<(), DomainError> {
    if active_admins.iter().any(|a| *a != user) || !active_admins.contains(&user) {
        return Ok(());
    }
    Err(DomainError::field(
        ErrorCode::LastAdmin,
        field,
        "这是最后一名可用的系统管理员：请先给另一个账号授予系统管理员角色，再撤销此角色或停用此账号",
    ))
}

/// Usernames: 3–32 of `a-z 0-9 . _ -`, starting with a letter or digit.
pub fn parse_username(input: &str) -> Result<String, DomainError> {
    let u = input.trim().to_ascii_lowercase();
    let ok = (3..=32).contains(&u.len())
        && u.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
        && u.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric());
    if ok {
        Ok(u)
    } else {
        Err(DomainError::field(ErrorCode::InvalidUsername, "username", ErrorCode::InvalidUsername.message()))
    }
}

/// The most common passwords (lower case, one a line); see
/// `data/common-passwords.NOTICE.md` for where the list comes from.
const COMMON_PASSWORDS: &str = include_str!("../data/common-passwords.txt");

static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| COMMON_PASSWORDS.lines().map(str::trim).filter(|l| !l.is_empty()).collect());

/// The shortest password accepted.
pub const PASSWORD_MIN_CHARS: usize = 10;
/// The longest password accepted.
pub const PASSWORD_MAX_CHARS: usize = 128;

/// Whether a password is on the list of the most common ones (compared in
/// lower case).
pub fn is_common_password(password: &str) -> bool {
    COMMON.contains(password.trim().to_lowercase().as_str())
}

/// The password rule, wherever a password is set: 10–128 characters with a
/// letter and a digit, not the username nor containing it (compared
/// case-insensitively), and not one of the most common passwords. `label` is
/// the field's Chinese name, used in the message.
pub fn check_password(field: &str, label: &str, password: &str, username: &str) -> Result<(), DomainError> {
    let weak = |message: String| Err(DomainError::field(ErrorCode::WeakPassword, field, message));
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        return weak(format!("{label}至少需要{PASSWORD_MIN_CHARS}个字符"));
    }
    if chars > PASSWORD_MAX_CHARS {
        return weak(format!("{label}不能超过{PASSWORD_MAX_CHARS}个字符"));
    }
    let letter = password.chars().any(|c| c.is_alphabetic());
    let digit = password.chars().any(|c| c.is_ascii_digit());
    if !letter || !digit {
        return weak(format!("{label}须同时包含字母和数字"));
    }
    let name = username.trim().to_lowercase();
    if !name.is_empty() && password.to_lowercase().contains(&name) {
        return weak(format!("{label}不能包含用户名"));
    }
    if is_common_password(password) {
        return weak(format!("{label}是最常见的密码之一，很容易被猜中，请换一个"));
    }
    Ok(())
}

/// Login throttling: the failures in a row of a key (an account or a source
/// address) and, once they pass the free allowance, until when the next
/// attempt must wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    pub failures: i64,
    pub locked_until: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

pub fn is_locked(t: Option<&Throttle>, now: DateTime<Utc>) -> bool {
    wait_left(t, now).is_some()
}

/// How long the next attempt must still wait (None: it may go ahead).
pub fn wait_left(t: Option<&Throttle>, now: DateTime<Utc>) -> Option<Duration> {
    t.and_then(|t| t.locked_until).filter(|until| *until > now).map(|until| until - now)
}

/// A hard limit (the join page's): after `limit` failures in a row a key is
/// locked for `lockout`. Failures older than `lockout` are forgotten.
pub fn after_failure(prev: Option<&Throttle>, now: DateTime<Utc>, limit: i64, lockout: Duration) -> Throttle {
    let recent = prev.filter(|t| now - t.updated_at < lockout && t.locked_until.is_none_or(|u| u > now));
    let failures = recent.map_or(0, |t| t.failures) + 1;
    let locked_until = (failures >= limit).then(|| now + lockout);
    Throttle { failures: if locked_until.is_some() { 0 } else { failures }, locked_until, updated_at: now }
}

/// The progressive delay of failed logins: `free` failures in a row cost
/// nothing; from then on each further attempt waits `base · 2^k` (k = 0, 1,
/// 2 … past the allowance), never more than `cap`. Nobody can lock a real
/// user out for longer than `cap`: a correct password after the wait works.
/// Failures are forgotten after `forget` without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub free: i64,
    pub base: Duration,
    pub cap: Duration,
    pub forget: Duration,
}

/// The wait after `failures` failures in a row (None while within the free
/// allowance).
pub fn login_delay(failures: i64, b: &Backoff) -> Option<Duration> {
    if failures < b.free.max(1) {
        return None;
    }
    let k = u32::try_from((failures - b.free.max(1)).min(30)).unwrap_or(30);
    let factor = 1i32 << k;
    let delay = b.base.checked_mul(factor).unwrap_or(b.cap);
    Some(delay.min(b.cap))
}

/// The state after one more failed login.
pub fn after_login_failure(prev: Option<&Throttle>, now: DateTime<Utc>, b: &Backoff) -> Throttle {
    let recent = prev.filter(|t| now - t.updated_at < b.forget);
    let failures = recent.map_or(0, |t| t.failures) + 1;
    let locked_until = login_delay(failures, b).map(|d| now + d);
    Throttle { failures, locked_until, updated_at: now }
}

/// Whole seconds to tell a client to wait (at least 1).
pub fn retry_after_secs(wait: Duration) -> i64 {
    ((wait.num_milliseconds() + 999) / 1000).max(1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn payment_approvers_are_chair_and_treasurer_never_the_maker() {
        assert_eq!(payment_approver_roles(), vec!["chair", "treasurer"]);
        assert!(!approves_payments(Role::Officer));
        assert!(!approves_payments(Role::Admin));
        let (a, b) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
        assert!(check_payment_approver(a, b).is_ok());
        assert_eq!(check_payment_approver(a, a).unwrap_err().code, ErrorCode::SameReviewer);
    }

    use super::*;

    #[test]
    fn roles_round_trip_and_unknown_is_refused() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()).unwrap(), r);
        }
        let e = Role::parse("king").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("role"));
    }

    #[test]
    fn only_admin_and_auditors_browse_the_audit_log() {
        let allowed: Vec<Role> = Role::ALL.into_iter().filter(|r| role_allows(*r, Perm::AuditView)).collect();
        assert_eq!(allowed, vec![Role::Auditor, Role::Admin]);
    }

    #[test]
    fn full_id_numbers_are_for_chair_and_officer_only() {
        let allowed: Vec<Role> =
            Role::ALL.into_iter().filter(|r| role_allows(*r, Perm::MemberRevealId)).collect();
        assert_eq!(allowed, vec![Role::Chair, Role::Officer]);
        assert!(!role_allows(Role::Federation, Perm::MemberView));
    }

    #[test]
    fn members_only_look() {
        assert!(role_allows(Role::GroupLeader, Perm::MemberView));
        assert!(!role_allows(Role::GroupLeader, Perm::MemberManage));
        for p in Perm::ALL {
            // A member sees their union, its published finance statements,
            // the congress, the disclosure board and the activities, may
            // submit proposals and suggestions, sign up and write to the
            // chair.
            assert_eq!(
                role_allows(Role::Member, p),
                matches!(
                    p,
                    Perm::OrgView
                        | Perm::StatementView
                        | Perm::CongressView
                        | Perm::ProposalSubmit
                        | Perm::DisclosureView
                        | Perm::ActivityView
                        | Perm::ActivityJoin
                        | Perm::PetitionFile
                        | Perm::RecognitionJoin
                ),
                "{p:?}"
            );
        }
    }

    #[test]
    fn books_are_kept_by_separate_hands() {
        // Reopening a month is the chair's alone, not even an admin's.
        for r in Role::ALL {
            assert_eq!(role_allows(r, Perm::PeriodReopen), r == Role::Chair, "{r:?}");
        }
        // The auditor reads the books and records findings but makes no vouchers.
        assert!(
            role_allows(Role::Auditor, Perm::FinanceView) && role_allows(Role::Auditor, Perm::FinanceAudit)
        );
        assert!(
            !role_allows(Role::Auditor, Perm::FinanceMake)
                && !role_allows(Role::Auditor, Perm::FinanceReview)
        );
        // Federation staff see the books (roll-up) but cannot write them.
        assert!(
            role_allows(Role::Federation, Perm::FinanceView)
                && !role_allows(Role::Federation, Perm::FinanceMake)
        );
        assert!(!role_allows(Role::Treasurer, Perm::StatementPublish));
    }

    #[test]
    fn grants_go_on_the_right_kind_of_node() {
        assert!(Role::Chair.check_grant_target(Some(OrgKind::Union)).is_ok());
        assert!(Role::Chair.check_grant_target(Some(OrgKind::Federation)).is_err());
        assert!(Role::Federation.check_grant_target(Some(OrgKind::Federation)).is_ok());
        assert!(Role::GroupLeader.check_grant_target(Some(OrgKind::Group)).is_ok());
        assert!(Role::Admin.check_grant_target(None).is_ok());
        assert!(Role::Admin.check_grant_target(Some(OrgKind::Union)).is_err());
    }

    #[test]
    fn who_may_grant_what() {
        assert!(may_grant(Role::Chair, Role::Officer));
        assert!(!may_grant(Role::Chair, Role::Admin));
        assert!(!may_grant(Role::Chair, Role::Federation));
        assert!(!may_grant(Role::Officer, Role::Member));
        assert!(may_grant(Role::Federation, Role::Chair));
        assert!(may_grant(Role::Admin, Role::Admin));
    }

    #[test]
    fn the_last_active_admin_stays() {
        let (a, b, c) = (uuid::Uuid::from_u128(1), uuid::Uuid::from_u128(2), uuid::Uuid::from_u128(3));
        let e = check_keeps_an_admin(&[a], a, "role").unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::LastAdmin, Some("role")));
        assert!(check_keeps_an_admin(&[a, b], a, "role").is_ok());
        // Someone who is not an active admin takes nothing away.
        assert!(check_keeps_an_admin(&[a], c, "disabled").is_ok());
    }

    #[test]
    fn usernames_and_passwords() {
        assert_eq!(parse_username(" Zhang.San ").unwrap(), "zhang.san");
        assert!(parse_username("张三").is_err());
        assert!(parse_username("ab").is_err());
        assert!(parse_username("-abc").is_err());
        assert!(check_password("password", "密码", "Gonghui-pass-2026", "zhangsan").is_ok());
        // The demo accounts' password meets the rule.
        assert!(check_password("password", "密码", "gonghui2026", "zhuxi").is_ok());
    }

    fn refused(password: &str, username: &str) -> String {
        let e = check_password("new_password", "新密码", password, username).unwrap_err();
        assert_eq!(e.code, ErrorCode::WeakPassword);
        assert_eq!(e.field.as_deref(), Some("new_password"));
        assert!(e.message.starts_with("新密码"), "{}", e.message);
        e.message
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(refused("abc12345", "zhangsan").contains("10"));
        assert!(refused("abcdefgh9", "zhangsan").contains("10"));
        assert!(check_password("p", "密码", "abcdefgh90", "zhangsan").is_ok());
        // Characters, not bytes: ten Chinese characters and a digit pass.
        assert!(check_password("p", "密码", "工会会员服务系统登录9", "zhangsan").is_ok());
        assert!(refused(&"a1".repeat(65), "zhangsan").contains("128"));
    }

    #[test]
    fn passwords_need_a_letter_and_a_digit() {
        assert!(refused("1234567890123", "zhangsan").contains("字母和数字"));
        assert!(refused("abcdefghijklm", "zhangsan").contains("字母和数字"));
    }

    #[test]
    fn passwords_containing_the_username_are_refused() {
        assert!(refused("zhangsan2026", "zhangsan").contains("用户名"));
        assert!(refused("My-ZhangSan-99", "zhangsan").contains("用户名"));
        assert!(refused("Admin12345", "admin").contains("用户名"));
        assert!(check_password("p", "密码", "Gonghui-pass-2026", "lisi").is_ok());
    }

    #[test]
    fn common_passwords_are_refused() {
        assert!(COMMON.len() >= 10_000, "{}", COMMON.len());
        assert!(is_common_password("password"));
        assert!(is_common_password("QWERTY"));
        assert!(refused("qwerty123456", "zhangsan").contains("常见"));
        assert!(refused("Password123", "zhangsan").contains("常见"));
        assert!(!is_common_password("Gonghui-pass-2026"));
    }

    #[test]
    fn five_failures_lock_for_fifteen_minutes() {
        let t0 = DateTime::parse_from_rfc3339("2026-11-21T08:00:00Z").unwrap().with_timezone(&Utc);
        let lockout = Duration::minutes(15);
        let mut t: Option<Throttle> = None;
        for i in 1..=4 {
            t = Some(after_failure(t.as_ref(), t0 + Duration::seconds(i), 5, lockout));
            assert!(!is_locked(t.as_ref(), t0 + Duration::seconds(i)));
        }
        t = Some(after_failure(t.as_ref(), t0 + Duration::seconds(5), 5, lockout));
        assert!(is_locked(t.as_ref(), t0 + Duration::minutes(10)));
        assert!(!is_locked(t.as_ref(), t0 + Duration::minutes(16)));
        // After the lock the count starts afresh.
        let after = after_failure(t.as_ref(), t0 + Duration::minutes(16), 5, lockout);
        assert_eq!(after.failures, 1);
        assert!(after.locked_until.is_none());
    }

    #[test]
    fn old_failures_are_forgotten() {
        let t0 = DateTime::parse_from_rfc3339("2026-11-21T08:00:00Z").unwrap().with_timezone(&Utc);
        let old = Throttle { failures: 4, locked_until: None, updated_at: t0 };
        let next = after_failure(Some(&old), t0 + Duration::hours(1), 5, Duration::minutes(15));
        assert_eq!(next.failures, 1);
    }

    fn backoff() -> Backoff {
        Backoff {
            free: 5,
            base: Duration::seconds(1),
            cap: Duration::minutes(5),
            forget: Duration::minutes(15),
        }
    }

    #[test]
    fn login_delay_doubles_after_five_failures_and_is_capped() {
        let b = backoff();
        for f in 0..5 {
            assert_eq!(login_delay(f, &b), None, "{f}");
        }
        assert_eq!(login_delay(5, &b), Some(Duration::seconds(1)));
        assert_eq!(login_delay(6, &b), Some(Duration::seconds(2)));
        assert_eq!(login_delay(8, &b), Some(Duration::seconds(8)));
        assert_eq!(login_delay(13, &b), Some(Duration::seconds(256)));
        assert_eq!(login_delay(14, &b), Some(Duration::minutes(5)));
        assert_eq!(login_delay(1_000_000, &b), Some(Duration::minutes(5)));
    }

    #[test]
    fn a_user_attacked_twenty_times_waits_at_most_the_cap() {
        let t0 = DateTime::parse_from_rfc3339("2026-11-21T08:00:00Z").unwrap().with_timezone(&Utc);
        let b = backoff();
        let mut t: Option<Throttle> = None;
        let mut now = t0;
        for _ in 0..20 {
            // The attacker tries as soon as each wait is over.
            if let Some(w) = wait_left(t.as_ref(), now) {
                now += w;
            }
            t = Some(after_login_failure(t.as_ref(), now, &b));
        }
        assert_eq!(t.unwrap().failures, 20);
        let wait = wait_left(t.as_ref(), now).unwrap();
        assert_eq!(wait, Duration::minutes(5));
        assert_eq!(retry_after_secs(wait), 300);
        // After the wait the next attempt may go ahead.
        assert!(!is_locked(t.as_ref(), now + Duration::minutes(5)));
        // Quiet for the forget window: the count starts afresh.
        let later = after_login_failure(t.as_ref(), now + Duration::minutes(20), &b);
        assert_eq!(later.failures, 1);
        assert_eq!(later.locked_until, None);
    }

    proptest::proptest! {
        #[test]
        fn the_delay_never_exceeds_the_cap_and_never_shrinks(f in 0i64..10_000) {
            let b = backoff();
            let d = login_delay(f, &b).unwrap_or_else(Duration::zero);
            let next = login_delay(f + 1, &b).unwrap_or_else(Duration::zero);
            proptest::prop_assert!(d <= b.cap);
            proptest::prop_assert!(next >= d);
        }
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_secs(Duration::milliseconds(1)), 1);
        assert_eq!(retry_after_secs(Duration::milliseconds(1001)), 2);
        assert_eq!(retry_after_secs(Duration::zero()), 1);
    }
}
