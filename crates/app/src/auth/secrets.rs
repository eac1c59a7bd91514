//! Passwords (argon2id) and random tokens (stored only as SHA-256).

use std::sync::{Arc, LazyLock, Mutex, mpsc};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Password hashing runs on a few dedicated threads, not on tokio's
/// blocking pool: each argon2id hash takes 19 MiB and real CPU time, and a
/// flood of logins must queue here instead of growing hundreds of threads
/// (and their memory arenas).
struct HashPool {
    jobs: Mutex<mpsc::Sender<Job>>,
}

type Job = Box<dyn FnOnce() + Send>;

static POOL: LazyLock<HashPool> = LazyLock::new(|| {
    let (tx, rx) = mpsc::channel::<Job>();
    let rx = Arc::new(Mutex::new(rx));
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    for i in 0..threads {
        let rx = Arc::clone(&rx);
        std::thread::Builder::new()
            .name(format!("password-{i}"))
            .spawn(move || {
                loop {
                    let job = match rx.lock() {
                        Ok(guard) => guard.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                }
            })
            .expect("spawn a password thread");
    }
    HashPool { jobs: Mutex::new(tx) }
});

async fn on_pool<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = tx.send(f());
    });
    POOL.jobs.lock().expect("password pool lock").send(job).expect("password threads run for the process");
    rx.await.expect("password jobs do not panic")
}

/// Hashes a password with argon2id's default cost, off the async threads.
pub async fn hash_password(password: String) -> String {
    on_pool(move || hash_password_blocking(&password)).await
}

pub fn hash_password_blocking(password: &str) -> String {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters hashes any input")
        .to_string()
}

/// Checks a password. With no stored hash it still spends the time of one
/// verification, so response times do not tell which usernames exist.
pub async fn verify_password(password: String, stored: Option<String>) -> bool {
    on_pool(move || {
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        match PasswordHash::new(&stored) {
            Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
            Err(_) => false,
        }
    })
    .await
}

static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| hash_password_blocking("not a real password 0"));

/// 32 random bytes, hex: session cookies, API tokens, CSRF tokens.
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// What the database keeps of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares two secrets in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_verify_only_against_their_hash() {
        let h = hash_password("abc12345".into()).await;
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("abc12345".into(), Some(h.clone())).await);
        assert!(!verify_password("abc12346".into(), Some(h)).await);
        assert!(!verify_password("abc12345".into(), None).await);
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = random_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_token());
        assert_ne!(token_hash(&a), a);
        assert!(constant_time_eq(&a, &a.clone()));
        assert!(!constant_time_eq(&a, &random_token()));
    }
}
