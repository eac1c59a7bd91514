//! Honours (荣誉): titles, levels, persons and collectives, the
//! nomination workflow with its public notice, and model workers (劳模).
//!
//! Two ways into the register:
//! - an honour already awarded by an outside body (a 省劳模 of 2019) is
//!   *recorded* straight away: the union only keeps the register;
//! - a nomination by the union (from a contest result, a group's proposal
//!   or the officers') starts as *nominated*, goes on public notice (公示)
//!   on the disclosure board for 1..=30 days, and once the notice has ended
//!   the chair approves it (→ recorded), or rejects it with a reason; the
//!   officers may withdraw it before the decision.
//!
//! Who counts as a model worker (劳模) for the yearly care: the holder of a
//! recorded personal 劳动模范 or 五一劳动奖章 at any level — the provinces'
//! rules give 五一劳动奖章 holders the treatment of model workers (享受劳模
//! 待遇), and a union's own 企业劳模 is cared for by it as well. 工匠 is an
//! honour of skill, not the model-worker treatment, so it does not count.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::{DomainError, ErrorCode, text};

/// The longest citation (事迹简介), in characters.
pub const MAX_CITATION_CHARS: usize = 2_000;
/// The longest written title and awarding body, in characters.
pub const MAX_TITLE_CHARS: usize = 60;
pub const MAX_BODY_CHARS: usize = 100;
/// A public notice lasts at least one day and at most a month; 5 working
/// days (7 calendar days) is the usual 公示期.
pub const NOTICE_DAYS: std::ops::RangeInclusive<i64> = 1..=30;
pub const DEFAULT_NOTICE_DAYS: i64 = 7;
/// The first year the register takes: the first national 劳动模范 were
/// named in 1950.
pub const FIRST_YEAR: i32 = 1950;

/// Whether an honour goes to a person or to a collective.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    Person,
    Collective,
    /// 其他: either.
    Either,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Title {
    /// 劳动模范
    ModelWorker,
    /// 先进工作者
    AdvancedWorker,
    /// 五一劳动奖章
    MayDayMedal,
    /// 优秀工会干部
    ExcellentCadre,
    /// 工匠
    Craftsman,
    /// 工人先锋号 (a team)
    PioneerTeam,
    /// 模范职工之家 (a union or a group)
    ModelHome,
    /// 巾帼文明岗 (a team of women)
    WomenPost,
    /// 其他
    Other,
}

impl Title {
    pub const ALL: [Title; 9] = [
        Title::ModelWorker,
        Title::AdvancedWorker,
        Title::MayDayMedal,
        Title::ExcellentCadre,
        Title::Craftsman,
        Title::PioneerTeam,
        Title::ModelHome,
        Title::WomenPost,
        Title::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Title::ModelWorker => "model_worker",
            Title::AdvancedWorker => "advanced_worker",
            Title::MayDayMedal => "may_day_medal",
            Title::ExcellentCadre => "excellent_cadre",
            Title::Craftsman => "craftsman",
            Title::PioneerTeam => "pioneer_team",
            Title::ModelHome => "model_home",
            Title::WomenPost => "women_post",
            Title::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Title::ModelWorker => "劳动模范",
            Title::AdvancedWorker => "先进工作者",
            Title::MayDayMedal => "五一劳动奖章",
            Title::ExcellentCadre => "优秀工会干部",
            Title::Craftsman => "工匠",
            Title::PioneerTeam => "工人先锋号",
            Title::ModelHome => "模范职工之家",
            Title::WomenPost => "巾帼文明岗",
            Title::Other => "其他",
        }
    }

    pub fn holder(self) -> Holder {
        match self {
            Title::ModelWorker
            | Title::AdvancedWorker
            | Title::MayDayMedal
            | Title::ExcellentCadre
            | Title::Craftsman => Holder::Person,
            Title::PioneerTeam | Title::ModelHome | Title::WomenPost => Holder::Collective,
            Title::Other => Holder::Either,
        }
    }

    /// Whether its holder is a model worker for the yearly care (see the
    /// module's comment).
    pub fn makes_model_worker(self) -> bool {
        matches!(self, Title::ModelWorker | Title::MayDayMedal)
    }

    /// The code or the label exactly.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|t| t.as_str() == s || t.label() == s)
    }

    /// A title as people write it: the code or the label gives the kind
    /// and its label; a written title naming a kind ("全国劳动模范",
    /// "省五一劳动奖章", "市劳模") is that kind as written; anything else
    /// is 其他 as written.
    pub fn classify(s: &str) -> (Title, String) {
        let s = s.trim();
        if let Some(t) = Self::parse(s) {
            return (t, if t.as_str() == s { t.label().to_owned() } else { s.to_owned() });
        }
        let kind = Self::ALL
            .into_iter()
            .filter(|t| *t != Title::Other)
            .find(|t| s.contains(t.label()))
            .or_else(|| s.contains("劳模").then_some(Title::ModelWorker))
            .unwrap_or(Title::Other);
        (kind, s.to_owned())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    National,
    Provincial,
    City,
    District,
    Unit,
}

