//! 会计科目: the chart of accounts and the union's own detail accounts.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::finance::chart::{self};
use serde::Deserialize;
use uuid::Uuid;

use super::{Can, base, indent, status_of, union_page};
use crate::extract::{PageForm, Path};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::AppError;
use app::finance::service;

pub struct AccountRow {
    pub code: String,
    pub name: String,
    pub indent: String,
    pub class: &'static str,
    pub side: &'static str,
    pub postable: bool,
}

#[derive(Deserialize, Default, Clone)]
pub struct AccountForm {
    #[serde(default)]
    parent: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
}

#[derive(Template)]
#[template(path = "finance/accounts.html")]
struct AccountsPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    rows: Vec<AccountRow>,
    parents: Vec<(String, String)>,
    form: AccountForm,
    errors: FormErrors,
}

async fn accounts_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    typed: Option<(AccountForm, AppError)>,
) -> PageResult {
    let chart = service::accounts(state, union_id).await?;
    let (layout, can, _) =
        union_page(state, p, union_id, "finance", "会计科目", Some(format!("{}/accounts", base(union_id))))
            .await?;
    let status = status_of(typed.as_ref().map(|(_, e)| e));
    let (form, errors) = match typed {
        Some((f, e)) => (f, FormErrors::from_error(&e)),
        None => (AccountForm::default(), FormErrors::default()),
    };
    Ok(render_status(
        status,
        &AccountsPage {
            layout,
            union_id,
            can,
            nav: "accounts",
            rows: chart
                .iter()
                .map(|a| AccountRow {
                    code: a.code.clone(),
                    name: a.name.clone(),
                    indent: indent(&a.code),
                    class: a.class.label(),
                    side: a.side.label(),
                    postable: chart::is_leaf(&chart, &a.code),
                })
                .collect(),
            parents: chart
                .iter()
                .map(|a| (a.code.clone(), format!("{}{} {}", indent(&a.code), a.code, a.name)))
                .collect(),
            form,
            errors,
        },
    ))
}

pub async fn accounts(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    accounts_page(&state, &p, union_id, None).await
}

pub async fn add_account(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<AccountForm>,
) -> PageResult {
    match service::add_account(&state, &p, union_id, &f.parent, &f.code, &f.name).await {
        Ok(a) => {
            let msg = format!("已增设明细科目{} {}", a.code, a.name);
            Ok(redirect_with_flash(&state, &p, &format!("{}/accounts", base(union_id)), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => accounts_page(&state, &p, union_id, Some((f, e))).await,
    }
}
