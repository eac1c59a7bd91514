//! Courses, hours credited and certificates. A course's sign-up and
//! check-in are its activity's rows (`activity_signups`,
//! `activity_checkins`); completing a course copies the check-ins into
//! `training_credits` in one statement.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, Tx, exec, on};
use domain::UnionId;

/// One row of `courses`.
#[derive(Debug, Clone, FromRow)]
pub struct Course {
    pub union_id: Uuid,
    pub id: Uuid,
    pub activity_id: Uuid,
    pub title: String,
    pub organiser: String,
    pub external: bool,
    pub for_cadres: bool,
    pub tenth_hours: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub year: i64,
    pub certificate: String,
    /// `domain::recognition::training::CourseStatus::as_str`.
    pub status: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A course with its activity's places and counts, for lists and the
/// course page.
#[derive(Debug, Clone, FromRow)]
pub struct Listed {
    #[sqlx(flatten)]
    pub course: Course,
    pub places: i64,
    pub confirmed: i64,
    pub waiting: i64,
    pub signup_opens_at: DateTime<Utc>,
    pub signup_closes_at: DateTime<Utc>,
    pub activity_status: String,
    pub checked_in: i64,
    pub credited: i64,
    pub credited_tenth_hours: i64,
}

const COLS: &str = "union_id, id, activity_id, title, organiser, external, for_cadres, tenth_hours, starts_on, \
    ends_on, year, certificate, status, created_by, created_at, updated_at";

const LISTED: &str = "SELECT c.union_id, c.id, c.activity_id, c.title, c.organiser, c.external, c.for_cadres, \
    c.tenth_hours, c.starts_on, c.ends_on, c.year, c.certificate, c.status, c.created_by, c.created_at, \
    c.updated_at, a.places, a.confirmed_count AS confirmed, a.waiting_count AS waiting, a.signup_opens_at, \
    a.signup_closes_at, a.status AS activity_status, \
    (SELECT CAST(COUNT(*) AS BIGINT) FROM activity_checkins k WHERE k.union_id = c.union_id \
     AND k.activity_id = c.activity_id) AS checked_in, \
    (SELECT CAST(COUNT(*) AS BIGINT) FROM training_credits t WHERE t.union_id = c.union_id \
     AND t.course_id = c.id) AS credited, \
    (SELECT CAST(COALESCE(SUM(t.tenth_hours), 0) AS BIGINT) FROM training_credits t \
     WHERE t.union_id = c.union_id AND t.course_id = c.id) AS credited_tenth_hours \
    FROM courses c JOIN activities a ON a.union_id = c.union_id AND a.id = c.activity_id";

/// Inserts the course and registers its id in the union directory (routes
/// name a course alone), in the caller's transaction.
#[tracing::instrument(level = "debug", name = "recognition::training::insert", skip_all, fields(union = %union_id))]
pub async fn insert(tx: &mut Tx, union_id: UnionId, c: &Course) -> Result<()> {
    let sql = format!(
        "INSERT INTO courses ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    );
    exec!(
        tx,
        sqlx::query(&sql)
            .bind(union_id.0)
            .bind(c.id)
            .bind(c.activity_id)
            .bind(&c.title)
            .bind(&c.organiser)
            .bind(c.external)
            .bind(c.for_cadres)
            .bind(c.tenth_hours)
            .bind(c.starts_on)
            .bind(c.ends_on)
            .bind(c.year)
            .bind(&c.certificate)
            .bind(&c.status)
            .bind(&c.created_by)
            .bind(c.created_at)
            .bind(c.updated_at)
    )?;
    crate::directory::register(tx, union_id, crate::directory::COURSE, c.id).await
}

/// One course of the union.
#[tracing::instrument(level = "debug", name = "recognition::training::get", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn get(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Listed>> {
    crate::counted(async move {
        let sql = format!("{LISTED} WHERE c.union_id = $1 AND c.id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}

/// The course whose activity this is, if any.
#[tracing::instrument(level = "debug", name = "recognition::training::of_activity", skip_all, fields(union = %union_id))]
pub async fn of_activity(tx: &mut Tx, union_id: UnionId, activity_id: Uuid) -> Result<Option<Uuid>> {
    on!(tx, c => sqlx::query_scalar("SELECT id FROM courses WHERE union_id = $1 AND activity_id = $2")
        .bind(union_id.0).bind(activity_id).fetch_optional(c).await)
}

/// The union's courses, of one year or all, latest first.
#[tracing::instrument(level = "debug", name = "recognition::training::list", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn list(tx: &mut Tx, union_id: UnionId, year: Option<i32>) -> Result<Vec<Listed>> {
    crate::counted(async move {
        let sql = format!(
            "{LISTED} WHERE c.union_id = $1 AND ($2 IS NULL OR c.year = $2) ORDER BY c.starts_on DESC, c.id DESC"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(year.map(i64::from)).fetch_all(c).await)
    })
    .await
}

/// The union's open courses whose sign-up window is open at `now`,
/// soonest first.
#[tracing::instrument(level = "debug", name = "recognition::training::open_for_signup", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn open_for_signup(tx: &mut Tx, union_id: UnionId, now: DateTime<Utc>) -> Result<Vec<Listed>> {
    crate::counted(async move {
        let sql = format!(
            "{LISTED} WHERE c.union_id = $1 AND c.status = 'open' AND a.status = 'open' \
             AND a.signup_opens_at <= $2 AND a.signup_closes_at > $2 ORDER BY c.starts_on, c.id LIMIT 50"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(now).fetch_all(c).await)
    })
    .await
}

/// A course follows its activity when an officer edits the activity: its
/// title, days and year, and the year its credits count in.
#[tracing::instrument(level = "debug", name = "recognition::training::follow_activity", skip_all, fields(union = %union_id))]
pub async fn follow_activity(
    tx: &mut Tx,
    union_id: UnionId,
    activity_id: Uuid,
    title: &str,
    (starts_on, ends_on): (NaiveDate, NaiveDate),
    year: i64,
    at: DateTime<Utc>,
) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "UPDATE courses SET title = $3, starts_on = $4, ends_on = $5, year = $6, updated_at = $7 \
             WHERE union_id = $1 AND activity_id = $2"
        )
        .bind(union_id.0)
        .bind(activity_id)
        .bind(title)
        .bind(starts_on)
        .bind(ends_on)
        .bind(year)
        .bind(at)
    )?;
    exec!(
        tx,
        sqlx::query(
            "UPDATE training_credits SET year = $3 WHERE union_id = $1 AND course_id IN \
             (SELECT id FROM courses WHERE union_id = $1 AND activity_id = $2)"
        )
        .bind(union_id.0)
        .bind(activity_id)
        .bind(year)
    )?;
    Ok(())
}

