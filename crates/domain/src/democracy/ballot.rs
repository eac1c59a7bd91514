//! What a ballot asks and what a filled-in paper says (DOMAIN.md §8). One
//! machinery for motions (赞成 / 反对 / 弃权, item by item), elections
//! (several seats, write-in names) and appraisals (each cadre rated).
//!
//! A paper is stored as its marks only: a canonical JSON array of strings,
//! the same for the same choices whoever cast them, so nothing in it but the
//! choice can tell papers apart.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::{DomainError, ErrorCode, text};

/// The most items (resolutions, candidates, cadres) one ballot may carry.
pub const MAX_ITEMS: usize = 100;
/// The longest item (a resolution's title, a name).
pub const MAX_ITEM_CHARS: usize = 200;
/// Write-in names per paper at most.
pub const MAX_WRITE_INS: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BallotKind {
    /// 表决: each item passes with more than half of all entitled.
    Motion,
    /// 选举: several seats, 差额, write-ins, further rounds.
    Election,
    /// 民主评议: each cadre rated 优秀 / 称职 / 基本称职 / 不称职.
    Appraisal,
}

impl BallotKind {
    pub const ALL: [BallotKind; 3] = [BallotKind::Motion, BallotKind::Election, BallotKind::Appraisal];

    pub fn as_str(self) -> &'static str {
        match self {
            BallotKind::Motion => "motion",
            BallotKind::Election => "election",
            BallotKind::Appraisal => "appraisal",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            BallotKind::Motion => "表决",
            BallotKind::Election => "选举",
            BallotKind::Appraisal => "民主评议",
        }
    }

    /// What the items of this kind are called.
    pub fn item_label(self) -> &'static str {
        match self {
            BallotKind::Motion => "表决事项",
            BallotKind::Election => "候选人",
            BallotKind::Appraisal => "被评议人",
        }
    }
}

/// How the papers are collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Voters vote in the browser; each gets a receipt code.
    Electronic,
    /// Paper ballots; two officers enter the counts separately.
    Paper,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Electronic => "electronic",
            Mode::Paper => "paper",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Mode::Electronic, Mode::Paper].into_iter().find(|m| m.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Mode::Electronic => "电子投票",
            Mode::Paper => "纸质选票",
        }
    }
}

/// What an election fills (换届 of the committee and its two committees,
/// delegate elections) — or no election at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// 职代会 or any other vote.
    General,
    /// 工会委员会换届选举
    Committee,
    /// 经费审查委员会
    AuditCommittee,
    /// 女职工委员会
    WomenCommittee,
    /// 职工代表选举
    Delegates,
}

impl Purpose {
    pub const ALL: [Purpose; 5] = [
        Purpose::General,
        Purpose::Committee,
        Purpose::AuditCommittee,
        Purpose::WomenCommittee,
        Purpose::Delegates,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::General => "general",
            Purpose::Committee => "committee",
            Purpose::AuditCommittee => "audit_committee",
            Purpose::WomenCommittee => "women_committee",
            Purpose::Delegates => "delegates",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Purpose::General => "一般事项",
            Purpose::Committee => "工会委员会委员",
            Purpose::AuditCommittee => "经费审查委员会委员",
            Purpose::WomenCommittee => "女职工委员会委员",
            Purpose::Delegates => "职工代表",
        }
    }
}

/// A voter's answer to one motion item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    Yes,
    No,
    Abstain,
}

impl Choice {
    pub const ALL: [Choice; 3] = [Choice::Yes, Choice::No, Choice::Abstain];

    pub fn as_str(self) -> &'static str {
        match self {
            Choice::Yes => "yes",
            Choice::No => "no",
            Choice::Abstain => "abstain",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Choice::Yes => "赞成",
            Choice::No => "反对",
            Choice::Abstain => "弃权",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A voter's rating of one cadre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Excellent,
    Competent,
    Basic,
    Incompetent,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Excellent, Rating::Competent, Rating::Basic, Rating::Incompetent];

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Excellent => "excellent",
            Rating::Competent => "competent",
            Rating::Basic => "basic",
            Rating::Incompetent => "incompetent",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Rating::Excellent => "优秀",
            Rating::Competent => "称职",
            Rating::Basic => "基本称职",
            Rating::Incompetent => "不称职",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The labels of the counted columns of a kind, in order.
pub fn columns(kind: BallotKind) -> Vec<&'static str> {
    match kind {
        BallotKind::Motion => Choice::ALL.iter().map(|c| c.label()).collect(),
        BallotKind::Election => vec!["得票"],
        BallotKind::Appraisal => Rating::ALL.iter().map(|r| r.label()).collect(),
    }
}

