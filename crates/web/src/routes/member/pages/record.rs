//! One member's record: registering, editing, the record page with its
//! history, status changes, the ID reveal, and the roster's downloads.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};
use domain::ErrorCode;
use domain::auth::Perm;
use domain::member::{DocType, MemberStatus, check_status_change};
use domain::time::{fmt_date, fmt_datetime, parse_date};
use serde::Deserialize;
use uuid::Uuid;

use super::{ListParams, MemberForm, base, form_errors, gender_label, status_label, union_layout};
use crate::extract::{PageForm, Query};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use crate::routes::member::export;
use app::AppState;
use app::auth::Principal;
use app::error::AppError;
use app::member::service;
use app::member::{HistoryEntry, Member};

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
