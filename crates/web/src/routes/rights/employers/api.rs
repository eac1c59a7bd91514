//! `/api/v1/orgs/{org_id}/employers` and `/api/v1/employers/{employer_id}`:
//! the employer register (企业名录).

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use domain::ErrorCode;
use domain::rights::employer::Ownership;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Path, Query};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult, ErrorBody};
use app::rights::employer::import::{ImportOptions, ImportReport};
use app::rights::employer::{self as service, Contract, Employer, EmployerInput, Filter};

#[derive(Debug, Serialize, ToSchema)]
pub struct EmployerOut {
    pub id: Uuid,
    /// The org keeping the register.
    pub org_id: Uuid,
    pub name: String,
    /// 统一社会信用代码 (normalised)
    pub credit_code: String,
    /// domestic | hk_macao_taiwan | foreign | public_institution | government | individual | social_organisation
    pub ownership: String,
    /// 内资 / 港澳台 / 外商 / 事业单位 / 机关 / 个体 / 社会组织
    pub ownership_label: String,
    pub staff: i64,
    pub women: i64,
    pub migrant_workers: i64,
    /// The union covering it (own or a 联合工会); null: 未建会.
    pub covered_by_union_id: Option<Uuid>,
    pub covered_by_name: Option<String>,
    pub updated_at: DateTime<Utc>,
}

