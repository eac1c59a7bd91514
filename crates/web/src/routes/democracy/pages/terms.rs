//! A term's page: its delegates, their composition against the rules, and
//! the form to enter a delegate.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use uuid::Uuid;

use super::{DelegateRow, base, delegate_row, opt_id, union_layout};
use crate::extract::{PageForm, Path};
use crate::kit::member_choices;
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::democracy::congress::{self, DelegateInput};
use app::democracy::lookup;

#[derive(Template)]
#[template(path = "democracy/term.html")]
struct TermPage {
    layout: Layout,
    union_id: Uuid,
    term_id: Uuid,
    manage: bool,
    heading: String,
    delegates: Vec<DelegateRow>,
    composition: Vec<(&'static str, String)>,
    warnings: Vec<String>,
    members: Option<Vec<(String, String)>>,
    accounts: Vec<(String, String)>,
    form: DelegateForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default, Clone)]
pub struct DelegateForm {
    #[serde(default)]
    pub member_id: String,
    #[serde(default)]
    pub user_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub gender: String,
    #[serde(default)]
    pub manager: Option<String>,
    #[serde(default)]
    pub frontline: Option<String>,
    #[serde(default)]
    pub presidium: Option<String>,
}

async fn term_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    term_id: Uuid,
    typed: Option<(DelegateForm, FormErrors, StatusCode)>,
) -> PageResult {
    let v = congress::term_view(state, union_id, term_id).await?;
    let heading = format!("第{}届{}代表", v.term.number, v.form.label());
    let (layout, manage) =
        union_layout(state, p, union_id, &heading, Some(format!("{}/terms/{term_id}", base(union_id))))
            .await?;
    let c = &v.composition;
    let pct = domain::democracy::outcome::pct;
    let composition = vec![
        ("代表总数", c.delegates.to_string()),
        ("中层以上管理人员", format!("{}人（{}）", c.managers, pct(c.managers, c.delegates))),
        ("女职工代表", format!("{}人（{}）", c.women, pct(c.women, c.delegates))),
        ("职工中女职工比例", format!("{}（{}/{}）", pct(c.staff_women, c.staff), c.staff_women, c.staff)),
        ("主席团成员", format!("{}人，其中一线职工{}人", c.presidium, c.presidium_frontline)),
    ];
    let (members, accounts) = if manage {
        let accounts = lookup::accounts(state, union_id)
            .await?
            .into_iter()
            .map(|(id, u, d)| (id.to_string(), format!("{d}（{u}）")))
            .collect();
        (member_choices(state, union_id).await?, accounts)
    } else {
        (None, Vec::new())
    };
    let (form, errors, status) =
        typed.unwrap_or_else(|| (DelegateForm::default(), FormErrors::default(), StatusCode::OK));
    Ok(render_status(
        status,
        &TermPage {
            layout,
            union_id,
            term_id,
            manage,
            heading,
            delegates: v.delegates.iter().map(delegate_row).collect(),
            composition,
            warnings: v.warnings,
            members,
            accounts,
            form,
            errors,
        },
    ))
}

pub async fn term(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, term_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    term_page(&state, &p, union_id, term_id, None).await
}

pub async fn add_delegate(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, term_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<DelegateForm>,
) -> PageResult {
    let input = DelegateInput {
        member_id: opt_id(&f.member_id),
        user_id: opt_id(&f.user_id),
        name: Some(f.name.clone()),
        gender: Some(f.gender.clone()),
        manager: f.manager.is_some(),
        frontline: f.frontline.is_some(),
        presidium: f.presidium.is_some(),
    };
    match congress::add_delegate(&state, &p, union_id, term_id, &input).await {
        Ok(d) => {
            let to = format!("{}/terms/{term_id}", base(union_id));
            Ok(redirect_with_flash(&state, &p, &to, &format!("已登记代表{}", d.name)).await)
        }
        Err(e) if e.0.field.is_none() && e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            let s = e.status();
            term_page(&state, &p, union_id, term_id, Some((f, FormErrors::from_error(&e), s))).await
        }
    }
}
