//! The democracy pages: the congress home, a term's delegates, a session
//! with its live quorum and check-in, new ballots, and the ballot page —
//! which is the voting page on a phone, then the published result. Each
//! handler parses its form, calls the same service as the API and renders.

use domain::UnionId;
use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::ErrorCode;
use domain::auth::Perm;
use domain::democracy::ballot::{BallotKind, Choice, Mode, Purpose, Rating, VoteInput};
use domain::democracy::congress::CongressForm;
use domain::democracy::outcome::Outcome;
use domain::democracy::receipt;
use domain::time::{fmt_date, fmt_datetime, parse_date};
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Query};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use crate::kit::member_choices;
use app::AppState;
use app::auth::Principal;
use app::democracy::congress::{self, DelegateInput, Quorum};
use app::democracy::service::{self, BallotInput, TallyView, status_label};
use app::error::AppError;
use app::org::load_union;

fn base(union_id: Uuid) -> String {
    format!("/unions/{union_id}/congress")
}

async fn union_layout(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    title: &str,
    here: Option<String>,
) -> Result<(Layout, bool, store::org::Org), AppError> {
    let mut tx = state.db.read().await?;
    let union = load_union(&mut tx, union_id).await?;
    drop(tx);
    let manage = p.can(Perm::CongressManage, Some(&union.path));
    let mut layout = Layout::new(state, p, "democracy", title)
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("民主管理", base(union_id));
    if let Some(href) = here {
        layout = layout.crumb(title, href);
    }
    Ok((layout, manage, union))
}

fn check(b: bool) -> &'static str {
    if b { "✓" } else { "" }
}

fn gender_label(g: &Option<String>) -> &'static str {
    match g.as_deref() {
        Some("male") => "男",
        Some("female") => "女",
        _ => "",
    }
}

pub struct BallotRow {
    pub id: Uuid,
    pub title: String,
    pub kind: &'static str,
    pub mode: &'static str,
    pub status: String,
    pub status_label: &'static str,
    pub round: i64,
    pub created: String,
}

fn ballot_row(b: &store::democracy::Ballot) -> BallotRow {
    BallotRow {
        id: b.id,
        title: b.title.clone(),
        kind: BallotKind::parse(&b.kind).map_or("", |k| k.label()),
        mode: Mode::parse(&b.mode).map_or("", |m| m.label()),
        status: b.status.clone(),
        status_label: status_label(&b.status),
        round: b.round,
        created: fmt_date(domain::time::today(b.created_at)),
    }
}

// --- Home ---------------------------------------------------------------------

pub struct TermRow {
    pub id: Uuid,
    pub number: i64,
    pub form: &'static str,
    pub span: String,
}

pub struct SessionRow {
    pub id: Uuid,
    pub title: String,
    pub meets_on: String,
    pub place: String,
    pub warning: Option<String>,
}

#[derive(Template)]
#[template(path = "democracy/home.html")]
struct HomePage {
    layout: Layout,
    union_id: Uuid,
    manage: bool,
    form_label: &'static str,
    terms: Vec<TermRow>,
    current: Option<(Uuid, String, usize, Vec<String>)>,
    sessions: Vec<SessionRow>,
    ballots: Vec<BallotRow>,
    term_form: TermForm,
    session_form: SessionForm,
    errors: FormErrors,
    error_form: &'static str,
}

#[derive(Deserialize, Default, Clone)]
pub struct TermForm {
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub years: String,
    #[serde(default)]
    pub form: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct SessionForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub meets_on: String,
    #[serde(default)]
    pub place: String,
}

enum Typed {
    None,
    Term(TermForm, FormErrors),
    Session(SessionForm, FormErrors),
}

async fn home_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    typed: Typed,
    status: StatusCode,
) -> PageResult {
    let (layout, manage, _) = union_layout(state, p, union_id, "民主管理", None).await?;
    let o = congress::overview(state, union_id).await?;
    let terms = o
        .terms
        .iter()
        .map(|t| TermRow {
            id: t.id,
            number: t.number,
            form: CongressForm::parse(&t.form).map_or("", |f| f.label()),
            span: format!("{}至{}", fmt_date(t.starts_on), fmt_date(t.ends_on)),
        })
        .collect();
    let current = o.current.as_ref().map(|v| {
        (v.term.id, format!("第{}届{}", v.term.number, v.form.label()), v.delegates.len(), v.warnings.clone())
    });
    let sessions = o
        .sessions
        .iter()
        .map(|(s, w)| SessionRow {
            id: s.id,
            title: s.title.clone(),
            meets_on: fmt_date(s.meets_on),
            place: s.place.clone().unwrap_or_default(),
            warning: w.clone(),
        })
        .collect();
    let (term_form, session_form, errors, error_form) = match typed {
        Typed::None => (
            TermForm { years: "5".into(), starts_on: congress::today().to_string(), ..Default::default() },
            SessionForm::default(),
            FormErrors::default(),
            "",
        ),
        Typed::Term(f, e) => (f, SessionForm::default(), e, "term"),
        Typed::Session(f, e) => (TermForm { years: "5".into(), ..Default::default() }, f, e, "session"),
    };
    Ok(render_status(
        status,
        &HomePage {
            layout,
            union_id,
            manage,
            form_label: o.form.label(),
            terms,
            current,
            sessions,
            ballots: o.ballots.iter().map(ballot_row).collect(),
            term_form,
            session_form,
            errors,
            error_form,
        },
    ))
}

