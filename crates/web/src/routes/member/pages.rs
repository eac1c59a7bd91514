//! The roster pages.

use crate::extract::Path;
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::ErrorCode;
use domain::auth::Perm;
use domain::member::{Column, DocType, Gender, MemberStatus, check_status_change};
use domain::time::{fmt_date, fmt_datetime, parse_date};
use serde::Deserialize;
use uuid::Uuid;

use super::api::{ListQuery, upload, xlsx};
use super::export;
use crate::auth::guard::{CSRF_COOKIE, MaybePrincipal};
use crate::cookies;
use crate::extract::{PageForm, Query};
use crate::pages::{FormErrors, Layout, PageResult, Pager, redirect_with_flash, render, render_status};
use app::AppState;
use app::audit::service::Actor;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::member::import::{self, JobState};
use app::member::roster::{self, Roster};
use app::member::service;
use app::member::{HistoryEntry, Member};

fn base(union_id: Uuid) -> String {
    format!("/unions/{union_id}/members")
}

pub(super) async fn union_layout(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    title: &str,
) -> AppResult<Layout> {
    let union = app::org::union(state, union_id).await?;
    Ok(Layout::new(state, p, "member", title)
        .await
        .crumb(union.name, format!("/orgs/{union_id}"))
        .crumb("会员花名册", base(union_id)))
}

fn status_label(s: &str) -> &'static str {
    MemberStatus::parse(s).map(|s| s.label()).unwrap_or("")
}

fn gender_label(g: &Option<String>) -> &'static str {
    g.as_deref().and_then(Gender::parse).map(|g| g.label()).unwrap_or("")
}

pub struct Row {
    pub id: Uuid,
    pub card: String,
    pub name: String,
    pub gender: &'static str,
    pub id_masked: String,
    pub mobile: String,
    pub group: String,
    pub join_date: String,
    pub status: &'static str,
    pub flags: Vec<&'static str>,
}

fn row(m: &Member, groups: &[(Uuid, String)]) -> Row {
    let mut flags = Vec::new();
    if m.model_worker {
        flags.push("劳模");
    }
    if m.hardship {
        flags.push("困难职工");
    }
    if m.dues_review {
        flags.push("欠缴会费待核查");
    }
    Row {
        id: m.id,
        card: m.card_number.clone().unwrap_or_default(),
        name: m.name.clone(),
        gender: gender_label(&m.gender),
        id_masked: m.id_masked.clone(),
        mobile: m.mobile.clone().unwrap_or_default(),
        group: m
            .group_id
            .and_then(|g| groups.iter().find(|(id, _)| *id == g).map(|(_, n)| n.clone()))
            .unwrap_or_default(),
        join_date: m.join_date.map(|d| d.to_string()).unwrap_or_default(),
        status: status_label(&m.status),
        flags,
    }
}

/// The roster's filter form as typed.
#[derive(Deserialize, Default, Clone)]
pub struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    group_id: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    flag: String,
    #[serde(default)]
    sort: String,
    page: Option<i64>,
}

impl ListParams {
    pub(super) fn query(&self) -> ListQuery {
        ListQuery {
            q: Some(self.q.clone()),
            group_id: Uuid::parse_str(&self.group_id).ok(),
            status: Some(self.status.clone()).filter(|s| !s.is_empty()),
            flags: Some(self.flag.clone()),
            sort: Some(self.sort.trim_start_matches('-').to_owned()).filter(|s| !s.is_empty()),
            desc: Some(self.sort.starts_with('-')),
            page: self.page,
            per_page: Some(50),
        }
    }

    fn url_query(&self) -> String {
        serde_urlencoded::to_string([
            ("q", self.q.as_str()),
            ("group_id", self.group_id.as_str()),
            ("status", self.status.as_str()),
            ("flag", self.flag.as_str()),
            ("sort", self.sort.as_str()),
        ])
        .unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "member/list.html")]
struct ListPage {
    layout: Layout,
    union_id: Uuid,
    f: ListParams,
    rows: Vec<Row>,
    pager: Pager,
    groups: Vec<(String, String)>,
    statuses: Vec<(&'static str, &'static str)>,
    can_manage: bool,
    can_reveal: bool,
    export_query: String,
}

pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(f): Query<ListParams>,
) -> PageResult {
    let q = f.query();
    let (filter, sort) = q.roster().filter(&state, union_id).await?;
    let page = app::Page::new(f.page, Some(50));
    let (members, total) =
        service::list(&state, union_id, &filter, sort, q.desc.unwrap_or(false), page).await?;
    let groups = service::groups(&state, union_id).await?;
    let rows = members.iter().map(|m| row(m, &groups)).collect();
    let export_query = f.url_query();
    let pager = Pager::new(&format!("{}?{export_query}&", base(union_id)), page, total);
    let path = app::org::path_of(&state, union_id).await?;
    let layout = union_layout(&state, &p, union_id, "会员花名册").await?;
    Ok(render(&ListPage {
        layout,
        union_id,
        rows,
        pager,
        groups: groups.into_iter().map(|(id, n)| (id.to_string(), n)).collect(),
        statuses: std::iter::once(("all", "全部（含已退会等）"))
            .chain(MemberStatus::ALL.iter().map(|s| (s.as_str(), s.label())))
            .collect(),
        can_manage: p.can(Perm::MemberManage, path.as_deref()),
        can_reveal: p.can(Perm::MemberRevealId, path.as_deref()),
        export_query,
        f,
    }))
}

