//! The annual statistics (年报) of a federation's subtree: the standard
//! tables computed from the records, per child org and in total.
