//! Rights protection: `mediation` (issue 17).
