//! The roster out: rows with Chinese headers, and the audited .xlsx.

use domain::UnionId;
use domain::member::{DocType, Gender, MemberStatus};
use uuid::Uuid;

use super::roster::RosterQuery;
use super::service;
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};

pub const HEADERS: [&str; 16] = [
    "会员证号",
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "证件类型",
    "证件号码",
    "手机号",
    "所在小组",
    "入会时间",
    "会费基数（元）",
    "学历",
    "政治面貌",
    "用工形式",
    "岗位",
    "会籍状态",
];

/// The roster rows as text, in the order of `HEADERS`. With `reveal`, ID
/// numbers are decrypted (the caller has checked and logs it).
pub async fn rows(
    state: &AppState,
    union_id: Uuid,
    q: &RosterQuery,
    reveal: bool,
) -> AppResult<(String, Vec<Vec<String>>)> {
    let (filter, sort) = q.filter(state, union_id).await?;
    let groups: std::collections::HashMap<Uuid, String> =
        service::groups(state, union_id).await?.into_iter().collect();
    let mut tx = state.db.read().await?;
    let union = crate::org::load_union(&mut tx, union_id).await?;
    let members =
        store::member::all(&mut tx, UnionId(union_id), &filter, sort, q.desc.unwrap_or(false)).await?;
    drop(tx);
    // Rows are built (and ID numbers decrypted) in chunks side by side on
    // the blocking pool, one chunk per core, then joined in order.
    let groups = std::sync::Arc::new(groups);
    let per = members.len().div_ceil(crate::par::cores()).max(1_000);
    let mut chunks = Vec::new();
    let mut rest = members;
    while !rest.is_empty() {
        let tail = rest.split_off(per.min(rest.len()));
        chunks.push(std::mem::replace(&mut rest, tail));
    }
    let jobs: Vec<_> = chunks
        .into_iter()
        .map(|chunk| {
            let (keys, groups) = (std::sync::Arc::clone(&state.keys), std::sync::Arc::clone(&groups));
            tokio::spawn(crate::par::cpu(move || {
                chunk.into_iter().map(|m| row_of(m, &keys, &groups, reveal)).collect::<Vec<_>>()
            }))
        })
        .collect();
    let mut rows = Vec::new();
    for job in jobs {
        rows.extend(job.await??);
    }
    Ok((union.name, rows))
}

/// One member's row, in the order of `HEADERS`.
fn row_of(
    m: store::member::Member,
    keys: &crate::crypto::Keys,
    groups: &std::collections::HashMap<Uuid, String>,
    reveal: bool,
) -> Vec<String> {
    let id = if reveal { keys.decrypt(&m.id_cipher).unwrap_or_default() } else { m.id_masked.clone() };
    let text = |v: Option<String>| v.unwrap_or_default();
    vec![
        text(m.card_number),
        m.name,
        m.gender.as_deref().and_then(Gender::parse).map(|g| g.label().to_owned()).unwrap_or_default(),
        text(m.ethnicity),
        m.birth_date.map(|d| d.to_string()).unwrap_or_default(),
        DocType::parse(&m.doc_type).map(|d| d.label().to_owned()).unwrap_or_default(),
        id,
        text(m.mobile),
        m.group_id.and_then(|g| groups.get(&g).cloned()).unwrap_or_default(),
        m.join_date.map(|d| d.to_string()).unwrap_or_default(),
        m.dues_base_fen.map(|f| format!("{}.{:02}", f / 100, f % 100)).unwrap_or_default(),
        text(m.education),
        text(m.political),
        text(m.employment),
        text(m.post),
        MemberStatus::parse(&m.status).map(|s| s.label().to_owned()).unwrap_or_default(),
    ]
}

/// The .xlsx download, its file name and bytes; every export of personal
/// data is audited.
pub async fn xlsx(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    q: &RosterQuery,
    reveal: bool,
) -> AppResult<(String, Vec<u8>)> {
    let (union_name, rows) = rows(state, union_id, q, reveal).await?;
    let n = rows.len();
    let bytes = tokio::task::spawn_blocking(move || sheet::write_xlsx("会员花名册", &HEADERS, &rows))
        .await
        .map_err(|_| AppError::code(domain::ErrorCode::Internal))?
        .map_err(|e| AppError::field(domain::ErrorCode::Internal, "file", e.message()))?;
    let mut tx = state.db.write().await?;
    let union = crate::org::load_union(&mut tx, union_id).await?;
    let (action, what) =
        if reveal { ("member.export_full", "（含完整证件号码）") } else { ("member.export", "") };
    record(
        &mut tx,
        p.actor(),
        action,
        format!("org:{union_id}"),
        Some((union_id, &union.path)),
        format!("导出花名册{n}人{what}"),
    )
    .await?;
    tx.commit().await?;
    let date = domain::time::today(store::now());
    Ok((format!("{union_name}会员花名册{date}.xlsx"), bytes))
}
