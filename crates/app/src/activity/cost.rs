//! Cost plans checked against the spending policy, approval, payment as a
//! voucher, photos and the report.
//!
//! The plan (预算) is checked when it is entered and again when it is
//! approved ([`domain::activity::check_cost_plan`], the finance policy's own
//! caps): over a cap it is refused naming the rule, or — where the union's
//! policy allows it — kept as an exception with its reason and an approving
//! account other than the one entering it. Approval gates payment only.
//! Paying posts one voucher on the plan's budget line under 职工活动支出
//! through the finance service, as care payments do.

use chrono::NaiveDate;
use domain::activity::{
    self, ActivityKind, ActivityRules, CostPlan as PlanFigures, DEFAULT_BUDGET_LINE, OutingFacts, OutingRules,
};
use domain::finance::chart::{Class, codes};
use domain::finance::ledger::Line;
use domain::finance::money::{MAX_FEN, yuan_short};
use domain::{ErrorCode, UnionId, text};
use sha2::{Digest, Sha256};
use store::Tx;
use store::activity::Activity;
pub use store::activity::cost::{CostPlan, Payment, Photo, Report};
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::finance::service::{NewPosting, approver_in, chart_in, post_approved};
use crate::finance::welfare::policy_in;
use crate::org::load_union;

/// The largest photo accepted.
pub const MAX_PHOTO: usize = 5 * 1024 * 1024;
/// The longest report, in characters.
pub const MAX_REPORT_CHARS: usize = 2000;

/// The activity reached by its id alone (the directory names its union).
pub async fn load(tx: &mut Tx, activity_id: Uuid) -> AppResult<Activity> {
    store::activity::by_id(tx, activity_id).await?.ok_or_else(AppError::not_found)
}

/// The rules the cost check reads from a stored activity.
fn rules_of(a: &Activity) -> ActivityRules {
    ActivityRules {
        title: a.title.clone(),
        kind: ActivityKind::parse(&a.kind).unwrap_or(ActivityKind::Other),
        starts_at: a.starts_at,
        ends_at: a.ends_at,
        places: u32::try_from(a.places).unwrap_or(u32::MAX),
        signup_opens_at: a.signup_opens_at,
        signup_closes_at: a.signup_closes_at,
        cancel_until: a.cancel_until,
        audience: serde_json::from_str(&a.audience).unwrap_or_else(|_| activity::Audience::whole_union()),
        needs_approval: a.needs_approval,
    }
}

/// An exception to the policy as asked for: why, and who approves it.
#[derive(Debug, Clone, Default)]
pub struct ExceptionInput {
    pub reason: String,
    pub approver_user_id: Option<Uuid>,
}

/// The plan as typed.
#[derive(Debug, Clone, Default)]
pub struct PlanInput {
    pub per_head_fen: i64,
    pub total_fen: i64,
    pub uniform_per_head_fen: Option<i64>,
    /// An account under 职工活动支出; None: 510102 文体活动费.
    pub budget_line: Option<String>,
    pub destination: Option<String>,
    /// For an outing: the destination lies in the union's province.
    pub in_province: Option<bool>,
    pub exception: Option<ExceptionInput>,
}

/// Everything the activity page and the API show about the money.
#[derive(Debug, Clone)]
pub struct CostView {
    pub activity: Activity,
    pub plan: Option<CostPlan>,
    /// The budget line's name in the chart (文体活动费).
    pub budget_line_name: String,
    pub payment: Option<Payment>,
    pub attendees: i64,
    /// Paid ÷ attendees who checked in, when both are there.
    pub actual_per_head_fen: Option<i64>,
    pub report: Option<Report>,
    pub photos: Vec<Photo>,
}

async fn view_in(tx: &mut Tx, a: Activity) -> AppResult<CostView> {
    let u = UnionId(a.union_id);
    let plan = store::activity::cost::plan(tx, u, a.id).await?;
    let payment = store::activity::cost::payment(tx, u, a.id).await?;
    let attendees = store::activity::cost::attendee_count(tx, u, a.id).await?;
    let actual_per_head_fen = payment
        .as_ref()
        .and_then(|p| activity::actual_per_head_fen(p.amount_fen, u64::try_from(attendees).unwrap_or(0)));
    let line = plan.as_ref().map_or(DEFAULT_BUDGET_LINE, |p| p.budget_line.as_str()).to_owned();
    let budget_line_name = chart_in(tx, a.union_id)
        .await?
        .into_iter()
        .find(|x| x.code == line)
        .map(|x| x.name)
        .unwrap_or_default();
    let report = store::activity::cost::report(tx, u, a.id).await?;
    let photos = store::activity::cost::photos(tx, u, a.id).await?;
    Ok(CostView {
        activity: a,
        plan,
        budget_line_name,
        payment,
        attendees,
        actual_per_head_fen,
        report,
        photos,
    })
}

