//! The organisation tree (DOMAIN.md §2): federations, grassroots unions, groups;
//! the 统一社会信用代码 check; union committees and their terms.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::{DomainError, ErrorCode, text};

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
const CREDIT_CODE_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Validates a 统一社会信用代码 (GB 32100-2015): 18 characters from the
/// 31-character set (no I, O, S, V, Z) whose last one is the check character.
/// Accepts lower case, full-width characters and surrounding spaces; returns
/// the normalised code.
pub fn parse_credit_code(input: &str) -> Result<String, DomainError> {
    let fail = |why: &str| {
        DomainError::field(ErrorCode::InvalidCreditCode, "credit_code", format!("统一社会信用代码{why}"))
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

/// The editable record of an org, as typed and (after [`validate`]) as kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgFields {
    pub name: String,
    pub credit_code: Option<String>,
    pub employer_name: Option<String>,
    pub employer_type: Option<String>,
    pub staff_count: Option<i64>,
    pub founded_on: Option<NaiveDate>,
    pub bank_account: Option<String>,
    pub star_rating: Option<i64>,
    pub honours: Option<String>,
}

/// Checks and normalises an org record; the first fault is named.
pub fn validate(f: &OrgFields, today: NaiveDate) -> Result<OrgFields, DomainError> {
    let name = text::required_line("name", "名称", &f.name, 100)?;
    let credit_code = match f.credit_code.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(c) => Some(parse_credit_code(c)?),
        None => None,
    };
    let employer_name =
        text::line("employer_name", "单位名称", f.employer_name.as_deref().unwrap_or(""), 100)?;
    let employer_type = match f.employer_type.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(t) => match EmployerType::parse(t) {
            Some(t) => Some(t.as_str().to_owned()),
            None => {
                return Err(DomainError::field(
                    ErrorCode::InvalidValue,
                    "employer_type",
                    "单位性质不在可选范围内",
                ));
            }
        },
        None => None,
    };
    if let Some(n) = f.staff_count
        && !(0..=10_000_000).contains(&n)
    {
        return Err(DomainError::field(
            ErrorCode::InvalidValue,
            "staff_count",
            "职工人数应在0到10000000之间",
        ));
    }
    if let Some(d) = f.founded_on
        && d > today
    {
        return Err(DomainError::field(ErrorCode::InvalidDate, "founded_on", "成立日期不能晚于今天"));
    }
    let bank_account = text::line("bank_account", "银行账号", f.bank_account.as_deref().unwrap_or(""), 64)?;
    if let Some(b) = &bank_account
        && !b.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
    {
        return Err(DomainError::field(
            ErrorCode::InvalidValue,
            "bank_account",
            "银行账号只能包含数字、空格和短横线",
        ));
    }
    if let Some(r) = f.star_rating
        && !(0..=5).contains(&r)
    {
        return Err(DomainError::field(ErrorCode::InvalidValue, "star_rating", "星级应为0到5"));
    }
    let honours = text::multiline("honours", "荣誉", f.honours.as_deref().unwrap_or(""), 2000)?;
    Ok(OrgFields {
        name,
        credit_code,
        employer_name,
        employer_type,
        staff_count: f.staff_count,
        founded_on: f.founded_on,
        bank_account,
        star_rating: f.star_rating,
        honours,
    })
}

/// A node's place in the tree, as far as moving it is concerned.
#[derive(Debug, Clone, Copy)]
pub struct Placement<'a> {
    pub kind: OrgKind,
    pub path: &'a str,
    /// The grassroots union the node belongs to (itself for a union).
    pub union_id: Option<&'a str>,
    pub archived: bool,
}

/// Checks moving `node` under `parent`: the tree shape must hold, a node
/// cannot go below itself, and groups stay inside their own union (their
/// members' records belong to it).
pub fn check_move(node: Placement<'_>, parent: Placement<'_>) -> Result<(), DomainError> {
    if node.archived || parent.archived {
        return Err(DomainError::field(ErrorCode::OrgArchived, "parent_id", "已撤销的组织不能调整隶属关系"));
    }
    if in_subtree(parent.path, node.path) {
        return Err(DomainError::field(
            ErrorCode::MoveIntoOwnSubtree,
            "parent_id",
            ErrorCode::MoveIntoOwnSubtree.message(),
        ));
    }
    check_parent(Some(parent.kind), node.kind)?;
    if node.kind == OrgKind::Group && node.union_id != parent.union_id {
        return Err(DomainError::field(
            ErrorCode::InvalidParent,
            "parent_id",
            "工会小组只能在本基层工会内调整",
        ));
    }
    Ok(())
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
    pub fn as_str(self) -> &'static str {
        match self {
            TermStatus::Current => "current",
            TermStatus::EndingSoon => "ending_soon",
            TermStatus::Expired => "expired",
        }
    }

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