/// The smallest number of candidates beyond the seats: 5% of the seats,
/// rounded up, and at least one (差额选举).
pub fn election_margin(seats: u32) -> u32 {
    (seats * 5).div_ceil(100).max(1)
}

/// What a ballot asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spec {
    pub kind: BallotKind,
    /// Resolutions, candidates or cadres, in the order shown.
    pub items: Vec<String>,
    /// Seats to fill (elections; 0 otherwise).
    pub seats: u32,
    /// Whether voters may write in other names (另选他人).
    pub write_in: bool,
}

impl Spec {
    /// Checks the items and, for an election, that candidates exceed the
    /// seats by the 差额 margin.
    pub fn check(&self) -> Result<(), DomainError> {
        let label = self.kind.item_label();
        if self.items.is_empty() {
            return Err(DomainError::field(ErrorCode::Required, "items", format!("请至少列出一个{label}")));
        }
        if self.items.len() > MAX_ITEMS {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                "items",
                format!("{label}最多{MAX_ITEMS}个，现在有{}个", self.items.len()),
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, item) in self.items.iter().enumerate() {
            let field = format!("items[{i}]");
            let v = text::required_line(&field, label, item, MAX_ITEM_CHARS)?;
            if v != *item {
                return Err(DomainError::field(
                    ErrorCode::InvalidValue,
                    &field,
                    format!("{label}前后不能有空格"),
                ));
            }
            if !seen.insert(item.as_str()) {
                return Err(DomainError::field(ErrorCode::InvalidValue, &field, format!("{label}“{v}”重复")));
            }
        }
        match self.kind {
            BallotKind::Election => {
                if self.seats == 0 {
                    return Err(DomainError::field(ErrorCode::Required, "seats", "应选人数至少为1"));
                }
                let need = self.seats + election_margin(self.seats);
                if (self.items.len() as u32) < need {
                    return Err(DomainError::field(
                        ErrorCode::InsufficientCandidates,
                        "candidates",
                        format!(
                            "差额选举：应选{}名，候选人至少应有{}名（多于应选人数5%以上），现在只有{}名",
                            self.seats,
                            need,
                            self.items.len()
                        ),
                    ));
                }
            }
            _ if self.seats != 0 => {
                return Err(DomainError::field(ErrorCode::InvalidValue, "seats", "只有选举才设应选人数"));
            }
            _ if self.write_in => {
                return Err(DomainError::field(ErrorCode::InvalidValue, "write_in", "只有选举才能另选他人"));
            }
            _ => {}
        }
        Ok(())
    }
}

/// One filled-in paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Paper {
    /// One answer per item, in item order.
    Motion(Vec<Choice>),
    /// The names voted for, sorted: candidates and write-ins alike.
    Election(Vec<String>),
    /// One rating per cadre, in item order.
    Appraisal(Vec<Rating>),
}

/// What a voter sent, before it is checked against the ballot.
#[derive(Debug, Clone, Default)]
pub struct VoteInput {
    /// Motions: one per item (`yes` / `no` / `abstain`).
    pub choices: Vec<String>,
    /// Elections: the candidates marked, by name.
    pub candidates: Vec<String>,
    /// Elections: other names written in (另选他人).
    pub write_ins: Vec<String>,
    /// Appraisals: one per cadre.
    pub ratings: Vec<String>,
}

fn bad(field: &str, message: impl Into<String>) -> DomainError {
    DomainError::field(ErrorCode::InvalidChoice, field, message)
}

