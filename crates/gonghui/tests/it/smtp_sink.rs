//! The local SMTP sink the notification tests send email to
//! (`gonghui::smtp_sink`, a small tokio server speaking enough SMTP), run
//! on a thread of its own so that one sink serves every test of the
//! process whatever runtime each test has; and the decoding of what it
//! took (RFC 2047 subjects).

use std::sync::OnceLock;
use std::time::Duration;

pub use gonghui::smtp_sink::{Mail, SmtpSink};

/// The process's sink, started on first use.
pub fn global() -> &'static SmtpSink {
    static SINK: OnceLock<SmtpSink> = OnceLock::new();
    SINK.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async move {
                tx.send(SmtpSink::start(true).await.unwrap()).unwrap();
                std::future::pending::<()>().await;
            });
        });
        rx.recv().unwrap()
    })
}

/// Waits (up to `secs` seconds) until the sink took a message for `to`.
pub async fn wait_for(to: &str, secs: u64) -> Vec<Mail> {
    for _ in 0..secs * 10 {
        let found: Vec<Mail> =
            global().mails().into_iter().filter(|m| m.to.iter().any(|t| t == to)).collect();
        if !found.is_empty() {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Vec::new()
}

/// A header's value, unfolded and with its encoded words decoded.
pub fn header(data: &str, name: &str) -> Option<String> {
    let (head, _) = data.split_once("\r\n\r\n").unwrap_or((data, ""));
    let mut value: Option<String> = None;
    for line in head.split("\r\n") {
        if let Some(v) = &mut value {
            if line.starts_with(' ') || line.starts_with('\t') {
                v.push_str(line);
                continue;
            }
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case(name)
        {
            value = Some(v.to_owned());
        }
    }
    value.map(|v| decode_words(v.trim()))
}

/// Decodes RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`);
/// whitespace between two encoded words is dropped, as the RFC says.
fn decode_words(s: &str) -> String {
    let mut out = Vec::new();
    let mut rest = s;
    let mut last_encoded = false;
    while !rest.is_empty() {
        match rest.find("=?") {
            Some(i) => {
                let (plain, tail) = rest.split_at(i);
                if !(last_encoded && plain.trim().is_empty()) {
                    out.extend_from_slice(plain.as_bytes());
                }
                let parts: Vec<&str> = tail[2..].splitn(3, '?').collect();
                let end = parts.get(2).and_then(|p| p.find("?="));
                match (parts.len(), end) {
                    (3, Some(e)) => {
                        let text = &parts[2][..e];
                        let bytes = if parts[1].eq_ignore_ascii_case("b") { base64(text) } else { q(text) };
                        out.extend(bytes);
                        let used = 2 + parts[0].len() + 1 + parts[1].len() + 1 + e + 2;
                        rest = &tail[used..];
                        last_encoded = true;
                    }
                    _ => {
                        out.extend_from_slice(tail.as_bytes());
                        rest = "";
                    }
                }
            }
            None => {
                out.extend_from_slice(rest.as_bytes());
                rest = "";
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn base64(s: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let (mut out, mut buf, mut bits) = (Vec::new(), 0u32, 0);
    for c in s.bytes().filter(|c| *c != b'=') {
        let Some(v) = A.iter().position(|a| *a == c) else { continue };
        buf = (buf << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    out
}

fn q(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < b.len() {
        match b[i] {
            b'_' => out.push(b' '),
            b'=' if i + 2 < b.len() => {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap_or(b'?'));
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

#[test]
fn encoded_words_decode() {
    assert_eq!(decode_words("=?utf-8?b?5oqV56Wo?= =?utf-8?b?5byA5aeL?="), "投票开始");
    assert_eq!(decode_words("=?UTF-8?Q?a_b=E6=8A=95?="), "a b投");
    assert_eq!(decode_words("plain"), "plain");
}
