-- The ECR repository the environment's tasks pull from (the quest-repository stack's, shared by environments).
alter table environment add column image_repository varchar(256) not null default 'quest';
