//! Recognition (issue 18): use cases shared by pages, the JSON API, the CLI
//! and benchmarks — suggestions (合理化建议) from idea to reward, the
//! honours register with nomination and model-worker care, and training
//! with hours and certificates. The rules are in `domain::recognition`.

pub mod files;
pub mod honour;
pub mod suggestion;
pub mod training;
