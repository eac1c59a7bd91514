//! Proposal pages: the list with the submission form, one proposal with its
//! handling forms, the printable handling report.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::auth::Perm;
use domain::proposal::{Rates, Rating, Status, fmt_rate};
use domain::time::parse_date;
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::PageForm;
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::AppResult;
use app::proposal::{LogEntry, Proposal, service};

fn base(union_id: Uuid) -> String {
    format!("/unions/{union_id}/proposals")
}

/// The layout and whether the caller may submit / handle here.
async fn page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    title: &str,
) -> AppResult<(Layout, bool, bool)> {
    let union = app::org::union(state, union_id).await?;
    let path = Some(union.path.as_str());
    let layout = Layout::new(state, p, "proposal", title)
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("提案", base(union_id));
    Ok((layout, p.can(Perm::ProposalSubmit, path), p.can(Perm::CongressManage, path)))
}

pub fn status_label<S: AsRef<str>>(s: S) -> &'static str {
    Status::parse(s.as_ref()).map_or("", |x| x.label())
}

pub fn rating_label<S: AsRef<str>>(s: S) -> &'static str {
    Rating::parse(s.as_ref()).map_or("", |r| r.label())
}

#[derive(Template)]
#[template(path = "proposal/list.html")]
struct ListPage {
    layout: Layout,
    union_id: Uuid,
    can_submit: bool,
    can_handle: bool,
    members_may_propose: bool,
    rows: Vec<Proposal>,
    rates: Rates,
    form: ProposalForm,
    errors: FormErrors,
}

impl ListPage {
    fn rate(&self, r: &Option<u32>) -> String {
        fmt_rate(*r)
    }
}

#[derive(Deserialize, Default)]
pub struct ProposalForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub suggestion: String,
}

async fn list_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    form: ProposalForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let (layout, can_submit, can_handle) = page(state, p, union_id, "提案").await?;
    let (rates, rows) = service::report(state, union_id, None).await?;
    let members_may_propose = service::members_may_propose(state, union_id).await?;
    Ok(render_status(
        status,
        &ListPage {
            layout,
            union_id,
            can_submit,
            can_handle,
            members_may_propose,
            rows,
            rates,
            form,
            errors,
        },
    ))
}

pub async fn list(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    list_page(&state, &p, union_id, ProposalForm::default(), FormErrors::default(), StatusCode::OK).await
}

pub async fn submit(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<ProposalForm>,
) -> PageResult {
    match service::submit(&state, &p, union_id, None, &f.title, &f.reason, &f.suggestion).await {
        Ok(row) => Ok(redirect_with_flash(
            &state,
            &p,
            &format!("{}/{}", base(union_id), row.id),
            "提案已提出，请邀请至少2名代表附议",
        )
        .await),
        Err(e) => {
            list_page(&state, &p, union_id, f, FormErrors::from_error(&e), StatusCode::UNPROCESSABLE_ENTITY)
                .await
        }
    }
}

#[derive(Template)]
#[template(path = "proposal/show.html")]
struct ShowPage {
    layout: Layout,
    union_id: Uuid,
    can_submit: bool,
    can_handle: bool,
    mine: bool,
    cosigned: bool,
    overdue: bool,
    row: Proposal,
    cosigners: Vec<String>,
    log: Vec<LogEntry>,
    today: String,
}

pub async fn show(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let (row, cosigners, log) = service::get(&state, union_id, id).await?;
    let title = match row.number {
        Some(n) => format!("第{n}号提案"),
        None => "提案".to_owned(),
    };
    let (layout, can_submit, can_handle) = page(&state, &p, union_id, &title).await?;
    let layout = layout.crumb(title, format!("{}/{id}", base(union_id)));
    let status = Status::parse(&row.status).unwrap_or(Status::Draft);
    Ok(render(&ShowPage {
        layout,
        union_id,
        can_submit,
        can_handle,
        mine: row.proposer_id == p.user_id,
        cosigned: cosigners.iter().any(|(u, _, _)| *u == p.user_id),
        overdue: domain::proposal::overdue(status, row.deadline, service::today()),
        cosigners: cosigners.into_iter().map(|(_, n, _)| n).collect(),
        log,
        today: service::today().to_string(),
        row,
    }))
}

#[derive(Deserialize, Default)]
pub struct StepForm {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub deadline: String,
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub rating: String,
}

/// Runs a step and goes back to the proposal with what happened; a refusal
/// is the flash, in Chinese, naming the reason.
async fn done(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    r: AppResult<Proposal>,
    ok: &str,
) -> PageResult {
    let r = r.map(|_| ok.to_owned()).map_err(|e| {
        let message = format!("未能办理：{}", e.0.message);
        e.with_message(message)
    });
    crate::kit::done(state, p, &format!("{}/{id}", base(union_id)), r).await
}

pub async fn cosign(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let r = service::cosign(&state, &p, union_id, id).await;
    done(&state, &p, union_id, id, r, "已附议").await
}

pub async fn review(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = service::review(&state, &p, union_id, id, f.decision == "register", &f.note).await;
    done(&state, &p, union_id, id, r, "审查意见已记录").await
}

pub async fn assign(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = service::assign(&state, &p, union_id, id, &f.department, parse_date(&f.deadline)).await;
    done(&state, &p, union_id, id, r, "已交办").await
}

pub async fn answer(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = service::answer(&state, &p, union_id, id, &f.answer).await;
    done(&state, &p, union_id, id, r, "答复已录入，待提案人评价").await
}

pub async fn rate(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = service::rate(&state, &p, union_id, id, &f.rating, &f.note).await;
    done(&state, &p, union_id, id, r, "评价已提交").await
}

#[derive(Template)]
#[template(path = "proposal/report.html")]
struct ReportPage {
    union_name: String,
    rates: Rates,
    rows: Vec<Proposal>,
}

impl ReportPage {
    fn rate(&self, r: &Option<u32>) -> String {
        fmt_rate(*r)
    }
}

pub async fn report(State(state): State<AppState>, Path(union_id): Path<Uuid>) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let (rates, mut rows) = service::report(&state, union_id, None).await?;
    rows.retain(|r| r.number.is_some() || r.status == Status::Opinion.as_str());
    rows.sort_by_key(|r| (r.number.is_none(), r.number));
    Ok(render(&ReportPage { union_name: union.name, rates, rows }))
}

#[derive(Deserialize, Default)]
pub struct SettingsForm {
    #[serde(default)]
    pub members_may_propose: Option<String>,
}

pub async fn settings(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<SettingsForm>,
) -> PageResult {
    let yes = f.members_may_propose.is_some();
    service::set_members_may_propose(&state, &p, union_id, yes).await?;
    let msg = if yes {
        "已允许非代表的会员提出和附议提案"
    } else {
        "已改为只由职工代表提出和附议提案"
    };
    Ok(redirect_with_flash(&state, &p, &base(union_id), msg).await)
}
