//! Area `proposal`: proposals (提案) to the worker congress — submission,
//! co-signatures, review, assignment, answer, rating, and the handling
//! report with its rates.

pub mod api;
pub mod pages;

use axum::http::Method;
use domain::auth::Perm;

use super::{Area, NavEntry, Routes};
use crate::auth::{Rule, Target};
use utoipa::OpenApi;

const UNION: &[Target] = &[Target::Org("union_id")];

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area {
    routes,
    openapi: Api::openapi,
    nav: &[NavEntry {
        order: 7,
        key: "proposal",
        label: "提案",
        href: "/unions/{union}/proposals",
        perm: Some(Perm::CongressView),
    }],
};

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::list, api::submit, api::get, api::cosign, api::review, api::assign, api::answer, api::rate, api::report, api::get_settings, api::put_settings,
    ),
    tags(
        (name = "proposals", description = "提案：提出、附议、审查立案、交办、答复、评价，立案率、办结率、满意率"),
    )
)]
struct Api;

pub fn routes(r: Routes) -> Routes {
    let view = Rule::on(Perm::CongressView, UNION);
    let submit = Rule::on(Perm::ProposalSubmit, UNION);
    let handle = Rule::on(Perm::CongressManage, UNION);
    r.get("/unions/{union_id}/proposals", view, pages::list)
        .post("/unions/{union_id}/proposals", submit, pages::submit)
        .get("/unions/{union_id}/proposals/report", view, pages::report)
        .get("/unions/{union_id}/proposals/{proposal_id}", view, pages::show)
        .post("/unions/{union_id}/proposals/{proposal_id}/cosign", submit, pages::cosign)
        .post("/unions/{union_id}/proposals/{proposal_id}/review", handle, pages::review)
        .post("/unions/{union_id}/proposals/{proposal_id}/assign", handle, pages::assign)
        .post("/unions/{union_id}/proposals/{proposal_id}/answer", handle, pages::answer)
        .post("/unions/{union_id}/proposals/{proposal_id}/rate", submit, pages::rate)
        .post("/unions/{union_id}/proposals/settings", handle, pages::settings)
        .get("/api/v1/unions/{union_id}/proposal-settings", view, api::get_settings)
        .add(Method::PUT, "/api/v1/unions/{union_id}/proposal-settings", handle, api::put_settings)
        .get("/api/v1/unions/{union_id}/proposals", view, api::list)
        .post("/api/v1/unions/{union_id}/proposals", submit, api::submit)
        .get("/api/v1/unions/{union_id}/proposals/report", view, api::report)
        .get("/api/v1/unions/{union_id}/proposals/{proposal_id}", view, api::get)
        .post("/api/v1/unions/{union_id}/proposals/{proposal_id}/cosign", submit, api::cosign)
        .post("/api/v1/unions/{union_id}/proposals/{proposal_id}/review", handle, api::review)
        .post("/api/v1/unions/{union_id}/proposals/{proposal_id}/assign", handle, api::assign)
        .post("/api/v1/unions/{union_id}/proposals/{proposal_id}/answer", handle, api::answer)
        .post("/api/v1/unions/{union_id}/proposals/{proposal_id}/rate", submit, api::rate)
}
