//! `/api/v1/unions/{union_id}/members`, transfers, roster settings, joining.

use std::sync::atomic::AtomicUsize;

use crate::extract::Path;
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use domain::ErrorCode;
use domain::member::{Column, MemberStatus};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::export;
use crate::extract::{ApiJson, Query};
use app::AppState;
use app::audit::service::Actor;
use app::auth::Principal;
use app::error::{AppError, AppResult, ErrorBody};
use app::member::roster::RosterQuery;
use app::member::{Member, Settings, import, service};

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberOut {
    pub id: Uuid,
    pub union_id: Uuid,
    pub name: String,
    /// male | female
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub birth_date: Option<NaiveDate>,
    /// resident_id | hmt_permit | passport
    pub doc_type: String,
    /// 证件号码（脱敏），如 110***********123X
    pub id_number_masked: String,
    pub mobile: Option<String>,
    pub education: Option<String>,
    pub political: Option<String>,
    pub employment: Option<String>,
    pub post: Option<String>,
    pub group_id: Option<Uuid>,
    /// 会费基数，单位：分
    pub dues_base_fen: Option<i64>,
    pub join_date: Option<NaiveDate>,
    pub card_number: Option<String>,
    /// applying | active | retained | transferred_out | withdrawn | expelled | deceased | declined | merged
    pub status: String,
    pub status_label: String,
    pub status_date: Option<NaiveDate>,
    pub status_reason: Option<String>,
    pub model_worker: bool,
    pub hardship: bool,
    /// 连续6个月未交会费，待核查
    pub dues_review: bool,
    pub created_at: DateTime<Utc>,
}

impl From<&Member> for MemberOut {
    fn from(m: &Member) -> Self {
        MemberOut {
            id: m.id,
            union_id: m.union_id,
            name: m.name.clone(),
            gender: m.gender.clone(),
            ethnicity: m.ethnicity.clone(),
            birth_date: m.birth_date,
            doc_type: m.doc_type.clone(),
            id_number_masked: m.id_masked.clone(),
            mobile: m.mobile.clone(),
            education: m.education.clone(),
            political: m.political.clone(),
            employment: m.employment.clone(),
            post: m.post.clone(),
            group_id: m.group_id,
            dues_base_fen: m.dues_base_fen,
            join_date: m.join_date,
            card_number: m.card_number.clone(),
            status_label: MemberStatus::parse(&m.status).map(|s| s.label()).unwrap_or("").to_owned(),
            status: m.status.clone(),
            status_date: m.status_date,
            status_reason: m.status_reason.clone(),
            model_worker: m.model_worker,
            hardship: m.hardship,
            dues_review: m.dues_review,
            created_at: m.created_at,
        }
    }
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberIn {
    pub name: Option<String>,
    /// 证件号码：居民身份证18位（校验位按 GB 11643），港澳台居民居住证，护照
    pub id_number: Option<String>,
    /// resident_id（默认）| hmt_permit | passport
    pub doc_type: Option<String>,
    pub mobile: Option<String>,
    /// male | female（或 男 / 女）；与身份证号不符时拒绝
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub join_date: Option<NaiveDate>,
    pub group_id: Option<Uuid>,
    /// 会费基数，单位：分
    pub dues_base_fen: Option<i64>,
    pub education: Option<String>,
    pub political: Option<String>,
    pub employment: Option<String>,
    pub post: Option<String>,
    pub card_number: Option<String>,
    pub model_worker: Option<bool>,
    pub hardship: Option<bool>,
}

/// Fen as yuan text for the validator, sign kept (−5 fen is "-0.05").
fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", (fen / 100).abs(), (fen % 100).abs())
}

impl MemberIn {
    /// The input as the cells every path validates.
    pub fn input(&self) -> service::MemberInput {
        let mut i = service::MemberInput {
            group_id: self.group_id,
            model_worker: self.model_worker.unwrap_or(false),
            hardship: self.hardship.unwrap_or(false),
            ..Default::default()
        };
        i.set(Column::Name, self.name.clone());
        i.set(Column::IdNumber, self.id_number.clone());
        i.set(Column::DocType, self.doc_type.clone());
        i.set(Column::Mobile, self.mobile.clone());
        i.set(Column::Gender, self.gender.clone());
        i.set(Column::Ethnicity, self.ethnicity.clone());
        i.set(Column::BirthDate, self.birth_date.map(|d| d.to_string()));
        i.set(Column::JoinDate, self.join_date.map(|d| d.to_string()));
        i.set(Column::DuesBase, self.dues_base_fen.map(yuan));
        i.set(Column::Education, self.education.clone());
        i.set(Column::Political, self.political.clone());
        i.set(Column::Employment, self.employment.clone());
        i.set(Column::Post, self.post.clone());
        i.set(Column::CardNumber, self.card_number.clone());
        i
    }

