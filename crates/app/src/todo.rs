//! 待办 (issue 13, item 6): what waits for the signed-in person, across the
//! unions where they hold roles — vouchers to review or post (never their
//! own), 送温暖 lists and hardship files to approve, overdue visits and
//! reviews, claims, join applications, transfers, proposals, ballots to
//! vote in, 换届 reminders — each linking to where it is done. The home
//! page, the navigation's count and `GET /api/v1/me/todo` share
//! [`items_in`].

use chrono::NaiveDate;
use domain::UnionId;
use domain::auth::Perm;
use domain::org::{OrgKind, TermStatus, term_status};
use domain::time::fmt_date;
use serde::Serialize;
use store::Tx;
use store::todo::UnionAsk;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Principal;
use crate::error::AppResult;

/// One thing waiting for the person.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TodoItem {
    /// voucher_review | voucher_post | campaign_approve | file_approve | file_review_overdue |
    /// visit_overdue | visit_open | claim_assess | join_application | transfer_decide |
    /// proposal_review | proposal_overdue | proposal_rate | member_request | ballot_vote | term_renewal
    pub kind: &'static str,
    /// 中文标题，如“待审核的凭证”
    pub title: String,
    /// 件数
    pub count: i64,
    /// 补充说明（如任期届满日期）
    pub detail: Option<String>,
    pub union_id: Option<Uuid>,
    pub union_name: Option<String>,
    /// 办理的页面
    pub link: String,
    /// 期限（如有）
    pub due: Option<NaiveDate>,
    /// 已逾期
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TodoOut {
    pub items: Vec<TodoItem>,
    /// 全部待办件数之和
    pub total: i64,
}

/// The unions where the person holds a role granted on a union (the union
/// is the last node of the grant's path), with that path.
fn unions_of(p: &Principal) -> Vec<(Uuid, String)> {
    let mut out: Vec<(Uuid, String)> = Vec::new();
    for (role, path) in &p.grants {
        let Some(path) = path else { continue };
        if role.granted_on() != Some(OrgKind::Union) {
            continue;
        }
        let id = path.trim_end_matches('/').rsplit('/').next().and_then(|s| Uuid::parse_str(s).ok());
        if let Some(id) = id
            && !out.iter().any(|(u, _)| *u == id)
        {
            out.push((id, path.clone()));
        }
    }
    out
}

/// The person's 待办, read in `tx` (the caller's one read).
pub async fn items_in(tx: &mut Tx, p: &Principal) -> store::Result<Vec<TodoItem>> {
    let today = domain::time::today(store::now());
    let mut items = Vec::new();
    for (union_id, path) in unions_of(p) {
        let can = |perm| p.can(perm, Some(&path));
        let ask = UnionAsk {
            union_id: UnionId(union_id),
            user_id: p.user_id,
            today,
            finance_review: can(Perm::FinanceReview),
            care_approve: can(Perm::CareApprove),
            care_manage: can(Perm::CareManage),
            member_manage: can(Perm::MemberManage),
            congress_manage: can(Perm::CongressManage),
        };
        let Some(c) = store::todo::union_counts(tx, &ask).await? else { continue };
        let u = format!("/unions/{union_id}");
        let mut push = |kind, title: &str, count: i64, link: String, overdue: bool| {
            if count > 0 {
                items.push(TodoItem {
                    kind,
                    title: title.to_owned(),
                    count,
                    detail: None,
                    union_id: Some(union_id),
                    union_name: Some(c.union_name.clone()),
                    link,
                    due: None,
                    overdue,
                });
            }
        };
        push(
            "voucher_review",
            "待审核的凭证",
            c.vouchers_to_review,
            format!("{u}/finance/vouchers?status=draft"),
            false,
        );
        push(
            "voucher_post",
            "待记账的凭证",
            c.vouchers_to_post,
            format!("{u}/finance/vouchers?status=reviewed"),
            false,
        );
        push(
            "campaign_approve",
            "待审核的送温暖等发放名单",
            c.campaigns_to_approve,
            format!("{u}/care/campaigns"),
            false,
        );
        push(
            "file_approve",
            "待审批的困难职工档案",
            c.files_to_approve,
            format!("{u}/care/files?status=draft"),
            false,
        );
        push(
            "file_review_overdue",
            "逾期未复核的困难职工档案",
            c.files_review_overdue,
            format!("{u}/care/files?overdue=1"),
            true,
        );
        push("visit_overdue", "逾期未走访的五必访任务", c.visits_overdue, format!("{u}/care"), true);
        push("visit_open", "待走访的五必访任务", c.visits_open, format!("{u}/care"), false);
        push(
            "claim_assess",
            "待核定的互助保障理赔",
            c.claims_to_assess,
            format!("{u}/care/mutual-aid"),
            false,
        );
        push(
            "join_application",
            "待审核的入会申请",
            c.join_applications,
            format!("{u}/members?status=applying"),
            false,
        );
        push("proposal_review", "待审查立案的提案", c.proposals_to_review, format!("{u}/proposals"), false);
        push("proposal_overdue", "超过办理期限的提案", c.proposals_overdue, format!("{u}/proposals"), true);
        push("proposal_rate", "待您评价答复的提案", c.proposals_to_rate, format!("{u}/proposals"), false);
        if can(Perm::MemberRequests) {
            let n = store::me::application::open_count(tx, UnionId(union_id)).await?;
            push("member_request", "待办理的会员申请和更正申请", n, format!("{u}/requests"), false);
        }
        if let (Some(number), Some(ends)) = (c.term_number, c.term_ends_on) {
            let status = term_status(ends, today);
            if status != TermStatus::Current {
                items.push(TodoItem {
                    kind: "term_renewal",
                    title: format!(
                        "换届提醒：第{number}届委员会任期至{}，{}",
                        fmt_date(ends),
                        status.label()
                    ),
                    count: 1,
                    detail: Some("请筹备换届选举".into()),
                    union_id: Some(union_id),
                    union_name: Some(c.union_name.clone()),
                    link: format!("{u}/ballots/new?kind=election&purpose=committee"),
                    due: Some(ends),
                    overdue: status == TermStatus::Expired,
                });
            }
        }
    }
    if p.has(Perm::TransferDecide) {
        let scope = p.scope(Perm::TransferDecide);
        let n = store::todo::transfers_to_decide(tx, &scope.roots, scope.global).await?;
        if n > 0 {
            items.push(TodoItem {
                kind: "transfer_decide",
                title: "待审批的转会".into(),
                count: n,
                detail: None,
                union_id: None,
                union_name: None,
                link: "/transfers".into(),
                due: None,
                overdue: false,
            });
        }
    }
    for (union_id, ballot_id, title) in store::todo::ballots_to_vote(tx, p.user_id).await? {
        items.push(TodoItem {
            kind: "ballot_vote",
            title: format!("待投票：{title}"),
            count: 1,
            detail: None,
            union_id: Some(union_id),
            union_name: None,
            link: format!("/ballots/{ballot_id}"),
            due: None,
            overdue: false,
        });
    }
    // Overdue first, then as listed.
    items.sort_by_key(|i| !i.overdue);
    Ok(items)
}

/// The person's 待办 (one read).
pub async fn items(state: &AppState, p: &Principal) -> AppResult<Vec<TodoItem>> {
    let mut tx = state.db.read().await?;
    Ok(items_in(&mut tx, p).await?)
}
