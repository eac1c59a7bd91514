//! A member's own care record (我的帮扶).

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::pages::{Layout, render};
use app::AppState;
use app::auth::Principal;
use app::care::me;

#[derive(Template)]
#[template(path = "care/me.html")]
struct MyPage {
    layout: Layout,
    m: me::MyCare,
}

pub async fn my_care(
    State(state): State<AppState>,
    p: Principal,
) -> Result<Response, crate::pages::PageError> {
    let m = me::my_care(&state, &p).await?;
    let layout = Layout::new(&state, &p, "me", "我的帮扶").await;
    Ok(render(&MyPage { layout, m }))
}
