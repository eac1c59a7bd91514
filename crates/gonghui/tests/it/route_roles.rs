//! Every route of the router × every role: the expected status is worked out
//! here, from the permission table of DOMAIN.md §1 written again by hand, and
//! compared with what the server answers. A route the router has and this
//! table lacks fails the test, and so does a listed route the router lacks.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::{Browser, TestApp, client, csrf_of, id_number};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum R {
    Anon,
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

const ROLES: [R; 10] = [
    R::Anon,
    R::Chair,
    R::Officer,
    R::Treasurer,
    R::Auditor,
    R::WomenCommittee,
    R::GroupLeader,
    R::Member,
    R::Federation,
    R::Admin,
];

impl R {
    fn username(self) -> &'static str {
        match self {
            R::Anon => "",
            R::Chair => "t.chair",
            R::Officer => "t.officer",
            R::Treasurer => "t.treasurer",
            R::Auditor => "t.auditor",
            R::WomenCommittee => "t.women",
            R::GroupLeader => "t.leader",
            R::Member => "t.member",
            R::Federation => "t.federation",
            R::Admin => "admin",
        }
    }

    fn role(self) -> &'static str {
        match self {
            R::Anon => "",
            R::Chair => "chair",
            R::Officer => "officer",
            R::Treasurer => "treasurer",
            R::Auditor => "auditor",
            R::WomenCommittee => "women_committee",
            R::GroupLeader => "group_leader",
            R::Member => "member",
            R::Federation => "federation",
            R::Admin => "admin",
        }
    }

    fn password(self) -> &'static str {
        if self == R::Admin { crate::common::ADMIN_PASSWORD } else { crate::common::PASSWORD }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum P {
    OrgView,
    OrgManage,
    CommitteeManage,
    UserView,
    UserManage,
    AuditView,
    MemberView,
    MemberManage,
    MemberRevealId,
    TransferDecide,
    FinanceView,
    FinanceMake,
    FinanceReview,
    PeriodReopen,
    FinanceSettings,
    FinanceAudit,
    StatementPublish,
    StatementView,
    CareView,
    CareManage,
    CareApprove,
    DisclosureView,
    DisclosurePublish,
    CongressView,
    CongressManage,
    ProposalSubmit,
    ActivityView,
    ActivityJoin,
    ActivityManage,
}

impl P {
    /// The permissions judged on the guard's answer alone: the books (area
    /// `finance`), care, the congress and the activities.
    fn finance(self) -> bool {
        matches!(
            self,
            P::FinanceView
                | P::FinanceMake
                | P::FinanceReview
                | P::PeriodReopen
                | P::FinanceSettings
                | P::FinanceAudit
                | P::StatementPublish
                | P::StatementView
                | P::CareView
                | P::CareManage
                | P::CareApprove
                | P::DisclosureView
                | P::DisclosurePublish
                | P::CongressView
                | P::CongressManage
                | P::ProposalSubmit
                | P::ActivityView
                | P::ActivityJoin
                | P::ActivityManage
        )
    }
}

