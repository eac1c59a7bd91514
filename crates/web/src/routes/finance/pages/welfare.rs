//! 慰问、福利发放: payments to members, checked against the spending policy,
//! with an approver and, where the policy allows, an exception.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Datelike;
use domain::ErrorCode;
use domain::finance::holidays::Holiday;
use domain::finance::money::{fmt_yuan, parse_yuan};
use domain::finance::policy::{Form, Item};
use domain::time::{fmt_date, parse_date};
use serde::Deserialize;
use uuid::Uuid;

use super::{Can, YearParams, base, blank, field_error, form_errors, this_year, union_page, year_of};
use crate::extract::{PageForm, Path, Query};
use crate::kit::member_choices;
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::finance::{service, welfare};

pub struct PaymentRow {
    pub date: String,
    pub member_id: Uuid,
    pub member: String,
    pub item: String,
    pub form: &'static str,
    pub amount: String,
    pub exception: bool,
    pub voucher_id: Uuid,
    pub approver: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct PayForm {
    #[serde(default)]
    member_id: String,
    #[serde(default)]
    item: String,
    #[serde(default)]
    holiday: String,
    #[serde(default)]
    form: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    surgery: String,
    #[serde(default)]
    winners: String,
    #[serde(default)]
    entrants: String,
    #[serde(default)]
    exception_reason: String,
    #[serde(default)]
    exception_approver: String,
    #[serde(default)]
    idempotency_key: String,
    #[serde(default)]
    approver_user_id: String,
    #[serde(default)]
    confirm_below_zero: String,
}

impl PayForm {
    fn input(&self) -> (Option<welfare::PaymentInput>, FormErrors) {
        let mut errors = FormErrors::default();
        let member_id = Uuid::parse_str(self.member_id.trim()).ok();
        if member_id.is_none() {
            errors.items.push(("member_id".into(), "请选择会员".into()));
        }
        let amount_fen = parse_yuan("amount", "金额", &self.amount, false).unwrap_or_else(|e| {
            field_error(&mut errors, e);
            0
        });
        let date = if blank(&self.date) {
            None
        } else {
            let d = parse_date(&self.date);
            if d.is_none() {
                errors.items.push(("date".into(), "发放日期不正确，请按2026-11-21的格式填写".into()));
            }
            d
        };
        let mut count = |field: &str, text: &str| -> Option<u32> {
            if blank(text) {
                return None;
            }
            let n = text.trim().parse::<u32>().ok();
            if n.is_none() {
                errors.items.push((field.to_owned(), "请填写人数（整数）".into()));
            }
            n
        };
        let winners = count("winners", &self.winners);
        let entrants = count("entrants", &self.entrants);
        let input = member_id.map(|member_id| welfare::PaymentInput {
            member_id,
            item: self.item.trim().to_owned(),
            amount_fen,
            form: self.form.trim().to_owned(),
            date,
            holiday: Some(self.holiday.trim().to_owned()).filter(|h| !h.is_empty()),
            surgery: self.surgery == "1",
            winners,
            entrants,
            approver_user_id: self.approver_user_id.trim().parse().ok(),
            confirm_below_zero: self.confirm_below_zero == "1",
        });
        (input.filter(|_| errors.is_empty()), errors)
    }
}

#[derive(Template)]
#[template(path = "finance/welfare.html")]
struct WelfarePage {
    layout: Layout,
    union_id: Uuid,
    can: Can,
    nav: &'static str,
    year: i32,
    payments: Vec<PaymentRow>,
    total: String,
    form: PayForm,
    errors: FormErrors,
    exception_open: bool,
    members: Option<Vec<(String, String)>>,
    approvers: Vec<service::Approver>,
    items: Vec<(&'static str, &'static str)>,
    holidays: Vec<(&'static str, &'static str)>,
    forms: Vec<(&'static str, &'static str)>,
}

async fn welfare_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    year: i32,
    typed: Option<(PayForm, FormErrors, StatusCode, bool)>,
) -> PageResult {
    let list = welfare::payments(state, union_id, year).await?;
    let (layout, can, _) =
        union_page(state, p, union_id, "finance", "慰问与福利", Some(format!("{}/welfare", base(union_id))))
            .await?;
    let members = if can.make { member_choices(state, union_id).await? } else { None };
    let approvers = if can.make { service::approvers(state, union_id).await? } else { Vec::new() };
    let (form, errors, status, exception_open) = match typed {
        Some(t) => t,
        None => {
            let form = PayForm {
                item: "festival".into(),
                form: "goods".into(),
                date: service::today().to_string(),
                idempotency_key: Uuid::new_v4().to_string(),
                ..Default::default()
            };
            (form, FormErrors::default(), StatusCode::OK, false)
        }
    };
    Ok(render_status(
        status,
        &WelfarePage {
            layout,
            union_id,
            can,
            nav: "welfare",
            year,
            total: fmt_yuan(list.iter().map(|(w, _, _)| w.amount_fen).sum()),
            payments: list
                .into_iter()
                .map(|(w, name, approver)| {
                    let item = Item::parse(&w.item).map(|i| i.label()).unwrap_or("");
                    let holiday =
                        w.holiday.as_deref().and_then(Holiday::parse).map(|h| h.label()).unwrap_or("");
                    PaymentRow {
                        date: fmt_date(w.date),
                        member_id: w.member_id,
                        member: name,
                        item: format!("{holiday}{item}"),
                        form: Form::parse(&w.form).map(|f| f.label()).unwrap_or(""),
                        amount: fmt_yuan(w.amount_fen),
                        exception: w.exception_id.is_some(),
                        voucher_id: w.voucher_id,
                        approver: approver.unwrap_or_default(),
                    }
                })
                .collect(),
            form,
            errors,
            exception_open,
            members,
            approvers,
            items: Item::ALL.iter().map(|i| (i.as_str(), i.label())).collect(),
            holidays: Holiday::ALL.iter().map(|h| (h.as_str(), h.label())).collect(),
            forms: Form::ALL.iter().map(|f| (f.as_str(), f.label())).collect(),
        },
    ))
}

