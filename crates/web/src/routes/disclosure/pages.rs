//! The disclosure board's pages: the board, one item with its feedback, the
//! publishing form.

use crate::extract::Path;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::disclosure::Category;
use domain::time::fmt_datetime;
use serde::Deserialize;
use uuid::Uuid;

use crate::extract::{PageForm, Query};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render, render_status};
use app::AppState;
use app::auth::Principal;
use app::disclosure::{Feedback, Item, service};
use app::error::AppResult;

fn base(union_id: Uuid) -> String {
    format!("/unions/{union_id}/disclosure")
}

async fn layout(state: &AppState, p: &Principal, union_id: Uuid, title: &str) -> AppResult<Layout> {
    let union = app::org::union(state, union_id).await?;
    Ok(Layout::new(state, p, "disclosure", title)
        .await
        .crumb(union.name, format!("/orgs/{union_id}"))
        .crumb("公开栏", base(union_id)))
}

pub fn category_label<S: AsRef<str>>(s: S) -> &'static str {
    Category::parse(s.as_ref()).map_or("", |c| c.label())
}

/// (id, category, title, period, published, withdrawn?)
type Row = (Uuid, &'static str, String, String, String, bool);

#[derive(Template)]
#[template(path = "disclosure/board.html")]
struct BoardPage {
    layout: Layout,
    union_id: Uuid,
    keeper: bool,
    categories: Vec<(&'static str, &'static str)>,
    category: String,
    rows: Vec<Row>,
}

#[derive(Deserialize)]
pub struct BoardParams {
    pub category: Option<String>,
}

pub async fn board(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<BoardParams>,
) -> PageResult {
    let layout = layout(&state, &p, union_id, "公开栏").await?;
    let items = service::list(&state, &p, union_id, q.category.as_deref()).await?;
    Ok(render(&BoardPage {
        layout,
        union_id,
        keeper: service::may_publish(&state, &p, union_id).await?,
        categories: Category::ALL.iter().map(|c| (c.as_str(), c.label())).collect(),
        category: q.category.unwrap_or_default(),
        rows: items
            .into_iter()
            .map(|i| {
                let withdrawn = i.withdrawn_at.is_some();
                (
                    i.id,
                    category_label(&i.category),
                    i.title,
                    i.period,
                    fmt_datetime(i.published_at),
                    withdrawn,
                )
            })
            .collect(),
    }))
}

#[derive(Template)]
#[template(path = "disclosure/item.html")]
struct ItemPage {
    layout: Layout,
    union_id: Uuid,
    keeper: bool,
    item: Item,
    feedback: Vec<Feedback>,
    typed: String,
    errors: FormErrors,
}

async fn item_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    typed: String,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let (item, feedback) = service::get(state, p, union_id, id).await?;
    let layout = layout(state, p, union_id, &item.title)
        .await?
        .crumb(item.title.clone(), format!("{}/{id}", base(union_id)));
    Ok(render_status(
        status,
        &ItemPage {
            layout,
            union_id,
            keeper: service::may_publish(state, p, union_id).await?,
            item,
            feedback,
            typed,
            errors,
        },
    ))
}

pub async fn item(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    item_page(&state, &p, union_id, id, String::new(), FormErrors::default(), StatusCode::OK).await
}

#[derive(Deserialize, Default)]
pub struct TextForm {
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub reason: String,
}

pub async fn feedback(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<TextForm>,
) -> PageResult {
    match service::add_feedback(&state, &p, union_id, id, &f.body).await {
        Ok(_) => Ok(redirect_with_flash(&state, &p, &format!("{}/{id}", base(union_id)), "意见已提交").await),
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            let errors = FormErrors::from_error(&e);
            item_page(&state, &p, union_id, id, f.body, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

pub async fn withdraw(
    State(state): State<AppState>,
    p: Principal,
    Path((union_id, id)): Path<(Uuid, Uuid)>,
    PageForm(f): PageForm<TextForm>,
) -> PageResult {
    let msg = match service::withdraw(&state, &p, union_id, id, &f.reason).await {
        Ok(i) => format!("已撤回“{}”", i.title),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => format!("未能撤回：{}", e.0.message),
    };
    Ok(redirect_with_flash(&state, &p, &format!("{}/{id}", base(union_id)), &msg).await)
}

#[derive(Template)]
#[template(path = "disclosure/form.html")]
struct FormPage {
    layout: Layout,
    union_id: Uuid,
    categories: Vec<(&'static str, &'static str)>,
    form: ItemForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
pub struct ItemForm {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub body: String,
}

async fn form_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    form: ItemForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let layout =
        layout(state, p, union_id, "发布公开事项").await?.crumb("发布", format!("{}/new", base(union_id)));
    let categories = Category::ALL.iter().map(|c| (c.as_str(), c.label())).collect();
    Ok(render_status(status, &FormPage { layout, union_id, categories, form, errors }))
}

pub async fn new_item(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    form_page(&state, &p, union_id, ItemForm::default(), FormErrors::default(), StatusCode::OK).await
}

pub async fn create(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<ItemForm>,
) -> PageResult {
    match service::create(&state, &p, union_id, &f.category, &f.title, &f.period, &f.body).await {
        Ok(i) => {
            Ok(redirect_with_flash(&state, &p, &format!("{}/{}", base(union_id), i.id), "已发布到公开栏")
                .await)
        }
        Err(e) => {
            form_page(&state, &p, union_id, f, FormErrors::from_error(&e), StatusCode::UNPROCESSABLE_ENTITY)
                .await
        }
    }
}
