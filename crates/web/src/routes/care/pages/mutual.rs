//! Mutual-aid insurance (互助保障): plans, enrolment of the unit, claims.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::finance::money::parse_yuan;
use domain::time::parse_date;
use serde::Deserialize;
use uuid::Uuid;

use super::{Can, base, fen_of, union_page, yuan};
use crate::extract::PageForm;
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::care::files;
use app::care::mutual;

#[derive(Template)]
#[template(path = "care/mutual_aid.html")]
struct MutualPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    plans: Vec<app::care::Plan>,
    presets: Vec<(usize, String)>,
    report: Vec<mutual::ReportLine>,
    renewals: Vec<(app::care::Enrolment, String)>,
    /// Enrolments covering today: (id, "name · plan · term") to claim under.
    covered: Vec<(Uuid, String)>,
    claims: Vec<(app::care::Claim, String)>,
    form: MutualForm,
    errors: FormErrors,
    approvers: Vec<app::finance::service::Approver>,
}

/// The mutual-aid forms share one struct: which form was sent is `action`.
#[derive(Deserialize, Default, Clone)]
pub struct MutualForm {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub preset: String,
    #[serde(default)]
    pub premium: String,
    #[serde(default)]
    pub plan_id: String,
    #[serde(default)]
    pub term_start: String,
    #[serde(default)]
    pub enrolment_id: String,
    #[serde(default)]
    pub event_date: String,
    #[serde(default)]
    pub claimed: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub approver_user_id: String,
    #[serde(default)]
    pub confirm_below_zero: String,
}

async fn mutual_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    typed: Option<(MutualForm, FormErrors)>,
) -> PageResult {
    let (layout, can) =
        union_page(state, p, union_id, "职工互助保障", Some(format!("{}/mutual-aid", base(union_id))))
            .await?;
    let plans = mutual::plans(state, union_id).await?;
    let today = files::today();
    let names: std::collections::HashMap<Uuid, &str> =
        plans.iter().map(|p| (p.id, p.name.as_str())).collect();
    let covered = mutual::enrolments(state, union_id, None, None)
        .await?
        .into_iter()
        .filter(|(e, _)| e.term_start <= today && e.term_end > today)
        .map(|(e, n)| {
            let plan = names.get(&e.plan_id).copied().unwrap_or("");
            (e.id, format!("{n} · {plan} · {}至{}", e.term_start, e.term_end))
        })
        .collect();
    let (form, errors, status) = match typed {
        Some((f, e)) => (f, e, StatusCode::UNPROCESSABLE_ENTITY),
        None => (
            MutualForm { term_start: today.to_string(), event_date: today.to_string(), ..Default::default() },
            FormErrors::default(),
            StatusCode::OK,
        ),
    };
    Ok(render_status(
        status,
        &MutualPage {
            layout,
            union_id,
            can,
            presets: domain::care::mutual_aid::presets()
                .into_iter()
                .enumerate()
                .map(|(i, r)| (i, format!("{}（每人每期{}元）", r.name, yuan(r.premium_fen))))
                .collect(),
            plans,
            report: mutual::report(state, union_id).await?,
            renewals: mutual::renewals_due(state, union_id).await?,
            covered,
            claims: mutual::claims(state, union_id, None).await?,
            form,
            errors,
            approvers: app::finance::service::approvers(state, union_id).await?,
        },
    ))
}

/// Back to the mutual-aid page with what happened.
async fn back_to_mutual(state: &AppState, p: &Principal, union_id: Uuid, msg: &str) -> Response {
    redirect_with_flash(state, p, &format!("{}/mutual-aid", base(union_id)), msg).await
}

pub async fn mutual_aid(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> PageResult {
    mutual_page(&state, &p, union_id, None).await
}

/// Sets up a plan from the shipped presets (the premium may be the local
/// one); the finer terms are edited through the API.
pub async fn add_plan(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<MutualForm>,
) -> PageResult {
    let mut errors = FormErrors::default();
    let preset = f
        .preset
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|i| domain::care::mutual_aid::presets().get(i).cloned());
    let Some(mut rule) = preset else {
        errors.items.push(("preset".into(), "请选择保障计划".into()));
        return mutual_page(&state, &p, union_id, Some((f, errors))).await;
    };
    if !f.premium.trim().is_empty() {
        rule.premium_fen = fen_of(&mut errors, "premium_fen", "保费", &f.premium);
    }
    if errors.is_empty() {
        match mutual::add_plan(&state, &p, union_id, &rule).await {
            Ok(plan) => {
                let msg = format!("已设立“{}”", plan.name);
                return Ok(back_to_mutual(&state, &p, union_id, &msg).await);
            }
            Err(e) => errors = FormErrors::from_error(&e),
        }
    }
    mutual_page(&state, &p, union_id, Some((f, errors))).await
}

