//! Campaigns (送温暖, 夏送清凉, 金秋助学, 春送岗位) and festival or birthday
//! distributions: what each pays for, from which account, and who is on the
//! list.

use serde::{Deserialize, Serialize};

use super::hardship::Category;
use crate::finance::policy::Item;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CampaignKind {
    /// 送温暖: New Year and Spring Festival visits to families in difficulty.
    Warmth,
    /// 夏送清凉: summer heat relief for frontline workers.
    Cooling,
    /// 金秋助学: school fees for children of families in difficulty.
    Schooling,
    /// 春送岗位: job placement; no money changes hands.
    Jobs,
    /// 节日慰问: gifts on one of the listed holidays.
    Festival,
    /// 生日慰问: the birthday cake of the month.
    Birthday,
}

impl CampaignKind {
    pub const ALL: [CampaignKind; 6] = [
        CampaignKind::Warmth,
        CampaignKind::Cooling,
        CampaignKind::Schooling,
        CampaignKind::Jobs,
        CampaignKind::Festival,
        CampaignKind::Birthday,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CampaignKind::Warmth => "warmth",
            CampaignKind::Cooling => "cooling",
            CampaignKind::Schooling => "schooling",
            CampaignKind::Jobs => "jobs",
            CampaignKind::Festival => "festival",
            CampaignKind::Birthday => "birthday",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim() || k.label() == s.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            CampaignKind::Warmth => "送温暖",
            CampaignKind::Cooling => "夏送清凉",
            CampaignKind::Schooling => "金秋助学",
            CampaignKind::Jobs => "春送岗位",
            CampaignKind::Festival => "节日慰问",
            CampaignKind::Birthday => "生日慰问",
        }
    }

    /// The spending-rule item each payment of the campaign is checked as;
    /// None where nothing is paid.
    pub fn item(self) -> Option<Item> {
        match self {
            CampaignKind::Warmth | CampaignKind::Cooling | CampaignKind::Schooling => Some(Item::Assistance),
            CampaignKind::Festival => Some(Item::Festival),
            CampaignKind::Birthday => Some(Item::Birthday),
            CampaignKind::Jobs => None,
        }
    }

    /// The expenditure account (chart code) the campaign is booked to by
    /// default: 送温暖费, 困难职工帮扶费, 劳动保护费 or 职工集体福利费.
    pub fn default_account(self) -> Option<&'static str> {
        match self {
            CampaignKind::Warmth => Some("530105"),
            CampaignKind::Schooling => Some("530104"),
            CampaignKind::Cooling => Some("530102"),
            CampaignKind::Festival | CampaignKind::Birthday => Some("510104"),
            CampaignKind::Jobs => None,
        }
    }
}

/// Who a campaign's list is built from. Empty sets mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// Members with an approved hardship file of one of these categories.
    #[serde(default)]
    pub categories: Vec<Category>,
    /// Only members flagged 困难职工 on the roster.
    #[serde(default)]
    pub hardship_flag: bool,
    /// Only model workers (劳模).
    #[serde(default)]
    pub model_worker: bool,
    /// Only members of these groups (工会小组).
    #[serde(default)]
    pub group_ids: Vec<uuid::Uuid>,
    /// Only members born in this month (1–12): the birthday list.
    #[serde(default)]
    pub birth_month: Option<u32>,
}

/// What the filter looks at of one active member.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub category: Option<Category>,
    pub hardship_flag: bool,
    pub model_worker: bool,
    pub group_id: Option<uuid::Uuid>,
    pub birth_month: Option<u32>,
}

impl Filter {
    pub fn matches(&self, c: &Candidate) -> bool {
        (self.categories.is_empty() || c.category.is_some_and(|cat| self.categories.contains(&cat)))
            && (!self.hardship_flag || c.hardship_flag)
            && (!self.model_worker || c.model_worker)
            && (self.group_ids.is_empty() || c.group_id.is_some_and(|g| self.group_ids.contains(&g)))
            && self.birth_month.is_none_or(|m| c.birth_month == Some(m))
    }

    /// The filter in words, for the list and the sign-off sheet.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.categories.is_empty() {
            let c: Vec<&str> = self.categories.iter().map(|c| c.label()).collect();
            parts.push(format!("困难类别：{}", c.join("、")));
        }
        if self.hardship_flag {
            parts.push("花名册标记为困难职工".into());
        }
        if self.model_worker {
            parts.push("劳模".into());
        }
        if !self.group_ids.is_empty() {
            parts.push(format!("{}个工会小组", self.group_ids.len()));
        }
        if let Some(m) = self.birth_month {
            parts.push(format!("{m}月生日"));
        }
        if parts.is_empty() { "全体在籍会员".into() } else { parts.join("；") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(category: Option<Category>) -> Candidate {
        Candidate {
            category,
            hardship_flag: false,
            model_worker: false,
            group_id: None,
            birth_month: Some(3),
        }
    }

    #[test]
    fn filters_combine_with_and() {
        let all = Filter::default();
        assert!(all.matches(&cand(None)));
        assert_eq!(all.describe(), "全体在籍会员");
        let deep = Filter { categories: vec![Category::Deep, Category::Accident], ..Filter::default() };
        assert!(deep.matches(&cand(Some(Category::Deep))));
        assert!(!deep.matches(&cand(Some(Category::Relative))));
        assert!(!deep.matches(&cand(None)));
        let march = Filter { birth_month: Some(3), model_worker: true, ..Filter::default() };
        assert!(!march.matches(&cand(None)));
        let mut c = cand(None);
        c.model_worker = true;
        assert!(march.matches(&c));
        assert!(march.describe().contains("3月生日"));
    }

    #[test]
    fn kinds_know_their_item_and_account() {
        for k in CampaignKind::ALL {
            assert_eq!(CampaignKind::parse(k.as_str()), Some(k));
            assert_eq!(k.item().is_some(), k.default_account().is_some());
        }
        assert_eq!(CampaignKind::Warmth.default_account(), Some("530105"));
        assert_eq!(CampaignKind::Festival.item(), Some(Item::Festival));
    }
}
