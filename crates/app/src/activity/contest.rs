//! Contests: rules and rounds, entrants and judges, score sheets, the
//! ranking, prizes and publication.
//!
//! Judges are user accounts of the union (an officer, or a member with a
//! login): a sheet is entered by whoever is signed in, so the account is
//! the judge and nothing has to map accounts to roster rows. Entrants are
//! members of the union's roster, alone or in a named team. Every round
//! scores by the contest's criteria and ranks all its entrants.
//!
//! Who sees what: a judge sees only their own sheets (and no ranking) until
//! the round closes, so that nobody scores with an eye on another's marks;
//! an organiser who is not a judge follows the sheets as they come in;
//! everyone else who may view the contest sees sheets and ranking once the
//! round is closed.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use domain::activity::{
    self as rules, ContestKind, Criterion, PrizeAward, Ranked, ScoreSheet, ScoringRules, SheetFault,
    parse_score, score_text,
};
use domain::auth::Perm;
use domain::finance::policy::{Form, Verdict};
use domain::{ErrorCode, UnionId};
use store::Tx;
use store::activity::contest::{Contest, Entrant, Judge, Prize, Round, Sheet, TeamMember};
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// Entrants per contest, judges per contest, people per team: bounds far
/// above any real contest that keep a page and a ranking small.
pub const MAX_ENTRANTS: usize = 2_000;
pub const MAX_JUDGES: usize = 50;
pub const MAX_TEAM: usize = 50;

/// A criterion as typed: the scores are text (`100`, `95.5`).
#[derive(Debug, Clone, Default)]
pub struct CriterionInput {
    pub key: Option<String>,
    pub name: String,
    pub weight: u32,
    pub min: String,
    pub max: String,
}

#[derive(Debug, Clone, Default)]
pub struct ContestInput {
    pub kind: String,
    pub title: String,
    pub rules: String,
    pub starts_on: String,
    pub ends_on: String,
    pub criteria: Vec<CriterionInput>,
    pub trimmed_mean: bool,
}

fn date(field: &str, label: &str, s: &str) -> AppResult<NaiveDate> {
    if s.trim().is_empty() {
        return Err(AppError::field(ErrorCode::Required, field, format!("请填写{label}")));
    }
    domain::time::parse_date(s.trim()).ok_or_else(|| {
        AppError::field(ErrorCode::InvalidDate, field, format!("{label}不正确，请按2026-11-21的格式填写"))
    })
}

/// Parses the criteria: scores into hundredths (naming `criteria[i].min` /
/// `.max`), keys `c1`, `c2` … where none was given, then the domain checks.
pub fn parse_criteria(input: &[CriterionInput]) -> AppResult<Vec<Criterion>> {
    let mut out = Vec::with_capacity(input.len());
    for (i, c) in input.iter().enumerate() {
        let min =
            if c.min.trim().is_empty() { 0 } else { parse_score(&format!("criteria[{i}].min"), &c.min)? };
        let max = parse_score(&format!("criteria[{i}].max"), &c.max)?;
        let key = c
            .key
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map_or(format!("c{}", i + 1), str::to_owned);
        out.push(Criterion { key, name: c.name.trim().to_owned(), weight: c.weight, min, max });
    }
    rules::validate_criteria(&out)?;
    Ok(out)
}

pub fn criteria_of(c: &Contest) -> Vec<Criterion> {
    serde_json::from_str(&c.criteria).unwrap_or_default()
}

pub fn kind_label(s: &str) -> &'static str {
    ContestKind::parse(s).map_or("竞赛", ContestKind::label)
}

