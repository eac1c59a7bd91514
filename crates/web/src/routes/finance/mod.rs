//! Area `finance`: the books of a grassroots union — vouchers, ledgers and
//! reports, dues and funds, budget, the spending rules, disclosure to
//! members and the funds review committee's workspace.

pub mod api;
pub mod dues_api;
pub mod dues_pages;
pub mod opening_api;
pub mod opening_pages;
pub mod pages;
pub mod settings_pages;

use axum::http::Method;
use domain::auth::Perm;

use utoipa::OpenApi;
use super::{Area, NavEntry, Routes};
use crate::auth::{Rule, Target};

const UNION: &[Target] = &[Target::Org("union_id")];
const ORG: &[Target] = &[Target::Org("org_id")];

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area { routes, openapi: Api::openapi, nav: &[NavEntry { order: 3, key: "finance", label: "财务", href: "/unions/{union}/finance", perm: Some(Perm::FinanceView) }, NavEntry { order: 6, key: "statements", label: "财务公开", href: "/unions/{union}/finance/statements", perm: Some(Perm::StatementView) }] };

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::accounts, api::add_account, api::vouchers, api::create_voucher, api::post_batch, api::voucher, api::update_voucher, api::delete_voucher, api::review, api::unreview, api::post, api::reverse, api::attach, api::periods, api::close_period, api::reopen_period, opening_api::api_get, opening_api::api_put, opening_api::api_review, opening_api::api_unreview, opening_api::api_post, api::trial_balance, api::balance_sheet, api::income_statement, api::general_ledger, api::detail_ledger, api::budget_execution, api::rollup, api::set_budget, api::dues_bills, api::dues_summary, api::dues_collect, dues_api::bills, dues_api::member_dues, api::arrears, api::funds, api::fund_declare, api::fund_receipt, api::get_policy, api::set_policy, api::check_policy, api::welfare_list, api::pay_welfare, api::payment_approvers, api::get_settings, api::put_settings, api::statements, api::publish_statement, api::audit_workspace, api::add_finding, api::update_finding,
    ),
    tags(
        (name = "finance", description = "财务：凭证、账簿、报表、会费、经费、预算、经费支出政策、财务公开、经审"),
    )
)]
struct Api;

