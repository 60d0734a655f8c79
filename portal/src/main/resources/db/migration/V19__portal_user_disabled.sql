-- An admin may disable a person (who leaves, or whose account is in doubt) without deleting them: their name stays on the
-- audit trail, they cannot sign in, and their sessions end at their next request.
alter table portal_user add column disabled boolean default false not null;
