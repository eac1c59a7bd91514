//! The spending-rule engine (DOMAIN.md §6): every member-welfare payment is
//! checked against the union's policy preset before it is paid.
//!
//! A [`Policy`] is data: caps per item in yuan, as a province published them
//! (the presets under `crates/domain/policies/`, or a union's own file). The
//! national rules (总工办发〔2017〕32号) are code: which forms a gift may take,
//! festival gifts only around the seven holidays, prize winners at most a
//! third of the entrants. [`check`] applies both and names the rule and the
//! numbers in Chinese, whatever it decides.

use chrono::Datelike;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::holidays::Holiday;
use super::money::{MAX_FEN, yuan_short};
use crate::time::fmt_date;
use crate::{DomainError, ErrorCode};

// ---------------------------------------------------------------------------
// Items and forms

/// A kind of member-welfare spending that a policy may provide for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// 节日慰问: gifts on the seven holidays.
    Festival,
    /// 生日慰问: a cake or a cake voucher.
    Birthday,
    /// 结婚慰问.
    Marriage,
    /// 生育慰问.
    Childbirth,
    /// 住院慰问; some provinces allow more after surgery.
    Hospital,
    /// 会员去世慰问.
    DeathMember,
    /// 直系亲属（配偶、父母、子女）去世慰问.
    DeathRelative,
    /// 退休慰问.
    Retirement,
    /// 春秋游活动, per person per outing.
    Outing,
    /// 竞赛奖品, per person per contest.
    ContestPrize,
    /// 工作服.
    Uniform,
    /// 困难帮扶慰问: 送温暖, 金秋助学, 夏送清凉 and help in a family crisis.
    Assistance,
}

impl Item {
    pub const ALL: [Item; 12] = [
        Item::Festival,
        Item::Birthday,
        Item::Marriage,
        Item::Childbirth,
        Item::Hospital,
        Item::DeathMember,
        Item::DeathRelative,
        Item::Retirement,
        Item::Outing,
        Item::ContestPrize,
        Item::Uniform,
        Item::Assistance,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Item::Festival => "festival",
            Item::Birthday => "birthday",
            Item::Marriage => "marriage",
            Item::Childbirth => "childbirth",
            Item::Hospital => "hospital",
            Item::DeathMember => "death_member",
            Item::DeathRelative => "death_relative",
            Item::Retirement => "retirement",
            Item::Outing => "outing",
            Item::ContestPrize => "contest_prize",
            Item::Uniform => "uniform",
            Item::Assistance => "assistance",
        }
    }

    /// Accepts the code, the label and the usual short names (节日, 生日,
    /// 结婚, 生育, 住院, 春秋游, 奖品…).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        match s {
            "节日" | "节日慰问品" => Some(Item::Festival),
            "生日" | "生日蛋糕" => Some(Item::Birthday),
            "结婚" => Some(Item::Marriage),
            "生育" => Some(Item::Childbirth),
            "住院" | "生病住院" => Some(Item::Hospital),
            "会员去世" | "去世慰问" => Some(Item::DeathMember),
            "直系亲属去世" | "亲属去世" => Some(Item::DeathRelative),
            "退休" => Some(Item::Retirement),
            "春秋游" => Some(Item::Outing),
            "竞赛奖励" | "奖品" => Some(Item::ContestPrize),
            "帮扶" | "困难帮扶" | "送温暖" => Some(Item::Assistance),
            _ => Self::ALL.into_iter().find(|i| i.as_str().eq_ignore_ascii_case(s) || i.label() == s),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Item::Festival => "节日慰问",
            Item::Birthday => "生日慰问",
            Item::Marriage => "结婚慰问",
            Item::Childbirth => "生育慰问",
            Item::Hospital => "住院慰问",
            Item::DeathMember => "会员去世慰问",
            Item::DeathRelative => "直系亲属去世慰问",
            Item::Retirement => "退休慰问",
            Item::Outing => "春秋游活动",
            Item::ContestPrize => "竞赛奖品",
            Item::Uniform => "工作服",
            Item::Assistance => "困难帮扶慰问",
        }
    }

    /// The forms a payment of this item may take (national rules, the same
    /// in every province): festival gifts and birthday cakes never in cash,
    /// shopping cards or cash vouchers; condolences and prizes may be cash;
    /// outings and uniforms are paid as what they are, not handed out as
    /// money.
    pub fn allowed_forms(self) -> &'static [Form] {
        use Form::*;
        match self {
            Item::Festival | Item::Birthday => &[Goods, NamedGoodsVoucher, CakeVoucher],
            Item::Marriage
            | Item::Childbirth
            | Item::Hospital
            | Item::DeathMember
            | Item::DeathRelative
            | Item::Retirement
            | Item::ContestPrize => &[Cash, Goods, NamedGoodsVoucher, CakeVoucher],
            Item::Assistance => &[Cash, Goods, NamedGoodsVoucher],
            Item::Outing | Item::Uniform => &[Goods, NamedGoodsVoucher],
        }
    }
}

impl std::fmt::Display for Item {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// The form a payment takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// 现金 (also a transfer to the member's account).
    Cash,
    /// 购物卡.
    ShoppingCard,
    /// 代金券: a voucher worth money anywhere in a shop.
    CashVoucher,
    /// 实物.
    Goods,
    /// 指定商品提货券: a voucher for named goods at a named shop.
    NamedGoodsVoucher,
    /// 蛋糕券.
    CakeVoucher,
}

impl Form {
    pub const ALL: [Form; 6] = [
        Form::Cash,
        Form::ShoppingCard,
        Form::CashVoucher,
        Form::Goods,
        Form::NamedGoodsVoucher,
        Form::CakeVoucher,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Form::Cash => "cash",
            Form::ShoppingCard => "shopping_card",
            Form::CashVoucher => "cash_voucher",
            Form::Goods => "goods",
            Form::NamedGoodsVoucher => "named_goods_voucher",
            Form::CakeVoucher => "cake_voucher",
        }
    }

    /// Accepts the code, the label and the usual other names (慰问金, 转账,
    /// 购物券, 提货券, 蛋糕卡…).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        match s {
            "慰问金" | "转账" | "现金转账" => Some(Form::Cash),
            "购物券" | "消费卡" | "储值卡" => Some(Form::ShoppingCard),
            "现金券" => Some(Form::CashVoucher),
            "慰问品" | "物品" => Some(Form::Goods),
            "提货券" | "提货卡" | "指定商品提货卡" => Some(Form::NamedGoodsVoucher),
            "蛋糕卡" | "生日蛋糕券" => Some(Form::CakeVoucher),
            _ => Self::ALL.into_iter().find(|f| f.as_str().eq_ignore_ascii_case(s) || f.label() == s),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Form::Cash => "现金",
            Form::ShoppingCard => "购物卡",
            Form::CashVoucher => "代金券",
            Form::Goods => "实物",
            Form::NamedGoodsVoucher => "指定商品提货券",
            Form::CakeVoucher => "蛋糕券",
        }
    }
}

