-- evidence-service: account erasure (issue 18).
--
-- An erasure is asked for by the owner (a row here, committed at once) and carried out by a worker in one
-- transaction on the service role: the owner's outbox rows are deleted, the profile is deleted (every table keyed by
-- the user references profiles, directly or through its parent, with ON DELETE CASCADE), this row is deleted, and the
-- profile.erased event is appended. A crash before that commit leaves the row, and the worker picks it up again; a
-- crash cannot leave half an account because the whole account goes in that one commit.
create table erasure_requests (
    id           uuid primary key,
    user_id      uuid        not null unique,
    requested_at timestamptz not null default now(),
    -- The worker claims a row by moving this forward, so two instances never erase the same account at once.
    not_before   timestamptz not null default now()
);

alter table erasure_requests enable row level security;

create policy erasure_requests_owner on erasure_requests for all to ${app_role}
    using (user_id = app_current_user_id()) with check (user_id = app_current_user_id());
create policy erasure_requests_service_all on erasure_requests for all to ${service_role} using (true) with check (true);

grant select, insert on erasure_requests to ${app_role};
grant select, insert, update, delete on erasure_requests to ${service_role};
