//! Training (培训): courses, hours (学时) credited per person,
//! certificates with their validity, and the yearly counts.
//!
//! A course is an activity of kind `training` (its sign-up, waiting list
//! and check-in are the activities'); what it adds is checked here: its
//! hours, dates and places, whether it trains union cadres (工会干部业务培训,
//! counted apart), and the certificates people hold with their expiry.
//!
//! Hours are kept in tenths (4.5 学时 = 45) so that sums are exact.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::activity::MAX_PLACES;
use crate::{DomainError, ErrorCode};

/// The longest course title and organiser, in characters.
pub const MAX_TITLE_CHARS: usize = 100;
/// The most hours one course may credit: a two-month full-time course.
pub const MAX_TENTH_HOURS: i64 = 5_000;
/// The expiry warning list's window unless the caller names one.
pub const DEFAULT_EXPIRY_DAYS: i64 = 90;
/// The longest window the warning list accepts (ten years).
pub const MAX_EXPIRY_DAYS: i64 = 3_650;

fn invalid(field: &str, message: impl Into<String>) -> DomainError {
    DomainError::field(ErrorCode::InvalidValue, field, message)
}

/// Hours as typed (`4.5`) in tenths (`45`): more than zero, at most one
/// decimal, at most [`MAX_TENTH_HOURS`]. `field` names the input.
pub fn tenths(field: &str, hours: f64) -> Result<i64, DomainError> {
    if !hours.is_finite() || hours <= 0.0 {
        return Err(invalid(field, "学时须大于0"));
    }
    let t = (hours * 10.0).round();
    if (hours * 10.0 - t).abs() > 1e-6 {
        return Err(invalid(field, "学时最多保留一位小数，如 4.5"));
    }
    if t > MAX_TENTH_HOURS as f64 {
        return Err(invalid(field, format!("学时最多{}", MAX_TENTH_HOURS / 10)));
    }
    Ok(t as i64)
}

/// Hours as typed in a form: a number like `4` or `4.5`.
pub fn parse_hours(field: &str, s: &str) -> Result<i64, DomainError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(DomainError::field(ErrorCode::Required, field, "请填写学时"));
    }
    let v: f64 = s.parse().map_err(|_| invalid(field, "学时应为数字，如 4 或 4.5"))?;
    tenths(field, v)
}

/// Tenths of an hour shown as 学时: `45` → `4.5`, `40` → `4`.
pub fn fmt_hours(tenth_hours: i64) -> String {
    if tenth_hours % 10 == 0 {
        format!("{}", tenth_hours / 10)
    } else {
        format!("{}.{}", tenth_hours / 10, (tenth_hours % 10).abs())
    }
}

/// Tenths as a JSON number of hours.
pub fn hours_f64(tenth_hours: i64) -> f64 {
    tenth_hours as f64 / 10.0
}

// ---------------------------------------------------------------------------
// Courses

/// Where a course stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CourseStatus {
    /// Sign-up and check-in run through its activity.
    Open,
    /// The hours were credited to everyone who checked in.
    Completed,
    /// Called off with its activity.
    Cancelled,
}

impl CourseStatus {
    pub const ALL: [CourseStatus; 3] = [CourseStatus::Open, CourseStatus::Completed, CourseStatus::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            CourseStatus::Open => "open",
            CourseStatus::Completed => "completed",
            CourseStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            CourseStatus::Open => "进行中",
            CourseStatus::Completed => "已结业（学时已记入）",
            CourseStatus::Cancelled => "已取消",
        }
    }
}

/// A course as typed, before checks.
#[derive(Debug, Clone)]
pub struct NewCourse {
    pub title: String,
    pub organiser: String,
    pub external: bool,
    pub for_cadres: bool,
    /// 学时 in tenths, already parsed by [`tenths`] (a fault there is
    /// reported by the caller under `hours`).
    pub tenth_hours: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Signed so that `0` and `-5` reach the check.
    pub capacity: i64,
    /// The certificate the course leads to; empty: none.
    pub certificate: String,
}

/// The checked course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseRules {
    pub title: String,
    pub organiser: String,
    pub external: bool,
    pub for_cadres: bool,
    pub tenth_hours: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// The year the course counts for: the year it starts in.
    pub year: i32,
    pub capacity: i64,
    pub certificate: String,
}

