//! 我的培训: the member's own hours this year and in total, the courses
//! attended, certificates with their validity, and courses open for
//! sign-up — built for a phone. Tabs lead to 我的建议 and 我的荣誉.

use askama::Template;
use axum::extract::State;
use domain::recognition::training::{DEFAULT_EXPIRY_DAYS, expiry};
use uuid::Uuid;

use crate::extract::Path;
use crate::pages::{Layout, PageResult, render};
use app::AppState;
use app::auth::Principal;
use app::recognition::training::{self as service, Certificate, Mine};

#[derive(Template)]
#[template(path = "recognition/training/mine.html")]
struct MinePage {
    layout: Layout,
    union_id: Uuid,
    year: i32,
    m: Mine,
}

impl MinePage {
    fn validity(&self, c: &Certificate) -> String {
        expiry(c.valid_until, service::today(), DEFAULT_EXPIRY_DAYS).label()
    }

    fn warn(&self, c: &Certificate) -> bool {
        expiry(c.valid_until, service::today(), DEFAULT_EXPIRY_DAYS).warn()
    }

    fn places_left(&self, places: &i64, confirmed: &i64) -> i64 {
        (places - confirmed).max(0)
    }
}

pub async fn mine(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let m = service::mine(&state, &p, union_id).await?;
    let layout = Layout::new(&state, &p, "my_suggestions", "我的培训")
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("我的培训", format!("/unions/{union_id}/training/mine"));
    Ok(render(&MinePage { layout, union_id, year: service::this_year(), m }))
}
