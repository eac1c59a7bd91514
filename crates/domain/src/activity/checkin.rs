//! Check-in at the door: by the activity's QR code (the member scans it
//! while signed in) or by an officer from the list.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{ActivityRules, Refusal, SignupStatus};

/// How long before the start the door opens, unless the caller says
/// otherwise: people arrive early, and a queue at the scanner at the start
/// time is what QR check-in is meant to avoid.
pub const DEFAULT_EARLY_MINUTES: i64 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckinMethod {
    /// The member scanned the activity's QR code.
    Code,
    /// An officer ticked the member on the list (or typed in the paper 签到表).
    Officer,
}

impl CheckinMethod {
    pub fn label(self) -> &'static str {
        match self {
            CheckinMethod::Code => "扫码签到",
            CheckinMethod::Officer => "工作人员代签",
        }
    }
}

/// What is presented at check-in.
#[derive(Debug, Clone, Copy)]
pub enum Presented<'a> {
    /// The code read from a QR code.
    Code(&'a str),
    /// An officer's check-in of a member.
    Officer,
}

/// What the check-in records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CheckinOutcome {
    pub method: CheckinMethod,
    /// Came without a confirmed place (no sign-up, waiting or cancelled):
    /// recorded, and shown as 临时参加 on the list, never refused at the door.
    pub walk_in: bool,
}

/// The activity's check-in code from random bytes the caller draws (no
/// randomness here: the domain does no I/O). 32 hex characters: short in a
/// QR code, far too many to guess.
pub fn checkin_code(random: [u8; 16]) -> String {
    hex::encode(random)
}

/// Compares codes in time independent of where they differ, so the
/// scanner endpoint leaks nothing about the right code.
pub fn code_matches(expected: &str, presented: &str) -> bool {
    let (a, b) = (expected.as_bytes(), presented.trim().as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Decides a check-in. `expected_code` is this activity's code: a code of
/// another activity does not match it. `signup` is the member's sign-up
/// status, if any; `already` whether they checked in before.
///
/// A QR check-in is taken from `early_minutes` before the start until the
/// end. An officer may also check people in after the end, because paper
/// sign-in sheets are typed in afterwards; never before the door opens.
pub fn check_in(
    rules: &ActivityRules,
    expected_code: &str,
    presented: Presented<'_>,
    signup: Option<SignupStatus>,
    already: bool,
    early_minutes: i64,
    now: DateTime<Utc>,
) -> Result<CheckinOutcome, Refusal> {
    if already {
        return Err(Refusal::AlreadyCheckedIn);
    }
    let method = match presented {
        Presented::Code(code) => {
            if !code_matches(expected_code, code) {
                return Err(Refusal::WrongCode);
            }
            CheckinMethod::Code
        }
        Presented::Officer => CheckinMethod::Officer,
    };
    if now < rules.starts_at - Duration::minutes(early_minutes.max(0)) {
        return Err(Refusal::CheckinNotOpen);
    }
    if method == CheckinMethod::Code && now > rules.ends_at {
        return Err(Refusal::ActivityOver);
    }
    Ok(CheckinOutcome { method, walk_in: signup != Some(SignupStatus::Confirmed) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::tests::{at, rules};

    const CODE: &str = "00112233445566778899aabbccddeeff";

    fn scan(
        code: &str,
        signup: Option<SignupStatus>,
        already: bool,
        minute: i64,
    ) -> Result<CheckinOutcome, Refusal> {
        check_in(&rules(10), CODE, Presented::Code(code), signup, already, DEFAULT_EARLY_MINUTES, at(minute))
    }

    #[test]
    fn code_is_hex_of_the_random_bytes() {
        let code = checkin_code([
            0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
        ]);
        assert_eq!(code, CODE);
        assert!(code_matches(CODE, &format!(" {CODE}\n")));
        assert!(!code_matches(CODE, "00112233445566778899aabbccddeefe"));
        assert!(!code_matches(CODE, ""));
    }

    #[test]
    fn confirmed_member_checks_in_once() {
        let ok = scan(CODE, Some(SignupStatus::Confirmed), false, 70).unwrap();
        assert_eq!(ok, CheckinOutcome { method: CheckinMethod::Code, walk_in: false });
        assert_eq!(scan(CODE, Some(SignupStatus::Confirmed), true, 71), Err(Refusal::AlreadyCheckedIn));
    }

    #[test]
    fn other_code_late_and_early_refused() {
        let other = "ffeeddccbbaa99887766554433221100";
        assert_eq!(scan(other, Some(SignupStatus::Confirmed), false, 70), Err(Refusal::WrongCode));
        assert_eq!(scan(CODE, Some(SignupStatus::Confirmed), false, 121), Err(Refusal::ActivityOver));
        assert_eq!(scan(CODE, Some(SignupStatus::Confirmed), false, -1), Err(Refusal::CheckinNotOpen));
        // The door opens an hour early: the start is at minute 60.
        assert!(scan(CODE, Some(SignupStatus::Confirmed), false, 0).is_ok());
    }

    #[test]
    fn walk_ins_are_flagged_not_refused() {
        for s in [None, Some(SignupStatus::Waiting), Some(SignupStatus::Cancelled)] {
            assert!(scan(CODE, s, false, 70).unwrap().walk_in, "{s:?}");
        }
    }

    #[test]
    fn officer_may_enter_the_paper_sheet_afterwards() {
        let r = rules(10);
        let late = check_in(&r, CODE, Presented::Officer, None, false, 0, at(300)).unwrap();
        assert_eq!(late, CheckinOutcome { method: CheckinMethod::Officer, walk_in: true });
        assert_eq!(
            check_in(&r, CODE, Presented::Officer, None, true, 0, at(300)),
            Err(Refusal::AlreadyCheckedIn)
        );
        assert_eq!(
            check_in(&r, CODE, Presented::Officer, None, false, 0, at(59)),
            Err(Refusal::CheckinNotOpen)
        );
    }
}
