//! Collective contracts (集体合同, DOMAIN.md §10): the general contract,
//! the wage agreement (工资专项集体协议) and the women workers' special
//! contract; their term, the congress approval, filing with the labour
//! bureau, when they take effect, publication, expiry and the re-sign
//! reminder; and where a contract stands on a given day.
//!
//! Sources of the figures (defaults of [`ContractSettings`]), all from
//! 集体合同规定 (劳动和社会保障部令第22号) unless said otherwise:
//! - §38: a term of 1 to 3 years → 12 to 36 months.
//! - §36: the congress (职代会) or all staff approve the draft with two
//!   thirds present and more than half of ALL delegates in favour — the
//!   rule `democracy::outcome` already implements, called here.
//! - §42: the employer files the signed text with the labour bureau within
//!   10 days of signing.
//! - §47: effective when the bureau raises no objection within 15 days of
//!   receiving it; a review opinion (审查意见书) without objection inside
//!   that period makes it effective on the opinion's date.
//! - §48: once effective it is published to all staff "及时"; gonghui
//!   counts 10 days from the effective date (the reference point §48
//!   names), the figure of issue 17 and of several provincial
//!   regulations — a setting, as DOMAIN.md marks such figures provincial.
//! - The same rules let either side ask to renew in the last 3 months of
//!   the term; the reminder shows 60 days before expiry (issue 17).
//! - 工资集体协商试行办法 (2000): a wage agreement runs one year and is
//!   negotiated on last year's average wage and the adjustment.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{is_past, not_before, period_end, positive_days};
use crate::democracy::outcome::{passes, quorum_met, quorum_needed};
use crate::finance::money::{MAX_FEN, yuan_short};
use crate::{DomainError, ErrorCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractKind {
    General,
    Wage,
    Women,
}

impl ContractKind {
    pub const ALL: [ContractKind; 3] = [ContractKind::General, ContractKind::Wage, ContractKind::Women];

    pub fn as_str(self) -> &'static str {
        match self {
            ContractKind::General => "general",
            ContractKind::Wage => "wage",
            ContractKind::Women => "women",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ContractKind::General => "集体合同",
            ContractKind::Wage => "工资专项集体协议",
            ContractKind::Women => "女职工权益保护专项集体合同",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|k| k.as_str() == s || k.label() == s)
    }
}

/// The figures of the contract rules; see the module doc for their sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractSettings {
    /// Default 12.
    pub min_term_months: u32,
    /// Default 36.
    pub max_term_months: u32,
    /// The one term a wage agreement has. Default 12.
    pub wage_term_months: u32,
    /// Days from signing to filing with the labour bureau. Default 10.
    pub filing_days: u32,
    /// Days the bureau has to object, from filing. Default 15.
    pub review_days: u32,
    /// Days from taking effect to publication to the staff. Default 10.
    pub publication_days: u32,
    /// Days before expiry that the re-sign reminder shows. Default 60.
    pub renewal_reminder_days: u32,
}

impl Default for ContractSettings {
    fn default() -> Self {
        ContractSettings {
            min_term_months: 12,
            max_term_months: 36,
            wage_term_months: 12,
            filing_days: 10,
            review_days: 15,
            publication_days: 10,
            renewal_reminder_days: 60,
        }
    }
}

impl ContractSettings {
    pub fn check(&self) -> Result<(), DomainError> {
        if self.min_term_months == 0 || self.min_term_months > self.max_term_months {
            return Err(DomainError::field(
                ErrorCode::InvalidValue,
                "min_term_months",
                "合同期限下限应至少1个月，且不大于上限",
            ));
        }
        positive_days("filing_days", "报送审查期限", self.filing_days)?;
        positive_days("review_days", "审查期限", self.review_days)?;
        positive_days("publication_days", "公布期限", self.publication_days)?;
        positive_days("renewal_reminder_days", "续签提醒天数", self.renewal_reminder_days)?;
        Ok(())
    }
}

