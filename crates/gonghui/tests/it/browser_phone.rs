//! A member's phone (375 px, emulated in headless Chromium) on the demo:
//! the areas fold into a menu that opens and shows 公开栏; the vote receipt
//! breaks only between its groups and copies with one tap; the tally is a
//! stacked list; and no page the member reaches by following links has
//! anything cut off at the right edge. Also the print pages: dates do not
//! wrap on the roster, and the 签收表's signature column is the wide one.

use std::collections::{BTreeMap, HashSet, VecDeque};

use fantoccini::Client;
use fantoccini::Locator;
use fantoccini::error::CmdError;
use serde_json::{Value, json};

use crate::browser::{login, phone_session, session, start_driver, wait_for_text};
use crate::common::TestApp;

const DEMO_PASSWORD: &str = "gonghui2026";

/// What sticks out of a phone's screen: the page wider than the viewport,
/// or any visible element whose right edge passes it — except inside a
/// container deliberately scrolled sideways (overflow-x auto or scroll).
const CUT_OFF: &str = r#"
const vw = window.innerWidth;
const out = [];
const doc = document.documentElement.scrollWidth;
if (doc > vw + 1) out.push('page ' + doc + ' > ' + vw);
const inScroller = el => {
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX;
    if (o === 'auto' || o === 'scroll') return true;
  }
  return false;
};
const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
  (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '');
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  if (r.right > vw + 1 && !inScroller(el)) {
    out.push(name(el) + ' right=' + Math.round(r.right) + ' «' + (el.textContent || '').trim().slice(0, 20) + '»');
  }
}
return out.slice(0, 8);
"#;

async fn cut_off(c: &Client) -> Result<Vec<String>, CmdError> {
    let v = c.execute(CUT_OFF, vec![]).await?;
    Ok(v.as_array()
        .map(|a| a.iter().map(|x| x.as_str().unwrap_or_default().to_owned()).collect())
        .unwrap_or_default())
}

/// The same page with another id counts once.
fn shape(path: &str) -> String {
    let re =
        regex_lite::Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+").unwrap();
    re.replace_all(path, "#").into_owned()
}

async fn js_bool(c: &Client, script: &str) -> Result<bool, CmdError> {
    Ok(c.execute(script, vec![]).await? == json!(true))
}

