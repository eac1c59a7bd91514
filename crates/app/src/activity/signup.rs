//! Sign-ups and the waiting list. Each sign-up or cancellation locks the
//! activity's row first and works from the counters on it, so hundreds
//! pressing 我要报名 at once are served one after another, each seeing the
//! places the previous one took: never over-filled, the waiting list in
//! arrival order, one row per person. Sign-ups are committed in groups
//! ([`crate::group`]): a crowd costs one transaction per group, not per
//! person.

use chrono::{DateTime, Utc};
use domain::activity::{MemberFacts, SignupStatus, cancel_counted, in_audience, sign_up_counted};
use domain::member::{Gender, MemberStatus};
use domain::{DomainError, ErrorCode, UnionId};
use store::Tx;
use store::activity::Activity;
use store::activity::signup::{Listed, Signup};
use uuid::Uuid;

use super::service::{counts_of, is_called_off, lock, may_manage, rules_of};
use crate::AppState;
use crate::audit::service::{Actor, record};
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::group::{Work, Writers, row_key};
use crate::org::load_union;

/// What a sign-up gave the member.
#[derive(Debug, Clone)]
pub struct Placed {
    pub member_id: Uuid,
    pub status: SignupStatus,
    /// The place on the waiting list (1: next in line).
    pub position: Option<u32>,
}

/// A sign-up in the officers' list, with its waiting position.
#[derive(Debug, Clone)]
pub struct Line {
    pub row: Listed,
    pub status: SignupStatus,
    pub position: Option<u32>,
}

/// The caller's own sign-up on the activity page.
#[derive(Debug, Clone)]
pub struct Mine {
    pub member_id: Uuid,
    pub signup: Option<Signup>,
    pub position: Option<u32>,
    pub checked_in: bool,
}

pub fn status_of(s: &str) -> SignupStatus {
    SignupStatus::parse(s).unwrap_or(SignupStatus::Cancelled)
}

/// The member the caller acts for: the one named (officers only; a member
/// of another union is 404), or the caller's own member record in this
/// union.
pub(super) async fn member_for(
    tx: &mut Tx,
    p: &Principal,
    a: &Activity,
    path: &str,
    member_id: Option<Uuid>,
) -> AppResult<(store::member::Member, bool)> {
    let union_id = UnionId(a.union_id);
    match member_id {
        Some(id) => {
            if !may_manage(p, path) {
                return Err(AppError::field(
                    ErrorCode::Forbidden,
                    "member_id",
                    "只有工会干部可以为他人报名或签到",
                ));
            }
            let m = store::member::get(tx, union_id, id)
                .await?
                .ok_or_else(|| AppError::field(ErrorCode::NotFound, "member_id", "本工会没有这名会员"))?;
            Ok((m, true))
        }
        None => {
            let mine = store::auth::member_of_user(tx, p.user_id).await?;
            let Some((_, id)) = mine.filter(|(u, _)| *u == a.union_id) else {
                // Not a refusal of the person but a missing input: an
                // officer without a member record names the member.
                return Err(AppError::field(
                    ErrorCode::Required,
                    "member_id",
                    "您的账号没有关联本工会的会员档案，请选择要办理的会员",
                ));
            };
            let m = store::member::get(tx, union_id, id).await?.ok_or_else(AppError::not_found)?;
            Ok((m, false))
        }
    }
}

/// What the audience rules need to know of a member. Retired: 保留会籍
/// (the roster has no separate retirement mark); model worker: the roster's
/// 劳模 flag, until an honours register exists.
pub fn facts(m: &store::member::Member) -> MemberFacts {
    let status = MemberStatus::parse(&m.status).unwrap_or(MemberStatus::Withdrawn);
    MemberFacts {
        status,
        group_id: m.group_id,
        gender: m.gender.as_deref().and_then(Gender::parse),
        retired: status == MemberStatus::Retained,
        model_worker: m.model_worker,
    }
}

fn open_activity(a: &Activity) -> AppResult<()> {
    if is_called_off(a) {
        return Err(AppError::field(ErrorCode::Conflict, "status", "活动已取消"));
    }
    Ok(())
}

/// Signs a member up (the caller, or with `member_id` the member an officer
/// names): confirmed while places remain, else on the waiting list.
///
/// Who signs up is read first, in a read transaction of its own; the
/// sign-up itself then queues for the activity's writer ([`Join`]), which
/// places everyone who pressed 我要报名 meanwhile in one transaction. The
/// waiting request holds no connection.
pub async fn sign_up(
    state: &AppState,
    p: &Principal,
    activity_id: Uuid,
    member_id: Option<Uuid>,
) -> AppResult<Placed> {
    let mut tx = state.db.read().await?;
    let a = store::activity::by_id(&mut tx, activity_id).await?.ok_or_else(AppError::not_found)?;
    let path = load_union(&mut tx, a.union_id).await?.path;
    open_activity(&a)?;
    let (member, by_officer) = member_for(&mut tx, p, &a, &path, member_id).await?;
    drop(tx);
    let join = Join {
        activity_id,
        member,
        by_officer,
        user_id: p.user_id,
        username: p.username.clone(),
        display_name: p.display_name.clone(),
        ip: p.ip.clone(),
    };
    JOINS.submit(&state.db, row_key(&state.db, activity_id), join).await
}

