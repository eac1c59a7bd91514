//! The steps of a petition after it came in: the officers' (dispatch,
//! reject, start, answer, close, the due date, turning it into a proposal)
//! and the writer's rating. Each checks the move with
//! `domain::rights::petition::transition` and writes it in one transaction.

use chrono::NaiveDate;
use domain::ErrorCode;
use domain::UnionId;
use domain::rights::petition::{
    self as rules, Action, Handler as Assignment, Rating, Status, TurnedInto, check_due_date, check_turn,
    in_time, second_round_due, transition,
};
use store::Tx;
use store::rights::petition::HandlerRow;
use uuid::Uuid;

use super::{
    ANONYMOUS_WRITER, Petition, Viewer, WRITER, is_writer, load_for, load_for_officer, state_of, today,
};
use crate::AppState;
use crate::audit::service::{Actor, record};
use crate::auth::Principal;
use crate::error::{AppError, AppResult};

/// The roles whose accounts a petition may be dispatched to: the union's
/// staff and committee members. (Any account of the union is accepted by
/// the API; the page lists these, as members by the thousand would not fit
/// a list.)
pub const HANDLER_ROLES: [&str; 6] =
    ["chair", "officer", "treasurer", "auditor", "women_committee", "group_leader"];

/// Writes a step: the row only if nobody moved it meanwhile, then the log
/// and the audit entry.
async fn step(
    tx: &mut Tx,
    actor: (Actor<'_>, &str),
    union_path: &str,
    row: &Petition,
    from: (&str, i64),
    action: &str,
    note: String,
) -> AppResult<()> {
    if store::rights::petition::update(tx, row, from).await? == 0 {
        return Err(AppError::field(ErrorCode::Conflict, "status", "工单已被他人办理，请刷新后再试"));
    }
    let u = UnionId(row.union_id);
    store::rights::petition::log(tx, u, row.id, row.round, action, &note, actor.1).await?;
    record(
        tx,
        actor.0,
        &format!("petition.{action}"),
        format!("petition:{}", row.id),
        Some((row.union_id, union_path)),
        format!("第{}号工单：{note}", row.number),
    )
    .await?;
    Ok(())
}

/// Runs one of the officers' moves: load, check the move, let `apply` fill
/// in the row, write.
async fn officer_step(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    action: &Action,
    name: &str,
    apply: impl FnOnce(&mut Petition) -> String,
) -> AppResult<Petition> {
    let mut tx = state.db.write().await?;
    let (mut row, union) = load_for_officer(&mut tx, state, p, id).await?;
    let from = (row.status.clone(), row.round);
    let next = transition(state_of(&row), action)?;
    row.status = next.status.as_str().to_owned();
    row.round = i64::from(next.round);
    row.updated_at = store::now();
    let note = apply(&mut row);
    step(&mut tx, (p.actor(), &p.display_name), &union.path, &row, (&from.0, from.1), name, note).await?;
    // The answer waits for its writer's rating. A writer who filed it
    // themselves is told (or, registered by an officer, the member's
    // account); an anonymous writer is sealed and cannot be.
    if name == "answer" && !row.anonymous {
        let notice = crate::me::notify::Notice {
            kind: crate::me::notify::Kind::AnswerToRate,
            title: format!("您的来信“{}”已答复，请评价", row.subject),
            body: "请查看答复内容，并对办理结果作出满意或不满意的评价。".to_owned(),
            link: format!("/petitions/{}", row.id),
        };
        let union_id = domain::UnionId(row.union_id);
        if let Some(u) = row.writer_user_id {
            crate::me::notify::notify_in(&mut tx, union_id, &[u], &notice).await?;
        } else if let Some(m) = row.writer_member_id {
            crate::me::notify::notify_members_in(&mut tx, union_id, &[m], &notice).await?;
        }
    }
    tx.commit().await?;
    Ok(row)
}

/// 受理并派发: to several accounts of the union, exactly one leading (主办).
/// An account that is not the union's answers 404, as a missing one.
pub async fn dispatch(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    handlers: &[(Uuid, bool)],
) -> AppResult<Petition> {
    let assignments: Vec<Assignment> =
        handlers.iter().map(|&(user_id, leading)| Assignment { user_id, leading }).collect();
    rules::check_handlers(&assignments)?;
    let mut tx = state.db.write().await?;
    let (mut row, union) = load_for_officer(&mut tx, state, p, id).await?;
    let ids: Vec<Uuid> = assignments.iter().map(|a| a.user_id).collect();
    let accounts = store::rights::petition::union_accounts(&mut tx, &union.path, &ids).await?;
    let mut rows = Vec::with_capacity(handlers.len());
    for a in &assignments {
        let name =
            accounts.iter().find(|(u, _)| *u == a.user_id).map(|(_, n)| n.clone()).ok_or_else(|| {
                AppError::field(ErrorCode::NotFound, "handlers", "所选承办人不是本工会的账号")
            })?;
        rows.push(HandlerRow { user_id: a.user_id, name, leads: a.leading });
    }
    let from = (row.status.clone(), row.round);
    let next = transition(state_of(&row), &Action::Dispatch { handlers: assignments })?;
    row.status = next.status.as_str().to_owned();
    row.dispatched_on = Some(today());
    row.updated_at = store::now();
    store::rights::petition::set_handlers(&mut tx, UnionId(row.union_id), id, &rows).await?;
    rows.sort_by_key(|h| !h.leads);
    let names: Vec<String> =
        rows.iter().map(|h| format!("{}（{}）", h.name, if h.leads { "主办" } else { "协办" })).collect();
    let note = format!("受理并派发：{}", names.join("、"));
    step(&mut tx, (p.actor(), &p.display_name), &union.path, &row, (&from.0, from.1), "dispatch", note)
        .await?;
    tx.commit().await?;
    Ok(row)
}

/// 不予受理, with the reason the writer reads.
pub async fn reject(state: &AppState, p: &Principal, id: Uuid, reason: &str) -> AppResult<Petition> {
    let action = Action::Reject { reason: reason.to_owned() };
    officer_step(state, p, id, &action, "reject", |row| {
        let reason = reason.trim().to_owned();
        row.reject_reason = Some(reason.clone());
        row.closed_on = Some(today());
        format!("不予受理：{reason}")
    })
    .await
}

/// The leading handler starts work (recorded by an officer).
pub async fn start(state: &AppState, p: &Principal, id: Uuid) -> AppResult<Petition> {
    officer_step(state, p, id, &Action::Start, "start", |_| "开始办理".to_owned()).await
}

/// The written answer. The first answer records whether it kept its
/// deadline (按期答复率); a second round's answer replaces the text, the
/// log keeps both.
pub async fn answer(state: &AppState, p: &Principal, id: Uuid, text: &str) -> AppResult<Petition> {
    let action = Action::Answer { text: text.to_owned() };
    let who = p.display_name.clone();
    officer_step(state, p, id, &action, "answer", |row| {
        let day = today();
        let text = text.trim().to_owned();
        if row.answered_in_time.is_none() {
            row.answered_in_time = Some(in_time(day, row.answer_by));
        }
        row.answer = Some(text.clone());
        row.answered_by = Some(who);
        row.answered_on = Some(day);
        let round = if row.round > 1 { format!("（第{}轮）", row.round) } else { String::new() };
        format!("答复{round}：{text}")
    })
    .await
}

/// 办结 without a rating (the writer did not rate, or cannot be asked).
/// Closing twice answers 409.
pub async fn close(state: &AppState, p: &Principal, id: Uuid) -> AppResult<Petition> {
    officer_step(state, p, id, &Action::Close, "close", |row| {
        row.closed_on = Some(today());
        "办结".to_owned()
    })
    .await
}

/// Sets the answer deadline by hand: never before the petition came in,
/// and not on a petition that is finished.
pub async fn set_due_date(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    due: Option<NaiveDate>,
) -> AppResult<Petition> {
    let due =
        due.ok_or_else(|| AppError::field(ErrorCode::Required, "due_date", "请填写办理期限（年-月-日）"))?;
    let mut tx = state.db.write().await?;
    let (mut row, union) = load_for_officer(&mut tx, state, p, id).await?;
    if super::status(&row).is_final() {
        return Err(AppError::field(ErrorCode::InvalidTransition, "status", "工单已办结，不能再改办理期限"));
    }
    check_due_date(row.received_on, due)?;
    let from = (row.status.clone(), row.round);
    row.answer_by = due;
    row.dispatch_by = row.dispatch_by.min(due);
    row.updated_at = store::now();
    let note = format!("办理期限改为{}", domain::time::fmt_date(due));
    step(&mut tx, (p.actor(), &p.display_name), &union.path, &row, (&from.0, from.1), "due_date", note)
        .await?;
    tx.commit().await?;
    Ok(row)
}

/// The writer rates the answer. 不满意 in the first round opens a second
/// round with its own deadline; any rating after that closes it. Only the
/// writer rates: an officer gets a refusal, anyone else 404.
pub async fn rate(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    rating: &str,
    note: &str,
) -> AppResult<Petition> {
    let mut tx = state.db.write().await?;
    // Who may see it first: to anyone else it does not exist, whatever
    // they sent.
    let (mut row, union, viewer) = load_for(&mut tx, state, p, id).await?;
    if viewer == Viewer::Officer && !is_writer(&mut tx, state, p, &row).await? {
        return Err(AppError::field(ErrorCode::PolicyRefused, "rating", "只有来信人本人可以评价答复"));
    }
    let rating = Rating::parse(rating).ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidValue,
            "rating",
            "评价只能是 satisfied（满意）、basically（基本满意）或 unsatisfied（不满意）",
        )
    })?;
    let note = domain::text::line("note", "评价意见", note, 500)?;
    let from = (row.status.clone(), row.round);
    let next = transition(state_of(&row), &Action::Rate(rating))?;
    row.status = next.status.as_str().to_owned();
    row.round = i64::from(next.round);
    row.rating = Some(rating.as_str().to_owned());
    row.rating_note = note.clone();
    row.updated_at = store::now();
    let mut what = format!("来信人评价：{}", rating.label());
    if let Some(n) = &note {
        what.push_str(&format!("（{n}）"));
    }
    if next.status == Status::Closed {
        row.closed_on = Some(today());
        what.push_str("，办结");
    } else {
        let settings = crate::rights::settings::load(&mut tx, row.union_id).await?;
        row.answer_by = second_round_due(today(), &settings.petition);
        what.push_str(&format!("，进入第{}轮办理，期限{}", row.round, domain::time::fmt_date(row.answer_by)));
    }
    // An anonymous writer's rating names nobody, in the log or the audit.
    let actor = if row.anonymous { Actor { id: None, name: ANONYMOUS_WRITER, ip: "" } } else { p.actor() };
    step(&mut tx, (actor, WRITER), &union.path, &row, (&from.0, from.1), "rate", what).await?;
    tx.commit().await?;
    Ok(row)
}