async fn member_on_a_phone(app: TestApp) {
    let Some((_driver, url)) = start_driver().await else {
        app.stop().await;
        return;
    };
    let chair = app.token("zhuxi", DEMO_PASSWORD).await;
    let c = phone_session(&url).await;
    let result: Result<(), CmdError> = async {
        login(&c, &app, "huiyuan", DEMO_PASSWORD).await?;
        assert_eq!(c.execute("return window.innerWidth;", vec![]).await?, json!(375), "the phone's viewport");

        // The areas are folded behind 菜单; it opens and 公开栏 is in full view.
        let board = "header.top a[href$='/disclosure']";
        let toggle = c.wait().for_element(Locator::Css("button[data-nav-toggle]")).await?;
        assert!(toggle.is_displayed().await?, "no menu button on a phone");
        assert!(!c.find(Locator::Css(board)).await?.is_displayed().await?, "the menu is not folded");
        toggle.click().await?;
        let shown = c.find(Locator::Css(board)).await?;
        assert!(shown.is_displayed().await?, "the open menu does not show 公开栏");
        assert_eq!(shown.text().await?, "公开栏");
        let whole = js_bool(
            &c,
            "const a = document.querySelector(\"header.top a[href$='/disclosure']\").getBoundingClientRect();
             const nav = document.querySelector('nav.areas');
             return a.left >= 0 && a.right <= window.innerWidth && nav.scrollWidth <= nav.clientWidth;",
        )
        .await?;
        assert!(whole, "公开栏 is cut off in the open menu");
        assert_eq!(toggle.attr("aria-expanded").await?.as_deref(), Some("true"));
        assert_eq!(cut_off(&c).await?, Vec::<String>::new(), "the open menu sticks out");
        if let Ok(png) = c.screenshot().await {
            let _ = std::fs::write(std::env::temp_dir().join("gonghui-menu-375.png"), png);
        }

        // Vote on the demo's open motion; the receipt comes in unbroken groups.
        c.goto(&app.url("/")).await?;
        c.wait().for_element(Locator::Css("#to-vote a")).await?.click().await?;
        c.wait().for_element(Locator::Css("#vote-form")).await?;
        let ballot_url = c.current_url().await?.to_string();
        c.execute(
            "document.querySelectorAll('fieldset.vote-item').forEach(f => f.querySelector('input').checked = true);",
            vec![],
        )
        .await?;
        c.find(Locator::Css("#vote-submit")).await?.click().await?;
        let receipt = c.wait().for_element(Locator::Css("#receipt")).await?.text().await?;
        assert_eq!(receipt.len(), 30, "{receipt}");
        let groups = c
            .execute(
                "return [...document.querySelectorAll('#receipt .group')].map(g => {
                   const r = document.createRange(); r.selectNodeContents(g);
                   return r.getClientRects().length; });",
                vec![],
            )
            .await?;
        assert_eq!(groups, json!([1, 1, 1, 1, 1]), "a receipt group breaks over lines");
        assert_eq!(cut_off(&c).await?, Vec::<String>::new(), "the receipt page sticks out");
        // 复制: the Clipboard API gets the code as shown; the button says so.
        c.execute(
            "navigator.clipboard.writeText = t => { window.__copied = t; return Promise.resolve(); };",
            vec![],
        )
        .await?;
        let copy = c.find(Locator::Css("#copy-receipt")).await?;
        assert!(copy.is_displayed().await?, "no copy button");
        copy.click().await?;
        assert!(wait_for_text(&c, "#copy-receipt", |t| t == "已复制").await?, "the button does not say 已复制");
        assert_eq!(c.execute("return window.__copied;", vec![]).await?, json!(receipt));
        // Without the Clipboard API (plain http on an intranet) the code is
        // selected for a long press.
        c.execute("Object.defineProperty(navigator, 'clipboard', {value: undefined});", vec![]).await?;
        c.find(Locator::Css("#copy-receipt")).await?.click().await?;
        let selected = c.execute("return String(window.getSelection()).trim();", vec![]).await?;
        assert_eq!(selected, json!(receipt), "the fallback does not select the receipt");
        if let Ok(png) = c.screenshot().await {
            let _ = std::fs::write(std::env::temp_dir().join("gonghui-receipt-375.png"), png);
        }

        // The chair closes the vote: the tally is a stacked list on the phone.
        let ballot = ballot_url.rsplit('/').next().unwrap().to_owned();
        let (s, b) = app.post(&chair, &format!("/api/v1/ballots/{ballot}/close"), json!({})).await;
        assert!(s.is_success(), "close: {b}");
        c.goto(&ballot_url).await?;
        c.wait().for_element(Locator::Css("#tally")).await?;
        let stacked = c
            .execute(
                "const vw = window.innerWidth;
                 return [...document.querySelectorAll('#tally tbody tr')].map(tr => {
                   const item = tr.querySelector('td.item').getBoundingClientRect();
                   const result = tr.querySelector('td.result').getBoundingClientRect();
                   return { item: item.width > vw / 2, result: result.width > 0 && result.right <= vw,
                            below: result.top >= item.bottom };
                 });",
                vec![],
            )
            .await?;
        let rows = stacked.as_array().cloned().unwrap_or_default();
        assert!(!rows.is_empty(), "no tally rows");
        for r in &rows {
            assert_eq!(r, &json!({"item": true, "result": true, "below": true}), "the tally is not stacked");
        }
        let text = c.find(Locator::Css("#tally")).await?.text().await?;
        assert!(text.contains("通过"), "{text}");
        // Each count and the result are labelled on the phone (::before).
        let labels = c
            .execute(
                "return [...document.querySelectorAll('#tally tbody tr:first-child td[data-label]')]
                   .map(td => getComputedStyle(td, '::before').content);",
                vec![],
            )
            .await?;
        assert_eq!(labels, json!(["\"赞成：\"", "\"反对：\"", "\"弃权：\"", "\"结果：\""]));
        assert_eq!(cut_off(&c).await?, Vec::<String>::new(), "the tally sticks out");
        if let Ok(png) = c.screenshot().await {
            let _ = std::fs::write(std::env::temp_dir().join("gonghui-tally-375.png"), png);
        }

        // Every page the member reaches from home, following links.
        let faults = crawl(&c, &app).await?;
        assert!(faults.is_empty(), "cut off at 375 px (page: elements):\n{faults:#?}");
        Ok(())
    }
    .await;
    c.close().await.ok();
    result.expect("browser steps");
    app.stop().await;
}

/// Visits each page reachable by links from home (two of each shape, at
/// most 60) and returns the pages with something cut off.
async fn crawl(c: &Client, app: &TestApp) -> Result<BTreeMap<String, Vec<String>>, CmdError> {
    let mut queue = VecDeque::from([String::from("/")]);
    let mut seen = HashSet::new();
    let mut shapes: BTreeMap<String, usize> = BTreeMap::new();
    let mut faults = BTreeMap::new();
    let mut pages = Vec::new();
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) || pages.len() >= 60 {
            continue;
        }
        let n = shapes.entry(shape(&path)).or_default();
        *n += 1;
        if *n > 2 {
            continue;
        }
        c.goto(&app.url(&path)).await?;
        let html = c.execute("return document.contentType === 'text/html' && !!document.querySelector('main, .print-sheet');", vec![]).await?;
        if html != json!(true) {
            continue;
        }
        pages.push(path.clone());
        let bad = cut_off(c).await?;
        if !bad.is_empty() {
            faults.insert(path.clone(), bad);
        }
        let links = c
            .execute(
                "return [...document.querySelectorAll('a[href^=\"/\"]')].map(a => a.getAttribute('href'));",
                vec![],
            )
            .await?;
        for link in links.as_array().into_iter().flatten().filter_map(Value::as_str) {
            let link = link.split('#').next().unwrap_or_default().to_owned();
            let skip = link.is_empty()
                || link.starts_with("/static")
                || link.starts_with("/logout")
                || link.starts_with("/api/")
                || link.contains("export")
                || link.contains("download")
                || link.contains(".csv")
                || link.contains(".xlsx");
            if !skip && !seen.contains(&link) {
                queue.push_back(link);
            }
        }
    }
    // The member's own pages are among those checked.
    for needed in [
        "/",
        "/me",
        "/me/ecard",
        "/me/care",
        "/account/password",
        "/ballots/#",
        "/unions/#/disclosure",
        "/unions/#/proposals",
    ] {
        assert!(pages.iter().any(|p| shape(p) == needed), "{needed} not reached; reached: {pages:#?}");
    }
    Ok(faults)
}

