//! Area `care`: hardship files, aid and condolences, visits, campaigns,
//! mutual aid, and a member's own care records.

pub mod aid;
pub mod files;
pub mod me;
pub mod mutual;

/// The care records as the services hand them out; callers name them from
/// here, not from the store.
pub use store::care::{
    Assistance, Campaign, Claim, Document, Enrolment, Event, File, FileListed, Plan, PolicyRow, Recipient,
    Visit,
};
