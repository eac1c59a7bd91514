//! `.xls` (BIFF5/BIFF8 in a CFB container).
//!
//! calamine parses every sheet of an `.xls` into dense ranges as soon as the
//! workbook is opened, and its CFB reader trusts the file's sector chains. A
//! tiny hostile file could therefore make it allocate gigabytes (one value at
//! A1 and one at IV65536 is 16 million cells; a cyclic sector chain never
//! ends) or even abort the process. So before calamine sees anything:
//!
//! 1. the container is opened with the `cfb` crate, which validates the
//!    sector tables, and the workbook stream is read out of it;
//! 2. the BIFF records of that stream are scanned the way calamine will walk
//!    them, and the workbook is rejected if the ranges calamine would build
//!    hold more than [`MAX_CELLS`] cells, or if its structure would make
//!    calamine panic;
//! 3. calamine is given a fresh, well-formed CFB holding only that stream.

use std::io::{Cursor, Read, Write};

use calamine::{Reader, Sheet, SheetType, SheetVisible, Xls, XlsError};

use crate::cell::data_text;
use crate::table::TableBuilder;
use crate::{Limits, SheetError, Table};

/// Most cells (value and formula ranges of all sheets together, each the
/// bounding box of its cells) calamine may materialise: about 256 MiB.
/// A full 65,536-row sheet of 120 columns still fits.
const MAX_CELLS: u64 = 8_000_000;

pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Table, SheetError> {
    let stream = workbook_stream(bytes)?;
    check_biff(&stream)?;
    let clean = repackage(&stream)?;
    let mut workbook = Xls::new(Cursor::new(clean)).map_err(xls_error)?;
    let name = first_worksheet(workbook.sheets_metadata())?;
    let range = workbook.worksheet_range(&name).map_err(xls_error)?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut table = TableBuilder::new(limits);
    for (row, col, value) in range.used_cells() {
        table.put(first_row as usize + row, first_col as usize + col, data_text(value))?;
    }
    Ok(table.finish())
}

/// The name of the first visible worksheet, or of the first worksheet when
/// all are hidden. Chart sheets, macro sheets and the like are skipped.
pub(crate) fn first_worksheet(sheets: &[Sheet]) -> Result<String, SheetError> {
    let mut worksheets = sheets.iter().filter(|s| s.typ == SheetType::WorkSheet);
    let first = worksheets.clone().next().ok_or(SheetError::NoSheet)?;
    let visible = worksheets.find(|s| s.visible == SheetVisible::Visible);
    Ok(visible.unwrap_or(first).name.clone())
}

fn xls_error(e: XlsError) -> SheetError {
    match e {
        XlsError::Password => SheetError::Encrypted,
        e => SheetError::Corrupt(e.to_string()),
    }
}

fn corrupt(e: impl std::fmt::Display) -> SheetError {
    SheetError::Corrupt(e.to_string())
}

/// The "Workbook" (BIFF8) or "Book" (BIFF5) stream, read through the
/// validating `cfb` crate. The stream cannot be longer than the file.
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, SheetError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(corrupt)?;
    if file.is_stream("/EncryptionInfo") || file.is_stream("/EncryptedPackage") {
        return Err(SheetError::Encrypted);
    }
    let path = ["/Workbook", "/Book"]
        .into_iter()
        .find(|p| file.is_stream(p))
        .ok_or_else(|| corrupt("no Workbook stream"))?;
    let mut stream = Vec::new();
    file.open_stream(path)
        .map_err(corrupt)?
        .take(bytes.len() as u64)
        .read_to_end(&mut stream)
        .map_err(corrupt)?;
    Ok(stream)
}

/// A new CFB file with the workbook stream alone, so calamine's own CFB
/// reader only ever sees a well-formed container.
fn repackage(stream: &[u8]) -> Result<Vec<u8>, SheetError> {
    let mut file =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).map_err(corrupt)?;
    let mut out = file.create_stream("/Workbook").map_err(corrupt)?;
    out.write_all(stream).map_err(corrupt)?;
    drop(out);
    file.flush().map_err(corrupt)?;
    Ok(file.into_inner().into_inner())
}

/// One BIFF record: type and data (CONTINUE records are records of their
/// own here, as they carry no cells).
struct Records<'a> {
    stream: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<(u16, &'a [u8]), SheetError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.stream.is_empty() {
            return None;
        }
        if self.stream.len() < 4 {
            self.stream = &[];
            return Some(Err(corrupt("truncated BIFF record")));
        }
        let typ = u16le(self.stream, 0);
        let len = usize::from(u16le(self.stream, 2));
        if self.stream.len() < 4 + len {
            self.stream = &[];
            return Some(Err(corrupt("truncated BIFF record")));
        }
        let data = &self.stream[4..4 + len];
        self.stream = &self.stream[4 + len..];
        Some(Ok((typ, data)))
    }
}

