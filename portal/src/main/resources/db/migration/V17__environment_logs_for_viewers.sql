-- Whether viewers may read an environment's logs too; operators and admins always may.
alter table environment add column logs_for_viewers boolean default false not null;
