//! Check-in at the door: the member scans the activity's QR code while
//! signed in, or an officer ticks them on the list. A second check-in is
//! refused; someone without a confirmed place is recorded as a walk-in.

use domain::activity::{CheckinMethod, DEFAULT_EARLY_MINUTES, Presented, check_in as rule};
use domain::{DomainError, ErrorCode, UnionId};
use store::activity::Activity;
use store::activity::checkin::{Checkin, Listed};
use uuid::Uuid;

use super::service::{is_called_off, lock, rules_of, year_of};
use super::signup::{member_for, status_of};
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};

/// Checks a member in: with `code` the caller (from the QR code), with
/// `member_id` the member an officer names.
pub async fn check_in(
    state: &AppState,
    p: &Principal,
    activity_id: Uuid,
    code: Option<&str>,
    member_id: Option<Uuid>,
) -> AppResult<Checkin> {
    let presented = match (code, member_id) {
        (_, Some(_)) => Presented::Officer,
        (Some(c), None) => Presented::Code(c),
        (None, None) => {
            return Err(AppError::field(ErrorCode::Required, "code", "请扫描活动现场的签到二维码"));
        }
    };
    let mut tx = state.db.write().await?;
    // Locked like a sign-up, so a check-in and a cancellation of the same
    // member do not cross.
    let (a, path) = lock(&mut tx, activity_id).await?;
    if is_called_off(&a) {
        return Err(AppError::field(ErrorCode::Conflict, "status", "活动已取消"));
    }
    let (m, _) = member_for(&mut tx, p, &a, &path, member_id).await?;
    let union_id = UnionId(a.union_id);
    let signup = store::activity::signup::get(&mut tx, union_id, a.id, m.id).await?;
    let already = store::activity::checkin::exists(&mut tx, union_id, a.id, m.id).await?;
    let now = store::now();
    let outcome = rule(
        &rules_of(&a),
        &a.checkin_code,
        presented,
        signup.map(|s| status_of(&s.status)),
        already,
        DEFAULT_EARLY_MINUTES,
        now,
    )
    .map_err(DomainError::from)?;
    let row = Checkin {
        activity_id: a.id,
        member_id: m.id,
        method: match outcome.method {
            CheckinMethod::Code => "code",
            CheckinMethod::Officer => "officer",
        }
        .to_owned(),
        walk_in: outcome.walk_in,
        at: now,
        by_name: p.display_name.clone(),
    };
    if store::activity::checkin::insert(&mut tx, union_id, year_of(&a), &row).await? == 0 {
        return Err(AppError(domain::activity::Refusal::AlreadyCheckedIn.into()));
    }
    let walk_in = if row.walk_in { "（未报名，现场参加）" } else { "" };
    record(
        &mut tx,
        p.actor(),
        "activity.check_in",
        format!("activity:{}", a.id),
        Some((a.union_id, &path)),
        format!("活动“{}”：{}签到{walk_in}，{}", a.title, m.name, outcome.method.label()),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Who checked in, with names (the attendance list).
pub async fn list(state: &AppState, activity_id: Uuid) -> AppResult<(Activity, Vec<Listed>)> {
    let mut tx = state.db.read().await?;
    let a = store::activity::by_id(&mut tx, activity_id).await?.ok_or_else(AppError::not_found)?;
    let rows = store::activity::checkin::list(&mut tx, UnionId(a.union_id), a.id).await?;
    Ok((a, rows))
}
