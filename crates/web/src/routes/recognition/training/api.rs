//! `/api/v1/…/courses`, `/training-stats`, `/certificates`, `/training/mine`:
//! courses on the activities' sign-up and check-in, hours credited,
//! certificates with their expiry, the yearly counts.

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use domain::recognition::training::{
    DEFAULT_EXPIRY_DAYS, TrainingStats, expiry, fmt_hours, hours_f64, tenths,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Path, Query};
use crate::kit::file_field;
use crate::routes::activity::api::activities::AudienceIn;
use crate::routes::recognition::EvidenceOut;
use app::AppState;
use app::activity::service::parse_audience;
use app::auth::Principal;
use app::error::{AppError, AppResult, ErrorBody};
use app::recognition::training::{
    self as service, Certificate, CertificateInput, CourseInput, Credit, Listed, certificates, courses,
};

// ---------------------------------------------------------------------------
// Courses

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CourseIn {
    /// 课程名称
    pub title: String,
    /// 主办单位
    pub organiser: String,
    /// 外部培训（上级工会、院校等主办）
    #[serde(default)]
    pub external: bool,
    /// 工会干部业务培训（单独统计）
    #[serde(default)]
    pub for_cadres: bool,
    /// 学时（> 0，最多一位小数，如 4.5）
    pub hours: f64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// 名额（> 0）
    pub capacity: i64,
    /// 结业可取得的证书或资格
    #[serde(default)]
    pub certificate: Option<String>,
    /// 培训地点
    #[serde(default)]
    pub place: Option<String>,
    /// 参加对象（同活动）；不填为全体会员
    pub audience: Option<AudienceIn>,
    /// 报名截止；不填为开课时
    pub signup_closes_at: Option<DateTime<Utc>>,
}

