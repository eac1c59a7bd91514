//! 填制凭证 and 修改凭证: the voucher form as typed (any number of rows),
//! read into the service's input, with the service's errors put back on
//! the form's fields.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::finance::money::{fmt_yuan, parse_yuan};
use domain::time::parse_date;
use uuid::Uuid;

use super::{Can, base, blank, field_error, postable, union_page, voucher_url, yuan_input};
use crate::extract::{PageForm, Path};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::AppError;
use app::finance::service;

/// A voucher line as typed.
#[derive(Debug, Default, Clone)]
pub struct LineForm {
    account: String,
    debit: String,
    credit: String,
    summary: String,
}

impl LineForm {
    fn is_empty(&self) -> bool {
        blank(&self.account) && blank(&self.debit) && blank(&self.credit) && blank(&self.summary)
    }
}

/// A voucher as typed: fields `date`, `summary`, `attachments` and per row
/// i `account_i`, `debit_i`, `credit_i`, `line_summary_i`.
#[derive(Debug, Default, Clone)]
pub struct VoucherForm {
    date: String,
    summary: String,
    attachments: String,
    lines: Vec<LineForm>,
    confirm_below_zero: bool,
}

/// Rows the form shows at least; empty rows are ignored.
const FORM_ROWS: usize = 6;
const MAX_ROWS: usize = 500;

impl VoucherForm {
    /// The form and whether 添加一行 was pressed.
    fn parse(fields: Vec<(String, String)>) -> (VoucherForm, bool) {
        let mut f = VoucherForm::default();
        let mut add_row = false;
        for (k, v) in fields {
            match k.as_str() {
                "date" => f.date = v,
                "summary" => f.summary = v,
                "attachments" => f.attachments = v,
                "add_row" => add_row = true,
                "confirm_below_zero" => f.confirm_below_zero = v == "1",
                _ => {
                    let Some((name, i)) = k.rsplit_once('_') else { continue };
                    let Ok(i) = i.parse::<usize>() else { continue };
                    if i >= MAX_ROWS {
                        continue;
                    }
                    if f.lines.len() <= i {
                        f.lines.resize(i + 1, LineForm::default());
                    }
                    let l = &mut f.lines[i];
                    match name {
                        "account" => l.account = v,
                        "debit" => l.debit = v,
                        "credit" => l.credit = v,
                        "line_summary" => l.summary = v,
                        _ => {}
                    }
                }
            }
        }
        (f, add_row)
    }

    fn of(v: &service::VoucherView) -> VoucherForm {
        VoucherForm {
            date: v.voucher.date.to_string(),
            summary: v.voucher.summary.clone(),
            attachments: v.voucher.attachments.to_string(),
            lines: v
                .lines
                .iter()
                .map(|l| LineForm {
                    account: l.account.clone(),
                    debit: yuan_input(l.debit_fen),
                    credit: yuan_input(l.credit_fen),
                    summary: l.summary.clone(),
                })
                .collect(),
            confirm_below_zero: false,
        }
    }

    /// The voucher for the service, the form row of each line sent, and
    /// what could not be read.
    fn input(&self) -> (service::VoucherInput, Vec<usize>, FormErrors) {
        let mut errors = FormErrors::default();
        let date = if blank(&self.date) {
            None
        } else {
            let d = parse_date(&self.date);
            if d.is_none() {
                errors.items.push(("date".into(), "凭证日期不正确，请按2026-11-21的格式填写".into()));
            }
            d
        };
        let attachments = if blank(&self.attachments) {
            0
        } else {
            self.attachments.trim().parse::<i64>().unwrap_or_else(|_| {
                errors.items.push(("attachments".into(), "附件张数应为整数".into()));
                0
            })
        };
        let mut lines = Vec::new();
        let mut rows = Vec::new();
        for (i, l) in self.lines.iter().enumerate() {
            if l.is_empty() {
                continue;
            }
            let mut amount = |field: String, label: &str, text: &str| {
                if blank(text) {
                    return 0;
                }
                parse_yuan(&field, label, text, true).unwrap_or_else(|e| {
                    field_error(&mut errors, e);
                    0
                })
            };
            let debit_fen = amount(format!("debit_{i}"), "借方金额", &l.debit);
            let credit_fen = amount(format!("credit_{i}"), "贷方金额", &l.credit);
            lines.push(domain::finance::ledger::Line {
                account: l.account.trim().to_owned(),
                summary: l.summary.clone(),
                debit_fen,
                credit_fen,
            });
            rows.push(i);
        }
        let confirm_below_zero = self.confirm_below_zero;
        let summary = self.summary.clone();
        (service::VoucherInput { date, summary, attachments, lines, confirm_below_zero }, rows, errors)
    }
}

/// The service's errors on the form's fields: `lines[2].account` is the
/// account of the form row the third line came from.
fn voucher_errors(e: &AppError, rows: &[usize]) -> FormErrors {
    let mut fe = FormErrors::from_error(e);
    let mut items = Vec::new();
    for (f, m) in std::mem::take(&mut fe.items) {
        let line = f
            .strip_prefix("lines[")
            .and_then(|rest| rest.split_once("]."))
            .and_then(|(i, name)| Some((rows.get(i.parse::<usize>().ok()?).copied()?, name)));
        match (f.as_str(), line) {
            ("date" | "summary" | "attachments" | "lines" | "confirm_below_zero", _) => items.push((f, m)),
            (_, Some((row, "account"))) => items.push((format!("account_{row}"), m)),
            (_, Some((row, "debit_fen"))) => items.push((format!("debit_{row}"), m)),
            (_, Some((row, "credit_fen"))) => items.push((format!("credit_{row}"), m)),
            (_, Some((row, "summary"))) => items.push((format!("line_summary_{row}"), m)),
            _ => fe.general = Some(m),
        }
    }
    fe.items = items;
    fe
}

