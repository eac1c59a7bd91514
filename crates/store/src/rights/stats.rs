//! Rights protection: `stats` (issue 17).
