//! Members (DOMAIN.md §3): identity documents and the GB 11643-1999 check,
//! mobiles, dates and money as offices type them, membership statuses,
//! pinyin search keys, 会员证号 patterns and the roster import (花名册).
//!
//! ID numbers are sensitive (§12): [`IdNumber`]'s `Debug` shows them masked.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::time::fmt_date;
use crate::{DomainError, ErrorCode, text};

/// Full-width ASCII (Ｘ, １, （) to half-width and the ideographic space to a
/// space.
pub(crate) fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

/// Whitespace as it arrives from spreadsheets, zero-width characters included.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}')
}

/// Half-width, without any whitespace.
fn compact(input: &str) -> String {
    input.chars().map(half_width).filter(|&c| !is_blank(c)).collect()
}

// ---------------------------------------------------------------------------
// Identity documents

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
const EARLIEST_BIRTH: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();

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

fn birth_mismatch(label: &str, from_id: NaiveDate, given: &str) -> DomainError {
    DomainError::field(
        ErrorCode::IdMismatch,
        "birth_date",
        format!("出生日期“{given}”与{label}不符：{label}显示为{}", fmt_date(from_id)),
    )
}

// ---------------------------------------------------------------------------
// Mobiles, dates, money

/// Checks and normalises a mainland mobile number (field `mobile`): spaces,
/// dashes, dots and parentheses dropped, full-width digits converted, a
/// leading +86 / 0086 / 86 removed; 11 digits, `1`, then 3–9.
pub fn parse_mobile(input: &str) -> Result<String, DomainError> {
    let fail = |message: String| DomainError::field(ErrorCode::InvalidMobile, "mobile", message);
    let s: String = compact(input)
        .chars()
        .filter(|c| !matches!(c, '-' | '.' | '(' | ')' | '—' | '–' | '‐' | '·'))
        .collect();
    if s.is_empty() {
        return Err(DomainError::field(ErrorCode::Required, "mobile", "手机号不能为空"));
    }
    if s.to_ascii_uppercase().contains("E+") {
        return Err(fail(format!(
            "手机号“{}”已被Excel转换成科学计数法，末尾几位已经丢失，请把该列设为“文本”后重新输入",
            input.trim()
        )));
    }
    let s = if let Some(rest) = s.strip_prefix("+86").or_else(|| s.strip_prefix("0086")) {
        rest
    } else if s.len() == 13 && s.starts_with("86") {
        &s[2..]
    } else {
        &s
    };
    if let Some(c) = s.chars().find(|c| !c.is_ascii_digit()) {
        return Err(fail(format!("手机号只能包含数字，“{}”中的“{c}”不是数字", input.trim())));
    }
    if s.len() != 11 {
        return Err(fail(format!("手机号应为11位数字，现在是{}位", s.len())));
    }
    let b = s.as_bytes();
    if b[0] != b'1' || !(b'3'..=b'9').contains(&b[1]) {
        return Err(fail(format!("手机号“{s}”不是有效的手机号码，应以13到19开头")));
    }
    Ok(s.to_owned())
}

/// How much of a date was given: 出生年月 columns give only year and month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Precision {
    Day,
    Month,
}

fn parse_date_precise(input: &str) -> Option<(NaiveDate, Precision)> {
    let s: String = input.trim().chars().map(half_width).collect();
    // "1985-03-02 00:00:00", "1985-03-02T00:00:00": the time is ignored.
    let s = s.split_whitespace().next()?;
    let s = s.split('T').next()?;
    let mut t = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '年' | '月' => t.push('-'),
            '日' | '号' => {}
            c => t.push(c),
        }
    }
    let t = t.strip_suffix('-').unwrap_or(&t);
    let parts: Vec<&str> = if t.bytes().all(|b| b.is_ascii_digit()) {
        match t.len() {
            8 => vec![&t[..4], &t[4..6], &t[6..]],
            6 => vec![&t[..4], &t[4..]],
            _ => return None,
        }
    } else {
        let sep = t.chars().find(|c| !c.is_ascii_digit())?;
        if !matches!(sep, '-' | '/' | '.') {
            return None;
        }
        t.split(sep).collect()
    };
    if !(2..=3).contains(&parts.len())
        || parts[0].len() != 4
        || parts[1..].iter().any(|p| !(1..=2).contains(&p.len()))
        || parts.iter().any(|p| !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let year: i32 = parts[0].parse().ok()?;
    let month: u32 = parts[1].parse().ok()?;
    let (day, precision) = match parts.get(2) {
        Some(d) => (d.parse().ok()?, Precision::Day),
        None => (1, Precision::Month),
    };
    NaiveDate::from_ymd_opt(year, month, day).map(|d| (d, precision))
}

/// Reads a date the ways offices write them: 1985-03-02, 1985/3/2,
/// 1985年3月2日, 19850302, 2020.9.1, "1985-03-02 00:00:00"; 出生年月 forms
/// (1985-03, 1985年3月, 198503) give the 1st of that month. Impossible dates
/// give None.
pub fn parse_date_flexible(input: &str) -> Option<NaiveDate> {
    parse_date_precise(input).map(|(d, _)| d)
}

/// The largest amount accepted: 10,000,000 yuan, in fen.
const MAX_FEN: i64 = 1_000_000_000;

/// Reads an amount in yuan ("5000", "5,000.50", "５０００", "5000元",
/// "￥5000") as fen. Empty gives None; negative amounts, more than two
/// decimals and amounts over 10,000,000 yuan are refused naming `label`.
pub fn parse_money_fen(field: &str, label: &str, input: &str) -> Result<Option<i64>, DomainError> {
    let fail = |message: String| DomainError::field(ErrorCode::InvalidMoney, field, message);
    let s: String = compact(input).chars().filter(|&c| c != ',').collect();
    let s = s.trim_start_matches(['¥', '￥']);
    let s = s.strip_prefix("RMB").unwrap_or(s);
    let s = s.strip_suffix('元').unwrap_or(s);
    if s.is_empty() {
        return Ok(None);
    }
    if s.starts_with(['-', '−']) {
        return Err(fail(format!("{label}不能为负数")));
    }
    let s = s.strip_prefix('+').unwrap_or(s);
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !all_digits(int) || !all_digits(frac) {
        return Err(fail(format!("{label}“{}”不是有效金额，请填写数字，如5000或5000.50", input.trim())));
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > 2 {
        return Err(fail(format!("{label}“{}”最多保留两位小数（精确到分）", input.trim())));
    }
    let int = int.trim_start_matches('0');
    let too_much = || fail(format!("{label}“{}”超过1000万元，请核对", input.trim()));
    if int.len() > 12 {
        return Err(too_much());
    }
    let yuan: i64 = if int.is_empty() { 0 } else { int.parse().map_err(|_| too_much())? };
    let cents: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
    let fen = yuan * 100 + cents;
    if fen > MAX_FEN {
        return Err(too_much());
    }
    Ok(Some(fen))
}

// ---------------------------------------------------------------------------
// Membership status

/// 会籍状态. Only `Active` and `Retained` hold a membership (one per person
/// nationwide); the others are history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    Applying,
    Active,
    /// 保留会籍: retired or laid off; keeps membership, pays no dues.
    Retained,
    TransferredOut,
    Withdrawn,
    Expelled,
    Deceased,
    Declined,
    /// Folded into another record as a duplicate.
    Merged,
}

