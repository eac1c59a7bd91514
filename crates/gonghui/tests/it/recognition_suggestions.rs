//! Recognition (issue 18): Suggestions (合理化建议): submit, assess, implement, accept, reward — end to end on every database.

/// The route × role test's fixture: a record of `union` made by the admin
/// (TODO(issue 18): a real one), its id.
pub async fn fixture(_app: &crate::common::TestApp, _admin: &str, _union: &str) -> String {
    uuid::Uuid::now_v7().to_string()
}
