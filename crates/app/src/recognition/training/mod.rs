//! Training: courses on top of the activities' sign-up and check-in,
//! hours credited, certificates with their expiry, the yearly counts.