impl MemberStatus {
    pub const ALL: [MemberStatus; 9] = [
        MemberStatus::Applying,
        MemberStatus::Active,
        MemberStatus::Retained,
        MemberStatus::TransferredOut,
        MemberStatus::Withdrawn,
        MemberStatus::Expelled,
        MemberStatus::Deceased,
        MemberStatus::Declined,
        MemberStatus::Merged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MemberStatus::Applying => "applying",
            MemberStatus::Active => "active",
            MemberStatus::Retained => "retained",
            MemberStatus::TransferredOut => "transferred_out",
            MemberStatus::Withdrawn => "withdrawn",
            MemberStatus::Expelled => "expelled",
            MemberStatus::Deceased => "deceased",
            MemberStatus::Declined => "declined",
            MemberStatus::Merged => "merged",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            MemberStatus::Applying => "申请中",
            MemberStatus::Active => "在籍",
            MemberStatus::Retained => "保留会籍",
            MemberStatus::TransferredOut => "转出",
            MemberStatus::Withdrawn => "退会",
            MemberStatus::Expelled => "除名",
            MemberStatus::Deceased => "去世",
            MemberStatus::Declined => "未批准",
            MemberStatus::Merged => "已合并",
        }
    }

    /// Counts for "one active membership per person nationwide".
    pub fn holds_membership(self) -> bool {
        matches!(self, MemberStatus::Active | MemberStatus::Retained)
    }

    pub fn pays_dues(self) -> bool {
        self == MemberStatus::Active
    }

    /// Set only by the transfer and merge processes, never picked by hand.
    pub fn set_by_system_only(self) -> bool {
        matches!(self, MemberStatus::TransferredOut | MemberStatus::Merged)
    }

    /// Whether a record in this status may move to `to`.
    pub fn can_change_to(self, to: MemberStatus) -> bool {
        use MemberStatus::*;
        match self {
            Applying => matches!(to, Active | Declined),
            Active => matches!(to, Retained | Withdrawn | Expelled | Deceased | TransferredOut | Merged),
            Retained => matches!(to, Active | Withdrawn | Expelled | Deceased | TransferredOut | Merged),
            TransferredOut | Withdrawn | Expelled | Deceased | Declined | Merged => false,
        }
    }
}

/// Checks a status change (field `status`).
pub fn check_status_change(from: MemberStatus, to: MemberStatus) -> Result<(), DomainError> {
    if from.can_change_to(to) {
        return Ok(());
    }
    let message = if from == to {
        format!("会员状态已是“{}”，无需变更", from.label())
    } else if from.holds_membership() || from == MemberStatus::Applying {
        format!("会员状态不能从“{}”直接改为“{}”", from.label(), to.label())
    } else {
        format!(
            "会员状态不能从“{}”改为“{}”：该会籍已终止，如需重新入会，请重新提出入会申请",
            from.label(),
            to.label()
        )
    };
    Err(DomainError::field(ErrorCode::InvalidStatusChange, "status", message))
}

/// Whether moving to `to` needs a reason and date noted (退会, 除名, 未批准,
/// 去世, and 保留会籍 for 退休 / 下岗).
pub fn status_change_needs_reason(to: MemberStatus) -> bool {
    matches!(
        to,
        MemberStatus::Withdrawn
            | MemberStatus::Expelled
            | MemberStatus::Declined
            | MemberStatus::Deceased
            | MemberStatus::Retained
    )
}

// ---------------------------------------------------------------------------
// Pinyin search keys: see `crate::search` (every reading of a name).

pub use crate::search::{pinyin_keys, sort_key};

// ---------------------------------------------------------------------------
// 会员证号 patterns

enum CardToken {
    Literal(String),
    Year4,
    Year2,
    Seq(usize),
}

const CARD_MAX_CHARS: usize = 32;

fn card_error(message: impl Into<String>) -> DomainError {
    DomainError::field(ErrorCode::InvalidCardPattern, "card_pattern", message)
}

fn parse_card_pattern(pattern: &str) -> Result<Vec<CardToken>, DomainError> {
    let pattern = pattern.trim();
    if pattern.is_empty() {
        return Err(DomainError::field(ErrorCode::Required, "card_pattern", "会员证号规则不能为空"));
    }
    let mut tokens = Vec::new();
    let mut literal = String::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some('{') | None => {
                            return Err(card_error(
                                "会员证号规则中的大括号不成对，占位符应写成{YYYY}、{YY}或{SEQ:n}",
                            ));
                        }
                        Some(c) => name.push(c),
                    }
                }
                if !literal.is_empty() {
                    tokens.push(CardToken::Literal(std::mem::take(&mut literal)));
                }
                let upper = name.to_ascii_uppercase();
                let token = match upper.as_str() {
                    "YYYY" => CardToken::Year4,
                    "YY" => CardToken::Year2,
                    _ => match upper.strip_prefix("SEQ:").map(str::parse::<usize>) {
                        Some(Ok(n)) if (1..=10).contains(&n) => CardToken::Seq(n),
                        Some(_) => {
                            return Err(card_error(format!("序号位数“{{{name}}}”应为1到10，如{{SEQ:6}}")));
                        }
                        None => {
                            return Err(card_error(format!(
                                "会员证号规则中的“{{{name}}}”无法识别，只能使用{{YYYY}}、{{YY}}和{{SEQ:n}}"
                            )));
                        }
                    },
                };
                tokens.push(token);
            }
            '}' => return Err(card_error("会员证号规则中的大括号不成对，占位符应写成{YYYY}、{YY}或{SEQ:n}")),
            c if c.is_control() || is_blank(c) => {
                return Err(card_error("会员证号规则不能包含空格或不可见字符"));
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        tokens.push(CardToken::Literal(literal));
    }
    let seqs = tokens.iter().filter(|t| matches!(t, CardToken::Seq(_))).count();
    if seqs != 1 {
        return Err(card_error(if seqs == 0 {
            "会员证号规则必须包含一个序号占位符{SEQ:n}，如{SEQ:6}"
        } else {
            "会员证号规则只能包含一个序号占位符{SEQ:n}"
        }));
    }
    let width: usize = tokens
        .iter()
        .map(|t| match t {
            CardToken::Literal(s) => s.chars().count(),
            CardToken::Year4 => 4,
            CardToken::Year2 => 2,
            CardToken::Seq(n) => *n,
        })
        .sum();
    if width > CARD_MAX_CHARS {
        return Err(card_error(format!("按此规则生成的会员证号有{width}个字符，最多{CARD_MAX_CHARS}个")));
    }
    Ok(tokens)
}

/// Checks a 会员证号 pattern such as `GH{YYYY}{SEQ:6}` (field `card_pattern`).
pub fn check_card_pattern(pattern: &str) -> Result<(), DomainError> {
    parse_card_pattern(pattern).map(|_| ())
}

