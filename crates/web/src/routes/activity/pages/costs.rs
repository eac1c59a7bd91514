//! The activity's money page: the cost plan beside the actual cost per
//! head, approval, payment, photos and the report; and the printed
//! cost-plan approval form (amounts with 大写).

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use domain::activity::{DEFAULT_BUDGET_LINE, is_activity_budget_line};
use domain::auth::Perm;
use domain::finance::money::{fmt_yuan, in_words, parse_yuan};
use domain::time::{fmt_date, fmt_datetime, parse_date};
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Path};
use crate::kit::{done, file_field, form_errors};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use app::AppState;
use app::activity::cost::{self, CostView, ExceptionInput, PayInput, PlanInput};
use app::activity::exports::kind_label;
use app::auth::Principal;
use app::error::AppError;
use app::finance::service::{self as finance, Approver};

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn yuan_or_empty(fen: Option<i64>) -> String {
    fen.map(fmt_yuan).unwrap_or_default()
}

/// What the caller may do here, on the activity's union.
pub struct Can {
    pub manage: bool,
    pub approve: bool,
    pub pay: bool,
}

#[derive(Deserialize, Default, Clone)]
pub struct PlanForm {
    #[serde(default)]
    pub cost_per_head: String,
    #[serde(default)]
    pub cost_total: String,
    #[serde(default)]
    pub uniform_per_head: String,
    #[serde(default)]
    pub budget_line: String,
    #[serde(default)]
    pub destination: String,
    /// "1" in the province, "0" outside, "" not said.
    #[serde(default)]
    pub in_province: String,
    #[serde(default)]
    pub exception_reason: String,
    #[serde(default)]
    pub approver_user_id: String,
}

impl PlanForm {
    fn of(v: &CostView) -> PlanForm {
        match &v.plan {
            Some(p) => PlanForm {
                cost_per_head: fmt_yuan(p.per_head_fen),
                cost_total: fmt_yuan(p.total_fen),
                uniform_per_head: yuan_or_empty(p.uniform_per_head_fen),
                budget_line: p.budget_line.clone(),
                destination: p.destination.clone(),
                in_province: if p.in_province { "1" } else { "0" }.into(),
                exception_reason: p.exception_reason.clone().unwrap_or_default(),
                approver_user_id: p.exception_approver_id.map(|i| i.to_string()).unwrap_or_default(),
            },
            None => PlanForm { budget_line: DEFAULT_BUDGET_LINE.into(), ..Default::default() },
        }
    }

