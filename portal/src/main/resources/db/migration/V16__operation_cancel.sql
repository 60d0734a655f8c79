-- Who asked CloudFormation to cancel a deploy or rollback while it ran: its outcome is then "cancelled", not "failed".
alter table stack_operation add column cancel_requested_by varchar(100);