/// Renders a 会员证号 from its pattern: `{YYYY}`, `{YY}`, `{SEQ:n}` (the
/// sequence zero-padded to n digits) and literal text.
pub fn render_card_number(pattern: &str, year: i32, seq: i64) -> Result<String, DomainError> {
    let tokens = parse_card_pattern(pattern)?;
    if !(1000..=9999).contains(&year) {
        return Err(card_error(format!("年份{year}超出范围")));
    }
    let mut out = String::new();
    for t in &tokens {
        match t {
            CardToken::Literal(s) => out.push_str(s),
            CardToken::Year4 => out.push_str(&year.to_string()),
            CardToken::Year2 => out.push_str(&format!("{:02}", year % 100)),
            CardToken::Seq(n) => {
                let digits = seq.to_string();
                if seq < 0 || digits.len() > *n {
                    return Err(card_error(format!(
                        "序号{seq}超出{{SEQ:{n}}}的{n}位，请加大会员证号规则中的序号位数"
                    )));
                }
                out.push_str(&format!("{seq:0>n$}"));
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Roster import (花名册)

/// A column of the roster spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Name,
    DocType,
    IdNumber,
    Mobile,
    Gender,
    Ethnicity,
    BirthDate,
    JoinDate,
    Group,
    DuesBase,
    Education,
    Political,
    Employment,
    Post,
    CardNumber,
}

impl Column {
    pub const ALL: [Column; 15] = [
        Column::Name,
        Column::DocType,
        Column::IdNumber,
        Column::Mobile,
        Column::Gender,
        Column::Ethnicity,
        Column::BirthDate,
        Column::JoinDate,
        Column::Group,
        Column::DuesBase,
        Column::Education,
        Column::Political,
        Column::Employment,
        Column::Post,
        Column::CardNumber,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::DocType => "doc_type",
            Column::IdNumber => "id_number",
            Column::Mobile => "mobile",
            Column::Gender => "gender",
            Column::Ethnicity => "ethnicity",
            Column::BirthDate => "birth_date",
            Column::JoinDate => "join_date",
            Column::Group => "group",
            Column::DuesBase => "dues_base",
            Column::Education => "education",
            Column::Political => "political",
            Column::Employment => "employment",
            Column::Post => "post",
            Column::CardNumber => "card_number",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The canonical Chinese header (as in the template).
    pub fn label(self) -> &'static str {
        match self {
            Column::Name => "姓名",
            Column::DocType => "证件类型",
            Column::IdNumber => "身份证号",
            Column::Mobile => "手机号",
            Column::Gender => "性别",
            Column::Ethnicity => "民族",
            Column::BirthDate => "出生日期",
            Column::JoinDate => "入会时间",
            Column::Group => "所在小组",
            Column::DuesBase => "会费基数",
            Column::Education => "学历",
            Column::Political => "政治面貌",
            Column::Employment => "用工形式",
            Column::Post => "岗位",
            Column::CardNumber => "会员证号",
        }
    }

    /// Headers seen in real rosters, after normalisation.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Column::Name => &["姓名", "名字", "职工姓名", "会员姓名"],
            Column::DocType => &["证件类型", "证件种类"],
            Column::IdNumber => &[
                "身份证号",
                "身份证号码",
                "证件号码",
                "证件号",
                "身份证",
                "公民身份号码",
                "身份证件号码",
                "公民身份证号码",
            ],
            Column::Mobile => {
                &["手机", "手机号", "手机号码", "联系电话", "电话", "联系方式", "移动电话", "联系手机"]
            }
            Column::Gender => &["性别"],
            Column::Ethnicity => &["民族"],
            Column::BirthDate => &["出生日期", "出生年月", "生日", "出生年月日"],
            Column::JoinDate => &["入会时间", "入会日期", "入会年月"],
            Column::Group => &["部门", "小组", "所在小组", "工会小组", "所在部门", "班组", "所在单位部门"],
            Column::DuesBase => &["会费基数", "工资", "月工资", "基本工资", "缴费基数", "工资基数"],
            Column::Education => &["学历", "文化程度", "最高学历"],
            Column::Political => &["政治面貌"],
            Column::Employment => &["用工形式", "用工性质"],
            Column::Post => &["岗位", "职务", "岗位职务"],
            Column::CardNumber => &["会员证号", "会员证号码", "会员证编号"],
        }
    }
}

/// Removes bracketed notes ("（必填）", "(元)", "【…】", "[…]") and returns
/// what is left.
fn strip_bracket_notes(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '（' | '【' | '[' | '〔' => depth += 1,
            ')' | '）' | '】' | ']' | '〕' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Maps a header cell to its column: whitespace (full-width too), `*` / `＊`
/// and bracketed notes are dropped before looking up the known synonyms.
pub fn column_for_header(header: &str) -> Option<Column> {
    let cleaned: String = header.chars().filter(|&c| !is_blank(c) && c != '*' && c != '＊').collect();
    let cleaned = strip_bracket_notes(&cleaned);
    let cleaned = cleaned.trim_end_matches([':', '：']);
    if cleaned.is_empty() {
        return None;
    }
    Column::ALL.into_iter().find(|c| c.synonyms().contains(&cleaned))
}

/// How many leading rows may hold the header (titles and notes above it).
const HEADER_SEARCH_ROWS: usize = 20;

/// Finds the header row among the first 20 rows: the first that maps the name
/// column and at least one more (a merged title row above is skipped).
/// Returns its index and each cell's column; when two cells map to the same
/// column only the first counts, the other is left unmapped.
/// Words that mark a roster's sign-off line (制表人：…, 审核：…, 日期：…).
const FOOTER_WORDS: [&str; 5] = ["制表", "审核", "日期", "填表", "负责人"];

/// Whether a row is a sign-off footer: one non-empty cell naming 制表,
/// 审核, 日期 or the like ("制表人：李秀英  审核：王建国").
pub fn is_footer_row(cells: &[String]) -> bool {
    let mut filled = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty());
    match (filled.next(), filled.next()) {
        (Some(only), None) => FOOTER_WORDS.iter().any(|w| only.contains(w)),
        _ => false,
    }
}

/// How many of the rows at the end are sign-off footers (only those after
/// the last data row count: a one-cell row among the data stays data).
pub fn trailing_footer_rows(rows: &[Vec<String>]) -> usize {
    rows.iter().rev().take_while(|r| is_footer_row(r)).count()
}

pub fn find_header_row(rows: &[Vec<String>]) -> Option<(usize, Vec<Option<Column>>)> {
    rows.iter().take(HEADER_SEARCH_ROWS).enumerate().find_map(|(i, row)| {
        let mut seen = HashSet::new();
        let columns: Vec<Option<Column>> =
            row.iter().map(|cell| column_for_header(cell).filter(|c| seen.insert(*c))).collect();
        (seen.contains(&Column::Name) && seen.len() >= 2).then_some((i, columns))
    })
}

/// One validated roster row, ready to be matched against existing members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberDraft {
    pub name: String,
    pub id: IdNumber,
    pub mobile: Option<String>,
    pub gender: Option<Gender>,
    pub ethnicity: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub join_date: Option<NaiveDate>,
    pub group_name: Option<String>,
    pub dues_base_fen: Option<i64>,
    pub education: Option<String>,
    pub political: Option<String>,
    pub employment: Option<String>,
    pub post: Option<String>,
    pub card_number: Option<String>,
}

const DRAFT_TEXT_CHARS: usize = 50;

