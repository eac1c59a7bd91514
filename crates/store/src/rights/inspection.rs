//! Rights protection: `inspection` (issue 17).
