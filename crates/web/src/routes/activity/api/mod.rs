//! JSON handlers of the activity area, one file per sub-feature.
pub mod contests;
