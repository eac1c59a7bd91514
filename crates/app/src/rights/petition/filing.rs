//! A new petition: a member's own through the mailbox (named or
//! anonymous), or a letter, visit or call an officer registers with the
//! writer's details.

use chrono::NaiveDate;
use domain::auth::Perm;
use domain::rights::petition::{
    Channel, NewPetition, State, Writer, check_due_date, deadlines, validate_new,
};
use domain::{ErrorCode, UnionId};
use store::Tx;
use uuid::Uuid;

use super::{ANONYMOUS_WRITER, MAILBOX, Petition, WRITER, seal, today};
use crate::AppState;
use crate::audit::service::{Actor, record};
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::org::load_union;

/// A petition as the form or the API sends it.
#[derive(Debug, Clone, Default)]
pub struct Filing {
    /// mailbox | letter | visit | phone (or the label).
    pub channel: String,
    pub subject: String,
    pub body: String,
    pub anonymous: bool,
    /// The writer of a registered letter, visit or call.
    pub writer_name: Option<String>,
    pub writer_contact: Option<String>,
    pub writer_department: Option<String>,
    pub writer_member_id: Option<Uuid>,
    /// When a registered letter came (default today).
    pub received_on: Option<NaiveDate>,
    /// An answer deadline set by hand (default: the union's setting).
    pub due_date: Option<NaiveDate>,
}

impl Filing {
    /// Whether anything about the writer or the dates was given: a
    /// member's own petition takes none (the writer is the caller, it
    /// comes today).
    fn names_a_writer(&self) -> Option<&'static str> {
        let given = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
        if given(&self.writer_name) {
            Some("writer_name")
        } else if given(&self.writer_contact) {
            Some("writer_contact")
        } else if given(&self.writer_department) {
            Some("writer_department")
        } else if self.writer_member_id.is_some() {
            Some("writer_member_id")
        } else if self.received_on.is_some() {
            Some("received_on")
        } else if self.due_date.is_some() {
            Some("due_date")
        } else {
            None
        }
    }
}

