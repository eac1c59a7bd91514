//! Competitions (劳动竞赛, 技能比武, 岗位练兵, 安康杯): criteria with weights
//! and score ranges, judges' sheets, the ranking and the prize checks.
//!
//! Scores are integers in hundredths of a point (`95.5` is 9550) and every
//! total is an exact fraction, so two entrants with equal marks tie exactly
//! and the trimmed mean never drifts outside the judges' range by rounding.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Refusal;
use crate::finance::policy::{self, Form, Given, Item, Policy, Verdict};
use crate::{DomainError, ErrorCode};

/// Criteria per contest round: enough for any score sheet a person fills in.
pub const MAX_CRITERIA: usize = 30;
/// The widest score range: 0..=1000 points, in hundredths.
pub const MAX_SCORE: i64 = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContestKind {
    /// 劳动竞赛.
    LabourCompetition,
    /// 技能比武.
    SkillContest,
    /// 岗位练兵.
    JobTraining,
    /// 安康杯.
    AnkangCup,
    Other,
}

impl ContestKind {
    pub const ALL: [ContestKind; 5] = [
        ContestKind::LabourCompetition,
        ContestKind::SkillContest,
        ContestKind::JobTraining,
        ContestKind::AnkangCup,
        ContestKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ContestKind::LabourCompetition => "labour_competition",
            ContestKind::SkillContest => "skill_contest",
            ContestKind::JobTraining => "job_training",
            ContestKind::AnkangCup => "ankang_cup",
            ContestKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ContestKind::LabourCompetition => "劳动竞赛",
            ContestKind::SkillContest => "技能比武",
            ContestKind::JobTraining => "岗位练兵",
            ContestKind::AnkangCup => "安康杯竞赛",
            ContestKind::Other => "其他竞赛",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|k| k.as_str() == s || k.label() == s)
    }
}

/// One scoring criterion of a round: `操作规范`, weight 40, 0 to 100 points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    /// Stable key of the criterion within the round (`c1`, `safety`).
    pub key: String,
    pub name: String,
    /// Relative weight, > 0; weights need not add up to 100.
    pub weight: u32,
    /// The lowest and highest score, in hundredths of a point.
    pub min: i64,
    pub max: i64,
}

/// How the judges' totals become an entrant's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ScoringRules {
    /// 去掉一个最高分和一个最低分: applied when at least 3 judges scored
    /// the entrant (with fewer, nothing would be left to average).
    #[serde(default)]
    pub trimmed_mean: bool,
}

/// Parses a score as typed (`95`, `95.5`, `95.25`) into hundredths, for the
/// field `field`.
pub fn parse_score(field: &str, input: &str) -> Result<i64, DomainError> {
    let s = input.trim();
    let bad = || DomainError::field(ErrorCode::InvalidValue, field, format!("分数“{s}”不正确，最多两位小数"));
    if s.is_empty() {
        return Err(DomainError::field(ErrorCode::Required, field, "分数不能为空"));
    }
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let (neg, digits) = int.strip_prefix('-').map_or((false, int), |d| (true, d));
    if digits.is_empty() || digits.len() > 7 || frac.len() > 2 {
        return Err(bad());
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let whole: i64 = digits.parse().map_err(|_| bad())?;
    let cents: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let v = whole * 100 + cents;
    Ok(if neg { -v } else { v })
}

/// `95.5`: hundredths as a score text, trailing zeros dropped.
pub fn score_text(hundredths: i64) -> String {
    let sign = if hundredths < 0 { "-" } else { "" };
    let a = hundredths.unsigned_abs();
    match a % 100 {
        0 => format!("{sign}{}", a / 100),
        c if c % 10 == 0 => format!("{sign}{}.{}", a / 100, c / 10),
        c => format!("{sign}{}.{c:02}", a / 100),
    }
}

/// Checks a round's criteria (field `criteria`): at least one, unique keys,
/// names present, weights > 0, a range min < max within 0..=1000 points.
pub fn validate_criteria(criteria: &[Criterion]) -> Result<(), DomainError> {
    let err = |i: usize, what: &str, m: String| {
        DomainError::field(ErrorCode::InvalidValue, &format!("criteria[{i}].{what}"), m)
    };
    if criteria.is_empty() {
        return Err(DomainError::field(ErrorCode::Required, "criteria", "评分标准至少要有一项"));
    }
    if criteria.len() > MAX_CRITERIA {
        return Err(DomainError::field(
            ErrorCode::InvalidValue,
            "criteria",
            format!("评分标准最多{MAX_CRITERIA}项，现在是{}项", criteria.len()),
        ));
    }
    let mut keys = HashSet::new();
    for (i, c) in criteria.iter().enumerate() {
        if c.key.trim().is_empty() || !keys.insert(c.key.as_str()) {
            return Err(err(i, "key", format!("评分项代码“{}”为空或重复", c.key)));
        }
        crate::text::required_line(&format!("criteria[{i}].name"), "评分项名称", &c.name, 60)?;
        if c.weight == 0 {
            return Err(err(i, "weight", format!("评分项“{}”的权重须大于0", c.name)));
        }
        if c.min < 0 || c.max > MAX_SCORE || c.min >= c.max {
            return Err(err(
                i,
                "max",
                format!(
                    "评分项“{}”的分值范围不正确：须在0到{}分之间，且最高分大于最低分",
                    c.name,
                    score_text(MAX_SCORE)
                ),
            ));
        }
    }
    Ok(())
}

/// One judge's sheet for one entrant in one round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreSheet {
    pub judge_id: Uuid,
    pub entrant_id: Uuid,
    /// Criterion key → score in hundredths.
    pub scores: BTreeMap<String, i64>,
}

