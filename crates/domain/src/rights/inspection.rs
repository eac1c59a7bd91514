//! Labour-protection supervision (劳动保护监督, DOMAIN.md §10): the union
//! inspects the workplace against a checklist, records hazards found
//! (隐患) with a severity, and follows each to its rectification (整改) by
//! a deadline.
//!
//! The checklist is data: gonghui ships the six headings of the usual
//! 群众性劳动保护监督检查 form and a union edits, adds or drops them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::is_past;
use crate::{DomainError, ErrorCode, text};

/// One heading of the checklist, with the points an inspector looks at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    /// Stable key, snake_case ASCII: findings refer to it.
    pub code: String,
    pub label: String,
    #[serde(default)]
    pub points: Vec<String>,
}

/// The most headings and points a checklist may have: a form, not a manual.
pub const MAX_CHECKLIST_ITEMS: usize = 50;
pub const MAX_POINTS_PER_ITEM: usize = 30;

/// The shipped template. Returned as owned data because it is the starting
/// point a union copies and edits, not a fixed list.
pub fn default_checklist() -> Vec<ChecklistItem> {
    let item = |code: &str, label: &str, points: &[&str]| ChecklistItem {
        code: code.to_owned(),
        label: label.to_owned(),
        points: points.iter().map(|p| (*p).to_owned()).collect(),
    };
    vec![
        item(
            "safety_management",
            "安全管理",
            &["安全生产责任制落实", "安全管理机构和人员配备", "安全操作规程张贴和执行"],
        ),
        item("emergency_plan", "应急预案", &["应急预案制定和备案", "应急演练开展情况", "应急通道和器材完好"]),
        item(
            "occupational_disease",
            "职业病防治",
            &["职业病危害因素检测", "职业健康检查（上岗前、在岗期间、离岗时）", "职业病危害告知"],
        ),
        item("safety_training", "安全培训", &["新员工三级安全教育", "特种作业人员持证上岗", "培训记录"]),
        item("work_injury_insurance", "工伤保险", &["工伤保险参保全覆盖", "工伤认定和待遇落实"]),
        item(
            "protective_equipment",
            "劳保用品",
            &["劳动防护用品按标准发放", "防护用品质量合格", "职工正确佩戴使用"],
        ),
    ]
}

fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && s.as_bytes()[0].is_ascii_lowercase()
}

/// Checks a checklist as a union edited it: at least one heading, each
/// with a code and a label, no code twice, no empty point.
pub fn validate_checklist(items: &[ChecklistItem]) -> Result<Vec<ChecklistItem>, DomainError> {
    let fail = |m: String| DomainError::field(ErrorCode::InvalidValue, "checklist", m);
    if items.is_empty() {
        return Err(DomainError::field(ErrorCode::Required, "checklist", "检查表至少要有一个检查项目"));
    }
    if items.len() > MAX_CHECKLIST_ITEMS {
        return Err(fail(format!("检查项目最多{MAX_CHECKLIST_ITEMS}个，现在有{}个", items.len())));
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(items.len());
    for (i, it) in items.iter().enumerate() {
        let n = i + 1;
        let code = it.code.trim();
        if !is_code(code) {
            return Err(fail(format!("第{n}个检查项目的代码应为小写字母开头的字母、数字或下划线")));
        }
        if !seen.insert(code) {
            return Err(fail(format!("检查项目代码“{code}”重复")));
        }
        let label = text::required_line("checklist", &format!("第{n}个检查项目名称"), &it.label, 40)?;
        if it.points.len() > MAX_POINTS_PER_ITEM {
            return Err(fail(format!("“{label}”的检查要点最多{MAX_POINTS_PER_ITEM}条")));
        }
        let mut points = Vec::with_capacity(it.points.len());
        for p in &it.points {
            points.push(text::required_line("checklist", &format!("“{label}”的检查要点"), p, 200)?);
        }
        out.push(ChecklistItem { code: code.to_owned(), label, points });
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// 一般隐患.
    Minor,
    /// 较重隐患.
    Major,
    /// 严重隐患: may call for stopping work until fixed.
    Severe,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Minor, Severity::Major, Severity::Severe];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Minor => "minor",
            Severity::Major => "major",
            Severity::Severe => "severe",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Severity::Minor => "一般",
            Severity::Major => "较重",
            Severity::Severe => "严重",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|x| x.as_str() == s || x.label() == s)
    }
}

