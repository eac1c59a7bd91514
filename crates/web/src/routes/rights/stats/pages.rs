//! 维权 pages: the union's overview (the way into every list of the area,
//! with this year's figures), the statistics of an org's subtree (print and
//! .xlsx), and the union's rights settings.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::auth::Perm;
use domain::rights::stats::RightsStats;
use serde::Deserialize;
use uuid::Uuid;

use super::api::YearQuery;
use crate::extract::{PageForm, Path, Query};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use crate::routes::member::api::xlsx;
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::rights::settings::{self, RightsSettings};

#[derive(Template)]
#[template(path = "rights/stats/overview.html")]
struct OverviewPage {
    layout: Layout,
    union_id: Uuid,
    s: RightsStats,
    cases: bool,
}

impl OverviewPage {
    fn as_of(&self) -> String {
        domain::time::fmt_date(self.s.as_of)
    }
}

/// 维权 for one union: this year's figures and the way into each list.
pub async fn overview(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    let union = app::org::union(&state, union_id).await?;
    let s = app::rights::stats::report(&state, union_id, None).await?;
    let path = Some(union.path.as_str());
    let cases = p.can(Perm::RightsCases, path);
    let layout = Layout::new(&state, &p, "rights", "维权")
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("维权", format!("/unions/{union_id}/rights"));
    Ok(render(&OverviewPage { layout, union_id, s, cases }))
}

#[derive(Template)]
#[template(path = "rights/stats/stats.html")]
struct StatsPage {
    layout: Layout,
    org_id: Uuid,
    org_name: String,
    s: RightsStats,
}

impl StatsPage {
    fn as_of(&self) -> String {
        domain::time::fmt_date(self.s.as_of)
    }
}

/// 维权统计 of an org's subtree, for a year.
pub async fn stats(
    State(state): State<AppState>,
    p: Principal,
    Path(org_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let org = app::org::service::get(&state, org_id).await?;
    let s = app::rights::stats::report(&state, org_id, q.year).await?;
    let layout = Layout::new(&state, &p, "rights", &format!("{}年维权统计", s.year))
        .await
        .crumb(org.name.clone(), format!("/orgs/{org_id}"))
        .crumb("维权统计", format!("/orgs/{org_id}/rights-stats"));
    Ok(render(&StatsPage { layout, org_id, org_name: org.name, s }))
}

const STATS_HEADERS: [&str; 4] = ["项目", "数量", "基数", "比率"];

/// The statistics as rows of 项目 / 数量 / 基数 / 比率, for the sheet.
fn stats_rows(s: &RightsStats) -> Vec<Vec<String>> {
    let (e, p, m) = (&s.employers, &s.petitions, &s.mediation);
    let rate = |label: &str, r: domain::ratio::Ratio| {
        vec![label.to_owned(), r.numerator.to_string(), r.denominator.to_string(), r.display()]
    };
    let count = |label: &str, n: u64| vec![label.to_owned(), n.to_string(), String::new(), String::new()];
    let mut rows = vec![
        count("企业名录中的企业（家）", e.employers),
        rate("建会率（25人以上企业）", e.unionisation),
        rate("入会率（已建会企业）", e.membership),
        rate("集体合同签订率（已建会企业）", e.contract),
        count("集体合同覆盖职工（人）", e.workers_covered),
        count("来信来访（件）", p.total),
        count("不予受理（件）", p.rejected),
        count("超期未办（件）", s.petitions_overdue),
        rate("按期答复率", p.answered_on_time),
        rate("办结率", p.resolved),
        rate("满意率", p.satisfaction),
        count("劳动争议调解申请（件）", m.total),
        count("达成调解协议（件）", m.agreements),
        rate("成功调解率", m.success),
    ];
    for t in &s.mediation_by_type {
        rows.push(vec![
            format!("调解案件：{}", t.dispute_type),
            t.cases.to_string(),
            String::new(),
            String::new(),
        ]);
    }
    rows
}

/// 维权统计.xlsx.
pub async fn stats_xlsx(
    State(state): State<AppState>,
    Path(org_id): Path<Uuid>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let org = app::org::service::get(&state, org_id).await?;
    let s = app::rights::stats::report(&state, org_id, q.year).await?;
    let bytes = app::activity::exports::xlsx("维权统计", &STATS_HEADERS, stats_rows(&s)).await?;
    Ok(xlsx(&format!("{}{}年维权统计.xlsx", org.name, s.year), bytes))
}

/// The settings form as typed: every figure a text field, so that what was
/// typed comes back with the message when a figure is refused.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    pub anonymous_allowed: Option<String>,
    pub dispatch_days: String,
    pub answer_days: String,
    pub second_round_days: String,
    pub acceptance_working_days: String,
    pub mediation_days: String,
    pub max_extension_days: String,
    pub referral_days: String,
    pub referral_clock: String,
    pub group_threshold: String,
    pub min_representatives: String,
    pub max_representatives: String,
    pub min_term_months: String,
    pub max_term_months: String,
    pub wage_term_months: String,
    pub filing_days: String,
    pub review_days: String,
    pub publication_days: String,
    pub renewal_reminder_days: String,
    /// One checklist heading per line: `code｜名称｜要点；要点`.
    pub checklist: String,
}

