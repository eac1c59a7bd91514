//! `.xlsx`: inspect the zip, then stream the first worksheet cell by cell.

use std::io::{BufReader, Cursor, Read, Seek};

use calamine::{Reader, Xlsx, XlsxError};
use quick_xml::events::Event;
use zip::ZipArchive;

use crate::cell::data_ref_text;
use crate::table::TableBuilder;
use crate::{Limits, SheetError, Table};

/// Parts up to this size are never judged by their compression ratio: small
/// XML parts of real workbooks compress very well.
const RATIO_CHECK_MIN_SIZE: u64 = 1024 * 1024;

pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Table, SheetError> {
    check_zip(bytes, limits)?;
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let name = crate::xls::first_worksheet(workbook.sheets_metadata())?;
    let mut cells = workbook.worksheet_cells_reader(&name).map_err(xlsx_error)?;
    let mut table = TableBuilder::new(limits);
    while let Some(cell) = cells.next_cell().map_err(xlsx_error)? {
        let (row, col) = cell.get_position();
        table.put(row as usize, col as usize, data_ref_text(cell.get_value()))?;
    }
    Ok(table.finish())
}

/// Reject what is not an `.xlsx` and what would decompress to too much,
/// looking only at the zip's central directory (nothing is decompressed).
///
/// The declared sizes can be trusted: the zip crate fails a read that yields
/// more than an entry's declared uncompressed size, so calamine can never
/// inflate more than was checked here.
fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), SheetError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| SheetError::Corrupt(e.to_string()))?;
    let mut total: u64 = 0;
    let mut has_workbook = false;
    let mut shared_strings = Vec::new();
    for i in 0..archive.len() {
        let entry = archive.by_index_data(i).map_err(|e| SheetError::Corrupt(e.to_string()))?;
        let size = entry.size();
        total = total.saturating_add(size);
        if total > limits.max_uncompressed_bytes {
            return Err(SheetError::ZipBomb);
        }
        if size > RATIO_CHECK_MIN_SIZE && size / entry.compressed_size().max(1) > limits.max_compression_ratio
        {
            return Err(SheetError::ZipBomb);
        }
        let name = entry.name_raw().to_ascii_lowercase();
        has_workbook |= name.ends_with(b"workbook.xml");
        if name.ends_with(b"sharedstrings.xml") {
            shared_strings.push(i);
        }
    }
    if !has_workbook {
        // A zip, but not an .xlsx: .xlsb, .ods, .docx, an archive …
        return Err(SheetError::UnknownFormat);
    }
    for i in shared_strings {
        let part = archive.by_index(i).map_err(|e| SheetError::Corrupt(e.to_string()))?;
        check_shared_strings(part)?;
    }
    Ok(())
}

/// calamine reserves room for as many strings as the shared-string table's
/// `uniqueCount` attribute announces, unchecked: a few bytes claiming a
/// trillion strings would abort the process. Find the `<sst>` start tag the
/// way calamine does (same XML parser, same settings) and require every
/// `uniqueCount` in it to be a plain number no larger than the part could
/// hold (each `<si/>` takes at least 5 bytes).
fn check_shared_strings<R: Read + Seek>(part: zip::read::ZipFile<'_, R>) -> Result<(), SheetError> {
    let size = part.size();
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                return check_unique_count(e.attributes_raw(), size / 5 + 1);
            }
            Ok(Event::Eof) => return Ok(()),
            Err(e) => return Err(SheetError::Corrupt(e.to_string())),
            _ => {}
        }
    }
}

/// Every `uniqueCount="N"` in the raw attributes must have N made of 1 to 19
/// ASCII digits and at most `max`.
fn check_unique_count(attributes: &str, max: u64) -> Result<(), SheetError> {
    const KEY: &str = "uniqueCount";
    let bad = || SheetError::Corrupt("implausible sharedStrings uniqueCount".to_string());
    let mut rest = attributes;
    while let Some(at) = rest.find(KEY) {
        rest = &rest[at + KEY.len()..];
        let Some(value) = rest.trim_start().strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            return Err(bad());
        };
        let value = &value[1..];
        let digits = value.split(quote).next().unwrap_or_default();
        if digits.is_empty() || digits.len() > 19 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if digits.parse::<u64>().map_err(|_| bad())? > max {
            return Err(bad());
        }
    }
    Ok(())
}

fn xlsx_error(e: XlsxError) -> SheetError {
    match e {
        XlsxError::Password => SheetError::Encrypted,
        e => SheetError::Corrupt(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_count_must_be_plausible() {
        let ok = r#"xmlns="x" count="10" uniqueCount="3""#;
        assert_eq!(check_unique_count(ok, 100), Ok(()));
        assert_eq!(check_unique_count("count='7'", 1), Ok(()));
        for bad in [
            r#"uniqueCount="1000000000000""#,
            r#"uniqueCount="+5""#,
            r#"uniqueCount = '18446744073709551615'"#,
            r#"uniqueCount=5"#,
            r#"uniqueCount="""#,
        ] {
            assert!(check_unique_count(bad, 100).is_err(), "{bad}");
        }
    }
}
