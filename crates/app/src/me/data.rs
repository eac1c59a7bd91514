//! The member's rights over their data (个人信息保护法 §44–47): what is
//! held about them (categories with counts), who viewed their sensitive
//! fields and when (the audit log), a copy (JSON or .xlsx, the ID number
//! masked as on the profile; the download is audited), correction
//! requests (to the officers' queue), and the aid-disclosure consent,
//! given or withdrawn at any time (the care area's consent records).

use chrono::{DateTime, Utc};
use domain::me::application::{self as rules, CorrectionStatus, Field};
use domain::member::MemberStatus;
use domain::{ErrorCode, UnionId, text};
use serde::Serialize;
use store::Tx;
use store::me::application::Correction;
use store::member::Member;
use uuid::Uuid;

use super::application::member_in;
use super::notify::{Kind as NoticeKind, Notice, notify_in};
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};

/// The profile as the member sees it: the ID number masked.
pub fn profile(m: &Member, union: &str, group: Option<String>) -> Vec<(&'static str, String)> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let gender = match m.gender.as_deref() {
        Some("male") | Some("男") => "男".to_owned(),
        Some("female") | Some("女") => "女".to_owned(),
        other => other.unwrap_or_default().to_owned(),
    };
    vec![
        ("姓名", m.name.clone()),
        ("工会", union.to_owned()),
        ("工会小组", group.unwrap_or_default()),
        ("性别", gender),
        ("民族", o(&m.ethnicity)),
        ("出生日期", m.birth_date.map(|d| d.to_string()).unwrap_or_default()),
        ("证件号码", m.id_masked.clone()),
        ("手机号码", o(&m.mobile)),
        ("学历", o(&m.education)),
        ("政治面貌", o(&m.political)),
        ("用工形式", o(&m.employment)),
        ("岗位", o(&m.post)),
        ("入会时间", m.join_date.map(|d| d.to_string()).unwrap_or_default()),
        ("会员证号", o(&m.card_number)),
        ("会籍状态", MemberStatus::parse(&m.status).map_or(m.status.clone(), |s| s.label().to_owned())),
    ]
}

