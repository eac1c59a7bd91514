//! Identity documents: document types, the GB 11643-1999 check, masking.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::time::fmt_date;
use crate::{DomainError, ErrorCode};

use super::compact;

/// 证件类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    /// 居民身份证.
    ResidentId,
    /// 港澳台居民居住证.
    HmtPermit,
    /// 护照.
    Passport,
}

impl DocType {
    pub const ALL: [DocType; 3] = [DocType::ResidentId, DocType::HmtPermit, DocType::Passport];

    pub fn as_str(self) -> &'static str {
        match self {
            DocType::ResidentId => "resident_id",
            DocType::HmtPermit => "hmt_permit",
            DocType::Passport => "passport",
        }
    }

    /// Accepts the code, the Chinese label and the usual short forms
    /// (身份证, 居住证, 港澳台居住证).
    pub fn parse(s: &str) -> Option<Self> {
        let s = compact(s);
        match s.as_str() {
            "身份证" | "居民身份证" | "身份证号" => Some(DocType::ResidentId),
            "居住证" | "港澳台居住证" | "港澳台居民居住证" => Some(DocType::HmtPermit),
            _ => Self::ALL.into_iter().find(|k| k.as_str() == s || k.label() == s),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DocType::ResidentId => "居民身份证",
            DocType::HmtPermit => "港澳台居民居住证",
            DocType::Passport => "护照",
        }
    }

    /// What the number is called in messages ("身份证号不能为空").
    pub fn number_label(self) -> &'static str {
        match self {
            DocType::ResidentId => "身份证号",
            DocType::HmtPermit => "港澳台居民居住证号码",
            DocType::Passport => "护照号码",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub const ALL: [Gender; 2] = [Gender::Male, Gender::Female];

    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }

    /// Accepts 男, 女, male, female, m, f in any case.
    pub fn parse(s: &str) -> Option<Self> {
        match compact(s).to_ascii_lowercase().as_str() {
            "男" | "male" | "m" => Some(Gender::Male),
            "女" | "female" | "f" => Some(Gender::Female),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }
}

/// A checked identity document number. For an 18-character number the birth
/// date and gender are read from it; a passport carries neither.
#[derive(Clone, PartialEq, Eq)]
pub struct IdNumber {
    pub doc_type: DocType,
    /// Normalised: upper case, half-width, no spaces.
    pub value: String,
    pub birth_date: Option<NaiveDate>,
    pub gender: Option<Gender>,
}

impl std::fmt::Debug for IdNumber {
    /// Masked, so that a logged value never shows the whole number (§12).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdNumber")
            .field("doc_type", &self.doc_type)
            .field("value", &mask_id(&self.value))
            .field("birth_date", &self.birth_date)
            .field("gender", &self.gender)
            .finish()
    }
}

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS: &[u8; 11] = b"10X98765432";
const HMT_PREFIXES: [&str; 3] = ["810000", "820000", "830000"];
pub(super) const EARLIEST_BIRTH: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();

/// The GB 11643-1999 check character for the first 17 digits (used by demo
/// data and tests); None unless given exactly 17 ASCII digits.
pub fn id_check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17.bytes().zip(ID_WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    Some(ID_CHECK_CHARS[(sum % 11) as usize] as char)
}

/// Whether the text is what Excel shows for a long number it stored as a
/// number: `1.10105E+17`, or a decimal like `110105194912310000.0`.
fn looks_like_excel_number(s: &str) -> bool {
    let upper = s.to_ascii_uppercase();
    upper.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'E' | '+'))
        && upper.chars().any(|c| c.is_ascii_digit())
        && (upper.contains('.') || upper.contains("E+"))
}

