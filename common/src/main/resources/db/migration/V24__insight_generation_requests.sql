-- insight-service: every insight generation request has a visible outcome (issue 20). A row is written with the
-- request's insights.requested event (status pending) and finished in the same transaction as the insights it
-- produced (completed, perhaps by the statistical fallback when the LLM failed) or when generation failed for good
-- (failed, with a reason). Reasons and LLM errors are classified words, never an error text. Owners read their own
-- rows (GET /api/v1/insights/generation-requests); only the service role writes them. The generation consumer works
-- only on requests that are pending here, so an old or replayed insights.requested event never sends a prompt.
create table insight_generation_requests (
    id               uuid primary key,
    user_id          uuid        not null references profiles (id) on delete cascade,
    period_start     date        not null,
    period_end       date        not null,
    trigger          text        not null,
    status           text        not null default 'pending',
    generator        text,
    fallback         boolean     not null default false,
    reason           text,
    llm_error        text,
    insights_created integer     not null default 0,
    insights_updated integer     not null default 0,
    insights_retired integer     not null default 0,
    requested_at     timestamptz not null default now(),
    completed_at     timestamptz,
    constraint insight_generation_requests_period_check check (period_start <= period_end),
    constraint insight_generation_requests_trigger_check check (trigger in ('api', 'enrichment')),
    constraint insight_generation_requests_status_check check (status in ('pending', 'completed', 'failed')),
    constraint insight_generation_requests_reason_check
        check (reason is null or reason in ('llm_unavailable', 'llm_malformed_output', 'generation_error')),
    constraint insight_generation_requests_llm_error_check check (llm_error is null or llm_error in
        ('timeout', 'connection', 'rate_limited', 'auth', '4xx', '5xx', 'malformed', 'other')),
    constraint insight_generation_requests_done_check check ((status = 'pending') = (completed_at is null)),
    constraint insight_generation_requests_counts_check
        check (insights_created >= 0 and insights_updated >= 0 and insights_retired >= 0)
);

create index insight_generation_requests_user_idx on insight_generation_requests (user_id, requested_at desc, id desc);

alter table insight_generation_requests enable row level security;

create policy insight_generation_requests_select_own on insight_generation_requests for select to ${app_role}
    using (user_id = app_current_user_id());
create policy insight_generation_requests_service_all on insight_generation_requests for all to ${service_role}
    using (true) with check (true);

grant select on insight_generation_requests to ${app_role};
grant select, insert, update, delete on insight_generation_requests to ${service_role};

-- Regeneration rules (README, "Regeneration"): each insight belongs to the scope of the generation that wrote it
-- (the rolling window after enrichment, or one requested period), and an unreviewed insight that a later successful
-- generation of its scope no longer produces is retired: kept, hidden from lists, never rewritten again unless a
-- later generation produces it again.
alter table insights add column scope text;
alter table insights add column retired_at timestamptz;

-- Backfilled without touching updated_at: the insights themselves do not change.
alter table insights disable trigger insights_updated_at;
update insights set scope = case when ai_metadata ->> 'reason' = 'enrichment' then 'rolling'
    else coalesce(period_start::text, '') || '..' || coalesce(period_end::text, '') end
    where scope is null;
alter table insights enable trigger insights_updated_at;

create index insights_user_scope_idx on insights (user_id, scope) where retired_at is null;
