//! 财务设置: three-person books, the funds' kept share and their flow.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::ErrorCode;
use domain::finance::dues::FundFlow;
use serde::Deserialize;
use uuid::Uuid;

use super::{Can, base, status_of, union_page};
use crate::extract::PageForm;
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::AppError;
use app::finance::service;

#[derive(Deserialize, Default, Clone)]
pub struct SettingsForm {
    #[serde(default)]
    three_person: String,
    #[serde(default)]
    keep_permille: String,
    #[serde(default)]
    fund_flow: String,
}

#[derive(Template)]
#[template(path = "finance/settings.html")]
struct SettingsPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    form: SettingsForm,
    errors: FormErrors,
    flows: Vec<(&'static str, &'static str)>,
    policy_key: String,
    chain_length: i64,
}

async fn settings_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    typed: Option<(SettingsForm, AppError)>,
) -> PageResult {
    let s = service::settings(state, union_id).await?;
    let (layout, can, _) =
        union_page(state, p, union_id, "finance", "财务设置", Some(format!("{}/settings", base(union_id))))
            .await?;
    let status = status_of(typed.as_ref().map(|(_, e)| e));
    let (form, errors) = match typed {
        Some((f, e)) => (f, FormErrors::from_error(&e)),
        None => (
            SettingsForm {
                three_person: if s.three_person { "1".into() } else { String::new() },
                keep_permille: s.keep_permille.to_string(),
                fund_flow: s.fund_flow.clone(),
            },
            FormErrors::default(),
        ),
    };
    Ok(render_status(
        status,
        &SettingsPage {
            layout,
            union_id,
            can,
            nav: "settings",
            form,
            errors,
            flows: [FundFlow::Direct, FundFlow::Tax].iter().map(|f| (f.as_str(), f.label())).collect(),
            policy_key: s.policy_key,
            chain_length: s.chain_seq,
        },
    ))
}

pub async fn settings(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    settings_page(&state, &p, union_id, None).await
}

pub async fn save_settings(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<SettingsForm>,
) -> PageResult {
    let keep = match f.keep_permille.trim() {
        "" => Ok(None),
        k => k.parse::<i64>().map(Some).map_err(|_| {
            AppError::field(
                ErrorCode::InvalidValue,
                "keep_permille",
                "留成比例应为整数（千分比），如600表示60%",
            )
        }),
    };
    let r = match keep {
        Ok(keep_permille) => {
            let input = service::SettingsInput {
                three_person: Some(f.three_person == "1"),
                keep_permille,
                fund_flow: Some(f.fund_flow.trim().to_owned()).filter(|s| !s.is_empty()),
            };
            service::save_settings(&state, &p, union_id, &input).await
        }
        Err(e) => Err(e),
    };
    match r {
        Ok(_) => {
            Ok(redirect_with_flash(&state, &p, &format!("{}/settings", base(union_id)), "财务设置已保存")
                .await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => settings_page(&state, &p, union_id, Some((f, e))).await,
    }
}
