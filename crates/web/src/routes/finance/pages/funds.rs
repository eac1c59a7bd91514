//! 工会经费: the monthly payroll declaration, the 2% funds' kept and
//! remitted shares, and their receipts.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::finance::dues::FundFlow;
use domain::finance::ledger::Period;
use domain::finance::money::{fmt_yuan, parse_yuan};
use serde::Deserialize;
use uuid::Uuid;

use super::{Can, base, form_errors, optional_date, period_label, this_month, union_page};
use crate::extract::{PageForm, Path};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::finance::{dues, service};

pub struct FundRow {
    pub month: String,
    pub flow: &'static str,
    pub payroll: String,
    pub due: String,
    pub keep: String,
    pub up: String,
    pub expected_in: String,
    pub received_in: String,
    pub expected_out: String,
    pub remitted: String,
    pub reconciled: bool,
}

#[derive(Deserialize, Default, Clone)]
pub struct DeclareForm {
    #[serde(default)]
    month: String,
    #[serde(default)]
    payroll: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct ReceiptForm {
    #[serde(default)]
    month: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    date: String,
}

#[derive(Template)]
#[template(path = "finance/funds.html")]
struct FundsPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    rows: Vec<FundRow>,
    flow: &'static str,
    keep_permille: i64,
    declare: DeclareForm,
    declare_errors: FormErrors,
    receipt: ReceiptForm,
    receipt_errors: FormErrors,
    kinds: Vec<(&'static str, &'static str)>,
}

enum FundsTyped {
    None,
    Declare(DeclareForm, AppError),
    Receipt(ReceiptForm, AppError),
}

async fn funds_page(state: &AppState, p: &Principal, union_id: Uuid, typed: FundsTyped) -> PageResult {
    let lines = dues::funds(state, union_id).await?;
    let settings = service::settings(state, union_id).await?;
    let (layout, can, _) =
        union_page(state, p, union_id, "finance", "工会经费", Some(format!("{}/funds", base(union_id))))
            .await?;
    let month = this_month().to_string();
    let default_declare = DeclareForm { month: month.clone(), ..Default::default() };
    let default_receipt = ReceiptForm {
        month,
        kind: "employer_paid".into(),
        date: service::today().to_string(),
        ..Default::default()
    };
    let rename = [("payroll_fen", "payroll"), ("amount_fen", "amount")];
    let (declare, declare_errors, receipt, receipt_errors, status) = match typed {
        FundsTyped::None => {
            (default_declare, FormErrors::default(), default_receipt, FormErrors::default(), StatusCode::OK)
        }
        FundsTyped::Declare(f, e) => {
            (f, form_errors(&e, &rename), default_receipt, FormErrors::default(), e.status())
        }
        FundsTyped::Receipt(f, e) => {
            (default_declare, FormErrors::default(), f, form_errors(&e, &rename), e.status())
        }
    };
    Ok(render_status(
        status,
        &FundsPage {
            layout,
            union_id,
            can,
            nav: "funds",
            rows: lines
                .iter()
                .map(|l| FundRow {
                    month: period_label(&l.month),
                    flow: l.flow_label,
                    payroll: fmt_yuan(l.payroll_fen),
                    due: fmt_yuan(l.due_fen),
                    keep: fmt_yuan(l.keep_fen),
                    up: fmt_yuan(l.up_fen),
                    expected_in: fmt_yuan(l.expected_in_fen),
                    received_in: fmt_yuan(l.received_in_fen),
                    expected_out: fmt_yuan(l.expected_out_fen),
                    remitted: fmt_yuan(l.remitted_fen),
                    reconciled: l.reconciled,
                })
                .collect(),
            flow: FundFlow::parse(&settings.fund_flow).map(|f| f.label()).unwrap_or(""),
            keep_permille: settings.keep_permille,
            declare,
            declare_errors,
            receipt,
            receipt_errors,
            kinds: vec![
                ("employer_paid", "收到单位拨缴经费（单位直接拨缴）"),
                ("remitted_up", "上解上级工会经费（单位直接拨缴）"),
                ("refund_received", "收到上级工会回拨经费（税务代收）"),
            ],
        },
    ))
}

pub async fn funds(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    funds_page(&state, &p, union_id, FundsTyped::None).await
}

pub async fn fund_declare(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<DeclareForm>,
) -> PageResult {
    let r = match (dues::parse_month("month", &f.month), parse_yuan("payroll", "工资总额", &f.payroll, false))
    {
        (Ok(month), Ok(fen)) => dues::declare(&state, &p, union_id, month, fen).await,
        (Err(e), _) => Err(e),
        (_, Err(e)) => Err(e.into()),
    };
    match r {
        Ok(l) => {
            let msg = format!(
                "已申报{}工资总额{}元：应拨缴经费{}元（留成{}元，上解{}元）",
                period_label(&l.month),
                fmt_yuan(l.payroll_fen),
                fmt_yuan(l.due_fen),
                fmt_yuan(l.keep_fen),
                fmt_yuan(l.up_fen)
            );
            Ok(redirect_with_flash(&state, &p, &format!("{}/funds", base(union_id)), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => funds_page(&state, &p, union_id, FundsTyped::Declare(f, e)).await,
    }
}

/// The month, amount and date of a fund receipt.
fn receipt_args(f: &ReceiptForm) -> AppResult<(Period, i64, Option<chrono::NaiveDate>)> {
    let month = dues::parse_month("month", &f.month)?;
    let amount = parse_yuan("amount", "金额", &f.amount, false)?;
    Ok((month, amount, optional_date(&f.date, "日期")?))
}

pub async fn fund_receipt(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<ReceiptForm>,
) -> PageResult {
    let parsed = receipt_args(&f);
    let r = match parsed {
        Ok((month, amount, date)) => {
            dues::receive(&state, &p, union_id, month, f.kind.trim(), amount, date).await
        }
        Err(e) => Err(e),
    };
    match r {
        Ok(l) => {
            let msg = format!(
                "已登记{}经费款项并自动记账：{}",
                period_label(&l.month),
                if l.reconciled { "本月已对平" } else { "本月尚未对平" }
            );
            Ok(redirect_with_flash(&state, &p, &format!("{}/funds", base(union_id)), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => funds_page(&state, &p, union_id, FundsTyped::Receipt(f, e)).await,
    }
}
