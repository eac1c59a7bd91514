//! Area `recognition` (issue 18): rationalisation suggestions (合理化建议,
//! 金点子), the honours register (荣誉) and training (培训).
//!
//! Each sub-feature registers its own routes and API document from its own
//! folder, so that they grow side by side.

pub mod honours;
pub mod suggestions;
pub mod training;

use domain::auth::Perm;

use super::{Area, NavEntry, Routes};
use crate::auth::Target;

/// Routes that name the union.
pub(crate) const UNION: &[Target] = &[Target::Org("union_id")];
pub(crate) const SUGGESTION: &[Target] = &[Target::Owned(app::auth::owned::SUGGESTION, "suggestion_id")];
pub(crate) const HONOUR: &[Target] = &[Target::Owned(app::auth::owned::HONOUR, "honour_id")];
pub(crate) const COURSE: &[Target] = &[Target::Owned(app::auth::owned::COURSE, "course_id")];

/// The area as the application registers it: routes, API document, navigation.
pub const AREA: Area = Area {
    routes,
    openapi,
    nav: &[
        NavEntry {
            order: 15,
            key: "suggestions",
            label: "合理化建议",
            href: "/unions/{union}/suggestions",
            perm: Some(Perm::RecognitionView),
        },
        NavEntry {
            order: 16,
            key: "honours",
            label: "荣誉",
            href: "/unions/{union}/honours",
            perm: Some(Perm::RecognitionView),
        },
        NavEntry {
            order: 17,
            key: "training",
            label: "培训",
            href: "/unions/{union}/courses",
            perm: Some(Perm::RecognitionView),
        },
        // The member's own suggestions, with tabs to their honours and
        // their training hours and certificates.
        NavEntry {
            order: 18,
            key: "my_suggestions",
            label: "我的建议",
            href: "/unions/{union}/suggestions/mine",
            perm: Some(Perm::RecognitionJoin),
        },
    ],
};

fn routes(r: Routes) -> Routes {
    let r = suggestions::routes(r);
    let r = honours::routes(r);
    training::routes(r)
}

fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = suggestions::openapi();
    doc.merge(honours::openapi());
    doc.merge(training::openapi());
    doc
}