/// A hazard found, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFinding {
    /// The checklist heading it falls under.
    pub item_code: String,
    pub description: String,
    pub severity: Severity,
    pub deadline: Option<NaiveDate>,
}

/// Checks a finding of an inspection held on `inspected_on` against the
/// union's checklist; every fault at once. The rectification deadline must
/// come after the inspection day: a hazard "to be fixed by today" is one
/// fixed on the spot, which is recorded by closing it.
pub fn validate_finding(
    f: &NewFinding,
    inspected_on: NaiveDate,
    checklist: &[ChecklistItem],
) -> Result<NewFinding, Vec<DomainError>> {
    let mut errors = Vec::new();
    let item_code = f.item_code.trim().to_owned();
    if !checklist.iter().any(|i| i.code == item_code) {
        errors.push(DomainError::field(ErrorCode::InvalidValue, "item_code", "请选择检查表中的检查项目"));
    }
    let description =
        super::keep(&mut errors, text::required_line("description", "隐患描述", &f.description, 500));
    match f.deadline {
        None => errors.push(DomainError::field(ErrorCode::Required, "deadline", "请填写整改期限")),
        Some(d) if d <= inspected_on => errors.push(DomainError::field(
            ErrorCode::InvalidDate,
            "deadline",
            format!(
                "整改期限（{}）应晚于检查日期（{}）",
                crate::time::fmt_date(d),
                crate::time::fmt_date(inspected_on)
            ),
        )),
        Some(_) => {}
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(NewFinding { item_code, description, severity: f.severity, deadline: f.deadline })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingStatus {
    /// 待整改: notified to the employer.
    Open,
    /// 整改中: the employer has started.
    Rectifying,
    /// 已整改: checked by the union on a follow-up visit (复查).
    Closed,
}

impl FindingStatus {
    pub const ALL: [FindingStatus; 3] =
        [FindingStatus::Open, FindingStatus::Rectifying, FindingStatus::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            FindingStatus::Open => "open",
            FindingStatus::Rectifying => "rectifying",
            FindingStatus::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FindingStatus::Open => "待整改",
            FindingStatus::Rectifying => "整改中",
            FindingStatus::Closed => "已整改",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|x| x.as_str() == s || x.label() == s)
    }
}

/// The employer reports it has started rectifying.
pub fn start_rectifying(now: FindingStatus) -> Result<FindingStatus, DomainError> {
    match now {
        FindingStatus::Open => Ok(FindingStatus::Rectifying),
        _ => Err(DomainError::field(
            ErrorCode::InvalidTransition,
            "status",
            format!("隐患目前“{}”，不能再标记为整改中", now.label()),
        )),
    }
}

/// The union closes a finding after checking the fix (复查) on
/// `checked_on`, with what it found. A hazard fixed on the spot goes from
/// open to closed directly.
pub fn close_finding(
    now: FindingStatus,
    inspected_on: NaiveDate,
    checked_on: NaiveDate,
    note: &str,
) -> Result<FindingStatus, DomainError> {
    if now == FindingStatus::Closed {
        return Err(DomainError::field(ErrorCode::AlreadyClosed, "status", "该隐患已整改销号，不能重复销号"));
    }
    super::not_before("checked_on", "复查日期", checked_on, "检查日期", inspected_on)?;
    text::required_line("note", "复查情况", note, 500)?;
    Ok(FindingStatus::Closed)
}

/// Not closed after its deadline.
pub fn overdue(status: FindingStatus, deadline: NaiveDate, at: NaiveDate) -> bool {
    status != FindingStatus::Closed && is_past(deadline, at)
}

/// An inspection's status from its findings: closed when every finding is
/// (or none was found), rectifying when work has started on any, else open.
pub fn inspection_status(findings: &[FindingStatus]) -> FindingStatus {
    if findings.iter().all(|f| *f == FindingStatus::Closed) {
        FindingStatus::Closed
    } else if findings.iter().any(|f| *f != FindingStatus::Open) {
        FindingStatus::Rectifying
    } else {
        FindingStatus::Open
    }
}

/// The result of one checklist heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemResult {
    /// 符合.
    Pass,
    /// 不符合: hazards found under this heading.
    Fail,
    /// 不涉及 (no such work on this site).
    NotApplicable,
}