/// Checks a voter's input against the ballot and makes the paper. Too many
/// names for the seats, an unknown candidate, a missing or unknown answer:
/// refused, naming what is wrong.
pub fn fill(spec: &Spec, input: &VoteInput) -> Result<Paper, DomainError> {
    match spec.kind {
        BallotKind::Motion => {
            let n = spec.items.len();
            if input.choices.len() != n {
                return Err(bad(
                    "choice",
                    if n == 1 {
                        "请选择赞成、反对或弃权".to_owned()
                    } else {
                        format!("共{n}项，须逐项表决，现在表决了{}项", input.choices.len())
                    },
                ));
            }
            let choices = input
                .choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    Choice::parse(c.trim()).ok_or_else(|| {
                        let field = if n == 1 { "choice".to_owned() } else { format!("choices[{i}]") };
                        bad(&field, format!("第{}项的表决意见“{c}”无法识别，只能是赞成、反对或弃权", i + 1))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Paper::Motion(choices))
        }
        BallotKind::Appraisal => {
            let n = spec.items.len();
            if input.ratings.len() != n {
                return Err(bad(
                    "ratings",
                    format!("共{n}名被评议人，须逐一评议，现在评议了{}名", input.ratings.len()),
                ));
            }
            let ratings = input
                .ratings
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    Rating::parse(r.trim()).ok_or_else(|| {
                        bad(
                            &format!("ratings[{i}]"),
                            format!(
                                "对{}的评议“{r}”无法识别，只能是优秀、称职、基本称职或不称职",
                                spec.items[i]
                            ),
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Paper::Appraisal(ratings))
        }
        BallotKind::Election => {
            let mut names = BTreeSet::new();
            for (i, c) in input.candidates.iter().enumerate() {
                let c = c.trim();
                if c.is_empty() {
                    continue;
                }
                if !spec.items.iter().any(|x| x == c) {
                    return Err(bad(&format!("candidates[{i}]"), format!("“{c}”不是本次选举的候选人")));
                }
                if !names.insert(c.to_owned()) {
                    return Err(bad(&format!("candidates[{i}]"), format!("“{c}”重复圈选")));
                }
            }
            let written: Vec<&String> = input.write_ins.iter().filter(|w| !w.trim().is_empty()).collect();
            if !written.is_empty() && !spec.write_in {
                return Err(bad("write_ins", "本次选举不能另选他人"));
            }
            if written.len() > MAX_WRITE_INS {
                return Err(bad("write_ins", format!("另选他人最多{MAX_WRITE_INS}名")));
            }
            for (i, w) in written.into_iter().enumerate() {
                let field = format!("write_ins[{i}]");
                let w = text::required_line(&field, "另选他人的姓名", w, 40)
                    .map_err(|e| DomainError { code: ErrorCode::InvalidChoice, ..e })?;
                // A candidate's name written in is a vote for that candidate;
                // the same name twice is refused like a double mark.
                if !names.insert(w.clone()) {
                    return Err(bad(&field, format!("“{w}”重复")));
                }
            }
            if names.len() as u32 > spec.seats {
                return Err(bad(
                    "candidates",
                    format!(
                        "应选{}名，最多可选{}人，现在选了{}人，选票无效",
                        spec.seats,
                        spec.seats,
                        names.len()
                    ),
                ));
            }
            Ok(Paper::Election(names.into_iter().collect()))
        }
    }
}

impl Paper {
    /// The paper's marks as published: motion answers and ratings by code,
    /// elections by name.
    pub fn marks(&self) -> Vec<String> {
        match self {
            Paper::Motion(c) => c.iter().map(|c| c.as_str().to_owned()).collect(),
            Paper::Election(n) => n.clone(),
            Paper::Appraisal(r) => r.iter().map(|r| r.as_str().to_owned()).collect(),
        }
    }

    /// The stored form: a JSON array of the marks. Equal papers encode
    /// equally.
    pub fn encode(&self) -> String {
        serde_json::to_string(&self.marks()).expect("strings serialise")
    }

    /// Reads marks back against the ballot they belong to. A paper that does
    /// not fit its ballot is an error naming why (for the recount).
    pub fn from_marks(spec: &Spec, marks: &[String]) -> Result<Paper, String> {
        match spec.kind {
            BallotKind::Motion => {
                if marks.len() != spec.items.len() {
                    return Err(format!("应有{}项表决意见，实有{}项", spec.items.len(), marks.len()));
                }
                marks
                    .iter()
                    .map(|m| Choice::parse(m).ok_or_else(|| format!("无法识别的表决意见“{m}”")))
                    .collect::<Result<_, _>>()
                    .map(Paper::Motion)
            }
            BallotKind::Appraisal => {
                if marks.len() != spec.items.len() {
                    return Err(format!("应有{}项评议，实有{}项", spec.items.len(), marks.len()));
                }
                marks
                    .iter()
                    .map(|m| Rating::parse(m).ok_or_else(|| format!("无法识别的评议“{m}”")))
                    .collect::<Result<_, _>>()
                    .map(Paper::Appraisal)
            }
            BallotKind::Election => {
                let set: BTreeSet<&String> = marks.iter().collect();
                if set.len() != marks.len() {
                    return Err("同一人被圈选两次".to_owned());
                }
                if marks.len() as u32 > spec.seats {
                    return Err(format!("圈选{}人，多于应选{}名", marks.len(), spec.seats));
                }
                if !spec.write_in
                    && let Some(m) = marks.iter().find(|m| !spec.items.contains(m))
                {
                    return Err(format!("“{m}”不是候选人"));
                }
                let mut sorted = marks.to_vec();
                sorted.sort();
                Ok(Paper::Election(sorted))
            }
        }
    }

    pub fn decode(spec: &Spec, stored: &str) -> Result<Paper, String> {
        let marks: Vec<String> = serde_json::from_str(stored).map_err(|_| "选票内容无法读取".to_owned())?;
        Self::from_marks(spec, &marks)
    }
}

/// Counts per row: for a motion item [赞成, 反对, 弃权]; for an election
/// candidate [得票]; for an appraised cadre [优秀, 称职, 基本称职, 不称职].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub name: String,
    pub counts: Vec<u64>,
    /// A name written in by voters, not on the candidate list.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub write_in: bool,
}

/// What was counted: papers cast (received), papers invalid (paper mode
/// only: a spoilt paper), and the rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub cast: u64,
    #[serde(default)]
    pub invalid: u64,
    pub rows: Vec<Row>,
}

impl Counts {
    /// Empty counts for a ballot: one row per item, zeroes.
    pub fn empty(spec: &Spec) -> Counts {
        let width = columns(spec.kind).len();
        Counts {
            cast: 0,
            invalid: 0,
            rows: spec
                .items
                .iter()
                .map(|n| Row { name: n.clone(), counts: vec![0; width], write_in: false })
                .collect(),
        }
    }

    pub fn valid(&self) -> u64 {
        self.cast.saturating_sub(self.invalid)
    }
}

/// Counts the papers. The result does not depend on their order; write-in
/// names follow the candidates, most votes first, then by name.
pub fn count<'a>(spec: &Spec, papers: impl IntoIterator<Item = &'a Paper>) -> Counts {
    let mut c = Counts::empty(spec);
    let mut written: std::collections::BTreeMap<String, u64> = Default::default();
    for p in papers {
        c.cast += 1;
        match p {
            Paper::Motion(choices) => {
                for (row, ch) in c.rows.iter_mut().zip(choices) {
                    row.counts[ch.index()] += 1;
                }
            }
            Paper::Appraisal(ratings) => {
                for (row, r) in c.rows.iter_mut().zip(ratings) {
                    row.counts[r.index()] += 1;
                }
            }
            Paper::Election(names) => {
                for n in names {
                    match c.rows.iter_mut().find(|r| r.name == *n) {
                        Some(row) => row.counts[0] += 1,
                        None => *written.entry(n.clone()).or_default() += 1,
                    }
                }
            }
        }
    }
    let mut extra: Vec<(String, u64)> = written.into_iter().collect();
    extra.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    c.rows.extend(extra.into_iter().map(|(name, v)| Row { name, counts: vec![v], write_in: true }));
    c
}

