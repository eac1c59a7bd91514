//! Tests of kinds, audiences and a new activity's checks, and the helpers
//! the other files' tests share.

use chrono::{DateTime, Duration, TimeZone, Utc};
use uuid::Uuid;

use super::*;

/// Minutes after a fixed instant.
pub(super) fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap() + Duration::minutes(minutes)
}

/// Sign-up opens at 5, closes (and cancelling ends) at 40; the activity
/// runs from 60 to 120.
pub(super) fn rules(places: u32) -> ActivityRules {
    ActivityRules {
        title: "春季健步走".into(),
        kind: ActivityKind::Sports,
        starts_at: at(60),
        ends_at: at(120),
        places,
        signup_opens_at: at(5),
        signup_closes_at: at(40),
        cancel_until: at(40),
        audience: Audience::whole_union(),
        needs_approval: false,
    }
}

fn new_activity() -> NewActivity {
    NewActivity {
        title: "春季健步走".into(),
        kind: ActivityKind::Sports,
        starts_at: at(60),
        ends_at: at(120),
        places: 50,
        signup_opens_at: None,
        signup_closes_at: at(40),
        cancel_until: None,
        audience: Audience::whole_union(),
        needs_approval: false,
    }
}

fn fields(errors: &[DomainError]) -> Vec<&str> {
    errors.iter().filter_map(|e| e.field.as_deref()).collect()
}

#[test]
fn kinds_round_trip_with_the_contract_names() {
    let names: Vec<String> = ActivityKind::ALL
        .iter()
        .map(|k| serde_json::to_value(k).unwrap().as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["sports", "culture", "outing", "rest", "volunteer", "lecture", "training", "other"]);
    for k in ActivityKind::ALL {
        assert_eq!(ActivityKind::parse(k.as_str()), Some(k));
        assert_eq!(ActivityKind::parse(k.label()), Some(k));
        assert_eq!(serde_json::from_value::<ActivityKind>(k.as_str().into()).unwrap(), k);
    }
}

#[test]
fn refusal_codes_are_snake_case_and_chinese() {
    for r in Refusal::ALL {
        assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        assert!(r.message().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
    }
    assert_eq!(Refusal::AlreadySignedUp.as_str(), "already_signed_up");
    assert!(!Refusal::AlreadySignedUp.is_forbidden());
    assert!(Refusal::NotInAudience.is_forbidden());
    // Each refusal is the shared error code of the same name and message,
    // so the API sends it as is.
    for r in Refusal::ALL {
        let e = crate::DomainError::from(r);
        assert_eq!(e.code.as_str(), r.as_str());
        assert_eq!(e.code.message(), r.message());
        assert_eq!(e.field.as_deref(), r.field());
    }
    assert_eq!(Refusal::AlreadyCheckedIn.as_str(), "already_checked_in");
}

#[test]
fn audience_rules() {
    let g1 = Uuid::from_u128(1);
    let m = MemberFacts {
        status: MemberStatus::Active,
        group_id: Some(g1),
        gender: Some(Gender::Female),
        retired: false,
        model_worker: false,
    };
    let aud = |scope| Audience { scope, with_family: false };
    assert!(in_audience(&m, &Audience::whole_union()));
    assert!(in_audience(&m, &aud(AudienceScope::Groups { group_ids: vec![g1] })));
    assert!(!in_audience(&m, &aud(AudienceScope::Groups { group_ids: vec![Uuid::from_u128(2)] })));
    assert!(in_audience(&m, &aud(AudienceScope::Women)));
    assert!(!in_audience(&m, &aud(AudienceScope::Retirees)));
    assert!(!in_audience(&m, &aud(AudienceScope::ModelWorkers)));
    let retained = MemberFacts { status: MemberStatus::Retained, gender: Some(Gender::Male), ..m.clone() };
    assert!(in_audience(&retained, &aud(AudienceScope::Retirees)));
    assert!(!in_audience(&retained, &aud(AudienceScope::Women)));
    let gone = MemberFacts { status: MemberStatus::TransferredOut, ..m };
    assert!(!in_audience(&gone, &Audience::whole_union()));
}

#[test]
fn audience_serialises_flat() {
    let a = Audience { scope: AudienceScope::Groups { group_ids: vec![Uuid::nil()] }, with_family: true };
    let v = serde_json::to_value(&a).unwrap();
    assert_eq!(v["scope"], "groups");
    assert_eq!(v["with_family"], true);
    assert_eq!(serde_json::from_value::<Audience>(v).unwrap(), a);
    assert_eq!(a.label(), "指定工会小组（可带家属）");
}

#[test]
fn a_good_activity_passes_and_opens_now_by_default() {
    let r = validate_activity(&new_activity(), at(1)).unwrap();
    assert_eq!(r.signup_opens_at, at(1));
    assert_eq!(r.cancel_until, at(40));
    assert_eq!(r.places, 50);
}

#[test]
fn bad_activity_names_every_field() {
    let a = NewActivity {
        title: "  ".into(),
        places: 0,
        ends_at: at(30),
        signup_opens_at: Some(at(50)),
        signup_closes_at: at(40),
        audience: Audience { scope: AudienceScope::Groups { group_ids: vec![] }, with_family: false },
        ..new_activity()
    };
    let errors = validate_activity(&a, at(1)).unwrap_err();
    assert_eq!(
        fields(&errors),
        ["title", "places", "ends_at", "signup_closes_at", "signup_closes_at", "audience"]
    );
    assert!(errors[1].message.contains("名额须大于0"));
    assert_eq!(errors[2].code, ErrorCode::InvalidDate);
    let negative = NewActivity { places: -3, ..new_activity() };
    assert_eq!(validate_activity(&negative, at(1)).unwrap_err()[0].message, "名额须大于0，现在是-3");
    let closed_already = validate_activity(&new_activity(), at(45)).unwrap_err();
    assert_eq!(closed_already[0].message, "报名截止时间须晚于现在");
    let late_cancel = NewActivity { cancel_until: Some(at(61)), ..new_activity() };
    assert_eq!(fields(&validate_activity(&late_cancel, at(1)).unwrap_err()), ["cancel_until"]);
}