pub async fn home(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    home_page(&state, &p, union_id, Typed::None, StatusCode::OK).await
}

pub async fn create_term(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<TermForm>,
) -> PageResult {
    let starts = if f.starts_on.trim().is_empty() { None } else { parse_date(&f.starts_on) };
    let result = if !f.starts_on.trim().is_empty() && starts.is_none() {
        Err(AppError::field(ErrorCode::InvalidDate, "starts_on", "起始日期不正确，应为2026-01-01"))
    } else {
        let years = f.years.trim().parse().unwrap_or(0);
        congress::create_term(&state, &p, union_id, starts, years, Some(&f.form)).await
    };
    match result {
        Ok(t) => {
            let msg = format!("已新建第{}届，请登记代表", t.number);
            Ok(redirect_with_flash(&state, &p, &format!("{}/terms/{}", base(union_id), t.id), &msg).await)
        }
        Err(e) if e.0.field.is_none() && e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            let s = e.status();
            home_page(&state, &p, union_id, Typed::Term(f, FormErrors::from_error(&e)), s).await
        }
    }
}

pub async fn create_session(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<SessionForm>,
) -> PageResult {
    let result = match parse_date(&f.meets_on) {
        None => Err(AppError::field(ErrorCode::InvalidDate, "meets_on", "请填写开会日期，如2026-12-10")),
        Some(d) => {
            congress::create_session(&state, &p, union_id, None, Some(&f.title), d, Some(&f.place)).await
        }
    };
    match result {
        Ok(s) => {
            let to = format!("{}/sessions/{}", base(union_id), s.id);
            Ok(redirect_with_flash(&state, &p, &to, &format!("已筹备{}", s.title)).await)
        }
        Err(e) => {
            let s = e.status();
            home_page(&state, &p, union_id, Typed::Session(f, FormErrors::from_error(&e)), s).await
        }
    }
}

// --- Term: delegates ------------------------------------------------------------

pub struct DelegateRow {
    pub id: Uuid,
    pub name: String,
    pub gender: &'static str,
    pub manager: &'static str,
    pub frontline: &'static str,
    pub presidium: &'static str,
    pub account: &'static str,
}

fn delegate_row(d: &store::democracy::Delegate) -> DelegateRow {
    DelegateRow {
        id: d.id,
        name: d.name.clone(),
        gender: gender_label(&d.gender),
        manager: check(d.manager),
        frontline: check(d.frontline),
        presidium: check(d.presidium),
        account: if d.user_id.is_some() { "已关联" } else { "未关联" },
    }
}

#[derive(Template)]
#[template(path = "democracy/term.html")]
struct TermPage {
    layout: Layout,
    union_id: Uuid,
    term_id: Uuid,
    manage: bool,
    heading: String,
    delegates: Vec<DelegateRow>,
    composition: Vec<(&'static str, String)>,
    warnings: Vec<String>,
    members: Option<Vec<(String, String)>>,
    accounts: Vec<(String, String)>,
    form: DelegateForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default, Clone)]
pub struct DelegateForm {
    #[serde(default)]
    pub member_id: String,
    #[serde(default)]
    pub user_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub gender: String,
    #[serde(default)]
    pub manager: Option<String>,
    #[serde(default)]
    pub frontline: Option<String>,
    #[serde(default)]
    pub presidium: Option<String>,
}

async fn term_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    term_id: Uuid,
    typed: Option<(DelegateForm, FormErrors, StatusCode)>,
) -> PageResult {
    let v = congress::term_view(state, union_id, term_id).await?;
    let heading = format!("第{}届{}代表", v.term.number, v.form.label());
    let (layout, manage, union) =
        union_layout(state, p, union_id, &heading, Some(format!("{}/terms/{term_id}", base(union_id))))
            .await?;
    let c = &v.composition;
    let pct = domain::democracy::outcome::pct;
    let composition = vec![
        ("代表总数", c.delegates.to_string()),
        ("中层以上管理人员", format!("{}人（{}）", c.managers, pct(c.managers, c.delegates))),
        ("女职工代表", format!("{}人（{}）", c.women, pct(c.women, c.delegates))),
        ("职工中女职工比例", format!("{}（{}/{}）", pct(c.staff_women, c.staff), c.staff_women, c.staff)),
        ("主席团成员", format!("{}人，其中一线职工{}人", c.presidium, c.presidium_frontline)),
    ];
    let (members, accounts) = if manage {
        let mut tx = state.db.read().await?;
        let accounts = store::democracy::union_accounts(&mut tx, &union.path)
            .await?
            .into_iter()
            .map(|(id, u, d)| (id.to_string(), format!("{d}（{u}）")))
            .collect();
        drop(tx);
        (member_choices(state, union_id).await?, accounts)
    } else {
        (None, Vec::new())
    };
    let (form, errors, status) =
        typed.unwrap_or_else(|| (DelegateForm::default(), FormErrors::default(), StatusCode::OK));
    Ok(render_status(
        status,
        &TermPage {
            layout,
            union_id,
            term_id,
            manage,
            heading,
            delegates: v.delegates.iter().map(delegate_row).collect(),
            composition,
            warnings: v.warnings,
            members,
            accounts,
            form,
            errors,
        },
    ))
}

