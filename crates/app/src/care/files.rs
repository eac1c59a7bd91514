//! Hardship files: the local figures, the computed category, approval,
//! yearly review, closing, evidence, and the log of every view.

use chrono::NaiveDate;
use domain::ErrorCode;
use domain::UnionId;
use domain::care::hardship::{
    self, Assessment, CarePolicy, Category, Cause, CloseReason, Exclusion, Household,
};
use domain::text;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use store::Tx;
use store::care::{Document, File, FileListed, FileLog, PolicyRow};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// The most a single upload may weigh.
pub const MAX_DOCUMENT: usize = 10 * 1024 * 1024;

pub fn today() -> NaiveDate {
    domain::time::today(store::now())
}

// --- Local figures ------------------------------------------------------------

pub async fn put_policy(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    figures: CarePolicy,
    effective_from: Option<NaiveDate>,
) -> AppResult<PolicyRow> {
    figures.check()?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let row = PolicyRow {
        union_id,
        effective_from: effective_from.unwrap_or_else(today),
        dibao_monthly_fen: figures.dibao_monthly_fen,
        province_avg_income_fen: figures.province_avg_income_fen,
        set_by: p.display_name.clone(),
        set_at: store::now(),
    };
    store::care::put_policy(&mut tx, &row).await?;
    record(
        &mut tx,
        p.actor(),
        "care.policy",
        format!("union:{union_id}"),
        Some((union_id, &union.path)),
        format!(
            "困难职工认定标准自{}起：低保每人每月{}元，全省上年人均可支配收入{}元",
            row.effective_from,
            domain::finance::money::yuan_short(row.dibao_monthly_fen),
            domain::finance::money::yuan_short(row.province_avg_income_fen)
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

pub async fn policies(state: &AppState, union_id: Uuid) -> AppResult<Vec<PolicyRow>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::care::policies(&mut tx, UnionId(union_id)).await?)
}

/// The figures in force on `date`.
pub async fn policy_at(tx: &mut Tx, union_id: Uuid, date: NaiveDate) -> AppResult<CarePolicy> {
    store::care::policies(tx, UnionId(union_id))
        .await?
        .into_iter()
        .find(|r| r.effective_from <= date)
        .map(|r| CarePolicy {
            dibao_monthly_fen: r.dibao_monthly_fen,
            province_avg_income_fen: r.province_avg_income_fen,
        })
        .ok_or_else(|| {
            AppError::field(
                ErrorCode::Required,
                "dibao_monthly_fen",
                format!("{date}没有生效的低保标准和全省上年人均可支配收入，请先在“认定标准”中设定"),
            )
        })
}

// --- Files --------------------------------------------------------------------

/// A person in the household. Health and income are sensitive (PIPL §28).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HouseholdMember {
    pub name: String,
    /// 与职工关系：本人、配偶、子女、父母……
    pub relation: String,
    pub age: Option<i64>,
    /// 健康状况
    pub health: Option<String>,
    /// 年收入（分）
    pub income_fen: Option<i64>,
}

/// What is sealed (encrypted) in a file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Sealed {
    pub annual_income_fen: i64,
    pub hardship_spending_fen: i64,
    #[serde(default)]
    pub household: Vec<HouseholdMember>,
    #[serde(default)]
    pub situation: Option<String>,
}

/// A file's figures as entered (create and review).
#[derive(Debug, Clone, Default)]
pub struct FileInput {
    pub member_id: Option<Uuid>,
    pub household_size: i64,
    pub annual_income_fen: i64,
    pub hardship_spending_fen: i64,
    pub accident: bool,
    pub exclusions: Vec<String>,
    pub main_cause: Option<String>,
    pub secondary_causes: Vec<String>,
    pub household: Vec<HouseholdMember>,
    pub situation: Option<String>,
    pub category: Option<String>,
    pub override_reason: Option<String>,
}

struct Checked {
    assessment: Assessment,
    category: Category,
    main: Cause,
    secondary: Vec<Cause>,
    exclusions: Vec<Exclusion>,
    sealed: Sealed,
}

