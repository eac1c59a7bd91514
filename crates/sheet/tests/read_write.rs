//! End-to-end tests: every input is built in code (rust_xlsxwriter, zip,
//! encoding_rs); there are no binary fixtures.

use std::io::{Cursor, Read, Write};
use std::time::{Duration, Instant};

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook};
use sheet::{Limits, SheetError, Table, read_table, write_xlsx};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

const TITLE: &str = "2026年某公司工会会员花名册";
const HEADERS: [&str; 9] =
    ["姓名", "身份证号", "身份证号（数字）", "入会日期", "登记时间", "月工资", "津贴", "合计", "备注"];

fn s(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// What every form of the roster reads as.
fn roster_rows() -> Vec<Vec<String>> {
    vec![
        s(&[TITLE]),
        s(&HEADERS),
        s(&[
            "张三",
            "110105199001011234",
            "1.10105E+17",
            "2026-01-15",
            "2026-01-15 08:30:00",
            "5000",
            "5000.5",
            "10000.5",
            "工会小组长",
        ]),
        s(&[
            "李四",
            "32010219851212002X",
            "3.20102E+17",
            "2025-12-31",
            "2025-12-31 17:45:30",
            "6200",
            "0.25",
            "6200.25",
        ]),
        s(&["王五", "", "", "", "", "", "", "", "备注含逗号,和\"引号\""]),
    ]
}

fn roster_xlsx() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("花名册").unwrap();
    let title = Format::new().set_bold().set_align(FormatAlign::Center);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let money = Format::new().set_num_format("0.00");

    sheet.merge_range(0, 0, 0, 8, TITLE, &title).unwrap();
    for (col, h) in HEADERS.iter().enumerate() {
        sheet.write_string(1, col as u16, *h).unwrap();
    }

    // Row 3: text ID, numeric ID, date, datetime, integer and decimal wages,
    // a formula with its cached result.
    sheet.write_string(2, 0, "张三").unwrap();
    sheet.write_string(2, 1, "110105199001011234").unwrap();
    sheet.write_number(2, 2, 110105199001011234_f64).unwrap();
    let d = ExcelDateTime::from_ymd(2026, 1, 15).unwrap();
    sheet.write_datetime_with_format(2, 3, &d, &date).unwrap();
    let dt = ExcelDateTime::from_ymd(2026, 1, 15).unwrap().and_hms(8, 30, 0).unwrap();
    sheet.write_datetime_with_format(2, 4, &dt, &datetime).unwrap();
    sheet.write_number_with_format(2, 5, 5000, &money).unwrap();
    sheet.write_number(2, 6, 5000.5).unwrap();
    sheet.write_formula(2, 7, "=F3+G3").unwrap().set_formula_result(2, 7, "10000.5");
    sheet.write_string(2, 8, "  工会小组长 ").unwrap();

    sheet.write_string(3, 0, "李四").unwrap();
    sheet.write_string(3, 1, " 32010219851212002X ").unwrap();
    sheet.write_number(3, 2, 320102198512120020_f64).unwrap();
    let d = ExcelDateTime::from_ymd(2025, 12, 31).unwrap();
    sheet.write_datetime_with_format(3, 3, &d, &date).unwrap();
    let dt = ExcelDateTime::from_ymd(2025, 12, 31).unwrap().and_hms(17, 45, 30).unwrap();
    sheet.write_datetime_with_format(3, 4, &dt, &datetime).unwrap();
    sheet.write_number(3, 5, 6200).unwrap();
    sheet.write_number(3, 6, 0.25).unwrap();
    sheet.write_formula(3, 7, "=F4+G4").unwrap().set_formula_result(3, 7, "6200.25");
    // A formatted but empty cell at the end of the row.
    sheet.write_blank(3, 8, &money).unwrap();

    sheet.write_string(4, 0, "王五").unwrap();
    sheet.write_string(4, 8, "备注含逗号,和\"引号\"").unwrap();

    // Empty rows at the end: a formatted blank and whitespace only.
    sheet.write_blank(5, 0, &money).unwrap();
    sheet.write_string(6, 3, "   ").unwrap();

    workbook.save_to_buffer().unwrap()
}

