//! 待办 (issue 13): counts of what waits for one person, few queries in
//! the caller's read transaction — one per union where they hold a role,
//! one for their open ballots, one for transfers — so the navigation can
//! show the total in its one read.

use chrono::NaiveDate;
use domain::UnionId;
use sqlx::FromRow;
use uuid::Uuid;

use crate::org::scope_condition;
use crate::{Result, Tx, on};

/// Which of a union's waiting work the person may do (their permissions
/// there); what they may not do is not counted (a constant 0).
#[derive(Debug, Clone, Copy)]
pub struct UnionAsk {
    pub union_id: UnionId,
    pub user_id: Uuid,
    pub today: NaiveDate,
    /// Review and post vouchers (not one's own: the maker never reviews).
    pub finance_review: bool,
    /// Approve hardship files, campaign lists, assess claims.
    pub care_approve: bool,
    /// Keep care records: visits, file reviews.
    pub care_manage: bool,
    /// Accept join applications.
    pub member_manage: bool,
    /// Review proposals, chase their deadlines, run 换届 elections.
    pub congress_manage: bool,
}

/// The counts of one union. `term_ends_on` is the current committee term's
/// end (for the 换届 reminder), when the person runs elections.
#[derive(Debug, Clone, Default, FromRow)]
pub struct UnionCounts {
    pub union_name: String,
    pub vouchers_to_review: i64,
    pub vouchers_to_post: i64,
    pub campaigns_to_approve: i64,
    pub files_to_approve: i64,
    pub files_review_overdue: i64,
    pub visits_overdue: i64,
    pub visits_open: i64,
    pub claims_to_assess: i64,
    pub join_applications: i64,
    pub proposals_to_review: i64,
    pub proposals_overdue: i64,
    pub proposals_to_rate: i64,
    pub term_number: Option<i64>,
    pub term_ends_on: Option<NaiveDate>,
}

/// One query: a scalar subquery per count ($1 union, $2 user, $3 today).
#[tracing::instrument(level = "debug", name = "todo::union_counts", skip_all, fields(rows = tracing::field::Empty))]
pub async fn union_counts(tx: &mut Tx, a: &UnionAsk) -> Result<Option<UnionCounts>> {
    crate::counted(async move {
        let when = |on: bool, sql: &str| if on { format!("({sql})") } else { "CAST(0 AS BIGINT)".to_owned() };
        let term = if a.congress_manage {
            "(SELECT MAX(t.number) FROM committee_terms t WHERE t.union_id = $1) AS term_number, \
             (SELECT t.ends_on FROM committee_terms t WHERE t.union_id = $1 ORDER BY t.number DESC LIMIT 1) AS term_ends_on"
        } else {
            "CAST(NULL AS BIGINT) AS term_number, CAST(NULL AS DATE) AS term_ends_on"
        };
        let sql = format!(
            "SELECT o.name AS union_name, {} AS vouchers_to_review, {} AS vouchers_to_post, \
             {} AS campaigns_to_approve, {} AS files_to_approve, {} AS files_review_overdue, \
             {} AS visits_overdue, {} AS visits_open, {} AS claims_to_assess, {} AS join_applications, \
             {} AS proposals_to_review, {} AS proposals_overdue, {} AS proposals_to_rate, {term} \
             FROM orgs o WHERE o.id = $1 AND $2 = $2 AND $3 = $3",
            when(
                a.finance_review,
                "SELECT COUNT(*) FROM fin_vouchers v WHERE v.union_id = $1 AND v.status = 'draft' AND v.maker_id <> $2"
            ),
            // With three-person books the poster is neither maker nor reviewer.
            when(
                a.finance_review,
                "SELECT COUNT(*) FROM fin_vouchers v WHERE v.union_id = $1 AND v.status = 'reviewed' \
                 AND NOT (COALESCE((SELECT s.three_person FROM fin_settings s WHERE s.union_id = $1), FALSE) \
                          AND (v.maker_id = $2 OR v.reviewer_id = $2))"
            ),
            when(
                a.care_approve,
                "SELECT COUNT(*) FROM care_campaigns c WHERE c.union_id = $1 AND c.status = 'draft'"
            ),
            when(
                a.care_approve,
                "SELECT COUNT(*) FROM care_files f WHERE f.union_id = $1 AND f.status = 'draft'"
            ),
            when(
                a.care_manage,
                "SELECT COUNT(*) FROM care_files f WHERE f.union_id = $1 AND f.status = 'approved' AND f.next_review < $3"
            ),
            when(
                a.care_manage,
                "SELECT COUNT(*) FROM care_visits v WHERE v.union_id = $1 AND v.status = 'open' AND v.due_date < $3"
            ),
            when(
                a.care_manage,
                "SELECT COUNT(*) FROM care_visits v WHERE v.union_id = $1 AND v.status = 'open' AND v.due_date >= $3"
            ),
            when(
                a.care_approve,
                "SELECT COUNT(*) FROM care_claims c WHERE c.union_id = $1 AND c.status = 'filed'"
            ),
            when(
                a.member_manage,
                "SELECT COUNT(*) FROM members m WHERE m.union_id = $1 AND m.status = 'applying'"
            ),
            when(
                a.congress_manage,
                "SELECT COUNT(*) FROM proposals p WHERE p.union_id = $1 AND p.status = 'submitted'"
            ),
            when(
                a.congress_manage,
                "SELECT COUNT(*) FROM proposals p WHERE p.union_id = $1 AND p.status = 'assigned' AND p.deadline < $3"
            ),
            // The proposer rates the answer to their own proposal.
            "(SELECT COUNT(*) FROM proposals p WHERE p.union_id = $1 AND p.proposer_id = $2 \
              AND p.status = 'answered' AND p.rating IS NULL)",
        );
        on!(tx, c => sqlx::query_as::<_, UnionCounts>(&sql)
            .bind(a.union_id.0).bind(a.user_id).bind(a.today).fetch_optional(c).await)
    })
    .await
}

