//! The roster: adding, finding, editing members, their lifecycle, ID
//! reveal, transfers between unions, duplicates, roster settings.

use chrono::NaiveDate;
use domain::UnionId;
use domain::member::{
    self, Column, DocType, MemberDraft, MemberStatus, check_status_change, draft_from_row, mask_id,
    pinyin_keys, render_card_number, sort_key, status_change_needs_reason,
};
use domain::org::OrgKind;
use domain::{DomainError, ErrorCode, text};
use store::member::{HistoryEntry, Member, MemberFilter, Search, Settings, Sort};
use store::{Page, Tx};
use uuid::Uuid;

use crate::AppState;
use crate::audit::service::{Actor, record};
use crate::auth::Principal;
use crate::crypto::Keys;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

pub fn today() -> NaiveDate {
    domain::time::today(store::now())
}

/// A member as typed (form or API): every value as text, so one validation
/// (`draft_from_row`) serves forms, the API and imports alike.
#[derive(Debug, Clone, Default)]
pub struct MemberInput {
    pub cells: Vec<(Column, String)>,
    pub group_id: Option<Uuid>,
    pub model_worker: bool,
    pub hardship: bool,
}

impl MemberInput {
    pub fn set(&mut self, col: Column, value: Option<impl Into<String>>) {
        if let Some(v) = value {
            self.cells.push((col, v.into()));
        }
    }
}

/// The API names some fields differently from the import columns.
pub fn api_field(e: DomainError) -> AppError {
    let field = match e.field.as_deref() {
        Some("dues_base") => Some("dues_base_fen".to_owned()),
        Some("group") => Some("group_id".to_owned()),
        other => other.map(str::to_owned),
    };
    AppError(DomainError { field, ..e })
}

/// The keyed hash identifying a person's document.
pub fn id_hash(keys: &Keys, doc_type: DocType, value: &str) -> String {
    keys.lookup_hash("id", &format!("{}:{value}", doc_type.as_str()))
}

fn elsewhere(union_name: &str) -> AppError {
    AppError::field(
        ErrorCode::MemberActiveElsewhere,
        "id_number",
        format!("此人已是“{union_name}”的在籍会员。一人只能在一个工会登记会籍，请向该工会申请转会"),
    )
}

/// Builds the stored row of a validated draft.
pub fn member_row(
    keys: &Keys,
    union_id: Uuid,
    d: &MemberDraft,
    status: MemberStatus,
    input_flags: (bool, bool),
) -> Member {
    let now = store::now();
    let (name_pinyin, name_initials) = (sort_key(&d.name), pinyin_keys(&d.name).1);
    Member {
        union_id,
        id: Uuid::now_v7(),
        name: d.name.clone(),
        name_pinyin,
        name_initials,
        gender: d.gender.map(|g| g.as_str().to_owned()),
        ethnicity: d.ethnicity.clone(),
        birth_date: d.birth_date,
        doc_type: d.id.doc_type.as_str().to_owned(),
        id_cipher: keys.encrypt(&d.id.value),
        id_hash: id_hash(keys, d.id.doc_type, &d.id.value),
        id_masked: mask_id(&d.id.value),
        id_tail: member::id_tail(&d.id.value),
        mobile: d.mobile.clone(),
        education: d.education.clone(),
        political: d.political.clone(),
        employment: d.employment.clone(),
        post: d.post.clone(),
        group_id: None,
        dues_base_fen: d.dues_base_fen,
        join_date: d.join_date,
        card_number: d.card_number.clone(),
        status: status.as_str().to_owned(),
        status_date: None,
        status_reason: None,
        model_worker: input_flags.0,
        hardship: input_flags.1,
        dues_review: false,
        created_at: now,
        updated_at: now,
    }
}

pub fn history(
    m: &Member,
    kind: &str,
    from: Option<String>,
    to: Option<String>,
    date: Option<NaiveDate>,
    reason: Option<String>,
    actor: &str,
) -> HistoryEntry {
    HistoryEntry {
        union_id: m.union_id,
        id: Uuid::now_v7(),
        member_id: m.id,
        at: store::now(),
        kind: kind.to_owned(),
        from_value: from,
        to_value: to,
        effective_date: date,
        reason,
        actor: actor.to_owned(),
    }
}

