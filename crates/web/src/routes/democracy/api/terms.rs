//! The congress's terms (届次) and their delegates, and the overview.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::sessions::{SessionBrief, session_brief};
use super::{BallotBrief, DelegateOut, TermOut, ballot_brief, delegate_out, term_out};
use crate::extract::{ApiJson, Path};
use app::AppState;
use app::auth::Principal;
use app::democracy::congress::{self, DelegateInput, TermView};
use app::error::{AppResult, ErrorBody};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TermIn {
    /// 本届起始日期，默认今天
    pub starts_on: Option<NaiveDate>,
    /// 任期3至5年
    pub years: i64,
    /// delegates（职工代表大会）| all_staff（职工大会）；默认按职工人数（100人以上为职工代表大会）
    pub form: Option<String>,
}
/// 新建一届职代会（或职工大会）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/congress/terms", tag = "democracy", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = TermIn,
    responses((status = 201, body = TermOut), (status = 422, body = ErrorBody)))]
pub async fn create_term(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<TermIn>,
) -> AppResult<(StatusCode, Json<TermOut>)> {
    let t = congress::create_term(&state, &p, union_id, b.starts_on, b.years, b.form.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(term_out(&t))))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DelegateIn {
    /// 本会会员（姓名、性别取自花名册）
    pub member_id: Option<Uuid>,
    /// 代表的登录账号（电子投票用）；默认为与该会员关联的账号
    pub user_id: Option<Uuid>,
    pub name: Option<String>,
    /// male | female | 男 | 女
    pub gender: Option<String>,
    /// 中层以上管理人员
    #[serde(default)]
    pub manager: bool,
    /// 一线职工
    #[serde(default)]
    pub frontline: bool,
    /// 主席团成员
    #[serde(default)]
    pub presidium: bool,
}
/// 登记职工代表
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/congress/terms/{term_id}/delegates", tag = "democracy",
    security(("bearer" = [])), params(("union_id" = Uuid, Path), ("term_id" = Uuid, Path)), request_body = DelegateIn,
    responses((status = 201, body = DelegateOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_delegate(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, term_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<DelegateIn>,
) -> AppResult<(StatusCode, Json<DelegateOut>)> {
    let input = DelegateInput {
        member_id: b.member_id,
        user_id: b.user_id,
        name: b.name,
        gender: b.gender,
        manager: b.manager,
        frontline: b.frontline,
        presidium: b.presidium,
    };
    let d = congress::add_delegate(&state, &p, union_id, term_id, &input).await?;
    Ok((StatusCode::CREATED, Json(delegate_out(&d))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CompositionOut {
    pub delegates: u64,
    pub managers: u64,
    pub women: u64,
    pub presidium: u64,
    pub presidium_frontline: u64,
    /// 在籍会员（职工）人数及其中女职工人数
    pub staff: u64,
    pub staff_women: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DelegatesOut {
    pub term: TermOut,
    pub delegates: Vec<DelegateOut>,
    pub composition: CompositionOut,
    /// 代表构成不符合规定之处（中文，提示而非禁止）
    pub warnings: Vec<String>,
}

fn delegates_out(v: &TermView) -> DelegatesOut {
    let c = &v.composition;
    DelegatesOut {
        term: term_out(&v.term),
        delegates: v.delegates.iter().map(delegate_out).collect(),
        composition: CompositionOut {
            delegates: c.delegates,
            managers: c.managers,
            women: c.women,
            presidium: c.presidium,
            presidium_frontline: c.presidium_frontline,
            staff: c.staff,
            staff_women: c.staff_women,
        },
        warnings: v.warnings.clone(),
    }
}

/// 本届代表名单、构成及提示
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/congress/terms/{term_id}/delegates", tag = "democracy",
    security(("bearer" = [])), params(("union_id" = Uuid, Path), ("term_id" = Uuid, Path)),
    responses((status = 200, body = DelegatesOut), (status = 404, body = ErrorBody)))]
pub async fn delegates(
    State(state): State<AppState>,
    Path((union_id, term_id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<DelegatesOut>> {
    Ok(Json(delegates_out(&congress::term_view(&state, union_id, term_id).await?)))
}
#[derive(Debug, Serialize, ToSchema)]
pub struct CongressOut {
    /// 按职工人数应采用的形式：delegates | all_staff
    pub form: String,
    pub terms: Vec<TermOut>,
    /// 最新一届的代表及构成
    pub current: Option<DelegatesOut>,
    pub sessions: Vec<SessionBrief>,
    pub ballots: Vec<BallotBrief>,
}

/// 职代会概况：届次、最新一届代表构成、会议、投票
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/congress", tag = "democracy", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = CongressOut)))]
pub async fn overview(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<CongressOut>> {
    let o = congress::overview(&state, union_id).await?;
    Ok(Json(CongressOut {
        form: o.form.as_str().to_owned(),
        terms: o.terms.iter().map(term_out).collect(),
        current: o.current.as_ref().map(delegates_out),
        sessions: o.sessions.iter().map(|(s, w)| session_brief(s, w.clone())).collect(),
        ballots: o.ballots.iter().map(ballot_brief).collect(),
    }))
}
