-- Failed sign-ins lock a user for the address they came from only: someone guessing from elsewhere can no longer keep
-- the real person out by failing five times every fifteen minutes.
alter table portal_user add column failed_from varchar(64);
