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
    PetitionFile,
    RightsCases,
    RightsView,
    RightsManage,
    RecognitionJoin,
    RecognitionView,
    RecognitionManage,
    HonourApprove,
    MemberRequests,
    OutboxView,
    PlanView,
    PlanManage,
}

impl P {
    /// The permissions judged on the guard's answer alone: the books (area
    /// `finance`), care, the congress, the activities and rights protection.
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
                | P::PetitionFile
                | P::RightsCases
                | P::RightsView
                | P::RightsManage
                | P::RecognitionJoin
                | P::RecognitionView
                | P::RecognitionManage
                | P::HonourApprove
                | P::MemberRequests
                | P::OutboxView
                | P::PlanView
                | P::PlanManage
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
        // Everyone of the union may write to the chair's mailbox; the
        // federation above and the administrator are no members.
        P::PetitionFile => !matches!(r, Anon | Federation | Admin),
        // Letters and case files are read by the chair and officers alone.
        P::RightsCases => matches!(r, Chair | Officer),
        // Contracts, inspections, the register and the rates: the union's
        // officers, its auditor and women's committee, the federation above.
        P::RightsView => matches!(r, Chair | Officer | Auditor | WomenCommittee | Federation | Admin),
        P::RightsManage => matches!(r, Chair | Officer | WomenCommittee | Federation | Admin),
        // Every member of the union submits suggestions and sees their own
        // honours and hours; the federation above and the administrator are
        // no members.
        P::RecognitionJoin => !matches!(r, Anon | Federation | Admin),
        // The union's suggestions, honours, courses and their counts.
        P::RecognitionView => matches!(r, Chair | Officer | Auditor | WomenCommittee | Federation | Admin),
        P::RecognitionManage => matches!(r, Chair | Officer | WomenCommittee | Admin),
        // An honour is approved by the chair alone.
        P::HonourApprove => r == Chair,
        // Members' own applications and correction requests carry income
        // and health: the chair and officers handle them, not the admin.
        P::MemberRequests => matches!(r, Chair | Officer),
        // Every union's outbox: the administrator, who runs the senders.
        P::OutboxView => r == Admin,
        // Plans, their targets, the summary, the annual statistics and the
        // dashboards are counts: every officer of the union reads them, the
        // federation above too; the chair, officers and the federation write
        // plans.
        P::PlanView => {
            matches!(r, Chair | Officer | Treasurer | Auditor | WomenCommittee | Federation | Admin)
        }
        P::PlanManage => matches!(r, Chair | Officer | Federation | Admin),
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
    /// Signed in, and the petition's writer or an officer (`RightsCases`)
    /// of its union (the service's check); to everyone else the petition
    /// does not exist: 404, the federation and the admin included.
    Writer,
    /// Signed in, and the suggestion's submitter or a reader of its union's
    /// suggestions (`RecognitionView`, the service's check); to everyone
    /// else 404. Those who see it need the permission to act (none of the
    /// roles submitted the fixture's suggestion).
    Submitter(P),
    /// Signed in, and the service works from the account's own member link
    /// (issue 19): a record named in the path that is not the caller's is
    /// 404, an account without a current membership gets a refusal (409),
    /// a linked one its own data. The guard lets every signed-in caller
    /// through: neither 401, 403 nor 405.
    Own,
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
    /// `{petition_id}`: a letter of union A (B's when foreign), registered
    /// by an officer; none of the roles wrote it.
    Petition,
    /// `{case_id}`: a mediation case of union A (B's when foreign).
    MediationCase,
    /// `{inspection_id}` and `{finding_id}`: an inspection of union A (B's
    /// when foreign) and a finding of it.
    Inspection,
    /// `{contract_id}`: a collective contract of union A (B's when foreign).
    Contract,
    /// `{employer_id}`: an employer of the register union A keeps (B's when
    /// foreign).
    Employer,
    /// `{suggestion_id}`: a submitted suggestion of union A (B's when foreign).
    Suggestion,
    /// `{honour_id}`: a nominated honour of union A (B's when foreign).
    Honour,
    /// `{course_id}`: an open course of union A (B's when foreign).
    Course,
    /// `{plan_id}`: a work plan of union A (B's when foreign).
    WorkPlan,
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
    /// `{photo_id}`: a photo of the path's activity.
    Photo,
    /// `{entrant_id}`: an entrant (a new member) of the path's contest.
    Entrant,
    /// `{user_id}`: the union's target account as a judge of the path's contest.
    Judge,
    /// `{activity_id}` and `{member_id}`: the path's union's activity that
    /// needs approval, and a fresh member of that union whose own sign-up
    /// on it is pending.
    Pending,
}

struct Case(&'static str, &'static str, A, T, B, F);

use A::*;
use B::None as NoBody;

use P::*;

