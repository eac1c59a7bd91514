//! The committee page: the sitting members (and those who left), and the
//! form that sets the committee as a whole.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use domain::auth::Perm;
use domain::rights::mediation::Side;
use uuid::Uuid;

use super::{date, layout};
use crate::extract::{PageForm, Path};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::error::{AppError, AppResult};
use app::rights::mediation::Seat;
use app::rights::mediation::committee::{self, SeatInput};

/// Blank rows the form offers for new appointments.
const BLANK_ROWS: usize = 3;

/// One row of the form as typed.
#[derive(Default, Clone)]
pub struct SeatRow {
    pub id: String,
    pub name: String,
    pub side: String,
    pub member_id: String,
    pub title: String,
    pub appointed_on: String,
    pub chair: bool,
}

#[derive(Template)]
#[template(path = "rights/mediation/committee.html")]
struct CommitteePage {
    layout: Layout,
    union_id: Uuid,
    sitting: Vec<Seat>,
    former: Vec<Seat>,
    can_manage: bool,
    rows: Vec<SeatRow>,
    errors: FormErrors,
    members: Option<Vec<(String, String)>>,
    sides: Vec<(&'static str, &'static str)>,
}

fn rows_of(seats: &[Seat]) -> Vec<SeatRow> {
    let mut rows: Vec<SeatRow> = seats
        .iter()
        .filter(|s| s.left_on.is_none())
        .map(|s| SeatRow {
            id: s.id.to_string(),
            name: s.name.clone(),
            side: s.side.clone(),
            member_id: s.member_id.map(|m| m.to_string()).unwrap_or_default(),
            title: s.title.clone(),
            appointed_on: s.appointed_on.to_string(),
            chair: s.chair,
        })
        .collect();
    rows.extend((0..BLANK_ROWS).map(|_| SeatRow::default()));
    rows
}

async fn page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    rows: Option<Vec<SeatRow>>,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let (layout, path) = layout(state, p, union_id, "劳动争议调解委员会").await?;
    let layout = layout.crumb("调解委员会", format!("/unions/{union_id}/mediation-committee"));
    let seats = committee::list(state, union_id).await?;
    let rows = rows.unwrap_or_else(|| rows_of(&seats));
    let (sitting, former) = seats.into_iter().partition(|s| s.left_on.is_none());
    let can_manage = p.can(Perm::RightsManage, Some(&path));
    // Names from the roster only for those who may read it.
    let members = if can_manage && p.can(Perm::MemberView, Some(&path)) {
        crate::kit::member_choices(state, union_id).await?
    } else {
        None
    };
    Ok(render_status(
        status,
        &CommitteePage {
            layout,
            union_id,
            sitting,
            former,
            can_manage,
            rows,
            errors,
            members,
            sides: Side::ALL.iter().map(|s| (s.as_str(), s.label())).collect(),
        },
    ))
}

pub async fn show(State(state): State<AppState>, p: Principal, Path(union_id): Path<Uuid>) -> PageResult {
    page(&state, &p, union_id, None, FormErrors::default(), StatusCode::OK).await
}

/// The rows from the form: `id`, `name`, `side`, `member_id`, `title`,
/// `appointed_on` repeated in order, `chair` the index of the chair's row.
fn parse(pairs: &[(String, String)]) -> Vec<SeatRow> {
    let mut rows: Vec<SeatRow> = Vec::new();
    let mut chair = None;
    for (k, v) in pairs {
        if k == "id" {
            rows.push(SeatRow { id: v.clone(), ..Default::default() });
            continue;
        }
        if k == "chair" {
            chair = v.parse::<usize>().ok();
            continue;
        }
        let Some(r) = rows.last_mut() else { continue };
        match k.as_str() {
            "name" => r.name = v.clone(),
            "side" => r.side = v.clone(),
            "member_id" => r.member_id = v.clone(),
            "title" => r.title = v.clone(),
            "appointed_on" => r.appointed_on = v.clone(),
            _ => {}
        }
    }
    if let Some(r) = chair.and_then(|i| rows.get_mut(i)) {
        r.chair = true;
    }
    rows
}

fn input(rows: &[SeatRow]) -> AppResult<Vec<SeatInput>> {
    let id = |s: &str| -> AppResult<Option<Uuid>> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        Uuid::parse_str(s)
            .map(Some)
            .map_err(|_| AppError::field(domain::ErrorCode::NotFound, "members", "所选会员或委员不存在"))
    };
    let mut out = Vec::new();
    for r in rows {
        if r.id.trim().is_empty() && r.name.trim().is_empty() && r.member_id.trim().is_empty() {
            continue;
        }
        out.push(SeatInput {
            id: id(&r.id)?,
            name: r.name.clone(),
            side: r.side.clone(),
            chair: r.chair,
            member_id: id(&r.member_id)?,
            title: r.title.clone(),
            appointed_on: date("members", "任职日期", &r.appointed_on)?,
        });
    }
    Ok(out)
}

pub async fn save(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let rows = parse(&pairs);
    let r = match input(&rows) {
        Ok(seats) => committee::set(&state, &p, union_id, &seats).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &p,
            &format!("/unions/{union_id}/mediation-committee"),
            "调解委员会已保存",
        )
        .await),
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => page(&state, &p, union_id, Some(rows), FormErrors::from_error(&e), e.status()).await,
    }
}