/// Checks counts entered from paper ballots: the right rows and widths, no
/// more papers than voters, no row counting more marks than valid papers
/// allow.
pub fn check_counts(spec: &Spec, entitled: u64, c: &Counts) -> Result<(), DomainError> {
    let width = columns(spec.kind).len();
    if c.cast > entitled {
        return Err(DomainError::field(
            ErrorCode::InvalidValue,
            "cast",
            format!("收回选票{}张，多于应到人数{}人", c.cast, entitled),
        ));
    }
    if c.invalid > c.cast {
        return Err(DomainError::field(
            ErrorCode::InvalidValue,
            "invalid",
            format!("无效票{}张，多于收回选票{}张", c.invalid, c.cast),
        ));
    }
    let valid = c.valid();
    if c.rows.len() < spec.items.len() {
        return Err(DomainError::field(
            ErrorCode::Required,
            "rows",
            "每个事项（候选人、被评议人）都须录入票数",
        ));
    }
    let mut total = 0u64;
    for (i, row) in c.rows.iter().enumerate() {
        let field = format!("rows[{i}]");
        match spec.items.get(i) {
            Some(name) if *name == row.name && !row.write_in => {}
            Some(name) => {
                return Err(DomainError::field(
                    ErrorCode::InvalidValue,
                    &field,
                    format!("第{}行应为“{name}”", i + 1),
                ));
            }
            None if spec.kind == BallotKind::Election && spec.write_in => {
                text::required_line(&field, "另选他人的姓名", &row.name, 40)?;
                if spec.items.contains(&row.name) || c.rows[..i].iter().any(|r| r.name == row.name) {
                    return Err(DomainError::field(
                        ErrorCode::InvalidValue,
                        &field,
                        format!("“{}”重复录入", row.name),
                    ));
                }
            }
            None => {
                return Err(DomainError::field(ErrorCode::InvalidValue, &field, "多出的一行不属于本次投票"));
            }
        }
        if row.counts.len() != width {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                &field,
                format!("“{}”应录入{}个数字", row.name, width),
            ));
        }
        let sum: u64 = row.counts.iter().sum();
        if sum > valid {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                &field,
                format!("“{}”的票数合计{}，多于有效票{}张", row.name, sum, valid),
            ));
        }
        total += sum;
    }
    if spec.kind == BallotKind::Election && total > valid * u64::from(spec.seats) {
        return Err(DomainError::field(
            ErrorCode::InvalidValue,
            "rows",
            format!("得票合计{}，多于有效票{}张×应选{}名", total, valid, spec.seats),
        ));
    }
    Ok(())
}