/// Creates a contest and registers it in the directory, so that
/// `/contests/{id}` finds its union.
pub async fn create(state: &AppState, p: &Principal, union_id: Uuid, i: &ContestInput) -> AppResult<Contest> {
    let kind = ContestKind::parse(&i.kind).ok_or_else(|| {
        let all: Vec<String> =
            ContestKind::ALL.iter().map(|k| format!("{}（{}）", k.as_str(), k.label())).collect();
        AppError::field(ErrorCode::InvalidValue, "kind", format!("竞赛类别不正确，可选：{}", all.join("、")))
    })?;
    let title = domain::text::required_line("title", "竞赛名称", &i.title, 100)?;
    let rules_text = domain::text::multiline("rules", "竞赛规则", &i.rules, 20_000)?.unwrap_or_default();
    let starts_on = date("starts_on", "开始日期", &i.starts_on)?;
    let ends_on = date("ends_on", "结束日期", &i.ends_on)?;
    if ends_on < starts_on {
        return Err(AppError::field(ErrorCode::InvalidValue, "ends_on", "结束日期不能早于开始日期"));
    }
    let criteria = parse_criteria(&i.criteria)?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let c = Contest {
        union_id,
        id: Uuid::now_v7(),
        kind: kind.as_str().into(),
        title,
        rules: rules_text,
        starts_on,
        ends_on,
        criteria: serde_json::to_string(&criteria).map_err(|_| AppError::code(ErrorCode::Internal))?,
        trimmed_mean: i.trimmed_mean,
        published_at: None,
        created_by: p.display_name.clone(),
        created_at: store::now(),
    };
    store::activity::contest::insert(&mut tx, UnionId(union_id), &c).await?;
    store::directory::register(&mut tx, UnionId(union_id), store::directory::CONTEST, c.id).await?;
    record(
        &mut tx,
        p.actor(),
        "contest.create",
        format!("contest:{}", c.id),
        Some((union_id, &union.path)),
        format!("发起{}“{}”", kind.label(), c.title),
    )
    .await?;
    tx.commit().await?;
    Ok(c)
}

pub async fn list(state: &AppState, union_id: Uuid) -> AppResult<Vec<Contest>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::activity::contest::list(&mut tx, UnionId(union_id)).await?)
}

/// The contest by id (the guard let the caller in for its union) and the
/// union's path.
async fn load(tx: &mut Tx, id: Uuid) -> AppResult<(Contest, String)> {
    let union =
        store::directory::owner(tx, store::directory::CONTEST, id).await?.ok_or_else(AppError::not_found)?;
    let c = store::activity::contest::get(tx, union, id).await?.ok_or_else(AppError::not_found)?;
    let path = load_union(tx, union.0).await?.path;
    Ok((c, path))
}

async fn load_round(tx: &mut Tx, c: &Contest, round_id: Uuid, share: bool) -> AppResult<Round> {
    store::activity::contest::round(tx, UnionId(c.union_id), c.id, round_id, share)
        .await?
        .ok_or_else(AppError::not_found)
}

/// An entrant with the people behind it (one for an individual).
#[derive(Debug, Clone)]
pub struct EntrantView {
    pub entrant: Entrant,
    pub members: Vec<(Uuid, String)>,
}

impl EntrantView {
    pub fn team(&self) -> bool {
        self.entrant.member_id.is_none()
    }
}

fn entrant_views(entrants: Vec<Entrant>, team: Vec<TeamMember>) -> Vec<EntrantView> {
    let mut by: HashMap<Uuid, Vec<(Uuid, String)>> = HashMap::new();
    for t in team {
        by.entry(t.entrant_id).or_default().push((t.member_id, t.name));
    }
    entrants
        .into_iter()
        .map(|e| {
            let members = match e.member_id {
                Some(m) => vec![(m, e.name.clone())],
                None => by.remove(&e.id).unwrap_or_default(),
            };
            EntrantView { entrant: e, members }
        })
        .collect()
}

/// Everything a contest page shows, and what the caller is to it.
#[derive(Debug, Clone)]
pub struct ContestView {
    pub contest: Contest,
    pub union_path: String,
    pub criteria: Vec<Criterion>,
    pub rounds: Vec<Round>,
    pub entrants: Vec<EntrantView>,
    pub judges: Vec<Judge>,
    pub prizes: Vec<Prize>,
    pub is_judge: bool,
    pub can_manage: bool,
}

impl ContestView {
    /// People taking part: individuals and every member of a team.
    pub fn people(&self) -> usize {
        self.entrants.iter().map(|e| e.members.len()).sum()
    }

    pub fn entrant(&self, id: Uuid) -> Option<&EntrantView> {
        self.entrants.iter().find(|e| e.entrant.id == id)
    }

    pub fn entrant_name(&self, id: Uuid) -> String {
        self.entrant(id).map(|e| e.entrant.name.clone()).unwrap_or_default()
    }

    pub fn judge_name(&self, id: Uuid) -> String {
        self.judges.iter().find(|j| j.user_id == id).map(|j| j.name.clone()).unwrap_or_default()
    }

