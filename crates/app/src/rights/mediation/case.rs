//! The steps of a case: application (from a petition too), the decision to
//! accept or refuse, sessions with their minutes, extension, and closing
//! with an outcome. One transaction each: a refused step writes nothing.

use chrono::NaiveDate;
use domain::rights::mediation::{
    self as rules, Decision, DisputeType, NewCase, NewSession, Outcome, SessionKind, Status,
};
use domain::{ErrorCode, UnionId};
use store::Tx;
use store::rights::mediation as db;
use uuid::Uuid;

use super::{Case, Session, calendar, check_member, first, load, not_future, status_of, today};
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;
use crate::rights::settings;

/// One applicant as typed.
#[derive(Debug, Clone, Default)]
pub struct ApplicantInput {
    pub name: String,
    pub representative: bool,
    /// The member of the union, when the applicant is one.
    pub member_id: Option<Uuid>,
}

/// An application as the form or the API gives it.
#[derive(Debug, Clone, Default)]
pub struct CaseInput {
    /// `DisputeType` by code or label.
    pub dispute_type: String,
    pub applicants: Vec<ApplicantInput>,
    pub respondent: String,
    pub common_claim: bool,
    pub claims: Vec<rules::ClaimInput>,
    pub facts: String,
    /// None: today.
    pub applied_on: Option<NaiveDate>,
    /// The petition (来信来访) it comes from.
    pub petition_id: Option<Uuid>,
}

fn dispute_type(s: &str) -> AppResult<DisputeType> {
    DisputeType::parse(s).ok_or_else(|| {
        let all: Vec<_> =
            DisputeType::ALL.iter().map(|t| format!("{}（{}）", t.as_str(), t.label())).collect();
        AppError::field(ErrorCode::InvalidValue, "dispute_type", format!("争议类型须为：{}", all.join("、")))
    })
}

/// Writes a step: the row only if nobody moved it meanwhile, the log, the
/// audit entry.
async fn step(
    tx: &mut Tx,
    p: &Principal,
    union_path: &str,
    row: &Case,
    from: (&str, i64),
    action: &str,
    note: String,
) -> AppResult<()> {
    if db::update_case(tx, row, from).await? == 0 {
        return Err(AppError::field(ErrorCode::Conflict, "status", "案件已被他人办理，请刷新后再试"));
    }
    db::log(tx, UnionId(row.union_id), row.id, action, &note, &p.display_name).await?;
    record(
        tx,
        p.actor(),
        &format!("mediation.{action}"),
        format!("mediation_case:{}", row.id),
        Some((row.union_id, union_path)),
        format!("{}：{note}", super::case_title(row)),
    )
    .await?;
    Ok(())
}

