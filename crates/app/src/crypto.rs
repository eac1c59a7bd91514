//! Protection of sensitive fields (DOMAIN.md §12): ID numbers are stored
//! encrypted (ChaCha20-Poly1305) beside a keyed hash (HMAC-SHA256) that
//! finds and de-duplicates them without decrypting. Both keys derive from
//! the installation's secret key file; losing it loses the encrypted fields.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

pub struct Keys {
    cipher: ChaCha20Poly1305,
    lookup: [u8; 32],
    ecard: [u8; 32],
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(…)")
    }
}

fn derive(secret: &[u8], label: &str) -> [u8; 32] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(label.as_bytes());
    mac.finalize().into_bytes().into()
}

impl Keys {
    /// Derives the encryption and look-up keys from the 32-byte secret.
    pub fn from_secret(secret: &[u8]) -> Keys {
        let enc = derive(secret, "gonghui field encryption v1");
        Keys {
            cipher: ChaCha20Poly1305::new(&enc.into()),
            lookup: derive(secret, "gonghui look-up hash v1"),
            ecard: derive(secret, "gonghui e-card v1"),
        }
    }

    /// Reads the hex secret written by the binary at first start.
    pub fn from_hex(hex_secret: &str) -> Option<Keys> {
        let bytes = hex::decode(hex_secret.trim()).ok()?;
        (bytes.len() == 32).then(|| Keys::from_secret(&bytes))
    }

    /// nonce (12 bytes) ‖ ciphertext+tag.
    pub fn encrypt(&self, plain: &str) -> Vec<u8> {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let mut out = nonce.to_vec();
        let ct = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
            .expect("encrypting a short field cannot fail");
        out.extend_from_slice(&ct);
        out
    }

    /// None when the data was not encrypted with this key (or was altered).
    pub fn decrypt(&self, data: &[u8]) -> Option<String> {
        if data.len() < 12 {
            return None;
        }
        let (nonce, ct) = data.split_at(12);
        let plain = self.cipher.decrypt(Nonce::from_slice(nonce), ct).ok()?;
        String::from_utf8(plain).ok()
    }

    /// A keyed hash of a value in its namespace (e.g. "id:resident_id"):
    /// equal values hash equal, and without the key nobody can test guesses.
    pub fn lookup_hash(&self, namespace: &str, value: &str) -> String {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.lookup).expect("HMAC takes keys of any length");
        mac.update(namespace.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// The signature of an e-card's payload (`domain::me::ecard`): HMAC-SHA256
    /// with a key of its own, so a card's MAC is no look-up hash.
    pub fn ecard_mac(&self, data: &[u8]) -> [u8; 32] {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.ecard).expect("HMAC takes keys of any length");
        mac.update(data);
        mac.finalize().into_bytes().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encrypts_round_trip_with_fresh_nonces() {
        let k = Keys::from_secret(&[7u8; 32]);
        let a = k.encrypt("11010519491231002X");
        let b = k.encrypt("11010519491231002X");
        assert_ne!(a, b, "same plaintext, different ciphertexts");
        assert!(!a.windows(18).any(|w| w == b"11010519491231002X"));
        assert_eq!(k.decrypt(&a).as_deref(), Some("11010519491231002X"));
        let other = Keys::from_secret(&[8u8; 32]);
        assert_eq!(other.decrypt(&a), None);
        let mut tampered = a.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert_eq!(k.decrypt(&tampered), None);
    }

    #[test]
    fn lookup_hashes_are_keyed_and_namespaced() {
        let k = Keys::from_secret(&[7u8; 32]);
        let h = k.lookup_hash("id", "11010519491231002X");
        assert_eq!(h, k.lookup_hash("id", "11010519491231002X"));
        assert_ne!(h, k.lookup_hash("mobile", "11010519491231002X"));
        assert_ne!(h, Keys::from_secret(&[8u8; 32]).lookup_hash("id", "11010519491231002X"));
        assert!(Keys::from_hex(&"ab".repeat(32)).is_some());
        assert!(Keys::from_hex("abc").is_none());
    }
}