pub async fn term(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, term_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    term_page(&state, &p, union_id, term_id, None).await
}

fn opt_id(s: &str) -> Option<Uuid> {
    Uuid::parse_str(s.trim()).ok()
}

pub async fn add_delegate(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, term_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<DelegateForm>,
) -> PageResult {
    let input = DelegateInput {
        member_id: opt_id(&f.member_id),
        user_id: opt_id(&f.user_id),
        name: Some(f.name.clone()),
        gender: Some(f.gender.clone()),
        manager: f.manager.is_some(),
        frontline: f.frontline.is_some(),
        presidium: f.presidium.is_some(),
    };
    match congress::add_delegate(&state, &p, union_id, term_id, &input).await {
        Ok(d) => {
            let to = format!("{}/terms/{term_id}", base(union_id));
            Ok(redirect_with_flash(&state, &p, &to, &format!("已登记代表{}", d.name)).await)
        }
        Err(e) if e.0.field.is_none() && e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            let s = e.status();
            term_page(&state, &p, union_id, term_id, Some((f, FormErrors::from_error(&e), s))).await
        }
    }
}

// --- Session ------------------------------------------------------------------

pub struct AgendaRow {
    pub position: i64,
    pub title: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "democracy/session.html")]
struct SessionPage {
    layout: Layout,
    union_id: Uuid,
    session_id: Uuid,
    manage: bool,
    title: String,
    meets_on: String,
    place: String,
    papers_sent_on: Option<String>,
    papers_warning: Option<String>,
    term_link: String,
    agenda: Vec<AgendaRow>,
    delegates: Vec<(DelegateRow, bool)>,
    quorum: Quorum,
    ballots: Vec<BallotRow>,
    motion: MotionForm,
    errors: FormErrors,
    today: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct MotionForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub items: String,
    #[serde(default)]
    pub mode: String,
}

async fn session_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    session_id: Uuid,
    typed: Option<(MotionForm, FormErrors, StatusCode)>,
) -> PageResult {
    let v = congress::session_view(state, union_id, session_id).await?;
    let (layout, manage, _) = union_layout(
        state,
        p,
        union_id,
        &v.session.title,
        Some(format!("{}/sessions/{session_id}", base(union_id))),
    )
    .await?;
    let (motion, errors, status) =
        typed.unwrap_or_else(|| (MotionForm::default(), FormErrors::default(), StatusCode::OK));
    Ok(render_status(
        status,
        &SessionPage {
            layout,
            union_id,
            session_id,
            manage,
            title: v.session.title.clone(),
            meets_on: fmt_date(v.session.meets_on),
            place: v.session.place.clone().unwrap_or_default(),
            papers_sent_on: v.session.papers_sent_on.map(fmt_date),
            papers_warning: v.papers_warning.clone(),
            term_link: format!("{}/terms/{}", base(union_id), v.term.id),
            agenda: v
                .agenda
                .iter()
                .map(|a| AgendaRow {
                    position: a.position,
                    title: a.title.clone(),
                    note: a.note.clone().unwrap_or_default(),
                })
                .collect(),
            delegates: v.delegates.iter().map(|(d, h)| (delegate_row(d), *h)).collect(),
            quorum: v.quorum,
            ballots: v.ballots.iter().map(ballot_row).collect(),
            motion,
            errors,
            today: congress::today().to_string(),
        },
    ))
}

pub async fn session(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, session_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    session_page(&state, &p, union_id, session_id, None).await
}

#[derive(Template)]
#[template(path = "democracy/quorum.html")]
struct QuorumFragment {
    union_id: Uuid,
    session_id: Uuid,
    quorum: Quorum,
}

