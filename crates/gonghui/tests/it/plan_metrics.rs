//! Plans (issue 20): the metric catalogue computed from the records, on every database.
