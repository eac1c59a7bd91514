//! (issue 19) me / home.

use crate::routes::Routes;

#[derive(utoipa::OpenApi)]
#[openapi()]
struct Api;

pub(super) fn routes(r: Routes) -> Routes {
    r
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    <Api as utoipa::OpenApi>::openapi()
}
