//! Suggestions (合理化建议, 金点子): categories, the workflow from
//! submission to reward, and the rates (adopted, implemented, value
//! created).
