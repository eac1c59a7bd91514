//! Route × role cases: rights protection (issue 17), collective contracts
//! and the employer register.

use super::A::*;
use super::B::None as NoBody;
use super::F::No;
use super::P::*;
use super::{Case, T};

pub(super) const CASES: &[Case] = &[
    // Collective contracts: pages.
    Case("GET", "/unions/{union_id}/collective-contracts", Perm(RightsView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/collective-contracts", Perm(RightsManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/collective-contracts/new", Perm(RightsManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/collective-contracts/print", Perm(RightsView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/collective-contracts.xlsx", Perm(RightsView), T::Union, NoBody, No),
    Case("GET", "/collective-contracts/{contract_id}", Perm(RightsView), T::Contract, NoBody, No),
    Case("GET", "/collective-contracts/{contract_id}/edit", Perm(RightsManage), T::Contract, NoBody, No),
    Case("POST", "/collective-contracts/{contract_id}/edit", Perm(RightsManage), T::Contract, NoBody, No),
    Case(
        "POST",
        "/collective-contracts/{contract_id}/negotiations",
        Perm(RightsManage),
        T::Contract,
        NoBody,
        No,
    ),
    Case("POST", "/collective-contracts/{contract_id}/congress", Perm(RightsManage), T::Contract, NoBody, No),
    Case("POST", "/collective-contracts/{contract_id}/sign", Perm(RightsManage), T::Contract, NoBody, No),
    Case("POST", "/collective-contracts/{contract_id}/filing", Perm(RightsManage), T::Contract, NoBody, No),
    Case("POST", "/collective-contracts/{contract_id}/review", Perm(RightsManage), T::Contract, NoBody, No),
    Case(
        "POST",
        "/collective-contracts/{contract_id}/publication",
        Perm(RightsManage),
        T::Contract,
        NoBody,
        No,
    ),
    // Collective contracts: JSON API.
    Case("GET", "/api/v1/unions/{union_id}/collective-contracts", Perm(RightsView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/collective-contracts", Perm(RightsManage), T::Union, NoBody, No),
    Case(
        "GET",
        "/api/v1/unions/{union_id}/collective-contracts/reminders",
        Perm(RightsView),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/collective-contracts/{contract_id}", Perm(RightsView), T::Contract, NoBody, No),
    Case("PUT", "/api/v1/collective-contracts/{contract_id}", Perm(RightsManage), T::Contract, NoBody, No),
    Case(
        "POST",
        "/api/v1/collective-contracts/{contract_id}/negotiations",
        Perm(RightsManage),
        T::Contract,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/collective-contracts/{contract_id}/congress",
        Perm(RightsManage),
        T::Contract,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/collective-contracts/{contract_id}/sign",
        Perm(RightsManage),
        T::Contract,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/collective-contracts/{contract_id}/filing",
        Perm(RightsManage),
        T::Contract,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/collective-contracts/{contract_id}/review",
        Perm(RightsManage),
        T::Contract,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/collective-contracts/{contract_id}/publication",
        Perm(RightsManage),
        T::Contract,
        NoBody,
        No,
    ),
    // The employer register: pages (kept here by union A, `{org_id}`).
    Case("GET", "/orgs/{org_id}/employers", Perm(RightsView), T::Org, NoBody, No),
    Case("POST", "/orgs/{org_id}/employers", Perm(RightsManage), T::Org, NoBody, No),
    Case("GET", "/orgs/{org_id}/employers/new", Perm(RightsManage), T::Org, NoBody, No),
    Case("GET", "/orgs/{org_id}/employers/print", Perm(RightsView), T::Org, NoBody, No),
    Case("GET", "/orgs/{org_id}/employers.xlsx", Perm(RightsView), T::Org, NoBody, No),
    Case("GET", "/orgs/{org_id}/employers/template.xlsx", Perm(RightsView), T::Org, NoBody, No),
    Case("GET", "/orgs/{org_id}/employers/import", Perm(RightsManage), T::Org, NoBody, No),
    Case("POST", "/orgs/{org_id}/employers/import", Perm(RightsManage), T::Org, NoBody, No),
    Case("GET", "/employers/{employer_id}", Perm(RightsView), T::Employer, NoBody, No),
    Case("GET", "/employers/{employer_id}/edit", Perm(RightsManage), T::Employer, NoBody, No),
    Case("POST", "/employers/{employer_id}/edit", Perm(RightsManage), T::Employer, NoBody, No),
    // The employer register: JSON API.
    Case("GET", "/api/v1/orgs/{org_id}/employers", Perm(RightsView), T::Org, NoBody, No),
    Case("POST", "/api/v1/orgs/{org_id}/employers", Perm(RightsManage), T::Org, NoBody, No),
    Case("POST", "/api/v1/orgs/{org_id}/employers/import", Perm(RightsManage), T::Org, NoBody, No),
    Case("GET", "/api/v1/employers/{employer_id}", Perm(RightsView), T::Employer, NoBody, No),
    Case("PUT", "/api/v1/employers/{employer_id}", Perm(RightsManage), T::Employer, NoBody, No),
];