fn u16le(data: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([data[at], data[at + 1]])
}

fn u32le(data: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]])
}

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FILEPASS: u16 = 0x002F;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const FORMULA: u16 = 0x0006;
const STRING: u16 = 0x0207;
const MULRK: u16 = 0x00BD;
/// Records holding one cell whose row and column open the record: Number,
/// Label, RString, BoolErr, RK, LabelSst.
const SINGLE_CELLS: [u16; 6] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD];

/// The bounding box of a set of cells.
#[derive(Default)]
struct Bounds(Option<(u32, u32, u32, u32)>);

impl Bounds {
    fn add(&mut self, row: u32, col: u32) {
        self.0 = Some(match self.0 {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1))
    }
}

/// Walk the workbook stream as calamine will and reject what would make it
/// allocate too much or panic.
fn check_biff(stream: &[u8]) -> Result<(), SheetError> {
    // Globals: up to the first EOF.
    let mut sheet_offsets = Vec::new();
    for record in (Records { stream }) {
        let (typ, data) = record?;
        match typ {
            FILEPASS if data.len() < 2 => return Err(corrupt("short FilePass record")),
            FILEPASS if u16le(data, 0) != 0 => return Err(SheetError::Encrypted),
            BOUNDSHEET => {
                if data.len() < 6 {
                    return Err(corrupt("short BoundSheet record"));
                }
                sheet_offsets.push(u32le(data, 0) as usize);
            }
            EOF => break,
            _ => {}
        }
    }

    // Sheets: each from its offset up to its EOF, skipping nested
    // substreams (embedded charts). Overlapping sheets would let a small file
    // make calamine parse the same records many times over: the sheets
    // together may not span more bytes than the stream has.
    let mut cells: u64 = 0;
    let mut scanned: usize = 0;
    for offset in sheet_offsets {
        let sheet = stream.get(offset..).ok_or_else(|| corrupt("sheet offset past the end of the stream"))?;
        let mut values = Bounds::default();
        let mut formulas = Bounds::default();
        let mut formula_pos = (0, 0);
        let mut seen_bof = false;
        let mut depth = 0usize;
        let mut records = Records { stream: sheet };
        for record in records.by_ref() {
            let (typ, data) = record?;
            if depth > 0 {
                match typ {
                    BOF => depth += 1,
                    EOF => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match typ {
                BOF if seen_bof => depth += 1,
                BOF => seen_bof = true,
                EOF => break,
                DIMENSIONS => check_dimensions(data)?,
                t if SINGLE_CELLS.contains(&t) && data.len() >= 4 => {
                    values.add(u16le(data, 0).into(), u16le(data, 2).into());
                }
                MULRK if data.len() >= 6 => {
                    let row = u16le(data, 0).into();
                    values.add(row, u16le(data, 2).into());
                    values.add(row, u16le(data, data.len() - 2).into());
                }
                FORMULA if data.len() >= 4 => {
                    formula_pos = (u16le(data, 0).into(), u16le(data, 2).into());
                    values.add(formula_pos.0, formula_pos.1);
                    formulas.add(formula_pos.0, formula_pos.1);
                }
                STRING => values.add(formula_pos.0, formula_pos.1),
                _ => {}
            }
        }
        scanned += sheet.len() - records.stream.len();
        if scanned > stream.len() {
            return Err(corrupt("overlapping sheets"));
        }
        cells += values.cells() + formulas.cells();
        if cells > MAX_CELLS {
            return Err(SheetError::TooLarge);
        }
    }
    Ok(())
}

/// calamine reserves room for the cells a Dimensions record announces, and
/// computes the count with unchecked arithmetic.
fn check_dimensions(data: &[u8]) -> Result<(), SheetError> {
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (
            u32::from(u16le(data, 0)),
            u32::from(u16le(data, 2)),
            u32::from(u16le(data, 4)),
            u32::from(u16le(data, 6)),
        ),
        14 | 16 => (u32le(data, 0), u32le(data, 4), u32::from(u16le(data, 8)), u32::from(u16le(data, 10))),
        // calamine rejects the record.
        _ => return Ok(()),
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    if last_row == 0 || last_col == 0 {
        return Ok(());
    }
    let (rows, cols) = (last_row - 1, last_col - 1);
    if rows < first_row || cols < first_col {
        return Err(corrupt("inverted Dimensions record"));
    }
    let area = u64::from(rows - first_row + 1) * u64::from(cols - first_col + 1);
    if area > MAX_CELLS {
        return Err(SheetError::TooLarge);
    }
    Ok(())
}
