//! The finance pages: vouchers and ledgers, reports, budget, dues and funds,
//! the spending rules and welfare payments, disclosure to members and the
//! funds review committee's workspace. Each handler parses its form, calls
//! the same service as the API and renders; amounts are typed and shown in
//! yuan.

use crate::extract::Path;
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use domain::ErrorCode;
use domain::auth::Perm;
use domain::finance::chart::{self, Account, Class};
use domain::finance::dues::FundFlow;
use domain::finance::holidays::Holiday;
use domain::finance::ledger::{BudgetState, Period, Span};
use domain::finance::money::{fmt_yuan, in_words, parse_yuan};
use domain::finance::policy::{self, Form, Item};
use domain::time::{fmt_date, fmt_datetime, parse_date};
use serde::Deserialize;
use store::Page;
use store::finance::{Voucher, VoucherFilter};
use uuid::Uuid;

use super::api::{VoucherQuery, voucher_filter};
use crate::kit::{file_field, member_choices};
use crate::extract::{PageForm, Query};
use crate::pages::{FormErrors, Layout, PageResult, Pager, redirect_with_flash, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::finance::{dues, oversight, reports, service, welfare};

// ---------------------------------------------------------------------------
// Shared

pub(crate) fn base(union_id: Uuid) -> String {
    format!("/unions/{union_id}/finance")
}

fn voucher_url(union_id: Uuid, id: Uuid) -> String {
    format!("{}/vouchers/{id}", base(union_id))
}

/// What the caller may do in this union's books: which links, buttons and
/// forms the pages show (the guard decides what is allowed).
#[derive(Debug, Clone, Copy, Default)]
pub struct Can {
    pub view: bool,
    pub make: bool,
    pub review: bool,
    pub reopen: bool,
    pub settings: bool,
    pub audit: bool,
    pub publish: bool,
    pub statements: bool,
}

impl Can {
    pub(crate) fn of(p: &Principal, path: Option<&str>) -> Can {
        Can {
            view: p.can(Perm::FinanceView, path),
            make: p.can(Perm::FinanceMake, path),
            review: p.can(Perm::FinanceReview, path),
            reopen: p.can(Perm::PeriodReopen, path),
            settings: p.can(Perm::FinanceSettings, path),
            audit: p.can(Perm::FinanceAudit, path),
            publish: p.can(Perm::StatementPublish, path),
            statements: p.can(Perm::StatementView, path),
        }
    }
}

/// The layout of a union's finance page, what the caller may do there and
/// the union's name. `crumb`: this page's own breadcrumb.
pub(crate) async fn union_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    area: &str,
    title: &str,
    crumb: Option<String>,
) -> AppResult<(Layout, Can, String)> {
    let mut tx = state.db.read().await?;
    let union = app::org::load_union(&mut tx, union_id).await?;
    drop(tx);
    let can = Can::of(p, Some(&union.path));
    let mut layout =
        Layout::new(state, p, area, title).await.crumb(union.name.clone(), format!("/orgs/{union_id}"));
    if can.view {
        layout = layout.crumb("财务", base(union_id));
    }
    if let Some(href) = crumb {
        layout = layout.crumb(title, href);
    }
    Ok((layout, can, union.name))
}

/// The status of a re-rendered form: that of its error, else 200.
pub(crate) fn status_of(e: Option<&AppError>) -> StatusCode {
    e.map(|e| e.status()).unwrap_or(StatusCode::OK)
}

/// The errors of a form, with the service's field names renamed to the
/// form's.
pub(crate) fn form_errors(e: &AppError, rename: &[(&str, &str)]) -> FormErrors {
    let mut fe = FormErrors::from_error(e);
    for (f, _) in fe.items.iter_mut() {
        if let Some((_, to)) = rename.iter().find(|(from, _)| from == f) {
            *f = (*to).to_owned();
        }
    }
    fe
}

/// A field's error as typed parsing found it.
fn field_error(errors: &mut FormErrors, e: domain::DomainError) {
    let field = e.field.unwrap_or_default();
    errors.items.push((field, e.message));
}

pub(super) fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// An amount for an input: `1234.50`, empty for 0.
pub(crate) fn yuan_input(fen: i64) -> String {
    if fen == 0 {
        return String::new();
    }
    let sign = if fen < 0 { "-" } else { "" };
    let a = fen.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// An amount for a table: empty for 0.
fn yuan_cell(fen: i64) -> String {
    if fen == 0 { String::new() } else { fmt_yuan(fen) }
}

pub(super) fn this_month() -> Period {
    Period::of(service::today())
}

fn this_year() -> i32 {
    service::today().year()
}

pub(super) fn period_label(key: &str) -> String {
    Period::parse(key).map(|p| p.label()).unwrap_or_else(|| key.to_owned())
}

pub(crate) fn voucher_status(s: &str) -> &'static str {
    match s {
        "draft" => "草稿",
        "reviewed" => "已审核",
        "posted" => "已记账",
        _ => "",
    }
}

fn voucher_kind(s: &str) -> &'static str {
    match s {
        "manual" => "手工凭证",
        "reversal" => "红字冲销",
        "dues" => "会费收缴",
        "fund" => "经费拨缴",
        "welfare" => "慰问福利",
        "opening" => "期初余额",
        _ => "",
    }
}

/// `记字第3号`, or empty before posting.
fn voucher_number(v: &Voucher) -> String {
    v.number.map(|n| format!("记字第{n}号")).unwrap_or_default()
}

fn indent(code: &str) -> String {
    "　".repeat(code.len().saturating_sub(4) / 2)
}

/// Postable accounts (the most detailed) as select options.
fn postable(chart: &[Account]) -> Vec<(String, String)> {
    chart
        .iter()
        .filter(|a| chart::is_leaf(chart, &a.code))
        .map(|a| (a.code.clone(), format!("{} {}", a.code, a.name)))
        .collect()
}

fn account_name(chart: &[Account], code: &str) -> String {
    chart.iter().find(|a| a.code == code).map(|a| a.name.clone()).unwrap_or_default()
}