/// The roster as delimited text, quoting as Excel does.
fn roster_csv(delimiter: char) -> String {
    let mut out = String::new();
    for row in roster_rows() {
        let mut cells = row.clone();
        cells.resize(HEADERS.len(), String::new());
        let line: Vec<String> = cells
            .iter()
            .map(|c| {
                if c.contains([delimiter, '"', '\n']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect();
        out.push_str(&line.join(&delimiter.to_string()));
        out.push_str("\r\n");
    }
    // Empty rows at the end, as Excel writes them.
    let empty = delimiter.to_string().repeat(HEADERS.len() - 1);
    out.push_str(&format!("{empty}\r\n{empty}\r\n"));
    out
}

fn read(name: &str, bytes: &[u8]) -> Result<Table, SheetError> {
    read_table(name, bytes, &Limits::default())
}

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, data) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

// ---------------------------------------------------------------- xlsx

#[test]
fn xlsx_roster_reads_as_text() {
    let table = read("花名册.xlsx", &roster_xlsx()).unwrap();
    assert_eq!(table.rows, roster_rows());
}

#[test]
fn xlsx_is_detected_from_bytes_not_name() {
    let table = read("花名册.csv", &roster_xlsx()).unwrap();
    assert_eq!(table.rows, roster_rows());
}

#[test]
fn xlsx_leading_empty_rows_and_columns_are_kept() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(2, 1, "姓名").unwrap();
    sheet.write_string(3, 2, "x").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let table = read("a.xlsx", &bytes).unwrap();
    assert_eq!(table.rows, vec![vec![], vec![], s(&["", "姓名"]), s(&["", "", "x"])]);
}

#[test]
fn xlsx_first_visible_worksheet_is_read() {
    let mut workbook = Workbook::new();
    let hidden = workbook.add_worksheet();
    hidden.write_string(0, 0, "隐藏").unwrap();
    hidden.set_hidden(true);
    let visible = workbook.add_worksheet();
    visible.write_string(0, 0, "可见").unwrap();
    visible.set_active(true);
    let second = workbook.add_worksheet();
    second.write_string(0, 0, "第二张").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    assert_eq!(read("a.xlsx", &bytes).unwrap().rows, vec![s(&["可见"])]);
}

#[test]
fn xlsx_without_values_is_empty() {
    let mut workbook = Workbook::new();
    workbook.add_worksheet().write_string(3, 3, " ").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    assert_eq!(read("a.xlsx", &bytes), Err(SheetError::Empty));
}

#[test]
fn xlsx_booleans_and_errors_as_text() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_boolean(0, 0, true).unwrap();
    sheet.write_boolean(0, 1, false).unwrap();
    sheet.write_formula(0, 2, "=1/0").unwrap().set_formula_result(0, 2, "#DIV/0!");
    let bytes = workbook.save_to_buffer().unwrap();
    assert_eq!(read("a.xlsx", &bytes).unwrap().rows, vec![s(&["TRUE", "FALSE", "#DIV/0!"])]);
}

#[test]
fn xlsx_with_201_columns_is_rejected() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for col in 0..201u16 {
        sheet.write_string(0, col, format!("列{col}")).unwrap();
    }
    let bytes = workbook.save_to_buffer().unwrap();
    assert_eq!(read("a.xlsx", &bytes), Err(SheetError::TooManyColumns { limit: 200 }));
    // 200 columns with empty cells after them are fine.
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let blank = Format::new().set_bold();
    for col in 0..200u16 {
        sheet.write_string(0, col, format!("列{col}")).unwrap();
    }
    sheet.write_blank(0, 250, &blank).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    assert_eq!(read("a.xlsx", &bytes).unwrap().rows[0].len(), 200);
}

#[test]
fn xlsx_with_too_many_rows_is_rejected() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for row in 0..11u32 {
        sheet.write_string(row, 0, format!("第{row}行")).unwrap();
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let small = Limits { max_rows: 10, ..Limits::default() };
    assert_eq!(read_table("a.xlsx", &bytes, &small), Err(SheetError::TooManyRows { limit: 10 }));
    let enough = Limits { max_rows: 11, ..Limits::default() };
    assert_eq!(read_table("a.xlsx", &bytes, &enough).unwrap().rows.len(), 11);
}

// ----------------------------------------------------------------- csv

#[test]
fn csv_utf8_with_bom() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(roster_csv(',').as_bytes());
    assert_eq!(read("花名册.csv", &bytes).unwrap().rows, roster_rows());
}

#[test]
fn csv_utf8_without_bom() {
    let bytes = roster_csv(',').into_bytes();
    assert_eq!(read("花名册.csv", &bytes).unwrap().rows, roster_rows());
}

#[test]
fn csv_gbk() {
    let text = roster_csv(',');
    let (bytes, _, had_errors) = encoding_rs::GBK.encode(&text);
    assert!(!had_errors);
    assert!(std::str::from_utf8(&bytes).is_err(), "must really be GBK");
    assert_eq!(read("花名册.csv", &bytes).unwrap().rows, roster_rows());
}