    /// This input laid over a member's current record (for PATCH).
    fn over(&self, m: &Member) -> service::MemberInput {
        let keep = |new: &Option<String>, old: &Option<String>| new.clone().or_else(|| old.clone());
        MemberIn {
            name: self.name.clone().or(Some(m.name.clone())),
            id_number: None,
            doc_type: None,
            mobile: keep(&self.mobile, &m.mobile),
            gender: keep(&self.gender, &m.gender),
            ethnicity: keep(&self.ethnicity, &m.ethnicity),
            birth_date: self.birth_date.or(m.birth_date),
            join_date: self.join_date.or(m.join_date),
            group_id: self.group_id.or(m.group_id),
            dues_base_fen: self.dues_base_fen.or(m.dues_base_fen),
            education: keep(&self.education, &m.education),
            political: keep(&self.political, &m.political),
            employment: keep(&self.employment, &m.employment),
            post: keep(&self.post, &m.post),
            card_number: keep(&self.card_number, &m.card_number),
            model_worker: self.model_worker.or(Some(m.model_worker)),
            hardship: self.hardship.or(Some(m.hardship)),
        }
        .input()
    }
}

/// 登记会员
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/members", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = MemberIn,
    responses((status = 201, body = MemberOut), (status = 409, description = "member_active_elsewhere：已是其他工会的在籍会员，可申请转会", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<MemberIn>,
) -> AppResult<(StatusCode, Json<MemberOut>)> {
    let m = service::create(&state, p.actor(), union_id, &b.input(), MemberStatus::Active).await?;
    Ok((StatusCode::CREATED, Json(MemberOut::from(&m))))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// 姓名、拼音首字母或全拼（zs / zhangsan）、手机号、证件号后几位
    pub q: Option<String>,
    pub group_id: Option<Uuid>,
    /// 会籍状态，逗号分隔；all 表示全部；默认：在籍与保留会籍
    pub status: Option<String>,
    /// model_worker, hardship, dues_review, women，逗号分隔
    pub flags: Option<String>,
    /// name（按拼音）| join_date | card_number | created
    pub sort: Option<String>,
    pub desc: Option<bool>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl ListQuery {
    /// The roster query of these parameters (paging aside).
    pub fn roster(&self) -> RosterQuery {
        RosterQuery {
            q: self.q.clone(),
            group_id: self.group_id,
            status: self.status.clone(),
            flags: self.flags.clone(),
            sort: self.sort.clone(),
            desc: self.desc,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberList {
    pub items: Vec<MemberOut>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// 会员花名册（查询、筛选、排序、分页）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/members", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ListQuery), responses((status = 200, body = MemberList)))]
pub async fn list(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<MemberList>> {
    let (filter, sort) = q.roster().filter(&state, union_id).await?;
    let page = app::Page::new(q.page, q.per_page);
    let (rows, total) = service::list(&state, union_id, &filter, sort, q.desc.unwrap_or(false), page).await?;
    Ok(Json(MemberList {
        items: rows.iter().map(MemberOut::from).collect(),
        total,
        page: page.number,
        per_page: page.size,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryOut {
    pub at: DateTime<Utc>,
    /// status | group | dues_base | transfer_in | transfer_out | merged（登记本身见 created_at）
    pub kind: String,
    pub from_value: Option<String>,
    pub to_value: Option<String>,
    pub effective_date: Option<NaiveDate>,
    pub reason: Option<String>,
    pub actor: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberDetail {
    #[serde(flatten)]
    pub member: MemberOut,
    pub history: Vec<HistoryOut>,
}

/// 会员详情（含变动记录）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/members/{member_id}", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("member_id" = Uuid, Path)), responses((status = 200, body = MemberDetail), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<MemberDetail>> {
    let m = service::get(&state, union_id, id).await?;
    let history = service::history_of(&state, union_id, id)
        .await?
        .into_iter()
        .map(|h| HistoryOut {
            at: h.at,
            kind: h.kind,
            from_value: h.from_value,
            to_value: h.to_value,
            effective_date: h.effective_date,
            reason: h.reason,
            actor: h.actor,
        })
        .collect();
    Ok(Json(MemberDetail { member: MemberOut::from(&m), history }))
}

/// 修改会员信息（只改所给字段；证件号码不在此修改）
#[utoipa::path(patch, path = "/api/v1/unions/{union_id}/members/{member_id}", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("member_id" = Uuid, Path)), request_body = MemberIn,
    responses((status = 200, body = MemberOut), (status = 422, body = ErrorBody),
        (status = 409, description = "会员证号或证件号码已被使用", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<MemberIn>,
) -> AppResult<Json<MemberOut>> {
    if b.id_number.is_some() || b.doc_type.is_some() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "id_number",
            "证件号码不能修改；如登记错误，请新建正确的记录后合并重复记录",
        ));
    }
    let current = service::get(&state, union_id, id).await?;
    let m = service::update(&state, &p, union_id, id, &b.over(&current)).await?;
    Ok(Json(MemberOut::from(&m)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// active（批准入会/恢复）| retained（保留会籍）| withdrawn（退会）| expelled（除名）| deceased（去世）| declined（不批准入会）
    pub status: String,
    /// 生效日期，默认今天
    pub date: Option<NaiveDate>,
    pub reason: Option<String>,
}

/// 变更会籍状态
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/members/{member_id}/status", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("member_id" = Uuid, Path)), request_body = StatusChange,
    responses((status = 200, body = MemberOut), (status = 422, body = ErrorBody)))]
pub async fn status(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<StatusChange>,
) -> AppResult<Json<MemberOut>> {
    let m = service::change_status(
        &state,
        &p,
        union_id,
        id,
        &b.status,
        b.date,
        b.reason.as_deref().unwrap_or(""),
    )
    .await?;
    Ok(Json(MemberOut::from(&m)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevealedId {
    /// 完整证件号码（此次查看已记入审计日志）
    pub id_number: String,
}

/// 查看完整证件号码（仅主席、干事；每次记入审计日志）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/members/{member_id}/reveal-id", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ("member_id" = Uuid, Path)), responses((status = 200, body = RevealedId), (status = 403, body = ErrorBody)))]
pub async fn reveal(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> AppResult<Json<RevealedId>> {
    Ok(Json(RevealedId { id_number: service::reveal_id(&state, &p, union_id, id).await? }))
}

/// 导出花名册（.xlsx，证件号码脱敏）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/members/export", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ListQuery), responses((status = 200, description = "xlsx 文件", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export_masked(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    export::xlsx_response(&state, &p, union_id, &q, false).await
}

/// 导出花名册（.xlsx，含完整证件号码；仅主席、干事；记入审计日志）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/members/export-full", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ListQuery), responses((status = 200, description = "xlsx 文件", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn export_full(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    export::xlsx_response(&state, &p, union_id, &q, true).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// true：只预览，不写入
    pub dry_run: Option<bool>,
    /// xlsx：返回不能导入的行（原单元格加“原因”列）的 Excel 文件，而不是 JSON
    pub rejected: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RejectedRow {
    /// 表格中的行号
    pub row: usize,
    pub name: String,
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MissingGroup {
    /// 文件中填写、本会尚未建立的小组名称
    pub name: String,
    /// 填写该小组的行数
    pub rows: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportResult {
    pub imported: usize,
    /// 预览时为可导入的行数
    pub acceptable: usize,
    pub rejected: Vec<RejectedRow>,
    pub dry_run: bool,
    /// 文件中填写、本会尚未建立的小组（上传时带 create_groups=true 则导入时新建）
    pub missing_groups: Vec<MissingGroup>,
    /// 本次导入新建的小组数
    pub groups_created: usize,
    /// 文件末尾的落款行（制表、审核、日期等），不导入
    pub footer_rows: usize,
}

/// An upload: the `file` part, and the optional `mapping` part.
pub struct Upload {
    pub filename: String,
    pub bytes: Vec<u8>,
    /// The column each header cell is imported as (`null`: not imported),
    /// e.g. `[null, "name", "id_number", "mobile"]`.
    pub mapping: Option<Vec<Option<Column>>>,
    /// `create_groups=true`: set up the 小组 the file names that do not exist.
    pub create_groups: bool,
}

/// Reads a multipart upload.
pub async fn upload(mp: Result<Multipart, MultipartRejection>) -> AppResult<Upload> {
    let bad = |f: &str, m: &str| AppError::field(ErrorCode::InvalidValue, f, m.to_owned());
    let mut mp = mp.map_err(|_| bad("file", "请以 multipart/form-data 表单上传文件（字段名 file）"))?;
    let mut file = None;
    let mut mapping = None;
    let mut create_groups = false;
    while let Some(field) = mp.next_field().await.map_err(|_| bad("file", "上传内容无法识别"))? {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_owned();
                let bytes = field.bytes().await.map_err(|_| bad("file", "文件上传不完整，请重试"))?;
                file = Some((name, bytes.to_vec()));
            }
            Some("mapping") => {
                let text = field.text().await.map_err(|_| bad("mapping", "列对应关系无法识别"))?;
                let raw: Vec<Option<String>> = serde_json::from_str(&text).map_err(|_| {
                    bad("mapping", "列对应关系应为 JSON 数组，如 [null, \"name\", \"id_number\"]")
                })?;
                let mut cols = Vec::with_capacity(raw.len());
                for c in raw {
                    cols.push(match c {
                        None => None,
                        Some(c) => Some(
                            Column::parse(&c).ok_or_else(|| bad("mapping", &format!("没有名为“{c}”的列")))?,
                        ),
                    });
                }
                mapping = Some(cols);
            }
            Some("create_groups") => {
                let text = field
                    .text()
                    .await
                    .map_err(|_| bad("create_groups", "create_groups 应为 true 或 false"))?;
                create_groups = match text.trim() {
                    "true" | "1" | "on" => true,
                    "false" | "0" | "" => false,
                    _ => return Err(bad("create_groups", "create_groups 应为 true 或 false")),
                };
            }
            _ => {}
        }
    }
    let (filename, bytes) =
        file.ok_or_else(|| AppError::field(ErrorCode::Required, "file", "请选择要导入的文件"))?;
    Ok(Upload { filename, bytes, mapping, create_groups })
}

/// 从 Excel / CSV 导入会员（multipart 字段 file）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/members/import", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path), ImportQuery),
    request_body(content_type = "multipart/form-data", description = "字段 file：.xlsx、.xls 或 .csv（UTF-8 / GBK）；可选字段 mapping：各列导入为哪一项的 JSON 数组，如 [null, \"name\", \"id_number\"]，省略时按列名自动识别；可选字段 create_groups=true：新建文件中填写而本会尚未建立的小组（记入审计日志）并导入这些行"),
    responses((status = 200, body = ImportResult), (status = 422, body = ErrorBody)))]
pub async fn import_file(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<ImportQuery>,
    mp: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let Upload { filename, bytes, mapping, create_groups } = upload(mp).await?;
    let name = filename.clone();
    let table = tokio::task::spawn_blocking(move || import::read(&name, &bytes))
        .await
        .map_err(|_| AppError::code(ErrorCode::Internal))??;
    let (header, columns) = import::plan(&table, mapping)?;
    let dry_run = q.dry_run.unwrap_or(false);
    let done = AtomicUsize::new(0);
    let commit =
        (!dry_run).then(|| import::Commit { actor: p.actor(), filename: &filename, progress: &done });
    let options = import::Options { create_groups };
    let e = import::run(&state, union_id, table, header, columns, options, commit).await?;
    let rejected_xlsx =
        if q.rejected.as_deref() == Some("xlsx") { Some(import::rejected_xlsx(&e)?) } else { None };
    let rejected = e
        .rejected()
        .map(|r| RejectedRow {
            row: r.row,
            name: r.name.clone(),
            message: r.rejection.clone().unwrap_or_default(),
        })
        .collect();
    let (acceptable, imported, groups_created, footer_rows) =
        (e.acceptable, e.imported, e.groups_created, e.footer_rows);
    let missing_groups =
        e.missing_groups.into_iter().map(|(name, rows)| MissingGroup { name, rows }).collect();
    Ok(match rejected_xlsx {
        Some(bytes) => xlsx("不能导入的行.xlsx", bytes),
        None => Json(ImportResult {
            imported,
            acceptable,
            rejected,
            dry_run,
            missing_groups,
            groups_created,
            footer_rows,
        })
        .into_response(),
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DuplicateGroup {
    /// id（证件号码相同）| mobile（手机号相同）
    pub kind: String,
    pub members: Vec<MemberOut>,
}

/// 疑似重复的会员记录
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/members/duplicates", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = [DuplicateGroup])))]
pub async fn duplicates(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<Vec<DuplicateGroup>>> {
    let groups = service::duplicates(&state, union_id).await?;
    Ok(Json(
        groups
            .into_iter()
            .map(|(kind, ms)| DuplicateGroup { kind, members: ms.iter().map(MemberOut::from).collect() })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    pub keep_id: Uuid,
    pub merge_id: Uuid,
}

/// 合并重复记录（被合并的记录保留，状态为“已合并”）
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/members/merge", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = MergeRequest, responses((status = 200, body = MemberOut), (status = 404, body = ErrorBody)))]
pub async fn merge(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<MergeRequest>,
) -> AppResult<Json<MemberOut>> {
    Ok(Json(MemberOut::from(&service::merge(&state, &p, union_id, b.keep_id, b.merge_id).await?)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TransferOut {
    pub id: Uuid,
    /// true：转入本会（本会申请）；false：从本会转出（本会审批）
    pub incoming: bool,
    pub other_union: String,
    pub person: String,
    /// requested | confirmed | declined
    pub status: String,
    pub reason: Option<String>,
    pub requested_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

fn transfer_out(v: &service::TransferView) -> TransferOut {
    TransferOut {
        id: v.transfer.id,
        incoming: v.incoming,
        other_union: v.other_union.clone(),
        person: v.person.clone(),
        status: v.transfer.status.clone(),
        reason: v.transfer.reason.clone(),
        requested_at: v.transfer.requested_at,
        decided_at: v.transfer.decided_at,
    }
}

/// 转会申请（转入与转出）
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/transfers", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = [TransferOut])))]
pub async fn transfers(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<Vec<TransferOut>>> {
    Ok(Json(service::transfers(&state, union_id).await?.iter().map(transfer_out).collect()))
}

/// 申请把其他工会的在籍会员转入本会
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/transfers", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = MemberIn,
    responses((status = 201, body = Created), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn request_transfer(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<MemberIn>,
) -> AppResult<(StatusCode, Json<crate::kit::Created>)> {
    let t = service::request_transfer(&state, &p, union_id, &b.input()).await?;
    Ok((StatusCode::CREATED, Json(crate::kit::Created { id: t.id })))
}

use crate::kit::Created;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// true 同意转出，false 不同意
    pub confirm: bool,
    /// 不同意时必填
    pub reason: Option<String>,
}

/// 转出工会（或共同的上级工会）审批转会
#[utoipa::path(post, path = "/api/v1/unions/{union_id}/transfers/{transfer_id}/decision", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path, description = "转出的工会"), ("transfer_id" = Uuid, Path)), request_body = Decision,
    responses((status = 200, body = TransferOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, transfer_id)): Path<(Uuid, Uuid)>,
    ApiJson(b): ApiJson<Decision>,
) -> AppResult<Json<TransferOut>> {
    service::decide_transfer(&state, &p, union_id, transfer_id, b.confirm, b.reason.as_deref().unwrap_or(""))
        .await?;
    let list = service::transfers(&state, union_id).await?;
    let v = list.iter().find(|v| v.transfer.id == transfer_id).ok_or_else(AppError::not_found)?;
    Ok(Json(transfer_out(v)))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsIo {
    /// 会员证号规则，如 HY{YYYY}{SEQ:5}；空表示不自动编号
    pub card_pattern: Option<String>,
    /// 是否开放网上入会申请
    pub join_open: bool,
    /// 网上入会页面的地址（只读）
    #[serde(default, skip_deserializing)]
    pub join_url: Option<String>,
}

fn settings_out(s: &Settings) -> SettingsIo {
    SettingsIo {
        card_pattern: s.card_pattern.clone(),
        join_open: s.join_token.is_some(),
        join_url: s.join_token.as_ref().map(|t| format!("/join/{t}")),
    }
}

/// 花名册设置
#[utoipa::path(get, path = "/api/v1/unions/{union_id}/member-settings", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), responses((status = 200, body = SettingsIo)))]
pub async fn get_settings(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
) -> AppResult<Json<SettingsIo>> {
    Ok(Json(settings_out(&service::settings(&state, union_id).await?)))
}

/// 修改花名册设置（会员证号规则、网上入会）
#[utoipa::path(put, path = "/api/v1/unions/{union_id}/member-settings", tag = "members", security(("bearer" = [])),
    params(("union_id" = Uuid, Path)), request_body = SettingsIo, responses((status = 200, body = SettingsIo), (status = 422, body = ErrorBody)))]
pub async fn put_settings(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    ApiJson(b): ApiJson<SettingsIo>,
) -> AppResult<Json<SettingsIo>> {
    Ok(Json(settings_out(
        &service::save_settings(&state, &p, union_id, b.card_pattern.as_deref(), b.join_open).await?,
    )))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Submitted {
    pub message: String,
}

/// 网上入会申请（公开，无需登录；由工会审批）。无论此人是否已在别处登记，答复都相同。
#[utoipa::path(post, path = "/api/v1/join/{token}", tag = "members", params(("token" = String, Path)), request_body = MemberIn,
    responses((status = 202, body = Submitted), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, description = "同一地址15分钟内提交过多", body = ErrorBody)))]
pub async fn join(
    State(state): State<AppState>,
    crate::client_ip::ClientIp(ip): crate::client_ip::ClientIp,
    Path(token): Path<String>,
    ApiJson(b): ApiJson<MemberIn>,
) -> AppResult<(StatusCode, Json<Submitted>)> {
    let union_id = app::member::roster::join_union(&state, &token).await?;
    let actor = Actor { id: None, name: "网上申请", ip: &ip };
    let input = service::application_only(b.input());
    service::throttle_join(&state, &ip).await?;
    service::create(&state, actor, union_id, &input, MemberStatus::Applying).await?;
    Ok((StatusCode::ACCEPTED, Json(Submitted { message: "申请已提交，工会审核后会与您联系".into() })))
}

pub fn xlsx(filename: &str, bytes: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"roster.xlsx\"; filename*=UTF-8''{}", percent(filename));
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// RFC 5987 encoding of a file name.
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GroupQuery {
    /// 姓名、拼音首字母或全拼、手机号、证件号后四位
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// 工会小组的会员名单（小组长可查看本组）
#[utoipa::path(get, path = "/api/v1/groups/{group_id}/members", tag = "members", security(("bearer" = [])),
    params(("group_id" = Uuid, Path), GroupQuery), responses((status = 200, body = MemberList), (status = 404, body = ErrorBody)))]
pub async fn group_members(
    State(state): State<AppState>,
    Path(group_id): Path<Uuid>,
    Query(q): Query<GroupQuery>,
) -> AppResult<Json<MemberList>> {
    let page = app::Page::new(q.page, q.per_page);
    let (_, rows, total) =
        service::group_roster(&state, group_id, q.q.as_deref().and_then(service::classify), page).await?;
    Ok(Json(MemberList {
        items: rows.iter().map(MemberOut::from).collect(),
        total,
        page: page.number,
        per_page: page.size,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PendingOut {
    pub id: Uuid,
    pub from_union_id: Uuid,
    pub from_union: String,
    pub to_union_id: Uuid,
    pub to_union: String,
    pub person: String,
    pub requested_at: DateTime<Utc>,
}

/// 待审批的转会（本人可审批范围内：本会转出的，或上级工会所辖各工会转出的）
#[utoipa::path(get, path = "/api/v1/transfers", tag = "members", security(("bearer" = [])),
    responses((status = 200, body = [PendingOut])))]
pub async fn pending(State(state): State<AppState>, p: Principal) -> AppResult<Json<Vec<PendingOut>>> {
    let list = service::pending_transfers(&state, &p).await?;
    Ok(Json(
        list.into_iter()
            .map(|v| PendingOut {
                id: v.transfer.id,
                from_union_id: v.transfer.from_union_id,
                from_union: v.from_union,
                to_union_id: v.transfer.to_union_id,
                to_union: v.to_union,
                person: v.person,
                requested_at: v.transfer.requested_at,
            })
            .collect(),
    ))
}
