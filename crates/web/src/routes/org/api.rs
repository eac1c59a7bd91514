//! `/api/v1/orgs`: the org tree and committees.

use crate::extract::Path;
use app::org::{CommitteeTerm, Org, OrgFilter};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use domain::org::{CommitteePost, EmployerType, OrgFields, OrgKind};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, Query};
use crate::kit::Created;
use app::AppState;
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};
use app::org::service;

#[derive(Debug, Serialize, ToSchema)]
pub struct OrgOut {
    pub id: Uuid,
    /// federation | union | group
    pub kind: String,
    pub kind_label: String,
    pub parent_id: Option<Uuid>,
    /// 所属基层工会（基层工会为自身，总工会为空）
    pub union_id: Option<Uuid>,
    pub name: String,
    pub credit_code: Option<String>,
    pub employer_name: Option<String>,
    pub employer_type: Option<String>,
    pub employer_type_label: Option<String>,
    pub staff_count: Option<i64>,
    pub founded_on: Option<NaiveDate>,
    pub bank_account: Option<String>,
    pub star_rating: Option<i64>,
    pub honours: Option<String>,
    pub archived: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&Org> for OrgOut {
    fn from(o: &Org) -> Self {
        OrgOut {
            id: o.id,
            kind: o.kind.clone(),
            kind_label: OrgKind::parse(&o.kind).map(|k| k.label()).unwrap_or("").to_owned(),
            parent_id: o.parent_id,
            union_id: o.union_id,
            name: o.name.clone(),
            credit_code: o.credit_code.clone(),
            employer_name: o.employer_name.clone(),
            employer_type: o.employer_type.clone(),
            employer_type_label: o
                .employer_type
                .as_deref()
                .and_then(EmployerType::parse)
                .map(|t| t.label().to_owned()),
            staff_count: o.staff_count,
            founded_on: o.founded_on,
            bank_account: o.bank_account.clone(),
            star_rating: o.star_rating,
            honours: o.honours.clone(),
            archived: o.archived_at.is_some(),
            created_at: o.created_at,
            updated_at: o.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrg {
    pub name: String,
    /// federation（总工会）| union（基层工会）| group（工会小组）
    pub kind: String,
    /// 上级组织；省略表示顶级总工会（仅系统管理员）
    pub parent_id: Option<Uuid>,
    /// 统一社会信用代码（18位，校验位按 GB 32100）
    pub credit_code: Option<String>,
    pub employer_name: Option<String>,
    /// government | public_institution | state_owned | collective | non_public | social_organisation
    pub employer_type: Option<String>,
    pub staff_count: Option<i64>,
    pub founded_on: Option<NaiveDate>,
    pub bank_account: Option<String>,
    pub star_rating: Option<i64>,
    pub honours: Option<String>,
}

/// 新建组织
#[utoipa::path(post, path = "/api/v1/orgs", tag = "orgs", security(("bearer" = [])), request_body = CreateOrg,
    responses((status = 201, body = OrgOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    ApiJson(b): ApiJson<CreateOrg>,
) -> AppResult<(StatusCode, Json<OrgOut>)> {
    let fields = OrgFields {
        name: b.name,
        credit_code: b.credit_code,
        employer_name: b.employer_name,
        employer_type: b.employer_type,
        staff_count: b.staff_count,
        founded_on: b.founded_on,
        bank_account: b.bank_account,
        star_rating: b.star_rating,
        honours: b.honours,
    };
    let org = service::create(&state, &p, &b.kind, b.parent_id, &fields).await?;
    Ok((StatusCode::CREATED, Json(OrgOut::from(&org))))
}

/// 组织详情
#[utoipa::path(get, path = "/api/v1/orgs/{id}", tag = "orgs", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = OrgOut), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<AppState>, Path(id): Path<Uuid>) -> AppResult<Json<OrgOut>> {
    Ok(Json(OrgOut::from(&service::get(&state, id).await?)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// 按名称或信用代码查找
    pub q: Option<String>,
    /// federation | union | group
    pub kind: Option<String>,
    /// 只列出此组织的直接下级
    pub parent_id: Option<Uuid>,
    /// 包含已撤销的组织
    pub include_archived: Option<bool>,
    pub page: Option<i64>,
    pub page_size: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrgList {
    pub items: Vec<OrgOut>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

/// 组织列表（本人可见范围内，按树序）
#[utoipa::path(get, path = "/api/v1/orgs", tag = "orgs", security(("bearer" = [])), params(ListQuery),
    responses((status = 200, body = OrgList)))]
pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<OrgList>> {
    let page = app::Page::new(q.page, q.page_size);
    let filter = OrgFilter {
        q: q.q,
        kind: q.kind,
        parent_id: q.parent_id,
        include_archived: q.include_archived.unwrap_or(false),
    };
    let (orgs, total) = service::list(&state, &p, &filter, page).await?;
    Ok(Json(OrgList {
        items: orgs.iter().map(OrgOut::from).collect(),
        total,
        page: page.number,
        page_size: page.size,
    }))
}

/// Absent: unchanged; null: cleared; a value: set.
fn some<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateOrg {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "some")]
    pub credit_code: Option<Option<String>>,
    #[serde(default, deserialize_with = "some")]
    pub employer_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "some")]
    pub employer_type: Option<Option<String>>,
    #[serde(default, deserialize_with = "some")]
    pub staff_count: Option<Option<i64>>,
    #[serde(default, deserialize_with = "some")]
    pub founded_on: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "some")]
    pub bank_account: Option<Option<String>>,
    #[serde(default, deserialize_with = "some")]
    pub star_rating: Option<Option<i64>>,
    #[serde(default, deserialize_with = "some")]
    pub honours: Option<Option<String>>,
}

