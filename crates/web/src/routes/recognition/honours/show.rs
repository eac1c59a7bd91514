//! One honour: its facts, the workflow (notice, approval, rejection,
//! withdrawal) with the step forms, the notice's feedback from members,
//! and the evidence files.

use askama::Template;
use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::response::Response;
use domain::recognition::honour::DEFAULT_NOTICE_DAYS;
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Path};
use crate::pages::{Layout, PageResult, render};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::recognition::honour::{self as service, Detail, Honour, steps};

pub fn href(id: Uuid) -> String {
    format!("/honours/{id}")
}

#[derive(Template)]
#[template(path = "recognition/honours/show.html")]
struct ShowPage {
    layout: Layout,
    d: Detail,
    default_days: i64,
    /// The notice has ended (the chair may approve).
    notice_over: bool,
}

impl ShowPage {
    fn h(&self) -> &Honour {
        &self.d.honour.honour
    }

    fn is(&self, s: &str) -> bool {
        self.h().status == s
    }

    fn open(&self) -> bool {
        service::status(self.h()).open()
    }
}

pub async fn show(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let d = service::get(&state, &p, id).await?;
    let union_id = d.honour.honour.union_id;
    let title = format!("{}：{}", d.honour.holder, d.honour.honour.title);
    let layout = Layout::new(&state, &p, "honours", &title)
        .await
        .crumb(d.union_name.clone(), format!("/orgs/{union_id}"))
        .crumb("荣誉", super::pages::list_href(union_id))
        .crumb(title.clone(), href(id));
    let notice_over = d.honour.honour.notice_until.is_some_and(|u| u < service::today());
    Ok(render(&ShowPage { layout, d, default_days: DEFAULT_NOTICE_DAYS, notice_over }))
}

/// Back to the honour with what happened; a refusal is the flash, in
/// Chinese. An honour the caller may not see is the error page.
async fn done(state: &AppState, p: &Principal, id: Uuid, r: AppResult<Honour>, ok: &str) -> PageResult {
    let r = r.map(|_| ok.to_owned()).map_err(|e| {
        let message = format!("未能办理：{}", e.0.message);
        e.with_message(message)
    });
    crate::kit::done(state, p, &href(id), r).await
}

#[derive(Deserialize, Default)]
pub struct StepForm {
    #[serde(default)]
    pub days: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub note: String,
}

pub async fn notice(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = match f.days.trim() {
        "" => steps::notice(&state, &p, id, None).await,
        d => match d.parse::<i64>() {
            Ok(d) => steps::notice(&state, &p, id, Some(d)).await,
            Err(_) => Err(AppError::field(domain::ErrorCode::InvalidValue, "days", "公示天数应为1到30天")),
        },
    };
    done(&state, &p, id, r, "已在公开栏公示").await
}

pub async fn approve(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = steps::approve(&state, &p, id, &f.note).await;
    done(&state, &p, id, r, "已批准，荣誉记入台帐").await
}

pub async fn reject(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = steps::reject(&state, &p, id, &f.reason).await;
    done(&state, &p, id, r, "已不予通过").await
}

pub async fn withdraw(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = steps::withdraw(&state, &p, id, &f.reason).await;
    done(&state, &p, id, r, "已撤回提名").await
}

pub async fn upload(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    mp: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let r = match crate::kit::file_field(mp).await {
        Ok((name, _, bytes)) => {
            steps::add_file(&state, &p, id, &name, &bytes).await.map(|f| format!("已上传{}", f.file_name))
        }
        Err(e) => Err(e),
    };
    crate::kit::done(&state, &p, &href(id), r).await
}

pub async fn download(
    State(state): State<AppState>,
    Path((id, file_id)): Path<(Uuid, Uuid)>,
) -> AppResult<Response> {
    let (f, bytes) = steps::file(&state, id, file_id).await?;
    Ok(super::file_response(&f.file_name, &f.content_type, bytes))
}
