//! The rights statistics and the union's rights settings in the JSON API.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use domain::ratio::Ratio;
use domain::rights::stats::RightsStats;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Path, Query};
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::rights::settings::{self, RightsSettings};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// 年份，如2026；不填为今年
    pub year: Option<i32>,
}

/// A rate with its parts: `rate` is the fraction (0–1, to 1/10000,
/// rounded down), `text` as shown (“95.00%”, “—” without a base).
#[derive(Debug, Serialize, ToSchema)]
pub struct RightsRateOut {
    pub numerator: u64,
    pub denominator: u64,
    pub rate: f64,
    pub text: String,
}

impl From<Ratio> for RightsRateOut {
    fn from(r: Ratio) -> Self {
        RightsRateOut {
            numerator: r.numerator,
            denominator: r.denominator,
            rate: fraction(r),
            text: r.display(),
        }
    }
}

fn fraction(r: Ratio) -> f64 {
    f64::from(r.basis_points()) / 10_000.0
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PetitionRatesOut {
    /// 全年收到的来信来访（件）
    pub received: u64,
    /// 不予受理
    pub rejected: u64,
    /// 受理
    pub accepted: u64,
    /// 截至统计日超期未受理或未答复
    pub overdue: u64,
    /// 按期答复率（0–1）
    pub answered_on_time_rate: f64,
    pub answered_on_time: RightsRateOut,
    /// 办结率（0–1）
    pub resolved_rate: f64,
    pub resolved: RightsRateOut,
    /// 满意率（满意与基本满意 ÷ 已评价，0–1）
    pub satisfaction_rate: f64,
    pub satisfaction: RightsRateOut,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ByTypeOut {
    pub dispute_type: String,
    /// 如“劳动报酬”
    pub label: String,
    pub cases: u64,
    pub agreements: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MediationOut {
    /// 全年申请调解的案件（件）
    pub cases: u64,
    /// 达成调解协议
    pub agreements: u64,
    /// 成功调解率（调解协议 ÷ 已结案件，0–1）
    pub rate: f64,
    pub success: RightsRateOut,
    pub pending: u64,
    pub refused: u64,
    pub open: u64,
    pub withdrawn: u64,
    pub referred: u64,
    pub by_type: Vec<ByTypeOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RightsStatsOut {
    pub org_id: Uuid,
    pub year: i32,
    /// 统计截止日：该年年底，或今年的今天
    pub as_of: NaiveDate,
    /// 下属企业名录中的企业（按统一社会信用代码去重）
    pub employers: u64,
    /// 建会率（25人以上企业中已建会的比例，0–1）
    pub unionisation_rate: f64,
    pub unionisation: RightsRateOut,
    /// 入会率（已建会企业的会员 ÷ 职工，0–1）
    pub membership_rate: f64,
    pub membership: RightsRateOut,
    /// 集体合同签订率（已建会企业中集体合同在有效期内的比例，0–1）
    pub contract_rate: f64,
    pub contract: RightsRateOut,
    /// 有效集体合同覆盖职工（人）
    pub workers_covered: u64,
    pub petitions: PetitionRatesOut,
    pub mediation: MediationOut,
}

impl RightsStatsOut {
    pub fn new(org_id: Uuid, s: RightsStats) -> Self {
        let (e, p, m) = (s.employers, s.petitions, s.mediation);
        RightsStatsOut {
            org_id,
            year: s.year,
            as_of: s.as_of,
            employers: e.employers,
            unionisation_rate: fraction(e.unionisation),
            unionisation: e.unionisation.into(),
            membership_rate: fraction(e.membership),
            membership: e.membership.into(),
            contract_rate: fraction(e.contract),
            contract: e.contract.into(),
            workers_covered: e.workers_covered,
            petitions: PetitionRatesOut {
                received: p.total,
                rejected: p.rejected,
                accepted: p.accepted,
                overdue: s.petitions_overdue,
                answered_on_time_rate: fraction(p.answered_on_time),
                answered_on_time: p.answered_on_time.into(),
                resolved_rate: fraction(p.resolved),
                resolved: p.resolved.into(),
                satisfaction_rate: fraction(p.satisfaction),
                satisfaction: p.satisfaction.into(),
            },
            mediation: MediationOut {
                cases: m.total,
                agreements: m.agreements,
                rate: fraction(m.success),
                success: m.success.into(),
                pending: m.pending,
                refused: m.refused,
                open: m.open,
                withdrawn: m.withdrawn,
                referred: m.referred,
                by_type: s
                    .mediation_by_type
                    .into_iter()
                    .map(|t| ByTypeOut {
                        dispute_type: t.dispute_type,
                        label: t.label,
                        cases: t.cases,
                        agreements: t.agreements,
                    })
                    .collect(),
            },
        }
    }
}

/// 维权统计：本组织及下属的建会率、入会率、集体合同签订率、覆盖职工，来信来访与劳动争议调解（只有数量和比率，没有来信内容）
#[utoipa::path(get, path = "/api/v1/orgs/{org_id}/rights-stats", tag = "rights", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), YearQuery),
    responses((status = 200, body = RightsStatsOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn rights_stats(
    State(state): State<AppState>,
    Path(org_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> AppResult<Json<RightsStatsOut>> {
    let s = app::rights::stats::report(&state, org_id, q.year).await?;
    Ok(Json(RightsStatsOut::new(org_id, s)))
}

/// 维权设置：匿名来信、办理期限、调解与集体合同的期限、劳动保护检查表
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/rights-settings", tag = "rights", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)),
    responses((status = 200, body = RightsSettings), (status = 404, body = ErrorBody)))]
pub async fn get_settings(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<RightsSettings>> {
    Ok(Json(settings::get(&state, union_id).await?))
}

/// 修改维权设置（各项期限不少于1天；检查表至少一项）
#[utoipa::path(put, path = "/api/v1/unions/{union_id}/rights-settings", tag = "rights", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = RightsSettings,
    responses((status = 200, body = RightsSettings), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_settings(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<RightsSettings>,
) -> AppResult<Json<RightsSettings>> {
    Ok(Json(settings::save(&state, &p, union_id, b).await?))
}
