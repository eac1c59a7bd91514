//! Policies as data: the caps per item and the festival window.

use serde::{Deserialize, Serialize};

use crate::finance::holidays::Holiday;
use crate::finance::money::MAX_FEN;

use super::Item;
use super::check::yuan;

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
    /// 合理化建议奖励, per person per suggestion (a union's own rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion_reward: Option<Cap>,
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
pub(super) struct Caps {
    pub(super) per_year: Option<i64>,
    pub(super) per_occasion: Option<i64>,
    pub(super) surgery: Option<i64>,
    pub(super) per_holiday: Option<HolidayCaps>,
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

    pub(super) fn caps(&self, item: Item) -> Option<Caps> {
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
            Item::SuggestionReward => plain(&i.suggestion_reward),
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