/// Registers an application (登记调解申请): checks it whole, links members
/// of this union, numbers it, and — when it comes from a petition — marks
/// the petition as turned into this case and logs that on the petition,
/// all in one transaction.
pub async fn create(state: &AppState, p: &Principal, union_id: Uuid, input: &CaseInput) -> AppResult<Case> {
    let kind = dispute_type(&input.dispute_type)?;
    let facts = domain::text::multiline("facts", "事实和理由", &input.facts, 20_000)?
        .ok_or_else(|| AppError::field(ErrorCode::Required, "facts", "请填写事实和理由"))?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let s = settings::load(&mut tx, union_id).await?.mediation;
    let applied_on = input.applied_on.unwrap_or_else(today);
    let new = NewCase {
        applicants: input
            .applicants
            .iter()
            .map(|a| rules::Applicant { name: a.name.clone(), representative: a.representative })
            .collect(),
        respondent: input.respondent.clone(),
        common_claim: input.common_claim,
        claims: input.claims.clone(),
        applied_on,
    };
    let checked = rules::validate_case(&new, today(), &s).map_err(first)?;
    for a in &input.applicants {
        if let Some(m) = a.member_id {
            check_member(&mut tx, union_id, m, "applicants").await?;
        }
    }
    let petition = match input.petition_id {
        None => None,
        Some(pid) => {
            let src = db::petition_source(&mut tx, UnionId(union_id), pid)
                .await?
                .ok_or_else(|| AppError::field(ErrorCode::NotFound, "petition_id", "来信来访记录不存在"))?;
            if src.turned_into_kind.is_some() {
                return Err(AppError::field(
                    ErrorCode::Conflict,
                    "petition_id",
                    format!("第{}号来信已转办，不能再转为调解案件", src.number),
                ));
            }
            if applied_on < src.received_on {
                return Err(AppError::field(
                    ErrorCode::InvalidDate,
                    "applied_on",
                    format!(
                        "申请日期（{}）不能早于来信日期（{}）",
                        domain::time::fmt_date(applied_on),
                        domain::time::fmt_date(src.received_on)
                    ),
                ));
            }
            Some(src)
        }
    };
    let now = store::now();
    let number = db::next_number(&mut tx, UnionId(union_id)).await?;
    let row = Case {
        union_id,
        id: Uuid::now_v7(),
        number,
        dispute_type: kind.as_str().to_owned(),
        respondent: checked.respondent,
        common_claim: checked.common_claim,
        facts,
        claimed_fen: checked.claimed_fen,
        applied_on,
        acceptance_due: rules::acceptance_due(applied_on, &calendar(), &s),
        status: Status::Applied.as_str().to_owned(),
        accepted_on: None,
        refused_reason: None,
        extension_days: 0,
        mediator_id: None,
        closed_on: None,
        outcome: None,
        outcome_text: None,
        agreed_fen: None,
        petition_id: input.petition_id,
        created_by: p.display_name.clone(),
        created_at: now,
        updated_at: now,
    };
    db::insert_case(&mut tx, &row).await.map_err(taken)?;
    store::directory::register(&mut tx, UnionId(union_id), store::directory::MEDIATION_CASE, row.id).await?;
    let applicants: Vec<db::Applicant> = checked
        .applicants
        .iter()
        .zip(&input.applicants)
        .enumerate()
        .map(|(i, (a, typed))| db::Applicant {
            seq: i as i64 + 1,
            name: a.name.clone(),
            representative: a.representative,
            member_id: typed.member_id,
        })
        .collect();
    db::insert_applicants(&mut tx, UnionId(union_id), row.id, &applicants).await?;
    let claims: Vec<db::Claim> = checked
        .claims
        .iter()
        .enumerate()
        .map(|(i, c)| db::Claim { seq: i as i64 + 1, item: c.item.clone(), amount_fen: c.amount_fen })
        .collect();
    db::insert_claims(&mut tx, UnionId(union_id), row.id, &claims).await?;
    let mut note = format!(
        "登记调解申请（{}），申请人{}人，受理期限{}",
        kind.label(),
        applicants.len(),
        domain::time::fmt_date(row.acceptance_due)
    );
    if let Some(src) = &petition {
        note.push_str(&format!("；由第{}号来信来访转入", src.number));
        let turned = format!("转为调解案件第{number}号");
        if db::turn_petition(&mut tx, UnionId(union_id), src, row.id, &turned, &p.display_name).await? == 0 {
            return Err(AppError::field(
                ErrorCode::Conflict,
                "petition_id",
                "该来信已被他人转办，请刷新后再试",
            ));
        }
    }
    db::log(&mut tx, UnionId(union_id), row.id, "apply", &note, &p.display_name).await?;
    record(
        &mut tx,
        p.actor(),
        "mediation.apply",
        format!("mediation_case:{}", row.id),
        Some((union_id, &union.path)),
        format!("{}：{note}", super::case_title(&row)),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Two officers numbering a case at once on PostgreSQL: the second gets
/// the number's unique key; it is a conflict to retry, not a fault.
fn taken(e: store::Error) -> AppError {
    if store::is_unique_violation(&e) {
        AppError::field(ErrorCode::Conflict, "number", "同时有其他案件登记，请重试")
    } else {
        e.into()
    }
}

/// The committee's decision (受理 or 不予受理) as typed.
#[derive(Debug, Clone, Default)]
pub struct DecisionInput {
    pub accept: bool,
    pub reason: String,
    /// None: today.
    pub decided_on: Option<NaiveDate>,
    /// The committee member who mediates (a sitting seat).
    pub mediator_id: Option<Uuid>,
}

/// Decides on an application. A late decision is recorded with its true
/// date and flagged in the log (see `domain::rights::mediation::decide`).
pub async fn decide(
    state: &AppState,
    p: &Principal,
    case_id: Uuid,
    input: &DecisionInput,
) -> AppResult<Case> {
    let decided_on = input.decided_on.unwrap_or_else(today);
    let mut tx = state.db.write().await?;
    let (mut row, union) = load(&mut tx, case_id).await?;
    let s = settings::load(&mut tx, row.union_id).await?.mediation;
    let from = status_of(&row);
    let decision =
        if input.accept { Decision::Accept } else { Decision::Refuse { reason: input.reason.clone() } };
    let decided = rules::decide(from, row.applied_on, decided_on, &decision, &calendar(), &s)?;
    not_future("decided_on", "受理决定日期", decided_on)?;
    let mediator = match input.mediator_id.filter(|_| input.accept) {
        None => None,
        Some(m) => Some(sitting(&mut tx, row.union_id, m).await?),
    };
    let before = (row.status.clone(), row.extension_days);
    row.status = decided.status.as_str().to_owned();
    row.updated_at = store::now();
    let late = if decided.late { "（已超过受理期限）" } else { "" };
    let (action, note) = match &decision {
        Decision::Accept => {
            row.accepted_on = Some(decided_on);
            row.mediator_id = mediator.as_ref().map(|m| m.id);
            let due = rules::mediation_due(decided_on, 0, &s);
            let who = mediator.as_ref().map(|m| format!("，调解员{}", m.name)).unwrap_or_default();
            ("accept", format!("受理{late}{who}，调解期限至{}", domain::time::fmt_date(due)))
        }
        Decision::Refuse { reason } => {
            let reason = reason.trim().to_owned();
            row.refused_reason = Some(reason.clone());
            row.closed_on = Some(decided_on);
            ("refuse", format!("不予受理{late}：{reason}"))
        }
    };
    step(&mut tx, p, &union.path, &row, (&before.0, before.1), action, note).await?;
    tx.commit().await?;
    Ok(row)
}

/// A sitting member of the union's committee, or 404 naming the field.
async fn sitting(tx: &mut Tx, union_id: Uuid, seat_id: Uuid) -> AppResult<super::Seat> {
    db::committee(tx, UnionId(union_id))
        .await?
        .into_iter()
        .find(|s| s.id == seat_id && s.left_on.is_none())
        .ok_or_else(|| {
            AppError::field(ErrorCode::NotFound, "mediator_id", "调解员须是本会调解委员会的现任委员")
        })
}

/// The outcome as typed.
#[derive(Debug, Clone, Default)]
pub struct CloseInput {
    /// agreement | withdrawn | arbitration (or the labels).
    pub outcome: String,
    /// None: today.
    pub closed_on: Option<NaiveDate>,
    /// The agreement's terms, or a note.
    pub outcome_text: String,
    pub agreed_fen: Option<i64>,
}

/// Closes an accepted case (结案) with its outcome; a second close is a
/// conflict (already closed).
pub async fn close(state: &AppState, p: &Principal, case_id: Uuid, input: &CloseInput) -> AppResult<Case> {
    let outcome = Outcome::parse(&input.outcome).ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidValue,
            "outcome",
            "结案方式须为 agreement（达成调解协议）、withdrawn（撤回申请）或 arbitration（调解不成，转仲裁）",
        )
    })?;
    let closed_on = input.closed_on.unwrap_or_else(today);
    let mut tx = state.db.write().await?;
    let (mut row, union) = load(&mut tx, case_id).await?;
    let from = status_of(&row);
    let next = rules::close(from, outcome, row.accepted_on.unwrap_or(row.applied_on), closed_on)?;
    not_future("closed_on", "结案日期", closed_on)?;
    let (text, agreed) = rules::check_outcome(outcome, &input.outcome_text, input.agreed_fen)?;
    let before = (row.status.clone(), row.extension_days);
    row.status = next.as_str().to_owned();
    row.closed_on = Some(closed_on);
    row.outcome = Some(outcome.as_str().to_owned());
    row.outcome_text = text;
    row.agreed_fen = agreed;
    row.updated_at = store::now();
    let mut note = format!("结案：{}", outcome.label());
    if let Some(fen) = agreed {
        note.push_str(&format!("，协议金额{}元", domain::finance::money::fmt_yuan(fen)));
    }
    step(&mut tx, p, &union.path, &row, (&before.0, before.1), "close", note).await?;
    tx.commit().await?;
    Ok(row)
}