/// `/members`: the roster of the caller's union, or their group's for a
/// group leader (a chooser when there are several).
pub async fn mine(State(state): State<AppState>, p: Principal) -> PageResult {
    let rosters: Vec<(String, String)> = roster::rosters(&state, &p)
        .await?
        .into_iter()
        .map(|(r, name)| match r {
            Roster::Union(id) => (format!("/unions/{id}/members"), name),
            Roster::Group(id) => (format!("/groups/{id}/members"), name),
        })
        .collect();
    if let [only] = rosters.as_slice() {
        return Ok(Redirect::to(&only.0).into_response());
    }
    let layout = Layout::new(&state, &p, "member", "会员").await.crumb("会员", "/members");
    Ok(render(&ChooserPage { layout, unions: rosters }))
}

#[derive(Template)]
#[template(path = "member/chooser.html")]
struct ChooserPage {
    layout: Layout,
    unions: Vec<(String, String)>,
}

/// A member form as typed: every field text, so nothing typed is lost.
#[derive(Deserialize, Default, Clone)]
pub struct MemberForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    doc_type: String,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    mobile: String,
    #[serde(default)]
    gender: String,
    #[serde(default)]
    ethnicity: String,
    #[serde(default)]
    birth_date: String,
    #[serde(default)]
    join_date: String,
    #[serde(default)]
    group_id: String,
    #[serde(default)]
    dues_base: String,
    #[serde(default)]
    education: String,
    #[serde(default)]
    political: String,
    #[serde(default)]
    employment: String,
    #[serde(default)]
    post: String,
    #[serde(default)]
    card_number: String,
    #[serde(default)]
    model_worker: String,
    #[serde(default)]
    hardship: String,
}

impl MemberForm {
    fn input(&self) -> service::MemberInput {
        let mut i = service::MemberInput {
            group_id: Uuid::parse_str(self.group_id.trim()).ok(),
            model_worker: self.model_worker == "1",
            hardship: self.hardship == "1",
            ..Default::default()
        };
        let opt = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        for (col, v) in [
            (Column::Name, &self.name),
            (Column::DocType, &self.doc_type),
            (Column::IdNumber, &self.id_number),
            (Column::Mobile, &self.mobile),
            (Column::Gender, &self.gender),
            (Column::Ethnicity, &self.ethnicity),
            (Column::BirthDate, &self.birth_date),
            (Column::JoinDate, &self.join_date),
            (Column::DuesBase, &self.dues_base),
            (Column::Education, &self.education),
            (Column::Political, &self.political),
            (Column::Employment, &self.employment),
            (Column::Post, &self.post),
            (Column::CardNumber, &self.card_number),
        ] {
            i.set(col, opt(v));
        }
        i
    }

    fn of(m: &Member) -> MemberForm {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        MemberForm {
            name: m.name.clone(),
            doc_type: m.doc_type.clone(),
            id_number: m.id_masked.clone(),
            mobile: s(&m.mobile),
            gender: s(&m.gender),
            ethnicity: s(&m.ethnicity),
            birth_date: m.birth_date.map(|d| d.to_string()).unwrap_or_default(),
            join_date: m.join_date.map(|d| d.to_string()).unwrap_or_default(),
            group_id: m.group_id.map(|g| g.to_string()).unwrap_or_default(),
            dues_base: m.dues_base_fen.map(|f| format!("{}.{:02}", f / 100, f % 100)).unwrap_or_default(),
            education: s(&m.education),
            political: s(&m.political),
            employment: s(&m.employment),
            post: s(&m.post),
            card_number: s(&m.card_number),
            model_worker: if m.model_worker { "1".into() } else { String::new() },
            hardship: if m.hardship { "1".into() } else { String::new() },
        }
    }
}

/// Form errors keyed by the form's field names.
fn form_errors(e: &AppError) -> FormErrors {
    let mut fe = FormErrors::from_error(e);
    for (f, _) in fe.items.iter_mut() {
        *f = match f.as_str() {
            "dues_base_fen" => "dues_base".into(),
            "id" => "id_number".into(),
            other => other.into(),
        };
    }
    // The offer to transfer goes with the ID number.
    fe
}

#[derive(Template)]
#[template(path = "member/form.html")]
struct FormPage {
    layout: Layout,
    action: String,
    editing: bool,
    form: MemberForm,
    groups: Vec<(String, String)>,
    doc_types: Vec<(&'static str, &'static str)>,
    errors: FormErrors,
    /// The 409 member_active_elsewhere case: offer a transfer.
    offer_transfer: bool,
    union_id: Uuid,
}

