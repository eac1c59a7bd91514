//! The e-card (电子会员卡): a signed, expiring token that names the member,
//! their union and nothing else.
//!
//! A token is `payload.signature`, both base64url without padding. The
//! payload is binary: a version byte, the member's id and the union's id
//! (16 bytes each), the expiry (Unix seconds, big-endian i64), then the
//! member's name and the union's name (each a big-endian u16 length and
//! UTF-8 bytes). The signature is a MAC of the payload's bytes with a key
//! the installation keeps (the caller passes the MAC; `app::crypto::Keys`
//! computes HMAC-SHA256). No ID number, phone or other personal field is
//! in it: a partner who scans the card learns the name, the union and
//! whether the membership is current.
//!
//! Decoding is strict: a token that is not the exact encoding of a payload
//! and its signature (another character, padding, unused bits set) is
//! refused, so that any altered byte makes the token invalid.

use uuid::Uuid;

/// How long a token is good for, by default: long enough to show it at a
/// counter, short enough that a screenshot is soon worthless.
pub const DEFAULT_TTL_SECONDS: i64 = 600;

const VERSION: u8 = 1;
/// Version, two ids and the expiry.
const FIXED: usize = 1 + 16 + 16 + 8;

/// What a card says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub member_id: Uuid,
    pub union_id: Uuid,
    /// The member's name.
    pub name: String,
    /// The union's name.
    pub union_name: String,
    /// Unix seconds; the card is valid before this instant.
    pub expires_at: i64,
}

/// Why a card is not valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    /// Not a token at all (cut off, wrong characters).
    Malformed,
    /// The signature does not match: altered, or not issued here.
    Altered,
    /// Past its expiry.
    Expired,
    /// Well signed and in time, but the membership has ended since (or the
    /// member is no longer on the union's roll).
    NotCurrent,
}

impl Invalid {
    pub fn as_str(self) -> &'static str {
        match self {
            Invalid::Malformed => "malformed",
            Invalid::Altered => "altered",
            Invalid::Expired => "expired",
            Invalid::NotCurrent => "not_current",
        }
    }

    /// The reason, as the verifier reads it.
    pub fn reason(self) -> &'static str {
        match self {
            Invalid::Malformed => "无法识别：这不是本系统的电子会员卡",
            Invalid::Altered => "电子会员卡内容与签名不符，可能被篡改或并非本系统签发",
            Invalid::Expired => "电子会员卡已过期，请会员刷新后重新出示",
            Invalid::NotCurrent => "该会员的会籍已不在有效状态（已转出、退会或除名等）",
        }
    }
}

/// The payload's bytes (what is signed).
fn payload(card: &Card) -> Vec<u8> {
    let mut out = Vec::with_capacity(FIXED + 4 + card.name.len() + card.union_name.len());
    out.push(VERSION);
    out.extend_from_slice(card.member_id.as_bytes());
    out.extend_from_slice(card.union_id.as_bytes());
    out.extend_from_slice(&card.expires_at.to_be_bytes());
    for s in [&card.name, &card.union_name] {
        // Names are short; a longer one is cut at a character boundary.
        let mut end = s.len().min(u16::MAX as usize);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        out.extend_from_slice(&(end as u16).to_be_bytes());
        out.extend_from_slice(&s.as_bytes()[..end]);
    }
    out
}

fn parse_payload(b: &[u8]) -> Option<Card> {
    if b.len() < FIXED || b[0] != VERSION {
        return None;
    }
    let member_id = Uuid::from_slice(&b[1..17]).ok()?;
    let union_id = Uuid::from_slice(&b[17..33]).ok()?;
    let expires_at = i64::from_be_bytes(b[33..41].try_into().ok()?);
    let mut rest = &b[FIXED..];
    let mut text = || -> Option<String> {
        if rest.len() < 2 {
            return None;
        }
        let n = u16::from_be_bytes([rest[0], rest[1]]) as usize;
        let s = rest.get(2..2 + n)?;
        rest = &rest[2 + n..];
        String::from_utf8(s.to_vec()).ok()
    };
    let name = text()?;
    let union_name = text()?;
    rest.is_empty().then_some(Card { member_id, union_id, name, union_name, expires_at })
}

/// The token of `card`, signed with `mac`.
pub fn encode(card: &Card, mac: impl Fn(&[u8]) -> [u8; 32]) -> String {
    let p = payload(card);
    let sig = mac(&p);
    format!("{}.{}", b64_encode(&p), b64_encode(&sig))
}

/// The card a token carries, when it is well formed, signed with `mac` and
/// not expired at `now` (Unix seconds). Whether the membership is still
/// current is the caller's question ([`Invalid::NotCurrent`]).
pub fn decode(token: &str, now: i64, mac: impl Fn(&[u8]) -> [u8; 32]) -> Result<Card, Invalid> {
    let (p, s) = token.trim().split_once('.').ok_or(Invalid::Malformed)?;
    let p = b64_decode(p).ok_or(Invalid::Malformed)?;
    let s = b64_decode(s).ok_or(Invalid::Malformed)?;
    if s.len() != 32 || p.len() < FIXED {
        return Err(Invalid::Malformed);
    }
    if !same(&mac(&p), &s) {
        return Err(Invalid::Altered);
    }
    let card = parse_payload(&p).ok_or(Invalid::Malformed)?;
    if now >= card.expires_at {
        return Err(Invalid::Expired);
    }
    Ok(card)
}

