//! The e-card: the member's card page and its token in JSON; verification
//! as a page (the QR code opens it) and in JSON.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use chrono::{DateTime, Utc};
use domain::ErrorCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::extract::{ApiJson, PageForm, Query};
use crate::pages::{FormErrors, Layout, PageResult, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult, ErrorBody};
use app::me::ecard::{self as service, EcardVerdict, Issued};

#[derive(Template)]
#[template(path = "me/home/ecard.html")]
struct CardPage {
    layout: Layout,
    card: Option<Issued>,
    qr: String,
    remaining: String,
    message: String,
}

impl CardPage {
    fn expiry(&self) -> String {
        self.card.as_ref().map_or_else(String::new, |c| domain::time::fmt_datetime(c.expires_at))
    }

    /// Seconds until the page reloads itself: shortly before the card expires.
    fn refresh_after(&self) -> i64 {
        self.card.as_ref().map_or(60, |c| ((c.expires_at - Utc::now()).num_seconds() - 20).max(10))
    }
}

/// The scheme and host the phone reached us on, for the QR code's link.
fn absolute(headers: &HeaderMap, secure: bool, path: &str) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1:8080");
    format!("{}://{host}{path}", if secure { "https" } else { "http" })
}

/// 电子会员卡: a big QR code of the verification link, the name, union,
/// card number and how long it is good for.
pub async fn page(State(state): State<AppState>, p: Principal, headers: HeaderMap) -> PageResult {
    let layout = Layout::new(&state, &p, "me", "电子会员卡")
        .await
        .crumb("我的", "/me")
        .crumb("电子会员卡", "/me/ecard");
    match service::issue(&state, &p).await {
        Ok(card) => {
            let url = absolute(&headers, state.config.secure_cookies, &service::verify_path(&card.token));
            let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::L)
                .map_err(|_| AppError::code(ErrorCode::Internal))?;
            let qr = code.render::<qrcode::render::svg::Color>().min_dimensions(280, 280).build();
            let remaining =
                domain::me::ecard::remaining_label(card.expires_at.timestamp(), Utc::now().timestamp());
            Ok(render(&CardPage { layout, card: Some(card), qr, remaining, message: String::new() }))
        }
        Err(e) if matches!(e.status().as_u16(), 404 | 422) => Ok(render(&CardPage {
            layout,
            card: None,
            qr: String::new(),
            remaining: String::new(),
            message: e.0.message,
        })),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "me/home/verify.html")]
struct VerifyPage {
    layout: Layout,
    verdict: Option<EcardVerdict>,
    token: String,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
pub struct VerifyParams {
    #[serde(default)]
    pub token: String,
}

async fn verify_answer(state: &AppState, p: &Principal, token: String) -> PageResult {
    let layout =
        Layout::new(state, p, "me", "核验电子会员卡").await.crumb("核验电子会员卡", "/ecards/verify");
    if token.trim().is_empty() {
        return Ok(render(&VerifyPage { layout, verdict: None, token, errors: FormErrors::default() }));
    }
    let verdict = service::verify(state, p, &token).await?;
    Ok(render_status(
        StatusCode::OK,
        &VerifyPage { layout, verdict: Some(verdict), token, errors: FormErrors::default() },
    ))
}

/// The page the card's QR code opens (`?token=…`), and the form to paste one.
pub async fn verify_page(
    State(state): State<AppState>,
    p: Principal,
    Query(q): Query<VerifyParams>,
) -> PageResult {
    verify_answer(&state, &p, q.token).await
}

pub async fn verify_form(
    State(state): State<AppState>,
    p: Principal,
    PageForm(f): PageForm<VerifyParams>,
) -> PageResult {
    verify_answer(&state, &p, f.token).await
}

/// 电子会员卡.
#[derive(Debug, Serialize, ToSchema)]
pub struct EcardOut {
    /// 签名的令牌（放在二维码中，核验时提交）
    pub token: String,
    pub expires_at: DateTime<Utc>,
    /// 二维码所含的核验页面路径
    pub verify_path: String,
}

/// 签发电子会员卡
///
/// 为本人签发一张短时有效（默认10分钟）的电子会员卡令牌，令牌只含姓名、所在工会和有效期，经本系统密钥签名。
/// 账号未关联会员档案答复 404；会籍已不在有效状态答复 422（`field` 为 `member`）。
#[utoipa::path(get, path = "/api/v1/me/ecard", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = EcardOut), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn api_issue(State(state): State<AppState>, p: Principal) -> AppResult<Json<EcardOut>> {
    let c = service::issue(&state, &p).await?;
    Ok(Json(EcardOut {
        verify_path: service::verify_path(&c.token),
        token: c.token,
        expires_at: c.expires_at,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EcardVerifyIn {
    /// 电子会员卡令牌（也可为核验链接）
    pub token: String,
}

/// 核验电子会员卡
///
/// 任何已登录账号（工会干部、合作单位账号）均可核验。令牌被篡改、格式不对、已过期，或会员的会籍已不在有效状态时，
/// 答复 `valid: false` 并在 `reason` 中说明原因；有效时给出姓名和所在工会。
#[utoipa::path(post, path = "/api/v1/ecards/verify", tag = "me", security(("bearer" = [])),
    request_body = EcardVerifyIn,
    responses((status = 200, body = EcardVerdict), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_verify(
    State(state): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<EcardVerifyIn>,
) -> AppResult<Json<EcardVerdict>> {
    Ok(Json(service::verify(&state, &p, &body.token).await?))
}
