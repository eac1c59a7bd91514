//! TODO(issue 18): the suggestions routes.

use crate::routes::Routes;

pub(super) fn routes(r: Routes) -> Routes {
    r
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    utoipa::openapi::OpenApi::default()
}
