-- A deployment's image tag before and after: for its page, the deployment history, and the tag it records once it succeeds.
alter table stack_operation add column image_tag_from varchar(128);
alter table stack_operation add column image_tag_to varchar(128);