fn check_input(policy: &CarePolicy, i: &FileInput) -> AppResult<Checked> {
    let exclusions = i
        .exclusions
        .iter()
        .filter(|e| !e.trim().is_empty())
        .map(|e| {
            Exclusion::parse(e).ok_or_else(|| {
                AppError::field(ErrorCode::InvalidValue, "exclusions", format!("排除情形“{e}”不存在"))
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let household = Household {
        size: i.household_size,
        annual_income_fen: i.annual_income_fen,
        hardship_spending_fen: i.hardship_spending_fen,
        accident: i.accident,
        exclusions: exclusions.clone(),
    };
    let assessment = hardship::assess(policy, &household)?;
    let cause = |s: &str, field: &str| {
        Cause::parse(s)
            .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, field, format!("致困原因“{s}”不存在")))
    };
    let main = match i.main_cause.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(s) => Some(cause(s, "main_cause")?),
        None => None,
    };
    let secondary = i
        .secondary_causes
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| cause(s, "secondary_causes"))
        .collect::<AppResult<Vec<_>>>()?;
    hardship::check_causes(main, &secondary)?;
    let chosen = match i.category.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(s) => Some(Category::parse(s).ok_or_else(|| {
            AppError::field(ErrorCode::InvalidValue, "category", format!("困难类别“{s}”不存在"))
        })?),
        None => None,
    };
    let category =
        hardship::check_override(assessment.category, chosen, i.override_reason.as_deref().unwrap_or(""))?;
    for (n, h) in i.household.iter().enumerate() {
        let at = |f: &str| format!("household[{n}].{f}");
        text::required_line(&at("name"), "家庭成员姓名", &h.name, 40)?;
        text::required_line(&at("relation"), "与职工关系", &h.relation, 20)?;
        if h.income_fen.is_some_and(|v| v < 0) {
            return Err(AppError::field(
                ErrorCode::InvalidMoney,
                &at("income_fen"),
                "家庭成员收入不能为负数",
            ));
        }
        if h.age.is_some_and(|a| !(0..=130).contains(&a)) {
            return Err(AppError::field(ErrorCode::InvalidValue, &at("age"), "年龄应为0到130岁"));
        }
    }
    if i.household.len() as i64 > i.household_size {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "household",
            format!("列出的家庭成员{}人多于家庭人口{}人", i.household.len(), i.household_size),
        ));
    }
    let situation = match &i.situation {
        Some(s) => text::line("situation", "困难情况说明", s, 500)?,
        None => None,
    };
    Ok(Checked {
        category,
        main: main.unwrap_or(Cause::Other),
        secondary,
        exclusions,
        sealed: Sealed {
            annual_income_fen: i.annual_income_fen,
            hardship_spending_fen: i.hardship_spending_fen,
            household: i.household.clone(),
            situation,
        },
        assessment,
    })
}

pub fn seal(state: &AppState, s: &Sealed) -> Vec<u8> {
    state.keys.encrypt(&serde_json::to_string(s).expect("sealed data serialises"))
}

pub fn unseal(state: &AppState, data: &[u8]) -> AppResult<Sealed> {
    let plain = state.keys.decrypt(data).ok_or_else(|| {
        tracing::error!("a hardship file does not decrypt: wrong secret key file?");
        AppError::code(ErrorCode::Internal)
    })?;
    serde_json::from_str(&plain).map_err(|_| AppError::code(ErrorCode::Internal))
}

fn join<T>(items: &[T], f: impl Fn(&T) -> &'static str) -> String {
    items.iter().map(f).collect::<Vec<_>>().join(",")
}

/// A file opened: its record, the unsealed figures, the computed assessment
/// under today's figures, its log and documents.
#[derive(Debug, Clone)]
pub struct FileView {
    pub file: File,
    pub member_name: String,
    pub sealed: Sealed,
    pub reasons: Vec<String>,
    pub log: Vec<FileLog>,
    pub documents: Vec<Document>,
}

