-- What an operation did, in words, when that is not a stack's events: a drift restore's values put back.
alter table stack_operation add column summary varchar(4000);
