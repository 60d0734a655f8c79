-- What the instance holding the background lease read of each environment (its service, the quest's checks), for the
-- other instances on the same database to show: only written on PostgreSQL, where several instances can share it.
create table shared_status (
    environment_name varchar(64) primary key,
    service_reading  text,
    quest_checks     text
);
