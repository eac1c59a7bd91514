//! `.xls` tests. No Rust crate writes `.xls`, so a minimal BIFF8 workbook is
//! assembled here record by record and wrapped in a CFB container with the
//! `cfb` crate.

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use sheet::{Limits, SheetError, read_table};

#[derive(Clone, Copy)]
enum Value<'a> {
    Text(&'a str),
    Number(f64),
    /// An Excel serial date, written with a built-in date format.
    Date(f64),
}

struct SheetSpec<'a> {
    name: &'a str,
    hidden: bool,
    cells: Vec<(u16, u16, Value<'a>)>,
    /// Extra raw records written before the cells.
    extra: Vec<(u16, Vec<u8>)>,
}

impl<'a> SheetSpec<'a> {
    fn new(name: &'a str, cells: Vec<(u16, u16, Value<'a>)>) -> Self {
        SheetSpec { name, hidden: false, cells, extra: Vec::new() }
    }
}

fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend(typ.to_le_bytes());
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
}

fn bof(dt: u16) -> Vec<u8> {
    let mut data = vec![0x00, 0x06];
    data.extend(dt.to_le_bytes());
    data.resize(16, 0);
    data
}

/// XLUnicodeString: character count, UTF-16 flag, UTF-16LE characters.
fn xl_string(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut out = (units.len() as u16).to_le_bytes().to_vec();
    out.push(1);
    out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    out
}

/// The BIFF8 workbook stream. `globals_extra` records go into the workbook
/// globals; `sheet_offsets` overrides where the BoundSheet records point.
fn workbook_stream(
    sheets: &[SheetSpec<'_>],
    globals_extra: &[(u16, Vec<u8>)],
    sheet_offsets: Option<Vec<u32>>,
) -> Vec<u8> {
    let mut substreams = Vec::new();
    for sheet in sheets {
        let mut s = Vec::new();
        record(&mut s, 0x0809, &bof(0x0010));
        for (typ, data) in &sheet.extra {
            record(&mut s, *typ, data);
        }
        for &(row, col, value) in &sheet.cells {
            let mut data = row.to_le_bytes().to_vec();
            data.extend(col.to_le_bytes());
            match value {
                Value::Text(t) => {
                    data.extend(0u16.to_le_bytes());
                    data.extend(xl_string(t));
                    record(&mut s, 0x0204, &data);
                }
                Value::Number(n) => {
                    data.extend(0u16.to_le_bytes());
                    data.extend(n.to_le_bytes());
                    record(&mut s, 0x0203, &data);
                }
                Value::Date(n) => {
                    data.extend(1u16.to_le_bytes());
                    data.extend(n.to_le_bytes());
                    record(&mut s, 0x0203, &data);
                }
            }
        }
        record(&mut s, 0x000A, &[]);
        substreams.push(s);
    }

    let boundsheet = |pos: u32, sheet: &SheetSpec<'_>| {
        let mut data = pos.to_le_bytes().to_vec();
        data.push(u8::from(sheet.hidden));
        data.push(0); // worksheet
        let units: Vec<u16> = sheet.name.encode_utf16().collect();
        data.push(units.len() as u8);
        data.push(1);
        data.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        data
    };
    let globals = |offsets: &[u32]| {
        let mut g = Vec::new();
        record(&mut g, 0x0809, &bof(0x0005));
        for (typ, data) in globals_extra {
            record(&mut g, *typ, data);
        }
        // XF 0: General; XF 1: built-in date format 14.
        for ifmt in [0u16, 14] {
            let mut xf = vec![0, 0];
            xf.extend(ifmt.to_le_bytes());
            xf.resize(20, 0);
            record(&mut g, 0x00E0, &xf);
        }
        for (sheet, pos) in sheets.iter().zip(offsets) {
            record(&mut g, 0x0085, &boundsheet(*pos, sheet));
        }
        record(&mut g, 0x000A, &[]);
        g
    };

    // The globals' length does not depend on the offsets' values.
    let globals_len = globals(&vec![0; sheets.len()]).len();
    let offsets = sheet_offsets.unwrap_or_else(|| {
        let mut pos = globals_len;
        substreams
            .iter()
            .map(|s| {
                let here = pos as u32;
                pos += s.len();
                here
            })
            .collect()
    });
    let mut stream = globals(&offsets);
    for s in substreams {
        stream.extend(s);
    }
    stream
}