/// Extends mediation by days both parties agreed to (延长调解期限).
pub async fn extend(
    state: &AppState,
    p: &Principal,
    case_id: Uuid,
    days: i64,
    note: &str,
) -> AppResult<Case> {
    let note = domain::text::line("note", "延长理由", note, 200)?;
    let more = u32::try_from(days).map_err(|_| {
        AppError::field(ErrorCode::InvalidValue, "extension_days", "延长天数应为1至15之间的整数")
    })?;
    let mut tx = state.db.write().await?;
    let (mut row, union) = load(&mut tx, case_id).await?;
    let s = settings::load(&mut tx, row.union_id).await?.mediation;
    let already = u32::try_from(row.extension_days).unwrap_or(0);
    let total = rules::extend(status_of(&row), already, more, &s)?;
    let before = (row.status.clone(), row.extension_days);
    row.extension_days = i64::from(total);
    row.updated_at = store::now();
    let due = rules::mediation_due(row.accepted_on.unwrap_or(row.applied_on), total, &s);
    let text = format!(
        "经双方同意延长调解期限{more}日，调解期限至{}{}",
        domain::time::fmt_date(due),
        note.map(|n| format!("（{n}）")).unwrap_or_default()
    );
    step(&mut tx, p, &union.path, &row, (&before.0, before.1), "extend", text).await?;
    tx.commit().await?;
    Ok(row)
}