/// The default 建议措施 of a proposal made from a petition.
pub const PROPOSAL_SUGGESTION: &str = "请提案工作委员会审查立案，交有关部门研究办理";

/// 转为提案: a proposal to the worker congress, sent to review, whose
/// reason is the letter; the petition keeps its history and links to it.
/// The proposer is the officer who forwards it (an anonymous writer stays
/// anonymous).
pub async fn to_proposal(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    title: Option<&str>,
    suggestion: Option<&str>,
) -> AppResult<(Petition, Uuid)> {
    let mut tx = state.db.write().await?;
    let (mut row, union) = load_for_officer(&mut tx, state, p, id).await?;
    check_turn(super::status(&row), row.turned_into_kind.as_deref().and_then(TurnedInto::parse))?;
    let title = title.map(str::trim).filter(|t| !t.is_empty()).unwrap_or(&row.subject);
    let suggestion = suggestion.map(str::trim).filter(|s| !s.is_empty()).unwrap_or(PROPOSAL_SUGGESTION);
    let reason = format!("（由来信来访第{}号转来）\n{}", row.number, row.content);
    let d = domain::proposal::Draft::parse(title, &reason, suggestion)?;
    let from_note = format!("由来信来访第{}号转为提案，送审查", row.number);
    let proposal =
        crate::proposal::service::forward_in(&mut tx, p, (row.union_id, &union.path), d, &from_note).await?;
    let now = store::now();
    let from = (row.status.clone(), row.round);
    row.turned_into_kind = Some(TurnedInto::Proposal.as_str().to_owned());
    row.turned_into_id = Some(proposal.id);
    row.updated_at = now;
    let note = format!("转为提案“{}”", proposal.title);
    step(&mut tx, (p.actor(), &p.display_name), &union.path, &row, (&from.0, from.1), "to_proposal", note)
        .await?;
    tx.commit().await?;
    Ok((row, proposal.id))
}

/// For the mediation area, in its own transaction: links the petition of
/// `union_id` to the mediation case made from it and logs the step
/// ('to_mediation'). 404 (field `petition_id`) for a petition not of that
/// union; refused when it turned already or was not accepted.
pub async fn turned_into_mediation_case(
    tx: &mut Tx,
    p: &Principal,
    union_id: Uuid,
    petition_id: Uuid,
    case_id: Uuid,
) -> AppResult<()> {
    let u = UnionId(union_id);
    let row = store::rights::petition::get(tx, u, petition_id)
        .await?
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "petition_id", "本工会没有这件来信来访"))?;
    check_turn(super::status(&row), row.turned_into_kind.as_deref().and_then(TurnedInto::parse))?;
    let kind = TurnedInto::MediationCase.as_str();
    if store::rights::petition::mark_turned(tx, u, petition_id, kind, case_id).await? == 0 {
        return Err(AppError::field(ErrorCode::Conflict, "petition_id", "该工单已转为其他事项"));
    }
    store::rights::petition::log(
        tx,
        u,
        petition_id,
        row.round,
        "to_mediation",
        "转为劳动争议调解案件",
        &p.display_name,
    )
    .await?;
    Ok(())
}
