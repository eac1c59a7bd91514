//! Transfers between unions (转会): the receiving union asks, the
//! releasing union (or a federation above both) decides.

use super::service::{
    MemberInput, api_field, check_group, history, id_hash, member_row, next_card_number, today,
};
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;
use domain::UnionId;
use domain::member::{self, Column, MemberStatus, draft_from_row, mask_id};
use domain::{ErrorCode, text};
use store::member::Transfer;
use uuid::Uuid;

/// The receiving union asks the releasing union for a person (转会).
pub async fn request_transfer(
    state: &AppState,
    p: &Principal,
    to_union: Uuid,
    input: &MemberInput,
) -> AppResult<Transfer> {
    let draft = draft_from_row(&input.cells, today()).map_err(api_field)?;
    let hash = id_hash(&state.keys, draft.id.doc_type, &draft.id.value);
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, to_union).await?;
    check_group(&mut tx, to_union, input.group_id).await?;
    let Some((from_union, from_member, from_name)) = store::member::membership_of(&mut tx, &hash).await?
    else {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "id_number",
            "此人不是其他工会的在籍会员，可直接登记入会",
        ));
    };
    if from_union == to_union {
        return Err(AppError::field(ErrorCode::Conflict, "id_number", "此人已是本会会员"));
    }
    // What the receiving union typed travels with the request; the ID number
    // only encrypted.
    let cells: Vec<(String, String)> = input
        .cells
        .iter()
        .filter(|(c, _)| *c != Column::IdNumber)
        .map(|(c, v)| (c.as_str().to_owned(), v.clone()))
        .chain(input.group_id.map(|g| ("group_id".to_owned(), g.to_string())))
        .collect();
    let t = Transfer {
        id: Uuid::now_v7(),
        from_union_id: from_union,
        to_union_id: to_union,
        from_member_id: from_member,
        id_hash: hash,
        draft: serde_json::to_string(&cells).unwrap_or_default(),
        id_cipher: state.keys.encrypt(&draft.id.value),
        status: "requested".into(),
        reason: None,
        requested_by: p.username.clone(),
        requested_at: store::now(),
        decided_by: None,
        decided_at: None,
        to_member_id: None,
    };
    store::member::insert_transfer(&mut tx, &t).await.map_err(|e| {
        if store::is_unique_violation(&e) {
            AppError::field(ErrorCode::Conflict, "id_number", "此人已有一项待处理的转会申请")
        } else {
            e.into()
        }
    })?;
    let summary = format!("向“{from_name}”申请转入{}（{}）", draft.name, mask_id(&draft.id.value));
    record(
        &mut tx,
        p.actor(),
        "member.transfer_request",
        format!("transfer:{}", t.id),
        Some((to_union, &union.path)),
        summary,
    )
    .await?;
    tx.commit().await?;
    Ok(t)
}

pub async fn transfers(state: &AppState, union_id: Uuid) -> AppResult<Vec<TransferView>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let list = store::member::transfers_of(&mut tx, UnionId(union_id)).await?;
    let mut out = Vec::new();
    for t in list {
        let incoming = t.to_union_id == union_id;
        let other = if incoming { t.from_union_id } else { t.to_union_id };
        let other_name = store::org::get(&mut tx, other).await?.map(|o| o.name).unwrap_or_default();
        // Each side sees the person as it knows them: the releasing union
        // from its own record, the receiving union from its request.
        let name = if incoming {
            draft_cells(&t).into_iter().find(|(c, _)| *c == Column::Name).map(|(_, v)| v).unwrap_or_default()
        } else {
            store::member::get(&mut tx, UnionId(t.from_union_id), t.from_member_id)
                .await?
                .map(|m| m.name)
                .unwrap_or_default()
        };
        out.push(TransferView { transfer: t, incoming, other_union: other_name, person: name });
    }
    Ok(out)
}

/// Transfers awaiting a decision that the caller may make: out of unions in
/// their scope (a federation sees those of all unions below it).
pub async fn pending_transfers(state: &AppState, p: &Principal) -> AppResult<Vec<PendingTransfer>> {
    let scope = p.scope(domain::auth::Perm::TransferDecide);
    let mut tx = state.db.read().await?;
    let list = store::member::pending_transfers(&mut tx, &scope.roots, scope.global).await?;
    let mut out = Vec::with_capacity(list.len());
    for t in list {
        let name_of = |o: Option<store::org::Org>| o.map(|o| o.name).unwrap_or_default();
        let from_union = name_of(store::org::get(&mut tx, t.from_union_id).await?);
        let to_union = name_of(store::org::get(&mut tx, t.to_union_id).await?);
        let person = store::member::get(&mut tx, UnionId(t.from_union_id), t.from_member_id)
            .await?
            .map(|m| m.name)
            .unwrap_or_default();
        out.push(PendingTransfer { transfer: t, from_union, to_union, person });
    }
    Ok(out)
}

pub struct PendingTransfer {
    pub transfer: Transfer,
    pub from_union: String,
    pub to_union: String,
    /// As the releasing union records the person.
    pub person: String,
}

pub struct TransferView {
    pub transfer: Transfer,
    /// Into this union (we asked) rather than out of it (we decide).
    pub incoming: bool,
    pub other_union: String,
    pub person: String,
}

fn draft_cells(t: &Transfer) -> Vec<(Column, String)> {
    let raw: Vec<(String, String)> = serde_json::from_str(&t.draft).unwrap_or_default();
    raw.into_iter()
        .filter_map(|(k, v)| Column::ALL.iter().find(|c| c.as_str() == k).map(|c| (*c, v)))
        .collect()
}