/// A group of this union, or a 422 naming the field.
pub(super) async fn check_group(
    tx: &mut Tx,
    union_id: Uuid,
    group_id: Option<Uuid>,
) -> AppResult<Option<store::org::Org>> {
    let Some(gid) = group_id else { return Ok(None) };
    match store::org::get(tx, gid).await? {
        Some(g) if g.kind == OrgKind::Group.as_str() && g.union_id == Some(union_id) => Ok(Some(g)),
        _ => Err(AppError::field(ErrorCode::InvalidValue, "group_id", "所选小组不属于本工会")),
    }
}

/// Takes the next 会员证号 of the union's pattern, if it has one.
pub(super) async fn next_card_number(tx: &mut Tx, union_id: Uuid) -> AppResult<Option<String>> {
    let mut s = store::member::settings_for_update(tx, UnionId(union_id)).await?;
    if s.card_pattern.is_none() {
        return Ok(None);
    }
    let taken = store::member::card_numbers(tx, UnionId(union_id)).await?;
    let mut cards = CardNumbers::new(&mut s, taken);
    let number = cards.take()?;
    store::member::save_settings(tx, UnionId(union_id), &s).await?;
    Ok(number)
}

/// Hands out 会员证号 by the union's pattern: the sequence restarts each
/// year only when the year is part of the number, and numbers already given
/// (typed in or imported) are skipped.
pub struct CardNumbers<'a> {
    settings: &'a mut store::member::Settings,
    taken: std::collections::HashSet<String>,
    year: i64,
}

impl<'a> CardNumbers<'a> {
    pub fn new(settings: &'a mut store::member::Settings, taken: std::collections::HashSet<String>) -> Self {
        let year = i64::from(chrono::Datelike::year(&today()));
        let restarts = settings.card_pattern.as_deref().is_some_and(member::card_pattern_has_year);
        if restarts && settings.card_year != Some(year) {
            settings.card_seq = 0;
        }
        settings.card_year = Some(year);
        CardNumbers { settings, taken, year }
    }

    /// The next free number (None without a pattern); when the pattern has
    /// run out, `invalid_card_pattern` and the sequence stays where it was.
    pub fn take(&mut self) -> AppResult<Option<String>> {
        let Some(pattern) = self.settings.card_pattern.clone() else { return Ok(None) };
        let start = self.settings.card_seq;
        loop {
            self.settings.card_seq += 1;
            match render_card_number(&pattern, self.year as i32, self.settings.card_seq) {
                Ok(number) if self.taken.insert(number.clone()) => return Ok(Some(number)),
                Ok(_) => {}
                Err(e) => {
                    self.settings.card_seq = start;
                    return Err(e.into());
                }
            }
        }
    }

    /// Marks a number given by hand as taken; false when it already was.
    pub fn claim(&mut self, number: &str) -> bool {
        self.taken.insert(number.to_owned())
    }
}

