//! The roster import (花名册): header detection and row validation.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::{DomainError, ErrorCode, text};

use super::fields::{Precision, parse_date_precise};
use super::identity::birth_mismatch;
use super::{
    DocType, Gender, IdNumber, check_matches_id, is_blank, parse_date_flexible, parse_id_number,
    parse_mobile, parse_money_fen,
};

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

/// Finds the header row among the first 20 rows: the first that maps the name
/// column and at least one more (a merged title row above is skipped).
/// Returns its index and each cell's column; when two cells map to the same
/// column only the first counts, the other is left unmapped.
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
