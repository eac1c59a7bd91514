//! Work plans: `/orgs/{org_id}/work-plans` (list, paste a new plan), one
//! plan's page with its targets' live progress and tasks, and the JSON API
//! (`POST /api/v1/work-plans/extract`, `POST /api/v1/orgs/{org_id}/work-plans`,
//! `GET /api/v1/work-plans/{plan_id}` …).

pub mod home;

use super::super::{Area, Routes};

pub(super) fn routes(r: Routes) -> Routes {
    r
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    Area::no_api()
}