fn cfb_with(stream: &[u8]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).unwrap();
    file.create_stream("/Workbook").unwrap().write_all(stream).unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}

fn xls(sheets: &[SheetSpec<'_>]) -> Vec<u8> {
    cfb_with(&workbook_stream(sheets, &[], None))
}

fn read(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    read_table("a.xls", bytes, &Limits::default()).map(|t| t.rows)
}

fn s(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn xls_roster_reads_as_text() {
    use Value::*;
    let cells = vec![
        (0, 0, Text("2026年某公司工会会员花名册")),
        (1, 0, Text("姓名")),
        (1, 1, Text("身份证号")),
        (1, 2, Text("身份证号（数字）")),
        (1, 3, Text("入会日期")),
        (1, 4, Text("月工资")),
        (1, 5, Text("津贴")),
        (2, 0, Text(" 张三 ")),
        (2, 1, Text("110105199001011234")),
        (2, 2, Number(110105199001011234.0)),
        (2, 3, Date(46037.0)),
        (2, 4, Number(5000.0)),
        (2, 5, Number(5000.5)),
        (4, 5, Text("  ")),
    ];
    let bytes = xls(&[SheetSpec::new("花名册", cells)]);
    assert_eq!(
        read(&bytes).unwrap(),
        vec![
            s(&["2026年某公司工会会员花名册"]),
            s(&["姓名", "身份证号", "身份证号（数字）", "入会日期", "月工资", "津贴"]),
            s(&["张三", "110105199001011234", "1.10105E+17", "2026-01-15", "5000", "5000.5"]),
        ]
    );
}

#[test]
fn xls_first_visible_worksheet_is_read() {
    let mut hidden = SheetSpec::new("隐藏", vec![(0, 0, Value::Text("隐藏"))]);
    hidden.hidden = true;
    let visible = SheetSpec::new("会员", vec![(0, 0, Value::Text("可见"))]);
    let bytes = xls(&[hidden, visible]);
    assert_eq!(read(&bytes).unwrap(), vec![s(&["可见"])]);
}

#[test]
fn xls_with_too_many_columns_is_rejected() {
    let cells = (0..201).map(|c| (0, c, Value::Number(1.0))).collect();
    let bytes = xls(&[SheetSpec::new("宽", cells)]);
    assert_eq!(read(&bytes), Err(SheetError::TooManyColumns { limit: 200 }));
}

#[test]
fn xls_sparse_cells_spanning_the_whole_grid_are_rejected_quickly() {
    // Two cells, but calamine would build a 65,536 × 256 dense range.
    let cells = vec![(0, 0, Value::Number(1.0)), (65535, 255, Value::Number(2.0))];
    let bytes = xls(&[SheetSpec::new("稀疏", cells)]);
    let start = Instant::now();
    assert_eq!(read(&bytes), Err(SheetError::TooLarge));
    assert!(start.elapsed() < Duration::from_millis(500));
}

#[test]
fn xls_huge_dimensions_record_is_rejected() {
    let mut sheet = SheetSpec::new("表", vec![(0, 0, Value::Number(1.0))]);
    let mut dims = Vec::new();
    dims.extend(0u32.to_le_bytes());
    dims.extend(u32::MAX.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    dims.extend(256u16.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    sheet.extra.push((0x0200, dims));
    assert_eq!(read(&xls(&[sheet])), Err(SheetError::TooLarge));

    // Last row before first row: calamine's arithmetic would wrap.
    let mut sheet = SheetSpec::new("表", vec![(0, 0, Value::Number(1.0))]);
    let mut dims = Vec::new();
    dims.extend(10u32.to_le_bytes());
    dims.extend(2u32.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    dims.extend(3u16.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    sheet.extra.push((0x0200, dims));
    assert!(matches!(read(&xls(&[sheet])), Err(SheetError::Corrupt(_))));
}

#[test]
fn xls_sheets_sharing_one_substream_are_rejected() {
    // 200 sheets all pointing at the same records would have calamine build
    // the same ranges 200 times.
    let sheets: Vec<SheetSpec<'_>> =
        (0..200).map(|_| SheetSpec::new("表", vec![(0, 0, Value::Number(1.0))])).collect();
    let honest = workbook_stream(&sheets, &[], None);
    let first_offset = {
        // The first sheet's BOF follows the globals' EOF record.
        let eof = [0x0A, 0x00, 0x00, 0x00];
        honest.windows(4).position(|w| w == eof).unwrap() as u32 + 4
    };
    let one_substream = (honest.len() - first_offset as usize) / 200;
    let mut stream = workbook_stream(&sheets, &[], Some(vec![first_offset; 200]));
    stream.truncate(first_offset as usize + one_substream);
    assert!(matches!(read(&cfb_with(&stream)), Err(SheetError::Corrupt(_))));
    // Sanity check: the same stream with a single sheet is fine.
    let single = workbook_stream(&sheets[..1], &[], None);
    assert_eq!(read(&cfb_with(&single)).unwrap(), vec![s(&["1"])]);
}

#[test]
fn xls_sheet_offset_past_the_end_is_corrupt() {
    let sheets = [SheetSpec::new("表", vec![(0, 0, Value::Number(1.0))])];
    let stream = workbook_stream(&sheets, &[], Some(vec![1_000_000]));
    assert!(matches!(read(&cfb_with(&stream)), Err(SheetError::Corrupt(_))));
}

#[test]
fn xls_with_file_pass_is_encrypted() {
    let sheets = [SheetSpec::new("表", vec![(0, 0, Value::Number(1.0))])];
    let filepass = (0x002F, vec![1, 0, 1, 0, 1, 0]);
    let stream = workbook_stream(&sheets, &[filepass], None);
    assert_eq!(read(&cfb_with(&stream)), Err(SheetError::Encrypted));
}

#[test]
fn xls_with_a_cyclic_sector_chain_is_corrupt() {
    // Big enough for regular (not mini) sectors.
    let cells = (0..400).map(|r| (r, 0, Value::Number(f64::from(r)))).collect();
    let mut bytes = xls(&[SheetSpec::new("表", cells)]);
    assert_eq!(read(&bytes).unwrap().len(), 400);

    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    let sector = |id: u32| 512 + 512 * id as usize;
    let fat = sector(u32_at(&bytes, 0x4C));
    let dir = sector(u32_at(&bytes, 0x30));
    // Directory entry 1 is the Workbook stream; point its last sector back
    // to its first.
    let start = u32_at(&bytes, dir + 128 + 116);
    let mut id = start;
    while u32_at(&bytes, fat + 4 * id as usize) != 0xFFFF_FFFE {
        id = u32_at(&bytes, fat + 4 * id as usize);
    }
    bytes[fat + 4 * id as usize..][..4].copy_from_slice(&start.to_le_bytes());

    let begin = Instant::now();
    assert!(matches!(read(&bytes), Err(SheetError::Corrupt(_))));
    assert!(begin.elapsed() < Duration::from_millis(500));
}

#[test]
fn xls_garbage_after_the_magic_is_corrupt() {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let mut x: u32 = 0x9E37_79B9;
    for _ in 0..8192 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes.push(x as u8);
    }
    assert!(matches!(read(&bytes), Err(SheetError::Corrupt(_))));
}
