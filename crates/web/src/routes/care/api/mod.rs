//! `/api/v1` for care: local figures, hardship files, assistance, consents,
//! life events and visits, birthdays, campaigns, mutual aid, the aid
//! disclosure list and a member's own page. Amounts are integers in fen.

pub mod aid;
pub mod campaigns;
pub mod disclosure;
pub mod events;
pub mod files;
pub mod me;
pub mod mutual;
pub mod policy;

use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

// The query parameters and the default year that several sub-features share.

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    pub year: Option<i32>,
    pub member_id: Option<Uuid>,
}

fn this_year() -> i32 {
    chrono::Datelike::year(&app::care::files::today())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MemberQuery {
    pub member_id: Option<Uuid>,
}