/// One sign-up waiting for its activity's writer.
pub struct Join {
    activity_id: Uuid,
    /// As read just before queueing: a member record that vanished since
    /// fails the group's insert, and the retry on its own answers 404.
    member: store::member::Member,
    by_officer: bool,
    user_id: Uuid,
    username: String,
    display_name: String,
    ip: String,
}

/// The sign-up writers: per SQLite file, or per PostgreSQL activity (the
/// row every sign-up of the activity locks).
static JOINS: Writers<Join> = Writers::new();

impl Work for Join {
    type Out = Placed;

    /// Locks each activity of the group once, places its sign-ups one after
    /// another from the counters on its row, and writes the row once.
    async fn group(db: &store::Db, jobs: &[Self]) -> AppResult<Vec<AppResult<Placed>>> {
        let mut tx = db.write().await?;
        let mut locked: Vec<(Activity, String)> = Vec::new();
        let mut out = Vec::with_capacity(jobs.len());
        for j in jobs {
            let i = match locked.iter().position(|(a, _)| a.id == j.activity_id) {
                Some(i) => i,
                None => {
                    locked.push(lock(&mut tx, j.activity_id).await?);
                    locked.len() - 1
                }
            };
            let (a, path) = &mut locked[i];
            out.push(place(&mut tx, a, path, j).await?);
        }
        for (a, _) in &locked {
            store::activity::update(&mut tx, UnionId(a.union_id), a).await?;
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn alone(db: &store::Db, j: &Self) -> AppResult<Placed> {
        let mut tx = db.write().await?;
        let (mut a, path) = lock(&mut tx, j.activity_id).await?;
        let placed = place(&mut tx, &mut a, &path, j).await??;
        store::activity::update(&mut tx, UnionId(a.union_id), &a).await?;
        tx.commit().await?;
        Ok(placed)
    }
}

/// One sign-up on the locked activity `a`, whose counters it moves (the
/// caller writes the row). The outer error ends the transaction; the inner
/// one is the member's refusal (already signed up, window closed, not in
/// the audience), which writes nothing.
async fn place(tx: &mut Tx, a: &mut Activity, path: &str, j: &Join) -> AppResult<AppResult<Placed>> {
    if let Err(e) = open_activity(a) {
        return Ok(Err(e));
    }
    let m = &j.member;
    let union_id = UnionId(a.union_id);
    let now = store::now();
    let old = store::activity::signup::get(tx, union_id, a.id, m.id).await?;
    let mine = old.as_ref().map(|s| status_of(&s.status));
    let rules = rules_of(a);
    let fits = in_audience(&facts(m), &rules.audience);
    let outcome = match sign_up_counted(&rules, mine, counts_of(a), fits, j.by_officer, now) {
        Ok(o) => o,
        Err(r) => return Ok(Err(DomainError::from(r).into())),
    };
    let row = Signup {
        union_id: a.union_id,
        activity_id: a.id,
        member_id: m.id,
        status: outcome.status.as_str().to_owned(),
        seq: outcome.seq as i64,
        signed_up_at: now,
        signed_up_by: j.display_name.clone(),
        cancelled_at: None,
        promoted_at: None,
        decided_at: None,
        decided_by: None,
        reason: None,
    };
    store::activity::signup::put(tx, union_id, &row).await?;
    match outcome.status {
        SignupStatus::Confirmed => a.confirmed_count += 1,
        SignupStatus::Waiting => a.waiting_count += 1,
        _ => {}
    }
    a.last_seq = row.seq;
    a.updated_at = now;
    let who = if j.by_officer { format!("为{}报名", m.name) } else { format!("{}报名", m.name) };
    let how = match (outcome.status, outcome.position) {
        (SignupStatus::Pending, _) => "，待审核".to_owned(),
        (_, Some(n)) => format!("，候补第{n}位"),
        _ => "，已确认".to_owned(),
    };
    let actor = Actor { id: Some(j.user_id), name: &j.username, ip: &j.ip };
    record(
        tx,
        actor,
        "activity.sign_up",
        format!("activity:{}", a.id),
        Some((a.union_id, path)),
        format!("活动“{}”：{who}{how}", a.title),
    )
    .await?;
    Ok(Ok(Placed { member_id: m.id, status: outcome.status, position: outcome.position }))
}

/// Cancels a sign-up or waiting place (the caller's own before the
/// deadline, or with `member_id` any member's by an officer). A freed place
/// goes to the first on the waiting list, recorded with the time.
pub async fn cancel(
    state: &AppState,
    p: &Principal,
    activity_id: Uuid,
    member_id: Option<Uuid>,
) -> AppResult<Option<Uuid>> {
    let mut tx = state.db.write().await?;
    let (mut a, path) = lock(&mut tx, activity_id).await?;
    open_activity(&a)?;
    let (m, by_officer) = member_for(&mut tx, p, &a, &path, member_id).await?;
    let union_id = UnionId(a.union_id);
    let now = store::now();
    let old = store::activity::signup::get(&mut tx, union_id, a.id, m.id).await?;
    let mine = old.as_ref().map(|s| status_of(&s.status));
    let freed =
        cancel_counted(&rules_of(&a), mine, counts_of(&a), by_officer, now).map_err(DomainError::from)?;
    store::activity::signup::cancel(&mut tx, union_id, a.id, m.id, now).await?;
    match freed.was {
        SignupStatus::Confirmed => a.confirmed_count -= 1,
        SignupStatus::Waiting => a.waiting_count -= 1,
        // A pending sign-up held nothing.
        _ => {}
    }
    let mut promoted = None;
    if freed.promotes_first {
        let first = store::activity::signup::first_waiting(&mut tx, union_id, a.id, 1).await?;
        if let Some(next) = first.first().copied() {
            store::activity::signup::promote(&mut tx, union_id, a.id, next, now).await?;
            a.confirmed_count += 1;
            a.waiting_count -= 1;
            promoted = Some(next);
        }
    }
    a.updated_at = now;
    store::activity::update(&mut tx, union_id, &a).await?;
    record(
        &mut tx,
        p.actor(),
        "activity.cancel_signup",
        format!("activity:{}", a.id),
        Some((a.union_id, &path)),
        format!("活动“{}”：{}取消报名", a.title, m.name),
    )
    .await?;
    if let Some(next) = promoted {
        let name = store::member::get(&mut tx, union_id, next).await?.map(|n| n.name).unwrap_or_default();
        record(
            &mut tx,
            p.actor(),
            "activity.promote",
            format!("activity:{}", a.id),
            Some((a.union_id, &path)),
            format!("活动“{}”：{name}由候补转为正式报名", a.title),
        )
        .await?;
        crate::me::notify::notify_members_in(&mut tx, union_id, &[next], &promoted_notice(&a)).await?;
    }
    tx.commit().await?;
    Ok(promoted)
}

/// What a member promoted from the waiting list is told.
pub(crate) fn promoted_notice(a: &store::activity::Activity) -> crate::me::notify::Notice {
    crate::me::notify::Notice {
        kind: crate::me::notify::Kind::WaitlistPromoted,
        title: format!("候补转正：您已获得活动“{}”的名额", a.title),
        body: format!(
            "活动时间：{}。如不能参加，请及时取消报名，把名额留给其他会员。",
            domain::time::fmt_datetime(a.starts_at)
        ),
        link: format!("/activities/{}", a.id),
    }
}

/// Numbers the waiting in arrival order (the list is ordered by arrival).
pub fn lines(rows: Vec<Listed>) -> Vec<Line> {
    let mut waiting = 0u32;
    rows.into_iter()
        .map(|row| {
            let status = status_of(&row.status);
            let position = (status == SignupStatus::Waiting).then(|| {
                waiting += 1;
                waiting
            });
            Line { row, status, position }
        })
        .collect()
}

/// Every sign-up of the activity with names (officers).
pub async fn list(state: &AppState, activity_id: Uuid) -> AppResult<(Activity, Vec<Line>)> {
    let mut tx = state.db.read().await?;
    let a = store::activity::by_id(&mut tx, activity_id).await?.ok_or_else(AppError::not_found)?;
    let rows = store::activity::signup::list(&mut tx, UnionId(a.union_id), a.id).await?;
    Ok((a, lines(rows)))
}

/// The caller's own sign-up, if the caller is a member of the union.
pub async fn mine(state: &AppState, p: &Principal, a: &Activity) -> AppResult<Option<Mine>> {
    let mut tx = state.db.read().await?;
    let Some((_, member_id)) =
        store::auth::member_of_user(&mut tx, p.user_id).await?.filter(|(u, _)| *u == a.union_id)
    else {
        return Ok(None);
    };
    let union_id = UnionId(a.union_id);
    let signup = store::activity::signup::get(&mut tx, union_id, a.id, member_id).await?;
    let position = match &signup {
        Some(s) if s.status == "waiting" => {
            Some(store::activity::signup::waiting_position(&mut tx, union_id, a.id, s.seq).await? as u32)
        }
        _ => None,
    };
    let checked_in = store::activity::checkin::exists(&mut tx, union_id, a.id, member_id).await?;
    Ok(Some(Mine { member_id, signup, position, checked_in }))
}

/// Whether the member was moved up from the waiting list (shown to them).
pub fn promoted(s: &Signup) -> Option<DateTime<Utc>> {
    s.promoted_at.filter(|_| s.status == "confirmed")
}
