//! Checking a payment against a policy.

use chrono::Datelike;
use chrono::NaiveDate;
use serde::Serialize;

use crate::finance::holidays::Holiday;
use crate::finance::money::{MAX_FEN, yuan_short};
use crate::time::fmt_date;

use super::model::Caps;
use super::{Form, Item, Policy};

/// A payment about to be made to one person.
#[derive(Debug, Clone)]
pub struct Request {
    pub item: Item,
    pub amount_fen: i64,
    pub form: Form,
    /// The day it is given.
    pub date: NaiveDate,
    /// Festival gifts: which holiday it is for.
    pub holiday: Option<Holiday>,
    /// Hospital stays: whether the stay involved surgery.
    pub surgery: bool,
    /// Contest prizes: how many won and how many took part.
    pub winners: Option<u32>,
    pub entrants: Option<u32>,
}

/// What this same person already received in the same calendar year (the
/// caller filters by person and year).
#[derive(Debug, Clone)]
pub struct Given {
    pub item: Item,
    pub holiday: Option<Holiday>,
    pub amount_fen: i64,
}

/// The outcome of [`check`]. `code` is one of `ok`, `over_cap`,
/// `forbidden_form`, `not_a_holiday`, `holiday_mismatch`, `not_provided`,
/// `too_many_winners`, `invalid`; `rule` says in Chinese which rule and which
/// numbers decided. `cap_fen`/`already_fen`: the cap that decided (for an
/// allowed payment the one with the least room left) and what counts
/// against it already.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub allowed: bool,
    pub code: &'static str,
    pub rule: String,
    pub cap_fen: Option<i64>,
    pub already_fen: i64,
}

impl Verdict {
    /// Whether the refused payment may still be made as a recorded
    /// exception under the policy: it allows exceptions and the request
    /// itself was well-formed.
    pub fn exception_possible(&self, p: &Policy) -> bool {
        !self.allowed && self.code != "invalid" && p.allow_exceptions
    }

    /// The room left under the deciding cap, if there is one.
    pub fn remaining_fen(&self) -> Option<i64> {
        self.cap_fen.map(|c| c.saturating_sub(self.already_fen).max(0))
    }
}

/// Yuan for messages, `300` or `300.50`, sign kept.
pub(super) fn yuan(fen: i64) -> String {
    if fen < 0 { format!("-{}", yuan_short(fen.checked_neg().unwrap_or(i64::MAX))) } else { yuan_short(fen) }
}

pub(super) fn sum<'a>(given: impl Iterator<Item = &'a Given>) -> i64 {
    given.fold(0i64, |acc, g| acc.saturating_add(g.amount_fen))
}

/// One cap that applies to a payment.
struct Limit {
    /// `节日慰问`, `春节慰问`, `住院慰问（手术）`.
    what: String,
    cap: i64,
    /// Summed over the year (`already` counts), or per occasion.
    yearly: bool,
    already: i64,
    /// `（手术的不超过1000元）`.
    note: String,
}

impl Limit {
    fn text(&self, amount: i64, allowed: bool) -> String {
        let (what, cap, note) = (&self.what, yuan(self.cap), &self.note);
        if !self.yearly {
            return format!("{what}每人每次不超过{cap}元{note}，本次{}元", yuan(amount));
        }
        let mut s = format!("{what}每人每年不超过{cap}元{note}");
        if allowed || self.already != 0 {
            s.push_str(&format!("，今年已发{}元，本次{}元", yuan(self.already), yuan(amount)));
            if self.already != 0 {
                s.push_str(&format!("，合计{}元", yuan(self.already.saturating_add(amount))));
            }
        } else {
            s.push_str(&format!("，本次{}元", yuan(amount)));
        }
        s
    }

    fn room(&self) -> i64 {
        if self.yearly { self.cap.saturating_sub(self.already) } else { self.cap }
    }
}

fn limits(caps: Caps, req: &Request, given: &[Given]) -> Vec<Limit> {
    let label = req.item.label();
    let same = || given.iter().filter(|g| g.item == req.item);
    let mut out = Vec::new();
    if req.item == Item::Festival {
        if let Some(cap) = caps.per_year {
            out.push(Limit {
                what: label.to_owned(),
                cap,
                yearly: true,
                already: sum(same()),
                note: String::new(),
            });
        }
        if let Some(h) = req.holiday
            && let Some(cap) = caps.per_holiday.and_then(|ph| ph.get(h))
        {
            let already = sum(same().filter(|g| g.holiday == Some(h)));
            out.push(Limit {
                what: format!("{}慰问", h.label()),
                cap,
                yearly: true,
                already,
                note: String::new(),
            });
        }
        return out;
    }
    let (what, note, replace) = match caps.surgery {
        Some(s) if req.surgery => (format!("{label}（手术）"), String::new(), Some(s)),
        Some(s) => (label.to_owned(), format!("（手术的不超过{}元）", yuan(s)), None),
        None => (label.to_owned(), String::new(), None),
    };
    if let Some(cap) = caps.per_year {
        let cap = replace.unwrap_or(cap);
        out.push(Limit { what: what.clone(), cap, yearly: true, already: sum(same()), note: note.clone() });
    }
    if let Some(cap) = caps.per_occasion {
        let cap = replace.unwrap_or(cap);
        out.push(Limit { what, cap, yearly: false, already: 0, note });
    }
    out
}

