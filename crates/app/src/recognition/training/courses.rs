//! Courses: created with their training activity, read with their sign-up
//! and attendance counts, completed (hours credited to everyone checked
//! in) and credited by hand.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use domain::activity::{ActivityKind, Audience};
use domain::recognition::training::{
    CourseStatus, NewCourse, fmt_hours, may_complete, may_credit, validate_course,
};
use domain::{DomainError, ErrorCode, UnionId};
use store::Tx;
use store::activity::checkin::Listed as Attendance;
use store::recognition::training::{Course, Credit, Listed, NewCredit};
use uuid::Uuid;

use crate::AppState;
use crate::activity::service::{ActivityInput, create_in};
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// A course as typed in the form or the API; hours already in tenths (the
/// edge parses `4.5` and names `hours` when it cannot).
#[derive(Debug, Clone)]
pub struct CourseInput {
    pub title: String,
    pub organiser: String,
    pub external: bool,
    pub for_cadres: bool,
    pub tenth_hours: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub capacity: i64,
    pub certificate: String,
    pub place: String,
    pub audience: Audience,
    /// None: sign-up closes when the course starts (or, for a course
    /// already under way or past, when it ends).
    pub signup_closes_at: Option<DateTime<Utc>>,
}

/// Midnight in Beijing at the start of `d`.
fn day_start(d: NaiveDate) -> DateTime<Utc> {
    domain::time::china()
        .from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| d.and_time(chrono::NaiveTime::MIN).and_utc())
}

/// The course whose activity this is, if any: the activity's page links
/// to it.
pub async fn of_activity(state: &AppState, union_id: Uuid, activity_id: Uuid) -> AppResult<Option<Uuid>> {
    let mut tx = state.db.read().await?;
    Ok(store::recognition::training::of_activity(&mut tx, UnionId(union_id), activity_id).await?)
}

/// Keeps a course with its activity after an officer edits the activity
/// on the activities' pages: the title, the days (in Beijing; a course
/// ends at 24:00 of its last day, see [`create`]) and the year its credits
/// count in. In the edit's transaction.
pub(crate) async fn follow_activity_in(tx: &mut Tx, a: &store::activity::Activity) -> AppResult<()> {
    let china = domain::time::china();
    let starts_on = a.starts_at.with_timezone(&china).date_naive();
    let ends_on = (a.ends_at - Duration::seconds(1)).with_timezone(&china).date_naive().max(starts_on);
    store::recognition::training::follow_activity(
        tx,
        UnionId(a.union_id),
        a.id,
        &a.title,
        (starts_on, ends_on),
        i64::from(starts_on.year()),
        a.updated_at,
    )
    .await?;
    Ok(())
}

/// The course's status as it stands: a course whose activity was called
/// off is cancelled whatever its row says.
pub fn status(l: &Listed) -> CourseStatus {
    if l.activity_status == "cancelled" {
        return CourseStatus::Cancelled;
    }
    CourseStatus::parse(&l.course.status).unwrap_or(CourseStatus::Open)
}

