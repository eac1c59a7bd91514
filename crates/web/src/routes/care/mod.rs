//! Area `care`: hardship files, assistance and condolences, life events and
//! 五必访 visits, campaigns and festival distributions with their sign-off
//! sheets, mutual-aid insurance, and a member's own care record.

pub mod api;
pub mod me;
pub mod pages;

use axum::http::Method;
use domain::auth::Perm;

use utoipa::OpenApi;
use super::{Area, NavEntry, Routes};
use crate::auth::{Rule, Target};

const UNION: &[Target] = &[Target::Org("union_id")];

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area { routes, openapi: Api::openapi, nav: &[NavEntry { order: 4, key: "care", label: "帮扶慰问", href: "/unions/{union}/care", perm: Some(Perm::CareView) }] };

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::get_policy, api::put_policy, api::files, api::create_file, api::file, api::review_file, api::decide_file, api::close_file, api::file_document, api::upload_document, api::assistance, api::pay, api::member_care, api::consent, me::link_user, me::unlink_user, api::events, api::record_event, api::visits, api::complete_visit, api::birthdays, api::campaigns, api::create_campaign, api::campaign, api::edit_recipient, api::approve_campaign, api::pay_campaign, api::disclosure, api::plans, api::add_plan, api::enrol, api::enrolments, api::claims, api::file_claim, api::assess_claim, api::pay_claim, api::report, api::my_care, api::publish_disclosure,
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
        .get("/unions/{union_id}/care", view, pages::home)
        .get("/unions/{union_id}/care/policy", view, pages::policy)
        .post("/unions/{union_id}/care/policy", approve, pages::save_policy)
        .get("/unions/{union_id}/care/files", view, pages::files)
        .get("/unions/{union_id}/care/files/new", manage, pages::new_file)
        .post("/unions/{union_id}/care/files", manage, pages::create_file)
        .get("/unions/{union_id}/care/files/{file_id}", view, pages::file)
        .get("/unions/{union_id}/care/files/{file_id}/review", manage, pages::review_file_form)
        .post("/unions/{union_id}/care/files/{file_id}/review", manage, pages::review_file)
        .post("/unions/{union_id}/care/files/{file_id}/decision", approve, pages::decide_file)
        .post("/unions/{union_id}/care/files/{file_id}/close", manage, pages::close_file)
        .post("/unions/{union_id}/care/files/{file_id}/documents", manage.upload(), pages::file_document)
        .get("/unions/{union_id}/care/documents/{document_id}", view, pages::document)
        .get("/unions/{union_id}/care/assistance", view, pages::assistance)
        .post("/unions/{union_id}/care/assistance", pay, pages::pay)
        .get("/unions/{union_id}/care/events", view, pages::events)
        .post("/unions/{union_id}/care/events", manage, pages::record_event)
        .post("/unions/{union_id}/care/visits/{visit_id}", manage, pages::complete_visit)
        .get("/unions/{union_id}/care/campaigns", view, pages::campaigns)
        .get("/unions/{union_id}/care/campaigns/new", manage, pages::new_campaign)
        .post("/unions/{union_id}/care/campaigns", manage, pages::create_campaign)
        .get("/unions/{union_id}/care/campaigns/{campaign_id}", view, pages::campaign)
        .post("/unions/{union_id}/care/campaigns/{campaign_id}/remove", manage, pages::remove_recipient)
        .post("/unions/{union_id}/care/campaigns/{campaign_id}/approve", approve, pages::approve_campaign)
        .post("/unions/{union_id}/care/campaigns/{campaign_id}/pay", pay, pages::pay_campaign)
        .get("/unions/{union_id}/care/campaigns/{campaign_id}/signoff", view, pages::signoff)
        .post("/unions/{union_id}/care/members/{member_id}/consent", manage, pages::consent)
        .get("/unions/{union_id}/care/mutual-aid", view, pages::mutual_aid)
        .post("/unions/{union_id}/care/mutual-aid/plans", approve, pages::add_plan)
        .post("/unions/{union_id}/care/mutual-aid/enrolments", manage, pages::enrol)
        .post("/unions/{union_id}/care/mutual-aid/claims", manage, pages::file_claim)
        .post("/unions/{union_id}/care/mutual-aid/claims/{claim_id}/assess", approve, pages::assess_claim)
        .post("/unions/{union_id}/care/mutual-aid/claims/{claim_id}/pay", pay, pages::pay_claim)
        .get("/unions/{union_id}/care/disclosure", view, pages::disclosure)
        .post("/unions/{union_id}/care/disclosure", publish, pages::publish_disclosure)
        .get("/me/care", Rule::LOGIN, pages::my_care)
        // JSON API.
        .get("/api/v1/unions/{union_id}/care-policy", view, api::get_policy)
        .add(Method::PUT, "/api/v1/unions/{union_id}/care-policy", approve, api::put_policy)
        .get("/api/v1/unions/{union_id}/hardship-files", view, api::files)
        .post("/api/v1/unions/{union_id}/hardship-files", manage, api::create_file)
        .get("/api/v1/unions/{union_id}/hardship-files/{file_id}", view, api::file)
        .post("/api/v1/unions/{union_id}/hardship-files/{file_id}/review", manage, api::review_file)
        .post("/api/v1/unions/{union_id}/hardship-files/{file_id}/decision", approve, api::decide_file)
        .post("/api/v1/unions/{union_id}/hardship-files/{file_id}/close", manage, api::close_file)
        .post(
            "/api/v1/unions/{union_id}/hardship-files/{file_id}/documents",
            manage.upload(),
            api::file_document,
        )
        .post(
            "/api/v1/unions/{union_id}/care-documents/{owner_kind}/{owner_id}",
            manage.upload(),
            api::upload_document,
        )
        .get("/api/v1/unions/{union_id}/assistance", view, api::assistance)
        .post("/api/v1/unions/{union_id}/assistance", pay, api::pay)
        .get("/api/v1/unions/{union_id}/members/{member_id}/care", view, api::member_care)
        .add(Method::PUT, "/api/v1/unions/{union_id}/members/{member_id}/care-consent", manage, api::consent)
        .add(Method::PUT, "/api/v1/unions/{union_id}/members/{member_id}/user", link, me::link_user)
        .add(Method::DELETE, "/api/v1/unions/{union_id}/members/{member_id}/user", link, me::unlink_user)
        .get("/api/v1/unions/{union_id}/life-events", view, api::events)
        .post("/api/v1/unions/{union_id}/life-events", manage, api::record_event)
        .get("/api/v1/unions/{union_id}/visits", view, api::visits)
        .post("/api/v1/unions/{union_id}/visits/{visit_id}", manage, api::complete_visit)
        .get("/api/v1/unions/{union_id}/birthdays", view, api::birthdays)
        .get("/api/v1/unions/{union_id}/campaigns", view, api::campaigns)
        .post("/api/v1/unions/{union_id}/campaigns", manage, api::create_campaign)
        .get("/api/v1/unions/{union_id}/campaigns/{campaign_id}", view, api::campaign)
        .patch(
            "/api/v1/unions/{union_id}/campaigns/{campaign_id}/recipients/{member_id}",
            manage,
            api::edit_recipient,
        )
        .post("/api/v1/unions/{union_id}/campaigns/{campaign_id}/approve", approve, api::approve_campaign)
        .post("/api/v1/unions/{union_id}/campaigns/{campaign_id}/pay", pay, api::pay_campaign)
        .get("/api/v1/unions/{union_id}/care-disclosure", view, api::disclosure)
        .post("/api/v1/unions/{union_id}/care-disclosure/publish", publish, api::publish_disclosure)
        .get("/api/v1/unions/{union_id}/mutual-aid/plans", view, api::plans)
        .post("/api/v1/unions/{union_id}/mutual-aid/plans", approve, api::add_plan)
        .post("/api/v1/unions/{union_id}/mutual-aid/plans/{plan_id}/enrolments", manage, api::enrol)
        .get("/api/v1/unions/{union_id}/mutual-aid/enrolments", view, api::enrolments)
        .get("/api/v1/unions/{union_id}/mutual-aid/claims", view, api::claims)
        .post("/api/v1/unions/{union_id}/mutual-aid/claims", manage, api::file_claim)
        .post("/api/v1/unions/{union_id}/mutual-aid/claims/{claim_id}/assess", approve, api::assess_claim)
        .post("/api/v1/unions/{union_id}/mutual-aid/claims/{claim_id}/pay", pay, api::pay_claim)
        .get("/api/v1/unions/{union_id}/mutual-aid/report", view, api::report)
        .get("/api/v1/me/care", Rule::LOGIN, api::my_care)
}
