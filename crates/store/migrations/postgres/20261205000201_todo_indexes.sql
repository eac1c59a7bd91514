-- 待办 (issue 13) counts a union's vouchers by status on every page (the
-- navigation's count): without the period in front, the list index would
-- scan every voucher of the union.
CREATE INDEX fin_vouchers_status ON fin_vouchers (union_id, status);
