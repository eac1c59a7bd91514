//! Area `recognition` (issue 18): rationalisation suggestions (合理化建议,
//! 金点子), the honours register (荣誉) and training (培训).
//!
//! Each sub-feature registers its own routes and API document from its own
//! folder, so that they grow side by side.

pub mod honours;
pub mod suggestions;
pub mod training;

use chrono::{DateTime, Utc};
use domain::auth::Perm;
use serde::Serialize;
use store::recognition::files::EvidenceFile;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{Area, NavEntry, Routes};
use crate::auth::Target;

/// Routes that name the union.
pub(crate) const UNION: &[Target] = &[Target::Org("union_id")];
pub(crate) const SUGGESTION: &[Target] = &[Target::Owned(app::auth::owned::SUGGESTION, "suggestion_id")];
pub(crate) const HONOUR: &[Target] = &[Target::Owned(app::auth::owned::HONOUR, "honour_id")];
pub(crate) const COURSE: &[Target] = &[Target::Owned(app::auth::owned::COURSE, "course_id")];

/// An evidence file of a suggestion, an honour or a certificate, as the
/// API lists it (its content is a download of its own).
#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceOut {
    pub id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

impl From<EvidenceFile> for EvidenceOut {
    fn from(f: EvidenceFile) -> Self {
        EvidenceOut {
            id: f.id,
            file_name: f.file_name,
            content_type: f.content_type,
            size: f.size,
            sha256: f.sha256,
            uploaded_by: f.uploaded_by,
            uploaded_at: f.uploaded_at,
        }
    }
}

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
