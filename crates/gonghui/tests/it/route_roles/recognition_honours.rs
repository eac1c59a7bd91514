//! Route × role cases: recognition (issue 18) — Honours (荣誉): nominate, notice, approve; model-worker care.
//! The register is read by `RecognitionView` (the federation above too);
//! recording, nominating and the steps but the decision by
//! `RecognitionManage`; the approval and the rejection by the chair alone
//! (`HonourApprove`); one's own honours by every member (`RecognitionJoin`).
//! `{honour_id}` is a nominated honour of union A (B's when foreign).

use super::A::*;
use super::B::None as NoBody;
use super::F::No;
use super::P::*;
use super::{Case, T};

pub(super) const CASES: &[Case] = &[
    // Pages.
    Case("GET", "/unions/{union_id}/honours", Perm(RecognitionView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/honours", Perm(RecognitionManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/honours/new", Perm(RecognitionManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/honours/print", Perm(RecognitionView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/honours.xlsx", Perm(RecognitionView), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/honours/mine", Perm(RecognitionJoin), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/honour-candidates", Perm(RecognitionView), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/honour-candidates", Perm(RecognitionManage), T::Union, NoBody, No),
    Case("GET", "/unions/{union_id}/model-workers", Perm(RecognitionView), T::Union, NoBody, No),
    Case(
        "POST",
        "/unions/{union_id}/model-workers/{member_id}/care",
        Perm(RecognitionManage),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/honours/{honour_id}", Perm(RecognitionView), T::Honour, NoBody, No),
    Case("POST", "/honours/{honour_id}/notice", Perm(RecognitionManage), T::Honour, NoBody, No),
    Case("POST", "/honours/{honour_id}/approve", Perm(HonourApprove), T::Honour, NoBody, No),
    Case("POST", "/honours/{honour_id}/reject", Perm(HonourApprove), T::Honour, NoBody, No),
    Case("POST", "/honours/{honour_id}/withdraw", Perm(RecognitionManage), T::Honour, NoBody, No),
    Case("POST", "/honours/{honour_id}/files", Perm(RecognitionManage), T::Honour, NoBody, No),
    Case("GET", "/honours/{honour_id}/files/{file_id}", Perm(RecognitionView), T::Honour, NoBody, No),
    // JSON API.
    Case("POST", "/api/v1/unions/{union_id}/honours", Perm(RecognitionManage), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/honours", Perm(RecognitionView), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/honours/mine", Perm(RecognitionJoin), T::Union, NoBody, No),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/honours/from-contest",
        Perm(RecognitionManage),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/unions/{union_id}/honour-candidates", Perm(RecognitionView), T::Union, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/model-workers", Perm(RecognitionView), T::Union, NoBody, No),
    Case(
        "POST",
        "/api/v1/unions/{union_id}/model-workers/{member_id}/care",
        Perm(RecognitionManage),
        T::Union,
        NoBody,
        No,
    ),
    Case("GET", "/api/v1/honours/{honour_id}", Perm(RecognitionView), T::Honour, NoBody, No),
    Case("POST", "/api/v1/honours/{honour_id}/notice", Perm(RecognitionManage), T::Honour, NoBody, No),
    Case("POST", "/api/v1/honours/{honour_id}/approve", Perm(HonourApprove), T::Honour, NoBody, No),
    Case("POST", "/api/v1/honours/{honour_id}/reject", Perm(HonourApprove), T::Honour, NoBody, No),
    Case("POST", "/api/v1/honours/{honour_id}/withdraw", Perm(RecognitionManage), T::Honour, NoBody, No),
    Case("POST", "/api/v1/honours/{honour_id}/files", Perm(RecognitionManage), T::Honour, NoBody, No),
    Case("GET", "/api/v1/honours/{honour_id}/files/{file_id}", Perm(RecognitionView), T::Honour, NoBody, No),
];
