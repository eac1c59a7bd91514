//! Area `rights` (维权, issue 17): petitions and the chair's mailbox
//! (来信来访, 主席信箱), labour-dispute mediation (劳动争议调解), collective
//! contracts (集体合同), labour-protection inspections (劳动保护监督), the
//! employer register (企业名录) and the rights statistics of a federation's
//! subtree.
//!
//! Each sub-feature registers its own routes and API document from its own
//! folder, so that they grow side by side.

pub mod contracts;
pub mod employers;
pub mod inspections;
pub mod mediation;
pub mod petitions;
pub mod stats;

use domain::auth::Perm;

use super::{Area, NavEntry, Routes};
use crate::auth::Target;

/// Routes that name the union (or, for the register and the statistics,
/// any org).
pub(crate) const UNION: &[Target] = &[Target::Org("union_id")];
/// Routes that name an org of the tree (`/orgs/{org_id}/…`).
pub(crate) const ORG: &[Target] = &[Target::Org("org_id")];
pub(crate) const PETITION: &[Target] = &[Target::Owned(app::auth::owned::PETITION, "petition_id")];
pub(crate) const MEDIATION_CASE: &[Target] = &[Target::Owned(app::auth::owned::MEDIATION_CASE, "case_id")];
pub(crate) const CONTRACT: &[Target] = &[Target::Owned(app::auth::owned::COLLECTIVE_CONTRACT, "contract_id")];
pub(crate) const INSPECTION: &[Target] =
    &[Target::Owned(app::auth::owned::SAFETY_INSPECTION, "inspection_id")];
pub(crate) const EMPLOYER: &[Target] = &[Target::Owned(app::auth::owned::EMPLOYER, "employer_id")];

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area {
    routes,
    openapi,
    nav: &[
        NavEntry {
            order: 13,
            key: "rights",
            label: "维权",
            href: "/unions/{union}/rights",
            perm: Some(Perm::RightsView),
        },
        NavEntry {
            order: 14,
            key: "mailbox",
            label: "主席信箱",
            href: "/unions/{union}/mailbox",
            perm: Some(Perm::PetitionFile),
        },
    ],
};

fn routes(r: Routes) -> Routes {
    let r = petitions::routes(r);
    let r = mediation::routes(r);
    let r = contracts::routes(r);
    let r = inspections::routes(r);
    let r = employers::routes(r);
    stats::routes(r)
}

fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = petitions::openapi();
    doc.merge(mediation::openapi());
    doc.merge(contracts::openapi());
    doc.merge(inspections::openapi());
    doc.merge(employers::openapi());
    doc.merge(stats::openapi());
    doc
}
