//! Route × role cases: recognition (issue 18) — Training (培训): courses, hours, certificates, statistics.
//! The union's courses, counts and certificates are read with
//! `RecognitionView` (the federation above too) and kept with
//! `RecognitionManage`; a course named alone is guarded on its union; the
//! member's own page is `RecognitionJoin`. Certificates and their files are
//! named under the union (`{certificate_id}` is a random id here: the
//! guard answers first, the handler's 404 is fine).

use super::A::*;
use super::B::None as NoBody;
use super::F::No;
use super::P::*;
use super::{Case, T};

pub(super) const CASES: &[Case] = &[
    // Pages.
    Case("GET", "/unions/{union_id}/courses", Perm(RecognitionView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/courses/new", Perm(RecognitionManage), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/courses", Perm(RecognitionManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/training/stats", Perm(RecognitionView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/training/stats.xlsx", Perm(RecognitionView), T::Union, NoBody, No),
    Case("GET", "/courses/{course_id}", Perm(RecognitionView), T::Course, NoBody, No),
    Case("POST", "/courses/{course_id}/complete", Perm(RecognitionManage), T::Course, NoBody, No),
    Case("POST", "/courses/{course_id}/credits", Perm(RecognitionManage), T::Course, NoBody, No),
    Case("GET", "/unions/{union_id}/certificates", Perm(RecognitionView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/certificates", Perm(RecognitionManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/certificates/print", Perm(RecognitionView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/certificates.xlsx", Perm(RecognitionView), T::Union, NoBody, No),
    Case(
        "GET",
        "/unions/{union_id}/certificates/{certificate_id}",
        Perm(RecognitionView),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/unions/{union_id}/certificates/{certificate_id}/files",
        Perm(RecognitionManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "GET",
        "/unions/{union_id}/certificates/{certificate_id}/files/{file_id}",
        Perm(RecognitionView),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/unions/{union_id}/training/mine", Perm(RecognitionJoin), T::Union, NoBody, No),
    // JSON API.
    Case("POST", "/api/v1/unions/{union_id}/courses", Perm(RecognitionManage), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/courses", Perm(RecognitionView), T::Union, NoBody, No),
    Case("GET", "/api/v1/courses/{course_id}", Perm(RecognitionView), T::Course, NoBody, No),
    Case("POST", "/api/v1/courses/{course_id}/complete", Perm(RecognitionManage), T::Course, NoBody, No),
    Case("POST", "/api/v1/courses/{course_id}/credits", Perm(RecognitionManage), T::Course, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/training-stats", Perm(RecognitionView), T::Union, NoBody, No),
    Case("POST", "/api/v1/unions/{union_id}/certificates", Perm(RecognitionManage), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/certificates", Perm(RecognitionView), T::Union, NoBody, No),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/certificates/{certificate_id}/files",
        Perm(RecognitionManage),
        T::Union,
        NoBody,
        No,
    ),
    Case(
        "GET",
        "/api/v1/unions/{union_id}/certificates/{certificate_id}/files",
        Perm(RecognitionView),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/unions/{union_id}/training/mine", Perm(RecognitionJoin), T::Union, NoBody, No),
];
