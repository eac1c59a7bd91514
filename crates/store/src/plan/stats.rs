//! The annual statistics (年报) of a subtree, aggregated in the database.
