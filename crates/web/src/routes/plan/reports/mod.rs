//! The year in numbers: the year-end summary (`/orgs/{org_id}/summary`,
//! print, `.docx`, `.xlsx`) and the annual statistics of a subtree
//! (`/orgs/{org_id}/annual-stats`, `.xlsx`, run as a job with progress),
//! pages and JSON API. Readers need `PlanView` on the org (a federation
//! reads its subtree; an org outside it is 404 through `Target::Org`).

pub mod stats;
pub mod summary;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::auth::Perm;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::super::Routes;
use super::ORG;
use crate::auth::Rule;

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(summary::api_summary, summary::api_summary_docx, summary::api_summary_xlsx, stats::api_stats, stats::api_stats_xlsx),
    tags((name = "plan-reports", description = "年终工作总结数据稿（按计划或按业务领域，每个数字附统计期间和来源）与工会统计年报（按下级组织分列及合计）")),
)]
struct Api;

pub(super) fn routes(r: Routes) -> Routes {
    let view = Rule::on(Perm::PlanView, ORG);
    r.get("/orgs/{org_id}/summary", view, summary::page)
        .get("/orgs/{org_id}/summary/print", view, summary::print)
        .get("/orgs/{org_id}/summary.docx", view, summary::api_summary_docx)
        .get("/orgs/{org_id}/summary.xlsx", view, summary::api_summary_xlsx)
        .get("/api/v1/orgs/{org_id}/summary", view, summary::api_summary)
        .get("/api/v1/orgs/{org_id}/summary.docx", view, summary::api_summary_docx)
        .get("/api/v1/orgs/{org_id}/summary.xlsx", view, summary::api_summary_xlsx)
        .get("/orgs/{org_id}/annual-stats", view, stats::page)
        .get("/orgs/{org_id}/annual-stats.xlsx", view, stats::api_stats_xlsx)
        .get("/api/v1/orgs/{org_id}/annual-stats", view, stats::api_stats)
        .get("/api/v1/orgs/{org_id}/annual-stats.xlsx", view, stats::api_stats_xlsx)
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    Api::openapi()
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportYear {
    /// 年份（2000年至今年），不填为今年
    pub year: Option<i32>,
    /// 统计年报页面：填写任意值即重新统计（不用10分钟内的结果）
    #[serde(default)]
    pub refresh: Option<String>,
}

/// A file download named in Chinese (RFC 5987), with an ASCII fallback.
pub(crate) fn download(
    filename: &str,
    fallback: &str,
    content_type: &'static str,
    bytes: Vec<u8>,
) -> Response {
    let encoded: String = filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}");
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub(crate) const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
