//! Applications members make themselves, each becoming the record its area
//! keeps: a hardship application a draft hardship file
//! ([`crate::care::files::create_in`]), a claim a mutual-aid claim
//! ([`crate::care::mutual::file_claim_in`]), a transfer a transfer request
//! ([`crate::member::transfers::request_for_member_in`]), in the same
//! transaction; a condolence report waits in the officers' queue
//! ([`super::queue`]). The application's progress follows its record
//! ([`follow_in`], called where the record is decided).

use chrono::NaiveDate;
use domain::me::application::{self as rules, Kind, Status};
use domain::{ErrorCode, UnionId, text};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use store::Tx;
pub use store::me::application::{AppFile, Application, Correction, LogEntry};
use store::member::Member;
use uuid::Uuid;

use super::notify::{Kind as NoticeKind, Notice, notify_in, notify_members_in};
use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::care::files::{HouseholdMember, Sealed};
use crate::error::{AppError, AppResult};
use crate::org::load_union;
use crate::recognition::files::{MAX_EVIDENCE, evidence_type};

/// A file as uploaded: its name and bytes.
#[derive(Debug, Clone, Default)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// What a member fills in; the fields a kind does not use are ignored.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = MeApplicationIn)]
#[serde(deny_unknown_fields)]
pub struct ApplicationInput {
    /// hardship（困难帮扶）| claim（互助保障理赔）| condolence（慰问）| transfer（转会）
    pub kind: String,
    // --- hardship
    /// 家庭人口
    #[serde(default)]
    pub household_size: Option<i64>,
    /// 家庭年收入（分）
    #[serde(default)]
    pub annual_income_fen: Option<i64>,
    /// 因病、因学等刚性支出（分/年）
    #[serde(default)]
    pub hardship_spending_fen: Option<i64>,
    /// 遭遇意外（突发事件）
    #[serde(default)]
    pub accident: bool,
    /// 主要致困原因（illness、disability、education、accident、unemployment、other …）
    #[serde(default)]
    pub main_cause: Option<String>,
    #[serde(default)]
    pub secondary_causes: Vec<String>,
    /// 家庭成员（健康、收入加密保存）
    #[serde(default)]
    pub household: Vec<HouseholdMember>,
    /// 困难情况说明
    #[serde(default)]
    pub situation: Option<String>,
    // --- claim
    /// 保障计划（不填时按出险日期找本人的参保记录）
    #[serde(default)]
    pub plan_id: Option<Uuid>,
    /// 出险日期
    #[serde(default)]
    pub event_date: Option<NaiveDate>,
    /// 申请金额（分）
    #[serde(default)]
    pub claimed_fen: Option<i64>,
    /// 出险情况
    #[serde(default)]
    pub description: Option<String>,
    // --- condolence
    /// hospital（生病住院）| marriage（结婚）| childbirth（生育）| bereavement（直系亲属去世）| retirement（退休）
    #[serde(default)]
    pub event: Option<String>,
    /// 事件日期
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// 情况说明
    #[serde(default)]
    pub note: Option<String>,
    // --- transfer
    /// 要转入的工会
    #[serde(default)]
    pub to_union_id: Option<Uuid>,
    /// 转会原因
    #[serde(default)]
    pub reason: Option<String>,
}

/// The member linked to the calling account, with their union; refused
/// (409, field `member`) without a current membership.
pub async fn member_in(tx: &mut Tx, p: &Principal) -> AppResult<(store::org::Org, Member)> {
    let refuse = |m: &str| AppError::field(ErrorCode::Conflict, "member", m.to_owned());
    let Some((union_id, member_id)) = store::auth::member_of_user(tx, p.user_id).await? else {
        return Err(refuse("您的账号没有关联会员档案，不能以会员身份办理；如需关联，请联系本会工会干部"));
    };
    let union = load_union(tx, union_id).await?;
    let m = store::member::get(tx, UnionId(union_id), member_id).await?.ok_or_else(AppError::not_found)?;
    Ok((union, m))
}

