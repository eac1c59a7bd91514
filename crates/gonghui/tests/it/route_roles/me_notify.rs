//! Route × role cases: me (issue 19) — notify: the inbox and one's channels
//! (every signed-in person, their own only: `{id}` names no one else's),
//! the union's webhook (`MemberRequests`: chair and officers), and the
//! administrator's outbox of every union (`OutboxView`).

use super::A::*;
use super::B::None as NoBody;
use super::F::No;
use super::P::*;
use super::{Case, T};

pub(super) const CASES: &[Case] = &[
    // Pages.
    Case("GET", "/me/notifications", Login, T::None, NoBody, No),
    Case("POST", "/me/notifications/read-all", Login, T::None, NoBody, No),
    Case("POST", "/me/notifications/{id}/read", Login, T::None, NoBody, No),
    Case("GET", "/me/notifications/settings", Login, T::None, NoBody, No),
    Case("POST", "/me/notifications/settings", Login, T::None, NoBody, No),
    Case("GET", "/admin/outbox", Perm(OutboxView), T::None, NoBody, No),
    Case("POST", "/admin/outbox/{id}/retry", Perm(OutboxView), T::None, NoBody, No),
    Case("GET", "/unions/{union_id}/notify-settings", Perm(MemberRequests), T::Union, NoBody, No),
    Case("POST", "/unions/{union_id}/notify-settings", Perm(MemberRequests), T::Union, NoBody, No),
    // JSON API.
    Case("GET", "/api/v1/me/notifications", Login, T::None, NoBody, No),
    Case("POST", "/api/v1/me/notifications/read-all", Login, T::None, NoBody, No),
    Case("POST", "/api/v1/me/notifications/{id}/read", Login, T::None, NoBody, No),
    Case("GET", "/api/v1/me/notification-settings", Login, T::None, NoBody, No),
    Case("PUT", "/api/v1/me/notification-settings", Login, T::None, NoBody, No),
    Case("GET", "/api/v1/outbox", Perm(OutboxView), T::None, NoBody, No),
    Case("POST", "/api/v1/outbox/{id}/retry", Perm(OutboxView), T::None, NoBody, No),
    Case("GET", "/api/v1/unions/{union_id}/notify-settings", Perm(MemberRequests), T::Union, NoBody, No),
    Case("PUT", "/api/v1/unions/{union_id}/notify-settings", Perm(MemberRequests), T::Union, NoBody, No),
];
