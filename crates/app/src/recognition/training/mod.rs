//! Training: courses on top of the activities' sign-up and check-in,
//! hours credited, certificates with their expiry, the yearly counts.
//!
//! A course is created with its activity (kind `training`) in one
//! transaction; members sign up, wait and check in on that activity's own
//! routes. Completing the course credits its hours to everyone checked in;
//! an officer credits others by hand. Training activities show in the
//! general activity list too (they are activities), and their check-ins
//! count towards the participation rate (参与面) like any other.

pub mod certificates;
pub mod courses;

use chrono::{Datelike, NaiveDate};
use domain::UnionId;
use domain::recognition::training::TrainingStats;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Principal;
use crate::error::AppResult;
use crate::org::load_union;

pub use certificates::CertificateInput;
pub use courses::CourseInput;
pub use store::recognition::training::{Certificate, Course, Credit, Listed};

/// Today in Beijing.
pub fn today() -> NaiveDate {
    domain::time::today(store::now())
}

pub fn this_year() -> i32 {
    today().year()
}

/// The union's training in `year`: courses (期数), person-times (人次),
/// hours, and the cadre training apart. Two aggregate statements on the
/// `(union_id, year)` indexes, however many credits there are.
pub async fn stats(state: &AppState, union_id: Uuid, year: i32) -> AppResult<TrainingStats> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let u = UnionId(union_id);
    let (courses, cadre_courses) = store::recognition::training::course_counts(&mut tx, u, year).await?;
    let t = store::recognition::training::credit_totals(&mut tx, u, year).await?;
    Ok(TrainingStats {
        year,
        courses,
        cadre_courses,
        person_times: t.person_times,
        tenth_hours: t.tenth_hours,
        cadre_person_times: t.cadre_person_times,
        cadre_tenth_hours: t.cadre_tenth_hours,
    })
}

/// One year of a member's training.
#[derive(Debug, Clone)]
pub struct YearHours {
    pub year: i64,
    pub courses: i64,
    pub tenth_hours: i64,
}

/// The member's own training: hours per year, courses attended,
/// certificates, and the union's courses open for sign-up. `member_id` is
/// None when the account is linked to no member of this union (the lists
/// are then empty, the open courses still shown).
#[derive(Debug, Clone)]
pub struct Mine {
    pub member_id: Option<Uuid>,
    pub years: Vec<YearHours>,
    pub this_year_tenths: i64,
    pub total_tenths: i64,
    pub credits: Vec<Credit>,
    pub certificates: Vec<Certificate>,
    pub open: Vec<Listed>,
}

/// The caller's own training in the union.
pub async fn mine(state: &AppState, p: &Principal, union_id: Uuid) -> AppResult<Mine> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let u = UnionId(union_id);
    let member_id = store::auth::member_of_user(&mut tx, p.user_id)
        .await?
        .and_then(|(union, member)| (union == union_id).then_some(member));
    let open = store::recognition::training::open_for_signup(&mut tx, u, store::now()).await?;
    let Some(m) = member_id else {
        return Ok(Mine {
            member_id: None,
            years: Vec::new(),
            this_year_tenths: 0,
            total_tenths: 0,
            credits: Vec::new(),
            certificates: Vec::new(),
            open,
        });
    };
    let years: Vec<YearHours> = store::recognition::training::member_years(&mut tx, u, m)
        .await?
        .into_iter()
        .map(|(year, courses, tenth_hours)| YearHours { year, courses, tenth_hours })
        .collect();
    let credits = store::recognition::training::credits_of_member(&mut tx, u, m).await?;
    let certificates = store::recognition::training::certificates_of_member(&mut tx, u, m).await?;
    let year = i64::from(this_year());
    Ok(Mine {
        member_id: Some(m),
        this_year_tenths: years.iter().filter(|y| y.year == year).map(|y| y.tenth_hours).sum(),
        total_tenths: years.iter().map(|y| y.tenth_hours).sum(),
        years,
        credits,
        certificates,
        open,
    })
}

/// The headers of the yearly training ledger (培训台帐): one line a course.
pub const COURSE_HEADERS: [&str; 11] = [
    "课程",
    "主办单位",
    "类别",
    "工会干部培训",
    "开始",
    "结束",
    "学时",
    "报名",
    "签到",
    "记入人次",
    "记入学时",
];

/// One course as a line of the ledger.
pub fn course_row(l: &Listed) -> Vec<String> {
    use domain::recognition::training::fmt_hours;
    let c = &l.course;
    vec![
        c.title.clone(),
        c.organiser.clone(),
        if c.external { "外部" } else { "内部" }.to_owned(),
        if c.for_cadres { "是" } else { "否" }.to_owned(),
        domain::time::fmt_date(c.starts_on),
        domain::time::fmt_date(c.ends_on),
        fmt_hours(c.tenth_hours),
        l.confirmed.to_string(),
        l.checked_in.to_string(),
        l.credited.to_string(),
        fmt_hours(l.credited_tenth_hours),
    ]
}

/// The totals line under the courses.
pub fn totals_row(s: &TrainingStats) -> Vec<String> {
    use domain::recognition::training::fmt_hours;
    vec![
        format!("合计{}期", s.courses),
        String::new(),
        String::new(),
        format!("{}期", s.cadre_courses),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        s.person_times.to_string(),
        fmt_hours(s.tenth_hours),
    ]
}

/// The year's training ledger as .xlsx: (union name, bytes).
pub async fn stats_xlsx(state: &AppState, union_id: Uuid, year: i32) -> AppResult<(String, Vec<u8>)> {
    let union = crate::org::union(state, union_id).await?;
    let s = stats(state, union_id, year).await?;
    let courses = courses::list(state, union_id, Some(year)).await?;
    let mut rows: Vec<Vec<String>> = courses.iter().map(course_row).collect();
    rows.push(totals_row(&s));
    let bytes = crate::activity::exports::xlsx("培训台帐", &COURSE_HEADERS, rows).await?;
    Ok((union.name, bytes))
}
