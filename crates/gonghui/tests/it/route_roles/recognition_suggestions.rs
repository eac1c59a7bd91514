//! Route × role cases: recognition (issue 18) — Suggestions (合理化建议):
//! submit, assess, implement, accept, reward. Members submit their own
//! (`RecognitionJoin`); officers handle them (`RecognitionManage`); the
//! union's list and counts are `RecognitionView`; one suggestion is read
//! by its submitter or a reader of the union's suggestions, everyone else
//! answered 404 (`Submitter`).

use super::A::*;
use super::B::None as NoBody;
use super::F::No;
use super::P::*;
use super::{Case, T};

pub(super) const CASES: &[Case] = &[
    // Pages.
    Case("GET", "/unions/{union_id}/suggestions", Perm(RecognitionView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/suggestions", Perm(RecognitionManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/suggestions/new", Perm(RecognitionManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/suggestions/mine", Perm(RecognitionJoin), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/suggestions/mine", Perm(RecognitionJoin), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/suggestions/print", Perm(RecognitionView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/suggestions.xlsx", Perm(RecognitionView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/suggestion-stats", Perm(RecognitionView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/suggestion-stats/print", Perm(RecognitionView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/suggestion-stats.xlsx", Perm(RecognitionView), T::Union, NoBody, No),
    Case("GET", "/suggestions/{suggestion_id}", Submitter(RecognitionView), T::Suggestion, NoBody, No),
    Case("POST", "/suggestions/{suggestion_id}/assess", Perm(RecognitionManage), T::Suggestion, NoBody, No),
    Case(
        "POST",
        "/suggestions/{suggestion_id}/implement",
        Perm(RecognitionManage),
        T::Suggestion,
        NoBody,
        No,
    ),
    Case("POST", "/suggestions/{suggestion_id}/accept", Perm(RecognitionManage), T::Suggestion, NoBody, No),
    Case("POST", "/suggestions/{suggestion_id}/reward", Perm(RecognitionManage), T::Suggestion, NoBody, No),
    Case("POST", "/suggestions/{suggestion_id}/merge", Perm(RecognitionManage), T::Suggestion, NoBody, No),
    Case(
        "POST",
        "/suggestions/{suggestion_id}/to-proposal",
        Perm(RecognitionManage),
        T::Suggestion,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/suggestions/{suggestion_id}/resubmit",
        Submitter(RecognitionManage),
        T::Suggestion,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/suggestions/{suggestion_id}/files",
        Submitter(RecognitionManage),
        T::Suggestion,
        NoBody,
        No,
    ),
    Case(
        "GET",
        "/suggestions/{suggestion_id}/files/{file_id}",
        Submitter(RecognitionView),
        T::Suggestion,
        NoBody,
        No,
    ),
    // JSON API.
    Case("POST", "/api/v1/unions/{union_id}/suggestions", Perm(RecognitionJoin), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/suggestions", Perm(RecognitionView), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/suggestions/mine", Perm(RecognitionJoin), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/suggestion-stats", Perm(RecognitionView), T::Union, NoBody, No),
    Case("GET", "/api/v1/suggestions/{suggestion_id}", Submitter(RecognitionView), T::Suggestion, NoBody, No),
    Case(
        "POST",
        "/api/v1/suggestions/{suggestion_id}/assess",
        Perm(RecognitionManage),
        T::Suggestion,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/suggestions/{suggestion_id}/implement",
        Perm(RecognitionManage),
        T::Suggestion,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/suggestions/{suggestion_id}/accept",
        Perm(RecognitionManage),
        T::Suggestion,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/suggestions/{suggestion_id}/reward",
        Perm(RecognitionManage),
        T::Suggestion,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/suggestions/{suggestion_id}/merge",
        Perm(RecognitionManage),
        T::Suggestion,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/suggestions/{suggestion_id}/to-proposal",
        Perm(RecognitionManage),
        T::Suggestion,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/suggestions/{suggestion_id}/resubmit",
        Submitter(RecognitionManage),
        T::Suggestion,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/suggestions/{suggestion_id}/files",
        Submitter(RecognitionManage),
        T::Suggestion,
        NoBody,
        No,
    ),
    Case(
        "GET",
        "/api/v1/suggestions/{suggestion_id}/files/{file_id}",
        Submitter(RecognitionView),
        T::Suggestion,
        NoBody,
        No,
    ),
];