/// Checks a course and returns every fault at once, each naming its field.
pub fn validate_course(c: &NewCourse) -> Result<CourseRules, Vec<DomainError>> {
    let mut errors = Vec::new();
    let mut keep = |r: Result<String, DomainError>| match r {
        Ok(v) => v,
        Err(e) => {
            errors.push(e);
            String::new()
        }
    };
    let title = keep(crate::text::required_line("title", "课程名称", &c.title, MAX_TITLE_CHARS));
    let organiser = keep(crate::text::required_line("organiser", "主办单位", &c.organiser, MAX_TITLE_CHARS));
    let certificate = keep(
        crate::text::line("certificate", "证书名称", &c.certificate, MAX_TITLE_CHARS)
            .map(|v| v.unwrap_or_default()),
    );
    if c.tenth_hours <= 0 {
        errors.push(invalid("hours", "学时须大于0"));
    } else if c.tenth_hours > MAX_TENTH_HOURS {
        errors.push(invalid("hours", format!("学时最多{}", MAX_TENTH_HOURS / 10)));
    }
    if c.ends_on < c.starts_on {
        errors.push(DomainError::field(ErrorCode::InvalidDate, "ends_on", "结束日期不能早于开始日期"));
    }
    if c.capacity <= 0 {
        errors.push(invalid("capacity", format!("名额须大于0，现在是{}", c.capacity)));
    } else if c.capacity > MAX_PLACES {
        errors.push(invalid("capacity", format!("名额最多{MAX_PLACES}个，现在是{}", c.capacity)));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CourseRules {
        title,
        organiser,
        external: c.external,
        for_cadres: c.for_cadres,
        tenth_hours: c.tenth_hours,
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        year: c.starts_on.year(),
        capacity: c.capacity,
        certificate,
    })
}

/// Whether the course's hours may be credited to everyone who checked in.
/// Twice is refused: the hours are credited once per person.
pub fn may_complete(status: CourseStatus) -> Result<(), DomainError> {
    match status {
        CourseStatus::Open => Ok(()),
        CourseStatus::Completed => Err(DomainError::field(
            ErrorCode::InvalidTransition,
            "status",
            "本课程已结业，学时已记入，不能重复结业",
        )),
        CourseStatus::Cancelled => {
            Err(DomainError::field(ErrorCode::InvalidTransition, "status", "本课程已取消，不能结业"))
        }
    }
}