/// One category of the member's data with its rows.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = MeDataCategoryOut)]
pub struct Category {
    pub key: &'static str,
    /// 类别名称
    pub label: &'static str,
    pub count: usize,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// What gonghui holds about the member.
pub struct Held {
    pub member: Member,
    pub union_name: String,
    pub profile: Vec<(&'static str, String)>,
    pub categories: Vec<Category>,
}

/// Codes of the stored rows in Chinese, where the member would otherwise
/// read `in_progress` or `hospital`.
fn translate(key: &str, col: usize, v: &str) -> String {
    use domain::care::events::EventKind;
    use domain::me::application::{Kind, Status};
    let s = match (key, col) {
        ("applications", 0) => Kind::parse(v).map(|k| k.label()),
        ("applications", 1) => Status::parse(v).map(|s| s.label()),
        ("corrections", 0) => Field::parse(v).map(|f| f.label()),
        ("corrections", 3) => CorrectionStatus::parse(v).map(|s| s.label()),
        ("events", 1) => EventKind::parse(v).map(|k| k.label()),
        ("consents", 0) => Some("在公开栏公示受助信息"),
        ("consents", 1) => Some(if v == "yes" { "同意" } else { "不同意（撤回）" }),
        _ => None,
    };
    s.map_or_else(|| v.to_owned(), str::to_owned)
}

async fn held_in(tx: &mut Tx, p: &Principal, rows: bool) -> AppResult<Held> {
    let (union, m) = member_in(tx, p).await?;
    let group = match m.group_id {
        Some(g) => store::org::get(tx, g).await?.map(|o| o.name),
        None => None,
    };
    let mut categories = Vec::new();
    for c in store::me::data::CATEGORIES {
        let mut r = store::me::data::rows(tx, UnionId(union.id), m.id, p.user_id, c).await?;
        for row in &mut r {
            for (i, cell) in row.iter_mut().enumerate() {
                *cell = translate(c.key, i, cell);
            }
        }
        categories.push(Category {
            key: c.key,
            label: c.label,
            count: r.len(),
            columns: c.headers.to_vec(),
            rows: if rows { r } else { Vec::new() },
        });
    }
    Ok(Held { profile: profile(&m, &union.name, group), member: m, union_name: union.name, categories })
}

/// The categories with their counts (no rows), for the page.
pub async fn held(state: &AppState, p: &Principal) -> AppResult<Held> {
    let mut tx = state.db.read().await?;
    held_in(&mut tx, p, false).await
}

/// A copy of everything, audited as a download.
pub async fn export(state: &AppState, p: &Principal, format: &str) -> AppResult<Held> {
    let mut tx = state.db.write().await?;
    let h = held_in(&mut tx, p, true).await?;
    let union = crate::org::load_union(&mut tx, h.member.union_id).await?;
    let n: usize = h.categories.iter().map(|c| c.count).sum();
    record(
        &mut tx,
        p.actor(),
        "me.data.export",
        format!("member:{}", h.member.id),
        Some((union.id, &union.path)),
        format!("{}本人下载了个人信息副本（{format}，{n}条记录，证件号码已遮蔽）", h.member.name),
    )
    .await?;
    tx.commit().await?;
    Ok(h)
}

/// The copy as a workbook: the profile, then one sheet per category.
pub async fn export_xlsx(state: &AppState, p: &Principal) -> AppResult<(String, Vec<u8>)> {
    let h = export(state, p, "xlsx").await?;
    let mut sheets: Vec<sheet::SheetPart> = vec![(
        "基本信息".into(),
        vec!["项目".into(), "内容".into()],
        h.profile.iter().map(|(k, v)| vec![(*k).to_owned(), v.clone()]).collect(),
    )];
    for c in h.categories {
        sheets.push((c.label.to_owned(), c.columns.iter().map(|s| (*s).to_owned()).collect(), c.rows));
    }
    let bytes = tokio::task::spawn_blocking(move || sheet::write_xlsx_book(&sheets))
        .await
        .map_err(|_| AppError::code(ErrorCode::Internal))?
        .map_err(|e| AppError::field(ErrorCode::Internal, "file", e.message()))?;
    let date = domain::time::today(store::now());
    Ok((format!("{}个人信息副本{date}.xlsx", h.member.name), bytes))
}

/// Who viewed the member's sensitive fields, and when.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = MeAccessOut)]
pub struct Access {
    pub at: DateTime<Utc>,
    /// 查看人（账号显示名）
    pub actor: String,
    /// 操作代码：member.reveal_id、member.reveal_id_self、care.file.view …
    pub action: String,
    /// 查看了什么
    pub what: &'static str,
    /// 审计日志中的说明
    pub summary: String,
}

fn what(action: &str) -> &'static str {
    match action {
        "member.reveal_id" => "工会干部查看了您的完整证件号码",
        "member.reveal_id_self" => "本人查看了完整证件号码",
        "member.export_full" => "导出了含完整证件号码的会员花名册（可能包含您）",
        "care.file.view" => "查看了您的困难职工档案（含收入、健康信息）",
        "care.file.view_own" => "本人查看了困难职工档案",
        "care.document.view" => "下载了您困难职工档案的材料",
        "me.data.export" => "本人下载了个人信息副本",
        _ => "查看了您的个人信息",
    }
}

/// The access log of the calling member: audit entries about their ID
/// number, hardship files (health and income) and copies, newest first.
/// A full roster export is listed too: it held every member's ID number.
pub async fn access_log(state: &AppState, p: &Principal) -> AppResult<Vec<Access>> {
    let mut tx = state.db.read().await?;
    let (union, m) = member_in(&mut tx, p).await?;
    let mut targets = vec![format!("member:{}", m.id)];
    for f in store::care::files_of_member(&mut tx, UnionId(union.id), m.id).await? {
        targets.push(format!("care_file:{}", f.id));
        targets.push(format!("file:{}", f.id));
    }
    let actions = [
        "member.reveal_id",
        "member.reveal_id_self",
        "care.file.view",
        "care.file.view_own",
        "care.document.view",
        "me.data.export",
    ];
    let rows = store::me::data::access(
        &mut tx,
        UnionId(union.id),
        &targets,
        &actions,
        &["member.export_full"],
        m.created_at,
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Access {
            at: r.at,
            what: what(&r.action),
            actor: r.actor,
            action: r.action,
            summary: r.summary,
        })
        .collect())
}

