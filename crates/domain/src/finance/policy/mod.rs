//! The spending-rule engine (DOMAIN.md §6): every member-welfare payment is
//! checked against the union's policy preset before it is paid.
//!
//! A [`Policy`] is data: caps per item in yuan, as a province published them
//! (the presets under `crates/domain/policies/`, or a union's own file). The
//! national rules (总工办发〔2017〕32号) are code: which forms a gift may take,
//! festival gifts only around the seven holidays, prize winners at most a
//! third of the entrants. [`check`] applies both and names the rule and the
//! numbers in Chinese, whatever it decides.

mod check;
mod file;
mod model;

#[cfg(test)]
mod tests;

pub use check::*;
pub use file::*;
pub use model::*;

use serde::{Deserialize, Serialize};

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
    /// 合理化建议奖励: only where a union's own policy provides it; otherwise
    /// a suggestion's reward is checked as a contest prize.
    SuggestionReward,
    /// 困难帮扶慰问: 送温暖, 金秋助学, 夏送清凉 and help in a family crisis.
    Assistance,
}

impl Item {
    pub const ALL: [Item; 13] = [
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
        Item::SuggestionReward,
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
            Item::SuggestionReward => "suggestion_reward",
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
            Item::SuggestionReward => "合理化建议奖励",
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
            Item::SuggestionReward => &[Cash, Goods, NamedGoodsVoucher],
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
