//! `.xlsx` export with every cell as text.

use rust_xlsxwriter::{Format, IgnoreError, Workbook, XlsxError};

use crate::SheetError;

/// Narrowest and widest column, in Excel's character units.
const MIN_WIDTH: usize = 8;
const MAX_WIDTH: usize = 60;
/// Excel's limit for a sheet name, in UTF-16 units.
const MAX_SHEET_NAME: usize = 31;

/// Write one worksheet named `sheet_name` (made valid for Excel if needed)
/// with a bold, frozen header row carrying an autofilter, then `rows`.
///
/// Every cell is written as a string in a text-formatted ("@") cell, so
/// identity-card, bank-card and phone numbers stay exactly as given; empty
/// strings leave the cell blank. Column widths follow the longest text in the
/// column (CJK characters count double). The sheet is written in
/// rust_xlsxwriter's constant-memory mode (rows are streamed to a temporary
/// file), so large exports cost little beyond the returned bytes.
pub fn write_xlsx(sheet_name: &str, headers: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, SheetError> {
    write(sheet_name, headers, rows).map_err(|e| SheetError::Write(e.to_string()))
}

/// One worksheet of a workbook: its name, header row and rows.
pub type SheetPart = (String, Vec<String>, Vec<Vec<String>>);

/// Write several worksheets into one workbook, each as [`write_xlsx`]
/// writes its one. Sheet names are made valid and unique.
pub fn write_xlsx_book(sheets: &[SheetPart]) -> Result<Vec<u8>, SheetError> {
    let run = || -> Result<Vec<u8>, XlsxError> {
        let mut workbook = Workbook::new();
        let mut used: Vec<String> = Vec::new();
        for (i, (name, headers, rows)) in sheets.iter().enumerate() {
            let mut name = valid_sheet_name(name);
            if used.contains(&name) {
                name = valid_sheet_name(&format!("{}{}", name.chars().take(27).collect::<String>(), i + 1));
            }
            used.push(name.clone());
            let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
            add_sheet(&mut workbook, &name, &headers, rows)?;
        }
        workbook.save_to_buffer()
    };
    run().map_err(|e| SheetError::Write(e.to_string()))
}

/// One worksheet of a report to hand up: its name, the title lines above
/// the table (title, org, year …), the header row and the rows.
pub type ReportPart = (String, Vec<String>, Vec<String>, Vec<Vec<String>>);

/// Write a report workbook: each sheet starts with its title lines (the
/// first one bold and larger), then the bold header row (frozen with the
/// titles above it) and the rows, every cell text as [`write_xlsx`] writes
/// them. Sheet names are made valid and unique.
pub fn write_xlsx_report(sheets: &[ReportPart]) -> Result<Vec<u8>, SheetError> {
    let run = || -> Result<Vec<u8>, XlsxError> {
        let mut workbook = Workbook::new();
        let mut used: Vec<String> = Vec::new();
        let title_format = Format::new().set_bold().set_font_size(14);
        let header_format =
            Format::new().set_bold().set_num_format("@").set_border(rust_xlsxwriter::FormatBorder::Thin);
        let text_format = Format::new().set_num_format("@").set_border(rust_xlsxwriter::FormatBorder::Thin);
        for (i, (name, titles, headers, rows)) in sheets.iter().enumerate() {
            let mut name = valid_sheet_name(name);
            if used.contains(&name) {
                name = valid_sheet_name(&format!("{}{}", name.chars().take(27).collect::<String>(), i + 1));
            }
            used.push(name.clone());
            let columns = rows.iter().map(Vec::len).chain(std::iter::once(headers.len())).max().unwrap_or(0);
            let mut widths: Vec<usize> = headers.iter().map(|h| text_width(h) + 1).collect();
            widths.resize(columns, 0);
            for row in rows {
                for (col, cell) in row.iter().enumerate() {
                    widths[col] = widths[col].max(text_width(cell));
                }
            }
            let sheet = workbook.add_worksheet_with_constant_memory()?;
            sheet.set_name(&name)?;
            for (col, width) in widths.iter().enumerate() {
                sheet.set_column_width(to_col(col)?, (width + 2).clamp(MIN_WIDTH, MAX_WIDTH) as f64)?;
            }
            for (r, line) in titles.iter().enumerate() {
                if r == 0 {
                    sheet.write_string_with_format(0, 0, line, &title_format)?;
                } else {
                    sheet.write_string(to_row(r)?, 0, line)?;
                }
            }
            let head = titles.len();
            sheet.set_freeze_panes(to_row(head + 1)?, 0)?;
            for (col, header) in headers.iter().enumerate() {
                sheet.write_string_with_format(to_row(head)?, to_col(col)?, header, &header_format)?;
            }
            for (i, row) in rows.iter().enumerate() {
                let r = to_row(head + 1 + i)?;
                for (col, cell) in row.iter().enumerate() {
                    sheet.write_string_with_format(r, to_col(col)?, cell, &text_format)?;
                }
            }
            if columns > 0 && !rows.is_empty() {
                let (first, last) = (to_row(head + 1)?, to_row(head + rows.len())?);
                sheet.ignore_error_range(
                    first,
                    0,
                    last,
                    to_col(columns - 1)?,
                    IgnoreError::NumberStoredAsText,
                )?;
            }
        }
        workbook.save_to_buffer()
    };
    run().map_err(|e| SheetError::Write(e.to_string()))
}

fn write(sheet_name: &str, headers: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    add_sheet(&mut workbook, sheet_name, headers, rows)?;
    workbook.save_to_buffer()
}

fn add_sheet(
    workbook: &mut Workbook,
    sheet_name: &str,
    headers: &[&str],
    rows: &[Vec<String>],
) -> Result<(), XlsxError> {
    let columns = rows.iter().map(Vec::len).chain(std::iter::once(headers.len())).max().unwrap_or(0);
    let mut widths: Vec<usize> = headers.iter().map(|h| text_width(h) + 1).collect();
    widths.resize(columns, 0);
    for row in rows {
        for (col, cell) in row.iter().enumerate() {
            widths[col] = widths[col].max(text_width(cell));
        }
    }

    let header_format = Format::new().set_bold().set_num_format("@");
    let text_format = Format::new().set_num_format("@");

    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(valid_sheet_name(sheet_name))?;
    for (col, width) in widths.iter().enumerate() {
        let col = to_col(col)?;
        let width = (width + 2).clamp(MIN_WIDTH, MAX_WIDTH);
        sheet.set_column_width(col, width as f64)?;
    }
    if columns > 0 {
        let last_row = to_row(rows.len())?;
        let last_col = to_col(columns - 1)?;
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, last_row, last_col)?;
        if last_row > 0 {
            sheet.ignore_error_range(1, 0, last_row, last_col, IgnoreError::NumberStoredAsText)?;
        }
    }
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, to_col(col)?, *header, &header_format)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = to_row(i + 1)?;
        for (col, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string_with_format(r, to_col(col)?, cell, &text_format)?;
            }
        }
    }
    Ok(())
}

