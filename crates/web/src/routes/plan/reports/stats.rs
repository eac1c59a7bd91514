//! The annual statistics (年报): the JSON tables, the page that runs the
//! roll-up as a job with a progress bar (refreshing without JavaScript),
//! and the workbook to hand up.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use domain::plan::annual::UnionClass;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ReportYear, XLSX, download};
use crate::extract::{Path, Query};
use crate::pages::{Layout, PageResult, render};
use crate::routes::rights::stats::api::RightsRateOut;
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::plan::stats::{self, AnnualStats, JobState, Row};

#[derive(Debug, Serialize, ToSchema)]
pub struct AnnualStatsOut {
    pub org_id: Uuid,
    pub org_name: String,
    pub year: i32,
    /// 数据截至（年末，或今年的今天）
    pub as_of: NaiveDate,
    /// 每个直属下级组织一行（总工会或基层工会），可下钻
    pub rows: Vec<AnnualStatsRowOut>,
    /// 合计（整个下属范围）
    pub total: AnnualStatsRowOut,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnnualStatsRowOut {
    pub org_id: Uuid,
    pub name: String,
    /// federation | union
    pub kind: String,
    /// 该下级组织的统计年报（下钻）；合计行为空
    pub link: Option<String>,
    /// 基层工会数
    pub unions: u64,
    pub unions_by_ownership: AnnualStatsOwnershipOut,
    /// 联合工会数、覆盖单位数、会员数
    pub joint_unions: u64,
    pub joint_units: u64,
    pub joint_members: u64,
    /// 会员数（年末），其中女性、农民工
    pub members: u64,
    pub women: u64,
    pub migrant_workers: u64,
    /// 专职、兼职工会干部（年末在任委员会）
    pub full_time_staff: u64,
    pub part_time_staff: u64,
    /// 职代会代表（年末在任届次），其中女代表
    pub delegates: u64,
    pub delegate_women: u64,
    /// 建会率、入会率、集体合同签订率（企业名录；直属基层工会行为空）
    pub unionisation_rate: Option<RightsRateOut>,
    pub membership_rate: Option<RightsRateOut>,
    pub contract_rate: Option<RightsRateOut>,
    /// 集体合同覆盖职工
    pub workers_covered: Option<u64>,
}

/// 基层工会数按单位所有制类型（企业名录的类型优先，否则按工会的单位性质）
#[derive(Debug, Serialize, ToSchema)]
pub struct AnnualStatsOwnershipOut {
    pub domestic: u64,
    pub hk_macao_taiwan: u64,
    pub foreign: u64,
    pub public_institution: u64,
    pub government: u64,
    pub social_organisation: u64,
    pub unclassified: u64,
}

fn row_out(r: &Row, root: Uuid, year: i32) -> AnnualStatsRowOut {
    let c = &r.counts;
    let e = r.rates.as_ref();
    AnnualStatsRowOut {
        org_id: r.org_id,
        name: r.name.clone(),
        kind: r.kind.clone(),
        link: (r.org_id != root).then(|| format!("/api/v1/orgs/{}/annual-stats?year={year}", r.org_id)),
        unions: c.unions,
        unions_by_ownership: AnnualStatsOwnershipOut {
            domestic: c.of_class(UnionClass::Domestic),
            hk_macao_taiwan: c.of_class(UnionClass::HkMacaoTaiwan),
            foreign: c.of_class(UnionClass::Foreign),
            public_institution: c.of_class(UnionClass::PublicInstitution),
            government: c.of_class(UnionClass::Government),
            social_organisation: c.of_class(UnionClass::SocialOrganisation),
            unclassified: c.of_class(UnionClass::Unclassified),
        },
        joint_unions: c.joint_unions,
        joint_units: c.joint_units,
        joint_members: c.joint_members,
        members: c.members,
        women: c.women,
        migrant_workers: c.migrant_workers,
        full_time_staff: c.full_time_staff,
        part_time_staff: c.part_time_staff,
        delegates: c.delegates,
        delegate_women: c.delegate_women,
        unionisation_rate: e.map(|e| e.unionisation.into()),
        membership_rate: e.map(|e| e.membership.into()),
        contract_rate: e.map(|e| e.contract.into()),
        workers_covered: e.map(|e| e.workers_covered),
    }
}

impl From<&AnnualStats> for AnnualStatsOut {
    fn from(s: &AnnualStats) -> Self {
        AnnualStatsOut {
            org_id: s.org_id,
            org_name: s.org_name.clone(),
            year: s.year,
            as_of: s.as_of,
            rows: s.rows.iter().map(|r| row_out(r, s.org_id, s.year)).collect(),
            total: row_out(&s.total, s.org_id, s.year),
        }
    }
}

/// 工会统计年报：按直属下级组织分列及合计（基层工会数按所有制、会员、联合工会、工会干部、职代会代表、建会率、入会率、集体合同）
#[utoipa::path(get, path = "/api/v1/orgs/{org_id}/annual-stats", tag = "plan-reports", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ReportYear),
    responses((status = 200, body = AnnualStatsOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_stats(
    State(state): State<AppState>,
    Path(org_id): Path<Uuid>,
    Query(q): Query<ReportYear>,
) -> AppResult<Json<AnnualStatsOut>> {
    let s = stats::report(&state, org_id, q.year).await?;
    Ok(Json((&s).into()))
}

/// 工会统计年报（Excel，每表一个工作表，含标题、填报单位、年度和合计行）
#[utoipa::path(get, path = "/api/v1/orgs/{org_id}/annual-stats.xlsx", tag = "plan-reports", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ReportYear),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_stats_xlsx(
    State(state): State<AppState>,
    Path(org_id): Path<Uuid>,
    Query(q): Query<ReportYear>,
) -> AppResult<Response> {
    let s = stats::finished_or_report(&state, org_id, q.year).await?;
    let bytes = stats::xlsx(&s).await?;
    Ok(download(&format!("{}{}年工会统计年报.xlsx", s.org_name, s.year), "annual-stats.xlsx", XLSX, bytes))
}

#[derive(Template)]
#[template(path = "plan/annual_stats.html")]
struct StatsPage {
    layout: Layout,
    org_id: Uuid,
    org_name: String,
    year: i32,
    running: bool,
    percent: usize,
    failed: Option<String>,
    s: Option<std::sync::Arc<AnnualStats>>,
    tables: Vec<stats::Table>,
}

impl StatsPage {
    fn as_of(&self) -> String {
        self.s.as_ref().map(|s| domain::time::fmt_date(s.as_of)).unwrap_or_default()
    }
}

/// The statistics page: starts (or reuses) the roll-up and shows its
/// progress, refreshing itself until the tables are ready.
pub async fn page(
    State(state): State<AppState>,
    p: Principal,
    Path(org_id): Path<Uuid>,
    Query(q): Query<ReportYear>,
) -> PageResult {
    let org = app::org::service::get(&state, org_id).await?;
    let fresh = q.refresh.as_deref().is_some_and(|r| !r.is_empty());
    let job = stats::start(&state, org_id, q.year, fresh).await?;
    let (running, failed, s) = match &job.state {
        JobState::Running => (true, None, None),
        JobState::Failed(m) => (false, Some(m.clone()), None),
        JobState::Finished(s) => (false, None, Some(std::sync::Arc::clone(s))),
    };
    let tables = s.as_deref().map(stats::tables).unwrap_or_default();
    let layout = Layout::new(&state, &p, "work_plans", &format!("{}年工会统计年报", job.year))
        .await
        .crumb(org.name.clone(), format!("/orgs/{org_id}"))
        .crumb("统计年报", format!("/orgs/{org_id}/annual-stats?year={}", job.year));
    Ok(render(&StatsPage {
        layout,
        org_id,
        org_name: org.name,
        year: job.year,
        running,
        percent: job.percent(),
        failed,
        s,
        tables,
    }))
}