impl Level {
    pub const ALL: [Level; 5] =
        [Level::National, Level::Provincial, Level::City, Level::District, Level::Unit];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Provincial => "provincial",
            Level::City => "city",
            Level::District => "district",
            Level::Unit => "unit",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::National => "国家级",
            Level::Provincial => "省级",
            Level::City => "市级",
            Level::District => "区级",
            Level::Unit => "单位",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|l| l.as_str() == s || l.label() == s)
    }

    /// The level, or a 422 naming `level` with the list.
    pub fn parse_field(s: &str) -> Result<Self, DomainError> {
        Self::parse(s).ok_or_else(|| {
            let all: Vec<String> =
                Self::ALL.iter().map(|l| format!("{}（{}）", l.as_str(), l.label())).collect();
            DomainError::field(
                ErrorCode::InvalidValue,
                "level",
                format!("荣誉级别“{}”不在列表中，可选：{}", s.trim(), all.join("、")),
            )
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 已提名
    Nominated,
    /// 公示中
    Notice,
    /// 已记录
    Recorded,
    /// 未通过
    Rejected,
    /// 已撤回
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 5] =
        [Status::Nominated, Status::Notice, Status::Recorded, Status::Rejected, Status::Withdrawn];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Nominated => "nominated",
            Status::Notice => "notice",
            Status::Recorded => "recorded",
            Status::Rejected => "rejected",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Nominated => "已提名",
            Status::Notice => "公示中",
            Status::Recorded => "已记录",
            Status::Rejected => "未通过",
            Status::Withdrawn => "已撤回",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|x| x.as_str() == s || x.label() == s)
    }

    /// Still open to a decision (the notice, approval, rejection, withdrawal).
    pub fn open(self) -> bool {
        matches!(self, Status::Nominated | Status::Notice)
    }
}

/// How a nominee came: the union's own nomination, a contest result, a
/// group's proposal; or `Record` for an honour awarded outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Union,
    Contest,
    Group,
    Record,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Union => "union",
            Source::Contest => "contest",
            Source::Group => "group",
            Source::Record => "record",
        }
    }

    pub fn label(s: &str) -> &'static str {
        match s {
            "union" => "工会提名",
            "contest" => "竞赛获奖提名",
            "group" => "小组推荐",
            "record" => "外部授予登记",
            _ => "",
        }
    }
}

/// A collective's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollectiveKind {
    Group,
    Department,
    Union,
}

impl CollectiveKind {
    pub const ALL: [CollectiveKind; 3] =
        [CollectiveKind::Group, CollectiveKind::Department, CollectiveKind::Union];

    pub fn as_str(self) -> &'static str {
        match self {
            CollectiveKind::Group => "group",
            CollectiveKind::Department => "department",
            CollectiveKind::Union => "union",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CollectiveKind::Group => "班组（工会小组）",
            CollectiveKind::Department => "部门",
            CollectiveKind::Union => "本工会",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|k| k.as_str() == s || k.label() == s)
    }
}

/// Who holds the honour, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nominee {
    Person,
    Collective { name: String, kind: CollectiveKind },
}

