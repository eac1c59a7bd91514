//! One flat list of error codes shared by pages and the API (Lemmy-style):
//! the code travels to clients as snake_case, the message is always Chinese.

use serde::Serialize;

macro_rules! codes {
    ($($variant:ident => $snake:literal, $zh:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode { $($variant),* }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The code as clients see it.
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $snake),* }
            }

            /// The default Chinese message; a field error usually says more.
            pub fn message(self) -> &'static str {
                match self { $(ErrorCode::$variant => $zh),* }
            }
        }
    };
}

codes! {
    MalformedJson => "malformed_json", "请求内容不是合法的 JSON";
    MalformedForm => "malformed_form", "表单内容无法识别";
    InvalidQuery => "invalid_query", "查询参数不正确";
    InvalidPath => "invalid_path", "地址中的参数不正确";
    UnsupportedMediaType => "unsupported_media_type", "请求内容类型不受支持，请使用 JSON";
    BodyTooLarge => "body_too_large", "请求内容过大";
    UnknownField => "unknown_field", "包含无法识别的字段";
    InvalidType => "invalid_type", "字段类型不正确";
    Required => "required", "必填项不能为空";
    TooLong => "too_long", "内容过长";
    ControlCharacters => "control_characters", "内容包含不可见的控制字符";
    InvalidValue => "invalid_value", "取值不正确";
    InvalidDate => "invalid_date", "日期不正确";
    InvalidCreditCode => "invalid_credit_code", "统一社会信用代码不正确";
    DuplicateCreditCode => "duplicate_credit_code", "该统一社会信用代码已被其他组织使用";
    InvalidParent => "invalid_parent", "上级组织不能包含此类组织";
    MoveIntoOwnSubtree => "move_into_own_subtree", "不能把组织移动到它自己或它的下级之下";
    OrgArchived => "org_archived", "该组织已撤销（归档），不能修改";
    OrgHasActiveChildren => "org_has_active_children", "该组织还有未撤销的下级组织，不能撤销";
    InvalidTerm => "invalid_term", "任期只能为3年或5年";
    InvalidIdNumber => "invalid_id_number", "证件号码不正确";
    IdMismatch => "id_mismatch", "与证件号码中的信息不一致";
    InvalidMobile => "invalid_mobile", "手机号不正确";
    InvalidMoney => "invalid_money", "金额不正确";
    InvalidStatusChange => "invalid_status_change", "会员状态不能这样变更";
    InvalidCardPattern => "invalid_card_pattern", "会员证号规则不正确";
    MemberActiveElsewhere => "member_active_elsewhere", "该人员已是其他工会的在籍会员";
    VoucherUnbalanced => "voucher_unbalanced", "借贷不平衡";
    VoucherZeroLine => "voucher_zero_line", "分录金额不能为0";
    VoucherPosted => "voucher_posted", "凭证已记账，不能修改或删除，请用红字冲销更正";
    VoucherState => "voucher_state", "凭证当前状态不能执行此操作";
    SameReviewer => "same_reviewer", "审核人不能是制单人";
    PeriodClosed => "period_closed", "该月份已结账，不能再记账";
    BudgetExceeded => "budget_exceeded", "超出预算，须填写原因和批准人";
    BelowZero => "below_zero", "付款后库存现金或银行存款余额将低于零，须确认后才能提交";
    OpeningLocked => "opening_locked", "已有月份结账，期初余额已锁定，不能再录入或修改";
    PolicyRefused => "policy_refused", "不符合经费支出规定";
    InvalidPolicy => "invalid_policy", "经费政策文件不正确";
    AlreadyPaid => "already_paid", "已缴纳，不能重复收取";
    UsernameTaken => "username_taken", "用户名已被使用";
    InvalidUsername => "invalid_username", "用户名只能包含小写字母、数字、点、下划线和短横线，长度3到32位";
    WeakPassword => "weak_password", "密码至少10个字符，须包含字母和数字，不能包含用户名，也不能是常见密码";
    WrongPassword => "wrong_password", "原密码不正确";
    InvalidRole => "invalid_role", "角色不存在";
    RoleNotForOrg => "role_not_for_org", "该角色不能授予在此类组织上";
    Unauthenticated => "unauthenticated", "请先登录";
    InvalidCredentials => "invalid_credentials", "用户名或密码不正确";
    LoginThrottled => "login_throttled", "登录失败次数过多，请稍后再试";
    AccountDisabled => "account_disabled", "该账号已停用";
    PasswordChangeRequired => "password_change_required", "您的密码由他人设置（初始密码或重设的密码），请先修改密码再继续使用";
    CsrfFailed => "csrf_failed", "页面已过期或来源不明，请刷新页面后重试";
    Forbidden => "forbidden", "没有权限执行此操作";
    NotFound => "not_found", "记录不存在";
    MethodNotAllowed => "method_not_allowed", "不支持该请求方法";
    Conflict => "conflict", "与现有记录冲突";
    LastAdmin => "last_admin", "这是最后一名可用的系统管理员，不能撤销其管理员角色或停用其账号";
    BallotNotOpen => "ballot_not_open", "投票尚未开始";
    BallotClosed => "ballot_closed", "投票已结束，不再接受投票";
    BallotState => "ballot_state", "投票当前状态不能执行此操作";
    AlreadyVoted => "already_voted", "您已投过票，每人只能投一票";
    NotEntitled => "not_entitled", "您不在本次投票的投票人名单中";
    QuorumNotMet => "quorum_not_met", "到会人数不足应到人数的三分之二，不能开始投票";
    InvalidChoice => "invalid_choice", "选票填写不正确";
    InsufficientCandidates => "insufficient_candidates", "候选人数应多于应选人数5%以上（差额选举）";
    ReceiptNotFound => "receipt_not_found", "该回执码不在已公布的选票中";
    CountMismatch => "count_mismatch", "两次录入的计票结果不一致，请核对纸质选票";
    AlreadySignedUp => "already_signed_up", "您已报名本活动，每人只能报名一次";
    SignupNotOpen => "signup_not_open", "报名尚未开始";
    SignupClosed => "signup_closed", "报名已截止";
    NotInAudience => "not_in_audience", "您不在本活动的参加对象范围内";
    NotSignedUp => "not_signed_up", "您没有报名本活动";
    CancelDeadlinePassed => "cancel_deadline_passed", "已过取消报名的截止时间";
    AlreadyCheckedIn => "already_checked_in", "您已签到，不能重复签到";
    WrongCode => "wrong_code", "签到码不属于本活动，请扫描本活动现场的二维码";
    CheckinNotOpen => "checkin_not_open", "签到尚未开始";
    ActivityOver => "activity_over", "活动已结束，不能再签到";
    NotAJudge => "not_a_judge", "您不是本轮比赛的评委";
    AlreadyScored => "already_scored", "您已为该参赛者评过分，不能重复评分";
    RoundClosed => "round_closed", "本轮评分已结束";
    NotPending => "not_pending", "该报名不在待审核状态，不能审核（可能已审核过或已取消）";
    InvalidTransition => "invalid_transition", "当前状态不能执行此操作";
    AlreadyClosed => "already_closed", "该事项已结案，不能重复结案";
    RepresentativesRequired => "representatives_required", "劳动者一方十人以上并有共同请求的，应推举3至5名代表";
    InvalidContractTerm => "invalid_contract_term", "集体合同期限应为12至36个月";
    InvalidCount => "invalid_count", "人数不正确";
    DatabaseUnavailable => "database_unavailable", "数据库暂时无法访问，请稍后再试";
    Internal => "internal", "服务器内部错误，请稍后再试";
}

