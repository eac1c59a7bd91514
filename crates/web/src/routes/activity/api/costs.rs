//! The money of an activity in JSON: the cost plan checked against the
//! spending policy, its approval, the payment as a voucher, the actual cost
//! per head; and the photos and the report afterwards.

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::{ApiJson, Path};
use crate::kit::file_field;
use app::AppState;
use app::activity::cost::{self, CostView, ExceptionInput, PayInput, PlanInput};
use app::auth::Principal;
use app::error::{AppResult, ErrorBody};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExceptionIn {
    /// 例外原因
    pub reason: String,
    /// 批准人账号：本会主席或财务负责人，不能是填写预算的人
    pub approver_user_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CostPlanIn {
    /// 人均费用（分）
    pub per_head_fen: i64,
    /// 费用合计（分）
    pub total_fen: i64,
    /// 购置文体服装人均（分）
    pub uniform_per_head_fen: Option<i64>,
    /// 预算科目：职工活动支出（5101）下的明细科目，默认 510102 文体活动费
    pub budget_line: Option<String>,
    /// 目的地（春秋游）
    pub destination: Option<String>,
    /// 目的地在省内（春秋游；安徽省标准须在省内）
    pub in_province: Option<bool>,
    /// 超标准时的政策例外（本会政策允许例外时）
    pub exception: Option<ExceptionIn>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CostPlanOut {
    pub per_head_fen: i64,
    pub total_fen: i64,
    pub uniform_per_head_fen: Option<i64>,
    pub budget_line: String,
    pub budget_line_name: String,
    pub destination: String,
    pub in_province: bool,
    /// 审核所依据的经费支出规定
    pub rules: Vec<String>,
    pub exception_rule: Option<String>,
    pub exception_reason: Option<String>,
    pub exception_approver: Option<String>,
    /// draft（待审批）| approved（已审批）
    pub status: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentOut {
    pub amount_fen: i64,
    pub account: String,
    pub date: NaiveDate,
    /// bank | cash
    pub form: String,
    pub voucher_id: Uuid,
    pub approver: String,
    pub paid_by: String,
    pub paid_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CostOut {
    pub activity_id: Uuid,
    /// 预算；尚未填写时为 null
    pub plan: Option<CostPlanOut>,
    /// 支付记录；尚未支付时为 null
    pub payment: Option<PaymentOut>,
    /// 已签到人数
    pub attendees: i64,
    /// 实际人均（分）= 实付金额 ÷ 签到人数；未支付或无人签到时为 null
    pub actual_per_head_fen: Option<i64>,
}

pub fn cost_out(v: CostView) -> CostOut {
    let name = v.budget_line_name;
    CostOut {
        activity_id: v.activity.id,
        plan: v.plan.map(|p| CostPlanOut {
            per_head_fen: p.per_head_fen,
            total_fen: p.total_fen,
            uniform_per_head_fen: p.uniform_per_head_fen,
            budget_line: p.budget_line,
            budget_line_name: name,
            destination: p.destination,
            in_province: p.in_province,
            rules: p.rules.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect(),
            exception_rule: p.exception_rule,
            exception_reason: p.exception_reason,
            exception_approver: p.exception_approver,
            status: p.status,
            approved_by: p.approved_by,
            approved_at: p.approved_at,
            updated_by: p.updated_by,
            updated_at: p.updated_at,
        }),
        payment: v.payment.map(|p| PaymentOut {
            amount_fen: p.amount_fen,
            account: p.account,
            date: p.pay_date,
            form: p.form,
            voucher_id: p.voucher_id,
            approver: p.approver,
            paid_by: p.paid_by,
            paid_at: p.paid_at,
        }),
        attendees: v.attendees,
        actual_per_head_fen: v.actual_per_head_fen,
    }
}

/// 活动经费：预算、支付、实际人均
#[utoipa::path(get, path = "/api/v1/activities/{activity_id}/cost-plan", tag = "activity-costs", security(("bearer" = [])),
    params(("activity_id" = Uuid, Path)),
    responses((status = 200, body = CostOut), (status = 404, body = ErrorBody)))]
pub async fn get_plan(State(state): State<AppState>, Path(id): Path<Uuid>) -> AppResult<Json<CostOut>> {
    Ok(Json(cost_out(cost::view(&state, id).await?)))
}

impl CostPlanIn {
    pub fn input(self) -> PlanInput {
        PlanInput {
            per_head_fen: self.per_head_fen,
            total_fen: self.total_fen,
            uniform_per_head_fen: self.uniform_per_head_fen,
            budget_line: self.budget_line,
            destination: self.destination,
            in_province: self.in_province,
            exception: self
                .exception
                .map(|e| ExceptionInput { reason: e.reason, approver_user_id: e.approver_user_id }),
        }
    }
}

/// 填写或修改预算（按本会经费支出政策审核；超标准拒绝并说明依据，政策允许时可作例外并记录原因和批准人；修改后须重新审批）
#[utoipa::path(put, path = "/api/v1/activities/{activity_id}/cost-plan", tag = "activity-costs", security(("bearer" = [])),
    params(("activity_id" = Uuid, Path)), request_body = CostPlanIn,
    responses((status = 200, body = CostOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn put_plan(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<CostPlanIn>,
) -> AppResult<Json<CostOut>> {
    Ok(Json(cost_out(cost::put_plan(&state, &p, id, &b.input()).await?)))
}

/// 审批预算（记录审批人和时间；不能审批本人填写的预算；审批只决定能否支付，不影响报名）
#[utoipa::path(post, path = "/api/v1/activities/{activity_id}/cost-plan/approve", tag = "activity-costs", security(("bearer" = [])),
    params(("activity_id" = Uuid, Path)),
    responses((status = 200, body = CostOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn approve(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
) -> AppResult<Json<CostOut>> {
    Ok(Json(cost_out(cost::approve(&state, &p, id).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityPaymentIn {
    /// 实付金额（分），不超过已批准的预算合计
    pub amount_fen: i64,
    /// 支付日期，默认今天
    pub date: Option<NaiveDate>,
    /// bank（默认）| cash
    pub form: Option<String>,
    /// 批准人账号：本会主席或财务负责人，不能是经办人本人
    pub approver_user_id: Option<Uuid>,
    /// 付款后库存现金或银行存款低于零时须确认
    #[serde(default)]
    pub confirm_below_zero: bool,
}

/// 支付活动经费：生成记账凭证（借 职工活动支出下的预算科目，贷 银行存款或库存现金）；每个活动只支付一次
#[utoipa::path(post, path = "/api/v1/activities/{activity_id}/payment", tag = "activity-costs", security(("bearer" = [])),
    params(("activity_id" = Uuid, Path)), request_body = ActivityPaymentIn,
    responses((status = 201, body = CostOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn pay(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<ActivityPaymentIn>,
) -> AppResult<(StatusCode, Json<CostOut>)> {
    let input = PayInput {
        amount_fen: b.amount_fen,
        date: b.date,
        form: b.form,
        approver_user_id: b.approver_user_id,
        confirm_below_zero: b.confirm_below_zero,
    };
    Ok((StatusCode::CREATED, Json(cost_out(cost::pay(&state, &p, id, &input).await?))))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportOut {
    /// 活动总结；尚未填写时为 null
    pub body: Option<String>,
    pub written_by: Option<String>,
    pub written_at: Option<DateTime<Utc>>,
}

/// 活动总结
#[utoipa::path(get, path = "/api/v1/activities/{activity_id}/report", tag = "activity-costs", security(("bearer" = [])),
    params(("activity_id" = Uuid, Path)),
    responses((status = 200, body = ReportOut), (status = 404, body = ErrorBody)))]
pub async fn report(State(state): State<AppState>, Path(id): Path<Uuid>) -> AppResult<Json<ReportOut>> {
    let r = cost::view(&state, id).await?.report;
    Ok(Json(ReportOut {
        written_by: r.as_ref().map(|r| r.written_by.clone()),
        written_at: r.as_ref().map(|r| r.written_at),
        body: r.map(|r| r.body),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportIn {
    /// 活动总结（最多2000字）
    pub body: String,
}

/// 填写活动总结（再次填写即替换，记录填写人和时间）
#[utoipa::path(put, path = "/api/v1/activities/{activity_id}/report", tag = "activity-costs", security(("bearer" = [])),
    params(("activity_id" = Uuid, Path)), request_body = ReportIn,
    responses((status = 200, body = ReportOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_report(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<ReportIn>,
) -> AppResult<Json<ReportOut>> {
    let r = cost::put_report(&state, &p, id, &b.body).await?;
    Ok(Json(ReportOut { body: Some(r.body), written_by: Some(r.written_by), written_at: Some(r.written_at) }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PhotoOut {
    pub id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

fn photo_out(p: app::activity::cost::Photo) -> PhotoOut {
    PhotoOut {
        id: p.id,
        file_name: p.file_name,
        content_type: p.content_type,
        size: p.size,
        uploaded_by: p.uploaded_by,
        uploaded_at: p.uploaded_at,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PhotosOut {
    pub items: Vec<PhotoOut>,
}

/// 活动照片
#[utoipa::path(get, path = "/api/v1/activities/{activity_id}/photos", tag = "activity-costs", security(("bearer" = [])),
    params(("activity_id" = Uuid, Path)),
    responses((status = 200, body = PhotosOut), (status = 404, body = ErrorBody)))]
pub async fn photos(State(state): State<AppState>, Path(id): Path<Uuid>) -> AppResult<Json<PhotosOut>> {
    let v = cost::view(&state, id).await?;
    Ok(Json(PhotosOut { items: v.photos.into_iter().map(photo_out).collect() }))
}

/// 上传活动照片（multipart，字段 file；只收 JPEG、PNG、GIF、WebP 图片，不超过5MB）
#[utoipa::path(post, path = "/api/v1/activities/{activity_id}/photos", tag = "activity-costs", security(("bearer" = [])),
    params(("activity_id" = Uuid, Path)),
    request_body(content_type = "multipart/form-data", description = "字段 file：照片"),
    responses((status = 201, body = PhotoOut), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn upload_photo(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    mp: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, Json<PhotoOut>)> {
    let (name, _claimed, bytes) = file_field(mp).await?;
    let photo = cost::add_photo(&state, &p, id, &name, &bytes).await?;
    Ok((StatusCode::CREATED, Json(photo_out(photo))))
}

/// The image itself, with the type its bytes showed.
pub fn image_response(photo: &app::activity::cost::Photo, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, photo.content_type.clone()),
            (header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// 照片文件
#[utoipa::path(get, path = "/api/v1/activities/{activity_id}/photos/{photo_id}", tag = "activity-costs", security(("bearer" = [])),
    params(("activity_id" = Uuid, Path), ("photo_id" = Uuid, Path)),
    responses((status = 200, description = "图片", content_type = "image/*"), (status = 404, body = ErrorBody)))]
pub async fn photo(
    State(state): State<AppState>,
    Path((id, photo_id)): Path<(Uuid, Uuid)>,
) -> AppResult<Response> {
    let (photo, bytes) = cost::photo(&state, id, photo_id).await?;
    Ok(image_response(&photo, bytes))
}

/// 删除活动照片（连同照片文件）
#[utoipa::path(delete, path = "/api/v1/activities/{activity_id}/photos/{photo_id}", tag = "activity-costs", security(("bearer" = [])),
    params(("activity_id" = Uuid, Path), ("photo_id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete_photo(
    State(state): State<AppState>,
    p: Principal,
    Path((id, photo_id)): Path<(Uuid, Uuid)>,
) -> AppResult<StatusCode> {
    cost::delete_photo(&state, &p, id, photo_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