mod activity;
mod care_democracy;
mod finance;
mod me_home;
mod me_notify;
mod me_requests;
mod people;
mod plan_metrics;
mod plan_plans;
mod plan_reports;
mod recognition_honours;
mod recognition_suggestions;
mod recognition_training;
mod rights;
mod rights_contracts;
mod rights_mediation;
mod rights_petitions;
mod world;

use world::*;

/// Every case, area by area.
fn cases() -> impl Iterator<Item = &'static Case> {
    people::CASES
        .iter()
        .chain(finance::CASES)
        .chain(care_democracy::CASES)
        .chain(activity::CASES)
        .chain(rights::CASES)
        .chain(rights_petitions::CASES)
        .chain(rights_mediation::CASES)
        .chain(rights_contracts::CASES)
        .chain(recognition_suggestions::CASES)
        .chain(recognition_honours::CASES)
        .chain(recognition_training::CASES)
        .chain(me_home::CASES)
        .chain(me_notify::CASES)
        .chain(me_requests::CASES)
        .chain(plan_metrics::CASES)
        .chain(plan_plans::CASES)
        .chain(plan_reports::CASES)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Allowed,
    /// Past the guard: the service answers (see `A::Own`).
    Through,
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
        Writer if r == R::Anon => Expect::Login,
        Writer if !foreign && allows(r, RightsCases) => Expect::Allowed,
        Writer => Expect::NotFound,
        Submitter(_) if r == R::Anon => Expect::Login,
        Submitter(_) if !allows(r, RecognitionView) || (foreign && r != R::Admin) => Expect::NotFound,
        Submitter(p) if allows(r, *p) => Expect::Allowed,
        Submitter(_) => Expect::Forbidden,
        Own if r == R::Anon => Expect::Login,
        Own => Expect::Through,
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
    let listed: BTreeSet<(String, String)> = cases().map(|c| (c.0.to_owned(), c.1.to_owned())).collect();
    let unlisted: Vec<_> = served.difference(&listed).collect();
    let gone: Vec<_> = listed.difference(&served).collect();
    assert!(unlisted.is_empty(), "routes without an expectation in this test: {unlisted:?}");
    assert!(gone.is_empty(), "routes listed here that the router lacks: {gone:?}");

    let w = setup(&app).await;
    let mut failures = Vec::new();
    let mut checked = 0;
    for r in ROLES {
        let me = creds(&app, r).await;
        for c in cases() {
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
                    .replace("{year}", "2026")
                    .replace("{metric}", "members");
                let member = if foreign { &w.member_b } else { &w.member_a };
                if *fresh == F::Pending {
                    let activity = if foreign { &w.approval_b } else { &w.approval_a };
                    let pending = fresh_pending(&app, &w, union, activity).await;
                    url = url.replace("{activity_id}", activity).replace("{member_id}", &pending);
                }
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
                    T::Petition => {
                        url.replace("{petition_id}", if foreign { &w.petition_b } else { &w.petition_a })
                    }
                    T::MediationCase => {
                        url.replace("{case_id}", if foreign { &w.mediation_b } else { &w.mediation_a })
                    }
                    T::Inspection => {
                        let (i, f) = if foreign { &w.inspection_b } else { &w.inspection_a };
                        url.replace("{inspection_id}", i).replace("{finding_id}", f)
                    }
                    T::Contract => {
                        url.replace("{contract_id}", if foreign { &w.contract_b } else { &w.contract_a })
                    }
                    T::Employer => {
                        url.replace("{employer_id}", if foreign { &w.employer_b } else { &w.employer_a })
                    }
                    T::Suggestion => url
                        .replace("{suggestion_id}", if foreign { &w.suggestion_b } else { &w.suggestion_a }),
                    T::Honour => url.replace("{honour_id}", if foreign { &w.honour_b } else { &w.honour_a }),
                    T::Course => url.replace("{course_id}", if foreign { &w.course_b } else { &w.course_a }),
                    T::WorkPlan => {
                        url.replace("{plan_id}", if foreign { &w.work_plan_b } else { &w.work_plan_a })
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
                let (activity, contest) =
                    if foreign { (&w.activity_b, &w.contest_b) } else { (&w.activity_a, &w.contest_a) };
                if *fresh == F::Photo {
                    url = url.replace("{photo_id}", &fresh_photo(&app, &w, activity).await);
                }
                if *fresh == F::Entrant {
                    url = url.replace("{entrant_id}", &fresh_entrant(&app, &w, union, contest).await);
                }
                if *fresh == F::Judge {
                    url = url.replace("{user_id}", &fresh_judge(&app, &w, union, contest, user).await);
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
                    "{certificate_id}",
                    "{application_id}",
                    "{correction_id}",
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
                let finance = matches!(c.2, Perm(p) | Submitter(p) if p.finance());
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
                    Expect::Through => status.as_u16() < 500 && ![401, 403, 405].contains(&status.as_u16()),
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
