//! Training (培训): courses, hours (学时) credited per person,
//! certificates with their validity, and the yearly counts.
