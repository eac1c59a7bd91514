//! The metric catalogue: `/orgs/{org_id}/metrics` (every metric of the org
//! with its definition and value), one metric's page, and
//! `GET /api/v1/orgs/{org_id}/metrics/{metric}`.

use super::super::{Area, Routes};

pub(super) fn routes(r: Routes) -> Routes {
    r
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    Area::no_api()
}
