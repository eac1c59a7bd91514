//! The browser test of recognition (issue 18): a member submits a suggestion
//! on a 375 px phone; it is assessed, implemented, accepted and rewarded,
//! and the voucher appears in the books.
