//! The federation's registry of employers (企业名录, DOMAIN.md §2, §10): who
//! the employers of a jurisdiction are, how many people they employ, and
//! the rates the work plans set targets for:
//!
//! - 建会率 (DOMAIN.md §2): employers with at least 25 staff that have a
//!   union ÷ employers with at least 25 staff ("25人以上企业建独立工会率达
//!   95%以上"); the 25 is [`RateSettings::union_required_staff`].
//! - 入会率 (DOMAIN.md §3: active members ÷ staff of the employer), over a
//!   jurisdiction: the members of all unionised employers ÷ their staff.
//!   Employers without a union are left out: their staff belong to 建会率.
//! - 集体合同签订率 (DOMAIN.md §10, "签订率 across the jurisdiction"):
//!   unionised employers with a contract in force ÷ unionised employers,
//!   and the workers those contracts cover (覆盖职工).

use serde::{Deserialize, Serialize};

use super::keep;
use crate::ratio::Ratio;
use crate::{DomainError, ErrorCode, org, text};

/// The ownership type (登记注册类型 as the statistics group it) of an
/// employer. Finer than `org::EmployerType`, which describes the employer
/// of a union that exists; this one classifies every employer of the
/// registry as the federations' yearly statistics do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ownership {
    /// 内资企业.
    Domestic,
    /// 港澳台商投资企业.
    HkMacaoTaiwan,
    /// 外商投资企业.
    Foreign,
    /// 事业单位.
    PublicInstitution,
    /// 机关.
    Government,
    /// 个体工商户.
    Individual,
    /// 社会组织.
    SocialOrganisation,
}

impl Ownership {
    pub const ALL: [Ownership; 7] = [
        Ownership::Domestic,
        Ownership::HkMacaoTaiwan,
        Ownership::Foreign,
        Ownership::PublicInstitution,
        Ownership::Government,
        Ownership::Individual,
        Ownership::SocialOrganisation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Ownership::Domestic => "domestic",
            Ownership::HkMacaoTaiwan => "hk_macao_taiwan",
            Ownership::Foreign => "foreign",
            Ownership::PublicInstitution => "public_institution",
            Ownership::Government => "government",
            Ownership::Individual => "individual",
            Ownership::SocialOrganisation => "social_organisation",
        }
    }

    /// The short name used in tables and import templates.
    pub fn label(self) -> &'static str {
        match self {
            Ownership::Domestic => "内资",
            Ownership::HkMacaoTaiwan => "港澳台",
            Ownership::Foreign => "外商",
            Ownership::PublicInstitution => "事业单位",
            Ownership::Government => "机关",
            Ownership::Individual => "个体",
            Ownership::SocialOrganisation => "社会组织",
        }
    }

    /// The full name, for forms and printed registers.
    pub fn full_label(self) -> &'static str {
        match self {
            Ownership::Domestic => "内资企业",
            Ownership::HkMacaoTaiwan => "港澳台商投资企业",
            Ownership::Foreign => "外商投资企业",
            Ownership::PublicInstitution => "事业单位",
            Ownership::Government => "机关",
            Ownership::Individual => "个体工商户",
            Ownership::SocialOrganisation => "社会组织",
        }
    }

    /// Accepts the code, the short or the full name: spreadsheets use any.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|o| o.as_str() == s || o.label() == s || o.full_label() == s)
    }
}

/// The largest head count accepted: above the largest employer in China,
/// so a typo (an extra zero or two) is caught rather than summed.
pub const MAX_STAFF: i64 = 5_000_000;

/// An employer as typed in a form or sent to the API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployerInput {
    pub name: String,
    pub credit_code: String,
    pub ownership: String,
    pub staff: i64,
    pub women: i64,
    /// 农民工.
    pub migrant_workers: i64,
}

/// One row of an import sheet: every cell as text, as it came.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmployerRow {
    pub name: String,
    pub credit_code: String,
    pub ownership: String,
    pub staff: String,
    pub women: String,
    pub migrant_workers: String,
}