/// Creates a course and its training activity (报名、签到 run there).
pub async fn create(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    input: &CourseInput,
) -> AppResult<Course> {
    let rules = validate_course(&NewCourse {
        title: input.title.clone(),
        organiser: input.organiser.clone(),
        external: input.external,
        for_cadres: input.for_cadres,
        tenth_hours: input.tenth_hours,
        starts_on: input.starts_on,
        ends_on: input.ends_on,
        capacity: input.capacity,
        certificate: input.certificate.clone(),
    })
    .map_err(|mut e| AppError(e.remove(0)))?;
    // The course runs from the first day's start to the last day's end, so
    // check-in is open on every day of it.
    let starts_at = day_start(rules.starts_on);
    let ends_at = day_start(rules.ends_on + Duration::days(1));
    let now = store::now();
    let (opens, closes) = match input.signup_closes_at {
        Some(c) => (None, c),
        None if starts_at > now => (None, starts_at),
        None if ends_at > now => (None, ends_at),
        // A course already over (an external one recorded afterwards): a
        // window in the past, so that no one signs up but officers may
        // still tick attendance and credit hours.
        None => (Some(ends_at - Duration::hours(1)), ends_at),
    };
    let mut description = format!(
        "{}{}，{}学时",
        if rules.external { "外部培训，主办：" } else { "主办：" },
        rules.organiser,
        fmt_hours(rules.tenth_hours)
    );
    if rules.for_cadres {
        description.push_str("，工会干部业务培训");
    }
    if !rules.certificate.is_empty() {
        description.push_str(&format!("，结业可取得{}", rules.certificate));
    }
    let activity = ActivityInput {
        title: rules.title.clone(),
        kind: ActivityKind::Training.as_str().to_owned(),
        place: input.place.clone(),
        description,
        organiser_group_id: None,
        starts_at,
        ends_at,
        places: rules.capacity,
        signup_opens_at: opens,
        signup_closes_at: closes,
        cancel_until: None,
        audience: input.audience.clone(),
        needs_approval: false,
    };
    let mut tx = state.db.write().await?;
    let a = create_in(&mut tx, p, union_id, &activity).await?;
    let union = load_union(&mut tx, union_id).await?;
    let row = Course {
        union_id,
        id: Uuid::now_v7(),
        activity_id: a.id,
        title: rules.title,
        organiser: rules.organiser,
        external: rules.external,
        for_cadres: rules.for_cadres,
        tenth_hours: rules.tenth_hours,
        starts_on: rules.starts_on,
        ends_on: rules.ends_on,
        year: i64::from(rules.year),
        certificate: rules.certificate,
        status: CourseStatus::Open.as_str().to_owned(),
        created_by: p.display_name.clone(),
        created_at: now,
        updated_at: now,
    };
    store::recognition::training::insert(&mut tx, UnionId(union_id), &row).await?;
    record(
        &mut tx,
        p.actor(),
        "training.course.create",
        format!("course:{}", row.id),
        Some((union_id, &union.path)),
        format!(
            "新建培训课程“{}”，{}学时，名额{}个{}",
            row.title,
            fmt_hours(row.tenth_hours),
            rules.capacity,
            if row.for_cadres { "（工会干部培训）" } else { "" }
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// The union owning the course (404 when unknown).
async fn owner(tx: &mut Tx, course_id: Uuid) -> AppResult<UnionId> {
    store::directory::owner(tx, store::directory::COURSE, course_id).await?.ok_or_else(AppError::not_found)
}

async fn load(tx: &mut Tx, course_id: Uuid) -> AppResult<Listed> {
    let u = owner(tx, course_id).await?;
    store::recognition::training::get(tx, u, course_id).await?.ok_or_else(AppError::not_found)
}

/// One course with who came and who was credited.
#[derive(Debug, Clone)]
pub struct Detail {
    pub course: Listed,
    pub attendance: Vec<Attendance>,
    pub credits: Vec<Credit>,
}

pub async fn get(state: &AppState, course_id: Uuid) -> AppResult<Detail> {
    let mut tx = state.db.read().await?;
    let course = load(&mut tx, course_id).await?;
    let u = UnionId(course.course.union_id);
    let attendance = store::activity::checkin::list(&mut tx, u, course.course.activity_id).await?;
    let credits = store::recognition::training::credits_of_course(&mut tx, u, course_id).await?;
    Ok(Detail { course, attendance, credits })
}

/// The union's courses of `year` (all years when None), latest first.
pub async fn list(state: &AppState, union_id: Uuid, year: Option<i32>) -> AppResult<Vec<Listed>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::recognition::training::list(&mut tx, UnionId(union_id), year).await?)
}

/// Completes the course (结业): credits its hours to every member checked
/// in on its activity, once. Returns how many were credited now.
pub async fn complete(state: &AppState, p: &Principal, course_id: Uuid) -> AppResult<(Listed, u64)> {
    let mut tx = state.db.write().await?;
    let l = load(&mut tx, course_id).await?;
    may_complete(status(&l)).map_err(AppError)?;
    let c = &l.course;
    let u = UnionId(c.union_id);
    let now = store::now();
    let moved = store::recognition::training::set_status(
        &mut tx,
        u,
        c.id,
        "open",
        CourseStatus::Completed.as_str(),
        now,
    )
    .await?;
    if moved == 0 {
        return Err(AppError(DomainError::field(
            ErrorCode::InvalidTransition,
            "status",
            "本课程已结业，学时已记入，不能重复结业",
        )));
    }
    let credit = NewCredit {
        course_id: c.id,
        member_id: Uuid::nil(),
        tenth_hours: c.tenth_hours,
        year: c.year,
        for_cadres: c.for_cadres,
        credited_by: p.display_name.clone(),
        credited_at: now,
    };
    let n = store::recognition::training::credit_checked_in(&mut tx, u, c.activity_id, &credit).await?;
    let union = load_union(&mut tx, c.union_id).await?;
    record(
        &mut tx,
        p.actor(),
        "training.course.complete",
        format!("course:{}", c.id),
        Some((c.union_id, &union.path)),
        format!("培训“{}”结业，为{}名签到学员记入{}学时", c.title, n, fmt_hours(c.tenth_hours)),
    )
    .await?;
    let after = store::recognition::training::get(&mut tx, u, c.id).await?.ok_or_else(AppError::not_found)?;
    tx.commit().await?;
    Ok((after, n))
}

/// Credits one member by hand (an external course, or someone who came
/// without checking in); `tenth_hours` None: the course's hours. The member
/// must belong to the course's union (404 otherwise); a second credit of
/// the same person is refused.
pub async fn credit(
    state: &AppState,
    p: &Principal,
    course_id: Uuid,
    member_id: Uuid,
    tenth_hours: Option<i64>,
) -> AppResult<Credit> {
    let mut tx = state.db.write().await?;
    let l = load(&mut tx, course_id).await?;
    may_credit(status(&l)).map_err(AppError)?;
    let c = &l.course;
    let u = UnionId(c.union_id);
    let hours = tenth_hours.unwrap_or(c.tenth_hours);
    if hours <= 0 || hours > domain::recognition::training::MAX_TENTH_HOURS {
        return Err(AppError::field(ErrorCode::InvalidValue, "hours", "学时须大于0"));
    }
    let m = store::member::get(&mut tx, u, member_id)
        .await?
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "member_id", "本工会没有这名会员"))?;
    let now = store::now();
    let k = NewCredit {
        course_id: c.id,
        member_id: m.id,
        tenth_hours: hours,
        year: c.year,
        for_cadres: c.for_cadres,
        credited_by: p.display_name.clone(),
        credited_at: now,
    };
    if store::recognition::training::credit_one(&mut tx, u, &k).await? == 0 {
        return Err(AppError::field(
            ErrorCode::Conflict,
            "member_id",
            format!("{}已记入本课程的学时，不能重复记入", m.name),
        ));
    }
    let union = load_union(&mut tx, c.union_id).await?;
    record(
        &mut tx,
        p.actor(),
        "training.credit",
        format!("course:{}", c.id),
        Some((c.union_id, &union.path)),
        format!("为{}记入培训“{}”{}学时", m.name, c.title, fmt_hours(hours)),
    )
    .await?;
    tx.commit().await?;
    Ok(Credit {
        course_id: c.id,
        member_id: m.id,
        name: m.name,
        card_number: m.card_number,
        course_title: c.title.clone(),
        tenth_hours: hours,
        year: c.year,
        for_cadres: c.for_cadres,
        credited_by: k.credited_by,
        credited_at: now,
    })
}
