//! Work plans, their sections, tasks, targets and typed progress.
