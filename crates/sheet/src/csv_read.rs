//! Delimited text: UTF-8 (with or without BOM), GB18030 / GBK, UTF-16 with
//! a BOM; delimiter sniffed among `,` `;` and tab.

use std::borrow::Cow;

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

use crate::table::TableBuilder;
use crate::{Limits, SheetError, Table};

const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];
/// How many lines the delimiter sniffer looks at.
const SNIFF_LINES: usize = 20;
/// How much of the start of the file is checked for binary content.
const BINARY_PROBE: usize = 64 * 1024;

pub(crate) fn read(filename: &str, bytes: &[u8], limits: &Limits) -> Result<Table, SheetError> {
    let text = decode(bytes)?;
    let text = text.as_ref();
    if text.trim_start().starts_with('<') {
        // An HTML table or an XML Spreadsheet 2003 saved with an .xls name.
        return Err(SheetError::UnknownFormat);
    }
    let delimiter =
        if filename.to_ascii_lowercase().ends_with(".tsv") { b'\t' } else { sniff_delimiter(text) };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut table = TableBuilder::new(limits);
    let mut record = csv::StringRecord::new();
    let mut row = 0;
    while reader.read_record(&mut record).map_err(|e| SheetError::Corrupt(e.to_string()))? {
        for (col, field) in record.iter().enumerate() {
            table.put(row, col, field.trim().to_string())?;
        }
        row += 1;
    }
    Ok(table.finish())
}

/// The file's text. A UTF-8 BOM is dropped; a UTF-16 BOM selects UTF-16;
/// valid UTF-8 is taken as is; anything else must be valid GB18030 (a
/// superset of GBK and GB2312, what Excel in Chinese saves CSV as).
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, SheetError> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_with(UTF_16LE, rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_with(UTF_16BE, rest);
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if looks_binary(bytes) {
        return Err(SheetError::UnknownFormat);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(_) => decode_with(GB18030, bytes),
    }
}

fn decode_with<'a>(
    encoding: &'static encoding_rs::Encoding,
    bytes: &'a [u8],
) -> Result<Cow<'a, str>, SheetError> {
    encoding.decode_without_bom_handling_and_without_replacement(bytes).ok_or(SheetError::Encoding)
}

/// Text never holds NUL bytes; well-known binary formats are named too.
fn looks_binary(bytes: &[u8]) -> bool {
    const MAGIC: [&[u8]; 6] = [b"%PDF", b"\x89PNG", b"\xFF\xD8\xFF", b"GIF8", b"Rar!", b"\x1F\x8B"];
    MAGIC.iter().any(|m| bytes.starts_with(m)) || bytes[..bytes.len().min(BINARY_PROBE)].contains(&0)
}

/// The delimiter that splits the first lines most consistently: for each
/// candidate, count the lines that have the same, non-zero number of fields
/// as the most common count; ties go to the larger field count, then to the
/// earlier candidate. Quoted text is skipped, so delimiters and line breaks
/// inside quotes do not count. Defaults to a comma.
fn sniff_delimiter(text: &str) -> u8 {
    let lines = split_lines(text);
    let mut best = (0usize, 0usize, b',');
    for &delimiter in &DELIMITERS {
        let counts: Vec<usize> = lines.iter().map(|line| count_unquoted(line, delimiter)).collect();
        let mut score = (0usize, 0usize);
        for &c in counts.iter().filter(|&&c| c > 0) {
            let agreeing = counts.iter().filter(|&&other| other == c).count();
            score = score.max((agreeing, c));
        }
        if score > (best.0, best.1) {
            best = (score.0, score.1, delimiter);
        }
    }
    best.2
}

/// Up to [`SNIFF_LINES`] non-blank lines, with line breaks inside quotes
/// kept inside the line.
fn split_lines(text: &str) -> Vec<&[u8]> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                let line = &bytes[start..i];
                if !line.trim_ascii().is_empty() {
                    lines.push(line);
                    if lines.len() == SNIFF_LINES {
                        return lines;
                    }
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    let last = &bytes[start..];
    if !last.trim_ascii().is_empty() {
        lines.push(last);
    }
    lines
}

fn count_unquoted(line: &[u8], delimiter: u8) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter("\"x;y\",b\n\"1;2\",3\n"), b',');
        assert_eq!(sniff_delimiter("only one column\n"), b',');
        // A note line with commas does not outvote the data.
        assert_eq!(sniff_delimiter("说明,请勿修改,谢谢\na;b\n1;2\n3;4\n"), b';');
    }

    #[test]
    fn decodes_utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("姓名\t工号\n".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&bytes).unwrap(), "姓名\t工号\n");
    }

    #[test]
    fn binary_is_unknown_format() {
        assert_eq!(decode(b"%PDF-1.7\n..."), Err(SheetError::UnknownFormat));
        assert_eq!(decode(b"ab\0cd"), Err(SheetError::UnknownFormat));
    }
}