    pub fn round(&self, id: Uuid) -> Option<&Round> {
        self.rounds.iter().find(|r| r.id == id)
    }

    /// Whether the caller sees every sheet (and the ranking) of a round:
    /// once it is closed; before, only an organiser who is not a judge.
    pub fn sees_all(&self, r: &Round) -> bool {
        r.closed() || (self.can_manage && !self.is_judge)
    }

    pub fn rules(&self) -> ScoringRules {
        ScoringRules { trimmed_mean: self.contest.trimmed_mean }
    }
}

async fn view_in(tx: &mut Tx, p: &Principal, id: Uuid) -> AppResult<ContestView> {
    let (contest, union_path) = load(tx, id).await?;
    let u = UnionId(contest.union_id);
    let rounds = store::activity::contest::rounds(tx, u, id).await?;
    let entrants = store::activity::contest::entrants(tx, u, id).await?;
    let team = store::activity::contest::team_members(tx, u, id).await?;
    let judges = store::activity::contest::judges(tx, u, id).await?;
    let prizes = store::activity::contest::prizes(tx, u, id).await?;
    Ok(ContestView {
        criteria: criteria_of(&contest),
        is_judge: judges.iter().any(|j| j.user_id == p.user_id),
        can_manage: p.can(Perm::ActivityManage, Some(&union_path)),
        contest,
        union_path,
        rounds,
        entrants: entrant_views(entrants, team),
        judges,
        prizes,
    })
}

pub async fn view(state: &AppState, p: &Principal, id: Uuid) -> AppResult<ContestView> {
    let mut tx = state.db.read().await?;
    view_in(&mut tx, p, id).await
}

/// An entrant to add: a member of the roster, or a team with its name and
/// members.
#[derive(Debug, Clone, Default)]
pub struct EntrantInput {
    pub member_id: Option<Uuid>,
    pub team_name: Option<String>,
    pub member_ids: Vec<Uuid>,
}

pub async fn add_entrant(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    i: &EntrantInput,
) -> AppResult<EntrantView> {
    let mut tx = state.db.write().await?;
    let (c, path) = load(&mut tx, id).await?;
    let u = UnionId(c.union_id);
    if c.published_at.is_some() {
        return Err(AppError::field(ErrorCode::Conflict, "contest", "竞赛结果已公布，不能再增加参赛者"));
    }
    if store::activity::contest::entrants(&mut tx, u, id).await?.len() >= MAX_ENTRANTS {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "member_id",
            format!("参赛者最多{MAX_ENTRANTS}个"),
        ));
    }
    let team_name = i.team_name.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let (member_id, name, team) = match (i.member_id, team_name) {
        (Some(m), None) => {
            // Another union's member answers as one that does not exist.
            let found = store::activity::contest::member_names(&mut tx, u, &[m]).await?;
            let (_, name) = found
                .into_iter()
                .next()
                .ok_or_else(|| AppError::field(ErrorCode::NotFound, "member_id", "所选会员不存在"))?;
            (Some(m), name, Vec::new())
        }
        (None, Some(t)) => {
            let name = domain::text::required_line("team_name", "队名", t, 60)?;
            let mut ids = i.member_ids.clone();
            ids.sort();
            ids.dedup();
            if ids.is_empty() {
                return Err(AppError::field(ErrorCode::Required, "member_ids", "请选择队员"));
            }
            if ids.len() > MAX_TEAM {
                return Err(AppError::field(
                    ErrorCode::InvalidValue,
                    "member_ids",
                    format!("每队最多{MAX_TEAM}人"),
                ));
            }
            let found = store::activity::contest::member_names(&mut tx, u, &ids).await?;
            if found.len() != ids.len() {
                return Err(AppError::field(ErrorCode::NotFound, "member_ids", "所选队员中有人不是本会会员"));
            }
            (None, name, found)
        }
        (Some(_), Some(_)) => {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "team_name",
                "个人参赛填写会员，团体参赛填写队名和队员，二者选一",
            ));
        }
        (None, None) => {
            return Err(AppError::field(
                ErrorCode::Required,
                "member_id",
                "请选择参赛会员，或填写队名和队员",
            ));
        }
    };
    let e = Entrant {
        union_id: c.union_id,
        contest_id: id,
        id: Uuid::now_v7(),
        member_id,
        name,
        created_at: store::now(),
    };
    if !store::activity::contest::insert_entrant(&mut tx, u, &e, &team).await? {
        return Err(AppError::field(ErrorCode::Conflict, "member_id", format!("{}已报名参赛", e.name)));
    }
    record(
        &mut tx,
        p.actor(),
        "contest.entrant",
        format!("contest:{id}"),
        Some((c.union_id, &path)),
        format!("“{}”增加参赛者{}", c.title, e.name),
    )
    .await?;
    tx.commit().await?;
    let members = if team.is_empty() { vec![(member_id.unwrap_or_default(), e.name.clone())] } else { team };
    Ok(EntrantView { entrant: e, members })
}