/// A checked employer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Employer {
    pub name: String,
    /// Normalised by `org::parse_credit_code`.
    pub credit_code: String,
    pub ownership: Ownership,
    pub staff: u32,
    pub women: u32,
    pub migrant_workers: u32,
}

fn count(field: &str, label: &str, n: i64) -> Result<i64, DomainError> {
    if n < 0 {
        return Err(DomainError::field(
            ErrorCode::InvalidCount,
            field,
            format!("{label}不能为负数，现在是{n}"),
        ));
    }
    if n > MAX_STAFF {
        return Err(DomainError::field(
            ErrorCode::InvalidCount,
            field,
            format!("{label}{n}人超过{MAX_STAFF}人，请核对"),
        ));
    }
    Ok(n)
}

/// Parses a head count as offices type it: `1200`, `1,200`, `1200人`,
/// full-width digits, or `1200.0` as Excel stores a number. Empty is 0
/// only where `empty_is_zero` (women and migrant workers left blank mean
/// none recorded); staff must be given.
pub fn parse_count(field: &str, label: &str, input: &str, empty_is_zero: bool) -> Result<i64, DomainError> {
    let s: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .filter(|c| !matches!(c, ',' | '，' | ' '))
        .collect();
    let s = s.strip_suffix('人').unwrap_or(&s);
    let s = s.strip_suffix(".0").unwrap_or(s);
    if s.is_empty() {
        return if empty_is_zero {
            Ok(0)
        } else {
            Err(DomainError::field(ErrorCode::Required, field, format!("请填写{label}")))
        };
    }
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 12 {
        return Err(DomainError::field(
            ErrorCode::InvalidCount,
            field,
            format!("{label}“{}”不是整数人数", input.trim()),
        ));
    }
    let n: i64 = digits.parse().unwrap_or(i64::MAX);
    count(field, label, if negative { -n } else { n })
}

/// Checks an employer and returns every field's fault at once: an import
/// reports the whole row, a form shows each under its field.
pub fn validate(input: &EmployerInput) -> Result<Employer, Vec<DomainError>> {
    let mut errors = Vec::new();
    let name = keep(&mut errors, text::required_line("name", "单位名称", &input.name, 100));
    let credit_code = keep(&mut errors, org::parse_credit_code(&input.credit_code));
    let ownership = match Ownership::parse(&input.ownership) {
        Some(o) => Some(o),
        None => {
            let allowed: Vec<_> = Ownership::ALL.iter().map(|o| o.label()).collect();
            errors.push(if input.ownership.trim().is_empty() {
                DomainError::field(ErrorCode::Required, "ownership", "请填写单位类型")
            } else {
                DomainError::field(
                    ErrorCode::InvalidValue,
                    "ownership",
                    format!("单位类型“{}”不正确，应为{}之一", input.ownership.trim(), allowed.join("、")),
                )
            });
            None
        }
    };
    let staff = count("staff", "职工人数", input.staff);
    let women = count("women", "女职工人数", input.women);
    let migrant = count("migrant_workers", "农民工人数", input.migrant_workers);
    // Compared only when both sides are valid: one wrong count is one error.
    let mut over_staff = Vec::new();
    if let (Ok(staff), Ok(women)) = (&staff, &women)
        && women > staff
    {
        over_staff.push(DomainError::field(
            ErrorCode::InvalidCount,
            "women",
            format!("女职工{women}人，不能多于职工总数{staff}人"),
        ));
    }
    if let (Ok(staff), Ok(migrant)) = (&staff, &migrant)
        && migrant > staff
    {
        over_staff.push(DomainError::field(
            ErrorCode::InvalidCount,
            "migrant_workers",
            format!("农民工{migrant}人，不能多于职工总数{staff}人"),
        ));
    }
    let staff = keep(&mut errors, staff);
    let women = keep(&mut errors, women);
    let migrant = keep(&mut errors, migrant);
    errors.extend(over_staff);
    match ownership {
        Some(ownership) if errors.is_empty() => Ok(Employer {
            name,
            credit_code,
            ownership,
            staff: staff as u32,
            women: women as u32,
            migrant_workers: migrant as u32,
        }),
        _ => Err(errors),
    }
}

