//! Certificate pages: the ledger with the expiry warning list and the form,
//! one certificate with its scans, print and .xlsx.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::ErrorCode;
use domain::auth::Perm;
use domain::recognition::training::{DEFAULT_EXPIRY_DAYS, Expiry, expiry};
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Path, Query};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use crate::routes::member::api::xlsx as xlsx_response;
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::recognition::training::{self as service, Certificate, CertificateInput, certificates};
use store::recognition::files::EvidenceFile;

pub fn href(union_id: Uuid) -> String {
    format!("/unions/{union_id}/certificates")
}

#[derive(Deserialize, Default)]
pub struct WindowParams {
    #[serde(default)]
    pub expiring: String,
}

impl WindowParams {
    /// The warning window: the query's, else [`DEFAULT_EXPIRY_DAYS`].
    fn window(&self) -> Result<i64, AppError> {
        match self.expiring.trim() {
            "" => Ok(DEFAULT_EXPIRY_DAYS),
            v => v
                .parse::<i64>()
                .map_err(|_| AppError::field(ErrorCode::InvalidQuery, "expiring", "预警天数应为整数，如 90")),
        }
    }

    /// Whether only the warning list was asked for.
    fn only_warnings(&self) -> bool {
        !self.expiring.trim().is_empty()
    }
}

fn state_of(c: &Certificate, window: i64) -> Expiry {
    expiry(c.valid_until, service::today(), window)
}

#[derive(Deserialize, Default)]
pub struct CertificateForm {
    #[serde(default)]
    pub member_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub issuer: String,
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub issued_on: String,
    #[serde(default)]
    pub valid_until: String,
}

impl CertificateForm {
    fn input(&self) -> AppResult<CertificateInput> {
        let member_id = Uuid::parse_str(self.member_id.trim())
            .map_err(|_| AppError::field(ErrorCode::Required, "member_id", "请选择会员"))?;
        let date = |field: &str, label: &str, v: &str| -> AppResult<Option<chrono::NaiveDate>> {
            let v = v.trim();
            if v.is_empty() {
                return Ok(None);
            }
            domain::time::parse_date(v).map(Some).ok_or_else(|| {
                AppError::field(
                    ErrorCode::InvalidDate,
                    field,
                    format!("{label}格式应为 年-月-日，如 2026-03-01"),
                )
            })
        };
        let issued_on = date("issued_on", "发证日期", &self.issued_on)?
            .ok_or_else(|| AppError::field(ErrorCode::Required, "issued_on", "请填写发证日期"))?;
        Ok(CertificateInput {
            member_id,
            name: self.name.clone(),
            issuer: self.issuer.clone(),
            number: self.number.clone(),
            issued_on,
            valid_until: date("valid_until", "有效期至", &self.valid_until)?,
            course_id: None,
        })
    }
}

#[derive(Template)]
#[template(path = "recognition/training/certificates.html")]
struct ListPage {
    layout: Layout,
    union_id: Uuid,
    window: i64,
    only_warnings: bool,
    warnings: Vec<Certificate>,
    rows: Vec<Certificate>,
    can_manage: bool,
    members: Option<Vec<(String, String)>>,
    form: CertificateForm,
    errors: FormErrors,
}

impl ListPage {
    fn state(&self, c: &Certificate) -> String {
        state_of(c, self.window).label()
    }

    fn warn(&self, c: &Certificate) -> bool {
        state_of(c, self.window).warn()
    }
}

async fn list_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    params: WindowParams,
    form: CertificateForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let union = app::org::union(state, union_id).await?;
    let window = params.window()?;
    let warnings = certificates::list(state, union_id, Some(window)).await?;
    let rows =
        if params.only_warnings() { Vec::new() } else { certificates::list(state, union_id, None).await? };
    let can_manage = p.can(Perm::RecognitionManage, Some(&union.path));
    let members = if can_manage { crate::kit::member_choices(state, union_id).await? } else { None };
    let layout = Layout::new(state, p, "training", "证书与资格")
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("培训", super::pages::list_href(union_id))
        .crumb("证书与资格", href(union_id));
    Ok(render_status(
        status,
        &ListPage {
            layout,
            union_id,
            window,
            only_warnings: params.only_warnings(),
            warnings,
            rows,
            can_manage,
            members,
            form,
            errors,
        },
    ))
}