pub async fn create(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    i: &FileInput,
) -> AppResult<(File, Vec<String>)> {
    let member_id =
        i.member_id.ok_or_else(|| AppError::field(ErrorCode::Required, "member_id", "请选择会员"))?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let member = store::member::get(&mut tx, UnionId(union_id), member_id)
        .await?
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "member_id", "会员不存在"))?;
    let day = today();
    let policy = policy_at(&mut tx, union_id, day).await?;
    let c = check_input(&policy, i)?;
    if store::care::files_of_member(&mut tx, UnionId(union_id), member_id)
        .await?
        .iter()
        .any(|f| f.status != "closed")
    {
        return Err(AppError::field(
            ErrorCode::Conflict,
            "member_id",
            format!("{}已有在档的困难职工档案，请在原档案中复核", member.name),
        ));
    }
    let now = store::now();
    let f = File {
        union_id,
        id: Uuid::now_v7(),
        member_id,
        status: "draft".into(),
        computed_category: c.assessment.category.as_str().into(),
        category: c.category.as_str().into(),
        override_reason: (c.category != c.assessment.category)
            .then(|| i.override_reason.clone().unwrap_or_default()),
        main_cause: c.main.as_str().into(),
        secondary_causes: join(&c.secondary, |c| c.as_str()),
        exclusions: join(&c.exclusions, |e| e.as_str()),
        accident: i.accident,
        household_size: i.household_size,
        sealed: seal(state, &c.sealed),
        assessed_on: day,
        next_review: None,
        approved_by: None,
        approved_at: None,
        close_reason: None,
        closed_on: None,
        retain_until: None,
        created_by: p.display_name.clone(),
        created_at: now,
        updated_at: now,
    };
    store::care::insert_file(&mut tx, &f).await?;
    let mut note = format!("测算为{}", c.assessment.category.label());
    if c.category != c.assessment.category {
        note.push_str(&format!(
            "，认定为{}，理由：{}",
            c.category.label(),
            f.override_reason.as_deref().unwrap_or("")
        ));
    }
    store::care::log_file(&mut tx, UnionId(union_id), f.id, "create", &note, &p.display_name).await?;
    record(
        &mut tx,
        p.actor(),
        "care.file.create",
        format!("care_file:{}", f.id),
        Some((union_id, &union.path)),
        format!("为{}建立困难职工档案（{note}）", member.name),
    )
    .await?;
    tx.commit().await?;
    Ok((f, c.assessment.reasons))
}

async fn load(tx: &mut Tx, union_id: Uuid, id: Uuid) -> AppResult<File> {
    store::care::file(tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)
}

/// The name on a file, without opening its sealed figures (no view logged).
pub async fn member_name(state: &AppState, union_id: Uuid, id: Uuid) -> AppResult<String> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let f = load(&mut tx, union_id, id).await?;
    let m =
        store::member::get(&mut tx, UnionId(union_id), f.member_id).await?.ok_or_else(AppError::not_found)?;
    Ok(m.name)
}

fn closed(f: &File) -> AppError {
    AppError::field(
        ErrorCode::Conflict,
        "status",
        format!(
            "档案已于{}关闭，只能查看（保存至{}）",
            f.closed_on.map(|d| d.to_string()).unwrap_or_default(),
            f.retain_until.map(|d| d.to_string()).unwrap_or_default()
        ),
    )
}

/// Opens a file: every view of the sealed data is logged (who, when, whose).
pub async fn open(state: &AppState, p: &Principal, union_id: Uuid, id: Uuid) -> AppResult<FileView> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let file = load(&mut tx, union_id, id).await?;
    let member = store::member::get(&mut tx, UnionId(union_id), file.member_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let sealed = unseal(state, &file.sealed)?;
    let reasons = match policy_at(&mut tx, union_id, file.assessed_on).await {
        Ok(pol) => {
            hardship::assess(&pol, &household_of(&file, &sealed)).map(|a| a.reasons).unwrap_or_default()
        }
        Err(_) => Vec::new(),
    };
    record(
        &mut tx,
        p.actor(),
        "care.file.view",
        format!("care_file:{id}"),
        Some((union_id, &union.path)),
        format!("查看了{}的困难职工档案（含收入、健康信息）", member.name),
    )
    .await?;
    let log = store::care::file_log(&mut tx, UnionId(union_id), id).await?;
    let documents = store::care::documents(&mut tx, UnionId(union_id), "file", id).await?;
    tx.commit().await?;
    Ok(FileView { file, member_name: member.name, sealed, reasons, log, documents })
}

fn household_of(f: &File, s: &Sealed) -> Household {
    Household {
        size: f.household_size,
        annual_income_fen: s.annual_income_fen,
        hardship_spending_fen: s.hardship_spending_fen,
        accident: f.accident,
        exclusions: f.exclusions.split(',').filter_map(Exclusion::parse).collect(),
    }
}

