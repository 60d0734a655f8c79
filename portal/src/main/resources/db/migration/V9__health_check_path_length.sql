-- An ALB health-check path may be up to 1,024 characters; the form allowed that, the column held 255 and a longer
-- path failed on insert.
alter table environment alter column health_check_path set data type varchar(1024);