/// Adds a judge: a user account of the contest's union.
pub async fn add_judge(state: &AppState, p: &Principal, id: Uuid, user_id: Uuid) -> AppResult<Judge> {
    let mut tx = state.db.write().await?;
    let (c, path) = load(&mut tx, id).await?;
    let u = UnionId(c.union_id);
    let missing = || AppError::field(ErrorCode::NotFound, "user_id", "所选账号不存在");
    if store::auth::accounts_in_union(&mut tx, u, &path, &[user_id]).await?.is_empty() {
        return Err(missing());
    }
    let user = store::auth::user_by_id(&mut tx, user_id).await?.ok_or_else(missing)?;
    if store::activity::contest::judges(&mut tx, u, id).await?.len() >= MAX_JUDGES {
        return Err(AppError::field(ErrorCode::InvalidValue, "user_id", format!("评委最多{MAX_JUDGES}名")));
    }
    if !store::activity::contest::insert_judge(&mut tx, u, id, user_id, &user.display_name).await? {
        return Err(AppError::field(
            ErrorCode::Conflict,
            "user_id",
            format!("{}已是本竞赛的评委", user.display_name),
        ));
    }
    record(
        &mut tx,
        p.actor(),
        "contest.judge",
        format!("contest:{id}"),
        Some((c.union_id, &path)),
        format!("“{}”增加评委{}", c.title, user.display_name),
    )
    .await?;
    tx.commit().await?;
    Ok(Judge { user_id, name: user.display_name, added_at: store::now() })
}

pub async fn add_round(state: &AppState, p: &Principal, id: Uuid, name: &str) -> AppResult<Round> {
    let name = domain::text::required_line("name", "赛程名称", name, 40)?;
    let mut tx = state.db.write().await?;
    let (c, path) = load(&mut tx, id).await?;
    if c.published_at.is_some() {
        return Err(AppError::field(ErrorCode::Conflict, "name", "竞赛结果已公布，不能再增加赛程"));
    }
    let r = store::activity::contest::insert_round(&mut tx, UnionId(c.union_id), id, &name).await?;
    record(
        &mut tx,
        p.actor(),
        "contest.round",
        format!("contest:{id}"),
        Some((c.union_id, &path)),
        format!("“{}”增加赛程“{}”", c.title, r.name),
    )
    .await?;
    tx.commit().await?;
    Ok(r)
}

/// Closes a round: no more sheets; everyone who may see the contest now
/// sees all its sheets and the ranking.
pub async fn close_round(state: &AppState, p: &Principal, id: Uuid, round_id: Uuid) -> AppResult<Round> {
    let mut tx = state.db.write().await?;
    let (c, path) = load(&mut tx, id).await?;
    let mut r = load_round(&mut tx, &c, round_id, false).await?;
    let now = store::now();
    if store::activity::contest::close_round(&mut tx, UnionId(c.union_id), round_id, now).await? == 0 {
        return Err(rules::Refusal::RoundClosed.into_app());
    }
    record(
        &mut tx,
        p.actor(),
        "contest.close_round",
        format!("contest:{id}"),
        Some((c.union_id, &path)),
        format!("“{}”{}评分结束", c.title, r.name),
    )
    .await?;
    tx.commit().await?;
    r.status = "closed".into();
    r.closed_at = Some(now);
    Ok(r)
}

trait IntoApp {
    fn into_app(self) -> AppError;
}

impl IntoApp for rules::Refusal {
    fn into_app(self) -> AppError {
        AppError(self.into())
    }
}

