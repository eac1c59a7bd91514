//! One suggestion: the officers' page with its log and the step forms, the
//! submitter's with the outcome and, after 需完善, the resubmit form; the
//! step buttons and the evidence files.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Path};
use crate::pages::{Layout, PageResult, redirect_with_flash, render};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::recognition::suggestion::steps::{self, RewardInput};
use app::recognition::suggestion::submit::{self, Submission};
use app::recognition::suggestion::{self as service, Detail, ListQuery, Suggestion, Viewer, lists};

pub fn href(id: Uuid) -> String {
    format!("/suggestions/{id}")
}

#[derive(Template)]
#[template(path = "recognition/suggestions/show.html")]
struct ShowPage {
    layout: Layout,
    d: Detail,
    officer: bool,
    mine: bool,
    /// The union's payment approvers: (id, name), the caller left out.
    approvers: Vec<(Uuid, String)>,
    /// Suggestions it could be merged into: (id, label).
    others: Vec<(Uuid, String)>,
    today: String,
}

impl ShowPage {
    fn s(&self) -> &Suggestion {
        &self.d.suggestion
    }

    fn is(&self, s: &str) -> bool {
        self.d.suggestion.status == s
    }

    fn final_(&self) -> bool {
        service::status(&self.d.suggestion).is_final()
    }
}

