//! Turn an uploaded spreadsheet into rows of text cells, safely, and write
//! `.xlsx` files.
//!
//! Reading ([`read_table`]) accepts `.xlsx`, `.xls` and CSV (UTF-8, GBK /
//! GB18030, UTF-16 with a BOM). The format is taken from the bytes, never
//! from the file name. Only the first worksheet is read, as text.
//!
//! Every upload is bounded, and reading stops as soon as a bound is passed:
//!
//! - [`Limits::max_bytes`]: checked first, on the raw bytes.
//! - `.xlsx`: before calamine opens it, the zip's central directory is
//!   checked against [`Limits::max_uncompressed_bytes`] and
//!   [`Limits::max_compression_ratio`] (zip bombs), and the shared-string
//!   table's announced size must be plausible (calamine would otherwise
//!   reserve memory for it unchecked). The worksheet is then streamed cell by
//!   cell, never loaded whole.
//! - `.xls`: calamine parses every sheet into dense ranges when it opens the
//!   file and trusts the container's sector chains, so the container is first
//!   validated with the `cfb` crate, its BIFF records are scanned for the
//!   ranges calamine would build (at most 8 million cells in all), and
//!   calamine only sees a freshly written, well-formed container.
//! - [`Limits::max_rows`] and [`Limits::max_cols`]: checked on every
//!   non-empty cell as it is read, in all formats.
//! - A panic inside a parsing library is turned into
//!   [`SheetError::Corrupt`].
//!
//! Writing ([`write_xlsx`]) writes every cell as text, so identity-card and
//! bank-card numbers never turn into numbers.
//!
//! Errors ([`SheetError`]) carry a Chinese sentence for the user
//! ([`SheetError::message`]).

mod cell;
mod csv_read;
mod table;
mod write;
mod xls;
mod xlsx;

use std::fmt;

pub use write::{ReportPart, SheetPart, write_xlsx, write_xlsx_book, write_xlsx_report};

/// Bounds applied to every upload by [`read_table`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted upload, in bytes.
    pub max_bytes: usize,
    /// Most rows the table may have (counting the header and any title rows;
    /// trailing empty rows are not counted).
    pub max_rows: usize,
    /// Most columns: a non-empty cell in a column past this is an error.
    pub max_cols: usize,
    /// Largest total of the declared uncompressed sizes of an `.xlsx`'s parts.
    pub max_uncompressed_bytes: u64,
    /// Largest uncompressed/compressed ratio of one `.xlsx` part (checked for
    /// parts bigger than 1 MiB).
    pub max_compression_ratio: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 20 * 1024 * 1024,
            max_rows: 200_000,
            max_cols: 200,
            max_uncompressed_bytes: 400 * 1024 * 1024,
            max_compression_ratio: 200,
        }
    }
}

/// Why a spreadsheet could not be read or written.
///
/// [`SheetError::message`] gives the sentence to show the user; `Display`
/// gives the same sentence followed by any technical detail, for logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetError {
    /// No bytes, or only whitespace and a byte-order mark, or no cell with a
    /// value in the first worksheet.
    Empty,
    /// Not a spreadsheet: a zip that is not an `.xlsx` (`.xlsb`, `.ods`,
    /// `.docx` …), a binary file, an HTML or XML "Excel" export.
    UnknownFormat,
    /// The bytes look like a spreadsheet but cannot be read; the detail is
    /// for logs only.
    Corrupt(String),
    /// A password-protected workbook.
    Encrypted,
    /// The upload is bigger than [`Limits::max_bytes`].
    TooLarge,
    /// The `.xlsx` would decompress to too much data, or one of its parts is
    /// compressed suspiciously well.
    ZipBomb,
    /// More rows than [`Limits::max_rows`].
    TooManyRows {
        /// The limit that was passed.
        limit: usize,
    },
    /// A non-empty cell past [`Limits::max_cols`] columns.
    TooManyColumns {
        /// The limit that was passed.
        limit: usize,
    },
    /// A text file that is neither UTF-8 nor GB18030 (GBK).
    Encoding,
    /// The workbook has no worksheet.
    NoSheet,
    /// Writing an `.xlsx` failed; the detail is for logs only.
    Write(String),
}

impl SheetError {
    /// A clear Chinese sentence telling the user what is wrong and what to do.
    pub fn message(&self) -> String {
        match self {
            SheetError::Empty => "文件为空，没有可导入的数据".to_string(),
            SheetError::UnknownFormat => {
                "无法识别的文件格式，请上传 Excel 文件（.xlsx 或 .xls）或 CSV 文件；\
                 若是从其他系统导出的表格，请先在 Excel 中另存为 .xlsx 再导入"
                    .to_string()
            }
            SheetError::Corrupt(_) => "文件已损坏或不是有效的 Excel 文件".to_string(),
            SheetError::Encrypted => "文件设有密码保护，请先在 Excel 中取消密码后再导入".to_string(),
            SheetError::TooLarge => "文件过大，请拆分后分批导入".to_string(),
            SheetError::ZipBomb => "文件解压后过大，疑似损坏或恶意文件，已拒绝".to_string(),
            SheetError::TooManyRows { limit } => {
                format!("文件超过{limit}行，请拆分后分批导入")
            }
            SheetError::TooManyColumns { limit } => {
                format!("文件超过{limit}列，请删除多余的列后再导入")
            }
            SheetError::Encoding => {
                "文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV，或 Excel 文件".to_string()
            }
            SheetError::NoSheet => "文件中没有工作表".to_string(),
            SheetError::Write(_) => "生成 Excel 文件失败，请稍后重试".to_string(),
        }
    }
}

