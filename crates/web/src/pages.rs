//! What every page shares: the layout (navigation by area, breadcrumbs,
//! flash), form errors, pagination, and rendering.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::auth::Perm;

use crate::AppState;
use crate::auth::Principal;
use crate::error::AppError;

pub struct NavItem {
    pub label: &'static str,
    pub href: String,
    pub active: bool,
}

pub struct Crumb {
    pub label: String,
    pub href: String,
}

/// The areas of the navigation, each shown to those who hold its permission.
/// `{union}` in a link stands for the union where the caller holds it (see
/// [`union_link`]).
const AREAS: &[(&str, &str, &str, Option<Perm>)] = &[
    ("home", "首页", "/", None),
    ("org", "组织", "/orgs", Some(Perm::OrgView)),
    ("member", "会员", "/members", Some(Perm::MemberView)),
    ("finance", "财务", "/unions/{union}/finance", Some(Perm::FinanceView)),
    ("care", "帮扶慰问", "/unions/{union}/care", Some(Perm::CareView)),
    ("democracy", "民主管理", "/unions/{union}/congress", Some(Perm::CongressView)),
    ("statements", "财务公开", "/unions/{union}/finance/statements", Some(Perm::StatementView)),
    ("proposal", "提案", "/unions/{union}/proposals", Some(Perm::CongressView)),
    ("disclosure", "公开栏", "/unions/{union}/disclosure", Some(Perm::DisclosureView)),
    ("user", "账号与权限", "/users", Some(Perm::UserView)),
    ("audit", "审计日志", "/audit", Some(Perm::AuditView)),
];

/// Whether the signed-in login is linked to a member (and so has pages of
/// its own: /me/care).
async fn own_member(state: &AppState, p: &Principal) -> bool {
    let Ok(mut tx) = state.db.read().await else { return false };
    matches!(store::auth::member_of_user(&mut tx, p.user_id).await, Ok(Some(_)))
}

/// The link of a per-union area: the union where the caller's (first) grant
/// allowing `perm` lies — the union itself, or the union of a group. Held
/// on a federation (or everywhere), the finance area opens the roll-up of
/// that federation (or of the top of the tree) instead; other areas are not
/// shown.
async fn union_link(state: &AppState, p: &Principal, perm: Perm, rest: &str) -> Option<String> {
    let scope = p.scope(perm);
    let mut tx = state.db.read().await.ok()?;
    let org = if scope.global {
        let filter = store::org::OrgFilter::default();
        let (top, _) =
            store::org::list(&mut tx, &["/".to_owned()], &filter, store::Page::new(Some(1), Some(1)))
                .await
                .ok()?;
        top.into_iter().next()?
    } else {
        let root = scope.roots.first()?;
        let id = root.trim_end_matches('/').rsplit('/').next().and_then(|s| uuid::Uuid::parse_str(s).ok())?;
        store::org::get(&mut tx, id).await.ok()??
    };
    match org.kind.as_str() {
        "union" => Some(format!("/unions/{}{rest}", org.id)),
        "group" => org.union_id.map(|u| format!("/unions/{u}{rest}")),
        _ if perm == Perm::FinanceView => Some(format!("/orgs/{}/finance/rollup", org.id)),
        _ => None,
    }
}

pub struct Layout {
    pub title: String,
    /// Display name of the signed-in user.
    pub user: Option<String>,
    pub csrf: String,
    pub nav: Vec<NavItem>,
    pub crumbs: Vec<Crumb>,
    pub flash: Option<String>,
}