async fn form_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    editing: Option<Uuid>,
    form: MemberForm,
    e: Option<AppError>,
) -> PageResult {
    let groups =
        service::groups(state, union_id).await?.into_iter().map(|(id, n)| (id.to_string(), n)).collect();
    let (title, action) = match editing {
        Some(id) => ("修改会员信息", format!("{}/{id}/edit", base(union_id))),
        None => ("登记会员", base(union_id)),
    };
    let layout = union_layout(state, p, union_id, title).await?.crumb(title, action.clone());
    let offer_transfer = e.as_ref().is_some_and(|e| e.0.code == ErrorCode::MemberActiveElsewhere);
    let status = e.as_ref().map(|e| e.status()).unwrap_or(StatusCode::OK);
    let errors = e.as_ref().map(form_errors).unwrap_or_default();
    Ok(render_status(
        status,
        &FormPage {
            layout,
            action,
            editing: editing.is_some(),
            form,
            groups,
            doc_types: DocType::ALL.iter().map(|d| (d.as_str(), d.label())).collect(),
            errors,
            offer_transfer,
            union_id,
        },
    ))
}

pub async fn new(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    let form = MemberForm { join_date: service::today().to_string(), ..Default::default() };
    form_page(&state, &p, union_id, None, form, None).await
}

pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<MemberForm>,
) -> PageResult {
    match service::create(&state, p.actor(), union_id, &f.input(), MemberStatus::Active).await {
        Ok(m) => Ok(redirect_with_flash(
            &state,
            &p,
            &format!("{}/{}", base(union_id), m.id),
            &format!("已登记会员{}", m.name),
        )
        .await),
        Err(e) => form_page(&state, &p, union_id, None, f, Some(e)).await,
    }
}

pub async fn edit(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let m = service::get(&state, union_id, id).await?;
    form_page(&state, &p, union_id, Some(id), MemberForm::of(&m), None).await
}

pub async fn update(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<MemberForm>,
) -> PageResult {
    match service::update(&state, &p, union_id, id, &f.input()).await {
        Ok(m) => Ok(redirect_with_flash(
            &state,
            &p,
            &format!("{}/{id}", base(union_id)),
            &format!("已保存{}的信息", m.name),
        )
        .await),
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => form_page(&state, &p, union_id, Some(id), f, Some(e)).await,
    }
}

pub struct HistoryRow {
    pub at: String,
    pub what: String,
    pub date: String,
    pub reason: String,
    pub actor: String,
}

fn describe(h: &HistoryEntry, groups: &[(Uuid, String)]) -> String {
    let group = |v: &Option<String>| {
        v.as_deref()
            .and_then(|s| Uuid::parse_str(s).ok())
            .and_then(|g| groups.iter().find(|(id, _)| *id == g).map(|(_, n)| n.clone()))
            .unwrap_or_else(|| "（无）".into())
    };
    let st = |v: &Option<String>| v.as_deref().map(status_label).unwrap_or("").to_owned();
    let fen = |v: &Option<String>| {
        v.as_deref()
            .and_then(|s| s.parse::<i64>().ok())
            .map(|f| format!("{}.{:02}元", f / 100, f % 100))
            .unwrap_or_else(|| "（无）".into())
    };
    match h.kind.as_str() {
        "status" => format!("会籍：{} → {}", st(&h.from_value), st(&h.to_value)),
        "group" => format!("小组：{} → {}", group(&h.from_value), group(&h.to_value)),
        "dues_base" => format!("会费基数：{} → {}", fen(&h.from_value), fen(&h.to_value)),
        "transfer_out" => format!(
            "转会：自{}转往{}",
            h.from_value.clone().unwrap_or_default(),
            h.to_value.clone().unwrap_or_default()
        ),
        "transfer_in" => format!(
            "转会：自{}转入{}",
            h.from_value.clone().unwrap_or_default(),
            h.to_value.clone().unwrap_or_default()
        ),
        "merged" => "合并了一条重复记录".into(),
        other => other.to_owned(),
    }
}

