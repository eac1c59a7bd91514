//! Route × role cases: plans (issue 20) — work plans. An org's plans are
//! read with `PlanView` (the federation above too) and written with
//! `PlanManage`; a plan named alone is guarded on its org through the
//! directory. Targets and tasks are named under their plan (`{target_id}`
//! and `{task_id}` stay unreplaced here: the guard answers first, the
//! handler refuses the path). Extraction names no org: any account holding
//! `PlanView` somewhere.

use super::A::*;
use super::B::None as NoBody;
use super::F::No;
use super::P::*;
use super::{Case, T};

pub(super) const CASES: &[Case] = &[
    // Pages.
    Case("GET", "/orgs/{org_id}/work-plans", Perm(PlanView), T::Org, NoBody, No),
    Case("POST", "/orgs/{org_id}/work-plans", Perm(PlanManage), T::Org, NoBody, No),
    Case("GET", "/work-plans/{plan_id}", Perm(PlanView), T::WorkPlan, NoBody, No),
    Case("GET", "/work-plans/{plan_id}/print", Perm(PlanView), T::WorkPlan, NoBody, No),
    Case("POST", "/work-plans/{plan_id}/targets", Perm(PlanManage), T::WorkPlan, NoBody, No),
    Case("POST", "/work-plans/{plan_id}/targets/{target_id}", Perm(PlanManage), T::WorkPlan, NoBody, No),
    Case(
        "POST",
        "/work-plans/{plan_id}/targets/{target_id}/entries",
        Perm(PlanManage),
        T::WorkPlan,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/work-plans/{plan_id}/targets/{target_id}/delete",
        Perm(PlanManage),
        T::WorkPlan,
        NoBody,
        No,
    ),
    Case("POST", "/work-plans/{plan_id}/tasks", Perm(PlanManage), T::WorkPlan, NoBody, No),
    Case("POST", "/work-plans/{plan_id}/tasks/{task_id}", Perm(PlanManage), T::WorkPlan, NoBody, No),
    Case("POST", "/work-plans/{plan_id}/tasks/{task_id}/delete", Perm(PlanManage), T::WorkPlan, NoBody, No),
    // Deleting a plan needs its confirmation (the form's box, the API's
    // confirm=true), which these requests lack: the fixture's plan stays.
    Case("POST", "/work-plans/{plan_id}/delete", Perm(PlanManage), T::WorkPlan, NoBody, No),
    // JSON API.
    Case("POST", "/api/v1/work-plans/extract", Perm(PlanView), T::None, NoBody, No),
    Case("GET", "/api/v1/orgs/{org_id}/work-plans", Perm(PlanView), T::Org, NoBody, No),
    Case("POST", "/api/v1/orgs/{org_id}/work-plans", Perm(PlanManage), T::Org, NoBody, No),
    Case("GET", "/api/v1/work-plans/{plan_id}", Perm(PlanView), T::WorkPlan, NoBody, No),
    Case("DELETE", "/api/v1/work-plans/{plan_id}", Perm(PlanManage), T::WorkPlan, NoBody, No),
    Case("POST", "/api/v1/work-plans/{plan_id}/targets", Perm(PlanManage), T::WorkPlan, NoBody, No),
    Case(
        "PUT",
        "/api/v1/work-plans/{plan_id}/targets/{target_id}",
        Perm(PlanManage),
        T::WorkPlan,
        NoBody,
        No,
    ),
    Case(
        "DELETE",
        "/api/v1/work-plans/{plan_id}/targets/{target_id}",
        Perm(PlanManage),
        T::WorkPlan,
        NoBody,
        No,
    ),
    Case(
        "POST",
        "/api/v1/work-plans/{plan_id}/targets/{target_id}/entries",
        Perm(PlanManage),
        T::WorkPlan,
        NoBody,
        No,
    ),
    Case("POST", "/api/v1/work-plans/{plan_id}/tasks", Perm(PlanManage), T::WorkPlan, NoBody, No),
    Case("PUT", "/api/v1/work-plans/{plan_id}/tasks/{task_id}", Perm(PlanManage), T::WorkPlan, NoBody, No),
    Case("DELETE", "/api/v1/work-plans/{plan_id}/tasks/{task_id}", Perm(PlanManage), T::WorkPlan, NoBody, No),
];