/// The plan, payment, actual cost per head, report and photos.
pub async fn view(state: &AppState, activity_id: Uuid) -> AppResult<CostView> {
    let mut tx = state.db.read().await?;
    let a = load(&mut tx, activity_id).await?;
    view_in(&mut tx, a).await
}

/// The budget line must be a postable account under 职工活动支出.
async fn check_budget_line(tx: &mut Tx, union_id: Uuid, code: &str) -> AppResult<()> {
    let chart = chart_in(tx, union_id).await?;
    let ok = activity::is_activity_budget_line(code)
        && chart.iter().any(|a| a.code == code && a.class == Class::Expenditure)
        && domain::finance::chart::is_leaf(&chart, code);
    if !ok {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "budget_line",
            format!("预算科目“{code}”不是职工活动支出（5101）下的明细科目，例如 510102 文体活动费"),
        ));
    }
    Ok(())
}

fn paid_already(p: &Payment) -> AppError {
    AppError::field(
        ErrorCode::AlreadyPaid,
        "activity_id",
        format!(
            "该活动经费已于{}支付{}元，不能重复支付，预算也不能再修改",
            p.pay_date,
            yuan_short(p.amount_fen)
        ),
    )
}

/// Enters or replaces the plan, checked against the union's policy. A plan
/// changed after approval needs approving again.
pub async fn put_plan(
    state: &AppState,
    p: &Principal,
    activity_id: Uuid,
    i: &PlanInput,
) -> AppResult<CostView> {
    let budget_line = i
        .budget_line
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(DEFAULT_BUDGET_LINE)
        .to_owned();
    let destination = text::line("destination", "目的地", i.destination.as_deref().unwrap_or(""), 100)?;
    let mut tx = state.db.write().await?;
    let a = load(&mut tx, activity_id).await?;
    let union = load_union(&mut tx, a.union_id).await?;
    let u = UnionId(a.union_id);
    if let Some(paid) = store::activity::cost::payment(&mut tx, u, a.id).await? {
        return Err(paid_already(&paid));
    }
    check_budget_line(&mut tx, a.union_id, &budget_line).await?;
    let rules = rules_of(&a);
    let pol = policy_in(&mut tx, a.union_id).await?;
    let outing = OutingRules::of_policy(&pol);
    if rules.kind == ActivityKind::Outing && outing.within_province && i.in_province.is_none() {
        return Err(AppError::field(
            ErrorCode::Required,
            "in_province",
            format!("{}：春秋游活动须在省内进行，请说明目的地是否在省内", pol.region),
        ));
    }
    let figures = PlanFigures {
        per_head_fen: i.per_head_fen,
        total_fen: i.total_fen,
        uniform_per_head_fen: i.uniform_per_head_fen,
        budget_line: Some(budget_line.clone()),
    };
    let facts = OutingFacts { destination_in_province: i.in_province.unwrap_or(true) };
    let review = activity::check_cost_plan(&pol, &rules, &figures, Some((outing, facts)));
    let mut exception = None;
    if !review.allowed() {
        // Amounts that are not amounts are errors whatever the policy says.
        if let Some(e) = review.errors.iter().find(|e| e.code != ErrorCode::PolicyRefused) {
            return Err(e.clone().into());
        }
        let rule = review.errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("；");
        let given = i.exception.as_ref().filter(|e| !e.reason.trim().is_empty());
        match given {
            Some(e) if review.exception_possible => {
                let reason = text::required_line("exception.reason", "例外原因", &e.reason, 200)?;
                let approver = approver_in(&mut tx, p, a.union_id, e.approver_user_id).await?;
                exception = Some((rule, reason, approver));
            }
            _ => {
                let first = &review.errors[0];
                let hint = if review.exception_possible {
                    "（本会政策允许例外：须填写例外原因并选择批准人）"
                } else {
                    ""
                };
                return Err(AppError::field(
                    ErrorCode::PolicyRefused,
                    first.field.as_deref().unwrap_or("cost_per_head"),
                    format!("{rule}{hint}"),
                ));
            }
        }
    }
    let checked: Vec<String> = review.verdicts.iter().map(|(_, v)| v.rule.clone()).collect();
    let now = store::now();
    let plan = CostPlan {
        union_id: a.union_id,
        activity_id: a.id,
        per_head_fen: i.per_head_fen,
        total_fen: i.total_fen,
        uniform_per_head_fen: i.uniform_per_head_fen,
        budget_line,
        destination: destination.unwrap_or_default(),
        in_province: i.in_province.unwrap_or(true),
        rules: checked.join("\n"),
        exception_rule: exception.as_ref().map(|e| e.0.clone()),
        exception_reason: exception.as_ref().map(|e| e.1.clone()),
        exception_approver_id: exception.as_ref().map(|e| e.2.id),
        exception_approver: exception.as_ref().map(|e| e.2.name.clone()),
        status: "draft".into(),
        approved_by_id: None,
        approved_by: None,
        approved_at: None,
        updated_by_id: p.user_id,
        updated_by: p.display_name.clone(),
        updated_at: now,
    };
    store::activity::cost::put_plan(&mut tx, u, &plan).await?;
    let note = match &exception {
        Some((rule, reason, approver)) => {
            format!("（政策例外：{rule}；原因：{reason}；批准人：{}）", approver.name)
        }
        None => String::new(),
    };
    record(
        &mut tx,
        p.actor(),
        "activity.cost_plan",
        format!("activity:{}", a.id),
        Some((a.union_id, &union.path)),
        format!(
            "{}预算：人均{}元，合计{}元，科目{}{note}",
            a.title,
            yuan_short(plan.per_head_fen),
            yuan_short(plan.total_fen),
            plan.budget_line
        ),
    )
    .await?;
    let v = view_in(&mut tx, a).await?;
    tx.commit().await?;
    Ok(v)
}

