//! Route × role cases: rights protection (issue 17), `rights_petitions` —
//! the chair's mailbox and petitions. A member files and follows their own
//! (`PetitionFile`); the union's chair and officers handle them
//! (`RightsCases`); one petition is read and rated by its writer or an
//! officer of its union only, everyone else answered 404 (`Writer`); the
//! rates report has numbers only (`RightsView`, the federation above too).

use super::A::*;
use super::B::None as NoBody;
use super::F::No;
use super::P::*;
use super::{Case, T};

pub(super) const CASES: &[Case] = &[
    // Pages.
    Case("GET", "/unions/{union_id}/mailbox", Perm(PetitionFile), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/mailbox", Perm(PetitionFile), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/petitions", Perm(RightsCases), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/petitions", Perm(RightsCases), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/petitions/print", Perm(RightsCases), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/petitions.xlsx", Perm(RightsCases), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/petitions/report", Perm(RightsView), T::Union, NoBody, No),
    Case("GET", "/petitions/{petition_id}", Writer, T::Petition, NoBody, No),
    Case("POST", "/petitions/{petition_id}/rate", Writer, T::Petition, NoBody, No),
    Case("POST", "/petitions/{petition_id}/dispatch", Perm(RightsCases), T::Petition, NoBody, No),
    Case("POST", "/petitions/{petition_id}/reject", Perm(RightsCases), T::Petition, NoBody, No),
    Case("POST", "/petitions/{petition_id}/start", Perm(RightsCases), T::Petition, NoBody, No),
    Case("POST", "/petitions/{petition_id}/answer", Perm(RightsCases), T::Petition, NoBody, No),
    Case("POST", "/petitions/{petition_id}/close", Perm(RightsCases), T::Petition, NoBody, No),
    Case("POST", "/petitions/{petition_id}/due-date", Perm(RightsCases), T::Petition, NoBody, No),
    Case("POST", "/petitions/{petition_id}/to-proposal", Perm(RightsCases), T::Petition, NoBody, No),
    // JSON API.
    Case("POST", "/api/v1/unions/{union_id}/petitions", Perm(PetitionFile), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/petitions", Perm(RightsCases), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/petitions/mine", Perm(PetitionFile), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/petitions/report", Perm(RightsView), T::Union, NoBody, No),
    Case("GET", "/api/v1/petitions/{petition_id}", Writer, T::Petition, NoBody, No),
    Case("POST", "/api/v1/petitions/{petition_id}/dispatch", Perm(RightsCases), T::Petition, NoBody, No),
    Case("POST", "/api/v1/petitions/{petition_id}/reject", Perm(RightsCases), T::Petition, NoBody, No),
    Case("POST", "/api/v1/petitions/{petition_id}/start", Perm(RightsCases), T::Petition, NoBody, No),
    Case("POST", "/api/v1/petitions/{petition_id}/answer", Perm(RightsCases), T::Petition, NoBody, No),
    Case("POST", "/api/v1/petitions/{petition_id}/rate", Writer, T::Petition, NoBody, No),
    Case("POST", "/api/v1/petitions/{petition_id}/close", Perm(RightsCases), T::Petition, NoBody, No),
    Case("POST", "/api/v1/petitions/{petition_id}/due-date", Perm(RightsCases), T::Petition, NoBody, No),
    Case("POST", "/api/v1/petitions/{petition_id}/to-proposal", Perm(RightsCases), T::Petition, NoBody, No),
];
