-- HTTPS and auto scaling, both optional: a null certificate means an HTTP-only load balancer, null
-- scaling bounds mean a fixed desired count.
alter table environment add column certificate_arn     varchar(2048);
alter table environment add column scaling_min         integer;
alter table environment add column scaling_max         integer;
alter table environment add column scaling_target      integer;
