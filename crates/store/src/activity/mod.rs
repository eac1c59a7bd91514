//! Activities and competitions (issue 16): activities, sign-ups and
//! check-ins; contests with their rounds, judges and score sheets; cost
//! plans, payments and the report afterwards. Every function takes the
//! union first.

pub mod contest;
pub mod cost;
