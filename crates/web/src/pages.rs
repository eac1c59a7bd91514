//! What every page shares: the layout (navigation by area, breadcrumbs,
//! flash), form errors, pagination, and rendering.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::auth::Perm;

use app::AppState;
use app::auth::Principal;
use app::error::AppError;

pub struct NavItem {
    pub label: &'static str,
    pub href: String,
    pub active: bool,
}

pub struct Crumb {
    pub label: String,
    pub href: String,
}

/// The navigation: every area's entries (see [`crate::routes::NavEntry`]),
/// in their order.
fn nav_entries() -> Vec<&'static crate::routes::NavEntry> {
    let mut all: Vec<_> = crate::routes::AREAS.iter().flat_map(|a| a.nav.iter()).collect();
    all.sort_by_key(|e| e.order);
    all
}

/// The link of a per-union area: the union where the caller's (first) grant
/// allowing `perm` lies — the union itself, or the union of a group. Held
/// on a federation (or everywhere), the finance area opens the roll-up of
/// that federation (or of the top of the tree) instead; other areas are not
/// shown.
fn union_link(org: &app::org::Org, perm: Perm, rest: &str) -> Option<String> {
    match org.kind.as_str() {
        "union" => Some(format!("/unions/{}{rest}", org.id)),
        "group" => org.union_id.map(|u| format!("/unions/{u}{rest}")),
        _ if perm == Perm::FinanceView => Some(format!("/orgs/{}/finance/rollup", org.id)),
        // A federation's 维权 is the statistics of its subtree.
        _ if perm == Perm::RightsView => Some(format!("/orgs/{}/rights-stats", org.id)),
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
    /// How many things wait for the user (待办), shown by the navigation.
    pub todo: i64,
    /// How many of the user's notifications are unread (消息), shown by the
    /// navigation.
    pub unread: i64,
}

impl Layout {
    /// The layout for a signed-in page. Shows (and clears) the flash message
    /// the previous request left.
    pub async fn new(state: &AppState, p: &Principal, area: &str, title: &str) -> Layout {
        // Only entries of a per-union area need their scope's node.
        let entries: Vec<_> =
            nav_entries().into_iter().filter(|e| e.perm.is_none_or(|perm| p.has(perm))).collect();
        let perms: Vec<Perm> =
            entries.iter().filter(|e| e.href.starts_with("/unions/{union}")).filter_map(|e| e.perm).collect();
        let facts = app::auth::session::layout_facts(state, p, &perms).await;
        let mut nodes = facts.nodes.as_ref().map(|n| n.iter());
        let mut nav = Vec::new();
        for crate::routes::NavEntry { key, label, href, perm, .. } in entries {
            let href = match (href.strip_prefix("/unions/{union}"), perm) {
                (Some(rest), Some(perm)) => {
                    let Some(node) = nodes.as_mut().map(|n| n.next().and_then(Option::as_ref)) else {
                        continue;
                    };
                    match node.and_then(|n| union_link(n, *perm, rest)) {
                        Some(h) => h,
                        None => continue,
                    }
                }
                _ => (*href).to_owned(),
            };
            nav.push(NavItem { label, href, active: *key == area });
        }
        let (flash, own, todo, unread) = (facts.flash, facts.own, facts.todo, facts.unread);
        if own {
            nav.push(NavItem { label: "我的", href: "/me".to_owned(), active: area == "me" });
        }
        Layout {
            title: title.to_owned(),
            user: Some(p.display_name.clone()),
            csrf: p.csrf().to_owned(),
            nav,
            crumbs: Vec::new(),
            flash,
            todo,
            unread,
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
            todo: 0,
            unread: 0,
        }
    }

    pub fn crumb(mut self, label: impl Into<String>, href: impl Into<String>) -> Self {
        self.crumbs.push(Crumb { label: label.into(), href: href.into() });
        self
    }
}

/// Errors of a form, by field, shown next to the fields.
///
/// A template shows a field's error with `errors.get("field")` and the
/// form's own error with `errors.top()` at the top of the form. An error
/// whose field the template never asks for (the field is not on the form,
/// e.g. the service's `proposer`) is shown by `top()` as well, so no error
/// goes unsaid: the template records the fields it asks for while it is
/// rendered, and [`render_status`] renders a second time when `top()` came
/// before fields it could not yet know about.
#[derive(Default)]
pub struct FormErrors {
    pub items: Vec<(String, String)>,
    /// An error that belongs to no one field.
    pub general: Option<String>,
    /// The fields the template asked for while rendering.
    asked: std::sync::Mutex<Vec<String>>,
}

thread_local! {
    /// Set while rendering when `top()` left out errors of fields the
    /// template had not asked for yet: the page is rendered again.
    static RENDER_AGAIN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl FormErrors {
    pub fn get(&self, field: &str) -> Option<&str> {
        let mut asked = self.asked.lock().unwrap_or_else(|e| e.into_inner());
        if !asked.iter().any(|a| a == field) {
            asked.push(field.to_owned());
        }
        self.items.iter().find(|(f, _)| f == field).map(|(_, m)| m.as_str())
    }

    /// The messages shown at the top of the form: the general error and
    /// every field error whose field the form does not show.
    pub fn top(&self) -> Vec<String> {
        let asked = self.asked.lock().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<String> = self.general.iter().cloned().collect();
        for (f, m) in &self.items {
            if !asked.iter().any(|a| a == f) && !out.contains(m) {
                out.push(m.clone());
                RENDER_AGAIN.with(|r| r.set(true));
            }
        }
        out
    }

    pub fn from_error(e: &AppError) -> Self {
        match &e.0.field {
            Some(f) => FormErrors { items: vec![(f.clone(), e.0.message.clone())], ..Default::default() },
            None => FormErrors { general: Some(e.0.message.clone()), ..Default::default() },
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
    pub fn new(base: &str, page: app::Page, total: i64) -> Pager {
        Pager::with_suffix(&format!("{base}page="), "", page, total)
    }

    /// Links made of `prefix` (the URL up to the page number, e.g. a second
    /// list's own `…&bpage=`), the number and `suffix` (e.g. `#bills`).
    pub fn with_suffix(prefix: &str, suffix: &str, page: app::Page, total: i64) -> Pager {
        let pages = ((total + page.size - 1) / page.size).max(1);
        let link = |n: i64| format!("{prefix}{n}{suffix}");
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

/// A page's HTML. When the first pass met errors of fields the form had not
/// shown yet, the second pass puts those the form does not show at the top.
fn render_html<T: Template>(t: &T) -> askama::Result<String> {
    RENDER_AGAIN.with(|r| r.set(false));
    let html = t.render()?;
    if RENDER_AGAIN.with(|r| r.replace(false)) { t.render() } else { Ok(html) }
}

pub fn render_status<T: Template>(status: StatusCode, t: &T) -> Response {
    match render_html(t) {
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

impl From<app::StoreError> for PageError {
    fn from(e: app::StoreError) -> Self {
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
    app::auth::session::set_flash(state, p, msg).await;
    Redirect::to(to).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Template)]
    #[template(
        source = "{% for e in errors.top() %}<p class=\"form-error\">{{ e }}</p>{% endfor %}<form>{% if let Some(e) = errors.get(\"title\") %}<i>{{ e }}</i>{% endif %}</form>",
        ext = "html"
    )]
    struct Form {
        errors: FormErrors,
    }

    fn page(items: &[(&str, &str)], general: Option<&str>) -> String {
        let errors = FormErrors {
            items: items.iter().map(|(f, m)| ((*f).to_owned(), (*m).to_owned())).collect(),
            general: general.map(str::to_owned),
            ..Default::default()
        };
        render_html(&Form { errors }).unwrap()
    }

    #[test]
    fn an_error_of_a_field_the_form_does_not_show_is_shown_at_the_top() {
        assert_eq!(
            page(&[("proposer", "只有代表可以提出")], None),
            "<p class=\"form-error\">只有代表可以提出</p><form></form>"
        );
        // A field the form shows keeps its error by the field only.
        assert_eq!(page(&[("title", "案题不能为空")], None), "<form><i>案题不能为空</i></form>");
        assert_eq!(
            page(&[("title", "案题过长"), ("x", "另一个")], Some("总的")),
            "<p class=\"form-error\">总的</p><p class=\"form-error\">另一个</p><form><i>案题过长</i></form>"
        );
        assert_eq!(page(&[], None), "<form></form>");
    }
}
