-- evidence-service: exports of a whole account (issue 18). A row is a download the owner may fetch until it
-- expires; the archive itself is written on the fly from the tables at download time (nothing is stored).
create table data_exports (
    id         uuid primary key,
    user_id    uuid        not null references profiles (id) on delete cascade,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    constraint data_exports_expiry_check check (expires_at > created_at)
);

create index data_exports_user_idx on data_exports (user_id, created_at desc);

alter table data_exports enable row level security;

create policy data_exports_owner_all on data_exports for all to ${app_role}
    using (user_id = app_current_user_id()) with check (user_id = app_current_user_id());
create policy data_exports_service_all on data_exports for all to ${service_role} using (true) with check (true);

grant select, insert, delete on data_exports to ${app_role};
grant select, insert, update, delete on data_exports to ${service_role};
