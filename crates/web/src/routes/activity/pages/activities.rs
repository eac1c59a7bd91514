//! Activity pages: the union's list with the 发布活动 form, one activity
//! (details, places left, the caller's status with 我要报名 / 取消报名, the
//! officers' sign-up list with check-in buttons), the printable QR code, the
//! member's check-in confirmation opened from it, and participation.

use crate::extract::{PageForm, Path, Query};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use domain::ErrorCode;
use domain::activity::{ActivityKind, SignupStatus};
use domain::auth::Perm;
use domain::time::{china, fmt_datetime};
use serde::Deserialize;
use uuid::Uuid;

use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use app::AppState;
use app::activity::participation::{self, YearParticipation};
use app::activity::service::{self, ActivityInput};
use app::activity::signup::{self, Line, Mine};
use app::activity::{Activity, checkin};
use app::auth::Principal;
use app::error::{AppError, AppResult};

fn base(union_id: Uuid) -> String {
    format!("/unions/{union_id}/activities")
}

fn show_url(id: Uuid) -> String {
    format!("/activities/{id}")
}

/// A time as the pages show it (Beijing time).
pub fn when(t: &DateTime<Utc>) -> String {
    fmt_datetime(*t)
}

pub fn kind_label(a: &Activity) -> &'static str {
    service::kind_of(a).label()
}

pub fn audience_label(a: &Activity) -> String {
    service::audience_of(a).label()
}

pub fn status_label(s: &str) -> &'static str {
    signup::status_of(s).label()
}

async fn layout(state: &AppState, p: &Principal, union_id: Uuid, title: &str) -> AppResult<(Layout, String)> {
    let union = app::org::union(state, union_id).await?;
    let layout = Layout::new(state, p, "activity", title)
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("活动", base(union_id));
    Ok((layout, union.path))
}

// ---------------------------------------------------------------------------
// The list and the 发布活动 form

/// The form as typed: every field a string, so that what was typed comes
/// back on error.
#[derive(Deserialize, Default, Clone)]
pub struct ActivityForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
    #[serde(default)]
    pub places: String,
    #[serde(default)]
    pub signup_opens_at: String,
    #[serde(default)]
    pub signup_closes_at: String,
    #[serde(default)]
    pub cancel_until: String,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub audience_group: String,
    #[serde(default)]
    pub organiser_group_id: String,
    #[serde(default)]
    pub with_family: Option<String>,
    /// 报名需工会审核 (a checkbox).
    #[serde(default)]
    pub needs_approval: Option<String>,
}

/// `2026-05-01T09:00` (a datetime-local field) read as Beijing time.
fn local_time(field: &str, label: &str, s: &str) -> AppResult<Option<DateTime<Utc>>> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let parsed = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .map_err(|_| {
            AppError::field(
                ErrorCode::InvalidDate,
                field,
                format!("{label}应为日期和时间，如2026-05-01 09:00"),
            )
        })?;
    let t = china()
        .from_local_datetime(&parsed)
        .single()
        .ok_or_else(|| AppError::field(ErrorCode::InvalidDate, field, format!("{label}不是有效的时间")))?;
    Ok(Some(t.with_timezone(&Utc)))
}

fn required(field: &str, label: &str, s: &str) -> AppResult<DateTime<Utc>> {
    local_time(field, label, s)?
        .ok_or_else(|| AppError::field(ErrorCode::Required, field, format!("请填写{label}")))
}

fn optional_id(field: &str, s: &str) -> AppResult<Option<Uuid>> {
    match s.trim() {
        "" => Ok(None),
        v => Uuid::parse_str(v)
            .map(Some)
            .map_err(|_| AppError::field(ErrorCode::InvalidValue, field, "所选小组不存在")),
    }
}

impl ActivityForm {
    pub(super) fn input(&self) -> AppResult<ActivityInput> {
        let places = self.places.trim();
        let places = if places.is_empty() {
            return Err(AppError::field(ErrorCode::Required, "places", "请填写名额"));
        } else {
            places
                .parse::<i64>()
                .map_err(|_| AppError::field(ErrorCode::InvalidValue, "places", "名额应为整数"))?
        };
        let groups: Vec<Uuid> = optional_id("audience", &self.audience_group)?.into_iter().collect();
        Ok(ActivityInput {
            title: self.title.clone(),
            kind: self.kind.clone(),
            place: self.place.clone(),
            description: self.description.clone(),
            organiser_group_id: optional_id("organiser_group_id", &self.organiser_group_id)?,
            starts_at: required("starts_at", "活动开始时间", &self.starts_at)?,
            ends_at: required("ends_at", "活动结束时间", &self.ends_at)?,
            places,
            signup_opens_at: local_time("signup_opens_at", "报名开始时间", &self.signup_opens_at)?,
            signup_closes_at: required("signup_closes_at", "报名截止时间", &self.signup_closes_at)?,
            cancel_until: local_time("cancel_until", "取消报名截止时间", &self.cancel_until)?,
            audience: service::parse_audience(&self.audience, groups, self.with_family.is_some())?,
            needs_approval: self.needs_approval.is_some(),
        })
    }
}