/// Whether hours may be credited to one person by hand: on an open or a
/// completed course (someone who came without checking in), never on a
/// cancelled one.
pub fn may_credit(status: CourseStatus) -> Result<(), DomainError> {
    if status == CourseStatus::Cancelled {
        return Err(DomainError::field(ErrorCode::InvalidTransition, "status", "本课程已取消，不能记学时"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Certificates

/// A certificate or qualification as typed.
#[derive(Debug, Clone)]
pub struct NewCertificate {
    pub name: String,
    pub issuer: String,
    pub number: String,
    pub issued_on: NaiveDate,
    /// None: valid without limit.
    pub valid_until: Option<NaiveDate>,
}

/// The checked certificate: name, issuer, number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateRules {
    pub name: String,
    pub issuer: String,
    pub number: String,
    pub issued_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

/// Checks a certificate: every fault at once, each naming its field.
pub fn validate_certificate(c: &NewCertificate) -> Result<CertificateRules, Vec<DomainError>> {
    let mut errors = Vec::new();
    let mut keep = |r: Result<String, DomainError>| match r {
        Ok(v) => v,
        Err(e) => {
            errors.push(e);
            String::new()
        }
    };
    let name = keep(crate::text::required_line("name", "证书名称", &c.name, MAX_TITLE_CHARS));
    let issuer = keep(crate::text::required_line("issuer", "发证机构", &c.issuer, MAX_TITLE_CHARS));
    let number = keep(crate::text::line("number", "证书编号", &c.number, 60).map(|v| v.unwrap_or_default()));
    if let Some(until) = c.valid_until
        && until < c.issued_on
    {
        errors.push(DomainError::field(ErrorCode::InvalidDate, "valid_until", "有效期至不能早于发证日期"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CertificateRules { name, issuer, number, issued_on: c.issued_on, valid_until: c.valid_until })
}

/// Where a certificate stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Expiry {
    /// No expiry date.
    Unlimited,
    /// Valid beyond the warning window.
    Valid,
    /// Valid, and expires within the window: `days_left` (0 = today is the
    /// last day).
    Expiring { days_left: i64 },
    /// Past its date.
    Expired,
}

impl Expiry {
    pub fn as_str(self) -> &'static str {
        match self {
            Expiry::Unlimited => "unlimited",
            Expiry::Valid => "valid",
            Expiry::Expiring { .. } => "expiring",
            Expiry::Expired => "expired",
        }
    }

    pub fn label(self) -> String {
        match self {
            Expiry::Unlimited => "长期有效".to_owned(),
            Expiry::Valid => "有效".to_owned(),
            Expiry::Expiring { days_left: 0 } => "今天到期".to_owned(),
            Expiry::Expiring { days_left } => format!("{days_left}天后到期"),
            Expiry::Expired => "已过期".to_owned(),
        }
    }

    /// Whether it belongs on the warning list (expiring or expired).
    pub fn warn(self) -> bool {
        matches!(self, Expiry::Expiring { .. } | Expiry::Expired)
    }
}

/// The state of a certificate valid until `valid_until` on `today`, with a
/// warning window of `window_days`. Valid through its last day.
pub fn expiry(valid_until: Option<NaiveDate>, today: NaiveDate, window_days: i64) -> Expiry {
    let Some(until) = valid_until else { return Expiry::Unlimited };
    let left = (until - today).num_days();
    if left < 0 {
        Expiry::Expired
    } else if left <= window_days {
        Expiry::Expiring { days_left: left }
    } else {
        Expiry::Valid
    }
}

/// The warning window from a query (`?expiring=90`): 0 to
/// [`MAX_EXPIRY_DAYS`] days.
pub fn expiry_window(days: i64) -> Result<i64, DomainError> {
    if !(0..=MAX_EXPIRY_DAYS).contains(&days) {
        return Err(DomainError::field(
            ErrorCode::InvalidQuery,
            "expiring",
            format!("预警天数应在0到{MAX_EXPIRY_DAYS}之间"),
        ));
    }
    Ok(days)
}

// ---------------------------------------------------------------------------
// The yearly counts

/// A union's training in one year. One credited person on one course is
/// one 人次 (person-time), whatever the hours; a person on three courses is
/// three 人次. (Distinct people are not counted here: on a large union that
/// needs a sort of every credit, and the plans report 人次.) Courses (期数) count those of the
/// year not cancelled, whether or not anyone was credited yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TrainingStats {
    pub year: i32,
    /// 期数: courses starting in the year, not cancelled.
    pub courses: i64,
    /// Of which 工会干部业务培训.
    pub cadre_courses: i64,
    /// 人次: credits of the year.
    pub person_times: i64,
    /// 学时 credited, in tenths.
    pub tenth_hours: i64,
    /// 工会干部培训人次 and 学时.
    pub cadre_person_times: i64,
    pub cadre_tenth_hours: i64,
}

impl TrainingStats {
    /// Average hours per person-time, in tenths (0 without any).
    pub fn tenth_hours_per_person_time(&self) -> i64 {
        if self.person_times == 0 { 0 } else { self.tenth_hours / self.person_times }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn course() -> NewCourse {
        NewCourse {
            title: "工会干部业务培训".into(),
            organiser: "区总工会".into(),
            external: false,
            for_cadres: true,
            tenth_hours: 45,
            starts_on: d("2026-03-02"),
            ends_on: d("2026-03-03"),
            capacity: 40,
            certificate: String::new(),
        }
    }

    fn fields(e: Vec<DomainError>) -> Vec<String> {
        e.into_iter().filter_map(|e| e.field).collect()
    }

    #[test]
    fn hours_are_tenths_with_one_decimal_and_more_than_zero() {
        assert_eq!(tenths("hours", 4.5), Ok(45));
        assert_eq!(tenths("hours", 2.0), Ok(20));
        assert_eq!(tenths("hours", 0.1), Ok(1));
        for bad in [0.0, -1.0, 4.25, f64::NAN, 1e9] {
            let e = tenths("hours", bad).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("hours"), "{bad}");
        }
        assert_eq!(parse_hours("hours", " 3.5 "), Ok(35));
        assert_eq!(parse_hours("hours", "").unwrap_err().code, ErrorCode::Required);
        assert_eq!(parse_hours("hours", "三").unwrap_err().field.as_deref(), Some("hours"));
        assert_eq!(fmt_hours(45), "4.5");
        assert_eq!(fmt_hours(40), "4");
        assert_eq!(fmt_hours(0), "0");
        assert_eq!(hours_f64(125), 12.5);
    }

    #[test]
    fn a_course_counts_for_the_year_it_starts_in() {
        let mut c = course();
        c.starts_on = d("2025-12-30");
        c.ends_on = d("2026-01-02");
        let r = validate_course(&c).unwrap();
        assert_eq!(r.year, 2025);
        assert!(r.for_cadres);
        assert_eq!(r.tenth_hours, 45);
    }

    #[test]
    fn a_course_names_every_fault() {
        let mut c = course();
        c.title = " ".into();
        c.tenth_hours = 0;
        c.ends_on = d("2026-03-01");
        c.capacity = 0;
        assert_eq!(fields(validate_course(&c).unwrap_err()), ["title", "hours", "ends_on", "capacity"]);
        let mut c = course();
        c.organiser = String::new();
        c.capacity = MAX_PLACES + 1;
        assert_eq!(fields(validate_course(&c).unwrap_err()), ["organiser", "capacity"]);
        // One day is a course too.
        let mut c = course();
        c.ends_on = c.starts_on;
        assert!(validate_course(&c).is_ok());
    }

    #[test]
    fn completing_twice_or_crediting_a_cancelled_course_is_refused() {
        assert!(may_complete(CourseStatus::Open).is_ok());
        let e = may_complete(CourseStatus::Completed).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidTransition);
        assert!(may_complete(CourseStatus::Cancelled).is_err());
        assert!(may_credit(CourseStatus::Open).is_ok());
        assert!(may_credit(CourseStatus::Completed).is_ok());
        assert!(may_credit(CourseStatus::Cancelled).is_err());
        for s in CourseStatus::ALL {
            assert_eq!(CourseStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn a_certificate_is_not_valid_until_before_it_was_issued() {
        let c = NewCertificate {
            name: "电工证".into(),
            issuer: "应急管理局".into(),
            number: "T123".into(),
            issued_on: d("2026-01-10"),
            valid_until: Some(d("2026-01-09")),
        };
        assert_eq!(fields(validate_certificate(&c).unwrap_err()), ["valid_until"]);
        let same_day = NewCertificate { valid_until: Some(d("2026-01-10")), ..c.clone() };
        assert!(validate_certificate(&same_day).is_ok());
        let unlimited = NewCertificate { valid_until: None, name: String::new(), ..c };
        assert_eq!(fields(validate_certificate(&unlimited).unwrap_err()), ["name"]);
    }

    #[test]
    fn expiry_is_valid_expiring_within_the_window_or_expired() {
        let today = d("2026-06-01");
        assert_eq!(expiry(None, today, 90), Expiry::Unlimited);
        assert_eq!(expiry(Some(d("2026-12-31")), today, 90), Expiry::Valid);
        assert_eq!(expiry(Some(d("2026-08-30")), today, 90), Expiry::Expiring { days_left: 90 });
        assert_eq!(expiry(Some(d("2026-08-31")), today, 90), Expiry::Valid);
        assert_eq!(expiry(Some(today), today, 90), Expiry::Expiring { days_left: 0 });
        assert_eq!(expiry(Some(d("2026-05-31")), today, 90), Expiry::Expired);
        assert!(Expiry::Expired.warn() && !Expiry::Valid.warn() && !Expiry::Unlimited.warn());
        assert_eq!(Expiry::Expiring { days_left: 3 }.label(), "3天后到期");
        assert!(expiry_window(90).is_ok());
        assert_eq!(expiry_window(-1).unwrap_err().field.as_deref(), Some("expiring"));
        assert!(expiry_window(MAX_EXPIRY_DAYS + 1).is_err());
    }

    #[test]
    fn person_times_average() {
        let s = TrainingStats { person_times: 4, tenth_hours: 90, ..Default::default() };
        assert_eq!(s.tenth_hours_per_person_time(), 22);
        assert_eq!(TrainingStats::default().tenth_hours_per_person_time(), 0);
    }
}
