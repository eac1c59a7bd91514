//! The finance pages: vouchers and ledgers, reports, budget, dues and funds,
//! the spending rules and welfare payments, disclosure to members and the
//! funds review committee's workspace. Each handler parses its form, calls
//! the same service as the API and renders; amounts are typed and shown in
//! yuan. This file holds what the pages share (the union's page frame, what
//! the caller may do, amounts, downloads) and the finance home page; each
//! sub-feature has its own file.

pub mod accounts;
pub mod audit;
pub mod budget;
pub mod dues;
pub mod funds;
pub mod opening;
pub mod periods;
pub mod policy;
pub mod reports;
pub mod settings;
pub mod statements;
pub mod voucher_form;
pub mod vouchers;
pub mod welfare;

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use domain::ErrorCode;
use domain::auth::Perm;
use domain::finance::chart::{self, Account};
use domain::finance::ledger::{Period, Span};
use domain::finance::money::fmt_yuan;
use domain::time::parse_date;
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::Path;
use crate::pages::{FormErrors, Layout, PageResult, render};
use app::AppState;
use app::Page;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::finance::{Voucher, VoucherFilter, service};

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
    let union = app::org::union(state, union_id).await?;
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

/// A field's error as typed parsing found it.
fn field_error(errors: &mut FormErrors, e: domain::DomainError) {
    let field = e.field.unwrap_or_default();
    errors.items.push((field, e.message));
}

pub(crate) use crate::kit::{done, form_errors, status_of};

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
        "activity" => "活动经费",
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

#[derive(Deserialize, Default)]
pub struct YearParams {
    #[serde(default)]
    year: String,
}

fn year_of(s: &str) -> i32 {
    s.trim().parse().ok().filter(|y| (2000..=2100).contains(y)).unwrap_or_else(this_year)
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
    let tb = app::finance::reports::trial_balance(&state, union_id, Span { from: month, to: month }).await?;
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
