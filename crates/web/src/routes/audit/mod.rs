//! Area `audit`: the audit log, for admins and the funds review committee.

pub mod api;
pub mod pages;

use domain::auth::Perm;

use super::Routes;
use crate::auth::Rule;

pub fn routes(r: Routes) -> Routes {
    r.get("/audit", Rule::perm(Perm::AuditView), pages::list).get(
        "/api/v1/audit",
        Rule::perm(Perm::AuditView),
        api::list,
    )
}
