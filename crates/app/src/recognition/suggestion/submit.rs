//! A new suggestion: a member's own (the member linked to the caller's
//! account), or one an officer registers for a member; and the
//! resubmission after 需完善.

use chrono::Datelike;
use domain::auth::Perm;
use domain::recognition::suggestion::{Action, NewSuggestion, Status, transition, validate_new};
use domain::{ErrorCode, UnionId};
use uuid::Uuid;

use super::{Suggestion, Viewer, load_for, own_member};
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// A suggestion as the form or the API sends it.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    pub category: String,
    pub title: String,
    pub current_state: String,
    pub proposal: String,
    pub expected_benefit: String,
    /// Co-submitters' names (a team suggestion).
    pub team: String,
    /// Registered by an officer for this member of the union.
    pub member_id: Option<Uuid>,
}

impl Submission {
    fn fields(&self) -> NewSuggestion {
        NewSuggestion {
            category: self.category.clone(),
            title: self.title.clone(),
            current_state: self.current_state.clone(),
            proposal: self.proposal.clone(),
            expected_benefit: self.expected_benefit.clone(),
            team: self.team.clone(),
        }
    }
}

/// Submits a suggestion. Without `member_id` it is the caller's own: the
/// member linked to their account in this union (none: refused). With it,
/// an officer (`RecognitionManage`) registers it for that member, who must
/// be of this union (404 otherwise).
pub async fn submit(state: &AppState, p: &Principal, union_id: Uuid, s: Submission) -> AppResult<Suggestion> {
    let checked = validate_new(&s.fields()).map_err(|mut e| AppError(e.remove(0)))?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let u = UnionId(union_id);
    let (member_id, own) = match s.member_id {
        Some(id) => {
            if !p.can(Perm::RecognitionManage, Some(&union.path)) {
                return Err(AppError::field(
                    ErrorCode::Forbidden,
                    "member_id",
                    "代会员登记建议须由工会干部办理；您本人的建议请不填会员直接提交",
                ));
            }
            store::member::get(&mut tx, u, id)
                .await?
                .ok_or_else(|| AppError::field(ErrorCode::NotFound, "member_id", "本工会没有这名会员"))?;
            (id, false)
        }
        None => match own_member(&mut tx, p, union_id).await? {
            Some(m) => (m, true),
            None => {
                return Err(AppError::field(
                    ErrorCode::Required,
                    "member_id",
                    "您的账号没有关联本工会的会员档案，不能以本人名义提交建议；请联系工会干部关联会员档案，或由工会干部代为登记",
                ));
            }
        },
    };
    let now = store::now();
    let row = Suggestion {
        union_id,
        id: Uuid::now_v7(),
        number: store::recognition::suggestion::next_number(&mut tx, u).await?,
        year: i64::from(super::today().year()),
        category: checked.category.as_str().to_owned(),
        title: checked.title,
        current_state: checked.current_state,
        proposal: checked.proposal,
        expected_benefit: checked.expected_benefit,
        member_id,
        submitted_by_user: Some(p.user_id),
        team: checked.team,
        status: Status::Submitted.as_str().to_owned(),
        decision: None,
        decision_reason: None,
        assessed_by: None,
        assessed_on: None,
        implementer: None,
        implement_by: None,
        value_fen_per_year: None,
        acceptance_note: None,
        accepted_by: None,
        accepted_on: None,
        reward_fen: None,
        reward_voucher_id: None,
        rewarded_on: None,
        merged_into_id: None,
        proposal_id: None,
        created_at: now,
        updated_at: now,
    };
    store::recognition::suggestion::insert(&mut tx, u, &row).await?;
    store::directory::register(&mut tx, u, store::directory::SUGGESTION, row.id).await?;
    let what = if own { "提交建议".to_owned() } else { format!("{}代为登记", p.display_name) };
    store::recognition::suggestion::log(&mut tx, u, row.id, "submit", &what, &p.display_name).await?;
    record(
        &mut tx,
        p.actor(),
        "suggestion.submit",
        format!("suggestion:{}", row.id),
        Some((union_id, &union.path)),
        format!("合理化建议第{}号：{}（{}）", row.number, row.title, what),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Sends a suggestion back for assessment after 需完善, with the texts as
/// revised (an empty field keeps the earlier text). The submitter's step,
/// or an officer's on their behalf.
pub async fn resubmit(state: &AppState, p: &Principal, id: Uuid, s: Submission) -> AppResult<Suggestion> {
    let mut tx = state.db.write().await?;
    let (mut row, union, viewer) = load_for(&mut tx, p, id).await?;
    if viewer == Viewer::Reader {
        return Err(AppError::field(
            ErrorCode::Forbidden,
            "status",
            "只有建议人本人（或工会干部代为）可以重新提交",
        ));
    }
    let from = row.status.clone();
    let next = transition(super::status(&row), Action::Resubmit)?;
    let or = |new: &str, old: &str| if new.trim().is_empty() { old.to_owned() } else { new.to_owned() };
    let fields = NewSuggestion {
        category: or(&s.category, &row.category),
        title: or(&s.title, &row.title),
        current_state: or(&s.current_state, &row.current_state),
        proposal: or(&s.proposal, &row.proposal),
        expected_benefit: or(&s.expected_benefit, &row.expected_benefit),
        team: or(&s.team, &row.team),
    };
    let c = validate_new(&fields).map_err(|mut e| AppError(e.remove(0)))?;
    row.category = c.category.as_str().to_owned();
    row.title = c.title;
    row.current_state = c.current_state;
    row.proposal = c.proposal;
    row.expected_benefit = c.expected_benefit;
    row.team = c.team;
    row.status = next.as_str().to_owned();
    row.updated_at = store::now();
    super::steps::write(&mut tx, p, &union.path, &row, &from, "resubmit", "完善后重新提交".to_owned())
        .await?;
    tx.commit().await?;
    Ok(row)
}
