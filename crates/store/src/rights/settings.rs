//! Rights protection: `settings` (issue 17).