/// Approves the plan (审批): someone other than who entered it, checked
/// against the policy in force now. Records who and when.
pub async fn approve(state: &AppState, p: &Principal, activity_id: Uuid) -> AppResult<CostView> {
    let mut tx = state.db.write().await?;
    let a = load(&mut tx, activity_id).await?;
    let union = load_union(&mut tx, a.union_id).await?;
    let u = UnionId(a.union_id);
    let plan = store::activity::cost::plan(&mut tx, u, a.id).await?.ok_or_else(|| {
        AppError::field(ErrorCode::Conflict, "activity_id", "该活动还没有预算，请先填写预算再审批")
    })?;
    if plan.status != "draft" {
        return Err(AppError::field(
            ErrorCode::Conflict,
            "activity_id",
            format!("预算已由{}审批，不能重复审批", plan.approved_by.as_deref().unwrap_or("他人")),
        ));
    }
    if plan.updated_by_id == p.user_id {
        return Err(AppError::field(
            ErrorCode::SameReviewer,
            "activity_id",
            "预算由您本人填写，须由本会另一位主席或财务负责人审批",
        ));
    }
    // The policy may have changed since the plan was entered.
    let pol = policy_in(&mut tx, a.union_id).await?;
    let figures = PlanFigures {
        per_head_fen: plan.per_head_fen,
        total_fen: plan.total_fen,
        uniform_per_head_fen: plan.uniform_per_head_fen,
        budget_line: Some(plan.budget_line.clone()),
    };
    let facts = OutingFacts { destination_in_province: plan.in_province };
    let review =
        activity::check_cost_plan(&pol, &rules_of(&a), &figures, Some((OutingRules::of_policy(&pol), facts)));
    let excepted = plan.exception_reason.is_some() && review.exception_possible;
    if !review.allowed() && !excepted {
        let rule = review.errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("；");
        return Err(AppError::field(
            ErrorCode::PolicyRefused,
            review.errors[0].field.as_deref().unwrap_or("cost_per_head"),
            format!("{rule}（按现行经费支出政策，请修改预算）"),
        ));
    }
    let now = store::now();
    if store::activity::cost::approve_plan(&mut tx, u, a.id, p.user_id, &p.display_name, now).await? == 0 {
        return Err(AppError::field(
            ErrorCode::Conflict,
            "activity_id",
            "预算已被他人审批或修改，请刷新后再试",
        ));
    }
    record(
        &mut tx,
        p.actor(),
        "activity.cost_plan.approve",
        format!("activity:{}", a.id),
        Some((a.union_id, &union.path)),
        format!("审批{}预算：合计{}元", a.title, yuan_short(plan.total_fen)),
    )
    .await?;
    let v = view_in(&mut tx, a).await?;
    tx.commit().await?;
    Ok(v)
}

