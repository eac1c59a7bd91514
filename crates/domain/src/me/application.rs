//! A member's own applications (hardship, mutual-aid claim, condolence,
//! transfer) and correction requests: kinds, states and their checks.