/// Adds a member directly (status 在籍), or as an application (申请中).
pub async fn create(
    state: &AppState,
    actor: Actor<'_>,
    union_id: Uuid,
    input: &MemberInput,
    status: MemberStatus,
) -> AppResult<Member> {
    let draft = draft_from_row(&input.cells, today()).map_err(api_field)?;
    let mut row = member_row(&state.keys, union_id, &draft, status, (input.model_worker, input.hardship));
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let group = check_group(&mut tx, union_id, input.group_id).await?;
    row.group_id = group.as_ref().map(|g| g.id);
    // An applicant (anonymous, online) learns nothing of anyone's
    // membership: conflicts surface when the union approves.
    if status != MemberStatus::Applying
        && let Some((other, _, other_name)) = store::member::membership_of(&mut tx, &row.id_hash).await?
    {
        return Err(if other == union_id {
            AppError::field(ErrorCode::Conflict, "id_number", "本会花名册中已有此人")
        } else {
            elsewhere(&other_name)
        });
    }
    if status == MemberStatus::Active && row.card_number.is_none() {
        row.card_number = next_card_number(&mut tx, union_id).await?;
    }
    match store::member::insert_many(&mut tx, std::slice::from_ref(&row)).await {
        Ok(()) => {}
        // A second application of the same person: nothing new to record,
        // and the applicant is told nothing they could probe with.
        Err(e) if store::is_unique_violation(&e) && status == MemberStatus::Applying => return Ok(row),
        Err(e) if store::is_unique_violation(&e) => {
            return Err(if row.card_number.is_some() {
                AppError::field(ErrorCode::Conflict, "card_number", "会员证号已被本会其他会员使用")
            } else {
                AppError::field(ErrorCode::Conflict, "id_number", "此人刚被登记为会员，请刷新后查看")
            });
        }
        Err(e) => return Err(e.into()),
    }
    // The record's creation is the first line of its history (created_at);
    // the history table keeps the changes.
    let (action, verb) = if status == MemberStatus::Applying {
        ("member.apply", "提交入会申请")
    } else {
        ("member.create", "登记会员")
    };
    record(
        &mut tx,
        actor,
        action,
        format!("member:{}", row.id),
        Some((union_id, &union.path)),
        format!("{verb}：{}（{}）", row.name, row.id_masked),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

pub async fn get(state: &AppState, union_id: Uuid, id: Uuid) -> AppResult<Member> {
    let mut tx = state.db.read().await?;
    store::member::get(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)
}

pub async fn history_of(state: &AppState, union_id: Uuid, id: Uuid) -> AppResult<Vec<HistoryEntry>> {
    let mut tx = state.db.read().await?;
    Ok(store::member::history(&mut tx, UnionId(union_id), id).await?)
}

/// Shows a member's full ID number: a separate act, always audited.
pub async fn reveal_id(state: &AppState, p: &Principal, union_id: Uuid, id: Uuid) -> AppResult<String> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let m = store::member::get(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)?;
    let plain = state.keys.decrypt(&m.id_cipher).ok_or_else(|| {
        tracing::error!(member = %m.id, "ID number does not decrypt: wrong secret key file?");
        AppError::code(ErrorCode::Internal)
    })?;
    record(
        &mut tx,
        p.actor(),
        "member.reveal_id",
        format!("member:{id}"),
        Some((union_id, &union.path)),
        format!("查看了{}的完整证件号码", m.name),
    )
    .await?;
    tx.commit().await?;
    Ok(plain)
}

/// How the search box text is matched: by its shape, as offices type it.
pub fn classify(q: &str) -> Option<Search> {
    let q = q.trim();
    if q.is_empty() {
        return None;
    }
    let digits_or_x = q.chars().all(|c| c.is_ascii_digit() || c == 'x' || c == 'X');
    Some(if q.chars().any(|c| ('\u{3400}'..='\u{9fff}').contains(&c)) {
        Search::Name(q.to_owned())
    } else if digits_or_x && q.len() >= 5 && q.chars().all(|c| c.is_ascii_digit()) {
        Search::Mobile(q.to_owned())
    } else if digits_or_x {
        Search::Tail(q.to_uppercase())
    } else if q.chars().all(|c| c.is_ascii_alphabetic()) {
        Search::Pinyin(q.to_ascii_lowercase())
    } else {
        Search::Name(q.to_owned())
    })
}

pub async fn list(
    state: &AppState,
    union_id: Uuid,
    filter: &MemberFilter,
    sort: Sort,
    descending: bool,
    page: Page,
) -> AppResult<(Vec<Member>, i64)> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::member::list(&mut tx, UnionId(union_id), filter, sort, descending, page).await?)
}

fn show<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref().map(|v| v.to_string()).unwrap_or_else(|| "（空）".into())
}