impl fmt::Display for SheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())?;
        match self {
            SheetError::Corrupt(detail) | SheetError::Write(detail) if !detail.is_empty() => {
                write!(f, " ({detail})")
            }
            _ => Ok(()),
        }
    }
}

impl std::error::Error for SheetError {}

/// The first worksheet of a spreadsheet, as text.
///
/// `rows[i]` is the worksheet's row `i + 1` as Excel numbers it (leading
/// empty rows are kept as empty rows, so row numbers in messages match what
/// the user sees; for CSV, `rows[i]` is the `i + 1`-th record). Trailing empty
/// rows are dropped, and so are trailing empty cells of each row; empty cells
/// before a value are `""`. Cell text is trimmed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Rows of cells, as text.
    pub rows: Vec<Vec<String>>,
}

/// The CFB (OLE2) signature shared by `.xls` and encrypted OOXML files.
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// A zip local file header.
const ZIP_MAGIC: [u8; 4] = *b"PK\x03\x04";
const UTF8_BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// Read the first worksheet of an uploaded spreadsheet.
///
/// The format is detected from the bytes: a zip is read as `.xlsx`, a CFB
/// container as `.xls` (or rejected as [`SheetError::Encrypted`] when it holds
/// a password-protected `.xlsx`), anything else as CSV. `filename` is only a
/// hint: a name ending in `.tsv` forces tab as the CSV delimiter.
///
/// A workbook without any value in its first worksheet is
/// [`SheetError::Empty`]. See [`Table`] for the shape of the result.
pub fn read_table(filename: &str, bytes: &[u8], limits: &Limits) -> Result<Table, SheetError> {
    if bytes.len() > limits.max_bytes {
        return Err(SheetError::TooLarge);
    }
    let body = bytes.strip_prefix(&UTF8_BOM).unwrap_or(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(SheetError::Empty);
    }
    let table = if bytes.starts_with(&ZIP_MAGIC) {
        guarded(|| xlsx::read(bytes, limits))?
    } else if bytes.starts_with(&CFB_MAGIC) {
        if is_encrypted_ooxml(bytes) {
            return Err(SheetError::Encrypted);
        }
        guarded(|| xls::read(bytes, limits))?
    } else {
        csv_read::read(filename, bytes, limits)?
    };
    if table.rows.is_empty() {
        return Err(SheetError::Empty);
    }
    Ok(table)
}

/// Run a parser over untrusted bytes, turning a panic inside a parsing
/// library into [`SheetError::Corrupt`] instead of failing the caller.
fn guarded(parse: impl FnOnce() -> Result<Table, SheetError>) -> Result<Table, SheetError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse))
        .unwrap_or_else(|_| Err(SheetError::Corrupt("parser panicked".to_string())))
}

/// Whether a CFB container holds an encrypted OOXML package, recognised by
/// the UTF-16LE name of its "EncryptionInfo" or "EncryptedPackage" stream.
fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    fn utf16le(name: &str) -> Vec<u8> {
        name.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }
    let needles = [utf16le("EncryptionInfo"), utf16le("EncryptedPackage")];
    needles.iter().any(|needle| bytes.windows(needle.len()).any(|w| w == needle.as_slice()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_default() {
        let l = Limits::default();
        assert_eq!(l.max_bytes, 20 * 1024 * 1024);
        assert_eq!(l.max_rows, 200_000);
        assert_eq!(l.max_cols, 200);
        assert_eq!(l.max_uncompressed_bytes, 400 * 1024 * 1024);
        assert_eq!(l.max_compression_ratio, 200);
    }

    #[test]
    fn messages_are_chinese_sentences() {
        assert_eq!(SheetError::Encrypted.message(), "文件设有密码保护，请先在 Excel 中取消密码后再导入");
        assert_eq!(
            SheetError::TooManyRows { limit: 200_000 }.message(),
            "文件超过200000行，请拆分后分批导入"
        );
        assert_eq!(
            SheetError::Encoding.message(),
            "文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV，或 Excel 文件"
        );
        assert_eq!(SheetError::ZipBomb.message(), "文件解压后过大，疑似损坏或恶意文件，已拒绝");
        assert_eq!(SheetError::Corrupt("x".into()).message(), "文件已损坏或不是有效的 Excel 文件");
        assert_eq!(
            SheetError::Corrupt("bad zip".into()).to_string(),
            "文件已损坏或不是有效的 Excel 文件 (bad zip)"
        );
    }

    #[test]
    fn too_large_is_checked_first() {
        let limits = Limits { max_bytes: 4, ..Limits::default() };
        assert_eq!(read_table("a.csv", b"a,b,c\n", &limits), Err(SheetError::TooLarge));
    }

    #[test]
    fn bom_and_whitespace_only_is_empty() {
        let limits = Limits::default();
        assert_eq!(read_table("a.csv", b"", &limits), Err(SheetError::Empty));
        assert_eq!(read_table("a.csv", b"\xEF\xBB\xBF \r\n\t", &limits), Err(SheetError::Empty));
    }
}
