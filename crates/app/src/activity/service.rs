//! Activities: publish, read, edit, call off. Sign-ups are in
//! [`super::signup`], check-ins in [`super::checkin`].

use chrono::{DateTime, Utc};
use domain::activity::{
    ActivityKind, ActivityRules, Audience, AudienceScope, Counts, NewActivity, checkin_code,
    promotions_counted, validate_activity,
};
use domain::auth::Perm;
use domain::org::OrgKind;
use domain::{ErrorCode, UnionId};
use rand::RngCore;
use store::Tx;
use store::activity::Activity;
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// An activity as typed in the form or the API.
#[derive(Debug, Clone)]
pub struct ActivityInput {
    pub title: String,
    /// `ActivityKind` by code (`sports` …) or label (体育活动 …).
    pub kind: String,
    pub place: String,
    pub description: String,
    /// The organising 工会小组; None: the union.
    pub organiser_group_id: Option<Uuid>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub places: i64,
    /// None: open at once.
    pub signup_opens_at: Option<DateTime<Utc>>,
    pub signup_closes_at: DateTime<Utc>,
    /// None: until sign-up closes.
    pub cancel_until: Option<DateTime<Utc>>,
    pub audience: Audience,
    pub needs_approval: bool,
}

/// The most characters of the place and the description.
const MAX_PLACE_CHARS: usize = 200;
const MAX_DESCRIPTION_CHARS: usize = 5_000;

/// The activity's audience (whole union when the stored JSON is unreadable,
/// which only a hand-edited row can be).
pub fn audience_of(a: &Activity) -> Audience {
    serde_json::from_str(&a.audience).unwrap_or_else(|_| Audience::whole_union())
}

pub fn kind_of(a: &Activity) -> ActivityKind {
    ActivityKind::parse(&a.kind).unwrap_or(ActivityKind::Other)
}

/// The rules of a stored activity, for `domain::activity`.
pub fn rules_of(a: &Activity) -> ActivityRules {
    ActivityRules {
        title: a.title.clone(),
        kind: kind_of(a),
        starts_at: a.starts_at,
        ends_at: a.ends_at,
        places: u32::try_from(a.places).unwrap_or(0),
        signup_opens_at: a.signup_opens_at,
        signup_closes_at: a.signup_closes_at,
        cancel_until: a.cancel_until,
        audience: audience_of(a),
        needs_approval: a.needs_approval,
    }
}

/// The year (Beijing time) an activity starting at `starts_at` counts for
/// in participation.
pub fn year_of_start(starts_at: chrono::DateTime<chrono::Utc>) -> i32 {
    use chrono::Datelike;
    domain::time::today(starts_at).year()
}

pub fn year_of(a: &Activity) -> i32 {
    year_of_start(a.starts_at)
}

/// The counters on the activity's row.
pub fn counts_of(a: &Activity) -> Counts {
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    Counts { confirmed: n(a.confirmed_count), waiting: n(a.waiting_count), last_seq: n(a.last_seq) }
}

/// The audience from its parts as a form or the API gives them: `scope` is
/// `whole_union` (or empty), `groups`, `women`, `retirees`, `model_workers`.
pub fn parse_audience(scope: &str, group_ids: Vec<Uuid>, with_family: bool) -> AppResult<Audience> {
    let scope = match scope.trim() {
        "" | "whole_union" => AudienceScope::WholeUnion,
        "groups" => AudienceScope::Groups { group_ids },
        "women" => AudienceScope::Women,
        "retirees" => AudienceScope::Retirees,
        "model_workers" => AudienceScope::ModelWorkers,
        _ => {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "audience",
                "参加对象须为全体会员、指定工会小组、女职工、退休会员或劳动模范",
            ));
        }
    };
    Ok(Audience { scope, with_family })
}

/// The scope's code, as [`parse_audience`] reads it.
pub fn scope_code(a: &Audience) -> &'static str {
    match a.scope {
        AudienceScope::WholeUnion => "whole_union",
        AudienceScope::Groups { .. } => "groups",
        AudienceScope::Women => "women",
        AudienceScope::Retirees => "retirees",
        AudienceScope::ModelWorkers => "model_workers",
    }
}

/// Whether the activity was called off.
pub fn is_called_off(a: &Activity) -> bool {
    a.status == "cancelled"
}

/// A group of this union, or a 422 naming `field`.
async fn check_group(tx: &mut Tx, union_id: Uuid, group_id: Uuid, field: &str) -> AppResult<store::org::Org> {
    match store::org::get(tx, group_id).await? {
        Some(g) if g.kind == OrgKind::Group.as_str() && g.union_id == Some(union_id) => Ok(g),
        _ => Err(AppError::field(ErrorCode::InvalidValue, field, "所选小组不属于本工会")),
    }
}

fn line(field: &str, label: &str, value: &str, max: usize) -> AppResult<String> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(AppError::field(ErrorCode::TooLong, field, format!("{label}最多{max}个字")));
    }
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(AppError::field(ErrorCode::ControlCharacters, field, format!("{label}含有控制字符")));
    }
    Ok(v.to_owned())
}

