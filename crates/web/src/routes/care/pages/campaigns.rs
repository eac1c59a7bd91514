//! Campaigns and festival distributions (送温暖、节日慰问): the list, a new
//! campaign with its filter, the recipient list, approval, payment and the
//! sign-off sheet.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::care::campaign::{CampaignKind, Filter};
use domain::care::hardship::Category;
use domain::finance::holidays::Holiday;
use domain::finance::money::in_words;
use domain::finance::policy::Form;
use domain::time::parse_date;
use serde::Deserialize;
use uuid::Uuid;

use super::{Can, base, fen_of, opts, union_page, yuan};
use crate::extract::PageForm;
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::care::aid::{self, CampaignInput};
use app::care::files;
use app::error::AppError;

#[derive(Template)]
#[template(path = "care/campaigns.html")]
struct CampaignsPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    rows: Vec<(Uuid, String, String, String, String)>,
}

pub async fn campaigns(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> PageResult {
    let (layout, can) =
        union_page(&state, &p, union_id, "帮扶活动与节日慰问", Some(format!("{}/campaigns", base(union_id))))
            .await?;
    let rows = aid::campaigns(&state, union_id)
        .await?
        .into_iter()
        .map(|c| {
            (
                c.id,
                CampaignKind::parse(&c.kind).map_or("", |k| k.label()).to_owned(),
                c.title,
                c.pay_date.to_string(),
                campaign_status(&c.status).to_owned(),
            )
        })
        .collect();
    Ok(render(&CampaignsPage { layout, union_id, can, rows }))
}

#[derive(Template)]
#[template(path = "care/campaign_form.html")]
struct CampaignFormPage {
    layout: Layout,
    union_id: Uuid,
    kinds: Vec<(String, String)>,
    holidays: Vec<(String, String)>,
    forms: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    form: CampaignForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default, Clone)]
pub struct CampaignForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub holiday: String,
    #[serde(default)]
    pub form: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub goods: String,
    #[serde(default)]
    pub pay_date: String,
    #[serde(default)]
    pub cat_deep: Option<String>,
    #[serde(default)]
    pub cat_relative: Option<String>,
    #[serde(default)]
    pub cat_accident: Option<String>,
    #[serde(default)]
    pub hardship_flag: Option<String>,
    #[serde(default)]
    pub model_worker: Option<String>,
    #[serde(default)]
    pub birth_month: String,
}

impl CampaignForm {
    fn cat(&self, c: &str) -> bool {
        match c {
            "deep" => self.cat_deep.is_some(),
            "relative" => self.cat_relative.is_some(),
            "accident" => self.cat_accident.is_some(),
            _ => false,
        }
    }
}

async fn campaign_form(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    form: CampaignForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let (layout, _) =
        union_page(state, p, union_id, "新建活动", Some(format!("{}/campaigns/new", base(union_id)))).await?;
    Ok(render_status(
        status,
        &CampaignFormPage {
            layout,
            union_id,
            kinds: opts(&CampaignKind::ALL, CampaignKind::as_str, CampaignKind::label),
            holidays: opts(&Holiday::ALL, Holiday::as_str, Holiday::label),
            forms: opts(
                &[Form::Goods, Form::NamedGoodsVoucher, Form::Cash, Form::CakeVoucher],
                Form::as_str,
                Form::label,
            ),
            categories: opts(
                &[Category::Deep, Category::Relative, Category::Accident],
                Category::as_str,
                Category::label,
            ),
            form,
            errors,
        },
    ))
}

pub async fn new_campaign(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
) -> PageResult {
    let form = CampaignForm { pay_date: files::today().to_string(), ..Default::default() };
    campaign_form(&state, &p, union_id, form, FormErrors::default(), StatusCode::OK).await
}

