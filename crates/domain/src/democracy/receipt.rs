//! Receipt codes (回执码): 128 random bits a voter gets for their paper, to
//! find it in the published tally. Written in Crockford's base32 (no I, L,
//! O, U), 26 characters in groups of five or six, so they read aloud and
//! copy by hand without ambiguity.

/// Crockford's alphabet.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters of a code (128 bits in 5-bit digits, the first holds 3 bits).
pub const LEN: usize = 26;

/// The canonical code of 16 random bytes: 26 characters, no separators.
pub fn encode(bytes: [u8; 16]) -> String {
    let mut n = u128::from_be_bytes(bytes);
    let mut out = [0u8; LEN];
    for slot in out.iter_mut().rev() {
        *slot = ALPHABET[(n & 31) as usize];
        n >>= 5;
    }
    String::from_utf8(out.to_vec()).expect("ASCII")
}

/// The code as shown: `XXXXX-XXXXX-XXXXX-XXXXX-XXXXXX`.
pub fn display(canonical: &str) -> String {
    let c: Vec<char> = canonical.chars().collect();
    if c.len() != LEN {
        return canonical.to_owned();
    }
    let groups = [&c[0..5], &c[5..10], &c[10..15], &c[15..20], &c[20..26]];
    groups.iter().map(|g| g.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// Reads a code as typed: case, spaces and dashes do not matter, O reads as
/// 0 and I or L as 1. None when it cannot be a code.
pub fn normalize(input: &str) -> Option<String> {
    let mut out = String::with_capacity(LEN);
    for ch in input.chars() {
        let c = match ch.to_ascii_uppercase() {
            ' ' | '-' | '\u{3000}' | '\t' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c if ALPHABET.contains(&(c as u8)) && c.is_ascii() => c,
            _ => return None,
        };
        out.push(c);
    }
    // 26 digits of 5 bits hold 130: the first digit carries only 3.
    let first_ok = out.as_bytes().first().is_some_and(|b| (b'0'..=b'7').contains(b));
    (out.len() == LEN && first_ok).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_read_back_however_typed() {
        let c = encode([0xAB; 16]);
        assert_eq!(c.len(), LEN);
        let shown = display(&c);
        assert_eq!(shown.len(), LEN + 4);
        assert_eq!(normalize(&shown).as_deref(), Some(c.as_str()));
        assert_eq!(normalize(&shown.to_lowercase()).as_deref(), Some(c.as_str()));
        assert_eq!(normalize(&shown.replace('-', " ")).as_deref(), Some(c.as_str()));
        assert_eq!(normalize("0000000000000000000000000O").as_deref(), Some("00000000000000000000000000"));
        assert_eq!(normalize("abc"), None);
        assert_eq!(normalize("U0000000000000000000000000"), None);
        assert_eq!(normalize("80000000000000000000000000"), None);
        assert_eq!(encode([0; 16]), "0".repeat(26));
        assert_eq!(encode([0xFF; 16]), format!("7{}", "Z".repeat(25)));
    }

    proptest! {
        #[test]
        fn every_code_is_canonical(bytes in any::<[u8; 16]>()) {
            let c = encode(bytes);
            prop_assert_eq!(normalize(&c), Some(c.clone()));
            prop_assert_eq!(normalize(&display(&c)), Some(c));
        }

        #[test]
        fn distinct_bytes_give_distinct_codes(a in any::<[u8; 16]>(), b in any::<[u8; 16]>()) {
            prop_assert_eq!(a == b, encode(a) == encode(b));
        }
    }
}
