//! The annual statistics (年报) of a federation's subtree: how a union is
//! classed by its employer's ownership, and the counts summed per child
//! org and in total.
//!
//! Classing a grassroots union (基层工会数 by ownership type). Two records
//! say what employer a union stands in:
//! 1. the employer registers (企业名录, `domain::rights::employer::Ownership`)
//!    naming the union as the one covering an employer — the finer fact,
//!    since it tells 港澳台 and 外商 enterprises apart; a union covering
//!    several employers (联合工会) is classed by the first of them in the
//!    order of `Ownership::ALL` (内资 first);
//! 2. else the union's own 单位性质 (`domain::org::EmployerType`): 机关 →
//!    机关, 事业单位 → 事业单位, 社会组织 → 社会组织, and 国有企业, 集体企业
//!    and 非公有制企业 → 内资企业 (without a register entry a union does not
//!    say whether its enterprise has foreign capital; registering the
//!    employer classes it exactly).
//!
//! 个体工商户 count with 内资企业 (domestic enterprises in the yearly tables).
//! A union with neither fact is 未分类, shown so that it is fixed, never
//! guessed.

use serde::Serialize;

use chrono::{Datelike, NaiveDate};

use crate::org::EmployerType;
use crate::rights::employer::Ownership;
use crate::{DomainError, ErrorCode};

/// The earliest year a report may ask for: before any union kept records
/// here, and far from the dates a typo makes.
pub const FIRST_YEAR: i32 = 2000;

/// The year of a summary or of the annual statistics: this year when not
/// given; 2000 to this year, else refused naming `year`.
pub fn check_year(year: Option<i32>, today: NaiveDate) -> Result<i32, DomainError> {
    let year = year.unwrap_or(today.year());
    if (FIRST_YEAR..=today.year()).contains(&year) {
        Ok(year)
    } else {
        Err(DomainError::field(
            ErrorCode::InvalidValue,
            "year",
            format!("年份应在{FIRST_YEAR}年至{}年之间", today.year()),
        ))
    }
}

/// The ownership columns of the 基层工会数 table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnionClass {
    Domestic,
    HkMacaoTaiwan,
    Foreign,
    PublicInstitution,
    Government,
    SocialOrganisation,
    Unclassified,
}

impl UnionClass {
    pub const ALL: [UnionClass; 7] = [
        UnionClass::Domestic,
        UnionClass::HkMacaoTaiwan,
        UnionClass::Foreign,
        UnionClass::PublicInstitution,
        UnionClass::Government,
        UnionClass::SocialOrganisation,
        UnionClass::Unclassified,
    ];

    /// The column heading.
    pub fn label(self) -> &'static str {
        match self {
            UnionClass::Domestic => "内资企业",
            UnionClass::HkMacaoTaiwan => "港澳台商投资企业",
            UnionClass::Foreign => "外商投资企业",
            UnionClass::PublicInstitution => "事业单位",
            UnionClass::Government => "机关",
            UnionClass::SocialOrganisation => "社会组织",
            UnionClass::Unclassified => "未分类",
        }
    }

    fn index(self) -> usize {
        UnionClass::ALL.iter().position(|c| *c == self).unwrap_or(6)
    }
}

/// The class of a union: the register's ownership of an employer it covers
/// (the first by `Ownership::ALL` order when several), else its 单位性质.
pub fn classify(registered: &[Ownership], employer_type: Option<EmployerType>) -> UnionClass {
    let first = Ownership::ALL.into_iter().find(|o| registered.contains(o));
    match (first, employer_type) {
        (Some(Ownership::Domestic | Ownership::Individual), _) => UnionClass::Domestic,
        (Some(Ownership::HkMacaoTaiwan), _) => UnionClass::HkMacaoTaiwan,
        (Some(Ownership::Foreign), _) => UnionClass::Foreign,
        (Some(Ownership::PublicInstitution), _) => UnionClass::PublicInstitution,
        (Some(Ownership::Government), _) => UnionClass::Government,
        (Some(Ownership::SocialOrganisation), _) => UnionClass::SocialOrganisation,
        (None, Some(EmployerType::Government)) => UnionClass::Government,
        (None, Some(EmployerType::PublicInstitution)) => UnionClass::PublicInstitution,
        (None, Some(EmployerType::SocialOrganisation)) => UnionClass::SocialOrganisation,
        (None, Some(EmployerType::StateOwned | EmployerType::Collective | EmployerType::NonPublic)) => {
            UnionClass::Domestic
        }
        (None, None) => UnionClass::Unclassified,
    }
}

/// A 联合工会: a union the registers name as covering several employers.
pub fn is_joint(units_covered: u64) -> bool {
    units_covered >= 2
}

/// The additive counts of one row of the tables (a child org's subtree, or
/// the total): every field sums.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// 基层工会数 and its split by [`UnionClass`] (in `UnionClass::ALL` order).
    pub unions: u64,
    pub by_class: [u64; 7],
    /// 联合工会: how many, the employers they cover, their members.
    pub joint_unions: u64,
    pub joint_units: u64,
    pub joint_members: u64,
    /// 会员数 at the end of the year, of them women and 农民工.
    pub members: u64,
    pub women: u64,
    pub migrant_workers: u64,
    /// Union staff: the current committee's posts held full-time (专职)
    /// and part-time (兼职).
    pub full_time_staff: u64,
    pub part_time_staff: u64,
    /// 职代会 delegates of the congress term running at the year's end, of
    /// them women.
    pub delegates: u64,
    pub delegate_women: u64,
}

