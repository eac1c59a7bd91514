//! One petition: the officers' page with its log and step forms, the
//! writer's page with the answer and the rating form; and the step buttons.

use askama::Template;
use axum::extract::State;
use domain::rights::petition::Status;
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Path};
use crate::pages::{Layout, PageResult, redirect_with_flash, render};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::rights::petition::lists::handler_choices;
use app::rights::petition::{self as service, Detail, Petition, Viewer, steps};

pub fn href(id: Uuid) -> String {
    format!("/petitions/{id}")
}

#[derive(Template)]
#[template(path = "rights/petitions/show.html")]
struct ShowPage {
    layout: Layout,
    d: Detail,
    officer: bool,
    /// The caller wrote it (and so rates it).
    mine: bool,
    writer: String,
    writer_contact: String,
    writer_department: String,
    overdue: &'static str,
    accounts: Vec<(Uuid, String)>,
}

impl ShowPage {
    fn p(&self) -> &Petition {
        &self.d.petition
    }

    fn is(&self, s: &str) -> bool {
        self.d.petition.status == s
    }

    fn open(&self) -> bool {
        !service::status(&self.d.petition).is_final()
    }

    fn turned_href(&self) -> Option<(String, &'static str)> {
        let p = &self.d.petition;
        match (p.turned_into_kind.as_deref(), p.turned_into_id) {
            (Some("proposal"), Some(id)) => Some((format!("/unions/{}/proposals/{id}", p.union_id), "提案")),
            (Some("mediation_case"), Some(id)) => Some((format!("/mediation-cases/{id}"), "调解案件")),
            _ => None,
        }
    }

    fn handler_of(&self, user: &Uuid) -> &'static str {
        match self.d.handlers.iter().find(|h| h.user_id == *user) {
            Some(h) if h.leads => "lead",
            Some(_) => "assist",
            None => "",
        }
    }
}

pub async fn show(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let d = service::get(&state, &p, id).await?;
    let officer = d.viewer == Viewer::Officer;
    let union_id = d.petition.union_id;
    let mine = match d.viewer {
        Viewer::Writer => true,
        Viewer::Officer => d.petition.writer_user_id == Some(p.user_id),
    };
    let title = format!("第{}号来信来访", d.petition.number);
    let mut layout = Layout::new(&state, &p, if officer { "rights" } else { "mailbox" }, &title)
        .await
        .crumb(d.union_name.clone(), format!("/orgs/{union_id}"));
    layout = if officer {
        layout.crumb("来信来访", super::pages::list_href(union_id))
    } else {
        layout.crumb("主席信箱", super::pages::mailbox_href(union_id))
    };
    let layout = layout.crumb(title, href(id));
    let dispatchable = matches!(service::status(&d.petition), Status::Received | Status::Dispatched);
    let accounts =
        if officer && dispatchable { handler_choices(&state, union_id).await? } else { Vec::new() };
    let (writer, writer_contact, writer_department) = match service::writer_view(&d.petition) {
        domain::rights::petition::WriterView::Anonymous => ("匿名".to_owned(), String::new(), String::new()),
        domain::rights::petition::WriterView::Known(w) => {
            (w.name, w.contact.unwrap_or_default(), w.department.unwrap_or_default())
        }
    };
    Ok(render(&ShowPage {
        overdue: service::overdue(&d.petition, service::today()).map_or("", |o| o.label()),
        layout,
        officer,
        mine,
        writer,
        writer_contact,
        writer_department,
        accounts,
        d,
    }))
}

/// Goes back to the petition with what happened; a refusal is the flash,
/// in Chinese, naming the reason. A petition the caller may not see is
/// the error page.
async fn done(state: &AppState, p: &Principal, id: Uuid, r: AppResult<Petition>, ok: &str) -> PageResult {
    let r = r.map(|_| ok.to_owned()).map_err(|e| {
        let message = format!("未能办理：{}", e.0.message);
        e.with_message(message)
    });
    crate::kit::done(state, p, &href(id), r).await
}

#[derive(Deserialize, Default)]
pub struct StepForm {
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub rating: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub due_date: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub suggestion: String,
}

/// The dispatch form: `handler` repeated (the check boxes), `lead` the
/// one leading.
pub async fn dispatch(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let lead = pairs.iter().find(|(k, _)| k == "lead").map(|(_, v)| v.as_str()).unwrap_or("");
    let mut handlers: Vec<(Uuid, bool)> = Vec::new();
    let mut bad = false;
    for (k, v) in &pairs {
        if k == "handler" || (k == "lead" && !v.is_empty()) {
            match Uuid::parse_str(v) {
                Ok(u) if !handlers.iter().any(|(h, _)| *h == u) => handlers.push((u, v == lead)),
                Ok(_) => {}
                Err(_) => bad = true,
            }
        }
    }
    let r = if bad {
        Err(AppError::field(domain::ErrorCode::NotFound, "handlers", "所选承办人不是本工会的账号"))
    } else {
        steps::dispatch(&state, &p, id, &handlers).await
    };
    done(&state, &p, id, r, "已受理并派发").await
}

pub async fn reject(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = steps::reject(&state, &p, id, &f.reason).await;
    done(&state, &p, id, r, "已记录不予受理及理由").await
}

pub async fn start(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let r = steps::start(&state, &p, id).await;
    done(&state, &p, id, r, "已开始办理").await
}

pub async fn answer(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = steps::answer(&state, &p, id, &f.answer).await;
    done(&state, &p, id, r, "答复已录入，待来信人评价").await
}

pub async fn close(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let r = steps::close(&state, &p, id).await;
    done(&state, &p, id, r, "已办结").await
}

pub async fn due_date(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = match f.due_date.trim() {
        "" => steps::set_due_date(&state, &p, id, None).await,
        v => match domain::time::parse_date(v) {
            Some(d) => steps::set_due_date(&state, &p, id, Some(d)).await,
            None => Err(AppError::field(
                domain::ErrorCode::InvalidDate,
                "due_date",
                "办理期限格式应为 年-月-日，如 2026-03-01",
            )),
        },
    };
    done(&state, &p, id, r, "办理期限已修改").await
}

pub async fn to_proposal(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = steps::to_proposal(&state, &p, id, Some(&f.title), Some(&f.suggestion)).await;
    match r {
        Ok((row, proposal)) => {
            let to = format!("/unions/{}/proposals/{proposal}", row.union_id);
            Ok(redirect_with_flash(&state, &p, &to, "已转为提案，送提案审查").await)
        }
        Err(e) => done(&state, &p, id, Err(e), "").await,
    }
}

/// The writer's rating, from the mailbox page or the petition's page:
/// back to the mailbox with what happened.
pub async fn rate(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    match steps::rate(&state, &p, id, &f.rating, &f.note).await {
        Ok(row) => {
            let msg = if service::status(&row) == Status::Closed {
                "感谢您的评价，来信已办结"
            } else {
                "已收到您的意见，工会将再次办理并答复"
            };
            let to = format!("{}#petition-{id}", super::pages::mailbox_href(row.union_id));
            Ok(redirect_with_flash(&state, &p, &to, msg).await)
        }
        Err(e) => done(&state, &p, id, Err(e), "").await,
    }
}