/// A judge's sheet: the criterion scores as typed, by criterion key.
pub async fn submit_sheet(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    round_id: Uuid,
    entrant_id: Uuid,
    typed: &[(String, String)],
) -> AppResult<Sheet> {
    let mut tx = state.db.write().await?;
    let (c, path) = load(&mut tx, id).await?;
    let u = UnionId(c.union_id);
    let round = load_round(&mut tx, &c, round_id, true).await?;
    let criteria = criteria_of(&c);
    let judges: Vec<Uuid> =
        store::activity::contest::judges(&mut tx, u, id).await?.iter().map(|j| j.user_id).collect();
    // Who may score comes first: a non-judge learns nothing about entrants.
    if round.closed() {
        return Err(rules::Refusal::RoundClosed.into_app());
    }
    if !judges.contains(&p.user_id) {
        return Err(rules::Refusal::NotAJudge.into_app());
    }
    let mut scores = BTreeMap::new();
    for (key, text) in typed {
        let field = format!("scores.{key}");
        scores.insert(key.clone(), parse_score(&field, text)?);
    }
    let entrants: Vec<Uuid> =
        store::activity::contest::entrants(&mut tx, u, id).await?.iter().map(|e| e.id).collect();
    let scored: Vec<(Uuid, Uuid)> = store::activity::contest::sheets(&mut tx, u, round_id)
        .await?
        .iter()
        .map(|s| (s.judge_id, s.entrant_id))
        .collect();
    let sheet = ScoreSheet { judge_id: p.user_id, entrant_id, scores };
    match rules::validate_sheet(&criteria, &judges, &entrants, &scored, round.closed(), &sheet) {
        Ok(()) => {}
        Err(SheetFault::Refused(r)) => return Err(r.into_app()),
        Err(SheetFault::Invalid(errors)) => {
            return Err(errors
                .into_iter()
                .next()
                .map_or_else(|| AppError::code(ErrorCode::InvalidValue), AppError));
        }
    }
    let row = Sheet {
        round_id,
        judge_id: p.user_id,
        entrant_id,
        scores: serde_json::to_string(&sheet.scores).map_err(|_| AppError::code(ErrorCode::Internal))?,
        submitted_at: store::now(),
    };
    // Two submissions of one sheet at once: the key keeps the first.
    if !store::activity::contest::insert_sheet(&mut tx, u, id, &row).await? {
        return Err(rules::Refusal::AlreadyScored.into_app());
    }
    // Scores are not in the audit text: the log is readable by auditors
    // while the round is open.
    record(
        &mut tx,
        p.actor(),
        "contest.sheet",
        format!("contest:{id}"),
        Some((c.union_id, &path)),
        format!("“{}”{}提交评分表", c.title, round.name),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

pub fn domain_sheet(s: &Sheet) -> ScoreSheet {
    ScoreSheet {
        judge_id: s.judge_id,
        entrant_id: s.entrant_id,
        scores: serde_json::from_str(&s.scores).unwrap_or_default(),
    }
}

/// A round's sheets as the caller may see them, with the contest.
pub async fn sheets(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    round_id: Uuid,
) -> AppResult<(ContestView, Round, Vec<Sheet>)> {
    let mut tx = state.db.read().await?;
    let v = view_in(&mut tx, p, id).await?;
    let round = v.round(round_id).cloned().ok_or_else(AppError::not_found)?;
    let all = store::activity::contest::sheets(&mut tx, UnionId(v.contest.union_id), round_id).await?;
    drop(tx);
    let mine: Vec<Sheet> = if v.sees_all(&round) {
        all
    } else {
        all.into_iter().filter(|s| rules::sheet_visible(p.user_id, s.judge_id, round.closed())).collect()
    };
    Ok((v, round, mine))
}

/// One line of a round's ranking.
#[derive(Debug, Clone)]
pub struct RankLine {
    pub rank: u32,
    pub entrant: EntrantView,
    pub score: String,
    pub tied_with: Vec<String>,
    pub sheets: usize,
}

#[derive(Debug, Clone)]
pub struct Ranking {
    pub round: Round,
    pub lines: Vec<RankLine>,
    /// Entrants no judge has scored yet.
    pub unscored: Vec<String>,
}

fn ranking_of(v: &ContestView, round: &Round, sheets: &[Sheet]) -> Ranking {
    let domain_sheets: Vec<ScoreSheet> = sheets.iter().map(domain_sheet).collect();
    let ranked: Vec<Ranked> = rules::rank(&v.criteria, v.rules(), &domain_sheets);
    let lines = ranked
        .iter()
        .filter_map(|r| {
            let entrant = v.entrant(r.entrant_id)?.clone();
            Some(RankLine {
                rank: r.rank,
                entrant,
                score: r.score.text(),
                tied_with: r.tied_with.iter().map(|t| v.entrant_name(*t)).collect(),
                sheets: domain_sheets.iter().filter(|s| s.entrant_id == r.entrant_id).count(),
            })
        })
        .collect();
    let ids: Vec<Uuid> = v.entrants.iter().map(|e| e.entrant.id).collect();
    let unscored = rules::unscored(&ids, &domain_sheets).into_iter().map(|e| v.entrant_name(e)).collect();
    Ranking { round: round.clone(), lines, unscored }
}

/// The ranking of a round (by default the last one), for those who may see
/// it now (see [`ContestView::sees_all`]).
pub async fn ranking(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    round_id: Option<Uuid>,
) -> AppResult<(ContestView, Ranking)> {
    let mut tx = state.db.read().await?;
    let v = view_in(&mut tx, p, id).await?;
    let round = match round_id {
        Some(r) => v.round(r).cloned().ok_or_else(AppError::not_found)?,
        None => v
            .rounds
            .last()
            .cloned()
            .ok_or_else(|| AppError::field(ErrorCode::Conflict, "round_id", "本竞赛还没有赛程"))?,
    };
    if !v.sees_all(&round) {
        return Err(AppError::field(ErrorCode::Conflict, "round_id", "本轮评分尚未结束，结束后才能查看排名"));
    }
    let sheets = store::activity::contest::sheets(&mut tx, UnionId(v.contest.union_id), round.id).await?;
    drop(tx);
    let r = ranking_of(&v, &round, &sheets);
    Ok((v, r))
}

#[derive(Debug, Clone)]
pub struct PrizeInput {
    pub entrant_id: Uuid,
    pub title: String,
    pub amount_fen: i64,
    pub form: String,
}

/// Sets the contest's prizes (replacing earlier ones) once they pass the
/// spending policy: the cap per person, and winners (people) at most a
/// third of the people taking part. Refused as a whole, naming the rule.
pub async fn set_prizes(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    input: &[PrizeInput],
) -> AppResult<(Vec<Prize>, Vec<Verdict>)> {
    let mut tx = state.db.write().await?;
    let v = view_in(&mut tx, p, id).await?;
    let c = &v.contest;
    if c.published_at.is_some() {
        return Err(AppError::field(ErrorCode::Conflict, "prizes", "竞赛结果已公布，奖项不能再改"));
    }
    if input.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "prizes", "请至少设一个奖项"));
    }
    let mut awards = Vec::new();
    let mut rows = Vec::new();
    let now = store::now();
    for (i, x) in input.iter().enumerate() {
        let e = v.entrant(x.entrant_id).ok_or_else(|| {
            AppError::field(ErrorCode::NotFound, &format!("prizes[{i}].entrant_id"), "参赛者不存在")
        })?;
        if rows.iter().any(|r: &Prize| r.entrant_id == x.entrant_id) {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                &format!("prizes[{i}].entrant_id"),
                format!("{}已设奖项，每个参赛者一项", e.entrant.name),
            ));
        }
        let title = domain::text::required_line(&format!("prizes[{i}].title"), "奖项名称", &x.title, 40)?;
        if x.amount_fen < 0 {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                &format!("prizes[{i}].amount"),
                "奖金不能为负数",
            ));
        }
        let form = Form::parse(&x.form).ok_or_else(|| {
            AppError::field(ErrorCode::InvalidValue, &format!("prizes[{i}].form"), "发放形式不正确")
        })?;
        // The amount is per person: each member of a team receives it.
        for (m, _) in &e.members {
            awards
                .push((i, PrizeAward { member_id: *m, amount_fen: x.amount_fen, form, already: Vec::new() }));
        }
        rows.push(Prize {
            entrant_id: x.entrant_id,
            title,
            amount_fen: x.amount_fen,
            form: form.as_str().into(),
            created_by: p.display_name.clone(),
            created_at: now,
        });
    }
    let policy = crate::finance::welfare::policy_in(&mut tx, c.union_id).await?;
    let people = u32::try_from(v.people()).unwrap_or(u32::MAX);
    let list: Vec<PrizeAward> = awards.iter().map(|(_, a)| a.clone()).collect();
    let review = rules::check_prizes(&policy, &list, people, domain::time::today(now));
    if let Some(e) = review.errors.first() {
        // The domain names the person's award index; the API names the prize.
        let field = match e
            .field
            .as_deref()
            .and_then(|f| f.strip_prefix("prizes["))
            .and_then(|f| f.split(']').next())
        {
            Some(n) => n.parse::<usize>().ok().map(|n| format!("prizes[{}].amount", awards[n].0)),
            None => None,
        };
        let mut err = AppError(e.clone());
        if let Some(f) = field {
            err.0.field = Some(f);
        }
        return Err(err);
    }
    store::activity::contest::replace_prizes(&mut tx, UnionId(c.union_id), id, &rows).await?;
    record(
        &mut tx,
        p.actor(),
        "contest.prizes",
        format!("contest:{id}"),
        Some((c.union_id, &v.union_path)),
        format!("“{}”设奖{}项", c.title, rows.len()),
    )
    .await?;
    tx.commit().await?;
    Ok((rows, review.verdicts))
}

