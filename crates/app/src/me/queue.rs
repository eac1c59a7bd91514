//! The officers' work queue: members' applications and correction requests
//! with deadlines, oldest first. Condolence reports and corrections are
//! decided here; hardship, claim and transfer applications are decided on
//! their records (the queue links to them) and follow them.

use chrono::NaiveDate;
use domain::me::application::{self as rules, CorrectionStatus, Decision, Field, Kind, Status};
use domain::{ErrorCode, UnionId, text};
use store::Tx;
use store::me::application::{Correction, QueuedCorrection};
use uuid::Uuid;

use super::application::{ApplicationView, view_in};
use super::notify::{Kind as NoticeKind, Notice, notify_members_in};
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// An application in the queue.
#[derive(Debug, Clone)]
pub struct QueuedApplication {
    pub view: ApplicationView,
    pub member_name: String,
    pub overdue: bool,
}

/// A correction request in the queue.
#[derive(Debug, Clone)]
pub struct QueuedCorrectionView {
    pub c: Correction,
    pub member_name: String,
    pub field_label: &'static str,
    pub overdue: bool,
}

/// The union's open requests, oldest first.
pub struct Queue {
    pub today: NaiveDate,
    pub applications: Vec<QueuedApplication>,
    pub corrections: Vec<QueuedCorrectionView>,
}

pub async fn queue(state: &AppState, union_id: Uuid) -> AppResult<Queue> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let today = domain::time::today(store::now());
    let mut applications = Vec::new();
    for q in store::me::application::open_of_union(&mut tx, UnionId(union_id)).await? {
        let view = view_in(&mut tx, q.a, false).await?;
        let overdue = rules::overdue(view.a.due_on, true, today);
        applications.push(QueuedApplication { view, member_name: q.member_name, overdue });
    }
    let corrections = store::me::application::open_corrections(&mut tx, UnionId(union_id))
        .await?
        .into_iter()
        .map(|QueuedCorrection { c, member_name }| QueuedCorrectionView {
            field_label: Field::parse(&c.field).map_or("", |f| f.label()),
            overdue: rules::overdue(c.due_on, true, today),
            c,
            member_name,
        })
        .collect();
    Ok(Queue { today, applications, corrections })
}

/// One application of the union, for the officer (404 when another
/// union's).
pub async fn application(state: &AppState, union_id: Uuid, id: Uuid) -> AppResult<ApplicationView> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let a =
        store::me::application::get(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)?;
    view_in(&mut tx, a, true).await
}

fn handled() -> AppError {
    AppError::field(ErrorCode::Conflict, "decision", "该申请已办理，不能重复办理")
}