/// The festival-date rules: a holiday named, the date within its window.
fn check_festival_date(p: &Policy, req: &Request) -> Result<(), (&'static str, String)> {
    let region = &p.region;
    let all: Vec<&str> = Holiday::ALL.iter().map(|h| h.short_label()).collect();
    let all = all.join("、");
    let Some(h) = req.holiday else {
        return Err(("invalid", format!("{region}：节日慰问须注明节日（{all}）")));
    };
    let (before, after) = p.festival_window();
    let date = req.date;
    // A movable holiday whose day is not known near the date cannot be checked.
    let span = (date.year() - 1)..=(date.year() + 1);
    if let Some(y) = span.into_iter().find(|y| h.date_in(*y).is_none()) {
        return Err((
            "invalid",
            format!("{region}：暂无{y}年{}的日期，无法核对节日慰问的发放时间", h.label()),
        ));
    }
    if h.occurrence_near(date, before, after).is_some() {
        return Ok(());
    }
    let day = h.nearest(date).map(fmt_date).unwrap_or_default();
    let window = format!("{}（{day}）前{before}天至后{after}天内", h.label());
    let near: Vec<String> = crate::finance::holidays::holiday_near(date, before, after)
        .into_iter()
        .filter_map(|o| {
            o.occurrence_near(date, before, after).map(|d| format!("{}（{}）", o.label(), fmt_date(d)))
        })
        .collect();
    if near.is_empty() {
        Err((
            "not_a_holiday",
            format!("{region}：节日慰问只能在{all}前后发放，{}不在{window}", fmt_date(date)),
        ))
    } else {
        Err((
            "holiday_mismatch",
            format!(
                "{region}：{}不在{window}，临近的节日是{}，请核对所慰问的节日",
                fmt_date(date),
                near.join("、")
            ),
        ))
    }
}

fn forbidden_form_text(region: &str, item: Item, form: Form) -> String {
    match item {
        Item::Festival => format!("{region}：节日慰问品不得发放现金、购物卡、代金券；可发放指定商品的提货券"),
        Item::Birthday => {
            format!("{region}：生日慰问只能发放生日蛋糕等实物或蛋糕券，不得发放{}", form.label())
        }
        _ => {
            let allowed: Vec<&str> = item.allowed_forms().iter().map(|f| f.label()).collect();
            format!("{region}：{}不得以{}形式发放；可采用{}", item.label(), form.label(), allowed.join("、"))
        }
    }
}

/// Checks one payment against the policy, given what the same person
/// already received in the same calendar year. Pure: the caller records the
/// payment (or the exception) afterwards.
pub fn check(p: &Policy, req: &Request, given: &[Given]) -> Verdict {
    let region = &p.region;
    let label = req.item.label();
    let amount = req.amount_fen;
    let already_item = sum(given.iter().filter(|g| g.item == req.item));
    let refuse = |code: &'static str, rule: String| Verdict {
        allowed: false,
        code,
        rule,
        cap_fen: None,
        already_fen: already_item,
    };

    if amount <= 0 {
        return refuse("invalid", format!("{region}：{label}金额须大于0元，本次{}元", yuan(amount)));
    }
    if amount > MAX_FEN {
        return refuse("invalid", format!("{region}：{label}金额超过1万亿元，请核对"));
    }
    let Some(caps) = p.caps(req.item) else {
        return refuse("not_provided", format!("{region}：{}未列出{label}，不能按此项目发放", p.name));
    };
    if !req.item.allowed_forms().contains(&req.form) {
        return refuse("forbidden_form", forbidden_form_text(region, req.item, req.form));
    }
    if req.item == Item::Festival
        && let Err((code, rule)) = check_festival_date(p, req)
    {
        return refuse(code, rule);
    }
    if req.item == Item::ContestPrize
        && let (Some(w), Some(e)) = (req.winners, req.entrants)
        && u64::from(w) * 3 > u64::from(e)
    {
        return refuse(
            "too_many_winners",
            format!("{region}：获奖人数不得超过参赛人数的三分之一：参赛{e}人，获奖{w}人"),
        );
    }

    let limits = limits(caps, req, given);
    if let Some(over) =
        limits.iter().find(|l| (if l.yearly { l.already } else { 0 }).saturating_add(amount) > l.cap)
    {
        return Verdict {
            allowed: false,
            code: "over_cap",
            rule: format!("{region}：{}", over.text(amount, false)),
            cap_fen: Some(over.cap),
            already_fen: over.already,
        };
    }
    let texts: Vec<String> = limits.iter().map(|l| l.text(amount, true)).collect();
    let tightest = limits.iter().min_by_key(|l| l.room());
    Verdict {
        allowed: true,
        code: "ok",
        rule: format!("符合{region}规定：{}", texts.join("；")),
        cap_fen: tightest.map(|l| l.cap),
        already_fen: tightest.map_or(already_item, |l| l.already),
    }
}