/// Where two entries of the same paper counts differ, in words; empty when
/// they agree.
pub fn differences(a: &Counts, b: &Counts) -> Vec<String> {
    let mut out = Vec::new();
    if a.cast != b.cast {
        out.push(format!("收回选票：第一次{}，第二次{}", a.cast, b.cast));
    }
    if a.invalid != b.invalid {
        out.push(format!("无效票：第一次{}，第二次{}", a.invalid, b.invalid));
    }
    let n = a.rows.len().max(b.rows.len());
    for i in 0..n {
        match (a.rows.get(i), b.rows.get(i)) {
            (Some(x), Some(y)) if x == y => {}
            (Some(x), Some(y)) if x.name == y.name => {
                out.push(format!("“{}”：第一次{:?}，第二次{:?}", x.name, x.counts, y.counts))
            }
            (Some(x), Some(y)) => {
                out.push(format!("第{}行：第一次为“{}”，第二次为“{}”", i + 1, x.name, y.name))
            }
            (Some(x), None) => out.push(format!("“{}”只在第一次录入", x.name)),
            (None, Some(y)) => out.push(format!("“{}”只在第二次录入", y.name)),
            (None, None) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn motion(n: usize) -> Spec {
        Spec {
            kind: BallotKind::Motion,
            items: (1..=n).map(|i| format!("议题{i}")).collect(),
            seats: 0,
            write_in: false,
        }
    }

    fn election(seats: u32, names: &[&str], write_in: bool) -> Spec {
        Spec {
            kind: BallotKind::Election,
            items: names.iter().map(|s| s.to_string()).collect(),
            seats,
            write_in,
        }
    }

    fn vote_for(names: &[&str]) -> VoteInput {
        VoteInput { candidates: names.iter().map(|s| s.to_string()).collect(), ..Default::default() }
    }

    #[test]
    fn contested_elections_need_five_percent_more_candidates() {
        assert_eq!(election_margin(1), 1);
        assert_eq!(election_margin(7), 1);
        assert_eq!(election_margin(20), 1);
        assert_eq!(election_margin(21), 2);
        assert_eq!(election_margin(40), 2);
        let seven: Vec<String> = (0..7).map(|i| format!("人{i}")).collect();
        let s = Spec { kind: BallotKind::Election, items: seven.clone(), seats: 7, write_in: true };
        let e = s.check().unwrap_err();
        assert_eq!(e.code, ErrorCode::InsufficientCandidates);
        assert!(e.message.contains("至少应有8名"), "{}", e.message);
        let mut eight = seven;
        eight.push("人7".into());
        assert!(Spec { items: eight, ..s }.check().is_ok());
    }

    #[test]
    fn items_must_be_named_once() {
        let mut s = motion(2);
        s.items[1] = "议题1".into();
        let e = s.check().unwrap_err();
        assert_eq!(e.field.as_deref(), Some("items[1]"));
        assert!(e.message.contains("重复"));
        assert_eq!(motion(0).check().unwrap_err().code, ErrorCode::Required);
        let mut s = motion(1);
        s.seats = 3;
        assert!(s.check().is_err());
    }

    #[test]
    fn motions_are_voted_item_by_item() {
        let s = motion(2);
        let one = VoteInput { choices: vec!["yes".into()], ..Default::default() };
        let e = fill(&s, &one).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidChoice);
        assert!(e.message.contains("逐项"), "{}", e.message);
        let bad = VoteInput { choices: vec!["yes".into(), "maybe".into()], ..Default::default() };
        assert_eq!(fill(&s, &bad).unwrap_err().field.as_deref(), Some("choices[1]"));
        let ok = VoteInput { choices: vec!["yes".into(), "abstain".into()], ..Default::default() };
        let p = fill(&s, &ok).unwrap();
        assert_eq!(p.encode(), r#"["yes","abstain"]"#);
        assert_eq!(Paper::decode(&s, &p.encode()).unwrap(), p);
    }

    #[test]
    fn election_papers_refuse_too_many_names_and_strangers() {
        let s = election(2, &["甲", "乙", "丙"], true);
        assert_eq!(
            fill(&s, &vote_for(&["甲", "乙", "丙"])).unwrap_err().field.as_deref(),
            Some("candidates")
        );
        let e = fill(&s, &vote_for(&["丁"])).unwrap_err();
        assert!(e.message.contains("不是本次选举的候选人"), "{}", e.message);
        assert!(fill(&s, &vote_for(&["甲", "甲"])).is_err());
        // A write-in counts towards the seats, and a candidate written in is
        // a vote for that candidate.
        let w =
            VoteInput { candidates: vec!["乙".into()], write_ins: vec!["戊".into()], ..Default::default() };
        assert_eq!(fill(&s, &w).unwrap(), Paper::Election(vec!["乙".into(), "戊".into()]));
        let w2 =
            VoteInput { candidates: vec!["乙".into()], write_ins: vec!["乙".into()], ..Default::default() };
        assert!(fill(&s, &w2).is_err());
        let no_write = election(2, &["甲", "乙", "丙"], false);
        assert!(fill(&no_write, &w).is_err());
        // A blank paper is valid: the voter voted for nobody.
        assert_eq!(fill(&s, &VoteInput::default()).unwrap(), Paper::Election(vec![]));
    }

    #[test]
    fn counting_an_election_lists_write_ins_after_candidates() {
        let s = election(2, &["甲", "乙", "丙"], true);
        let papers: Vec<Paper> = [vec!["甲", "乙"], vec!["甲", "戊"], vec!["丙", "戊"], vec!["己"]]
            .iter()
            .map(|v| Paper::Election(v.iter().map(|s| s.to_string()).collect()))
            .collect();
        let c = count(&s, &papers);
        assert_eq!(c.cast, 4);
        let names: Vec<(&str, u64, bool)> =
            c.rows.iter().map(|r| (r.name.as_str(), r.counts[0], r.write_in)).collect();
        assert_eq!(
            names,
            vec![("甲", 2, false), ("乙", 1, false), ("丙", 1, false), ("戊", 2, true), ("己", 1, true)]
        );
        assert!(check_counts(&s, 10, &c).is_ok());
    }

    #[test]
    fn paper_counts_are_checked_and_compared() {
        let s = motion(1);
        let mut c = Counts::empty(&s);
        c.cast = 10;
        c.rows[0].counts = vec![6, 2, 1];
        assert!(check_counts(&s, 12, &c).is_ok());
        assert!(check_counts(&s, 9, &c).unwrap_err().message.contains("多于应到人数"));
        let mut over = c.clone();
        over.rows[0].counts = vec![8, 2, 1];
        assert!(check_counts(&s, 12, &over).unwrap_err().message.contains("多于有效票"));
        assert!(differences(&c, &c).is_empty());
        let d = differences(&c, &over);
        assert_eq!(d.len(), 1);
        assert!(d[0].contains("议题1"), "{d:?}");
    }

    fn arb_paper(spec: Spec) -> impl Strategy<Value = Paper> {
        let n = spec.items.len();
        match spec.kind {
            BallotKind::Motion => proptest::collection::vec(0usize..3, n)
                .prop_map(|v| Paper::Motion(v.into_iter().map(|i| Choice::ALL[i]).collect()))
                .boxed(),
            BallotKind::Appraisal => proptest::collection::vec(0usize..4, n)
                .prop_map(|v| Paper::Appraisal(v.into_iter().map(|i| Rating::ALL[i]).collect()))
                .boxed(),
            BallotKind::Election => {
                let names = spec.items.clone();
                proptest::sample::subsequence(names, 0..=spec.seats as usize)
                    .prop_map(|mut v| {
                        v.sort();
                        Paper::Election(v)
                    })
                    .boxed()
            }
        }
    }

    proptest! {
        #[test]
        fn counting_ignores_order_and_adds_up(papers in proptest::collection::vec(arb_paper(motion(3)), 0..60), seed in any::<u64>()) {
            let s = motion(3);
            let c = count(&s, &papers);
            prop_assert_eq!(c.cast, papers.len() as u64);
            for row in &c.rows {
                prop_assert_eq!(row.counts.iter().sum::<u64>(), c.cast);
            }
            let mut shuffled = papers.clone();
            // A deterministic shuffle from the seed.
            let len = shuffled.len();
            if len > 1 {
                let mut x = seed;
                for i in (1..len).rev() {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    shuffled.swap(i, (x >> 33) as usize % (i + 1));
                }
            }
            prop_assert_eq!(count(&s, &shuffled), c);
        }

        #[test]
        fn stored_papers_read_back_equal(p in arb_paper(election(3, &["甲", "乙", "丙", "丁"], false))) {
            let s = election(3, &["甲", "乙", "丙", "丁"], false);
            prop_assert_eq!(Paper::decode(&s, &p.encode()).unwrap(), p);
        }

        #[test]
        fn election_counts_stay_within_seats(papers in proptest::collection::vec(arb_paper(election(2, &["甲", "乙", "丙"], false)), 0..40)) {
            let s = election(2, &["甲", "乙", "丙"], false);
            let c = count(&s, &papers);
            let total: u64 = c.rows.iter().map(|r| r.counts[0]).sum();
            prop_assert!(total <= c.cast * 2);
            prop_assert!(check_counts(&s, c.cast, &c).is_ok());
        }

        #[test]
        fn appraisal_counts_check(papers in proptest::collection::vec(arb_paper(Spec { kind: BallotKind::Appraisal, items: vec!["甲".into(), "乙".into()], seats: 0, write_in: false }), 0..40)) {
            let s = Spec { kind: BallotKind::Appraisal, items: vec!["甲".into(), "乙".into()], seats: 0, write_in: false };
            let c = count(&s, &papers);
            prop_assert!(check_counts(&s, c.cast, &c).is_ok());
            for row in &c.rows {
                prop_assert_eq!(row.counts.len(), 4);
                prop_assert_eq!(row.counts.iter().sum::<u64>(), c.cast);
            }
        }
    }
}