/// Validates one imported row. Errors carry the column's `as_str` as field
/// and name its Chinese label; gender and birth date default to what the ID
/// says and must agree with it when given.
pub fn draft_from_row(cells: &[(Column, String)], today: NaiveDate) -> Result<MemberDraft, DomainError> {
    // The first non-empty cell of each column.
    let get = |col: Column| -> &str {
        cells.iter().find(|(c, v)| *c == col && !v.trim().is_empty()).map(|(_, v)| v.as_str()).unwrap_or("")
    };
    let text_of = |col: Column| text::line(col.as_str(), col.label(), get(col), DRAFT_TEXT_CHARS);

    let name = text::required_line(
        Column::Name.as_str(),
        Column::Name.label(),
        get(Column::Name),
        DRAFT_TEXT_CHARS,
    )?;

    let doc_type = match get(Column::DocType).trim() {
        "" => DocType::ResidentId,
        s => DocType::parse(s).ok_or_else(|| {
            DomainError::field(
                ErrorCode::InvalidValue,
                Column::DocType.as_str(),
                format!("证件类型“{s}”无法识别，应为居民身份证、港澳台居民居住证或护照"),
            )
        })?,
    };
    let id = parse_id_number(doc_type, get(Column::IdNumber), today)?;

    let gender = match get(Column::Gender).trim() {
        "" => None,
        s => Some(Gender::parse(s).ok_or_else(|| {
            DomainError::field(
                ErrorCode::InvalidValue,
                Column::Gender.as_str(),
                format!("性别“{s}”无法识别，应填写男或女"),
            )
        })?),
    };
    let birth = match get(Column::BirthDate).trim() {
        "" => None,
        s => Some(parse_date_precise(s).ok_or_else(|| {
            DomainError::field(
                ErrorCode::InvalidDate,
                Column::BirthDate.as_str(),
                format!("出生日期“{s}”不是有效日期"),
            )
        })?),
    };
    check_matches_id(&id, gender, None)?;
    if let (Some(from_id), Some((given, precision))) = (id.birth_date, birth) {
        let agrees = match precision {
            Precision::Day => from_id == given,
            Precision::Month => (from_id.year(), from_id.month()) == (given.year(), given.month()),
        };
        if !agrees {
            return Err(birth_mismatch(id.doc_type.number_label(), from_id, get(Column::BirthDate).trim()));
        }
    }
    let gender = gender.or(id.gender);
    let birth_date = id.birth_date.or(birth.map(|(d, _)| d));
    if let Some(b) = birth_date
        && b > today
    {
        return Err(DomainError::field(
            ErrorCode::InvalidDate,
            Column::BirthDate.as_str(),
            "出生日期不能晚于今天",
        ));
    }

    let mobile = match get(Column::Mobile).trim() {
        "" => None,
        s => Some(parse_mobile(s)?),
    };

    let join_date = match get(Column::JoinDate).trim() {
        "" => None,
        s => Some(parse_date_flexible(s).ok_or_else(|| {
            DomainError::field(
                ErrorCode::InvalidDate,
                Column::JoinDate.as_str(),
                format!("入会时间“{s}”不是有效日期"),
            )
        })?),
    };
    if let Some(j) = join_date {
        if j > today {
            return Err(DomainError::field(
                ErrorCode::InvalidDate,
                Column::JoinDate.as_str(),
                "入会时间不能晚于今天",
            ));
        }
        if let Some(b) = birth_date
            && j < b
        {
            return Err(DomainError::field(
                ErrorCode::InvalidDate,
                Column::JoinDate.as_str(),
                "入会时间不能早于出生日期",
            ));
        }
    }

    let dues_base_fen =
        parse_money_fen(Column::DuesBase.as_str(), Column::DuesBase.label(), get(Column::DuesBase))?;

    Ok(MemberDraft {
        name,
        id,
        mobile,
        gender,
        ethnicity: text_of(Column::Ethnicity)?,
        birth_date,
        join_date,
        group_name: text_of(Column::Group)?,
        dues_base_fen,
        education: text_of(Column::Education)?,
        political: text_of(Column::Political)?,
        employment: text_of(Column::Employment)?,
        post: text_of(Column::Post)?,
        card_number: text_of(Column::CardNumber)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn today() -> NaiveDate {
        d(2026, 11, 21)
    }

    /// A published example resident ID (a woman born 1949-12-31).
    const PUBLISHED: &str = "11010519491231002X";
    /// Check characters computed by hand with the GB 11643-1999 weights.
    const MAN_1990: &str = "110101199003071233";
    const WOMAN_1985: &str = "440304198503022624";

    fn id(input: &str) -> Result<IdNumber, DomainError> {
        parse_id_number(DocType::ResidentId, input, today())
    }

    fn id_err(doc: DocType, input: &str) -> DomainError {
        let e = parse_id_number(doc, input, today()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("id_number"), "{e}");
        e
    }

    #[test]
    fn check_char_matches_the_standard() {
        assert_eq!(id_check_char("11010519491231002"), Some('X'));
        assert_eq!(id_check_char("11010119900307123"), Some('3'));
        assert_eq!(id_check_char("44030419850302262"), Some('4'));
        assert_eq!(id_check_char("1101011990030712"), None);
        assert_eq!(id_check_char("1101011990030712a"), None);
    }

    #[test]
    fn published_id_parses_with_birth_date_and_gender() {
        let v = id(PUBLISHED).unwrap();
        assert_eq!(v.doc_type, DocType::ResidentId);
        assert_eq!(v.value, PUBLISHED);
        assert_eq!(v.birth_date, Some(d(1949, 12, 31)));
        assert_eq!(v.gender, Some(Gender::Female));
        let m = id(MAN_1990).unwrap();
        assert_eq!(m.birth_date, Some(d(1990, 3, 7)));
        assert_eq!(m.gender, Some(Gender::Male));
        assert_eq!(id(WOMAN_1985).unwrap().gender, Some(Gender::Female));
        // A leap day is a real birth date.
        assert_eq!(id("510107200002290512").unwrap().birth_date, Some(d(2000, 2, 29)));
    }

    #[test]
    fn id_accepts_spaces_full_width_and_lower_case_x() {
        for input in [
            " 11010519491231002x ",
            "110105 19491231 002X",
            "１１０１０５１９４９１２３１００２Ｘ",
            "１１０１０５\u{3000}１９４９１２３１００２ｘ",
            "'11010519491231002X",
        ] {
            assert_eq!(id(input).unwrap().value, PUBLISHED, "{input}");
        }
    }

    #[test]
    fn excel_mangled_ids_are_explained_not_guessed() {
        for input in ["1.10105E+17", "1.10105e+17", "110105194912310000.0", "4.40304E+17"] {
            let e = id_err(DocType::ResidentId, input);
            assert_eq!(e.code, ErrorCode::InvalidIdNumber);
            assert!(e.message.contains("Excel"), "{}", e.message);
            assert!(e.message.contains("丢失"), "{}", e.message);
            assert!(e.message.contains("文本"), "{}", e.message);
        }
        // Shown in full, the number Excel kept ends in zeros: the check fails
        // and the message mentions Excel too.
        let e = id_err(DocType::ResidentId, "110105194912310000");
        assert!(e.message.contains("校验码") && e.message.contains("Excel"), "{}", e.message);
    }

    #[test]
    fn id_errors_say_exactly_what_is_wrong() {
        let msg = |s: &str| id_err(DocType::ResidentId, s).message;
        assert_eq!(msg("110105491231002"), "身份证号是15位的旧号码，请填写18位的新身份证号");
        assert_eq!(msg("1101051949123100"), "身份证号应为18位，现在是16位");
        assert_eq!(msg("1101051949123100200"), "身份证号应为18位，现在是19位");
        assert_eq!(msg("110105194912O1002X"), "身份证号第13位“O”不是数字");
        assert_eq!(msg("11010519491231002A"), "身份证号第18位（校验码）只能是数字或X，现在是“A”");
        assert!(msg("110105194912310021").contains("校验码不正确"));
        assert_eq!(msg("110105198502300012"), "身份证号第7到14位的出生日期“19850230”不是有效日期");
        assert!(msg("110105189912310012").contains("早于1900年"));
        assert!(msg("110105202712310012").contains("晚于今天"));
        let e = id_err(DocType::ResidentId, "  ");
        assert_eq!((e.code, e.message.as_str()), (ErrorCode::Required, "身份证号不能为空"));
    }

    #[test]
    fn birth_date_bounds_are_inclusive() {
        let first = format!("11010519000101001{}", id_check_char("11010519000101001").unwrap());
        assert_eq!(id(&first).unwrap().birth_date, Some(d(1900, 1, 1)));
        let body = "11010520261121001";
        let born_today = format!("{body}{}", id_check_char(body).unwrap());
        assert_eq!(id(&born_today).unwrap().birth_date, Some(today()));
    }

    #[test]
    fn hmt_permits_need_their_prefix() {
        for (v, gender) in [
            ("810000199001010019", Gender::Male),
            ("820000199212120025", Gender::Female),
            ("830000198010100031", Gender::Male),
        ] {
            let p = parse_id_number(DocType::HmtPermit, v, today()).unwrap();
            assert_eq!(p.value, v);
            assert_eq!(p.gender, Some(gender));
        }
        let e = id_err(DocType::HmtPermit, PUBLISHED);
        assert!(e.message.contains("810000（香港）"), "{}", e.message);
        assert!(e.message.starts_with("港澳台居民居住证号码"));
        assert!(id_err(DocType::HmtPermit, "810000199001010018").message.contains("校验码"));
        assert!(id_err(DocType::HmtPermit, "1.10105E+17").message.contains("Excel"));
    }

    #[test]
    fn passports_are_letters_and_digits() {
        let p = parse_id_number(DocType::Passport, " e 1234 5678 ", today()).unwrap();
        assert_eq!(p.value, "E12345678");
        assert_eq!((p.birth_date, p.gender), (None, None));
        assert!(parse_id_number(DocType::Passport, "K1234", today()).is_ok());
        assert!(id_err(DocType::Passport, "K123").message.contains("5到20位"));
        assert!(id_err(DocType::Passport, &"A".repeat(21)).message.contains("现在是21位"));
        assert_eq!(id_err(DocType::Passport, "E1234-5678").message, "护照号码第6位“-”不是字母或数字");
    }

    #[test]
    fn debug_output_masks_the_number() {
        let shown = format!("{:?}", id(PUBLISHED).unwrap());
        assert!(!shown.contains(PUBLISHED), "{shown}");
        assert!(shown.contains("110***********002X"), "{shown}");
    }

    #[test]
    fn masking_keeps_three_and_four_or_the_last_two() {
        assert_eq!(mask_id("110101199003071234"), "110***********1234");
        assert_eq!(mask_id(PUBLISHED), "110***********002X");
        assert_eq!(mask_id("E12345678"), "E12**5678");
        assert_eq!(mask_id("K1234567"), "******67");
        assert_eq!(mask_id("K1234"), "***34");
        assert_eq!(mask_id(""), "");
        assert_eq!(id_tail(PUBLISHED), "002X");
        assert_eq!(id_tail("11010519491231002x"), "002X");
        assert_eq!(id_tail("ab"), "AB");
    }

    #[test]
    fn doc_type_and_gender_parse_codes_and_chinese() {
        for t in DocType::ALL {
            assert_eq!(DocType::parse(t.as_str()), Some(t));
            assert_eq!(DocType::parse(t.label()), Some(t));
        }
        assert_eq!(DocType::parse(" 身份证 "), Some(DocType::ResidentId));
        assert_eq!(DocType::parse("港澳台居住证"), Some(DocType::HmtPermit));
        assert_eq!(DocType::parse("驾驶证"), None);
        for (s, g) in [("男", Gender::Male), ("male", Gender::Male), ("m", Gender::Male), ("M", Gender::Male)]
        {
            assert_eq!(Gender::parse(s), Some(g), "{s}");
        }
        for s in ["女", "female", "f", "F", " 女 ", "Female"] {
            assert_eq!(Gender::parse(s), Some(Gender::Female), "{s}");
        }
        assert_eq!(Gender::parse("未知"), None);
        assert_eq!((Gender::Male.label(), Gender::Female.as_str()), ("男", "female"));
    }

    #[test]
    fn typed_gender_and_birth_date_must_agree_with_the_id() {
        let woman = id(PUBLISHED).unwrap();
        assert!(check_matches_id(&woman, Some(Gender::Female), Some(d(1949, 12, 31))).is_ok());
        assert!(check_matches_id(&woman, None, None).is_ok());
        let e = check_matches_id(&woman, Some(Gender::Male), None).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::IdMismatch, Some("gender")));
        assert!(e.message.contains("身份证号显示为女"), "{}", e.message);
        let e = check_matches_id(&woman, None, Some(d(1949, 12, 30))).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("birth_date"));
        assert!(e.message.contains("身份证号显示为1949年12月31日"), "{}", e.message);
        let passport = parse_id_number(DocType::Passport, "E12345678", today()).unwrap();
        assert!(check_matches_id(&passport, Some(Gender::Male), Some(d(1980, 1, 1))).is_ok());
    }

    #[test]
    fn mobiles_are_normalised() {
        for input in [
            "13800138000",
            " 138 0013 8000 ",
            "138-0013-8000",
            "138.0013.8000",
            "(138)00138000",
            "１３８００１３８０００",
            "+86 138 0013 8000",
            "+86-13800138000",
            "008613800138000",
            "8613800138000",
            "（+86）13800138000",
        ] {
            assert_eq!(parse_mobile(input).unwrap(), "13800138000", "{input}");
        }
        assert_eq!(parse_mobile("19912345678").unwrap(), "19912345678");
    }

    #[test]
    fn bad_mobiles_name_the_fault() {
        let err = |s: &str| {
            let e = parse_mobile(s).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("mobile"));
            e
        };
        assert_eq!(err("1380013800").message, "手机号应为11位数字，现在是10位");
        assert_eq!(err("1380013800a").code, ErrorCode::InvalidMobile);
        assert!(err("1380013800a").message.contains("“a”不是数字"));
        assert!(err("12800138000").message.contains("13到19开头"));
        assert!(err("01012345678").message.contains("13到19开头"));
        assert!(err("1.38001E+10").message.contains("Excel"));
        assert_eq!(err(" ").code, ErrorCode::Required);
        // 86 is a country code only in front of a full 11-digit number.
        assert!(err("86138001380").message.contains("13到19开头"));
    }

    #[test]
    fn every_date_format_offices_use() {
        let march2 = Some(d(1985, 3, 2));
        for s in [
            "1985-03-02",
            "1985-3-2",
            "1985/3/2",
            "1985/03/02",
            "1985年3月2日",
            "1985年03月02日",
            "1985年3月2号",
            "19850302",
            "1985.03.02",
            "1985.3.2",
            "1985-03-02 00:00:00",
            "1985-03-02T00:00:00",
            " １９８５－０３－０２ ",
        ] {
            assert_eq!(parse_date_flexible(s), march2, "{s}");
        }
        assert_eq!(parse_date_flexible("2020.9.1"), Some(d(2020, 9, 1)));
        for s in ["1985-03", "1985年3月", "198503", "1985.3", "1985/03"] {
            assert_eq!(parse_date_flexible(s), Some(d(1985, 3, 1)), "{s}");
        }
        for s in [
            "1985-02-30",
            "19850230",
            "1985-13",
            "198513",
            "85-03-02",
            "1985-03/02",
            "1985-003-02",
            "03/02/1985",
            "2023-02-29",
            "",
            "不详",
            "1985",
            "31109",
        ] {
            assert_eq!(parse_date_flexible(s), None, "{s}");
        }
        assert_eq!(parse_date_flexible("2024-02-29"), Some(d(2024, 2, 29)));
    }

    #[test]
    fn money_is_read_in_fen() {
        let fen = |s: &str| parse_money_fen("dues_base", "会费基数", s).unwrap();
        assert_eq!(fen("5000"), Some(500_000));
        assert_eq!(fen("5,000.50"), Some(500_050));
        assert_eq!(fen("５０００"), Some(500_000));
        assert_eq!(fen("5000元"), Some(500_000));
        assert_eq!(fen("￥5000"), Some(500_000));
        assert_eq!(fen("¥ 5,000.5"), Some(500_050));
        assert_eq!(fen("4800.00"), Some(480_000));
        assert_eq!(fen("4800.500"), Some(480_050));
        assert_eq!(fen("0.01"), Some(1));
        assert_eq!(fen("10000000"), Some(1_000_000_000));
        assert_eq!(fen(""), None);
        assert_eq!(fen("  "), None);
    }

    #[test]
    fn bad_money_names_the_field() {
        let err = |s: &str| {
            let e = parse_money_fen("dues_base", "会费基数", s).unwrap_err();
            assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidMoney, Some("dues_base")));
            e.message
        };
        assert_eq!(err("-5000"), "会费基数不能为负数");
        assert!(err("5000.123").contains("两位小数"));
        assert!(err("10000000.01").contains("1000万元"));
        assert!(err("99999999999999999999").contains("1000万元"));
        assert!(err("五千").contains("不是有效金额"));
        assert!(err("5000.5.5").contains("不是有效金额"));
        assert!(err(".5").contains("不是有效金额"));
    }

    #[test]
    fn status_codes_labels_and_flags() {
        for s in MemberStatus::ALL {
            assert_eq!(MemberStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(MemberStatus::TransferredOut.as_str(), "transferred_out");
        assert_eq!(MemberStatus::Retained.label(), "保留会籍");
        let holding: Vec<_> = MemberStatus::ALL.into_iter().filter(|s| s.holds_membership()).collect();
        assert_eq!(holding, [MemberStatus::Active, MemberStatus::Retained]);
        let paying: Vec<_> = MemberStatus::ALL.into_iter().filter(|s| s.pays_dues()).collect();
        assert_eq!(paying, [MemberStatus::Active]);
    }

    #[test]
    fn status_changes_follow_the_lifecycle() {
        use MemberStatus::*;
        let allowed = [
            (Applying, Active),
            (Applying, Declined),
            (Active, Retained),
            (Active, Withdrawn),
            (Active, Expelled),
            (Active, Deceased),
            (Active, TransferredOut),
            (Active, Merged),
            (Retained, Active),
            (Retained, Withdrawn),
            (Retained, Expelled),
            (Retained, Deceased),
            (Retained, TransferredOut),
            (Retained, Merged),
        ];
        for from in MemberStatus::ALL {
            for to in MemberStatus::ALL {
                let ok = check_status_change(from, to).is_ok();
                assert_eq!(ok, allowed.contains(&(from, to)), "{from:?} → {to:?}");
            }
        }
        let e = check_status_change(Applying, Retained).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidStatusChange, Some("status")));
        assert_eq!(e.message, "会员状态不能从“申请中”直接改为“保留会籍”");
        let e = check_status_change(Withdrawn, Active).unwrap_err();
        assert!(e.message.contains("“退会”") && e.message.contains("“在籍”") && e.message.contains("重新"));
        assert!(check_status_change(Active, Active).unwrap_err().message.contains("已是“在籍”"));
    }

    #[test]
    fn reasons_are_needed_for_leaving_and_retaining() {
        use MemberStatus::*;
        let needs: Vec<_> =
            MemberStatus::ALL.into_iter().filter(|s| status_change_needs_reason(*s)).collect();
        assert_eq!(needs, [Retained, Withdrawn, Expelled, Deceased, Declined]);
        assert!(TransferredOut.set_by_system_only() && Merged.set_by_system_only());
        assert!(!Withdrawn.set_by_system_only());
    }

    #[test]
    fn sign_off_rows_at_the_end_are_footers() {
        let row = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<String>>();
        assert!(is_footer_row(&row(&["制表人：李秀英", "", " "])));
        assert!(is_footer_row(&row(&["", "审核：王建国 日期：2026-12-01"])));
        assert!(!is_footer_row(&row(&["李秀英", "350102199001011234"])));
        assert!(!is_footer_row(&row(&["李秀英"])));
        assert!(!is_footer_row(&row(&["制表人：李秀英", "王建国"])));
        let rows = vec![
            row(&["姓名", "身份证号"]),
            row(&["日期：2026年"]),
            row(&["张三", "350102199001011234"]),
            row(&[""]),
            row(&["制表：李秀英"]),
            row(&["审核：王建国"]),
        ];
        // Empty rows are dropped before: here only the last two count.
        assert_eq!(trailing_footer_rows(&rows), 2);
        assert_eq!(trailing_footer_rows(&rows[..3]), 0);
    }

    #[test]
    fn pinyin_keys_for_common_and_surname_readings() {
        let keys = |s: &str| pinyin_keys(s);
        assert_eq!(keys("张三"), ("zhangsan".into(), "zs".into()));
        assert_eq!(keys("欧阳娜娜"), ("ouyangnana".into(), "oynn".into()));
        assert_eq!(keys("单雄信"), ("shanxiongxin".into(), "sxx".into()));
        assert_eq!(keys("曾国藩"), ("zengguofan".into(), "zgf".into()));
        assert_eq!(keys("解缙"), ("xiejin".into(), "xj".into()));
        assert_eq!(keys("仇英"), ("qiuying".into(), "qy".into()));
        assert_eq!(keys("朴树"), ("piaoshu".into(), "ps".into()));
        assert_eq!(keys("查良镛").0, "zhaliangyong");
        assert_eq!(keys("区家麟").0, "oujialin");
        assert_eq!(keys("盖叫天").0, "gejiaotian");
        assert_eq!(keys("秘书").0, "bishu");
        assert_eq!(keys("黑明").0, "heiming");
        assert_eq!(keys("长孙无忌"), ("zhangsunwuji".into(), "zswj".into()));
        assert_eq!(keys("尉迟恭"), ("yuchigong".into(), "ycg".into()));
        assert_eq!(keys("尉缭").0, "weiliao");
        // Only the first character is a surname: 单 inside a name keeps its
        // common reading.
        assert_eq!(keys("王单").0, "wangdan");
        assert_eq!(keys("吕绿").0, "lvlv");
    }

    #[test]
    fn pinyin_keys_keep_ascii_and_drop_the_rest() {
        assert_eq!(pinyin_keys("买买提·艾力"), ("maimaitiaili".into(), "mmtal".into()));
        assert_eq!(pinyin_keys(" 张三2 "), ("zhangsan2".into(), "zs2".into()));
        assert_eq!(pinyin_keys("John Smith"), ("johnsmith".into(), "js".into()));
        assert_eq!(pinyin_keys("Ｌｉ 李"), ("lili".into(), "ll".into()));
        assert_eq!(pinyin_keys("!?"), (String::new(), String::new()));
    }

    #[test]
    fn card_numbers_render_from_patterns() {
        assert_eq!(render_card_number("GH{YYYY}{SEQ:6}", 2026, 42).unwrap(), "GH2026000042");
        assert_eq!(render_card_number("{YY}-{SEQ:4}", 2026, 7).unwrap(), "26-0007");
        assert_eq!(render_card_number("京工{yyyy}{seq:3}号", 2026, 999).unwrap(), "京工2026999号");
        assert_eq!(render_card_number("{SEQ:1}", 2026, 0).unwrap(), "0");
        assert_eq!(render_card_number("A{SEQ:10}", 2026, 9_999_999_999).unwrap(), "A9999999999");
        assert!(check_card_pattern("HY-{YYYY}-{SEQ:5}").is_ok());
    }

    #[test]
    fn bad_card_patterns_are_refused() {
        let err = |p: &str| {
            let e = check_card_pattern(p).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("card_pattern"));
            e
        };
        assert!(err("GH{YYYY}").message.contains("必须包含"));
        assert!(err("{SEQ:3}{SEQ:3}").message.contains("只能包含一个"));
        assert!(err("{MM}{SEQ:3}").message.contains("无法识别"));
        assert!(err("{SEQ:0}").message.contains("1到10"));
        assert!(err("{SEQ:11}").message.contains("1到10"));
        assert!(err("{SEQ:x}").message.contains("1到10"));
        assert!(err("{YYYY{SEQ:3}}").message.contains("不成对"));
        assert!(err("{YYYY}{SEQ:3").message.contains("不成对"));
        assert!(err("GH}{SEQ:3}").message.contains("不成对"));
        assert!(err("GH {SEQ:3}").message.contains("空格"));
        assert!(err(&format!("{}{{SEQ:10}}", "X".repeat(23))).message.contains("最多32个"));
        assert!(check_card_pattern(&format!("{}{{SEQ:10}}", "X".repeat(22))).is_ok());
        assert_eq!(err("").code, ErrorCode::Required);
        let e = render_card_number("GH{SEQ:3}", 2026, 1000).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidCardPattern);
        assert!(e.message.contains("序号1000"), "{}", e.message);
        assert!(render_card_number("GH{SEQ:3}", 2026, -1).is_err());
        assert!(render_card_number("GH{YYYY}{SEQ:3}", 12026, 1).is_err());
    }

    #[test]
    fn columns_have_codes_and_canonical_headers() {
        let mut seen = HashSet::new();
        for c in Column::ALL {
            assert_eq!(Column::parse(c.as_str()), Some(c));
            assert_eq!(column_for_header(c.label()), Some(c), "{}", c.label());
            assert!(seen.insert(c.as_str()));
        }
        assert_eq!(Column::DuesBase.label(), "会费基数");
        assert_eq!(Column::IdNumber.as_str(), "id_number");
    }

    #[test]
    fn headers_are_normalised_before_matching() {
        for (h, c) in [
            (" 姓 名 ", Column::Name),
            ("姓\u{3000}名", Column::Name),
            ("*姓名", Column::Name),
            ("＊姓名（必填）", Column::Name),
            ("身份证号码(必填)", Column::IdNumber),
            ("会费基数（元）", Column::DuesBase),
            ("工资(元)", Column::DuesBase),
            ("手机号【11位】", Column::Mobile),
            ("证件号码[身份证]", Column::IdNumber),
            ("入会时间\n（年月）", Column::JoinDate),
            ("性别：", Column::Gender),
        ] {
            assert_eq!(column_for_header(h), Some(c), "{h:?}");
        }
        for h in ["序号", "", "备注", "（必填）", "姓名及身份证号"] {
            assert_eq!(column_for_header(h), None, "{h:?}");
        }
    }

    #[test]
    fn every_synonym_family_maps() {
        let families: [(Column, &[&str]); 15] = [
            (Column::Name, &["姓名", "名字", "职工姓名", "会员姓名"]),
            (Column::IdNumber, &["身份证号", "身份证号码", "证件号码", "证件号", "身份证", "公民身份号码"]),
            (Column::DocType, &["证件类型"]),
            (Column::Mobile, &["手机", "手机号", "手机号码", "联系电话", "电话", "联系方式", "移动电话"]),
            (Column::Gender, &["性别"]),
            (Column::Ethnicity, &["民族"]),
            (Column::BirthDate, &["出生日期", "出生年月", "生日"]),
            (Column::JoinDate, &["入会时间", "入会日期", "入会年月"]),
            (Column::Group, &["部门", "小组", "所在小组", "工会小组", "所在部门", "班组", "所在单位部门"]),
            (Column::DuesBase, &["会费基数", "工资", "月工资", "基本工资", "缴费基数", "工资基数"]),
            (Column::Education, &["学历", "文化程度"]),
            (Column::Political, &["政治面貌"]),
            (Column::Employment, &["用工形式", "用工性质"]),
            (Column::Post, &["岗位", "职务"]),
            (Column::CardNumber, &["会员证号", "会员证号码"]),
        ];
        for (column, headers) in families {
            for h in headers {
                assert_eq!(column_for_header(h), Some(column), "{h}");
            }
        }
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn header_row_is_found_below_a_merged_title() {
        let rows = vec![
            row(&["2026年某公司工会会员花名册", "", "", "", ""]),
            row(&["填报单位：某公司工会", "", "", "", "填报日期：2026年11月"]),
            row(&["序号", "姓名*", "身份证号码", "联系电话", "备注"]),
            row(&["1", "张三", MAN_1990, "13800138000", ""]),
        ];
        let (i, columns) = find_header_row(&rows).unwrap();
        assert_eq!(i, 2);
        assert_eq!(columns, [None, Some(Column::Name), Some(Column::IdNumber), Some(Column::Mobile), None]);
    }

    #[test]
    fn header_row_needs_the_name_and_one_more_column() {
        // A note that mentions 姓名 alone is not the header.
        let rows = vec![row(&["姓名"]), row(&["身份证号", "手机号"]), row(&["姓名", "性别", "电话", "手机"])];
        let (i, columns) = find_header_row(&rows).unwrap();
        assert_eq!(i, 2);
        // The second mobile column is left unmapped rather than read twice.
        assert_eq!(columns, [Some(Column::Name), Some(Column::Gender), Some(Column::Mobile), None]);
        assert_eq!(find_header_row(&[row(&["身份证号", "手机号"])]), None);
        assert_eq!(find_header_row(&[]), None);
        let mut late: Vec<Vec<String>> = (0..20).map(|_| row(&["说明"])).collect();
        late.push(row(&["姓名", "性别"]));
        assert_eq!(find_header_row(&late), None);
    }

    fn cells(pairs: &[(Column, &str)]) -> Vec<(Column, String)> {
        pairs.iter().map(|(c, v)| (*c, v.to_string())).collect()
    }

    fn full_row() -> Vec<(Column, String)> {
        cells(&[
            (Column::Name, " 李秀英 "),
            (Column::DocType, "居民身份证"),
            (Column::IdNumber, "440304198503022624"),
            (Column::Mobile, "138 0013 8000"),
            (Column::Gender, "女"),
            (Column::Ethnicity, "汉族"),
            (Column::BirthDate, "1985年3月2日"),
            (Column::JoinDate, "2010.9.1"),
            (Column::Group, "生产一班"),
            (Column::DuesBase, "5,000.50"),
            (Column::Education, "本科"),
            (Column::Political, "中共党员"),
            (Column::Employment, "在岗"),
            (Column::Post, "质检员"),
            (Column::CardNumber, "GH2010000123"),
        ])
    }

    #[test]
    fn a_full_row_becomes_a_draft() {
        let draft = draft_from_row(&full_row(), today()).unwrap();
        assert_eq!(draft.name, "李秀英");
        assert_eq!(draft.id.value, WOMAN_1985);
        assert_eq!(draft.mobile.as_deref(), Some("13800138000"));
        assert_eq!(draft.gender, Some(Gender::Female));
        assert_eq!(draft.ethnicity.as_deref(), Some("汉族"));
        assert_eq!(draft.birth_date, Some(d(1985, 3, 2)));
        assert_eq!(draft.join_date, Some(d(2010, 9, 1)));
        assert_eq!(draft.group_name.as_deref(), Some("生产一班"));
        assert_eq!(draft.dues_base_fen, Some(500_050));
        assert_eq!(draft.education.as_deref(), Some("本科"));
        assert_eq!(draft.political.as_deref(), Some("中共党员"));
        assert_eq!(draft.employment.as_deref(), Some("在岗"));
        assert_eq!(draft.post.as_deref(), Some("质检员"));
        assert_eq!(draft.card_number.as_deref(), Some("GH2010000123"));
    }

    #[test]
    fn a_minimal_row_takes_gender_and_birth_date_from_the_id() {
        let draft =
            draft_from_row(&cells(&[(Column::Name, "张三"), (Column::IdNumber, MAN_1990)]), today()).unwrap();
        assert_eq!(draft.id.doc_type, DocType::ResidentId);
        assert_eq!(draft.gender, Some(Gender::Male));
        assert_eq!(draft.birth_date, Some(d(1990, 3, 7)));
        assert_eq!((draft.mobile, draft.join_date, draft.dues_base_fen), (None, None, None));
        // 出生年月 gives only the month: it must agree with the ID, which
        // supplies the day.
        let row =
            cells(&[(Column::Name, "张三"), (Column::IdNumber, MAN_1990), (Column::BirthDate, "1990.03")]);
        assert_eq!(draft_from_row(&row, today()).unwrap().birth_date, Some(d(1990, 3, 7)));
        // An empty duplicate column does not hide a filled one.
        let row = cells(&[
            (Column::Name, "张三"),
            (Column::IdNumber, MAN_1990),
            (Column::Mobile, ""),
            (Column::Mobile, "13800138000"),
        ]);
        assert_eq!(draft_from_row(&row, today()).unwrap().mobile.as_deref(), Some("13800138000"));
    }

    #[test]
    fn passport_rows_keep_the_typed_gender_and_birth_date() {
        let row = cells(&[
            (Column::Name, "John Smith"),
            (Column::DocType, "护照"),
            (Column::IdNumber, "E12345678"),
            (Column::Gender, "M"),
            (Column::BirthDate, "1980-01-15"),
        ]);
        let draft = draft_from_row(&row, today()).unwrap();
        assert_eq!(draft.id.doc_type, DocType::Passport);
        assert_eq!((draft.gender, draft.birth_date), (Some(Gender::Male), Some(d(1980, 1, 15))));
        let mut future = row.clone();
        future[4].1 = "2027-01-01".into();
        let e = draft_from_row(&future, today()).unwrap_err();
        assert_eq!((e.field.as_deref(), e.message.as_str()), (Some("birth_date"), "出生日期不能晚于今天"));
    }

    fn row_error(change: (Column, &str)) -> DomainError {
        let mut row = full_row();
        for cell in row.iter_mut() {
            if cell.0 == change.0 {
                cell.1 = change.1.to_owned();
            }
        }
        draft_from_row(&row, today()).unwrap_err()
    }

    #[test]
    fn row_errors_name_the_column() {
        let cases: [(Column, &str, &str, &str); 16] = [
            (Column::Name, "", "name", "姓名不能为空"),
            (Column::Name, &"张".repeat(51), "name", "姓名最多50个字"),
            (Column::DocType, "驾驶证", "doc_type", "证件类型“驾驶证”无法识别"),
            (Column::IdNumber, "", "id_number", "身份证号不能为空"),
            (Column::IdNumber, "4.40304E+17", "id_number", "Excel"),
            (Column::Gender, "男", "gender", "身份证号显示为女"),
            (Column::Gender, "未知", "gender", "性别“未知”无法识别"),
            (Column::BirthDate, "1985-02-30", "birth_date", "出生日期“1985-02-30”不是有效日期"),
            (Column::BirthDate, "1985-03-03", "birth_date", "身份证号显示为1985年3月2日"),
            (Column::BirthDate, "1985年4月", "birth_date", "出生日期“1985年4月”与身份证号不符"),
            (Column::Mobile, "1380013800", "mobile", "手机号应为11位"),
            (Column::JoinDate, "2010-13-01", "join_date", "入会时间“2010-13-01”不是有效日期"),
            (Column::JoinDate, "2027-01-01", "join_date", "入会时间不能晚于今天"),
            (Column::JoinDate, "1980-01-01", "join_date", "入会时间不能早于出生日期"),
            (Column::DuesBase, "-1", "dues_base", "会费基数不能为负数"),
            (Column::Post, &"岗".repeat(51), "post", "岗位最多50个字"),
        ];
        for (column, value, field, message) in cases {
            let e = row_error((column, value));
            assert_eq!(e.field.as_deref(), Some(field), "{column:?}: {e}");
            assert_eq!(Column::parse(field), Some(column));
            assert!(e.message.contains(message), "{column:?}: {} lacks {message}", e.message);
        }
        for column in
            [Column::Ethnicity, Column::Group, Column::Education, Column::Political, Column::Employment]
        {
            let e = row_error((column, &"长".repeat(51)));
            assert_eq!(e.field.as_deref(), Some(column.as_str()));
            assert!(e.message.starts_with(column.label()), "{}", e.message);
        }
        let e = row_error((Column::CardNumber, "GH\u{0}1"));
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::ControlCharacters, Some("card_number")));
    }

    /// A valid resident ID from its parts.
    fn make_id(region: u32, born: NaiveDate, seq: u32) -> String {
        let body = format!("{region:06}{}{seq:03}", born.format("%Y%m%d"));
        format!("{body}{}", id_check_char(&body).unwrap())
    }

    fn birth_dates() -> impl Strategy<Value = NaiveDate> {
        let days = (today() - EARLIEST_BIRTH).num_days();
        (0..=days).prop_map(|n| EARLIEST_BIRTH + chrono::Duration::days(n))
    }

    proptest! {
        #[test]
        fn valid_ids_parse_and_round_trip_mask_and_tail(
            province in proptest::sample::select(PROVINCE_CODES.to_vec()),
            area in 0u32..10_000,
            born in birth_dates(),
            seq in 0u32..1000,
        ) {
            let v = make_id(u32::from(province) * 10_000 + area, born, seq);
            let parsed = parse_id_number(DocType::ResidentId, &v.to_lowercase(), today()).unwrap();
            prop_assert_eq!(&parsed.value, &v);
            prop_assert_eq!(parsed.birth_date, Some(born));
            let male = seq % 2 == 1;
            prop_assert_eq!(parsed.gender, Some(if male { Gender::Male } else { Gender::Female }));
            let masked = mask_id(&parsed.value);
            prop_assert_eq!(masked.chars().count(), 18);
            prop_assert_eq!(&masked[..3], &v[..3]);
            prop_assert_eq!(&masked[3..14], "*".repeat(11));
            prop_assert_eq!(&masked[14..], &v[14..]);
            prop_assert_eq!(id_tail(&parsed.value), &v[14..]);
        }

        #[test]
        fn any_single_change_of_a_valid_id_is_rejected(
            region in 0u32..1_000_000,
            born in birth_dates(),
            seq in 0u32..1000,
            pos in 0usize..18,
            delta in 1u8..11,
        ) {
            let v = make_id(region, born, seq);
            let mut bytes = v.clone().into_bytes();
            let alphabet: &[u8] = if pos == 17 { b"0123456789X" } else { b"0123456789" };
            let old = alphabet.iter().position(|&b| b == bytes[pos]).unwrap();
            bytes[pos] = alphabet[(old + usize::from(delta)) % alphabet.len()];
            prop_assume!(bytes[pos] != v.as_bytes()[pos]);
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert!(parse_id_number(DocType::ResidentId, &changed, today()).is_err(), "{}", changed);
        }

        #[test]
        fn parse_mobile_is_idempotent(input in "(\\+86|0086|86)?[ -]?1[0-9]{2}[ -.]?[0-9]{4}[ -]?[0-9]{4}") {
            if let Ok(m) = parse_mobile(&input) {
                prop_assert_eq!(m.len(), 11);
                prop_assert_eq!(parse_mobile(&m).unwrap(), m);
            }
        }

        #[test]
        fn parse_mobile_accepts_every_valid_number(second in 3u8..10, rest in "[0-9]{9}") {
            let m = format!("1{second}{rest}");
            prop_assert_eq!(parse_mobile(&m).unwrap(), m.clone());
            prop_assert_eq!(parse_mobile(&format!("+86 {m}")).unwrap(), m);
        }

        #[test]
        fn rendered_card_numbers_have_the_pattern_width(
            prefix in "[A-Z\\-]{0,6}",
            year_token in prop::sample::select(vec!["", "{YYYY}", "{YY}"]),
            width in 1usize..=10,
            suffix in "[A-Z]{0,3}",
            year in 1000i32..=9999,
            seq_seed in any::<u64>(),
        ) {
            let pattern = format!("{prefix}{year_token}{{SEQ:{width}}}{suffix}");
            let seq = (seq_seed % 10u64.pow(width as u32)) as i64;
            let expected = prefix.len() + year_token.len().saturating_sub(2) + width + suffix.len();
            let out = render_card_number(&pattern, year, seq).unwrap();
            prop_assert_eq!(out.chars().count(), expected);
            prop_assert!(out.starts_with(&prefix));
            prop_assert!(out.ends_with(&suffix));
            let seq_part = &out[out.len() - suffix.len() - width..out.len() - suffix.len()];
            prop_assert_eq!(seq_part.parse::<i64>().unwrap(), seq);
            // One more than the width holds is refused.
            prop_assert!(render_card_number(&pattern, year, 10i64.pow(width as u32)).is_err());
        }

        #[test]
        fn dates_round_trip_through_every_written_form(born in birth_dates()) {
            let (y, m, dd) = (born.year(), born.month(), born.day());
            for s in [
                born.format("%Y-%m-%d").to_string(),
                format!("{y}/{m}/{dd}"),
                format!("{y}年{m}月{dd}日"),
                born.format("%Y%m%d").to_string(),
                format!("{y}.{m}.{dd}"),
                born.format("%Y-%m-%d 00:00:00").to_string(),
            ] {
                prop_assert_eq!(parse_date_flexible(&s), Some(born), "{}", s);
            }
        }

        #[test]
        fn money_round_trips_from_fen(fen in 0i64..=MAX_FEN) {
            let s = format!("{}.{:02}", fen / 100, fen % 100);
            prop_assert_eq!(parse_money_fen("f", "金额", &s).unwrap(), Some(fen));
        }
    }
}

