//! Targets read from a plan's text: each sentence with a quantified goal
//! becomes a candidate — comparator, value and unit as written, the
//! sentence kept, and a suggested metric with its scope — for the officer
//! to confirm, correct or leave manual.
//!
//! What counts as a goal. A rate (%, 百分之…) always does; a count does
//! when a direction word goes with it (达到, 不少于, 力争, 以上, 余 …), when
//! it is a range (1—2期), or when a verb of holding or founding comes
//! before it in its clause (举办一期, 新建10家). Sentences that report what
//! was done (开展了, 已有, 实际完成, 评选出 …) hold no goals; nor do figures
//! inside quotation marks or book titles (“三个代表”, “6+1”), ordinals (第3),
//! frequencies (每月一次) and qualifiers ("25人以上企业" scopes the rate
//! that follows; it is no target).

use serde::{Deserialize, Serialize};

use super::metric::{Metric, OwnershipScope, Scope};
use super::numeral;
use crate::rights::employer::Ownership;

/// How the current value must compare with the target's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Comparator {
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = "=")]
    Exactly,
}

impl Comparator {
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::AtLeast => ">=",
            Comparator::AtMost => "<=",
            Comparator::Exactly => "=",
        }
    }

    pub fn parse(s: &str) -> Option<Comparator> {
        [Comparator::AtLeast, Comparator::AtMost, Comparator::Exactly].into_iter().find(|c| c.as_str() == s)
    }

    /// 不低于 / 不高于 / 等于
    pub fn label(self) -> &'static str {
        match self {
            Comparator::AtLeast => "不低于",
            Comparator::AtMost => "不高于",
            Comparator::Exactly => "等于",
        }
    }

    /// Whether `current` meets a target of `value`.
    pub fn holds(self, current: f64, value: f64) -> bool {
        const EPS: f64 = 1e-9;
        match self {
            Comparator::AtLeast => current + EPS >= value,
            Comparator::AtMost => current <= value + EPS,
            Comparator::Exactly => (current - value).abs() <= EPS,
        }
    }
}

/// A quantified goal found in a sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The sentence as written.
    pub sentence: String,
    pub comparator: Comparator,
    pub value: f64,
    /// As written: %, 家, 次, 期, 人, 名, 元, 万元 …
    pub unit: String,
    /// The upper end of a range (组织1—2期 → 1, upper 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upper: Option<f64>,
    pub metric: Option<Metric>,
    pub scope: Option<Scope>,
}

/// Units a target may be counted in; longer first where one starts another.
const UNITS: &[&str] = &[
    "人次", "万元", "小时", "学时", "%", "％", "家", "次", "期", "人", "名", "元", "个", "项", "场", "户",
    "起", "件", "篇", "条", "天", "份",
];

/// Sentences that report what was done rather than set a goal.
const REPORT_MARKERS: &[&str] = &[
    "已有",
    "已经",
    "已完成",
    "已解决",
    "目前已",
    "实际完成",
    "共收到",
    "共发放",
    "共计发放",
    "累计",
    "评选出",
    "被评为",
    "荣获",
    "获得了",
    "取得了",
];

/// Words that leave "了" not a mark of the past.
const NOT_PAST: &[&str] = &["为了", "了解", "除了", "了不起", "不了", "了如指掌", "了结"];

const AT_MOST_WORDS: &[&str] = &["不超过", "不高于", "不多于", "控制在", "少于", "低于"];
const AT_LEAST_WORDS: &[&str] = &[
    "不少于",
    "不低于",
    "至少",
    "达到",
    "达",
    "力争",
    "保持",
    "超过",
    "确保",
    "实现",
    "争取",
    "提高到",
    "提升到",
];
/// Verbs of holding or founding: the count after them is one to reach.
const COUNT_VERBS: &[&str] =
    &["举办", "召开", "组织", "开展", "新建", "新增", "创建", "完成", "再创", "建成", "评选", "表彰", "培育"];

/// (keywords, units the figure must be in, metric, words one of which the
/// sentence must hold). The keyword nearest before the figure wins (the
/// longer on a tie, then the earlier rule); failing one before it, the
/// first after it in its clause.
type Rule = (&'static [&'static str], &'static [&'static str], Metric, &'static [&'static str]);

