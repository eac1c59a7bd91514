//! The nomination's steps: the public notice (公示) on the disclosure
//! board, the chair's approval once the notice has ended, rejection with
//! a reason, withdrawal; and the evidence files. Each step is one
//! transaction: the row only if nobody moved it meanwhile, the disclosure
//! item, the audit entry.

use domain::auth::Perm;
use domain::recognition::honour::{self as rules, Source, Status, Step};
use domain::{ErrorCode, UnionId};
use store::recognition::files::EvidenceFile;
use uuid::Uuid;

use super::{FILES, Honour, level_label, load, mark_model_worker, status, today};
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::disclosure::service::{NewItem, publish};
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// The disclosure item's source for an honour's notice: publishing it
/// again replaces the old one.
fn source_of(id: Uuid) -> String {
    format!("honour:{id}")
}

/// What the notice says.
fn notice_text(h: &Honour, holder: &str, union_name: &str) -> String {
    let (from, until) = (h.notice_from.unwrap_or_else(today), h.notice_until.unwrap_or_else(today));
    let who = if h.member_id.is_some() { "个人" } else { "集体" };
    let mut s = format!(
        "{union_name}拟推荐{holder}（{who}）为{}年度“{}”（{}，授予单位：{}）。\n",
        h.year,
        h.title,
        level_label(&h.level),
        h.awarding_body
    );
    if Source::Contest.as_str() == h.source {
        s.push_str("推荐依据：劳动和技能竞赛获奖。\n");
    }
    if !h.citation.is_empty() {
        s.push_str(&format!("\n主要事迹：\n{}\n", h.citation));
    }
    s.push_str(&format!(
        "\n公示期：{}至{}。公示期间，职工对推荐对象如有异议，请在本公开栏提出意见，或向工会反映。",
        domain::time::fmt_date(from),
        domain::time::fmt_date(until)
    ));
    s
}

/// Puts the nomination on public notice for `days` days from today.
pub async fn notice(state: &AppState, p: &Principal, id: Uuid, days: Option<i64>) -> AppResult<Honour> {
    let days = rules::check_notice_days(days)?;
    let mut tx = state.db.write().await?;
    let named = load(&mut tx, id).await?;
    let mut h = named.honour;
    let from_status = h.status.clone();
    let to = rules::transition(status(&h), Step::Notice, h.notice_until, today())?;
    let union = load_union(&mut tx, h.union_id).await?;
    let from = today();
    h.status = to.as_str().to_owned();
    h.notice_days = Some(days);
    h.notice_from = Some(from);
    h.notice_until = Some(rules::notice_until(from, days));
    let item = publish(
        &mut tx,
        p,
        h.union_id,
        NewItem {
            category: domain::disclosure::Category::Other,
            title: format!("荣誉推荐公示：{}（{}）", named.holder, h.title),
            period: format!(
                "{}至{}",
                domain::time::fmt_date(from),
                domain::time::fmt_date(h.notice_until.unwrap_or(from))
            ),
            body: notice_text(&h, &named.holder, &union.name),
            source: Some(source_of(h.id)),
        },
    )
    .await?;
    h.disclosure_item_id = Some(item.id);
    h.updated_at = store::now();
    save(&mut tx, &h, &from_status).await?;
    record(
        &mut tx,
        p.actor(),
        "honour.notice",
        format!("honour:{id}"),
        Some((h.union_id, &union.path)),
        format!("公示{}“{}”{}天", named.holder, h.title, days),
    )
    .await?;
    tx.commit().await?;
    Ok(h)
}

async fn save(tx: &mut store::Tx, h: &Honour, from: &str) -> AppResult<()> {
    if store::recognition::honour::update_step(tx, UnionId(h.union_id), h, from).await? == 0 {
        return Err(AppError::field(ErrorCode::Conflict, "status", "该荣誉刚被他人处理过，请刷新后再试"));
    }
    Ok(())
}

/// The chair approves after the notice has ended: the honour is recorded
/// (and a model-worker title flags its holder).
pub async fn approve(state: &AppState, p: &Principal, id: Uuid, note: &str) -> AppResult<Honour> {
    let note = domain::text::multiline("note", "批准意见", note, 500)?;
    decide(state, p, id, Step::Approve, note).await
}

/// The chair refuses the nomination, with the reason.
pub async fn reject(state: &AppState, p: &Principal, id: Uuid, reason: &str) -> AppResult<Honour> {
    let reason = rules::check_reason(reason)?;
    decide(state, p, id, Step::Reject, Some(reason)).await
}

/// The officers withdraw the nomination before the decision.
pub async fn withdraw(state: &AppState, p: &Principal, id: Uuid, reason: &str) -> AppResult<Honour> {
    let reason = domain::text::multiline("reason", "撤回原因", reason, 500)?;
    decide(state, p, id, Step::Withdraw, reason).await
}

async fn decide(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    step: Step,
    note: Option<String>,
) -> AppResult<Honour> {
    let mut tx = state.db.write().await?;
    let named = load(&mut tx, id).await?;
    let mut h = named.honour;
    let union = load_union(&mut tx, h.union_id).await?;
    // The approval and the rejection are the chair's, whoever else the
    // route lets through (the guard checks it too).
    if step != Step::Withdraw && !p.can(Perm::HonourApprove, Some(&union.path)) {
        return Err(AppError::code(ErrorCode::Forbidden));
    }
    let from_status = h.status.clone();
    let was = status(&h);
    let to = rules::transition(was, step, h.notice_until, today())?;
    h.status = to.as_str().to_owned();
    h.decided_by = Some(p.display_name.clone());
    h.decided_on = Some(today());
    h.decision_note = note.clone();
    h.updated_at = store::now();
    save(&mut tx, &h, &from_status).await?;
    match to {
        Status::Recorded => mark_model_worker(&mut tx, &h).await?,
        // A refused or withdrawn nomination leaves the board.
        _ if was == Status::Notice => {
            let why = format!("推荐已{}", to.label());
            store::disclosure::withdraw_source(
                &mut tx,
                UnionId(h.union_id),
                &source_of(h.id),
                &p.display_name,
                &why,
            )
            .await?;
        }
        _ => {}
    }
    let extra = note.map(|n| format!("：{n}")).unwrap_or_default();
    record(
        &mut tx,
        p.actor(),
        match step {
            Step::Approve => "honour.approve",
            Step::Reject => "honour.reject",
            _ => "honour.withdraw",
        },
        format!("honour:{id}"),
        Some((h.union_id, &union.path)),
        format!("{}{}“{}”{extra}", step.label(), named.holder, h.title),
    )
    .await?;
    tx.commit().await?;
    Ok(h)
}

/// Adds an evidence file (证书扫描件) to the honour.
pub async fn add_file(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    file_name: &str,
    bytes: &[u8],
) -> AppResult<EvidenceFile> {
    let mut tx = state.db.write().await?;
    let h = load(&mut tx, id).await?.honour;
    let f = crate::recognition::files::add(&mut tx, p, h.union_id, FILES, id, file_name, bytes).await?;
    tx.commit().await?;
    Ok(f)
}

/// One evidence file of the honour, with its content.
pub async fn file(state: &AppState, id: Uuid, file_id: Uuid) -> AppResult<(EvidenceFile, Vec<u8>)> {
    let union_id = {
        let mut tx = state.db.read().await?;
        load(&mut tx, id).await?.honour.union_id
    };
    crate::recognition::files::download(state, union_id, FILES, id, file_id).await
}
