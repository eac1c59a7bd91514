//! The rules a target must keep: a rate no target sets above 100%, a
//! metric computed at the org's level, and a unit that compares with the
//! metric's (万元 targets read 元 metrics ÷ 10,000).

use super::metric::{Level, Metric};
use crate::{DomainError, ErrorCode};

/// The units a target may be written in, as the forms offer them.
pub const UNITS: &[&str] = &[
    "%", "人", "名", "人次", "家", "个", "次", "期", "场", "项", "户", "起", "件", "条", "篇", "天", "小时",
    "学时", "元", "万元", "份",
];

/// What kind of quantity a unit counts.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Rate,
    /// Money, with yuan per unit.
    Money(f64),
    Count,
}

fn kind(unit: &str) -> Kind {
    match unit {
        "%" | "％" => Kind::Rate,
        "元" => Kind::Money(1.0),
        "万元" => Kind::Money(10_000.0),
        _ => Kind::Count,
    }
}

/// The unit as stored: the full-width ％ is %.
pub fn normalise_unit(unit: &str) -> String {
    let u = unit.trim();
    if u == "％" { "%".to_owned() } else { u.to_owned() }
}

/// How many of the metric's units make one of the target's (万元 over a
/// 元 metric: 10,000), or `None` when they do not compare (a % target on
/// a count).
pub fn factor(target_unit: &str, metric: Metric) -> Option<f64> {
    match (kind(target_unit), kind(metric.unit())) {
        (Kind::Rate, Kind::Rate) | (Kind::Count, Kind::Count) => Some(1.0),
        (Kind::Money(t), Kind::Money(m)) => Some(t / m),
        _ => None,
    }
}

/// The org level's words.
pub fn level_label(federation: bool) -> &'static str {
    if federation { "总工会" } else { "基层工会" }
}

/// Whether a metric may be bound at this level and in this unit (the
/// suggestions of the extraction that may not are left unbound).
pub fn binds(metric: Metric, unit: &str, federation: bool) -> bool {
    metric.applies_to(federation) && factor(unit, metric).is_some()
}

/// Checks a target's value, unit and metric for an org of this level;
/// the first fault names its field.
pub fn check(value: f64, unit: &str, metric: Option<Metric>, federation: bool) -> Result<(), DomainError> {
    let unit = normalise_unit(unit);
    if unit.is_empty() {
        return Err(DomainError::field(ErrorCode::Required, "unit", "请填写单位（如 %、家、次、元）"));
    }
    if unit.chars().count() > 8 {
        return Err(DomainError::field(ErrorCode::TooLong, "unit", "单位不能超过8个字"));
    }
    if !value.is_finite() || value < 0.0 {
        return Err(DomainError::field(ErrorCode::InvalidValue, "value", "目标值应为不小于0的数"));
    }
    if value > 1e12 {
        return Err(DomainError::field(ErrorCode::InvalidValue, "value", "目标值过大"));
    }
    if kind(&unit) == Kind::Rate && value > 100.0 {
        return Err(DomainError::field(ErrorCode::InvalidValue, "value", "百分比不能超过100"));
    }
    let Some(m) = metric else { return Ok(()) };
    if !m.applies_to(federation) {
        let only = match m.level() {
            Level::Federation => "总工会（按其管辖范围统计）",
            Level::Union => "基层工会",
            Level::Both => "各级工会",
        };
        return Err(DomainError::field(
            ErrorCode::InvalidValue,
            "metric",
            format!("指标“{}”只适用于{only}，不适用于{}", m.label(), level_label(federation)),
        ));
    }
    if factor(&unit, m).is_none() {
        return Err(DomainError::field(
            ErrorCode::InvalidValue,
            "metric",
            format!("指标“{}”的单位是“{}”，不能与单位为“{unit}”的目标比较", m.label(), m.unit()),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::extract::extract;

    #[test]
    fn rates_stop_at_100() {
        let e = check(101.0, "%", None, false).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("value"));
        assert_eq!(e.message, "百分比不能超过100");
        assert!(check(100.0, "％", None, false).is_ok());
        assert!(check(120.0, "家", None, false).is_ok());
        assert_eq!(check(-1.0, "家", None, false).unwrap_err().field.as_deref(), Some("value"));
        assert_eq!(check(f64::NAN, "家", None, false).unwrap_err().field.as_deref(), Some("value"));
        assert_eq!(check(1.0, " ", None, false).unwrap_err().field.as_deref(), Some("unit"));
    }

    #[test]
    fn metric_level_and_unit() {
        let e = check(95.0, "%", Some(Metric::UnionisationRate), false).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("metric"));
        assert!(e.message.contains("基层工会") && e.message.contains("建会率"), "{}", e.message);
        assert!(check(95.0, "%", Some(Metric::UnionisationRate), true).is_ok());
        let e = check(95.0, "%", Some(Metric::ActivitiesHeld), false).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("metric"));
        assert!(e.message.contains("%"));
        assert!(check(12.0, "次", Some(Metric::ParticipationRate), false).is_err());
        assert!(check(12.0, "场", Some(Metric::ActivitiesHeld), false).is_ok());
    }

    #[test]
    fn ten_thousand_yuan() {
        assert_eq!(factor("万元", Metric::CareAmount), Some(10_000.0));
        assert_eq!(factor("元", Metric::CareAmount), Some(1.0));
        assert_eq!(factor("%", Metric::CareAmount), None);
        assert_eq!(factor("家", Metric::NewUnions), Some(1.0));
        assert!(check(2.0, "万元", Some(Metric::CareAmount), false).is_ok());
    }

    #[test]
    fn seed_suggestions_keep_the_rules() {
        // Every candidate of the seeds is a valid target for some level;
        // the ones whose metric a union cannot compute are unbound there.
        for seed in [
            include_str!("seeds/000_6fd2ff6756ff44f6.txt"),
            include_str!("seeds/001_031ff6f7eb7b6571.txt"),
            include_str!("seeds/002_81eccbbc9132d5d4.txt"),
        ] {
            for c in extract(seed) {
                let federation = c.metric.is_some_and(|m| m.applies_to(true) && !m.applies_to(false));
                assert!(check(c.value, &c.unit, c.metric, federation).is_ok(), "{c:?}");
                if let Some(m) = c.metric {
                    assert_eq!(binds(m, &c.unit, false), m.applies_to(false));
                }
            }
        }
    }
}