/// One line of a member's care totals: (year, item, count, yuan).
type CareTotal = (i64, &'static str, i64, String);

#[derive(Template)]
#[template(path = "member/show.html")]
struct ShowPage {
    layout: Layout,
    union_id: Uuid,
    m: Member,
    gender: &'static str,
    doc_type: &'static str,
    status: &'static str,
    group: String,
    dues_base: String,
    history: Vec<HistoryRow>,
    targets: Vec<(&'static str, &'static str)>,
    can_manage: bool,
    can_reveal: bool,
    /// Care records (帮扶慰问) for those who may see them: per year and item,
    /// (year, item, count, yuan), and whether the member consents to being
    /// named on the disclosure board.
    care: Option<(Vec<CareTotal>, bool)>,
    can_consent: bool,
    /// May see the member's dues (会费记录) in the books.
    can_dues: bool,
    /// The login linked to the member (its username), if any.
    login: Option<String>,
    errors: FormErrors,
    today: String,
}

pub(crate) async fn show_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let m = service::get(state, union_id, id).await?;
    let groups = service::groups(state, union_id).await?;
    let first = HistoryRow {
        at: fmt_datetime(m.created_at),
        what: if m.status == MemberStatus::Applying.as_str() {
            "提交入会申请".into()
        } else {
            "登记".into()
        },
        date: m.join_date.map(fmt_date).unwrap_or_default(),
        reason: String::new(),
        actor: String::new(),
    };
    let history = std::iter::once(first)
        .chain(service::history_of(state, union_id, id).await?.iter().map(|h| HistoryRow {
            at: fmt_datetime(h.at),
            what: describe(h, &groups),
            date: h.effective_date.map(fmt_date).unwrap_or_default(),
            reason: h.reason.clone().unwrap_or_default(),
            actor: h.actor.clone(),
        }))
        .collect();
    let current = MemberStatus::parse(&m.status).unwrap_or(MemberStatus::Active);
    let targets = MemberStatus::ALL
        .iter()
        .filter(|t| !matches!(t, MemberStatus::TransferredOut | MemberStatus::Merged))
        .filter(|t| check_status_change(current, **t).is_ok())
        .map(|t| (t.as_str(), t.label()))
        .collect();
    let (path, login) = app::member::roster::path_and_login(state, union_id, id).await?;
    let layout = union_layout(state, p, union_id, &m.name)
        .await?
        .crumb(m.name.clone(), format!("{}/{id}", base(union_id)));
    let care = if p.can(Perm::CareView, path.as_deref()) {
        let (totals, consent) = app::care::aid::member_totals(state, union_id, id).await?;
        let rows = totals
            .into_iter()
            .map(|(year, item, n, fen)| {
                let label = domain::finance::policy::Item::parse(&item).map_or("其他", |i| i.label());
                (year, label, n, domain::finance::money::fmt_yuan(fen))
            })
            .collect();
        Some((rows, consent))
    } else {
        None
    };
    Ok(render_status(
        status,
        &ShowPage {
            layout,
            union_id,
            gender: gender_label(&m.gender),
            doc_type: DocType::parse(&m.doc_type).map(|d| d.label()).unwrap_or(""),
            status: status_label(&m.status),
            group: m
                .group_id
                .and_then(|g| groups.iter().find(|(x, _)| *x == g).map(|(_, n)| n.clone()))
                .unwrap_or_default(),
            dues_base: m.dues_base_fen.map(|f| format!("{}.{:02} 元", f / 100, f % 100)).unwrap_or_default(),
            history,
            targets,
            can_manage: p.can(Perm::MemberManage, path.as_deref()),
            can_reveal: p.can(Perm::MemberRevealId, path.as_deref()),
            care,
            can_consent: p.can(Perm::CareManage, path.as_deref()),
            can_dues: p.can(Perm::FinanceView, path.as_deref()),
            login,
            errors,
            today: service::today().to_string(),
            m,
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    show_page(&state, &p, union_id, id, FormErrors::default(), StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    reason: String,
}

pub async fn status(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<StatusForm>,
) -> PageResult {
    let date = if f.date.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(&f.date).map(Some).ok_or_else(|| {
            AppError::field(ErrorCode::InvalidDate, "date", "日期不正确，请按 2026-01-31 的格式填写")
        })
    };
    let result = match date {
        Ok(d) => service::change_status(&state, &p, union_id, id, &f.status, d, &f.reason).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(m) => Ok(redirect_with_flash(
            &state,
            &p,
            &format!("{}/{id}", base(union_id)),
            &format!("{}的会籍已改为“{}”", m.name, status_label(&m.status)),
        )
        .await),
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => show_page(&state, &p, union_id, id, FormErrors::from_error(&e), e.status()).await,
    }
}

/// Shows the full ID number in place (htmx), logged.
pub async fn reveal(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let full = service::reveal_id(&state, &p, union_id, id).await?;
    let escaped: String = full.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    Ok(Html(format!("<span class=\"mono\" id=\"id-number\">{escaped}</span> <small class=\"muted\">（此次查看已记入审计日志）</small>")).into_response())
}

pub async fn export_masked(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(f): Query<ListParams>,
) -> PageResult {
    Ok(export::xlsx_response(&state, &p, union_id, &f.query(), false).await?)
}

pub async fn export_full(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(f): Query<ListParams>,
) -> PageResult {
    Ok(export::xlsx_response(&state, &p, union_id, &f.query(), true).await?)
}

#[derive(Template)]
#[template(path = "member/import.html")]
struct ImportPage {
    layout: Layout,
    union_id: Uuid,
    columns: Vec<&'static str>,
    error: Option<String>,
}

pub async fn import_form(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> PageResult {
    let layout = union_layout(&state, &p, union_id, "导入会员")
        .await?
        .crumb("导入会员", format!("{}/import", base(union_id)));
    Ok(render(&ImportPage {
        layout,
        union_id,
        columns: Column::ALL.iter().map(|c| c.label()).collect(),
        error: None,
    }))
}

pub struct VerdictRow {
    pub row: usize,
    pub name: String,
    pub ok: bool,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "member/preview.html")]
struct PreviewPage {
    layout: Layout,
    union_id: Uuid,
    job: Uuid,
    filename: String,
    headers: Vec<(usize, String, String)>,
    choices: Vec<(&'static str, &'static str)>,
    rows: Vec<VerdictRow>,
    total: usize,
    acceptable: usize,
    rejected: usize,
    shown: usize,
    /// 小组 the file names that are not set up, with their rows.
    missing_groups: Vec<(String, usize)>,
    /// Sign-off rows at the end of the file, ignored.
    footer_rows: usize,
}

async fn preview(state: &AppState, p: &Principal, union_id: Uuid, job: Uuid) -> PageResult {
    let layout = union_layout(state, p, union_id, "导入预览")
        .await?
        .crumb("导入会员", format!("{}/import", base(union_id)));
    let (filename, e) = match import::evaluate_job(state, job, union_id, p.user_id).await {
        Ok(x) => x,
        Err(err) if err.0.field.as_deref() == Some("file") || err.0.field.as_deref() == Some("mapping") => {
            let page = ImportPage {
                layout,
                union_id,
                columns: Column::ALL.iter().map(|c| c.label()).collect(),
                error: Some(err.0.message.clone()),
            };
            return Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
        Err(err) => return Err(err.into()),
    };
    let rejected_bytes = import::rejected_xlsx(&e).ok();
    import::with_job(job, union_id, p.user_id, |j| j.rejected_xlsx = rejected_bytes)?;
    let total = e.rows.len();
    let rejected = e.rejected().count();
    let shown = total.min(1000);
    let rows = e
        .rows
        .iter()
        .take(shown)
        .map(|r| VerdictRow {
            row: r.row,
            name: r.name.clone(),
            ok: r.rejection.is_none(),
            reason: r.rejection.clone().unwrap_or_default(),
        })
        .collect();
    let headers = e
        .headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            (
                i,
                h.clone(),
                e.columns.get(i).copied().flatten().map(|c| c.as_str().to_owned()).unwrap_or_default(),
            )
        })
        .collect();
    Ok(render(&PreviewPage {
        layout,
        union_id,
        job,
        filename,
        headers,
        choices: Column::ALL.iter().map(|c| (c.as_str(), c.label())).collect(),
        rows,
        total,
        acceptable: e.acceptable,
        rejected,
        shown,
        missing_groups: e.missing_groups,
        footer_rows: e.footer_rows,
    }))
}

pub async fn import_upload(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    mp: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let (filename, bytes) = match upload(mp).await {
        Ok(u) => (u.filename, u.bytes),
        Err(e) => {
            let layout = union_layout(&state, &p, union_id, "导入会员").await?;
            let page = ImportPage {
                layout,
                union_id,
                columns: Column::ALL.iter().map(|c| c.label()).collect(),
                error: Some(e.0.message),
            };
            return Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let job = import::new_job(union_id, p.user_id, filename, bytes);
    preview(&state, &p, union_id, job).await
}

pub async fn import_mapping(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, job)): Path<(Uuid, Uuid)>,
    PageForm(form): PageForm<Vec<(String, String)>>,
) -> PageResult {
    // Fields col_0, col_1, …: the column each header is mapped to.
    let mut mapping: Vec<Option<Column>> = Vec::new();
    for (k, v) in &form {
        if let Some(i) = k.strip_prefix("col_").and_then(|i| i.parse::<usize>().ok())
            && i < 200
        {
            if mapping.len() <= i {
                mapping.resize(i + 1, None);
            }
            mapping[i] = Column::ALL.iter().find(|c| c.as_str() == v).copied();
        }
    }
    import::with_job(job, union_id, p.user_id, |j| j.mapping = Some(mapping))?;
    preview(&state, &p, union_id, job).await
}

#[derive(Debug, Deserialize)]
pub struct CommitForm {
    /// The checkbox “导入时新建文件中尚未建立的小组”.
    #[serde(default)]
    create_groups: Option<String>,
}

pub async fn import_commit(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, job)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<CommitForm>,
) -> PageResult {
    let options =
        import::Options { create_groups: f.create_groups.is_some_and(|v| v == "true" || v == "on") };
    import::start_commit(state.clone(), job, union_id, p.user_id, p.username.clone(), p.ip.clone(), options)?;
    Ok(Redirect::to(&format!("{}/import/{job}", base(union_id))).into_response())
}

#[derive(Template)]
#[template(path = "member/job.html")]
struct JobPage {
    layout: Layout,
    union_id: Uuid,
    job: Uuid,
    running: bool,
    percent: usize,
    done: usize,
    total: usize,
    imported: usize,
    rejected: usize,
    failed: Option<String>,
    finished: bool,
}

pub async fn import_job(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, job)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let (st, done, total) = import::progress(job, union_id, p.user_id)?;
    let (running, finished, imported, rejected, failed) = match st {
        JobState::Previewed | JobState::Running => (true, false, 0, 0, None),
        JobState::Finished { imported, rejected } => (false, true, imported, rejected, None),
        JobState::Failed(m) => (false, false, 0, 0, Some(m)),
    };
    let percent = (done * 100).checked_div(total).unwrap_or(if finished { 100 } else { 0 });
    let layout = union_layout(&state, &p, union_id, "导入会员")
        .await?
        .crumb("导入进度", format!("{}/import/{job}", base(union_id)));
    Ok(render(&JobPage {
        layout,
        union_id,
        job,
        running,
        percent,
        done,
        total,
        imported,
        rejected,
        failed,
        finished,
    }))
}

