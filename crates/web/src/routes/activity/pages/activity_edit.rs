//! 修改活动: the 发布活动 form filled in with the activity, saved through the
//! same service call as `PUT /api/v1/activities/{activity_id}`. A failed
//! save shows the form again with what was typed and the message at its
//! field; an activity called off is not edited (the service refuses).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use domain::activity::{ActivityKind, AudienceScope};
use domain::time::china;
use uuid::Uuid;

use super::activities::ActivityForm;
use crate::extract::{PageForm, Path};
use crate::pages::{FormErrors, Layout, PageResult, redirect_with_flash, render_status};
use app::AppState;
use app::activity::Activity;
use app::activity::service;
use app::auth::Principal;

/// A time as a datetime-local field shows it (Beijing time).
fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&china()).format("%Y-%m-%dT%H:%M").to_string()
}

/// The form as the activity stands. The cancel deadline is left empty when
/// it is the default (sign-up closing), so that saving keeps it the default.
pub fn form_of(a: &Activity) -> ActivityForm {
    let audience = service::audience_of(a);
    let group = match &audience.scope {
        AudienceScope::Groups { group_ids } => group_ids.first().map(Uuid::to_string).unwrap_or_default(),
        _ => String::new(),
    };
    ActivityForm {
        title: a.title.clone(),
        kind: service::kind_of(a).as_str().to_owned(),
        place: a.place.clone(),
        description: a.description.clone(),
        starts_at: local(a.starts_at),
        ends_at: local(a.ends_at),
        places: a.places.to_string(),
        signup_opens_at: local(a.signup_opens_at),
        signup_closes_at: local(a.signup_closes_at),
        cancel_until: if a.cancel_until == a.signup_closes_at {
            String::new()
        } else {
            local(a.cancel_until)
        },
        audience: service::scope_code(&audience).to_owned(),
        audience_group: group,
        organiser_group_id: a.organiser_group_id.map(|g| g.to_string()).unwrap_or_default(),
        with_family: audience.with_family.then(|| "1".to_owned()),
        needs_approval: a.needs_approval.then(|| "1".to_owned()),
    }
}

#[derive(Template)]
#[template(path = "activity/edit.html")]
struct EditPage {
    layout: Layout,
    a: Activity,
    kinds: Vec<(&'static str, &'static str)>,
    groups: Vec<(String, String)>,
    form: ActivityForm,
    errors: FormErrors,
}

impl EditPage {
    fn called_off(&self) -> bool {
        service::is_called_off(&self.a)
    }
}

async fn page(
    state: &AppState,
    p: &Principal,
    a: Activity,
    form: ActivityForm,
    errors: FormErrors,
    status: StatusCode,
) -> PageResult {
    let union = app::org::union(state, a.union_id).await?;
    let layout = Layout::new(state, p, "activity", &format!("修改活动：{}", a.title))
        .await
        .crumb(union.name.clone(), format!("/orgs/{}", a.union_id))
        .crumb("活动", format!("/unions/{}/activities", a.union_id))
        .crumb(a.title.clone(), format!("/activities/{}", a.id))
        .crumb("修改", format!("/activities/{}/edit", a.id));
    let groups = app::member::service::groups(state, a.union_id)
        .await?
        .into_iter()
        .map(|(id, n)| (id.to_string(), n))
        .collect();
    // A course's activity stays a training; no other becomes one.
    let training = app::activity::service::kind_of(&a) == ActivityKind::Training;
    let kinds = ActivityKind::ALL
        .iter()
        .filter(|k| k.published_alone() != training)
        .map(|k| (k.as_str(), k.label()))
        .collect();
    Ok(render_status(status, &EditPage { layout, a, kinds, groups, form, errors }))
}

/// The form filled in with the activity.
pub async fn edit_form(State(state): State<AppState>, p: Principal, Path(id): Path<Uuid>) -> PageResult {
    let a = service::get(&state, id).await?;
    let form = form_of(&a);
    page(&state, &p, a, form, FormErrors::default(), StatusCode::OK).await
}

/// Saves the form; on error the form again with what was typed.
pub async fn edit(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<Uuid>,
    PageForm(f): PageForm<ActivityForm>,
) -> PageResult {
    let a = service::get(&state, id).await?;
    let result = match f.input() {
        Ok(mut input) => {
            // The form names one group; an audience of several groups set
            // through the API keeps them while its first is still chosen.
            if let (AudienceScope::Groups { group_ids: before }, AudienceScope::Groups { group_ids: now }) =
                (&service::audience_of(&a).scope, &mut input.audience.scope)
                && now.len() == 1
                && before.first() == now.first()
            {
                *now = before.clone();
            }
            service::edit(&state, &p, id, &input).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(redirect_with_flash(&state, &p, &format!("/activities/{id}"), "活动已修改").await),
        Err(e) if e.status() == StatusCode::NOT_FOUND && e.0.field.is_none() => Err(e.into()),
        Err(e) => {
            let status = e.status();
            page(&state, &p, a, f, FormErrors::from_error(&e), status).await
        }
    }
}
