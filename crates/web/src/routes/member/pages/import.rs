//! Importing a roster from a spreadsheet: upload, column mapping, preview,
//! commit in the background, the rejected rows.

use crate::extract::Path;
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use domain::ErrorCode;
use domain::member::Column;
use serde::Deserialize;
use uuid::Uuid;

use super::{base, union_layout};
use crate::extract::PageForm;
use crate::pages::{Layout, PageResult, render, render_status};
use crate::routes::member::api::import::upload;
use crate::routes::member::api::xlsx;
use app::AppState;
use app::auth::Principal;
use app::error::AppError;
use app::member::import::{self, JobState};

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
