//! Area `care`: hardship files, aid and condolences, visits, campaigns,
//! mutual aid, and a member's own care records.

pub mod aid;
pub mod files;
pub mod me;
pub mod mutual;
