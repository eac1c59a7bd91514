//! Rights protection (维权, issue 17): use cases shared by pages, the JSON
//! API, the CLI and benchmarks — petitions and the chair's mailbox,
//! labour-dispute mediation, collective contracts, labour-protection
//! inspections, the employer register and the rights statistics. The rules
//! are in `domain::rights`.

pub mod contract;
pub mod employer;
pub mod inspection;
pub mod mediation;
pub mod petition;
pub mod settings;
pub mod stats;