/// A payment as asked for.
#[derive(Debug, Clone, Default)]
pub struct PayInput {
    pub amount_fen: i64,
    /// None: today.
    pub date: Option<NaiveDate>,
    /// bank (default) | cash
    pub form: Option<String>,
    /// The approving account (批准人): the union's chair or treasurer, not the payer.
    pub approver_user_id: Option<Uuid>,
    pub confirm_below_zero: bool,
}

/// Pays the activity: one voucher 借 budget line 贷 银行存款/库存现金 with its
/// approver, once, within the approved plan's total.
pub async fn pay(state: &AppState, p: &Principal, activity_id: Uuid, i: &PayInput) -> AppResult<CostView> {
    let credit = match i.form.as_deref().map(str::trim).unwrap_or("") {
        "" | "bank" => codes::BANK,
        "cash" => codes::CASH,
        other => {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "form",
                format!("支付方式“{other}”不存在，应为 bank（银行转账）或 cash（现金）"),
            ));
        }
    };
    if i.amount_fen <= 0 || i.amount_fen > MAX_FEN {
        return Err(AppError::field(ErrorCode::InvalidMoney, "amount_fen", "支付金额应大于0"));
    }
    let date = i.date.unwrap_or_else(|| domain::time::today(store::now()));
    let mut tx = state.db.write().await?;
    let a = load(&mut tx, activity_id).await?;
    let union = load_union(&mut tx, a.union_id).await?;
    let u = UnionId(a.union_id);
    if let Some(paid) = store::activity::cost::payment(&mut tx, u, a.id).await? {
        return Err(paid_already(&paid));
    }
    let plan = store::activity::cost::plan(&mut tx, u, a.id).await?.filter(|x| x.status == "approved");
    let Some(plan) = plan else {
        return Err(AppError::field(ErrorCode::Conflict, "activity_id", "活动预算尚未审批，不能支付"));
    };
    if i.amount_fen > plan.total_fen {
        return Err(AppError::field(
            ErrorCode::InvalidMoney,
            "amount_fen",
            format!(
                "支付{}元超过已批准的预算合计{}元：请先修改预算并重新审批",
                yuan_short(i.amount_fen),
                yuan_short(plan.total_fen)
            ),
        ));
    }
    let approver = approver_in(&mut tx, p, a.union_id, i.approver_user_id).await?;
    let lines = vec![
        Line {
            account: plan.budget_line.clone(),
            summary: String::new(),
            debit_fen: i.amount_fen,
            credit_fen: 0,
        },
        Line { account: credit.into(), summary: String::new(), debit_fen: 0, credit_fen: i.amount_fen },
    ];
    let summary: String = format!("活动经费：{}", a.title).chars().take(100).collect();
    let v = post_approved(
        &mut tx,
        p,
        a.union_id,
        "activity",
        NewPosting { date_field: "date", date, summary, lines, confirm_below_zero: i.confirm_below_zero },
        &approver,
    )
    .await?;
    let payment = Payment {
        union_id: a.union_id,
        activity_id: a.id,
        amount_fen: i.amount_fen,
        account: plan.budget_line.clone(),
        pay_date: date,
        form: if credit == codes::CASH { "cash" } else { "bank" }.into(),
        voucher_id: v.id,
        approver: approver.name.clone(),
        paid_by: p.display_name.clone(),
        paid_at: store::now(),
    };
    store::activity::cost::insert_payment(&mut tx, u, &payment).await?;
    record(
        &mut tx,
        p.actor(),
        "activity.payment",
        format!("activity:{}", a.id),
        Some((a.union_id, &union.path)),
        format!("支付{}经费{}元（批准人：{}）", a.title, yuan_short(i.amount_fen), approver.name),
    )
    .await?;
    let view = view_in(&mut tx, a).await?;
    tx.commit().await?;
    Ok(view)
}

