//! The year in numbers: the year-end summary (`/orgs/{org_id}/summary`,
//! `.docx`, `.xlsx`, print) and the annual statistics of a subtree
//! (`/orgs/{org_id}/annual-stats`, `.xlsx`, run as a job with progress).

use super::super::{Area, Routes};

pub(super) fn routes(r: Routes) -> Routes {
    r
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    Area::no_api()
}