/// The same, and the membership must be current (在籍 or 保留会籍).
async fn current_member_in(tx: &mut Tx, p: &Principal) -> AppResult<(store::org::Org, Member)> {
    let (union, m) = member_in(tx, p).await?;
    let status = domain::member::MemberStatus::parse(&m.status);
    if !status.is_some_and(|s| s.holds_membership()) {
        let label = status.map_or(m.status.as_str(), |s| s.label());
        return Err(AppError::field(
            ErrorCode::Conflict,
            "member",
            format!("您的会籍状态为“{label}”，不能再在线办理申请；如有疑问请联系工会"),
        ));
    }
    Ok((union, m))
}

/// Checks an upload: not empty, at most 10 MB, an image or a PDF by its
/// bytes. Answers its type and name.
pub fn check_upload(u: &Upload, field: &str) -> AppResult<(&'static str, String)> {
    if u.bytes.is_empty() {
        return Err(AppError::field(ErrorCode::Required, field, "请选择要上传的文件"));
    }
    if u.bytes.len() > MAX_EVIDENCE {
        return Err(AppError::field(
            ErrorCode::BodyTooLarge,
            field,
            format!(
                "文件不能超过10MB，“{}”有{:.1}MB，请压缩或分页拍摄后再上传",
                u.file_name,
                u.bytes.len() as f64 / 1_048_576.0
            ),
        ));
    }
    let ct = evidence_type(&u.bytes).ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidValue,
            field,
            format!("“{}”不是图片或PDF：只能上传图片（JPEG、PNG、GIF、WebP）或PDF文件", u.file_name),
        )
    })?;
    let name = text::required_line(field, "文件名", &u.file_name, 120)?;
    Ok((ct, name))
}

fn notice_to_officers(a: &Application, member: &str) -> Notice {
    let kind = Kind::parse(&a.kind).map_or("", |k| k.label());
    Notice {
        kind: NoticeKind::RequestReceived,
        title: format!("{member}提交了{kind}"),
        body: format!("请于{}前办理", a.due_on),
        link: format!("/unions/{}/requests#application-{}", a.union_id, a.id),
    }
}

