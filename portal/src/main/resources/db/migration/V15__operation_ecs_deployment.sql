-- A redeploy is ECS's work, not CloudFormation's: the service and the deployment it started, which the watcher follows.
alter table stack_operation add column ecs_service_arn varchar(512);
alter table stack_operation add column ecs_deployment_id varchar(256);