pub async fn welfare(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<YearParams>,
) -> PageResult {
    welfare_page(&state, &p, union_id, year_of(&q.year), None).await
}

pub async fn pay_welfare(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<PayForm>,
) -> PageResult {
    let year = parse_date(&f.date).map(|d| d.year()).unwrap_or_else(this_year);
    let exception_typed = !blank(&f.exception_reason) || !blank(&f.exception_approver);
    let (input, errors) = f.input();
    let Some(input) = input else {
        let typed = (f, errors, StatusCode::UNPROCESSABLE_ENTITY, exception_typed);
        return welfare_page(&state, &p, union_id, year, Some(typed)).await;
    };
    let exception = welfare::ExceptionInput {
        reason: f.exception_reason.clone(),
        approver: f.exception_approver.clone(),
    };
    let key = Some(f.idempotency_key.trim()).filter(|k| !k.is_empty());
    match welfare::record_payment(&state, &p, union_id, &input, None, Some(&exception), key).await {
        Ok((w, verdict)) => {
            let item = Item::parse(&w.item).map(|i| i.label()).unwrap_or("");
            let msg = format!("已发放{item}{}元，凭证已自动记账。{}", fmt_yuan(w.amount_fen), verdict.rule);
            let to = format!("{}/welfare?year={}", base(union_id), w.date.year());
            Ok(redirect_with_flash(&state, &p, &to, &msg).await)
        }
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            let rename = [
                ("amount_fen", "amount"),
                ("exception.reason", "exception_reason"),
                ("exception.approver", "exception_approver"),
            ];
            let mut errors = form_errors(&e, &rename);
            // Fields the form does not have: said above the form.
            if let Some(pos) =
                errors.items.iter().position(|(f, _)| matches!(f.as_str(), "account" | "lines"))
            {
                errors.general = Some(errors.items.remove(pos).1);
            }
            let open = exception_typed || e.0.code == ErrorCode::PolicyRefused;
            let status = e.status();
            welfare_page(&state, &p, union_id, year, Some((f, errors, status, open))).await
        }
    }
}