/// Submits an application with its documents: checked, turned into its
/// area's record in the same transaction, audited; the union's officers
/// are told.
pub async fn submit(
    state: &AppState,
    p: &Principal,
    input: &ApplicationInput,
    documents: &[Upload],
) -> AppResult<Application> {
    let kind = Kind::parse(&input.kind).ok_or_else(|| Kind::refuse(&input.kind))?;
    let mut checked = Vec::with_capacity(documents.len());
    for d in documents {
        checked.push(check_upload(d, "documents")?);
    }
    rules::check_documents(kind, documents.len())?;
    let mut tx = state.db.write().await?;
    let (union, m) = current_member_in(&mut tx, p).await?;
    let union_id = union.id;
    let now = store::now();
    let mut a = Application {
        union_id,
        id: Uuid::now_v7(),
        member_id: m.id,
        user_id: p.user_id,
        kind: kind.as_str().into(),
        status: Status::Submitted.as_str().into(),
        details: String::new(),
        sealed: None,
        target_kind: None,
        target_id: None,
        decision_note: None,
        decided_by: None,
        decided_at: None,
        due_on: rules::due_on(domain::time::today(now)),
        created_at: now,
        updated_at: now,
    };
    let mut progress = None;
    match kind {
        Kind::Hardship => {
            let size = input
                .household_size
                .ok_or_else(|| AppError::field(ErrorCode::Required, "household_size", "请填写家庭人口"))?;
            let income = input.annual_income_fen.ok_or_else(|| {
                AppError::field(ErrorCode::Required, "annual_income_fen", "请填写家庭年收入")
            })?;
            let fi = crate::care::files::FileInput {
                member_id: Some(m.id),
                household_size: size,
                annual_income_fen: income,
                hardship_spending_fen: input.hardship_spending_fen.unwrap_or(0),
                accident: input.accident,
                exclusions: Vec::new(),
                main_cause: input.main_cause.clone(),
                secondary_causes: input.secondary_causes.clone(),
                household: input.household.clone(),
                situation: input.situation.clone(),
                category: None,
                override_reason: None,
            };
            let (f, _) =
                crate::care::files::create_in(&mut tx, state, p, union_id, &fi).await.map_err(|e| match e
                    .0
                    .field
                    .as_deref()
                {
                    Some("dibao_monthly_fen") => AppError::field(
                        ErrorCode::PolicyRefused,
                        "kind",
                        "本会尚未设定困难职工认定标准，暂不能在线申请困难帮扶，请联系工会干部",
                    ),
                    Some("member_id") if e.0.code == ErrorCode::Conflict => AppError::field(
                        ErrorCode::Conflict,
                        "kind",
                        "您已有在档的困难职工档案，工会将按期复核，无需重复申请",
                    ),
                    _ => e,
                })?;
            a.details = serde_json::json!({
                "household_size": size,
                "accident": input.accident,
                "main_cause": f.main_cause,
                "secondary_causes": input.secondary_causes,
            })
            .to_string();
            a.sealed = Some(crate::care::files::seal(
                state,
                &Sealed {
                    annual_income_fen: income,
                    hardship_spending_fen: input.hardship_spending_fen.unwrap_or(0),
                    household: input.household.clone(),
                    situation: input.situation.clone(),
                },
            ));
            a.target_kind = Some("care_file".into());
            a.target_id = Some(f.id);
            progress = Some("已转为困难职工档案（待审批）".to_owned());
        }
        Kind::Claim => {
            let event_date = input
                .event_date
                .ok_or_else(|| AppError::field(ErrorCode::Required, "event_date", "请填写出险日期"))?;
            let claimed = input
                .claimed_fen
                .ok_or_else(|| AppError::field(ErrorCode::Required, "claimed_fen", "请填写申请金额"))?;
            let description = text::required_line(
                "description",
                "出险情况",
                input.description.as_deref().unwrap_or(""),
                300,
            )?;
            if let Some(plan_id) = input.plan_id {
                store::care::plan(&mut tx, UnionId(union_id), plan_id)
                    .await?
                    .ok_or_else(|| AppError::field(ErrorCode::NotFound, "plan_id", "保障计划不存在"))?;
            }
            let enrolment = store::care::enrolments(&mut tx, UnionId(union_id), input.plan_id, Some(m.id))
                .await?
                .into_iter()
                .map(|(e, _)| e)
                .find(|e| e.term_start <= event_date && e.term_end > event_date)
                .ok_or_else(|| {
                    AppError::field(
                        ErrorCode::PolicyRefused,
                        "plan_id",
                        format!("您在{event_date}没有参加互助保障（或不在保障期内），不能申请理赔"),
                    )
                })?;
            let (c, _) = crate::care::mutual::file_claim_in(
                &mut tx,
                p,
                union_id,
                enrolment.id,
                event_date,
                claimed,
                description.clone(),
            )
            .await?;
            // The documents go with the claim, where the officer assesses it.
            for (d, (ct, name)) in documents.iter().zip(&checked) {
                let doc = store::care::Document {
                    union_id,
                    id: Uuid::now_v7(),
                    owner_kind: "claim".into(),
                    owner_id: c.id,
                    file_name: name.clone(),
                    content_type: (*ct).into(),
                    size: d.bytes.len() as i64,
                    sha256: hex::encode(Sha256::digest(&d.bytes)),
                    uploaded_by: p.display_name.clone(),
                    uploaded_at: now,
                };
                store::care::insert_document(&mut tx, &doc, &d.bytes).await?;
            }
            a.details = serde_json::json!({
                "plan_id": c.plan_id,
                "event_date": event_date,
                "claimed_fen": claimed,
                "description": description,
            })
            .to_string();
            a.target_kind = Some("care_claim".into());
            a.target_id = Some(c.id);
            progress = Some("已转为互助保障理赔（待核定）".to_owned());
        }
        Kind::Condolence => {
            let event = rules::condolence_event(input.event.as_deref().unwrap_or(""))?;
            let date =
                input.date.ok_or_else(|| AppError::field(ErrorCode::Required, "date", "请填写事件日期"))?;
            let today = domain::time::today(now);
            if date > today + chrono::Duration::days(366) {
                return Err(AppError::field(ErrorCode::InvalidDate, "date", "事件日期不能晚于一年以后"));
            }
            if date < today - chrono::Duration::days(366) {
                return Err(AppError::field(ErrorCode::InvalidDate, "date", "一年以前的事件请直接联系工会"));
            }
            let note = match &input.note {
                Some(n) => text::line("note", "情况说明", n, 300)?,
                None => None,
            };
            a.details = serde_json::json!({"event": event.as_str(), "date": date, "note": note}).to_string();
        }
        Kind::Transfer => {
            let to = input
                .to_union_id
                .ok_or_else(|| AppError::field(ErrorCode::Required, "to_union_id", "请选择要转入的工会"))?;
            let reason = match &input.reason {
                Some(r) => text::line("reason", "转会原因", r, 200)?,
                None => None,
            };
            let t = crate::member::transfers::request_for_member_in(&mut tx, state, p, &m, to).await?;
            let to_name = store::org::get(&mut tx, to).await?.map(|o| o.name).unwrap_or_default();
            a.details =
                serde_json::json!({"to_union_id": to, "to_union": to_name, "reason": reason}).to_string();
            a.target_kind = Some("transfer".into());
            a.target_id = Some(t.id);
            progress = Some(format!("已向“{to_name}”提出转会（待本会审批）"));
        }
    }
    if a.target_id.is_some() {
        a.status = Status::InProgress.as_str().into();
    }
    store::me::application::insert(&mut tx, UnionId(union_id), &a).await?;
    for (d, (ct, name)) in documents.iter().zip(checked) {
        insert_file(&mut tx, p, &a, &name, ct, &d.bytes).await?;
    }
    let log = &store::me::application::log;
    log(&mut tx, UnionId(union_id), a.id, &p.display_name, Status::Submitted.as_str(), "提交申请").await?;
    if let Some(note) = &progress {
        log(&mut tx, UnionId(union_id), a.id, "系统", &a.status, note).await?;
    }
    record(
        &mut tx,
        p.actor(),
        "me.application.submit",
        format!("member_application:{}", a.id),
        Some((union_id, &union.path)),
        format!("{}本人提交{}", m.name, kind.label()),
    )
    .await?;
    let officers: Vec<Uuid> = store::auth::approvers(&mut tx, &union.path, &["chair", "officer"])
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    notify_in(&mut tx, UnionId(union_id), &officers, &notice_to_officers(&a, &m.name)).await?;
    tx.commit().await?;
    Ok(a)
}

