//! Running a ballot: the form for a new one, then opening, closing, paper
//! counts, a further round and seating elected delegates.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::ErrorCode;
use domain::democracy::ballot::{BallotKind, Purpose};
use domain::time::fmt_date;
use serde::Deserialize;
use uuid::Uuid;

use super::{lines, opt_id, union_layout};
use crate::extract::{PageForm, Path, Query};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::auth::Principal;
use app::democracy::congress;
use app::democracy::lookup;
use app::democracy::service::{self, BallotInput};
use app::error::AppError;

#[derive(Template)]
#[template(path = "democracy/ballot_new.html")]
struct NewBallotPage {
    layout: Layout,
    union_id: Uuid,
    form: BallotForm,
    errors: FormErrors,
    kinds: Vec<(String, String)>,
    purposes: Vec<(String, String)>,
    sessions: Vec<(String, String)>,
    accounts: usize,
}

#[derive(Deserialize, Default, Clone)]
pub struct BallotForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub mode: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub items: String,
    #[serde(default)]
    pub seats: String,
    #[serde(default)]
    pub write_in: Option<String>,
    /// `session:<id>` or `union`.
    #[serde(default)]
    pub voters: String,
    #[serde(default)]
    pub entitled: String,
}

async fn new_ballot_page(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    form: BallotForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let (layout, _) =
        union_layout(state, p, union_id, "发起投票", Some(format!("/unions/{union_id}/ballots/new"))).await?;
    let sessions = lookup::sessions(state, union_id)
        .await?
        .into_iter()
        .map(|s| (format!("session:{}", s.id), format!("{}（{}）全体代表", s.title, fmt_date(s.meets_on))))
        .collect();
    let accounts = lookup::accounts(state, union_id).await?.len();
    Ok(render_status(
        status,
        &NewBallotPage {
            layout,
            union_id,
            form,
            errors,
            kinds: BallotKind::ALL.iter().map(|k| (k.as_str().to_owned(), k.label().to_owned())).collect(),
            purposes: Purpose::ALL.iter().map(|k| (k.as_str().to_owned(), k.label().to_owned())).collect(),
            sessions,
            accounts,
        },
    ))
}

#[derive(Deserialize, Default)]
pub struct NewBallotQuery {
    pub kind: Option<String>,
    pub purpose: Option<String>,
}

pub async fn new_ballot(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    Query(q): Query<NewBallotQuery>,
) -> PageResult {
    let kind = q.kind.filter(|k| BallotKind::parse(k).is_some()).unwrap_or_else(|| "motion".into());
    let purpose = q.purpose.filter(|k| Purpose::parse(k).is_some()).unwrap_or_else(|| "general".into());
    let title = match Purpose::parse(&purpose) {
        Some(p) if p != Purpose::General => format!("{}选举", p.label()),
        _ => String::new(),
    };
    let form = BallotForm {
        kind,
        purpose,
        title,
        mode: "electronic".into(),
        voters: "union".into(),
        write_in: Some("on".into()),
        ..Default::default()
    };
    new_ballot_page(&state, &p, union_id, form, FormErrors::default(), StatusCode::OK).await
}

async fn ballot_input(state: &AppState, union_id: Uuid, f: &BallotForm) -> Result<BallotInput, AppError> {
    let mut input = BallotInput {
        kind: f.kind.clone(),
        title: f.title.clone(),
        purpose: Some(f.purpose.clone()),
        mode: Some(f.mode.clone()),
        items: lines(&f.items),
        write_in: Some(f.write_in.is_some()),
        ..Default::default()
    };
    if !f.seats.trim().is_empty() {
        input.seats = Some(
            f.seats
                .trim()
                .parse()
                .map_err(|_| AppError::field(ErrorCode::InvalidValue, "seats", "应选人数应为整数"))?,
        );
    }
    match f.voters.trim().strip_prefix("session:") {
        Some(id) => {
            input.session_id = Some(
                opt_id(id).ok_or_else(|| AppError::field(ErrorCode::NotFound, "voters", "所选会议不存在"))?,
            )
        }
        None if f.mode == "paper" => {
            input.entitled =
                Some(f.entitled.trim().parse().map_err(|_| {
                    AppError::field(ErrorCode::Required, "entitled", "纸质投票请填写应到人数")
                })?);
        }
        None => {
            input.voter_user_ids =
                lookup::accounts(state, union_id).await?.into_iter().map(|(id, _, _)| id).collect();
        }
    }
    Ok(input)
}