impl ItemResult {
    pub const ALL: [ItemResult; 3] = [ItemResult::Pass, ItemResult::Fail, ItemResult::NotApplicable];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemResult::Pass => "pass",
            ItemResult::Fail => "fail",
            ItemResult::NotApplicable => "not_applicable",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ItemResult::Pass => "符合",
            ItemResult::Fail => "不符合",
            ItemResult::NotApplicable => "不涉及",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|x| x.as_str() == s || x.label() == s)
    }
}

/// One heading of the checklist as used in an inspection: the heading as
/// it stood that day (a later edit of the template does not rewrite past
/// inspections) and its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedItem {
    pub code: String,
    pub label: String,
    #[serde(default)]
    pub points: Vec<String>,
    pub result: ItemResult,
    #[serde(default)]
    pub note: String,
}

/// An inspection as typed: the results by checklist code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInspection {
    pub inspected_on: NaiveDate,
    pub scope: String,
    pub inspectors: String,
    pub note: String,
    /// (code, result, note); a code the checklist lacks is refused.
    pub results: Vec<(String, Option<ItemResult>, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedInspection {
    pub inspected_on: NaiveDate,
    pub scope: String,
    pub inspectors: String,
    pub note: String,
    pub items: Vec<CheckedItem>,
}

/// Checks an inspection against the union's checklist: held by today,
/// where and by whom, and a result for every heading (an inspection that
/// skipped one says so: 不涉及). Every fault at once.
pub fn validate_inspection(
    n: &NewInspection,
    checklist: &[ChecklistItem],
    today: NaiveDate,
) -> Result<CheckedInspection, Vec<DomainError>> {
    let mut errors = Vec::new();
    if n.inspected_on > today {
        errors.push(DomainError::field(
            ErrorCode::InvalidDate,
            "inspected_on",
            format!("检查日期（{}）不能晚于今天", crate::time::fmt_date(n.inspected_on)),
        ));
    }
    let scope =
        super::keep(&mut errors, text::required_line("scope", "检查范围（单位、车间）", &n.scope, 100));
    let inspectors =
        super::keep(&mut errors, text::required_line("inspectors", "检查人员", &n.inspectors, 200));
    let note =
        super::keep(&mut errors, text::multiline("note", "检查情况说明", &n.note, 5_000)).unwrap_or_default();
    for (code, _, _) in &n.results {
        if !checklist.iter().any(|i| i.code == code.trim()) {
            errors.push(DomainError::field(
                ErrorCode::InvalidValue,
                "results",
                format!("检查项目“{}”不在本会的检查表中", code.trim()),
            ));
        }
    }
    let mut items = Vec::with_capacity(checklist.len());
    let mut missing = Vec::new();
    for item in checklist {
        let given = n.results.iter().find(|(c, _, _)| c.trim() == item.code);
        match given {
            Some((_, Some(result), note)) => {
                let note = super::keep(
                    &mut errors,
                    text::line("results", &format!("“{}”的说明", item.label), note, 500),
                )
                .unwrap_or_default();
                items.push(CheckedItem {
                    code: item.code.clone(),
                    label: item.label.clone(),
                    points: item.points.clone(),
                    result: *result,
                    note,
                });
            }
            _ => missing.push(item.label.as_str()),
        }
    }
    if !missing.is_empty() {
        errors.push(DomainError::field(
            ErrorCode::Required,
            "results",
            format!("请填写每个检查项目的结果，还缺：{}", missing.join("、")),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CheckedInspection { inspected_on: n.inspected_on, scope, inspectors, note, items })
}

/// Checks a follow-up visit (复查) of a finding: not on a closed finding,
/// not before the inspection, not in the future, with what was found.
pub fn validate_followup(
    now: FindingStatus,
    inspected_on: NaiveDate,
    checked_on: NaiveDate,
    note: &str,
    today: NaiveDate,
) -> Result<String, DomainError> {
    if now == FindingStatus::Closed {
        return Err(DomainError::field(ErrorCode::AlreadyClosed, "status", "该隐患已整改销号，无需再复查"));
    }
    super::not_before("checked_on", "复查日期", checked_on, "检查日期", inspected_on)?;
    if checked_on > today {
        return Err(DomainError::field(
            ErrorCode::InvalidDate,
            "checked_on",
            format!("复查日期（{}）不能晚于今天", crate::time::fmt_date(checked_on)),
        ));
    }
    text::required_line("note", "复查情况", note, 500)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_default_checklist_has_the_six_headings_and_is_valid() {
        let c = default_checklist();
        let labels: Vec<_> = c.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["安全管理", "应急预案", "职业病防治", "安全培训", "工伤保险", "劳保用品"]);
        assert_eq!(validate_checklist(&c).unwrap(), c);
    }

    #[test]
    fn an_edited_checklist_is_checked() {
        let mut c = default_checklist();
        c.push(ChecklistItem { code: "fire_safety".into(), label: "消防安全".into(), points: vec![] });
        assert_eq!(validate_checklist(&c).unwrap().len(), 7);
        assert_eq!(validate_checklist(&[]).unwrap_err().code, ErrorCode::Required);
        let mut dup = default_checklist();
        dup[1].code = "safety_management".into();
        assert!(validate_checklist(&dup).unwrap_err().message.contains("重复"));
        let mut bad = default_checklist();
        bad[0].code = "安全".into();
        assert!(validate_checklist(&bad).unwrap_err().message.contains("第1个"));
        let mut blank = default_checklist();
        blank[2].points.push(" ".into());
        assert_eq!(blank[2].label, "职业病防治");
        let e = validate_checklist(&blank).unwrap_err();
        assert!(e.message.contains("职业病防治"), "{}", e.message);
        let mut nameless = default_checklist();
        nameless[0].label = "".into();
        assert_eq!(validate_checklist(&nameless).unwrap_err().field.as_deref(), Some("checklist"));
    }

    #[test]
    fn a_deadline_must_come_after_the_inspection() {
        let c = default_checklist();
        let f = NewFinding {
            item_code: "protective_equipment".into(),
            description: "冲压车间部分职工未佩戴防护耳罩".into(),
            severity: Severity::Major,
            deadline: Some(d("2026-04-10")),
        };
        assert!(validate_finding(&f, d("2026-04-01"), &c).is_ok());
        let same_day = NewFinding { deadline: Some(d("2026-04-01")), ..f.clone() };
        let e = validate_finding(&same_day, d("2026-04-01"), &c).unwrap_err();
        assert_eq!((e[0].code, e[0].field.as_deref()), (ErrorCode::InvalidDate, Some("deadline")));
        let all_wrong = NewFinding { item_code: "x".into(), description: "".into(), deadline: None, ..f };
        let fields: Vec<_> = validate_finding(&all_wrong, d("2026-04-01"), &c)
            .unwrap_err()
            .iter()
            .map(|e| e.field.clone().unwrap())
            .collect();
        assert_eq!(fields, ["item_code", "description", "deadline"]);
        assert_eq!(Severity::parse("严重"), Some(Severity::Severe));
        assert!(Severity::Severe > Severity::Minor);
    }

    #[test]
    fn findings_move_to_closed_once() {
        let on = d("2026-04-01");
        assert_eq!(start_rectifying(FindingStatus::Open).unwrap(), FindingStatus::Rectifying);
        assert_eq!(
            start_rectifying(FindingStatus::Rectifying).unwrap_err().code,
            ErrorCode::InvalidTransition
        );
        assert_eq!(close_finding(FindingStatus::Open, on, on, "当场整改").unwrap(), FindingStatus::Closed);
        assert_eq!(
            close_finding(FindingStatus::Rectifying, on, d("2026-04-09"), "已配发耳罩并培训").unwrap(),
            FindingStatus::Closed
        );
        assert_eq!(
            close_finding(FindingStatus::Closed, on, on, "x").unwrap_err().code,
            ErrorCode::AlreadyClosed
        );
        assert_eq!(
            close_finding(FindingStatus::Open, on, d("2026-03-31"), "x").unwrap_err().field.as_deref(),
            Some("checked_on")
        );
        assert_eq!(
            close_finding(FindingStatus::Open, on, on, " ").unwrap_err().field.as_deref(),
            Some("note")
        );
    }

    #[test]
    fn overdue_and_inspection_status() {
        let due = d("2026-04-10");
        assert!(!overdue(FindingStatus::Open, due, due));
        assert!(overdue(FindingStatus::Rectifying, due, d("2026-04-11")));
        assert!(!overdue(FindingStatus::Closed, due, d("2026-05-01")));
        use FindingStatus::*;
        assert_eq!(inspection_status(&[]), Closed);
        assert_eq!(inspection_status(&[Open, Open]), Open);
        assert_eq!(inspection_status(&[Open, Closed]), Rectifying);
        assert_eq!(inspection_status(&[Closed, Closed]), Closed);
        for s in FindingStatus::ALL {
            assert_eq!(FindingStatus::parse(s.label()), Some(s));
        }
    }

    fn typed(codes: &[(&str, Option<ItemResult>)]) -> NewInspection {
        NewInspection {
            inspected_on: d("2026-04-01"),
            scope: "冲压车间".into(),
            inspectors: "王五、赵六".into(),
            note: String::new(),
            results: codes.iter().map(|(c, r)| ((*c).to_owned(), *r, String::new())).collect(),
        }
    }

    #[test]
    fn an_inspection_has_a_result_for_every_heading() {
        let c = default_checklist();
        let all: Vec<(&str, Option<ItemResult>)> = c
            .iter()
            .map(|i| {
                (
                    i.code.as_str(),
                    Some(if i.code == "protective_equipment" { ItemResult::Fail } else { ItemResult::Pass }),
                )
            })
            .collect();
        let ok = validate_inspection(&typed(&all), &c, d("2026-04-01")).unwrap();
        assert_eq!(ok.items.len(), 6);
        assert_eq!(ok.items[5].label, "劳保用品");
        assert_eq!(ok.items[5].result, ItemResult::Fail);
        assert_eq!(ok.items[0].points, c[0].points, "the heading as it stood that day");
        // Missing headings are named; an unknown code is refused.
        let mut some = all[..4].to_vec();
        some.push(("fire_safety", Some(ItemResult::Pass)));
        let e = validate_inspection(&typed(&some), &c, d("2026-04-01")).unwrap_err();
        assert!(e[0].message.contains("fire_safety"), "{}", e[0].message);
        assert!(e[1].message.contains("工伤保险、劳保用品"), "{}", e[1].message);
        let mut unset = all.clone();
        unset[0].1 = None;
        let e = validate_inspection(&typed(&unset), &c, d("2026-04-01")).unwrap_err();
        assert!(e[0].message.contains("安全管理"), "{}", e[0].message);
        // In the future, nowhere, by nobody.
        let mut n = typed(&all);
        n.scope = " ".into();
        n.inspectors = "".into();
        let fields: Vec<_> = validate_inspection(&n, &c, d("2026-03-31"))
            .unwrap_err()
            .into_iter()
            .map(|e| e.field.unwrap())
            .collect();
        assert_eq!(fields, ["inspected_on", "scope", "inspectors"]);
        for r in ItemResult::ALL {
            assert_eq!(ItemResult::parse(r.label()), Some(r));
        }
    }

    #[test]
    fn follow_ups_until_closed() {
        let on = d("2026-04-01");
        assert_eq!(
            validate_followup(FindingStatus::Open, on, d("2026-04-05"), " 已订购耳罩 ", d("2026-04-06"))
                .unwrap(),
            "已订购耳罩"
        );
        assert_eq!(
            validate_followup(FindingStatus::Closed, on, on, "x", on).unwrap_err().code,
            ErrorCode::AlreadyClosed
        );
        assert_eq!(
            validate_followup(FindingStatus::Open, on, d("2026-03-30"), "x", on)
                .unwrap_err()
                .field
                .as_deref(),
            Some("checked_on")
        );
        assert_eq!(
            validate_followup(FindingStatus::Rectifying, on, d("2026-04-03"), "x", d("2026-04-02"))
                .unwrap_err()
                .field
                .as_deref(),
            Some("checked_on")
        );
        assert_eq!(
            validate_followup(FindingStatus::Open, on, on, "", on).unwrap_err().field.as_deref(),
            Some("note")
        );
    }

    proptest! {
        /// Closed only when all are, open only when none has moved.
        #[test]
        fn inspection_status_follows_findings(v in proptest::collection::vec(0usize..3, 0..20)) {
            let f: Vec<FindingStatus> = v.iter().map(|i| FindingStatus::ALL[*i]).collect();
            let s = inspection_status(&f);
            prop_assert_eq!(s == FindingStatus::Closed, f.iter().all(|x| *x == FindingStatus::Closed));
            prop_assert_eq!(s == FindingStatus::Open, !f.is_empty() && f.iter().all(|x| *x == FindingStatus::Open));
        }
    }
}
