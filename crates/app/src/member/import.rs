//! Importing a roster from Excel or CSV: find the header row, map columns,
//! give every row a verdict, then commit the good rows in one transaction.
//! The same evaluation serves the preview, the API's dry run and the commit,
//! so what the preview promises is what the commit does.

use domain::UnionId;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use domain::ErrorCode;
use domain::member::{Column, DocType, MemberStatus, draft_from_row, find_header_row, parse_id_number};
use store::member::Member;
use uuid::Uuid;

use super::service::{id_hash, member_row, today};
use crate::AppState;
use crate::audit::service::{Actor, record};
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// One data row of the file and what becomes of it.
#[derive(Debug, Clone)]
pub struct RowResult {
    /// The spreadsheet's own row number (1-based, as Excel shows it).
    pub row: usize,
    pub cells: Vec<String>,
    /// None: will be imported; Some: why not (Chinese).
    pub rejection: Option<String>,
    pub name: String,
}

/// A file read and judged (and, when committed, imported).
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub headers: Vec<String>,
    pub columns: Vec<Option<Column>>,
    pub rows: Vec<RowResult>,
    /// Rows that pass every check.
    pub acceptable: usize,
    /// Rows written (0 for a preview).
    pub imported: usize,
    /// 小组 named in the file that the union has not set up, with the rows
    /// naming each (in first-seen order).
    pub missing_groups: Vec<(String, usize)>,
    /// Groups created by this commit (with `create_groups`).
    pub groups_created: usize,
    /// Sign-off rows at the end of the file (制表/审核/日期), not imported.
    pub footer_rows: usize,
}

impl Evaluation {
    pub fn rejected(&self) -> impl Iterator<Item = &RowResult> {
        self.rows.iter().filter(|r| r.rejection.is_some())
    }
}

/// Reads the file into rows of text (limits on size, rows, columns and
/// decompression are enforced by the `sheet` crate).
pub fn read(filename: &str, bytes: &[u8]) -> AppResult<sheet::Table> {
    sheet::read_table(filename, bytes, &sheet::Limits::default())
        .map_err(|e| AppError::field(ErrorCode::InvalidValue, "file", e.message()))
}

/// Finds the header row, or uses the mapping the user corrected.
pub fn plan(
    table: &sheet::Table,
    mapping: Option<Vec<Option<Column>>>,
) -> AppResult<(usize, Vec<Option<Column>>)> {
    // With the user's mapping, headers nobody recognises are fine: the first
    // non-empty row is the header then.
    let first_row =
        || table.rows.iter().position(|r| r.iter().any(|c| !c.trim().is_empty())).map(|i| (i, Vec::new()));
    let found = find_header_row(&table.rows).or_else(|| mapping.as_ref().and_then(|_| first_row()));
    let (header, found) = found.ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidValue,
            "file",
            "找不到表头行：前20行中没有包含“姓名”和“身份证号”等列名的行。请检查文件，或使用导入模板",
        )
    })?;
    let columns = match mapping {
        Some(m) => m,
        None => found,
    };
    if !columns.contains(&Some(Column::Name)) || !columns.contains(&Some(Column::IdNumber)) {
        return Err(AppError::field(ErrorCode::Required, "mapping", "请为“姓名”和“身份证号”各指定一列"));
    }
    let mut seen = Vec::new();
    for c in columns.iter().flatten() {
        if seen.contains(c) {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "mapping",
                format!("“{}”被指定给了多列，请只保留一列", c.label()),
            ));
        }
        seen.push(*c);
    }
    Ok((header, columns))
}

/// How a file is imported: `create_groups` sets up the 小组 the file names
/// that do not exist yet (and imports their rows) instead of refusing them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub create_groups: bool,
}

/// What a committing run writes with.
pub struct Commit<'a> {
    pub actor: Actor<'a>,
    pub filename: &'a str,
    /// Rows processed so far (for the progress bar).
    pub progress: &'a AtomicUsize,
}

/// Rows judged per step: the next chunk is validated (on a blocking thread)
/// while this one is checked against the roster and inserted.
const CHUNK: usize = 5000;

/// A row and its verdict, and the 小组 it names that is not set up.
type Judged = (usize, Vec<String>, Result<Member, String>, Option<String>);

/// A chunk of judged rows, and the groups first named in it that this
/// import creates (name, new id).
type Chunk = (Vec<Judged>, Vec<(String, Uuid)>);