pub async fn import_rejected(
    State(_state): State<AppState>,
    p: Principal,
    Path((union_id, job)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let bytes = import::with_job(job, union_id, p.user_id, |j| j.rejected_xlsx.clone())?
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "job", "没有不能导入的行"))?;
    Ok(xlsx("不能导入的行.xlsx", bytes))
}

pub struct DupGroup {
    pub kind: &'static str,
    pub members: Vec<Row>,
    pub keep: Uuid,
}

#[derive(Template)]
#[template(path = "member/duplicates.html")]
struct DupPage {
    layout: Layout,
    union_id: Uuid,
    groups: Vec<DupGroup>,
    can_manage: bool,
}

pub async fn duplicates(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> PageResult {
    let groups = service::groups(&state, union_id).await?;
    let dups = service::duplicates(&state, union_id).await?;
    let path = app::org::path_of(&state, union_id).await?;
    let layout = union_layout(&state, &p, union_id, "重复记录")
        .await?
        .crumb("重复记录", format!("{}/duplicates", base(union_id)));
    Ok(render(&DupPage {
        layout,
        union_id,
        groups: dups
            .into_iter()
            .map(|(kind, ms)| DupGroup {
                kind: if kind == "id" { "证件号码相同" } else { "手机号相同" },
                keep: ms.first().map(|m| m.id).unwrap_or_default(),
                members: ms.iter().map(|m| row(m, &groups)).collect(),
            })
            .collect(),
        can_manage: p.can(Perm::MemberManage, path.as_deref()),
    }))
}

#[derive(Deserialize)]
pub struct MergeForm {
    #[serde(default)]
    keep_id: String,
    #[serde(default)]
    merge_id: String,
}

pub async fn merge(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<MergeForm>,
) -> PageResult {
    let (Ok(keep), Ok(gone)) = (Uuid::parse_str(&f.keep_id), Uuid::parse_str(&f.merge_id)) else {
        return Err(AppError::field(ErrorCode::Required, "merge_id", "请选择要保留和要并入的记录").into());
    };
    let m = service::merge(&state, &p, union_id, keep, gone).await?;
    Ok(redirect_with_flash(
        &state,
        &p,
        &format!("{}/duplicates", base(union_id)),
        &format!("已将重复记录并入{}", m.name),
    )
    .await)
}

#[derive(Template)]
#[template(path = "member/settings.html")]
struct SettingsPage {
    layout: Layout,
    union_id: Uuid,
    card_pattern: String,
    join_url: Option<String>,
    join_token: String,
    example: String,
    errors: FormErrors,
}

fn absolute(headers: &HeaderMap, secure: bool, path: &str) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1:8080");
    format!("{}://{host}{path}", if secure { "https" } else { "http" })
}

