//! The member's own honours (a phone page), contest winners offered for
//! nomination, and the model workers due for their yearly care.

use askama::Template;
use axum::extract::State;
use chrono::Datelike;
use domain::auth::Perm;
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Path, Query};
use crate::pages::{Layout, PageResult, redirect_with_flash, render};
use app::AppState;
use app::auth::Principal;
use app::error::AppError;
use app::recognition::honour::care::{self, CareInput, ModelWorker};
use app::recognition::honour::contest::{self, Candidate, FromContest};
use app::recognition::honour::{self as service, Named};

#[derive(Template)]
#[template(path = "recognition/honours/mine.html")]
struct MinePage {
    layout: Layout,
    union_id: Uuid,
    rows: Vec<Named>,
}

/// 我的荣誉: the member's own, then their group's and the union's.
pub async fn mine(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let rows = service::mine(&state, &p, union_id).await?;
    let layout = Layout::new(&state, &p, "my_suggestions", "我的荣誉")
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("我的荣誉", format!("/unions/{union_id}/honours/mine"));
    Ok(render(&MinePage { layout, union_id, rows }))
}

#[derive(Template)]
#[template(path = "recognition/honours/candidates.html")]
struct CandidatesPage {
    layout: Layout,
    union_id: Uuid,
    rows: Vec<Candidate>,
    may_manage: bool,
}

impl CandidatesPage {
    fn suggested(&self, c: &Candidate) -> &'static str {
        contest::default_title(c).label()
    }
}

pub async fn candidates(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let rows = contest::candidates(&state, union_id).await?;
    let layout = Layout::new(&state, &p, "honours", "竞赛获奖候选")
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("荣誉", super::pages::list_href(union_id))
        .crumb("竞赛获奖候选", format!("/unions/{union_id}/honour-candidates"));
    Ok(render(&CandidatesPage {
        layout,
        union_id,
        rows,
        may_manage: p.can(Perm::RecognitionManage, Some(&union.path)),
    }))
}

#[derive(Deserialize, Default)]
pub struct NominateForm {
    #[serde(default)]
    pub contest_id: String,
    #[serde(default)]
    pub entrant_id: String,
}

/// The 提名 button of a candidate.
pub async fn nominate(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<NominateForm>,
) -> PageResult {
    let back = format!("/unions/{union_id}/honour-candidates");
    let i = FromContest {
        contest_id: Uuid::parse_str(f.contest_id.trim()).ok(),
        entrant_id: Uuid::parse_str(f.entrant_id.trim()).ok(),
        title: None,
        level: None,
    };
    match contest::nominate(&state, &p, union_id, &i).await {
        Ok(h) => {
            let msg = format!("已提名“{}”，请安排公示", h.title);
            Ok(redirect_with_flash(&state, &p, &format!("/honours/{}", h.id), &msg).await)
        }
        Err(e) => crate::kit::done(&state, &p, &back, Err(e)).await,
    }
}

#[derive(Deserialize, Default)]
pub struct YearParams {
    #[serde(default)]
    pub year: String,
}

#[derive(Template)]
#[template(path = "recognition/honours/model_workers.html")]
struct WorkersPage {
    layout: Layout,
    union_id: Uuid,
    year: i32,
    rows: Vec<ModelWorker>,
    due: usize,
    may_manage: bool,
}

pub async fn model_workers(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearParams>,
) -> PageResult {
    let year = match q.year.trim() {
        "" => None,
        y => Some(y.parse::<i64>().map_err(|_| {
            AppError::field(domain::ErrorCode::InvalidQuery, "year", "年份应为四位数字，如 2026")
        })?),
    };
    let union = app::org::union(&state, union_id).await?;
    let (year, rows) = care::list(&state, union_id, year).await?;
    let layout = Layout::new(&state, &p, "honours", "劳模关爱")
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("荣誉", super::pages::list_href(union_id))
        .crumb("劳模关爱", format!("/unions/{union_id}/model-workers"));
    Ok(render(&WorkersPage {
        due: rows.iter().filter(|r| r.recorded_at.is_none()).count(),
        layout,
        union_id,
        year,
        rows,
        may_manage: p.can(Perm::RecognitionManage, Some(&union.path)),
    }))
}

#[derive(Deserialize, Default)]
pub struct CareForm {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub visit_on: String,
}

/// 安排关爱 for one model worker: back to the list with the outcome.
pub async fn care(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, member_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<CareForm>,
) -> PageResult {
    let year = f.year.trim().parse::<i64>().ok().unwrap_or_else(|| i64::from(service::today().year()));
    let back = format!("/unions/{union_id}/model-workers?year={year}");
    let visit_on = match f.visit_on.trim() {
        "" => Ok(None),
        v => domain::time::parse_date(v).map(Some).ok_or_else(|| {
            AppError::field(domain::ErrorCode::InvalidDate, "visit_on", "走访日期格式应为 年-月-日")
        }),
    };
    let r = match visit_on {
        Ok(visit_on) => {
            let i = CareInput { year: Some(year), visit_on, activity_id: None };
            care::make(&state, &p, union_id, member_id, &i).await.map(|c| {
                let offer = c.activity.map(|a| format!("，疗休养：{}", a.title)).unwrap_or_default();
                format!("已安排{year}年关爱：{}前走访{offer}", domain::time::fmt_date(c.visit.due_date))
            })
        }
        Err(e) => Err(e),
    };
    crate::kit::done(&state, &p, &back, r).await
}