/// Whether a card-number pattern restarts its sequence each year: only when
/// the year is part of the number, else numbers would repeat.
pub fn card_pattern_has_year(pattern: &str) -> bool {
    let p = pattern.to_ascii_uppercase();
    p.contains("{YYYY}") || p.contains("{YY}")
}

/// Days a releasing union has to answer a transfer request before the
/// federation above may decide it (DOMAIN.md §3: "or the federation decides
/// after N days").
pub const TRANSFER_ESCALATION_DAYS: i64 = 7;

/// Whether someone holding `roles` on the releasing union may decide a
/// transfer requested `age_days` ago: the union's chair or officer (and an
/// admin) at once, the federation only once the union has let it wait.
pub fn may_decide_transfer(roles: &[crate::auth::Role], age_days: i64) -> bool {
    use crate::auth::Role;
    roles.iter().any(|r| matches!(r, Role::Chair | Role::Officer | Role::Admin))
        || (roles.contains(&Role::Federation) && age_days >= TRANSFER_ESCALATION_DAYS)
}

#[cfg(test)]
mod escalation_tests {
    use super::*;
    use crate::auth::Role;

    #[test]
    fn federations_decide_only_what_a_union_leaves_waiting() {
        assert!(may_decide_transfer(&[Role::Chair], 0));
        assert!(!may_decide_transfer(&[Role::Federation], 6));
        assert!(may_decide_transfer(&[Role::Federation], 7));
        assert!(!may_decide_transfer(&[Role::Treasurer], 30));
    }