async fn settings_page(
    state: &AppState,
    p: &Principal,
    headers: &HeaderMap,
    union_id: Uuid,
    pattern: Option<String>,
    errors: FormErrors,
) -> PageResult {
    let s = service::settings(state, union_id).await?;
    let card_pattern = pattern.or(s.card_pattern.clone()).unwrap_or_default();
    let example =
        domain::member::render_card_number(&card_pattern, chrono::Datelike::year(&service::today()), 1)
            .unwrap_or_default();
    let layout = union_layout(state, p, union_id, "花名册设置")
        .await?
        .crumb("花名册设置", format!("{}/settings", base(union_id)));
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render_status(
        status,
        &SettingsPage {
            layout,
            union_id,
            join_url: s
                .join_token
                .as_ref()
                .map(|t| absolute(headers, state.config.secure_cookies, &format!("/join/{t}"))),
            join_token: s.join_token.unwrap_or_default(),
            card_pattern,
            example,
            errors,
        },
    ))
}

pub async fn settings(
    State(state): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    Path(union_id): Path<Uuid>,
) -> PageResult {
    settings_page(&state, &p, &headers, union_id, None, FormErrors::default()).await
}

#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    card_pattern: String,
    #[serde(default)]
    join_open: String,
}

pub async fn save_settings(
    State(state): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<SettingsForm>,
) -> PageResult {
    match service::save_settings(&state, &p, union_id, Some(&f.card_pattern), f.join_open == "1").await {
        Ok(_) => {
            Ok(redirect_with_flash(&state, &p, &format!("{}/settings", base(union_id)), "设置已保存").await)
        }
        Err(e) => {
            settings_page(&state, &p, &headers, union_id, Some(f.card_pattern), FormErrors::from_error(&e))
                .await
        }
    }
}