pub async fn show(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let d = service::get(&state, &p, id).await?;
    let officer = d.viewer == Viewer::Officer;
    let union_id = d.suggestion.union_id;
    let mine = d.viewer == Viewer::Submitter
        || (officer
            && d.suggestion.submitted_by_user == Some(p.user_id)
            && d.suggestion.status == "needs_revision");
    let title = format!("第{}号合理化建议", d.suggestion.number);
    let reader = d.viewer != Viewer::Submitter;
    let mut layout = Layout::new(&state, &p, if reader { "suggestions" } else { "my_suggestions" }, &title)
        .await
        .crumb(d.union_name.clone(), format!("/orgs/{union_id}"));
    layout = if reader {
        layout.crumb("合理化建议", super::pages::list_href(union_id))
    } else {
        layout.crumb("我的建议", super::pages::mine_href(union_id))
    };
    let layout = layout.crumb(title, href(id));
    let (approvers, others) = if officer {
        let approvers = app::finance::service::approvers(&state, union_id)
            .await?
            .into_iter()
            .filter(|a| a.id != p.user_id)
            .map(|a| (a.id, a.name))
            .collect();
        let others = if matches!(d.suggestion.status.as_str(), "submitted" | "needs_revision" | "adopted") {
            lists::list(&state, union_id, &ListQuery::default())
                .await?
                .into_iter()
                .filter(|r| r.s.id != id && !matches!(r.s.status.as_str(), "merged" | "rejected"))
                .take(200)
                .map(|r| (r.s.id, format!("第{}号 {}（{}）", r.s.number, r.s.title, r.member_name)))
                .collect()
        } else {
            Vec::new()
        };
        (approvers, others)
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(render(&ShowPage { layout, officer, mine, approvers, others, today: service::today().to_string(), d }))
}

/// Back to the suggestion with what happened; a refusal is the flash, in
/// Chinese. A suggestion the caller may not see is the error page.
async fn done(state: &AppState, p: &Principal, id: Uuid, r: AppResult<String>) -> PageResult {
    let r = r.map_err(|e| {
        let message = format!("未能办理：{}", e.0.message);
        e.with_message(message)
    });
    crate::kit::done(state, p, &href(id), r).await
}

#[derive(Deserialize, Default)]
pub struct StepForm {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub implementer: String,
    #[serde(default)]
    pub implement_by: String,
    #[serde(default)]
    pub value_yuan: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub amount_yuan: String,
    #[serde(default)]
    pub approver_id: String,
    #[serde(default)]
    pub form: String,
    #[serde(default)]
    pub confirm_below_zero: Option<String>,
    #[serde(default)]
    pub into_id: String,
}

pub async fn assess(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = steps::assess(&state, &p, id, &f.decision, &f.reason).await;
    let r = r.map(|s| format!("评估结论：{}", super::status_label(&s.status)));
    done(&state, &p, id, r).await
}

pub async fn implement(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let by = match f.implement_by.trim() {
        "" => Ok(None),
        v => domain::time::parse_date(v).map(Some).ok_or_else(|| {
            AppError::field(domain::ErrorCode::InvalidDate, "implement_by", "实施期限格式应为 年-月-日")
        }),
    };
    let r = match by {
        Ok(by) => steps::implement(&state, &p, id, &f.implementer, by).await.map(|_| "已安排实施".to_owned()),
        Err(e) => Err(e),
    };
    done(&state, &p, id, r).await
}

pub async fn accept(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = match super::fen_of("value_fen_per_year", "创造价值（元/年）", &f.value_yuan) {
        Ok(v) => steps::accept(&state, &p, id, v, &f.note).await.map(|_| "已验收".to_owned()),
        Err(e) => Err(e),
    };
    done(&state, &p, id, r).await
}

pub async fn reward(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let approver = match f.approver_id.trim() {
        "" => Ok(None),
        v => Uuid::parse_str(v)
            .map(Some)
            .map_err(|_| AppError::field(domain::ErrorCode::NotFound, "approver_id", "批准人账号不存在")),
    };
    let amount = super::fen_of("amount_fen", "奖励金额", &f.amount_yuan);
    let r = match (amount, approver) {
        (Ok(amount_fen), Ok(approver_id)) => {
            let input = RewardInput {
                amount_fen,
                approver_id,
                form: Some(f.form.clone()),
                confirm_below_zero: f.confirm_below_zero.is_some(),
            };
            steps::reward(&state, &p, id, &input).await.map(|r| {
                let state = match r.voucher.status.as_str() {
                    "posted" => "凭证已记账",
                    "reviewed" => "凭证已审核，待记账",
                    _ => "凭证待财务审核、记账",
                };
                format!("已奖励{}元（{state}）", super::yuan(&r.welfare.amount_fen))
            })
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    done(&state, &p, id, r).await
}

pub async fn merge(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<StepForm>,
) -> PageResult {
    let r = match Uuid::parse_str(f.into_id.trim()) {
        Ok(into) => steps::merge(&state, &p, id, into).await.map(|_| "已合并".to_owned()),
        Err(_) => Err(AppError::field(domain::ErrorCode::Required, "into_id", "请选择要合并到的建议")),
    };
    done(&state, &p, id, r).await
}

pub async fn to_proposal(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    match steps::to_proposal(&state, &p, id).await {
        Ok((row, proposal)) => {
            let to = format!("/unions/{}/proposals/{proposal}", row.union_id);
            Ok(redirect_with_flash(&state, &p, &to, "已转为职代会提案，送提案审查").await)
        }
        Err(e) => done(&state, &p, id, Err(e)).await,
    }
}

#[derive(Deserialize, Default)]
pub struct ResubmitForm {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub current_state: String,
    #[serde(default)]
    pub proposal: String,
    #[serde(default)]
    pub expected_benefit: String,
    #[serde(default)]
    pub team: String,
}

pub async fn resubmit(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<ResubmitForm>,
) -> PageResult {
    let s = Submission {
        category: f.category,
        title: f.title,
        current_state: f.current_state,
        proposal: f.proposal,
        expected_benefit: f.expected_benefit,
        team: f.team,
        member_id: None,
    };
    super::api::writer_or_officer(&state, &p, id).await?;
    let r = submit::resubmit(&state, &p, id, s).await.map(|_| "已重新提交，等待评估".to_owned());
    done(&state, &p, id, r).await
}

pub async fn upload(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    mp: Result<Multipart, MultipartRejection>,
) -> PageResult {
    super::api::writer_or_officer(&state, &p, id).await?;
    let r = match crate::kit::file_field(mp).await {
        Ok((name, _, bytes)) => {
            service::add_file(&state, &p, id, &name, &bytes).await.map(|f| format!("已上传{}", f.file_name))
        }
        Err(e) => Err(e),
    };
    let msg = match r {
        Ok(m) => m,
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => format!("未能上传：{}", e.0.message),
    };
    Ok(redirect_with_flash(&state, &p, &href(id), &msg).await)
}

pub async fn download(
    State(state): State<AppState>,
    p: Principal,
    Path((id, file_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let (f, bytes) = service::file(&state, &p, id, file_id).await?;
    Ok(super::api::file_response(&f.file_name, &f.content_type, bytes))
}
