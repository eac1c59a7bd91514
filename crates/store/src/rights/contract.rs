//! Rights protection: `contract` (issue 17).
