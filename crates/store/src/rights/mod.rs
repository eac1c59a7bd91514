//! Rights protection (issue 17): petitions, mediation, collective
//! contracts, inspections, the employer register, and the roll-up queries
//! of the rights statistics. Every function takes the union (the tenant)
//! first; the tables are in migration `20261209000100_rights`.

pub mod contract;
pub mod employer;
pub mod inspection;
pub mod mediation;
pub mod petition;
pub mod settings;
pub mod stats;
