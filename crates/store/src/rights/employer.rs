//! Rights protection: `employer` (issue 17).
