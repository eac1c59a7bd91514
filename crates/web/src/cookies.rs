//! Reading and writing the few cookies gonghui sets.

use axum::http::{HeaderMap, HeaderValue, header};

pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// `HttpOnly; SameSite=Lax`, and `Secure` when served over HTTPS.
/// `max_age` None makes a cookie that ends with the browser session; zero
/// deletes it.
pub fn set(name: &str, value: &str, max_age: Option<i64>, secure: bool) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).expect("cookie names and hex values are valid header text")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_several() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("a=1; gh_session=abc; b=2"));
        assert_eq!(get(&h, "gh_session").as_deref(), Some("abc"));
        assert_eq!(get(&h, "c"), None);
        let v = set("x", "y", Some(0), true);
        assert_eq!(v.to_str().unwrap(), "x=y; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure");
    }
}
