//! Cost plans checked against the spending policy, approval, payment as a voucher, photos and the report.
