//! Writing to and reading the audit log.

use domain::auth::Perm;
use store::audit::{AuditFilter, Entry, NewEntry};
use store::{Page, Tx};
use uuid::Uuid;

use crate::AppState;
use crate::auth::Principal;
use crate::error::AppResult;

/// Who did it, for the log.
pub struct Actor<'a> {
    pub id: Option<Uuid>,
    pub name: &'a str,
    pub ip: &'a str,
}

impl Principal {
    pub fn actor(&self) -> Actor<'_> {
        Actor { id: Some(self.user_id), name: &self.username, ip: &self.ip }
    }
}

/// Appends an entry in the caller's transaction. `org` is the org the action
/// concerns (its id and path), which decides which auditors see it.
pub async fn record(
    tx: &mut Tx,
    actor: Actor<'_>,
    action: &str,
    target: String,
    org: Option<(Uuid, &str)>,
    summary: String,
) -> AppResult<()> {
    let entry = NewEntry {
        actor_id: actor.id,
        actor: actor.name,
        action,
        target,
        org_id: org.map(|(id, _)| id),
        org_path: org.map(|(_, path)| path.to_owned()),
        ip: actor.ip,
        summary,
    };
    store::audit::append(tx, &entry, store::now()).await?;
    Ok(())
}

pub async fn list(
    state: &AppState,
    p: &Principal,
    filter: &AuditFilter,
    page: Page,
) -> AppResult<(Vec<Entry>, i64)> {
    let scope = p.scope(Perm::AuditView);
    let mut tx = state.db.read().await?;
    Ok(store::audit::list(&mut tx, &scope.roots, scope.global, filter, page).await?)
}

/// Action names shown in Chinese.
pub fn action_label(action: &str) -> &'static str {
    match action {
        "auth.login" => "登录",
        "auth.login_failed" => "登录失败",
        "auth.logout" => "退出登录",
        "auth.token_issued" => "签发接口令牌",
        "auth.password_changed" => "修改密码",
        "user.create" => "创建账号",
        "user.grant" => "授予角色",
        "user.revoke" => "撤销角色",
        "user.disable" => "停用账号",
        "user.enable" => "启用账号",
        "org.create" => "新建组织",
        "org.update" => "修改组织",
        "org.move" => "调整隶属关系",
        "org.archive" => "撤销组织",
        "org.restore" => "恢复组织",
        "committee.term_create" => "新建委员会届次",
        "committee.post_add" => "任命委员会职务",
        "committee.post_remove" => "免去委员会职务",
        "system.init" => "系统初始化",
        "system.demo" => "生成演示数据",
        _ => "其他操作",
    }
}
