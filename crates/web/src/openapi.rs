//! The OpenAPI 3 document served at `/api/openapi.json`.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes::{audit, auth, care, democracy, disclosure, finance, member, org, proposal, todo};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "gonghui 工会业务系统 API",
        description = "错误统一为 {\"code\",\"message\",\"field\"}，message 为中文说明。先用 POST /api/v1/auth/token 取得令牌，之后以 Authorization: Bearer <token> 调用。"
    ),
    paths(
        auth::api::token, auth::api::revoke, auth::api::me, auth::api::password,
        auth::api::list_users, auth::api::create_user, auth::api::get_user,
        auth::api::grant, auth::api::revoke_grant, auth::api::status,
        auth::api::reset_password, todo::api_todo,
        org::api::list, org::api::create, org::api::get, org::api::update, org::api::move_to,
        org::api::archive, org::api::restore, org::api::committee, org::api::add_term,
        org::api::add_post, org::api::remove_post,
        audit::api::list,
        member::api::create, member::api::list, member::api::get, member::api::update, member::api::status,
        member::api::reveal, member::api::export_masked, member::api::export_full, member::api::import_file,
        member::api::duplicates, member::api::merge, member::api::transfers, member::api::request_transfer,
        member::api::decide, member::api::get_settings, member::api::put_settings, member::api::join,
        member::api::group_members, member::api::pending, member::logins::api_create,
        finance::api::accounts, finance::api::add_account, finance::api::vouchers, finance::api::create_voucher,
        finance::api::post_batch, finance::api::voucher, finance::api::update_voucher, finance::api::delete_voucher,
        finance::api::review, finance::api::unreview, finance::api::post, finance::api::reverse, finance::api::attach,
        finance::api::periods, finance::api::close_period, finance::api::reopen_period,
        finance::opening_api::api_get, finance::opening_api::api_put, finance::opening_api::api_review, finance::opening_api::api_unreview, finance::opening_api::api_post,
        finance::api::trial_balance, finance::api::balance_sheet, finance::api::income_statement,
        finance::api::general_ledger, finance::api::detail_ledger, finance::api::budget_execution,
        finance::api::rollup, finance::api::set_budget, finance::api::dues_bills, finance::api::dues_summary,
        finance::api::dues_collect, finance::dues_api::bills, finance::dues_api::member_dues, finance::api::arrears, finance::api::funds, finance::api::fund_declare,
        finance::api::fund_receipt, finance::api::get_policy, finance::api::set_policy, finance::api::check_policy,
        finance::api::welfare_list, finance::api::pay_welfare, finance::api::payment_approvers, finance::api::get_settings, finance::api::put_settings,
        finance::api::statements, finance::api::publish_statement, finance::api::audit_workspace,
        finance::api::add_finding, finance::api::update_finding,
        care::api::get_policy, care::api::put_policy, care::api::files, care::api::create_file, care::api::file,
        care::api::review_file, care::api::decide_file, care::api::close_file, care::api::file_document,
        care::api::upload_document, care::api::assistance, care::api::pay, care::api::member_care, care::api::consent,
        care::me::link_user, care::me::unlink_user, care::api::events, care::api::record_event, care::api::visits, care::api::complete_visit,
        care::api::birthdays, care::api::campaigns, care::api::create_campaign, care::api::campaign,
        care::api::edit_recipient, care::api::approve_campaign, care::api::pay_campaign, care::api::disclosure,
        care::api::plans, care::api::add_plan, care::api::enrol, care::api::enrolments, care::api::claims,
        care::api::file_claim, care::api::assess_claim, care::api::pay_claim, care::api::report, care::api::my_care,
        care::api::publish_disclosure,
        disclosure::api::list, disclosure::api::create, disclosure::api::get, disclosure::api::withdraw,
        disclosure::api::feedback,
        proposal::api::list, proposal::api::submit, proposal::api::get, proposal::api::cosign, proposal::api::review,
        proposal::api::assign, proposal::api::answer, proposal::api::rate, proposal::api::report,
        proposal::api::get_settings, proposal::api::put_settings,
        democracy::api::overview, democracy::api::create_term, democracy::api::delegates, democracy::api::add_delegate,
        democracy::api::create_session, democracy::api::session, democracy::api::add_agenda, democracy::api::papers_sent,
        democracy::api::check_in, democracy::api::ballots, democracy::api::create_ballot, democracy::api::ballot,
        democracy::api::open, democracy::api::close, democracy::api::vote, democracy::api::tally, democracy::api::receipt,
        democracy::api::enter_counts, democracy::api::next_round, democracy::api::seat_elected, democracy::api::my_ballots,
    ),
    modifiers(&Bearer, &CommonErrors),
    tags(
        (name = "auth", description = "登录令牌与本人账号"),
        (name = "users", description = "账号与角色"),
        (name = "orgs", description = "组织树与工会委员会"),
        (name = "audit", description = "审计日志"),
        (name = "members", description = "会员花名册、导入导出、转会、网上入会"),
        (name = "care", description = "帮扶慰问：困难职工档案、帮扶慰问发放、五必访、送温暖等活动、互助保障、受助公示"),
        (name = "disclosure", description = "公开栏（厂务公开）：发布、撤回、职工意见；帮扶名单与表决结果也在此公开"),
        (name = "proposals", description = "提案：提出、附议、审查立案、交办、答复、评价，立案率、办结率、满意率"),
        (name = "democracy", description = "民主管理：职代会届次、代表及构成、会议议程与签到、表决、选举（换届）、民主评议；无记名投票、回执码、公布选票与复核"),
        (name = "finance", description = "财务：凭证、账簿、报表、会费、经费、预算、经费支出政策、财务公开、经审"),
    )
)]
struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The refusals every route can give by the mechanism it goes through, added
/// to each operation so that the document lists every status a route really
/// returns: the guard (401 without a valid token, 403 without the
/// permission), the path extractor (400 for an id that does not parse, 404
/// for one that is not there or belongs to another union, in the path or
/// in the body), the query
/// extractor (400), a parameter's value (422), and the body extractor (400 malformed, 413 too large,
/// 415 not JSON, 422 a field refused). A route's own answers (201, 409 …)
/// stay in its annotation.
struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let error = |text: &str| {
            ResponseBuilder::new()
                .description(text)
                .content(
                    "application/json",
                    ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build(),
                )
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            let ops = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
            for op in ops.into_iter().flatten() {
                let params = op.parameters.as_deref().unwrap_or_default();
                let has = |at: ParameterIn| params.iter().any(|p| p.parameter_in == at);
                let mut add = |code: &str, text: &str| {
                    op.responses.responses.entry(code.to_owned()).or_insert_with(|| error(text).into());
                };
                if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    add("401", "未登录或令牌无效（unauthenticated）");
                    add(
                        "403",
                        "没有权限（forbidden）；或账号的密码由他人设置（初始密码、重设的密码），须先修改密码（password_change_required，只有修改密码和退出登录可用）",
                    );
                }
                if has(ParameterIn::Path) {
                    add("400", "地址中的参数不正确（invalid_path）");
                    add("404", "记录不存在，或属于其他工会（not_found）");
                }
                if has(ParameterIn::Query) {
                    add("400", "查询参数不正确（invalid_query）");
                }
                if has(ParameterIn::Path) || has(ParameterIn::Query) {
                    // Parameters that parse but mean nothing (a month
                    // "2026-13", an unknown status) are refused by value.
                    add("422", "参数取值不正确，field 指出参数（invalid_value）");
                }
                if op.request_body.is_some() {
                    // Ids inside a body (an org, a member, a voter) that are
                    // not there or not the union's answer as a missing id.
                    add("404", "请求中引用的记录不存在，或属于其他工会（not_found）");
                    add("400", "请求内容无法解析（malformed_json / malformed_form）");
                    add("413", "请求内容过大（body_too_large）");
                    add("415", "请求内容类型不受支持（unsupported_media_type）");
                    add("422", "字段取值不正确，field 指出字段（invalid_value 等）");
                }
            }
        }
    }
}

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