/// Compares without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// "还剩9分58秒" — the time left, as the card shows it.
pub fn remaining_label(expires_at: i64, now: i64) -> String {
    let left = expires_at - now;
    if left <= 0 {
        return "已过期".to_owned();
    }
    let (m, s) = (left / 60, left % 60);
    if m > 0 { format!("{m}分{s}秒后失效") } else { format!("{s}秒后失效") }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn b64_encode(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len().div_ceil(3) * 4);
    for chunk in b.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &x)| acc | (u32::from(x) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Strict: the alphabet only, no padding, and unused trailing bits zero —
/// so each byte string has exactly one encoding.
fn b64_decode(s: &str) -> Option<Vec<u8>> {
    let digits: Vec<u32> =
        s.bytes().map(|c| ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)).collect::<Option<_>>()?;
    if digits.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &d)| acc | (d << (18 - 6 * i)));
        let bytes = chunk.len() - 1;
        // Bits below the last whole byte must be zero.
        if n & ((1 << (24 - 8 * bytes)) - 1) != 0 {
            return None;
        }
        for i in 0..bytes {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use sha2::{Digest, Sha256};

    /// A keyed hash standing in for the installation's HMAC.
    fn mac_with(key: &'static [u8]) -> impl Fn(&[u8]) -> [u8; 32] {
        move |data: &[u8]| {
            let mut h = Sha256::new();
            h.update(key);
            h.update(data);
            h.finalize().into()
        }
    }

    fn card() -> Card {
        Card {
            member_id: Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef),
            union_id: Uuid::from_u128(42),
            name: "张三".into(),
            union_name: "甲公司工会".into(),
            expires_at: 1_800_000_600,
        }
    }

    #[test]
    fn round_trips_before_expiry() {
        let t = encode(&card(), mac_with(b"k"));
        assert_eq!(decode(&t, 1_800_000_000, mac_with(b"k")), Ok(card()));
        assert_eq!(decode(&format!(" {t}\n"), 1_800_000_599, mac_with(b"k")), Ok(card()));
    }

    #[test]
    fn expires_at_its_instant() {
        let t = encode(&card(), mac_with(b"k"));
        assert_eq!(decode(&t, 1_800_000_600, mac_with(b"k")), Err(Invalid::Expired));
        assert_eq!(decode(&t, 1_900_000_000, mac_with(b"k")), Err(Invalid::Expired));
    }

    #[test]
    fn another_key_is_altered() {
        let t = encode(&card(), mac_with(b"k"));
        assert_eq!(decode(&t, 0, mac_with(b"other")), Err(Invalid::Altered));
    }

    #[test]
    fn garbage_is_malformed() {
        for t in ["", ".", "abc", "abc.def", "!!!.???", "a.b.c"] {
            assert_eq!(decode(t, 0, mac_with(b"k")), Err(Invalid::Malformed), "{t}");
        }
    }

    #[test]
    fn a_changed_name_is_altered() {
        let k = mac_with(b"k");
        let t = encode(&card(), &k);
        let forged = Card { name: "李四".into(), ..card() };
        let (_, sig) = t.split_once('.').unwrap();
        let other = format!("{}.{sig}", b64_encode(&payload(&forged)));
        assert_eq!(decode(&other, 0, &k), Err(Invalid::Altered));
    }

    #[test]
    fn carries_nothing_but_ids_names_and_expiry() {
        let p = payload(&card());
        assert_eq!(p.len(), FIXED + 2 + "张三".len() + 2 + "甲公司工会".len());
    }

    #[test]
    fn base64_is_strict_and_round_trips() {
        for n in 0..40u8 {
            let b: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(b64_decode(&b64_encode(&b)), Some(b));
        }
        assert_eq!(b64_encode(b"\xfb\xff"), "-_8");
        // "QQ" is "A"; "QR" sets an unused bit.
        assert_eq!(b64_decode("QQ"), Some(b"A".to_vec()));
        assert_eq!(b64_decode("QR"), None);
        assert_eq!(b64_decode("QQ=="), None);
        assert_eq!(b64_decode("Q"), None);
    }

    #[test]
    fn remaining_reads_in_chinese() {
        assert_eq!(remaining_label(700, 100), "10分0秒后失效");
        assert_eq!(remaining_label(130, 100), "30秒后失效");
        assert_eq!(remaining_label(100, 100), "已过期");
    }

    proptest! {
        /// Any byte of the token changed to anything else: never valid.
        #[test]
        fn any_altered_byte_is_invalid(
            name in "\\PC{0,12}",
            union_name in "\\PC{0,20}",
            expires in 1_000i64..4_000_000_000,
            at in any::<prop::sample::Index>(),
            to in any::<u8>(),
        ) {
            let c = Card { name, union_name, expires_at: expires, ..card() };
            let t = encode(&c, mac_with(b"k"));
            prop_assert_eq!(decode(&t, expires - 1, mac_with(b"k")), Ok(c));
            let mut bytes = t.into_bytes();
            let i = at.index(bytes.len());
            prop_assume!(bytes[i] != to);
            bytes[i] = to;
            let altered = String::from_utf8_lossy(&bytes).into_owned();
            // Whitespace at either end is trimmed, not part of the token.
            prop_assume!(!(to.is_ascii_whitespace() && (i == 0 || i == bytes.len() - 1)));
            prop_assert!(decode(&altered, expires - 1, mac_with(b"k")).is_err());
        }
    }
}