/// The result of a contest: the last round's ranking and the prizes.
#[derive(Debug, Clone)]
pub struct Results {
    pub view: ContestView,
    pub ranking: Option<Ranking>,
    /// (prize, entrant) in the order of the ranking.
    pub winners: Vec<(Prize, EntrantView)>,
}

async fn results_in(tx: &mut Tx, p: &Principal, id: Uuid) -> AppResult<Results> {
    let v = view_in(tx, p, id).await?;
    let ranking = match v.rounds.last() {
        Some(r) if v.sees_all(r) => {
            let sheets = store::activity::contest::sheets(tx, UnionId(v.contest.union_id), r.id).await?;
            Some(ranking_of(&v, r, &sheets))
        }
        _ => None,
    };
    let place = |e: Uuid| {
        ranking
            .as_ref()
            .and_then(|r| r.lines.iter().position(|l| l.entrant.entrant.id == e))
            .unwrap_or(usize::MAX)
    };
    let mut winners: Vec<(Prize, EntrantView)> =
        v.prizes.iter().filter_map(|pr| Some((pr.clone(), v.entrant(pr.entrant_id)?.clone()))).collect();
    winners.sort_by_key(|(pr, _)| (place(pr.entrant_id), -pr.amount_fen));
    Ok(Results { view: v, ranking, winners })
}