/// Why a sheet is not taken: the judge may not score it at all, or the
/// scores are wrong (each error names its field, `scores.<key>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetFault {
    Refused(Refusal),
    Invalid(Vec<DomainError>),
}

/// Checks a sheet before it is stored. `judges` are the round's judges,
/// `entrants` its entrants, `scored` the (judge, entrant) pairs already in.
pub fn validate_sheet(
    criteria: &[Criterion],
    judges: &[Uuid],
    entrants: &[Uuid],
    scored: &[(Uuid, Uuid)],
    round_closed: bool,
    sheet: &ScoreSheet,
) -> Result<(), SheetFault> {
    if round_closed {
        return Err(SheetFault::Refused(Refusal::RoundClosed));
    }
    if !judges.contains(&sheet.judge_id) {
        return Err(SheetFault::Refused(Refusal::NotAJudge));
    }
    if scored.contains(&(sheet.judge_id, sheet.entrant_id)) {
        return Err(SheetFault::Refused(Refusal::AlreadyScored));
    }
    let mut errors = Vec::new();
    if !entrants.contains(&sheet.entrant_id) {
        errors.push(DomainError::field(ErrorCode::InvalidValue, "entrant_id", "该人员不是本轮的参赛者"));
    }
    for c in criteria {
        let field = format!("scores.{}", c.key);
        match sheet.scores.get(&c.key) {
            None => errors.push(DomainError::field(
                ErrorCode::Required,
                &field,
                format!("请填写“{}”的分数", c.name),
            )),
            Some(&s) if s < c.min || s > c.max => errors.push(DomainError::field(
                ErrorCode::InvalidValue,
                &field,
                format!(
                    "“{}”的分数须在{}到{}分之间，现在是{}分",
                    c.name,
                    score_text(c.min),
                    score_text(c.max),
                    score_text(s)
                ),
            )),
            Some(_) => {}
        }
    }
    for key in sheet.scores.keys() {
        if !criteria.iter().any(|c| &c.key == key) {
            errors.push(DomainError::field(
                ErrorCode::UnknownField,
                &format!("scores.{key}"),
                "没有这个评分项",
            ));
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(SheetFault::Invalid(errors)) }
}

/// Whether `viewer` (a judge) may see `sheet_judge`'s sheet: their own
/// always, the others' only once the round is closed, so that no judge
/// scores with an eye on another's marks.
pub fn sheet_visible(viewer: Uuid, sheet_judge: Uuid, round_closed: bool) -> bool {
    round_closed || viewer == sheet_judge
}

/// An exact score: `num / den` in hundredths of a point, den > 0.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Score {
    pub num: i128,
    pub den: i128,
}