/// Checks one import row: the cells are parsed, then the employer checked;
/// every fault of the row is returned, so the report lists them all.
pub fn validate_row(row: &EmployerRow) -> Result<Employer, Vec<DomainError>> {
    let mut errors = Vec::new();
    // A count that does not parse is reported once, and stands in as 0 so
    // the comparisons below do not add a second, misleading error.
    let staff = parse_count("staff", "职工人数", &row.staff, false);
    let women = parse_count("women", "女职工人数", &row.women, true);
    let migrant = parse_count("migrant_workers", "农民工人数", &row.migrant_workers, true);
    let parsed_staff = staff.is_ok();
    let input = EmployerInput {
        name: row.name.clone(),
        credit_code: row.credit_code.clone(),
        ownership: row.ownership.clone(),
        staff: keep(&mut errors, staff),
        women: keep(&mut errors, women),
        migrant_workers: keep(&mut errors, migrant),
    };
    match validate(&input) {
        Ok(e) if errors.is_empty() => Ok(e),
        Ok(_) => Err(errors),
        Err(more) => {
            // With the staff cell unreadable, "more women than staff (0)"
            // would only repeat that error.
            let more = more
                .into_iter()
                .filter(|e| parsed_staff || !matches!(e.field.as_deref(), Some("women" | "migrant_workers")));
            errors.extend(more);
            // Keep the sheet's column order: name, code, type, counts.
            let order = ["name", "credit_code", "ownership", "staff", "women", "migrant_workers"];
            errors.sort_by_key(|e| order.iter().position(|f| Some(*f) == e.field.as_deref()));
            Err(errors)
        }
    }
}

// ---------------------------------------------------------------------------
// Import sheets

/// A column of the register's import sheet (and of its template and export).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    CreditCode,
    Ownership,
    Staff,
    Women,
    MigrantWorkers,
    /// 所属工会: the covering union's name or credit code (optional).
    CoveredBy,
}

impl Column {
    /// In the template's order.
    pub const ALL: [Column; 7] = [
        Column::Name,
        Column::CreditCode,
        Column::Ownership,
        Column::Staff,
        Column::Women,
        Column::MigrantWorkers,
        Column::CoveredBy,
    ];

    /// The header of the template.
    pub fn label(self) -> &'static str {
        match self {
            Column::Name => "单位名称",
            Column::CreditCode => "统一社会信用代码",
            Column::Ownership => "单位性质",
            Column::Staff => "职工人数",
            Column::Women => "女职工人数",
            Column::MigrantWorkers => "农民工人数",
            Column::CoveredBy => "所属工会",
        }
    }

    /// Headers other offices use for the same column.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Name => &["单位名称", "企业名称", "名称", "单位"],
            Column::CreditCode => &["统一社会信用代码", "信用代码", "社会信用代码", "统一代码"],
            Column::Ownership => &["单位性质", "单位类型", "企业类型", "所有制", "登记注册类型", "经济类型"],
            Column::Staff => &["职工人数", "职工总数", "职工数", "从业人员", "从业人数", "员工人数"],
            Column::Women => &["女职工人数", "女职工", "女职工数"],
            Column::MigrantWorkers => &["农民工人数", "农民工", "农民工数"],
            Column::CoveredBy => &["所属工会", "覆盖工会", "工会名称", "建会情况", "工会"],
        }
    }

    /// The column a header cell names: spaces, `*` marks of required
    /// columns and a `（人）` unit are ignored.
    pub fn for_header(cell: &str) -> Option<Column> {
        let h: String = cell.chars().filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊')).collect();
        let h = h.trim_end_matches("（人）").trim_end_matches("(人)");
        Self::ALL.into_iter().find(|c| c.aliases().contains(&h))
    }
}

/// How far down a sheet the header row is looked for (title rows above it).
const HEADER_SEARCH_ROWS: usize = 20;