/// The image type of an upload, read from its first bytes (never from the
/// name or the type the browser claims): JPEG, PNG, GIF or WebP.
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// Adds a photo: images only, at most [`MAX_PHOTO`].
pub async fn add_photo(
    state: &AppState,
    p: &Principal,
    activity_id: Uuid,
    file_name: &str,
    bytes: &[u8],
) -> AppResult<Photo> {
    if bytes.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "file", "请选择要上传的照片"));
    }
    if bytes.len() > MAX_PHOTO {
        return Err(AppError::field(ErrorCode::BodyTooLarge, "file", "照片不能超过5MB"));
    }
    let content_type = image_type(bytes).ok_or_else(|| {
        AppError::field(ErrorCode::InvalidValue, "file", "只能上传照片（JPEG、PNG、GIF 或 WebP 图片）")
    })?;
    let name = text::line("file", "文件名", file_name, 120)?.unwrap_or_else(|| "照片".into());
    let mut tx = state.db.write().await?;
    let a = load(&mut tx, activity_id).await?;
    let union = load_union(&mut tx, a.union_id).await?;
    let photo = Photo {
        union_id: a.union_id,
        id: Uuid::now_v7(),
        activity_id: a.id,
        file_name: name,
        content_type: content_type.into(),
        size: bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(bytes)),
        uploaded_by: p.display_name.clone(),
        uploaded_at: store::now(),
    };
    store::activity::cost::insert_photo(&mut tx, UnionId(a.union_id), &photo, bytes).await?;
    record(
        &mut tx,
        p.actor(),
        "activity.photo",
        format!("activity:{}", a.id),
        Some((a.union_id, &union.path)),
        format!("上传{}照片{}（{}字节）", a.title, photo.file_name, photo.size),
    )
    .await?;
    tx.commit().await?;
    Ok(photo)
}

/// One photo with its bytes; a photo of another activity does not exist here.
pub async fn photo(state: &AppState, activity_id: Uuid, photo_id: Uuid) -> AppResult<(Photo, Vec<u8>)> {
    let mut tx = state.db.read().await?;
    let a = load(&mut tx, activity_id).await?;
    store::activity::cost::photo(&mut tx, UnionId(a.union_id), a.id, photo_id)
        .await?
        .ok_or_else(AppError::not_found)
}

/// Deletes a photo of the activity, its bytes with it (they are stored in
/// the photo's row); a photo of another activity does not exist here.
pub async fn delete_photo(
    state: &AppState,
    p: &Principal,
    activity_id: Uuid,
    photo_id: Uuid,
) -> AppResult<Photo> {
    let mut tx = state.db.write().await?;
    let a = load(&mut tx, activity_id).await?;
    let union = load_union(&mut tx, a.union_id).await?;
    let photo = store::activity::cost::delete_photo(&mut tx, UnionId(a.union_id), a.id, photo_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    record(
        &mut tx,
        p.actor(),
        "activity.photo_delete",
        format!("activity:{}", a.id),
        Some((a.union_id, &union.path)),
        format!("删除{}照片{}（{}字节）", a.title, photo.file_name, photo.size),
    )
    .await?;
    tx.commit().await?;
    Ok(photo)
}

/// Writes (or rewrites) the short report afterwards; who and when are kept.
pub async fn put_report(state: &AppState, p: &Principal, activity_id: Uuid, body: &str) -> AppResult<Report> {
    let body = text::multiline("body", "活动总结", body, MAX_REPORT_CHARS)?
        .ok_or_else(|| AppError::field(ErrorCode::Required, "body", "活动总结不能为空"))?;
    let mut tx = state.db.write().await?;
    let a = load(&mut tx, activity_id).await?;
    let union = load_union(&mut tx, a.union_id).await?;
    let r = Report {
        union_id: a.union_id,
        activity_id: a.id,
        body,
        written_by: p.display_name.clone(),
        written_at: store::now(),
    };
    store::activity::cost::put_report(&mut tx, UnionId(a.union_id), &r).await?;
    record(
        &mut tx,
        p.actor(),
        "activity.report",
        format!("activity:{}", a.id),
        Some((a.union_id, &union.path)),
        format!("填写{}活动总结（{}字）", a.title, r.body.chars().count()),
    )
    .await?;
    tx.commit().await?;
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::image_type;

    #[test]
    fn images_are_known_by_their_bytes() {
        assert_eq!(image_type(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some("image/jpeg"));
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(image_type(b"GIF89a..."), Some("image/gif"));
        assert_eq!(image_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(image_type(b"%PDF-1.7"), None);
        assert_eq!(image_type(b"<svg xmlns="), None);
        assert_eq!(image_type(b""), None);
    }
}