    #[test]
    fn only_patterns_with_a_year_restart_yearly() {
        assert!(card_pattern_has_year("HY{YYYY}{SEQ:4}"));
        assert!(card_pattern_has_year("HY{yy}{SEQ:4}"));
        assert!(!card_pattern_has_year("HY{SEQ:6}"));
    }

    #[test]
    fn id_numbers_start_with_a_province_code() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let with_prefix = |p: &str| {
            let body = format!("{p}010519900101123");
            format!("{body}{}", id_check_char(&body).unwrap())
        };
        for p in
            ["11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65", "71", "81", "82", "83"]
        {
            assert!(parse_id_number(DocType::ResidentId, &with_prefix(p), today).is_ok(), "{p}");
        }
        for p in [
            "00", "10", "16", "20", "24", "30", "38", "40", "47", "49", "55", "60", "66", "70", "72", "80",
            "84", "99",
        ] {
            let e = parse_id_number(DocType::ResidentId, &with_prefix(p), today).unwrap_err();
            assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidIdNumber, Some("id_number")), "{p}");
            assert!(e.message.contains(&format!("前两位“{p}”不是省级行政区划代码")), "{}", e.message);
        }
        assert_eq!(PROVINCE_CODES.len(), 35, "34 divisions and the Taiwan residence permit");
    }

    proptest::proptest! {
        #[test]
        fn only_province_codes_pass(p in 0u32..100) {
            let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
            let body = format!("{p:02}010519900101123");
            let id = format!("{body}{}", id_check_char(&body).unwrap());
            let ok = parse_id_number(DocType::ResidentId, &id, today).is_ok();
            proptest::prop_assert_eq!(ok, PROVINCE_CODES.contains(&(p as u8)));
        }
    }
}