/// Checks the input (the first fault, naming its field in Chinese) and the
/// groups it names.
async fn check_input(
    tx: &mut Tx,
    union_id: Uuid,
    input: &ActivityInput,
    now: DateTime<Utc>,
) -> AppResult<(ActivityRules, String, String)> {
    let Some(kind) = ActivityKind::parse(&input.kind) else {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "kind",
            "活动类型须为体育、文化、春秋游、疗休养、志愿服务、讲座、培训或其他",
        ));
    };
    let new = NewActivity {
        title: input.title.clone(),
        kind,
        starts_at: input.starts_at,
        ends_at: input.ends_at,
        places: input.places,
        signup_opens_at: input.signup_opens_at,
        signup_closes_at: input.signup_closes_at,
        cancel_until: input.cancel_until,
        audience: input.audience.clone(),
        needs_approval: input.needs_approval,
    };
    let rules = validate_activity(&new, now).map_err(|mut e| AppError(e.remove(0)))?;
    let place = line("place", "活动地点", &input.place, MAX_PLACE_CHARS)?;
    let description = line("description", "活动内容", &input.description, MAX_DESCRIPTION_CHARS)?;
    if let Some(g) = input.organiser_group_id {
        check_group(tx, union_id, g, "organiser_group_id").await?;
    }
    if let AudienceScope::Groups { group_ids } = &rules.audience.scope {
        for g in group_ids {
            check_group(tx, union_id, *g, "audience").await?;
        }
    }
    Ok((rules, place, description))
}

fn random_code() -> String {
    let mut b = [0u8; 16];
    rand::rng().fill_bytes(&mut b);
    checkin_code(b)
}

/// A training activity is made with its course (`recognition::training`);
/// the activity form and API refuse it alone.
fn refuse_training(input: &ActivityInput) -> AppResult<()> {
    if ActivityKind::parse(&input.kind).is_some_and(|k| !k.published_alone()) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "kind",
            "培训请在“培训”页面新建课程，课程会同时建立报名和签到",
        ));
    }
    Ok(())
}

/// Publishes an activity (发布活动).
pub async fn create(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    input: &ActivityInput,
) -> AppResult<Activity> {
    refuse_training(input)?;
    let mut tx = state.db.write().await?;
    let row = create_in(&mut tx, p, union_id, input).await?;
    tx.commit().await?;
    Ok(row)
}

/// Publishes an activity in the caller's transaction (a course creates its
/// training activity with it, in one transaction).
pub async fn create_in(
    tx: &mut Tx,
    p: &Principal,
    union_id: Uuid,
    input: &ActivityInput,
) -> AppResult<Activity> {
    let union = load_union(tx, union_id).await?;
    let now = store::now();
    let (rules, place, description) = check_input(tx, union_id, input, now).await?;
    let row = Activity {
        union_id,
        id: Uuid::now_v7(),
        kind: rules.kind.as_str().to_owned(),
        title: rules.title.clone(),
        place,
        description,
        organiser_group_id: input.organiser_group_id,
        starts_at: rules.starts_at,
        ends_at: rules.ends_at,
        audience: serde_json::to_string(&rules.audience).map_err(|_| AppError::code(ErrorCode::Internal))?,
        places: i64::from(rules.places),
        signup_opens_at: rules.signup_opens_at,
        signup_closes_at: rules.signup_closes_at,
        cancel_until: rules.cancel_until,
        needs_approval: rules.needs_approval,
        checkin_code: random_code(),
        status: "open".to_owned(),
        confirmed_count: 0,
        waiting_count: 0,
        last_seq: 0,
        created_by: p.display_name.clone(),
        created_at: now,
        updated_at: now,
    };
    store::activity::insert(tx, UnionId(union_id), &row).await?;
    record(
        tx,
        p.actor(),
        "activity.create",
        format!("activity:{}", row.id),
        Some((union_id, &union.path)),
        format!("发布活动“{}”，名额{}个", row.title, row.places),
    )
    .await?;
    Ok(row)
}

/// The activity by its id (404 when unknown).
pub async fn get(state: &AppState, activity_id: Uuid) -> AppResult<Activity> {
    let mut tx = state.db.read().await?;
    store::activity::by_id(&mut tx, activity_id).await?.ok_or_else(AppError::not_found)
}

/// The union's activities, latest first.
pub async fn list(state: &AppState, union_id: Uuid) -> AppResult<Vec<Activity>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::activity::list(&mut tx, UnionId(union_id)).await?)
}