/// Judges every row — the rules of a member record, duplicates inside the
/// file, people already on this roster, people who are members elsewhere —
/// and with `commit` inserts the good rows, all in one transaction. Preview
/// and commit are this one pass, so the preview's verdicts are the commit's:
/// card numbers are handed out in the preview too (and not kept), so a
/// pattern that runs out refuses the same rows in both.
pub async fn run(
    state: &AppState,
    union_id: Uuid,
    table: sheet::Table,
    header: usize,
    columns: Vec<Option<Column>>,
    options: Options,
    commit: Option<Commit<'_>>,
) -> AppResult<Evaluation> {
    let groups: HashMap<String, Uuid> =
        super::service::groups(state, union_id).await?.into_iter().map(|(id, n)| (n, id)).collect();
    let mut tx = if commit.is_some() { state.db.write().await? } else { state.db.read().await? };
    let union = load_union(&mut tx, union_id).await?;
    let headers = table.rows.get(header).cloned().unwrap_or_default();
    let mut data: Vec<(usize, Vec<String>)> = table
        .rows
        .into_iter()
        .enumerate()
        .skip(header + 1)
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, cells)| (i + 1, cells))
        .collect();
    // A sign-off line under the table (制表人：…) is not a member.
    let footer_rows = {
        let cells: Vec<Vec<String>> = data.iter().map(|(_, c)| c.clone()).collect();
        domain::member::trailing_footer_rows(&cells)
    };
    data.truncate(data.len() - footer_rows);

    // The roster as it stands before this import: who of the file is on it
    // already, and who is a member elsewhere. Looked up once, from the ID
    // hashes alone (cheap), before anything is inserted.
    let id_col = columns.iter().position(|c| *c == Some(Column::IdNumber));
    let doc_col = columns.iter().position(|c| *c == Some(Column::DocType));
    let keys = Arc::clone(&state.keys);
    let ids: Vec<(String, String)> = data
        .iter()
        .map(|(_, cells)| {
            let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).cloned().unwrap_or_default();
            (cell(doc_col), cell(id_col))
        })
        .collect();
    let today = today();
    let hashes: Vec<String> = tokio::task::spawn_blocking(move || {
        ids.iter()
            .filter_map(|(doc, id)| {
                let doc = DocType::parse(doc.trim()).unwrap_or(DocType::ResidentId);
                parse_id_number(doc, id, today).ok().map(|id| id_hash(&keys, id.doc_type, &id.value))
            })
            .collect()
    })
    .await
    .map_err(|_| AppError::code(ErrorCode::Internal))?;
    let here: HashMap<String, String> =
        store::member::hashes_in_union(&mut tx, UnionId(union_id), &hashes).await?.into_iter().collect();
    let elsewhere: HashMap<String, String> =
        store::member::held_elsewhere(&mut tx, UnionId(union_id), &hashes).await?.into_iter().collect();
    drop(hashes);

    // Validation, pinyin and encryption off the async threads, ahead of the
    // database by at most two chunks.
    let (send, mut recv) = tokio::sync::mpsc::channel::<Chunk>(2);
    let keys = Arc::clone(&state.keys);
    let cols = columns.clone();
    let producer = tokio::task::spawn_blocking(move || {
        // Groups this import sets up, by name (with `create_groups`).
        let mut new_groups: HashMap<String, Uuid> = HashMap::new();
        let mut judge = |cells: &[String],
                         created: &mut Vec<(String, Uuid)>|
         -> (Result<Member, String>, Option<String>) {
            let mapped: Vec<(Column, String)> =
                cells.iter().zip(cols.iter()).filter_map(|(v, c)| c.map(|c| (c, v.clone()))).collect();
            let d = match draft_from_row(&mapped, today) {
                Ok(d) => d,
                Err(e) => return (Err(e.message), None),
            };
            let (group_id, missing) = match d.group_name.as_deref() {
                None => (None, None),
                Some(g) => match groups.get(g).or_else(|| new_groups.get(g)) {
                    Some(id) => (Some(*id), None),
                    None if options.create_groups => {
                        let fields = domain::org::OrgFields { name: g.to_owned(), ..Default::default() };
                        if let Err(e) = domain::org::validate(&fields, today) {
                            return (
                                Err(format!("所在小组“{g}”不能新建：{}", e.message)),
                                Some(g.to_owned()),
                            );
                        }
                        let id = Uuid::now_v7();
                        new_groups.insert(g.to_owned(), id);
                        created.push((g.to_owned(), id));
                        (Some(id), Some(g.to_owned()))
                    }
                    None => {
                        return (
                            Err(format!(
                                "所在小组“{g}”不存在，请先在组织中建立该小组，或勾选“导入时新建文件中尚未建立的小组”"
                            )),
                            Some(g.to_owned()),
                        );
                    }
                },
            };
            let mut m = member_row(&keys, union_id, &d, MemberStatus::Active, (false, false));
            m.group_id = group_id;
            (Ok(m), missing)
        };
        let mut data = data.into_iter().peekable();
        while data.peek().is_some() {
            let mut created = Vec::new();
            let chunk: Vec<Judged> = data
                .by_ref()
                .take(CHUNK)
                .map(|(row, cells)| {
                    let (verdict, missing) = judge(&cells, &mut created);
                    (row, cells, verdict, missing)
                })
                .collect();
            if send.blocking_send((chunk, created)).is_err() {
                return; // the consumer stopped (an error): nothing more to do
            }
        }
    });

    let name_col = columns.iter().position(|c| *c == Some(Column::Name));
    // Card numbers by the union's pattern, skipping those already given —
    // in the preview as in the commit (the preview's are not kept).
    let mut settings = match commit {
        Some(_) => store::member::settings_for_update(&mut tx, UnionId(union_id)).await?,
        None => store::member::settings(&mut tx, UnionId(union_id)).await?,
    };
    let taken = store::member::card_numbers(&mut tx, UnionId(union_id)).await?;
    let pattern = settings.card_pattern.clone();
    let mut cards = super::service::CardNumbers::new(&mut settings, taken);
    // Numbers handed out by this import, and whether the pattern ran out.
    let (mut given, mut exhausted) = (0usize, false);
    let mut rows = Vec::new();
    let mut first_row_of: HashMap<String, usize> = HashMap::new();
    let mut missing: Vec<(String, usize)> = Vec::new();
    let (mut acceptable, mut imported, mut groups_created) = (0, 0, 0);
    while let Some((batch, created)) = recv.recv().await {
        let n = batch.len();
        // Duplicates inside the file, in file order.
        let mut fresh: Vec<(usize, Member)> = Vec::new();
        for (row, cells, verdict, group) in batch {
            if let Some(g) = group {
                match missing.iter_mut().find(|(name, _)| *name == g) {
                    Some((_, count)) => *count += 1,
                    None => missing.push((g, 1)),
                }
            }
            let name = name_col.and_then(|i| cells.get(i)).map(|v| v.trim().to_owned()).unwrap_or_default();
            let rejection = match verdict {
                Ok(m) => match first_row_of.get(&m.id_hash) {
                    Some(first) => Some(format!("身份证号与第{first}行重复")),
                    None => {
                        first_row_of.insert(m.id_hash.clone(), row);
                        fresh.push((rows.len(), m));
                        None
                    }
                },
                Err(msg) => Some(msg),
            };
            rows.push(RowResult { row, cells, rejection, name });
        }
        // Against the roster as it stood before the import, and the card
        // numbers given so far.
        let mut keep = Vec::with_capacity(fresh.len());
        for (i, mut m) in fresh {
            if here.contains_key(&m.id_hash) {
                rows[i].rejection = Some("已在本会花名册中（未重复导入）".into());
                continue;
            }
            if let Some(other) = elsewhere.get(&m.id_hash) {
                rows[i].rejection = Some(format!("已是“{other}”的在籍会员，请办理转会"));
                continue;
            }
            match m.card_number.clone() {
                Some(own) => {
                    if !cards.claim(&own) {
                        rows[i].rejection = Some(format!("会员证号“{own}”已被本会其他会员使用"));
                        continue;
                    }
                }
                None if exhausted => {
                    rows[i].rejection = Some(cards_exhausted(pattern.as_deref(), given));
                    continue;
                }
                None => match cards.take() {
                    Ok(number) => {
                        given += usize::from(number.is_some());
                        m.card_number = number;
                    }
                    Err(e) if e.0.code == ErrorCode::InvalidCardPattern => {
                        exhausted = true;
                        rows[i].rejection = Some(cards_exhausted(pattern.as_deref(), given));
                        continue;
                    }
                    Err(e) => return Err(e),
                },
            }
            keep.push(m);
        }
        acceptable += keep.len();
        if let Some(c) = &commit {
            // The groups first named in this chunk, before their members.
            for (name, id) in &created {
                let fields = domain::org::OrgFields { name: name.clone(), ..Default::default() };
                let path = domain::org::child_path(Some(&union.path), &id.simple().to_string());
                let now = store::now();
                store::org::insert(
                    &mut tx,
                    *id,
                    "group",
                    Some(union_id),
                    Some(union_id),
                    &path,
                    &fields,
                    now,
                )
                .await?;
                let summary = format!("导入花名册时在“{}”下新建小组“{name}”", union.name);
                let actor = Actor { id: c.actor.id, name: c.actor.name, ip: c.actor.ip };
                record(&mut tx, actor, "org.create", format!("org:{id}"), Some((*id, &path)), summary)
                    .await?;
                groups_created += 1;
            }
            store::member::insert_many(&mut tx, &keep).await.map_err(|e| {
                if store::is_unique_violation(&e) {
                    AppError::field(
                        ErrorCode::Conflict,
                        "file",
                        "导入期间有人同时登记了其中的会员，请重新预览后再导入",
                    )
                } else {
                    e.into()
                }
            })?;
            imported += keep.len();
            c.progress.fetch_add(n, Ordering::Relaxed);
        }
    }
    producer.await.map_err(|_| AppError::code(ErrorCode::Internal))?;
    drop(cards);
    if let Some(c) = commit {
        if settings.card_pattern.is_some() {
            store::member::save_settings(&mut tx, UnionId(union_id), &settings).await?;
        }
        let summary = format!("从“{}”导入{imported}名会员", c.filename);
        record(
            &mut tx,
            c.actor,
            "member.import",
            format!("org:{union_id}"),
            Some((union_id, &union.path)),
            summary,
        )
        .await?;
        tx.commit().await?;
    }
    Ok(Evaluation {
        headers,
        columns,
        rows,
        acceptable,
        imported,
        missing_groups: missing,
        groups_created,
        footer_rows,
    })
}

