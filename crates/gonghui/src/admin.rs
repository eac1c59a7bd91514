//! `gonghui admin …`: tools for the person who runs the server, to restore
//! access when nobody can sign in as an administrator. Both are audited.

use std::io::BufRead;

use anyhow::Context;

/// Where the new password of `admin reset-password` comes from.
pub enum NewPassword {
    /// Generated at random and printed once.
    Random,
    /// Read as the first line of standard input (for scripts:
    /// `printf '%s\n' "$PW" | gonghui admin reset-password USER --password-stdin`).
    Stdin,
}

/// A random password that meets the password rule ("gh", 16 hex digits and
/// a final digit: 19 characters with letters and digits).
pub fn random_password() -> String {
    format!("gh{}9", &app::auth::secrets::random_token()[..16])
}

/// Sets a new password (the password rule applies), ends every session and
/// API token of the account, clears its login throttle. Returns the
/// password when it was generated, so the caller prints it once.
pub async fn reset_password(
    db: &store::Db,
    username: &str,
    source: NewPassword,
) -> anyhow::Result<Option<String>> {
    let (password, generated) = match source {
        NewPassword::Random => {
            let p = random_password();
            (p.clone(), Some(p))
        }
        NewPassword::Stdin => {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).context("无法从标准输入读取新密码")?;
            (line.trim_end_matches(['\r', '\n']).to_owned(), None)
        }
    };
    app::auth::service::reset_password(db, username, &password)
        .await
        .map_err(|e| anyhow::anyhow!(e.0.message))?;
    Ok(generated)
}

/// Grants the admin role (and enables the account if it was disabled).
pub async fn grant(db: &store::Db, username: &str) -> anyhow::Result<app::auth::service::AdminGranted> {
    app::auth::service::grant_admin(db, username).await.map_err(|e| anyhow::anyhow!(e.0.message))
}
