//! Members (DOMAIN.md §3): identity documents and the GB 11643-1999 check,
//! mobiles, dates and money as offices type them, membership statuses,
//! pinyin search keys, 会员证号 patterns, the roster import (花名册) and
//! who may decide a transfer.
//!
//! ID numbers are sensitive (§12): [`IdNumber`]'s `Debug` shows them masked.

mod card;
mod fields;
mod identity;
mod roster;
mod status;
mod transfer;

#[cfg(test)]
mod escalation_tests;
#[cfg(test)]
mod tests;

pub use card::*;
pub use fields::*;
pub use identity::*;
pub use roster::*;
pub use status::*;
pub use transfer::*;

/// Full-width ASCII (Ｘ, １, （) to half-width and the ideographic space to a
/// space.
pub(crate) fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

/// Whitespace as it arrives from spreadsheets, zero-width characters included.
pub(super) fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}')
}

/// Half-width, without any whitespace.
pub(super) fn compact(input: &str) -> String {
    input.chars().map(half_width).filter(|&c| !is_blank(c)).collect()
}

// ---------------------------------------------------------------------------
// Pinyin search keys: see `crate::search` (every reading of a name).

pub use crate::search::{pinyin_keys, sort_key};