pub async fn list(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<WindowParams>,
) -> PageResult {
    list_page(&state, &p, union_id, q, CertificateForm::default(), FormErrors::default(), StatusCode::OK)
        .await
}

pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<CertificateForm>,
) -> PageResult {
    let r = match f.input() {
        Ok(input) => certificates::create(&state, &p, union_id, &input).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(c) => {
            let msg = format!("已登记{}的证书“{}”", c.member_name, c.name);
            Ok(redirect_with_flash(&state, &p, &format!("{}/{}", href(union_id), c.id), &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => {
            let errors = FormErrors::from_error(&e);
            let status = e.status();
            list_page(&state, &p, union_id, WindowParams::default(), f, errors, status).await
        }
    }
}

#[derive(Template)]
#[template(path = "recognition/training/certificate.html")]
struct ShowPage {
    layout: Layout,
    union_id: Uuid,
    c: Certificate,
    state: String,
    files: Vec<EvidenceFile>,
    can_manage: bool,
}

/// One certificate with its scans and the upload form.
pub async fn show(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let (c, files) = certificates::get(&state, union_id, id).await?;
    let layout = Layout::new(&state, &p, "training", &c.name)
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("证书与资格", href(union_id))
        .crumb(c.name.clone(), format!("{}/{}", href(union_id), c.id));
    Ok(render(&ShowPage {
        layout,
        union_id,
        state: state_of(&c, DEFAULT_EXPIRY_DAYS).label(),
        c,
        files,
        can_manage: p.can(Perm::RecognitionManage, Some(&union.path)),
    }))
}

/// Uploads a scan from the page.
pub async fn upload(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    mp: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let r = async {
        let (name, _, bytes) = crate::kit::file_field(mp).await?;
        certificates::add_file(&state, &p, union_id, id, &name, &bytes).await
    }
    .await
    .map(|f| format!("已上传{}", f.file_name));
    crate::kit::done(&state, &p, &format!("{}/{}", href(union_id), id), r).await
}

#[derive(Template)]
#[template(path = "recognition/training/certificates_print.html")]
struct PrintPage {
    union_id: Uuid,
    union_name: String,
    scope: String,
    headers: &'static [&'static str],
    rows: Vec<Vec<String>>,
    today: String,
}

/// 证书台帐 (or, with `?expiring=`, the warning list) for paper.
pub async fn print(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<WindowParams>,
) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let window = q.window()?;
    let expiring = q.only_warnings().then_some(window);
    let rows = certificates::list(&state, union_id, expiring).await?;
    let today = service::today();
    Ok(render(&PrintPage {
        union_id,
        union_name: union.name,
        scope: if q.only_warnings() {
            format!("{window}天内到期及已过期")
        } else {
            "全部".to_owned()
        },
        headers: &certificates::LEDGER_HEADERS,
        rows: rows.iter().map(|c| certificates::ledger_row(c, today, window)).collect(),
        today: domain::time::fmt_date(today),
    }))
}

/// 证书台帐.xlsx
pub async fn xlsx(
    State(state): State<AppState>,
    Path(union_id): Path<Uuid>,
    Query(q): Query<WindowParams>,
) -> AppResult<Response> {
    let window = q.window()?;
    let (name, bytes) =
        certificates::ledger_xlsx(&state, union_id, q.only_warnings().then_some(window)).await?;
    let what = if q.only_warnings() { "证书到期预警" } else { "证书台帐" };
    Ok(xlsx_response(&format!("{name}{what}.xlsx"), bytes))
}