/// Enrols the whole unit (every eligible active member not yet covered) in
/// a plan: the participation rule is checked on that number.
pub async fn enrol(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<MutualForm>,
) -> PageResult {
    let mut errors = FormErrors::default();
    let plan_id = Uuid::parse_str(f.plan_id.trim()).ok();
    let term_start = parse_date(&f.term_start);
    match (plan_id, term_start) {
        (None, _) => errors.items.push(("plan_id".into(), "请选择保障计划".into())),
        (_, None) => {
            errors.items.push(("term_start".into(), "保障起始日期应为 2026-01-01 这样的日期".into()))
        }
        (Some(plan_id), Some(start)) => {
            let result = match mutual::eligible_members(&state, union_id, plan_id, start).await {
                Ok(ids) => {
                    let pay = mutual::PremiumPayment {
                        approver_user_id: f.approver_user_id.trim().parse().ok(),
                        confirm_below_zero: f.confirm_below_zero == "1",
                    };
                    mutual::enrol(&state, &p, union_id, plan_id, &ids, &[], Some(start), pay).await
                }
                Err(e) => Err(e),
            };
            match result {
                Ok(rows) => {
                    let msg = format!("已参保{}人，保费凭证已生成（批准人记为审核人）", rows.len());
                    return Ok(back_to_mutual(&state, &p, union_id, &msg).await);
                }
                Err(e) => errors = FormErrors::from_error(&e),
            }
        }
    }
    mutual_page(&state, &p, union_id, Some((f, errors))).await
}

pub async fn file_claim(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<MutualForm>,
) -> PageResult {
    let mut errors = FormErrors::default();
    let claimed = fen_of(&mut errors, "claimed_fen", "申请金额", &f.claimed);
    if errors.is_empty() {
        let enrolment = Uuid::parse_str(f.enrolment_id.trim()).ok();
        match mutual::file_claim(
            &state,
            &p,
            union_id,
            enrolment,
            parse_date(&f.event_date),
            claimed,
            &f.description,
        )
        .await
        {
            Ok((_, proposed)) => {
                let msg = format!("理赔申请已登记，按计划可赔{}元，待审核", yuan(proposed));
                return Ok(back_to_mutual(&state, &p, union_id, &msg).await);
            }
            Err(e) => errors = FormErrors::from_error(&e),
        }
    }
    mutual_page(&state, &p, union_id, Some((f, errors))).await
}

#[derive(Deserialize, Default)]
pub struct AssessForm {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub approved: String,
    #[serde(default)]
    pub note: String,
}

pub async fn assess_claim(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<AssessForm>,
) -> PageResult {
    let approve = f.decision == "approve";
    let amount = match f.approved.trim() {
        "" => Ok(None),
        s => parse_yuan("approved_fen", "核定金额", s, false).map(Some),
    };
    let msg = match amount {
        Err(e) => format!("未能审核：{}", e.message),
        Ok(amount) => match mutual::assess(&state, &p, union_id, id, approve, amount, &f.note).await {
            Ok(c) if c.status == "approved" => {
                format!("已核定赔付{}元", c.approved_fen.map(yuan).unwrap_or_default())
            }
            Ok(_) => "已拒赔".to_owned(),
            Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
            Err(e) => format!("未能审核：{}", e.0.message),
        },
    };
    Ok(back_to_mutual(&state, &p, union_id, &msg).await)
}

pub async fn pay_claim(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let approver = f.iter().find(|(k, _)| k == "approver_user_id").and_then(|(_, v)| v.trim().parse().ok());
    let msg = match mutual::pay_claim(&state, &p, union_id, id, approver).await {
        Ok(c) => format!("已赔付{}元，凭证已自动记账", c.approved_fen.map(yuan).unwrap_or_default()),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => format!("未能赔付：{}", e.0.message),
    };
    Ok(back_to_mutual(&state, &p, union_id, &msg).await)
}
