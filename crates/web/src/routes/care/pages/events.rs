//! The care home page: open 五必访 visits, recent life events with their
//! condolences due, next month's birthdays; recording an event or a visit.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::care::events::EventKind;
use domain::time::parse_date;
use serde::Deserialize;
use uuid::Uuid;

use super::{Can, base, opts, union_page, yuan};
use crate::extract::PageForm;
use crate::kit::member_choices;
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use crate::routes::care::api::events::{VisitOut, visit_out};
use app::AppState;
use app::auth::Principal;
use app::care::aid::{self, VisitLog};
use app::care::files;

#[derive(Template)]
#[template(path = "care/home.html")]
struct HomePage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    visits: Vec<VisitOut>,
    /// (member, event, date, condolence due, rule, pay link while unpaid)
    events: Vec<(String, String, String, String, String, Option<String>)>,
    birth_month: u32,
    birthdays: Vec<(String, String)>,
    open_files: usize,
    overdue_files: usize,
    members: Option<Vec<(String, String)>>,
    kinds: Vec<(String, String)>,
    form: EventForm,
    errors: FormErrors,
    today: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct EventForm {
    #[serde(default)]
    pub member_id: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub note: String,
}

async fn home_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    typed: Option<(EventForm, FormErrors, StatusCode)>,
) -> PageResult {
    let (layout, can) = union_page(state, p, union_id, "帮扶慰问", None).await?;
    let visits =
        aid::visits(state, union_id, Some("open")).await?.into_iter().map(|(v, n)| visit_out(v, n)).collect();
    let events = aid::events(state, union_id, None)
        .await?
        .into_iter()
        .take(20)
        .map(|(e, n)| {
            let kind = EventKind::parse(&e.kind).map_or("", |k| k.label()).to_owned();
            let due = match (e.condolence_status.as_str(), e.due_fen) {
                ("paid", _) => "已慰问".to_owned(),
                (_, Some(0)) => "政策未列出".to_owned(),
                (_, Some(f)) => format!("今年尚可发{}元", yuan(f)),
                (_, None) => "不设限额".to_owned(),
            };
            let pay = (can.pay && e.condolence_status != "paid" && e.due_fen != Some(0))
                .then(|| format!("{}/assistance?event={}#pay-form", base(union_id), e.id));
            (n, kind, e.date.to_string(), due, e.due_rule, pay)
        })
        .collect();
    let (birth_month, bdays) = aid::birthdays(state, union_id).await?;
    let files_open = files::list(state, union_id, Some("open"), false).await?.len();
    let files_overdue = files::list(state, union_id, None, true).await?.len();
    let members = if can.manage { member_choices(state, union_id).await? } else { None };
    let (form, errors, status) = typed.unwrap_or_else(|| {
        (
            EventForm { date: files::today().to_string(), ..Default::default() },
            FormErrors::default(),
            StatusCode::OK,
        )
    });
    Ok(render_status(
        status,
        &HomePage {
            layout,
            union_id,
            can,
            visits,
            events,
            birth_month,
            birthdays: bdays.into_iter().map(|(_, n, d)| (n, d.format("%m月%d日").to_string())).collect(),
            open_files: files_open,
            overdue_files: files_overdue,
            members,
            kinds: opts(&EventKind::ALL, EventKind::as_str, EventKind::label),
            form,
            errors,
            today: files::today().to_string(),
        },
    ))
}

pub async fn home(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    home_page(&state, &p, union_id, None).await
}

pub async fn record_event(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<EventForm>,
) -> PageResult {
    let member_id = Uuid::parse_str(f.member_id.trim()).ok();
    match aid::record_event(&state, &p, union_id, member_id, &f.kind, parse_date(&f.date), &f.note).await {
        Ok((e, v)) => {
            let msg = format!(
                "已登记{}，走访任务应于{}前完成；{}",
                EventKind::parse(&e.kind).map_or("", |k| k.label()),
                v.due_date,
                e.due_rule
            );
            Ok(redirect_with_flash(&state, &p, &base(union_id), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => home_page(&state, &p, union_id, Some((f, FormErrors::from_error(&e), e.status()))).await,
    }
}

#[derive(Deserialize, Default)]
pub struct VisitForm {
    #[serde(default)]
    pub visited_on: String,
    #[serde(default)]
    pub visitors: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub follow_up: String,
}

pub async fn complete_visit(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<VisitForm>,
) -> PageResult {
    let l = VisitLog {
        visited_on: parse_date(&f.visited_on),
        visitors: f.visitors,
        notes: f.notes,
        follow_up: f.follow_up,
    };
    let msg = match aid::complete_visit(&state, &p, union_id, id, &l).await {
        Ok(_) => "走访已登记".to_owned(),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => format!("走访未登记：{}", e.0.message),
    };
    Ok(redirect_with_flash(&state, &p, &base(union_id), &msg).await)
}

pub async fn events(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    home_page(&state, &p, union_id, None).await
}