/// Why a row gets no 会员证号: the pattern has run out of numbers.
fn cards_exhausted(pattern: Option<&str>, given: usize) -> String {
    format!(
        "会员证号已用完：按会员证号规则“{}”，本次导入前只剩{given}个号，已依次发给前面的行。请在花名册设置中加大序号位数（如{{SEQ:6}}）后再导入此行",
        pattern.unwrap_or_default()
    )
}

/// The rejected rows with their original cells and a reason column.
pub fn rejected_xlsx(e: &Evaluation) -> AppResult<Vec<u8>> {
    let mut headers: Vec<&str> = e.headers.iter().map(String::as_str).collect();
    let width = e.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0).max(headers.len());
    headers.resize(width, "");
    headers.insert(0, "行号");
    headers.push("不能导入的原因");
    let rows: Vec<Vec<String>> = e
        .rejected()
        .map(|r| {
            let mut cells = r.cells.clone();
            cells.resize(width, String::new());
            cells.insert(0, r.row.to_string());
            cells.push(r.rejection.clone().unwrap_or_default());
            cells
        })
        .collect();
    sheet::write_xlsx("不能导入的行", &headers, &rows)
        .map_err(|e| AppError::field(ErrorCode::Internal, "file", e.message()))
}

/// An import started from the pages: the uploaded file waits here between
/// preview and commit, and the commit runs in the background with progress.
pub struct Job {
    pub union_id: Uuid,
    pub user_id: Uuid,
    pub filename: String,
    pub bytes: Arc<Vec<u8>>,
    pub mapping: Option<Vec<Option<Column>>>,
    pub created: Instant,
    pub total: usize,
    pub done: Arc<AtomicUsize>,
    pub state: JobState,
    /// The rejected rows as .xlsx, from the last preview or the commit.
    pub rejected_xlsx: Option<Vec<u8>>,
}