impl Score {
    /// Rounded half up to hundredths of a point.
    pub fn hundredths(self) -> i64 {
        let (q, r) = (self.num.div_euclid(self.den), self.num.rem_euclid(self.den));
        let q = if r * 2 >= self.den { q + 1 } else { q };
        i64::try_from(q).unwrap_or(i64::MAX)
    }

    /// `92.35`, rounded to two decimals.
    pub fn text(self) -> String {
        let h = self.hundredths();
        let sign = if h < 0 { "-" } else { "" };
        format!("{sign}{}.{:02}", h.unsigned_abs() / 100, h.unsigned_abs() % 100)
    }
}

impl PartialEq for Score {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}

impl Eq for Score {}

impl PartialOrd for Score {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Score {
    fn cmp(&self, o: &Self) -> Ordering {
        (self.num * o.den).cmp(&(o.num * self.den))
    }
}

/// One judge's weighted total for a sheet: Σ score × weight ÷ Σ weight.
pub fn sheet_total(criteria: &[Criterion], sheet: &ScoreSheet) -> Score {
    let den: i128 = criteria.iter().map(|c| i128::from(c.weight)).sum::<i128>().max(1);
    let num = criteria
        .iter()
        .map(|c| i128::from(sheet.scores.get(&c.key).copied().unwrap_or(0)) * i128::from(c.weight))
        .sum();
    Score { num, den }
}

/// An entrant's score from the judges' totals: their mean, or with
/// [`ScoringRules::trimmed_mean`] and ≥ 3 judges the mean without one
/// highest and one lowest. None when no judge scored.
pub fn entrant_score(criteria: &[Criterion], rules: ScoringRules, sheets: &[&ScoreSheet]) -> Option<Score> {
    if sheets.is_empty() {
        return None;
    }
    let totals: Vec<Score> = sheets.iter().map(|s| sheet_total(criteria, s)).collect();
    // All totals share the denominator Σ weight, so numerators add directly.
    let den = totals[0].den;
    let mut nums: Vec<i128> = totals.iter().map(|t| t.num).collect();
    nums.sort_unstable();
    let kept: &[i128] = if rules.trimmed_mean && nums.len() >= 3 { &nums[1..nums.len() - 1] } else { &nums };
    Some(Score { num: kept.iter().sum(), den: den * kept.len() as i128 })
}

/// One line of the ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ranked {
    pub entrant_id: Uuid,
    pub score: Score,
    /// Competition ranking: equal scores share a rank, the next rank skips
    /// (1, 2, 2, 4).
    pub rank: u32,
    /// The others with the same score, so the result list can say 并列.
    pub tied_with: Vec<Uuid>,
}

/// The round's ranking from all its sheets: best first; ties in the order
/// of entrant id, so the list is the same every time it is printed.
/// Entrants no judge scored are left out (see [`unscored`]).
pub fn rank(criteria: &[Criterion], rules: ScoringRules, sheets: &[ScoreSheet]) -> Vec<Ranked> {
    let mut by_entrant: BTreeMap<Uuid, Vec<&ScoreSheet>> = BTreeMap::new();
    for s in sheets {
        by_entrant.entry(s.entrant_id).or_default().push(s);
    }
    let mut scored: Vec<(Uuid, Score)> = by_entrant
        .into_iter()
        .filter_map(|(e, s)| entrant_score(criteria, rules, &s).map(|sc| (e, sc)))
        .collect();
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out: Vec<Ranked> = Vec::with_capacity(scored.len());
    for (i, (entrant_id, score)) in scored.iter().enumerate() {
        let rank = match out.last() {
            Some(prev) if prev.score == *score => prev.rank,
            _ => u32::try_from(i + 1).unwrap_or(u32::MAX),
        };
        let tied_with =
            scored.iter().filter(|(e, s)| s == score && e != entrant_id).map(|(e, _)| *e).collect();
        out.push(Ranked { entrant_id: *entrant_id, score: *score, rank, tied_with });
    }
    out
}

/// Entrants of the round without any sheet, for the officer's to-do.
pub fn unscored(entrants: &[Uuid], sheets: &[ScoreSheet]) -> Vec<Uuid> {
    entrants.iter().copied().filter(|e| !sheets.iter().any(|s| s.entrant_id == *e)).collect()
}

// ---------------------------------------------------------------------------
// Prizes

