//! The officers' steps on a suggestion: assess, implement, accept, reward
//! (through the spending rules, as a welfare payment with its voucher),
//! merge a duplicate, turn it into a congress proposal. Each checks the
//! move with `domain::recognition::suggestion::transition` and writes it in
//! one transaction: the row only if nobody moved it meanwhile, the log, the
//! audit entry.

use chrono::NaiveDate;
use domain::finance::money::fmt_yuan;
use domain::finance::policy::Item;
use domain::recognition::suggestion::{
    Action, Decision, check_assessment, check_implementation, check_merge, check_reward, check_value,
    transition,
};
use domain::{ErrorCode, UnionId};
use store::Tx;
use uuid::Uuid;

use super::{Suggestion, load_for_officer, status, today};
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::finance::welfare::{self, PaymentInput};

/// Writes a step: the row only if its status is still `from`, then the log
/// and the audit entry.
pub(crate) async fn write(
    tx: &mut Tx,
    p: &Principal,
    union_path: &str,
    row: &Suggestion,
    from: &str,
    action: &str,
    note: String,
) -> AppResult<()> {
    let u = UnionId(row.union_id);
    if store::recognition::suggestion::update(tx, u, row, from).await? == 0 {
        return Err(AppError::field(ErrorCode::Conflict, "status", "该建议已被他人办理，请刷新后再试"));
    }
    store::recognition::suggestion::log(tx, u, row.id, action, &note, &p.display_name).await?;
    record(
        tx,
        p.actor(),
        &format!("suggestion.{action}"),
        format!("suggestion:{}", row.id),
        Some((row.union_id, union_path)),
        format!("合理化建议第{}号：{note}", row.number),
    )
    .await?;
    Ok(())
}

/// Loads, checks the move, lets `apply` fill in the row, writes.
async fn officer_step(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    action: Action,
    name: &str,
    apply: impl FnOnce(&mut Suggestion) -> AppResult<String>,
) -> AppResult<Suggestion> {
    let mut tx = state.db.write().await?;
    let (mut row, union) = load_for_officer(&mut tx, p, id).await?;
    let from = row.status.clone();
    let next = transition(status(&row), action)?;
    let note = apply(&mut row)?;
    row.status = next.as_str().to_owned();
    row.updated_at = store::now();
    write(&mut tx, p, &union.path, &row, &from, name, note).await?;
    tx.commit().await?;
    Ok(row)
}

/// 部门评估: 推荐实施, 需完善 or 不予采纳 (the last two with a reason).
pub async fn assess(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    decision: &str,
    reason: &str,
) -> AppResult<Suggestion> {
    // Which decision first, so that a wrong state answers 409 for a good
    // request and a bad request answers 422 in any state.
    let d = Decision::parse(decision);
    let who = p.display_name.clone();
    let action = Action::Assess(d.unwrap_or(Decision::Adopt));
    if d.is_none() {
        check_assessment(decision, reason)?;
    }
    officer_step(state, p, id, action, "assess", |row| {
        let (d, reason) = check_assessment(decision, reason)?;
        row.decision = Some(d.as_str().to_owned());
        row.decision_reason = reason.clone();
        row.assessed_by = Some(who);
        row.assessed_on = Some(today());
        Ok(match reason {
            Some(r) => format!("评估：{}（{r}）", d.label()),
            None => format!("评估：{}", d.label()),
        })
    })
    .await
}

/// 安排实施: the implementing department and its deadline.
pub async fn implement(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    implementer: &str,
    implement_by: Option<NaiveDate>,
) -> AppResult<Suggestion> {
    officer_step(state, p, id, Action::Implement, "implement", |row| {
        let who = check_implementation(implementer, implement_by, today())?;
        row.implementer = Some(who.clone());
        row.implement_by = implement_by;
        let by = implement_by.map(|d| format!("，期限{}", domain::time::fmt_date(d))).unwrap_or_default();
        Ok(format!("交{who}实施{by}"))
    })
    .await
}