/// Files a petition. Through the mailbox (`channel` mailbox) it is the
/// caller's own: the writer is the member record linked to their account
/// in this union, or nobody when anonymous (where the union allows it).
/// A letter, visit or call is registered by an officer (`RightsCases`)
/// with the writer's details as given.
pub async fn file(state: &AppState, p: &Principal, union_id: Uuid, f: Filing) -> AppResult<Petition> {
    let channel = Channel::parse(&f.channel).ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidValue,
            "channel",
            "来信渠道只能是 mailbox（主席信箱）、letter（来信）、visit（来访）或 phone（来电）",
        )
    })?;
    let mut tx = state.db.write().await?;
    let union = load_union(&mut tx, union_id).await?;
    let settings = crate::rights::settings::load(&mut tx, union_id).await?;
    let today = today();
    let own = channel == Channel::Mailbox;
    let (writer, received_on) = if own {
        if let Some(field) = f.names_a_writer() {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                field,
                "通过主席信箱来信的就是您本人、当天收件，不需填写来信人和日期；代他人登记请选择来信、来访或来电",
            ));
        }
        if f.anonymous && !settings.anonymous_allowed {
            return Err(AppError::field(
                ErrorCode::PolicyRefused,
                "anonymous",
                "本工会的主席信箱未开通匿名来信，请实名来信",
            ));
        }
        let writer = if f.anonymous { Writer::default() } else { own_writer(&mut tx, p, union_id).await? };
        (writer, today)
    } else {
        if !p.can(Perm::RightsCases, Some(&union.path)) {
            return Err(AppError::field(
                ErrorCode::Forbidden,
                "channel",
                "来信、来访、来电由工会干部登记；您本人请通过主席信箱来信",
            ));
        }
        let mut writer = Writer {
            name: f.writer_name.clone().unwrap_or_default(),
            contact: f.writer_contact.clone(),
            member_id: f.writer_member_id,
            department: f.writer_department.clone(),
        };
        if let (Some(id), false) = (f.writer_member_id, f.anonymous) {
            let m = store::member::get(&mut tx, UnionId(union_id), id).await?.ok_or_else(|| {
                AppError::field(ErrorCode::NotFound, "writer_member_id", "本工会没有这名会员")
            })?;
            if writer.name.trim().is_empty() {
                writer.name = m.name;
            }
        }
        (writer, f.received_on.unwrap_or(today))
    };
    let checked = validate_new(
        &NewPetition {
            channel,
            subject: f.subject.clone(),
            content: f.body.clone(),
            received_on,
            anonymous: f.anonymous,
            writer,
        },
        today,
    )
    .map_err(|mut e| AppError(e.remove(0)))?;
    let mut due = deadlines(checked.received_on, &settings.petition);
    if let Some(d) = f.due_date {
        check_due_date(checked.received_on, d)?;
        due.answer_by = d;
        due.dispatch_by = due.dispatch_by.min(d);
    }
    let now = store::now();
    let w = checked.writer.as_ref();
    let row = Petition {
        union_id,
        id: Uuid::now_v7(),
        number: store::rights::petition::next_number(&mut tx, UnionId(union_id)).await?,
        channel: channel.as_str().to_owned(),
        subject: checked.subject,
        content: checked.content,
        received_on: checked.received_on,
        anonymous: w.is_none(),
        writer_name: w.map(|w| w.name.clone()),
        writer_contact: w.and_then(|w| w.contact.clone()),
        writer_department: w.and_then(|w| w.department.clone()),
        writer_member_id: w.and_then(|w| w.member_id),
        // The account only for a member's own named petition: it lets them
        // find it; an anonymous one is found by the seal alone.
        writer_user_id: (own && w.is_some()).then_some(p.user_id),
        status: State::NEW.status.as_str().to_owned(),
        round: i64::from(State::NEW.round),
        dispatch_by: due.dispatch_by,
        answer_by: due.answer_by,
        dispatched_on: None,
        reject_reason: None,
        answer: None,
        answered_by: None,
        answered_on: None,
        answered_in_time: None,
        rating: None,
        rating_note: None,
        closed_on: None,
        turned_into_kind: None,
        turned_into_id: None,
        registered_by: if own { MAILBOX.to_owned() } else { p.display_name.clone() },
        created_at: now,
        updated_at: now,
    };
    let sealed = (own && row.anonymous).then(|| seal(state, p.user_id));
    store::rights::petition::insert(&mut tx, &row, sealed.as_deref()).await?;
    store::directory::register(&mut tx, UnionId(union_id), store::directory::PETITION, row.id).await?;
    let (actor, what) = if own {
        (WRITER, format!("通过主席信箱来信{}", if row.anonymous { "（匿名）" } else { "" }))
    } else {
        (p.display_name.as_str(), format!("登记{}", channel.label()))
    };
    let u = UnionId(union_id);
    store::rights::petition::log(&mut tx, u, row.id, row.round, "file", &what, actor).await?;
    // The audit log is read by auditors and the administrator and keeps
    // who did what: for an anonymous letter that would name the writer. It
    // records the mailbox as the actor instead — no account id, no name,
    // no address (an IP names a phone as well as a name does).
    let audit_actor =
        if row.anonymous && own { Actor { id: None, name: ANONYMOUS_WRITER, ip: "" } } else { p.actor() };
    record(
        &mut tx,
        audit_actor,
        "petition.file",
        format!("petition:{}", row.id),
        Some((union_id, &union.path)),
        format!("第{}号{}：{}", row.number, channel.label(), row.subject),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// The caller as the writer of their own named petition: the member record
/// linked to their account in this union, with its group as department.
async fn own_writer(tx: &mut Tx, p: &Principal, union_id: Uuid) -> AppResult<Writer> {
    let linked = store::auth::member_of_user(tx, p.user_id).await?.filter(|(u, _)| *u == union_id);
    let Some((_, member_id)) = linked else {
        return Err(AppError::field(
            ErrorCode::Required,
            "writer_member_id",
            "您的账号没有关联本工会的会员档案，不能实名来信；请联系工会干部关联会员档案",
        ));
    };
    let m = store::member::get(tx, UnionId(union_id), member_id).await?.ok_or_else(AppError::not_found)?;
    let department = match m.group_id {
        Some(g) => store::org::get(tx, g).await?.map(|o| o.name),
        None => None,
    };
    Ok(Writer { name: m.name, contact: m.mobile, member_id: Some(m.id), department })
}