#[derive(Template)]
#[template(path = "activity/list.html")]
struct ListPage {
    layout: Layout,
    union_id: Uuid,
    can_manage: bool,
    rows: Vec<Activity>,
    kinds: Vec<(&'static str, &'static str)>,
    groups: Vec<(String, String)>,
    form: ActivityForm,
    errors: FormErrors,
    year: i32,
}

async fn list_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    form: ActivityForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let (layout, path) = layout(state, p, union_id, "活动").await?;
    let rows = service::list(state, union_id).await?;
    let groups = app::member::service::groups(state, union_id)
        .await?
        .into_iter()
        .map(|(id, n)| (id.to_string(), n))
        .collect();
    Ok(render_status(
        status,
        &ListPage {
            layout,
            union_id,
            can_manage: p.can(Perm::ActivityManage, Some(&path)),
            rows,
            kinds: ActivityKind::ALL
                .iter()
                .filter(|k| k.published_alone())
                .map(|k| (k.as_str(), k.label()))
                .collect(),
            groups,
            form,
            errors,
            year: participation::this_year(),
        },
    ))
}

pub async fn list(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    let form = ActivityForm { kind: "sports".into(), ..Default::default() };
    list_page(&state, &p, union_id, form, FormErrors::default(), StatusCode::OK).await
}

pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<ActivityForm>,
) -> PageResult {
    let result = match f.input() {
        Ok(input) => service::create(&state, &p, union_id, &input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(a) => Ok(redirect_with_flash(&state, &p, &show_url(a.id), "活动已发布，会员现在可以报名").await),
        Err(e) => {
            let status = e.status();
            list_page(&state, &p, union_id, f, FormErrors::from_error(&e), status).await
        }
    }
}

// ---------------------------------------------------------------------------
// One activity

#[derive(Template)]
#[template(path = "activity/show.html")]
struct ShowPage {
    layout: Layout,
    a: Activity,
    can_manage: bool,
    can_join: bool,
    mine: Option<Mine>,
    lines: Vec<Line>,
    /// The union's members for the officer's sign-up form (None: too many
    /// for a list; the form takes a name).
    choices: Option<Vec<(String, String)>>,
    now: DateTime<Utc>,
    errors: FormErrors,
    /// A 不通过 that failed: the member and the reason as typed.
    reject: Option<(Uuid, String)>,
    /// The course of a training activity, for those who see courses.
    course_id: Option<Uuid>,
}

impl ShowPage {
    fn places_left(&self) -> i64 {
        (self.a.places - self.a.confirmed_count).max(0)
    }
    fn called_off(&self) -> bool {
        service::is_called_off(&self.a)
    }
    fn window_open(&self) -> bool {
        self.now >= self.a.signup_opens_at && self.now < self.a.signup_closes_at
    }
    fn active_signup(&self) -> bool {
        self.mine
            .as_ref()
            .and_then(|m| m.signup.as_ref())
            .is_some_and(|s| !signup::status_of(&s.status).is_closed())
    }
    /// Why the caller's sign-up was turned down, if it was.
    fn my_reason(&self) -> Option<&str> {
        self.mine
            .as_ref()
            .and_then(|m| m.signup.as_ref())
            .filter(|s| s.status == "rejected")
            .and_then(|s| s.reason.as_deref())
    }
    fn pending_count(&self) -> usize {
        self.lines.iter().filter(|l| l.status == SignupStatus::Pending).count()
    }
    fn is_pending(&self, l: &Line) -> bool {
        l.status == SignupStatus::Pending
    }
    /// The reason typed for this row's failed 不通过.
    fn typed_reason(&self, member: &Uuid) -> &str {
        match &self.reject {
            Some((m, r)) if m == member => r,
            _ => "",
        }
    }
    /// The error of this row's failed 不通过.
    fn reject_error(&self, member: &Uuid) -> Option<&str> {
        match &self.reject {
            Some((m, _)) if m == member => self.errors.get("reject_reason"),
            _ => None,
        }
    }
    fn my_status(&self) -> &'static str {
        self.mine.as_ref().and_then(|m| m.signup.as_ref()).map_or("未报名", |s| status_label(&s.status))
    }
    fn promoted(&self) -> bool {
        self.mine.as_ref().and_then(|m| m.signup.as_ref()).and_then(signup::promoted).is_some()
    }
}

