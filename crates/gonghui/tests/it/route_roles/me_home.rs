//! Route × role cases: me (issue 19) — home: 我的, the records, the
//! profile and the full ID behind the password, the e-card and its
//! verification, the web app manifest.
//!
//! Every route names the caller's own account (no id in the path): pages
//! answer every signed-in role (an account linked to no member sees an
//! explanation), the JSON of one's own member answers 404 when none is
//! linked (`Own`: no account of the fixture is), the password-checked
//! reveal answers 422 to the fixture's empty body. Any signed-in account
//! verifies an e-card.

#[allow(unused_imports)]
use super::A::*;
#[allow(unused_imports)]
use super::B::None as NoBody;
#[allow(unused_imports)]
use super::F::No;
#[allow(unused_imports)]
use super::P::*;
#[allow(unused_imports)]
use super::{Case, T};

pub(super) const CASES: &[Case] = &[
    // Pages.
    Case("GET", "/me", Login, T::None, NoBody, No),
    Case("GET", "/me/records", Login, T::None, NoBody, No),
    Case("GET", "/me/profile", Login, T::None, NoBody, No),
    Case("POST", "/me/reveal-id", Login, T::None, NoBody, No),
    Case("GET", "/me/ecard", Login, T::None, NoBody, No),
    Case("GET", "/ecards/verify", Login, T::None, NoBody, No),
    Case("POST", "/ecards/verify", Login, T::None, NoBody, No),
    Case("GET", "/manifest.webmanifest", Anyone, T::None, NoBody, No),
    // JSON API.
    Case("GET", "/api/v1/me/records", Own, T::None, NoBody, No),
    Case("POST", "/api/v1/me/reveal-id", Login, T::None, NoBody, No),
    Case("GET", "/api/v1/me/ecard", Own, T::None, NoBody, No),
    Case("POST", "/api/v1/ecards/verify", Login, T::None, NoBody, No),
];
