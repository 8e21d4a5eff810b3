-- insight-service: debounced insight regeneration after enrichment. Enrichment upserts one row per user (in the
-- same transaction as its write); a scheduler claims rows whose due_at has passed and turns each into a single
-- insights.requested event, so a burst of new evidence produces one regeneration per user, not one per item.
-- Durable and safe with several instances (claimed with FOR UPDATE SKIP LOCKED, deleted in the same transaction).
create table insight_refresh_queue (
    user_id    uuid primary key references profiles (id) on delete cascade,
    due_at     timestamptz not null,
    created_at timestamptz not null default now()
);

create index insight_refresh_queue_due_idx on insight_refresh_queue (due_at);

alter table insight_refresh_queue enable row level security;
create policy insight_refresh_queue_service_all on insight_refresh_queue for all to ${service_role}
    using (true) with check (true);
grant select, insert, update, delete on insight_refresh_queue to ${service_role};
