-- Who approved a 送温暖 list, as an account: its payment's voucher is
-- reviewed by that account (the 批准人), never by the one who pays.
ALTER TABLE care_campaigns ADD COLUMN reviewed_by_id BLOB;