impl CommitteePost {
    /// Posts held by one person per term.
    pub fn is_single(self) -> bool {
        !matches!(self, CommitteePost::ViceChair | CommitteePost::Member)
    }
}

/// Checks adding `post` to a term that already has `existing` posts.
pub fn check_post(post: CommitteePost, existing: &[CommitteePost]) -> Result<(), DomainError> {
    if post.is_single() && existing.contains(&post) {
        return Err(DomainError::field(
            ErrorCode::Conflict,
            "post",
            format!("本届已有{}，请先免去原任职务", post.label()),
        ));
    }
    Ok(())
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
        assert_eq!(parse_credit_code("９１３５０１００Ｍ０００１００Ｙ４３").unwrap(), "91350100M000100Y43");
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

    fn place<'a>(kind: OrgKind, path: &'a str, union_id: Option<&'a str>) -> Placement<'a> {
        Placement { kind, path, union_id, archived: false }
    }

    #[test]
    fn moves_keep_the_tree_sound() {
        let fed = place(OrgKind::Federation, "/f/", None);
        let fed2 = place(OrgKind::Federation, "/f2/", None);
        let sub = place(OrgKind::Federation, "/f/s/", None);
        let union = place(OrgKind::Union, "/f/u/", Some("u"));
        let union2 = place(OrgKind::Union, "/f/v/", Some("v"));
        let group = place(OrgKind::Group, "/f/u/g/", Some("u"));
        let group2 = place(OrgKind::Group, "/f/u/h/", Some("u"));
        assert!(check_move(union, fed2).is_ok());
        assert_eq!(check_move(fed, sub).unwrap_err().code, ErrorCode::MoveIntoOwnSubtree);
        assert_eq!(check_move(fed, fed).unwrap_err().code, ErrorCode::MoveIntoOwnSubtree);
        assert!(check_move(group, group2).is_ok());
        assert_eq!(check_move(group, union2).unwrap_err().code, ErrorCode::InvalidParent);
        assert_eq!(check_move(union, union2).unwrap_err().code, ErrorCode::InvalidParent);
        let archived = Placement { archived: true, ..fed2 };
        assert_eq!(check_move(union, archived).unwrap_err().code, ErrorCode::OrgArchived);
    }

    #[test]
    fn org_records_are_checked_field_by_field() {
        let today = d(2026, 11, 21);
        let ok = OrgFields {
            name: " 某某公司工会 ".into(),
            credit_code: Some("91350100m000100y43".into()),
            employer_type: Some("non_public".into()),
            staff_count: Some(120),
            founded_on: Some(d(2010, 1, 1)),
            star_rating: Some(3),
            ..Default::default()
        };
        let v = validate(&ok, today).unwrap();
        assert_eq!(v.name, "某某公司工会");
        assert_eq!(v.credit_code.as_deref(), Some("91350100M000100Y43"));
        let field = |f: OrgFields| validate(&f, today).unwrap_err().field.unwrap();
        assert_eq!(field(OrgFields { name: "".into(), ..ok.clone() }), "name");
        assert_eq!(field(OrgFields { employer_type: Some("boss".into()), ..ok.clone() }), "employer_type");
        assert_eq!(field(OrgFields { staff_count: Some(-1), ..ok.clone() }), "staff_count");
        assert_eq!(field(OrgFields { founded_on: Some(d(2027, 1, 1)), ..ok.clone() }), "founded_on");
        assert_eq!(field(OrgFields { star_rating: Some(6), ..ok.clone() }), "star_rating");
        assert_eq!(field(OrgFields { bank_account: Some("abc".into()), ..ok.clone() }), "bank_account");
        assert_eq!(field(OrgFields { credit_code: Some("123".into()), ..ok }), "credit_code");
    }

    #[test]
    fn one_chair_per_term_many_members() {
        assert!(check_post(CommitteePost::Chair, &[CommitteePost::Member]).is_ok());
        assert!(check_post(CommitteePost::Chair, &[CommitteePost::Chair]).is_err());
        assert!(check_post(CommitteePost::Member, &[CommitteePost::Member]).is_ok());
        assert!(check_post(CommitteePost::WomenChair, &[CommitteePost::WomenChair]).is_err());
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