impl std::fmt::Display for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

// ---------------------------------------------------------------------------
// Policies

/// Festival gifts may be given at most this many days before the holiday.
pub const DEFAULT_DAYS_BEFORE: i64 = 30;
/// … and at most this many days after it.
pub const DEFAULT_DAYS_AFTER: i64 = 7;
/// The widest window a policy may set before a holiday.
pub const MAX_DAYS_BEFORE: i64 = 60;
/// The widest window a policy may set after a holiday.
pub const MAX_DAYS_AFTER: i64 = 30;

/// A spending policy: the caps of one province (or one union). In the JSON
/// file amounts are in yuan (`"per_year_yuan": 1500`); in code in fen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// `anhui-2018`: lower case letters, digits and `-`.
    pub key: String,
    /// `福建省2018年标准`.
    pub name: String,
    /// `福建省`: the prefix of every message.
    pub region: String,
    /// Whether a refused payment may still be made as a recorded exception
    /// with a reason and an approver.
    #[serde(default)]
    pub allow_exceptions: bool,
    /// The items the policy provides for; an absent one is not provided.
    pub items: Items,
}

/// The caps per item. `None`: the policy does not provide for the item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Items {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub festival: Option<FestivalRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday: Option<Cap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marriage: Option<Cap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub childbirth: Option<Cap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hospital: Option<HospitalRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub death_member: Option<Cap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub death_relative: Option<Cap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retirement: Option<Cap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outing: Option<Cap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contest_prize: Option<Cap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uniform: Option<Cap>,
    /// Hardship assistance; `{}` provides it without a per-person cap (the
    /// national rules set none; a union's own rules may).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assistance: Option<Cap>,
}

/// Caps of an ordinary item, per person: summed over the calendar year,
/// and/or per occasion (one outing, one contest).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cap {
    #[serde(rename = "per_year_yuan", default, skip_serializing_if = "Option::is_none", with = "yuan_opt")]
    pub per_year_fen: Option<i64>,
    #[serde(
        rename = "per_occasion_yuan",
        default,
        skip_serializing_if = "Option::is_none",
        with = "yuan_opt"
    )]
    pub per_occasion_fen: Option<i64>,
}

/// Hospital stays: caps as for [`Cap`], and optionally a higher cap that
/// replaces them when the stay involved surgery (Fujian: 500, 1000).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HospitalRule {
    #[serde(rename = "per_year_yuan", default, skip_serializing_if = "Option::is_none", with = "yuan_opt")]
    pub per_year_fen: Option<i64>,
    #[serde(
        rename = "per_occasion_yuan",
        default,
        skip_serializing_if = "Option::is_none",
        with = "yuan_opt"
    )]
    pub per_occasion_fen: Option<i64>,
    #[serde(rename = "surgery_yuan", default, skip_serializing_if = "Option::is_none", with = "yuan_opt")]
    pub surgery_fen: Option<i64>,
}

/// Festival gifts: a cap on the year's total and/or caps per holiday, and
/// the window around a holiday in which its gift may be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FestivalRule {
    /// All holidays of the calendar year together.
    #[serde(rename = "per_year_yuan", default, skip_serializing_if = "Option::is_none", with = "yuan_opt")]
    pub per_year_fen: Option<i64>,
    /// Per holiday in the calendar year (Guizhou: 春节 500, others 200).
    #[serde(rename = "per_holiday_yuan", default, skip_serializing_if = "Option::is_none")]
    pub per_holiday: Option<HolidayCaps>,
    /// A gift may be given at most this many days before its holiday…
    #[serde(default = "default_days_before", deserialize_with = "days_before")]
    pub days_before: i64,
    /// … and at most this many days after it.
    #[serde(default = "default_days_after", deserialize_with = "days_after")]
    pub days_after: i64,
}

impl Default for FestivalRule {
    fn default() -> Self {
        Self {
            per_year_fen: None,
            per_holiday: None,
            days_before: DEFAULT_DAYS_BEFORE,
            days_after: DEFAULT_DAYS_AFTER,
        }
    }
}

/// A cap per holiday; `others` for each holiday not named.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayCaps {
    #[serde(default, skip_serializing_if = "Option::is_none", with = "yuan_opt")]
    pub new_year: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "yuan_opt")]
    pub spring_festival: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "yuan_opt")]
    pub qingming: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "yuan_opt")]
    pub labour_day: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "yuan_opt")]
    pub dragon_boat: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "yuan_opt")]
    pub mid_autumn: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "yuan_opt")]
    pub national_day: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "yuan_opt")]
    pub others: Option<i64>,
}

impl HolidayCaps {
    /// The cap in fen for that holiday: its own, else `others`.
    pub fn get(&self, h: Holiday) -> Option<i64> {
        let own = match h {
            Holiday::NewYear => self.new_year,
            Holiday::SpringFestival => self.spring_festival,
            Holiday::Qingming => self.qingming,
            Holiday::LabourDay => self.labour_day,
            Holiday::DragonBoat => self.dragon_boat,
            Holiday::MidAutumn => self.mid_autumn,
            Holiday::NationalDay => self.national_day,
        };
        own.or(self.others)
    }
}

fn default_days_before() -> i64 {
    DEFAULT_DAYS_BEFORE
}

fn default_days_after() -> i64 {
    DEFAULT_DAYS_AFTER
}

fn days_in<'de, D: serde::Deserializer<'de>>(
    d: D,
    name: &str,
    what: &str,
    max: i64,
) -> Result<i64, D::Error> {
    let n = i64::deserialize(d)?;
    if !(0..=max).contains(&n) {
        return Err(serde::de::Error::custom(format!("{what}（{name}）应为0到{max}天，现在是{n}天")));
    }
    Ok(n)
}

fn days_before<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    days_in(d, "days_before", "节日前可提前发放的天数", MAX_DAYS_BEFORE)
}

fn days_after<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    days_in(d, "days_after", "节日后可补发的天数", MAX_DAYS_AFTER)
}

/// Optional amounts written in yuan in the file (`300`, `300.5`), held in
/// fen; negative amounts and more than two decimals refused.
mod yuan_opt {
    use serde::de::{Error, Visitor};
    use serde::{Deserializer, Serializer};

    use super::MAX_FEN;

