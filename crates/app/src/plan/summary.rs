//! The year-end summary (工作总结): for a period, each section's sentences
//! with their figures computed from the records and the list behind each.
