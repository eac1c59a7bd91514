//! Assistance and condolence payments (帮扶慰问发放).

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::care::events::EventKind;
use domain::finance::policy::{Form, Item};
use domain::time::parse_date;
use serde::Deserialize;
use uuid::Uuid;

use super::{Can, YearParams, base, fen_of, opts, union_page, yuan};
use crate::extract::{PageForm, Query};
use crate::kit::member_choices;
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::care::aid::{self, AidInput};
use app::care::files;

#[derive(Template)]
#[template(path = "care/assistance.html")]
struct AssistancePage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    year: i32,
    rows: Vec<(app::care::Assistance, String)>,
    total: String,
    members: Option<Vec<(String, String)>>,
    approvers: Vec<app::finance::service::Approver>,
    items: Vec<(String, String)>,
    forms: Vec<(String, String)>,
    form: AidForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default, Clone)]
pub struct AidForm {
    #[serde(default)]
    pub member_id: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub item: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub form: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub approver_user_id: String,
    #[serde(default)]
    pub delivered_by: String,
    #[serde(default)]
    pub goods: String,
    #[serde(default)]
    pub idempotency_key: String,
    /// The life event this condolence answers (from the care home's list).
    #[serde(default)]
    pub event_id: String,
    #[serde(default)]
    pub confirm_below_zero: String,
}

async fn assistance_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    year: i32,
    event: Option<Uuid>,
    typed: Option<(AidForm, FormErrors, StatusCode)>,
) -> PageResult {
    let (layout, can) =
        union_page(state, p, union_id, "帮扶慰问发放", Some(format!("{}/assistance", base(union_id))))
            .await?;
    let rows = aid::list(state, union_id, year, None).await?;
    let total = yuan(rows.iter().map(|(a, _)| a.amount_fen).sum::<i64>());
    let members = if can.pay { member_choices(state, union_id).await? } else { None };
    let approvers =
        if can.pay { app::finance::service::approvers(state, union_id).await? } else { Vec::new() };
    let items = [
        Item::Assistance,
        Item::Hospital,
        Item::Marriage,
        Item::Childbirth,
        Item::DeathMember,
        Item::DeathRelative,
        Item::Retirement,
    ];
    let (form, errors, status) = match typed {
        Some(t) => t,
        None => {
            let mut f = AidForm {
                date: files::today().to_string(),
                idempotency_key: Uuid::new_v4().to_string(),
                ..Default::default()
            };
            // From a life event: its member, item and the amount still due.
            if let Some(id) = event {
                let e = aid::event(state, union_id, id).await?;
                f.member_id = e.member_id.to_string();
                f.item = e.item.clone();
                f.amount = e.due_fen.filter(|d| *d > 0).map(yuan).unwrap_or_default();
                f.form = Form::Cash.as_str().into();
                f.reason = format!("{}慰问", EventKind::parse(&e.kind).map_or("", |k| k.label()));
                f.event_id = e.id.to_string();
            }
            (f, FormErrors::default(), StatusCode::OK)
        }
    };
    Ok(render_status(
        status,
        &AssistancePage {
            layout,
            union_id,
            can,
            year,
            rows,
            total,
            members,
            approvers,
            items: opts(&items, Item::as_str, Item::label),
            forms: opts(&[Form::Cash, Form::Goods, Form::NamedGoodsVoucher], Form::as_str, Form::label),
            form,
            errors,
        },
    ))
}

pub async fn assistance(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearParams>,
) -> PageResult {
    let year = q.year.unwrap_or_else(|| chrono::Datelike::year(&files::today()));
    assistance_page(&state, &p, union_id, year, q.event, None).await
}

pub async fn pay(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<AidForm>,
) -> PageResult {
    let mut errors = FormErrors::default();
    let amount = fen_of(&mut errors, "amount_fen", "金额", &f.amount);
    let year = parse_date(&f.date)
        .map_or_else(|| chrono::Datelike::year(&files::today()), |d| chrono::Datelike::year(&d));
    if errors.is_empty() {
        let i = AidInput {
            member_id: Uuid::parse_str(f.member_id.trim()).ok(),
            kind: if f.item == "assistance" { "assistance".into() } else { "condolence".into() },
            item: f.item.clone(),
            holiday: None,
            reason: f.reason.clone(),
            amount_fen: amount,
            goods: Some(f.goods.clone()),
            form: f.form.clone(),
            date: parse_date(&f.date),
            approver_user_id: f.approver_user_id.trim().parse().ok(),
            delivered_by: Some(f.delivered_by.clone()),
            surgery: false,
            account: None,
            exception: None,
            idem_key: Some(f.idempotency_key.clone()),
            event_id: Uuid::parse_str(f.event_id.trim()).ok(),
            confirm_below_zero: f.confirm_below_zero == "1",
        };
        match aid::pay(&state, &p, union_id, &i).await {
            Ok(a) => {
                let msg = format!("已发放{}元，批准人{}，凭证已生成", yuan(a.amount_fen), a.approved_by);
                return Ok(redirect_with_flash(
                    &state,
                    &p,
                    &format!("{}/assistance?year={}", base(union_id), a.year),
                    &msg,
                )
                .await);
            }
            Err(e) => errors = FormErrors::from_error(&e),
        }
    }
    assistance_page(&state, &p, union_id, year, None, Some((f, errors, StatusCode::UNPROCESSABLE_ENTITY)))
        .await
}
