//! The print pages on the demo union: one shared print stylesheet (A4, the
//! house font), the roster without its all-empty columns, the 签收表 with a
//! wide signature column, the voucher with all five signature lines.

use reqwest::StatusCode;

use crate::common::{Backend, Browser, TestApp};

const PRINT_CSS: &str = r#"<link rel="stylesheet" href="/static/print.css">"#;

fn first(re: &str, text: &str) -> String {
    let re = regex_lite::Regex::new(re).unwrap();
    re.captures(text).unwrap_or_else(|| panic!("{re} not in the page")).get(1).unwrap().as_str().to_owned()
}

async fn prints(backend: Backend) {
    let Some(app) = TestApp::start_with(backend, app::Config::default(), true).await else { return };
    let b = Browser::login(&app, "zhuxi", "gonghui2026").await;
    let (_, home) = b.get(&app, "/").await;
    let union = first(r"/unions/([0-9a-f-]{36})/", &home);

    let (s, css) = b.get(&app, "/static/print.css").await;
    assert_eq!(s, StatusCode::OK);
    assert!(css.contains("@page { size: A4;") && css.contains("var(--font-house)"), "{css}");

    // The roster: the demo records no 学历, 政治面貌, 用工形式 or 岗位 for
    // anyone, so those columns are left out; 民族 is filled and stays.
    let (s, roster) = b.get(&app, &format!("/unions/{union}/members/print")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(roster.contains(PRINT_CSS), "{roster}");
    for kept in ["<th>姓名</th>", "<th>民族</th>", "<th>出生日期</th>", "<th>所在小组</th>"] {
        assert!(roster.contains(kept), "{kept} missing: {roster}");
    }
    for dropped in ["<th>学历</th>", "<th>政治面貌</th>", "<th>用工形式</th>", "<th>岗位</th>"] {
        assert!(!roster.contains(dropped), "the empty column {dropped} is printed");
    }
    // Dates and short words are marked to stay on one line.
    assert!(roster.contains(r#"<td class="nowrap">汉族</td>"#), "{roster}");
    // The spreadsheet still has every column (only the print drops them).
    let r = b.client.get(app.url(&format!("/unions/{union}/members/export.xlsx"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    // The 签收表: the print stylesheet, no serif, a wide 本人签名 column.
    let (_, list) = b.get(&app, &format!("/unions/{union}/care/campaigns")).await;
    let campaign = first(r"/care/campaigns/([0-9a-f-]{36})", &list);
    let (s, sheet) = b.get(&app, &format!("/unions/{union}/care/campaigns/{campaign}/signoff")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(sheet.contains(PRINT_CSS) && !sheet.contains("serif"), "{sheet}");
    assert!(
        sheet.contains(r#"<th class="sign">本人签名</th>"#)
            && sheet.contains(r#"<th class="card-no fit">会员证号</th>"#),
        "{sheet}"
    );
    assert!(css.contains("th.sign, table.sheet td.sign { min-width: 9em; width: 40%; }"), "{css}");
    assert!(sheet.contains(r#"<button type="button" data-print>打印</button>"#), "{sheet}");

    // The voucher: 会计主管, 记账, 出纳, 审核, 制单; recorded names filled in.
    let (_, vouchers) = b.get(&app, &format!("/unions/{union}/finance/vouchers")).await;
    let voucher = first(r"/finance/vouchers/([0-9a-f-]{36})", &vouchers);
    let (s, print) = b.get(&app, &format!("/unions/{union}/finance/vouchers/{voucher}/print")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(print.contains(PRINT_CSS), "{print}");
    let signatures = first(r#"(?s)id="voucher-signatures">(.*?)</p>"#, &print);
    for line in ["会计主管：", "记账：", "出纳：", "审核：", "制单："] {
        assert!(signatures.contains(line), "{line} missing: {signatures}");
    }
    assert!(signatures.contains("审核：王建国"), "the reviewer's name: {signatures}");

    // The proposal report prints the same way.
    let (s, report) = b.get(&app, &format!("/unions/{union}/proposals/report")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(report.contains(PRINT_CSS) && !report.contains("serif"), "{report}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn print_pages_sqlite() {
    prints(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn print_pages_postgres() {
    prints(Backend::Postgres).await;
}
