//! Cost plans under the spending rules, payments through the books, photos and the report afterwards.