#[test]
fn csv_semicolon_delimited() {
    let bytes = roster_csv(';').into_bytes();
    assert_eq!(read("花名册.csv", &bytes).unwrap().rows, roster_rows());
}

#[test]
fn csv_tab_delimited() {
    let bytes = roster_csv('\t').into_bytes();
    assert_eq!(read("花名册.txt", &bytes).unwrap().rows, roster_rows());
}

#[test]
fn csv_quoted_newlines_and_ragged_rows() {
    let text = "姓名,地址,电话\n张三,\"北京市\n朝阳区\",13800000000\n李四\n王五,,,,\n";
    assert_eq!(
        read("a.csv", text.as_bytes()).unwrap().rows,
        vec![
            s(&["姓名", "地址", "电话"]),
            s(&["张三", "北京市\n朝阳区", "13800000000"]),
            s(&["李四"]),
            s(&["王五"]),
        ]
    );
}

#[test]
fn csv_with_one_row_too_many_is_rejected() {
    let small = Limits { max_rows: 10, ..Limits::default() };
    let rows = |n: usize| -> String { (0..n).map(|i| format!("{i},会员{i}\n")).collect() };
    assert_eq!(read_table("a.csv", rows(11).as_bytes(), &small), Err(SheetError::TooManyRows { limit: 10 }));
    // Exactly the limit, followed by empty rows, is fine.
    let text = format!("{},\n,\n\n", rows(10));
    assert_eq!(read_table("a.csv", text.as_bytes(), &small).unwrap().rows.len(), 10);
}

#[test]
fn csv_with_201_columns_is_rejected() {
    let line: Vec<String> = (0..201).map(|i| format!("列{i}")).collect();
    let text = format!("{}\n", line.join(","));
    assert_eq!(read("a.csv", text.as_bytes()), Err(SheetError::TooManyColumns { limit: 200 }));
}

#[test]
fn invalid_gb18030_is_an_encoding_error() {
    // Valid GBK for 姓名, then a lead byte with an invalid trail and a 0xFF.
    let bytes = b"\xd0\xd5\xc3\xfb,\x81\x20\xff\n";
    assert_eq!(read("a.csv", bytes), Err(SheetError::Encoding));
}

#[test]
fn html_saved_as_xls_is_unknown_format() {
    let html = "<html><body><table><tr><td>姓名</td></tr></table></body></html>";
    assert_eq!(read("导出.xls", html.as_bytes()), Err(SheetError::UnknownFormat));
}

// -------------------------------------------------------------- errors

#[test]
fn empty_input_is_empty() {
    assert_eq!(read("a.xlsx", b""), Err(SheetError::Empty));
    assert_eq!(read("a.csv", b"\xEF\xBB\xBF\r\n  \n"), Err(SheetError::Empty));
    assert_eq!(read("a.csv", b",,\n,,\n\n"), Err(SheetError::Empty));
}

#[test]
fn random_bytes_after_pk_are_corrupt() {
    let mut bytes = b"PK\x03\x04".to_vec();
    let mut x: u32 = 0x1234_5678;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes.push(x as u8);
    }
    assert!(matches!(read("a.xlsx", &bytes), Err(SheetError::Corrupt(_))));
}

#[test]
fn truncated_xlsx_is_corrupt() {
    let bytes = roster_xlsx();
    let cut = &bytes[..bytes.len() / 2];
    assert!(matches!(read("a.xlsx", cut), Err(SheetError::Corrupt(_))));
}

#[test]
fn zip_that_is_not_a_workbook_is_unknown_format() {
    let bytes = zip_with(&[("readme.txt", "你好".as_bytes())]);
    assert_eq!(read("a.xlsx", &bytes), Err(SheetError::UnknownFormat));
}

#[test]
fn zip_bomb_is_rejected_quickly() {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let chunk = vec![0u8; 1024 * 1024];
    for _ in 0..50 {
        zip.write_all(&chunk).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 1024 * 1024, "{} bytes", bytes.len());

    let start = Instant::now();
    assert_eq!(read("bomb.xlsx", &bytes), Err(SheetError::ZipBomb));
    assert!(start.elapsed() < Duration::from_millis(500));
}

#[test]
fn total_uncompressed_size_is_limited() {
    let small = Limits { max_uncompressed_bytes: 1000, ..Limits::default() };
    assert_eq!(read_table("a.xlsx", &roster_xlsx(), &small), Err(SheetError::ZipBomb));
}

#[test]
fn encrypted_ooxml_is_rejected() {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(1024, 0);
    bytes.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
    bytes.resize(4096, 0);
    assert_eq!(read("加密.xlsx", &bytes), Err(SheetError::Encrypted));
}