/// One union's facts, as the store returns them.
#[derive(Debug, Clone, Default)]
pub struct UnionFacts {
    pub class: Option<UnionClass>,
    pub units_covered: u64,
    pub members: u64,
    pub women: u64,
    pub migrant_workers: u64,
    pub full_time_staff: u64,
    pub part_time_staff: u64,
    pub delegates: u64,
    pub delegate_women: u64,
}

impl Counts {
    /// The counts of one union.
    pub fn of_union(f: &UnionFacts) -> Counts {
        let class = f.class.unwrap_or(UnionClass::Unclassified);
        let mut by_class = [0; 7];
        by_class[class.index()] = 1;
        let joint = is_joint(f.units_covered);
        Counts {
            unions: 1,
            by_class,
            joint_unions: u64::from(joint),
            joint_units: if joint { f.units_covered } else { 0 },
            joint_members: if joint { f.members } else { 0 },
            members: f.members,
            women: f.women,
            migrant_workers: f.migrant_workers,
            full_time_staff: f.full_time_staff,
            part_time_staff: f.part_time_staff,
            delegates: f.delegates,
            delegate_women: f.delegate_women,
        }
    }

    pub fn add(&mut self, o: &Counts) {
        self.unions += o.unions;
        for (a, b) in self.by_class.iter_mut().zip(o.by_class) {
            *a += b;
        }
        self.joint_unions += o.joint_unions;
        self.joint_units += o.joint_units;
        self.joint_members += o.joint_members;
        self.members += o.members;
        self.women += o.women;
        self.migrant_workers += o.migrant_workers;
        self.full_time_staff += o.full_time_staff;
        self.part_time_staff += o.part_time_staff;
        self.delegates += o.delegates;
        self.delegate_women += o.delegate_women;
    }

    /// The number of unions of a class.
    pub fn of_class(&self, c: UnionClass) -> u64 {
        self.by_class[c.index()]
    }
}

/// The child org a node of the subtree rolls up to: the first segment of
/// its path below the root's (paths are `/id/id/…/`, ids of one width), or
/// None for the root itself.
pub fn child_key<'a>(root_path: &str, path: &'a str) -> Option<&'a str> {
    let rest = path.strip_prefix(root_path)?;
    let end = rest.find('/')?;
    Some(&path[..root_path.len() + end + 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_register_classes_first_then_the_employer_type() {
        use EmployerType as E;
        use Ownership as O;
        assert_eq!(classify(&[O::Foreign], Some(E::NonPublic)), UnionClass::Foreign);
        assert_eq!(classify(&[O::Foreign, O::Domestic], None), UnionClass::Domestic);
        assert_eq!(classify(&[O::Individual], None), UnionClass::Domestic);
        assert_eq!(classify(&[], Some(E::NonPublic)), UnionClass::Domestic);
        assert_eq!(classify(&[], Some(E::StateOwned)), UnionClass::Domestic);
        assert_eq!(classify(&[], Some(E::Government)), UnionClass::Government);
        assert_eq!(classify(&[], Some(E::PublicInstitution)), UnionClass::PublicInstitution);
        assert_eq!(classify(&[O::HkMacaoTaiwan], Some(E::Government)), UnionClass::HkMacaoTaiwan);
        assert_eq!(classify(&[], None), UnionClass::Unclassified);
    }

    #[test]
    fn counts_sum_and_joint_unions_carry_their_units_and_members() {
        let a = UnionFacts {
            class: Some(UnionClass::Foreign),
            units_covered: 3,
            members: 40,
            women: 10,
            migrant_workers: 5,
            full_time_staff: 1,
            part_time_staff: 4,
            delegates: 30,
            delegate_women: 9,
        };
        let b = UnionFacts { class: None, units_covered: 1, members: 7, ..Default::default() };
        let mut total = Counts::default();
        total.add(&Counts::of_union(&a));
        total.add(&Counts::of_union(&b));
        assert_eq!(total.unions, 2);
        assert_eq!(total.of_class(UnionClass::Foreign), 1);
        assert_eq!(total.of_class(UnionClass::Unclassified), 1);
        assert_eq!((total.joint_unions, total.joint_units, total.joint_members), (1, 3, 40));
        assert_eq!((total.members, total.women, total.migrant_workers), (47, 10, 5));
        assert_eq!(
            (total.full_time_staff, total.part_time_staff, total.delegates, total.delegate_women),
            (1, 4, 30, 9)
        );
    }

    #[test]
    fn years_from_2000_to_this_year() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(check_year(None, today).unwrap(), 2026);
        assert_eq!(check_year(Some(2000), today).unwrap(), 2000);
        for bad in [1999, 2027, -1] {
            assert_eq!(check_year(Some(bad), today).unwrap_err().field.as_deref(), Some("year"));
        }
    }

    #[test]
    fn nodes_roll_up_to_the_child_below_the_root() {
        assert_eq!(child_key("/a/", "/a/b/c/"), Some("/a/b/"));
        assert_eq!(child_key("/a/", "/a/b/"), Some("/a/b/"));
        assert_eq!(child_key("/a/", "/a/"), None);
        assert_eq!(child_key("/a/", "/x/b/"), None);
    }
}
