-- sync-service: the last known path and web URL of each GitLab project a connection's pushes refer to (issue 10).
--
-- Commit-day items name their project. A project that starts answering 404 (deleted, or hidden from the user) while
-- its pushes are still in the user's events feed keeps the name it had, instead of turning into "project-<id>" and
-- bumping the item's version. Written and read only by sync workers (service role); it goes with its connection.
create table source_project_paths (
    connection_id uuid        not null references source_connections (id) on delete cascade,
    project_id    text        not null,
    path          text        not null,
    web_url       text,
    updated_at    timestamptz not null default now(),
    primary key (connection_id, project_id),
    constraint source_project_paths_path_not_blank check (length(btrim(path)) > 0)
);

alter table source_project_paths enable row level security;

create policy source_project_paths_service_all on source_project_paths for all to ${service_role}
    using (true) with check (true);

grant select, insert, update, delete on source_project_paths to ${service_role};