impl Layout {
    /// The layout for a signed-in page. Shows (and clears) the flash message
    /// the previous request left.
    pub async fn new(state: &AppState, p: &Principal, area: &str, title: &str) -> Layout {
        let flash = p.session.as_ref().and_then(|s| s.flash.clone());
        if let (Some(_), Some(s)) = (&flash, &p.session)
            && let Ok(mut tx) = state.db.write().await
        {
            let cleared = store::auth::set_flash(&mut tx, &s.token_hash, None).await;
            if cleared.is_ok() {
                let _ = tx.commit().await;
            }
        }
        let mut nav = Vec::new();
        for (key, label, href, perm) in AREAS {
            if !perm.is_none_or(|perm| p.has(perm)) {
                continue;
            }
            let href = match (href.strip_prefix("/unions/{union}"), perm) {
                (Some(rest), Some(perm)) => match union_link(state, p, *perm, rest).await {
                    Some(h) => h,
                    None => continue,
                },
                _ => (*href).to_owned(),
            };
            nav.push(NavItem { label, href, active: *key == area });
        }
        // A login linked to a member reaches their own records in one tap.
        if own_member(state, p).await {
            nav.push(NavItem { label: "我的", href: "/me/care".to_owned(), active: area == "me" });
        }
        Layout {
            title: title.to_owned(),
            user: Some(p.display_name.clone()),
            csrf: p.csrf().to_owned(),
            nav,
            crumbs: Vec::new(),
            flash,
        }
    }

    pub fn anonymous(title: &str, csrf: &str) -> Layout {
        Layout {
            title: title.to_owned(),
            user: None,
            csrf: csrf.to_owned(),
            nav: Vec::new(),
            crumbs: Vec::new(),
            flash: None,
        }
    }

    pub fn crumb(mut self, label: impl Into<String>, href: impl Into<String>) -> Self {
        self.crumbs.push(Crumb { label: label.into(), href: href.into() });
        self
    }
}

/// Errors of a form, by field, shown next to the fields.
#[derive(Default)]
pub struct FormErrors {
    pub items: Vec<(String, String)>,
    /// An error that belongs to no one field.
    pub general: Option<String>,
}

impl FormErrors {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.items.iter().find(|(f, _)| f == field).map(|(_, m)| m.as_str())
    }

    pub fn from_error(e: &AppError) -> Self {
        match &e.0.field {
            Some(f) => FormErrors { items: vec![(f.clone(), e.0.message.clone())], general: None },
            None => FormErrors { items: Vec::new(), general: Some(e.0.message.clone()) },
        }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.general.is_none()
    }
}

/// Page links for a list.
pub struct Pager {
    pub page: i64,
    pub pages: i64,
    pub total: i64,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// `base` is the list's URL with its filters, ending in `?` or `&`.
    pub fn new(base: &str, page: store::Page, total: i64) -> Pager {
        let pages = ((total + page.size - 1) / page.size).max(1);
        let link = |n: i64| format!("{base}page={n}");
        Pager {
            page: page.number,
            pages,
            total,
            prev: (page.number > 1).then(|| link(page.number - 1)),
            next: (page.number < pages).then(|| link(page.number + 1)),
        }
    }
}

pub fn render<T: Template>(t: &T) -> Response {
    render_status(StatusCode::OK, t)
}

pub fn render_status<T: Template>(status: StatusCode, t: &T) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "页面生成失败").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    message: String,
}

/// A Chinese error page with the status of the error.
pub fn error_page(e: &AppError, p: Option<&Principal>) -> Response {
    let title = match e.status() {
        StatusCode::NOT_FOUND => "页面或记录不存在",
        StatusCode::FORBIDDEN => "没有权限",
        _ => "出错了",
    };
    let mut layout = Layout::anonymous(title, p.map(|p| p.csrf()).unwrap_or(""));
    layout.user = p.map(|p| p.display_name.clone());
    render_status(e.status(), &ErrorPage { layout, message: e.0.message.clone() })
}

/// The error of a page handler: rendered as an error page.
pub struct PageError(pub AppError);

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        PageError(e)
    }
}

impl From<store::Error> for PageError {
    fn from(e: store::Error) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_page(&self.0, None)
    }
}

pub type PageResult = Result<Response, PageError>;

/// Redirects after a successful form (303, so reload does not resubmit),
/// leaving a message for the next page.
pub async fn redirect_with_flash(state: &AppState, p: &Principal, to: &str, msg: &str) -> Response {
    if let Some(s) = &p.session
        && let Ok(mut tx) = state.db.write().await
        && store::auth::set_flash(&mut tx, &s.token_hash, Some(msg)).await.is_ok()
    {
        let _ = tx.commit().await;
    }
    Redirect::to(to).into_response()
}
