//! What gonghui holds about one member, read for the member (PIPL §44–45):
//! counts by category, the rows of a copy, the audit entries about their
//! sensitive fields, and their consent records.

use chrono::{DateTime, Utc};
use sqlx::{FromRow, Row};
use uuid::Uuid;

use crate::{Result, Tx, on};
use domain::UnionId;

/// One category of a member's data: a key, and the query of its rows.
/// Every column is read as text (cast in SQL); `$1` is the union, `$2` the
/// member, `$3` the linked account (the proposals and petitions a member
/// filed themselves are the account's).
pub struct Category {
    pub key: &'static str,
    pub label: &'static str,
    pub headers: &'static [&'static str],
    sql: &'static str,
}

/// The categories of a member's copy, in the order shown. Amounts are in
/// fen (the headers say 分).
pub const CATEGORIES: &[Category] = &[
    Category {
        key: "dues",
        label: "会费",
        headers: &["月份", "缴费基数（分）", "应缴（分）", "实缴（分）", "缴纳方式"],
        sql: "SELECT b.month, CAST(b.base_fen AS TEXT), CAST(b.amount_fen AS TEXT), CAST(p.amount_fen AS TEXT), p.method \
              FROM fin_dues_bills b LEFT JOIN fin_dues_payments p \
              ON p.union_id = b.union_id AND p.month = b.month AND p.member_id = b.member_id \
              WHERE b.union_id = $1 AND b.member_id = $2 AND $3 = $3 ORDER BY b.month",
    },
    Category {
        key: "aid",
        label: "帮扶慰问",
        headers: &["日期", "类型", "项目", "事由", "金额（分）", "物品"],
        sql: "SELECT CAST(date AS TEXT), kind, item, reason, CAST(amount_fen AS TEXT), goods FROM care_assistance \
              WHERE union_id = $1 AND member_id = $2 AND $3 = $3 ORDER BY date, id",
    },
    Category {
        key: "events",
        label: "生活事件",
        headers: &["日期", "事件", "情况说明", "慰问金状态"],
        sql: "SELECT CAST(date AS TEXT), kind, note, condolence_status FROM care_events \
              WHERE union_id = $1 AND member_id = $2 AND $3 = $3 ORDER BY date, id",
    },
    Category {
        key: "hardship",
        label: "困难职工档案",
        headers: &["状态", "困难类别", "主要致困原因", "家庭人口", "测算日期"],
        sql: "SELECT status, category, main_cause, CAST(household_size AS TEXT), CAST(assessed_on AS TEXT) \
              FROM care_files WHERE union_id = $1 AND member_id = $2 AND $3 = $3 ORDER BY created_at, id",
    },
    Category {
        key: "mutual_aid",
        label: "互助保障理赔",
        headers: &["出险日期", "申请金额（分）", "情况", "状态", "核定金额（分）"],
        sql: "SELECT CAST(event_date AS TEXT), CAST(claimed_fen AS TEXT), description, status, CAST(approved_fen AS TEXT) \
              FROM care_claims WHERE union_id = $1 AND member_id = $2 AND $3 = $3 ORDER BY event_date, id",
    },
    Category {
        key: "honours",
        label: "荣誉",
        headers: &["年度", "称号", "级别", "授予单位", "状态"],
        sql: "SELECT CAST(year AS TEXT), title, level, awarding_body, status FROM honours \
              WHERE union_id = $1 AND member_id = $2 AND $3 = $3 ORDER BY year, id",
    },
    Category {
        key: "training",
        label: "培训",
        headers: &["年度", "课程", "学时（0.1小时）"],
        sql: "SELECT CAST(t.year AS TEXT), c.title, CAST(t.tenth_hours AS TEXT) FROM training_credits t \
              JOIN courses c ON c.union_id = t.union_id AND c.id = t.course_id \
              WHERE t.union_id = $1 AND t.member_id = $2 AND $3 = $3 ORDER BY t.year, c.title",
    },
    Category {
        key: "activities",
        label: "活动",
        headers: &["活动", "报名状态", "报名时间"],
        sql: "SELECT a.title, s.status, CAST(s.signed_up_at AS TEXT) FROM activity_signups s \
              JOIN activities a ON a.union_id = s.union_id AND a.id = s.activity_id \
              WHERE s.union_id = $1 AND s.member_id = $2 AND $3 = $3 ORDER BY s.signed_up_at",
    },
    Category {
        key: "suggestions",
        label: "合理化建议",
        headers: &["编号", "年度", "题目", "状态"],
        sql: "SELECT CAST(number AS TEXT), CAST(year AS TEXT), title, status FROM suggestions \
              WHERE union_id = $1 AND member_id = $2 AND $3 = $3 ORDER BY number",
    },
    Category {
        key: "proposals",
        label: "提案",
        headers: &["编号", "案由", "状态"],
        sql: "SELECT CAST(number AS TEXT), title, status FROM proposals \
              WHERE union_id = $1 AND $2 = $2 AND proposer_id = $3 ORDER BY created_at, id",
    },
    Category {
        key: "petitions",
        label: "来信来访",
        headers: &["编号", "收到日期", "事由", "状态"],
        sql: "SELECT CAST(number AS TEXT), CAST(received_on AS TEXT), subject, status FROM petitions \
              WHERE union_id = $1 AND anonymous = FALSE AND (writer_member_id = $2 OR writer_user_id = $3) \
              ORDER BY number",
    },
    Category {
        key: "applications",
        label: "申请",
        headers: &["类型", "状态", "提交时间", "办理意见"],
        sql: "SELECT kind, status, CAST(created_at AS TEXT), decision_note FROM member_applications \
              WHERE union_id = $1 AND member_id = $2 AND $3 = $3 ORDER BY created_at, id",
    },
    Category {
        key: "corrections",
        label: "更正申请",
        headers: &["项目", "更正为", "理由", "状态", "办理说明"],
        sql: "SELECT field, value, reason, status, decision_note FROM correction_requests \
              WHERE union_id = $1 AND member_id = $2 AND $3 = $3 ORDER BY created_at, id",
    },
    Category {
        key: "consents",
        label: "同意记录",
        headers: &["事项", "同意", "记录人", "时间"],
        sql: "SELECT 'aid_disclosure', CASE WHEN consent THEN 'yes' ELSE 'no' END, recorded_by, CAST(at AS TEXT) \
              FROM care_consents WHERE union_id = $1 AND member_id = $2 AND $3 = $3 ORDER BY at, id",
    },
];