    pub fn serialize<S: Serializer>(fen: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
        match *fen {
            None => s.serialize_none(),
            Some(f) if f % 100 == 0 => s.serialize_i64(f / 100),
            Some(f) => s.serialize_f64(f as f64 / 100.0),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        d.deserialize_any(YuanVisitor).map(Some)
    }

    struct YuanVisitor;

    fn too_large<E: Error>() -> E {
        E::custom("金额超过1万亿元，请核对")
    }

    impl Visitor<'_> for YuanVisitor {
        type Value = i64;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("以元为单位的金额（数字，如300或300.5）")
        }

        fn visit_u64<E: Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v)
                .ok()
                .and_then(|v| v.checked_mul(100))
                .filter(|f| *f <= MAX_FEN)
                .ok_or_else(too_large)
        }

        fn visit_i64<E: Error>(self, v: i64) -> Result<i64, E> {
            if v < 0 {
                return Err(E::custom(format!("限额不能为负数，现在是{v}元")));
            }
            self.visit_u64(v.unsigned_abs())
        }

        fn visit_f64<E: Error>(self, v: f64) -> Result<i64, E> {
            if v < 0.0 {
                return Err(E::custom(format!("限额不能为负数，现在是{v}元")));
            }
            if !v.is_finite() || v * 100.0 > MAX_FEN as f64 {
                return Err(too_large());
            }
            let fen = (v * 100.0).round();
            if (v * 100.0 - fen).abs() > 1e-6 {
                return Err(E::custom(format!("金额最多保留两位小数（精确到分），现在是{v}")));
            }
            Ok(fen as i64)
        }
    }
}

/// The caps that apply to one item, whatever its rule's type.
#[derive(Debug, Clone, Copy, Default)]
struct Caps {
    per_year: Option<i64>,
    per_occasion: Option<i64>,
    surgery: Option<i64>,
    per_holiday: Option<HolidayCaps>,
}

impl From<Cap> for Caps {
    fn from(c: Cap) -> Self {
        Caps { per_year: c.per_year_fen, per_occasion: c.per_occasion_fen, ..Caps::default() }
    }
}

impl Policy {
    /// Whether the policy provides for the item at all.
    pub fn provides(&self, item: Item) -> bool {
        self.caps(item).is_some()
    }

    fn caps(&self, item: Item) -> Option<Caps> {
        let i = &self.items;
        let plain = |c: &Option<Cap>| c.map(Caps::from);
        match item {
            Item::Festival => i.festival.map(|f| Caps {
                per_year: f.per_year_fen,
                per_holiday: f.per_holiday,
                ..Caps::default()
            }),
            Item::Hospital => i.hospital.map(|h| Caps {
                per_year: h.per_year_fen,
                per_occasion: h.per_occasion_fen,
                surgery: h.surgery_fen,
                per_holiday: None,
            }),
            Item::Birthday => plain(&i.birthday),
            Item::Marriage => plain(&i.marriage),
            Item::Childbirth => plain(&i.childbirth),
            Item::DeathMember => plain(&i.death_member),
            Item::DeathRelative => plain(&i.death_relative),
            Item::Retirement => plain(&i.retirement),
            Item::Outing => plain(&i.outing),
            Item::ContestPrize => plain(&i.contest_prize),
            Item::Uniform => plain(&i.uniform),
            Item::Assistance => plain(&i.assistance),
        }
    }

    /// The festival window (days before, days after) of the policy; the
    /// defaults when it does not provide festival gifts.
    pub fn festival_window(&self) -> (i64, i64) {
        self.items
            .festival
            .map_or((DEFAULT_DAYS_BEFORE, DEFAULT_DAYS_AFTER), |f| (f.days_before, f.days_after))
    }

    /// The item's caps in words, for a policy page: `节日慰问每人每年不超过
    /// 1500元`, `住院慰问每人每年不超过500元（手术的不超过1000元）`; None if
    /// the policy does not provide for the item.
    pub fn describe(&self, item: Item) -> Option<String> {
        let caps = self.caps(item)?;
        let label = item.label();
        let mut parts = Vec::new();
        let surgery = caps.surgery.map(|s| format!("（手术的不超过{}元）", yuan(s))).unwrap_or_default();
        if let Some(c) = caps.per_year {
            parts.push(format!("{label}每人每年不超过{}元{surgery}", yuan(c)));
        }
        if let Some(c) = caps.per_occasion {
            parts.push(format!("{label}每人每次不超过{}元{surgery}", yuan(c)));
        }
        if let Some(ph) = caps.per_holiday {
            let each: Vec<String> = Holiday::ALL
                .into_iter()
                .filter_map(|h| ph.get(h).map(|c| format!("{}{}元", h.label(), yuan(c))))
                .collect();
            parts.push(format!("{label}每人每年每个节日不超过：{}", each.join("、")));
        }
        if parts.is_empty() {
            return Some(format!("{label}按本会帮扶办法发放，不设每人限额"));
        }
        Some(parts.join("；"))
    }
}

// ---------------------------------------------------------------------------
// Presets, parsing and printing

/// The keys of the built-in presets.
pub const PRESETS: &[&str] = &["anhui-2018", "fujian-2018", "guizhou", "custom"];

fn preset_text(key: &str) -> Option<&'static str> {
    match key {
        "anhui-2018" => Some(include_str!("../../policies/anhui-2018.json")),
        "fujian-2018" => Some(include_str!("../../policies/fujian-2018.json")),
        "guizhou" => Some(include_str!("../../policies/guizhou.json")),
        "custom" => Some(include_str!("../../policies/custom.json")),
        _ => None,
    }
}

/// A built-in preset by key (see [`PRESETS`]).
pub fn preset(key: &str) -> Option<Policy> {
    preset_text(key).and_then(|text| parse(text).ok())
}

fn policy_error(message: String) -> DomainError {
    DomainError::field(ErrorCode::InvalidValue, "policy", message)
}

/// Reads a policy file (field `policy`). Strict: an unknown key anywhere is
/// refused with its name and line, as are negative caps, an item without any
/// cap and a festival window beyond [`MAX_DAYS_BEFORE`]/[`MAX_DAYS_AFTER`].
pub fn parse(json: &str) -> Result<Policy, DomainError> {
    let p: Policy = serde_json::from_str(json).map_err(|e| policy_error(translate_json_error(&e)))?;
    validate(&p).map_err(|m| policy_error(format!("政策文件：{m}")))?;
    Ok(p)
}

/// The policy as a pretty-printed file that [`parse`] reads back.
pub fn to_json(p: &Policy) -> String {
    serde_json::to_string_pretty(p).expect("a policy always serialises")
}