/// An honour as submitted (the member and the group are checked by the
/// caller against the union).
#[derive(Debug, Clone, Default)]
pub struct NewHonour {
    pub has_member: bool,
    pub collective: Option<String>,
    pub collective_kind: Option<String>,
    pub title: String,
    pub level: String,
    pub year: Option<i64>,
    pub awarding_body: String,
    pub citation: String,
}

/// An honour checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub nominee: Nominee,
    pub title_kind: Title,
    pub title: String,
    pub level: Level,
    pub year: i32,
    pub awarding_body: String,
    pub citation: String,
}

/// Checks a new honour, the first fault naming its field.
pub fn validate(n: &NewHonour, today: NaiveDate) -> Result<Checked, DomainError> {
    let collective = n.collective.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let nominee = match (n.has_member, collective) {
        (true, Some(_)) => {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                "collective",
                "荣誉授予个人或集体，二者只能选一：填写了会员就不要再填集体名称",
            ));
        }
        (false, None) => {
            return Err(DomainError::field(
                ErrorCode::Required,
                "member_id",
                "请选择获得荣誉的会员，或填写集体名称",
            ));
        }
        (true, None) => Nominee::Person,
        (false, Some(name)) => {
            let name = text::required_line("collective", "集体名称", name, MAX_BODY_CHARS)?;
            let kind_text = n.collective_kind.as_deref().unwrap_or("").trim();
            let kind = if kind_text.is_empty() {
                CollectiveKind::Department
            } else {
                CollectiveKind::parse(kind_text).ok_or_else(|| {
                    DomainError::field(
                        ErrorCode::InvalidValue,
                        "collective_kind",
                        "集体类型只能是 group（班组）、department（部门）或 union（本工会）",
                    )
                })?
            };
            Nominee::Collective { name, kind }
        }
    };
    let written = text::required_line("title", "荣誉称号", &n.title, MAX_TITLE_CHARS)?;
    let (title_kind, title) = Title::classify(&written);
    match (title_kind.holder(), &nominee) {
        (Holder::Person, Nominee::Collective { .. }) => {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                "title",
                format!("“{}”授予个人，不能授予集体", title_kind.label()),
            ));
        }
        (Holder::Collective, Nominee::Person) => {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                "title",
                format!("“{}”授予集体，请填写集体名称而不是会员", title_kind.label()),
            ));
        }
        _ => {}
    }
    let level = Level::parse_field(&n.level)?;
    let year = check_year(n.year, today)?;
    let awarding_body = text::required_line("awarding_body", "授予单位", &n.awarding_body, MAX_BODY_CHARS)?;
    let citation =
        text::multiline("citation", "主要事迹", &n.citation, MAX_CITATION_CHARS)?.unwrap_or_default();
    Ok(Checked { nominee, title_kind, title, level, year, awarding_body, citation })
}

/// A year from 1950 to next year (a nomination may be for next year's list).
pub fn check_year(year: Option<i64>, today: NaiveDate) -> Result<i32, DomainError> {
    let y = year.ok_or_else(|| DomainError::field(ErrorCode::Required, "year", "请填写年度"))?;
    let last = i64::from(today.year()) + 1;
    if y < i64::from(FIRST_YEAR) || y > last {
        return Err(DomainError::field(
            ErrorCode::InvalidValue,
            "year",
            format!("年度应在{FIRST_YEAR}年到{last}年之间"),
        ));
    }
    Ok(y as i32)
}

/// The notice's days, or a 422 naming `days`.
pub fn check_notice_days(days: Option<i64>) -> Result<i64, DomainError> {
    let d = days.unwrap_or(DEFAULT_NOTICE_DAYS);
    if !NOTICE_DAYS.contains(&d) {
        return Err(DomainError::field(ErrorCode::InvalidValue, "days", "公示天数应为1到30天"));
    }
    Ok(d)
}

/// The notice runs from `from` for `days` days, `from` included: the last
/// day it is up.
pub fn notice_until(from: NaiveDate, days: i64) -> NaiveDate {
    from + chrono::Duration::days(days - 1)
}

