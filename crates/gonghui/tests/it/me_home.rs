//! End-to-end tests: me (issue 19) — home.