/// Loads and locks the activity for a change, with its union's path.
pub(super) async fn lock(tx: &mut Tx, activity_id: Uuid) -> AppResult<(Activity, String)> {
    let union_id = store::directory::owner(tx, store::directory::ACTIVITY, activity_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let a = store::activity::for_update(tx, union_id, activity_id).await?.ok_or_else(AppError::not_found)?;
    let union = load_union(tx, union_id.0).await?;
    Ok((a, union.path))
}

/// Whether the caller manages activities of the union at `path`.
pub fn may_manage(p: &Principal, path: &str) -> bool {
    p.can(Perm::ActivityManage, Some(path))
}

/// Edits an activity (officers). Places may not fall below those already
/// confirmed; raising them promotes the first on the waiting list.
pub async fn edit(
    state: &AppState,
    p: &Principal,
    activity_id: Uuid,
    input: &ActivityInput,
) -> AppResult<Activity> {
    let mut tx = state.db.write().await?;
    let (mut a, path) = lock(&mut tx, activity_id).await?;
    if is_called_off(&a) {
        return Err(AppError::field(ErrorCode::Conflict, "status", "活动已取消，不能再修改"));
    }
    // A course's activity stays a training, and no other becomes one.
    if ActivityKind::parse(&input.kind).is_some_and(|k| k.published_alone() != kind_of(&a).published_alone())
    {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "kind",
            "培训课程的活动类型不能修改，其他活动也不能改为培训",
        ));
    }
    // The window stays where it opened unless the officer moves it.
    let mut input = input.clone();
    input.signup_opens_at = input.signup_opens_at.or(Some(a.signup_opens_at));
    let now = store::now();
    let (rules, place, description) = check_input(&mut tx, a.union_id, &input, now).await?;
    if i64::from(rules.places) < a.confirmed_count {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "places",
            format!("名额不能少于已确认报名的{}人", a.confirmed_count),
        ));
    }
    let union_id = UnionId(a.union_id);
    let promote = promotions_counted(rules.places, counts_of(&a));
    let promoted = store::activity::signup::first_waiting(&mut tx, union_id, a.id, promote as i64).await?;
    for m in &promoted {
        store::activity::signup::promote(&mut tx, union_id, a.id, *m, now).await?;
    }
    // Check-ins count for the year the activity starts in.
    let (was, will) = (year_of(&a), year_of_start(rules.starts_at));
    if was != will {
        store::activity::participation::move_year(&mut tx, union_id, a.id, Some(was), Some(will)).await?;
    }
    a.kind = rules.kind.as_str().to_owned();
    a.title = rules.title;
    a.place = place;
    a.description = description;
    a.organiser_group_id = input.organiser_group_id;
    a.starts_at = rules.starts_at;
    a.ends_at = rules.ends_at;
    a.audience = serde_json::to_string(&rules.audience).map_err(|_| AppError::code(ErrorCode::Internal))?;
    a.places = i64::from(rules.places);
    a.signup_opens_at = rules.signup_opens_at;
    a.signup_closes_at = rules.signup_closes_at;
    a.cancel_until = rules.cancel_until;
    a.needs_approval = rules.needs_approval;
    a.confirmed_count += promoted.len() as i64;
    a.waiting_count -= promoted.len() as i64;
    a.updated_at = now;
    store::activity::update(&mut tx, union_id, &a).await?;
    if !promoted.is_empty() {
        let notice = super::signup::promoted_notice(&a);
        crate::me::notify::notify_members_in(&mut tx, union_id, &promoted, &notice).await?;
    }
    if kind_of(&a) == ActivityKind::Training {
        // The course's days and year follow (its credits count in that year).
        crate::recognition::training::courses::follow_activity_in(&mut tx, &a).await?;
    }
    let note = if promoted.is_empty() {
        String::new()
    } else {
        format!("，候补{}人转为正式报名", promoted.len())
    };
    record(
        &mut tx,
        p.actor(),
        "activity.edit",
        format!("activity:{}", a.id),
        Some((a.union_id, &path)),
        format!("修改活动“{}”，名额{}个{note}", a.title, a.places),
    )
    .await?;
    tx.commit().await?;
    Ok(a)
}

/// Calls an activity off (取消活动): sign-ups and check-ins stay on record;
/// no one can sign up or check in any more.
pub async fn call_off(
    state: &AppState,
    p: &Principal,
    activity_id: Uuid,
    reason: &str,
) -> AppResult<Activity> {
    let reason = line("reason", "取消原因", reason, MAX_PLACE_CHARS)?;
    if reason.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "reason", "请填写取消活动的原因"));
    }
    let mut tx = state.db.write().await?;
    let (mut a, path) = lock(&mut tx, activity_id).await?;
    if is_called_off(&a) {
        return Err(AppError::field(ErrorCode::Conflict, "status", "活动已经取消"));
    }
    a.status = "cancelled".to_owned();
    a.updated_at = store::now();
    store::activity::update(&mut tx, UnionId(a.union_id), &a).await?;
    // A called-off activity counts for no one's participation.
    store::activity::participation::move_year(&mut tx, UnionId(a.union_id), a.id, Some(year_of(&a)), None)
        .await?;
    record(
        &mut tx,
        p.actor(),
        "activity.call_off",
        format!("activity:{}", a.id),
        Some((a.union_id, &path)),
        format!("取消活动“{}”：{reason}", a.title),
    )
    .await?;
    tx.commit().await?;
    Ok(a)
}
