//! Proposals in the server: each step checks the state in `domain::proposal`,
//! writes the row only if its state is unchanged, and logs the step.

use chrono::NaiveDate;
use domain::ErrorCode;
use domain::UnionId;
use domain::proposal::{self as rules, Draft, Outcome, Rates, Rating, Status};
use store::Tx;
use store::proposal::{LogEntry, Proposal};
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

pub fn today() -> NaiveDate {
    domain::time::today(store::now())
}

fn status(p: &Proposal) -> Status {
    Status::parse(&p.status).unwrap_or(Status::Draft)
}

/// Checks the caller may propose or co-sign here (a delegate, or a member
/// where the union allows).
async fn check_proposer(tx: &mut Tx, p: &Principal, union_id: Uuid) -> AppResult<()> {
    let (has, is) = store::proposal::delegate_status(tx, UnionId(union_id), p.user_id, today()).await?;
    let allowed = store::proposal::members_may_propose(tx, UnionId(union_id)).await?;
    Ok(rules::may_propose(has, is, allowed)?)
}

/// Submits a proposal; it then gathers co-signatures.
pub async fn submit(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    session_id: Option<Uuid>,
    title: &str,
    reason: &str,
    suggestion: &str,
) -> AppResult<Proposal> {
    let d = Draft::parse(title, reason, suggestion)?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    check_proposer(&mut tx, p, union_id).await?;
    if let Some(sid) = session_id {
        let meets = store::proposal::session_meets_on(&mut tx, UnionId(union_id), sid)
            .await?
            .ok_or_else(|| AppError::field(ErrorCode::NotFound, "session_id", "会议不存在"))?;
        rules::check_collection(meets, today())?;
    }
    let now = store::now();
    let row = Proposal {
        union_id,
        id: Uuid::now_v7(),
        number: None,
        session_id,
        title: d.title,
        reason: d.reason,
        suggestion: d.suggestion,
        proposer_id: p.user_id,
        proposer_name: p.display_name.clone(),
        status: Status::Draft.as_str().into(),
        round: 1,
        review_note: None,
        department: None,
        deadline: None,
        answer: None,
        answered_by: None,
        answered_at: None,
        rating: None,
        rating_note: None,
        created_at: now,
        updated_at: now,
    };
    store::proposal::insert(&mut tx, &row).await?;
    store::proposal::log(&mut tx, UnionId(union_id), row.id, "submit", "提出提案", &p.display_name).await?;
    record(
        &mut tx,
        p.actor(),
        "proposal.submit",
        format!("proposal:{}", row.id),
        Some((union_id, &union.path)),
        format!("提出提案“{}”", row.title),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

async fn load(tx: &mut Tx, union_id: Uuid, id: Uuid) -> AppResult<Proposal> {
    store::proposal::get(tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)
}

/// Writes a step: the row only if nobody moved it meanwhile, the log, the
/// audit entry.
async fn step(
    tx: &mut Tx,
    p: &Principal,
    union_path: &str,
    row: &Proposal,
    from: Status,
    action: &str,
    note: String,
) -> AppResult<()> {
    if store::proposal::update(tx, row, from.as_str()).await? == 0 {
        return Err(AppError::field(ErrorCode::Conflict, "status", "提案已被他人办理，请刷新后再试"));
    }
    store::proposal::log(tx, UnionId(row.union_id), row.id, action, &note, &p.display_name).await?;
    record(
        tx,
        p.actor(),
        &format!("proposal.{action}"),
        format!("proposal:{}", row.id),
        Some((row.union_id, union_path)),
        format!("提案“{}”：{note}", row.title),
    )
    .await?;
    Ok(())
}

/// Co-signs (附议): not one's own, once each. The second co-signature sends
/// it to review.
pub async fn cosign(state: &AppState, p: &Principal, union_id: Uuid, id: Uuid) -> AppResult<Proposal> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut row = load(&mut tx, union_id, id).await?;
    if row.proposer_id == p.user_id {
        return Err(AppError::field(ErrorCode::PolicyRefused, "cosign", "提案人不能为自己的提案附议"));
    }
    check_proposer(&mut tx, p, union_id).await?;
    let from = status(&row);
    rules::after_cosign(from, 0)?;
    if !store::proposal::cosign(&mut tx, UnionId(union_id), id, p.user_id, &p.display_name).await? {
        return Err(AppError::field(ErrorCode::Conflict, "cosign", "您已附议过这件提案"));
    }
    let n = store::proposal::cosigners(&mut tx, UnionId(union_id), id).await?.len();
    let next = rules::after_cosign(from, n)?;
    row.status = next.as_str().into();
    row.updated_at = store::now();
    let note = if next == from {
        format!("附议（{n}人）")
    } else {
        format!("附议（{n}人），提交审查")
    };
    step(&mut tx, p, &union.path, &row, from, "cosign", note).await?;
    tx.commit().await?;
    Ok(row)
}

/// Review: 立案 with the next number, or an opinion with the reason.
pub async fn review(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    register: bool,
    note: &str,
) -> AppResult<Proposal> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut row = load(&mut tx, union_id, id).await?;
    let from = status(&row);
    let next = rules::review(from, register, note)?;
    row.status = next.as_str().into();
    row.review_note = Some(note.trim().to_owned()).filter(|n| !n.is_empty());
    row.updated_at = store::now();
    let what = if register {
        row.number = Some(store::proposal::next_number(&mut tx, UnionId(union_id)).await?);
        format!("立案，第{}号", row.number.unwrap_or_default())
    } else {
        format!("转为意见建议，理由：{}", note.trim())
    };
    step(&mut tx, p, &union.path, &row, from, "review", what).await?;
    tx.commit().await?;
    Ok(row)
}