fn validate(p: &Policy) -> Result<(), String> {
    if p.key.is_empty()
        || p.key.len() > 40
        || !p.key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(format!("key“{}”只能由小写字母、数字和短横线组成，长度1到40位", p.key));
    }
    for (field, value) in [("name", &p.name), ("region", &p.region)] {
        if value.trim().is_empty() {
            return Err(format!("{field}不能为空"));
        }
        if value.chars().count() > 60 {
            return Err(format!("{field}过长，最多60个字"));
        }
    }
    for item in Item::ALL {
        let Some(caps) = p.caps(item) else { continue };
        let at = format!("items.{}（{}）", item.as_str(), item.label());
        match item {
            Item::Festival => {
                let every_holiday =
                    caps.per_holiday.is_some_and(|ph| Holiday::ALL.iter().all(|h| ph.get(*h).is_some()));
                if caps.per_year.is_none() && !every_holiday {
                    return Err(format!(
                        "{at}须设定每年限额（per_year_yuan），或为每个节日设定限额（per_holiday_yuan，可用others表示其余节日）"
                    ));
                }
            }
            Item::Assistance => {}
            _ if caps.per_year.is_none() && caps.per_occasion.is_none() => {
                return Err(format!("{at}没有设定限额，请填写per_year_yuan或per_occasion_yuan"));
            }
            _ => {}
        }
        if let Some(s) = caps.surgery {
            let normal = caps.per_year.into_iter().chain(caps.per_occasion).max().unwrap_or(0);
            if s < normal {
                return Err(format!(
                    "{at}的手术限额（surgery_yuan）{}元低于普通限额{}元",
                    yuan(s),
                    yuan(normal)
                ));
            }
        }
    }
    Ok(())
}

/// The list inside serde's "expected one of `a`, `b`" as `a、b`.
fn backticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

fn type_name_zh(expected: &str) -> String {
    let e = expected.trim();
    if e.starts_with("struct") || e.starts_with("a map") {
        "对象（{…}）".to_owned()
    } else if e.contains("string") {
        "文字（加双引号）".to_owned()
    } else if e.contains("bool") {
        "true或false".to_owned()
    } else if ["i64", "i32", "u64", "u32", "integer", "number"].iter().any(|t| e.contains(t)) {
        "数字".to_owned()
    } else if e.contains("sequence") {
        "数组（[…]）".to_owned()
    } else {
        e.to_owned()
    }
}

/// serde_json's error in Chinese, with the line: `政策文件第3行：无法识别的
/// 字段“birthdy”，可用的字段有：festival、birthday、…`.
fn translate_json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let full = e.to_string();
    let msg = match full.rsplit_once(" at line ") {
        Some((m, _)) if e.line() > 0 => m,
        _ => full.as_str(),
    };
    let zh = match e.classify() {
        Category::Eof => "内容不完整，缺少结尾的括号或引号".to_owned(),
        Category::Syntax => {
            let what = if msg.contains("trailing comma") {
                "最后一项后面多了逗号"
            } else if msg.contains("key must be a string") {
                "字段名须加双引号"
            } else if msg.contains("expected `,` or `}`") || msg.contains("expected `,` or `]`") {
                "缺少逗号或括号"
            } else if msg.contains("expected `:`") {
                "字段名后缺少冒号"
            } else if msg.contains("trailing characters") {
                "结尾处有多余的内容"
            } else {
                "不是合法的JSON"
            };
            format!("格式错误：{what}")
        }
        Category::Data | Category::Io => {
            if let Some(rest) = msg.strip_prefix("unknown field ") {
                let names = backticked(rest);
                let expected = names.get(1..).unwrap_or_default().join("、");
                let name = names.first().copied().unwrap_or_default();
                if expected.is_empty() {
                    format!("无法识别的字段“{name}”")
                } else {
                    format!("无法识别的字段“{name}”，可用的字段有：{expected}")
                }
            } else if let Some(rest) = msg.strip_prefix("unknown variant ") {
                let names = backticked(rest);
                let name = names.first().copied().unwrap_or_default();
                format!(
                    "无法识别的取值“{name}”，可用的取值有：{}",
                    names.get(1..).unwrap_or_default().join("、")
                )
            } else if let Some(rest) = msg.strip_prefix("missing field ") {
                format!("缺少字段“{}”", backticked(rest).first().copied().unwrap_or_default())
            } else if let Some(rest) = msg.strip_prefix("duplicate field ") {
                format!("字段“{}”重复", backticked(rest).first().copied().unwrap_or_default())
            } else if let Some(rest) = msg.strip_prefix("invalid type: ") {
                let expected = rest.split_once(", expected ").map_or("", |(_, e)| e);
                format!("取值类型不正确，应为{}", type_name_zh(expected))
            } else if let Some(rest) = msg.strip_prefix("invalid value: ") {
                let expected = rest.split_once(", expected ").map_or("", |(_, e)| e);
                format!("取值不正确，应为{}", type_name_zh(expected))
            } else {
                // Our own messages (amounts, days) are Chinese already.
                msg.to_owned()
            }
        }
    };
    if e.line() > 0 {
        format!("政策文件第{}行：{zh}", e.line())
    } else {
        format!("政策文件：{zh}")
    }
}

// ---------------------------------------------------------------------------
// Checking a payment

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
fn yuan(fen: i64) -> String {
    if fen < 0 { format!("-{}", yuan_short(fen.checked_neg().unwrap_or(i64::MAX))) } else { yuan_short(fen) }
}