pub fn routes(r: Routes) -> Routes {
    let view = Rule::on(Perm::FinanceView, UNION);
    let make = Rule::on(Perm::FinanceMake, UNION);
    let review = Rule::on(Perm::FinanceReview, UNION);
    let reopen = Rule::on(Perm::PeriodReopen, UNION);
    let settings = Rule::on(Perm::FinanceSettings, UNION);
    let audit = Rule::on(Perm::FinanceAudit, UNION);
    let publish = Rule::on(Perm::StatementPublish, UNION);
    let statements = Rule::on(Perm::StatementView, UNION);
    r
        // Pages.
        .get("/unions/{union_id}/finance", view, pages::home)
        .get("/unions/{union_id}/finance/accounts", view, pages::accounts)
        .post("/unions/{union_id}/finance/accounts", settings, pages::add_account)
        .get("/unions/{union_id}/finance/vouchers", view, pages::vouchers)
        .get("/unions/{union_id}/finance/vouchers/new", make, pages::new_voucher)
        .post("/unions/{union_id}/finance/vouchers", make, pages::create_voucher)
        .post("/unions/{union_id}/finance/vouchers/post-batch", review, pages::post_batch)
        .get("/unions/{union_id}/finance/vouchers/{voucher_id}", view, pages::voucher)
        .get("/unions/{union_id}/finance/vouchers/{voucher_id}/print", view, pages::print_voucher)
        .get("/unions/{union_id}/finance/vouchers/{voucher_id}/edit", make, pages::edit_voucher)
        .post("/unions/{union_id}/finance/vouchers/{voucher_id}/edit", make, pages::update_voucher)
        .post("/unions/{union_id}/finance/vouchers/{voucher_id}/delete", make, pages::delete_voucher)
        .post("/unions/{union_id}/finance/vouchers/{voucher_id}/review", review, pages::review)
        .post("/unions/{union_id}/finance/vouchers/{voucher_id}/unreview", review, pages::unreview)
        .post("/unions/{union_id}/finance/vouchers/{voucher_id}/post", review, pages::post)
        .post("/unions/{union_id}/finance/vouchers/{voucher_id}/reverse", make, pages::reverse)
        .post("/unions/{union_id}/finance/vouchers/{voucher_id}/attachments", make.upload(), pages::attach)
        .get("/unions/{union_id}/finance/attachments/{attachment_id}", view, pages::attachment)
        .get("/unions/{union_id}/finance/periods", view, pages::periods)
        .post("/unions/{union_id}/finance/periods/close", review, pages::close_period)
        .post("/unions/{union_id}/finance/periods/reopen", reopen, pages::reopen_period)
        .get("/unions/{union_id}/finance/reports/{report}", view, pages::report)
        .get("/unions/{union_id}/finance/reports/{report}/export.xlsx", view, pages::report_xlsx)
        .get("/unions/{union_id}/finance/budget", view, pages::budget)
        .post("/unions/{union_id}/finance/budget", settings, pages::save_budget)
        .get("/unions/{union_id}/finance/dues", view, dues_pages::dues)
        .post("/unions/{union_id}/finance/dues/bills", make, dues_pages::dues_bills)
        .post("/unions/{union_id}/finance/dues/collect", make, dues_pages::dues_collect)
        .get("/unions/{union_id}/finance/dues/members/{member_id}", view, dues_pages::member_dues)
        .get(
            "/unions/{union_id}/finance/dues/members/{member_id}/receipts/{voucher_id}",
            view,
            dues_pages::receipt,
        )
        .get("/unions/{union_id}/finance/funds", view, pages::funds)
        .post("/unions/{union_id}/finance/funds", make, pages::fund_declare)
        .post("/unions/{union_id}/finance/funds/receipts", make, pages::fund_receipt)
        .get("/unions/{union_id}/finance/policy", view, pages::policy)
        .post("/unions/{union_id}/finance/policy", settings, pages::save_policy)
        .get("/unions/{union_id}/finance/welfare", view, pages::welfare)
        .post("/unions/{union_id}/finance/welfare", make, pages::pay_welfare)
        .get("/unions/{union_id}/finance/settings", settings, settings_pages::settings)
        .post("/unions/{union_id}/finance/settings", settings, settings_pages::save_settings)
        .get("/unions/{union_id}/finance/opening", view, opening_pages::page)
        .post("/unions/{union_id}/finance/opening", make, opening_pages::save)
        .post("/unions/{union_id}/finance/opening/review", review, opening_pages::review)
        .post("/unions/{union_id}/finance/opening/unreview", review, opening_pages::unreview)
        .post("/unions/{union_id}/finance/opening/post", review, opening_pages::post)
        .get("/unions/{union_id}/finance/statements", statements, pages::statements)
        .post("/unions/{union_id}/finance/statements", publish, pages::publish_statement)
        .get("/unions/{union_id}/finance/audit", audit, pages::audit)
        .post("/unions/{union_id}/finance/audit/findings", audit, pages::add_finding)
        .post("/unions/{union_id}/finance/audit/findings/{finding_id}", audit, pages::update_finding)
        .get("/unions/{union_id}/finance/audit/books.xlsx", audit, pages::year_books)
        .get("/orgs/{org_id}/finance/rollup", Rule::on(Perm::FinanceView, ORG), pages::rollup)
        // JSON API.
        .get("/api/v1/unions/{union_id}/accounts", view, api::accounts)
        .post("/api/v1/unions/{union_id}/accounts", settings, api::add_account)
        .get("/api/v1/unions/{union_id}/vouchers", view, api::vouchers)
        .post("/api/v1/unions/{union_id}/vouchers", make, api::create_voucher)
        .post("/api/v1/unions/{union_id}/vouchers/post-batch", review, api::post_batch)
        .get("/api/v1/unions/{union_id}/vouchers/{voucher_id}", view, api::voucher)
        .patch("/api/v1/unions/{union_id}/vouchers/{voucher_id}", make, api::update_voucher)
        .delete("/api/v1/unions/{union_id}/vouchers/{voucher_id}", make, api::delete_voucher)
        .post("/api/v1/unions/{union_id}/vouchers/{voucher_id}/review", review, api::review)
        .post("/api/v1/unions/{union_id}/vouchers/{voucher_id}/unreview", review, api::unreview)
        .post("/api/v1/unions/{union_id}/vouchers/{voucher_id}/post", review, api::post)
        .post("/api/v1/unions/{union_id}/vouchers/{voucher_id}/reverse", make, api::reverse)
        .post("/api/v1/unions/{union_id}/vouchers/{voucher_id}/attachments", make.upload(), api::attach)
        .get("/api/v1/unions/{union_id}/opening-balances", view, opening_api::api_get)
        .add(Method::PUT, "/api/v1/unions/{union_id}/opening-balances", make, opening_api::api_put)
        .post("/api/v1/unions/{union_id}/opening-balances/review", review, opening_api::api_review)
        .post("/api/v1/unions/{union_id}/opening-balances/unreview", review, opening_api::api_unreview)
        .post("/api/v1/unions/{union_id}/opening-balances/post", review, opening_api::api_post)
        .get("/api/v1/unions/{union_id}/periods", view, api::periods)
        .post("/api/v1/unions/{union_id}/periods/{period}/close", review, api::close_period)
        .post("/api/v1/unions/{union_id}/periods/{period}/reopen", reopen, api::reopen_period)
        .get("/api/v1/unions/{union_id}/reports/trial-balance", view, api::trial_balance)
        .get("/api/v1/unions/{union_id}/reports/balance-sheet", view, api::balance_sheet)
        .get("/api/v1/unions/{union_id}/reports/income-statement", view, api::income_statement)
        .get("/api/v1/unions/{union_id}/reports/general-ledger", view, api::general_ledger)
        .get("/api/v1/unions/{union_id}/reports/detail-ledger", view, api::detail_ledger)
        .get("/api/v1/unions/{union_id}/reports/budget", view, api::budget_execution)
        .get("/api/v1/orgs/{org_id}/finance/rollup", Rule::on(Perm::FinanceView, ORG), api::rollup)
        .add(Method::PUT, "/api/v1/unions/{union_id}/budget/{year}", settings, api::set_budget)
        .post("/api/v1/unions/{union_id}/dues/bills", make, api::dues_bills)
        .get("/api/v1/unions/{union_id}/dues/{month}", view, api::dues_summary)
        .get("/api/v1/unions/{union_id}/dues/{month}/bills", view, dues_api::bills)
        .get("/api/v1/unions/{union_id}/members/{member_id}/dues", view, dues_api::member_dues)
        .post("/api/v1/unions/{union_id}/dues/collect", make, api::dues_collect)
        .get("/api/v1/unions/{union_id}/dues-arrears", view, api::arrears)
        .get("/api/v1/unions/{union_id}/funds", view, api::funds)
        .post("/api/v1/unions/{union_id}/funds", make, api::fund_declare)
        .post("/api/v1/unions/{union_id}/funds/{month}/receipts", make, api::fund_receipt)
        .get("/api/v1/unions/{union_id}/policy", view, api::get_policy)
        .add(Method::PUT, "/api/v1/unions/{union_id}/policy", settings, api::set_policy)
        .post("/api/v1/unions/{union_id}/policy/check", view, api::check_policy)
        .get("/api/v1/unions/{union_id}/welfare", view, api::welfare_list)
        .get("/api/v1/unions/{union_id}/payment-approvers", view, api::payment_approvers)
        .post("/api/v1/unions/{union_id}/welfare", make, api::pay_welfare)
        .get("/api/v1/unions/{union_id}/finance-settings", view, api::get_settings)
        .add(Method::PUT, "/api/v1/unions/{union_id}/finance-settings", settings, api::put_settings)
        .get("/api/v1/unions/{union_id}/statements", statements, api::statements)
        .post("/api/v1/unions/{union_id}/statements", publish, api::publish_statement)
        .get("/api/v1/unions/{union_id}/finance-audit", audit, api::audit_workspace)
        .post("/api/v1/unions/{union_id}/finance-audit/findings", audit, api::add_finding)
        .patch("/api/v1/unions/{union_id}/finance-audit/findings/{finding_id}", audit, api::update_finding)
}
