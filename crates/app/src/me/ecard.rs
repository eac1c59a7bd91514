//! The e-card: issue and verify.
//!
//! A member's account asks for a token (`domain::me::ecard`), signed with
//! the installation's e-card key (`crypto::Keys::ecard_mac`) and good for
//! `Config::ecard_ttl`; it names the member and the union, nothing else.
//! Any signed-in account may verify one (an officer's check-in desk, a
//! partner's account): the signature and expiry are checked by the rule,
//! and the membership is checked again at verification time, so a card
//! shown after the member left says so.

use chrono::{DateTime, Utc};
use domain::ErrorCode;
use domain::UnionId;
use domain::me::ecard::{self, Card, Invalid};
use domain::member::MemberStatus;
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};

/// A card just issued: the token and what the card page shows beside it.
#[derive(Debug, Clone)]
pub struct Issued {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub name: String,
    pub union_name: String,
    pub card_number: Option<String>,
    pub group_name: Option<String>,
}

/// Issues a fresh e-card for the signed-in account's member. 404 when the
/// account is linked to no member; 422 (`member`) when the membership has
/// ended.
pub async fn issue(state: &AppState, p: &Principal) -> AppResult<Issued> {
    let mut tx = state.db.read().await?;
    let Some((union_id, member_id)) = store::auth::member_of_user(&mut tx, p.user_id).await? else {
        return Err(crate::me::home::no_member());
    };
    let m = store::member::get(&mut tx, UnionId(union_id), member_id)
        .await?
        .ok_or_else(crate::me::home::no_member)?;
    let union = store::org::get(&mut tx, union_id).await?.ok_or_else(crate::me::home::no_member)?;
    if !MemberStatus::parse(&m.status).is_some_and(MemberStatus::holds_membership) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "member",
            "您的会籍已不在有效状态（已转出、退会等），不能出示电子会员卡",
        ));
    }
    let group_name = match m.group_id {
        Some(g) => store::org::get(&mut tx, g).await?.map(|o| o.name),
        None => None,
    };
    drop(tx);
    let now = store::now();
    let expires_at = now + state.config.ecard_ttl;
    let card = Card {
        member_id,
        union_id,
        name: m.name.clone(),
        union_name: union.name.clone(),
        expires_at: expires_at.timestamp(),
    };
    let token = ecard::encode(&card, |b| state.keys.ecard_mac(b));
    let expires_at = DateTime::from_timestamp(card.expires_at, 0).unwrap_or(expires_at);
    Ok(Issued {
        token,
        expires_at,
        name: m.name,
        union_name: union.name,
        card_number: m.card_number,
        group_name,
    })
}

/// What a verification answers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EcardVerdict {
    /// 是否为有效会员
    pub valid: bool,
    /// 会员姓名（有效时）
    pub name: Option<String>,
    /// 所在工会（有效时）
    pub union: Option<String>,
    /// 电子会员卡的有效期（有效时）
    pub expires_at: Option<DateTime<Utc>>,
    /// 无效时：malformed | altered | expired | not_current
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// 无效的原因（中文）
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl EcardVerdict {
    fn invalid(why: Invalid) -> Self {
        EcardVerdict {
            valid: false,
            name: None,
            union: None,
            expires_at: None,
            code: Some(why.as_str().to_owned()),
            reason: Some(why.reason().to_owned()),
        }
    }
}

/// Verifies a token: signature, expiry, and the membership as it stands
/// now. Never an error for a bad token: the verdict says why.
pub async fn verify(state: &AppState, _p: &Principal, token: &str) -> AppResult<EcardVerdict> {
    // A token pasted from a verification link is accepted as the link.
    let token = token.trim();
    let token = token.rsplit_once("token=").map_or(token, |(_, t)| t);
    let card = match ecard::decode(token, store::now().timestamp(), |b| state.keys.ecard_mac(b)) {
        Ok(c) => c,
        Err(why) => return Ok(EcardVerdict::invalid(why)),
    };
    let mut tx = state.db.read().await?;
    let current = store::member::get(&mut tx, UnionId(card.union_id), card.member_id)
        .await?
        .is_some_and(|m| MemberStatus::parse(&m.status).is_some_and(MemberStatus::holds_membership));
    drop(tx);
    if !current {
        return Ok(EcardVerdict::invalid(Invalid::NotCurrent));
    }
    Ok(EcardVerdict {
        valid: true,
        name: Some(card.name),
        union: Some(card.union_name),
        expires_at: DateTime::from_timestamp(card.expires_at, 0),
        code: None,
        reason: None,
    })
}

/// The path a card's QR code opens: the verification page with the token.
pub fn verify_path(token: &str) -> String {
    format!("/ecards/verify?token={token}")
}