/// Moves the course from status `from` to `to`; 0 rows when it was not in
/// `from` (a second completion racing the first changes nothing).
#[tracing::instrument(level = "debug", name = "recognition::training::set_status", skip_all, fields(union = %union_id))]
pub async fn set_status(
    tx: &mut Tx,
    union_id: UnionId,
    id: Uuid,
    from: &str,
    to: &str,
    at: DateTime<Utc>,
) -> Result<u64> {
    exec!(
        tx,
        sqlx::query(
            "UPDATE courses SET status = $4, updated_at = $5 WHERE union_id = $1 AND id = $2 AND status = $3"
        )
        .bind(union_id.0)
        .bind(id)
        .bind(from)
        .bind(to)
        .bind(at)
    )
}

// ---------------------------------------------------------------------------
// Credits

/// A credit with the member's name, for the course page and the member's
/// own page.
#[derive(Debug, Clone, FromRow)]
pub struct Credit {
    pub course_id: Uuid,
    pub member_id: Uuid,
    pub name: String,
    pub card_number: Option<String>,
    pub course_title: String,
    pub tenth_hours: i64,
    pub year: i64,
    pub for_cadres: bool,
    pub credited_by: String,
    pub credited_at: DateTime<Utc>,
}

/// What one credit records.
#[derive(Debug, Clone)]
pub struct NewCredit {
    pub course_id: Uuid,
    pub member_id: Uuid,
    pub tenth_hours: i64,
    pub year: i64,
    pub for_cadres: bool,
    pub credited_by: String,
    pub credited_at: DateTime<Utc>,
}

/// Credits the course's hours to everyone checked in on its activity who
/// has no credit yet, in one statement; the number credited.
#[tracing::instrument(level = "debug", name = "recognition::training::credit_checked_in", skip_all, fields(union = %union_id))]
pub async fn credit_checked_in(
    tx: &mut Tx,
    union_id: UnionId,
    activity_id: Uuid,
    k: &NewCredit,
) -> Result<u64> {
    // SQLite parses `ON CONFLICT` after `INSERT … SELECT` only when the
    // SELECT has a WHERE clause, which it has.
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO training_credits (union_id, course_id, member_id, tenth_hours, year, for_cadres, \
             credited_by, credited_at) SELECT k.union_id, $2, k.member_id, $3, $4, $5, $6, $7 \
             FROM activity_checkins k WHERE k.union_id = $1 AND k.activity_id = $8 \
             ON CONFLICT (union_id, course_id, member_id) DO NOTHING"
        )
        .bind(union_id.0)
        .bind(k.course_id)
        .bind(k.tenth_hours)
        .bind(k.year)
        .bind(k.for_cadres)
        .bind(&k.credited_by)
        .bind(k.credited_at)
        .bind(activity_id)
    )
}