impl SettingsForm {
    fn of(s: &RightsSettings) -> Self {
        let (p, m, c) = (&s.petition, &s.mediation, &s.contract);
        SettingsForm {
            anonymous_allowed: s.anonymous_allowed.then(|| "1".to_owned()),
            dispatch_days: p.dispatch_days.to_string(),
            answer_days: p.answer_days.to_string(),
            second_round_days: p.second_round_days.to_string(),
            acceptance_working_days: m.acceptance_working_days.to_string(),
            mediation_days: m.mediation_days.to_string(),
            max_extension_days: m.max_extension_days.to_string(),
            referral_days: m.referral_days.to_string(),
            referral_clock: match m.referral_clock {
                domain::rights::mediation::ClockStart::Application => "application",
                domain::rights::mediation::ClockStart::Acceptance => "acceptance",
            }
            .to_owned(),
            group_threshold: m.group_threshold.to_string(),
            min_representatives: m.min_representatives.to_string(),
            max_representatives: m.max_representatives.to_string(),
            min_term_months: c.min_term_months.to_string(),
            max_term_months: c.max_term_months.to_string(),
            wage_term_months: c.wage_term_months.to_string(),
            filing_days: c.filing_days.to_string(),
            review_days: c.review_days.to_string(),
            publication_days: c.publication_days.to_string(),
            renewal_reminder_days: c.renewal_reminder_days.to_string(),
            checklist: s
                .checklist
                .iter()
                .map(|i| format!("{}｜{}｜{}", i.code, i.label, i.points.join("；")))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    fn settings(&self) -> AppResult<RightsSettings> {
        use domain::ErrorCode;
        let n = |field: &str, label: &str, v: &str| -> AppResult<u32> {
            v.trim().parse::<u32>().map_err(|_| {
                AppError::field(
                    ErrorCode::InvalidValue,
                    field,
                    format!("{label}应为不小于0的整数，现在是“{}”", v.trim()),
                )
            })
        };
        let s = RightsSettings {
            anonymous_allowed: self.anonymous_allowed.is_some(),
            petition: domain::rights::petition::PetitionSettings {
                dispatch_days: n("dispatch_days", "受理派发期限", &self.dispatch_days)?,
                answer_days: n("answer_days", "答复期限", &self.answer_days)?,
                second_round_days: n("second_round_days", "再次办理期限", &self.second_round_days)?,
            },
            mediation: domain::rights::mediation::MediationSettings {
                acceptance_working_days: n(
                    "acceptance_working_days",
                    "受理期限",
                    &self.acceptance_working_days,
                )?,
                mediation_days: n("mediation_days", "调解期限", &self.mediation_days)?,
                max_extension_days: n("max_extension_days", "最长延长天数", &self.max_extension_days)?,
                referral_days: n("referral_days", "可申请仲裁的期限", &self.referral_days)?,
                referral_clock: if self.referral_clock == "acceptance" {
                    domain::rights::mediation::ClockStart::Acceptance
                } else {
                    domain::rights::mediation::ClockStart::Application
                },
                group_threshold: n("group_threshold", "推举代表的人数起点", &self.group_threshold)?,
                min_representatives: n("min_representatives", "代表人数下限", &self.min_representatives)?,
                max_representatives: n("max_representatives", "代表人数上限", &self.max_representatives)?,
            },
            contract: domain::rights::contract::ContractSettings {
                min_term_months: n("min_term_months", "合同期限下限", &self.min_term_months)?,
                max_term_months: n("max_term_months", "合同期限上限", &self.max_term_months)?,
                wage_term_months: n("wage_term_months", "工资协议期限", &self.wage_term_months)?,
                filing_days: n("filing_days", "报送审查期限", &self.filing_days)?,
                review_days: n("review_days", "审查期限", &self.review_days)?,
                publication_days: n("publication_days", "公布期限", &self.publication_days)?,
                renewal_reminder_days: n(
                    "renewal_reminder_days",
                    "续签提醒天数",
                    &self.renewal_reminder_days,
                )?,
            },
            checklist: parse_checklist(&self.checklist)?,
        };
        Ok(s)
    }
}

/// Reads the checklist textarea: `code｜名称｜要点；要点` per line (an ASCII
/// `|` or `;` works too); blank lines are skipped. The domain checks codes,
/// names and sizes.
fn parse_checklist(text: &str) -> AppResult<Vec<domain::rights::inspection::ChecklistItem>> {
    let mut items = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split(['｜', '|']).map(str::trim).collect();
        let [code, label, rest @ ..] = parts.as_slice() else {
            return Err(AppError::field(
                domain::ErrorCode::InvalidValue,
                "checklist",
                format!("检查表第{}行应写成“代码｜名称｜要点；要点”", i + 1),
            ));
        };
        let points = rest
            .iter()
            .flat_map(|r| r.split(['；', ';']))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        items.push(domain::rights::inspection::ChecklistItem {
            code: (*code).to_owned(),
            label: (*label).to_owned(),
            points,
        });
    }
    Ok(items)
}

#[derive(Template)]
#[template(path = "rights/stats/settings.html")]
struct SettingsPage {
    layout: Layout,
    union_id: Uuid,
    form: SettingsForm,
    errors: FormErrors,
    manage: bool,
}

/// One figure of the form: (field, label, value as typed, the default).
type Field<'a> = (&'static str, &'static str, &'a str, &'static str);

impl SettingsPage {
    /// The figures of a fieldset: 0 petitions, 1 mediation, 2 contracts.
    fn fields(&self, set: u8) -> Vec<Field<'_>> {
        let f = &self.form;
        match set {
            0 => vec![
                ("dispatch_days", "受理派发期限（天）", &f.dispatch_days, "默认3天"),
                ("answer_days", "答复期限（天）", &f.answer_days, "默认15天"),
                ("second_round_days", "不满意后再次办理期限（天）", &f.second_round_days, "默认15天"),
            ],
            1 => vec![
                (
                    "acceptance_working_days",
                    "受理期限（工作日）",
                    &f.acceptance_working_days,
                    "默认3个工作日",
                ),
                ("mediation_days", "调解期限（天）", &f.mediation_days, "默认15天"),
                ("max_extension_days", "双方同意可延长（天）", &f.max_extension_days, "默认15天"),
                ("referral_days", "未达成协议可申请仲裁（天）", &f.referral_days, "默认15天"),
                ("group_threshold", "推举代表的人数起点", &f.group_threshold, "默认10人"),
                ("min_representatives", "代表人数下限", &f.min_representatives, "默认3人"),
                ("max_representatives", "代表人数上限", &f.max_representatives, "默认5人"),
            ],
            _ => vec![
                ("min_term_months", "合同期限下限（月）", &f.min_term_months, "默认12个月"),
                ("max_term_months", "合同期限上限（月）", &f.max_term_months, "默认36个月"),
                ("wage_term_months", "工资专项集体协议期限（月）", &f.wage_term_months, "默认12个月"),
                ("filing_days", "签订后报送审查（天）", &f.filing_days, "默认10天"),
                ("review_days", "劳动行政部门审查（天）", &f.review_days, "默认15天"),
                ("publication_days", "生效后向职工公布（天）", &f.publication_days, "默认10天"),
                ("renewal_reminder_days", "到期前续签提醒（天）", &f.renewal_reminder_days, "默认60天"),
            ],
        }
    }
}

async fn settings_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    form: SettingsForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let union = app::org::union(state, union_id).await?;
    let manage = p.can(Perm::RightsManage, Some(union.path.as_str()));
    let layout = Layout::new(state, p, "rights", "维权设置")
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("维权", format!("/unions/{union_id}/rights"))
        .crumb("设置", format!("/unions/{union_id}/rights/settings"));
    Ok(render_status(status, &SettingsPage { layout, union_id, form, errors, manage }))
}

pub async fn settings_form(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> PageResult {
    let s = settings::get(&state, union_id).await?;
    settings_page(&state, &p, union_id, SettingsForm::of(&s), FormErrors::default(), StatusCode::OK).await
}

pub async fn settings_save(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<SettingsForm>,
) -> PageResult {
    let saved = match f.settings() {
        Ok(s) => settings::save(&state, &p, union_id, s).await,
        Err(e) => Err(e),
    };
    match saved {
        Ok(_) => {
            Ok(redirect_with_flash(&state, &p, &format!("/unions/{union_id}/rights"), "维权设置已保存").await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => {
            let status = e.status();
            settings_page(&state, &p, union_id, f, FormErrors::from_error(&e), status).await
        }
    }
}
