//! Model workers' yearly care (劳模关爱): each year a model worker gets a
//! visit (a task in the care area's visit list, which the care officers
//! complete as any other visit) and an offer of 疗休养 (an activity of
//! kind `rest` whose audience is the model workers, through the
//! activities area). `model_worker_care` keeps which year's care was made,
//! so the list of those due is a join; a second care for the same year is
//! refused (409).
//!
//! The 疗休养 offer: the activity named in the request (a `rest` activity
//! for model workers of the union), else the union's open one starting in
//! that year, else — for this year — one is published through the
//! activities' service and offered to every model worker after; for
//! another year without such an activity only the visit is made.

use chrono::{Datelike, NaiveDate, TimeZone};
use domain::activity::{ActivityKind, Audience, AudienceScope};
use domain::{ErrorCode, UnionId};
use store::activity::Activity;
use store::care::Visit;
use store::recognition::honour::Care;
use uuid::Uuid;

use super::today;
use crate::AppState;
use crate::activity::service::{ActivityInput, audience_of, is_called_off};
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

pub use store::recognition::honour::ModelWorker;

/// The visit's kind in the care area's list (shown as written).
pub const VISIT_KIND: &str = "劳模慰问";

/// The union's model workers with the care of `year` (default this year),
/// those still due first.
pub async fn list(state: &AppState, union_id: Uuid, year: Option<i64>) -> AppResult<(i32, Vec<ModelWorker>)> {
    let year =
        domain::recognition::honour::check_year(Some(year.unwrap_or(i64::from(today().year()))), today())?;
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let rows = store::recognition::honour::model_workers(&mut tx, UnionId(union_id), i64::from(year)).await?;
    Ok((year, rows))
}

#[derive(Debug, Clone, Default)]
pub struct CareInput {
    pub year: Option<i64>,
    /// The day the visit is due (default: in 30 days, within the year).
    pub visit_on: Option<NaiveDate>,
    /// The 疗休养 activity offered.
    pub activity_id: Option<Uuid>,
}

#[derive(Debug, Clone)]
pub struct CareMade {
    pub care: Care,
    pub visit: Visit,
    pub activity: Option<Activity>,
}

fn due_date(year: i32, visit_on: Option<NaiveDate>) -> AppResult<NaiveDate> {
    let end = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| AppError::code(ErrorCode::InvalidValue))?;
    match visit_on {
        Some(d) if d.year() != year => {
            Err(AppError::field(ErrorCode::InvalidDate, "visit_on", format!("走访日期应在{year}年内")))
        }
        Some(d) => Ok(d),
        None if year == today().year() => Ok((today() + chrono::Duration::days(30)).min(end)),
        None => Ok(end),
    }
}

/// Whether the activity is a 疗休养 offer for model workers.
fn is_offer(a: &Activity) -> bool {
    a.kind == ActivityKind::Rest.as_str()
        && audience_of(a).scope == AudienceScope::ModelWorkers
        && !is_called_off(a)
}

/// The offer to link: the one named (checked), or an open one of the year.
async fn find_offer(
    tx: &mut store::Tx,
    union_id: Uuid,
    year: i32,
    named: Option<Uuid>,
) -> AppResult<Option<Activity>> {
    let u = UnionId(union_id);
    if let Some(id) = named {
        let a = store::activity::get(tx, u, id)
            .await?
            .ok_or_else(|| AppError::field(ErrorCode::NotFound, "activity_id", "本工会没有这个活动"))?;
        if !is_offer(&a) {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "activity_id",
                "请选择参加对象为劳动模范、未取消的疗休养活动",
            ));
        }
        return Ok(Some(a));
    }
    let china = domain::time::china();
    let start =
        |y: i32| china.with_ymd_and_hms(y, 1, 1, 0, 0, 0).single().map(|t| t.with_timezone(&chrono::Utc));
    let (Some(from), Some(until)) = (start(year), start(year + 1)) else { return Ok(None) };
    match store::recognition::honour::rest_offers(tx, u, from, until).await?.first() {
        Some(id) => Ok(store::activity::get(tx, u, *id).await?),
        None => Ok(None),
    }
}