/// A prize to one person (a team's prize is split per person by the caller:
/// the caps are per person).
#[derive(Debug, Clone)]
pub struct PrizeAward {
    pub member_id: Uuid,
    pub amount_fen: i64,
    pub form: Form,
    /// Contest prizes this person already received this calendar year,
    /// for a policy with a yearly cap.
    pub already: Vec<Given>,
}

/// The verdict on each prize, and the errors to show (field-named).
#[derive(Debug, Clone)]
pub struct PrizeReview {
    pub verdicts: Vec<Verdict>,
    pub errors: Vec<DomainError>,
}

impl PrizeReview {
    pub fn allowed(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Checks a contest's prizes against the spending policy, through the
/// finance policy engine (its 竞赛奖品 caps, which are provincial data, and
/// its national rule of winners ≤ 1/3 of entrants), so the rule lives in one
/// place. Winners are the distinct people awarded; a person with two
/// prizes in the contest is checked with their sum, since the cap is per
/// person. `verdicts` holds one verdict per person, in the order they first
/// appear; an error names the first of that person's prizes.
pub fn check_prizes(p: &Policy, awards: &[PrizeAward], entrants: u32, date: NaiveDate) -> PrizeReview {
    // (first index, member, summed amount); a Vec keeps the input order.
    let mut people: Vec<(usize, Uuid, i64)> = Vec::new();
    for (i, a) in awards.iter().enumerate() {
        match people.iter_mut().find(|(_, m, _)| *m == a.member_id) {
            Some(entry) => entry.2 = entry.2.saturating_add(a.amount_fen),
            None => people.push((i, a.member_id, a.amount_fen)),
        }
    }
    let winners = u32::try_from(people.len()).unwrap_or(u32::MAX);
    let verdicts: Vec<(usize, Verdict)> = people
        .iter()
        .map(|&(i, _, amount_fen)| {
            let a = &awards[i];
            let req = policy::Request {
                item: Item::ContestPrize,
                amount_fen,
                form: a.form,
                date,
                holiday: None,
                surgery: false,
                winners: Some(winners),
                entrants: Some(entrants),
            };
            (i, policy::check(p, &req, &a.already))
        })
        .collect();
    let mut errors = Vec::new();
    if let Some((_, v)) = verdicts.iter().find(|(_, v)| v.code == "too_many_winners") {
        errors.push(DomainError::field(ErrorCode::PolicyRefused, "prizes", v.rule.clone()));
    } else {
        for (i, v) in verdicts.iter().filter(|(_, v)| !v.allowed) {
            errors.push(DomainError::field(
                ErrorCode::PolicyRefused,
                &format!("prizes[{i}].amount"),
                v.rule.clone(),
            ));
        }
    }
    PrizeReview { verdicts: verdicts.into_iter().map(|(_, v)| v).collect(), errors }
}

/// Who is taken off a contest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    Entrant,
    Judge,
}

impl Removal {
    /// The API field naming them: the entrant's id, the judge's account.
    pub fn field(self) -> &'static str {
        match self {
            Removal::Entrant => "entrant_id",
            Removal::Judge => "user_id",
        }
    }
}

/// Whether an entrant or a judge may be taken off the contest: not once
/// the result is published, nor once a score sheet names them (an entrant
/// scored, a judge who has scored) — sheets are never changed, and a sheet
/// without its entrant or judge would leave the ranking unexplained.
/// `sheets` counts the sheets naming them, over every round.
pub fn check_removal(who: Removal, name: &str, sheets: u64, published: bool) -> Result<(), DomainError> {
    let refuse = |message: String| Err(DomainError::field(ErrorCode::Conflict, who.field(), message));
    match who {
        _ if published => {
            let label = if who == Removal::Entrant { "参赛者" } else { "评委" };
            refuse(format!("竞赛结果已公布，不能再删除{label}"))
        }
        Removal::Entrant if sheets > 0 => refuse(format!("参赛者{name}已有{sheets}张评分表，不能删除")),
        Removal::Judge if sheets > 0 => refuse(format!("评委{name}已提交{sheets}张评分表，不能删除")),
        _ => Ok(()),
    }
}

#[cfg(test)]
#[path = "contest_tests.rs"]
mod tests;