/// Credits one person; 0 rows when they had a credit on the course.
#[tracing::instrument(level = "debug", name = "recognition::training::credit_one", skip_all, fields(union = %union_id))]
pub async fn credit_one(tx: &mut Tx, union_id: UnionId, k: &NewCredit) -> Result<u64> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO training_credits (union_id, course_id, member_id, tenth_hours, year, for_cadres, \
             credited_by, credited_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (union_id, course_id, member_id) DO NOTHING"
        )
        .bind(union_id.0)
        .bind(k.course_id)
        .bind(k.member_id)
        .bind(k.tenth_hours)
        .bind(k.year)
        .bind(k.for_cadres)
        .bind(&k.credited_by)
        .bind(k.credited_at)
    )
}

/// Many credits at once (demo data and benchmarks).
#[tracing::instrument(level = "debug", name = "recognition::training::credit_many", skip_all, fields(union = %union_id))]
pub async fn credit_many(tx: &mut Tx, union_id: UnionId, rows: &[NewCredit]) -> Result<()> {
    // SQLite allows 32,766 bound values per statement: 8 per row.
    for chunk in rows.chunks(4000) {
        let sql = format!(
            "INSERT INTO training_credits (union_id, course_id, member_id, tenth_hours, year, for_cadres, \
             credited_by, credited_at) VALUES {}",
            tx.values_list(chunk.len(), 8, 1)
        );
        exec!(tx, {
            let mut q = sqlx::query(&sql);
            for k in chunk {
                q = q
                    .bind(union_id.0)
                    .bind(k.course_id)
                    .bind(k.member_id)
                    .bind(k.tenth_hours)
                    .bind(k.year)
                    .bind(k.for_cadres)
                    .bind(&k.credited_by)
                    .bind(k.credited_at);
            }
            q
        })?;
    }
    Ok(())
}

const CREDITS: &str = "SELECT t.course_id, t.member_id, m.name, m.card_number, c.title AS course_title, \
    t.tenth_hours, t.year, t.for_cadres, t.credited_by, t.credited_at FROM training_credits t \
    JOIN members m ON m.union_id = t.union_id AND m.id = t.member_id \
    JOIN courses c ON c.union_id = t.union_id AND c.id = t.course_id";

/// The people credited on a course, by name.
#[tracing::instrument(level = "debug", name = "recognition::training::credits_of_course", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn credits_of_course(tx: &mut Tx, union_id: UnionId, course_id: Uuid) -> Result<Vec<Credit>> {
    crate::counted(async move {
        let sql = format!(
            "{CREDITS} WHERE t.union_id = $1 AND t.course_id = $2 ORDER BY m.name_pinyin, t.member_id"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(course_id).fetch_all(c).await)
    })
    .await
}

/// One member's credits, latest course first.
#[tracing::instrument(level = "debug", name = "recognition::training::credits_of_member", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn credits_of_member(tx: &mut Tx, union_id: UnionId, member_id: Uuid) -> Result<Vec<Credit>> {
    crate::counted(async move {
        let sql = format!(
            "{CREDITS} WHERE t.union_id = $1 AND t.member_id = $2 ORDER BY c.starts_on DESC, t.course_id"
        );
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(member_id).fetch_all(c).await)
    })
    .await
}

/// The yearly counts as one row: (person-times, tenths, cadre person-times,
/// cadre tenths) from the credits, on `training_credits_year`.
#[derive(Debug, Clone, Copy, Default, FromRow)]
pub struct CreditTotals {
    pub person_times: i64,
    pub tenth_hours: i64,
    pub cadre_person_times: i64,
    pub cadre_tenth_hours: i64,
}

/// Sums the year's credits in one aggregate on `(union_id, year)`.
#[tracing::instrument(level = "debug", name = "recognition::training::credit_totals", skip_all, fields(union = %union_id))]
pub async fn credit_totals(tx: &mut Tx, union_id: UnionId, year: i32) -> Result<CreditTotals> {
    on!(tx, c => sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT) AS person_times, \
         CAST(COALESCE(SUM(tenth_hours), 0) AS BIGINT) AS tenth_hours, \
         CAST(COALESCE(SUM(CASE WHEN for_cadres THEN 1 ELSE 0 END), 0) AS BIGINT) AS cadre_person_times, \
         CAST(COALESCE(SUM(CASE WHEN for_cadres THEN tenth_hours ELSE 0 END), 0) AS BIGINT) AS cadre_tenth_hours \
         FROM training_credits WHERE union_id = $1 AND year = $2")
        .bind(union_id.0).bind(i64::from(year)).fetch_one(c).await)
}

