//! Notifications: the inbox, fan-out, the outbox and its senders.
//!
//! Every area that has something to tell a person calls [`notify_in`] (or
//! [`notify_members_in`]) inside the transaction that made the news, so a
//! notice exists exactly when its cause does. Each person told gets an inbox
//! row, and one outbox row per channel they turned on (email; the union's
//! webhook for its SMS gateway or WeChat service account). The outbox is
//! drained by [`drain`] (the server's loop, `gonghui notify drain`, the
//! administrator's retry) through the senders of [`sender`].

pub mod drain;
pub mod dues;
pub mod inbox;
pub mod outbox;
pub mod prefs;
pub mod sender;

use domain::UnionId;
use domain::me::notify::{Channel, title_line};
use store::Tx;
use store::me::notify::{NewDelivery, NoticeRow};
use uuid::Uuid;

pub use domain::me::notify::Kind;

/// What to tell: the kind, a one-line title, an optional body, and the
/// page where the matter is (a path such as `/me/applications/{id}`).
#[derive(Debug, Clone)]
pub struct Notice {
    pub kind: Kind,
    pub title: String,
    pub body: String,
    pub link: String,
}

/// Puts `notice` in the inbox of each of `users` (accounts) and queues its
/// deliveries on the channels each chose, inside the caller's transaction.
pub async fn notify_in(tx: &mut Tx, union_id: UnionId, users: &[Uuid], notice: &Notice) -> store::Result<()> {
    fan_out(tx, union_id, users, notice, None).await.map(|_| ())
}

/// The same for members of `union_id`: each member's linked account, if
/// any (a member without an account is told nothing here).
pub async fn notify_members_in(
    tx: &mut Tx,
    union_id: UnionId,
    members: &[Uuid],
    notice: &Notice,
) -> store::Result<()> {
    if members.is_empty() {
        return Ok(());
    }
    let users = store::me::notify::users_of_members(tx, union_id, members).await?;
    notify_in(tx, union_id, &users, notice).await
}

/// As [`notify_in`], telling each person at most once under `once_key`
/// (e.g. `dues:2026-12`): those told before are skipped. Answers how many
/// were told now.
pub async fn notify_once_in(
    tx: &mut Tx,
    union_id: UnionId,
    users: &[Uuid],
    notice: &Notice,
    once_key: &str,
) -> store::Result<usize> {
    fan_out(tx, union_id, users, notice, Some(once_key)).await
}

async fn fan_out(
    tx: &mut Tx,
    union_id: UnionId,
    users: &[Uuid],
    notice: &Notice,
    once_key: Option<&str>,
) -> store::Result<usize> {
    let mut users = users.to_vec();
    users.sort_unstable();
    users.dedup();
    if let Some(key) = once_key {
        let told = store::me::notify::already_told(tx, union_id, key, &users).await?;
        if !told.is_empty() {
            let told: std::collections::HashSet<Uuid> = told.into_iter().collect();
            users.retain(|u| !told.contains(u));
        }
    }
    if users.is_empty() {
        return Ok(0);
    }
    let now = store::now();
    let title = title_line(&notice.title);
    let rows: Vec<(Uuid, Uuid)> = users.iter().map(|u| (Uuid::now_v7(), *u)).collect();
    let row = NoticeRow {
        kind: notice.kind.as_str(),
        title: &title,
        body: &notice.body,
        link: &notice.link,
        once_key,
        created_at: now,
    };
    store::me::notify::insert_notifications(tx, union_id, &row, &rows).await?;
    // Deliveries beyond the inbox, for those who turned a channel on.
    let prefs = store::me::notify::prefs_on(tx, &users).await?;
    if prefs.is_empty() {
        return Ok(rows.len());
    }
    let hook =
        store::me::notify::settings(tx, union_id).await?.filter(|s| s.enabled && s.webhook_url.is_some());
    let by_user: std::collections::HashMap<Uuid, Uuid> = rows.iter().map(|(id, u)| (*u, *id)).collect();
    let subject = format!("【{}】{title}", notice.kind.label());
    let email_body = email_text(&title, &notice.body, &notice.link);
    let mut out = Vec::new();
    for p in prefs {
        let Some(nid) = by_user.get(&p.user_id).copied() else { continue };
        if let (true, Some(addr)) = (p.email_on, &p.email) {
            out.push(NewDelivery {
                id: Uuid::now_v7(),
                notification_id: nid,
                user_id: p.user_id,
                channel: Channel::Email.as_str(),
                address: addr.clone(),
                subject: subject.clone(),
                body: email_body.clone(),
            });
        }
        if let (true, Some(addr), Some(_)) = (p.webhook_on, &p.webhook_address, &hook) {
            let payload = serde_json::json!({
                "notification_id": nid,
                "union_id": union_id.0,
                "user_id": p.user_id,
                "address": addr,
                "kind": notice.kind.as_str(),
                "title": title,
                "body": notice.body,
                "link": notice.link,
                "created_at": now,
            });
            out.push(NewDelivery {
                id: Uuid::now_v7(),
                notification_id: nid,
                user_id: p.user_id,
                channel: Channel::Webhook.as_str(),
                address: addr.clone(),
                subject: title.clone(),
                body: payload.to_string(),
            });
        }
    }
    store::me::notify::queue(tx, union_id, &out, now).await?;
    Ok(rows.len())
}

/// The text of a notification's email.
fn email_text(title: &str, body: &str, link: &str) -> String {
    let mut s = format!("{title}\n\n");
    if !body.trim().is_empty() {
        s.push_str(body.trim());
        s.push_str("\n\n");
    }
    if !link.is_empty() {
        s.push_str(&format!("请登录工会业务系统查看：{link}\n\n"));
    }
    s.push_str("此邮件由工会业务系统自动发送，请勿直接回复。如不想再收到邮件，可在“我的 › 消息通知 › 通知设置”中关闭。\n");
    s
}
