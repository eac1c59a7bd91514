//! Route × role cases: me (issue 19) — requests: the member's own
//! applications and data (every signed-in account reaches the service,
//! which answers from the account's own member link), and the officers'
//! work queue (`MemberRequests` on the union).

#[allow(unused_imports)]
use super::A::*;
#[allow(unused_imports)]
use super::B::None as NoBody;
#[allow(unused_imports)]
use super::F::No;
#[allow(unused_imports)]
use super::P::*;
#[allow(unused_imports)]
use super::{Case, T};

pub(super) const CASES: &[Case] = &[
    // The member's pages.
    Case("GET", "/me/applications", Login, T::None, NoBody, No),
    Case("GET", "/me/applications/new", Login, T::None, NoBody, No),
    Case("POST", "/me/applications", Own, T::None, NoBody, No),
    Case("GET", "/me/applications/{application_id}", Own, T::None, NoBody, No),
    Case("POST", "/me/applications/{application_id}/files", Own, T::None, NoBody, No),
    Case("GET", "/me/applications/{application_id}/files/{file_id}", Own, T::None, NoBody, No),
    Case("GET", "/me/data", Login, T::None, NoBody, No),
    Case("POST", "/me/data/corrections", Own, T::None, NoBody, No),
    Case("POST", "/me/data/consent", Own, T::None, NoBody, No),
    // The officers' queue.
    Case("GET", "/unions/{union_id}/requests", Perm(MemberRequests), T::Union, NoBody, No),
    Case(
        "POST",
        "/unions/{union_id}/requests/applications/{application_id}/decision",
        Perm(MemberRequests),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/unions/{union_id}/requests/corrections/{correction_id}/decision",
        Perm(MemberRequests),
        T::Union,
        NoBody,
        No,
    ),
    // JSON API.
    Case("POST", "/api/v1/me/applications", Own, T::None, NoBody, No),
    Case("GET", "/api/v1/me/applications", Login, T::None, NoBody, No),
    Case("GET", "/api/v1/me/applications/{application_id}", Own, T::None, NoBody, No),
    Case("POST", "/api/v1/me/applications/{application_id}/files", Own, T::None, NoBody, No),
    Case("GET", "/api/v1/me/applications/{application_id}/files/{file_id}", Own, T::None, NoBody, No),
    Case("GET", "/api/v1/me/data", Own, T::None, NoBody, No),
    Case("GET", "/api/v1/me/access-log", Own, T::None, NoBody, No),
    Case("GET", "/api/v1/me/data-export", Own, T::None, NoBody, No),
    Case("POST", "/api/v1/me/corrections", Own, T::None, NoBody, No),
    Case("GET", "/api/v1/me/corrections", Login, T::None, NoBody, No),
    Case("GET", "/api/v1/me/consents", Own, T::None, NoBody, No),
    Case("POST", "/api/v1/me/consents", Own, T::None, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/requests", Perm(MemberRequests), T::Union, NoBody, No),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/applications/{application_id}/decision",
        Perm(MemberRequests),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/corrections/{correction_id}/decision",
        Perm(MemberRequests),
        T::Union,
        NoBody,
        No,
    ),
];
