//! The officers' work queue: members' applications and correction requests with deadlines.