/// A step of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Notice,
    Approve,
    Reject,
    Withdraw,
}

impl Step {
    pub fn label(self) -> &'static str {
        match self {
            Step::Notice => "公示",
            Step::Approve => "批准",
            Step::Reject => "不予通过",
            Step::Withdraw => "撤回",
        }
    }
}

/// Where the step leads from `status`, or a 409 in Chinese. Approval waits
/// for the notice to have ended (`notice_until` before `today`).
pub fn transition(
    status: Status,
    step: Step,
    notice_until: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Status, DomainError> {
    let conflict = |msg: String| DomainError::field(ErrorCode::Conflict, "status", msg);
    match (status, step) {
        (Status::Nominated, Step::Notice) => Ok(Status::Notice),
        (Status::Notice, Step::Notice) => Err(conflict("已在公示中，不能重复公示".into())),
        (Status::Notice, Step::Approve) => match notice_until {
            Some(until) if until < today => Ok(Status::Recorded),
            Some(until) => {
                Err(conflict(format!("公示期到{}结束，公示期满后才能批准", crate::time::fmt_date(until))))
            }
            None => Err(conflict("尚未公示，公示期满后才能批准".into())),
        },
        (Status::Nominated, Step::Approve) => Err(conflict("尚未公示，公示期满后才能批准".into())),
        (s, Step::Reject | Step::Withdraw) if s.open() => {
            Ok(if step == Step::Reject { Status::Rejected } else { Status::Withdrawn })
        }
        (s, step) => Err(conflict(format!("荣誉{}，不能{}", s.label(), step.label()))),
    }
}

/// The rejection's reason, required.
pub fn check_reason(reason: &str) -> Result<String, DomainError> {
    text::multiline("reason", "不予通过的理由", reason, 500)?
        .ok_or_else(|| DomainError::field(ErrorCode::Required, "reason", "请填写不予通过的理由"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn person(title: &str, level: &str) -> NewHonour {
        NewHonour {
            has_member: true,
            title: title.into(),
            level: level.into(),
            year: Some(2019),
            awarding_body: "河南省人民政府".into(),
            citation: "带领班组攻克难题".into(),
            ..Default::default()
        }
    }

    #[test]
    fn titles_parse_by_code_label_or_as_written() {
        assert_eq!(Title::classify("model_worker"), (Title::ModelWorker, "劳动模范".into()));
        assert_eq!(Title::classify("全国劳动模范"), (Title::ModelWorker, "全国劳动模范".into()));
        assert_eq!(Title::classify("市劳模"), (Title::ModelWorker, "市劳模".into()));
        assert_eq!(Title::classify("省五一劳动奖章"), (Title::MayDayMedal, "省五一劳动奖章".into()));
        assert_eq!(Title::classify("技术能手"), (Title::Other, "技术能手".into()));
        assert!(Title::ModelWorker.makes_model_worker() && Title::MayDayMedal.makes_model_worker());
        assert!(!Title::Craftsman.makes_model_worker() && !Title::AdvancedWorker.makes_model_worker());
        assert_eq!(Title::PioneerTeam.holder(), Holder::Collective);
    }

    #[test]
    fn a_level_outside_the_list_names_level() {
        let e = validate(&person("劳动模范", "township"), day("2026-06-01")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("level"));
        assert_eq!(e.code, ErrorCode::InvalidValue);
        assert!(e.message.contains("国家级"));
        assert_eq!(Level::parse("省级"), Some(Level::Provincial));
    }

    #[test]
    fn person_xor_collective_and_the_title_fits() {
        let ok = validate(&person("劳动模范", "provincial"), day("2026-06-01")).unwrap();
        assert_eq!(ok.nominee, Nominee::Person);
        assert_eq!(ok.level, Level::Provincial);
        let mut both = person("劳动模范", "provincial");
        both.collective = Some("装配车间".into());
        assert_eq!(validate(&both, day("2026-06-01")).unwrap_err().field.as_deref(), Some("collective"));
        let mut none = person("劳动模范", "provincial");
        none.has_member = false;
        assert_eq!(validate(&none, day("2026-06-01")).unwrap_err().field.as_deref(), Some("member_id"));
        let mut team = none.clone();
        team.collective = Some("装配车间".into());
        assert_eq!(validate(&team, day("2026-06-01")).unwrap_err().field.as_deref(), Some("title"));
        team.title = "工人先锋号".into();
        team.collective_kind = Some("group".into());
        let c = validate(&team, day("2026-06-01")).unwrap();
        assert_eq!(c.nominee, Nominee::Collective { name: "装配车间".into(), kind: CollectiveKind::Group });
        assert_eq!(
            validate(&person("工人先锋号", "city"), day("2026-06-01")).unwrap_err().field.as_deref(),
            Some("title")
        );
        team.collective_kind = Some("team".into());
        assert_eq!(validate(&team, day("2026-06-01")).unwrap_err().field.as_deref(), Some("collective_kind"));
    }

    #[test]
    fn year_title_and_citation_are_checked() {
        let today = day("2026-06-01");
        let mut h = person("劳动模范", "city");
        h.year = Some(1949);
        assert_eq!(validate(&h, today).unwrap_err().field.as_deref(), Some("year"));
        h.year = Some(2028);
        assert_eq!(validate(&h, today).unwrap_err().field.as_deref(), Some("year"));
        h.year = Some(2027);
        assert!(validate(&h, today).is_ok());
        h.year = None;
        assert_eq!(validate(&h, today).unwrap_err().code, ErrorCode::Required);
        let mut h = person("  ", "city");
        assert_eq!(validate(&h, today).unwrap_err().field.as_deref(), Some("title"));
        h.title = "劳动模范".into();
        h.citation = "事".repeat(MAX_CITATION_CHARS + 1);
        assert_eq!(validate(&h, today).unwrap_err().field.as_deref(), Some("citation"));
    }

    #[test]
    fn notice_days_are_one_to_thirty() {
        assert_eq!(check_notice_days(None).unwrap(), DEFAULT_NOTICE_DAYS);
        assert_eq!(check_notice_days(Some(1)).unwrap(), 1);
        assert_eq!(check_notice_days(Some(30)).unwrap(), 30);
        assert_eq!(check_notice_days(Some(0)).unwrap_err().field.as_deref(), Some("days"));
        assert_eq!(check_notice_days(Some(31)).unwrap_err().field.as_deref(), Some("days"));
        assert_eq!(notice_until(day("2026-06-01"), 7), day("2026-06-07"));
    }

    #[test]
    fn approval_waits_for_the_notice_to_end() {
        let until = Some(day("2026-06-07"));
        assert_eq!(
            transition(Status::Nominated, Step::Notice, None, day("2026-06-01")).unwrap(),
            Status::Notice
        );
        let e = transition(Status::Notice, Step::Approve, until, day("2026-06-07")).unwrap_err();
        assert_eq!(e.code, ErrorCode::Conflict);
        assert!(e.message.contains("公示期满"));
        assert_eq!(
            transition(Status::Notice, Step::Approve, until, day("2026-06-08")).unwrap(),
            Status::Recorded
        );
        assert!(transition(Status::Nominated, Step::Approve, None, day("2026-06-08")).is_err());
        assert_eq!(
            transition(Status::Notice, Step::Reject, until, day("2026-06-02")).unwrap(),
            Status::Rejected
        );
        assert_eq!(
            transition(Status::Nominated, Step::Withdraw, None, day("2026-06-02")).unwrap(),
            Status::Withdrawn
        );
        assert!(transition(Status::Recorded, Step::Withdraw, None, day("2026-06-02")).is_err());
        assert!(transition(Status::Rejected, Step::Notice, None, day("2026-06-02")).is_err());
    }

    #[test]
    fn a_rejection_needs_its_reason() {
        assert_eq!(check_reason("  ").unwrap_err().field.as_deref(), Some("reason"));
        assert_eq!(check_reason("公示期间收到实名反映，情况属实").unwrap(), "公示期间收到实名反映，情况属实");
    }
}