pub async fn assign(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    department: &str,
    deadline: Option<NaiveDate>,
) -> AppResult<Proposal> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut row = load(&mut tx, union_id, id).await?;
    let from = status(&row);
    row.status = rules::assign(from, department, deadline, today())?.as_str().into();
    row.department = Some(department.trim().to_owned());
    row.deadline = deadline;
    row.updated_at = store::now();
    let note = format!(
        "交{}办理，期限{}{}",
        department.trim(),
        deadline.map(|d| d.to_string()).unwrap_or_default(),
        if row.round > 1 { format!("（第{}轮）", row.round) } else { String::new() }
    );
    step(&mut tx, p, &union.path, &row, from, "assign", note).await?;
    tx.commit().await?;
    Ok(row)
}

/// The department's written answer, entered by the union's officer.
pub async fn answer(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    text: &str,
) -> AppResult<Proposal> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut row = load(&mut tx, union_id, id).await?;
    let from = status(&row);
    row.status = rules::answer(from, text)?.as_str().into();
    row.answer = Some(text.trim().to_owned());
    row.answered_by = Some(p.display_name.clone());
    row.answered_at = Some(store::now());
    row.updated_at = store::now();
    let note = format!("{}书面答复", row.department.clone().unwrap_or_default());
    step(&mut tx, p, &union.path, &row, from, "answer", note).await?;
    // The answer waits for the proposer's rating.
    let notice = crate::me::notify::Notice {
        kind: crate::me::notify::Kind::AnswerToRate,
        title: format!("您的提案“{}”已答复，请评价", row.title),
        body: "请查看承办部门的答复，并对办理结果作出评价。".to_owned(),
        link: format!("/unions/{union_id}/proposals/{id}"),
    };
    crate::me::notify::notify_in(&mut tx, UnionId(union_id), &[row.proposer_id], &notice).await?;
    tx.commit().await?;
    Ok(row)
}

