//! The care pages. Each handler parses its form, calls the same service as
//! the API and renders; amounts are typed and shown in yuan. A refused form
//! comes back filled in, the error beside its field.

pub mod aid;
pub mod campaigns;
pub mod disclosure;
pub mod events;
pub mod files;
pub mod me;
pub mod mutual;
pub mod policy;

use crate::pages::{FormErrors, Layout};
use app::AppState;
use app::auth::Principal;
use app::error::AppError;
use domain::auth::Perm;
use domain::care::hardship::Category;
use domain::finance::money::{fmt_yuan, parse_yuan};
use serde::Deserialize;
use uuid::Uuid;

fn base(union_id: Uuid) -> String {
    format!("/unions/{union_id}/care")
}

/// What the caller may do here: which buttons and forms show.
#[derive(Debug, Clone, Copy, Default)]
pub struct Can {
    pub manage: bool,
    pub approve: bool,
    pub pay: bool,
}

async fn union_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    title: &str,
    crumb: Option<String>,
) -> Result<(Layout, Can), AppError> {
    let union = app::org::union(state, union_id).await?;
    let path = Some(union.path.as_str());
    let can = Can {
        manage: p.can(Perm::CareManage, path),
        approve: p.can(Perm::CareApprove, path),
        pay: p.can(Perm::FinanceMake, path),
    };
    let mut layout = Layout::new(state, p, "care", title)
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("帮扶慰问", base(union_id));
    if let Some(href) = crumb {
        layout = layout.crumb(title, href);
    }
    Ok((layout, can))
}

/// An amount in fen, however many references deep a template holds it.
pub trait Fen {
    fn fen(&self) -> i64;
}

impl Fen for i64 {
    fn fen(&self) -> i64 {
        *self
    }
}

impl<T: Fen + ?Sized> Fen for &T {
    fn fen(&self) -> i64 {
        (**self).fen()
    }
}

pub fn yuan(fen: impl Fen) -> String {
    fmt_yuan(fen.fen())
}

fn fen_of(errors: &mut FormErrors, field: &str, label: &str, s: &str) -> i64 {
    if s.trim().is_empty() {
        return 0;
    }
    match parse_yuan(field, label, s, true) {
        Ok(v) => v,
        Err(e) => {
            errors.items.push((field.to_owned(), e.message));
            0
        }
    }
}

pub fn category_label<S: AsRef<str>>(s: S) -> &'static str {
    Category::parse(s.as_ref()).map_or("", |c| c.label())
}

pub fn file_status<S: AsRef<str>>(s: S) -> &'static str {
    match s.as_ref() {
        "draft" => "待审批",
        "approved" => "在档",
        "rejected" => "已退回",
        "closed" => "已关闭",
        _ => "",
    }
}

pub fn claim_status<S: AsRef<str>>(s: S) -> &'static str {
    match s.as_ref() {
        "filed" => "待审核",
        "approved" => "已核定，待赔付",
        "rejected" => "不予赔付",
        "paid" => "已赔付",
        _ => "",
    }
}

fn opts<T: Copy>(
    all: &[T],
    value: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter().map(|x| (value(*x).to_owned(), label(*x).to_owned())).collect()
}

#[derive(Deserialize)]
pub struct YearParams {
    pub year: Option<i32>,
    /// Prefill the form from this life event's condolence due.
    pub event: Option<Uuid>,
}