pub async fn results(state: &AppState, p: &Principal, id: Uuid) -> AppResult<Results> {
    let mut tx = state.db.read().await?;
    results_in(&mut tx, p, id).await
}

/// The text on the disclosure board (and the printed result list).
pub fn result_text(r: &Results) -> String {
    let c = &r.view.contest;
    let mut out = format!(
        "{}“{}”（{}至{}）结果如下。\n",
        kind_label(&c.kind),
        c.title,
        domain::time::fmt_date(c.starts_on),
        domain::time::fmt_date(c.ends_on)
    );
    if let Some(rk) = &r.ranking {
        out.push_str(&format!("\n{}排名：\n", rk.round.name));
        for l in &rk.lines {
            let tie = if l.tied_with.is_empty() { String::new() } else { "（并列）".into() };
            out.push_str(&format!("第{}名{tie}　{}　{}分\n", l.rank, l.entrant.entrant.name, l.score));
        }
    }
    if !r.winners.is_empty() {
        out.push_str("\n获奖名单：\n");
        for (pr, e) in &r.winners {
            let names: Vec<&str> = e.members.iter().map(|(_, n)| n.as_str()).collect();
            let who = if e.team() {
                format!("{}（{}）", e.entrant.name, names.join("、"))
            } else {
                e.entrant.name.clone()
            };
            out.push_str(&format!("{}　{}\n", pr.title, who));
        }
    }
    out
}

