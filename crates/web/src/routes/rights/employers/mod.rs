//! Rights protection: `employers` (issue 17) — routes, pages and the JSON API.

use crate::routes::Routes;

pub(super) fn routes(r: Routes) -> Routes {
    r
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    utoipa::openapi::OpenApi::default()
}