/// The live quorum, polled by the session page.
pub async fn quorum(
    State(state): State<AppState>,
    Path((union_id, session_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let quorum = congress::quorum(&state, union_id, session_id).await?;
    Ok(render(&QuorumFragment { union_id, session_id, quorum }))
}

#[derive(Deserialize, Default)]
pub struct AgendaForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub note: String,
}

pub async fn add_agenda(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, session_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<AgendaForm>,
) -> PageResult {
    let to = format!("{}/sessions/{session_id}", base(union_id));
    let msg = match congress::add_agenda_item(&state, &p, union_id, session_id, &f.title, Some(&f.note)).await
    {
        Ok(a) => format!("已增加议程：{}", a.title),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => format!("议程未增加：{}", e.0.message),
    };
    Ok(redirect_with_flash(&state, &p, &to, &msg).await)
}

#[derive(Deserialize, Default)]
pub struct PapersForm {
    #[serde(default)]
    pub sent_on: String,
}

pub async fn papers_sent(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, session_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<PapersForm>,
) -> PageResult {
    let to = format!("{}/sessions/{session_id}", base(union_id));
    let on = if f.sent_on.trim().is_empty() { None } else { parse_date(&f.sent_on) };
    if !f.sent_on.trim().is_empty() && on.is_none() {
        return Ok(redirect_with_flash(&state, &p, &to, "送达日期不正确，应为2026-12-01").await);
    }
    let msg = match congress::papers_sent(&state, &p, union_id, session_id, on).await {
        Ok(None) => "已登记会议材料送达".to_owned(),
        Ok(Some(w)) => format!("已登记会议材料送达。注意：{w}"),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => format!("未登记：{}", e.0.message),
    };
    Ok(redirect_with_flash(&state, &p, &to, &msg).await)
}

#[derive(Deserialize, Default)]
pub struct CheckinForm {
    #[serde(default)]
    pub delegate_id: String,
}

pub async fn check_in(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, session_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<CheckinForm>,
) -> PageResult {
    let to = format!("{}/sessions/{session_id}#checkin", base(union_id));
    let Some(d) = opt_id(&f.delegate_id) else {
        return Ok(redirect_with_flash(&state, &p, &to, "请选择签到的代表").await);
    };
    let msg = match congress::check_in(&state, &p, union_id, session_id, d).await {
        Ok(q) => format!(
            "已签到。到会{}人，应到{}人，法定人数{}人{}",
            q.present,
            q.delegates,
            q.needed,
            if q.met { "，已达法定人数" } else { "" }
        ),
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => return Err(e.into()),
        Err(e) => format!("未签到：{}", e.0.message),
    };
    Ok(redirect_with_flash(&state, &p, &to, &msg).await)
}

// --- New ballot -----------------------------------------------------------------

#[derive(Template)]
#[template(path = "democracy/ballot_new.html")]
struct NewBallotPage {
    layout: Layout,
    union_id: Uuid,
    form: BallotForm,
    errors: FormErrors,
    kinds: Vec<(String, String)>,
    purposes: Vec<(String, String)>,
    sessions: Vec<(String, String)>,
    accounts: usize,
}

#[derive(Deserialize, Default, Clone)]
pub struct BallotForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub mode: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub items: String,
    #[serde(default)]
    pub seats: String,
    #[serde(default)]
    pub write_in: Option<String>,
    /// `session:<id>` or `union`.
    #[serde(default)]
    pub voters: String,
    #[serde(default)]
    pub entitled: String,
}

async fn new_ballot_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    form: BallotForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let (layout, _, union) =
        union_layout(state, p, union_id, "发起投票", Some(format!("/unions/{union_id}/ballots/new"))).await?;
    let mut tx = state.db.read().await?;
    let sessions = store::democracy::sessions(&mut tx, UnionId(union_id))
        .await?
        .into_iter()
        .map(|s| (format!("session:{}", s.id), format!("{}（{}）全体代表", s.title, fmt_date(s.meets_on))))
        .collect();
    let accounts = store::democracy::union_accounts(&mut tx, &union.path).await?.len();
    drop(tx);
    Ok(render_status(
        status,
        &NewBallotPage {
            layout,
            union_id,
            form,
            errors,
            kinds: BallotKind::ALL.iter().map(|k| (k.as_str().to_owned(), k.label().to_owned())).collect(),
            purposes: Purpose::ALL.iter().map(|k| (k.as_str().to_owned(), k.label().to_owned())).collect(),
            sessions,
            accounts,
        },
    ))
}

#[derive(Deserialize, Default)]
pub struct NewBallotQuery {
    pub kind: Option<String>,
    pub purpose: Option<String>,
}

pub async fn new_ballot(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<NewBallotQuery>,
) -> PageResult {
    let kind = q.kind.filter(|k| BallotKind::parse(k).is_some()).unwrap_or_else(|| "motion".into());
    let purpose = q.purpose.filter(|k| Purpose::parse(k).is_some()).unwrap_or_else(|| "general".into());
    let title = match Purpose::parse(&purpose) {
        Some(p) if p != Purpose::General => format!("{}选举", p.label()),
        _ => String::new(),
    };
    let form = BallotForm {
        kind,
        purpose,
        title,
        mode: "electronic".into(),
        voters: "union".into(),
        write_in: Some("on".into()),
        ..Default::default()
    };
    new_ballot_page(&state, &p, union_id, form, FormErrors::default(), StatusCode::OK).await
}