const RULES: &[Rule] = &[
    (&["建会率", "建独立工会率", "组建率"], &["%"], Metric::UnionisationRate, &[]),
    (&["入会率", "工会覆盖率"], &["%"], Metric::MembershipRate, &[]),
    (&["慰问覆盖"], &["%"], Metric::CareCoverageRate, &[]),
    (
        &["签订率", "集体合同", "工资协议", "集体协议", "工资集体协商", "集体协商"],
        &["%"],
        Metric::ContractRate,
        &[],
    ),
    (&["职代会建制率", "建制率", "职代会", "职工代表大会"], &["%"], Metric::CongressRate, &[]),
    (&["厂务公开", "院务公开", "校务公开"], &["%"], Metric::DisclosureRate, &[]),
    (&["参与面", "参与率", "参加率"], &["%"], Metric::ParticipationRate, &[]),
    (&["成功调解率", "调解成功率", "调解率"], &["%"], Metric::MediationSuccessRate, &[]),
    (&["调解"], &["起", "件"], Metric::MediationCases, &[]),
    (&["立案率"], &["%"], Metric::ProposalFilingRate, &[]),
    (&["办结率"], &["%"], Metric::ProposalCompletionRate, &[]),
    (&["答复率"], &["%"], Metric::PetitionAnswerRate, &[]),
    (&["满意率"], &["%"], Metric::PetitionSatisfactionRate, &["投诉", "信访", "来信", "来访", "维权"]),
    (&["满意率"], &["%"], Metric::ProposalSatisfactionRate, &["提案"]),
    (&["预算执行率"], &["%"], Metric::BudgetExecutionRate, &[]),
    (&["新增建会", "新建工会", "组建工会", "建会", "组建"], &["家", "个"], Metric::NewUnions, &[]),
    (&["培训"], &["期", "次"], Metric::CadreTrainingCourses, &["工会干部"]),
    (&["培训"], &["期", "次"], Metric::TrainingCourses, &[]),
    (&["培训"], &["人次", "人", "名"], Metric::TrainingPersonTimes, &[]),
    (&["培训", "学时"], &["小时", "学时"], Metric::TrainingHours, &[]),
    (&["合理化建议", "金点子"], &["条", "件", "项"], Metric::SuggestionsSubmitted, &[]),
    (&["竞赛", "比武"], &["人次", "人", "名"], Metric::ContestEntrants, &[]),
    (&["竞赛", "比武"], &["次", "场", "项"], Metric::ContestsHeld, &[]),
    (&["活动"], &["次", "场", "项"], Metric::ActivitiesHeld, &[]),
    (&["困难职工", "帮扶"], &["户"], Metric::HardshipFamilies, &[]),
    (&["帮扶", "救助", "助学"], &["元", "万元"], Metric::AidPaid, &[]),
    (&["慰问金", "慰问", "送温暖"], &["元", "万元"], Metric::CareAmount, &[]),
    (&["走访", "慰问", "送温暖"], &["户", "名", "人", "人次"], Metric::CarePeopleReached, &[]),
    (&["新入会", "发展会员", "新会员"], &["人", "名"], Metric::NewMembers, &[]),
    (&["会员"], &["人", "名"], Metric::Members, &[]),
    (&["劳动模范", "劳模", "荣誉", "表彰"], &["名", "人", "项"], Metric::Honours, &[]),
    (&["互助保障", "参保"], &["人", "名", "人次"], Metric::MutualAidEnrolled, &[]),
    (&["理赔"], &["件", "人次"], Metric::MutualAidClaims, &[]),
    (&["投诉", "信访", "来信来访"], &["件", "起"], Metric::PetitionsReceived, &[]),
    (&["提案"], &["件", "条"], Metric::Proposals, &[]),
    (&["会费"], &["元", "万元"], Metric::DuesCollected, &[]),
    (&["上解", "上缴"], &["元", "万元"], Metric::FundsRemitted, &[]),
];

const OWNERSHIP_WORDS: &[(&str, OwnershipScope)] = &[
    ("非公有制", OwnershipScope::NonPublic),
    ("非公企业", OwnershipScope::NonPublic),
    ("民营企业", OwnershipScope::NonPublic),
    ("私营企业", OwnershipScope::NonPublic),
    ("港澳台", OwnershipScope::Of(Ownership::HkMacaoTaiwan)),
    ("外商投资", OwnershipScope::Of(Ownership::Foreign)),
    ("外资企业", OwnershipScope::Of(Ownership::Foreign)),
    ("事业单位", OwnershipScope::Of(Ownership::PublicInstitution)),
    ("机关", OwnershipScope::Of(Ownership::Government)),
    ("社会组织", OwnershipScope::Of(Ownership::SocialOrganisation)),
];