async fn show_page(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    show_page_typed(state, p, id, errors, status, None).await
}

async fn show_page_typed(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    errors: FormErrors,
    status: StatusCode,
    reject: Option<(Uuid, String)>,
) -> PageResult {
    let a = service::get(state, id).await?;
    let (layout, path) = layout(state, p, a.union_id, &a.title).await?;
    let layout = layout.crumb(a.title.clone(), show_url(a.id));
    let can_manage = p.can(Perm::ActivityManage, Some(&path));
    let (lines, choices) = if can_manage {
        (signup::list(state, id).await?.1, crate::kit::member_choices(state, a.union_id).await?)
    } else {
        (Vec::new(), None)
    };
    let mine = signup::mine(state, p, &a).await?;
    let course_id =
        if service::kind_of(&a) == ActivityKind::Training && p.can(Perm::RecognitionView, Some(&path)) {
            app::recognition::training::courses::of_activity(state, a.union_id, a.id).await?
        } else {
            None
        };
    Ok(render_status(
        status,
        &ShowPage {
            layout,
            can_join: p.can(Perm::ActivityJoin, Some(&path)),
            can_manage,
            mine,
            lines,
            choices,
            now: app::now(),
            errors,
            reject,
            course_id,
            a,
        },
    ))
}

pub async fn show(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    show_page(&state, &p, id, FormErrors::default(), StatusCode::OK).await
}

/// The end of an action on the activity page: back to it with a message,
/// or the page again with the error.
pub(super) async fn after(state: &AppState, p: &Principal, id: Uuid, r: AppResult<String>) -> PageResult {
    match r {
        Ok(msg) => Ok(redirect_with_flash(state, p, &show_url(id), &msg).await),
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => {
            let status = e.status();
            show_page(state, p, id, FormErrors::from_error(&e), status).await
        }
    }
}

/// The end of a 不通过: as [`after`], but a refused reason is shown beside
/// the member's row with what was typed.
pub(super) async fn after_reject(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    member_id: Uuid,
    typed: String,
    r: AppResult<String>,
) -> PageResult {
    match r {
        Err(e) if e.0.field.as_deref() == Some("reason") => {
            let status = e.status();
            let e = AppError::field(e.0.code, "reject_reason", e.0.message);
            show_page_typed(state, p, id, FormErrors::from_error(&e), status, Some((member_id, typed))).await
        }
        r => after(state, p, id, r).await,
    }
}

fn placed_message(r: &signup::Placed) -> String {
    if r.status == SignupStatus::Pending {
        return "已提交报名，等待工会审核".to_owned();
    }
    match r.position {
        Some(n) => format!("名额已满，已排入候补第{n}位；有人取消时按顺序递补"),
        None => "报名成功".to_owned(),
    }
}

/// 我要报名
pub async fn sign_up(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let r = signup::sign_up(&state, &p, id, None).await.map(|r| placed_message(&r));
    after(&state, &p, id, r).await
}

/// 取消报名 (one's own)
pub async fn cancel(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let r = signup::cancel(&state, &p, id, None).await.map(|_| "已取消报名".to_owned());
    after(&state, &p, id, r).await
}

#[derive(Deserialize, Default)]
pub struct MemberForm {
    #[serde(default)]
    pub member_id: String,
    /// A name when the union is too large for a list.
    #[serde(default)]
    pub member: String,
}

async fn member_of_form(state: &AppState, a: &Activity, f: &MemberForm) -> AppResult<Uuid> {
    if let Ok(id) = Uuid::parse_str(f.member_id.trim()) {
        return Ok(id);
    }
    if f.member.trim().is_empty() {
        return Err(AppError::field(ErrorCode::Required, "member_id", "请选择会员"));
    }
    app::member::login::member_named(state, a.union_id, f.member.trim())
        .await
        .map_err(|e| AppError::field(e.0.code, "member_id", e.0.message))
}

/// An officer signs a member up.
pub async fn sign_up_member(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<MemberForm>,
) -> PageResult {
    let a = service::get(&state, id).await?;
    let r = match member_of_form(&state, &a, &f).await {
        Ok(m) => signup::sign_up(&state, &p, id, Some(m)).await.map(|r| placed_message(&r)),
        Err(e) => Err(e),
    };
    after(&state, &p, id, r).await
}

