//! Participation (参与面) of a union in a year: distinct members who
//! attended ÷ active members, per group and per activity, and who took part
//! in nothing. The database counts (see `store::activity::participation`);
//! `domain::activity::Rate` does the arithmetic.

use chrono::{DateTime, NaiveDate, Utc};
use domain::activity::Rate;
use domain::auth::Perm;
use domain::{ErrorCode, UnionId};
use uuid::Uuid;

use crate::AppState;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

pub use store::activity::participation::{Absent, ActivityCount, GroupCount};

/// How many of those who took part in nothing are listed at most (the count
/// covers all of them).
pub const ABSENT_LIMIT: i64 = 200;

/// A union's participation in a year.
#[derive(Debug, Clone)]
pub struct YearParticipation {
    pub year: i32,
    pub overall: Rate,
    pub by_group: Vec<(GroupCount, Rate)>,
    pub by_activity: Vec<(ActivityCount, Rate)>,
    /// How many active members took part in nothing.
    pub absent_count: u64,
    /// The first [`ABSENT_LIMIT`] of them by name.
    pub absent: Vec<Absent>,
}

/// This year in Beijing time.
pub fn this_year() -> i32 {
    use chrono::Datelike;
    domain::time::today(store::now()).year()
}

/// The year's bounds in UTC: activities count for the year (in Beijing
/// time) they start in.
pub(crate) fn bounds(year: i32) -> AppResult<(DateTime<Utc>, DateTime<Utc>)> {
    // The range first: `year + 1` of a huge year would overflow.
    if !(2000..=2100).contains(&year) {
        return Err(AppError::field(ErrorCode::InvalidQuery, "year", "年份须在2000年至2100年之间"));
    }
    let start = |y: i32| {
        NaiveDate::from_ymd_opt(y, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc() - chrono::Duration::hours(8))
            .ok_or_else(|| AppError::code(ErrorCode::Internal))
    };
    Ok((start(year)?, start(year + 1)?))
}

fn rate(participants: i64, active: i64) -> Rate {
    Rate { participants: participants.max(0) as u64, active_members: active.max(0) as u64 }
}

/// The union's participation in `year`, for those who may view its
/// activities.
pub async fn for_year(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    year: i32,
) -> AppResult<YearParticipation> {
    let (from, to) = bounds(year)?;
    let mut tx = state.db.read().await?;
    let union = load_union(&mut tx, union_id).await?;
    if !p.can(Perm::ActivityView, Some(&union.path)) {
        return Err(AppError::not_found());
    }
    let u = UnionId(union_id);
    let groups = store::activity::participation::by_group(&mut tx, u, year).await?;
    let activities = store::activity::participation::by_activity(&mut tx, u, from, to).await?;
    let absent = store::activity::participation::absent(&mut tx, u, year, ABSENT_LIMIT, 0).await?;
    let active: i64 = groups.iter().map(|g| g.active_members).sum();
    let participants: i64 = groups.iter().map(|g| g.participants).sum();
    let overall = rate(participants, active);
    Ok(YearParticipation {
        year,
        overall,
        by_group: groups
            .into_iter()
            .map(|g| {
                let r = rate(g.participants, g.active_members);
                (g, r)
            })
            .collect(),
        by_activity: activities
            .into_iter()
            .map(|a| {
                let r = rate(a.participants, active);
                (a, r)
            })
            .collect(),
        absent_count: overall.active_members - overall.participants,
        absent,
    })
}