#[derive(Clone)]
pub enum JobState {
    Previewed,
    Running,
    Finished { imported: usize, rejected: usize },
    Failed(String),
}

static JOBS: LazyLock<Mutex<HashMap<Uuid, Job>>> = LazyLock::new(Default::default);

/// Uploads kept between preview and commit, in all: the oldest finished or
/// previewed jobs make room (a running one is never dropped).
const JOBS_MAX_BYTES: usize = 200 * 1024 * 1024;

/// Jobs live two hours; at most 100 and 200 MiB of uploads are kept.
fn prune(jobs: &mut HashMap<Uuid, Job>, incoming: usize) {
    jobs.retain(|_, j| {
        j.created.elapsed() < Duration::from_secs(7200) || matches!(j.state, JobState::Running)
    });
    let over = |jobs: &HashMap<Uuid, Job>| {
        jobs.len() >= 100 || jobs.values().map(|j| j.bytes.len()).sum::<usize>() + incoming > JOBS_MAX_BYTES
    };
    while over(jobs) {
        let oldest = jobs
            .iter()
            .filter(|(_, j)| !matches!(j.state, JobState::Running))
            .min_by_key(|(_, j)| j.created)
            .map(|(id, _)| *id);
        match oldest {
            Some(id) => jobs.remove(&id),
            None => break,
        };
    }
}