/// An officer cancels a member's sign-up.
pub async fn cancel_member(
    State(state): State<AppState>,
    p: Principal,
    Path((id, member_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let r = signup::cancel(&state, &p, id, Some(member_id)).await.map(|promoted| match promoted {
        Some(_) => "已取消该会员的报名，候补第一位已转为正式报名".to_owned(),
        None => "已取消该会员的报名".to_owned(),
    });
    after(&state, &p, id, r).await
}

/// An officer checks a member in from the list.
pub async fn check_in_member(
    State(state): State<AppState>,
    p: Principal,
    Path((id, member_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let r = checkin::check_in(&state, &p, id, None, Some(member_id)).await.map(|k| {
        if k.walk_in {
            "已签到（现场参加，未获正式名额）".to_owned()
        } else {
            "已签到".to_owned()
        }
    });
    after(&state, &p, id, r).await
}

#[derive(Deserialize, Default)]
pub struct CallOffForm {
    #[serde(default)]
    pub reason: String,
}

/// 取消活动
pub async fn call_off(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<CallOffForm>,
) -> PageResult {
    let r = service::call_off(&state, &p, id, &f.reason).await.map(|_| "活动已取消".to_owned());
    after(&state, &p, id, r).await
}

// ---------------------------------------------------------------------------
// The QR code and the member's check-in from it

/// The link the QR code carries: absolute, from the host the officer's
/// browser used (the app has no configured base URL).
fn checkin_link(headers: &HeaderMap, secure: bool, a: &Activity) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1:8080");
    let scheme = if secure { "https" } else { "http" };
    format!("{scheme}://{host}/activities/{}/checkin?code={}", a.id, a.checkin_code)
}

#[derive(Template)]
#[template(path = "activity/qr.html")]
struct QrPage {
    layout: Layout,
    a: Activity,
    link: String,
    svg: String,
}

/// 签到二维码 (officers; printable).
pub async fn qr(
    State(state): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    Path(id): Path<Uuid>,
) -> PageResult {
    let a = service::get(&state, id).await?;
    let (layout, _) = layout(&state, &p, a.union_id, "签到二维码").await?;
    let layout =
        layout.crumb(a.title.clone(), show_url(a.id)).crumb("签到二维码", format!("{}/qr", show_url(a.id)));
    let link = checkin_link(&headers, state.config.secure_cookies, &a);
    let code = qrcode::QrCode::new(link.as_bytes()).map_err(|_| AppError::code(ErrorCode::Internal))?;
    let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(280, 280).build();
    Ok(render(&QrPage { layout, a, link, svg }))
}

#[derive(Deserialize)]
pub struct CodeQuery {
    #[serde(default)]
    pub code: String,
}

#[derive(Template)]
#[template(path = "activity/checkin.html")]
struct CheckinPage {
    layout: Layout,
    a: Activity,
    code: String,
    done: bool,
    errors: FormErrors,
}

/// The page the QR code opens: a button that checks the member in (a GET
/// changes nothing).
pub async fn checkin_form(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    Query(q): Query<CodeQuery>,
) -> PageResult {
    let a = service::get(&state, id).await?;
    let (layout, _) = layout(&state, &p, a.union_id, "扫码签到").await?;
    let done = signup::mine(&state, &p, &a).await?.is_some_and(|m| m.checked_in);
    Ok(render(&CheckinPage { layout, a, code: q.code, done, errors: FormErrors::default() }))
}

/// Checks the signed-in member in with the code.
pub async fn checkin_submit(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<CodeQuery>,
) -> PageResult {
    match checkin::check_in(&state, &p, id, Some(&f.code), None).await {
        Ok(_) => Ok(redirect_with_flash(&state, &p, &show_url(id), "签到成功").await),
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => {
            let a = service::get(&state, id).await?;
            let (layout, _) = layout(&state, &p, a.union_id, "扫码签到").await?;
            let status = e.status();
            let page =
                CheckinPage { layout, a, code: f.code, done: false, errors: FormErrors::from_error(&e) };
            Ok(render_status(status, &page))
        }
    }
}

// ---------------------------------------------------------------------------
// Participation

#[derive(Template)]
#[template(path = "activity/participation.html")]
struct ParticipationPage {
    layout: Layout,
    union_id: Uuid,
    y: YearParticipation,
}

#[derive(Deserialize)]
pub struct YearQuery {
    pub year: Option<i32>,
}

/// 参与面 of a year.
pub async fn participation_page(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let year = q.year.unwrap_or_else(participation::this_year);
    let y = participation::for_year(&state, &p, union_id, year).await?;
    let (layout, _) = layout(&state, &p, union_id, "参与面").await?;
    let layout = layout.crumb(format!("{year}年参与面"), format!("/unions/{union_id}/participation"));
    Ok(render(&ParticipationPage { layout, union_id, y }))
}