fn sum<'a>(given: impl Iterator<Item = &'a Given>) -> i64 {
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
    let near: Vec<String> = super::holidays::holiday_near(date, before, after)
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn p(key: &str) -> Policy {
        preset(key).unwrap_or_else(|| panic!("preset {key}"))
    }

    /// A well-formed request: an allowed form, festival gifts on 中秋 2026.
    fn req(item: Item, amount_fen: i64) -> Request {
        Request {
            item,
            amount_fen,
            form: item.allowed_forms()[0],
            date: d(2026, 9, 25),
            holiday: (item == Item::Festival).then_some(Holiday::MidAutumn),
            surgery: false,
            winners: None,
            entrants: None,
        }
    }

    fn given(item: Item, amount_fen: i64) -> Given {
        Given { item, holiday: (item == Item::Festival).then_some(Holiday::MidAutumn), amount_fen }
    }

    /// Cap reached exactly is allowed, a fen more is not; earlier gifts of
    /// the year count.
    fn assert_yearly(key: &str, item: Item, cap_yuan: i64) {
        let policy = p(key);
        let cap = cap_yuan * 100;
        let v = check(&policy, &req(item, cap), &[]);
        assert!(v.allowed, "{key} {item:?}: {v:?}");
        assert_eq!((v.code, v.cap_fen, v.already_fen), ("ok", Some(cap), 0));
        let v = check(&policy, &req(item, cap + 1), &[]);
        assert_eq!((v.allowed, v.code, v.cap_fen), (false, "over_cap", Some(cap)), "{key} {item:?}");
        let other = if item == Item::Retirement { Item::Birthday } else { Item::Retirement };
        let earlier = [given(item, cap - 10_000), given(other, 5_000)];
        assert!(check(&policy, &req(item, 10_000), &earlier).allowed, "{key} {item:?}");
        let v = check(&policy, &req(item, 10_001), &earlier);
        assert_eq!((v.code, v.already_fen), ("over_cap", cap - 10_000), "{key} {item:?}");
        assert!(v.rule.starts_with(&format!("{}：", policy.region)), "{}", v.rule);
        assert!(v.rule.contains(&format!("每人每年不超过{cap_yuan}元")), "{}", v.rule);
    }

    /// Per occasion: not summed over the year.
    fn assert_per_occasion(key: &str, item: Item, cap_yuan: i64) {
        let policy = p(key);
        let cap = cap_yuan * 100;
        let earlier = [given(item, cap), given(item, cap), given(item, cap)];
        let v = check(&policy, &req(item, cap), &earlier);
        assert!(v.allowed, "{key} {item:?}: {v:?}");
        assert_eq!(
            v.rule,
            format!(
                "符合{}规定：{}每人每次不超过{cap_yuan}元，本次{cap_yuan}元",
                policy.region,
                item.label()
            )
        );
        let v = check(&policy, &req(item, cap + 1), &[]);
        assert_eq!((v.code, v.cap_fen), ("over_cap", Some(cap)), "{key} {item:?}");
    }

    fn assert_not_provided(key: &str, item: Item) {
        let policy = p(key);
        let v = check(&policy, &req(item, 100), &[]);
        assert_eq!((v.allowed, v.code), (false, "not_provided"), "{key} {item:?}");
        assert_eq!(
            v.rule,
            format!("{}：{}未列出{}，不能按此项目发放", policy.region, policy.name, item.label())
        );
        assert!(!policy.provides(item));
        assert_eq!(policy.describe(item), None);
    }

    #[test]
    fn items_and_forms_codes_labels_and_parse_agree() {
        let mut seen = std::collections::HashSet::new();
        for i in Item::ALL {
            assert!(seen.insert(i.as_str()));
            assert_eq!(Item::parse(i.as_str()), Some(i));
            assert_eq!(Item::parse(i.label()), Some(i));
            assert_eq!(serde_json::to_string(&i).unwrap(), format!("\"{}\"", i.as_str()));
            assert!(!i.allowed_forms().is_empty());
        }
        for f in Form::ALL {
            assert!(seen.insert(f.as_str()));
            assert_eq!(Form::parse(f.as_str()), Some(f));
            assert_eq!(Form::parse(f.label()), Some(f));
            assert_eq!(serde_json::to_string(&f).unwrap(), format!("\"{}\"", f.as_str()));
        }
        assert_eq!(Item::parse("春秋游"), Some(Item::Outing));
        assert_eq!(Form::parse("提货券"), Some(Form::NamedGoodsVoucher));
        assert_eq!(Item::parse("宴请"), None);
        assert_eq!(Form::parse(""), None);
    }

    #[test]
    fn presets_parse_with_their_keys_and_round_trip() {
        for key in PRESETS {
            let policy = p(key);
            assert_eq!(policy.key, *key);
            assert_eq!(parse(&to_json(&policy)).unwrap(), policy, "{key}");
            assert_eq!(policy.allow_exceptions, *key == "custom", "{key}");
            assert_eq!(policy.festival_window(), (30, 7));
        }
        assert_eq!(preset("beijing"), None);
        assert_eq!(p("fujian-2018").name, "福建省2018年标准");
        assert_eq!(p("fujian-2018").region, "福建省");
    }

    #[test]
    fn custom_starts_as_a_copy_of_anhui() {
        let (anhui, custom) = (p("anhui-2018"), p("custom"));
        assert_eq!(anhui.items, custom.items);
    }

    #[test]
    fn anhui_rows() {
        let k = "anhui-2018";
        assert_yearly(k, Item::Festival, 1500);
        assert_yearly(k, Item::Birthday, 300);
        assert_yearly(k, Item::Marriage, 600);
        assert_yearly(k, Item::Childbirth, 600);
        assert_yearly(k, Item::Hospital, 1000);
        assert_yearly(k, Item::DeathMember, 2000);
        assert_yearly(k, Item::DeathRelative, 1000);
        assert_yearly(k, Item::Retirement, 1000);
        assert_yearly(k, Item::Uniform, 600);
        assert_per_occasion(k, Item::Outing, 200);
        assert_per_occasion(k, Item::ContestPrize, 500);
        // No surgery cap: surgery changes nothing.
        let mut r = req(Item::Hospital, 100_001);
        r.surgery = true;
        assert_eq!(check(&p(k), &r, &[]).code, "over_cap");
    }

    #[test]
    fn fujian_rows() {
        let k = "fujian-2018";
        assert_yearly(k, Item::Festival, 1300);
        assert_yearly(k, Item::Birthday, 300);
        assert_not_provided(k, Item::Marriage);
        assert_yearly(k, Item::Childbirth, 500);
        assert_yearly(k, Item::Hospital, 500);
        assert_yearly(k, Item::DeathMember, 2000);
        assert_yearly(k, Item::DeathRelative, 1000);
        assert_yearly(k, Item::Retirement, 500);
        for item in [Item::Outing, Item::ContestPrize, Item::Uniform] {
            assert_not_provided(k, item);
        }
    }

    #[test]
    fn fujian_hospital_with_surgery_allows_1000() {
        let policy = p("fujian-2018");
        let mut r = req(Item::Hospital, 80_000);
        let v = check(&policy, &r, &[]);
        assert_eq!(v.rule, "福建省：住院慰问每人每年不超过500元（手术的不超过1000元），本次800元");
        r.surgery = true;
        let v = check(&policy, &r, &[]);
        assert!(v.allowed, "{v:?}");
        assert_eq!(v.cap_fen, Some(100_000));
        assert_eq!(v.rule, "符合福建省规定：住院慰问（手术）每人每年不超过1000元，今年已发0元，本次800元");
        let v = check(&policy, &r, &[given(Item::Hospital, 30_000)]);
        assert_eq!(
            v.rule,
            "福建省：住院慰问（手术）每人每年不超过1000元，今年已发300元，本次800元，合计1100元"
        );
        assert_eq!(
            policy.describe(Item::Hospital).unwrap(),
            "住院慰问每人每年不超过500元（手术的不超过1000元）"
        );
    }

    #[test]
    fn guizhou_rows() {
        let k = "guizhou";
        let policy = p(k);
        assert_yearly(k, Item::Birthday, 300);
        for item in [
            Item::Marriage,
            Item::Childbirth,
            Item::Hospital,
            Item::DeathMember,
            Item::DeathRelative,
            Item::Retirement,
            Item::Outing,
            Item::ContestPrize,
            Item::Uniform,
        ] {
            assert_not_provided(k, item);
        }
        // 春节 ≤ 500.
        let mut r = req(Item::Festival, 50_000);
        r.holiday = Some(Holiday::SpringFestival);
        r.date = d(2026, 2, 10);
        assert!(check(&policy, &r, &[]).allowed);
        r.amount_fen = 50_001;
        let v = check(&policy, &r, &[]);
        assert_eq!(v.rule, "贵州省：春节慰问每人每年不超过500元，本次500.01元");
        // Every other holiday ≤ 200 each, not summed across holidays.
        let mut earlier =
            vec![Given { item: Item::Festival, holiday: Some(Holiday::SpringFestival), amount_fen: 50_000 }];
        for h in Holiday::ALL.into_iter().filter(|h| *h != Holiday::SpringFestival) {
            let mut r = req(Item::Festival, 20_001);
            r.holiday = Some(h);
            r.date = h.date_in(2026).unwrap();
            let v = check(&policy, &r, &earlier);
            assert_eq!((v.code, v.cap_fen, v.already_fen), ("over_cap", Some(20_000), 0), "{h:?}");
            r.amount_fen = 20_000;
            let v = check(&policy, &r, &earlier);
            assert!(v.allowed, "{h:?} {v:?}");
            assert_eq!(
                v.rule,
                format!("符合贵州省规定：{}慰问每人每年不超过200元，今年已发0元，本次200元", h.label())
            );
            earlier.push(Given { item: Item::Festival, holiday: Some(h), amount_fen: 20_000 });
            // A second gift for the same holiday is over.
            r.amount_fen = 1;
            assert_eq!(check(&policy, &r, &earlier).code, "over_cap", "{h:?}");
        }
        assert_eq!(
            policy.describe(Item::Festival).unwrap(),
            "节日慰问每人每年每个节日不超过：元旦200元、春节500元、清明节200元、劳动节200元、端午节200元、中秋节200元、国庆节200元"
        );
    }

    #[test]
    fn messages_name_region_rule_and_numbers() {
        let fujian = p("fujian-2018");
        let v = check(&fujian, &req(Item::Birthday, 35_000), &[]);
        assert_eq!(v.rule, "福建省：生日慰问每人每年不超过300元，本次350元");
        let v = check(&fujian, &req(Item::Birthday, 30_000), &[]);
        assert_eq!(v.rule, "符合福建省规定：生日慰问每人每年不超过300元，今年已发0元，本次300元");
        assert_eq!((v.allowed, v.code, v.cap_fen, v.already_fen), (true, "ok", Some(30_000), 0));
        assert_eq!(v.remaining_fen(), Some(30_000));

        let anhui = p("anhui-2018");
        let earlier =
            [given(Item::Festival, 70_000), given(Item::Festival, 50_000), given(Item::Birthday, 30_000)];
        let v = check(&anhui, &req(Item::Festival, 40_000), &earlier);
        assert_eq!(v.rule, "安徽省：节日慰问每人每年不超过1500元，今年已发1200元，本次400元，合计1600元");
        assert_eq!((v.cap_fen, v.already_fen), (Some(150_000), 120_000));
        let v = check(&anhui, &req(Item::Festival, 29_950), &earlier);
        assert_eq!(
            v.rule,
            "符合安徽省规定：节日慰问每人每年不超过1500元，今年已发1200元，本次299.50元，合计1499.50元"
        );
    }

    #[test]
    fn amount_must_be_positive() {
        for amount in [0, -100] {
            let v = check(&p("anhui-2018"), &req(Item::Birthday, amount), &[]);
            assert_eq!((v.allowed, v.code), (false, "invalid"));
        }
        let v = check(&p("anhui-2018"), &req(Item::Birthday, -150), &[]);
        assert_eq!(v.rule, "安徽省：生日慰问金额须大于0元，本次-1.50元");
    }

    #[test]
    fn festival_needs_a_holiday() {
        let mut r = req(Item::Festival, 100);
        r.holiday = None;
        let v = check(&p("anhui-2018"), &r, &[]);
        assert_eq!(v.code, "invalid");
        assert_eq!(v.rule, "安徽省：节日慰问须注明节日（元旦、春节、清明、五一、端午、中秋、国庆）");
    }

    #[test]
    fn festival_window() {
        let anhui = p("anhui-2018");
        let on = |date: NaiveDate, h: Holiday| {
            let mut r = req(Item::Festival, 10_000);
            r.date = date;
            r.holiday = Some(h);
            check(&anhui, &r, &[])
        };
        let v = on(d(2026, 8, 3), Holiday::SpringFestival);
        assert_eq!(v.code, "not_a_holiday");
        assert_eq!(
            v.rule,
            "安徽省：节日慰问只能在元旦、春节、清明、五一、端午、中秋、国庆前后发放，2026年8月3日不在春节（2026年2月17日）前30天至后7天内"
        );
        // 30 days before and 7 after 春节 2026 (17 February).
        assert!(on(d(2026, 1, 18), Holiday::SpringFestival).allowed);
        assert_eq!(on(d(2026, 1, 17), Holiday::SpringFestival).code, "not_a_holiday");
        assert!(on(d(2026, 2, 24), Holiday::SpringFestival).allowed);
        assert_eq!(on(d(2026, 2, 25), Holiday::SpringFestival).code, "not_a_holiday");
        // 元旦 across the year end.
        assert!(on(d(2025, 12, 28), Holiday::NewYear).allowed);
        assert!(on(d(2026, 1, 8), Holiday::NewYear).allowed);
        assert_eq!(on(d(2026, 1, 9), Holiday::NewYear).code, "not_a_holiday");
        // Near 中秋, named as 春节.
        let v = on(d(2026, 9, 20), Holiday::SpringFestival);
        assert_eq!(v.code, "holiday_mismatch");
        assert_eq!(
            v.rule,
            "安徽省：2026年9月20日不在春节（2027年2月6日）前30天至后7天内，临近的节日是中秋节（2026年9月25日）、国庆节（2026年10月1日），请核对所慰问的节日"
        );
        // The movable days are known only within the table.
        let v = on(d(2060, 9, 20), Holiday::MidAutumn);
        assert_eq!(v.code, "invalid");
        assert!(v.rule.contains("暂无"), "{}", v.rule);
        assert!(on(d(2060, 9, 20), Holiday::NationalDay).allowed);
    }

    #[test]
    fn forbidden_forms() {
        let anhui = p("anhui-2018");
        for form in [Form::Cash, Form::ShoppingCard, Form::CashVoucher] {
            let mut r = req(Item::Festival, 10_000);
            r.form = form;
            let v = check(&anhui, &r, &[]);
            assert_eq!((v.allowed, v.code), (false, "forbidden_form"));
            assert_eq!(v.rule, "安徽省：节日慰问品不得发放现金、购物卡、代金券；可发放指定商品的提货券");
            let mut r = req(Item::Birthday, 10_000);
            r.form = form;
            let v = check(&anhui, &r, &[]);
            assert_eq!(v.code, "forbidden_form");
            assert_eq!(
                v.rule,
                format!("安徽省：生日慰问只能发放生日蛋糕等实物或蛋糕券，不得发放{}", form.label())
            );
        }
        for form in [Form::Goods, Form::NamedGoodsVoucher] {
            let mut r = req(Item::Festival, 10_000);
            r.form = form;
            assert!(check(&anhui, &r, &[]).allowed, "{form:?}");
        }
        for form in [Form::Goods, Form::CakeVoucher, Form::NamedGoodsVoucher] {
            let mut r = req(Item::Birthday, 10_000);
            r.form = form;
            assert!(check(&anhui, &r, &[]).allowed, "{form:?}");
        }
        // Condolences may be cash.
        for item in [
            Item::Marriage,
            Item::Childbirth,
            Item::Hospital,
            Item::DeathMember,
            Item::DeathRelative,
            Item::Retirement,
        ] {
            let mut r = req(item, 10_000);
            r.form = Form::Cash;
            assert!(check(&anhui, &r, &[]).allowed, "{item:?}");
        }
        let mut r = req(Item::Uniform, 10_000);
        r.form = Form::Cash;
        let v = check(&anhui, &r, &[]);
        assert_eq!(v.rule, "安徽省：工作服不得以现金形式发放；可采用实物、指定商品提货券");
    }

    #[test]
    fn the_form_is_checked_before_the_cap() {
        let mut r = req(Item::Festival, 1_000_000);
        r.form = Form::ShoppingCard;
        assert_eq!(check(&p("anhui-2018"), &r, &[]).code, "forbidden_form");
    }

    #[test]
    fn winners_at_most_a_third_of_entrants() {
        let anhui = p("anhui-2018");
        let mut r = req(Item::ContestPrize, 10_000);
        r.winners = Some(11);
        r.entrants = Some(30);
        let v = check(&anhui, &r, &[]);
        assert_eq!((v.allowed, v.code), (false, "too_many_winners"));
        assert_eq!(v.rule, "安徽省：获奖人数不得超过参赛人数的三分之一：参赛30人，获奖11人");
        r.winners = Some(10);
        assert!(check(&anhui, &r, &[]).allowed);
        r.winners = Some(u32::MAX);
        r.entrants = Some(u32::MAX);
        assert_eq!(check(&anhui, &r, &[]).code, "too_many_winners");
        // Without the numbers there is nothing to check.
        r.entrants = None;
        assert!(check(&anhui, &r, &[]).allowed);
    }

    #[test]
    fn exceptions_only_where_the_policy_allows_them() {
        let over = check(&p("custom"), &req(Item::Birthday, 30_001), &[]);
        assert_eq!(over.code, "over_cap");
        assert!(over.exception_possible(&p("custom")));
        assert!(!over.exception_possible(&p("anhui-2018")));
        let invalid = check(&p("custom"), &req(Item::Birthday, 0), &[]);
        assert!(!invalid.exception_possible(&p("custom")));
        assert!(!check(&p("custom"), &req(Item::Birthday, 100), &[]).exception_possible(&p("custom")));
    }

    fn err(json: &str) -> String {
        let e = parse(json).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidValue, Some("policy")));
        e.message
    }

    const MINIMAL: &str = r#"{
  "key": "test",
  "name": "测试标准",
  "region": "测试省",
  "items": {
    "birthday": { "per_year_yuan": 300 }
  }
}"#;

    #[test]
    fn parse_minimal_with_defaults() {
        let policy = parse(MINIMAL).unwrap();
        assert!(!policy.allow_exceptions);
        assert!(policy.provides(Item::Birthday));
        assert!(!policy.provides(Item::Festival));
        assert_eq!(policy.items.birthday.unwrap().per_year_fen, Some(30_000));
        let festival = parse(&MINIMAL.replace(r#""birthday""#, r#""festival""#)).unwrap();
        assert_eq!(festival.items.festival.unwrap().days_before, DEFAULT_DAYS_BEFORE);
        assert_eq!(festival.items.festival.unwrap().days_after, DEFAULT_DAYS_AFTER);
    }

    #[test]
    fn typos_are_refused_naming_the_key_and_line() {
        let m = err(&MINIMAL.replace("birthday", "birthdy"));
        assert!(
            m.starts_with("政策文件第6行：无法识别的字段“birthdy”，可用的字段有：festival、birthday、"),
            "{m}"
        );
        let m = err(&MINIMAL.replace("per_year_yuan", "per_yaer_yuan"));
        assert!(m.starts_with("政策文件第6行：无法识别的字段“per_yaer_yuan”"), "{m}");
        let m = err(&MINIMAL.replace(r#""region""#, r#""regoin""#));
        assert!(m.starts_with("政策文件第4行：无法识别的字段“regoin”"), "{m}");
        let m = err(&MINIMAL.replace(r#""name": "测试标准","#, ""));
        assert!(m.contains("缺少字段“name”"), "{m}");
        let m = err(&MINIMAL.replace("300", "\"300\""));
        assert!(m.contains("取值类型不正确，应为以元为单位的金额"), "{m}");
        let m = err(&MINIMAL.replace("300 }", "300, }"));
        assert!(m.contains("第6行：格式错误"), "{m}");
        assert!(err("{").contains("内容不完整"));
        let guizhou = include_str!("../../policies/guizhou.json").replace("spring_festival", "spring");
        assert!(err(&guizhou).contains("无法识别的字段“spring”"));
    }

    #[test]
    fn bad_values_are_refused() {
        let m = err(&MINIMAL.replace("300", "-300"));
        assert_eq!(m, "政策文件第6行：限额不能为负数，现在是-300元");
        let m = err(&MINIMAL.replace("300", "-0.5"));
        assert!(m.contains("限额不能为负数"), "{m}");
        let m = err(&MINIMAL.replace("300", "300.125"));
        assert!(m.contains("最多保留两位小数"), "{m}");
        let m = err(&MINIMAL.replace("300", "1e15"));
        assert!(m.contains("超过1万亿元"), "{m}");
        let with_window = |before: &str, after: &str| {
            MINIMAL.replace(
                r#""birthday": { "per_year_yuan": 300 }"#,
                &format!(r#""festival": {{ "per_year_yuan": 300, "days_before": {before}, "days_after": {after} }}"#),
            )
        };
        assert!(parse(&with_window("60", "30")).is_ok());
        let m = err(&with_window("61", "7"));
        assert!(m.contains("节日前可提前发放的天数（days_before）应为0到60天，现在是61天"), "{m}");
        let m = err(&with_window("30", "-1"));
        assert!(m.contains("days_after"), "{m}");
        let m = err(&MINIMAL.replace(r#"{ "per_year_yuan": 300 }"#, "{}"));
        assert_eq!(
            m,
            "政策文件：items.birthday（生日慰问）没有设定限额，请填写per_year_yuan或per_occasion_yuan"
        );
        let m = err(&MINIMAL
            .replace("birthday", "festival")
            .replace(r#"{ "per_year_yuan": 300 }"#, r#"{ "per_holiday_yuan": { "spring_festival": 500 } }"#));
        assert!(m.contains("items.festival（节日慰问）须设定每年限额"), "{m}");
        let m = err(&MINIMAL
            .replace("birthday", "hospital")
            .replace(r#""per_year_yuan": 300"#, r#""per_year_yuan": 500, "surgery_yuan": 400"#));
        assert!(m.contains("手术限额（surgery_yuan）400元低于普通限额500元"), "{m}");
        let m = err(&MINIMAL.replace(r#""key": "test""#, r#""key": "Test 1""#));
        assert!(m.contains("key“Test 1”"), "{m}");
        let m = err(&MINIMAL.replace("测试省", " "));
        assert_eq!(m, "政策文件：region不能为空");
        // A surgery cap is for hospital stays only.
        let m =
            err(&MINIMAL.replace(r#""per_year_yuan": 300"#, r#""per_year_yuan": 300, "surgery_yuan": 400"#));
        assert!(m.contains("无法识别的字段“surgery_yuan”"), "{m}");
    }

    #[test]
    fn fractional_caps_round_trip() {
        let mut policy = p("anhui-2018");
        policy.items.birthday = Some(Cap { per_year_fen: Some(30_050), per_occasion_fen: None });
        policy.items.festival.as_mut().unwrap().per_holiday = Some(HolidayCaps {
            spring_festival: Some(50_001),
            others: Some(20_000),
            ..HolidayCaps::default()
        });
        let json = to_json(&policy);
        assert!(json.contains("300.5"), "{json}");
        assert_eq!(parse(&json).unwrap(), policy);
    }

    fn preset_keys() -> impl Strategy<Value = &'static str> {
        prop::sample::select(PRESETS.to_vec())
    }

    /// One gift: item, amount up to 1200 yuan, a form, a holiday and a day
    /// within its window in 2026, surgery or not.
    fn gifts() -> impl Strategy<Value = Request> {
        (
            prop::sample::select(Item::ALL.to_vec()),
            1i64..=120_000,
            prop::sample::select(Form::ALL.to_vec()),
            prop::sample::select(Holiday::ALL.to_vec()),
            -30i64..=7,
            any::<bool>(),
        )
            .prop_map(|(item, amount_fen, form, h, offset, surgery)| Request {
                item,
                amount_fen,
                form,
                date: h.date_in(2026).unwrap() + chrono::TimeDelta::days(offset),
                holiday: (item == Item::Festival).then_some(h),
                surgery,
                winners: None,
                entrants: None,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn allowed_gifts_never_add_up_past_a_cap(
            key in preset_keys(),
            requests in prop::collection::vec(gifts(), 1..40),
        ) {
            let policy = p(key);
            let mut given: Vec<Given> = Vec::new();
            for r in &requests {
                let v = check(&policy, r, &given);
                if v.allowed {
                    prop_assert_eq!(v.code, "ok");
                    if let Some(cap) = policy.caps(r.item).and_then(|c| c.per_occasion) {
                        let cap = if r.surgery { policy.caps(r.item).unwrap().surgery.unwrap_or(cap) } else { cap };
                        prop_assert!(r.amount_fen <= cap);
                    }
                    given.push(Given { item: r.item, holiday: r.holiday, amount_fen: r.amount_fen });
                } else {
                    prop_assert!(v.code != "ok");
                    prop_assert!(v.rule.starts_with(&format!("{}：", policy.region)), "{}", v.rule);
                }
            }
            for item in Item::ALL {
                let Some(caps) = policy.caps(item) else {
                    prop_assert!(given.iter().all(|g| g.item != item));
                    continue;
                };
                let total = sum(given.iter().filter(|g| g.item == item));
                if let Some(cap) = caps.per_year {
                    prop_assert!(total <= caps.surgery.unwrap_or(cap).max(cap), "{item:?} {total} > {cap}");
                }
                if let Some(ph) = caps.per_holiday {
                    for h in Holiday::ALL {
                        let per = sum(given.iter().filter(|g| g.item == item && g.holiday == Some(h)));
                        prop_assert!(per <= ph.get(h).unwrap_or(i64::MAX), "{h:?} {per}");
                    }
                }
            }
        }

        #[test]
        fn within_the_remaining_cap_on_the_holiday_is_allowed(
            key in preset_keys(),
            item in prop::sample::select(Item::ALL.to_vec()),
            h in prop::sample::select(Holiday::ALL.to_vec()),
            year in 2020i32..=2040,
            prior_share in 0i64..100,
            share in 1i64..=100,
            form_pick in 0usize..3,
        ) {
            let policy = p(key);
            let Some(caps) = policy.caps(item) else { return Ok(()) };
            let yearly = [caps.per_year, caps.per_holiday.and_then(|ph| ph.get(h))];
            let yearly_min = yearly.into_iter().flatten().min();
            // Earlier gifts of the same item and holiday: a share of the cap.
            let prior = yearly_min.map_or(0, |c| c * prior_share / 100);
            // An uncapped item (assistance) has no room to test.
            let Some(room) = yearly_min.map(|c| c - prior).into_iter().chain(caps.per_occasion).min() else {
                return Ok(());
            };
            prop_assume!(room > 0);
            let amount = (room * share / 100).max(1);
            let forms = item.allowed_forms();
            let r = Request {
                item,
                amount_fen: amount,
                form: forms[form_pick % forms.len()],
                date: h.date_in(year).unwrap(),
                holiday: Some(h),
                surgery: false,
                winners: Some(1),
                entrants: Some(3),
            };
            let given = [Given { item, holiday: Some(h), amount_fen: prior }];
            let v = check(&policy, &r, &given);
            prop_assert!(v.allowed, "{:?}", v);
            prop_assert!(v.rule.starts_with(&format!("符合{}规定：", policy.region)), "{}", v.rule);
            prop_assert!(v.remaining_fen().unwrap() >= amount);
        }
    }
}
