//! Finding an account by what a form names it by.

use super::User;
use crate::AppState;
use crate::error::AppResult;

/// The account with this username, if any.
pub async fn user_by_username(state: &AppState, username: &str) -> AppResult<Option<User>> {
    let mut tx = state.db.read().await?;
    Ok(store::auth::user_by_username(&mut tx, username).await?)
}