/// This year's 疗休养 for model workers, published through the activities'
/// service: in a month, four days, sign-up until ten days before.
async fn publish_offer(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    year: i32,
    places: i64,
) -> AppResult<Activity> {
    let china = domain::time::china();
    let day = today() + chrono::Duration::days(30);
    let starts = china
        .with_ymd_and_hms(day.year(), day.month(), day.day(), 9, 0, 0)
        .single()
        .ok_or_else(|| AppError::code(ErrorCode::Internal))?
        .with_timezone(&chrono::Utc);
    let input = ActivityInput {
        title: format!("{year}年劳模疗休养"),
        kind: ActivityKind::Rest.as_str().to_owned(),
        place: "待定".to_owned(),
        description: "工会组织劳动模范疗休养，具体安排另行通知。".to_owned(),
        organiser_group_id: None,
        starts_at: starts,
        ends_at: starts + chrono::Duration::days(3) + chrono::Duration::hours(8),
        places: places.max(10),
        signup_opens_at: None,
        signup_closes_at: starts - chrono::Duration::days(10),
        cancel_until: None,
        audience: Audience { scope: AudienceScope::ModelWorkers, with_family: false },
        needs_approval: false,
    };
    crate::activity::service::create(state, p, union_id, &input).await
}

/// Makes a model worker's care of the year: the visit task and the 疗休养
/// offer; 409 when that year's care was made already.
pub async fn make(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    member_id: Uuid,
    i: &CareInput,
) -> AppResult<CareMade> {
    let year = domain::recognition::honour::check_year(i.year, today())?;
    let due = due_date(year, i.visit_on)?;
    let u = UnionId(union_id);
    let conflict = || AppError::field(ErrorCode::Conflict, "year", format!("该劳模{year}年的关爱已安排过"));
    // Checked first, so that a refusal publishes no activity.
    let (offer, workers) = {
        let mut tx = state.db.read().await?;
        load_union(&mut tx, union_id).await?;
        let m = store::member::get(&mut tx, u, member_id).await?.ok_or_else(AppError::not_found)?;
        if !m.model_worker {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "member_id",
                format!("{}不是劳动模范，请先登记其劳模荣誉", m.name),
            ));
        }
        if store::recognition::honour::care_of(&mut tx, u, member_id, i64::from(year)).await?.is_some() {
            return Err(conflict());
        }
        let offer = find_offer(&mut tx, union_id, year, i.activity_id).await?;
        let workers = store::recognition::honour::model_workers(&mut tx, u, i64::from(year)).await?.len();
        (offer, workers)
    };
    let activity = match offer {
        Some(a) => Some(a),
        None if year == today().year() => {
            Some(publish_offer(state, p, union_id, year, workers as i64).await?)
        }
        None => None,
    };
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let m = store::member::get(&mut tx, u, member_id).await?.ok_or_else(AppError::not_found)?;
    let visit = Visit {
        union_id,
        id: Uuid::now_v7(),
        member_id,
        event_id: None,
        kind: VISIT_KIND.to_owned(),
        due_date: due,
        status: "open".into(),
        visited_on: None,
        visitors: None,
        notes: None,
        follow_up: None,
        recorded_by: None,
        recorded_at: None,
    };
    store::care::insert_visit(&mut tx, &visit).await?;
    let care = Care {
        union_id,
        member_id,
        year: i64::from(year),
        visit_id: Some(visit.id),
        activity_id: activity.as_ref().map(|a| a.id),
        recorded_by: p.display_name.clone(),
        recorded_at: store::now(),
    };
    // Two officers at once: the primary key lets one through.
    if store::recognition::honour::insert_care(&mut tx, u, &care).await? == 0 {
        return Err(conflict());
    }
    let offer = activity.as_ref().map(|a| format!("，疗休养：“{}”", a.title)).unwrap_or_default();
    record(
        &mut tx,
        p.actor(),
        "honour.care",
        format!("member:{member_id}"),
        Some((union_id, &union.path)),
        format!("安排劳模{}的{year}年关爱：{}前走访{offer}", m.name, domain::time::fmt_date(due)),
    )
    .await?;
    tx.commit().await?;
    Ok(CareMade { care, visit, activity })
}