async fn insert_file(
    tx: &mut Tx,
    p: &Principal,
    a: &Application,
    name: &str,
    content_type: &str,
    bytes: &[u8],
) -> AppResult<AppFile> {
    let f = AppFile {
        union_id: a.union_id,
        id: Uuid::now_v7(),
        application_id: a.id,
        file_name: name.to_owned(),
        content_type: content_type.to_owned(),
        size: bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(bytes)),
        uploaded_by: p.display_name.clone(),
        uploaded_at: store::now(),
    };
    store::me::application::insert_file(tx, UnionId(a.union_id), &f, bytes).await?;
    Ok(f)
}

/// An application as its member and the officers see it: its record's
/// status and the steps so far.
#[derive(Debug, Clone)]
pub struct ApplicationView {
    pub a: Application,
    pub kind: Kind,
    pub status: Status,
    /// The record's own status (draft, filed, requested …) and its label.
    pub target_status: Option<String>,
    pub target_label: &'static str,
    pub details: serde_json::Value,
    pub files: Vec<AppFile>,
    pub log: Vec<LogEntry>,
}

impl ApplicationView {
    /// The officers' page of the record it became.
    pub fn target_link(&self) -> Option<String> {
        let (u, id) = (self.a.union_id, self.a.target_id?);
        Some(match self.a.target_kind.as_deref()? {
            "care_file" => format!("/unions/{u}/care/files/{id}"),
            "care_claim" => format!("/unions/{u}/care/mutual-aid#claim-{id}"),
            "care_event" => format!("/unions/{u}/care"),
            "transfer" => format!("/unions/{u}/transfers"),
            _ => return None,
        })
    }

    /// A detail as text ('' when absent).
    pub fn detail(&self, key: &str) -> String {
        match self.details.get(key) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Null) | None => String::new(),
            Some(v) => v.to_string(),
        }
    }
}

/// The status of the record an application became.
pub async fn target_status_in(tx: &mut Tx, a: &Application) -> AppResult<Option<String>> {
    let (Some(kind), Some(id)) = (a.target_kind.as_deref(), a.target_id) else { return Ok(None) };
    let u = UnionId(a.union_id);
    Ok(match kind {
        "care_file" => store::care::file(tx, u, id).await?.map(|f| f.status),
        "care_claim" => store::care::claim(tx, u, id).await?.map(|c| c.status),
        "care_event" => store::care::event(tx, u, id).await?.map(|e| e.condolence_status),
        "transfer" => store::member::transfer(tx, u, id).await?.map(|t| t.status),
        _ => None,
    })
}

