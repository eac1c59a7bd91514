//! Recognition (issue 18): Training (培训): courses, hours, certificates, statistics — end to end on every database.

/// The route × role test's fixture: a record of `union` made by the admin
/// (TODO(issue 18): a real one), its id.
pub async fn fixture(_app: &crate::common::TestApp, _admin: &str, _union: &str) -> String {
    uuid::Uuid::now_v7().to_string()
}
