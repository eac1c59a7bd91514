//! Honours and the yearly care of model workers.