pub async fn create_campaign(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<CampaignForm>,
) -> PageResult {
    let mut errors = FormErrors::default();
    let amount = fen_of(&mut errors, "amount_fen", "每人标准", &f.amount);
    let birth_month = match f.birth_month.trim() {
        "" => None,
        s => match s.parse::<u32>() {
            Ok(m) if (1..=12).contains(&m) => Some(m),
            _ => {
                errors.items.push(("birth_month".into(), "生日月份应为1到12".into()));
                None
            }
        },
    };
    if errors.is_empty() {
        let filter = Filter {
            categories: [Category::Deep, Category::Relative, Category::Accident]
                .into_iter()
                .filter(|c| f.cat(c.as_str()))
                .collect(),
            hardship_flag: f.hardship_flag.is_some(),
            model_worker: f.model_worker.is_some(),
            group_ids: Vec::new(),
            birth_month,
        };
        let i = CampaignInput {
            kind: f.kind.clone(),
            title: f.title.clone(),
            holiday: Some(f.holiday.clone()),
            form: f.form.clone(),
            amount_fen: amount,
            goods: Some(f.goods.clone()),
            account: None,
            pay_date: parse_date(&f.pay_date),
            filter,
        };
        match aid::create_campaign(&state, &p, union_id, &i).await {
            Ok((c, n)) => {
                let msg = format!("名单已生成，共{n}人，请审核");
                return Ok(redirect_with_flash(
                    &state,
                    &p,
                    &format!("{}/campaigns/{}", base(union_id), c.id),
                    &msg,
                )
                .await);
            }
            Err(e) => errors = FormErrors::from_error(&e),
        }
    }
    campaign_form(&state, &p, union_id, f, errors, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[derive(Template)]
#[template(path = "care/campaign.html")]
struct CampaignPage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    c: app::care::Campaign,
    kind: String,
    status: String,
    filter: String,
    rows: Vec<app::care::Recipient>,
    total: String,
    words: String,
}

pub async fn campaign(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let (c, rows) = aid::campaign(&state, union_id, id).await?;
    let (layout, can) =
        union_page(&state, &p, union_id, &c.title, Some(format!("{}/campaigns/{id}", base(union_id))))
            .await?;
    let total_fen: i64 = rows.iter().map(|r| r.amount_fen).sum();
    let filter = serde_json::from_str::<Filter>(&c.filter).map(|f| f.describe()).unwrap_or_default();
    Ok(render(&CampaignPage {
        layout,
        union_id,
        can,
        kind: CampaignKind::parse(&c.kind).map_or("", |k| k.label()).to_owned(),
        status: campaign_status(&c.status).to_owned(),
        filter,
        rows,
        total: yuan(total_fen),
        words: in_words(total_fen),
        c,
    }))
}

#[derive(Deserialize, Default)]
pub struct RemoveForm {
    #[serde(default)]
    pub member_id: String,
}

pub async fn remove_recipient(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<RemoveForm>,
) -> PageResult {
    let member = Uuid::parse_str(f.member_id.trim()).map_err(|_| AppError::not_found())?;
    let msg = match aid::edit_recipient(&state, &p, union_id, id, member, None).await {
        Ok(()) => "已从名单中移除".to_owned(),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => e.0.message,
    };
    Ok(redirect_with_flash(&state, &p, &format!("{}/campaigns/{id}", base(union_id)), &msg).await)
}

pub async fn approve_campaign(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let msg = match aid::approve_campaign(&state, &p, union_id, id).await {
        Ok(_) => "名单已审核通过，可以发放".to_owned(),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => e.0.message,
    };
    Ok(redirect_with_flash(&state, &p, &format!("{}/campaigns/{id}", base(union_id)), &msg).await)
}

pub async fn pay_campaign(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let confirm = f.iter().any(|(k, v)| k == "confirm_below_zero" && v == "1");
    let msg = match aid::pay_campaign(&state, &p, union_id, id, confirm).await {
        Ok((_, n)) => format!("已发放{n}人，凭证已自动记账；请打印签收表"),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => format!("未发放：{}", e.0.message),
    };
    Ok(redirect_with_flash(&state, &p, &format!("{}/campaigns/{id}", base(union_id)), &msg).await)
}

#[derive(Template)]
#[template(path = "care/signoff.html")]
struct SignoffPage {
    union_name: String,
    c: app::care::Campaign,
    kind: String,
    rows: Vec<app::care::Recipient>,
    total: String,
    words: String,
}

pub async fn signoff(State(state): State<AppState>, Path((union_id, id)): Path<(Uuid, Uuid)>) -> PageResult {
    let (c, rows) = aid::campaign(&state, union_id, id).await?;
    let union = app::org::union(&state, union_id).await?;
    let total_fen: i64 = rows.iter().map(|r| r.amount_fen).sum();
    Ok(render(&SignoffPage {
        union_name: union.name,
        kind: CampaignKind::parse(&c.kind).map_or("", |k| k.label()).to_owned(),
        c,
        rows,
        total: yuan(total_fen),
        words: in_words(total_fen),
    }))
}

fn campaign_status(s: &str) -> &'static str {
    match s {
        "draft" => "名单待审核",
        "reviewed" => "已审核，待发放",
        "paid" => "已发放",
        _ => "",
    }
}