fn lines(s: &str) -> Vec<String> {
    s.lines().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect()
}

async fn ballot_input(state: &AppState, union_id: Uuid, f: &BallotForm) -> Result<BallotInput, AppError> {
    let mut input = BallotInput {
        kind: f.kind.clone(),
        title: f.title.clone(),
        purpose: Some(f.purpose.clone()),
        mode: Some(f.mode.clone()),
        items: lines(&f.items),
        write_in: Some(f.write_in.is_some()),
        ..Default::default()
    };
    if !f.seats.trim().is_empty() {
        input.seats = Some(
            f.seats
                .trim()
                .parse()
                .map_err(|_| AppError::field(ErrorCode::InvalidValue, "seats", "应选人数应为整数"))?,
        );
    }
    match f.voters.trim().strip_prefix("session:") {
        Some(id) => {
            input.session_id = Some(
                opt_id(id).ok_or_else(|| AppError::field(ErrorCode::NotFound, "voters", "所选会议不存在"))?,
            )
        }
        None if f.mode == "paper" => {
            input.entitled =
                Some(f.entitled.trim().parse().map_err(|_| {
                    AppError::field(ErrorCode::Required, "entitled", "纸质投票请填写应到人数")
                })?);
        }
        None => {
            let mut tx = state.db.read().await?;
            let union = load_union(&mut tx, union_id).await?;
            input.voter_user_ids = store::democracy::union_accounts(&mut tx, &union.path)
                .await?
                .into_iter()
                .map(|(id, _, _)| id)
                .collect();
        }
    }
    Ok(input)
}