/// Reads an application's record status, documents and log.
pub async fn view_in(tx: &mut Tx, a: Application, with_steps: bool) -> AppResult<ApplicationView> {
    let kind = Kind::parse(&a.kind).ok_or_else(|| AppError::code(ErrorCode::Internal))?;
    let status = Status::parse(&a.status).unwrap_or(Status::Submitted);
    let target_status = target_status_in(tx, &a).await?;
    let target_label = target_status.as_deref().map_or("", |s| rules::target_status_label(kind, s));
    let (files, log) = if with_steps {
        (
            store::me::application::files(tx, UnionId(a.union_id), a.id).await?,
            store::me::application::log_of(tx, UnionId(a.union_id), a.id).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let details = serde_json::from_str(&a.details).unwrap_or(serde_json::Value::Null);
    Ok(ApplicationView { a, kind, status, target_status, target_label, details, files, log })
}

/// The calling member's applications, newest first (none when the account
/// is not linked to a member).
pub async fn mine(state: &AppState, p: &Principal) -> AppResult<Vec<ApplicationView>> {
    let mut tx = state.db.read().await?;
    let Some((union_id, member_id)) = store::auth::member_of_user(&mut tx, p.user_id).await? else {
        return Ok(Vec::new());
    };
    let list = store::me::application::of_member(&mut tx, UnionId(union_id), member_id).await?;
    let mut out = Vec::with_capacity(list.len());
    for a in list {
        out.push(view_in(&mut tx, a, false).await?);
    }
    Ok(out)
}

/// One of the calling member's applications; anyone else's (or a missing
/// one) is 404.
pub async fn one(state: &AppState, p: &Principal, id: Uuid) -> AppResult<ApplicationView> {
    let mut tx = state.db.read().await?;
    let a = own_in(&mut tx, p, id).await?;
    view_in(&mut tx, a, true).await
}

async fn own_in(tx: &mut Tx, p: &Principal, id: Uuid) -> AppResult<Application> {
    let Some((union_id, member_id)) = store::auth::member_of_user(tx, p.user_id).await? else {
        return Err(AppError::not_found());
    };
    store::me::application::get(tx, UnionId(union_id), id)
        .await?
        .filter(|a| a.member_id == member_id)
        .ok_or_else(AppError::not_found)
}

/// Adds a document to the member's own open application (a claim's goes
/// with the claim as well).
pub async fn add_file(state: &AppState, p: &Principal, id: Uuid, u: &Upload) -> AppResult<AppFile> {
    let (ct, name) = check_upload(u, "file")?;
    let mut tx = state.db.write().await?;
    let a = own_in(&mut tx, p, id).await?;
    if !Status::parse(&a.status).is_some_and(Status::is_open) {
        return Err(AppError::field(ErrorCode::Conflict, "file", "申请已办结，不能再补充材料"));
    }
    let union = load_union(&mut tx, a.union_id).await?;
    let f = insert_file(&mut tx, p, &a, &name, ct, &u.bytes).await?;
    if let (Some("care_claim"), Some(claim_id)) = (a.target_kind.as_deref(), a.target_id) {
        let doc = store::care::Document {
            union_id: a.union_id,
            id: Uuid::now_v7(),
            owner_kind: "claim".into(),
            owner_id: claim_id,
            file_name: f.file_name.clone(),
            content_type: f.content_type.clone(),
            size: f.size,
            sha256: f.sha256.clone(),
            uploaded_by: f.uploaded_by.clone(),
            uploaded_at: f.uploaded_at,
        };
        store::care::insert_document(&mut tx, &doc, &u.bytes).await?;
    }
    store::me::application::log(
        &mut tx,
        UnionId(a.union_id),
        a.id,
        &p.display_name,
        &a.status,
        &format!("补充材料：{}", f.file_name),
    )
    .await?;
    record(
        &mut tx,
        p.actor(),
        "me.application.file",
        format!("member_application:{}", a.id),
        Some((a.union_id, &union.path)),
        format!("上传{}（{}字节，SHA-256 {}）", f.file_name, f.size, &f.sha256[..12]),
    )
    .await?;
    tx.commit().await?;
    Ok(f)
}

/// One document of the member's own application, with its content.
pub async fn file(state: &AppState, p: &Principal, id: Uuid, file_id: Uuid) -> AppResult<(AppFile, Vec<u8>)> {
    let mut tx = state.db.read().await?;
    let a = own_in(&mut tx, p, id).await?;
    store::me::application::file(&mut tx, UnionId(a.union_id), file_id)
        .await?
        .filter(|(f, _)| f.application_id == a.id)
        .ok_or_else(AppError::not_found)
}

/// Called where a record is decided (a hardship file approved or returned,
/// a claim assessed or paid, a transfer confirmed or declined), in that
/// transaction: the application that became the record follows it, and its
/// member is told when it is decided. Nothing happens for records no
/// application became. Returns whether the member was told, so the caller
/// does not tell them twice.
pub async fn follow_in(
    tx: &mut Tx,
    p: &Principal,
    union_id: Uuid,
    target_id: Uuid,
    target_status: &str,
) -> AppResult<bool> {
    let Some(a) = store::me::application::by_target(tx, UnionId(union_id), target_id).await? else {
        return Ok(false);
    };
    let Some(kind) = Kind::parse(&a.kind) else { return Ok(false) };
    let to = rules::status_of_target(kind, target_status);
    if to.as_str() == a.status {
        return Ok(false);
    }
    let label = rules::target_status_label(kind, target_status);
    let decided = !to.is_open();
    let by = decided.then_some(p.display_name.as_str());
    store::me::application::set_status(
        tx,
        UnionId(union_id),
        a.id,
        &[a.status.as_str()],
        to.as_str(),
        None,
        by,
        store::now(),
    )
    .await?;
    store::me::application::log(tx, UnionId(union_id), a.id, &p.display_name, to.as_str(), label).await?;
    if decided {
        let notice = Notice {
            kind: NoticeKind::ApplicationDecided,
            title: format!("您的{}{}", kind.label(), to.label()),
            body: label.to_owned(),
            link: format!("/me/applications/{}", a.id),
        };
        notify_members_in(tx, UnionId(union_id), &[a.member_id], &notice).await?;
    }
    Ok(decided)
}

/// What the application forms offer: the plans the member is enrolled in
/// (claims) and the unions of the same tree a transfer may go to.
#[derive(Debug, Clone, Default)]
pub struct FormOptions {
    pub linked: bool,
    pub member_name: String,
    /// (plan id, plan name, term)
    pub plans: Vec<(Uuid, String, String)>,
    pub unions: Vec<(Uuid, String)>,
}

pub async fn form_options(state: &AppState, p: &Principal) -> AppResult<FormOptions> {
    let mut tx = state.db.read().await?;
    let Some((union_id, member_id)) = store::auth::member_of_user(&mut tx, p.user_id).await? else {
        return Ok(FormOptions::default());
    };
    let union = load_union(&mut tx, union_id).await?;
    let m =
        store::member::get(&mut tx, UnionId(union_id), member_id).await?.ok_or_else(AppError::not_found)?;
    let plans = store::care::plans(&mut tx, UnionId(union_id)).await?;
    let mut enrolled: Vec<(Uuid, String, String)> = Vec::new();
    for (e, _) in store::care::enrolments(&mut tx, UnionId(union_id), None, Some(member_id)).await? {
        let name = plans.iter().find(|p| p.id == e.plan_id).map(|p| p.name.clone()).unwrap_or_default();
        enrolled.push((e.plan_id, name, format!("{}至{}", e.term_start, e.term_end)));
    }
    let root = union.path.split('/').find(|s| !s.is_empty()).map(|s| format!("/{s}/")).unwrap_or_default();
    let filter = store::org::OrgFilter { kind: Some("union".into()), ..Default::default() };
    let (orgs, _) = store::org::list(&mut tx, &[root], &filter, store::Page::new(Some(1), Some(200))).await?;
    let unions = orgs.into_iter().filter(|o| o.id != union_id).map(|o| (o.id, o.name)).collect();
    Ok(FormOptions { linked: true, member_name: m.name, plans: enrolled, unions })
}