/// Runs a test body on the demo data, on both databases.
macro_rules! both_demo {
    ($name:ident, $body:ident) => {
        mod $name {
            use crate::common::{Backend, TestApp};
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(app) = TestApp::start_with(Backend::Sqlite, app::Config::default(), true).await {
                    super::$body(app).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = TestApp::start_with(Backend::Postgres, app::Config::default(), true).await
                {
                    super::$body(app).await;
                }
            }
        }
    };
}

both_demo!(browser_member_pages_fit_a_phone, member_on_a_phone);

/// The print pages in a browser at the width of an A4 sheet across: the
/// roster's dates and two-character words stay on one line; the 签收表's
/// 本人签名 column is wider than 会员证号.
async fn prints_in_a_browser(app: TestApp) {
    let Some((_driver, url)) = start_driver().await else {
        app.stop().await;
        return;
    };
    let c = session(&url, "900,900").await;
    let result: Result<(), CmdError> = async {
        login(&c, &app, "zhuxi", DEMO_PASSWORD).await?;
        let home = c.source().await?;
        let union = regex_lite::Regex::new(r"/unions/([0-9a-f-]{36})/")
            .unwrap()
            .captures(&home)
            .map(|m| m[1].to_owned());
        let union = union.expect("the chair's union on the home page");

        c.goto(&app.url(&format!("/unions/{union}/members/print"))).await?;
        c.wait().for_element(Locator::Css("#roster")).await?;
        // One line each: a date cell's text is one box, as tall as a line.
        let lines = c
            .execute(
                "const heads = [...document.querySelectorAll('#roster thead th')].map(th => th.textContent);
                 const cols = ['出生日期', '入会时间', '民族', '性别'].map(h => heads.indexOf(h));
                 const out = {};
                 for (const [i, col] of cols.entries()) {
                   if (col < 0) { out[i] = 'missing'; continue; }
                   out[i] = [...document.querySelectorAll('#roster tbody tr')].slice(0, 20).every(tr => {
                     const td = tr.children[col];
                     if (!td.textContent.trim()) return true;
                     const r = document.createRange(); r.selectNodeContents(td);
                     const lh = parseFloat(getComputedStyle(td).lineHeight) || 20;
                     // Kept whole by the stylesheet, not by luck of the width.
                     return getComputedStyle(td).whiteSpace === 'nowrap' &&
                       r.getClientRects().length === 1 && r.getBoundingClientRect().height <= lh * 1.2;
                   });
                 }
                 return out;",
                vec![],
            )
            .await?;
        assert_eq!(
            lines,
            json!({"0": true, "1": true, "2": true, "3": true}),
            "a cell wraps on the roster print"
        );
        if let Ok(png) = c.screenshot().await {
            let _ = std::fs::write(std::env::temp_dir().join("gonghui-roster-print.png"), png);
        }

        c.goto(&app.url(&format!("/unions/{union}/care/campaigns"))).await?;
        let page = c.source().await?;
        let campaign = regex_lite::Regex::new(r"/care/campaigns/([0-9a-f-]{36})")
            .unwrap()
            .captures(&page)
            .map(|m| m[1].to_owned());
        let campaign = campaign.expect("the demo's 送温暖 list");
        c.goto(&app.url(&format!("/unions/{union}/care/campaigns/{campaign}/signoff"))).await?;
        c.wait().for_element(Locator::Css("#signoff-table")).await?;
        let widths = c
            .execute(
                "const w = s => document.querySelector(s).getBoundingClientRect().width;
                 return { sign: w('#signoff-table th.sign'), card: w('#signoff-table th.card-no'),
                          font: getComputedStyle(document.body).fontFamily };",
                vec![],
            )
            .await?;
        let (sign, card) = (widths["sign"].as_f64().unwrap(), widths["card"].as_f64().unwrap());
        assert!(sign > card * 1.3, "本人签名 ({sign}px) is not wider than 会员证号 ({card}px)");
        let font = widths["font"].as_str().unwrap_or_default();
        assert!(font.contains("PingFang SC") && !font.contains("SimSun"), "not the house font: {font}");
        Ok(())
    }
    .await;
    c.close().await.ok();
    result.expect("browser steps");
    app.stop().await;
}

both_demo!(browser_print_pages_keep_dates_whole, prints_in_a_browser);