/// Publishes the result on the disclosure board: the last round must be
/// closed. Publishing again replaces the item (the board keeps the old one
/// as withdrawn).
pub async fn publish(state: &AppState, p: &Principal, id: Uuid) -> AppResult<store::disclosure::Item> {
    let mut tx = state.db.write().await?;
    let r = results_in(&mut tx, p, id).await?;
    let c = &r.view.contest;
    match r.view.rounds.last() {
        None => return Err(AppError::field(ErrorCode::Conflict, "rounds", "本竞赛还没有赛程，不能公布结果")),
        Some(last) if !last.closed() => {
            return Err(AppError::field(
                ErrorCode::Conflict,
                "rounds",
                format!("{}评分尚未结束，结束后才能公布结果", last.name),
            ));
        }
        Some(_) => {}
    }
    let now = store::now();
    let item = crate::disclosure::service::publish(
        &mut tx,
        p,
        c.union_id,
        crate::disclosure::service::NewItem {
            category: domain::disclosure::Category::Welfare,
            title: format!("“{}”竞赛结果", c.title),
            period: format!("{}年{}月", c.ends_on.year(), c.ends_on.month()),
            body: result_text(&r),
            source: Some(format!("contest:{}", c.id)),
        },
    )
    .await?;
    store::activity::contest::set_published(&mut tx, UnionId(c.union_id), id, now).await?;
    record(
        &mut tx,
        p.actor(),
        "contest.publish",
        format!("contest:{id}"),
        Some((c.union_id, &r.view.union_path)),
        format!("公布“{}”竞赛结果", c.title),
    )
    .await?;
    tx.commit().await?;
    Ok(item)
}

/// The ranking and winners as spreadsheet rows (one sheet): rank, entrant,
/// people, score, prize, amount per person.
pub fn export_rows(r: &Results) -> Vec<Vec<String>> {
    let prize_of = |e: Uuid| r.winners.iter().find(|(p, _)| p.entrant_id == e).map(|(p, _)| p);
    let people = |e: &EntrantView| e.members.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join("、");
    let mut rows = Vec::new();
    let mut listed = Vec::new();
    if let Some(rk) = &r.ranking {
        for l in &rk.lines {
            let pr = prize_of(l.entrant.entrant.id);
            listed.push(l.entrant.entrant.id);
            rows.push(vec![
                format!("{}{}", l.rank, if l.tied_with.is_empty() { "" } else { "（并列）" }),
                l.entrant.entrant.name.clone(),
                people(&l.entrant),
                l.score.clone(),
                pr.map(|p| p.title.clone()).unwrap_or_default(),
                pr.map(|p| domain::finance::money::fmt_yuan(p.amount_fen)).unwrap_or_default(),
            ]);
        }
    }
    for (pr, e) in r.winners.iter().filter(|(p, _)| !listed.contains(&p.entrant_id)) {
        rows.push(vec![
            String::new(),
            e.entrant.name.clone(),
            people(e),
            String::new(),
            pr.title.clone(),
            domain::finance::money::fmt_yuan(pr.amount_fen),
        ]);
    }
    rows
}

pub const EXPORT_HEADERS: [&str; 6] = ["名次", "参赛者", "人员", "得分", "奖项", "每人奖金（元）"];

/// A score in hundredths as typed on a form (`95.5`).
pub fn score(h: i64) -> String {
    score_text(h)
}

/// Members of the contest's union by name, for the page that adds entrants
/// by typing names (`张三、李四`): each name must match one member in the
/// roster. Errors name `field`.
pub async fn members_by_names(state: &AppState, id: Uuid, field: &str, names: &str) -> AppResult<Vec<Uuid>> {
    let mut tx = state.db.read().await?;
    let (c, _) = load(&mut tx, id).await?;
    let mut out = Vec::new();
    for name in names.split(['、', ',', '，', ' ', '\n']).map(str::trim).filter(|n| !n.is_empty()) {
        let found = store::member::by_name(&mut tx, UnionId(c.union_id), name, 2).await?;
        match found.as_slice() {
            [(m, _)] => out.push(*m),
            [] => {
                return Err(AppError::field(
                    ErrorCode::NotFound,
                    field,
                    format!("本会没有名为“{name}”的会员"),
                ));
            }
            _ => {
                return Err(AppError::field(
                    ErrorCode::InvalidValue,
                    field,
                    format!("本会有多名会员叫“{name}”，请在API中按会员编号添加"),
                ));
            }
        }
    }
    Ok(out)
}
