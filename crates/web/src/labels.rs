//! What a person reads for a code stored as text: every enum a page shows
//! goes through the domain's `label()` here, never as its code. A code the
//! domain does not know (old data) is shown as it is rather than hidden.

use domain::care::events::EventKind;
use domain::finance::policy::{self, Form, Item};

/// 五必访 and life events: 生育, 生病住院 …
pub fn event_kind(code: &str) -> String {
    EventKind::parse(code).map_or_else(|| code.to_owned(), |k| k.label().to_owned())
}

/// How a payment or gift is given: 现金, 实物, 购物卡 …
pub fn payment_form(code: &str) -> String {
    Form::parse(code).map_or_else(|| code.to_owned(), |f| f.label().to_owned())
}

/// What a payment was for (the spending-rule item): 困难帮扶慰问, 生日慰问 …
pub fn spending_item(code: &str) -> String {
    Item::parse(code).map_or_else(|| code.to_owned(), |i| i.label().to_owned())
}

/// The spending policy a union follows, by its name.
pub fn policy_preset(key: &str) -> String {
    if key == "custom" {
        return "本会自定义".to_owned();
    }
    policy::preset(key).map_or_else(|| key.to_owned(), |p| p.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_in_chinese() {
        assert_eq!(event_kind("childbirth"), "生育");
        assert_eq!(payment_form("cash"), "现金");
        assert!(!spending_item("assistance").is_ascii());
        assert_eq!(policy_preset("custom"), "本会自定义");
        assert!(!policy_preset("anhui-2018").is_ascii());
        for k in EventKind::ALL {
            assert!(!event_kind(k.as_str()).is_ascii(), "{k:?}");
        }
        for f in Form::ALL {
            assert!(!payment_form(f.as_str()).is_ascii(), "{f:?}");
        }
    }
}
