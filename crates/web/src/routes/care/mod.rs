//! Area `care`: hardship files, assistance and condolences, life events and
//! 五必访 visits, campaigns and festival distributions with their sign-off
//! sheets, mutual-aid insurance, and a member's own care record.

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
        order: 4,
        key: "care",
        label: "帮扶慰问",
        href: "/unions/{union}/care",
        perm: Some(Perm::CareView),
    }],
};

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::policy::get_policy, api::policy::put_policy,
        api::files::files, api::files::create_file, api::files::file, api::files::review_file, api::files::decide_file, api::files::close_file, api::files::file_document, api::files::upload_document,
        api::aid::assistance, api::aid::pay, api::aid::member_care, api::aid::consent,
        api::me::link_user, api::me::unlink_user, api::me::my_care,
        api::events::events, api::events::record_event, api::events::visits, api::events::complete_visit, api::events::birthdays,
        api::campaigns::campaigns, api::campaigns::create_campaign, api::campaigns::campaign, api::campaigns::edit_recipient, api::campaigns::approve_campaign, api::campaigns::pay_campaign,
        api::disclosure::disclosure, api::disclosure::publish_disclosure,
        api::mutual::plans, api::mutual::add_plan, api::mutual::enrol, api::mutual::enrolments, api::mutual::claims, api::mutual::file_claim, api::mutual::assess_claim, api::mutual::pay_claim, api::mutual::report,
    ),
    tags(
        (name = "care", description = "帮扶慰问：困难职工档案、帮扶慰问发放、五必访、送温暖等活动、互助保障、受助公示"),
    )
)]
struct Api;