/// Edits a member's record. The ID number is not edited here: a wrong one is
/// a different person (merge duplicates instead).
pub async fn update(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    input: &MemberInput,
) -> AppResult<Member> {
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let old = store::member::get(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)?;
    let plain = state.keys.decrypt(&old.id_cipher).ok_or_else(|| AppError::code(ErrorCode::Internal))?;
    let mut cells: Vec<(Column, String)> = input
        .cells
        .iter()
        .filter(|(c, _)| !matches!(c, Column::IdNumber | Column::DocType))
        .cloned()
        .collect();
    cells.push((Column::IdNumber, plain));
    cells.push((Column::DocType, old.doc_type.clone()));
    let d = draft_from_row(&cells, today()).map_err(api_field)?;
    let group = check_group(&mut tx, union_id, input.group_id).await?;
    let (name_pinyin, name_initials) = (sort_key(&d.name), pinyin_keys(&d.name).1);
    let new = Member {
        name: d.name.clone(),
        name_pinyin,
        name_initials,
        gender: d.gender.map(|g| g.as_str().to_owned()),
        ethnicity: d.ethnicity,
        birth_date: d.birth_date,
        mobile: d.mobile,
        education: d.education,
        political: d.political,
        employment: d.employment,
        post: d.post,
        group_id: group.as_ref().map(|g| g.id),
        dues_base_fen: d.dues_base_fen,
        join_date: d.join_date,
        card_number: d.card_number.or(old.card_number.clone()),
        model_worker: input.model_worker,
        hardship: input.hardship,
        updated_at: store::now(),
        ..old.clone()
    };
    store::member::update_record(&mut tx, &new).await.map_err(|e| {
        if store::is_unique_violation(&e) {
            AppError::field(ErrorCode::Conflict, "card_number", "会员证号已被本会其他会员使用")
        } else {
            e.into()
        }
    })?;
    let mut entries = Vec::new();
    if old.group_id != new.group_id {
        let name_of = |g: Option<Uuid>| g.map(|g| g.to_string());
        entries.push(history(
            &new,
            "group",
            name_of(old.group_id),
            name_of(new.group_id),
            Some(today()),
            None,
            &p.username,
        ));
    }
    if old.dues_base_fen != new.dues_base_fen {
        entries.push(history(
            &new,
            "dues_base",
            old.dues_base_fen.map(|v| v.to_string()),
            new.dues_base_fen.map(|v| v.to_string()),
            Some(today()),
            None,
            &p.username,
        ));
    }
    store::member::add_history(&mut tx, &entries).await?;
    let mut changes = Vec::new();
    for (label, a, b) in [
        ("姓名", old.name.clone(), new.name.clone()),
        ("手机", show(&old.mobile), show(&new.mobile)),
        ("小组", show(&old.group_id), show(&new.group_id)),
        ("会费基数（分）", show(&old.dues_base_fen), show(&new.dues_base_fen)),
        ("入会时间", show(&old.join_date), show(&new.join_date)),
        ("会员证号", show(&old.card_number), show(&new.card_number)),
    ] {
        if a != b {
            changes.push(format!("{label}：{a} → {b}"));
        }
    }
    let summary = format!(
        "修改会员{}：{}",
        new.name,
        if changes.is_empty() { "其他信息".to_owned() } else { changes.join("；") }
    );
    record(
        &mut tx,
        p.actor(),
        "member.update",
        format!("member:{id}"),
        Some((union_id, &union.path)),
        summary,
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Changes a member's status (批准入会, 保留会籍, 退会, 除名, 去世 …) with its
/// date and reason; the history keeps every change.
pub async fn change_status(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    id: Uuid,
    to: &str,
    date: Option<NaiveDate>,
    reason: &str,
) -> AppResult<Member> {
    let to = MemberStatus::parse(to)
        .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "status", "会籍状态不在可选范围内"))?;
    let reason = text::line("reason", "原因", reason, 200)?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let m = store::member::get(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)?;
    let from = MemberStatus::parse(&m.status).unwrap_or(MemberStatus::Active);
    if matches!(to, MemberStatus::TransferredOut | MemberStatus::Merged) {
        return Err(AppError::field(
            ErrorCode::InvalidStatusChange,
            "status",
            "转出与合并由转会和合并功能处理",
        ));
    }
    check_status_change(from, to)?;
    if status_change_needs_reason(to) && reason.is_none() {
        return Err(AppError::field(
            ErrorCode::Required,
            "reason",
            format!("改为“{}”需要填写原因", to.label()),
        ));
    }
    let date = date.unwrap_or_else(today);
    if date > today() {
        return Err(AppError::field(ErrorCode::InvalidDate, "date", "日期不能晚于今天"));
    }
    if to.holds_membership()
        && !from.holds_membership()
        && let Some((other, _, other_name)) = store::member::membership_of(&mut tx, &m.id_hash).await?
        && other != union_id
    {
        return Err(elsewhere(&other_name));
    }
    store::member::set_status(
        &mut tx,
        UnionId(union_id),
        id,
        to.as_str(),
        Some(date),
        reason.as_deref(),
        store::now(),
    )
    .await?;
    if from == MemberStatus::Applying
        && to == MemberStatus::Active
        && m.card_number.is_none()
        && let Some(card) = next_card_number(&mut tx, union_id).await?
    {
        let with_card = Member {
            card_number: Some(card),
            join_date: m.join_date.or(Some(date)),
            updated_at: store::now(),
            ..m.clone()
        };
        store::member::update_record(&mut tx, &with_card).await?;
    }
    store::member::add_history(
        &mut tx,
        &[history(
            &m,
            "status",
            Some(m.status.clone()),
            Some(to.as_str().to_owned()),
            Some(date),
            reason.clone(),
            &p.username,
        )],
    )
    .await?;
    let summary = format!(
        "{}：{} → {}{}",
        m.name,
        from.label(),
        to.label(),
        reason.as_deref().map(|r| format!("（{r}）")).unwrap_or_default()
    );
    record(
        &mut tx,
        p.actor(),
        "member.status",
        format!("member:{id}"),
        Some((union_id, &union.path)),
        summary,
    )
    .await?;
    let out = store::member::get(&mut tx, UnionId(union_id), id).await?.ok_or_else(AppError::not_found)?;
    tx.commit().await?;
    Ok(out)
}