pub async fn create_ballot(
    State(state): State<AppState>,
    p: Principal,
    Path(union_id): Path<Uuid>,
    PageForm(f): PageForm<BallotForm>,
) -> PageResult {
    let result = match ballot_input(&state, union_id, &f).await {
        Ok(input) => service::create(&state, &p, union_id, &input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(b) => {
            Ok(redirect_with_flash(&state, &p, &format!("/ballots/{}", b.id), "投票已建立，尚未开始").await)
        }
        Err(e) => {
            let s = e.status();
            // The check names candidates / cadres; the form has one box.
            let mut errors = FormErrors::from_error(&e);
            for (field, _) in &mut errors.items {
                if field.starts_with("items")
                    || field.starts_with("candidates")
                    || field.starts_with("cadres")
                {
                    *field = "items".into();
                } else if field.starts_with("voter_user_ids") || field == "session_id" {
                    *field = "voters".into();
                }
            }
            new_ballot_page(&state, &p, union_id, f, errors, s).await
        }
    }
}

async fn back_to(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    pairs: &[(String, String)],
    msg: &str,
) -> Response {
    let back = pairs
        .iter()
        .find(|(k, _)| k == "back")
        .map(|(_, v)| v.clone())
        .filter(|v| v.starts_with("/unions/") || v.starts_with("/ballots/"))
        .unwrap_or_else(|| format!("/ballots/{id}"));
    redirect_with_flash(state, p, &back, msg).await
}

pub async fn open(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let msg = match service::open(&state, &p, id).await {
        Ok(b) => format!("“{}”开始投票", b.title),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => format!("未能开始投票：{}", e.0.message),
    };
    Ok(back_to(&state, &p, id, &pairs, &msg).await)
}

pub async fn close(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let msg = match service::close(&state, &p, id).await {
        Ok(b) if b.status == "closed" => format!("“{}”投票结束，已计票并公布全部选票", b.title),
        Ok(b) => format!("“{}”投票结束，请两人分别录入纸质选票的计票结果", b.title),
        Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
        Err(e) => format!("未能结束投票：{}", e.0.message),
    };
    Ok(back_to(&state, &p, id, &pairs, &msg).await)
}

pub async fn next_round(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    match service::next_round(&state, &p, id).await {
        Ok(b) => Ok(redirect_with_flash(
            &state,
            &p,
            &format!("/ballots/{}", b.id),
            &format!("已发起第{}轮选举", b.round),
        )
        .await),
        Err(e) if e.status() == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => Ok(redirect_with_flash(
            &state,
            &p,
            &format!("/ballots/{id}"),
            &format!("未能另行选举：{}", e.0.message),
        )
        .await),
    }
}

/// Present, cast, invalid and the rows, as typed on the counts form.
type PaperCounts = (i64, u64, u64, Vec<(String, Vec<u64>)>);

/// Paper counts from the page: `present`, `cast`, `invalid`, `c_{row}_{col}`
/// for each item, and up to three write-ins `w_name_{k}` / `w_votes_{k}`.
pub async fn enter_counts(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let get =
        |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
    let num = |k: &str| -> Result<u64, String> {
        let v = get(k);
        if v.is_empty() {
            return Ok(0);
        }
        v.parse().map_err(|_| format!("“{v}”不是票数"))
    };
    let parsed = (|| -> Result<PaperCounts, String> {
        let mut tx_rows = Vec::new();
        let mut r = 0;
        while pairs.iter().any(|(n, _)| n == &format!("name_{r}")) {
            let width: usize = get("width").parse().unwrap_or(1);
            let counts = (0..width).map(|c| num(&format!("c_{r}_{c}"))).collect::<Result<Vec<_>, _>>()?;
            tx_rows.push((get(&format!("name_{r}")), counts));
            r += 1;
        }
        for k in 0..3 {
            let name = get(&format!("w_name_{k}"));
            if !name.is_empty() {
                tx_rows.push((name, vec![num(&format!("w_votes_{k}"))?]));
            }
        }
        let present: i64 = get("present").parse().map_err(|_| "请填写实到人数".to_owned())?;
        Ok((present, num("cast")?, num("invalid")?, tx_rows))
    })();
    let msg = match parsed {
        Err(m) => format!("未录入：{m}"),
        Ok((present, cast, invalid, rows)) => {
            let counts = lookup::counts_of(&state, &p, id, cast, invalid, rows).await?;
            match service::enter_counts(&state, &p, id, present, &counts).await {
                Ok(o) if o.accepted => "两人录入一致，计票结果已确认".to_owned(),
                Ok(o) if !o.differences.is_empty() => {
                    format!(
                        "已录入（第{}次），与另一人录入不一致：{}。请核对纸质选票后重新录入",
                        o.entry,
                        o.differences.join("；")
                    )
                }
                Ok(o) => format!("已录入（第{}次），须由另一人再录入一次，两次一致后结果确认", o.entry),
                Err(e) if e.status() == StatusCode::NOT_FOUND => return Err(e.into()),
                Err(e) => format!("未录入：{}", e.0.message),
            }
        }
    };
    Ok(redirect_with_flash(&state, &p, &format!("/ballots/{id}"), &msg).await)
}

/// Seats the winners of a delegate election in the chosen term.
pub async fn seat_elected(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> PageResult {
    let term = pairs.iter().find(|(k, _)| k == "term_id").and_then(|(_, v)| opt_id(v));
    let msg = match term {
        None => "请选择届次".to_owned(),
        Some(t) => match congress::seat_elected(&state, &p, id, t).await {
            Ok(added) if added.is_empty() => "当选人均已是该届代表".to_owned(),
            Ok(added) => format!(
                "已将{}人登记为代表：{}",
                added.len(),
                added.iter().map(|d| d.name.as_str()).collect::<Vec<_>>().join("、")
            ),
            Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => return Err(e.into()),
            Err(e) => format!("未登记：{}", e.0.message),
        },
    };
    Ok(redirect_with_flash(&state, &p, &format!("/ballots/{id}"), &msg).await)
}