/// The yearly review (or a correction before approval): new figures,
/// recomputed; the file goes back for approval.
pub async fn review(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    i: &FileInput,
) -> AppResult<(File, Vec<String>)> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut f = load(&mut tx, union_id, id).await?;
    if f.status == "closed" {
        return Err(closed(&f));
    }
    let day = today();
    let policy = policy_at(&mut tx, union_id, day).await?;
    let c = check_input(&policy, i)?;
    let before = f.category.clone();
    f.status = "draft".into();
    f.computed_category = c.assessment.category.as_str().into();
    f.category = c.category.as_str().into();
    f.override_reason =
        (c.category != c.assessment.category).then(|| i.override_reason.clone().unwrap_or_default());
    f.main_cause = c.main.as_str().into();
    f.secondary_causes = join(&c.secondary, |c| c.as_str());
    f.exclusions = join(&c.exclusions, |e| e.as_str());
    f.accident = i.accident;
    f.household_size = i.household_size;
    f.sealed = seal(state, &c.sealed);
    f.assessed_on = day;
    f.updated_at = store::now();
    store::care::update_file(&mut tx, &f).await?;
    let label = |s: &str| Category::parse(s).map_or("", |c| c.label());
    let mut note = format!("复核：原{}，测算为{}", label(&before), c.assessment.category.label());
    if c.category != c.assessment.category {
        note.push_str(&format!(
            "，认定为{}，理由：{}",
            c.category.label(),
            f.override_reason.as_deref().unwrap_or("")
        ));
    }
    store::care::log_file(&mut tx, UnionId(union_id), id, "review", &note, &p.display_name).await?;
    record(
        &mut tx,
        p.actor(),
        "care.file.review",
        format!("care_file:{id}"),
        Some((union_id, &union.path)),
        note,
    )
    .await?;
    tx.commit().await?;
    Ok((f, c.assessment.reasons))
}

/// Approves (next review in a year) or returns a draft file with a reason.
pub async fn decide(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    approve: bool,
    reason: &str,
) -> AppResult<File> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut f = load(&mut tx, union_id, id).await?;
    if f.status != "draft" {
        return Err(AppError::field(ErrorCode::Conflict, "status", "只有待审批的档案可以审批或退回"));
    }
    let note = if approve {
        f.status = "approved".into();
        f.approved_by = Some(p.display_name.clone());
        f.approved_at = Some(store::now());
        f.next_review = Some(hardship::next_review(today()));
        format!("审批通过，下次复核不晚于{}", f.next_review.map(|d| d.to_string()).unwrap_or_default())
    } else {
        let r = text::required_line("reason", "退回理由", reason, 200)?;
        f.status = "rejected".into();
        format!("退回：{r}")
    };
    f.updated_at = store::now();
    store::care::update_file(&mut tx, &f).await?;
    store::care::log_file(
        &mut tx,
        UnionId(union_id),
        id,
        if approve { "approve" } else { "reject" },
        &note,
        &p.display_name,
    )
    .await?;
    record(
        &mut tx,
        p.actor(),
        "care.file.decide",
        format!("care_file:{id}"),
        Some((union_id, &union.path)),
        note,
    )
    .await?;
    // The member is told the decision (not its reasons: those are on the file).
    let notice = crate::me::notify::Notice {
        kind: crate::me::notify::Kind::ApplicationDecided,
        title: if approve {
            "您的困难帮扶建档申请已审批通过".to_owned()
        } else {
            "您的困难帮扶建档申请已退回".to_owned()
        },
        body: "详情请查看“我的帮扶”，或联系工会。".to_owned(),
        link: "/me/care".to_owned(),
    };
    crate::me::notify::notify_members_in(&mut tx, UnionId(union_id), &[f.member_id], &notice).await?;
    tx.commit().await?;
    Ok(f)
}

pub async fn close(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    reason: &str,
    note: &str,
) -> AppResult<File> {
    let r = CloseReason::parse(reason).ok_or_else(|| {
        AppError::field(ErrorCode::InvalidValue, "reason", "关闭原因只能是：recovered（已脱困）、retired（已退休）、transferred（已调出）、deceased（已去世）")
    })?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut f = load(&mut tx, union_id, id).await?;
    if f.status == "closed" {
        return Err(closed(&f));
    }
    let day = today();
    f.status = "closed".into();
    f.close_reason = Some(r.as_str().into());
    f.closed_on = Some(day);
    f.retain_until = Some(hardship::retain_until(day));
    f.next_review = None;
    f.updated_at = store::now();
    store::care::update_file(&mut tx, &f).await?;
    let extra = text::line("note", "说明", note, 200)?.map(|n| format!("，{n}")).unwrap_or_default();
    let text = format!(
        "关闭档案：{}{extra}；档案保存至{}",
        r.label(),
        f.retain_until.map(|d| d.to_string()).unwrap_or_default()
    );
    store::care::log_file(&mut tx, UnionId(union_id), id, "close", &text, &p.display_name).await?;
    record(
        &mut tx,
        p.actor(),
        "care.file.close",
        format!("care_file:{id}"),
        Some((union_id, &union.path)),
        text,
    )
    .await?;
    tx.commit().await?;
    Ok(f)
}

