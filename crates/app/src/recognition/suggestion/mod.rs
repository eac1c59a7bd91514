//! Suggestions (合理化建议, 金点子): submit, assess, implement, accept,
//! reward through the spending rules, merge, turn into a proposal; rates
//! and the yearly ranking.
