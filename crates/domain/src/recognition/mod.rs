//! Recognition (DOMAIN.md §9, issue 18): rationalisation suggestions
//! (合理化建议, 金点子) from idea to reward, the honours register (荣誉) with
//! its nomination and public notice, and training (培训) with hours and
//! certificates. Pure rules; the store keeps the rows.

pub mod honour;
pub mod suggestion;
pub mod training;
