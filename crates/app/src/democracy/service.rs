//! Ballots: one machinery for motions, elections and appraisals, in the
//! browser or on paper. Pages and the API call these functions.
//!
//! Secrecy: a vote writes two rows in one short transaction — the voter's
//! name on the roll of those who voted, and a paper with a random receipt in
//! the box — and nothing else: no audit entry (the roll already says who
//! voted, and an entry's time would line up with the paper), no log line
//! with the choice. At close the box is counted and emptied into the
//! published papers in receipt order.

use domain::ErrorCode;
use domain::UnionId;
use domain::auth::Perm;
use domain::democracy::ballot::{self, BallotKind, Counts, Mode, Paper, Purpose, Spec, VoteInput};
use domain::democracy::outcome::{self, Outcome};
use domain::democracy::receipt;
use domain::text;
use serde::Serialize;
use store::Tx;
use store::democracy::{Ballot, CountEntry};
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::record;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// The most voters one ballot may have.
pub const MAX_VOTERS: usize = 100_000;

/// A new ballot as asked for.
#[derive(Debug, Clone, Default)]
pub struct BallotInput {
    pub kind: String,
    pub title: String,
    pub purpose: Option<String>,
    pub mode: Option<String>,
    /// A congress session: its delegates are the voters, and its quorum is
    /// needed before the ballot opens.
    pub session_id: Option<Uuid>,
    pub voter_user_ids: Vec<Uuid>,
    /// Paper ballots without a roll: how many may vote.
    pub entitled: Option<i64>,
    /// Resolutions (motions; default: the title), candidates, or cadres.
    pub items: Vec<String>,
    pub seats: Option<u32>,
    pub write_in: Option<bool>,
}

fn kind_of(b: &Ballot) -> BallotKind {
    BallotKind::parse(&b.kind).unwrap_or(BallotKind::Motion)
}

pub fn spec_of(b: &Ballot) -> AppResult<Spec> {
    serde_json::from_str(&b.spec).map_err(|_| {
        tracing::error!(ballot = %b.id, "a ballot's spec does not read");
        AppError::code(ErrorCode::Internal)
    })
}

pub fn mode_of(b: &Ballot) -> Mode {
    Mode::parse(&b.mode).unwrap_or(Mode::Electronic)
}

pub fn status_label(s: &str) -> &'static str {
    match s {
        "draft" => "未开始",
        "open" => "投票中",
        "counting" => "计票中",
        "closed" => "已结束",
        _ => "",
    }
}