    fn input(&self) -> Result<PlanInput, FormErrors> {
        let mut errors = FormErrors::default();
        let mut money = |field: &str, label: &str, text: &str| -> Option<i64> {
            if blank(text) {
                return None;
            }
            parse_yuan(field, label, text, false)
                .map_err(|e| errors.items.push((field.to_owned(), e.message)))
                .ok()
        };
        let per_head = money("cost_per_head", "人均费用", &self.cost_per_head);
        let total = money("cost_total", "费用合计", &self.cost_total);
        let uniform = money("uniform_per_head", "服装人均", &self.uniform_per_head);
        if per_head.is_none() && blank(&self.cost_per_head) {
            errors.items.push(("cost_per_head".into(), "请填写人均费用（元）".into()));
        }
        if total.is_none() && blank(&self.cost_total) {
            errors.items.push(("cost_total".into(), "请填写费用合计（元）".into()));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let exception = (!blank(&self.exception_reason)).then(|| ExceptionInput {
            reason: self.exception_reason.clone(),
            approver_user_id: self.approver_user_id.trim().parse().ok(),
        });
        Ok(PlanInput {
            per_head_fen: per_head.unwrap_or(0),
            total_fen: total.unwrap_or(0),
            uniform_per_head_fen: uniform,
            budget_line: Some(self.budget_line.clone()),
            destination: Some(self.destination.clone()),
            in_province: match self.in_province.trim() {
                "1" => Some(true),
                "0" => Some(false),
                _ => None,
            },
            exception,
        })
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct PayForm {
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub form: String,
    #[serde(default)]
    pub approver_user_id: String,
    #[serde(default)]
    pub confirm_below_zero: String,
}

impl PayForm {
    fn input(&self) -> Result<PayInput, FormErrors> {
        let mut errors = FormErrors::default();
        let amount_fen = parse_yuan("amount_fen", "实付金额", &self.amount, false)
            .map_err(|e| errors.items.push(("amount_fen".into(), e.message)))
            .unwrap_or(0);
        let date = if blank(&self.date) {
            None
        } else {
            let d = parse_date(&self.date);
            if d.is_none() {
                errors.items.push(("date".into(), "支付日期不正确，请按2026-11-21的格式填写".into()));
            }
            d
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(PayInput {
            amount_fen,
            date,
            form: Some(self.form.clone()),
            approver_user_id: self.approver_user_id.trim().parse().ok(),
            confirm_below_zero: self.confirm_below_zero == "1",
        })
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct ReportForm {
    #[serde(default)]
    pub body: String,
}

/// The forms as typed, and the errors of the one sent.
#[derive(Default)]
pub struct Typed {
    pub plan: Option<(PlanForm, FormErrors)>,
    pub pay: Option<(PayForm, FormErrors)>,
    pub report: Option<(ReportForm, FormErrors)>,
}

pub struct PhotoRow {
    pub id: Uuid,
    pub file_name: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

#[derive(Template)]
#[template(path = "activity/cost_page.html")]
struct CostPage {
    layout: Layout,
    v: CostView,
    kind: &'static str,
    when: String,
    can: Can,
    plan_per_head: String,
    plan_total: String,
    actual_per_head: String,
    paid: String,
    rules: Vec<String>,
    approved_at: String,
    budget_lines: Vec<(String, String)>,
    approvers: Vec<Approver>,
    plan_form: PlanForm,
    plan_errors: FormErrors,
    pay_form: PayForm,
    pay_errors: FormErrors,
    report_form: ReportForm,
    report_errors: FormErrors,
    report_at: String,
    photos: Vec<PhotoRow>,
}

async fn page(
    state: &AppState,
    p: &Principal,
    activity_id: Uuid,
    typed: Typed,
    status: StatusCode,
) -> PageResult {
    let v = cost::view(state, activity_id).await?;
    let union = app::org::union(state, v.activity.union_id).await?;
    let path = Some(union.path.as_str());
    let can = Can {
        manage: p.can(Perm::ActivityManage, path),
        approve: p.can(Perm::FinanceReview, path),
        pay: p.can(Perm::FinanceMake, path),
    };
    let budget_lines = if can.manage {
        let chart = finance::accounts(state, union.id).await?;
        chart
            .iter()
            .filter(|a| is_activity_budget_line(&a.code) && domain::finance::chart::is_leaf(&chart, &a.code))
            .map(|a| (a.code.clone(), format!("{} {}", a.code, a.name)))
            .collect()
    } else {
        Vec::new()
    };
    let approvers =
        if can.manage || can.pay { finance::approvers(state, union.id).await? } else { Vec::new() };
    let a = &v.activity;
    let layout = Layout::new(state, p, "activity", &format!("{}：经费", a.title))
        .await
        .crumb("活动", format!("/unions/{}/activities", union.id))
        .crumb(a.title.clone(), format!("/activities/{}", a.id));
    let (plan_form, plan_errors) = typed.plan.unwrap_or_else(|| (PlanForm::of(&v), FormErrors::default()));
    let (pay_form, pay_errors) = typed.pay.unwrap_or_else(|| {
        let amount = v.plan.as_ref().map(|p| fmt_yuan(p.total_fen)).unwrap_or_default();
        (PayForm { amount, form: "bank".into(), ..Default::default() }, FormErrors::default())
    });
    let (report_form, report_errors) = typed.report.unwrap_or_else(|| {
        let body = v.report.as_ref().map(|r| r.body.clone()).unwrap_or_default();
        (ReportForm { body }, FormErrors::default())
    });
    Ok(render_status(
        status,
        &CostPage {
            layout,
            kind: kind_label(&a.kind),
            when: format!("{} 至 {}", fmt_datetime(a.starts_at), fmt_datetime(a.ends_at)),
            can,
            plan_per_head: yuan_or_empty(v.plan.as_ref().map(|p| p.per_head_fen)),
            plan_total: yuan_or_empty(v.plan.as_ref().map(|p| p.total_fen)),
            actual_per_head: yuan_or_empty(v.actual_per_head_fen),
            paid: yuan_or_empty(v.payment.as_ref().map(|p| p.amount_fen)),
            rules: v.plan.as_ref().map(|p| p.rules.lines().map(str::to_owned).collect()).unwrap_or_default(),
            approved_at: v.plan.as_ref().and_then(|p| p.approved_at).map(fmt_datetime).unwrap_or_default(),
            budget_lines,
            approvers,
            plan_form,
            plan_errors,
            pay_form,
            pay_errors,
            report_form,
            report_errors,
            report_at: v.report.as_ref().map(|r| fmt_datetime(r.written_at)).unwrap_or_default(),
            photos: v
                .photos
                .iter()
                .map(|ph| PhotoRow {
                    id: ph.id,
                    file_name: ph.file_name.clone(),
                    uploaded_by: ph.uploaded_by.clone(),
                    uploaded_at: fmt_datetime(ph.uploaded_at),
                })
                .collect(),
            v,
        },
    ))
}

pub async fn costs(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    page(&state, &p, id, Typed::default(), StatusCode::OK).await
}

fn back(id: Uuid) -> String {
    format!("/activities/{id}/costs")
}

/// A failed form shown again with what was typed; a missing activity is the
/// error page.
async fn again(state: &AppState, p: &Principal, id: Uuid, typed: Typed, e: &AppError) -> PageResult {
    if e.status() == StatusCode::NOT_FOUND {
        return Err(e.clone().into());
    }
    page(state, p, id, typed, e.status()).await
}

pub async fn save_plan(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<PlanForm>,
) -> PageResult {
    let input = match f.input() {
        Ok(i) => i,
        Err(errors) => {
            let typed = Typed { plan: Some((f, errors)), ..Default::default() };
            return page(&state, &p, id, typed, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    match cost::put_plan(&state, &p, id, &input).await {
        Ok(_) => Ok(redirect_with_flash(&state, &p, &back(id), "预算已保存，待审批").await),
        Err(e) => {
            let errors = form_errors(&e, &[("exception.reason", "exception_reason")]);
            again(&state, &p, id, Typed { plan: Some((f, errors)), ..Default::default() }, &e).await
        }
    }
}

pub async fn approve(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let r = cost::approve(&state, &p, id).await.map(|_| "预算已审批，可以支付".to_owned());
    done(&state, &p, &back(id), r).await
}

pub async fn pay(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<PayForm>,
) -> PageResult {
    let input = match f.input() {
        Ok(i) => i,
        Err(errors) => {
            let typed = Typed { pay: Some((f, errors)), ..Default::default() };
            return page(&state, &p, id, typed, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    match cost::pay(&state, &p, id, &input).await {
        Ok(_) => Ok(redirect_with_flash(&state, &p, &back(id), "已支付并生成记账凭证").await),
        Err(e) => {
            let errors = form_errors(&e, &[]);
            again(&state, &p, id, Typed { pay: Some((f, errors)), ..Default::default() }, &e).await
        }
    }
}

pub async fn save_report(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<ReportForm>,
) -> PageResult {
    match cost::put_report(&state, &p, id, &f.body).await {
        Ok(_) => Ok(redirect_with_flash(&state, &p, &back(id), "活动总结已保存").await),
        Err(e) => {
            let errors = form_errors(&e, &[]);
            again(&state, &p, id, Typed { report: Some((f, errors)), ..Default::default() }, &e).await
        }
    }
}

pub async fn upload_photo(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    mp: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let r = match file_field(mp).await {
        Ok((name, _, bytes)) => {
            cost::add_photo(&state, &p, id, &name, &bytes).await.map(|_| "照片已上传".to_owned())
        }
        Err(e) => Err(e),
    };
    done(&state, &p, &back(id), r).await
}

/// Deletes a photo (the button under it) and goes back to the page.
pub async fn delete_photo(
    State(state): State<AppState>,
    p: Principal,
    Path((id, photo_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let r = cost::delete_photo(&state, &p, id, photo_id).await.map(|_| "照片已删除".to_owned());
    done(&state, &p, &back(id), r).await
}

pub async fn photo(State(state): State<AppState>, Path((id, photo_id)): Path<(Uuid, Uuid)>) -> PageResult {
    let (photo, bytes) = cost::photo(&state, id, photo_id).await?;
    Ok(super::super::api::costs::image_response(&photo, bytes))
}

#[derive(Template)]
#[template(path = "activity/cost_print.html")]
struct CostPrint {
    union_name: String,
    v: CostView,
    kind: &'static str,
    when: String,
    per_head: String,
    total: String,
    total_words: String,
    paid: String,
    paid_words: String,
    actual_per_head: String,
    approved_at: String,
    today: String,
}

/// The printable 活动经费预算审批表: the plan with its total in 大写, the
/// rules it was checked against, who entered and approved it, and the
/// payment if made.
pub async fn cost_print(State(state): State<AppState>, Path(id): Path<Uuid>) -> PageResult {
    let v = cost::view(&state, id).await?;
    let union = app::org::union(&state, v.activity.union_id).await?;
    let a = &v.activity;
    let total_fen = v.plan.as_ref().map(|p| p.total_fen);
    let paid_fen = v.payment.as_ref().map(|p| p.amount_fen);
    Ok(render(&CostPrint {
        union_name: union.name,
        kind: kind_label(&a.kind),
        when: format!("{} 至 {}", fmt_datetime(a.starts_at), fmt_datetime(a.ends_at)),
        per_head: yuan_or_empty(v.plan.as_ref().map(|p| p.per_head_fen)),
        total: yuan_or_empty(total_fen),
        total_words: total_fen.map(in_words).unwrap_or_default(),
        paid: yuan_or_empty(paid_fen),
        paid_words: paid_fen.map(in_words).unwrap_or_default(),
        actual_per_head: yuan_or_empty(v.actual_per_head_fen),
        approved_at: v.plan.as_ref().and_then(|p| p.approved_at).map(fmt_datetime).unwrap_or_default(),
        today: fmt_date(domain::time::today(chrono::Utc::now())),
        v,
    }))
}