/// Checks the term in months: 12 to 36, and exactly 12 for a wage
/// agreement, which is negotiated every year.
pub fn check_term(kind: ContractKind, term_months: i64, s: &ContractSettings) -> Result<u32, DomainError> {
    let fail = |m: String| DomainError::field(ErrorCode::InvalidContractTerm, "term_months", m);
    if kind == ContractKind::Wage {
        if term_months != i64::from(s.wage_term_months) {
            return Err(fail(format!(
                "工资专项集体协议一年一签，期限应为{}个月，现在是{term_months}个月",
                s.wage_term_months
            )));
        }
    } else if !(i64::from(s.min_term_months)..=i64::from(s.max_term_months)).contains(&term_months) {
        return Err(fail(format!(
            "{}期限应为{}至{}个月，现在是{term_months}个月",
            kind.label(),
            s.min_term_months,
            s.max_term_months
        )));
    }
    Ok(term_months as u32)
}

/// Workers covered: at least one, and no more than the employer's staff.
pub fn check_workers_covered(workers_covered: i64, employer_staff: i64) -> Result<u64, DomainError> {
    let fail = |m: String| DomainError::field(ErrorCode::InvalidCount, "workers_covered", m);
    if workers_covered <= 0 {
        return Err(fail("覆盖职工人数应大于0".to_owned()));
    }
    if workers_covered > employer_staff {
        return Err(fail(format!("覆盖职工{workers_covered}人，不能多于单位职工总数{employer_staff}人")));
    }
    Ok(workers_covered as u64)
}

/// The figures a wage agreement is negotiated on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WageTerms {
    /// 上年度职工平均工资, per worker and year, in fen.
    pub average_wage_fen: Option<i64>,
    /// 工资调整幅度 in basis points (500 = +5%). A cut is negotiable in hard
    /// years, so it may be negative, but not below −100%.
    pub adjustment_bp: Option<i64>,
}

/// A contract as it must be before it is filed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForFiling {
    pub kind: ContractKind,
    pub term_months: i64,
    /// None: not yet given.
    pub workers_covered: Option<i64>,
    pub employer_staff: i64,
    /// Only read for a wage agreement.
    pub wage: WageTerms,
}

