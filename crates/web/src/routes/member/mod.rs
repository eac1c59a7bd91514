//! Area `member`: the roster of a grassroots union — records, search,
//! lifecycle, import and export, transfers, duplicates, online joining.

pub mod api;
pub mod export;
pub mod login;
pub mod logins;
pub mod pages;

use domain::auth::Perm;

use super::{Area, NavEntry, Routes};
use crate::auth::{Rule, Target};
use utoipa::OpenApi;

const UNION: &[Target] = &[Target::Org("union_id")];
const GROUP: &[Target] = &[Target::Org("group_id")];

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area {
    routes,
    openapi: Api::openapi,
    nav: &[NavEntry {
        order: 2,
        key: "member",
        label: "会员",
        href: "/members",
        perm: Some(Perm::MemberView),
    }],
};

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::records::create, api::records::list, api::records::get, api::records::update, api::records::status, api::records::reveal, api::records::export_masked, api::records::export_full, api::import::import_file, api::duplicates::duplicates, api::duplicates::merge, api::transfers::transfers, api::transfers::request_transfer, api::transfers::decide, api::settings::get_settings, api::settings::put_settings, api::settings::join, api::records::group_members, api::transfers::pending, logins::api_create,
    ),
    tags(
        (name = "members", description = "会员花名册、导入导出、转会、网上入会"),
    )
)]
struct Api;

pub fn routes(r: Routes) -> Routes {
    let view = Rule::on(Perm::MemberView, UNION);
    let manage = Rule::on(Perm::MemberManage, UNION);
    let reveal = Rule::on(Perm::MemberRevealId, UNION);
    let decide = Rule::on(Perm::TransferDecide, UNION);
    r.get("/members", Rule::perm(Perm::MemberView), pages::roster::mine)
        .get("/unions/{union_id}/members", view, pages::roster::list)
        .get("/unions/{union_id}/members/new", manage, pages::record::new)
        .post("/unions/{union_id}/members", manage, pages::record::create)
        .get("/unions/{union_id}/members/print", view, export::print)
        .get("/unions/{union_id}/members/export.xlsx", view, pages::record::export_masked)
        .get("/unions/{union_id}/members/export-full.xlsx", reveal, pages::record::export_full)
        .get("/unions/{union_id}/members/import", manage, pages::import::import_form)
        .post("/unions/{union_id}/members/import", manage.upload(), pages::import::import_upload)
        .post("/unions/{union_id}/members/import/{job_id}/mapping", manage, pages::import::import_mapping)
        .post("/unions/{union_id}/members/import/{job_id}/commit", manage, pages::import::import_commit)
        .get("/unions/{union_id}/members/import/{job_id}", manage, pages::import::import_job)
        .get(
            "/unions/{union_id}/members/import/{job_id}/rejected.xlsx",
            manage,
            pages::import::import_rejected,
        )
        .get("/unions/{union_id}/members/duplicates", view, pages::duplicates::duplicates)
        .post("/unions/{union_id}/members/merge", manage, pages::duplicates::merge)
        .get("/unions/{union_id}/members/settings", manage, pages::settings::settings)
        .post("/unions/{union_id}/members/settings", manage, pages::settings::save_settings)
        // Transfers are listed to those who decide them (the union's chair
        // and officer, and the federation above, who sees no roster).
        .get("/unions/{union_id}/transfers", decide, pages::transfers::transfers)
        .post("/unions/{union_id}/transfers", manage, pages::transfers::request_transfer)
        .post("/unions/{union_id}/transfers/{transfer_id}/decision", decide, pages::transfers::decide)
        .get("/unions/{union_id}/members/{member_id}", view, pages::record::show)
        .get("/unions/{union_id}/members/{member_id}/edit", manage, pages::record::edit)
        .post("/unions/{union_id}/members/{member_id}/edit", manage, pages::record::update)
        .post("/unions/{union_id}/members/{member_id}/status", manage, pages::record::status)
        .post("/unions/{union_id}/members/{member_id}/reveal-id", reveal, pages::record::reveal)
        .post("/unions/{union_id}/members/{member_id}/user", manage, login::link)
        .post("/unions/{union_id}/members/{member_id}/user/unlink", manage, login::unlink)
        // Opening logins for members is managing the roster (like linking
        // one): the officer who keeps the roster hands out its logins.
        .get("/unions/{union_id}/member-logins/new", manage, logins::new)
        .post("/unions/{union_id}/member-logins", manage, logins::create_page)
        .post("/api/v1/unions/{union_id}/member-logins", manage, logins::api_create)
        .get("/transfers", Rule::perm(Perm::TransferDecide), pages::transfers::pending)
        .get("/api/v1/transfers", Rule::perm(Perm::TransferDecide), api::transfers::pending)
        .get("/groups/{group_id}/members", Rule::on(Perm::MemberView, GROUP), pages::roster::group)
        .get(
            "/api/v1/groups/{group_id}/members",
            Rule::on(Perm::MemberView, GROUP),
            api::records::group_members,
        )
        .get("/join/{token}", Rule::PUBLIC, pages::join::join_form)
        .post("/join/{token}", Rule::PUBLIC, pages::join::join)
        .get("/join/{token}/qr.svg", Rule::ANYONE, pages::join::join_qr)
        .post("/api/v1/unions/{union_id}/members", manage, api::records::create)
        .get("/api/v1/unions/{union_id}/members", view, api::records::list)
        .get("/api/v1/unions/{union_id}/members/export", view, api::records::export_masked)
        .get("/api/v1/unions/{union_id}/members/export-full", reveal, api::records::export_full)
        .post("/api/v1/unions/{union_id}/members/import", manage.upload(), api::import::import_file)
        .get("/api/v1/unions/{union_id}/members/duplicates", view, api::duplicates::duplicates)
        .post("/api/v1/unions/{union_id}/members/merge", manage, api::duplicates::merge)
        .get("/api/v1/unions/{union_id}/members/{member_id}", view, api::records::get)
        .patch("/api/v1/unions/{union_id}/members/{member_id}", manage, api::records::update)
        .post("/api/v1/unions/{union_id}/members/{member_id}/status", manage, api::records::status)
        .post("/api/v1/unions/{union_id}/members/{member_id}/reveal-id", reveal, api::records::reveal)
        .get("/api/v1/unions/{union_id}/transfers", decide, api::transfers::transfers)
        .post("/api/v1/unions/{union_id}/transfers", manage, api::transfers::request_transfer)
        .post("/api/v1/unions/{union_id}/transfers/{transfer_id}/decision", decide, api::transfers::decide)
        .get("/api/v1/unions/{union_id}/member-settings", view, api::settings::get_settings)
        .add(
            axum::http::Method::PUT,
            "/api/v1/unions/{union_id}/member-settings",
            manage,
            api::settings::put_settings,
        )
        .post("/api/v1/join/{token}", Rule::PUBLIC, api::settings::join)
}