impl CourseIn {
    fn input(self) -> AppResult<CourseInput> {
        let a = self.audience.unwrap_or_default();
        Ok(CourseInput {
            tenth_hours: tenths("hours", self.hours).map_err(AppError)?,
            title: self.title,
            organiser: self.organiser,
            external: self.external,
            for_cadres: self.for_cadres,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            capacity: self.capacity,
            certificate: self.certificate.unwrap_or_default(),
            place: self.place.unwrap_or_default(),
            audience: parse_audience(&a.scope, a.group_ids, a.with_family)?,
            signup_closes_at: self.signup_closes_at,
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CourseOut {
    pub id: Uuid,
    pub union_id: Uuid,
    /// The training activity: sign up, cancel and check in on
    /// `/api/v1/activities/{activity_id}/signups` and `/checkins`.
    pub activity_id: Uuid,
    pub title: String,
    pub organiser: String,
    pub external: bool,
    pub for_cadres: bool,
    /// 学时
    pub hours: f64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub year: i64,
    pub certificate: String,
    /// open | completed | cancelled
    pub status: String,
    pub status_label: String,
    /// 名额
    pub capacity: i64,
    /// 已报名（确认）
    pub signed_up: i64,
    /// 候补
    pub waiting: i64,
    /// 已签到
    pub checked_in: i64,
    /// 已记入学时的人次
    pub credited: i64,
    pub credited_hours: f64,
    pub signup_closes_at: DateTime<Utc>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

pub fn course_out(l: Listed) -> CourseOut {
    let status = courses::status(&l);
    let c = l.course;
    CourseOut {
        id: c.id,
        union_id: c.union_id,
        activity_id: c.activity_id,
        title: c.title,
        organiser: c.organiser,
        external: c.external,
        for_cadres: c.for_cadres,
        hours: hours_f64(c.tenth_hours),
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        year: c.year,
        certificate: c.certificate,
        status: status.as_str().to_owned(),
        status_label: status.label().to_owned(),
        capacity: l.places,
        signed_up: l.confirmed,
        waiting: l.waiting,
        checked_in: l.checked_in,
        credited: l.credited,
        credited_hours: hours_f64(l.credited_tenth_hours),
        signup_closes_at: l.signup_closes_at,
        created_by: c.created_by,
        created_at: c.created_at,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedCourse {
    pub id: Uuid,
    pub activity_id: Uuid,
    /// open
    pub status: String,
}

/// 新建培训课程（同时建立报名、签到用的培训活动）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/courses", tag = "training", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = CourseIn,
    responses((status = 201, body = CreatedCourse), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<CourseIn>,
) -> AppResult<(StatusCode, Json<CreatedCourse>)> {
    let c = courses::create(&state, &p, union_id, &b.input()?).await?;
    Ok((StatusCode::CREATED, Json(CreatedCourse { id: c.id, activity_id: c.activity_id, status: c.status })))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearIn {
    /// 年份（按开课日期）；不填为全部
    pub year: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CoursesOut {
    pub items: Vec<CourseOut>,
}

/// 培训课程列表
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/courses", tag = "training", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), YearIn), responses((status = 200, body = CoursesOut)))]
pub async fn list(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearIn>,
) -> AppResult<Json<CoursesOut>> {
    let rows = courses::list(&state, union_id, q.year).await?;
    Ok(Json(CoursesOut { items: rows.into_iter().map(course_out).collect() }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreditOut {
    pub member_id: Uuid,
    pub name: String,
    pub course_id: Uuid,
    pub course_title: String,
    pub hours: f64,
    pub year: i64,
    pub for_cadres: bool,
    pub credited_by: String,
    pub credited_at: DateTime<Utc>,
}

pub fn credit_out(c: Credit) -> CreditOut {
    CreditOut {
        member_id: c.member_id,
        name: c.name,
        course_id: c.course_id,
        course_title: c.course_title,
        hours: hours_f64(c.tenth_hours),
        year: c.year,
        for_cadres: c.for_cadres,
        credited_by: c.credited_by,
        credited_at: c.credited_at,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttendeeOut {
    pub member_id: Uuid,
    pub name: String,
    pub walk_in: bool,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CourseDetailOut {
    #[serde(flatten)]
    pub course: CourseOut,
    /// 签到名单
    pub attendance: Vec<AttendeeOut>,
    /// 已记入学时
    pub credits: Vec<CreditOut>,
}

/// 培训课程（报名、签到人数，签到名单，已记入学时）
#[utoipa::path(get, path = "/api/v1/courses/{course_id}", tag = "training", security(("bearer" = [])),
    params(("course_id" = Uuid, Path)), responses((status = 200, body = CourseDetailOut), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    Path(course_id): Path<Uuid>,
) -> AppResult<Json<CourseDetailOut>> {
    let d = courses::get(&state, course_id).await?;
    Ok(Json(CourseDetailOut {
        course: course_out(d.course),
        attendance: d
            .attendance
            .into_iter()
            .map(|a| AttendeeOut { member_id: a.member_id, name: a.name, walk_in: a.walk_in, at: a.at })
            .collect(),
        credits: d.credits.into_iter().map(credit_out).collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CompletedOut {
    #[serde(flatten)]
    pub course: CourseOut,
    /// 本次记入学时的人数
    pub credited_now: u64,
}

/// 结业：为全部签到学员记入学时（重复结业 409）
#[utoipa::path(post, path = "/api/v1/courses/{course_id}/complete", tag = "training", security(("bearer" = [])),
    params(("course_id" = Uuid, Path)), responses((status = 200, body = CompletedOut), (status = 409, body = ErrorBody)))]
pub async fn complete(
    State(state): State<AppState>,
    p: Principal,
    Path(course_id): Path<Uuid>,
) -> AppResult<Json<CompletedOut>> {
    let (l, n) = courses::complete(&state, &p, course_id).await?;
    Ok(Json(CompletedOut { course: course_out(l), credited_now: n }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditIn {
    /// 本工会会员
    pub member_id: Uuid,
    /// 学时；不填为课程学时
    pub hours: Option<f64>,
}

/// 手工记入一名会员的学时（外部培训，或到场未签到）
#[utoipa::path(post, path = "/api/v1/courses/{course_id}/credits", tag = "training", security(("bearer" = [])),
    params(("course_id" = Uuid, Path)), request_body = CreditIn,
    responses((status = 201, body = CreditOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn credit(
    State(state): State<AppState>,
    p: Principal,
    Path(course_id): Path<Uuid>,
    ApiJson(b): ApiJson<CreditIn>,
) -> AppResult<(StatusCode, Json<CreditOut>)> {
    let hours = b.hours.map(|h| tenths("hours", h)).transpose().map_err(AppError)?;
    let c = courses::credit(&state, &p, course_id, b.member_id, hours).await?;
    Ok((StatusCode::CREATED, Json(credit_out(c))))
}

// ---------------------------------------------------------------------------
// Statistics

#[derive(Debug, Serialize, ToSchema)]
pub struct TrainingStatsOut {
    pub year: i32,
    /// 期数（当年开课、未取消）
    pub courses: i64,
    /// 人次（记入学时的人次）
    pub person_times: i64,
    /// 学时合计
    pub hours: f64,
    /// 工会干部培训人次
    pub cadre_person_times: i64,
    /// 工会干部培训期数
    pub cadre_courses: i64,
    /// 工会干部培训学时
    pub cadre_hours: f64,
}

pub fn stats_out(s: TrainingStats) -> TrainingStatsOut {
    TrainingStatsOut {
        year: s.year,
        courses: s.courses,
        person_times: s.person_times,
        hours: hours_f64(s.tenth_hours),
        cadre_person_times: s.cadre_person_times,
        cadre_courses: s.cadre_courses,
        cadre_hours: hours_f64(s.cadre_tenth_hours),
    }
}

/// 年度培训统计：期数、人次、学时，工会干部培训单列
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/training-stats", tag = "training", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), YearIn), responses((status = 200, body = TrainingStatsOut)))]
pub async fn stats(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearIn>,
) -> AppResult<Json<TrainingStatsOut>> {
    let year = q.year.unwrap_or_else(service::this_year);
    Ok(Json(stats_out(service::stats(&state, union_id, year).await?)))
}

// ---------------------------------------------------------------------------
// Certificates

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CertificateIn {
    /// 本工会会员
    pub member_id: Uuid,
    /// 证书或资格名称
    pub name: String,
    /// 发证机构
    pub issuer: String,
    /// 证书编号
    #[serde(default)]
    pub number: String,
    pub issued_on: NaiveDate,
    /// 有效期至；不填为长期有效
    pub valid_until: Option<NaiveDate>,
    /// 取得证书的本工会培训课程
    pub course_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CertificateOut {
    pub id: Uuid,
    pub member_id: Uuid,
    pub member_name: String,
    pub name: String,
    pub issuer: String,
    pub number: String,
    pub issued_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub course_id: Option<Uuid>,
    /// unlimited | valid | expiring | expired (today, with the list's window)
    pub state: String,
    pub state_label: String,
    /// Days left until the last valid day (negative once expired).
    pub days_left: Option<i64>,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
}

pub fn certificate_out(c: Certificate, window: i64) -> CertificateOut {
    let today = service::today();
    let e = expiry(c.valid_until, today, window);
    CertificateOut {
        id: c.id,
        member_id: c.member_id,
        member_name: c.member_name,
        name: c.name,
        issuer: c.issuer,
        number: c.number,
        issued_on: c.issued_on,
        days_left: c.valid_until.map(|d| (d - today).num_days()),
        valid_until: c.valid_until,
        course_id: c.course_id,
        state: e.as_str().to_owned(),
        state_label: e.label(),
        recorded_by: c.recorded_by,
        created_at: c.created_at,
    }
}

/// 登记证书、资格（有效期至不能早于发证日期）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/certificates", tag = "training", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = CertificateIn,
    responses((status = 201, body = CertificateOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_certificate(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<CertificateIn>,
) -> AppResult<(StatusCode, Json<CertificateOut>)> {
    let input = CertificateInput {
        member_id: b.member_id,
        name: b.name,
        issuer: b.issuer,
        number: b.number,
        issued_on: b.issued_on,
        valid_until: b.valid_until,
        course_id: b.course_id,
    };
    let c = certificates::create(&state, &p, union_id, &input).await?;
    Ok((StatusCode::CREATED, Json(certificate_out(c, DEFAULT_EXPIRY_DAYS))))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExpiringIn {
    /// 到期预警：只列出这些天内到期和已过期的证书（如 90）
    pub expiring: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CertificatesOut {
    pub items: Vec<CertificateOut>,
}

/// 证书台帐；?expiring=90 为到期预警清单
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/certificates", tag = "training", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ExpiringIn), responses((status = 200, body = CertificatesOut)))]
pub async fn certificates(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<ExpiringIn>,
) -> AppResult<Json<CertificatesOut>> {
    let rows = certificates::list(&state, union_id, q.expiring).await?;
    let window = q.expiring.unwrap_or(DEFAULT_EXPIRY_DAYS);
    Ok(Json(CertificatesOut { items: rows.into_iter().map(|c| certificate_out(c, window)).collect() }))
}

/// 上传证书扫描件（multipart，字段 file；图片或PDF，不超过10MB）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/certificates/{certificate_id}/files", tag = "training", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("certificate_id" = Uuid, Path)),
    responses((status = 201, body = EvidenceOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    mp: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, Json<EvidenceOut>)> {
    let (name, _, bytes) = file_field(mp).await?;
    let f = certificates::add_file(&state, &p, union_id, id, &name, &bytes).await?;
    Ok((StatusCode::CREATED, Json(EvidenceOut::from(f))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceListOut {
    pub items: Vec<EvidenceOut>,
}

/// 证书的扫描件列表
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/certificates/{certificate_id}/files", tag = "training", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("certificate_id" = Uuid, Path)),
    responses((status = 200, body = EvidenceListOut), (status = 404, body = ErrorBody)))]
pub async fn files(
    State(state): State<AppState>,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<EvidenceListOut>> {
    let (_, files) = certificates::get(&state, union_id, id).await?;
    Ok(Json(EvidenceListOut { items: files.into_iter().map(EvidenceOut::from).collect() }))
}

/// A stored file as a download.
pub fn download(name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let ext = name.rsplit_once('.').map(|(_, e)| e).filter(|e| e.chars().all(|c| c.is_ascii_alphanumeric()));
    let fallback = ext.map_or("download".to_owned(), |e| format!("download.{e}"));
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// 下载证书扫描件
pub async fn file(
    State(state): State<AppState>,
    Path((union_id, id, file_id)): Path<(Uuid, Uuid, Uuid)>,
) -> AppResult<Response> {
    let (f, bytes) =
        app::recognition::files::download(&state, union_id, certificates::FILE_OWNER, id, file_id).await?;
    Ok(download(&f.file_name, &f.content_type, bytes))
}

// ---------------------------------------------------------------------------
// The member's own

#[derive(Debug, Serialize, ToSchema)]
pub struct YearOut {
    pub year: i64,
    /// 参加课程数（人次）
    pub courses: i64,
    pub hours: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OpenCourseOut {
    pub id: Uuid,
    pub activity_id: Uuid,
    pub title: String,
    pub organiser: String,
    pub hours: f64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub places_left: i64,
    pub signup_closes_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyTrainingOut {
    /// 账号关联的本工会会员；未关联时其余为空
    pub member_id: Option<Uuid>,
    pub hours_this_year: f64,
    pub hours_total: f64,
    pub years: Vec<YearOut>,
    pub courses: Vec<CreditOut>,
    pub certificates: Vec<CertificateOut>,
    /// 正在报名的课程
    pub open_courses: Vec<OpenCourseOut>,
}

/// 我的培训：每年学时、参加的课程、证书及有效期、正在报名的课程
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/training/mine", tag = "training", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = MyTrainingOut)))]
pub async fn mine(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<MyTrainingOut>> {
    let m = service::mine(&state, &p, union_id).await?;
    Ok(Json(MyTrainingOut {
        member_id: m.member_id,
        hours_this_year: hours_f64(m.this_year_tenths),
        hours_total: hours_f64(m.total_tenths),
        years: m
            .years
            .into_iter()
            .map(|y| YearOut { year: y.year, courses: y.courses, hours: hours_f64(y.tenth_hours) })
            .collect(),
        courses: m.credits.into_iter().map(credit_out).collect(),
        certificates: m.certificates.into_iter().map(|c| certificate_out(c, DEFAULT_EXPIRY_DAYS)).collect(),
        open_courses: m.open.into_iter().map(open_out).collect(),
    }))
}

fn open_out(l: Listed) -> OpenCourseOut {
    OpenCourseOut {
        id: l.course.id,
        activity_id: l.course.activity_id,
        title: l.course.title,
        organiser: l.course.organiser,
        hours: hours_f64(l.course.tenth_hours),
        starts_on: l.course.starts_on,
        ends_on: l.course.ends_on,
        places_left: (l.places - l.confirmed).max(0),
        signup_closes_at: l.signup_closes_at,
    }
}

/// Hours as shown on pages.
pub fn hours_text(tenths: i64) -> String {
    fmt_hours(tenths)
}