pub fn out(e: Employer) -> EmployerOut {
    EmployerOut {
        id: e.id,
        org_id: e.union_id,
        ownership_label: Ownership::parse(&e.ownership).map_or("", |o| o.label()).to_owned(),
        name: e.name,
        credit_code: e.credit_code,
        ownership: e.ownership,
        staff: e.staff,
        women: e.women,
        migrant_workers: e.migrant_workers,
        covered_by_union_id: e.covered_by_union_id,
        covered_by_name: e.covered_by_name,
        updated_at: e.updated_at,
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmployerIn {
    /// 单位名称
    pub name: String,
    /// 统一社会信用代码（18位，GB 32100 校验）
    pub credit_code: String,
    /// 单位性质：代码（domestic …）或名称（内资、港澳台、外商、事业单位、机关、个体、社会组织）
    pub ownership: String,
    /// 职工人数
    pub staff: i64,
    /// 女职工人数（不超过职工人数）
    #[serde(default)]
    pub women: i64,
    /// 农民工人数（不超过职工人数）
    #[serde(default)]
    pub migrant_workers: i64,
    /// 覆盖该单位的工会（本名录所属组织之下的基层工会，含联合工会）；省略：未建会
    pub covered_by_union_id: Option<Uuid>,
}

impl From<EmployerIn> for EmployerInput {
    fn from(b: EmployerIn) -> Self {
        EmployerInput {
            name: b.name,
            credit_code: b.credit_code,
            ownership: b.ownership,
            staff: b.staff,
            women: b.women,
            migrant_workers: b.migrant_workers,
            covered_by_union_id: b.covered_by_union_id,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// 单位性质（代码或名称）
    pub ownership: Option<String>,
    /// 只列覆盖工会为此工会的单位
    pub covered_by_union_id: Option<Uuid>,
    /// true：只列职工25人以上、尚无工会覆盖的单位（未建会名单）
    pub unionless: Option<bool>,
    /// 名称或信用代码中的文字
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// The list's filter from the query; an unknown ownership is refused naming
/// the parameter.
pub fn filter_of(q: &ListQuery) -> AppResult<Filter> {
    let ownership = match q.ownership.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            Ownership::parse(s)
                .ok_or_else(|| {
                    AppError::field(ErrorCode::InvalidQuery, "ownership", format!("单位性质“{s}”不存在"))
                })?
                .as_str()
                .to_owned(),
        ),
    };
    Ok(Filter {
        ownership,
        covered_by: q.covered_by_union_id,
        unionless_from: q.unionless.unwrap_or(false).then(service::unionless_threshold),
        q: q.q.clone(),
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EmployerList {
    pub items: Vec<EmployerOut>,
    /// Employers matching the filter.
    pub total: i64,
    pub page: i64,
    /// The whole register: employers, their staff, those with 25 or more
    /// staff, and of them those covered by a union.
    pub employers: i64,
    pub staff: i64,
    pub required: i64,
    pub covered: i64,
    /// 建会率 of the register ("96.00%", "—" without a base)
    pub unionisation_rate: String,
}

/// 企业名录
#[utoipa::path(get, path = "/api/v1/orgs/{org_id}/employers", tag = "employers", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ListQuery), responses((status = 200, body = EmployerList), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Path(org_id): Path<Uuid>,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<EmployerList>> {
    let f = filter_of(&q)?;
    let page = app::Page::new(q.page, q.per_page);
    let (_, rows, total, s) = service::list(&state, org_id, &f, page).await?;
    Ok(Json(EmployerList {
        items: rows.into_iter().map(out).collect(),
        total,
        page: page.number,
        employers: s.employers,
        staff: s.staff,
        required: s.required,
        covered: s.covered,
        unionisation_rate: s.rate(),
    }))
}

/// 登记企业
#[utoipa::path(post, path = "/api/v1/orgs/{org_id}/employers", tag = "employers", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)), request_body = EmployerIn,
    responses((status = 201, body = EmployerOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(org_id): Path<Uuid>,
    ApiJson(b): ApiJson<EmployerIn>,
) -> AppResult<(StatusCode, Json<EmployerOut>)> {
    let e = service::create(&state, &p, org_id, &b.into()).await?;
    Ok((StatusCode::CREATED, Json(out(e))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContractBrief {
    pub id: Uuid,
    /// The signing union.
    pub union_id: Uuid,
    /// general | wage | women
    pub kind: String,
    pub title: String,
    pub signed_on: Option<NaiveDate>,
    pub term_months: i64,
    pub workers_covered: i64,
}

pub fn brief(c: Contract) -> ContractBrief {
    ContractBrief {
        id: c.id,
        union_id: c.union_id,
        kind: c.kind,
        title: c.title,
        signed_on: c.signed_on,
        term_months: c.term_months,
        workers_covered: c.workers_covered,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EmployerDetail {
    #[serde(flatten)]
    pub employer: EmployerOut,
    /// The collective contracts signed for it.
    pub contracts: Vec<ContractBrief>,
}

/// 企业详情（含其集体合同）
#[utoipa::path(get, path = "/api/v1/employers/{employer_id}", tag = "employers", security(("bearer" = [])),
    params(("employer_id" = Uuid, Path)), responses((status = 200, body = EmployerDetail), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<AppState>, Path(id): Path<Uuid>) -> AppResult<Json<EmployerDetail>> {
    let (e, _, contracts) = service::get(&state, id).await?;
    Ok(Json(EmployerDetail { employer: out(e), contracts: contracts.into_iter().map(brief).collect() }))
}

/// 修改企业信息
#[utoipa::path(put, path = "/api/v1/employers/{employer_id}", tag = "employers", security(("bearer" = [])),
    params(("employer_id" = Uuid, Path)), request_body = EmployerIn,
    responses((status = 200, body = EmployerOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<EmployerIn>,
) -> AppResult<Json<EmployerOut>> {
    Ok(Json(out(service::update(&state, &p, id, &b.into()).await?)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// true：只检查，不写入
    pub dry_run: Option<bool>,
    /// true：有错误的行不导入，其余照常导入；省略或 false：只要有一行有误就全部不导入
    pub skip_bad_rows: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RowError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RejectedOut {
    /// 表格中的行号
    pub row: usize,
    pub name: String,
    pub credit_code: String,
    /// The reasons in one sentence.
    pub message: String,
    pub errors: Vec<RowError>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportOut {
    /// Data rows in the file.
    pub rows: usize,
    /// New employers (written, or to be written).
    pub created: usize,
    /// Employers updated by their credit code.
    pub updated: usize,
    pub rejected: Vec<RejectedOut>,
    /// Whether anything was written: false for a dry run, and when a row is
    /// bad and skip_bad_rows was not asked for.
    pub written: bool,
    pub dry_run: bool,
    pub skip_bad_rows: bool,
}

pub fn import_out(r: ImportReport) -> ImportOut {
    ImportOut {
        rows: r.rows,
        created: r.created,
        updated: r.updated,
        rejected: r
            .rejected
            .into_iter()
            .map(|x| RejectedOut {
                message: x.message(),
                row: x.row,
                name: x.name,
                credit_code: x.credit_code,
                errors: x.errors.into_iter().map(|(field, message)| RowError { field, message }).collect(),
            })
            .collect(),
        written: r.written,
        dry_run: r.dry_run,
        skip_bad_rows: r.skip_bad_rows,
    }
}

/// 从 Excel / CSV 导入企业名录（multipart 字段 file）
#[utoipa::path(post, path = "/api/v1/orgs/{org_id}/employers/import", tag = "employers", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ImportQuery),
    request_body(content_type = "multipart/form-data", description = "字段 file：.xlsx、.xls 或 .csv；表头：单位名称、统一社会信用代码、单位性质、职工人数、女职工人数、农民工人数、所属工会（可选：工会名称或统一社会信用代码）。已登记的信用代码按文件更新"),
    responses((status = 200, body = ImportOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    p: Principal,
    Path(org_id): Path<Uuid>,
    Query(q): Query<ImportQuery>,
    mp: Result<Multipart, MultipartRejection>,
) -> AppResult<Json<ImportOut>> {
    let (filename, _, bytes) = crate::kit::file_field(mp).await?;
    let options = ImportOptions {
        dry_run: q.dry_run.unwrap_or(false),
        skip_bad_rows: q.skip_bad_rows.unwrap_or(false),
    };
    let r = app::rights::employer::import::import(&state, &p, org_id, bytes, &filename, options).await?;
    Ok(Json(import_out(r)))
}
