-- insight-service: enrichment dead letters (issue 9). A version of an evidence item that enrichment could not process
-- after a bounded number of attempts is parked here with the reason, instead of failing its batch or being retried
-- for ever. The re-embedding worker skips parked versions; an edit (a new version) is tried afresh. The owner sees
-- the item as "could not be analysed" (ai_metadata.enrichment_status, written with the enrichment columns) and may
-- read their own dead letters; operators see pulse_enrichment_dead_letters_total and this table.
create table enrichment_dead_letters (
    evidence_id uuid primary key references evidence (id) on delete cascade,
    user_id     uuid        not null references profiles (id) on delete cascade,
    version     bigint      not null,
    reason      text        not null,
    attempts    integer     not null,
    parked_at   timestamptz not null default now(),
    constraint enrichment_dead_letters_reason_check check (length(reason) between 1 and 500),
    constraint enrichment_dead_letters_attempts_check check (attempts > 0)
);

create index enrichment_dead_letters_user_idx on enrichment_dead_letters (user_id, parked_at desc);

alter table enrichment_dead_letters enable row level security;

create policy enrichment_dead_letters_select_own on enrichment_dead_letters for select to ${app_role}
    using (user_id = app_current_user_id());
create policy enrichment_dead_letters_service_all on enrichment_dead_letters for all to ${service_role}
    using (true) with check (true);

grant select on enrichment_dead_letters to ${app_role};
grant select, insert, update, delete on enrichment_dead_letters to ${service_role};