/// 验收: with the value created per year (≥ 0) and a note.
pub async fn accept(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    value_fen_per_year: i64,
    note: &str,
) -> AppResult<Suggestion> {
    let who = p.display_name.clone();
    check_value(value_fen_per_year)?;
    let note = domain::text::multiline("note", "验收意见", note, 2_000)?;
    officer_step(state, p, id, Action::Accept, "accept", |row| {
        row.value_fen_per_year = Some(value_fen_per_year);
        row.acceptance_note = note.clone();
        row.accepted_by = Some(who);
        row.accepted_on = Some(today());
        let n = note.map(|n| format!("（{n}）")).unwrap_or_default();
        Ok(format!("验收通过，创造价值{}元/年{n}", fmt_yuan(value_fen_per_year)))
    })
    .await
}

/// A reward as asked for.
#[derive(Debug, Clone, Default)]
pub struct RewardInput {
    pub amount_fen: i64,
    /// The approver (批准人): by default the caller.
    pub approver_id: Option<Uuid>,
    /// cash (default) | goods | named_goods_voucher.
    pub form: Option<String>,
    /// Paid even though cash or bank then goes below zero (the payer saw it).
    pub confirm_below_zero: bool,
}

/// The reward paid: the suggestion, its welfare payment and voucher, and
/// the rule that allowed it.
#[derive(Debug, Clone)]
pub struct Rewarded {
    pub suggestion: Suggestion,
    pub voucher: store::finance::Voucher,
    pub welfare: store::finance::Welfare,
    pub item: Item,
    pub rule: String,
}

/// The spending-rule item a suggestion's reward is checked under: the
/// union's own 合理化建议奖励 when its policy provides one, else the
/// contest prize (Anhui: ≤ 500 元 per person per occasion).
pub fn reward_item(policy: &domain::finance::policy::Policy) -> Item {
    if policy.provides(Item::SuggestionReward) { Item::SuggestionReward } else { Item::ContestPrize }
}

