//! Route × role cases: rights protection (issue 17), labour-dispute
//! mediation (case files: the chair and officers; the committee and the
//! counts: `RightsView`, set by `RightsManage`) and labour-protection
//! inspections (seen with `RightsView`, recorded with `RightsManage`).

use super::A::*;
use super::B::None as NoBody;
use super::F::No;
use super::P::*;
use super::{Case, T};

pub(super) const CASES: &[Case] = &[
    // Mediation: pages.
    Case("GET", "/unions/{union_id}/mediation-cases", Perm(RightsCases), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/mediation-cases", Perm(RightsCases), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/mediation-cases/new", Perm(RightsCases), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/mediation-cases.print", Perm(RightsCases), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/mediation-cases.xlsx", Perm(RightsCases), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/mediation-report", Perm(RightsView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/mediation-committee", Perm(RightsView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/mediation-committee", Perm(RightsManage), T::Union, NoBody, No),
    Case("GET", "/mediation-cases/{case_id}", Perm(RightsCases), T::MediationCase, NoBody, No),
    Case("POST", "/mediation-cases/{case_id}/accept", Perm(RightsCases), T::MediationCase, NoBody, No),
    Case("POST", "/mediation-cases/{case_id}/close", Perm(RightsCases), T::MediationCase, NoBody, No),
    Case("POST", "/mediation-cases/{case_id}/extension", Perm(RightsCases), T::MediationCase, NoBody, No),
    Case("POST", "/mediation-cases/{case_id}/sessions", Perm(RightsCases), T::MediationCase, NoBody, No),
    Case(
        "GET",
        "/mediation-cases/{case_id}/agreement.print",
        Perm(RightsCases),
        T::MediationCase,
        NoBody,
        No,
    ),
    // Mediation: JSON API.
    Case("GET", "/api/v1/unions/{union_id}/mediation-cases", Perm(RightsCases), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/mediation-cases", Perm(RightsCases), T::Union, NoBody, No),
    Case("GET", "/api/v1/mediation-cases/{case_id}", Perm(RightsCases), T::MediationCase, NoBody, No),
    Case("POST", "/api/v1/mediation-cases/{case_id}/accept", Perm(RightsCases), T::MediationCase, NoBody, No),
    Case("POST", "/api/v1/mediation-cases/{case_id}/close", Perm(RightsCases), T::MediationCase, NoBody, No),
    Case(
        "POST",
        "/api/v1/mediation-cases/{case_id}/extension",
        Perm(RightsCases),
        T::MediationCase,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/mediation-cases/{case_id}/sessions",
        Perm(RightsCases),
        T::MediationCase,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/unions/{union_id}/mediation-report", Perm(RightsView), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/mediation-committee", Perm(RightsView), T::Union, NoBody, No),
    Case("PUT", "/api/v1/unions/{union_id}/mediation-committee", Perm(RightsManage), T::Union, NoBody, No),
    // Inspections: pages.
    Case("GET", "/unions/{union_id}/inspections", Perm(RightsView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/inspections", Perm(RightsManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/inspections/new", Perm(RightsManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/inspections.print", Perm(RightsView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/inspections.xlsx", Perm(RightsView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/inspection-findings", Perm(RightsView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/inspection-findings.print", Perm(RightsView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/inspection-findings.xlsx", Perm(RightsView), T::Union, NoBody, No),
    Case("GET", "/inspections/{inspection_id}", Perm(RightsView), T::Inspection, NoBody, No),
    Case("POST", "/inspections/{inspection_id}/findings", Perm(RightsManage), T::Inspection, NoBody, No),
    Case(
        "POST",
        "/inspections/{inspection_id}/findings/{finding_id}/follow-ups",
        Perm(RightsManage),
        T::Inspection,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/inspections/{inspection_id}/findings/{finding_id}/close",
        Perm(RightsManage),
        T::Inspection,
        NoBody,
        No,
    ),
    Case(
        "GET",
        "/inspections/{inspection_id}/findings/{finding_id}/notice.print",
        Perm(RightsView),
        T::Inspection,
        NoBody,
        No,
    ),
    // Inspections: JSON API.
    Case("GET", "/api/v1/unions/{union_id}/inspections", Perm(RightsView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/inspections", Perm(RightsManage), T::Union, NoBody, No),
    Case("GET", "/api/v1/inspections/{inspection_id}", Perm(RightsView), T::Inspection, NoBody, No),
    Case(
        "POST",
        "/api/v1/inspections/{inspection_id}/findings",
        Perm(RightsManage),
        T::Inspection,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/inspections/{inspection_id}/findings/{finding_id}/follow-ups",
        Perm(RightsManage),
        T::Inspection,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/inspections/{inspection_id}/findings/{finding_id}/close",
        Perm(RightsManage),
        T::Inspection,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/unions/{union_id}/inspection-findings", Perm(RightsView), T::Union, NoBody, No),
];