pub struct TransferRow {
    pub id: Uuid,
    pub incoming: bool,
    pub other_union: String,
    pub person: String,
    pub status: &'static str,
    pub pending: bool,
    pub reason: String,
    pub requested: String,
}

#[derive(Template)]
#[template(path = "member/transfers.html")]
struct TransfersPage {
    layout: Layout,
    union_id: Uuid,
    rows: Vec<TransferRow>,
    can_manage: bool,
    can_decide: bool,
    form: MemberForm,
    groups: Vec<(String, String)>,
    errors: FormErrors,
}

async fn transfers_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    form: MemberForm,
    e: Option<AppError>,
) -> PageResult {
    let list = service::transfers(state, union_id).await?;
    let rows = list
        .iter()
        .map(|v| TransferRow {
            id: v.transfer.id,
            incoming: v.incoming,
            other_union: v.other_union.clone(),
            person: v.person.clone(),
            status: match v.transfer.status.as_str() {
                "requested" => "待审批",
                "confirmed" => "已同意",
                _ => "未同意",
            },
            pending: v.transfer.status == "requested",
            reason: v.transfer.reason.clone().unwrap_or_default(),
            requested: fmt_datetime(v.transfer.requested_at),
        })
        .collect();
    let path = app::org::path_of(&state, union_id).await?;
    let groups =
        service::groups(state, union_id).await?.into_iter().map(|(id, n)| (id.to_string(), n)).collect();
    let layout = union_layout(state, p, union_id, "转会")
        .await?
        .crumb("转会", format!("/unions/{union_id}/transfers"));
    let status = e.as_ref().map(|e| e.status()).unwrap_or(StatusCode::OK);
    Ok(render_status(
        status,
        &TransfersPage {
            layout,
            union_id,
            rows,
            can_manage: p.can(Perm::MemberManage, path.as_deref()),
            can_decide: p.can(Perm::TransferDecide, path.as_deref()),
            form,
            groups,
            errors: e.as_ref().map(form_errors).unwrap_or_default(),
        },
    ))
}

/// Prefill from a refused registration: name and mobile travel in the link;
/// the ID number is typed again (it never goes into a URL).
#[derive(Deserialize)]
pub struct TransferQuery {
    #[serde(default)]
    name: String,
    #[serde(default)]
    mobile: String,
}

pub async fn transfers(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<TransferQuery>,
) -> PageResult {
    // Arriving from a refused registration, the form comes prefilled.
    let form = MemberForm { name: q.name, mobile: q.mobile, ..Default::default() };
    transfers_page(&state, &p, union_id, form, None).await
}

pub async fn request_transfer(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<MemberForm>,
) -> PageResult {
    match service::request_transfer(&state, &p, union_id, &f.input()).await {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &p,
            &format!("/unions/{union_id}/transfers"),
            "转会申请已发出，等待对方工会审批",
        )
        .await),
        Err(e) => transfers_page(&state, &p, union_id, f, Some(e)).await,
    }
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    reason: String,
}

