//! Courses, hours credited and certificates.