/// Roster settings: the 会员证号 pattern and the public join link.
pub async fn settings(state: &AppState, union_id: Uuid) -> AppResult<Settings> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    Ok(store::member::settings(&mut tx, UnionId(union_id)).await?)
}

pub async fn save_settings(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    card_pattern: Option<&str>,
    join_open: bool,
) -> AppResult<Settings> {
    let pattern = card_pattern.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    if let Some(pat) = &pattern {
        member::check_card_pattern(pat)?;
    }
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let mut s = store::member::settings(&mut tx, UnionId(union_id)).await?;
    s.card_pattern = pattern;
    s.join_token = match (join_open, s.join_token.take()) {
        (true, Some(t)) => Some(t),
        (true, None) => Some(crate::auth::secrets::random_token()[..24].to_owned()),
        (false, _) => None,
    };
    store::member::save_settings(&mut tx, UnionId(union_id), &s).await?;
    let summary = format!(
        "花名册设置：会员证号规则 {}，网上入会{}",
        s.card_pattern.as_deref().unwrap_or("（无）"),
        if s.join_token.is_some() { "开启" } else { "关闭" }
    );
    record(
        &mut tx,
        p.actor(),
        "member.settings",
        format!("org:{union_id}"),
        Some((union_id, &union.path)),
        summary,
    )
    .await?;
    tx.commit().await?;
    Ok(s)
}

/// Duplicates in a union: groups of members sharing an ID or a mobile.
pub async fn duplicates(state: &AppState, union_id: Uuid) -> AppResult<Vec<(String, Vec<Member>)>> {
    let mut tx = state.db.read().await?;
    load_union(&mut tx, union_id).await?;
    let groups = store::member::duplicates(&mut tx, UnionId(union_id)).await?;
    let mut out = Vec::new();
    for (kind, ids) in groups {
        let mut members = Vec::new();
        for id in ids {
            if let Some(m) = store::member::get(&mut tx, UnionId(union_id), id).await? {
                members.push(m);
            }
        }
        out.push((kind, members));
    }
    Ok(out)
}

/// Merges `merge_id` into `keep_id`: the history moves over, the merged
/// record is kept with status 已合并; nothing is deleted.
pub async fn merge(
    state: &AppState,
    p: &Principal,
    union_id: Uuid,
    keep_id: Uuid,
    merge_id: Uuid,
) -> AppResult<Member> {
    if keep_id == merge_id {
        return Err(AppError::field(ErrorCode::InvalidValue, "merge_id", "不能把会员与自己合并"));
    }
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let keep =
        store::member::get(&mut tx, UnionId(union_id), keep_id).await?.ok_or_else(AppError::not_found)?;
    let gone =
        store::member::get(&mut tx, UnionId(union_id), merge_id).await?.ok_or_else(AppError::not_found)?;
    if gone.status == MemberStatus::Merged.as_str() || keep.status == MemberStatus::Merged.as_str() {
        return Err(AppError::field(ErrorCode::Conflict, "merge_id", "该记录已合并过"));
    }
    store::member::move_history(&mut tx, UnionId(union_id), merge_id, keep_id).await?;
    store::member::set_status(
        &mut tx,
        UnionId(union_id),
        merge_id,
        MemberStatus::Merged.as_str(),
        Some(today()),
        Some(&format!("并入 {}", keep.id)),
        store::now(),
    )
    .await?;
    store::member::add_history(
        &mut tx,
        &[history(
            &keep,
            "merged",
            Some(gone.id.to_string()),
            Some(keep.id.to_string()),
            Some(today()),
            None,
            &p.username,
        )],
    )
    .await?;
    let summary =
        format!("合并重复记录：{}（{}）并入 {}（{}）", gone.name, gone.id_masked, keep.name, keep.id_masked);
    record(
        &mut tx,
        p.actor(),
        "member.merge",
        format!("member:{keep_id}"),
        Some((union_id, &union.path)),
        summary,
    )
    .await?;
    tx.commit().await?;
    Ok(keep)
}

