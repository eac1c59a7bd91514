//! Transfers between unions.

/// Days a releasing union has to answer a transfer request before the
/// federation above may decide it (DOMAIN.md §3: "or the federation decides
/// after N days").
pub const TRANSFER_ESCALATION_DAYS: i64 = 7;

/// Whether someone holding `roles` on the releasing union may decide a
/// transfer requested `age_days` ago: the union's chair or officer (and an
/// admin) at once, the federation only once the union has let it wait.
pub fn may_decide_transfer(roles: &[crate::auth::Role], age_days: i64) -> bool {
    use crate::auth::Role;
    roles.iter().any(|r| matches!(r, Role::Chair | Role::Officer | Role::Admin))
        || (roles.contains(&Role::Federation) && age_days >= TRANSFER_ESCALATION_DAYS)
}
