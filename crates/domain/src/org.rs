//! The organisation tree (DOMAIN.md §2): federations, grassroots unions, groups;
//! the 统一社会信用代码 check; union committees and their terms.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::{DomainError, ErrorCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// 总工会: 省/市/区县, 街道/乡镇, 产业工会.
    Federation,
    /// 基层工会: the tenant.
    Union,
    /// 分工会 / 工会小组.
    Group,
}

impl OrgKind {
    pub const ALL: [OrgKind; 3] = [OrgKind::Federation, OrgKind::Union, OrgKind::Group];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Federation => "federation",
            OrgKind::Union => "union",
            OrgKind::Group => "group",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Federation => "总工会",
            OrgKind::Union => "基层工会",
            OrgKind::Group => "工会小组",
        }
    }

    /// Which kinds may stand directly below this one. A tree root is always
    /// a federation (see [`check_parent`]).
    pub fn allows_child(self, child: OrgKind) -> bool {
        matches!(
            (self, child),
            (OrgKind::Federation, OrgKind::Federation | OrgKind::Union)
                | (OrgKind::Union, OrgKind::Group)
                | (OrgKind::Group, OrgKind::Group)
        )
    }
}

/// Checks that `child` may stand under `parent` (None: a root).
pub fn check_parent(parent: Option<OrgKind>, child: OrgKind) -> Result<(), DomainError> {
    let ok = match parent {
        None => child == OrgKind::Federation,
        Some(p) => p.allows_child(child),
    };
    if ok {
        return Ok(());
    }
    let message = match parent {
        None => format!("{}必须有上级组织", child.label()),
        Some(p) => format!("{}下不能设立{}", p.label(), child.label()),
    };
    Err(DomainError::field(ErrorCode::InvalidParent, "parent_id", message))
}

/// 单位性质 of the employer behind a grassroots union.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmployerType {
    Government,
    PublicInstitution,
    StateOwned,
    Collective,
    NonPublic,
    SocialOrganisation,
}

impl EmployerType {
    pub const ALL: [EmployerType; 6] = [
        EmployerType::Government,
        EmployerType::PublicInstitution,
        EmployerType::StateOwned,
        EmployerType::Collective,
        EmployerType::NonPublic,
        EmployerType::SocialOrganisation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EmployerType::Government => "government",
            EmployerType::PublicInstitution => "public_institution",
            EmployerType::StateOwned => "state_owned",
            EmployerType::Collective => "collective",
            EmployerType::NonPublic => "non_public",
            EmployerType::SocialOrganisation => "social_organisation",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            EmployerType::Government => "机关",
            EmployerType::PublicInstitution => "事业单位",
            EmployerType::StateOwned => "国有企业",
            EmployerType::Collective => "集体企业",
            EmployerType::NonPublic => "非公有制企业",
            EmployerType::SocialOrganisation => "社会组织",
        }
    }
}

const CREDIT_CODE_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_CODE_WEIGHTS: [u32; 17] =
    [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Validates a 统一社会信用代码 (GB 32100-2015): 18 characters from the
/// 31-character set (no I, O, S, V, Z) whose last one is the check character.
/// Accepts lower case, full-width characters and surrounding spaces; returns
/// the normalised code.
pub fn parse_credit_code(input: &str) -> Result<String, DomainError> {
    let fail = |why: &str| {
        DomainError::field(
            ErrorCode::InvalidCreditCode,
            "credit_code",
            format!("统一社会信用代码{why}"),
        )
    };
    let code: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let len = code.chars().count();
    if len != 18 {
        return Err(fail(&format!("应为18位，现在是{len}位")));
    }
    let mut values = Vec::with_capacity(18);
    for (i, c) in code.bytes().enumerate() {
        match CREDIT_CODE_CHARS.iter().position(|&x| x == c) {
            Some(v) => values.push(v as u32),
            None => return Err(fail(&format!("第{}位“{}”不是有效字符", i + 1, c as char))),
        }
    }
    let sum: u32 = values[..17].iter().zip(CREDIT_CODE_WEIGHTS).map(|(v, w)| v * w).sum();
    let check = (31 - sum % 31) % 31;
    if values[17] != check {
        return Err(fail("校验位不正确，请核对是否输错"));
    }
    Ok(code)
}

/// Computes the check character for 17 leading characters (used by demo data
/// and tests).
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.bytes().zip(CREDIT_CODE_WEIGHTS) {
        sum += CREDIT_CODE_CHARS.iter().position(|&x| x == c)? as u32 * w;
    }
    Some(CREDIT_CODE_CHARS[((31 - sum % 31) % 31) as usize] as char)
}