/// Makes a ballot with its voter roll (draft: not yet open).
pub async fn create(state: &AppState, p: &Principal, union_id: Uuid, i: &BallotInput) -> AppResult<Ballot> {
    let kind = BallotKind::parse(i.kind.trim()).ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidValue,
            "kind",
            format!("投票类型“{}”不存在，应为 motion、election 或 appraisal", i.kind),
        )
    })?;
    let purpose = match i.purpose.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Purpose::General,
        Some(s) => Purpose::parse(s).ok_or_else(|| {
            AppError::field(ErrorCode::InvalidValue, "purpose", format!("选举事项“{s}”不存在"))
        })?,
    };
    let mode = match i.mode.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Mode::Electronic,
        Some(s) => Mode::parse(s).ok_or_else(|| {
            AppError::field(
                ErrorCode::InvalidValue,
                "mode",
                format!("投票方式“{s}”不存在，应为 electronic 或 paper"),
            )
        })?,
    };
    let title = text::required_line("title", "标题", &i.title, 200)?;
    let items: Vec<String> = i.items.iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
    let items = if items.is_empty() && kind == BallotKind::Motion { vec![title.clone()] } else { items };
    let spec = Spec {
        kind,
        items,
        // Seats on anything but an election are refused by the check.
        seats: i.seats.unwrap_or(0),
        write_in: kind == BallotKind::Election && i.write_in.unwrap_or(true),
    };
    spec.check().map_err(|e| {
        // The API calls them candidates / cadres; the check says items.
        let field = match (kind, e.field.as_deref()) {
            (BallotKind::Election, Some(f)) if f.starts_with("items") => f.replacen("items", "candidates", 1),
            (BallotKind::Appraisal, Some(f)) if f.starts_with("items") => f.replacen("items", "cadres", 1),
            (_, f) => f.unwrap_or("").to_owned(),
        };
        AppError::field(e.code, &field, e.message)
    })?;

    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let (voters, entitled) = match i.session_id {
        Some(sid) => {
            if !i.voter_user_ids.is_empty() {
                return Err(AppError::field(
                    ErrorCode::InvalidValue,
                    "voter_user_ids",
                    "会议表决的投票人为本届全体代表，不能另列投票人",
                ));
            }
            let session = store::democracy::session(&mut tx, UnionId(union_id), sid)
                .await?
                .ok_or_else(|| AppError::field(ErrorCode::NotFound, "session_id", "所选会议不存在"))?;
            let delegates = store::democracy::delegates(&mut tx, UnionId(union_id), session.term_id).await?;
            if delegates.is_empty() {
                return Err(AppError::field(
                    ErrorCode::Required,
                    "session_id",
                    "本届尚未登记代表，不能发起表决",
                ));
            }
            let no_account: Vec<&str> =
                delegates.iter().filter(|d| d.user_id.is_none()).map(|d| d.name.as_str()).collect();
            if mode == Mode::Electronic && !no_account.is_empty() {
                let shown: Vec<&str> = no_account.iter().take(5).copied().collect();
                return Err(AppError::field(
                    ErrorCode::InvalidValue,
                    "session_id",
                    format!(
                        "代表{}{}没有关联登录账号，不能电子投票；请先为其关联账号，或改用纸质选票",
                        shown.join("、"),
                        if no_account.len() > 5 {
                            format!("等{}人", no_account.len())
                        } else {
                            String::new()
                        }
                    ),
                ));
            }
            let users: Vec<Uuid> = delegates.iter().filter_map(|d| d.user_id).collect();
            let n = delegates.len() as i64;
            (if mode == Mode::Electronic { users } else { Vec::new() }, n)
        }
        None if mode == Mode::Electronic => {
            let mut users = i.voter_user_ids.clone();
            users.sort();
            users.dedup();
            if users.is_empty() {
                return Err(AppError::field(ErrorCode::Required, "voter_user_ids", "请列出有投票权的人"));
            }
            if users.len() > MAX_VOTERS {
                return Err(AppError::field(
                    ErrorCode::InvalidValue,
                    "voter_user_ids",
                    format!("投票人最多{MAX_VOTERS}名"),
                ));
            }
            // Accounts of this union only: another union's account answers
            // exactly as an id that does not exist.
            let known =
                store::auth::accounts_in_union(&mut tx, UnionId(union_id), &union.path, &users).await?;
            let known: std::collections::HashSet<Uuid> = known.into_iter().collect();
            for (n, u) in users.iter().enumerate() {
                if !known.contains(u) {
                    return Err(AppError::field(
                        ErrorCode::InvalidValue,
                        &format!("voter_user_ids[{n}]"),
                        format!("投票人账号{u}不存在或已停用"),
                    ));
                }
            }
            let n = users.len() as i64;
            (users, n)
        }
        None => {
            let n = i.entitled.unwrap_or(0);
            if !(1..=MAX_VOTERS as i64).contains(&n) {
                return Err(AppError::field(
                    ErrorCode::Required,
                    "entitled",
                    "纸质投票请填写应到（有投票权的）人数",
                ));
            }
            (Vec::new(), n)
        }
    };
    let now = store::now();
    let b = Ballot {
        union_id,
        id: Uuid::now_v7(),
        session_id: i.session_id,
        kind: kind.as_str().to_owned(),
        purpose: purpose.as_str().to_owned(),
        mode: mode.as_str().to_owned(),
        title,
        spec: serde_json::to_string(&spec).expect("spec serialises"),
        round: 1,
        previous_id: None,
        entitled,
        present: None,
        status: "draft".into(),
        result: None,
        created_by: p.display_name.clone(),
        created_at: now,
        opened_at: None,
        closed_at: None,
    };
    store::democracy::insert_ballot(&mut tx, &b, &voters).await?;
    record(
        &mut tx,
        p.actor(),
        "ballot.create",
        format!("ballot:{}", b.id),
        Some((union_id, &union.path)),
        format!(
            "新建{}（{}）“{}”：应到{}人，{}个{}",
            kind.label(),
            mode.label(),
            b.title,
            entitled,
            spec.items.len(),
            kind.item_label()
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(b)
}

/// A ballot by id for someone the guard let through for its union.
async fn managed(tx: &mut Tx, id: Uuid) -> AppResult<(Ballot, String)> {
    store::democracy::ballot_by_id(tx, id).await?.ok_or_else(AppError::not_found)
}

/// What the caller is to a ballot: whether on its roll and whether they have
/// voted; a ballot of a union they cannot see (and are no voter of) is
/// missing.
#[derive(Debug, Clone)]
pub struct Access {
    pub ballot: Ballot,
    pub union_path: String,
    pub voter: bool,
    pub voted: bool,
    pub can_view: bool,
    pub can_manage: bool,
}

pub async fn access(tx: &mut Tx, p: &Principal, id: Uuid) -> AppResult<Access> {
    let mut a = peek(tx, p, id).await?;
    a.voted = a.voter && store::democracy::has_voted(tx, UnionId(a.ballot.union_id), id, p.user_id).await?;
    Ok(a)
}

/// [`access`] without asking whether the caller has voted (the vote itself
/// finds out): one query.
async fn peek(tx: &mut Tx, p: &Principal, id: Uuid) -> AppResult<Access> {
    let store::democracy::BallotAccess { ballot, union_path, voter } =
        store::democracy::ballot_access(tx, id, p.user_id).await?.ok_or_else(AppError::not_found)?;
    let can_view = p.can(Perm::CongressView, Some(&union_path));
    if !voter && !can_view {
        return Err(AppError::not_found());
    }
    let can_manage = p.can(Perm::CongressManage, Some(&union_path));
    Ok(Access { ballot, union_path, voter, voted: false, can_view, can_manage })
}

fn state_error(b: &Ballot, action: &str) -> AppError {
    AppError::field(
        ErrorCode::BallotState,
        "status",
        format!(
            "该投票{}，不能{action}",
            match b.status.as_str() {
                "draft" => "尚未开始",
                "open" => "正在进行",
                "counting" => "正在计票",
                _ => "已经结束",
            }
        ),
    )
}

/// Opens a ballot. A congress ballot opens only when two thirds of the
/// delegates have checked in; what is present then is recorded.
pub async fn open(state: &AppState, p: &Principal, id: Uuid) -> AppResult<Ballot> {
    let mut tx = state.db.write().await?;
    let (b, path) = managed(&mut tx, id).await?;
    let b = store::democracy::ballot_for_update(&mut tx, UnionId(b.union_id), id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if b.status != "draft" {
        return Err(state_error(&b, "开始投票"));
    }
    let present = match b.session_id {
        Some(sid) => {
            let present = store::democracy::checkin_count(&mut tx, UnionId(b.union_id), sid).await? as u64;
            let delegates = b.entitled as u64;
            if !outcome::quorum_met(present, delegates) {
                return Err(AppError::field(
                    ErrorCode::QuorumNotMet,
                    "present",
                    format!(
                        "已签到代表{present}人，不足应到{delegates}人的三分之二（至少{}人），不能开始表决",
                        outcome::quorum_needed(delegates)
                    ),
                ));
            }
            Some(present as i64)
        }
        None => None,
    };
    let now = store::now();
    store::democracy::set_open(&mut tx, UnionId(b.union_id), id, present, now).await?;
    // Everyone on the roll of an electronic ballot is told it opened (a
    // paper ballot is cast in the room).
    if mode_of(&b) == Mode::Electronic {
        let voters = store::democracy::voters(&mut tx, UnionId(b.union_id), id).await?;
        let notice = crate::me::notify::Notice {
            kind: crate::me::notify::Kind::VoteOpened,
            title: format!("投票开始：{}", b.title),
            body: "您在本次投票的选民名单中，请及时投票。".to_owned(),
            link: format!("/ballots/{id}"),
        };
        crate::me::notify::notify_in(&mut tx, UnionId(b.union_id), &voters, &notice).await?;
    }
    record(
        &mut tx,
        p.actor(),
        "ballot.open",
        format!("ballot:{id}"),
        Some((b.union_id, &path)),
        format!("开始投票“{}”{}", b.title, present.map(|n| format!("：到会{n}人")).unwrap_or_default()),
    )
    .await?;
    tx.commit().await?;
    Ok(Ballot { status: "open".into(), present, opened_at: Some(now), ..b })
}

/// Ends voting. Electronic: the box is counted, checked against the roll of
/// those who voted, and published in receipt order. Paper: the counts are
/// entered next.
pub async fn close(state: &AppState, p: &Principal, id: Uuid) -> AppResult<Ballot> {
    let mut tx = state.db.write().await?;
    let (b, path) = managed(&mut tx, id).await?;
    let b = store::democracy::ballot_for_update(&mut tx, UnionId(b.union_id), id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if b.status != "open" {
        return Err(state_error(&b, "结束投票"));
    }
    let now = store::now();
    let b = match mode_of(&b) {
        Mode::Paper => {
            store::democracy::set_counting(&mut tx, UnionId(b.union_id), id, now).await?;
            Ballot { status: "counting".into(), closed_at: Some(now), ..b }
        }
        Mode::Electronic => {
            let spec = spec_of(&b)?;
            let marks = store::democracy::box_marks(&mut tx, UnionId(b.union_id), id).await?;
            let cast = store::democracy::cast_count(&mut tx, UnionId(b.union_id), id).await?;
            if marks.len() as i64 != cast {
                tracing::error!(ballot = %id, papers = marks.len(), cast, "the box and the roll disagree");
                return Err(AppError::code(ErrorCode::Internal).with_message(format!(
                    "票箱中有{}张选票，投票名单记录{}人已投票，二者不符，不能结束投票，请联系系统管理员核查",
                    marks.len(),
                    cast
                )));
            }
            let papers = marks
                .iter()
                .map(|m| Paper::decode(&spec, m))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| {
                    AppError::code(ErrorCode::Internal).with_message(format!("票箱中有无法读取的选票：{e}"))
                })?;
            let counts = ballot::count(&spec, &papers);
            let present = match b.session_id {
                Some(sid) => store::democracy::checkin_count(&mut tx, UnionId(b.union_id), sid).await?,
                None => cast,
            };
            let result = serde_json::to_string(&counts).expect("counts serialise");
            store::democracy::close(&mut tx, UnionId(b.union_id), id, Some(present), &result, now).await?;
            Ballot {
                status: "closed".into(),
                present: Some(present),
                result: Some(result),
                closed_at: Some(now),
                ..b
            }
        }
    };
    if b.status == "closed" {
        publish_result(&mut tx, p, &b).await?;
    }
    record(
        &mut tx,
        p.actor(),
        "ballot.close",
        format!("ballot:{id}"),
        Some((b.union_id, &path)),
        match b.status.as_str() {
            "closed" => format!("结束投票“{}”并计票", b.title),
            _ => format!("结束投票“{}”，待录入纸质选票计票结果", b.title),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(b)
}

/// Casts the caller's vote; returns the receipt code (canonical form).
/// `input` is read only once the caller may see the ballot: someone who
/// cannot learns nothing, not even that their input was malformed.
pub async fn vote(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    input: impl FnOnce() -> AppResult<VoteInput>,
) -> AppResult<String> {
    // Read and check outside the write transaction, so it stays short.
    let mut tx = state.db.read().await?;
    let a = peek(&mut tx, p, id).await?;
    drop(tx);
    if !a.voter {
        return Err(AppError::code(ErrorCode::NotEntitled));
    }
    let input = input()?;
    if mode_of(&a.ballot) == Mode::Paper {
        return Err(AppError::field(ErrorCode::BallotState, "mode", "本次为纸质投票，请在会场填写纸质选票"));
    }
    let spec = spec_of(&a.ballot)?;
    let paper = ballot::fill(&spec, &input)?;
    let marks = paper.encode();
    let code = receipt::encode(rand::random::<[u8; 16]>());

    let union_id = UnionId(a.ballot.union_id);
    match &state.db {
        // SQLite has one writer: votes are committed in groups by the
        // database file's vote writer (see `group`), answered after their
        // group's commit.
        store::Db::Sqlite(_) => {
            let vote = super::group::Vote {
                union_id,
                ballot_id: id,
                user_id: p.user_id,
                receipt: code.clone(),
                marks,
            };
            super::group::submit(&state.db, vote).await?;
        }
        // PostgreSQL writes votes side by side, one transaction each: the
        // ballot's share lock lets them run together while a close waits.
        store::Db::Pg(_) => {
            let mut tx = state.db.write().await?;
            let o = store::democracy::cast_checked(&mut tx, union_id, id, p.user_id, &code, &marks, false)
                .await?;
            if o == store::democracy::CastOutcome::Stored {
                tx.commit().await?;
            }
            super::group::outcome_answer(o)?;
        }
    }
    Ok(code)
}

/// A ballot with where it stands; the result and the papers once closed.
#[derive(Debug, Clone)]
pub struct TallyView {
    pub access: Access,
    pub spec: Spec,
    pub cast: i64,
    pub outcome: Option<Outcome>,
    /// (receipt as shown, marks) in receipt order, after close.
    pub papers: Vec<(String, Vec<String>)>,
    pub minutes: Option<String>,
}

pub async fn tally(state: &AppState, p: &Principal, id: Uuid) -> AppResult<TallyView> {
    let mut tx = state.db.read().await?;
    let a = access(&mut tx, p, id).await?;
    let b = &a.ballot;
    let spec = spec_of(b)?;
    let cast = match (mode_of(b), &b.result) {
        (_, Some(r)) => serde_json::from_str::<Counts>(r).map(|c| c.cast as i64).unwrap_or(0),
        (Mode::Electronic, None) => store::democracy::cast_count(&mut tx, UnionId(b.union_id), id).await?,
        (Mode::Paper, None) => 0,
    };
    let outcome = decided(b, &spec)?;
    let papers = if b.status == "closed" && mode_of(b) == Mode::Electronic {
        store::democracy::papers(&mut tx, UnionId(b.union_id), id)
            .await?
            .into_iter()
            .map(|pp| {
                let marks: Vec<String> = serde_json::from_str(&pp.marks).unwrap_or_default();
                (receipt::display(&pp.receipt), marks)
            })
            .collect()
    } else {
        Vec::new()
    };
    let minutes = outcome.as_ref().map(|o| minutes_text(b, o));
    drop(tx);
    Ok(TallyView { access: a, spec, cast, outcome, papers, minutes })
}

/// The outcome of a closed ballot from its stored counts.
pub fn decided(b: &Ballot, spec: &Spec) -> AppResult<Option<Outcome>> {
    let Some(r) = &b.result else { return Ok(None) };
    let counts: Counts = serde_json::from_str(r).map_err(|_| AppError::code(ErrorCode::Internal))?;
    let present = b.present.unwrap_or(counts.cast as i64).max(0) as u64;
    Ok(Some(outcome::decide(spec, b.entitled.max(0) as u64, present, &counts)))
}

/// Puts a closed ballot's result (the 决议 text) on the disclosure board, in
/// the closing transaction: results are public to the union's members.
async fn publish_result(tx: &mut Tx, p: &Principal, b: &Ballot) -> AppResult<()> {
    let spec = spec_of(b)?;
    let Some(o) = decided(b, &spec)? else { return Ok(()) };
    let day = b.closed_at.map(domain::time::today).unwrap_or_else(|| domain::time::today(store::now()));
    crate::disclosure::service::publish(
        tx,
        p,
        b.union_id,
        crate::disclosure::service::NewItem {
            category: domain::disclosure::Category::Democracy,
            title: format!("“{}”{}结果", b.title, kind_of(b).label()),
            period: format!("{}年{}月", chrono::Datelike::year(&day), chrono::Datelike::month(&day)),
            body: minutes_text(b, &o),
            source: Some(format!("ballot:{}", b.id)),
        },
    )
    .await?;
    Ok(())
}

/// The decision text (决议) of a closed ballot: for the printed minutes and
/// the disclosure board.
pub fn minutes_text(b: &Ballot, o: &Outcome) -> String {
    let day = b.closed_at.map(|t| domain::time::fmt_date(domain::time::today(t))).unwrap_or_default();
    let round = if b.round > 1 { format!("（第{}轮）", b.round) } else { String::new() };
    outcome::minutes(&format!("关于“{}”的{}结果{round}", b.title, kind_of(b).label()), &day, o)
}

/// Looks up a receipt in the published papers. A code that is malformed or
/// not among them is refused with the reason.
pub async fn find_receipt(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    code: &str,
) -> AppResult<(String, Vec<String>)> {
    let mut tx = state.db.read().await?;
    let a = access(&mut tx, p, id).await?;
    if a.ballot.status != "closed" || mode_of(&a.ballot) != Mode::Electronic {
        return Err(AppError::field(
            ErrorCode::BallotState,
            "receipt",
            "投票结束后才公布选票，届时可查回执码",
        ));
    }
    let canonical = receipt::normalize(code).ok_or_else(|| {
        AppError::field(
            ErrorCode::ReceiptNotFound,
            "receipt",
            "回执码格式不正确：应为26位字母和数字（可带短横线）",
        )
    })?;
    let found = store::democracy::paper(&mut tx, UnionId(a.ballot.union_id), id, &canonical)
        .await?
        .ok_or_else(|| {
            AppError::field(
                ErrorCode::ReceiptNotFound,
                "receipt",
                format!("回执码{}不在本次投票已公布的选票中，请核对", receipt::display(&canonical)),
            )
        })?;
    let marks: Vec<String> = serde_json::from_str(&found.marks).unwrap_or_default();
    Ok((receipt::display(&found.receipt), marks))
}

/// A mark as people read it.
pub fn mark_label(kind: BallotKind, mark: &str) -> String {
    match kind {
        BallotKind::Motion => ballot::Choice::parse(mark).map_or(mark, |c| c.label()).to_owned(),
        BallotKind::Appraisal => ballot::Rating::parse(mark).map_or(mark, |r| r.label()).to_owned(),
        BallotKind::Election => mark.to_owned(),
    }
}

/// The result of entering paper counts.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CountOutcome {
    pub entry: i64,
    /// Two entries by two people agree: the ballot is closed with them.
    pub accepted: bool,
    /// Where this entry differs from the other person's latest entry.
    pub differences: Vec<String>,
}

/// Enters the counts of a paper ballot. The result stands when this entry
/// equals an earlier one made by somebody else.
pub async fn enter_counts(
    state: &AppState,
    p: &Principal,
    id: Uuid,
    present: i64,
    counts: &Counts,
) -> AppResult<CountOutcome> {
    let mut tx = state.db.write().await?;
    let (b, path) = managed(&mut tx, id).await?;
    let b = store::democracy::ballot_for_update(&mut tx, UnionId(b.union_id), id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if mode_of(&b) != Mode::Paper {
        return Err(AppError::field(ErrorCode::BallotState, "mode", "电子投票由系统计票，不需录入"));
    }
    if b.status != "counting" {
        return Err(state_error(&b, "录入计票结果（须先结束投票）"));
    }
    let spec = spec_of(&b)?;
    ballot::check_counts(&spec, b.entitled as u64, counts)?;
    if present < counts.cast as i64 || present > b.entitled {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "present",
            format!("实到人数应在收回选票数{}与应到人数{}之间", counts.cast, b.entitled),
        ));
    }
    let entries = store::democracy::count_entries(&mut tx, UnionId(b.union_id), id).await?;
    let json = serde_json::to_string(counts).expect("counts serialise");
    let entry = CountEntry {
        entry: entries.last().map_or(1, |e| e.entry + 1),
        present,
        counts: json.clone(),
        entered_by_id: p.user_id,
        entered_by: p.display_name.clone(),
        at: store::now(),
    };
    store::democracy::add_count_entry(&mut tx, UnionId(b.union_id), id, &entry).await?;
    let others: Vec<&CountEntry> = entries.iter().filter(|e| e.entered_by_id != p.user_id).collect();
    let agrees = others.iter().any(|e| {
        e.present == present && serde_json::from_str::<Counts>(&e.counts).ok().as_ref() == Some(counts)
    });
    let differences = match others.last() {
        Some(e) if !agrees => {
            let theirs: Counts =
                serde_json::from_str(&e.counts).map_err(|_| AppError::code(ErrorCode::Internal))?;
            let mut d = ballot::differences(&theirs, counts);
            if e.present != present {
                d.insert(0, format!("实到人数：第一次{}，第二次{}", e.present, present));
            }
            d
        }
        _ => Vec::new(),
    };
    if agrees {
        let now = store::now();
        store::democracy::close(&mut tx, UnionId(b.union_id), id, Some(present), &json, now).await?;
        let closed = Ballot {
            status: "closed".into(),
            present: Some(present),
            result: Some(json.clone()),
            closed_at: Some(now),
            ..b.clone()
        };
        publish_result(&mut tx, p, &closed).await?;
    }
    record(
        &mut tx,
        p.actor(),
        "ballot.counts",
        format!("ballot:{id}"),
        Some((b.union_id, &path)),
        format!(
            "录入纸质选票计票结果（第{}次）“{}”{}",
            entry.entry,
            b.title,
            if agrees {
                "：与另一人录入一致，结果确认"
            } else if !differences.is_empty() {
                "：与另一人录入不一致"
            } else {
                ""
            }
        ),
    )
    .await?;
    tx.commit().await?;
    if !differences.is_empty() {
        // The entry stays on record; the caller hears where they differ.
        return Ok(CountOutcome { entry: entry.entry, accepted: false, differences });
    }
    Ok(CountOutcome { entry: entry.entry, accepted: agrees, differences })
}

/// Starts the further round of an election (另行选举): the unfilled seats,
/// the candidates proposed by the rule (tied first, then the best of the
/// rest), the same voters.
pub async fn next_round(state: &AppState, p: &Principal, id: Uuid) -> AppResult<Ballot> {
    let mut tx = state.db.write().await?;
    let (b, path) = managed(&mut tx, id).await?;
    if kind_of(&b) != BallotKind::Election {
        return Err(AppError::field(ErrorCode::BallotState, "kind", "只有选举才有另行选举"));
    }
    let spec = spec_of(&b)?;
    let o = decided(&b, &spec)?.ok_or_else(|| state_error(&b, "另行选举（须先计票）"))?;
    let (seats, names) = outcome::further_round(&o).ok_or_else(|| {
        AppError::field(
            ErrorCode::BallotState,
            "status",
            if o.valid {
                "应选名额已全部选出，不需另行选举"
            } else {
                "本轮选举无效（到会不足三分之二），请重新组织选举"
            },
        )
    })?;
    let next_spec = Spec { kind: BallotKind::Election, items: names, seats, write_in: spec.write_in };
    next_spec.check()?;
    let voters = store::democracy::voters(&mut tx, UnionId(b.union_id), id).await?;
    let now = store::now();
    let title = b.title.split("（第").next().unwrap_or(&b.title).to_owned();
    let nb = Ballot {
        id: Uuid::now_v7(),
        spec: serde_json::to_string(&next_spec).expect("spec serialises"),
        round: b.round + 1,
        previous_id: Some(b.id),
        present: None,
        status: "draft".into(),
        result: None,
        created_by: p.display_name.clone(),
        created_at: now,
        opened_at: None,
        closed_at: None,
        title,
        ..b.clone()
    };
    store::democracy::insert_ballot(&mut tx, &nb, &voters).await?;
    record(
        &mut tx,
        p.actor(),
        "ballot.next_round",
        format!("ballot:{}", nb.id),
        Some((b.union_id, &path)),
        format!(
            "“{}”另行选举（第{}轮）：应选{}名，候选人{}",
            nb.title,
            nb.round,
            seats,
            next_spec.items.join("、")
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(nb)
}

pub async fn list(state: &AppState, union_id: Uuid, session_id: Option<Uuid>) -> AppResult<Vec<Ballot>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::democracy::ballots(&mut tx, UnionId(union_id), session_id).await?)
}

/// The caller's ballots (those whose roll they are on), with whether voted.
pub async fn mine(state: &AppState, p: &Principal) -> AppResult<Vec<(Ballot, bool)>> {
    let mut tx = state.db.read().await?;
    Ok(store::democracy::ballots_of_voter(&mut tx, p.user_id).await?)
}

/// Counts of a ballot as people read them: "赞成 12（40.0%）".
pub fn row_summary(o: &Outcome, i: usize) -> String {
    let r = &o.rows[i];
    o.columns
        .iter()
        .zip(&r.counts)
        .zip(&r.rates)
        .map(|((c, n), rate)| format!("{c}{n}（{rate}）"))
        .collect::<Vec<_>>()
        .join("，")
}
