use chrono::TimeZone;
use proptest::prelude::*;

use super::*;

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap()
}

#[test]
fn kinds_and_channels_round_trip() {
    for k in Kind::ALL {
        assert_eq!(Kind::parse(k.as_str()), Some(k));
        assert!(!k.label().is_empty());
    }
    for c in Channel::ALL {
        assert_eq!(Channel::parse(c.as_str()), Some(c));
    }
    for s in Status::ALL {
        assert_eq!(Status::parse(s.as_str()), Some(s));
    }
    assert_eq!(Channel::parse_field("channel", " email ").unwrap(), Channel::Email);
    let e = Channel::parse_field("channel", "sms").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("channel"));
    assert!(e.message.contains("通知渠道"));
}

#[test]
fn backoff_doubles_from_a_minute_and_is_capped() {
    assert_eq!(retry_delay(1), Duration::minutes(1));
    assert_eq!(retry_delay(2), Duration::minutes(2));
    assert_eq!(retry_delay(3), Duration::minutes(4));
    assert_eq!(retry_delay(9), Duration::hours(4) + Duration::minutes(16));
    assert_eq!(retry_delay(10), Duration::hours(6));
    assert_eq!(retry_delay(1000), Duration::hours(6));
    assert_eq!(retry_delay(0), Duration::minutes(1));
}

#[test]
fn gives_up_after_the_last_attempt_but_stays_retryable() {
    let a = after_failure(1, at());
    assert_eq!(a, AfterFailure { status: Status::Queued, next_attempt_at: at() + Duration::minutes(1) });
    let last = after_failure(MAX_ATTEMPTS, at());
    assert_eq!(last.status, Status::Failed);
    assert_eq!(after_failure(MAX_ATTEMPTS - 1, at()).status, Status::Queued);
}

#[test]
fn emails() {
    assert_eq!(
        parse_email("email", "  Zhang.San@Example.COM ").unwrap().as_deref(),
        Some("Zhang.San@example.com")
    );
    assert_eq!(parse_email("email", "张三@工会.中国").unwrap().as_deref(), Some("张三@工会.中国"));
    assert_eq!(parse_email("email", "").unwrap(), None);
    for bad in [
        "zhangsan",
        "a@b",
        "@example.com",
        "a b@example.com",
        "a@-x.com",
        "a@x..com",
        "a@b@c.com",
        "a<b>@x.com",
    ] {
        let e = parse_email("email", bad).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("email"), "{bad}");
        assert!(e.message.contains("电子邮箱"), "{bad}");
    }
    let long = format!("{}@example.com", "a".repeat(250));
    assert_eq!(parse_email("email", &long).unwrap_err().code, ErrorCode::TooLong);
}

#[test]
fn webhook_addresses_urls_and_secrets() {
    assert_eq!(parse_webhook_address("a", "13800138000").unwrap().as_deref(), Some("13800138000"));
    assert_eq!(parse_webhook_address("a", "oAbC-12_x").unwrap().as_deref(), Some("oAbC-12_x"));
    assert!(parse_webhook_address("a", "13 8").is_err());
    assert!(parse_webhook_address("a", "手机").is_err());
    assert_eq!(parse_webhook_address("a", " ").unwrap(), None);
    assert!(parse_webhook_url("u", "https://sms.example.com/hook").unwrap().is_some());
    assert!(parse_webhook_url("u", "http://127.0.0.1:8080/x").unwrap().is_some());
    for bad in ["ftp://x", "https://", "sms.example.com", "https://a b"] {
        let e = parse_webhook_url("u", bad).unwrap_err();
        assert!(e.message.contains("推送地址"), "{bad}");
    }
    assert!(parse_webhook_secret("s", "short").is_err());
    assert!(parse_webhook_secret("s", "0123456789abcdef").unwrap().is_some());
    assert!(parse_webhook_secret("s", "0123456789abcdef 中").is_err());
}

#[test]
fn titles_and_errors_are_one_line() {
    assert_eq!(title_line("  投票\n开始 "), "投票 开始");
    let long = "长".repeat(150);
    let t = title_line(&long);
    assert_eq!(t.chars().count(), 100);
    assert!(t.ends_with('…'));
    assert_eq!(error_line("connection\nrefused   (os error 111)"), "connection refused (os error 111)");
}

proptest! {
    #[test]
    fn delays_never_shrink_and_stay_within_bounds(n in 0i64..200) {
        let d = retry_delay(n);
        prop_assert!(d >= Duration::seconds(FIRST_DELAY_SECS));
        prop_assert!(d <= Duration::seconds(MAX_DELAY_SECS));
        prop_assert!(retry_delay(n + 1) >= d);
    }

    #[test]
    fn a_failure_is_queued_for_later_or_failed(n in 1i64..100, secs in 0i64..1_000_000_000) {
        let now = Utc.timestamp_opt(secs, 0).unwrap();
        let a = after_failure(n, now);
        if n < MAX_ATTEMPTS {
            prop_assert_eq!(a.status, Status::Queued);
            prop_assert!(a.next_attempt_at > now);
        } else {
            prop_assert_eq!(a.status, Status::Failed);
        }
    }

    #[test]
    fn a_valid_email_parses_to_itself_up_to_case(local in "[a-z0-9._+-]{1,20}", host in "[a-z0-9]{1,10}", tld in "[a-z]{2,6}") {
        let s = format!("{local}@{host}.{tld}");
        prop_assert_eq!(parse_email("e", &s).unwrap(), Some(s.clone()));
    }

    #[test]
    fn email_parsing_never_panics(s in "\\PC{0,80}") {
        let _ = parse_email("e", &s);
        let _ = parse_webhook_address("a", &s);
        let _ = parse_webhook_url("u", &s);
    }
}