/// DOMAIN.md §1, as this test reads it.
fn allows(r: R, p: P) -> bool {
    use R::*;
    match p {
        P::OrgView => r != Anon,
        P::OrgManage | P::CommitteeManage | P::UserView => matches!(r, Chair | Officer | Federation | Admin),
        P::UserManage => matches!(r, Chair | Federation | Admin),
        P::AuditView => matches!(r, Auditor | Admin),
        // Federation staff see no roster; only a union's chair and officer
        // may see full ID numbers — not even an admin.
        // A group leader sees the roster of their group only.
        P::MemberView => {
            matches!(r, Chair | Officer | Treasurer | Auditor | WomenCommittee | GroupLeader | Admin)
        }
        P::MemberManage => matches!(r, Chair | Officer | Admin),
        P::MemberRevealId => matches!(r, Chair | Officer),
        P::TransferDecide => matches!(r, Chair | Officer | Federation | Admin),
        // The federation oversees the books (roll-up) but makes nothing.
        P::FinanceView => matches!(r, Chair | Officer | Treasurer | Auditor | Federation | Admin),
        P::FinanceMake => matches!(r, Chair | Officer | Treasurer | Admin),
        // The maker is never the reviewer: that is the handler's 422, not a role.
        P::FinanceReview | P::FinanceSettings => matches!(r, Chair | Treasurer | Admin),
        // Reopening a closed month is the chair's act alone — not even an admin.
        P::PeriodReopen => r == Chair,
        P::FinanceAudit => matches!(r, Auditor | Admin),
        P::StatementPublish => matches!(r, Chair | Admin),
        // Every member of the union reads its published statements.
        P::StatementView => {
            matches!(r, Chair | Officer | Treasurer | Auditor | WomenCommittee | Member | Federation | Admin)
        }
        // Hardship files hold health and income data: no admin, no
        // federation, no treasurer (who pays through the books).
        P::CareView => matches!(r, Chair | Officer | Auditor | WomenCommittee),
        P::CareManage => matches!(r, Chair | Officer | WomenCommittee),
        P::CareApprove => r == Chair,
        // Every member reads the board; the federation above oversees it.
        P::DisclosureView => r != Anon,
        P::DisclosurePublish => matches!(r, Chair | Officer | Admin),
        // Every role of a union sees its congress (a group leader only
        // through a group, which these routes do not name); the federation
        // above too.
        P::CongressView => r != Anon,
        P::CongressManage => matches!(r, Chair | Officer | Admin),
        // Members propose; the federation above does not.
        P::ProposalSubmit => !matches!(r, Anon | Federation),
        // Everyone of the union sees its activities, the federation above too.
        P::ActivityView => r != Anon,
        // Members sign up; the federation above does not.
        P::ActivityJoin => !matches!(r, Anon | Federation),
        // Organisers: the chair, officers and the women's committee.
        P::ActivityManage => matches!(r, Chair | Officer | WomenCommittee | Admin),
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum A {
    Anyone,
    Public,
    Login,
    Perm(P),
    /// Signed in, and on the ballot's roll or allowed to view its union's
    /// congress (the service's check): the ballot of union A has every role
    /// on its roll; union B's only target.b.
    Voter,
}

/// What the path's `{id}` (or `{union_id}`) names.
#[derive(Debug, Clone, Copy, PartialEq)]
enum T {
    None,
    /// `{id}` (or `{org_id}`): union A (B when foreign).
    Org,
    User,
    /// `{union_id}`, and `{member_id}` a member of it.
    Union,
    /// `{group_id}`: the group of union A (B's when foreign).
    Group,
    /// `{ballot_id}` (and `{receipt}`): a closed ballot of union A (B's when
    /// foreign) and a receipt among its papers.
    Ballot,
    /// `{activity_id}`: an activity of union A (B's when foreign), and
    /// `{member_id}` a member of that union.
    Activity,
    /// `{contest_id}`: a contest of union A (B's when foreign), without
    /// rounds (`{round_id}` is a random id).
    Contest,
}

/// Which org a body field names.
#[derive(Debug, Clone, Copy, PartialEq)]
enum B {
    None,
    Union,
    Group,
}

/// Resources a request uses up, made anew for each request.
#[derive(Debug, Clone, Copy, PartialEq)]
enum F {
    No,
    Credentials,
    Grant,
    Post,
    /// A transfer out of the path's union, awaiting its decision.
    Transfer,
    /// An import job of this role's own upload.
    Job,
    /// The public join page's token of union A.
    Token,
    /// `{voucher_id}`: a draft voucher of the path's union.
    Voucher,
    /// `{attachment_id}`: a file attached to a draft voucher of the path's union.
    Attachment,
    /// `{finding_id}`: a funds review finding of the path's union.
    Finding,
}

struct Case(&'static str, &'static str, A, T, B, F);

use A::*;
use B::None as NoBody;
use F::No;
use P::*;

const CASES: &[Case] = &[
    Case("GET", "/healthz", Anyone, T::None, NoBody, No),
    Case("GET", "/static/{*file}", Anyone, T::None, NoBody, No),
    Case("GET", "/api/openapi.json", Anyone, T::None, NoBody, No),
    Case("GET", "/", Login, T::None, NoBody, No),
    Case("GET", "/login", Public, T::None, NoBody, No),
    Case("POST", "/login", Public, T::None, NoBody, F::Credentials),
    Case("POST", "/logout", Login, T::None, NoBody, F::Credentials),
    Case("GET", "/account/password", Login, T::None, NoBody, No),
    Case("POST", "/account/password", Login, T::None, NoBody, No),
    Case("GET", "/users", Perm(UserView), T::None, NoBody, No),
    Case("GET", "/users/new", Perm(UserManage), T::None, NoBody, No),
    Case("POST", "/users", Perm(UserManage), T::None, B::Union, No),
    Case("GET", "/users/{id}", Perm(UserView), T::User, NoBody, No),
    Case("POST", "/users/{id}/roles", Perm(UserManage), T::User, B::Union, No),
    Case("POST", "/users/{id}/roles/{grant_id}/delete", Perm(UserManage), T::User, NoBody, F::Grant),
    Case("POST", "/users/{id}/status", Perm(UserManage), T::User, NoBody, No),
    Case("POST", "/users/{id}/member", Perm(MemberManage), T::User, B::Union, No),
    Case("POST", "/users/{id}/password", Perm(UserManage), T::User, NoBody, No),
    Case("POST", "/users/{id}/member/unlink", Perm(MemberManage), T::User, B::Union, No),
    Case("POST", "/api/v1/auth/token", Public, T::None, NoBody, F::Credentials),
    Case("DELETE", "/api/v1/auth/token", Login, T::None, NoBody, F::Credentials),
    Case("GET", "/api/v1/me", Login, T::None, NoBody, No),
    Case("GET", "/api/v1/me/todo", Login, T::None, NoBody, No),
    Case("POST", "/api/v1/me/password", Login, T::None, NoBody, No),
    Case("GET", "/api/v1/users", Perm(UserView), T::None, NoBody, No),
    Case("POST", "/api/v1/users", Perm(UserManage), T::None, B::Union, No),
    Case("GET", "/api/v1/users/{id}", Perm(UserView), T::User, NoBody, No),
    Case("POST", "/api/v1/users/{id}/roles", Perm(UserManage), T::User, B::Union, No),
    Case("POST", "/api/v1/users/{id}/password", Perm(UserManage), T::User, NoBody, No),
    Case("DELETE", "/api/v1/users/{id}/roles/{grant_id}", Perm(UserManage), T::User, NoBody, F::Grant),
    Case("POST", "/api/v1/users/{id}/status", Perm(UserManage), T::User, NoBody, No),
    Case("GET", "/orgs", Perm(OrgView), T::None, NoBody, No),
    Case("GET", "/orgs/new", Perm(OrgManage), T::None, NoBody, No),
    Case("POST", "/orgs", Perm(OrgManage), T::None, B::Union, No),
    Case("GET", "/orgs/{id}", Perm(OrgView), T::Org, NoBody, No),
    Case("GET", "/orgs/{id}/edit", Perm(OrgManage), T::Org, NoBody, No),
    Case("POST", "/orgs/{id}/edit", Perm(OrgManage), T::Org, NoBody, No),
    Case("POST", "/orgs/{id}/move", Perm(OrgManage), T::Org, B::Group, No),
    Case("POST", "/orgs/{id}/archive", Perm(OrgManage), T::Org, NoBody, No),
    Case("POST", "/orgs/{id}/restore", Perm(OrgManage), T::Org, NoBody, No),
    Case("POST", "/orgs/{id}/committee/terms", Perm(CommitteeManage), T::Org, NoBody, No),
    Case("POST", "/orgs/{id}/committee/posts", Perm(CommitteeManage), T::Org, NoBody, No),
    Case(
        "POST",
        "/orgs/{id}/committee/posts/{post_id}/delete",
        Perm(CommitteeManage),
        T::Org,
        NoBody,
        F::Post,
    ),
    Case("GET", "/api/v1/orgs", Perm(OrgView), T::None, NoBody, No),
    Case("POST", "/api/v1/orgs", Perm(OrgManage), T::None, B::Union, No),
    Case("GET", "/api/v1/orgs/{id}", Perm(OrgView), T::Org, NoBody, No),
    Case("PATCH", "/api/v1/orgs/{id}", Perm(OrgManage), T::Org, NoBody, No),
    Case("POST", "/api/v1/orgs/{id}/move", Perm(OrgManage), T::Org, B::Group, No),
    Case("POST", "/api/v1/orgs/{id}/archive", Perm(OrgManage), T::Org, NoBody, No),
    Case("POST", "/api/v1/orgs/{id}/restore", Perm(OrgManage), T::Org, NoBody, No),
    Case("GET", "/api/v1/orgs/{id}/committee", Perm(OrgView), T::Org, NoBody, No),
    Case("POST", "/api/v1/orgs/{id}/committee/terms", Perm(CommitteeManage), T::Org, NoBody, No),
    Case("POST", "/api/v1/orgs/{id}/committee/posts", Perm(CommitteeManage), T::Org, NoBody, No),
    Case(
        "DELETE",
        "/api/v1/orgs/{id}/committee/posts/{post_id}",
        Perm(CommitteeManage),
        T::Org,
        NoBody,
        F::Post,
    ),
    Case("GET", "/audit", Perm(AuditView), T::None, NoBody, No),
    Case("GET", "/api/v1/audit", Perm(AuditView), T::None, NoBody, No),
    Case("GET", "/members", Perm(MemberView), T::None, NoBody, No),
    Case("GET", "/unions/{union_id}/members", Perm(MemberView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/members/new", Perm(MemberManage), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/members", Perm(MemberManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/members/print", Perm(MemberView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/members/export.xlsx", Perm(MemberView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/members/export-full.xlsx", Perm(MemberRevealId), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/members/import", Perm(MemberManage), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/members/import", Perm(MemberManage), T::Union, NoBody, No),
    Case(
        "POST",
        "/unions/{union_id}/members/import/{job_id}/mapping",
        Perm(MemberManage),
        T::Union,
        NoBody,
        F::Job,
    ),
    Case(
        "POST",
        "/unions/{union_id}/members/import/{job_id}/commit",
        Perm(MemberManage),
        T::Union,
        NoBody,
        F::Job,
    ),
    Case("GET", "/unions/{union_id}/members/import/{job_id}", Perm(MemberManage), T::Union, NoBody, F::Job),
    Case(
        "GET",
        "/unions/{union_id}/members/import/{job_id}/rejected.xlsx",
        Perm(MemberManage),
        T::Union,
        NoBody,
        F::Job,
    ),
    Case("GET", "/unions/{union_id}/members/duplicates", Perm(MemberView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/members/merge", Perm(MemberManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/members/settings", Perm(MemberManage), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/members/settings", Perm(MemberManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/transfers", Perm(TransferDecide), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/transfers", Perm(MemberManage), T::Union, NoBody, No),
    Case(
        "POST",
        "/unions/{union_id}/transfers/{transfer_id}/decision",
        Perm(TransferDecide),
        T::Union,
        NoBody,
        F::Transfer,
    ),
    Case("GET", "/unions/{union_id}/members/{member_id}", Perm(MemberView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/members/{member_id}/edit", Perm(MemberManage), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/members/{member_id}/edit", Perm(MemberManage), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/members/{member_id}/status", Perm(MemberManage), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/members/{member_id}/user", Perm(MemberManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/member-logins/new", Perm(MemberManage), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/member-logins", Perm(MemberManage), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/member-logins", Perm(MemberManage), T::Union, NoBody, No),
    Case(
        "POST",
        "/unions/{union_id}/members/{member_id}/user/unlink",
        Perm(MemberManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/unions/{union_id}/members/{member_id}/reveal-id",
        Perm(MemberRevealId),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/transfers", Perm(TransferDecide), T::None, NoBody, No),
    Case("GET", "/api/v1/transfers", Perm(TransferDecide), T::None, NoBody, No),
    Case("GET", "/groups/{group_id}/members", Perm(MemberView), T::Group, NoBody, No),
    Case("GET", "/api/v1/groups/{group_id}/members", Perm(MemberView), T::Group, NoBody, No),
    Case("GET", "/join/{token}", Public, T::None, NoBody, F::Token),
    Case("POST", "/join/{token}", Public, T::None, NoBody, F::Token),
    Case("GET", "/join/{token}/qr.svg", Anyone, T::None, NoBody, F::Token),
    Case("POST", "/api/v1/unions/{union_id}/members", Perm(MemberManage), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/members", Perm(MemberView), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/members/export", Perm(MemberView), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/members/export-full", Perm(MemberRevealId), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/members/import", Perm(MemberManage), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/members/duplicates", Perm(MemberView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/members/merge", Perm(MemberManage), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/members/{member_id}", Perm(MemberView), T::Union, NoBody, No),
    Case("PATCH", "/api/v1/unions/{union_id}/members/{member_id}", Perm(MemberManage), T::Union, NoBody, No),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/members/{member_id}/status",
        Perm(MemberManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/members/{member_id}/reveal-id",
        Perm(MemberRevealId),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/unions/{union_id}/transfers", Perm(TransferDecide), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/transfers", Perm(MemberManage), T::Union, NoBody, No),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/transfers/{transfer_id}/decision",
        Perm(TransferDecide),
        T::Union,
        NoBody,
        F::Transfer,
    ),
    Case("GET", "/api/v1/unions/{union_id}/member-settings", Perm(MemberView), T::Union, NoBody, No),
    Case("PUT", "/api/v1/unions/{union_id}/member-settings", Perm(MemberManage), T::Union, NoBody, No),
    Case("POST", "/api/v1/join/{token}", Public, T::None, NoBody, F::Token),
    Case("GET", "/unions/{union_id}/finance", Perm(FinanceView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/finance/accounts", Perm(FinanceView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/finance/accounts", Perm(FinanceSettings), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/finance/vouchers", Perm(FinanceView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/finance/vouchers/new", Perm(FinanceMake), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/finance/vouchers", Perm(FinanceMake), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/finance/vouchers/post-batch", Perm(FinanceReview), T::Union, NoBody, No),
    Case(
        "GET",
        "/unions/{union_id}/finance/vouchers/{voucher_id}",
        Perm(FinanceView),
        T::Union,
        NoBody,
        F::Voucher,
    ),
    Case(
        "GET",
        "/unions/{union_id}/finance/vouchers/{voucher_id}/print",
        Perm(FinanceView),
        T::Union,
        NoBody,
        F::Voucher,
    ),
    Case(
        "GET",
        "/unions/{union_id}/finance/vouchers/{voucher_id}/edit",
        Perm(FinanceMake),
        T::Union,
        NoBody,
        F::Voucher,
    ),
    Case(
        "POST",
        "/unions/{union_id}/finance/vouchers/{voucher_id}/edit",
        Perm(FinanceMake),
        T::Union,
        NoBody,
        F::Voucher,
    ),
    Case(
        "POST",
        "/unions/{union_id}/finance/vouchers/{voucher_id}/delete",
        Perm(FinanceMake),
        T::Union,
        NoBody,
        F::Voucher,
    ),
    Case(
        "POST",
        "/unions/{union_id}/finance/vouchers/{voucher_id}/review",
        Perm(FinanceReview),
        T::Union,
        NoBody,
        F::Voucher,
    ),
    Case(
        "POST",
        "/unions/{union_id}/finance/vouchers/{voucher_id}/unreview",
        Perm(FinanceReview),
        T::Union,
        NoBody,
        F::Voucher,
    ),
    Case(
        "POST",
        "/unions/{union_id}/finance/vouchers/{voucher_id}/post",
        Perm(FinanceReview),
        T::Union,
        NoBody,
        F::Voucher,
    ),
    Case(
        "POST",
        "/unions/{union_id}/finance/vouchers/{voucher_id}/reverse",
        Perm(FinanceMake),
        T::Union,
        NoBody,
        F::Voucher,
    ),
    Case(
        "POST",
        "/unions/{union_id}/finance/vouchers/{voucher_id}/attachments",
        Perm(FinanceMake),
        T::Union,
        NoBody,
        F::Voucher,
    ),
    Case(
        "GET",
        "/unions/{union_id}/finance/attachments/{attachment_id}",
        Perm(FinanceView),
        T::Union,
        NoBody,
        F::Attachment,
    ),
    Case("GET", "/unions/{union_id}/finance/periods", Perm(FinanceView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/finance/opening", Perm(FinanceView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/finance/opening", Perm(FinanceMake), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/finance/opening/review", Perm(FinanceReview), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/finance/opening/unreview", Perm(FinanceReview), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/finance/opening/post", Perm(FinanceReview), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/finance/periods/close", Perm(FinanceReview), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/finance/periods/reopen", Perm(PeriodReopen), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/finance/reports/{report}", Perm(FinanceView), T::Union, NoBody, No),
    Case(
        "GET",
        "/unions/{union_id}/finance/reports/{report}/export.xlsx",
        Perm(FinanceView),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/unions/{union_id}/finance/budget", Perm(FinanceView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/finance/budget", Perm(FinanceSettings), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/finance/dues", Perm(FinanceView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/finance/dues/bills", Perm(FinanceMake), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/finance/dues/collect", Perm(FinanceMake), T::Union, NoBody, No),
    Case(
        "GET",
        "/unions/{union_id}/finance/dues/members/{member_id}",
        Perm(FinanceView),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "GET",
        "/unions/{union_id}/finance/dues/members/{member_id}/receipts/{voucher_id}",
        Perm(FinanceView),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/unions/{union_id}/finance/funds", Perm(FinanceView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/finance/funds", Perm(FinanceMake), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/finance/funds/receipts", Perm(FinanceMake), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/finance/policy", Perm(FinanceView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/finance/policy", Perm(FinanceSettings), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/finance/welfare", Perm(FinanceView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/finance/welfare", Perm(FinanceMake), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/finance/settings", Perm(FinanceSettings), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/finance/settings", Perm(FinanceSettings), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/finance/statements", Perm(StatementView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/finance/statements", Perm(StatementPublish), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/finance/audit", Perm(FinanceAudit), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/finance/audit/findings", Perm(FinanceAudit), T::Union, NoBody, No),
    Case(
        "POST",
        "/unions/{union_id}/finance/audit/findings/{finding_id}",
        Perm(FinanceAudit),
        T::Union,
        NoBody,
        F::Finding,
    ),
    Case("GET", "/unions/{union_id}/finance/audit/books.xlsx", Perm(FinanceAudit), T::Union, NoBody, No),
    Case("GET", "/orgs/{org_id}/finance/rollup", Perm(FinanceView), T::Org, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/accounts", Perm(FinanceView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/accounts", Perm(FinanceSettings), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/vouchers", Perm(FinanceView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/vouchers", Perm(FinanceMake), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/vouchers/post-batch", Perm(FinanceReview), T::Union, NoBody, No),
    Case(
        "GET",
        "/api/v1/unions/{union_id}/vouchers/{voucher_id}",
        Perm(FinanceView),
        T::Union,
        NoBody,
        F::Voucher,
    ),
    Case(
        "PATCH",
        "/api/v1/unions/{union_id}/vouchers/{voucher_id}",
        Perm(FinanceMake),
        T::Union,
        NoBody,
        F::Voucher,
    ),
    Case(
        "DELETE",
        "/api/v1/unions/{union_id}/vouchers/{voucher_id}",
        Perm(FinanceMake),
        T::Union,
        NoBody,
        F::Voucher,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/vouchers/{voucher_id}/review",
        Perm(FinanceReview),
        T::Union,
        NoBody,
        F::Voucher,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/vouchers/{voucher_id}/unreview",
        Perm(FinanceReview),
        T::Union,
        NoBody,
        F::Voucher,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/vouchers/{voucher_id}/post",
        Perm(FinanceReview),
        T::Union,
        NoBody,
        F::Voucher,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/vouchers/{voucher_id}/reverse",
        Perm(FinanceMake),
        T::Union,
        NoBody,
        F::Voucher,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/vouchers/{voucher_id}/attachments",
        Perm(FinanceMake),
        T::Union,
        NoBody,
        F::Voucher,
    ),
    Case("GET", "/api/v1/unions/{union_id}/periods", Perm(FinanceView), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/opening-balances", Perm(FinanceView), T::Union, NoBody, No),
    Case("PUT", "/api/v1/unions/{union_id}/opening-balances", Perm(FinanceMake), T::Union, NoBody, No),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/opening-balances/review",
        Perm(FinanceReview),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/opening-balances/unreview",
        Perm(FinanceReview),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/opening-balances/post",
        Perm(FinanceReview),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/periods/{period}/close",
        Perm(FinanceReview),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/periods/{period}/reopen",
        Perm(PeriodReopen),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/unions/{union_id}/reports/trial-balance", Perm(FinanceView), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/reports/balance-sheet", Perm(FinanceView), T::Union, NoBody, No),
    Case(
        "GET",
        "/api/v1/unions/{union_id}/reports/income-statement",
        Perm(FinanceView),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/unions/{union_id}/reports/general-ledger", Perm(FinanceView), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/reports/detail-ledger", Perm(FinanceView), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/reports/budget", Perm(FinanceView), T::Union, NoBody, No),
    Case("GET", "/api/v1/orgs/{org_id}/finance/rollup", Perm(FinanceView), T::Org, NoBody, No),
    Case("PUT", "/api/v1/unions/{union_id}/budget/{year}", Perm(FinanceSettings), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/dues/bills", Perm(FinanceMake), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/dues/{month}", Perm(FinanceView), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/dues/{month}/bills", Perm(FinanceView), T::Union, NoBody, No),
    Case(
        "GET",
        "/api/v1/unions/{union_id}/members/{member_id}/dues",
        Perm(FinanceView),
        T::Union,
        NoBody,
        No,
    ),
    Case("POST", "/api/v1/unions/{union_id}/dues/collect", Perm(FinanceMake), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/dues-arrears", Perm(FinanceView), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/funds", Perm(FinanceView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/funds", Perm(FinanceMake), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/funds/{month}/receipts", Perm(FinanceMake), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/policy", Perm(FinanceView), T::Union, NoBody, No),
    Case("PUT", "/api/v1/unions/{union_id}/policy", Perm(FinanceSettings), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/policy/check", Perm(FinanceView), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/welfare", Perm(FinanceView), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/payment-approvers", Perm(FinanceView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/welfare", Perm(FinanceMake), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/finance-settings", Perm(FinanceView), T::Union, NoBody, No),
    Case("PUT", "/api/v1/unions/{union_id}/finance-settings", Perm(FinanceSettings), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/statements", Perm(StatementView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/statements", Perm(StatementPublish), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/finance-audit", Perm(FinanceAudit), T::Union, NoBody, No),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/finance-audit/findings",
        Perm(FinanceAudit),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "PATCH",
        "/api/v1/unions/{union_id}/finance-audit/findings/{finding_id}",
        Perm(FinanceAudit),
        T::Union,
        NoBody,
        F::Finding,
    ),
    Case("GET", "/unions/{union_id}/care", Perm(CareView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/care/policy", Perm(CareView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/care/policy", Perm(CareApprove), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/care/files", Perm(CareView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/care/files/new", Perm(CareManage), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/care/files", Perm(CareManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/care/files/{file_id}", Perm(CareView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/care/files/{file_id}/review", Perm(CareManage), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/care/files/{file_id}/review", Perm(CareManage), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/care/files/{file_id}/decision", Perm(CareApprove), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/care/files/{file_id}/close", Perm(CareManage), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/care/files/{file_id}/documents", Perm(CareManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/care/documents/{document_id}", Perm(CareView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/care/assistance", Perm(CareView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/care/assistance", Perm(FinanceMake), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/care/events", Perm(CareView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/care/events", Perm(CareManage), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/care/visits/{visit_id}", Perm(CareManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/care/campaigns", Perm(CareView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/care/campaigns/new", Perm(CareManage), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/care/campaigns", Perm(CareManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/care/campaigns/{campaign_id}", Perm(CareView), T::Union, NoBody, No),
    Case(
        "POST",
        "/unions/{union_id}/care/campaigns/{campaign_id}/remove",
        Perm(CareManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/unions/{union_id}/care/campaigns/{campaign_id}/approve",
        Perm(CareApprove),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/unions/{union_id}/care/campaigns/{campaign_id}/pay",
        Perm(FinanceMake),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "GET",
        "/unions/{union_id}/care/campaigns/{campaign_id}/signoff",
        Perm(CareView),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/unions/{union_id}/care/members/{member_id}/consent",
        Perm(CareManage),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/unions/{union_id}/care/mutual-aid", Perm(CareView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/care/mutual-aid/plans", Perm(CareApprove), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/care/mutual-aid/enrolments", Perm(CareManage), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/care/mutual-aid/claims", Perm(CareManage), T::Union, NoBody, No),
    Case(
        "POST",
        "/unions/{union_id}/care/mutual-aid/claims/{claim_id}/assess",
        Perm(CareApprove),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/unions/{union_id}/care/mutual-aid/claims/{claim_id}/pay",
        Perm(FinanceMake),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/unions/{union_id}/care/disclosure", Perm(CareView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/care/disclosure", Perm(DisclosurePublish), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/proposals", Perm(CongressView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/proposals/settings", Perm(CongressManage), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/proposal-settings", Perm(CongressView), T::Union, NoBody, No),
    Case("PUT", "/api/v1/unions/{union_id}/proposal-settings", Perm(CongressManage), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/proposals", Perm(ProposalSubmit), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/proposals/report", Perm(CongressView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/proposals/{proposal_id}", Perm(CongressView), T::Union, NoBody, No),
    Case(
        "POST",
        "/unions/{union_id}/proposals/{proposal_id}/cosign",
        Perm(ProposalSubmit),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/unions/{union_id}/proposals/{proposal_id}/review",
        Perm(CongressManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/unions/{union_id}/proposals/{proposal_id}/assign",
        Perm(CongressManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/unions/{union_id}/proposals/{proposal_id}/answer",
        Perm(CongressManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/unions/{union_id}/proposals/{proposal_id}/rate",
        Perm(ProposalSubmit),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/unions/{union_id}/proposals", Perm(CongressView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/proposals", Perm(ProposalSubmit), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/proposals/report", Perm(CongressView), T::Union, NoBody, No),
    Case(
        "GET",
        "/api/v1/unions/{union_id}/proposals/{proposal_id}",
        Perm(CongressView),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/proposals/{proposal_id}/cosign",
        Perm(ProposalSubmit),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/proposals/{proposal_id}/review",
        Perm(CongressManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/proposals/{proposal_id}/assign",
        Perm(CongressManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/proposals/{proposal_id}/answer",
        Perm(CongressManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/proposals/{proposal_id}/rate",
        Perm(ProposalSubmit),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/unions/{union_id}/disclosure", Perm(DisclosureView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/disclosure/new", Perm(DisclosurePublish), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/disclosure", Perm(DisclosurePublish), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/disclosure/{item_id}", Perm(DisclosureView), T::Union, NoBody, No),
    Case(
        "POST",
        "/unions/{union_id}/disclosure/{item_id}/withdraw",
        Perm(DisclosurePublish),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/unions/{union_id}/disclosure/{item_id}/feedback",
        Perm(DisclosureView),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/unions/{union_id}/disclosures", Perm(DisclosureView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/disclosures", Perm(DisclosurePublish), T::Union, NoBody, No),
    Case(
        "GET",
        "/api/v1/unions/{union_id}/disclosures/{item_id}",
        Perm(DisclosureView),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/disclosures/{item_id}/withdraw",
        Perm(DisclosurePublish),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/disclosures/{item_id}/feedback",
        Perm(DisclosureView),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/me/care", Login, T::None, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/care-policy", Perm(CareView), T::Union, NoBody, No),
    Case("PUT", "/api/v1/unions/{union_id}/care-policy", Perm(CareApprove), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/hardship-files", Perm(CareView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/hardship-files", Perm(CareManage), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/hardship-files/{file_id}", Perm(CareView), T::Union, NoBody, No),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/hardship-files/{file_id}/review",
        Perm(CareManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/hardship-files/{file_id}/decision",
        Perm(CareApprove),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/hardship-files/{file_id}/close",
        Perm(CareManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/hardship-files/{file_id}/documents",
        Perm(CareManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/care-documents/{owner_kind}/{owner_id}",
        Perm(CareManage),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/unions/{union_id}/assistance", Perm(CareView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/assistance", Perm(FinanceMake), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/members/{member_id}/care", Perm(CareView), T::Union, NoBody, No),
    Case(
        "PUT",
        "/api/v1/unions/{union_id}/members/{member_id}/care-consent",
        Perm(CareManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "PUT",
        "/api/v1/unions/{union_id}/members/{member_id}/user",
        Perm(MemberManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "DELETE",
        "/api/v1/unions/{union_id}/members/{member_id}/user",
        Perm(MemberManage),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/unions/{union_id}/life-events", Perm(CareView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/life-events", Perm(CareManage), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/visits", Perm(CareView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/visits/{visit_id}", Perm(CareManage), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/birthdays", Perm(CareView), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/campaigns", Perm(CareView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/campaigns", Perm(CareManage), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/campaigns/{campaign_id}", Perm(CareView), T::Union, NoBody, No),
    Case(
        "PATCH",
        "/api/v1/unions/{union_id}/campaigns/{campaign_id}/recipients/{member_id}",
        Perm(CareManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/campaigns/{campaign_id}/approve",
        Perm(CareApprove),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/campaigns/{campaign_id}/pay",
        Perm(FinanceMake),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/unions/{union_id}/care-disclosure", Perm(CareView), T::Union, NoBody, No),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/care-disclosure/publish",
        Perm(DisclosurePublish),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/unions/{union_id}/mutual-aid/plans", Perm(CareView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/mutual-aid/plans", Perm(CareApprove), T::Union, NoBody, No),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/mutual-aid/plans/{plan_id}/enrolments",
        Perm(CareManage),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/unions/{union_id}/mutual-aid/enrolments", Perm(CareView), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/mutual-aid/claims", Perm(CareView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/mutual-aid/claims", Perm(CareManage), T::Union, NoBody, No),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/mutual-aid/claims/{claim_id}/assess",
        Perm(CareApprove),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/mutual-aid/claims/{claim_id}/pay",
        Perm(FinanceMake),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/unions/{union_id}/mutual-aid/report", Perm(CareView), T::Union, NoBody, No),
    Case("GET", "/api/v1/me/care", Login, T::None, NoBody, No),
    Case("GET", "/unions/{union_id}/congress", Perm(CongressView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/congress/terms", Perm(CongressManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/congress/terms/{term_id}", Perm(CongressView), T::Union, NoBody, No),
    Case(
        "POST",
        "/unions/{union_id}/congress/terms/{term_id}/delegates",
        Perm(CongressManage),
        T::Union,
        NoBody,
        No,
    ),
    Case("POST", "/unions/{union_id}/congress/sessions", Perm(CongressManage), T::Union, NoBody, No),
    Case(
        "GET",
        "/unions/{union_id}/congress/sessions/{session_id}",
        Perm(CongressView),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "GET",
        "/unions/{union_id}/congress/sessions/{session_id}/quorum",
        Perm(CongressView),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/unions/{union_id}/congress/sessions/{session_id}/agenda",
        Perm(CongressManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/unions/{union_id}/congress/sessions/{session_id}/papers",
        Perm(CongressManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/unions/{union_id}/congress/sessions/{session_id}/checkins",
        Perm(CongressManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/unions/{union_id}/congress/sessions/{session_id}/motions",
        Perm(CongressManage),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/unions/{union_id}/ballots/new", Perm(CongressManage), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/ballots", Perm(CongressManage), T::Union, NoBody, No),
    Case("GET", "/ballots/{ballot_id}", Voter, T::Ballot, NoBody, No),
    Case("POST", "/ballots/{ballot_id}/vote", Voter, T::Ballot, NoBody, No),
    Case("GET", "/ballots/{ballot_id}/minutes", Voter, T::Ballot, NoBody, No),
    Case("POST", "/ballots/{ballot_id}/open", Perm(CongressManage), T::Ballot, NoBody, No),
    Case("POST", "/ballots/{ballot_id}/close", Perm(CongressManage), T::Ballot, NoBody, No),
    Case("POST", "/ballots/{ballot_id}/counts", Perm(CongressManage), T::Ballot, NoBody, No),
    Case("POST", "/ballots/{ballot_id}/next-round", Perm(CongressManage), T::Ballot, NoBody, No),
    Case("POST", "/ballots/{ballot_id}/delegates", Perm(CongressManage), T::Ballot, NoBody, No),
    Case("GET", "/me/ballots", Login, T::None, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/congress", Perm(CongressView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/congress/terms", Perm(CongressManage), T::Union, NoBody, No),
    Case(
        "GET",
        "/api/v1/unions/{union_id}/congress/terms/{term_id}/delegates",
        Perm(CongressView),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/congress/terms/{term_id}/delegates",
        Perm(CongressManage),
        T::Union,
        NoBody,
        No,
    ),
    Case("POST", "/api/v1/unions/{union_id}/congress/sessions", Perm(CongressManage), T::Union, NoBody, No),
    Case(
        "GET",
        "/api/v1/unions/{union_id}/congress/sessions/{session_id}",
        Perm(CongressView),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/congress/sessions/{session_id}/agenda",
        Perm(CongressManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/congress/sessions/{session_id}/papers",
        Perm(CongressManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/congress/sessions/{session_id}/checkins",
        Perm(CongressManage),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/unions/{union_id}/ballots", Perm(CongressView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/ballots", Perm(CongressManage), T::Union, NoBody, No),
    Case("GET", "/api/v1/ballots/{ballot_id}", Voter, T::Ballot, NoBody, No),
    Case("POST", "/api/v1/ballots/{ballot_id}/open", Perm(CongressManage), T::Ballot, NoBody, No),
    Case("POST", "/api/v1/ballots/{ballot_id}/close", Perm(CongressManage), T::Ballot, NoBody, No),
    Case("POST", "/api/v1/ballots/{ballot_id}/vote", Voter, T::Ballot, NoBody, No),
    Case("GET", "/api/v1/ballots/{ballot_id}/tally", Voter, T::Ballot, NoBody, No),
    Case("GET", "/api/v1/ballots/{ballot_id}/receipts/{receipt}", Voter, T::Ballot, NoBody, No),
    Case("POST", "/api/v1/ballots/{ballot_id}/counts", Perm(CongressManage), T::Ballot, NoBody, No),
    Case("POST", "/api/v1/ballots/{ballot_id}/next-round", Perm(CongressManage), T::Ballot, NoBody, No),
    Case("POST", "/api/v1/ballots/{ballot_id}/delegates", Perm(CongressManage), T::Ballot, NoBody, No),
    Case("GET", "/api/v1/me/ballots", Login, T::None, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/activities", Perm(ActivityView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/activities", Perm(ActivityManage), T::Union, NoBody, No),
    Case("GET", "/api/v1/activities/{activity_id}", Perm(ActivityView), T::Activity, NoBody, No),
    Case("PUT", "/api/v1/activities/{activity_id}", Perm(ActivityManage), T::Activity, NoBody, No),
    Case("POST", "/api/v1/activities/{activity_id}/call-off", Perm(ActivityManage), T::Activity, NoBody, No),
    Case("POST", "/api/v1/activities/{activity_id}/signups", Perm(ActivityJoin), T::Activity, NoBody, No),
    Case("GET", "/api/v1/activities/{activity_id}/signups", Perm(ActivityManage), T::Activity, NoBody, No),
    Case(
        "DELETE",
        "/api/v1/activities/{activity_id}/signups/me",
        Perm(ActivityJoin),
        T::Activity,
        NoBody,
        No,
    ),
    Case(
        "DELETE",
        "/api/v1/activities/{activity_id}/signups/{member_id}",
        Perm(ActivityManage),
        T::Activity,
        NoBody,
        No,
    ),
    Case("POST", "/api/v1/activities/{activity_id}/checkins", Perm(ActivityJoin), T::Activity, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/participation", Perm(ActivityView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/activities", Perm(ActivityView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/activities", Perm(ActivityManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/participation", Perm(ActivityView), T::Union, NoBody, No),
    Case("GET", "/activities/{activity_id}", Perm(ActivityView), T::Activity, NoBody, No),
    Case("POST", "/activities/{activity_id}/signup", Perm(ActivityJoin), T::Activity, NoBody, No),
    Case("POST", "/activities/{activity_id}/cancel", Perm(ActivityJoin), T::Activity, NoBody, No),
    Case("POST", "/activities/{activity_id}/signups", Perm(ActivityManage), T::Activity, NoBody, No),
    Case(
        "POST",
        "/activities/{activity_id}/signups/{member_id}/cancel",
        Perm(ActivityManage),
        T::Activity,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/activities/{activity_id}/checkins/{member_id}",
        Perm(ActivityManage),
        T::Activity,
        NoBody,
        No,
    ),
    Case("POST", "/activities/{activity_id}/call-off", Perm(ActivityManage), T::Activity, NoBody, No),
    Case("GET", "/activities/{activity_id}/qr", Perm(ActivityManage), T::Activity, NoBody, No),
    Case("GET", "/activities/{activity_id}/checkin", Perm(ActivityJoin), T::Activity, NoBody, No),
    Case("POST", "/activities/{activity_id}/checkin", Perm(ActivityJoin), T::Activity, NoBody, No),
    Case("GET", "/unions/{union_id}/contests", Perm(ActivityView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/contests", Perm(ActivityManage), T::Union, NoBody, No),
    Case("GET", "/contests/{contest_id}", Perm(ActivityView), T::Contest, NoBody, No),
    Case("POST", "/contests/{contest_id}/entrants", Perm(ActivityManage), T::Contest, NoBody, No),
    Case("POST", "/contests/{contest_id}/judges", Perm(ActivityManage), T::Contest, NoBody, No),
    Case("POST", "/contests/{contest_id}/rounds", Perm(ActivityManage), T::Contest, NoBody, No),
    Case(
        "POST",
        "/contests/{contest_id}/rounds/{round_id}/close",
        Perm(ActivityManage),
        T::Contest,
        NoBody,
        No,
    ),
    Case("GET", "/contests/{contest_id}/rounds/{round_id}/score", Perm(ActivityJoin), T::Contest, NoBody, No),
    Case(
        "POST",
        "/contests/{contest_id}/rounds/{round_id}/score",
        Perm(ActivityJoin),
        T::Contest,
        NoBody,
        No,
    ),
    Case(
        "GET",
        "/contests/{contest_id}/rounds/{round_id}/sheet.print",
        Perm(ActivityView),
        T::Contest,
        NoBody,
        No,
    ),
    Case("POST", "/contests/{contest_id}/prizes", Perm(ActivityManage), T::Contest, NoBody, No),
    Case("POST", "/contests/{contest_id}/publish", Perm(ActivityManage), T::Contest, NoBody, No),
    Case("GET", "/contests/{contest_id}/results.print", Perm(ActivityView), T::Contest, NoBody, No),
    Case("GET", "/contests/{contest_id}/results.xlsx", Perm(ActivityView), T::Contest, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/contests", Perm(ActivityView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/contests", Perm(ActivityManage), T::Union, NoBody, No),
    Case("GET", "/api/v1/contests/{contest_id}", Perm(ActivityView), T::Contest, NoBody, No),
    Case("POST", "/api/v1/contests/{contest_id}/entrants", Perm(ActivityManage), T::Contest, NoBody, No),
    Case("POST", "/api/v1/contests/{contest_id}/judges", Perm(ActivityManage), T::Contest, NoBody, No),
    Case("POST", "/api/v1/contests/{contest_id}/rounds", Perm(ActivityManage), T::Contest, NoBody, No),
    Case(
        "POST",
        "/api/v1/contests/{contest_id}/rounds/{round_id}/close",
        Perm(ActivityManage),
        T::Contest,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/contests/{contest_id}/rounds/{round_id}/sheets",
        Perm(ActivityJoin),
        T::Contest,
        NoBody,
        No,
    ),
    Case(
        "GET",
        "/api/v1/contests/{contest_id}/rounds/{round_id}/sheets",
        Perm(ActivityView),
        T::Contest,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/contests/{contest_id}/ranking", Perm(ActivityView), T::Contest, NoBody, No),
    Case("POST", "/api/v1/contests/{contest_id}/prizes", Perm(ActivityManage), T::Contest, NoBody, No),
    Case("POST", "/api/v1/contests/{contest_id}/publish", Perm(ActivityManage), T::Contest, NoBody, No),
    Case("GET", "/api/v1/contests/{contest_id}/results", Perm(ActivityView), T::Contest, NoBody, No),
    // Activity costs: the plan, approval, payment, photos, report; exports and prints.
    Case("GET", "/activities/{activity_id}/costs", Perm(ActivityView), T::Activity, NoBody, No),
    Case("POST", "/activities/{activity_id}/cost-plan", Perm(ActivityManage), T::Activity, NoBody, No),
    Case("POST", "/activities/{activity_id}/cost-plan/approve", Perm(FinanceReview), T::Activity, NoBody, No),
    Case("GET", "/activities/{activity_id}/cost-plan/print", Perm(ActivityView), T::Activity, NoBody, No),
    Case("POST", "/activities/{activity_id}/payment", Perm(FinanceMake), T::Activity, NoBody, No),
    Case("POST", "/activities/{activity_id}/report", Perm(ActivityManage), T::Activity, NoBody, No),
    Case("POST", "/activities/{activity_id}/photos", Perm(ActivityManage), T::Activity, NoBody, No),
    Case("GET", "/activities/{activity_id}/photos/{photo_id}", Perm(ActivityView), T::Activity, NoBody, No),
    Case("GET", "/activities/{activity_id}/attendance.xlsx", Perm(ActivityManage), T::Activity, NoBody, No),
    Case("GET", "/activities/{activity_id}/signups.xlsx", Perm(ActivityManage), T::Activity, NoBody, No),
    Case("GET", "/activities/{activity_id}/sign-in-sheet", Perm(ActivityManage), T::Activity, NoBody, No),
    Case("GET", "/unions/{union_id}/activities.xlsx", Perm(ActivityView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/participation/absent.xlsx", Perm(ActivityManage), T::Union, NoBody, No),
    Case("GET", "/api/v1/activities/{activity_id}/cost-plan", Perm(ActivityView), T::Activity, NoBody, No),
    Case("PUT", "/api/v1/activities/{activity_id}/cost-plan", Perm(ActivityManage), T::Activity, NoBody, No),
    Case(
        "POST",
        "/api/v1/activities/{activity_id}/cost-plan/approve",
        Perm(FinanceReview),
        T::Activity,
        NoBody,
        No,
    ),
    Case("POST", "/api/v1/activities/{activity_id}/payment", Perm(FinanceMake), T::Activity, NoBody, No),
    Case("GET", "/api/v1/activities/{activity_id}/report", Perm(ActivityView), T::Activity, NoBody, No),
    Case("PUT", "/api/v1/activities/{activity_id}/report", Perm(ActivityManage), T::Activity, NoBody, No),
    Case("GET", "/api/v1/activities/{activity_id}/photos", Perm(ActivityView), T::Activity, NoBody, No),
    Case("POST", "/api/v1/activities/{activity_id}/photos", Perm(ActivityManage), T::Activity, NoBody, No),
    Case(
        "GET",
        "/api/v1/activities/{activity_id}/photos/{photo_id}",
        Perm(ActivityView),
        T::Activity,
        NoBody,
        No,
    ),
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Allowed,
    Login,
    Forbidden,
    NotFound,
}

/// Whether a role's grant covers a node of union A (or its group).
fn sees(r: R, group: bool) -> bool {
    match r {
        R::Anon => false,
        R::GroupLeader => group,
        _ => true,
    }
}

fn expect(c: &Case, r: R, foreign: bool) -> Expect {
    let Case(_, _, access, target, body, _) = c;
    match access {
        Anyone | Public => Expect::Allowed,
        Login if r == R::Anon => Expect::Login,
        Login => Expect::Allowed,
        Voter if r == R::Anon => Expect::Login,
        Voter if foreign && r != R::Admin => Expect::NotFound,
        // The admin sees union B's ballot but is not on its roll; nor are the
        // admin and federation staff on union A's: a roll holds the union's
        // own accounts only (issue 12).
        Voter if (foreign || matches!(r, R::Admin | R::Federation)) && c.1.ends_with("/vote") => {
            Expect::Forbidden
        }
        Voter if r == R::Federation && !allows(r, CongressView) => Expect::NotFound,
        Voter => Expect::Allowed,
        Perm(_) if r == R::Anon => Expect::Login,
        Perm(p) => {
            let has_target = *target != T::None || *body != NoBody;
            if foreign && has_target {
                return match r {
                    R::Admin if allows(r, *p) => Expect::Allowed,
                    R::Admin => Expect::Forbidden,
                    _ => Expect::NotFound,
                };
            }
            // The path target is union A (or an account at union A); a body
            // names union A or its group.
            let visible = (*target == T::None || sees(r, *target == T::Group))
                && (*body != B::Union || sees(r, false))
                && (*body != B::Group || sees(r, true));
            if has_target && !visible {
                Expect::NotFound
            } else if allows(r, *p) {
                Expect::Allowed
            } else {
                Expect::Forbidden
            }
        }
    }
}

struct World {
    admin: String,
    member_a: String,
    member_b: String,
    next_id: std::sync::atomic::AtomicU32,
    union_a: String,
    group_a: String,
    union_b: String,
    group_b: String,
    user_a: String,
    user_b: String,
    /// A closed ballot of each union and a receipt among its papers.
    ballot_a: (String, String),
    ballot_b: (String, String),
    /// An activity of each union.
    activity_a: String,
    activity_b: String,
    /// A contest of each union.
    contest_a: String,
    contest_b: String,
}

async fn setup(app: &TestApp) -> World {
    let admin = app.admin().await;
    let fed_a = app.org(&admin, "federation", "甲区总工会", None).await;
    let union_a = app.org(&admin, "union", "甲公司工会", Some(&fed_a)).await;
    let group_a = app.org(&admin, "group", "甲一组", Some(&union_a)).await;
    let fed_b = app.org(&admin, "federation", "乙区总工会", None).await;
    let union_b = app.org(&admin, "union", "乙公司工会", Some(&fed_b)).await;
    let group_b = app.org(&admin, "group", "乙一组", Some(&union_b)).await;
    for u in [&union_a, &union_b] {
        let (s, _) = app
            .post(
                &admin,
                &format!("/api/v1/orgs/{u}/committee/terms"),
                json!({"starts_on": "2024-01-01", "years": 5}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
    }
    for r in ROLES {
        let node = match r {
            R::Anon | R::Admin => continue,
            R::GroupLeader => &group_a,
            R::Federation => &fed_a,
            _ => &union_a,
        };
        app.user(&admin, r.username(), r.role(), Some(node), Some(node)).await;
    }
    let user_a = app.user(&admin, "target.a", "member", Some(&union_a), Some(&union_a)).await;
    let user_b = app.user(&admin, "target.b", "member", Some(&union_b), Some(&union_b)).await;
    let next_id = std::sync::atomic::AtomicU32::new(1);
    let member_a = fresh_member(app, &admin, &union_a, &next_id).await;
    let member_b = fresh_member(app, &admin, &union_b, &next_id).await;
    // Union A's ballot has every role of union A on its roll (the admin and
    // federation staff are not the union's accounts); B's only target.b.
    // Each is voted in once and closed.
    let (_, users) = app.get(&admin, "/api/v1/users?page_size=200").await;
    let everyone: Vec<String> = users["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| {
            !["target.b", "admin", R::Federation.username()].contains(&u["username"].as_str().unwrap())
        })
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(everyone.len() >= 8, "{users}");
    let ballot_a = closed_ballot(app, &admin, &union_a, &everyone, "target.a").await;
    let ballot_b = closed_ballot(app, &admin, &union_b, std::slice::from_ref(&user_b), "target.b").await;
    let activity_a =
        crate::activity::create(app, &admin, &union_a, crate::activity::body("测试活动", 5)).await;
    let activity_b =
        crate::activity::create(app, &admin, &union_b, crate::activity::body("测试活动", 5)).await;
    let contest_a = contest(app, &admin, &union_a).await;
    let contest_b = contest(app, &admin, &union_b).await;
    World {
        activity_a,
        activity_b,
        admin,
        member_a,
        member_b,
        next_id,
        union_a,
        group_a,
        union_b,
        group_b,
        user_a,
        user_b,
        ballot_a,
        ballot_b,
        contest_a,
        contest_b,
    }
}

/// A contest of `union`, without rounds.
async fn contest(app: &TestApp, admin: &str, union: &str) -> String {
    let body = json!({"kind": "skill_contest", "title": "测试竞赛", "starts_on": "2026-11-01",
        "ends_on": "2026-11-30", "criteria": [{"name": "操作", "weight": 1, "max": 100}]});
    let (s, b) = app.post(admin, &format!("/api/v1/unions/{union}/contests"), body).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

/// A motion of `union` with `voters` on its roll, voted once by `voter`
/// and closed: (ballot id, that vote's receipt).
async fn closed_ballot(
    app: &TestApp,
    admin: &str,
    union: &str,
    voters: &[String],
    voter: &str,
) -> (String, String) {
    let (s, b) = app
        .post(
            admin,
            &format!("/api/v1/unions/{union}/ballots"),
            json!({"kind": "motion", "title": "测试表决", "voter_user_ids": voters}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let id = b["id"].as_str().unwrap().to_owned();
    let (s, b) = app.post(admin, &format!("/api/v1/ballots/{id}/open"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let token = app.token(voter, crate::common::PASSWORD).await;
    let (s, r) = app.post(&token, &format!("/api/v1/ballots/{id}/vote"), json!({"choice": "yes"})).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let (s, b) = app.post(admin, &format!("/api/v1/ballots/{id}/close"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    (id, r["receipt"].as_str().unwrap().to_owned())
}

async fn fresh_member(app: &TestApp, admin: &str, union: &str, seq: &std::sync::atomic::AtomicU32) -> String {
    let n = seq.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let (s, b) = app
        .post(
            admin,
            &format!("/api/v1/unions/{union}/members"),
            json!({"name": format!("测试会员{n}"), "id_number": id_number(n)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

/// The join page's token of a union, opening joining if it is off.
async fn join_token(app: &TestApp, admin: &str, union: &str) -> String {
    let (s, settings) = app
        .api(
            Some(admin),
            Method::PUT,
            &format!("/api/v1/unions/{union}/member-settings"),
            Some(json!({"card_pattern": null, "join_open": true})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{settings}");
    settings["join_url"].as_str().unwrap().trim_start_matches("/join/").to_owned()
}

/// A transfer out of `from` into `to`, awaiting the decision.
async fn fresh_transfer(app: &TestApp, w: &World, from: &str, to: &str) -> String {
    let n = w.next_id.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let (s, b) = app
        .post(
            &w.admin,
            &format!("/api/v1/unions/{from}/members"),
            json!({"name": format!("转会人{n}"), "id_number": id_number(n)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let (s, b) = app
        .post(
            &w.admin,
            &format!("/api/v1/unions/{to}/transfers"),
            json!({"name": format!("转会人{n}"), "id_number": id_number(n)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

/// An import job uploaded by this role (a random id where it may not upload).
async fn fresh_job(app: &TestApp, me: &Creds, union: &str) -> String {
    if let Some(b) = &me.browser {
        let form = reqwest::multipart::Form::new().text("csrf", b.csrf.clone()).part(
            "file",
            reqwest::multipart::Part::bytes("姓名,身份证号\n".as_bytes().to_vec()).file_name("empty.csv"),
        );
        let r = b
            .client
            .post(app.url(&format!("/unions/{union}/members/import")))
            .multipart(form)
            .send()
            .await
            .unwrap();
        let html = r.text().await.unwrap();
        let re = regex_lite::Regex::new(r"/import/([0-9a-f-]{36})/").unwrap();
        if let Some(c) = re.captures(&html) {
            return c[1].to_owned();
        }
    }
    uuid::Uuid::now_v7().to_string()
}

/// A member grant of `user` on `org`, made if missing.
async fn fresh_grant(app: &TestApp, w: &World, user: &str, org: &str) -> String {
    let (_, u) = app.get(&w.admin, &format!("/api/v1/users/{user}")).await;
    if let Some(g) =
        u["roles"].as_array().unwrap().iter().find(|g| g["org_id"] == org && g["role"] == "member")
    {
        return g["id"].as_str().unwrap().to_owned();
    }
    let (s, b) = app
        .post(&w.admin, &format!("/api/v1/users/{user}/roles"), json!({"role": "member", "org_id": org}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

async fn fresh_post(app: &TestApp, w: &World, union: &str) -> String {
    let (s, b) = app
        .post(
            &w.admin,
            &format!("/api/v1/orgs/{union}/committee/posts"),
            json!({"post": "member", "person_name": "测试委员"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

/// The month of `{period}` and `{month}`: cases close it.
const PERIOD: &str = "2026-11";

/// A draft voucher of `union`, made by the admin, so that every other
/// reviewer may review it. It is dated in a month no case closes.
async fn fresh_voucher(app: &TestApp, w: &World, union: &str) -> String {
    let n = w.next_id.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let (s, b) = app
        .post(
            &w.admin,
            &format!("/api/v1/unions/{union}/vouchers"),
            json!({
                "date": "2026-01-15",
                "summary": format!("测试凭证{n}"),
                "lines": [
                    {"account": "1001", "debit_fen": 100, "credit_fen": 0},
                    {"account": "4901", "debit_fen": 0, "credit_fen": 100},
                ],
            }),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

/// A file attached to a fresh draft voucher of `union`.
async fn fresh_attachment(app: &TestApp, w: &World, union: &str) -> String {
    let voucher = fresh_voucher(app, w, union).await;
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"receipt".to_vec())
            .file_name("receipt.txt")
            .mime_str("text/plain")
            .unwrap(),
    );
    let r = client()
        .post(app.url(&format!("/api/v1/unions/{union}/vouchers/{voucher}/attachments")))
        .bearer_auth(&w.admin)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let s = r.status();
    let b: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap_or_default();
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

/// An open finding of the funds review committee of `union`.
async fn fresh_finding(app: &TestApp, w: &World, union: &str) -> String {
    let (s, b) = app
        .post(
            &w.admin,
            &format!("/api/v1/unions/{union}/finance-audit/findings"),
            json!({"title": "测试问题"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_str().unwrap().to_owned()
}

struct Creds {
    browser: Option<Browser>,
    token: Option<String>,
}

async fn creds(app: &TestApp, r: R) -> Creds {
    if r == R::Anon {
        return Creds { browser: None, token: None };
    }
    Creds {
        browser: Some(Browser::login(app, r.username(), r.password()).await),
        token: Some(app.token(r.username(), r.password()).await),
    }
}

async fn run(app: TestApp) {
    // The table and the router list the same routes.
    let served: BTreeSet<(String, String)> =
        app.routes.iter().map(|s| (s.method.to_string(), s.path.to_owned())).collect();
    let listed: BTreeSet<(String, String)> = CASES.iter().map(|c| (c.0.to_owned(), c.1.to_owned())).collect();
    let unlisted: Vec<_> = served.difference(&listed).collect();
    let gone: Vec<_> = listed.difference(&served).collect();
    assert!(unlisted.is_empty(), "routes without an expectation in this test: {unlisted:?}");
    assert!(gone.is_empty(), "routes listed here that the router lacks: {gone:?}");

    let w = setup(&app).await;
    let mut failures = Vec::new();
    let mut checked = 0;
    for r in ROLES {
        let me = creds(&app, r).await;
        for c in CASES {
            let Case(method, path, _, target, body, fresh) = c;
            let variants: &[bool] =
                if *target != T::None || *body != NoBody { &[false, true] } else { &[false] };
            for &foreign in variants {
                // Signing out or revoking uses up credentials: use fresh ones.
                let spent;
                let who = if *fresh == F::Credentials {
                    spent = creds(&app, r).await;
                    &spent
                } else {
                    &me
                };
                let (union, group, user) = if foreign {
                    (&w.union_b, &w.group_b, &w.user_b)
                } else {
                    (&w.union_a, &w.group_a, &w.user_a)
                };
                // Path values that are not ids.
                let mut url = path
                    .replace("{*file}", "app.css")
                    .replace("{period}", PERIOD)
                    .replace("{month}", PERIOD)
                    .replace("{report}", "trial-balance")
                    .replace("{year}", "2026");
                let member = if foreign { &w.member_b } else { &w.member_a };
                url = match target {
                    T::Org => url.replace("{id}", union).replace("{org_id}", union),
                    T::User => url.replace("{id}", user),
                    T::Union => url.replace("{union_id}", union).replace("{member_id}", member),
                    T::Group => url.replace("{group_id}", group),
                    T::Ballot => {
                        let (ballot, receipt) = if foreign { &w.ballot_b } else { &w.ballot_a };
                        url.replace("{ballot_id}", ballot).replace("{receipt}", receipt)
                    }
                    T::Activity => {
                        let a = if foreign { &w.activity_b } else { &w.activity_a };
                        url.replace("{activity_id}", a).replace("{member_id}", member)
                    }
                    T::Contest => {
                        url.replace("{contest_id}", if foreign { &w.contest_b } else { &w.contest_a })
                    }
                    T::None => url,
                };
                if *fresh == F::Token {
                    // Earlier cases may have switched joining off: open it.
                    url = url.replace("{token}", &join_token(&app, &w.admin, &w.union_a).await);
                }
                if *fresh == F::Transfer {
                    let other = if foreign { &w.union_a } else { &w.union_b };
                    url = url.replace("{transfer_id}", &fresh_transfer(&app, &w, union, other).await);
                }
                if *fresh == F::Job {
                    url = url.replace("{job_id}", &fresh_job(&app, who, union).await);
                }
                if *fresh == F::Grant {
                    url = url.replace("{grant_id}", &fresh_grant(&app, &w, user, union).await);
                }
                if *fresh == F::Post {
                    url = url.replace("{post_id}", &fresh_post(&app, &w, union).await);
                }
                if *fresh == F::Voucher {
                    url = url.replace("{voucher_id}", &fresh_voucher(&app, &w, union).await);
                }
                if *fresh == F::Attachment {
                    url = url.replace("{attachment_id}", &fresh_attachment(&app, &w, union).await);
                }
                if *fresh == F::Finding {
                    url = url.replace("{finding_id}", &fresh_finding(&app, &w, union).await);
                }
                // Care and disclosure resources are named by random ids: the guard answers
                // first, a handler's 404 for the id is fine.
                let random_id = url.contains("_id}") || url.contains("{owner_kind}");
                url = url.replace("{owner_kind}", "campaign");
                for key in [
                    "{file_id}",
                    "{document_id}",
                    // A dues receipt's voucher (the draft ones are replaced above).
                    "{voucher_id}",
                    "{visit_id}",
                    "{campaign_id}",
                    "{plan_id}",
                    "{claim_id}",
                    "{owner_id}",
                    "{item_id}",
                    "{proposal_id}",
                    "{term_id}",
                    "{session_id}",
                    "{round_id}",
                ] {
                    url = url.replace(key, &uuid::Uuid::now_v7().to_string());
                }
                let body_org = match body {
                    B::Union => Some(union.as_str()),
                    B::Group => Some(group.as_str()),
                    B::None => None,
                };
                let (status, json_page) = send(&app, r, who, method, &url, body_org).await;
                checked += 1;
                let want = expect(c, r, foreign);
                let api = url.starts_with("/api/");
                let finance = matches!(c.2, Perm(p) if p.finance());
                let ok = match want {
                    // The books are checked on the guard's answer alone: a
                    // request it lets through may still be refused by the
                    // handler (a draft is not posted, a form is empty). The
                    // guard answers 401, 403 or 404 — for a page, as an
                    // error page; a JSON 404 on a page is its handler's.
                    Expect::Allowed if finance => match status.as_u16() {
                        401 | 403 | 405 => false,
                        404 => (!api && json_page) || random_id,
                        s => s < 500,
                    },
                    // Signed in, the login page sends you home.
                    Expect::Allowed if *path == "/login" && *method == "GET" && r != R::Anon => {
                        status == StatusCode::SEE_OTHER
                    }
                    // With one union, /members sends you to its roster.
                    Expect::Allowed if *path == "/members" => {
                        status == StatusCode::OK || status == StatusCode::SEE_OTHER
                    }
                    Expect::Allowed if *method == "GET" => status == StatusCode::OK,
                    Expect::Allowed => {
                        status.as_u16() < 500 && ![401, 403, 404, 405].contains(&status.as_u16())
                    }
                    Expect::Login if api => status == StatusCode::UNAUTHORIZED,
                    Expect::Login => status == StatusCode::SEE_OTHER,
                    Expect::Forbidden => status == StatusCode::FORBIDDEN,
                    Expect::NotFound => status == StatusCode::NOT_FOUND,
                };
                if !ok {
                    failures.push(format!(
                        "{r:?} {method} {path} foreign={foreign}: want {want:?}, got {status}"
                    ));
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} requests checked");
    assert!(failures.is_empty(), "{} of {checked} checks failed:\n{}", failures.len(), failures.join("\n"));
    app.stop().await;
}

async fn send(
    app: &TestApp,
    r: R,
    me: &Creds,
    method: &str,
    url: &str,
    body_org: Option<&str>,
) -> (StatusCode, bool) {
    let m = Method::from_bytes(method.as_bytes()).unwrap();
    let api = url.starts_with("/api/");
    let unsafe_ = m != Method::GET;
    if r == R::Anon && unsafe_ && !api && url.starts_with("/join/") {
        // A visitor opens the join page first (which sets the CSRF cookie).
        let c = client();
        let page = c.get(app.url(url)).send().await.unwrap().text().await.unwrap();
        let csrf = csrf_of(&page);
        let r = c.post(app.url(url)).form(&[("csrf", csrf.as_str()), ("name", "")]).send().await.unwrap();
        return answer(r);
    }
    if url == "/login" && unsafe_ {
        // A fresh browser signs in as this role (anonymous: as an account).
        let c = client();
        let page = c.get(app.url("/login")).send().await.unwrap().text().await.unwrap();
        let (u, p) =
            if r == R::Anon { ("target.a", crate::common::PASSWORD) } else { (r.username(), r.password()) };
        let csrf = csrf_of(&page);
        let r = c
            .post(app.url("/login"))
            .form(&[("username", u), ("password", p), ("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        return answer(r);
    }
    if url == "/api/v1/auth/token" && unsafe_ && m == Method::POST {
        let (u, p) =
            if r == R::Anon { ("target.a", crate::common::PASSWORD) } else { (r.username(), r.password()) };
        return (app.api(None, m, url, Some(json!({"username": u, "password": p}))).await.0, false);
    }
    if api {
        let body = unsafe_.then(|| match body_org {
            Some(o) => json!({"parent_id": o, "org_id": o}),
            None => json!({"unexpected": true}),
        });
        let body = if m == Method::DELETE { None } else { body };
        (app.api(me.token.as_deref(), m, url, body).await.0, false)
    } else {
        let c = me.browser.as_ref().map(|b| b.client.clone()).unwrap_or_else(client);
        let mut req = c.request(m, app.url(url));
        if unsafe_ {
            let csrf = me.browser.as_ref().map(|b| b.csrf.clone()).unwrap_or_default();
            let mut form = vec![("csrf", csrf)];
            if let Some(o) = body_org {
                form.push(("parent_id", o.to_owned()));
                form.push(("org_id", o.to_owned()));
            }
            req = req.form(&form);
        }
        answer(req.send().await.unwrap())
    }
}

/// A page's status, and whether it answered JSON (which the guard never
/// does for a page).
fn answer(r: reqwest::Response) -> (StatusCode, bool) {
    let json = r
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    (r.status(), json)
}

crate::both!(every_route_by_every_role, run);

/// A foreign union's id answers exactly like a missing one.
async fn foreign_is_missing(app: TestApp) {
    let w = setup(&app).await;
    let chair = app.token("t.chair", crate::common::PASSWORD).await;
    let (s1, b1) = app.get(&chair, &format!("/api/v1/orgs/{}", w.union_b)).await;
    let (s2, b2) = app.get(&chair, &format!("/api/v1/orgs/{}", uuid::Uuid::now_v7())).await;
    assert_eq!(s1, StatusCode::NOT_FOUND);
    assert_eq!((s1, &b1), (s2, &b2));
    assert_eq!(b1["code"], "not_found");
    let (s, _) = app.get(&chair, &format!("/api/v1/orgs/{}", w.union_a)).await;
    assert_eq!(s, StatusCode::OK);
    // Lists show only what the caller's grants cover.
    let (_, list) = app.get(&chair, "/api/v1/orgs?page_size=200").await;
    let names: Vec<&str> =
        list["items"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["甲公司工会", "甲一组"]);
    let fed = app.token("t.federation", crate::common::PASSWORD).await;
    let (_, list) = app.get(&fed, "/api/v1/orgs?page_size=200").await;
    assert_eq!(list["total"], 3, "{list}");
    // Pages answer 404 the same way.
    let b = Browser::login(&app, "t.chair", crate::common::PASSWORD).await;
    let (s, html) = b.get(&app, &format!("/orgs/{}", w.union_b)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(html.contains("记录不存在"));
    assert!(!html.contains("乙公司工会"));
    app.stop().await;
}

crate::both!(foreign_union_answers_404, foreign_is_missing);
