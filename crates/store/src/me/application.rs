//! Applications and correction requests made by members.
