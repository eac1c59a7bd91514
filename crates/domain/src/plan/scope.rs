//! Which employers and unions a target's scope counts: "非公有制企业…建制率"
//! counts the unions of private and foreign-invested employers, "25人以上
//! 企业…建会率" the employers with 25 staff or more.

use super::metric::{OwnershipScope, Scope};
use crate::rights::employer::Ownership;

/// Whether an employer of the register falls within `scope`.
pub fn employer_in(scope: &Scope, ownership: Option<Ownership>, staff: i64) -> bool {
    let by_size = scope.min_staff.is_none_or(|n| staff >= i64::from(n));
    let by_type = match (scope.ownership, ownership) {
        (None, _) => true,
        (Some(s), Some(o)) => s.includes(o),
        (Some(_), None) => false,
    };
    by_size && by_type
}

/// Whether a union falls within `scope`: by the ownership of the employers
/// it covers in a register when it covers any, else by its own employer
/// type (org::EmployerType: state_owned, collective, non_public,
/// public_institution, government, social_organisation); by its staff (the
/// covered employers' or its own head count) for a size.
pub fn union_in(scope: &Scope, employer_type: Option<&str>, covered: &[Ownership], staff: i64) -> bool {
    if scope.min_staff.is_some_and(|n| staff < i64::from(n)) {
        return false;
    }
    let Some(s) = scope.ownership else { return true };
    if !covered.is_empty() {
        return covered.iter().any(|o| s.includes(*o));
    }
    match (s, employer_type.unwrap_or("")) {
        (OwnershipScope::NonPublic, t) => t == "non_public",
        (OwnershipScope::Of(Ownership::Domestic), t) => {
            matches!(t, "state_owned" | "collective" | "non_public")
        }
        (OwnershipScope::Of(Ownership::PublicInstitution), t) => t == "public_institution",
        (OwnershipScope::Of(Ownership::Government), t) => t == "government",
        (OwnershipScope::Of(Ownership::SocialOrganisation), t) => t == "social_organisation",
        // 港澳台, 外商 and 个体 are known from a register only.
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NON_PUBLIC: Scope = Scope { ownership: Some(OwnershipScope::NonPublic), min_staff: None };

    #[test]
    fn employers_by_type_and_size() {
        let any = Scope::default();
        assert!(employer_in(&any, None, 3));
        let big = Scope { ownership: None, min_staff: Some(25) };
        assert!(employer_in(&big, Some(Ownership::Government), 25));
        assert!(!employer_in(&big, Some(Ownership::Government), 24));
        assert!(employer_in(&NON_PUBLIC, Some(Ownership::Foreign), 1));
        assert!(!employer_in(&NON_PUBLIC, Some(Ownership::PublicInstitution), 100));
        assert!(!employer_in(&NON_PUBLIC, None, 100));
    }

    #[test]
    fn unions_by_register_or_own_type() {
        assert!(union_in(&Scope::default(), None, &[], 0));
        // The register decides when the union covers employers in it.
        assert!(union_in(&NON_PUBLIC, Some("government"), &[Ownership::Government, Ownership::Foreign], 0));
        assert!(!union_in(&NON_PUBLIC, Some("non_public"), &[Ownership::Government], 0));
        // Else its own employer type.
        assert!(union_in(&NON_PUBLIC, Some("non_public"), &[], 0));
        assert!(!union_in(&NON_PUBLIC, Some("state_owned"), &[], 0));
        assert!(!union_in(&NON_PUBLIC, None, &[], 0));
        let gov = Scope { ownership: Some(OwnershipScope::Of(Ownership::Government)), min_staff: None };
        assert!(union_in(&gov, Some("government"), &[], 0));
        let foreign = Scope { ownership: Some(OwnershipScope::Of(Ownership::Foreign)), min_staff: None };
        assert!(!union_in(&foreign, Some("non_public"), &[], 0));
        let big = Scope { ownership: None, min_staff: Some(25) };
        assert!(!union_in(&big, Some("non_public"), &[], 24) && union_in(&big, None, &[], 25));
    }
}