/// A rule was broken. `field` names the input at fault (the API field name),
/// `message` says in Chinese what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainError {
    pub code: ErrorCode,
    pub field: Option<String>,
    pub message: String,
}

impl DomainError {
    pub fn new(code: ErrorCode) -> Self {
        Self { code, field: None, message: code.message().to_owned() }
    }

    pub fn field(code: ErrorCode, field: &str, message: impl Into<String>) -> Self {
        Self { code, field: Some(field.to_owned()), message: message.into() }
    }
}

impl std::fmt::Display for DomainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{} ({}: {})", self.message, self.code.as_str(), field),
            None => write!(f, "{} ({})", self.message, self.code.as_str()),
        }
    }
}

impl std::error::Error for DomainError {}

impl From<ErrorCode> for DomainError {
    fn from(code: ErrorCode) -> Self {
        Self::new(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_cjk(c: char) -> bool {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
    }

    #[test]
    fn every_code_has_chinese_text_and_a_snake_case_name() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(code.message().chars().any(is_cjk), "{code:?} has no Chinese message");
            let s = code.as_str();
            assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{s}");
            assert!(seen.insert(s), "duplicate code {s}");
            // The serde name and as_str agree, so clients see one spelling.
            assert_eq!(serde_json_like(*code), s);
        }
    }

    fn serde_json_like(code: ErrorCode) -> String {
        // serde's rename_all = snake_case must give the same text as as_str.
        let debug = format!("{code:?}");
        let mut out = String::new();
        for (i, c) in debug.chars().enumerate() {
            if c.is_ascii_uppercase() {
                if i > 0 {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    }
}
