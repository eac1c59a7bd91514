//! The step forms of a contract's page: each runs its step and goes back to
//! the contract with what happened (a refusal, in Chinese naming the
//! reason, is the flash).

use axum::extract::State;
use chrono::NaiveDate;
use domain::ErrorCode;
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Path};
use crate::pages::PageResult;
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::rights::contract::steps::{self, CongressInput};

/// Every field a step form may send, as text.
#[derive(Debug, Deserialize, Default)]
pub struct StepForm {
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub ballot_id: String,
    #[serde(default)]
    pub delegates: String,
    #[serde(default)]
    pub present: String,
    #[serde(default)]
    pub in_favour: String,
    #[serde(default)]
    pub signed_on: String,
    #[serde(default)]
    pub filed_on: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub reviewed_on: String,
    #[serde(default)]
    pub opinion: String,
    #[serde(default)]
    pub published_on: String,
    #[serde(default)]
    pub note: String,
}

fn date(field: &str, label: &str, s: &str) -> AppResult<Option<NaiveDate>> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    domain::time::parse_date(s).map(Some).ok_or_else(|| {
        AppError::field(ErrorCode::InvalidDate, field, format!("{label}“{}”不是日期，如2026-12-01", s.trim()))
    })
}

fn count(field: &str, label: &str, s: &str) -> AppResult<Option<i64>> {
    match s.trim() {
        "" => Ok(None),
        t => t
            .parse()
            .map(Some)
            .map_err(|_| AppError::field(ErrorCode::InvalidCount, field, format!("{label}“{t}”应为整数"))),
    }
}

async fn done<T>(state: &AppState, p: &Principal, id: Uuid, r: AppResult<T>, ok: &str) -> PageResult {
    let r = r.map(|_| ok.to_owned()).map_err(|e| {
        let message = format!("未能办理：{}", e.0.message);
        e.with_message(message)
    });
    crate::kit::done(state, p, &format!("/collective-contracts/{id}"), r).await
}

pub async fn negotiate(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = match date("held_on", "协商日期", &f.held_on) {
        Ok(d) => steps::add_negotiation(&state, &p, id, d, &f.summary).await,
        Err(e) => Err(e),
    };
    done(&state, &p, id, r, "协商情况已记录").await
}

pub async fn congress(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let input = || -> AppResult<CongressInput> {
        let ballot_id = match f.ballot_id.trim() {
            "" => None,
            s => Some(
                Uuid::parse_str(s)
                    .map_err(|_| AppError::field(ErrorCode::NotFound, "ballot_id", "所选表决不存在"))?,
            ),
        };
        if ballot_id.is_some() {
            return Ok(CongressInput { ballot_id, ..Default::default() });
        }
        Ok(CongressInput {
            ballot_id,
            delegates: count("delegates", "应到代表人数", &f.delegates)?,
            present: count("present", "实到代表人数", &f.present)?,
            in_favour: count("in_favour", "赞成人数", &f.in_favour)?,
        })
    };
    let r = match input() {
        Ok(i) => steps::record_congress(&state, &p, id, i).await,
        Err(e) => Err(e),
    };
    done(&state, &p, id, r, "职代会审议通过的结果已记录").await
}

pub async fn sign(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = match date("signed_on", "签订日期", &f.signed_on) {
        Ok(d) => steps::sign(&state, &p, id, d).await,
        Err(e) => Err(e),
    };
    done(&state, &p, id, r, "已签订，请于10日内报送审查").await
}

pub async fn file(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = match date("filed_on", "报送日期", &f.filed_on) {
        Ok(d) => steps::file(&state, &p, id, d).await,
        Err(e) => Err(e),
    };
    done(&state, &p, id, r, "已报送审查").await
}

pub async fn review(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = match date("reviewed_on", "审查意见日期", &f.reviewed_on) {
        Ok(d) => steps::review(&state, &p, id, &f.outcome, d, &f.opinion).await,
        Err(e) => Err(e),
    };
    done(&state, &p, id, r, "审查意见已记录").await
}

pub async fn publish(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = match date("published_on", "公布日期", &f.published_on) {
        Ok(d) => steps::publish(&state, &p, id, d, &f.note).await,
        Err(e) => Err(e),
    };
    done(&state, &p, id, r, "已在厂务公开栏向全体职工公布").await
}
