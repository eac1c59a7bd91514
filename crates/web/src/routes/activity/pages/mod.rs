//! Page handlers of the activity area, one file per sub-feature.
pub mod activities;
pub mod activity_edit;
pub mod approvals;
pub mod contests;
pub mod costs;
pub mod exports;
