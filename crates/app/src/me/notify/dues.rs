//! Dues overdue (会费欠缴): members with bills of earlier months left
//! unpaid are told once a month. The server's drain loop runs it daily,
//! `gonghui notify dues-overdue` on demand; telling is idempotent per month
//! (the notification's once key `dues:YYYY-MM`).

use std::collections::BTreeMap;

use domain::UnionId;
use uuid::Uuid;

use super::{Kind, Notice, notify_once_in};
use crate::AppState;
use crate::error::AppResult;

/// Tells every member with overdue dues (bills of months before this one
/// unpaid) who was not told this month; answers how many were told now.
pub async fn remind(state: &AppState) -> AppResult<usize> {
    let today = domain::time::today(store::now());
    let month = today.format("%Y-%m").to_string();
    let rows = {
        let mut tx = state.db.read().await?;
        store::me::notify::dues_overdue(&mut tx, &month).await?
    };
    // Union by union, each its own write: one union's reminders never wait
    // for another's.
    let mut by_union: BTreeMap<Uuid, BTreeMap<i64, Vec<Uuid>>> = BTreeMap::new();
    for (union, user, months) in rows {
        by_union.entry(union).or_default().entry(months).or_default().push(user);
    }
    let key = format!("dues:{month}");
    let mut told = 0;
    for (union, groups) in by_union {
        let mut tx = state.db.write().await?;
        for (months, users) in groups {
            let notice = Notice {
                kind: Kind::DuesOverdue,
                title: format!("您有{months}个月的会费尚未缴纳"),
                body: "请按时缴纳工会会费。如已缴纳，请联系工会财务核对。".to_owned(),
                link: "/me".to_owned(),
            };
            told += notify_once_in(&mut tx, UnionId(union), &users, &notice, &key).await?;
        }
        tx.commit().await?;
    }
    Ok(told)
}