pub struct LineView {
    pub i: usize,
    pub account: String,
    pub debit: String,
    pub credit: String,
    pub summary: String,
    pub account_error: Option<String>,
    pub debit_error: Option<String>,
    pub credit_error: Option<String>,
    pub summary_error: Option<String>,
}

#[derive(Template)]
#[template(path = "finance/voucher_form.html")]
struct VoucherFormPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    action: String,
    cancel: String,
    editing: bool,
    form: VoucherForm,
    lines: Vec<LineView>,
    accounts: Vec<(String, String)>,
    errors: FormErrors,
}

async fn voucher_form_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    editing: Option<Uuid>,
    mut form: VoucherForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let chart = service::accounts(state, union_id).await?;
    let rows = form.lines.len().max(FORM_ROWS);
    form.lines.resize(rows, LineForm::default());
    let err = |f: String| errors.get(&f).map(str::to_owned);
    let lines = form
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| LineView {
            i,
            account: l.account.clone(),
            debit: l.debit.clone(),
            credit: l.credit.clone(),
            summary: l.summary.clone(),
            account_error: err(format!("account_{i}")),
            debit_error: err(format!("debit_{i}")),
            credit_error: err(format!("credit_{i}")),
            summary_error: err(format!("line_summary_{i}")),
        })
        .collect();
    let (title, action) = match editing {
        Some(id) => ("修改凭证", format!("{}/edit", voucher_url(union_id, id))),
        None => ("填制凭证", format!("{}/vouchers", base(union_id))),
    };
    let crumb = match editing {
        Some(_) => action.clone(),
        None => format!("{}/vouchers/new", base(union_id)),
    };
    let (layout, can, _) = union_page(state, p, union_id, "finance", title, Some(crumb)).await?;
    Ok(render_status(
        status,
        &VoucherFormPage {
            layout,
            union_id,
            can,
            nav: "vouchers",
            action,
            cancel: match editing {
                Some(id) => voucher_url(union_id, id),
                None => format!("{}/vouchers", base(union_id)),
            },
            editing: editing.is_some(),
            form,
            lines,
            accounts: postable(&chart),
            errors,
        },
    ))
}

pub async fn new_voucher(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> PageResult {
    let form =
        VoucherForm { date: service::today().to_string(), attachments: "0".into(), ..Default::default() };
    voucher_form_page(&state, &p, union_id, None, form, FormErrors::default(), StatusCode::OK).await
}

pub async fn create_voucher(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(fields): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let (mut form, add_row) = VoucherForm::parse(fields);
    if add_row {
        form.lines.resize(form.lines.len().max(FORM_ROWS) + 1, LineForm::default());
        return voucher_form_page(&state, &p, union_id, None, form, FormErrors::default(), StatusCode::OK)
            .await;
    }
    let (input, rows, errors) = form.input();
    if !errors.is_empty() {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return voucher_form_page(&state, &p, union_id, None, form, errors, status).await;
    }
    match service::create_voucher(&state, &p, union_id, &input).await {
        Ok(v) => {
            let msg = format!(
                "凭证已保存（草稿）：{}，金额{}元，请由另一位财务人员审核",
                v.summary,
                fmt_yuan(v.total_fen)
            );
            Ok(redirect_with_flash(&state, &p, &voucher_url(union_id, v.id), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            let errors = voucher_errors(&e, &rows);
            voucher_form_page(&state, &p, union_id, None, form, errors, e.status()).await
        }
    }
}

pub async fn edit_voucher(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let v = service::voucher(&state, union_id, id).await?;
    let refusal = match v.voucher.status.as_str() {
        "posted" => Some("凭证已记账，不能修改，请用红字冲销更正"),
        "reviewed" => Some("凭证已审核，须先由审核人退回才能修改"),
        _ => None,
    };
    if let Some(msg) = refusal {
        return Ok(redirect_with_flash(&state, &p, &voucher_url(union_id, id), msg).await);
    }
    voucher_form_page(
        &state,
        &p,
        union_id,
        Some(id),
        VoucherForm::of(&v),
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

pub async fn update_voucher(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(fields): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let (mut form, add_row) = VoucherForm::parse(fields);
    if add_row {
        form.lines.resize(form.lines.len().max(FORM_ROWS) + 1, LineForm::default());
        return voucher_form_page(
            &state,
            &p,
            union_id,
            Some(id),
            form,
            FormErrors::default(),
            StatusCode::OK,
        )
        .await;
    }
    let (input, rows, errors) = form.input();
    if !errors.is_empty() {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return voucher_form_page(&state, &p, union_id, Some(id), form, errors, status).await;
    }
    match service::update_voucher(&state, &p, union_id, id, &input).await {
        Ok(v) => {
            let msg = format!("凭证已保存：{}，金额{}元", v.summary, fmt_yuan(v.total_fen));
            Ok(redirect_with_flash(&state, &p, &voucher_url(union_id, id), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            let errors = voucher_errors(&e, &rows);
            voucher_form_page(&state, &p, union_id, Some(id), form, errors, e.status()).await
        }
    }
}