/// 奖励: only after acceptance (409 before); the amount is checked by the
/// union's spending policy and paid as a welfare payment with its voucher.
///
/// The approver defaults to the caller. A caller approving their own
/// payment may not review its voucher (they make it): the voucher is left a
/// draft awaiting review by another finance reviewer, then posting. With
/// another approver (the chair or treasurer, never the caller) the voucher
/// is reviewed by them and posted at once — or, with three-person books,
/// waits for a third person to post it.
pub async fn reward(state: &AppState, p: &Principal, id: Uuid, input: &RewardInput) -> AppResult<Rewarded> {
    let mut tx = state.db.write().await?;
    let (mut row, union) = load_for_officer(&mut tx, p, id).await?;
    let from = row.status.clone();
    let next = transition(status(&row), Action::Reward)?;
    let amount = check_reward(input.amount_fen)?;
    let policy = welfare::policy_in(&mut tx, row.union_id).await?;
    let item = reward_item(&policy);
    let member = store::member::get(&mut tx, UnionId(row.union_id), row.member_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let approver = input.approver_id.filter(|a| *a != p.user_id);
    let payment = PaymentInput {
        member_id: row.member_id,
        item: item.as_str().to_owned(),
        amount_fen: amount,
        form: input.form.clone().filter(|f| !f.trim().is_empty()).unwrap_or_else(|| "cash".into()),
        date: Some(today()),
        holiday: None,
        surgery: false,
        winners: None,
        entrants: None,
        approver_user_id: approver,
        confirm_below_zero: input.confirm_below_zero,
    };
    let summary = format!("合理化建议奖励：第{}号{}（{}）", row.number, row.title, member.name);
    let paid = match approver {
        Some(_) => welfare::pay(&mut tx, p, row.union_id, &payment, None, None, None, Some(&summary)).await,
        None => welfare::pay_for_review(&mut tx, p, row.union_id, &payment, None, Some(&summary)).await,
    };
    let (w, verdict) = paid.map_err(|mut e| {
        if e.0.field.as_deref() == Some("approver_user_id") {
            e.0.field = Some("approver_id".into());
        }
        e
    })?;
    let voucher = store::finance::get_voucher(&mut tx, UnionId(row.union_id), w.voucher_id)
        .await?
        .ok_or_else(|| AppError::code(ErrorCode::Internal))?;
    row.reward_fen = Some(amount);
    row.reward_voucher_id = Some(voucher.id);
    row.rewarded_on = Some(w.date);
    row.status = next.as_str().to_owned();
    row.updated_at = store::now();
    let approved_by = voucher.reviewer_name.clone().unwrap_or_else(|| p.display_name.clone());
    let awaiting = match voucher.status.as_str() {
        "posted" => "凭证已记账".to_owned(),
        "reviewed" => "凭证已审核，待他人记账".to_owned(),
        _ => "凭证待财务审核、记账".to_owned(),
    };
    let note = format!(
        "奖励{}元（{}，批准人{approved_by}；{}；{awaiting}）",
        fmt_yuan(amount),
        item.label(),
        verdict.rule
    );
    write(&mut tx, p, &union.path, &row, &from, "reward", note).await?;
    tx.commit().await?;
    Ok(Rewarded { suggestion: row, voucher, welfare: w, item, rule: verdict.rule })
}

/// 合并: the suggestion is a duplicate of `into_id` (same union, not
/// itself), which it becomes part of.
pub async fn merge(state: &AppState, p: &Principal, id: Uuid, into_id: Uuid) -> AppResult<Suggestion> {
    let mut tx = state.db.write().await?;
    let (mut row, union) = load_for_officer(&mut tx, p, id).await?;
    let u = UnionId(row.union_id);
    let into = store::recognition::suggestion::get(&mut tx, u, into_id)
        .await?
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "into_id", "本工会没有这条建议"))?;
    check_merge(id, into_id, status(&into))?;
    let from = row.status.clone();
    let next = transition(status(&row), Action::Merge)?;
    row.status = next.as_str().to_owned();
    row.merged_into_id = Some(into_id);
    row.updated_at = store::now();
    let note = format!("与第{}号“{}”重复，合并到该建议", into.number, into.title);
    write(&mut tx, p, &union.path, &row, &from, "merge", note).await?;
    let back = format!("第{}号“{}”作为重复建议合并到本建议", row.number, row.title);
    store::recognition::suggestion::log(&mut tx, u, into_id, "merged_in", &back, &p.display_name).await?;
    tx.commit().await?;
    Ok(row)
}

/// 转为提案: a proposal to the worker congress, sent to review, whose
/// reason is the suggestion; the suggestion keeps its status and links to
/// it. Once only.
pub async fn to_proposal(state: &AppState, p: &Principal, id: Uuid) -> AppResult<(Suggestion, Uuid)> {
    let mut tx = state.db.write().await?;
    let (mut row, union) = load_for_officer(&mut tx, p, id).await?;
    transition(status(&row), Action::ToProposal)?;
    if row.proposal_id.is_some() {
        return Err(AppError::field(ErrorCode::Conflict, "status", "该建议已转为提案"));
    }
    let member = store::member::get(&mut tx, UnionId(row.union_id), row.member_id)
        .await?
        .map(|m| m.name)
        .unwrap_or_default();
    let reason = format!(
        "（由合理化建议第{}号转来，建议人{member}）\n{}",
        row.number,
        if row.current_state.is_empty() { row.proposal.clone() } else { row.current_state.clone() }
    );
    let d = domain::proposal::Draft::parse(&row.title, &reason, &row.proposal)?;
    let from_note = format!("由合理化建议第{}号转为提案，送审查", row.number);
    let proposal =
        crate::proposal::service::forward_in(&mut tx, p, (row.union_id, &union.path), d, &from_note).await?;
    let now = store::now();
    let from = row.status.clone();
    row.proposal_id = Some(proposal.id);
    row.updated_at = now;
    let note = format!("转为职代会提案“{}”", proposal.title);
    write(&mut tx, p, &union.path, &row, &from, "to_proposal", note).await?;
    tx.commit().await?;
    Ok((row, proposal.id))
}
