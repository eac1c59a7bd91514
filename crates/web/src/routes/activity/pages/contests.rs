//! Contest pages: the union's contests with the form for a new one; one
//! contest with its entrants, judges, rounds, ranking, prizes and
//! publication; the judge's scoring page (made for a phone); the printable
//! blank score sheet and result list; the Excel export. Each form calls the
//! same service as the API and comes back filled in on error.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use domain::ErrorCode;
use domain::activity::{ContestKind, Criterion};
use domain::auth::Perm;
use domain::finance::money::{fmt_yuan, parse_yuan};
use domain::time::fmt_date;
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Path};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use app::AppState;
use app::activity::contest::{
    self as service, ContestInput, ContestView, CriterionInput, EntrantInput, PrizeInput, Ranking, Results,
};
use app::activity::contest_removal as removal;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use store::activity::contest::{Contest, Round, Sheet};

fn base(union_id: Uuid) -> String {
    format!("/unions/{union_id}/contests")
}

async fn layout(state: &AppState, p: &Principal, union_id: Uuid, title: &str) -> AppResult<(Layout, bool)> {
    let union = app::org::union(state, union_id).await?;
    let manage = p.can(Perm::ActivityManage, Some(&union.path));
    let layout = Layout::new(state, p, "contest", title)
        .await
        .crumb(union.name.clone(), format!("/orgs/{union_id}"))
        .crumb("竞赛", base(union_id));
    Ok((layout, manage))
}

pub fn kind_label<S: AsRef<str>>(s: S) -> &'static str {
    service::kind_label(s.as_ref())
}

pub fn yuan(fen: &i64) -> String {
    fmt_yuan(*fen)
}

pub fn pts(h: &i64) -> String {
    service::score(*h)
}

pub fn date(d: &chrono::NaiveDate) -> String {
    fmt_date(*d)
}

#[derive(Template)]
#[template(path = "activity/contest_list.html")]
struct ListPage {
    layout: Layout,
    union_id: Uuid,
    can_manage: bool,
    rows: Vec<Contest>,
    kinds: Vec<(&'static str, &'static str)>,
    form: ContestForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
pub struct ContestForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub rules: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    /// One criterion a line: `名称 权重 最高分`.
    #[serde(default)]
    pub criteria: String,
    #[serde(default)]
    pub trimmed_mean: Option<String>,
}

/// `操作规范 40 100` (or with commas) per line, into criteria as typed.
fn criteria_lines(text: &str) -> AppResult<Vec<CriterionInput>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        let parts: Vec<&str> = line.split([' ', ',', '，', '\t', '　']).filter(|s| !s.is_empty()).collect();
        let bad = || {
            AppError::field(
                ErrorCode::InvalidValue,
                "criteria",
                format!("第{}行“{line}”不正确，请按“名称 权重 最高分”填写，如“操作规范 40 100”", n + 1),
            )
        };
        let [name, weight, max] = parts.as_slice() else { return Err(bad()) };
        let weight: u32 = weight.parse().map_err(|_| bad())?;
        out.push(CriterionInput {
            key: None,
            name: (*name).into(),
            weight,
            min: String::new(),
            max: (*max).into(),
        });
    }
    Ok(out)
}

async fn list_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    form: ContestForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let (layout, can_manage) = layout(state, p, union_id, "竞赛").await?;
    let rows = service::list(state, union_id).await?;
    let kinds = ContestKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect();
    Ok(render_status(status, &ListPage { layout, union_id, can_manage, rows, kinds, form, errors }))
}

pub async fn list(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    let form = ContestForm {
        criteria: "操作规范 40 100\n完成质量 40 100\n用时 20 100".into(),
        ..Default::default()
    };
    list_page(&state, &p, union_id, form, FormErrors::default(), StatusCode::OK).await
}

pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<ContestForm>,
) -> PageResult {
    let made = async {
        let input = ContestInput {
            kind: f.kind.clone(),
            title: f.title.clone(),
            rules: f.rules.clone(),
            starts_on: f.starts_on.clone(),
            ends_on: f.ends_on.clone(),
            criteria: criteria_lines(&f.criteria)?,
            trimmed_mean: f.trimmed_mean.is_some(),
        };
        service::create(&state, &p, union_id, &input).await
    }
    .await;
    match made {
        Ok(c) => Ok(redirect_with_flash(&state, &p, &format!("/contests/{}", c.id), "竞赛已发起").await),
        Err(e) => {
            // The criteria are one field on this form.
            let mut errors = FormErrors::from_error(&e);
            for (field, _) in &mut errors.items {
                if field.starts_with("criteria") {
                    *field = "criteria".into();
                }
            }
            list_page(&state, &p, union_id, f, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[derive(Template)]
#[template(path = "activity/contest_show.html")]
struct ShowPage {
    layout: Layout,
    v: ContestView,
    ranking: Option<Ranking>,
    accounts: Vec<(Uuid, String, String)>,
    form: ShowForm,
    errors: FormErrors,
}

impl ShowPage {
    fn prize_line(&self, entrant: &Uuid) -> String {
        self.v
            .prizes
            .iter()
            .find(|p| p.entrant_id == *entrant)
            .map(|p| format!("{}，每人{}元", p.title, fmt_yuan(p.amount_fen)))
            .unwrap_or_default()
    }

    fn people(&self, e: &service::EntrantView) -> String {
        e.members.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join("、")
    }
}

/// Every form of the contest page: one struct, so an error re-renders the
/// page with what was typed in the form that failed.
#[derive(Deserialize, Default)]
pub struct ShowForm {
    #[serde(default)]
    pub names: String,
    #[serde(default)]
    pub team_name: String,
    #[serde(default)]
    pub user_id: String,
    #[serde(default)]
    pub name: String,
    /// One prize a line: `参赛者 奖项 每人奖金（元）`.
    #[serde(default)]
    pub prizes: String,
}

async fn show_page(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    form: ShowForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let v = service::view(state, p, id).await?;
    let (layout, _) = layout(state, p, v.contest.union_id, &v.contest.title).await?;
    let layout = layout.crumb(v.contest.title.clone(), format!("/contests/{id}"));
    let ranking = match v.rounds.last() {
        Some(r) if v.sees_all(r) => service::ranking(state, p, id, Some(r.id)).await.ok().map(|(_, r)| r),
        _ => None,
    };
    let accounts = if v.can_manage {
        app::democracy::lookup::accounts(state, v.contest.union_id).await?
    } else {
        Vec::new()
    };
    Ok(render_status(status, &ShowPage { layout, v, ranking, accounts, form, errors }))
}

pub async fn show(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    show_page(&state, &p, id, ShowForm::default(), FormErrors::default(), StatusCode::OK).await
}

/// After a contest-page form: back to the page with a message, or the page
/// again with the error and what was typed.
async fn after(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    f: ShowForm,
    done: AppResult<String>,
) -> PageResult {
    match done {
        Ok(msg) => Ok(redirect_with_flash(state, p, &format!("/contests/{id}"), &msg).await),
        Err(e) => {
            show_page(state, p, id, f, FormErrors::from_error(&e), StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

pub async fn add_entrant(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<ShowForm>,
) -> PageResult {
    let done = async {
        let ids = service::members_by_names(&state, id, "names", &f.names).await?;
        let input = if f.team_name.trim().is_empty() {
            match ids.as_slice() {
                [one] => EntrantInput { member_id: Some(*one), ..Default::default() },
                [] => return Err(AppError::field(ErrorCode::Required, "names", "请填写参赛会员姓名")),
                _ => {
                    return Err(AppError::field(
                        ErrorCode::InvalidValue,
                        "names",
                        "个人参赛每次添加一人；团体参赛请填写队名",
                    ));
                }
            }
        } else {
            EntrantInput { member_id: None, team_name: Some(f.team_name.clone()), member_ids: ids }
        };
        let e = service::add_entrant(&state, &p, id, &input).await?;
        Ok(format!("已添加参赛者{}", e.entrant.name))
    }
    .await;
    after(&state, &p, id, f, done).await
}

pub async fn add_judge(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<ShowForm>,
) -> PageResult {
    let done = async {
        let user = Uuid::parse_str(f.user_id.trim())
            .map_err(|_| AppError::field(ErrorCode::Required, "user_id", "请选择评委"))?;
        let j = service::add_judge(&state, &p, id, user).await?;
        Ok(format!("已添加评委{}", j.name))
    }
    .await;
    after(&state, &p, id, f, done).await
}

/// After taking an entrant or a judge off: back to the page with a
/// message, or the page with the refusal (409) at its top.
async fn removed(state: &AppState, p: &Principal, id: Uuid, r: AppResult<String>) -> PageResult {
    match r {
        Ok(msg) => Ok(redirect_with_flash(state, p, &format!("/contests/{id}"), &msg).await),
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => show_page(state, p, id, ShowForm::default(), FormErrors::from_error(&e), e.status()).await,
    }
}

pub async fn remove_entrant(
    State(state): State<AppState>,
    p: Principal,
    Path((id, entrant_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let r =
        removal::remove_entrant(&state, &p, id, entrant_id).await.map(|e| format!("已删除参赛者{}", e.name));
    removed(&state, &p, id, r).await
}

pub async fn remove_judge(
    State(state): State<AppState>,
    p: Principal,
    Path((id, user_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let r = removal::remove_judge(&state, &p, id, user_id).await.map(|j| format!("已删除评委{}", j.name));
    removed(&state, &p, id, r).await
}

pub async fn add_round(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<ShowForm>,
) -> PageResult {
    let done = service::add_round(&state, &p, id, &f.name).await.map(|r| format!("已增加赛程“{}”", r.name));
    after(&state, &p, id, f, done).await
}

pub async fn close_round(
    State(state): State<AppState>,
    p: Principal,
    Path((id, round_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let done = service::close_round(&state, &p, id, round_id).await.map(|r| format!("{}评分已结束", r.name));
    after(&state, &p, id, ShowForm::default(), done).await
}

/// `张三 一等奖 500` per line: the entrant by name, the prize, yuan per person.
fn prize_lines(v: &ContestView, text: &str) -> AppResult<Vec<PrizeInput>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        let parts: Vec<&str> = line.split([' ', ',', '，', '\t', '　']).filter(|s| !s.is_empty()).collect();
        let [who, title, amount, rest @ ..] = parts.as_slice() else {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "prizes",
                format!("第{}行“{line}”不正确，请按“参赛者 奖项 每人奖金”填写，如“张三 一等奖 500”", n + 1),
            ));
        };
        let e = v.entrants.iter().find(|e| e.entrant.name == *who).ok_or_else(|| {
            AppError::field(ErrorCode::NotFound, "prizes", format!("第{}行：没有名为“{who}”的参赛者", n + 1))
        })?;
        let amount_fen = parse_yuan("prizes", "奖金", amount, false)?;
        let form = rest.first().map_or("cash", |f| f).to_owned();
        out.push(PrizeInput { entrant_id: e.entrant.id, title: (*title).into(), amount_fen, form });
    }
    Ok(out)
}

pub async fn set_prizes(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<ShowForm>,
) -> PageResult {
    let done = async {
        let v = service::view(&state, &p, id).await?;
        let input = prize_lines(&v, &f.prizes)?;
        let (rows, _) = service::set_prizes(&state, &p, id, &input).await?;
        Ok(format!("已设奖项{}项，符合经费支出规定", rows.len()))
    }
    .await
    // The form has one prizes field: the API's `prizes[i].amount` goes there.
    .map_err(|mut e: AppError| {
        if e.0.field.as_deref().is_some_and(|f| f.starts_with("prizes")) {
            e.0.field = Some("prizes".into());
        }
        e
    });
    after(&state, &p, id, f, done).await
}

pub async fn publish(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let done = service::publish(&state, &p, id).await.map(|_| "竞赛结果已在公开栏公布".to_owned());
    after(&state, &p, id, ShowForm::default(), done).await
}

#[derive(Template)]
#[template(path = "activity/contest_score.html")]
struct ScorePage {
    layout: Layout,
    v: ContestView,
    round: Round,
    /// My sheets (all sheets once the round is closed).
    sheets: Vec<Sheet>,
    /// Entrants I have not scored yet.
    todo: Vec<(Uuid, String)>,
    form: BTreeMap<String, String>,
    errors: FormErrors,
}

impl ScorePage {
    fn typed(&self, key: &str) -> String {
        self.form.get(&format!("s.{key}")).cloned().unwrap_or_default()
    }

    fn chosen(&self, entrant: &Uuid) -> bool {
        self.form.get("entrant_id").is_some_and(|e| *e == entrant.to_string())
    }

    fn field(&self, c: &Criterion) -> String {
        format!("scores.{}", c.key)
    }

    fn sheet_line(&self, s: &Sheet) -> String {
        let d = service::domain_sheet(s);
        let parts: Vec<String> = self
            .v
            .criteria
            .iter()
            .map(|c| {
                format!("{} {}", c.name, d.scores.get(&c.key).map_or(String::new(), |h| service::score(*h)))
            })
            .collect();
        format!(
            "{}：{}；总分{}",
            self.v.entrant_name(s.entrant_id),
            parts.join("，"),
            domain::activity::sheet_total(&self.v.criteria, &d).text()
        )
    }
}

async fn score_view(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    round_id: Uuid,
    form: BTreeMap<String, String>,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let (v, round, all) = service::sheets(state, p, id, round_id).await?;
    let (layout, _) = layout(state, p, v.contest.union_id, &format!("{}评分", round.name)).await?;
    let layout = layout.crumb(v.contest.title.clone(), format!("/contests/{id}"));
    let sheets: Vec<Sheet> = all.into_iter().filter(|s| round.closed() || s.judge_id == p.user_id).collect();
    let todo = v
        .entrants
        .iter()
        .filter(|e| !sheets.iter().any(|s| s.entrant_id == e.entrant.id && s.judge_id == p.user_id))
        .map(|e| (e.entrant.id, e.entrant.name.clone()))
        .collect();
    Ok(render_status(status, &ScorePage { layout, v, round, sheets, todo, form, errors }))
}

pub async fn score_page(
    State(state): State<AppState>,
    p: Principal,
    Path((id, round_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    score_view(&state, &p, id, round_id, BTreeMap::new(), FormErrors::default(), StatusCode::OK).await
}

pub async fn score(
    State(state): State<AppState>,
    p: Principal,
    Path((id, round_id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<BTreeMap<String, String>>,
) -> PageResult {
    let done = async {
        let entrant = f
            .get("entrant_id")
            .and_then(|e| Uuid::parse_str(e.trim()).ok())
            .ok_or_else(|| AppError::field(ErrorCode::Required, "entrant_id", "请选择参赛者"))?;
        let scores: Vec<(String, String)> =
            f.iter().filter_map(|(k, v)| k.strip_prefix("s.").map(|k| (k.to_owned(), v.clone()))).collect();
        service::submit_sheet(&state, &p, id, round_id, entrant, &scores).await
    }
    .await;
    match done {
        Ok(s) => {
            let v = service::view(&state, &p, id).await?;
            let msg = format!("已提交{}的评分", v.entrant_name(s.entrant_id));
            Ok(redirect_with_flash(&state, &p, &format!("/contests/{id}/rounds/{round_id}/score"), &msg)
                .await)
        }
        Err(e) => {
            let status = e.status();
            score_view(&state, &p, id, round_id, f, FormErrors::from_error(&e), status).await
        }
    }
}

#[derive(Template)]
#[template(path = "activity/contest_sheet_print.html")]
struct BlankSheet {
    layout: Layout,
    v: ContestView,
    round: Round,
}

/// The blank score sheet of a round, for a judge scoring on paper.
pub async fn blank_sheet(
    State(state): State<AppState>,
    p: Principal,
    Path((id, round_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let v = service::view(&state, &p, id).await?;
    let round = v.round(round_id).cloned().ok_or_else(AppError::not_found)?;
    let (layout, _) = layout(&state, &p, v.contest.union_id, "评分表").await?;
    Ok(render(&BlankSheet { layout, v, round }))
}

#[derive(Template)]
#[template(path = "activity/contest_results_print.html")]
struct ResultList {
    layout: Layout,
    r: Results,
    today: String,
}

impl ResultList {
    fn people(&self, e: &service::EntrantView) -> String {
        e.members.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join("、")
    }

    fn prize_of(&self, entrant: &Uuid) -> String {
        self.r
            .winners
            .iter()
            .find(|(p, _)| p.entrant_id == *entrant)
            .map(|(p, _)| p.title.clone())
            .unwrap_or_default()
    }
}

/// The printable result list (成绩及获奖名单).
pub async fn result_list(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let r = service::results(&state, &p, id).await?;
    let (layout, _) = layout(&state, &p, r.view.contest.union_id, "竞赛结果").await?;
    let today = fmt_date(domain::time::today(store::now()));
    Ok(render(&ResultList { layout, r, today }))
}

/// The ranking and winners as .xlsx.
pub async fn export(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let r = service::results(&state, &p, id).await?;
    let rows = service::export_rows(&r);
    let bytes =
        tokio::task::spawn_blocking(move || sheet::write_xlsx("竞赛结果", &service::EXPORT_HEADERS, &rows))
            .await
            .map_err(|_| AppError::code(ErrorCode::Internal))?
            .map_err(|e| AppError::field(ErrorCode::Internal, "file", e.message()))?;
    let name = format!("{}结果.xlsx", r.view.contest.title);
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"contest.xlsx\"; filename*=UTF-8''{encoded}"),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
