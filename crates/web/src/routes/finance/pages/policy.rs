//! 经费支出政策: the preset or custom spending rules the welfare payments
//! are checked against.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::finance::policy::{self, Item};
use serde::Deserialize;
use uuid::Uuid;

use super::{Can, base, blank, status_of, union_page};
use crate::extract::{PageForm, Path};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::AppError;
use app::finance::welfare;

#[derive(Deserialize, Default, Clone)]
pub struct PolicyForm {
    #[serde(default)]
    preset: String,
    #[serde(default)]
    policy: String,
}

#[derive(Template)]
#[template(path = "finance/policy.html")]
struct PolicyPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    name: String,
    region: String,
    key: String,
    allow_exceptions: bool,
    window: (i64, i64),
    items: Vec<(&'static str, String)>,
    presets: Vec<(&'static str, String)>,
    form: PolicyForm,
    errors: FormErrors,
}

async fn policy_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    typed: Option<(PolicyForm, AppError)>,
) -> PageResult {
    let pol = welfare::get_policy(state, union_id).await?;
    let (layout, can, _) =
        union_page(state, p, union_id, "finance", "经费支出政策", Some(format!("{}/policy", base(union_id))))
            .await?;
    let status = status_of(typed.as_ref().map(|(_, e)| e));
    let (form, errors) = match typed {
        Some((f, e)) => (f, FormErrors::from_error(&e)),
        None => {
            (PolicyForm { preset: pol.key.clone(), policy: policy::to_json(&pol) }, FormErrors::default())
        }
    };
    Ok(render_status(
        status,
        &PolicyPage {
            layout,
            union_id,
            can,
            nav: "policy",
            items: Item::ALL
                .iter()
                .map(|i| (i.label(), pol.describe(*i).unwrap_or_else(|| "本政策未规定此项，不能发放".into())))
                .collect(),
            presets: policy::PRESETS
                .iter()
                .map(|k| {
                    let name = policy::preset(k).map(|p| p.name).unwrap_or_default();
                    let name = if *k == "custom" { format!("本会自定义（{name}）") } else { name };
                    (*k, name)
                })
                .collect(),
            window: pol.festival_window(),
            name: pol.name,
            region: pol.region,
            key: pol.key,
            allow_exceptions: pol.allow_exceptions,
            form,
            errors,
        },
    ))
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
    // Only the custom policy takes the text; a preset is taken as shipped.
    let json = (f.preset == "custom" && !blank(&f.policy)).then_some(f.policy.as_str());
    match welfare::set_policy(&state, &p, union_id, f.preset.trim(), json).await {
        Ok(pol) => {
            let msg = format!("经费支出政策已改为：{}", pol.name);
            Ok(redirect_with_flash(&state, &p, &format!("{}/policy", base(union_id)), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => policy_page(&state, &p, union_id, Some((f, e))).await,
    }
}
