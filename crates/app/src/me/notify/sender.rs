//! The senders behind the outbox: SMTP email (lettre, an async tokio
//! transport with a connection pool) and the union's HTTP webhook (its SMS
//! gateway or WeChat service account). Each is a [`Sender`]: one delivery
//! in, `Ok` once the other side accepted it, else the error in one line.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use hmac::{Hmac, Mac};
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sha2::Sha256;

use crate::Config;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One delivery as a sender needs it.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub id: uuid::Uuid,
    pub address: String,
    pub subject: String,
    pub body: String,
    /// The union's webhook (URL, secret) for a webhook delivery.
    pub webhook: Option<(String, Option<String>)>,
}

/// A way of sending one delivery.
pub trait Sender: Send + Sync {
    fn send<'a>(&'a self, d: &'a Outgoing) -> BoxFuture<'a, Result<(), String>>;
}

/// The senders of this installation. Email is `Err(reason)` when no SMTP
/// server is configured (or its URL is wrong): email is then queued, not
/// sent, and the reason shows in the administrator's outbox.
#[derive(Clone)]
pub struct Senders {
    pub email: Result<Arc<dyn Sender>, String>,
    pub webhook: Arc<dyn Sender>,
}

impl std::fmt::Debug for Senders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Senders").field("email", &self.email.as_ref().map(|_| "smtp")).finish()
    }
}

/// The outbox's note while no SMTP server is configured.
pub const NO_SMTP: &str = "未配置邮件服务器（--smtp-url / GONGHUI_SMTP_URL），邮件已排队，配置后自动发送";

impl Senders {
    pub fn from_config(config: &Config) -> Senders {
        let email = match &config.smtp_url {
            None => Err(NO_SMTP.to_owned()),
            Some(url) => match Smtp::new(url, config.mail_from.as_deref(), config.webhook_timeout) {
                Ok(s) => Ok(Arc::new(s) as Arc<dyn Sender>),
                Err(e) => {
                    tracing::error!(error = %e, "the SMTP URL is not usable; email stays queued");
                    Err(e)
                }
            },
        };
        let webhook = Arc::new(Webhook::new(config.webhook_timeout)) as Arc<dyn Sender>;
        Senders { email, webhook }
    }
}

/// Email through an SMTP server: `smtp://host:25` (no TLS),
/// `smtp://host:587?tls=required` (STARTTLS), `smtps://user:pass@host:465`.
pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Smtp {
    pub fn new(url: &str, from: Option<&str>, timeout: std::time::Duration) -> Result<Smtp, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("邮件服务器地址不正确：{e}"))?
            .timeout(Some(timeout))
            // As many connections as the drain sends at once: lettre writes
            // a message's end (`.`) apart from its body, so each message
            // waits out the server's delayed ACK (~40 ms on Linux);
            // throughput comes from connections side by side.
            .pool_config(
                lettre::transport::smtp::PoolConfig::new().max_size(super::drain::CONCURRENCY as u32),
            )
            .build();
        let from = from.unwrap_or("工会业务系统 <noreply@localhost>");
        let from: Mailbox = from.parse().map_err(|e| format!("发件人地址不正确（--mail-from）：{e}"))?;
        Ok(Smtp { transport, from })
    }
}

impl Sender for Smtp {
    fn send<'a>(&'a self, d: &'a Outgoing) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            let to: Mailbox = d.address.parse().map_err(|e| format!("收件地址不正确：{e}"))?;
            let msg = Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(d.subject.clone())
                .header(ContentType::TEXT_PLAIN)
                .body(d.body.clone())
                .map_err(|e| format!("邮件生成失败：{e}"))?;
            self.transport.send(msg).await.map(|_| ()).map_err(|e| format!("邮件发送失败：{e}"))
        })
    }
}

/// The union's webhook: a JSON POST of the delivery's payload, signed
/// `X-Gonghui-Signature: sha256=<hex HMAC-SHA256 of the body>` when the
/// union set a secret, and named by `X-Gonghui-Delivery` (the receiver's
/// key against a repeat after a lost answer).
pub struct Webhook {
    client: reqwest::Client,
}

impl Webhook {
    pub fn new(timeout: std::time::Duration) -> Webhook {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Webhook { client }
    }
}

/// The signature header's value for `body` under `secret`.
pub fn signature(secret: &str, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(body.as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

impl Sender for Webhook {
    fn send<'a>(&'a self, d: &'a Outgoing) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            let Some((url, secret)) = &d.webhook else {
                return Err("本工会未设置消息推送地址".to_owned());
            };
            let mut req = self
                .client
                .post(url)
                .header("content-type", "application/json")
                .header("x-gonghui-delivery", d.id.to_string())
                .body(d.body.clone());
            if let Some(s) = secret {
                req = req.header("x-gonghui-signature", signature(s, &d.body));
            }
            let resp = req.send().await.map_err(|e| format!("推送失败：{}", error_chain(&e)))?;
            if resp.status().is_success() {
                Ok(())
            } else {
                Err(format!("推送失败：对方返回 HTTP {}", resp.status().as_u16()))
            }
        })
    }
}

/// An error with its causes (reqwest's own says little: "error sending request").
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_hmac_sha256_hex() {
        // RFC 4231 test case 2.
        let s = signature("Jefe", "what do ya want for nothing?");
        assert_eq!(s, "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    #[test]
    fn no_smtp_url_means_queued_email() {
        let s = Senders::from_config(&Config::default());
        assert_eq!(s.email.err().as_deref(), Some(NO_SMTP));
        let bad = Config { smtp_url: Some("ftp://x".into()), ..Config::default() };
        assert!(Senders::from_config(&bad).email.is_err());
    }
}
