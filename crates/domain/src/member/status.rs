//! Membership statuses and the changes between them.

use serde::{Deserialize, Serialize};

use crate::{DomainError, ErrorCode};

/// 会籍状态. Only `Active` and `Retained` hold a membership (one per person
/// nationwide); the others are history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    Applying,
    Active,
    /// 保留会籍: retired or laid off; keeps membership, pays no dues.
    Retained,
    TransferredOut,
    Withdrawn,
    Expelled,
    Deceased,
    Declined,
    /// Folded into another record as a duplicate.
    Merged,
}

impl MemberStatus {
    pub const ALL: [MemberStatus; 9] = [
        MemberStatus::Applying,
        MemberStatus::Active,
        MemberStatus::Retained,
        MemberStatus::TransferredOut,
        MemberStatus::Withdrawn,
        MemberStatus::Expelled,
        MemberStatus::Deceased,
        MemberStatus::Declined,
        MemberStatus::Merged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MemberStatus::Applying => "applying",
            MemberStatus::Active => "active",
            MemberStatus::Retained => "retained",
            MemberStatus::TransferredOut => "transferred_out",
            MemberStatus::Withdrawn => "withdrawn",
            MemberStatus::Expelled => "expelled",
            MemberStatus::Deceased => "deceased",
            MemberStatus::Declined => "declined",
            MemberStatus::Merged => "merged",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            MemberStatus::Applying => "申请中",
            MemberStatus::Active => "在籍",
            MemberStatus::Retained => "保留会籍",
            MemberStatus::TransferredOut => "转出",
            MemberStatus::Withdrawn => "退会",
            MemberStatus::Expelled => "除名",
            MemberStatus::Deceased => "去世",
            MemberStatus::Declined => "未批准",
            MemberStatus::Merged => "已合并",
        }
    }

    /// Counts for "one active membership per person nationwide".
    pub fn holds_membership(self) -> bool {
        matches!(self, MemberStatus::Active | MemberStatus::Retained)
    }

    pub fn pays_dues(self) -> bool {
        self == MemberStatus::Active
    }

    /// Set only by the transfer and merge processes, never picked by hand.
    pub fn set_by_system_only(self) -> bool {
        matches!(self, MemberStatus::TransferredOut | MemberStatus::Merged)
    }

    /// Whether a record in this status may move to `to`.
    pub fn can_change_to(self, to: MemberStatus) -> bool {
        use MemberStatus::*;
        match self {
            Applying => matches!(to, Active | Declined),
            Active => matches!(to, Retained | Withdrawn | Expelled | Deceased | TransferredOut | Merged),
            Retained => matches!(to, Active | Withdrawn | Expelled | Deceased | TransferredOut | Merged),
            TransferredOut | Withdrawn | Expelled | Deceased | Declined | Merged => false,
        }
    }
}

/// Checks a status change (field `status`).
pub fn check_status_change(from: MemberStatus, to: MemberStatus) -> Result<(), DomainError> {
    if from.can_change_to(to) {
        return Ok(());
    }
    let message = if from == to {
        format!("会员状态已是“{}”，无需变更", from.label())
    } else if from.holds_membership() || from == MemberStatus::Applying {
        format!("会员状态不能从“{}”直接改为“{}”", from.label(), to.label())
    } else {
        format!(
            "会员状态不能从“{}”改为“{}”：该会籍已终止，如需重新入会，请重新提出入会申请",
            from.label(),
            to.label()
        )
    };
    Err(DomainError::field(ErrorCode::InvalidStatusChange, "status", message))
}

/// Whether moving to `to` needs a reason and date noted (退会, 除名, 未批准,
/// 去世, and 保留会籍 for 退休 / 下岗).
pub fn status_change_needs_reason(to: MemberStatus) -> bool {
    matches!(
        to,
        MemberStatus::Withdrawn
            | MemberStatus::Expelled
            | MemberStatus::Declined
            | MemberStatus::Deceased
            | MemberStatus::Retained
    )
}