/// A session as typed.
#[derive(Debug, Clone, Default)]
pub struct SessionInput {
    /// investigation | mediation (or the labels).
    pub kind: String,
    /// None: today.
    pub held_on: Option<NaiveDate>,
    pub place: String,
    pub attendees: String,
    pub minutes: String,
}

/// Records a session with its minutes (调查笔录 / 调解记录); minutes are
/// never edited afterwards: a correction is a new record.
pub async fn add_session(
    state: &AppState,
    p: &Principal,
    case_id: Uuid,
    input: &SessionInput,
) -> AppResult<Session> {
    let kind = SessionKind::parse(&input.kind).ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidValue,
            "kind",
            "记录类型须为 investigation（调查笔录）或 mediation（调解记录）",
        )
    })?;
    let mut tx = state.db.write().await?;
    let (row, union) = load(&mut tx, case_id).await?;
    let typed = NewSession {
        kind,
        held_on: input.held_on.unwrap_or_else(today),
        place: input.place.clone(),
        attendees: input.attendees.clone(),
        minutes: input.minutes.clone(),
    };
    let checked = rules::validate_session(&typed, status_of(&row), row.accepted_on, row.closed_on, today())
        .map_err(first)?;
    let session = Session {
        union_id: row.union_id,
        id: Uuid::now_v7(),
        case_id: row.id,
        kind: kind.as_str().to_owned(),
        held_on: checked.held_on,
        place: checked.place,
        attendees: checked.attendees,
        minutes: checked.minutes,
        recorded_by: p.display_name.clone(),
        at: store::now(),
    };
    db::insert_session(&mut tx, &session).await?;
    let note = format!("记录{}（{}）", kind.label(), domain::time::fmt_date(session.held_on));
    db::log(&mut tx, UnionId(row.union_id), row.id, "session", &note, &p.display_name).await?;
    record(
        &mut tx,
        p.actor(),
        "mediation.session",
        format!("mediation_case:{}", row.id),
        Some((row.union_id, &union.path)),
        format!("{}：{note}", super::case_title(&row)),
    )
    .await?;
    tx.commit().await?;
    Ok(session)
}