/// The group names of a union, for select boxes and imports (name → id).
pub async fn groups(state: &AppState, union_id: Uuid) -> AppResult<Vec<(Uuid, String)>> {
    let mut tx = state.db.read().await?;
    let union = load_union(&mut tx, union_id).await?;
    let filter = store::org::OrgFilter { kind: Some("group".into()), ..Default::default() };
    let (orgs, _) =
        store::org::list(&mut tx, std::slice::from_ref(&union.path), &filter, Page::new(Some(1), Some(200)))
            .await?;
    Ok(orgs.into_iter().map(|o| (o.id, o.name)).collect())
}

/// A group's roster (for its group leader): members of the group and its
/// subgroups, read-only. Returns the group and the page.
pub async fn group_roster(
    state: &AppState,
    group_id: Uuid,
    search: Option<Search>,
    page: Page,
) -> AppResult<(store::org::Org, Vec<Member>, i64)> {
    let mut tx = state.db.read().await?;
    let group = store::org::get(&mut tx, group_id).await?.ok_or_else(AppError::not_found)?;
    let union_id = match (group.kind.as_str(), group.union_id) {
        ("group", Some(u)) => u,
        _ => return Err(AppError::field(ErrorCode::InvalidValue, "group_id", "这不是工会小组")),
    };
    let filter = MemberFilter { search, group_path: Some(group.path.clone()), ..Default::default() };
    let (rows, total) =
        store::member::list(&mut tx, UnionId(union_id), &filter, Sort::Name, false, page).await?;
    Ok((group, rows, total))
}

/// What an applicant states about themselves; the card number, dues base,
/// join date and flags are the union's to set on approval.
pub fn application_only(mut input: MemberInput) -> MemberInput {
    input.cells.retain(|(c, _)| !matches!(c, Column::CardNumber | Column::DuesBase | Column::JoinDate));
    input.model_worker = false;
    input.hardship = false;
    input
}

/// Online applications per source address: after this many in the lockout
/// window (15 minutes) the join page refuses more, so nobody floods a union.
pub const JOIN_LIMIT_PER_IP: i64 = 10;

/// Counts an application from `ip`; refuses when over the limit.
pub async fn throttle_join(state: &AppState, ip: &str) -> AppResult<()> {
    let key = format!("join:{ip}");
    let now = store::now();
    let mut tx = state.db.write().await?;
    let t = store::auth::throttle(&mut tx, &key).await?;
    if domain::auth::is_locked(t.as_ref(), now) {
        return Err(AppError::field(ErrorCode::LoginThrottled, "name", "提交次数过多，请15分钟后再试"));
    }
    let next = domain::auth::after_failure(t.as_ref(), now, JOIN_LIMIT_PER_IP, state.config.lockout);
    store::auth::set_throttle(&mut tx, &key, &next).await?;
    tx.commit().await?;
    Ok(())
}

/// The union's members in the roster (在籍 and 保留会籍), by pinyin, as
/// (id, "姓名（会员证号）") for a picker; None when there are more than `max`
/// (the form then takes a member number instead of a list).
pub async fn choices(state: &AppState, union_id: Uuid, max: i64) -> AppResult<Option<Vec<(Uuid, String)>>> {
    let (list, total) =
        list(state, union_id, &MemberFilter::default(), Sort::Name, false, Page::new(Some(1), Some(max)))
            .await?;
    if total > max {
        return Ok(None);
    }
    Ok(Some(
        list.into_iter()
            .map(|m| {
                let card = m.card_number.map(|c| format!("（{c}）")).unwrap_or_default();
                (m.id, format!("{}{card}", m.name))
            })
            .collect(),
    ))
}