/// The longest text read: a plan is some pages; a paste of megabytes is
/// refused by the service before it gets here.
pub const MAX_CHARS: usize = 100_000;

/// The targets of a plan's text, in order.
pub fn extract(text: &str) -> Vec<Candidate> {
    let text = rejoin(text);
    sentences(&text).flat_map(in_sentence).collect()
}

/// Sentences: split at 。；！？ (and their ASCII forms) and line breaks.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split(['。', '；', ';', '！', '!', '？', '?', '\n', '\r']).map(str::trim).filter(|s| !s.is_empty())
}

/// Mends sentences broken across lines by a paste ("…开展慰\n\n问，款项…"):
/// a long line ending inside a sentence (on a Chinese character) goes on
/// with the next non-empty line when that one starts with a Chinese
/// character and is no list item (一、, 1、, -, （).
fn rejoin(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            if !pending {
                out.push('\n');
            }
            continue;
        }
        let first = line.trim_start().chars().next();
        let continues = pending && first.is_some_and(is_cjk) && !is_list_item(line.trim_start());
        if !continues && !out.is_empty() {
            out.push('\n');
        }
        out.push_str(if continues { line.trim_start() } else { line });
        pending = line.chars().count() > 20 && line.chars().last().is_some_and(is_cjk);
    }
    out
}

fn is_list_item(line: &str) -> bool {
    let mut cs = line.chars();
    let first = cs.next();
    let second = cs.next();
    matches!(first, Some('-' | '（' | '(' | '•' | '●' | '第'))
        || (first.is_some_and(|c| numeral::is_chinese_numeral(c) || c.is_ascii_digit())
            && matches!(second, Some('、' | '.' | '．' | '是')))
}

fn is_report(s: &str) -> bool {
    if REPORT_MARKERS.iter().any(|m| s.contains(m)) {
        return true;
    }
    // "5月10日，联合…": an account of a day that was.
    if starts_with_date(s) {
        return true;
    }
    // A 了 that is not part of 为了, 了解 … marks what was done.
    let mut rest = s;
    while let Some(i) = rest.find('了') {
        let at = s.len() - rest.len() + i;
        if !NOT_PAST.iter().any(|w| {
            let w_at = w.find('了').unwrap_or(0);
            at.checked_sub(w_at).and_then(|from| s.get(from..)).is_some_and(|t| t.starts_with(w))
        }) {
            return true;
        }
        rest = &rest[i + '了'.len_utf8()..];
    }
    false
}