#[test]
fn broken_xls_is_corrupt() {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(2048, 0x42);
    assert!(matches!(read("a.xls", &bytes), Err(SheetError::Corrupt(_))));
}

#[test]
fn oversized_upload_is_rejected() {
    let small = Limits { max_bytes: 100, ..Limits::default() };
    assert_eq!(read_table("a.xlsx", &roster_xlsx(), &small), Err(SheetError::TooLarge));
}

// --------------------------------------------------------------- write

#[test]
fn write_then_read_round_trips() {
    let headers = ["姓名", "身份证号", "银行卡号", "手机", "备注"];
    let rows = vec![
        s(&["张三", "110105199001011234", "6222020200112233445", "13800000000", "多行\n备注"]),
        s(&["李四", "00123", "", "0.50", "=1+1"]),
        s(&["王五"]),
        s(&["赵六", "32010219851212002X", "1E5", "TRUE", "2026-01-15"]),
    ];
    let bytes = write_xlsx("会员/名单", &headers, &rows).unwrap();
    let table = read("导出.xlsx", &bytes).unwrap();
    let mut expected = vec![s(&headers)];
    expected.extend(rows.iter().cloned());
    assert_eq!(table.rows, expected);
}

#[test]
fn written_xlsx_has_bold_frozen_filtered_header_and_text_cells() {
    let rows = vec![s(&["张三", "110105199001011234"])];
    let bytes = write_xlsx("会员", &["姓名", "身份证号"], &rows).unwrap();
    let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut sheet).unwrap();
    assert!(sheet.contains(r#"ySplit="1""#), "{sheet}");
    assert!(sheet.contains(r#"<autoFilter ref="A1:B2"/>"#), "{sheet}");
    assert!(sheet.contains("<cols>"), "{sheet}");
    // The ID is a string cell, never a number.
    assert!(sheet.contains("110105199001011234"));
    assert!(!sheet.contains("<v>110105199001011234</v>"));
    let mut styles = String::new();
    zip.by_name("xl/styles.xml").unwrap().read_to_string(&mut styles).unwrap();
    assert!(styles.contains("<b/>"));
    let mut workbook = String::new();
    zip.by_name("xl/workbook.xml").unwrap().read_to_string(&mut workbook).unwrap();
    assert!(workbook.contains(r#"name="会员""#), "{workbook}");
}

#[test]
fn write_with_no_rows() {
    let bytes = write_xlsx("空", &["姓名"], &[]).unwrap();
    assert_eq!(read("a.xlsx", &bytes).unwrap().rows, vec![s(&["姓名"])]);
}

#[test]
fn write_rejects_overlong_cell() {
    let rows = vec![vec!["长".repeat(40_000)]];
    assert!(matches!(write_xlsx("x", &["a"], &rows), Err(SheetError::Write(_))));
}

/// 100,000 rows × 15 columns. Slow unoptimised; run with
/// `cargo test -p sheet --release -- --ignored`.
#[test]
#[ignore]
fn write_large_export() {
    let headers: Vec<String> = (0..15).map(|i| format!("列{i}")).collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = (0..100_000u64)
        .map(|r| (0..15u64).map(|c| format!("{}", 110105199001000000 + r * 15 + c)).collect())
        .collect();
    let start = Instant::now();
    let bytes = write_xlsx("大表", &headers, &rows).unwrap();
    eprintln!("wrote {} bytes in {:?}", bytes.len(), start.elapsed());
    let table = read("big.xlsx", &bytes).unwrap();
    assert_eq!(table.rows.len(), 100_001);
    assert_eq!(table.rows[100_000], rows[99_999]);
}

/// The roster with its shared-string table claiming `unique_count` strings.
fn roster_with_unique_count(unique_count: &str) -> Vec<u8> {
    let original = roster_xlsx();
    let mut archive = ZipArchive::new(Cursor::new(original)).unwrap();
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "xl/sharedStrings.xml" {
            let text = String::from_utf8(data).unwrap();
            let start = text.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
            let end = start + text[start..].find('"').unwrap();
            data = format!("{}{unique_count}{}", &text[..start], &text[end..]).into_bytes();
        }
        zip.start_file(name, options).unwrap();
        zip.write_all(&data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn shared_string_count_that_would_abort_calamine_is_rejected() {
    // Rebuilt zip still reads fine with an honest count.
    let honest = roster_with_unique_count("40");
    assert_eq!(read("a.xlsx", &honest).unwrap().rows, roster_rows());
    let lying = roster_with_unique_count("1000000000000");
    assert!(matches!(read("a.xlsx", &lying), Err(SheetError::Corrupt(_))));
}
