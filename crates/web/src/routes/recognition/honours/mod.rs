//! The honours register (荣誉): the officers' list with its filters, print
//! and Excel, the record/nomination form, one honour with its workflow
//! (public notice on the disclosure board, members' feedback, the chair's
//! approval), evidence files; contest winners offered for nomination; the
//! model workers due for their yearly care; the member's own honours on a
//! phone — and the JSON API of the same.
//!
//! Who may call what: the register is read by `RecognitionView` (the
//! federation above too); recording, nominating, the notice, withdrawal,
//! files, contest nominations and care by `RecognitionManage`; the
//! approval and the rejection by the chair alone (`HonourApprove`); one's
//! own honours by every member (`RecognitionJoin`). The routes naming an
//! honour alone are guarded on the owning union.

pub mod api;
pub mod pages;
pub mod show;
pub mod work;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::auth::Perm;
use utoipa::OpenApi;

use super::{HONOUR, UNION};
use crate::auth::Rule;
use crate::routes::Routes;

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::create, api::list, api::mine, api::get, api::notice, api::approve, api::reject, api::withdraw,
        api::upload, api::download, api::candidates, api::from_contest, api::model_workers, api::make_care,
    ),
    tags(
        (name = "honours", description = "荣誉台帐：个人和集体荣誉登记，工会提名—公示（公开栏意见）—主席批准—记录，竞赛获奖者一键提名，劳模名单与每年关爱（走访、疗休养）"),
    )
)]
struct Api;

pub(super) fn routes(r: Routes) -> Routes {
    let view = Rule::on(Perm::RecognitionView, UNION);
    let manage = Rule::on(Perm::RecognitionManage, UNION);
    let join = Rule::on(Perm::RecognitionJoin, UNION);
    let read = Rule::on(Perm::RecognitionView, HONOUR);
    let handle = Rule::on(Perm::RecognitionManage, HONOUR);
    let decide = Rule::on(Perm::HonourApprove, HONOUR);
    r
        // Pages.
        .get("/unions/{union_id}/honours", view, pages::list)
        .post("/unions/{union_id}/honours", manage, pages::create)
        .get("/unions/{union_id}/honours/new", manage, pages::new)
        .get("/unions/{union_id}/honours/print", view, pages::print)
        .get("/unions/{union_id}/honours.xlsx", view, pages::xlsx)
        .get("/unions/{union_id}/honours/mine", join, work::mine)
        .get("/unions/{union_id}/honour-candidates", view, work::candidates)
        .post("/unions/{union_id}/honour-candidates", manage, work::nominate)
        .get("/unions/{union_id}/model-workers", view, work::model_workers)
        .post("/unions/{union_id}/model-workers/{member_id}/care", manage, work::care)
        .get("/honours/{honour_id}", read, show::show)
        .post("/honours/{honour_id}/notice", handle, show::notice)
        .post("/honours/{honour_id}/approve", decide, show::approve)
        .post("/honours/{honour_id}/reject", decide, show::reject)
        .post("/honours/{honour_id}/withdraw", handle, show::withdraw)
        .post("/honours/{honour_id}/files", handle, show::upload)
        .get("/honours/{honour_id}/files/{file_id}", read, show::download)
        // JSON API.
        .post("/api/v1/unions/{union_id}/honours", manage, api::create)
        .get("/api/v1/unions/{union_id}/honours", view, api::list)
        .get("/api/v1/unions/{union_id}/honours/mine", join, api::mine)
        .post("/api/v1/unions/{union_id}/honours/from-contest", manage, api::from_contest)
        .get("/api/v1/unions/{union_id}/honour-candidates", view, api::candidates)
        .get("/api/v1/unions/{union_id}/model-workers", view, api::model_workers)
        .post("/api/v1/unions/{union_id}/model-workers/{member_id}/care", manage, api::make_care)
        .get("/api/v1/honours/{honour_id}", read, api::get)
        .post("/api/v1/honours/{honour_id}/notice", handle, api::notice)
        .post("/api/v1/honours/{honour_id}/approve", decide, api::approve)
        .post("/api/v1/honours/{honour_id}/reject", decide, api::reject)
        .post("/api/v1/honours/{honour_id}/withdraw", handle, api::withdraw)
        .post("/api/v1/honours/{honour_id}/files", handle, api::upload)
        .get("/api/v1/honours/{honour_id}/files/{file_id}", read, api::download)
}

pub(super) fn openapi() -> utoipa::openapi::OpenApi {
    Api::openapi()
}

/// Labels the templates show.
pub fn status_label<S: AsRef<str>>(s: S) -> &'static str {
    domain::recognition::honour::Status::parse(s.as_ref()).map_or("", |x| x.label())
}

pub fn level_label<S: AsRef<str>>(s: S) -> &'static str {
    app::recognition::honour::level_label(s.as_ref())
}

pub fn source_label<S: AsRef<str>>(s: S) -> &'static str {
    domain::recognition::honour::Source::label(s.as_ref())
}

pub fn date(d: &chrono::NaiveDate) -> String {
    domain::time::fmt_date(*d)
}

pub fn yuan(fen: &i64) -> String {
    format!("{}.{:02}", fen / 100, (fen % 100).abs())
}

/// A file to download; the name travels RFC 5987-encoded, an image or a
/// PDF opens in the browser.
pub fn file_response(file_name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let ext =
        file_name.rsplit_once('.').map(|(_, e)| e).filter(|e| e.chars().all(|c| c.is_ascii_alphanumeric()));
    let fallback = ext.map_or_else(|| "evidence".to_owned(), |e| format!("evidence.{e}"));
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response()
}
