//! The 期初余额 page: one amount per balance-sheet account, the totals,
//! and the review and posting buttons. A refused form keeps what was typed.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::finance::ledger::Period;
use domain::finance::money::{fmt_yuan, parse_yuan};
use domain::finance::opening::Balance;
use uuid::Uuid;

use super::{Can, base, done, form_errors, union_page, voucher_status, yuan_input};
use crate::extract::PageForm;
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::AppError;
use app::finance::opening::{self, Opening};

/// One account's row: its code, name, side and the amount as typed.
pub struct Row {
    pub code: String,
    pub name: String,
    pub side: &'static str,
    pub value: String,
}

pub struct Section {
    pub title: &'static str,
    pub rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "finance/opening.html")]
struct OpeningPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    first_period: String,
    first_label: String,
    status: String,
    status_label: &'static str,
    editable: bool,
    locked_by: Option<String>,
    maker: String,
    reviewer: String,
    poster: String,
    voucher_href: Option<String>,
    sections: Vec<Section>,
    debit_total: String,
    credit_total: String,
    balanced: bool,
    errors: FormErrors,
}

fn url(union_id: Uuid) -> String {
    format!("{}/opening", base(union_id))
}

/// What was typed: the first period and `a_<code>` amounts.
type Typed = (String, Vec<(String, String)>);

async fn render(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    typed: Option<(Typed, AppError)>,
) -> PageResult {
    let o: Opening = opening::get(state, union_id).await?;
    let (layout, can, _) = union_page(state, p, union_id, "finance", "期初余额", Some(url(union_id))).await?;
    let status = typed.as_ref().map_or(StatusCode::OK, |(_, e)| e.status());
    let errors = typed.as_ref().map(|(_, e)| form_errors(e, &[])).unwrap_or_default();
    let value_of = |code: &str| -> String {
        match &typed {
            Some(((_, fields), _)) => fields
                .iter()
                .find(|(k, _)| k.strip_prefix("a_") == Some(code))
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
            None => yuan_input(o.amount(code)),
        }
    };
    let sections = opening::sections()
        .into_iter()
        .map(|(class, title)| Section {
            title,
            rows: o
                .accounts
                .iter()
                .filter(|a| a.class == class)
                .map(|a| Row {
                    code: a.code.clone(),
                    name: a.name.clone(),
                    side: a.side.label(),
                    value: value_of(&a.code),
                })
                .collect(),
        })
        .collect();
    let (debit, credit) = o.totals();
    let v = o.voucher.as_ref();
    let first_period = match &typed {
        Some(((f, _), _)) => f.clone(),
        None => o.first_period.to_string(),
    };
    Ok(render_status(
        status,
        &OpeningPage {
            layout,
            union_id,
            can,
            nav: "opening",
            first_label: o.first_period.label(),
            first_period,
            status: o.status().to_owned(),
            status_label: match o.status() {
                "none" => "未录入",
                s => voucher_status(s),
            },
            editable: o.locked_by.is_none() && matches!(o.status(), "none" | "draft"),
            locked_by: o.locked_by.as_deref().and_then(Period::parse).map(|p| p.label()),
            maker: v.map(|v| v.maker_name.clone()).unwrap_or_default(),
            reviewer: v.and_then(|v| v.reviewer_name.clone()).unwrap_or_default(),
            poster: v.and_then(|v| v.poster_name.clone()).unwrap_or_default(),
            voucher_href: v.map(|v| format!("{}/vouchers/{}", base(union_id), v.id)),
            sections,
            debit_total: fmt_yuan(debit),
            credit_total: fmt_yuan(credit),
            balanced: debit == credit,
            errors,
        },
    ))
}

pub async fn page(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    render(&state, &p, union_id, None).await
}

pub async fn save(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(fields): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let first = fields
        .iter()
        .find(|(k, _)| k == "first_period")
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default();
    let amounts: Vec<(String, String)> = fields.into_iter().filter(|(k, _)| k.starts_with("a_")).collect();
    let parsed = (|| -> Result<(Option<Period>, Vec<Balance>), AppError> {
        let period = match first.as_str() {
            "" => None,
            f => Some(Period::parse(f).ok_or_else(|| {
                AppError::field(domain::ErrorCode::InvalidValue, "first_period", "启用月份应如2026-01")
            })?),
        };
        let mut balances = Vec::new();
        for (i, (k, v)) in amounts.iter().enumerate() {
            if v.trim().is_empty() {
                continue;
            }
            let code = k.trim_start_matches("a_");
            let fen =
                parse_yuan(&format!("balances[{i}].amount_fen"), &format!("科目{code}的期初余额"), v, false)?;
            balances.push(Balance { account: code.to_owned(), amount_fen: fen });
        }
        Ok((period, balances))
    })();
    let r = match parsed {
        Ok((period, balances)) => opening::save(&state, &p, union_id, period, &balances).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match r {
        Ok(()) => {
            Ok(redirect_with_flash(&state, &p, &url(union_id), "期初余额已保存，请由另一位财务人员审核")
                .await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => render(&state, &p, union_id, Some(((first, amounts), e))).await,
    }
}

pub async fn review(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    let r = opening::review(&state, &p, union_id, true).await.map(|_| "期初余额已审核，可以记账".to_owned());
    done(&state, &p, &url(union_id), r).await
}

pub async fn unreview(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    let r = opening::review(&state, &p, union_id, false).await.map(|_| "期初余额已退回，可以修改".to_owned());
    done(&state, &p, &url(union_id), r).await
}

pub async fn post(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    let r = opening::post(&state, &p, union_id)
        .await
        .map(|_| "期初余额已记账：资产负债表和账簿从此按期初余额起算".to_owned());
    done(&state, &p, &url(union_id), r).await
}
