//! Inspection pages: the list (print, .xlsx), the new-inspection form from
//! the union's checklist, one inspection with its findings and their
//! forms, the printable 整改通知书, and the findings list (overdue).

pub mod findings;
pub mod list;
pub mod show;

use uuid::Uuid;

use crate::pages::Layout;
use app::AppState;
use app::auth::Principal;
use app::error::AppResult;

pub use crate::routes::rights::mediation::pages::{date, xlsx, ymd};

pub fn base(union_id: Uuid) -> String {
    format!("/unions/{union_id}/inspections")
}

pub fn show_url(id: Uuid) -> String {
    format!("/inspections/{id}")
}

/// The layout of an inspection page under its union, with the union's path.
pub async fn layout(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    title: &str,
) -> AppResult<(Layout, String)> {
    let union = app::org::union(state, union_id).await?;
    let layout = Layout::new(state, p, "rights", title)
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("维权", format!("/unions/{union_id}/rights"))
        .crumb("劳动保护监督", base(union_id));
    Ok((layout, union.path))
}

pub fn severity_label<S: AsRef<str>>(s: S) -> &'static str {
    app::rights::inspection::read::severity_label(s.as_ref())
}

pub fn status_label<S: AsRef<str>>(s: S) -> &'static str {
    app::rights::inspection::read::status_label(s.as_ref())
}