/// Decides a condolence report: approval records the life event through
/// the care area (the policy sets the condolence due, a visit is planned);
/// a rejection needs its reason. Deciding twice is 409.
pub async fn decide_application(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    decision: &str,
    reason: &str,
) -> AppResult<ApplicationView> {
    let d = Decision::parse_application(decision)?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let a =
        store::me::application::get(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)?;
    let kind = Kind::parse(&a.kind).ok_or_else(|| AppError::code(ErrorCode::Internal))?;
    if a.status != Status::Submitted.as_str() {
        return Err(handled());
    }
    if !kind.decided_in_queue() {
        return Err(AppError::field(
            ErrorCode::Conflict,
            "decision",
            format!("{}在其转成的记录中办理（见链接），办理结果会自动同步到申请", kind.label()),
        ));
    }
    let m =
        store::member::get(&mut tx, UnionId(union_id), a.member_id).await?.ok_or_else(AppError::not_found)?;
    let now = store::now();
    let details: serde_json::Value = serde_json::from_str(&a.details).unwrap_or_default();
    let (to, note) = match d {
        Decision::Approve => {
            let event = rules::condolence_event(details["event"].as_str().unwrap_or(""))?;
            let date: NaiveDate = details["date"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| AppError::field(ErrorCode::InvalidDate, "date", "申请中的事件日期不正确"))?;
            let note = text::line("reason", "办理意见", reason, 200)?;
            let member_note = details["note"].as_str().map(str::to_owned);
            let (e, v) = crate::care::aid::record_event_in(
                &mut tx,
                p,
                union_id,
                a.member_id,
                event,
                date,
                member_note,
            )
            .await?;
            if store::me::application::set_status(
                &mut tx,
                UnionId(union_id),
                id,
                &[Status::Submitted.as_str()],
                Status::Approved.as_str(),
                note.as_deref(),
                Some(&p.display_name),
                now,
            )
            .await?
                == 0
            {
                return Err(handled());
            }
            store::me::application::set_target(
                &mut tx,
                UnionId(union_id),
                id,
                "care_event",
                e.id,
                Status::Approved.as_str(),
            )
            .await?;
            let due = match e.due_fen {
                Some(0) => "按规定无慰问金".to_owned(),
                Some(f) => format!("慰问金按规定不超过{}元", domain::finance::money::yuan_short(f)),
                None => "慰问金按规定发放".to_owned(),
            };
            let mut text = format!("已登记{}（{}），{due}，应于{}前走访", event.label(), date, v.due_date);
            if let Some(n) = &note {
                text.push_str(&format!("；{n}"));
            }
            (Status::Approved, text)
        }
        _ => {
            let r = text::required_line("reason", "不同意的理由", reason, 200)?;
            if store::me::application::set_status(
                &mut tx,
                UnionId(union_id),
                id,
                &[Status::Submitted.as_str()],
                Status::Rejected.as_str(),
                Some(&r),
                Some(&p.display_name),
                now,
            )
            .await?
                == 0
            {
                return Err(handled());
            }
            (Status::Rejected, format!("不同意：{r}"))
        }
    };
    store::me::application::log(&mut tx, UnionId(union_id), id, &p.display_name, to.as_str(), &note).await?;
    record(
        &mut tx,
        p.actor(),
        "me.application.decide",
        format!("member_application:{id}"),
        Some((union_id, &union.path)),
        format!("{}的{}：{note}", m.name, kind.label()),
    )
    .await?;
    let notice = Notice {
        kind: NoticeKind::ApplicationDecided,
        title: format!("您的{}{}", kind.label(), to.label()),
        body: note,
        link: format!("/me/applications/{id}"),
    };
    notify_members_in(&mut tx, UnionId(union_id), &[a.member_id], &notice).await?;
    let a =
        store::me::application::get(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)?;
    let view = view_in(&mut tx, a, true).await?;
    tx.commit().await?;
    Ok(view)
}

/// Closes a correction request: done (the officer changed the record on
/// the member's page and notes what changed) or rejected with the reason.
/// Deciding twice is 409.
pub async fn decide_correction(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    decision: &str,
    note: &str,
) -> AppResult<Correction> {
    let d = Decision::parse_correction(decision)?;
    let note = match d {
        Decision::Done => text::required_line("note", "更正情况（改了什么）", note, 300)?,
        _ => text::required_line("note", "不予更正的理由", note, 300)?,
    };
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let c = correction_in(&mut tx, union_id, id).await?;
    if c.status != CorrectionStatus::Open.as_str() {
        return Err(AppError::field(ErrorCode::Conflict, "decision", "该更正申请已办理，不能重复办理"));
    }
    let to = if d == Decision::Done { CorrectionStatus::Done } else { CorrectionStatus::Rejected };
    if store::me::application::decide_correction(
        &mut tx,
        UnionId(union_id),
        id,
        to.as_str(),
        &note,
        &p.display_name,
    )
    .await?
        == 0
    {
        return Err(AppError::field(ErrorCode::Conflict, "decision", "该更正申请已办理，不能重复办理"));
    }
    let m =
        store::member::get(&mut tx, UnionId(union_id), c.member_id).await?.ok_or_else(AppError::not_found)?;
    let field = Field::parse(&c.field).map_or("", |f| f.label());
    let summary = format!("{}申请更正{}为“{}”：{}，{note}", m.name, field, c.value, to.label());
    record(
        &mut tx,
        p.actor(),
        "me.correction.decide",
        format!("member:{}", c.member_id),
        Some((union_id, &union.path)),
        summary,
    )
    .await?;
    let notice = Notice {
        kind: NoticeKind::ApplicationDecided,
        title: format!("您申请更正的{field}{}", to.label()),
        body: note,
        link: "/me/data#corrections".into(),
    };
    notify_members_in(&mut tx, UnionId(union_id), &[c.member_id], &notice).await?;
    let out = correction_in(&mut tx, union_id, id).await?;
    tx.commit().await?;
    Ok(out)
}

async fn correction_in(tx: &mut Tx, union_id: Uuid, id: Uuid) -> AppResult<Correction> {
    store::me::application::correction(tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)
}
