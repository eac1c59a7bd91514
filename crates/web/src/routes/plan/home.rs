//! The year at a glance on an org's page (`/orgs/{id}`, the home of a union
//! and of each federation): the current plan's targets with their live
//! progress (the plans' part) and the year's charts (the dashboard's part).

use app::AppState;
use app::auth::Principal;
use app::error::AppResult;
use app::org::Org;
use domain::auth::Perm;

/// What the org page shows; empty for those without `PlanView`.
#[derive(Default)]
pub struct PlanHome {
    pub year: i32,
    /// The current plan's title and page.
    pub title: String,
    pub link: String,
    pub targets: Vec<TargetCard>,
    pub charts: Vec<ChartCard>,
}

/// One target of the current plan, as the home page shows it.
pub struct TargetCard {
    pub label: String,
    /// The current value and the target, formatted with their units.
    pub current: String,
    pub goal: String,
    /// The bar's fill, 0–100.
    pub percent: u32,
    /// green | amber | red (domain::plan::progress::Light).
    pub light: &'static str,
    /// An inline SVG (web::charts::sparkline).
    pub sparkline: String,
    pub link: String,
}

/// One chart of the year (inline SVG), linking to the list behind it.
pub struct ChartCard {
    pub key: &'static str,
    pub title: String,
    pub svg: String,
    pub link: String,
}

/// The section for `org` as `p` may see it.
pub async fn section(state: &AppState, p: &Principal, org: &Org) -> AppResult<PlanHome> {
    if !p.can(Perm::PlanView, Some(&org.path)) {
        return Ok(PlanHome::default());
    }
    let year = chrono::Datelike::year(&domain::time::today(app::now()));
    let mut home = PlanHome { year, ..PlanHome::default() };
    super::plans::home::targets(state, org, &mut home).await?;
    home.charts = super::dashboard::charts(state, org, year).await?;
    Ok(home)
}