/// A correction request: to the officers' queue. Refused on a closed
/// membership (409, field `member`) and for fields that cannot be
/// corrected this way (422, field `field`).
pub async fn request_correction(
    state: &AppState,
    p: &Principal,
    field: &str,
    value: &str,
    reason: &str,
) -> AppResult<Correction> {
    let f = Field::parse(field).ok_or_else(|| Field::refuse(field))?;
    let value = text::required_line("value", "更正为", value, 100)?;
    let reason = text::line("reason", "理由", reason, 300)?.unwrap_or_default();
    let mut tx = state.db.write().await?;
    let (union, m) = member_in(&mut tx, p).await?;
    if !rules::membership_open(&m.status) {
        let label = MemberStatus::parse(&m.status).map_or(m.status.as_str(), |s| s.label());
        return Err(AppError::field(
            ErrorCode::Conflict,
            "member",
            format!("您的会籍状态为“{label}”，会员档案已封存，不能在线申请更正；如有错误请持证件到工会办理"),
        ));
    }
    let now = store::now();
    let c = Correction {
        union_id: union.id,
        id: Uuid::now_v7(),
        member_id: m.id,
        user_id: p.user_id,
        field: f.as_str().into(),
        value,
        reason,
        status: CorrectionStatus::Open.as_str().into(),
        decision_note: None,
        decided_by: None,
        decided_at: None,
        due_on: rules::due_on(domain::time::today(now)),
        created_at: now,
    };
    store::me::application::insert_correction(&mut tx, UnionId(union.id), &c).await?;
    record(
        &mut tx,
        p.actor(),
        "me.correction.request",
        format!("member:{}", m.id),
        Some((union.id, &union.path)),
        format!("{}本人申请将{}更正为“{}”", m.name, f.label(), c.value),
    )
    .await?;
    let officers: Vec<Uuid> = store::auth::approvers(&mut tx, &union.path, &["chair", "officer"])
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let notice = Notice {
        kind: NoticeKind::RequestReceived,
        title: format!("{}申请更正{}", m.name, f.label()),
        body: format!("请于{}前办理", c.due_on),
        link: format!("/unions/{}/requests#correction-{}", union.id, c.id),
    };
    notify_in(&mut tx, UnionId(union.id), &officers, &notice).await?;
    tx.commit().await?;
    Ok(c)
}

/// The calling member's correction requests, newest first.
pub async fn corrections(state: &AppState, p: &Principal) -> AppResult<Vec<Correction>> {
    let mut tx = state.db.read().await?;
    let Some((union_id, member_id)) = store::auth::member_of_user(&mut tx, p.user_id).await? else {
        return Ok(Vec::new());
    };
    Ok(store::me::application::corrections_of_member(&mut tx, UnionId(union_id), member_id).await?)
}

/// The aid-disclosure consent: the latest record (None: never asked) and
/// every record, oldest first.
pub struct Consents {
    pub aid_disclosure: Option<bool>,
    pub history: Vec<(bool, String, DateTime<Utc>)>,
}

pub async fn consents(state: &AppState, p: &Principal) -> AppResult<Consents> {
    let mut tx = state.db.read().await?;
    let (union, m) = member_in(&mut tx, p).await?;
    let history = store::me::data::consents(&mut tx, UnionId(union.id), m.id).await?;
    Ok(Consents { aid_disclosure: history.last().map(|h| h.0), history })
}

/// Gives or withdraws the consent, at any time (a closed membership too).
pub async fn set_consent(state: &AppState, p: &Principal, aid_disclosure: bool) -> AppResult<Consents> {
    let mut tx = state.db.write().await?;
    let (union, m) = member_in(&mut tx, p).await?;
    crate::care::aid::set_consent_in(&mut tx, p, union.id, m.id, aid_disclosure, "本人在线").await?;
    tx.commit().await?;
    consents(state, p).await
}