/// Everything that must be in place before the text goes to the labour
/// bureau; every fault at once.
pub fn check_for_filing(c: &ForFiling, s: &ContractSettings) -> Result<(), Vec<DomainError>> {
    let mut errors = Vec::new();
    if let Err(e) = check_term(c.kind, c.term_months, s) {
        errors.push(e);
    }
    match c.workers_covered {
        None => errors.push(DomainError::field(ErrorCode::Required, "workers_covered", "请填写覆盖职工人数")),
        Some(n) => {
            if let Err(e) = check_workers_covered(n, c.employer_staff) {
                errors.push(e);
            }
        }
    }
    if c.kind == ContractKind::Wage {
        match c.wage.average_wage_fen {
            None => errors.push(DomainError::field(
                ErrorCode::Required,
                "average_wage",
                "工资专项集体协议须填写上年度职工平均工资后才能报送审查",
            )),
            Some(fen) if fen <= 0 || fen > MAX_FEN => errors.push(DomainError::field(
                ErrorCode::InvalidMoney,
                "average_wage",
                format!("上年度职工平均工资应大于0元，现在是{}元", yuan_short(fen)),
            )),
            Some(_) => {}
        }
        match c.wage.adjustment_bp {
            None => errors.push(DomainError::field(
                ErrorCode::Required,
                "adjustment",
                "工资专项集体协议须填写工资调整幅度后才能报送审查",
            )),
            Some(bp) if !(-10_000..=100_000).contains(&bp) => errors.push(DomainError::field(
                ErrorCode::InvalidValue,
                "adjustment",
                "工资调整幅度应在-100%至1000%之间",
            )),
            Some(_) => {}
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// The vote of the worker congress (or the meeting of all staff) on the
/// draft: two thirds present and more than half of all delegates in
/// favour, by the congress rules of `democracy::outcome`.
pub fn check_congress_approval(delegates: u64, present: u64, in_favour: u64) -> Result<(), DomainError> {
    if present > delegates || in_favour > present {
        return Err(DomainError::field(
            ErrorCode::InvalidCount,
            "present",
            format!("应到{delegates}人、实到{present}人、赞成{in_favour}人，人数不符，请核对"),
        ));
    }
    if !quorum_met(present, delegates) {
        return Err(DomainError::field(
            ErrorCode::QuorumNotMet,
            "present",
            format!(
                "审议集体合同草案须有三分之二以上代表出席：应到{delegates}人，至少{}人，实到{present}人",
                quorum_needed(delegates)
            ),
        ));
    }
    if !passes(in_favour, delegates) {
        return Err(DomainError::field(
            ErrorCode::PolicyRefused,
            "in_favour",
            format!("集体合同草案须经全体代表半数以上同意：应到{delegates}人，赞成{in_favour}人，未获通过"),
        ));
    }
    Ok(())
}

/// Checks the wage figures that are given (either may still be missing
/// until filing, see [`check_for_filing`]).
pub fn check_wage_terms(w: &WageTerms) -> Result<(), DomainError> {
    if let Some(fen) = w.average_wage_fen
        && (fen <= 0 || fen > MAX_FEN)
    {
        return Err(DomainError::field(
            ErrorCode::InvalidMoney,
            "average_wage",
            format!("上年度职工平均工资应大于0元，现在是{}元", yuan_short(fen)),
        ));
    }
    if let Some(bp) = w.adjustment_bp
        && !(-10_000..=100_000).contains(&bp)
    {
        return Err(DomainError::field(
            ErrorCode::InvalidValue,
            "adjustment",
            "工资调整幅度应在-100%至1000%之间",
        ));
    }
    Ok(())
}

/// Parses an adjustment as a form types it — `3.5`, `3.5%`, `-2`,
/// `＋5％` — into basis points; empty is None. At most two decimals.
pub fn parse_adjustment(input: &str) -> Result<Option<i64>, DomainError> {
    let bad = || {
        DomainError::field(
            ErrorCode::InvalidValue,
            "adjustment",
            format!("工资调整幅度“{}”应为百分数，如 3.5 表示增长3.5%", input.trim()),
        )
    };
    let s: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '－' => '-',
            '＋' => '+',
            c => c,
        })
        .collect();
    let s = s.trim_end_matches(['%', '％']).trim();
    if s.is_empty() {
        return Ok(None);
    }
    let (negative, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || whole.len() > 6
        || frac.len() > 2
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let bp = whole * 100 + frac;
    let bp = if negative { -bp } else { bp };
    check_wage_terms(&WageTerms { average_wage_fen: None, adjustment_bp: Some(bp) })?;
    Ok(Some(bp))
}

/// The adjustment as shown: `+3.5%`, `-2%`, `0%`.
pub fn fmt_adjustment(bp: i64) -> String {
    let sign = if bp > 0 {
        "+"
    } else if bp < 0 {
        "-"
    } else {
        ""
    };
    let a = bp.unsigned_abs();
    let (whole, frac) = (a / 100, a % 100);
    if frac == 0 {
        format!("{sign}{whole}%")
    } else if frac % 10 == 0 {
        format!("{sign}{whole}.{}%", frac / 10)
    } else {
        format!("{sign}{whole}.{frac:02}%")
    }
}

/// A draft negotiated in gonghui is signed only after the worker congress
/// (or the meeting of all staff) approved it (集体合同规定 §36): its vote as
/// (delegates, present, in favour), None when none is recorded.
pub fn check_signing(congress: Option<(u64, u64, u64)>) -> Result<(), DomainError> {
    match congress {
        None => Err(DomainError::field(
            ErrorCode::PolicyRefused,
            "congress",
            "集体合同草案须经职工代表大会或全体职工讨论通过后才能签订，请先记录职代会表决结果",
        )),
        Some((delegates, present, in_favour)) => check_congress_approval(delegates, present, in_favour),
    }
}

/// A step's date is not in the future: a record says what happened.
pub fn check_not_after_today(
    field: &str,
    label: &str,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<(), DomainError> {
    if date > today {
        return Err(DomainError::field(
            ErrorCode::InvalidDate,
            field,
            format!("{label}（{}）不能晚于今天", crate::time::fmt_date(date)),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Dates

/// What the labour bureau said about the filed text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "review", content = "on", rename_all = "snake_case")]
pub enum Review {
    /// Nothing heard yet.
    #[default]
    Pending,
    /// A review opinion (审查意见书) without objection, on that day.
    NoObjection(NaiveDate),
    /// An objection on that day: the parties renegotiate and file again.
    Objection(NaiveDate),
}

/// The dates recorded for one contract.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractDates {
    pub signed_on: Option<NaiveDate>,
    pub filed_on: Option<NaiveDate>,
    #[serde(flatten)]
    pub review: Review,
    pub published_on: Option<NaiveDate>,
}

fn review_date(r: Review) -> Option<NaiveDate> {
    match r {
        Review::Pending => None,
        Review::NoObjection(d) | Review::Objection(d) => Some(d),
    }
}

/// The steps happen in order: filed after signing, reviewed after filing,
/// published after signing.
pub fn check_dates(d: &ContractDates) -> Result<(), DomainError> {
    let missing = |field: &str, m: &str| Err(DomainError::field(ErrorCode::Required, field, m.to_owned()));
    match (d.signed_on, d.filed_on) {
        (None, Some(_)) => return missing("signed_on", "已报送审查的合同须填写签订日期"),
        (Some(signed), Some(filed)) => not_before("filed_on", "报送日期", filed, "签订日期", signed)?,
        _ => {}
    }
    if let Some(reviewed) = review_date(d.review) {
        match d.filed_on {
            None => return missing("filed_on", "已有审查意见的合同须填写报送日期"),
            Some(filed) => not_before("reviewed_on", "审查意见日期", reviewed, "报送日期", filed)?,
        }
    }
    if let Some(published) = d.published_on {
        match d.signed_on {
            None => return missing("signed_on", "已公布的合同须填写签订日期"),
            Some(signed) => not_before("published_on", "公布日期", published, "签订日期", signed)?,
        }
    }
    Ok(())
}

/// The last day to file a contract signed on `signed_on`.
pub fn filing_due(signed_on: NaiveDate, s: &ContractSettings) -> NaiveDate {
    period_end(signed_on, s.filing_days)
}

/// The day a filed contract takes effect, or None while an objection holds
/// it back. The bureau's period ends `review_days` after filing; without an
/// objection by then, the contract is in force from the next day. A review
/// opinion without objection inside the period brings that forward to its
/// own date; an objection after the period has ended comes too late to
/// stop a contract already in force.
pub fn effective_on(filed_on: NaiveDate, review: Review, s: &ContractSettings) -> Option<NaiveDate> {
    let period_ends = period_end(filed_on, s.review_days);
    let by_silence = period_ends.succ_opt().unwrap_or(NaiveDate::MAX);
    match review {
        Review::NoObjection(d) if d <= period_ends => Some(d),
        Review::Objection(d) if d <= period_ends => None,
        _ => Some(by_silence),
    }
}

/// The last day to publish the contract to the staff.
pub fn publication_due(effective_on: NaiveDate, s: &ContractSettings) -> NaiveDate {
    period_end(effective_on, s.publication_days)
}

/// The first day the contract is no longer in force: the same calendar day
/// `term_months` after it took effect (as a committee term ends, see
/// `org::term_ends_on`); the 31st becomes the month's last day.
pub fn expires_on(effective_on: NaiveDate, term_months: u32) -> NaiveDate {
    effective_on.checked_add_months(Months::new(term_months)).unwrap_or(NaiveDate::MAX)
}

/// From this day on the re-sign reminder shows.
pub fn renewal_reminder_from(expires_on: NaiveDate, s: &ContractSettings) -> NaiveDate {
    expires_on.checked_sub_days(Days::new(u64::from(s.renewal_reminder_days))).unwrap_or(NaiveDate::MIN)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractStatus {
    /// 草拟中: not signed.
    Draft,
    /// 已签订: signed, not yet filed.
    Signed,
    /// 审查中: filed, within the bureau's period.
    Filed,
    /// 审查有异议: the bureau objected; renegotiate and file again.
    Objected,
    /// 已生效.
    Effective,
    /// 即将到期: in force, within the reminder days of expiry.
    Expiring,
    /// 已到期.
    Expired,
}

impl ContractStatus {
    pub const ALL: [ContractStatus; 7] = [
        ContractStatus::Draft,
        ContractStatus::Signed,
        ContractStatus::Filed,
        ContractStatus::Objected,
        ContractStatus::Effective,
        ContractStatus::Expiring,
        ContractStatus::Expired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ContractStatus::Draft => "draft",
            ContractStatus::Signed => "signed",
            ContractStatus::Filed => "filed",
            ContractStatus::Objected => "objected",
            ContractStatus::Effective => "effective",
            ContractStatus::Expiring => "expiring",
            ContractStatus::Expired => "expired",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ContractStatus::Draft => "草拟中",
            ContractStatus::Signed => "已签订，待报送审查",
            ContractStatus::Filed => "已报送，审查中",
            ContractStatus::Objected => "审查有异议，待重新协商",
            ContractStatus::Effective => "已生效",
            ContractStatus::Expiring => "即将到期，请协商续签",
            ContractStatus::Expired => "已到期",
        }
    }

    /// In force on the day: counts for 签订率 and workers covered.
    pub fn in_force(self) -> bool {
        matches!(self, ContractStatus::Effective | ContractStatus::Expiring)
    }
}

/// The effective date as known on `at`: None before filing or while an
/// objection holds it back. A review opinion dated after `at` was not known
/// on `at` and is ignored.
pub fn effective_as_of(d: &ContractDates, at: NaiveDate, s: &ContractSettings) -> Option<NaiveDate> {
    let filed = d.filed_on.filter(|f| *f <= at)?;
    let known_review = match review_date(d.review) {
        Some(r) if r > at => Review::Pending,
        _ => d.review,
    };
    effective_on(filed, known_review, s)
}

/// Where the contract stands on `at`. Dates after `at` have not happened
/// yet, so the same record answers for any day in its history.
pub fn status_at(d: &ContractDates, term_months: u32, at: NaiveDate, s: &ContractSettings) -> ContractStatus {
    if d.signed_on.is_none_or(|x| x > at) {
        return ContractStatus::Draft;
    }
    if d.filed_on.is_none_or(|x| x > at) {
        return ContractStatus::Signed;
    }
    let Some(effective) = effective_as_of(d, at, s) else {
        return ContractStatus::Objected;
    };
    if at < effective {
        return ContractStatus::Filed;
    }
    let expires = expires_on(effective, term_months);
    if at >= expires {
        ContractStatus::Expired
    } else if at >= renewal_reminder_from(expires, s) {
        ContractStatus::Expiring
    } else {
        ContractStatus::Effective
    }
}

/// Something to do about a contract, with the day it is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reminder {
    /// Signed, not filed.
    File { due: NaiveDate, overdue: bool },
    /// In force, not published to the staff.
    Publish { due: NaiveDate, overdue: bool },
    /// Expiring: negotiate the next one.
    Renew { expires_on: NaiveDate },
}

impl Reminder {
    /// A step past its due day (renewal is never overdue: it expires).
    pub fn is_overdue(&self) -> bool {
        matches!(self, Reminder::File { overdue: true, .. } | Reminder::Publish { overdue: true, .. })
    }

    pub fn message(&self) -> String {
        let f = crate::time::fmt_date;
        match *self {
            Reminder::File { due, overdue: false } => format!("请于{}前报送劳动保障行政部门审查", f(due)),
            Reminder::File { due, overdue: true } => format!("应于{}前报送审查，已逾期", f(due)),
            Reminder::Publish { due, overdue: false } => format!("请于{}前向全体职工公布", f(due)),
            Reminder::Publish { due, overdue: true } => format!("应于{}前向全体职工公布，已逾期", f(due)),
            Reminder::Renew { expires_on } => {
                format!("合同将于{}到期，请及时协商续签", f(expires_on))
            }
        }
    }
}

/// What needs doing about the contract on `at`.
pub fn reminders(d: &ContractDates, term_months: u32, at: NaiveDate, s: &ContractSettings) -> Vec<Reminder> {
    let mut out = Vec::new();
    let status = status_at(d, term_months, at, s);
    if status == ContractStatus::Signed
        && let Some(signed) = d.signed_on
    {
        let due = filing_due(signed, s);
        out.push(Reminder::File { due, overdue: is_past(due, at) });
    }
    if status.in_force()
        && d.published_on.is_none_or(|p| p > at)
        && let Some(effective) = effective_as_of(d, at, s)
    {
        let due = publication_due(effective, s);
        out.push(Reminder::Publish { due, overdue: is_past(due, at) });
    }
    if status == ContractStatus::Expiring
        && let Some(effective) = effective_as_of(d, at, s)
    {
        out.push(Reminder::Renew { expires_on: expires_on(effective, term_months) });
    }
    out
}

#[cfg(test)]
#[path = "contract_tests.rs"]
mod tests;