impl UpdateOrg {
    fn apply(self, mut f: OrgFields) -> OrgFields {
        fn set<T>(slot: &mut Option<T>, v: Option<Option<T>>) {
            if let Some(v) = v {
                *slot = v;
            }
        }
        if let Some(n) = self.name {
            f.name = n;
        }
        set(&mut f.credit_code, self.credit_code);
        set(&mut f.employer_name, self.employer_name);
        set(&mut f.employer_type, self.employer_type);
        set(&mut f.staff_count, self.staff_count);
        set(&mut f.founded_on, self.founded_on);
        set(&mut f.bank_account, self.bank_account);
        set(&mut f.star_rating, self.star_rating);
        set(&mut f.honours, self.honours);
        f
    }
}

/// 修改组织信息（只改所给字段；null 表示清空）
#[utoipa::path(patch, path = "/api/v1/orgs/{id}", tag = "orgs", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateOrg,
    responses((status = 200, body = OrgOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<UpdateOrg>,
) -> AppResult<Json<OrgOut>> {
    let org = service::update(&state, &p, id, |f| b.apply(f)).await?;
    Ok(Json(OrgOut::from(&org)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveOrg {
    /// 新的上级组织
    pub parent_id: Uuid,
}

/// 调整隶属关系（连同下级一起移动）
#[utoipa::path(post, path = "/api/v1/orgs/{id}/move", tag = "orgs", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = MoveOrg,
    responses((status = 200, body = OrgOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn move_to(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<MoveOrg>,
) -> AppResult<Json<OrgOut>> {
    Ok(Json(OrgOut::from(&service::move_to(&state, &p, id, b.parent_id).await?)))
}

/// 撤销（归档）组织
#[utoipa::path(post, path = "/api/v1/orgs/{id}/archive", tag = "orgs", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = OrgOut), (status = 409, body = ErrorBody)))]
pub async fn archive(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<Json<OrgOut>> {
    Ok(Json(OrgOut::from(&service::set_archived(&state, &p, id, true).await?)))
}

/// 恢复已撤销的组织
#[utoipa::path(post, path = "/api/v1/orgs/{id}/restore", tag = "orgs", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = OrgOut), (status = 409, body = ErrorBody)))]
pub async fn restore(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<Json<OrgOut>> {
    Ok(Json(OrgOut::from(&service::set_archived(&state, &p, id, false).await?)))
}

/// Named `CommitteeTermOut` in the API document: the congress's `CommitteeTermOut`
/// had the name first.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CommitteeTermOut)]
pub struct CommitteeTermOut {
    pub id: Uuid,
    /// 第几届
    pub number: i64,
    pub starts_on: NaiveDate,
    pub years: i64,
    pub ends_on: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PostOut {
    pub id: Uuid,
    pub term_id: Uuid,
    /// chair | vice_chair | member | audit_chair | women_chair
    pub post: String,
    pub post_label: String,
    pub person_name: String,
    /// 专职
    pub full_time: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommitteeOut {
    /// Newest first.
    pub terms: Vec<CommitteeTermOut>,
    pub posts: Vec<PostOut>,
    /// current | ending_soon（届满前6个月起）| expired；无届次时为空
    pub term_status: Option<String>,
}

fn post_out(x: &app::org::CommitteePost) -> PostOut {
    PostOut {
        id: x.id,
        term_id: x.term_id,
        post: x.post.clone(),
        post_label: CommitteePost::parse(&x.post).map(|p| p.label()).unwrap_or("").to_owned(),
        person_name: x.person_name.clone(),
        full_time: x.full_time,
    }
}

fn term_out(t: &CommitteeTerm) -> CommitteeTermOut {
    CommitteeTermOut {
        id: t.id,
        number: t.number,
        starts_on: t.starts_on,
        years: t.years,
        ends_on: t.ends_on,
    }
}

/// 工会委员会（届次与职务）
#[utoipa::path(get, path = "/api/v1/orgs/{id}/committee", tag = "orgs", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = CommitteeOut), (status = 404, body = ErrorBody),
        (status = 422, description = "该组织不是基层工会（只有基层工会设立委员会）", body = ErrorBody)))]
pub async fn committee(State(state): State<AppState>, Path(id): Path<Uuid>) -> AppResult<Json<CommitteeOut>> {
    let c = service::committee(&state, id).await?;
    Ok(Json(CommitteeOut {
        terms: c.terms.iter().map(term_out).collect(),
        posts: c.posts.iter().map(post_out).collect(),
        term_status: c.status.map(|s| s.as_str().to_owned()),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTerm {
    /// 本届开始（选举）日期
    pub starts_on: NaiveDate,
    /// 任期：3 或 5 年
    pub years: i64,
}

/// 新一届委员会
#[utoipa::path(post, path = "/api/v1/orgs/{id}/committee/terms", tag = "orgs", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = CreateTerm,
    responses((status = 201, body = CommitteeTermOut), (status = 422, body = ErrorBody)))]
pub async fn add_term(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<CreateTerm>,
) -> AppResult<(StatusCode, Json<CommitteeTermOut>)> {
    let t = service::add_term(&state, &p, id, Some(b.starts_on), b.years).await?;
    Ok((StatusCode::CREATED, Json(term_out(&t))))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePost {
    /// 省略时为最新一届
    pub term_id: Option<Uuid>,
    /// chair | vice_chair | member | audit_chair | women_chair
    pub post: String,
    pub person_name: String,
    /// 专职（true）或兼职（省略或false）
    #[serde(default)]
    pub full_time: bool,
}

/// 任命委员会职务
#[utoipa::path(post, path = "/api/v1/orgs/{id}/committee/posts", tag = "orgs", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = CreatePost,
    responses((status = 201, body = Created), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_post(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<CreatePost>,
) -> AppResult<(StatusCode, Json<Created>)> {
    let row = service::add_post(&state, &p, id, b.term_id, &b.post, &b.person_name, b.full_time).await?;
    Ok((StatusCode::CREATED, Json(Created { id: row.id })))
}

/// 免去委员会职务
#[utoipa::path(delete, path = "/api/v1/orgs/{id}/committee/posts/{post_id}", tag = "orgs", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("post_id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody),
        (status = 422, description = "该组织不是基层工会（只有基层工会设立委员会）", body = ErrorBody)))]
pub async fn remove_post(
    State(state): State<AppState>,
    p: Principal,
    Path((id, post_id)): Path<(Uuid, Uuid)>,
) -> AppResult<StatusCode> {
    service::remove_post(&state, &p, id, post_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