pub async fn decide(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, transfer_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<DecisionForm>,
) -> PageResult {
    let confirm = f.confirm == "1";
    match service::decide_transfer(&state, &p, union_id, transfer_id, confirm, &f.reason).await {
        Ok(_) => {
            let msg = if confirm { "已同意转出" } else { "已答复不同意转出" };
            Ok(redirect_with_flash(&state, &p, &format!("/unions/{union_id}/transfers"), msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => transfers_page(&state, &p, union_id, MemberForm::default(), Some(e)).await,
    }
}

#[derive(Template)]
#[template(path = "member/join.html")]
struct JoinPage {
    layout: Layout,
    union_name: String,
    token: String,
    form: MemberForm,
    groups: Vec<(String, String)>,
    errors: FormErrors,
    done: bool,
}

async fn join_page(
    state: &AppState,
    token: &str,
    csrf: &str,
    form: MemberForm,
    e: Option<AppError>,
    done: bool,
) -> AppResult<Response> {
    let union_id = roster::join_union(state, token).await?;
    let union = app::org::union(state, union_id).await?;
    let groups =
        service::groups(state, union_id).await?.into_iter().map(|(id, n)| (id.to_string(), n)).collect();
    let status = e.as_ref().map(|e| e.status()).unwrap_or(StatusCode::OK);
    let page = JoinPage {
        layout: Layout::anonymous("申请入会", csrf),
        union_name: union.name,
        token: token.to_owned(),
        form,
        groups,
        errors: e.as_ref().map(form_errors).unwrap_or_default(),
        done,
    };
    Ok(render_status(status, &page))
}

/// The public join page: anyone with the link (or QR code) may apply.
pub async fn join_form(
    State(state): State<AppState>,
    MaybePrincipal(p): MaybePrincipal,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> PageResult {
    // Signed in, the form carries the session's token (the guard checks that).
    if let Some(p) = p.filter(|p| p.session.is_some()) {
        return Ok(join_page(&state, &token, p.csrf(), MemberForm::default(), None, false).await?);
    }
    let (csrf, set) = match cookies::get(&headers, CSRF_COOKIE) {
        Some(c) if c.len() == 64 => (c, false),
        _ => (app::auth::secrets::random_token(), true),
    };
    let mut r = join_page(&state, &token, &csrf, MemberForm::default(), None, false).await?;
    if set {
        r.headers_mut()
            .append(header::SET_COOKIE, cookies::set(CSRF_COOKIE, &csrf, None, state.config.secure_cookies));
    }
    Ok(r)
}

#[derive(Deserialize)]
pub struct JoinForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    member: MemberForm,
}

pub async fn join(
    State(state): State<AppState>,
    crate::client_ip::ClientIp(ip): crate::client_ip::ClientIp,
    Path(token): Path<String>,
    PageForm(f): PageForm<JoinForm>,
) -> PageResult {
    let union_id = roster::join_union(&state, &token).await?;
    let input = service::application_only(f.member.input());
    let actor = Actor { id: None, name: "网上申请", ip: &ip };
    let result = match service::throttle_join(&state, &ip).await {
        Ok(()) => service::create(&state, actor, union_id, &input, MemberStatus::Applying).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(join_page(&state, &token, &f.csrf, MemberForm::default(), None, true).await?),
        Err(e) => Ok(join_page(&state, &token, &f.csrf, f.member, Some(e), false).await?),
    }
}

/// The join link as a QR code (SVG) to print on a notice.
pub async fn join_qr(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> PageResult {
    roster::join_union(&state, &token).await?;
    let url = absolute(&headers, state.config.secure_cookies, &format!("/join/{token}"));
    let code = qrcode::QrCode::new(url.as_bytes()).map_err(|_| AppError::code(ErrorCode::Internal))?;
    let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(240, 240).build();
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}

#[derive(Template)]
#[template(path = "member/group.html")]
struct GroupPage {
    layout: Layout,
    group_id: Uuid,
    q: String,
    rows: Vec<Row>,
    pager: Pager,
}

#[derive(Deserialize)]
pub struct GroupParams {
    #[serde(default)]
    q: String,
    page: Option<i64>,
}

/// A group's roster, read-only (the group leader's view).
pub async fn group(
    State(state): State<AppState>,
    p: Principal,
    Path(group_id): Path<Uuid>,
    Query(f): Query<GroupParams>,
) -> PageResult {
    let page = app::Page::new(f.page, Some(50));
    let (group, members, total) =
        service::group_roster(&state, group_id, service::classify(&f.q), page).await?;
    let groups = vec![(group.id, group.name.clone())];
    let rows = members.iter().map(|m| row(m, &groups)).collect();
    let query = serde_urlencoded::to_string([("q", f.q.as_str())]).unwrap_or_default();
    let pager = Pager::new(&format!("/groups/{group_id}/members?{query}&"), page, total);
    let layout = Layout::new(&state, &p, "member", &format!("{}会员", group.name))
        .await
        .crumb(group.name.clone(), format!("/orgs/{group_id}"));
    Ok(render(&GroupPage { layout, group_id, q: f.q, rows, pager }))
}

pub struct PendingRow {
    pub id: Uuid,
    pub from_union_id: Uuid,
    pub from_union: String,
    pub to_union: String,
    pub person: String,
    pub requested: String,
    /// Waiting longer than a week: the releasing union has not answered.
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "member/pending.html")]
struct PendingPage {
    layout: Layout,
    rows: Vec<PendingRow>,
}

/// Transfers awaiting the caller's decision, across their scope.
pub async fn pending(State(state): State<AppState>, p: Principal) -> PageResult {
    let now = app::now();
    let rows = service::pending_transfers(&state, &p)
        .await?
        .into_iter()
        .map(|v| PendingRow {
            id: v.transfer.id,
            from_union_id: v.transfer.from_union_id,
            overdue: now - v.transfer.requested_at > chrono::Duration::days(7),
            requested: fmt_datetime(v.transfer.requested_at),
            from_union: v.from_union,
            to_union: v.to_union,
            person: v.person,
        })
        .collect();
    let layout = Layout::new(&state, &p, "member", "待审批的转会").await.crumb("待审批的转会", "/transfers");
    Ok(render(&PendingPage { layout, rows }))
}
