//! No English in the UI: every page each demo account reaches by following
//! links from its home page is read as a person sees it (tags, scripts,
//! styles and attributes stripped), and any Latin word that is not a name,
//! a code or an amount fails the test.

use std::collections::{BTreeMap, HashSet, VecDeque};

use crate::common::{Backend, Browser, TestApp};

/// Latin words a person may see: the demo's usernames (names), the file
/// kinds offered for download, and the abbreviations Chinese unions use as
/// they are. Keep it short: an English label is a bug, not an entry here.
const ALLOWED: &[&str] = &[
    // The product's name, and the demo's usernames (user list, audit log).
    "gonghui", "admin", // The example username on the new-user form (zhang.san).
    "zhang", "san", "zhuxi", "ganshi", "caiwu", "jingshen", "nvgong", "zuzhang", "huiyuan", "quzong",
    "jiedao", // File kinds and formats named on download links and import forms.
    "csv", "xlsx", "xls", "pdf", "json", "excel", "wps",
    // Abbreviations used in Chinese as they are.
    "api", "id", "uuid",
];

/// The text of a page as shown: no scripts, styles, tags or entities. Also
/// left out: `<code>` (a command a technician types) and `<textarea>` (a
/// document being edited, such as the spending policy's JSON).
fn visible_text(html: &str) -> String {
    let re_block =
        regex_lite::Regex::new(r"(?s)<(script|style|code|textarea)\b.*?</(script|style|code|textarea)>")
            .unwrap();
    let re_tag = regex_lite::Regex::new(r"(?s)<[^>]*>").unwrap();
    let re_entity = regex_lite::Regex::new(r"&[#a-zA-Z0-9]+;").unwrap();
    let s = re_block.replace_all(html, " ");
    let s = re_tag.replace_all(&s, " ");
    re_entity.replace_all(&s, " ").into_owned()
}

/// The Latin words of a text that are neither allowed nor part of a code
/// (a word glued to digits, a UUID, a voucher or card number).
fn english_words(text: &str) -> Vec<String> {
    let re_token = regex_lite::Regex::new(r"[A-Za-z0-9][A-Za-z0-9_.\-/:]*").unwrap();
    let mut out = Vec::new();
    for m in re_token.find_iter(text) {
        let token = m.as_str();
        // Codes: anything with a digit in it (UUIDs, receipt codes, dates,
        // amounts, card numbers, A4).
        if token.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        for word in token.split(|c: char| !c.is_ascii_alphabetic()) {
            if word.len() < 2 || ALLOWED.contains(&word.to_ascii_lowercase().as_str()) {
                continue;
            }
            // Codes are upper case (GB, CSV, UTF): a word in lower or mixed
            // case is a word.
            if word.len() <= 4 && word.chars().all(|c| c.is_ascii_uppercase()) {
                continue;
            }
            out.push(word.to_owned());
        }
    }
    out
}

/// The same pages with another id count once.
fn shape(path: &str) -> String {
    let re =
        regex_lite::Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+").unwrap();
    re.replace_all(path, "#").into_owned()
}

/// Follows the links of one account's pages from its home page.
async fn crawl(app: &TestApp, username: &str, faults: &mut BTreeMap<String, Vec<String>>) -> usize {
    let b = Browser::login(app, username, "gonghui2026").await;
    let re_href = regex_lite::Regex::new(r##"href="(/[^"#]*)""##).unwrap();
    let mut queue = VecDeque::from([String::from("/")]);
    let mut seen_shapes: BTreeMap<String, usize> = BTreeMap::new();
    let mut seen = HashSet::new();
    let mut pages = 0;
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) || pages >= 300 {
            continue;
        }
        let n = seen_shapes.entry(shape(&path)).or_default();
        *n += 1;
        if *n > 2 {
            continue;
        }
        let r = b.client.get(app.url(&path)).send().await.unwrap();
        let html = r
            .headers()
            .get("content-type")
            .is_some_and(|v| v.to_str().unwrap_or("").starts_with("text/html"));
        if !html || !r.status().is_success() {
            continue;
        }
        let page = r.text().await.unwrap();
        pages += 1;
        let words = english_words(&visible_text(&page));
        if !words.is_empty() {
            // UI_DUMP=dir keeps the offending pages for a look.
            if let Ok(dir) = std::env::var("UI_DUMP") {
                let name = format!("{username}{}", shape(&path)).replace(['/', '?', '&', '='], "_");
                let _ = std::fs::write(format!("{dir}/{name}.html"), &page);
            }
            faults.insert(format!("{username} {path}"), words);
        }
        for c in re_href.captures_iter(&page) {
            let link = c[1].replace("&amp;", "&");
            let skip = link.starts_with("/static")
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
    pages
}

async fn no_english(backend: Backend) {
    let Some(app) = TestApp::start_with(backend, app::Config::default(), true).await else { return };
    let mut faults = BTreeMap::new();
    for user in ["zhuxi", "ganshi", "caiwu", "jingshen", "nvgong", "zuzhang", "huiyuan", "quzong", "jiedao"] {
        let pages = crawl(&app, user, &mut faults).await;
        assert!(pages > 3, "{user} reached only {pages} pages");
    }
    app.stop().await;
    // Each word once, with the first page it was seen on.
    let mut by_word: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    for (page, words) in &faults {
        for w in words {
            by_word.entry(w.as_str()).or_insert((page.as_str(), 0)).1 += 1;
        }
    }
    assert!(by_word.is_empty(), "English on pages (word: first page, times):\n{by_word:#?}");
}

#[test]
fn latin_words_are_found_and_codes_are_not() {
    assert_eq!(english_words("事由 childbirth 形式 cash"), ["childbirth", "cash"]);
    assert!(english_words("记字第4号 A4 2026-12-04 1,000.00 CSV 下载 xlsx 3f2a-9b1c zhuxi").is_empty());
    assert_eq!(visible_text("<p title=\"hello\">你好<script>var x;</script></p>").trim(), "你好");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_pages_have_no_english_sqlite() {
    no_english(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_pages_have_no_english_postgres() {
    no_english(Backend::Postgres).await;
}