/// Whether `s` opens with a day: 5月10日 or 1月17日、18日.
fn starts_with_date(s: &str) -> bool {
    let chars: Vec<char> = s.chars().take(8).collect();
    let digits = |from: usize| chars[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let m = digits(0);
    (1..=2).contains(&m) && chars.get(m) == Some(&'月') && {
        let d = digits(m + 1);
        (1..=2).contains(&d) && matches!(chars.get(m + 1 + d), Some('日' | '号'))
    }
}

/// A figure found in a sentence (char positions).
struct Figure {
    start: usize,
    end: usize,
    value: f64,
    upper: Option<f64>,
    unit: &'static str,
    /// 余 / 多 after the number: at least.
    more: bool,
}

fn in_sentence(s: &str) -> Vec<Candidate> {
    if is_report(s) {
        return Vec::new();
    }
    let chars: Vec<char> = s.chars().collect();
    let quoted = quoted_mask(&chars);
    let mut out = Vec::new();
    // A size qualifier ("25人以上企业") and the clause it was read in.
    let mut min_staff: Option<(usize, u32)> = None;
    let mut i = 0;
    while i < chars.len() {
        if quoted[i] {
            i += 1;
            continue;
        }
        let Some(f) = figure_at(&chars, i) else {
            i += 1;
            continue;
        };
        i = f.end;
        let before = &chars[..f.start];
        let clause_start =
            before.iter().rposition(|c| matches!(c, '，' | ',' | '：' | ':')).map_or(0, |p| p + 1);
        let clause_end = chars[f.end..]
            .iter()
            .position(|c| matches!(c, '，' | ',' | '：' | ':'))
            .map_or(chars.len(), |p| p + f.end);
        let prefix: String = chars[clause_start..f.start].iter().collect();
        let after: String = chars[f.end..].iter().collect();
        // Ordinals and frequencies are no targets; nor is "没有一个".
        let near: String = chars[f.start.saturating_sub(2)..f.start].iter().collect();
        // "三届七次职代会" names a session; "的一次尝试", "是一项活动": 一 is an article.
        let article = chars[f.start] == '一' && (near.ends_with('的') || near.ends_with('是'));
        if near.ends_with('第')
            || near.contains('每')
            || near.ends_with("没有")
            || near.ends_with('届')
            || article
        {
            continue;
        }
        let bound = if after.starts_with("以上") {
            Some(Comparator::AtLeast)
        } else if after.starts_with("以下") || after.starts_with("以内") {
            Some(Comparator::AtMost)
        } else {
            None
        };
        // "25人以上企业": a qualifier of what follows, not a target.
        if bound.is_some() && f.unit != "%" && f.unit != "％" {
            let tail = &after["以上".len()..];
            let next = tail.chars().next();
            let ends =
                next.is_none_or(|c| !is_cjk(c)) || tail.starts_with("的目标") || tail.starts_with("目标");
            if !ends {
                if f.unit == "人"
                    && (tail.starts_with("企业") || tail.starts_with("单位") || tail.starts_with("的企业"))
                {
                    min_staff = Some((clause_start, f.value as u32));
                }
                continue;
            }
        }
        let rate = matches!(f.unit, "%" | "％");
        let direction = direction(&prefix);
        let (at_most, at_least) =
            (direction == Some(Comparator::AtMost), direction == Some(Comparator::AtLeast));
        let verb = COUNT_VERBS.iter().any(|w| prefix.contains(w));
        let directed = bound.is_some() || f.more || f.upper.is_some() || at_most || at_least;
        if !rate && !directed && !verb {
            continue;
        }
        let comparator = match bound {
            Some(b) => b,
            None if f.more || f.upper.is_some() => Comparator::AtLeast,
            None if at_most => Comparator::AtMost,
            None if at_least || (verb && !rate) => Comparator::AtLeast,
            None => Comparator::Exactly,
        };
        let unit = if f.unit == "％" { "%" } else { f.unit };
        let clause_after: String = chars[f.end..clause_end].iter().collect();
        let head: String = chars[..f.start].iter().collect();
        let metric = suggest_metric(&head, &clause_after, s, unit);
        let scope = metric.and_then(|m| {
            let scope = Scope {
                ownership: m.is_rate().then(|| ownership(&head)).flatten(),
                min_staff: min_staff.filter(|(c, _)| m.is_rate() && *c == clause_start).map(|(_, n)| n),
            };
            (!scope.is_empty()).then_some(scope)
        });
        out.push(Candidate {
            sentence: s.to_owned(),
            comparator,
            value: f.value,
            unit: unit.to_owned(),
            upper: f.upper,
            metric,
            scope,
        });
    }
    out
}

/// The direction word nearest before the figure in its clause: the
/// largest end, then the longest ("不少于" over "少于", "不超过" over "超过").
fn direction(prefix: &str) -> Option<Comparator> {
    let words = AT_MOST_WORDS
        .iter()
        .map(|w| (w, Comparator::AtMost))
        .chain(AT_LEAST_WORDS.iter().map(|w| (w, Comparator::AtLeast)));
    words
        .filter_map(|(w, c)| prefix.rfind(w).map(|p| ((p + w.len(), w.len()), c)))
        .max_by_key(|(score, _)| *score)
        .map(|(_, c)| c)
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Which chars sit inside “…”, 《…》, 「…」, ‘…’ or "…".
fn quoted_mask(chars: &[char]) -> Vec<bool> {
    let mut mask = vec![false; chars.len()];
    let mut depth = 0i32;
    let mut ascii = false;
    for (i, c) in chars.iter().enumerate() {
        match c {
            '“' | '《' | '「' | '‘' => depth += 1,
            '”' | '》' | '」' | '’' => depth = (depth - 1).max(0),
            '"' => ascii = !ascii,
            _ => mask[i] = depth > 0 || ascii,
        }
    }
    mask
}

/// A number with its unit starting at `i`: Arabic or Chinese, 百分之…,
/// an optional range (1—2, 2-3, 三至五), 余/多, then a unit.
fn figure_at(chars: &[char], i: usize) -> Option<Figure> {
    let prev = i.checked_sub(1).map(|p| chars[p]);
    if prev.is_some_and(|c| c.is_ascii_alphanumeric() || numeral::ascii_digit(c).is_some()) {
        return None;
    }
    let starts_with = |at: usize, w: &str| w.chars().enumerate().all(|(k, c)| chars.get(at + k) == Some(&c));
    // 百分之九十 → 90 %.
    if starts_with(i, "百分之") {
        let (v, used) = number(chars, i + 3)?;
        let end = i + 3 + used;
        return Some(Figure { start: i, end, value: v, upper: None, unit: "%", more: false });
    }
    if prev.is_some_and(numeral::is_chinese_numeral) {
        return None;
    }
    let (value, used) = number(chars, i)?;
    let mut j = i + used;
    // A range: 1—2, 2-3, 1——2, 三至五.
    let mut upper = None;
    let mut k = j;
    while k < chars.len() && matches!(chars[k], '—' | '–' | '-' | '~' | '～' | '至' | '到') {
        k += 1;
    }
    if k > j
        && k - j <= 2
        && let Some((u, used)) = number(chars, k)
        && u > value
    {
        upper = Some(u);
        j = k + used;
    }
    // An ASCII letter right after the digits: "20xx", "5G".
    if chars.get(j).is_some_and(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut more = false;
    if matches!(chars.get(j), Some('余' | '多' | '+')) {
        more = true;
        j += 1;
    }
    // 4万余元 / 4万多元 → 4 万元, at least.
    if chars.get(j) == Some(&'万')
        && matches!(chars.get(j + 1), Some('余' | '多'))
        && chars.get(j + 2) == Some(&'元')
    {
        return Some(Figure { start: i, end: j + 3, value, upper, unit: "万元", more: true });
    }
    let unit = UNITS.iter().find(|u| starts_with(j, u))?;
    let end = j + unit.chars().count();
    // 一次性 is a manner, not a count.
    if chars.get(end) == Some(&'性') {
        return None;
    }
    Some(Figure { start: i, end, value, upper, unit, more })
}

/// An Arabic or Chinese number at `i`, and how many chars it took.
fn number(chars: &[char], i: usize) -> Option<(f64, usize)> {
    if let Some(found) = numeral::arabic(&chars[i..]) {
        return Some(found);
    }
    let run = chars[i..].iter().take_while(|c| numeral::is_chinese_numeral(**c)).count();
    // Try the longest run that parses and is followed by a unit-like end:
    // "十家" but also "两项" inside "两项评选".
    // "一万元" is written in 万元: the 万 belongs to the unit.
    let unit_wan = |len: usize| {
        len > 1
            && chars[i + len - 1] == '万'
            && (chars.get(i + len) == Some(&'元')
                || (matches!(chars.get(i + len), Some('余' | '多')) && chars.get(i + len + 1) == Some(&'元')))
    };
    (1..=run.min(8)).rev().find_map(|len| {
        let len = if unit_wan(len) { len - 1 } else { len };
        let s: String = chars[i..i + len].iter().collect();
        numeral::chinese(&s).map(|v| (v as f64, len))
    })
}

fn suggest_metric(head: &str, clause_after: &str, sentence: &str, unit: &str) -> Option<Metric> {
    let fits = |r: &Rule| {
        (r.1.is_empty() || r.1.contains(&unit))
            && (r.3.is_empty() || r.3.iter().any(|w| sentence.contains(w)))
    };
    // Nearest keyword before the figure: the largest end, then the longest.
    let mut best: Option<((usize, usize), Metric)> = None;
    for r in RULES.iter().filter(|r| fits(r)) {
        for k in r.0 {
            if let Some(p) = head.rfind(k) {
                let score = (p + k.len(), k.len());
                if best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, r.2));
                }
            }
        }
    }
    if let Some((_, m)) = best {
        return Some(m);
    }
    // Else the first keyword after it in its clause (举办一期…培训班).
    let mut first: Option<(usize, Metric)> = None;
    for r in RULES.iter().filter(|r| fits(r)) {
        for k in r.0 {
            if let Some(p) = clause_after.find(k)
                && first.is_none_or(|(b, _)| p < b)
            {
                first = Some((p, r.2));
            }
        }
    }
    first.map(|(_, m)| m)
}

fn ownership(head: &str) -> Option<OwnershipScope> {
    OWNERSHIP_WORDS
        .iter()
        .filter_map(|(w, o)| head.rfind(w).map(|p| (p, *o)))
        .max_by_key(|(p, _)| *p)
        .map(|(_, o)| o)
}
