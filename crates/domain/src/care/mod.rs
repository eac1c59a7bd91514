//! Care (DOMAIN.md §7): hardship files and their category, life events and
//! the 五必访 visits they raise, assistance campaigns, and mutual-aid
//! insurance. Money is checked by the finance spending rules
//! ([`crate::finance::policy`]); these are the rules of care itself.

pub mod campaign;
pub mod events;
pub mod hardship;
pub mod mutual_aid;
