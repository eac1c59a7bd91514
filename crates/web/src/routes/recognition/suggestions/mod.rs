//! Suggestions (合理化建议, 金点子): the member's phone page (submit, their
//! own with status and log), the officers' list with counts per status,
//! the register form, one suggestion with its log and step forms, print
//! and Excel, the yearly statistics with the 金点子 ranking — and the JSON
//! API of the same.
//!
//! Who may call what. Members submit their own (`RecognitionJoin`); the
//! union's officers handle them (`RecognitionManage`); the union's
//! suggestions and counts are read with `RecognitionView`. One suggestion
//! is read by those and by its submitter, whom no grant names: those
//! routes let any signed-in caller through to the service, which answers
//! 404 to anyone else, exactly as for a missing id.

pub mod api;
pub mod exports;
pub mod pages;
pub mod show;

use domain::auth::Perm;
use utoipa::OpenApi;

use super::{SUGGESTION, UNION};
use crate::auth::Rule;
use crate::routes::Routes;

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::submit, api::list, api::mine, api::stats, api::get, api::assess, api::implement, api::accept,
        api::reward, api::merge, api::to_proposal, api::resubmit, api::upload, api::download,
    ),
    tags(
        (name = "suggestions", description = "合理化建议（金点子）：会员提交（可多人联名）、部门评估（推荐实施/需完善/不予采纳）、实施、验收（创造价值）、按经费支出规定奖励并生成凭证、合并重复建议、转为职代会提案；采纳率、实施率、创造价值和年度金点子排行"),
    )
)]
struct Api;

pub(super) fn routes(r: Routes) -> Routes {
    let join = Rule::on(Perm::RecognitionJoin, UNION);
    let view = Rule::on(Perm::RecognitionView, UNION);
    let manage = Rule::on(Perm::RecognitionManage, UNION);
    let handle = Rule::on(Perm::RecognitionManage, SUGGESTION);
    // The submitter or a reader of the union's suggestions; the service
    // answers 404 to anyone else (see the module's comment).
    let reader = Rule::LOGIN;
    r
        // Pages.
        .get("/unions/{union_id}/suggestions", view, pages::list)
        .post("/unions/{union_id}/suggestions", manage, pages::register)
        .get("/unions/{union_id}/suggestions/new", manage, pages::new)
        .get("/unions/{union_id}/suggestions/mine", join, pages::mine)
        .post("/unions/{union_id}/suggestions/mine", join, pages::submit)
        .get("/unions/{union_id}/suggestions/print", view, exports::print)
        .get("/unions/{union_id}/suggestions.xlsx", view, exports::xlsx)
        .get("/unions/{union_id}/suggestion-stats", view, exports::stats)
        .get("/unions/{union_id}/suggestion-stats/print", view, exports::stats_print)
        .get("/unions/{union_id}/suggestion-stats.xlsx", view, exports::stats_xlsx)
        .get("/suggestions/{suggestion_id}", reader, show::show)
        .post("/suggestions/{suggestion_id}/assess", handle, show::assess)
        .post("/suggestions/{suggestion_id}/implement", handle, show::implement)
        .post("/suggestions/{suggestion_id}/accept", handle, show::accept)
        .post("/suggestions/{suggestion_id}/reward", handle, show::reward)
        .post("/suggestions/{suggestion_id}/merge", handle, show::merge)
        .post("/suggestions/{suggestion_id}/to-proposal", handle, show::to_proposal)
        .post("/suggestions/{suggestion_id}/resubmit", reader, show::resubmit)
        .post("/suggestions/{suggestion_id}/files", reader, show::upload)
        .get("/suggestions/{suggestion_id}/files/{file_id}", reader, show::download)
        // JSON API.
        .post("/api/v1/unions/{union_id}/suggestions", join, api::submit)
        .get("/api/v1/unions/{union_id}/suggestions", view, api::list)
        .get("/api/v1/unions/{union_id}/suggestions/mine", join, api::mine)
        .get("/api/v1/unions/{union_id}/suggestion-stats", view, api::stats)
        .get("/api/v1/suggestions/{suggestion_id}", reader, api::get)
        .post("/api/v1/suggestions/{suggestion_id}/assess", handle, api::assess)
        .post("/api/v1/suggestions/{suggestion_id}/implement", handle, api::implement)
        .post("/api/v1/suggestions/{suggestion_id}/accept", handle, api::accept)
        .post("/api/v1/suggestions/{suggestion_id}/reward", handle, api::reward)
        .post("/api/v1/suggestions/{suggestion_id}/merge", handle, api::merge)
        .post("/api/v1/suggestions/{suggestion_id}/to-proposal", handle, api::to_proposal)
        .post("/api/v1/suggestions/{suggestion_id}/resubmit", reader, api::resubmit)
        .post("/api/v1/suggestions/{suggestion_id}/files", reader, api::upload)
        .get("/api/v1/suggestions/{suggestion_id}/files/{file_id}", reader, api::download)
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    Api::openapi()
}

/// Labels the templates show.
pub fn status_label<S: AsRef<str>>(s: S) -> &'static str {
    domain::recognition::suggestion::Status::parse(s.as_ref()).map_or("", |x| x.label())
}

pub fn category_label<S: AsRef<str>>(s: S) -> &'static str {
    domain::recognition::suggestion::Category::parse(s.as_ref()).map_or("", |x| x.label())
}

pub fn yuan(fen: &i64) -> String {
    domain::finance::money::fmt_yuan(*fen)
}

pub fn date(d: &chrono::NaiveDate) -> String {
    domain::time::fmt_date(*d)
}

/// (code, label) of every category, for the forms.
pub fn categories() -> Vec<(&'static str, &'static str)> {
    domain::recognition::suggestion::Category::ALL.iter().map(|c| (c.as_str(), c.label())).collect()
}

/// Fen from a form's 元 field ("1,234.50"); the error names `field`.
pub fn fen_of(field: &str, label: &str, v: &str) -> Result<i64, app::error::AppError> {
    Ok(domain::finance::money::parse_yuan(field, label, v.trim(), false)?)
}