/// Posts on a union committee (委员会).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitteePost {
    Chair,
    ViceChair,
    Member,
    AuditChair,
    WomenChair,
}

impl CommitteePost {
    pub const ALL: [CommitteePost; 5] = [
        CommitteePost::Chair,
        CommitteePost::ViceChair,
        CommitteePost::Member,
        CommitteePost::AuditChair,
        CommitteePost::WomenChair,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CommitteePost::Chair => "chair",
            CommitteePost::ViceChair => "vice_chair",
            CommitteePost::Member => "member",
            CommitteePost::AuditChair => "audit_chair",
            CommitteePost::WomenChair => "women_chair",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            CommitteePost::Chair => "主席",
            CommitteePost::ViceChair => "副主席",
            CommitteePost::Member => "委员",
            CommitteePost::AuditChair => "经审委员会主任",
            CommitteePost::WomenChair => "女职工委员会主任",
        }
    }
}

/// A committee term (届) lasts 3 or 5 years (工会法 §16).
pub fn check_term_years(years: i64) -> Result<(), DomainError> {
    if years == 3 || years == 5 {
        Ok(())
    } else {
        Err(DomainError::field(ErrorCode::InvalidTerm, "term_years", "任期只能为3年或5年"))
    }
}

/// The day a term ends: the same calendar day `years` later.
pub fn term_ends_on(starts_on: NaiveDate, years: i64) -> NaiveDate {
    let months = u32::try_from(years * 12).unwrap_or(0);
    starts_on.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// How long before a term ends the 换届提醒 shows.
pub const TERM_WARNING_MONTHS: u32 = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TermStatus {
    Current,
    /// Within the last six months of the term: prepare the election.
    EndingSoon,
    Expired,
}

impl TermStatus {
    pub fn label(self) -> &'static str {
        match self {
            TermStatus::Current => "任期内",
            TermStatus::EndingSoon => "即将届满，请筹备换届",
            TermStatus::Expired => "已届满，应尽快换届",
        }
    }
}

pub fn term_status(ends_on: NaiveDate, today: NaiveDate) -> TermStatus {
    let warn_from = ends_on.checked_sub_months(Months::new(TERM_WARNING_MONTHS)).unwrap_or(ends_on);
    if today >= ends_on {
        TermStatus::Expired
    } else if today >= warn_from {
        TermStatus::EndingSoon
    } else {
        TermStatus::Current
    }
}

/// The materialised path of a node: its ancestors' ids and its own, each
/// followed by `/`, starting with `/`. A subtree is one range of paths.
pub fn child_path(parent_path: Option<&str>, id: &str) -> String {
    format!("{}{id}/", parent_path.unwrap_or("/"))
}

/// Whether `path` lies in the subtree rooted at `root_path` (itself included).
pub fn in_subtree(path: &str, root_path: &str) -> bool {
    path.starts_with(root_path)
}

