//! Plans (issue 20): the year-end summary and the annual statistics, on every database.
