//! The disclosure board (厂务公开 / 校务公开, DOMAIN.md §12): what a union
//! publishes to its members, by category and period. Published text is
//! never edited; an item is withdrawn with a reason and stays on record.

use crate::{DomainError, ErrorCode, text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// 财务收支: the monthly finance statement, the year's accounts.
    Finance,
    /// 帮扶救助: aid lists (named only with consent).
    Aid,
    /// 民主管理: congress resolutions, ballot results, elections.
    Democracy,
    /// 重大事项: the employer's decisions that touch workers' interests.
    Affairs,
    /// 职工福利: welfare, gifts, activities.
    Welfare,
    Other,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Finance,
        Category::Aid,
        Category::Democracy,
        Category::Affairs,
        Category::Welfare,
        Category::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Finance => "finance",
            Category::Aid => "aid",
            Category::Democracy => "democracy",
            Category::Affairs => "affairs",
            Category::Welfare => "welfare",
            Category::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Finance => "财务收支",
            Category::Aid => "帮扶救助",
            Category::Democracy => "民主管理",
            Category::Affairs => "重大事项",
            Category::Welfare => "职工福利",
            Category::Other => "其他",
        }
    }

    /// By code or by its Chinese label.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|c| c.as_str() == s || c.label() == s)
    }
}

/// A disclosure item as submitted, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub category: Category,
    pub title: String,
    /// The period it covers, as people write it: "2026年11月", "2026年度".
    pub period: String,
    pub body: String,
}

impl Item {
    pub fn parse(category: &str, title: &str, period: &str, body: &str) -> Result<Item, DomainError> {
        let category = Category::parse(category).ok_or_else(|| {
            let all: Vec<String> =
                Category::ALL.iter().map(|c| format!("{}（{}）", c.as_str(), c.label())).collect();
            DomainError::field(
                ErrorCode::InvalidValue,
                "category",
                format!("公开类别“{}”不存在，可选：{}", category.trim(), all.join("、")),
            )
        })?;
        Ok(Item {
            category,
            title: text::required_line("title", "标题", title, 100)?,
            period: text::required_line("period", "公开期间", period, 40)?,
            body: text::multiline("body", "公开内容", body, 20_000)?
                .ok_or_else(|| DomainError::field(ErrorCode::Required, "body", "公开内容不能为空"))?,
        })
    }
}

/// A member's feedback on an item: one message, bounded.
pub fn parse_feedback(body: &str) -> Result<String, DomainError> {
    text::multiline("body", "意见", body, 1_000)?
        .ok_or_else(|| DomainError::field(ErrorCode::Required, "body", "意见不能为空"))
}

/// A withdrawal needs its reason.
pub fn parse_withdraw_reason(reason: &str) -> Result<String, DomainError> {
    text::required_line("reason", "撤回原因", reason, 200)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_round_trip_by_code_and_label() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
            assert_eq!(Category::parse(c.label()), Some(c));
        }
        assert_eq!(Category::parse("gossip"), None);
    }

    #[test]
    fn an_item_names_the_field_it_lacks() {
        let e = Item::parse("secret", "标题", "2026年", "内容").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("category"));
        assert!(e.message.contains("财务收支"), "{}", e.message);
        let e = Item::parse("finance", "  ", "2026年", "内容").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("title"));
        let e = Item::parse("finance", "标题", "", "内容").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("period"));
        let e = Item::parse("finance", "标题", "2026年", "\n ").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("body"));
        let ok = Item::parse("财务收支", " 十月收支 ", "2026年10月", "收入\n支出").unwrap();
        assert_eq!(
            (ok.category, ok.title.as_str(), ok.body.as_str()),
            (Category::Finance, "十月收支", "收入\n支出")
        );
    }

    #[test]
    fn feedback_and_withdrawal_need_text() {
        assert_eq!(parse_feedback("").unwrap_err().field.as_deref(), Some("body"));
        assert_eq!(parse_feedback(&"长".repeat(1_001)).unwrap_err().field.as_deref(), Some("body"));
        assert_eq!(parse_withdraw_reason(" ").unwrap_err().field.as_deref(), Some("reason"));
        assert_eq!(parse_withdraw_reason("数字有误").unwrap(), "数字有误");
    }
}
