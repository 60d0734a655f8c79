-- What auto scaling keeps to: 'requests' (per task per minute, at the load balancer) or 'cpu' (the tasks' average, in
-- percent); null when the environment does not scale. Environments that scaled before scaled on requests.
alter table environment add column scaling_metric varchar(16);
update environment set scaling_metric = 'requests' where scaling_min is not null;