/// The releasing union (or the federation above both) confirms or declines.
/// Confirming moves the membership in one transaction: 转出 here, 在籍 there.
pub async fn decide_transfer(
    state: &AppState,
    p: &Principal,
    from_union: Uuid,
    transfer_id: Uuid,
    confirm: bool,
    reason: &str,
) -> AppResult<Transfer> {
    let reason = text::line("reason", "原因", reason, 200)?;
    if !confirm && reason.is_none() {
        return Err(AppError::field(ErrorCode::Required, "reason", "不同意转会需要填写原因"));
    }
    let mut tx = state.db.write().await?;
    // A transfer is kept by its releasing union: one not of this union is
    // simply not found.
    let t = store::member::transfer(&mut tx, UnionId(from_union), transfer_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let handled = || AppError::field(ErrorCode::Conflict, "status", "该转会申请已处理");
    if t.status != "requested" {
        return Err(handled());
    }
    let from = load_union(&mut tx, t.from_union_id).await?;
    let to = load_union(&mut tx, t.to_union_id).await?;
    let now = store::now();
    if !member::may_decide_transfer(&p.roles_at(Some(&from.path)), (now - t.requested_at).num_days()) {
        return Err(AppError::field(
            ErrorCode::Forbidden,
            "status",
            format!("转出工会{}天内未答复的转会申请，上级工会方可审批", member::TRANSFER_ESCALATION_DAYS),
        ));
    }
    let old = store::member::get(&mut tx, UnionId(t.from_union_id), t.from_member_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let status = MemberStatus::parse(&old.status).unwrap_or(MemberStatus::Active);
    if confirm && !status.holds_membership() {
        return Err(AppError::field(
            ErrorCode::Conflict,
            "status",
            format!("{}的会籍状态已是“{}”，不能转出", old.name, status.label()),
        ));
    }
    if !confirm {
        if !store::member::decide_transfer(
            &mut tx,
            UnionId(t.from_union_id),
            t.id,
            "declined",
            reason.as_deref(),
            &p.username,
            now,
            None,
        )
        .await?
        {
            return Err(handled());
        }
        let summary = format!("不同意{}转往“{}”：{}", old.name, to.name, reason.clone().unwrap_or_default());
        record(
            &mut tx,
            p.actor(),
            "member.transfer_decline",
            format!("transfer:{}", t.id),
            Some((from.id, &from.path)),
            summary,
        )
        .await?;
    } else {
        let plain = state.keys.decrypt(&t.id_cipher).ok_or_else(|| AppError::code(ErrorCode::Internal))?;
        let mut cells = draft_cells(&t);
        cells.push((Column::IdNumber, plain));
        let draft = draft_from_row(&cells, today()).map_err(api_field)?;
        let group_id = serde_json::from_str::<Vec<(String, String)>>(&t.draft)
            .unwrap_or_default()
            .into_iter()
            .find(|(k, _)| k == "group_id")
            .and_then(|(_, v)| Uuid::parse_str(&v).ok());
        store::member::set_status(
            &mut tx,
            UnionId(old.union_id),
            old.id,
            MemberStatus::TransferredOut.as_str(),
            Some(today()),
            Some(&format!("转往{}", to.name)),
            now,
        )
        .await?;
        let mut row =
            member_row(&state.keys, to.id, &draft, MemberStatus::Active, (old.model_worker, old.hardship));
        // The group asked for must still be one of the receiving union's.
        row.group_id = check_group(&mut tx, to.id, group_id).await.ok().flatten().map(|g| g.id);
        row.join_date = draft.join_date.or(old.join_date);
        if row.card_number.is_none() {
            row.card_number = next_card_number(&mut tx, to.id).await?;
        }
        store::member::insert_many(&mut tx, std::slice::from_ref(&row)).await?;
        store::member::add_history(
            &mut tx,
            &[
                history(
                    &old,
                    "transfer_out",
                    Some(from.name.clone()),
                    Some(to.name.clone()),
                    Some(today()),
                    reason.clone(),
                    &p.username,
                ),
                history(
                    &row,
                    "transfer_in",
                    Some(from.name.clone()),
                    Some(to.name.clone()),
                    Some(today()),
                    reason.clone(),
                    &p.username,
                ),
            ],
        )
        .await?;
        let decided = store::member::decide_transfer(
            &mut tx,
            UnionId(t.from_union_id),
            t.id,
            "confirmed",
            reason.as_deref(),
            &p.username,
            now,
            Some(row.id),
        )
        .await?;
        if !decided {
            return Err(handled());
        }
        let summary = format!("同意{}（{}）转往“{}”", old.name, old.id_masked, to.name);
        record(
            &mut tx,
            p.actor(),
            "member.transfer_confirm",
            format!("transfer:{}", t.id),
            Some((from.id, &from.path)),
            summary,
        )
        .await?;
        let summary = format!("{}（{}）自“{}”转入", row.name, row.id_masked, from.name);
        record(
            &mut tx,
            p.actor(),
            "member.transfer_in",
            format!("member:{}", row.id),
            Some((to.id, &to.path)),
            summary,
        )
        .await?;
    }
    let out = store::member::transfer(&mut tx, UnionId(t.from_union_id), t.id)
        .await?
        .ok_or_else(AppError::not_found)?;
    // The member's account (linked in the releasing union) is told.
    let notice = crate::me::notify::Notice {
        kind: crate::me::notify::Kind::ApplicationDecided,
        title: if confirm {
            format!("您转往“{}”的转会申请已同意", to.name)
        } else {
            format!("您转往“{}”的转会申请未获同意", to.name)
        },
        body: reason.clone().unwrap_or_default(),
        link: "/me".to_owned(),
    };
    crate::me::notify::notify_members_in(&mut tx, UnionId(t.from_union_id), &[t.from_member_id], &notice)
        .await?;
    tx.commit().await?;
    Ok(out)
}