/// A file to download; the name travels RFC 5987-encoded.
fn download(file_name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    // Old clients get a plain ASCII name with the same extension.
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_.".contains(c);
    let fallback = if file_name.chars().all(safe) {
        file_name.to_owned()
    } else {
        let ext = file_name.rsplit_once('.').map(|(_, e)| e).filter(|e| e.chars().all(safe)).unwrap_or("");
        if ext.is_empty() { "download".to_owned() } else { format!("download.{ext}") }
    };
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}");
    let ct = if !content_type.is_empty() && content_type.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        content_type.to_owned()
    } else {
        "application/octet-stream".to_owned()
    };
    (
        [
            (header::CONTENT_TYPE, ct),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async fn xlsx_bytes(sheet: String, headers: Vec<&'static str>, rows: Vec<Vec<String>>) -> AppResult<Vec<u8>> {
    tokio::task::spawn_blocking(move || sheet::write_xlsx(&sheet, &headers, &rows))
        .await
        .map_err(|_| AppError::code(ErrorCode::Internal))?
        .map_err(|e| AppError::field(ErrorCode::Internal, "file", e.message()))
}


/// After a button (no fields to keep): back to `to` with the outcome as
/// the flash. A missing record is the error page.
pub(crate) async fn done(state: &AppState, p: &Principal, to: &str, r: AppResult<String>) -> PageResult {
    match r {
        Ok(msg) => Ok(redirect_with_flash(state, p, to, &msg).await),
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => Ok(redirect_with_flash(state, p, to, &e.0.message).await),
    }
}

/// A table of text with the same rows as the .xlsx export.
pub struct Table {
    pub headers: Vec<(&'static str, bool)>,
    pub rows: Vec<TableRow>,
}

pub struct TableRow {
    pub cells: Vec<Cell>,
    /// `total`, `lvl1`, `sub`, `warn` or `over`.
    pub class: &'static str,
}

pub struct Cell {
    pub text: String,
    /// An amount (right-aligned).
    pub num: bool,
}

const NUMERIC: &[&str] = &[
    "期初余额",
    "本期借方",
    "本期贷方",
    "期末余额",
    "年初数",
    "期末数",
    "本期数",
    "本年累计数",
    "借方",
    "贷方",
    "余额",
    "预算数",
    "实际支出",
    "结余",
    "执行率",
];

impl Table {
    fn new(
        headers: Vec<&'static str>,
        rows: Vec<Vec<String>>,
        class: impl Fn(usize, &[String]) -> &'static str,
    ) -> Table {
        let num: Vec<bool> = headers.iter().map(|h| NUMERIC.contains(h)).collect();
        let rows = rows
            .into_iter()
            .enumerate()
            .map(|(i, cells)| TableRow {
                class: class(i, &cells),
                cells: cells
                    .into_iter()
                    .enumerate()
                    .map(|(j, text)| Cell { text, num: num.get(j).copied().unwrap_or(false) })
                    .collect(),
            })
            .collect();
        Table { headers: headers.into_iter().zip(num).collect(), rows }
    }

    /// The headers and rows for .xlsx.
    fn into_sheet(self) -> (Vec<&'static str>, Vec<Vec<String>>) {
        let headers = self.headers.into_iter().map(|(h, _)| h).collect();
        let rows = self.rows.into_iter().map(|r| r.cells.into_iter().map(|c| c.text).collect()).collect();
        (headers, rows)
    }
}

fn statement_class(_: usize, cells: &[String]) -> &'static str {
    let name = cells.get(2).map(String::as_str).unwrap_or("");
    if name.ends_with("合计") || name == "收支结余" { "total" } else { "" }
}

// ---------------------------------------------------------------------------
// 财务首页

#[derive(Template)]
#[template(path = "finance/home.html")]
struct HomePage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    period: String,
    period_key: String,
    debit_total: String,
    credit_total: String,
    balanced: bool,
    drafts: i64,
    reviewed: i64,
}

pub async fn home(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    let month = this_month();
    let tb = reports::trial_balance(&state, union_id, Span { from: month, to: month }).await?;
    let count = |status: &str| VoucherFilter { period: None, status: Some(status.to_owned()) };
    let one = Page::new(Some(1), Some(1));
    let (_, drafts) = service::list(&state, union_id, &count("draft"), one).await?;
    let (_, reviewed) = service::list(&state, union_id, &count("reviewed"), one).await?;
    let (layout, can, _) = union_page(&state, &p, union_id, "finance", "财务", None).await?;
    Ok(render(&HomePage {
        layout,
        union_id,
        can,
        nav: "home",
        period: month.label(),
        period_key: month.to_string(),
        debit_total: fmt_yuan(tb.debit_total_fen),
        credit_total: fmt_yuan(tb.credit_total_fen),
        balanced: tb.balanced,
        drafts,
        reviewed,
    }))
}

// ---------------------------------------------------------------------------
// 凭证列表

pub struct VoucherRow {
    pub id: Uuid,
    pub date: String,
    pub number: String,
    pub summary: String,
    pub total: String,
    pub status: &'static str,
    pub kind: &'static str,
    pub maker: String,
}

fn voucher_row(v: &Voucher) -> VoucherRow {
    VoucherRow {
        id: v.id,
        date: fmt_date(v.date),
        number: voucher_number(v),
        summary: v.summary.clone(),
        total: fmt_yuan(v.total_fen),
        status: voucher_status(&v.status),
        kind: voucher_kind(&v.kind),
        maker: v.maker_name.clone(),
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct VoucherListParams {
    #[serde(default)]
    period: String,
    #[serde(default)]
    status: String,
    page: Option<i64>,
}

#[derive(Deserialize, Default, Clone)]
pub struct BatchForm {
    #[serde(default)]
    period: String,
}

#[derive(Template)]
#[template(path = "finance/vouchers.html")]
struct VouchersPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    f: VoucherListParams,
    rows: Vec<VoucherRow>,
    pager: Pager,
    statuses: Vec<(&'static str, &'static str)>,
    filter_error: Option<String>,
    batch: BatchForm,
    batch_errors: FormErrors,
}

async fn vouchers_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    f: VoucherListParams,
    batch: BatchForm,
    e: Option<AppError>,
) -> PageResult {
    let page = Page::new(f.page, Some(50));
    let q = VoucherQuery {
        period: Some(f.period.trim().to_owned()),
        status: Some(f.status.clone()),
        page: f.page,
        per_page: Some(50),
    };
    let (rows, total, filter_error) = match voucher_filter(&q) {
        Ok(filter) => {
            let (list, total) = service::list(state, union_id, &filter, page).await?;
            (list.iter().map(voucher_row).collect(), total, None)
        }
        Err(err) => (Vec::new(), 0, Some(err.0.message)),
    };
    let query = serde_urlencoded::to_string([("period", f.period.as_str()), ("status", f.status.as_str())])
        .unwrap_or_default();
    let pager = Pager::new(&format!("{}/vouchers?{query}&", base(union_id)), page, total);
    let (layout, can, _) =
        union_page(state, p, union_id, "finance", "记账凭证", Some(format!("{}/vouchers", base(union_id))))
            .await?;
    Ok(render_status(
        status_of(e.as_ref()),
        &VouchersPage {
            layout,
            union_id,
            can,
            nav: "vouchers",
            f,
            rows,
            pager,
            statuses: vec![("draft", "草稿"), ("reviewed", "已审核"), ("posted", "已记账")],
            filter_error,
            batch,
            batch_errors: e.as_ref().map(FormErrors::from_error).unwrap_or_default(),
        },
    ))
}

pub async fn vouchers(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(f): Query<VoucherListParams>,
) -> PageResult {
    let batch =
        BatchForm { period: if f.period.is_empty() { this_month().to_string() } else { f.period.clone() } };
    vouchers_page(&state, &p, union_id, f, batch, None).await
}

pub async fn post_batch(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<BatchForm>,
) -> PageResult {
    let result = match dues::parse_month("period", &f.period) {
        Ok(period) => service::post_batch(&state, &p, union_id, period).await.map(|n| (period, n)),
        Err(e) => Err(e),
    };
    match result {
        Ok((period, n)) => {
            let msg = if n == 0 {
                format!("{}没有可由您记账的已审核凭证", period.label())
            } else {
                format!("已批量记账{}凭证{n}张", period.label())
            };
            let to = format!("{}/vouchers?period={period}", base(union_id));
            Ok(redirect_with_flash(&state, &p, &to, &msg).await)
        }
        Err(e) => vouchers_page(&state, &p, union_id, VoucherListParams::default(), f, Some(e)).await,
    }
}

// ---------------------------------------------------------------------------
// 凭证表单

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

// ---------------------------------------------------------------------------
// 凭证

pub struct ShownLine {
    pub account: String,
    pub name: String,
    pub summary: String,
    pub debit: String,
    pub credit: String,
}

pub struct AttachmentRow {
    pub id: Uuid,
    pub name: String,
    pub size: String,
    pub sha256: String,
    pub by: String,
    pub at: String,
}

/// A voucher as both the voucher page and the printed voucher show it.
pub struct VoucherShown {
    pub id: Uuid,
    pub period: String,
    pub number: String,
    pub date: String,
    pub summary: String,
    pub attachments: i64,
    pub status_key: String,
    pub status: &'static str,
    pub kind: &'static str,
    pub maker: String,
    pub made_at: String,
    pub reviewer: String,
    pub reviewed_at: String,
    pub poster: String,
    pub posted_at: String,
    pub lines: Vec<ShownLine>,
    pub total: String,
    pub total_words: String,
    pub reverses: Option<Uuid>,
    pub reversed_by: Option<(Uuid, &'static str)>,
    pub seq: Option<i64>,
    pub hash: String,
}

fn shown(v: &service::VoucherView, chart: &[Account]) -> VoucherShown {
    let x = &v.voucher;
    let at = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(fmt_datetime).unwrap_or_default();
    VoucherShown {
        id: x.id,
        period: period_label(&x.period),
        number: voucher_number(x),
        date: fmt_date(x.date),
        summary: x.summary.clone(),
        attachments: x.attachments,
        status_key: x.status.clone(),
        status: voucher_status(&x.status),
        kind: voucher_kind(&x.kind),
        maker: x.maker_name.clone(),
        made_at: fmt_datetime(x.made_at),
        reviewer: x.reviewer_name.clone().unwrap_or_default(),
        reviewed_at: at(x.reviewed_at),
        poster: x.poster_name.clone().unwrap_or_default(),
        posted_at: at(x.posted_at),
        lines: v
            .lines
            .iter()
            .map(|l| ShownLine {
                account: l.account.clone(),
                name: account_name(chart, &l.account),
                summary: if l.summary.is_empty() { x.summary.clone() } else { l.summary.clone() },
                debit: yuan_cell(l.debit_fen),
                credit: yuan_cell(l.credit_fen),
            })
            .collect(),
        total: fmt_yuan(x.total_fen),
        total_words: in_words(x.total_fen),
        reverses: x.reverses,
        reversed_by: v.reversed_by.as_ref().map(|r| (r.id, voucher_status(&r.status))),
        seq: x.seq,
        hash: x.hash.clone().unwrap_or_default(),
    }
}

#[derive(Deserialize, Default)]
pub struct VoucherParams {
    /// Set after a refused posting: the override fields open, as typed.
    #[serde(default)]
    over: String,
    #[serde(default)]
    override_reason: String,
    #[serde(default)]
    override_approver: String,
}

#[derive(Template)]
#[template(path = "finance/voucher.html")]
struct VoucherPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    v: VoucherShown,
    attachments: Vec<AttachmentRow>,
    can_edit: bool,
    can_delete: bool,
    can_review: bool,
    /// A draft the caller made: someone else reviews it (no button that
    /// always fails; a hint instead).
    own_draft: bool,
    can_unreview: bool,
    can_post: bool,
    can_reverse: bool,
    can_attach: bool,
    over_open: bool,
    override_reason: String,
    override_approver: String,
    approvers: Vec<service::Approver>,
}

pub async fn voucher(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    Query(q): Query<VoucherParams>,
) -> PageResult {
    let view = service::voucher(&state, union_id, id).await?;
    let chart = service::accounts(&state, union_id).await?;
    let v = shown(&view, &chart);
    let title = match v.number.as_str() {
        "" => format!("凭证：{}", v.summary),
        n => format!("{}{n}", v.period),
    };
    let (layout, can, _) =
        union_page(&state, &p, union_id, "finance", &title, Some(voucher_url(union_id, id))).await?;
    let status = v.status_key.as_str();
    let posted = status == "posted";
    let approvers = if can.review { service::approvers(&state, union_id).await? } else { Vec::new() };
    Ok(render(&VoucherPage {
        layout,
        union_id,
        can,
        nav: "vouchers",
        attachments: view
            .attachments
            .iter()
            .map(|a| AttachmentRow {
                id: a.id,
                name: a.file_name.clone(),
                size: if a.size >= 1024 * 1024 {
                    format!("{:.1} MB", a.size as f64 / 1024.0 / 1024.0)
                } else {
                    format!("{:.1} KB", a.size as f64 / 1024.0)
                },
                sha256: a.sha256.clone(),
                by: a.uploaded_by.clone(),
                at: fmt_datetime(a.uploaded_at),
            })
            .collect(),
        can_edit: status == "draft" && can.make,
        can_delete: !posted && can.make,
        can_review: status == "draft" && can.review && view.voucher.maker_id != p.user_id,
        own_draft: status == "draft" && can.review && view.voucher.maker_id == p.user_id,
        can_unreview: status == "reviewed" && can.review,
        can_post: status == "reviewed" && can.review,
        can_reverse: posted && can.make && v.reverses.is_none() && v.reversed_by.is_none(),
        can_attach: !posted && can.make,
        over_open: q.over == "1" || !q.override_reason.is_empty() || !q.override_approver.is_empty(),
        override_reason: q.override_reason,
        override_approver: q.override_approver,
        approvers,
        v,
    }))
}

#[derive(Template)]
#[template(path = "finance/print_voucher.html")]
struct PrintVoucherPage {
    union_id: Uuid,
    union_name: String,
    v: VoucherShown,
    blank_rows: Vec<usize>,
}

pub async fn print_voucher(
    State(state): State<AppState>,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let view = service::voucher(&state, union_id, id).await?;
    let chart = service::accounts(&state, union_id).await?;
    let mut tx = state.db.read().await?;
    let union = app::org::load_union(&mut tx, union_id).await?;
    drop(tx);
    let v = shown(&view, &chart);
    // A printed voucher has at least five line rows.
    let blank_rows = (v.lines.len()..5).collect();
    Ok(render(&PrintVoucherPage { union_id, union_name: union.name, v, blank_rows }))
}

pub async fn review(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let r = service::review(&state, &p, union_id, id, true)
        .await
        .map(|v| format!("已审核：{}，可以记账", v.summary));
    done(&state, &p, &voucher_url(union_id, id), r).await
}

pub async fn unreview(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let r = service::review(&state, &p, union_id, id, false)
        .await
        .map(|v| format!("已退回：{}，制单人可以修改后重新提交审核", v.summary));
    done(&state, &p, &voucher_url(union_id, id), r).await
}

#[derive(Deserialize, Default)]
pub struct PostForm {
    #[serde(default)]
    override_reason: String,
    #[serde(default)]
    override_approver: String,
    #[serde(default)]
    confirm_below_zero: String,
}

pub async fn post(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<PostForm>,
) -> PageResult {
    let over = service::Override {
        reason: f.override_reason.clone(),
        approver_user_id: f.override_approver.trim().parse().ok(),
        confirm_below_zero: f.confirm_below_zero == "1",
    };
    let to = voucher_url(union_id, id);
    match service::post(&state, &p, union_id, id, Some(&over)).await {
        Ok((v, warnings)) => {
            let mut msg = format!("已记账：{}{}", period_label(&v.period), voucher_number(&v));
            for w in warnings {
                msg.push_str("。预算提醒：");
                msg.push_str(&w);
            }
            Ok(redirect_with_flash(&state, &p, &to, &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            // The override as typed comes back with the message.
            let keep = e.0.code == ErrorCode::BudgetExceeded
                || !blank(&f.override_reason)
                || !blank(&f.override_approver);
            let to = if keep {
                let q = serde_urlencoded::to_string([
                    ("over", "1"),
                    ("override_reason", f.override_reason.as_str()),
                    ("override_approver", f.override_approver.as_str()),
                ])
                .unwrap_or_default();
                format!("{to}?{q}")
            } else {
                to
            };
            Ok(redirect_with_flash(&state, &p, &to, &e.0.message).await)
        }
    }
}

pub async fn reverse(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    match service::reverse(&state, &p, union_id, id).await {
        Ok(v) => {
            let msg = "已生成红字冲销凭证（草稿），请审核后记账";
            Ok(redirect_with_flash(&state, &p, &voucher_url(union_id, v.id), msg).await)
        }
        Err(e) => done(&state, &p, &voucher_url(union_id, id), Err(e)).await,
    }
}

pub async fn delete_voucher(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    match service::delete_voucher(&state, &p, union_id, id).await {
        Ok(()) => {
            Ok(redirect_with_flash(&state, &p, &format!("{}/vouchers", base(union_id)), "凭证已删除").await)
        }
        Err(e) => done(&state, &p, &voucher_url(union_id, id), Err(e)).await,
    }
}

pub async fn attach(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    mp: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let r = match file_field(mp).await {
        Ok((name, content_type, bytes)) => {
            service::attach(&state, &p, union_id, id, &name, &content_type, &bytes)
                .await
                .map(|a| format!("已上传附件：{}（SHA-256 {}…）", a.file_name, &a.sha256[..16]))
        }
        Err(e) => Err(e),
    };
    done(&state, &p, &voucher_url(union_id, id), r).await
}

pub async fn attachment(
    State(state): State<AppState>,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let (a, bytes) = service::attachment(&state, union_id, id).await?;
    Ok(download(&a.file_name, &a.content_type, bytes))
}

// ---------------------------------------------------------------------------
// 结账

pub struct EventRow {
    pub period: String,
    pub action: &'static str,
    pub reason: String,
    pub actor: String,
    pub at: String,
}

fn event_rows(events: Vec<store::finance::PeriodEvent>) -> Vec<EventRow> {
    events
        .into_iter()
        .map(|e| EventRow {
            period: period_label(&e.period),
            action: if e.action == "reopen" { "反结账" } else { "结账" },
            reason: e.reason.unwrap_or_default(),
            actor: e.actor_name,
            at: fmt_datetime(e.at),
        })
        .collect()
}

#[derive(Deserialize, Default, Clone)]
pub struct PeriodForm {
    #[serde(default)]
    period: String,
    #[serde(default)]
    reason: String,
}

#[derive(Template)]
#[template(path = "finance/periods.html")]
struct PeriodsPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    closed: Vec<(String, String)>,
    events: Vec<EventRow>,
    close: PeriodForm,
    close_errors: FormErrors,
    reopen: PeriodForm,
    reopen_errors: FormErrors,
}

/// The periods page; `close` or `reopen` carries the form as typed and its
/// error.
async fn periods_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    close: Option<(PeriodForm, AppError)>,
    reopen: Option<(PeriodForm, AppError)>,
) -> PageResult {
    let (closed, events) = service::periods(state, union_id).await?;
    let status = status_of(close.as_ref().or(reopen.as_ref()).map(|(_, e)| e));
    let (layout, can, _) =
        union_page(state, p, union_id, "finance", "结账", Some(format!("{}/periods", base(union_id))))
            .await?;
    let (close, close_errors) = match close {
        Some((f, e)) => (f, FormErrors::from_error(&e)),
        None => (
            PeriodForm { period: this_month().prev().to_string(), ..Default::default() },
            FormErrors::default(),
        ),
    };
    let (reopen, reopen_errors) = match reopen {
        Some((f, e)) => (f, FormErrors::from_error(&e)),
        None => (
            PeriodForm { period: closed.iter().max().cloned().unwrap_or_default(), ..Default::default() },
            FormErrors::default(),
        ),
    };
    Ok(render_status(
        status,
        &PeriodsPage {
            layout,
            union_id,
            can,
            nav: "periods",
            closed: closed.iter().map(|k| (k.clone(), period_label(k))).collect(),
            events: event_rows(events),
            close,
            close_errors,
            reopen,
            reopen_errors,
        },
    ))
}

pub async fn periods(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    periods_page(&state, &p, union_id, None, None).await
}

pub async fn close_period(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<PeriodForm>,
) -> PageResult {
    let r = match dues::parse_month("period", &f.period) {
        Ok(period) => service::set_period(&state, &p, union_id, period, true, None).await.map(|_| period),
        Err(e) => Err(e),
    };
    match r {
        Ok(period) => {
            let msg = format!("{}已结账", period.label());
            Ok(redirect_with_flash(&state, &p, &format!("{}/periods", base(union_id)), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => periods_page(&state, &p, union_id, Some((f, e)), None).await,
    }
}

pub async fn reopen_period(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<PeriodForm>,
) -> PageResult {
    let r = match dues::parse_month("period", &f.period) {
        Ok(period) => {
            service::set_period(&state, &p, union_id, period, false, Some(&f.reason)).await.map(|_| period)
        }
        Err(e) => Err(e),
    };
    match r {
        Ok(period) => {
            let msg = format!("{}已反结账，经审委员会可在经审工作台看到本次操作", period.label());
            Ok(redirect_with_flash(&state, &p, &format!("{}/periods", base(union_id)), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => periods_page(&state, &p, union_id, None, Some((f, e))).await,
    }
}

// ---------------------------------------------------------------------------
// 报表

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Report {
    TrialBalance,
    BalanceSheet,
    IncomeStatement,
    GeneralLedger,
    DetailLedger,
    Budget,
}

const REPORTS: [(Report, &str, &str); 6] = [
    (Report::TrialBalance, "trial-balance", "试算平衡表"),
    (Report::BalanceSheet, "balance-sheet", "资产负债表"),
    (Report::IncomeStatement, "income-statement", "收入支出表"),
    (Report::GeneralLedger, "general-ledger", "总账"),
    (Report::DetailLedger, "detail-ledger", "明细账"),
    (Report::Budget, "budget", "预算执行表"),
];

fn report_of(slug: &str) -> AppResult<(Report, &'static str, &'static str)> {
    REPORTS.iter().find(|(_, s, _)| *s == slug).copied().ok_or_else(AppError::not_found)
}

#[derive(Deserialize, Default, Clone)]
pub struct ReportParams {
    #[serde(default)]
    period: String,
    #[serde(default)]
    account: String,
}

/// A report as a table: its title, the table (None: the detail ledger
/// without an account) and a note (balanced or not).
pub struct ReportData {
    pub title: String,
    pub table: Option<Table>,
    pub note: Option<Note>,
}

/// Whether a report balances, in words.
pub struct Note {
    pub ok: bool,
    pub text: String,
}

impl Note {
    fn new(ok: bool, yes: &str, no: &str) -> Note {
        Note { ok, text: if ok { yes } else { no }.to_owned() }
    }
}

async fn report_data(
    state: &AppState,
    union_id: Uuid,
    report: Report,
    name: &str,
    span: Span,
    account: &str,
) -> AppResult<ReportData> {
    let title = format!("{name} {}", span.label());
    Ok(match report {
        Report::TrialBalance => {
            let tb = reports::trial_balance(state, union_id, span).await?;
            let (headers, rows) = reports::trial_balance_rows(&tb);
            let last = rows.len().saturating_sub(1);
            let levels: Vec<usize> = tb.rows.iter().map(|r| r.level).collect();
            let table = Table::new(headers, rows, |i, _| match (i == last, levels.get(i)) {
                (true, _) => "total",
                (_, Some(1)) => "lvl1",
                _ => "",
            });
            let note = Note::new(
                tb.balanced,
                "借贷平衡：期初、本期发生额、期末余额的借方合计与贷方合计相等",
                "借贷不平衡，请检查记账凭证",
            );
            ReportData { title, table: Some(table), note: Some(note) }
        }
        Report::BalanceSheet => {
            let bs = reports::balance_sheet(state, union_id, span).await?;
            let (headers, rows) = reports::balance_sheet_rows(&bs);
            let note = Note::new(bs.balanced, "资产 = 负债 + 净资产，平衡", "资产不等于负债加净资产，请检查");
            ReportData { title, table: Some(Table::new(headers, rows, statement_class)), note: Some(note) }
        }
        Report::IncomeStatement => {
            let is = reports::income_statement(state, union_id, span).await?;
            let (headers, rows) = reports::income_statement_rows(&is);
            ReportData { title, table: Some(Table::new(headers, rows, statement_class)), note: None }
        }
        Report::GeneralLedger => {
            let gl = reports::general_ledger(state, union_id, span).await?;
            let (headers, rows) = reports::general_ledger_rows(&gl);
            let table = Table::new(headers, rows, |_, c| {
                if c.get(2).is_some_and(|c| c == "期初余额") { "sub" } else { "" }
            });
            ReportData { title, table: Some(table), note: None }
        }
        Report::DetailLedger => {
            if blank(account) {
                return Ok(ReportData { title, table: None, note: None });
            }
            let d = reports::detail_ledger(state, union_id, account.trim(), span).await?;
            let (headers, rows) = reports::detail_ledger_rows(&d);
            let last = rows.len().saturating_sub(1);
            let table = Table::new(headers, rows, |i, _| match i {
                0 => "sub",
                i if i == last => "total",
                _ => "",
            });
            ReportData {
                title: format!("{name} {} {} {}", d.code, d.name, span.label()),
                table: Some(table),
                note: None,
            }
        }
        Report::Budget => {
            let year = span.to.year;
            let rows = reports::budget_execution(state, union_id, year).await?;
            let states: Vec<BudgetState> = rows.iter().map(|r| r.state).collect();
            let (headers, cells) = reports::budget_rows(&rows);
            let table = Table::new(headers, cells, |i, _| match states.get(i) {
                Some(BudgetState::Exceeded) => "over",
                Some(BudgetState::Warning) => "warn",
                _ => "",
            });
            ReportData { title: format!("{name} {year}年"), table: Some(table), note: None }
        }
    })
}

#[derive(Template)]
#[template(path = "finance/report.html")]
struct ReportPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    slug: &'static str,
    union_name: String,
    reports: Vec<(&'static str, &'static str)>,
    f: ReportParams,
    accounts: Vec<(String, String)>,
    data: Option<ReportData>,
    error: Option<String>,
    export: String,
    today: String,
}

pub async fn report(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, slug)): Path<(Uuid, String)>,
    Query(f): Query<ReportParams>,
) -> PageResult {
    let (report, slug, name) = report_of(&slug)?;
    let chart =
        if report == Report::DetailLedger { service::accounts(&state, union_id).await? } else { Vec::new() };
    let (data, error) = match reports::parse_span(Some(&f.period)) {
        Ok(span) => match report_data(&state, union_id, report, name, span, &f.account).await {
            Ok(d) => (Some(d), None),
            Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
            Err(e) => (None, Some(e.0.message)),
        },
        Err(e) => (None, Some(e.0.message)),
    };
    let query = serde_urlencoded::to_string([("period", f.period.as_str()), ("account", f.account.as_str())])
        .unwrap_or_default();
    let href = format!("{}/reports/{slug}", base(union_id));
    let (layout, can, union_name) =
        union_page(&state, &p, union_id, "finance", name, Some(href.clone())).await?;
    let status = if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    Ok(render_status(
        status,
        &ReportPage {
            layout,
            union_id,
            can,
            nav: "reports",
            slug,
            union_name,
            reports: REPORTS.iter().map(|(_, s, n)| (*s, *n)).collect(),
            accounts: chart
                .iter()
                .map(|a| (a.code.clone(), format!("{}{} {}", indent(&a.code), a.code, a.name)))
                .collect(),
            data,
            error,
            export: format!("{href}/export.xlsx?{query}"),
            today: fmt_date(service::today()),
            f,
        },
    ))
}

pub async fn report_xlsx(
    State(state): State<AppState>,
    Path((union_id, slug)): Path<(Uuid, String)>,
    Query(f): Query<ReportParams>,
) -> PageResult {
    let (report, _, name) = report_of(&slug)?;
    let span = reports::parse_span(Some(&f.period))?;
    if report == Report::DetailLedger && blank(&f.account) {
        return Err(AppError::field(ErrorCode::InvalidQuery, "account", "请指定明细账的科目编码").into());
    }
    let data = report_data(&state, union_id, report, name, span, &f.account).await?;
    let Some(table) = data.table else { return Err(AppError::not_found().into()) };
    let mut tx = state.db.read().await?;
    let union = app::org::load_union(&mut tx, union_id).await?;
    drop(tx);
    let (headers, rows) = table.into_sheet();
    let bytes = xlsx_bytes(name.to_owned(), headers, rows).await?;
    let file = format!("{}{}.xlsx", union.name, data.title.replace(' ', ""));
    Ok(download(&file, XLSX, bytes))
}

// ---------------------------------------------------------------------------
// 预算

#[derive(Deserialize, Default)]
pub struct YearParams {
    #[serde(default)]
    year: String,
}

fn year_of(s: &str) -> i32 {
    s.trim().parse().ok().filter(|y| (2000..=2100).contains(y)).unwrap_or_else(this_year)
}

pub struct BudgetView {
    pub account: String,
    pub name: String,
    pub budget: String,
    pub actual: String,
    pub remaining: String,
    pub used: String,
    pub class: &'static str,
    pub state: &'static str,
}

pub struct BudgetField {
    pub code: String,
    pub label: String,
    pub value: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "finance/budget.html")]
struct BudgetPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    year: i32,
    rows: Vec<BudgetView>,
    budget_total: String,
    actual_total: String,
    form_year: String,
    fields: Vec<BudgetField>,
    errors: FormErrors,
}

/// The budget form as typed: the year, amounts by account, its errors.
struct BudgetTyped {
    year: String,
    amounts: Vec<(String, String)>,
    errors: FormErrors,
}

/// The budget page, with the form as typed when it was refused.
async fn budget_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    year: i32,
    typed: Option<BudgetTyped>,
    status: StatusCode,
) -> PageResult {
    let rows = reports::budget_execution(state, union_id, year).await?;
    let chart = service::accounts(state, union_id).await?;
    let (form_year, amounts, errors) = match typed {
        Some(t) => (t.year, t.amounts, t.errors),
        None => (
            year.to_string(),
            rows.iter()
                .filter(|r| r.budget_fen > 0)
                .map(|r| (r.account.clone(), yuan_input(r.budget_fen)))
                .collect(),
            FormErrors::default(),
        ),
    };
    let fields = chart
        .iter()
        .filter(|a| a.class == Class::Expenditure)
        .map(|a| BudgetField {
            code: a.code.clone(),
            label: format!("{}{} {}", indent(&a.code), a.code, a.name),
            value: amounts.iter().find(|(c, _)| *c == a.code).map(|(_, v)| v.clone()).unwrap_or_default(),
            error: errors.get(&format!("amount_{}", a.code)).map(str::to_owned),
        })
        .collect();
    let (layout, can, _) =
        union_page(state, p, union_id, "finance", "预算", Some(format!("{}/budget", base(union_id)))).await?;
    Ok(render_status(
        status,
        &BudgetPage {
            layout,
            union_id,
            can,
            nav: "budget",
            year,
            budget_total: fmt_yuan(rows.iter().map(|r| r.budget_fen).sum()),
            actual_total: fmt_yuan(rows.iter().map(|r| r.actual_fen).sum()),
            rows: rows
                .iter()
                .map(|r| BudgetView {
                    account: r.account.clone(),
                    name: r.name.clone(),
                    budget: fmt_yuan(r.budget_fen),
                    actual: fmt_yuan(r.actual_fen),
                    remaining: fmt_yuan(r.remaining_fen),
                    used: domain::finance::ledger::budget_used_label(r.budget_fen, r.actual_fen),
                    class: match r.state {
                        BudgetState::Exceeded => "over",
                        BudgetState::Warning => "warn",
                        BudgetState::Ok | BudgetState::NoBudget => "",
                    },
                    // The 执行率 column already says 无预算.
                    state: if r.state == BudgetState::NoBudget { "" } else { r.state.label() },
                })
                .collect(),
            form_year,
            fields,
            errors,
        },
    ))
}

pub async fn budget(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearParams>,
) -> PageResult {
    budget_page(&state, &p, union_id, year_of(&q.year), None, StatusCode::OK).await
}

pub async fn save_budget(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(fields): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let mut errors = FormErrors::default();
    let mut form_year = String::new();
    let mut amounts = Vec::new();
    for (k, v) in fields {
        if k == "year" {
            form_year = v;
        } else if let Some(code) = k.strip_prefix("amount_") {
            amounts.push((code.to_owned(), v));
        }
    }
    let year = form_year.trim().parse::<i32>().unwrap_or_else(|_| {
        errors.items.push(("year".into(), "年度应为四位数字，如2026".into()));
        0
    });
    let mut lines = Vec::new();
    for (code, v) in &amounts {
        if blank(v) {
            continue;
        }
        match parse_yuan(&format!("amount_{code}"), "预算金额", v, false) {
            Ok(fen) => lines.push((code.clone(), fen)),
            Err(e) => field_error(&mut errors, e),
        }
    }
    if !errors.is_empty() {
        let shown_year = year_of(&form_year);
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return budget_page(
            &state,
            &p,
            union_id,
            shown_year,
            Some(BudgetTyped { year: form_year, amounts, errors }),
            status,
        )
        .await;
    }
    match reports::set_budget(&state, &p, union_id, year, &lines).await {
        Ok(()) => {
            let total: i64 = lines.iter().map(|(_, a)| a).sum();
            let msg = format!("已保存{year}年预算：{}项，合计{}元", lines.len(), fmt_yuan(total));
            Ok(redirect_with_flash(&state, &p, &format!("{}/budget?year={year}", base(union_id)), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            let mut errors = FormErrors::from_error(&e);
            for (f, _) in errors.items.iter_mut() {
                let line = f
                    .strip_prefix("lines[")
                    .and_then(|r| r.split_once(']'))
                    .and_then(|(i, _)| i.parse::<usize>().ok())
                    .and_then(|i| lines.get(i));
                if let Some((code, _)) = line {
                    *f = format!("amount_{code}");
                }
            }
            let status = e.status();
            budget_page(
                &state,
                &p,
                union_id,
                year_of(&form_year),
                Some(BudgetTyped { year: form_year, amounts, errors }),
                status,
            )
            .await
        }
    }
}

/// A date typed or left empty.
pub(super) fn optional_date(s: &str, label: &str) -> AppResult<Option<chrono::NaiveDate>> {
    match s.trim() {
        "" => Ok(None),
        d => parse_date(d).map(Some).ok_or_else(|| {
            AppError::field(
                ErrorCode::InvalidDate,
                "date",
                format!("{label}不正确，请按2026-11-21的格式填写"),
            )
        }),
    }
}

// ---------------------------------------------------------------------------
// 经费

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

// ---------------------------------------------------------------------------
// 经费支出政策

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

// ---------------------------------------------------------------------------
// 慰问、福利发放

pub struct PaymentRow {
    pub date: String,
    pub member_id: Uuid,
    pub member: String,
    pub item: String,
    pub form: &'static str,
    pub amount: String,
    pub exception: bool,
    pub voucher_id: Uuid,
    pub approver: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct PayForm {
    #[serde(default)]
    member_id: String,
    #[serde(default)]
    item: String,
    #[serde(default)]
    holiday: String,
    #[serde(default)]
    form: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    surgery: String,
    #[serde(default)]
    winners: String,
    #[serde(default)]
    entrants: String,
    #[serde(default)]
    exception_reason: String,
    #[serde(default)]
    exception_approver: String,
    #[serde(default)]
    idempotency_key: String,
    #[serde(default)]
    approver_user_id: String,
    #[serde(default)]
    confirm_below_zero: String,
}

impl PayForm {
    fn input(&self) -> (Option<welfare::PaymentInput>, FormErrors) {
        let mut errors = FormErrors::default();
        let member_id = Uuid::parse_str(self.member_id.trim()).ok();
        if member_id.is_none() {
            errors.items.push(("member_id".into(), "请选择会员".into()));
        }
        let amount_fen = parse_yuan("amount", "金额", &self.amount, false).unwrap_or_else(|e| {
            field_error(&mut errors, e);
            0
        });
        let date = if blank(&self.date) {
            None
        } else {
            let d = parse_date(&self.date);
            if d.is_none() {
                errors.items.push(("date".into(), "发放日期不正确，请按2026-11-21的格式填写".into()));
            }
            d
        };
        let mut count = |field: &str, text: &str| -> Option<u32> {
            if blank(text) {
                return None;
            }
            let n = text.trim().parse::<u32>().ok();
            if n.is_none() {
                errors.items.push((field.to_owned(), "请填写人数（整数）".into()));
            }
            n
        };
        let winners = count("winners", &self.winners);
        let entrants = count("entrants", &self.entrants);
        let input = member_id.map(|member_id| welfare::PaymentInput {
            member_id,
            item: self.item.trim().to_owned(),
            amount_fen,
            form: self.form.trim().to_owned(),
            date,
            holiday: Some(self.holiday.trim().to_owned()).filter(|h| !h.is_empty()),
            surgery: self.surgery == "1",
            winners,
            entrants,
            approver_user_id: self.approver_user_id.trim().parse().ok(),
            confirm_below_zero: self.confirm_below_zero == "1",
        });
        (input.filter(|_| errors.is_empty()), errors)
    }
}

#[derive(Template)]
#[template(path = "finance/welfare.html")]
struct WelfarePage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    year: i32,
    payments: Vec<PaymentRow>,
    total: String,
    form: PayForm,
    errors: FormErrors,
    exception_open: bool,
    members: Option<Vec<(String, String)>>,
    approvers: Vec<service::Approver>,
    items: Vec<(&'static str, &'static str)>,
    holidays: Vec<(&'static str, &'static str)>,
    forms: Vec<(&'static str, &'static str)>,
}

async fn welfare_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    year: i32,
    typed: Option<(PayForm, FormErrors, StatusCode, bool)>,
) -> PageResult {
    let list = welfare::payments(state, union_id, year).await?;
    let (layout, can, _) =
        union_page(state, p, union_id, "finance", "慰问与福利", Some(format!("{}/welfare", base(union_id))))
            .await?;
    let members = if can.make { member_choices(state, union_id).await? } else { None };
    let approvers = if can.make { service::approvers(state, union_id).await? } else { Vec::new() };
    let (form, errors, status, exception_open) = match typed {
        Some(t) => t,
        None => {
            let form = PayForm {
                item: "festival".into(),
                form: "goods".into(),
                date: service::today().to_string(),
                idempotency_key: Uuid::new_v4().to_string(),
                ..Default::default()
            };
            (form, FormErrors::default(), StatusCode::OK, false)
        }
    };
    Ok(render_status(
        status,
        &WelfarePage {
            layout,
            union_id,
            can,
            nav: "welfare",
            year,
            total: fmt_yuan(list.iter().map(|(w, _, _)| w.amount_fen).sum()),
            payments: list
                .into_iter()
                .map(|(w, name, approver)| {
                    let item = Item::parse(&w.item).map(|i| i.label()).unwrap_or("");
                    let holiday =
                        w.holiday.as_deref().and_then(Holiday::parse).map(|h| h.label()).unwrap_or("");
                    PaymentRow {
                        date: fmt_date(w.date),
                        member_id: w.member_id,
                        member: name,
                        item: format!("{holiday}{item}"),
                        form: Form::parse(&w.form).map(|f| f.label()).unwrap_or(""),
                        amount: fmt_yuan(w.amount_fen),
                        exception: w.exception_id.is_some(),
                        voucher_id: w.voucher_id,
                        approver: approver.unwrap_or_default(),
                    }
                })
                .collect(),
            form,
            errors,
            exception_open,
            members,
            approvers,
            items: Item::ALL.iter().map(|i| (i.as_str(), i.label())).collect(),
            holidays: Holiday::ALL.iter().map(|h| (h.as_str(), h.label())).collect(),
            forms: Form::ALL.iter().map(|f| (f.as_str(), f.label())).collect(),
        },
    ))
}

pub async fn welfare(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearParams>,
) -> PageResult {
    welfare_page(&state, &p, union_id, year_of(&q.year), None).await
}

pub async fn pay_welfare(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<PayForm>,
) -> PageResult {
    let year = parse_date(&f.date).map(|d| d.year()).unwrap_or_else(this_year);
    let exception_typed = !blank(&f.exception_reason) || !blank(&f.exception_approver);
    let (input, errors) = f.input();
    let Some(input) = input else {
        let typed = (f, errors, StatusCode::UNPROCESSABLE_ENTITY, exception_typed);
        return welfare_page(&state, &p, union_id, year, Some(typed)).await;
    };
    let exception = welfare::ExceptionInput {
        reason: f.exception_reason.clone(),
        approver: f.exception_approver.clone(),
    };
    let key = Some(f.idempotency_key.trim()).filter(|k| !k.is_empty());
    match welfare::record_payment(&state, &p, union_id, &input, None, Some(&exception), key).await {
        Ok((w, verdict)) => {
            let item = Item::parse(&w.item).map(|i| i.label()).unwrap_or("");
            let msg = format!("已发放{item}{}元，凭证已自动记账。{}", fmt_yuan(w.amount_fen), verdict.rule);
            let to = format!("{}/welfare?year={}", base(union_id), w.date.year());
            Ok(redirect_with_flash(&state, &p, &to, &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            let rename = [
                ("amount_fen", "amount"),
                ("exception.reason", "exception_reason"),
                ("exception.approver", "exception_approver"),
            ];
            let mut errors = form_errors(&e, &rename);
            // Fields the form does not have: said above the form.
            if let Some(pos) =
                errors.items.iter().position(|(f, _)| matches!(f.as_str(), "account" | "lines"))
            {
                errors.general = Some(errors.items.remove(pos).1);
            }
            let open = exception_typed || e.0.code == ErrorCode::PolicyRefused;
            let status = e.status();
            welfare_page(&state, &p, union_id, year, Some((f, errors, status, open))).await
        }
    }
}

// ---------------------------------------------------------------------------
// 财务设置

// ---------------------------------------------------------------------------
// 财务公开

pub struct StatementLineView {
    pub name: String,
    pub month: String,
    pub year: String,
}

pub struct StatementBudgetView {
    pub name: String,
    pub budget: String,
    pub actual: String,
    pub used: String,
    pub class: &'static str,
}

pub struct StatementView {
    pub title: String,
    pub period: String,
    pub published_by: String,
    pub published_at: String,
    pub income: Vec<StatementLineView>,
    pub expenditure: Vec<StatementLineView>,
    pub income_total: (String, String),
    pub expenditure_total: (String, String),
    pub surplus: (String, String),
    pub budget: Vec<StatementBudgetView>,
}

fn statement_view(s: oversight::PublishedStatement) -> StatementView {
    let c = s.content;
    let lines = |ls: Vec<oversight::StatementLine>| {
        ls.into_iter()
            .map(|l| StatementLineView {
                name: l.name,
                month: fmt_yuan(l.month_fen),
                year: fmt_yuan(l.year_fen),
            })
            .collect()
    };
    let pair = |(a, b): (i64, i64)| (fmt_yuan(a), fmt_yuan(b));
    StatementView {
        title: c.title,
        period: period_label(&s.period),
        published_by: s.published_by,
        published_at: fmt_datetime(s.published_at),
        income: lines(c.income),
        expenditure: lines(c.expenditure),
        income_total: pair(c.income_total),
        expenditure_total: pair(c.expenditure_total),
        surplus: pair(c.surplus),
        budget: c
            .budget
            .into_iter()
            .map(|b| StatementBudgetView {
                class: match domain::finance::ledger::budget_state(b.budget_fen, b.actual_fen) {
                    BudgetState::Exceeded => "over",
                    BudgetState::Warning => "warn",
                    BudgetState::Ok | BudgetState::NoBudget => "",
                },
                used: domain::finance::ledger::budget_used_label(b.budget_fen, b.actual_fen),
                name: b.name,
                budget: fmt_yuan(b.budget_fen),
                actual: fmt_yuan(b.actual_fen),
            })
            .collect(),
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct PublishForm {
    #[serde(default)]
    period: String,
}

#[derive(Template)]
#[template(path = "finance/statements.html")]
struct StatementsPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    statements: Vec<StatementView>,
    form: PublishForm,
    errors: FormErrors,
}

async fn statements_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    typed: Option<(PublishForm, AppError)>,
) -> PageResult {
    let list = oversight::statements(state, union_id).await?;
    let href = format!("{}/statements", base(union_id));
    let (layout, can, _) = union_page(state, p, union_id, "statements", "财务公开", Some(href)).await?;
    let status = status_of(typed.as_ref().map(|(_, e)| e));
    let (form, errors) = match typed {
        Some((f, e)) => (f, FormErrors::from_error(&e)),
        None => (PublishForm { period: this_month().prev().to_string() }, FormErrors::default()),
    };
    Ok(render_status(
        status,
        &StatementsPage {
            layout,
            union_id,
            can,
            nav: "statements",
            statements: list.into_iter().map(statement_view).collect(),
            form,
            errors,
        },
    ))
}

pub async fn statements(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> PageResult {
    statements_page(&state, &p, union_id, None).await
}

pub async fn publish_statement(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<PublishForm>,
) -> PageResult {
    let r = match dues::parse_month("period", &f.period) {
        Ok(period) => oversight::publish(&state, &p, union_id, period).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(c) => {
            let msg = format!("已发布{}，本会会员可以查看", c.title);
            Ok(redirect_with_flash(&state, &p, &format!("{}/statements", base(union_id)), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => statements_page(&state, &p, union_id, Some((f, e))).await,
    }
}

// ---------------------------------------------------------------------------
// 经审工作台

pub struct FindingRow {
    pub id: Uuid,
    pub title: String,
    pub detail: String,
    pub deadline: String,
    pub overdue: bool,
    pub status: &'static str,
    pub rectification: String,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    /// The update form as typed, and its error.
    pub form_status: String,
    pub form_rectification: String,
    pub error: Option<String>,
}

pub struct ExceptionRow {
    pub member_id: Uuid,
    pub item: &'static str,
    pub amount: String,
    pub rule: String,
    pub reason: String,
    pub approver: String,
    pub actor: String,
    pub at: String,
}

pub struct OverrideRow {
    pub voucher_id: Uuid,
    pub account: String,
    pub budget: String,
    pub actual: String,
    pub reason: String,
    pub approver: String,
    pub actor: String,
    pub at: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct FindingForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    deadline: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct FindingUpdateForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    rectification: String,
}

#[derive(Template)]
#[template(path = "finance/audit.html")]
struct AuditPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    findings: Vec<FindingRow>,
    add: FindingForm,
    add_errors: FormErrors,
    exceptions: Vec<ExceptionRow>,
    overrides: Vec<OverrideRow>,
    /// (account, name, spent) without a budget line this year.
    unbudgeted: Vec<(String, String, String)>,
    events: Vec<EventRow>,
    statuses: Vec<(&'static str, &'static str)>,
    year: i32,
}

enum AuditTyped {
    None,
    Add(FindingForm, AppError),
    Update(Uuid, FindingUpdateForm, AppError),
}

async fn audit_page(state: &AppState, p: &Principal, union_id: Uuid, typed: AuditTyped) -> PageResult {
    let w = oversight::workspace(state, union_id).await?;
    let chart = service::accounts(state, union_id).await?;
    let (layout, can, _) =
        union_page(state, p, union_id, "finance", "经审工作台", Some(format!("{}/audit", base(union_id))))
            .await?;
    let today = service::today();
    let (add, add_errors, update, status) = match typed {
        AuditTyped::None => (FindingForm::default(), FormErrors::default(), None, StatusCode::OK),
        AuditTyped::Add(f, e) => (f, FormErrors::from_error(&e), None, e.status()),
        AuditTyped::Update(id, f, e) => {
            let status = e.status();
            (FindingForm::default(), FormErrors::default(), Some((id, f, e.0.message)), status)
        }
    };
    let findings = w
        .findings
        .into_iter()
        .map(|f| {
            let typed = update.as_ref().filter(|(id, _, _)| *id == f.id);
            FindingRow {
                id: f.id,
                overdue: f.status != "closed" && f.deadline.is_some_and(|d| d < today),
                deadline: f.deadline.map(fmt_date).unwrap_or_default(),
                status: oversight::finding_status_label(&f.status),
                form_status: typed.map(|(_, t, _)| t.status.clone()).unwrap_or_else(|| f.status.clone()),
                form_rectification: typed
                    .map(|(_, t, _)| t.rectification.clone())
                    .unwrap_or_else(|| f.rectification.clone().unwrap_or_default()),
                error: typed.map(|(_, _, m)| m.clone()),
                title: f.title,
                detail: f.detail,
                rectification: f.rectification.unwrap_or_default(),
                created_by: f.created_by,
                created_at: fmt_datetime(f.created_at),
                updated_at: fmt_datetime(f.updated_at),
            }
        })
        .collect();
    Ok(render_status(
        status,
        &AuditPage {
            layout,
            union_id,
            can,
            nav: "audit",
            findings,
            add,
            add_errors,
            exceptions: w
                .exceptions
                .into_iter()
                .map(|e| ExceptionRow {
                    member_id: e.member_id,
                    item: Item::parse(&e.item).map(|i| i.label()).unwrap_or(""),
                    amount: fmt_yuan(e.amount_fen),
                    rule: e.rule,
                    reason: e.reason,
                    approver: e.approver,
                    actor: e.actor_name,
                    at: fmt_datetime(e.at),
                })
                .collect(),
            overrides: w
                .overrides
                .into_iter()
                .map(|o| OverrideRow {
                    voucher_id: o.voucher_id,
                    account: format!("{} {}", o.account, account_name(&chart, &o.account)),
                    budget: fmt_yuan(o.budget_fen),
                    actual: fmt_yuan(o.actual_fen),
                    reason: o.reason,
                    approver: o.approver,
                    actor: o.actor_name,
                    at: fmt_datetime(o.at),
                })
                .collect(),
            unbudgeted: w
                .unbudgeted
                .into_iter()
                .map(|r| (r.account, r.name, fmt_yuan(r.actual_fen)))
                .collect(),
            events: event_rows(w.period_events),
            statuses: oversight::FINDING_STATUSES.to_vec(),
            year: this_year(),
        },
    ))
}

pub async fn audit(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    audit_page(&state, &p, union_id, AuditTyped::None).await
}

pub async fn add_finding(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<FindingForm>,
) -> PageResult {
    let deadline = match f.deadline.trim() {
        "" => Ok(None),
        d => parse_date(d).map(Some).ok_or_else(|| {
            AppError::field(ErrorCode::InvalidDate, "deadline", "整改期限不正确，请按2026-12-31的格式填写")
        }),
    };
    let r = match deadline {
        Ok(deadline) => oversight::add_finding(&state, &p, union_id, &f.title, &f.detail, deadline).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(x) => {
            let msg = format!("已登记问题：{}", x.title);
            Ok(redirect_with_flash(&state, &p, &format!("{}/audit", base(union_id)), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => audit_page(&state, &p, union_id, AuditTyped::Add(f, e)).await,
    }
}

pub async fn update_finding(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<FindingUpdateForm>,
) -> PageResult {
    let rect = Some(f.rectification.as_str()).filter(|r| !blank(r));
    match oversight::update_finding(&state, &p, union_id, id, f.status.trim(), rect).await {
        Ok(x) => {
            let msg = format!("问题“{}”已更新为{}", x.title, oversight::finding_status_label(&x.status));
            Ok(redirect_with_flash(&state, &p, &format!("{}/audit", base(union_id)), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => audit_page(&state, &p, union_id, AuditTyped::Update(id, f, e)).await,
    }
}

pub async fn year_books(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearParams>,
) -> PageResult {
    let year = year_of(&q.year);
    let rows = oversight::year_books(&state, union_id, year).await?;
    let mut tx = state.db.read().await?;
    let union = app::org::load_union(&mut tx, union_id).await?;
    drop(tx);
    let bytes = xlsx_bytes(format!("{year}年账簿"), oversight::YEAR_BOOK_HEADERS.to_vec(), rows).await?;
    Ok(download(&format!("{}{year}年账簿.xlsx", union.name), XLSX, bytes))
}

// ---------------------------------------------------------------------------
// 会计科目

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

// ---------------------------------------------------------------------------
// 上级工会汇总

#[derive(Deserialize, Default, Clone)]
pub struct SpanParams {
    #[serde(default)]
    period: String,
}

#[derive(Template)]
#[template(path = "finance/rollup.html")]
struct RollupPage {
    layout: Layout,
    org_id: Uuid,
    org_name: String,
    period: String,
    error: Option<String>,
    tables: Vec<ReportData>,
    children: Vec<(String, String, &'static str)>,
}

pub async fn rollup(
    State(state): State<AppState>,
    p: Principal,
    Path(org_id): Path<Uuid>,
    Query(q): Query<SpanParams>,
) -> PageResult {
    let detail = app::org::service::detail(&state, org_id).await?;
    let (tables, error) = match reports::parse_span(Some(&q.period)) {
        Ok(span) => {
            let r = reports::rollup(&state, org_id, span).await?;
            let (h, rows) = reports::trial_balance_rows(&r.trial_balance);
            let last = rows.len().saturating_sub(1);
            let tb = Table::new(h, rows, |i, _| if i == last { "total" } else { "" });
            let tb_note = Note::new(r.trial_balance.balanced, "借贷平衡", "借贷不平衡，请检查所辖工会的账簿");
            let (h, rows) = reports::balance_sheet_rows(&r.balance_sheet);
            let bs = Table::new(h, rows, statement_class);
            let bs_note = Note::new(
                r.balance_sheet.balanced,
                "资产 = 负债 + 净资产，平衡",
                "资产不等于负债加净资产，请检查",
            );
            let (h, rows) = reports::income_statement_rows(&r.income_statement);
            let is = Table::new(h, rows, statement_class);
            let label = span.label();
            let tables = vec![
                ReportData { title: format!("收入支出表 {label}"), table: Some(is), note: None },
                ReportData {
                    title: format!("资产负债表 {label}"), table: Some(bs), note: Some(bs_note)
                },
                ReportData {
                    title: format!("试算平衡表 {label}"), table: Some(tb), note: Some(tb_note)
                },
            ];
            (tables, None)
        }
        Err(e) => (Vec::new(), Some(e.0.message)),
    };
    let children = detail
        .children
        .iter()
        .filter(|c| c.archived_at.is_none())
        .filter_map(|c| match c.kind.as_str() {
            "union" => Some((format!("/unions/{}/finance", c.id), c.name.clone(), "基层工会")),
            "federation" => {
                Some((format!("/orgs/{}/finance/rollup", c.id), c.name.clone(), "总工会（汇总）"))
            }
            _ => None,
        })
        .collect();
    let title = format!("{}财务汇总", detail.org.name);
    let layout = Layout::new(&state, &p, "finance", &title)
        .await
        .crumb(detail.org.name.clone(), format!("/orgs/{org_id}"))
        .crumb("财务汇总", format!("/orgs/{org_id}/finance/rollup"));
    let status = if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    Ok(render_status(
        status,
        &RollupPage { layout, org_id, org_name: detail.org.name, period: q.period, error, tables, children },
    ))
}