pub async fn create_ballot(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<BallotForm>,
) -> PageResult {
    let result = match ballot_input(&state, union_id, &f).await {
        Ok(input) => service::create(&state, &p, union_id, &input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(b) => {
            Ok(redirect_with_flash(&state, &p, &format!("/ballots/{}", b.id), "投票已建立，尚未开始").await)
        }
        Err(e) => {
            let s = e.status();
            // The check names candidates / cadres; the form has one box.
            let mut errors = FormErrors::from_error(&e);
            for (field, _) in &mut errors.items {
                if field.starts_with("items")
                    || field.starts_with("candidates")
                    || field.starts_with("cadres")
                {
                    *field = "items".into();
                } else if field.starts_with("voter_user_ids") || field == "session_id" {
                    *field = "voters".into();
                }
            }
            new_ballot_page(&state, &p, union_id, f, errors, s).await
        }
    }
}

/// A motion of the session, from the session page.
pub async fn session_motion(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    session_id: Uuid,
    f: MotionForm,
) -> PageResult {
    let input = BallotInput {
        kind: "motion".into(),
        title: f.title.clone(),
        mode: Some(if f.mode == "paper" { "paper".into() } else { "electronic".into() }),
        session_id: Some(session_id),
        items: lines(&f.items),
        ..Default::default()
    };
    match service::create(state, p, union_id, &input).await {
        Ok(_) => {
            let to = format!("{}/sessions/{session_id}#ballots", base(union_id));
            Ok(redirect_with_flash(
                state,
                p,
                &to,
                &format!("已发起表决“{}”，到会达法定人数后可开始投票", f.title.trim()),
            )
            .await)
        }
        Err(e) => {
            let s = e.status();
            session_page(state, p, union_id, session_id, Some((f, FormErrors::from_error(&e), s))).await
        }
    }
}

// --- The ballot page -------------------------------------------------------------

pub struct ResultRow {
    pub name: String,
    pub write_in: bool,
    pub cells: Vec<String>,
    pub decided: &'static str,
    pub good: bool,
}

pub struct PaperRow {
    pub receipt: String,
    pub marks: String,
}

pub struct Item {
    pub index: usize,
    pub name: String,
}

#[derive(Template)]
#[template(path = "democracy/ballot.html")]
struct BallotPage {
    layout: Layout,
    id: Uuid,
    title: String,
    kind: String,
    kind_label: &'static str,
    mode_label: &'static str,
    paper: bool,
    purpose: String,
    round: i64,
    status: String,
    status_label: &'static str,
    entitled: i64,
    present: Option<i64>,
    cast: i64,
    voter: bool,
    voted: bool,
    manage: bool,
    items: Vec<Item>,
    seats: u32,
    write_in: bool,
    choices: Vec<(&'static str, &'static str)>,
    ratings: Vec<(&'static str, &'static str)>,
    /// The receipt of the vote just cast (shown once, never stored with the
    /// voter).
    receipt: Option<String>,
    message: Option<String>,
    columns: Vec<&'static str>,
    results: Vec<ResultRow>,
    summary: Vec<String>,
    further: bool,
    papers: Vec<PaperRow>,
    lookup_code: String,
    lookup: Option<Result<PaperRow, String>>,
    session_link: Option<String>,
    count_rows: Vec<(usize, String)>,
    count_width: usize,
    /// A closed delegate election: the terms its winners may be seated in.
    seat_terms: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
pub struct BallotQuery {
    pub receipt: Option<String>,
}

fn marks_text(kind: BallotKind, marks: &[String]) -> String {
    if marks.is_empty() {
        return "（未选任何人）".into();
    }
    marks.iter().map(|m| service::mark_label(kind, m)).collect::<Vec<_>>().join("、")
}

fn result_rows(o: &Outcome) -> (Vec<ResultRow>, Vec<String>) {
    let rows = o
        .rows
        .iter()
        .map(|r| ResultRow {
            name: r.name.clone(),
            write_in: r.write_in,
            cells: r.counts.iter().zip(&r.rates).map(|(c, rate)| format!("{c}（{rate}）")).collect(),
            decided: match (o.kind, r.decided, r.tied) {
                (BallotKind::Motion, Some(true), _) => "通过",
                (BallotKind::Motion, _, _) => "未通过",
                (BallotKind::Election, Some(true), _) => "当选",
                (BallotKind::Election, _, true) => "票数相同，另行选举",
                (BallotKind::Election, _, _) => "",
                (BallotKind::Appraisal, _, _) => "",
            },
            good: r.decided == Some(true),
        })
        .collect();
    let mut summary = Vec::new();
    match o.kind {
        BallotKind::Motion => summary.push("通过须赞成票超过应到人数的半数（不是投票人数的半数）".to_owned()),
        BallotKind::Election if !o.valid => {
            summary.push(format!("到会{}人，不足应到{}人的三分之二，选举无效", o.present, o.entitled))
        }
        BallotKind::Election => {
            summary.push(format!("应选{}名，当选须得票超过应到人数的半数", o.seats));
            if o.unfilled > 0 {
                summary.push(format!("尚缺{}名，另行选举", o.unfilled));
            }
        }
        BallotKind::Appraisal => summary.push("比例按有效票计".to_owned()),
    }
    (rows, summary)
}

async fn ballot_page(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    receipt: Option<String>,
    message: Option<String>,
    lookup_code: Option<String>,
    status: StatusCode,
) -> PageResult {
    let t: TallyView = service::tally(state, p, id).await?;
    let a = &t.access;
    let b = &a.ballot;
    let kind = t.spec.kind;
    let mut layout = Layout::new(state, p, "democracy", &b.title).await;
    if a.can_view {
        let mut tx = state.db.read().await?;
        if let Some(u) = store::org::get(&mut tx, b.union_id).await? {
            layout = layout.crumb(u.name, format!("/orgs/{}", u.id)).crumb("民主管理", base(b.union_id));
        }
    } else {
        layout = layout.crumb("我的投票", "/me/ballots");
    }
    let layout = layout.crumb(b.title.clone(), format!("/ballots/{id}"));
    let (results, summary) = t.outcome.as_ref().map(result_rows).unwrap_or_default();
    let further = kind == BallotKind::Election
        && t.outcome.as_ref().is_some_and(|o| domain::democracy::outcome::further_round(o).is_some());
    let papers =
        t.papers.iter().map(|(r, m)| PaperRow { receipt: r.clone(), marks: marks_text(kind, m) }).collect();
    let lookup = match lookup_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        None => None,
        Some(code) => Some(match service::find_receipt(state, p, id, code).await {
            Ok((r, m)) => Ok(PaperRow { receipt: r, marks: marks_text(kind, &m) }),
            Err(e) => Err(e.0.message),
        }),
    };
    let count_rows = t.spec.items.iter().cloned().enumerate().collect();
    let seat_terms = if a.can_manage && b.status == "closed" && b.purpose == Purpose::Delegates.as_str() {
        let mut tx = state.db.read().await?;
        store::democracy::terms(&mut tx, UnionId(b.union_id))
            .await?
            .into_iter()
            .map(|t| (t.id.to_string(), format!("第{}届", t.number)))
            .collect()
    } else {
        Vec::new()
    };
    Ok(render_status(
        status,
        &BallotPage {
            layout,
            id,
            title: b.title.clone(),
            kind: kind.as_str().to_owned(),
            kind_label: kind.label(),
            mode_label: service::mode_of(b).label(),
            paper: service::mode_of(b) == Mode::Paper,
            purpose: Purpose::parse(&b.purpose)
                .filter(|p| *p != Purpose::General)
                .map(|p| p.label().to_owned())
                .unwrap_or_default(),
            round: b.round,
            status: b.status.clone(),
            status_label: status_label(&b.status),
            entitled: b.entitled,
            present: b.present,
            cast: t.cast,
            voter: a.voter,
            voted: a.voted || receipt.is_some(),
            manage: a.can_manage,
            items: t
                .spec
                .items
                .iter()
                .enumerate()
                .map(|(index, name)| Item { index, name: name.clone() })
                .collect(),
            seats: t.spec.seats,
            write_in: t.spec.write_in,
            choices: Choice::ALL.iter().map(|c| (c.as_str(), c.label())).collect(),
            ratings: Rating::ALL.iter().map(|r| (r.as_str(), r.label())).collect(),
            receipt,
            message,
            columns: domain::democracy::ballot::columns(kind),
            results,
            summary,
            further,
            papers,
            lookup_code: lookup_code.unwrap_or_default(),
            lookup,
            session_link: b.session_id.map(|s| format!("{}/sessions/{s}", base(b.union_id))),
            count_rows,
            count_width: domain::democracy::ballot::columns(kind).len(),
            seat_terms,
        },
    ))
}

pub async fn ballot(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    Query(q): Query<BallotQuery>,
) -> PageResult {
    ballot_page(&state, &p, id, None, None, q.receipt, StatusCode::OK).await
}

/// Casts a vote from the page's form. The receipt is shown in this
/// response only: it is not put in the session (which would tie it to the
/// voter in the database).
pub async fn vote(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let all = |k: &str| pairs.iter().filter(|(n, _)| n == k).map(|(_, v)| v.clone()).collect::<Vec<_>>();
    let mut input =
        VoteInput { candidates: all("candidate"), write_ins: all("write_in"), ..Default::default() };
    let mut i = 0;
    while let Some(c) = get(&format!("choice_{i}")) {
        input.choices.push(c);
        i += 1;
    }
    let mut i = 0;
    while let Some(r) = get(&format!("rating_{i}")) {
        input.ratings.push(r);
        i += 1;
    }
    // An unanswered item is a missing field, not a shorter paper.
    let n_items = pairs.iter().filter(|(n, _)| n == "items").count();
    if n_items > 0 {
        let n: usize = get("items").and_then(|v| v.parse().ok()).unwrap_or(0);
        let got = input.choices.len().max(input.ratings.len());
        if (get("kind").as_deref() == Some("motion") || get("kind").as_deref() == Some("appraisal"))
            && got < n
        {
            let what = if get("kind").as_deref() == Some("motion") { "表决" } else { "评议" };
            let msg = format!("第{}项尚未{what}，请逐项选择后再提交", got + 1);
            return ballot_page(&state, &p, id, None, Some(msg), None, StatusCode::UNPROCESSABLE_ENTITY)
                .await;
        }
    }
    match service::vote(&state, &p, id, || Ok(input)).await {
        Ok(code) => {
            ballot_page(&state, &p, id, Some(receipt::display(&code)), None, None, StatusCode::OK).await
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            let s = e.status();
            ballot_page(&state, &p, id, None, Some(e.0.message), None, s).await
        }
    }
}

async fn back_to(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    pairs: &[(String, String)],
    msg: &str,
) -> Response {
    let back = pairs
        .iter()
        .find(|(k, _)| k == "back")
        .map(|(_, v)| v.clone())
        .filter(|v| v.starts_with("/unions/") || v.starts_with("/ballots/"))
        .unwrap_or_else(|| format!("/ballots/{id}"));
    redirect_with_flash(state, p, &back, msg).await
}

pub async fn open(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let msg = match service::open(&state, &p, id).await {
        Ok(b) => format!("“{}”开始投票", b.title),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => format!("未能开始投票：{}", e.0.message),
    };
    Ok(back_to(&state, &p, id, &pairs, &msg).await)
}

pub async fn close(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let msg = match service::close(&state, &p, id).await {
        Ok(b) if b.status == "closed" => format!("“{}”投票结束，已计票并公布全部选票", b.title),
        Ok(b) => format!("“{}”投票结束，请两人分别录入纸质选票的计票结果", b.title),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => format!("未能结束投票：{}", e.0.message),
    };
    Ok(back_to(&state, &p, id, &pairs, &msg).await)
}

pub async fn next_round(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    match service::next_round(&state, &p, id).await {
        Ok(b) => Ok(redirect_with_flash(
            &state,
            &p,
            &format!("/ballots/{}", b.id),
            &format!("已发起第{}轮选举", b.round),
        )
        .await),
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => Ok(redirect_with_flash(
            &state,
            &p,
            &format!("/ballots/{id}"),
            &format!("未能另行选举：{}", e.0.message),
        )
        .await),
    }
}

/// Present, cast, invalid and the rows, as typed on the counts form.
type PaperCounts = (i64, u64, u64, Vec<(String, Vec<u64>)>);

/// Paper counts from the page: `present`, `cast`, `invalid`, `c_{row}_{col}`
/// for each item, and up to three write-ins `w_name_{k}` / `w_votes_{k}`.
pub async fn enter_counts(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let get =
        |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
    let num = |k: &str| -> Result<u64, String> {
        let v = get(k);
        if v.is_empty() {
            return Ok(0);
        }
        v.parse().map_err(|_| format!("“{v}”不是票数"))
    };
    let parsed = (|| -> Result<PaperCounts, String> {
        let mut tx_rows = Vec::new();
        let mut r = 0;
        while pairs.iter().any(|(n, _)| n == &format!("name_{r}")) {
            let width: usize = get("width").parse().unwrap_or(1);
            let counts = (0..width).map(|c| num(&format!("c_{r}_{c}"))).collect::<Result<Vec<_>, _>>()?;
            tx_rows.push((get(&format!("name_{r}")), counts));
            r += 1;
        }
        for k in 0..3 {
            let name = get(&format!("w_name_{k}"));
            if !name.is_empty() {
                tx_rows.push((name, vec![num(&format!("w_votes_{k}"))?]));
            }
        }
        let present: i64 = get("present").parse().map_err(|_| "请填写实到人数".to_owned())?;
        Ok((present, num("cast")?, num("invalid")?, tx_rows))
    })();
    let msg = match parsed {
        Err(m) => format!("未录入：{m}"),
        Ok((present, cast, invalid, rows)) => {
            let counts = super::api::counts_of(&state, &p, id, cast, invalid, rows).await?;
            match service::enter_counts(&state, &p, id, present, &counts).await {
                Ok(o) if o.accepted => "两人录入一致，计票结果已确认".to_owned(),
                Ok(o) if !o.differences.is_empty() => {
                    format!(
                        "已录入（第{}次），与另一人录入不一致：{}。请核对纸质选票后重新录入",
                        o.entry,
                        o.differences.join("；")
                    )
                }
                Ok(o) => format!("已录入（第{}次），须由另一人再录入一次，两次一致后结果确认", o.entry),
                Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
                Err(e) => format!("未录入：{}", e.0.message),
            }
        }
    };
    Ok(redirect_with_flash(&state, &p, &format!("/ballots/{id}"), &msg).await)
}

#[derive(Template)]
#[template(path = "democracy/minutes.html")]
struct MinutesPage {
    layout: Layout,
    id: Uuid,
    text: String,
}

/// The printable decision (决议) of a closed ballot.
pub async fn minutes(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let t = service::tally(&state, &p, id).await?;
    let Some(text) = t.minutes.clone() else {
        return Err(AppError::field(ErrorCode::BallotState, "status", "投票结束并计票后才有决议").into());
    };
    let b = &t.access.ballot;
    let layout = Layout::new(&state, &p, "democracy", "决议")
        .await
        .crumb(b.title.clone(), format!("/ballots/{id}"))
        .crumb("决议", format!("/ballots/{id}/minutes"));
    Ok(render(&MinutesPage { layout, id, text }))
}

pub struct MyRow {
    pub id: Uuid,
    pub title: String,
    pub kind: &'static str,
    pub status: String,
    pub status_label: &'static str,
    pub voted: bool,
    pub at: String,
}

#[derive(Template)]
#[template(path = "democracy/mine.html")]
struct MinePage {
    layout: Layout,
    rows: Vec<MyRow>,
}

pub async fn my_ballots(State(state): State<AppState>, p: Principal) -> PageResult {
    let rows = service::mine(&state, &p)
        .await?
        .into_iter()
        .map(|(b, voted)| MyRow {
            id: b.id,
            kind: BallotKind::parse(&b.kind).map_or("", |k| k.label()),
            status_label: status_label(&b.status),
            status: b.status.clone(),
            voted,
            at: b.opened_at.map(fmt_datetime).unwrap_or_default(),
            title: b.title,
        })
        .collect();
    let layout = Layout::new(&state, &p, "democracy", "我的投票").await.crumb("我的投票", "/me/ballots");
    Ok(render(&MinePage { layout, rows }))
}

/// The session page's motion form posts here (same URL as creating any
/// ballot of the union would be ambiguous): `/unions/{u}/congress/sessions/{s}/motions`.
pub async fn create_session_motion(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, session_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<MotionForm>,
) -> PageResult {
    session_motion(&state, &p, union_id, session_id, f).await
}

/// Seats the winners of a delegate election in the chosen term.
pub async fn seat_elected(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let term = pairs.iter().find(|(k, _)| k == "term_id").and_then(|(_, v)| opt_id(v));
    let msg = match term {
        None => "请选择届次".to_owned(),
        Some(t) => match congress::seat_elected(&state, &p, id, t).await {
            Ok(added) if added.is_empty() => "当选人均已是该届代表".to_owned(),
            Ok(added) => format!(
                "已将{}人登记为代表：{}",
                added.len(),
                added.iter().map(|d| d.name.as_str()).collect::<Vec<_>>().join("、")
            ),
            Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => return Err(e.into()),
            Err(e) => format!("未登记：{}", e.0.message),
        },
    };
    Ok(redirect_with_flash(&state, &p, &format!("/ballots/{id}"), &msg).await)
}