pub fn new_job(union_id: Uuid, user_id: Uuid, filename: String, bytes: Vec<u8>) -> Uuid {
    let id = Uuid::now_v7();
    let mut jobs = JOBS.lock().expect("jobs lock");
    prune(&mut jobs, bytes.len());
    jobs.insert(
        id,
        Job {
            union_id,
            user_id,
            filename,
            bytes: Arc::new(bytes),
            mapping: None,
            created: Instant::now(),
            total: 0,
            done: Arc::new(AtomicUsize::new(0)),
            state: JobState::Previewed,
            rejected_xlsx: None,
        },
    );
    id
}

/// A job of this union started by this user (others' jobs are not found).
pub fn with_job<T>(id: Uuid, union_id: Uuid, user_id: Uuid, f: impl FnOnce(&mut Job) -> T) -> AppResult<T> {
    let mut jobs = JOBS.lock().expect("jobs lock");
    match jobs.get_mut(&id) {
        Some(j) if j.union_id == union_id && j.user_id == user_id => Ok(f(j)),
        _ => Err(AppError::field(ErrorCode::NotFound, "job", "导入任务不存在或已过期，请重新上传文件")),
    }
}

/// Previews the job's file with its mapping.
pub async fn evaluate_job(
    state: &AppState,
    job: Uuid,
    union_id: Uuid,
    user_id: Uuid,
) -> AppResult<(String, Evaluation)> {
    let (filename, table, header, columns) = read_job(job, union_id, user_id).await?;
    Ok((filename, run(state, union_id, table, header, columns, Options::default(), None).await?))
}

/// The job's file read and planned with its mapping.
async fn read_job(
    job: Uuid,
    union_id: Uuid,
    user_id: Uuid,
) -> AppResult<(String, sheet::Table, usize, Vec<Option<Column>>)> {
    let (filename, bytes, mapping) =
        with_job(job, union_id, user_id, |j| (j.filename.clone(), Arc::clone(&j.bytes), j.mapping.clone()))?;
    let name = filename.clone();
    let table = tokio::task::spawn_blocking(move || read(&name, &bytes))
        .await
        .map_err(|_| AppError::code(ErrorCode::Internal))??;
    let (header, columns) = plan(&table, mapping)?;
    Ok((filename, table, header, columns))
}

/// Starts the commit in the background; the page polls `progress`.
pub fn start_commit(
    state: AppState,
    job: Uuid,
    union_id: Uuid,
    user_id: Uuid,
    username: String,
    ip: String,
    options: Options,
) -> AppResult<()> {
    with_job(job, union_id, user_id, |j| {
        if matches!(j.state, JobState::Running | JobState::Finished { .. }) {
            return Err(AppError::field(ErrorCode::Conflict, "job", "该文件已导入或正在导入"));
        }
        j.state = JobState::Running;
        Ok(())
    })??;
    tokio::spawn(async move {
        let result = async {
            let (filename, table, header, columns) = read_job(job, union_id, user_id).await?;
            let done = with_job(job, union_id, user_id, |j| {
                j.total = table.rows.len().saturating_sub(header + 1);
                Arc::clone(&j.done)
            })?;
            let actor = Actor { id: Some(user_id), name: &username, ip: &ip };
            let commit = Commit { actor, filename: &filename, progress: &done };
            let e = run(&state, union_id, table, header, columns, options, Some(commit)).await?;
            let rejected_bytes = rejected_xlsx(&e).ok();
            with_job(job, union_id, user_id, |j| j.rejected_xlsx = rejected_bytes)?;
            Ok::<_, AppError>((e.imported, e.rejected().count()))
        }
        .await;
        let _ = with_job(job, union_id, user_id, |j| {
            j.state = match result {
                Ok((imported, rejected)) => JobState::Finished { imported, rejected },
                Err(e) => JobState::Failed(e.0.message),
            }
        });
    });
    Ok(())
}

/// (state, done, total) of a job.
pub fn progress(job: Uuid, union_id: Uuid, user_id: Uuid) -> AppResult<(JobState, usize, usize)> {
    with_job(job, union_id, user_id, |j| (j.state.clone(), j.done.load(Ordering::Relaxed), j.total))
}
