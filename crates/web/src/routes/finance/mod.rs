//! Area `finance`: the books of a grassroots union — vouchers, ledgers and
//! reports, dues and funds, budget, the spending rules, disclosure to
//! members and the funds review committee's workspace.

pub mod api;
pub mod pages;

use axum::http::Method;
use domain::auth::Perm;

use super::{Area, NavEntry, Routes};
use crate::auth::{Rule, Target};
use utoipa::OpenApi;

const UNION: &[Target] = &[Target::Org("union_id")];
const ORG: &[Target] = &[Target::Org("org_id")];

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area {
    routes,
    openapi: Api::openapi,
    nav: &[
        NavEntry {
            order: 3,
            key: "finance",
            label: "财务",
            href: "/unions/{union}/finance",
            perm: Some(Perm::FinanceView),
        },
        NavEntry {
            order: 6,
            key: "statements",
            label: "财务公开",
            href: "/unions/{union}/finance/statements",
            perm: Some(Perm::StatementView),
        },
    ],
};

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::vouchers::accounts, api::vouchers::add_account, api::vouchers::vouchers,
        api::vouchers::create_voucher, api::vouchers::post_batch, api::vouchers::voucher,
        api::vouchers::update_voucher, api::vouchers::delete_voucher, api::vouchers::review,
        api::vouchers::unreview, api::vouchers::post, api::vouchers::reverse, api::vouchers::attach,
        api::periods::periods, api::periods::close_period, api::periods::reopen_period,
        api::opening::api_get, api::opening::api_put, api::opening::api_review, api::opening::api_unreview,
        api::opening::api_post,
        api::reports::trial_balance, api::reports::balance_sheet, api::reports::income_statement,
        api::reports::general_ledger, api::reports::detail_ledger, api::reports::rollup,
        api::budget::budget_execution, api::budget::set_budget,
        api::dues::dues_bills, api::dues::dues_summary, api::dues::dues_collect, api::dues::bills,
        api::dues::member_dues, api::dues::arrears,
        api::funds::funds, api::funds::fund_declare, api::funds::fund_receipt,
        api::policy::get_policy, api::policy::set_policy, api::policy::check_policy,
        api::welfare::welfare_list, api::welfare::pay_welfare, api::welfare::payment_approvers,
        api::settings::get_settings, api::settings::put_settings,
        api::statements::statements, api::statements::publish_statement,
        api::audit::audit_workspace, api::audit::add_finding, api::audit::update_finding,
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
        .get("/unions/{union_id}/finance/accounts", view, pages::accounts::accounts)
        .post("/unions/{union_id}/finance/accounts", settings, pages::accounts::add_account)
        .get("/unions/{union_id}/finance/vouchers", view, pages::vouchers::vouchers)
        .get("/unions/{union_id}/finance/vouchers/new", make, pages::voucher_form::new_voucher)
        .post("/unions/{union_id}/finance/vouchers", make, pages::voucher_form::create_voucher)
        .post("/unions/{union_id}/finance/vouchers/post-batch", review, pages::vouchers::post_batch)
        .get("/unions/{union_id}/finance/vouchers/{voucher_id}", view, pages::vouchers::voucher)
        .get("/unions/{union_id}/finance/vouchers/{voucher_id}/print", view, pages::vouchers::print_voucher)
        .get("/unions/{union_id}/finance/vouchers/{voucher_id}/edit", make, pages::voucher_form::edit_voucher)
        .post(
            "/unions/{union_id}/finance/vouchers/{voucher_id}/edit",
            make,
            pages::voucher_form::update_voucher,
        )
        .post(
            "/unions/{union_id}/finance/vouchers/{voucher_id}/delete",
            make,
            pages::vouchers::delete_voucher,
        )
        .post("/unions/{union_id}/finance/vouchers/{voucher_id}/review", review, pages::vouchers::review)
        .post("/unions/{union_id}/finance/vouchers/{voucher_id}/unreview", review, pages::vouchers::unreview)
        .post("/unions/{union_id}/finance/vouchers/{voucher_id}/post", review, pages::vouchers::post)
        .post("/unions/{union_id}/finance/vouchers/{voucher_id}/reverse", make, pages::vouchers::reverse)
        .post(
            "/unions/{union_id}/finance/vouchers/{voucher_id}/attachments",
            make.upload(),
            pages::vouchers::attach,
        )
        .get("/unions/{union_id}/finance/attachments/{attachment_id}", view, pages::vouchers::attachment)
        .get("/unions/{union_id}/finance/periods", view, pages::periods::periods)
        .post("/unions/{union_id}/finance/periods/close", review, pages::periods::close_period)
        .post("/unions/{union_id}/finance/periods/reopen", reopen, pages::periods::reopen_period)
        .get("/unions/{union_id}/finance/reports/{report}", view, pages::reports::report)
        .get("/unions/{union_id}/finance/reports/{report}/export.xlsx", view, pages::reports::report_xlsx)
        .get("/unions/{union_id}/finance/budget", view, pages::budget::budget)
        .post("/unions/{union_id}/finance/budget", settings, pages::budget::save_budget)
        .get("/unions/{union_id}/finance/dues", view, pages::dues::dues)
        .post("/unions/{union_id}/finance/dues/bills", make, pages::dues::dues_bills)
        .post("/unions/{union_id}/finance/dues/collect", make, pages::dues::dues_collect)
        .get("/unions/{union_id}/finance/dues/members/{member_id}", view, pages::dues::member_dues)
        .get(
            "/unions/{union_id}/finance/dues/members/{member_id}/receipts/{voucher_id}",
            view,
            pages::dues::receipt,
        )
        .get("/unions/{union_id}/finance/funds", view, pages::funds::funds)
        .post("/unions/{union_id}/finance/funds", make, pages::funds::fund_declare)
        .post("/unions/{union_id}/finance/funds/receipts", make, pages::funds::fund_receipt)
        .get("/unions/{union_id}/finance/policy", view, pages::policy::policy)
        .post("/unions/{union_id}/finance/policy", settings, pages::policy::save_policy)
        .get("/unions/{union_id}/finance/welfare", view, pages::welfare::welfare)
        .post("/unions/{union_id}/finance/welfare", make, pages::welfare::pay_welfare)
        .get("/unions/{union_id}/finance/settings", settings, pages::settings::settings)
        .post("/unions/{union_id}/finance/settings", settings, pages::settings::save_settings)
        .get("/unions/{union_id}/finance/opening", view, pages::opening::page)
        .post("/unions/{union_id}/finance/opening", make, pages::opening::save)
        .post("/unions/{union_id}/finance/opening/review", review, pages::opening::review)
        .post("/unions/{union_id}/finance/opening/unreview", review, pages::opening::unreview)
        .post("/unions/{union_id}/finance/opening/post", review, pages::opening::post)
        .get("/unions/{union_id}/finance/statements", statements, pages::statements::statements)
        .post("/unions/{union_id}/finance/statements", publish, pages::statements::publish_statement)
        .get("/unions/{union_id}/finance/audit", audit, pages::audit::audit)
        .post("/unions/{union_id}/finance/audit/findings", audit, pages::audit::add_finding)
        .post("/unions/{union_id}/finance/audit/findings/{finding_id}", audit, pages::audit::update_finding)
        .get("/unions/{union_id}/finance/audit/books.xlsx", audit, pages::audit::year_books)
        .get("/orgs/{org_id}/finance/rollup", Rule::on(Perm::FinanceView, ORG), pages::reports::rollup)
        // JSON API.
        .get("/api/v1/unions/{union_id}/accounts", view, api::vouchers::accounts)
        .post("/api/v1/unions/{union_id}/accounts", settings, api::vouchers::add_account)
        .get("/api/v1/unions/{union_id}/vouchers", view, api::vouchers::vouchers)
        .post("/api/v1/unions/{union_id}/vouchers", make, api::vouchers::create_voucher)
        .post("/api/v1/unions/{union_id}/vouchers/post-batch", review, api::vouchers::post_batch)
        .get("/api/v1/unions/{union_id}/vouchers/{voucher_id}", view, api::vouchers::voucher)
        .patch("/api/v1/unions/{union_id}/vouchers/{voucher_id}", make, api::vouchers::update_voucher)
        .delete("/api/v1/unions/{union_id}/vouchers/{voucher_id}", make, api::vouchers::delete_voucher)
        .post("/api/v1/unions/{union_id}/vouchers/{voucher_id}/review", review, api::vouchers::review)
        .post("/api/v1/unions/{union_id}/vouchers/{voucher_id}/unreview", review, api::vouchers::unreview)
        .post("/api/v1/unions/{union_id}/vouchers/{voucher_id}/post", review, api::vouchers::post)
        .post("/api/v1/unions/{union_id}/vouchers/{voucher_id}/reverse", make, api::vouchers::reverse)
        .post(
            "/api/v1/unions/{union_id}/vouchers/{voucher_id}/attachments",
            make.upload(),
            api::vouchers::attach,
        )
        .get("/api/v1/unions/{union_id}/opening-balances", view, api::opening::api_get)
        .add(Method::PUT, "/api/v1/unions/{union_id}/opening-balances", make, api::opening::api_put)
        .post("/api/v1/unions/{union_id}/opening-balances/review", review, api::opening::api_review)
        .post("/api/v1/unions/{union_id}/opening-balances/unreview", review, api::opening::api_unreview)
        .post("/api/v1/unions/{union_id}/opening-balances/post", review, api::opening::api_post)
        .get("/api/v1/unions/{union_id}/periods", view, api::periods::periods)
        .post("/api/v1/unions/{union_id}/periods/{period}/close", review, api::periods::close_period)
        .post("/api/v1/unions/{union_id}/periods/{period}/reopen", reopen, api::periods::reopen_period)
        .get("/api/v1/unions/{union_id}/reports/trial-balance", view, api::reports::trial_balance)
        .get("/api/v1/unions/{union_id}/reports/balance-sheet", view, api::reports::balance_sheet)
        .get("/api/v1/unions/{union_id}/reports/income-statement", view, api::reports::income_statement)
        .get("/api/v1/unions/{union_id}/reports/general-ledger", view, api::reports::general_ledger)
        .get("/api/v1/unions/{union_id}/reports/detail-ledger", view, api::reports::detail_ledger)
        .get("/api/v1/unions/{union_id}/reports/budget", view, api::budget::budget_execution)
        .get("/api/v1/orgs/{org_id}/finance/rollup", Rule::on(Perm::FinanceView, ORG), api::reports::rollup)
        .add(Method::PUT, "/api/v1/unions/{union_id}/budget/{year}", settings, api::budget::set_budget)
        .post("/api/v1/unions/{union_id}/dues/bills", make, api::dues::dues_bills)
        .get("/api/v1/unions/{union_id}/dues/{month}", view, api::dues::dues_summary)
        .get("/api/v1/unions/{union_id}/dues/{month}/bills", view, api::dues::bills)
        .get("/api/v1/unions/{union_id}/members/{member_id}/dues", view, api::dues::member_dues)
        .post("/api/v1/unions/{union_id}/dues/collect", make, api::dues::dues_collect)
        .get("/api/v1/unions/{union_id}/dues-arrears", view, api::dues::arrears)
        .get("/api/v1/unions/{union_id}/funds", view, api::funds::funds)
        .post("/api/v1/unions/{union_id}/funds", make, api::funds::fund_declare)
        .post("/api/v1/unions/{union_id}/funds/{month}/receipts", make, api::funds::fund_receipt)
        .get("/api/v1/unions/{union_id}/policy", view, api::policy::get_policy)
        .add(Method::PUT, "/api/v1/unions/{union_id}/policy", settings, api::policy::set_policy)
        .post("/api/v1/unions/{union_id}/policy/check", view, api::policy::check_policy)
        .get("/api/v1/unions/{union_id}/welfare", view, api::welfare::welfare_list)
        .get("/api/v1/unions/{union_id}/payment-approvers", view, api::welfare::payment_approvers)
        .post("/api/v1/unions/{union_id}/welfare", make, api::welfare::pay_welfare)
        .get("/api/v1/unions/{union_id}/finance-settings", view, api::settings::get_settings)
        .add(Method::PUT, "/api/v1/unions/{union_id}/finance-settings", settings, api::settings::put_settings)
        .get("/api/v1/unions/{union_id}/statements", statements, api::statements::statements)
        .post("/api/v1/unions/{union_id}/statements", publish, api::statements::publish_statement)
        .get("/api/v1/unions/{union_id}/finance-audit", audit, api::audit::audit_workspace)
        .post("/api/v1/unions/{union_id}/finance-audit/findings", audit, api::audit::add_finding)
        .patch(
            "/api/v1/unions/{union_id}/finance-audit/findings/{finding_id}",
            audit,
            api::audit::update_finding,
        )
}