pub async fn list(
    state: &AppState,
    union_id: Uuid,
    status: Option<&str>,
    overdue: bool,
) -> AppResult<Vec<FileListed>> {
    if let Some(s) = status
        && !["open", "draft", "approved", "rejected", "closed"].contains(&s)
    {
        return Err(AppError::field(
            ErrorCode::InvalidQuery,
            "status",
            "状态只能是 open、draft、approved、rejected 或 closed",
        ));
    }
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::care::files(&mut tx, UnionId(union_id), status, overdue.then(today)).await?)
}

#[allow(clippy::too_many_arguments)]
pub async fn add_document(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    owner_kind: &str,
    owner_id: Uuid,
    file_name: &str,
    content_type: &str,
    bytes: &[u8],
) -> AppResult<Document> {
    if bytes.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "file", "请选择要上传的文件"));
    }
    if bytes.len() > MAX_DOCUMENT {
        return Err(AppError::field(ErrorCode::BodyTooLarge, "file", "文件不能超过10MB"));
    }
    let name = text::required_line("file", "文件名", file_name, 120)?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let exists = match owner_kind {
        "file" => {
            let f = load(&mut tx, union_id, owner_id).await?;
            if f.status == "closed" {
                return Err(closed(&f));
            }
            true
        }
        "assistance" => store::care::assistance(&mut tx, UnionId(union_id), owner_id).await?.is_some(),
        "campaign" => store::care::campaign(&mut tx, UnionId(union_id), owner_id).await?.is_some(),
        "claim" => store::care::claim(&mut tx, UnionId(union_id), owner_id).await?.is_some(),
        _ => false,
    };
    if !exists {
        return Err(AppError::not_found());
    }
    let d = Document {
        union_id,
        id: Uuid::now_v7(),
        owner_kind: owner_kind.into(),
        owner_id,
        file_name: name,
        content_type: content_type.chars().take(100).collect(),
        size: bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(bytes)),
        uploaded_by: p.display_name.clone(),
        uploaded_at: store::now(),
    };
    store::care::insert_document(&mut tx, &d, bytes).await?;
    record(
        &mut tx,
        p.actor(),
        "care.document",
        format!("{owner_kind}:{owner_id}"),
        Some((union_id, &union.path)),
        format!("上传{}（{}，SHA-256 {}）", d.file_name, d.size, &d.sha256[..12]),
    )
    .await?;
    tx.commit().await?;
    Ok(d)
}

pub async fn document(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
) -> AppResult<(Document, Vec<u8>)> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let (d, content) =
        store::care::document(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)?;
    record(
        &mut tx,
        p.actor(),
        "care.document.view",
        format!("{}:{}", d.owner_kind, d.owner_id),
        Some((union_id, &union.path)),
        format!("下载了{}", d.file_name),
    )
    .await?;
    tx.commit().await?;
    Ok((d, content))
}

/// Recomputes every open file's category under today's figures and returns
/// (files, changed): what the officer sees when the 低保 changes. Sealed
/// figures are decrypted in memory only.
pub async fn recompute_all(
    state: &AppState,
    union_id: Uuid,
) -> AppResult<(usize, Vec<(Uuid, Category, Category)>)> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let policy = policy_at(&mut tx, union_id, today()).await?;
    let rows = store::care::open_file_figures(&mut tx, UnionId(union_id)).await?;
    let mut changed = Vec::new();
    for r in &rows {
        let s = unseal(state, &r.sealed)?;
        let h = Household {
            size: r.household_size,
            annual_income_fen: s.annual_income_fen,
            hardship_spending_fen: s.hardship_spending_fen,
            accident: r.accident,
            exclusions: r.exclusions.split(',').filter_map(Exclusion::parse).collect(),
        };
        let now = hardship::assess(&policy, &h)?.category;
        let was = Category::parse(&r.category).unwrap_or(Category::Ineligible);
        if now != was {
            changed.push((r.member_id, was, now));
        }
    }
    Ok((rows.len(), changed))
}
