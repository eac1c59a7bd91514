//! Rights protection: `petition` (issue 17).
