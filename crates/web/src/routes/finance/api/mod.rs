//! `/api/v1` for finance: accounts, vouchers, periods, reports, budget,
//! dues, funds, the spending policy, welfare payments, statements and the
//! audit workspace, one file per sub-feature. Amounts are integers in fen.

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
pub mod vouchers;
pub mod welfare;

use serde::Deserialize;
use utoipa::IntoParams;

use app::finance::service;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    pub year: Option<i32>,
}

fn year_or_now(y: Option<i32>) -> i32 {
    y.unwrap_or_else(|| chrono::Datelike::year(&service::today()))
}