/// The exclusive upper bound of the path range of a subtree: `/` is followed
/// by `0` in byte order, so `[root, root with its last '/' as '0')` holds
/// exactly the subtree.
pub fn subtree_upper_bound(root_path: &str) -> String {
    let mut s = root_path.strip_suffix('/').unwrap_or(root_path).to_owned();
    s.push('0');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn known_credit_codes_pass() {
        // Published codes of real organisations.
        for code in ["91350100M000100Y43", "91110000600037341L", "12100000400000624D"] {
            assert_eq!(parse_credit_code(code).unwrap(), code);
        }
    }

    #[test]
    fn credit_code_accepts_lower_case_full_width_and_spaces() {
        assert_eq!(parse_credit_code(" 91350100m000100y43 ").unwrap(), "91350100M000100Y43");
        assert_eq!(
            parse_credit_code("９１３５０１００Ｍ０００１００Ｙ４３").unwrap(),
            "91350100M000100Y43"
        );
    }

    #[test]
    fn credit_code_errors_say_why() {
        let e = parse_credit_code("91350100M000100Y44").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidCreditCode);
        assert_eq!(e.field.as_deref(), Some("credit_code"));
        assert!(e.message.contains("校验位"));
        assert!(parse_credit_code("9135").unwrap_err().message.contains("18位"));
        // I, O, S, V, Z are not in the character set.
        assert!(parse_credit_code("91350100I000100Y43").unwrap_err().message.contains("第9位"));
    }

    proptest! {
        #[test]
        fn computed_check_char_always_validates(body in "[0-9A-HJ-NP-RTUWXY]{17}") {
            let c = credit_code_check_char(&body).unwrap();
            let code = format!("{body}{c}");
            prop_assert_eq!(parse_credit_code(&code).unwrap(), code.clone());
        }

        #[test]
        fn any_single_substitution_is_caught(body in "[0-9A-HJ-NP-RTUWXY]{17}", pos in 0usize..18, delta in 1usize..31) {
            let c = credit_code_check_char(&body).unwrap();
            let mut bytes = format!("{body}{c}").into_bytes();
            let old = CREDIT_CODE_CHARS.iter().position(|&x| x == bytes[pos]).unwrap();
            bytes[pos] = CREDIT_CODE_CHARS[(old + delta) % 31];
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert!(parse_credit_code(&changed).is_err());
        }
    }

    #[test]
    fn tree_shape_rules() {
        assert!(check_parent(None, OrgKind::Federation).is_ok());
        assert!(check_parent(None, OrgKind::Union).is_err());
        assert!(check_parent(Some(OrgKind::Federation), OrgKind::Union).is_ok());
        assert!(check_parent(Some(OrgKind::Federation), OrgKind::Group).is_err());
        assert!(check_parent(Some(OrgKind::Union), OrgKind::Group).is_ok());
        assert!(check_parent(Some(OrgKind::Union), OrgKind::Union).is_err());
        assert!(check_parent(Some(OrgKind::Group), OrgKind::Federation).is_err());
        let e = check_parent(Some(OrgKind::Group), OrgKind::Union).unwrap_err();
        assert_eq!(e.message, "工会小组下不能设立基层工会");
    }

    #[test]
    fn terms_last_three_or_five_years_and_warn_six_months_ahead() {
        assert!(check_term_years(3).is_ok());
        assert!(check_term_years(5).is_ok());
        assert!(check_term_years(4).is_err());
        let ends = term_ends_on(d(2021, 12, 1), 5);
        assert_eq!(ends, d(2026, 12, 1));
        assert_eq!(term_status(ends, d(2026, 5, 31)), TermStatus::Current);
        assert_eq!(term_status(ends, d(2026, 6, 1)), TermStatus::EndingSoon);
        assert_eq!(term_status(ends, d(2026, 11, 30)), TermStatus::EndingSoon);
        assert_eq!(term_status(ends, d(2026, 12, 1)), TermStatus::Expired);
        // A leap day start ends on the last day of February.
        assert_eq!(term_ends_on(d(2024, 2, 29), 3), d(2027, 2, 28));
    }

    proptest! {
        #[test]
        fn subtree_range_matches_prefix(a in "[0-9a-f]{4}", b in "[0-9a-f]{4}", c in "[0-9a-f]{4}") {
            let root = child_path(None, &a);
            let child = child_path(Some(&root), &b);
            let other = child_path(None, &c);
            let upper = subtree_upper_bound(&root);
            for p in [&root, &child, &other] {
                let in_range = p.as_str() >= root.as_str() && p.as_str() < upper.as_str();
                prop_assert_eq!(in_range, in_subtree(p, &root));
            }
        }
    }
}
