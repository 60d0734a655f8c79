-- What the portal needs to provision and run an environment's stack. Defaults are the quest
-- template's own, so rows made before this migration describe the stack they would get.
-- The secret word is not here: it lives in SSM Parameter Store only.
alter table environment add column owner               varchar(100);
alter table environment add column account_id          varchar(12);
alter table environment add column role_arn            varchar(2048);
alter table environment add column vpc_cidr            varchar(18)  not null default '10.0.0.0/16';
alter table environment add column allowed_client_cidr varchar(18)  not null default '0.0.0.0/0';
alter table environment add column container_port      integer      not null default 3000;
alter table environment add column image_tag           varchar(128) not null default 'latest';
alter table environment add column task_cpu            integer      not null default 256;
alter table environment add column task_memory         integer      not null default 512;
alter table environment add column desired_count       integer      not null default 2;
alter table environment add column health_check_path   varchar(255) not null default '/health';
alter table environment add column log_retention_days  integer      not null default 30;
alter table environment add column created_by          varchar(100) not null default 'portal';
alter table environment add column updated_by          varchar(100) not null default 'portal';
