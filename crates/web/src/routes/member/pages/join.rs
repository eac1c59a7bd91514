//! Online joining: the public join page and its QR code.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::ErrorCode;
use domain::member::MemberStatus;
use serde::Deserialize;

use super::{MemberForm, absolute, form_errors};
use crate::auth::guard::{CSRF_COOKIE, MaybePrincipal};
use crate::cookies;
use crate::extract::PageForm;
use crate::pages::{FormErrors, Layout, PageResult, render_status};
use app::AppState;
use app::audit::service::Actor;
use app::error::{AppError, AppResult};
use app::member::roster::{self};
use app::member::service;

#[derive(Template)]
#[template(path = "member/join.html")]
struct JoinPage {
    layout: Layout,
    union_name: String,
    token: String,
    form: MemberForm,
    groups: Vec<(String, String)>,
    errors: FormErrors,
    done: bool,
}

async fn join_page(
    state: &AppState,
    token: &str,
    csrf: &str,
    form: MemberForm,
    e: Option<AppError>,
    done: bool,
) -> AppResult<Response> {
    let union_id = roster::join_union(state, token).await?;
    let union = app::org::union(state, union_id).await?;
    let groups =
        service::groups(state, union_id).await?.into_iter().map(|(id, n)| (id.to_string(), n)).collect();
    let status = e.as_ref().map(|e| e.status()).unwrap_or(StatusCode::OK);
    let page = JoinPage {
        layout: Layout::anonymous("申请入会", csrf),
        union_name: union.name,
        token: token.to_owned(),
        form,
        groups,
        errors: e.as_ref().map(form_errors).unwrap_or_default(),
        done,
    };
    Ok(render_status(status, &page))
}

/// The public join page: anyone with the link (or QR code) may apply.
pub async fn join_form(
    State(state): State<AppState>,
    MaybePrincipal(p): MaybePrincipal,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> PageResult {
    // Signed in, the form carries the session's token (the guard checks that).
    if let Some(p) = p.filter(|p| p.session.is_some()) {
        return Ok(join_page(&state, &token, p.csrf(), MemberForm::default(), None, false).await?);
    }
    let (csrf, set) = match cookies::get(&headers, CSRF_COOKIE) {
        Some(c) if c.len() == 64 => (c, false),
        _ => (app::auth::secrets::random_token(), true),
    };
    let mut r = join_page(&state, &token, &csrf, MemberForm::default(), None, false).await?;
    if set {
        r.headers_mut()
            .append(header::SET_COOKIE, cookies::set(CSRF_COOKIE, &csrf, None, state.config.secure_cookies));
    }
    Ok(r)
}

#[derive(Deserialize)]
pub struct JoinForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    member: MemberForm,
}

pub async fn join(
    State(state): State<AppState>,
    crate::client_ip::ClientIp(ip): crate::client_ip::ClientIp,
    Path(token): Path<String>,
    PageForm(f): PageForm<JoinForm>,
) -> PageResult {
    let union_id = roster::join_union(&state, &token).await?;
    let input = service::application_only(f.member.input());
    let actor = Actor { id: None, name: "网上申请", ip: &ip };
    let result = match service::throttle_join(&state, &ip).await {
        Ok(()) => service::create(&state, actor, union_id, &input, MemberStatus::Applying).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(join_page(&state, &token, &f.csrf, MemberForm::default(), None, true).await?),
        Err(e) => Ok(join_page(&state, &token, &f.csrf, f.member, Some(e), false).await?),
    }
}

/// The join link as a QR code (SVG) to print on a notice.
pub async fn join_qr(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> PageResult {
    roster::join_union(&state, &token).await?;
    let url = absolute(&headers, state.config.secure_cookies, &format!("/join/{token}"));
    let code = qrcode::QrCode::new(url.as_bytes()).map_err(|_| AppError::code(ErrorCode::Internal))?;
    let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(240, 240).build();
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}