/// Open electronic ballots the user is entitled to and has not voted in:
/// (union, ballot id, title), newest first.
#[tracing::instrument(level = "debug", name = "todo::ballots_to_vote", skip_all, fields(rows = tracing::field::Empty))]
pub async fn ballots_to_vote(tx: &mut Tx, user_id: Uuid) -> Result<Vec<(Uuid, Uuid, String)>> {
    crate::counted(async move {
        let sql = "SELECT b.union_id, b.id, b.title FROM ballot_voters v \
            JOIN ballots b ON b.union_id = v.union_id AND b.id = v.ballot_id \
            WHERE v.user_id = $1 AND b.status = 'open' AND b.mode = 'electronic' \
            AND NOT EXISTS (SELECT 1 FROM ballot_cast c WHERE c.union_id = v.union_id \
                AND c.ballot_id = v.ballot_id AND c.user_id = v.user_id) \
            ORDER BY b.created_at DESC, b.id DESC LIMIT 50";
        on!(tx, c => sqlx::query_as(sql).bind(user_id).fetch_all(c).await)
    })
    .await
}

/// Transfers awaiting a decision out of unions in the subtrees (or
/// anywhere): the same condition as `member::pending_transfers`.
#[tracing::instrument(level = "debug", name = "todo::transfers_to_decide", skip_all)]
pub async fn transfers_to_decide(tx: &mut Tx, roots: &[String], global: bool) -> Result<i64> {
    let (conds, binds) = scope_condition("o.path", roots, global);
    let sql = format!(
        "SELECT COUNT(*) FROM member_transfers t JOIN orgs o ON o.id = t.union_id \
         WHERE t.status = 'requested' AND {}",
        conds.join(" AND ")
    );
    on!(tx, c => {
        let mut q = sqlx::query_scalar(&sql);
        for b in &binds { q = b.bind_to(q); }
        q.fetch_one(c).await
    })
}
