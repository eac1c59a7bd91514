//! JSON handlers of the activity area, one file per sub-feature.

pub mod activities;
pub mod contests;
pub mod costs;
pub mod signups;