/// The year's courses not cancelled (nor their activity called off), and
/// those for cadres.
#[tracing::instrument(level = "debug", name = "recognition::training::course_counts", skip_all, fields(union = %union_id))]
pub async fn course_counts(tx: &mut Tx, union_id: UnionId, year: i32) -> Result<(i64, i64)> {
    on!(tx, c => sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN c.for_cadres THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM courses c JOIN activities a ON a.union_id = c.union_id AND a.id = c.activity_id \
         WHERE c.union_id = $1 AND c.year = $2 AND c.status <> 'cancelled' AND a.status <> 'cancelled'")
        .bind(union_id.0).bind(i64::from(year)).fetch_one(c).await)
}

/// A member's hours per year: (year, person-times, tenths), latest first.
#[tracing::instrument(level = "debug", name = "recognition::training::member_years", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn member_years(tx: &mut Tx, union_id: UnionId, member_id: Uuid) -> Result<Vec<(i64, i64, i64)>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(
            "SELECT year, CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(tenth_hours), 0) AS BIGINT) \
             FROM training_credits WHERE union_id = $1 AND member_id = $2 GROUP BY year ORDER BY year DESC")
            .bind(union_id.0).bind(member_id).fetch_all(c).await)
    })
    .await
}

// ---------------------------------------------------------------------------
// Certificates

/// One row of `certificates`, with the holder's name.
#[derive(Debug, Clone, FromRow)]
pub struct Certificate {
    pub union_id: Uuid,
    pub id: Uuid,
    pub member_id: Uuid,
    pub name: String,
    pub issuer: String,
    pub number: String,
    pub issued_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub course_id: Option<Uuid>,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
    /// The holder (members.name); not a column of `certificates`.
    #[sqlx(default)]
    pub member_name: String,
}

#[tracing::instrument(level = "debug", name = "recognition::training::insert_certificate", skip_all, fields(union = %union_id))]
pub async fn insert_certificate(tx: &mut Tx, union_id: UnionId, c: &Certificate) -> Result<()> {
    exec!(
        tx,
        sqlx::query(
            "INSERT INTO certificates (union_id, id, member_id, name, issuer, number, issued_on, valid_until, \
             course_id, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        )
        .bind(union_id.0)
        .bind(c.id)
        .bind(c.member_id)
        .bind(&c.name)
        .bind(&c.issuer)
        .bind(&c.number)
        .bind(c.issued_on)
        .bind(c.valid_until)
        .bind(c.course_id)
        .bind(&c.recorded_by)
        .bind(c.created_at)
    )?;
    Ok(())
}

const CERTS: &str = "SELECT c.union_id, c.id, c.member_id, c.name, c.issuer, c.number, c.issued_on, c.valid_until, \
    c.course_id, c.recorded_by, c.created_at, m.name AS member_name FROM certificates c \
    JOIN members m ON m.union_id = c.union_id AND m.id = c.member_id";

/// The union's certificates; with `until`, those valid until that day or
/// earlier (the expiry warning list, the expired included), soonest first.
#[tracing::instrument(level = "debug", name = "recognition::training::certificates", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn certificates(
    tx: &mut Tx,
    union_id: UnionId,
    until: Option<NaiveDate>,
) -> Result<Vec<Certificate>> {
    crate::counted(async move {
        match until {
            Some(d) => {
                let sql = format!(
                    "{CERTS} WHERE c.union_id = $1 AND c.valid_until IS NOT NULL AND c.valid_until <= $2 \
                     ORDER BY c.valid_until, m.name_pinyin, c.id"
                );
                on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(d).fetch_all(c).await)
            }
            None => {
                let sql =
                    format!("{CERTS} WHERE c.union_id = $1 ORDER BY m.name_pinyin, c.issued_on DESC, c.id");
                on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).fetch_all(c).await)
            }
        }
    })
    .await
}

/// One member's certificates, latest first.
#[tracing::instrument(level = "debug", name = "recognition::training::certificates_of_member", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn certificates_of_member(
    tx: &mut Tx,
    union_id: UnionId,
    member_id: Uuid,
) -> Result<Vec<Certificate>> {
    crate::counted(async move {
        let sql =
            format!("{CERTS} WHERE c.union_id = $1 AND c.member_id = $2 ORDER BY c.issued_on DESC, c.id");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(member_id).fetch_all(c).await)
    })
    .await
}

/// One certificate of the union.
#[tracing::instrument(level = "debug", name = "recognition::training::certificate", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn certificate(tx: &mut Tx, union_id: UnionId, id: Uuid) -> Result<Option<Certificate>> {
    crate::counted(async move {
        let sql = format!("{CERTS} WHERE c.union_id = $1 AND c.id = $2");
        on!(tx, c => sqlx::query_as(&sql).bind(union_id.0).bind(id).fetch_optional(c).await)
    })
    .await
}
