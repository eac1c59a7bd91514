//! The local figures hardship is judged by (低保, provincial average income).

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::care::hardship::CarePolicy;
use domain::time::parse_date;
use serde::Deserialize;
use uuid::Uuid;

use super::{Can, base, fen_of, union_page, yuan};
use crate::extract::PageForm;
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::care::files;

#[derive(Template)]
#[template(path = "care/policy.html")]
struct PolicyPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    rows: Vec<(String, String, String, String)>,
    form: PolicyForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default, Clone)]
pub struct PolicyForm {
    #[serde(default)]
    pub dibao: String,
    #[serde(default)]
    pub avg: String,
    #[serde(default)]
    pub effective_from: String,
}

async fn policy_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    typed: Option<(PolicyForm, FormErrors, StatusCode)>,
) -> PageResult {
    let (layout, can) =
        union_page(state, p, union_id, "困难职工认定标准", Some(format!("{}/policy", base(union_id))))
            .await?;
    let rows = files::policies(state, union_id)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.effective_from.to_string(),
                yuan(r.dibao_monthly_fen),
                yuan(r.province_avg_income_fen),
                r.set_by,
            )
        })
        .collect();
    let (form, errors, status) = typed.unwrap_or_else(|| {
        (
            PolicyForm { effective_from: files::today().to_string(), ..Default::default() },
            FormErrors::default(),
            StatusCode::OK,
        )
    });
    Ok(render_status(status, &PolicyPage { layout, union_id, can, rows, form, errors }))
}

pub async fn policy(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    policy_page(&state, &p, union_id, None).await
}

pub async fn save_policy(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<PolicyForm>,
) -> PageResult {
    let mut errors = FormErrors::default();
    let dibao = fen_of(&mut errors, "dibao_monthly_fen", "低保标准", &f.dibao);
    let avg = fen_of(&mut errors, "province_avg_income_fen", "全省上年人均可支配收入", &f.avg);
    if errors.is_empty() {
        let figures = CarePolicy { dibao_monthly_fen: dibao, province_avg_income_fen: avg };
        match files::put_policy(&state, &p, union_id, figures, parse_date(&f.effective_from)).await {
            Ok(_) => {
                return Ok(redirect_with_flash(
                    &state,
                    &p,
                    &format!("{}/policy", base(union_id)),
                    "认定标准已保存",
                )
                .await);
            }
            Err(e) => errors = FormErrors::from_error(&e),
        }
    }
    policy_page(&state, &p, union_id, Some((f, errors, StatusCode::UNPROCESSABLE_ENTITY))).await
}