/// The rows of one category, every cell as text ('' for NULL).
#[tracing::instrument(level = "debug", name = "me::data::rows", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn rows(
    tx: &mut Tx,
    union_id: UnionId,
    member_id: Uuid,
    user_id: Uuid,
    c: &Category,
) -> Result<Vec<Vec<String>>> {
    crate::counted(async move {
        let n = c.headers.len();
        on!(tx, conn => {
            let rows = sqlx::query(c.sql).bind(union_id.0).bind(member_id).bind(user_id).fetch_all(conn).await?;
            rows.iter()
                .map(|r| {
                    (0..n)
                        .map(|i| r.try_get::<Option<String>, _>(i).map(Option::unwrap_or_default))
                        .collect::<std::result::Result<Vec<String>, _>>()
                })
                .collect::<std::result::Result<Vec<_>, _>>()
        })
    })
    .await
}

/// An audit entry about the member's sensitive fields.
#[derive(Debug, Clone, FromRow)]
pub struct Access {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub summary: String,
}

/// The entries of the union's chain with one of `actions` about one of
/// `targets`, or with one of `any_target` (an act on the whole roster),
/// newest first.
#[tracing::instrument(level = "debug", name = "me::data::access", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn access(
    tx: &mut Tx,
    union_id: UnionId,
    targets: &[String],
    actions: &[&str],
    any_target: &[&str],
    since: DateTime<Utc>,
) -> Result<Vec<Access>> {
    crate::counted(async move {
        let mut n = 2;
        let mut marks = |k: usize| {
            (0..k)
                .map(|_| {
                    n += 1;
                    format!("${n}")
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let t = marks(targets.len().max(1));
        let a = marks(actions.len().max(1));
        let w = marks(any_target.len().max(1));
        let sql = format!(
            "SELECT at, actor, action, summary FROM audit_log WHERE union_id = $1 AND at >= $2 AND \
             ((target IN ({t}) AND action IN ({a})) OR action IN ({w})) ORDER BY at DESC, seq DESC LIMIT 500"
        );
        let pad = |v: Vec<String>| if v.is_empty() { vec![String::new()] } else { v };
        let targets = pad(targets.to_vec());
        let actions = pad(actions.iter().map(|s| s.to_string()).collect());
        let any = pad(any_target.iter().map(|s| s.to_string()).collect());
        on!(tx, c => {
            let mut q = sqlx::query_as(&sql).bind(union_id.0).bind(since);
            for v in targets.iter().chain(actions.iter()).chain(any.iter()) {
                q = q.bind(v.clone());
            }
            q.fetch_all(c).await
        })
    })
    .await
}

/// The member's consent records on the disclosure of aid, oldest first:
/// (consent, recorded by, at).
#[tracing::instrument(level = "debug", name = "me::data::consents", skip_all, fields(union = %union_id, rows = tracing::field::Empty))]
pub async fn consents(
    tx: &mut Tx,
    union_id: UnionId,
    member_id: Uuid,
) -> Result<Vec<(bool, String, DateTime<Utc>)>> {
    crate::counted(async move {
        on!(tx, c => sqlx::query_as(
            "SELECT consent, recorded_by, at FROM care_consents WHERE union_id = $1 AND member_id = $2 ORDER BY at, id")
            .bind(union_id.0).bind(member_id).fetch_all(c).await)
    })
    .await
}