/// The proposer rates the answer; 不满意 in the first round sends it back.
pub async fn rate(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    rating: &str,
    note: &str,
) -> AppResult<Proposal> {
    let rating = Rating::parse(rating).ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidValue,
            "rating",
            "评价只能是 satisfied（满意）、basically（基本满意）或 unsatisfied（不满意）",
        )
    })?;
    let note = domain::text::line("note", "评价意见", note, 500)?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut row = load(&mut tx, union_id, id).await?;
    if row.proposer_id != p.user_id {
        return Err(AppError::field(ErrorCode::PolicyRefused, "rating", "只有提案人本人可以评价答复"));
    }
    let from = status(&row);
    let (next, round) = rules::rate(from, rating, row.round)?;
    row.status = next.as_str().into();
    row.rating = Some(rating.as_str().into());
    row.rating_note = note.clone();
    row.round = round;
    row.updated_at = store::now();
    let mut what = format!("提案人评价：{}", rating.label());
    if let Some(n) = &note {
        what.push_str(&format!("（{n}）"));
    }
    if next == Status::Registered {
        what.push_str("，进入第二轮办理");
    }
    step(&mut tx, p, &union.path, &row, from, "rate", what).await?;
    tx.commit().await?;
    Ok(row)
}

pub async fn list(state: &AppState, union_id: Uuid, session_id: Option<Uuid>) -> AppResult<Vec<Proposal>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::proposal::list(&mut tx, UnionId(union_id), session_id).await?)
}

/// A proposal with its co-signers and log.
pub async fn get(
    state: &AppState,
    union_id: Uuid,
    id: Uuid,
) -> AppResult<(Proposal, Vec<(Uuid, String, chrono::DateTime<chrono::Utc>)>, Vec<LogEntry>)> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let row = load(&mut tx, union_id, id).await?;
    let cosigners = store::proposal::cosigners(&mut tx, UnionId(union_id), id).await?;
    let log = store::proposal::log_of(&mut tx, UnionId(union_id), id).await?;
    Ok((row, cosigners, log))
}

/// The handling report: the rates and every proposal (the congress hears it).
pub async fn report(
    state: &AppState,
    union_id: Uuid,
    session_id: Option<Uuid>,
) -> AppResult<(Rates, Vec<Proposal>)> {
    let rows = list(state, union_id, session_id).await?;
    let outcomes: Vec<Outcome> = rows
        .iter()
        .map(|r| Outcome { status: status(r), rating: r.rating.as_deref().and_then(Rating::parse) })
        .collect();
    Ok((rules::rates(&outcomes), rows))
}

pub async fn members_may_propose(state: &AppState, union_id: Uuid) -> AppResult<bool> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::proposal::members_may_propose(&mut tx, UnionId(union_id)).await?)
}

/// Lets members who are not delegates propose and co-sign (or not).
pub async fn set_members_may_propose(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    yes: bool,
) -> AppResult<()> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    store::proposal::set_members_may_propose(&mut tx, UnionId(union_id), yes, &p.display_name).await?;
    record(
        &mut tx,
        p.actor(),
        "proposal.settings",
        format!("union:{union_id}"),
        Some((union_id, &union.path)),
        if yes {
            "允许非代表的会员提出和附议提案".into()
        } else {
            "只由职工代表提出和附议提案".into()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A proposal the union forwards from another record (a petition, a
/// suggestion), in that record's transaction: straight to review, without
/// the co-signatures a delegate's own proposal gathers; `from_note` says
/// where it came from, in its log and the audit entry.
pub async fn forward_in(
    tx: &mut Tx,
    p: &Principal,
    (union_id, union_path): (Uuid, &str),
    d: Draft,
    from_note: &str,
) -> AppResult<Proposal> {
    let now = store::now();
    let proposal = Proposal {
        union_id,
        id: Uuid::now_v7(),
        number: None,
        session_id: None,
        title: d.title,
        reason: d.reason,
        suggestion: d.suggestion,
        proposer_id: p.user_id,
        proposer_name: p.display_name.clone(),
        status: Status::Submitted.as_str().to_owned(),
        round: 1,
        review_note: None,
        department: None,
        deadline: None,
        answer: None,
        answered_by: None,
        answered_at: None,
        rating: None,
        rating_note: None,
        created_at: now,
        updated_at: now,
    };
    store::proposal::insert(tx, &proposal).await?;
    store::proposal::log(tx, UnionId(union_id), proposal.id, "submit", from_note, &p.display_name).await?;
    record(
        tx,
        p.actor(),
        "proposal.submit",
        format!("proposal:{}", proposal.id),
        Some((union_id, union_path)),
        format!("提出提案“{}”（{from_note}）", proposal.title),
    )
    .await?;
    Ok(proposal)
}