fn to_row(row: usize) -> Result<u32, XlsxError> {
    u32::try_from(row).map_err(|_| XlsxError::RowColumnLimitError)
}

fn to_col(col: usize) -> Result<u16, XlsxError> {
    u16::try_from(col).map_err(|_| XlsxError::RowColumnLimitError)
}

/// Display width of the longest line: characters from U+0800 on (CJK,
/// full-width forms) count double.
fn text_width(text: &str) -> usize {
    text.lines()
        .map(|line| line.chars().map(|c| if c.len_utf8() >= 3 { 2 } else { 1 }).sum::<usize>())
        .max()
        .unwrap_or(0)
}

/// `name` with the characters Excel forbids replaced, no leading or trailing
/// apostrophe, at most 31 UTF-16 units, and never blank.
fn valid_sheet_name(name: &str) -> String {
    let mut out = String::new();
    let mut units = 0;
    for c in name.trim().trim_matches('\'').chars() {
        let c = match c {
            '*' | '?' | ':' | '[' | ']' | '\\' | '/' => '_',
            c if c.is_control() => ' ',
            c => c,
        };
        units += c.len_utf16();
        if units > MAX_SHEET_NAME {
            break;
        }
        out.push(c);
    }
    let out = out.trim().trim_end_matches('\'').to_string();
    if out.is_empty() { "Sheet1".to_string() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_made_valid() {
        assert_eq!(valid_sheet_name("会员/花名册[2026]"), "会员_花名册_2026_");
        assert_eq!(valid_sheet_name("  "), "Sheet1");
        assert_eq!(valid_sheet_name("'x'"), "x");
        assert_eq!(valid_sheet_name(&"名".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn cjk_counts_double() {
        assert_eq!(text_width("abc"), 3);
        assert_eq!(text_width("张三"), 4);
        assert_eq!(text_width("ab\n张三丰"), 6);
    }

    #[test]
    fn a_report_has_its_titles_above_the_table() {
        let part = (
            "基层工会".to_owned(),
            vec!["年报".to_owned(), "2026年".to_owned()],
            vec!["单位".to_owned(), "数".to_owned()],
            vec![vec!["甲".to_owned(), "1".to_owned()], vec!["合计".to_owned(), "1".to_owned()]],
        );
        let bytes = write_xlsx_report(&[part]).unwrap();
        let t = crate::read_table("a.xlsx", &bytes, &crate::Limits::default()).unwrap();
        assert_eq!(t.rows[0][0], "年报");
        assert_eq!(t.rows[2], vec!["单位".to_owned(), "数".to_owned()]);
        assert_eq!(t.rows[4], vec!["合计".to_owned(), "1".to_owned()]);
    }

    #[test]
    fn a_book_has_one_sheet_per_part() {
        let part = |n: &str| (n.to_owned(), vec!["列".to_owned()], vec![vec!["值".to_owned()]]);
        let bytes = write_xlsx_book(&[part("会费"), part("活动"), part("活动")]).unwrap();
        let t = crate::read_table("a.xlsx", &bytes, &crate::Limits::default()).unwrap();
        assert_eq!(t.rows, vec![vec!["列".to_owned()], vec!["值".to_owned()]]);
    }
}
