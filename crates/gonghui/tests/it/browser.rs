//! A real headless Chromium signs in, creates an org and sees it listed, at
//! phone width. Skipped loudly when chromedriver is missing; under CI=true a
//! skip is a failure.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};
use serde_json::json;

use crate::common::TestApp;

fn chromedriver() -> Option<String> {
    let candidates = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"];
    candidates.iter().find(|p| std::path::Path::new(p).exists()).map(|p| p.to_string())
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn start_driver() -> Option<(Driver, String)> {
    let Some(bin) = chromedriver() else {
        let msg = "BROWSER TESTS SKIPPED: chromedriver not found (install Debian packages chromium and chromium-driver; scripts/test does)";
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{msg} — under CI=true this is a failure");
        }
        eprintln!("\n!!!!! {msg} !!!!!\n");
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let driver = Driver(child);
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return Some((driver, format!("http://127.0.0.1:{port}")));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start");
}

async fn login_create_list(app: TestApp) {
    let Some((_driver, url)) = start_driver().await else {
        app.stop().await;
        return;
    };
    let admin = app.admin().await;
    let fed = app.org(&admin, "federation", "浏览器测试区总工会", None).await;

    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--disable-quic", "--window-size=375,812", "--lang=zh-CN"]
        }),
    );
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&url)
        .await
        .expect("chromium session");

    let result: Result<(), fantoccini::error::CmdError> = async {
        c.goto(&app.url("/orgs")).await?;
        // Not signed in: the login page.
        c.wait().for_element(Locator::Css("input#username")).await?.send_keys("admin").await?;
        c.find(Locator::Css("input#password")).await?.send_keys(crate::common::ADMIN_PASSWORD).await?;
        c.find(Locator::Css("form button[type=submit]")).await?.click().await?;
        let h1 = c.wait().for_element(Locator::Css("main h1")).await?.text().await?;
        assert!(h1.contains("您好"), "{h1}");

        c.goto(&app.url("/orgs/new")).await?;
        c.wait().for_element(Locator::Css("select#parent_id")).await?.select_by_value(&fed).await?;
        c.find(Locator::Css("select#kind")).await?.select_by_value("union").await?;
        // First a wrong credit code: the error stands next to the field and
        // the name stays as typed.
        c.find(Locator::Css("input#name")).await?.send_keys("浏览器里建的工会").await?;
        c.find(Locator::Css("input#credit_code")).await?.send_keys("91350100M000100Y44").await?;
        c.find(Locator::Css("form.grid-form button[type=submit]")).await?.click().await?;
        let err = c.wait().for_element(Locator::Css(".field-error")).await?.text().await?;
        assert!(err.contains("统一社会信用代码"), "{err}");
        let kept = c.find(Locator::Css("input#name")).await?.prop("value").await?;
        assert_eq!(kept.as_deref(), Some("浏览器里建的工会"));
        let code = c.find(Locator::Css("input#credit_code")).await?;
        code.clear().await?;
        code.send_keys("91350100M000100Y43").await?;
        c.find(Locator::Css("form.grid-form button[type=submit]")).await?.click().await?;
        let flash = c.wait().for_element(Locator::Css(".flash")).await?.text().await?;
        assert!(flash.contains("已新建"), "{flash}");

        // It is listed, and the live search (htmx) narrows the list.
        c.goto(&app.url("/orgs")).await?;
        let table = c.wait().for_element(Locator::Css("#org-table")).await?.text().await?;
        assert!(table.contains("浏览器里建的工会") && table.contains("浏览器测试区总工会"), "{table}");
        c.find(Locator::Css("input[type=search]")).await?.send_keys("里建").await?;
        let mut narrowed = false;
        for _ in 0..50 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            let t = c.find(Locator::Css("#org-table")).await?.text().await?;
            if t.contains("浏览器里建的工会") && !t.contains("浏览器测试区总工会") {
                narrowed = true;
                break;
            }
        }
        assert!(narrowed, "live search did not narrow the list");

        // At 375 px nothing runs off the side of the page.
        let fits = c
            .execute("return document.documentElement.scrollWidth <= window.innerWidth + 1;", vec![])
            .await?;
        assert_eq!(fits, json!(true), "the page is wider than a 375 px screen");
        if let Ok(png) = c.screenshot().await {
            let _ = std::fs::write(std::env::temp_dir().join("gonghui-orgs-375.png"), png);
        }
        Ok(())
    }
    .await;
    c.close().await.ok();
    result.expect("browser steps");
    app.stop().await;
}

crate::both!(browser_login_create_and_list, login_create_list);