pub fn routes(r: Routes) -> Routes {
    let view = Rule::on(Perm::CareView, UNION);
    let manage = Rule::on(Perm::CareManage, UNION);
    let approve = Rule::on(Perm::CareApprove, UNION);
    // Paying posts vouchers: the finance maker's permission.
    let pay = Rule::on(Perm::FinanceMake, UNION);
    let link = Rule::on(Perm::MemberManage, UNION);
    // The aid list goes to the disclosure board: its keepers' act.
    let publish = Rule::on(Perm::DisclosurePublish, UNION);
    r
        // Pages.
        .get("/unions/{union_id}/care", view, pages::events::home)
        .get("/unions/{union_id}/care/policy", view, pages::policy::policy)
        .post("/unions/{union_id}/care/policy", approve, pages::policy::save_policy)
        .get("/unions/{union_id}/care/files", view, pages::files::files)
        .get("/unions/{union_id}/care/files/new", manage, pages::files::new_file)
        .post("/unions/{union_id}/care/files", manage, pages::files::create_file)
        .get("/unions/{union_id}/care/files/{file_id}", view, pages::files::file)
        .get("/unions/{union_id}/care/files/{file_id}/review", manage, pages::files::review_file_form)
        .post("/unions/{union_id}/care/files/{file_id}/review", manage, pages::files::review_file)
        .post("/unions/{union_id}/care/files/{file_id}/decision", approve, pages::files::decide_file)
        .post("/unions/{union_id}/care/files/{file_id}/close", manage, pages::files::close_file)
        .post(
            "/unions/{union_id}/care/files/{file_id}/documents",
            manage.upload(),
            pages::files::file_document,
        )
        .get("/unions/{union_id}/care/documents/{document_id}", view, pages::files::document)
        .get("/unions/{union_id}/care/assistance", view, pages::aid::assistance)
        .post("/unions/{union_id}/care/assistance", pay, pages::aid::pay)
        .get("/unions/{union_id}/care/events", view, pages::events::events)
        .post("/unions/{union_id}/care/events", manage, pages::events::record_event)
        .post("/unions/{union_id}/care/visits/{visit_id}", manage, pages::events::complete_visit)
        .get("/unions/{union_id}/care/campaigns", view, pages::campaigns::campaigns)
        .get("/unions/{union_id}/care/campaigns/new", manage, pages::campaigns::new_campaign)
        .post("/unions/{union_id}/care/campaigns", manage, pages::campaigns::create_campaign)
        .get("/unions/{union_id}/care/campaigns/{campaign_id}", view, pages::campaigns::campaign)
        .post(
            "/unions/{union_id}/care/campaigns/{campaign_id}/remove",
            manage,
            pages::campaigns::remove_recipient,
        )
        .post(
            "/unions/{union_id}/care/campaigns/{campaign_id}/approve",
            approve,
            pages::campaigns::approve_campaign,
        )
        .post("/unions/{union_id}/care/campaigns/{campaign_id}/pay", pay, pages::campaigns::pay_campaign)
        .get("/unions/{union_id}/care/campaigns/{campaign_id}/signoff", view, pages::campaigns::signoff)
        .post("/unions/{union_id}/care/members/{member_id}/consent", manage, pages::disclosure::consent)
        .get("/unions/{union_id}/care/mutual-aid", view, pages::mutual::mutual_aid)
        .post("/unions/{union_id}/care/mutual-aid/plans", approve, pages::mutual::add_plan)
        .post("/unions/{union_id}/care/mutual-aid/enrolments", manage, pages::mutual::enrol)
        .post("/unions/{union_id}/care/mutual-aid/claims", manage, pages::mutual::file_claim)
        .post(
            "/unions/{union_id}/care/mutual-aid/claims/{claim_id}/assess",
            approve,
            pages::mutual::assess_claim,
        )
        .post("/unions/{union_id}/care/mutual-aid/claims/{claim_id}/pay", pay, pages::mutual::pay_claim)
        .get("/unions/{union_id}/care/disclosure", view, pages::disclosure::disclosure)
        .post("/unions/{union_id}/care/disclosure", publish, pages::disclosure::publish_disclosure)
        .get("/me/care", Rule::LOGIN, pages::me::my_care)
        // JSON API.
        .get("/api/v1/unions/{union_id}/care-policy", view, api::policy::get_policy)
        .add(Method::PUT, "/api/v1/unions/{union_id}/care-policy", approve, api::policy::put_policy)
        .get("/api/v1/unions/{union_id}/hardship-files", view, api::files::files)
        .post("/api/v1/unions/{union_id}/hardship-files", manage, api::files::create_file)
        .get("/api/v1/unions/{union_id}/hardship-files/{file_id}", view, api::files::file)
        .post("/api/v1/unions/{union_id}/hardship-files/{file_id}/review", manage, api::files::review_file)
        .post("/api/v1/unions/{union_id}/hardship-files/{file_id}/decision", approve, api::files::decide_file)
        .post("/api/v1/unions/{union_id}/hardship-files/{file_id}/close", manage, api::files::close_file)
        .post(
            "/api/v1/unions/{union_id}/hardship-files/{file_id}/documents",
            manage.upload(),
            api::files::file_document,
        )
        .post(
            "/api/v1/unions/{union_id}/care-documents/{owner_kind}/{owner_id}",
            manage.upload(),
            api::files::upload_document,
        )
        .get("/api/v1/unions/{union_id}/assistance", view, api::aid::assistance)
        .post("/api/v1/unions/{union_id}/assistance", pay, api::aid::pay)
        .get("/api/v1/unions/{union_id}/members/{member_id}/care", view, api::aid::member_care)
        .add(
            Method::PUT,
            "/api/v1/unions/{union_id}/members/{member_id}/care-consent",
            manage,
            api::aid::consent,
        )
        .add(Method::PUT, "/api/v1/unions/{union_id}/members/{member_id}/user", link, api::me::link_user)
        .add(Method::DELETE, "/api/v1/unions/{union_id}/members/{member_id}/user", link, api::me::unlink_user)
        .get("/api/v1/unions/{union_id}/life-events", view, api::events::events)
        .post("/api/v1/unions/{union_id}/life-events", manage, api::events::record_event)
        .get("/api/v1/unions/{union_id}/visits", view, api::events::visits)
        .post("/api/v1/unions/{union_id}/visits/{visit_id}", manage, api::events::complete_visit)
        .get("/api/v1/unions/{union_id}/birthdays", view, api::events::birthdays)
        .get("/api/v1/unions/{union_id}/campaigns", view, api::campaigns::campaigns)
        .post("/api/v1/unions/{union_id}/campaigns", manage, api::campaigns::create_campaign)
        .get("/api/v1/unions/{union_id}/campaigns/{campaign_id}", view, api::campaigns::campaign)
        .patch(
            "/api/v1/unions/{union_id}/campaigns/{campaign_id}/recipients/{member_id}",
            manage,
            api::campaigns::edit_recipient,
        )
        .post(
            "/api/v1/unions/{union_id}/campaigns/{campaign_id}/approve",
            approve,
            api::campaigns::approve_campaign,
        )
        .post("/api/v1/unions/{union_id}/campaigns/{campaign_id}/pay", pay, api::campaigns::pay_campaign)
        .get("/api/v1/unions/{union_id}/care-disclosure", view, api::disclosure::disclosure)
        .post(
            "/api/v1/unions/{union_id}/care-disclosure/publish",
            publish,
            api::disclosure::publish_disclosure,
        )
        .get("/api/v1/unions/{union_id}/mutual-aid/plans", view, api::mutual::plans)
        .post("/api/v1/unions/{union_id}/mutual-aid/plans", approve, api::mutual::add_plan)
        .post("/api/v1/unions/{union_id}/mutual-aid/plans/{plan_id}/enrolments", manage, api::mutual::enrol)
        .get("/api/v1/unions/{union_id}/mutual-aid/enrolments", view, api::mutual::enrolments)
        .get("/api/v1/unions/{union_id}/mutual-aid/claims", view, api::mutual::claims)
        .post("/api/v1/unions/{union_id}/mutual-aid/claims", manage, api::mutual::file_claim)
        .post(
            "/api/v1/unions/{union_id}/mutual-aid/claims/{claim_id}/assess",
            approve,
            api::mutual::assess_claim,
        )
        .post("/api/v1/unions/{union_id}/mutual-aid/claims/{claim_id}/pay", pay, api::mutual::pay_claim)
        .get("/api/v1/unions/{union_id}/mutual-aid/report", view, api::mutual::report)
        .get("/api/v1/me/care", Rule::LOGIN, api::me::my_care)
}