/// Checks and normalises a document number (field `id_number`). Resident IDs
/// and HMT permits: 17 digits and the GB 11643-1999 check character, birth
/// date and gender read from the number; passports: 5–20 letters and digits.
pub fn parse_id_number(doc_type: DocType, input: &str, today: NaiveDate) -> Result<IdNumber, DomainError> {
    let label = doc_type.number_label();
    let fail = |message: String| DomainError::field(ErrorCode::InvalidIdNumber, "id_number", message);
    let mut value = compact(input).to_ascii_uppercase();
    // Excel's "store as text" marker sometimes survives a copy.
    if let Some(rest) = value.strip_prefix('\'') {
        value = rest.to_owned();
    }
    if value.is_empty() {
        return Err(DomainError::field(ErrorCode::Required, "id_number", format!("{label}不能为空")));
    }
    if doc_type == DocType::Passport {
        let len = value.chars().count();
        if !(5..=20).contains(&len) {
            return Err(fail(format!("{label}应为5到20位字母或数字，现在是{len}位")));
        }
        if let Some((i, c)) = value.chars().enumerate().find(|(_, c)| !c.is_ascii_alphanumeric()) {
            return Err(fail(format!("{label}第{}位“{c}”不是字母或数字", i + 1)));
        }
        return Ok(IdNumber { doc_type, value, birth_date: None, gender: None });
    }

    if looks_like_excel_number(&value) {
        return Err(fail(format!(
            "{label}“{}”已被Excel转换成数字，末尾几位已经丢失，无法还原。\
             请把该列的单元格格式设置为“文本”，再重新输入完整的{label}",
            input.trim()
        )));
    }
    let len = value.chars().count();
    if doc_type == DocType::ResidentId && len == 15 && value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(fail(format!("{label}是15位的旧号码，请填写18位的新身份证号")));
    }
    if len != 18 {
        return Err(fail(format!("{label}应为18位，现在是{len}位")));
    }
    for (i, c) in value.chars().enumerate().take(17) {
        if !c.is_ascii_digit() {
            return Err(fail(format!("{label}第{}位“{c}”不是数字", i + 1)));
        }
    }
    let last = value.as_bytes()[17];
    if !(last.is_ascii_digit() || last == b'X') {
        return Err(fail(format!(
            "{label}第18位（校验码）只能是数字或X，现在是“{}”",
            value.chars().last().unwrap_or(' ')
        )));
    }
    if doc_type == DocType::HmtPermit && !HMT_PREFIXES.iter().any(|p| value.starts_with(p)) {
        return Err(fail(format!("{label}应以810000（香港）、820000（澳门）或830000（台湾）开头")));
    }

    let province = &value[..2];
    if !is_province_code(province) {
        return Err(fail(format!(
            "{label}前两位“{province}”不是省级行政区划代码（如11北京、31上海、44广东、81香港），请核对"
        )));
    }
    let digits = &value[6..14];
    let birth_date = NaiveDate::parse_from_str(digits, "%Y%m%d")
        .map_err(|_| fail(format!("{label}第7到14位的出生日期“{digits}”不是有效日期")))?;
    if birth_date < EARLIEST_BIRTH {
        return Err(fail(format!("{label}中的出生日期{}早于1900年，请核对", fmt_date(birth_date))));
    }
    if birth_date > today {
        return Err(fail(format!("{label}中的出生日期{}晚于今天，请核对", fmt_date(birth_date))));
    }

    let expected = id_check_char(&value[..17]).map(|c| c as u8);
    if expected != Some(last) {
        let mut message = format!("{label}最后一位校验码不正确，说明号码中有输错的数字，请对照证件逐位核对");
        if value.ends_with("000") {
            message.push_str(
                "；若号码来自Excel，可能已被转换成数字而丢失末尾几位，请把该列设为“文本”后重新输入",
            );
        }
        return Err(fail(message));
    }
    let gender = if (value.as_bytes()[16] - b'0') % 2 == 1 { Gender::Male } else { Gender::Female };
    Ok(IdNumber { doc_type, value, birth_date: Some(birth_date), gender: Some(gender) })
}

/// The first two digits of an 18-digit ID: the 34 province-level divisions
/// (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71 台湾, 81 香港, 82 澳门) and 83
/// of the 台湾居民居住证.
pub const PROVINCE_CODES: [u8; 35] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
    61, 62, 63, 64, 65, 71, 81, 82, 83,
];

/// Whether two digits are a province-level code of an ID number.
pub fn is_province_code(two: &str) -> bool {
    two.len() == 2 && two.parse::<u8>().is_ok_and(|n| PROVINCE_CODES.contains(&n))
}

/// The form shown everywhere (§12): first 3 and last 4 characters kept,
/// `*` between; 8 characters or fewer keep only the last 2.
pub fn mask_id(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    let (head, tail) = if n <= 8 { (0, n.min(2)) } else { (3, 4) };
    let mut out: String = chars[..head].iter().collect();
    out.extend(std::iter::repeat_n('*', n - head - tail));
    out.extend(&chars[n - tail..]);
    out
}

/// The last 4 characters (upper case), kept for "search by the last digits".
pub fn id_tail(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect::<String>().to_ascii_uppercase()
}

/// Cross-checks a gender and birth date typed beside the ID with what the ID
/// says; either may be absent.
pub fn check_matches_id(
    id: &IdNumber,
    gender: Option<Gender>,
    birth_date: Option<NaiveDate>,
) -> Result<(), DomainError> {
    let label = id.doc_type.number_label();
    if let (Some(from_id), Some(given)) = (id.gender, gender)
        && from_id != given
    {
        return Err(DomainError::field(
            ErrorCode::IdMismatch,
            "gender",
            format!("性别“{}”与{label}不符：{label}显示为{}", given.label(), from_id.label()),
        ));
    }
    if let (Some(from_id), Some(given)) = (id.birth_date, birth_date)
        && from_id != given
    {
        return Err(birth_mismatch(label, from_id, &fmt_date(given)));
    }
    Ok(())
}

pub(super) fn birth_mismatch(label: &str, from_id: NaiveDate, given: &str) -> DomainError {
    DomainError::field(
        ErrorCode::IdMismatch,
        "birth_date",
        format!("出生日期“{given}”与{label}不符：{label}显示为{}", fmt_date(from_id)),
    )
}