/// The header row of an import sheet (0-based) and the column of each of
/// its cells: the first of the top rows naming both 单位名称 and
/// 统一社会信用代码. A column named twice counts once (the first).
pub fn find_header_row(rows: &[Vec<String>]) -> Option<(usize, Vec<Option<Column>>)> {
    rows.iter().take(HEADER_SEARCH_ROWS).enumerate().find_map(|(i, row)| {
        let mut seen = Vec::new();
        let columns: Vec<Option<Column>> = row
            .iter()
            .map(|cell| {
                Column::for_header(cell).filter(|c| {
                    let new = !seen.contains(c);
                    if new {
                        seen.push(*c);
                    }
                    new
                })
            })
            .collect();
        (seen.contains(&Column::Name) && seen.contains(&Column::CreditCode)).then_some((i, columns))
    })
}

/// The import row of a sheet row under its header's columns, and the
/// 所属工会 cell (empty: none named).
pub fn row_of(cells: &[String], columns: &[Option<Column>]) -> (EmployerRow, String) {
    let mut row = EmployerRow::default();
    let mut covered_by = String::new();
    for (cell, col) in cells.iter().zip(columns) {
        let target = match col {
            Some(Column::Name) => &mut row.name,
            Some(Column::CreditCode) => &mut row.credit_code,
            Some(Column::Ownership) => &mut row.ownership,
            Some(Column::Staff) => &mut row.staff,
            Some(Column::Women) => &mut row.women,
            Some(Column::MigrantWorkers) => &mut row.migrant_workers,
            Some(Column::CoveredBy) => &mut covered_by,
            None => continue,
        };
        target.clone_from(cell);
    }
    covered_by = covered_by.trim().to_owned();
    (row, covered_by)
}

/// Whether an employer belongs on the 未建会 list: big enough to be
/// expected to have a union (the base of 建会率) and covered by none.
pub fn without_union(staff: i64, covered: bool, s: &RateSettings) -> bool {
    !covered && staff >= i64::from(s.union_required_staff)
}

// ---------------------------------------------------------------------------
// Rates

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateSettings {
    /// Staff from which an employer is expected to have its own union,
    /// the base of 建会率. Default 25 (DOMAIN.md §2; the plans' "25人以上企业").
    pub union_required_staff: u32,
}

impl Default for RateSettings {
    fn default() -> Self {
        RateSettings { union_required_staff: 25 }
    }
}

/// What the rates need to know about one employer of the registry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EmployerFacts {
    pub staff: u64,
    /// Has a union of its own (独立建会), or is covered by a joint one
    /// (联合基层工会) — whatever the federation counts as 建会.
    pub has_union: bool,
    /// Active members of that union (0 without one).
    pub members: u64,
    /// A collective contract in force on the day of the report (the caller
    /// picks the kind: the general contract for 集体合同签订率, wage
    /// agreements for 工资集体协议签订率).
    pub contract_in_force: bool,
    /// Workers that contract covers (0 without one).
    pub workers_covered: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct EmployerRates {
    pub employers: u64,
    /// 建会率.
    pub unionisation: Ratio,
    /// 入会率.
    pub membership: Ratio,
    /// 集体合同签订率.
    pub contract: Ratio,
    /// 覆盖职工: workers covered by the contracts in force of unionised
    /// employers.
    pub workers_covered: u64,
}

pub fn rates(employers: &[EmployerFacts], s: &RateSettings) -> EmployerRates {
    let mut r = EmployerRates { employers: employers.len() as u64, ..Default::default() };
    for e in employers {
        if e.staff >= u64::from(s.union_required_staff) {
            r.unionisation.denominator += 1;
            if e.has_union {
                r.unionisation.numerator += 1;
            }
        }
        if e.has_union {
            r.membership.numerator += e.members;
            r.membership.denominator += e.staff;
            r.contract.denominator += 1;
            if e.contract_in_force {
                r.contract.numerator += 1;
                r.workers_covered += e.workers_covered;
            }
        }
    }
    r
}

#[cfg(test)]
#[path = "employer_tests.rs"]
mod tests;
