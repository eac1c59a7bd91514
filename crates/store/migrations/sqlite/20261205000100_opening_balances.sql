-- Opening balances (期初余额) are one voucher of kind 'opening' per union,
-- so every report reads them as the balance brought forward. At most one
-- such voucher per union: a second entry replaces the unposted draft, and
-- a posted one is immutable like any posted voucher.
CREATE UNIQUE INDEX fin_vouchers_one_opening ON fin_vouchers (union_id) WHERE kind = 'opening';
