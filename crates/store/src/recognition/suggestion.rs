//! Suggestions and their log.
